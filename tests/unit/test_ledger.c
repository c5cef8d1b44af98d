/* test_ledger.c - the stage ledger's rules (domain/ledger.c) without a database: each stage's
 * required fields, skipping with and without dates, backward moves (reason, dates cleared),
 * on_hold (dates kept, resume), dropped final, date order, creation events.  Today is fixed
 * at 2024-06-30. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/ledger.h"
#include "domain/project.h"
#include "domain/verr.h"

static const char *const TODAY = "2024-06-30";

static int has(const struct verrors *v, const char *field, const char *code)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->items[i].field, field) == 0 && strcmp(v->items[i].code, code) == 0)
			return 1;
	return 0;
}

static void print_errors(const struct verrors *v)
{
	for (int i = 0; i < v->n; i++)
		print_error("  %s: %s (%s)\n", v->items[i].field, v->items[i].code,
			    v->items[i].message);
}

/* A project at stage with everything 签约 needs. */
static struct project at(enum project_stage stage)
{
	struct project p = {.id = 7, .version = 3, .name = "测试", .stage = stage,
			    .location = "zone", .has_investment = true, .total_investment = 5000,
			    .has_signed_amount = true, .signed_amount = 4000};
	if (stage >= STAGE_SIGNED && stage <= STAGE_CAPACITY)
		p.signed_on = "2023-03-01";
	if (stage >= STAGE_STARTED && stage <= STAGE_CAPACITY)
		p.started_on = "2023-05-01";
	if (stage >= STAGE_PRODUCTION && stage <= STAGE_CAPACITY)
		p.production_on = "2023-09-01";
	if (stage == STAGE_CAPACITY)
		p.capacity_on = "2024-01-10";
	return p;
}

struct outcome {
	enum ledger_result r;
	struct project after;
	struct stage_event ev[LEDGER_MAX_EVENTS];
	int n;
	struct verrors errs;
};

static void plan(struct outcome *o, const struct project *before, const char *last_on,
		 enum project_stage held, const struct stage_move *m)
{
	struct ledger_state st = {.held = held, .last_on = last_on};

	o->after = *before;
	verr_init(&o->errs);
	o->r = ledger_plan(before, &st, m, TODAY, &o->after, o->ev, &o->n, &o->errs);
}

/* ---- what each stage requires ------------------------------------------------------------ */

static void test_signed_lists_every_missing_field(void **state)
{
	(void)state;
	struct project p = {.id = 1, .version = 1, .name = "x", .stage = STAGE_NEGOTIATING};
	struct stage_move m = {.to = STAGE_SIGNED};
	struct outcome o;

	plan(&o, &p, "2024-01-01", STAGE_NEGOTIATING, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "effective_on", "required"));
	assert_true(has(&o.errs, "total_investment", "required"));
	assert_true(has(&o.errs, "location", "required"));
	assert_true(has(&o.errs, "signed_amount", "required"));
	if (o.errs.n != 4)
		print_errors(&o.errs);
	assert_int_equal(o.errs.n, 4);
	assert_int_equal(o.n, 0);
}

static void test_signed_sets_signed_on(void **state)
{
	(void)state;
	struct project p = at(STAGE_NEGOTIATING);
	struct stage_move m = {.to = STAGE_SIGNED, .effective_on = "2024-02-02", .note = "签约仪式"};
	struct outcome o;

	plan(&o, &p, "2024-01-01", STAGE_NEGOTIATING, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_string_equal(o.after.signed_on, "2024-02-02");
	assert_int_equal(o.after.stage, STAGE_SIGNED);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ev[0].from, STAGE_NEGOTIATING);
	assert_int_equal(o.ev[0].to, STAGE_SIGNED);
	assert_false(o.ev[0].skipped);
	assert_string_equal(o.ev[0].note, "签约仪式");
}

