/* calendar.c - /api/v1/calendar: the working-day calendar (holidays and 调休 working days)
 * that problem and appeal deadlines are counted in, and the deadline calculator. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/text.h"
#include "../store/store.h"
#include "../util/date.h"

enum { CALENDAR_MAX_DAYS = 366, CALENDAR_NAME_MAX = 50, DEADLINE_MAX_DAYS = 1000 };

static const char *const weekday_names[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static json_t *year_json(const struct calendar_year *y)
{
	json_t *days = json_array(), *years = json_array();

	for (size_t i = 0; i < y->ndays; i++)
		json_array_append_new(days, json_pack("{s:s, s:s, s:s}", "date", y->days[i].date,
						      "kind", y->days[i].kind,
						      "name", y->days[i].name));
	for (size_t i = 0; i < y->nyears; i++)
		json_array_append_new(years, json_integer(y->years[i]));
	return json_pack("{s:i, s:b, s:o, s:o}", "year", y->year, "covered", y->covered,
			 "covered_years", years, "days", days);
}

int calendar_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"year", NULL};
	struct calendar_year y;
	int64_t year;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "year", 1900, 2999, date_shanghai(time(NULL)).y,
				    &year)))
		return status;
	rc = store_calendar_year(req->store, (int)year, req->arena, &y);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_json(res, 200, year_json(&y));
}

/* One row of a PUT: {date, kind, name}, all required.  A working day must fall on a weekend
 * (that is what 调休 is); a holiday may fall on any day, because a break lists the weekend
 * days inside it too. */
static void decode_day(json_t *v, size_t i, int year, struct arena *a, struct verrors *errs,
		       struct calendar_day *d)
{
	char f[VERR_FIELD_LEN];
	const char *key;
	json_t *m;
	struct ymd ymd;

	memset(d, 0, sizeof(*d));
	if (!json_is_object(v)) {
		snprintf(f, sizeof(f), "days[%zu]", i);
		verr_add(errs, f, "type", "must be an object {date, kind, name}");
		return;
	}
	json_object_foreach(v, key, m) {
		if (!strcmp(key, "date") || !strcmp(key, "kind") || !strcmp(key, "name"))
			continue;
		snprintf(f, sizeof(f), "days[%zu].%s", i, key);
		verr_add(errs, f, "unknown", "is not a field of a calendar day");
	}
	snprintf(f, sizeof(f), "days[%zu].date", i);
	jd_str_required(json_object_get(v, "date"), f, a, errs, &d->date);
	if (d->date) {
		if (date_parse_iso(d->date, &ymd) != 0) {
			verr_add(errs, f, "invalid", "must be a date YYYY-MM-DD");
			d->date = NULL;
		} else if (ymd.y != year) {
			verr_add(errs, f, "invalid", "%s is not in %d", d->date, year);
			d->date = NULL;
		}
	}
	snprintf(f, sizeof(f), "days[%zu].kind", i);
	jd_str_required(json_object_get(v, "kind"), f, a, errs, &d->kind);
	if (d->kind && strcmp(d->kind, "holiday") != 0 && strcmp(d->kind, "workday") != 0) {
		verr_add(errs, f, "invalid", "must be holiday (a day off) or workday (a weekend"
			 " day made a working day)");
		d->kind = NULL;
	}
	if (d->date && d->kind && strcmp(d->kind, "workday") == 0 && date_weekday(ymd) < 5)
		verr_add(errs, f, "invalid", "%s is a %s, a working day anyway; only a Saturday or"
			 " Sunday can be made a working day", d->date, weekday_names[date_weekday(ymd)]);
	snprintf(f, sizeof(f), "days[%zu].name", i);
	jd_str_required(json_object_get(v, "name"), f, a, errs, &d->name);
	if (d->name && text_chars(d->name) > CALENDAR_NAME_MAX)
		verr_add(errs, f, "too_long", "is longer than %d characters", CALENDAR_NAME_MAX);
}

