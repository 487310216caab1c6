/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mxtls KUnit: the shape of the known-answer records in record_kat.h.
 */
#ifndef _MXTLS_KUNIT_KAT_H
#define _MXTLS_KUNIT_KAT_H

#include <linux/types.h>

/*
 * One record of kat->wire, in order. An application record's plaintext is
 * plain_len bytes of mxtls_kunit_pattern(seed); an alert is close_notify.
 */
struct mxtls_kat_record {
	u8 type;
	u16 plain_len;
	u32 seed;
	u32 off, len;		/* in kat->wire, header included */
};

/* Records one writer sealed, and that writer's keys */
struct mxtls_kat {
	const char *name;
	u16 version, suite;
	bool etm;
	u64 seq;		/* of the first record */
	u32 keystream_offset;
	const u8 *key, *mac_key, *iv;
	unsigned int key_len, mac_key_len, iv_len;
	const u8 *wire;
	const struct mxtls_kat_record *records;
	unsigned int n_records;
};

#endif /* _MXTLS_KUNIT_KAT_H */
