#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Library mode in the VM (run.sh runs it with mxtls loaded): mxtls-client
# and mxtls-server hand their connections to the kernel (--offload) and
# talk to OpenSSL and GnuTLS, as TAP lines.
#
#   every suite x version the module supports with each pairing, byte for
#     byte: one OpenSSL pairing (in turn) moves 16 MiB each way for every
#     OFFLOAD_BIG_EVERY-th (1) suite x version, 1 MiB for the others; the
#     other pairings 256 KiB, but gnutls-serv 2 MiB for the suites only
#     GnuTLS has (3DES); sendfile() from mxtls-server; OFFLOAD_JOBS (1)
#     tests at once;
#   re-handshakes mid-transfer after offload: started by OpenSSL (R) and
#     GnuTLS (gnutls-serv's **REHANDSHAKE**, gnutls-cli's ^renegotiate^)
#     on either side and by us on either side, re-keying (resumed and
#     full, CBC and GCM) and changing the suite, data intact;
#   offload refused (module absent; max_fragment_length) goes on in
#     userspace and says so.
#
# Needs build/tls-testdata (scripts/tls-testdata.sh) copied into the VM.
#   tools/selftests/offload_lib.sh [SUITE_SUBSTRING]
#   tools/selftests/offload_lib.sh -- FUNCTION ARGS...   (one test, by hand)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/build/tls-testdata
B=$top/build/bin
ONLY=${1:-}
BIG=${OFFLOAD_BIG:-$((16 << 20))}
SMALL=${OFFLOAD_SMALL:-$((256 << 10))}
MID=${OFFLOAD_MID:-$((1 << 20))}
# every BIG_EVERY-th suite x version moves BIG with one pairing, MID the
# others. Only with OpenSSL: gnutls-cli writes what it receives to its
# standard output one byte per write(), so 16 MiB back to it takes about a
# minute in the emulated guest; gnutls-serv closes every connection 30 s
# after accepting it, busy or not, and 16 MiB through it takes 4 to 16 s
# in an idle guest, over 30 s in one that shares a busy machine.
BIG_EVERY=${OFFLOAD_BIG_EVERY:-1}
# the most one gnutls-serv connection carries (at most 2 s in an idle
# guest, whatever the suite)
GSERV=${OFFLOAD_GSERV:-$((2 << 20))}
RH=${OFFLOAD_RH:-$((2 << 20))}
T=${OFFLOAD_T:-300}		# seconds any one program may take
work=$(mktemp -d /tmp/offload.XXXXXX)
base=$work
# Sleep without starting a process (read's timeout on a FIFO that nobody
# writes to): the waits below poll, and a sleep(1) ten times a second is
# a few percent of a CPU per wait in the emulated guest
mkfifo "$work/tick"
exec {tick}<>"$work/tick"
nap() { local x; read -rt "$1" -u "$tick" x || :; }
# tests at once (2: the guest has two CPUs; not yet proven in the guest)
JOBS=${OFFLOAD_JOBS:-1}
job=0
n=0
fails=0
port=20000

tap() { # ok|fail name [detail file...]
	local res=$1 name=$2 f
	shift 2
	n=$((n + 1))
	if [ "$res" = ok ]; then
		echo "ok $n $name"
		return
	fi
	fails=$((fails + 1))
	echo "not ok $n $name"
	# a program killed by timeout(1) leaves no word of its own: the time tells
	echo "    # after $((SECONDS - ${t0:-$SECONDS})) s (programs may take ${T} s)"
	for f in "$@"; do
		[ -f "$f" ] && tail -n "${TAIL:-8}" "$f" | sed "s|^|    # $(basename "$f"): |"
	done
}

