// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: certificate parsing, and everything done with a
 * parsed certificate: identity matching, name constraints against
 * itself, validation with itself as the trust anchor (signature check
 * included) and the certificate callback's verdict.
 */
#include <stddef.h>
#include <stdint.h>

#include "pki/hostname.h"
#include "pki/name_constraints.h"
#include "pki/trust.h"
#include "pki/verdict.h"
#include "pki/verify.h"
#include "pki/x509_name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.b.example.com", "192.0.2.1", "2001:db8::1" };
	struct mx_verify_opts opts = {
		.time = 1700000000, .purpose = MX_PURPOSE_SERVER, .peer_name = "www.example.com",
	};
	struct mx_trust_store ts;
	struct mx_verify_result res;
	struct mx_x509 *c;
	psCertVerdict_t *v;
	char buf[512];
	size_t i;

	if (mx_x509_parse(data, size, &c))
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		mx_x509_match_name(c, names[i]);
	mx_name_format(&c->subject, buf, sizeof(buf));
	mx_name_format(&c->issuer, buf, sizeof(buf));
	if (c->ext & MX_EXT_NAME_CONS)
		mx_nc_check(c, c, true);

	mx_trust_init(&ts);
	if (!mx_trust_add_der(&ts, data, size)) {
		const struct mx_x509 *peer[1] = { c };

		mx_x509_verify(peer, 1, &ts, &opts, &res);
		v = mx_cert_verdict(&res, &ts);
		psCertVerdictFree(v);
	}
	mx_trust_clear(&ts);
	mx_x509_free(c);
	return 0;
}
