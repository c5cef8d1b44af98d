/* migrate.c - numbered schema migrations embedded in the binary.
 *
 * sql/NNN_name.sql files are applied in order, all pending ones in one exclusive
 * transaction, and each is recorded in schema_migrations.  Pending means not recorded, not
 * "above the highest recorded": a database made by a binary that lacked one migration (a
 * branch, a hand-built copy) would otherwise never get it, and fail later on a missing table.  Some migrations are followed by a
 * loader that fills a table from an embedded data file (GB/T 4754 is 1,773 rows of TSV that
 * is better kept as published than rewritten as INSERTs).
 */
#include "store-int.h"
#include "search-int.h"

#include <stdlib.h>
#include <string.h>

#include "../util/embed.h"
#include "../util/log.h"

static int migration_number(const char *path)
{
	const char *base = path + strlen("sql/");
	int n = 0;

	for (; *base >= '0' && *base <= '9'; base++)
		n = n * 10 + (*base - '0');
	return n;
}

static int is_migration(const char *path)
{
	size_t n = strlen(path);

	return strncmp(path, "sql/", 4) == 0 && n > 8 && strcmp(path + n - 4, ".sql") == 0 &&
	       path[4] >= '0' && path[4] <= '9';
}

int store_schema_latest(void)
{
	int latest = 0;

	for (const struct embedded_file *f = embedded_files; f->path; f++)
		if (is_migration(f->path) && migration_number(f->path) > latest)
			latest = migration_number(f->path);
	return latest;
}

static enum gl_err ensure_table(struct store *s)
{
	if (sqlite3_exec(s->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			 " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			 " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "create schema_migrations");
	return GL_OK;
}

enum gl_err store_schema_version(struct store *s, int *out)
{
	sqlite3_stmt *st;
	int r;

	*out = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			       -1, &st, NULL) != SQLITE_OK) {
		/* No table yet: a fresh database. */
		return GL_OK;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return r == SQLITE_ROW ? GL_OK : store_fail(s, "read schema version");
}

/* Is migration n recorded in schema_migrations?  (No table: nothing is.) */
static enum gl_err recorded(struct store *s, int n, int *missing)
{
	sqlite3_stmt *st;
	int r;

	*missing = 1;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return GL_OK;
	sqlite3_bind_int(st, 1, n);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		*missing = 0;
	return r == SQLITE_ROW || r == SQLITE_DONE ? GL_OK : store_fail(s, "read schema_migrations");
}

/* The lowest embedded migration not recorded, or 0 if every one is. */
static enum gl_err first_missing(struct store *s, int *out)
{
	enum gl_err rc = GL_OK;

	*out = 0;
	for (const struct embedded_file *f = embedded_files; rc == GL_OK && f->path && !*out; f++) {
		int missing;

		if (!is_migration(f->path))
			continue;
		rc = recorded(s, migration_number(f->path), &missing);
		if (rc == GL_OK && missing)
			*out = migration_number(f->path);
	}
	return rc;
}

/* Load data/gbt4754-2017.tsv: "level<TAB>section<TAB>code<TAB>name" after a header line. */
static enum gl_err load_industries(struct store *s)
{
	const struct embedded_file *f = embedded_find("data/gbt4754-2017.tsv");
	const char *p, *end;
	sqlite3_stmt *st;
	enum gl_err rc = GL_OK;