sz() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Wait until file $1 holds $2 bytes (at most T seconds, or until the test
# is over: $work/stop)
hold() {
	local i=0
	while [ "$(sz "$1")" -lt "$2" ] && [ $i -lt $((T * 10)) ] && [ ! -e "$work/stop" ]; do
		nap 0.1
		i=$((i + 1))
	done
}

# Wait until file $1 has a line with $2 (or the time any program may take)
hold_log() {
	local i=0
	while ! grep -qs "$2" "$1" && [ $i -lt $((T * 10)) ] && [ ! -e "$work/stop" ]; do
		nap 0.1
		i=$((i + 1))
	done
}

# Wait until something listens on TCP port $1
listening() {
	local i=0 hex
	hex=$(printf ':%04X' "$1")
	while [ $i -lt 100 ]; do
		grep -q "$hex 00000000:0000 0A" /proc/net/tcp && return 0
		nap 0.05
		i=$((i + 1))
	done
	return 1
}

# A test starts: nothing of the last one is left
begin() {
	rm -f "$work"/{stop,up.out,down.out,echo.out,file.out,cli.err,srv.err}
	port=$((port + 1))
	t0=$SECONDS
}

# A test's programs are done or failed: end what waits for them
finish() { # pids the test started in the background
	local p i=0
	touch "$work/stop"
	for p in "$@"; do
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			nap 0.1
			i=$((i + 1))
		done
		kill "$p" 2>/dev/null
	done
	wait
}

data() { # file bytes
	[ "$(sz "$1")" -eq "$2" ] || head -c "$2" /dev/urandom >"$1"
}

# Run a test (a function and its arguments) as a job: OFFLOAD_JOBS at once,
# each in a directory and on ports of its own. Their TAP lines are printed
# numbered, in the order the jobs were started, as soon as the jobs before
# them are done too.
spawn() {
	local d
	job=$((job + 1))
	if [ "$JOBS" -le 1 ]; then
		"$@"
		return
	fi
	d=$base/job.$(printf %04d $job)
	mkdir -p "$d"
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
		report
	done
	(work=$d; port=$((20000 + job * 4)); n=0; fails=0; "$@"; rm -rf "$d"; touch "$d.done") \
		>"$d.tap" 2>&1 &
}

# Print the TAP lines of the finished jobs that no running job precedes
report() {
	local f line
	for f in "$base"/job.*.tap; do
		[ -f "$f" ] || continue
		[ -e "${f%.tap}.done" ] || break
		while IFS= read -r line; do
			case $line in
			"ok "*)
				n=$((n + 1))
				echo "ok $n ${line#ok [0-9]* }"
				;;
			"not ok "*)
				n=$((n + 1))
				fails=$((fails + 1))
				echo "not ok $n ${line#not ok [0-9]* }"
				;;
			*)
				echo "$line"
				;;
			esac
		done <"$f"
		rm -f "$f" "${f%.tap}.done"
	done
}

collect() {
	wait
	report
}

# (IANA name, OpenSSL name, GnuTLS key exchange, GnuTLS cipher and MAC, TLS 1.2 only)
SUITES="
TLS_RSA_WITH_AES_128_CBC_SHA AES128-SHA +RSA +AES-128-CBC:+SHA1 0
TLS_RSA_WITH_AES_256_CBC_SHA AES256-SHA +RSA +AES-256-CBC:+SHA1 0
TLS_RSA_WITH_3DES_EDE_CBC_SHA DES-CBC3-SHA +RSA +3DES-CBC:+SHA1 0
TLS_RSA_WITH_AES_128_CBC_SHA256 AES128-SHA256 +RSA +AES-128-CBC:+SHA256 1
TLS_RSA_WITH_AES_256_CBC_SHA256 AES256-SHA256 +RSA +AES-256-CBC:+SHA256 1
TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 ECDHE-RSA-AES256-SHA384 +ECDHE-RSA +AES-256-CBC:+SHA384 1
TLS_RSA_WITH_AES_128_GCM_SHA256 AES128-GCM-SHA256 +RSA +AES-128-GCM:+AEAD 1
TLS_RSA_WITH_AES_256_GCM_SHA384 AES256-GCM-SHA384 +RSA +AES-256-GCM:+AEAD 1
TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE-RSA-CHACHA20-POLY1305 +ECDHE-RSA +CHACHA20-POLY1305:+AEAD 1
"

