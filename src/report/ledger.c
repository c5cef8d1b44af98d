/* ledger.c - the ledger writer interface: format names and dispatch to csv.c and xlsx.c. */
#include "ledger.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../domain/amount.h"

const struct ledger_format_info ledger_formats[LEDGER_FORMAT__MAX] = {
	[LEDGER_CSV] = {"csv", "text/csv; charset=utf-8"},
	[LEDGER_XLSX] = {"xlsx",
			 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

int ledger_format_parse(const char *name)
{
	for (int f = 0; name && f < LEDGER_FORMAT__MAX; f++)
		if (strcmp(name, ledger_formats[f].name) == 0)
			return f;
	return -1;
}

enum gl_err ledger_open(enum ledger_format f, const char *path, const struct ledger_col *cols,
			size_t ncols, const char *const *views, size_t nviews,
			struct ledger_writer **out)
{
	const struct ledger_writer w = {NULL, cols, ncols, views, nviews};

	*out = NULL;
	if (!ncols || !nviews || nviews > 16)
		return GL_EINVALID;
	return f == LEDGER_XLSX ? ledger_xlsx_open(path, &w, out) : ledger_csv_open(path, &w, out);
}

enum gl_err ledger_row(struct ledger_writer *w, unsigned views, const struct ledger_cell *cells)
{
	return w->ops->row(w, views, cells);
}

enum gl_err ledger_close(struct ledger_writer *w, const struct ledger_note *notes, size_t nnotes)
{
	return w->ops->close(w, notes, nnotes);
}

void ledger_abort(struct ledger_writer *w)
{
	if (w)
		w->ops->abort(w);
}

const char *ledger_cell_text(enum ledger_kind k, const struct ledger_cell *c, char *buf,
			     size_t size)
{
	int64_t n = c->num;

	buf[0] = '\0';
	if (c->null)
		return buf;
	switch (k) {
	case LEDGER_TEXT:
	case LEDGER_DATE:
		snprintf(buf, size, "%s", c->text ? c->text : "");
		break;
	case LEDGER_INT:
	case LEDGER_WAN:
		/* No thousands separators: a spreadsheet reads the field as a number. */
		snprintf(buf, size, "%" PRId64, n);
		break;
	case LEDGER_YI:
		/* The exact figure, not rounded to two places as the .xlsx shows it. */
		if (amount_format_yi(n, buf, size) < 0)
			buf[0] = '\0';
		break;
	case LEDGER_PERCENT: {
		uint64_t m = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

		snprintf(buf, size, "%s%" PRIu64 ".%02" PRIu64 "%%", n < 0 ? "-" : "", m / 100,
			 m % 100);
		break;
	}
	default:
		break;
	}
	return buf;
}
