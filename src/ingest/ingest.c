/* ingest.c - an import's rows resolved, validated, compared with the store and written. */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/change.h"
#include "../domain/enterprise.h"
#include "../domain/project.h"
#include "../store/store.h"
#include "../search/normalize.h"
#include "../util/buf.h"
#include "../util/date.h"
#include <time.h>

const char *ingest_action_name(enum ingest_action a)
{
	static const char *const names[] = { "insert", "update", "unchanged", "rejected" };

	return (unsigned)a <= INGEST_REJECTED ? names[a] : "?";
}

void ingest_report_init(struct ingest_report *r)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	import_problems_init(&r->problems, IMPORT_PROBLEMS_DEFAULT_MAX);
}

void ingest_report_release(struct ingest_report *r)
{
	import_problems_release(&r->problems);
	arena_release(&r->arena);
}

/* ---- the explicit mapping ------------------------------------------------------------- */

int ingest_parse_map(const char *text, struct arena *a, struct header_map **out, size_t *n,
		     const char **why)
{
	size_t cap = 1, k = 0;

	*out = NULL;
	*n = 0;
	if (!text || !*text)
		return 0;
	for (const char *c = text; *c; c++)
		cap += *c == ',';
	struct header_map *m = arena_alloc(a, cap * sizeof(*m));
	char *copy = arena_strdup(a, text);

	if (!m || !copy)
		return *why = "out of memory", -1;
	for (char *save = NULL, *item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (!eq || eq == item)
			return *why = "each item of the mapping is 表头=field", -1;
		*eq = '\0';
		m[k].header = item;
		m[k].field = eq + 1;
		k++;
	}
	*out = m;
	*n = k;
	return 0;
}

/* ---- reference data ------------------------------------------------------------------- */

/* A reference table with each name normalised as header texts are (full-width, spaces,
 * common traditional characters), so that 新能源汽車 or ＂新能源汽车 ＂ find their row. */
struct refs {
	struct ref_list list;
	char **keys;
	int loaded;
	/* The last texts resolved: a ledger repeats a few names on every row, and normalising
	 * each again costs more than the rest of the row's lookups. */
	struct { char *text; const struct ref_item *item; } seen[16];
	unsigned next;
};

struct ingest {
	struct store *s;
	const struct ingest_options *opt;
	struct ingest_report *r;
	struct arena ref_arena;
	struct refs refs[REF__MAX];
	int writing;
	struct store_import_bulk *bulk;  /* a real run of projects: see store_import_bulk_begin */
	struct appeal_actor who;         /* names the appeals' events */
	struct appeal_category *categories;
	size_t ncategories;
	int categories_loaded;
	struct appeal_settings aset;     /* for 延期至: the deadline an extension moves */
	struct calendar cal;
	int cal_loaded;
	struct norm *norm;               /* search's normaliser, for names (opened on first use) */
	int norm_failed;
	enum gl_err fatal;
	int fld[64];               /* field index by the F_ names below, -1 absent */
};

/* A name as the reference tables are compared: header_normalise (full-width, spaces, units),
 * then search's normal form (OpenCC traditional → simplified, case), so that 審批服務 finds
 * 审批服务. */
static void norm(struct ingest *g, const char *s, char *out, size_t size)
{
	char unit[256];
	struct buf b;

	header_normalise(s, out, unit, size);
	/* A name with a bracketed part keeps it: 机器人与智能制造（含无人机） is not a unit. */
	if (unit[0] && strlen(out) + strlen(unit) + 1 < size) {
		strcat(out, "(");
		strcat(out, unit);
		strcat(out, ")");
	}
	if (!g->norm && !g->norm_failed && norm_open(NULL, &g->norm) != GL_OK)
		g->norm_failed = 1;  /* then the header's own table of common characters only */
	if (!g->norm)
		return;
	buf_init(&b, size - 1);
	if (norm_text(g->norm, out, strlen(out), &b) == GL_OK && b.len < size) {
		memcpy(out, b.data ? b.data : "", b.len);
		out[b.len] = '\0';
	}
	buf_release(&b);
}

static enum gl_err refs_load(struct ingest *g, enum ref_table t)
{
	struct refs *rf = &g->refs[t];
	enum gl_err rc;

	if (rf->loaded)
		return GL_OK;
	rc = store_ref_list(g->s, t, NULL, 0, &g->ref_arena, &rf->list);
	if (rc != GL_OK)
		return rc;
	rf->keys = arena_alloc(&g->ref_arena, (size_t)(rf->list.n + 1) * sizeof(char *));
	if (!rf->keys)
		return GL_ENOMEM;
	for (int64_t i = 0; i < rf->list.n; i++) {
		char k[256];

		norm(g, rf->list.items[i].name, k, sizeof(k));
		if (!(rf->keys[i] = arena_strdup(&g->ref_arena, k)))
			return GL_ENOMEM;
	}
	rf->loaded = 1;
	return GL_OK;
}

static const struct ref_item *resolve_new(struct ingest *g, enum ref_table t, const char *text);

/* The row of t that text names, by code (units: by id) or by name; NULL when none. */
static const struct ref_item *resolve(struct ingest *g, enum ref_table t, const char *text)
{
	struct refs *rf = &g->refs[t];
	const struct ref_item *it;
	unsigned k;

	for (k = 0; k < sizeof(rf->seen) / sizeof(rf->seen[0]) && rf->seen[k].text; k++)
		if (strcmp(rf->seen[k].text, text) == 0)
			return rf->seen[k].item;
	it = resolve_new(g, t, text);
	if (g->fatal == GL_OK) {
		k = rf->next++ % (sizeof(rf->seen) / sizeof(rf->seen[0]));
		free(rf->seen[k].text);
		rf->seen[k].text = strdup(text);
		rf->seen[k].item = rf->seen[k].text ? it : NULL;
	}
	return it;
}

static const struct ref_item *resolve_new(struct ingest *g, enum ref_table t, const char *text)
{
	struct refs *rf = &g->refs[t];
	char k[256];

	if (refs_load(g, t) != GL_OK) {
		g->fatal = GL_EDB;
		return NULL;
	}
	for (int64_t i = 0; i < rf->list.n; i++) {
		const struct ref_item *it = &rf->list.items[i];

		if (it->code && strcmp(it->code, text) == 0)
			return it;
		if (t == REF_UNIT && it->id && atoll(text) == it->id &&
		    strspn(text, "0123456789") == strlen(text))
			return it;
	}
	norm(g, text, k, sizeof(k));
	for (int64_t i = 0; i < rf->list.n; i++)
		if (strcmp(rf->keys[i], k) == 0)
			return &rf->list.items[i];
	/* The zone is written many ways in a ledger. */
	if (t == REF_REGION && (strcmp(k, "起步区") == 0 || strcmp(k, "新旧动能转换起步区") == 0))
		for (int64_t i = 0; i < rf->list.n; i++)
			if (strcmp(rf->list.items[i].code, PROJECT_LOCATION_ZONE) == 0)
				return &rf->list.items[i];
	return NULL;
}

/* ---- fields of a row ------------------------------------------------------------------ */

enum {
	/* enterprises */
	F_E_NAME, F_E_CODE, F_E_INDUSTRY, F_E_ADDRESS, F_E_TAGS, F_E_CNAME, F_E_CTITLE,
	F_E_CPHONE, F_E_CEMAIL,
	/* projects */
	F_CODE, F_NAME, F_PHASE, F_ENAME, F_ECODE, F_INDUSTRY, F_CHAIN, F_CHANNEL, F_STAGE,
	F_TOTAL, F_SIGNED_AMOUNT, F_FIXED, F_FOREIGN, F_LOCATION, F_SIGNED, F_STARTED,
	F_PRODUCTION, F_CAPACITY, F_INDUSTRIAL, F_KEY, F_LEADER, F_UNIT, F_LAND, F_OUTPUT, F_TAX,
	F_JOBS,
	/* appeals */
	F_A_TICKET, F_A_ENAME, F_A_ECODE, F_A_CATEGORY, F_A_CHANNEL, F_A_TITLE, F_A_TEXT,
	F_A_CONTACT, F_A_SUBMITTED, F_A_PROJECT, F_A_UNIT, F_A_ACCEPTED, F_A_STATE, F_A_ANSWER,
	F_A_ANSWERED, F_A_RATING, F_A_CO, F_A_TRANSFER, F_A_TRANSFER_REASON, F_A_EXT, F_A_EXT_TO,
	F_A_EXT_DAYS, F_A_EXT_REASON, F_A_SUPERVISED,
	F__MAX
};

