/* rates.c - the facts the three rates are judged on (domain/rates.h), read per item from
 * appeals and their events, arrangements and project problems, grouped as asked; and for
 * appeals the rollup cells (sql/014_rate_cells.sql, docs/rates.md "Speed") that answer the
 * same figures without judging every appeal. */
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/problem.h"

const char *const rate_kind_names[RATE_KIND__MAX] = {"appeals", "arrangements", "problems"};
const char *const rate_group_names[RATE_GROUP__MAX] = {
	"unit", "category", "channel", "period:month", "period:quarter", "period:year",
};

enum {
	RT_APPEALS, RT_ARRANGEMENTS, RT_PROBLEMS,
	RC_CELLS, RC_DIRTY_OLD, RC_HORIZON, RC_FIRST, RC_UNITS, RC_CATS,
	RC_DIRTY_IDS, RC_FACT_GET, RC_FACT_DEL, RC_FACT_PUT, RC_CELL_GET, RC_CELL_PUT,
	RC_CELL_DEL, RC_DIRTY_DEL, RC_DIRTY_LIVE, RC_IDS_LIVE, RC_PASSED,
	RC_TL_ALL, RC_TL_IDS, RC_PEND_READ, RC_PEND_ADD, RC_PEND_DEL, RC_HIST_GET, RC_HIST_DEL,
	RC_HIST_PUT, RC_SNAP_CELLS, RC_SNAP_GET, RC_SNAP_PUT, RC_SNAP_DEL, RC_TURN_READ,
	RC_TURN_GET, RC_TURN_PUT, RC_TURN_DEL, RT__MAX
};
_Static_assert((int)RT__MAX <= (int)MOD_STMTS, "rates.c has more statements than a module's slots");

/* The filters every rollup statement shares: ?4 unit, ?5 category, ?6 channel, ?7 scope. */
#define RC_FILTERS \
	" AND (?4 IS NULL OR unit_id = ?4) AND (?5 IS NULL OR category = ?5)" \
	" AND (?6 IS NULL OR channel = ?6)" \
	" AND (?7 IS NULL OR unit_id IN (SELECT value FROM json_each(?7)))"

#define AP_SELECT \
		"SELECT ap.id, substr(ap.submitted_at, 1, 10), ap.lead_unit_id, u.name, ap.category," \
		" c.name, ap.channel, ap.accept_due_on, ap.answer_due_on, ap.rating," \
		" min(CASE WHEN ev.kind IN ('accept', 'decline') THEN substr(ev.at, 1, 10) END)," \
		" coalesce(max(ev.kind = 'decline'), 0)," \
		" min(CASE WHEN ev.kind = 'answer' THEN substr(ev.at, 1, 10) END)," \
		" coalesce(max(ev.kind = 'close'), 0), coalesce(sum(ev.kind = 'reopen'), 0)," \
		" (SELECT coalesce(sum(x.days), 0) FROM appeal_extension x WHERE x.appeal_id = ap.id" \
		"  AND x.status = 'approved' AND substr(x.decided_at, 1, 10) > ?1)"
#define AP_REST \
		" JOIN appeal_category c ON c.code = ap.category" \
		" LEFT JOIN unit u ON u.id = ap.lead_unit_id" \
		" LEFT JOIN appeal_event ev ON ev.appeal_id = ap.id" \
		"  AND ev.kind IN ('accept', 'decline', 'answer', 'close', 'reopen')" \
		"  AND substr(ev.at, 1, 10) <= ?1" \
		" WHERE ap.merged_into IS NULL AND substr(ap.submitted_at, 1, 10) <= ?1" \
		" AND (?2 IS NULL OR substr(ap.submitted_at, 1, 10) >= ?2)" \
		" AND (?3 IS NULL OR substr(ap.submitted_at, 1, 10) <= ?3)" \
		" AND (?4 IS NULL OR ap.lead_unit_id = ?4) AND (?5 IS NULL OR ap.category = ?5)" \
		" AND (?6 IS NULL OR ap.channel = ?6)" \
		" AND (?7 IS NULL OR ap.lead_unit_id IN (SELECT value FROM json_each(?7)))" \
		" GROUP BY ap.id"

/* An appeal's whole timeline in one row, for judging it as of any day in C (tl_facts): the
 * columns of AP_SELECT up to 9, then its events ('ac', 'de', 'an', 'cl', 're' + the day,
 * comma-separated) and its approved extensions ('days@decided day').  The same appeals as
 * the plain query (merged ones out, a known category). */
#define TL_SELECT \
		"SELECT ap.id, substr(ap.submitted_at, 1, 10), ap.lead_unit_id, NULL, ap.category," \
		" NULL, ap.channel, ap.accept_due_on, ap.answer_due_on, ap.rating," \
		" (SELECT group_concat(substr(ev.kind, 1, 2) || substr(ev.at, 1, 10), ',')" \
		"  FROM appeal_event ev WHERE ev.appeal_id = ap.id" \
		"  AND ev.kind IN ('accept', 'decline', 'answer', 'close', 'reopen'))," \
		" (SELECT group_concat(x.days || '@' || substr(x.decided_at, 1, 10), ',')" \
		"  FROM appeal_extension x WHERE x.appeal_id = ap.id AND x.status = 'approved'" \
		"  AND x.decided_at IS NOT NULL)"
#define TL_WHERE " JOIN appeal_category c ON c.code = ap.category WHERE ap.merged_into IS NULL"

/* Columns, the same for the three kinds: id, day (of submission), unit id, unit name,
 * category, category name, channel, then the facts.  ?1 as_of, ?2 from, ?3 to, ?4 unit,
 * ?5 category, ?6 channel, ?7 the scope's units (JSON array) or NULL. */
