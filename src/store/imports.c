/* imports.c - what an import needs from the store beyond the ordinary writes: finding the
 * record a row names by its natural key, and writing many new projects fast (see "bulk
 * writing" below). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../domain/ledger.h"
#include "../search/normalize.h"
#include "../util/buf.h"
#include "../util/date.h"
#include "../util/log.h"
#include "search-int.h"
#include "store-int.h"

enum {
	IMP_ENT_BY_CODE,
	IMP_ENT_BY_NAME,
	IMP_PRJ_BY_CODE,
	IMP_PRJ_BY_NAME,
	IMP_TRIGGER_SQL,
	IMP_MAX_PROJECT,
	IMP_MAX_DOC,
	IMP_STATS,
	IMP_FTS,
	IMP_PROJECT_COUNT,
	IMP_INDEXES,
	IMP_APL_BY_EXTERNAL,
	IMP_APL_UPDATE,
	IMP_AUDIT_INDEXES,
	IMP_AUDIT_SIZE,
	IMP_ENT_BY_NORM,
	IMP_MAX_AUDIT,
	IMP_EU_LINK,
	IMP__COUNT
};

static const char *const imp_sql[IMP__COUNT] = {
	[IMP_ENT_BY_CODE] = "SELECT id FROM enterprise WHERE credit_code = ?1",
	/* Two enterprises of one name: ambiguous, and the caller is told (LIMIT 2). */
	[IMP_ENT_BY_NAME] = "SELECT id FROM enterprise WHERE name = ?1 LIMIT 2",
	/* The name's normal form, as the enterprise's search document holds it (sql/020's
	 * partial index; the literal kind lets SQLite use it). */
	[IMP_ENT_BY_NORM] = "SELECT ref_id FROM search_doc WHERE kind = 'enterprise' AND title = ?1"
			    " ORDER BY ref_id LIMIT 2",
	[IMP_PRJ_BY_CODE] = "SELECT id FROM project WHERE code = ?1",
	[IMP_PRJ_BY_NAME] = "SELECT id FROM project WHERE name = ?1 AND coalesce(phase, '') = ?2"
			    " LIMIT 2",
	[IMP_TRIGGER_SQL] = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
	[IMP_MAX_PROJECT] = "SELECT coalesce(max(id), 0) FROM project",
	/* The last document of one kind: kind k's docids are (k + 1) << 40 | id (sql/015). */
	[IMP_MAX_DOC] = "SELECT coalesce(max(docid), ?1 << 40) FROM search_doc"
			" WHERE docid >= ?1 << 40 AND docid < (?1 + 1) << 40",
	/* stat_project_ins (sql/009_stats.sql) for every new project at once: the same rows,
	 * summed per key. */
	[IMP_STATS] =
		"WITH np AS (SELECT * FROM stat_project WHERE id > ?1),"
		" f (measure, month, industrial, location, unit_id, stage, chain, channel, section,"
		"    amount) AS ("
		"  SELECT 'all', '', industrial, location, unit_id, stage, chain, channel, section,"
		"         amount FROM np"
		"  UNION ALL SELECT 'signed', substr(signed_on, 1, 7), industrial, location, unit_id,"
		"         stage, chain, channel, section, amount FROM np WHERE signed_on IS NOT NULL"
		"  UNION ALL SELECT 'started', substr(started_on, 1, 7), industrial, location, unit_id,"
		"         stage, chain, channel, section, amount FROM np WHERE started_on IS NOT NULL"
		"  UNION ALL SELECT 'production', substr(production_on, 1, 7), industrial, location,"
		"         unit_id, stage, chain, channel, section, amount FROM np"
		"         WHERE production_on IS NOT NULL"
		"  UNION ALL SELECT 'capacity', substr(capacity_on, 1, 7), industrial, location,"
		"         unit_id, stage, chain, channel, section, amount FROM np"
		"         WHERE capacity_on IS NOT NULL)"
		" INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,"
		"                        channel, section, n, amount)"
		" SELECT measure, month, industrial, location, unit_id, stage, chain, channel, section,"
		"        count(*), sum(amount) FROM f"
		" GROUP BY measure, month, industrial, location, unit_id, stage, chain, channel, section"
		" ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount",
	/* search_doc_ai (sql/015_search_kinds.sql) for every new document of one kind at once:
	 * those above the kind's last document when the import began. */
	[IMP_FTS] = "INSERT INTO search_fts (rowid, title, body)"
		    " SELECT docid, title, body FROM search_doc WHERE docid > ?1 AND docid < ?2"
		    " ORDER BY docid",
	[IMP_PROJECT_COUNT] = "SELECT count(*) FROM project",
	[IMP_MAX_AUDIT] = "SELECT coalesce(max(id), 0) FROM audit",
	/* search_eu_link (sql/019) for every link the import made: those of the new projects
	 * (?1: the last project before it) and of the stored projects it updated (their audit
	 * rows above ?2), with each project's unit as it ends.  INSERT OR IGNORE: a set. */
	[IMP_EU_LINK] = "INSERT OR IGNORE INTO search_enterprise_unit (enterprise_id, unit_id)"
			" SELECT pe.enterprise_id, p.unit_id FROM project p"
			" JOIN project_enterprise pe ON pe.project_id = p.id"
			" WHERE p.id > ?1 AND p.unit_id IS NOT NULL"
			" UNION ALL"
			" SELECT pe.enterprise_id, p.unit_id FROM audit a JOIN project p ON p.id = a.entity_id"
			" JOIN project_enterprise pe ON pe.project_id = p.id"
			" WHERE a.id > ?2 AND a.entity = 'project' AND a.entity_id <= ?1"
			" AND p.unit_id IS NOT NULL",
	/* The secondary indexes a new project's rows go into (not the unique ones: the
	 * import looks projects up by code, and they keep their constraints). */
	[IMP_INDEXES] = "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
			" AND tbl_name IN ('project', 'stage_event', 'search_doc')"
			" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
			/* enterprises' names: read by the import, not written by it */
			" AND name <> 'search_doc_enterprise_title' ORDER BY name",
	/* The audit trail's indexes, the unique one included: CREATE UNIQUE INDEX at the end
	 * checks the constraint over every row, and a duplicate fails the whole import. */
	[IMP_AUDIT_INDEXES] = "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
			      " AND tbl_name IN ('audit', 'audit_change') AND sql IS NOT NULL"
			      " ORDER BY name",
	/* audit_change's rows are never deleted (a trigger forbids it): its last rowid is its
	 * size, found without a scan */
	[IMP_AUDIT_SIZE] = "SELECT coalesce(max(rowid), 0) FROM audit_change",
	[IMP_APL_BY_EXTERNAL] = "SELECT id FROM appeal WHERE external_id = ?1 LIMIT 2",
	[IMP_APL_UPDATE] = "UPDATE appeal SET category = ?3, title = ?4, text = ?5, contact = ?6,"
			   " version = version + 1, updated_at = ?7 WHERE id = ?1 AND version = ?2",
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

