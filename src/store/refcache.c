/* refcache.c - a connection's copy of the working-day calendar and the appeal settings.
 *
 * Appeal intake needs both for its deadlines, and reading the calendar (a few hundred
 * rows, each day parsed) was a visible part of the group commit's writer.  The copy is
 * checked against ref_generation's token (sql/021: every write of ref_holiday,
 * ref_calendar_year or appeal_setting sets a new random token in its own transaction), read
 * in the caller's transaction or snapshot: a token equal to the copy's means the rows the
 * copy was read from are the rows this snapshot sees.
 */
#include "store-int.h"

#include <string.h>

enum gl_err store_ref_cached(struct store *s, struct appeal_settings *set,
			     struct calendar *cal)
{
	struct ref_cache *c = &s->refc;
	sqlite3_stmt *st = stmt_cached(s, &c->token_st, "SELECT token FROM ref_generation");
	int64_t token = 0;
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	if ((rc = step_int(s, st, &token)) != GL_OK)
		return rc;
	if (!c->valid || c->token != token) {
		c->valid = 0;
		arena_release(&c->arena);
		arena_init(&c->arena);
		if ((rc = store_appeal_settings_get(s, &c->set)) != GL_OK ||
		    (rc = store_calendar_load(s, &c->arena, &c->cal)) != GL_OK)
			return rc;
		c->token = token;
		c->valid = 1;
	}
	*set = c->set;
	*cal = c->cal;
	return GL_OK;
}
