/* problems.c - the problem ledger (制约问题台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* The problem ledger's own columns. */
enum {
	QC_PROJECT_CODE = FIELD_OWN, /* the project's code (the store is asked) */
	QC_TYPE,                     /* the type's Chinese name */
	QC_STATUS,                   /* the status's Chinese name */
	QC_OVERDUE,                  /* overdue on the export day, as 是/否 */
};

#define Q(f) offsetof(struct problem, f)

/* The problem ledger, one line per column.  A new field is one more line here. */
static const struct ledger_col problem_cols[] = {
	{"问题编号",           SHEET_INT,  9,  FIELD_INT,       Q(id), 0},
	{"项目编号",           SHEET_TEXT, 15, QC_PROJECT_CODE, 0, 0},
	{"项目名称",           SHEET_TEXT, 30, FIELD_STR,       Q(project_name), 0},
	{"问题类型",           SHEET_TEXT, 8,  QC_TYPE,         0, 0},
	{"问题描述",           SHEET_TEXT, 40, FIELD_STR,       Q(description), 0},
	{"责任单位",           SHEET_TEXT, 20, FIELD_STR,       Q(unit_name), 0},
	{"提出日期",           SHEET_DATE, 12, FIELD_STR,       Q(opened_on), 0},
	{"办理时限（工作日）", SHEET_INT,  10, FIELD_INT,       Q(deadline_days), 0},
	{"到期日",             SHEET_DATE, 12, FIELD_STR,       Q(due_on), 0},
	{"到期日为估算",       SHEET_TEXT, 8,  FIELD_BOOL,      Q(due_fallback), 0},
	{"状态",               SHEET_TEXT, 10, QC_STATUS,       0, 0},
	{"解决情况",           SHEET_TEXT, 30, FIELD_STR,       Q(resolution), 0},
	{"解决日期",           SHEET_DATE, 12, FIELD_STR,       Q(resolved_on), 0},
	{"所属专班",           SHEET_TEXT, 20, FIELD_STR,       Q(taskforce_name), 0},
	{"是否超期",           SHEET_TEXT, 8,  QC_OVERDUE,      0, 0},
};
enum { NCOLS = sizeof(problem_cols) / sizeof(problem_cols[0]) };

/* Sheet 0 has every row; 未解决 the open ones, 已超期 those of them past due, then the two
 * ways a problem ends.  An overdue problem is in both 未解决 and 已超期. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_RESOLVED, V_CLOSED, V__MAX };
static const char *const views[V__MAX] = {"问题台账", "未解决", "已超期", "已解决",
					  "未解决关闭"};

static unsigned views_of(const struct problem *p, bool overdue)
{
	switch (p->status) {
	case PROBLEM_OPEN:
	case PROBLEM_IN_PROGRESS:
		return 1u << V_OPEN | (overdue ? 1u << V_OVERDUE : 0);
	case PROBLEM_RESOLVED:
		return 1u << V_RESOLVED;
	default:
		return 1u << V_CLOSED;
	}
}

/* What a page and a row need: the query and the export day. */
struct ctx {
	struct store *s;
	struct problem_query q;
	struct ymd today;
};

static enum gl_err page_of(void *vc, int64_t offset, int64_t limit, struct arena *a,
			   const void **items, int64_t *n)
{
	struct ctx *c = vc;
	struct problem_page page = {0};
	enum gl_err rc;

	c->q.offset = offset;
	c->q.limit = limit;
	rc = store_problem_list(c->s, &c->q, a, &page);
	*items = page.items;
	*n = rc == GL_OK ? page.n : 0;
	return rc;
}

static enum gl_err row_of(void *vc, const void *item, struct arena *a, struct sheet_cell *cells,
			  unsigned *in_views)
{
	const struct ctx *c = vc;
	const struct problem *p = item;
	bool overdue = problem_overdue(p, c->today);
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++) {
		struct sheet_cell *cell = &cells[i];

		switch (problem_cols[i].src) {
		case QC_PROJECT_CODE:
			rc = store_export_project_code(c->s, p->project_id, a, &cell->text);
			if (rc != GL_OK)
				return rc;
			break;
		case QC_TYPE:
			cell->text = problem_types[p->type].name;
			break;
		case QC_STATUS:
			cell->text = problem_statuses[p->status].name;
			break;
		case QC_OVERDUE:
			cell->text = overdue ? "是" : "否";
			break;
		}
	}
	*in_views = views_of(p, overdue);
	return GL_OK;
}

/* The filters of q in words, with names for ids: "状态：待解决；责任单位：经济发展局". */
static const char *describe(struct store *s, const struct problem_query *q, struct arena *a)
{
	const char *parts[8];
	size_t np = 0;

	if (q->status >= 0)
		parts[np++] = arena_printf(a, "状态：%s", problem_statuses[q->status].name);
	if (q->type >= 0)
		parts[np++] = arena_printf(a, "问题类型：%s", problem_types[q->type].name);
	if (q->unit_id)
		parts[np++] = arena_printf(a, "责任单位：%s", export_unit_name(s, q->unit_id, a));
	if (q->project_id) {
		struct project p;

		parts[np++] = store_project_get(s, q->project_id, q->scope, a, &p) == GL_OK
			? arena_printf(a, "项目：%s %s", p.code, p.name)
			: arena_printf(a, "项目编号：%lld", (long long)q->project_id);
	}
	if (q->taskforce_id) {
		struct taskforce t;

		parts[np++] = store_taskforce_get(s, q->taskforce_id, q->scope, a, &t) == GL_OK
			? arena_printf(a, "所属专班：%s", t.name)
			: arena_printf(a, "所属专班编号：%lld", (long long)q->taskforce_id);
	}
	if (q->overdue >= 0)
		parts[np++] = arena_printf(a, "是否超期：%s", q->overdue ? "是" : "否");
	if (!np)
		parts[np++] = "无（全部问题）";
	return export_join(a, parts, np);
}

enum gl_err export_problems(struct store *s, const struct problem_query *q,
			    const struct export_job *job, int64_t *rows)
{
	static const struct ledger_def ledger = {
		problem_cols, NCOLS, views, V__MAX, sizeof(struct problem), page_of, row_of,
	};
	struct ctx c = {.s = s, .q = *q, .today = date_shanghai(job->now)};
	struct arena a;
	char day[11];
	enum gl_err rc;

	arena_init(&a);
	c.q.today = date_format_iso(c.today, day, sizeof(day));
	const struct sheet_note notes[] = {
		{"到期日口径", "提出日期后第N个工作日（N为办理时限），按法定节假日和调休安排；"
			       "当年安排未载入时按周一至周五估算，“到期日为估算”列为是"},
		{"超期口径", arena_printf(&a, "待解决或推进中，且导出日（%s）已过到期日", day)},
		{"日期口径", "北京时间（Asia/Shanghai），YYYY-MM-DD"},
	};
	const struct ledger_about about = {
		.content = "制约问题台账：第一张表为全部问题，其后分表：未解决（待解决、推进中），"
			   "已超期（未解决且已过到期日），已解决，未解决关闭",
		.filters = describe(s, q, &a),
		.noun = "问题",
		.scoped = q->scope && (q->scope->enterprise_id || q->scope->restricted),
		.notes = notes,
		.nnotes = sizeof(notes) / sizeof(notes[0]),
	};

	rc = ledger_export(&ledger, &c, job, &about, rows);
	arena_release(&a);
	return rc;
}
