// SPDX-License-Identifier: GPL-2.0
/*
 * Re-keying in place, against OpenSSL. Epoch 1 has the keys of one
 * handshake, epoch 2 those of another, with the variant's suite: what a
 * renegotiation that keeps or changes the cipher suite hands over. mxtls
 * switches TX right after the ChangeCipherSpec its owner sends, and RX
 * stops right after the peer's until the next keys come. Every record
 * before the boundary is opened (or sealed) by the first OpenSSL pair,
 * every one after it by the second; the ChangeCipherSpec records, which
 * OpenSSL will not seal or accept outside a handshake, are sealed and
 * opened here with libcrypto under epoch 1's keys (AES-128-GCM or
 * AES-128-CBC-SHA1 with MAC-then-encrypt, the TLS 1.0 IV chain included).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/mxtls.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "kselftest_harness.h"
#include "tlspair.h"

#define WIRE	(1 << 17)

FIXTURE(rekey) {
	int cfd, sfd;
	struct tls_pair *tp1, *tp2;	/* epoch 1, epoch 2 */
	struct tp_keyblock kb1;
	struct mxtls_nl *nl;
	uint8_t *a, *b, *wire;
};

FIXTURE_VARIANT(rekey) {
	uint16_t version;
	const char *cipher1;		/* PSK-AES128-GCM-SHA256 or PSK-AES128-CBC-SHA */
	const char *cipher2;
	bool etm2;
};

FIXTURE_VARIANT_ADD(rekey, tls12_gcm_to_gcm) {
	.version = MXTLS_TLS_1_2, .cipher1 = "PSK-AES128-GCM-SHA256",
	.cipher2 = "PSK-AES128-GCM-SHA256",
};

FIXTURE_VARIANT_ADD(rekey, tls12_gcm_to_chacha20_poly1305) {
	.version = MXTLS_TLS_1_2, .cipher1 = "PSK-AES128-GCM-SHA256",
	.cipher2 = "PSK-CHACHA20-POLY1305",
};

FIXTURE_VARIANT_ADD(rekey, tls12_gcm_to_aes256_sha384_mte) {
	.version = MXTLS_TLS_1_2, .cipher1 = "PSK-AES128-GCM-SHA256",
	.cipher2 = "PSK-AES256-CBC-SHA384",
};

FIXTURE_VARIANT_ADD(rekey, tls11_aes128_sha_to_aes256_sha_etm) {
	.version = MXTLS_TLS_1_1, .cipher1 = "PSK-AES128-CBC-SHA",
	.cipher2 = "PSK-AES256-CBC-SHA", .etm2 = true,
};

FIXTURE_VARIANT_ADD(rekey, tls10_aes128_sha_to_aes128_sha256) {
	.version = MXTLS_TLS_1_0, .cipher1 = "PSK-AES128-CBC-SHA",
	.cipher2 = "PSK-AES128-CBC-SHA256",
};

FIXTURE_SETUP(rekey)
{
	struct tls_params p1 = { variant->version, variant->cipher1, false, TP_OPENSSL };
	struct tls_params p2 = { variant->version, variant->cipher2, variant->etm2, TP_OPENSSL };

	self->a = malloc(WIRE);
	self->b = malloc(WIRE);
	self->wire = malloc(WIRE);
	ASSERT_TRUE(self->a && self->b && self->wire);
	ASSERT_EQ(tp_new(&self->tp1, &p1), 0);
	ASSERT_EQ(tp_new(&self->tp2, &p2), 0);
	ASSERT_EQ(tp_etm(self->tp2), variant->etm2);
	tp_keyblock(self->tp1, &self->kb1);
	ASSERT_EQ(tcp_pair(&self->cfd, &self->sfd), 0);
	ASSERT_EQ(mxtls_nl_open(&self->nl), 0);
	ASSERT_EQ(tp_offload(self->tp1, TP_CLIENT, self->cfd, self->nl), 0);
}

FIXTURE_TEARDOWN(rekey)
{
	close(self->cfd);
	close(self->sfd);
	mxtls_nl_close(self->nl);
	tp_free(self->tp1);
	tp_free(self->tp2);
	free(self->a);
	free(self->b);
	free(self->wire);
}

/* Records in wire[0..len): their number; *last is where the last one starts */
static int records(const uint8_t *wire, size_t len, size_t *last)
{
	size_t off = 0;
	int n = 0;

	while (off + 5 <= len) {
		*last = off;
		off += 5 + (wire[off + 3] << 8 | wire[off + 4]);
		n++;
	}
	return off == len ? n : -1;
}

static size_t rec_len(const uint8_t *rec)
{
	return 5 + (rec[3] << 8 | rec[4]);
}