enum gl_err store_import_find_enterprise_name(struct store *s, const char *name, int64_t ids[2])
{
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, IMP_ENT_BY_NAME, imp_sql);
	enum gl_err rc;
	struct buf b;
	int r, n = 0;

	ids[0] = ids[1] = 0;
	if (!st)
		return GL_EDB;
	if (!name || !*name)
		return GL_ENOTFOUND;
	/* Written exactly as stored: that one, even when another name folds to the same form. */
	bind_text(st, 1, name);
	rc = one_id(s, st, &ids[0]);
	if (rc != GL_ENOTFOUND)
		return rc;
	if (!s->norm)
		return GL_ENOTFOUND;
	buf_init(&b, 1 << 16);
	rc = norm_text(s->norm, name, strlen(name), &b);
	if (rc == GL_OK)
		rc = buf_add(&b, "", 0);
	if (rc != GL_OK) {
		buf_release(&b);
		return rc == GL_ETOOBIG ? GL_ENOTFOUND : rc;
	}
	if (!(st = mod_stmt(s, MOD_IMPORT, IMP_ENT_BY_NORM, imp_sql))) {
		buf_release(&b);
		return GL_EDB;
	}
	sqlite3_bind_text(st, 1, b.data, (int)b.len, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (n < 2)
			ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	buf_release(&b);
	if (r != SQLITE_DONE)
		return store_fail(s, "import lookup by normal form");
	return n == 0 ? GL_ENOTFOUND : n == 1 ? GL_OK : GL_EDUPLICATE;
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

/* ---- bulk writing ----------------------------------------------------------------------
 *
 * Two triggers make a row-by-row import slow: stat_project_ins (sql/009) upserts a project's
 * facts and their cube and pair cells one project at a time, through temporary tables;
 * search_doc_ai (sql/013) makes each search_doc insert a multi-row write, so SQLite opens a
 * statement savepoint, and FTS5 flushes its pending terms at every savepoint: a new index
 * segment per row, merged again and again.  The savepoint store_start() opens for every
 * nested write does the same, and copies pages to the statement journal besides.
 *
 * So an import inserting projects suspends both triggers inside its own transaction (their
 * text is read back from sqlite_master and recreated as it was before the commit), writes
 * each new project without a savepoint of its own (the import is all-or-nothing: any failure
 * rolls the whole transaction back), and before committing does for all the new rows at once
 * what the triggers would have done row by row: one upsert of the facts (through stat_fact's
 * own triggers, so the cube and the pairs follow) and one insert into search_fts.  A rollback
 * undoes the DDL with the rest.
 */

/* search_eu_link (sql/019) too: it makes every project_enterprise insert a multi-row
 * statement, with the same savepoint and FTS5 flush per row (100,000 rows: 7.1 s of CPU with
 * it, 4.7 s without; docs/PERFORMANCE.md "Import"). */
static const char *const bulk_triggers[] = { "stat_project_ins", "search_doc_ai", "search_eu_link" };
enum { BULK_TRIGGERS = sizeof(bulk_triggers) / sizeof(bulk_triggers[0]) };

/* Below this many stored projects the secondary indexes are dropped for the import and
 * built again at its end: building an index over a sorted list is several times cheaper than
 * a million inserts into a B-tree, and rebuilding one of 10,000 rows takes milliseconds. */
enum { BULK_INDEX_BELOW = 10000, BULK_INDEXES_MAX = 24 };

/* The same for the audit trail's three indexes, by audit_change's size: a new project brings
 * about ten audit_change rows, so rebuilding after 100,000 of them costs less than inserting
 * into the indexes row by row once the import is larger than the trail (an import of a few
 * rows into a larger trail keeps them). */
enum { BULK_AUDIT_BELOW = 100000 };

/* audit_change rows per INSERT (4 parameters each: 32,000, under SQLite's 32,766) */
enum { BULK_CHANGES = 8000 };

struct store_import_bulk {
	char *sql[BULK_TRIGGERS];   /* the suspended triggers' CREATE statements */
	char *index_sql[BULK_INDEXES_MAX];  /* the suspended indexes' */
	int nindexes;
	int64_t max_project;        /* projects and search documents above these are new */
	int64_t max_audit;          /* and audit rows */
	int64_t max_doc[SEARCH_KIND__MAX];  /* per kind: each kind has its own docid range */
	int64_t cache_size;         /* the connection's, restored by store_import_bulk_free */
	const char *today;          /* the creation events' day for undated stages */
	char today_buf[16];
	/* audit_change rows waiting to be written BULK_CHANGES at a time (bulk_audit) */
	struct arena pending_text;
	int npending;
	struct pending_change {
		int64_t audit_id;
		const char *field, *before, *after;
	} pending[BULK_CHANGES];
	sqlite3_stmt *change_ins;   /* BULK_CHANGES rows in one INSERT */
};

static enum gl_err flush_changes(struct store *s, struct store_import_bulk *b);

static enum gl_err exec(struct store *s, const char *sql, const char *what)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? GL_OK
								       : store_fail(s, what);
}

