/* test_migrate.c - schema migrations and the SQLite store, through the store API, on a
 * database in a fresh temporary directory per test.
 *
 * Only the "newer schema" cases reach for the sqlite3 API, to forge a database written by a
 * future guanlan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/embed.h"

#define GOOD_CODE "91350100M000100Y43"  /* GB 32100-2015's example */
#define GOOD_CODE2 "91440300192317458F" /* another published code */

struct fixture {
	char dir[256];
	char path[320];
	struct store *s;
	struct arena a;
};

/* ---- fixtures ------------------------------------------------------------------------ */

/* How many migrations the binary embeds: numbers may skip one (a branch's migration not yet
 * merged), so this is not always the latest number. */
static int migrations_embedded(void)
{
	int n = 0;

	for (const struct embedded_file *e = embedded_files; e->path; e++) {
		size_t len = strlen(e->path);

		n += strncmp(e->path, "sql/", 4) == 0 && e->path[4] >= '0' && e->path[4] <= '9' &&
		     len > 8 && strcmp(e->path + len - 4, ".sql") == 0;
	}
	return n;
}

static int teardown(void **state);

static int setup_empty(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/guanlan.db", f->dir);
	arena_init(&f->a);
	if (store_open(f->path, &f->s) != GL_OK) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_migrated(void **state)
{
	struct fixture *f;
	int from, to;

	if (setup_empty(state) != 0)
		return -1;
	f = *state;
	if (store_migrate(f->s, &from, &to) != GL_OK || from != 0 || to != store_schema_latest()) {
		teardown(state); /* cmocka skips the teardown of a failed setup */
		return -1;
	}
	return 0;
}

static void remove_suffixed(const char *path, const char *suffix)
{
	char p[400];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	unlink(p);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	store_close(f->s);
	arena_release(&f->a);
	remove_suffixed(f->path, "");
	remove_suffixed(f->path, "-wal");
	remove_suffixed(f->path, "-shm");
	remove_suffixed(f->path, "-journal");
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Close and reopen the store (after the sqlite3 API has been at the file). */
static void reopen(struct fixture *f)
{
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, &f->s), GL_OK);
}

/* Run one statement on the file directly, with the store closed. */
static void raw_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	store_close(f->s);
	f->s = NULL;
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		print_error("%s: %s\n", sql, err ? err : "?");
		sqlite3_free(err);
		sqlite3_close(db);
		fail();
	}
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	assert_int_equal(store_open(f->path, &f->s), GL_OK);
}

