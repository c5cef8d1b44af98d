/* ledger.h - writing a ledger (台账): a table of typed columns, as .csv or .xlsx.
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
 * The writer writes to the file at path, creating or truncating it.  ledger_close() returns
 * GL_OK when the file is complete; after any error (or ledger_abort()) its content is
 * undefined and the caller removes it.
 */
#ifndef GL_LEDGER_H
#define GL_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

enum ledger_kind {
	LEDGER_TEXT,     /* text */
	LEDGER_INT,      /* an integer count */
	LEDGER_WAN,      /* an amount in 万元 (num), shown #,##0 */
	LEDGER_YI,       /* an amount in 万元 (num), shown in 亿元 with two decimals */
	LEDGER_DATE,     /* "YYYY-MM-DD" (text); a real date cell in .xlsx */
	LEDGER_PERCENT,  /* a ratio in basis points (num): 1234 is 12.34% */
	LEDGER_KIND__MAX
};

struct ledger_col {
	const char *header;    /* Chinese header, e.g. 总投资（万元） */
	enum ledger_kind kind;
	int width;             /* column width in characters (.xlsx) */
};

/* One cell: text for LEDGER_TEXT and LEDGER_DATE, num for the others; empty when null (or
 * when text is NULL). */
struct ledger_cell {
	const char *text;
	int64_t num;
	int null;
};

enum ledger_format {
	LEDGER_CSV,
	LEDGER_XLSX,
	LEDGER_FORMAT__MAX
};

struct ledger_format_info {
	const char *name;          /* "csv", "xlsx": the format parameter and file extension */
	const char *content_type;
};
extern const struct ledger_format_info ledger_formats[LEDGER_FORMAT__MAX];

/* The format called name, or -1. */
int ledger_format_parse(const char *name);

/* A note of the 说明 sheet: a label and its text. */
struct ledger_note {
	const char *label, *text;
};

struct ledger_writer;

/* Start a ledger of ncols columns and nviews views (names are sheet names, at most 31
 * characters; the columns and names are borrowed until ledger_close/ledger_abort). */
enum gl_err ledger_open(enum ledger_format f, const char *path, const struct ledger_col *cols,
			size_t ncols, const char *const *views, size_t nviews,
			struct ledger_writer **out) __attribute__((warn_unused_result));
/* Append a row (ncols cells) to view 0 and to every view v > 0 whose bit (1u << v) is set in
 * views. */
enum gl_err ledger_row(struct ledger_writer *w, unsigned views, const struct ledger_cell *cells)
	__attribute__((warn_unused_result));
/* Finish the file with its notes, and free the writer (whatever the result). */
enum gl_err ledger_close(struct ledger_writer *w, const struct ledger_note *notes, size_t nnotes)
	__attribute__((warn_unused_result));
/* Free the writer without finishing the file. */
void ledger_abort(struct ledger_writer *w);

/* ---- the writers behind ledger_open (csv.c, xlsx.c) ---- */

struct ledger_ops {
	enum gl_err (*row)(struct ledger_writer *w, unsigned views, const struct ledger_cell *c);
	enum gl_err (*close)(struct ledger_writer *w, const struct ledger_note *notes, size_t n);
	void (*abort)(struct ledger_writer *w);
};

struct ledger_writer {
	const struct ledger_ops *ops;
	const struct ledger_col *cols;
	size_t ncols;
	const char *const *views;
	size_t nviews;
};

/* Open the file with w's columns and views set (cols, ncols, views, nviews); OUT: *out. */
enum gl_err ledger_csv_open(const char *path, const struct ledger_writer *w,
			    struct ledger_writer **out);
enum gl_err ledger_xlsx_open(const char *path, const struct ledger_writer *w,
			     struct ledger_writer **out);

/* CSV text of one cell (no quoting), into buf: what csv.c writes and tests compare.
 * Returns buf. */
const char *ledger_cell_text(enum ledger_kind k, const struct ledger_cell *c, char *buf,
			     size_t size);

#endif
