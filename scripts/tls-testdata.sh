#!/bin/sh
# Make the certificates and keys the TLS tests and benchmarks use, with
# the openssl command-line tool (nothing is committed):
#
#   ca.pem                  the server CA (RSA-2048, self-signed)
#   server.pem server.key   CN=localhost, SAN localhost and 127.0.0.1, by ca.pem
#                           (keys are PKCS#1, "BEGIN RSA PRIVATE KEY")
#   server-p8.key           server.key as unencrypted PKCS#8
#   server-chain.pem        server.pem then ca.pem
#   server-enc.key          server.key encrypted (PKCS#8, AES-256, password "secret")
#   client-ca.pem           the client CA
#   client.pem client.key   CN=mxtls client, clientAuth, by client-ca.pem
#   other-ca.pem            a CA that signed neither
#   server.p12              server key and chain, password "secret"
#   server-ec.pem .key      ECDSA P-256, CN=localhost, by ca.pem (SEC 1 key)
#   ec-ca.pem               an ECDSA P-384 CA
#   server-ec384.pem .key   ECDSA P-384, CN=localhost, by ec-ca.pem
#   ca-all.pem              ca.pem and ec-ca.pem
#   client-ec.pem .key      ECDSA P-256 client certificate, by client-ca.pem
#   other.pem other.key     RSA, CN=other.example (SNI), by ca.pem
#   dh2048.pem              2048-bit DH parameters that are no RFC 7919 group
#                           (X9.42 form, with q)
#   ffdhe3072.pem           RFC 7919's ffdhe3072 as PKCS#3 "DH PARAMETERS"
#                           (the form "openssl s_server -dhparam" reads)
#
# Idempotent: does nothing when OUT/done says this version (3) made it.
#
#   scripts/tls-testdata.sh OUT
set -eu
out=$1
[ "$(cat "$out/done" 2>/dev/null)" = 3 ] && exit 0
rm -rf "$out"
mkdir -p "$out"
cd "$out"
log=$PWD/openssl.log
o() {
	openssl "$@" 2>>"$log" || {
		echo "tls-testdata: openssl $* failed:" >&2
		tail -n 5 "$log" >&2
		exit 1
	}
}
cat >ext.cnf <<'CNF'
[other]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:other.example
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
CNF
ca() { # name cn
	o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key"
	o req -new -key "$1.key" -subj "/CN=$2/O=mxtls tests" -out "$1.csr"
	o x509 -req -in "$1.csr" -signkey "$1.key" -days 3650 -extfile ext.cnf \
		-extensions ca -out "$1.pem"
}
leaf() { # name cn ca section [curve]
	if [ $# -gt 4 ]; then
		o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$5" \
			-pkeyopt ec_param_enc:named_curve -out "$1.p8"
		o ec -in "$1.p8" -out "$1.key"
	else
		o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.p8"
		o rsa -in "$1.p8" -traditional -out "$1.key"
	fi
	o req -new -key "$1.key" -subj "/CN=$2/O=mxtls tests" -out "$1.csr"
	o x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days 3650 \
		-extfile ext.cnf -extensions "$4" -out "$1.pem"
}
ca ca "mxtls test CA"
ca client-ca "mxtls client CA"
ca other-ca "mxtls other CA"
leaf server localhost ca server
leaf client "mxtls client" client-ca client
leaf server-ec localhost ca server P-256
o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve \
	-out ec-ca.key
o req -new -key ec-ca.key -subj "/CN=mxtls EC test CA/O=mxtls tests" -out ec-ca.csr
o x509 -req -in ec-ca.csr -signkey ec-ca.key -days 3650 -extfile ext.cnf -extensions ca \
	-out ec-ca.pem
leaf server-ec384 localhost ec-ca server P-384
leaf client-ec "mxtls EC client" client-ca client P-256
leaf other other.example ca other
cat ca.pem ec-ca.pem >ca-all.pem
o dhparam -dsaparam -out dh2048.pem 2048
o genpkey -genparam -algorithm DH -pkeyopt group:ffdhe3072 -out ffdhe3072.pem
cat server.pem ca.pem >server-chain.pem
cp server.p8 server-p8.key
o pkcs8 -topk8 -in server.key -v2 aes-256-cbc -passout pass:secret -out server-enc.key
o pkcs12 -export -inkey server.key -in server.pem -certfile ca.pem -passout pass:secret \
	-out server.p12
echo 3 >done
