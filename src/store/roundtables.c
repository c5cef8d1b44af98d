/* roundtables.c - roundtable series and sessions (观澜会), their enterprises and people, and
 * what the session view reads of the appeals and projects that came out of them, in SQLite.
 *
 * Statements 0..RT__MAX of MOD_ROUNDTABLE are this file's; arrangements.c numbers its own
 * from AR_FIRST up, so that both share the module's row of prepared statements.
 */
#include "search-int.h"

#include <stdio.h>
#include <string.h>

/* ?1 enterprise, ?2 units (JSON array) of the caller's scope, NULL when not restricted;
 * ?3 today (YYYY-MM-DD).  See store.h for what each role sees inside a session. */
#define RT_VISIBLE \
	" (?1 IS NULL OR r.id IN" \
	"  (SELECT roundtable_id FROM roundtable_enterprise WHERE enterprise_id = ?1))"
#define AP_SCOPE \
	" AND (?1 IS NULL OR a.enterprise_id = ?1)" \
	" AND (?2 IS NULL OR a.lead_unit_id IN (SELECT value FROM json_each(?2))" \
	"  OR a.id IN (SELECT appeal_id FROM appeal_unit" \
	"   WHERE unit_id IN (SELECT value FROM json_each(?2))))"
#define AR_SCOPE \
	" AND (?1 IS NULL OR ar.appeal_id IN (SELECT id FROM appeal WHERE enterprise_id = ?1))" \
	" AND (?2 IS NULL OR ar.unit_id IN (SELECT value FROM json_each(?2)))"
#define PJ_SCOPE \
	" AND (?1 IS NULL OR rp.project_id IN" \
	"  (SELECT project_id FROM project_enterprise WHERE enterprise_id = ?1))" \
	" AND (?2 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?2)))"
/* 现场答复: the appeal's first answer (its timeline's first "answer" event, else answered_at)
 * fell on the day of the session, in Asia/Shanghai. */
#define ON_SPOT \
	" date(coalesce((SELECT min(ev.at) FROM appeal_event ev" \
	"   WHERE ev.appeal_id = a.id AND ev.kind = 'answer'), a.answered_at), '+8 hours')" \
	" = r.held_on"
#define AR_COUNT(COND) \
	" (SELECT count(*) FROM arrangement ar WHERE ar.roundtable_id = r.id AND " COND AR_SCOPE "),"
#define RT_COLS \
	"r.id, r.series_id, r.number, r.held_on, r.venue, r.format, r.theme, r.minutes," \
	" r.version, r.created_at, r.updated_at, s.name," \
	" (SELECT count(*) FROM roundtable_enterprise re WHERE re.roundtable_id = r.id)," \
	" (SELECT count(*) FROM roundtable_enterprise re WHERE re.roundtable_id = r.id" \
	"  AND re.attended = 1)," \
	" (SELECT count(*) FROM roundtable_person rp WHERE rp.roundtable_id = r.id)," \
	" (SELECT count(*) FROM appeal a WHERE a.roundtable_id = r.id" AP_SCOPE ")," \
	" (SELECT count(*) FROM appeal a WHERE a.roundtable_id = r.id AND" ON_SPOT AP_SCOPE ")," \
	AR_COUNT("ar.status = 'open'") AR_COUNT("ar.status = 'done'") \
	AR_COUNT("ar.status = 'cancelled'") AR_COUNT("ar.status = 'open' AND ar.due_on < ?3") \
	" (SELECT count(*) FROM roundtable_project rp JOIN project p ON p.id = rp.project_id" \
	"  WHERE rp.roundtable_id = r.id" PJ_SCOPE ")" \
	" FROM roundtable r JOIN roundtable_series s ON s.id = r.series_id"
#define RT_FILTERS \
	" WHERE" RT_VISIBLE " AND (?4 IS NULL OR r.series_id = ?4)" \
	" AND (?5 IS NULL OR substr(r.held_on, 1, 4) = ?5)" \
	" AND (?6 IS NULL OR r.id IN" \
	"  (SELECT roundtable_id FROM roundtable_enterprise WHERE enterprise_id = ?6))"

