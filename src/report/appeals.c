/* appeals.c - the appeal ledger (诉求台账): its columns, its sheets, its notes. */
#include "export.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"

/* The appeal ledger's own columns. */
enum {
	AC_TIME = FIELD_OWN, /* an ISO instant field as "YYYY-MM-DD HH:MM" (Asia/Shanghai) */
	AC_CHANNEL,          /* the channel's Chinese name */
	AC_STATE,            /* the state's Chinese name */
	AC_CO_UNITS,         /* the co-units' names, joined with 、 */
	AC_RATING,           /* the latest rating's Chinese name */
	AC_OVERDUE,          /* the running deadline passed on the export day, as 是/否 */
	AC_ROUNDTABLE,       /* the session it was raised at: 鹊华观澜会第3期 */
};

#define A(f) offsetof(struct appeal, f)

/* The appeal ledger, one line per column.  A new field is one more line here. */
static const struct ledger_col appeal_cols[] = {
	{"诉求编号",   SHEET_TEXT, 14, FIELD_STR,     A(code), 0},
	{"企业名称",   SHEET_TEXT, 30, FIELD_STR,     A(enterprise_name), 0},
	{"诉求类别",   SHEET_TEXT, 10, FIELD_STR,     A(category_name), 0},
	{"渠道",       SHEET_TEXT, 8,  AC_CHANNEL,    0, 0},
	{"12345工单号", SHEET_TEXT, 18, FIELD_STR,    A(external_id), 0},
	{"诉求内容",   SHEET_TEXT, 40, FIELD_STR,     A(text), 0},
	{"状态",       SHEET_TEXT, 10, AC_STATE,      0, 0},
	{"主办单位",   SHEET_TEXT, 20, FIELD_STR,     A(lead_unit_name), 0},
	{"协办单位",   SHEET_TEXT, 24, AC_CO_UNITS,   0, 0},
	{"提交时间",   SHEET_TEXT, 17, AC_TIME,       A(submitted_at), 0},
	{"受理时限",   SHEET_DATE, 12, FIELD_STR,     A(accept_due_on), 0},
	{"答复时限",   SHEET_DATE, 12, FIELD_STR,     A(answer_due_on), 0},
	{"答复时间",   SHEET_TEXT, 17, AC_TIME,       A(answered_at), 0},
	{"答复内容",   SHEET_TEXT, 40, FIELD_STR,     A(answer), 0},
	{"是否超期",   SHEET_TEXT, 8,  AC_OVERDUE,    0, 0},
	{"评价",       SHEET_TEXT, 8,  AC_RATING,     0, 0},
	{"重办次数",   SHEET_INT,  8,  FIELD_INT,     A(reopen_count), 0},
	{"督办",       SHEET_TEXT, 6,  FIELD_BOOL,    A(supervised), 0},
	{"所属观澜会", SHEET_TEXT, 18, AC_ROUNDTABLE, 0, 0},
};
enum { NCOLS = sizeof(appeal_cols) / sizeof(appeal_cols[0]) };

static const char *const channel_labels[APPEAL_CHANNEL__MAX] = {"现场", "网上", "代办", "12345"};

/* Sheet 0 has every row; 办理中 the open ones, 已超期 those of them past their running
 * deadline; then answered (awaiting or past a rating), closed and declined. */
enum { V_ALL, V_OPEN, V_OVERDUE, V_ANSWERED, V_CLOSED, V_DECLINED, V__MAX };
static const char *const views[V__MAX] = {"诉求台账", "办理中", "已超期", "已答复", "已办结",
					  "不予受理"};

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

/* What a page and a row need: the query and the export day. */
struct ctx {
	struct store *s;
	struct appeal_query q;
	char day[11];
};

static enum gl_err page_of(void *vc, int64_t offset, int64_t limit, struct arena *a,
			   const void **items, int64_t *n)
{
	struct ctx *c = vc;
	struct appeal_page page = {0};
	enum gl_err rc;

	c->q.offset = offset;
	c->q.limit = limit;
	rc = store_appeal_list(c->s, &c->q, a, &page);
	*items = page.items;
	*n = rc == GL_OK ? page.n : 0;
	return rc;
}

