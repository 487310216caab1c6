// SPDX-License-Identifier: GPL-2.0
/*
 * Symmetric crypto throughput against OpenSSL, measured in the same run,
 * at 16 B, 1 KiB and 16 KiB per operation. Two peers per figure:
 *
 *  - openssl-evp: libcrypto's EVP interface called from this program,
 *    timed exactly like ours. For the AEADs an operation is a new 12-byte
 *    IV, 13 bytes of AAD (a TLS record header), the data and the tag; for
 *    CBC one update continuing the chain; for hashes a one-shot digest;
 *    for HMAC a keyed context reused per message. Both sides run
 *    alternately, three rounds of about 0.2 s each, and the best round
 *    counts (the machine is shared; the best is the least disturbed).
 *  - openssl-speed: the `openssl speed -evp` command (-hmac for HMAC,
 *    -decrypt for CBC decryption), wall-clock, run right after.
 *
 * Prints: BENCH name=<alg>/<size> ours=<MB/s> peer=<MB/s> unit=MB/s
 *         peer_is=<openssl-evp|openssl-speed> ratio=<ours/peer>
 * With --portable, our side runs the portable constant-time code (names
 * get a "-portable" suffix).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/aes.h"
#include "crypto/chacha20poly1305.h"
#include "crypto/cpu.h"
#include "crypto/gcm.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"

#define MAXLEN 16384

static uint8_t buf[MAXLEN + 64], out[MAXLEN + 64], key[32], iv[16], aad[13], tag[16];

struct ctx {
	size_t len;
	struct mx_aes_key aes;
	struct mx_gcm_key gcm;
	struct mx_hmac_ctx hmac;
	EVP_CIPHER_CTX *evp;
	EVP_MAC_CTX *mac;
	const EVP_MD *md;
};

typedef void (*op_fn)(struct ctx *c);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* MB/s of fn over about 0.2 s. */
static double rate(op_fn fn, struct ctx *c)
{
	double t0 = now(), t;
	unsigned long ops = 0, batch = 1;

	do {
		unsigned long i;

		for (i = 0; i < batch; i++)
			fn(c);
		ops += batch;
		if (batch < (1ul << 20))
			batch *= 2;
		t = now() - t0;
	} while (t < 0.2);
	return (double)ops * (double)c->len / t / 1e6;
}

/* --- ours --------------------------------------------------------------- */
static void our_cbc_enc(struct ctx *c)
{
	mx_aes_cbc_encrypt(&c->aes, iv, buf, buf, c->len);
}

static void our_cbc_dec(struct ctx *c)
{
	mx_aes_cbc_decrypt(&c->aes, iv, buf, buf, c->len);
}

static void our_gcm(struct ctx *c)
{
	iv[11]++;
	mx_gcm_seal(&c->gcm, iv, 12, aad, sizeof(aad), buf, c->len, buf, tag);
}

static void our_chapoly(struct ctx *c)
{
	iv[11]++;
	mx_chacha20_poly1305_seal(key, iv, 12, aad, sizeof(aad), buf, c->len, buf, tag);
}

static void our_sha1(struct ctx *c)
{
	mx_sha1(buf, c->len, out);
}

static void our_sha256(struct ctx *c)
{
	mx_sha256(buf, c->len, out);
}

static void our_hmac_sha1(struct ctx *c)
{
	struct mx_hmac_ctx h = c->hmac;

	mx_hmac_update(&h, buf, c->len);
	mx_hmac_final(&h, out);
}

/* --- OpenSSL -------------------------------------------------------------- */
static void peer_update(struct ctx *c)
{
	int n;

	EVP_CipherUpdate(c->evp, buf, &n, buf, (int)c->len);
}

static void peer_aead(struct ctx *c)
{
	int n;

	iv[11]++;
	EVP_EncryptInit_ex(c->evp, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(c->evp, NULL, &n, aad, sizeof(aad));
	EVP_EncryptUpdate(c->evp, buf, &n, buf, (int)c->len);
	EVP_EncryptFinal_ex(c->evp, buf + n, &n);
	EVP_CIPHER_CTX_ctrl(c->evp, EVP_CTRL_AEAD_GET_TAG, 16, tag);
}

static void peer_digest(struct ctx *c)
{
	unsigned int n;

	EVP_Digest(buf, c->len, out, &n, c->md, NULL);
}

static void peer_hmac(struct ctx *c)
{
	size_t n;

	EVP_MAC_init(c->mac, NULL, 0, NULL);
	EVP_MAC_update(c->mac, buf, c->len);
	EVP_MAC_final(c->mac, out, &n, sizeof(out));
}

/* MB/s from `openssl speed -mr -elapsed` ("+F:<n>:<name>:<bytes/s>"). */
static double speed_cli(const char *args, size_t len)
{
	char cmd[256], line[256];
	double rate = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "openssl speed -mr -elapsed -seconds 1 -bytes %zu %s 2>/dev/null",
		 len, args);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p)) {
		char *last = strrchr(line, ':');

		if (!strncmp(line, "+F:", 3) && last)
			rate = strtod(last + 1, NULL) / 1e6;
	}
	pclose(p);
	return rate;
}

