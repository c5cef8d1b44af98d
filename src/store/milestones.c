/* milestones.c - project milestones, the warning thresholds and stalled projects, in SQLite.
 * The stage ledger (stage_event) is only read here: ledger.c writes it. */
#include "store-int.h"

#include <string.h>

enum {
	QS_SET_VERSION,
	QS_LIST,
	QS_DELETE,
	QS_INSERT,
	QS_SET_UPSERT,
	QS_PROJECT_EXISTS,
	QS_CANDIDATES,
	QS_SETTING_GET,
	QS_THRESHOLDS,
	QS_SETTING_UPDATE,
	QS_THRESHOLD_UPDATE,
	QS_STALLED,
	QS__MAX
};

/* Scope parameters shared by the portfolio queries: ?20 the units of a handler (a JSON array,
 * NULL = no restriction), ?21 the enterprise of an enterprise user (0 = none). */
#define SCOPE_SQL \
	" AND (?20 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?20)))" \
	" AND (?21 = 0 OR p.id IN (SELECT project_id FROM project_enterprise" \
	"                          WHERE enterprise_id = ?21))"

static const char *const ms_sql[QS__MAX] = {
	[QS_SET_VERSION] = "SELECT coalesce((SELECT version FROM milestone_set"
			   " WHERE project_id = ?1), 1)",
	[QS_LIST] = "SELECT kind, name, planned_on, actual_on, note FROM milestone"
		    " WHERE project_id = ?1 ORDER BY seq",
	[QS_DELETE] = "DELETE FROM milestone WHERE project_id = ?1",
	[QS_INSERT] = "INSERT INTO milestone (project_id, seq, kind, name, planned_on, actual_on,"
		      " note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[QS_SET_UPSERT] = "INSERT INTO milestone_set (project_id, version, updated_at)"
			  " VALUES (?1, ?2, ?3) ON CONFLICT (project_id)"
			  " DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at",
	[QS_PROJECT_EXISTS] = "SELECT 1 FROM project WHERE id = ?1",
	[QS_CANDIDATES] =
		"SELECT p.id, p.code, p.name, p.leader, p.unit_id, u.name,"
		" m.kind, m.name, m.planned_on, m.actual_on, m.note"
		" FROM milestone m JOIN project p ON p.id = m.project_id"
		" LEFT JOIN unit u ON u.id = p.unit_id"
		" WHERE m.planned_on IS NOT NULL"
		" AND ((m.actual_on IS NOT NULL AND m.actual_on <= ?1 AND m.actual_on > m.planned_on)"
		"  OR ((m.actual_on IS NULL OR m.actual_on > ?1) AND m.planned_on < ?2))"
		" AND (?3 IS NULL OR p.leader = ?3) AND (?4 = 0 OR p.unit_id = ?4)"
		SCOPE_SQL
		" ORDER BY m.planned_on, p.id, m.seq",
	[QS_SETTING_GET] = "SELECT milestone_window, version, updated_at FROM warning_setting"
			   " WHERE id = 1",
	[QS_THRESHOLDS] = "SELECT stage, days FROM stall_threshold",
	[QS_SETTING_UPDATE] = "UPDATE warning_setting SET milestone_window = ?1,"
			      " version = version + 1, updated_at = ?2 WHERE id = 1",
	[QS_THRESHOLD_UPDATE] = "INSERT INTO stall_threshold (stage, days) VALUES (?1, ?2)"
				" ON CONFLICT (stage) DO UPDATE SET days = excluded.days",
	/* The stage a project stood in on ?1 is the last move recorded (by id: a backdated
	 * move recorded later still came later) that had taken effect by then; a project
	 * whose ledger says nothing yet stands where it stands now.  Its last activity is the
	 * latest stage move or follow-up dated on or before ?1, else the day it was created;
	 * a project created after ?1 did not exist yet. */
	[QS_STALLED] =
		"WITH a AS (SELECT p.id, p.code, p.name, p.leader, p.unit_id,"
		"  coalesce((SELECT e.to_stage FROM stage_event e WHERE e.project_id = p.id"
		"            AND e.effective_on <= ?1 ORDER BY e.id DESC LIMIT 1), p.stage) AS stage,"
		"  (SELECT max(e.effective_on) FROM stage_event e WHERE e.project_id = p.id"
		"   AND e.effective_on <= ?1) AS moved,"
		"  (SELECT max(f.on_date) FROM followup f WHERE f.project_id = p.id"
		"   AND f.on_date <= ?1) AS followed,"
		"  substr(p.created_at, 1, 10) AS created"
		"  FROM project p WHERE (?2 IS NULL OR p.leader = ?2) AND (?3 = 0 OR p.unit_id = ?3)"
		SCOPE_SQL "),"
		" b AS (SELECT a.*,"
		"  CASE WHEN moved IS NULL AND followed IS NULL"
		"       THEN CASE WHEN created <= ?1 THEN created END"
		"       WHEN followed IS NULL OR moved >= followed THEN moved ELSE followed END AS last_on,"
		"  CASE WHEN moved IS NULL AND followed IS NULL THEN 'created'"
		"       WHEN followed IS NULL OR moved >= followed THEN 'stage' ELSE 'followup' END"
		"   AS last_kind FROM a)"
		" SELECT b.id, b.code, b.name, b.leader, b.unit_id, b.stage, b.last_on, b.last_kind,"
		"  CAST(julianday(?1) - julianday(b.last_on) AS INTEGER) AS idle, t.days, u.name"
		" FROM b JOIN stall_threshold t ON t.stage = b.stage"
		" LEFT JOIN unit u ON u.id = b.unit_id"
		" WHERE b.last_on IS NOT NULL AND t.days IS NOT NULL"
		"  AND julianday(?1) - julianday(b.last_on) > t.days"
		"  AND (?4 IS NULL OR b.stage = ?4)"
		" ORDER BY idle DESC, b.id",
};

static sqlite3_stmt *ms(struct store *s, int i)
{
	return mod_stmt(s, MOD_MILESTONE, i, ms_sql);
}

static void bind_scope(sqlite3_stmt *st, const struct scope *sc, struct arena *a)
{
	bind_text(st, 20, sc && sc->restricted ? scope_units_json(sc, a) : NULL);
	sqlite3_bind_int64(st, 21, sc ? sc->enterprise_id : 0);
}

/* ---- one project's list ------------------------------------------------------------------ */

static enum gl_err set_version(struct store *s, int64_t project_id, int64_t *out)
{
	sqlite3_stmt *st = ms(s, QS_SET_VERSION);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	enum gl_err rc = step_int(s, st, out);
	return rc == GL_ENOTFOUND ? GL_EDB : rc;
}

static void read_milestone(sqlite3_stmt *st, int first, struct arena *a, struct milestone *m)
{
	int kind = milestone_kind_parse((const char *)sqlite3_column_text(st, first));

	m->kind = kind < 0 ? MS_CUSTOM : (enum milestone_kind)kind;
	m->name = col_text(st, first + 1, a);
	m->planned_on = col_text(st, first + 2, a);
	m->actual_on = col_text(st, first + 3, a);
	m->note = col_text(st, first + 4, a);
}

enum gl_err store_milestones_get(struct store *s, int64_t project_id, struct arena *a,
				 struct milestone_list *out)
{
	sqlite3_stmt *st;
	size_t cap = 8;
	int r;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if ((rc = set_version(s, project_id, &out->version)) != GL_OK)
		return rc;
	if (!(st = ms(s, QS_LIST)))
		return GL_EDB;
	if (!(out->items = arena_alloc(a, cap * sizeof(*out->items))))
		return GL_ENOMEM;
	sqlite3_bind_int64(st, 1, project_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			struct milestone *v = arena_alloc(a, 2 * cap * sizeof(*v));

			if (!v) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			memcpy(v, out->items, cap * sizeof(*v));
			out->items = v;
			cap *= 2;
		}
		read_milestone(st, 0, a, &out->items[out->n++]);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read milestones");
}