/* One integer from a query on the file directly (store left open: reads are fine in WAL). */
static int64_t raw_int(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* ---- builders ------------------------------------------------------------------------ */

static const char *sample_tags[] = { "新能源汽车", "链主企业", "专精特新" };

static struct contact sample_contacts[] = {
	{ "张伟", "总经理", "0531-88886666", "zhang.wei@example.com.cn" },
	{ "李娜", NULL, "13800138000", NULL },
};

static struct enterprise sample_enterprise(const char *name, const char *credit_code)
{
	struct enterprise e = {
		.name = name,
		.credit_code = credit_code,
		.industry_code = "3612",
		.address = "济南市起步区崔寨街道比亚迪大道1号",
		.tags = sample_tags,
		.ntags = 3,
		.contacts = sample_contacts,
		.ncontacts = 2,
	};

	return e;
}

static int64_t create_enterprise(struct fixture *f, const char *name, const char *code)
{
	struct enterprise e = sample_enterprise(name, code);
	struct verrors errs;

	verr_init(&errs);
	assert_int_equal(store_enterprise_create(f->s, &e, &f->a, &errs), GL_OK);
	assert_int_equal(errs.n, 0);
	assert_true(e.id > 0);
	return e.id;
}

static struct project lead_project(const char *name)
{
	struct project p = {
		.name = name,
		.stage = STAGE_LEAD,
		.location = PROJECT_LOCATION_ZONE,
	};

	return p;
}

static struct project signed_project(const char *name, const char *signed_on, int64_t amount,
				     const char *location, bool industrial)
{
	struct project p = lead_project(name);

	p.stage = STAGE_SIGNED;
	p.signed_on = signed_on;
	p.has_investment = true;
	p.total_investment = amount;
	p.location = location;
	p.industrial = industrial;
	return p;
}

/* Store p (whose enterprise ids, if any, must exist); returns its id. */
static int64_t create_project(struct fixture *f, struct project *p)
{
	struct verrors errs;

	verr_init(&errs);
	assert_int_equal(project_validate(p, &errs), 0);
	assert_int_equal(store_project_create(f->s, p, &f->a, &errs), GL_OK);
	assert_int_equal(errs.n, 0);
	assert_true(p->id > 0);
	return p->id;
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* ---- migrations ---------------------------------------------------------------------- */

static int64_t count_refs(struct fixture *f, enum ref_table t, const char *q)
{
	struct ref_list l;

	assert_int_equal(store_ref_list(f->s, t, q, 0, &f->a, &l), GL_OK);
	return l.n;
}

static void test_fresh_database_migrates(void **state)
{
	struct fixture *f = *state;
	int v = -1, from = -1, to = -1, latest = store_schema_latest();
	struct ref_list l;

	/* sql/001_init.sql and sql/002_reference.sql at least. */
	assert_true(latest >= 2);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, 0);

	assert_int_equal(store_migrate(f->s, &from, &to), GL_OK);
	assert_int_equal(from, 0);
	assert_int_equal(to, latest);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, latest);
	assert_int_equal(store_check_schema(f->s), GL_OK);
	/* One row per migration. */
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"),
			 migrations_embedded());

	/* Reference data. */
	assert_int_equal(store_ref_exists(f->s, REF_INDUSTRY, "3612"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_INDUSTRY, "C"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_INDUSTRY, "36"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_INDUSTRY, "9999"), GL_ENOTFOUND);
	assert_int_equal(store_ref_exists(f->s, REF_REGION, "zone"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_REGION, "370115"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_REGION, "110000"), GL_ENOTFOUND);
	assert_int_equal(store_ref_exists(f->s, REF_UNIT, "1"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_UNIT, "999"), GL_ENOTFOUND);
	assert_int_equal(store_ref_exists(f->s, REF_CHAIN, "nev"), GL_OK);
	assert_int_equal(store_ref_exists(f->s, REF_CHANNEL, "chain"), GL_OK);

	/* Every row of data/gbt4754-2017.tsv (1,773 lines with the header). */
	assert_int_equal(count_refs(f, REF_INDUSTRY, NULL), 1772);

	assert_int_equal(store_ref_list(f->s, REF_INDUSTRY, "汽车", 0, &f->a, &l), GL_OK);
	assert_true(l.n > 0);
	int seen36 = 0;
	for (int64_t i = 0; i < l.n; i++) {
		assert_non_null(strstr(l.items[i].name, "汽车"));
		if (strcmp(l.items[i].code, "36") == 0) {
			seen36 = 1;
			assert_string_equal(l.items[i].name, "汽车制造业");
			assert_string_equal(l.items[i].parent, "C");
			assert_string_equal(l.items[i].kind, "2");
		}
	}
	assert_true(seen36);
	/* Code prefixes and limits. */
	assert_int_equal(store_ref_list(f->s, REF_INDUSTRY, "3612", 0, &f->a, &l), GL_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "新能源车整车制造");
	assert_int_equal(store_ref_list(f->s, REF_INDUSTRY, NULL, 5, &f->a, &l), GL_OK);
	assert_int_equal(l.n, 5);
}

static void test_migrate_again_is_noop(void **state)
{
	struct fixture *f = *state;
	int v, from = -1, to = -1, latest = store_schema_latest();

	assert_int_equal(store_migrate(f->s, &from, &to), GL_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(store_migrate(f->s, NULL, NULL), GL_OK);

	/* And after reopening. */
	reopen(f);
	assert_int_equal(store_check_schema(f->s), GL_OK);
	from = to = -1;
	assert_int_equal(store_migrate(f->s, &from, &to), GL_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, latest);

	/* Nothing was loaded twice. */
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"),
			 migrations_embedded());
	assert_int_equal(count_refs(f, REF_INDUSTRY, NULL), 1772);
	assert_int_equal(count_refs(f, REF_REGION, NULL), 6);
	assert_int_equal(count_refs(f, REF_UNIT, NULL), 13);
}

static void test_check_schema_unmigrated(void **state)
{
	struct fixture *f = *state;
	int v = -1;

	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);
	/* Checking changes nothing: still version 0, still no tables. */
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, 0);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM sqlite_master WHERE name = 'enterprise'"),
			 0);
	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);
}

static void test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	int v = -1, from = -1, to = -1;
	int64_t id = create_enterprise(f, "比亚迪汽车工业有限公司", GOOD_CODE);
	struct enterprise e;

	raw_exec(f, "INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");

	assert_int_equal(store_migrate(f->s, &from, &to), GL_ESCHEMA);
	assert_int_equal(from, 999);
	assert_int_equal(to, 999);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, 999);
	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);

	/* Nothing changed: the migrations table, the reference data and the records. */
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"),
			 migrations_embedded() + 1);
	assert_int_equal(raw_int(f, "SELECT max(version) FROM schema_migrations"), 999);
	assert_int_equal(store_ref_exists(f->s, REF_INDUSTRY, "3612"), GL_OK);
	assert_int_equal(count_refs(f, REF_INDUSTRY, NULL), 1772);
	assert_int_equal(count_refs(f, REF_REGION, NULL), 6);
	assert_int_equal(store_enterprise_get(f->s, id, NULL, &f->a, &e), GL_OK);
	assert_string_equal(e.name, "比亚迪汽车工业有限公司");
	assert_int_equal(e.ntags, 3);

	/* Still refused the second time (the failed attempt left no transaction open). */
	assert_int_equal(store_migrate(f->s, NULL, NULL), GL_ESCHEMA);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, 999);
}

