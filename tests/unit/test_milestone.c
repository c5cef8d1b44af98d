/* test_milestone.c - milestone colours (三色预警) on boundary days around 国庆 2023, the
 * checks of a milestone list, the warning settings and follow-ups. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/followup.h"
#include "domain/milestone.h"

static struct ymd ymd(int y, int m, int d)
{
	struct ymd r = { y, m, d };

	return r;
}

/* 2023's 中秋节/国庆节: Fri 09-29 to Fri 10-06 off, Sat 10-07 and Sun 10-08 worked (调休). */
static int64_t holidays[8];
static int64_t workdays[2];
static const int years[] = { 2023 };
static struct calendar cal2023;
static const struct calendar no_calendar = { 0 };

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		holidays[i] = date_to_days(ymd(2023, 9, 29)) + i;
	workdays[0] = date_to_days(ymd(2023, 10, 7));
	workdays[1] = date_to_days(ymd(2023, 10, 8));
	cal2023 = (struct calendar){ holidays, 8, workdays, 2, years, 1 };
	return 0;
}

/* The status of a milestone planned on 2023-10-09 (the Monday after the break), not done. */
static struct milestone_status due_1009(const struct calendar *c, struct ymd today, int window)
{
	struct ymd planned = ymd(2023, 10, 9);

	return milestone_judge(c, &planned, NULL, today, window);
}

static void assert_status(struct milestone_status st, enum milestone_color color, int late,
			  int left)
{
	assert_int_equal(st.color, color);
	assert_int_equal(st.late, late);
	assert_int_equal(st.left, left);
}

/* Working days after today up to 10-09: from 09-25 they are 26, 27, 28, 10-07, 10-08, 10-09. */
static void test_window_across_the_break(void **state)
{
	(void)state;
	assert_status(due_1009(&cal2023, ymd(2023, 9, 25), 5), MC_GREEN, -1, 6);
	assert_status(due_1009(&cal2023, ymd(2023, 9, 26), 5), MC_YELLOW, -1, 5);
	assert_status(due_1009(&cal2023, ymd(2023, 9, 28), 5), MC_YELLOW, -1, 3);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 1), 5), MC_YELLOW, -1, 3);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 7), 5), MC_YELLOW, -1, 2);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 8), 5), MC_YELLOW, -1, 1);
	assert_false(due_1009(&cal2023, ymd(2023, 10, 8), 5).fallback);
}

static void test_planned_day_yellow_next_day_red(void **state)
{
	(void)state;
	assert_status(due_1009(&cal2023, ymd(2023, 10, 9), 5), MC_YELLOW, -1, 0);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 10), 5), MC_RED, 1, -1);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 13), 5), MC_RED, 4, -1);
	/* Sat 10-14 and Sun 10-15 are days off: still 4 working days late on Sunday. */
	assert_status(due_1009(&cal2023, ymd(2023, 10, 15), 5), MC_RED, 4, -1);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 16), 5), MC_RED, 5, -1);
}

/* Without the official schedule 09-26 has nine weekdays to go (27, 28, 29, 10-02..06, 09). */
static void test_weekday_fallback(void **state)
{
	(void)state;
	struct milestone_status st = due_1009(&no_calendar, ymd(2023, 9, 26), 5);

	assert_status(st, MC_GREEN, -1, 9);
	assert_true(st.fallback);
	assert_status(due_1009(&no_calendar, ymd(2023, 9, 29), 5), MC_GREEN, -1, 6);
}

static void test_window_zero_and_wide(void **state)
{
	(void)state;
	/* From Fri 10-06 (a holiday) three working days remain: 10-07, 10-08, 10-09. */
	assert_status(due_1009(&cal2023, ymd(2023, 10, 6), 0), MC_GREEN, -1, 3);
	assert_status(due_1009(&cal2023, ymd(2023, 10, 9), 0), MC_YELLOW, -1, 0);
	assert_status(due_1009(&cal2023, ymd(2023, 9, 25), 6), MC_YELLOW, -1, 6);
}

static void test_done(void **state)
{
	(void)state;
	struct ymd planned = ymd(2023, 10, 9), on_time = ymd(2023, 10, 9), early = ymd(2023, 9, 28),
		   late = ymd(2023, 10, 11), sunday = ymd(2023, 10, 15);
	struct milestone_status st;

	assert_status(milestone_judge(&cal2023, &planned, &on_time, ymd(2023, 10, 9), 5),
		      MC_GREEN, -1, -1);
	assert_status(milestone_judge(&cal2023, &planned, &early, ymd(2024, 1, 1), 5),
		      MC_GREEN, -1, -1);
	st = milestone_judge(&cal2023, &planned, &late, ymd(2023, 12, 1), 5);
	assert_status(st, MC_YELLOW, 2, -1);
	assert_true(st.done);
	/* Done on a day off after the planned day: late, by 0 working days. */
	planned = ymd(2023, 10, 13);
	assert_status(milestone_judge(&cal2023, &planned, &sunday, ymd(2023, 10, 20), 5),
		      MC_YELLOW, 0, -1);
}

/* Asked as of a day before the actual day, the milestone was not done yet. */
static void test_as_of_before_actual(void **state)
{
	(void)state;
	struct ymd planned = ymd(2023, 10, 9), actual = ymd(2023, 10, 11);
	struct milestone_status st;

	st = milestone_judge(&cal2023, &planned, &actual, ymd(2023, 10, 9), 5);
	assert_status(st, MC_YELLOW, -1, 0);
	assert_false(st.done);
	assert_status(milestone_judge(&cal2023, &planned, &actual, ymd(2023, 10, 10), 5),
		      MC_RED, 1, -1);
	assert_status(milestone_judge(&cal2023, &planned, &actual, ymd(2023, 10, 11), 5),
		      MC_YELLOW, 2, -1);
}

