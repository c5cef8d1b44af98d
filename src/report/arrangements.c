/* arrangements.c - the arrangement ledger (具体安排台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* Where a column's cell comes from. */
enum xcol_src {
	XC_STR,          /* a const char * field, as it is */
	XC_INT,          /* an int64_t field */
	XC_DAYS,         /* deadline_days, empty when the due day was given instead */
	XC_SOURCE,       /* 鹊华观澜会第N期 and/or the appeal's code */
	XC_STATUS,       /* the status's Chinese name */
	XC_OVERDUE,      /* open and past due on the judging day, as 是/否 */
	XC_BOOL,         /* a bool field as 是/否 */
};

struct arrangement_col {
	const char *header;
	enum sheet_kind kind;
	int width;
	enum xcol_src src;
	size_t off;      /* offsetof the field in struct arrangement */
};

#define X(f) offsetof(struct arrangement, f)

/* The arrangement ledger, one line per column.  A new field is one more line here. */
static const struct arrangement_col arrangement_cols[] = {
	{"安排编号",           SHEET_INT,  9,  XC_INT,     X(id)},
	{"安排内容",           SHEET_TEXT, 40, XC_STR,     X(text)},
	{"责任单位",           SHEET_TEXT, 20, XC_STR,     X(unit_name)},
	{"来源",               SHEET_TEXT, 28, XC_SOURCE,  0},
	{"作出日期",           SHEET_DATE, 12, XC_STR,     X(made_on)},
	{"时限（工作日）",     SHEET_INT,  10, XC_DAYS,    0},
	{"到期日",             SHEET_DATE, 12, XC_STR,     X(due_on)},
	{"到期日为估算",       SHEET_TEXT, 8,  XC_BOOL,    X(due_fallback)},
	{"状态",               SHEET_TEXT, 8,  XC_STATUS,  0},
	{"完成日期",           SHEET_DATE, 12, XC_STR,     X(done_on)},
	{"结果",               SHEET_TEXT, 30, XC_STR,     X(result)},
	{"是否超期",           SHEET_TEXT, 8,  XC_OVERDUE, 0},
	{"取消或重开原因",     SHEET_TEXT, 24, XC_STR,     X(reason)},
};
enum { NCOLS = sizeof(arrangement_cols) / sizeof(arrangement_cols[0]) };

