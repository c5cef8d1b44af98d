/* taskforces.c - task forces (专班), their members and projects, and their meetings. */
#include "problem-int.h"

#include <stdio.h>
#include <string.h>

#include "../util/date.h"

#define TF_COLS "t.id, t.name, t.leader, t.unit_id, t.note, t.version, t.created_at," \
	" t.updated_at, (SELECT count(*) FROM problem pb WHERE pb.status IN ('open', 'in_progress')" \
	"  AND pb.project_id IN (SELECT project_id FROM taskforce_project WHERE taskforce_id = t.id))," \
	" (SELECT count(*) FROM taskforce_meeting WHERE taskforce_id = t.id) FROM taskforce t"
/* See store_taskforce_get() in store.h.  E: enterprise, U: units as a JSON array. */
#define TF_SCOPE(E, U) \
	" AND (" E " IS NULL OR EXISTS (SELECT 1 FROM taskforce_project tp" \
	"  JOIN project_enterprise pe ON pe.project_id = tp.project_id" \
	"  WHERE tp.taskforce_id = t.id AND pe.enterprise_id = " E "))" \
	" AND (" U " IS NULL OR t.unit_id IN (SELECT value FROM json_each(" U "))" \
	"  OR EXISTS (SELECT 1 FROM taskforce_unit x WHERE x.taskforce_id = t.id" \
	"   AND x.unit_id IN (SELECT value FROM json_each(" U ")))" \
	"  OR EXISTS (SELECT 1 FROM taskforce_member x WHERE x.taskforce_id = t.id" \
	"   AND x.unit_id IN (SELECT value FROM json_each(" U ")))" \
	"  OR EXISTS (SELECT 1 FROM taskforce_project tp JOIN project p ON p.id = tp.project_id" \
	"   WHERE tp.taskforce_id = t.id AND p.unit_id IN (SELECT value FROM json_each(" U "))))"

enum {
	TF_INSERT,
	TF_GET,
	TF_UPDATE,
	TF_VERSION,
	TF_NAME_TAKEN,
	TF_MEMBERS,
	TF_MEMBERS_DELETE,
	TF_MEMBER_INSERT,
	TF_UNITS,
	TF_UNITS_DELETE,
	TF_UNIT_INSERT,
	TF_PROJECTS,
	TF_PROJECTS_DELETE,
	TF_PROJECT_INSERT,
	TF_SERVES,
	TF_LIST,
	TF_COUNT,
	TF_NEW_UNIT,
	TF_UNIT_CODE,
	TF_USER_EXISTS,
	MT_INSERT,
	MT_ATTENDEE_INSERT,
	MT_DECISION_INSERT,
	MT_LIST,
	MT_ATTENDEES,
	MT_DECISIONS,
	TF__MAX
};

