/* problems.c - problems (制约问题) and the problem ledger, in SQLite. */
#include "problem-int.h"
#include "search-int.h"

#include <stdio.h>
#include <string.h>

#include "../util/date.h"

#define PB_COLS "pb.id, pb.project_id, pb.type, pb.description, pb.unit_id, pb.opened_on," \
	" pb.deadline_days, pb.due_on, pb.due_fallback, pb.status, pb.resolution, pb.resolved_on," \
	" pb.taskforce_id, pb.version, pb.created_at, pb.updated_at, p.name, u.name, t.name, p.code" \
	" FROM problem pb JOIN project p ON p.id = pb.project_id JOIN unit u ON u.id = pb.unit_id" \
	" LEFT JOIN taskforce t ON t.id = pb.taskforce_id"
/* A handler sees the problems its units own and those of the projects its units handle; an
 * enterprise user those of the projects naming its enterprise.  (E: enterprise, U: units as
 * a JSON array; NULL does not restrict.) */
#define PB_SCOPE(E, U) \
	" AND (" E " IS NULL OR pb.project_id IN" \
	"  (SELECT project_id FROM project_enterprise WHERE enterprise_id = " E "))" \
	" AND (" U " IS NULL OR pb.unit_id IN (SELECT value FROM json_each(" U "))" \
	"  OR p.unit_id IN (SELECT value FROM json_each(" U ")))"
#define PB_FILTERS \
	" WHERE (?1 IS NULL OR pb.status = ?1) AND (?2 IS NULL OR pb.type = ?2)" \
	" AND (?3 IS NULL OR pb.unit_id = ?3) AND (?4 IS NULL OR pb.project_id = ?4)" \
	" AND (?5 IS NULL OR pb.taskforce_id = ?5)" \
	" AND (?6 IS NULL OR ?6 = (pb.status IN ('open', 'in_progress') AND pb.due_on < ?7))" \
	PB_SCOPE("?8", "?9")

enum {
	PB_GET,
	PB_INSERT,
	PB_UPDATE,
	PB_VERSION,
	PB_LIST,
	PB_COUNT,
	PB_FALLBACK,
	PB_TF_EXISTS,
	PB__MAX
};

static const char *const pb_sql[PB__MAX] = {
	[PB_GET] = "SELECT " PB_COLS " WHERE pb.id = ?1" PB_SCOPE("?2", "?3"),
	[PB_INSERT] =
		"INSERT INTO problem (project_id, type, description, unit_id, opened_on,"
		" deadline_days, due_on, due_fallback, status, resolution, resolved_on,"
		" taskforce_id, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?13)",
	[PB_UPDATE] =
		"UPDATE problem SET project_id = ?3, type = ?4, description = ?5, unit_id = ?6,"
		" opened_on = ?7, deadline_days = ?8, due_on = ?9, due_fallback = ?10, status = ?11,"
		" resolution = ?12, resolved_on = ?13, taskforce_id = ?14, version = version + 1,"
		" updated_at = ?15 WHERE id = ?1 AND version = ?2",
	[PB_VERSION] = "SELECT version FROM problem WHERE id = ?1",
	[PB_LIST] = "SELECT " PB_COLS PB_FILTERS " ORDER BY pb.id LIMIT ?10 OFFSET ?11",
	[PB_COUNT] = "SELECT count(*) FROM problem pb JOIN project p ON p.id = pb.project_id"
		PB_FILTERS,
	[PB_FALLBACK] = "SELECT id FROM problem WHERE due_fallback = 1 ORDER BY id",
	[PB_TF_EXISTS] = "SELECT 1 FROM taskforce WHERE id = ?1",
};

static sqlite3_stmt *pb(struct store *s, int i)
{
	return mod_stmt(s, MOD_PROBLEM, i, pb_sql);
}

static void read_row(sqlite3_stmt *st, struct arena *a, struct problem *p)
{
	int type = problem_type_parse((const char *)sqlite3_column_text(st, 2));
	int status = problem_status_parse((const char *)sqlite3_column_text(st, 9));

	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->project_id = sqlite3_column_int64(st, 1);
	p->type = type < 0 ? PROBLEM_OTHER : (enum problem_type)type;
	p->description = col_text(st, 3, a);
	p->unit_id = sqlite3_column_int64(st, 4);
	p->opened_on = col_text(st, 5, a);
	p->deadline_days = sqlite3_column_int64(st, 6);
	p->due_on = col_text(st, 7, a);
	p->due_fallback = sqlite3_column_int(st, 8);
	p->status = status < 0 ? PROBLEM_OPEN : (enum problem_status)status;
	p->resolution = col_text(st, 10, a);
	p->resolved_on = col_text(st, 11, a);
	p->taskforce_id = sqlite3_column_int64(st, 12);
	p->version = sqlite3_column_int64(st, 13);
	p->created_at = col_text(st, 14, a);
	p->updated_at = col_text(st, 15, a);
	p->project_name = col_text(st, 16, a);
	p->unit_name = col_text(st, 17, a);
	p->taskforce_name = col_text(st, 18, a);
	p->project_code = col_text(st, 19, a);
}

