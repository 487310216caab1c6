/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Selftest support: a test handshake daemon for mxtls's daemon mode, with
 * OpenSSL's libssl as the independent handshake engine over memory BIOs,
 * and a raw generic netlink client for the daemon's commands (raw, so
 * tests can also send what no sane daemon would).
 */
#ifndef MXTLS_SELFTEST_HSD_H
#define MXTLS_SELFTEST_HSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/mxtls.h>

#define HSD_MAX_ATTR	MXTLS_A_MAX

/* One generic netlink message, its attributes indexed by type */
struct hsd_msg {
	uint8_t cmd;
	const uint8_t *attr[HSD_MAX_ATTR + 1];
	uint16_t attr_len[HSD_MAX_ATTR + 1];
	uint8_t buf[];
};

struct hsd_nl;

int hsd_nl_open(struct hsd_nl **out, bool subscribe);
void hsd_nl_close(struct hsd_nl *nl);
int hsd_nl_fd(const struct hsd_nl *nl);
const char *hsd_nl_errmsg(const struct hsd_nl *nl);

/* An attribute list being built for a command */
struct hsd_req {
	uint8_t cmd;
	size_t len;
	uint8_t buf[70000];
};

void hsd_req_init(struct hsd_req *r, uint8_t cmd);
void hsd_put(struct hsd_req *r, uint16_t type, const void *data, size_t len);
void hsd_put_u8(struct hsd_req *r, uint16_t type, uint8_t v);
void hsd_put_u16(struct hsd_req *r, uint16_t type, uint16_t v);
void hsd_put_u32(struct hsd_req *r, uint16_t type, uint32_t v);
void hsd_put_u64(struct hsd_req *r, uint16_t type, uint64_t v);

/*
 * Send and wait for the answer: 0 or the kernel's negative errno; a reply
 * message, when reply is not NULL and there is one, is returned there
 * (free() it). Messages the kernel sends meanwhile are kept for hsd_next().
 */
int hsd_call(struct hsd_nl *nl, struct hsd_req *r, struct hsd_msg **reply);
/* The next message from the kernel (HS_REQUEST, HS_RECV, DONE): NULL after timeout_ms */
struct hsd_msg *hsd_next(struct hsd_nl *nl, int timeout_ms);

uint64_t hsd_u64(const struct hsd_msg *m, int type);
uint32_t hsd_u32(const struct hsd_msg *m, int type);
uint16_t hsd_u16(const struct hsd_msg *m, int type);
uint8_t hsd_u8(const struct hsd_msg *m, int type);

/* Shortcuts */
int hsd_accept(struct hsd_nl *nl, uint64_t id, struct hsd_msg **reply);
int hsd_send(struct hsd_nl *nl, uint64_t id, uint8_t type, const void *data, size_t len);
int hsd_done(struct hsd_nl *nl, uint64_t id, int status, int alert);

/* How the test daemon behaves */
enum hsd_mode {
	HSD_NORMAL,		/* run every handshake with libssl */
	HSD_SILENT,		/* claim requests, then do nothing */
	HSD_EXIT_ON_ACCEPT,	/* claim a request, then exit */
	HSD_REJECT,		/* claim, run the handshake, report EKEYREJECTED */
};

/* The certificate and key files the tests use (made by hsd_make_cert) */
#define HSD_CERT	"/tmp/mxtls-hsd-cert.pem"
#define HSD_KEY		"/tmp/mxtls-hsd-key.pem"
#define HSD_CN		"mxtls selftest"
#define HSD_CIPHERS	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"

/* A self-signed P-256 certificate; its SHA-256 fingerprint in fp */
int hsd_make_cert(uint8_t fp[32]);

/*
 * Fork a daemon process in the given mode: it subscribes, claims what is
 * queued, then serves requests until killed. Returns its pid once it is
 * subscribed, or -1.
 */
pid_t hsd_start(enum hsd_mode mode);
/* SIGTERM, and its exit status (0: no handshake went wrong on its side) */
int hsd_stop(pid_t pid);

#endif /* MXTLS_SELFTEST_HSD_H */