int calendar_put(struct request *req, struct response *res)
{
	struct calendar_year y;
	struct calendar_day *days = NULL;
	struct verrors errs;
	json_t *body, *list, *v;
	int64_t year = api_param_id(req, 0);
	struct calendar_redated redated;
	size_t n = 0, i;
	int status;
	enum gl_err rc;

	if (year < 1900 || year > 2999)
		return api_error(res, 404, "not_found", NULL, "the calendar has years 1900 to 2999");
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	static const char *const fields[] = {"days", NULL};
	jd_known(body, fields, NULL, &errs);
	list = json_object_get(body, "days");
	if (!list || !json_is_array(list) || json_array_size(list) == 0)
		verr_add(&errs, "days", list && !json_is_array(list) ? "type" : "required",
			 "must list the year's holidays and working days (at least one)");
	else if (json_array_size(list) > CALENDAR_MAX_DAYS)
		verr_add(&errs, "days", "too_many", "a year has at most %d days", CALENDAR_MAX_DAYS);
	else {
		n = json_array_size(list);
		days = arena_alloc(req->arena, n * sizeof(*days));
		if (!days) {
			json_decref(body);
			return api_fail(res, GL_ENOMEM, NULL);
		}
		json_array_foreach(list, i, v)
			decode_day(v, i, (int)year, req->arena, &errs, &days[i]);
		for (i = 1; i < n; i++)
			for (size_t j = 0; days[i].date && j < i; j++)
				if (days[j].date && strcmp(days[i].date, days[j].date) == 0) {
					char f[VERR_FIELD_LEN];

					snprintf(f, sizeof(f), "days[%zu].date", i);
					verr_add(&errs, f, "duplicate", "%s is listed already as"
						 " days[%zu]", days[i].date, j);
					break;
				}
	}
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_calendar_replace(req->store, (int)year, days, n, req->arena, &redated);
	if (rc == GL_OK)
		rc = store_calendar_year(req->store, (int)year, req->arena, &y);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *o = year_json(&y);
	json_object_set_new(o, "redated_problems", json_integer(redated.problems));
	json_object_set_new(o, "redated_arrangements", json_integer(redated.arrangements));
	return api_json(res, 200, o);
}

int calendar_deadline(struct request *req, struct response *res)
{
	static const char *const known[] = {"from", "days", NULL};
	struct calendar cal;
	struct ymd from, due;
	const char *text;
	char buf[11];
	bool fallback = false;
	int64_t days;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "from", &text)) ||
	    (status = api_query_int(req, res, "days", 0, DEADLINE_MAX_DAYS, -1, &days)))
		return status;
	if (!text || date_parse_iso(text, &from) != 0)
		return api_error(res, 400, "bad_parameter", "from",
				 "from must be a date YYYY-MM-DD");
	if (days < 0)
		return api_error(res, 400, "bad_parameter", "days",
				 "days (working days, 0 to %d) is required", DEADLINE_MAX_DAYS);
	rc = store_calendar_load(req->store, req->arena, &cal);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	due = workday_add(&cal, from, (int)days, &fallback);
	json_t *o = json_pack("{s:s, s:I, s:s, s:b}", "from", text, "days", (json_int_t)days,
			      "due_on", date_format_iso(due, buf, sizeof(buf)),
			      "fallback", fallback);
	if (fallback) {
		char years[128] = "";
		size_t len = 0;

		for (size_t i = 0; i < cal.nyears && len < sizeof(years); i++)
			len += (size_t)snprintf(years + len, sizeof(years) - len, "%s%d",
						i ? ", " : "", cal.years[i]);
		json_object_set_new(o, "note", json_string(arena_printf(
			req->arena, "the count reaches a year the calendar does not cover (it covers"
			" %s): Monday to Friday were taken as working days there, without holidays",
			len ? years : "no year")));
	}
	return api_json(res, 200, o);
}
