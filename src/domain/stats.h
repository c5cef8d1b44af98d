/* stats.h - the headline figures leaders quote, and what each one counts.
 *
 * Conventions (DOMAIN.md): amounts are exact 万元; signed figures count by signing date;
 * a project counts where it is located, so chain projects that landed in a partner county are
 * reported apart and never added to the zone's own totals.
 */
#ifndef GL_STATS_H
#define GL_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "project.h"

struct stats_figure {
	int64_t count;
	int64_t amount_wan;
};

struct stats_bucket {
	const char *key;   /* chain code, year, ... */
	const char *name;  /* Chinese label */
	struct stats_figure fig;
};

struct stats_summary {
	struct stats_figure signed_industrial;  /* zone, industrial, with a signing date */
	struct stats_figure signed_all;         /* zone, any kind, with a signing date */
	struct stats_figure county_signed;      /* partner counties, chain work, signed */
	struct stats_figure by_stage[STAGE__MAX]; /* zone, current stage */
	struct stats_bucket *by_chain;          /* zone, signed, by industry chain */
	size_t nchain;
	struct stats_bucket *by_year;           /* zone, signed, by signing year */
	size_t nyear;
	int64_t projects;                       /* every project in the registry */
};

/* Definitions shown beside each figure; one source so the API and the docs agree. */
extern const char *const stats_def_signed_industrial;
extern const char *const stats_def_signed_all;
extern const char *const stats_def_county_signed;
extern const char *const stats_def_by_stage;
extern const char *const stats_def_by_chain;
extern const char *const stats_def_by_year;

/* ---- grouped statistics (GET /api/v1/stats) -------------------------------------------- */

/* What is counted.  Each is keyed by a ledger date (or the month funds were reported): a
 * project signed in May 2023 counts as signed in 2023-05 whatever its stage is now. */
enum stats_measure {
	SM_SIGNED,
	SM_STARTED,
	SM_PRODUCTION,
	SM_CAPACITY,
	SM_FUNDS,
	SM__MAX
};

struct stats_measure_def {
	const char *code;        /* as in the API and the rollups */
	const char *name;        /* Chinese label */
	const char *definition;  /* Chinese, then English */
};
extern const struct stats_measure_def stats_measures[SM__MAX];
/* The measure named code, or -1. */
int stats_measure_parse(const char *code);

/* What rows may be grouped by, besides the period. */
enum stats_dim {
	SD_STAGE,     /* current stage */
	SD_CHAIN,
	SD_CHANNEL,
	SD_LOCATION,
	SD_UNIT,      /* responsible unit */
	SD_SECTION,   /* GB/T 4754 section of the industry */
	SD__MAX
};
extern const char *const stats_dim_codes[SD__MAX];
int stats_dim_parse(const char *code);

enum stats_period { SP_NONE, SP_YEAR, SP_QUARTER, SP_MONTH };

struct stats_query {
	unsigned measures;          /* bit (1u << SM_x) per measure wanted */
	enum stats_period period;   /* how to group by time; SP_NONE: not at all */
	unsigned dims;              /* bit (1u << SD_x) per dimension grouped by */
	char from[16], to[16];      /* months YYYY-MM, inclusive; "" = open */
	int industrial;             /* 1 only industrial, 0 only not, -1 both */
	const char *location;       /* NULL = every location */
	int64_t unit_id;            /* 0 = every unit */
	const struct scope *scope;  /* a handler's units; NULL = no restriction */
};

struct stats_key {
	const char *code;  /* NULL when the projects have none (no chain, no unit...) */
	const char *name;
};

struct stats_row {
	const char *period;                 /* "2023", "2023-Q1", "2023-01"; NULL for SP_NONE */
	struct stats_key key[SD__MAX];      /* only those grouped by are set */
	struct stats_figure v[SM__MAX];     /* only the measures asked for are set */
};

struct stats_result {
	struct stats_row *rows;
	size_t n;
	struct stats_figure total[SM__MAX];
};

/* ---- the size of an answer ---------------------------------------------------------- */

/* The most groups (rows) one /stats answer may have.  A grouping past it is a table no
 * leader reads (20,000 rows is some 400 printed pages), and at 1M projects it is also what
 * misses the 50 ms target: every dimension in one month writes 6.5 MB, the four fine
 * dimensions by year read all of stat_fact (docs/PERFORMANCE.md).  Whoever needs every row
 * takes the ledger export instead.  20,000 keeps every cross table of up to three
 * dimensions over the years the registry holds. */
enum { STATS_MAX_GROUPS = 20000 };

/* What bounds a grouping, read from the reference data and the rollups. */
struct stats_extent {
	int64_t refs[SD__MAX];    /* reference rows per dimension: chains, channels, regions,
				   * units, GB/T 4754 sections; refs[SD_STAGE] is unused (the
				   * stages are STAGE__MAX) */
	char first[16], last[16]; /* first and last month (YYYY-MM) holding any figure of the
				   * measures asked; "" when there is none */
};

/* The most groups q can produce: the number of periods of its range that hold data (1
 * without a period) times each grouped dimension's values, one more for the dimensions a
 * project may lack (chain, channel, unit, section: "（未填）"), one value for a dimension
 * filtered on (location=, unit=), a handler's own units for the unit.  0 when the range
 * holds no data.  Saturates at INT64_MAX.  OUT: why, the factors ("months 20 × stage 8 ×
 * chain 11"), "" without any; may be NULL. */
int64_t stats_estimate_groups(const struct stats_query *q, const struct stats_extent *x,
			      char *why, size_t size);

/* The period parameter of the briefing and the targets: a year "2023", a quarter "2023-Q2" or
 * a month "2023-05".  OUT: the first and last month, and the first and last day (ISO).
 * Returns 0, or -1 when s is none of those. */
struct stats_span {
	char from_month[16], to_month[16];
	char from_day[24], to_day[24];
	int kind; /* SP_YEAR, SP_QUARTER, SP_MONTH */
	int year, part; /* part: quarter 1-4 or month 1-12 */
};
int stats_span_parse(const char *s, struct stats_span *out);

/* ---- targets (目标任务) ------------------------------------------------------------------ */

enum target_measure {
	TM_SIGNED_PROJECTS,  /* projects signed in the year */
	TM_SIGNED_AMOUNT,    /* their total investment, 万元 */
	TM_STARTED,          /* projects started in the year */
	TM_PRODUCTION,       /* projects in production in the year */
	TM_FUNDS,            /* funds in place reported for the year's months, 万元 */
	TM__MAX
};
extern const struct stats_measure_def target_measures[TM__MAX];
int target_measure_parse(const char *code);

struct target {
	int64_t unit_id;        /* 0: the zone as a whole */
	const char *unit_name;
	enum target_measure measure;
	int64_t value;          /* projects or 万元 */
	int64_t actual;
};

/* Progress in tenths of a percent, rounded half up: 556 for 55.6%; -1 when value is 0. */
int64_t target_permille(int64_t actual, int64_t value);

#endif
