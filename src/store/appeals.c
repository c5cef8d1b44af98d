/* appeals.c - enterprise appeals (诉求) in SQLite: intake, the workflow's writes, the
 * timeline, attachments' rows, extensions, supervision (督办) and the deadline sweep. */
#include "search-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/date.h"

#define AP_COLS "ap.id, ap.version, ap.code, ap.enterprise_id, ap.category, ap.channel," \
	" ap.project_id, ap.roundtable_id, ap.external_id, ap.title, ap.text, ap.contact," \
	" ap.state, ap.complexity, ap.lead_unit_id, ap.submitted_at, ap.accept_due_on," \
	" ap.accepted_at, ap.answer_due_on, ap.due_fallback, ap.answered_at, ap.answer," \
	" ap.rating, ap.rating_comment, ap.rated_at, ap.closed_at, ap.decline_reason," \
	" ap.reopen_count, ap.supervised, ap.submitted_by, ap.created_at, ap.updated_at," \
	" e.name, c.name, u.name, p.name," \
	" EXISTS (SELECT 1 FROM appeal_extension x WHERE x.appeal_id = ap.id" \
	"  AND x.status = 'pending')" \
	" FROM appeal ap JOIN enterprise e ON e.id = ap.enterprise_id" \
	" JOIN appeal_category c ON c.code = ap.category" \
	" LEFT JOIN unit u ON u.id = ap.lead_unit_id LEFT JOIN project p ON p.id = ap.project_id"
/* An enterprise user sees its enterprise's appeals; a handler those where one of its units
 * is the lead or a co-unit.  (E: enterprise id, U: units as a JSON array; NULL: no limit.) */
#define AP_SCOPE(E, U) \
	" AND (" E " IS NULL OR ap.enterprise_id = " E ")" \
	" AND (" U " IS NULL OR EXISTS (SELECT 1 FROM appeal_unit au WHERE au.appeal_id = ap.id" \
	"  AND au.unit_id IN (SELECT value FROM json_each(" U "))))"
/* The deadline that runs now (appeal_running_due). */
#define AP_DUE \
	"(CASE WHEN ap.state = 'submitted' THEN ap.accept_due_on" \
	" WHEN ap.state IN ('accepted', 'assigned', 'in_progress') THEN ap.answer_due_on END)"
#define AP_FILTERS \
	" WHERE (?1 IS NULL OR ap.state IN (SELECT value FROM json_each(?1)))" \
	" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM appeal_unit au2 WHERE au2.appeal_id = ap.id" \
	"  AND au2.unit_id = ?2))" \
	" AND (?3 IS NULL OR ap.category = ?3) AND (?4 IS NULL OR ap.channel = ?4)" \
	" AND (?5 IS NULL OR ap.enterprise_id = ?5) AND (?6 IS NULL OR ap.project_id = ?6)" \
	" AND (?7 IS NULL OR ap.roundtable_id = ?7)" \
	" AND (?8 IS NULL OR " AP_DUE " < ?8)" \
	" AND (?9 IS NULL OR " AP_DUE " BETWEEN ?9 AND ?10)" \
	" AND (?11 IS NULL OR ap.supervised = ?11)" \
	" AND (?12 IS NULL OR ap.submitted_at >= ?12) AND (?13 IS NULL OR ap.submitted_at < ?13)" \
	AP_SCOPE("?14", "?15")

enum {
	AP_GET,
	AP_LIST,
	AP_COUNT,
	AP_SEQ_NEXT,
	AP_INSERT,
	AP_UPDATE,
	AP_UNIT_INSERT,
	AP_UNITS_CLEAR,
	AP_UNITS,
	AP_EVENT_INSERT,
	AP_EVENTS,
	AP_LAST_EVENT_AT,
	AP_ATT_INSERT,
	AP_ATTS,
	AP_ATT_GET,
	AP_EXT_INSERT,
	AP_EXT_DECIDE,
	AP_EXTS,
	AP_SUP_INSERT,
	AP_SUP_CLOSE,
	AP_SUP_CLOSE_KIND,
	AP_SUPS,
	AP_SUP_LIST,
	AP_SUP_HAS_OPEN,
	AP_SUP_CLEAR_FLAG,
	AP_LEADER_OF,
	AP_OVERDUE,
	AP_STALE_SUP,
	AP_MARK_SUPERVISED,
	AP_SETTINGS,
	AP_SETTING_PUT,
	AP_CATS,
	AP_CAT_UPSERT,
	AP_CAT_USED,
	AP_CAT_DELETE,
	AP_CAT_ACTIVE,
	AP_EXISTS_ENT,
	AP_EXISTS_PRJ,
	AP_EXISTS_RT,
	AP_EXISTS_UNIT,
	AP__MAX
};

