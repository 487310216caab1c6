// SPDX-License-Identifier: GPL-2.0
/*
 * Public-key operations per second against OpenSSL, measured in the same
 * run: RSA-2048/3072/4096 private (CRT, PKCS#1 v1.5 signature with a
 * SHA-256 digest) and public (its verification), ffdhe2048 derivation,
 * ECDH P-256, X25519, ECDSA P-256 sign and verify. Two peers per figure:
 *
 *  - openssl-evp: libcrypto's EVP interface called from this program on
 *    its own keys, timed exactly like ours: both sides alternately, seven
 *    rounds of about 0.2 s each, the best round counts (the machine is
 *    shared; the best is the least disturbed). Time is this thread's CPU
 *    time, so that rounds in which the scheduler runs other jobs on our
 *    core are not counted as our time. The ratio to this peer is
 *    the one the targets refer to.
 *  - openssl-speed: `openssl speed -mr` for the same algorithms, run
 *    right after.
 *
 * rsa2048-private-noifma runs our side with AVX-512 IFMA hidden
 * (mx_cpu_hide, as MXTLS_NO_IFMA=1 does) against the same two peers,
 * plus `openssl speed` with libcrypto's IFMA code masked off too.
 *
 * Each side works as it would in a handshake: ours with its blinding,
 * result check and point validation, OpenSSL with its own.
 *
 * Last, the .text size of the bignum, RSA and DH objects built with -Os
 * (build/os/pk/, made by `make bench-crypto`) against the 24 KiB target.
 *
 * Prints: BENCH name=<figure> ours=<n> peer=<n> unit=ops/s|bytes
 *         peer_is=<openssl-evp|openssl-speed|target> ratio=<r>
 */
#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

#include "crypto/cpu.h"
#include "crypto/dh.h"
#include "crypto/ec.h"
#include "crypto/hash.h"
#include "crypto/rsa.h"
#include "crypto/x25519.h"

#define ROUNDS		7
#define ROUND_SECONDS	0.2
#define TEXT_TARGET	(24 * 1024)
#define OS_DIR		"build/os/pk"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct op {
	int (*fn)(void *arg);
	void *arg;
};

/* ops/s of op over about ROUND_SECONDS; exits on a failed operation. */
static double rate(const struct op *op)
{
	double t0 = now(), t;
	long n = 0;

	do {
		if (op->fn(op->arg) != 0) {
			fprintf(stderr, "bench_crypto_pk: an operation failed\n");
			exit(1);
		}
		n++;
		t = now() - t0;
	} while (t < ROUND_SECONDS);
	return (double)n / t;
}

static void line(const char *name, double ours, double peer, const char *peer_is)
{
	printf("BENCH name=%s ours=%.0f peer=%.0f unit=ops/s peer_is=%s ratio=%.2f\n",
	       name, ours, peer, peer_is, peer > 0 ? ours / peer : 0.0);
	fflush(stdout);
}

/* Best rounds of ours and the peer, alternately; returns ours. */
static double compare(const char *name, const struct op *ours, const struct op *peer)
{
	double best_ours = 0, best_peer = 0;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		double o = rate(ours), p = rate(peer);

		best_ours = o > best_ours ? o : best_ours;
		best_peer = p > best_peer ? p : best_peer;
	}
	line(name, best_ours, best_peer, "openssl-evp");
	return best_ours;
}

/* --- our side ------------------------------------------------------------ */

static uint8_t digest[32] = { 0x5a, 1, 2, 3 };

struct rsa_arg {
	struct mx_rsa_key *key;
	uint8_t sig[512];
};

static int our_rsa_sign(void *a)
{
	struct rsa_arg *r = a;

	return mx_rsa_pkcs1_sign(r->key, MX_HASH_SHA256, digest, 32, r->sig);
}

static int our_rsa_verify(void *a)
{
	struct rsa_arg *r = a;

	return mx_rsa_pkcs1_verify(r->key, MX_HASH_SHA256, digest, 32, r->sig,
				   mx_rsa_size(r->key));
}

