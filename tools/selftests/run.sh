#!/bin/sh
# Run every VM selftest (build/selftests/*) in the guest; TAP on stdout.
# Loads mxtls and, for the comparisons, the kernel's own tls; then runs
# mxtlsd.sh (daemon mode end to end) and offload_lib.sh (the programs in
# library mode against OpenSSL and GnuTLS, with build/tls-testdata). The rc4_* selftests run last, against the
# module built with the RC4 suites (build/kmod-rc4/VERSION/mxtls.ko), which
# replaces the default one.
top=$(cd "$(dirname "$0")/../.." && pwd)
rc4=$top/build/kmod-rc4/$(uname -r)/mxtls.ko
rc=0
modprobe tls || { echo "not ok 1 modprobe tls"; exit 1; }
modprobe mxtls || { echo "not ok 1 modprobe mxtls"; exit 1; }
for t in "$top"/build/selftests/*; do
	[ -x "$t" ] || continue
	case $(basename "$t") in rc4_*) continue ;; esac
	echo "# selftest: $(basename "$t")"
	t0=$(date +%s)
	"$t" || rc=1
	echo "# $(basename "$t"): $(($(date +%s) - t0)) s"
done

# Daemon mode end to end (mxtlsd, plain sockets, OpenSSL peers)
echo "# selftest: mxtlsd.sh"
t0=$(date +%s)
sh "$top/tools/selftests/mxtlsd.sh" || rc=1
echo "# mxtlsd.sh: $(($(date +%s) - t0)) s"

# Library mode against OpenSSL and GnuTLS (needs build/tls-testdata)
echo "# selftest: offload_lib.sh"
t0=$(date +%s)
"$top/tools/selftests/offload_lib.sh" || rc=1
echo "# offload_lib.sh: $(($(date +%s) - t0)) s"

# Swap in the RC4 build: unloading waits for closed sockets to let go
i=0
while [ -e /sys/module/mxtls ] && ! rmmod mxtls 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "not ok 1 rmmod mxtls before the RC4 build"; exit 1; }
	sleep 0.1
done
[ -f "$rc4" ] || { echo "not ok 1 $rc4 missing (make module-rc4)"; exit 1; }
for dep in $(modinfo -F depends "$rc4" | tr , ' '); do
	modprobe "$dep" || { echo "not ok 1 modprobe $dep for the RC4 build"; exit 1; }
done
insmod "$rc4" || { echo "not ok 1 insmod $rc4"; exit 1; }
for t in "$top"/build/selftests/rc4_*; do
	[ -x "$t" ] || continue
	echo "# selftest: $(basename "$t") (module built with MXTLS_RC4=y)"
	"$t" || rc=1
done
exit $rc