static const char *const rt_sql[RT__MAX] = {
	/* The facts as they stood at the end of as_of: only events of that day or before
	 * count.  An appeal is either accepted or declined (decline is final, accept only
	 * leaves submitted), so the first of the two is the response.  A closed appeal keeps
	 * the rating that closed it (appeal.rating); before closing, a reopening means the
	 * latest rating was 不满意.  Merged appeals are their target's duplicates.  Column 15:
	 * the working days of extensions approved after as_of, to take back from the
	 * deadline. */
	[RT_APPEALS] = AP_SELECT " FROM appeal ap" AP_REST,
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
	/* The rollup.  ?1 grain, ?2 and ?3 the first and last period. */
	[RC_CELLS] = "SELECT period, unit_id, category, channel, acc FROM rate_cell"
		" WHERE grain = ?1 AND period BETWEEN ?2 AND ?3" RC_FILTERS,
	/* ?8: the month-end snapshot read (NULL: none), whose item then stood for the fact's. */
	[RC_DIRTY_OLD] = "SELECT day, unit_id, category, channel, coalesce(h.item, f.item),"
		" resp_due, ans_due, turns FROM rate_fact f"
		" LEFT JOIN rate_hist h ON h.appeal_id = f.appeal_id AND h.snap = ?8"
		" WHERE f.appeal_id IN (SELECT appeal_id FROM rate_dirty)"
		" AND day >= ?2 AND day <= ?3" RC_FILTERS,
	[RC_HORIZON] = "SELECT horizon FROM rate_meta WHERE id = 1",
	[RC_FIRST] = "SELECT min(period) FROM rate_cell WHERE grain = 0",
	[RC_UNITS] = "SELECT id, name FROM unit",
	[RC_CATS] = "SELECT code, name FROM appeal_category",
	[RC_DIRTY_IDS] = "SELECT appeal_id FROM rate_dirty ORDER BY appeal_id LIMIT ?1",
	[RC_FACT_GET] = "SELECT day, unit_id, category, channel, item, resp_due, ans_due,"
		" turns FROM rate_fact WHERE appeal_id = ?1",
	[RC_FACT_DEL] = "DELETE FROM rate_fact WHERE appeal_id = ?1",
	[RC_FACT_PUT] = "INSERT OR REPLACE INTO rate_fact (appeal_id, day, unit_id, category,"
		" channel, item, resp_due, ans_due, turns)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[RC_CELL_GET] = "SELECT acc FROM rate_cell WHERE grain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5",
	[RC_CELL_PUT] = "INSERT OR REPLACE INTO rate_cell (grain, period, unit_id, category,"
		" channel, acc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[RC_CELL_DEL] = "DELETE FROM rate_cell WHERE grain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5",
	[RC_DIRTY_DEL] = "DELETE FROM rate_dirty WHERE appeal_id = ?1",
	/* The plain query on the appeals queued as dirty, and on a list of ids (?8, JSON):
	 * driven by the queue or the list, never a scan of every appeal. */
	[RC_DIRTY_LIVE] = AP_SELECT " FROM rate_dirty d CROSS JOIN appeal ap ON ap.id = d.appeal_id"
		AP_REST,
	/* Facts whose pending deadline the horizon (?1) has passed. */
	[RC_PASSED] = "SELECT appeal_id FROM rate_fact WHERE resp_due < ?1"
		" UNION ALL SELECT appeal_id FROM rate_fact WHERE ans_due < ?1",
	[RC_IDS_LIVE] = AP_SELECT " FROM json_each(?8) j CROSS JOIN appeal ap ON ap.id = j.value"
		AP_REST,
	[RC_TL_ALL] = TL_SELECT " FROM appeal ap" TL_WHERE,
	[RC_TL_IDS] = TL_SELECT " FROM json_each(?1) j CROSS JOIN appeal ap ON ap.id = j.value"
		TL_WHERE,
	/* Pending deadlines before as_of (?9) of the submission periods ?2..?3 (sgrain ?1):
	 * whole months before as_of's month (?8) by deadline month, the rest by day. */
	[RC_PEND_READ] = "SELECT period, unit_id, category, channel, kind, n FROM rate_pend"
		" WHERE sgrain = ?1 AND dgrain = 1 AND period BETWEEN ?2 AND ?3 AND due < ?8"
		RC_FILTERS
		" UNION ALL SELECT period, unit_id, category, channel, kind, n FROM rate_pend"
		" WHERE sgrain = ?1 AND dgrain = 2 AND period BETWEEN ?2 AND ?3 AND due >= ?8"
		" AND due < ?9" RC_FILTERS,
	[RC_PEND_ADD] = "INSERT INTO rate_pend (sgrain, dgrain, period, due, unit_id, category,"
		" channel, kind, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
		" ON CONFLICT DO UPDATE SET n = n + excluded.n",
	[RC_PEND_DEL] = "DELETE FROM rate_pend WHERE sgrain = ?1 AND dgrain = ?2 AND period = ?3"
		" AND due = ?4 AND unit_id = ?5 AND category = ?6 AND channel = ?7 AND kind = ?8"
		" AND n = 0",
	[RC_HIST_GET] = "SELECT snap, item FROM rate_hist WHERE appeal_id = ?1",
	[RC_HIST_DEL] = "DELETE FROM rate_hist WHERE appeal_id = ?1",
	[RC_HIST_PUT] = "INSERT OR REPLACE INTO rate_hist (appeal_id, snap, item)"
		" VALUES (?1, ?2, ?3)",
	[RC_SNAP_CELLS] = "SELECT period, unit_id, category, channel, acc FROM rate_snap"
		" WHERE snap = ?8 AND grain = ?1 AND period BETWEEN ?2 AND ?3" RC_FILTERS,
	[RC_SNAP_GET] = "SELECT acc FROM rate_snap WHERE grain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5 AND snap = ?6",
	[RC_SNAP_PUT] = "INSERT OR REPLACE INTO rate_snap (grain, period, unit_id, category,"
		" channel, acc, snap) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[RC_SNAP_DEL] = "DELETE FROM rate_snap WHERE grain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5 AND snap = ?6",
	/* The turns of the appeals submitted in period ?2 (sgrain ?1) on the days after ?8 up
	 * to ?9: one period at a time, so each read is one range of the key. */
	[RC_TURN_READ] = "SELECT period, unit_id, category, channel, acc FROM rate_turn"
		" WHERE sgrain = ?1 AND period = ?2 AND tday > ?8 AND tday <= ?9" RC_FILTERS,
	[RC_TURN_GET] = "SELECT acc FROM rate_turn WHERE sgrain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5 AND tday = ?6",
	[RC_TURN_PUT] = "INSERT OR REPLACE INTO rate_turn (sgrain, period, unit_id, category,"
		" channel, acc, tday) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[RC_TURN_DEL] = "DELETE FROM rate_turn WHERE sgrain = ?1 AND period = ?2"
		" AND unit_id = ?3 AND category = ?4 AND channel = ?5 AND tday = ?6",
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

/* The rating counted for an item: its latest rating once closed; a reopened one still open
 * was last rated 不满意 (that is what reopened it). */
static enum rate_rating rating_of(const struct rate_facts *f, const char *rating)
{
	if (f->closed && rating)
		return strcmp(rating, "satisfied") == 0 ? RATE_SATISFIED
		     : strcmp(rating, "basic") == 0 ? RATE_BASIC : RATE_UNSATISFIED;
	return f->reopened ? RATE_UNSATISFIED : f->rating;
}

/* The facts of the current row of st, by kind. */
static void read_facts(enum rate_kind kind, sqlite3_stmt *st, const struct calendar *cal,
		       struct ymd as_of, struct rate_facts *f)
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
		f->rating = rating_of(f, rating);
		/* The deadline that stood at the end of as_of: extensions approved later are
		 * taken back (they are only granted after assignment, which set the deadline). */
		int ext = sqlite3_column_int(st, 15);
		if (ext > 0 && f->has_answer_due)
			f->answer_due = rates_due_before(cal, f->answer_due, ext);
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

/* One item's or cell's place: submission day (or a cell's period: "2024", "2024-03"), lead
 * unit (0: none) and its name, category and its name, channel. */
struct place {
	const char *day;
	int64_t unit_id;
	const char *unit_name;
	const char *category, *category_name;
	const char *channel;
};

/* The groups of one answer.  Items of one group usually come together (ids grow with time,
 * cells come in key order), so the last group is tried first; otherwise a linear search over
 * a few dozen groups. */
struct groups {
	const struct rate_query *q;
	struct arena *a;
	struct rate_cell *cells;
	size_t n, cap, last;
};

/* The key of p's group into key; its name only when asked (a new group). */
static void group_key(const struct rate_query *q, const struct place *p, char key[32],
		      struct arena *a, const char **name)
{
	int y = 0, m = 0;

	if (p->day)
		sscanf(p->day, "%4d-%2d", &y, &m);
	switch (q->group) {
	case RATE_BY_UNIT:
		if (p->unit_id)
			snprintf(key, 32, "%lld", (long long)p->unit_id);
		else
			snprintf(key, 32, "none");
		if (name)
			*name = p->unit_id ? arena_strdup(a, p->unit_name) : "未分派";
		break;
	case RATE_BY_CATEGORY:
		if (!p->category) {
			snprintf(key, 32, "none");
			if (name)
				*name = "无";
			break;
		}
		snprintf(key, 32, "%s", p->category);
		if (name) {
			*name = arena_strdup(a, p->category_name);
			if (q->kind == RATE_KIND_PROBLEMS) {
				int t = problem_type_parse(p->category);

				*name = t >= 0 ? problem_types[t].name : arena_strdup(a, p->category);
			}
		}
		break;
	case RATE_BY_CHANNEL:
		snprintf(key, 32, "%s", p->channel ? p->channel : "none");
		if (name)
			*name = p->channel ? arena_strdup(a, channel_label(p->channel)) : "none";
		break;
	case RATE_BY_MONTH:
		snprintf(key, 32, "%04d-%02d", y, m);
		if (name)
			*name = arena_printf(a, "%d年%d月", y, m);
		break;
	case RATE_BY_QUARTER:
		snprintf(key, 32, "%04d-Q%d", y, (m + 2) / 3);
		if (name)
			*name = arena_printf(a, "%d年第%d季度", y, (m + 2) / 3);
		break;
	default:
		snprintf(key, 32, "%04d", y);
		if (name)
			*name = arena_printf(a, "%d年", y);
		break;
	}
}

static struct rate_cell *group_for(struct groups *g, const struct place *p)
{
	char key[32];
	size_t i;

	group_key(g->q, p, key, g->a, NULL);
	if (g->last < g->n && strcmp(g->cells[g->last].key, key) == 0)
		return &g->cells[g->last];
	for (i = 0; i < g->n && strcmp(g->cells[i].key, key) != 0; i++)
		;
	if (i == g->n) {
		if (i == g->cap) {
			size_t cap = g->cap ? 2 * g->cap : 16;
			struct rate_cell *more = arena_alloc(g->a, cap * sizeof(*more));

			if (!more)
				return NULL;
			if (g->n)
				memcpy(more, g->cells, g->n * sizeof(*more));
			g->cells = more;
			g->cap = cap;
		}
		memset(&g->cells[i], 0, sizeof(g->cells[i]));
		g->cells[i].key = arena_strdup(g->a, key);
		group_key(g->q, p, key, g->a, &g->cells[i].name);
		g->cells[i].unit_id = g->q->group == RATE_BY_UNIT ? p->unit_id : 0;
		g->n++;
	}
	g->last = i;
	return &g->cells[i];
}

static void bind_query(sqlite3_stmt *st, const struct rate_query *q, struct arena *a)
{
	bind_id(st, 4, q->unit_id);
	bind_text(st, 5, q->category);
	bind_text(st, 6, q->channel);
	if (q->scope && q->scope->restricted)
		bind_text(st, 7, scope_units_json(q->scope, a));
}

/* Judge the items of the plain query st (bound) and add each to its group; q->as_of. */
static enum gl_err add_items(struct store *s, sqlite3_stmt *st, const struct calendar *cal,
			     struct groups *g)
{
	int r;

	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct rate_facts f;
		struct rate_item it;
		struct rate_cell *c;
		struct place p = {
			(const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			(const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6),
		};

		read_facts(g->q->kind, st, cal, g->q->as_of, &f);
		rates_judge(cal, &f, g->q->as_of, &it);
		if (!(c = group_for(g, &p))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		rates_add(&c->acc, &it);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "rates");
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

/* ---- the rollup ---- */

/* What an appeal contributes whatever as_of (on or after the horizon): the item judged as
 * if no deadline had passed, packed into one integer, and the deadlines still pending. */
enum { IT_RESPONSE_DUE = 1, IT_RESPONDED_ON_TIME = 2, IT_ACCEPTED = 4, IT_RESOLVED = 8,
       IT_ANSWER_DUE = 16, IT_ANSWERED = 32, IT_ANSWERED_ON_TIME = 64, IT_REOPENED = 128,
       IT_FALLBACK = 256, IT_RATING_SHIFT = 9, IT_DAYS_SHIFT = 12 };

static int64_t item_pack(const struct rate_item *it)
{
	return (it->response_due ? IT_RESPONSE_DUE : 0) |
	       (it->responded_on_time ? IT_RESPONDED_ON_TIME : 0) |
	       (it->accepted ? IT_ACCEPTED : 0) | (it->resolved ? IT_RESOLVED : 0) |
	       (it->answer_due ? IT_ANSWER_DUE : 0) | (it->answered ? IT_ANSWERED : 0) |
	       (it->answered_on_time ? IT_ANSWERED_ON_TIME : 0) |
	       (it->reopened ? IT_REOPENED : 0) | (it->fallback ? IT_FALLBACK : 0) |
	       ((int64_t)it->rating << IT_RATING_SHIFT) |
	       ((int64_t)(it->days_to_answer + 1) << IT_DAYS_SHIFT);
}

static void item_unpack(int64_t v, struct rate_item *it)
{
	it->response_due = v & IT_RESPONSE_DUE;
	it->responded_on_time = v & IT_RESPONDED_ON_TIME;
	it->accepted = v & IT_ACCEPTED;
	it->resolved = v & IT_RESOLVED;
	it->answer_due = v & IT_ANSWER_DUE;
	it->answered = v & IT_ANSWERED;
	it->answered_on_time = v & IT_ANSWERED_ON_TIME;
	it->reopened = v & IT_REOPENED;
	it->fallback = v & IT_FALLBACK;
	it->rating = (enum rate_rating)((v >> IT_RATING_SHIFT) & 3);
	it->days_to_answer = (int)(v >> IT_DAYS_SHIFT) - 1;
}

/* A cell's accumulator as a blob: the counters, then (bucket, count) for every non-empty
 * bucket of the days histogram, as LEB128 varints (a day cell holds a handful of appeals:
 * a few dozen bytes instead of 2 KB). */
#define ACC_COUNTERS(X) X(items) X(response_due) X(responded_on_time) X(accepted) \
	X(resolved) X(rated) X(satisfied) X(basic) X(unsatisfied) X(answer_due) X(answered) \
	X(answered_on_time) X(reopened) X(days_sum)

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	do {
		p[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return n;
}

/* zz: a difference (rate_snap), whose counters may be negative: zigzag-encoded. */
static uint64_t zz_of(int64_t v, bool zz)
{
	return zz ? ((uint64_t)v << 1) ^ (uint64_t)(v >> 63) : (uint64_t)v;
}

static int64_t zz_from(uint64_t v, bool zz)
{
	return zz ? (int64_t)(v >> 1) ^ -(int64_t)(v & 1) : (int64_t)v;
}

static size_t acc_encode(const struct rate_acc *acc, uint8_t *buf, bool zz)
{
	size_t n = 0;

#define ENC(f) n += put_varint(buf + n, zz_of(acc->f, zz));
	ACC_COUNTERS(ENC)
#undef ENC
	for (int d = 0; d <= RATES_DAYS_MAX; d++)
		if (acc->days_hist[d]) {
			n += put_varint(buf + n, (uint64_t)d);
			n += put_varint(buf + n, zz_of(acc->days_hist[d], zz));
		}
	return n;
}

static bool acc_zero(const struct rate_acc *acc)
{
	static const struct rate_acc zero;

	return memcmp(acc, &zero, sizeof(zero)) == 0;
}
/* 14 counters and 251 bucket pairs, 10 bytes each at most. */
enum { ACC_BLOB_MAX = 10 * (14 + 2 * (RATES_DAYS_MAX + 1)) };

static bool get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	int shift = 0;

	*v = 0;
	while (*p < end && shift < 64) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
		shift += 7;
	}
	return false;
}

/* Add the blob's accumulator to acc (sign -1: take it back). */
static bool acc_decode_add(const void *blob, int size, struct rate_acc *acc, bool zz, int sign)
{
	const uint8_t *p = blob, *end = p + (size > 0 ? size : 0);
	uint64_t v, d;

#define DEC(f) if (!get_varint(&p, end, &v)) return false; acc->f += sign * zz_from(v, zz);
	ACC_COUNTERS(DEC)
#undef DEC
	while (p < end) {
		if (!get_varint(&p, end, &d) || !get_varint(&p, end, &v) || d > RATES_DAYS_MAX)
			return false;
		acc->days_hist[d] += sign * zz_from(v, zz);
	}
	return true;
}

/* The three cells (year, month, day) of a submission day. */
static void cell_period(int grain, const char *day, char period[11])
{
	snprintf(period, 11, "%.*s", grain == 0 ? 4 : grain == 1 ? 7 : 10, day);
}

static void bind_cell(sqlite3_stmt *st, int grain, const char *period, int64_t unit_id,
		      const char *category, const char *channel)
{
	sqlite3_bind_int(st, 1, grain);
	bind_text(st, 2, period);
	sqlite3_bind_int64(st, 3, unit_id);
	bind_text(st, 4, category);
	bind_text(st, 5, channel);
}

/* Which table a cell is of: rate_cell, rate_snap (key2: the month end) or rate_turn (key2:
 * the turn day, grain the submission grain). */
enum { TAB_CELL, TAB_SNAP, TAB_TURN };

/* Merge delta into the stored cell (grain, period, unit, category, channel) of table tab;
 * a snapshot's or a turn's is a difference, kept while not all zero. */
static enum gl_err cell_merge(struct store *s, int tab, const char *key2, int grain,
			      const char *period, int64_t unit_id, const char *category,
			      const char *channel, const struct rate_acc *delta)
{
	static const int get[] = {RC_CELL_GET, RC_SNAP_GET, RC_TURN_GET},
			 put[] = {RC_CELL_PUT, RC_SNAP_PUT, RC_TURN_PUT},
			 del[] = {RC_CELL_DEL, RC_SNAP_DEL, RC_TURN_DEL};
	const char *snap = tab == TAB_CELL ? NULL : key2;     /* a difference when set */
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, get[tab], rt_sql);
	struct rate_acc *acc = calloc(1, sizeof(*acc));
	uint8_t buf[ACC_BLOB_MAX];
	enum gl_err rc = GL_OK;
	bool keep;
	int r;

	if (!acc)
		return GL_ENOMEM;
	if (!st) {
		free(acc);
		return GL_EDB;
	}
	bind_cell(st, grain, period, unit_id, category, channel);
	if (snap)
		bind_text(st, 6, snap);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW && !acc_decode_add(sqlite3_column_blob(st, 0),
					       sqlite3_column_bytes(st, 0), acc, snap != NULL, 1))
		rc = store_fail(s, "rate cell: unreadable");
	else if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = store_fail(s, "rate cell");
	sqlite3_reset(st);
	if (rc == GL_OK) {
		rates_merge(acc, delta);
		keep = snap ? !acc_zero(acc) : acc->items != 0;
		st = mod_stmt(s, MOD_RATES, keep ? put[tab] : del[tab], rt_sql);
		if (!st) {
			free(acc);
			return GL_EDB;
		}
		bind_cell(st, grain, period, unit_id, category, channel);
		if (keep)
			sqlite3_bind_blob(st, 6, buf, (int)acc_encode(acc, buf, snap != NULL),
					  SQLITE_TRANSIENT);
		if (snap)
			bind_text(st, keep ? 7 : 6, snap);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "rate cell: write");
		sqlite3_reset(st);
	}
	free(acc);
	return rc;
}