static const char *const ap_sql[AP__MAX] = {
	[AP_GET] = "SELECT " AP_COLS " WHERE ap.id = ?1" AP_SCOPE("?2", "?3"),
	[AP_LIST] = "SELECT " AP_COLS AP_FILTERS
		" ORDER BY CASE WHEN ?16 THEN " AP_DUE " END, ap.id DESC LIMIT ?17 OFFSET ?18",
	[AP_COUNT] = "SELECT count(*) FROM appeal ap" AP_FILTERS,
	[AP_SEQ_NEXT] = "INSERT INTO appeal_seq (year, last) VALUES (?1, 1)"
		" ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
	[AP_INSERT] =
		"INSERT INTO appeal (code, enterprise_id, category, channel, project_id,"
		" roundtable_id, external_id, title, text, contact, state, complexity, lead_unit_id,"
		" submitted_at, accept_due_on, accepted_at, answer_due_on, due_fallback, answered_at,"
		" answer, submitted_by, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22, ?22)",
	[AP_UPDATE] =
		"UPDATE appeal SET state = ?3, complexity = ?4, lead_unit_id = ?5, accepted_at = ?6,"
		" answer_due_on = ?7, due_fallback = ?8, answered_at = ?9, answer = ?10, rating = ?11,"
		" rating_comment = ?12, rated_at = ?13, closed_at = ?14, decline_reason = ?15,"
		" reopen_count = ?16, supervised = ?17, version = version + 1, updated_at = ?18"
		" WHERE id = ?1 AND version = ?2",
	[AP_UNIT_INSERT] = "INSERT OR REPLACE INTO appeal_unit (appeal_id, unit_id, role)"
		" VALUES (?1, ?2, ?3)",
	[AP_UNITS_CLEAR] = "DELETE FROM appeal_unit WHERE appeal_id = ?1",
	[AP_UNITS] = "SELECT au.unit_id, u.name, au.role = 'lead' FROM appeal_unit au"
		" JOIN unit u ON u.id = au.unit_id WHERE au.appeal_id = ?1",
	[AP_EVENT_INSERT] = "INSERT INTO appeal_event (appeal_id, at, kind, from_state, to_state,"
		" user_id, username, unit_id, note, recorded_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[AP_EVENTS] = "SELECT ev.id, ev.user_id, ev.unit_id, ev.at, ev.kind, ev.from_state,"
		" ev.to_state, ev.username, u.name, ev.note, ev.recorded_at FROM appeal_event ev"
		" LEFT JOIN unit u ON u.id = ev.unit_id WHERE ev.appeal_id = ?1 ORDER BY ev.id",
	[AP_LAST_EVENT_AT] = "SELECT max(at) FROM appeal_event WHERE appeal_id = ?1",
	[AP_ATT_INSERT] = "INSERT INTO appeal_attachment (appeal_id, sha256, name, mime, size,"
		" user_id, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[AP_ATTS] = "SELECT id, appeal_id, size, user_id, sha256, name, mime, uploaded_at"
		" FROM appeal_attachment WHERE appeal_id = ?1 ORDER BY id",
	[AP_ATT_GET] = "SELECT id, appeal_id, size, user_id, sha256, name, mime, uploaded_at"
		" FROM appeal_attachment WHERE appeal_id = ?1 AND id = ?2",
	[AP_EXT_INSERT] = "INSERT INTO appeal_extension (appeal_id, days, reason, requested_by,"
		" requested_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[AP_EXT_DECIDE] = "UPDATE appeal_extension SET status = ?2, decided_by = ?3,"
		" decided_at = ?4, decision_note = ?5 WHERE appeal_id = ?1 AND status = 'pending'"
		" RETURNING days",
	[AP_EXTS] = "SELECT id, appeal_id, days, requested_by, decided_by, reason, requested_at,"
		" status, decided_at, decision_note FROM appeal_extension WHERE appeal_id = ?1"
		" ORDER BY id",
	[AP_SUP_INSERT] = "INSERT INTO supervision (appeal_id, kind, unit_id, escalated_to,"
		" opened_at, opened_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[AP_SUP_CLOSE] = "UPDATE supervision SET closed_at = ?2 WHERE appeal_id = ?1"
		" AND closed_at IS NULL",
	[AP_SUP_CLOSE_KIND] = "UPDATE supervision SET closed_at = ?2 WHERE appeal_id = ?1"
		" AND kind = ?3 AND closed_at IS NULL",
	[AP_SUPS] = "SELECT sv.id, sv.appeal_id, sv.unit_id, sv.escalated_to, sv.opened_by,"
		" sv.kind, sv.opened_at, sv.closed_at, sv.note, ap.code, u.name, us.display_name"
		" FROM supervision sv JOIN appeal ap ON ap.id = sv.appeal_id"
		" LEFT JOIN unit u ON u.id = sv.unit_id LEFT JOIN user us ON us.id = sv.escalated_to"
		" WHERE sv.appeal_id = ?1 ORDER BY sv.id",
	[AP_SUP_LIST] = "SELECT sv.id, sv.appeal_id, sv.unit_id, sv.escalated_to, sv.opened_by,"
		" sv.kind, sv.opened_at, sv.closed_at, sv.note, ap.code, u.name, us.display_name"
		" FROM supervision sv JOIN appeal ap ON ap.id = sv.appeal_id"
		" LEFT JOIN unit u ON u.id = sv.unit_id LEFT JOIN user us ON us.id = sv.escalated_to"
		" WHERE (?1 = 0 OR sv.closed_at IS NULL) AND (?2 IS NULL OR sv.unit_id = ?2)"
		" AND (?3 IS NULL OR sv.escalated_to = ?3)" AP_SCOPE("?4", "?5")
		" ORDER BY sv.unit_id, sv.opened_at, sv.id LIMIT ?6 OFFSET ?7",
	[AP_SUP_HAS_OPEN] = "SELECT count(*) FROM supervision WHERE appeal_id = ?1"
		" AND closed_at IS NULL AND (?2 IS NULL OR kind = ?2)",
	[AP_SUP_CLEAR_FLAG] = "UPDATE appeal SET supervised = 0 WHERE id = ?1 AND NOT EXISTS"
		" (SELECT 1 FROM supervision WHERE appeal_id = ?1 AND closed_at IS NULL)",
	/* The leader in charge of a unit: an enabled leader linked to the unit, else the
	 * zone's first enabled leader, else the first enabled admin. */
	[AP_LEADER_OF] = "SELECT id FROM user WHERE disabled = 0 AND (role = 'admin' OR"
		" role = 'leader') ORDER BY role = 'leader' AND id IN (SELECT user_id FROM user_unit"
		" WHERE unit_id = ?1) DESC, role = 'leader' DESC, id LIMIT 1",
	[AP_OVERDUE] = "SELECT ap.id, ap.state, ap.lead_unit_id FROM appeal ap"
		" WHERE ap.state IN ('submitted', 'accepted', 'assigned', 'in_progress')"
		" AND " AP_DUE " < ?1 AND NOT EXISTS (SELECT 1 FROM supervision sv"
		"  WHERE sv.appeal_id = ap.id AND sv.closed_at IS NULL AND sv.kind ="
		"  CASE WHEN ap.state = 'submitted' THEN 'overdue_accept' ELSE 'overdue_answer' END)"
		" ORDER BY ap.id",
	/* Open supervision whose reason is gone: the appeal was answered or declined (close
	 * all), or accepted after an overdue acceptance (close that one). */
	[AP_STALE_SUP] = "SELECT DISTINCT sv.appeal_id, ap.state NOT IN"
		" ('submitted', 'accepted', 'assigned', 'in_progress') FROM supervision sv"
		" JOIN appeal ap ON ap.id = sv.appeal_id WHERE sv.closed_at IS NULL AND (ap.state"
		" NOT IN ('submitted', 'accepted', 'assigned', 'in_progress')"
		" OR (sv.kind = 'overdue_accept' AND ap.state <> 'submitted')) ORDER BY sv.appeal_id",
	[AP_MARK_SUPERVISED] = "UPDATE appeal SET supervised = 1 WHERE id = ?1",
	[AP_SETTINGS] = "SELECT key, value FROM appeal_setting",
	[AP_SETTING_PUT] = "INSERT INTO appeal_setting (key, value) VALUES (?1, ?2)"
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[AP_CATS] = "SELECT code, name, seq, active FROM appeal_category"
		" WHERE ?1 OR active = 1 ORDER BY seq, code",
	[AP_CAT_UPSERT] = "INSERT INTO appeal_category (code, name, seq, active)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
		" seq = excluded.seq, active = excluded.active",
	[AP_CAT_USED] = "SELECT count(*) FROM appeal WHERE category = ?1",
	[AP_CAT_DELETE] = "DELETE FROM appeal_category WHERE code = ?1",
	[AP_CAT_ACTIVE] = "SELECT active FROM appeal_category WHERE code = ?1",
	[AP_EXISTS_ENT] = "SELECT 1 FROM enterprise WHERE id = ?1",
	[AP_EXISTS_PRJ] = "SELECT 1 FROM project WHERE id = ?1",
	[AP_EXISTS_RT] = "SELECT 1 FROM roundtable WHERE id = ?1",
	[AP_EXISTS_UNIT] = "SELECT 1 FROM unit WHERE id = ?1",
};

