/* calendar.c - the working-day calendar: official holidays and 调休 working days. */
#include "store-int.h"

#include <string.h>

#include "../domain/workday.h"

enum {
	CAL_DAYS,
	CAL_YEARS,
	CAL__MAX
};

static const char *const cal_sql[CAL__MAX] = {
	[CAL_DAYS] = "SELECT day, kind FROM ref_holiday ORDER BY day",
	[CAL_YEARS] = "SELECT year FROM ref_calendar_year ORDER BY year",
};

static sqlite3_stmt *cal(struct store *s, int i)
{
	return mod_stmt(s, MOD_CALENDAR, i, cal_sql);
}

enum gl_err store_calendar_load(struct store *s, struct arena *a, struct calendar *out)
{
	sqlite3_stmt *st = cal(s, CAL_DAYS);
	int64_t *hol = NULL, *work = NULL;
	int *years = NULL;
	size_t nh = 0, nw = 0, ny = 0, cap = 0, ycap = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *day = (const char *)sqlite3_column_text(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		struct ymd d;
		int64_t **v;
		size_t *n;

		if (!day || !kind || date_parse_iso(day, &d) != 0)
			continue;
		if (nh == cap || nw == cap) {
			/* Both arrays grow together: the whole schedule is a few hundred rows. */
			size_t ncap = cap ? cap * 2 : 256;
			int64_t *h2 = arena_alloc(a, ncap * sizeof(*h2));
			int64_t *w2 = arena_alloc(a, ncap * sizeof(*w2));

			if (!h2 || !w2)
				return GL_ENOMEM;
			if (nh)
				memcpy(h2, hol, nh * sizeof(*h2));
			if (nw)
				memcpy(w2, work, nw * sizeof(*w2));
			hol = h2;
			work = w2;
			cap = ncap;
		}
		v = strcmp(kind, "workday") == 0 ? &work : &hol;
		n = v == &work ? &nw : &nh;
		(*v)[(*n)++] = date_to_days(d);
	}
	if (r != SQLITE_DONE)
		return store_fail(s, "read holidays");
	st = cal(s, CAL_YEARS);
	if (!st)
		return GL_EDB;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (ny == ycap) {
			size_t ncap = ycap ? ycap * 2 : 16;
			int *y2 = arena_alloc(a, ncap * sizeof(*y2));

			if (!y2)
				return GL_ENOMEM;
			if (ny)
				memcpy(y2, years, ny * sizeof(*y2));
			years = y2;
			ycap = ncap;
		}
		years[ny++] = sqlite3_column_int(st, 0);
	}
	if (r != SQLITE_DONE)
		return store_fail(s, "read calendar years");
	out->holidays = hol;
	out->nholidays = nh;
	out->workdays = work;
	out->nworkdays = nw;
	out->years = years;
	out->nyears = ny;
	return GL_OK;
}
