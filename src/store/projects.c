/* projects.c - investment projects and their enterprises, in SQLite. */
#include "store-int.h"
#include "search-int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/ledger.h"
#include "../util/date.h"

static enum gl_err check_ref(struct store *s, enum ref_table t, const char *code,
			     struct verrors *errs, const char *field, const char *what)
{
	enum gl_err rc;

	if (!code)
		return GL_OK;
	rc = store_ref_exists(s, t, code);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, field, "unknown", "\"%s\" is not a known %s", code, what);
		return GL_OK;
	}
	return rc;
}

static enum gl_err check_id(struct store *s, enum stmt id_stmt, int64_t id, struct verrors *errs,
			    const char *field, const char *what)
{
	sqlite3_stmt *st;
	int64_t one;
	enum gl_err rc;

	if (!id)
		return GL_OK;
	if (!(st = stmt_get(s, id_stmt)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	rc = step_int(s, st, &one);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, field, "unknown", "no %s has id %lld", what, (long long)id);
		return GL_OK;
	}
	return rc;
}

/* Every reference a project makes must name an existing record.  All dangling references
 * are reported together. */
static enum gl_err check_refs(struct store *s, const struct project *p, struct verrors *errs)
{
	char field[48], unit[24];
	enum gl_err rc = GL_OK;

	for (size_t i = 0; rc == GL_OK && i < p->nenterprises; i++) {
		snprintf(field, sizeof(field), "enterprise_ids[%zu]", i);
		rc = check_id(s, STMT_ENT_EXISTS, p->enterprise_ids[i], errs, field, "enterprise");
	}
	if (rc == GL_OK)
		rc = check_ref(s, REF_INDUSTRY, p->industry_code, errs, "industry_code",
			       "GB/T 4754-2017 code");
	if (rc == GL_OK)
		rc = check_ref(s, REF_CHAIN, p->chain, errs, "chain", "industry chain");
	if (rc == GL_OK)
		rc = check_ref(s, REF_CHANNEL, p->channel, errs, "channel", "channel");
	if (rc == GL_OK)
		rc = check_ref(s, REF_REGION, p->location, errs, "location", "location");
	if (rc == GL_OK && p->unit_id) {
		snprintf(unit, sizeof(unit), "%lld", (long long)p->unit_id);
		rc = check_ref(s, REF_UNIT, unit, errs, "unit_id", "unit id");
	}
	if (rc == GL_OK)
		rc = check_id(s, STMT_PRJ_EXISTS, p->phase_parent_id, errs, "phase_parent_id",
			      "project");
	if (rc == GL_OK)
		rc = check_id(s, STMT_PRJ_EXISTS, p->chain_anchor_id, errs, "chain_anchor_id",
			      "project");
	if (rc == GL_OK && !errs->n)
		rc = money_check_links(s, p, errs);
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return rc;
}

void project_bind_fields(sqlite3_stmt *st, const struct project *p, int first)
{
	/* name, industry, chain, channel, stage, investment, location, three dates,
	 * phase parent, phase, anchor, industrial, key, leader, unit: in this order. */
	int i = first;

	bind_text(st, i++, p->name);
	bind_text(st, i++, p->industry_code);
	bind_text(st, i++, p->chain);
	bind_text(st, i++, p->channel);
	bind_text(st, i++, project_stages[p->stage].code);
	if (p->has_investment)
		sqlite3_bind_int64(st, i++, p->total_investment);
	else
		sqlite3_bind_null(st, i++);
	bind_text(st, i++, p->location);
	bind_text(st, i++, p->signed_on);
	bind_text(st, i++, p->started_on);
	bind_text(st, i++, p->production_on);
	bind_id(st, i++, p->phase_parent_id);
	bind_text(st, i++, p->phase);
	bind_id(st, i++, p->chain_anchor_id);
	sqlite3_bind_int(st, i++, p->industrial);
	sqlite3_bind_int(st, i++, p->key_project);
	bind_text(st, i++, p->leader);
	bind_id(st, i++, p->unit_id);
	money_bind(st, &p->money);
	/* The ledger's columns, numbered apart (?30...) in both statements. */
	bind_text(st, 30, p->capacity_on);
	if (p->has_signed_amount)
		sqlite3_bind_int64(st, 31, p->signed_amount);
	else
		sqlite3_bind_null(st, 31);
}