static void test_started_production_capacity_need_their_date(void **state)
{
	(void)state;
	static const enum project_stage from[] = {STAGE_SIGNED, STAGE_STARTED, STAGE_PRODUCTION};
	for (int i = 0; i < 3; i++) {
		struct project p = at(from[i]);
		struct stage_move m = {.to = from[i] + 1};
		struct outcome o;

		plan(&o, &p, "2024-01-10", from[i], &m);
		assert_int_equal(o.r, LEDGER_INVALID);
		assert_true(has(&o.errs, "effective_on", "required"));
		assert_int_equal(o.errs.n, 1);

		m.effective_on = "2024-03-03";
		plan(&o, &p, "2024-01-10", from[i], &m);
		assert_int_equal(o.r, LEDGER_OK);
		assert_string_equal(*ledger_stage_date(&o.after, from[i] + 1), "2024-03-03");
	}
}

static void test_filled_fields_satisfy_signed(void **state)
{
	(void)state;
	struct project p = {.id = 1, .version = 1, .name = "x", .stage = STAGE_NEGOTIATING,
			    .location = "zone"};
	struct stage_move m = {.to = STAGE_SIGNED, .effective_on = "2024-02-02"};
	struct ledger_state st = {.held = STAGE_NEGOTIATING, .last_on = "2024-01-01"};
	struct project after = p;
	struct stage_event ev[LEDGER_MAX_EVENTS];
	struct verrors errs;
	int n;

	after.has_investment = true;
	after.total_investment = 100;
	after.has_signed_amount = true;
	after.signed_amount = 80;
	verr_init(&errs);
	assert_int_equal(ledger_plan(&p, &st, &m, TODAY, &after, ev, &n, &errs), LEDGER_OK);
	assert_int_equal(after.signed_amount, 80);
}

/* ---- skipping ------------------------------------------------------------------------- */

static void test_skip_without_dates_lists_each(void **state)
{
	(void)state;
	struct project p = at(STAGE_LEAD);
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-05-01"};
	struct outcome o;

	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "skipped.negotiating", "required"));
	assert_true(has(&o.errs, "skipped.signed", "required"));
	assert_int_equal(o.errs.n, 2);
}

static void test_skip_with_dates_records_each(void **state)
{
	(void)state;
	struct project p = at(STAGE_LEAD);
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-05-01"};
	struct outcome o;

	m.skipped[STAGE_NEGOTIATING] = "2024-02-01";
	m.skipped[STAGE_SIGNED] = "2024-03-01";
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_int_equal(o.n, 3);
	assert_int_equal(o.ev[0].from, STAGE_LEAD);
	assert_int_equal(o.ev[0].to, STAGE_NEGOTIATING);
	assert_string_equal(o.ev[0].effective_on, "2024-02-01");
	assert_true(o.ev[0].skipped);
	assert_int_equal(o.ev[1].from, STAGE_NEGOTIATING);
	assert_int_equal(o.ev[1].to, STAGE_SIGNED);
	assert_string_equal(o.ev[1].effective_on, "2024-03-01");
	assert_true(o.ev[1].skipped);
	assert_int_equal(o.ev[2].from, STAGE_SIGNED);
	assert_int_equal(o.ev[2].to, STAGE_STARTED);
	assert_false(o.ev[2].skipped);
	assert_string_equal(o.after.signed_on, "2024-03-01");
	assert_string_equal(o.after.started_on, "2024-05-01");
}

static void test_skipping_into_signed_checks_signed(void **state)
{
	(void)state;
	struct project p = {.id = 1, .version = 1, .name = "x", .stage = STAGE_NEGOTIATING,
			    .location = "zone"};
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-05-01"};
	struct outcome o;

	m.skipped[STAGE_SIGNED] = "2024-03-01";
	plan(&o, &p, NULL, STAGE_NEGOTIATING, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "total_investment", "required"));
	assert_true(has(&o.errs, "signed_amount", "required"));
	assert_int_equal(o.errs.n, 2);
}

static void test_skip_dates_in_order(void **state)
{
	(void)state;
	struct project p = at(STAGE_LEAD);
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-02-15"};
	struct outcome o;

	m.skipped[STAGE_NEGOTIATING] = "2024-03-01";
	m.skipped[STAGE_SIGNED] = "2024-02-01"; /* before the negotiating date */
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "skipped.signed", "order"));
	assert_true(has(&o.errs, "effective_on", "order")); /* before 2024-03-01 */
}

