#!/bin/sh
# Run the benchmark programs of one area and print their BENCH lines.
# crypto, pki and tls run on the host; kernel and daemon in the test VM.
#
#   scripts/bench.sh crypto|pki|tls|kernel|daemon
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
area=$1
set -- build/bench/bench_"$area"*
[ -x "$1" ] || { echo "bench.sh: no benchmark programs for '$area' (tools/bench/bench_$area*.c)" >&2; exit 1; }
case $area in
kernel|daemon)
	# The guest does not inherit our environment: pass the MXTLS_BENCH_*
	# settings (MXTLS_BENCH_RUNS, MXTLS_BENCH_FILTER) on its command line;
	# bench_kernel_offload runs the programs with these certificates
	pass=$(env | grep -E '^MXTLS_BENCH_[A-Z_]+=[A-Za-z0-9_.-]+$' | tr '\n' ' ' || true)
	scripts/tls-testdata.sh build/tls-testdata >/dev/null 2>&1
	exec scripts/vm.sh -k "${MXTLS_KERNEL:-6.12}" -t 7200 -a build/bench -a build/tls-testdata -- \
		sh -c "${pass:+export $pass; }"'rc=0; for b in build/bench/bench_'"$area"'*; do "$b" || rc=1; done; exit $rc'
	;;
*)
	rc=0
	for b in "$@"; do
		"$b" || rc=1
	done
	exit $rc
	;;
esac
