/* appeals.c - the appeal ledger (诉求台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* Where a column's cell comes from. */
enum acol_src {
	AC_STR,          /* a const char * field, as it is */
	AC_INT,          /* an int64_t field */
	AC_BOOL,         /* a bool field as 是/否 */
	AC_TIME,         /* an ISO instant field as "YYYY-MM-DD HH:MM" (Asia/Shanghai) */
	AC_CHANNEL,      /* the channel's Chinese name */
	AC_STATE,        /* the state's Chinese name */
	AC_CO_UNITS,     /* the co-units' names, joined with 、 */
	AC_RATING,       /* the latest rating's Chinese name */
	AC_OVERDUE,      /* the running deadline passed on the export day, as 是/否 */
	AC_ROUNDTABLE,   /* the session it was raised at: 鹊华观澜会第3期 */
};

struct appeal_col {
	const char *header;
	enum sheet_kind kind;
	int width;
	enum acol_src src;
	size_t off;      /* offsetof the field in struct appeal */
};

#define A(f) offsetof(struct appeal, f)

/* The appeal ledger, one line per column.  A new field is one more line here. */
static const struct appeal_col appeal_cols[] = {
	{"诉求编号",   SHEET_TEXT, 14, AC_STR,        A(code)},
	{"企业名称",   SHEET_TEXT, 30, AC_STR,        A(enterprise_name)},
	{"诉求类别",   SHEET_TEXT, 10, AC_STR,        A(category_name)},
	{"渠道",       SHEET_TEXT, 8,  AC_CHANNEL,    0},
	{"12345工单号", SHEET_TEXT, 18, AC_STR,       A(external_id)},
	{"诉求内容",   SHEET_TEXT, 40, AC_STR,        A(text)},
	{"状态",       SHEET_TEXT, 10, AC_STATE,      0},
	{"主办单位",   SHEET_TEXT, 20, AC_STR,        A(lead_unit_name)},
	{"协办单位",   SHEET_TEXT, 24, AC_CO_UNITS,   0},
	{"提交时间",   SHEET_TEXT, 17, AC_TIME,       A(submitted_at)},
	{"受理时限",   SHEET_DATE, 12, AC_STR,        A(accept_due_on)},
	{"答复时限",   SHEET_DATE, 12, AC_STR,        A(answer_due_on)},
	{"答复时间",   SHEET_TEXT, 17, AC_TIME,       A(answered_at)},
	{"答复内容",   SHEET_TEXT, 40, AC_STR,        A(answer)},
	{"是否超期",   SHEET_TEXT, 8,  AC_OVERDUE,    0},
	{"评价",       SHEET_TEXT, 8,  AC_RATING,     0},
	{"重办次数",   SHEET_INT,  8,  AC_INT,        A(reopen_count)},
	{"督办",       SHEET_TEXT, 6,  AC_BOOL,       A(supervised)},
	{"所属观澜会", SHEET_TEXT, 18, AC_ROUNDTABLE, 0},
};
enum { NCOLS = sizeof(appeal_cols) / sizeof(appeal_cols[0]) };

static const char *const channel_labels[APPEAL_CHANNEL__MAX] = {"现场", "网上", "代办", "12345"};

/* Sheet 0 has every row; 办理中 the open ones, 已超期 those of them past their running
 * deadline; then answered (awaiting or past a rating), closed and declined. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_ANSWERED, V_CLOSED, V_DECLINED, V__MAX };
static const char *const views[V__MAX] = {"诉求台账", "办理中", "已超期", "已答复", "已办结",
					  "不予受理"};

enum { EXPORT_PAGE = 1000 };

static bool overdue_on(const struct appeal *x, const char *day)
{
	const char *running = appeal_running_due(x->state, x->accept_due_on, x->answer_due_on);

	return running && strcmp(running, day) < 0;
}

static unsigned views_of(const struct appeal *x, bool overdue)
{
	if (appeal_open(x->state))
		return 1u << V_OPEN | (overdue ? 1u << V_OVERDUE : 0);
	switch (x->state) {
	case APPEAL_ANSWERED:
	case APPEAL_RATED:
		return 1u << V_ANSWERED;
	case APPEAL_DECLINED:
		return 1u << V_DECLINED;
	default:
		return 1u << V_CLOSED;
	}
}

/* "2023-02-03T09:30:00+08:00" as "2023-02-03 09:30": instants are kept in Asia/Shanghai. */
static const char *minute(struct arena *a, const char *t)
{
	return t && strlen(t) >= 16 ? arena_printf(a, "%.10s %.5s", t, t + 11) : t;
}