/* The co-units' names joined with 、 (export_join's "；" is for filters). */
static const char *co_units(const struct appeal *x, struct arena *a)
{
	char *out = NULL;

	for (size_t u = 0; u < x->nunits; u++)
		if (!x->units[u].lead) {
			const char *name = x->units[u].name ? x->units[u].name : "";

			out = out ? arena_printf(a, "%s、%s", out, name) : arena_strdup(a, name);
		}
	return out;
}

static enum gl_err row_of(void *vc, const void *item, struct arena *a, struct sheet_cell *cells,
			  unsigned *in_views)
{
	const struct ctx *c = vc;
	const struct appeal *x = item;
	bool overdue = overdue_on(x, c->day);

	for (size_t i = 0; i < NCOLS; i++) {
		const struct ledger_col *col = &appeal_cols[i];
		struct sheet_cell *cell = &cells[i];
		const char *t = NULL;

		switch (col->src) {
		case AC_TIME:
			memcpy(&t, (const char *)x + col->off, sizeof(t));
			cell->text = minute(a, t);
			break;
		case AC_CHANNEL:
			cell->text = channel_labels[x->channel];
			break;
		case AC_STATE:
			cell->text = appeal_state_labels[x->state];
			break;
		case AC_CO_UNITS:
			cell->text = co_units(x, a);
			break;
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
				enum gl_err rc = store_roundtable_label(c->s, x->roundtable_id, a,
									&series, &number);

				if (rc != GL_OK && rc != GL_ENOTFOUND)
					return rc;
				if (rc == GL_OK)
					cell->text = arena_printf(a, "%s第%lld期", series ? series : "",
								  (long long)number);
			}
			break;
		}
	}
	*in_views = views_of(x, overdue);
	return GL_OK;
}

/* The filters of q in words: "状态：submitted,accepted；主办或协办单位：经济发展局". */
static const char *describe(struct store *s, const struct appeal_query *q, struct arena *a)
{
	const char *parts[12];
	size_t np = 0;

	if (q->states_json)
		parts[np++] = arena_printf(a, "状态：%s", q->states_json);
	if (q->unit_id)
		parts[np++] = arena_printf(a, "主办或协办单位：%s", export_unit_name(s, q->unit_id, a));
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
	static const struct ledger_def ledger = {
		appeal_cols, NCOLS, views, V__MAX, sizeof(struct appeal), page_of, row_of,
	};
	struct ctx c = {.s = s, .q = *q};
	struct arena a;
	enum gl_err rc;

	arena_init(&a);
	date_format_iso(date_shanghai(job->now), c.day, sizeof(c.day));
	const struct sheet_note notes[] = {
		{"时限口径", "受理时限为提交日后第N个工作日，答复时限为受理日后按复杂程度计的第N个"
			     "工作日（含批准的延期），均截至当日24时；按法定节假日和调休安排"},
		{"超期口径", arena_printf(&a, "尚未答复（或尚未受理），且导出日（%s）已过当前时限"
					  "（未受理看受理时限，已受理看答复时限）", c.day)},
		{"评价", "最近一次评价；不满意的诉求重新办理，重办次数加一"},
		{"时间口径", "北京时间（Asia/Shanghai）"},
	};
	const struct ledger_about about = {
		.content = "诉求台账：第一张表为全部诉求，其后分表：办理中（已提交、已受理、已交办、"
			   "办理中），已超期（办理中且已过当前时限），已答复（待评价），已办结，"
			   "不予受理",
		.filters = describe(s, q, &a),
		.noun = "诉求",
		.scoped = q->scope && (q->scope->enterprise_id || q->scope->restricted),
		.notes = notes,
		.nnotes = sizeof(notes) / sizeof(notes[0]),
	};

	rc = ledger_export(&ledger, &c, job, &about, rows);
	arena_release(&a);
	return rc;
}
