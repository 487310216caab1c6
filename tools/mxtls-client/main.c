// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-client: the guide's example client over the MatrixSSL API.
 *
 * Without --send it copies standard input to the connection and what
 * arrives to standard output, sends close_notify when standard input
 * ends and exits when the peer closes (status lines on standard error).
 * With --send N it sends N random bytes (text lines of random characters)
 * and checks that the peer echoes them.
 * --resume N reconnects N more times offering the session (--tickets: by
 * session ticket). --rehandshake[=BYTES] starts a re-handshake once
 * BYTES went out (default: half of --send N, or 8 MiB of standard
 * input); --rehandshake-cipher LIST offers those suites in it instead.
 * --ask-rehandshake: at that point send, as a record of its own,
 * gnutls-serv's command "**REHANDSHAKE**" instead, so that the peer starts
 * the re-handshake.
 * --sni NAME sends that server name, --alpn LIST offers protocols.
 * --offload hands the connection to the mxtls kernel module after the
 * handshake (matrixSslOffload): then data goes by send()/recv() on the
 * socket and re-handshakes run through the kernel; when the module
 * refuses, the connection goes on in userspace. A line on standard
 * error says which mode was used.
 * No application data goes out while a re-handshake runs (either side's):
 * peers such as GnuTLS refuse it in the middle of a handshake.
 * Exit status 0 only when every connection (and re-handshake) succeeded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "matrixsslApi.h"

struct opts {
	const char *host, *port, *ca, *name, *cert, *key, *psk, *sni, *alpn;
	bool no_verify, tickets, no_etm, rh_full, offload, ask_rh;
	int32 versions, ec_flags;
	short max_frag;
	psCipher16_t suites[16], rh_suites[16];
	uint8_t n_suites, n_rh_suites;
	long send;		/* -1: copy standard input */
	long rehandshake;	/* bytes before a re-handshake; -1: none, 0: the default */
	int resume;
};

static void usage(FILE *f)
{
	fputs("usage: mxtls-client --host H --port P [--ca F] [--verify-name NAME | --no-verify]\n"
	      "         [--cert F --key F] [--version MIN[:MAX]] [--cipher NAME[,NAME...]]\n"
	      "         [--groups LIST] [--send BYTES] [--resume N] [--tickets] [--psk ID:HEX]\n"
	      "         [--sni NAME] [--alpn P1,P2...] [--max-frag 512|1024|2048|4096]\n"
	      "         [--no-etm] [--rehandshake[=BYTES]] [--rehandshake-cipher NAME[,...]]\n"
	      "         [--rehandshake-full] [--ask-rehandshake] [--offload]\n"
	      "  versions: ssl3 tls1.0 tls1.1 tls1.2; ciphers: IANA names;\n"
	      "  groups: x25519 P-256 P-384\n", f);
}

static int parse_groups(const char *arg, int32 *flags)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int rc = 0;

	*flags = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcasecmp(tok, "x25519"))
			*flags |= IS_X25519;
		else if (!strcasecmp(tok, "P-256") || !strcasecmp(tok, "secp256r1"))
			*flags |= IS_SECP256R1;
		else if (!strcasecmp(tok, "P-384") || !strcasecmp(tok, "secp384r1"))
			*flags |= IS_SECP384R1;
		else
			rc = -1;
	}
	free(list);
	return rc;
}

static int version_flag(const char *s)
{
	static const char *const names[] = { "ssl3", "tls1.0", "tls1.1", "tls1.2" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static int parse_versions(const char *arg, int32 *flags)
{
	char buf[32], *max;
	int lo, hi, i;

	snprintf(buf, sizeof(buf), "%s", arg);
	max = strchr(buf, ':');
	if (max)
		*max++ = 0;
	lo = version_flag(buf);
	hi = max ? version_flag(max) : lo;
	if (lo < 0 || hi < lo)
		return -1;
	*flags = 0;
	for (i = lo; i <= hi; i++)
		*flags |= 1 << i;
	return 0;
}

static int parse_ciphers(const char *arg, psCipher16_t *ids, uint8_t *n, uint8_t max)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int rc = 0;

	*n = 0;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint16_t id = matrixSslGetCipherByName(tok);

		if (!id || *n == max) {
			fprintf(stderr, "mxtls-client: unknown cipher %s\n", tok);
			rc = -1;
			break;
		}
		ids[(*n)++] = id;
	}
	free(list);
	return rc;
}

