// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: PKCS#12 files (password "fuzz"), with key derivation
 * held to a small budget.
 */
#include <stddef.h>
#include <stdint.h>

#include "pki/pkcs12.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_key_opts opts = { .password = "fuzz", .kdf_budget = 256 };
	struct mx_pkcs12 p12;

	if (!mx_pkcs12_parse(data, size, &opts, &p12))
		mx_pkcs12_clear(&p12);
	return 0;
}
