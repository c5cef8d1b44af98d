/* test_import_read.c - unit tests for the reading half of import: values, headers, CSV and
 * its encodings, .xlsx, and whole ledgers into exact records and exact problem lists.
 *
 * The .xlsx ledgers and the GB18030 CSV are made at test time by fixtures/make_xlsx.py
 * (Debian's python3-openpyxl) in a temporary directory; the values asserted here are the
 * ones written there. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/csv.h"
#include "import/header.h"
#include "import/read.h"
#include "import/table.h"
#include "import/value.h"
#include "import/xlsx.h"

static char fixdir[64];

static const char *fixture(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", fixdir, name);
	return path;
}

static int make_fixtures(void **state)
{
	char cmd[512];
	const char *py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";

	(void)state;
	snprintf(fixdir, sizeof(fixdir), "%s/guanlan-import-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fixdir))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s tests/unit/fixtures/make_xlsx.py %s", py, fixdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "make_xlsx.py failed (is python3-openpyxl installed? make deps)\n");
		return -1;
	}
	return 0;
}

static int remove_fixtures(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fixdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- values ----------------------------------------------------------------------------- */

static struct cell text_cell(const char *s)
{
	return (struct cell){ CELL_TEXT, s, 0 };
}

static struct cell num_cell(double v)
{
	return (struct cell){ CELL_NUMBER, "", v };
}

static int64_t amount(const char *s, int64_t unit_yuan, int usd, int foreign)
{
	struct cell c = text_cell(s);
	struct value_unit u = { unit_yuan, usd };
	int64_t v = -1;

	assert_int_equal(value_amount(&c, &u, foreign, &v), IMP_OK);
	return v;
}

static enum import_code amount_err(const char *s, int64_t unit_yuan, int foreign)
{
	struct cell c = text_cell(s);
	struct value_unit u = { unit_yuan, 0 };
	int64_t v = 42;
	enum import_code e = value_amount(&c, &u, foreign, &v);

	assert_int_equal(v, 42);
	return e;
}

static void test_amounts(void **state)
{
	struct value_unit yi = { 100000000, 0 }, none = { 0, 0 };
	struct cell c;
	int64_t v;

	(void)state;
	assert_int_equal(amount("400亿元", 0, 0, 0), 4000000);
	assert_int_equal(amount("1.5亿", 0, 0, 0), 15000);
	assert_int_equal(amount("3,000万元", 0, 0, 0), 3000);
	assert_int_equal(amount("3000", 10000, 0, 0), 3000);    /* 总投资（万元） */
	assert_int_equal(amount("3000", 0, 0, 0), 3000);        /* no unit: 万元 */
	assert_int_equal(amount("1.5", 100000000, 0, 0), 15000); /* 总投资（亿元） */
	assert_int_equal(amount("30000000", 1, 0, 0), 3000);    /* 总投资（元） */
	assert_int_equal(amount(" ３０００万元 ", 0, 0, 0), 3000); /* full-width, spaces */
	assert_int_equal(amount("人民币3000万元", 0, 0, 0), 3000);
	assert_int_equal(amount("400 亿元", 10000, 0, 0), 4000000);
	/* A unit written out wins over the column's. */
	assert_int_equal(amount("1.5亿", 10000, 0, 0), 15000);
	/* Foreign currency only in a foreign column, and no 人民币 there. */
	assert_int_equal(amount_err("2.5亿美元", 0, 0), IMP_FOREIGN_CURRENCY);
	assert_int_equal(amount("2.5亿美元", 0, 0, 1), 25000);
	assert_int_equal(amount("300", 10000, 1, 1), 300);
	assert_int_equal(amount_err("300万元", 0, 1), IMP_NOT_FOREIGN);
	assert_int_equal(amount_err("12.5万", 0, 0), IMP_AMOUNT_FRACTION);
	assert_int_equal(amount_err("12.5", 10000, 0), IMP_AMOUNT_FRACTION);
	assert_int_equal(amount_err("约3000万", 0, 0), IMP_BAD_AMOUNT);
	assert_int_equal(amount_err("-5", 0, 0), IMP_BAD_AMOUNT);
	assert_int_equal(amount_err("3000万亿", 0, 0), IMP_BAD_AMOUNT);
	assert_int_equal(amount_err("2023-02-03", 0, 0), IMP_BAD_AMOUNT);
	assert_int_equal(amount_err("100000000万亿元", 0, 0), IMP_BAD_AMOUNT);
	/* Number cells, float noise included. */
	c = num_cell(1.5);
	assert_int_equal(value_amount(&c, &yi, 0, &v), IMP_OK);
	assert_int_equal(v, 15000);
	c = num_cell(0.1 + 0.2);
	assert_int_equal(value_amount(&c, &yi, 0, &v), IMP_OK);
	assert_int_equal(v, 3000);
	c = num_cell(3000);
	assert_int_equal(value_amount(&c, &none, 0, &v), IMP_OK);
	assert_int_equal(v, 3000);
	c = num_cell(-1);
	assert_int_equal(value_amount(&c, &none, 0, &v), IMP_BAD_AMOUNT);

	assert_true(value_looks_like_amount("3000万元"));
	assert_true(value_looks_like_amount("1.5亿"));
	assert_true(value_looks_like_amount("2.5亿美元"));
	assert_false(value_looks_like_amount("3000"));
	assert_false(value_looks_like_amount("2023年2月3日"));
	assert_false(value_looks_like_amount("年产3000万元零部件"));
}