enum gl_err store_problem_get(struct store *s, int64_t id, const struct scope *scope,
			      struct arena *a, struct problem *out)
{
	sqlite3_stmt *st = pb(s, PB_GET);
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
	return r == SQLITE_ROW ? GL_OK : store_fail(s, "get problem");
}

static enum gl_err exists(struct store *s, sqlite3_stmt *st, int64_t id, struct verrors *errs,
			  const char *prefix, const char *field, const char *what)
{
	int64_t one;
	enum gl_err rc;

	if (!id)
		return GL_OK;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = step_int(s, st, &one);
	if (rc == GL_ENOTFOUND) {
		char f[VERR_FIELD_LEN];

		snprintf(f, sizeof(f), "%s%s", prefix, field);
		verr_add(errs, f, "unknown", "no %s has id %lld", what, (long long)id);
		return GL_OK;
	}
	return rc;
}

static enum gl_err check_refs(struct store *s, const struct problem *p, struct verrors *errs,
			      const char *prefix)
{
	char unit[24], f[VERR_FIELD_LEN];
	enum gl_err rc;

	rc = exists(s, stmt_get(s, STMT_PRJ_EXISTS), p->project_id, errs, prefix, "project_id",
		    "project");
	if (rc == GL_OK && p->taskforce_id)
		rc = exists(s, pb(s, PB_TF_EXISTS), p->taskforce_id, errs, prefix, "taskforce_id",
			    "task force");
	if (rc == GL_OK) {
		snprintf(unit, sizeof(unit), "%lld", (long long)p->unit_id);
		rc = store_ref_exists(s, REF_UNIT, unit);
		if (rc == GL_ENOTFOUND) {
			snprintf(f, sizeof(f), "%sunit_id", prefix);
			verr_add(errs, f, "unknown", "no unit has id %lld; see /api/v1/ref/units",
				 (long long)p->unit_id);
			rc = GL_OK;
		}
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return rc;
}

/* ?first.. : project, type, description, unit, opened, days, due, fallback, status,
 * resolution, resolved_on, task force. */
static void bind_fields(sqlite3_stmt *st, const struct problem *p, int i)
{
	sqlite3_bind_int64(st, i++, p->project_id);
	bind_text(st, i++, problem_types[p->type].code);
	bind_text(st, i++, p->description);
	sqlite3_bind_int64(st, i++, p->unit_id);
	bind_text(st, i++, p->opened_on);
	sqlite3_bind_int64(st, i++, p->deadline_days);
	bind_text(st, i++, p->due_on);
	sqlite3_bind_int(st, i++, p->due_fallback);
	bind_text(st, i++, problem_statuses[p->status].code);
	bind_text(st, i++, p->resolution);
	bind_text(st, i++, p->resolved_on);
	bind_id(st, i++, p->taskforce_id);
}

static enum gl_err date_due(struct problem *p, const struct calendar *cal, struct arena *a)
{
	char *buf = arena_alloc(a, 11);

	if (!buf)
		return GL_ENOMEM;
	problem_due(p, cal, buf);
	return p->due_on ? GL_OK : GL_EINVALID;
}

enum gl_err problem_insert(struct store *s, struct problem *p, const struct calendar *cal,
			   struct arena *a, struct verrors *errs, const char *prefix)
{
	sqlite3_stmt *st;
	struct changes c;
	enum gl_err rc = check_refs(s, p, errs, prefix);

	if (rc == GL_OK)
		rc = date_due(p, cal, a);
	if (rc != GL_OK)
		return rc;
	if (!(st = pb(s, PB_INSERT)))
		return GL_EDB;
	p->created_at = p->updated_at = store_now(a);
	bind_fields(st, p, 1);
	bind_text(st, 13, p->created_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "insert problem");
	sqlite3_reset(st);
	if (rc != GL_OK)
		return rc;
	p->id = sqlite3_last_insert_rowid(s->db);
	p->version = 1;
	problem_changes(NULL, p, a, &c);
	rc = audit_write(s, "create", "problem", p->id, &c);
	return rc == GL_OK ? search_index(s, SEARCH_PROBLEM, p->id) : rc;
}

enum gl_err problem_write(struct store *s, const struct problem *old, struct problem *p,
			  const struct calendar *cal, const char *action, struct arena *a,
			  struct verrors *errs, const char *prefix)
{
	sqlite3_stmt *st;
	struct changes c;
	int64_t v;
	enum gl_err rc = check_refs(s, p, errs, prefix);

	if (rc == GL_OK && old->version != p->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK)
		rc = date_due(p, cal, a);
	if (rc != GL_OK)
		return rc;
	if (!(st = pb(s, PB_UPDATE)))
		return GL_EDB;
	p->updated_at = store_now(a);
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, p->version);
	bind_fields(st, p, 3);
	bind_text(st, 15, p->updated_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "update problem");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT;
	sqlite3_reset(st);
	if (rc == GL_ECONFLICT && (st = pb(s, PB_VERSION))) {
		sqlite3_bind_int64(st, 1, p->id);
		if (step_int(s, st, &v) == GL_ENOTFOUND)
			rc = GL_ENOTFOUND;
	}
	if (rc != GL_OK)
		return rc;
	p->version++;
	problem_changes(old, p, a, &c);
	rc = audit_write(s, action, "problem", p->id, &c);
	return rc == GL_OK ? search_index(s, SEARCH_PROBLEM, p->id) : rc;
}

