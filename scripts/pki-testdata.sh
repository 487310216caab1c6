#!/bin/sh
# Generate the certificates, chains and keys the PKI tests read, with the
# openssl command-line tool, and record what OpenSSL itself says about
# them, so that the tests compare our verdicts with OpenSSL's:
#
#   OUT/manifest   one line per case:
#     verify NAME LEAF CHAIN CAFILE PURPOSE PEER ATTIME DEPTH EXPECT OPENSSL
#       (CHAIN, PEER, ATTIME, DEPTH are "-" when absent; PURPOSE is
#       server, client or any; EXPECT is our intended status name;
#       OPENSSL is the error number "openssl verify" reported, 0 for OK)
#     name LEAF host|ip VALUE OPENSSL
#       ("openssl x509 -checkhost/-checkip": 1 for a match, 0 for none)
#     key FILE PASSWORD FORMAT EXPECT     (PASSWORD "-" for none)
#     p12 FILE PASSWORD EXPECT NCERTS     (PASSWORD EMPTY for "")
#     dh FILE
#   OUT/*.pem, *.der, *.p12   the files themselves
#
# Nothing here is committed: everything is made afresh at test time.
#
#   scripts/pki-testdata.sh OUT
set -eu
out=$1
rm -rf "$out"
mkdir -p "$out"
cd "$out"
: >manifest
log=$PWD/openssl.log
o() {
	openssl "$@" 2>>"$log" || {
		echo "pki-testdata: openssl $* failed:" >&2
		tail -n 5 "$log" >&2
		exit 1
	}
}

