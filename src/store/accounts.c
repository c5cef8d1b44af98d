/* accounts.c - users, credentials (sessions and API tokens), login throttling. */
#include "store-int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The longest lock (seconds). */
enum { THROTTLE_MAX_LOCK = 900 };

static enum gl_err read_units(struct store *s, struct arena *a, int64_t user_id,
			      int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = stmt_get(s, STMT_USER_UNITS);
	int r;

	*n = 0;
	if (!st)
		return GL_EDB;
	*ids = arena_alloc(a, USER_MAX_UNITS * sizeof(**ids));
	if (!*ids)
		return GL_ENOMEM;
	sqlite3_bind_int64(st, 1, user_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < USER_MAX_UNITS)
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return r == SQLITE_ROW || r == SQLITE_DONE ? GL_OK : store_fail(s, "read user units");
}

/* Row: id, username, display_name, role, enterprise_id, disabled, version, created_at,
 * updated_at, password_hash. */
static void read_user(sqlite3_stmt *st, struct arena *a, struct user *u)
{
	int role = role_parse((const char *)sqlite3_column_text(st, 3));

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	u->username = col_text(st, 1, a);
	u->display_name = col_text(st, 2, a);
	u->role = role < 0 ? ROLE_VIEWER : (enum role)role;
	u->enterprise_id = sqlite3_column_int64(st, 4);
	u->disabled = sqlite3_column_int(st, 5);
	u->version = sqlite3_column_int64(st, 6);
	u->created_at = col_text(st, 7, a);
	u->updated_at = col_text(st, 8, a);
}

static enum gl_err get_user(struct store *s, sqlite3_stmt *st, struct arena *a,
			    struct user *out, const char **hash)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW) {
		read_user(st, a, out);
		if (hash)
			*hash = col_text(st, 9, a);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get user");
	return read_units(s, a, out->id, &out->unit_ids, &out->nunits);
}

enum gl_err store_user_get(struct store *s, int64_t id, struct arena *a, struct user *out)
{
	sqlite3_stmt *st = stmt_get(s, STMT_USER_GET);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return get_user(s, st, a, out, NULL);
}

enum gl_err store_user_by_name(struct store *s, const char *username, struct arena *a,
			       struct user *out, const char **password_hash)
{
	sqlite3_stmt *st = stmt_get(s, STMT_USER_BY_NAME);

	if (!st)
		return GL_EDB;
	bind_text(st, 1, username);
	return get_user(s, st, a, out, password_hash);
}

static enum gl_err check_refs(struct store *s, const struct user *u, struct verrors *errs)
{
	char field[32], id[24];
	enum gl_err rc = GL_OK;

	if (u->enterprise_id) {
		snprintf(id, sizeof(id), "%lld", (long long)u->enterprise_id);
		sqlite3_stmt *st = stmt_get(s, STMT_ENT_EXISTS);
		int64_t one;

		if (!st)
			return GL_EDB;
		sqlite3_bind_int64(st, 1, u->enterprise_id);
		rc = step_int(s, st, &one);
		if (rc == GL_ENOTFOUND) {
			verr_add(errs, "enterprise_id", "unknown", "no enterprise has id %s", id);
			rc = GL_OK;
		}
	}
	for (size_t i = 0; rc == GL_OK && i < u->nunits; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)u->unit_ids[i]);
		rc = store_ref_exists(s, REF_UNIT, id);
		if (rc == GL_ENOTFOUND) {
			snprintf(field, sizeof(field), "unit_ids[%zu]", i);
			verr_add(errs, field, "unknown", "no unit has id %s", id);
			rc = GL_OK;
		}
	}
	return rc == GL_OK && errs->n ? GL_EINVALID : rc;
}

