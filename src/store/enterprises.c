/* enterprises.c - enterprises, their tags and contacts, in SQLite. */
#include "store-int.h"
#include "search-int.h"

#include <string.h>

/* Map a failed write to the domain: a unique credit code is the only UNIQUE we can hit. */
static enum gl_err write_error(struct store *s, const char *what)
{
	if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
		return GL_EDUPLICATE;
	return store_fail(s, what);
}

static enum gl_err check_refs(struct store *s, const struct enterprise *e, struct verrors *errs)
{
	if (e->industry_code) {
		enum gl_err rc = store_ref_exists(s, REF_INDUSTRY, e->industry_code);

		if (rc == GL_ENOTFOUND)
			verr_add(errs, "industry_code", "unknown",
				 "\"%s\" is not a GB/T 4754-2017 code", e->industry_code);
		else if (rc != GL_OK)
			return rc;
	}
	return errs->n ? GL_EINVALID : GL_OK;
}

static enum gl_err write_children(struct store *s, const struct enterprise *e)
{
	sqlite3_stmt *st = stmt_get(s, STMT_ENT_TAGS_DELETE);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, e->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, "delete tags");
	for (size_t i = 0; i < e->ntags; i++) {
		if (!(st = stmt_get(s, STMT_ENT_TAG_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, e->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, e->tags[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return store_fail(s, "insert tag");
	}
	if (!(st = stmt_get(s, STMT_ENT_CONTACTS_DELETE)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, e->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, "delete contacts");
	for (size_t i = 0; i < e->ncontacts; i++) {
		const struct contact *c = &e->contacts[i];

		if (!(st = stmt_get(s, STMT_ENT_CONTACT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, e->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_text(st, 3, c->name);
		bind_text(st, 4, c->title);
		bind_text(st, 5, c->phone);
		bind_text(st, 6, c->email);
		if (sqlite3_step(st) != SQLITE_DONE)
			return store_fail(s, "insert contact");
	}
	return GL_OK;
}

enum gl_err store_enterprise_create(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, e, errs);
	if (rc == GL_OK && !(st = stmt_get(s, STMT_ENT_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		e->created_at = e->updated_at = store_now(a);
		bind_text(st, 1, e->name);
		bind_text(st, 2, e->credit_code);
		bind_text(st, 3, e->industry_code);
		bind_text(st, 4, e->address);
		bind_text(st, 5, e->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = write_error(s, "insert enterprise");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		e->id = sqlite3_last_insert_rowid(s->db);
		e->version = 1;
		rc = write_children(s, e);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_ENTERPRISE, e->id);
	if (rc == GL_OK) {
		struct changes c;
		enterprise_changes(NULL, e, a, &c);
		rc = audit_write(s, "create", "enterprise", e->id, &c);
	}
	return store_end(s, rc);
}

static enum gl_err read_children(struct store *s, struct arena *a, struct enterprise *e)
{
	sqlite3_stmt *st = stmt_get(s, STMT_ENT_TAGS);
	size_t cap = 4;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, e->id);
	e->tags = arena_alloc(a, cap * sizeof(*e->tags));
	while (e->tags && sqlite3_step(st) == SQLITE_ROW) {
		if (e->ntags == cap) {
			const char **more = arena_alloc(a, 2 * cap * sizeof(*more));
			if (!more)
				return GL_ENOMEM;
			memcpy(more, e->tags, cap * sizeof(*more));
			e->tags = more;
			cap *= 2;
		}
		e->tags[e->ntags++] = col_text(st, 0, a);
	}
	sqlite3_reset(st);
	if (!e->tags)
		return GL_ENOMEM;

	if (!(st = stmt_get(s, STMT_ENT_CONTACTS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, e->id);
	cap = 2;
	e->contacts = arena_alloc(a, cap * sizeof(*e->contacts));
	while (e->contacts && sqlite3_step(st) == SQLITE_ROW) {
		if (e->ncontacts == cap) {
			struct contact *more = arena_alloc(a, 2 * cap * sizeof(*more));
			if (!more)
				return GL_ENOMEM;
			memcpy(more, e->contacts, cap * sizeof(*more));
			e->contacts = more;
			cap *= 2;
		}
		struct contact *c = &e->contacts[e->ncontacts++];
		c->name = col_text(st, 0, a);
		c->title = col_text(st, 1, a);
		c->phone = col_text(st, 2, a);
		c->email = col_text(st, 3, a);
	}
	sqlite3_reset(st);
	if (!e->contacts)
		return GL_ENOMEM;

	if (!(st = stmt_get(s, STMT_ENT_PROJECT_COUNT)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, e->id);
	return step_int(s, st, &e->project_count);
}

/* Fill e from a row of "id, name, credit_code, industry_code, address, version,
 * created_at, updated_at". */
static void read_row(sqlite3_stmt *st, struct arena *a, struct enterprise *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->name = col_text(st, 1, a);
	e->credit_code = col_text(st, 2, a);
	e->industry_code = col_text(st, 3, a);
	e->address = col_text(st, 4, a);
	e->version = sqlite3_column_int64(st, 5);
	e->created_at = col_text(st, 6, a);
	e->updated_at = col_text(st, 7, a);
}

/* GL_OK when enterprise id is inside scope (may be NULL), GL_ENOTFOUND when not. */
static enum gl_err in_scope(struct store *s, int64_t id, const struct scope *scope,
			    struct arena *a)
{
	sqlite3_stmt *st;
	int64_t one;

	if (!scope)
		return GL_OK;
	if (scope->enterprise_id && scope->enterprise_id != id)
		return GL_ENOTFOUND;
	if (!scope->restricted)
		return GL_OK;
	if (!(st = stmt_get(s, STMT_ENT_IN_UNITS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, scope_units_json(scope, a));
	return step_int(s, st, &one);
}

enum gl_err store_enterprise_get(struct store *s, int64_t id, const struct scope *scope,
				 struct arena *a, struct enterprise *out)
{
	sqlite3_stmt *st;
	enum gl_err rc;
	int r;

	if ((rc = in_scope(s, id, scope, a)) != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_ENT_GET)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_row(st, a, out);
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get enterprise");
	return read_children(s, a, out);
}

/* After an UPDATE ... WHERE version = ? changed nothing: gone, or changed by someone else? */
static enum gl_err missing_or_stale(struct store *s, enum stmt version_stmt, int64_t id)
{
	sqlite3_stmt *st = stmt_get(s, version_stmt);
	int64_t v;
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = step_int(s, st, &v);
	return rc == GL_OK ? GL_ECONFLICT : rc;
}

enum gl_err store_enterprise_update(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	struct enterprise old;
	sqlite3_stmt *st;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, e, errs);
	/* The record as it stands inside this transaction is what the audit compares with. */
	if (rc == GL_OK)
		rc = store_enterprise_get(s, e->id, NULL, a, &old);
	if (rc == GL_OK && old.version != e->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK && !(st = stmt_get(s, STMT_ENT_UPDATE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		e->updated_at = store_now(a);
		sqlite3_bind_int64(st, 1, e->id);
		sqlite3_bind_int64(st, 2, e->version);
		bind_text(st, 3, e->name);
		bind_text(st, 4, e->credit_code);
		bind_text(st, 5, e->industry_code);
		bind_text(st, 6, e->address);
		bind_text(st, 7, e->updated_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = write_error(s, "update enterprise");
		else if (sqlite3_changes(s->db) == 0)
			rc = missing_or_stale(s, STMT_ENT_VERSION, e->id);
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		e->version++;
		rc = write_children(s, e);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_ENTERPRISE, e->id);
	if (rc == GL_OK && strcmp(old.name, e->name) != 0)
		rc = search_index_enterprise_projects(s, e->id);
	if (rc == GL_OK) {
		struct changes c;
		enterprise_changes(&old, e, a, &c);
		rc = audit_write(s, "update", "enterprise", e->id, &c);
	}
	return store_end(s, rc);
}

enum gl_err store_enterprise_delete(struct store *s, int64_t id, int64_t version,
				    const struct scope *scope)
{
	enum gl_err rc = store_start(s);
	struct enterprise old;
	struct arena a;
	sqlite3_stmt *st;
	int64_t refs;

	if (rc != GL_OK)
		return rc;
	arena_init(&a);
	rc = store_enterprise_get(s, id, scope, &a, &old);
	if (rc == GL_OK && version && old.version != version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK && !(st = stmt_get(s, STMT_ENT_PROJECT_COUNT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = step_int(s, st, &refs);
	}
	/* Enterprise users belong to it too. */
	if (rc == GL_OK && refs == 0 && !(st = stmt_get(s, STMT_ENT_USER_COUNT)))
		rc = GL_EDB;
	if (rc == GL_OK && refs == 0) {
		sqlite3_bind_int64(st, 1, id);
		rc = step_int(s, st, &refs);
	}
	if (rc == GL_OK && refs > 0)
		rc = GL_EREFERENCED;
	if (rc == GL_OK && !(st = stmt_get(s, STMT_ENT_DELETE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		/* Projects and users are counted above to say why; the rest (roundtables, appeals,
		 * whatever comes next) is caught by the foreign keys. */
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY
				     ? GL_EREFERENCED
				     : store_fail(s, "delete enterprise");
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = search_drop(s, SEARCH_ENTERPRISE, id);
	if (rc == GL_OK) {
		struct changes c;
		enterprise_changes(&old, NULL, &a, &c);
		rc = audit_write(s, "delete", "enterprise", id, &c);
	}
	arena_release(&a);
	return store_end(s, rc);
}

/* ---- list ------------------------------------------------------------------------------ */

enum { EF_NAME = 1, EF_INDUSTRY_PREFIX = 2, EF_TAG = 4, EF_SCOPE_ENT = 8, EF_SCOPE_UNITS = 16 };

static const char *const esort_sql[ENTERPRISE_SORT__MAX] = {
	[ENTERPRISE_SORT_ID] = " ORDER BY e.id",
	[ENTERPRISE_SORT_ID_DESC] = " ORDER BY e.id DESC",
	[ENTERPRISE_SORT_NAME] = " ORDER BY e.name, e.id",
	[ENTERPRISE_SORT_NAME_DESC] = " ORDER BY e.name DESC, e.id DESC",
	[ENTERPRISE_SORT_UPDATED_DESC] = " ORDER BY e.updated_at DESC, e.id DESC",
};

/* Compose the list (or count) statement for a filter mask from constant fragments.
 * Parameters: ?1 name substring, ?2 industry (section letter or code prefix), ?3 tag,
 * ?4 limit, ?5 offset, ?6 scope enterprise, ?7 scope units (JSON array). */
static sqlite3_stmt *elist_stmt(struct store *s, int mask, enum enterprise_sort sort, int count)
{
	char text[1024];
	size_t n = 0;

#define ADD(str) do { size_t l_ = strlen(str); memcpy(text + n, str, l_); n += l_; } while (0)
	ADD(count ? "SELECT count(*) FROM enterprise e"
		  : "SELECT e.id, e.name, e.credit_code, e.industry_code, e.address, e.version,"
		    " e.created_at, e.updated_at FROM enterprise e");
	ADD(" WHERE 1");
	if (mask & EF_NAME)
		ADD(" AND instr(e.name, ?1) > 0");
	if (mask & EF_INDUSTRY_PREFIX)
		ADD(" AND (substr(e.industry_code, 1, length(?2)) = ?2 OR e.industry_code IN"
		    " (SELECT code FROM ref_industry WHERE section = ?2 AND length(?2) = 1))");
	if (mask & EF_TAG)
		ADD(" AND e.id IN (SELECT enterprise_id FROM enterprise_tag WHERE tag = ?3)");
	if (mask & EF_SCOPE_ENT)
		ADD(" AND e.id = ?6");
	if (mask & EF_SCOPE_UNITS)
		ADD(" AND e.id IN (SELECT pe.enterprise_id FROM project_enterprise pe"
		    " JOIN project p ON p.id = pe.project_id"
		    " WHERE p.unit_id IN (SELECT value FROM json_each(?7)))");
	if (!count) {
		ADD(esort_sql[sort]);
		ADD(" LIMIT ?4 OFFSET ?5");
	}
	text[n] = '\0';
#undef ADD
	return stmt_cached(s, &s->elist[mask][sort][count], text);
}

static void bind_equery(sqlite3_stmt *st, const struct enterprise_query *q, const char *units)
{
	if (q->scope)
		bind_id(st, 6, q->scope->enterprise_id);
	bind_text(st, 7, units);
	bind_text(st, 1, q->name_contains);
	bind_text(st, 2, q->industry);
	bind_text(st, 3, q->tag);
	sqlite3_bind_int64(st, 4, q->limit);
	sqlite3_bind_int64(st, 5, q->offset);
}

enum gl_err store_enterprise_list(struct store *s, const struct enterprise_query *q,
				  struct arena *a, struct enterprise_page *out)
{
	int mask = (q->name_contains ? EF_NAME : 0) | (q->industry ? EF_INDUSTRY_PREFIX : 0) |
		   (q->tag ? EF_TAG : 0) |
		   (q->scope && q->scope->enterprise_id ? EF_SCOPE_ENT : 0) |
		   (q->scope && q->scope->restricted ? EF_SCOPE_UNITS : 0);
	const char *units = mask & EF_SCOPE_UNITS ? scope_units_json(q->scope, a) : NULL;
	sqlite3_stmt *st = elist_stmt(s, mask, q->sort, 1);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_equery(st, q, units);
	const char *key = arena_printf(a, "e%d\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s", mask,
				       q->name_contains ? q->name_contains : "",
				       q->industry ? q->industry : "", q->tag ? q->tag : "",
				       (long long)(q->scope ? q->scope->enterprise_id : 0),
				       units ? units : "");
	/* \x1f cannot occur in the values: the API refuses control characters in them. */
	if (!key)
		return GL_ENOMEM;
	if ((rc = count_cached(s, key, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = elist_stmt(s, mask, q->sort, 0)))
		return GL_EDB;
	bind_equery(st, q, units);
	out->items = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < q->limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list enterprises");
	for (int64_t i = 0; i < out->n; i++)
		if ((rc = read_children(s, a, &out->items[i])) != GL_OK)
			return rc;
	return GL_OK;
}