struct dh_arg {
	struct mx_dh_params *dp;
	uint8_t priv[MX_DH_MAX_BYTES], peer[MX_DH_MAX_BYTES], z[MX_DH_MAX_BYTES];
	size_t priv_len;
};

static int our_dh(void *a)
{
	struct dh_arg *d = a;

	return mx_dh_derive(d->dp, d->priv, d->priv_len, d->peer, mx_dh_size(d->dp), d->z);
}

struct ec_arg {
	struct mx_ec_key key, peer;
	uint8_t out[MX_ECDSA_MAX_SIG];
	size_t len;
};

static int our_ecdh(void *a)
{
	struct ec_arg *e = a;

	return mx_ecdh_derive(&e->key, mx_ec_key_public(&e->peer), 65, e->out);
}

static int our_ecdsa_sign(void *a)
{
	struct ec_arg *e = a;

	e->len = sizeof(e->out);
	return mx_ecdsa_sign(&e->key, MX_HASH_SHA256, digest, 32, e->out, &e->len);
}

static int our_ecdsa_verify(void *a)
{
	struct ec_arg *e = a;

	return mx_ecdsa_verify(&e->key, digest, 32, e->out, e->len);
}

struct x_arg {
	uint8_t priv[32], pub[32], peer[32], z[32];
};

static int our_x25519(void *a)
{
	struct x_arg *x = a;

	return mx_x25519(x->z, x->priv, x->peer);
}

/* --- OpenSSL's side ------------------------------------------------------- */

struct evp_arg {
	EVP_PKEY_CTX *ctx;
	uint8_t out[1024];
	size_t len;
};

static int evp_sign(void *a)
{
	struct evp_arg *e = a;

	e->len = sizeof(e->out);
	return EVP_PKEY_sign(e->ctx, e->out, &e->len, digest, 32) == 1 ? 0 : -1;
}

static int evp_verify(void *a)
{
	struct evp_arg *e = a;

	return EVP_PKEY_verify(e->ctx, e->out, e->len, digest, 32) == 1 ? 0 : -1;
}

static int evp_derive(void *a)
{
	struct evp_arg *e = a;

	e->len = sizeof(e->out);
	return EVP_PKEY_derive(e->ctx, e->out, &e->len) == 1 ? 0 : -1;
}

static EVP_PKEY_CTX *sign_ctx(EVP_PKEY *k, int verify)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);

	if (!c || (verify ? EVP_PKEY_verify_init(c) : EVP_PKEY_sign_init(c)) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) != 1) {
		fprintf(stderr, "bench_crypto_pk: libcrypto set-up failed\n");
		exit(1);
	}
	return c;
}

static EVP_PKEY_CTX *derive_ctx(EVP_PKEY *k, EVP_PKEY *peer)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);

	if (!c || EVP_PKEY_derive_init(c) != 1 || EVP_PKEY_derive_set_peer(c, peer) != 1) {
		fprintf(stderr, "bench_crypto_pk: libcrypto set-up failed\n");
		exit(1);
	}
	return c;
}

/* A big-endian component of an OpenSSL key. */
static size_t bn_param(EVP_PKEY *k, const char *name, uint8_t *out)
{
	BIGNUM *b = NULL;
	size_t n;

	if (EVP_PKEY_get_bn_param(k, name, &b) != 1) {
		fprintf(stderr, "bench_crypto_pk: no %s\n", name);
		exit(1);
	}
	n = (size_t)BN_bn2bin(b, out);
	BN_free(b);
	return n;
}

/* Our best rates, for the openssl-speed lines. */
struct results {
	double rsa[3][2];	/* 2048, 3072, 4096: private, public */
	double rsa2048_noifma;	/* private, IFMA hidden */
	double dh, ecdh, x25519, ecdsa_sign, ecdsa_verify;
};

