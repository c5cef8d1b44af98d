/* read.c - rows of cells into typed records and problems (see read.h). */
#include "read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../domain/text.h"
#include "../util/buf.h"
#include "value.h"
#include "xlsx.h"

/* Rows looked at for a header before giving up. */
enum { HEADER_SEARCH_ROWS = 50 };

/* The natural keys seen so far and the row of each: open addressing, FNV-1a. */
struct keyset {
	struct arena arena;
	struct keyslot {
		const char *key;
		size_t row;
	} *slots;
	size_t n, cap;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The row where key was first seen, or 0 after recording it at row; SIZE_MAX when memory
 * ran out. */
static size_t keyset_add(struct keyset *ks, const char *key, size_t row)
{
	size_t i;

	if (ks->n * 2 >= ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 1024;
		struct keyslot *s = calloc(cap, sizeof(*s));

		if (!s)
			return SIZE_MAX;
		for (size_t k = 0; k < ks->cap; k++) {
			if (!ks->slots[k].key)
				continue;
			for (i = fnv(ks->slots[k].key) & (cap - 1); s[i].key; i = (i + 1) & (cap - 1))
				;
			s[i] = ks->slots[k];
		}
		free(ks->slots);
		ks->slots = s;
		ks->cap = cap;
	}
	for (i = fnv(key) & (ks->cap - 1); ks->slots[i].key; i = (i + 1) & (ks->cap - 1))
		if (strcmp(ks->slots[i].key, key) == 0)
			return ks->slots[i].row;
	ks->slots[i].key = arena_strdup(&ks->arena, key);
	if (!ks->slots[i].key)
		return SIZE_MAX;
	ks->slots[i].row = row;
	ks->n++;
	return 0;
}

struct reading {
	const struct import_options *opt;
	import_record_fn fn;
	void *ctx;
	struct import_problems *probs;
	struct import_summary sum;
	const struct import_field *fields;
	size_t nfields;
	struct header header;
	int have_header;
	size_t rows_before_header;
	size_t last_line;           /* the header or the last non-blank data row */
	struct import_value values[64];
	size_t offs[64];
	struct buf text;            /* the record's texts, at offs */
	struct keyset keys;
	int oom;
};

static int add(struct reading *rd, size_t row, long col, enum import_code code,
	       const char *fmt, const char *a, const char *b)
{
	const char *header = col >= 0 && (size_t)col < rd->header.ncols ? rd->header.cols[col].text
								       : NULL;

	/* Every message quotes at most two strings; fmt names them in order. */
	if (import_problem_add(rd->probs, row, col, header, code, fmt, a, b ? b : "") != 0)
		rd->oom = 1;
	return 0;
}

/* A totals row: 合计, 总计 or 小计 begins one of the first three cells. */
static int is_totals(const struct table_row *row, char *label, size_t size)
{
	static const char *const words[] = { "合计", "总计", "小计", "总合计" };

	for (size_t i = 0; i < row->ncells && i < 3; i++) {
		char buf[128], name[128], unit[128];

		/* Every word ends in 计 (計 in traditional): look no further without one. */
		if (row->cells[i].kind != CELL_TEXT ||
		    (!strstr(row->cells[i].text, "计") && !strstr(row->cells[i].text, "計")))
			continue;
		snprintf(buf, sizeof(buf), "%s", row->cells[i].text);
		/* header_normalise drops spaces (合 计) and makes 合計 simplified. */
		header_normalise(buf, name, unit, sizeof(name));
		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
			if (strncmp(name, words[w], strlen(words[w])) == 0 ||
			    strncmp(buf, words[w], strlen(words[w])) == 0) {
				snprintf(label, size, "%s", value_trim(buf));
				return 1;
			}
		}
	}
	return 0;
}

static void report_blanks(struct reading *rd, size_t upto)
{
	for (size_t line = rd->last_line + 1; line < upto; line++) {
		add(rd, line, -1, IMP_SKIPPED_BLANK, "空行，已跳过%s%s", "", NULL);
		rd->sum.skipped++;
	}
}

static int set_text(struct reading *rd, size_t f, const char *s)
{
	rd->offs[f] = rd->text.len;
	rd->values[f].present = 1;
	if (buf_add(&rd->text, s, strlen(s) + 1) != GL_OK) {
		rd->oom = 1;
		return -1;
	}
	return 0;
}