ossl_ver() { case $1 in tls1.0) echo TLSv1 ;; tls1.1) echo TLSv1.1 ;; *) echo TLSv1.2 ;; esac; }
gnutls_ver() { case $1 in tls1.0) echo VERS-TLS1.0 ;; tls1.1) echo VERS-TLS1.1 ;; *) echo VERS-TLS1.2 ;; esac; }

# the suite's fields into globals: iana ossl gkx gciph
suite() { # IANA name
	set -- $(echo "$SUITES" | grep "^$1 ")
	iana=$1 ossl=$2 gkx=$3 gciph=$4
}

ossl_args() { # version
	echo -cipher "$ossl:@SECLEVEL=0" -min_protocol "$(ossl_ver "$1")" \
		-max_protocol "$(ossl_ver "$1")"
}

gnutls_prio() { # version [more cipher+MAC]
	echo "NONE:+$(gnutls_ver "$1"):$gkx:$gciph${2:+:$2}:+COMP-NULL:+SIGN-ALL:+CTYPE-X509:+GROUP-ALL:%SERVER_PRECEDENCE"
}

ours_client() { # version [options]
	local v=$1
	shift
	echo timeout $T "$B/mxtls-client" --host 127.0.0.1 --verify-name localhost \
		--ca "$D/ca.pem" --version "$v" --cipher "$iana" --offload "$@"
}

ours_server() { # version [options]
	local v=$1
	shift
	echo timeout $T "$B/mxtls-server" --port "$port" --cert "$D/server-chain.pem" \
		--key "$D/server.key" --version "$v" --cipher "$iana" --offload --max-conn 1 "$@"
}

# The mode line the program printed is the one expected (EXPECT_MODE), and
# CHECK (a line it must also print) is there
offloaded() {
	grep -q "${EXPECT_MODE:-mode: kernel offload}" "$1" && { [ -z "${CHECK:-}" ] || grep -q "$CHECK" "$1"; }
}

data_noletters() { # file bytes: no letters, which s_server/s_client read as commands
	[ "$(sz "$1")" -eq "$2" ] || head -c $(($2 * 2)) /dev/urandom | tr -d 'A-Za-z' | head -c "$2" >"$1"
}

# Wait until the last bytes of file $1 are file $2 (at most T seconds)
hold_tail() {
	local i=0 want
	want=$(sz "$2")
	while [ $i -lt $((T * 5)) ] && [ ! -e "$work/stop" ]; do
		[ "$(sz "$1")" -ge "$want" ] && tail -c "$want" "$1" | cmp -s "$2" - && return 0
		nap 0.2
		i=$((i + 1))
	done
	return 1
}

# mxtls-client --offload <-> openssl s_server: N bytes each way, stdin to
# the connection and the connection to stdout on both ends. Extra client
# options after N; OSSL_SRV_EXTRA for s_server.
client_vs_openssl() { # version suite bytes [client options]
	local v=$1 bytes=$3 name ok=fail srv
	suite "$2"
	shift 3
	name="ours-client --offload -> openssl s_server $v $iana: $bytes bytes each way${*:+ ($*)}"
	begin
	data "$work/up" "$bytes"
	data "$work/down" "$bytes"
	{ cat "$work/down"; hold "$work/up.out" "$bytes"; hold "$work/down.out" "$bytes"; } |
		timeout $T openssl s_server -accept "127.0.0.1:$port" -cert "$D/server.pem" \
			-key "$D/server.key" -quiet -naccept 1 -nbio -no_ticket $(ossl_args "$v") \
			${OSSL_SRV_EXTRA:-} >"$work/up.out" 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		{ cat "$work/up"; hold "$work/down.out" "$bytes"; } |
			$(ours_client "$v" --port "$port" "$@") >"$work/down.out" 2>"$work/cli.err" &&
			cmp -s "$work/up" "$work/up.out" && cmp -s "$work/down" "$work/down.out" &&
			offloaded "$work/cli.err" && ok=ok
	fi
	finish $srv
	[ $ok = ok ] || { cmp "$work/up" "$work/up.out"; cmp "$work/down" "$work/down.out"; } \
		>>"$work/cli.err" 2>&1
	tap $ok "$name" "$work/cli.err" "$work/srv.err"
}

