// SPDX-License-Identifier: GPL-2.0
#include "crypto/bn_ifma.h"

struct mx_ifma *mx_ifma_new(const struct mx_mont *mc)
{
	return NULL;
}

void mx_ifma_free(struct mx_ifma *f)
{
}

int mx_ifma_exp(const struct mx_mont *mc, mx_limb *r, const mx_limb *a,
		const mx_limb *e, size_t ebits)
{
	return -1;
}

int mx_ifma_can_pair(const struct mx_ifma *f1, const struct mx_ifma *f2)
{
	return 0;
}

int mx_ifma_exp2(const struct mx_mont *m1, mx_limb *r1, const mx_limb *a1, const mx_limb *e1,
		 const struct mx_mont *m2, mx_limb *r2, const mx_limb *a2, const mx_limb *e2,
		 size_t ebits)
{
	return -1;
}