static const char *const field_codes[F__MAX] = {
	"name", "credit_code", "industry_code", "address", "tags", "contact_name",
	"contact_title", "contact_phone", "contact_email",
	"code", "name", "phase", "enterprise_name", "enterprise_credit_code", "industry_code",
	"chain", "channel", "stage", "total_investment", "signed_amount", "fixed_asset", "foreign",
	"location", "signed_on", "started_on", "production_on", "capacity_on", "industrial",
	"key_project", "leader", "unit", "land", "annual_output", "annual_tax", "jobs",
	"external_id", "enterprise_name", "enterprise_credit_code", "category", "channel", "title",
	"text", "contact", "submitted_on", "project_code", "lead_unit", "accepted_on", "state",
	"answer", "answered_on", "rating", "co_units", "transfer_unit", "transfer_reason",
	"extension", "extended_to", "extension_days", "extension_reason", "supervised",
};

static const struct import_value *val(const struct import_record *rec, const struct ingest *g,
				      int f)
{
	int i = g->fld[f];

	if (i < 0 || (size_t)i >= rec->nvalues || !rec->values[i].present)
		return NULL;
	return &rec->values[i];
}

static const char *txt(const struct import_record *rec, const struct ingest *g, int f)
{
	const struct import_value *v = val(rec, g, f);

	return v && v->text && *v->text ? v->text : NULL;
}

/* A problem at field f's column (the row as a whole when the file has none). */
static void problem(struct ingest *g, const struct import_record *rec, int f,
		    enum import_code code, const char *fmt, const char *a, const char *b)
{
	int i = f >= 0 ? g->fld[f] : -1;
	long col = i >= 0 ? rec->header->field_col[i] : -1;
	const char *head = col >= 0 ? rec->header->cols[col].text : NULL;

	if (import_problem_add(&g->r->problems, rec->row, col, head, code, fmt, a, b ? b : "") != 0)
		g->fatal = GL_ENOMEM;
}

/* The import field a validator's field name (a JSON path) stands for. */
static int field_of(const struct ingest *g, const char *vfield)
{
	static const struct { const char *v; int enterprise, project; } m[] = {
		{ "name", F_E_NAME, F_NAME },
		{ "credit_code", F_E_CODE, -1 },
		{ "industry_code", F_E_INDUSTRY, F_INDUSTRY },
		{ "address", F_E_ADDRESS, -1 },
		{ "tags", F_E_TAGS, -1 },
		{ "contacts", F_E_CNAME, -1 },
		{ "phase", -1, F_PHASE },
		{ "enterprise_ids", -1, F_ENAME },
		{ "chain", -1, F_CHAIN },
		{ "channel", -1, F_CHANNEL },
		{ "stage", -1, F_STAGE },
		{ "total_investment", -1, F_TOTAL },
		{ "signed_amount", -1, F_SIGNED_AMOUNT },
		{ "fixed_asset_investment", -1, F_FIXED },
		{ "foreign_investment", -1, F_FOREIGN },
		{ "location", -1, F_LOCATION },
		{ "signed_on", -1, F_SIGNED },
		{ "started_on", -1, F_STARTED },
		{ "production_on", -1, F_PRODUCTION },
		{ "capacity_on", -1, F_CAPACITY },
		{ "leader", -1, F_LEADER },
		{ "unit_id", -1, F_UNIT },
		{ "land_mu", -1, F_LAND },
		{ "annual_output", -1, F_OUTPUT },
		{ "annual_tax", -1, F_TAX },
		{ "jobs", -1, F_JOBS },
	};
	size_t len = strcspn(vfield, "[.");
	int ent = g->opt->kind == IMPORT_ENTERPRISES;

	if (g->opt->kind == IMPORT_APPEALS) {
		static const struct { const char *v; int f; } am[] = {
			{ "at", F_A_SUBMITTED }, { "category", F_A_CATEGORY },
			{ "text", F_A_TEXT }, { "title", F_A_TITLE }, { "contact", F_A_CONTACT },
			{ "answer", F_A_ANSWER }, { "lead_unit_id", F_A_UNIT },
			{ "unit_id", F_A_UNIT }, { "enterprise_id", F_A_ENAME },
			{ "project_id", F_A_PROJECT }, { "channel", F_A_CHANNEL },
			{ "rating", F_A_RATING }, { "state", F_A_STATE },
			{ "co_unit_ids", F_A_CO }, { "days", F_A_EXT_DAYS },
		};
		for (size_t i = 0; i < sizeof(am) / sizeof(am[0]); i++)
			if (strlen(am[i].v) == len && strncmp(am[i].v, vfield, len) == 0)
				return am[i].f;
		return -1;
	}

	if (ent && strncmp(vfield, "contacts", len) == 0 && len == 8) {
		const char *dot = strchr(vfield, '.');

		if (dot && strcmp(dot, ".title") == 0)
			return F_E_CTITLE;
		if (dot && strcmp(dot, ".phone") == 0)
			return F_E_CPHONE;
		if (dot && strcmp(dot, ".email") == 0)
			return F_E_CEMAIL;
		return F_E_CNAME;
	}
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strlen(m[i].v) == len && strncmp(m[i].v, vfield, len) == 0)
			return ent ? m[i].enterprise : m[i].project;
	return -1;
}

/* The domain's verdict, one problem per field, at the field's column. */
static void report_verrors(struct ingest *g, const struct import_record *rec,
			   const struct verrors *errs)
{
	for (int i = 0; i < errs->n; i++) {
		const struct verror *e = &errs->items[i];

		problem(g, rec, field_of(g, e->field), IMP_INVALID, "%s：%s", e->field, e->message);
	}
}

/* The enterprise a project or appeal row names: by credit code when given, else by name,
 * exactly or in search's normal form (traditional characters, full-width letters and
 * brackets).  0 with *eid; -1 with a problem at the column (or g->fatal). */
static int row_enterprise(struct ingest *g, const struct import_record *rec, int fcode,
			  int fname, const char *ecode, const char *ename, struct arena *a,
			  int64_t *eid)
{
	int64_t ids[2] = { 0, 0 };
	enum gl_err rc;

	if (ecode)
		rc = store_import_find_enterprise(g->s, ecode, NULL, &ids[0]);
	else
		rc = store_import_find_enterprise_name(g->s, ename, ids);
	if (rc == GL_OK) {
		*eid = ids[0];
		return 0;
	}
	if (rc == GL_ENOTFOUND) {
		problem(g, rec, ecode ? fcode : fname, IMP_UNKNOWN,
			"企业“%s”不在企业库中：请先导入企业%s", ecode ? ecode : ename, NULL);
		return -1;
	}
	if (rc != GL_EDUPLICATE) {
		g->fatal = rc;
		return -1;
	}
	/* Never a guess between two enterprises: name both. */
	struct enterprise e1, e2;
	if (ids[1] && store_enterprise_get(g->s, ids[0], NULL, a, &e1) == GL_OK &&
	    store_enterprise_get(g->s, ids[1], NULL, a, &e2) == GL_OK) {
		char both[512];

		snprintf(both, sizeof(both), "%s、%s", e1.name, e2.name);
		problem(g, rec, fname, IMP_UNKNOWN,
			"企业名称“%s”可指多家企业（%s），请填写统一社会信用代码", ename, both);
	} else {
		problem(g, rec, fname, IMP_UNKNOWN, "有多家企业名为“%s”，请填写统一社会信用代码%s",
			ename, NULL);
	}
	return -1;
}

/* ---- enterprises ---------------------------------------------------------------------- */

static const char **split_tags(struct arena *a, const char *text, size_t *n)
{
	char *copy = arena_strdup(a, text);
	const char **tags = arena_alloc(a, (ENTERPRISE_MAX_TAGS + 1) * sizeof(*tags));
	size_t k = 0;

	if (!copy || !tags)
		return NULL;
	/* 、，；; and ASCII , ; separate tags; each separator is replaced by NULs. */
	for (char *c = copy; *c;) {
		static const char *const seps[] = { "、", "，", "；", ",", ";", " " };
		size_t l = 0;

		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]) && !l; i++)
			if (strncmp(c, seps[i], strlen(seps[i])) == 0)
				l = strlen(seps[i]);
		if (l) {
			memset(c, 0, l);
			c += l;
		} else {
			if ((c == copy || c[-1] == '\0') && k <= ENTERPRISE_MAX_TAGS)
				tags[k++] = c;
			c++;
		}
	}
	*n = k;
	return tags;
}

static int enterprise_row(struct ingest *g, const struct import_record *rec, struct arena *a,
			  enum ingest_action *action, int64_t *id, const char **key)
{
	const char *name = txt(rec, g, F_E_NAME), *code = txt(rec, g, F_E_CODE), *t;
	struct enterprise old, e;
	struct verrors errs, warns;
	int found = 0;
	size_t before = g->r->problems.errors;
	enum gl_err rc;

	*key = code ? code : name;
	memset(&e, 0, sizeof(e));
	rc = (code || name) ? store_import_find_enterprise(g->s, code, name, id) : GL_ENOTFOUND;
	if (rc == GL_EDUPLICATE) {
		problem(g, rec, F_E_NAME, IMP_UNKNOWN, "有多家企业名为“%s”，请填写统一社会信用代码%s",
			name, NULL);
		return -1;
	}
	if (rc == GL_OK) {
		if ((rc = store_enterprise_get(g->s, *id, NULL, a, &old)) != GL_OK)
			return g->fatal = rc, -1;
		found = 1;
		e = old;
	} else if (rc != GL_ENOTFOUND) {
		return g->fatal = rc, -1;
	}
	if (name)
		e.name = name;
	if (code)
		e.credit_code = code;
	if ((t = txt(rec, g, F_E_INDUSTRY))) {
		const struct ref_item *it = resolve(g, REF_INDUSTRY, t);

		if (!it)
			problem(g, rec, F_E_INDUSTRY, IMP_UNKNOWN,
				"“%s”不是 GB/T 4754-2017 的行业代码或名称%s", t, NULL);
		else
			e.industry_code = it->code;
	}
	if ((t = txt(rec, g, F_E_ADDRESS)))
		e.address = t;
	if ((t = txt(rec, g, F_E_TAGS)) && !(e.tags = split_tags(a, t, &e.ntags)))
		return g->fatal = GL_ENOMEM, -1;
	const char *cn = txt(rec, g, F_E_CNAME), *ct = txt(rec, g, F_E_CTITLE),
		   *cp = txt(rec, g, F_E_CPHONE), *cm = txt(rec, g, F_E_CEMAIL);
	if (cn || ct || cp || cm) {
		/* The row's contact updates the stored one of that name, or is added. */
		struct contact *cs = arena_alloc(a, (e.ncontacts + 1) * sizeof(*cs));
		size_t i;

		if (!cs)
			return g->fatal = GL_ENOMEM, -1;
		if (e.ncontacts)
			memcpy(cs, e.contacts, e.ncontacts * sizeof(*cs));
		for (i = 0; i < e.ncontacts; i++)
			if (cn ? cs[i].name && strcmp(cs[i].name, cn) == 0 : i == 0)
				break;
		if (i == e.ncontacts)
			e.ncontacts++;
		if (cn)
			cs[i].name = cn;
		if (ct)
			cs[i].title = ct;
		if (cp)
			cs[i].phone = cp;
		if (cm)
			cs[i].email = cm;
		e.contacts = cs;
	}
	if (rec->ok && g->r->problems.errors == before) {
		verr_init(&errs);
		verr_init(&warns);
		enterprise_validate(&e, &errs, &warns);
		report_verrors(g, rec, &errs);
	}
	if (!rec->ok || g->r->problems.errors != before || g->fatal)
		return -1;
	if (found) {
		struct changes c;

		enterprise_changes(&old, &e, a, &c);
		*action = c.n ? INGEST_UPDATE : INGEST_UNCHANGED;
	} else {
		*action = INGEST_INSERT;
	}
	if (!g->writing || *action == INGEST_UNCHANGED)
		return 0;
	verr_init(&errs);
	rc = found ? store_enterprise_update(g->s, &e, a, &errs)
		   : store_enterprise_create(g->s, &e, a, &errs);
	if (rc == GL_EINVALID || rc == GL_EDUPLICATE || rc == GL_ECONFLICT) {
		if (rc == GL_EINVALID)
			report_verrors(g, rec, &errs);
		else
			problem(g, rec, F_E_CODE, IMP_INVALID, "“%s”写入失败：信用代码已被占用或记录已变更%s",
				*key, NULL);
		return -1;
	}
	if (rc != GL_OK)
		return g->fatal = rc, -1;
	*id = e.id;
	return 0;
}

/* ---- projects ------------------------------------------------------------------------- */

/* 阶段 as a ledger writes it: the Chinese name (簡繁), the API code, "已签约". */
static int stage_parse(const char *text)
{
	static const struct { const char *name; int stage; } more[] = {
		{ "洽談", STAGE_NEGOTIATING }, { "在谈", STAGE_NEGOTIATING },
		{ "簽約", STAGE_SIGNED }, { "開工", STAGE_STARTED }, { "在建", STAGE_STARTED },
		{ "投產", STAGE_PRODUCTION }, { "達產", STAGE_CAPACITY },
		{ "擱置", STAGE_ON_HOLD }, { "暂停", STAGE_ON_HOLD }, { "終止", STAGE_DROPPED },
	};
	int st = project_stage_parse(text);

	if (st >= 0)
		return st;
	if (strncmp(text, "已", 3) == 0)
		text += 3;
	for (int i = 0; i < STAGE__MAX; i++)
		if (strcmp(text, project_stages[i].name) == 0)
			return i;
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcmp(text, more[i].name) == 0)
			return more[i].stage;
	return -1;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* A stage date of a stored project: the ledger's.  Equal is fine; different is refused. */
static void stage_date(struct ingest *g, const struct import_record *rec, int f, int found,
		       const char **dst)
{
	const char *t = txt(rec, g, f);

	if (!t)
		return;
	if (found && !same_str(*dst, t))
		problem(g, rec, f, IMP_STAGE_CHANGE,
			"已有项目的阶段日期只能通过阶段台账修改（现为“%s”，表中为“%s”）",
			*dst ? *dst : "空", t);
	else
		*dst = t;
}

static void amount(const struct import_record *rec, const struct ingest *g, int f, bool *has,
		   int64_t *dst)
{
	const struct import_value *v = val(rec, g, f);

	if (v) {
		*has = true;
		*dst = v->num;
	}
}

static int project_row(struct ingest *g, const struct import_record *rec, struct arena *a,
		       enum ingest_action *action, int64_t *id, const char **key)
{
	const char *code = txt(rec, g, F_CODE), *name = txt(rec, g, F_NAME), *t;
	const char *phase = txt(rec, g, F_PHASE);
	struct project old, p;
	struct verrors errs;
	int found = 0;
	size_t before = g->r->problems.errors;
	enum gl_err rc;

	*key = code ? code : name;
	memset(&p, 0, sizeof(p));
	rc = (code || name) ? store_import_find_project(g->s, code, name, phase, id)
			    : GL_ENOTFOUND;
	if (rc == GL_EDUPLICATE) {
		problem(g, rec, F_NAME, IMP_UNKNOWN, "有多个项目名为“%s”，请填写项目编号%s", name,
			NULL);
		return -1;
	}
	if (rc == GL_OK) {
		if ((rc = store_project_get(g->s, *id, NULL, a, &old)) != GL_OK)
			return g->fatal = rc, -1;
		found = 1;
		p = old;
	} else if (rc != GL_ENOTFOUND) {
		return g->fatal = rc, -1;
	} else {
		p.code = code;
		p.stage = STAGE_LEAD;
		p.location = PROJECT_LOCATION_ZONE;
	}
	if (name)
		p.name = name;
	if (phase)
		p.phase = phase;
	if ((t = txt(rec, g, F_LEADER)))
		p.leader = t;
	const char *ecode = txt(rec, g, F_ECODE), *ename = txt(rec, g, F_ENAME);
	if (ecode || ename) {
		int64_t eid = 0;

		if (row_enterprise(g, rec, F_ECODE, F_ENAME, ecode, ename, a, &eid) != 0) {
			if (g->fatal)
				return -1;
		} else {
			size_t i;

			for (i = 0; i < p.nenterprises && p.enterprise_ids[i] != eid; i++)
				;
			if (i == p.nenterprises) {
				int64_t *ids = arena_alloc(a, (p.nenterprises + 1) * sizeof(*ids));

				if (!ids)
					return g->fatal = GL_ENOMEM, -1;
				if (p.nenterprises)
					memcpy(ids, p.enterprise_ids, p.nenterprises * sizeof(*ids));
				ids[p.nenterprises++] = eid;
				p.enterprise_ids = ids;
			}
		}
	}
	static const struct { int f; enum ref_table t; const char *what; } refs[] = {
		{ F_INDUSTRY, REF_INDUSTRY, "GB/T 4754-2017 的行业代码或名称" },
		{ F_CHAIN, REF_CHAIN, "已知的产业链" },
		{ F_CHANNEL, REF_CHANNEL, "已知的招商方式" },
		{ F_LOCATION, REF_REGION, "已知的项目地点" },
		{ F_UNIT, REF_UNIT, "已知的责任单位" },
	};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		const struct ref_item *it;