static enum gl_err write_enterprises(struct store *s, const struct project *p)
{
	sqlite3_stmt *st = stmt_get(s, STMT_PRJ_ENTS_DELETE);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, p->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, "delete project enterprises");
	for (size_t i = 0; i < p->nenterprises; i++) {
		if (!(st = stmt_get(s, STMT_PRJ_ENT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, p->enterprise_ids[i]);
		sqlite3_bind_int64(st, 3, (int64_t)i);
		if (sqlite3_step(st) != SQLITE_DONE)
			return store_fail(s, "insert project enterprise");
	}
	return GL_OK;
}

/* QH-<year>-<nnnn>: the year of signing when known, else the current year. */
static enum gl_err next_code(struct store *s, const struct project *p, struct arena *a,
			     const char **out)
{
	struct ymd d;
	int year;
	int64_t seq;
	sqlite3_stmt *st = stmt_get(s, STMT_PRJ_SEQ_NEXT);
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	if (p->signed_on && date_parse_iso(p->signed_on, &d) == 0)
		year = d.y;
	else
		year = date_shanghai(time(NULL)).y;
	sqlite3_bind_int(st, 1, year);
	if ((rc = step_int(s, st, &seq)) != GL_OK)
		return rc == GL_ENOTFOUND ? GL_EDB : rc;
	*out = arena_printf(a, "QH-%d-%04lld", year, (long long)seq);
	return *out ? GL_OK : GL_ENOMEM;
}

enum gl_err store_project_create(struct store *s, struct project *p, struct arena *a,
				 struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st = NULL;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, p, errs);
	/* An import brings its own codes (the natural key); everyone else gets the next one. */
	if (rc == GL_OK && !p->code)
		rc = next_code(s, p, a, &p->code);
	if (rc == GL_OK && !(st = stmt_get(s, STMT_PRJ_INSERT)))
		rc = GL_EDB;
	/* The ledger records the creation (and the stages the record already carries dates for)
	 * in the same transaction. */
	struct stage_event ev[LEDGER_MAX_EVENTS];
	char day[16];
	const char *today = arena_strdup(a, date_format_iso(date_shanghai(time(NULL)), day,
							     sizeof(day)));
	int nev = 0;
	if (rc == GL_OK && !today)
		rc = GL_ENOMEM;
	if (rc == GL_OK)
		nev = ledger_creation_events(p, today, ev);
	if (rc == GL_OK) {
		p->created_at = p->updated_at = store_now(a);
		bind_text(st, 1, p->code);
		project_bind_fields(st, p, 2);
		bind_text(st, 19, p->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert project");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		p->id = sqlite3_last_insert_rowid(s->db);
		p->version = 1;
		rc = write_enterprises(s, p);
	}
	if (rc == GL_OK)
		rc = store_stage_append(s, p->id, ev, nev, a);
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_PROJECT, p->id);
	if (rc == GL_OK) {
		struct changes c;
		project_changes(NULL, p, a, &c);
		rc = audit_write(s, "create", "project", p->id, &c);
	}
	return store_end(s, rc);
}

/* Where the money columns start in a project row (PRJ_COLS and the list alike), and where
 * the list's enterprise ids follow them. */
/* Where the column groups start: PRJ_COLS is the base columns, then the money, then the
 * ledger's; a list row has its enterprise ids between the money and the ledger's. */
enum {
	PRJ_MONEY_COL = 22,
	PRJ_LEDGER_COL = PRJ_MONEY_COL + 6,
	PRJ_LIST_ENTS_COL = PRJ_MONEY_COL + 6,
	PRJ_LIST_LEDGER_COL = PRJ_LIST_ENTS_COL + 1,
};

