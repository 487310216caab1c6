#!/bin/sh
# /init of the test VM (see scripts/vm.sh): mount the basics, bring up
# loopback, run /vm-cmd in the host's working directory, dump the kernel
# log and report the exit status on the console, then power off.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
# a checkout under /tmp came in the initramfs: a tmpfs would hide it
[ -n "$(ls -A /tmp)" ] || mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
mkdir -p /run/netns
hostname mxtls-vm
ip link set lo up
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
# What udev does at boot on a real host: load the modules matching the CPU's
# modalias, among them the SIMD crypto (aesni_intel, sha1_ssse3,
# sha256_ssse3, ghash_clmulni_intel, ...). Without them the crypto API
# falls back to the generic C code where it is built in (sha1-generic),
# which no real Debian host runs and which OpenSSL, picking its own SIMD
# code, never does either: figures would compare unlike with unlike.
modprobe -a -q "$(cat /sys/devices/system/cpu/modalias)" 2>/dev/null || true
cd "$(cat /vm-cwd)"
echo "MXTLS_VM_START $(uname -r)"
sh /vm-cmd </dev/console
rc=$?
echo "MXTLS_VM_EXIT=$rc"
sync
poweroff -f
