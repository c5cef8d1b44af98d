/* audit.c - the append-only audit trail, written in the transaction of each change. */
#include "store-int.h"

#include <string.h>

void store_set_actor(struct store *s, const struct actor *a)
{
	if (a)
		s->actor = *a;
	else
		memset(&s->actor, 0, sizeof(s->actor));
}

enum gl_err audit_write(struct store *s, const char *action, const char *entity,
			int64_t entity_id, const struct changes *changes)
{
	sqlite3_stmt *st = stmt_get(s, STMT_AUDIT_INSERT);
	struct arena a;
	int64_t id;
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	arena_init(&a);
	bind_text(st, 1, store_now(&a));
	bind_id(st, 2, s->actor.user_id);
	bind_text(st, 3, s->actor.username ? s->actor.username : "system");
	bind_text(st, 4, s->actor.address);
	bind_text(st, 5, action);
	bind_text(st, 6, entity);
	bind_id(st, 7, entity_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "write audit");
	sqlite3_reset(st);
	arena_release(&a);
	if (rc != GL_OK || !changes)
		return rc;
	id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; i < changes->n; i++) {
		if (!(st = stmt_get(s, STMT_AUDIT_CHANGE_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, changes->items[i].field);
		bind_text(st, 3, changes->items[i].before);
		bind_text(st, 4, changes->items[i].after);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "write audit change");
		sqlite3_reset(st);
		if (rc != GL_OK)
			return rc;
	}
	return GL_OK;
}

enum gl_err store_audit(struct store *s, const char *action, const char *entity,
			int64_t entity_id)
{
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	return store_end(s, audit_write(s, action, entity, entity_id, NULL));
}

/* ---- reading ------------------------------------------------------------------------- */

enum { AF_ENTITY = 1, AF_ENTITY_ID = 2, AF_USER = 4, AF_ACTION = 8, AF_SINCE = 16, AF_UNTIL = 32 };

/* ?1 entity ?2 entity_id ?3 user_id ?4 action ?5 since ?6 until ?7 limit ?8 offset */
static sqlite3_stmt *alist_stmt(struct store *s, int mask, int count)
{
	char text[1024];
	size_t n = 0;

#define ADD(str) do { size_t l_ = strlen(str); memcpy(text + n, str, l_); n += l_; } while (0)
	ADD(count ? "SELECT count(*) FROM audit WHERE 1"
		  : "SELECT id, at, user_id, username, address, action, entity, entity_id"
		    " FROM audit WHERE 1");
	if (mask & AF_ENTITY)
		ADD(" AND entity = ?1");
	if (mask & AF_ENTITY_ID)
		ADD(" AND entity_id = ?2");
	if (mask & AF_USER)
		ADD(" AND user_id = ?3");
	if (mask & AF_ACTION)
		ADD(" AND action = ?4");
	if (mask & AF_SINCE)
		ADD(" AND at >= ?5");
	if (mask & AF_UNTIL)
		ADD(" AND at < ?6");
	if (!count)
		ADD(" ORDER BY id DESC LIMIT ?7 OFFSET ?8");
	text[n] = '\0';
#undef ADD
	return stmt_cached(s, &s->alist[mask][count], text);
}

static void bind_aquery(sqlite3_stmt *st, const struct audit_query *q)
{
	bind_text(st, 1, q->entity);
	bind_id(st, 2, q->entity_id);
	bind_id(st, 3, q->user_id);
	bind_text(st, 4, q->action);
	bind_text(st, 5, q->since);
	bind_text(st, 6, q->until);
	sqlite3_bind_int64(st, 7, q->limit);
	sqlite3_bind_int64(st, 8, q->offset);
}

enum gl_err store_audit_list(struct store *s, const struct audit_query *q, struct arena *a,
			     struct audit_page *out)
{
	int mask = (q->entity ? AF_ENTITY : 0) | (q->entity_id ? AF_ENTITY_ID : 0) |
		   (q->user_id ? AF_USER : 0) | (q->action ? AF_ACTION : 0) |
		   (q->since ? AF_SINCE : 0) | (q->until ? AF_UNTIL : 0);
	sqlite3_stmt *st = alist_stmt(s, mask, 1);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	bind_aquery(st, q);
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = alist_stmt(s, mask, 0)))
		return GL_EDB;
	bind_aquery(st, q);
	out->items = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < q->limit && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry *e = &out->items[out->n++];
		e->id = sqlite3_column_int64(st, 0);
		e->at = col_text(st, 1, a);
		e->user_id = sqlite3_column_int64(st, 2);
		e->username = col_text(st, 3, a);
		e->address = col_text(st, 4, a);
		e->action = col_text(st, 5, a);
		e->entity = col_text(st, 6, a);
		e->entity_id = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list audit");
	for (int64_t i = 0; i < out->n; i++) {
		struct audit_entry *e = &out->items[i];

		if (!(st = stmt_get(s, STMT_AUDIT_CHANGES)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, e->id);
		while ((r = sqlite3_step(st)) == SQLITE_ROW && e->changes.n < CHANGES_MAX) {
			struct change *c = &e->changes.items[e->changes.n++];
			c->field = col_text(st, 0, a);
			c->before = col_text(st, 1, a);
			c->after = col_text(st, 2, a);
		}
		sqlite3_reset(st);
	}
	return GL_OK;
}
