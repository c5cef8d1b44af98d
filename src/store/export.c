/* export.c - what ledger exports read beyond the lists: names in place of ids. */
#include "store-int.h"

enum {
	EXP_ENTERPRISE_NAMES,
	EXP__MAX
};

static const char *const exp_sql[EXP__MAX] = {
	[EXP_ENTERPRISE_NAMES] =
		"SELECT group_concat(name, '、') FROM (SELECT e.name FROM project_enterprise pe"
		" JOIN enterprise e ON e.id = pe.enterprise_id WHERE pe.project_id = ?1"
		" ORDER BY pe.seq)",
};

enum gl_err store_export_enterprise_names(struct store *s, int64_t project_id, struct arena *a,
					  const char **out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_EXPORT, EXP_ENTERPRISE_NAMES, exp_sql);
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
		return store_fail(s, "enterprise names of a project");
	return GL_OK;
}
