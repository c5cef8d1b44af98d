/* xlsx.c - one sheet of an .xlsx workbook through libzip and libxml2 (see xlsx.h). */
#include "xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "../util/buf.h"

/* Never load a DTD, expand an entity or touch the network. */
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_COMPACT)

/* Excel's own limits; and the most cells (empty ones before a filled one included) a sheet
 * may hold here, 24 bytes each: a small part can otherwise ask for huge rows (one cell in
 * column XFD per row is 16,384 cells a row). */
enum { MAX_COLS = 16384, MAX_ROWS = 1048576, MAX_CELLS = 16 << 20 };

struct merge {
	size_t r1, c1, r2, c2;  /* rows as in the sheet (1-based), columns 0-based */
};

struct reader {
	zip_t *zip;
	size_t max;
	struct table_error *err;
	/* shared strings */
	struct arena strings_arena;
	const char **strings;
	size_t nstrings;
	/* styles: which cellXfs index is a date */
	unsigned char *xf_date;
	size_t nxf;
	int date1904;
	/* merged ranges */
	struct merge *merges;
	size_t nmerges, capmerges;
	size_t max_cols;
};

/* Read a whole part, counting its inflated size against the limit as it comes.  NULL name
 * lookups give GL_ENOTFOUND. */
static enum gl_err read_part(struct reader *r, const char *name, char **out, size_t *outlen)
{
	zip_int64_t idx = zip_name_locate(r->zip, name, 0);
	zip_file_t *f;
	struct buf b;
	char chunk[65536];

	if (idx < 0)
		return GL_ENOTFOUND;
	f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!f) {
		table_error_set(r->err, GL_EINVALID, "无法解压 %s：%s", name,
				zip_strerror(r->zip));
		return GL_EINVALID;
	}
	buf_init(&b, r->max);
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));

		if (n < 0) {
			table_error_set(r->err, GL_EINVALID, "无法解压 %s：%s", name,
					zip_file_strerror(f));
			zip_fclose(f);
			buf_release(&b);
			return GL_EINVALID;
		}
		if (n == 0)
			break;
		if (buf_add(&b, chunk, (size_t)n) != GL_OK) {
			enum gl_err e = b.len + (size_t)n > r->max ? GL_ETOOBIG : GL_ENOMEM;

			if (e == GL_ETOOBIG)
				table_error_set(r->err, e,
						"%s 解压后超过 %zu 字节的上限，文件被拒绝（可能是压缩炸弹）",
						name, r->max);
			else
				table_error_set(r->err, e, "内存不足");
			zip_fclose(f);
			buf_release(&b);
			return e;
		}
	}
	zip_fclose(f);
	if (!b.data && buf_add(&b, "", 0) != GL_OK) {
		table_error_set(r->err, GL_ENOMEM, "内存不足");
		return GL_ENOMEM;
	}
	*out = b.data;
	*outlen = b.len;
	return GL_OK;
}

static xmlDocPtr read_doc(struct reader *r, const char *name, enum gl_err *rc)
{
	char *data;
	size_t len;
	xmlDocPtr doc;

	*rc = read_part(r, name, &data, &len);
	if (*rc != GL_OK)
		return NULL;
	doc = xmlReadMemory(data, (int)len, name, NULL, XML_OPTS);
	free(data);
	if (!doc) {
		table_error_set(r->err, GL_EINVALID, "%s 不是有效的 XML", name);
		*rc = GL_EINVALID;
	}
	return doc;
}

static int is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute by local name, whatever its namespace (r:id in transitional and strict
 * OOXML alike); caller frees. */
static char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) == 0)
			return (char *)xmlNodeGetContent((const xmlNode *)a);
	}
	return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* The part a relationship target names, resolved against xl/. */
static void part_path(const char *target, char *out, size_t size)
{
	if (target[0] == '/')
		snprintf(out, size, "%s", target + 1);
	else
		snprintf(out, size, "xl/%s", target);
}

/* From workbook.xml and its relationships: the sheet's part, the shared strings' and the
 * styles' parts, and the 1904 flag. */
