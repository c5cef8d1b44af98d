/* problem.c - the list of problems found in an imported file. */
#include "problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "table.h"

static const struct {
	const char *name;
	enum import_severity severity;
} codes[IMP_CODE__MAX] = {
	[IMP_OK] = { "ok", IMPORT_NOTICE },
	[IMP_FILE] = { "file", IMPORT_ERROR },
	[IMP_NO_HEADER] = { "no_header", IMPORT_ERROR },
	[IMP_MISSING_COLUMN] = { "missing_column", IMPORT_ERROR },
	[IMP_DUPLICATE_COLUMN] = { "duplicate_column", IMPORT_WARNING },
	[IMP_UNKNOWN_COLUMN] = { "unknown_column", IMPORT_NOTICE },
	[IMP_SKIPPED_BLANK] = { "skipped_blank", IMPORT_NOTICE },
	[IMP_SKIPPED_TOTAL] = { "skipped_total", IMPORT_NOTICE },
	[IMP_DUPLICATE_KEY] = { "duplicate_key", IMPORT_ERROR },
	[IMP_REQUIRED] = { "required", IMPORT_ERROR },
	[IMP_BAD_AMOUNT] = { "bad_amount", IMPORT_ERROR },
	[IMP_AMOUNT_FRACTION] = { "amount_fraction", IMPORT_ERROR },
	[IMP_FOREIGN_CURRENCY] = { "foreign_currency", IMPORT_ERROR },
	[IMP_NOT_FOREIGN] = { "not_foreign", IMPORT_ERROR },
	[IMP_AMOUNT_WRONG_COLUMN] = { "amount_wrong_column", IMPORT_ERROR },
	[IMP_BAD_DATE] = { "bad_date", IMPORT_ERROR },
	[IMP_IMPOSSIBLE_DATE] = { "impossible_date", IMPORT_ERROR },
	[IMP_BAD_CREDIT_CODE] = { "bad_credit_code", IMPORT_ERROR },
	[IMP_CREDIT_CODE_CHECK] = { "credit_code_check", IMPORT_ERROR },
	[IMP_BAD_NUMBER] = { "bad_number", IMPORT_ERROR },
	[IMP_BAD_LAND] = { "bad_land", IMPORT_ERROR },
	[IMP_BAD_BOOL] = { "bad_bool", IMPORT_ERROR },
	[IMP_TOO_LONG] = { "too_long", IMPORT_ERROR },
	[IMP_UNKNOWN] = { "unknown", IMPORT_ERROR },
	[IMP_INVALID] = { "invalid", IMPORT_ERROR },
	[IMP_STAGE_CHANGE] = { "stage_change", IMPORT_ERROR },
};

const char *import_code_name(enum import_code c)
{
	return (unsigned)c < IMP_CODE__MAX ? codes[c].name : "?";
}

enum import_severity import_code_severity(enum import_code c)
{
	return (unsigned)c < IMP_CODE__MAX ? codes[c].severity : IMPORT_ERROR;
}

const char *import_severity_name(enum import_severity s)
{
	switch (s) {
	case IMPORT_ERROR:
		return "error";
	case IMPORT_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

void import_problems_init(struct import_problems *p, size_t max)
{
	memset(p, 0, sizeof(*p));
	arena_init(&p->arena);
	p->max = max ? max : IMPORT_PROBLEMS_DEFAULT_MAX;
}

void import_problems_release(struct import_problems *p)
{
	arena_release(&p->arena);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

int import_problem_add(struct import_problems *p, size_t row, long col, const char *header,
		       enum import_code code, const char *fmt, ...)
{
	struct import_problem *it;
	char msg[512];
	va_list ap;

	p->total++;
	if ((unsigned)code < IMP_CODE__MAX)
		p->count[code]++;
	if (import_code_severity(code) == IMPORT_ERROR)
		p->errors++;
	if (p->n >= p->max)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct import_problem *items = realloc(p->items, cap * sizeof(*items));

		if (!items)
			return -1;
		p->items = items;
		p->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_trim_tail(msg);
	it = &p->items[p->n];
	it->row = row;
	it->col = col;
	it->col_name[0] = '\0';
	if (col >= 0)
		table_col_name((size_t)col, it->col_name, sizeof(it->col_name));
	it->header = header ? arena_strdup(&p->arena, header) : NULL;
	it->code = code;
	it->message = arena_strdup(&p->arena, msg);
	if ((header && !it->header) || !it->message)
		return -1;
	p->n++;
	return 0;
}
