/* arrangements.c - arrangements (具体安排) made at roundtables and on appeals, in SQLite.
 *
 * They share MOD_ROUNDTABLE with roundtables.c: this file's statements are numbered from
 * AR_FIRST, above every statement of roundtables.c.
 */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

#include "../util/date.h"

#define AR_COLS \
	"ar.id, ar.roundtable_id, ar.appeal_id, ar.text, ar.unit_id, ar.made_on," \
	" ar.deadline_days, ar.due_on, ar.due_fallback, ar.status, ar.done_on, ar.result," \
	" ar.cancelled_on, ar.reason, ar.reopen_count, ar.version, ar.created_at, ar.updated_at," \
	" u.name, ap.code, ap.enterprise_id, s.name, r.number" \
	" FROM arrangement ar JOIN unit u ON u.id = ar.unit_id" \
	" LEFT JOIN appeal ap ON ap.id = ar.appeal_id" \
	" LEFT JOIN roundtable r ON r.id = ar.roundtable_id" \
	" LEFT JOIN roundtable_series s ON s.id = r.series_id"
/* An enterprise user (E) sees the arrangements on its appeals, a handler (U: units as a JSON
 * array) its units'; NULL does not restrict. */
#define AR_SCOPE(E, U) \
	" AND (" E " IS NULL OR ap.enterprise_id = " E ")" \
	" AND (" U " IS NULL OR ar.unit_id IN (SELECT value FROM json_each(" U ")))"
#define AR_FILTERS \
	" WHERE (?1 IS NULL OR ar.status = ?1) AND (?2 IS NULL OR ar.unit_id = ?2)" \
	" AND (?3 IS NULL OR ar.roundtable_id = ?3) AND (?4 IS NULL OR ar.appeal_id = ?4)" \
	" AND (?5 IS NULL OR ?5 = (ar.status = 'open' AND ar.due_on < ?6))" \
	" AND (?7 IS NULL OR (ar.status = 'open' AND ar.due_on >= ?6 AND ar.due_on < ?7))" \
	AR_SCOPE("?8", "?9")

enum {
	AR_FIRST = 32,
	AR_GET = AR_FIRST,
	AR_INSERT,
	AR_UPDATE,
	AR_VERSION,
	AR_LIST,
	AR_COUNT,
	AR_FALLBACK,
	AR_APPEAL,
	AR_RT_EXISTS,
	AR__MAX
};
_Static_assert((int)AR__MAX <= (int)MOD_STMTS, "MOD_ROUNDTABLE has room for the arrangements");

static const char *const ar_sql[AR__MAX] = {
	[AR_GET] = "SELECT " AR_COLS " WHERE ar.id = ?1" AR_SCOPE("?2", "?3"),
	[AR_INSERT] =
		"INSERT INTO arrangement (roundtable_id, appeal_id, text, unit_id, made_on,"
		" deadline_days, due_on, due_fallback, status, done_on, result, cancelled_on, reason,"
		" reopen_count, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15, ?15)",
	[AR_UPDATE] =
		"UPDATE arrangement SET roundtable_id = ?3, appeal_id = ?4, text = ?5, unit_id = ?6,"
		" made_on = ?7, deadline_days = ?8, due_on = ?9, due_fallback = ?10, status = ?11,"
		" done_on = ?12, result = ?13, cancelled_on = ?14, reason = ?15, reopen_count = ?16,"
		" version = version + 1, updated_at = ?17 WHERE id = ?1 AND version = ?2",
	[AR_VERSION] = "SELECT version FROM arrangement WHERE id = ?1",
	[AR_LIST] = "SELECT " AR_COLS AR_FILTERS " ORDER BY ar.due_on, ar.id LIMIT ?10 OFFSET ?11",
	[AR_COUNT] = "SELECT count(*) FROM arrangement ar LEFT JOIN appeal ap ON ap.id = ar.appeal_id"
		AR_FILTERS,
	[AR_FALLBACK] = "SELECT id FROM arrangement WHERE due_fallback = 1 ORDER BY id",
	[AR_APPEAL] = "SELECT coalesce(roundtable_id, 0) FROM appeal WHERE id = ?1",
	[AR_RT_EXISTS] = "SELECT 1 FROM roundtable WHERE id = ?1",
};

static sqlite3_stmt *ar(struct store *s, int i)
{
	return mod_stmt(s, MOD_ROUNDTABLE, i, ar_sql);
}

