/* test_amount.c - unit tests for exact 元/万元/亿元 parsing and formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/amount.h"

#define YUAN 1
#define WAN 10000
#define YI 100000000

static int64_t yuan_of(const char *s, int64_t unit)
{
	int64_t v = -1;

	assert_int_equal(amount_parse_yuan(s, unit, &v), GL_OK);
	return v;
}

static int64_t wan_of(const char *s)
{
	int64_t v = -1;

	assert_int_equal(amount_parse_wan(s, &v), GL_OK);
	return v;
}

/* Refused in every default unit, and out untouched. */
static void refuse(const char *s)
{
	static const int64_t units[] = { YUAN, WAN, YI };
	int64_t v = 42;

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (amount_parse_yuan(s, units[i], &v) != GL_EINVALID)
			fail_msg("accepted \"%s\" with default unit %lld", s, (long long)units[i]);
		assert_int_equal(v, 42);
	}
	assert_int_equal(amount_parse_wan(s, &v), GL_EINVALID);
	assert_int_equal(v, 42);
}

static void test_units(void **state)
{
	(void)state;
	assert_int_equal(yuan_of("400亿元", WAN), 40000000000LL);
	assert_int_equal(wan_of("400亿元"), 4000000);
	assert_int_equal(yuan_of("400亿", YUAN), 40000000000LL);
	assert_int_equal(yuan_of("1.5亿", WAN), 150000000);
	assert_int_equal(wan_of("1.5亿"), 15000);
	assert_int_equal(yuan_of("3,000万元", WAN), 30000000);
	assert_int_equal(wan_of("3,000万元"), 3000);
	assert_int_equal(yuan_of("3000万", YI), 30000000);
	assert_int_equal(yuan_of("12.5万", WAN), 125000);
	assert_int_equal(yuan_of("125000元", YI), 125000);
	assert_int_equal(wan_of("3100亿元"), 31000000);
	assert_int_equal(wan_of("50000元"), 5);
	/* The smallest amounts each unit holds exactly. */
	assert_int_equal(yuan_of("0.00000001亿", WAN), 1);
	assert_int_equal(yuan_of("0.0001万", WAN), 1);
}

static void test_refuse_fraction_of_wan(void **state)
{
	int64_t v = 42;

	(void)state;
	assert_int_equal(amount_parse_wan("12.5万", &v), GL_EINVALID);
	assert_int_equal(amount_parse_wan("12345元", &v), GL_EINVALID);
	assert_int_equal(amount_parse_wan("0.00001亿", &v), GL_EINVALID);
	assert_int_equal(v, 42);
	assert_int_equal(wan_of("0.0001亿"), 1);
	/* Bare numbers default to 万元 here, so "12.5" is 12.5万 too. */
	assert_int_equal(amount_parse_wan("12.5", &v), GL_EINVALID);
}

static void test_bare_numbers(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(yuan_of("5000", YUAN), 5000);
	assert_int_equal(yuan_of("5000", WAN), 50000000);
	assert_int_equal(yuan_of("5000", YI), 500000000000LL);
	assert_int_equal(yuan_of("1.5", YI), 150000000);
	assert_int_equal(yuan_of("1.5", WAN), 15000);
	assert_int_equal(amount_parse_yuan("1.5", YUAN, &v), GL_EINVALID);
	assert_int_equal(wan_of("5000"), 5000);
	/* Any power of ten is a unit (千元 = 1000); anything else is a caller bug. */
	assert_int_equal(yuan_of("2.5", 1000), 2500);
	assert_int_equal(amount_parse_yuan("5", 0, &v), GL_EINVALID);
	assert_int_equal(amount_parse_yuan("5", -10000, &v), GL_EINVALID);
	assert_int_equal(amount_parse_yuan("5", 5000, &v), GL_EINVALID);
}

static void test_zero(void **state)
{
	(void)state;
	assert_int_equal(yuan_of("0", WAN), 0);
	assert_int_equal(yuan_of("0亿元", YUAN), 0);
	assert_int_equal(wan_of("0"), 0);
	assert_int_equal(wan_of("0.0"), 0);
	assert_int_equal(wan_of("007"), 7);
}

static void test_full_width_and_spaces(void **state)
{
	(void)state;
	/* ４００亿元 */
	assert_int_equal(wan_of("\xef\xbc\x94\xef\xbc\x90\xef\xbc\x90亿元"), 4000000);
	/* ３，０００万元 with a full-width comma */
	assert_int_equal(wan_of("\xef\xbc\x93\xef\xbc\x8c\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90万元"),
			 3000);
	/* １．５亿 with a full-width point */
	assert_int_equal(wan_of("\xef\xbc\x91\xef\xbc\x8e\xef\xbc\x95亿"), 15000);
	/* Mixed widths: 1，2３4.5万 */
	assert_int_equal(yuan_of("1\xef\xbc\x8c" "2\xef\xbc\x93" "4.5万", WAN), 12345000);
	assert_int_equal(wan_of("  400亿元  "), 4000000);
	assert_int_equal(wan_of("\t400 亿元\t"), 4000000);
	assert_int_equal(wan_of("\xe3\x80\x80" "400\xe3\x80\x80亿元\xe3\x80\x80"), 4000000);
	/* ０ through ９ each */
	assert_int_equal(yuan_of("\xef\xbc\x90\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
				 "\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98\xef\xbc\x99元",
				 WAN),
			 123456789);
}