		if (!(t = txt(rec, g, refs[i].f)))
			continue;
		if (!(it = resolve(g, refs[i].t, t))) {
			problem(g, rec, refs[i].f, IMP_UNKNOWN, "“%s”不是%s", t, refs[i].what);
			continue;
		}
		switch (refs[i].f) {
		case F_INDUSTRY: p.industry_code = it->code; break;
		case F_CHAIN: p.chain = it->code; break;
		case F_CHANNEL: p.channel = it->code; break;
		case F_LOCATION: p.location = it->code; break;
		default: p.unit_id = it->id; break;
		}
	}
	amount(rec, g, F_TOTAL, &p.has_investment, &p.total_investment);
	amount(rec, g, F_FIXED, &p.money.has_fixed_asset, &p.money.fixed_asset);
	amount(rec, g, F_FOREIGN, &p.money.has_foreign, &p.money.foreign);
	amount(rec, g, F_OUTPUT, &p.money.has_output, &p.money.annual_output);
	amount(rec, g, F_TAX, &p.money.has_tax, &p.money.annual_tax);
	amount(rec, g, F_JOBS, &p.money.has_jobs, &p.money.jobs);
	amount(rec, g, F_LAND, &p.money.has_land, &p.money.land_centimu);
	const struct import_value *v;
	if ((v = val(rec, g, F_INDUSTRIAL)))
		p.industrial = v->num != 0;
	if ((v = val(rec, g, F_KEY)))
		p.key_project = v->num != 0;

	/* The stage ledger's fields. */
	stage_date(g, rec, F_SIGNED, found, &p.signed_on);
	stage_date(g, rec, F_STARTED, found, &p.started_on);
	stage_date(g, rec, F_PRODUCTION, found, &p.production_on);
	stage_date(g, rec, F_CAPACITY, found, &p.capacity_on);
	if ((v = val(rec, g, F_SIGNED_AMOUNT))) {
		if (found && (!p.has_signed_amount || p.signed_amount != v->num)) {
			char was[32], now[32];

			snprintf(was, sizeof(was), "%lld", (long long)p.signed_amount);
			snprintf(now, sizeof(now), "%lld", (long long)v->num);
			problem(g, rec, F_SIGNED_AMOUNT, IMP_STAGE_CHANGE,
				"已有项目的签约金额只能通过阶段台账修改（现为 %s 万元，表中为 %s 万元）",
				p.has_signed_amount ? was : "空", now);
		} else {
			p.has_signed_amount = true;
			p.signed_amount = v->num;
		}
	}
	if ((t = txt(rec, g, F_STAGE))) {
		int st = stage_parse(t);

		if (st < 0)
			problem(g, rec, F_STAGE, IMP_UNKNOWN,
				"“%s”不是项目阶段（线索、洽谈、签约、开工、投产、达产、搁置、终止）%s",
				t, NULL);
		else if (found && st != (int)p.stage)
			problem(g, rec, F_STAGE, IMP_STAGE_CHANGE,
				"导入不改变已有项目的阶段（现为“%s”，表中为“%s”）：请在阶段台账中推进",
				project_stages[p.stage].name, t);
		else
			p.stage = (enum project_stage)st;
	} else if (!found) {
		/* No stage written: the furthest stage the row has a date for. */
		p.stage = p.capacity_on ? STAGE_CAPACITY : p.production_on ? STAGE_PRODUCTION
			: p.started_on ? STAGE_STARTED : p.signed_on ? STAGE_SIGNED : STAGE_LEAD;
	}
	if (rec->ok && g->r->problems.errors == before) {
		verr_init(&errs);
		project_validate(&p, &errs);
		report_verrors(g, rec, &errs);
	}
	if (!rec->ok || g->r->problems.errors != before || g->fatal)
		return -1;
	if (found) {
		struct changes c;

		project_changes(&old, &p, a, &c);
		*action = c.n ? INGEST_UPDATE : INGEST_UNCHANGED;
	} else {
		*action = INGEST_INSERT;
	}
	if (!g->writing || *action == INGEST_UNCHANGED)
		return 0;
	verr_init(&errs);
	if (found)
		rc = store_project_update(g->s, &p, a, &errs);
	else if (g->bulk && p.code)
		rc = store_import_project_insert(g->s, g->bulk, &p, a);
	else
		rc = store_project_create(g->s, &p, a, &errs);
	if (rc == GL_EINVALID) {
		report_verrors(g, rec, &errs);
		return -1;
	}
	if (rc != GL_OK)
		return g->fatal = rc, -1;
	*id = p.id;
	if (!*key)
		*key = p.code;
	return 0;
}

/* ---- appeals -------------------------------------------------------------------------
 *
 * A ledger of 12345 tickets (or the zone's own appeal ledger) gives each appeal's state as
 * 办理状态 and the dates it reached it.  A new appeal is created back-dated to its 提交时间
 * (history entry, docs/appeals.md) and then taken along the workflow to that state by the
 * same actions the desk would take — accept, assign, answer, rate — each dated from the row
 * (受理时间, 答复时间), so its events, deadlines, audit rows and search document are those of
 * an appeal handled in Guanlan.  A stored appeal (same ticket number) is taken further when
 * the ledger is ahead of it; a ledger behind it is refused (stage_change).
 */

/* 办理状态 as ledgers write it, and the states' own codes and labels. */
static int appeal_state_text(const char *t)
{
	static const struct { const char *name; int state; } more[] = {
		{ "待受理", APPEAL_SUBMITTED }, { "未受理", APPEAL_SUBMITTED },
		{ "提交", APPEAL_SUBMITTED }, { "已提交", APPEAL_SUBMITTED },
		{ "受理", APPEAL_ACCEPTED }, { "已受理", APPEAL_ACCEPTED },
		{ "不予受理", APPEAL_DECLINED }, { "退回", APPEAL_DECLINED },
		{ "已退回", APPEAL_DECLINED },
		{ "交办", APPEAL_ASSIGNED }, { "已交办", APPEAL_ASSIGNED },
		{ "已分派", APPEAL_ASSIGNED }, { "已派单", APPEAL_ASSIGNED },
		{ "办理中", APPEAL_IN_PROGRESS }, { "处理中", APPEAL_IN_PROGRESS },
		{ "正在办理", APPEAL_IN_PROGRESS }, { "辦理中", APPEAL_IN_PROGRESS },
		{ "答复", APPEAL_ANSWERED }, { "已答复", APPEAL_ANSWERED },
		{ "已回复", APPEAL_ANSWERED }, { "已答覆", APPEAL_ANSWERED },
		{ "已辦結", APPEAL_CLOSED }, { "办结", APPEAL_CLOSED }, { "已办结", APPEAL_CLOSED },
		{ "已关闭", APPEAL_CLOSED }, { "已评价", APPEAL_CLOSED }, { "已完成", APPEAL_CLOSED },
	};
	int st = appeal_state_parse(t);

	if (st >= 0)
		return st;
	for (int i = 0; i < APPEAL_STATE__MAX; i++)
		if (strcmp(t, appeal_state_labels[i]) == 0)
			return i;
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcmp(t, more[i].name) == 0)
			return more[i].state;
	return -1;
}

static int appeal_rating_text(const char *t)
{
	static const struct { const char *name; int rating; } more[] = {
		{ "非常满意", RATING_SATISFIED }, { "比较满意", RATING_BASIC },
		{ "基本滿意", RATING_BASIC }, { "不滿意", RATING_UNSATISFIED },
		{ "滿意", RATING_SATISFIED },
	};
	int r = appeal_rating_parse(t);

	if (r >= 0)
		return r;
	for (int i = 0; i < APPEAL_RATING__MAX; i++)
		if (strcmp(t, appeal_rating_labels[i]) == 0)
			return i;
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcmp(t, more[i].name) == 0)
			return more[i].rating;
	return -1;
}