static void test_skip_date_not_passed_over(void **state)
{
	(void)state;
	struct project p = at(STAGE_SIGNED);
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-02-15"};
	struct outcome o;

	m.skipped[STAGE_NEGOTIATING] = "2024-01-01";
	plan(&o, &p, "2023-03-01", STAGE_SIGNED, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "skipped.negotiating", "not_skipped"));
}

/* ---- dates ---------------------------------------------------------------------------- */

static void test_effective_not_future_not_before_last(void **state)
{
	(void)state;
	struct project p = at(STAGE_LEAD);
	struct stage_move m = {.to = STAGE_NEGOTIATING, .effective_on = "2024-07-01"};
	struct outcome o;

	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "effective_on", "future"));
	m.effective_on = "2023-12-31";
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_true(has(&o.errs, "effective_on", "order"));
	m.effective_on = "2024-01-01"; /* the same day as the last event is fine */
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_OK);
	m.effective_on = TODAY;
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_int_equal(o.r, LEDGER_OK);
	m.effective_on = "2024-02-30";
	plan(&o, &p, "2024-01-01", STAGE_LEAD, &m);
	assert_true(has(&o.errs, "effective_on", "invalid"));
}

/* ---- backward ------------------------------------------------------------------------- */

static void test_backward_needs_reason_and_clears_dates(void **state)
{
	(void)state;
	struct project p = at(STAGE_PRODUCTION);
	struct stage_move m = {.to = STAGE_SIGNED, .effective_on = "2024-02-01"};
	struct outcome o;

	plan(&o, &p, "2023-09-01", STAGE_PRODUCTION, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "reason", "required"));
	assert_int_equal(o.errs.n, 1);

	m.reason = "   ";
	plan(&o, &p, "2023-09-01", STAGE_PRODUCTION, &m);
	assert_true(has(&o.errs, "reason", "required"));

	m.reason = "停工整改";
	plan(&o, &p, "2023-09-01", STAGE_PRODUCTION, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_int_equal(o.after.stage, STAGE_SIGNED);
	assert_string_equal(o.after.signed_on, "2023-03-01"); /* the signing still stands */
	assert_null(o.after.started_on);
	assert_null(o.after.production_on);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ev[0].from, STAGE_PRODUCTION);
	assert_string_equal(o.ev[0].reason, "停工整改");
}

static void test_backward_to_lead_clears_all(void **state)
{
	(void)state;
	struct project p = at(STAGE_CAPACITY);
	struct stage_move m = {.to = STAGE_LEAD, .effective_on = "2024-02-01", .reason = "重新洽谈"};
	struct outcome o;

	plan(&o, &p, "2024-01-10", STAGE_CAPACITY, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_null(o.after.signed_on);
	assert_null(o.after.started_on);
	assert_null(o.after.production_on);
	assert_null(o.after.capacity_on);
}

static void test_backward_refuses_skipped(void **state)
{
	(void)state;
	struct project p = at(STAGE_STARTED);
	struct stage_move m = {.to = STAGE_NEGOTIATING, .effective_on = "2024-02-01",
			       .reason = "x"};
	struct outcome o;

	m.skipped[STAGE_SIGNED] = "2024-01-01";
	plan(&o, &p, "2023-05-01", STAGE_STARTED, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "skipped.signed", "not_skipped"));
}

/* ---- on hold, resume, dropped ----------------------------------------------------------- */

