/* test_money.c - unit tests for the money rules: thresholds, land, funds in place, phase and
 * chain links, the phase rollup and chain attribution without double counting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/money.h"
#include "domain/project.h"
#include "domain/verr.h"

static const char *code_of(const struct verrors *v, const char *field)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i].field, field) == 0)
			return v->items[i].code;
	return NULL;
}

static void thresholds(void **state)
{
	(void)state;
	assert_false(money_countable(false, 0));
	assert_false(money_countable(true, 499));
	assert_true(money_countable(true, 500));
	assert_false(money_large(true, 4999));
	assert_true(money_large(true, 5000));
	assert_false(money_large(false, 900000));
}

static void land(void **state)
{
	int64_t c = -1;
	char buf[32];

	(void)state;
	assert_int_equal(land_parse("12", &c), 0);
	assert_int_equal(c, 1200);
	assert_int_equal(land_parse("12.5", &c), 0);
	assert_int_equal(c, 1250);
	assert_int_equal(land_parse("0.05", &c), 0);
	assert_int_equal(c, 5);
	assert_int_equal(land_parse("1200.50", &c), 0);
	assert_int_equal(c, 120050);
	const char *bad[] = {"", "-1", "1.", ".5", "1.234", "1e3", "12 ", "abc", "1,000",
			     "99999999999999999999", NULL};
	for (int i = 0; bad[i]; i++) {
		c = 42;
		assert_int_equal(land_parse(bad[i], &c), -1);
		assert_int_equal(c, 42);
	}
	assert_int_equal(land_format(1250, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "12.50");
	land_format(5, buf, sizeof(buf));
	assert_string_equal(buf, "0.05");
	assert_int_equal(land_format(120050, buf, 4), -1);
}

static void money_rules(void **state)
{
	struct verrors v;
	struct project_money m = {.has_fixed_asset = true, .fixed_asset = 1001, .has_foreign = true,
				  .foreign = -1, .has_jobs = true, .jobs = MONEY_MAX_JOBS + 1,
				  .has_land = true, .land_centimu = 0};

	(void)state;
	verr_init(&v);
	assert_int_equal(money_validate(&m, true, 1000, &v), 3);
	assert_string_equal(code_of(&v, "fixed_asset_investment"), "exceeds_total");
	assert_string_equal(code_of(&v, "foreign_investment"), "invalid");
	assert_string_equal(code_of(&v, "jobs"), "too_large");
	/* Equal to the total is fine; an unknown total cannot be exceeded. */
	verr_init(&v);
	m = (struct project_money){.has_fixed_asset = true, .fixed_asset = 1000};
	assert_int_equal(money_validate(&m, true, 1000, &v), 0);
	assert_int_equal(money_validate(&m, false, 0, &v), 0);
	/* And the project's own validation runs them. */
	struct project p = {.name = "示例", .location = "zone", .stage = STAGE_LEAD,
			    .has_investment = true, .total_investment = 10};
	p.money.has_fixed_asset = true;
	p.money.fixed_asset = 11;
	verr_init(&v);
	assert_int_equal(project_validate(&p, &v), 1);
	assert_string_equal(code_of(&v, "fixed_asset_investment"), "exceeds_total");
}

static void funds(void **state)
{
	struct verrors v;
	struct fund_month ok[] = {{"2023-03", 100, NULL}, {"2023-01", 0, "首笔"}};
	struct fund_month bad[] = {
		{"2022-12", 1, NULL},   /* before the month of signing */
		{"2023-13", 1, NULL},   /* no such month */
		{"2023-02", -1, NULL},  /* negative */
		{"2023-02", 1, NULL},   /* repeats items[2] */
		{"2031-01", 1, NULL},   /* after this month */
		{"2023-2", MONEY_MAX_AMOUNT + 1, NULL},
	};

	(void)state;
	verr_init(&v);
	assert_int_equal(funds_validate(ok, 2, "2023-01-28", "2024-06", &v), 0);
	funds_sort(ok, 2);
	assert_string_equal(ok[0].month, "2023-01");
	assert_string_equal(ok[1].month, "2023-03");
	verr_init(&v);
	funds_validate(bad, 6, "2023-01-28", "2024-06", &v);
	assert_string_equal(code_of(&v, "items[0].month"), "before_signing");
	assert_string_equal(code_of(&v, "items[1].month"), "invalid");
	assert_string_equal(code_of(&v, "items[2].amount"), "invalid");
	assert_null(code_of(&v, "items[2].month"));
	assert_string_equal(code_of(&v, "items[3].month"), "duplicate");
	assert_string_equal(code_of(&v, "items[4].month"), "future");
	assert_string_equal(code_of(&v, "items[5].month"), "invalid");
	assert_string_equal(code_of(&v, "items[5].amount"), "too_large");
	assert_int_equal(v.n, 7);
	/* Not signed: no funds, but an empty series is fine. */
	verr_init(&v);
	assert_int_equal(funds_validate(ok, 2, NULL, "2024-06", &v), 1);
	assert_string_equal(code_of(&v, "items"), "not_signed");
	verr_init(&v);
	assert_int_equal(funds_validate(NULL, 0, NULL, "2024-06", &v), 0);
}

