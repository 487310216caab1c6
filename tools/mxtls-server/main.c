// SPDX-License-Identifier: GPL-2.0
/*
 * mxtls-server: the guide's example server over the MatrixSSL API.
 *
 * Serves connections one after the other: --echo sends back every byte,
 * --www answers any request with an HTTP/1.0 page describing the
 * connection (as "openssl s_server -www" does); otherwise what arrives
 * is read and dropped until the peer closes. --max-conn N stops after N
 * connections; the exit status is then 0 only if all of them succeeded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "matrixsslApi.h"

enum mode { SINK, ECHO, WWW };
enum auth { AUTH_NONE, AUTH_OPTIONAL, AUTH_REQUIRE };

static enum auth g_auth;

static void usage(FILE *f)
{
	fputs("usage: mxtls-server --port P [--bind ADDR] --cert F --key F [--key-pass PW]\n"
	      "         [--dh F] [--ca F --client-auth require|optional]\n"
	      "         [--version MIN[:MAX]] [--cipher NAME[,NAME...]] [--echo | --www]\n"
	      "         [--max-conn N] [--psk ID:HEX]\n"
	      "  versions: ssl3 tls1.0 tls1.1 tls1.2; ciphers: IANA names\n", f);
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

/* Leave only the named suites enabled for every session. */
static int restrict_ciphers(const char *arg)
{
	psCipher16_t keep[32];
	char *list = strdup(arg), *tok, *save = NULL;
	unsigned int n = 0, i, j;
	uint16_t id;

	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		id = matrixSslGetCipherByName(tok);
		if (!id || n == 32) {
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


static int32 flush_out(ssl_t *ssl, int fd)
{
	unsigned char *buf;
	int32 n, rc = MATRIXSSL_SUCCESS;
	ssize_t w;

	while ((n = matrixSslGetOutdata(ssl, &buf)) > 0) {
		w = send(fd, buf, (size_t)n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		rc = matrixSslSentData(ssl, (uint32)w);
	}
	return rc;
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
	enum mode mode;
	bool complete, closed, failed, answered, authed;
	char req[8192];
	size_t req_len;
};

static int32 cert_cb(ssl_t *ssl, psX509Cert_t *cert, int32 alert)
{
	struct conn *c = matrixSslGetUserPtr(ssl);

	if (!cert)	/* the client sent no certificate */
		return g_auth == AUTH_REQUIRE ? SSL_ALERT_HANDSHAKE_FAILURE : 0;
	/* A certificate must validate. */
	c->authed = alert == 0;
	return alert;
}

static int www_answer(struct conn *c)
{
	char page[1024];
	int n;

	n = snprintf(page, sizeof(page),
		     "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
		     "<html><body><pre>\nmxtls-server\nProtocol  : %s\nCipher    : %s\n"
		     "Resumed   : %s\nEMS       : %s\nClient certificate: %s\n</pre></body></html>\r\n",
		     version_name(matrixSslGetNegotiatedVersion(c->ssl)),
		     matrixSslGetCipherName((uint16_t)matrixSslGetNegotiatedCiphersuite(c->ssl)),
		     matrixSslIsResumedSession(c->ssl) ? "yes" : "no",
		     matrixSslIsExtendedMasterSecret(c->ssl) ? "yes" : "no",
		     c->authed ? "yes" : "no");
	c->answered = true;
	if (matrixSslEncodeToOutdata(c->ssl, (unsigned char *)page, (uint32)n) < 0)
		return -1;
	matrixSslEncodeClosureAlert(c->ssl);
	return flush_out(c->ssl, c->fd) < 0 ? -1 : 0;
}

static int app_data(struct conn *c, unsigned char *pt, uint32 len)
{
	size_t take;

	switch (c->mode) {
	case ECHO:
		if (matrixSslEncodeToOutdata(c->ssl, pt, len) < 0)
			return -1;
		return 0;
	case WWW:
		if (c->answered)
			return 0;
		take = len < sizeof(c->req) - 1 - c->req_len ? len : sizeof(c->req) - 1 - c->req_len;
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

static int handle(struct conn *c, int32 rc, unsigned char *pt, uint32 ptlen)
{
	int a;

	for (;;) {
		if (rc < 0) {
			fprintf(stderr, "mxtls-server: error %d\n", rc);
			flush_out(c->ssl, c->fd);
			c->failed = true;
			return -1;
		}
		switch (rc) {
		case MATRIXSSL_HANDSHAKE_COMPLETE:
			c->complete = true;
			rc = matrixSslReceivedData(c->ssl, 0, &pt, &ptlen);
			continue;
		case MATRIXSSL_REQUEST_SEND:
			rc = flush_out(c->ssl, c->fd);
			if (rc < 0)
				return -1;
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE) {
				c->complete = true;
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
			if (c->mode == ECHO && flush_out(c->ssl, c->fd) < 0)
				return -1;
			continue;
		case MATRIXSSL_RECEIVED_ALERT:
			if (pt[1] == SSL_ALERT_CLOSE_NOTIFY) {
				c->closed = true;
			} else if (pt[0] == SSL_ALERT_LEVEL_FATAL) {
				fprintf(stderr, "mxtls-server: fatal alert %d from the peer\n", pt[1]);
				c->failed = true;
				return -1;
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

static int serve(int fd, const sslKeys_t *keys, enum mode mode, int32 versions)
{
	struct conn c = { .fd = fd, .mode = mode };
	sslSessOpts_t so = { .versionFlag = versions, .userPtr = &c };
	unsigned char *buf, *pt;
	uint32 ptlen;
	int32 n, rc;
	ssize_t r;
	bool was;

	if (matrixSslNewServerSession(&c.ssl, keys, g_auth ? cert_cb : NULL, &so) < 0) {
		fprintf(stderr, "mxtls-server: cannot start a session\n");
		return -1;
	}
	while (!c.closed && !c.failed) {
		n = matrixSslGetReadbuf(c.ssl, &buf);
		if (n <= 0)
			break;
		r = recv(fd, buf, (size_t)n, 0);
		if (r <= 0)
			break;
		rc = matrixSslReceivedData(c.ssl, (int32)r, &pt, &ptlen);
		was = c.complete;
		if (handle(&c, rc, pt, ptlen))
			break;
		if (c.complete && !was) {
			fprintf(stderr, "mxtls-server: %s %s%s%s\n",
				version_name(matrixSslGetNegotiatedVersion(c.ssl)),
				matrixSslGetCipherName((uint16_t)
						       matrixSslGetNegotiatedCiphersuite(c.ssl)),
				matrixSslIsResumedSession(c.ssl) ? " resumed" : "",
				c.authed ? ", client authenticated" : "");
		}
		if (c.answered)
			break;
	}
	if (c.closed && !c.answered) {
		matrixSslEncodeClosureAlert(c.ssl);
		flush_out(c.ssl, fd);
	}
	rc = c.complete && !c.failed ? 0 : -1;
	matrixSslDeleteSession(c.ssl);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "port", 1, 0, 'p' }, { "bind", 1, 0, 'b' }, { "cert", 1, 0, 'c' },
		{ "key", 1, 0, 'k' }, { "key-pass", 1, 0, 'K' }, { "dh", 1, 0, 'd' },
		{ "ca", 1, 0, 'a' }, { "client-auth", 1, 0, 'A' }, { "version", 1, 0, 'v' },
		{ "cipher", 1, 0, 'C' }, { "echo", 0, 0, 'e' }, { "www", 0, 0, 'w' },
		{ "max-conn", 1, 0, 'm' }, { "psk", 1, 0, 'P' }, { "help", 0, 0, 'H' }, { 0 }
	};
	const char *port = NULL, *addr = "127.0.0.1", *cert = NULL, *key = NULL, *pass = NULL;
	const char *dh = NULL, *ca = NULL, *psk = NULL, *ciphers = NULL;
	enum mode mode = SINK;
	int32 versions = 0;
	long max_conn = -1, served = 0, failed = 0;
	sslKeys_t *keys;
	int opt, lfd, fd;

	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'p':
			port = optarg;
			break;
		case 'b':
			addr = optarg;
			break;
		case 'c':
			cert = optarg;
			break;
		case 'k':
			key = optarg;
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
				g_auth = AUTH_REQUIRE;
			else if (strcmp(optarg, "optional") == 0)
				g_auth = AUTH_OPTIONAL;
			else
				goto bad;
			break;
		case 'v':
			if (parse_versions(optarg, &versions))
				goto bad;
			break;
		case 'C':
			ciphers = optarg;
			break;
		case 'e':
			mode = ECHO;
			break;
		case 'w':
			mode = WWW;
			break;
		case 'm':
			max_conn = atol(optarg);
			break;
		case 'P':
			psk = optarg;
			break;
		case 'H':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (!port || !cert || !key || optind != argc || (g_auth && !ca) || max_conn == 0)
		goto bad;
	signal(SIGPIPE, SIG_IGN);
	if (matrixSslOpen() < 0 || matrixSslNewKeys(&keys, NULL) < 0)
		return 1;
	if (matrixSslLoadRsaKeys(keys, cert, key, pass, ca) < 0) {
		fprintf(stderr, "mxtls-server: cannot load the certificate, key or CA file\n");
		return 1;
	}
	if (dh && matrixSslLoadDhParams(keys, dh) < 0) {
		fprintf(stderr, "mxtls-server: cannot load the DH parameters\n");
		return 1;
	}
	if (psk && parse_psk(psk, keys)) {
		fprintf(stderr, "mxtls-server: bad --psk\n");
		return 2;
	}
	if (ciphers && restrict_ciphers(ciphers))
		return 2;
	lfd = listen_on(addr, port);
	if (lfd < 0)
		return 1;
	while (max_conn < 0 || served < max_conn) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		failed += serve(fd, keys, mode, versions) != 0;
		served++;
		close(fd);
	}
	close(lfd);
	matrixSslDeleteKeys(keys);
	matrixSslClose();
	return failed ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
