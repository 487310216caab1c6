// SPDX-License-Identifier: GPL-2.0
/*
 * Session ticket keys and tickets (RFC 5077). See ticket.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/ct.h"
#include "crypto/aes.h"
#include "crypto/hmac.h"
#include "matrixsslConfig.h"
#include "pki/file.h"
#include "ssl/rec_cipher.h"
#include "ssl/ticket.h"
#include "ssl/wire.h"

/*
 * The state: format (2), version, suite, flags (EMS, client_auth, peer
 * follows), the time sealed (8), master secret, server name hash (78
 * bytes); then, for a client that authenticated, its certificate's
 * SHA-256 and subject (length, bytes); PKCS#7 padding.
 */
#define STATE_FORMAT	2
#define STATE_FIXED	78
/*
 * The subject's length is one byte of the state: every subject the engine
 * keeps (at most MX_PEER_SUBJECT_MAX - 1 bytes) must fit it when sealed,
 * and every length it can hold must fit the subject when opened.
 */
_Static_assert(MX_PEER_SUBJECT_MAX == UINT8_MAX + 1, "subject length is one byte");
#define STATE_MAX	(MX_TICKET_MAX_LEN - 32 - MAC_LEN)
#define MAC_LEN		32
/* A ticket sealed this far in the future (another server's clock) is
 * still taken.
 */
#define CLOCK_SKEW	60

struct tkey {
	uint8_t name[MX_TICKET_NAME_LEN];
	uint8_t aes[32], hmac[64];
	uint8_t aes_len, hmac_len;
};

struct mx_ticket_keys {
	pthread_mutex_t lock;
	struct tkey k[MX_TICKET_MAX_KEYS];	/* k[0] encrypts */
	unsigned int n;
	char *path;				/* the key file followed, or NULL */
	struct stat seen;			/* the file as last read */
};

int mx_ticket_keys_new(struct mx_ticket_keys **out)
{
	struct mx_ticket_keys *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	pthread_mutex_init(&t->lock, NULL);
	*out = t;
	return 0;
}

void mx_ticket_keys_free(struct mx_ticket_keys *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t->path);
	mx_zeroize(t, sizeof(*t));
	free(t);
}

static int put_front(struct mx_ticket_keys *t, const struct tkey *k)
{
	if (t->n == MX_TICKET_MAX_KEYS)
		return -E2BIG;
	memmove(&t->k[1], &t->k[0], t->n * sizeof(t->k[0]));
	t->k[0] = *k;
	t->n++;
	return 0;
}

static int remove_locked(struct mx_ticket_keys *t, const uint8_t *name)
{
	unsigned int i;

	for (i = 0; i < t->n; i++) {
		if (memcmp(t->k[i].name, name, MX_TICKET_NAME_LEN))
			continue;
		memmove(&t->k[i], &t->k[i + 1], (t->n - i - 1) * sizeof(t->k[0]));
		t->n--;
		mx_zeroize(&t->k[t->n], sizeof(t->k[0]));
		return 0;
	}
	return -ENOENT;
}

int mx_ticket_keys_add(struct mx_ticket_keys *t, const uint8_t name[MX_TICKET_NAME_LEN],
		       const uint8_t *aes, size_t aes_len, const uint8_t *hmac, size_t hmac_len)
{
	struct tkey k;
	int rc;

	if ((aes_len != 16 && aes_len != 32) || hmac_len < 16 || hmac_len > sizeof(k.hmac))
		return -EINVAL;
	memset(&k, 0, sizeof(k));
	memcpy(k.name, name, MX_TICKET_NAME_LEN);
	memcpy(k.aes, aes, aes_len);
	memcpy(k.hmac, hmac, hmac_len);
	k.aes_len = (uint8_t)aes_len;
	k.hmac_len = (uint8_t)hmac_len;
	pthread_mutex_lock(&t->lock);
	remove_locked(t, name);
	rc = put_front(t, &k);
	pthread_mutex_unlock(&t->lock);
	mx_zeroize(&k, sizeof(k));
	return rc;
}

int mx_ticket_keys_remove(struct mx_ticket_keys *t, const uint8_t name[MX_TICKET_NAME_LEN])
{
	int rc;

	pthread_mutex_lock(&t->lock);
	rc = remove_locked(t, name);
	pthread_mutex_unlock(&t->lock);
	return rc;
}

#ifdef MATRIX_USE_FILE_SYSTEM
/*
 * A hexadecimal digit's value, or -1, without branching on the digit
 * (they are key bytes): in_d is 1 for '0'..'9', in_l for 'a'..'f' and
 * 'A'..'F' (all values here are bytes, so >> 8 of one out of range is -1).
 */
static int hexval(int c)
{
	int d = c - '0', l = (c | 0x20) - 'a';
	int in_d = ~((d | (9 - d)) >> 8) & 1, in_l = ~((l | (5 - l)) >> 8) & 1;

	return (d & -in_d) | ((l + 10) & -in_l) | ((in_d | in_l) - 1);
}

