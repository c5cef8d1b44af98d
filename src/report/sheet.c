/* sheet.c - the ledger writer interface: format names and dispatch to csv.c and xlsx.c. */
#include "sheet.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../domain/amount.h"

const struct sheet_format_info sheet_formats[SHEET_FORMAT__MAX] = {
	[SHEET_CSV] = {"csv", "text/csv; charset=utf-8"},
	[SHEET_XLSX] = {"xlsx",
			 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

int sheet_format_parse(const char *name)
{
	for (int f = 0; name && f < SHEET_FORMAT__MAX; f++)
		if (strcmp(name, sheet_formats[f].name) == 0)
			return f;
	return -1;
}

enum gl_err sheet_open(enum sheet_format f, const char *path, const struct sheet_col *cols,
			size_t ncols, const char *const *views, size_t nviews,
			struct sheet_writer **out)
{
	const struct sheet_writer w = {NULL, cols, ncols, views, nviews};

	*out = NULL;
	if (!ncols || !nviews || nviews > 16)
		return GL_EINVALID;
	return f == SHEET_XLSX ? sheet_xlsx_open(path, &w, out) : sheet_csv_open(path, &w, out);
}

enum gl_err sheet_row(struct sheet_writer *w, unsigned views, const struct sheet_cell *cells)
{
	return w->ops->row(w, views, cells);
}

enum gl_err sheet_close(struct sheet_writer *w, const struct sheet_note *notes, size_t nnotes)
{
	return w->ops->close(w, notes, nnotes);
}

void sheet_abort(struct sheet_writer *w)
{
	if (w)
		w->ops->abort(w);
}

const char *sheet_cell_text(enum sheet_kind k, const struct sheet_cell *c, char *buf,
			     size_t size)
{
	int64_t n = c->num;

	buf[0] = '\0';
	if (c->null)
		return buf;
	switch (k) {
	case SHEET_TEXT:
	case SHEET_DATE:
		snprintf(buf, size, "%s", c->text ? c->text : "");
		break;
	case SHEET_INT:
	case SHEET_WAN:
		/* No thousands separators: a spreadsheet reads the field as a number. */
		snprintf(buf, size, "%" PRId64, n);
		break;
	case SHEET_YI:
		/* The exact figure, not rounded to two places as the .xlsx shows it. */
		if (amount_format_yi(n, buf, size) < 0)
			buf[0] = '\0';
		break;
	case SHEET_PERCENT:
	case SHEET_CENTI: {
		uint64_t m = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

		/* Both are hundredths written exactly: 1234 is 12.34 (a percentage of basis
		 * points: 12.34%). */
		snprintf(buf, size, "%s%" PRIu64 ".%02" PRIu64 "%s", n < 0 ? "-" : "", m / 100,
			 m % 100, k == SHEET_PERCENT ? "%" : "");
		break;
	}
	default:
		break;
	}
	return buf;
}