/* One appeal's fact, as stored in rate_fact, its month-end items (rate_hist) and its turns
 * (rate_fact.turns: each day its judgement differs from the day before's, with the item as
 * of that day; the first is its submission day). */
enum { HIST_MAX = 600,       /* 50 years of month ends */
       TURN_MAX = 1024 };    /* an appeal with more events than this is not a real one */
struct fact {
	char day[11], category[32], channel[16];
	int64_t unit_id, item;
	char resp_due[11], ans_due[11];     /* "" when none */
	size_t nhist;
	struct hist { char snap[11]; int64_t item; } hist[HIST_MAX];
	size_t nturn;
	struct turn { int64_t day, item; } turn[TURN_MAX];
	int64_t cand[2 * TURN_MAX + 2];     /* fact_turns' scratch */
};

/* The turns as a blob: (zigzag day difference from the previous turn's, item) varints. */
static size_t turns_encode(const struct fact *x, uint8_t *buf)
{
	int64_t prev = 0;
	size_t n = 0;

	for (size_t k = 0; k < x->nturn; k++) {
		n += put_varint(buf + n, zz_of(x->turn[k].day - prev, true));
		n += put_varint(buf + n, (uint64_t)x->turn[k].item);
		prev = x->turn[k].day;
	}
	return n;
}

