/* problems.c - the problem ledger (制约问题台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* Where a column's cell comes from. */
enum qcol_src {
	QC_STR,           /* a const char * field, as it is */
	QC_INT,           /* an int64_t field */
	QC_BOOL,          /* a bool field as 是/否 */
	QC_PROJECT_CODE,  /* the project's code (the store is asked) */
	QC_TYPE,          /* the type's Chinese name */
	QC_STATUS,        /* the status's Chinese name */
	QC_OVERDUE,       /* overdue on the export day, as 是/否 */
};

struct problem_col {
	const char *header;
	enum sheet_kind kind;
	int width;
	enum qcol_src src;
	size_t off;       /* offsetof the field in struct problem */
};

#define Q(f) offsetof(struct problem, f)

/* The problem ledger, one line per column.  A new field is one more line here. */
static const struct problem_col problem_cols[] = {
	{"问题编号",           SHEET_INT,  9,  QC_INT,          Q(id)},
	{"项目编号",           SHEET_TEXT, 15, QC_PROJECT_CODE, 0},
	{"项目名称",           SHEET_TEXT, 30, QC_STR,          Q(project_name)},
	{"问题类型",           SHEET_TEXT, 8,  QC_TYPE,         0},
	{"问题描述",           SHEET_TEXT, 40, QC_STR,          Q(description)},
	{"责任单位",           SHEET_TEXT, 20, QC_STR,          Q(unit_name)},
	{"提出日期",           SHEET_DATE, 12, QC_STR,          Q(opened_on)},
	{"办理时限（工作日）", SHEET_INT,  10, QC_INT,          Q(deadline_days)},
	{"到期日",             SHEET_DATE, 12, QC_STR,          Q(due_on)},
	{"到期日为估算",       SHEET_TEXT, 8,  QC_BOOL,         Q(due_fallback)},
	{"状态",               SHEET_TEXT, 10, QC_STATUS,       0},
	{"解决情况",           SHEET_TEXT, 30, QC_STR,          Q(resolution)},
	{"解决日期",           SHEET_DATE, 12, QC_STR,          Q(resolved_on)},
	{"所属专班",           SHEET_TEXT, 20, QC_STR,          Q(taskforce_name)},
	{"是否超期",           SHEET_TEXT, 8,  QC_OVERDUE,      0},
};
enum { NCOLS = sizeof(problem_cols) / sizeof(problem_cols[0]) };

/* Sheet 0 has every row; 未解决 the open ones, 已超期 those of them past due, then the two
 * ways a problem ends.  An overdue problem is in both 未解决 and 已超期. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_RESOLVED, V_CLOSED, V__MAX };
static const char *const views[V__MAX] = {"问题台账", "未解决", "已超期", "已解决",
					  "未解决关闭"};

enum { EXPORT_PAGE = 1000 };

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

static enum gl_err problem_cells(struct store *s, const struct problem *p, bool overdue,
				 struct arena *a, struct sheet_cell *cells)
{
	const char *base = (const char *)p;
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++) {
		const struct problem_col *c = &problem_cols[i];
		struct sheet_cell *cell = &cells[i];

		memset(cell, 0, sizeof(*cell));
		switch (c->src) {
		case QC_STR:
			memcpy(&cell->text, base + c->off, sizeof(cell->text));
			break;
		case QC_INT:
			memcpy(&cell->num, base + c->off, sizeof(cell->num));
			break;
		case QC_BOOL:
			cell->text = *(const bool *)(base + c->off) ? "是" : "否";
			break;
		case QC_PROJECT_CODE:
			if ((rc = store_export_project_code(s, p->project_id, a, &cell->text)) != GL_OK)
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
	return GL_OK;
}

/* The unit's name, or its id when it is unknown. */
static const char *unit_name(struct store *s, int64_t id, struct arena *a)
{
	struct ref_list units;

	if (store_ref_list(s, REF_UNIT, NULL, 0, a, &units) == GL_OK)
		for (int64_t i = 0; i < units.n; i++)
			if (units.items[i].id == id)
				return units.items[i].name;
	return arena_printf(a, "%lld", (long long)id);
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
		parts[np++] = arena_printf(a, "责任单位：%s", unit_name(s, q->unit_id, a));
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
	struct sheet_col cols[NCOLS];
	struct sheet_cell cells[NCOLS];
	struct sheet_writer *w = NULL;
	struct arena a, page_arena;
	struct problem_query pq = *q;
	struct problem_page page = {0};
	struct ymd today = date_shanghai(job->now);
	int64_t n = 0;
	char when[32], day[11];
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++)
		cols[i] = (struct sheet_col){problem_cols[i].header, problem_cols[i].kind,
					      problem_cols[i].width};
	arena_init(&a);
	pq.today = date_format_iso(today, day, sizeof(day));
	pq.limit = EXPORT_PAGE;
	pq.offset = 0;
	rc = sheet_open(job->format, job->path, cols, NCOLS, views, V__MAX, &w);
	while (rc == GL_OK) {
		arena_init(&page_arena);
		rc = store_problem_list(s, &pq, &page_arena, &page);
		for (int64_t i = 0; rc == GL_OK && i < page.n; i++) {
			const struct problem *p = &page.items[i];
			bool overdue = problem_overdue(p, today);

			rc = problem_cells(s, p, overdue, &page_arena, cells);
			if (rc == GL_OK)
				rc = sheet_row(w, views_of(p, overdue), cells);
		}
		arena_release(&page_arena);
		if (rc != GL_OK)
			break;
		n += page.n;
		if (page.n < EXPORT_PAGE)
			break;
		pq.offset += page.n;
	}
	if (rc == GL_OK) {
		const struct sheet_note notes[] = {
			{"导出内容", "制约问题台账：第一张表为全部问题，其后分表：未解决（待解决、推进中），"
				     "已超期（未解决且已过到期日），已解决，未解决关闭"},
			{"导出时间", date_format_timestamp(job->now, when, sizeof(when))},
			{"导出人", job->who ? job->who : "命令行（全部数据）"},
			{"筛选条件", describe(s, q, &a)},
			{"数据范围", q->scope && (q->scope->enterprise_id || q->scope->restricted)
					 ? "导出人权限范围内的问题" : "全部问题"},
			{"问题数", arena_printf(&a, "%lld", (long long)n)},
			{"到期日口径", "提出日期后第N个工作日（N为办理时限），按法定节假日和调休安排；"
				       "当年安排未载入时按周一至周五估算，“到期日为估算”列为是"},
			{"超期口径", arena_printf(&a, "待解决或推进中，且导出日（%s）已过到期日", day)},
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