static int dial(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	int fd = -1;

	if (getaddrinfo(host, port, &hints, &ai)) {
		fprintf(stderr, "mxtls-client: cannot resolve %s\n", host);
		return -1;
	}
	for (a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		fprintf(stderr, "mxtls-client: cannot connect to %s:%s\n", host, port);
	return fd;
}

static bool g_no_verify;
static bool g_rh_refused;	/* the peer answered our re-handshake with no_renegotiation */

/* Accept what the library validated; say why when it did not. */
static int32 cert_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	const psX509Cert_t *c;
	int depth = 0;

	if (g_no_verify || !alert)
		return 0;
	for (c = cert; c && c->authStatus == PS_CERT_OK; c = c->next)
		depth++;
	if (c)
		fprintf(stderr, "mxtls-client: server certificate refused at depth %d (%s): %s\n",
			depth, c->subject.commonName ? c->subject.commonName : "no CN",
			psCertStatusString(c->authStatus));
	else
		fprintf(stderr, "mxtls-client: server certificate refused (alert %d)\n", alert);
	return alert;
}

struct conn {
	ssl_t *ssl;
	int fd;
	bool complete, peer_closed, failed;
	int handshakes;		/* completed so far */
	unsigned char *echo;	/* --send: what came back */
	size_t echo_len, echo_cap;
	bool to_stdout;
};

/* A re-handshake completed (the first handshake is reported by the caller). */
static void handshake_done(struct conn *c)
{
	c->handshakes++;
	if (c->handshakes > 1)
		fprintf(stderr, "mxtls-client: renegotiated: %s%s%s\n",
			matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(c->ssl)),
			matrixSslIsResumedSession(c->ssl) ? " resumed" : "",
			matrixSslIsEncryptThenMac(c->ssl) ? ", etm" : "");
}