static enum gl_err max_id(struct store *s, int i, int64_t *out)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, i, imp_sql);

	return st ? step_int(s, st, out) : GL_EDB;
}

/* The connection's journal mode after PRAGMA journal_mode = mode, lower case, into out. */
static void journal_mode(struct store *s, const char *mode, char *out, size_t size)
{
	char sql[48];
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", mode);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

int store_import_journal_begin(struct store *s)
{
	char mode[16];

	/* SQLite refuses to leave WAL while another connection has the file open (a server, a
	 * reader): the PRAGMA fails at once instead of waiting out the busy timeout, and the
	 * import runs in WAL as it would have anyway. */
	sqlite3_busy_timeout(s->db, 0);
	journal_mode(s, "DELETE", mode, sizeof(mode));
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	return strcmp(mode, "delete") == 0;
}

void store_import_journal_end(struct store *s, int switched)
{
	char mode[16];

	if (!switched)
		return;
	journal_mode(s, "WAL", mode, sizeof(mode));
	if (strcmp(mode, "wal") != 0)
		log_error("import: the database stayed in journal mode %s after the import;"
			  " the next guanlan command puts it back in WAL", mode[0] ? mode : "?");
}

void store_import_bulk_free(struct store *s, struct store_import_bulk *b)
{
	if (!b)
		return;
	if (b->cache_size) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)b->cache_size);
		(void)exec(s, sql, "import: cache size");
	}
	sqlite3_finalize(b->change_ins);
	arena_release(&b->pending_text);
	for (int i = 0; i < BULK_TRIGGERS; i++)
		free(b->sql[i]);
	for (int i = 0; i < b->nindexes; i++)
		free(b->index_sql[i]);
	free(b);
}