/* --- set-up ----------------------------------------------------------------- */
enum alg { CBC_ENC, CBC_DEC, GCM128, GCM256, CHAPOLY, SHA1, SHA256, HMAC_SHA1, N_ALGS };

static const char *const names[N_ALGS] = {
	"aes-128-cbc-enc", "aes-128-cbc-dec", "aes-128-gcm", "aes-256-gcm",
	"chacha20-poly1305", "sha1", "sha256", "hmac-sha1",
};

static const char *const speed_args[N_ALGS] = {
	"-evp aes-128-cbc", "-decrypt -evp aes-128-cbc", "-evp aes-128-gcm", "-evp aes-256-gcm",
	"-evp chacha20-poly1305", "-evp sha1", "-evp sha256", "-hmac sha1",
};

static void bench_line(const char *name, int portable, size_t len, double ours, double peer,
		       const char *peer_is)
{
	printf("BENCH name=%s%s/%zu ours=%.1f peer=%.1f unit=MB/s peer_is=%s ratio=%.2f\n",
	       name, portable ? "-portable" : "", len, ours, peer, peer_is,
	       peer > 0 ? ours / peer : 0);
	fflush(stdout);
}

static void setup(struct ctx *c, enum alg a)
{
	const EVP_CIPHER *cipher = NULL;
	int enc = 1;

	c->evp = NULL;
	c->mac = NULL;
	switch (a) {
	case CBC_ENC:
	case CBC_DEC:
		mx_aes_setkey(&c->aes, key, 16);
		cipher = EVP_aes_128_cbc();
		enc = a == CBC_ENC;
		break;
	case GCM128:
	case GCM256:
		mx_gcm_setkey(&c->gcm, key, a == GCM128 ? 16 : 32);
		cipher = a == GCM128 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
		break;
	case CHAPOLY:
		cipher = EVP_chacha20_poly1305();
		break;
	case SHA1:
		c->md = EVP_sha1();
		break;
	case SHA256:
		c->md = EVP_sha256();
		break;
	case HMAC_SHA1: {
		EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		OSSL_PARAM p[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA1", 0),
			OSSL_PARAM_construct_end(),
		};

		mx_hmac_init(&c->hmac, MX_HASH_SHA1, key, 20);
		c->mac = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac);
		if (!c->mac || !EVP_MAC_init(c->mac, key, 20, p)) {
			fprintf(stderr, "bench: HMAC set-up failed\n");
			exit(1);
		}
		break;
	}
	default:
		break;
	}
	if (cipher) {
		c->evp = EVP_CIPHER_CTX_new();
		if (!c->evp || !EVP_CipherInit_ex(c->evp, cipher, NULL, key, iv, enc)) {
			fprintf(stderr, "bench: cipher set-up failed\n");
			exit(1);
		}
		EVP_CIPHER_CTX_set_padding(c->evp, 0);
	}
}

int main(int argc, char **argv)
{
	static const op_fn ours[N_ALGS] = {
		our_cbc_enc, our_cbc_dec, our_gcm, our_gcm, our_chapoly,
		our_sha1, our_sha256, our_hmac_sha1,
	};
	static const op_fn peers[N_ALGS] = {
		peer_update, peer_update, peer_aead, peer_aead, peer_aead,
		peer_digest, peer_digest, peer_hmac,
	};
	static const size_t sizes[] = { 16, 1024, 16384 };
	int portable = argc > 1 && !strcmp(argv[1], "--portable");
	struct ctx c;
	int a, s, round;

	mx_cpu_force_portable(portable);
	memset(buf, 0x5c, sizeof(buf));
	memset(key, 0x3a, sizeof(key));
	for (a = 0; a < N_ALGS; a++) {
		setup(&c, (enum alg)a);
		for (s = 0; s < 3; s++) {
			double best_ours = 0, best_peer = 0;

			c.len = sizes[s];
			for (round = 0; round < 3; round++) {
				double o = rate(ours[a], &c), p = rate(peers[a], &c);

				best_ours = o > best_ours ? o : best_ours;
				best_peer = p > best_peer ? p : best_peer;
			}
			bench_line(names[a], portable, sizes[s], best_ours, best_peer,
				   "openssl-evp");
			bench_line(names[a], portable, sizes[s], best_ours,
				   speed_cli(speed_args[a], sizes[s]), "openssl-speed");
		}
		EVP_CIPHER_CTX_free(c.evp);
		EVP_MAC_CTX_free(c.mac);
		mx_aes_clear(&c.aes);
		mx_gcm_clear(&c.gcm);
	}
	return 0;
}