/* A database that has only the record of a future migration: none of ours may be applied. */
static void test_newer_schema_applies_nothing(void **state)
{
	struct fixture *f = *state;
	int v = -1, from = -1, to = -1;

	raw_exec(f, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
		    " name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);"
		    " INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
	assert_int_equal(store_migrate(f->s, &from, &to), GL_ESCHEMA);
	assert_int_equal(from, 999);
	assert_int_equal(to, 999);
	assert_int_equal(store_schema_version(f->s, &v), GL_OK);
	assert_int_equal(v, 999);
	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"), 1);
}

/* A database migrated by a binary that lacked 016 (a branch) but had later ones: the check
 * refuses it and names the gap, and migrate applies 016 alone. */
static void test_gap_is_filled(void **state)
{
	struct fixture *f = *state;
	int from = -1, to = -1, latest = store_schema_latest();

	raw_exec(f, "DROP INDEX appeal_external; DELETE FROM schema_migrations WHERE version = 16");
	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);
	assert_int_equal(store_migrate(f->s, &from, &to), GL_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(store_check_schema(f->s), GL_OK);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations WHERE version = 16"), 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM sqlite_master"
				    " WHERE type = 'index' AND name = 'appeal_external'"), 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"),
			 migrations_embedded());
}

/* A gap whose migration cannot run on what is there (008's columns exist): migrate fails
 * and changes nothing, so the check keeps refusing. */
static void test_gap_that_fails_changes_nothing(void **state)
{
	struct fixture *f = *state;

	raw_exec(f, "DROP INDEX appeal_external;"
		    " DELETE FROM schema_migrations WHERE version IN (8, 16)");
	assert_int_equal(store_migrate(f->s, NULL, NULL), GL_EDB);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM schema_migrations"),
			 migrations_embedded() - 2);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM sqlite_master"
				    " WHERE type = 'index' AND name = 'appeal_external'"), 0);
	assert_int_equal(store_check_schema(f->s), GL_ESCHEMA);
}

/* ---- enterprises --------------------------------------------------------------------- */

static void assert_same_enterprise(const struct enterprise *got, const struct enterprise *want)
{
	assert_int_equal(got->id, want->id);
	assert_int_equal(got->version, want->version);
	assert_str_or_null(got->name, want->name);
	assert_str_or_null(got->credit_code, want->credit_code);
	assert_str_or_null(got->industry_code, want->industry_code);
	assert_str_or_null(got->address, want->address);
	assert_int_equal(got->ntags, want->ntags);
	for (size_t i = 0; i < want->ntags; i++)
		assert_string_equal(got->tags[i], want->tags[i]);
	assert_int_equal(got->ncontacts, want->ncontacts);
	for (size_t i = 0; i < want->ncontacts; i++) {
		assert_str_or_null(got->contacts[i].name, want->contacts[i].name);
		assert_str_or_null(got->contacts[i].title, want->contacts[i].title);
		assert_str_or_null(got->contacts[i].phone, want->contacts[i].phone);
		assert_str_or_null(got->contacts[i].email, want->contacts[i].email);
	}
}

static void test_enterprise_round_trip(void **state)
{
	struct fixture *f = *state;
	struct enterprise e = sample_enterprise("比亚迪汽车工业有限公司", GOOD_CODE), got;
	struct verrors errs;

	verr_init(&errs);
	assert_int_equal(store_enterprise_create(f->s, &e, &f->a, &errs), GL_OK);
	assert_true(e.id > 0);
	assert_int_equal(e.version, 1);
	assert_non_null(e.created_at);
	assert_non_null(e.updated_at);
	/* Asia/Shanghai timestamps. */
	assert_int_equal(strlen(e.created_at), 25);
	assert_string_equal(e.created_at + 19, "+08:00");

	memset(&got, 0xA5, sizeof(got));
	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &got), GL_OK);
	assert_same_enterprise(&got, &e);
	assert_string_equal(got.created_at, e.created_at);
	assert_string_equal(got.updated_at, e.updated_at);
	assert_int_equal(got.project_count, 0);

	/* A bare record: every optional field NULL, no tags, no contacts. */
	struct enterprise bare = { .name = "济南某科技有限公司" };
	assert_int_equal(store_enterprise_create(f->s, &bare, &f->a, &errs), GL_OK);
	assert_int_equal(store_enterprise_get(f->s, bare.id, NULL, &f->a, &got), GL_OK);
	assert_same_enterprise(&got, &bare);
	assert_true(bare.id != e.id);

	/* An update replaces fields, tags and contacts. */
	static const char *new_tags[] = { "独角兽" };
	struct contact new_contacts[] = { { "王强", "项目经理", NULL, "wq@byd.com" } };
	got.name = "比亚迪汽车工业（济南）有限公司";
	got.credit_code = NULL;
	got.industry_code = "3670";
	got.address = NULL;
	got.tags = new_tags;
	got.ntags = 1;
	got.contacts = new_contacts;
	got.ncontacts = 1;
	got.id = e.id;
	got.version = 1;
	assert_int_equal(store_enterprise_update(f->s, &got, &f->a, &errs), GL_OK);
	assert_int_equal(got.version, 2);
	struct enterprise again;
	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &again), GL_OK);
	assert_same_enterprise(&again, &got);
	assert_string_equal(again.created_at, e.created_at);

	assert_int_equal(store_enterprise_get(f->s, 99999, NULL, &f->a, &again), GL_ENOTFOUND);
	assert_int_equal(errs.n, 0);
}