static void turns_decode(const void *blob, int size, struct fact *x)
{
	const uint8_t *p = blob, *end = p + (size > 0 ? size : 0);
	int64_t prev = 0;
	uint64_t d, v;

	x->nturn = 0;
	while (p < end && x->nturn < TURN_MAX && get_varint(&p, end, &d) &&
	       get_varint(&p, end, &v)) {
		prev += zz_from(d, true);
		x->turn[x->nturn].day = prev;
		x->turn[x->nturn++].item = (int64_t)v;
	}
}

/* The item of x as of the end of day (its last turn on or before it); false before its
 * submission. */
static bool turn_item(const struct fact *x, int64_t day, int64_t *item)
{
	bool found = false;

	for (size_t k = 0; k < x->nturn && x->turn[k].day <= day; k++) {
		*item = x->turn[k].item;
		found = true;
	}
	return found;
}

static void fact_copy(char *dst, size_t n, const unsigned char *src)
{
	snprintf(dst, n, "%s", src ? (const char *)src : "");
}

/* A pending deadline before the horizon has passed for every as_of the cells answer (on or
 * after the horizon, which never moves back): it is due for good, part of the item.  Without
 * this, overdue appeals left open (1% of 10M is 100k) would be counted one by one. */
static bool fold_passed(struct fact *x, const char *horizon)
{
	if (!horizon)
		return false;
	if (x->resp_due[0] && strcmp(x->resp_due, horizon) < 0) {
		x->item |= IT_RESPONSE_DUE;
		x->resp_due[0] = '\0';
		return true;
	}
	if (x->ans_due[0] && strcmp(x->ans_due, horizon) < 0) {
		x->item |= IT_ANSWER_DUE;
		x->ans_due[0] = '\0';
		return true;
	}
	return false;
}

/* The facts of a timeline row (TL_SELECT) as they stood at the end of asof: what the plain
 * query and read_facts make of the events of that day or before, the same rules. */
static void tl_facts(sqlite3_stmt *st, const struct calendar *cal, const char *asof,
		     struct rate_facts *f)
{
	const char *ev = (const char *)sqlite3_column_text(st, 10);
	const char *ex = (const char *)sqlite3_column_text(st, 11);
	const char *rating = (const char *)sqlite3_column_text(st, 9);
	char resp[11] = "", ans[11] = "", day[11];
	bool declined = false;
	int ext = 0;

	memset(f, 0, sizeof(*f));
	col_day(st, 7, &f->accept_due);
	f->has_answer_due = col_day(st, 8, &f->answer_due);
	for (const char *p = ev; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len >= 12) {
			memcpy(day, p + 2, 10);
			day[10] = '\0';
			if (strcmp(day, asof) <= 0) {
				if (p[0] == 'd' || (p[0] == 'a' && p[1] == 'c')) {
					if (!resp[0] || strcmp(day, resp) < 0)
						memcpy(resp, day, sizeof(resp));
					declined |= p[0] == 'd';
				} else if (p[0] == 'a') {
					if (!ans[0] || strcmp(day, ans) < 0)
						memcpy(ans, day, sizeof(ans));
				} else if (p[0] == 'c') {
					f->closed = 1;
				} else if (p[0] == 'r') {
					f->reopened++;
				}
			}
		}
		p += len + (end ? 1 : 0);
	}
	for (const char *p = ex; p && *p;) {
		const char *end = strchr(p, ','), *at = strchr(p, '@');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (at && at < p + len && p + len - (at + 1) >= 10) {
			memcpy(day, at + 1, 10);
			day[10] = '\0';
			if (strcmp(day, asof) > 0)
				ext += atoi(p);
		}
		p += len + (end ? 1 : 0);
	}
	f->has_response = resp[0] && date_parse_iso(resp, &f->responded) == 0;
	f->declined = f->has_response && declined;
	f->accepted = f->responded;
	f->has_answer = ans[0] && date_parse_iso(ans, &f->first_answer) == 0;
	f->rating = rating_of(f, rating);
	if (ext > 0 && f->has_answer_due)
		f->answer_due = rates_due_before(cal, f->answer_due, ext);
}

/* Does a 'YYYY-MM-DD' start at p?  (strnlen: the timeline texts are scanned character by
 * character, and strlen at each would make the scan quadratic.) */
static bool iso_day_at(const char *p)
{
	return p[0] >= '0' && p[0] <= '9' && strnlen(p, 10) == 10 && p[4] == '-' && p[7] == '-';
}

/* The last day anything in the timeline row can change the judgement: an event, an
 * extension decision, a deadline passing (the day after it). */
static void tl_last(sqlite3_stmt *st, char last[11])
{
	last[0] = '\0';
	for (int c = 7; c <= 11; c++) {
		const char *t = (const char *)sqlite3_column_text(st, c);

		if (c == 9 || !t)
			continue;
		for (const char *p = t; *p; p++) {
			/* every 'YYYY-MM-DD' in the text */
			if (iso_day_at(p) && strncmp(p, last, 10) > 0) {
				memcpy(last, p, 10);
				last[10] = '\0';
			}
		}
	}
}

/* The last day of day's month. */
static void month_end(const char *day, char out[11])
{
	struct ymd d;

	if (date_parse_iso(day, &d) != 0) {
		out[0] = '\0';
		return;
	}
	d = d.m == 12 ? (struct ymd){d.y + 1, 1, 1} : (struct ymd){d.y, d.m + 1, 1};
	date_format_iso(date_from_days(date_to_days(d) - 1), out, 11);
}

static bool is_month_end(struct ymd d)
{
	return date_from_days(date_to_days(d) + 1).d == 1;
}

static int days_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return (a > b) - (a < b);
}

/* The days of the timeline row whose judgement may differ from the day before's: the
 * submission, each event and extension decision, and the day after each deadline that stood
 * (the response deadline; the answer deadline as of the submission and of each decision,
 * the extensions decided later taken back).  Judged on each, the changes kept. */
static void fact_turns(sqlite3_stmt *st, const struct calendar *cal, struct fact *x)
{
	int64_t *cand = x->cand;
	struct rate_facts f;
	struct rate_item it;
	struct ymd d;
	char iso[11];
	size_t n = 0, decided = 0, dates;
	int64_t first;

	x->nturn = 0;
	if (date_parse_iso(x->day, &d) != 0)
		return;
	cand[n++] = first = date_to_days(d);
	for (int c = 10; c <= 11; c++) {
		const char *t = (const char *)sqlite3_column_text(st, c);

		if (c == 11)
			decided = n;
		for (const char *p = t; p && *p && n < TURN_MAX; p++) {
			char day[11];

			if (iso_day_at(p)) {
				snprintf(day, sizeof(day), "%.10s", p);
				if (date_parse_iso(day, &d) == 0)
					cand[n++] = date_to_days(d);
				p += 9;
			}
		}
	}
	dates = n;
	if (col_day(st, 7, &d))
		cand[n++] = date_to_days(d) + 1;
	/* The answer deadline as of the submission and of each extension decision. */
	for (size_t k = 0; k < dates; k++) {
		if (k != 0 && k < decided)
			continue;
		date_format_iso(date_from_days(cand[k]), iso, sizeof(iso));
		tl_facts(st, cal, iso, &f);
		if (f.has_answer_due)
			cand[n++] = date_to_days(f.answer_due) + 1;
	}
	qsort(cand, n, sizeof(cand[0]), days_cmp);
	for (size_t k = 0; k < n; k++) {
		int64_t v;

		if (cand[k] < first || (k > 0 && cand[k] == cand[k - 1]))
			continue;
		d = date_from_days(cand[k]);
		date_format_iso(d, iso, sizeof(iso));
		tl_facts(st, cal, iso, &f);
		rates_judge(cal, &f, d, &it);
		v = item_pack(&it);
		if (x->nturn < TURN_MAX && (x->nturn == 0 || x->turn[x->nturn - 1].item != v)) {
			x->turn[x->nturn].day = cand[k];
			x->turn[x->nturn++].item = v;
		}
	}
}

/* The fact of a timeline row: judged with as_of after everything, at every month end
 * before the horizon where it differed, and on each day it changed. */
static void fact_of_row(sqlite3_stmt *st, const struct calendar *cal, const char *horizon,
			struct fact *x)
{
	static const struct ymd dawn = {1, 1, 1};
	struct rate_facts f;
	struct rate_item it;
	char buf[11], last[11], e[11];