/* Send all the outdata. Returns the last SentData code or -1. */
static int32 flush_out(struct conn *c)
{
	unsigned char *buf;
	int32 n, rc = MATRIXSSL_SUCCESS;
	ssize_t w;

	while ((n = matrixSslGetOutdata(c->ssl, &buf)) > 0) {
		w = send(c->fd, buf, (size_t)n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		rc = matrixSslSentData(c->ssl, (uint32)w);
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
			handshake_done(c);
	}
	return rc;
}

/* Send what the socket takes now; -1 on error. */
static int flush_some(struct conn *c)
{
	unsigned char *buf;
	int32 n;
	ssize_t w;

	while ((n = matrixSslGetOutdata(c->ssl, &buf)) > 0) {
		w = send(c->fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if (matrixSslSentData(c->ssl, (uint32)w) == MATRIXSSL_HANDSHAKE_COMPLETE)
			handshake_done(c);
	}
	return 0;
}

/* Application data arrived. 0 or -1. */
static int deliver(struct conn *c, const unsigned char *pt, uint32 ptlen)
{
	if (c->to_stdout) {
		if (fwrite(pt, 1, ptlen, stdout) != ptlen)
			return -1;
		fflush(stdout);
		return 0;
	}
	if (c->echo_len + ptlen > c->echo_cap) {
		fprintf(stderr, "mxtls-client: more came back than was sent\n");
		return -1;
	}
	memcpy(c->echo + c->echo_len, pt, ptlen);
	c->echo_len += ptlen;
	return 0;
}

/* Handle a ReceivedData/ProcessedData result chain. 0 or -1. */
static int handle(struct conn *c, int32 rc, unsigned char *pt, uint32 ptlen)
{
	for (;;) {
		if (rc < 0) {
			fprintf(stderr, "mxtls-client: error %d\n", rc);
			flush_out(c);
			c->failed = true;
			return -1;
		}
		switch (rc) {
		case MATRIXSSL_HANDSHAKE_COMPLETE:
			c->complete = true;
			handshake_done(c);
			/* Records may already wait behind the Finished. */
			rc = matrixSslReceivedData(c->ssl, 0, &pt, &ptlen);
			continue;
		case MATRIXSSL_REQUEST_SEND:
			/* Data in flight goes out from the poll loop. */
			if (c->complete)
				return flush_some(c);
			/* A resumed handshake completes when our Finished is sent. */
			rc = flush_out(c);
			if (rc < 0)
				return -1;
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
				c->complete = true;
			return 0;
		case MATRIXSSL_APP_DATA:
			if (deliver(c, pt, ptlen))
				return -1;
			break;
		case MATRIXSSL_RECEIVED_ALERT:
			if (pt[1] == SSL_ALERT_CLOSE_NOTIFY) {
				c->peer_closed = true;
			} else if (pt[0] == SSL_ALERT_LEVEL_FATAL) {
				fprintf(stderr, "mxtls-client: fatal alert %d from the peer\n",
					pt[1]);
				c->failed = true;
				return -1;
			} else {
				fprintf(stderr, "mxtls-client: warning alert %d from the peer\n",
					pt[1]);
				if (pt[1] == SSL_ALERT_NO_RENEGOTIATION && c->handshakes < 2)
					g_rh_refused = true;
			}
			break;
		case MATRIXSSL_REQUEST_CLOSE:
			c->peer_closed = true;
			return 0;
		default:
			return 0;
		}
		rc = matrixSslProcessedData(c->ssl, &pt, &ptlen);
		if (c->peer_closed)
			return 0;
	}
}

/*
 * An offloaded connection: the kernel opens the records, the library
 * takes those that are not application data. 0, or -1 on error.
 */
static int read_offloaded(struct conn *c, int flags)
{
	static unsigned char buf[65536];
	uint32 len;
	int32 rc;

	rc = matrixSslOffloadRead(c->ssl, buf, sizeof(buf), &len, flags);
	switch (rc) {
	case MATRIXSSL_APP_DATA:
		return deliver(c, buf, len);
	case MATRIXSSL_HANDSHAKE_COMPLETE:
		handshake_done(c);
		return 0;
	case MATRIXSSL_RECEIVED_ALERT:
		fprintf(stderr, "mxtls-client: warning alert %d from the peer\n", buf[1]);
		if (buf[1] == SSL_ALERT_NO_RENEGOTIATION && c->handshakes < 2)
			g_rh_refused = true;
		return 0;
	case MATRIXSSL_REQUEST_CLOSE:
		c->peer_closed = true;
		return 0;
	case MATRIXSSL_REQUEST_RECV:
		return 0;
	default:
		fprintf(stderr, "mxtls-client: error %d (%s)\n", rc, strerror(errno));
		c->failed = true;
		return -1;
	}
}

/* Application data out on an offloaded connection, all of it. */
static int send_offloaded(struct conn *c, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = send(c->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "mxtls-client: send: %s\n", strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read once from the socket and process. 0, 1 on EOF, -1 on error. */
static int read_some(struct conn *c)
{
	unsigned char *buf, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;

	if (matrixSslIsOffloaded(c->ssl))
		return read_offloaded(c, c->to_stdout ? MSG_DONTWAIT : 0);
	n = matrixSslGetReadbuf(c->ssl, &buf);
	if (n <= 0)
		return -1;
	r = recv(c->fd, buf, (size_t)n, 0);
	if (r < 0)
		return -1;
	if (r == 0)
		return 1;
	rc = matrixSslReceivedData(c->ssl, (int32)r, &pt, &ptlen);
	return handle(c, rc, pt, ptlen);
}

static const char *version_name(int32 v)
{
	switch (v) {
	case 0x0300:
		return "SSL 3.0";
	case 0x0301:
		return "TLS 1.0";
	case 0x0302:
		return "TLS 1.1";
	case 0x0303:
		return "TLS 1.2";
	}
	return "?";
}

static const struct opts *g_o;

/* --rehandshake: ours, now. */
static int start_rehandshake(struct conn *c)
{
	int32 rc;

	rc = matrixSslEncodeRehandshake(c->ssl, NULL, NULL,
					g_o->rh_full ? SSL_OPTION_FULL_HANDSHAKE : 0,
					g_o->n_rh_suites ? g_o->rh_suites : NULL, g_o->n_rh_suites);
	if (rc < 0) {
		fprintf(stderr, "mxtls-client: cannot start a re-handshake (%d)\n", rc);
		return -1;
	}
	fprintf(stderr, "mxtls-client: re-handshake started\n");
	return 0;
}

/* gnutls-serv --echo answers its commands with this line, in the echo */
static const char gnutls_cmd_ok[] = "Successfully executed command\n";
#define GNUTLS_CMD_OK_LEN (sizeof(gnutls_cmd_ok) - 1)

/* --ask-rehandshake: gnutls-serv --echo starts one on this line. */
static int ask_rehandshake(struct conn *c)
{
	static const char cmd[] = "**REHANDSHAKE**\n";
	int32 rc;

	fprintf(stderr, "mxtls-client: asked the peer for a re-handshake\n");
	if (matrixSslIsOffloaded(c->ssl))
		return send_offloaded(c, (const unsigned char *)cmd, sizeof(cmd) - 1);
	rc = matrixSslEncodeToOutdata(c->ssl, (unsigned char *)cmd, sizeof(cmd) - 1);
	return rc < 0 || flush_out(c) < 0 ? -1 : 0;
}

/* A re-handshake we started: done, or refused by the peer. */
static bool rehandshake_over(const struct conn *c)
{
	return g_o->rehandshake < 0 || c->handshakes > 1 || g_rh_refused;
}

/*
 * Standard input to the connection and the connection to standard output,
 * never blocking on one direction while the other has work: both ends may
 * be sending a lot at once.
 */
static int run_stdin(struct conn *c)
{
	struct pollfd p[2] = { { .fd = 0 }, { .fd = c->fd } };
	unsigned char buf[16384], *out;
	long rh_at = g_o->rehandshake > 0 ? g_o->rehandshake : 8L << 20, sent = 0;
	bool in_open = true, rh = g_o->rehandshake >= 0;
	ssize_t r;
	int rc;

	c->to_stdout = true;
	while (!c->peer_closed) {
		bool pending = matrixSslGetOutdata(c->ssl, &out) > 0;

		/* Take more input only when what we have went out, and not
		 * while a re-handshake runs (many peers refuse data then).
		 */
		p[0].fd = in_open && !pending && matrixSslHandshakeIsComplete(c->ssl) ? 0 : -1;
		p[0].events = POLLIN;
		p[1].events = POLLIN | (pending ? POLLOUT : 0);
		if (poll(p, 2, -1) < 0)
			return -1;
		if (p[1].revents & POLLOUT && flush_some(c))
			return -1;
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			rc = read_some(c);
			if (rc < 0)
				return -1;
			if (rc > 0)	/* EOF without close_notify */
				return c->peer_closed ? 0 : -1;
		}
		if (p[0].fd == 0 && p[0].revents) {
			r = read(0, buf, sizeof(buf));
			if (r <= 0) {
				in_open = false;
				matrixSslEncodeClosureAlert(c->ssl);
			} else if (matrixSslIsOffloaded(c->ssl)) {
				if (send_offloaded(c, buf, (size_t)r))
					return -1;
			} else if (matrixSslEncodeToOutdata(c->ssl, buf, (uint32)r) < 0) {
				return -1;
			}
			sent += r > 0 ? r : 0;
			if (rh && sent >= rh_at) {
				rh = false;
				if (start_rehandshake(c))
					return -1;
			}
			if (flush_some(c))
				return -1;
		}
	}
	return rehandshake_over(c) ? 0 : -1;
}

/* The echo is data, with gnutls-serv's answer to our command at 'at' */
static bool echo_intact(const unsigned char *echo, const unsigned char *data, size_t n, size_t at)
{
	if (memcmp(echo, data, at))
		return false;
	if (at == n)
		return true;
	return !memcmp(echo + at, gnutls_cmd_ok, GNUTLS_CMD_OK_LEN) &&
	       !memcmp(echo + at + GNUTLS_CMD_OK_LEN, data + at, n - at);
}

static int run_send(struct conn *c, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char *data = malloc(n ? n : 1), *wb;
	size_t off = 0, take, rh_at, asked_at = 0;
	bool rh = g_o->rehandshake >= 0;
	/* the echo: the data, with gnutls-serv's answer where we asked */
	size_t want = n + (g_o->ask_rh ? GNUTLS_CMD_OK_LEN : 0);
	int32 room;
	int rc = -1;

	rh_at = g_o->rehandshake > 0 ? (size_t)g_o->rehandshake : n / 2;
	c->echo = malloc(want ? want : 1);
	c->echo_cap = want;
	if (!data || !c->echo || getrandom(data, n, 0) != (ssize_t)n)
		goto out;
	/* Random text lines, so that line-oriented echo servers (gnutls-serv
	 * --echo) carry them unchanged.
	 */
	for (off = 0; off < n; off++)
		data[off] = (off % 64 == 63) ? '\n' : b64[data[off] & 63];
	off = 0;
	/* Alternate the guide's two ways of encrypting: in situ, from a buffer. */
	while (off < n) {
		if (rh && off >= rh_at) {
			rh = false;
			asked_at = off;
			if (g_o->ask_rh ? ask_rehandshake(c) :
			    (start_rehandshake(c) || flush_out(c) < 0))
				goto out;
			/* Some peers (GnuTLS) take no data of ours while they
			 * negotiate: theirs keeps coming meanwhile.
			 */
			while (!rehandshake_over(c) && !c->peer_closed)
				if (read_some(c))
					goto out;
		}
		/* No data in the middle of a re-handshake (many peers refuse it). */
		while (!matrixSslHandshakeIsComplete(c->ssl) && !c->peer_closed)
			if (read_some(c))
				goto out;
		take = n - off < 16384 ? n - off : 16384;
		if (matrixSslIsOffloaded(c->ssl)) {
			if (send_offloaded(c, data + off, take))
				goto out;
		} else if ((off / 16384) & 1) {
			if (matrixSslEncodeToOutdata(c->ssl, data + off, (uint32)take) < 0)
				goto out;
		} else {
			room = matrixSslGetWritebuf(c->ssl, &wb, (uint32)take);
			if (room < 1)
				goto out;
			if (take > (size_t)room)
				take = (size_t)room;
			memcpy(wb, data + off, take);
			if (matrixSslEncodeWritebuf(c->ssl, (uint32)take) < 0)
				goto out;
		}
		if (flush_out(c) < 0)
			goto out;
		off += take;
		/* Keep the echo flowing so neither side's buffers fill up. */
		while (c->echo_len + 65536 < off && !c->peer_closed)
			if (read_some(c))
				goto out;
		if (c->peer_closed) {
			fprintf(stderr, "mxtls-client: peer closed; %zu of %zu bytes back\n",
				c->echo_len, want);
			goto out;
		}
	}
	while ((c->echo_len < want || !rehandshake_over(c)) && !c->peer_closed)
		if (read_some(c))
			goto out;
	if (c->echo_len != want || !echo_intact(c->echo, data, n, want > n ? asked_at : n)) {
		fprintf(stderr, "mxtls-client: echo differs (%zu of %zu bytes back)\n",
			c->echo_len, want);
		goto out;
	}
	fprintf(stderr, "mxtls-client: %zu bytes sent and echoed intact\n", n);
	if (g_rh_refused) {
		fprintf(stderr, "mxtls-client: the re-handshake was refused\n");
		goto out;
	}
	matrixSslEncodeClosureAlert(c->ssl);
	flush_out(c);
	rc = 0;
out:
	free(data);
	free(c->echo);
	c->echo = NULL;
	return rc;
}

/* --offload: hand the records to the kernel, or say why not. */
static void offload(struct conn *c)
{
	int32 rc = matrixSslOffload(c->ssl, c->fd);
	const char *why;

	if (rc == PS_SUCCESS) {
		fprintf(stderr, "mxtls-client: mode: kernel offload\n");
		return;
	}
	switch (rc) {
	case MATRIXSSL_OFFLOAD_NO_MODULE:
		why = "the mxtls module is not loaded";
		break;
	case MATRIXSSL_OFFLOAD_UNSUPPORTED:
		why = "the module cannot protect this session's records";
		break;
	case MATRIXSSL_OFFLOAD_BUSY:
		why = "bytes are held in userspace";
		break;
	default:
		why = strerror(errno);
		break;
	}
	fprintf(stderr, "mxtls-client: offload refused (%d: %s); mode: userspace\n", rc, why);
}

/* The server_name and ALPN extensions the options ask for. */
static int extensions(const struct opts *o, tlsExtension_t **ext)
{
	unsigned char *b, *proto[8];
	int32 len, plen[8], n = 0;
	char *list, *tok, *save = NULL;
	int rc = 0;

	*ext = NULL;
	if (!o->sni && !o->alpn)
		return 0;
	if (matrixSslNewHelloExtension(ext, NULL) < 0)
		return -1;
	if (o->sni) {
		if (matrixSslCreateSNIext(NULL, (unsigned char *)o->sni, (uint32)strlen(o->sni),
					  &b, &len) < 0)
			return -1;
		rc = matrixSslLoadHelloExtension(*ext, b, (uint32)len, EXT_SNI);
		free(b);
	}
	if (!rc && o->alpn) {
		list = strdup(o->alpn);
		for (tok = strtok_r(list, ",", &save); tok && n < 8;
		     tok = strtok_r(NULL, ",", &save)) {
			proto[n] = (unsigned char *)tok;
			plen[n++] = (int32)strlen(tok);
		}
		rc = matrixSslCreateALPNext(NULL, n, proto, plen, &b, &len);
		if (!rc) {
			rc = matrixSslLoadHelloExtension(*ext, b, (uint32)len, EXT_ALPN);
			free(b);
		}
		free(list);
	}
	return rc < 0 ? -1 : 0;
}

static int one_connection(const struct opts *o, sslKeys_t *keys, sslSessionId_t *sid,
			  bool *resumed)
{
	sslSessOpts_t so = { .versionFlag = o->versions };
	struct conn c = { .fd = -1 };
	const unsigned char *alpn;
	tlsExtension_t *ext;
	int32 rc, alen;
	int ret = -1;

	so.ecFlags = o->ec_flags;
	so.ticketResumption = o->tickets;
	so.maxFragLen = o->max_frag;
	so.encryptThenMac = o->no_etm ? -1 : 0;
	/* Nothing past the handshake may stay in the library's buffer. */
	so.recordExactReads = o->offload;
	if (extensions(o, &ext))
		return -1;
	c.fd = dial(o->host, o->port);
	if (c.fd < 0) {
		matrixSslDeleteHelloExtension(ext);
		return -1;
	}
	rc = matrixSslNewClientSession(&c.ssl, keys, sid, o->n_suites ? o->suites : NULL,
				       o->n_suites, cert_cb, o->no_verify ? NULL : o->name,
				       ext, NULL, &so);
	matrixSslDeleteHelloExtension(ext);
	if (rc != MATRIXSSL_REQUEST_SEND) {
		fprintf(stderr, "mxtls-client: cannot start a session (%d)\n", rc);
		close(c.fd);
		return -1;
	}
	if (flush_out(&c) < 0)
		goto out;
	while (!c.complete && !c.failed) {
		if (read_some(&c))
			goto out;
	}
	*resumed = matrixSslIsResumedSession(c.ssl);
	alen = matrixSslGetAlpnProtocol(c.ssl, &alpn);
	fprintf(stderr, "mxtls-client: %s %s%s%s%s%.*s",
		version_name(matrixSslGetNegotiatedVersion(c.ssl)),
		matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(c.ssl)),
		*resumed ? " resumed" : "", matrixSslIsEncryptThenMac(c.ssl) ? ", etm" : "",
		alen > 0 ? ", alpn=" : "", alen > 0 ? (int)alen : 0, alen > 0 ? (char *)alpn : "");
	if (matrixSslGetMaxFragmentLength(c.ssl))
		fprintf(stderr, ", max_fragment_length=%d", matrixSslGetMaxFragmentLength(c.ssl));
	fputc('\n', stderr);
	if (o->offload)
		offload(&c);
	if (o->send >= 0)
		ret = run_send(&c, (size_t)o->send);
	else if (o->resume)
		ret = matrixSslEncodeClosureAlert(c.ssl) == 0 && flush_out(&c) >= 0 ? 0 : -1;
	else
		ret = run_stdin(&c);
out:
	matrixSslDeleteSession(c.ssl);
	close(c.fd);
	return ret;
}

static int parse_psk(const char *arg, sslKeys_t *keys)
{
	unsigned char id[128], key[64];
	const char *hex = strchr(arg, ':');
	size_t idlen, klen = 0;
	unsigned int b;

	if (!hex || hex == arg || (size_t)(hex - arg) > sizeof(id))
		return -1;
	idlen = (size_t)(hex - arg);
	memcpy(id, arg, idlen);
	for (hex++; hex[0] && hex[1] && klen < sizeof(key); hex += 2) {
		if (sscanf(hex, "%2x", &b) != 1)
			return -1;
		key[klen++] = (unsigned char)b;
	}
	if (*hex || !klen)
		return -1;
	return matrixSslLoadPsk(keys, key, (uint8_t)klen, id, (uint8_t)idlen) ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "host", 1, 0, 'h' }, { "port", 1, 0, 'p' }, { "ca", 1, 0, 'a' },
		{ "verify-name", 1, 0, 'n' }, { "no-verify", 0, 0, 'N' }, { "cert", 1, 0, 'c' },
		{ "key", 1, 0, 'k' }, { "version", 1, 0, 'v' }, { "cipher", 1, 0, 'C' },
		{ "send", 1, 0, 's' }, { "resume", 1, 0, 'r' }, { "psk", 1, 0, 'P' },
		{ "sni", 1, 0, 'S' }, { "alpn", 1, 0, 'L' }, { "tickets", 0, 0, 'T' },
		{ "max-frag", 1, 0, 'M' }, { "no-etm", 0, 0, 'E' }, { "groups", 1, 0, 'G' },
		{ "rehandshake", 2, 0, 'R' }, { "rehandshake-cipher", 1, 0, 'X' },
		{ "rehandshake-full", 0, 0, 'F' }, { "offload", 0, 0, 'O' },
		{ "ask-rehandshake", 0, 0, 'Q' },
		{ "help", 0, 0, 'H' }, { 0 }
	};
	struct opts o = { .send = -1, .versions = 0, .rehandshake = -1 };
	sslKeys_t *keys;
	sslSessionId_t sid;
	int opt, i, resumed_count = 0, rc = 0;
	bool resumed;

	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'h':
			o.host = optarg;
			break;
		case 'p':
			o.port = optarg;
			break;
		case 'a':
			o.ca = optarg;
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'N':
			o.no_verify = true;
			break;
		case 'c':
			o.cert = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'P':
			o.psk = optarg;
			break;
		case 'v':
			if (parse_versions(optarg, &o.versions)) {
				fprintf(stderr, "mxtls-client: bad --version %s\n", optarg);
				return 2;
			}
			break;
		case 'C':
			if (parse_ciphers(optarg, o.suites, &o.n_suites, 16))
				return 2;
			break;
		case 's':
			o.send = atol(optarg);
			break;
		case 'r':
			o.resume = atoi(optarg);
			break;
		case 'S':
			o.sni = optarg;
			break;
		case 'L':
			o.alpn = optarg;
			break;
		case 'T':
			o.tickets = true;
			break;
		case 'M':
			o.max_frag = (short)atoi(optarg);
			break;
		case 'E':
			o.no_etm = true;
			break;
		case 'G':
			if (parse_groups(optarg, &o.ec_flags)) {
				usage(stderr);
				return 2;
			}
			break;
		case 'R':
			o.rehandshake = optarg ? atol(optarg) : 0;
			break;
		case 'X':
			if (parse_ciphers(optarg, o.rh_suites, &o.n_rh_suites, 16))
				return 2;
			break;
		case 'F':
			o.rh_full = true;
			break;
		case 'O':
			o.offload = true;
			break;
		case 'Q':
			o.ask_rh = true;
			break;
		case 'H':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!o.host || !o.port || optind != argc || !!o.cert != !!o.key || o.send < -1 ||
	    o.resume < 0 || (o.name && o.no_verify)) {
		usage(stderr);
		return 2;
	}
	if (!o.name && !o.no_verify)
		o.name = o.host;
	if ((o.n_rh_suites || o.rh_full || o.ask_rh) && o.rehandshake < 0)
		o.rehandshake = 0;
	g_no_verify = o.no_verify;
	g_o = &o;
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&keys, NULL) < 0)
		return 1;
	/* The client's identity: RSA, else ECDSA. */
	if (o.cert && matrixSslLoadRsaKeys(keys, o.cert, o.key, NULL, NULL) < 0 &&
	    matrixSslLoadEcKeys(keys, o.cert, o.key, NULL, NULL) < 0) {
		fprintf(stderr, "mxtls-client: cannot load the certificate and key\n");
		return 1;
	}
	if (o.ca && matrixSslLoadRsaKeys(keys, NULL, NULL, NULL, o.ca) < 0) {
		fprintf(stderr, "mxtls-client: cannot load the CA file\n");
		return 1;
	}
	if (o.psk && parse_psk(o.psk, keys)) {
		fprintf(stderr, "mxtls-client: bad --psk\n");
		return 2;
	}
	matrixSslInitSessionId(&sid);
	for (i = 0; i <= o.resume; i++) {
		if (one_connection(&o, keys, &sid, &resumed)) {
			rc = 1;
			break;
		}
		resumed_count += i > 0 && resumed;
	}
	if (o.resume)
		fprintf(stderr, "mxtls-client: resumed %d of %d\n", resumed_count, o.resume);
	matrixSslClearSessionId(&sid);
	matrixSslDeleteKeys(keys);
	matrixSslClose();
	return rc;
}