static enum gl_err find_parts(struct reader *r, const char *want, char *sheet, char *strings,
			      char *styles, size_t size)
{
	enum gl_err rc;
	xmlDocPtr wb = read_doc(r, "xl/workbook.xml", &rc), rels = NULL;
	const xmlNode *root, *sheets, *pr;
	char *rid = NULL;
	char names[200] = "";

	snprintf(strings, size, "xl/sharedStrings.xml");
	snprintf(styles, size, "xl/styles.xml");
	sheet[0] = '\0';
	if (!wb) {
		if (rc == GL_ENOTFOUND) {
			table_error_set(r->err, GL_EINVALID, "这不是 Excel 工作簿（缺少 xl/workbook.xml）");
			rc = GL_EINVALID;
		}
		return rc;
	}
	root = xmlDocGetRootElement(wb);
	pr = child(root, "workbookPr");
	if (pr) {
		char *d = attr(pr, "date1904");

		r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
		xmlFree(d);
	}
	sheets = child(root, "sheets");
	for (const xmlNode *s = sheets ? sheets->children : NULL; s && !rid; s = s->next) {
		char *name;

		if (!is(s, "sheet"))
			continue;
		name = attr(s, "name");
		if (!want || (name && strcmp(name, want) == 0))
			rid = attr(s, "id");
		if (name && strlen(names) + strlen(name) + 8 < sizeof(names)) {
			size_t used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s", used ? "、" : "", name);
		}
		xmlFree(name);
	}
	xmlFreeDoc(wb);
	if (!rid) {
		if (want)
			table_error_set(r->err, GL_EINVALID, "工作簿中没有名为“%s”的工作表（有：%s）",
					want, names);
		else
			table_error_set(r->err, GL_EINVALID, "工作簿中没有工作表");
		return GL_EINVALID;
	}
	rels = read_doc(r, "xl/_rels/workbook.xml.rels", &rc);
	if (!rels) {
		xmlFree(rid);
		if (rc == GL_ENOTFOUND) {
			table_error_set(r->err, GL_EINVALID, "工作簿缺少 xl/_rels/workbook.xml.rels");
			rc = GL_EINVALID;
		}
		return rc;
	}
	root = xmlDocGetRootElement(rels);
	for (const xmlNode *n = root ? root->children : NULL; n; n = n->next) {
		char *id, *target, *type;
		size_t tl;

		if (!is(n, "Relationship"))
			continue;
		id = attr(n, "Id");
		target = attr(n, "Target");
		type = attr(n, "Type");
		tl = type ? strlen(type) : 0;
		if (id && target && strcmp(id, rid) == 0)
			part_path(target, sheet, size);
		else if (target && tl > 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
			part_path(target, strings, size);
		else if (target && tl > 7 && strcmp(type + tl - 7, "/styles") == 0)
			part_path(target, styles, size);
		xmlFree(id);
		xmlFree(target);
		xmlFree(type);
	}
	xmlFreeDoc(rels);
	xmlFree(rid);
	if (!sheet[0]) {
		table_error_set(r->err, GL_EINVALID, "工作簿的关系中找不到工作表的位置");
		return GL_EINVALID;
	}
	return GL_OK;
}

/* A custom number format shows a date when it has y or d outside quoted text, escapes
 * and [...] sections (colours, locales, elapsed-time brackets). */
static int format_is_date(const char *f)
{
	int quoted = 0, bracket = 0;

	for (; *f; f++) {
		if (quoted) {
			quoted = *f != '"';
			continue;
		}
		if (bracket) {
			bracket = *f != ']';
			continue;
		}
		if (*f == '"')
			quoted = 1;
		else if (*f == '[')
			bracket = 1;
		else if (*f == '\\' || *f == '_' || *f == '*') {
			if (f[1])
				f++;
		} else if (*f == 'y' || *f == 'Y' || *f == 'd' || *f == 'D')
			return 1;
	}
	return 0;
}

static int builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

static enum gl_err read_styles(struct reader *r, const char *path)
{
	enum gl_err rc;
	xmlDocPtr doc = read_doc(r, path, &rc);
	const xmlNode *root, *fmts, *xfs;
	long custom[256];
	size_t ncustom = 0;

	if (!doc)
		return rc == GL_ENOTFOUND ? GL_OK : rc;
	root = xmlDocGetRootElement(doc);
	fmts = child(root, "numFmts");
	for (const xmlNode *n = fmts ? fmts->children : NULL; n; n = n->next) {
		char *id, *code;

		if (!is(n, "numFmt"))
			continue;
		id = attr(n, "numFmtId");
		code = attr(n, "formatCode");
		if (id && code && format_is_date(code) && ncustom < 256)
			custom[ncustom++] = strtol(id, NULL, 10);
		xmlFree(id);
		xmlFree(code);
	}
	xfs = child(root, "cellXfs");
	for (const xmlNode *n = xfs ? xfs->children : NULL; n; n = n->next)
		if (is(n, "xf"))
			r->nxf++;
	r->xf_date = calloc(r->nxf ? r->nxf : 1, 1);
	if (!r->xf_date) {
		xmlFreeDoc(doc);
		table_error_set(r->err, GL_ENOMEM, "内存不足");
		return GL_ENOMEM;
	}
	{
		size_t i = 0;

		for (const xmlNode *n = xfs ? xfs->children : NULL; n; n = n->next) {
			char *id;
			long v;

			if (!is(n, "xf"))
				continue;
			id = attr(n, "numFmtId");
			v = id ? strtol(id, NULL, 10) : 0;
			r->xf_date[i] = (unsigned char)builtin_date(v);
			for (size_t k = 0; k < ncustom; k++)
				if (custom[k] == v)
					r->xf_date[i] = 1;
			xmlFree(id);
			i++;
		}
	}
	xmlFreeDoc(doc);
	return GL_OK;
}

static const char *local(xmlTextReaderPtr x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x);

	return n ? (const char *)n : "";
}

