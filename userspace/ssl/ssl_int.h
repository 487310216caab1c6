/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session object (ssl_t) and what the parts of the engine share.
 *
 * ssl_t keeps only what a connected session needs: its buffers, the
 * record layer state, the negotiated parameters and the RFC 5746
 * verify_data. Everything only a handshake needs (randoms, transcript,
 * premaster, reassembly buffer, the peer's key) lives in struct mx_hs,
 * allocated when a handshake starts and wiped and freed when it ends,
 * which keeps an idle session small.
 */
#ifndef MXTLS_SSL_INT_H
#define MXTLS_SSL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "matrixsslApi.h"
#include "crypto/hash.h"
#include "ssl/kx.h"
#include "ssl/peer_id.h"
#include "ssl/port.h"
#include "ssl/proto.h"
#include "ssl/record.h"
#include "ssl/wire.h"
#include "ssl/suite.h"

#define MX_CLIENT 0
#define MX_SERVER 1

/* Session flags. */
#define MX_F_HS_DONE		(1u << 0)	/* a handshake completed */
#define MX_F_RESUMED		(1u << 1)	/* ... by resumption */
#define MX_F_EMS		(1u << 2)	/* extended master secret in use */
#define MX_F_SECURE_RENEG	(1u << 3)	/* the peer speaks RFC 5746 */
#define MX_F_PEER_CLOSED	(1u << 4)	/* close_notify received */
#define MX_F_FATAL		(1u << 5)	/* a fatal alert went either way */
#define MX_F_CLOSE_SENT		(1u << 6)	/* close_notify queued */
#define MX_F_COMPLETE_ON_SENT	(1u << 7)	/* SentData reports HANDSHAKE_COMPLETE */
#define MX_F_CLIENT_AUTHED	(1u << 8)	/* the client proved a certificate */
#define MX_F_HR_SENT		(1u << 9)	/* server: HelloRequest out, no answer yet */
#define MX_F_FULL_NEXT		(1u << 10)	/* the next handshake may not resume */
#define MX_F_RENEG_OFF		(1u << 11)	/* this session refuses to renegotiate */
#define MX_F_OFFLOADED		(1u << 12)	/* records go through another port (kernel) */

/* Errors inside the engine: a TLS alert to send, as a negative number
 * apart from the negative errno range.
 */
#define MX_EALERT_BASE 0x1000
static inline int mx_alert_err(int alert)
{
	return -(MX_EALERT_BASE + alert);
}

static inline bool mx_is_alert_err(int rc)
{
	return rc <= -MX_EALERT_BASE && rc > -MX_EALERT_BASE - 256;
}

enum mx_hs_state {
	MX_C_WAIT_SERVER_HELLO,
	MX_C_WAIT_CERT,
	MX_C_WAIT_SKE,			/* ServerKeyExchange required */
	MX_C_WAIT_SKE_OR_DONE,		/* PSK: a hint may come */
	MX_C_WAIT_CR_OR_DONE,
	MX_C_WAIT_DONE,
	MX_C_WAIT_TICKET,		/* NewSessionTicket before the server's CCS */
	MX_S_WAIT_CLIENT_HELLO,
	MX_S_WAIT_CERT,
	MX_S_WAIT_CKE,
	MX_S_WAIT_CERT_VERIFY,
	MX_WAIT_CCS,
	MX_WAIT_FINISHED,
	MX_HS_IDLE,			/* no handshake running */
};

/* Running hashes of the handshake messages: every hash the PRF, the
 * Finished messages or a CertificateVerify might ask for.
 */
struct mx_transcript {
	struct mx_md5_ctx md5;
	struct mx_sha1_ctx sha1;
	struct mx_sha256_ctx sha256;
	struct mx_sha512_ctx sha384;
	struct mx_sha512_ctx sha512;
};

struct mx_peer_key;

/* Extensions a handshake agreed on (ServerHello), and what to do about them. */
struct mx_hs_ext {
	bool ems;			/* extended_master_secret (RFC 7627) */
	bool etm;			/* encrypt_then_mac (RFC 7366) */
	bool ticket;			/* session_ticket: a NewSessionTicket comes / goes */
	bool sni;			/* server: the client's name was used */
	uint16_t max_frag;		/* max_fragment_length in bytes, 0: none */
};

struct mx_hs {
	enum mx_hs_state state;
	bool reneg;			/* over an established session */
	bool resuming;			/* abbreviated handshake */
	bool cert_requested;		/* a CertificateRequest went / came */
	bool authenticate;		/* client: we send a certificate and verify */
	bool ticket_offered;		/* client: our ClientHello carries a ticket */
	struct mx_hs_ext ext;
	const tlsExtension_t *user_ext;	/* client: during ClientHello only */
	uint8_t client_random[MX_RANDOM_LEN];
	uint8_t server_random[MX_RANDOM_LEN];
	uint16_t hello_version;		/* version in the ClientHello */
	struct mx_transcript th;
	/* A handshake message spread over records. */
	uint8_t *msg;
	size_t msg_len, msg_cap;
	/* Client: the suites offered, for checking the server's choice. */
	uint16_t offered[MX_SSL_MAX_SUITES];
	unsigned int n_offered;
	/* The peer's public key from its certificate. */
	struct mx_peer_key *peer_key;
	/* Who the peer is: its certificate's, or the resumed session's. */
	struct mx_peer_id peer;
	/*
	 * The peer's signature_algorithms that are ours (server: from the
	 * ClientHello; client: from the CertificateRequest), its order.
	 */
	uint16_t sigalgs[16];
	unsigned int n_sigalgs;
	bool have_sigalgs;		/* server: the client sent the extension */
	/* Client: what a CertificateRequest accepts. */
	bool rsa_sign_ok, ecdsa_sign_ok;
	struct mx_kx_state kx;
	/* Traffic keys derived, waiting for our CCS and the peer's. */
	struct mx_traffic_keys keys_wr, keys_rd;
	/* The session hash for RFC 7627, taken after ClientKeyExchange. */
	uint8_t session_hash[MX_HASH_MAX_LEN];
	size_t session_hash_len;
	/* Client: custom extensions offered (types), to vet the ServerHello. */
	uint16_t ext_types[16];
	unsigned int n_ext_types;
	/* Client: the ALPN protocols offered (the extension's list). */
	uint8_t alpn[256];
	size_t alpn_len;
	/* Server: the SHA-256 (first 16 bytes) of the client's server_name. */
	uint8_t sni_hash[16];
	/* Client: the session offered for resumption (id in ssl->sid_bytes). */
	bool offer_resume;
	uint8_t resume_master[MX_MASTER_LEN];
	uint16_t resume_suite, resume_version;
	bool resume_ems;
	/* Client: the ticket a NewSessionTicket brought. */
	uint8_t *new_ticket;
	size_t new_ticket_len;
	uint32_t ticket_hint;
};

/* The callbacks of matrixSslRegisterSNICallback / ...ALPNCallback. */
typedef void (*mx_sni_cb)(void *ssl, char *hostname, int32 hostnameLen, sslKeys_t **newKeys);
typedef void (*mx_alpn_cb)(void *ssl, short protoCount, char *proto[MAX_PROTO_EXT],
			   int32 protoLen[MAX_PROTO_EXT], int32 *index);

struct mx_sess_cache;

struct ssl {
	uint8_t role;			/* MX_CLIENT or MX_SERVER */
	uint32_t flags;			/* MX_F_* */
	const sslKeys_t *keys;
	sslSessOpts_t opts;
	sslCertCb_t cert_cb;
	sslExtCb_t ext_cb;
	mx_sni_cb sni_cb;
	mx_alpn_cb alpn_cb;
	sslSessionId_t *sid;		/* client: the caller's session id */
	struct mx_sess_cache *cache;	/* server: where its sessions are kept */
	char *expected_name;

	uint16_t min_version, max_version;
	uint16_t version;		/* negotiated, 0 before ServerHello */
	const struct mx_suite *suite;	/* negotiated */
	uint16_t *suites;		/* client: cipherSpec, or NULL for the defaults */
	unsigned int n_suites;
	struct mx_suite_set suites_disabled;

	uint8_t sid_bytes[MX_MAX_SID];	/* this session's id */
	uint8_t sid_len;
	uint8_t master[MX_MASTER_LEN];
	/* RFC 5746: the Finished verify_data of the last handshake. */
	uint8_t client_verify[MX_SSL3_FINISHED_LEN];
	uint8_t server_verify[MX_SSL3_FINISHED_LEN];
	uint8_t verify_len;
	/* The session's server name hash (server: for resumption checks). */
	uint8_t sni_hash[16];
	/* Who the peer was in the last handshake that completed. */
	struct mx_peer_id peer;
	/* ALPN: the protocol agreed (server: chosen; client: the server's). */
	uint8_t alpn[255];
	uint8_t alpn_len;

	struct mx_hs *hs;		/* during a handshake only */
	uint16_t wr_epoch, rd_epoch;	/* the engine's view of the port */

	/*
	 * Peer-initiated re-handshakes: credits (DEFAULT_RH_CREDITS at most),
	 * one regained per BYTES_BEFORE_RH_CREDIT of application data.
	 */
	uint8_t rh_credits;
	uint64_t rh_bytes;

	/* Read buffer: [in_pos, in_len) not yet processed. */
	uint8_t *in;
	size_t in_cap, in_len, in_pos;
	size_t in_hold;			/* bytes of the record handed out as plaintext */
	/* Outdata: [out_pos, out_len) waiting to be sent. */
	uint8_t *out;
	size_t out_cap, out_len, out_pos;
	/* In-situ encryption: where matrixSslGetWritebuf put the plaintext. */
	size_t wb_off, wb_cap;
	bool wb_open;

	struct mx_rl rl;
	const struct mx_record_port_ops *port_ops;
	void *port;
	void (*port_release)(void *port);	/* a port of the session's own, freed with it */

	uint32_t hs_skip;		/* bytes of a refused renegotiation to drop */
	uint8_t hs_skip_hdr[4];		/* its header, while incomplete */
	uint8_t hs_skip_hdr_len;

	uint8_t alert[2];		/* the last alert received */
};

/* --- engine.c: the handshake machinery both roles share ---------------- */

/* Start a handshake's state (mx_hs). */
int mx_hs_begin(ssl_t *ssl);
/* Wipe and free it. */
void mx_hs_end(ssl_t *ssl);

/*
 * A record of content type ct (handshake or CCS) arrived, opened. Returns
 * 0, MATRIXSSL_HANDSHAKE_COMPLETE when this completed a handshake, or an
 * error (mx_alert_err or negative errno).
 */
int mx_engine_input(ssl_t *ssl, uint8_t ct, const uint8_t *data, size_t len);

/* Send a handshake message (header added, transcript updated). */
int mx_hs_send(ssl_t *ssl, uint8_t type, const uint8_t *body, size_t len);
/* Build a message with an encoder run twice (size, then write) and send it. */
typedef void (*mx_hs_encoder)(ssl_t *ssl, struct mx_wr *w);
int mx_hs_send_enc(ssl_t *ssl, uint8_t type, mx_hs_encoder enc);

/* Send ChangeCipherSpec, then switch the write keys. */
int mx_hs_send_ccs(ssl_t *ssl);
/* Install the read keys for the peer's coming CCS. */
int mx_hs_expect_ccs(ssl_t *ssl);
/* Send our Finished. */
int mx_hs_send_finished(ssl_t *ssl);
/* Check the peer's Finished (body). */
int mx_hs_check_finished(ssl_t *ssl, const uint8_t *body, size_t len);
/* The handshake completed: keep what a session keeps, drop the rest. */
void mx_hs_complete(ssl_t *ssl);

/* Add a whole handshake message to the transcript. */
void mx_transcript_add(struct mx_transcript *th, const uint8_t *msg, size_t len);
/* The transcript hash so far with hash id; returns its length. */
size_t mx_transcript_hash(const struct mx_transcript *th, enum mx_hash_id id, uint8_t *out);

/* The suite is enabled in this session. */
static inline bool mx_suite_enabled(const ssl_t *ssl, const struct mx_suite *s)
{
	return !mx_suite_set_has(&ssl->suites_disabled, mx_suite_index(s));
}

/* Application data went by (either way): earn re-handshake credits. */
void mx_rh_count(ssl_t *ssl, size_t bytes);

/* Whether renegotiation with this peer is allowed by the build's policy. */
bool mx_reneg_allowed(const ssl_t *ssl);

/* Whether the session may use this wire version. */
bool mx_version_allowed(const ssl_t *ssl, uint16_t v);

/* --- client.c, server.c -------------------------------------------------- */

int mx_client_start(ssl_t *ssl, const tlsExtension_t *extensions);
int mx_client_handle(ssl_t *ssl, uint8_t type, const uint8_t *body, size_t len);
/* Client: start a re-handshake (its ClientHello). */
int mx_client_renegotiate(ssl_t *ssl, bool full);
int mx_server_handle(ssl_t *ssl, uint8_t type, const uint8_t *body, size_t len);
/* An SSL 3.0 client's no_certificate warning, in place of its Certificate. */
int mx_server_no_certificate_alert(ssl_t *ssl);

/* --- api.c: buffers ---------------------------------------------------- */

/*
 * A session of role MX_CLIENT or MX_SERVER with its options and version
 * range, on the userspace record layer, no handshake started.
 */
int32 mx_new_session(ssl_t **out, const sslKeys_t *keys, sslSessOpts_t *options, uint8_t role);

/* Room for n more bytes at the end of the outdata; NULL without memory. */
uint8_t *mx_out_room(ssl_t *ssl, size_t n);

/*
 * Hand an established connection's record protection to another record
 * port (the kernel): both directions' keys, IVs (for TLS 1.0 CBC the
 * current chained IV), sequence numbers. Refused (-EBUSY) while a
 * handshake runs, while bytes past the last record processed are held
 * (use recordExactReads) or outdata is unsent, and after a fatal alert or
 * close_notify. On success the session's own record layer forgets the
 * keys: the session can no longer protect records itself.
 */
int mx_ssl_export(ssl_t *ssl, struct mx_traffic_keys *rd, struct mx_traffic_keys *wr);

/*
 * Whether the session's record protection may be handed over now: 0,
 * -EBUSY (a handshake runs, outdata unsent, bytes held past the last
 * record processed) or -EPIPE (the session is over, or already handed).
 */
int mx_ssl_export_ready(const ssl_t *ssl);

/*
 * After the keys from mx_rl_export went elsewhere: the session's records
 * go through ops/port from now on (release frees port with the session),
 * its own record layer forgets the keys.
 */
void mx_ssl_hand_over(ssl_t *ssl, const struct mx_record_port_ops *ops, void *port,
		      void (*release)(void *port));

/* --- alert.c ----------------------------------------------------------- */

/*
 * A fatal error: queue the alert for the peer (through the port), mark
 * the session dead, forget it in the cache. rc is an engine error;
 * returns the API error code for it.
 */
int32 mx_fatal(ssl_t *ssl, int rc);

#endif /* MXTLS_SSL_INT_H */