enum {
	RT_SERIES_INSERT,
	RT_SERIES_LIST,
	RT_SERIES_EXISTS,
	RT_NEXT_NUMBER,
	RT_NUMBER_TAKEN,
	RT_INSERT,
	RT_UPDATE,
	RT_VERSION,
	RT_GET,
	RT_ENTS,
	RT_ENTS_DELETE,
	RT_ENT_INSERT,
	RT_PEOPLE,
	RT_PEOPLE_DELETE,
	RT_PERSON_INSERT,
	RT_LIST,
	RT_COUNT,
	RT_APPEALS,
	RT_PROJECTS,
	RT_LINK_NOTE,
	RT_LINK_UPSERT,
	RT_UNLINK,
	RT_USER_EXISTS,
	RT_EXISTS,
	RT__MAX
};
/* arrangements.c numbers its statements from 32. */
_Static_assert((int)RT__MAX <= 32, "roundtables.c stays below arrangements.c's statements");

static const char *const rt_sql[RT__MAX] = {
	[RT_SERIES_INSERT] =
		"INSERT INTO roundtable_series (name, note, created_at) VALUES (?1, ?2, ?3)",
	[RT_SERIES_LIST] =
		"SELECT s.id, s.name, s.note, s.created_at,"
		" (SELECT count(*) FROM roundtable r WHERE r.series_id = s.id),"
		" (SELECT max(held_on) FROM roundtable r WHERE r.series_id = s.id)"
		" FROM roundtable_series s ORDER BY s.name",
	[RT_SERIES_EXISTS] = "SELECT 1 FROM roundtable_series WHERE id = ?1",
	[RT_NEXT_NUMBER] =
		"SELECT coalesce(max(number), 0) + 1 FROM roundtable WHERE series_id = ?1",
	[RT_NUMBER_TAKEN] =
		"SELECT id FROM roundtable WHERE series_id = ?1 AND number = ?2 AND id <> ?3",
	[RT_INSERT] =
		"INSERT INTO roundtable (series_id, number, held_on, venue, format, theme, minutes,"
		" version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8)",
	[RT_UPDATE] =
		"UPDATE roundtable SET series_id = ?3, number = ?4, held_on = ?5, venue = ?6,"
		" format = ?7, theme = ?8, minutes = ?9, version = version + 1, updated_at = ?10"
		" WHERE id = ?1 AND version = ?2",
	[RT_VERSION] = "SELECT version FROM roundtable WHERE id = ?1",
	[RT_GET] = "SELECT " RT_COLS " WHERE r.id = ?4 AND" RT_VISIBLE,
	[RT_ENTS] =
		"SELECT re.enterprise_id, re.attended, e.name FROM roundtable_enterprise re"
		" JOIN enterprise e ON e.id = re.enterprise_id WHERE re.roundtable_id = ?1"
		" ORDER BY re.enterprise_id",
	[RT_ENTS_DELETE] = "DELETE FROM roundtable_enterprise WHERE roundtable_id = ?1",
	[RT_ENT_INSERT] =
		"INSERT INTO roundtable_enterprise (roundtable_id, enterprise_id, attended)"
		" VALUES (?1, ?2, ?3)",
	[RT_PEOPLE] =
		"SELECT rp.kind, rp.name, rp.title, rp.enterprise_id, rp.unit_id, rp.user_id,"
		" rp.attended, e.name, u.name FROM roundtable_person rp"
		" LEFT JOIN enterprise e ON e.id = rp.enterprise_id"
		" LEFT JOIN unit u ON u.id = rp.unit_id WHERE rp.roundtable_id = ?1 ORDER BY rp.seq",
	[RT_PEOPLE_DELETE] = "DELETE FROM roundtable_person WHERE roundtable_id = ?1",
	[RT_PERSON_INSERT] =
		"INSERT INTO roundtable_person (roundtable_id, seq, kind, name, title, enterprise_id,"
		" unit_id, user_id, attended) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[RT_LIST] = "SELECT " RT_COLS RT_FILTERS
		" ORDER BY r.held_on DESC, r.id DESC LIMIT ?7 OFFSET ?8",
	[RT_COUNT] = "SELECT count(*) FROM roundtable r" RT_FILTERS,
	[RT_APPEALS] =
		"SELECT a.id, a.code, a.enterprise_id, e.name, a.category, c.name, a.text, a.state,"
		" a.answer, a.lead_unit_id, u.name, a.answered_at," ON_SPOT
		" FROM appeal a JOIN roundtable r ON r.id = a.roundtable_id"
		" JOIN enterprise e ON e.id = a.enterprise_id"
		" LEFT JOIN appeal_category c ON c.code = a.category"
		" LEFT JOIN unit u ON u.id = a.lead_unit_id"
		" WHERE a.roundtable_id = ?4" AP_SCOPE " ORDER BY a.submitted_at, a.id",
	[RT_PROJECTS] =
		"SELECT rp.project_id, rp.note, p.code, p.name, p.stage FROM roundtable_project rp"
		" JOIN project p ON p.id = rp.project_id WHERE rp.roundtable_id = ?4" PJ_SCOPE
		" ORDER BY rp.project_id",
	[RT_LINK_NOTE] =
		"SELECT note FROM roundtable_project WHERE roundtable_id = ?1 AND project_id = ?2",
	[RT_LINK_UPSERT] =
		"INSERT INTO roundtable_project (roundtable_id, project_id, note) VALUES (?1, ?2, ?3)"
		" ON CONFLICT (roundtable_id, project_id) DO UPDATE SET note = excluded.note",
	[RT_UNLINK] =
		"DELETE FROM roundtable_project WHERE roundtable_id = ?1 AND project_id = ?2",
	[RT_USER_EXISTS] = "SELECT 1 FROM user WHERE id = ?1",
	[RT_EXISTS] = "SELECT 1 FROM roundtable WHERE id = ?1",
};

