/* projects.c - the project ledger (项目台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* The project ledger's own columns. */
enum {
	PC_CHAIN = FIELD_OWN, /* the chain's name */
	PC_CHANNEL,           /* the channel's name */
	PC_LOCATION,          /* the region's name */
	PC_UNIT,              /* the unit's name */
	PC_STAGE,             /* the stage's Chinese name */
	PC_ENTERPRISES,       /* the enterprises' names */
	PC_FUNDS,             /* funds in place, summed over every month */
	PC_COUNTABLE,         /* total investment >= 500万元, as 是/否 */
	PC_LARGE,             /* total investment >= 5000万元, as 是/否 */
};

#define P(f) offsetof(struct project, f)
#define M(f) offsetof(struct project, money.f)

/* The project ledger, one line per column.  A new field is one more line here. */
static const struct ledger_col project_cols[] = {
	{"项目编号",       SHEET_TEXT, 15, FIELD_STR,      P(code), 0},
	{"项目名称",       SHEET_TEXT, 36, FIELD_STR,      P(name), 0},
	{"企业",           SHEET_TEXT, 30, PC_ENTERPRISES, 0, 0},
	{"产业链",         SHEET_TEXT, 16, PC_CHAIN,       0, 0},
	{"招商方式",       SHEET_TEXT, 12, PC_CHANNEL,     0, 0},
	{"阶段",           SHEET_TEXT, 8,  PC_STAGE,       0, 0},
	{"所在地",         SHEET_TEXT, 24, PC_LOCATION,    0, 0},
	{"总投资（万元）", SHEET_WAN,  14, FIELD_INT,      P(total_investment), P(has_investment)},
	{"总投资（亿元）", SHEET_YI,   14, FIELD_INT,      P(total_investment), P(has_investment)},
	{"签约金额（万元）", SHEET_WAN, 14, FIELD_INT,     P(signed_amount), P(has_signed_amount)},
	{"固定资产投资（万元）", SHEET_WAN, 14, FIELD_INT, M(fixed_asset), M(has_fixed_asset)},
	{"外资（万美元）", SHEET_WAN,  14, FIELD_INT,      M(foreign), M(has_foreign)},
	{"累计到位资金（万元）", SHEET_WAN, 14, PC_FUNDS,  0, 0},
	{"用地（亩）",     SHEET_CENTI, 12, FIELD_INT,     M(land_centimu), M(has_land)},
	{"预计年产值（万元）", SHEET_WAN, 14, FIELD_INT,   M(annual_output), M(has_output)},
	{"预计年税收（万元）", SHEET_WAN, 14, FIELD_INT,   M(annual_tax), M(has_tax)},
	{"就业人数",       SHEET_INT,  10, FIELD_INT,      M(jobs), M(has_jobs)},
	{"签约日期",       SHEET_DATE, 12, FIELD_STR,      P(signed_on), 0},
	{"开工日期",       SHEET_DATE, 12, FIELD_STR,      P(started_on), 0},
	{"投产日期",       SHEET_DATE, 12, FIELD_STR,      P(production_on), 0},
	{"达产日期",       SHEET_DATE, 12, FIELD_STR,      P(capacity_on), 0},
	{"包挂领导",       SHEET_TEXT, 12, FIELD_STR,      P(leader), 0},
	{"责任单位",       SHEET_TEXT, 20, PC_UNIT,        0, 0},
	{"重点项目",       SHEET_TEXT, 10, FIELD_BOOL,     P(key_project), 0},
	{"产业类",         SHEET_TEXT, 8,  FIELD_BOOL,     P(industrial), 0},
	{"计入固投统计（≥500万元）", SHEET_TEXT, 14, PC_COUNTABLE, 0, 0},
	{"5000万元以上",   SHEET_TEXT, 10, PC_LARGE,       0, 0},
};
enum { NCOLS = sizeof(project_cols) / sizeof(project_cols[0]) };

/* Sheet 0 has every row; the others group the stages as the committee reports them. */
static const char *const views[] = {"项目台账", "在谈", "签约未开工", "在建", "已投产",
				    "搁置终止"};
static const unsigned stage_view[STAGE__MAX] = {
	[STAGE_LEAD] = 1, [STAGE_NEGOTIATING] = 1, [STAGE_SIGNED] = 2, [STAGE_STARTED] = 3,
	[STAGE_PRODUCTION] = 4, [STAGE_CAPACITY] = 4, [STAGE_ON_HOLD] = 5, [STAGE_DROPPED] = 5,
};

/* Code -> name for the reference tables the ledger shows. */
struct names {
	struct ref_list t[REF__MAX];
};

static enum gl_err names_load(struct store *s, struct arena *a, struct names *n)
{
	static const enum ref_table wanted[] = {REF_CHAIN, REF_CHANNEL, REF_REGION, REF_UNIT};
	enum gl_err rc = GL_OK;

	memset(n, 0, sizeof(*n));
	for (size_t i = 0; rc == GL_OK && i < sizeof(wanted) / sizeof(wanted[0]); i++)
		rc = store_ref_list(s, wanted[i], NULL, 0, a, &n->t[wanted[i]]);
	return rc;
}

/* The name of code in table t; the code itself when the table does not know it. */
static const char *name_of(const struct names *n, enum ref_table t, const char *code)
{
	for (int64_t i = 0; code && i < n->t[t].n; i++)
		if (n->t[t].items[i].code && strcmp(n->t[t].items[i].code, code) == 0)
			return n->t[t].items[i].name;
	return code;
}

static const char *unit_name(const struct names *n, int64_t id)
{
	for (int64_t i = 0; id && i < n->t[REF_UNIT].n; i++)
		if (n->t[REF_UNIT].items[i].id == id)
			return n->t[REF_UNIT].items[i].name;
	return NULL;
}

