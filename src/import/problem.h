/* problem.h - what is wrong with an imported file, cell by cell.
 *
 * Every problem names the row as the user sees it in Excel, the column (letter and header
 * text) when there is one, a stable code and a Chinese message quoting the value.  Errors
 * reject the file (the import is all-or-nothing); warnings and notices (skipped rows,
 * ignored columns) are reported and do not.
 *
 * A list keeps the first max problems in order and counts all of them, so a file with a
 * million bad rows still gives exact totals and a report of reasonable size.
 */
#ifndef GL_IMPORT_PROBLEM_H
#define GL_IMPORT_PROBLEM_H

#include <stddef.h>

#include "../util/arena.h"

enum import_severity { IMPORT_ERROR, IMPORT_WARNING, IMPORT_NOTICE };

enum import_code {
	IMP_OK = 0,
	/* the file and its header */
	IMP_FILE,              /* the file cannot be read at all (encoding, zip, size...) */
	IMP_NO_HEADER,         /* no row looks like a header */
	IMP_MISSING_COLUMN,    /* a required field has no column */
	IMP_DUPLICATE_COLUMN,  /* two columns for one field: the later one is ignored */
	IMP_UNKNOWN_COLUMN,    /* a header that matches no field: ignored */
	/* rows */
	IMP_SKIPPED_BLANK,
	IMP_SKIPPED_TOTAL,     /* 合计 / 总计 / 小计 */
	IMP_DUPLICATE_KEY,     /* the same credit code / project code twice in the file */
	/* values */
	IMP_REQUIRED,
	IMP_BAD_AMOUNT,
	IMP_AMOUNT_FRACTION,   /* not a whole number of 万元 */
	IMP_FOREIGN_CURRENCY,  /* 美元 in a 人民币 column */
	IMP_NOT_FOREIGN,       /* 元 (人民币) in a foreign-currency column */
	IMP_AMOUNT_WRONG_COLUMN, /* "3000万元" in a date or text column */
	IMP_BAD_DATE,
	IMP_IMPOSSIBLE_DATE,   /* 2023-02-30, Excel's 1900-02-29 */
	IMP_BAD_CREDIT_CODE,   /* length or characters */
	IMP_CREDIT_CODE_CHECK, /* a check character is wrong */
	IMP_BAD_NUMBER,
	IMP_BAD_LAND,
	IMP_BAD_BOOL,
	IMP_TOO_LONG,
	/* the writing half (src/ingest): the store and the domain rules */
	IMP_UNKNOWN,           /* a name or code that names no reference record */
	IMP_INVALID,           /* a rule of the domain (project_validate, enterprise_validate) */
	IMP_STAGE_CHANGE,      /* a stage or stage date of a stored project: the ledger's */
	IMP_CODE__MAX
};

/* "bad_amount", "skipped_total"... */
const char *import_code_name(enum import_code c);
enum import_severity import_code_severity(enum import_code c);
const char *import_severity_name(enum import_severity s);

struct import_problem {
	size_t row;            /* 0 = the file as a whole */
	long col;              /* -1 = the row as a whole */
	char col_name[4];      /* "A", "AB"; "" when col is -1 */
	const char *header;    /* the column's header text, or NULL */
	enum import_code code;
	const char *message;   /* Chinese */
};

struct import_problems {
	struct arena arena;
	struct import_problem *items;
	size_t n, cap, max;          /* kept, allocated, most kept */
	size_t total;                /* found, kept or not */
	size_t count[IMP_CODE__MAX]; /* found, by code */
	size_t errors;               /* found with severity IMPORT_ERROR */
};

enum { IMPORT_PROBLEMS_DEFAULT_MAX = 1000 };

void import_problems_init(struct import_problems *p, size_t max);
void import_problems_release(struct import_problems *p);

/* Record a problem; message is printf-style.  Returns 0, or -1 when memory ran out (the
 * problem is still counted). */
int import_problem_add(struct import_problems *p, size_t row, long col, const char *header,
		       enum import_code code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif
