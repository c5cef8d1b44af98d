/* stats.c - definitions of the headline figures. */
#include "stats.h"

#include <stdio.h>
#include <string.h>

#include "../util/date.h"

const char *const stats_def_signed_industrial =
	"落在起步区、已签约（有签约日期）的产业类项目个数与总投资，按签约日期计，含其后搁置或终止的项目。"
	" Industrial projects located in the zone that have a signing date, whatever their stage now.";
const char *const stats_def_signed_all =
	"落在起步区的全部已签约项目（产业类与非产业类）个数与总投资，按签约日期计。"
	" All projects located in the zone that have a signing date.";
const char *const stats_def_county_signed =
	"落在协作县区（济阳、商河等，多为产业链招商的配套项目）的已签约项目，计入所在地，不计入起步区合计。"
	" Signed projects located in partner counties (mostly the zone's chain work): counted where located, never added to the zone's totals.";
const char *const stats_def_by_stage =
	"起步区项目按当前阶段分布（个数、总投资）。 Zone projects by current stage.";
const char *const stats_def_by_chain =
	"起步区已签约项目按产业链分布。 Signed zone projects by industry chain.";
const char *const stats_def_by_year =
	"起步区已签约项目按签约年份分布。 Signed zone projects by year of signing.";

const struct stats_measure_def stats_measures[SM__MAX] = {
	[SM_SIGNED] = {"signed", "签约项目",
		"签约项目：签约日期在统计期内的项目（含此后搁置、终止的）；金额为总投资。"
		" Signed: projects whose signing date (the standing ledger event) falls in the period,"
		" including those later put on hold or dropped; amount = total investment."},
	[SM_STARTED] = {"started", "开工项目",
		"开工项目：开工日期在统计期内的项目（含此后搁置、终止的）；金额为总投资。"
		" Started: projects whose construction start date falls in the period; amount ="
		" total investment."},
	[SM_PRODUCTION] = {"production", "投产项目",
		"投产项目：投产日期在统计期内的项目；金额为总投资。"
		" In production: projects whose production date falls in the period; amount ="
		" total investment."},
	[SM_CAPACITY] = {"capacity", "达产项目",
		"达产项目：达产日期在统计期内的项目；金额为总投资。"
		" At capacity: projects whose capacity date falls in the period; amount ="
		" total investment."},
	[SM_FUNDS] = {"funds", "到位资金",
		"到位资金：统计期内各月报告的到位资金之和（万元）；reports 为项目·月报告笔数。"
		" Funds in place: the sum of the funds reported for the months of the period (万元);"
		" reports = number of project-month reports."},
};

const char *const stats_dim_codes[SD__MAX] = {
	[SD_STAGE] = "stage", [SD_CHAIN] = "chain", [SD_CHANNEL] = "channel",
	[SD_LOCATION] = "location", [SD_UNIT] = "unit", [SD_SECTION] = "section",
};

const struct stats_measure_def target_measures[TM__MAX] = {
	[TM_SIGNED_PROJECTS] = {"signed_projects", "签约项目数",
		"年内签约的项目个数（按签约日期）。 Projects signed in the year."},
	[TM_SIGNED_AMOUNT] = {"signed_amount", "签约总投资",
		"年内签约项目的总投资（万元）。 Total investment of the projects signed in the year (万元)."},
	[TM_STARTED] = {"started", "开工项目数",
		"年内开工的项目个数（按开工日期）。 Projects started in the year."},
	[TM_PRODUCTION] = {"production", "投产项目数",
		"年内投产的项目个数（按投产日期）。 Projects in production in the year."},
	[TM_FUNDS] = {"funds", "到位资金",
		"年内各月到位资金之和（万元）。 Funds in place reported for the year's months (万元)."},
};

static int find(const char *code, const char *const *codes, size_t stride, int n)
{
	if (!code)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *c = *(const char *const *)((const char *)codes + (size_t)i * stride);
		if (strcmp(c, code) == 0)
			return i;
	}
	return -1;
}

int stats_measure_parse(const char *code)
{
	return find(code, &stats_measures[0].code, sizeof(stats_measures[0]), SM__MAX);
}

int target_measure_parse(const char *code)
{
	return find(code, &target_measures[0].code, sizeof(target_measures[0]), TM__MAX);
}

