#!/bin/sh
# Daemon mode end to end, in the test VM (run by tools/selftests/run.sh;
# TAP on stdout): mxtlsd with freshly made certificates, our plain-socket
# programs (no TLS library) against OpenSSL's s_server and s_client.
#
#   plain client <-> openssl s_server; openssl s_client <-> plain server;
#   client authentication by profile (and kept by a resumed session);
#   resumption by the daemon's cache and
#   by tickets, a server profile's cache size and life, and our client
#   resuming with s_server (by id, by ticket, refused); re-handshakes
#   started by the OpenSSL peer and by us in the middle of a transfer, the
#   data checked byte for byte; 200 handshakes
#   at once; mxtlsd killed in the middle of a handshake and restarted, then
#   a re-handshake of a connection made before; SIGHUP; an unprivileged
#   user refused a server profile; no daemon; a bad configuration; mxtlsctl.
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/bin
dir=$(mktemp -d /tmp/mxtlsd-test.XXXXXX)
n=0
failed=0
daemon_pid=
mkdir -p "$dir/log"

ok() { n=$((n + 1)); echo "ok $n mxtlsd: $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n mxtlsd: $1"
	shift
	for f in "$@"; do [ -f "$f" ] && tail -n 15 "$f" | sed 's/^/    # /'; done
	[ -f "$dir/log/mxtlsd" ] && tail -n 10 "$dir/log/mxtlsd" | sed 's/^/    # mxtlsd: /'
	true
}
# check NAME COMMAND...: one test from a command's status
check() {
	name=$1
	shift
	if "$@" >"$dir/log/out" 2>&1; then ok "$name"; else not_ok "$name" "$dir/log/out"; fi
}

wait_port() { # port
	i=0
	while ! ss -Hltn "sport = :$1" | grep -q .; do
		i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.1
	done
}

# reap PID [SECONDS]: wait for a background job, killed after SECONDS (20)
reap() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -ge $((${2:-20} * 10)) ]; then kill "$1" 2>/dev/null; break; fi
		sleep 0.1
	done
	wait "$1" 2>/dev/null
}

# wait_size FILE BYTES: until FILE has grown to BYTES, at most 40 s (an echo coming back)
wait_size() {
	i=0
	while [ "$(wc -c <"$1" 2>/dev/null || echo 0)" -lt "$2" ]; do
		i=$((i + 1)); [ $i -lt 400 ] || return 1; sleep 0.1
	done
}

# rehs_count ROLE REASON [PROFILE]: how many such handshakes mxtlsd's log shows succeeded
rehs_count() {
	c=0
	for id in $(sed -n "s/.*handshake \([0-9]*\): $1, profile '${3:-default}', .*reason $2\$/\1/p" \
		"$dir/log/mxtlsd"); do
		grep -q "handshake $id ($1, profile ${3:-default}, ino [0-9]*): done" \
			"$dir/log/mxtlsd" && c=$((c + 1))
	done
	echo $c
}
rehs_done() { [ "$(rehs_count "$@")" -gt 0 ]; }

# s_server_held PORT NAME: openssl s_server for one connection, its output in
# log/NAME. It ends a connection only once its standard input ends, so that
# is a FIFO this shell holds open until s_server_end.
s_server_held() {
	rm -f "$dir/in.$2"
	mkfifo "$dir/in.$2"
	openssl s_server -accept "$1" -cert server-chain.pem -key server.key -naccept 1 \
		-quiet -client_renegotiation <"$dir/in.$2" >"log/$2" 2>"log/$2.err" &
	held_pid=$!
	exec 8>"$dir/in.$2"
	wait_port "$1"
}
s_server_end() {
	exec 8>&-
	reap "$held_pid"
}

wait_gone() { # pid
	i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 300 ] || return 1; sleep 0.1
	done
}

start_daemon() { # [config]
	"$bin/mxtlsd" -c "${1:-$dir/mxtlsd.conf}" >>"$dir/log/mxtlsd" 2>&1 &
	daemon_pid=$!
	i=0
	while [ ! -S "$dir/control" ]; do
		i=$((i + 1))
		if [ $i -ge 100 ] || ! kill -0 "$daemon_pid" 2>/dev/null; then return 1; fi
		sleep 0.1
	done
}