static enum gl_err suspend_indexes(struct store *s, struct store_import_bulk *b, int list)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, list, imp_sql);
	char *names[BULK_INDEXES_MAX];
	enum gl_err rc = GL_OK;
	int r, first = b->nindexes, n = b->nindexes;

	if (!st)
		return GL_EDB;
	while (n < BULK_INDEXES_MAX && (r = sqlite3_step(st)) == SQLITE_ROW) {
		names[n] = strdup((const char *)sqlite3_column_text(st, 0));
		b->index_sql[n] = strdup((const char *)sqlite3_column_text(st, 1));
		n++;
		b->nindexes = n;
		if (!names[n - 1] || !b->index_sql[n - 1]) {
			rc = GL_ENOMEM;
			break;
		}
	}
	if (rc == GL_OK && n < BULK_INDEXES_MAX && r != SQLITE_DONE)
		rc = store_fail(s, "import: list indexes");
	sqlite3_reset(st);
	for (int i = first; i < n; i++) {
		char sql[160];

		if (rc == GL_OK) {
			snprintf(sql, sizeof(sql), "DROP INDEX \"%s\"", names[i]);
			rc = exec(s, sql, "import: suspend index");
		}
		free(names[i]);
	}
	return rc;
}

enum gl_err store_import_bulk_begin(struct store *s, struct store_import_bulk **out)
{
	struct store_import_bulk *b = calloc(1, sizeof(*b));
	enum gl_err rc = b ? GL_OK : GL_ENOMEM;

	if (b)
		arena_init(&b->pending_text);

	*out = NULL;
	if (rc == GL_OK && s->depth == 0)
		rc = GL_EINVALID;  /* only inside the import's transaction */
	for (int i = 0; rc == GL_OK && i < BULK_TRIGGERS; i++) {
		sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, IMP_TRIGGER_SQL, imp_sql);
		const unsigned char *t;

		if (!st)
			return store_import_bulk_free(s, b), GL_EDB;
		bind_text(st, 1, bulk_triggers[i]);
		if (sqlite3_step(st) != SQLITE_ROW || !(t = sqlite3_column_text(st, 0)))
			rc = store_fail(s, "import: read trigger");
		else if (!(b->sql[i] = strdup((const char *)t)))
			rc = GL_ENOMEM;
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = max_id(s, IMP_MAX_PROJECT, &b->max_project);
	if (rc == GL_OK)
		rc = max_id(s, IMP_MAX_AUDIT, &b->max_audit);
	for (int k = 0; rc == GL_OK && k < SEARCH_KIND__MAX; k++) {
		sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, IMP_MAX_DOC, imp_sql);

		if (!st) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int64(st, 1, k + 1);
		if (sqlite3_step(st) == SQLITE_ROW)
			b->max_doc[k] = sqlite3_column_int64(st, 0);
		else
			rc = store_fail(s, "import: last search document");
		sqlite3_reset(st);
	}
	for (int i = 0; rc == GL_OK && i < BULK_TRIGGERS; i++) {
		char sql[128];

		snprintf(sql, sizeof(sql), "DROP TRIGGER %s", bulk_triggers[i]);
		rc = exec(s, sql, "import: suspend trigger");
	}
	int64_t nprojects = 0;
	if (rc == GL_OK)
		rc = max_id(s, IMP_PROJECT_COUNT, &nprojects);
	if (rc == GL_OK && nprojects < BULK_INDEX_BELOW)
		rc = suspend_indexes(s, b, IMP_INDEXES);
	int64_t nchanges = 0;
	if (rc == GL_OK)
		rc = max_id(s, IMP_AUDIT_SIZE, &nchanges);
	if (rc == GL_OK && nchanges < BULK_AUDIT_BELOW)
		rc = suspend_indexes(s, b, IMP_AUDIT_INDEXES);
	/* A million projects make a database of about 1.2 GB, all of it written in this one
	 * transaction: with the usual 8 MB cache the B-trees' pages are read, spilled to the WAL
	 * and read again.  1 GB holds nearly all of it (pages are taken only as needed, and
	 * handed back when store_import_bulk_free restores the size); with 256 MB the cost per
	 * row grew by a fifth between 100,000 and 1,000,000 rows. */
	if (rc == GL_OK) {
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			b->cache_size = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		rc = exec(s, "PRAGMA cache_size = -1048576", "import: cache size");
	}
	if (rc != GL_OK) {
		store_import_bulk_free(s, b);
		return rc;
	}
	b->today = date_format_iso(date_shanghai(time(NULL)), b->today_buf, sizeof(b->today_buf));
	*out = b;
	return GL_OK;
}