static void read_row(sqlite3_stmt *st, struct arena *a, struct project *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->code = col_text(st, 1, a);
	p->name = col_text(st, 2, a);
	p->industry_code = col_text(st, 3, a);
	p->chain = col_text(st, 4, a);
	p->channel = col_text(st, 5, a);
	int stage = project_stage_parse((const char *)sqlite3_column_text(st, 6));
	p->stage = stage < 0 ? STAGE_LEAD : (enum project_stage)stage;
	p->has_investment = sqlite3_column_type(st, 7) != SQLITE_NULL;
	p->total_investment = sqlite3_column_int64(st, 7);
	p->location = col_text(st, 8, a);
	p->signed_on = col_text(st, 9, a);
	p->started_on = col_text(st, 10, a);
	p->production_on = col_text(st, 11, a);
	p->phase_parent_id = sqlite3_column_int64(st, 12);
	p->phase = col_text(st, 13, a);
	p->chain_anchor_id = sqlite3_column_int64(st, 14);
	p->industrial = sqlite3_column_int(st, 15);
	p->key_project = sqlite3_column_int(st, 16);
	p->leader = col_text(st, 17, a);
	p->unit_id = sqlite3_column_int64(st, 18);
	p->version = sqlite3_column_int64(st, 19);
	p->created_at = col_text(st, 20, a);
	p->updated_at = col_text(st, 21, a);
	money_read(st, PRJ_MONEY_COL, &p->money);
}

/* capacity_on, signed_amount and the stage held, from column i on (LEDGER_COLS). */
static void read_ledger_cols(sqlite3_stmt *st, int i, struct arena *a, struct project *p)
{
	p->capacity_on = col_text(st, i, a);
	p->has_signed_amount = sqlite3_column_type(st, i + 1) != SQLITE_NULL;
	p->signed_amount = sqlite3_column_int64(st, i + 1);
	const char *held = (const char *)sqlite3_column_text(st, i + 2);
	int h = held ? project_stage_parse(held) : -1;
	p->held = h < 0 ? STAGE_LEAD : (enum project_stage)h;
}

/* "3,17,2" (group_concat of ids) into p->enterprise_ids. */
static enum gl_err parse_ids(struct arena *a, const char *text, struct project *p)
{
	size_t n = 0;

	p->enterprise_ids = arena_alloc(a, PROJECT_MAX_ENTERPRISES * sizeof(*p->enterprise_ids));
	if (!p->enterprise_ids)
		return GL_ENOMEM;
	for (const char *c = text; c && *c && n < PROJECT_MAX_ENTERPRISES; c++) {
		int64_t v = 0;

		while (*c >= '0' && *c <= '9')
			v = v * 10 + (*c++ - '0');
		p->enterprise_ids[n++] = v;
		if (*c != ',')
			break;
	}
	p->nenterprises = n;
	return GL_OK;
}

static enum gl_err read_enterprises(struct store *s, struct arena *a, struct project *p)
{
	sqlite3_stmt *st = stmt_get(s, STMT_PRJ_ENTS);
	int64_t ids[PROJECT_MAX_ENTERPRISES];
	size_t n = 0;
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, p->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && n < PROJECT_MAX_ENTERPRISES)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "read project enterprises");
	p->nenterprises = n;
	p->enterprise_ids = arena_alloc(a, (n ? n : 1) * sizeof(*ids));
	if (!p->enterprise_ids)
		return GL_ENOMEM;
	memcpy(p->enterprise_ids, ids, n * sizeof(*ids));
	return GL_OK;
}

enum gl_err store_project_get(struct store *s, int64_t id, const struct scope *scope,
			      struct arena *a, struct project *out)
{
	sqlite3_stmt *st = stmt_get(s, STMT_PRJ_GET);
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		read_row(st, a, out);
		read_ledger_cols(st, PRJ_LEDGER_COL, a, out);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get project");
	enum gl_err rc = read_enterprises(s, a, out);
	if (rc == GL_OK && scope &&
	    !scope_allows_project(scope, out->unit_id, out->enterprise_ids, out->nenterprises))
		rc = GL_ENOTFOUND;
	return rc;
}

