/* arrangements.c - the arrangement ledger (具体安排台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* The arrangement ledger's own columns. */
enum {
	XC_DAYS = FIELD_OWN, /* deadline_days, empty when the due day was given instead */
	XC_SOURCE,           /* 鹊华观澜会第N期 and/or the appeal's code */
	XC_STATUS,           /* the status's Chinese name */
	XC_OVERDUE,          /* open and past due on the judging day, as 是/否 */
};

#define X(f) offsetof(struct arrangement, f)

/* The arrangement ledger, one line per column.  A new field is one more line here. */
static const struct ledger_col arrangement_cols[] = {
	{"安排编号",           SHEET_INT,  9,  FIELD_INT,  X(id), 0},
	{"安排内容",           SHEET_TEXT, 40, FIELD_STR,  X(text), 0},
	{"责任单位",           SHEET_TEXT, 20, FIELD_STR,  X(unit_name), 0},
	{"来源",               SHEET_TEXT, 28, XC_SOURCE,  0, 0},
	{"作出日期",           SHEET_DATE, 12, FIELD_STR,  X(made_on), 0},
	{"时限（工作日）",     SHEET_INT,  10, XC_DAYS,    0, 0},
	{"到期日",             SHEET_DATE, 12, FIELD_STR,  X(due_on), 0},
	{"到期日为估算",       SHEET_TEXT, 8,  FIELD_BOOL, X(due_fallback), 0},
	{"状态",               SHEET_TEXT, 8,  XC_STATUS,  0, 0},
	{"完成日期",           SHEET_DATE, 12, FIELD_STR,  X(done_on), 0},
	{"结果",               SHEET_TEXT, 30, FIELD_STR,  X(result), 0},
	{"是否超期",           SHEET_TEXT, 8,  XC_OVERDUE, 0, 0},
	{"取消或重开原因",     SHEET_TEXT, 24, FIELD_STR,  X(reason), 0},
};
enum { NCOLS = sizeof(arrangement_cols) / sizeof(arrangement_cols[0]) };

/* Sheet 0 has every row; 进行中 the open ones, 已超期 those of them past due; then done and
 * cancelled. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_DONE, V_CANCELLED, V__MAX };
static const char *const views[V__MAX] = {"具体安排台账", "进行中", "已超期", "已完成", "已取消"};

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

/* What a page and a row need: the query, the calendar, the day judged on. */
struct ctx {
	struct store *s;
	struct arrangement_query q;
	struct calendar cal;
	struct ymd today;
};

static enum gl_err page_of(void *vc, int64_t offset, int64_t limit, struct arena *a,
			   const void **items, int64_t *n)
{
	struct ctx *c = vc;
	struct arrangement_page page = {0};
	enum gl_err rc;

	c->q.offset = offset;
	c->q.limit = limit;
	rc = store_arrangement_list(c->s, &c->q, a, &page);
	*items = page.items;
	*n = rc == GL_OK ? page.n : 0;
	return rc;
}

static enum gl_err row_of(void *vc, const void *item, struct arena *a, struct sheet_cell *cells,
			  unsigned *in_views)
{
	const struct ctx *c = vc;
	const struct arrangement *x = item;
	bool overdue = arrangement_judge(x, &c->cal, c->today, ARRANGEMENT_DUE_SOON_DAYS, NULL)
		== ARRANGEMENT_OVERDUE;

	for (size_t i = 0; i < NCOLS; i++) {
		struct sheet_cell *cell = &cells[i];

		switch (arrangement_cols[i].src) {
		case XC_DAYS:
			cell->num = x->deadline_days;
			cell->null = x->deadline_days == 0;
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
	*in_views = views_of(x, overdue);
	return GL_OK;
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
	static const struct ledger_def ledger = {
		arrangement_cols, NCOLS, views, V__MAX, sizeof(struct arrangement), page_of, row_of,
	};
	struct ctx c = {.s = s, .q = *q};
	struct arena a;
	char day[11];
	enum gl_err rc;

	arena_init(&a);
	/* The day judged on: the query's (as_of), else the export day. */
	if (!c.q.today || date_parse_iso(c.q.today, &c.today) != 0) {
		c.today = date_shanghai(job->now);
		c.q.today = date_format_iso(c.today, day, sizeof(day));
	} else {
		snprintf(day, sizeof(day), "%s", c.q.today);
	}
	rc = store_calendar_load(s, &a, &c.cal);
	if (rc == GL_OK) {
		const struct sheet_note notes[] = {
			{"到期日口径", "作出日期后第N个工作日（N为时限），或直接给定的到期日；按法定节假日和"
				       "调休安排，当年安排未载入时按周一至周五估算"},
			{"超期口径", arena_printf(&a, "进行中，且判断日（%s）已过到期日", day)},
			{"日期口径", "北京时间（Asia/Shanghai），YYYY-MM-DD"},
		};
		const struct ledger_about about = {
			.content = "具体安排台账：第一张表为全部安排，其后分表：进行中，已超期（进行中且"
				   "已过到期日），已完成，已取消",
			.filters = describe(q, &a),
			.noun = "安排",
			.scoped = q->scope && (q->scope->enterprise_id || q->scope->restricted),
			.notes = notes,
			.nnotes = sizeof(notes) / sizeof(notes[0]),
		};

		rc = ledger_export(&ledger, &c, job, &about, rows);
	}
	arena_release(&a);
	return rc;
}
