#!/bin/sh
# Print the kernel problem reports in a console log (lines with a printk
# timestamp only, so test output cannot trigger it) and exit 1 if there
# are any: BUG, WARNING, Oops, call traces, lockdep, RCU, refcount, list
# corruption, KASAN, UBSAN, panics, stack smashing, kmemleak.
set -eu
bad='BUG:|WARNING:|Oops|Call Trace|general protection fault|kernel BUG at'
bad=$bad'|possible circular locking|possible recursive locking|inconsistent lock state'
bad=$bad'|suspicious RCU usage|refcount_t:|list_add corruption|list_del corruption'
bad=$bad'|KASAN:|UBSAN:|Kernel panic|stack-protector|unreferenced object|BUG kmalloc'
if grep -aE '^\[ *[0-9]+\.[0-9]+\] ' "$1" | grep -aE -A4 "$bad"; then
	exit 1
fi
exit 0
