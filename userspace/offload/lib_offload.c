// SPDX-License-Identifier: GPL-2.0
/*
 * matrixSslOffload: hand an established session's records to the mxtls
 * module. Everything that can refuse is done before the first key goes
 * down, in this order: the session's state (nothing held, nothing
 * unsent), what the module cannot do (SSL 3.0, stream ciphers whose
 * keystream position userspace does not count, max_fragment_length),
 * the module's presence (netlink family, ULP), and the module's own
 * verdict on the receive keys. Until then the session is untouched and
 * goes on in userspace; the transmit keys are the same suite and version
 * as the receive keys the module just took.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/mxtls.h>

#include "core/ct.h"
#include "mxtls_netlink.h"
#include "offload/lib_offload.h"
#include "ssl/record.h"

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

/* What the module cannot take over, whatever it was built with. */
static bool module_can(const ssl_t *ssl)
{
	if (ssl->version < MXTLS_TLS_1_0 || ssl->version > MXTLS_TLS_1_2)
		return false;
	if (!ssl->suite || ssl->suite->type == MX_CIPHER_STREAM)
		return false;
	return !ssl->rl.max_plain || ssl->rl.max_plain == MX_MAX_PLAIN;
}

static bool is_tcp(int fd)
{
	int proto = 0, type = 0;
	socklen_t l = sizeof(proto);

	if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &l))
		return false;
	l = sizeof(type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l))
		return false;
	return type == SOCK_STREAM && proto == IPPROTO_TCP;
}

static int32 refused(int err)
{
	switch (err) {
	case -ENOENT:
		return MATRIXSSL_OFFLOAD_NO_MODULE;
	case -EOPNOTSUPP:
	case -EPROTONOSUPPORT:
		return MATRIXSSL_OFFLOAD_UNSUPPORTED;
	case -ENOMEM:
		return PS_MEM_FAIL;
	default:
		return PS_PLATFORM_FAIL;
	}
}

int32 matrixSslOffload(ssl_t *ssl, int fd)
{
	struct mx_traffic_keys rd, wr;
	struct mx_kport *kp;
	int32 ret;
	int err;

	if (!ssl || fd < 0)
		return PS_ARG_FAIL;
	err = mx_ssl_export_ready(ssl);
	if (err)
		return err == -EBUSY ? MATRIXSSL_OFFLOAD_BUSY : PS_PROTOCOL_FAIL;
	if (!module_can(ssl))
		return MATRIXSSL_OFFLOAD_UNSUPPORTED;
	if (!is_tcp(fd))
		return PS_ARG_FAIL;
	kp = calloc(1, sizeof(*kp));
	if (!kp)
		return PS_MEM_FAIL;
	kp->ssl = ssl;
	kp->fd = fd;
	err = mxtls_nl_open(&kp->nl);
	if (err)
		goto fail;
	if (setsockopt(fd, SOL_TCP, TCP_ULP, MXTLS_ULP_NAME, sizeof(MXTLS_ULP_NAME))) {
		err = -errno;
		goto fail;
	}
	mx_rl_export(&ssl->rl, &rd, &wr);
	err = mx_kport_set_keys(kp, MXTLS_DIR_RX, &rd, true);
	if (err)
		goto fail;
	/*
	 * From here the kernel opens the peer's records: there is no way
	 * back to userspace, only forward.
	 */
	err = mx_kport_set_keys(kp, MXTLS_DIR_TX, &wr, true);
	mx_zeroize(&rd, sizeof(rd));
	mx_zeroize(&wr, sizeof(wr));
	if (err) {
		ssl->flags |= MX_F_FATAL;
		mx_kport_free(kp);
		errno = -err;
		return PS_PLATFORM_FAIL;
	}
	mx_ssl_hand_over(ssl, &mx_kport_ops, kp, mx_kport_free);
	return PS_SUCCESS;
fail:
	mx_zeroize(&rd, sizeof(rd));
	mx_zeroize(&wr, sizeof(wr));
	mx_kport_free(kp);
	ret = refused(err);
	errno = -err;
	return ret;
}

int32 matrixSslIsOffloaded(ssl_t *ssl)
{
	return ssl && (ssl->flags & MX_F_OFFLOADED) ? 1 : 0;
}
