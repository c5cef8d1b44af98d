/* xlsx.c - ledgers as .xlsx workbooks (libxlsxwriter).
 *
 * One sheet per view, each with a bold header row that stays in place when scrolling
 * (frozen pane), an autofilter over the header, column widths from the column table, and
 * number formats by kind: 万元 #,##0, 亿元 0.00, dates yyyy-mm-dd as real date cells,
 * percentages 0.00%, hundredths (亩) #,##0.00.  A last sheet, 说明, lists the notes (filters,
 * export time...).
 * Strings are written as strings, never as formulas, so no formula injection is possible.
 *
 * The workbook runs in constant_memory mode: each sheet's rows go to a temporary file as
 * they are written, so memory does not grow with the number of rows.
 */
#include "sheet.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "../util/date.h"
#include "../util/log.h"

enum { XLSX_MAX_VIEWS = 16 };

struct xlsx_writer {
	struct sheet_writer w;
	lxw_workbook *wb;
	lxw_worksheet *sheets[XLSX_MAX_VIEWS];
	uint32_t rows[XLSX_MAX_VIEWS];     /* rows written per sheet, header included */
	lxw_format *header, *fmt[SHEET_KIND__MAX];
};

static enum gl_err check(lxw_error e)
{
	if (e == LXW_NO_ERROR)
		return GL_OK;
	log_error("xlsx: %s", lxw_strerror(e));
	return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GL_ENOMEM : GL_EIO;
}

static lxw_error put(struct xlsx_writer *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col,
		     enum sheet_kind k, const struct sheet_cell *c)
{
	lxw_format *f = x->fmt[k];
	struct ymd d;

	if (c->null || ((k == SHEET_TEXT || k == SHEET_DATE) && !c->text))
		return k == SHEET_TEXT ? LXW_NO_ERROR : worksheet_write_blank(ws, r, col, f);
	switch (k) {
	case SHEET_TEXT:
		return worksheet_write_string(ws, r, col, c->text, f);
	case SHEET_DATE:
		if (date_parse_iso(c->text, &d) != 0)
			return worksheet_write_string(ws, r, col, c->text, NULL);
		return worksheet_write_datetime(ws, r, col,
						&(lxw_datetime){d.y, d.m, d.d, 0, 0, 0}, f);
	case SHEET_YI:
		/* A double only here, for display: the 万元 column beside it is exact. */
		return worksheet_write_number(ws, r, col, (double)c->num / 10000.0, f);
	case SHEET_PERCENT:
		return worksheet_write_number(ws, r, col, (double)c->num / 10000.0, f);
	case SHEET_CENTI:
		return worksheet_write_number(ws, r, col, (double)c->num / 100.0, f);
	default:
		return worksheet_write_number(ws, r, col, (double)c->num, f);
	}
}

static enum gl_err xlsx_row(struct sheet_writer *w, unsigned views, const struct sheet_cell *c)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;

	for (size_t v = 0; v < w->nviews; v++) {
		if (v && !(views & (1u << v)))
			continue;
		lxw_row_t r = x->rows[v]++;
		for (size_t i = 0; i < w->ncols; i++) {
			enum gl_err rc = check(put(x, x->sheets[v], r, (lxw_col_t)i,
						   w->cols[i].kind, &c[i]));
			if (rc != GL_OK)
				return rc;
		}
	}
	return GL_OK;
}

static void xlsx_abort(struct sheet_writer *w)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;

	/* libxlsxwriter has no way to drop a workbook unwritten: close it and let the caller
	 * remove the file. */
	if (x->wb)
		workbook_close(x->wb);
	free(x);
}

static enum gl_err xlsx_close(struct sheet_writer *w, const struct sheet_note *notes, size_t n)
{
	struct xlsx_writer *x = (struct xlsx_writer *)w;
	lxw_worksheet *ws = NULL;
	enum gl_err rc = GL_OK;

	for (size_t v = 0; rc == GL_OK && v < w->nviews; v++)
		rc = check(worksheet_autofilter(x->sheets[v], 0, 0, x->rows[v] - 1,
						(lxw_col_t)(w->ncols - 1)));
	if (rc == GL_OK && !(ws = workbook_add_worksheet(x->wb, "说明")))
		rc = GL_ENOMEM;
	if (rc == GL_OK) {
		worksheet_set_column(ws, 0, 0, 14, x->header);
		worksheet_set_column(ws, 1, 1, 80, NULL);
		rc = check(worksheet_write_string(ws, 0, 0, "项目", x->header));
		if (rc == GL_OK)
			rc = check(worksheet_write_string(ws, 0, 1, "内容", x->header));
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		rc = check(worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, notes[i].label, NULL));
		if (rc == GL_OK)
			rc = check(worksheet_write_string(ws, (lxw_row_t)(i + 1), 1,
							  notes[i].text ? notes[i].text : "", NULL));
	}
	lxw_error e = workbook_close(x->wb);
	x->wb = NULL;
	if (rc == GL_OK)
		rc = check(e);
	free(x);
	return rc;
}

static const struct sheet_ops xlsx_ops = {xlsx_row, xlsx_close, xlsx_abort};

static lxw_format *number_format(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);

	if (f && num)
		format_set_num_format(f, num);
	return f;
}

enum gl_err sheet_xlsx_open(const char *path, const struct sheet_writer *w,
			     struct sheet_writer **out)
{
	static const char *const formats[SHEET_KIND__MAX] = {
		[SHEET_TEXT] = NULL, [SHEET_INT] = "0", [SHEET_WAN] = "#,##0",
		[SHEET_YI] = "0.00", [SHEET_DATE] = "yyyy-mm-dd", [SHEET_PERCENT] = "0.00%",
		[SHEET_CENTI] = "#,##0.00",
	};
	struct xlsx_writer *x = calloc(1, sizeof(*x));
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	enum gl_err rc = GL_OK;

	if (!x)
		return GL_ENOMEM;
	if (w->nviews > XLSX_MAX_VIEWS) {
		free(x);
		return GL_EINVALID;
	}
	x->w = *w;
	x->w.ops = &xlsx_ops;
	if (!(x->wb = workbook_new_opt(path, &opt))) {
		free(x);
		return GL_EIO;
	}
	if (!(x->header = workbook_add_format(x->wb)))
		rc = GL_ENOMEM;
	else {
		format_set_bold(x->header);
		format_set_bg_color(x->header, 0xDDEBF7);
		format_set_text_wrap(x->header);
		format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
	}
	for (int k = 0; rc == GL_OK && k < SHEET_KIND__MAX; k++)
		if (formats[k] && !(x->fmt[k] = number_format(x->wb, formats[k])))
			rc = GL_ENOMEM;
	for (size_t v = 0; rc == GL_OK && v < w->nviews; v++) {
		lxw_worksheet *ws = workbook_add_worksheet(x->wb, w->views[v]);

		if (!ws) {
			rc = GL_EINVALID;
			break;
		}
		x->sheets[v] = ws;
		for (size_t i = 0; i < w->ncols; i++) {
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w->cols[i].width, NULL);
			rc = check(worksheet_write_string(ws, 0, (lxw_col_t)i, w->cols[i].header,
							  x->header));
			if (rc != GL_OK)
				break;
		}
		worksheet_freeze_panes(ws, 1, 0);
		x->rows[v] = 1;
	}
	if (rc != GL_OK) {
		xlsx_abort(&x->w);
		return rc;
	}
	*out = &x->w;
	return GL_OK;
}
