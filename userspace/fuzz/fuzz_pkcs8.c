// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: DER private keys: PKCS#8 PrivateKeyInfo and
 * EncryptedPrivateKeyInfo (password "fuzz"), PKCS#1, SEC1. Key derivation
 * is held to a small budget so hostile iteration counts cost nothing.
 */
#include <stddef.h>
#include <stdint.h>

#include "pki/privkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mx_key_opts opts = { .password = "fuzz", .kdf_budget = 64 };
	struct mx_privkey key;

	if (!mx_privkey_parse(data, size, &opts, &key))
		mx_privkey_clear(&key);
	return 0;
}