static const char *credit_reason(const char *text)
{
	char buf[64];
	size_t w = 0;

	for (const char *p = text; *p && w + 1 < sizeof(buf); p++)
		if (*p != ' ')
			buf[w++] = *p;
	buf[w] = '\0';
	if (strlen(buf) != 18)
		return "应为 18 位";
	return "含有不允许的字符（统一社会信用代码不使用 I、O、S、V、Z 和标点）";
}

/* One field of a data row: the value, or a problem.  Returns 1 when it is an error. */
static int read_field(struct reading *rd, const struct table_row *row, size_t f, size_t col)
{
	static const struct cell empty = { CELL_EMPTY, "", 0 };
	const struct import_field *fd = &rd->fields[f];
	const struct cell *c = col < row->ncells ? &row->cells[col] : &empty;
	const struct header_col *hc = &rd->header.cols[col];
	char shown[512];
	enum import_code e = IMP_OK;
	struct ymd d;
	char code[19];
	int b;

	value_text(c, shown, sizeof(shown));
	if (c->kind == CELL_EMPTY || !shown[0]) {
		if (fd->required) {
			add(rd, row->line, (long)col, IMP_REQUIRED, "“%s”不能为空%s", fd->label, NULL);
			return 1;
		}
		return 0;
	}
	if (fd->type != FIELD_AMOUNT && fd->type != FIELD_FOREIGN && c->kind == CELL_TEXT &&
	    value_looks_like_amount(shown)) {
		add(rd, row->line, (long)col, IMP_AMOUNT_WRONG_COLUMN,
		    "“%s”是一个金额，不应填在“%s”列", shown, hc->text);
		return 1;
	}
	switch (fd->type) {
	case FIELD_TEXT:
		if (text_chars(shown) > fd->max_chars) {
			char max[24];

			snprintf(max, sizeof(max), "%zu", fd->max_chars);
			add(rd, row->line, (long)col, IMP_TOO_LONG, "“%s”超过 %s 个字", shown, max);
			return 1;
		}
		set_text(rd, f, shown);
		return 0;
	case FIELD_AMOUNT:
	case FIELD_FOREIGN:
		e = value_amount(c, &hc->unit, fd->type == FIELD_FOREIGN, &rd->values[f].num);
		break;
	case FIELD_DATE:
		e = value_date(c, &d);
		if (e == IMP_OK) {
			char iso[11];

			set_text(rd, f, date_format_iso(d, iso, sizeof(iso)));
		}
		break;
	case FIELD_CREDIT_CODE:
		e = value_credit_code(shown, code);
		if (e == IMP_OK)
			set_text(rd, f, code);
		break;
	case FIELD_COUNT:
		e = value_count(c, &rd->values[f].num);
		break;
	case FIELD_LAND:
		e = value_land(c, &rd->values[f].num);
		break;
	case FIELD_BOOL:
		e = value_bool(c, &b);
		rd->values[f].num = b;
		break;
	default:
		break;
	}
	switch (e) {
	case IMP_OK:
		rd->values[f].present = 1;
		return 0;
	case IMP_BAD_AMOUNT:
		add(rd, row->line, (long)col, e, "“%s”不是可识别的金额（例如 3000、3,000万元、1.5亿）%s",
		    shown, NULL);
		break;
	case IMP_AMOUNT_FRACTION:
		add(rd, row->line, (long)col, e, "“%s”不是整数万元%s", shown, NULL);
		break;
	case IMP_FOREIGN_CURRENCY:
		add(rd, row->line, (long)col, e, "“%s”是美元金额，“%s”列应填人民币", shown, hc->text);
		break;
	case IMP_NOT_FOREIGN:
		add(rd, row->line, (long)col, e, "“%s”是人民币金额，“%s”列应填美元", shown, hc->text);
		break;
	case IMP_BAD_DATE:
		add(rd, row->line, (long)col, e,
		    "“%s”不是可识别的日期（例如 2023-02-03、2023年2月3日、2023.2.3、2023/02/03）%s",
		    shown, NULL);
		break;
	case IMP_IMPOSSIBLE_DATE:
		add(rd, row->line, (long)col, e, "日期“%s”不存在%s", shown, NULL);
		break;
	case IMP_BAD_CREDIT_CODE:
		add(rd, row->line, (long)col, e, "“%s”不是统一社会信用代码：%s", shown,
		    credit_reason(shown));
		break;
	case IMP_CREDIT_CODE_CHECK:
		add(rd, row->line, (long)col, e, "统一社会信用代码“%s”的校验位不对，请核对%s",
		    code, NULL);
		break;
	case IMP_BAD_NUMBER:
		add(rd, row->line, (long)col, e, "“%s”不是整数%s", shown, NULL);
		break;
	case IMP_BAD_LAND:
		add(rd, row->line, (long)col, e, "“%s”不是以亩计的面积（最多两位小数）%s", shown, NULL);
		break;
	case IMP_BAD_BOOL:
		add(rd, row->line, (long)col, e, "“%s”应为“是”或“否”%s", shown, NULL);
		break;
	default:
		add(rd, row->line, (long)col, e, "“%s”无法读取%s", shown, NULL);
		break;
	}
	rd->values[f].present = 0;
	return 1;
}