int stats_dim_parse(const char *code)
{
	return find(code, stats_dim_codes, sizeof(stats_dim_codes[0]), SD__MAX);
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int stats_span_parse(const char *s, struct stats_span *out)
{
	size_t len = s ? strlen(s) : 0;
	int first, last;

	memset(out, 0, sizeof(*out));
	if (len < 4 || !digits(s, 4))
		return -1;
	out->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (out->year < 1900 || out->year > 2999)
		return -1;
	if (len == 4) {
		out->kind = SP_YEAR;
		first = 1;
		last = 12;
	} else if (len == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		out->kind = SP_QUARTER;
		out->part = s[6] - '0';
		first = 3 * out->part - 2;
		last = 3 * out->part;
	} else if (len == 7 && s[4] == '-' && digits(s + 5, 2)) {
		out->kind = SP_MONTH;
		out->part = (s[5] - '0') * 10 + (s[6] - '0');
		if (out->part < 1 || out->part > 12)
			return -1;
		first = last = out->part;
	} else {
		return -1;
	}
	snprintf(out->from_month, sizeof(out->from_month), "%04d-%02d", out->year, first);
	snprintf(out->to_month, sizeof(out->to_month), "%04d-%02d", out->year, last);
	snprintf(out->from_day, sizeof(out->from_day), "%04d-%02d-01", out->year, first);
	snprintf(out->to_day, sizeof(out->to_day), "%04d-%02d-%02d", out->year, last,
		 date_days_in_month(out->year, last));
	return 0;
}

int64_t target_permille(int64_t actual, int64_t value)
{
	if (value <= 0)
		return -1;
	return (actual * 1000 + value / 2) / value;
}

/* A month YYYY-MM as a count of months; -1 when it is not one. */
static int64_t month_index(const char *m)
{
	if (!m || strlen(m) != 7 || !digits(m, 4) || m[4] != '-' || !digits(m + 5, 2))
		return -1;
	int64_t y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
	int64_t mo = (m[5] - '0') * 10 + (m[6] - '0');
	return mo >= 1 && mo <= 12 ? y * 12 + mo - 1 : -1;
}

/* The number of periods of kind p from month index lo to hi, both inclusive. */
static int64_t periods_between(enum stats_period p, int64_t lo, int64_t hi)
{
	switch (p) {
	case SP_YEAR:
		return hi / 12 - lo / 12 + 1;
	case SP_QUARTER:
		return hi / 3 - lo / 3 + 1;
	case SP_MONTH:
		return hi - lo + 1;
	case SP_NONE:
		break;
	}
	return 1;
}

static int64_t times(int64_t a, int64_t b)
{
	if (a <= 0 || b <= 0)
		return 0;
	return a > INT64_MAX / b ? INT64_MAX : a * b;
}

static void why_add(char *why, size_t size, const char *name, int64_t n)
{
	size_t len;

	if (!why || !size)
		return;
	len = strlen(why);
	if (len < size)
		snprintf(why + len, size - len, "%s%s %lld", len ? " × " : "", name, (long long)n);
}

int64_t stats_estimate_groups(const struct stats_query *q, const struct stats_extent *x,
			      char *why, size_t size)
{
	static const char *const period_names[] = {
		[SP_NONE] = "", [SP_YEAR] = "years", [SP_QUARTER] = "quarters", [SP_MONTH] = "months",
	};
	int64_t first = month_index(x->first), last = month_index(x->last);
	int64_t lo = q->from[0] ? month_index(q->from) : first;
	int64_t hi = q->to[0] ? month_index(q->to) : last;
	int64_t n;

	if (why && size)
		why[0] = '\0';
	if (first < 0 || last < 0)
		return 0;
	if (lo < first)
		lo = first;
	if (hi < 0 || hi > last)
		hi = last;
	if (lo > hi)
		return 0;
	n = periods_between(q->period, lo, hi);
	if (q->period != SP_NONE)
		why_add(why, size, period_names[q->period], n);
	for (int d = 0; d < SD__MAX; d++) {
		int64_t v;

		if (!(q->dims & (1u << d)))
			continue;
		if (d == SD_STAGE)
			v = STAGE__MAX;
		else if (d == SD_LOCATION)
			v = q->location ? 1 : x->refs[d];
		else if (d == SD_UNIT && q->unit_id)
			v = 1;
		else if (d == SD_UNIT && q->scope && q->scope->restricted)
			v = (int64_t)q->scope->nunits;
		else
			v = x->refs[d] + 1;
		why_add(why, size, stats_dim_codes[d], v);
		n = times(n, v);
	}
	return n;
}
