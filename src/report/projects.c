/* projects.c - the project ledger (项目台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* Where a column's cell comes from. */
enum pcol_src {
	PC_STR,          /* a const char * field, as it is */
	PC_INT,          /* an int64_t field, empty unless its bool at has */
	PC_BOOL,         /* a bool field as 是/否 */
	PC_REF,          /* a code field shown by its name in reference table ref */
	PC_UNIT,         /* the unit_id field shown by the unit's name */
	PC_STAGE,        /* the stage's Chinese name */
	PC_ENTERPRISES,  /* the enterprises' names */
	PC_FUNDS,        /* funds in place, summed over every month */
	PC_COUNTABLE,    /* total investment >= 500万元, as 是/否 */
	PC_LARGE,        /* total investment >= 5000万元, as 是/否 */
};

struct project_col {
	const char *header;
	enum sheet_kind kind;
	int width;
	enum pcol_src src;
	size_t off;          /* offsetof the field in struct project */
	size_t has;          /* offsetof the bool saying the field is set; 0 = always set */
	enum ref_table ref;
};

#define P(f) offsetof(struct project, f)
#define M(f) offsetof(struct project, money.f)

/* The project ledger, one line per column.  A new field is one more line here. */
static const struct project_col project_cols[] = {
	{"项目编号",       SHEET_TEXT, 15, PC_STR,         P(code), 0, 0},
	{"项目名称",       SHEET_TEXT, 36, PC_STR,         P(name), 0, 0},
	{"企业",           SHEET_TEXT, 30, PC_ENTERPRISES, 0, 0, 0},
	{"产业链",         SHEET_TEXT, 16, PC_REF,         P(chain), 0, REF_CHAIN},
	{"招商方式",       SHEET_TEXT, 12, PC_REF,         P(channel), 0, REF_CHANNEL},
	{"阶段",           SHEET_TEXT, 8,  PC_STAGE,       0, 0, 0},
	{"所在地",         SHEET_TEXT, 24, PC_REF,         P(location), 0, REF_REGION},
	{"总投资（万元）", SHEET_WAN,  14, PC_INT,         P(total_investment), P(has_investment), 0},
	{"总投资（亿元）", SHEET_YI,   14, PC_INT,         P(total_investment), P(has_investment), 0},
	{"签约金额（万元）", SHEET_WAN, 14, PC_INT,        P(signed_amount), P(has_signed_amount), 0},
	{"固定资产投资（万元）", SHEET_WAN, 14, PC_INT,    M(fixed_asset), M(has_fixed_asset), 0},
	{"外资（万美元）", SHEET_WAN,  14, PC_INT,         M(foreign), M(has_foreign), 0},
	{"累计到位资金（万元）", SHEET_WAN, 14, PC_FUNDS,  0, 0, 0},
	{"用地（亩）",     SHEET_CENTI, 12, PC_INT,        M(land_centimu), M(has_land), 0},
	{"预计年产值（万元）", SHEET_WAN, 14, PC_INT,      M(annual_output), M(has_output), 0},
	{"预计年税收（万元）", SHEET_WAN, 14, PC_INT,      M(annual_tax), M(has_tax), 0},
	{"就业人数",       SHEET_INT,  10, PC_INT,         M(jobs), M(has_jobs), 0},
	{"签约日期",       SHEET_DATE, 12, PC_STR,         P(signed_on), 0, 0},
	{"开工日期",       SHEET_DATE, 12, PC_STR,         P(started_on), 0, 0},
	{"投产日期",       SHEET_DATE, 12, PC_STR,         P(production_on), 0, 0},
	{"达产日期",       SHEET_DATE, 12, PC_STR,         P(capacity_on), 0, 0},
	{"包挂领导",       SHEET_TEXT, 12, PC_STR,         P(leader), 0, 0},
	{"责任单位",       SHEET_TEXT, 20, PC_UNIT,        P(unit_id), 0, 0},
	{"重点项目",       SHEET_TEXT, 10, PC_BOOL,        P(key_project), 0, 0},
	{"产业类",         SHEET_TEXT, 8,  PC_BOOL,        P(industrial), 0, 0},
	{"计入固投统计（≥500万元）", SHEET_TEXT, 14, PC_COUNTABLE, 0, 0, 0},
	{"5000万元以上",   SHEET_TEXT, 10, PC_LARGE,       0, 0, 0},
};
enum { NCOLS = sizeof(project_cols) / sizeof(project_cols[0]) };

/* Sheet 0 has every row; the others group the stages as the committee reports them. */
static const char *const views[] = {"项目台账", "在谈", "签约未开工", "在建", "已投产",
				    "搁置终止"};