static const char *const tf_sql[TF__MAX] = {
	[TF_INSERT] =
		"INSERT INTO taskforce (name, leader, unit_id, note, version, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
	[TF_GET] = "SELECT " TF_COLS " WHERE t.id = ?1" TF_SCOPE("?2", "?3"),
	[TF_UPDATE] =
		"UPDATE taskforce SET name = ?3, leader = ?4, unit_id = ?5, note = ?6,"
		" version = version + 1, updated_at = ?7 WHERE id = ?1 AND version = ?2",
	[TF_VERSION] = "SELECT version FROM taskforce WHERE id = ?1",
	[TF_NAME_TAKEN] = "SELECT 1 FROM taskforce WHERE name = ?1 AND id IS NOT ?2",
	[TF_MEMBERS] =
		"SELECT name, title, user_id, unit_id FROM taskforce_member WHERE taskforce_id = ?1"
		" ORDER BY seq",
	[TF_MEMBERS_DELETE] = "DELETE FROM taskforce_member WHERE taskforce_id = ?1",
	[TF_MEMBER_INSERT] =
		"INSERT INTO taskforce_member (taskforce_id, seq, name, title, user_id, unit_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[TF_UNITS] = "SELECT unit_id FROM taskforce_unit WHERE taskforce_id = ?1 ORDER BY unit_id",
	[TF_UNITS_DELETE] = "DELETE FROM taskforce_unit WHERE taskforce_id = ?1",
	[TF_UNIT_INSERT] = "INSERT INTO taskforce_unit (taskforce_id, unit_id) VALUES (?1, ?2)",
	[TF_PROJECTS] =
		"SELECT project_id FROM taskforce_project WHERE taskforce_id = ?1 ORDER BY project_id",
	[TF_PROJECTS_DELETE] = "DELETE FROM taskforce_project WHERE taskforce_id = ?1",
	[TF_PROJECT_INSERT] =
		"INSERT INTO taskforce_project (taskforce_id, project_id) VALUES (?1, ?2)",
	[TF_SERVES] = "SELECT 1 FROM taskforce_project WHERE taskforce_id = ?1 AND project_id = ?2",
	[TF_LIST] = "SELECT " TF_COLS " WHERE 1" TF_SCOPE("?1", "?2") " ORDER BY t.id"
		" LIMIT ?3 OFFSET ?4",
	[TF_COUNT] = "SELECT count(*) FROM taskforce t WHERE 1" TF_SCOPE("?1", "?2"),
	[TF_NEW_UNIT] = "INSERT INTO unit (code, name, kind) VALUES (?1, ?2, 'task_force')",
	[TF_UNIT_CODE] = "SELECT 1 FROM unit WHERE code = ?1 OR name = ?2",
	[TF_USER_EXISTS] = "SELECT 1 FROM user WHERE id = ?1",
	[MT_INSERT] =
		"INSERT INTO taskforce_meeting (taskforce_id, held_on, topic, minutes, user_id,"
		" username, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[MT_ATTENDEE_INSERT] =
		"INSERT INTO meeting_attendee (meeting_id, seq, name) VALUES (?1, ?2, ?3)",
	[MT_DECISION_INSERT] =
		"INSERT INTO meeting_decision (meeting_id, seq, action, text, problem_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[MT_LIST] =
		"SELECT id, taskforce_id, held_on, topic, minutes, user_id, username, recorded_at"
		" FROM taskforce_meeting WHERE taskforce_id = ?1 ORDER BY held_on DESC, id DESC",
	[MT_ATTENDEES] = "SELECT name FROM meeting_attendee WHERE meeting_id = ?1 ORDER BY seq",
	[MT_DECISIONS] =
		"SELECT action, text, problem_id FROM meeting_decision WHERE meeting_id = ?1"
		" ORDER BY seq",
};

static sqlite3_stmt *tf(struct store *s, int i)
{
	return mod_stmt(s, MOD_TASKFORCE, i, tf_sql);
}

static enum gl_err step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	enum gl_err rc = sqlite3_step(st) == SQLITE_DONE ? GL_OK : store_fail(s, what);

	sqlite3_reset(st);
	return rc;
}

/* Does the statement (bound) return a row?  OUT: *found. */
static enum gl_err any_row(struct store *s, sqlite3_stmt *st, bool *found)
{
	int64_t one;
	enum gl_err rc = step_int(s, st, &one);

	*found = rc == GL_OK;
	return rc == GL_ENOTFOUND ? GL_OK : rc;
}

static enum gl_err check_id(struct store *s, sqlite3_stmt *st, int64_t id,
			    struct verrors *errs, const char *field, const char *what)
{
	bool found;
	enum gl_err rc;

	if (!id)
		return GL_OK;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = any_row(s, st, &found)) == GL_OK && !found)
		verr_add(errs, field, "unknown", "no %s has id %lld", what, (long long)id);
	return rc;
}

static enum gl_err check_unit(struct store *s, int64_t id, struct verrors *errs,
			      const char *field)
{
	char code[24];
	enum gl_err rc;

	if (!id)
		return GL_OK;
	snprintf(code, sizeof(code), "%lld", (long long)id);
	rc = store_ref_exists(s, REF_UNIT, code);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, field, "unknown", "no unit has id %lld; see /api/v1/ref/units",
			 (long long)id);
		rc = GL_OK;
	}
	return rc;
}

