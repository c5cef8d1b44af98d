/* ref.c - reference tables: industries, chains, channels, regions, units. */
#include "store-int.h"

static const enum stmt exists_stmt[REF__MAX] = {
	[REF_INDUSTRY] = STMT_REF_INDUSTRY_EXISTS,
	[REF_CHAIN] = STMT_REF_CHAIN_EXISTS,
	[REF_CHANNEL] = STMT_REF_CHANNEL_EXISTS,
	[REF_REGION] = STMT_REF_REGION_EXISTS,
	[REF_UNIT] = STMT_REF_UNIT_EXISTS,
};

static const enum stmt list_stmt[REF__MAX] = {
	[REF_INDUSTRY] = STMT_REF_INDUSTRY_LIST,
	[REF_CHAIN] = STMT_REF_CHAIN_LIST,
	[REF_CHANNEL] = STMT_REF_CHANNEL_LIST,
	[REF_REGION] = STMT_REF_REGION_LIST,
	[REF_UNIT] = STMT_REF_UNIT_LIST,
};

enum gl_err store_ref_exists(struct store *s, enum ref_table t, const char *code)
{
	sqlite3_stmt *st = stmt_get(s, exists_stmt[t]);
	int64_t one;

	if (!st)
		return GL_EDB;
	bind_text(st, 1, code);
	return step_int(s, st, &one);
}

enum gl_err store_ref_list(struct store *s, enum ref_table t, const char *q, int64_t limit,
			   struct arena *a, struct ref_list *out)
{
	sqlite3_stmt *st = stmt_get(s, list_stmt[t]);
	int64_t cap = 64;
	int r;

	out->n = 0;
	if (!st)
		return GL_EDB;
	bind_text(st, 1, q);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	out->items = arena_alloc(a, (size_t)cap * sizeof(*out->items));
	while (out->items && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			struct ref_item *more = arena_alloc(a, (size_t)cap * 2 * sizeof(*more));
			if (!more)
				break;
			for (int64_t i = 0; i < cap; i++)
				more[i] = out->items[i];
			out->items = more;
			cap *= 2;
		}
		struct ref_item *it = &out->items[out->n++];
		it->code = col_text(st, 0, a);
		it->name = col_text(st, 1, a);
		it->parent = col_text(st, 2, a);
		it->kind = col_text(st, 3, a);
		it->id = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (!out->items)
		return GL_ENOMEM;
	return GL_OK;
}