static int appeal_channel_text(const char *t)
{
	static const struct { const char *name; int channel; } more[] = {
		{ "12345", CHANNEL_HOTLINE }, { "12345热线", CHANNEL_HOTLINE },
		{ "热线", CHANNEL_HOTLINE }, { "热线电话", CHANNEL_HOTLINE },
		{ "代办", CHANNEL_PROXY }, { "帮办代办", CHANNEL_PROXY },
		{ "网上", CHANNEL_ONLINE }, { "线上", CHANNEL_ONLINE }, { "网络", CHANNEL_ONLINE },
		{ "小程序", CHANNEL_ONLINE },
	};
	int c = appeal_channel_parse(t);

	if (c >= 0)
		return c;
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		if (strcmp(t, more[i].name) == 0)
			return more[i].channel;
	return -1;
}

/* How far along the workflow an appeal is: its state, and for in_progress whether it was
 * reopened by an unsatisfied rating (then it has been answered once already). */
static int appeal_rank(int state, int rating)
{
	switch (state) {
	case APPEAL_SUBMITTED: return 0;
	case APPEAL_ACCEPTED: return 1;
	case APPEAL_ASSIGNED: return 2;
	case APPEAL_IN_PROGRESS: return rating == RATING_UNSATISFIED ? 5 : 3;
	case APPEAL_ANSWERED: return 4;
	case APPEAL_RATED:
	case APPEAL_CLOSED: return 6;
	default: return -1;   /* declined: off the line */
	}
}

/* The actions that take an appeal from (from, from_rating) forward to (to, rating), in
 * order: their number, or -1 when that would go backwards. */
static int appeal_steps(int from, int from_rating, int to, int rating, enum appeal_action *out)
{
	int r0 = appeal_rank(from, from_rating), r1 = appeal_rank(to, rating), n = 0;

	if (to == APPEAL_DECLINED || from == APPEAL_DECLINED) {
		if (from == to)
			return 0;
		if (from != APPEAL_SUBMITTED || to != APPEAL_DECLINED)
			return -1;
		out[n++] = APPEAL_DECLINE;
		return n;
	}
	if (r1 < r0)
		return -1;
	if (r0 < 1 && r1 >= 1)
		out[n++] = APPEAL_ACCEPT;
	if (r0 < 2 && r1 >= 2)
		out[n++] = APPEAL_ASSIGN;
	if (r1 == 3 && r0 < 3)
		out[n++] = APPEAL_START;
	if (r0 < 4 && r1 >= 4)
		out[n++] = APPEAL_ANSWER;
	if (r0 < 5 && r1 >= 5)
		out[n++] = APPEAL_RATE;
	if (r0 == 5 && r1 == 6) {
		/* Reopened, then answered again and rated. */
		out[n++] = APPEAL_ANSWER;
		out[n++] = APPEAL_RATE;
	}
	return n;
}

/* Day d at 09:00 in Asia/Shanghai, or now when d is today (a history entry may not be in the
 * future); NULL (now) when d is NULL. */
static const char *appeal_at(const char *d, const char *today, struct arena *a)
{
	char buf[40];

	if (!d || strcmp(d, today) >= 0)
		return NULL;
	snprintf(buf, sizeof(buf), "%sT09:00:00+08:00", d);
	return arena_strdup(a, buf);
}

static const char *appeal_category_code(struct ingest *g, const char *t)
{
	struct appeal_category *cs;
	size_t n;
	char k[256], kc[256];

	if (!g->categories_loaded) {
		if (store_appeal_categories(g->s, 0, &g->ref_arena, &g->categories, &g->ncategories)
		    != GL_OK) {
			g->fatal = GL_EDB;
			return NULL;
		}
		g->categories_loaded = 1;
	}
	cs = g->categories;
	n = g->ncategories;
	norm(g, t, k, sizeof(k));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cs[i].code, t) == 0)
			return cs[i].code;
		norm(g, cs[i].name, kc, sizeof(kc));
		if (strcmp(kc, k) == 0)
			return cs[i].code;
	}
	return NULL;
}

/* Could an appeal in state st (with these flags) take action act now? */
static bool appeal_can(int st, enum appeal_action act, bool ext_pending, bool supervised)
{
	struct appeal_facts f = { (enum appeal_state)st, ROLE_ADMIN, true, ext_pending, supervised };

	return st >= 0 && (appeal_actions(&f) & (1u << act)) != 0;
}

enum { CO_UNITS_MAX = 16 };

/* 协办单位: names separated by 、，；, or ; — each resolved, in order, without repeats.
 * Returns how many; unknown names are problems at the column. */
static size_t appeal_co_units(struct ingest *g, const struct import_record *rec,
			      const char *text, int64_t *out)
{
	static const char *const seps[] = { "、", "，", "；", ",", ";" };
	char part[256];
	size_t n = 0, len = 0;

	for (const char *c = text;; ) {
		size_t l = 0;

		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]) && !l && *c; i++)
			if (strncmp(c, seps[i], strlen(seps[i])) == 0)
				l = strlen(seps[i]);
		if (l || !*c) {
			part[len] = '\0';
			len = 0;
			size_t sp = strspn(part, " ");
			if (part[sp]) {
				const struct ref_item *it = resolve(g, REF_UNIT, part + sp);
				size_t k;

				if (!it) {
					problem(g, rec, F_A_CO, IMP_UNKNOWN, "“%s”不是已知的协办单位%s",
						part + sp, NULL);
				} else {
					for (k = 0; k < n && out[k] != it->id; k++)
						;
					if (k == n && n == CO_UNITS_MAX)
						problem(g, rec, F_A_CO, IMP_INVALID,
							"协办单位最多 16 个%s%s", "", NULL);
					else if (k == n)
						out[n++] = it->id;
				}
			}
			if (!*c)
				break;
			c += l;
			continue;
		}
		if (len + 1 < sizeof(part))
			part[len++] = *c;
		c++;
	}
	return n;
}

static enum gl_err appeal_calendar(struct ingest *g)
{
	enum gl_err rc = GL_OK;

	if (!g->cal_loaded) {
		rc = store_appeal_settings_get(g->s, &g->aset);
		if (rc == GL_OK)
			rc = store_calendar_load(g->s, &g->ref_arena, &g->cal);
		g->cal_loaded = rc == GL_OK;
	}
	return rc;
}

static int appeal_row(struct ingest *g, const struct import_record *rec, struct arena *a,
		      enum ingest_action *action, int64_t *id, const char **key)
{
	const char *ticket = txt(rec, g, F_A_TICKET), *ename = txt(rec, g, F_A_ENAME);
	const char *ecode = txt(rec, g, F_A_ECODE), *t;
	const char *submitted = txt(rec, g, F_A_SUBMITTED), *accepted = txt(rec, g, F_A_ACCEPTED);
	const char *answered = txt(rec, g, F_A_ANSWERED), *answer = txt(rec, g, F_A_ANSWER);
	size_t before = g->r->problems.errors;
	struct appeal old, x;
	int found = 0, state = -1, rating = -1;
	char today[16];

	memset(&old, 0, sizeof(old));
	enum gl_err rc;

