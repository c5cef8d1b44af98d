/* test_normalize.c - unit tests for the search normaliser (src/search/normalize.c).
 *
 * Every expectation is written out by hand.  The table of traditional lines holds short
 * excerpts of ../shared/seed (a Jinan news article), each with its simplified form checked
 * character by character.  Every case runs twice, with and without the fast path that skips
 * OpenCC, and both must give the same bytes.  The fast path's table is checked against the
 * installed dictionaries themselves (exported as text by OpenCC's opencc_dict) and over the
 * whole seed article (tests/unit/fixtures/seed-jinan.txt, a copy of ../shared/seed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "search/normalize.h"

static int setup(void **state)
{
	struct norm *n;

	if (norm_open(NULL, &n) != GL_OK)
		return -1;
	*state = n;
	return 0;
}

static int teardown(void **state)
{
	norm_close(*state);
	return 0;
}

/* in (of length len) normalises to want, on the fast path and through OpenCC alike. */
static void check_len(struct norm *n, const char *in, size_t len, const char *want)
{
	for (int fast = 1; fast >= 0; fast--) {
		struct buf out;

		buf_init(&out, 1 << 20);
		norm_set_fast_path(n, fast);
		assert_int_equal(norm_text(n, in, len, &out), GL_OK);
		assert_int_equal(out.len, strlen(want));
		assert_memory_equal(out.len ? out.data : "", want, strlen(want));
		buf_release(&out);
	}
	norm_set_fast_path(n, 1);
}

static void check(struct norm *n, const char *in, const char *want)
{
	check_len(n, in, strlen(in), want);
}

static void key_is(const char *in, const char *want)
{
	struct buf out;

	buf_init(&out, 1024);
	assert_int_equal(norm_key(in, strlen(in), &out), GL_OK);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.len ? out.data : "", want, strlen(want));
	buf_release(&out);
}

static void traditional_to_simplified(void **state)
{
	struct norm *n = *state;

	check(n, "濟南", "济南");
	check(n, "鵲華觀瀾會", "鹊华观澜会");
	check(n, "國家級經濟開發區", "国家级经济开发区");
	/* Phrases before characters: 乾 stays in the emperor's name, becomes 干 in 乾淨. */
	check(n, "乾隆", "乾隆");
	check(n, "乾淨", "干净");
	/* A phrase-only conversion: 覆 alone is also simplified, 答覆 is not. */
	check(n, "覆蓋", "覆盖");
	check(n, "答覆", "答复");
}

