/* csv.h - reading RFC 4180 CSV as rows of text cells, in UTF-8 or GB18030.
 *
 * Fields are separated by commas; a field in double quotes may hold commas, newlines and
 * doubled quotes ("" for one quote).  Records end with CRLF, LF or a lone CR; the last may
 * have no line end.  Reading is lenient where Excel and WPS are: a quote inside an unquoted
 * field is kept as a character, text after a closing quote is kept too.  A quote left open
 * at the end of the file is an error naming the row where the field began.
 *
 * Encoding: a UTF-8 byte order mark means UTF-8 (the mark is dropped); otherwise valid UTF-8
 * is UTF-8; otherwise the file is converted from GB18030 with iconv, strictly (GB18030 is a
 * superset of GBK and GB2312, what Excel writes on a Chinese Windows).  When neither fits,
 * the error names the first byte that is not UTF-8, by offset and value.  Files that are
 * clearly something else (a .xlsx, UTF-16, NUL bytes) are refused with a message saying so.
 *
 * Every cell is CELL_TEXT, or CELL_EMPTY for an empty field; texts are exactly as written
 * (value.h trims them).  Row numbers count records from 1.
 */
#ifndef GL_IMPORT_CSV_H
#define GL_IMPORT_CSV_H

#include <stddef.h>

#include "table.h"

enum csv_encoding {
	CSV_UTF8,
	CSV_UTF8_BOM,
	CSV_GB18030,
	CSV_ENCODING__MAX
};

/* "UTF-8", "UTF-8 (BOM)", "GB18030". */
const char *csv_encoding_name(enum csv_encoding e);

/* The largest file read by default (bytes). */
#define CSV_MAX_BYTES ((size_t)1 << 30)

/* Read len bytes at data (copied: the caller keeps its buffer).  The encoding found goes to
 * *enc when enc is not NULL.  Returns GL_OK, GL_EINVALID (bad encoding, open quote, fn asked
 * to stop; err says which), GL_ETOOBIG (len over max_bytes, 0 = CSV_MAX_BYTES) or
 * GL_ENOMEM. */
enum gl_err csv_read_mem(const char *data, size_t len, size_t max_bytes, table_row_fn fn,
			 void *ctx, enum csv_encoding *enc, struct table_error *err)
	__attribute__((warn_unused_result));

/* The same for a file; GL_EIO when it cannot be read. */
enum gl_err csv_read_file(const char *path, size_t max_bytes, table_row_fn fn, void *ctx,
			  enum csv_encoding *enc, struct table_error *err)
	__attribute__((warn_unused_result));

/* Offset of the first byte of s[0..len) that does not belong to well-formed UTF-8, or len
 * when all of it does.  NUL bytes count as bad. */
size_t csv_utf8_bad_offset(const unsigned char *s, size_t len);

#endif