static void test_enterprise_duplicate_and_unknown_industry(void **state)
{
	struct fixture *f = *state;
	struct enterprise e = sample_enterprise("甲公司", GOOD_CODE);
	struct enterprise dup = sample_enterprise("乙公司", GOOD_CODE);
	struct enterprise bad = sample_enterprise("丙公司", GOOD_CODE2);
	struct enterprise_page page;
	struct enterprise_query q = { .limit = 10 };
	struct verrors errs;

	verr_init(&errs);
	assert_int_equal(store_enterprise_create(f->s, &e, &f->a, &errs), GL_OK);
	assert_int_equal(store_enterprise_create(f->s, &dup, &f->a, &errs), GL_EDUPLICATE);

	/* Well-formed but not in GB/T 4754-2017. */
	bad.industry_code = "3699";
	assert_int_equal(store_enterprise_create(f->s, &bad, &f->a, &errs), GL_EINVALID);
	assert_true(verr_has(&errs, "industry_code"));

	/* Neither failure left anything behind. */
	assert_int_equal(store_enterprise_list(f->s, &q, &f->a, &page), GL_OK);
	assert_int_equal(page.total, 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM enterprise_tag"), 3);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM enterprise_contact"), 2);

	/* Taking a used credit code by update is a duplicate too, and changes nothing. */
	struct enterprise other = sample_enterprise("丁公司", GOOD_CODE2), got;
	verr_init(&errs);
	assert_int_equal(store_enterprise_create(f->s, &other, &f->a, &errs), GL_OK);
	other.credit_code = GOOD_CODE;
	other.name = "丁公司改名";
	assert_int_equal(store_enterprise_update(f->s, &other, &f->a, &errs), GL_EDUPLICATE);
	assert_int_equal(store_enterprise_get(f->s, other.id, NULL, &f->a, &got), GL_OK);
	assert_string_equal(got.credit_code, GOOD_CODE2);
	assert_string_equal(got.name, "丁公司");
	assert_int_equal(got.version, 1);
	/* No credit code at all is allowed for any number of enterprises (NULL is not unique). */
	struct enterprise n1 = sample_enterprise("无代码一", NULL);
	struct enterprise n2 = sample_enterprise("无代码二", NULL);
	assert_int_equal(store_enterprise_create(f->s, &n1, &f->a, &errs), GL_OK);
	assert_int_equal(store_enterprise_create(f->s, &n2, &f->a, &errs), GL_OK);
}

static void test_enterprise_stale_update(void **state)
{
	struct fixture *f = *state;
	struct enterprise e = sample_enterprise("比亚迪汽车工业有限公司", GOOD_CODE), got;
	struct verrors errs;
	static const char *other_tags[] = { "改过" };

	verr_init(&errs);
	assert_int_equal(store_enterprise_create(f->s, &e, &f->a, &errs), GL_OK);

	/* A first writer moves the record to version 2. */
	struct enterprise first = e;
	first.address = "济南市起步区太平街道";
	assert_int_equal(store_enterprise_update(f->s, &first, &f->a, &errs), GL_OK);
	assert_int_equal(first.version, 2);

	/* A second writer still holding version 1 is refused, and nothing it sent lands. */
	struct enterprise second = e;
	second.name = "改名公司";
	second.tags = other_tags;
	second.ntags = 1;
	second.ncontacts = 0;
	assert_int_equal(second.version, 1);
	assert_int_equal(store_enterprise_update(f->s, &second, &f->a, &errs), GL_ECONFLICT);
	assert_int_equal(second.version, 1);
	assert_int_equal(errs.n, 0);

	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &got), GL_OK);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.name, "比亚迪汽车工业有限公司");
	assert_string_equal(got.address, "济南市起步区太平街道");
	assert_int_equal(got.ntags, 3);
	assert_string_equal(got.tags[0], "新能源汽车");
	assert_int_equal(got.ncontacts, 2);

	/* A version from the future is just as stale; a missing record is not found. */
	second.version = 3;
	assert_int_equal(store_enterprise_update(f->s, &second, &f->a, &errs), GL_ECONFLICT);
	second.id = 99999;
	second.version = 1;
	assert_int_equal(store_enterprise_update(f->s, &second, &f->a, &errs), GL_ENOTFOUND);

	/* The store is still usable for writes afterwards. */
	got.name = "比亚迪";
	assert_int_equal(store_enterprise_update(f->s, &got, &f->a, &errs), GL_OK);
	assert_int_equal(got.version, 3);
}