cat >ext.cnf <<'EOF'
[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = none
[int]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[int_pl0]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
[int_pl1]
basicConstraints = critical,CA:TRUE,pathlen:1
keyUsage = critical,keyCertSign,cRLSign
[int_noca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,keyCertSign,cRLSign
[int_nobc]
subjectKeyIdentifier = hash
[int_nocertsign]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature
[int_eku_client]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
extendedKeyUsage = clientAuth
[int_eku_server]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
extendedKeyUsage = serverAuth
[int_nc]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
nameConstraints = critical,permitted;DNS:example.com,excluded;DNS:bad.example.com,permitted;IP:192.0.2.0/255.255.255.0
[int_nc_dn]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
nameConstraints = critical,permitted;dirName:nc_dn
[nc_dn]
O = Permitted Org
[int_bare]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:www.example.com,DNS:example.com,IP:192.0.2.1
[leaf_client]
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.example.com
[leaf_ku_nr]
keyUsage = critical,nonRepudiation
subjectAltName = DNS:www.example.com
[leaf_ku_ke]
keyUsage = critical,keyEncipherment
subjectAltName = DNS:www.example.com
[leaf_anyeku]
extendedKeyUsage = anyExtendedKeyUsage
subjectAltName = DNS:www.example.com
[leaf_crit]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:www.example.com
1.3.6.1.4.1.55555.1 = critical,DER:0500
[leaf_noncrit]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:www.example.com
1.3.6.1.4.1.55555.1 = DER:0500
[leaf_wild]
subjectAltName = DNS:*.wild.example.com
[leaf_partial]
subjectAltName = DNS:f*.example.org
[leaf_tld]
subjectAltName = DNS:*.com
[leaf_ip]
subjectAltName = IP:192.0.2.1,IP:2001:db8::1,DNS:192.0.2.7
[leaf_cn]
basicConstraints = critical,CA:FALSE
[leaf_cn_san]
subjectAltName = DNS:san.example.com
[leaf_nc_ok]
subjectAltName = DNS:www.example.com,IP:192.0.2.9
[leaf_nc_bad]
subjectAltName = DNS:www.evil.com
[leaf_nc_excl]
subjectAltName = DNS:x.bad.example.com
[leaf_nc_ip]
subjectAltName = DNS:ip.example.com,IP:198.51.100.1
[leaf_bare]
basicConstraints = critical,CA:FALSE
subjectAltName = DNS:www.example.com
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[leaf_multi]
subjectAltName = DNS:multi.example.com
EOF

cat >ca.cnf <<'EOF'
[ca]
default_ca = d
[d]
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = p
unique_subject = no
email_in_dn = no
copy_extensions = none
preserve = yes
[p]
commonName = optional
organizationName = optional
EOF
: >index.txt
echo 1000 >serial
mkdir newcerts

serial=1
rsa() { o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$2" -out "$1.key"; }
ec() { o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$2" -out "$1.key"; }

# root NAME KEY SUBJECT [digest]
root() {
	o req -x509 -new -key "$2.key" -subj "$3" -days 3650 -"${4:-sha256}" \
		-config ext.cnf -extensions root -out "$1.pem"
	[ -f "$1.key" ] || cp "$2.key" "$1.key"
}

# issue NAME KEY SUBJECT ISSUER SECTION [x509 -req options...]
issue() {
	name=$1 key=$2 subj=$3 ca=$4 sec=$5
	shift 5
	serial=$((serial + 1))
	o req -new -key "$key.key" -subj "$subj" -multivalue-rdn -utf8 -out "$name.csr"
	o x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" -set_serial "$serial" \
		-days 825 -extfile ext.cnf -extensions "$sec" -out "$name.pem" "$@"
	[ -f "$name.key" ] || cp "$key.key" "$name.key"
}

# issue_dated NAME KEY SUBJECT ISSUER SECTION START END (YYYYMMDDHHMMSSZ)
issue_dated() {
	o req -new -key "$2.key" -subj "$3" -out "$1.csr"
	o ca -batch -notext -config ca.cnf -cert "$4.pem" -keyfile "$4.key" -in "$1.csr" \
		-out "$1.pem" -extfile ext.cnf -extensions "$5" -startdate "$6" -enddate "$7"
	[ -f "$1.key" ] || cp "$2.key" "$1.key"
}

cat_pem() { # OUT FILE...
	f=$1
	shift
	cat "$@" >"$f"
}

# --- keys ---------------------------------------------------------------
rsa rootA 3072
rsa intA 2048
rsa leafA 2048
rsa other 2048
rsa big 3072
ec rootE P-384
ec intE P-256
ec leafE P-256
ec e1 P-256
ec e2 P-256
ec e3 P-256
ec e4 P-256

# --- hierarchies ----------------------------------------------------------
root rootA rootA "/C=FR/O=mxtls tests/CN=Test Root RSA"
issue intA intA "/C=FR/O=mxtls tests/CN=Test Intermediate RSA" rootA int
issue leafA leafA "/O=mxtls tests/CN=www.example.com" intA leaf
cat_pem chainA.pem intA.pem
cat_pem chainA_root.pem intA.pem rootA.pem

root rootE rootE "/O=mxtls tests/CN=Test Root P-384" sha384
issue intE intE "/O=mxtls tests/CN=Test Intermediate P-256" rootE int -sha384
issue leafE leafE "/O=mxtls tests/CN=ec.example.com" intE leaf

issue leaf3072 big "/CN=www.example.com" intA leaf
issue leafPss leafA "/CN=www.example.com" intA leaf -sigopt rsa_padding_mode:pss \
	-sigopt rsa_pss_saltlen:32
issue leafPss384 leafA "/CN=www.example.com" intA leaf -sha384 -sigopt rsa_padding_mode:pss
issue leafSha1 leafA "/CN=www.example.com" intA leaf -sha1
issue leafSha384 leafA "/CN=www.example.com" intA leaf -sha384
issue leafSha512 leafA "/CN=www.example.com" intA leaf -sha512
issue leafEcRsa e1 "/CN=www.example.com" intA leaf
issue leafEc384 rootE "/CN=www.example.com" intE leaf -sha384

# Dates: genuinely expired and not yet valid certificates, and an expired CA.
issue_dated leafExpired e2 "/CN=www.example.com" intA leaf 20200101000000Z 20210101000000Z
issue_dated leafFuture e2 "/CN=www.example.com" intA leaf 20600101000000Z 20700101000000Z
issue_dated intOld other "/CN=Expired Intermediate" rootA int 20150101000000Z 20200101000000Z
issue leafUnderOld e3 "/CN=www.example.com" intOld leaf

# Purposes.
issue leafClient e1 "/CN=client" intA leaf_client
issue leafKuNr e1 "/CN=www.example.com" intA leaf_ku_nr
issue leafKuKe e1 "/CN=www.example.com" intA leaf_ku_ke
issue leafAnyEku e1 "/CN=www.example.com" intA leaf_anyeku
issue intEkuClient other "/CN=Client-only Intermediate" rootA int_eku_client
issue leafUnderEkuClient e3 "/CN=www.example.com" intEkuClient leaf
issue intEkuServer other "/CN=Server-only Intermediate" rootA int_eku_server
issue leafUnderEkuServer e3 "/CN=www.example.com" intEkuServer leaf

# CA flags and path lengths.
issue intPl0 other "/CN=Pathlen 0" rootA int_pl0
issue intBelowPl0 e1 "/CN=Below Pathlen 0" intPl0 int
issue leafPl0 e2 "/CN=www.example.com" intBelowPl0 leaf
cat_pem chainPl0.pem intBelowPl0.pem intPl0.pem
issue intPl1 other "/CN=Pathlen 1" rootA int_pl1
issue intBelowPl1 e1 "/CN=Below Pathlen 1" intPl1 int
issue leafPl1 e2 "/CN=www.example.com" intBelowPl1 leaf
cat_pem chainPl1.pem intBelowPl1.pem intPl1.pem
issue intNoCa other "/CN=Not a CA" rootA int_noca
issue leafUnderNoCa e1 "/CN=www.example.com" intNoCa leaf
issue intNoBc other "/CN=No basicConstraints" rootA int_nobc
issue leafUnderNoBc e1 "/CN=www.example.com" intNoBc leaf
issue intNoCertSign other "/CN=No keyCertSign" rootA int_nocertsign
issue leafUnderNoCertSign e1 "/CN=www.example.com" intNoCertSign leaf

# Depth: root > d1 > d2 > d3 > leaf.
issue d1 e1 "/CN=Depth 1" rootA int
issue d2 e2 "/CN=Depth 2" d1 int
issue d3 e3 "/CN=Depth 3" d2 int
issue leafDeep e4 "/CN=www.example.com" d3 leaf
cat_pem chainDeep.pem d3.pem d2.pem d1.pem

# Names.
issue leafWild e1 "/CN=wild" intA leaf_wild
issue leafPartial e1 "/CN=partial" intA leaf_partial
issue leafTld e1 "/CN=tld" intA leaf_tld
issue leafIp e1 "/CN=ip" intA leaf_ip
issue leafCn e1 "/CN=legacy.example.com" intA leaf_cn
issue leafCnSan e1 "/CN=cn.example.com" intA leaf_cn_san
issue leafMulti e1 "/O=mxtls tests/CN=multi.example.com+OU=Multi Valued/OU=Ünïcödé ✓" intA \
	leaf_multi

# Name constraints.
issue intNc other "/CN=Constrained" rootA int_nc
issue leafNcOk e1 "/CN=www.example.com" intNc leaf_nc_ok
issue leafNcBad e1 "/CN=www.evil.com" intNc leaf_nc_bad
issue leafNcExcl e1 "/CN=x.bad.example.com" intNc leaf_nc_excl
issue leafNcIp e1 "/CN=ip.example.com" intNc leaf_nc_ip
issue leafNcCn e1 "/CN=cn.evil.com" intNc leaf_cn
issue intNcDn other "/CN=DN Constrained" rootA int_nc_dn
issue leafNcDnOk e1 "/O=Permitted Org/CN=www.example.com" intNcDn leaf
issue leafNcDnBad e1 "/O=Other Org/CN=www.example.com" intNcDn leaf

# Critical extensions.
issue leafCrit e1 "/CN=www.example.com" intA leaf_crit
issue leafNonCrit e1 "/CN=www.example.com" intA leaf_noncrit

# Trust: a self-signed leaf, an untrusted root, a missing intermediate,
# and a signature that does not verify (issuer found by name, other key).
o req -x509 -new -key e1.key -subj "/CN=self.example.com" -days 30 \
	-addext "subjectAltName=DNS:self.example.com" -out selfSigned.pem
root rootX other "/CN=Unknown Root"
issue intX e2 "/CN=Under Unknown Root" rootX int
issue leafX e3 "/CN=www.example.com" intX leaf
cat_pem chainX.pem intX.pem rootX.pem
issue intBare other "/CN=Bare Intermediate" rootA int_bare
issue leafBare e1 "/CN=www.example.com" intBare leaf_bare
cp intBare.pem intImpostor.pem
# Same name, other key (of the same type, or OpenSSL would not even try
# it as the issuer): the leaf is signed by a key the chain's intermediate lacks.
issue intBareTwin leafA "/CN=Bare Intermediate" rootA int_bare
issue leafWrongSig e1 "/CN=www.example.com" intBareTwin leaf_bare
# A flipped bit in the signature of an otherwise good leaf.
o x509 -in leafA.pem -outform DER -out leafFlip.der
size=$(wc -c <leafFlip.der)
last=$(tail -c 1 leafFlip.der | od -An -tu1 | tr -d ' ')
printf "\\$(printf %o $((last ^ 1)))" | dd of=leafFlip.der bs=1 seek=$((size - 1)) \
	conv=notrunc 2>/dev/null
o x509 -inform DER -in leafFlip.der -out leafFlip.pem

cat_pem trustAll.pem rootA.pem rootE.pem
cat_pem trustSelf.pem rootA.pem selfSigned.pem

# --- verdicts ---------------------------------------------------------------
now=$(date +%s)

# verify NAME LEAF CHAIN CAFILE PURPOSE PEER ATTIME DEPTH EXPECT
verify() {
	name=$1 leaf=$2 chain=$3 ca=$4 purpose=$5 peer=$6 attime=$7 depth=$8 expect=$9
	set -- -CAfile "$ca"
	[ "$chain" = - ] || set -- "$@" -untrusted "$chain"
	case $purpose in
	server) set -- "$@" -purpose sslserver ;;
	client) set -- "$@" -purpose sslclient ;;
	esac
	case $peer in
	-) ;;
	*:*|[0-9]*.[0-9]*.[0-9]*.[0-9]*) set -- "$@" -verify_ip "$peer" ;;
	*) set -- "$@" -verify_hostname "$peer" ;;
	esac
	[ "$attime" = - ] || set -- "$@" -attime "$attime"
	[ "$depth" = - ] || set -- "$@" -verify_depth "$depth"
	res=$(openssl verify "$@" "$leaf" 2>&1 || true)
	code=0
	case $res in
	*": OK") ;;
	*) code=$(printf '%s\n' "$res" | sed -n 's/^error \([0-9]*\) at.*/\1/p' | head -n 1)
	   [ -n "$code" ] || code=999 ;;
	esac
	echo "verify $name $leaf $chain $ca $purpose $peer $attime $depth $expect $code" >>manifest
}

