// SPDX-License-Identifier: GPL-2.0
/*
 * Write kunit/record_kat.h: known-answer records for the KUnit suites,
 * sealed by OpenSSL (GnuTLS where OpenSSL has no such suite any more) after
 * a real handshake in memory, with the keys that protect them. Run by
 * scripts/gen-record-kat.sh; the output is committed.
 *
 * Plaintexts are not stored: application records carry the pattern of
 * fill_pattern() (also in kunit/record_test.c) from a seed, alerts are
 * close_notify.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mxtls.h>

#include "tlspair.h"

struct set {
	const char *name;
	struct tls_params p;
	bool rc4;
};

static const struct set sets[] = {
	{ "tls10_aes128_sha_mte", { MXTLS_TLS_1_0, "PSK-AES128-CBC-SHA", false, TP_OPENSSL } },
	{ "tls10_aes128_sha_etm", { MXTLS_TLS_1_0, "PSK-AES128-CBC-SHA", true, TP_OPENSSL } },
	{ "tls11_aes128_sha_mte", { MXTLS_TLS_1_1, "PSK-AES128-CBC-SHA", false, TP_OPENSSL } },
	{ "tls11_aes256_sha_etm", { MXTLS_TLS_1_1, "PSK-AES256-CBC-SHA", true, TP_OPENSSL } },
	{ "tls12_aes256_sha_mte", { MXTLS_TLS_1_2, "PSK-AES256-CBC-SHA", false, TP_OPENSSL } },
	{ "tls12_aes128_sha_etm", { MXTLS_TLS_1_2, "PSK-AES128-CBC-SHA", true, TP_OPENSSL } },
	{ "tls12_aes128_sha256_mte", { MXTLS_TLS_1_2, "PSK-AES128-CBC-SHA256", false, TP_OPENSSL } },
	{ "tls12_aes128_sha256_etm", { MXTLS_TLS_1_2, "PSK-AES128-CBC-SHA256", true, TP_OPENSSL } },
	{ "tls12_aes256_sha256_mte", { MXTLS_TLS_1_2, "ADH-AES256-SHA256", false, TP_OPENSSL } },
	{ "tls12_aes256_sha384_mte", { MXTLS_TLS_1_2, "PSK-AES256-CBC-SHA384", false, TP_OPENSSL } },
	{ "tls12_aes256_sha384_etm", { MXTLS_TLS_1_2, "PSK-AES256-CBC-SHA384", true, TP_OPENSSL } },
	{ "tls12_aes128_gcm", { MXTLS_TLS_1_2, "PSK-AES128-GCM-SHA256", false, TP_OPENSSL } },
	{ "tls12_aes256_gcm", { MXTLS_TLS_1_2, "PSK-AES256-GCM-SHA384", false, TP_OPENSSL } },
	{ "tls12_chacha20_poly1305", { MXTLS_TLS_1_2, "PSK-CHACHA20-POLY1305", false, TP_OPENSSL } },
	{ "gnutls_tls10_3des_sha_mte", { MXTLS_TLS_1_0, "+3DES-CBC:+SHA1:+PSK", false, TP_GNUTLS } },
	{ "gnutls_tls11_3des_sha_etm", { MXTLS_TLS_1_1, "+3DES-CBC:+SHA1:+PSK", true, TP_GNUTLS } },
	{ "gnutls_tls12_3des_sha_mte", { MXTLS_TLS_1_2, "+3DES-CBC:+SHA1:+PSK", false, TP_GNUTLS } },
	{ "gnutls_tls12_aes128_gcm", { MXTLS_TLS_1_2, "+AES-128-GCM:+AEAD:+PSK", false, TP_GNUTLS } },
	{ "gnutls_tls12_chacha20_poly1305",
	  { MXTLS_TLS_1_2, "+CHACHA20-POLY1305:+AEAD:+PSK", false, TP_GNUTLS } },
	{ "gnutls_tls10_rc4_sha", { MXTLS_TLS_1_0, "+ARCFOUR-128:+SHA1:+PSK", false, TP_GNUTLS },
	  true },
	{ "gnutls_tls12_rc4_md5",
	  { MXTLS_TLS_1_2, "+ARCFOUR-128:+MD5:+ANON-DH", false, TP_GNUTLS }, true },
};

/* Plaintext lengths of the application records, in order */
static const unsigned int lengths[] = { 1, 33, 300 };

static void put_bytes(const char *name, const uint8_t *p, size_t len)
{
	size_t i;

	printf("static const u8 %s[] = {", name);
	for (i = 0; i < len; i++)
		printf("%s0x%02x,", i % 12 ? " " : "\n\t", p[i]);
	printf("\n};\n\n");
}

struct rec {
	uint8_t type;
	unsigned int plain_len;
	uint32_t seed;
	size_t off, len;
};