static void read_row(sqlite3_stmt *st, struct arena *a, struct arrangement *x)
{
	int status = arrangement_status_parse((const char *)sqlite3_column_text(st, 9));

	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->roundtable_id = sqlite3_column_int64(st, 1);
	x->appeal_id = sqlite3_column_int64(st, 2);
	x->text = col_text(st, 3, a);
	x->unit_id = sqlite3_column_int64(st, 4);
	x->made_on = col_text(st, 5, a);
	x->deadline_days = sqlite3_column_int64(st, 6);
	x->due_on = col_text(st, 7, a);
	x->due_fallback = sqlite3_column_int(st, 8);
	x->status = status < 0 ? ARRANGEMENT_OPEN : (enum arrangement_status)status;
	x->done_on = col_text(st, 10, a);
	x->result = col_text(st, 11, a);
	x->cancelled_on = col_text(st, 12, a);
	x->reason = col_text(st, 13, a);
	x->reopen_count = sqlite3_column_int64(st, 14);
	x->version = sqlite3_column_int64(st, 15);
	x->created_at = col_text(st, 16, a);
	x->updated_at = col_text(st, 17, a);
	x->unit_name = col_text(st, 18, a);
	x->appeal_code = col_text(st, 19, a);
	x->appeal_enterprise_id = sqlite3_column_int64(st, 20);
	x->series_name = col_text(st, 21, a);
	x->roundtable_number = sqlite3_column_int64(st, 22);
}

enum gl_err store_arrangement_get(struct store *s, int64_t id, const struct scope *scope,
				  struct arena *a, struct arrangement *out)
{
	sqlite3_stmt *st = ar(s, AR_GET);
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
	return r == SQLITE_ROW ? GL_OK : store_fail(s, "get arrangement");
}

/* Dangling references into errs (GL_EINVALID when any).  An arrangement on an appeal raised
 * at a session is made at that session: roundtable_id is taken from the appeal, and another
 * session is refused. */
static enum gl_err check_refs(struct store *s, struct arrangement *x, struct verrors *errs)
{
	sqlite3_stmt *st;
	char unit[24];
	int64_t v;
	enum gl_err rc = GL_OK;

