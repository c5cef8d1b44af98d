/* rates.c - 响应率, 解决率, 满意率 and the figures beside them; see rates.h. */
#include "rates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const rates_def_response =
	"响应率 = 按时响应（在受理时限当日结束前受理或不予受理）的件数 ÷ 应响应件数"
	"（已响应或受理时限已过的件数）";
const char *const rates_def_resolution =
	"解决率 = 办结且评价为满意或基本满意的件数 ÷ 已受理件数（不含不予受理）";
const char *const rates_def_satisfaction =
	"满意率 = 最近一次评价为满意的件数 ÷ 已评价件数";
const char *const rates_def_satisfaction_weighted =
	"满意率（加权）=（满意件数 + 0.9 × 基本满意件数）÷ 已评价件数";
const char *const rates_def_on_time =
	"按期答复率 = 首次答复在答复时限（含批准的延期）当日结束前的件数 ÷ 应答复件数"
	"（已答复或答复时限已过的件数）";
const char *const rates_def_reopen =
	"重办率 = 因不满意被退回重办过的件数 ÷ 已评价件数";
const char *const rates_def_days =
	"答复用时 = 受理日之后到首次答复日（含）的工作日数；平均值为算术平均，"
	"第90百分位取最近秩（排序后第 ⌈0.9n⌉ 个）";
const char *const rates_def_rank =
	"单位排名依次比较加权满意率、按期答复率、解决率、响应率（高者在前）；"
	"已评价不足5件的单位排在其后；各项相同者名次并列";

static int64_t days_of(struct ymd d)
{
	return date_to_days(d);
}

void rates_judge(const struct calendar *cal, const struct rate_facts *f, struct ymd as_of,
		 struct rate_item *out)
{
	int64_t today = days_of(as_of);

	memset(out, 0, sizeof *out);
	out->days_to_answer = -1;

	/* A deadline is the end of its day: responding on the deadline day is on time, and an
	 * item only becomes due once that day is over. */
	out->response_due = f->has_response || days_of(f->accept_due) < today;
	out->responded_on_time = f->has_response && days_of(f->responded) <= days_of(f->accept_due);
	out->accepted = f->has_response && !f->declined;

	out->answered = out->accepted && f->has_answer;
	out->answer_due = out->answered ||
			  (out->accepted && f->has_answer_due && days_of(f->answer_due) < today);
	out->answered_on_time = out->answered && f->has_answer_due &&
				days_of(f->first_answer) <= days_of(f->answer_due);
	if (out->answered)
		out->days_to_answer = workday_between(cal, f->accepted, f->first_answer,
						      &out->fallback);

	out->rating = out->answered ? f->rating : RATE_NONE;
	out->resolved = f->closed && (out->rating == RATE_SATISFIED || out->rating == RATE_BASIC);
	out->reopened = f->reopened > 0;
}

struct ymd rates_due_before(const struct calendar *cal, struct ymd due, int days)
{
	int64_t d = date_to_days(due);

	for (int i = 0; i < days; i++) {
		do
			d--;
		while (!workday_is(cal, date_from_days(d), NULL));
	}
	return date_from_days(d);
}

/* sign 1 adds the item, -1 takes it back. */
static void acc_item(struct rate_acc *a, const struct rate_item *it, int sign)
{
	a->items += sign;
	a->response_due += sign * (it->response_due);
	a->responded_on_time += sign * (it->responded_on_time);
	a->accepted += sign * (it->accepted);
	a->resolved += sign * (it->resolved);
	if (it->rating != RATE_NONE) {
		a->rated += sign;
		a->satisfied += sign * (it->rating == RATE_SATISFIED);
		a->basic += sign * (it->rating == RATE_BASIC);
		a->unsatisfied += sign * (it->rating == RATE_UNSATISFIED);
		a->reopened += sign * (it->reopened);
	}
	a->answer_due += sign * (it->answer_due);
	a->answered_on_time += sign * (it->answered_on_time);
	if (it->answered && it->days_to_answer >= 0) {
		int d = it->days_to_answer > RATES_DAYS_MAX ? RATES_DAYS_MAX : it->days_to_answer;

		a->answered += sign;
		a->days_sum += sign * it->days_to_answer;
		a->days_hist[d] += sign;
	}
}