# mxtls-client --offload --send N <-> gnutls-serv --echo
client_vs_gnutls() { # version suite bytes [client options]
	local v=$1 bytes=$3 name ok=fail srv extra=${GNUTLS_MORE:-}
	suite "$2"
	shift 3
	name="ours-client --offload -> gnutls-serv --echo $v $iana: $bytes bytes echoed${*:+ ($*)}"
	begin
	timeout $T gnutls-serv --echo --port "$port" --x509certfile "$D/server.pem" \
		--x509keyfile "$D/server.key" --priority "$(gnutls_prio "$v" "$extra")" \
		>"$work/srv.err" 2>&1 &
	srv=$!
	if listening "$port"; then
		$(ours_client "$v" --port "$port" --send "$bytes" "$@") </dev/null >/dev/null \
			2>"$work/cli.err" && grep -q "echoed intact" "$work/cli.err" &&
			offloaded "$work/cli.err" && ok=ok
	fi
	kill $srv 2>/dev/null
	finish
	tap $ok "$name" "$work/cli.err" "$work/srv.err"
}

# openssl s_client -> mxtls-server --offload --echo: N bytes echoed
openssl_vs_server() { # version suite bytes [server options]
	local v=$1 bytes=$3 name ok=fail srv
	suite "$2"
	shift 3
	name="openssl s_client -> ours-server --offload --echo $v $iana: $bytes bytes echoed${*:+ ($*)}"
	begin
	data "$work/up" "$bytes"
	$(ours_server "$v" --echo "$@") 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		# -quiet: s_client stays after its input ends; it goes when all came back
		{ cat "$work/up"; hold "$work/echo.out" "$bytes"; } |
			timeout $T openssl s_client -connect "127.0.0.1:$port" -CAfile "$D/ca.pem" \
				-quiet -no_ticket $(ossl_args "$v") >"$work/echo.out" 2>"$work/cli.err" &
		cli=$!
		hold "$work/echo.out" "$bytes"
		nap 0.2
		kill $cli 2>/dev/null
		wait $srv
		cmp -s "$work/up" "$work/echo.out" && offloaded "$work/srv.err" && ok=ok
	fi
	finish $srv
	tap $ok "$name" "$work/srv.err" "$work/cli.err"
}

# gnutls-cli -> mxtls-server --offload --echo: N bytes echoed
gnutls_vs_server() { # version suite bytes [server options]
	local v=$1 bytes=$3 name ok=fail srv
	suite "$2"
	shift 3
	name="gnutls-cli -> ours-server --offload --echo $v $iana: $bytes bytes echoed${*:+ ($*)}"
	begin
	data "$work/up" "$bytes"
	$(ours_server "$v" --echo "$@") 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		{ cat "$work/up"; hold "$work/echo.out" "$bytes"; } |
			timeout $T gnutls-cli --logfile "$work/gnutls.log" --port "$port" \
				--x509cafile "$D/ca.pem" \
				--priority "$(gnutls_prio "$v")" localhost >"$work/echo.out" \
				2>"$work/cli.err"
		wait $srv
		cmp -s "$work/up" "$work/echo.out" && offloaded "$work/srv.err" && ok=ok
	fi
	finish $srv
	tap $ok "$name" "$work/srv.err" "$work/cli.err"
}

# mxtls-server --offload --sendfile F -> openssl s_client: F arrives whole
sendfile_to_openssl() { # version suite bytes
	local v=$1 bytes=$3 name ok=fail srv
	suite "$2"
	name="ours-server --offload --sendfile -> openssl s_client $v $iana: $bytes bytes"
	begin
	data "$work/file" "$bytes"
	$(ours_server "$v" --sendfile "$work/file") 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		timeout $T openssl s_client -connect "127.0.0.1:$port" -CAfile "$D/ca.pem" -quiet \
			-no_ticket $(ossl_args "$v") </dev/null >"$work/file.out" 2>"$work/cli.err"
		wait $srv
		cmp -s "$work/file" "$work/file.out" && offloaded "$work/srv.err" &&
			grep -q "with sendfile()" "$work/srv.err" && ok=ok
	fi
	finish $srv
	tap $ok "$name" "$work/srv.err" "$work/cli.err"
}

