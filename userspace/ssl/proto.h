/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS 1.0-1.2 (and SSL 3.0) protocol numbers and limits.
 */
#ifndef MXTLS_SSL_PROTO_H
#define MXTLS_SSL_PROTO_H

/* Record content types. */
#define MX_CT_CCS		20
#define MX_CT_ALERT		21
#define MX_CT_HANDSHAKE		22
#define MX_CT_APPDATA		23

/* Handshake message types. */
#define MX_HT_HELLO_REQUEST	0
#define MX_HT_CLIENT_HELLO	1
#define MX_HT_SERVER_HELLO	2
#define MX_HT_CERTIFICATE	11
#define MX_HT_SERVER_KEY_EXCHANGE 12
#define MX_HT_CERT_REQUEST	13
#define MX_HT_SERVER_HELLO_DONE	14
#define MX_HT_CERT_VERIFY	15
#define MX_HT_CLIENT_KEY_EXCHANGE 16
#define MX_HT_FINISHED		20
#define MX_HT_NEW_SESSION_TICKET 4

/* Extension types. */
#define MX_EXT_SERVER_NAME	0	/* RFC 6066 */
#define MX_EXT_MAX_FRAG		1	/* max_fragment_length, RFC 6066 */
#define MX_EXT_GROUPS		10	/* supported_groups, RFC 8422 / 7919 */
#define MX_EXT_POINT_FORMATS	11	/* ec_point_formats, RFC 8422 */
#define MX_EXT_SIG_ALGS		13
#define MX_EXT_ALPN		16	/* RFC 7301 */
#define MX_EXT_ETM		22	/* encrypt_then_mac, RFC 7366 */
#define MX_EXT_EMS		23	/* extended_master_secret, RFC 7627 */
#define MX_EXT_SESSION_TICKET	35	/* RFC 5077 */
#define MX_EXT_RENEG_INFO	0xff01	/* renegotiation_info, RFC 5746 */

/* Versions on the wire. */
#define MX_SSL3			0x0300
#define MX_TLS10		0x0301
#define MX_TLS11		0x0302
#define MX_TLS12		0x0303

#define MX_REC_HDR		5
#define MX_MAX_PLAIN		16384
/* The largest record body a TLS 1.2 peer may send (RFC 5246 6.2.3). */
#define MX_MAX_CIPHER		(MX_MAX_PLAIN + 2048)
#define MX_RANDOM_LEN		32
#define MX_MASTER_LEN		48
#define MX_PREMASTER_LEN	48
#define MX_FINISHED_LEN		12
#define MX_SSL3_FINISHED_LEN	36
#define MX_MAX_SID		32

/* Handshake messages larger than this are refused (certificate chains). */
#define MX_MAX_HS_MSG		(128 * 1024)

/* TLS 1.2 SignatureAndHashAlgorithm: hash << 8 | signature. */
#define MX_SIG_RSA		1
#define MX_HASH_ID_MD5		1
#define MX_HASH_ID_SHA1		2
#define MX_HASH_ID_SHA256	4
#define MX_HASH_ID_SHA384	5
#define MX_HASH_ID_SHA512	6
#define MX_SIGALG(h, s)		((uint16_t)((h) << 8 | (s)))

/* ClientCertificateType */
#define MX_CCT_RSA_SIGN		1
#define MX_CCT_ECDSA_SIGN	64

#endif /* MXTLS_SSL_PROTO_H */