enum gl_err store_problem_create(struct store *s, struct problem *p, struct arena *a,
				 struct verrors *errs)
{
	struct calendar cal;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_calendar_load(s, a, &cal);
	if (rc == GL_OK)
		rc = problem_insert(s, p, &cal, a, errs, "");
	return store_end(s, rc);
}

enum gl_err store_problem_update(struct store *s, struct problem *p, struct arena *a,
				 struct verrors *errs)
{
	struct calendar cal;
	struct problem old;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_problem_get(s, p->id, NULL, a, &old);
	if (rc == GL_OK)
		rc = store_calendar_load(s, a, &cal);
	if (rc == GL_OK)
		rc = problem_write(s, &old, p, &cal, old.status != p->status ? "status" : "update", a,
				   errs, "");
	return store_end(s, rc);
}

enum gl_err problems_redate(struct store *s, const struct calendar *cal, struct arena *a,
			    int64_t *n)
{
	sqlite3_stmt *st = pb(s, PB_FALLBACK);
	int64_t *ids;
	size_t nids;
	enum gl_err rc;

	*n = 0;
	if (!st)
		return GL_EDB;
	if ((rc = step_ids(s, st, a, &ids, &nids, "list guessed due dates")) != GL_OK)
		return rc;
	for (size_t i = 0; rc == GL_OK && i < nids; i++) {
		struct problem old, p;
		struct verrors errs;

		verr_init(&errs);
		rc = store_problem_get(s, ids[i], NULL, a, &old);
		if (rc != GL_OK)
			break;
		p = old;
		if (date_due(&p, cal, a) != GL_OK)
			continue;
		if (p.due_fallback == old.due_fallback && strcmp(p.due_on, old.due_on) == 0)
			continue;
		rc = problem_write(s, &old, &p, cal, "redate", a, &errs, "");
		if (rc == GL_OK)
			(*n)++;
	}
	return rc;
}

static void bind_query(sqlite3_stmt *st, const struct problem_query *q, struct arena *a)
{
	if (q->status >= 0)
		bind_text(st, 1, problem_statuses[q->status].code);
	if (q->type >= 0)
		bind_text(st, 2, problem_types[q->type].code);
	bind_id(st, 3, q->unit_id);
	bind_id(st, 4, q->project_id);
	bind_id(st, 5, q->taskforce_id);
	if (q->overdue >= 0) {
		sqlite3_bind_int(st, 6, q->overdue);
		bind_text(st, 7, q->today);
	}
	scope_bind(st, 8, q->scope, a);
}

enum gl_err store_problem_list(struct store *s, const struct problem_query *q, struct arena *a,
			       struct problem_page *out)
{
	sqlite3_stmt *st = pb(s, PB_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_query(st, q, a);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = pb(s, PB_LIST)))
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
		return store_fail(s, "list problems");
	return GL_OK;
}