static enum gl_err write_units(struct store *s, const struct user *u)
{
	sqlite3_stmt *st = stmt_get(s, STMT_USER_UNITS_DELETE);

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, u->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return store_fail(s, "delete user units");
	for (size_t i = 0; i < u->nunits; i++) {
		if (!(st = stmt_get(s, STMT_USER_UNIT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, u->id);
		sqlite3_bind_int64(st, 2, u->unit_ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return store_fail(s, "insert user unit");
	}
	return GL_OK;
}

enum gl_err store_user_create(struct store *s, struct user *u, const char *password_hash,
			      struct arena *a, struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st = NULL;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, u, errs);
	if (rc == GL_OK && !(st = stmt_get(s, STMT_USER_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		u->created_at = u->updated_at = store_now(a);
		bind_text(st, 1, u->username);
		bind_text(st, 2, u->display_name);
		bind_text(st, 3, role_names[u->role]);
		bind_id(st, 4, u->enterprise_id);
		bind_text(st, 5, password_hash);
		sqlite3_bind_int(st, 6, u->disabled);
		bind_text(st, 7, u->created_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE
				     ? GL_EDUPLICATE : store_fail(s, "insert user");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		u->id = sqlite3_last_insert_rowid(s->db);
		u->version = 1;
		rc = write_units(s, u);
	}
	if (rc == GL_OK) {
		struct changes c;
		user_changes(NULL, u, a, &c);
		rc = audit_write(s, "create", "user", u->id, &c);
	}
	return store_end(s, rc);
}

static enum gl_err revoke_all(struct store *s, int64_t user_id, int64_t keep, int64_t now)
{
	sqlite3_stmt *st = stmt_get(s, STMT_CRED_REVOKE_USER);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, now);
	bind_id(st, 3, keep);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "revoke credentials");
	sqlite3_reset(st);
	return rc;
}

enum gl_err store_user_update(struct store *s, struct user *u, struct arena *a,
			      struct verrors *errs)
{
	enum gl_err rc = store_start(s);
	struct user old;
	sqlite3_stmt *st = NULL;

	if (rc != GL_OK)
		return rc;
	rc = check_refs(s, u, errs);
	if (rc == GL_OK)
		rc = store_user_get(s, u->id, a, &old);
	if (rc == GL_OK && old.version != u->version)
		rc = GL_ECONFLICT;
	if (rc == GL_OK && !(st = stmt_get(s, STMT_USER_UPDATE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		u->updated_at = store_now(a);
		sqlite3_bind_int64(st, 1, u->id);
		sqlite3_bind_int64(st, 2, u->version);
		bind_text(st, 3, u->display_name);
		bind_text(st, 4, role_names[u->role]);
		bind_id(st, 5, u->enterprise_id);
		sqlite3_bind_int(st, 6, u->disabled);
		bind_text(st, 7, u->updated_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "update user");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ECONFLICT;
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		u->version++;
		rc = write_units(s, u);
	}
	/* A disabled account, or one whose role changed, keeps no live session. */
	if (rc == GL_OK && ((u->disabled && !old.disabled) || u->role != old.role))
		rc = revoke_all(s, u->id, 0, (int64_t)time(NULL));
	if (rc == GL_OK) {
		struct changes c;
		user_changes(&old, u, a, &c);
		rc = audit_write(s, "update", "user", u->id, &c);
	}
	return store_end(s, rc);
}

enum gl_err store_user_set_password(struct store *s, int64_t id, const char *password_hash,
				    int64_t keep_credential, const char *action)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st = NULL;
	struct arena a;

	if (rc != GL_OK)
		return rc;
	arena_init(&a);
	if (!(st = stmt_get(s, STMT_USER_PASSWORD)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, password_hash);
		bind_text(st, 3, store_now(&a));
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "set password");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ENOTFOUND;
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = revoke_all(s, id, keep_credential, (int64_t)time(NULL));
	if (rc == GL_OK)
		rc = audit_write(s, action, "user", id, NULL);
	arena_release(&a);
	return store_end(s, rc);
}

enum gl_err store_user_list(struct store *s, int64_t limit, int64_t offset, struct arena *a,
			    struct user_page *out)
{
	sqlite3_stmt *st = stmt_get(s, STMT_USER_COUNT);
	enum gl_err rc;
	int r = SQLITE_DONE;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	if ((rc = step_int(s, st, &out->total)) != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_USER_LIST)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	out->items = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(*out->items));
	if (!out->items)
		return GL_ENOMEM;
	while (out->n < limit && (r = sqlite3_step(st)) == SQLITE_ROW)
		read_user(st, a, &out->items[out->n++]);
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_fail(s, "list users");
	for (int64_t i = 0; i < out->n; i++)
		if ((rc = read_units(s, a, out->items[i].id, &out->items[i].unit_ids,
				     &out->items[i].nunits)) != GL_OK)
			return rc;
	return GL_OK;
}

/* ---- credentials --------------------------------------------------------------------- */

enum gl_err store_credential_create(struct store *s, struct credential *c, const char *token_hash,
				    const char *csrf)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st = NULL;

	if (rc != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_CRED_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		bind_text(st, 1, c->kind);
		bind_text(st, 2, token_hash);
		sqlite3_bind_int64(st, 3, c->user_id);
		bind_text(st, 4, c->name);
		bind_text(st, 5, csrf);
		sqlite3_bind_int64(st, 6, c->created_at);
		bind_id(st, 7, c->expires_at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert credential");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		c->id = sqlite3_last_insert_rowid(s->db);
		c->last_used_at = c->created_at;
		if (strcmp(c->kind, "token") == 0)
			rc = audit_write(s, "token_create", "token", c->id, NULL);
	}
	return store_end(s, rc);
}

/* Copy a cached entry out as a principal whose strings live in the arena. */
static enum gl_err entry_out(const struct auth_entry *e, struct arena *a, struct principal *out)
{
	memset(out, 0, sizeof(*out));
	out->credential_id = e->credential_id;
	out->user_id = e->user_id;
	out->enterprise_id = e->enterprise_id;
	out->via_token = e->via_token;
	out->role = (enum role)e->role;
	out->username = arena_strdup(a, e->username);
	out->display_name = arena_strdup(a, e->display_name);
	out->csrf = e->csrf[0] ? arena_strdup(a, e->csrf) : NULL;
	out->nunits = e->nunits;
	out->unit_ids = arena_alloc(a, (e->nunits ? e->nunits : 1) * sizeof(*out->unit_ids));
	if (!out->username || !out->display_name || !out->unit_ids)
		return GL_ENOMEM;
	memcpy(out->unit_ids, e->units, e->nunits * sizeof(*e->units));
	return GL_OK;
}

static void entry_in(struct auth_entry *e, const char *hash, const struct principal *p,
		     int64_t last_used, int64_t expires_at)
{
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
	e->credential_id = p->credential_id;
	e->user_id = p->user_id;
	e->enterprise_id = p->enterprise_id;
	e->via_token = p->via_token;
	e->role = (int)p->role;
	e->last_used = last_used;
	e->expires_at = expires_at;
	snprintf(e->username, sizeof(e->username), "%s", p->username);
	snprintf(e->display_name, sizeof(e->display_name), "%s", p->display_name);
	snprintf(e->csrf, sizeof(e->csrf), "%s", p->csrf ? p->csrf : "");
	e->nunits = p->nunits < 16 ? p->nunits : 16;
	memcpy(e->units, p->unit_ids, e->nunits * sizeof(*e->units));
}

/* Look the credential up in the database; OUT: when it was last used and expires. */
static enum gl_err lookup(struct store *s, const char *token_hash, int64_t now,
			  int64_t idle_seconds, struct arena *a, struct principal *out,
			  int64_t *last_used, int64_t *expires_at)
{
	sqlite3_stmt *st = stmt_get(s, STMT_CRED_LOOKUP);
	int r, role;

	if (!st)
		return GL_EDB;
	bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, idle_seconds);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->credential_id = sqlite3_column_int64(st, 0);
		out->via_token = strcmp((const char *)sqlite3_column_text(st, 1), "token") == 0;
		out->csrf = col_text(st, 2, a);
		*last_used = sqlite3_column_int64(st, 3);
		out->user_id = sqlite3_column_int64(st, 4);
		out->username = col_text(st, 5, a);
		out->display_name = col_text(st, 6, a);
		role = role_parse((const char *)sqlite3_column_text(st, 7));
		out->role = role < 0 ? ROLE_VIEWER : (enum role)role;
		out->enterprise_id = sqlite3_column_int64(st, 8);
		*expires_at = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "authenticate");
	return read_units(s, a, out->user_id, &out->unit_ids, &out->nunits);
}

/* Record that the credential was used now (and, for a token's first use in an hour, an
 * audit row naming its owner). */
static enum gl_err touch(struct store *s, const struct principal *p, int64_t now, int audit)
{
	sqlite3_stmt *st;
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_CRED_TOUCH)))
		rc = GL_EDB;
	else {
		sqlite3_bind_int64(st, 1, p->credential_id);
		sqlite3_bind_int64(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "touch credential");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && audit) {
		struct actor saved = s->actor;

		s->actor = (struct actor){p->user_id, p->username, saved.address};
		rc = audit_write(s, "token_use", "token", p->credential_id, NULL);
		s->actor = saved;
	}
	return store_end(s, rc);
}

