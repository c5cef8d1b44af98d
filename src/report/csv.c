/* csv.c - ledgers as CSV that Excel and WPS open as they are.
 *
 * UTF-8 with a byte-order mark (without it Excel reads the Chinese as the local code page),
 * RFC 4180: fields quoted when they hold a comma, a quote, CR or LF, quotes doubled, CRLF
 * after every record.  Only view 0 (every row) is written: CSV has one table.
 *
 * Formula injection: a spreadsheet runs a field that starts with = + - @ (or a tab or CR,
 * which some strip first) as a formula, and a project or enterprise name is typed by users.
 * Text cells starting so get a leading apostrophe (OWASP's advice): the text stays readable
 * and is shown as text.  Numeric kinds are written by us and never start so, except a
 * negative number, which a spreadsheet reads as a number, not a formula.
 */
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_writer {
	struct sheet_writer w;
	FILE *f;
};

static void put_field(FILE *f, const char *s, int text)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (text && s[0] && strchr("=+-@\t\r", s[0]))
		fputc('\'', f);
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			fputc('"', f);
		fputc(*c, f);
	}
	if (quote)
		fputc('"', f);
}

static enum gl_err csv_row(struct sheet_writer *w, unsigned views, const struct sheet_cell *c)
{
	struct csv_writer *cw = (struct csv_writer *)w;
	char buf[64];

	(void)views;
	for (size_t i = 0; i < w->ncols; i++) {
		enum sheet_kind k = w->cols[i].kind;

		if (i)
			fputc(',', cw->f);
		if (k == SHEET_TEXT || k == SHEET_DATE)
			put_field(cw->f, c[i].null || !c[i].text ? "" : c[i].text, k == SHEET_TEXT);
		else
			put_field(cw->f, sheet_cell_text(k, &c[i], buf, sizeof(buf)), 0);
	}
	fputs("\r\n", cw->f);
	return ferror(cw->f) ? GL_EIO : GL_OK;
}

static void csv_abort(struct sheet_writer *w)
{
	struct csv_writer *cw = (struct csv_writer *)w;

	fclose(cw->f);
	free(cw);
}

static enum gl_err csv_close(struct sheet_writer *w, const struct sheet_note *notes, size_t n)
{
	struct csv_writer *cw = (struct csv_writer *)w;
	enum gl_err rc = ferror(cw->f) ? GL_EIO : GL_OK;

	(void)notes;
	(void)n;
	if (fclose(cw->f) != 0)
		rc = GL_EIO;
	free(cw);
	return rc;
}

static const struct sheet_ops csv_ops = {csv_row, csv_close, csv_abort};

enum gl_err sheet_csv_open(const char *path, const struct sheet_writer *w,
			    struct sheet_writer **out)
{
	struct csv_writer *cw = calloc(1, sizeof(*cw));

	if (!cw)
		return GL_ENOMEM;
	cw->w = *w;
	cw->w.ops = &csv_ops;
	if (!(cw->f = fopen(path, "wb"))) {
		free(cw);
		return GL_EIO;
	}
	fputs("\xEF\xBB\xBF", cw->f);
	for (size_t i = 0; i < w->ncols; i++) {
		if (i)
			fputc(',', cw->f);
		put_field(cw->f, w->cols[i].header, 0);
	}
	fputs("\r\n", cw->f);
	*out = &cw->w;
	return GL_OK;
}
