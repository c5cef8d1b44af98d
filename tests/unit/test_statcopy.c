/* test_statcopy.c - the in-memory copy of stat_fact (src/store/statcopy.c) answers every
 * /stats shape with exactly the groups and figures of the rollups, before and after writes
 * (a stage move, funds, a deletion, a bulk rebuild, a log pruned past the copy), and a write
 * is visible to the next query. */
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

struct fx {
	char dir[256], path[300];
	struct store *s;
};

static void exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	int r = sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (r != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
	assert_int_equal(r, SQLITE_OK);
	sqlite3_close(db);
}

static int64_t one(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* 900 projects whose every dimension is drawn apart (some missing), signed, started, in
 * production and at capacity over 2022-2024, and funds reports for the started ones. */
static const char fixture[] =
	"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 900)"
	" INSERT INTO project (code, name, industry_code, chain, channel, stage, total_investment,"
	" location, signed_on, started_on, production_on, capacity_on, industrial, unit_id,"
	" created_at, updated_at)"
	" SELECT 'T-' || i, 'p' || i,"
	" CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN '0111' WHEN 2 THEN '5111' WHEN 3 THEN '3511'"
	"  ELSE '6511' END,"
	" CASE i % 7 WHEN 0 THEN NULL WHEN 1 THEN 'nev' WHEN 2 THEN 'digital' WHEN 3 THEN 'biomed'"
	"  WHEN 4 THEN 'robot' WHEN 5 THEN 'energy' ELSE 'newmat' END,"
	" CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN 'agency' WHEN 2 THEN 'expo' ELSE 'fund' END,"
	" CASE i % 6 WHEN 0 THEN 'signed' WHEN 1 THEN 'started' WHEN 2 THEN 'production'"
	"  WHEN 3 THEN 'capacity' WHEN 4 THEN 'on_hold' ELSE 'dropped' END,"
	" CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 37) % 20000 END,"
	" CASE i % 3 WHEN 0 THEN 'zone' WHEN 1 THEN '370112' ELSE '370126' END,"
	" date('2022-01-01', '+' || ((i * 13) % 1090) || ' days'),"
	" CASE WHEN i % 6 BETWEEN 1 AND 4 THEN date('2022-03-01', '+' || ((i * 17) % 1000) || ' days') END,"
	" CASE WHEN i % 6 IN (2, 3) THEN date('2022-06-01', '+' || ((i * 19) % 900) || ' days') END,"
	" CASE WHEN i % 6 = 3 THEN date('2022-09-01', '+' || ((i * 23) % 800) || ' days') END,"
	" (i / 2) % 2, CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + i % 13 END,"
	" '2022-01-01T00:00:00', '2022-01-01T00:00:00' FROM k;"
	"INSERT INTO project_funds (project_id, month, amount)"
	" SELECT id, substr(date(started_on, '+' || m.j || ' months'), 1, 7), 1 + (id * 7 + m.j) % 500"
	" FROM project, (SELECT 0 AS j UNION ALL SELECT 1 UNION ALL SELECT 4) m"
	" WHERE started_on IS NOT NULL;";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	int from, to;

	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (store_open(f->path, &f->s) != GL_OK || store_migrate(f->s, &from, &to) != GL_OK)
		return -1;
	exec(f->path, fixture);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char p[320];

	store_stats_copy_mode(STATS_COPY_FACT);
	store_close(f->s);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The same rows, in the same order, with the same keys, names and figures. */
static void assert_same(const struct stats_result *x, const struct stats_result *y,
			const char *what)
{
	if (x->n != y->n)
		fail_msg("%s: %zu rows from the copy, %zu from the rollups", what, x->n, y->n);
	for (size_t i = 0; i < x->n; i++) {
		const struct stats_row *a = &x->rows[i], *b = &y->rows[i];
		if (!same_str(a->period, b->period))
			fail_msg("%s: row %zu period", what, i);
		for (int d = 0; d < SD__MAX; d++)
			if (!same_str(a->key[d].code, b->key[d].code) ||
			    !same_str(a->key[d].name, b->key[d].name))
				fail_msg("%s: row %zu key %s: %s / %s", what, i, stats_dim_codes[d],
					 a->key[d].code ? a->key[d].code : "null",
					 b->key[d].code ? b->key[d].code : "null");
		for (int m = 0; m < SM__MAX; m++)
			if (a->v[m].count != b->v[m].count || a->v[m].amount_wan != b->v[m].amount_wan)
				fail_msg("%s: row %zu %s: %lld/%lld vs %lld/%lld", what, i,
					 stats_measures[m].code, (long long)a->v[m].count,
					 (long long)a->v[m].amount_wan, (long long)b->v[m].count,
					 (long long)b->v[m].amount_wan);
	}
	for (int m = 0; m < SM__MAX; m++)
		if (x->total[m].count != y->total[m].count ||
		    x->total[m].amount_wan != y->total[m].amount_wan)
			fail_msg("%s: total %s", what, stats_measures[m].code);
}

static const int64_t scope_units[] = {2, 5, 11};

/* Every grouping of the six dimensions (every step-th), each period, several filters and ranges: the copy
 * and the rollups agree.  Returns the rows seen (so that a test can tell it compared
 * something). */
static size_t compare_all(struct store *s, unsigned step)
{
	static const struct { const char *from, *to; } ranges[] = {
		{"", ""}, {"2023-01", "2023-12"}, {"2022-03", "2024-05"}, {"2024-02", "2024-02"},
	};
	struct scope scope = {.unit_ids = scope_units, .nunits = 3, .restricted = true};
	struct scope none = {.restricted = true};
	size_t rows = 0;

	for (unsigned dims = 0; dims < (1u << SD__MAX); dims += step)
		for (int p = SP_NONE; p <= SP_MONTH; p++)
			for (int fl = 0; fl < 6; fl++) {
				struct stats_query q = {
					.measures = (1u << SM__MAX) - 1, .period = p, .dims = dims,
					.industrial = fl == 1 ? 1 : -1,
					.location = fl == 2 ? "zone" : NULL,
					.unit_id = fl == 3 ? 5 : 0,
					.scope = fl == 4 ? &scope : fl == 5 && dims == 3 ? &none : NULL,
				};
				size_t ri = (dims + (unsigned)p + (unsigned)fl) % 4;
				if (fl == 1)
					q.measures = 1u << SM_SIGNED | 1u << SM_FUNDS;
				strcpy(q.from, ranges[ri].from);
				strcpy(q.to, ranges[ri].to);
				struct arena a;
				struct stats_result x, y;
				char what[96];
				arena_init(&a);
				store_stats_copy_mode(STATS_COPY_ALWAYS);
				assert_int_equal(store_stats_query(s, &q, &a, &x), GL_OK);
				store_stats_copy_mode(STATS_COPY_OFF);
				assert_int_equal(store_stats_query(s, &q, &a, &y), GL_OK);
				snprintf(what, sizeof(what), "dims %#x period %d filter %d range %zu",
					 dims, p, fl, ri);
				assert_same(&x, &y, what);
				rows += x.n;
				arena_release(&a);
			}
	return rows;
}

/* The signed projects in stage st, from the copy (every unit, no period). */
static int64_t signed_in_stage(struct store *s, const char *st)
{
	struct stats_query q = {.measures = 1u << SM_SIGNED,
				.dims = 1u << SD_STAGE | 1u << SD_CHAIN | 1u << SD_CHANNEL,
				.industrial = -1};
	struct arena a;
	struct stats_result r;
	int64_t n = 0;

	arena_init(&a);
	store_stats_copy_mode(STATS_COPY_FACT); /* three fine dimensions: the copy's by default */
	assert_int_equal(store_stats_query(s, &q, &a, &r), GL_OK);
	for (size_t i = 0; i < r.n; i++)
		if (r.rows[i].key[SD_STAGE].code && strcmp(r.rows[i].key[SD_STAGE].code, st) == 0)
			n += r.rows[i].v[SM_SIGNED].count;
	arena_release(&a);
	return n;
}

static void test_equivalent(void **state)
{
	struct fx *f = *state;

	/* By hand from the fixture: i % 6 = 0 → 'signed', 150 of the 900, all signed. */
	assert_int_equal(signed_in_stage(f->s, "signed"), 150);
	assert_true(compare_all(f->s, 1) > 10000);
}

static void test_after_writes(void **state)
{
	struct fx *f = *state;

	assert_int_equal(signed_in_stage(f->s, "signed"), 150);
	assert_int_equal(signed_in_stage(f->s, "on_hold"), 150);

	/* Freshness: a stage move shows in the next query. */
	exec(f->path, "UPDATE project SET stage = 'on_hold' WHERE id = 6");
	assert_int_equal(signed_in_stage(f->s, "signed"), 149);
	assert_int_equal(signed_in_stage(f->s, "on_hold"), 151);

	/* New keys (a new project, a new month), funds, a deletion, a changed amount. */
	exec(f->path,
	     "INSERT INTO project (code, name, chain, channel, stage, total_investment, location,"
	     " signed_on, industrial, unit_id, created_at, updated_at) VALUES ('T-new', 'n',"
	     " 'space', 'online', 'signed', 777, '370105', '2025-07-09', 1, 13, '2025-07-09',"
	     " '2025-07-09');"
	     "INSERT INTO project_funds (project_id, month, amount) VALUES (6, '2025-08', 9);"
	     "DELETE FROM project_funds WHERE project_id = 7;"
	     "DELETE FROM project WHERE id = 12 AND NOT EXISTS"
	     " (SELECT 1 FROM project_funds WHERE project_id = 12);"
	     "UPDATE project SET total_investment = 5, chain = NULL WHERE id BETWEEN 30 AND 60;"
	     "UPDATE project SET signed_on = NULL, stage = 'negotiating' WHERE id = 18;");
	/* 149, plus the new project, less 12 (deleted) and 18 (moved back before 签约) */
	assert_int_equal(signed_in_stage(f->s, "signed"), 148);
	compare_all(f->s, 5);

	/* A log pruned past the copy: it reads stat_fact again. */
	int64_t head = one(f->path, "SELECT max(seq) FROM stat_log");
	exec(f->path, "UPDATE project SET stage = 'dropped' WHERE id = 24");
	char sql[128];
	snprintf(sql, sizeof(sql), "DELETE FROM stat_log WHERE seq = %lld", (long long)head + 1);
	exec(f->path, sql);
	assert_int_equal(signed_in_stage(f->s, "dropped"), 151);
	compare_all(f->s, 5);

	/* A bulk rebuild (guanlan gen) marks the log: the copy starts over. */
	assert_int_equal(store_stats_bulk(f->s, 1), GL_OK);
	exec(f->path, "UPDATE project SET stage = 'signed' WHERE id = 24");
	assert_int_equal(store_stats_bulk(f->s, 0), GL_OK);
	assert_int_equal(signed_in_stage(f->s, "dropped"), 150);
	compare_all(f->s, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_equivalent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_after_writes, setup, teardown),
	};

	return cmocka_run_group_tests_name("statcopy", tests, NULL, NULL);
}
