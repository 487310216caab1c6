// SPDX-License-Identifier: GPL-2.0
/*
 * Certificate parsing and chain validation against OpenSSL's libcrypto,
 * measured in the same run, on a 3-certificate RSA-2048 chain (root,
 * intermediate, server certificate for www.example.com) that the openssl
 * tool makes in build/bench-pki/ on first use.
 *
 * Figures:
 *   x509_parse         certificates parsed and freed per second (each of
 *                      the three in turn): mx_x509_parse vs d2i_X509
 *   chain_verify       validations per second of the parsed server
 *                      certificate and intermediate against a store
 *                      holding the root, for server authentication and
 *                      the host name: mx_x509_verify vs X509_verify_cert
 *   chain_parse_verify the same starting from the two DER certificates,
 *                      as a TLS handshake does
 *   cert_memory        heap bytes held per parsed certificate (cost: the
 *                      ratio is peer/ours)
 * Both sides run alternately, three rounds of about 0.3 s each, and the
 * best round counts (the machine is shared).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "pki/pem.h"
#include "pki/trust.h"
#include "pki/verify.h"
#include "pki/x509.h"

#define DIR "build/bench-pki"
#define HOST "www.example.com"

static const char make_chain[] =
	"set -e; mkdir -p " DIR "; cd " DIR "; "
	"printf '[ca]\\nbasicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n"
	"subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n"
	"[leaf]\\nbasicConstraints=critical,CA:FALSE\\n"
	"keyUsage=critical,digitalSignature,keyEncipherment\\nextendedKeyUsage=serverAuth\\n"
	"subjectAltName=DNS:" HOST ",DNS:example.com\\n' >ext.cnf; "
	"for k in root int leaf; do "
	"openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $k.key 2>/dev/null; done; "
	"openssl req -x509 -new -key root.key -subj '/O=bench/CN=Bench Root' -days 3650 "
	"-config ext.cnf -extensions ca -out root.pem 2>/dev/null; "
	"openssl req -new -key int.key -subj '/O=bench/CN=Bench Intermediate' -out int.csr; "
	"openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -set_serial 2 -days 3650 "
	"-extfile ext.cnf -extensions ca -out int.pem 2>/dev/null; "
	"openssl req -new -key leaf.key -subj '/O=bench/CN=" HOST "' -out leaf.csr; "
	"openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 3 -days 3650 "
	"-extfile ext.cnf -extensions leaf -out leaf.pem 2>/dev/null";

struct chain {
	uint8_t *der[3];		/* leaf, intermediate, root */
	size_t len[3];
	/* ours */
	struct mx_x509 *cert[3];
	struct mx_trust_store ts;
	/* libcrypto */
	X509 *x[3];
	X509_STORE *store;
	STACK_OF(X509) *untrusted;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef int (*op_fn)(struct chain *c, unsigned long i);

/* Operations per second over about 0.3 s. */
static double rate(op_fn fn, struct chain *c)
{
	double t0 = now(), t;
	unsigned long ops = 0, batch = 1, i;

	do {
		for (i = 0; i < batch; i++) {
			if (fn(c, ops + i)) {
				fprintf(stderr, "bench_pki: an operation failed\n");
				exit(1);
			}
		}
		ops += batch;
		if (batch < 4096)
			batch *= 2;
		t = now() - t0;
	} while (t < 0.3);
	return (double)ops / t;
}

static void bench(const char *name, op_fn ours, op_fn peer, struct chain *c)
{
	double o = 0, p = 0, r;
	int round;

	for (round = 0; round < 3; round++) {
		r = rate(ours, c);
		o = r > o ? r : o;
		r = rate(peer, c);
		p = r > p ? r : p;
	}
	printf("BENCH name=%s ours=%.0f peer=%.0f unit=ops/s peer_is=openssl-%s ratio=%.2f\n",
	       name, o, p, OpenSSL_version(OPENSSL_VERSION_STRING), o / p);
}

/* --- parsing ---------------------------------------------------------------- */
static int our_parse(struct chain *c, unsigned long i)
{
	struct mx_x509 *x;

	if (mx_x509_parse(c->der[i % 3], c->len[i % 3], &x))
		return 1;
	mx_x509_free(x);
	return 0;
}

static int peer_parse(struct chain *c, unsigned long i)
{
	const unsigned char *p = c->der[i % 3];
	X509 *x = d2i_X509(NULL, &p, (long)c->len[i % 3]);

	if (!x)
		return 1;
	X509_free(x);
	return 0;
}

/* --- validation --------------------------------------------------------------- */
static const struct mx_verify_opts opts = {
	.time = MX_VERIFY_NOW, .purpose = MX_PURPOSE_SERVER, .peer_name = HOST,
};

static int our_verify(struct chain *c, unsigned long i)
{
	const struct mx_x509 *peer[2] = { c->cert[0], c->cert[1] };
	struct mx_verify_result res;

	return mx_x509_verify(peer, 2, &c->ts, &opts, &res) != PS_CERT_OK;
}