# openssl s_server's R: a re-handshake it starts in the middle of sending
# to an offloaded mxtls-client; what it sends arrives intact.
openssl_R_to_client() { # version suite bytes
	local v=$1 bytes=$3 half=$(($3 / 2)) name ok=fail srv
	suite "$2"
	name="openssl s_server R -> ours-client --offload $v $iana: re-handshake mid-transfer"
	begin
	data_noletters "$work/down.R" "$bytes"
	# R must reach s_server alone: only after its input drained
	{ head -c $half "$work/down.R"; hold "$work/down.out" $half; sleep 1; printf 'R\n'
	  sleep 2; tail -c +$((half + 1)) "$work/down.R"; hold "$work/down.out" "$bytes"; } |
		timeout $T openssl s_server -accept "127.0.0.1:$port" -cert "$D/server.pem" \
			-key "$D/server.key" -naccept 1 -nbio -no_ticket $(ossl_args "$v") \
			>/dev/null 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		{ head -c 65536 /dev/zero; hold "$work/down.out" "$bytes"; } |
			$(ours_client "$v" --port "$port") >"$work/down.out" 2>"$work/cli.err"
		cmp -s "$work/down.R" "$work/down.out" && offloaded "$work/cli.err" &&
			grep -q "renegotiated" "$work/cli.err" && ok=ok
	fi
	finish $srv
	[ $ok = ok ] || cmp "$work/down.R" "$work/down.out" >>"$work/cli.err" 2>&1
	tap $ok "$name" "$work/cli.err" "$work/srv.err"
}

# openssl s_client's R: a re-handshake it starts while an offloaded
# mxtls-server echoes; the echo is intact
openssl_R_to_server() { # version suite bytes
	local v=$1 bytes=$3 half=$(($3 / 2)) name ok=fail srv
	suite "$2"
	name="openssl s_client R -> ours-server --offload --echo $v $iana: re-handshake mid-transfer"
	begin
	data_noletters "$work/up.R" "$bytes"
	$(ours_server "$v" --echo) 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		# s_client prints the session first, the echo after it; it reads
		# commands (R) only without -ign_eof, and leaves when its input ends
		{ head -c $half "$work/up.R"; sleep 2; printf 'R\n'; sleep 2
		  tail -c +$((half + 1)) "$work/up.R"; hold_tail "$work/echo.out" "$work/up.R"; } |
			timeout $T openssl s_client -connect "127.0.0.1:$port" -CAfile "$D/ca.pem" \
				-no_ticket $(ossl_args "$v") >"$work/echo.out" 2>"$work/cli.err"
		wait $srv
		tail -c "$bytes" "$work/echo.out" | cmp -s "$work/up.R" - && offloaded "$work/srv.err" &&
			grep -q "renegotiated" "$work/srv.err" && ok=ok
	fi
	finish $srv
	tap $ok "$name" "$work/srv.err" "$work/cli.err"
}