static const unsigned stage_view[STAGE__MAX] = {
	[STAGE_LEAD] = 1, [STAGE_NEGOTIATING] = 1, [STAGE_SIGNED] = 2, [STAGE_STARTED] = 3,
	[STAGE_PRODUCTION] = 4, [STAGE_CAPACITY] = 4, [STAGE_ON_HOLD] = 5, [STAGE_DROPPED] = 5,
};

/* Rows read per page of the list: enough that paging costs little, few enough that a page
 * of any export stays a few megabytes. */
enum { EXPORT_PAGE = 1000 };

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

static enum gl_err project_cells(struct store *s, const struct names *n, const struct project *p,
				 struct arena *a, struct sheet_cell *cells)
{
	const char *base = (const char *)p;
	struct export_project_extra extra;
	enum gl_err rc = store_export_project_extra(s, p->id, a, &extra);

	if (rc != GL_OK)
		return rc;
	for (size_t i = 0; i < NCOLS; i++) {
		const struct project_col *c = &project_cols[i];
		struct sheet_cell *cell = &cells[i];

		memset(cell, 0, sizeof(*cell));
		switch (c->src) {
		case PC_STR:
			memcpy(&cell->text, base + c->off, sizeof(cell->text));
			break;
		case PC_INT:
			memcpy(&cell->num, base + c->off, sizeof(cell->num));
			cell->null = c->has && !*(const bool *)(base + c->has);
			break;
		case PC_BOOL:
			cell->text = *(const bool *)(base + c->off) ? "是" : "否";
			break;
		case PC_REF: {
			const char *code;

			memcpy(&code, base + c->off, sizeof(code));
			cell->text = name_of(n, c->ref, code);
			break;
		}
		case PC_UNIT: {
			int64_t id;

			memcpy(&id, base + c->off, sizeof(id));
			cell->text = unit_name(n, id);
			break;
		}
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
	struct sheet_col cols[NCOLS];
	struct sheet_cell cells[NCOLS];
	struct sheet_writer *w = NULL;
	struct arena a, page_arena;
	struct names names;
	struct project_query pq = *q;
	struct project_page page;
	int64_t n = 0;
	char when[32];
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++)
		cols[i] = (struct sheet_col){project_cols[i].header, project_cols[i].kind,
					      project_cols[i].width};
	arena_init(&a);
	rc = names_load(s, &a, &names);
	if (rc == GL_OK)
		rc = sheet_open(job->format, job->path, cols, NCOLS, views,
				 sizeof(views) / sizeof(views[0]), &w);
	pq.limit = EXPORT_PAGE;
	pq.offset = 0;
	while (rc == GL_OK) {
		arena_init(&page_arena);
		rc = store_project_list(s, &pq, &page_arena, &page);
		for (int64_t i = 0; rc == GL_OK && i < page.n; i++) {
			const struct project *p = &page.items[i];

			rc = project_cells(s, &names, p, &page_arena, cells);
			if (rc == GL_OK)
				rc = sheet_row(w, 1u << stage_view[p->stage], cells);
		}
		arena_release(&page_arena);
		if (rc != GL_OK || page.n < EXPORT_PAGE)
			break;
		n += page.n;
		pq.offset += page.n;
	}
	if (rc == GL_OK) {
		n += page.n;
		const struct sheet_note notes[] = {
			{"导出内容", "项目台账：第一张表为全部项目，其后按阶段分表（在谈：线索、洽谈；"
				     "签约未开工：签约；在建：开工；已投产：投产、达产；搁置终止：搁置、终止）"},
			{"导出时间", date_format_timestamp(job->now, when, sizeof(when))},
			{"导出人", job->who ? job->who : "命令行（全部数据）"},
			{"筛选条件", describe(q, &names, &a)},
			{"数据范围", q->scope && (q->scope->enterprise_id || q->scope->restricted)
					 ? "导出人权限范围内的项目" : "全部项目"},
			{"项目数", arena_printf(&a, "%lld", (long long)n)},
			{"金额口径", "金额以万元为单位的精确整数（外资为万美元）；亿元列为万元÷10000，"
				     "显示两位小数；累计到位资金为各月到位资金之和；用地以亩计，两位小数"},
			{"统计口径", "计入固投统计：总投资不低于500万元；5000万元以上：总投资不低于"
				     "5000万元；总投资未填的项目为否"},
			{"日期口径", "北京时间（Asia/Shanghai），YYYY-MM-DD"},
		};
		rc = sheet_close(w, notes, sizeof(notes) / sizeof(notes[0]));
		w = NULL;
	}
	sheet_abort(w);
	arena_release(&a);
	if (rows)
		*rows = n;
	return rc;
}