/*
 * res[0], res[1]: private and public ops/s. With no_ifma, our side runs
 * with AVX-512 IFMA hidden (the MULX/ADX Montgomery code of CPUs without
 * it) and only the private operation is measured, as rsa<bits>-private-noifma.
 */
static void bench_rsa(int bits, double *res, int no_ifma)
{
	EVP_PKEY *pk = EVP_RSA_gen((unsigned int)bits);
	uint8_t v[8][512];
	size_t l[8];
	struct mx_rsa_parts parts;
	struct rsa_arg ours;
	struct evp_arg sign, verify;
	struct op o, p;
	char name[64];
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
		OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
		OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	int i;

	if (!pk)
		exit(1);
	/* the contexts of the key choose their code when it is loaded */
	mx_cpu_hide(no_ifma ? MX_CPU_IFMA : 0);
	/* the same key on both sides */
	for (i = 0; i < 8; i++)
		l[i] = bn_param(pk, names[i], v[i]);
	parts = (struct mx_rsa_parts){ v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
				       l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7] };
	if (mx_rsa_key_private(&ours.key, &parts) != 0)
		exit(1);
	sign.ctx = sign_ctx(pk, 0);
	verify.ctx = sign_ctx(pk, 1);
	if (evp_sign(&sign) || our_rsa_sign(&ours) || memcmp(sign.out, ours.sig, sign.len))
		exit(1);
	memcpy(verify.out, sign.out, sign.len);
	verify.len = sign.len;

	snprintf(name, sizeof(name), "rsa%d-private%s", bits, no_ifma ? "-noifma" : "");
	o = (struct op){ our_rsa_sign, &ours };
	p = (struct op){ evp_sign, &sign };
	res[0] = compare(name, &o, &p);
	if (!no_ifma) {
		snprintf(name, sizeof(name), "rsa%d-public", bits);
		o = (struct op){ our_rsa_verify, &ours };
		p = (struct op){ evp_verify, &verify };
		res[1] = compare(name, &o, &p);
	}
	mx_cpu_hide(0);
	mx_rsa_key_free(ours.key);
	EVP_PKEY_CTX_free(sign.ctx);
	EVP_PKEY_CTX_free(verify.ctx);
	EVP_PKEY_free(pk);
}

static EVP_PKEY *ffdhe2048_key(void)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, "ffdhe2048", 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *k = NULL;

	if (!c || EVP_PKEY_keygen_init(c) != 1 || EVP_PKEY_CTX_set_params(c, params) != 1 ||
	    EVP_PKEY_generate(c, &k) != 1)
		k = NULL;
	EVP_PKEY_CTX_free(c);
	return k;
}

static double bench_dh(void)
{
	double r;
	EVP_PKEY *a = ffdhe2048_key(), *b = ffdhe2048_key();
	struct dh_arg ours;
	struct evp_arg peer;
	struct op o, p;
	size_t pl = sizeof(ours.priv);

	if (!a || !b || mx_dh_params_group(&ours.dp, MX_DH_FFDHE2048) ||
	    mx_dh_keygen(ours.dp, ours.priv, &pl, ours.peer))
		exit(1);
	ours.priv_len = pl;
	/* our peer value: a fresh key pair's public half */
	pl = sizeof(ours.z);
	if (mx_dh_keygen(ours.dp, ours.z, &pl, ours.peer))
		exit(1);
	peer.ctx = derive_ctx(a, b);
	o = (struct op){ our_dh, &ours };
	p = (struct op){ evp_derive, &peer };
	r = compare("ffdhe2048-derive", &o, &p);
	mx_dh_params_free(ours.dp);
	EVP_PKEY_CTX_free(peer.ctx);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	return r;
}

