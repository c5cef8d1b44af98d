/* test_rates.c - 响应率, 解决率, 满意率 and the rest on a fixture computed by hand, across the
 * 2023 中秋/国庆 break and its 调休 weekend; merging; the ranking of units. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/rates.h"

/* 2023-09-29 .. 2023-10-06 off, Saturday 10-07 and Sunday 10-08 worked (the official
 * schedule, ../shared/data/cn-holidays-2023-2026.tsv). */
static int64_t holidays[8], workdays[2];
static const int years[] = {2023};
static struct calendar cal = {holidays, 8, workdays, 2, years, 1};

static struct ymd D(const char *iso)
{
	struct ymd d;

	assert_int_equal(date_parse_iso(iso, &d), 0);
	return d;
}

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++)
		holidays[i] = date_to_days(D("2023-09-29")) + i;
	workdays[0] = date_to_days(D("2023-10-07"));
	workdays[1] = date_to_days(D("2023-10-08"));
	return 0;
}

/* One appeal: response deadline, response day ("" none, "-" declined on that day after the
 * dash: "-2023-10-10"), answer deadline (""), first answer (""), rating, closed, reopened. */
static struct rate_facts F(const char *accept_due, const char *responded, const char *answer_due,
			   const char *answered, enum rate_rating rating, bool closed, int reopened)
{
	struct rate_facts f = {0};

	f.accept_due = D(accept_due);
	if (*responded) {
		f.has_response = true;
		f.declined = *responded == '-';
		f.responded = D(responded + f.declined);
		f.accepted = f.responded;
	}
	if (*answer_due) {
		f.has_answer_due = true;
		f.answer_due = D(answer_due);
	}
	if (*answered) {
		f.has_answer = true;
		f.first_answer = D(answered);
	}
	f.rating = rating;
	f.closed = closed;
	f.reopened = reopened;
	return f;
}

/* Eight appeals of one unit, judged on 2023-10-20. */
static void fixture(struct rate_acc *a, struct rate_item items[8])
{
	struct rate_facts f[8] = {
		/* on time both ways across the break: answered after 4 working days
		 * (09-28, 10-07 Sat, 10-08 Sun, 10-09) */
		F("2023-09-27", "2023-09-27", "2023-10-12", "2023-10-09", RATE_SATISFIED, true, 0),
		/* responded a day late; answered on the deadline day, 3 days */
		F("2023-10-09", "2023-10-10", "2023-10-13", "2023-10-13", RATE_BASIC, true, 0),
		/* declined on time */
		F("2023-10-10", "-2023-10-10", "", "", RATE_NONE, false, 0),
		/* never responded, deadline passed */
		F("2023-10-16", "", "", "", RATE_NONE, false, 0),
		/* not yet due */
		F("2023-10-25", "", "", "", RATE_NONE, false, 0),
		/* answered a day late (6 days), 不满意, reopened */
		F("2023-10-11", "2023-10-11", "2023-10-18", "2023-10-19", RATE_UNSATISFIED, false, 1),
		/* accepted, answer overdue */
		F("2023-10-12", "2023-10-12", "2023-10-17", "", RATE_NONE, false, 0),
		/* accepted, answer not yet due */
		F("2023-10-16", "2023-10-16", "2023-11-06", "", RATE_NONE, false, 0),
	};

	memset(a, 0, sizeof *a);
	for (int i = 0; i < 8; i++) {
		rates_judge(&cal, &f[i], D("2023-10-20"), &items[i]);
		rates_add(a, &items[i]);
	}
}

static void judge_each(void **state)
{
	struct rate_acc a;
	struct rate_item it[8];

	(void)state;
	fixture(&a, it);
	assert_int_equal(it[0].days_to_answer, 4);
	assert_true(it[0].responded_on_time && it[0].answered_on_time && it[0].resolved);
	assert_int_equal(it[1].days_to_answer, 3);
	assert_false(it[1].responded_on_time);
	assert_true(it[1].answered_on_time);
	assert_true(it[2].response_due && it[2].responded_on_time);
	assert_false(it[2].accepted || it[2].answer_due);
	assert_true(it[3].response_due);
	assert_false(it[3].responded_on_time);
	assert_false(it[4].response_due);
	assert_int_equal(it[5].days_to_answer, 6);
	assert_false(it[5].answered_on_time || it[5].resolved);
	assert_true(it[5].reopened);
	assert_true(it[6].answer_due);
	assert_false(it[6].answered);
	assert_false(it[7].answer_due);
	for (int i = 0; i < 8; i++)
		assert_false(it[i].fallback);
}

