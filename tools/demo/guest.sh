#!/bin/sh
# The demo's part inside the VM (scripts/demo.sh boots it): mxtlsd with a
# built-in configuration and fresh certificates, openssl s_server -www and
# our plain-socket server, and our plain-socket client against both.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/bin
dir=$(mktemp -d /tmp/mxtls-demo.XXXXXX)
cd "$dir"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "modprobe mxtls"
modprobe mxtls
"$bin/mxtlsctl" status

say "fresh certificates: a CA and a server certificate for localhost"
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -subj "/CN=mxtls demo CA" -days 2 -out ca.pem \
	-addext basicConstraints=critical,CA:TRUE
openssl ecparam -name prime256v1 -genkey -noout -out server.key
openssl req -new -key server.key -subj "/CN=localhost" -out server.csr
printf 'subjectAltName=DNS:localhost\n' >ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile ext -out server.pem 2>/dev/null
cat server.pem ca.pem >chain.pem
openssl x509 -in server.pem -noout -subject -issuer

say "mxtlsd with its built-in demo configuration"
cat >mxtlsd.conf <<CONF
[daemon]
workers = 2
control_socket = $dir/control

[server default]
cert = $dir/chain.pem
key = $dir/server.key

[client default]
trust = $dir/ca.pem
CONF
cat mxtlsd.conf
"$bin/mxtlsd" -c mxtlsd.conf 2>mxtlsd.log &
daemon=$!
i=0
while [ ! -S control ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

say "servers: openssl s_server -www on 4433, mxtls-plain-server on 4434"
openssl s_server -accept 4433 -cert chain.pem -key server.key -www -quiet >/dev/null 2>&1 &
s1=$!
"$bin/mxtls-plain-server" 4434 2>plain-server.log &
s2=$!
"$bin/mxtls-plain-server" -e 4435 2>plain-echo.log &
s3=$!
sleep 1

say "the plain-socket client: socket, connect, two setsockopt calls, write, read"
sed -n '/static int start_tls/,/^}/p' "$top/tools/mxtls-plain-client/main.c"

say "mxtls-plain-client -> openssl s_server -www (mxtlsd is the client)"
"$bin/mxtls-plain-client" -i -n localhost 127.0.0.1 4433 | head -n 12

say "mxtls-plain-client -> mxtls-plain-server (mxtlsd on both ends)"
"$bin/mxtls-plain-client" -i -n localhost 127.0.0.1 4434

say "openssl s_client -> mxtls-plain-server"
printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect 127.0.0.1:4434 -CAfile ca.pem \
	-servername localhost -brief -ign_eof 2>&1 | sed -n '1,8p;/<pre>/,/<\/pre>/p'

say "mxtlsctl, with an open connection to the echo server"
{ echo hello; sleep 30; } | openssl s_client -connect 127.0.0.1:4435 -CAfile ca.pem -quiet \
	>/dev/null 2>&1 &
c=$!
sleep 1.5
"$bin/mxtlsctl" --socket "$dir/control" list
"$bin/mxtlsctl" --socket "$dir/control" counters
"$bin/mxtlsctl" --socket "$dir/control" status
kill $c 2>/dev/null || true

say "mxtlsd's log"
cat mxtlsd.log
kill $s1 $s2 $s3 $daemon 2>/dev/null || true
for p in $s1 $s2 $s3 $daemon; do wait $p 2>/dev/null || true; done
