// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-server: the guide's example server over the MatrixSSL API.
 *
 * Serves connections concurrently, a thread each: --echo sends back
 * every byte, --www answers any request with an HTTP/1.0 page describing
 * the connection (as "openssl s_server -www" does), --stdout writes what
 * arrives to standard output; otherwise what arrives is read and dropped
 * until the peer closes. --max-conn N stops
 * accepting after N connections and exits when they are done; the exit
 * status is then 0 only if all of them succeeded.
 *
 * --rehandshake[=BYTES] starts a re-handshake on each connection once
 * BYTES (default 8 MiB) arrived; --rehandshake-auth makes it ask for a
 * client certificate. While a re-handshake runs, --echo holds what it
 * would send back until it completes (peers such as GnuTLS refuse
 * application data in the middle of a handshake; OpenSSL's blocking
 * client waits for data after one), offloaded or not. --ticket-keys F
 * issues and takes session tickets with the keys of F. --sni NAME:CERT:KEY serves NAME with that
 * certificate. --alpn LIST (comma-separated) agrees to the first of ours
 * the client offers. A line on standard error tells about each handshake.
 *
 * --offload hands each connection to the mxtls kernel module once its
 * handshake completed (matrixSslOffload): data then goes by recv()/send()
 * (and sendfile()) on the socket, re-handshakes through the kernel; when
 * the module refuses, the connection goes on in userspace. A line says
 * which mode each connection used. --sendfile F sends the file F to each
 * client after the handshake (with sendfile() when offloaded), then
 * closes its side and reads until the client closes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "matrixsslApi.h"

enum mode { SINK, ECHO, WWW, OUT };
enum auth { AUTH_NONE, AUTH_OPTIONAL, AUTH_REQUIRE };

#define MAX_SNI 8
#define MAX_ALPN 8

static struct {
	enum mode mode;
	enum auth auth;
	int32 versions, ec_flags;
	long rehandshake;		/* bytes before a re-handshake; -1: none */
	bool rehandshake_auth;
	bool offload;
	const char *sendfile;
	const sslKeys_t *keys;
	struct {
		char *name, *cert, *key;
		sslKeys_t *keys;
	} sni[MAX_SNI];
	int n_sni;
	char *alpn[MAX_ALPN];
	int n_alpn;
} cfg = { .rehandshake = -1 };

/* Connections running and failed, for --max-conn. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static long running, failed;

static void usage(FILE *f)
{
	fputs("usage: mxtls-server --port P [--bind ADDR] [--cert F --key F]... [--key-pass PW]\n"
	      "         [--dh F] [--ca F --client-auth require|optional]\n"
	      "         [--version MIN[:MAX]] [--cipher NAME[,NAME...]] [--groups LIST]\n"
	      "         [--echo | --www | --stdout] [--max-conn N] [--psk ID:HEX]...\n"
	      "         [--psk-hint H]\n"
	      "         [--ticket-keys F] [--sni NAME:CERT:KEY]... [--alpn P1,P2...]\n"
	      "         [--rehandshake[=BYTES]] [--rehandshake-auth] [--offload]\n"
	      "         [--sendfile FILE]\n"
	      "  --cert/--key: an RSA or ECDSA identity (give both kinds to serve both)\n"
	      "  versions: ssl3 tls1.0 tls1.1 tls1.2; ciphers: IANA names;\n"
	      "  groups: x25519 P-256 P-384\n", f);
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

/* Leave only the named suites enabled for every session. */
static int restrict_ciphers(const char *arg)
{
	psCipher16_t keep[64];
	char *list = strdup(arg), *tok, *save = NULL;
	unsigned int n = 0, i, j;
	uint16_t id;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		id = matrixSslGetCipherByName(tok);
		if (!id || n == 64) {
			fprintf(stderr, "mxtls-server: unknown cipher %s\n", tok);
			free(list);
			return -1;
		}
		keep[n++] = id;
	}
	free(list);
	for (i = 0; i < 0x10000; i++) {
		if (!matrixSslGetCipherName((uint16_t)i))
			continue;
		for (j = 0; j < n && keep[j] != i; j++)
			;
		matrixSslSetCipherSuiteEnabledStatus(NULL, (psCipher16_t)i, j < n);
	}
	return 0;
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

/* An identity whatever its kind: RSA first, then ECDSA. */
static int32 load_identity(sslKeys_t *keys, const char *cert, const char *key, const char *pass,
			   const char *ca)
{
	int32 rc = matrixSslLoadRsaKeys(keys, cert, key, pass, ca);

	if (rc < 0 && rc != PS_PLATFORM_FAIL)
		rc = matrixSslLoadEcKeys(keys, cert, key, pass, ca);
	return rc;
}

/* --sni NAME:CERT:KEY (loaded once the CA file is known) */
static int parse_sni(const char *arg)
{
	char *a = strdup(arg), *cert, *key;

	cert = a ? strchr(a, ':') : NULL;
	key = cert ? strchr(cert + 1, ':') : NULL;
	if (!key || cfg.n_sni == MAX_SNI) {
		free(a);
		return -1;
	}
	*cert++ = 0;
	*key++ = 0;
	cfg.sni[cfg.n_sni].name = a;
	cfg.sni[cfg.n_sni].cert = cert;
	cfg.sni[cfg.n_sni].key = key;
	cfg.n_sni++;
	return 0;
}

static int load_sni(const char *ca, const char *tickets)
{
	sslKeys_t *keys;
	int i;

	for (i = 0; i < cfg.n_sni; i++) {
		if (matrixSslNewKeys(&keys, NULL) < 0)
			return -1;
		cfg.sni[i].keys = keys;
		if (load_identity(keys, cfg.sni[i].cert, cfg.sni[i].key, NULL, ca) < 0 ||
		    (tickets && matrixSslLoadSessionTicketKeysFile(keys, tickets) < 0)) {
			fprintf(stderr, "mxtls-server: cannot load %s and %s for %s\n",
				cfg.sni[i].cert, cfg.sni[i].key, cfg.sni[i].name);
			return -1;
		}
	}
	return 0;
}

static int parse_alpn(const char *arg)
{
	char *list = strdup(arg), *tok, *save = NULL;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (cfg.n_alpn == MAX_ALPN || strlen(tok) > 255)
			return -1;
		cfg.alpn[cfg.n_alpn++] = strdup(tok);
	}
	free(list);
	return cfg.n_alpn ? 0 : -1;
}

