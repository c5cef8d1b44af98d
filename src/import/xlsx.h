/* xlsx.h - reading one sheet of an .xlsx workbook as rows of typed cells.
 *
 * The ZIP container is opened with libzip and the XML parts parsed with libxml2 (the
 * workbook, its relationships and styles as trees; shared strings and the sheet itself with
 * the streaming xmlTextReader).  No DTD is loaded, no entity expanded and no network used.
 *
 * What comes out: shared strings (rich-text runs joined, phonetic guides left out), inline
 * strings, formula results, numbers, booleans (CELL_BOOL), error values as text ("#N/A"),
 * and numbers whose cell style is a date format (built-in 14-22, the Chinese built-ins
 * 27-36 and 50-58, or a custom format with y or d outside quotes and brackets) as CELL_DATE
 * serials in the 1900 system (a 1904 workbook's serials are shifted).  Cells missing from a
 * row (A1, C1) are empty; rows missing from the sheet are not reported (their numbers are
 * skipped).  A merged range over several rows (a 责任单位 written once for three projects)
 * gives its value to every row of its first column; a range within one row (the title
 * across the columns above the header) stays in its first cell.
 *
 * Limits: a part whose uncompressed size is over max_part_bytes is refused before it is
 * parsed (the size is counted while inflating, not taken from the archive's directory); a
 * sheet of more than 16M cells (counting the empty ones before each filled one, after
 * max_cols) is refused too, since a few bytes of XML can name a cell far to the right.
 */
#ifndef GL_IMPORT_XLSX_H
#define GL_IMPORT_XLSX_H

#include <stddef.h>

#include "table.h"

#define XLSX_MAX_PART_BYTES ((size_t)512 << 20)

struct xlsx_options {
	const char *sheet;        /* a sheet's name; NULL = the first sheet */
	size_t max_part_bytes;    /* 0 = XLSX_MAX_PART_BYTES */
	size_t max_cols;          /* cells right of this many columns are dropped; 0 = all */
};

/* Read the sheet and call fn for every row it holds, in order.  Returns GL_OK, GL_EIO (not
 * a file we can open), GL_EINVALID (not an .xlsx, no such sheet, malformed XML; err says
 * which), GL_ETOOBIG (a part over the limit) or GL_ENOMEM. */
enum gl_err xlsx_read_file(const char *path, const struct xlsx_options *opt, table_row_fn fn,
			   void *ctx, struct table_error *err) __attribute__((warn_unused_result));

/* The same for a workbook in memory (an upload); data is not copied and must outlive the
 * call. */
enum gl_err xlsx_read_mem(const void *data, size_t len, const struct xlsx_options *opt,
			  table_row_fn fn, void *ctx, struct table_error *err)
	__attribute__((warn_unused_result));

#endif