static void seed_lines(void **state)
{
	static const char *const table[][2] = {
		{ "濟南新舊動能轉換起步區", "济南新旧动能转换起步区" },
		{ "招商引資推介品牌活動", "招商引资推介品牌活动" },
		{ "搭建政企直接溝通交流平臺", "搭建政企直接沟通交流平台" },
		{ "比亞迪、國電投、京東、西門子、甲骨文等15家行業龍頭企業",
		  "比亚迪、国电投、京东、西门子、甲骨文等15家行业龙头企业" },
		{ "總投資400億元", "总投资400亿元" },
		{ "累計簽約各類項目總投資超過3100億元", "累计签约各类项目总投资超过3100亿元" },
		{ "服務和保障比亞迪新能源乘用車項目", "服务和保障比亚迪新能源乘用车项目" },
		{ "責任編輯:張娜", "责任编辑:张娜" },
		/* The article's pinyin glosses: ASCII and ù pass through, 務 does not. */
		{ "靠前服務(wù)", "靠前服务(wù)" },
		{ "“項目為王”", "“项目为王”" },
		/* A whole sentence: several spans go through OpenCC on the fast path. */
		{ "“鵲華觀瀾會”是起步區策劃的招商引資推介品牌活動,旨在搭建政企直接溝通交流平臺,"
		  "主動作為、靠前服務,當好企業“娘家人”,及時解決企業發展難題,"
		  "進一步營造更加優良的發展環境。",
		  "“鹊华观澜会”是起步区策划的招商引资推介品牌活动,旨在搭建政企直接沟通交流平台,"
		  "主动作为、靠前服务,当好企业“娘家人”,及时解决企业发展难题,"
		  "进一步营造更加优良的发展环境。" },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		check(*state, table[i][0], table[i][1]);
}

static void full_width(void **state)
{
	struct norm *n = *state;

	check(n, "ＢＹＤ", "byd");
	check(n, "０１２３４５６７８９", "0123456789");
	check(n, "ａｂｃ－ＸＹＺ＿１", "abc-xyz_1");
	check(n, "！＂＃＄％＆＇＊＋，．／：；＜＝＞？＠［＼］＾｀｛｜｝～",
	      "!\"#$%&'*+,./:;<=>?@[\\]^`{|}~");
	/* （） have half-width forms; 《》、。 have none and stay. */
	check(n, "总投资（万元）", "总投资(万元)");
	check(n, "《济南市招商引资办法》", "《济南市招商引资办法》");
	check(n, "一、二。", "一、二。");
	check(n, "￥3000", "¥3000");
}

static void spaces(void **state)
{
	struct norm *n = *state;

	check(n, "济南　起步区", "济南 起步区");             /* U+3000 */
	check(n, "　　济南　　", "济南");
	check(n, "  a \t\r\n b  ", "a b");
	check(n, "a\xC2\xA0" "b", "a b");                    /* NBSP */
	check(n, "a\xE2\x80\x83" "b", "a b");                /* em space */
	check(n, "济\xE2\x80\x8B南", "济南");                  /* zero-width space */
	check(n, "\xEF\xBB\xBF" "济南", "济南");              /* BOM */
	check_len(n, "a\0b", 3, "a b");                      /* a NUL is a space, not an end */
	check(n, " \t\n ", "");
}

static void case_folding(void **state)
{
	struct norm *n = *state;

	check(n, "Guanlan ABC xyz", "guanlan abc xyz");
	check(n, "BYD Auto", "byd auto");
	/* Only ASCII: É is not folded (no locale, no Unicode tables). */
	check(n, "CAFÉ", "cafÉ");
}

static void mixed(void **state)
{
	check(*state, "比亞迪汽車有限公司 ＢＹＤ Auto", "比亚迪汽车有限公司 byd auto");
	check(*state, "  濟南　ＢＹＤ（比亞迪）\n新能源  ", "济南 byd(比亚迪) 新能源");
}

static void simplified_unchanged(void **state)
{
	static const char *const same[] = {
		"济南新旧动能转换起步区管理委员会",
		"比亚迪新能源乘用车项目",
		"鹊华观澜会",
		"招商引资 2023 年度任务",
		"干部了解情况后答复企业",
	};

	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		check(*state, same[i], same[i]);
}

static void empty(void **state)
{
	struct buf out;

	check(*state, "", "");
	buf_init(&out, 64);
	assert_int_equal(norm_text(*state, "", 0, &out), GL_OK);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	key_is("", "");
}

static void invalid_utf8(void **state)
{
	struct norm *n = *state;

	check(n, "a\xFF" "b", "a\xEF\xBF\xBD" "b");
	/* One U+FFFD per maximal invalid subpart: a truncated 3-byte sequence is one. */
	check(n, "\xE6\x97x", "\xEF\xBF\xBDx");
	check(n, "x\xE6\x97", "x\xEF\xBF\xBD");
	/* Overlong "/" and a surrogate: every byte is its own subpart. */
	check(n, "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");
	check(n, "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	/* Past U+10FFFF. */
	check(n, "\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	/* Invalid bytes next to traditional text: OpenCC still converts the rest. */
	check(n, "濟\xFF南", "济\xEF\xBF\xBD南");
	check(n, "\x80國\xC3", "\xEF\xBF\xBD国\xEF\xBF\xBD");
}

static void four_byte(void **state)
{
	struct norm *n = *state;

	check(n, "好😀", "好😀");                   /* U+1F600 */
	check(n, "𠀀𠮷", "𠀀𠮷");                      /* CJK Extension B: U+20000, U+20BB7 */
	check(n, "濟南😀𠮷", "济南😀𠮷");
	check(n, "ＡＢ😀", "ab😀");
}

static void appends(void **state)
{
	struct buf out;

	buf_init(&out, 64);
	assert_int_equal(buf_adds(&out, "x|"), GL_OK);
	assert_int_equal(norm_text(*state, "濟南", strlen("濟南"), &out), GL_OK);
	assert_string_equal(out.data, "x|济南");
	buf_release(&out);
}

static void too_big(void **state)
{
	struct buf out;

	/* The output would pass out's max: error, and out keeps what it had. */
	buf_init(&out, 8);
	assert_int_equal(buf_adds(&out, "ab"), GL_OK);
	assert_int_equal(norm_text(*state, "濟南新舊動能", strlen("濟南新舊動能"), &out),
			 GL_ETOOBIG);
	assert_string_equal(out.data, "ab");
	assert_int_equal(norm_key("ABCDEFGHIJ", 10, &out), GL_ETOOBIG);
	assert_string_equal(out.data, "ab");
	buf_release(&out);
}

/* The fast path skips OpenCC only when no key that changes text can be in the text. */
static void fast_path_skips(void **state)
{
	struct norm *n = *state;
	struct buf out;
	unsigned long before = norm_converter_calls(n);

	buf_init(&out, 1024);
	assert_int_equal(norm_text(n, "比亚迪新能源 BYD", strlen("比亚迪新能源 BYD"), &out), GL_OK);
	assert_int_equal(norm_converter_calls(n), before);
	assert_int_equal(norm_text(n, "濟南", strlen("濟南"), &out), GL_OK);
	assert_int_equal(norm_converter_calls(n), before + 1);
	/* 覆 alone stays 覆, but it is the witness of 答覆 → 答复: not skipped. */
	assert_int_equal(norm_text(n, "答覆", strlen("答覆"), &out), GL_OK);
	assert_int_equal(norm_converter_calls(n), before + 2);
	assert_string_equal(out.data, "比亚迪新能源 byd济南答复");
	buf_release(&out);
}

/* The characters normalize.c lists as changing only inside phrases: each stays on its own
 * and changes in a phrase, and the fast path sends text holding it through OpenCC. */
static void phrase_only_characters(void **state)
{
	static const char *const table[][3] = {
		{ "沈", "沈默", "沉默" }, { "牴", "牴牾", "抵牾" }, { "瞭", "瞭解", "了解" },
		{ "藉", "藉口", "借口" }, { "衹", "衹得", "只得" }, { "覆", "答覆", "答复" },
		/* More phrases of the same characters. */
		{ "覆", "反覆", "反复" }, { "瞭", "一目瞭然", "一目了然" }, { "藉", "藉此", "借此" },
		{ "沈", "沈船", "沉船" },
	};
	static const uint32_t cps[] = { 0x6C88, 0x7274, 0x77AD, 0x85C9, 0x8879, 0x8986 };
	struct norm *n = *state;

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		check(n, table[i][0], table[i][0]);
		check(n, table[i][1], table[i][2]);
	}
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++)
		assert_true(norm_changes(n, cps[i]));
	/* 彷 is not needed: 彷彿 holds 彿, which changes on its own. */
	assert_false(norm_changes(n, 0x5F77));
	assert_true(norm_changes(n, 0x5F7F));
	check(n, "彷彿", "仿佛");
	check(n, "彷徨", "彷徨");
	/* Simplified characters, and past the probed blocks (always converted). */
	assert_false(norm_changes(n, 0x6D4E)); /* 济 */
	assert_false(norm_changes(n, 'a'));
	assert_true(norm_changes(n, 0x6FDF));  /* 濟 */
	assert_true(norm_changes(n, 0x40000));
}

/* The first code point of s (valid UTF-8, as OpenCC's dictionaries are); *len its bytes. */
static uint32_t utf8_cp(const unsigned char *s, size_t *len)
{
	*len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (*len == 1)
		return s[0];
	uint32_t cp = s[0] & (0x7F >> *len);

	for (size_t i = 1; i < *len; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	return cp;
}

/* Add the ocd2 files of a dict object of an OpenCC config (a group holds others). */
static void dict_files(json_t *dict, char files[][256], size_t *n)
{
	const char *type = json_string_value(json_object_get(dict, "type"));
	size_t i;
	json_t *d;

	assert_non_null(type);
	if (!strcmp(type, "group")) {
		json_array_foreach(json_object_get(dict, "dicts"), i, d)
			dict_files(d, files, n);
		return;
	}
	assert_string_equal(type, "ocd2");
	assert_true(*n < 8);
	snprintf(files[(*n)++], 256, "/usr/share/opencc/%s",
		 json_string_value(json_object_get(dict, "file")));
}

/* The fast path is exact: every key of the conversion's dictionaries whose value differs
 * from it holds a code point norm_changes() reports, so text holding none comes out of
 * OpenCC unchanged.  This is what catches a dictionary upgrade that brings a character
 * changing only in phrases (it then needs adding to phrase_only[] in normalize.c). */
static void fast_path_covers_dictionaries(void **state)
{
	struct norm *n = *state;
	json_error_t jerr;
	json_t *cfg = json_load_file(NORM_T2S_CONFIG, 0, &jerr), *conv;
	char files[8][256], tmp[] = "/tmp/guanlan-dict-XXXXXX", cmd[700], line[4096];
	size_t nfiles = 0, i;
	long changing = 0, missed = 0;
	int fd;

	assert_non_null(cfg);
	json_array_foreach(json_object_get(cfg, "conversion_chain"), i, conv)
		dict_files(json_object_get(conv, "dict"), files, &nfiles);
	json_decref(cfg);
	assert_int_equal(nfiles, 2); /* TSPhrases, TSCharacters */
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	close(fd);
	for (size_t f = 0; f < nfiles; f++) {
		FILE *in;

		snprintf(cmd, sizeof(cmd), "opencc_dict -i '%s' -o '%s' -f ocd2 -t text", files[f],
			 tmp);
		assert_int_equal(system(cmd), 0);
		in = fopen(tmp, "r");
		assert_non_null(in);
		/* Lines are "key<TAB>value value...": OpenCC uses the first value. */
		while (fgets(line, sizeof(line), in)) {
			char *tab = strchr(line, '\t'), *val;
			size_t klen, vlen;
			int seen = 0;

			if (!tab)
				continue;
			klen = (size_t)(tab - line);
			val = tab + 1;
			vlen = strcspn(val, " \n");
			if (klen == vlen && !memcmp(line, val, klen))
				continue;
			changing++;
			for (size_t k = 0, used; k < klen; k += used)
				seen |= norm_changes(n, utf8_cp((unsigned char *)line + k, &used));
			if (!seen) {
				print_error("no code point of %.*s marks it\n", (int)klen, line);
				missed++;
			}
		}
		fclose(in);
	}
	unlink(tmp);
	assert_true(changing > 4000); /* the dictionaries were read (4,321 in OpenCC 1.1.6) */
	assert_int_equal(missed, 0);
}

/* Read a whole file into a NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;

	assert_non_null(f);
	data = malloc(1 << 20);
	assert_non_null(data);
	*len = fread(data, 1, (1 << 20) - 1, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

/* in normalises to the same bytes with and without the fast path; returns whether the
 * fast path skipped OpenCC. */
static int same_both_ways(struct norm *n, const char *in, size_t len)
{
	struct buf a, b;
	unsigned long calls;
	int skipped;

	buf_init(&a, 1 << 20);
	buf_init(&b, 1 << 20);
	norm_set_fast_path(n, 1);
	calls = norm_converter_calls(n);
	assert_int_equal(norm_text(n, in, len, &a), GL_OK);
	skipped = norm_converter_calls(n) == calls;
	norm_set_fast_path(n, 0);
	assert_int_equal(norm_text(n, in, len, &b), GL_OK);
	norm_set_fast_path(n, 1);
	if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len)))
		fail_msg("fast path differs on %.*s", (int)len, in);
	buf_release(&a);
	buf_release(&b);
	return skipped;
}

