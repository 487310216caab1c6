// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: PEM files as each loader reads them: certificate
 * bundles into a trust store, private keys (legacy encrypted ones too),
 * DH parameters.
 */
#include <stddef.h>
#include <stdint.h>

#include "pki/dhparams.h"
#include "pki/pem.h"
#include "pki/privkey.h"
#include "pki/trust.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_key_opts opts = { .password = "fuzz", .kdf_budget = 64 };
	const char *pos = (const char *)data, *end = pos + size;
	struct mx_trust_store ts;
	struct mx_pem_block blk;
	struct mx_pki_dh dh;
	struct mx_privkey key;

	while (mx_pem_next(&pos, end, &blk) > 0)
		mx_pem_block_clear(&blk);
	if (!mx_pem_present(data, size))
		return 0;
	mx_trust_init(&ts);
	mx_trust_add_buf(&ts, data, size, NULL);
	mx_trust_clear(&ts);
	if (!mx_privkey_parse(data, size, &opts, &key))
		mx_privkey_clear(&key);
	if (!mx_pki_dh_parse(data, size, &dh))
		mx_pki_dh_clear(&dh);
	return 0;
}