# gnutls-cli's ^renegotiate^ (--inline-commands): a re-handshake it starts
# while an offloaded mxtls-server echoes; the echo is intact. GnuTLS takes
# no application data while it negotiates: the command goes once all that
# was sent came back, on a line of its own (the data's first half ends
# with a newline), and the rest once the server has finished its side of
# the re-handshake, after a pause for gnutls-cli to read our Finished (a
# fixed pause alone was too short once under a loaded CI machine).
gnutls_R_to_server() { # version suite bytes
	local v=$1 bytes=$3 half=$(($3 / 2)) name ok=fail srv
	suite "$2"
	name="gnutls-cli ^renegotiate^ -> ours-server --offload --echo $v $iana: re-handshake mid-transfer"
	begin
	data_noletters "$work/up.R" "$bytes"
	{ head -c $((half - 1)) "$work/up.R"; echo; tail -c +$((half + 1)) "$work/up.R"; } \
		>"$work/up.G"
	$(ours_server "$v" --echo) 2>"$work/srv.err" &
	srv=$!
	if listening "$port"; then
		{ head -c $half "$work/up.G"; hold "$work/echo.out" $half; printf '^renegotiate^\n'
		  hold_log "$work/srv.err" renegotiated; sleep 1
		  tail -c +$((half + 1)) "$work/up.G"; hold "$work/echo.out" "$bytes"; } |
			timeout $T gnutls-cli --inline-commands --logfile "$work/gnutls.log" \
				--port "$port" --x509cafile "$D/ca.pem" --priority "$(gnutls_prio "$v")" localhost \
				>"$work/echo.out" 2>"$work/cli.err"
		wait $srv
		cmp -s "$work/up.G" "$work/echo.out" && offloaded "$work/srv.err" &&
			grep -q "renegotiated" "$work/srv.err" && ok=ok
	fi
	finish $srv
	tap $ok "$name" "$work/srv.err" "$work/cli.err"
}

# The module absent: mxtls-client --offload goes on in userspace
module_absent() {
	local ko=/lib/modules/$(uname -r)/extra/mxtls.ko i=0 ok=fail
	while ! rmmod mxtls 2>/dev/null && [ $i -lt 100 ]; do
		nap 0.1
		i=$((i + 1))
	done
	mv "$ko" "$work/mxtls.ko.away"
	[ -e /sys/module/mxtls ] && echo "# mxtls still loaded"
	EXPECT_MODE="mode: userspace" CHECK="offload refused (-40: the mxtls module is not loaded)" \
		client_vs_openssl tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 "$SMALL"
	EXPECT_MODE="mode: userspace" CHECK="offload refused (-40: the mxtls module is not loaded)" \
		openssl_vs_server tls1.2 TLS_RSA_WITH_AES_128_CBC_SHA "$SMALL"
	mv "$work/mxtls.ko.away" "$ko"
	modprobe mxtls
}

# max_fragment_length agreed: the module cannot keep to it
offload_unsupported() {
	EXPECT_MODE="mode: userspace" CHECK="offload refused (-41: " \
		client_vs_openssl tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 "$SMALL" --max-frag 1024
}

# --- the runs --------------------------------------------------------------
# gnutls-cli connects by name; the VM has no resolver
grep -qs localhost /etc/hosts || echo "127.0.0.1 localhost" >>/etc/hosts
if [ "$ONLY" = -- ]; then
	shift
	"$@"
	rm -rf "$work"
	[ $fails -eq 0 ]
	exit
fi
i=0
for v in tls1.0 tls1.1 tls1.2; do
	echo "$SUITES" | while read -r s _ _ _ tls12; do
		[ -n "$s" ] || continue
		case $s in *"$ONLY"*) ;; *) continue ;; esac
		[ "$tls12" = 1 ] && [ "$v" != tls1.2 ] && continue
		echo "$i $v $s"
		i=$((i + 1))
	done
done >"$work/combos"
c=0
while read -r i v s; do
	suite "$s"
	# Debian's OpenSSL has no 3DES suites: GnuTLS only for those
	if openssl ciphers "$ossl:@SECLEVEL=0" >/dev/null 2>&1; then
		pairings="client_vs_openssl client_vs_gnutls openssl_vs_server gnutls_vs_server"
	else
		pairings="client_vs_gnutls gnutls_vs_server"
	fi
	size=$MID
	[ $((i % BIG_EVERY)) -eq 0 ] && size=$BIG
	# the big one in turn among the OpenSSL pairings (counted over all the
	# runs, so that each direction has each suite); with GnuTLS alone,
	# what gnutls-serv carries in time
	nssl=$(echo "$pairings" | grep -o openssl | wc -l)
	j=0
	for p in $pairings; do
		b=$SMALL
		case $p in
		*openssl*)
			[ $((c % nssl)) -eq $j ] && b=$size
			j=$((j + 1))
			;;
		client_vs_gnutls)
			[ "$nssl" -eq 0 ] && b=$((size < GSERV ? size : GSERV))
			;;
		esac
		spawn $p "$v" "$s" "$b"
	done
	c=$((c + 1))
