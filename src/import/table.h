/* table.h - a sheet as rows of typed cells, whatever file it came from.
 *
 * Readers (csv.h, xlsx.h) hand rows to a callback one at a time; a row and its cells are
 * valid only during the call (the CSV reader streams a million rows without keeping them).
 * struct table is the callback that keeps them all, for small files and for tests.
 *
 * Row numbers are the ones the user sees in Excel: 1-based, the CSV record (not the physical
 * line: a quoted field may hold newlines), or the .xlsx row's r attribute.  Column 0 is A.
 */
#ifndef GL_IMPORT_TABLE_H
#define GL_IMPORT_TABLE_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/err.h"

enum cell_kind {
	CELL_EMPTY,
	CELL_TEXT,    /* text: the characters as stored */
	CELL_NUMBER,  /* num; text is the number as stored ("3000", "1.5", "44960.5") */
	CELL_DATE,    /* num is an Excel serial date (a number cell with a date format) */
	CELL_BOOL,    /* num is 0 or 1; text "TRUE" / "FALSE" */
	CELL__MAX
};

struct cell {
	enum cell_kind kind;
	const char *text;  /* never NULL; "" for CELL_EMPTY */
	double num;
};

struct table_row {
	size_t line;          /* row number as Excel shows it */
	size_t ncells;        /* trailing empty cells may be left out */
	const struct cell *cells;
};

/* Called once per row, in order.  Return 0 to go on; anything else stops the reader, which
 * then returns GL_EINVALID with the reader error "stopped". */
typedef int (*table_row_fn)(void *ctx, const struct table_row *row);

/* What went wrong while reading a file as a whole (not a cell: those are problems, see
 * read.h).  message is Chinese, for the user. */
struct table_error {
	enum gl_err code;
	char message[256];
};

void table_error_set(struct table_error *err, enum gl_err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- every row kept in memory ---------------------------------------------------------- */

struct table {
	struct arena arena;   /* rows, cells and texts */
	struct table_row *rows;
	size_t nrows, cap;
};

void table_init(struct table *t);
void table_release(struct table *t);

/* A table_row_fn that copies each row into the table (ctx is the struct table); returns
 * non-zero when memory runs out. */
int table_collect(void *ctx, const struct table_row *row);

/* The cell at (row index, column), or an empty cell when the row is shorter. */
const struct cell *table_cell(const struct table *t, size_t row, size_t col);

/* Column letters for column index col (0 -> "A", 26 -> "AA"); buf needs 4 bytes for the
 * 16384 columns a sheet may have.  Returns buf. */
char *table_col_name(size_t col, char *buf, size_t size);

/* True when every cell is empty or only spaces. */
int table_row_blank(const struct table_row *row);

#endif