/* Parse a key file into keys (in file order); 0 or -EBADMSG. */
static int parse_file(const char *p, size_t len, struct tkey *keys, unsigned int *n)
{
	const char *end = p + len, *eol;
	uint8_t raw[80];
	size_t i;
	int hi, lo, bad;

	int rc = -EBADMSG;

	*n = 0;
	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p == '#' || (*p == '\r' && p + 1 == eol))
			continue;
		if (*n == MX_TICKET_MAX_KEYS || eol - p < 160)
			goto out;
		bad = 0;
		for (i = 0; i < 80; i++) {
			hi = hexval(p[2 * i]);
			lo = hexval(p[2 * i + 1]);
			bad |= hi | lo;
			raw[i] = (uint8_t)((hi & 0xf) << 4 | (lo & 0xf));
		}
		if (bad < 0)
			goto out;
		for (p += 160; p < eol; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r')
				goto out;
		memset(&keys[*n], 0, sizeof(keys[*n]));
		memcpy(keys[*n].name, raw, 16);
		memcpy(keys[*n].aes, raw + 16, 32);
		memcpy(keys[*n].hmac, raw + 48, 32);
		keys[*n].aes_len = 32;
		keys[*n].hmac_len = 32;
		(*n)++;
		p = eol;
		if (p == end)
			break;
	}
	rc = *n ? 0 : -EBADMSG;
out:
	mx_zeroize(raw, sizeof(raw));
	return rc;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}
#endif

/* (Re)read the file when it is new or changed; lock held. */
static int reload_locked(struct mx_ticket_keys *t, bool force)
{
#ifdef MATRIX_USE_FILE_SYSTEM
	struct tkey keys[MX_TICKET_MAX_KEYS];
	struct stat st;
	uint8_t *buf;
	size_t len;
	unsigned int n;
	int rc;

	if (!t->path)
		return 0;
	/* The state before reading: a change while we read is seen next time. */
	if (stat(t->path, &st))
		return -errno;
	if (!force && same_file(&st, &t->seen))
		return 0;
	rc = mx_file_read(t->path, &buf, &len);
	if (rc)
		return rc;
	rc = parse_file((const char *)buf, len, keys, &n);
	mx_file_free(buf, len);
	if (rc == 0) {
		mx_zeroize(t->k, sizeof(t->k));
		memcpy(t->k, keys, n * sizeof(keys[0]));
		t->n = n;
	}
	/* A broken file is not read again until it changes. */
	t->seen = st;
	mx_zeroize(keys, sizeof(keys));
	return rc;
#else
	return t->path ? -EOPNOTSUPP : 0;
#endif
}

