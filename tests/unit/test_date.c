/* test_date.c - unit tests for calendar dates and Asia/Shanghai timestamps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/date.h"

static struct ymd ymd(int y, int m, int d)
{
	struct ymd r = { y, m, d };

	return r;
}

static void assert_ymd(struct ymd got, int y, int m, int d)
{
	assert_int_equal(got.y, y);
	assert_int_equal(got.m, m);
	assert_int_equal(got.d, d);
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2023, 1), 31);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 12), 31);
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

/* Day numbers checked against Python's datetime.date. */
static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_to_days(ymd(1970, 1, 1)), 0);
	assert_int_equal(date_to_days(ymd(1969, 12, 31)), -1);
	assert_int_equal(date_to_days(ymd(2023, 2, 3)), 19391);
	assert_int_equal(date_to_days(ymd(2000, 3, 1)), 11017);
	assert_int_equal(date_to_days(ymd(2024, 2, 29)), 19782);
	assert_int_equal(date_to_days(ymd(1900, 1, 1)), -25567);
	assert_int_equal(date_to_days(ymd(2999, 12, 31)), 376199);
	assert_int_equal(date_to_days(ymd(1, 1, 1)), -719162);
	assert_int_equal(date_to_days(ymd(9999, 12, 31)), 2932896);
	assert_ymd(date_from_days(0), 1970, 1, 1);
	assert_ymd(date_from_days(-1), 1969, 12, 31);
	assert_ymd(date_from_days(19391), 2023, 2, 3);
	assert_ymd(date_from_days(19782), 2024, 2, 29);
	assert_ymd(date_from_days(-25567), 1900, 1, 1);
	assert_ymd(date_from_days(-719162), 1, 1, 1);
	assert_ymd(date_from_days(2932896), 9999, 12, 31);
}

/* Walk every day from 1600 to 3000 by incrementing y/m/d by hand: an independent check of
 * both directions, across four century leap rules (1600, 2000 leap; 1700, 1900, 2100 not). */