/* The whole seed article, in traditional characters and converted to simplified, line by
 * line and in every window of 1 to 6 characters: the same bytes both ways, and the fast
 * path skips OpenCC for most simplified windows (so the comparison is not vacuous). */
static void seed_article(void **state)
{
	struct norm *n = *state;
	size_t len, windows = 0, skipped = 0;
	char *trad = slurp("tests/unit/fixtures/seed-jinan.txt", &len);
	struct buf simp;

	buf_init(&simp, 1 << 20);
	norm_set_fast_path(n, 0);
	assert_int_equal(norm_text(n, trad, len, &simp), GL_OK);
	norm_set_fast_path(n, 1);
	/* Spot checks of the article's own words, by hand. */
	assert_non_null(strstr(simp.data, "招商引资推介品牌活动"));
	assert_non_null(strstr(simp.data, "鹊华观澜会"));
	assert_null(strstr(simp.data, "濟"));
	for (int pass = 0; pass < 2; pass++) {
		const char *t = pass ? simp.data : trad;
		size_t tl = pass ? simp.len : len;

		same_both_ways(n, t, tl);
		for (size_t at = 0, nl; at < tl; at += nl + 1) {
			nl = strcspn(t + at, "\n");
			same_both_ways(n, t + at, nl);
		}
		for (size_t at = 0, used; at < tl; at += used) {
			size_t end = at, w;

			utf8_cp((const unsigned char *)t + at, &used);
			for (w = 1; w <= 6 && end < tl; w++) {
				size_t u;

				utf8_cp((const unsigned char *)t + end, &u);
				end += u;
				windows++;
				if (same_both_ways(n, t + at, end - at) && pass)
					skipped++;
			}
		}
	}
	/* About 2 x 6 x 1,900 windows; most simplified ones need no OpenCC. */
	assert_true(windows > 20000);
	assert_true(skipped > windows / 4);
	buf_release(&simp);
	free(trad);
}

