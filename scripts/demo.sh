#!/bin/sh
# make run: boot the test VM on the default test kernel and show daemon
# mode at work: mxtlsd with a built-in configuration and fresh
# certificates, openssl s_server -www and our plain-socket server, and our
# plain-socket client (no TLS library linked) against both; then what was
# negotiated and mxtlsctl's view (tools/demo/guest.sh runs in the VM).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernel=${MXTLS_KERNEL:-6.12}
make -s all KVER="$kernel"
exec scripts/vm.sh -k "$kernel" -t 300 -- sh tools/demo/guest.sh