static int peer_verify_one(struct chain *c, X509 *leaf, STACK_OF(X509) *untrusted)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok;

	if (!ctx || !X509_STORE_CTX_init(ctx, c->store, leaf, untrusted))
		return 1;
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
	X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(ctx), HOST, 0);
	ok = X509_verify_cert(ctx);
	X509_STORE_CTX_free(ctx);
	return ok != 1;
}

static int peer_verify(struct chain *c, unsigned long i)
{
	return peer_verify_one(c, c->x[0], c->untrusted);
}

static int our_parse_verify(struct chain *c, unsigned long i)
{
	struct mx_x509 *peer[2] = { NULL, NULL };
	struct mx_verify_result res;
	int r = 1;

	if (!mx_x509_parse(c->der[0], c->len[0], &peer[0]) &&
	    !mx_x509_parse(c->der[1], c->len[1], &peer[1]))
		r = mx_x509_verify((const struct mx_x509 *const *)peer, 2, &c->ts, &opts,
				   &res) != PS_CERT_OK;
	mx_x509_free(peer[0]);
	mx_x509_free(peer[1]);
	return r;
}

static int peer_parse_verify(struct chain *c, unsigned long i)
{
	const unsigned char *p0 = c->der[0], *p1 = c->der[1];
	X509 *leaf = d2i_X509(NULL, &p0, (long)c->len[0]);
	X509 *in = d2i_X509(NULL, &p1, (long)c->len[1]);
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	int r = 1;

	if (leaf && in && untrusted && sk_X509_push(untrusted, in))
		r = peer_verify_one(c, leaf, untrusted);
	sk_X509_free(untrusted);
	X509_free(leaf);
	X509_free(in);
	return r;
}

/* --- memory --------------------------------------------------------------------- */
#define MEM_CERTS 1000

static void memory(struct chain *c)
{
	static void *held[MEM_CERTS];
	size_t before, ours, peer;
	const unsigned char *p;
	int i;

	before = mallinfo2().uordblks;
	for (i = 0; i < MEM_CERTS; i++)
		if (mx_x509_parse(c->der[0], c->len[0], (struct mx_x509 **)&held[i]))
			exit(1);
	ours = (mallinfo2().uordblks - before) / MEM_CERTS;
	for (i = 0; i < MEM_CERTS; i++)
		mx_x509_free(held[i]);

	before = mallinfo2().uordblks;
	for (i = 0; i < MEM_CERTS; i++) {
		p = c->der[0];
		held[i] = d2i_X509(NULL, &p, (long)c->len[0]);
		if (!held[i])
			exit(1);
	}
	peer = (mallinfo2().uordblks - before) / MEM_CERTS;
	for (i = 0; i < MEM_CERTS; i++)
		X509_free(held[i]);
	printf("BENCH name=cert_memory ours=%zu peer=%zu unit=bytes peer_is=openssl-%s "
	       "ratio=%.2f\n", ours, peer, OpenSSL_version(OPENSSL_VERSION_STRING),
	       (double)peer / (double)ours);
}

/* --- set-up ------------------------------------------------------------------------- */
static void load(struct chain *c)
{
	static const char *const files[3] = { DIR "/leaf.pem", DIR "/int.pem", DIR "/root.pem" };
	struct stat st;
	int i;

	if (stat(DIR "/leaf.pem", &st) && system(make_chain)) {
		fprintf(stderr, "bench_pki: cannot make the chain with openssl\n");
		exit(1);
	}
	for (i = 0; i < 3; i++) {
		FILE *f = fopen(files[i], "r");
		unsigned char *der = NULL;
		int n;

		if (!f || !(c->x[i] = PEM_read_X509(f, NULL, NULL, NULL)) ||
		    (n = i2d_X509(c->x[i], &der)) <= 0) {
			fprintf(stderr, "bench_pki: cannot read %s\n", files[i]);
			exit(1);
		}
		fclose(f);
		c->der[i] = der;
		c->len[i] = (size_t)n;
		if (mx_x509_parse(der, (size_t)n, &c->cert[i])) {
			fprintf(stderr, "bench_pki: we cannot parse %s\n", files[i]);
			exit(1);
		}
	}
	mx_trust_init(&c->ts);
	c->store = X509_STORE_new();
	c->untrusted = sk_X509_new_null();
	if (mx_trust_add_der(&c->ts, c->der[2], c->len[2]) || !c->store || !c->untrusted ||
	    !X509_STORE_add_cert(c->store, c->x[2]) || !sk_X509_push(c->untrusted, c->x[1])) {
		fprintf(stderr, "bench_pki: set-up failed\n");
		exit(1);
	}
}

int main(void)
{
	static struct chain c;

	load(&c);
	/* Both sides must accept the chain before anything is timed. */
	if (our_verify(&c, 0) || peer_verify(&c, 0) || our_parse_verify(&c, 0) ||
	    peer_parse_verify(&c, 0)) {
		fprintf(stderr, "bench_pki: the chain does not validate\n");
		return 1;
	}
	bench("x509_parse", our_parse, peer_parse, &c);
	bench("chain_verify", our_verify, peer_verify, &c);
	bench("chain_parse_verify", our_parse_verify, peer_parse_verify, &c);
	memory(&c);
	return 0;
}
