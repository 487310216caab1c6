#!/bin/sh
# Mirror the module's sources (Kbuild, kmod/, kunit/, the UAPI header) into
# DEST, keeping file times so kbuild rebuilds only what changed, and
# removing sources that no longer exist here. Objects in DEST are kept.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
mkdir -p "$dest"
cd "$top"
srcs="Kbuild $(find kmod kunit -name '*.[ch]' -o -name Kconfig -o -name .kunitconfig | sort) include/uapi/linux/mxtls.h"
(cd "$dest" && find kmod kunit include -type f \( -name '*.[ch]' -o -name Kconfig \) 2>/dev/null) |
	while read -r f; do
		[ -e "$top/$f" ] || rm -f "$dest/$f"
	done
# shellcheck disable=SC2086
cp -p --parents $srcs "$dest/"