int mx_ticket_keys_set_file(struct mx_ticket_keys *t, const char *path)
{
	char *p = strdup(path);
	char *old;
	int rc;

	if (!p)
		return -ENOMEM;
	pthread_mutex_lock(&t->lock);
	old = t->path;
	t->path = p;
	rc = reload_locked(t, true);
	if (rc) {
		t->path = old;
		free(p);
	} else {
		free(old);
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

uint32_t mx_ticket_lifetime(void)
{
	return (uint32_t)(SSL_SESSION_ENTRY_LIFE / 1000);
}

static uint64_t wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec;
}

static void mac(const struct tkey *k, const uint8_t *data, size_t len, uint8_t out[MAC_LEN])
{
	mx_hmac(MX_HASH_SHA256, k->hmac, k->hmac_len, data, len, out);
}

/* The state's length before padding: the fixed part, and who the client was */
static size_t state_len(const struct mx_ticket_state *st)
{
	if (!st->client_auth || !st->peer.known)
		return STATE_FIXED;
	return STATE_FIXED + MX_PEER_FP_LEN + 1 + strnlen(st->peer.subject, MX_PEER_SUBJECT_MAX - 1);
}

/* PKCS#7 always adds 1 to 16 bytes */
static size_t padded_len(size_t n)
{
	return (n / 16 + 1) * 16;
}

size_t mx_ticket_len(const struct mx_ticket_state *st)
{
	return MX_TICKET_NAME_LEN + 16 + padded_len(state_len(st)) + MAC_LEN;
}

int mx_ticket_seal(struct mx_ticket_keys *t, const struct mx_ticket_state *st, uint8_t *out,
		   size_t *len)
{
	uint8_t plain[STATE_MAX], iv[16];
	size_t n = state_len(st), clen = padded_len(n), slen;
	struct mx_aes_key aes;
	struct tkey k;
	int rc;

	pthread_mutex_lock(&t->lock);
	reload_locked(t, false);
	rc = t->n ? 0 : -ENOKEY;
	if (!rc)
		k = t->k[0];
	pthread_mutex_unlock(&t->lock);
	if (rc)
		return rc;
	plain[0] = STATE_FORMAT;
	mx_put_u16(plain + 1, st->version);
	mx_put_u16(plain + 3, st->suite);
	plain[5] = (uint8_t)(st->ems | st->client_auth << 1 | (n > STATE_FIXED) << 2);
	mx_put_u64(plain + 6, wall_seconds());
	memcpy(plain + 14, st->master, MX_MASTER_LEN);
	memcpy(plain + 62, st->sni_hash, 16);
	if (n > STATE_FIXED) {
		slen = n - STATE_FIXED - MX_PEER_FP_LEN - 1;
		memcpy(plain + STATE_FIXED, st->peer.fp, MX_PEER_FP_LEN);
		plain[STATE_FIXED + MX_PEER_FP_LEN] = (uint8_t)slen;
		memcpy(plain + STATE_FIXED + MX_PEER_FP_LEN + 1, st->peer.subject, slen);
	}
	memset(plain + n, (int)(clen - n), clen - n);
	rc = mx_ssl_random(iv, sizeof(iv));
	if (!rc)
		rc = mx_aes_setkey(&aes, k.aes, k.aes_len);
	if (!rc) {
		memcpy(out, k.name, MX_TICKET_NAME_LEN);
		memcpy(out + MX_TICKET_NAME_LEN, iv, 16);
		mx_aes_cbc_encrypt(&aes, iv, plain, out + 32, clen);
		mx_aes_clear(&aes);
		mac(&k, out, 32 + clen, out + 32 + clen);
		*len = 32 + clen + MAC_LEN;
	}
	mx_zeroize(plain, sizeof(plain));
	mx_zeroize(&k, sizeof(k));
	return rc;
}

/*
 * The state of an authentic ticket (so nothing here needs constant time):
 * 0, or -ENOENT for another format, a bad padding or length, an expired one.
 */
static int parse_state(const uint8_t *plain, size_t clen, struct mx_ticket_state *st)
{
	uint64_t issued = 0, now = wall_seconds();
	size_t pad = plain[clen - 1], n = clen - pad, i, slen;

	for (i = 0; i < 8; i++)
		issued = issued << 8 | plain[6 + i];
	if (pad < 1 || pad > 16)
		return -ENOENT;
	for (i = n; i < clen; i++)
		if (plain[i] != pad)
			return -ENOENT;
	if (plain[0] != STATE_FORMAT || n < STATE_FIXED || issued > now + CLOCK_SKEW ||
	    (issued <= now && now - issued >= mx_ticket_lifetime()))
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	st->version = mx_get_u16(plain + 1);
	st->suite = mx_get_u16(plain + 3);
	st->ems = plain[5] & 1;
	st->client_auth = (plain[5] >> 1) & 1;
	memcpy(st->master, plain + 14, MX_MASTER_LEN);
	memcpy(st->sni_hash, plain + 62, 16);
	if (!(plain[5] & 4))
		return n == STATE_FIXED ? 0 : -ENOENT;
	if (n < STATE_FIXED + MX_PEER_FP_LEN + 1)
		return -ENOENT;
	slen = plain[STATE_FIXED + MX_PEER_FP_LEN];
	if (n != STATE_FIXED + MX_PEER_FP_LEN + 1 + slen ||
	    memchr(plain + STATE_FIXED + MX_PEER_FP_LEN + 1, 0, slen))
		return -ENOENT;
	memcpy(st->peer.fp, plain + STATE_FIXED, MX_PEER_FP_LEN);
	memcpy(st->peer.subject, plain + STATE_FIXED + MX_PEER_FP_LEN + 1, slen);
	st->peer.known = true;
	return 0;
}

int mx_ticket_open(struct mx_ticket_keys *t, const uint8_t *ticket, size_t len,
		   struct mx_ticket_state *st, bool *renew)
{
	uint8_t plain[STATE_MAX], iv[16], want[MAC_LEN];
	struct mx_aes_key aes;
	struct tkey k;
	unsigned int i;
	size_t clen;
	int rc = -ENOENT, ok;

	/* Only our own format: name, IV, whole blocks of state, MAC. */
	if (len < 32 + padded_len(STATE_FIXED) + MAC_LEN || len > MX_TICKET_MAX_LEN ||
	    (len - 32 - MAC_LEN) % 16)
		return -ENOENT;
	pthread_mutex_lock(&t->lock);
	reload_locked(t, false);
	for (i = 0; i < t->n; i++)
		if (!memcmp(t->k[i].name, ticket, MX_TICKET_NAME_LEN))
			break;
	if (i < t->n) {
		k = t->k[i];
		*renew = i != 0;
		rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	if (rc)
		return rc;
	clen = len - 32 - MAC_LEN;
	mac(&k, ticket, len - MAC_LEN, want);
	ok = mx_ct_memeq(want, ticket + len - MAC_LEN, MAC_LEN);
	rc = -ENOENT;
	if (ok && mx_aes_setkey(&aes, k.aes, k.aes_len) == 0) {
		memcpy(iv, ticket + 16, 16);
		mx_aes_cbc_decrypt(&aes, iv, ticket + 32, plain, clen);
		mx_aes_clear(&aes);
		rc = parse_state(plain, clen, st);
	}
	mx_zeroize(plain, sizeof(plain));
	mx_zeroize(&k, sizeof(k));
	return rc;
}
