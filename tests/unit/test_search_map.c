/* test_search_map.c - search hits found in the normal form, shown on the text as written:
 * norm_text_map() (src/search/normalize.c), marks_remap() and marks_window()
 * (src/search/marks.c).  Offsets are bytes of the input, hits code points. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/marks.h"
#include "search/normalize.h"

/* The normal form of in, and its map as a list of byte offsets. */
static void map_is(struct norm *n, const char *in, const char *want, const uint32_t *src,
		   size_t nsrc)
{
	struct buf b;
	uint32_t *got;
	size_t ncp;

	buf_init(&b, 1 << 20);
	assert_int_equal(norm_text_map(n, in, strlen(in), &b, &got, &ncp), GL_OK);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.data ? b.data : "", want, b.len);
	assert_int_equal(ncp + 1, nsrc);
	for (size_t i = 0; i < nsrc; i++)
		assert_int_equal(got[i], src[i]);
	free(got);
	buf_release(&b);
}

/* The text as written with the hits of the normal form between [ and ]. */
static void remap_is(struct norm *n, const char *orig, const char *marked_norm, const char *want)
{
	struct mark_hit h[8];
	char text[256], out[256];
	struct buf b;
	uint32_t *src;
	size_t ncp, nh = marks_parse(marked_norm, text, h, 8);

	buf_init(&b, 1 << 20);
	assert_int_equal(norm_text_map(n, orig, strlen(orig), &b, &src, &ncp), GL_OK);
	assert_int_equal(b.len, strlen(text));
	assert_memory_equal(b.data, text, b.len);
	marks_remap(orig, src, ncp, h, nh, out);
	for (char *p = out; *p; p++)
		*p = *p == MARK_OPEN ? '[' : *p == MARK_CLOSE ? ']' : *p;
	assert_string_equal(out, want);
	free(src);
	buf_release(&b);
}

static void width_case_spaces(void **state)
{
	struct norm *n;
	(void)state;
	assert_int_equal(norm_open(NULL, &n), GL_OK);
	/* Ａ is 3 bytes; "  \t" collapses to one space mapped to its first byte; the trailing
	 * space is dropped; the zero-width space (3 bytes) too. */
	map_is(n, "ＡB  \tc\xE2\x80\x8B" "d ", "ab c" "d", (const uint32_t[]){0, 3, 4, 7, 11, 13}, 6);
	map_is(n, "", "", (const uint32_t[]){0}, 1);
	remap_is(n, "Haier Smart　Home", "haier \x02smart home\x03", "Haier [Smart　Home]");
	remap_is(n, "ＢＹＤ汽車", "\x02" "byd\x03汽车", "[ＢＹＤ]汽車");
	norm_close(n);
}

static void traditional(void **state)
{
	struct norm *n;
	(void)state;
	assert_int_equal(norm_open(NULL, &n), GL_OK);
	/* 濟南 → 济南, 乾淨 → 干净 (a phrase): one to one, each character 3 bytes. */
	map_is(n, "濟南乾淨", "济南干净", (const uint32_t[]){0, 3, 6, 9, 12}, 5);
	remap_is(n, "鵲華觀瀾會第1期", "\x02鹊华观澜会\x03第1期", "[鵲華觀瀾會]第1期");
	remap_is(n, "濟南　起步區", "济\x02南 起\x03步区", "濟[南　起]步區");
	/* Two hits, the second at the end. */
	remap_is(n, "鵲垚鵲", "\x02鹊\x03垚\x02鹊\x03", "[鵲]垚[鵲]");
	/* A marker inside the text as written cannot pass for a hit. */
	remap_is(n, "a\x02" "bc", "a \x02" "bc\x03", "a [bc]");
	/* Every way through OpenCC gives the same. */
	norm_set_fast_path(n, 0);
	remap_is(n, "ＢＹＤ汽車", "\x02" "byd\x03汽车", "[ＢＹＤ]汽車");
	norm_close(n);
}

/* Debian's t2s keeps every phrase's length; a dictionary that does not is aligned on the
 * code points that stay.  甲乙 → 丙 (shorter) and 丁 → 戊己 (longer). */
static void length_changes(void **state)
{
	char dir[] = "/tmp/gl-normmap-XXXXXX", dict[128], conf[128];
	struct norm *n;
	FILE *f;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(dict, sizeof dict, "%s/d.txt", dir);
	snprintf(conf, sizeof conf, "%s/c.json", dir);
	assert_non_null(f = fopen(dict, "w"));
	fputs("甲乙\t丙\n丁\t戊己\n", f);
	fclose(f);
	assert_non_null(f = fopen(conf, "w"));
	fprintf(f, "{\"name\": \"t\", \"segmentation\": {\"type\": \"mmseg\", \"dict\": {\"type\": "
		   "\"text\", \"file\": \"%s\"}}, \"conversion_chain\": [{\"dict\": {\"type\": "
		   "\"text\", \"file\": \"%s\"}}]}", dict, dict);
	fclose(f);
	assert_int_equal(norm_open(conf, &n), GL_OK);
	/* a 丙 b c: 丙 stands for 甲乙 (bytes 1..7). */
	map_is(n, "A甲乙BC", "a丙bc", (const uint32_t[]){0, 1, 7, 8, 9}, 5);
	remap_is(n, "A甲乙BC", "a\x02丙b\x03" "c", "A[甲乙B]C");
	/* 戊己 both stand for 丁. */
	map_is(n, "丁C", "戊己c", (const uint32_t[]){0, 0, 3, 4}, 4);
	remap_is(n, "丁C", "\x02戊己\x03" "c", "[丁]C");
	remap_is(n, "丁C", "戊\x02己c\x03", "[丁C]");
	/* Changes that make up each other's length are taken position by position (documented
	 * in normalize.h): 甲乙丁 → 丙戊己, the hit on 丙 shows as 甲. */
	remap_is(n, "甲乙丁", "\x02丙\x03戊己", "[甲]乙丁");
	norm_close(n);
	unlink(dict);
	unlink(conf);
	rmdir(dir);
}

static void window(const char *in, size_t before, size_t width, const char *want)
{
	char out[256];

	marks_window(in, before, width, out);
	for (char *p = out; *p; p++)
		*p = *p == MARK_OPEN ? '[' : *p == MARK_CLOSE ? ']' : *p;
	assert_string_equal(out, want);
}

static void windows(void **state)
{
	(void)state;
	/* 0123456789 with the hit at 5: 2 before, 5 wide → 34[56]7, cut both ways. */
	window("01234\x02" "56\x03" "789", 2, 5, "…34[56]7…");
	/* A hit cut at the end is closed. */
	window("01234\x02" "56789\x03", 2, 4, "…34[56]…");
	/* Near the end the window starts earlier to stay as wide. */
	window("0123456\x02" "78\x03" "9", 1, 6, "…456[78]9");
	/* Short: all of it, no ellipsis. */
	window("济\x02南\x03", 12, 48, "济[南]");
	window("\x02济南\x03起步区", 12, 3, "[济南]起…");
	/* No hit: the start. */
	window("济南起步区", 1, 2, "济南…");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(width_case_spaces),
		cmocka_unit_test(traditional),
		cmocka_unit_test(length_changes),
		cmocka_unit_test(windows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
