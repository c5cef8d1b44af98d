/* export.c - what ledger exports read beyond the lists: names in place of ids, totals. */
#include "store-int.h"

#include <string.h>

enum {
	EXP_PROJECT_EXTRA,
	EXP_PROJECT_CODE,
	EXP__MAX
};

static const char *const exp_sql[EXP__MAX] = {
	/* One statement per row rather than two: an export of 100k projects runs it 100k
	 * times.  sum() without coalesce: no reported month is "not known", not 0. */
	[EXP_PROJECT_EXTRA] =
		"SELECT (SELECT group_concat(name, '、') FROM (SELECT e.name FROM project_enterprise pe"
		" JOIN enterprise e ON e.id = pe.enterprise_id WHERE pe.project_id = ?1"
		" ORDER BY pe.seq)),"
		" (SELECT sum(amount) FROM project_funds WHERE project_id = ?1)",
	[EXP_PROJECT_CODE] = "SELECT code FROM project WHERE id = ?1",
};

enum gl_err store_export_project_extra(struct store *s, int64_t project_id, struct arena *a,
				       struct export_project_extra *out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_EXPORT, EXP_PROJECT_EXTRA, exp_sql);
	int r;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		out->enterprises = col_text(st, 0, a);
		out->has_funds = sqlite3_column_type(st, 1) != SQLITE_NULL;
		out->funds = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "enterprise names and funds of a project");
	return GL_OK;
}

enum gl_err store_export_project_code(struct store *s, int64_t project_id, struct arena *a,
				      const char **out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_EXPORT, EXP_PROJECT_CODE, exp_sql);
	int r;

	*out = NULL;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, project_id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*out = col_text(st, 0, a);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "code of a project");
	return GL_OK;
}