/* Shared strings, streamed: each <si> is the text of its <t> elements, except those inside
 * a phonetic run (<rPh>). */
static enum gl_err read_strings(struct reader *r, const char *path)
{
	char *data;
	size_t len, cap = 0;
	xmlTextReaderPtr x;
	struct buf text;
	int in_t = 0, in_rph = 0, ret;
	enum gl_err rc = read_part(r, path, &data, &len);

	if (rc == GL_ENOTFOUND)
		return GL_OK;
	if (rc != GL_OK)
		return rc;
	x = xmlReaderForMemory(data, (int)len, path, NULL, XML_OPTS);
	if (!x) {
		free(data);
		table_error_set(r->err, GL_ENOMEM, "内存不足");
		return GL_ENOMEM;
	}
	buf_init(&text, r->max);
	while ((ret = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *name = local(x);

		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(x);

			if (strcmp(name, "si") == 0) {
				buf_reset(&text);
				if (!empty)
					continue;
			} else if (strcmp(name, "t") == 0) {
				in_t = !empty;
				continue;
			} else if (strcmp(name, "rPh") == 0) {
				in_rph = !empty;
				continue;
			} else {
				continue;
			}
		} else if (type == XML_READER_TYPE_TEXT ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			   type == XML_READER_TYPE_CDATA) {
			if (in_t && !in_rph) {
				const xmlChar *v = xmlTextReaderConstValue(x);

				if (v && buf_adds(&text, (const char *)v) != GL_OK) {
					rc = GL_ETOOBIG;
					break;
				}
			}
			continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(name, "t") == 0)
				in_t = 0;
			else if (strcmp(name, "rPh") == 0)
				in_rph = 0;
			if (strcmp(name, "si") != 0)
				continue;
		} else {
			continue;
		}
		/* the end of an <si> (or an empty one) */
		if (r->nstrings == cap) {
			const char **s;

			cap = cap ? cap * 2 : 1024;
			s = realloc(r->strings, cap * sizeof(*s));
			if (!s) {
				rc = GL_ENOMEM;
				break;
			}
			r->strings = s;
		}
		r->strings[r->nstrings] = arena_strndup(&r->strings_arena, text.data ? text.data : "",
							text.len);
		if (!r->strings[r->nstrings]) {
			rc = GL_ENOMEM;
			break;
		}
		r->nstrings++;
		buf_reset(&text);
	}
	if (rc == GL_OK && ret < 0) {
		table_error_set(r->err, GL_EINVALID, "%s 不是有效的 XML", path);
		rc = GL_EINVALID;
	} else if (rc == GL_ENOMEM || rc == GL_ETOOBIG) {
		table_error_set(r->err, rc, rc == GL_ENOMEM ? "内存不足" : "共享字符串过长");
	}
	buf_release(&text);
	xmlFreeTextReader(x);
	free(data);
	return rc;
}

