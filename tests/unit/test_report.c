/* test_ledger.c - unit tests for the ledger writers: cell text by kind, the CSV bytes, and an
 * .xlsx that closes cleanly (its cells are read back by openpyxl in tests/api). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/sheet.h"

static const char *text(enum sheet_kind k, int64_t num, const char *s, int null)
{
	static char buf[64];
	struct sheet_cell c = {s, num, null};

	return sheet_cell_text(k, &c, buf, sizeof(buf));
}

static void test_cell_text(void **state)
{
	(void)state;
	assert_string_equal(text(SHEET_WAN, 1234567, NULL, 0), "1234567");
	assert_string_equal(text(SHEET_YI, 123456, NULL, 0), "12.3456");
	assert_string_equal(text(SHEET_YI, 4000000, NULL, 0), "400");
	assert_string_equal(text(SHEET_YI, 12, NULL, 0), "0.0012");
	assert_string_equal(text(SHEET_INT, -7, NULL, 0), "-7");
	assert_string_equal(text(SHEET_PERCENT, 1234, NULL, 0), "12.34%");
	assert_string_equal(text(SHEET_PERCENT, -5, NULL, 0), "-0.05%");
	assert_string_equal(text(SHEET_PERCENT, 10000, NULL, 0), "100.00%");
	/* Land in hundredths of a 亩: always two decimals, exact. */
	assert_string_equal(text(SHEET_CENTI, 1250, NULL, 0), "12.50");
	assert_string_equal(text(SHEET_CENTI, 7, NULL, 0), "0.07");
	assert_string_equal(text(SHEET_CENTI, 0, NULL, 0), "0.00");
	assert_string_equal(text(SHEET_CENTI, 123456789, NULL, 0), "1234567.89");
	assert_string_equal(text(SHEET_CENTI, -250, NULL, 0), "-2.50");
	assert_string_equal(text(SHEET_CENTI, 1250, NULL, 1), "");
	assert_string_equal(text(SHEET_DATE, 0, "2023-06-18", 0), "2023-06-18");
	assert_string_equal(text(SHEET_WAN, 5, NULL, 1), "");
	assert_string_equal(text(SHEET_TEXT, 0, NULL, 0), "");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = calloc(1, 4096);

	assert_non_null(f);
	*len = fread(data, 1, 4095, f);
	fclose(f);
	return data;
}

static const struct sheet_col cols[] = {
	{"名称", SHEET_TEXT, 20}, {"金额（万元）", SHEET_WAN, 10}, {"金额（亿元）", SHEET_YI, 10},
	{"日期", SHEET_DATE, 12}, {"比例", SHEET_PERCENT, 8},
};
static const char *const views[] = {"全部", "部分"};

static void write_rows(enum sheet_format f, const char *path)
{
	struct sheet_writer *w;
	const struct sheet_cell rows[][5] = {
		{{"甲,\"乙\"", 0, 0}, {NULL, 15000, 0}, {NULL, 15000, 0}, {"2023-02-03", 0, 0},
		 {NULL, 2500, 0}},
		{{"=1+1", 0, 0}, {NULL, 0, 1}, {NULL, 0, 1}, {NULL, 0, 0}, {NULL, 0, 1}},
		{{"a\nb", 0, 0}, {NULL, -3, 0}, {NULL, -3, 0}, {"2024-02-29", 0, 0}, {NULL, 0, 0}},
	};
	const struct sheet_note notes[] = {{"筛选条件", "无"}};

	assert_int_equal(sheet_open(f, path, cols, 5, views, 2, &w), GL_OK);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(sheet_row(w, i == 1 ? 2u : 0u, rows[i]), GL_OK);
	assert_int_equal(sheet_close(w, notes, 1), GL_OK);
}

static void test_csv_bytes(void **state)
{
	char path[] = "/tmp/guanlan-ledger-XXXXXX";
	int fd = mkstemp(path);
	size_t len;
	char *data;
	const char expect[] =
		"\xEF\xBB\xBF名称,金额（万元）,金额（亿元）,日期,比例\r\n"
		"\"甲,\"\"乙\"\"\",15000,1.5,2023-02-03,25.00%\r\n"
		"'=1+1,,,,\r\n"
		"\"a\nb\",-3,-0.0003,2024-02-29,0.00%\r\n";

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_rows(SHEET_CSV, path);
	data = slurp(path, &len);
	assert_int_equal(len, sizeof(expect) - 1);
	assert_memory_equal(data, expect, len);
	free(data);
	unlink(path);
}

static void test_xlsx_closes(void **state)
{
	char path[] = "/tmp/guanlan-ledger-XXXXXX";
	int fd = mkstemp(path);
	size_t len;
	char *data;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_rows(SHEET_XLSX, path);
	data = slurp(path, &len);
	assert_true(len > 100);
	assert_memory_equal(data, "PK\x03\x04", 4); /* a zip container */
	free(data);
	unlink(path);
}

static void test_formats(void **state)
{
	struct sheet_writer *w;

	(void)state;
	assert_int_equal(sheet_format_parse("csv"), SHEET_CSV);
	assert_int_equal(sheet_format_parse("xlsx"), SHEET_XLSX);
	assert_int_equal(sheet_format_parse("XLSX"), -1);
	assert_int_equal(sheet_format_parse(NULL), -1);
	assert_string_equal(sheet_formats[SHEET_CSV].content_type, "text/csv; charset=utf-8");
	assert_int_equal(sheet_open(SHEET_CSV, "/nonexistent-dir/x.csv", cols, 5, views, 2, &w),
			 GL_EIO);
	assert_null(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_text),
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_xlsx_closes),
		cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
