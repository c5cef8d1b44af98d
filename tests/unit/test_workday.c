/* test_workday.c - working days and deadlines against the official schedule.
 *
 * The calendar is the one migration 005 loads from data/cn-holidays-2023-2026.tsv, read back
 * through store_calendar_load() from an in-memory database.  Every expected date below was
 * worked out by hand from that file and a wall calendar; the comments give the count day by
 * day (W = a working day counted, H = a listed holiday, w = a weekend day made a working day
 * (调休), - = an ordinary weekend day).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/problem.h"
#include "domain/workday.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/date.h"

struct fixture {
	struct store *s;
	struct arena a;
	struct calendar cal;
};

static int setup(void **state)
{
	static struct fixture f;
	int from, to;

	memset(&f, 0, sizeof(f));
	arena_init(&f.a);
	if (store_open(":memory:", &f.s) != GL_OK || store_migrate(f.s, &from, &to) != GL_OK ||
	    store_calendar_load(f.s, &f.a, &f.cal) != GL_OK)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->s);
	arena_release(&f->a);
	return 0;
}

static struct ymd day(const char *iso)
{
	struct ymd d = {0, 0, 0};

	assert_int_equal(date_parse_iso(iso, &d), 0);
	return d;
}

/* n working days after from must be want; *fallback as given. */
static void check_add(const struct calendar *c, const char *from, int n, const char *want,
		      bool want_fallback)
{
	char got[11];
	bool fallback = false;
	struct ymd due = workday_add(c, day(from), n, &fallback);

	date_format_iso(due, got, sizeof(got));
	if (strcmp(got, want) != 0 || fallback != want_fallback)
		fail_msg("%s + %d working days: got %s (fallback %d), want %s (fallback %d)", from,
			 n, got, fallback, want, want_fallback);
}

static void test_coverage(void **state)
{
	struct fixture *f = *state;

	/* The file has 2023-2026 in full, and one day of 2022 (2022-12-31, the start of the
	 * 2023 元旦 break), which does not make 2022 covered. */
	assert_int_equal(f->cal.nyears, 4);
	assert_int_equal(f->cal.years[0], 2023);
	assert_int_equal(f->cal.years[3], 2026);
	assert_true(workday_covers(&f->cal, 2024));
	assert_false(workday_covers(&f->cal, 2022));
	assert_false(workday_covers(&f->cal, 2027));
}

static void test_spring_festival_2023(void **state)
{
	struct fixture *f = *state;

	/* From Fri 2023-01-20: Sat 21 .. Fri 27 H (春节), Sat 28 w, Sun 29 w, Mon 30 W. */
	check_add(&f->cal, "2023-01-20", 1, "2023-01-28", false);
	check_add(&f->cal, "2023-01-20", 2, "2023-01-29", false);
	check_add(&f->cal, "2023-01-20", 3, "2023-01-30", false);
	/* Tue 31 W, Wed Feb 1 W, Thu 2 W, Fri 3 W, Sat 4 -, Sun 5 -, Mon 6 W. */
	check_add(&f->cal, "2023-01-20", 8, "2023-02-06", false);
}

static void test_spring_festival_2024(void **state)
{
	struct fixture *f = *state;

	/* From Fri 2024-02-02: Sat 3 -, Sun 4 w, Mon 5 W. */
	check_add(&f->cal, "2024-02-02", 1, "2024-02-04", false);
	check_add(&f->cal, "2024-02-02", 2, "2024-02-05", false);
	/* From Thu 2024-02-08: Fri 9 W (not in the break), Sat 10 .. Sat 17 H, Sun 18 w,
	 * Mon 19 W. */
	check_add(&f->cal, "2024-02-08", 1, "2024-02-09", false);
	check_add(&f->cal, "2024-02-08", 2, "2024-02-18", false);
	check_add(&f->cal, "2024-02-08", 3, "2024-02-19", false);
}

static void test_spring_festival_2025(void **state)
{
	struct fixture *f = *state;

	/* From Fri 2025-01-24: Sat 25 -, Sun 26 w, Mon 27 W, Tue 28 .. Tue Feb 4 H, Wed 5 W,
	 * Thu 6 W, Fri 7 W, Sat 8 w. */
	check_add(&f->cal, "2025-01-24", 1, "2025-01-26", false);
	check_add(&f->cal, "2025-01-24", 2, "2025-01-27", false);
	check_add(&f->cal, "2025-01-24", 3, "2025-02-05", false);
	check_add(&f->cal, "2025-01-24", 5, "2025-02-07", false);
	check_add(&f->cal, "2025-01-24", 6, "2025-02-08", false);
}

