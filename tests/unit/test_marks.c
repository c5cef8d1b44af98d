/* test_marks.c - highlight markers to {text, hits} (src/search/marks.c); hits in code points. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "search/marks.h"

static void parse_cjk(void **state)
{
	(void)state;
	struct mark_hit h[4];
	char text[64];
	/* 济南[起步区]建设 → 起步区 starts at code point 2, 3 long. */
	size_t n = marks_parse("济南\x02起步区\x03建设", text, h, 4);
	assert_int_equal(n, 1);
	assert_string_equal(text, "济南起步区建设");
	assert_int_equal(h[0].start, 2);
	assert_int_equal(h[0].len, 3);
}

static void parse_several_and_unclosed(void **state)
{
	(void)state;
	struct mark_hit h[4];
	char text[64];
	size_t n = marks_parse("\x02" "byd\x03 é \x02\x03x\x02" "ab", text, h, 4);
	assert_string_equal(text, "byd é xab");
	assert_int_equal(n, 2); /* the empty one is dropped */
	assert_int_equal(h[0].start, 0);
	assert_int_equal(h[0].len, 3);
	assert_int_equal(h[1].start, 7);
	assert_int_equal(h[1].len, 2);
}

static void parse_max(void **state)
{
	(void)state;
	struct mark_hit h[1];
	char text[16];
	assert_int_equal(marks_parse("\x02" "a\x03\x02" "b\x03", text, h, 1), 1);
	assert_string_equal(text, "ab");
}

static void find_hits(void **state)
{
	(void)state;
	struct mark_hit h[4];
	/* 起步 in 起步区起步: at 0 and 3. */
	assert_int_equal(marks_find("起步区起步", "起步", h, 4), 2);
	assert_int_equal(h[0].start, 0);
	assert_int_equal(h[1].start, 3);
	assert_int_equal(h[1].len, 2);
	/* Not overlapping: aa in aaa once. */
	assert_int_equal(marks_find("aaa", "aa", h, 4), 1);
	assert_int_equal(marks_find("济南", "", h, 4), 0);
	assert_int_equal(marks_find("济南", "北", h, 4), 0);
	assert_int_equal(marks_cplen("济南x"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_cjk),
		cmocka_unit_test(parse_several_and_unclosed),
		cmocka_unit_test(parse_max),
		cmocka_unit_test(find_hits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