enum gl_err store_project_update(struct store *s, struct project *p, struct arena *a,
				 struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	struct project old;
	sqlite3_stmt *st = NULL;
	int64_t v;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, p, errs);
	if (rc == GL_OK)
		rc = store_project_get(s, p->id, NULL, a, &old);
	if (rc == GL_OK && old.version != p->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK && !(st = stmt_get(s, STMT_PRJ_UPDATE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		p->updated_at = store_now(a);
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, p->version);
		project_bind_fields(st, p, 3);
		bind_text(st, 20, p->updated_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "update project");
		else if (sqlite3_changes(s->db) == 0) {
			sqlite3_reset(st);
			if (!(st = stmt_get(s, STMT_PRJ_VERSION)))
				rc = GL_EDB;
			else {
				sqlite3_bind_int64(st, 1, p->id);
				rc = step_int(s, st, &v);
				if (rc == GL_OK)
					rc = GL_ECONFLICT;
			}
		}
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		p->version++;
		rc = write_enterprises(s, p);
	}
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_PROJECT, p->id);
	if (rc == GL_OK) {
		struct changes c;
		project_changes(&old, p, a, &c);
		rc = audit_write(s, "update", "project", p->id, &c);
	}
	return store_end(s, rc);
}

/* ---- list ------------------------------------------------------------------------------ */

enum {
	PF_STAGE = 1 << 0,
	PF_CHAIN = 1 << 1,
	PF_CHANNEL = 1 << 2,
	PF_LOCATION = 1 << 3,
	PF_ENTERPRISE = 1 << 4,
	PF_YEAR = 1 << 5,
	PF_INDUSTRIAL = 1 << 6,
	PF_NAME = 1 << 7,
	PF_SCOPE_ENT = 1 << 8,
	PF_SCOPE_UNITS = 1 << 9,
};

static const char *const psort_sql[PROJECT_SORT__MAX] = {
	[PROJECT_SORT_ID] = " ORDER BY p.id",
	[PROJECT_SORT_ID_DESC] = " ORDER BY p.id DESC",
	[PROJECT_SORT_SIGNED_DESC] = " ORDER BY p.signed_on DESC NULLS LAST, p.id DESC",
	[PROJECT_SORT_INVESTMENT_DESC] = " ORDER BY p.total_investment DESC NULLS LAST, p.id",
	[PROJECT_SORT_NAME] = " ORDER BY p.name, p.id",
};

/* Parameters: ?1 stage ?2 chain ?3 channel ?4 location ?5 enterprise ?6 year (text "2023")
 * ?7 industrial ?8 name substring ?9 limit ?10 offset ?11 scope enterprise ?12 scope units. */
static sqlite3_stmt *plist_stmt(struct store *s, int mask, enum project_sort sort, int count)
{
	char text[1536];
	size_t n = 0;

#define ADD(str) do { size_t l_ = strlen(str); memcpy(text + n, str, l_); n += l_; } while (0)
	ADD(count ? "SELECT count(*) FROM project p"
		  : "SELECT p.id, p.code, p.name, p.industry_code, p.chain, p.channel, p.stage,"
		    " p.total_investment, p.location, p.signed_on, p.started_on, p.production_on,"
		    " p.phase_parent_id, p.phase, p.chain_anchor_id, p.industrial, p.key_project,"
		    " p.leader, p.unit_id, p.version, p.created_at, p.updated_at,"
		    /* The page's enterprises in the same pass, rather than a query per row. */
		    " " PRJ_MONEY_COLS ","
		    " (SELECT group_concat(enterprise_id) FROM (SELECT enterprise_id"
		    "  FROM project_enterprise WHERE project_id = p.id ORDER BY seq)),"
		    " p.capacity_on, p.signed_amount, (SELECT to_stage FROM stage_event"
		    "  WHERE project_id = p.id AND to_stage NOT IN ('on_hold', 'dropped')"
		    "  ORDER BY id DESC LIMIT 1)"
		    " FROM project p");
	ADD(" WHERE 1");
	if (mask & PF_STAGE)
		ADD(" AND p.stage = ?1");
	if (mask & PF_CHAIN)
		ADD(" AND p.chain = ?2");
	if (mask & PF_CHANNEL)
		ADD(" AND p.channel = ?3");
	if (mask & PF_LOCATION)
		ADD(" AND p.location = ?4");
	if (mask & PF_ENTERPRISE)
		ADD(" AND p.id IN (SELECT project_id FROM project_enterprise WHERE enterprise_id = ?5)");
	if (mask & PF_YEAR)
		ADD(" AND p.signed_on >= ?6 || '-01-01' AND p.signed_on <= ?6 || '-12-31'");
	if (mask & PF_INDUSTRIAL)
		ADD(" AND p.industrial = ?7");
	if (mask & PF_NAME)
		ADD(" AND instr(p.name, ?8) > 0");
	if (mask & PF_SCOPE_ENT)
		ADD(" AND p.id IN (SELECT project_id FROM project_enterprise WHERE enterprise_id = ?11)");
	if (mask & PF_SCOPE_UNITS)
		ADD(" AND p.unit_id IN (SELECT value FROM json_each(?12))");
	if (!count) {
		ADD(psort_sql[sort]);
		ADD(" LIMIT ?9 OFFSET ?10");
	}
	text[n] = '\0';
#undef ADD
	return stmt_cached(s, &s->plist[mask][sort][count], text);
}