v() { verify "$@"; }
v ok_rsa leafA.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_rsa_root_sent leafA.pem chainA_root.pem rootA.pem server www.example.com - - OK
v ok_rsa_bundle leafA.pem chainA.pem trustAll.pem any - - - OK
v ok_rsa_ip leafA.pem chainA.pem rootA.pem server 192.0.2.1 - - OK
v ok_ec leafE.pem intE.pem rootE.pem server www.example.com - - OK
v ok_ec384 leafEc384.pem intE.pem rootE.pem server www.example.com - - OK
v ok_ec_key_rsa_sig leafEcRsa.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_rsa3072 leaf3072.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_pss leafPss.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_pss384 leafPss384.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_sha1 leafSha1.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_sha384 leafSha384.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_sha512 leafSha512.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_multi_rdn leafMulti.pem chainA.pem rootA.pem server multi.example.com - - OK
v ok_client leafClient.pem chainA.pem rootA.pem client - - - OK
v ok_noncrit_ext leafNonCrit.pem chainA.pem rootA.pem server www.example.com - - OK
v ok_trusted_self selfSigned.pem - trustSelf.pem server self.example.com - - OK

v expired leafExpired.pem chainA.pem rootA.pem server www.example.com - - EXPIRED
v not_yet_valid leafFuture.pem chainA.pem rootA.pem server www.example.com - - NOT_YET_VALID
v expired_int leafUnderOld.pem intOld.pem rootA.pem server - - - EXPIRED
v attime_before leafA.pem chainA.pem rootA.pem server - $((now - 86400 * 30)) - NOT_YET_VALID
v attime_after leafA.pem chainA.pem rootA.pem server - $((now + 86400 * 900)) - EXPIRED
v attime_later leafA.pem chainA.pem rootA.pem server - $((now + 86400)) - OK

