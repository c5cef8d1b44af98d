/* sqlite.c - the SQLite connection: statement table, transactions, helpers. */
#include "store-int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../search/normalize.h"
#include "../util/date.h"
#include "../util/log.h"

/* The ledger's columns of a project (read by read_ledger_cols() in projects.c): the stage held
 * is the main-line stage of the last event that entered one. */
#define LEDGER_COLS "capacity_on, signed_amount, (SELECT to_stage FROM stage_event" \
	" WHERE project_id = project.id AND to_stage NOT IN ('on_hold', 'dropped')" \
	" ORDER BY id DESC LIMIT 1)"
#define PRJ_COLS "id, code, name, industry_code, chain, channel, stage, total_investment, " \
	"location, signed_on, started_on, production_on, phase_parent_id, phase, " \
	"chain_anchor_id, industrial, key_project, leader, unit_id, version, created_at, updated_at" \
	", " PRJ_MONEY_COLS ", " LEDGER_COLS

static const char *const sql[STMT__MAX] = {
	[STMT_BEGIN] = "BEGIN IMMEDIATE",
	[STMT_BEGIN_READ] = "BEGIN",
	[STMT_COMMIT] = "COMMIT",
	[STMT_ROLLBACK] = "ROLLBACK",
	[STMT_SAVEPOINT] = "SAVEPOINT op",
	[STMT_RELEASE] = "RELEASE op",
	[STMT_ROLLBACK_TO] = "ROLLBACK TO op",

	[STMT_REF_INDUSTRY_EXISTS] = "SELECT 1 FROM ref_industry WHERE code = ?1",
	[STMT_REF_CHAIN_EXISTS] = "SELECT 1 FROM ref_chain WHERE code = ?1",
	[STMT_REF_CHANNEL_EXISTS] = "SELECT 1 FROM ref_channel WHERE code = ?1",
	[STMT_REF_REGION_EXISTS] = "SELECT 1 FROM ref_region WHERE code = ?1",
	[STMT_REF_UNIT_EXISTS] = "SELECT 1 FROM unit WHERE id = CAST(?1 AS INTEGER)",
	[STMT_REF_INDUSTRY_LIST] =
		"SELECT code, name, section, level, 0 FROM ref_industry"
		" WHERE ?1 IS NULL OR substr(code, 1, length(?1)) = ?1 OR instr(name, ?1) > 0"
		" ORDER BY section, length(code) > 1, code LIMIT ?2",
	[STMT_REF_CHAIN_LIST] =
		"SELECT code, name, NULL, NULL, 0 FROM ref_chain"
		" WHERE ?1 IS NULL OR code = ?1 OR instr(name, ?1) > 0 ORDER BY sort LIMIT ?2",
	[STMT_REF_CHANNEL_LIST] =
		"SELECT code, name, NULL, NULL, 0 FROM ref_channel"
		" WHERE ?1 IS NULL OR code = ?1 OR instr(name, ?1) > 0 ORDER BY sort LIMIT ?2",
	[STMT_REF_REGION_LIST] =
		"SELECT code, name, parent, kind, 0 FROM ref_region"
		" WHERE ?1 IS NULL OR substr(code, 1, length(?1)) = ?1 OR instr(name, ?1) > 0"
		" ORDER BY sort LIMIT ?2",
	[STMT_REF_UNIT_LIST] =
		"SELECT code, name, NULL, kind, id FROM unit"
		" WHERE ?1 IS NULL OR code = ?1 OR instr(name, ?1) > 0 ORDER BY id LIMIT ?2",

	[STMT_ENT_INSERT] =
		"INSERT INTO enterprise (name, credit_code, industry_code, address, version,"
		" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
	[STMT_ENT_GET] =
		"SELECT id, name, credit_code, industry_code, address, version, created_at,"
		" updated_at FROM enterprise WHERE id = ?1",
	[STMT_ENT_UPDATE] =
		"UPDATE enterprise SET name = ?3, credit_code = ?4, industry_code = ?5, address = ?6,"
		" version = version + 1, updated_at = ?7 WHERE id = ?1 AND version = ?2",
	[STMT_ENT_DELETE] = "DELETE FROM enterprise WHERE id = ?1",
	[STMT_ENT_EXISTS] = "SELECT 1 FROM enterprise WHERE id = ?1",
	[STMT_ENT_VERSION] = "SELECT version FROM enterprise WHERE id = ?1",
	[STMT_ENT_TAGS] = "SELECT tag FROM enterprise_tag WHERE enterprise_id = ?1 ORDER BY seq",
	[STMT_ENT_TAGS_DELETE] = "DELETE FROM enterprise_tag WHERE enterprise_id = ?1",
	[STMT_ENT_TAG_INSERT] =
		"INSERT INTO enterprise_tag (enterprise_id, seq, tag) VALUES (?1, ?2, ?3)",
	[STMT_ENT_CONTACTS] =
		"SELECT name, title, phone, email FROM enterprise_contact WHERE enterprise_id = ?1"
		" ORDER BY seq",
	[STMT_ENT_CONTACTS_DELETE] = "DELETE FROM enterprise_contact WHERE enterprise_id = ?1",
	[STMT_ENT_CONTACT_INSERT] =
		"INSERT INTO enterprise_contact (enterprise_id, seq, name, title, phone, email)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_ENT_PROJECT_COUNT] =
		"SELECT count(*) FROM project_enterprise WHERE enterprise_id = ?1",
	[STMT_ENT_USER_COUNT] = "SELECT count(*) FROM user WHERE enterprise_id = ?1",

	[STMT_PRJ_SEQ_NEXT] =
		"INSERT INTO project_seq (year, last) VALUES (?1, 1)"
		" ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
	[STMT_PRJ_INSERT] =
		"INSERT INTO project (code, name, industry_code, chain, channel, stage,"
		" total_investment, location, signed_on, started_on, production_on,"
		" phase_parent_id, phase, chain_anchor_id, industrial, key_project, leader, unit_id,"
		" version, created_at, updated_at, " PRJ_MONEY_COLS ", capacity_on, signed_amount)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19, ?19,"
		" ?40, ?41, ?42, ?43, ?44, ?45, ?30, ?31)",
	[STMT_PRJ_GET] = "SELECT " PRJ_COLS " FROM project WHERE id = ?1",
	[STMT_PRJ_UPDATE] =
		"UPDATE project SET name = ?3, industry_code = ?4, chain = ?5, channel = ?6,"
		" stage = ?7, total_investment = ?8, location = ?9, signed_on = ?10,"
		" started_on = ?11, production_on = ?12, phase_parent_id = ?13, phase = ?14,"
		" chain_anchor_id = ?15, industrial = ?16, key_project = ?17, leader = ?18,"
		" unit_id = ?19, version = version + 1, updated_at = ?20,"
		" fixed_asset_investment = ?40, foreign_investment = ?41, land_centimu = ?42,"
		" annual_output = ?43, annual_tax = ?44, jobs = ?45, capacity_on = ?30,"
		" signed_amount = ?31"
		" WHERE id = ?1 AND version = ?2",
	[STMT_PRJ_EXISTS] = "SELECT 1 FROM project WHERE id = ?1",
	[STMT_PRJ_VERSION] = "SELECT version FROM project WHERE id = ?1",
	[STMT_PRJ_ENTS] =
		"SELECT enterprise_id FROM project_enterprise WHERE project_id = ?1 ORDER BY seq",
	[STMT_PRJ_ENTS_DELETE] = "DELETE FROM project_enterprise WHERE project_id = ?1",
	[STMT_PRJ_ENT_INSERT] =
		"INSERT INTO project_enterprise (project_id, enterprise_id, seq) VALUES (?1, ?2, ?3)",

	[STMT_DATA_VERSION] = "PRAGMA data_version",
	[STMT_PING] = "SELECT coalesce(max(version), 0) FROM schema_migrations",
	[STMT_AUDIT_INSERT] =
		"INSERT INTO audit (at, user_id, username, address, action, entity, entity_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_AUDIT_CHANGE_INSERT] =
		"INSERT INTO audit_change (audit_id, field, before, after) VALUES (?1, ?2, ?3, ?4)",
	[STMT_AUDIT_CHANGES] =
		"SELECT field, before, after FROM audit_change WHERE audit_id = ?1 ORDER BY rowid",

	[STMT_USER_INSERT] =
		"INSERT INTO user (username, display_name, role, enterprise_id, password_hash,"
		" disabled, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)",
	[STMT_USER_GET] =
		"SELECT id, username, display_name, role, enterprise_id, disabled, version,"
		" created_at, updated_at, password_hash FROM user WHERE id = ?1",
	[STMT_USER_BY_NAME] =
		"SELECT id, username, display_name, role, enterprise_id, disabled, version,"
		" created_at, updated_at, password_hash FROM user WHERE username = ?1",
	[STMT_USER_UPDATE] =
		"UPDATE user SET display_name = ?3, role = ?4, enterprise_id = ?5, disabled = ?6,"
		" version = version + 1, updated_at = ?7 WHERE id = ?1 AND version = ?2",
	[STMT_USER_PASSWORD] =
		"UPDATE user SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
	[STMT_USER_UNITS] = "SELECT unit_id FROM user_unit WHERE user_id = ?1 ORDER BY unit_id",
	[STMT_USER_UNITS_DELETE] = "DELETE FROM user_unit WHERE user_id = ?1",
	[STMT_USER_UNIT_INSERT] = "INSERT INTO user_unit (user_id, unit_id) VALUES (?1, ?2)",
	[STMT_USER_LIST] =
		"SELECT id, username, display_name, role, enterprise_id, disabled, version,"
		" created_at, updated_at, NULL FROM user ORDER BY id LIMIT ?1 OFFSET ?2",
	[STMT_USER_COUNT] = "SELECT count(*) FROM user",

	[STMT_CRED_INSERT] =
		"INSERT INTO credential (kind, token_hash, user_id, name, csrf, created_at,"
		" last_used_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
	[STMT_CRED_LOOKUP] =
		"SELECT c.id, c.kind, c.csrf, c.last_used_at, u.id, u.username, u.display_name,"
		" u.role, u.enterprise_id, c.expires_at FROM credential c JOIN user u ON u.id = c.user_id"
		" WHERE c.token_hash = ?1 AND c.revoked_at IS NULL AND u.disabled = 0"
		" AND (c.expires_at IS NULL OR c.expires_at > ?2)"
		" AND (c.kind = 'token' OR c.last_used_at > ?2 - ?3)",
	[STMT_CRED_TOUCH] = "UPDATE credential SET last_used_at = ?2 WHERE id = ?1",
	[STMT_CRED_REVOKE] =
		"UPDATE credential SET revoked_at = ?3 WHERE id = ?1 AND revoked_at IS NULL"
		" AND (?2 IS NULL OR user_id = ?2) AND kind = ?4",
	[STMT_CRED_REVOKE_USER] =
		"UPDATE credential SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL"
		" AND (?3 IS NULL OR id <> ?3)",
	[STMT_CRED_TOKENS] =
		"SELECT id, user_id, kind, name, created_at, last_used_at, expires_at, revoked_at"
		" FROM credential WHERE user_id = ?1 AND kind = 'token' ORDER BY id DESC LIMIT 200",

	[STMT_THROTTLE_GET] = "SELECT locked_until FROM login_throttle WHERE key = ?1",
	[STMT_THROTTLE_FAIL] =
		"INSERT INTO login_throttle (key, failures, last_failure, locked_until)"
		" VALUES (?1, 1, ?2, 0) ON CONFLICT (key) DO UPDATE SET"
		" failures = CASE WHEN last_failure < ?2 - 86400 THEN 1 ELSE failures + 1 END,"
		" last_failure = ?2,"
		" locked_until = CASE WHEN failures + 1 > ?3 AND last_failure >= ?2 - 86400"
		"  THEN ?2 + min(?4, 1 << min(failures + 1 - ?3, 20)) ELSE 0 END",
	[STMT_THROTTLE_CLEAR] = "DELETE FROM login_throttle WHERE key = ?1",

	[STMT_ENT_IN_UNITS] =
		"SELECT 1 FROM project_enterprise pe JOIN project p ON p.id = pe.project_id"
		" WHERE pe.enterprise_id = ?1 AND p.unit_id IN (SELECT value FROM json_each(?2))"
		" LIMIT 1",
};