/* Sheet 0 has every row; 进行中 the open ones, 已超期 those of them past due; then done and
 * cancelled. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_DONE, V_CANCELLED, V__MAX };
static const char *const views[V__MAX] = {"具体安排台账", "进行中", "已超期", "已完成", "已取消"};

enum { EXPORT_PAGE = 1000 };

static unsigned views_of(const struct arrangement *x, bool overdue)
{
	switch (x->status) {
	case ARRANGEMENT_OPEN:
		return 1u << V_OPEN | (overdue ? 1u << V_OVERDUE : 0);
	case ARRANGEMENT_DONE:
		return 1u << V_DONE;
	default:
		return 1u << V_CANCELLED;
	}
}

static void arrangement_cells(const struct arrangement *x, bool overdue, struct arena *a,
			      struct sheet_cell *cells)
{
	const char *base = (const char *)x;

	for (size_t i = 0; i < NCOLS; i++) {
		const struct arrangement_col *c = &arrangement_cols[i];
		struct sheet_cell *cell = &cells[i];

		memset(cell, 0, sizeof(*cell));
		switch (c->src) {
		case XC_STR:
			memcpy(&cell->text, base + c->off, sizeof(cell->text));
			break;
		case XC_INT:
			memcpy(&cell->num, base + c->off, sizeof(cell->num));
			break;
		case XC_DAYS:
			cell->num = x->deadline_days;
			cell->null = x->deadline_days == 0;
			break;
		case XC_BOOL:
			cell->text = *(const bool *)(base + c->off) ? "是" : "否";
			break;
		case XC_SOURCE: {
			const char *rt = x->roundtable_id
				? arena_printf(a, "%s第%lld期", x->series_name ? x->series_name : "",
					       (long long)x->roundtable_number) : NULL;
			const char *ap = x->appeal_id && x->appeal_code
				? arena_printf(a, "诉求 %s", x->appeal_code) : NULL;

			cell->text = rt && ap ? arena_printf(a, "%s；%s", rt, ap) : rt ? rt : ap;
			break;
		}
		case XC_STATUS:
			cell->text = arrangement_status_names[x->status];
			break;
		case XC_OVERDUE:
			cell->text = overdue ? "是" : "否";
			break;
		}
	}
}

static const char *describe(const struct arrangement_query *q, struct arena *a)
{
	const char *parts[8];
	size_t np = 0;

	if (q->status >= 0)
		parts[np++] = arena_printf(a, "状态：%s", arrangement_status_names[q->status]);
	if (q->unit_id)
		parts[np++] = arena_printf(a, "责任单位编号：%lld", (long long)q->unit_id);
	if (q->roundtable_id)
		parts[np++] = arena_printf(a, "观澜会编号：%lld", (long long)q->roundtable_id);
	if (q->appeal_id)
		parts[np++] = arena_printf(a, "诉求编号：%lld", (long long)q->appeal_id);
	if (q->overdue >= 0)
		parts[np++] = arena_printf(a, "是否超期：%s", q->overdue ? "是" : "否");
	if (q->soon_before)
		parts[np++] = arena_printf(a, "即将到期：到期日早于 %s", q->soon_before);
	if (!np)
		parts[np++] = "无（全部安排）";
	return export_join(a, parts, np);
}

enum gl_err export_arrangements(struct store *s, const struct arrangement_query *q,
				const struct export_job *job, int64_t *rows)
{
	struct sheet_col cols[NCOLS];
	struct sheet_cell cells[NCOLS];
	struct sheet_writer *w = NULL;
	struct arena a, page_arena;
	struct arrangement_query pq = *q;
	struct arrangement_page page = {0};
	struct calendar cal;
	struct ymd today;
	int64_t n = 0;
	char when[32], day[11];
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++)
		cols[i] = (struct sheet_col){arrangement_cols[i].header, arrangement_cols[i].kind,
					      arrangement_cols[i].width};
	arena_init(&a);
	/* The day judged on: the query's (as_of), else the export day. */
	if (!pq.today || date_parse_iso(pq.today, &today) != 0) {
		today = date_shanghai(job->now);
		pq.today = date_format_iso(today, day, sizeof(day));
	} else {
		snprintf(day, sizeof(day), "%s", pq.today);
	}
	pq.limit = EXPORT_PAGE;
	pq.offset = 0;
	rc = store_calendar_load(s, &a, &cal);
	if (rc == GL_OK)
		rc = sheet_open(job->format, job->path, cols, NCOLS, views, V__MAX, &w);
	while (rc == GL_OK) {
		arena_init(&page_arena);
		rc = store_arrangement_list(s, &pq, &page_arena, &page);
		for (int64_t i = 0; rc == GL_OK && i < page.n; i++) {
			const struct arrangement *x = &page.items[i];
			bool overdue = arrangement_judge(x, &cal, today, ARRANGEMENT_DUE_SOON_DAYS,
							 NULL) == ARRANGEMENT_OVERDUE;

			arrangement_cells(x, overdue, &page_arena, cells);
			rc = sheet_row(w, views_of(x, overdue), cells);
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
			{"导出内容", "具体安排台账：第一张表为全部安排，其后分表：进行中，已超期（进行中且已过"
				     "到期日），已完成，已取消"},
			{"导出时间", date_format_timestamp(job->now, when, sizeof(when))},
			{"导出人", job->who ? job->who : "命令行（全部数据）"},
			{"筛选条件", describe(q, &a)},
			{"数据范围", q->scope && (q->scope->enterprise_id || q->scope->restricted)
					 ? "导出人权限范围内的安排" : "全部安排"},
			{"安排数", arena_printf(&a, "%lld", (long long)n)},
			{"到期日口径", "作出日期后第N个工作日（N为时限），或直接给定的到期日；按法定节假日和"
				       "调休安排，当年安排未载入时按周一至周五估算"},
			{"超期口径", arena_printf(&a, "进行中，且判断日（%s）已过到期日", day)},
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