/* What a page and a row need: the query and the names of codes. */
struct ctx {
	struct store *s;
	struct project_query q;
	struct names names;
};

static enum gl_err page_of(void *vc, int64_t offset, int64_t limit, struct arena *a,
			   const void **items, int64_t *n)
{
	struct ctx *c = vc;
	struct project_page page = {0};
	enum gl_err rc;

	c->q.offset = offset;
	c->q.limit = limit;
	rc = store_project_list(c->s, &c->q, a, &page);
	*items = page.items;
	*n = rc == GL_OK ? page.n : 0;
	return rc;
}

static enum gl_err row_of(void *vc, const void *item, struct arena *a, struct sheet_cell *cells,
			  unsigned *in_views)
{
	const struct ctx *c = vc;
	const struct names *n = &c->names;
	const struct project *p = item;
	struct export_project_extra extra;
	enum gl_err rc = store_export_project_extra(c->s, p->id, a, &extra);

	if (rc != GL_OK)
		return rc;
	for (size_t i = 0; i < NCOLS; i++) {
		struct sheet_cell *cell = &cells[i];

		switch (project_cols[i].src) {
		case PC_CHAIN:
			cell->text = name_of(n, REF_CHAIN, p->chain);
			break;
		case PC_CHANNEL:
			cell->text = name_of(n, REF_CHANNEL, p->channel);
			break;
		case PC_LOCATION:
			cell->text = name_of(n, REF_REGION, p->location);
			break;
		case PC_UNIT:
			cell->text = unit_name(n, p->unit_id);
			break;
		case PC_STAGE:
			cell->text = project_stages[p->stage].name;
			break;
		case PC_ENTERPRISES:
			cell->text = extra.enterprises;
			break;
		case PC_FUNDS:
			cell->num = extra.funds;
			cell->null = !extra.has_funds;
			break;
		case PC_COUNTABLE:
			cell->text = money_countable(p->has_investment, p->total_investment)
				? "是" : "否";
			break;
		case PC_LARGE:
			cell->text = money_large(p->has_investment, p->total_investment) ? "是" : "否";
			break;
		}
	}
	*in_views = 1u << stage_view[p->stage];
	return GL_OK;
}

/* The filters of q in words, with names for codes: "阶段：签约；产业链：新能源汽车". */
static const char *describe(const struct project_query *q, const struct names *n,
			    struct arena *a)
{
	static const char *const sorts[PROJECT_SORT__MAX] = {
		[PROJECT_SORT_ID] = "按编号", [PROJECT_SORT_ID_DESC] = "按编号倒序",
		[PROJECT_SORT_SIGNED_DESC] = "按签约日期倒序",
		[PROJECT_SORT_INVESTMENT_DESC] = "按总投资倒序", [PROJECT_SORT_NAME] = "按名称",
	};
	const char *parts[12];
	size_t np = 0;

	if (q->stage >= 0)
		parts[np++] = arena_printf(a, "阶段：%s", project_stages[q->stage].name);
	if (q->chain)
		parts[np++] = arena_printf(a, "产业链：%s", name_of(n, REF_CHAIN, q->chain));
	if (q->channel)
		parts[np++] = arena_printf(a, "招商方式：%s", name_of(n, REF_CHANNEL, q->channel));
	if (q->location)
		parts[np++] = arena_printf(a, "所在地：%s", name_of(n, REF_REGION, q->location));
	if (q->enterprise_id)
		parts[np++] = arena_printf(a, "企业编号：%lld", (long long)q->enterprise_id);
	if (q->signed_year)
		parts[np++] = arena_printf(a, "签约年份：%d", q->signed_year);
	if (q->industrial >= 0)
		parts[np++] = arena_printf(a, "产业类：%s", q->industrial ? "是" : "否");
	if (q->name_contains)
		parts[np++] = arena_printf(a, "名称包含：%s", q->name_contains);
	if (!np)
		parts[np++] = "无（全部项目）";
	parts[np++] = arena_printf(a, "排序：%s", sorts[q->sort]);
	return export_join(a, parts, np);
}

enum gl_err export_projects(struct store *s, const struct project_query *q,
			    const struct export_job *job, int64_t *rows)
{
	static const struct ledger_def ledger = {
		project_cols, NCOLS, views, sizeof(views) / sizeof(views[0]), sizeof(struct project),
		page_of, row_of,
	};
	struct ctx c = {.s = s, .q = *q};
	struct arena a;
	enum gl_err rc;

	arena_init(&a);
	rc = names_load(s, &a, &c.names);
	if (rc == GL_OK) {
		static const struct sheet_note notes[] = {
			{"金额口径", "金额以万元为单位的精确整数（外资为万美元）；亿元列为万元÷10000，"
				     "显示两位小数；累计到位资金为各月到位资金之和；用地以亩计，两位小数"},
			{"统计口径", "计入固投统计：总投资不低于500万元；5000万元以上：总投资不低于"
				     "5000万元；总投资未填的项目为否"},
			{"日期口径", "北京时间（Asia/Shanghai），YYYY-MM-DD"},
		};
		const struct ledger_about about = {
			.content = "项目台账：第一张表为全部项目，其后按阶段分表（在谈：线索、洽谈；"
				   "签约未开工：签约；在建：开工；已投产：投产、达产；搁置终止：搁置、终止）",
			.filters = describe(q, &c.names, &a),
			.noun = "项目",
			.scoped = q->scope && (q->scope->enterprise_id || q->scope->restricted),
			.notes = notes,
			.nnotes = sizeof(notes) / sizeof(notes[0]),
		};

		rc = ledger_export(&ledger, &c, job, &about, rows);
	}
	arena_release(&a);
	return rc;
}
