/* followups.c - follow-ups (跟进记录) and their overdue next steps, in SQLite. */
#include "search-int.h"

#include <string.h>

enum {
	FU_OFFICER,
	FU_INSERT,
	FU_LIST,
	FU_OVERDUE,
	FU__STMTS
};

#define FU_COLUMNS \
	"f.id, f.project_id, f.on_date, f.kind, f.summary, f.next_step, f.next_on, f.officer_id," \
	" u.display_name, f.created_by, f.created_at"

static const char *const fu_sql[FU__STMTS] = {
	[FU_OFFICER] = "SELECT role IN ('admin', 'officer') AND NOT disabled, display_name"
		       " FROM user WHERE id = ?1",
	[FU_INSERT] = "INSERT INTO followup (project_id, on_date, kind, summary, next_step,"
		      " next_on, officer_id, created_by, created_at)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[FU_LIST] = "SELECT " FU_COLUMNS " FROM followup f LEFT JOIN user u ON u.id = f.officer_id"
		    " WHERE f.project_id = ?1 ORDER BY f.on_date DESC, f.id DESC",
	/* A later follow-up (by day, then id) on the same project recorded by ?1 supersedes
	 * the next step, whoever recorded it: somebody has been back in touch. */
	[FU_OVERDUE] = "SELECT " FU_COLUMNS ", p.code, p.name,"
		       " CAST(julianday(?1) - julianday(f.next_on) AS INTEGER)"
		       " FROM followup f JOIN project p ON p.id = f.project_id"
		       " LEFT JOIN user u ON u.id = f.officer_id"
		       " WHERE f.next_on IS NOT NULL AND f.next_on < ?1 AND f.on_date <= ?1"
		       " AND NOT EXISTS (SELECT 1 FROM followup g WHERE g.project_id = f.project_id"
		       "   AND g.on_date <= ?1 AND (g.on_date > f.on_date"
		       "   OR (g.on_date = f.on_date AND g.id > f.id)))"
		       " AND (?2 = 0 OR f.officer_id = ?2)"
		       " AND (?3 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?3)))"
		       " AND (?4 = 0 OR p.id IN (SELECT project_id FROM project_enterprise"
		       "                        WHERE enterprise_id = ?4))"
		       " ORDER BY f.officer_id, f.next_on, f.id",
};

static sqlite3_stmt *fu(struct store *s, int i)
{
	return mod_stmt(s, MOD_FOLLOWUP, i, fu_sql);
}

enum gl_err store_followup_create(struct store *s, struct followup *f, struct arena *a,
				  struct verrors *errs)
{
	sqlite3_stmt *st;
	enum gl_err rc = store_start(s);
	int r;

	if (rc != GL_OK)
		return rc;
	if (!(st = fu(s, FU_OFFICER)))
		rc = GL_EDB;
	else {
		sqlite3_bind_int64(st, 1, f->officer_id);
		r = sqlite3_step(st);
		if (r == SQLITE_ROW && sqlite3_column_int(st, 0))
			f->officer_name = col_text(st, 1, a);
		else if (r == SQLITE_ROW || r == SQLITE_DONE) {
			verr_add(errs, "officer", "unknown", "user %lld is not an enabled officer"
				 " or admin", (long long)f->officer_id);
			rc = GL_EINVALID;
		} else
			rc = store_fail(s, "read officer");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && !(st = fu(s, FU_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		f->created_at = store_now(a);
		f->created_by = s->actor.user_id;
		sqlite3_bind_int64(st, 1, f->project_id);
		bind_text(st, 2, f->on);
		bind_text(st, 3, followup_kinds[f->kind].code);
		bind_text(st, 4, f->summary);
		bind_text(st, 5, f->next_step);
		bind_text(st, 6, f->next_on);
		sqlite3_bind_int64(st, 7, f->officer_id);
		bind_id(st, 8, f->created_by);
		bind_text(st, 9, f->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert follow-up");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		struct changes c = {0};

		f->id = sqlite3_last_insert_rowid(s->db);
		changes_id(&c, a, "project_id", 0, f->project_id);
		changes_str(&c, "on", NULL, f->on);
		changes_str(&c, "kind", NULL, followup_kinds[f->kind].code);
		changes_str(&c, "summary", NULL, f->summary);
		changes_str(&c, "next_step", NULL, f->next_step);
		changes_str(&c, "next_on", NULL, f->next_on);
		changes_id(&c, a, "officer", 0, f->officer_id);
		rc = audit_write(s, "create", "followup", f->id, &c);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_FOLLOWUP, f->id);
	return store_end(s, rc);
}

static void read_followup(sqlite3_stmt *st, struct arena *a, struct followup *f)
{
	int kind = followup_kind_parse((const char *)sqlite3_column_text(st, 3));

	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->project_id = sqlite3_column_int64(st, 1);
	f->on = col_text(st, 2, a);
	f->kind = kind < 0 ? FU_VISIT : (enum followup_kind)kind;
	f->summary = col_text(st, 4, a);
	f->next_step = col_text(st, 5, a);
	f->next_on = col_text(st, 6, a);
	f->officer_id = sqlite3_column_int64(st, 7);
	f->officer_name = col_text(st, 8, a);
	f->created_by = sqlite3_column_int64(st, 9);
	f->created_at = col_text(st, 10, a);
}

/* Grow *v (of *cap elements of size sz) to hold one more; GL_ENOMEM when it cannot. */
static enum gl_err grow(struct arena *a, void **v, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return GL_OK;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *w = arena_alloc(a, ncap * sz);

	if (!w)
		return GL_ENOMEM;
	if (n)
		memcpy(w, *v, n * sz);
	*v = w;
	*cap = ncap;
	return GL_OK;
}

enum gl_err store_followup_list(struct store *s, int64_t project_id, struct arena *a,
				struct followup **items, size_t *n)
{
	sqlite3_stmt *st = fu(s, FU_LIST);
	void *v = NULL;
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(a, &v, &cap, *n, sizeof(struct followup)) != GL_OK) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		read_followup(st, a, (struct followup *)v + (*n)++);
	}
	sqlite3_reset(st);
	*items = v;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read follow-ups");
}

enum gl_err store_followup_overdue(struct store *s, const char *as_of, int64_t officer_id,
				   const struct scope *scope, struct arena *a,
				   struct overdue_followup **items, size_t *n)
{
	sqlite3_stmt *st = fu(s, FU_OVERDUE);
	void *v = NULL;
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	bind_text(st, 1, as_of);
	sqlite3_bind_int64(st, 2, officer_id);
	bind_text(st, 3, scope && scope->restricted ? scope_units_json(scope, a) : NULL);
	sqlite3_bind_int64(st, 4, scope ? scope->enterprise_id : 0);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(a, &v, &cap, *n, sizeof(struct overdue_followup)) != GL_OK) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct overdue_followup *o = (struct overdue_followup *)v + (*n)++;
		read_followup(st, a, &o->f);
		o->project_code = col_text(st, 11, a);
		o->project_name = col_text(st, 12, a);
		o->days_overdue = sqlite3_column_int64(st, 13);
	}
	sqlite3_reset(st);
	*items = v;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read overdue follow-ups");
}
