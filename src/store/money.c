/* money.c - a project's money columns, funds in place, phase families and chains. */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

enum {
	M_LINKS,          /* phase parent's parent, anchor's anchor, own phases, own supporters */
	M_FUNDS,
	M_FUNDS_DELETE,
	M_FUNDS_INSERT,
	M_PROJECT_BUMP,
	M_PHASE_FAMILY,
	M_CHAIN_MEMBERS,
	M_CHAIN_ROOTS,
	M_CHAIN_ROOT_COUNT,
	M__MAX
};

/* The columns of a project_brief, in read_brief's order. */
#define BRIEF_COLS \
	"SELECT p.id, p.phase_parent_id, p.chain_anchor_id, p.unit_id, p.code, p.name," \
	" p.phase, p.location, r.name, r.kind = 'zone', p.stage, p.total_investment," \
	" (SELECT coalesce(sum(amount), 0) FROM project_funds WHERE project_id = p.id)," \
	" (SELECT group_concat(enterprise_id) FROM (SELECT enterprise_id" \
	"  FROM project_enterprise WHERE project_id = p.id ORDER BY seq)), p.signed_amount" \
	" FROM project p LEFT JOIN ref_region r ON r.code = p.location"

/* The chain roots: an anchor, or the first phase of an anchor that is a later phase. */
#define CHAIN_ROOTS \
	" FROM (SELECT DISTINCT coalesce(a.phase_parent_id, a.id) AS id FROM project a" \
	"  WHERE a.id IN (SELECT chain_anchor_id FROM project WHERE chain_anchor_id IS NOT NULL))" \
	" c JOIN project p ON p.id = c.id" \
	" WHERE (?1 IS NULL OR p.id IN (SELECT project_id FROM project_enterprise" \
	"  WHERE enterprise_id = ?1)) AND (?2 IS NULL OR p.unit_id IN (SELECT value FROM json_each(?2)))"

static const char *const m_sql[M__MAX] = {
	[M_LINKS] =
		"SELECT (SELECT phase_parent_id FROM project WHERE id = ?2),"
		" (SELECT chain_anchor_id FROM project WHERE id = ?3),"
		" (SELECT count(*) FROM project WHERE phase_parent_id = ?1),"
		" (SELECT count(*) FROM project WHERE chain_anchor_id = ?1)",
	[M_FUNDS] =
		"SELECT month, amount, note FROM project_funds WHERE project_id = ?1 ORDER BY month",
	[M_FUNDS_DELETE] = "DELETE FROM project_funds WHERE project_id = ?1",
	[M_FUNDS_INSERT] =
		"INSERT INTO project_funds (project_id, month, amount, note) VALUES (?1, ?2, ?3, ?4)",
	[M_PROJECT_BUMP] =
		"UPDATE project SET version = version + 1, updated_at = ?3"
		" WHERE id = ?1 AND (?2 = 0 OR version = ?2) RETURNING version",
	[M_PHASE_FAMILY] = BRIEF_COLS " WHERE p.id = ?1 OR p.phase_parent_id = ?1 ORDER BY p.id",
	[M_CHAIN_MEMBERS] =
		BRIEF_COLS " WHERE p.id = ?1 OR p.phase_parent_id = ?1 OR p.chain_anchor_id = ?1"
		" OR p.chain_anchor_id IN (SELECT id FROM project WHERE phase_parent_id = ?1)"
		" ORDER BY p.id",
	[M_CHAIN_ROOTS] = "SELECT p.id" CHAIN_ROOTS " ORDER BY p.id LIMIT ?3 OFFSET ?4",
	[M_CHAIN_ROOT_COUNT] = "SELECT count(*)" CHAIN_ROOTS,
};

static sqlite3_stmt *m_stmt(struct store *s, int i)
{
	return mod_stmt(s, MOD_MONEY, i, m_sql);
}

/* ---- the money columns of a project ------------------------------------------------------ */

