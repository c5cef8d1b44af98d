/* value.h - one cell of an office's ledger into a typed value: amounts in exact 万元, dates,
 * credit codes, counts, land, yes/no.
 *
 * Each function returns IMP_OK and the value, or the problem code (problem.h) that says why
 * the cell was refused; the caller writes the message with the row and column.  Texts are
 * trimmed of ASCII and ideographic spaces first; full-width digits are read as digits.
 */
#ifndef GL_IMPORT_VALUE_H
#define GL_IMPORT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"
#include "problem.h"
#include "table.h"

/* The unit a column's header names, e.g. 总投资（亿元）: yuan per unit (0 when the header
 * names none) and whether it is US dollars (万美元). */
struct value_unit {
	int64_t yuan;
	int usd;
};

/* Parse a unit as written in a header: 元 万元 亿元 美元 万美元 亿美元 (also 万 and 亿 alone).
 * Returns 0 and *u, or -1 when s is not one of them. */
int value_unit_parse(const char *s, struct value_unit *u);

/* Trim spaces (ASCII, tabs, newlines, U+3000) at both ends, in place.  Returns s. */
char *value_trim(char *s);

/* An amount into 万元 (or 万美元 when foreign): "400亿元" -> 4000000, "1.5亿" -> 15000,
 * "3,000万元" -> 3000, "2.5亿美元" -> 25000 in a foreign column.  A bare number ("3000" or a
 * number cell) is in the column's unit, 万元 when the header names none (万美元 for a foreign
 * column).  Refused: IMP_BAD_AMOUNT (not an amount, or over MONEY_MAX_AMOUNT),
 * IMP_AMOUNT_FRACTION (not whole 万), IMP_FOREIGN_CURRENCY (美元 in a 人民币 column),
 * IMP_NOT_FOREIGN (元 in a 美元 column). */
enum import_code value_amount(const struct cell *c, const struct value_unit *col, int foreign,
			      int64_t *out);

/* True when text is an amount with its unit written out ("3000万元", "1.5亿"), the mistake
 * of an amount typed in a date or text column.  A bare number is not. */
int value_looks_like_amount(const char *text);

/* A date: a date cell, an Excel serial number, "2023年2月3日", "2023.2.3", "2023/02/03",
 * "2023-2-3" (a time after it is ignored), "20230203".  IMP_IMPOSSIBLE_DATE for a date that
 * does not exist (2023-02-30, serial 60 = 1900-02-29), IMP_BAD_DATE for anything else. */
enum import_code value_date(const struct cell *c, struct ymd *out);

/* Excel's serial day number (1900 system, Lotus' leap-year bug included: 1 is 1900-01-01,
 * 60 is the 1900-02-29 that never was, 61 is 1900-03-01).  The fraction (time) is dropped. */
enum import_code value_serial_date(double serial, struct ymd *out);

/* A unified social credit code, spaces removed, full-width and lower-case letters made
 * ASCII upper case, into out (19 bytes).  IMP_BAD_CREDIT_CODE (length, characters) or
 * IMP_CREDIT_CODE_CHECK (a check character; out still holds the code). */
enum import_code value_credit_code(const char *text, char out[19]);

/* A whole non-negative count ("120", "1,200", "120人", a number cell): IMP_BAD_NUMBER. */
enum import_code value_count(const struct cell *c, int64_t *out);

/* Land in 1/100 亩 ("12.5", "12.5亩", a number cell): IMP_BAD_LAND. */
enum import_code value_land(const struct cell *c, int64_t *out);

/* Yes or no: 是/否, Y/N, √/×, 1/0, TRUE/FALSE, a boolean cell.  IMP_BAD_BOOL. */
enum import_code value_bool(const struct cell *c, int *out);

/* The text of a cell for a text field, trimmed, into buf (a number cell as written, a date
 * cell as YYYY-MM-DD).  Returns buf. */
char *value_text(const struct cell *c, char *buf, size_t size);

#endif