static sqlite3_stmt *rt(struct store *s, int i)
{
	return mod_stmt(s, MOD_ROUNDTABLE, i, rt_sql);
}

/* Grow an arena array of items of size bytes to hold one more; NULL when out of memory. */
static void *grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *v = arena_alloc(a, ncap * size);

	if (v && n)
		memcpy(v, items, n * size);
	*cap = ncap;
	return v;
}

/* Bind ?1 and ?2 (scope) and ?3 (today). */
static void bind_view(sqlite3_stmt *st, const struct scope *sc, const char *today,
		      struct arena *a)
{
	if (sc) {
		bind_id(st, 1, sc->enterprise_id);
		if (sc->restricted)
			bind_text(st, 2, scope_units_json(sc, a));
	}
	bind_text(st, 3, today);
}

/* ---- series ------------------------------------------------------------------------------- */

enum gl_err store_rt_series_create(struct store *s, struct rt_series *x, struct arena *a)
{
	sqlite3_stmt *st;
	struct changes c = {0};
	enum gl_err rc = store_start(s);
	int r;

	if (rc != GL_OK)
		return rc;
	if (!(st = rt(s, RT_SERIES_INSERT)))
		return store_end(s, GL_EDB);
	x->created_at = store_now(a);
	bind_text(st, 1, x->name);
	bind_text(st, 2, x->note);
	bind_text(st, 3, x->created_at);
	r = sqlite3_step(st);
	if (r == SQLITE_CONSTRAINT)
		rc = GL_EDUPLICATE;
	else if (r != SQLITE_DONE)
		rc = store_fail(s, "insert roundtable series");
	sqlite3_reset(st);
	if (rc == GL_OK) {
		x->id = sqlite3_last_insert_rowid(s->db);
		changes_str(&c, "name", NULL, x->name);
		changes_str(&c, "note", NULL, x->note);
		rc = audit_write(s, "create", "roundtable_series", x->id, &c);
	}
	return store_end(s, rc);
}

