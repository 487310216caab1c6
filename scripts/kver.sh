#!/bin/sh
# Print the full version of an installed Debian kernel named by a prefix:
# "6.1" -> 6.1.0-NN-amd64, "6.12" -> 6.12.NN+deb12-amd64. A full version
# is printed as it is. Without an argument: the running kernel when its
# build tree exists, else the newest kernel with headers installed.
set -eu
want=${1:-}
if [ -z "$want" ]; then
	if [ -d "/lib/modules/$(uname -r)/build" ]; then
		uname -r
		exit 0
	fi
	ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
		sed 's|.*/linux-headers-||' | sort -V | tail -n 1 | grep . ||
		{ echo "kver.sh: no kernel headers installed (run scripts/deps.sh)" >&2; exit 1; }
	exit 0
fi
if [ -d "/lib/modules/$want" ] || [ -d "/usr/src/linux-headers-$want" ]; then
	echo "$want"
	exit 0
fi
ls -d /usr/src/linux-headers-* /lib/modules/* 2>/dev/null |
	sed 's|.*/linux-headers-||; s|.*/modules/||' | grep -E "^$(echo "$want" | sed 's/\./\\./g')[.+-].*-amd64$" |
	sort -Vu | tail -n 1 | grep . ||
	{ echo "kver.sh: no installed kernel matches '$want'" >&2; exit 1; }