	*key = ticket;
	date_format_iso(date_shanghai(time(NULL)), today, sizeof(today));
	memset(&x, 0, sizeof(x));
	x.complexity = -1;
	x.rating = -1;
	x.channel = CHANNEL_HOTLINE;
	if (ticket) {
		rc = store_import_find_appeal(g->s, ticket, id);
		if (rc == GL_OK) {
			if ((rc = store_appeal_get(g->s, *id, NULL, 1, a, &old)) != GL_OK)
				return g->fatal = rc, -1;
			found = 1;
			x = old;
		} else if (rc == GL_EDUPLICATE) {
			problem(g, rec, F_A_TICKET, IMP_UNKNOWN, "有多条诉求的工单号为“%s”%s", ticket,
				NULL);
		} else if (rc != GL_ENOTFOUND) {
			return g->fatal = rc, -1;
		}
	}
	/* The enterprise: by credit code when given, else by exact name. */
	if (!ecode && !ename) {
		if (!found)
			problem(g, rec, g->fld[F_A_ENAME] >= 0 && rec->header->field_col[
				g->fld[F_A_ENAME]] >= 0 ? F_A_ENAME : F_A_ECODE, IMP_REQUIRED,
				"请填写企业名称或统一社会信用代码%s%s", "", NULL);
	} else {
		int64_t eid = 0;

		if (row_enterprise(g, rec, F_A_ECODE, F_A_ENAME, ecode, ename, a, &eid) != 0) {
			if (g->fatal)
				return -1;
		} else if (found && eid != old.enterprise_id)
			problem(g, rec, ecode ? F_A_ECODE : F_A_ENAME, IMP_STAGE_CHANGE,
				"已有诉求的企业不能由导入更改（现为“%s”，表中为“%s”）",
				old.enterprise_name ? old.enterprise_name : "?", ecode ? ecode : ename);
		else
			x.enterprise_id = eid;
	}
	if ((t = txt(rec, g, F_A_CATEGORY))) {
		const char *c = appeal_category_code(g, t);

		if (!c && g->fatal == GL_OK)
			problem(g, rec, F_A_CATEGORY, IMP_UNKNOWN, "“%s”不是已知的诉求类别%s", t, NULL);
		else
			x.category = c;
	} else if (!found) {
		/* A 12345 ticket without a category: 其他. */
		x.category = "other";
	}
	if ((t = txt(rec, g, F_A_CHANNEL))) {
		int c = appeal_channel_text(t);

		if (c < 0 || c == CHANNEL_ONSITE)
			problem(g, rec, F_A_CHANNEL, IMP_UNKNOWN,
				"“%s”不是可导入的诉求渠道（12345 热线、代办、网上；现场诉求请在政企恳谈会中录入）%s",
				t, NULL);
		else if (found && c != (int)old.channel)
			problem(g, rec, F_A_CHANNEL, IMP_STAGE_CHANGE,
				"已有诉求的渠道不能由导入更改（现为“%s”，表中为“%s”）",
				appeal_channel_names[old.channel], t);
		else
			x.channel = (enum appeal_channel)c;
	}
	if ((t = txt(rec, g, F_A_TITLE)))
		x.title = t;
	if ((t = txt(rec, g, F_A_TEXT)))
		x.text = t;
	if ((t = txt(rec, g, F_A_CONTACT)))
		x.contact = t;
	if ((t = txt(rec, g, F_A_PROJECT)) && !found) {
		int64_t pid = 0;

		rc = store_import_find_project(g->s, t, NULL, NULL, &pid);
		if (rc == GL_ENOTFOUND)
			problem(g, rec, F_A_PROJECT, IMP_UNKNOWN, "项目编号“%s”不在项目库中%s", t, NULL);
		else if (rc != GL_OK)
			return g->fatal = rc, -1;
		else
			x.project_id = pid;
	}
	int64_t unit = 0;
	if ((t = txt(rec, g, F_A_UNIT))) {
		const struct ref_item *it = resolve(g, REF_UNIT, t);

		if (!it)
			problem(g, rec, F_A_UNIT, IMP_UNKNOWN, "“%s”不是已知的承办单位%s", t, NULL);
		else
			unit = it->id;
	}
	if ((t = txt(rec, g, F_A_RATING)) && (rating = appeal_rating_text(t)) < 0)
		problem(g, rec, F_A_RATING, IMP_UNKNOWN, "“%s”不是满意度（满意、基本满意、不满意）%s",
			t, NULL);
	if ((t = txt(rec, g, F_A_STATE)) && (state = appeal_state_text(t)) < 0)
		problem(g, rec, F_A_STATE, IMP_UNKNOWN,
			"“%s”不是办理状态（待受理、已受理、不予受理、已交办、办理中、已答复、已办结）%s",
			t, NULL);
	if (state == APPEAL_RATED)
		state = APPEAL_CLOSED;
	if (!t && !found)
		/* No 办理状态: as far as the row's answer and rating go. */
		state = rating == RATING_UNSATISFIED ? APPEAL_IN_PROGRESS : rating >= 0
			? APPEAL_CLOSED : answer ? APPEAL_ANSWERED : APPEAL_SUBMITTED;
	if (!t && found)
		state = (int)old.state;
	/* The rules of the workflow for the row's end state. */
	if (state >= 0 && rating >= 0 &&
	    state != (rating == RATING_UNSATISFIED ? APPEAL_IN_PROGRESS : APPEAL_CLOSED))
		problem(g, rec, F_A_RATING, IMP_INVALID,
			"满意度“%s”与办理状态“%s”不符（满意、基本满意即办结；不满意则重新办理）",
			appeal_rating_labels[rating], appeal_state_labels[state]);
	if (state == APPEAL_CLOSED && rating < 0 && !(found && old.state == APPEAL_CLOSED))
		problem(g, rec, F_A_RATING, IMP_REQUIRED, "办结的诉求须填写满意度%s%s", "", NULL);
	if (state >= APPEAL_ASSIGNED && state != APPEAL_DECLINED && !unit &&
	    !(found && old.lead_unit_id) && !txt(rec, g, F_A_UNIT))
		problem(g, rec, F_A_UNIT, IMP_REQUIRED, "“%s”的诉求须填写承办单位%s",
			appeal_state_labels[state], NULL);
	if ((state == APPEAL_ANSWERED || state == APPEAL_CLOSED || rating >= 0) && !answer &&
	    !(found && old.answer))
		problem(g, rec, F_A_ANSWER, IMP_REQUIRED, "“%s”的诉求须填写答复内容%s",
			appeal_state_labels[state >= 0 ? state : APPEAL_ANSWERED], NULL);
	/* Dates: none in the future, each after the one before. */
	const char *const dates[] = { submitted, accepted, answered };
	const int dfields[] = { F_A_SUBMITTED, F_A_ACCEPTED, F_A_ANSWERED };
	const char *prev = NULL;
	int prevf = -1;
	for (int i = 0; i < 3; i++) {
		if (!dates[i])
			continue;
		if (strcmp(dates[i], today) > 0)
			problem(g, rec, dfields[i], IMP_INVALID, "“%s”晚于今天（%s）", dates[i], today);
		else if (prev && strcmp(dates[i], prev) < 0)
			problem(g, rec, dfields[i], IMP_INVALID, "“%s”早于“%s”", dates[i],
				rec->header->cols[rec->header->field_col[g->fld[prevf]]].text);
		prev = dates[i];
		prevf = dfields[i];
	}
	if (!x.text && !found)
		problem(g, rec, F_A_TEXT, IMP_REQUIRED, "诉求内容不能为空%s%s", "", NULL);
	/* What a full export adds (read here, applied below once the path is known). */
	int64_t co[CO_UNITS_MAX], tunit = 0;
	size_t nco = 0;
	const char *treason = txt(rec, g, F_A_TRANSFER_REASON), *tname = txt(rec, g, F_A_TRANSFER);
	if ((t = txt(rec, g, F_A_CO)))
		nco = appeal_co_units(g, rec, t, co);
	if (tname) {
		const struct ref_item *it = resolve(g, REF_UNIT, tname);

		if (!it)
			problem(g, rec, F_A_TRANSFER, IMP_UNKNOWN, "“%s”不是已知的转办单位%s", tname,
				NULL);
		else if (unit && it->id == unit)
			problem(g, rec, F_A_TRANSFER, IMP_INVALID, "转办单位“%s”与承办单位相同%s",
				tname, NULL);
		else
			tunit = it->id;
	} else if (treason) {
		problem(g, rec, F_A_TRANSFER, IMP_REQUIRED, "填写了转办原因，须填写转办单位%s%s", "",
			NULL);
	}
	const struct import_value *ev = val(rec, g, F_A_EXT), *dv = val(rec, g, F_A_EXT_DAYS);
	const char *ext_to = txt(rec, g, F_A_EXT_TO), *ext_reason = txt(rec, g, F_A_EXT_REASON);
	int want_ext = ev ? ev->num != 0 : ext_to || dv || ext_reason, ext_days = 0;
	const struct import_value *sv = val(rec, g, F_A_SUPERVISED);
	if (ev && !ev->num && (ext_to || dv)) {
		problem(g, rec, F_A_EXT, IMP_INVALID, "“延期”为否，却填写了%s%s",
			ext_to ? "延期至" : "延期天数", NULL);
		want_ext = 0;
	} else if (want_ext && !ext_to && !dv) {
		problem(g, rec, g->fld[F_A_EXT_DAYS] >= 0 &&
			rec->header->field_col[g->fld[F_A_EXT_DAYS]] >= 0 ? F_A_EXT_DAYS
			: g->fld[F_A_EXT_TO] >= 0 && rec->header->field_col[g->fld[F_A_EXT_TO]] >= 0
			? F_A_EXT_TO : F_A_EXT, IMP_REQUIRED, "延期的诉求须填写延期至或延期天数%s%s",
			"", NULL);
		want_ext = 0;
	} else if (want_ext && dv && (dv->num < 1 || dv->num > APPEAL_EXTENSION_MAX_DAYS)) {
		char n[24];

		snprintf(n, sizeof(n), "%lld", (long long)dv->num);
		problem(g, rec, F_A_EXT_DAYS, IMP_INVALID, "延期天数须为 1 至 60 个工作日（表中为 %s）%s",
			n, NULL);
		want_ext = 0;
	} else if (want_ext) {
		ext_days = dv ? (int)dv->num : 0;
	}
	if (want_ext && ext_to) {
		/* 延期至: the working days after the deadline it moves (the ordinary limit from
		 * the acceptance day, as the import assigns; a stored appeal's own). */
		const char *acc0 = accepted ? accepted : submitted ? submitted : today;
		char due[11];
		struct ymd d0, d1;
		bool fb = false;
		int between;

		if ((rc = appeal_calendar(g)) != GL_OK)
			return g->fatal = rc, -1;
		if (found && old.answer_due_on && !old.nextensions)
			snprintf(due, sizeof(due), "%.10s", old.answer_due_on);
		else if (!appeal_due(&g->cal, acc0, g->aset.complexity_days[COMPLEXITY_ORDINARY], due,
				     &fb))
			due[0] = '\0';
		between = date_parse_iso(due, &d0) == 0 && date_parse_iso(ext_to, &d1) == 0
			  ? workday_between(&g->cal, d0, d1, &fb) : 0;
		if (found && old.nextensions) {
			/* compared below with the stored extension's days, when given */
		} else if (between < 1) {
			problem(g, rec, F_A_EXT_TO, IMP_INVALID, "延期至“%s”不晚于原办理时限“%s”",
				ext_to, due);
			want_ext = 0;
		} else if (ext_days && between != ext_days) {
			char n[160];

			snprintf(n, sizeof(n), "%d（“%s”是原时限“%s”后第 %d 个工作日）", ext_days,
				 ext_to, due, between);
			problem(g, rec, F_A_EXT_TO, IMP_INVALID, "延期至与延期天数不符：延期天数 %s%s", n,
				NULL);
			want_ext = 0;
		} else if (between > APPEAL_EXTENSION_MAX_DAYS) {
			problem(g, rec, F_A_EXT_TO, IMP_INVALID,
				"延期至“%s”超过原办理时限“%s”后 60 个工作日", ext_to, due);
			want_ext = 0;
		} else {
			ext_days = between;
		}
	}
	/* A stored appeal only goes forward. */
	enum appeal_action path[24];
	int npath = 0;
	if (state >= 0 && (rating < 0 || appeal_rank(state, rating) >= 5)) {
		npath = found ? appeal_steps((int)old.state, old.rating, state,
					     rating >= 0 ? rating : old.rating, path)
			      : appeal_steps(APPEAL_SUBMITTED, -1, state, rating, path);
		if (npath < 0) {
			problem(g, rec, g->fld[F_A_STATE] >= 0 ? F_A_STATE : F_A_RATING,
				IMP_STAGE_CHANGE, "导入不回退已有诉求的办理（现为“%s”，表中为“%s”）",
				appeal_state_labels[old.state], appeal_state_labels[state]);
			npath = 0;
		}
		if (found && answer && old.answer && strcmp(answer, old.answer) != 0 &&
		    (npath == 0 || path[0] != APPEAL_ANSWER))
			problem(g, rec, F_A_ANSWER, IMP_STAGE_CHANGE,
				"已答复诉求的答复内容不能由导入更改%s%s", "", NULL);
	}
	/* Transfer, extension and supervision happen while the appeal is handled: after the
	 * steps that bring it there, before its answer (or decline).  mid: its state then. */
	int ins = 0, mid = found ? (int)old.state : APPEAL_SUBMITTED, assigns = 0;
	while (ins < npath && path[ins] != APPEAL_ANSWER && path[ins] != APPEAL_DECLINE &&
	       path[ins] != APPEAL_RATE)
		mid = (int)appeal_next((enum appeal_state)mid, path[ins++], (enum appeal_rating)rating);
	for (int i = 0; i < npath; i++)
		assigns |= path[i] == APPEAL_ASSIGN;
	enum appeal_action extra[4];
	int nextra = 0;
	const char *why = found ? "已有诉求" : "本行诉求";
	enum import_code late = found ? IMP_STAGE_CHANGE : IMP_INVALID;
	if (nco && !assigns) {
		if (!found || mid < APPEAL_ASSIGNED || mid == APPEAL_DECLINED) {
			problem(g, rec, F_A_CO, IMP_INVALID, "协办单位随交办确定：“%s”的诉求没有交办%s",
				appeal_state_labels[state >= 0 ? state : mid], NULL);
		} else {
			/* Already assigned: the stored co-units must be the ledger's (less the
			 * lead, which a transfer leaves out). */
			size_t same = 0, want = 0, have = 0;

			for (size_t i = 0; i < nco; i++)
				if (co[i] != old.lead_unit_id) {
					want++;
					for (size_t k = 0; k < old.nunits; k++)
						same += !old.units[k].lead && old.units[k].unit_id == co[i];
				}
			for (size_t k = 0; k < old.nunits; k++)
				have += !old.units[k].lead;
			if (same != want || have != want)
				problem(g, rec, F_A_CO, IMP_STAGE_CHANGE,
					"已交办诉求的协办单位不能由导入更改%s%s", "", NULL);
		}
	}
	if (tunit && !(found && old.lead_unit_id == tunit)) {
		if (appeal_can(mid, APPEAL_TRANSFER, false, false))
			extra[nextra++] = APPEAL_TRANSFER;
		else
			problem(g, rec, F_A_TRANSFER, late,
				"转办须在交办之后、答复之前：%s答复前为“%s”", why,
				appeal_state_labels[mid]);
	}
	if (want_ext) {
		size_t k;

		for (k = 0; found && k < old.nextensions &&
			    strcmp(old.extensions[k].status, "approved") != 0; k++)
			;
		if (found && k < old.nextensions) {
			if (ext_days && old.extensions[k].days != ext_days) {
				char n[48];

				snprintf(n, sizeof(n), "%lld 个工作日，表中为 %d",
					 (long long)old.extensions[k].days, ext_days);
				problem(g, rec, dv ? F_A_EXT_DAYS : F_A_EXT_TO, IMP_STAGE_CHANGE,
					"已有诉求的延期不能由导入更改（现为 %s）%s", n, NULL);
			}
		} else if (appeal_can(mid, APPEAL_REQUEST_EXTENSION, found && old.extension_pending,
				      false)) {
			extra[nextra++] = APPEAL_REQUEST_EXTENSION;
			extra[nextra++] = APPEAL_DECIDE_EXTENSION;
		} else {
			problem(g, rec, g->fld[F_A_EXT] >= 0 && rec->header->field_col[g->fld[F_A_EXT]]
				>= 0 ? F_A_EXT : ext_to ? F_A_EXT_TO : F_A_EXT_DAYS, late,
				"延期须在交办之后、答复之前：%s答复前为“%s”", why,
				appeal_state_labels[mid]);
		}
	}
	if (sv && sv->num && !(found && old.nsupervisions)) {
		if (appeal_can(mid, APPEAL_SUPERVISE, false, false))
			extra[nextra++] = APPEAL_SUPERVISE;
		else
			problem(g, rec, F_A_SUPERVISED, late, "督办须在答复之前：%s答复前为“%s”", why,
				appeal_state_labels[mid]);
	}
	if (nextra) {
		memmove(path + ins + nextra, path + ins, (size_t)(npath - ins) * sizeof(*path));
		memcpy(path + ins, extra, (size_t)nextra * sizeof(*path));
		npath += nextra;
	}
	if (!rec->ok || g->r->problems.errors != before || g->fatal)
		return -1;
	struct changes c = { 0 };
	if (found) {
		changes_str(&c, "category", old.category, x.category);
		changes_str(&c, "title", old.title, x.title);
		changes_str(&c, "text", old.text, x.text);
		changes_str(&c, "contact", old.contact, x.contact);
		*action = c.n || npath > 0 ? INGEST_UPDATE : INGEST_UNCHANGED;  /* extras are in path */
	} else {
		*action = INGEST_INSERT;
	}
	if (!g->writing || *action == INGEST_UNCHANGED)
		return 0;
	struct verrors errs;
	verr_init(&errs);
	if (found && c.n && (rc = store_import_appeal_text(g->s, &old, &x, a, &c)) != GL_OK)
		return g->fatal = rc == GL_ECONFLICT ? GL_EDB : rc, -1;
	if (!found) {
		x.external_id = ticket;
		x.submitted_at = appeal_at(submitted, today, a);
		rc = store_appeal_create(g->s, &x, &g->who, a, &errs);
		if (rc == GL_EINVALID) {
			report_verrors(g, rec, &errs);
			return -1;
		}
		if (rc != GL_OK)
			return g->fatal = rc, -1;
		*id = x.id;
	}
	/* The workflow's remaining steps, dated from the row. */
	const char *acc = accepted ? accepted : submitted;
	const char *ans = answered ? answered : acc;
	/* A stored appeal's new handling steps come after what it already has. */
	const char *mid_at = appeal_at(acc, today, a);
	if (found && old.nevents && mid_at &&
	    strcmp(old.events[old.nevents - 1].at, mid_at) > 0)
		mid_at = old.events[old.nevents - 1].at;
	for (int i = 0; i < npath; i++) {
		struct appeal_act act = { .appeal_id = *id, .action = path[i], .who = g->who,
					  .complexity = COMPLEXITY_ORDINARY, .rating = rating };

		switch (path[i]) {
		case APPEAL_TRANSFER:
			act.unit_id = tunit;
			act.note = treason ? treason : "导入：转办";
			act.at = mid_at;
			break;
		case APPEAL_REQUEST_EXTENSION:
			act.days = ext_days;
			act.note = ext_reason ? ext_reason : "导入：延期";
			act.at = mid_at;
			break;
		case APPEAL_DECIDE_EXTENSION:
			act.approve = true;
			act.at = mid_at;
			break;
		case APPEAL_SUPERVISE:
			act.note = "导入：督办";
			act.at = mid_at;
			break;
		case APPEAL_DECLINE:
			act.note = answer ? answer : "导入：不予受理";
			act.at = appeal_at(ans, today, a);
			break;
		case APPEAL_ASSIGN:
			act.unit_id = unit ? unit : old.lead_unit_id;
			act.co_unit_ids = co;
			act.nco = nco;
			/* fall through */
		case APPEAL_ACCEPT:
		case APPEAL_START:
			act.at = appeal_at(acc, today, a);
			break;
		case APPEAL_ANSWER:
			act.answer = answer ? answer : old.answer;
			act.at = appeal_at(ans, today, a);
			break;
		default:
			act.at = appeal_at(ans, today, a);
			break;
		}
		verr_init(&errs);
		rc = store_appeal_act(g->s, &act, a, &errs);
		if (rc == GL_EINVALID) {
			report_verrors(g, rec, &errs);
			return -1;
		}
		if (rc != GL_OK)
			return g->fatal = rc, -1;
	}
	return 0;
}