v eku_client_as_server leafClient.pem chainA.pem rootA.pem server - - - PURPOSE
v ku_nr_as_server leafKuNr.pem chainA.pem rootA.pem server - - - PURPOSE
v ku_ke_as_server leafKuKe.pem chainA.pem rootA.pem server - - - OK
v ku_ke_as_client leafKuKe.pem chainA.pem rootA.pem client - - - PURPOSE
v any_eku_as_server leafAnyEku.pem chainA.pem rootA.pem server - - - PURPOSE
v int_eku_client leafUnderEkuClient.pem intEkuClient.pem rootA.pem server - - - PURPOSE
v int_eku_server leafUnderEkuServer.pem intEkuServer.pem rootA.pem server - - - OK
v int_eku_any_purpose leafUnderEkuClient.pem intEkuClient.pem rootA.pem any - - - OK

v pathlen_violated leafPl0.pem chainPl0.pem rootA.pem server - - - PATH_LEN
v pathlen_ok leafPl1.pem chainPl1.pem rootA.pem server - - - OK
v int_not_ca leafUnderNoCa.pem intNoCa.pem rootA.pem server - - - NOT_CA
v int_no_bc leafUnderNoBc.pem intNoBc.pem rootA.pem server - - - NOT_CA
v int_no_certsign leafUnderNoCertSign.pem intNoCertSign.pem rootA.pem server - - - NOT_CA
v depth_ok leafDeep.pem chainDeep.pem rootA.pem server - - 3 OK
v depth_exceeded leafDeep.pem chainDeep.pem rootA.pem server - - 2 CHAIN_TOO_LONG