/*
 * A ChangeCipherSpec record under epoch 1 of writer, sequence number seq.
 * prev is the record before it (TLS 1.0 CBC chains the IV from its end).
 * seal: made into out; otherwise out is checked: 0 if it is one.
 */
static int epoch1_ccs(const struct tp_keyblock *kb, int writer, uint16_t version, bool gcm,
		      uint64_t seq, const uint8_t *prev, uint8_t *out, bool seal)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t aad[13], plain[48], mac[20], iv[16], *body = out + 5;
	unsigned int md_len;
	size_t body_len;
	int i, l, ok = 0;

	for (i = 0; i < 8; i++)
		aad[i] = (uint8_t)(seq >> (56 - 8 * i));
	aad[8] = MXTLS_CT_CHANGE_CIPHER_SPEC;
	aad[9] = version >> 8;
	aad[10] = version & 0xff;
	aad[11] = 0;
	aad[12] = 1;
	if (gcm) {
		uint8_t nonce[12];

		body_len = 8 + 1 + 16;
		if (seal)
			memcpy(body, aad, 8);
		memcpy(nonce, kb->iv[writer], 4);
		memcpy(nonce + 4, body, 8);
		plain[0] = 1;
		if (seal) {
			ok = EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, kb->key[writer],
						nonce) == 1 &&
			     EVP_EncryptUpdate(ctx, NULL, &l, aad, sizeof(aad)) == 1 &&
			     EVP_EncryptUpdate(ctx, body + 8, &l, plain, 1) == 1 &&
			     EVP_EncryptFinal_ex(ctx, body + 9, &l) == 1 &&
			     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, body + 9) == 1;
		} else {
			ok = EVP_DecryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, kb->key[writer],
						nonce) == 1 &&
			     EVP_DecryptUpdate(ctx, NULL, &l, aad, sizeof(aad)) == 1 &&
			     EVP_DecryptUpdate(ctx, plain, &l, body + 8, 1) == 1 &&
			     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, body + 9) == 1 &&
			     EVP_DecryptFinal_ex(ctx, plain + 1, &l) == 1 && plain[0] == 1;
		}
	} else {
		/* MAC-then-encrypt: 1 byte, the MAC, then 11 bytes of padding (10) */
		size_t ex = version == MXTLS_TLS_1_0 ? 0 : 16;
		uint8_t mac_in[14];

		body_len = ex + 32;
		memcpy(mac_in, aad, sizeof(aad));
		mac_in[13] = 1;
		HMAC(EVP_sha1(), kb->mac[writer], (int)kb->mac_len, mac_in, sizeof(mac_in), mac,
		     &md_len);
		if (ex && seal)
			fill_pattern(body, 16, (uint32_t)seq);
		memcpy(iv, ex ? body : prev + rec_len(prev) - 16, 16);
		if (seal) {
			plain[0] = 1;
			memcpy(plain + 1, mac, 20);
			memset(plain + 21, 10, 11);
			ok = EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, kb->key[writer],
						iv) == 1 &&
			     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
			     EVP_EncryptUpdate(ctx, body + ex, &l, plain, 32) == 1;
		} else {
			uint8_t pad;

			ok = EVP_DecryptInit_ex(ctx, EVP_aes_128_cbc(), NULL, kb->key[writer],
						iv) == 1 &&
			     EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
			     EVP_DecryptUpdate(ctx, plain, &l, body + ex, 32) == 1;
			pad = plain[31];
			ok = ok && plain[0] == 1 && pad == 10 && !CRYPTO_memcmp(plain + 1, mac, 20);
			for (i = 21; ok && i < 32; i++)
				ok = plain[i] == pad;
		}
	}
	EVP_CIPHER_CTX_free(ctx);
	if (seal) {
		out[0] = MXTLS_CT_CHANGE_CIPHER_SPEC;
		out[1] = version >> 8;
		out[2] = version & 0xff;
		out[3] = 0;
		out[4] = (uint8_t)body_len;
		return ok ? (int)(5 + body_len) : -1;
	}
	return ok && out[0] == MXTLS_CT_CHANGE_CIPHER_SPEC && out[1] == version >> 8 &&
	       out[2] == (version & 0xff) && rec_len(out) == 5 + body_len ? 0 : -1;
}