/* ---- projects ------------------------------------------------------------------------ */

static void test_project_codes(void **state)
{
	struct fixture *f = *state;
	int64_t ent = create_enterprise(f, "比亚迪汽车工业有限公司", GOOD_CODE);
	int64_t ids[] = { ent };
	struct project p1 = signed_project("比亚迪济南基地一期", "2023-03-15", 1500000,
					   PROJECT_LOCATION_ZONE, true);
	struct project p2 = signed_project("比亚迪济南基地二期", "2023-11-30", 800000,
					   PROJECT_LOCATION_ZONE, true);
	struct project p3 = signed_project("某数字经济项目", "2024-01-02", 20000,
					   PROJECT_LOCATION_ZONE, false);
	struct project got;

	p1.enterprise_ids = ids;
	p1.nenterprises = 1;
	p1.chain = "nev";
	p1.channel = "leader";
	p1.industry_code = "3612";
	p1.unit_id = 11;
	p1.leader = "王书记";
	p1.key_project = true;
	p1.phase = "一期";
	create_project(f, &p1);
	assert_string_equal(p1.code, "QH-2023-0001");
	assert_int_equal(p1.version, 1);

	p2.phase_parent_id = p1.id;
	p2.phase = "二期";
	create_project(f, &p2);
	assert_string_equal(p2.code, "QH-2023-0002");

	/* Numbering is per year of signing. */
	create_project(f, &p3);
	assert_string_equal(p3.code, "QH-2024-0001");

	/* Round trip. */
	assert_int_equal(store_project_get(f->s, p1.id, NULL, &f->a, &got), GL_OK);
	assert_string_equal(got.code, "QH-2023-0001");
	assert_string_equal(got.name, p1.name);
	assert_int_equal(got.stage, STAGE_SIGNED);
	assert_true(got.has_investment);
	assert_int_equal(got.total_investment, 1500000);
	assert_string_equal(got.signed_on, "2023-03-15");
	assert_null(got.started_on);
	assert_null(got.production_on);
	assert_string_equal(got.location, PROJECT_LOCATION_ZONE);
	assert_string_equal(got.chain, "nev");
	assert_string_equal(got.channel, "leader");
	assert_string_equal(got.industry_code, "3612");
	assert_int_equal(got.unit_id, 11);
	assert_string_equal(got.leader, "王书记");
	assert_true(got.industrial);
	assert_true(got.key_project);
	assert_string_equal(got.phase, "一期");
	assert_int_equal(got.phase_parent_id, 0);
	assert_int_equal(got.nenterprises, 1);
	assert_int_equal(got.enterprise_ids[0], ent);
	assert_int_equal(store_project_get(f->s, p2.id, NULL, &f->a, &got), GL_OK);
	assert_int_equal(got.phase_parent_id, p1.id);

	/* The enterprise now counts the project. */
	struct enterprise e;
	assert_int_equal(store_enterprise_get(f->s, ent, NULL, &f->a, &e), GL_OK);
	assert_int_equal(e.project_count, 1);

	/* An unsigned project takes this year's sequence; it is still well formed. */
	struct project p4 = lead_project("某线索");
	create_project(f, &p4);
	assert_int_equal(strlen(p4.code), strlen("QH-2023-0001"));
	assert_int_equal(strncmp(p4.code, "QH-", 3), 0);
}

static void test_project_dangling_references(void **state)
{
	struct fixture *f = *state;
	int64_t ent = create_enterprise(f, "比亚迪汽车工业有限公司", GOOD_CODE);
	int64_t missing[] = { 424242 };
	int64_t mixed[] = { ent, 434343 };
	struct project p = signed_project("悬空项目", "2023-05-01", 100, PROJECT_LOCATION_ZONE, true);
	struct project_page page;
	struct project_query q = { .stage = -1, .industrial = -1, .limit = 10 };
	struct verrors errs;

	verr_init(&errs);
	p.enterprise_ids = missing;
	p.nenterprises = 1;
	assert_int_equal(store_project_create(f->s, &p, &f->a, &errs), GL_EINVALID);
	assert_true(verr_has(&errs, "enterprise_ids[0]"));
	assert_int_equal(errs.n, 1);

	/* Every dangling reference is reported at once, each with its own field. */
	verr_init(&errs);
	p.enterprise_ids = mixed;
	p.nenterprises = 2;
	p.chain = "nochain";
	p.channel = "nochannel";
	p.industry_code = "3699";
	p.location = "110000";
	p.unit_id = 999;
	p.phase_parent_id = 777;
	p.chain_anchor_id = 778;
	assert_int_equal(store_project_create(f->s, &p, &f->a, &errs), GL_EINVALID);
	assert_false(verr_has(&errs, "enterprise_ids[0]"));
	assert_true(verr_has(&errs, "enterprise_ids[1]"));
	assert_true(verr_has(&errs, "chain"));
	assert_true(verr_has(&errs, "channel"));
	assert_true(verr_has(&errs, "industry_code"));
	assert_true(verr_has(&errs, "location"));
	assert_true(verr_has(&errs, "unit_id"));
	assert_true(verr_has(&errs, "phase_parent_id"));
	assert_true(verr_has(&errs, "chain_anchor_id"));
	assert_int_equal(errs.n, 8);

	/* Nothing was stored and no code number was used up. */
	assert_int_equal(store_project_list(f->s, &q, &f->a, &page), GL_OK);
	assert_int_equal(page.total, 0);
	struct project ok = signed_project("正常项目", "2023-05-01", 100, PROJECT_LOCATION_ZONE, true);
	ok.enterprise_ids = mixed;
	ok.nenterprises = 1;
	create_project(f, &ok);
	assert_string_equal(ok.code, "QH-2023-0001");
}

