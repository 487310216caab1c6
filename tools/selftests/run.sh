#!/bin/sh
# Run every VM selftest (build/selftests/*) in the guest; TAP on stdout.
# Loads mxtls and, for the comparisons, the kernel's own tls.
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
modprobe tls || { echo "not ok 1 modprobe tls"; exit 1; }
modprobe mxtls || { echo "not ok 1 modprobe mxtls"; exit 1; }
for t in "$top"/build/selftests/*; do
	[ -x "$t" ] || continue
	echo "# selftest: $(basename "$t")"
	"$t" || rc=1
done
exit $rc