static sqlite3_stmt *ap(struct store *s, int i)
{
	return mod_stmt(s, MOD_APPEAL, i, ap_sql);
}

static int parse_or(int v, int dflt)
{
	return v < 0 ? dflt : v;
}

static void read_row(sqlite3_stmt *st, struct arena *a, struct appeal *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->version = sqlite3_column_int64(st, 1);
	x->code = col_text(st, 2, a);
	x->enterprise_id = sqlite3_column_int64(st, 3);
	x->category = col_text(st, 4, a);
	x->channel = (enum appeal_channel)parse_or(
		appeal_channel_parse((const char *)sqlite3_column_text(st, 5)), CHANNEL_ONLINE);
	x->project_id = sqlite3_column_int64(st, 6);
	x->roundtable_id = sqlite3_column_int64(st, 7);
	x->external_id = col_text(st, 8, a);
	x->title = col_text(st, 9, a);
	x->text = col_text(st, 10, a);
	x->contact = col_text(st, 11, a);
	x->state = (enum appeal_state)parse_or(
		appeal_state_parse((const char *)sqlite3_column_text(st, 12)), APPEAL_SUBMITTED);
	x->complexity = appeal_complexity_parse((const char *)sqlite3_column_text(st, 13));
	x->lead_unit_id = sqlite3_column_int64(st, 14);
	x->submitted_at = col_text(st, 15, a);
	x->accept_due_on = col_text(st, 16, a);
	x->accepted_at = col_text(st, 17, a);
	x->answer_due_on = col_text(st, 18, a);
	x->due_fallback = sqlite3_column_int(st, 19);
	x->answered_at = col_text(st, 20, a);
	x->answer = col_text(st, 21, a);
	x->rating = appeal_rating_parse((const char *)sqlite3_column_text(st, 22));
	x->rating_comment = col_text(st, 23, a);
	x->rated_at = col_text(st, 24, a);
	x->closed_at = col_text(st, 25, a);
	x->decline_reason = col_text(st, 26, a);
	x->reopen_count = sqlite3_column_int64(st, 27);
	x->supervised = sqlite3_column_int(st, 28);
	x->submitted_by = sqlite3_column_int64(st, 29);
	x->created_at = col_text(st, 30, a);
	x->updated_at = col_text(st, 31, a);
	x->enterprise_name = col_text(st, 32, a);
	x->category_name = col_text(st, 33, a);
	x->lead_unit_name = col_text(st, 34, a);
	x->project_name = col_text(st, 35, a);
	x->extension_pending = sqlite3_column_int(st, 36);
}

static const char *opt_name(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? names[v] : NULL;
}

/* ---- reading ------------------------------------------------------------------------- */

/* The lead unit first, then the co-units by id. */
static int unit_order(const void *pa, const void *pb)
{
	const struct appeal_unit *x = pa, *y = pb;

	if (x->lead != y->lead)
		return y->lead - x->lead;
	return (x->unit_id > y->unit_id) - (x->unit_id < y->unit_id);
}

/* Sorted here, not by ORDER BY: a handful of rows, and SQLite's sorter cost more to set up
 * than the rows cost to read (perf: 1.6% of an intake's CPU, for the 201's one unit). */
static enum gl_err read_units(struct store *s, struct appeal *x, struct arena *a)
{
	sqlite3_stmt *st = ap(s, AP_UNITS);
	size_t cap = 4;
	int r;

	if (!st)
		return GL_EDB;
	x->units = arena_alloc(a, cap * sizeof(*x->units));
	sqlite3_bind_int64(st, 1, x->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (x->nunits == cap) {
			struct appeal_unit *more = arena_alloc(a, 2 * cap * sizeof(*more));

			memcpy(more, x->units, cap * sizeof(*more));
			x->units = more;
			cap *= 2;
		}
		struct appeal_unit *u = &x->units[x->nunits++];
		u->unit_id = sqlite3_column_int64(st, 0);
		u->name = col_text(st, 1, a);
		u->lead = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (x->nunits > 1)
		qsort(x->units, x->nunits, sizeof(*x->units), unit_order);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "appeal units");
}

/* Step st (bound) and copy every row with fill into a growing array of elem-sized items. */
static enum gl_err read_all(struct store *s, sqlite3_stmt *st, size_t elem, struct arena *a,
			    void (*fill)(sqlite3_stmt *, struct arena *, void *), void **items,
			    size_t *n)
{
	size_t cap = 8;
	char *arr = arena_alloc(a, cap * elem);
	int r;

	*n = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			char *more = arena_alloc(a, 2 * cap * elem);

			memcpy(more, arr, cap * elem);
			arr = more;
			cap *= 2;
		}
		memset(arr + *n * elem, 0, elem);
		fill(st, a, arr + *n * elem);
		(*n)++;
	}
	sqlite3_reset(st);
	*items = arr;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "appeal detail");
}

static void fill_event(sqlite3_stmt *st, struct arena *a, void *p)
{
	struct appeal_event *e = p;

	e->id = sqlite3_column_int64(st, 0);
	e->user_id = sqlite3_column_int64(st, 1);
	e->unit_id = sqlite3_column_int64(st, 2);
	e->at = col_text(st, 3, a);
	e->kind = col_text(st, 4, a);
	e->from_state = col_text(st, 5, a);
	e->to_state = col_text(st, 6, a);
	e->username = col_text(st, 7, a);
	e->unit_name = col_text(st, 8, a);
	e->note = col_text(st, 9, a);
	e->recorded_at = col_text(st, 10, a);
}

static void fill_attachment(sqlite3_stmt *st, struct arena *a, void *p)
{
	struct appeal_attachment *t = p;

	t->id = sqlite3_column_int64(st, 0);
	t->appeal_id = sqlite3_column_int64(st, 1);
	t->size = sqlite3_column_int64(st, 2);
	t->user_id = sqlite3_column_int64(st, 3);
	t->sha256 = col_text(st, 4, a);
	t->name = col_text(st, 5, a);
	t->mime = col_text(st, 6, a);
	t->uploaded_at = col_text(st, 7, a);
}

static void fill_extension(sqlite3_stmt *st, struct arena *a, void *p)
{
	struct appeal_extension *x = p;

	x->id = sqlite3_column_int64(st, 0);
	x->appeal_id = sqlite3_column_int64(st, 1);
	x->days = sqlite3_column_int64(st, 2);
	x->requested_by = sqlite3_column_int64(st, 3);
	x->decided_by = sqlite3_column_int64(st, 4);
	x->reason = col_text(st, 5, a);
	x->requested_at = col_text(st, 6, a);
	x->status = col_text(st, 7, a);
	x->decided_at = col_text(st, 8, a);
	x->decision_note = col_text(st, 9, a);
}