static void test_national_day_2023(void **state)
{
	struct fixture *f = *state;

	/* From Thu 2023-09-28: Fri 29 .. Fri Oct 6 H (中秋节、国庆节), Sat 7 w, Sun 8 w,
	 * Mon 9 W. */
	check_add(&f->cal, "2023-09-28", 1, "2023-10-07", false);
	check_add(&f->cal, "2023-09-28", 2, "2023-10-08", false);
	check_add(&f->cal, "2023-09-28", 3, "2023-10-09", false);
}

static void test_national_day_2024(void **state)
{
	struct fixture *f = *state;

	/* From Fri 2024-09-27: Sat 28 -, Sun 29 w, Mon 30 W, Tue Oct 1 .. Mon 7 H, Tue 8 W,
	 * Wed 9 W, Thu 10 W, Fri 11 W, Sat 12 w. */
	check_add(&f->cal, "2024-09-27", 1, "2024-09-29", false);
	check_add(&f->cal, "2024-09-27", 2, "2024-09-30", false);
	check_add(&f->cal, "2024-09-27", 3, "2024-10-08", false);
	check_add(&f->cal, "2024-09-27", 5, "2024-10-10", false);
	check_add(&f->cal, "2024-09-27", 7, "2024-10-12", false);
	/* 中秋 2024: from Fri 09-13, Sat 14 w, Sun 15 .. Tue 17 H, Wed 18 W. */
	check_add(&f->cal, "2024-09-13", 1, "2024-09-14", false);
	check_add(&f->cal, "2024-09-13", 2, "2024-09-18", false);
}

static void test_national_day_2025(void **state)
{
	struct fixture *f = *state;

	/* From Tue 2025-09-30: Wed Oct 1 .. Wed 8 H, Thu 9 W, Fri 10 W, Sat 11 w, Sun 12 -,
	 * Mon 13 W. */
	check_add(&f->cal, "2025-09-30", 1, "2025-10-09", false);
	check_add(&f->cal, "2025-09-30", 2, "2025-10-10", false);
	check_add(&f->cal, "2025-09-30", 3, "2025-10-11", false);
	check_add(&f->cal, "2025-09-30", 4, "2025-10-13", false);
	/* From Fri 09-26: Sat 27 -, Sun 28 w. */
	check_add(&f->cal, "2025-09-26", 1, "2025-09-28", false);
}

static void test_beyond_coverage(void **state)
{
	struct fixture *f = *state;

	/* From Wed 2026-12-30: Thu 31 W (2026 is covered, no guess yet). */
	check_add(&f->cal, "2026-12-30", 1, "2026-12-31", false);
	/* Fri 2027-01-01 is guessed a working day (2027 is not loaded): flagged. */
	check_add(&f->cal, "2026-12-30", 2, "2027-01-01", true);
	/* Wholly in 2027: Mon-Fri only. From Fri 2027-02-05: Mon 8 .. Fri 12 W. */
	check_add(&f->cal, "2027-02-05", 5, "2027-02-12", true);
	/* From Fri 2022-12-30: Sat 31 is in 2022 (not covered: a guess, a weekend day), then
	 * Sun 2023-01-01 H, Mon 2 H (元旦), Tue 3 W. */
	check_add(&f->cal, "2022-12-30", 1, "2023-01-03", true);
}

static void test_zero_days(void **state)
{
	struct fixture *f = *state;

	/* n = 0 is the day itself, even a holiday, and counts no day, so nothing is guessed. */
	check_add(&f->cal, "2024-02-12", 0, "2024-02-12", false);
	check_add(&f->cal, "2030-06-01", 0, "2030-06-01", false);
	check_add(&f->cal, "2024-02-12", -3, "2024-02-12", false);
}

static void test_workday_is(void **state)
{
	struct fixture *f = *state;
	bool fb = false;

	assert_true(workday_is(&f->cal, day("2023-01-28"), &fb));   /* Sat, 调休 */
	assert_true(workday_is(&f->cal, day("2024-02-04"), &fb));   /* Sun, 调休 */
	assert_true(workday_is(&f->cal, day("2024-02-18"), &fb));   /* Sun, 调休 */
	assert_true(workday_is(&f->cal, day("2024-10-12"), &fb));   /* Sat, 调休 */
	assert_false(workday_is(&f->cal, day("2024-02-12"), &fb));  /* Mon, 春节 */
	assert_false(workday_is(&f->cal, day("2024-02-03"), &fb));  /* Sat */
	assert_true(workday_is(&f->cal, day("2024-02-09"), &fb));   /* Fri, before the break */
	assert_false(fb);
	assert_true(workday_is(&f->cal, day("2027-06-01"), &fb));   /* Tue, guessed */
	assert_true(fb);
}

