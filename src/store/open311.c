/* open311.c - the lookups Open311 and the appeal ledger need beyond the appeal store: an
 * appeal by its code, an enterprise by its credit code, an enterprise's address, a session's
 * label. */
#include "store-int.h"

#include <string.h>

enum {
	O311_APPEAL_BY_CODE,
	O311_ENT_BY_CREDIT,
	O311_ENT_ADDRESS,
	O311_RT_LABEL,
	O311__MAX
};

static const char *const o311_sql[O311__MAX] = {
	[O311_APPEAL_BY_CODE] = "SELECT id FROM appeal WHERE code = ?1",
	[O311_ENT_BY_CREDIT] = "SELECT id FROM enterprise WHERE credit_code = ?1",
	[O311_ENT_ADDRESS] = "SELECT address FROM enterprise WHERE id = ?1",
	[O311_RT_LABEL] = "SELECT s.name, r.number FROM roundtable r"
		" JOIN roundtable_series s ON s.id = r.series_id WHERE r.id = ?1",
};

static sqlite3_stmt *o311(struct store *s, int i)
{
	return mod_stmt(s, MOD_OPEN311, i, o311_sql);
}

enum gl_err store_appeal_id_by_code(struct store *s, const char *code, int64_t *id)
{
	sqlite3_stmt *st = o311(s, O311_APPEAL_BY_CODE);

	if (!st)
		return GL_EDB;
	bind_text(st, 1, code);
	return step_int(s, st, id);
}

enum gl_err store_enterprise_id_by_credit(struct store *s, const char *credit_code,
					  int64_t *id)
{
	sqlite3_stmt *st = o311(s, O311_ENT_BY_CREDIT);

	if (!st)
		return GL_EDB;
	bind_text(st, 1, credit_code);
	return step_int(s, st, id);
}

/* One row of one text column (NULL text allowed); GL_ENOTFOUND when no row. */
static enum gl_err step_text(struct store *s, sqlite3_stmt *st, struct arena *a,
			     const char **out, int64_t *num)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW) {
		*out = col_text(st, 0, a);
		if (num)
			*num = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		return GL_OK;
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_ENOTFOUND : store_fail(s, "open311 lookup");
}

enum gl_err store_enterprise_address(struct store *s, int64_t id, struct arena *a,
				     const char **address)
{
	sqlite3_stmt *st = o311(s, O311_ENT_ADDRESS);

	*address = NULL;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return step_text(s, st, a, address, NULL);
}

enum gl_err store_roundtable_label(struct store *s, int64_t id, struct arena *a,
				   const char **series, int64_t *number)
{
	sqlite3_stmt *st = o311(s, O311_RT_LABEL);

	*series = NULL;
	*number = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return step_text(s, st, a, series, number);
}