static void keys(void **state)
{
	(void)state;
	key_is("91370100MA3C4D5E6F", "91370100MA3C4D5E6F");
	key_is("９１３７０１００ＭＡ３Ｃ４Ｄ５Ｅ６Ｆ", "91370100MA3C4D5E6F");
	key_is(" 91370100ma3c 4d5e6f\n", "91370100MA3C4D5E6F");
	key_is("ＪＮ－2023　001", "JN-2023001");
	key_is("jn-2023001", "JN-2023001");
	/* Codes are not run through OpenCC: whatever is not ASCII stays as it was. */
	key_is("起步區-2023-001", "起步區-2023-001");
	key_is("A\xFF" "b", "A\xEF\xBF\xBD" "B");
	key_is("\xE2\x80\x8B" "AB", "AB");
}

static void open_missing_config(void **state)
{
	struct norm *n = (struct norm *)1;

	(void)state;
	assert_int_equal(norm_open("/nonexistent/t2s.json", &n), GL_EIO);
	assert_null(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(traditional_to_simplified),
		cmocka_unit_test(seed_lines),
		cmocka_unit_test(full_width),
		cmocka_unit_test(spaces),
		cmocka_unit_test(case_folding),
		cmocka_unit_test(mixed),
		cmocka_unit_test(simplified_unchanged),
		cmocka_unit_test(empty),
		cmocka_unit_test(invalid_utf8),
		cmocka_unit_test(four_byte),
		cmocka_unit_test(appends),
		cmocka_unit_test(too_big),
		cmocka_unit_test(fast_path_skips),
		cmocka_unit_test(phrase_only_characters),
		cmocka_unit_test(fast_path_covers_dictionaries),
		cmocka_unit_test(seed_article),
		cmocka_unit_test(keys),
		cmocka_unit_test(open_missing_config),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