	tl_facts(st, cal, "9999-12-31", &f);
	/* Judged at the dawn of time no deadline has passed: what is left holds forever. */
	rates_judge(cal, &f, dawn, &it);
	fact_copy(x->day, sizeof(x->day), sqlite3_column_text(st, 1));
	x->unit_id = sqlite3_column_int64(st, 2);
	fact_copy(x->category, sizeof(x->category), sqlite3_column_text(st, 4));
	fact_copy(x->channel, sizeof(x->channel), sqlite3_column_text(st, 6));
	x->item = item_pack(&it);
	x->resp_due[0] = x->ans_due[0] = '\0';
	if (!f.has_response)
		snprintf(x->resp_due, sizeof(x->resp_due), "%s",
			 date_format_iso(f.accept_due, buf, sizeof(buf)));
	else if (it.accepted && !it.answered && f.has_answer_due)
		snprintf(x->ans_due, sizeof(x->ans_due), "%s",
			 date_format_iso(f.answer_due, buf, sizeof(buf)));
	fold_passed(x, horizon);
	fact_turns(st, cal, x);
	/* Month ends from the submission's to the horizon; after the last change the appeal
	 * stands as its item (deadlines before the horizon folded, later ones pending). */
	x->nhist = 0;
	tl_last(st, last);
	for (month_end(x->day, e); horizon && e[0] && strcmp(e, horizon) < 0 &&
	     strcmp(e, last) <= 0 && x->nhist < HIST_MAX;) {
		struct ymd d;
		int64_t v;

		tl_facts(st, cal, e, &f);
		date_parse_iso(e, &d);
		rates_judge(cal, &f, d, &it);
		if ((v = item_pack(&it)) != x->item) {
			memcpy(x->hist[x->nhist].snap, e, sizeof(e));
			x->hist[x->nhist++].item = v;
		}
		d = date_from_days(date_to_days(d) + 1);
		date_format_iso(d, buf, sizeof(buf));
		month_end(buf, e);
	}
}

/* The pending deadlines' cells of x, by sign. */
static enum gl_err pend_cells(struct store *s, const struct fact *x, int sign)
{
	const char *due = x->resp_due[0] ? x->resp_due : x->ans_due[0] ? x->ans_due : NULL;
	enum gl_err rc = GL_OK;

	for (int k = 0; due && k < 8 && rc == GL_OK; k++) {
		int sg = 1 + (k & 1), dg = 1 + ((k >> 1) & 1), which = k < 4 ? RC_PEND_ADD : RC_PEND_DEL;
		sqlite3_stmt *st = mod_stmt(s, MOD_RATES, which, rt_sql);
		char period[11], dp[11];

		if (!st)
			return GL_EDB;
		snprintf(period, sizeof(period), "%.*s", sg == 1 ? 7 : 10, x->day);
		snprintf(dp, sizeof(dp), "%.*s", dg == 1 ? 7 : 10, due);
		sqlite3_bind_int(st, 1, sg);
		sqlite3_bind_int(st, 2, dg);
		bind_text(st, 3, period);
		bind_text(st, 4, dp);
		sqlite3_bind_int64(st, 5, x->unit_id);
		bind_text(st, 6, x->category);
		bind_text(st, 7, x->channel);
		sqlite3_bind_int(st, 8, x->resp_due[0] ? 0 : 1);
		if (which == RC_PEND_ADD)
			sqlite3_bind_int(st, 9, sign);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "rate_pend");
		sqlite3_reset(st);
	}
	return rc;
}

/* Add (sign 1) or take back (-1) everything x contributes: its item to the three cells of
 * its day, its pending deadline, and its month-end differences to the snapshots. */
static enum gl_err fact_cells(struct store *s, const struct fact *x, int sign)
{
	struct rate_acc *delta = calloc(1, sizeof(*delta));
	struct rate_item it, old;
	enum gl_err rc = GL_OK;

	if (!delta)
		return GL_ENOMEM;
	item_unpack(x->item, &it);
	if (sign > 0)
		rates_add(delta, &it);
	else
		rates_remove(delta, &it);
	for (int g = 0; g < 3 && rc == GL_OK; g++) {
		char period[11];

		cell_period(g, x->day, period);
		rc = cell_merge(s, TAB_CELL, NULL, g, period, x->unit_id, x->category, x->channel,
				delta);
	}
	if (rc == GL_OK)
		rc = pend_cells(s, x, sign);
	for (size_t h = 0; h < x->nhist && rc == GL_OK; h++) {
		memset(delta, 0, sizeof(*delta));
		item_unpack(x->hist[h].item, &old);
		if (sign > 0) {
			rates_add(delta, &old);
			rates_remove(delta, &it);
		} else {
			rates_remove(delta, &old);
			rates_add(delta, &it);
		}
		for (int g = 0; g < 3 && rc == GL_OK; g++) {
			char period[11];

			cell_period(g, x->day, period);
			rc = cell_merge(s, TAB_SNAP, x->hist[h].snap, g, period, x->unit_id,
					x->category, x->channel, delta);
		}
	}
	/* Each turn: the item as of its day minus the item as of the day before. */
	for (size_t k = 0; k < x->nturn && rc == GL_OK; k++) {
		char tday[11];

		memset(delta, 0, sizeof(*delta));
		item_unpack(x->turn[k].item, &it);
		(sign > 0 ? rates_add : rates_remove)(delta, &it);
		if (k > 0) {
			item_unpack(x->turn[k - 1].item, &old);
			(sign > 0 ? rates_remove : rates_add)(delta, &old);
		}
		date_format_iso(date_from_days(x->turn[k].day), tday, sizeof(tday));
		for (int g = 1; g <= 2 && rc == GL_OK; g++) {
			char period[11];

			cell_period(g, x->day, period);
			rc = cell_merge(s, TAB_TURN, tday, g, period, x->unit_id, x->category,
					x->channel, delta);
		}
	}
	free(delta);
	return rc;
}

static enum gl_err fact_put(struct store *s, int64_t id, const struct fact *x)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, RC_FACT_PUT, rt_sql);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, x->day);
	sqlite3_bind_int64(st, 3, x->unit_id);
	bind_text(st, 4, x->category);
	bind_text(st, 5, x->channel);
	sqlite3_bind_int64(st, 6, x->item);
	bind_text(st, 7, x->resp_due[0] ? x->resp_due : NULL);
	bind_text(st, 8, x->ans_due[0] ? x->ans_due : NULL);
	{
		uint8_t *buf = malloc(20 * (x->nturn + 1));

		if (!buf) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		sqlite3_bind_blob(st, 9, buf, (int)turns_encode(x, buf), free);
	}
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "rate fact");
	sqlite3_reset(st);
	for (size_t h = 0; h < x->nhist && rc == GL_OK; h++) {
		if (!(st = mod_stmt(s, MOD_RATES, RC_HIST_PUT, rt_sql)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, x->hist[h].snap);
		sqlite3_bind_int64(st, 3, x->hist[h].item);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "rate hist");
		sqlite3_reset(st);
	}
	return rc;
}

static void fact_read(sqlite3_stmt *st, struct fact *x)
{
	fact_copy(x->day, sizeof(x->day), sqlite3_column_text(st, 0));
	x->unit_id = sqlite3_column_int64(st, 1);
	fact_copy(x->category, sizeof(x->category), sqlite3_column_text(st, 2));
	fact_copy(x->channel, sizeof(x->channel), sqlite3_column_text(st, 3));
	x->item = sqlite3_column_int64(st, 4);
	fact_copy(x->resp_due, sizeof(x->resp_due), sqlite3_column_text(st, 5));
	fact_copy(x->ans_due, sizeof(x->ans_due), sqlite3_column_text(st, 6));
	x->nhist = 0;
	turns_decode(sqlite3_column_blob(st, 7), sqlite3_column_bytes(st, 7), x);
}

static enum gl_err exec_id1(struct store *s, int which, int64_t id)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, which, rt_sql);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "rates");
	sqlite3_reset(st);
	return rc;
}

/* The stored fact of an appeal with its month-end items; *found false when none. */
static enum gl_err fact_get(struct store *s, int64_t id, struct fact *x, bool *found)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, RC_FACT_GET, rt_sql);
	enum gl_err rc = GL_OK;
	int r;

	*found = false;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		fact_read(st, x);
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return r == SQLITE_DONE ? GL_OK : store_fail(s, "rate fact");
	*found = true;
	if (!(st = mod_stmt(s, MOD_RATES, RC_HIST_GET, rt_sql)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && x->nhist < HIST_MAX) {
		fact_copy(x->hist[x->nhist].snap, sizeof(x->hist[0].snap),
			  sqlite3_column_text(st, 0));
		x->hist[x->nhist++].item = sqlite3_column_int64(st, 1);
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = store_fail(s, "rate hist");
	sqlite3_reset(st);
	return rc;
}

static enum gl_err read_text1(struct store *s, int which, struct arena *a, const char **out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, which, rt_sql);
	int r;

	*out = NULL;
	if (!st)
		return GL_EDB;
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*out = col_text(st, 0, a);
	sqlite3_reset(st);
	return r == SQLITE_ROW || r == SQLITE_DONE ? GL_OK : store_fail(s, "rates");
}