static void fill_supervision(sqlite3_stmt *st, struct arena *a, void *p)
{
	struct supervision *v = p;

	v->id = sqlite3_column_int64(st, 0);
	v->appeal_id = sqlite3_column_int64(st, 1);
	v->unit_id = sqlite3_column_int64(st, 2);
	v->escalated_to = sqlite3_column_int64(st, 3);
	v->opened_by = sqlite3_column_int64(st, 4);
	v->kind = col_text(st, 5, a);
	v->opened_at = col_text(st, 6, a);
	v->closed_at = col_text(st, 7, a);
	v->note = col_text(st, 8, a);
	v->appeal_code = col_text(st, 9, a);
	v->unit_name = col_text(st, 10, a);
	v->escalated_name = col_text(st, 11, a);
}

static enum gl_err read_detail(struct store *s, struct appeal *x, struct arena *a)
{
	sqlite3_stmt *st;
	enum gl_err rc;

	if ((rc = read_units(s, x, a)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_EVENTS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->id);
	if ((rc = read_all(s, st, sizeof(*x->events), a, fill_event, (void **)&x->events,
			   &x->nevents)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_ATTS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->id);
	if ((rc = read_all(s, st, sizeof(*x->attachments), a, fill_attachment,
			   (void **)&x->attachments, &x->nattachments)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_EXTS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->id);
	if ((rc = read_all(s, st, sizeof(*x->extensions), a, fill_extension,
			   (void **)&x->extensions, &x->nextensions)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_SUPS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->id);
	return read_all(s, st, sizeof(*x->supervisions), a, fill_supervision,
			(void **)&x->supervisions, &x->nsupervisions);
}

enum gl_err store_appeal_get(struct store *s, int64_t id, const struct scope *scope, int detail,
			     struct arena *a, struct appeal *out)
{
	sqlite3_stmt *st = ap(s, AP_GET);
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	scope_bind(st, 2, scope, a);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_row(st, a, out);
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get appeal");
	return detail ? read_detail(s, out, a) : read_units(s, out, a);
}

static void bind_filters(sqlite3_stmt *st, const struct appeal_query *q, struct arena *a)
{
	bind_text(st, 1, q->states_json);
	bind_id(st, 2, q->unit_id);
	bind_text(st, 3, q->category);
	bind_text(st, 4, q->channel >= 0 ? appeal_channel_names[q->channel] : NULL);
	bind_id(st, 5, q->enterprise_id);
	bind_id(st, 6, q->project_id);
	bind_id(st, 7, q->roundtable_id);
	bind_text(st, 8, q->due_before);
	bind_text(st, 9, q->due_from);
	bind_text(st, 10, q->due_to);
	if (q->supervised >= 0)
		sqlite3_bind_int(st, 11, q->supervised);
	bind_text(st, 12, q->from);
	bind_text(st, 13, q->to);
	scope_bind(st, 14, q->scope, a);
	sqlite3_bind_int(st, 16, q->by_due);
}

enum gl_err store_appeal_list(struct store *s, const struct appeal_query *q, struct arena *a,
			      struct appeal_page *out)
{
	sqlite3_stmt *st = ap(s, AP_COUNT);
	size_t cap;
	int r;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_filters(st, q, a);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_LIST)))
		return GL_EDB;
	bind_filters(st, q, a);
	sqlite3_bind_int64(st, 17, q->limit);
	sqlite3_bind_int64(st, 18, q->offset);
	cap = q->limit > 0 && q->limit < 1000 ? (size_t)q->limit : 1000;
	out->items = arena_alloc(a, (cap ? cap : 1) * sizeof(*out->items));
	while ((r = sqlite3_step(st)) == SQLITE_ROW && (size_t)out->n < cap)
		read_row(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return store_fail(s, "list appeals");
	for (int64_t i = 0; i < out->n; i++)
		if ((rc = read_units(s, &out->items[i], a)) != GL_OK)
			return rc;
	return GL_OK;
}

/* ---- settings and categories -------------------------------------------------------- */

static const char *const setting_keys[] = {
	"accept_days", "simple_days", "ordinary_days", "complex_days", "due_soon_days",
	"duplicate_window_days",
};

static int *setting_slot(struct appeal_settings *x, int i)
{
	switch (i) {
	case 0: return &x->accept_days;
	case 1: return &x->complexity_days[COMPLEXITY_SIMPLE];
	case 2: return &x->complexity_days[COMPLEXITY_ORDINARY];
	case 3: return &x->complexity_days[COMPLEXITY_COMPLEX];
	case 4: return &x->due_soon_days;
	default: return &x->duplicate_window_days;
	}
}

enum gl_err store_appeal_settings_get(struct store *s, struct appeal_settings *out)
{
	sqlite3_stmt *st = ap(s, AP_SETTINGS);
	int r;

	*out = (struct appeal_settings){1, {3, 15, 30}, 2, 30};
	if (!st)
		return GL_EDB;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);

		for (int i = 0; i < 6; i++)
			if (k && strcmp(k, setting_keys[i]) == 0)
				*setting_slot(out, i) = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "appeal settings");
}

enum gl_err store_appeal_settings_put(struct store *s, const struct appeal_settings *in)
{
	struct appeal_settings before, copy = *in;
	struct changes c = {0};
	struct arena a;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	arena_init(&a);
	rc = store_appeal_settings_get(s, &before);
	for (int i = 0; i < 6 && rc == GL_OK; i++) {
		sqlite3_stmt *st = ap(s, AP_SETTING_PUT);

		if (!st) {
			rc = GL_EDB;
			break;
		}
		changes_int(&c, &a, setting_keys[i], true, *setting_slot(&before, i), true,
			    *setting_slot(&copy, i));
		bind_text(st, 1, setting_keys[i]);
		sqlite3_bind_int(st, 2, *setting_slot(&copy, i));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "put appeal setting");
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = audit_write(s, "update", "appeal_settings", 0, &c);
	arena_release(&a);
	return store_end(s, rc);
}

enum gl_err store_appeal_categories(struct store *s, int all, struct arena *a,
				    struct appeal_category **items, size_t *n)
{
	sqlite3_stmt *st = ap(s, AP_CATS);
	size_t cap = 16;
	int r;

	*n = 0;
	if (!st)
		return GL_EDB;
	*items = arena_alloc(a, cap * sizeof(**items));
	sqlite3_bind_int(st, 1, all);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct appeal_category *more = arena_alloc(a, 2 * cap * sizeof(*more));

			memcpy(more, *items, cap * sizeof(*more));
			*items = more;
			cap *= 2;
		}
		struct appeal_category *c = &(*items)[(*n)++];
		c->code = col_text(st, 0, a);
		c->name = col_text(st, 1, a);
		c->seq = sqlite3_column_int(st, 2);
		c->active = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "appeal categories");
}

