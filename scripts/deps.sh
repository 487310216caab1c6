#!/bin/sh
# Install everything mxtls needs to build, test and run its demo on a
# Debian 12 (bookworm) machine: both test kernels (Debian's 6.1 and 6.12
# from bookworm-backports) with headers, the kernel source for KUnit and
# checkpatch, QEMU, the peers (OpenSSL, GnuTLS) and the test tools.
# Idempotent: when everything is there it changes nothing.
set -eu

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

pkgs="build-essential pkg-config bc bison flex libelf-dev libssl-dev
      python3 cpio kmod file xz-utils zstd busybox-static qemu-system-x86
      iproute2 libnl-3-dev libnl-genl-3-dev openssl gnutls-bin
      libcmocka-dev libjson-c-dev clang libclang-rt-14-dev valgrind dkms
      libgnutls28-dev ca-certificates
      linux-source-6.12"

if ! grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	echo 'deb http://deb.debian.org/debian bookworm-backports main' |
		$SUDO tee /etc/apt/sources.list.d/mxtls-bookworm-backports.list >/dev/null
	$SUDO apt-get update -qq
fi

# The versioned image and headers packages behind each suite's
# metapackage, so that both kernels stay installed side by side.
kpkgs() { # $1 = suite (empty for the default)
	# shellcheck disable=SC2046
	apt-cache depends $([ -n "$1" ] && echo "-t $1") linux-image-amd64 linux-headers-amd64 2>/dev/null |
		awk '/Depends: linux-(image|headers)-[0-9]/ { print $2 }'
}

missing() {
	k61=$(kpkgs "")
	k612=$(kpkgs bookworm-backports)
	if [ -z "$k61" ] || [ -z "$k612" ]; then
		echo unresolved
		return
	fi
	for p in $pkgs $k61 $k612; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			printf ' %s' "$p"
	done
}

todo=$(missing)
if [ -n "$todo" ]; then
	$SUDO apt-get update -qq
	todo=$(missing)
	[ "$todo" != unresolved ] || { echo "deps.sh: cannot resolve the kernel packages" >&2; exit 1; }
	echo "deps.sh: installing$todo"
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $todo >/dev/null
	todo=$(missing)
	[ -z "$todo" ] || { echo "deps.sh: still missing:$todo" >&2; exit 1; }
fi
echo "deps.sh: all dependencies present"