static int listen_on(const char *addr, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai;
	int fd, one = 1;

	if (getaddrinfo(addr, port, &hints, &ai)) {
		fprintf(stderr, "mxtls-server: bad address %s:%s\n", addr, port);
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 128)) {
		fprintf(stderr, "mxtls-server: cannot listen on %s:%s: %s\n", addr, port,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
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

struct conn {
	ssl_t *ssl;
	int fd;
	int handshakes;			/* completed so far */
	bool closed, failed, answered, authed, rh_started, rh_declined, offload_tried, file_sent;
	long received;
	/* --echo: what to send back, held while a handshake runs */
	unsigned char *held;
	size_t held_len, held_cap;
	char sni[256];
	char req[8192];
	size_t req_len;
};

/* Say what the handshake that just completed agreed on. */
static void report(struct conn *c)
{
	const unsigned char *alpn;
	int32 alen = matrixSslGetAlpnProtocol(c->ssl, &alpn);

	c->handshakes++;
	fprintf(stderr, "mxtls-server: %s%s %s%s%s%s%s%.*s%s%s\n",
		c->handshakes > 1 ? "renegotiated: " : "",
		version_name(matrixSslGetNegotiatedVersion(c->ssl)),
		matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(c->ssl)),
		matrixSslIsResumedSession(c->ssl) ? " resumed" : "",
		c->authed ? ", client authenticated" : "",
		matrixSslIsEncryptThenMac(c->ssl) ? ", etm" : "",
		alen > 0 ? ", alpn=" : "", alen > 0 ? (int)alen : 0, alen > 0 ? (char *)alpn : "",
		c->sni[0] ? ", sni=" : "", c->sni);
}

/*
 * Send what the socket takes now, without blocking: the poll loop sends
 * the rest. The last SentData code (HANDSHAKE_COMPLETE reported), or -1.
 */
static int32 flush_out(struct conn *c)
{
	unsigned char *buf;
	int32 n, rc = MATRIXSSL_SUCCESS;
	ssize_t w;

	while ((n = matrixSslGetOutdata(c->ssl, &buf)) > 0) {
		w = send(c->fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? rc : -1;
		rc = matrixSslSentData(c->ssl, (uint32)w);
		if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
			report(c);
	}
	return rc;
}

/* At the end: all of the outdata, waiting for the socket as needed. */
static void flush_all(struct conn *c)
{
	struct pollfd p = { .fd = c->fd, .events = POLLOUT };
	unsigned char *buf;

	while (matrixSslGetOutdata(c->ssl, &buf) > 0 && flush_out(c) >= 0 &&
	       matrixSslGetOutdata(c->ssl, &buf) > 0)
		if (poll(&p, 1, 5000) <= 0)
			break;
}

static int32 cert_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	struct conn *c = matrixSslGetUserPtr(ssl);

	if (!cert)	/* the client sent no certificate */
		return cfg.auth == AUTH_REQUIRE || c->rh_started ? SSL_ALERT_HANDSHAKE_FAILURE : 0;
	/* A certificate must validate. */
	c->authed = alert == 0;
	return alert;
}

static void sni_cb(void *ssl, char *host, int32 len, sslKeys_t **keys)
{
	struct conn *c = matrixSslGetUserPtr(ssl);
	int i;

	snprintf(c->sni, sizeof(c->sni), "%s", host);
	for (i = 0; i < cfg.n_sni; i++)
		if (!strcasecmp(cfg.sni[i].name, host))
			*keys = cfg.sni[i].keys;
}

static void alpn_cb(void *ssl, short n, char *proto[MAX_PROTO_EXT], int32 len[MAX_PROTO_EXT],
		    int32 *index)
{
	int i, j;

	for (i = 0; i < cfg.n_alpn; i++)
		for (j = 0; j < n; j++)
			if ((size_t)len[j] == strlen(cfg.alpn[i]) &&
			    !memcmp(proto[j], cfg.alpn[i], (size_t)len[j])) {
				*index = j;
				return;
			}
}

static int www_answer(struct conn *c)
{
	char page[1024];
	int n;

	n = snprintf(page, sizeof(page),
		     "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
		     "<html><body><pre>\nmxtls-server\nProtocol  : %s\nCipher    : %s\n"
		     "Resumed   : %s\nEMS       : %s\nClient certificate: %s\n"
		     "</pre></body></html>\r\n",
		     version_name(matrixSslGetNegotiatedVersion(c->ssl)),
		     matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(c->ssl)),
		     matrixSslIsResumedSession(c->ssl) ? "yes" : "no",
		     matrixSslIsExtendedMasterSecret(c->ssl) ? "yes" : "no",
		     c->authed ? "yes" : "no");
	c->answered = true;
	if (matrixSslEncodeToOutdata(c->ssl, (unsigned char *)page, (uint32)n) < 0)
		return -1;
	matrixSslEncodeClosureAlert(c->ssl);
	return flush_out(c) < 0 ? -1 : 0;
}

/*
 * --echo: send back what was held, unless a re-handshake runs (many
 * peers refuse application data in the middle of one).
 */
static int echo_flush(struct conn *c)
{
	size_t off = 0, take;

	if (!matrixSslHandshakeIsComplete(c->ssl))
		return 0;
	while (off < c->held_len) {
		take = c->held_len - off < 16384 ? c->held_len - off : 16384;
		if (matrixSslEncodeToOutdata(c->ssl, c->held + off, (uint32)take) < 0)
			return -1;
		off += take;
	}
	c->held_len = 0;
	return 0;
}

static int echo_hold(struct conn *c, const unsigned char *pt, uint32 len)
{
	size_t cap = c->held_cap ? c->held_cap : 65536;
	unsigned char *p;

	while (cap < c->held_len + len)
		cap *= 2;
	if (cap > (64u << 20))
		return -1;
	if (cap != c->held_cap) {
		p = realloc(c->held, cap);
		if (!p)
			return -1;
		c->held = p;
		c->held_cap = cap;
	}
	memcpy(c->held + c->held_len, pt, len);
	c->held_len += len;
	return 0;
}

static int app_data(struct conn *c, unsigned char *pt, uint32 len)
{
	size_t take;

	c->received += len;
	switch (cfg.mode) {
	case ECHO:
		return echo_hold(c, pt, len);
	case OUT:
		flockfile(stdout);
		take = fwrite(pt, 1, len, stdout);
		fflush(stdout);
		funlockfile(stdout);
		return take == len ? 0 : -1;
	case WWW:
		if (c->answered)
			return 0;
		take = sizeof(c->req) - 1 - c->req_len;
		if (len < take)
			take = len;
		memcpy(c->req + c->req_len, pt, take);
		c->req_len += take;
		c->req[c->req_len] = 0;
		if (strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n") ||
		    c->req_len == sizeof(c->req) - 1)
			return 1;	/* answer after ProcessedData */
		return 0;
	default:
		return 0;
	}
}