static void test_workday_between(void **state)
{
	struct fixture *f = *state;
	bool fb = false;

	/* The inverse of the additions above: the due day is exactly n working days on. */
	assert_int_equal(workday_between(&f->cal, day("2023-01-20"), day("2023-01-30"), &fb), 3);
	assert_int_equal(workday_between(&f->cal, day("2024-02-08"), day("2024-02-18"), &fb), 2);
	assert_int_equal(workday_between(&f->cal, day("2024-09-27"), day("2024-10-12"), &fb), 7);
	/* Sat 2024-02-17 (H) is not counted: to it from Thu 02-08 there is only Fri 9. */
	assert_int_equal(workday_between(&f->cal, day("2024-02-08"), day("2024-02-17"), &fb), 1);
	assert_int_equal(workday_between(&f->cal, day("2024-02-08"), day("2024-02-08"), &fb), 0);
	assert_int_equal(workday_between(&f->cal, day("2024-02-19"), day("2024-02-08"), &fb), 0);
	assert_false(fb);
	/* Thu 2026-12-31 W, Fri 2027-01-01 guessed W. */
	assert_int_equal(workday_between(&f->cal, day("2026-12-30"), day("2027-01-01"), &fb), 2);
	assert_true(fb);
}

static void test_problem_due_and_overdue(void **state)
{
	struct fixture *f = *state;
	struct problem p = {.opened_on = "2024-09-27", .deadline_days = 3,
			    .status = PROBLEM_OPEN};
	char buf[11];

	problem_due(&p, &f->cal, buf);
	assert_string_equal(p.due_on, "2024-10-08");
	assert_false(p.due_fallback);
	/* Overdue from the day after due_on, and never once resolved or closed. */
	assert_false(problem_overdue(&p, day("2024-10-08")));
	assert_true(problem_overdue(&p, day("2024-10-09")));
	p.status = PROBLEM_IN_PROGRESS;
	assert_true(problem_overdue(&p, day("2024-10-09")));
	p.status = PROBLEM_RESOLVED;
	assert_false(problem_overdue(&p, day("2024-10-09")));
	p.status = PROBLEM_CLOSED_UNRESOLVED;
	assert_false(problem_overdue(&p, day("2025-01-01")));
}

static void test_problem_transitions(void **state)
{
	char buf[96];

	(void)state;
	assert_true(problem_transition_ok(PROBLEM_OPEN, PROBLEM_IN_PROGRESS));
	assert_true(problem_transition_ok(PROBLEM_OPEN, PROBLEM_RESOLVED));
	assert_true(problem_transition_ok(PROBLEM_IN_PROGRESS, PROBLEM_CLOSED_UNRESOLVED));
	assert_true(problem_transition_ok(PROBLEM_RESOLVED, PROBLEM_OPEN));
	assert_false(problem_transition_ok(PROBLEM_OPEN, PROBLEM_OPEN));
	assert_false(problem_transition_ok(PROBLEM_IN_PROGRESS, PROBLEM_OPEN));
	assert_false(problem_transition_ok(PROBLEM_RESOLVED, PROBLEM_IN_PROGRESS));
	assert_false(problem_transition_ok(PROBLEM_RESOLVED, PROBLEM_CLOSED_UNRESOLVED));
	assert_string_equal(problem_transitions(PROBLEM_OPEN, buf, sizeof(buf)),
			    "in_progress, resolved, closed_unresolved");
	assert_string_equal(problem_transitions(PROBLEM_CLOSED_UNRESOLVED, buf, sizeof(buf)),
			    "open");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_spring_festival_2023),
		cmocka_unit_test(test_spring_festival_2024),
		cmocka_unit_test(test_spring_festival_2025),
		cmocka_unit_test(test_national_day_2023),
		cmocka_unit_test(test_national_day_2024),
		cmocka_unit_test(test_national_day_2025),
		cmocka_unit_test(test_beyond_coverage),
		cmocka_unit_test(test_zero_days),
		cmocka_unit_test(test_workday_is),
		cmocka_unit_test(test_workday_between),
		cmocka_unit_test(test_problem_due_and_overdue),
		cmocka_unit_test(test_problem_transitions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