done <"$work/combos"
# MAC-then-encrypt (our client offers encrypt-then-MAC unless --no-etm)
spawn client_vs_openssl tls1.0 TLS_RSA_WITH_AES_128_CBC_SHA "$SMALL" --no-etm
spawn client_vs_openssl tls1.2 TLS_RSA_WITH_AES_256_CBC_SHA256 "$SMALL" --no-etm

if [ -z "$ONLY" ]; then
	# sendfile() from an offloaded server
	spawn sendfile_to_openssl tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 $BIG
	spawn sendfile_to_openssl tls1.2 TLS_RSA_WITH_AES_128_CBC_SHA $BIG
	spawn sendfile_to_openssl tls1.0 TLS_RSA_WITH_AES_128_CBC_SHA "$SMALL"

	# re-handshakes after offload, mid-transfer (RH bytes, at half of it)
	# ... started by us: the client re-keys (resumption) and changes the suite
	spawn client_vs_openssl tls1.0 TLS_RSA_WITH_AES_128_CBC_SHA $RH --rehandshake=$((RH / 2)) --no-etm
	spawn client_vs_openssl tls1.2 TLS_RSA_WITH_AES_256_CBC_SHA256 $RH --rehandshake=$((RH / 2))
	spawn client_vs_openssl tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 $RH --rehandshake=$((RH / 2))
	spawn client_vs_openssl tls1.2 TLS_RSA_WITH_AES_256_GCM_SHA384 $RH --rehandshake=$((RH / 2)) \
		--rehandshake-full
	OSSL_SRV_EXTRA="-cipher AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305" \
		spawn client_vs_openssl tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 $RH \
		--rehandshake=$((RH / 2)) --rehandshake-cipher TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	GNUTLS_MORE="+AES-128-CBC:+SHA1:+RSA" CHECK="renegotiated: TLS_RSA_WITH_AES_128_CBC_SHA" \
		spawn client_vs_gnutls tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 $RH \
		--rehandshake-cipher TLS_RSA_WITH_AES_128_CBC_SHA
	CHECK="renegotiated" spawn client_vs_gnutls tls1.1 TLS_RSA_WITH_AES_256_CBC_SHA $RH \
		--rehandshake --rehandshake-full
	# ... started by our server (HelloRequest); not against gnutls-cli, which
	# fails on the application data in flight when the HelloRequest went out
	CHECK="renegotiated" spawn openssl_vs_server tls1.2 TLS_RSA_WITH_AES_256_GCM_SHA384 $RH \
		--rehandshake=$((RH / 2))
	CHECK="renegotiated" spawn openssl_vs_server tls1.1 TLS_RSA_WITH_AES_128_CBC_SHA $RH \
		--rehandshake=$((RH / 2))
	# ... started by the peer
	spawn openssl_R_to_client tls1.0 TLS_RSA_WITH_AES_256_CBC_SHA $RH
	spawn openssl_R_to_client tls1.2 TLS_RSA_WITH_AES_128_CBC_SHA256 $RH
	spawn openssl_R_to_server tls1.2 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 $RH
	spawn openssl_R_to_server tls1.1 TLS_RSA_WITH_AES_128_CBC_SHA $RH
	CHECK="renegotiated" spawn client_vs_gnutls tls1.2 TLS_RSA_WITH_AES_128_CBC_SHA $RH \
		--ask-rehandshake
	CHECK="renegotiated" spawn client_vs_gnutls tls1.2 TLS_RSA_WITH_AES_256_GCM_SHA384 $RH \
		--ask-rehandshake
	spawn gnutls_R_to_server tls1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 $RH
	spawn gnutls_R_to_server tls1.0 TLS_RSA_WITH_AES_256_CBC_SHA $RH

	# refusals
	spawn offload_unsupported
	collect
	# alone: it unloads the module
	module_absent
fi

collect
rm -rf "$work"
echo "# offload_lib: $n tests, $fails failed"
[ $fails -eq 0 ]
