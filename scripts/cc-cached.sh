#!/bin/sh
# Compile one source file into OBJDIR, or take the object from CACHE when
# a compile with the same preprocessed text and the same options was done
# before (config-matrix.sh builds the library under two dozen option
# sets, and an option reaches only some of the files).
#
#   scripts/cc-cached.sh CACHE OBJDIR SOURCE CC [FLAGS...]
#
# The key is the SHA-256 of the compiler and its flags other than -D, -U
# and -I, and of the output of CC -E with all of them: options that change
# nothing in a file share its object. Debug info names only the source
# path, the same in every set.
set -eu
cache=$1 objdir=$2 src=$3
shift 3
o=$objdir/$(echo "$src" | tr / _).o
"$@" -E "$src" -o "$o.i"
key=$({ for a in "$@"; do case $a in -D*|-U*|-I*) ;; *) echo "$a" ;; esac; done
	cat "$o.i"; } | sha256sum | cut -d' ' -f1)
rm -f "$o.i"
if [ -f "$cache/$key.o" ]; then
	cp "$cache/$key.o" "$o"
	exit 0
fi
"$@" -c "$src" -o "$o"
cp "$o" "$cache/$key.o.$$"
mv "$cache/$key.o.$$" "$cache/$key.o"
