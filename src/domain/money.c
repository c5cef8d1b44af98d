/* money.c - rules for a project's money, funds in place, phases and chain attribution. */
#include "money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/date.h"
#include "text.h"

const char *const chain_role_names[CHAIN_ROLE__MAX] = {
	[CHAIN_ANCHOR] = "anchor",
	[CHAIN_SUPPORTING] = "supporting",
	[CHAIN_PHASE] = "phase",
};

static void check_range(struct verrors *errs, const char *field, bool has, int64_t v,
			int64_t max, const char *unit)
{
	if (!has)
		return;
	if (v < 0)
		verr_add(errs, field, "invalid", "must not be negative (%s)", unit);
	else if (v > max)
		verr_add(errs, field, "too_large", "must be at most %lld (%s)", (long long)max, unit);
}

int money_validate(const struct project_money *m, bool has_total, int64_t total,
		   struct verrors *errs)
{
	int before = errs->n + errs->dropped;

	check_range(errs, "fixed_asset_investment", m->has_fixed_asset, m->fixed_asset,
		    MONEY_MAX_AMOUNT, "万元");
	check_range(errs, "foreign_investment", m->has_foreign, m->foreign, MONEY_MAX_AMOUNT,
		    "万美元");
	check_range(errs, "land_mu", m->has_land, m->land_centimu, MONEY_MAX_LAND_CENTIMU,
		    "1/100 亩");
	check_range(errs, "annual_output", m->has_output, m->annual_output, MONEY_MAX_AMOUNT,
		    "万元");
	check_range(errs, "annual_tax", m->has_tax, m->annual_tax, MONEY_MAX_AMOUNT, "万元");
	check_range(errs, "jobs", m->has_jobs, m->jobs, MONEY_MAX_JOBS, "people");
	/* Fixed-asset investment is the part of the total spent on buildings and equipment: more
	 * than the whole is a typing error, not a fact to keep. */
	if (m->has_fixed_asset && has_total && m->fixed_asset >= 0 && total >= 0 &&
	    m->fixed_asset > total)
		verr_add(errs, "fixed_asset_investment", "exceeds_total",
			 "must not exceed total_investment (%lld 万元)", (long long)total);
	return errs->n + errs->dropped - before;
}

bool money_countable(bool has_total, int64_t total)
{
	return has_total && total >= MONEY_COUNTABLE_MIN;
}

bool money_large(bool has_total, int64_t total)
{
	return has_total && total >= MONEY_LARGE_MIN;
}

int land_parse(const char *s, int64_t *centimu)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	const char *c = s;

	if (!s)
		return -1;
	for (; *c >= '0' && *c <= '9'; c++, digits++) {
		if (whole > MONEY_MAX_LAND_CENTIMU)
			return -1;
		whole = whole * 10 + (*c - '0');
	}
	if (!digits)
		return -1;
	if (*c == '.') {
		c++;
		for (; *c >= '0' && *c <= '9'; c++) {
			if (++decimals > 2)
				return -1;
			frac = frac * 10 + (*c - '0');
		}
		if (!decimals)
			return -1;
		if (decimals == 1)
			frac *= 10;
	}
	if (*c)
		return -1;
	*centimu = whole * 100 + frac;
	return 0;
}

int land_format(int64_t centimu, char *buf, size_t size)
{
	int n;

	if (centimu < 0)
		return -1;
	n = snprintf(buf, size, "%lld.%02lld", (long long)(centimu / 100),
		     (long long)(centimu % 100));
	return n < 0 || (size_t)n >= size ? -1 : n;
}

/* ---- funds in place ---------------------------------------------------------------------- */

static bool month_ok(const char *m)
{
	struct ymd d;
	char day[16];

	if (!m || strlen(m) != 7)
		return false;
	snprintf(day, sizeof(day), "%s-01", m);
	return date_parse_iso(day, &d) == 0;
}