v name_mismatch leafA.pem chainA.pem rootA.pem server other.example.com - - NAME_MISMATCH
v ip_mismatch leafA.pem chainA.pem rootA.pem server 192.0.2.2 - - NAME_MISMATCH
v wild_ok leafWild.pem chainA.pem rootA.pem server a.wild.example.com - - OK
v wild_bare leafWild.pem chainA.pem rootA.pem server wild.example.com - - NAME_MISMATCH
v wild_two_labels leafWild.pem chainA.pem rootA.pem server a.b.wild.example.com - - NAME_MISMATCH
v wild_tld leafTld.pem chainA.pem rootA.pem server example.com - - NAME_MISMATCH
v ip_san_v4 leafIp.pem chainA.pem rootA.pem server 192.0.2.1 - - OK
v ip_san_v6 leafIp.pem chainA.pem rootA.pem server 2001:db8::1 - - OK
v ip_in_dns_san leafIp.pem chainA.pem rootA.pem server 192.0.2.7 - - NAME_MISMATCH
v cn_fallback leafCn.pem chainA.pem rootA.pem server legacy.example.com - - OK
v cn_ignored_with_san leafCnSan.pem chainA.pem rootA.pem server cn.example.com - - NAME_MISMATCH

v nc_ok leafNcOk.pem intNc.pem rootA.pem server www.example.com - - OK
v nc_dns_outside leafNcBad.pem intNc.pem rootA.pem server - - - NAME_CONSTRAINTS
v nc_dns_excluded leafNcExcl.pem intNc.pem rootA.pem server - - - NAME_CONSTRAINTS
v nc_ip_outside leafNcIp.pem intNc.pem rootA.pem server - - - NAME_CONSTRAINTS
v nc_cn_outside leafNcCn.pem intNc.pem rootA.pem server - - - NAME_CONSTRAINTS
v nc_dn_ok leafNcDnOk.pem intNcDn.pem rootA.pem server - - - OK
v nc_dn_outside leafNcDnBad.pem intNcDn.pem rootA.pem server - - - NAME_CONSTRAINTS

v critical_ext leafCrit.pem chainA.pem rootA.pem server - - - CRITICAL_EXT
v self_signed_leaf selfSigned.pem - rootA.pem server - - - SELF_SIGNED
v untrusted_root leafX.pem chainX.pem rootA.pem server - - - SELF_SIGNED_IN_CHAIN
v missing_int leafA.pem - rootA.pem server - - - UNKNOWN_ISSUER
v wrong_root leafE.pem intE.pem rootA.pem server - - - UNKNOWN_ISSUER
v wrong_key_same_name leafWrongSig.pem intImpostor.pem rootA.pem server - - - SIGNATURE
v bad_signature_bits leafFlip.pem chainA.pem rootA.pem server - - - SIGNATURE
v ok_bare leafBare.pem intBare.pem rootA.pem server - - - OK

# name LEAF host|ip VALUE: what "openssl x509 -check*" says alone.
name() {
	if openssl x509 -in "$1" -noout -check"$2" "$3" 2>/dev/null | grep -q "does match"; then
		echo "name $1 $2 $3 1" >>manifest
	else
		echo "name $1 $2 $3 0" >>manifest
	fi
}
for h in www.example.com WWW.Example.COM example.com other.example.com www.example.com. \
	 www.example.co 192.0.2.1; do
	name leafA.pem host "$h"
