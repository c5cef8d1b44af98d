/* rates.h - how well enterprises' appeals are served: 响应率, 解决率, 满意率 and the figures
 * beside them (on time, working days to answer, reopenings), and the ranking of units.
 *
 * Every figure is a sum over items (appeals, or arrangements and project problems, which use
 * the same definitions where they apply), so figures for a unit, a category, a channel or a
 * period are accumulators added together: rollups can keep accumulators per cell and a query
 * merges the cells it needs.  The days-to-answer distribution is a histogram for the same
 * reason: the 90th percentile of a merged group is exact, not an average of percentiles.
 *
 * Rates are exact ratios of integer counts; they become percentages only when shown.  The
 * formulas, stated once for the docs and the API, are the rates_def_* strings below.
 */
#ifndef GL_RATES_H
#define GL_RATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"
#include "workday.h"

enum rate_rating {
	RATE_NONE,
	RATE_SATISFIED,    /* 满意 */
	RATE_BASIC,        /* 基本满意 */
	RATE_UNSATISFIED,  /* 不满意 */
};

/* An item's dates as the ledger of its events gives them.  A field whose has_ flag is false
 * did not happen (yet). */
struct rate_facts {
	struct ymd accept_due;              /* the response deadline */
	bool has_response;                  /* accepted or declined */
	struct ymd responded;
	bool declined;
	bool has_answer_due;                /* set when assigned; includes approved extensions */
	struct ymd answer_due;
	struct ymd accepted;                /* with has_response && !declined */
	bool has_answer;
	struct ymd first_answer;
	enum rate_rating rating;                 /* the latest rating */
	bool closed;
	int reopened;                       /* times 不满意 sent it back */
};

/* What one item contributes to the figures on the day as_of. */
struct rate_item {
	bool response_due;        /* responded, or its response deadline has passed */
	bool responded_on_time;   /* responded by the end of the deadline day */
	bool accepted;            /* responded and not declined */
	bool resolved;            /* closed with 满意 or 基本满意 */
	bool answer_due;          /* answered, or its answer deadline has passed */
	bool answered;
	bool answered_on_time;    /* first answer by the end of the answer deadline day */
	enum rate_rating rating;
	bool reopened;            /* sent back at least once */
	int days_to_answer;       /* working days from acceptance to the first answer; -1 none */
	bool fallback;            /* days counted through a year the calendar does not cover */
};

/* Judge one item on as_of.  cal counts the working days to answer. */
void rates_judge(const struct calendar *cal, const struct rate_facts *f, struct ymd as_of,
		 struct rate_item *out);

/* The deadline that stood before `days` more working days were granted on top of it: the
 * working day d with workday_add(cal, d, days) == due (deadlines fall on working days, so d
 * is unique).  Approved extensions decided after as_of are taken back this way. */
struct ymd rates_due_before(const struct calendar *cal, struct ymd due, int days);

/* Days to answer beyond this share the last bucket (no answer takes a year of working days
 * without being an outlier worth its own bucket). */
#define RATES_DAYS_MAX 250

struct rate_acc {
	int64_t items;
	int64_t response_due, responded_on_time;
	int64_t accepted, resolved;
	int64_t rated, satisfied, basic, unsatisfied;
	int64_t answer_due, answered, answered_on_time;
	int64_t reopened;
	int64_t days_sum;                      /* over answered items */
	int64_t days_hist[RATES_DAYS_MAX + 1]; /* answered items by days to answer */
};

void rates_add(struct rate_acc *a, const struct rate_item *it);
/* Take back what rates_add(a, it) added (a rollup cell whose item changed). */
void rates_remove(struct rate_acc *a, const struct rate_item *it);
void rates_merge(struct rate_acc *into, const struct rate_acc *from);

/* A rate: num / den, den 0 when nothing was due (shown as "—", never as 0% or 100%). */
struct ratio {
	int64_t num, den;
};

struct rates {
	struct ratio response;              /* 响应率 */
	struct ratio resolution;            /* 解决率 */
	struct ratio satisfaction;          /* 满意率 */
	struct ratio satisfaction_weighted; /* 满意率 (加权) */
	struct ratio on_time;               /* 按期办结率 */
	struct ratio reopen;                /* 重办率 */
	struct ratio avg_days;              /* average working days to answer */
	int p90_days;                       /* 90th percentile, nearest rank; -1 when none */
};

void rates_compute(const struct rate_acc *a, struct rates *out);

/* r in tenths of a percent, rounded half up (933 is 93.3%); -1 when r.den is 0. */
int64_t ratio_permille(struct ratio r);
/* "93.3%" or "—" (r.den 0).  Returns buf. */
char *ratio_percent(struct ratio r, char *buf, size_t size);
/* Exact comparison: <0, 0, >0 as a < b.  A ratio with den 0 is below every other. */
int ratio_cmp(struct ratio a, struct ratio b);

/* Units are ranked by weighted satisfaction, then on-time rate, then resolution rate, then
 * response rate (higher first); a unit with fewer than RATES_RANK_MIN_RATED rated items is
 * ranked after every unit that has enough, since two happy enterprises are no record.
 * Equal keys share a rank (1, 2, 2, 4). */
#define RATES_RANK_MIN_RATED 5

struct rate_rank {
	int64_t key;        /* the caller's: a unit id */
	struct rates r;
	int64_t rated;
	int rank;           /* OUT */
};
/* Sort v by the rule above and set each rank. */
void rates_rank(struct rate_rank *v, size_t n);

extern const char *const rates_def_response;
extern const char *const rates_def_resolution;
extern const char *const rates_def_satisfaction;
extern const char *const rates_def_satisfaction_weighted;
extern const char *const rates_def_on_time;
extern const char *const rates_def_reopen;
extern const char *const rates_def_days;
extern const char *const rates_def_rank;

#endif