enum gl_err store_appeal_categories_put(struct store *s, const struct appeal_category *items,
					size_t n, struct arena *a, struct verrors *errs)
{
	struct appeal_category *old;
	size_t nold;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	rc = store_appeal_categories(s, 1, a, &old, &nold);
	/* A category that left the list: deleted when no appeal names it; otherwise it must be
	 * kept (deactivated) so old appeals keep their name. */
	for (size_t i = 0; i < nold && rc == GL_OK; i++) {
		bool kept = false;
		int64_t used = 0;

		for (size_t j = 0; j < n; j++)
			kept = kept || strcmp(items[j].code, old[i].code) == 0;
		if (kept)
			continue;
		sqlite3_stmt *st = ap(s, AP_CAT_USED);
		if (!st) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, old[i].code);
		if ((rc = step_int(s, st, &used)) != GL_OK)
			break;
		if (used) {
			verr_add(errs, "items", "invalid", "category %s is used by %lld appeals:"
				 " deactivate it (active: false) instead of removing it",
				 old[i].code, (long long)used);
			continue;
		}
		if (!(st = ap(s, AP_CAT_DELETE))) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, old[i].code);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "delete appeal category");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	for (size_t i = 0; i < n && rc == GL_OK; i++) {
		sqlite3_stmt *st = ap(s, AP_CAT_UPSERT);

		if (!st) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, items[i].code);
		bind_text(st, 2, items[i].name);
		sqlite3_bind_int(st, 3, (int)i + 1);
		sqlite3_bind_int(st, 4, items[i].active);
		int r = sqlite3_step(st);
		if (r == SQLITE_CONSTRAINT) {
			verr_add(errs, "items", "duplicate", "the name %s is used twice",
				 items[i].name);
			rc = GL_EINVALID;
		} else if (r != SQLITE_DONE) {
			rc = store_fail(s, "put appeal category");
		}
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = audit_write(s, "replace", "appeal_categories", 0, NULL);
	return store_end(s, rc);
}

/* ---- writing ------------------------------------------------------------------------- */

static enum gl_err check_exists(struct store *s, int which, int64_t id, const char *field,
				const char *what, struct verrors *errs)
{
	sqlite3_stmt *st;
	int64_t one;
	enum gl_err rc;

	if (!id)
		return GL_OK;
	if (!(st = ap(s, which)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = step_int(s, st, &one);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, field, "unknown", "no %s has id %lld", what, (long long)id);
		return GL_OK;
	}
	return rc;
}

static enum gl_err event(struct store *s, int64_t appeal_id, const char *at, const char *kind,
			 int from, int to, const struct appeal_actor *who, int64_t unit_id,
			 const char *note)
{
	sqlite3_stmt *st = ap(s, AP_EVENT_INSERT);
	enum gl_err rc = GL_OK;
	char recorded[32];

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	/* The real time of writing, whatever the effective time at says (补录 is audited). */
	bind_text(st, 10, date_format_timestamp(time(NULL), recorded, sizeof(recorded)));
	bind_text(st, 2, at);
	bind_text(st, 3, kind);
	bind_text(st, 4, opt_name(appeal_state_names, APPEAL_STATE__MAX, from));
	bind_text(st, 5, opt_name(appeal_state_names, APPEAL_STATE__MAX, to));
	bind_id(st, 6, who ? who->user_id : 0);
	bind_text(st, 7, who && who->username ? who->username : "system");
	bind_id(st, 8, unit_id);
	bind_text(st, 9, note);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "appeal event");
	sqlite3_reset(st);
	return rc;
}

/* History entered afterwards (补录) keeps the timeline in order: an effective time before the
 * appeal's latest event would put the new event before what already happened. */
static enum gl_err check_order(struct store *s, int64_t appeal_id, const char *at,
			       struct arena *a, struct verrors *errs)
{
	sqlite3_stmt *st = ap(s, AP_LAST_EVENT_AT);
	const char *last = NULL;
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		last = col_text(st, 0, a);
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "appeal latest event");
	if (last && strcmp(at, last) < 0) {
		verr_add(errs, "at", "invalid", "%s is before the appeal's latest event (%s)", at,
			 last);
		return GL_EINVALID;
	}
	return GL_OK;
}

static enum gl_err unit_row(struct store *s, int64_t appeal_id, int64_t unit_id, bool lead)
{
	sqlite3_stmt *st = ap(s, AP_UNIT_INSERT);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	sqlite3_bind_int64(st, 2, unit_id);
	bind_text(st, 3, lead ? "lead" : "co");
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "appeal unit");
	sqlite3_reset(st);
	return rc;
}

static enum gl_err exec_id(struct store *s, int which, int64_t id, const char *text,
			   const char *text2)
{
	sqlite3_stmt *st = ap(s, which);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		bind_text(st, 2, text);
	if (text2)
		bind_text(st, 3, text2);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "appeal write");
	sqlite3_reset(st);
	return rc;
}

static const char *day_of(const char *instant, char *buf)
{
	/* Instants are written with +08:00, so their first ten characters are the day in
	 * Asia/Shanghai. */
	snprintf(buf, 11, "%.10s", instant ? instant : "");
	return buf;
}