static void bench_ec(struct results *res)
{
	const struct mx_ec_curve *c = mx_ec_curve(MX_EC_P256);
	EVP_PKEY *a = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *b = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	struct ec_arg ours;
	struct evp_arg derive, sign, verify;
	struct op o, p;

	if (!a || !b || mx_ec_keygen(&ours.key, c) || mx_ec_keygen(&ours.peer, c))
		exit(1);
	derive.ctx = derive_ctx(a, b);
	o = (struct op){ our_ecdh, &ours };
	p = (struct op){ evp_derive, &derive };
	res->ecdh = compare("ecdh-p256", &o, &p);

	sign.ctx = sign_ctx(a, 0);
	verify.ctx = sign_ctx(a, 1);
	if (evp_sign(&sign) || our_ecdsa_sign(&ours))
		exit(1);
	memcpy(verify.out, sign.out, sign.len);
	verify.len = sign.len;
	o = (struct op){ our_ecdsa_sign, &ours };
	p = (struct op){ evp_sign, &sign };
	res->ecdsa_sign = compare("ecdsa-p256-sign", &o, &p);
	o = (struct op){ our_ecdsa_verify, &ours };
	p = (struct op){ evp_verify, &verify };
	res->ecdsa_verify = compare("ecdsa-p256-verify", &o, &p);
	EVP_PKEY_CTX_free(derive.ctx);
	EVP_PKEY_CTX_free(sign.ctx);
	EVP_PKEY_CTX_free(verify.ctx);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

static double bench_x25519(void)
{
	double r;
	EVP_PKEY *a = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	EVP_PKEY *b = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	struct x_arg ours;
	struct evp_arg peer;
	struct op o, p;

	if (!a || !b || mx_x25519_keygen(ours.priv, ours.pub) ||
	    mx_x25519_keygen(ours.z, ours.peer))
		exit(1);
	peer.ctx = derive_ctx(a, b);
	o = (struct op){ our_x25519, &ours };
	p = (struct op){ evp_derive, &peer };
	r = compare("x25519", &o, &p);
	EVP_PKEY_CTX_free(peer.ctx);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	return r;
}

/*
 * `openssl speed -mr`: "+F2:i:bits:sign/s:verify/s" (RSA), "+F4:..." (ECDSA),
 * "+F5:i:bits:ops/s:..." (ECDH; 253 bits is X25519), "+F8:i:bits:ops/s:..."
 * (FFDH).
 */
static void openssl_speed(const struct results *r)
{
	FILE *p = popen("openssl speed -mr -seconds 1 rsa2048 rsa3072 rsa4096 ffdh2048 "
			"ecdhp256 ecdhx25519 ecdsap256 2>/dev/null", "r");
	char buf[256];

	if (!p) {
		fprintf(stderr, "bench_crypto_pk: cannot run openssl speed\n");
		return;
	}
	while (fgets(buf, sizeof(buf), p)) {
		unsigned int i, bits;
		double a, b;

		if (sscanf(buf, "+F2:%u:%u:%lf:%lf", &i, &bits, &a, &b) == 4) {
			int k = bits == 2048 ? 0 : bits == 3072 ? 1 : 2;
			char name[64];

			snprintf(name, sizeof(name), "rsa%u-private", bits);
			line(name, r->rsa[k][0], a, "openssl-speed");
			snprintf(name, sizeof(name), "rsa%u-public", bits);
			line(name, r->rsa[k][1], b, "openssl-speed");
		} else if (sscanf(buf, "+F8:%u:%u:%lf", &i, &bits, &a) == 3) {
			line("ffdhe2048-derive", r->dh, a, "openssl-speed");
		} else if (sscanf(buf, "+F5:%u:%u:%lf", &i, &bits, &a) == 3) {
			if (bits == 253)
				line("x25519", r->x25519, a, "openssl-speed");
			else
				line("ecdh-p256", r->ecdh, a, "openssl-speed");
		} else if (sscanf(buf, "+F4:%u:%u:%lf:%lf", &i, &bits, &a, &b) == 4) {
			line("ecdsa-p256-sign", r->ecdsa_sign, a, "openssl-speed");
			line("ecdsa-p256-verify", r->ecdsa_verify, b, "openssl-speed");
		}
	}
	pclose(p);
}

/*
 * RSA-2048 from `openssl speed` with libcrypto's AVX-512 IFMA code masked
 * off (OPENSSL_ia32cap: CPUID leaf 7 EBX bit 21), the like-for-like peer
 * of rsa2048-private-noifma.
 */
static void openssl_speed_noifma(const struct results *r)
{
	FILE *p = popen("OPENSSL_ia32cap=':~0x200000' openssl speed -mr -seconds 1 rsa2048 "
			"2>/dev/null", "r");
	char buf[256];

	if (!p) {
		fprintf(stderr, "bench_crypto_pk: cannot run openssl speed\n");
		return;
	}
	while (fgets(buf, sizeof(buf), p)) {
		unsigned int i, bits;
		double a, b;

		if (sscanf(buf, "+F2:%u:%u:%lf:%lf", &i, &bits, &a, &b) == 4)
			line("rsa2048-private-noifma", r->rsa2048_noifma, a,
			     "openssl-speed-noifma");
	}
	pclose(p);
}

/* The .text size of one ELF64 relocatable object; 0 when unreadable. */
static size_t text_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	Elf64_Shdr *sh = NULL;
	char *names = NULL;
	size_t total = 0, i;

	if (!f)
		return 0;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    eh.e_shstrndx >= eh.e_shnum)
		goto out;
	sh = calloc(eh.e_shnum, sizeof(*sh));
	if (!sh || fseek(f, (long)eh.e_shoff, SEEK_SET) ||
	    fread(sh, sizeof(*sh), eh.e_shnum, f) != eh.e_shnum)
		goto out;
	names = malloc(sh[eh.e_shstrndx].sh_size + 1);
	if (!names || fseek(f, (long)sh[eh.e_shstrndx].sh_offset, SEEK_SET) ||
	    fread(names, 1, sh[eh.e_shstrndx].sh_size, f) != sh[eh.e_shstrndx].sh_size)
		goto out;
	names[sh[eh.e_shstrndx].sh_size] = '\0';
	for (i = 0; i < eh.e_shnum; i++)
		if (sh[i].sh_name < sh[eh.e_shstrndx].sh_size &&
		    !strcmp(names + sh[i].sh_name, ".text"))
			total += sh[i].sh_size;
