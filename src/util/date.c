/* date.c - Gregorian dates and Asia/Shanghai timestamps by plain arithmetic on time_t.
 *
 * Asia/Shanghai is taken as a fixed UTC+8, so no libc timezone call (localtime_r, TZ, tzdata)
 * is made and results cannot depend on the host.  tzdata differs only for the summers of
 * 1986-1991 (daylight saving) and before 1901, long before any record kept here.
 */
#include <stdio.h>

#include "date.h"

#define SECS_PER_DAY 86400
#define SHANGHAI_OFFSET (8 * 3600)

/* Days from 0000-03-01 to 1970-01-01 in the algorithms below. */
#define EPOCH_SHIFT 719468
/* Days in 400 Gregorian years, the period of the calendar. */
#define DAYS_PER_ERA 146097
/* The four-digit years, 0000-01-01 to 9999-12-31, as day numbers. */
#define DAYS_MIN (-EPOCH_SHIFT - 60)
#define DAYS_MAX 2932896

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil: years start on 1 March so that the leap day is the last
 * day of a year, and 400-year eras make the arithmetic the same for every era. */
int64_t date_to_days(struct ymd d)
{
	int64_t y = (int64_t)d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                              /* 0..399 */
	int64_t doy = (153 * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */

	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

/* The inverse, civil_from_days. */
struct ymd date_from_days(int64_t days)
{
	int64_t z = days + EPOCH_SHIFT;
	int64_t era = (z >= 0 ? z : z - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
	int64_t doe = z - era * DAYS_PER_ERA;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / (DAYS_PER_ERA - 1)) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153; /* month counted from March */
	struct ymd r;

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

int date_weekday(struct ymd d)
{
	/* Day 0 was a Thursday (3); % may be negative before 1970. */
	return (int)((date_to_days(d) % 7 + 7 + 3) % 7);
}

/* Split t into a Shanghai day number and second of that day, without overflowing near the
 * ends of time_t. */
static void shanghai_split(time_t t, int64_t *days, int *secs)
{
	int64_t s = (int64_t)t % SECS_PER_DAY;

	*days = (int64_t)t / SECS_PER_DAY;
	if (s < 0) {
		s += SECS_PER_DAY;
		(*days)--;
	}
	s += SHANGHAI_OFFSET;
	if (s >= SECS_PER_DAY) {
		s -= SECS_PER_DAY;
		(*days)++;
	}
	*secs = (int)s;
}

struct ymd date_shanghai(time_t t)
{
	int64_t days;
	int secs;

	shanghai_split(t, &days, &secs);
	return date_from_days(days);
}

int date_parse_iso(const char *s, struct ymd *out)
{
	static const char shape[] = "dddd-dd-dd";
	struct ymd d;

	/* Checked left to right, so a short string stops at its NUL. */
	for (int i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return -1;
	}
	if (s[10] != '\0')
		return -1;

	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (d.y < 1900 || d.y > 2999 || d.d < 1 || d.d > date_days_in_month(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

/* Four-digit years only: anything else would not be ISO 8601's basic form. */
static int printable(struct ymd d)
{
	return d.y >= 0 && d.y <= 9999 && d.d >= 1 && d.d <= date_days_in_month(d.y, d.m);
}

char *date_format_timestamp(time_t t, char *buf, size_t size)
{
	int64_t days;
	int secs;
	struct ymd d;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	shanghai_split(t, &days, &secs);
	/* Keep date_from_days() to 4-digit years, where its int fields cannot overflow. */
	if (days < DAYS_MIN || days > DAYS_MAX)
		return buf;
	d = date_from_days(days);
	if (size < 26 || !printable(d))
		return buf;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", d.y, d.m, d.d, secs / 3600,
		 secs / 60 % 60, secs % 60);
	return buf;
}

char *date_format_iso(struct ymd d, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (size < 11 || !printable(d))
		return buf;
	snprintf(buf, size, "%04d-%02d-%02d", d.y, d.m, d.d);
	return buf;
}
