/* money.h - a project's money and outcomes, funds in place, phases and chain attribution.
 *
 * Amounts are exact integers: investment, output value and tax in 万元, foreign investment in
 * 万美元, land in hundredths of a 亩 (shown as "12.50").  The thresholds of the statistics
 * conventions (DOMAIN.md) live here and nowhere else.
 */
#ifndef GL_MONEY_H
#define GL_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verr.h"

/* Fixed-asset investment statistics count projects of total investment >= 500万元 and
 * report those >= 5000万元 apart. */
#define MONEY_COUNTABLE_MIN INT64_C(500)
#define MONEY_LARGE_MIN INT64_C(5000)

/* Limits: far beyond any real project, small enough to sum a million without overflow and
 * for JavaScript clients to read exactly. */
#define MONEY_MAX_AMOUNT INT64_C(10000000000)  /* 万元 or 万美元 */
#define MONEY_MAX_JOBS INT64_C(10000000)
#define MONEY_MAX_LAND_CENTIMU INT64_C(100000000) /* 100万亩 */
enum { FUNDS_MAX_MONTHS = 600, FUNDS_NOTE_MAX = 200 };

/* The money and outcome fields of a project; each is absent unless its has_ flag is set. */
struct project_money {
	bool has_fixed_asset, has_foreign, has_land, has_output, has_tax, has_jobs;
	int64_t fixed_asset;    /* 固定资产投资, 万元; never more than the total investment */
	int64_t foreign;        /* 外资, 万美元 */
	int64_t land_centimu;   /* 用地, 1/100 亩 */
	int64_t annual_output;  /* 预计年产值, 万元 */
	int64_t annual_tax;     /* 预计年税收, 万元 */
	int64_t jobs;           /* 就业人数 */
};

/* Range checks, and fixed-asset investment within the total investment when both are known.
 * Returns the number of errors added. */
int money_validate(const struct project_money *m, bool has_total, int64_t total,
		   struct verrors *errs);

/* 计入固定资产投资统计 (>= 500万元) and 5000万元以上 (>= 5000万元); false when unknown. */
bool money_countable(bool has_total, int64_t total);
bool money_large(bool has_total, int64_t total);

/* Land as written: "12", "12.5", "12.50" (at most two decimals, no sign, no exponent).
 * Returns 0 and *centimu, or -1. */
int land_parse(const char *s, int64_t *centimu);
/* Always two decimals: 1250 -> "12.50".  Returns the length or -1 when buf is too small. */
int land_format(int64_t centimu, char *buf, size_t size);

/* ---- funds in place (到位资金) ------------------------------------------------------- */

struct fund_month {
	const char *month;  /* "YYYY-MM" */
	int64_t amount;     /* 万元 received that month */
	const char *note;
};

/* A month series as a client sends it, to replace the stored one.  Each problem is named by
 * index ("items[2].month").  Rules: months well formed and distinct; not before the month of
 * signing (funds come in for a signed project, so a project without signed_on takes none);
 * not after this_month (they are actuals, not plans); amounts 0..MONEY_MAX_AMOUNT; notes at
 * most FUNDS_NOTE_MAX characters; at most FUNDS_MAX_MONTHS months. */
int funds_validate(const struct fund_month *items, size_t n, const char *signed_on,
		   const char *this_month, struct verrors *errs);

/* Sort by month (ascending) in place. */
void funds_sort(struct fund_month *items, size_t n);

/* ---- phases (一期/二期) and chains -------------------------------------------------- */

/* One level only.  A project's phase parent must not itself be a phase (parent_parent != 0),
 * and a project that already has phases cannot become a phase: together they rule out cycles.
 * Chains likewise: an anchor is not itself a supporting project, and a project that others
 * support cannot support another.  The counts and ids come from the store. */
void phase_check(int64_t id, int64_t parent_id, int64_t parent_parent_id, int64_t nphases,
		 struct verrors *errs);
void chain_check(int64_t id, int64_t anchor_id, int64_t anchor_anchor_id, int64_t nsupporters,
		 struct verrors *errs);

/* One project of a phase family or a chain, as the rollups need it. */
enum chain_role { CHAIN_ANCHOR, CHAIN_SUPPORTING, CHAIN_PHASE, CHAIN_ROLE__MAX };
extern const char *const chain_role_names[CHAIN_ROLE__MAX];

struct member {
	int64_t id;
	enum chain_role role;
	const char *location;   /* "zone" or GB/T 2260 */
	bool in_zone;           /* located in the zone (ref_region kind 'zone') */
	bool has_investment;
	int64_t investment;     /* total investment, 万元 */
	int64_t funds;          /* funds in place to date, 万元 */
	bool has_signed_amount;
	int64_t signed_amount;  /* 签约金额, 万元 */
};

/* Phases roll up to their parent: the parent's total_investment (and signed_amount) is phase
 * 1's own figure, not the whole project's, so the whole is the sum of the parent and each
 * phase, each once. */
struct rollup {
	int64_t projects;
	int64_t investment;   /* 万元, over members with a known investment */
	int64_t funds;        /* 万元 */
	int64_t signed_amount; /* 万元, over members with a known signed amount */
	int64_t nsigned;      /* members with a signed amount */
};
void phase_rollup(const struct member *m, size_t n, struct rollup *out);

/* Attribution (DOMAIN.md): a project counts where it is located (项目在地); every project of
 * the chain is credited once to the zone's chain work.  So the location totals partition the
 * chain credit: sum(by location) == credited, and counted_in_zone is the zone's location
 * total.  A project listed twice (e.g. both a phase and a supporter) counts once. */
struct location_total {
	const char *location;
	bool in_zone;
	int64_t projects, investment;
};
struct chain_totals {
	int64_t projects, credited;          /* everything in the chain, once */
	int64_t zone_projects, counted_in_zone;
	struct location_total *by_location;  /* caller's buffer of at least n entries */
	size_t nlocations;                   /* the zone first, then by code */
};
void chain_attribute(const struct member *m, size_t n, struct chain_totals *out);

#endif