	if (!f) {
		log_error("migrate: data/gbt4754-2017.tsv is not embedded");
		return GL_EIO;
	}
	if (sqlite3_prepare_v2(s->db, "INSERT INTO ref_industry (level, section, code, name)"
			       " VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "prepare industry load");
	p = (const char *)f->data;
	end = p + f->size;
	p = memchr(p, '\n', (size_t)(end - p)); /* header */
	while (p && ++p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *field[4];
		int len[4], k = 0;

		if (!eol)
			eol = end;
		for (const char *q = p; k < 4 && q <= eol; k++) {
			const char *tab = memchr(q, '\t', (size_t)(eol - q));
			const char *stop = (tab && k < 3) ? tab : eol;

			field[k] = q;
			len[k] = (int)(stop - q);
			if (len[k] && q[len[k] - 1] == '\r')
				len[k]--;
			q = stop + 1;
		}
		if (k == 4 && len[2] > 0) {
			sqlite3_reset(st);
			sqlite3_bind_int(st, 1, field[0][0] - '0');
			for (int i = 1; i < 4; i++)
				sqlite3_bind_text(st, i + 1, field[i], len[i], SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = store_fail(s, "load industry");
				break;
			}
		}
		p = eol;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Load data/cn-holidays-2023-2026.tsv: "date<TAB>kind<TAB>name" after comment lines and a
 * header.  A year counts as covered when the file lists at least ten of its days: every
 * year's schedule has 春节 and 国庆 (seven days or more each), while a year that appears only
 * through a spill-over day (2022-12-31 opens the 2023 元旦 break) does not. */
static enum gl_err load_holidays(struct store *s)
{
	const struct embedded_file *f = embedded_find("data/cn-holidays-2023-2026.tsv");
	const char *p, *end;
	sqlite3_stmt *st;
	enum gl_err rc = GL_OK;

	if (!f) {
		log_error("migrate: data/cn-holidays-2023-2026.tsv is not embedded");
		return GL_EIO;
	}
	if (sqlite3_prepare_v2(s->db, "INSERT INTO ref_holiday (day, kind, name) VALUES (?1, ?2, ?3)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "prepare holiday load");
	p = (const char *)f->data;
	end = p + f->size;
	for (; p < end; p++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *field[3];
		int len[3], k = 0;

		if (!eol)
			eol = end;
		for (const char *q = p; k < 3 && q <= eol; k++) {
			const char *tab = memchr(q, '\t', (size_t)(eol - q));
			const char *stop = (tab && k < 2) ? tab : eol;

			field[k] = q;
			len[k] = (int)(stop - q);
			if (len[k] && q[len[k] - 1] == '\r')
				len[k]--;
			q = stop + 1;
		}
		/* Comment and header lines do not start with a digit. */
		if (k == 3 && len[0] == 10 && field[0][0] >= '0' && field[0][0] <= '9') {
			sqlite3_reset(st);
			for (int i = 0; i < 3; i++)
				sqlite3_bind_text(st, i + 1, field[i], len[i], SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = store_fail(s, "load holiday");
				break;
			}
		}
		p = eol;
	}
	sqlite3_finalize(st);
	if (rc == GL_OK &&
	    sqlite3_exec(s->db, "INSERT INTO ref_calendar_year (year)"
			 " SELECT CAST(substr(day, 1, 4) AS INTEGER) FROM ref_holiday"
			 " GROUP BY substr(day, 1, 4) HAVING count(*) >= 10", NULL, NULL, NULL) !=
		    SQLITE_OK)
		rc = store_fail(s, "load calendar years");
	return rc;
}

static const struct {
	int after;
	enum gl_err (*load)(struct store *);
} loaders[] = {
	{1, load_industries},
	{5, load_holidays},
	{13, search_backfill},
	{18, store_dup_backfill},
};

static enum gl_err apply(struct store *s, const struct embedded_file *f)
{
	int n = migration_number(f->path);
	char *err = NULL;
	sqlite3_stmt *st;

	if (sqlite3_exec(s->db, (const char *)f->data, NULL, NULL, &err) != SQLITE_OK) {
		log_error("migrate: %s: %s", f->path, err ? err : "?");
		sqlite3_free(err);
		return GL_EDB;
	}
	for (size_t i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (loaders[i].after == n) {
			enum gl_err rc = loaders[i].load(s);
			if (rc != GL_OK)
				return rc;
		}
	if (sqlite3_prepare_v2(s->db, "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
			       -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "record migration");
	sqlite3_bind_int(st, 1, n);
	sqlite3_bind_text(st, 2, f->path + 4, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "record migration");
}

enum gl_err store_migrate(struct store *s, int *from, int *to)
{
	int current = 0, latest = store_schema_latest();
	enum gl_err rc;

	if (sqlite3_exec(s->db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "begin migration");
	rc = ensure_table(s);
	if (rc == GL_OK)
		rc = store_schema_version(s, &current);
	if (rc == GL_OK && current > latest) {
		log_error("migrate: the database is at schema version %d but this guanlan knows"
			  " only up to %d; use a newer guanlan", current, latest);
		rc = GL_ESCHEMA;
	}
	/* embedded_files is sorted by path, and paths are zero-padded, so this is in order.
	 * Each is looked up on its own, so a gap below the highest recorded one is filled. */
	for (const struct embedded_file *f = embedded_files; rc == GL_OK && f->path; f++) {
		int missing;

		if (!is_migration(f->path))
			continue;
		rc = recorded(s, migration_number(f->path), &missing);
		if (rc == GL_OK && missing) {
			if (migration_number(f->path) < current)
				log_info("migrate: %s was never applied to this database (it is at %d);"
					 " applying it now", f->path, current);
			rc = apply(s, f);
		}
	}
	if (rc == GL_OK) {
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(s, "commit migration");
	}
	if (rc != GL_OK)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (from)
		*from = current;
	if (to)
		*to = rc == GL_OK ? latest : current;
	return rc;
}

enum gl_err store_check_schema(struct store *s)
{
	int v, latest = store_schema_latest();
	enum gl_err rc = store_schema_version(s, &v);

	if (rc != GL_OK)
		return rc;
	if (v > latest) {
		log_error("store: the database is at schema version %d but this guanlan knows only"
			  " up to %d; use a newer guanlan", v, latest);
		return GL_ESCHEMA;
	}
	if (v < latest) {
		log_error("store: the database is at schema version %d, this guanlan needs %d;"
			  " run 'guanlan migrate'", v, latest);
		return GL_ESCHEMA;
	}
	rc = first_missing(s, &v);
	if (rc == GL_OK && v) {
		log_error("store: migration %03d was never applied to this database (it has later"
			  " ones); run 'guanlan migrate'", v);
		return GL_ESCHEMA;
	}
	return rc;
}
