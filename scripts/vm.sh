#!/bin/bash
# Boot a Debian kernel in QEMU with a busybox initramfs that carries our
# module, our binaries and the kernel modules the tests need, run one
# command inside, and return its exit status.
#
#   scripts/vm.sh [-k 6.1|6.12|VERSION] [-t SECONDS] [-m MiB] [--kvm]
#                 [-a PATH]... [--] COMMAND [ARG]...
#
# The command runs with /bin/sh in the guest, in the same directory as on
# the host; the repository's build/bin, build/selftests and tools/ appear at
# the same paths, plus every PATH given with -a. `modprobe mxtls` loads the
# module built for that kernel (build/kmod/VERSION/mxtls.ko); the build with
# RC4 (build/kmod-rc4/VERSION/mxtls.ko) is there too, for insmod.
#
# The run fails, even if the command passed, when the kernel log shows a
# BUG, WARNING, Oops, call trace, lockdep, refcount or list-corruption
# report. A guest that has not finished after the timeout is killed.
# MXTLS_VM_APPEND adds kernel parameters (e.g. slub_debug=FZPU
# init_on_free=1, to make a use-after-free show at once).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kernel=${MXTLS_KERNEL:-6.12}
timeout_s=${MXTLS_VM_TIMEOUT:-600}
mem=2048
accel=${MXTLS_VM_ACCEL:-tcg}
extra=()

usage() {
	sed -n '2,17s/^# \{0,1\}//p' "$0"
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	-k) kernel=$2; shift 2 ;;
	-t) timeout_s=$2; shift 2 ;;
	-m) mem=$2; shift 2 ;;
	-a) extra+=("$2"); shift 2 ;;
	--kvm) accel=kvm; shift ;;
	-h|--help) usage ;;
	--) shift; break ;;
	-*) echo "vm.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || usage

kver=$("$top/scripts/kver.sh" "$kernel")
vmlinuz=/boot/vmlinuz-$kver
[ -r "$vmlinuz" ] || { echo "vm.sh: $vmlinuz not readable (run scripts/deps.sh)" >&2; exit 2; }

if [ "$accel" = kvm ] && ! { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }; then
	echo "vm.sh: KVM asked for but /dev/kvm is not usable; using TCG" >&2
	accel=tcg
fi

# one folder per run: several guests of one kernel may run at once
work=$top/build/vm/$kver.$$
rm -rf "$work"
mkdir -p "$work/root"
trap 'rm -rf "$work"' EXIT
root=$work/root

# --- busybox and the host programs the tests use -------------------------
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,var}
ln -s ../run "$root/var/run"
cp /bin/busybox "$root/bin/busybox"

copy_elf() { # copy an ELF file and the shared libraries it needs
	local f=$1 lib
	[ -e "$root$f" ] || { mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"; }
	for lib in $(ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

copy_path() { # copy a file or tree to the same absolute path
	local p
	p=$(readlink -f "$1") && [ -e "$p" ] || return 0
	mkdir -p "$root$(dirname "$p")"
	cp -a "$p" "$root$(dirname "$p")/"
	find "$p" -type f -perm -u+x -print | while read -r f; do
		file -b "$f" 2>/dev/null | grep -q '^ELF.*dynamic' && copy_elf "$f"
		true
	done
}

for prog in kmod openssl gnutls-cli gnutls-serv certtool ip ss strace bash dash; do
	p=$(command -v "$prog") && copy_elf "$(readlink -f "$p")"
done
# /bin/sh is dash: busybox's shell would run its own applets (ip, ...)
# in place of the real programs above.
ln -sf "$(readlink -f "$(command -v dash)")" "$root/bin/sh"
for t in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -sf /usr/bin/kmod "$root/sbin/$t"
done
for p in ip ss; do
	[ -e "$root/bin/$p" ] || ln -sf "$(readlink -f "$(command -v $p)")" "$root/bin/$p"
done
busybox --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
mkdir -p "$root/usr/lib/ssl" "$root/etc/ssl"
cp -a /usr/lib/ssl/openssl.cnf "$root/usr/lib/ssl/" 2>/dev/null || true
cp -aL /etc/ssl/openssl.cnf "$root/etc/ssl/" 2>/dev/null || true
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >>"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

# --- kernel modules: the ones tests load, and all crypto for on-demand -----
moddir=/lib/modules/$kver
gmod=$root$moddir
mkdir -p "$gmod/kernel" "$gmod/extra"
cp "$moddir"/modules.{order,builtin,builtin.modinfo} "$gmod/" 2>/dev/null || true
{
	for m in tls veth inet_diag tcp_diag; do
		modprobe -S "$kver" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }'
	done
	find "$moddir/kernel/crypto" "$moddir/kernel/arch/x86/crypto" "$moddir/kernel/lib/crypto" \
		-name '*.ko*' 2>/dev/null
} | sort -u | while read -r ko; do
	rel=${ko#"$moddir"/}
	mkdir -p "$gmod/$(dirname "$rel")"
	case $ko in
	*.xz) xz -dc "$ko" >"$gmod/${rel%.xz}" ;;
	*.zst) zstd -qdc "$ko" >"$gmod/${rel%.zst}" ;;
	*) cp "$ko" "$gmod/$rel" ;;
	esac
