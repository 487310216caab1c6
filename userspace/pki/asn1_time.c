// SPDX-License-Identifier: GPL-2.0
/*
 * ASN.1 time values, converted with the proleptic Gregorian calendar.
 */
#include <errno.h>
#include <stdio.h>

#include "pki/asn1_time.h"

/* n decimal digits at p; -1 when one is not a digit. */
static int digits(const uint8_t *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d. Counting years from March makes the leap
 * day the last day of its year, so whole 400-year eras and March-based
 * month lengths (153 days per five months) give the count directly.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int mx_asn1_time(uint8_t tag, const struct mx_der *val, int64_t *out)
{
	const uint8_t *p = val->p;
	int64_t year;
	int mon, day, hh, mm, ss;

	if (tag == MX_DER_UTC_TIME && val->len == 13) {
		year = digits(p, 2);
		if (year < 0)
			return -EBADMSG;
		/* RFC 5280: YY >= 50 is 19YY, else 20YY. */
		year += year >= 50 ? 1900 : 2000;
		p += 2;
	} else if (tag == MX_DER_GENERALIZED_TIME && val->len == 15) {
		year = digits(p, 4);
		if (year < 0)
			return -EBADMSG;
		p += 4;
	} else {
		return -EBADMSG;
	}
	mon = digits(p, 2);
	day = digits(p + 2, 2);
	hh = digits(p + 4, 2);
	mm = digits(p + 6, 2);
	ss = digits(p + 8, 2);
	if (p[10] != 'Z' || mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, mon) ||
	    hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -EBADMSG;
	*out = days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

int mx_asn1_get_time(struct mx_der *cur, int64_t *out)
{
	struct mx_der v;
	uint8_t tag;

	if (mx_der_next(cur, &tag, &v, NULL))
		return -EBADMSG;
	return mx_asn1_time(tag, &v, out);
}

void mx_asn1_time_format(int64_t t, char *buf)
{
	int64_t days = t / 86400, secs = t % 86400, y;
	int m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, 24, "%04d-%02d-%02d %02d:%02d:%02d UTC", (int)y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