enum gl_err store_fail(struct store *s, const char *what)
{
	log_error("store: %s: %s", what, sqlite3_errmsg(s->db));
	return GL_EDB;
}

sqlite3_stmt *stmt_cached(struct store *s, sqlite3_stmt **slot, const char *text)
{
	if (!*slot) {
		if (sqlite3_prepare_v3(s->db, text, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) !=
		    SQLITE_OK) {
			store_fail(s, text);
			*slot = NULL;
			return NULL;
		}
	} else {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
	}
	return *slot;
}

sqlite3_stmt *stmt_get(struct store *s, enum stmt id)
{
	return stmt_cached(s, &s->stmts[id], sql[id]);
}

sqlite3_stmt *mod_stmt(struct store *s, enum store_module m, int i, const char *const *table)
{
	return stmt_cached(s, &s->mod[m][i], table[i]);
}

/* SQLite counts every allocation of every connection under one process-wide mutex, for
 * sqlite3_status(), which nothing here reads: the server's threads took turns on it at every
 * malloc and free.  Too late once SQLite is initialised (SQLITE_MISUSE), which costs only the
 * saving. */
static void configure_once(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum gl_err store_open(const char *path, struct store **out)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct store *s = calloc(1, sizeof(*s));
	char *err = NULL;

	*out = NULL;
	if (!s)
		return GL_ENOMEM;
	pthread_once(&once, configure_once);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_error("store: cannot open %s: %s", path,
			  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sqlite3_close(s->db);
		free(s);
		return GL_EDB;
	}
	arena_init(&s->stats.arena);
	arena_init(&s->refc.arena);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	/* WAL lets readers on other threads go on while one writer commits.  FULL sync fsyncs
	 * the WAL at every commit, so a write acknowledged to a client survives a power cut, not
	 * only a crash of the process (NORMAL's promise); the server pays for it once per group
	 * commit (commitq.c, docs/durability.md).  A checkpoint every 8,192 pages (32 MiB of
	 * WAL), not 1,000: it writes each page once however many commits changed it, and an
	 * intake changes the same index pages again and again.  Every connection, not only the
	 * writer's: a worker's commit would otherwise checkpoint the WAL the writer let grow. */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			 " PRAGMA foreign_keys = ON; PRAGMA cache_size = -8000;"
			 " PRAGMA wal_autocheckpoint = 8192;",
			 NULL, NULL, &err) != SQLITE_OK) {
		log_error("store: cannot configure %s: %s", path, err ? err : "?");
		sqlite3_free(err);
		store_close(s);
		return GL_EDB;
	}
	/* Every write to a searchable record normalises its text (search.c); OpenCC's
	 * converter is not promised to be shareable, and a store is one thread's. */
	enum gl_err rc = norm_open(NULL, &s->norm);
	if (rc != GL_OK) {
		store_close(s);
		return rc;
	}
	*out = s;
	return GL_OK;
}

