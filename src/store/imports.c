/* imports.c - finding the record an imported row names, by its natural key. */
#include "store-int.h"

enum {
	IMP_ENT_BY_CODE,
	IMP_ENT_BY_NAME,
	IMP_PRJ_BY_CODE,
	IMP_PRJ_BY_NAME,
	IMP__COUNT
};

static const char *const imp_sql[IMP__COUNT] = {
	[IMP_ENT_BY_CODE] = "SELECT id FROM enterprise WHERE credit_code = ?1",
	/* Two enterprises of one name: ambiguous, and the caller is told (LIMIT 2). */
	[IMP_ENT_BY_NAME] = "SELECT id FROM enterprise WHERE name = ?1 LIMIT 2",
	[IMP_PRJ_BY_CODE] = "SELECT id FROM project WHERE code = ?1",
	[IMP_PRJ_BY_NAME] = "SELECT id FROM project WHERE name = ?1 AND coalesce(phase, '') = ?2"
			    " LIMIT 2",
};

_Static_assert((int)IMP__COUNT <= (int)MOD_STMTS, "MOD_STMTS too small");

/* The id of the only row, GL_ENOTFOUND for none, GL_EDUPLICATE for more than one. */
static enum gl_err one_id(struct store *s, sqlite3_stmt *st, int64_t *id)
{
	int r = sqlite3_step(st), n = 0;

	while (r == SQLITE_ROW) {
		if (n++ == 0)
			*id = sqlite3_column_int64(st, 0);
		r = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "import lookup");
	return n == 0 ? GL_ENOTFOUND : n == 1 ? GL_OK : GL_EDUPLICATE;
}

enum gl_err store_import_find_enterprise(struct store *s, const char *credit_code,
					 const char *name, int64_t *id)
{
	int by_code = credit_code && *credit_code;
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, by_code ? IMP_ENT_BY_CODE : IMP_ENT_BY_NAME,
				    imp_sql);

	if (!st)
		return GL_EDB;
	if (!by_code && !name)
		return GL_ENOTFOUND;
	bind_text(st, 1, by_code ? credit_code : name);
	return one_id(s, st, id);
}

enum gl_err store_import_find_project(struct store *s, const char *code, const char *name,
				      const char *phase, int64_t *id)
{
	int by_code = code && *code;
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, by_code ? IMP_PRJ_BY_CODE : IMP_PRJ_BY_NAME,
				    imp_sql);

	if (!st)
		return GL_EDB;
	if (!by_code && !name)
		return GL_ENOTFOUND;
	bind_text(st, 1, by_code ? code : name);
	if (!by_code)
		bind_text(st, 2, phase ? phase : "");
	return one_id(s, st, id);
}