/* The list as one line of text for the audit trail: "签约 2023-03-01→2023-03-05; …". */
static const char *list_text(const struct milestone *items, size_t n, struct arena *a)
{
	const char *text = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct milestone *m = &items[i];
		const char *one = arena_printf(a, "%s %s→%s", m->name ? m->name : "",
					       m->planned_on ? m->planned_on : "-",
					       m->actual_on ? m->actual_on : "-");
		text = text ? arena_printf(a, "%s; %s", text, one) : one;
	}
	return text;
}

enum gl_err store_milestones_put(struct store *s, int64_t project_id, int64_t version,
				 const struct milestone *items, size_t n, struct arena *a,
				 int64_t *new_version)
{
	struct milestone_list old;
	sqlite3_stmt *st;
	int64_t one;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	if (!(st = ms(s, QS_PROJECT_EXISTS)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, project_id);
		rc = step_int(s, st, &one);
	}
	if (rc == GL_OK)
		rc = store_milestones_get(s, project_id, a, &old);
	if (rc == GL_OK && version && old.version != version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK) {
		if (!(st = ms(s, QS_DELETE)))
			rc = GL_EDB;
		else {
			sqlite3_bind_int64(st, 1, project_id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "delete milestones");
			sqlite3_reset(st);
		}
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		const struct milestone *m = &items[i];

		if (!(st = ms(s, QS_INSERT))) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, milestone_kinds[m->kind].code);
		bind_text(st, 4, m->kind == MS_CUSTOM ? m->name : milestone_kinds[m->kind].name);
		bind_text(st, 5, m->planned_on);
		bind_text(st, 6, m->actual_on);
		bind_text(st, 7, m->note);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert milestone");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		if (!(st = ms(s, QS_SET_UPSERT)))
			rc = GL_EDB;
		else {
			sqlite3_bind_int64(st, 1, project_id);
			sqlite3_bind_int64(st, 2, old.version + 1);
			bind_text(st, 3, store_now(a));
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "write milestone version");
			sqlite3_reset(st);
		}
	}
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_str(&c, "milestones", list_text(old.items, old.n, a), list_text(items, n, a));
		rc = audit_write(s, "update", "milestones", project_id, &c);
		*new_version = old.version + 1;
	}
	return store_end(s, rc);
}

/* ---- the portfolio ----------------------------------------------------------------------- */

enum gl_err store_milestone_candidates(struct store *s, const struct milestone_query *q,
				       struct arena *a, struct milestone_row **items, size_t *n)
{
	sqlite3_stmt *st = ms(s, QS_CANDIDATES);
	struct milestone_row *v = NULL;
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	bind_text(st, 1, q->as_of);
	bind_text(st, 2, q->due_before);
	bind_text(st, 3, q->leader);
	sqlite3_bind_int64(st, 4, q->unit_id);
	bind_scope(st, q->scope, a);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct milestone_row *w = arena_alloc(a, ncap * sizeof(*w));

			if (!w) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (cap)
				memcpy(w, v, cap * sizeof(*w));
			v = w;
			cap = ncap;
		}
		struct milestone_row *row = &v[(*n)++];
		row->project_id = sqlite3_column_int64(st, 0);
		row->project_code = col_text(st, 1, a);
		row->project_name = col_text(st, 2, a);
		row->leader = col_text(st, 3, a);
		row->unit_id = sqlite3_column_int64(st, 4);
		row->unit_name = col_text(st, 5, a);
		read_milestone(st, 6, a, &row->m);
	}
	sqlite3_reset(st);
	*items = v;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read milestone warnings");
}

/* ---- settings ---------------------------------------------------------------------------- */