stop_daemon() {
	[ -n "$daemon_pid" ] || return 0
	kill "$daemon_pid" 2>/dev/null
	wait "$daemon_pid" 2>/dev/null
	daemon_pid=
	rm -f "$dir/control"
}

cleanup() {
	stop_daemon
	jobs -p | xargs -r kill 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# --- certificates: a CA, a server for localhost, a client CA and client ---
cd "$dir" || exit 1
gen() { # name subject [issuer] [ext]
	openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" 2>/dev/null &&
	if [ -z "$3" ]; then
		openssl req -x509 -new -key "$1.key" -subj "$2" -days 30 -out "$1.pem" \
			-addext basicConstraints=critical,CA:TRUE 2>/dev/null
	else
		openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null &&
		printf '%s\n' "$4" >"$1.ext" &&
		openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial \
			-days 30 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
	fi
}
if gen ca "/CN=mxtls test CA" && gen server "/CN=localhost" ca "subjectAltName=DNS:localhost" &&
   gen clientca "/CN=mxtls client CA" &&
   gen client "/CN=plain client/O=mxtls" clientca "extendedKeyUsage=clientAuth" &&
   cat server.pem ca.pem >server-chain.pem && openssl rand -hex 80 >tickets &&
   head -c 300000 /dev/urandom | od -An -tx1 -v | tr -d ' ' >data.txt; then
	ok "certificates, keys and test data made with openssl"
else
	not_ok "certificates, keys and test data made with openssl"
	exit 1
fi

cat >mxtlsd.conf <<CONF
[daemon]
workers = 3
log_level = debug
control_socket = $dir/control

[server default]
cert = $dir/server-chain.pem
key = $dir/server.key

[server auth]
cert = $dir/server-chain.pem
key = $dir/server.key
client_auth = require
client_ca = $dir/clientca.pem

[server tickets]
cert = $dir/server-chain.pem
key = $dir/server.key
ticket_keys = $dir/tickets

[server authtickets]
cert = $dir/server-chain.pem
key = $dir/server.key
client_auth = require
client_ca = $dir/clientca.pem
ticket_keys = $dir/tickets

[server short]
cert = $dir/server-chain.pem
key = $dir/server.key
session_cache_life = 10

[server tiny]
cert = $dir/server-chain.pem
key = $dir/server.key
session_cache_size = 1

[server restricted]
cert = $dir/server-chain.pem
key = $dir/server.key
allow_users = root

[client default]
trust = $dir/ca.pem

[client withcert]
trust = $dir/ca.pem
cert = $dir/client.pem
key = $dir/client.key

[client rekey]
trust = $dir/ca.pem
rekey_bytes = 100000
CONF

# --- refusals before anything runs ---------------------------------------
printf '[server default]\ncert = %s/server-chain.pem\nkey = %s/client.key\n' "$dir" "$dir" \
	>bad1.conf
printf '[daemon]\nworkers = 2\nlog_level = loud\n' >bad2.conf
if ! "$bin/mxtlsd" -c bad1.conf >log/bad1 2>&1 &&
   grep -q "bad1.conf:3: cert/key .*client.key: the key does not match" log/bad1 &&
   ! "$bin/mxtlsd" -c bad2.conf >log/bad2 2>&1 &&
   grep -q "bad2.conf:3: log_level: 'loud'" log/bad2; then
	ok "a bad configuration is refused at start with file:line: reason"
else
	not_ok "a bad configuration is refused at start with file:line: reason" log/bad1 log/bad2
fi

# No daemon: the kernel gives up after its grace period.
openssl s_server -accept 4400 -cert server-chain.pem -key server.key -www -naccept 1 -quiet \
	>log/s0 2>&1 &
s0=$!
wait_port 4400
"$bin/mxtls-plain-client" -n localhost 127.0.0.1 4400 >log/nod 2>&1
rc=$?
kill $s0 2>/dev/null
if [ $rc -eq 3 ] && grep -q "handshake: Connection refused" log/nod; then
	ok "no daemon: MXTLS_HANDSHAKE fails with ECONNREFUSED"
else
	not_ok "no daemon: MXTLS_HANDSHAKE fails with ECONNREFUSED (status $rc)" log/nod
fi

check "mxtlsd -t accepts the test configuration and its keys" "$bin/mxtlsd" -t -c mxtlsd.conf
if start_daemon; then ok "mxtlsd starts"; else not_ok "mxtlsd starts"; exit 1; fi

# --- plain client <-> openssl s_server -----------------------------------
openssl s_server -accept 4401 -cert server-chain.pem -key server.key -www -naccept 1 \
	>log/s1 2>&1 &
bg1=$!
wait_port 4401
if "$bin/mxtls-plain-client" -i -n localhost 127.0.0.1 4401 >log/c1 2>log/c1.err &&
   grep -q "^New, TLSv1.2, Cipher is" log/c1 && grep -q "mode daemon" log/c1.err &&
   grep -q "CN=localhost" log/c1.err; then
	ok "plain client <-> openssl s_server -www: the page, the server's identity"
else
	not_ok "plain client <-> openssl s_server -www" log/c1 log/c1.err log/s1
fi
reap $bg1

# A wrong name is refused: EKEYREJECTED.
openssl s_server -accept 4402 -cert server-chain.pem -key server.key -www -naccept 1 \
	>log/s2 2>&1 &
s2=$!
wait_port 4402
"$bin/mxtls-plain-client" -n not-localhost.example 127.0.0.1 4402 >log/c2 2>&1
rc=$?
if [ $rc -eq 3 ] && grep -q "handshake: Key was rejected by service" log/c2; then
	ok "plain client: a certificate for another name is refused (EKEYREJECTED)"
else
	not_ok "plain client: a certificate for another name is refused (status $rc)" log/c2
fi
kill $s2 2>/dev/null; reap $s2

# --- openssl s_client <-> plain server ------------------------------------
"$bin/mxtls-plain-server" -n 1 4403 >log/p3 2>&1 &
bg2=$!
wait_port 4403
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 openssl s_client -connect 127.0.0.1:4403 -CAfile ca.pem \
	-verify_return_error -servername localhost -ign_eof >log/c3 2>&1
if grep -q "Hello from a plain socket" log/c3 && grep -q "mode     daemon" log/c3 &&
   grep -q "Verify return code: 0 (ok)" log/c3; then
	ok "openssl s_client <-> plain server: the page"
else
	not_ok "openssl s_client <-> plain server" log/c3 log/p3
fi
reap $bg2

# --- client authentication by profile ------------------------------------
"$bin/mxtls-plain-server" -p auth -n 2 4404 >log/p4 2>&1 &
bg3=$!
wait_port 4404
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 openssl s_client -connect 127.0.0.1:4404 -CAfile ca.pem \
	-cert client.pem -key client.key -ign_eof >log/c4 2>&1
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 openssl s_client -connect 127.0.0.1:4404 -CAfile ca.pem \
	-ign_eof >log/c4b 2>&1
if grep -q "client   .*CN=plain client" log/c4 && ! grep -q "Hello from" log/c4b; then
	ok "server profile with client_auth = require: a certificate is needed and shown"
else
	not_ok "server profile with client_auth = require" log/c4 log/c4b log/p4
fi
reap $bg3

# A resumed session knows who the client was, from the daemon's cache
# (profile auth, s_client -no_ticket) and from a ticket (authtickets)
resumed_client() { # PROFILE [s_client options]: a full handshake, then one resuming it
	prof=$1
	shift
	"$bin/mxtls-plain-server" -p "$prof" -n 2 4417 >log/p17."$prof" 2>&1 &
	bg17=$!
	wait_port 4417
	for i in 1 2; do
		if [ $i = 1 ]; then sess="-sess_out"; else sess="-sess_in"; fi
		printf 'GET / HTTP/1.0\r\n\r\n' | timeout 30 openssl s_client -connect 127.0.0.1:4417 \
			-CAfile ca.pem -cert client.pem -key client.key -ign_eof "$sess" sess17."$prof" \
			"$@" >log/c17."$prof".$i 2>&1
	done
	reap $bg17
	grep -q '^New, TLSv1.2' log/c17."$prof".1 && grep -q '^Reused, TLSv1.2' log/c17."$prof".2 &&
	grep -q 'resumed  yes' log/c17."$prof".2 &&
	grep -q 'client   .*CN=plain client' log/c17."$prof".2
}
if resumed_client auth -no_ticket && resumed_client authtickets; then
	ok "a resumed session shows the client's certificate identity (by the cache, by a ticket)"
else
	not_ok "a resumed session shows the client's certificate identity" log/c17.auth.2 \
		log/c17.authtickets.2
fi
openssl s_server -accept 4405 -cert server-chain.pem -key server.key -www -naccept 1 \
	-Verify 1 -CAfile clientca.pem -verify_return_error >log/s5 2>&1 &
bg4=$!
wait_port 4405
if "$bin/mxtls-plain-client" -p withcert -n localhost 127.0.0.1 4405 >log/c5 2>&1 &&
   grep -q "CN = plain client" log/s5; then
	ok "client profile with a certificate: openssl s_server -Verify takes it"
else
	not_ok "client profile with a certificate" log/c5 log/s5
fi
reap $bg4

# --- resumption: the daemon's cache, tickets ------------------------------
"$bin/mxtls-plain-server" -e -n 6 4406 >log/p6 2>&1 &
bg5=$!
wait_port 4406
timeout 60 openssl s_client -connect 127.0.0.1:4406 -CAfile ca.pem -reconnect -no_ticket \
	</dev/null >log/c6 2>&1
if [ "$(grep -c '^Reused, TLSv1.2' log/c6)" -ge 5 ]; then
	ok "resumption by session id from the daemon's cache (s_client -reconnect)"
else
	not_ok "resumption by session id from the daemon's cache" log/c6 log/p6
fi
reap $bg5
"$bin/mxtls-plain-server" -p tickets -e -n 6 4407 >log/p7 2>&1 &
bg6=$!
wait_port 4407
timeout 60 openssl s_client -connect 127.0.0.1:4407 -CAfile ca.pem -reconnect </dev/null >log/c7 2>&1
if [ "$(grep -c '^Reused, TLSv1.2' log/c7)" -ge 5 ] &&
   grep -q "TLS session ticket lifetime hint" log/c7; then
	ok "resumption by session ticket (ticket_keys)"
else
	not_ok "resumption by session ticket" log/c7 log/p7
fi
reap $bg6

# A server profile's own cache: its life (10 s) and its size (1 entry).
# The life leaves room for two handshakes in a loaded emulated guest (3 s
# did not under slub_debug with the machine's load at 11).
"$bin/mxtls-plain-server" -p short -e -n 3 4420 >log/p20 2>&1 &
bg20=$!
wait_port 4420
sc() { # PORT ARGS...: one s_client connection by session id, its output on stdout
	port=$1
	shift
	timeout 30 openssl s_client -connect 127.0.0.1:"$port" -CAfile ca.pem -no_ticket "$@" \
		</dev/null 2>&1
}
sc 4420 -sess_out sess20 >log/c20a
sc 4420 -sess_in sess20 >log/c20b
sleep 11
sc 4420 -sess_in sess20 >log/c20c
reap $bg20
if grep -q '^New, TLSv1.2' log/c20a && grep -q '^Reused, TLSv1.2' log/c20b &&
   grep -q '^New, TLSv1.2' log/c20c; then
	ok "session_cache_life = 10: resumed at once, not after 11 s"
else
	not_ok "session_cache_life = 10: resumed at once, not after 11 s" log/c20a log/c20b log/c20c
fi
"$bin/mxtls-plain-server" -p tiny -e -n 4 4421 >log/p21 2>&1 &
bg21=$!
wait_port 4421
sc 4421 -sess_out sess21a >log/c21a
sc 4421 -sess_in sess21a >log/c21b
sc 4421 -sess_out sess21c >log/c21c
sc 4421 -sess_in sess21a >log/c21d
reap $bg21
if grep -q '^Reused, TLSv1.2' log/c21b && grep -q '^New, TLSv1.2' log/c21c &&
   grep -q '^New, TLSv1.2' log/c21d; then
	ok "session_cache_size = 1: a second client's session evicts the first's"
else
	not_ok "session_cache_size = 1: a second client's session evicts the first's" \
		log/c21b log/c21c log/c21d
fi

# --- client resumption through the daemon's cache -------------------------
resumed_count() {
	"$bin/mxtlsctl" --socket "$dir/control" --json status 2>/dev/null |
		grep -o '"resumed": [0-9]*' | grep -o '[0-9]*$'
}
# plain_twice PORT LOG [S_SERVER_ARG]: two plain-client connections to one
# s_server -www; the second resumed as s_server ("Reused"), MXTLS_INFO
# ("(resumed)", and the server's identity as when the session was made) and
# mxtlsctl status (mxtlsd's resumed count) all say
plain_twice() {
	openssl s_server -accept "$1" -cert server-chain.pem -key server.key -www -naccept 2 \
		${3:+"$3"} >log/"$2".s 2>&1 &
	bg=$!
	wait_port "$1"
	r0=$(resumed_count)
	"$bin/mxtls-plain-client" -i -n localhost 127.0.0.1 "$1" >log/"$2".1 2>log/"$2".1.err &&
	"$bin/mxtls-plain-client" -i -n localhost 127.0.0.1 "$1" >log/"$2".2 2>log/"$2".2.err
	rc=$?
	reap $bg
	r1=$(resumed_count)
	[ $rc -eq 0 ] && grep -q '^New, TLSv1.2' log/"$2".1 && ! grep -q resumed log/"$2".1.err &&
	grep -q '^Reused, TLSv1.2' log/"$2".2 && grep -q '(resumed) mode daemon' log/"$2".2.err &&
	grep -q 'CN=localhost' log/"$2".2.err &&
	[ -n "$r0" ] && [ "$r1" -eq $((r0 + 1)) ]
}
if plain_twice 4422 c22 -no_ticket &&
   grep -q 'offering a cached session (session id)' log/mxtlsd; then
	ok "plain client -> s_server -no_ticket twice: the second resumed by id (both sides)"
else
	not_ok "plain client -> s_server -no_ticket twice: the second resumed" log/c22.s \
		log/c22.1 log/c22.2 log/c22.2.err
fi
if plain_twice 4423 c23 &&
   grep -q 'offering a cached session (ticket)' log/mxtlsd; then
	ok "plain client -> s_server twice: the second resumed by ticket (both sides)"
else
	not_ok "plain client -> s_server twice: the second resumed by ticket" log/c23.s \
		log/c23.1 log/c23.2 log/c23.2.err
fi
# A fresh s_server on the same port knows neither the session nor the
# ticket key: a full handshake, whose session the next connection resumes.
n_offered=$(grep -c 'offering a cached session (ticket)' log/mxtlsd)
if plain_twice 4423 c24 &&
   [ "$(grep -c 'offering a cached session (ticket)' log/mxtlsd)" -eq $((n_offered + 2)) ]; then
	ok "a server that refuses resumption: a full handshake, then resumed by the new session"
else
	not_ok "a server that refuses resumption: a full handshake, then resumed" log/c24.s \
		log/c24.1 log/c24.1.err log/c24.2 log/c24.2.err
fi

# --- re-handshakes in the middle of a transfer ----------------------------
half=$(($(wc -l <data.txt) / 2))
head -n $half data.txt >d1
tail -n +$((half + 1)) data.txt >d2
"$bin/mxtls-plain-server" -e -n 1 4408 >log/p8 2>&1 &
bg7=$!
wait_port 4408
{ cat d1; sleep 2; echo R; sleep 3; cat d2; wait_size log/c8 "$(wc -c <data.txt)"; } |
	timeout 60 openssl s_client -connect 127.0.0.1:4408 -CAfile ca.pem -brief >log/c8 2>log/c8.err
if cmp -s log/c8 data.txt && grep -q RENEGOTIATING log/c8.err; then
	ok "re-handshake started by openssl s_client (R) mid-transfer: echo byte for byte"
else
	not_ok "re-handshake started by openssl s_client (R) mid-transfer" log/c8.err log/p8
fi
reap $bg7

s_server_held 4409 s9
if timeout 60 "$bin/mxtls-plain-client" -i -n localhost -S 2000000 -R -w log/sent9 127.0.0.1 4409 \
	>log/c9 2>&1 && s_server_end && cmp -s log/s9 log/sent9 &&
   grep -q "handshakes 2" log/c9; then
	ok "re-handshake started by us (MXTLS_REHANDSHAKE) mid-transfer to s_server: byte for byte"
else
	not_ok "re-handshake started by us mid-transfer to s_server" log/c9 log/s9.err
fi
s_server_end

# Our server renegotiates once the first half has come back, while s_client
# waits to send the rest. (OpenSSL refuses application data that arrives
# after its ClientHello while it runs the handshake from SSL_write, and data
# we sent before its ClientHello reached us may still be on the way: with a
# peer writing at that moment the race is OpenSSL's, not one the kernel can
# close without holding our writes from the HelloRequest on, which stalls
# an echo whose peer does not read while it writes.)
"$bin/mxtls-plain-server" -e -R "$(wc -c <d1)" -n 1 4410 >log/p10 2>&1 &
bg8=$!
wait_port 4410
{ cat d1; wait_size log/c10 "$(wc -c <d1)"; sleep 2; cat d2; wait_size log/c10 "$(wc -c <data.txt)"; } |
	timeout 60 openssl s_client -connect 127.0.0.1:4410 -CAfile ca.pem -brief \
	>log/c10 2>log/c10.err
if cmp -s log/c10 data.txt && rehs_done server 3; then
	ok "re-handshake started by our server (MXTLS_REHANDSHAKE) mid-echo: byte for byte"
else
	echo "    # echoed $(wc -c <log/c10) of $(wc -c <data.txt) bytes"
	not_ok "re-handshake started by our server mid-echo" log/c10.err log/p10
fi
reap $bg8

# The profile's re-key policy: a re-handshake every 100000 bytes, data
# intact. The client's shutdown(SHUT_WR) waits for one still under way.
before=$(rehs_count client 4 rekey)
s_server_held 4415 s15
if timeout 60 "$bin/mxtls-plain-client" -p rekey -n localhost -S 400000 -w log/sent15 \
	127.0.0.1 4415 >log/c15 2>&1 && s_server_end && cmp -s log/s15 log/sent15 &&
   [ "$(rehs_count client 4 rekey)" -gt "$before" ]; then
	ok "a profile's rekey_bytes renegotiates mid-transfer to s_server: byte for byte"
else
	not_ok "a profile's rekey_bytes renegotiates mid-transfer to s_server" log/c15 log/s15.err
fi
s_server_end

# The policy's re-handshake starts with the last write (8192-byte writes:
# the 14th sees 106496 bytes sent), shutdown(SHUT_WR) follows at once. Its
# close_notify goes after the re-handshake, not into its middle (which left
# the daemon's flight refused and the read stalled to the 30 s timeout).
before=$(rehs_count client 4 rekey)
lines=$(wc -l <log/mxtlsd)
s_server_held 4416 s16
if timeout 20 "$bin/mxtls-plain-client" -p rekey -n localhost -S 106497 -w log/sent16 \
	127.0.0.1 4416 >log/c16 2>&1 && s_server_end && cmp -s log/s16 log/sent16 &&
   [ "$(rehs_count client 4 rekey)" -gt "$before" ] &&
   ! tail -n +$((lines + 1)) log/mxtlsd | grep -q "refused a message"; then
	ok "shutdown(SHUT_WR) as the re-key policy's re-handshake starts: it ends first"
else
	not_ok "shutdown(SHUT_WR) as the re-key policy's re-handshake starts" log/c16 log/s16.err
fi
s_server_end

# --- 200 handshakes at once (daemon on both ends: 400) --------------------
"$bin/mxtls-plain-server" -n 200 4411 >log/p11 2>&1 &
p11=$!
wait_port 4411
if timeout 120 "$bin/mxtls-plain-client" -c 200 -n localhost 127.0.0.1 4411 >log/c11 2>&1 &&
   grep -q "^200 of 200 connections answered" log/c11 && reap $p11 120; then
	ok "200 concurrent handshakes through mxtlsd, both ends"
else
	not_ok "200 concurrent handshakes" log/c11 log/p11
fi
reap $p11

# --- access control -------------------------------------------------------
"$bin/mxtls-plain-server" -p restricted -u 65534:65534 -n 1 4412 >log/p12 2>&1 &
p12=$!
wait_port 4412
timeout 30 openssl s_client -connect 127.0.0.1:4412 -CAfile ca.pem </dev/null >log/c12 2>&1
reap $p12
if grep -q "handshake: Permission denied" log/p12 &&
   grep -q "uid 65534 gid 65534 may not use server profile 'restricted'" log/mxtlsd; then
	ok "an unprivileged user is refused a server profile (EACCES)"
else
	not_ok "an unprivileged user is refused a server profile" log/p12 log/c12
fi
reap $p12

# --- mxtlsctl, SIGHUP, the daemon killed and restarted --------------------
mkfifo in13
"$bin/mxtls-plain-server" -e -n 1 4413 >log/p13 2>&1 &
p13=$!
wait_port 4413
openssl s_client -connect 127.0.0.1:4413 -CAfile ca.pem -brief <in13 >log/c13 2>log/c13.err &
c13=$!
exec 7>in13
echo "before the restart" >&7
sleep 2
"$bin/mxtlsctl" --socket "$dir/control" list >log/list 2>&1
"$bin/mxtlsctl" --socket "$dir/control" --json list >log/list.json 2>&1
"$bin/mxtlsctl" --socket "$dir/control" status >log/status 2>&1
if grep -q "daemon *established" log/list && grep -q '"mode": "daemon"' log/list.json &&
   grep -q "^  completed" log/status; then
	ok "mxtlsctl list (table, --json) and status show the daemon-mode sockets"
else
	not_ok "mxtlsctl list and status" log/list log/list.json log/status
fi
kill -HUP "$daemon_pid"
sleep 1
echo "after SIGHUP" >&7
sleep 2
"$bin/mxtlsctl" --socket "$dir/control" --json status >log/status2 2>&1
if grep -q '"generation": 2' log/status2 && grep -q "after SIGHUP" log/c13; then
	ok "SIGHUP reloads the configuration; established connections go on"
else
	not_ok "SIGHUP reload" log/status2 log/c13
fi

# A handshake the daemon is in the middle of: a server that never answers.
# (a stopped s_server: the connection is accepted by the kernel, nothing answers)
openssl s_server -accept 4414 -cert server-chain.pem -key server.key -quiet </dev/null \
	>/dev/null 2>&1 &
nc14=$!
wait_port 4414
kill -STOP $nc14
"$bin/mxtls-plain-client" -n localhost 127.0.0.1 4414 >log/c14 2>&1 &
c14=$!
sleep 2
kill -9 "$daemon_pid"
wait "$daemon_pid" 2>/dev/null
daemon_pid=
rm -f "$dir/control"
reap $c14 40
rc=$?
if [ $rc -eq 3 ] && grep -q "handshake: Software caused connection abort" log/c14; then
	ok "mxtlsd killed mid-handshake: the application gets ECONNABORTED"
else
	not_ok "mxtlsd killed mid-handshake (status $rc)" log/c14
fi
if start_daemon; then
	echo R >&7
	sleep 4
	echo "after the restart" >&7
	sleep 3
	if grep -q "after the restart" log/c13 && grep -q RENEGOTIATING log/c13.err; then
		ok "restarted mxtlsd renegotiates a connection made before the restart"
	else
		not_ok "re-handshake of a connection made before the restart" log/c13.err log/p13
	fi
else
	not_ok "mxtlsd restarts"
fi
exec 7>&-
reap $p13 10
reap $c13 10
kill -CONT $nc14 2>/dev/null
kill $nc14 2>/dev/null

stop_daemon
[ $failed -eq 0 ]
