/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time options of the TLS part of libmxtls, with the names the
 * MatrixSSL developer's guide gives them. Each feature that is on by
 * default has a NO_<feature> switch; each that is off by default is
 * turned on by defining it. Either can be given here or with -D.
 */
#ifndef MXTLS_MATRIXSSL_CONFIG_H
#define MXTLS_MATRIXSSL_CONFIG_H

/* SSL 3.0 needs its key derivation and MACs from the crypto library. */
#if defined(ENABLE_SSLV3) && !defined(USE_SSL3)
#define USE_SSL3
#endif

#include "coreConfig.h"
#include "cryptoConfig.h"

/* Roles. At least one must remain. */
#ifndef NO_CLIENT_SIDE_SSL
#define USE_CLIENT_SIDE_SSL
#endif
#ifndef NO_SERVER_SIDE_SSL
#define USE_SERVER_SIDE_SSL
#endif
#if !defined(USE_CLIENT_SIDE_SSL) && !defined(USE_SERVER_SIDE_SSL)
#error "NO_CLIENT_SIDE_SSL and NO_SERVER_SIDE_SSL leave nothing to build"
#endif

/*
 * Protocol versions. TLS 1.0 (USE_TLS), TLS 1.1 (USE_TLS_1_1, needs
 * USE_TLS) and TLS 1.2 (USE_TLS_1_2, needs USE_TLS_1_1) are on. SSL 3.0
 * is broken (POODLE, RFC 7568) and stays out unless a build defines
 * ENABLE_SSLV3; DISABLE_SSLV3 is then what the guide calls the default.
 */
#ifndef NO_TLS
#define USE_TLS
#endif
#if defined(USE_TLS) && !defined(NO_TLS_1_1)
#define USE_TLS_1_1
#endif
#if defined(USE_TLS_1_1) && !defined(NO_TLS_1_2)
#define USE_TLS_1_2
#endif
#if !defined(ENABLE_SSLV3) && !defined(DISABLE_SSLV3)
#define DISABLE_SSLV3
#endif
#if defined(ENABLE_SSLV3) && defined(DISABLE_SSLV3)
#error "define only one of ENABLE_SSLV3 and DISABLE_SSLV3"
#endif
#if !defined(USE_TLS) && defined(DISABLE_SSLV3)
#error "no protocol version left: USE_TLS is off and SSL 3.0 is disabled"
#endif

/*
 * Re-handshakes (matrixSslEncodeRehandshake, RFC 5746).
 *
 * ENABLE_SECURE_REHANDSHAKES (the default): renegotiate, started by
 *   either side, only with a peer that implements RFC 5746 (it sent
 *   renegotiation_info or the SCSV); a legacy peer's request gets a
 *   no_renegotiation warning and the session goes on.
 * REQUIRE_SECURE_REHANDSHAKES: also refuse the first handshake with a
 *   legacy peer (handshake_failure).
 * ENABLE_INSECURE_REHANDSHAKES: renegotiate with legacy peers too. NOT
 *   RECOMMENDED: that is the renegotiation attack of CVE-2009-3555 (an
 *   attacker's data spliced in front of the client's).
 * NO_SECURE_REHANDSHAKES (without ENABLE_INSECURE_): no re-handshakes.
 *
 * REQUIRE_ and ENABLE_INSECURE_ exclude each other. The
 * renegotiation_info extension and SCSV are always exchanged and the
 * verify_data kept, whatever the policy.
 */
#ifndef NO_SECURE_REHANDSHAKES
#define ENABLE_SECURE_REHANDSHAKES
#endif
/* #define REQUIRE_SECURE_REHANDSHAKES */
/* #define ENABLE_INSECURE_REHANDSHAKES */
#if defined(REQUIRE_SECURE_REHANDSHAKES) && defined(ENABLE_INSECURE_REHANDSHAKES)
#error "REQUIRE_SECURE_REHANDSHAKES and ENABLE_INSECURE_REHANDSHAKES exclude each other"
#endif
#if defined(REQUIRE_SECURE_REHANDSHAKES) && !defined(ENABLE_SECURE_REHANDSHAKES)
#error "REQUIRE_SECURE_REHANDSHAKES needs ENABLE_SECURE_REHANDSHAKES"
#endif

/*
 * Re-handshakes the peer starts cost a credit: a session has
 * DEFAULT_RH_CREDITS at first and gains one back (up to that many) per
 * BYTES_BEFORE_RH_CREDIT bytes of application data, so a peer cannot
 * keep the CPU busy with renegotiations. Ours cost nothing.
 */
#ifndef DEFAULT_RH_CREDITS
#define DEFAULT_RH_CREDITS 1
#endif
#ifndef BYTES_BEFORE_RH_CREDIT
#define BYTES_BEFORE_RH_CREDIT (20 * 1024 * 1024)
#endif
#if DEFAULT_RH_CREDITS < 0 || DEFAULT_RH_CREDITS > 255
#error "DEFAULT_RH_CREDITS must be 0 to 255"
#endif

/*
 * Anonymous Diffie-Hellman suites (DH_anon): no authentication at all,
 * so a man in the middle reads everything. For tests only; off.
 */
/* #define USE_ANON_DH_CIPHER_SUITE */

/* The smallest DH group a client accepts from a server, in bits (Logjam). */
#ifndef MIN_DH_BITS
#define MIN_DH_BITS 2048
#endif

/* Mutual authentication. */
#ifndef NO_CLIENT_AUTH
#define USE_CLIENT_AUTH
#endif
/*
 * A server asking for client certificates with no CA loaded sends a
 * CertificateRequest with an empty list of authorities (otherwise such
 * a server session cannot be created).
 */
#if defined(USE_CLIENT_AUTH) && !defined(NO_SERVER_CAN_SEND_EMPTY_CERT_REQUEST)
#define SERVER_CAN_SEND_EMPTY_CERT_REQUEST
#endif
/*
 * A server that asked for a certificate continues as a standard
 * handshake when the client sends none (the certificate callback is
 * still asked, with no certificate); otherwise that is a fatal
 * handshake_failure.
 */
#if defined(USE_CLIENT_AUTH) && !defined(NO_SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG)
#define SERVER_WILL_ACCEPT_EMPTY_CLIENT_CERT_MSG
#endif

/*
 * The server's session cache: entries, and their lifetime in
 * milliseconds (as in MatrixSSL). Entries are replaced least recently
 * used first.
 */
#ifndef SSL_SESSION_TABLE_SIZE
#define SSL_SESSION_TABLE_SIZE 32
#endif
#ifndef SSL_SESSION_ENTRY_LIFE
#define SSL_SESSION_ENTRY_LIFE (86400 * 1000)
#endif
#if SSL_SESSION_TABLE_SIZE < 0 || SSL_SESSION_TABLE_SIZE > 65536
#error "SSL_SESSION_TABLE_SIZE must be 0 (no cache) to 65536"
#endif

/* Debug traces, to standard error: off in release builds. */
/* #define USE_SSL_HANDSHAKE_MSG_TRACE */
/* #define USE_SSL_INFORMATIONAL_TRACE */

#endif /* MXTLS_MATRIXSSL_CONFIG_H */