/* The natural key of the record ("" when it has none) and the column to blame. */
static long record_key(struct reading *rd, struct buf *key, const char **label)
{
	long col = -1;

	buf_reset(key);
	for (int pass = 1; pass <= 2 && key->len == 0; pass++) {
		for (size_t f = 0; f < rd->nfields; f++) {
			const char *t;

			if (rd->fields[f].key != pass || !rd->values[f].present ||
			    rd->header.field_col[f] < 0)
				continue;
			t = rd->text.data + rd->offs[f];
			if (key->len == 0) {
				col = rd->header.field_col[f];
				*label = rd->fields[f].label;
				if (buf_add(key, pass == 1 ? "1" : "2", 1) != GL_OK)
					return -1;
			}
			if (buf_add(key, "\x1f", 1) != GL_OK || buf_adds(key, t) != GL_OK)
				return -1;
		}
	}
	return key->len ? col : -1;
}

static int data_row(struct reading *rd, const struct table_row *row)
{
	struct import_record rec;
	int errors = 0;
	char label[128];

	if (table_row_blank(row))
		return 0;  /* reported when a non-blank row follows */
	report_blanks(rd, row->line);
	rd->last_line = row->line;
	if (is_totals(row, label, sizeof(label))) {
		add(rd, row->line, -1, IMP_SKIPPED_TOTAL, "合计行“%s”，已跳过%s", label, NULL);
		rd->sum.skipped++;
		return 0;
	}
	buf_reset(&rd->text);
	memset(rd->values, 0, sizeof(rd->values[0]) * rd->nfields);
	for (size_t f = 0; f < rd->nfields; f++)
		rd->offs[f] = SIZE_MAX;
	/* Left to right, as the user reads the report. */
	for (size_t col = 0; col < rd->header.ncols; col++)
		if (rd->header.cols[col].field >= 0)
			errors += read_field(rd, row, (size_t)rd->header.cols[col].field, col);
	/* The same key twice in one file: the second is refused, naming the first. */
	{
		struct buf key;
		const char *klabel = "";
		long col;

		buf_init(&key, 4096);
		col = record_key(rd, &key, &klabel);
		if (col >= 0) {
			size_t first = keyset_add(&rd->keys, key.data, row->line);

			if (first == SIZE_MAX) {
				rd->oom = 1;
			} else if (first) {
				char at[32];

				snprintf(at, sizeof(at), "%zu", first);
				add(rd, row->line, col, IMP_DUPLICATE_KEY,
				    "与第 %s 行重复（同一%s）", at, klabel);
				errors++;
			}
		}
		buf_release(&key);
	}
	for (size_t f = 0; f < rd->nfields; f++)
		rd->values[f].text = rd->offs[f] != SIZE_MAX ? rd->text.data + rd->offs[f] : NULL;
	rd->sum.records++;
	if (errors)
		rd->sum.rejected++;
	rec.row = row->line;
	rec.ok = errors == 0;
	rec.nvalues = rd->nfields;
	rec.values = rd->values;
	rec.header = &rd->header;
	return rd->fn ? rd->fn(rd->ctx, &rec) : 0;
}

static int on_row(void *ctx, const struct table_row *row)
{
	struct reading *rd = ctx;
	size_t score, nonempty;

	if (rd->oom)
		return -1;
	if (rd->have_header)
		return data_row(rd, row);
	if (table_row_blank(row))
		return 0;
	score = header_score(rd->opt->kind, row, rd->opt->map, rd->opt->nmap, &nonempty);
	if (score >= HEADER_MIN_MATCHES || (score >= 1 && score == nonempty)) {
		header_build(&rd->header, rd->opt->kind, row, rd->opt->map, rd->opt->nmap, rd->probs);
		rd->have_header = 1;
		rd->sum.header_row = row->line;
		rd->last_line = row->line;
		return 0;
	}
	/* A ledger has a title and a note or two above its header, not fifty rows. */
	return ++rd->rows_before_header >= HEADER_SEARCH_ROWS;
}