static enum gl_err check_refs(struct store *s, const struct taskforce *t, struct verrors *errs)
{
	char f[VERR_FIELD_LEN];
	bool taken;
	sqlite3_stmt *st = tf(s, TF_NAME_TAKEN);
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	bind_text(st, 1, t->name);
	bind_id(st, 2, t->id);
	rc = any_row(s, st, &taken);
	if (rc == GL_OK && taken)
		verr_add(errs, "name", "duplicate", "another task force is called %s", t->name);
	if (rc == GL_OK)
		rc = check_unit(s, t->unit_id, errs, "unit_id");
	for (size_t i = 0; rc == GL_OK && i < t->nmembers; i++) {
		snprintf(f, sizeof(f), "members[%zu].user_id", i);
		rc = check_id(s, tf(s, TF_USER_EXISTS), t->members[i].user_id, errs, f, "user");
		snprintf(f, sizeof(f), "members[%zu].unit_id", i);
		if (rc == GL_OK)
			rc = check_unit(s, t->members[i].unit_id, errs, f);
	}
	for (size_t i = 0; rc == GL_OK && i < t->nunits; i++) {
		snprintf(f, sizeof(f), "unit_ids[%zu]", i);
		rc = check_unit(s, t->unit_ids[i], errs, f);
	}
	for (size_t i = 0; rc == GL_OK && i < t->nprojects; i++) {
		snprintf(f, sizeof(f), "project_ids[%zu]", i);
		rc = check_id(s, stmt_get(s, STMT_PRJ_EXISTS), t->project_ids[i], errs, f,
			      "project");
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return rc;
}

static enum gl_err write_lists(struct store *s, const struct taskforce *t)
{
	static const int deletes[] = {TF_MEMBERS_DELETE, TF_UNITS_DELETE, TF_PROJECTS_DELETE};
	sqlite3_stmt *st;
	enum gl_err rc = GL_OK;