/* "BC12" -> column 54 (0-based) and row 12; -1 when malformed. */
static int parse_ref(const char *s, size_t *col, size_t *row)
{
	size_t c = 0, r = 0;
	int nl = 0, nd = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++, nl++)
		c = c * 26 + (size_t)(*s - 'A' + 1);
	for (; *s >= '0' && *s <= '9' && nd < 8; s++, nd++)
		r = r * 10 + (size_t)(*s - '0');
	if (nl == 0 || nl > 3 || *s || c > MAX_COLS)
		return -1;
	*col = c - 1;
	if (row)
		*row = nd ? r : 0;
	return 0;
}

static enum gl_err add_merge(struct reader *r, const char *ref)
{
	char a[16], b[16];
	const char *colon = strchr(ref, ':');
	struct merge m;

	if (!colon || (size_t)(colon - ref) >= sizeof(a) || strlen(colon + 1) >= sizeof(b))
		return GL_OK;
	snprintf(a, sizeof(a), "%.*s", (int)(colon - ref), ref);
	snprintf(b, sizeof(b), "%s", colon + 1);
	if (parse_ref(a, &m.c1, &m.r1) != 0 || parse_ref(b, &m.c2, &m.r2) != 0 || m.r2 <= m.r1)
		return GL_OK;  /* a range within one row needs nothing */
	if (r->nmerges == r->capmerges) {
		size_t cap = r->capmerges ? r->capmerges * 2 : 16;
		struct merge *mm = realloc(r->merges, cap * sizeof(*mm));

		if (!mm)
			return GL_ENOMEM;
		r->merges = mm;
		r->capmerges = cap;
	}
	r->merges[r->nmerges++] = m;
	return GL_OK;
}

/* The cells of the row being read: their texts are offsets into one buffer until the row
 * ends (the buffer moves as it grows). */
struct rowbuf {
	struct cell *cells;
	size_t *offs;
	size_t n, cap;
	struct buf text;
};

static enum gl_err row_set(struct rowbuf *rb, size_t col, enum cell_kind kind, double num,
			   const char *text, size_t len)
{
	if (col >= rb->cap) {
		size_t cap = rb->cap ? rb->cap : 32;
		struct cell *c;
		size_t *o;

		while (cap <= col)
			cap *= 2;
		c = realloc(rb->cells, cap * sizeof(*c));
		if (!c)
			return GL_ENOMEM;
		rb->cells = c;
		o = realloc(rb->offs, cap * sizeof(*o));
		if (!o)
			return GL_ENOMEM;
		rb->offs = o;
		rb->cap = cap;
	}
	while (rb->n <= col) {
		rb->cells[rb->n].kind = CELL_EMPTY;
		rb->cells[rb->n].num = 0;
		rb->offs[rb->n] = SIZE_MAX;
		rb->n++;
	}
	rb->cells[col].kind = kind;
	rb->cells[col].num = num;
	rb->offs[col] = rb->text.len;
	if (buf_add(&rb->text, text, len) != GL_OK || buf_add(&rb->text, "", 1) != GL_OK)
		return GL_ETOOBIG;
	return GL_OK;
}