/* The peer sends "epoch one", its ChangeCipherSpec and epoch 2's data, all at once */
static size_t peer_switches(FIXTURE_DATA(rekey) *self, const FIXTURE_VARIANT(rekey) *variant,
			    size_t len2)
{
	bool gcm = strstr(variant->cipher1, "GCM");
	size_t n, last = 0, total;
	ssize_t w;
	int recs;

	w = tp_seal(self->tp1, TP_SERVER, "epoch one", 9, self->wire, WIRE);
	if (w <= 0)
		return 0;
	n = (size_t)w;
	recs = records(self->wire, n, &last);
	w = epoch1_ccs(&self->kb1, TP_SERVER, variant->version, gcm,
		       self->kb1.seq[TP_SERVER] + (uint64_t)recs, self->wire + last,
		       self->wire + n, true);
	if (recs <= 0 || w <= 0)
		return 0;
	n += (size_t)w;
	fill_pattern(self->a, len2, 2);
	w = tp_seal(self->tp2, TP_SERVER, self->a, len2, self->wire + n, WIRE - n);
	if (w <= 0)
		return 0;
	total = n + (size_t)w;
	return write_all(self->sfd, self->wire, total) ? 0 : total;
}

static int read_ccs(int fd)
{
	char cbuf[CMSG_SPACE(1)], buf[8];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg;

	if (recvmsg(fd, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	return cmsg && cmsg->cmsg_level == SOL_MXTLS && cmsg->cmsg_type == MXTLS_RECORD_TYPE &&
	       *CMSG_DATA(cmsg) == MXTLS_CT_CHANGE_CIPHER_SPEC && buf[0] == 1 ? 0 : -1;
}

static struct mxtls_info info(int fd)
{
	struct mxtls_info i;
	socklen_t len = sizeof(i);

	memset(&i, 0, sizeof(i));
	getsockopt(fd, SOL_MXTLS, MXTLS_INFO, &i, &len);
	return i;
}

static bool readable(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms) == 1 && (pfd.revents & POLLIN);
}

/* epoch 2's keys for direction dir of our end, with its verify_data */
static int set_epoch2(FIXTURE_DATA(rekey) *self, int dir)
{
	struct mxtls_keys k;

	tp_keys(self->tp2, TP_CLIENT, dir, self->cfd, &k);
	return mxtls_nl_set_keys(self->nl, &k);
}

/* Reading stops after the peer's ChangeCipherSpec until the keys come */
TEST_F(rekey, rx_stops_at_peer_ccs)
{
	struct mxtls_verify_data vd;
	struct tp_keyblock kb2;
	socklen_t len = sizeof(vd);
	char buf[16];

	ASSERT_GT(peer_switches(self, variant, 20000), 0U);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 9);
	EXPECT_EQ(memcmp(buf, "epoch one", 9), 0);
	ASSERT_EQ(read_ccs(self->cfd), 0);

	/* epoch 2's records are there, but nothing can open them yet */
	EXPECT_FALSE(readable(self->cfd, 50));
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	EXPECT_EQ(errno, EKEYEXPIRED);
	EXPECT_EQ(info(self->cfd).rx_state, MXTLS_STATE_WAIT_KEYS);

	ASSERT_EQ(set_epoch2(self, MXTLS_DIR_RX), 0);
	EXPECT_TRUE(readable(self->cfd, 2000));
	EXPECT_EQ(recv(self->cfd, self->b, 20000, MSG_WAITALL), 20000);
	EXPECT_EQ(memcmp(self->a, self->b, 20000), 0);
	EXPECT_EQ(info(self->cfd).rx_state, MXTLS_STATE_ACTIVE);
	EXPECT_EQ(info(self->cfd).rx_epoch, 2U);
	EXPECT_EQ(info(self->cfd).rx_suite, tp_suite(self->tp2));
	EXPECT_EQ(info(self->cfd).tx_suite, tp_suite(self->tp1));

	/* the verify_data that came with the keys is the second handshake's */
	tp_keyblock(self->tp2, &kb2);
	ASSERT_EQ(getsockopt(self->cfd, SOL_MXTLS, MXTLS_VERIFY_DATA, &vd, &len), 0);
	ASSERT_EQ(vd.client_len, kb2.verify_len);
	ASSERT_EQ(vd.server_len, kb2.verify_len);
	EXPECT_EQ(memcmp(vd.client, kb2.verify[TP_CLIENT], kb2.verify_len), 0);
	EXPECT_EQ(memcmp(vd.server, kb2.verify[TP_SERVER], kb2.verify_len), 0);
}

struct late_keys {
	FIXTURE_DATA(rekey) *self;
	int err;
};

static void *set_keys_late(void *arg)
{
	struct late_keys *lk = arg;

	usleep(200000);
	lk->err = set_epoch2(lk->self, MXTLS_DIR_RX);
	return NULL;
}

/* A reader blocked at the boundary wakes up when the keys come */
TEST_F(rekey, blocked_reader_wakes_on_keys)
{
	struct late_keys lk = { self, -1 };
	pthread_t t;
	char buf[16];

	ASSERT_GT(peer_switches(self, variant, 100), 0U);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 9);
	ASSERT_EQ(read_ccs(self->cfd), 0);
	ASSERT_EQ(pthread_create(&t, NULL, set_keys_late, &lk), 0);
	EXPECT_EQ(recv(self->cfd, self->b, 100, MSG_WAITALL), 100);
	pthread_join(t, NULL);
	EXPECT_EQ(lk.err, 0);
	EXPECT_EQ(memcmp(self->a, self->b, 100), 0);
}