static void finalize_all(sqlite3_stmt **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sqlite3_finalize(v[i]);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	finalize_all(s->stmts, STMT__MAX);
	finalize_all(&s->mod[0][0], sizeof(s->mod) / sizeof(s->mod[0][0]));
	finalize_all(&s->refc.token_st, 1);
	arena_release(&s->stats.arena);
	/* Lets SQLite refresh the statistics its planner uses, where they have gone stale. */
	sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
	finalize_all(&s->elist[0][0][0], sizeof(s->elist) / sizeof(s->elist[0][0][0]));
	finalize_all(&s->plist[0][0][0], sizeof(s->plist) / sizeof(s->plist[0][0][0]));
	finalize_all(&s->alist[0][0], sizeof(s->alist) / sizeof(s->alist[0][0]));
	if (sqlite3_close(s->db) != SQLITE_OK)
		log_error("store: close: %s", sqlite3_errmsg(s->db));
	norm_close(s->norm);
	free(s->later.v);
	arena_release(&s->refc.arena);
	free(s);
}

static enum gl_err exec_stmt(struct store *s, enum stmt id)
{
	sqlite3_stmt *st = stmt_get(s, id);

	if (!st)
		return GL_EDB;
	if (sqlite3_step(st) != SQLITE_DONE) {
		enum gl_err rc = store_fail(s, sql[id]);
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	return GL_OK;
}

enum gl_err store_start(struct store *s)
{
	if (s->depth && s->flat) {
		s->depth++;
		return GL_OK;
	}
	enum gl_err rc = exec_stmt(s, s->depth ? STMT_SAVEPOINT : STMT_BEGIN);