static void no_header(struct reading *rd)
{
	char names[512] = "";
	size_t used = 0;

	for (size_t f = 0; f < rd->nfields && used + 64 < sizeof(names); f++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 used ? "、" : "", rd->fields[f].label);
	add(rd, 0, -1, IMP_NO_HEADER, "找不到表头：前 %s 行中没有一行含有至少两个可识别的列名（%s）",
	    "50", names);
}

static enum import_format guess_format(const char *name, const void *data, size_t len)
{
	size_t n = name ? strlen(name) : 0;

	if (n >= 5 && strcasecmp(name + n - 5, ".xlsx") == 0)
		return IMPORT_FORMAT_XLSX;
	if (n >= 4 && strcasecmp(name + n - 4, ".csv") == 0)
		return IMPORT_FORMAT_CSV;
	if (data && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return IMPORT_FORMAT_XLSX;
	return IMPORT_FORMAT_CSV;
}

static enum gl_err run(const char *path, const void *data, size_t len, const char *name,
		       const struct import_options *opt, import_record_fn fn, void *ctx,
		       struct import_problems *probs, struct import_summary *sum)
{
	struct reading *rd = calloc(1, sizeof(*rd));
	struct table_error err = { GL_OK, "" };
	enum gl_err rc;
	enum import_format fmt = opt->format;

	if (!rd)
		return GL_ENOMEM;
	rd->opt = opt;
	rd->fn = fn;
	rd->ctx = ctx;
	rd->probs = probs;
	rd->fields = import_fields(opt->kind, &rd->nfields);
	buf_init(&rd->text, (size_t)1 << 24);
	arena_init(&rd->keys.arena);
	if (fmt == IMPORT_FORMAT_AUTO) {
		unsigned char magic[4] = { 0 };

		if (path && !data) {
			FILE *f = fopen(path, "rb");

			if (f) {
				if (fread(magic, 1, 4, f) != 4)
					magic[0] = 0;
				fclose(f);
			}
			fmt = guess_format(path, magic, 4);
		} else {
			fmt = guess_format(name, data, len);
		}
	}
	rd->sum.format = fmt;
	if (fmt == IMPORT_FORMAT_XLSX) {
		/* No field can sit right of the header's last readable column. */
		struct xlsx_options xo = { opt->sheet, opt->max_bytes, HEADER_MAX_COLS };

		rc = path ? xlsx_read_file(path, &xo, on_row, rd, &err)
			  : xlsx_read_mem(data, len, &xo, on_row, rd, &err);
	} else {
		rc = path ? csv_read_file(path, opt->max_bytes, on_row, rd, &rd->sum.encoding, &err)
			  : csv_read_mem(data, len, opt->max_bytes, on_row, rd, &rd->sum.encoding,
					 &err);
	}
	/* Stopping to give up on the header search is not a failure of the file. */
	if (rc == GL_EINVALID && !rd->have_header && !rd->oom &&
	    rd->rows_before_header >= HEADER_SEARCH_ROWS)
		rc = GL_OK;
	if (rd->oom) {
		rc = GL_ENOMEM;
		import_problem_add(probs, 0, -1, NULL, IMP_FILE, "内存不足");
	} else if (rc != GL_OK) {
		import_problem_add(probs, 0, -1, NULL, IMP_FILE, "%s", err.message);
	} else if (!rd->have_header) {
		no_header(rd);
	}
	if (sum)
		*sum = rd->sum;
	buf_release(&rd->text);
	arena_release(&rd->keys.arena);
	free(rd->keys.slots);
	free(rd);
	return rc;
}

enum gl_err import_read_file(const char *path, const struct import_options *opt,
			     import_record_fn fn, void *ctx, struct import_problems *problems,
			     struct import_summary *sum)
{
	return run(path, NULL, 0, NULL, opt, fn, ctx, problems, sum);
}

enum gl_err import_read_mem(const void *data, size_t len, const char *name,
			    const struct import_options *opt, import_record_fn fn, void *ctx,
			    struct import_problems *problems, struct import_summary *sum)
{
	return run(NULL, data, len, name, opt, fn, ctx, problems, sum);
}