struct cellstate {
	size_t col;
	char type[12];
	long style;
	struct buf val;
	int in_v, in_t, in_is, in_rph;
};

/* The typed cell from what <c> held. */
static enum gl_err finish_cell(struct reader *r, struct rowbuf *rb, struct cellstate *cs)
{
	const char *v = cs->val.data ? cs->val.data : "";
	size_t len = cs->val.len;
	char *end;
	double num;

	if (cs->col >= r->max_cols)
		return GL_OK;
	if (strcmp(cs->type, "s") == 0) {
		long i = strtol(v, &end, 10);

		if (end == v || *end || i < 0 || (size_t)i >= r->nstrings)
			return row_set(rb, cs->col, CELL_TEXT, 0, "", 0);
		v = r->strings[i];
		return row_set(rb, cs->col, v[0] ? CELL_TEXT : CELL_EMPTY, 0, v, strlen(v));
	}
	if (strcmp(cs->type, "inlineStr") == 0 || strcmp(cs->type, "str") == 0 ||
	    strcmp(cs->type, "e") == 0 || strcmp(cs->type, "d") == 0)
		return row_set(rb, cs->col, len ? CELL_TEXT : CELL_EMPTY, 0, v, len);
	if (len == 0)
		return GL_OK;
	if (strcmp(cs->type, "b") == 0)
		return row_set(rb, cs->col, CELL_BOOL, v[0] == '1', v[0] == '1' ? "TRUE" : "FALSE",
			       v[0] == '1' ? 4 : 5);
	num = strtod(v, &end);
	if (end == v || *end)
		return row_set(rb, cs->col, CELL_TEXT, 0, v, len);
	if (cs->style >= 0 && (size_t)cs->style < r->nxf && r->xf_date[cs->style]) {
		/* 1904 workbooks count from 1904-01-01 = serial 1462 of the 1900 system. */
		if (r->date1904)
			num += 1462;
		return row_set(rb, cs->col, CELL_DATE, num, v, len);
	}
	return row_set(rb, cs->col, CELL_NUMBER, num, v, len);
}

static enum gl_err emit_row(struct rowbuf *rb, size_t line, struct table *t, size_t *ncells)
{
	struct table_row row;

	*ncells += rb->n;
	if (*ncells > MAX_CELLS)
		return GL_ETOOBIG;

	for (size_t i = 0; i < rb->n; i++)
		rb->cells[i].text = rb->offs[i] == SIZE_MAX ? "" : rb->text.data + rb->offs[i];
	row.line = line;
	row.ncells = rb->n;
	row.cells = rb->cells;
	rb->n = 0;
	if (table_collect(t, &row) != 0)
		return GL_ENOMEM;
	buf_reset(&rb->text);
	return GL_OK;
}

static char *reader_attr(xmlTextReaderPtr x, const char *name)
{
	return (char *)xmlTextReaderGetAttribute(x, (const xmlChar *)name);
}

/* Stream the sheet into t. */
static enum gl_err read_sheet(struct reader *r, const char *path, struct table *t)
{
	char *data;
	size_t len, line = 0, next_col = 0, ncells = 0;
	xmlTextReaderPtr x;
	struct rowbuf rb = { 0 };
	struct cellstate cs = { 0 };
	int ret, in_row = 0;
	enum gl_err rc = read_part(r, path, &data, &len);

