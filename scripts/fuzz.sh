#!/bin/sh
# Run each libFuzzer target for SECONDS. Seeds come from
# userspace/fuzz/corpus/<target>/ and, for seeds holding keys (never
# committed), build/pki-test/fuzz-seeds/<target>/ made by
# scripts/pki-testdata.sh; what the fuzzer finds is kept in
# build/fuzz/corpus/<target>/. A crash, leak, timeout or out-of-memory
# fails the run; the reproducer lands in build/fuzz/.
#
#   scripts/fuzz.sh SECONDS build/fuzz/fuzz_x [build/fuzz/fuzz_y ...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=$1
shift
[ $# -gt 0 ] || { echo "fuzz.sh: no fuzz targets" >&2; exit 1; }
rc=0
for f in "$@"; do
	name=$(basename "$f")
	work=$top/build/fuzz/corpus/$name
	seeds=$top/userspace/fuzz/corpus/$name
	made=$top/build/pki-test/fuzz-seeds/$name
	mkdir -p "$work"
	echo "== $name for ${secs}s"
	# -timeout: no single input may take a second (the 10 ms budget for
	# 64 KiB inputs is checked by the targets' own tests).
	if ! "$f" -max_total_time="$secs" -timeout=1 -rss_limit_mb=2048 -max_len=65536 \
		-artifact_prefix="$top/build/fuzz/$name-" -print_final_stats=1 \
		"$work" $( [ -d "$seeds" ] && echo "$seeds" ) $( [ -d "$made" ] && echo "$made" ) \
		2>"$top/build/fuzz/$name.log"; then
		echo "fuzz.sh: $name failed; see build/fuzz/$name.log" >&2
		tail -n 30 "$top/build/fuzz/$name.log" >&2
		rc=1
	else
		grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$top/build/fuzz/$name.log" || true
	fi
done
exit $rc