	for (size_t i = 0; rc == GL_OK && i < sizeof(deletes) / sizeof(deletes[0]); i++) {
		if (!(st = tf(s, deletes[i])))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, t->id);
		rc = step_done(s, st, "clear task force lists");
	}
	for (size_t i = 0; rc == GL_OK && i < t->nmembers; i++) {
		if (!(st = tf(s, TF_MEMBER_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, t->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, t->members[i].name);
		bind_text(st, 4, t->members[i].title);
		bind_id(st, 5, t->members[i].user_id);
		bind_id(st, 6, t->members[i].unit_id);
		rc = step_done(s, st, "insert task force member");
	}
	for (size_t i = 0; rc == GL_OK && i < t->nunits; i++) {
		if (!(st = tf(s, TF_UNIT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, t->id);
		sqlite3_bind_int64(st, 2, t->unit_ids[i]);
		rc = step_done(s, st, "insert task force unit");
	}
	for (size_t i = 0; rc == GL_OK && i < t->nprojects; i++) {
		if (!(st = tf(s, TF_PROJECT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, t->id);
		sqlite3_bind_int64(st, 2, t->project_ids[i]);
		rc = step_done(s, st, "insert task force project");
	}
	return rc;
}

static const char *members_text(struct arena *a, const struct taskforce *t)
{
	const char **v = arena_alloc(a, (t->nmembers ? t->nmembers : 1) * sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < t->nmembers; i++)
		v[i] = t->members[i].title ? arena_printf(a, "%s(%s)", t->members[i].name,
							  t->members[i].title)
					   : t->members[i].name;
	return t->nmembers ? changes_join(a, v, t->nmembers) : NULL;
}

static void tf_changes(const struct taskforce *b, const struct taskforce *t, struct arena *a,
		       struct changes *c)
{
	c->n = 0;
	changes_str(c, "name", b ? b->name : NULL, t->name);
	changes_str(c, "leader", b ? b->leader : NULL, t->leader);
	changes_id(c, a, "unit_id", b ? b->unit_id : 0, t->unit_id);
	changes_str(c, "note", b ? b->note : NULL, t->note);
	changes_str(c, "members", b ? members_text(a, b) : NULL, members_text(a, t));
	changes_str(c, "unit_ids", b && b->nunits ? changes_join_ids(a, b->unit_ids, b->nunits)
						  : NULL,
		    t->nunits ? changes_join_ids(a, t->unit_ids, t->nunits) : NULL);
	changes_str(c, "project_ids",
		    b && b->nprojects ? changes_join_ids(a, b->project_ids, b->nprojects) : NULL,
		    t->nprojects ? changes_join_ids(a, t->project_ids, t->nprojects) : NULL);
}

/* A unit of kind task_force named after t: code tf-<n>, the first n free. */
static enum gl_err new_unit(struct store *s, struct taskforce *t, struct arena *a,
			    struct verrors *errs)
{
	sqlite3_stmt *st;
	const char *code = NULL;
	bool taken = true;
	enum gl_err rc = GL_OK;

	for (int n = 1; rc == GL_OK && taken && n < 10000; n++) {
		if (!(code = arena_printf(a, "tf-%d", n)) || !(st = tf(s, TF_UNIT_CODE)))
			return code ? GL_EDB : GL_ENOMEM;
		bind_text(st, 1, code);
		sqlite3_bind_null(st, 2);
		rc = any_row(s, st, &taken);
	}
	if (rc != GL_OK)
		return rc;
	if (!(st = tf(s, TF_UNIT_CODE)))
		return GL_EDB;
	bind_text(st, 1, code);
	bind_text(st, 2, t->name);
	if ((rc = any_row(s, st, &taken)) != GL_OK)
		return rc;
	if (taken) {
		verr_add(errs, "create_unit", "duplicate", "a unit is already called %s; give its"
			 " id as unit_id instead", t->name);
		return GL_EINVALID;
	}
	if (!(st = tf(s, TF_NEW_UNIT)))
		return GL_EDB;
	bind_text(st, 1, code);
	bind_text(st, 2, t->name);
	if ((rc = step_done(s, st, "insert task force unit")) != GL_OK)
		return rc;
	t->unit_id = sqlite3_last_insert_rowid(s->db);
	struct changes c = {0};
	changes_str(&c, "code", NULL, code);
	changes_str(&c, "name", NULL, t->name);
	changes_str(&c, "kind", NULL, "task_force");
	return audit_write(s, "create", "unit", t->unit_id, &c);
}

enum gl_err store_taskforce_create(struct store *s, struct taskforce *t, bool create_unit,
				   struct arena *a, struct verrors *errs)
{
	sqlite3_stmt *st = NULL;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, t, errs);
	if (rc == GL_OK && create_unit)
		rc = new_unit(s, t, a, errs);
	if (rc == GL_OK && !(st = tf(s, TF_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		t->created_at = t->updated_at = store_now(a);
		bind_text(st, 1, t->name);
		bind_text(st, 2, t->leader);
		bind_id(st, 3, t->unit_id);
		bind_text(st, 4, t->note);
		bind_text(st, 5, t->created_at);
		rc = step_done(s, st, "insert task force");
	}
	if (rc == GL_OK) {
		t->id = sqlite3_last_insert_rowid(s->db);
		t->version = 1;
		rc = write_lists(s, t);
	}
	if (rc == GL_OK) {
		struct changes c;
		tf_changes(NULL, t, a, &c);
		rc = audit_write(s, "create", "taskforce", t->id, &c);
	}
	return store_end(s, rc);
}

/* The ids a statement returns for one task force. */
static enum gl_err read_ids(struct store *s, int stmt, int64_t id, struct arena *a,
			    int64_t **out, size_t *n)
{
	sqlite3_stmt *st = tf(s, stmt);
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			int64_t *v = arena_alloc(a, ncap * sizeof(*v));

			if (!v) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (*n)
				memcpy(v, *out, *n * sizeof(*v));
			*out = v;
			cap = ncap;
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read task force lists");
}

static enum gl_err read_members(struct store *s, struct taskforce *t, struct arena *a)
{
	sqlite3_stmt *st = tf(s, TF_MEMBERS);
	struct taskforce_member buf[TASKFORCE_MAX_MEMBERS];
	int r;

	t->nmembers = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, t->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && t->nmembers < TASKFORCE_MAX_MEMBERS) {
		struct taskforce_member *m = &buf[t->nmembers++];

		m->name = col_text(st, 0, a);
		m->title = col_text(st, 1, a);
		m->user_id = sqlite3_column_int64(st, 2);
		m->unit_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return store_fail(s, "read task force members");
	t->members = arena_alloc(a, (t->nmembers ? t->nmembers : 1) * sizeof(*t->members));
	if (!t->members)
		return GL_ENOMEM;
	memcpy(t->members, buf, t->nmembers * sizeof(*buf));
	return GL_OK;
}

static void read_row(sqlite3_stmt *st, struct arena *a, struct taskforce *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->name = col_text(st, 1, a);
	t->leader = col_text(st, 2, a);
	t->unit_id = sqlite3_column_int64(st, 3);
	t->note = col_text(st, 4, a);
	t->version = sqlite3_column_int64(st, 5);
	t->created_at = col_text(st, 6, a);
	t->updated_at = col_text(st, 7, a);
	t->open_problems = sqlite3_column_int64(st, 8);
	t->meetings = sqlite3_column_int64(st, 9);
}

static enum gl_err read_lists(struct store *s, struct taskforce *t, struct arena *a)
{
	enum gl_err rc = read_members(s, t, a);

	if (rc == GL_OK)
		rc = read_ids(s, TF_UNITS, t->id, a, &t->unit_ids, &t->nunits);
	if (rc == GL_OK)
		rc = read_ids(s, TF_PROJECTS, t->id, a, &t->project_ids, &t->nprojects);
	return rc;
}

enum gl_err store_taskforce_get(struct store *s, int64_t id, const struct scope *scope,
				struct arena *a, struct taskforce *out)
{
	sqlite3_stmt *st = tf(s, TF_GET);
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
		return store_fail(s, "get task force");
	return read_lists(s, out, a);
}

enum gl_err store_taskforce_update(struct store *s, struct taskforce *t, struct arena *a,
				   struct verrors *errs)
{
	struct taskforce old;
	sqlite3_stmt *st = NULL;
	int64_t v;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_taskforce_get(s, t->id, NULL, a, &old);
	if (rc == GL_OK && old.version != t->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK)
		rc = check_refs(s, t, errs);
	if (rc == GL_OK && !(st = tf(s, TF_UPDATE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		t->updated_at = store_now(a);
		sqlite3_bind_int64(st, 1, t->id);
		sqlite3_bind_int64(st, 2, t->version);
		bind_text(st, 3, t->name);
		bind_text(st, 4, t->leader);
		bind_id(st, 5, t->unit_id);
		bind_text(st, 6, t->note);
		bind_text(st, 7, t->updated_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "update task force");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ECONFLICT;
		sqlite3_reset(st);
		if (rc == GL_ECONFLICT && (st = tf(s, TF_VERSION))) {
			sqlite3_bind_int64(st, 1, t->id);
			if (step_int(s, st, &v) == GL_ENOTFOUND)
				rc = GL_ENOTFOUND;
		}
	}
	if (rc == GL_OK) {
		t->version++;
		rc = write_lists(s, t);
	}
	if (rc == GL_OK) {
		struct changes c;
		tf_changes(&old, t, a, &c);
		rc = audit_write(s, "update", "taskforce", t->id, &c);
	}
	return store_end(s, rc);
}

enum gl_err store_taskforce_list(struct store *s, const struct scope *scope, int64_t limit,
				 int64_t offset, struct arena *a, struct taskforce_page *out)
{
	sqlite3_stmt *st = tf(s, TF_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	scope_bind(st, 1, scope, a);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = tf(s, TF_LIST)))
		return GL_EDB;
	scope_bind(st, 1, scope, a);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	out->items = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list task forces");
	for (int64_t i = 0; rc == GL_OK && i < out->n; i++)
		rc = read_lists(s, &out->items[i], a);
	return rc;
}

/* ---- meetings -------------------------------------------------------------------------- */

static enum gl_err serves(struct store *s, int64_t taskforce_id, int64_t project_id, bool *yes)
{
	sqlite3_stmt *st = tf(s, TF_SERVES);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, taskforce_id);
	sqlite3_bind_int64(st, 2, project_id);
	return any_row(s, st, yes);
}

/* Apply decision i of m: open a problem, or resolve or close one.  Problems found go to errs
 * (the caller rolls everything back); the return is GL_OK unless the engine failed. */
static enum gl_err apply(struct store *s, const struct meeting *m, size_t i, struct decision *d,
			 const struct calendar *cal, struct arena *a, struct verrors *errs)
{
	char prefix[48], f[VERR_FIELD_LEN];
	struct problem old, p;
	bool served;
	enum gl_err rc;

	snprintf(prefix, sizeof(prefix), "decisions[%zu].", i);
	if (d->action == DECISION_NOTE)
		return GL_OK;
	if (d->action == DECISION_OPEN) {
		d->open.taskforce_id = m->taskforce_id;
		d->open.opened_on = m->held_on;
		d->open.description = d->text;
		d->open.status = PROBLEM_OPEN;
		if ((rc = serves(s, m->taskforce_id, d->open.project_id, &served)) != GL_OK)
			return rc;
		if (!served) {
			snprintf(f, sizeof(f), "%sproject_id", prefix);
			verr_add(errs, f, "invalid", "project %lld is not served by this task force",
				 (long long)d->open.project_id);
			return GL_OK;
		}
		rc = problem_insert(s, &d->open, cal, a, errs, prefix);
		d->problem_id = d->open.id;
		return rc == GL_EINVALID ? GL_OK : rc;
	}
	snprintf(f, sizeof(f), "%sproblem_id", prefix);
	rc = store_problem_get(s, d->problem_id, NULL, a, &old);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, f, "unknown", "no problem has id %lld", (long long)d->problem_id);
		return GL_OK;
	}
	if (rc == GL_OK)
		rc = serves(s, m->taskforce_id, old.project_id, &served);
	if (rc != GL_OK)
		return rc;
	enum problem_status to = d->action == DECISION_RESOLVE ? PROBLEM_RESOLVED
							      : PROBLEM_CLOSED_UNRESOLVED;
	if (!served) {
		verr_add(errs, f, "invalid", "problem %lld is on project %lld, which this task"
			 " force does not serve", (long long)old.id, (long long)old.project_id);
		return GL_OK;
	}
	if (!problem_transition_ok(old.status, to)) {
		verr_add(errs, f, "invalid", "problem %lld is %s already; a meeting can %s only"
			 " problems open or in progress", (long long)old.id,
			 problem_statuses[old.status].code, decision_actions[d->action]);
		return GL_OK;
	}
	if (strcmp(m->held_on, old.opened_on) < 0) {
		verr_add(errs, f, "invalid", "problem %lld was opened on %s, after the meeting",
			 (long long)old.id, old.opened_on);
		return GL_OK;
	}
	p = old;
	p.status = to;
	p.resolution = d->text;
	p.resolved_on = m->held_on;
	if (!p.taskforce_id)
		p.taskforce_id = m->taskforce_id;
	rc = problem_write(s, &old, &p, cal, "status", a, errs, prefix);
	return rc == GL_EINVALID ? GL_OK : rc;
}

enum gl_err store_meeting_create(struct store *s, struct meeting *m, struct arena *a,
				 struct verrors *errs)
{
	struct calendar cal;
	sqlite3_stmt *st;
	int64_t v;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	if (!(st = tf(s, TF_VERSION)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, m->taskforce_id);
		rc = step_int(s, st, &v);
	}
	if (rc == GL_OK)
		rc = store_calendar_load(s, a, &cal);
	if (rc == GL_OK && !(st = tf(s, MT_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		m->recorded_at = store_now(a);
		m->user_id = s->actor.user_id;
		m->username = s->actor.username;
		sqlite3_bind_int64(st, 1, m->taskforce_id);
		bind_text(st, 2, m->held_on);
		bind_text(st, 3, m->topic);
		bind_text(st, 4, m->minutes);
		bind_id(st, 5, m->user_id);
		bind_text(st, 6, m->username);
		bind_text(st, 7, m->recorded_at);
		rc = step_done(s, st, "insert meeting");
	}
	if (rc == GL_OK)
		m->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; rc == GL_OK && i < m->nattendees; i++) {
		if (!(st = tf(s, MT_ATTENDEE_INSERT)))
			return store_end(s, GL_EDB);
		sqlite3_bind_int64(st, 1, m->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, m->attendees[i]);
		rc = step_done(s, st, "insert attendee");
	}
	/* Every decision is tried, so that one answer names every one that cannot be applied. */
	for (size_t i = 0; rc == GL_OK && i < m->ndecisions; i++) {
		struct decision *d = &m->decisions[i];

		rc = apply(s, m, i, d, &cal, a, errs);
		if (rc != GL_OK || errs->n)
			continue;
		if (!(st = tf(s, MT_DECISION_INSERT)))
			return store_end(s, GL_EDB);
		sqlite3_bind_int64(st, 1, m->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, decision_actions[d->action]);
		bind_text(st, 4, d->text);
		bind_id(st, 5, d->problem_id);
		rc = step_done(s, st, "insert decision");
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	if (rc == GL_OK) {
		struct changes c = {0};
		char n[24];

		changes_id(&c, a, "taskforce_id", 0, m->taskforce_id);
		changes_str(&c, "held_on", NULL, m->held_on);
		changes_str(&c, "topic", NULL, m->topic);
		snprintf(n, sizeof(n), "%zu", m->ndecisions);
		changes_str(&c, "decisions", NULL, n);
		rc = audit_write(s, "create", "meeting", m->id, &c);
	}
	return store_end(s, rc);
}

static enum gl_err read_meeting_lists(struct store *s, struct meeting *m, struct arena *a)
{
	const char *att[MEETING_MAX_ATTENDEES];
	struct decision dec[MEETING_MAX_DECISIONS];
	sqlite3_stmt *st = tf(s, MT_ATTENDEES);
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, m->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && m->nattendees < MEETING_MAX_ATTENDEES)
		att[m->nattendees++] = col_text(st, 0, a);
	sqlite3_reset(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return store_fail(s, "read attendees");
	if (!(st = tf(s, MT_DECISIONS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, m->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && m->ndecisions < MEETING_MAX_DECISIONS) {
		struct decision *d = &dec[m->ndecisions++];
		int action = decision_action_parse((const char *)sqlite3_column_text(st, 0));

		memset(d, 0, sizeof(*d));
		d->action = action < 0 ? DECISION_NOTE : (enum decision_action)action;
		d->text = col_text(st, 1, a);
		d->problem_id = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return store_fail(s, "read decisions");
	m->attendees = arena_alloc(a, (m->nattendees ? m->nattendees : 1) * sizeof(*att));
	m->decisions = arena_alloc(a, (m->ndecisions ? m->ndecisions : 1) * sizeof(*dec));
	if (!m->attendees || !m->decisions)
		return GL_ENOMEM;
	memcpy(m->attendees, att, m->nattendees * sizeof(*att));
	memcpy(m->decisions, dec, m->ndecisions * sizeof(*dec));
	return GL_OK;
}

enum gl_err store_meeting_list(struct store *s, int64_t taskforce_id, struct arena *a,
			       struct meeting **items, int64_t *n)
{
	sqlite3_stmt *st = tf(s, MT_LIST);
	size_t cap = 0;
	enum gl_err rc = GL_OK;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, taskforce_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct meeting *v = arena_alloc(a, ncap * sizeof(*v));

			if (!v) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (*n)
				memcpy(v, *items, (size_t)*n * sizeof(*v));
			*items = v;
			cap = ncap;
		}
		struct meeting *m = &(*items)[(*n)++];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		m->taskforce_id = sqlite3_column_int64(st, 1);
		m->held_on = col_text(st, 2, a);
		m->topic = col_text(st, 3, a);
		m->minutes = col_text(st, 4, a);
		m->user_id = sqlite3_column_int64(st, 5);
		m->username = col_text(st, 6, a);
		m->recorded_at = col_text(st, 7, a);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "list meetings");
	for (int64_t i = 0; rc == GL_OK && i < *n; i++)
		rc = read_meeting_lists(s, &(*items)[i], a);
	return rc;
}
