/* test_duplicate.c - the similar_text rule (bigram Jaccard >= 0.8 after normalising) at its
 * boundaries, and the window of the same_enterprise_category rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/duplicate.h"

struct sim {
	int64_t inter, uni;
	size_t ca, cb, na, nb;
};

static struct sim compare(const char *a, const char *b)
{
	static uint64_t ga[512], gb[512];
	struct sim s;

	s.na = dup_grams(a, ga, 512, &s.ca);
	s.nb = dup_grams(b, gb, 512, &s.cb);
	dup_overlap(ga, s.na, gb, s.nb, &s.inter, &s.uni);
	return s;
}

static bool near(const char *a, const char *b)
{
	struct sim s = compare(a, b);

	return dup_near_identical(s.inter, s.uni, s.ca, s.cb);
}

static void test_grams(void **state)
{
	uint64_t g[64];
	size_t chars, n;

	(void)state;
	/* Punctuation, spaces and full-width marks go; "哈哈哈" has one distinct bigram. */
	n = dup_grams("哈，哈 哈！", g, 64, &chars);
	assert_int_equal(chars, 3);
	assert_int_equal(n, 1);
	/* ASCII folds to lower case: "AbC" and "abc" give the same set. */
	n = dup_grams("A-b C", g, 64, &chars);
	assert_int_equal(chars, 3);
	assert_int_equal(n, 2);
	assert_true(near("厂区 ROAD 路灯坏了需要维修", "厂区road路灯坏了需要维修。"));
	n = dup_grams("", g, 64, &chars);
	assert_int_equal(n, 0);
	assert_int_equal(chars, 0);
}

static void test_identical_after_normalising(void **state)
{
	(void)state;
	struct sim s = compare("厂区门前道路破损严重，请尽快维修。", "厂区门前道路破损严重请尽快维修");

	assert_int_equal(s.inter, 14);
	assert_int_equal(s.uni, 14);
	assert_int_equal(dup_percent(s.inter, s.uni), 100);
	assert_true(near("厂区门前道路破损严重，请尽快维修。", "厂区门前道路 破损严重 请尽快维修"));
}

/* "一二三四五六七八九十" has 9 bigrams.  Appending one new character adds one bigram:
 * 9 / 10 = 0.9, near.  Appending three adds three: 9 / 12 = 0.75, not near.  Two: 9 / 11 =
 * 0.818, near.  The boundary itself: 16 shared of 20 is exactly 0.8, near; 15 of 19 (0.789)
 * is not. */