static enum gl_err ids_push(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t c2 = *cap ? 2 * *cap : 64;
		int64_t *more = realloc(*ids, c2 * sizeof(**ids));

		if (!more)
			return GL_ENOMEM;
		*ids = more;
		*cap = c2;
	}
	(*ids)[(*n)++] = id;
	return GL_OK;
}

enum gl_err store_rates_refresh(struct store *s, int64_t limit, int64_t *n)
{
	sqlite3_stmt *st;
	struct calendar cal;
	struct arena a;
	struct fact *x = malloc(sizeof(*x));
	const char *horizon = NULL;
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	enum gl_err rc;
	int r;

	if (n)
		*n = 0;
	if (!x)
		return GL_ENOMEM;
	arena_init(&a);
	if ((rc = store_start(s)) != GL_OK) {
		arena_release(&a);
		free(x);
		return rc;
	}
	if ((rc = store_calendar_load(s, &a, &cal)) != GL_OK ||
	    (rc = read_text1(s, RC_HORIZON, &a, &horizon)) != GL_OK)
		goto out;
	if (!(st = mod_stmt(s, MOD_RATES, RC_DIRTY_IDS, rt_sql))) {
		rc = GL_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = ids_push(&ids, &nids, &cap, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "rate_dirty");
	/* And the facts whose pending deadline the horizon has passed since they were written:
	 * judged again from scratch, as their month-end items may now differ from the item. */
	if (rc == GL_OK && horizon && !(st = mod_stmt(s, MOD_RATES, RC_PASSED, rt_sql)))
		rc = GL_EDB;
	if (rc == GL_OK && horizon) {
		bind_text(st, 1, horizon);
		while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
			rc = ids_push(&ids, &nids, &cap, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		if (rc == GL_OK && r != SQLITE_DONE)
			rc = store_fail(s, "rate_fact passed");
	}
	/* Take back what each appeal contributed, then add what it contributes now. */
	for (size_t i = 0; i < nids && rc == GL_OK; i++) {
		bool found;

		if ((rc = fact_get(s, ids[i], x, &found)) != GL_OK)
			break;
		if (found)
			rc = fact_cells(s, x, -1);
		if (rc == GL_OK)
			rc = exec_id1(s, RC_FACT_DEL, ids[i]);
		if (rc == GL_OK)
			rc = exec_id1(s, RC_HIST_DEL, ids[i]);
		if (rc == GL_OK)
			rc = exec_id1(s, RC_DIRTY_DEL, ids[i]);
	}
	for (size_t i = 0; i < nids && rc == GL_OK; i += 500) {
		/* The timelines of up to 500 of them at a time (a passed one may be listed
		 * twice: it was taken out once, is put back once). */
		size_t m = nids - i < 500 ? nids - i : 500, len = 0;
		char *json = arena_alloc(&a, 24 * m + 3);

		if (!json) {
			rc = GL_ENOMEM;
			break;
		}
		json[len++] = '[';
		for (size_t j = 0; j < m; j++)
			len += (size_t)sprintf(json + len, "%s%lld", j ? "," : "",
					       (long long)ids[i + j]);
		json[len++] = ']';
		json[len] = '\0';
		if (!(st = mod_stmt(s, MOD_RATES, RC_TL_IDS, rt_sql))) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, json);
		while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			bool found;

			/* Listed twice: already put back. */
			if ((rc = fact_get(s, id, x, &found)) != GL_OK || found)
				continue;
			fact_of_row(st, &cal, horizon, x);
			rc = fact_put(s, id, x);
			if (rc == GL_OK)
				rc = fact_cells(s, x, 1);
			if (n)
				(*n)++;
		}
		if (rc == GL_OK && r != SQLITE_DONE && r != SQLITE_ROW)
			rc = store_fail(s, "rates refresh");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
out:
	free(ids);
	free(x);
	arena_release(&a);
	return store_end(s, rc);
}

/* ---- bulk rebuild: cells summed in memory, flushed into the table now and then ---- */

struct bulk_cell {
	bool used;
	int tab, grain;
	char snap[11];      /* the month end or the turn day; "" for rate_cell */
	char period[11], category[32], channel[16];
	int64_t unit_id;
	struct rate_acc *acc;
};
enum { BULK_SLOTS = 1 << 15, BULK_FLUSH = BULK_SLOTS / 2 };

static uint64_t bulk_hash(int tab, const char *snap, int grain, const char *period,
			  int64_t unit_id, const char *cat, const char *chan)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)grain ^ ((uint64_t)tab << 4) ^
		     ((uint64_t)unit_id << 8);
	const char *parts[4] = {snap, period, cat, chan};

	for (int i = 0; i < 4; i++)
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (uint8_t)*p) * 1099511628211ULL;
	return h;
}

static enum gl_err bulk_flush(struct store *s, struct bulk_cell *t, size_t *used)
{
	enum gl_err rc = GL_OK;

	for (size_t i = 0; i < BULK_SLOTS; i++) {
		if (!t[i].used)
			continue;
		if (rc == GL_OK)
			rc = cell_merge(s, t[i].tab, t[i].snap, t[i].grain, t[i].period,
					t[i].unit_id, t[i].category, t[i].channel, t[i].acc);
		free(t[i].acc);
		t[i].used = false;
	}
	*used = 0;
	return rc;
}

/* Add plus (and take back minus, if any) in the cells of x's day: the three of rate_cell
 * (snap ""), of a month-end snapshot, or the two of a turn day (tab TAB_TURN). */
static enum gl_err bulk_add(struct store *s, struct bulk_cell *t, size_t *used,
			    const struct fact *x, int tab, const char *snap, int64_t plus,
			    const int64_t *minus)
{
	struct rate_item it, mi;
	enum gl_err rc;

	item_unpack(plus, &it);
	if (minus)
		item_unpack(*minus, &mi);
	for (int g = tab == TAB_TURN ? 1 : 0; g < 3; g++) {
		char period[11];
		size_t i;

		cell_period(g, x->day, period);
		i = bulk_hash(tab, snap, g, period, x->unit_id, x->category, x->channel) &
		    (BULK_SLOTS - 1);
		while (t[i].used && !(t[i].tab == tab && t[i].grain == g &&
				      t[i].unit_id == x->unit_id &&
				      strcmp(t[i].period, period) == 0 &&
				      strcmp(t[i].snap, snap) == 0 &&
				      strcmp(t[i].category, x->category) == 0 &&
				      strcmp(t[i].channel, x->channel) == 0))
			i = (i + 1) & (BULK_SLOTS - 1);
		if (!t[i].used) {
			if (*used >= BULK_FLUSH && (rc = bulk_flush(s, t, used)) != GL_OK)
				return rc;
			if (!(t[i].acc = calloc(1, sizeof(*t[i].acc))))
				return GL_ENOMEM;
			t[i].used = true;
			t[i].tab = tab;
			t[i].grain = g;
			snprintf(t[i].snap, sizeof(t[i].snap), "%s", snap);
			memcpy(t[i].period, period, sizeof(period));
			t[i].unit_id = x->unit_id;
			memcpy(t[i].category, x->category, sizeof(t[i].category));
			memcpy(t[i].channel, x->channel, sizeof(t[i].channel));
			(*used)++;
		}
		rates_add(t[i].acc, &it);
		if (minus)
			rates_remove(t[i].acc, &mi);
	}
	return GL_OK;
}

enum gl_err store_rates_rebuild(struct store *s, int64_t *n)
{
	struct bulk_cell *t = calloc(BULK_SLOTS, sizeof(*t));
	struct fact *x = malloc(sizeof(*x));
	const char *horizon = NULL;
	struct calendar cal;
	struct arena a;
	sqlite3_stmt *st;
	size_t used = 0;
	enum gl_err rc;
	int r = SQLITE_DONE;

	*n = 0;
	if (!t || !x) {
		free(t);
		free(x);
		return GL_ENOMEM;
	}
	arena_init(&a);
	if ((rc = store_start(s)) != GL_OK)
		goto done;
	if ((rc = store_calendar_load(s, &a, &cal)) != GL_OK ||
	    (rc = read_text1(s, RC_HORIZON, &a, &horizon)) != GL_OK)
		goto out;
	if (sqlite3_exec(s->db, "DELETE FROM rate_fact; DELETE FROM rate_cell;"
			 " DELETE FROM rate_dirty; DELETE FROM rate_pend; DELETE FROM rate_hist;"
			 " DELETE FROM rate_snap; DELETE FROM rate_turn;", NULL, NULL,
			 NULL) != SQLITE_OK) {
		rc = store_fail(s, "rates rebuild");
		goto out;
	}
	if (!(st = mod_stmt(s, MOD_RATES, RC_TL_ALL, rt_sql))) {
		rc = GL_EDB;
		goto out;
	}
	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		fact_of_row(st, &cal, horizon, x);
		rc = fact_put(s, sqlite3_column_int64(st, 0), x);
		if (rc == GL_OK)
			rc = bulk_add(s, t, &used, x, TAB_CELL, "", x->item, NULL);
		if (rc == GL_OK)
			rc = pend_cells(s, x, 1);
		for (size_t h = 0; h < x->nhist && rc == GL_OK; h++)
			rc = bulk_add(s, t, &used, x, TAB_SNAP, x->hist[h].snap, x->hist[h].item,
				      &x->item);
		for (size_t k = 0; k < x->nturn && rc == GL_OK; k++) {
			char tday[11];

			date_format_iso(date_from_days(x->turn[k].day), tday, sizeof(tday));
			rc = bulk_add(s, t, &used, x, TAB_TURN, tday, x->turn[k].item,
				      k ? &x->turn[k - 1].item : NULL);
		}
		(*n)++;
	}
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "rates rebuild");
	sqlite3_reset(st);
	if (rc == GL_OK)
		rc = bulk_flush(s, t, &used);