void rates_add(struct rate_acc *a, const struct rate_item *it)
{
	acc_item(a, it, 1);
}

void rates_remove(struct rate_acc *a, const struct rate_item *it)
{
	acc_item(a, it, -1);
}

void rates_merge(struct rate_acc *into, const struct rate_acc *from)
{
	into->items += from->items;
	into->response_due += from->response_due;
	into->responded_on_time += from->responded_on_time;
	into->accepted += from->accepted;
	into->resolved += from->resolved;
	into->rated += from->rated;
	into->satisfied += from->satisfied;
	into->basic += from->basic;
	into->unsatisfied += from->unsatisfied;
	into->answer_due += from->answer_due;
	into->answered += from->answered;
	into->answered_on_time += from->answered_on_time;
	into->reopened += from->reopened;
	into->days_sum += from->days_sum;
	for (int d = 0; d <= RATES_DAYS_MAX; d++)
		into->days_hist[d] += from->days_hist[d];
}

void rates_compute(const struct rate_acc *a, struct rates *out)
{
	out->response = (struct ratio){a->responded_on_time, a->response_due};
	out->resolution = (struct ratio){a->resolved, a->accepted};
	out->satisfaction = (struct ratio){a->satisfied, a->rated};
	/* 满意 + 0.9 × 基本满意, kept in integers: tenths on both sides. */
	out->satisfaction_weighted = (struct ratio){10 * a->satisfied + 9 * a->basic, 10 * a->rated};
	out->on_time = (struct ratio){a->answered_on_time, a->answer_due};
	out->reopen = (struct ratio){a->reopened, a->rated};
	out->avg_days = (struct ratio){a->days_sum, a->answered};

	out->p90_days = -1;
	if (a->answered > 0) {
		/* Nearest rank: the ⌈0.9n⌉-th smallest. */
		int64_t rank = (9 * a->answered + 9) / 10, seen = 0;

		for (int d = 0; d <= RATES_DAYS_MAX; d++) {
			seen += a->days_hist[d];
			if (seen >= rank) {
				out->p90_days = d;
				break;
			}
		}
	}
}

int64_t ratio_permille(struct ratio r)
{
	if (r.den <= 0)
		return -1;
	return (2000 * r.num + r.den) / (2 * r.den);
}

char *ratio_percent(struct ratio r, char *buf, size_t size)
{
	int64_t pm = ratio_permille(r);

	if (pm < 0)
		snprintf(buf, size, "—");
	else
		snprintf(buf, size, "%lld.%lld%%", (long long)(pm / 10), (long long)(pm % 10));
	return buf;
}

int ratio_cmp(struct ratio a, struct ratio b)
{
	if (a.den <= 0 || b.den <= 0)
		return (a.den > 0) - (b.den > 0);
	/* Counts stay far below 2^31, so the cross products fit in 64 bits. */
	int64_t l = a.num * b.den, r = b.num * a.den;

	return (l > r) - (l < r);
}

/* <0 when x ranks before y (better), ignoring the tie-break by key. */
static int rank_order(const struct rate_rank *x, const struct rate_rank *y)
{
	bool xe = x->rated >= RATES_RANK_MIN_RATED, ye = y->rated >= RATES_RANK_MIN_RATED;
	int c;

	if (xe != ye)
		return xe ? -1 : 1;
	if ((c = ratio_cmp(y->r.satisfaction_weighted, x->r.satisfaction_weighted)))
		return c;
	if ((c = ratio_cmp(y->r.on_time, x->r.on_time)))
		return c;
	if ((c = ratio_cmp(y->r.resolution, x->r.resolution)))
		return c;
	return ratio_cmp(y->r.response, x->r.response);
}

static int rank_cmp(const void *pa, const void *pb)
{
	const struct rate_rank *x = pa, *y = pb;
	int c = rank_order(x, y);

	if (c)
		return c;
	return (x->key > y->key) - (x->key < y->key);
}

void rates_rank(struct rate_rank *v, size_t n)
{
	qsort(v, n, sizeof *v, rank_cmp);
	for (size_t i = 0; i < n; i++)
		v[i].rank = i > 0 && rank_order(&v[i - 1], &v[i]) == 0 ? v[i - 1].rank : (int)i + 1;
}
