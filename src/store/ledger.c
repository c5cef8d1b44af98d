/* ledger.c - the stage ledger in SQLite: events appended, never changed (triggers of 004). */
#include "store-int.h"

#include <string.h>

enum {
	LED_INSERT,
	LED_LIST,
	LED_STATE,
	LED_MOVE,
	LED__MAX
};

static const char *const led_sql[LED__MAX] = {
	[LED_INSERT] =
		"INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, skipped,"
		" note, reason, user_id, username, recorded_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[LED_LIST] =
		"SELECT id, from_stage, to_stage, effective_on, skipped, note, reason, user_id,"
		" username, recorded_at FROM stage_event WHERE project_id = ?1 ORDER BY id",
	[LED_STATE] =
		"SELECT (SELECT effective_on FROM stage_event WHERE project_id = ?1"
		"  ORDER BY id DESC LIMIT 1),"
		" (SELECT to_stage FROM stage_event WHERE project_id = ?1"
		"  AND to_stage NOT IN ('on_hold', 'dropped') ORDER BY id DESC LIMIT 1)",
	/* Only the ledger's own columns and the fields a move may fill in: a move cannot carry
	 * any other change of the record. */
	[LED_MOVE] =
		"UPDATE project SET stage = ?3, signed_on = ?4, started_on = ?5, production_on = ?6,"
		" capacity_on = ?7, total_investment = ?8, location = ?9, signed_amount = ?10,"
		" version = version + 1, updated_at = ?11 WHERE id = ?1 AND version = ?2",
};

static sqlite3_stmt *led(struct store *s, int i)
{
	return mod_stmt(s, MOD_LEDGER, i, led_sql);
}

static void bind_amount(sqlite3_stmt *st, int i, bool has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

enum gl_err store_stage_append(struct store *s, int64_t project_id, struct stage_event *events,
			       int nevents, struct arena *a)
{
	const char *now = store_now(a);

	if (!now)
		return GL_ENOMEM;
	for (int i = 0; i < nevents; i++) {
		struct stage_event *e = &events[i];
		sqlite3_stmt *st = led(s, LED_INSERT);

		if (!st)
			return GL_EDB;
		e->project_id = project_id;
		e->user_id = s->actor.user_id;
		e->username = s->actor.username ? arena_strdup(a, s->actor.username) : "system";
		e->recorded_at = now;
		sqlite3_bind_int64(st, 1, project_id);
		bind_text(st, 2, e->from >= 0 ? project_stages[e->from].code : NULL);
		bind_text(st, 3, project_stages[e->to].code);
		bind_text(st, 4, e->effective_on);
		sqlite3_bind_int(st, 5, e->skipped);
		bind_text(st, 6, e->note);
		bind_text(st, 7, e->reason);
		bind_id(st, 8, e->user_id);
		bind_text(st, 9, e->username);
		bind_text(st, 10, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return store_fail(s, "append stage event");
		}
		sqlite3_reset(st);
		e->id = sqlite3_last_insert_rowid(s->db);
	}
	return GL_OK;
}

enum gl_err store_stage_move(struct store *s, const struct project *before, struct project *after,
			     struct stage_event *events, int nevents, struct arena *a)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st;

	if (rc != GL_OK)
		return rc;
	if (!(st = led(s, LED_MOVE)))
		return store_end(s, GL_EDB);
	after->updated_at = store_now(a);
	sqlite3_bind_int64(st, 1, after->id);
	sqlite3_bind_int64(st, 2, after->version);
	bind_text(st, 3, project_stages[after->stage].code);
	bind_text(st, 4, after->signed_on);
	bind_text(st, 5, after->started_on);
	bind_text(st, 6, after->production_on);
	bind_text(st, 7, after->capacity_on);
	bind_amount(st, 8, after->has_investment, after->total_investment);
	bind_text(st, 9, after->location);
	bind_amount(st, 10, after->has_signed_amount, after->signed_amount);
	bind_text(st, 11, after->updated_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "move project stage");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT; /* the caller read the project: only its version can differ */
	sqlite3_reset(st);
	if (rc == GL_OK) {
		after->version++;
		rc = store_stage_append(s, after->id, events, nevents, a);
	}
	if (rc == GL_OK) {
		struct changes c;
		project_changes(before, after, a, &c);
		rc = audit_write(s, "stage", "project", after->id, &c);
	}
	return store_end(s, rc);
}

enum gl_err store_stage_state(struct store *s, int64_t project_id, struct arena *a,
			      struct ledger_state *out)
{
	sqlite3_stmt *st = led(s, LED_STATE);
	const char *held;
	int h;

	memset(out, 0, sizeof(*out));
	out->held = STAGE_LEAD;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, "read stage state");
	}
	out->last_on = col_text(st, 0, a);
	held = (const char *)sqlite3_column_text(st, 1);
	h = held ? project_stage_parse(held) : -1;
	if (h >= 0)
		out->held = (enum project_stage)h;
	sqlite3_reset(st);
	return GL_OK;
}

enum gl_err store_stage_events(struct store *s, int64_t project_id, const struct scope *scope,
			       struct arena *a, struct stage_event **items, int64_t *n)
{
	struct project p;
	enum gl_err rc = store_project_get(s, project_id, scope, a, &p);
	sqlite3_stmt *st;
	size_t cap = 16;
	int r;

	*items = NULL;
	*n = 0;
	if (rc != GL_OK)
		return rc;
	if (!(st = led(s, LED_LIST)))
		return GL_EDB;
	if (!(*items = arena_alloc(a, cap * sizeof(**items))))
		return GL_ENOMEM;
	sqlite3_bind_int64(st, 1, project_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct stage_event *e;
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *to = (const char *)sqlite3_column_text(st, 2);
		int f = from ? project_stage_parse(from) : -1, t = to ? project_stage_parse(to) : -1;

		if ((size_t)*n == cap) {
			struct stage_event *more = arena_alloc(a, 2 * cap * sizeof(*more));
			if (!more) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			memcpy(more, *items, cap * sizeof(*more));
			*items = more;
			cap *= 2;
		}
		e = &(*items)[(*n)++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		e->project_id = project_id;
		e->from = f;
		e->to = t < 0 ? STAGE_LEAD : (enum project_stage)t;
		e->effective_on = col_text(st, 3, a);
		e->skipped = sqlite3_column_int(st, 4);
		e->note = col_text(st, 5, a);
		e->reason = col_text(st, 6, a);
		e->user_id = sqlite3_column_int64(st, 7);
		e->username = col_text(st, 8, a);
		e->recorded_at = col_text(st, 9, a);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "list stage events");
	return GL_OK;
}