static void test_delete_referenced_enterprise(void **state)
{
	struct fixture *f = *state;
	int64_t used = create_enterprise(f, "比亚迪汽车工业有限公司", GOOD_CODE);
	int64_t unused = create_enterprise(f, "济南某科技有限公司", GOOD_CODE2);
	int64_t ids[] = { used };
	struct project p = lead_project("比亚迪配套项目");
	struct enterprise e;

	p.enterprise_ids = ids;
	p.nenterprises = 1;
	create_project(f, &p);

	assert_int_equal(store_enterprise_delete(f->s, used, 0, NULL), GL_EREFERENCED);
	assert_int_equal(store_enterprise_delete(f->s, used, 1, NULL), GL_EREFERENCED);
	assert_int_equal(store_enterprise_get(f->s, used, NULL, &f->a, &e), GL_OK);
	assert_int_equal(e.ntags, 3);
	assert_int_equal(e.project_count, 1);

	/* A stale version is a conflict; the right one deletes, with tags and contacts. */
	assert_int_equal(store_enterprise_delete(f->s, unused, 2, NULL), GL_ECONFLICT);
	assert_int_equal(store_enterprise_get(f->s, unused, NULL, &f->a, &e), GL_OK);
	assert_int_equal(store_enterprise_delete(f->s, unused, 1, NULL), GL_OK);
	assert_int_equal(store_enterprise_get(f->s, unused, NULL, &f->a, &e), GL_ENOTFOUND);
	assert_int_equal(store_enterprise_delete(f->s, unused, 0, NULL), GL_ENOTFOUND);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM enterprise_tag"), 3);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM enterprise_contact"), 2);

	/* Once the project lets go, the enterprise can go. */
	struct project got;
	assert_int_equal(store_project_get(f->s, p.id, NULL, &f->a, &got), GL_OK);
	got.nenterprises = 0;
	struct verrors errs;
	verr_init(&errs);
	assert_int_equal(store_project_update(f->s, &got, &f->a, &errs), GL_OK);
	assert_int_equal(store_enterprise_delete(f->s, used, 0, NULL), GL_OK);
}

static void test_transaction_rollback(void **state)
{
	struct fixture *f = *state;
	struct enterprise e = sample_enterprise("回滚公司", GOOD_CODE), got;
	struct project p = signed_project("回滚项目", "2023-05-01", 100, PROJECT_LOCATION_ZONE, true);
	struct project gotp;
	struct verrors errs;
	struct stats_summary sum;
	int64_t ids[1];

	verr_init(&errs);
	assert_int_equal(store_begin(f->s), GL_OK);
	assert_int_equal(store_enterprise_create(f->s, &e, &f->a, &errs), GL_OK);
	ids[0] = e.id;
	p.enterprise_ids = ids;
	p.nenterprises = 1;
	assert_int_equal(store_project_create(f->s, &p, &f->a, &errs), GL_OK);
	assert_string_equal(p.code, "QH-2023-0001");
	/* Visible inside the transaction. */
	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &got), GL_OK);
	/* A failing operation inside undoes only itself. */
	struct enterprise dup = sample_enterprise("重复公司", GOOD_CODE);
	assert_int_equal(store_enterprise_create(f->s, &dup, &f->a, &errs), GL_EDUPLICATE);
	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &got), GL_OK);
	store_rollback(f->s);

	assert_int_equal(store_enterprise_get(f->s, e.id, NULL, &f->a, &got), GL_ENOTFOUND);
	assert_int_equal(store_project_get(f->s, p.id, NULL, &f->a, &gotp), GL_ENOTFOUND);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM enterprise_tag"), 0);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM project_enterprise"), 0);
	assert_int_equal(store_stats_summary(f->s, &f->a, &sum), GL_OK);
	assert_int_equal(sum.projects, 0);
	assert_int_equal(sum.signed_all.count, 0);

	/* The connection is back in autocommit: the same records can be created and stay. */
	struct enterprise e2 = sample_enterprise("回滚公司", GOOD_CODE);
	assert_int_equal(store_enterprise_create(f->s, &e2, &f->a, &errs), GL_OK);
	ids[0] = e2.id;
	struct project p2 = signed_project("回滚项目", "2023-05-01", 100, PROJECT_LOCATION_ZONE, true);
	p2.enterprise_ids = ids;
	p2.nenterprises = 1;
	create_project(f, &p2);
	assert_string_equal(p2.code, "QH-2023-0001");

	/* begin/commit keeps them. */
	struct enterprise e3 = sample_enterprise("提交公司", GOOD_CODE2);
	assert_int_equal(store_begin(f->s), GL_OK);
	assert_int_equal(store_enterprise_create(f->s, &e3, &f->a, &errs), GL_OK);
	assert_int_equal(store_commit(f->s), GL_OK);
	reopen(f);
	assert_int_equal(store_enterprise_get(f->s, e3.id, NULL, &f->a, &got), GL_OK);
	assert_int_equal(store_enterprise_get(f->s, e2.id, NULL, &f->a, &got), GL_OK);
	assert_int_equal(store_project_get(f->s, p2.id, NULL, &f->a, &gotp), GL_OK);
	assert_int_equal(errs.n, 0);
}