out:
	free(sh);
	free(names);
	fclose(f);
	return total;
}

static int text_line(void)
{
	DIR *d = opendir(OS_DIR);
	struct dirent *e;
	size_t total = 0;
	int files = 0;

	if (!d) {
		fprintf(stderr, "bench_crypto_pk: no %s (run `make bench-crypto`)\n", OS_DIR);
		return 1;
	}
	while ((e = readdir(d))) {
		char path[512];
		size_t n = strlen(e->d_name);

		if (n < 3 || strcmp(e->d_name + n - 2, ".o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", OS_DIR, e->d_name);
		total += text_size(path);
		files++;
	}
	closedir(d);
	if (!files || !total)
		return 1;
	printf("BENCH name=bn-rsa-dh-text-Os ours=%zu peer=%d unit=bytes peer_is=target "
	       "ratio=%.2f\n", total, TEXT_TARGET, (double)TEXT_TARGET / (double)total);
	return 0;
}

int main(void)
{
	static const int rsa_bits[] = { 2048, 3072, 4096 };
	struct results r;
	double nopub[2];
	size_t i;

	printf("# bench_crypto_pk: libcrypto %s\n", OpenSSL_version(OPENSSL_VERSION_STRING));
	for (i = 0; i < 3; i++)
		bench_rsa(rsa_bits[i], r.rsa[i], 0);
	bench_rsa(2048, nopub, 1);
	r.rsa2048_noifma = nopub[0];
	r.dh = bench_dh();
	bench_ec(&r);
	r.x25519 = bench_x25519();
	openssl_speed(&r);
	openssl_speed_noifma(&r);
	return text_line();
}
