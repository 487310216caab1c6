/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmxtls: the MatrixSSL API.
 *
 * The names, types, return codes and calling sequence are those of the
 * MatrixSSL developer's guide; where it leaves a signature open they are
 * MatrixSSL 4.x's, so that an integration ports with a recompile:
 *
 *	#include "matrixsslApi.h"	(cc $(pkg-config --cflags mxtls) ...)
 *
 * The flow, in short (every step is documented at its function):
 *
 *	matrixSslOpen(); matrixSslNewKeys(&keys, NULL); matrixSslLoadRsaKeys(keys, ...);
 *	matrixSslNewClientSession(&ssl, keys, ...) or matrixSslNewServerSession(&ssl, ...)
 *	loop:
 *	    n = matrixSslGetOutdata(ssl, &buf) -> send(buf, n) -> matrixSslSentData(ssl, sent)
 *	    n = matrixSslGetReadbuf(ssl, &buf) -> recv(buf, n) -> matrixSslReceivedData(ssl, got, &pt, &ptlen)
 *	        -> REQUEST_SEND / REQUEST_RECV / HANDSHAKE_COMPLETE / APP_DATA / RECEIVED_ALERT
 *	        -> after APP_DATA and RECEIVED_ALERT: matrixSslProcessedData(ssl, &pt, &ptlen)
 *	    to send: matrixSslGetWritebuf + matrixSslEncodeWritebuf (in situ)
 *	             or matrixSslEncodeToOutdata (from the caller's buffer)
 *	matrixSslEncodeClosureAlert(ssl); matrixSslDeleteSession(ssl);
 *	matrixSslDeleteKeys(keys); matrixSslClose();
 *
 * The library owns the buffers: data is read from the network straight
 * into the session's read buffer and decrypted there; records are
 * encrypted in place in the session's write buffer. A partial record is
 * held inside the session until the rest arrives. A session is used by
 * one thread at a time; different sessions, the keys they share and the
 * server's session cache may be used from many threads at once.
 */
#ifndef MXTLS_MATRIXSSL_API_H
#define MXTLS_MATRIXSSL_API_H

#include <stddef.h>
#include <stdint.h>

#include "matrixsslConfig.h"
/* psX509Cert_t: the certificates as the certificate callback sees them */
#include "x509.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MXTLS_API
#define MXTLS_API __attribute__((visibility("default")))
#endif

/* MatrixSSL's integer names. */
#ifndef MXTLS_NO_MATRIX_INT_TYPES
typedef int32_t int32;
typedef uint32_t uint32;
typedef int16_t int16;
typedef uint16_t uint16;
typedef int64_t int64;
typedef uint64_t uint64;
#endif
typedef uint16_t psCipher16_t;
typedef int32_t psRes_t;

/*
 * Return codes. Zero and positive values are the guide's successes;
 * negative values are errors.
 */
#define PS_SUCCESS			0
#define MATRIXSSL_SUCCESS		0
#define MATRIXSSL_REQUEST_SEND		1	/* call matrixSslGetOutdata and send */
#define MATRIXSSL_REQUEST_RECV		2	/* read more into matrixSslGetReadbuf */
#define MATRIXSSL_REQUEST_CLOSE		3	/* the session is over: send what is out, close */
#define MATRIXSSL_APP_DATA		4	/* ptbuf/ptlen hold application data */
#define MATRIXSSL_HANDSHAKE_COMPLETE	5	/* the handshake finished */
#define MATRIXSSL_RECEIVED_ALERT	6	/* ptbuf holds level, description */
#define MATRIXSSL_APP_DATA_COMPRESSED	7	/* never returned: no compression */

#define PS_FAILURE			(-1)	/* generic failure */
#define PS_ARG_FAIL			(-6)	/* a bad argument */
#define PS_PLATFORM_FAIL		(-7)	/* the operating system failed us */
#define PS_MEM_FAIL			(-8)	/* out of memory */
#define PS_LIMIT_FAIL			(-9)	/* a length or count limit was exceeded */
#define PS_UNSUPPORTED_FAIL		(-10)	/* a feature this build or peer lacks */
#define PS_DISABLED_FEATURE_FAIL	(-11)	/* a feature compiled out */
#define PS_PROTOCOL_FAIL		(-12)	/* the peer broke the protocol */
#define PS_TIMEOUT_FAIL			(-13)
#define PS_INTERRUPT_FAIL		(-14)
#define PS_PENDING			(-15)
#define PS_EAGAIN			(-16)
#define PS_PARSE_FAIL			(-31)	/* a file or message could not be parsed */
#define PS_CERT_AUTH_FAIL		(-32)	/* a certificate was refused */
/* mxtls: matrixSslOffload refusals; the session goes on in userspace */
#define MATRIXSSL_OFFLOAD_NO_MODULE	(-40)	/* the mxtls module is not loaded */
#define MATRIXSSL_OFFLOAD_UNSUPPORTED	(-41)	/* it cannot protect this version/suite */
#define MATRIXSSL_OFFLOAD_BUSY		(-42)	/* not now: see matrixSslOffload */
#define MATRIXSSL_ERROR			PS_PROTOCOL_FAIL

/* Protocol versions, for sslSessOpts_t.versionFlag (OR them; 0: all the build has). */
#define SSL_FLAGS_SSLV3			(1 << 0)	/* only with ENABLE_SSLV3 */
#define SSL_FLAGS_TLS_1_0		(1 << 1)
#define SSL_FLAGS_TLS_1_1		(1 << 2)
#define SSL_FLAGS_TLS_1_2		(1 << 3)

/* What matrixSslGetNegotiatedVersion returns: the version on the wire. */
#define SSL3_VERSION_WIRE		0x0300
#define TLS_1_0_VERSION_WIRE		0x0301
#define TLS_1_1_VERSION_WIRE		0x0302
#define TLS_1_2_VERSION_WIRE		0x0303

/* Alerts (RFC 5246 7.2): what RECEIVED_ALERT reports and callbacks return. */
#define SSL_ALERT_LEVEL_WARNING			1
#define SSL_ALERT_LEVEL_FATAL			2
#define SSL_ALERT_CLOSE_NOTIFY			0
#define SSL_ALERT_UNEXPECTED_MESSAGE		10
#define SSL_ALERT_BAD_RECORD_MAC		20
#define SSL_ALERT_RECORD_OVERFLOW		22
#define SSL_ALERT_DECOMPRESSION_FAILURE		30
#define SSL_ALERT_HANDSHAKE_FAILURE		40
#define SSL_ALERT_NO_CERTIFICATE		41	/* SSL 3.0 only */
#define SSL_ALERT_BAD_CERTIFICATE		42
#define SSL_ALERT_UNSUPPORTED_CERTIFICATE	43
#define SSL_ALERT_CERTIFICATE_REVOKED		44
#define SSL_ALERT_CERTIFICATE_EXPIRED		45
#define SSL_ALERT_CERTIFICATE_UNKNOWN		46
#define SSL_ALERT_ILLEGAL_PARAMETER		47
#define SSL_ALERT_UNKNOWN_CA			48
#define SSL_ALERT_ACCESS_DENIED			49
#define SSL_ALERT_DECODE_ERROR			50
#define SSL_ALERT_DECRYPT_ERROR			51
#define SSL_ALERT_PROTOCOL_VERSION		70
#define SSL_ALERT_INSUFFICIENT_SECURITY		71
#define SSL_ALERT_INTERNAL_ERROR		80
#define SSL_ALERT_INAPPROPRIATE_FALLBACK	86
#define SSL_ALERT_USER_CANCELED			90
#define SSL_ALERT_NO_RENEGOTIATION		100
#define SSL_ALERT_UNSUPPORTED_EXTENSION		110
#define SSL_ALERT_UNRECOGNIZED_NAME		112
#define SSL_ALERT_UNKNOWN_PSK_IDENTITY		115
#define SSL_ALERT_NO_APPLICATION_PROTOCOL	120

/*
 * Cipher suites (IANA numbers) this library knows. RC4 suites need
 * USE_ARC4, DH_anon suites USE_ANON_DH_CIPHER_SUITE; the others are in
 * every build. A server runs a suite when its keys allow: an RSA
 * certificate for RSA, DHE_RSA and ECDHE_RSA, an ECDSA one for
 * ECDHE_ECDSA, a PSK for the PSK suites.
 */
#define SSL_NULL_WITH_NULL_NULL			0x0000
#define SSL_RSA_WITH_RC4_128_MD5		0x0004
#define SSL_RSA_WITH_RC4_128_SHA		0x0005
#define SSL_RSA_WITH_3DES_EDE_CBC_SHA		0x000A
#define SSL_DHE_RSA_WITH_3DES_EDE_CBC_SHA	0x0016
#define SSL_DH_anon_WITH_RC4_128_MD5		0x0018
#define SSL_DH_anon_WITH_3DES_EDE_CBC_SHA	0x001B
#define TLS_RSA_WITH_AES_128_CBC_SHA		0x002F
#define TLS_DHE_RSA_WITH_AES_128_CBC_SHA	0x0033
#define TLS_DH_anon_WITH_AES_128_CBC_SHA	0x0034
#define TLS_RSA_WITH_AES_256_CBC_SHA		0x0035
#define TLS_DHE_RSA_WITH_AES_256_CBC_SHA	0x0039
#define TLS_DH_anon_WITH_AES_256_CBC_SHA	0x003A
#define TLS_RSA_WITH_AES_128_CBC_SHA256		0x003C
#define TLS_RSA_WITH_AES_256_CBC_SHA256		0x003D
#define TLS_DHE_RSA_WITH_AES_128_CBC_SHA256	0x0067
#define TLS_DHE_RSA_WITH_AES_256_CBC_SHA256	0x006B
#define TLS_DH_anon_WITH_AES_128_CBC_SHA256	0x006C
#define TLS_DH_anon_WITH_AES_256_CBC_SHA256	0x006D
#define TLS_PSK_WITH_RC4_128_SHA		0x008A
#define TLS_PSK_WITH_3DES_EDE_CBC_SHA		0x008B
#define TLS_PSK_WITH_AES_128_CBC_SHA		0x008C
#define TLS_PSK_WITH_AES_256_CBC_SHA		0x008D
#define TLS_DHE_PSK_WITH_RC4_128_SHA		0x008E
#define TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA	0x008F
#define TLS_DHE_PSK_WITH_AES_128_CBC_SHA	0x0090
#define TLS_DHE_PSK_WITH_AES_256_CBC_SHA	0x0091
#define TLS_RSA_WITH_AES_128_GCM_SHA256		0x009C
#define TLS_RSA_WITH_AES_256_GCM_SHA384		0x009D
#define TLS_DHE_RSA_WITH_AES_128_GCM_SHA256	0x009E
#define TLS_DHE_RSA_WITH_AES_256_GCM_SHA384	0x009F
#define TLS_DH_anon_WITH_AES_128_GCM_SHA256	0x00A6
#define TLS_DH_anon_WITH_AES_256_GCM_SHA384	0x00A7
#define TLS_PSK_WITH_AES_128_GCM_SHA256		0x00A8
#define TLS_PSK_WITH_AES_256_GCM_SHA384		0x00A9
#define TLS_DHE_PSK_WITH_AES_128_GCM_SHA256	0x00AA
#define TLS_DHE_PSK_WITH_AES_256_GCM_SHA384	0x00AB
#define TLS_PSK_WITH_AES_128_CBC_SHA256		0x00AE
#define TLS_PSK_WITH_AES_256_CBC_SHA384		0x00AF
#define TLS_DHE_PSK_WITH_AES_128_CBC_SHA256	0x00B2
#define TLS_DHE_PSK_WITH_AES_256_CBC_SHA384	0x00B3
#define TLS_EMPTY_RENEGOTIATION_INFO_SCSV	0x00FF
#define TLS_FALLBACK_SCSV			0x5600
#define TLS_ECDHE_ECDSA_WITH_RC4_128_SHA	0xC007
#define TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA	0xC008
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA	0xC009
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA	0xC00A
#define TLS_ECDHE_RSA_WITH_RC4_128_SHA		0xC011
#define TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA	0xC012
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA	0xC013
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA	0xC014
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256	0xC023
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384	0xC024
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256	0xC027
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384	0xC028
#define TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256	0xC02B
#define TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384	0xC02C
#define TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256	0xC02F
#define TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384	0xC030
#define TLS_ECDHE_PSK_WITH_RC4_128_SHA		0xC033
#define TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA	0xC034
#define TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA	0xC035
#define TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA	0xC036
#define TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256	0xC037
#define TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384	0xC038
#define TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256	0xCCA8
#define TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256	0xCCA9
#define TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256	0xCCAA
#define TLS_PSK_WITH_CHACHA20_POLY1305_SHA256		0xCCAB
#define TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256	0xCCAC
#define TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256	0xCCAD

/* Hello extension types for matrixSslLoadHelloExtension. */
#define EXT_SNI				0
#define EXT_ALPN			16

/* The most protocols an ALPN list passes to the server's callback. */
#define MAX_PROTO_EXT			8

/* sslSessOpts_t.ecFlags */
#define IS_SECP256R1			0x04
#define IS_SECP384R1			0x08
#define IS_X25519			0x200

/* matrixSslEncodeRehandshake sessionOption: do not resume, run a full handshake. */
#define SSL_OPTION_FULL_HANDSHAKE	1

/* Sizes. */
#define SSL_MAX_SESSION_ID_SIZE		32
#define SSL_HS_MASTER_SIZE		48
#define SSL_MAX_PLAINTEXT_LEN		16384
#define SSL_MAX_DISABLED_CIPHERS	8

typedef struct ssl ssl_t;
typedef struct sslKeys sslKeys_t;
typedef struct tlsExtension tlsExtension_t;

/*
 * A client's memory of a session, to resume it later. Allocate one (on
 * the stack, statically or with matrixSslNewSessionId), clear it with
 * matrixSslInitSessionId and pass it to matrixSslNewClientSession: the
 * library fills it during the handshake; pass the same structure to the
 * next matrixSslNewClientSession to resume. Its fields are the library's.
 * A session ticket (RFC 5077) the server gave is kept in memory the
 * library allocates: release it with matrixSslClearSessionId (or
 * matrixSslDeleteSessionId) when done; matrixSslInitSessionId is for a
 * structure that holds nothing yet.
 */
typedef struct sslSessionId {
	unsigned char id[SSL_MAX_SESSION_ID_SIZE];
	unsigned char masterSecret[SSL_HS_MASTER_SIZE];
	uint8_t idLen;			/* the server's session id, 0: none */
	uint8_t extendedMasterSecret;	/* the session used RFC 7627 */
	uint16_t cipherId;		/* 0: nothing to resume */
	uint16_t version;		/* wire version */
	unsigned char *sessionTicket;	/* RFC 5077 ticket, or NULL */
	uint32 sessionTicketLen;
	uint32 sessionTicketLifetimeHint;	/* seconds, as the server said */
} sslSessionId_t;

/*
 * Per-session options for matrixSslNew*Session. Zero everything (memset)
 * and set what you need; zero is the secure default everywhere.
 */
typedef struct {
	/*
	 * RFC 5077 session tickets. Client: 1 offers them (the ticket is
	 * kept in the session id); 0 does not. Server: tickets are issued
	 * and taken when the keys hold ticket keys, unless this is -1.
	 */
	short ticketResumption;
	/*
	 * RFC 6066 max_fragment_length. Client: 512, 1024, 2048 or 4096
	 * asks the server to keep records that small both ways; 0 does not.
	 * Server: 0 agrees to a client's request, -1 ignores it.
	 */
	short maxFragLen;
	short truncHmac;		/* reserved (RFC 6066 truncated HMAC) */
	/*
	 * RFC 7627: 0 offers (client) or accepts (server) the extended master
	 * secret; 1 also refuses a peer without it (handshake_failure);
	 * -1 neither offers nor accepts it.
	 */
	short extendedMasterSecret;
	short trustedCAindication;	/* reserved */
	/* Client: this is a fallback connection; send TLS_FALLBACK_SCSV (RFC 7507). */
	short fallbackScsv;
	short OCSPstapling;		/* reserved */
	/*
	 * The groups for ECDHE (IS_SECP256R1 | IS_SECP384R1 | IS_X25519):
	 * what a client offers, what a server accepts. 0: all of them.
	 */
	int32 ecFlags;
	int32 versionFlag;		/* SSL_FLAGS_* allowed; 0: all the build supports */
	void *userPtr;			/* matrixSslGetUserPtr() returns it */
	void *memAllocPtr;		/* ignored: the library uses malloc */
	void *bufferPool;		/* ignored */
	/*
	 * mxtls: record-exact reads. matrixSslGetReadbuf never offers more
	 * than the rest of the current record (its 5-byte header first, then
	 * exactly its body), so nothing beyond the last record the library
	 * has asked for is ever taken from the transport. Needed before
	 * handing an established connection to the kernel.
	 */
	short recordExactReads;
	/*
	 * mxtls: RFC 7366 encrypt-then-MAC for CBC suites: 0 offers
	 * (client) or accepts (server) it, -1 neither.
	 */
	short encryptThenMac;
} sslSessOpts_t;

/*
 * Certificate callback. cert is the peer's chain (its certificate first,
 * issuers through ->next), or NULL when a client sent no certificate and
 * the build accepts that (SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG).
 * alert is 0 when the library validated the chain (trust, dates, purpose,
 * and the expected name on a client), else the alert it would send.
 * Return 0 to accept, or an SSL_ALERT_* (e.g. alert) to refuse: the
 * handshake then fails with that fatal alert.
 */
typedef int32 (*sslCertCb_t)(ssl_t *ssl, psX509Cert_t *cert, int32 alert);

/*
 * Extension callback (client): called for each extension of the
 * ServerHello with its type and body; return 0 to go on, negative to fail
 * the handshake (unsupported_extension). extLen saturates at 255; the
 * body is at e.
 */
typedef int32 (*sslExtCb_t)(ssl_t *ssl, uint16_t extType, uint8_t extLen, void *e);

/* --- library ------------------------------------------------------- */

/* Set up the library (the session cache, the random generator). Call once,
 * before anything else; PS_SUCCESS or a negative error.
 */
MXTLS_API int32 matrixSslOpen(void);

/* Release what matrixSslOpen set up; delete every session and key first. */
MXTLS_API void matrixSslClose(void);

/* --- keys ---------------------------------------------------------- */

/* Allocate an empty key structure; poolUserPtr is ignored. */
MXTLS_API int32 matrixSslNewKeys(sslKeys_t **keys, void *poolUserPtr);

/* Free the keys (zeroizing private keys). No session may still use them. */
MXTLS_API void matrixSslDeleteKeys(sslKeys_t *keys);

/* The guide's name for matrixSslDeleteKeys. */
MXTLS_API void matrixSslFreeKeys(sslKeys_t *keys);

/*
 * Load, from PEM or DER files, a certificate (chain: the entity's first)
 * and its RSA private key (PKCS#1 or PKCS#8, encrypted with privPass when
 * one is given: PKCS#5 / PKCS#8), and the CA certificates trusted to
 * authenticate the peer. Any of the names may be NULL. A certificate
 * without its key, or a key not matching the certificate, is refused.
 * PS_SUCCESS, PS_PLATFORM_FAIL (file), PS_PARSE_FAIL, PS_CERT_AUTH_FAIL
 * (key does not match), PS_MEM_FAIL.
 */
MXTLS_API int32 matrixSslLoadRsaKeys(sslKeys_t *keys, const char *certFile, const char *privFile,
				     const char *privPass, const char *trustedCAFile);

/* The same from memory (PEM or DER buffers; any may be NULL with length 0). */
MXTLS_API int32 matrixSslLoadRsaKeysMem(sslKeys_t *keys, const unsigned char *certBuf,
					int32 certLen, const unsigned char *privBuf, int32 privLen,
					const unsigned char *trustedCABuf, int32 trustedCALen);

/*
 * Load an ECDSA certificate (chain) and its key (P-256 or P-384; SEC 1
 * or PKCS#8, encrypted with privPass when given), checked against each
 * other, and CA certificates. The keys hold an RSA and an ECDSA
 * identity side by side (each Load replaces the one of its kind): a
 * server then runs ECDHE_ECDSA suites with this one and the RSA-signed
 * suites with the other; a client authenticates with whichever the
 * server's CertificateRequest accepts (ECDSA first).
 */
MXTLS_API int32 matrixSslLoadEcKeys(sslKeys_t *keys, const char *certFile, const char *privFile,
				    const char *privPass, const char *trustedCAFile);

/*
 * Load a PKCS#12 file: its certificate chain and private key, decrypted
 * with importPass and its MAC checked with macPass (NULL: importPass).
 * flags is reserved (0).
 */
MXTLS_API int32 matrixSslLoadPkcs12(sslKeys_t *keys, const unsigned char *p12File,
				    const unsigned char *importPass, int32 ipasslen,
				    const unsigned char *macPass, int32 mpasslen, int32 flags);

/*
 * Diffie-Hellman parameters (PKCS#3, PEM or DER; p of 1024 to 4096 bits,
 * checked to be prime) for a server's DHE and DH_anon suites. Without
 * them a server uses the RFC 7919 group the client lists (ffdhe2048
 * when it lists none).
 */
MXTLS_API int32 matrixSslLoadDhParams(sslKeys_t *keys, const char *paramFile);
MXTLS_API int32 matrixSslLoadDhParamsMem(sslKeys_t *keys, const unsigned char *dhBin,
					 int32 dhBinLen);

/*
 * A pre-shared key (1 to 64 bytes) and its identity (1 to 128 bytes),
 * for the PSK, DHE_PSK and ECDHE_PSK suites; up to 8, loading an
 * identity again replaces its key. A server finds the key by the
 * identity the client sends (unknown_psk_identity otherwise); a client
 * uses the key whose identity the server's hint names, else the first
 * loaded.
 */
MXTLS_API int32 matrixSslLoadPsk(sslKeys_t *keys, const unsigned char *key, uint8_t keyLen,
				 const unsigned char *id, uint8_t idLen);

/*
 * mxtls: the PSK identity hint a server sends (RFC 4279; hintLen 0: none,
 * the default). With a hint, the plain PSK suites send a
 * ServerKeyExchange too.
 */
MXTLS_API int32 matrixSslSetPskIdentityHint(sslKeys_t *keys, const unsigned char *hint,
					    uint8_t hintLen);

/*
 * Session ticket keys (RFC 5077) for a server: a 16-byte name, an AES key
 * (16 or 32 bytes) and an HMAC-SHA-256 key (16 to 64 bytes). The key
 * loaded last seals new tickets; all loaded open them (up to 8). With
 * ticket keys a server issues tickets to clients that ask and resumes
 * the sessions they carry (unless sslSessOpts_t.ticketResumption is -1).
 */
MXTLS_API int32 matrixSslLoadSessionTicketKeys(sslKeys_t *keys, const unsigned char name[16],
					       const unsigned char *symkey, short symkeyLen,
					       const unsigned char *hashkey, short hashkeyLen);

/* Forget the ticket key with this name. */
MXTLS_API int32 matrixSslDeleteSessionTicketKey(sslKeys_t *keys, const unsigned char name[16]);

/*
 * mxtls: the ticket keys from a file shared by the servers behind one
 * name, so that each resumes the others' sessions. One key per line, 160
 * hexadecimal digits ("openssl rand -hex 80": name, AES-256 key, HMAC
 * key); the first line seals, every line opens; '#' starts a comment.
 * The file is read again whenever it changes, so keys rotate without a
 * restart: put the new key on top, keep the old one below it for a
 * ticket lifetime (SSL_SESSION_ENTRY_LIFE), then drop it. PS_SUCCESS,
 * PS_PLATFORM_FAIL (the file), PS_PARSE_FAIL (the contents).
 */
MXTLS_API int32 matrixSslLoadSessionTicketKeysFile(sslKeys_t *keys, const char *path);

/* --- client session ids -------------------------------------------- */

/* Clear a session id so that the next client session does a full handshake. */
MXTLS_API void matrixSslInitSessionId(sslSessionId_t *sid);

/* Allocate a cleared session id (poolUserPtr ignored); free with
 * matrixSslDeleteSessionId, which wipes it.
 */
MXTLS_API int32 matrixSslNewSessionId(sslSessionId_t **sid, void *poolUserPtr);
MXTLS_API void matrixSslClearSessionId(sslSessionId_t *sid);
MXTLS_API void matrixSslDeleteSessionId(sslSessionId_t *sid);

/* --- hello extensions (client) -------------------------------------- */

/*
 * The library speaks these ClientHello extensions itself:
 * server_name (from expectedName when it is a DNS name, unless the list
 * below has one), signature_algorithms, supported_groups,
 * ec_point_formats, extended_master_secret, encrypt_then_mac,
 * session_ticket, max_fragment_length, renegotiation_info. The caller
 * adds others (and server_name or ALPN: EXT_SNI, EXT_ALPN) with the
 * calls below; their answers in the ServerHello go to the extension
 * callback.
 */

/* A list of extensions for the ClientHello; poolUserPtr is ignored. */
MXTLS_API int32 matrixSslNewHelloExtension(tlsExtension_t **extension, void *poolUserPtr);

/* Append one extension (type and body, copied) to the list. */
MXTLS_API int32 matrixSslLoadHelloExtension(tlsExtension_t *extension, unsigned char *extData,
					    uint32 length, uint32 extType);

MXTLS_API void matrixSslDeleteHelloExtension(tlsExtension_t *extension);

/*
 * The body of a server_name extension (RFC 6066) naming host (a DNS
 * name of hostLen bytes), in a new buffer (*extOut, free() it) of
 * *extLen bytes: load it with type EXT_SNI. pool is ignored.
 */
MXTLS_API int32 matrixSslCreateSNIext(void *pool, unsigned char *host, uint32 hostLen,
				      unsigned char **extOut, int32 *extLen);

/*
 * The body of an ALPN extension (RFC 7301) offering protoCount protocol
 * names (best first, 1 to 255 bytes each), in a new buffer (*extOut,
 * free() it): load it with type EXT_ALPN. The server's choice reaches
 * the extension callback, and matrixSslGetAlpnProtocol.
 */
MXTLS_API int32 matrixSslCreateALPNext(void *pool, int32 protoCount, unsigned char *proto[],
				       int32 protoLen[], unsigned char **extOut, int32 *extLen);

/* --- sessions ------------------------------------------------------ */

/*
 * Start a client session; the ClientHello is then waiting in the
 * outgoing buffer (MATRIXSSL_REQUEST_SEND is returned).
 *
 * keys: the CA certificates to validate the server with (and the
 *   client's certificate and key for client authentication); required,
 *   though it may hold nothing (then only certCb can accept a server).
 * sid: NULL, or a session id to fill in (and, when it holds one, to
 *   resume): see sslSessionId_t.
 * cipherSpec, cipherSpecLen: the suites to offer, best first; NULL/0 for
 *   the build's defaults (TLS 1.2 AEAD suites first).
 * certCb: asked about the server's chain (see sslCertCb_t). When NULL the
 *   library's verdict alone decides.
 * expectedName: the server's DNS name or IP address; the certificate must
 *   match it. NULL: no name check.
 * extensions: extra ClientHello extensions, or NULL.
 * extCb: sees the ServerHello's extensions, or NULL.
 * options: NULL for the defaults.
 *
 * MATRIXSSL_REQUEST_SEND, or PS_ARG_FAIL (e.g. no suite left that the
 * build and versions allow), PS_MEM_FAIL, PS_UNSUPPORTED_FAIL.
 */
MXTLS_API int32 matrixSslNewClientSession(ssl_t **ssl, const sslKeys_t *keys,
					  sslSessionId_t *sid, const psCipher16_t cipherSpec[],
					  uint8_t cipherSpecLen, sslCertCb_t certCb,
					  const char *expectedName, tlsExtension_t *extensions,
					  sslExtCb_t extCb, sslSessOpts_t *options);

/*
 * Start a server session for an accepted connection; then read the
 * ClientHello with matrixSslGetReadbuf. keys holds the server's
 * certificate and key. A certCb asks for client certificates (and sees
 * them): the keys' CA certificates are the acceptable authorities.
 * PS_SUCCESS, PS_ARG_FAIL, PS_MEM_FAIL.
 */
MXTLS_API int32 matrixSslNewServerSession(ssl_t **ssl, const sslKeys_t *keys,
					  sslCertCb_t certCb, sslSessOpts_t *options);

/* Free a session, wiping its secrets. (The session stays resumable.) */
MXTLS_API void matrixSslDeleteSession(ssl_t *ssl);

/*
 * Server: called with the name a client asks for (RFC 6066 server_name,
 * hostname not NUL-terminated) before the handshake picks a suite; set
 * *newKeys to the keys to serve that name with, or leave it NULL to go
 * on with the session's keys. The name is remembered with the session:
 * a resumption under another name is a full handshake.
 */
MXTLS_API void matrixSslRegisterSNICallback(ssl_t *ssl,
					    void (*sni_cb)(void *ssl, char *hostname,
							   int32 hostnameLen,
							   sslKeys_t **newKeys));

/*
 * Server: called with the protocols of a client's ALPN extension (at
 * most MAX_PROTO_EXT, in the client's order); set *index to the one
 * chosen, or leave it -1 to refuse them all (the handshake then fails
 * with no_application_protocol, RFC 7301).
 */
MXTLS_API void matrixSslRegisterALPNCallback(ssl_t *ssl,
					     void (*srv_alpn_cb)(void *ssl, short protoCount,
								 char *proto[MAX_PROTO_EXT],
								 int32 protoLen[MAX_PROTO_EXT],
								 int32 *index));

/* mxtls: the ALPN protocol agreed (not NUL-terminated): its length, 0 for none. */
MXTLS_API int32 matrixSslGetAlpnProtocol(ssl_t *ssl, const unsigned char **proto);

/* --- sending ------------------------------------------------------- */

/*
 * Point *buf at the bytes waiting to be sent and return how many (0 when
 * nothing waits), or a negative error.
 */
MXTLS_API int32 matrixSslGetOutdata(ssl_t *ssl, unsigned char **buf);

/*
 * Tell the library that bytes of the outdata were sent. Returns
 * MATRIXSSL_REQUEST_SEND when more is waiting, MATRIXSSL_SUCCESS when
 * all went, MATRIXSSL_HANDSHAKE_COMPLETE when that completed a handshake
 * (a client's resumed, or a server's full, handshake ends with its own
 * Finished), MATRIXSSL_REQUEST_CLOSE after a closure or fatal alert went
 * out, or a negative error.
 */
MXTLS_API int32 matrixSslSentData(ssl_t *ssl, uint32 bytes);

/*
 * In-situ encryption: a buffer of at least reqLen bytes (capped at the
 * maximum record, 16384) to write plaintext into; returns its size or a
 * negative error (PS_PROTOCOL_FAIL before the handshake completed).
 */
MXTLS_API int32 matrixSslGetWritebuf(ssl_t *ssl, unsigned char **buf, uint32 reqLen);

/*
 * Encrypt len bytes written into the matrixSslGetWritebuf buffer, in
 * place, appending the record to the outdata. Returns the outdata length
 * or a negative error.
 */
MXTLS_API int32 matrixSslEncodeWritebuf(ssl_t *ssl, uint32 len);

/*
 * Encrypt len bytes of the caller's buffer (left untouched) into records
 * (as many as needed) appended to the outdata. Returns the outdata length
 * or a negative error.
 */
MXTLS_API int32 matrixSslEncodeToOutdata(ssl_t *ssl, unsigned char *buf, uint32 len);

/* Queue a close_notify alert; then send the outdata and close. */
MXTLS_API int32 matrixSslEncodeClosureAlert(ssl_t *ssl);

/*
 * Start a re-handshake on an established session, either side. A client
 * queues a new ClientHello, a server a HelloRequest: send the outdata.
 * The handshake then runs under the current keys while application data
 * keeps flowing both ways, and ends as a first one does
 * (MATRIXSSL_HANDSHAKE_COMPLETE).
 *
 * keys: new keys for this and later handshakes, or NULL to keep them.
 * certCb: a server asks for a client certificate in this handshake (and
 *   sees it) when given one, adding client authentication to a session
 *   that started without it; a client's replaces its callback.
 * sessionOption: SSL_OPTION_FULL_HANDSHAKE, or 0 to let the client
 *   resume the current session (a re-key without public-key work).
 * cipherSpec, cipherSpecLen: a client offers these suites instead (a
 *   full handshake: to change the suite); a server allows only these.
 *
 * Renegotiation follows RFC 5746 and the build's policy
 * (matrixsslConfig.h): with ENABLE_SECURE_REHANDSHAKES (the default) only
 * with a peer that sent renegotiation_info or the SCSV;
 * ENABLE_INSECURE_REHANDSHAKES (not recommended) allows it with any peer;
 * NO_SECURE_REHANDSHAKES builds refuse all re-handshakes. A re-handshake
 * the peer starts is refused with a no_renegotiation warning when the
 * policy forbids it or when the session has no credit left (see
 * DEFAULT_RH_CREDITS); the session goes on.
 *
 * PS_SUCCESS, PS_ARG_FAIL, PS_PROTOCOL_FAIL (no established session, or
 * a handshake already running), PS_UNSUPPORTED_FAIL (the policy refuses
 * this peer), PS_MEM_FAIL.
 */
MXTLS_API int32 matrixSslEncodeRehandshake(ssl_t *ssl, sslKeys_t *keys, sslCertCb_t certCb,
					   uint32 sessionOption, const psCipher16_t cipherSpec[],
					   uint8_t cipherSpecLen);

/* --- receiving ----------------------------------------------------- */

/*
 * Point *buf at free space in the session's read buffer and return its
 * size (> 0), or a negative error. Read at most that many bytes into it
 * and report them with matrixSslReceivedData. With the recordExactReads
 * option the size is exactly what completes the current record header
 * or body.
 */
MXTLS_API int32 matrixSslGetReadbuf(ssl_t *ssl, unsigned char **buf);

/* The same, asking for at least size bytes of room. */
MXTLS_API int32 matrixSslGetReadbufOfSize(ssl_t *ssl, int32 size, unsigned char **buf);

/*
 * Process bytes just read into the read buffer (bytes may be 0 to go on
 * processing what is already held). Returns:
 *   MATRIXSSL_REQUEST_SEND: send the outdata (handshake messages, or an
 *     alert: then the session is over);
 *   MATRIXSSL_REQUEST_RECV: read more;
 *   MATRIXSSL_HANDSHAKE_COMPLETE: the handshake finished;
 *   MATRIXSSL_APP_DATA: *ptbuf, *ptlen hold decrypted application data;
 *   MATRIXSSL_RECEIVED_ALERT: *ptbuf holds 2 bytes, level and description
 *     (a fatal alert ends the session; close_notify means the peer closed);
 *   negative: a fatal error; when the outdata is not empty it holds the
 *     alert to send the peer before closing.
 * After APP_DATA and RECEIVED_ALERT call matrixSslProcessedData.
 */
MXTLS_API int32 matrixSslReceivedData(ssl_t *ssl, int32 bytes, unsigned char **ptbuf,
				      uint32 *ptlen);

/*
 * Done with the plaintext matrixSslReceivedData gave. If another record
 * is already held it is processed: the return value, *ptbuf and *ptlen
 * are then as for matrixSslReceivedData; otherwise MATRIXSSL_SUCCESS
 * (or MATRIXSSL_REQUEST_RECV when a partial record is held).
 */
MXTLS_API int32 matrixSslProcessedData(ssl_t *ssl, unsigned char **ptbuf, uint32 *ptlen);

/* --- kernel offload (library mode) ---------------------------------- */

/*
 * Hand an established session's record layer to the mxtls kernel module:
 * attach the "mxtls" TCP ULP to fd (the session's connected TCP socket)
 * and send both directions' keys, IVs, sequence numbers, the
 * encrypt-then-MAC choice and the RFC 5746 verify_data over generic
 * netlink. From then on the application reads and writes plaintext on
 * fd: write(), send(), sendfile() and splice() for data out,
 * matrixSslOffloadRead() for data in (plain read() works too, but fails
 * with EIO when a record for the library arrives, such as a re-handshake).
 *
 * Nothing read from the socket may be left in the session: set the
 * recordExactReads option for the handshake, and call this once the
 * handshake completed (matrixSslReceivedData or matrixSslSentData
 * returned MATRIXSSL_HANDSHAKE_COMPLETE) with all outdata sent.
 *
 * Returns PS_SUCCESS, or one of these, after which the session goes on
 * in userspace through the usual calls exactly as before:
 *   MATRIXSSL_OFFLOAD_NO_MODULE    the module is not loaded (no ULP, no
 *                                  netlink family);
 *   MATRIXSSL_OFFLOAD_UNSUPPORTED  the module cannot protect this
 *                                  session's records (SSL 3.0, a suite it
 *                                  lacks such as RC4 without MXTLS_RC4, a
 *                                  max_fragment_length agreed);
 *   MATRIXSSL_OFFLOAD_BUSY         a handshake is running, outdata is
 *                                  unsent, or bytes past the last record
 *                                  processed are held (no recordExactReads);
 *   PS_ARG_FAIL, PS_MEM_FAIL, PS_PLATFORM_FAIL (fd is not a connected TCP
 *                                  socket, or the kernel refused);
 *   PS_PROTOCOL_FAIL               the session is over (fatal alert,
 *                                  close_notify), or already offloaded.
 * A failure after the kernel took the receive keys (the transmit keys
 * refused: never seen in practice) is PS_PLATFORM_FAIL with the session
 * dead.
 *
 * An offloaded session keeps its handshake engine: records of other types
 * than application data reach it through matrixSslOffloadRead, its own
 * handshake messages, ChangeCipherSpec and alerts go out through the
 * kernel, which switches keys at the ChangeCipherSpec boundaries. So
 * re-handshakes started by the peer, or by matrixSslEncodeRehandshake
 * (which then sends by itself: no outdata), complete with application
 * data flowing. matrixSslEncodeClosureAlert shuts down the write side
 * (the kernel sends close_notify). matrixSslGetOutdata has nothing, and
 * the calls that encode or decode application data in userspace return
 * PS_PROTOCOL_FAIL.
 */
MXTLS_API int32 matrixSslOffload(ssl_t *ssl, int fd);

/* mxtls: 1 when the session was handed to the kernel, else 0. */
MXTLS_API int32 matrixSslIsOffloaded(ssl_t *ssl);

/*
 * Read from an offloaded session's socket: application data into buf
 * (size bytes), while records for the library (handshake,
 * ChangeCipherSpec, warning alerts) are processed on the way. flags are
 * recv() flags: MSG_DONTWAIT to return at once when nothing is there
 * (on a blocking socket). buf must hold at least 2 bytes; records for the
 * library are read into it too. Returns:
 *   MATRIXSSL_APP_DATA: *len bytes of application data in buf;
 *   MATRIXSSL_HANDSHAKE_COMPLETE: a re-handshake completed;
 *   MATRIXSSL_RECEIVED_ALERT: a warning alert, level and description in
 *     buf[0..1] (*len is 2), e.g. no_renegotiation: the session goes on;
 *   MATRIXSSL_REQUEST_CLOSE: the peer closed (close_notify or end of
 *     stream);
 *   MATRIXSSL_REQUEST_RECV: nothing for the application now (a
 *     non-blocking read found nothing more);
 *   negative: the session is over. PS_PROTOCOL_FAIL when the peer broke
 *     the protocol (bad record MAC or padding, an oversized or unexpected
 *     record, a fatal alert: the kernel sent or received the alert),
 *     PS_PLATFORM_FAIL for other socket errors (errno tells).
 */
MXTLS_API int32 matrixSslOffloadRead(ssl_t *ssl, unsigned char *buf, uint32 size, uint32 *len,
				     int32 flags);

/* --- about a session ----------------------------------------------- */

/* The negotiated version on the wire (e.g. 0x0303 for TLS 1.2), or 0. */
MXTLS_API int32 matrixSslGetNegotiatedVersion(ssl_t *ssl);

/* The negotiated suite's IANA number, or 0 before ServerHello. */
MXTLS_API int32 matrixSslGetNegotiatedCiphersuite(ssl_t *ssl);

/* 1 when the handshake resumed a cached session, else 0. */
MXTLS_API int32 matrixSslIsResumedSession(ssl_t *ssl);

/*
 * mxtls: who the peer proved to be in the last handshake that completed,
 * by its certificate: the subject (RFC 4514, cut to 255 bytes) and the
 * SHA-256 of the certificate (32 bytes). A server's session remembers
 * its client's (in the session cache and in tickets), so a resumed
 * handshake has it too; a client's resumed session does not. PS_SUCCESS,
 * or PS_FAILURE when there is none (no certificate, or not kept).
 */
MXTLS_API int32 matrixSslGetPeerIdentity(ssl_t *ssl, const char **subject,
					 const unsigned char **sha256);

/*
 * 1 when the handshake completed and the session is usable for data; 0
 * before, after a fatal error, and while a re-handshake runs (from the
 * HelloRequest or ClientHello that starts it, either side's, to its
 * Finished). Data may be sent during a re-handshake, but many peers
 * (GnuTLS, and OpenSSL past the hellos) refuse application data in the
 * middle of a handshake: holding it until this is 1 again works with
 * all of them, as the example programs do.
 */
MXTLS_API int32 matrixSslHandshakeIsComplete(ssl_t *ssl);

/* 1 when the session uses the extended master secret (RFC 7627). */
MXTLS_API int32 matrixSslIsExtendedMasterSecret(ssl_t *ssl);

/* mxtls: 1 when the session's CBC records use encrypt-then-MAC (RFC 7366). */
MXTLS_API int32 matrixSslIsEncryptThenMac(ssl_t *ssl);

/* mxtls: the RFC 6066 maximum fragment length agreed, or 0 for none (16384). */
MXTLS_API int32 matrixSslGetMaxFragmentLength(ssl_t *ssl);

/* sslSessOpts_t.userPtr. */
MXTLS_API void *matrixSslGetUserPtr(ssl_t *ssl);

/*
 * Enable (status 1) or disable (0) a cipher suite for one session (a
 * server's, before its ClientHello arrives; a client's suites are its
 * cipherSpec) or, with ssl NULL, for every session created afterwards.
 */
MXTLS_API int32 matrixSslSetCipherSuiteEnabledStatus(ssl_t *ssl, psCipher16_t cipherId,
						     uint32 status);

/* The IANA name of a suite ("TLS_RSA_WITH_AES_128_GCM_SHA256"), or NULL. */
MXTLS_API const char *matrixSslGetCipherName(uint16_t suite);

/* The IANA number for a name, or 0 if unknown to this build. */
MXTLS_API uint16_t matrixSslGetCipherByName(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* MXTLS_MATRIXSSL_API_H */