static const char *date_of(struct cell c)
{
	static char buf[16];
	struct ymd d;

	assert_int_equal(value_date(&c, &d), IMP_OK);
	return date_format_iso(d, buf, sizeof(buf));
}

static enum import_code date_err(const char *s)
{
	struct cell c = text_cell(s);
	struct ymd d = { 0, 0, 0 };

	return value_date(&c, &d);
}

static void test_dates(void **state)
{
	struct cell serial = { CELL_DATE, "44960", 44960 };
	struct ymd d;

	(void)state;
	assert_string_equal(date_of(text_cell("2023年2月3日")), "2023-02-03");
	assert_string_equal(date_of(text_cell("2023年02月03号")), "2023-02-03");
	assert_string_equal(date_of(text_cell("2023.2.3")), "2023-02-03");
	assert_string_equal(date_of(text_cell("2023/02/03")), "2023-02-03");
	assert_string_equal(date_of(text_cell("2023-2-3")), "2023-02-03");
	assert_string_equal(date_of(text_cell(" ２０２３－０２－０３ ")), "2023-02-03");
	assert_string_equal(date_of(text_cell("2023-02-03 00:00:00")), "2023-02-03");
	assert_string_equal(date_of(text_cell("20230203")), "2023-02-03");
	assert_string_equal(date_of(text_cell("44960")), "2023-02-03");   /* a serial as text */
	assert_string_equal(date_of(serial), "2023-02-03");
	assert_string_equal(date_of(num_cell(44960.75)), "2023-02-03");  /* time dropped */
	assert_string_equal(date_of(num_cell(20240229)), "2024-02-29");
	assert_string_equal(date_of(text_cell("2024年2月29日")), "2024-02-29");
	/* Excel's 1900 system and its phantom 1900-02-29. */
	assert_string_equal(date_of(num_cell(1)), "1900-01-01");
	assert_string_equal(date_of(num_cell(59)), "1900-02-28");
	assert_int_equal(value_serial_date(60, &d), IMP_IMPOSSIBLE_DATE);
	assert_string_equal(date_of(num_cell(61)), "1900-03-01");
	assert_string_equal(date_of(num_cell(401768)), "2999-12-31");
	assert_int_equal(value_serial_date(401769, &d), IMP_BAD_DATE);
	assert_int_equal(value_serial_date(0, &d), IMP_BAD_DATE);
	/* Impossible and unreadable. */
	assert_int_equal(date_err("2023-02-30"), IMP_IMPOSSIBLE_DATE);
	assert_int_equal(date_err("2023年2月29日"), IMP_IMPOSSIBLE_DATE);
	assert_int_equal(date_err("2023年13月1日"), IMP_IMPOSSIBLE_DATE);
	assert_int_equal(date_err("20230230"), IMP_IMPOSSIBLE_DATE);
	assert_int_equal(date_err("2023年2月"), IMP_BAD_DATE);
	assert_int_equal(date_err("2023"), IMP_BAD_DATE);
	assert_int_equal(date_err("2023.2/3"), IMP_BAD_DATE);
	assert_int_equal(date_err("2023年2-3"), IMP_BAD_DATE);
	assert_int_equal(date_err("2月3日"), IMP_BAD_DATE);
	assert_int_equal(date_err("明年"), IMP_BAD_DATE);
	assert_int_equal(date_err("2023-02-03x"), IMP_BAD_DATE);
}