enum gl_err store_warning_settings_get(struct store *s, struct arena *a,
				       struct warning_settings *out)
{
	sqlite3_stmt *st = ms(s, QS_SETTING_GET);
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		out->window = sqlite3_column_int(st, 0);
		out->version = sqlite3_column_int64(st, 1);
		out->updated_at = col_text(st, 2, a);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "read warning settings");
	if (!(st = ms(s, QS_THRESHOLDS)))
		return GL_EDB;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int stage = project_stage_parse((const char *)sqlite3_column_text(st, 0));

		if (stage >= 0)
			out->stall_days[stage] = sqlite3_column_int(st, 1); /* NULL reads 0: never */
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read stall thresholds");
}

enum gl_err store_warning_settings_put(struct store *s, struct warning_settings *w,
				       struct arena *a)
{
	struct warning_settings old;
	struct changes c = {0};
	sqlite3_stmt *st;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_warning_settings_get(s, a, &old);
	if (rc == GL_OK && w->version && w->version != old.version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK) {
		w->updated_at = store_now(a);
		if (!(st = ms(s, QS_SETTING_UPDATE)))
			rc = GL_EDB;
		else {
			sqlite3_bind_int(st, 1, w->window);
			bind_text(st, 2, w->updated_at);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "update warning settings");
			sqlite3_reset(st);
		}
		changes_int(&c, a, "milestone_window_days", true, old.window, true, w->window);
	}
	for (int i = 0; rc == GL_OK && i < STAGE__MAX; i++) {
		if (!(st = ms(s, QS_THRESHOLD_UPDATE))) {
			rc = GL_EDB;
			break;
		}
		bind_text(st, 1, project_stages[i].code);
		if (w->stall_days[i] > 0)
			sqlite3_bind_int(st, 2, w->stall_days[i]);
		else
			sqlite3_bind_null(st, 2);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "update stall threshold");
		sqlite3_reset(st);
		changes_int(&c, a, arena_printf(a, "stall_days.%s", project_stages[i].code),
			    old.stall_days[i] > 0, old.stall_days[i], w->stall_days[i] > 0,
			    w->stall_days[i]);
	}
	if (rc == GL_OK) {
		w->version = old.version + 1;
		rc = audit_write(s, "update", "warning_settings", 1, &c);
	}
	return store_end(s, rc);
}

/* ---- stalled projects -------------------------------------------------------------------- */

enum gl_err store_stalled_list(struct store *s, const struct stalled_query *q, struct arena *a,
			       struct stalled_project **items, size_t *n)
{
	sqlite3_stmt *st = ms(s, QS_STALLED);
	struct stalled_project *v = NULL;
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	bind_text(st, 1, q->as_of);
	bind_text(st, 2, q->leader);
	sqlite3_bind_int64(st, 3, q->unit_id);
	bind_text(st, 4, q->stage >= 0 ? project_stages[q->stage].code : NULL);
	bind_scope(st, q->scope, a);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct stalled_project *w = arena_alloc(a, ncap * sizeof(*w));

			if (!w) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (cap)
				memcpy(w, v, cap * sizeof(*w));
			v = w;
			cap = ncap;
		}
		struct stalled_project *p = &v[(*n)++];
		p->id = sqlite3_column_int64(st, 0);
		p->code = col_text(st, 1, a);
		p->name = col_text(st, 2, a);
		p->leader = col_text(st, 3, a);
		p->unit_id = sqlite3_column_int64(st, 4);
		int stage = project_stage_parse((const char *)sqlite3_column_text(st, 5));
		p->stage = stage < 0 ? STAGE_LEAD : (enum project_stage)stage;
		p->last_activity_on = col_text(st, 6, a);
		p->last_activity = col_text(st, 7, a);
		p->days_idle = sqlite3_column_int64(st, 8);
		p->threshold = sqlite3_column_int(st, 9);
		p->unit_name = col_text(st, 10, a);
	}
	sqlite3_reset(st);
	*items = v;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read stalled projects");
}
