/* sheet.h - writing a ledger (台账): a table of typed columns, as .csv or .xlsx.
 *
 * A ledger is described by a table of columns (a Chinese header, a kind, a width); its rows
 * are arrays of cells, one per column.  A ledger has one or more views: view 0 holds every
 * row, the others (stage groups, for instance) the rows the caller routes to them.  The
 * .xlsx writer makes one sheet per view plus a 说明 sheet with the notes given at close;
 * CSV has one table, so it writes view 0 only and no notes.
 *
 * Rows are written as they come: neither writer keeps more than the current row in memory
 * (the .xlsx one runs libxlsxwriter in constant_memory mode, with temporary files), so a
 * ledger of 100k rows is written from pages of the list.
 *
 * The writer writes to the file at path, creating or truncating it.  sheet_close() returns
 * GL_OK when the file is complete; after any error (or sheet_abort()) its content is
 * undefined and the caller removes it.
 */
#ifndef GL_SHEET_H
#define GL_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

enum sheet_kind {
	SHEET_TEXT,     /* text */
	SHEET_INT,      /* an integer count */
	SHEET_WAN,      /* an amount in 万元 (num), shown #,##0 */
	SHEET_YI,       /* an amount in 万元 (num), shown in 亿元 with two decimals */
	SHEET_DATE,     /* "YYYY-MM-DD" (text); a real date cell in .xlsx */
	SHEET_PERCENT,  /* a ratio in basis points (num): 1234 is 12.34% */
	SHEET_CENTI,    /* hundredths (num), e.g. land in 1/100 亩: 1250 is 12.50 */
	SHEET_KIND__MAX
};

struct sheet_col {
	const char *header;    /* Chinese header, e.g. 总投资（万元） */
	enum sheet_kind kind;
	int width;             /* column width in characters (.xlsx) */
};

/* One cell: text for SHEET_TEXT and SHEET_DATE, num for the others; empty when null (or
 * when text is NULL). */
struct sheet_cell {
	const char *text;
	int64_t num;
	int null;
};

enum sheet_format {
	SHEET_CSV,
	SHEET_XLSX,
	SHEET_FORMAT__MAX
};

struct sheet_format_info {
	const char *name;          /* "csv", "xlsx": the format parameter and file extension */
	const char *content_type;
};
extern const struct sheet_format_info sheet_formats[SHEET_FORMAT__MAX];

/* The format called name, or -1. */
int sheet_format_parse(const char *name);

/* A note of the 说明 sheet: a label and its text. */
struct sheet_note {
	const char *label, *text;
};

struct sheet_writer;

/* Start a ledger of ncols columns and nviews views (names are sheet names, at most 31
 * characters; the columns and names are borrowed until sheet_close/sheet_abort). */
enum gl_err sheet_open(enum sheet_format f, const char *path, const struct sheet_col *cols,
			size_t ncols, const char *const *views, size_t nviews,
			struct sheet_writer **out) __attribute__((warn_unused_result));
/* Append a row (ncols cells) to view 0 and to every view v > 0 whose bit (1u << v) is set in
 * views. */
enum gl_err sheet_row(struct sheet_writer *w, unsigned views, const struct sheet_cell *cells)
	__attribute__((warn_unused_result));
/* Finish the file with its notes, and free the writer (whatever the result). */
enum gl_err sheet_close(struct sheet_writer *w, const struct sheet_note *notes, size_t nnotes)
	__attribute__((warn_unused_result));
/* Free the writer without finishing the file. */
void sheet_abort(struct sheet_writer *w);

/* ---- the writers behind sheet_open (csv.c, xlsx.c) ---- */

struct sheet_ops {
	enum gl_err (*row)(struct sheet_writer *w, unsigned views, const struct sheet_cell *c);
	enum gl_err (*close)(struct sheet_writer *w, const struct sheet_note *notes, size_t n);
	void (*abort)(struct sheet_writer *w);
};

struct sheet_writer {
	const struct sheet_ops *ops;
	const struct sheet_col *cols;
	size_t ncols;
	const char *const *views;
	size_t nviews;
};

/* Open the file with w's columns and views set (cols, ncols, views, nviews); OUT: *out. */
enum gl_err sheet_csv_open(const char *path, const struct sheet_writer *w,
			    struct sheet_writer **out);
enum gl_err sheet_xlsx_open(const char *path, const struct sheet_writer *w,
			     struct sheet_writer **out);

/* CSV text of one cell (no quoting), into buf: what csv.c writes and tests compare.
 * Returns buf. */
const char *sheet_cell_text(enum sheet_kind k, const struct sheet_cell *c, char *buf,
			     size_t size);

#endif