static void test_credit_codes_and_others(void **state)
{
	char out[19];
	struct cell c;
	int64_t v;
	int b;

	(void)state;
	assert_int_equal(value_credit_code("91370100MA3C5E7Q6D", out), IMP_OK);
	assert_string_equal(out, "91370100MA3C5E7Q6D");
	assert_int_equal(value_credit_code(" 91370100ma3c5e7q6d ", out), IMP_OK);
	assert_string_equal(out, "91370100MA3C5E7Q6D");
	assert_int_equal(value_credit_code("9137 0100 7058 3961 5P", out), IMP_OK);
	assert_string_equal(out, "91370100705839615P");
	assert_int_equal(value_credit_code("９１３７０１００ＭＡ３Ｃ５Ｅ７Ｑ６Ｄ", out), IMP_OK);
	assert_int_equal(value_credit_code("91370100MA3C5E7Q6E", out), IMP_CREDIT_CODE_CHECK);
	assert_string_equal(out, "91370100MA3C5E7Q6E");
	assert_int_equal(value_credit_code("91370100MA3C5E7Q6", out), IMP_BAD_CREDIT_CODE);
	assert_int_equal(value_credit_code("91370100MA3C5E7O6D", out), IMP_BAD_CREDIT_CODE);
	assert_int_equal(value_credit_code("ABC", out), IMP_BAD_CREDIT_CODE);

	c = text_cell("1,200人");
	assert_int_equal(value_count(&c, &v), IMP_OK);
	assert_int_equal(v, 1200);
	c = text_cell("12.5");
	assert_int_equal(value_count(&c, &v), IMP_BAD_NUMBER);
	c = text_cell("12.5亩");
	assert_int_equal(value_land(&c, &v), IMP_OK);
	assert_int_equal(v, 1250);
	c = num_cell(80);
	assert_int_equal(value_land(&c, &v), IMP_OK);
	assert_int_equal(v, 8000);
	c = text_cell("12.505");
	assert_int_equal(value_land(&c, &v), IMP_BAD_LAND);
	c = text_cell("是");
	assert_int_equal(value_bool(&c, &b), IMP_OK);
	assert_int_equal(b, 1);
	c = text_cell("√");
	assert_int_equal(value_bool(&c, &b), IMP_OK);
	assert_int_equal(b, 1);
	c = text_cell("否");
	assert_int_equal(value_bool(&c, &b), IMP_OK);
	assert_int_equal(b, 0);
	c = text_cell("也许");
	assert_int_equal(value_bool(&c, &b), IMP_BAD_BOOL);
}

/* ---- headers ---------------------------------------------------------------------------- */

static void norm(const char *in, const char *name, const char *unit)
{
	char n[128], u[128];

	header_normalise(in, n, u, sizeof(n));
	assert_string_equal(n, name);
	assert_string_equal(u, unit);
}

static struct table_row row_of(struct cell *cells, size_t n, size_t line)
{
	return (struct table_row){ line, n, cells };
}

static void test_header_normalise(void **state)
{
	(void)state;
	norm("总投资（万元）", "总投资", "万元");
	norm("总投资(亿元)", "总投资", "亿元");
	norm("总投资\n（万元）", "总投资", "万元");
	norm(" 项目 名称 ", "项目名称", "");
	norm("項目名稱", "项目名称", "");
	norm("*企业名称：", "企业名称", "");
	norm("【所属产业链】", "", "所属产业链");
	norm("总投资/万元", "总投资", "万元");
	norm("ＥＭＡＩＬ", "email", "");
	norm("用地面积（亩）", "用地面积", "亩");
}

static void test_header_match(void **state)
{
	struct cell cells[] = {
		text_cell("序号"), text_cell("项目"), text_cell("計劃總投資（億元）"),
		text_cell("签约日期"), text_cell("产业链"), text_cell("信用代码"),
		text_cell("总投资万元"), text_cell("备注"), { CELL_EMPTY, "", 0 },
		text_cell("开工"),
	};
	struct table_row row = row_of(cells, 10, 3);
	struct header_map map[] = { { "开工", "started_on" }, { "备注", "" } };
	struct import_problems p;
	struct header h;
	size_t ne;
	int ti = import_field_find(IMPORT_PROJECTS, "total_investment");

	(void)state;
	import_problems_init(&p, 0);
	assert_int_equal(header_score(IMPORT_PROJECTS, &row, NULL, 0, &ne), 6);
	assert_int_equal(ne, 9);
	assert_int_equal(header_build(&h, IMPORT_PROJECTS, &row, map, 2, &p), 0);
	assert_int_equal(h.line, 3);
	assert_int_equal(h.cols[0].field, -1);
	assert_int_equal(h.cols[1].field, import_field_find(IMPORT_PROJECTS, "name"));
	assert_int_equal(h.cols[2].field, ti);
	assert_int_equal(h.cols[2].unit.yuan, 100000000);
	assert_int_equal(h.cols[3].field, import_field_find(IMPORT_PROJECTS, "signed_on"));
	assert_int_equal(h.cols[4].field, import_field_find(IMPORT_PROJECTS, "chain"));
	assert_int_equal(h.cols[5].field,
			 import_field_find(IMPORT_PROJECTS, "enterprise_credit_code"));
	assert_int_equal(h.cols[6].field, -1); /* a second 总投资 */
	assert_int_equal(h.cols[7].field, -1); /* mapped to nothing: ignored quietly */
	assert_int_equal(h.cols[9].field, import_field_find(IMPORT_PROJECTS, "started_on"));
	assert_int_equal(h.field_col[ti], 2);
	assert_int_equal(p.n, 2);
	assert_int_equal(p.items[0].row, 3);
	assert_string_equal(p.items[0].col_name, "A");
	assert_string_equal(p.items[0].header, "序号");
	assert_int_equal(p.items[0].code, IMP_UNKNOWN_COLUMN);
	assert_string_equal(p.items[0].message, "无法识别的列“序号”，该列被忽略");
	assert_string_equal(p.items[1].col_name, "G");
	assert_int_equal(p.items[1].code, IMP_DUPLICATE_COLUMN);
	assert_string_equal(p.items[1].message,
			    "“总投资万元”与 C 列重复，都对应“总投资”，只读取 C 列");
	assert_int_equal(p.errors, 0);
	import_problems_release(&p);

	/* Appeals need the text and the enterprise. */
	{
		struct cell ac[] = { text_cell("企业名称"), text_cell("诉求类别") };
		struct table_row ar = row_of(ac, 2, 1);

		import_problems_init(&p, 0);
		assert_int_equal(header_build(&h, IMPORT_APPEALS, &ar, NULL, 0, &p), 1);
		assert_int_equal(p.n, 1);
		assert_int_equal(p.items[0].code, IMP_MISSING_COLUMN);
		assert_int_equal(p.items[0].col, -1);
		assert_string_equal(p.items[0].message, "缺少必填列“诉求内容”");
		import_problems_release(&p);
	}
	/* A full 12345 export's columns, traditional headers and units included. */
	{
		struct cell ac[] = { text_cell("诉求内容"), text_cell("協辦單位"),
				     text_cell("轉派單位"), text_cell("改派原因"),
				     text_cell("是否延期"), text_cell("延期至"),
				     text_cell("延期天數（工作日）"), text_cell("延期理由"),
				     text_cell("是否督辦") };
		static const char *const want[] = { "text", "co_units", "transfer_unit",
			"transfer_reason", "extension", "extended_to", "extension_days",
			"extension_reason", "supervised" };
		struct table_row ar = row_of(ac, 9, 2);

		import_problems_init(&p, 0);
		assert_int_equal(header_build(&h, IMPORT_APPEALS, &ar, NULL, 0, &p), 0);
		assert_int_equal(p.n, 0);
		for (size_t i = 0; i < 9; i++)
			assert_int_equal(h.cols[i].field, import_field_find(IMPORT_APPEALS, want[i]));
		assert_true(import_field_find(IMPORT_APPEALS, "supervised") > 0);
		import_problems_release(&p);
	}
	assert_int_equal(import_kind_parse("projects"), IMPORT_PROJECTS);
	assert_int_equal(import_kind_parse("project"), -1);
}