static void bind_opt(sqlite3_stmt *st, int i, bool has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

void money_bind(sqlite3_stmt *st, const struct project_money *m)
{
	int i = PRJ_MONEY_FIRST_PARAM;

	bind_opt(st, i++, m->has_fixed_asset, m->fixed_asset);
	bind_opt(st, i++, m->has_foreign, m->foreign);
	bind_opt(st, i++, m->has_land, m->land_centimu);
	bind_opt(st, i++, m->has_output, m->annual_output);
	bind_opt(st, i++, m->has_tax, m->annual_tax);
	bind_opt(st, i++, m->has_jobs, m->jobs);
}

static void read_opt(sqlite3_stmt *st, int i, bool *has, int64_t *v)
{
	*has = sqlite3_column_type(st, i) != SQLITE_NULL;
	*v = sqlite3_column_int64(st, i);
}

void money_read(sqlite3_stmt *st, int first, struct project_money *m)
{
	read_opt(st, first, &m->has_fixed_asset, &m->fixed_asset);
	read_opt(st, first + 1, &m->has_foreign, &m->foreign);
	read_opt(st, first + 2, &m->has_land, &m->land_centimu);
	read_opt(st, first + 3, &m->has_output, &m->annual_output);
	read_opt(st, first + 4, &m->has_tax, &m->annual_tax);
	read_opt(st, first + 5, &m->has_jobs, &m->jobs);
}

enum gl_err money_check_links(struct store *s, const struct project *p, struct verrors *errs)
{
	sqlite3_stmt *st;
	int r;

	if (!p->phase_parent_id && !p->chain_anchor_id)
		return GL_OK;
	if (!(st = m_stmt(s, M_LINKS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, p->phase_parent_id);
	sqlite3_bind_int64(st, 3, p->chain_anchor_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		/* A project being created (id 0) has neither phases nor supporters. */
		phase_check(p->id, p->phase_parent_id, sqlite3_column_int64(st, 0),
			    p->id ? sqlite3_column_int64(st, 2) : 0, errs);
		chain_check(p->id, p->chain_anchor_id, sqlite3_column_int64(st, 1),
			    p->id ? sqlite3_column_int64(st, 3) : 0, errs);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "check project links");
	return errs->n ? GL_EINVALID : GL_OK;
}

/* ---- funds in place ---------------------------------------------------------------------- */

enum gl_err store_funds_get(struct store *s, int64_t project_id, struct arena *a,
			    struct fund_series *out)
{
	sqlite3_stmt *st = m_stmt(s, M_FUNDS);
	size_t cap = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct fund_month *items = arena_alloc(a, ncap * sizeof(*items));

			if (!items) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (out->n)
				memcpy(items, out->items, out->n * sizeof(*items));
			out->items = items;
			cap = ncap;
		}
		struct fund_month *f = &out->items[out->n++];
		f->month = col_text(st, 0, a);
		f->amount = sqlite3_column_int64(st, 1);
		f->note = col_text(st, 2, a);
		out->total += f->amount;
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read funds in place");
}

static const struct fund_month *find_month(const struct fund_month *items, size_t n,
					   const char *month)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].month, month) == 0)
			return &items[i];
	return NULL;
}

/* The audit of a replaced series: the total, then each month whose amount or note moved. */
static void funds_changes(const struct fund_series *old, const struct fund_month *items,
			  size_t n, struct arena *a, struct changes *c)
{
	int64_t total = 0;

	c->n = 0;
	for (size_t i = 0; i < n; i++)
		total += items[i].amount;
	changes_int(c, a, "total", true, old->total, true, total);
	for (size_t i = 0; i < old->n; i++) {
		const struct fund_month *now = find_month(items, n, old->items[i].month);

		changes_int(c, a, old->items[i].month, true, old->items[i].amount, now != NULL,
			    now ? now->amount : 0);
		if (now)
			changes_str(c, arena_printf(a, "%s.note", now->month), old->items[i].note,
				    now->note);
	}
	for (size_t i = 0; i < n; i++)
		if (!find_month(old->items, old->n, items[i].month)) {
			changes_int(c, a, items[i].month, false, 0, true, items[i].amount);
			changes_str(c, arena_printf(a, "%s.note", items[i].month), NULL,
				    items[i].note);
		}
}