enum gl_err store_import_bulk_end(struct store *s, struct store_import_bulk *b)
{
	sqlite3_stmt *st;
	enum gl_err rc = flush_changes(s, b);

	for (int i = 0; rc == GL_OK && i < BULK_TRIGGERS; i++)
		rc = exec(s, b->sql[i], "import: restore trigger");
	for (int i = 0; rc == GL_OK && i < b->nindexes; i++)
		rc = exec(s, b->index_sql[i], "import: rebuild index");
	if (rc == GL_OK && !(st = mod_stmt(s, MOD_IMPORT, IMP_STATS, imp_sql)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, b->max_project);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: project facts");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && !(st = mod_stmt(s, MOD_IMPORT, IMP_EU_LINK, imp_sql)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, b->max_project);
		sqlite3_bind_int64(st, 2, b->max_audit);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: search scope");
		sqlite3_reset(st);
	}
	if (rc == GL_OK && !(st = mod_stmt(s, MOD_IMPORT, IMP_FTS, imp_sql)))
		rc = GL_EDB;
	for (int k = 0; rc == GL_OK && k < SEARCH_KIND__MAX; k++) {
		sqlite3_bind_int64(st, 1, b->max_doc[k]);
		sqlite3_bind_int64(st, 2, (int64_t)(k + 2) << 40);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: search index");
		sqlite3_reset(st);
	}
	return rc;
}

/* The waiting audit_change rows: whole batches in one multi-row INSERT, the rest (at the end)
 * one by one.  A multi-row statement gets a statement savepoint (its foreign key may abort
 * it half-way), and FTS5 flushes search_short's pending terms at every savepoint: once per
 * BULK_CHANGES rows is cheap, once per project was not. */
static enum gl_err flush_changes(struct store *s, struct store_import_bulk *b)
{
	enum gl_err rc = GL_OK;
	int i = 0;

	if (b->npending == BULK_CHANGES) {
		sqlite3_stmt *st = b->change_ins;

		if (!st) {
			char *sql = malloc(96 + BULK_CHANGES * 24);
			size_t n;

			if (!sql)
				return GL_ENOMEM;
			n = (size_t)sprintf(sql, "INSERT INTO audit_change (audit_id, field, before,"
						 " after) VALUES ");
			for (int k = 0; k < BULK_CHANGES; k++)
				n += (size_t)sprintf(sql + n, "%s(?, ?, ?, ?)", k ? ", " : "");
			if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
					       &b->change_ins, NULL) != SQLITE_OK)
				rc = store_fail(s, "import: prepare audit changes");
			free(sql);
			if (rc != GL_OK)
				return rc;
			st = b->change_ins;
		}
		for (int k = 0; k < BULK_CHANGES; k++) {
			const struct pending_change *c = &b->pending[k];

			sqlite3_bind_int64(st, 4 * k + 1, c->audit_id);
			bind_text(st, 4 * k + 2, c->field);
			bind_text(st, 4 * k + 3, c->before);
			bind_text(st, 4 * k + 4, c->after);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: write audit changes");
		sqlite3_reset(st);
		i = BULK_CHANGES;
	}
	for (; rc == GL_OK && i < b->npending; i++) {
		const struct pending_change *c = &b->pending[i];
		sqlite3_stmt *st = stmt_get(s, STMT_AUDIT_CHANGE_INSERT);

		if (!st)
			return GL_EDB;
		sqlite3_bind_int64(st, 1, c->audit_id);
		bind_text(st, 2, c->field);
		bind_text(st, 3, c->before);
		bind_text(st, 4, c->after);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: write audit change");
		sqlite3_reset(st);
	}
	b->npending = 0;
	arena_release(&b->pending_text);
	arena_init(&b->pending_text);
	return rc;
}

/* audit_write(s, "create", "project", id, c): the audit row now, its changes queued for
 * flush_changes (the same rows in the same order: a VALUES list is inserted in order).  Its
 * time is the project's created_at, the instant the row was written. */