/* ---- CSV -------------------------------------------------------------------------------- */

/* The table as one line per row: "line:cell|cell|..." (kinds: text as is, empty as ∅). */
static const char *dump(const struct table *t)
{
	static char out[4096];
	size_t w = 0;

	out[0] = '\0';
	for (size_t r = 0; r < t->nrows; r++) {
		w += (size_t)snprintf(out + w, sizeof(out) - w, "%zu:", t->rows[r].line);
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const struct cell *cl = &t->rows[r].cells[c];
			static const char *const kinds[] = { "∅", "", "#", "@", "?" };

			w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%s%s", c ? "|" : "",
					      kinds[cl->kind], cl->text);
		}
		w += (size_t)snprintf(out + w, sizeof(out) - w, "\n");
	}
	return out;
}

static enum gl_err csv(const char *data, size_t len, struct table *t, enum csv_encoding *enc,
		       struct table_error *err)
{
	table_init(t);
	return csv_read_mem(data, len, 0, table_collect, t, enc, err);
}

static void test_csv_rfc4180(void **state)
{
	static const char data[] =
		"项目名称,总投资,备注\r\n"
		"\"鹊华\"\"观澜\"\"会\",\"3,000\",\"两行\r\n备注\"\n"
		"a,,\n"
		"\n"
		"x\"y,\"q\"z,\r"
		"last,no newline";
	struct table t;
	struct table_error err = { GL_OK, "" };
	enum csv_encoding enc = CSV_GB18030;

	(void)state;
	assert_int_equal(csv(data, sizeof(data) - 1, &t, &enc, &err), GL_OK);
	assert_int_equal(enc, CSV_UTF8);
	assert_string_equal(dump(&t), "1:项目名称|总投资|备注\n"
				      "2:鹊华\"观澜\"会|3,000|两行\r\n备注\n"
				      "3:a|∅|∅\n"
				      "4:\n"
				      "5:x\"y|qz|∅\n"
				      "6:last|no newline\n");
	table_release(&t);
}