static void test_grouping(void **state)
{
	(void)state;
	assert_int_equal(yuan_of("1,000", YUAN), 1000);
	assert_int_equal(yuan_of("12,345,678", YUAN), 12345678);
	assert_int_equal(yuan_of("1,234.5万", YUAN), 12345000);
	refuse("1,00");
	refuse("1,0000");
	refuse("1000,000");
	refuse(",100");
	refuse("1,");
	refuse("1,,000");
	refuse("1,00.5");
	refuse("1.000,5");
	refuse("1,000,00");
}

static void test_refused(void **state)
{
	(void)state;
	refuse("");
	refuse("   ");
	refuse("abc");
	refuse("-5");
	refuse("+5");
	refuse("1.2.3");
	refuse("5亿万");
	refuse("5万亿");
	refuse("5元元");
	refuse("5亿元元");
	refuse("亿");
	refuse("万元");
	refuse(".5亿");
	refuse("5.亿");
	refuse("5 5");
	refuse("5 万 元");
	refuse("5亿 abc");
	refuse("1e3");
	refuse("0x10");
	refuse("五亿");
	/* Truncated UTF-8: the first two bytes of 亿, and of a full-width digit. */
	refuse("5\xe4\xba");
	refuse("\xef\xbc");
}

static void test_too_many_decimals(void **state)
{
	int64_t v;

	(void)state;
	refuse("1.000000001亿");
	refuse("1.00001万");
	refuse("1.5元");
	assert_int_equal(amount_parse_yuan("1.00001", WAN, &v), GL_EINVALID);
	/* Trailing zeros add no precision. */
	assert_int_equal(yuan_of("1.500000000亿", YUAN), 150000000);
	assert_int_equal(yuan_of("12.000元", YUAN), 12);
	assert_int_equal(yuan_of("1.00000000000000000000000000000亿", YUAN), 100000000);
}

static void test_overflow(void **state)
{
	(void)state;
	refuse("99999999999999999999");
	refuse("99999999999999999999元");
	refuse("92233720368547758080元");
	/* INT64_MAX yuan is the largest amount; one more is refused. */
	assert_int_equal(yuan_of("9223372036854775807元", WAN), INT64_MAX);
	assert_int_equal(yuan_of("9,223,372,036,854,775,807", YUAN), INT64_MAX);
	refuse("9223372036854775808元");
	/* Fits as a mantissa, overflows once the unit is applied. */
	assert_int_equal(yuan_of("92233720368亿", WAN), 9223372036800000000LL);
	refuse("92233720369亿");
	refuse("922337203685478万");
	refuse("92233720368.54775808亿");
	assert_int_equal(yuan_of("92233720368.54775807亿", WAN), INT64_MAX);
}

static void check_yi(int64_t wan, const char *want)
{
	char buf[64];

	assert_int_equal(amount_format_yi(wan, buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void check_human(int64_t wan, const char *want)
{
	char buf[64];

	assert_int_equal(amount_format_human(wan, buf, sizeof(buf)), (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_format_yi(void **state)
{
	(void)state;
	check_yi(4000000, "400");
	check_yi(15000, "1.5");
	check_yi(12, "0.0012");
	check_yi(0, "0");
	check_yi(10000, "1");
	check_yi(10001, "1.0001");
	check_yi(31000000, "3100");
	check_yi(-15000, "-1.5");
	check_yi(-12, "-0.0012");
	check_yi(123456789, "12345.6789");
	check_yi(INT64_MAX, "922337203685477.5807");
	check_yi(INT64_MIN, "-922337203685477.5808");
}

static void test_format_human(void **state)
{
	(void)state;
	check_human(4000000, "400亿元");
	check_human(15000, "1.5亿元");
	check_human(30000000, "3,000亿元");
	check_human(3000, "3,000万元");
	check_human(0, "0万元");
	check_human(10000, "1亿元");
	check_human(9999, "9,999万元");
	check_human(500, "500万元");
	check_human(12345678, "1,234.5678亿元");
	check_human(-3000, "-3,000万元");
	check_human(-15000, "-1.5亿元");
	check_human(INT64_MIN, "-922,337,203,685,477.5808亿元");
}

static void test_round_trip(void **state)
{
	static const int64_t values[] = { 0, 1, 12, 500, 9999, 10000, 15000, 4000000, 31000000,
					  123456789, INT64_MAX / 10000 };
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_true(amount_format_human(values[i], buf, sizeof(buf)) > 0);
		assert_int_equal(wan_of(buf), values[i]);
		assert_true(amount_format_yi(values[i], buf, sizeof(buf)) > 0);
		assert_int_equal(yuan_of(buf, YI), values[i] * WAN);
	}
}

static void test_buffer_too_small(void **state)
{
	char buf[16];

	(void)state;
	/* "1.5" needs 4 bytes with the NUL. */
	assert_int_equal(amount_format_yi(15000, buf, 4), 3);
	assert_string_equal(buf, "1.5");
	assert_int_equal(amount_format_yi(15000, buf, 3), -1);
	assert_int_equal(amount_format_yi(0, buf, 1), -1);
	assert_int_equal(amount_format_yi(0, NULL, 0), -1);
	/* "400亿元" is 3 + 6 bytes. */
	assert_int_equal(amount_format_human(4000000, buf, 10), 9);
	assert_string_equal(buf, "400亿元");
	assert_int_equal(amount_format_human(4000000, buf, 9), -1);
	assert_int_equal(amount_format_human(0, buf, 7), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_refuse_fraction_of_wan),
		cmocka_unit_test(test_bare_numbers),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_full_width_and_spaces),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_too_many_decimals),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_format_yi),
		cmocka_unit_test(test_format_human),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_buffer_too_small),
	};

	return cmocka_run_group_tests_name("amount", tests, NULL, NULL);
}