/* Keys set before the peer's ChangeCipherSpec: reading goes straight through */
TEST_F(rekey, rx_keys_ahead_of_ccs)
{
	char buf[16];

	ASSERT_EQ(set_epoch2(self, MXTLS_DIR_RX), 0);
	EXPECT_TRUE(!!(info(self->cfd).flags & MXTLS_INFO_RX_NEXT_KEYS));
	EXPECT_EQ(info(self->cfd).rx_epoch, 1U);
	ASSERT_GT(peer_switches(self, variant, 5000), 0U);
	EXPECT_EQ(recv(self->cfd, buf, sizeof(buf), 0), 9);
	ASSERT_EQ(read_ccs(self->cfd), 0);
	EXPECT_EQ(recv(self->cfd, self->b, 5000, MSG_WAITALL), 5000);
	EXPECT_EQ(memcmp(self->a, self->b, 5000), 0);
	EXPECT_FALSE(!!(info(self->cfd).flags & MXTLS_INFO_RX_NEXT_KEYS));
	EXPECT_EQ(info(self->cfd).rx_epoch, 2U);
}

/* Writing switches right after our own ChangeCipherSpec */
TEST_F(rekey, tx_switches_after_own_ccs)
{
	bool gcm = strstr(variant->cipher1, "GCM");
	char cbuf[CMSG_SPACE(1)] = "";
	struct iovec iov = { "\x01", 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	size_t n, off, last = 0, got;
	ssize_t r;
	char buf[16];
	int recs;

	fill_pattern(self->a, 20000, 3);
	EXPECT_EQ(send(self->cfd, "epoch one", 9, 0), 9);
	ASSERT_EQ(set_epoch2(self, MXTLS_DIR_TX), 0);
	EXPECT_TRUE(!!(info(self->cfd).flags & MXTLS_INFO_TX_NEXT_KEYS));
	cmsg->cmsg_level = SOL_MXTLS;
	cmsg->cmsg_type = MXTLS_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(1);
	*CMSG_DATA(cmsg) = MXTLS_CT_CHANGE_CIPHER_SPEC;
	EXPECT_EQ(sendmsg(self->cfd, &msg, 0), 1);
	EXPECT_EQ(info(self->cfd).tx_epoch, 2U);
	EXPECT_EQ(info(self->cfd).tx_suite, tp_suite(self->tp2));
	ASSERT_EQ(write_all(self->cfd, self->a, 20000), 0);

	/* everything mxtls sent: epoch 1's records, the ChangeCipherSpec, epoch 2's */
	n = 0;
	while (n < WIRE) {
		struct pollfd pfd = { .fd = self->sfd, .events = POLLIN };

		if (poll(&pfd, 1, n ? 200 : 2000) != 1)
			break;
		r = read(self->sfd, self->wire + n, WIRE - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	ASSERT_GT(records(self->wire, n, &last), 2);
	/* up to the first ChangeCipherSpec record: epoch 1 */
	for (off = 0; off < n && self->wire[off] != MXTLS_CT_CHANGE_CIPHER_SPEC;)
		off += rec_len(self->wire + off);
	ASSERT_LT(off, n);
	recs = records(self->wire, off, &last);
	ASSERT_GT(recs, 0);
	ASSERT_EQ(tp_feed(self->tp1, TP_SERVER, self->wire, off), 0);
	got = 0;
	while (got < 9) {
		r = tp_open(self->tp1, TP_SERVER, buf + got, sizeof(buf) - got);
		ASSERT_GT(r, 0);
		got += (size_t)r;
	}
	EXPECT_EQ(got, 9U);
	EXPECT_EQ(memcmp(buf, "epoch one", 9), 0);
	EXPECT_EQ(epoch1_ccs(&self->kb1, TP_CLIENT, variant->version, gcm,
			     self->kb1.seq[TP_CLIENT] + (uint64_t)recs, self->wire + last,
			     self->wire + off, false), 0);
	off += rec_len(self->wire + off);

	/* the rest opens with the second handshake's keys */
	ASSERT_EQ(tp_feed(self->tp2, TP_SERVER, self->wire + off, n - off), 0);
	got = 0;
	while (got < 20000) {
		r = tp_open(self->tp2, TP_SERVER, self->b + got, 20000 - got);
		ASSERT_GT(r, 0);
		got += (size_t)r;
	}
	EXPECT_EQ(memcmp(self->a, self->b, 20000), 0);
}

TEST_HARNESS_MAIN