static void test_csv_errors(void **state)
{
	struct table t;
	struct table_error err = { GL_OK, "" };

	(void)state;
	assert_int_equal(csv("a,b\n\"open,c\nd\n", 14, &t, NULL, &err), GL_EINVALID);
	assert_string_equal(err.message,
			    "第 2 行有一个引号没有闭合（从这一行开始的字段一直到文件末尾）");
	table_release(&t);
	/* 0x81 0x20 is neither UTF-8 nor GB18030. */
	assert_int_equal(csv("ab,c\n\x81\x20", 7, &t, NULL, &err), GL_EINVALID);
	assert_string_equal(err.message, "无法识别文件编码：第 5 字节（0x81）不是有效的 UTF-8，"
					 "第 5 字节（0x81）也不是有效的 GB18030");
	table_release(&t);
	assert_int_equal(csv("\xEF\xBB\xBF" "a,\xB0\xA1\n", 8, &t, NULL, &err), GL_EINVALID);
	assert_string_equal(err.message, "文件以 UTF-8 标记开头，但第 5 字节（0xB0）不是有效的 UTF-8");
	table_release(&t);
	assert_int_equal(csv("PK\x03\x04rest", 8, &t, NULL, &err), GL_EINVALID);
	assert_string_equal(err.message, "这是一个 .xlsx（ZIP）文件，不是 CSV：请按 .xlsx 导入");
	table_release(&t);
	assert_int_equal(csv("\xFF\xFE" "a\0", 4, &t, NULL, &err), GL_EINVALID);
	table_release(&t);
	table_init(&t);
	assert_int_equal(csv_read_mem("abcdef", 6, 5, table_collect, &t, NULL, &err), GL_ETOOBIG);
	table_release(&t);
}

static void test_csv_encodings(void **state)
{
	/* 项目 in GB18030 is CF EE C4 BF; the BOM is dropped. */
	static const char gb[] = "\xCF\xEE\xC4\xBF,1\n";
	static const char bom[] = "\xEF\xBB\xBF项目,1\n";
	struct table t;
	struct table_error err = { GL_OK, "" };
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(csv(gb, sizeof(gb) - 1, &t, &enc, &err), GL_OK);
	assert_int_equal(enc, CSV_GB18030);
	assert_string_equal(dump(&t), "1:项目|1\n");
	table_release(&t);
	assert_int_equal(csv(bom, sizeof(bom) - 1, &t, &enc, &err), GL_OK);
	assert_int_equal(enc, CSV_UTF8_BOM);
	assert_string_equal(dump(&t), "1:项目|1\n");
	table_release(&t);
	/* The file made by Python's gb18030 codec. */
	table_init(&t);
	assert_int_equal(csv_read_file(fixture("projects-gb18030.csv"), 0, table_collect, &t, &enc,
				       &err), GL_OK);
	assert_int_equal(enc, CSV_GB18030);
	assert_string_equal(dump(&t), "1:2023年项目台账|∅|∅\n"
				      "2:项目名称|总投资（亿元）|签约时间\n"
				      "3:濟南比亞迪項目|1.5|2023年2月3日\n"
				      "4:\"鹊华观澜会\"\n配套项目|0.3|2023-2-3\n"
				      "5:\n"
				      "6:合计|1.8|∅\n");
	table_release(&t);
}

/* ---- .xlsx ------------------------------------------------------------------------------ */

static void test_xlsx_cells(void **state)
{
	struct table t;
	struct table_error err = { GL_OK, "" };

	(void)state;
	table_init(&t);
	assert_int_equal(xlsx_read_file(fixture("projects.xlsx"), NULL, table_collect, &t, &err),
			 GL_OK);
	/* # number, @ date serial, ? boolean; H5 takes H4's value from the merged H4:H5; row 6
	 * is absent; A8 and A13 only have a fill; E11's formula has no cached value. */
	assert_string_equal(dump(&t),
		"1:2023年重点项目台账\n"
		"2:填报单位：起步区投资促进局|∅|∅|∅|∅|∅|∅|∅|单位：万元\n"
		"3:序号|项目名称|企業名稱|统一社会信用代码|总投资\n（万元）|签约时间|所属产业链|责任单位|是否重点项目\n"
		"4:#1|濟南比亞迪新能源汽車項目|比亞迪汽車工業有限公司|91370100MA3C5E7Q6D|400亿元|@44960|新能源汽车|起步区管委会|是\n"
		"5:#2|鵲華觀瀾會配套項目|国家电力投资集团有限公司|91370112163084536D|1.5亿|2023年2月3日|新能源|起步区管委会|否\n"
		"7:#3|京东智能物流园项目|京东|91370100705839615P|#3000|2023.2.3|现代物流|投资促进局|√\n"
		"8:\n"
		"9:#4|西门子智能制造项目|西门子（中国）有限公司|91370181MA3P2TLK2U|3,000万元|2023/02/03|高端装备|投资促进局|否\n"
		"10:#5|甲骨文数据中心|甲骨文|91110000802208110B|#12000|@45000|数字经济|投资促进局|?TRUE\n"
		"11:合 计\n"
		"13:\n");
	table_release(&t);

	/* Another sheet by name; a missing one names those there are. */
	{
		struct xlsx_options o = { "企业名录", 0, 0 };

		table_init(&t);
		assert_int_equal(xlsx_read_file(fixture("projects.xlsx"), &o, table_collect, &t,
						&err), GL_OK);
		assert_int_equal(t.nrows, 3);
		assert_string_equal(table_cell(&t, 1, 1)->text, "91370100ma3c5e7q6d");
		table_release(&t);
		o.sheet = "汇总";
		table_init(&t);
		assert_int_equal(xlsx_read_file(fixture("projects.xlsx"), &o, table_collect, &t,
						&err), GL_EINVALID);
		assert_string_equal(err.message, "工作簿中没有名为“汇总”的工作表（有：重点项目、企业名录）");
		table_release(&t);
	}
	/* Cells right of max_cols are dropped. */
	{
		struct xlsx_options o = { NULL, 0, 2 };

		table_init(&t);
		assert_int_equal(xlsx_read_file(fixture("projects.xlsx"), &o, table_collect, &t,
						&err), GL_OK);
		assert_int_equal(t.rows[3].line, 4);
		assert_int_equal(t.rows[3].ncells, 2);
		assert_string_equal(table_cell(&t, 3, 1)->text, "濟南比亞迪新能源汽車項目");
		table_release(&t);
	}
	/* Not a zip at all, and a file that is not there. */
	table_init(&t);
	assert_int_equal(xlsx_read_file(fixture("projects-gb18030.csv"), NULL, table_collect, &t,
					&err), GL_EINVALID);
	assert_int_equal(xlsx_read_file(fixture("none.xlsx"), NULL, table_collect, &t, &err),
			 GL_EIO);
	table_release(&t);
}