enum gl_err store_authenticate(struct store *s, const char *token_hash, int64_t now,
			       int64_t idle_seconds, struct arena *a, struct principal *out)
{
	struct auth_cache *c = &s->auth;
	/* Writing on every request would serialise readers behind the write lock, so use is
	 * recorded at most once a minute (or a tenth of the idle time, if shorter): a session
	 * may end that much early, never late. */
	int64_t every = idle_seconds / 10 < 60 ? idle_seconds / 10 : 60;
	int64_t last_used = 0, expires_at = 0;
	enum gl_err rc;
	int moved, i;

	if ((rc = data_moved(s, &c->data_version, &c->total_changes, &moved)) != GL_OK)
		return rc;
	if (moved)
		for (i = 0; i < AUTH_CACHE_SIZE; i++)
			c->e[i].hash[0] = '\0';
	for (i = 0; i < AUTH_CACHE_SIZE; i++) {
		const struct auth_entry *e = &c->e[i];

		if (!e->hash[0] || strcmp(e->hash, token_hash) != 0)
			continue;
		/* The same checks the lookup query makes, and no use to record yet. */
		if ((!e->expires_at || e->expires_at > now) &&
		    (e->via_token || e->last_used > now - idle_seconds) &&
		    now - e->last_used < every)
			return entry_out(e, a, out);
		break;
	}

	if ((rc = lookup(s, token_hash, now, idle_seconds, a, out, &last_used, &expires_at)))
		return rc;
	if (now - last_used >= every) {
		if ((rc = touch(s, out, now, out->via_token && now - last_used >= 3600)) != GL_OK)
			return rc;
		last_used = now;
		/* Our own write moved the counters.  Another connection may have written too
		 * meanwhile, so start the cache again from what was just read. */
		if ((rc = data_moved(s, &c->data_version, &c->total_changes, &moved)) != GL_OK)
			return rc;
		for (i = 0; i < AUTH_CACHE_SIZE; i++)
			c->e[i].hash[0] = '\0';
	}
	entry_in(&c->e[c->next++ % AUTH_CACHE_SIZE], token_hash, out, last_used, expires_at);
	return GL_OK;
}