done
for h in a.wild.example.com A.WILD.EXAMPLE.COM wild.example.com a.b.wild.example.com \
	 .wild.example.com xn--bcher-kva.wild.example.com _x.wild.example.com \
	 -x.wild.example.com; do
	name leafWild.pem host "$h"
done
for h in example.com x.com; do name leafTld.pem host "$h"; done
for h in legacy.example.com LEGACY.example.com other.example.com; do name leafCn.pem host "$h"; done
for h in cn.example.com san.example.com; do name leafCnSan.pem host "$h"; done
for ip in 192.0.2.1 192.0.2.2 2001:db8::1 2001:db8:0:0:0:0:0:1 2001:db8::2 192.0.2.7 \
	  ::ffff:192.0.2.1; do
	name leafIp.pem ip "$ip"
done
for h in foo.example.org f.example.org example.org; do name leafPartial.pem host "$h"; done

# --- private keys -------------------------------------------------------------
pw=s3cret-Pässwörd
# key FILE PASSWORD FORMAT EXPECT
key() { echo "key $*" >>manifest; }

o pkey -in leafA.key -traditional -out rsa_pkcs1.pem
o pkey -in leafA.key -traditional -outform DER -out rsa_pkcs1.der
o pkey -in leafA.key -out rsa_pkcs8.pem
o pkey -in leafA.key -outform DER -out rsa_pkcs8.der
o pkcs8 -topk8 -in leafA.key -passout pass:"$pw" -out rsa_p8_aes256.pem
o pkcs8 -topk8 -in leafA.key -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout pass:"$pw" \
	-out rsa_p8_aes128_sha1.pem
o pkcs8 -topk8 -in leafA.key -v2 des3 -passout pass:"$pw" -out rsa_p8_des3.pem
o pkcs8 -topk8 -in leafA.key -v2 aes-192-cbc -v2prf hmacWithSHA512 -passout pass:"$pw" \
	-outform DER -out rsa_p8_aes192.der
o pkcs8 -topk8 -in leafA.key -v1 PBE-SHA1-3DES -passout pass:"$pw" -out rsa_p8_pbe3des.pem
o rsa -in leafA.key -traditional -aes128 -passout pass:"$pw" -out rsa_legacy_aes128.pem
o rsa -in leafA.key -traditional -aes256 -passout pass:"$pw" -out rsa_legacy_aes256.pem
o rsa -in leafA.key -traditional -des3 -passout pass:"$pw" -out rsa_legacy_des3.pem
o pkey -in big.key -traditional -out rsa3072_pkcs1.pem
o pkey -in leafE.key -traditional -out ec_sec1.pem
o pkey -in leafE.key -traditional -outform DER -out ec_sec1.der
o pkey -in leafE.key -out ec_pkcs8.pem
o ecparam -name prime256v1 -out ec_params_key.pem
o pkey -in leafE.key -traditional >>ec_params_key.pem
o pkcs8 -topk8 -in leafE.key -passout pass:"$pw" -out ec_p8_aes256.pem
o ec -in leafE.key -aes256 -passout pass:"$pw" -out ec_legacy_aes256.pem
o ec -in leafE.key -des3 -passout pass:"$pw" -out ec_legacy_des3.pem
o pkey -in rootE.key -out ec384_pkcs8.pem
o pkey -in rootE.key -traditional -out ec384_sec1.pem
cat leafA.pem rsa_pkcs8.pem >cert_and_key.pem

for f in rsa_pkcs1.pem rsa_pkcs1.der rsa_pkcs8.pem rsa_pkcs8.der rsa3072_pkcs1.pem \
	 ec_sec1.pem ec_sec1.der ec_pkcs8.pem ec_params_key.pem ec384_pkcs8.pem ec384_sec1.pem \
	 cert_and_key.pem; do
	key "$f" - plain OK
done
for f in rsa_p8_aes256.pem rsa_p8_aes128_sha1.pem rsa_p8_des3.pem rsa_p8_aes192.der \
	 rsa_p8_pbe3des.pem rsa_legacy_aes128.pem rsa_legacy_aes256.pem rsa_legacy_des3.pem \
	 ec_p8_aes256.pem ec_legacy_aes256.pem ec_legacy_des3.pem; do
	key "$f" "$pw" encrypted OK
	key "$f" wrong-password encrypted BAD_PASSWORD
	key "$f" - encrypted NO_PASSWORD
done