/* --rehandshake: once enough arrived, ask for a new handshake. */
static int maybe_rehandshake(struct conn *c)
{
	int32 rc;

	if (cfg.rehandshake < 0 || c->rh_started || c->received < cfg.rehandshake ||
	    !c->handshakes)
		return 0;
	c->rh_started = true;
	rc = matrixSslEncodeRehandshake(c->ssl, NULL, cfg.rehandshake_auth ? cert_cb : NULL,
					cfg.rehandshake_auth ? SSL_OPTION_FULL_HANDSHAKE : 0,
					NULL, 0);
	if (rc < 0) {
		fprintf(stderr, "mxtls-server: cannot start a re-handshake (%d)\n", rc);
		return -1;
	}
	fprintf(stderr, "mxtls-server: re-handshake requested after %ld bytes\n", c->received);
	return flush_out(c) < 0 ? -1 : 0;
}

static int handle(struct conn *c, int32 rc, unsigned char *pt, uint32 ptlen)
{
	int a;

	for (;;) {
		if (rc < 0) {
			fprintf(stderr, "mxtls-server: error %d\n", rc);
			flush_all(c);
			c->failed = true;
			return -1;
		}
		switch (rc) {
		case MATRIXSSL_HANDSHAKE_COMPLETE:
			report(c);
			rc = matrixSslReceivedData(c->ssl, 0, &pt, &ptlen);
			continue;
		case MATRIXSSL_REQUEST_SEND:
			rc = flush_out(c);
			if (rc < 0)
				return -1;
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE) {
				rc = matrixSslReceivedData(c->ssl, 0, &pt, &ptlen);
				continue;
			}
			return 0;
		case MATRIXSSL_APP_DATA:
			a = app_data(c, pt, ptlen);
			if (a < 0)
				return -1;
			rc = matrixSslProcessedData(c->ssl, &pt, &ptlen);
			if (a > 0 && www_answer(c))
				return -1;
			if (cfg.mode == ECHO && rc >= 0 && (echo_flush(c) || flush_out(c) < 0))
				return -1;
			if (maybe_rehandshake(c))
				return -1;
			continue;
		case MATRIXSSL_RECEIVED_ALERT:
			if (pt[1] == SSL_ALERT_CLOSE_NOTIFY) {
				c->closed = true;
			} else if (pt[0] == SSL_ALERT_LEVEL_FATAL) {
				fprintf(stderr, "mxtls-server: fatal alert %d from the peer\n",
					pt[1]);
				c->failed = true;
				return -1;
			} else {
				fprintf(stderr, "mxtls-server: warning alert %d from the peer\n",
					pt[1]);
			}
			rc = matrixSslProcessedData(c->ssl, &pt, &ptlen);
			if (c->closed)
				return 0;
			continue;
		case MATRIXSSL_REQUEST_CLOSE:
			c->closed = true;
			return 0;
		default:
			return 0;
		}
	}
}

/* --offload: hand the records to the kernel, or say why not. */
static void offload(struct conn *c)
{
	int32 rc = matrixSslOffload(c->ssl, c->fd);
	const char *why;

	c->offload_tried = true;
	if (rc == PS_SUCCESS) {
		fprintf(stderr, "mxtls-server: mode: kernel offload\n");
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
	fprintf(stderr, "mxtls-server: offload refused (%d: %s); mode: userspace\n", rc, why);
}

/* Everything out on an offloaded socket. 0 or -1. */
static int send_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * --sendfile: the file to the client, with sendfile() when the kernel
 * does the records, through the library otherwise; then our side closes.
 */
static int send_file(struct conn *c)
{
	unsigned char buf[16384];
	struct stat st;
	off_t off = 0;
	ssize_t n;
	int f, rc = -1;

	c->file_sent = true;
	f = open(cfg.sendfile, O_RDONLY);
	if (f < 0 || fstat(f, &st)) {
		fprintf(stderr, "mxtls-server: cannot open %s\n", cfg.sendfile);
		goto out;
	}
	while (off < st.st_size) {
		if (matrixSslIsOffloaded(c->ssl)) {
			n = sendfile(c->fd, f, &off, (size_t)(st.st_size - off));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fprintf(stderr, "mxtls-server: sendfile: %s\n", strerror(errno));
				goto out;
			}
			continue;
		}
		n = pread(f, buf, sizeof(buf), off);
		if (n <= 0 || matrixSslEncodeToOutdata(c->ssl, buf, (uint32)n) < 0 ||
		    flush_out(c) < 0)
			goto out;
		off += n;
	}
	fprintf(stderr, "mxtls-server: %lld bytes of %s sent%s\n", (long long)off, cfg.sendfile,
		matrixSslIsOffloaded(c->ssl) ? " with sendfile()" : "");
	matrixSslEncodeClosureAlert(c->ssl);
	rc = flush_out(c) < 0 ? -1 : 0;
out:
	if (f >= 0)
		close(f);
	if (rc)
		c->failed = true;
	return rc;
}