static void figures(void **state)
{
	struct rate_acc a;
	struct rate_item it[8];
	struct rates r;
	char buf[16];

	(void)state;
	fixture(&a, it);
	rates_compute(&a, &r);

	/* 响应率 5 / 7: due 1 2 3 4 6 7 8, on time 1 3 6 7 8 */
	assert_int_equal(r.response.num, 5);
	assert_int_equal(r.response.den, 7);
	assert_string_equal(ratio_percent(r.response, buf, sizeof buf), "71.4%");
	/* 解决率 2 / 5: accepted 1 2 6 7 8, closed satisfied or basic 1 2 */
	assert_int_equal(r.resolution.num, 2);
	assert_int_equal(r.resolution.den, 5);
	assert_string_equal(ratio_percent(r.resolution, buf, sizeof buf), "40.0%");
	/* 满意率 1 / 3; weighted (1 + 0.9) / 3 = 63.3% */
	assert_string_equal(ratio_percent(r.satisfaction, buf, sizeof buf), "33.3%");
	assert_int_equal(r.satisfaction_weighted.num, 19);
	assert_int_equal(r.satisfaction_weighted.den, 30);
	assert_string_equal(ratio_percent(r.satisfaction_weighted, buf, sizeof buf), "63.3%");
	/* on time 2 / 4: due 1 2 6 7 */
	assert_int_equal(r.on_time.num, 2);
	assert_int_equal(r.on_time.den, 4);
	/* reopened 1 of 3 rated */
	assert_int_equal(r.reopen.num, 1);
	assert_int_equal(r.reopen.den, 3);
	/* days 4, 3, 6: average 13 / 3, 90th percentile the 3rd smallest */
	assert_int_equal(r.avg_days.num, 13);
	assert_int_equal(r.avg_days.den, 3);
	assert_int_equal(r.p90_days, 6);
}

static void merge_equals_one_pass(void **state)
{
	struct rate_acc whole, half1 = {0}, half2 = {0};
	struct rate_item it[8];

	(void)state;
	fixture(&whole, it);
	for (int i = 0; i < 8; i++)
		rates_add(i % 2 ? &half1 : &half2, &it[i]);
	rates_merge(&half1, &half2);
	assert_memory_equal(&half1, &whole, sizeof whole);
}

/* A rollup cell whose appeal changed takes the old item back: removing every item but one
 * leaves exactly that one item, and removing it too leaves all zeros. */
static void remove_undoes_add(void **state)
{
	struct rate_acc whole, one = {0}, zero = {0};
	struct rate_item it[8];

	(void)state;
	fixture(&whole, it);
	rates_add(&one, &it[2]);
	for (int i = 0; i < 8; i++)
		if (i != 2)
			rates_remove(&whole, &it[i]);
	assert_memory_equal(&whole, &one, sizeof whole);
	rates_remove(&whole, &it[2]);
	assert_memory_equal(&whole, &zero, sizeof whole);
}

/* Taking back an extension: the deadline before +n working days, across 国庆 2023 and its
 * 调休 weekend (10-07 Sat and 10-08 Sun worked). */
static void due_before_extension(void **state)
{
	char buf[11];

	(void)state;
	/* 09-28 + 1 working day is Saturday 10-07, + 2 Sunday 10-08, + 3 Monday 10-09. */
	assert_string_equal(date_format_iso(rates_due_before(&cal, D("2023-10-07"), 1), buf,
					    sizeof(buf)), "2023-09-28");
	assert_string_equal(date_format_iso(rates_due_before(&cal, D("2023-10-09"), 3), buf,
					    sizeof(buf)), "2023-09-28");
	/* Friday 10-13 - 5: 10-12, 10-11, 10-10, 10-09, Sunday 10-08. */
	assert_string_equal(date_format_iso(rates_due_before(&cal, D("2023-10-13"), 5), buf,
					    sizeof(buf)), "2023-10-08");
	assert_string_equal(date_format_iso(rates_due_before(&cal, D("2023-10-13"), 0), buf,
					    sizeof(buf)), "2023-10-13");
	/* The inverse of workday_add on working days. */
	struct ymd d = workday_add(&cal, D("2023-09-25"), 7, NULL);
	assert_string_equal(date_format_iso(rates_due_before(&cal, d, 7), buf, sizeof(buf)),
			    "2023-09-25");
}