	if (rc == GL_ENOTFOUND) {
		table_error_set(r->err, GL_EINVALID, "工作簿缺少工作表 %s", path);
		return GL_EINVALID;
	}
	if (rc != GL_OK)
		return rc;
	x = xmlReaderForMemory(data, (int)len, path, NULL, XML_OPTS);
	if (!x) {
		free(data);
		table_error_set(r->err, GL_ENOMEM, "内存不足");
		return GL_ENOMEM;
	}
	buf_init(&rb.text, r->max);
	buf_init(&cs.val, r->max);
	while (rc == GL_OK && (ret = xmlTextReaderRead(x)) == 1) {
		int type = xmlTextReaderNodeType(x);
		const char *name = local(x);

		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(x);

			if (strcmp(name, "row") == 0) {
				char *a = reader_attr(x, "r");
				long v = a ? strtol(a, NULL, 10) : 0;

				line = v > 0 && v <= MAX_ROWS ? (size_t)v : line + 1;
				xmlFree(a);
				next_col = 0;
				in_row = !empty;
				if (empty)
					rc = emit_row(&rb, line, t, &ncells);
			} else if (strcmp(name, "c") == 0 && in_row) {
				char *ref = reader_attr(x, "r"), *ty = reader_attr(x, "t"),
				     *st = reader_attr(x, "s");

				if (!ref || parse_ref(ref, &cs.col, NULL) != 0)
					cs.col = next_col;
				next_col = cs.col + 1;
				snprintf(cs.type, sizeof(cs.type), "%s", ty ? ty : "n");
				cs.style = st ? strtol(st, NULL, 10) : -1;
				xmlFree(ref);
				xmlFree(ty);
				xmlFree(st);
				buf_reset(&cs.val);
				cs.in_v = cs.in_t = cs.in_is = cs.in_rph = 0;
				if (empty)
					rc = finish_cell(r, &rb, &cs);
			} else if (strcmp(name, "v") == 0) {
				cs.in_v = !empty;
			} else if (strcmp(name, "is") == 0) {
				cs.in_is = !empty;
			} else if (strcmp(name, "t") == 0) {
				cs.in_t = cs.in_is && !empty;
			} else if (strcmp(name, "rPh") == 0) {
				cs.in_rph = !empty;
			} else if (strcmp(name, "mergeCell") == 0) {
				char *ref = reader_attr(x, "ref");

				if (ref)
					rc = add_merge(r, ref);
				xmlFree(ref);
			}
		} else if (type == XML_READER_TYPE_TEXT ||
			   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			   type == XML_READER_TYPE_CDATA) {
			if (cs.in_v || (cs.in_t && !cs.in_rph)) {
				const xmlChar *v = xmlTextReaderConstValue(x);

				if (v && buf_adds(&cs.val, (const char *)v) != GL_OK)
					rc = GL_ETOOBIG;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(name, "v") == 0)
				cs.in_v = 0;
			else if (strcmp(name, "t") == 0)
				cs.in_t = 0;
			else if (strcmp(name, "is") == 0)
				cs.in_is = 0;
			else if (strcmp(name, "rPh") == 0)
				cs.in_rph = 0;
			else if (strcmp(name, "c") == 0 && in_row)
				rc = finish_cell(r, &rb, &cs);
			else if (strcmp(name, "row") == 0 && in_row) {
				in_row = 0;
				rc = emit_row(&rb, line, t, &ncells);
			}
		}
	}
	if (rc == GL_OK && ret < 0) {
		table_error_set(r->err, GL_EINVALID, "工作表 %s 不是有效的 XML", path);
		rc = GL_EINVALID;
	} else if (rc == GL_ENOMEM) {
		table_error_set(r->err, rc, "内存不足");
	} else if (rc == GL_ETOOBIG) {
		if (ncells > MAX_CELLS)
			table_error_set(r->err, rc, "工作表的单元格超过 %d 个，文件被拒绝", MAX_CELLS);
		else
			table_error_set(r->err, rc, "工作表中的一行或一个单元格过大");
	}
	buf_release(&rb.text);
	buf_release(&cs.val);
	free(rb.cells);
	free(rb.offs);
	xmlFreeTextReader(x);
	free(data);
	return rc;
}