/* ---- the run -------------------------------------------------------------------------- */

static int on_record(void *ctx, const struct import_record *rec)
{
	struct ingest *g = ctx;
	struct ingest_report *r = g->r;
	struct arena a;
	enum ingest_action action = INGEST_REJECTED;
	int64_t id = 0;
	const char *key = NULL;
	int ok;

	/* Once the file has an error nothing more is written: the transaction will be undone. */
	g->writing = !g->opt->dry_run && r->problems.errors == 0;
	arena_init(&a);
	ok = (g->opt->kind == IMPORT_ENTERPRISES ? enterprise_row
	      : g->opt->kind == IMPORT_PROJECTS ? project_row : appeal_row)(g, rec, &a, &action,
									&id, &key);
	if (ok != 0)
		action = INGEST_REJECTED;
	switch (action) {
	case INGEST_INSERT: r->inserted++; break;
	case INGEST_UPDATE: r->updated++; break;
	case INGEST_UNCHANGED: r->unchanged++; break;
	default: r->rejected++; break;
	}
	if (r->nrows < INGEST_ROWS_MAX) {
		struct ingest_row *row = &r->rows[r->nrows++];

		row->row = rec->row;
		row->action = action;
		row->id = action == INGEST_INSERT && !g->writing ? 0 : id;
		row->key = key ? arena_strdup(&r->arena, key) : NULL;
	}
	arena_release(&a);
	return g->fatal != GL_OK;
}