/* ---- statistics ---------------------------------------------------------------------- */

static void assert_fig(struct stats_figure fig, int64_t count, int64_t amount)
{
	assert_int_equal(fig.count, count);
	assert_int_equal(fig.amount_wan, amount);
}

static void test_stats_summary(void **state)
{
	struct fixture *f = *state;
	struct stats_summary sum;
	struct verrors errs;

	assert_int_equal(store_stats_summary(f->s, &f->a, &sum), GL_OK);
	assert_int_equal(sum.projects, 0);
	assert_fig(sum.signed_all, 0, 0);
	assert_int_equal(sum.nchain, 0);
	assert_int_equal(sum.nyear, 0);

	/* Zone, industrial, signed 2023. */
	struct project z1 = signed_project("Z1", "2023-03-01", 1000, PROJECT_LOCATION_ZONE, true);
	z1.chain = "nev";
	create_project(f, &z1);
	/* Zone, not industrial, signed 2024, started since. */
	struct project z2 = signed_project("Z2", "2024-01-10", 500, PROJECT_LOCATION_ZONE, false);
	z2.chain = "digital";
	z2.stage = STAGE_STARTED;
	z2.started_on = "2024-03-01";
	create_project(f, &z2);
	/* Zone, industrial, a lead with an estimated amount but no signing: not signed. */
	struct project z3 = lead_project("Z3");
	z3.industrial = true;
	z3.has_investment = true;
	z3.total_investment = 200;
	z3.chain = "nev";
	create_project(f, &z3);
	/* Zone, industrial, signed 2023 then put on hold: still counted as signed. */
	struct project z4 = signed_project("Z4", "2023-06-01", 300, PROJECT_LOCATION_ZONE, true);
	z4.chain = "nev";
	z4.stage = STAGE_ON_HOLD;
	create_project(f, &z4);
	/* Chain supporting projects that landed in partner counties. */
	struct project c1 = signed_project("C1", "2023-05-01", 800, "370115", true);
	c1.chain = "nev";
	c1.channel = "chain";
	c1.chain_anchor_id = z1.id;
	create_project(f, &c1);
	struct project c2 = signed_project("C2", "2024-02-01", 50, "370126", false);
	c2.chain = "nev";
	c2.channel = "chain";
	c2.chain_anchor_id = z1.id;
	create_project(f, &c2);
	/* A county lead: not signed, so not counted as county_signed. */
	struct project c3 = lead_project("C3");
	c3.location = "370115";
	c3.has_investment = true;
	c3.total_investment = 70;
	create_project(f, &c3);

	assert_int_equal(store_stats_summary(f->s, &f->a, &sum), GL_OK);
	assert_int_equal(sum.projects, 7);
	assert_fig(sum.signed_industrial, 2, 1300);     /* Z1 + Z4 */
	assert_fig(sum.signed_all, 3, 1800);            /* Z1 + Z2 + Z4 */
	assert_fig(sum.county_signed, 2, 850);          /* C1 + C2, never in the zone's */
	assert_fig(sum.by_stage[STAGE_LEAD], 1, 200);   /* Z3 (C3 is not in the zone) */
	assert_fig(sum.by_stage[STAGE_NEGOTIATING], 0, 0);
	assert_fig(sum.by_stage[STAGE_SIGNED], 1, 1000);
	assert_fig(sum.by_stage[STAGE_STARTED], 1, 500);
	assert_fig(sum.by_stage[STAGE_PRODUCTION], 0, 0);
	assert_fig(sum.by_stage[STAGE_CAPACITY], 0, 0);
	assert_fig(sum.by_stage[STAGE_ON_HOLD], 1, 300);
	assert_fig(sum.by_stage[STAGE_DROPPED], 0, 0);

	/* By chain, in the chains' order: zone signed only. */
	assert_int_equal(sum.nchain, 2);
	assert_string_equal(sum.by_chain[0].key, "nev");
	assert_string_equal(sum.by_chain[0].name, "新能源汽车");
	assert_fig(sum.by_chain[0].fig, 2, 1300);
	assert_string_equal(sum.by_chain[1].key, "digital");
	assert_string_equal(sum.by_chain[1].name, "数字经济");
	assert_fig(sum.by_chain[1].fig, 1, 500);

	/* By year of signing. */
	assert_int_equal(sum.nyear, 2);
	assert_string_equal(sum.by_year[0].key, "2023");
	assert_fig(sum.by_year[0].fig, 2, 1300);
	assert_string_equal(sum.by_year[1].key, "2024");
	assert_fig(sum.by_year[1].fig, 1, 500);

	/* The lead is signed in 2024 and the 2023 industrial project becomes non-industrial:
	 * the figures follow the updates. */
	struct project got;
	verr_init(&errs);
	assert_int_equal(store_project_get(f->s, z3.id, NULL, &f->a, &got), GL_OK);
	got.stage = STAGE_SIGNED;
	got.signed_on = "2024-08-08";
	got.total_investment = 250;
	assert_int_equal(project_validate(&got, &errs), 0);
	assert_int_equal(store_project_update(f->s, &got, &f->a, &errs), GL_OK);
	assert_int_equal(store_project_get(f->s, z1.id, NULL, &f->a, &got), GL_OK);
	got.industrial = false;
	assert_int_equal(store_project_update(f->s, &got, &f->a, &errs), GL_OK);
	/* A stale update of the same project changes nothing. */
	got.version = 1;
	got.total_investment = 999999;
	assert_int_equal(store_project_update(f->s, &got, &f->a, &errs), GL_ECONFLICT);

	assert_int_equal(store_stats_summary(f->s, &f->a, &sum), GL_OK);
	assert_int_equal(sum.projects, 7);
	assert_fig(sum.signed_industrial, 2, 550);      /* Z3 + Z4 */
	assert_fig(sum.signed_all, 4, 2050);            /* Z1 + Z2 + Z3 + Z4 */
	assert_fig(sum.county_signed, 2, 850);
	assert_fig(sum.by_stage[STAGE_LEAD], 0, 0);
	assert_fig(sum.by_stage[STAGE_SIGNED], 2, 1250);
	assert_int_equal(sum.nchain, 2);
	assert_fig(sum.by_chain[0].fig, 3, 1550);
	assert_int_equal(sum.nyear, 2);
	assert_fig(sum.by_year[0].fig, 2, 1300);
	assert_fig(sum.by_year[1].fig, 2, 750);
}