done
if [ -f "$top/build/kmod/$kver/mxtls.ko" ]; then
	cp "$top/build/kmod/$kver/mxtls.ko" "$gmod/extra/"
fi
# modules.order names compressed files; depmod only needs it to exist
sed -i 's/\.ko\.\(xz\|zst\)$/.ko/' "$gmod/modules.order" 2>/dev/null || true
depmod -b "$root" "$kver"

# --- our payload, at the same paths as on the host -------------------------
# build/kmod-rc4/VERSION/mxtls.ko: the module with RC4, for the rc4_* selftests
for p in "$top/build/bin" "$top/build/lib" "$top/build/selftests" "$top/tools" \
	"$top/build/kmod-rc4/$kver/mxtls.ko" "${extra[@]}"; do
	copy_path "$p"
done
mkdir -p "$root$PWD"

# --- init ------------------------------------------------------------------
printf '%s\n' "$PWD" >"$root/vm-cwd"
printf '%q ' "$@" >"$root/vm-cmd"
echo >>"$root/vm-cmd"
cp "$top/scripts/vm-init.sh" "$root/init"
chmod +x "$root/init"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$work/initramfs.cpio"

# --- boot ------------------------------------------------------------------
log=$work/console.log
cpu=max
[ "$accel" = kvm ] && cpu=host
append="console=ttyS0 rdinit=/init quiet loglevel=5 printk.time=1 panic=-1 oops=panic"
append="$append panic_on_warn=0 tsc=reliable no_timer_check ${MXTLS_VM_APPEND:-}"

boot() {
	set +e
	timeout -k 10 "$timeout_s" qemu-system-x86_64 \
		-accel "$accel" -cpu "$cpu" -smp 2 -m "$mem" \
		-kernel "$vmlinuz" -initrd "$work/initramfs.cpio" -append "$append" \
		-nodefaults -no-reboot -display none -serial stdio -monitor none \
		-device virtio-rng-pci </dev/null 2>&1 | tee "$log"
	qrc=${PIPESTATUS[0]}
	set -e
}
boot
# Under TCG the guest kernel itself now and then dies while it boots (an
# int3 oops in code it is patching, on the other vCPU), before init has
# run anything of ours: boot once more, and say so. A guest that got as
# far as MXTLS_VM_START is never booted again.
if [ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] && ! grep -q '^MXTLS_VM_START' "$log"; then
	echo "vm.sh: guest ($kver) died while booting, before running anything of ours;" \
		"booting it again. The end of its console:" >&2
	tail -n 40 "$log" | sed 's/^/vm.sh:   /' >&2
	cp "$log" "$log.first-boot"
	boot
fi

if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "vm.sh: guest ($kver) did not finish within ${timeout_s}s: killed" >&2
	exit 124
fi

rc=$(sed -n 's/^MXTLS_VM_EXIT=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ]; then
	echo "vm.sh: guest ($kver) stopped without reporting an exit status (qemu rc $qrc)" >&2
	# a panic reboots the guest (panic=-1, -no-reboot): show why
	echo "vm.sh: the end of the guest's console:" >&2
	tail -n 40 "$log" | sed 's/^/vm.sh:   /' >&2
	exit 125
fi

if ! "$top/scripts/kernel-splats.sh" "$log" >"$work/splats.log"; then
	echo "vm.sh: the guest kernel ($kver) reported a problem:" >&2
	head -n 60 "$work/splats.log" | sed 's/^/vm.sh:   /' >&2
	[ "$rc" -eq 0 ] && rc=126
fi
exit "$rc"