static enum gl_err appeal_cells(struct store *s, const struct appeal *x, bool overdue,
				struct arena *a, struct sheet_cell *cells)
{
	const char *base = (const char *)x;
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++) {
		const struct appeal_col *c = &appeal_cols[i];
		struct sheet_cell *cell = &cells[i];
		const char *t = NULL;

		memset(cell, 0, sizeof(*cell));
		switch (c->src) {
		case AC_STR:
			memcpy(&cell->text, base + c->off, sizeof(cell->text));
			break;
		case AC_INT:
			memcpy(&cell->num, base + c->off, sizeof(cell->num));
			break;
		case AC_BOOL:
			cell->text = *(const bool *)(base + c->off) ? "是" : "否";
			break;
		case AC_TIME:
			memcpy(&t, base + c->off, sizeof(t));
			cell->text = minute(a, t);
			break;
		case AC_CHANNEL:
			cell->text = channel_labels[x->channel];
			break;
		case AC_STATE:
			cell->text = appeal_state_labels[x->state];
			break;
		case AC_CO_UNITS: {
			const char *parts[16];
			size_t n = 0;

			for (size_t u = 0; u < x->nunits && n < 16; u++)
				if (!x->units[u].lead)
					parts[n++] = x->units[u].name;
			/* export_join uses "；": co-units read better with 、 */
			char *out = NULL;
			for (size_t k = 0; k < n; k++)
				out = out ? arena_printf(a, "%s、%s", out, parts[k])
					  : arena_strdup(a, parts[k] ? parts[k] : "");
			cell->text = out;
			break;
		}
		case AC_RATING:
			cell->text = x->rating >= 0 && x->rating < APPEAL_RATING__MAX
				? appeal_rating_labels[x->rating] : NULL;
			break;
		case AC_OVERDUE:
			cell->text = overdue ? "是" : "否";
			break;
		case AC_ROUNDTABLE:
			if (x->roundtable_id) {
				const char *series;
				int64_t number;

				rc = store_roundtable_label(s, x->roundtable_id, a, &series, &number);
				if (rc != GL_OK && rc != GL_ENOTFOUND)
					return rc;
				if (rc == GL_OK)
					cell->text = arena_printf(a, "%s第%lld期", series ? series : "",
								  (long long)number);
			}
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

/* The filters of q in words: "状态：submitted,accepted；主办或协办单位：经济发展局". */
static const char *describe(struct store *s, const struct appeal_query *q, struct arena *a)
{
	const char *parts[12];
	size_t np = 0;

	if (q->states_json)
		parts[np++] = arena_printf(a, "状态：%s", q->states_json);
	if (q->unit_id)
		parts[np++] = arena_printf(a, "主办或协办单位：%s", unit_name(s, q->unit_id, a));
	if (q->category)
		parts[np++] = arena_printf(a, "诉求类别：%s", q->category);
	if (q->channel >= 0 && q->channel < APPEAL_CHANNEL__MAX)
		parts[np++] = arena_printf(a, "渠道：%s", channel_labels[q->channel]);
	if (q->enterprise_id)
		parts[np++] = arena_printf(a, "企业编号：%lld", (long long)q->enterprise_id);
	if (q->project_id)
		parts[np++] = arena_printf(a, "项目编号：%lld", (long long)q->project_id);
	if (q->roundtable_id)
		parts[np++] = arena_printf(a, "观澜会编号：%lld", (long long)q->roundtable_id);
	if (q->due_before)
		parts[np++] = arena_printf(a, "时限早于：%s（已超期）", q->due_before);
	if (q->due_from && q->due_to)
		parts[np++] = arena_printf(a, "时限在 %s 至 %s（即将到期）", q->due_from, q->due_to);
	if (q->supervised >= 0)
		parts[np++] = arena_printf(a, "督办：%s", q->supervised ? "是" : "否");
	if (q->from)
		parts[np++] = arena_printf(a, "提交不早于：%s", q->from);
	if (q->to)
		parts[np++] = arena_printf(a, "提交早于：%s", q->to);
	if (!np)
		parts[np++] = "无（全部诉求）";
	return export_join(a, parts, np);
}

enum gl_err export_appeals(struct store *s, const struct appeal_query *q,
			   const struct export_job *job, int64_t *rows)
{
	struct sheet_col cols[NCOLS];
	struct sheet_cell cells[NCOLS];
	struct sheet_writer *w = NULL;
	struct arena a, page_arena;
	struct appeal_query pq = *q;
	struct appeal_page page = {0};
	int64_t n = 0;
	char when[32], day[11];
	enum gl_err rc;

	for (size_t i = 0; i < NCOLS; i++)
		cols[i] = (struct sheet_col){appeal_cols[i].header, appeal_cols[i].kind,
					      appeal_cols[i].width};
	arena_init(&a);
	date_format_iso(date_shanghai(job->now), day, sizeof(day));
	pq.limit = EXPORT_PAGE;
	pq.offset = 0;
	rc = sheet_open(job->format, job->path, cols, NCOLS, views, V__MAX, &w);
	while (rc == GL_OK) {
		arena_init(&page_arena);
		rc = store_appeal_list(s, &pq, &page_arena, &page);
		for (int64_t i = 0; rc == GL_OK && i < page.n; i++) {
			const struct appeal *x = &page.items[i];
			bool overdue = overdue_on(x, day);

			rc = appeal_cells(s, x, overdue, &page_arena, cells);
			if (rc == GL_OK)
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
			{"导出内容", "诉求台账：第一张表为全部诉求，其后分表：办理中（已提交、已受理、已交办、"
				     "办理中），已超期（办理中且已过当前时限），已答复（待评价），已办结，"
				     "不予受理"},
			{"导出时间", date_format_timestamp(job->now, when, sizeof(when))},
			{"导出人", job->who ? job->who : "命令行（全部数据）"},
			{"筛选条件", describe(s, q, &a)},
			{"数据范围", q->scope && (q->scope->enterprise_id || q->scope->restricted)
					 ? "导出人权限范围内的诉求" : "全部诉求"},
			{"诉求数", arena_printf(&a, "%lld", (long long)n)},
			{"时限口径", "受理时限为提交日后第N个工作日，答复时限为受理日后按复杂程度计的第N个"
				     "工作日（含批准的延期），均截至当日24时；按法定节假日和调休安排"},
			{"超期口径", arena_printf(&a, "尚未答复（或尚未受理），且导出日（%s）已过当前时限"
						  "（未受理看受理时限，已受理看答复时限）", day)},
			{"评价", "最近一次评价；不满意的诉求重新办理，重办次数加一"},
			{"时间口径", "北京时间（Asia/Shanghai）"},
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
