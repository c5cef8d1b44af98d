/* rates.c - the facts the three rates are judged on (domain/rates.h), read per item from
 * appeals and their events, arrangements and project problems, grouped as asked. */
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/problem.h"

const char *const rate_kind_names[RATE_KIND__MAX] = {"appeals", "arrangements", "problems"};
const char *const rate_group_names[RATE_GROUP__MAX] = {
	"unit", "category", "channel", "period:month", "period:quarter", "period:year",
};

/* MOD_RATES is shared with duplicates.c, which uses the slots from 16 on. */
enum { RT_APPEALS, RT_ARRANGEMENTS, RT_PROBLEMS, RT__MAX };

/* Columns, the same for the three kinds: id, day (of submission), unit id, unit name,
 * category, category name, channel, then the facts.  ?1 as_of, ?2 from, ?3 to, ?4 unit,
 * ?5 category, ?6 channel, ?7 the scope's units (JSON array) or NULL. */
static const char *const rt_sql[RT__MAX] = {
	/* The facts as they stood at the end of as_of: only events of that day or before
	 * count.  An appeal is either accepted or declined (decline is final, accept only
	 * leaves submitted), so the first of the two is the response.  A closed appeal keeps
	 * the rating that closed it (appeal.rating); before closing, a reopening means the
	 * latest rating was 不满意.  Merged appeals are their target's duplicates. */
	[RT_APPEALS] =
		"SELECT ap.id, substr(ap.submitted_at, 1, 10), ap.lead_unit_id, u.name, ap.category,"
		" c.name, ap.channel, ap.accept_due_on, ap.answer_due_on, ap.rating,"
		" min(CASE WHEN ev.kind IN ('accept', 'decline') THEN substr(ev.at, 1, 10) END),"
		" coalesce(max(ev.kind = 'decline'), 0),"
		" min(CASE WHEN ev.kind = 'answer' THEN substr(ev.at, 1, 10) END),"
		" coalesce(max(ev.kind = 'close'), 0), coalesce(sum(ev.kind = 'reopen'), 0)"
		" FROM appeal ap JOIN appeal_category c ON c.code = ap.category"
		" LEFT JOIN unit u ON u.id = ap.lead_unit_id"
		" LEFT JOIN appeal_event ev ON ev.appeal_id = ap.id"
		"  AND ev.kind IN ('accept', 'decline', 'answer', 'close', 'reopen')"
		"  AND substr(ev.at, 1, 10) <= ?1"
		" WHERE ap.merged_into IS NULL AND substr(ap.submitted_at, 1, 10) <= ?1"
		" AND (?2 IS NULL OR substr(ap.submitted_at, 1, 10) >= ?2)"
		" AND (?3 IS NULL OR substr(ap.submitted_at, 1, 10) <= ?3)"
		" AND (?4 IS NULL OR ap.lead_unit_id = ?4) AND (?5 IS NULL OR ap.category = ?5)"
		" AND (?6 IS NULL OR ap.channel = ?6)"
		" AND (?7 IS NULL OR ap.lead_unit_id IN (SELECT value FROM json_each(?7)))"
		" GROUP BY ap.id",
	/* An arrangement made at a session without an appeal came from the table: onsite. */
	[RT_ARRANGEMENTS] =
		"SELECT x.id, x.made_on, x.unit_id, u.name, ap.category, c.name,"
		" coalesce(ap.channel, 'onsite'), x.due_on, x.status, x.done_on, x.cancelled_on,"
		" x.reopen_count"
		" FROM arrangement x JOIN unit u ON u.id = x.unit_id"
		" LEFT JOIN appeal ap ON ap.id = x.appeal_id"
		" LEFT JOIN appeal_category c ON c.code = ap.category"
		" WHERE x.made_on <= ?1 AND (?2 IS NULL OR x.made_on >= ?2)"
		" AND (?3 IS NULL OR x.made_on <= ?3) AND (?4 IS NULL OR x.unit_id = ?4)"
		" AND (?5 IS NULL OR ap.category = ?5)"
		" AND (?6 IS NULL OR coalesce(ap.channel, 'onsite') = ?6)"
		" AND (?7 IS NULL OR x.unit_id IN (SELECT value FROM json_each(?7)))",
	[RT_PROBLEMS] =
		"SELECT p.id, p.opened_on, p.unit_id, u.name, p.type, NULL, NULL, p.due_on,"
		" p.status, p.resolved_on"
		" FROM problem p JOIN unit u ON u.id = p.unit_id"
		" WHERE p.opened_on <= ?1 AND (?2 IS NULL OR p.opened_on >= ?2)"
		" AND (?3 IS NULL OR p.opened_on <= ?3) AND (?4 IS NULL OR p.unit_id = ?4)"
		" AND (?5 IS NULL OR p.type = ?5) AND ?6 IS NULL"
		" AND (?7 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?7)))",
};