enum gl_err store_credential_revoke(struct store *s, int64_t id, const char *kind,
				    int64_t user_id, int64_t now)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st = NULL;

	if (rc != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_CRED_REVOKE)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, id);
		bind_id(st, 2, user_id);
		sqlite3_bind_int64(st, 3, now);
		bind_text(st, 4, kind);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "revoke credential");
		else if (sqlite3_changes(s->db) == 0)
			rc = GL_ENOTFOUND;
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = audit_write(s, "revoke", kind, id, NULL);
	return store_end(s, rc);
}

enum gl_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
			     struct credential **items, int64_t *n)
{
	sqlite3_stmt *st = stmt_get(s, STMT_CRED_TOKENS);
	int r;

	*n = 0;
	if (!st)
		return GL_EDB;
	*items = arena_alloc(a, 200 * sizeof(**items));
	if (!*items)
		return GL_ENOMEM;
	sqlite3_bind_int64(st, 1, user_id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < 200) {
		struct credential *c = &(*items)[(*n)++];
		c->id = sqlite3_column_int64(st, 0);
		c->user_id = sqlite3_column_int64(st, 1);
		c->kind = col_text(st, 2, a);
		c->name = col_text(st, 3, a);
		c->created_at = sqlite3_column_int64(st, 4);
		c->last_used_at = sqlite3_column_int64(st, 5);
		c->expires_at = sqlite3_column_int64(st, 6);
		c->revoked_at = sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	return r == SQLITE_ROW || r == SQLITE_DONE ? GL_OK : store_fail(s, "list tokens");
}

/* ---- throttling ---------------------------------------------------------------------- */

enum gl_err store_throttle_locked(struct store *s, const char *key, int64_t now,
				  int64_t *locked_until)
{
	sqlite3_stmt *st = stmt_get(s, STMT_THROTTLE_GET);
	enum gl_err rc;

	*locked_until = 0;
	if (!st)
		return GL_EDB;
	bind_text(st, 1, key);
	rc = step_int(s, st, locked_until);
	if (rc == GL_ENOTFOUND || (rc == GL_OK && *locked_until <= now)) {
		*locked_until = 0;
		return GL_OK;
	}
	return rc;
}

enum gl_err store_throttle_fail(struct store *s, const char *key, int free, int64_t now)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st;

	if (rc != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_THROTTLE_FAIL)))
		return store_end(s, GL_EDB);
	bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, free);
	sqlite3_bind_int(st, 4, THROTTLE_MAX_LOCK);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "throttle");
	sqlite3_reset(st);
	return store_end(s, rc);
}

enum gl_err store_throttle_clear(struct store *s, const char *key)
{
	enum gl_err rc = store_start(s);
	sqlite3_stmt *st;

	if (rc != GL_OK)
		return rc;
	if (!(st = stmt_get(s, STMT_THROTTLE_CLEAR)))
		return store_end(s, GL_EDB);
	bind_text(st, 1, key);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "clear throttle");
	sqlite3_reset(st);
	return store_end(s, rc);
}