static void test_xlsx_bomb(void **state)
{
	struct xlsx_options o = { NULL, 1 << 20, 0 };
	struct table t;
	struct table_error err = { GL_OK, "" };

	(void)state;
	table_init(&t);
	assert_int_equal(xlsx_read_file(fixture("bomb.xlsx"), &o, table_collect, &t, &err),
			 GL_ETOOBIG);
	assert_string_equal(err.message, "xl/worksheets/sheet1.xml 解压后超过 1048576 字节的上限，"
					 "文件被拒绝（可能是压缩炸弹）");
	assert_int_equal(t.nrows, 0);
	table_release(&t);
	/* Under a larger limit it reads: 50,000 rows of one cell. */
	o.max_part_bytes = 16 << 20;
	table_init(&t);
	assert_int_equal(xlsx_read_file(fixture("bomb.xlsx"), &o, table_collect, &t, &err), GL_OK);
	assert_int_equal(t.nrows, 50000);
	assert_int_equal(t.rows[49999].line, 50000);
	table_release(&t);
}

/* ---- whole ledgers ---------------------------------------------------------------------- */

struct collected {
	enum import_kind kind;
	char out[8192];
	size_t w;
};

/* "row[!]: field=value ..." for the present fields, ! when the row has an error. */
static int collect(void *ctx, const struct import_record *rec)
{
	struct collected *c = ctx;
	size_t n;
	const struct import_field *f = import_fields(c->kind, &n);

	c->w += (size_t)snprintf(c->out + c->w, sizeof(c->out) - c->w, "%zu%s:", rec->row,
				 rec->ok ? "" : "!");
	for (size_t i = 0; i < rec->nvalues; i++) {
		const struct import_value *v = &rec->values[i];

		if (!v->present)
			continue;
		if (v->text)
			c->w += (size_t)snprintf(c->out + c->w, sizeof(c->out) - c->w, " %s=%s",
						 f[i].code, v->text);
		else
			c->w += (size_t)snprintf(c->out + c->w, sizeof(c->out) - c->w, " %s=%lld",
						 f[i].code, (long long)v->num);
	}
	c->w += (size_t)snprintf(c->out + c->w, sizeof(c->out) - c->w, "\n");
	return 0;
}

/* "row col header code message", one a line. */
static const char *problems(const struct import_problems *p)
{
	static char out[8192];
	size_t w = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->n; i++) {
		const struct import_problem *it = &p->items[i];

		w += (size_t)snprintf(out + w, sizeof(out) - w, "%zu %s %s %s %s\n", it->row,
				      it->col_name[0] ? it->col_name : "-",
				      it->header ? it->header : "-", import_code_name(it->code),
				      it->message);
	}
	return out;
}