static bool col_day(sqlite3_stmt *st, int i, struct ymd *d)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	char day[11];

	if (!t)
		return false;
	snprintf(day, sizeof(day), "%.10s", t);
	return date_parse_iso(day, d) == 0;
}

static const char *channel_label(const char *c)
{
	static const char *const names[][2] = {
		{"onsite", "现场"}, {"online", "网上"}, {"proxy", "代办"}, {"hotline", "12345"},
	};

	for (size_t i = 0; c && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(c, names[i][0]) == 0)
			return names[i][1];
	return c;
}

/* The facts of the current row of st, by kind. */
static void read_facts(enum rate_kind kind, sqlite3_stmt *st, struct ymd as_of,
		       struct rate_facts *f)
{
	int64_t today = date_to_days(as_of);
	struct ymd d;

	memset(f, 0, sizeof(*f));
	if (kind == RATE_KIND_APPEALS) {
		const char *rating = (const char *)sqlite3_column_text(st, 9);

		col_day(st, 7, &f->accept_due);
		f->has_answer_due = col_day(st, 8, &f->answer_due);
		f->has_response = col_day(st, 10, &f->responded);
		f->declined = f->has_response && sqlite3_column_int(st, 11);
		f->accepted = f->responded;
		f->has_answer = col_day(st, 12, &f->first_answer);
		f->closed = sqlite3_column_int(st, 13);
		f->reopened = sqlite3_column_int(st, 14);
		if (f->closed && rating && strcmp(rating, "satisfied") == 0)
			f->rating = RATE_SATISFIED;
		else if (f->closed && rating && strcmp(rating, "basic") == 0)
			f->rating = RATE_BASIC;
		else if (f->closed && rating)
			f->rating = RATE_UNSATISFIED;
		else if (f->reopened)
			f->rating = RATE_UNSATISFIED;
		return;
	}
	/* Arrangements and problems: there is no response step (made or opened is taken up),
	 * the answer is done / resolved, on time against due_on. */
	const char *status = (const char *)sqlite3_column_text(st, 8);
	col_day(st, 1, &f->accepted);
	f->accept_due = f->responded = f->accepted;
	f->has_response = true;
	f->has_answer_due = col_day(st, 7, &f->answer_due);
	if (kind == RATE_KIND_ARRANGEMENTS) {
		f->declined = status && strcmp(status, "cancelled") == 0 && col_day(st, 10, &d) &&
			      date_to_days(d) <= today;
		f->has_answer = status && strcmp(status, "done") == 0 &&
				col_day(st, 9, &f->first_answer) &&
				date_to_days(f->first_answer) <= today;
		f->reopened = sqlite3_column_int(st, 11);
	} else {
		f->has_answer = status && strcmp(status, "resolved") == 0 &&
				col_day(st, 9, &f->first_answer) &&
				date_to_days(f->first_answer) <= today;
	}
	f->closed = f->has_answer;
}