static void links(void **state)
{
	struct verrors v;

	(void)state;
	verr_init(&v);
	phase_check(5, 0, 0, 3, &v);        /* no parent: nothing to check */
	phase_check(5, 1, 0, 0, &v);        /* 二期 of a plain project */
	chain_check(5, 1, 0, 0, &v);
	chain_check(0, 1, 0, 0, &v);        /* a new project */
	assert_int_equal(v.n, 0);
	phase_check(5, 2, 1, 0, &v);        /* parent is itself a phase */
	assert_string_equal(code_of(&v, "phase_parent_id"), "nested");
	verr_init(&v);
	phase_check(1, 7, 0, 1, &v);        /* has phases of its own: a cycle would follow */
	assert_string_equal(code_of(&v, "phase_parent_id"), "nested");
	verr_init(&v);
	phase_check(7, 7, 0, 0, &v);
	assert_string_equal(code_of(&v, "phase_parent_id"), "invalid");
	verr_init(&v);
	chain_check(9, 3, 1, 0, &v);        /* the anchor supports another */
	assert_string_equal(code_of(&v, "chain_anchor_id"), "nested");
	verr_init(&v);
	chain_check(1, 9, 0, 6, &v);        /* others support this one */
	assert_string_equal(code_of(&v, "chain_anchor_id"), "nested");
}

/* The example of docs/money-and-chains.md: an anchor in the zone (1000万, signed for 800万)
 * with its 二期 (600万, signed for 500万), supporters in 济阳 (300 + 70) and 商河 (250), and
 * one without an amount in 商河. */
static const struct member chain[] = {
	{1, CHAIN_ANCHOR, "zone", true, true, 1000, 400, true, 800},
	{2, CHAIN_PHASE, "zone", true, true, 600, 100, true, 500},
	{3, CHAIN_SUPPORTING, "370115", false, true, 300, 0, true, 300},
	{4, CHAIN_SUPPORTING, "370126", false, true, 250, 0, false, 0},
	{5, CHAIN_SUPPORTING, "370115", false, true, 70, 0, false, 0},
	{6, CHAIN_SUPPORTING, "370126", false, false, 0, 0, false, 0},
	{3, CHAIN_SUPPORTING, "370115", false, true, 300, 0, true, 300}, /* listed twice: once */
};

static void rollup(void **state)
{
	struct rollup r;

	(void)state;
	phase_rollup(chain, 2, &r);
	assert_int_equal(r.projects, 2);
	assert_int_equal(r.investment, 1600);  /* 一期 1000 + 二期 600, not 1000 + 1000 + 600 */
	assert_int_equal(r.funds, 500);
	assert_int_equal(r.signed_amount, 1300); /* 800 + 500, not 800 + 800 + 500 */
	assert_int_equal(r.nsigned, 2);
	struct member twice[] = {chain[0], chain[1], chain[0]};
	phase_rollup(twice, 3, &r);
	assert_int_equal(r.investment, 1600);
	assert_int_equal(r.signed_amount, 1300);
	assert_int_equal(r.nsigned, 2);
	/* A phase not signed yet adds nothing; with none signed there is no signed figure. */
	struct member unsigned_phase[] = {chain[0], {7, CHAIN_PHASE, "zone", true, true, 900, 0,
						      false, 0}};
	phase_rollup(unsigned_phase, 2, &r);
	assert_int_equal(r.investment, 1900);
	assert_int_equal(r.signed_amount, 800);
	assert_int_equal(r.nsigned, 1);
	phase_rollup(&chain[3], 2, &r);
	assert_int_equal(r.signed_amount, 0);
	assert_int_equal(r.nsigned, 0);
}

static void attribution(void **state)
{
	struct location_total loc[7];
	struct chain_totals t = {.by_location = loc};
	int64_t sum = 0, n = 0;

	(void)state;
	chain_attribute(chain, 7, &t);
	assert_int_equal(t.projects, 6);
	assert_int_equal(t.credited, 2220);
	assert_int_equal(t.zone_projects, 2);
	assert_int_equal(t.counted_in_zone, 1600);
	assert_int_equal(t.nlocations, 3);
	assert_string_equal(loc[0].location, "zone");
	assert_int_equal(loc[0].investment, 1600);
	assert_string_equal(loc[1].location, "370115");
	assert_int_equal(loc[1].projects, 2);
	assert_int_equal(loc[1].investment, 370);
	assert_string_equal(loc[2].location, "370126");
	assert_int_equal(loc[2].projects, 2);
	assert_int_equal(loc[2].investment, 250);
	for (size_t i = 0; i < t.nlocations; i++) {
		sum += loc[i].investment;
		n += loc[i].projects;
	}
	assert_int_equal(sum, t.credited);
	assert_int_equal(n, t.projects);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thresholds),
		cmocka_unit_test(land),
		cmocka_unit_test(money_rules),
		cmocka_unit_test(funds),
		cmocka_unit_test(links),
		cmocka_unit_test(rollup),
		cmocka_unit_test(attribution),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