enum gl_err store_appeal_create(struct store *s, struct appeal *x, const struct appeal_actor *who,
				struct arena *a, struct verrors *errs)
{
	struct appeal_settings set;
	struct calendar cal;
	sqlite3_stmt *st;
	char due[11], day[11], code[24];
	bool fb = false, backdated;
	int64_t active = 0, seq;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if ((rc = store_ref_cached(s, &set, &cal)) != GL_OK)
		goto out;
	if (!(st = ap(s, AP_CAT_ACTIVE))) {
		rc = GL_EDB;
		goto out;
	}
	bind_text(st, 1, x->category);
	rc = step_int(s, st, &active);
	if (rc == GL_ENOTFOUND || (rc == GL_OK && !active)) {
		verr_add(errs, "category", rc == GL_OK ? "invalid" : "unknown",
			 "\"%s\" is not an active category; see /api/v1/ref/appeal-categories",
			 x->category);
		rc = GL_OK;
	}
	if (rc != GL_OK ||
	    (rc = check_exists(s, AP_EXISTS_ENT, x->enterprise_id, "enterprise_id", "enterprise",
			       errs)) != GL_OK ||
	    (rc = check_exists(s, AP_EXISTS_PRJ, x->project_id, "project_id", "project",
			       errs)) != GL_OK ||
	    (rc = check_exists(s, AP_EXISTS_RT, x->roundtable_id, "roundtable_id", "roundtable",
			       errs)) != GL_OK ||
	    (rc = check_exists(s, AP_EXISTS_UNIT, x->lead_unit_id, "lead_unit_id", "unit",
			       errs)) != GL_OK)
		goto out;
	if (errs->n) {
		rc = GL_EINVALID;
		goto out;
	}
	backdated = x->submitted_at != NULL;
	if (!x->submitted_at)
		x->submitted_at = store_now(a);
	x->created_at = x->updated_at = store_now(a);
	day_of(x->submitted_at, day);
	x->accept_due_on = arena_strdup(a, appeal_due(&cal, day, set.accept_days, due, &fb));
	/* Answered on the spot: accepted and answered at the moment of submission. */
	if (x->answer) {
		x->state = APPEAL_ANSWERED;
		x->accepted_at = x->answered_at = x->submitted_at;
		if (x->complexity < 0)
			x->complexity = COMPLEXITY_SIMPLE;
		x->answer_due_on = arena_strdup(a, appeal_due(&cal, day,
				set.complexity_days[x->complexity], due, &fb));
	} else {
		x->state = APPEAL_SUBMITTED;
	}
	x->due_fallback = fb;
	if (!(st = ap(s, AP_SEQ_NEXT))) {
		rc = GL_EDB;
		goto out;
	}
	struct ymd sd = {0, 0, 0};
	(void)date_parse_iso(day, &sd);
	sqlite3_bind_int(st, 1, sd.y);
	if ((rc = step_int(s, st, &seq)) != GL_OK)
		goto out;
	snprintf(code, sizeof(code), "SQ%.4s-%05lld", day, (long long)seq);
	x->code = arena_strdup(a, code);
	if (!(st = ap(s, AP_INSERT))) {
		rc = GL_EDB;
		goto out;
	}
	bind_text(st, 1, x->code);
	sqlite3_bind_int64(st, 2, x->enterprise_id);
	bind_text(st, 3, x->category);
	bind_text(st, 4, appeal_channel_names[x->channel]);
	bind_id(st, 5, x->project_id);
	bind_id(st, 6, x->roundtable_id);
	bind_text(st, 7, x->external_id);
	bind_text(st, 8, x->title);
	bind_text(st, 9, x->text);
	bind_text(st, 10, x->contact);
	bind_text(st, 11, appeal_state_names[x->state]);
	bind_text(st, 12, opt_name(appeal_complexity_names, APPEAL_COMPLEXITY__MAX, x->complexity));
	bind_id(st, 13, x->lead_unit_id);
	bind_text(st, 14, x->submitted_at);
	bind_text(st, 15, x->accept_due_on);
	bind_text(st, 16, x->accepted_at);
	bind_text(st, 17, x->answer_due_on);
	sqlite3_bind_int(st, 18, x->due_fallback);
	bind_text(st, 19, x->answered_at);
	bind_text(st, 20, x->answer);
	bind_id(st, 21, who ? who->user_id : 0);
	bind_text(st, 22, x->created_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "insert appeal");
	sqlite3_reset(st);
	if (rc != GL_OK)
		goto out;
	x->id = sqlite3_last_insert_rowid(s->db);
	x->version = 1;
	if (x->lead_unit_id && (rc = unit_row(s, x->id, x->lead_unit_id, true)) != GL_OK)
		goto out;
	rc = event(s, x->id, x->submitted_at, "submit", -1, APPEAL_SUBMITTED, who, 0,
		   appeal_channel_names[x->channel]);
	if (rc == GL_OK && x->answer) {
		rc = event(s, x->id, x->submitted_at, "accept", APPEAL_SUBMITTED, APPEAL_ACCEPTED,
			   who, x->lead_unit_id, "现场受理");
		if (rc == GL_OK)
			rc = event(s, x->id, x->submitted_at, "answer", APPEAL_ACCEPTED,
				   APPEAL_ANSWERED, who, x->lead_unit_id, x->answer);
	}
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_str(&c, "code", NULL, x->code);
		changes_str(&c, "state", NULL, appeal_state_names[x->state]);
		if (backdated)
			changes_str(&c, "submitted_at", NULL, x->submitted_at);
		rc = audit_write(s, "create", "appeal", x->id, &c);
	}
	if (rc == GL_OK)
		rc = store_dup_index(s, x->id, x->text);
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_APPEAL, x->id);
out:
	return store_end(s, rc);
}

static enum gl_err update_row(struct store *s, const struct appeal *x, const char *now)
{
	sqlite3_stmt *st = ap(s, AP_UPDATE);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->id);
	sqlite3_bind_int64(st, 2, x->version);
	bind_text(st, 3, appeal_state_names[x->state]);
	bind_text(st, 4, opt_name(appeal_complexity_names, APPEAL_COMPLEXITY__MAX, x->complexity));
	bind_id(st, 5, x->lead_unit_id);
	bind_text(st, 6, x->accepted_at);
	bind_text(st, 7, x->answer_due_on);
	sqlite3_bind_int(st, 8, x->due_fallback);
	bind_text(st, 9, x->answered_at);
	bind_text(st, 10, x->answer);
	bind_text(st, 11, opt_name(appeal_rating_names, APPEAL_RATING__MAX, x->rating));
	bind_text(st, 12, x->rating_comment);
	bind_text(st, 13, x->rated_at);
	bind_text(st, 14, x->closed_at);
	bind_text(st, 15, x->decline_reason);
	sqlite3_bind_int64(st, 16, x->reopen_count);
	sqlite3_bind_int(st, 17, x->supervised);
	bind_text(st, 18, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "update appeal");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT;
	sqlite3_reset(st);
	return rc;
}

static enum gl_err supervise(struct store *s, int64_t appeal_id, const char *kind,
			     int64_t unit_id, const char *now, const struct appeal_actor *who,
			     const char *note, int64_t *escalated)
{
	sqlite3_stmt *st = ap(s, AP_LEADER_OF);
	int64_t leader = 0;
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	bind_id(st, 1, unit_id);
	rc = step_int(s, st, &leader);
	if (rc == GL_ENOTFOUND)
		rc = GL_OK;
	if (rc != GL_OK || !(st = ap(s, AP_SUP_INSERT)))
		return rc != GL_OK ? rc : GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	bind_text(st, 2, kind);
	bind_id(st, 3, unit_id);
	bind_id(st, 4, leader);
	bind_text(st, 5, now);
	bind_id(st, 6, who ? who->user_id : 0);
	bind_text(st, 7, note);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "open supervision");
	sqlite3_reset(st);
	if (escalated)
		*escalated = leader;
	return rc;
}