# --- PKCS#12 --------------------------------------------------------------------
# p12 FILE PASSWORD EXPECT NCERTS; for every readable file, what "openssl
# pkcs12" itself extracts: FILE.key.pem, FILE.leaf.pem, FILE.ca.pem.
p12() {
	echo "p12 $*" >>manifest
	[ "$3" = OK ] || return 0
	pass=$2
	[ "$pass" = EMPTY ] || [ "$pass" = - ] && pass=
	legacy=
	case $1 in legacy*) legacy=-legacy ;; esac
	o pkcs12 $legacy -in "$1" -passin pass:"$pass" -nocerts -nodes -out "$1.key.pem"
	o pkcs12 $legacy -in "$1" -passin pass:"$pass" -nokeys -clcerts -out "$1.leaf.pem"
	o pkcs12 $legacy -in "$1" -passin pass:"$pass" -nokeys -cacerts -out "$1.ca.pem"
}
o pkcs12 -export -in leafA.pem -inkey leafA.key -certfile chainA.pem -passout pass:"$pw" \
	-out modern.p12
o pkcs12 -export -legacy -in leafA.pem -inkey leafA.key -certfile chainA.pem \
	-passout pass:"$pw" -out legacy.p12
o pkcs12 -export -in leafE.pem -inkey leafE.key -passout pass:"$pw" -out ec.p12
o pkcs12 -export -in leafA.pem -inkey leafA.key -passout pass:"$pw" -nomac -out nomac.p12
o pkcs12 -export -in leafA.pem -inkey leafA.key -passout pass: -out emptypw.p12
o pkcs12 -export -in leafA.pem -inkey leafA.key -keypbe NONE -certpbe NONE \
	-passout pass:"$pw" -out plain.p12
o pkcs12 -export -in leafA.pem -inkey leafA.key -certfile chainA.pem -macalg sha512 \
	-keypbe AES-128-CBC -passout pass:"$pw" -out sha512mac.p12
for f in modern.p12 legacy.p12 sha512mac.p12; do
	p12 "$f" "$pw" OK 2
	p12 "$f" wrong-password BAD_PASSWORD 0
	p12 "$f" - NO_PASSWORD 0
done
p12 ec.p12 "$pw" OK 1
p12 nomac.p12 "$pw" OK 1
p12 nomac.p12 wrong-password BAD_PASSWORD 0
p12 emptypw.p12 EMPTY OK 1
p12 emptypw.p12 - OK 1
p12 plain.p12 "$pw" OK 1

# --- DH parameters ------------------------------------------------------------------
o genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dh_ffdhe2048.pem
o genpkey -genparam -algorithm DHX -pkeyopt dh_paramgen_prime_len:1024 \
	-pkeyopt dh_paramgen_subprime_len:160 -out dh_x942.pem
o dhparam -in dh_ffdhe2048.pem -outform DER -out dh_ffdhe2048.der
for f in dh_ffdhe2048.pem dh_x942.pem dh_ffdhe2048.der; do
	echo "dh $f" >>manifest
done
# --- fuzzing seeds that hold keys (so they are made here, not committed) -------
fs=fuzz-seeds
mkdir -p $fs/fuzz_pkcs8 $fs/fuzz_pkcs12 $fs/fuzz_pem
cp rsa_pkcs8.der rsa_pkcs1.der ec_sec1.der $fs/fuzz_pkcs8/
o pkcs8 -topk8 -in leafE.key -passout pass:fuzz -iter 1 -outform DER -out $fs/fuzz_pkcs8/ec_pbes2.der
o pkcs8 -topk8 -in leafE.key -v1 PBE-SHA1-3DES -passout pass:fuzz -iter 1 -outform DER \
	-out $fs/fuzz_pkcs8/ec_pbe3des.der
o pkcs12 -export -in leafE.pem -inkey leafE.key -passout pass:fuzz -iter 1 -out $fs/fuzz_pkcs12/ec.p12
o pkcs12 -export -legacy -in leafE.pem -inkey leafE.key -passout pass:fuzz -iter 1 \
	-out $fs/fuzz_pkcs12/ec_legacy.p12
o ec -in leafE.key -aes128 -passout pass:fuzz -out $fs/fuzz_pem/ec_legacy_aes.pem
cp ec_params_key.pem rsa_pkcs1.pem cert_and_key.pem $fs/fuzz_pem/

echo "pki-testdata: $(wc -l <manifest) cases in $out"