enum gl_err store_rt_series_list(struct store *s, struct arena *a, struct rt_series **items,
				 size_t *n)
{
	sqlite3_stmt *st = rt(s, RT_SERIES_LIST);
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*items = grow(a, *items, *n, &cap, sizeof(**items)))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct rt_series *x = &(*items)[(*n)++];
		x->id = sqlite3_column_int64(st, 0);
		x->name = col_text(st, 1, a);
		x->note = col_text(st, 2, a);
		x->created_at = col_text(st, 3, a);
		x->sessions = sqlite3_column_int64(st, 4);
		x->last_held_on = col_text(st, 5, a);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "list roundtable series");
}

/* ---- sessions ----------------------------------------------------------------------------- */

static void read_row(sqlite3_stmt *st, struct arena *a, struct roundtable *r)
{
	int format = roundtable_format_parse((const char *)sqlite3_column_text(st, 5));

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->series_id = sqlite3_column_int64(st, 1);
	r->number = sqlite3_column_int64(st, 2);
	r->held_on = col_text(st, 3, a);
	r->venue = col_text(st, 4, a);
	r->format = format < 0 ? ROUNDTABLE_OTHER : (enum roundtable_format)format;
	r->theme = col_text(st, 6, a);
	r->minutes = col_text(st, 7, a);
	r->version = sqlite3_column_int64(st, 8);
	r->created_at = col_text(st, 9, a);
	r->updated_at = col_text(st, 10, a);
	r->series_name = col_text(st, 11, a);
	r->counts.enterprises_invited = sqlite3_column_int64(st, 12);
	r->counts.enterprises_attended = sqlite3_column_int64(st, 13);
	r->counts.people = sqlite3_column_int64(st, 14);
	r->counts.appeals = sqlite3_column_int64(st, 15);
	r->counts.answered_on_spot = sqlite3_column_int64(st, 16);
	r->counts.arrangements_open = sqlite3_column_int64(st, 17);
	r->counts.arrangements_done = sqlite3_column_int64(st, 18);
	r->counts.arrangements_cancelled = sqlite3_column_int64(st, 19);
	r->counts.arrangements_overdue = sqlite3_column_int64(st, 20);
	r->counts.projects = sqlite3_column_int64(st, 21);
}

static enum gl_err read_lists(struct store *s, struct roundtable *r, struct arena *a)
{
	sqlite3_stmt *st = rt(s, RT_ENTS);
	size_t cap = 0;
	int x;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, r->id);
	while ((x = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(r->enterprises = grow(a, r->enterprises, r->nenterprises, &cap,
					    sizeof(*r->enterprises)))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct rt_enterprise *e = &r->enterprises[r->nenterprises++];
		e->enterprise_id = sqlite3_column_int64(st, 0);
		e->attended = sqlite3_column_int(st, 1);
		e->name = col_text(st, 2, a);
	}
	sqlite3_reset(st);
	if (x != SQLITE_DONE)
		return store_fail(s, "read roundtable enterprises");
	if (!(st = rt(s, RT_PEOPLE)))
		return GL_EDB;
	cap = 0;
	sqlite3_bind_int64(st, 1, r->id);
	while ((x = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(r->people = grow(a, r->people, r->npeople, &cap, sizeof(*r->people)))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct rt_person *p = &r->people[r->npeople++];
		int kind = rt_person_kind_parse((const char *)sqlite3_column_text(st, 0));
		p->kind = kind < 0 ? RT_PERSON_LEADER : (enum roundtable_person_kind)kind;
		p->name = col_text(st, 1, a);
		p->title = col_text(st, 2, a);
		p->enterprise_id = sqlite3_column_int64(st, 3);
		p->unit_id = sqlite3_column_int64(st, 4);
		p->user_id = sqlite3_column_int64(st, 5);
		p->attended = sqlite3_column_int(st, 6);
		p->enterprise_name = col_text(st, 7, a);
		p->unit_name = col_text(st, 8, a);
	}
	sqlite3_reset(st);
	return x == SQLITE_DONE ? GL_OK : store_fail(s, "read roundtable people");
}

enum gl_err store_roundtable_get(struct store *s, int64_t id, const struct scope *scope,
				 const char *today, struct arena *a, struct roundtable *out)
{
	sqlite3_stmt *st = rt(s, RT_GET);
	int r;

	if (!st)
		return GL_EDB;
	bind_view(st, scope, today, a);
	sqlite3_bind_int64(st, 4, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_row(st, a, out);
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get roundtable");
	return read_lists(s, out, a);
}

/* Statement st bound with ?1 = id: add "unknown" to errs under field when it finds no row. */
static enum gl_err exists(struct store *s, sqlite3_stmt *st, int64_t id, struct verrors *errs,
			  const char *field, const char *what)
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
		verr_add(errs, field, "unknown", "no %s has id %lld", what, (long long)id);
		return GL_OK;
	}
	return rc;
}

