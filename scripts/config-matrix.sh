#!/bin/bash
# The guide's compile-time options, each sensible combination built and
# tested: for every option set below, the parts of libmxtls the options
# reach (ssl and core always; pki and crypto when named) are compiled
# with it into build/cfg/<name>/, linked with the rest of the default
# library and userspace/tests/test_ssl_config.c (compiled the same way),
# and run. Prints TAP lines ("ok N name"), one per option set.
#
#   scripts/config-matrix.sh [NAME...]      (default: all)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# name|flags|more directories the options reach|interop with
# mxtls-client/-server built from the option set: suites to run
# interop.py on, or "ext:POLICY" for interop_ext.py --policy POLICY
sets=(
	"default||"
	"client-only|-DNO_SERVER_SIDE_SSL|"
	"server-only|-DNO_CLIENT_SIDE_SSL|"
	"tls1.0-only|-DNO_TLS_1_1|"
	"no-tls1.2|-DNO_TLS_1_2|"
	"sslv3|-DENABLE_SSLV3|pki crypto"
	"arc4|-DUSE_ARC4|pki crypto|RC4"
	"anon-dh|-DUSE_ANON_DH_CIPHER_SUITE -DUSE_ARC4|pki crypto|ext:anon"
	"sslv3-arc4-legacy|-DENABLE_SSLV3 -DUSE_ARC4 -DNO_TLS_1_2|pki crypto"
	"no-client-auth|-DNO_CLIENT_AUTH|"
	"strict-client-auth|-DNO_SERVER_CAN_SEND_EMPTY_CERT_REQUEST -DNO_SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG|"
	"require-secure-rehandshakes|-DREQUIRE_SECURE_REHANDSHAKES||ext:require"
	"insecure-rehandshakes|-DENABLE_INSECURE_REHANDSHAKES||ext:insecure"
	"no-secure-rehandshakes|-DNO_SECURE_REHANDSHAKES|"
	"no-private-key-parsing|-DNO_PRIVATE_KEY_PARSING|pki"
	"no-pkcs5-8-12|-DNO_PKCS5 -DNO_PKCS8 -DNO_PKCS12|pki"
	"no-pkcs12|-DNO_PKCS12|pki"
	"no-session-cache|-DSSL_SESSION_TABLE_SIZE=0|"
	"tiny-session-cache|-DSSL_SESSION_TABLE_SIZE=1 -DSSL_SESSION_ENTRY_LIFE=1000|"
	"big-session-cache|-DSSL_SESSION_TABLE_SIZE=4096|"
	"traces|-DUSE_CORE_TRACE -DUSE_CRYPTO_TRACE -DUSE_SSL_HANDSHAKE_MSG_TRACE -DUSE_SSL_INFORMATIONAL_TRACE|pki crypto"
	"no-file-system|-DNO_MATRIX_USE_FILE_SYSTEM|pki"
	"speed|-DPS_PUBKEY_OPTIMIZE_FOR_FASTER_SPEED -UPS_PUBKEY_OPTIMIZE_FOR_SMALLER_RAM -DPS_AES_IMPROVE_PERF_INCREASE_CODESIZE -DPS_3DES_IMPROVE_PERF_INCREASE_CODESIZE -DPS_MD5_IMPROVE_PERF_INCREASE_CODESIZE -DPS_SHA1_IMPROVE_PERF_INCREASE_CODESIZE|pki crypto"
)

mapfile -t flags < <(make -s print-flags)
cppflags=${flags[0]}
cflags="${flags[1]/-O2/-O1}"
ldlibs=${flags[2]}
make -s lib >/dev/null || { echo "not ok 1 the default library builds"; exit 1; }
scripts/tls-testdata.sh build/tls-testdata || exit 1

want=("$@")
# Most files compile the same under most option sets: objects are kept by
# the hash of their preprocessed source (scripts/cc-cached.sh).
cache=build/cfg/.objcache
mkdir -p "$cache"
n=0
failed=0
for entry in "${sets[@]}"; do
	IFS='|' read -r name opts more interop <<<"$entry"
	if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $name "* ]]; then
		continue
	fi
	n=$((n + 1))
	dir=build/cfg/$name
	rm -rf "$dir"
	mkdir -p "$dir/obj"
	srcs=(userspace/ssl/*.c userspace/core/*.c)
	for d in $more; do
		srcs+=(userspace/"$d"/*.c)
		if compgen -G "userspace/$d/*.S" >/dev/null; then
			srcs+=(userspace/"$d"/*.S)
		fi
	done
	log=$dir/log
	ok=1
	printf '%s\n' "${srcs[@]}" | xargs -P 2 -I{} scripts/cc-cached.sh "$cache" \
		"$dir/obj" {} ${CC:-cc} $cppflags $opts $cflags >"$log" 2>&1 || ok=0
	if [ $ok = 1 ]; then
		# shellcheck disable=SC2086
		${CC:-cc} $cppflags $opts $cflags -DMXTLS_TOP="\"$top\"" -Iuserspace/tests/support \
			-o "$dir/test_ssl_config" userspace/tests/test_ssl_config.c \
			userspace/tests/support/tls_pair.c "$dir"/obj/*.o build/lib/libmxtls.a \
			-lcmocka $ldlibs >>"$log" 2>&1 || ok=0
	fi
	if [ $ok = 1 ]; then
		CMOCKA_MESSAGE_OUTPUT=TAP "$dir/test_ssl_config" >>"$log" 2>&1 || ok=0
		grep -aEq '^not ok|# *SKIP' "$log" && ok=0
	fi
	if [ $ok = 1 ] && [ -n "${interop:-}" ]; then
		mkdir -p "$dir/bin"
		for prog in mxtls-client mxtls-server; do
			# shellcheck disable=SC2086
			${CC:-cc} $cppflags $opts $cflags -o "$dir/bin/$prog" tools/$prog/*.c \
				"$dir"/obj/*.o build/lib/libmxtls.a $ldlibs >>"$log" 2>&1 || ok=0
		done
		if [ $ok = 1 ] && [[ $interop == ext:* ]]; then
			python3 scripts/interop_ext.py --bin "$dir/bin" --policy "${interop#ext:}" \
				>>"$log" 2>&1 || ok=0
		elif [ $ok = 1 ]; then
			python3 scripts/interop.py "$dir" "$interop" >>"$log" 2>&1 || ok=0
		fi
	fi
	if [ $ok = 1 ]; then
		echo "ok $n config $name ($opts): builds, $(grep -ac '^ok ' "$log") checks pass"
	else
		failed=$((failed + 1))
		echo "not ok $n config $name ($opts)"
		grep -aE 'error|^not ok|ERROR|LINE' "$log" | head -n 12 | sed 's/^/    # /'
	fi
done
echo "# config matrix: $n option sets, $failed failed"
[ $failed -eq 0 ] && [ $n -gt 0 ]