static void test_walk_days(void **state)
{
	struct ymd d = { 1600, 1, 1 };
	int64_t n = date_to_days(d);

	(void)state;
	while (d.y < 3000) {
		struct ymd back = date_from_days(n);

		assert_int_equal(date_to_days(d), n);
		assert_ymd(back, d.y, d.m, d.d);
		if (++d.d > date_days_in_month(d.y, d.m)) {
			d.d = 1;
			if (++d.m > 12) {
				d.m = 1;
				d.y++;
			}
		}
		n++;
	}
	/* 1400 years: 1400 * 365 + leap days (350 - 14 centuries + 4 of them divisible by 400). */
	assert_int_equal(n - date_to_days(ymd(1600, 1, 1)), 1400 * 365 + 350 - 14 + 4);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(ymd(1970, 1, 1)), 3);   /* Thursday */
	assert_int_equal(date_weekday(ymd(1969, 12, 31)), 2); /* Wednesday */
	assert_int_equal(date_weekday(ymd(1969, 12, 29)), 0); /* Monday */
	assert_int_equal(date_weekday(ymd(2023, 2, 3)), 4);   /* Friday: 鹊华观澜会 session 1 */
	assert_int_equal(date_weekday(ymd(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(date_weekday(ymd(1900, 1, 1)), 0);   /* Monday */
	assert_int_equal(date_weekday(ymd(2024, 2, 29)), 3);  /* Thursday */
	assert_int_equal(date_weekday(ymd(2023, 2, 5)), 6);   /* Sunday */
	for (int64_t n = -3000; n < 3000; n++) {
		int today = date_weekday(date_from_days(n));

		assert_int_equal(date_weekday(date_from_days(n + 1)), (today + 1) % 7);
	}
}

static void test_parse_valid(void **state)
{
	struct ymd d;

	(void)state;
	assert_int_equal(date_parse_iso("2023-02-03", &d), 0);
	assert_ymd(d, 2023, 2, 3);
	assert_int_equal(date_parse_iso("2024-02-29", &d), 0);
	assert_ymd(d, 2024, 2, 29);
	assert_int_equal(date_parse_iso("2000-02-29", &d), 0);
	assert_int_equal(date_parse_iso("1900-01-01", &d), 0);
	assert_ymd(d, 1900, 1, 1);
	assert_int_equal(date_parse_iso("2999-12-31", &d), 0);
	assert_ymd(d, 2999, 12, 31);
	assert_int_equal(date_parse_iso("2023-04-30", &d), 0);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"", "2023", "2023-02", "2023-2-3", "2023-02-3", "2023-2-03", "23-02-03",
		"2023/02/03", "20230203", "2023-02-03 ", " 2023-02-03", "2023-02-03\n",
		"2023-02-03T09:30:00+08:00", "2023-02-033", "+023-02-03", "2023-02-0a",
		"2023-0x-03", "2023--2-03",
		"2023-02-29", "1900-02-29", "2100-02-29", "2023-04-31", "2023-13-01",
		"2023-00-10", "2023-01-00", "2023-01-32", "1899-12-31", "3000-01-01", "0000-01-01",
		"\xef\xbc\x92" "023-02-03", /* full-width ２ */
		"2023\xe2\x80\x90" "02-03", /* U+2010 hyphen */
	};
	struct ymd d = { 7, 7, 7 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (date_parse_iso(bad[i], &d) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_ymd(d, 7, 7, 7);
	}
}

static void test_parse_every_day(void **state)
{
	char buf[11];
	struct ymd d;

	(void)state;
	for (int64_t n = date_to_days(ymd(1900, 1, 1)); n <= date_to_days(ymd(2999, 12, 31)); n++) {
		struct ymd want = date_from_days(n);

		date_format_iso(want, buf, sizeof(buf));
		assert_int_equal(date_parse_iso(buf, &d), 0);
		assert_ymd(d, want.y, want.m, want.d);
	}
}

static void test_shanghai(void **state)
{
	(void)state;
	/* Midnight in Shanghai is 16:00 UTC the day before. */
	assert_ymd(date_shanghai(0), 1970, 1, 1);
	assert_ymd(date_shanghai(16 * 3600 - 1), 1970, 1, 1);
	assert_ymd(date_shanghai(16 * 3600), 1970, 1, 2);
	assert_ymd(date_shanghai(-1), 1970, 1, 1);
	assert_ymd(date_shanghai(-8 * 3600), 1970, 1, 1);
	assert_ymd(date_shanghai(-8 * 3600 - 1), 1969, 12, 31);
	assert_ymd(date_shanghai(1675387800), 2023, 2, 3);
	assert_ymd(date_shanghai(1675353600 - 1), 2023, 2, 2); /* 2023-02-02T23:59:59+08:00 */
	assert_ymd(date_shanghai(1675353600), 2023, 2, 3);
}

static void check_ts(time_t t, const char *want)
{
	char buf[26];

	assert_ptr_equal(date_format_timestamp(t, buf, sizeof(buf)), buf);
	assert_string_equal(buf, want);
}

static void test_format_timestamp(void **state)
{
	char small[25];

	(void)state;
	check_ts(1675387800, "2023-02-03T09:30:00+08:00");
	check_ts(0, "1970-01-01T08:00:00+08:00");
	check_ts(-1, "1970-01-01T07:59:59+08:00");
	check_ts(16 * 3600, "1970-01-02T00:00:00+08:00");
	check_ts(1675353600 - 1, "2023-02-02T23:59:59+08:00");
	check_ts(951753600, "2000-02-29T00:00:00+08:00");
	check_ts((time_t)2147483648LL, "2038-01-19T11:14:08+08:00");
	/* -2208988800 is 1900-01-01T00:00:00Z. */
	check_ts((time_t)-2208988800LL, "1900-01-01T08:00:00+08:00");
	/* Too small a buffer, or a year beyond four digits, gives "". */
	memset(small, 'x', sizeof(small));
	assert_ptr_equal(date_format_timestamp(0, small, sizeof(small)), small);
	assert_string_equal(small, "");
	assert_ptr_equal(date_format_timestamp(0, NULL, 0), NULL);
	if (sizeof(time_t) == 8) {
		check_ts((time_t)INT64_MAX, "");
		check_ts((time_t)INT64_MIN, "");
		check_ts((time_t)253402300800LL - 8 * 3600 - 1, "9999-12-31T23:59:59+08:00");
		check_ts((time_t)253402300800LL - 8 * 3600, "");
	}
}

static void test_format_iso(void **state)
{
	char buf[11];

	(void)state;
	assert_string_equal(date_format_iso(ymd(2023, 2, 3), buf, sizeof(buf)), "2023-02-03");
	assert_string_equal(date_format_iso(ymd(1900, 1, 1), buf, sizeof(buf)), "1900-01-01");
	assert_string_equal(date_format_iso(ymd(1, 12, 31), buf, sizeof(buf)), "0001-12-31");
	assert_string_equal(date_format_iso(ymd(2023, 2, 3), buf, 10), "");
	assert_string_equal(date_format_iso(ymd(2023, 2, 29), buf, sizeof(buf)), "");
	assert_string_equal(date_format_iso(ymd(2023, 13, 1), buf, sizeof(buf)), "");
	assert_string_equal(date_format_iso(ymd(2023, -1, 1), buf, sizeof(buf)), "");
	assert_string_equal(date_format_iso(ymd(10000, 1, 1), buf, sizeof(buf)), "");
	assert_string_equal(date_format_iso(ymd(-1, 1, 1), buf, sizeof(buf)), "");
	assert_null(date_format_iso(ymd(2023, 2, 3), NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_walk_days),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_every_day),
		cmocka_unit_test(test_shanghai),
		cmocka_unit_test(test_format_timestamp),
		cmocka_unit_test(test_format_iso),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