/* Dangling references and a taken number, into errs (GL_EINVALID when any). */
static enum gl_err check_refs(struct store *s, struct roundtable *r, struct verrors *errs)
{
	char f[VERR_FIELD_LEN], unit[24];
	sqlite3_stmt *st;
	int64_t other;
	enum gl_err rc;

	rc = exists(s, rt(s, RT_SERIES_EXISTS), r->series_id, errs, "series_id",
		    "roundtable series");
	for (size_t i = 0; rc == GL_OK && i < r->nenterprises; i++) {
		snprintf(f, sizeof(f), "enterprises[%zu].enterprise_id", i);
		rc = exists(s, stmt_get(s, STMT_ENT_EXISTS), r->enterprises[i].enterprise_id, errs,
			    f, "enterprise");
	}
	for (size_t i = 0; rc == GL_OK && i < r->npeople; i++) {
		const struct rt_person *p = &r->people[i];

		snprintf(f, sizeof(f), "people[%zu].user_id", i);
		rc = exists(s, rt(s, RT_USER_EXISTS), p->user_id, errs, f, "user");
		if (rc == GL_OK && p->unit_id) {
			snprintf(unit, sizeof(unit), "%lld", (long long)p->unit_id);
			rc = store_ref_exists(s, REF_UNIT, unit);
			if (rc == GL_ENOTFOUND) {
				snprintf(f, sizeof(f), "people[%zu].unit_id", i);
				verr_add(errs, f, "unknown", "no unit has id %lld; see"
					 " /api/v1/ref/units", (long long)p->unit_id);
				rc = GL_OK;
			}
		}
	}
	if (rc == GL_OK && !errs->n) {
		if (!r->number) {
			if (!(st = rt(s, RT_NEXT_NUMBER)))
				return GL_EDB;
			sqlite3_bind_int64(st, 1, r->series_id);
			rc = step_int(s, st, &r->number);
		} else {
			if (!(st = rt(s, RT_NUMBER_TAKEN)))
				return GL_EDB;
			sqlite3_bind_int64(st, 1, r->series_id);
			sqlite3_bind_int64(st, 2, r->number);
			sqlite3_bind_int64(st, 3, r->id);
			rc = step_int(s, st, &other);
			if (rc == GL_OK)
				verr_add(errs, "number", "duplicate", "session %lld of this series"
					 " exists already (id %lld)", (long long)r->number,
					 (long long)other);
			if (rc == GL_ENOTFOUND)
				rc = GL_OK;
		}
	}
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return rc;
}

static enum gl_err write_lists(struct store *s, const struct roundtable *r)
{
	sqlite3_stmt *st;
	enum gl_err rc = GL_OK;

