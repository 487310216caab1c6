#!/bin/sh
# Print the path of the extracted Debian linux-source-6.12 tree (for
# kunit.py, kselftest_harness.h and checkpatch.pl), extracting it into
# build/ the first time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tarball=$(ls /usr/src/linux-source-6.12*.tar.xz 2>/dev/null | sort -V | tail -n 1)
[ -n "$tarball" ] || { echo "linux-src.sh: linux-source-6.12 is not installed (run scripts/deps.sh)" >&2; exit 1; }
name=$(basename "$tarball" .tar.xz)
dir=$top/build/$name
mkdir -p "$top/build"
# make check's lanes may ask at once: one extracts, the others wait
exec 9>"$top/build/.linux-src.lock"
flock 9
if [ ! -f "$dir/.mxtls-extracted" ]; then
	rm -rf "$dir"
	echo "linux-src.sh: extracting $tarball" >&2
	tar -C "$top/build" -xf "$tarball"
	touch "$dir/.mxtls-extracted"
fi
echo "$dir"