out:
	rc = store_end(s, rc);
done:
	for (size_t i = 0; i < BULK_SLOTS; i++)
		if (t[i].used)
			free(t[i].acc);
	free(t);
	free(x);
	arena_release(&a);
	return rc;
}

/* ---- reading ---- */

struct names {
	int64_t *ids;
	const char **unit_names;
	size_t nunits;
	const char **codes, **cat_names;
	size_t ncats;
};

static enum gl_err load_names(struct store *s, struct arena *a, struct names *nm)
{
	sqlite3_stmt *st;
	size_t cap;
	int r;

	memset(nm, 0, sizeof(*nm));
	for (int which = RC_UNITS; which <= RC_CATS; which++) {
		if (!(st = mod_stmt(s, MOD_RATES, which, rt_sql)))
			return GL_EDB;
		cap = 0;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			size_t *n = which == RC_UNITS ? &nm->nunits : &nm->ncats;

			if (*n == cap) {
				size_t c2 = cap ? 2 * cap : 64;
				const char **k = arena_alloc(a, c2 * sizeof(*k));
				const char **v = arena_alloc(a, c2 * sizeof(*v));
				int64_t *ids = arena_alloc(a, c2 * sizeof(*ids));

				if (!k || !v || !ids) {
					sqlite3_reset(st);
					return GL_ENOMEM;
				}
				if (which == RC_UNITS) {
					if (*n) {
						memcpy(ids, nm->ids, *n * sizeof(*ids));
						memcpy(v, nm->unit_names, *n * sizeof(*v));
					}
					nm->ids = ids;
					nm->unit_names = v;
				} else {
					if (*n) {
						memcpy(k, nm->codes, *n * sizeof(*k));
						memcpy(v, nm->cat_names, *n * sizeof(*v));
					}
					nm->codes = k;
					nm->cat_names = v;
				}
				cap = c2;
			}
			if (which == RC_UNITS) {
				nm->ids[*n] = sqlite3_column_int64(st, 0);
				nm->unit_names[*n] = col_text(st, 1, a);
			} else {
				nm->codes[*n] = col_text(st, 0, a);
				nm->cat_names[*n] = col_text(st, 1, a);
			}
			(*n)++;
		}
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			return store_fail(s, "rates names");
	}
	return GL_OK;
}

/* A rollup row's place: period or day, unit, category, channel in columns 0 to 3. */
static void place_of(sqlite3_stmt *st, const struct names *nm, struct place *p)
{
	p->day = (const char *)sqlite3_column_text(st, 0);
	p->unit_id = sqlite3_column_int64(st, 1);
	p->category = (const char *)sqlite3_column_text(st, 2);
	p->channel = (const char *)sqlite3_column_text(st, 3);
	p->unit_name = p->category_name = NULL;
	for (size_t i = 0; i < nm->nunits; i++)
		if (nm->ids[i] == p->unit_id)
			p->unit_name = nm->unit_names[i];
	for (size_t i = 0; p->category && i < nm->ncats; i++)
		if (strcmp(nm->codes[i], p->category) == 0)
			p->category_name = nm->cat_names[i];
}

/* What a run of cells is read from: rate_cell, a month-end snapshot (rate_snap), or the
 * pending deadlines before as_of (rate_pend). */
struct source {
	const char *snap;        /* rate_snap of this month end */
	const char *pend_asof;   /* rate_pend, deadlines before this day */
};

/* Add the cells of one grain, periods first..last. */
static enum gl_err read_cells(struct store *s, const struct rate_query *q, struct arena *a,
			      const struct names *nm, const struct source *src, int grain,
			      const char *first, const char *last, struct groups *g)
{
	int which = src->pend_asof ? RC_PEND_READ : src->snap ? RC_SNAP_CELLS : RC_CELLS;
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, which, rt_sql);
	char lo[11], hi[11], month[8];
	int r;

	if (!st)
		return GL_EDB;
	snprintf(lo, sizeof(lo), "%s", first);
	snprintf(hi, sizeof(hi), "%s", last);
	if (src->pend_asof && grain == 0) {
		/* Pending deadlines are kept by submission month and day, not year. */
		snprintf(lo, sizeof(lo), "%.4s-01", first);
		snprintf(hi, sizeof(hi), "%.4s-12", last);
	}
	sqlite3_bind_int(st, 1, src->pend_asof ? (grain == 2 ? 2 : 1) : grain);
	bind_text(st, 2, lo);
	bind_text(st, 3, hi);
	bind_query(st, q, a);
	if (src->pend_asof) {
		snprintf(month, sizeof(month), "%.7s", src->pend_asof);
		bind_text(st, 8, month);
		bind_text(st, 9, src->pend_asof);
	} else if (src->snap) {
		bind_text(st, 8, src->snap);
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct place p;
		struct rate_cell *c;

		place_of(st, nm, &p);
		if (!(c = group_for(g, &p))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		if (src->pend_asof) {
			if (sqlite3_column_int(st, 4) == 0)
				c->acc.response_due += sqlite3_column_int64(st, 5);
			else
				c->acc.answer_due += sqlite3_column_int64(st, 5);
		} else if (!acc_decode_add(sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4),
					   &c->acc, src->snap != NULL, 1)) {
			sqlite3_reset(st);
			return store_fail(s, "rate cell: unreadable");
		}
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "rate cells");
}

/* The days lo..hi as runs of whole years (grain 0, unless the groups are months or
 * quarters), whole months (1) and single days (2), each run read with one statement. */
static enum gl_err read_range(struct store *s, const struct rate_query *q, struct arena *a,
			      const struct names *nm, const struct source *src, struct ymd lo,
			      struct ymd hi, struct groups *g)
{
	int64_t d = date_to_days(lo), end = date_to_days(hi);
	int run = -1;
	char first[11] = "", last[11] = "";
	enum gl_err rc = GL_OK;

	while (d <= end && rc == GL_OK) {
		struct ymd x = date_from_days(d);
		int64_t next;
		int grain;
		char period[11], day[11];

		date_format_iso(x, day, sizeof(day));
		int64_t year_end = date_to_days((struct ymd){x.y, 12, 31});
		struct ymd nm1 = x.m == 12 ? (struct ymd){x.y + 1, 1, 1}
					   : (struct ymd){x.y, x.m + 1, 1};
		int64_t month_end = date_to_days(nm1) - 1;

		if (q->group != RATE_BY_MONTH && q->group != RATE_BY_QUARTER && x.m == 1 &&
		    x.d == 1 && year_end <= end) {
			grain = 0;
			next = year_end + 1;
		} else if (x.d == 1 && month_end <= end) {
			grain = 1;
			next = month_end + 1;
		} else {
			grain = 2;
			next = d + 1;
		}
		cell_period(grain, day, period);
		if (grain != run) {
			if (run >= 0)
				rc = read_cells(s, q, a, nm, src, run, first, last, g);
			run = grain;
			memcpy(first, period, sizeof(first));
		}
		memcpy(last, period, sizeof(last));
		d = next;
	}
	if (rc == GL_OK && run >= 0)
		rc = read_cells(s, q, a, nm, src, run, first, last, g);
	return rc;
}


/* The turns of the appeals submitted lo..hi on the days after wlo up to whi, added (sign 1)
 * or taken back (-1): whole months by submission month, the rest by day, one period per
 * read (each one range of rate_turn's key). */
static enum gl_err read_turns(struct store *s, const struct rate_query *q, struct arena *a,
			      const struct names *nm, struct ymd lo, struct ymd hi,
			      const char *wlo, const char *whi, int sign, struct groups *g)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, RC_TURN_READ, rt_sql);
	int64_t d = date_to_days(lo), end = date_to_days(hi);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	bind_query(st, q, a);
	bind_text(st, 8, wlo);
	bind_text(st, 9, whi);
	while (d <= end && rc == GL_OK) {
		struct ymd x = date_from_days(d);
		struct ymd nm1 = x.m == 12 ? (struct ymd){x.y + 1, 1, 1}
					   : (struct ymd){x.y, x.m + 1, 1};
		int64_t month_last = date_to_days(nm1) - 1;
		int grain = x.d == 1 && month_last <= end ? 1 : 2;
		char day[11], period[11];
		int r;

		date_format_iso(x, day, sizeof(day));
		cell_period(grain, day, period);
		sqlite3_bind_int(st, 1, grain);
		bind_text(st, 2, period);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			struct place p;
			struct rate_cell *c;

			place_of(st, nm, &p);
			if (!(c = group_for(g, &p))) {
				rc = GL_ENOMEM;
				break;
			}
			if (!acc_decode_add(sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4),
					    &c->acc, true, sign)) {
				rc = store_fail(s, "rate turn: unreadable");
				break;
			}
		}
		if (rc == GL_OK && r != SQLITE_DONE)
			rc = store_fail(s, "rate turns");
		sqlite3_reset(st);
		d = grain == 1 ? month_last + 1 : d + 1;
	}
	sqlite3_clear_bindings(st);
	return rc;
}