enum gl_err ingest_run(struct store *s, const char *path, const void *data, size_t len,
		       const struct ingest_options *opt, struct ingest_report *r)
{
	struct ingest *g = calloc(1, sizeof(*g));
	struct import_options io = { .kind = opt->kind, .format = opt->format, .sheet = opt->sheet };
	struct header_map *map = NULL;
	const char *why = NULL;
	enum gl_err rc;
	size_t nfields;

	if (!g)
		return GL_ENOMEM;
	if ((unsigned)opt->kind >= IMPORT_KIND__MAX) {
		free(g);
		return GL_EINVALID;
	}
	g->s = s;
	g->opt = opt;
	g->who.user_id = opt->user_id;
	g->who.username = opt->username;
	g->r = r;
	arena_init(&g->ref_arena);
	if (ingest_parse_map(opt->map, &r->arena, &map, &io.nmap, &why) != 0) {
		import_problem_add(&r->problems, 0, -1, NULL, IMP_FILE, "映射有误：%s", why);
		arena_release(&g->ref_arena);
		free(g);
		return GL_EINVALID;
	}
	io.map = map;
	import_fields(opt->kind, &nfields);
	int first = opt->kind == IMPORT_ENTERPRISES ? F_E_NAME
		    : opt->kind == IMPORT_PROJECTS ? F_CODE : F_A_TICKET;
	int last = opt->kind == IMPORT_ENTERPRISES ? F_E_CEMAIL
		   : opt->kind == IMPORT_PROJECTS ? F_JOBS : F_A_SUPERVISED;
	for (int f = 0; f < F__MAX; f++)
		g->fld[f] = f >= first && f <= last ? import_field_find(opt->kind, field_codes[f])
						    : -1;
	r->rows = arena_alloc(&r->arena, INGEST_ROWS_MAX * sizeof(*r->rows));
	int journal = !opt->dry_run && opt->kind == IMPORT_PROJECTS && r->rows &&
		      store_import_journal_begin(s);
	rc = r->rows ? (opt->dry_run ? store_read_begin(s) : store_begin(s)) : GL_ENOMEM;
	if (rc == GL_OK && !opt->dry_run && opt->kind == IMPORT_PROJECTS &&
	    (rc = store_import_bulk_begin(s, &g->bulk)) != GL_OK)
		store_rollback(s);
	if (rc != GL_OK) {
		store_import_journal_end(s, journal);
		arena_release(&g->ref_arena);
		free(g);
		return rc;
	}
	rc = path ? import_read_file(path, &io, on_record, g, &r->problems, &r->read)
		  : import_read_mem(data, len, opt->name, &io, on_record, g, &r->problems, &r->read);
	if (g->fatal != GL_OK)
		rc = g->fatal;
	else if (rc != GL_ENOMEM)
		rc = GL_OK;  /* the reader's failure is a problem of the report */
	if (opt->dry_run) {
		store_read_end(s);
	} else if (rc == GL_OK && r->problems.errors == 0 && r->rejected == 0 &&
		   (!g->bulk || (rc = store_import_bulk_end(s, g->bulk)) == GL_OK)) {
		rc = store_commit(s);
		r->committed = rc == GL_OK;
	} else {
		store_rollback(s);
	}
	/* Rows counted as written by a run that was undone were not. */
	if (!opt->dry_run && !r->committed)
		for (size_t i = 0; i < r->nrows; i++)
			if (r->rows[i].action == INGEST_INSERT)
				r->rows[i].id = 0;
	store_import_bulk_free(s, g->bulk);
	store_import_journal_end(s, journal);
	norm_close(g->norm);
	for (int t = 0; t < REF__MAX; t++)
		for (size_t k = 0; k < sizeof(g->refs[t].seen) / sizeof(g->refs[t].seen[0]); k++)
			free(g->refs[t].seen[k].text);
	arena_release(&g->ref_arena);
	free(g);
	return rc;
}