	if (x->roundtable_id) {
		if (!(st = ar(s, AR_RT_EXISTS)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, x->roundtable_id);
		rc = step_int(s, st, &v);
		if (rc == GL_ENOTFOUND) {
			verr_add(errs, "roundtable_id", "unknown", "no roundtable has id %lld",
				 (long long)x->roundtable_id);
			rc = GL_OK;
		}
	}
	if (rc == GL_OK && x->appeal_id) {
		if (!(st = ar(s, AR_APPEAL)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, x->appeal_id);
		rc = step_int(s, st, &v);
		if (rc == GL_ENOTFOUND) {
			verr_add(errs, "appeal_id", "unknown", "no appeal has id %lld",
				 (long long)x->appeal_id);
			rc = GL_OK;
		} else if (rc == GL_OK && v && x->roundtable_id && v != x->roundtable_id &&
			   !verr_has(errs, "roundtable_id")) {
			verr_add(errs, "roundtable_id", "invalid", "appeal %lld was raised at"
				 " roundtable %lld", (long long)x->appeal_id, (long long)v);
		} else if (rc == GL_OK && v) {
			x->roundtable_id = v;
		}
	}
	if (rc == GL_OK && x->unit_id) {
		snprintf(unit, sizeof(unit), "%lld", (long long)x->unit_id);
		rc = store_ref_exists(s, REF_UNIT, unit);
		if (rc == GL_ENOTFOUND) {
			verr_add(errs, "unit_id", "unknown", "no unit has id %lld; see"
				 " /api/v1/ref/units", (long long)x->unit_id);
			rc = GL_OK;
		}
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return rc;
}

/* ?first..: roundtable, appeal, text, unit, made_on, days, due, fallback, status, done_on,
 * result, cancelled_on, reason, reopen_count. */
static void bind_fields(sqlite3_stmt *st, const struct arrangement *x, int i)
{
	bind_id(st, i++, x->roundtable_id);
	bind_id(st, i++, x->appeal_id);
	bind_text(st, i++, x->text);
	sqlite3_bind_int64(st, i++, x->unit_id);
	bind_text(st, i++, x->made_on);
	bind_id(st, i++, x->deadline_days);
	bind_text(st, i++, x->due_on);
	sqlite3_bind_int(st, i++, x->due_fallback);
	bind_text(st, i++, arrangement_status_codes[x->status]);
	bind_text(st, i++, x->done_on);
	bind_text(st, i++, x->result);
	bind_text(st, i++, x->cancelled_on);
	bind_text(st, i++, x->reason);
	sqlite3_bind_int64(st, i++, x->reopen_count);
}

static enum gl_err date_due(struct arrangement *x, const struct calendar *cal, struct arena *a)
{
	char *buf = arena_alloc(a, 11);

	if (!buf)
		return GL_ENOMEM;
	arrangement_due(x, cal, buf);
	return x->due_on ? GL_OK : GL_EINVALID;
}

enum gl_err store_arrangement_create(struct store *s, struct arrangement *x, struct arena *a,
				     struct verrors *errs)
{
	struct calendar cal;
	struct changes c;
	sqlite3_stmt *st;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, x, errs);
	if (rc == GL_OK)
		rc = store_calendar_load(s, a, &cal);
	if (rc == GL_OK)
		rc = date_due(x, &cal, a);
	if (rc == GL_OK && !(st = ar(s, AR_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		x->created_at = x->updated_at = store_now(a);
		bind_fields(st, x, 1);
		bind_text(st, 15, x->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert arrangement");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		x->id = sqlite3_last_insert_rowid(s->db);
		x->version = 1;
		arrangement_changes(NULL, x, a, &c);
		rc = audit_write(s, "create", "arrangement", x->id, &c);
	}
	return store_end(s, rc);
}

/* Write x over old (x->version is the version expected) inside the caller's transaction. */
static enum gl_err write(struct store *s, const struct arrangement *old, struct arrangement *x,
			 const struct calendar *cal, const char *action, struct arena *a)
{
	sqlite3_stmt *st;
	struct changes c;
	int64_t v;
	enum gl_err rc = GL_OK;

	if (old->version != x->version)
		return GL_ECONFLICT;
	if ((rc = date_due(x, cal, a)) != GL_OK)
		return rc;
	if (!(st = ar(s, AR_UPDATE)))
		return GL_EDB;
	x->updated_at = store_now(a);
	sqlite3_bind_int64(st, 1, x->id);
	sqlite3_bind_int64(st, 2, x->version);
	bind_fields(st, x, 3);
	bind_text(st, 17, x->updated_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "update arrangement");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT;
	sqlite3_reset(st);
	if (rc == GL_ECONFLICT && (st = ar(s, AR_VERSION))) {
		sqlite3_bind_int64(st, 1, x->id);
		if (step_int(s, st, &v) == GL_ENOTFOUND)
			rc = GL_ENOTFOUND;
	}
	if (rc != GL_OK)
		return rc;
	x->version++;
	arrangement_changes(old, x, a, &c);
	return audit_write(s, action, "arrangement", x->id, &c);
}

enum gl_err store_arrangement_update(struct store *s, struct arrangement *x, struct arena *a,
				     struct verrors *errs)
{
	struct arrangement old;
	struct calendar cal;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_arrangement_get(s, x->id, NULL, a, &old);
	if (rc == GL_OK)
		rc = check_refs(s, x, errs);
	if (rc == GL_OK)
		rc = store_calendar_load(s, a, &cal);
	if (rc == GL_OK)
		rc = write(s, &old, x, &cal, old.status != x->status ? "status" : "update", a);
	return store_end(s, rc);
}

enum gl_err store_arrangements_redate(struct store *s, const struct calendar *cal,
				      struct arena *a, int64_t *n)
{
	sqlite3_stmt *st = ar(s, AR_FALLBACK);
	int64_t *ids;
	size_t nids;
	enum gl_err rc;

	*n = 0;
	if (!st)
		return GL_EDB;
	if ((rc = step_ids(s, st, a, &ids, &nids, "list guessed arrangement due dates")) != GL_OK)
		return rc;
	for (size_t i = 0; rc == GL_OK && i < nids; i++) {
		struct arrangement old, x;

		if ((rc = store_arrangement_get(s, ids[i], NULL, a, &old)) != GL_OK)
			break;
		x = old;
		if (date_due(&x, cal, a) != GL_OK)
			continue;
		if (x.due_fallback == old.due_fallback && strcmp(x.due_on, old.due_on) == 0)
			continue;
		rc = write(s, &old, &x, cal, "redate", a);
		if (rc == GL_OK)
			(*n)++;
	}
	return rc;
}

static void bind_query(sqlite3_stmt *st, const struct arrangement_query *q, struct arena *a)
{
	if (q->status >= 0)
		bind_text(st, 1, arrangement_status_codes[q->status]);
	bind_id(st, 2, q->unit_id);
	bind_id(st, 3, q->roundtable_id);
	bind_id(st, 4, q->appeal_id);
	if (q->overdue >= 0)
		sqlite3_bind_int(st, 5, q->overdue);
	bind_text(st, 6, q->today);
	bind_text(st, 7, q->soon_before);
	scope_bind(st, 8, q->scope, a);
}

enum gl_err store_arrangement_list(struct store *s, const struct arrangement_query *q,
				   struct arena *a, struct arrangement_page *out)
{
	sqlite3_stmt *st = ar(s, AR_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_query(st, q, a);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = ar(s, AR_LIST)))
		return GL_EDB;
	bind_query(st, q, a);
	sqlite3_bind_int64(st, 10, q->limit);
	sqlite3_bind_int64(st, 11, q->offset);
	out->items = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < q->limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list arrangements");
	return GL_OK;
}
