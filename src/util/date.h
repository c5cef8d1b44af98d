/* date.h - calendar dates and timestamps, Asia/Shanghai (UTC+8, no daylight saving).
 *
 * The API speaks ISO 8601: dates as "2023-02-03", timestamps as "2023-02-03T09:30:00+08:00".
 */
#ifndef GL_DATE_H
#define GL_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct ymd {
	int y, m, d;
};

/* Parse exactly "YYYY-MM-DD" (a real Gregorian date, years 1900-2999).  0 on success, -1 else. */
int date_parse_iso(const char *s, struct ymd *out);

/* Days in month m of year y. */
int date_days_in_month(int y, int m);

/* Days since 1970-01-01 for a valid date, and back (for days whose year fits an int). */
int64_t date_to_days(struct ymd d);
struct ymd date_from_days(int64_t days);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(struct ymd d);

/* Today in Asia/Shanghai for the given UTC time. */
struct ymd date_shanghai(time_t t);

/* "2023-02-03T09:30:00+08:00" for a UTC time; buf needs 26 bytes.  Returns buf, which holds
 * "" when it is too small or the year is not 0000-9999. */
char *date_format_timestamp(time_t t, char *buf, size_t size);

/* "2023-02-03"; buf needs 11 bytes.  Returns buf, which holds "" when it is too small or d is
 * not a real date in years 0000-9999. */
char *date_format_iso(struct ymd d, char *buf, size_t size);

#endif