static void empty_is_dash(void **state)
{
	struct rate_acc a = {0};
	struct rates r;
	char buf[16];

	(void)state;
	rates_compute(&a, &r);
	assert_int_equal(ratio_permille(r.response), -1);
	assert_string_equal(ratio_percent(r.satisfaction, buf, sizeof buf), "—");
	assert_int_equal(r.p90_days, -1);
}

static void percentile_and_rounding(void **state)
{
	struct rate_acc a = {0};
	struct rates r;
	char buf[16];

	(void)state;
	/* Ten answers taking 1..10 days: ⌈0.9 × 10⌉ = 9th → 9.  Eleven: ⌈9.9⌉ = 10th → 10. */
	for (int d = 1; d <= 10; d++)
		rates_add(&a, &(struct rate_item){.answered = true, .days_to_answer = d});
	rates_compute(&a, &r);
	assert_int_equal(r.p90_days, 9);
	rates_add(&a, &(struct rate_item){.answered = true, .days_to_answer = 300});
	rates_compute(&a, &r);
	assert_int_equal(r.p90_days, 10);
	assert_int_equal(a.days_hist[RATES_DAYS_MAX], 1);   /* clamped bucket, exact sum */
	assert_int_equal(a.days_sum, 355);

	/* Half up: 2/3 = 66.67% → 66.7%; 1/8 = 12.5% exactly; 1/16 = 6.25% → 6.3%. */
	assert_string_equal(ratio_percent((struct ratio){2, 3}, buf, sizeof buf), "66.7%");
	assert_string_equal(ratio_percent((struct ratio){1, 8}, buf, sizeof buf), "12.5%");
	assert_string_equal(ratio_percent((struct ratio){1, 16}, buf, sizeof buf), "6.3%");
	assert_string_equal(ratio_percent((struct ratio){7, 7}, buf, sizeof buf), "100.0%");
}

static struct rate_rank unit(int64_t key, int sat, int basic, int rated, int ontime, int due)
{
	struct rate_acc a = {0};
	struct rate_rank u = {.key = key};

	a.satisfied = sat;
	a.basic = basic;
	a.rated = rated;
	a.answered_on_time = ontime;
	a.answer_due = due;
	rates_compute(&a, &u.r);
	u.rated = rated;
	return u;
}

static void ranking(void **state)
{
	struct rate_rank v[] = {
		unit(1, 8, 2, 10, 9, 10),   /* weighted 9.8/10 = 98%, on time 90% */
		unit(2, 3, 0, 3, 3, 3),     /* 100% but only 3 rated: after the others */
		unit(3, 9, 1, 10, 7, 10),   /* 99.0% */
		unit(4, 8, 2, 10, 9, 10),   /* same as unit 1: shares its rank */
		unit(5, 5, 0, 10, 10, 10),  /* 50% */
	};

	(void)state;
	rates_rank(v, 5);
	assert_int_equal(v[0].key, 3);
	assert_int_equal(v[0].rank, 1);
	assert_int_equal(v[1].key, 1);
	assert_int_equal(v[1].rank, 2);
	assert_int_equal(v[2].key, 4);
	assert_int_equal(v[2].rank, 2);
	assert_int_equal(v[3].key, 5);
	assert_int_equal(v[3].rank, 4);
	assert_int_equal(v[4].key, 2);
	assert_int_equal(v[4].rank, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(judge_each),
		cmocka_unit_test(figures),
		cmocka_unit_test(merge_equals_one_pass),
		cmocka_unit_test(remove_undoes_add),
		cmocka_unit_test(due_before_extension),
		cmocka_unit_test(empty_is_dash),
		cmocka_unit_test(percentile_and_rounding),
		cmocka_unit_test(ranking),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