	if (rc == GL_OK)
		s->depth++;
	return rc;
}

enum gl_err store_end(struct store *s, enum gl_err rc)
{
	s->depth--;
	if (s->depth && s->flat) {
		/* Nothing to roll back to: the whole transaction is void now. */
		if (rc != GL_OK)
			s->spoiled = 1;
		return rc;
	}
	if (s->depth) {
		if (rc != GL_OK && exec_stmt(s, STMT_ROLLBACK_TO) != GL_OK)
			return GL_EDB;
		if (exec_stmt(s, STMT_RELEASE) != GL_OK)
			return GL_EDB;
		return rc;
	}
	if (rc == GL_OK) {
		rc = exec_stmt(s, STMT_COMMIT);
		if (rc == GL_OK)
			return GL_OK;
	}
	if (!sqlite3_get_autocommit(s->db))
		(void)exec_stmt(s, STMT_ROLLBACK);
	return rc;
}

enum gl_err store_read_begin(struct store *s)
{
	enum gl_err rc;

	/* Nested snapshots join the outer one (an answer that reads the record and then its
	 * duplicate flags, each of which takes a snapshot of its own when called alone). */
	if (s->depth || s->reading++)
		return GL_OK;
	if ((rc = exec_stmt(s, STMT_BEGIN_READ)) != GL_OK)
		s->reading = 0;
	return rc;
}

void store_read_end(struct store *s)
{
	if (s->depth || !s->reading || --s->reading)
		return;
	if (!sqlite3_get_autocommit(s->db))
		(void)exec_stmt(s, STMT_COMMIT);
}

enum gl_err store_begin(struct store *s)
{
	return store_start(s);
}

enum gl_err store_commit(struct store *s)
{
	return store_end(s, GL_OK);
}

void store_rollback(struct store *s)
{
	(void)store_end(s, GL_EINVALID);
}

int bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

int bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	return v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

const char *col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
}