static enum gl_err bulk_audit(struct store *s, struct store_import_bulk *b, const char *at,
			      int64_t id, const struct changes *c)
{
	sqlite3_stmt *st = stmt_get(s, STMT_AUDIT_INSERT);
	enum gl_err rc = GL_OK;
	int64_t audit_id;

	if (!st)
		return GL_EDB;
	bind_text(st, 1, at);
	bind_id(st, 2, s->actor.user_id);
	bind_text(st, 3, s->actor.username ? s->actor.username : "system");
	bind_text(st, 4, s->actor.address);
	bind_text(st, 5, "create");
	bind_text(st, 6, "project");
	sqlite3_bind_int64(st, 7, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "import: write audit");
	sqlite3_reset(st);
	if (rc != GL_OK)
		return rc;
	audit_id = sqlite3_last_insert_rowid(s->db);
	for (int i = 0; rc == GL_OK && i < c->n; i++) {
		struct pending_change *q = &b->pending[b->npending];
		const struct change *ch = &c->items[i];

		q->audit_id = audit_id;
		q->field = arena_strdup(&b->pending_text, ch->field);
		q->before = ch->before ? arena_strdup(&b->pending_text, ch->before) : NULL;
		q->after = ch->after ? arena_strdup(&b->pending_text, ch->after) : NULL;
		if (!q->field || (ch->before && !q->before) || (ch->after && !q->after))
			return GL_ENOMEM;
		if (++b->npending == BULK_CHANGES)
			rc = flush_changes(s, b);
	}
	return rc;
}

/* store_project_create without its savepoint: the row, its enterprises, its creation events
 * in the stage ledger, its search document and its audit row. */
enum gl_err store_import_project_insert(struct store *s, struct store_import_bulk *b,
					struct project *p, struct arena *a)
{
	sqlite3_stmt *st = stmt_get(s, STMT_PRJ_INSERT);
	struct stage_event ev[LEDGER_MAX_EVENTS];
	enum gl_err rc = GL_OK;
	int nev;

	if (!st)
		return GL_EDB;
	if (!p->code)
		return GL_EINVALID;
	nev = ledger_creation_events(p, b->today, ev);
	p->created_at = p->updated_at = store_now(a);
	if (!p->created_at)
		return GL_ENOMEM;
	/* STMT_PRJ_INSERT's parameters, bound as store_project_create binds them. */
	bind_text(st, 1, p->code);
	project_bind_fields(st, p, 2);
	bind_text(st, 19, p->created_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "import: insert project");
	sqlite3_reset(st);
	if (rc != GL_OK)
		return rc;
	p->id = sqlite3_last_insert_rowid(s->db);
	p->version = 1;
	for (size_t k = 0; rc == GL_OK && k < p->nenterprises; k++) {
		if (!(st = stmt_get(s, STMT_PRJ_ENT_INSERT)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, p->enterprise_ids[k]);
		sqlite3_bind_int64(st, 3, (int64_t)k);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "import: insert project enterprise");
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = store_stage_append(s, p->id, ev, nev, a);
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_PROJECT, p->id);
	if (rc == GL_OK) {
		struct changes c;

		project_changes(NULL, p, a, &c);
		rc = bulk_audit(s, b, p->created_at, p->id, &c);
	}
	return rc;
}

/* ---- appeals --------------------------------------------------------------------------- */

enum gl_err store_import_find_appeal(struct store *s, const char *external_id, int64_t *id)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, IMP_APL_BY_EXTERNAL, imp_sql);

	if (!st)
		return GL_EDB;
	bind_text(st, 1, external_id);
	return one_id(s, st, id);
}

enum gl_err store_import_appeal_text(struct store *s, const struct appeal *before,
				     const struct appeal *after, struct arena *a,
				     const struct changes *c)
{
	sqlite3_stmt *st = mod_stmt(s, MOD_IMPORT, IMP_APL_UPDATE, imp_sql);
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return rc;
	if (!st)
		return store_end(s, GL_EDB);
	sqlite3_bind_int64(st, 1, before->id);
	sqlite3_bind_int64(st, 2, before->version);
	bind_text(st, 3, after->category);
	bind_text(st, 4, after->title);
	bind_text(st, 5, after->text);
	bind_text(st, 6, after->contact);
	bind_text(st, 7, store_now(a));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "import: update appeal");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT;
	sqlite3_reset(st);
	if (rc == GL_OK)
		rc = search_index(s, SEARCH_APPEAL, before->id);
	if (rc == GL_OK)
		rc = audit_write(s, "update", "appeal", before->id, c);
	return store_end(s, rc);
}