/*
 * --echo, offloaded: send back at once, except while our re-handshake
 * runs. An OpenSSL client that completes the re-handshake inside a
 * blocking SSL_read() then waits there for application data: echo sent
 * before our Finished would leave it nothing to wake it.
 */
static int echo_offloaded(struct conn *c, const unsigned char *pt, uint32 len)
{
	if (c->rh_started && c->handshakes < 2 && !c->rh_declined)
		return echo_hold(c, pt, len);
	if (send_all(c->fd, pt, len)) {
		fprintf(stderr, "mxtls-server: send: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Our re-handshake is over (or declined): send back what it held. */
static int echo_release(struct conn *c)
{
	int rc = 0;

	if (c->held_len && send_all(c->fd, c->held, c->held_len)) {
		fprintf(stderr, "mxtls-server: send: %s\n", strerror(errno));
		rc = -1;
	}
	c->held_len = 0;
	return rc;
}

/* An offloaded connection: records by the kernel, the rest by the library. */
static void serve_offloaded(struct conn *c)
{
	static __thread unsigned char buf[65536];
	uint32 len;
	int32 rc;

	if (cfg.sendfile && !c->file_sent && send_file(c))
		return;
	while (!c->closed && !c->failed) {
		rc = matrixSslOffloadRead(c->ssl, buf, sizeof(buf), &len, 0);
		switch (rc) {
		case MATRIXSSL_APP_DATA:
			c->received += len;
			if (cfg.mode == ECHO && echo_offloaded(c, buf, len))
				c->failed = true;
			if (!c->failed && maybe_rehandshake(c))
				c->failed = true;
			break;
		case MATRIXSSL_HANDSHAKE_COMPLETE:
			report(c);
			if (echo_release(c))
				c->failed = true;
			break;
		case MATRIXSSL_RECEIVED_ALERT:
			fprintf(stderr, "mxtls-server: warning alert %d from the peer\n", buf[1]);
			/* the client declined our re-handshake */
			if (buf[1] == SSL_ALERT_NO_RENEGOTIATION) {
				c->rh_declined = true;
				if (echo_release(c))
					c->failed = true;
			}
			break;
		case MATRIXSSL_REQUEST_CLOSE:
			c->closed = true;
			break;
		case MATRIXSSL_REQUEST_RECV:
			break;
		default:
			fprintf(stderr, "mxtls-server: error %d (%s)\n", rc, strerror(errno));
			c->failed = true;
			break;
		}
	}
}

static int serve(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));
	sslSessOpts_t so = { 0 };
	unsigned char *buf, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;

	if (!c)
		return -1;
	c->fd = fd;
	so.versionFlag = cfg.versions;
	so.ecFlags = cfg.ec_flags;
	so.userPtr = c;
	/* Nothing past the handshake may stay in the library's buffer. */
	so.recordExactReads = cfg.offload;
	if (matrixSslNewServerSession(&c->ssl, cfg.keys, cfg.auth ? cert_cb : NULL, &so) < 0) {
		fprintf(stderr, "mxtls-server: cannot start a session\n");
		free(c);
		return -1;
	}
	matrixSslRegisterSNICallback(c->ssl, sni_cb);
	if (cfg.n_alpn)
		matrixSslRegisterALPNCallback(c->ssl, alpn_cb);
	/*
	 * Never block on one direction: an echo peer may itself block
	 * sending while we send back, and what a re-handshake held back
	 * can be megabytes.
	 */
	while (!c->closed && !c->failed) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (matrixSslGetOutdata(c->ssl, &buf) > 0)
			p.events |= POLLOUT;
		else if (c->answered)
			break;
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p.revents & POLLOUT) {
			rc = flush_out(c);
			if (rc < 0)
				break;
			/* Records may wait behind the Finished that just went. */
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE) {
				rc = matrixSslReceivedData(c->ssl, 0, &pt, &ptlen);
				if (handle(c, rc, pt, ptlen))
					break;
			}
		}
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)) || c->answered)
			continue;
		n = matrixSslGetReadbuf(c->ssl, &buf);
		if (n <= 0)
			break;
		r = recv(fd, buf, (size_t)n, MSG_DONTWAIT);
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			continue;
		if (r <= 0)
			break;
		rc = matrixSslReceivedData(c->ssl, (int32)r, &pt, &ptlen);
		if (handle(c, rc, pt, ptlen))
			break;
		if (c->held_len && (echo_flush(c) || flush_out(c) < 0))
			break;
		if (c->handshakes && cfg.offload && !c->offload_tried) {
			offload(c);
			if (matrixSslIsOffloaded(c->ssl)) {
				serve_offloaded(c);
				break;
			}
		}
		if (c->handshakes && cfg.sendfile && !c->file_sent && send_file(c))
			break;
	}
	if (c->closed && !c->answered)
		matrixSslEncodeClosureAlert(c->ssl);
	flush_all(c);
	rc = c->handshakes && !c->failed && (!c->rh_started || c->handshakes > 1) ? 0 : -1;
	if (c->rh_started && c->handshakes < 2 && !c->failed)
		fprintf(stderr, "mxtls-server: the re-handshake did not complete\n");
	matrixSslDeleteSession(c->ssl);
	free(c->held);
	free(c);
	return rc;
}