static void test_boundary(void **state)
{
	(void)state;
	struct sim s = compare("一二三四五六七八九十", "一二三四五六七八九十甲");

	assert_int_equal(s.inter, 9);
	assert_int_equal(s.uni, 10);
	assert_true(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
	s = compare("一二三四五六七八九十", "一二三四五六七八九十甲乙");
	assert_int_equal(s.uni, 11);
	assert_true(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
	assert_int_equal(dup_percent(s.inter, s.uni), 82);
	s = compare("一二三四五六七八九十", "一二三四五六七八九十甲乙丙");
	assert_int_equal(s.inter, 9);
	assert_int_equal(s.uni, 12);
	assert_false(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
	assert_int_equal(dup_percent(s.inter, s.uni), 75);

	/* 17 characters, 16 bigrams; plus 4 new characters at the end: 16 / 20 = 0.8 exactly. */
	s = compare("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午一二三四");
	assert_int_equal(s.inter, 16);
	assert_int_equal(s.uni, 20);
	assert_true(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
	assert_int_equal(dup_percent(s.inter, s.uni), 80);
	/* Drop the first character of the first: 15 / 20 = 0.75. */
	s = compare("乙丙丁戊己庚辛壬癸子丑寅卯辰巳午", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午一二三四");
	assert_int_equal(s.inter, 15);
	assert_int_equal(s.uni, 20);
	assert_false(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
}

/* A changed character in the middle breaks two bigrams and adds two. */
static void test_edit_in_the_middle(void **state)
{
	(void)state;
	/* 20 characters, 19 bigrams; one changed: 17 shared of 21 (0.81). */
	struct sim s = compare("我公司新建厂房需要办理施工许可请协调加快", "我公司新建厂房需要办好施工许可请协调加快");

	assert_int_equal(s.inter, 17);
	assert_int_equal(s.uni, 21);
	assert_true(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
	/* Two changed far apart: 15 shared of 23 (0.65). */
	s = compare("我公司新建厂房需要办理施工许可请协调加快", "我公司新盖厂房需要办好施工许可请协调加快");
	assert_int_equal(s.inter, 15);
	assert_int_equal(s.uni, 23);
	assert_false(dup_near_identical(s.inter, s.uni, s.ca, s.cb));
}

static void test_short_texts(void **state)
{
	(void)state;
	/* Identical but shorter than DUP_MIN_CHARS (6) after normalising: not flagged. */
	assert_false(near("请求支持", "请求支持"));
	assert_false(near("路灯坏了！", "路灯坏了。"));
	/* Six characters: flagged. */
	assert_true(near("路灯坏了请修", "路灯坏了，请修"));
	/* One side short: not flagged. */
	assert_false(near("路灯坏了请修", "路灯坏"));
	assert_false(near("", ""));
}

static void test_prefilter(void **state)
{
	(void)state;
	/* 8 of 10 can still reach 0.8, 7 of 10 never. */
	assert_true(dup_sizes_may_match(8, 10));
	assert_true(dup_sizes_may_match(10, 8));
	assert_false(dup_sizes_may_match(7, 10));
	assert_false(dup_sizes_may_match(0, 0));
	/* The prefilter never rejects a pair the rule accepts: the 0.8 pair above. */
	struct sim s = compare("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午一二三四");
	assert_true(dup_sizes_may_match(s.na, s.nb));
}

static void test_window(void **state)
{
	(void)state;
	assert_true(dup_within_window(0, 30));
	assert_true(dup_within_window(30, 30));
	assert_false(dup_within_window(31, 30));
	assert_true(dup_within_window(-2, 30));
	assert_string_equal(dup_reason_names[DUP_SIMILAR_TEXT], "similar_text");
}

/* A sorted set of n distinct values drawn from 0..universe-1 (n <= universe). */
static size_t random_set(uint64_t *out, size_t n, uint64_t universe, uint64_t *seed)
{
	size_t k = 0;

	for (uint64_t v = 0; v < universe && k < n; v++) {
		*seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
		/* keep v with probability (n - k) / (universe - v): a uniform n-subset, in order */
		if ((*seed >> 33) % (universe - v) < n - k)
			out[k++] = v + 1;
	}
	return k;
}

/* The early-stopping overlap agrees with the full one and the rule on every pair, near the
 * threshold and far from it. */
static void test_overlap_near(void **state)
{
	uint64_t a[80], b[80], seed = 42;
	int near_pairs = 0;

	(void)state;
	for (int t = 0; t < 20000; t++) {
		size_t na = random_set(a, 20 + t % 60, 70 + t % 13, &seed);
		size_t nb = random_set(b, 20 + (t / 7) % 60, 70 + t % 13, &seed);
		int64_t inter, uni, i2 = -1, u2 = -1;
		bool want, got;

		dup_overlap(a, na, b, nb, &inter, &uni);
		want = inter > 0 && 5 * inter >= 4 * uni;
		got = dup_overlap_near(a, na, b, nb, &i2, &u2);
		assert_int_equal(got, want);
		if (got) {
			assert_int_equal(i2, inter);
			assert_int_equal(u2, uni);
			near_pairs++;
		}
	}
	assert_true(near_pairs > 100);   /* the threshold's both sides were reached */
	assert_false(dup_overlap_near(a, 0, b, 0, &(int64_t){0}, &(int64_t){0}));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grams),
		cmocka_unit_test(test_identical_after_normalising),
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_edit_in_the_middle),
		cmocka_unit_test(test_short_texts),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_overlap_near),
		cmocka_unit_test(test_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