int funds_validate(const struct fund_month *items, size_t n, const char *signed_on,
		   const char *this_month, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	char field[48], signed_month[8] = "";

	if (n > FUNDS_MAX_MONTHS) {
		verr_add(errs, "items", "too_many", "at most %d months", FUNDS_MAX_MONTHS);
		return errs->n + errs->dropped - before;
	}
	if (signed_on && strlen(signed_on) >= 7)
		memcpy(signed_month, signed_on, 7), signed_month[7] = '\0';
	if (n && !signed_on)
		verr_add(errs, "items", "not_signed",
			 "the project has no signing date; funds in place start after signing");
	for (size_t i = 0; i < n; i++) {
		const struct fund_month *f = &items[i];

		snprintf(field, sizeof(field), "items[%zu].month", i);
		if (!month_ok(f->month))
			verr_add(errs, field, "invalid", "must be a month as YYYY-MM");
		else if (*signed_month && strcmp(f->month, signed_month) < 0)
			verr_add(errs, field, "before_signing",
				 "must not be before the month of signing (%s)", signed_month);
		else if (this_month && strcmp(f->month, this_month) > 0)
			verr_add(errs, field, "future",
				 "funds in place are actuals: must not be after %s", this_month);
		else
			for (size_t j = 0; j < i; j++)
				if (items[j].month && strcmp(items[j].month, f->month) == 0) {
					verr_add(errs, field, "duplicate", "repeats items[%zu]", j);
					break;
				}
		snprintf(field, sizeof(field), "items[%zu].amount", i);
		if (f->amount < 0)
			verr_add(errs, field, "invalid", "must not be negative (万元)");
		else if (f->amount > MONEY_MAX_AMOUNT)
			verr_add(errs, field, "too_large", "must be at most %lld (万元)",
				 (long long)MONEY_MAX_AMOUNT);
		snprintf(field, sizeof(field), "items[%zu].note", i);
		if (f->note && text_chars(f->note) > FUNDS_NOTE_MAX)
			verr_add(errs, field, "too_long", "must be at most %d characters",
				 FUNDS_NOTE_MAX);
	}
	return errs->n + errs->dropped - before;
}

static int by_month(const void *a, const void *b)
{
	return strcmp(((const struct fund_month *)a)->month, ((const struct fund_month *)b)->month);
}

void funds_sort(struct fund_month *items, size_t n)
{
	if (n > 1)
		qsort(items, n, sizeof(*items), by_month);
}

/* ---- phases and chains ------------------------------------------------------------------- */

void phase_check(int64_t id, int64_t parent_id, int64_t parent_parent_id, int64_t nphases,
		 struct verrors *errs)
{
	if (!parent_id)
		return;
	if (id && parent_id == id)
		verr_add(errs, "phase_parent_id", "invalid", "a project cannot be its own phase");
	else if (parent_parent_id)
		verr_add(errs, "phase_parent_id", "nested",
			 "project %lld is itself a phase of project %lld: name that one (phases are"
			 " one level deep)", (long long)parent_id, (long long)parent_parent_id);
	else if (nphases > 0)
		verr_add(errs, "phase_parent_id", "nested",
			 "this project has %lld phases of its own, so it cannot become a phase",
			 (long long)nphases);
}

void chain_check(int64_t id, int64_t anchor_id, int64_t anchor_anchor_id, int64_t nsupporters,
		 struct verrors *errs)
{
	if (!anchor_id)
		return;
	if (id && anchor_id == id)
		verr_add(errs, "chain_anchor_id", "invalid", "a project cannot support itself");
	else if (anchor_anchor_id)
		verr_add(errs, "chain_anchor_id", "nested",
			 "project %lld itself supports project %lld: name the anchor (chains are one"
			 " level deep)", (long long)anchor_id, (long long)anchor_anchor_id);
	else if (nsupporters > 0)
		verr_add(errs, "chain_anchor_id", "nested",
			 "%lld projects support this one, so it cannot support another",
			 (long long)nsupporters);
}

/* Whether m[i] repeats an earlier member: every project counts once. */
static bool seen_before(const struct member *m, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (m[j].id == m[i].id)
			return true;
	return false;
}

void phase_rollup(const struct member *m, size_t n, struct rollup *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (seen_before(m, i))
			continue;
		out->projects++;
		if (m[i].has_investment)
			out->investment += m[i].investment;
		out->funds += m[i].funds;
		if (m[i].has_signed_amount) {
			out->signed_amount += m[i].signed_amount;
			out->nsigned++;
		}
	}
}

static int by_location(const void *a, const void *b)
{
	const struct location_total *x = a, *y = b;

	if (x->in_zone != y->in_zone)
		return x->in_zone ? -1 : 1;
	return strcmp(x->location ? x->location : "", y->location ? y->location : "");
}

void chain_attribute(const struct member *m, size_t n, struct chain_totals *out)
{
	struct location_total *loc = out->by_location;
	size_t nl = 0;

	out->projects = out->credited = out->zone_projects = out->counted_in_zone = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t amount = m[i].has_investment ? m[i].investment : 0;
		size_t k;

		if (seen_before(m, i))
			continue;
		out->projects++;
		out->credited += amount;
		if (m[i].in_zone) {
			out->zone_projects++;
			out->counted_in_zone += amount;
		}
		for (k = 0; k < nl; k++)
			if (strcmp(loc[k].location ? loc[k].location : "",
				   m[i].location ? m[i].location : "") == 0)
				break;
		if (k == nl) {
			loc[nl++] = (struct location_total){m[i].location, m[i].in_zone, 0, 0};
		}
		loc[k].projects++;
		loc[k].investment += amount;
	}
	if (nl > 1)
		qsort(loc, nl, sizeof(*loc), by_location);
	out->nlocations = nl;
}
