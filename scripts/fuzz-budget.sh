#!/bin/sh
# Time the fuzz targets on their worst inputs: the 64 KiB shapes
# scripts/fuzz-inputs.py writes, the seeds and everything the fuzzer has
# kept. Each target is built a second time against the optimised library
# (build/fuzz/replay/, userspace/fuzz/support/replay.c), which runs every
# input five times and judges it by its fastest run. An input that takes
# more than BUDGET_MS (10) fails.
#
#   scripts/fuzz-budget.sh build/fuzz/fuzz_x [build/fuzz/fuzz_y ...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
budget=${BUDGET_MS:-10}
work=$top/build/fuzz/budget
rm -rf "$work"
python3 "$top/scripts/fuzz-inputs.py" "$work"
rc=0
for f in "$@"; do
	name=$(basename "$f")
	# Only the targets, not the logs and artifacts beside them.
	case $name in *.*) continue ;; esac
	[ -f "$f" ] && [ -x "$f" ] || continue
	replay=$(dirname "$f")/replay/$name
	[ -x "$replay" ] || { echo "fuzz-budget: no $replay (make fuzzers)" >&2; rc=1; continue; }
	dirs=
	for d in "$work/$name" "$top/userspace/fuzz/corpus/$name" \
		 "$top/build/pki-test/fuzz-seeds/$name" "$top/build/fuzz/corpus/$name"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	if ! find $dirs -type f -size -65537c -print0 |
	     xargs -0 "$replay" $((budget * 1000)) >"$work/$name.out"; then
		rc=1
	fi
	sed "s/^/$name: /" "$work/$name.out"
done
exit $rc