enum gl_err store_appeal_act(struct store *s, const struct appeal_act *act, struct arena *a,
			     struct verrors *errs)
{
	struct appeal x;
	struct appeal_settings set;
	struct calendar cal;
	const struct appeal_actor *who = &act->who;
	const char *recorded = store_now(a), *now = act->at ? act->at : recorded;
	char due[11], day[11];
	int from;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if ((rc = store_appeal_get(s, act->appeal_id, NULL, 0, a, &x)) != GL_OK)
		goto out;
	if (act->version && act->version != x.version) {
		rc = GL_ECONFLICT;
		goto out;
	}
	/* The caller checked who may act; the state itself is checked here again, so that a
	 * caller without that check cannot move an appeal where the workflow does not go. */
	struct appeal_facts f = {x.state, ROLE_ADMIN, true, x.extension_pending, x.supervised};
	if (!(appeal_actions(&f) & (1u << act->action))) {
		verr_add(errs, "action", "illegal", "%s is not possible while the appeal is %s",
			 appeal_action_names[act->action], appeal_state_names[x.state]);
		rc = GL_EINVALID;
		goto out;
	}
	if (act->at && (rc = check_order(s, x.id, act->at, a, errs)) != GL_OK)
		goto out;
	if ((rc = store_appeal_settings_get(s, &set)) != GL_OK ||
	    (rc = store_calendar_load(s, a, &cal)) != GL_OK)
		goto out;
	if ((rc = check_exists(s, AP_EXISTS_UNIT, act->unit_id, "unit_id", "unit", errs)) != GL_OK)
		goto out;
	for (size_t i = 0; i < act->nco && rc == GL_OK; i++) {
		char field[48];

		snprintf(field, sizeof(field), "co_unit_ids[%zu]", i);
		rc = check_exists(s, AP_EXISTS_UNIT, act->co_unit_ids[i], field, "unit", errs);
	}
	if (rc != GL_OK)
		goto out;
	if (errs->n) {
		rc = GL_EINVALID;
		goto out;
	}
	from = x.state;
	x.state = appeal_next(x.state, act->action, (enum appeal_rating)act->rating);
	switch (act->action) {
	case APPEAL_ACCEPT:
		x.accepted_at = now;
		/* Until assignment sets the complexity, the ordinary limit runs. */
		x.answer_due_on = arena_strdup(a, appeal_due(&cal, day_of(now, day),
				set.complexity_days[COMPLEXITY_ORDINARY], due, &x.due_fallback));
		rc = event(s, x.id, now, "accept", from, x.state, who, x.lead_unit_id, act->note);
		if (rc == GL_OK)
			rc = exec_id(s, AP_SUP_CLOSE_KIND, x.id, now, "overdue_accept");
		if (rc == GL_OK) {
			sqlite3_stmt *st = ap(s, AP_SUP_HAS_OPEN);
			int64_t open = 0;

			if (!st) {
				rc = GL_EDB;
				break;
			}
			sqlite3_bind_int64(st, 1, x.id);
			rc = step_int(s, st, &open);
			x.supervised = open > 0;
		}
		break;
	case APPEAL_DECLINE:
		x.decline_reason = act->note;
		x.closed_at = now;
		rc = event(s, x.id, now, "decline", from, x.state, who, x.lead_unit_id, act->note);
		if (rc == GL_OK)
			rc = exec_id(s, AP_SUP_CLOSE, x.id, now, NULL);
		break;
	case APPEAL_ASSIGN:
		x.complexity = act->complexity;
		x.lead_unit_id = act->unit_id;
		x.answer_due_on = arena_strdup(a, appeal_due(&cal, day_of(x.accepted_at, day),
				set.complexity_days[act->complexity], due, &x.due_fallback));
		rc = exec_id(s, AP_UNITS_CLEAR, x.id, NULL, NULL);
		if (rc == GL_OK)
			rc = unit_row(s, x.id, act->unit_id, true);
		for (size_t i = 0; i < act->nco && rc == GL_OK; i++)
			if (act->co_unit_ids[i] != act->unit_id)
				rc = unit_row(s, x.id, act->co_unit_ids[i], false);
		if (rc == GL_OK)
			rc = event(s, x.id, now, "assign", from, x.state, who, act->unit_id,
				   arena_printf(a, "%s%s%s", appeal_complexity_names[act->complexity],
						act->note ? ": " : "", act->note ? act->note : ""));
		break;
	case APPEAL_START:
		rc = event(s, x.id, now, "start", from, x.state, who, x.lead_unit_id, act->note);
		break;
	case APPEAL_ANSWER:
		x.answer = act->answer;
		x.answered_at = now;
		rc = event(s, x.id, now, "answer", from, x.state, who, x.lead_unit_id, act->answer);
		if (rc == GL_OK)
			rc = exec_id(s, AP_SUP_CLOSE, x.id, now, NULL);
		x.supervised = false;
		break;
	case APPEAL_RATE:
		x.rating = act->rating;
		x.rating_comment = act->note;
		x.rated_at = now;
		rc = event(s, x.id, now, "rate", from, APPEAL_RATED, who, 0,
			   arena_printf(a, "%s%s%s", appeal_rating_labels[act->rating],
					act->note ? ": " : "", act->note ? act->note : ""));
		if (rc != GL_OK)
			break;
		if (x.state == APPEAL_CLOSED) {
			x.closed_at = now;
			rc = event(s, x.id, now, "close", APPEAL_RATED, x.state, who, 0, NULL);
		} else {
			x.reopen_count++;
			rc = event(s, x.id, now, "reopen", APPEAL_RATED, x.state, who, x.lead_unit_id,
				   act->note);
		}
		break;
	case APPEAL_TRANSFER:
		/* The deadline stays: the enterprise has waited the same whichever unit
		 * answers, and a transfer must not buy time. */
		rc = exec_id(s, AP_UNITS_CLEAR, x.id, NULL, NULL);
		if (rc == GL_OK)
			rc = unit_row(s, x.id, act->unit_id, true);
		for (size_t i = 0; i < x.nunits && rc == GL_OK; i++)
			if (!x.units[i].lead && x.units[i].unit_id != act->unit_id)
				rc = unit_row(s, x.id, x.units[i].unit_id, false);
		x.lead_unit_id = act->unit_id;
		if (rc == GL_OK)
			rc = event(s, x.id, now, "transfer", from, x.state, who, act->unit_id,
				   act->note);
		break;
	case APPEAL_REQUEST_EXTENSION: {
		sqlite3_stmt *st = ap(s, AP_EXT_INSERT);

		if (!st) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, x.id);
		sqlite3_bind_int(st, 2, act->days);
		bind_text(st, 3, act->note);
		bind_id(st, 4, who->user_id);
		bind_text(st, 5, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "request extension");
		sqlite3_reset(st);
		if (rc == GL_OK)
			rc = event(s, x.id, now, "extension_request", from, x.state, who,
				   x.lead_unit_id, arena_printf(a, "+%d: %s", act->days, act->note));
		break;
	}
	case APPEAL_DECIDE_EXTENSION: {
		sqlite3_stmt *st = ap(s, AP_EXT_DECIDE);
		int64_t days = 0;

		if (!st) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, x.id);
		bind_text(st, 2, act->approve ? "approved" : "rejected");
		bind_id(st, 3, who->user_id);
		bind_text(st, 4, now);
		bind_text(st, 5, act->note);
		rc = step_int(s, st, &days);
		if (rc == GL_ENOTFOUND)
			rc = GL_ECONFLICT;
		if (rc != GL_OK)
			break;
		if (act->approve && x.answer_due_on)
			x.answer_due_on = arena_strdup(a, appeal_due(&cal, x.answer_due_on, (int)days,
							due, &x.due_fallback));
		rc = event(s, x.id, now, "extension_decision", from, x.state, who, 0,
			   arena_printf(a, "%s +%lld%s%s", act->approve ? "approved" : "rejected",
					(long long)days, act->note ? ": " : "",
					act->note ? act->note : ""));
		break;
	}
	case APPEAL_SUPERVISE:
		x.supervised = true;
		rc = supervise(s, x.id, "manual", x.lead_unit_id, now, who, act->note, NULL);
		if (rc == GL_OK)
			rc = event(s, x.id, now, "supervise", from, x.state, who, x.lead_unit_id,
				   act->note);
		break;
	case APPEAL_ACTION__MAX:
		rc = GL_EINVALID;
		break;
	}
	if (rc != GL_OK)
		goto out;
	if ((rc = update_row(s, &x, recorded)) != GL_OK)
		goto out;
	if ((int)x.state != from || act->action == APPEAL_TRANSFER || act->at) {
		struct changes c = {0};

		if ((int)x.state != from || act->action == APPEAL_TRANSFER)
			changes_str(&c, "state", appeal_state_names[from],
				    appeal_state_names[x.state]);
		if (act->at)
			changes_str(&c, "at", NULL, act->at);
		rc = audit_write(s, appeal_action_names[act->action], "appeal", x.id, &c);
	} else {
		rc = audit_write(s, appeal_action_names[act->action], "appeal", x.id, NULL);
	}
	/* Any action may change the text or the answer (answer, reopen, an edit): reindex. */
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_APPEAL, x.id);
	/* Fold this appeal's new facts (and intake queued since) into the rate cells, in
	 * this transaction: the rollup never lags behind a committed action. */
	if (rc == GL_OK)
		rc = store_rates_refresh(s, 256, NULL);
