/* test_commitq.c - the group commit (src/store/commitq.c) on a migrated database in a fresh
 * temporary directory: jobs of one batch share a transaction, a failing job rolls back only
 * its own savepoint, each job's audit rows name its own actor, a job is answered only after
 * the WAL holding its commit was synced, and connections commit with synchronous=FULL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/commitq.h"
#include "store/store.h"
#include "util/arena.h"

struct fixture {
	char dir[256];
	char path[320];
	struct store *s;
};

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fixture *f = calloc(1, sizeof(*f));
	int from, to;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-commitq-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/guanlan.db", f->dir);
	if (store_open(f->path, &f->s) != GL_OK || store_migrate(f->s, &from, &to) != GL_OK) {
		store_close(f->s);
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	const char *suffix[] = {"", "-wal", "-shm"};
	char p[400];

	store_close(f->s);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- jobs ----------------------------------------------------------------------------- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int finished, gate_open, gate_entered;

struct create {
	struct commitq_job job;
	struct enterprise e;
	struct arena a;
	struct verrors errs;
	int fail_after;   /* create, then refuse: the savepoint must take the row back */
};

static enum gl_err create_work(struct store *s, void *arg)
{
	struct create *c = arg;
	enum gl_err rc = store_enterprise_create(s, &c->e, &c->a, &c->errs);

	return rc == GL_OK && c->fail_after ? GL_EINVALID : rc;
}

/* Holds the writer until the test has queued the rest, so that they form one batch. */
static enum gl_err gate_work(struct store *s, void *arg)
{
	(void)s;
	(void)arg;
	pthread_mutex_lock(&mu);
	gate_entered = 1;
	pthread_cond_broadcast(&cv);
	while (!gate_open)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return GL_OK;
}

static void done(struct commitq_job *job)
{
	(void)job;
	pthread_mutex_lock(&mu);
	finished++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void create_init(struct create *c, const char *name, const char *credit_code,
			const char *user, int64_t user_id)
{
	memset(c, 0, sizeof(*c));
	arena_init(&c->a);
	verr_init(&c->errs);
	c->e.name = name;
	c->e.credit_code = credit_code;
	c->job.work = create_work;
	c->job.arg = c;
	c->job.actor = (struct actor){user_id, user, "10.0.0.1"};
	c->job.done = done;
}

static int64_t count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void test_batch_savepoints(void **state)
{
	struct fixture *f = *state;
	struct commitq *q;
	struct commitq_job gate = {.work = gate_work, .done = done};
	struct create c[4];
	struct commitq_stats st;

	finished = gate_open = gate_entered = 0;
	create_init(&c[0], "甲公司", "91350100M000100Y43", "alice", 11);
	create_init(&c[1], "乙公司", NULL, "bob", 12);
	c[1].fail_after = 1;
	create_init(&c[2], "丙公司", NULL, "carol", 13);
	/* The credit code of 甲: refused by the store itself (GL_EDUPLICATE). */
	create_init(&c[3], "丁公司", "91350100M000100Y43", "dave", 14);

	assert_int_equal(commitq_start(f->path, 0, &q), GL_OK);
	commitq_submit(q, &gate);
	pthread_mutex_lock(&mu);
	while (!gate_entered)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < 4; i++)
		commitq_submit(q, &c[i].job);
	pthread_mutex_lock(&mu);
	gate_open = 1;
	pthread_cond_broadcast(&cv);
	while (finished < 5)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	commitq_stats(q, &st);
	commitq_stop(q);

	assert_int_equal(gate.rc, GL_OK);
	assert_int_equal(c[0].job.rc, GL_OK);
	assert_int_equal(c[1].job.rc, GL_EINVALID);
	assert_int_equal(c[2].job.rc, GL_OK);
	assert_int_equal(c[3].job.rc, GL_EDUPLICATE);
	/* The gate alone, then the four queued behind it in one transaction. */
	assert_int_equal(st.batches, 2);
	assert_int_equal(st.jobs, 5);
	assert_int_equal(st.largest_batch, 4);
	assert_int_equal(st.failed_commits, 0);

	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise"), 2);
	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise WHERE name = '甲公司'"), 1);
	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise WHERE name = '丙公司'"), 1);
	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise"
				       " WHERE name IN ('乙公司', '丁公司')"), 0);
	/* Each job's audit row names its own actor; the refused ones left none. */
	assert_int_equal(count(f->path, "SELECT count(*) FROM audit WHERE entity = 'enterprise'"), 2);
	assert_int_equal(count(f->path, "SELECT user_id FROM audit WHERE entity = 'enterprise'"
				       " AND username = 'alice'"), 11);
	assert_int_equal(count(f->path, "SELECT user_id FROM audit WHERE entity = 'enterprise'"
				       " AND username = 'carol'"), 13);
	for (int i = 0; i < 4; i++)
		arena_release(&c[i].a);
}

static void test_stop_runs_queued(void **state)
{
	struct fixture *f = *state;
	struct commitq *q;
	struct create c;

	finished = 0;
	gate_open = 1;
	create_init(&c, "戊公司", NULL, "erin", 15);
	assert_int_equal(commitq_start(f->path, 0, &q), GL_OK);
	commitq_submit(q, &c.job);
	commitq_stop(q);     /* runs what was queued before returning */
	assert_int_equal(finished, 1);
	assert_int_equal(c.job.rc, GL_OK);
	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise WHERE name = '戊公司'"), 1);
	arena_release(&c.a);
}

/* A job's done() comes after the fdatasync of the WAL that holds its commit: the syncer
 * counts the sync before it answers. */
static struct commitq *watched;
static uint64_t syncs_seen_by_done;

static void done_after_sync(struct commitq_job *job)
{
	struct commitq_stats st;

	commitq_stats(watched, &st);
	syncs_seen_by_done = st.syncs;
	done(job);
}

static void test_done_after_sync(void **state)
{
	struct fixture *f = *state;
	struct commitq_stats st;
	struct create c;

	finished = 0;
	syncs_seen_by_done = 0;
	create_init(&c, "己公司", NULL, "frank", 16);
	c.job.done = done_after_sync;
	assert_int_equal(commitq_start(f->path, 0, &watched), GL_OK);
	commitq_submit(watched, &c.job);
	pthread_mutex_lock(&mu);
	while (finished < 1)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	commitq_stats(watched, &st);
	commitq_stop(watched);
	assert_int_equal(c.job.rc, GL_OK);
	assert_int_equal(syncs_seen_by_done, 1);
	assert_int_equal(st.syncs, 1);
	assert_int_equal(st.batches, 1);
	assert_int_equal(count(f->path, "SELECT count(*) FROM enterprise WHERE name = '己公司'"), 1);
	arena_release(&c.a);
}

static void test_synchronous_full(void **state)
{
	struct fixture *f = *state;
	int level = -1;

	assert_int_equal(store_synchronous(f->s, &level), GL_OK);
	assert_int_equal(level, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_savepoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_runs_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_done_after_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_synchronous_full, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
