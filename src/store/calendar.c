/* calendar.c - the working-day calendar: official holidays and 调休 working days. */
#include "problem-int.h"

#include <stdio.h>
#include <string.h>

#include "../domain/workday.h"

enum {
	CAL_DAYS,
	CAL_YEARS,
	CAL_YEAR_DAYS,
	CAL_DELETE_YEAR,
	CAL_INSERT,
	CAL_COVER,
	CAL__MAX
};

static const char *const cal_sql[CAL__MAX] = {
	[CAL_DAYS] = "SELECT day, kind FROM ref_holiday ORDER BY day",
	[CAL_YEARS] = "SELECT year FROM ref_calendar_year ORDER BY year",
	/* Years are the first four characters of the day: days are stored as YYYY-MM-DD. */
	[CAL_YEAR_DAYS] =
		"SELECT day, kind, name FROM ref_holiday WHERE day >= ?1 || '-01-01'"
		" AND day <= ?1 || '-12-31' ORDER BY day",
	[CAL_DELETE_YEAR] =
		"DELETE FROM ref_holiday WHERE day >= ?1 || '-01-01' AND day <= ?1 || '-12-31'",
	[CAL_INSERT] = "INSERT INTO ref_holiday (day, kind, name) VALUES (?1, ?2, ?3)",
	[CAL_COVER] = "INSERT OR IGNORE INTO ref_calendar_year (year) VALUES (?1)",
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

enum gl_err store_calendar_year(struct store *s, int year, struct arena *a,
				struct calendar_year *out)
{
	struct calendar known;
	char y[8];
	size_t cap = 0;
	int r;
	enum gl_err rc = store_calendar_load(s, a, &known);
	sqlite3_stmt *st;

	memset(out, 0, sizeof(*out));
	if (rc != GL_OK)
		return rc;
	out->year = year;
	out->covered = workday_covers(&known, year);
	out->years = known.years;
	out->nyears = known.nyears;
	if (!(st = cal(s, CAL_YEAR_DAYS)))
		return GL_EDB;
	snprintf(y, sizeof(y), "%04d", year);
	bind_text(st, 1, y);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->ndays == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct calendar_day *v = arena_alloc(a, ncap * sizeof(*v));

			if (!v) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (out->ndays)
				memcpy(v, out->days, out->ndays * sizeof(*v));
			out->days = v;
			cap = ncap;
		}
		struct calendar_day *d = &out->days[out->ndays++];
		d->date = col_text(st, 0, a);
		d->kind = col_text(st, 1, a);
		d->name = col_text(st, 2, a);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read a year of the calendar");
}

/* The days of one kind as "2024-02-10, 2024-02-11", for the audit trail. */
static const char *join_kind(struct arena *a, const struct calendar_day *days, size_t n,
			     const char *kind)
{
	const char **v = arena_alloc(a, (n ? n : 1) * sizeof(*v));
	size_t k = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(days[i].kind, kind) == 0)
			v[k++] = days[i].date;
	return k ? changes_join(a, v, k) : NULL;
}

enum gl_err store_calendar_replace(struct store *s, int year, const struct calendar_day *days,
				   size_t n, struct arena *a, struct calendar_redated *redated)
{
	struct calendar_year before;
	struct calendar known;
	struct changes c = {0};
	sqlite3_stmt *st;
	char y[8];
	enum gl_err rc = store_start(s);

	*redated = (struct calendar_redated){0};
	if (rc != GL_OK)
		return rc;
	snprintf(y, sizeof(y), "%04d", year);
	rc = store_calendar_year(s, year, a, &before);
	if (rc == GL_OK && !(st = cal(s, CAL_DELETE_YEAR)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		bind_text(st, 1, y);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "delete a year of the calendar");
		sqlite3_reset(st);
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		if (!(st = cal(s, CAL_INSERT))) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, days[i].date);
		bind_text(st, 2, days[i].kind);
		bind_text(st, 3, days[i].name);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert a calendar day");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && !(st = cal(s, CAL_COVER)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int(st, 1, year);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "mark a calendar year covered");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		changes_bool(&c, "covered", true, before.covered, true, true);
		changes_str(&c, "holidays", join_kind(a, before.days, before.ndays, "holiday"),
			    join_kind(a, days, n, "holiday"));
		changes_str(&c, "workdays", join_kind(a, before.days, before.ndays, "workday"),
			    join_kind(a, days, n, "workday"));
		rc = audit_write(s, "replace", "calendar", year, &c);
	}
	/* Due dates counted on a guessed year become exact now that it is known. */
	if (rc == GL_OK)
		rc = store_calendar_load(s, a, &known);
	if (rc == GL_OK)
		rc = problems_redate(s, &known, a, &redated->problems);
	if (rc == GL_OK)
		rc = store_arrangements_redate(s, &known, a, &redated->arrangements);
	return store_end(s, rc);
}