out:
	return store_end(s, rc);
}

enum gl_err store_appeal_attach(struct store *s, struct appeal_attachment *t, struct arena *a)
{
	sqlite3_stmt *st;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if (!(st = ap(s, AP_ATT_INSERT))) {
		rc = GL_EDB;
		goto out;
	}
	t->uploaded_at = store_now(a);
	sqlite3_bind_int64(st, 1, t->appeal_id);
	bind_text(st, 2, t->sha256);
	bind_text(st, 3, t->name);
	bind_text(st, 4, t->mime);
	sqlite3_bind_int64(st, 5, t->size);
	bind_id(st, 6, t->user_id);
	bind_text(st, 7, t->uploaded_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "insert attachment");
	sqlite3_reset(st);
	if (rc == GL_OK) {
		struct changes c = {0};

		t->id = sqlite3_last_insert_rowid(s->db);
		changes_str(&c, "attachment", NULL, t->name);
		rc = audit_write(s, "attach", "appeal", t->appeal_id, &c);
	}
out:
	return store_end(s, rc);
}

enum gl_err store_appeal_attachment(struct store *s, int64_t appeal_id, int64_t id,
				    struct arena *a, struct appeal_attachment *out)
{
	sqlite3_stmt *st = ap(s, AP_ATT_GET);
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		fill_attachment(st, a, out);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	return r == SQLITE_ROW ? GL_OK : store_fail(s, "get attachment");
}

/* ---- supervision ------------------------------------------------------------------- */

enum gl_err store_supervision_list(struct store *s, const struct supervision_query *q,
				   struct arena *a, struct supervision **items, size_t *n)
{
	sqlite3_stmt *st = ap(s, AP_SUP_LIST);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int(st, 1, q->open_only);
	bind_id(st, 2, q->unit_id);
	bind_id(st, 3, q->escalated_to);
	scope_bind(st, 4, q->scope, a);
	sqlite3_bind_int64(st, 6, q->limit);
	sqlite3_bind_int64(st, 7, q->offset);
	return read_all(s, st, sizeof(**items), a, fill_supervision, (void **)items, n);
}

struct overdue_row {
	int64_t id, unit_id;
	int state;
};

enum gl_err store_appeal_sweep(struct store *s, const char *today, struct arena *a,
			       int64_t *opened, int64_t *closed)
{
	struct overdue_row *rows;
	struct stale_row {
		int64_t id;
		int all;
	} *stale;
	size_t n = 0, nstale = 0, cap = 64, scap = 64;
	sqlite3_stmt *st;
	const char *now = store_now(a);
	int r;
	enum gl_err rc;

	*opened = *closed = 0;
	if ((rc = store_start(s)) != GL_OK)
		return rc;
	/* Read first, write after: the statements are reset when taken again. */
	if (!(st = ap(s, AP_OVERDUE))) {
		rc = GL_EDB;
		goto out;
	}
	rows = arena_alloc(a, cap * sizeof(*rows));
	bind_text(st, 1, today);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct overdue_row *more = arena_alloc(a, 2 * cap * sizeof(*more));

			memcpy(more, rows, cap * sizeof(*more));
			rows = more;
			cap *= 2;
		}
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].state = appeal_state_parse((const char *)sqlite3_column_text(st, 1));
		rows[n].unit_id = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "sweep overdue");
		goto out;
	}
	if (!(st = ap(s, AP_STALE_SUP))) {
		rc = GL_EDB;
		goto out;
	}
	stale = arena_alloc(a, scap * sizeof(*stale));
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (nstale == scap) {
			struct stale_row *more = arena_alloc(a, 2 * scap * sizeof(*more));

			memcpy(more, stale, scap * sizeof(*more));
			stale = more;
			scap *= 2;
		}
		stale[nstale].id = sqlite3_column_int64(st, 0);
		stale[nstale++].all = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "sweep stale");
		goto out;
	}
	for (size_t i = 0; i < n && rc == GL_OK; i++) {
		const char *kind = rows[i].state == APPEAL_SUBMITTED ? "overdue_accept"
								     : "overdue_answer";
		int64_t leader = 0;

		rc = supervise(s, rows[i].id, kind, rows[i].unit_id, now, NULL, NULL, &leader);
		if (rc == GL_OK)
			rc = event(s, rows[i].id, now, "escalate", rows[i].state, rows[i].state, NULL,
				   rows[i].unit_id, arena_printf(a, "%s → user %lld", kind,
								 (long long)leader));
		if (rc == GL_OK)
			rc = exec_id(s, AP_MARK_SUPERVISED, rows[i].id, NULL, NULL);
		if (rc == GL_OK) {
			rc = audit_write(s, "supervise", "appeal", rows[i].id, NULL);
			(*opened)++;
		}
	}
	for (size_t i = 0; i < nstale && rc == GL_OK; i++) {
		if (stale[i].all)
			rc = exec_id(s, AP_SUP_CLOSE, stale[i].id, now, NULL);
		else
			rc = exec_id(s, AP_SUP_CLOSE_KIND, stale[i].id, now, "overdue_accept");
		if (rc == GL_OK)
			rc = exec_id(s, AP_SUP_CLEAR_FLAG, stale[i].id, NULL, NULL);
		if (rc == GL_OK)
			(*closed)++;
	}
out:
	return store_end(s, rc);
}
