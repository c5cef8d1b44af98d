/* workday.h - working days (工作日) in the official calendar, Asia/Shanghai.
 *
 * A working day is Monday-Friday, minus public holidays, plus the weekend days the State
 * Council makes working days (调休上班).  Deadlines are counted in working days: a deadline
 * of N working days from a day D is the end of the N-th working day after D.
 *
 * The calendar covers the years whose schedule has been loaded.  A day in any other year is
 * judged Monday-Friday, and every function that met such a day says so through *fallback,
 * so that an answer built on a guess can be labelled as one.
 */
#ifndef GL_WORKDAY_H
#define GL_WORKDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"

struct calendar {
	const int64_t *holidays;  /* days since 1970-01-01, ascending */
	size_t nholidays;
	const int64_t *workdays;  /* weekend days made working days, ascending */
	size_t nworkdays;
	const int *years;         /* years whose schedule is loaded, ascending */
	size_t nyears;
};

/* Is d a working day?  *fallback (may be NULL) is set to true when d's year is not covered. */
bool workday_is(const struct calendar *c, struct ymd d, bool *fallback);

/* The n-th working day after d (n >= 1; n <= 0 gives d itself).  *fallback (may be NULL) is
 * set to true when any day counted lies in a year the calendar does not cover. */
struct ymd workday_add(const struct calendar *c, struct ymd d, int n, bool *fallback);

/* How many working days lie after a, up to and including b: 0 when b <= a.  So a deadline
 * workday_add(c, a, n) is met by a day b when workday_between(c, a, b) <= n. */
int workday_between(const struct calendar *c, struct ymd a, struct ymd b, bool *fallback);

/* Is year covered by the loaded schedule? */
bool workday_covers(const struct calendar *c, int year);

#endif
