/* table.c - rows of typed cells kept in memory, and the small helpers every reader shares. */
#include "table.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/text.h"

static const struct cell empty_cell = { CELL_EMPTY, "", 0 };

void table_error_set(struct table_error *err, enum gl_err code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

void table_init(struct table *t)
{
	arena_init(&t->arena);
	t->rows = NULL;
	t->nrows = t->cap = 0;
}

void table_release(struct table *t)
{
	arena_release(&t->arena);
	free(t->rows);
	table_init(t);
}

int table_collect(void *ctx, const struct table_row *row)
{
	struct table *t = ctx;
	struct cell *cells = NULL;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct table_row *rows = realloc(t->rows, cap * sizeof(*rows));

		if (!rows)
			return -1;
		t->rows = rows;
		t->cap = cap;
	}
	if (row->ncells) {
		cells = arena_alloc(&t->arena, row->ncells * sizeof(*cells));
		if (!cells)
			return -1;
		for (size_t i = 0; i < row->ncells; i++) {
			cells[i] = row->cells[i];
			cells[i].text = arena_strdup(&t->arena, row->cells[i].text);
			if (!cells[i].text)
				return -1;
		}
	}
	t->rows[t->nrows].line = row->line;
	t->rows[t->nrows].ncells = row->ncells;
	t->rows[t->nrows].cells = cells;
	t->nrows++;
	return 0;
}

const struct cell *table_cell(const struct table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->rows[row].ncells)
		return &empty_cell;
	return &t->rows[row].cells[col];
}

char *table_col_name(size_t col, char *buf, size_t size)
{
	char rev[8];
	size_t n = 0;

	col++;
	while (col > 0 && n < sizeof(rev)) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	if (size == 0)
		return buf;
	if (n + 1 > size)
		n = 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

int table_row_blank(const struct table_row *row)
{
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &row->cells[i];

		if (c->kind != CELL_EMPTY && !(c->kind == CELL_TEXT && text_blank(c->text)))
			return 0;
	}
	return 1;
}