static void test_read_ledger(void **state)
{
	struct import_options o = { IMPORT_PROJECTS, IMPORT_FORMAT_AUTO, NULL, NULL, 0, 0 };
	struct collected c = { IMPORT_PROJECTS, "", 0 };
	struct import_problems p;
	struct import_summary s;

	(void)state;
	import_problems_init(&p, 0);
	assert_int_equal(import_read_file(fixture("projects.xlsx"), &o, collect, &c, &p, &s), GL_OK);
	assert_int_equal(s.format, IMPORT_FORMAT_XLSX);
	assert_int_equal(s.header_row, 3);
	assert_int_equal(s.records, 5);
	assert_int_equal(s.rejected, 0);
	assert_int_equal(s.skipped, 3);
	assert_string_equal(c.out,
		"4: name=濟南比亞迪新能源汽車項目 enterprise_name=比亞迪汽車工業有限公司 "
		"enterprise_credit_code=91370100MA3C5E7Q6D chain=新能源汽车 total_investment=4000000 "
		"signed_on=2023-02-03 key_project=1 unit=起步区管委会\n"
		"5: name=鵲華觀瀾會配套項目 enterprise_name=国家电力投资集团有限公司 "
		"enterprise_credit_code=91370112163084536D chain=新能源 total_investment=15000 "
		"signed_on=2023-02-03 key_project=0 unit=起步区管委会\n"
		"7: name=京东智能物流园项目 enterprise_name=京东 "
		"enterprise_credit_code=91370100705839615P chain=现代物流 total_investment=3000 "
		"signed_on=2023-02-03 key_project=1 unit=投资促进局\n"
		"9: name=西门子智能制造项目 enterprise_name=西门子（中国）有限公司 "
		"enterprise_credit_code=91370181MA3P2TLK2U chain=高端装备 total_investment=3000 "
		"signed_on=2023-02-03 key_project=0 unit=投资促进局\n"
		"10: name=甲骨文数据中心 enterprise_name=甲骨文 "
		"enterprise_credit_code=91110000802208110B chain=数字经济 total_investment=12000 "
		"signed_on=2023-03-15 key_project=1 unit=投资促进局\n");
	assert_string_equal(problems(&p),
		"3 A 序号 unknown_column 无法识别的列“序号”，该列被忽略\n"
		"6 - - skipped_blank 空行，已跳过\n"
		"8 - - skipped_blank 空行，已跳过\n"
		"11 - - skipped_total 合计行“合 计”，已跳过\n");
	assert_int_equal(p.errors, 0);
	import_problems_release(&p);
}

static void test_read_broken(void **state)
{
	struct import_options o = { IMPORT_PROJECTS, IMPORT_FORMAT_AUTO, NULL, NULL, 0, 0 };
	struct collected c = { IMPORT_PROJECTS, "", 0 };
	struct import_problems p;
	struct import_summary s;

	(void)state;
	import_problems_init(&p, 0);
	assert_int_equal(import_read_file(fixture("broken.xlsx"), &o, collect, &c, &p, &s), GL_OK);
	assert_int_equal(s.header_row, 1);
	assert_int_equal(s.records, 5);
	assert_int_equal(s.rejected, 5);
	assert_string_equal(problems(&p),
		"2 C 统一社会信用代码 credit_code_check 统一社会信用代码“91370100MA3C5E7Q6E”的校验位不对，请核对\n"
		"2 E 签约日期 impossible_date 日期“2023-02-30”不存在\n"
		"3 D 总投资（万元） foreign_currency “2.5亿美元”是美元金额，“总投资（万元）”列应填人民币\n"
		"3 E 签约日期 amount_wrong_column “3000万元”是一个金额，不应填在“签约日期”列\n"
		"3 G 所属产业链 amount_wrong_column “1.5亿”是一个金额，不应填在“所属产业链”列\n"
		"4 D 总投资（万元） amount_fraction “12.5”不是整数万元\n"
		"4 F 外资（万美元） not_foreign “300万元”是人民币金额，“外资（万美元）”列应填美元\n"
		"4 A 项目编号 duplicate_key 与第 2 行重复（同一项目编号）\n"
		"5 B 项目名称 required “项目名称”不能为空\n"
		"5 C 统一社会信用代码 bad_credit_code “ABC”不是统一社会信用代码：应为 18 位\n"
		"5 D 总投资（万元） bad_amount “约3000万”不是可识别的金额（例如 3000、3,000万元、1.5亿）\n"
		"5 E 签约日期 impossible_date 日期“2023年13月1日”不存在\n"
		"6 E 签约日期 impossible_date 日期“60”不存在\n");
	assert_int_equal(p.errors, 13);
	assert_int_equal(p.count[IMP_IMPOSSIBLE_DATE], 3);
	/* Good values of bad rows still come through; bad ones are absent. */
	assert_string_equal(c.out,
		"2!: code=QH-2023-0001 name=项目甲 chain=新能源 total_investment=1000\n"
		"3!: code=QH-2023-0002 name=项目乙 enterprise_credit_code=91370112163084536D foreign=25000\n"
		"4!: code=QH-2023-0001 name=项目丙 enterprise_credit_code=91370100705839615P chain=数字经济 "
		"signed_on=2023-02-28\n"
		"5!: code=QH-2023-0004\n"
		"6!: code=QH-2023-0005 name=项目戊 enterprise_credit_code=91370181MA3P2TLK2U "
		"total_investment=500\n");
	import_problems_release(&p);
}

static void test_read_gb18030_and_mapping(void **state)
{
	struct header_map map[] = { { "签约时间", "started_on" } };
	struct import_options o = { IMPORT_PROJECTS, IMPORT_FORMAT_AUTO, NULL, map, 1, 0 };
	struct collected c = { IMPORT_PROJECTS, "", 0 };
	struct import_problems p;
	struct import_summary s;

	(void)state;
	import_problems_init(&p, 0);
	assert_int_equal(import_read_file(fixture("projects-gb18030.csv"), &o, collect, &c, &p, &s),
			 GL_OK);
	assert_int_equal(s.format, IMPORT_FORMAT_CSV);
	assert_int_equal(s.encoding, CSV_GB18030);
	assert_int_equal(s.header_row, 2);
	/* 总投资（亿元）: 1.5 is 15000 万元; the mapping sends 签约时间 to started_on. */
	assert_string_equal(c.out,
		"3: name=濟南比亞迪項目 total_investment=15000 started_on=2023-02-03\n"
		"4: name=\"鹊华观澜会\"\n配套项目 total_investment=3000 started_on=2023-02-03\n");
	assert_string_equal(problems(&p),
		"5 - - skipped_blank 空行，已跳过\n"
		"6 - - skipped_total 合计行“合计”，已跳过\n");
	import_problems_release(&p);
}

static void test_read_enterprises_and_failures(void **state)
{
	struct import_options o = { IMPORT_ENTERPRISES, IMPORT_FORMAT_AUTO, "企业名录", NULL, 0, 0 };
	struct collected c = { IMPORT_ENTERPRISES, "", 0 };
	struct import_problems p;
	static const char dup[] = "企业名称,信用代码\n甲,91370100MA3C5E7Q6D\n乙,91370100ma3c5e7q6d\n"
				  "丙,\n丙,\n";

	(void)state;
	import_problems_init(&p, 0);
	assert_int_equal(import_read_file(fixture("projects.xlsx"), &o, collect, &c, &p, NULL), GL_OK);
	assert_string_equal(c.out,
		"2: name=比亞迪汽車工業有限公司 credit_code=91370100MA3C5E7Q6D address=濟南市起步區 "
		"contact_name=张娜 contact_phone=0531-88888888\n"
		"3: name=京东 credit_code=91370100705839615P\n");
	assert_int_equal(p.n, 0);
	import_problems_release(&p);

	/* Keys: the credit code (after normalising), else the name. */
	c.w = 0;
	o.sheet = NULL;
	import_problems_init(&p, 0);
	assert_int_equal(import_read_mem(dup, sizeof(dup) - 1, "企业.csv", &o, collect, &c, &p, NULL),
			 GL_OK);
	assert_string_equal(problems(&p),
		"3 B 信用代码 duplicate_key 与第 2 行重复（同一统一社会信用代码）\n"
		"5 A 企业名称 duplicate_key 与第 4 行重复（同一企业名称）\n");
	import_problems_release(&p);

	/* A UTF-8 file with a BOM, read in place. */
	{
		FILE *f = fopen(fixture("bom.csv"), "wb");
		struct import_summary s;

		assert_non_null(f);
		fputs("\xEF\xBB\xBF企业名称,统一社会信用代码,地址\r\n京东,91370100705839615P,\r\n", f);
		assert_int_equal(fclose(f), 0);
		c.w = 0;
		c.out[0] = '\0';
		import_problems_init(&p, 0);
		assert_int_equal(import_read_file(fixture("bom.csv"), &o, collect, &c, &p, &s), GL_OK);
		assert_int_equal(s.encoding, CSV_UTF8_BOM);
		assert_string_equal(c.out, "2: name=京东 credit_code=91370100705839615P\n");
		assert_int_equal(p.n, 0);
		import_problems_release(&p);
	}

	/* No header in the first 50 rows; a broken file gives one IMP_FILE problem. */
	import_problems_init(&p, 0);
	assert_int_equal(import_read_mem("甲,乙\n1,2\n", 12, "x.csv", &o, NULL, NULL, &p, NULL), GL_OK);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].code, IMP_NO_HEADER);
	assert_int_equal(p.errors, 1);
	import_problems_release(&p);
	import_problems_init(&p, 0);
	assert_int_equal(import_read_file(fixture("bomb.xlsx"), &(struct import_options){
		IMPORT_PROJECTS, IMPORT_FORMAT_AUTO, NULL, NULL, 0, 1 << 20 }, NULL, NULL, &p, NULL),
		GL_ETOOBIG);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].code, IMP_FILE);
	assert_int_equal(p.items[0].row, 0);
	import_problems_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_credit_codes_and_others),
		cmocka_unit_test(test_header_normalise),
		cmocka_unit_test(test_header_match),
		cmocka_unit_test(test_csv_rfc4180),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_encodings),
		cmocka_unit_test(test_xlsx_cells),
		cmocka_unit_test(test_xlsx_bomb),
		cmocka_unit_test(test_read_ledger),
		cmocka_unit_test(test_read_broken),
		cmocka_unit_test(test_read_gb18030_and_mapping),
		cmocka_unit_test(test_read_enterprises_and_failures),
	};

	return cmocka_run_group_tests(tests, make_fixtures, remove_fixtures);
}