const char *store_now(struct arena *a)
{
	char buf[32];

	return arena_strdup(a, date_format_timestamp(time(NULL), buf, sizeof(buf)));
}

enum gl_err store_analyze(struct store *s)
{
	return sqlite3_exec(s->db, "ANALYZE", NULL, NULL, NULL) == SQLITE_OK
		       ? GL_OK : store_fail(s, "analyze");
}

enum gl_err store_ping(struct store *s, int *schema)
{
	sqlite3_stmt *st = stmt_get(s, STMT_PING);
	int64_t v = 0;
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	rc = step_int(s, st, &v);
	*schema = (int)v;
	return rc;
}

const char *store_shared_copy_file(struct store *s)
{
	const char *f = sqlite3_db_filename(s->db, "main");

	if (sqlite3_txn_state(s->db, NULL) == SQLITE_TXN_WRITE || !f || !*f)
		return NULL;
	return f;
}

enum gl_err data_moved(struct store *s, int64_t *data_version, int64_t *changes,
			      int *moved)
{
	sqlite3_stmt *st = stmt_get(s, STMT_DATA_VERSION);
	int64_t dv, ch = sqlite3_total_changes64(s->db);
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	if ((rc = step_int(s, st, &dv)) != GL_OK)
		return rc == GL_ENOTFOUND ? GL_EDB : rc;
	*moved = dv != *data_version || ch != *changes;
	*data_version = dv;
	*changes = ch;
	return GL_OK;
}

enum gl_err count_cached(struct store *s, const char *key, sqlite3_stmt *count_stmt,
			 int64_t *total)
{
	struct count_cache *c = &s->counts;
	enum gl_err rc;
	int moved, i;

	if ((rc = data_moved(s, &c->data_version, &c->total_changes, &moved)) != GL_OK)
		return rc;
	if (moved) {
		for (i = 0; i < COUNT_CACHE_SIZE; i++)
			c->e[i].key[0] = '\0';
	}
	if (strlen(key) >= COUNT_KEY_MAX)
		return step_int(s, count_stmt, total);
	for (i = 0; i < COUNT_CACHE_SIZE; i++)
		if (c->e[i].key[0] && strcmp(c->e[i].key, key) == 0) {
			*total = c->e[i].total;
			sqlite3_reset(count_stmt);
			return GL_OK;
		}
	if ((rc = step_int(s, count_stmt, total)) != GL_OK)
		return rc;
	i = c->next++ % COUNT_CACHE_SIZE;
	snprintf(c->e[i].key, COUNT_KEY_MAX, "%s", key);
	c->e[i].total = *total;
	return GL_OK;
}

const char *scope_units_json(const struct scope *sc, struct arena *a)
{
	char *text = arena_alloc(a, 2 + sc->nunits * 21);
	size_t n = 0;

	if (!text)
		return NULL;
	text[n++] = '[';
	for (size_t i = 0; i < sc->nunits; i++)
		n += (size_t)snprintf(text + n, 22, "%s%lld", i ? "," : "", (long long)sc->unit_ids[i]);
	text[n++] = ']';
	text[n] = '\0';
	return text;
}

void scope_bind(sqlite3_stmt *st, int first, const struct scope *sc, struct arena *a)
{
	if (!sc)
		return;
	bind_id(st, first, sc->enterprise_id);
	if (sc->restricted)
		bind_text(st, first + 1, scope_units_json(sc, a));
}

enum gl_err step_int(struct store *s, sqlite3_stmt *st, int64_t *out)
{
	int r = sqlite3_step(st);

	if (r == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return GL_OK;
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	return store_fail(s, sqlite3_sql(st));
}

enum gl_err step_ids(struct store *s, sqlite3_stmt *st, struct arena *a, int64_t **ids,
		     size_t *n, const char *what)
{
	size_t cap = 0;
	int r;

	*ids = NULL;
	*n = 0;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *v = arena_alloc(a, ncap * sizeof(*v));

			if (!v) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			if (*n)
				memcpy(v, *ids, *n * sizeof(*v));
			*ids = v;
			cap = ncap;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, what);
}