enum gl_err store_funds_replace(struct store *s, int64_t project_id, int64_t version,
				const struct fund_month *items, size_t n, struct arena *a,
				int64_t *new_version)
{
	struct fund_series old;
	sqlite3_stmt *st = NULL;
	enum gl_err rc = store_start(s);
	int r;

	if (rc != GL_OK)
		return rc;
	if (!(st = m_stmt(s, M_PROJECT_BUMP)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, project_id);
		sqlite3_bind_int64(st, 2, version);
		bind_text(st, 3, store_now(a));
		r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			*new_version = sqlite3_column_int64(st, 0);
		else if (r == SQLITE_DONE)
			rc = GL_ECONFLICT; /* the caller found the project: only its version moved */
		else
			rc = store_fail(s, "bump project version");
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = store_funds_get(s, project_id, a, &old);
	if (rc == GL_OK && !(st = m_stmt(s, M_FUNDS_DELETE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, project_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "delete funds in place");
		sqlite3_reset(st);
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		if (!(st = m_stmt(s, M_FUNDS_INSERT))) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, project_id);
		bind_text(st, 2, items[i].month);
		sqlite3_bind_int64(st, 3, items[i].amount);
		bind_text(st, 4, items[i].note);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert funds in place");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		struct changes c;

		funds_changes(&old, items, n, a, &c);
		rc = audit_write(s, "update", "project_funds", project_id, &c);
	}
	return store_end(s, rc);
}

/* ---- phase families and chains ----------------------------------------------------------- */

static enum gl_err read_ids(struct arena *a, const char *text, struct project_brief *b)
{
	size_t n = 0;

	b->enterprise_ids = arena_alloc(a, PROJECT_MAX_ENTERPRISES * sizeof(*b->enterprise_ids));
	if (!b->enterprise_ids)
		return GL_ENOMEM;
	for (const char *c = text; c && *c && n < PROJECT_MAX_ENTERPRISES; c++) {
		int64_t v = 0;

		while (*c >= '0' && *c <= '9')
			v = v * 10 + (*c++ - '0');
		b->enterprise_ids[n++] = v;
		if (*c != ',')
			break;
	}
	b->nenterprises = n;
	return GL_OK;
}

static enum gl_err read_briefs(struct store *s, sqlite3_stmt *st, struct arena *a,
			       struct brief_list *out)
{
	size_t cap = 0;
	enum gl_err rc = GL_OK;
	int r;

	memset(out, 0, sizeof(*out));
	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct project_brief *items = arena_alloc(a, ncap * sizeof(*items));

			if (!items) {
				rc = GL_ENOMEM;
				break;
			}
			if (out->n)
				memcpy(items, out->items, out->n * sizeof(*items));
			out->items = items;
			cap = ncap;
		}
		struct project_brief *b = &out->items[out->n++];
		memset(b, 0, sizeof(*b));
		b->id = sqlite3_column_int64(st, 0);
		b->phase_parent_id = sqlite3_column_int64(st, 1);
		b->chain_anchor_id = sqlite3_column_int64(st, 2);
		b->unit_id = sqlite3_column_int64(st, 3);
		b->code = col_text(st, 4, a);
		b->name = col_text(st, 5, a);
		b->phase = col_text(st, 6, a);
		b->location = col_text(st, 7, a);
		b->location_name = col_text(st, 8, a);
		b->in_zone = sqlite3_column_int(st, 9) == 1;
		int stage = project_stage_parse((const char *)sqlite3_column_text(st, 10));
		b->stage = stage < 0 ? STAGE_LEAD : (enum project_stage)stage;
		b->has_investment = sqlite3_column_type(st, 11) != SQLITE_NULL;
		b->total_investment = sqlite3_column_int64(st, 11);
		b->funds = sqlite3_column_int64(st, 12);
		b->has_signed_amount = sqlite3_column_type(st, 14) != SQLITE_NULL;
		b->signed_amount = sqlite3_column_int64(st, 14);
		rc = read_ids(a, (const char *)sqlite3_column_text(st, 13), b);
	}
	sqlite3_reset(st);
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "read project briefs");
	return rc;
}

enum gl_err store_phase_family(struct store *s, int64_t root, struct arena *a,
			       struct brief_list *out)
{
	sqlite3_stmt *st = m_stmt(s, M_PHASE_FAMILY);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, root);
	return read_briefs(s, st, a, out);
}

enum gl_err store_chain_members(struct store *s, int64_t root, struct arena *a,
				struct brief_list *out)
{
	sqlite3_stmt *st = m_stmt(s, M_CHAIN_MEMBERS);
	enum gl_err rc;
	bool supported = false;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, root);
	rc = read_briefs(s, st, a, out);
	/* Supported: something names root or one of its phases as its anchor (root may itself
	 * support another chain; that does not make it one). */
	for (size_t i = 0; rc == GL_OK && i < out->n && !supported; i++) {
		int64_t anchor = out->items[i].chain_anchor_id;

		for (size_t j = 0; anchor && j < out->n && !supported; j++)
			supported = out->items[j].id == anchor &&
				    (anchor == root || out->items[j].phase_parent_id == root);
	}
	/* A project nobody supports is no chain, even with phases. */
	if (rc == GL_OK && !supported)
		out->n = 0;
	return rc;
}

enum gl_err store_chain_roots(struct store *s, const struct scope *scope, int64_t limit,
			      int64_t offset, struct arena *a, int64_t **ids, size_t *n,
			      int64_t *total)
{
	const char *units = scope && scope->restricted ? scope_units_json(scope, a) : NULL;
	int64_t ent = scope ? scope->enterprise_id : 0;
	sqlite3_stmt *st = m_stmt(s, M_CHAIN_ROOT_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	*n = 0;
	*ids = NULL;
	if (!st)
		return GL_EDB;
	bind_id(st, 1, ent);
	bind_text(st, 2, units);
	if ((rc = step_int(s, st, total)) != GL_OK)
		return rc;
	if (!(st = m_stmt(s, M_CHAIN_ROOTS)))
		return GL_EDB;
	if (!(*ids = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(**ids))))
		return GL_ENOMEM;
	bind_id(st, 1, ent);
	bind_text(st, 2, units);
	sqlite3_bind_int64(st, 3, limit);
	sqlite3_bind_int64(st, 4, offset);
	while ((int64_t)*n < limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	if ((int64_t)*n < limit && r != SQLITE_DONE) {
		sqlite3_reset(st);
		return store_fail(s, "list chain roots");
	}
	sqlite3_reset(st);
	return GL_OK;
}
