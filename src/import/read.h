/* read.h - the reading half of an import: a .csv or .xlsx ledger into typed records and a
 * list of problems by row and column.  Nothing here touches the database.
 *
 *   file -> csv.h / xlsx.h (rows of cells) -> the header row (header.h) -> each data row's
 *   cells -> value.h -> one struct import_record per row, handed to a callback
 *
 * Rows above the header (a merged title such as 2023年重点项目台账, notes, blank lines) are
 * passed over in silence.  Below it, blank rows and totals rows (合计 / 总计 / 小计 in one of
 * the first three cells) are skipped and reported as notices; a blank row is reported only
 * when data follows it, so formatting left below a ledger's last row says nothing.  The
 * natural key is checked for duplicates within the file: the credit code for enterprises
 * (the name when the code is blank), the project code for projects (the name and phase
 * when the code is blank), the 12345 ticket number for appeals.
 *
 * Every record reaches the callback, with ok = 0 when the row has an error (its bad values
 * are absent); an import refuses the whole file when problems->errors is not 0.
 */
#ifndef GL_IMPORT_READ_H
#define GL_IMPORT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "header.h"
#include "problem.h"
#include "table.h"

enum import_format { IMPORT_FORMAT_AUTO, IMPORT_FORMAT_CSV, IMPORT_FORMAT_XLSX };

struct import_options {
	enum import_kind kind;
	enum import_format format;    /* AUTO: by the file name's extension, else its content */
	const char *sheet;            /* .xlsx: a sheet by name; NULL = the first */
	const struct header_map *map; /* explicit header -> field mapping, overrides synonyms */
	size_t nmap;
	size_t max_bytes;             /* the file (CSV) or any part (.xlsx); 0 = the defaults */
};

/* One field of a record; which field is the index into import_fields(kind). */
struct import_value {
	int present;        /* 0: the cell was empty, or refused (a problem says why) */
	const char *text;   /* text fields trimmed; credit codes normalised; dates YYYY-MM-DD */
	int64_t num;        /* amounts (万元, 万美元 for foreign), counts, land (1/100 亩), 0/1 */
};

struct import_record {
	size_t row;                       /* as Excel shows it */
	int ok;                           /* no error in this row */
	size_t nvalues;
	const struct import_value *values; /* valid during the callback only */
	const struct header *header;      /* the columns, for problems found later */
};

/* Return 0 to go on, non-zero to stop reading (the read then fails with GL_EINVALID). */
typedef int (*import_record_fn)(void *ctx, const struct import_record *rec);

struct import_summary {
	enum import_format format;
	enum csv_encoding encoding;   /* CSV only */
	size_t header_row;            /* 0 when none was found */
	size_t records;               /* data rows handed to the callback */
	size_t rejected;              /* of those, with at least one error */
	size_t skipped;               /* blank and totals rows below the header */
};

/* Read a file.  Returns GL_OK when it could be read (problems may still hold errors: check
 * problems->errors), or the reader's error when it could not at all, with one IMP_FILE
 * problem saying why (GL_EIO, GL_EINVALID, GL_ETOOBIG, GL_ENOMEM).  sum may be NULL. */
enum gl_err import_read_file(const char *path, const struct import_options *opt,
			     import_record_fn fn, void *ctx, struct import_problems *problems,
			     struct import_summary *sum) __attribute__((warn_unused_result));

/* The same for an upload in memory; name (may be NULL) only picks the format when AUTO. */
enum gl_err import_read_mem(const void *data, size_t len, const char *name,
			    const struct import_options *opt, import_record_fn fn, void *ctx,
			    struct import_problems *problems, struct import_summary *sum)
	__attribute__((warn_unused_result));

#endif