static void test_hold_needs_reason_and_keeps_dates(void **state)
{
	(void)state;
	struct project p = at(STAGE_STARTED);
	struct stage_move m = {.to = STAGE_ON_HOLD, .effective_on = "2024-02-01"};
	struct outcome o;

	plan(&o, &p, "2023-05-01", STAGE_STARTED, &m);
	assert_int_equal(o.r, LEDGER_INVALID);
	assert_true(has(&o.errs, "reason", "required"));
	m.reason = "资金未到位";
	plan(&o, &p, "2023-05-01", STAGE_STARTED, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_int_equal(o.after.stage, STAGE_ON_HOLD);
	assert_string_equal(o.after.signed_on, "2023-03-01");
	assert_string_equal(o.after.started_on, "2023-05-01");
}

static void test_resume_returns_to_held(void **state)
{
	(void)state;
	struct project p = at(STAGE_STARTED);
	struct stage_move m = {.to = STAGE_STARTED, .effective_on = "2024-03-01"};
	struct outcome o;

	p.stage = STAGE_ON_HOLD;
	assert_int_equal(ledger_classify(&p, &(struct ledger_state){.held = STAGE_STARTED},
					 STAGE_STARTED), LEDGER_RESUME);
	plan(&o, &p, "2024-02-01", STAGE_STARTED, &m);
	assert_int_equal(o.r, LEDGER_OK); /* no reason needed */
	assert_int_equal(o.after.stage, STAGE_STARTED);
	assert_string_equal(o.after.started_on, "2023-05-01"); /* the start still stands */
	assert_int_equal(o.ev[0].from, STAGE_ON_HOLD);

	/* Further on counts from the stage held: production needs no skipped dates. */
	m.to = STAGE_PRODUCTION;
	plan(&o, &p, "2024-02-01", STAGE_STARTED, &m);
	assert_int_equal(o.r, LEDGER_OK);
	assert_string_equal(o.after.production_on, "2024-03-01");
	assert_int_equal(o.n, 1);

	/* Back from the stage held needs a reason and clears the later dates. */
	m.to = STAGE_NEGOTIATING;
	plan(&o, &p, "2024-02-01", STAGE_STARTED, &m);
	assert_true(has(&o.errs, "reason", "required"));
}

static void test_dropped_is_final(void **state)
{
	(void)state;
	struct project p = at(STAGE_SIGNED);
	struct ledger_option opts[STAGE__MAX];
	struct stage_move m = {.to = STAGE_SIGNED, .effective_on = "2024-03-01", .reason = "x"};
	struct outcome o;

	p.stage = STAGE_DROPPED;
	for (int to = 0; to < STAGE__MAX; to++) {
		m.to = (enum project_stage)to;
		plan(&o, &p, "2024-02-01", STAGE_SIGNED, &m);
		assert_int_equal(o.r, LEDGER_ILLEGAL);
	}
	assert_int_equal(ledger_options(&p, &(struct ledger_state){.held = STAGE_SIGNED}, opts), 0);
}

static void test_same_stage_illegal(void **state)
{
	(void)state;
	struct project p = at(STAGE_SIGNED);
	struct stage_move m = {.to = STAGE_SIGNED, .effective_on = "2024-03-01"};
	struct outcome o;

	plan(&o, &p, "2023-03-01", STAGE_SIGNED, &m);
	assert_int_equal(o.r, LEDGER_ILLEGAL);
	p.stage = STAGE_ON_HOLD;
	m.to = STAGE_ON_HOLD;
	m.reason = "x";
	plan(&o, &p, "2023-03-01", STAGE_SIGNED, &m);
	assert_int_equal(o.r, LEDGER_ILLEGAL);
}

/* ---- allowed moves -------------------------------------------------------------------- */

static void test_options_from_negotiating(void **state)
{
	(void)state;
	struct project p = {.id = 1, .version = 1, .name = "x", .stage = STAGE_NEGOTIATING,
			    .location = "zone"};
	struct ledger_option o[STAGE__MAX];
	int n = ledger_options(&p, &(struct ledger_state){.held = STAGE_NEGOTIATING}, o);

	/* lead, signed, started, production, capacity, on_hold, dropped */
	assert_int_equal(n, 7);
	assert_int_equal(o[0].to, STAGE_LEAD);
	assert_int_equal(o[0].kind, LEDGER_BACKWARD);
	assert_int_equal(o[0].nrequires, 2);
	assert_string_equal(o[0].requires[1], "reason");
	assert_int_equal(o[1].to, STAGE_SIGNED);
	assert_int_equal(o[1].kind, LEDGER_FORWARD);
	assert_int_equal(o[1].nrequires, 3);
	assert_string_equal(o[1].requires[0], "effective_on");
	assert_string_equal(o[1].requires[1], "total_investment");
	assert_string_equal(o[1].requires[2], "signed_amount");
	assert_int_equal(o[2].to, STAGE_STARTED);
	assert_int_equal(o[2].nrequires, 4);
	assert_string_equal(o[2].requires[1], "skipped.signed");
	assert_int_equal(o[5].kind, LEDGER_HOLD);
	assert_int_equal(o[6].kind, LEDGER_DROP);
}

/* ---- creation events and the record's own checks ------------------------------------------- */

static void test_creation_events(void **state)
{
	(void)state;
	struct stage_event ev[LEDGER_MAX_EVENTS];
	struct project p = at(STAGE_STARTED);
	int n = ledger_creation_events(&p, TODAY, ev);

	assert_int_equal(n, 2);
	assert_int_equal(ev[0].from, -1);
	assert_int_equal(ev[0].to, STAGE_SIGNED);
	assert_string_equal(ev[0].effective_on, "2023-03-01");
	assert_true(ev[0].skipped);
	assert_int_equal(ev[1].from, STAGE_SIGNED);
	assert_int_equal(ev[1].to, STAGE_STARTED);
	assert_false(ev[1].skipped);

	p = at(STAGE_LEAD);
	n = ledger_creation_events(&p, TODAY, ev);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].from, -1);
	assert_int_equal(ev[0].to, STAGE_LEAD);
	assert_string_equal(ev[0].effective_on, TODAY);

	p = at(STAGE_SIGNED);
	p.stage = STAGE_ON_HOLD;
	n = ledger_creation_events(&p, TODAY, ev);
	assert_int_equal(n, 2);
	assert_int_equal(ev[1].from, STAGE_SIGNED);
	assert_int_equal(ev[1].to, STAGE_ON_HOLD);
}