/* county_signed is defined (stats_def_county_signed) as signed chain projects in partner
 * counties (济阳、商河等).  Jinan's ordinary districts and the city itself are neither the
 * zone nor partner counties, so a project located there belongs to no headline figure. */
static void test_stats_district_is_not_partner_county(void **state)
{
	struct fixture *f = *state;
	struct stats_summary sum;

	struct project c1 = signed_project("济阳配套", "2023-05-01", 800, "370115", true);
	create_project(f, &c1);
	struct project d1 = signed_project("天桥区项目", "2023-05-01", 70, "370105", true);
	create_project(f, &d1);
	struct project d2 = signed_project("历城区项目", "2023-05-01", 5, "370112", false);
	create_project(f, &d2);
	struct project m1 = signed_project("济南市项目", "2023-05-01", 3, "370100", false);
	create_project(f, &m1);

	assert_int_equal(store_stats_summary(f->s, &f->a, &sum), GL_OK);
	assert_int_equal(sum.projects, 4);
	assert_fig(sum.signed_all, 0, 0);
	assert_fig(sum.signed_industrial, 0, 0);
	assert_fig(sum.county_signed, 1, 800);
}

/* A test on a database that has not been migrated, or on one at the latest schema. */
#define ON_EMPTY(t) cmocka_unit_test_setup_teardown(t, setup_empty, teardown)
#define ON_MIGRATED(t) cmocka_unit_test_setup_teardown(t, setup_migrated, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ON_EMPTY(test_fresh_database_migrates),
		ON_MIGRATED(test_migrate_again_is_noop),
		ON_EMPTY(test_check_schema_unmigrated),
		ON_MIGRATED(test_newer_schema_refused),
		ON_EMPTY(test_newer_schema_applies_nothing),
		ON_MIGRATED(test_gap_is_filled),
		ON_MIGRATED(test_gap_that_fails_changes_nothing),
		ON_MIGRATED(test_enterprise_round_trip),
		ON_MIGRATED(test_enterprise_duplicate_and_unknown_industry),
		ON_MIGRATED(test_enterprise_stale_update),
		ON_MIGRATED(test_project_codes),
		ON_MIGRATED(test_project_dangling_references),
		ON_MIGRATED(test_delete_referenced_enterprise),
		ON_MIGRATED(test_transaction_rollback),
		ON_MIGRATED(test_stats_summary),
		ON_MIGRATED(test_stats_district_is_not_partner_county),
	};

	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
