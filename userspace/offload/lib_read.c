// SPDX-License-Identifier: GPL-2.0
/*
 * matrixSslOffloadRead: reading an offloaded session. The module opens
 * the records; application data goes to the caller, and every record of
 * another type (tagged with an MXTLS_RECORD_TYPE cmsg, never merged with
 * others) goes to the same handshake engine that ran the first
 * handshake, which answers through the kernel record port.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/mxtls.h>

#include "offload/lib_offload.h"
#include "ssl/proto.h"
#include "ssl/trace.h"

/* One recvmsg: its length (0 at the end of the stream) or -errno; *ct the type. */
static ssize_t recv_record(int fd, unsigned char *buf, uint32 size, int flags, uint8_t *ct)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint8_t))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cm.buf, .msg_controllen = sizeof(cm.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	do {
		n = recvmsg(fd, &msg, flags);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*ct = MXTLS_CT_APPLICATION_DATA;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_MXTLS && c->cmsg_type == MXTLS_RECORD_TYPE &&
		    c->cmsg_len == CMSG_LEN(sizeof(uint8_t)))
			*ct = *CMSG_DATA(c);
	return n;
}

/* The kernel ended the connection (it sent or received the alert). */
static int32 socket_error(ssl_t *ssl, int err)
{
	ssl->flags |= MX_F_FATAL;
	mx_hs_end(ssl);
	errno = -err;
	switch (err) {
	case -EBADMSG:		/* bad MAC or padding, malformed record */
	case -EMSGSIZE:		/* record_overflow */
	case -ECONNRESET:	/* a fatal alert from the peer */
	case -EPROTO:
		return PS_PROTOCOL_FAIL;
	default:
		return PS_PLATFORM_FAIL;
	}
}

static int32 alert(ssl_t *ssl, const unsigned char *p, ssize_t n)
{
	if (n != 2)
		return mx_fatal(ssl, mx_alert_err(SSL_ALERT_DECODE_ERROR));
	if (p[0] != SSL_ALERT_LEVEL_WARNING && p[0] != SSL_ALERT_LEVEL_FATAL)
		return mx_fatal(ssl, mx_alert_err(SSL_ALERT_ILLEGAL_PARAMETER));
	ssl->alert[0] = p[0];
	ssl->alert[1] = p[1];
	mx_trace_info(ssl, "received %s alert %s", p[0] == SSL_ALERT_LEVEL_FATAL ? "fatal" :
		      "warning", mx_alert_name(p[1]));
	if (p[0] == SSL_ALERT_LEVEL_FATAL) {
		/* The module fails the socket on these; should one come anyway. */
		ssl->flags |= MX_F_FATAL;
		mx_hs_end(ssl);
		return PS_PROTOCOL_FAIL;
	}
	if (p[1] == SSL_ALERT_NO_RENEGOTIATION) {
		/* Our re-handshake refused: the session goes on as it was. */
		ssl->flags &= ~MX_F_HR_SENT;
		if (ssl->role == MX_CLIENT && ssl->hs && ssl->hs->reneg &&
		    ssl->hs->state == MX_C_WAIT_SERVER_HELLO)
			mx_hs_end(ssl);
	}
	return MATRIXSSL_RECEIVED_ALERT;
}

int32 matrixSslOffloadRead(ssl_t *ssl, unsigned char *buf, uint32 size, uint32 *len,
			   int32 flags)
{
	struct mx_kport *kp;
	ssize_t n;
	uint8_t ct = MXTLS_CT_APPLICATION_DATA;
	int rc;

	if (!ssl || !buf || size < 2 || !len)
		return PS_ARG_FAIL;
	*len = 0;
	if (!(ssl->flags & MX_F_OFFLOADED) || (ssl->flags & MX_F_FATAL))
		return PS_PROTOCOL_FAIL;
	if (ssl->flags & MX_F_PEER_CLOSED)
		return MATRIXSSL_REQUEST_CLOSE;
	kp = ssl->port;
	for (;;) {
		n = recv_record(kp->fd, buf, size, flags, &ct);
		if (n == -EAGAIN || n == -EWOULDBLOCK || n == -EKEYEXPIRED)
			return MATRIXSSL_REQUEST_RECV;
		if (n < 0)
			return socket_error(ssl, (int)n);
		if (n == 0) {
			ssl->flags |= MX_F_PEER_CLOSED;
			return MATRIXSSL_REQUEST_CLOSE;
		}
		switch (ct) {
		case MXTLS_CT_APPLICATION_DATA:
			/* Not between the peer's ChangeCipherSpec and its Finished. */
			if (ssl->hs && ssl->hs->state == MX_WAIT_FINISHED)
				return mx_fatal(ssl, mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE));
			mx_rh_count(ssl, (size_t)n);
			*len = (uint32)n;
			return MATRIXSSL_APP_DATA;
		case MXTLS_CT_ALERT:
			rc = alert(ssl, buf, n);
			if (rc == MATRIXSSL_RECEIVED_ALERT)
				*len = 2;
			return rc;
		case MXTLS_CT_CHANGE_CIPHER_SPEC:
		case MXTLS_CT_HANDSHAKE:
			rc = mx_engine_input(ssl, ct, buf, (size_t)n);
			if (rc < 0)
				return mx_fatal(ssl, rc);
			/* The module reads no further until it has the keys. */
			if (ct == MXTLS_CT_CHANGE_CIPHER_SPEC) {
				rc = mx_kport_peer_ccs(kp);
				if (rc)
					return socket_error(ssl, rc);
			}
			/* A server's full handshake ends with its own Finished, sent. */
			if (ssl->flags & MX_F_COMPLETE_ON_SENT) {
				ssl->flags &= ~MX_F_COMPLETE_ON_SENT;
				rc = MATRIXSSL_HANDSHAKE_COMPLETE;
			}
			if (rc == MATRIXSSL_HANDSHAKE_COMPLETE)
				return rc;
			break;
		default:
			return mx_fatal(ssl, mx_alert_err(SSL_ALERT_UNEXPECTED_MESSAGE));
		}
	}
}