static void test_check_project(void **state)
{
	(void)state;
	struct project p = at(STAGE_LEAD);
	struct verrors v;

	p.started_on = "2023-01-01";
	verr_init(&v);
	ledger_check_project(&p, &v);
	assert_true(has(&v, "started_on", "stage"));

	p = at(STAGE_CAPACITY);
	p.capacity_on = NULL;
	verr_init(&v);
	ledger_check_project(&p, &v);
	assert_true(has(&v, "capacity_on", "required"));

	p = at(STAGE_STARTED);
	p.started_on = "2023-02-01"; /* before signed_on 2023-03-01 */
	verr_init(&v);
	ledger_check_project(&p, &v);
	assert_true(has(&v, "started_on", "invalid"));

	p = at(STAGE_DROPPED);
	p.started_on = "2023-05-01";
	verr_init(&v);
	ledger_check_project(&p, &v);
	assert_true(has(&v, "signed_on", "required"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signed_lists_every_missing_field),
		cmocka_unit_test(test_signed_sets_signed_on),
		cmocka_unit_test(test_started_production_capacity_need_their_date),
		cmocka_unit_test(test_filled_fields_satisfy_signed),
		cmocka_unit_test(test_skip_without_dates_lists_each),
		cmocka_unit_test(test_skip_with_dates_records_each),
		cmocka_unit_test(test_skipping_into_signed_checks_signed),
		cmocka_unit_test(test_skip_dates_in_order),
		cmocka_unit_test(test_skip_date_not_passed_over),
		cmocka_unit_test(test_effective_not_future_not_before_last),
		cmocka_unit_test(test_backward_needs_reason_and_clears_dates),
		cmocka_unit_test(test_backward_to_lead_clears_all),
		cmocka_unit_test(test_backward_refuses_skipped),
		cmocka_unit_test(test_hold_needs_reason_and_keeps_dates),
		cmocka_unit_test(test_resume_returns_to_held),
		cmocka_unit_test(test_dropped_is_final),
		cmocka_unit_test(test_same_stage_illegal),
		cmocka_unit_test(test_options_from_negotiating),
		cmocka_unit_test(test_creation_events),
		cmocka_unit_test(test_check_project),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
