#!/bin/sh
# Regenerate kunit/record_kat.h: records sealed by OpenSSL and GnuTLS with
# the keys that protect them (scripts/record-kat/gen.c). Needs libssl-dev,
# libgnutls28-dev and a built libmxtls (make lib).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s lib
out=build/record-kat
mkdir -p "$out"
# shellcheck disable=SC2046
cc -O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Werror -D_GNU_SOURCE -Iinclude/mxtls -Iinclude/uapi -Iuserspace \
	-Itools/selftests/lib $(pkg-config --cflags libnl-genl-3.0) \
	-o "$out/gen" scripts/record-kat/gen.c tools/selftests/lib/*.c build/lib/libmxtls.a \
	$(pkg-config --libs libnl-genl-3.0) -lssl -lcrypto -lgnutls
"$out/gen" >"$out/record_kat.h"
mv "$out/record_kat.h" kunit/record_kat.h
echo "kunit/record_kat.h: $(grep -c '^static const struct mxtls_kat ' kunit/record_kat.h) record sets"