static int gen_set(unsigned int idx, const struct set *s)
{
	static uint8_t wire[1 << 16], plain[1024];
	struct rec recs[16];
	unsigned int nrec = 0, i;
	struct tls_pair *tp;
	struct mxtls_keys k;
	size_t total = 0;
	char name[64];

	if (tp_new(&tp, &s->p))
		return -1;
	tp_keys(tp, TP_CLIENT, MXTLS_DIR_TX, -1, &k);

	for (i = 0; i <= sizeof(lengths) / sizeof(lengths[0]); i++) {
		size_t off = total;
		ssize_t n;

		if (i < sizeof(lengths) / sizeof(lengths[0])) {
			fill_pattern(plain, lengths[i], idx * 16 + i);
			n = tp_seal(tp, TP_CLIENT, plain, lengths[i], wire + total,
				    sizeof(wire) - total);
		} else {
			if (tp_close_notify(tp, TP_CLIENT))
				return -1;
			n = tp_pending(tp, TP_CLIENT, wire + total, sizeof(wire) - total);
		}
		if (n <= 0)
			return -1;
		total += (size_t)n;
		/* OpenSSL's TLS 1.0 CBC empty fragments come out as records of their own */
		while (off < total) {
			struct rec *r = &recs[nrec++];

			r->type = wire[off];
			r->off = off;
			r->len = 5 + (wire[off + 3] << 8 | wire[off + 4]);
			r->seed = idx * 16 + i;
			r->plain_len = r->type == MXTLS_CT_ALERT ? 2 : 0;
			off += r->len;
			if (r->type == MXTLS_CT_APPLICATION_DATA && off == total)
				r->plain_len = lengths[i];
		}
	}

	snprintf(name, sizeof(name), "kat%u_key", idx);
	put_bytes(name, k.enc_key, k.enc_key_len);
	if (k.mac_key_len) {
		snprintf(name, sizeof(name), "kat%u_mac_key", idx);
		put_bytes(name, k.mac_key, k.mac_key_len);
	}
	if (k.iv_len) {
		snprintf(name, sizeof(name), "kat%u_iv", idx);
		put_bytes(name, k.iv, k.iv_len);
	}
	snprintf(name, sizeof(name), "kat%u_wire", idx);
	put_bytes(name, wire, total);
	printf("static const struct mxtls_kat_record kat%u_records[] = {\n", idx);
	for (i = 0; i < nrec; i++)
		printf("\t{ %u, %u, %u, %zu, %zu },\n", recs[i].type, recs[i].plain_len,
		       recs[i].seed, recs[i].off, recs[i].len);
	printf("};\n\n");

	printf("static const struct mxtls_kat kat%u = {\n", idx);
	printf("\t.name = \"%s\",\n", s->name);
	printf("\t.version = 0x%04x,\n\t.suite = 0x%04x,\n\t.etm = %s,\n", k.version, k.suite,
	       k.flags & MXTLS_KEY_F_ETM ? "true" : "false");
	printf("\t.seq = %llu,\n\t.keystream_offset = %u,\n", (unsigned long long)k.seq,
	       k.keystream_offset);
	printf("\t.key = kat%u_key,\n\t.key_len = %zu,\n", idx, k.enc_key_len);
	if (k.mac_key_len)
		printf("\t.mac_key = kat%u_mac_key,\n\t.mac_key_len = %zu,\n", idx, k.mac_key_len);
	if (k.iv_len)
		printf("\t.iv = kat%u_iv,\n\t.iv_len = %zu,\n", idx, k.iv_len);
	printf("\t.wire = kat%u_wire,\n", idx);
	printf("\t.records = kat%u_records,\n\t.n_records = %u,\n};\n\n", idx, nrec);
	tp_free(tp);
	return 0;
}

int main(void)
{
	unsigned int i, n = sizeof(sets) / sizeof(sets[0]);

	printf("/* SPDX-License-Identifier: GPL-2.0 */\n/*\n");
	printf(" * Known-answer records for kunit/record_test.c, sealed by %s\n", "OpenSSL and");
	printf(" * GnuTLS after a handshake in memory. Generated by\n");
	printf(" * scripts/gen-record-kat.sh from scripts/record-kat/gen.c: do not edit.\n */\n");
	printf("#ifndef _MXTLS_RECORD_KAT_H\n#define _MXTLS_RECORD_KAT_H\n\n");
	printf("#include \"kat.h\"\n\n");
	for (i = 0; i < n; i++) {
		if (sets[i].rc4)
			printf("#if IS_ENABLED(CONFIG_MXTLS_RC4)\n");
		if (gen_set(i, &sets[i])) {
			fprintf(stderr, "gen-record-kat: %s failed\n", sets[i].name);
			return 1;
		}
		if (sets[i].rc4)
			printf("#endif\n\n");
	}
	printf("static const struct mxtls_kat *const mxtls_kats[] = {\n");
	for (i = 0; i < n; i++) {
		if (sets[i].rc4)
			printf("#if IS_ENABLED(CONFIG_MXTLS_RC4)\n");
		printf("\t&kat%u,\n", i);
		if (sets[i].rc4)
			printf("#endif\n");
	}
	printf("};\n\n#endif /* _MXTLS_RECORD_KAT_H */\n");
	return 0;
}
