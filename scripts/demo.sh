#!/bin/sh
# make run: boot the test VM on the default test kernel, load mxtls.ko and
# show it at work: the ULP attached to live sockets, seen by mxtlsctl.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kernel=${MXTLS_KERNEL:-6.12}
make -s all selftests KVER="$kernel"
exec scripts/vm.sh -k "$kernel" -t 300 -- sh -c '
	set -e
	echo "== modprobe mxtls"
	modprobe mxtls
	build/bin/mxtlsctl status
	echo "== two loopback connections with the mxtls ULP attached, seen by mxtlsctl"
	build/bin/mxtls-ulp-demo build/bin/mxtlsctl list
	echo "== the ULP and netlink selftests"
	modprobe tls
	build/selftests/ulp
'