	if (!(st = rt(s, RT_ENTS_DELETE)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "clear roundtable enterprises");
	sqlite3_reset(st);
	if (rc == GL_OK && !(st = rt(s, RT_PEOPLE_DELETE)))
		return GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, r->id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "clear roundtable people");
		sqlite3_reset(st);
	}
	for (size_t i = 0; rc == GL_OK && i < r->nenterprises; i++) {
		if (!(st = rt(s, RT_ENT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, r->enterprises[i].enterprise_id);
		sqlite3_bind_int(st, 3, r->enterprises[i].attended);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert roundtable enterprise");
		sqlite3_reset(st);
	}
	for (size_t i = 0; rc == GL_OK && i < r->npeople; i++) {
		const struct rt_person *p = &r->people[i];

		if (!(st = rt(s, RT_PERSON_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		bind_text(st, 3, rt_person_kind_codes[p->kind]);
		bind_text(st, 4, p->name);
		bind_text(st, 5, p->title);
		bind_id(st, 6, p->enterprise_id);
		bind_id(st, 7, p->unit_id);
		bind_id(st, 8, p->user_id);
		sqlite3_bind_int(st, 9, p->attended);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert roundtable person");
		sqlite3_reset(st);
	}
	return rc;
}

/* ?first..: series, number, held_on, venue, format, theme, minutes. */
static void bind_fields(sqlite3_stmt *st, const struct roundtable *r, int i)
{
	sqlite3_bind_int64(st, i++, r->series_id);
	sqlite3_bind_int64(st, i++, r->number);
	bind_text(st, i++, r->held_on);
	bind_text(st, i++, r->venue);
	bind_text(st, i++, roundtable_format_codes[r->format]);
	bind_text(st, i++, r->theme);
	bind_text(st, i++, r->minutes);
}

enum gl_err store_roundtable_create(struct store *s, struct roundtable *r, struct arena *a,
				    struct verrors *errs)
{
	sqlite3_stmt *st;
	struct changes c;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, r, errs);
	if (rc == GL_OK && !(st = rt(s, RT_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		r->created_at = r->updated_at = store_now(a);
		bind_fields(st, r, 1);
		bind_text(st, 8, r->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert roundtable");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		r->id = sqlite3_last_insert_rowid(s->db);
		r->version = 1;
		rc = write_lists(s, r);
	}
	if (rc == GL_OK) {
		roundtable_changes(NULL, r, a, &c);
		rc = audit_write(s, "create", "roundtable", r->id, &c);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_ROUNDTABLE, r->id);
	return store_end(s, rc);
}

enum gl_err store_roundtable_update(struct store *s, struct roundtable *r, struct arena *a,
				    struct verrors *errs)
{
	struct roundtable old;
	sqlite3_stmt *st;
	struct changes c;
	int64_t v;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	rc = store_roundtable_get(s, r->id, NULL, NULL, a, &old);
	if (rc == GL_OK && old.version != r->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK && !r->number)
		r->number = old.number;
	if (rc == GL_OK)
		rc = check_refs(s, r, errs);
	if (rc == GL_OK && !(st = rt(s, RT_UPDATE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		r->updated_at = store_now(a);
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, r->version);
		bind_fields(st, r, 3);
		bind_text(st, 10, r->updated_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "update roundtable");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ECONFLICT;
		sqlite3_reset(st);
		if (rc == GL_ECONFLICT && (st = rt(s, RT_VERSION))) {
			sqlite3_bind_int64(st, 1, r->id);
			if (step_int(s, st, &v) == GL_ENOTFOUND)
				rc = GL_ENOTFOUND;
		}
	}
	if (rc == GL_OK) {
		r->version++;
		rc = write_lists(s, r);
	}
	if (rc == GL_OK) {
		roundtable_changes(&old, r, a, &c);
		rc = audit_write(s, "update", "roundtable", r->id, &c);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_ROUNDTABLE, r->id);
	return store_end(s, rc);
}

static void bind_query(sqlite3_stmt *st, const struct roundtable_query *q, struct arena *a)
{
	char year[8];

	bind_view(st, q->scope, q->today, a);
	bind_id(st, 4, q->series_id);
	if (q->year) {
		snprintf(year, sizeof(year), "%04d", q->year);
		sqlite3_bind_text(st, 5, year, -1, SQLITE_TRANSIENT);
	}
	bind_id(st, 6, q->enterprise_id);
}

enum gl_err store_roundtable_list(struct store *s, const struct roundtable_query *q,
				  struct arena *a, struct roundtable_page *out)
{
	sqlite3_stmt *st = rt(s, RT_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_query(st, q, a);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = rt(s, RT_LIST)))
		return GL_EDB;
	bind_query(st, q, a);
	sqlite3_bind_int64(st, 7, q->limit);
	sqlite3_bind_int64(st, 8, q->offset);
	out->items = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < q->limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		read_row(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list roundtables");
	return GL_OK;
}

/* ---- what came out of a session ----------------------------------------------------------- */

enum gl_err store_roundtable_appeals(struct store *s, int64_t id, const struct scope *scope,
				     struct arena *a, struct rt_appeal **items, size_t *n)
{
	sqlite3_stmt *st = rt(s, RT_APPEALS);
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	bind_view(st, scope, NULL, a);
	sqlite3_bind_int64(st, 4, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*items = grow(a, *items, *n, &cap, sizeof(**items)))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct rt_appeal *x = &(*items)[(*n)++];
		x->id = sqlite3_column_int64(st, 0);
		x->code = col_text(st, 1, a);
		x->enterprise_id = sqlite3_column_int64(st, 2);
		x->enterprise_name = col_text(st, 3, a);
		x->category = col_text(st, 4, a);
		x->category_name = col_text(st, 5, a);
		x->text = col_text(st, 6, a);
		x->state = col_text(st, 7, a);
		x->answer = col_text(st, 8, a);
		x->lead_unit_id = sqlite3_column_int64(st, 9);
		x->lead_unit_name = col_text(st, 10, a);
		x->answered_at = col_text(st, 11, a);
		x->on_spot = sqlite3_column_int(st, 12) == 1;
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "list roundtable appeals");
}

enum gl_err store_roundtable_projects(struct store *s, int64_t id, const struct scope *scope,
				      struct arena *a, struct rt_project **items, size_t *n)
{
	sqlite3_stmt *st = rt(s, RT_PROJECTS);
	size_t cap = 0;
	int r;

	*items = NULL;
	*n = 0;
	if (!st)
		return GL_EDB;
	bind_view(st, scope, NULL, a);
	sqlite3_bind_int64(st, 4, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*items = grow(a, *items, *n, &cap, sizeof(**items)))) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		struct rt_project *x = &(*items)[(*n)++];
		x->project_id = sqlite3_column_int64(st, 0);
		x->note = col_text(st, 1, a);
		x->code = col_text(st, 2, a);
		x->name = col_text(st, 3, a);
		x->stage = col_text(st, 4, a);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "list roundtable projects");
}

/* GL_OK when st (bound with ?1 = id) finds a row, GL_ENOTFOUND when not. */
static enum gl_err found(struct store *s, sqlite3_stmt *st, int64_t id)
{
	int64_t one;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return step_int(s, st, &one);
}

enum gl_err store_roundtable_link(struct store *s, int64_t id, int64_t project_id,
				  const char *note, bool *created)
{
	struct arena a;
	struct changes c = {0};
	sqlite3_stmt *st;
	const char *old = NULL;
	int r;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	arena_init(&a);
	rc = found(s, rt(s, RT_EXISTS), id);
	if (rc == GL_OK)
		rc = found(s, stmt_get(s, STMT_PRJ_EXISTS), project_id);
	if (rc == GL_OK && !(st = rt(s, RT_LINK_NOTE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, project_id);
		r = sqlite3_step(st);
		*created = r == SQLITE_DONE;
		if (r == SQLITE_ROW)
			old = col_text(st, 0, &a);
		else if (r != SQLITE_DONE)
			rc = store_fail(s, "read roundtable project");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && !(st = rt(s, RT_LINK_UPSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, project_id);
		bind_text(st, 3, note);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "link roundtable project");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		if (*created)
			changes_id(&c, &a, "project_id", 0, project_id);
		changes_str(&c, "project_note", old, note);
		rc = audit_write(s, *created ? "link_project" : "update_project_note", "roundtable",
				 id, &c);
	}
	rc = store_end(s, rc);
	arena_release(&a);
	return rc;
}

enum gl_err store_roundtable_unlink(struct store *s, int64_t id, int64_t project_id)
{
	struct arena a;
	struct changes c = {0};
	sqlite3_stmt *st;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	arena_init(&a);
	if (!(st = rt(s, RT_UNLINK)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, project_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "unlink roundtable project");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ENOTFOUND;
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		changes_id(&c, &a, "project_id", project_id, 0);
		rc = audit_write(s, "unlink_project", "roundtable", id, &c);
	}
	rc = store_end(s, rc);
	arena_release(&a);
	return rc;
}