static void test_planned_on_a_holiday(void **state)
{
	(void)state;
	struct ymd planned = ymd(2023, 10, 1);

	assert_status(milestone_judge(&cal2023, &planned, NULL, ymd(2023, 10, 1), 5),
		      MC_YELLOW, -1, 0);
	/* Red the day after, though no working day has passed yet. */
	assert_status(milestone_judge(&cal2023, &planned, NULL, ymd(2023, 10, 2), 5),
		      MC_RED, 0, -1);
	assert_status(milestone_judge(&cal2023, &planned, NULL, ymd(2023, 10, 7), 5),
		      MC_RED, 1, -1);
}

static void test_no_planned_day(void **state)
{
	(void)state;
	struct ymd actual = ymd(2023, 10, 9);
	struct milestone_status st = milestone_judge(&cal2023, NULL, &actual, ymd(2023, 10, 10), 5);

	assert_status(st, MC_NONE, -1, -1);
	assert_true(st.done);
	assert_status(milestone_judge(&cal2023, NULL, NULL, ymd(2023, 10, 10), 5), MC_NONE, -1, -1);
	assert_true(MC_RED > MC_YELLOW && MC_YELLOW > MC_GREEN && MC_GREEN > MC_NONE);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(milestone_kind_parse("structure"), MS_STRUCTURE);
	assert_int_equal(milestone_kind_parse("custom"), MS_CUSTOM);
	assert_int_equal(milestone_kind_parse("Signing"), -1);
	assert_string_equal(milestone_kinds[MS_LAND].name, "供地/拿地");
	assert_int_equal(milestone_color_parse("yellow"), MC_YELLOW);
	assert_int_equal(milestone_color_parse("amber"), -1);
}

static void assert_field(const struct verrors *e, const char *field, const char *code)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->items[i].field, field) == 0) {
			assert_string_equal(e->items[i].code, code);
			return;
		}
	fail_msg("no error for %s", field);
}

static void test_validate_list(void **state)
{
	(void)state;
	struct milestone items[] = {
		{ MS_SIGNING, "签约", "2023-03-01", "2023-03-05", NULL },
		{ MS_START, "开工", "2023-02-30", NULL, NULL },
		{ MS_SIGNING, "签约", NULL, NULL, NULL },
		{ MS_CUSTOM, " ", "2023-12-01", NULL, NULL },
		{ MS_CUSTOM, "环评批复", NULL, "2023-10-11", NULL },
	};
	struct verrors e;

	verr_init(&e);
	assert_int_equal(milestones_validate(items, 2, ymd(2023, 10, 10), &e), 1);
	assert_field(&e, "items[1].planned_on", "invalid");
	verr_init(&e);
	assert_int_equal(milestones_validate(items, 5, ymd(2023, 10, 10), &e), 4);
	assert_field(&e, "items[2].kind", "duplicate");
	assert_field(&e, "items[3].name", "required");
	assert_field(&e, "items[4].actual_on", "invalid");
	verr_init(&e);
	assert_int_equal(milestones_validate(items + 4, 1, ymd(2023, 10, 11), &e), 0);
	verr_init(&e);
	assert_int_equal(milestones_validate(NULL, 0, ymd(2023, 10, 11), &e), 0);
}

static void test_settings(void **state)
{
	(void)state;
	struct warning_settings w = { .window = 5 };
	struct verrors e;

	w.stall_days[STAGE_LEAD] = 30;
	w.stall_days[STAGE_ON_HOLD] = 180;
	verr_init(&e);
	assert_int_equal(warning_settings_validate(&w, &e), 0);
	w.window = 61;
	w.stall_days[STAGE_CAPACITY] = 10;
	w.stall_days[STAGE_SIGNED] = -1;
	w.stall_days[STAGE_STARTED] = 3651;
	verr_init(&e);
	assert_int_equal(warning_settings_validate(&w, &e), 4);
	assert_field(&e, "milestone_window_days", "invalid");
	assert_field(&e, "stall_days.capacity", "invalid");
	assert_field(&e, "stall_days.signed", "invalid");
	assert_field(&e, "stall_days.started", "invalid");
	assert_false(stall_stage_configurable(STAGE_DROPPED));
	assert_true(stall_stage_configurable(STAGE_ON_HOLD));
}

static void test_followup(void **state)
{
	(void)state;
	struct followup f = { .on = "2023-05-01", .kind = FU_VISIT, .summary = "走访比亚迪",
			      .next_step = "约谈二期", .next_on = "2023-05-10" };
	struct verrors e;

	verr_init(&e);
	assert_int_equal(followup_validate(&f, ymd(2023, 5, 1), &e), 0);
	f.next_on = "2023-04-30";
	verr_init(&e);
	assert_int_equal(followup_validate(&f, ymd(2023, 5, 1), &e), 1);
	assert_field(&e, "next_on", "invalid");
	f.next_step = NULL;
	f.next_on = "2023-05-10";
	f.summary = "";
	verr_init(&e);
	assert_int_equal(followup_validate(&f, ymd(2023, 4, 30), &e), 3);
	assert_field(&e, "on", "invalid");
	assert_field(&e, "summary", "required");
	assert_field(&e, "next_step", "required");
	assert_int_equal(followup_kind_parse("negotiation"), FU_NEGOTIATION);
	assert_int_equal(followup_kind_parse("email"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_across_the_break),
		cmocka_unit_test(test_planned_day_yellow_next_day_red),
		cmocka_unit_test(test_weekday_fallback),
		cmocka_unit_test(test_window_zero_and_wide),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_as_of_before_actual),
		cmocka_unit_test(test_planned_on_a_holiday),
		cmocka_unit_test(test_no_planned_day),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_validate_list),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_followup),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