/* The appeals' figures from the rollup: the cells of the range, the pending deadlines as_of
 * has passed, and the appeals still queued as dirty judged live instead of their stale
 * facts.  An as_of before the horizon that ends a month adds that month end's snapshot (what
 * differed then from the items).  Any other day D before the horizon is read as of the
 * nearer month end B (the one ending D's month, or the one before it), corrected by the
 * turns between D and B (sql/023): a half month of turn days at most.  *used false: no
 * horizon yet, the plain query must answer. */
static enum gl_err rates_from_cells(struct store *s, const struct rate_query *q,
				    struct arena *a, const struct calendar *cal,
				    struct groups *g, bool *used)
{
	const char *horizon, *firstyear;
	char asof[11], hi[11], lo[11], base[11], wlo[11], whi[11], thi[11];
	struct names nm;
	struct ymd l, h;
	sqlite3_stmt *st;
	struct fact *x = NULL;
	bool past, mid, ranged;
	int sign = 0;
	int64_t add_day = 0, take_day = 0;
	enum gl_err rc;
	int r;

	*used = false;
	date_format_iso(q->as_of, asof, sizeof(asof));
	if ((rc = read_text1(s, RC_HORIZON, a, &horizon)) != GL_OK)
		return rc;
	if (!horizon)
		return GL_OK;
	mid = strcmp(asof, horizon) < 0 && !is_month_end(q->as_of);
	snprintf(base, sizeof(base), "%s", asof);
	if (mid) {
		/* The nearer month end: the later one on a tie (its turns are the fresher). */
		int64_t dd = date_to_days(q->as_of);
		int64_t e0 = date_to_days((struct ymd){q->as_of.y, q->as_of.m, 1}) - 1;
		char e[11];

		month_end(asof, e);
		if (date_parse_iso(e, &h) != 0)
			return GL_OK;
		if (date_to_days(h) - dd <= dd - e0) {
			snprintf(base, sizeof(base), "%s", e);
			snprintf(wlo, sizeof(wlo), "%s", asof);
			snprintf(whi, sizeof(whi), "%s", e);
			sign = -1;
		} else {
			date_format_iso(date_from_days(e0), base, sizeof(base));
			snprintf(wlo, sizeof(wlo), "%s", base);
			snprintf(whi, sizeof(whi), "%s", asof);
			sign = 1;
		}
		/* Turns are read for the submissions up to the month's end: those after D turn
		 * on their submission day or later, after D, and the later base took them in. */
		snprintf(thi, sizeof(thi), "%s", q->to && strcmp(q->to, e) < 0 ? q->to : e);
		if (!(x = malloc(sizeof(*x))))
			return GL_ENOMEM;
	}
	past = strcmp(base, horizon) < 0;
	*used = true;
	if ((rc = read_text1(s, RC_FIRST, a, &firstyear)) != GL_OK ||
	    (rc = load_names(s, a, &nm)) != GL_OK)
		goto out;
	/* Submitted on or before the base day, within from..to. */
	snprintf(hi, sizeof(hi), "%s", q->to && strcmp(q->to, base) < 0 ? q->to : base);
	snprintf(lo, sizeof(lo), "%s", q->from ? q->from : "0000-01-01");
	if (firstyear && strcmp(lo, firstyear) < 0)
		snprintf(lo, sizeof(lo), "%.4s-01-01", firstyear);
	ranged = firstyear && strcmp(lo, hi) <= 0 && date_parse_iso(lo, &l) == 0 &&
		 date_parse_iso(hi, &h) == 0;
	if (ranged) {
		const struct source cells = {NULL, NULL}, snap = {base, NULL}, pend = {NULL, base};

		/* The items, what differed at the month end, the deadlines passed by then. */
		if ((rc = read_range(s, q, a, &nm, &cells, l, h, g)) != GL_OK ||
		    (past && (rc = read_range(s, q, a, &nm, &snap, l, h, g)) != GL_OK) ||
		    (rc = read_range(s, q, a, &nm, &pend, l, h, g)) != GL_OK)
			goto out;
	}
	if (mid && firstyear && strcmp(lo, thi) <= 0 && date_parse_iso(lo, &l) == 0 &&
	    date_parse_iso(thi, &h) == 0 &&
	    (rc = read_turns(s, q, a, &nm, l, h, wlo, whi, sign, g)) != GL_OK)
		goto out;
	/* Appeals changed since they were folded in: their stale facts out (what the base and
	 * the turns hold of them)... */
	if (!(st = mod_stmt(s, MOD_RATES, RC_DIRTY_OLD, rt_sql))) {
		rc = GL_EDB;
		goto out;
	}
	bind_text(st, 2, q->from ? q->from : "");
	bind_text(st, 3, mid ? thi : hi);
	bind_query(st, q, a);
	bind_text(st, 8, past ? base : NULL);
	if (mid) {
		/* The turns read held sign x (item as of whi - item as of wlo) of each appeal: a
		 * stale one's are taken out again: its item as of add_day added back, as of
		 * take_day taken away. */
		struct ymd dl, dh;

		date_parse_iso(wlo, &dl);
		date_parse_iso(whi, &dh);
		add_day = date_to_days(sign < 0 ? dh : dl);
		take_day = date_to_days(sign < 0 ? dl : dh);
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct place p;
		struct rate_cell *c;
		struct rate_item it;
		const char *rd = (const char *)sqlite3_column_text(st, 5);
		const char *ad = (const char *)sqlite3_column_text(st, 6);

		place_of(st, &nm, &p);
		if (!(c = group_for(g, &p))) {
			sqlite3_reset(st);
			rc = GL_ENOMEM;
			goto out;
		}
		if (p.day && strcmp(p.day, hi) <= 0) {
			item_unpack(sqlite3_column_int64(st, 4), &it);
			rates_remove(&c->acc, &it);
			c->acc.response_due -= rd && strcmp(rd, base) < 0;
			c->acc.answer_due -= ad && strcmp(ad, base) < 0;
		}
		if (mid) {
			int64_t v;

			turns_decode(sqlite3_column_blob(st, 7), sqlite3_column_bytes(st, 7), x);
			if (turn_item(x, add_day, &v)) {
				item_unpack(v, &it);
				rates_add(&c->acc, &it);
			}
			if (turn_item(x, take_day, &v)) {
				item_unpack(v, &it);
				rates_remove(&c->acc, &it);
			}
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "rates dirty");
		goto out;
	}
	/* ... and judged as they are now, as of as_of. */
	if (!(st = mod_stmt(s, MOD_RATES, RC_DIRTY_LIVE, rt_sql))) {
		rc = GL_EDB;
		goto out;
	}
	bind_text(st, 1, asof);
	bind_text(st, 2, q->from);
	bind_text(st, 3, q->to);
	bind_query(st, q, a);
	rc = add_items(s, st, cal, g);
	sqlite3_clear_bindings(st);
out:
	free(x);
	return rc;
}

enum gl_err store_rates(struct store *s, const struct rate_query *q, struct arena *a,
			struct rate_result *out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_RATES, (int)q->kind, rt_sql);
	struct groups g = {.q = q, .a = a};
	struct calendar cal;
	char asof[11];
	bool used = false;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_calendar_load(s, a, &cal)) != GL_OK)
		return rc;
	if (!st)
		return GL_EDB;
	if (q->kind == RATE_KIND_APPEALS && !q->plain &&
	    (rc = rates_from_cells(s, q, a, &cal, &g, &used)) != GL_OK)
		return rc;
	if (!used) {
		bind_text(st, 1, date_format_iso(q->as_of, asof, sizeof(asof)));
		bind_text(st, 2, q->from);
		bind_text(st, 3, q->to);
		bind_query(st, q, a);
		if ((rc = add_items(s, st, &cal, &g)) != GL_OK)
			return rc;
		sqlite3_clear_bindings(st);
	}
	out->cells_used = used;
	/* Groups emptied by taking back stale facts were never there. */
	for (size_t i = 0; i < g.n; i++) {
		if (g.cells[i].acc.items == 0)
			continue;
		rates_merge(&out->total, &g.cells[i].acc);
		g.cells[out->ncells++] = g.cells[i];
	}
	out->cells = g.cells;
	if (out->ncells > 1)
		qsort(out->cells, out->ncells, sizeof(*out->cells), cell_cmp);
	return GL_OK;
}
