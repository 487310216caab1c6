#!/bin/sh
# Run the KUnit suites in kunit/ under UML with the kernel's own kunit.py
# (Debian's linux-source-6.12, extracted into build/ and reused). Our
# sources are mirrored into net/mxtls/ of that tree and hooked into
# net/Kconfig and net/Makefile by this script; nothing is edited by hand.
# KASAN, lockdep and list debugging are on (kunit/.kunitconfig).
#
#   scripts/kunit.sh [kunit.py run options...]
#
# Results: the console of kunit.py, and build/kunit/results.json.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$("$top/scripts/linux-src.sh")
bdir=$top/build/kunit

"$top/scripts/kmod-mirror.sh" "$src/net/mxtls"
grep -q '^source "net/mxtls/kunit/Kconfig"' "$src/net/Kconfig" ||
	echo 'source "net/mxtls/kunit/Kconfig"' >>"$src/net/Kconfig"
grep -q '^obj-$(CONFIG_MXTLS)' "$src/net/Makefile" ||
	echo 'obj-$(CONFIG_MXTLS) += mxtls/' >>"$src/net/Makefile"

mkdir -p "$bdir"
cd "$src"
exec python3 tools/testing/kunit/kunit.py run \
	--arch=um --build_dir="$bdir" --kunitconfig="$top/kunit/.kunitconfig" \
	--jobs="$(nproc)" --timeout=600 --json="$bdir/results.json" "$@"