static void bind_pquery(sqlite3_stmt *st, const struct project_query *q, char *year,
			const char *units)
{
	if (q->scope)
		bind_id(st, 11, q->scope->enterprise_id);
	bind_text(st, 12, units);
	if (q->stage >= 0)
		bind_text(st, 1, project_stages[q->stage].code);
	bind_text(st, 2, q->chain);
	bind_text(st, 3, q->channel);
	bind_text(st, 4, q->location);
	bind_id(st, 5, q->enterprise_id);
	if (q->signed_year)
		bind_text(st, 6, year);
	if (q->industrial >= 0)
		sqlite3_bind_int(st, 7, q->industrial);
	bind_text(st, 8, q->name_contains);
	sqlite3_bind_int64(st, 9, q->limit);
	sqlite3_bind_int64(st, 10, q->offset);
}

enum gl_err store_project_list(struct store *s, const struct project_query *q, struct arena *a,
			       struct project_page *out)
{
	int mask = (q->stage >= 0 ? PF_STAGE : 0) | (q->chain ? PF_CHAIN : 0) |
		   (q->channel ? PF_CHANNEL : 0) | (q->location ? PF_LOCATION : 0) |
		   (q->enterprise_id ? PF_ENTERPRISE : 0) | (q->signed_year ? PF_YEAR : 0) |
		   (q->industrial >= 0 ? PF_INDUSTRIAL : 0) | (q->name_contains ? PF_NAME : 0) |
		   (q->scope && q->scope->enterprise_id ? PF_SCOPE_ENT : 0) |
		   (q->scope && q->scope->restricted ? PF_SCOPE_UNITS : 0);
	const char *units = mask & PF_SCOPE_UNITS ? scope_units_json(q->scope, a) : NULL;
	char year[8];
	sqlite3_stmt *st = plist_stmt(s, mask, q->sort, 1);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	snprintf(year, sizeof(year), "%04d", q->signed_year);
	if (!st)
		return GL_EDB;
	bind_pquery(st, q, year, units);
	const char *key = arena_printf(a, "p%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%d\x1f%d\x1f%s\x1f%lld\x1f%s", mask,
				       q->stage >= 0 ? project_stages[q->stage].code : "",
				       q->chain ? q->chain : "", q->channel ? q->channel : "",
				       q->location ? q->location : "", (long long)q->enterprise_id,
				       q->signed_year, q->industrial,
				       q->name_contains ? q->name_contains : "",
				       (long long)(q->scope ? q->scope->enterprise_id : 0),
				       units ? units : "");
	/* \x1f cannot occur in the values: the API refuses control characters in them. */
	if (!key)
		return GL_ENOMEM;
	if ((rc = count_cached(s, key, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = plist_stmt(s, mask, q->sort, 0)))
		return GL_EDB;
	bind_pquery(st, q, year, units);
	out->items = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < q->limit && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct project *p = &out->items[out->n++];

		read_row(st, a, p);
		read_ledger_cols(st, PRJ_LIST_LEDGER_COL, a, p);
		if ((rc = parse_ids(a, (const char *)sqlite3_column_text(st, PRJ_LIST_ENTS_COL), p)) != GL_OK) {
			sqlite3_reset(st);
			return rc;
		}
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list projects");
	return GL_OK;
}