static void *conn_thread(void *arg)
{
	int fd = (int)(intptr_t)arg, rc;

	rc = serve(fd);
	close(fd);
	pthread_mutex_lock(&lock);
	failed += rc != 0;
	running--;
	pthread_cond_signal(&idle);
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* No certificate and no PSK: only DH_anon builds serve that way. */
static int check_anon(void)
{
	sslSessOpts_t so = { 0 };
	ssl_t *ssl;

	if (matrixSslNewServerSession(&ssl, cfg.keys, NULL, &so) < 0) {
		fprintf(stderr, "mxtls-server: give --cert and --key, or --psk (without either,\n"
			"  only a USE_ANON_DH_CIPHER_SUITE build serves, with DH_anon suites)\n");
		return -1;
	}
	matrixSslDeleteSession(ssl);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "port", 1, 0, 'p' }, { "bind", 1, 0, 'b' }, { "cert", 1, 0, 'c' },
		{ "key", 1, 0, 'k' }, { "key-pass", 1, 0, 'K' }, { "dh", 1, 0, 'd' },
		{ "ca", 1, 0, 'a' }, { "client-auth", 1, 0, 'A' }, { "version", 1, 0, 'v' },
		{ "cipher", 1, 0, 'C' }, { "echo", 0, 0, 'e' }, { "www", 0, 0, 'w' },
		{ "stdout", 0, 0, 'o' },
		{ "max-conn", 1, 0, 'm' }, { "psk", 1, 0, 'P' }, { "psk-hint", 1, 0, 'I' },
		{ "ticket-keys", 1, 0, 'T' }, { "sni", 1, 0, 'S' }, { "alpn", 1, 0, 'L' },
		{ "groups", 1, 0, 'G' }, { "rehandshake", 2, 0, 'R' },
		{ "rehandshake-auth", 0, 0, 'U' }, { "offload", 0, 0, 'O' },
		{ "sendfile", 1, 0, 'F' }, { "help", 0, 0, 'H' }, { 0 }
	};
	const char *port = NULL, *addr = "127.0.0.1", *cert[2] = { 0 }, *key[2] = { 0 };
	const char *pass = NULL, *dh = NULL, *ca = NULL, *ciphers = NULL, *tickets = NULL;
	const char *hint = NULL;
	const char *psk[8];
	int n_cert = 0, n_key = 0, n_psk = 0, opt, lfd, fd, i;
	long max_conn = -1, served = 0;
	sslKeys_t *keys;
	pthread_attr_t attr;
	pthread_t t;

	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'p':
			port = optarg;
			break;
		case 'b':
			addr = optarg;
			break;
		case 'c':
			if (n_cert == 2)
				goto bad;
			cert[n_cert++] = optarg;
			break;
		case 'k':
			if (n_key == 2)
				goto bad;
			key[n_key++] = optarg;
			break;
		case 'K':
			pass = optarg;
			break;
		case 'd':
			dh = optarg;
			break;
		case 'a':
			ca = optarg;
			break;
		case 'A':
			if (strcmp(optarg, "require") == 0)
				cfg.auth = AUTH_REQUIRE;
			else if (strcmp(optarg, "optional") == 0)
				cfg.auth = AUTH_OPTIONAL;
			else
				goto bad;
			break;
		case 'v':
			if (parse_versions(optarg, &cfg.versions))
				goto bad;
			break;
		case 'C':
			ciphers = optarg;
			break;
		case 'e':
			cfg.mode = ECHO;
			break;
		case 'w':
			cfg.mode = WWW;
			break;
		case 'o':
			cfg.mode = OUT;
			break;
		case 'm':
			max_conn = atol(optarg);
			break;
		case 'P':
			if (n_psk == 8)
				goto bad;
			psk[n_psk++] = optarg;
			break;
		case 'I':
			hint = optarg;
			break;
		case 'T':
			tickets = optarg;
			break;
		case 'S':
			if (parse_sni(optarg))
				goto bad;
			break;
		case 'L':
			if (parse_alpn(optarg))
				goto bad;
			break;
		case 'G':
			if (parse_groups(optarg, &cfg.ec_flags))
				goto bad;
			break;
		case 'R':
			cfg.rehandshake = optarg ? atol(optarg) : 8L << 20;
			break;
		case 'U':
			cfg.rehandshake_auth = true;
			break;
		case 'O':
			cfg.offload = true;
			break;
		case 'F':
			cfg.sendfile = optarg;
			break;
		case 'H':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (!port || n_cert != n_key || optind != argc ||
	    (cfg.auth && !ca) || (cfg.rehandshake_auth && !ca) || max_conn == 0 ||
	    cfg.rehandshake < -1)
		goto bad;
	signal(SIGPIPE, SIG_IGN);
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&keys, NULL) < 0)
		return 1;
	for (i = 0; i < n_cert; i++)
		if (load_identity(keys, cert[i], key[i], pass, ca) < 0) {
			fprintf(stderr, "mxtls-server: cannot load %s, %s or the CA file\n",
				cert[i], key[i]);
			return 1;
		}
	if (!n_cert && ca && matrixSslLoadRsaKeys(keys, NULL, NULL, NULL, ca) < 0) {
		fprintf(stderr, "mxtls-server: cannot load the CA file\n");
		return 1;
	}
	if (dh && matrixSslLoadDhParams(keys, dh) < 0) {
		fprintf(stderr, "mxtls-server: cannot load the DH parameters\n");
		return 1;
	}
	for (i = 0; i < n_psk; i++)
		if (parse_psk(psk[i], keys)) {
			fprintf(stderr, "mxtls-server: bad --psk\n");
			return 2;
		}
	if (hint && matrixSslSetPskIdentityHint(keys, (const unsigned char *)hint,
						(uint8_t)strlen(hint)) < 0)
		goto bad;
	if (tickets && matrixSslLoadSessionTicketKeysFile(keys, tickets) < 0) {
		fprintf(stderr, "mxtls-server: cannot load the ticket keys from %s\n", tickets);
		return 1;
	}
	if (load_sni(ca, tickets))
		return 1;
	if (ciphers && restrict_ciphers(ciphers))
		return 2;
	cfg.keys = keys;
	if (!n_cert && !n_psk && check_anon())
		return 2;
	lfd = listen_on(addr, port);
	if (lfd < 0)
		return 1;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (max_conn < 0 || served < max_conn) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		pthread_mutex_lock(&lock);
		running++;
		pthread_mutex_unlock(&lock);
		if (pthread_create(&t, &attr, conn_thread, (void *)(intptr_t)fd)) {
			close(fd);
			pthread_mutex_lock(&lock);
			running--;
			failed++;
			pthread_mutex_unlock(&lock);
		}
		served++;
	}
	close(lfd);
	pthread_mutex_lock(&lock);
	while (running)
		pthread_cond_wait(&idle, &lock);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < cfg.n_sni; i++) {
		matrixSslDeleteKeys(cfg.sni[i].keys);
		free(cfg.sni[i].name);
	}
	for (i = 0; i < cfg.n_alpn; i++)
		free(cfg.alpn[i]);
	matrixSslDeleteKeys(keys);
	matrixSslClose();
	return failed ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