/* The group key and name of the current row. */
static void group_of(const struct rate_query *q, sqlite3_stmt *st, struct arena *a,
		     const char **key, const char **name, int64_t *unit_id)
{
	const char *day = (const char *)sqlite3_column_text(st, 1);
	int y = 0, m = 0;

	*unit_id = 0;
	if (day)
		sscanf(day, "%4d-%2d", &y, &m);
	switch (q->group) {
	case RATE_BY_UNIT:
		*unit_id = sqlite3_column_int64(st, 2);
		*key = *unit_id ? arena_printf(a, "%lld", (long long)*unit_id) : "none";
		*name = *unit_id ? col_text(st, 3, a) : "未分派";
		break;
	case RATE_BY_CATEGORY:
		*key = col_text(st, 4, a);
		*name = col_text(st, 5, a);
		if (q->kind == RATE_KIND_PROBLEMS && *key) {
			int t = problem_type_parse(*key);

			*name = t >= 0 ? problem_types[t].name : *key;
		}
		if (!*key) {
			*key = "none";
			*name = "无";
		}
		break;
	case RATE_BY_CHANNEL:
		*key = col_text(st, 6, a);
		*name = channel_label(*key);
		if (!*key)
			*key = *name = "none";
		break;
	case RATE_BY_MONTH:
		*key = arena_printf(a, "%04d-%02d", y, m);
		*name = arena_printf(a, "%d年%d月", y, m);
		break;
	case RATE_BY_QUARTER:
		*key = arena_printf(a, "%04d-Q%d", y, (m + 2) / 3);
		*name = arena_printf(a, "%d年第%d季度", y, (m + 2) / 3);
		break;
	default:
		*key = arena_printf(a, "%04d", y);
		*name = arena_printf(a, "%d年", y);
		break;
	}
}

static int cell_cmp(const void *pa, const void *pb)
{
	const struct rate_cell *x = pa, *y = pb;

	if (x->unit_id != y->unit_id) {
		if (!x->unit_id || !y->unit_id)     /* "none" after the units */
			return x->unit_id ? -1 : 1;
		return (x->unit_id > y->unit_id) - (x->unit_id < y->unit_id);
	}
	return strcmp(x->key, y->key);
}

enum gl_err store_rates(struct store *s, const struct rate_query *q, struct arena *a,
			struct rate_result *out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, (int)q->kind, rt_sql);
	struct calendar cal;
	size_t cap = 16;
	char asof[11];
	int r;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_calendar_load(s, a, &cal)) != GL_OK)
		return rc;
	if (!st)
		return GL_EDB;
	out->cells = arena_alloc(a, cap * sizeof(*out->cells));
	if (!out->cells)
		return GL_ENOMEM;
	bind_text(st, 1, date_format_iso(q->as_of, asof, sizeof(asof)));
	bind_text(st, 2, q->from);
	bind_text(st, 3, q->to);
	bind_id(st, 4, q->unit_id);
	bind_text(st, 5, q->category);
	bind_text(st, 6, q->channel);
	if (q->scope && q->scope->restricted)
		bind_text(st, 7, scope_units_json(q->scope, a));
	/* Items of one group usually come together (ids grow with time), so the last cell is
	 * tried first; otherwise a linear search over a few dozen cells. */
	size_t last = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct rate_facts f;
		struct rate_item it;
		const char *key, *name;
		int64_t unit_id;
		size_t i;

		read_facts(q->kind, st, q->as_of, &f);
		rates_judge(&cal, &f, q->as_of, &it);
		rates_add(&out->total, &it);
		group_of(q, st, a, &key, &name, &unit_id);
		if (!key)
			continue;
		if (last < out->ncells && strcmp(out->cells[last].key, key) == 0) {
			i = last;
		} else {
			for (i = 0; i < out->ncells && strcmp(out->cells[i].key, key) != 0; i++)
				;
		}
		if (i == out->ncells) {
			if (i == cap) {
				struct rate_cell *more = arena_alloc(a, 2 * cap * sizeof(*more));

				if (!more) {
					sqlite3_reset(st);
					return GL_ENOMEM;
				}
				memcpy(more, out->cells, cap * sizeof(*more));
				out->cells = more;
				cap *= 2;
			}
			memset(&out->cells[i], 0, sizeof(out->cells[i]));
			out->cells[i].key = key;
			out->cells[i].name = name;
			out->cells[i].unit_id = unit_id;
			out->ncells++;
		}
		rates_add(&out->cells[i].acc, &it);
		last = i;
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "rates");
	qsort(out->cells, out->ncells, sizeof(*out->cells), cell_cmp);
	return GL_OK;
}