static struct table_row *find_row(struct table *t, size_t line)
{
	size_t lo = 0, hi = t->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->rows[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->nrows && t->rows[lo].line == line ? &t->rows[lo] : NULL;
}

/* Give a merged range's value to the first column of each row it covers. */
static enum gl_err fill_merges(struct reader *r, struct table *t)
{
	for (size_t i = 0; i < r->nmerges; i++) {
		const struct merge *m = &r->merges[i];
		struct table_row *top = find_row(t, m->r1);
		const struct cell *v;

		if (!top || m->c1 >= top->ncells || top->cells[m->c1].kind == CELL_EMPTY)
			continue;
		v = &top->cells[m->c1];
		for (size_t line = m->r1 + 1; line <= m->r2; line++) {
			struct table_row *row = find_row(t, line);
			struct cell *cells;

			if (!row)
				continue;
			if (m->c1 >= row->ncells) {
				cells = arena_alloc(&t->arena, (m->c1 + 1) * sizeof(*cells));
				if (!cells)
					return GL_ENOMEM;
				for (size_t k = 0; k < m->c1 + 1; k++)
					cells[k] = k < row->ncells ? row->cells[k]
								   : (struct cell){ CELL_EMPTY, "", 0 };
				row->ncells = m->c1 + 1;
			} else {
				cells = (struct cell *)row->cells;
			}
			cells[m->c1] = *v;
			row->cells = cells;
		}
	}
	return GL_OK;
}

static enum gl_err read_zip(zip_t *zip, const struct xlsx_options *opt, table_row_fn fn,
			    void *ctx, struct table_error *err)
{
	struct reader r = { 0 };
	struct table t;
	char sheet[512], strings[512], styles[512];
	enum gl_err rc;

	r.zip = zip;
	r.max = opt && opt->max_part_bytes ? opt->max_part_bytes : XLSX_MAX_PART_BYTES;
	r.max_cols = opt && opt->max_cols && opt->max_cols < MAX_COLS ? opt->max_cols : MAX_COLS;
	r.err = err;
	arena_init(&r.strings_arena);
	table_init(&t);
	rc = find_parts(&r, opt ? opt->sheet : NULL, sheet, strings, styles, sizeof(sheet));
	if (rc == GL_OK)
		rc = read_styles(&r, styles);
	if (rc == GL_OK)
		rc = read_strings(&r, strings);
	if (rc == GL_OK)
		rc = read_sheet(&r, sheet, &t);
	if (rc == GL_OK && fill_merges(&r, &t) != GL_OK) {
		table_error_set(err, GL_ENOMEM, "内存不足");
		rc = GL_ENOMEM;
	}
	for (size_t i = 0; rc == GL_OK && i < t.nrows; i++) {
		if (fn(ctx, &t.rows[i]) != 0) {
			table_error_set(err, GL_EINVALID, "读取在第 %zu 行停止", t.rows[i].line);
			rc = GL_EINVALID;
		}
	}
	table_release(&t);
	arena_release(&r.strings_arena);
	free(r.strings);
	free(r.xf_date);
	free(r.merges);
	return rc;
}

enum gl_err xlsx_read_file(const char *path, const struct xlsx_options *opt, table_row_fn fn,
			   void *ctx, struct table_error *err)
{
	int zerr = 0;
	zip_t *zip = zip_open(path, ZIP_RDONLY, &zerr);
	enum gl_err rc;

	if (!zip) {
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
			table_error_set(err, GL_EIO, "无法打开文件 %s", path);
			return GL_EIO;
		}
		table_error_set(err, GL_EINVALID, "%s 不是 .xlsx 文件（无法作为 ZIP 打开）", path);
		return GL_EINVALID;
	}
	rc = read_zip(zip, opt, fn, ctx, err);
	zip_discard(zip);
	return rc;
}

enum gl_err xlsx_read_mem(const void *data, size_t len, const struct xlsx_options *opt,
			  table_row_fn fn, void *ctx, struct table_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *zip;
	enum gl_err rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		table_error_set(err, GL_ENOMEM, "内存不足");
		return GL_ENOMEM;
	}
	zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!zip) {
		zip_source_free(src);
		zip_error_fini(&ze);
		table_error_set(err, GL_EINVALID, "不是 .xlsx 文件（无法作为 ZIP 打开）");
		return GL_EINVALID;
	}
	zip_error_fini(&ze);
	rc = read_zip(zip, opt, fn, ctx, err);
	zip_discard(zip);
	return rc;
}
