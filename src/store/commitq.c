/* commitq.c - the group commit's writer and syncer threads (see commitq.h). */
#define _GNU_SOURCE  /* pthread_setname_np */
#include "commitq.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "search-int.h"
#include "store-int.h"
#include "../util/log.h"

struct commitq {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	struct commitq_job *head, *tail;
	int stopping;
	unsigned max_batch;
	struct store *s;              /* the writer thread's own connection */
	pthread_t thread;
	struct commitq_stats stats;   /* under mu */
	/* The syncer: jobs of committed batches waiting for the fsync of the WAL (under mu). */
	pthread_cond_t sync_wake;
	struct commitq_job *unsynced, *unsynced_tail;
	int writer_gone;
	pthread_t syncer_thread;
	/* The syncer's own descriptor of the WAL file (only the syncer touches these). */
	const char *wal_path;         /* sqlite3_filename_wal(): valid while s is open */
	int wal_fd;
	dev_t wal_dev;
	ino_t wal_ino;
};

/* The engine may end the whole transaction on its own (SQLITE_FULL, SQLITE_IOERR, ...):
 * then the jobs that had already succeeded in this batch are gone with it. */
static int in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

static void fail_all(struct commitq_job *batch, enum gl_err rc)
{
	for (struct commitq_job *j = batch; j; j = j->next)
		if (j->rc == GL_OK)
			j->rc = rc;
}

/* The fast path: the whole batch without savepoints.  A savepoint per job is the costly
 * part of a job that succeeds: every page it changes is first copied to the statement
 * journal, and every FTS5 table written in the transaction flushes its pending terms at
 * every savepoint.  Jobs rarely fail, so run them flat and, when one does (or anything
 * nested in one does: s->spoiled), roll the whole transaction back and let the caller run
 * the batch again job by job in savepoints.  Only for batches whose jobs are all rerun-safe.
 * Returns 1 committed, 0 the COMMIT failed (every rc set), -1 rolled back, to be rerun. */
static int run_flat(struct store *s, struct commitq_job *batch)
{
	enum gl_err rc = store_start(s);

	if (rc != GL_OK)
		return -1;
	s->flat = 1;
	s->spoiled = 0;
	search_later_begin(s);
	for (struct commitq_job *j = batch; j; j = j->next) {
		store_set_actor(s, &j->actor);
		if ((rc = store_start(s)) == GL_OK)
			rc = store_end(s, j->work(s, j->arg));
		j->rc = rc;
		if (rc != GL_OK || s->spoiled || !in_transaction(s))
			break;
	}
	s->flat = 0;
	store_set_actor(s, NULL);
	/* The search index of the whole batch, still inside its transaction. */
	if (rc == GL_OK && !s->spoiled && in_transaction(s))
		rc = search_later_run(s);
	search_later_drop(s);
	if (rc != GL_OK || s->spoiled || !in_transaction(s)) {
		(void)store_end(s, GL_EDB);   /* ROLLBACK (or only the depth, if already gone) */
		return -1;
	}
	/* The COMMIT (synchronous=NORMAL: the syncer writes it to disk before any answer). */
	if (store_end(s, GL_OK) != GL_OK) {
		fail_all(batch, GL_EDB);
		return 0;
	}
	return 1;
}

static int all_rerun(const struct commitq_job *batch)
{
	for (const struct commitq_job *j = batch; j; j = j->next)
		if (!j->rerun)
			return 0;
	return 1;
}

/* Run one batch in one transaction; every job gets its rc.  Returns whether it committed. */
static int run_batch(struct commitq *q, struct commitq_job *batch)
{
	struct store *s = q->s;
	enum gl_err rc;

	if (all_rerun(batch)) {
		int flat = run_flat(s, batch);

		if (flat >= 0)
			return flat;
		pthread_mutex_lock(&q->mu);
		q->stats.reruns++;
		pthread_mutex_unlock(&q->mu);
		for (struct commitq_job *j = batch; j; j = j->next)
			j->rc = GL_OK;
	}
	rc = store_start(s);

	if (rc != GL_OK) {
		for (struct commitq_job *j = batch; j; j = j->next)
			j->rc = rc;
		return 0;
	}
	for (struct commitq_job *j = batch; j; j = j->next) {
		store_set_actor(s, &j->actor);
		if ((rc = store_start(s)) == GL_OK)
			rc = store_end(s, j->work(s, j->arg));
		j->rc = rc;
		if (!in_transaction(s)) {
			log_error("commitq: the transaction was rolled back under a batch; failing it");
			for (struct commitq_job *k = batch; k; k = k->next)
				k->rc = GL_EDB;
			store_set_actor(s, NULL);
			(void)store_end(s, GL_EDB);   /* only restores the nesting depth */
			return 0;
		}
	}
	store_set_actor(s, NULL);
	/* The COMMIT (synchronous=NORMAL: the syncer writes it to disk before any answer). */
	if ((rc = store_end(s, GL_OK)) != GL_OK) {
		fail_all(batch, GL_EDB);
		return 0;
	}
	return 1;
}

/* Each job's done(), which hands the job back: read next first. */
static void finish(struct commitq_job *jobs)
{
	for (struct commitq_job *j = jobs, *next; j; j = next) {
		next = j->next;
		j->done(j);
	}
}

static void *writer(void *arg)
{
	struct commitq *q = arg;

	/* Named, so that per-thread CPU (top -H, /proc/PID/task) tells it from the workers. */
	pthread_setname_np(pthread_self(), "commitq");
	for (;;) {
		struct commitq_job *batch, *last;
		unsigned n = 1;

		pthread_mutex_lock(&q->mu);
		while (!q->head && !q->stopping)
			pthread_cond_wait(&q->wake, &q->mu);
		if (!q->head) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		/* Whatever arrived while the last batch was being committed, up to max_batch. */
		batch = last = q->head;
		while (last->next && n < q->max_batch) {
			last = last->next;
			n++;
		}
		q->head = last->next;
		if (!q->head)
			q->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&q->mu);

		int committed = run_batch(q, batch);

		pthread_mutex_lock(&q->mu);
		q->stats.batches++;
		q->stats.jobs += n;
		if (!committed)
			q->stats.failed_commits++;
		if (n > q->stats.largest_batch)
			q->stats.largest_batch = n;
		pthread_mutex_unlock(&q->mu);

		if (committed) {
			/* Committed, not yet on disk: the syncer answers once it is, while this
			 * thread goes on with the next batch. */
			pthread_mutex_lock(&q->mu);
			if (q->unsynced_tail)
				q->unsynced_tail->next = batch;
			else
				q->unsynced = batch;
			q->unsynced_tail = last;
			pthread_cond_signal(&q->sync_wake);
			pthread_mutex_unlock(&q->mu);
		} else {
			finish(batch);
		}
	}
	return NULL;
}

/* fdatasync the WAL through the syncer's own descriptor, opened again if the file was
 * replaced (a WAL is deleted when the last connection to the database closes, which the
 * writer's open connection prevents; checked anyway, at the cost of a stat).  On Linux an
 * fsync of any descriptor of a file writes back every dirty page of it, whoever wrote it. */
static enum gl_err wal_sync(struct commitq *q)
{
	struct stat now;

	if (stat(q->wal_path, &now) != 0) {
		log_error("commitq: stat %s: %s", q->wal_path, strerror(errno));
		return GL_EIO;
	}
	if (q->wal_fd < 0 || now.st_dev != q->wal_dev || now.st_ino != q->wal_ino) {
		int fd = open(q->wal_path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			log_error("commitq: open %s: %s", q->wal_path, strerror(errno));
			return GL_EIO;
		}
		if (q->wal_fd >= 0)
			close(q->wal_fd);
		q->wal_fd = fd;
		q->wal_dev = now.st_dev;
		q->wal_ino = now.st_ino;
	}
	if (fdatasync(q->wal_fd) != 0) {
		log_error("commitq: fdatasync %s: %s", q->wal_path, strerror(errno));
		return GL_EIO;
	}
	return GL_OK;
}

/* The syncer: one fdatasync of the WAL for every batch committed since the last one, then
 * their answers.  The writer has already started on the next batch meanwhile. */
static void *syncer(void *arg)
{
	struct commitq *q = arg;

	pthread_setname_np(pthread_self(), "commitq-sync");
	for (;;) {
		struct commitq_job *jobs;

		pthread_mutex_lock(&q->mu);
		while (!q->unsynced && !q->writer_gone)
			pthread_cond_wait(&q->sync_wake, &q->mu);
		jobs = q->unsynced;
		q->unsynced = q->unsynced_tail = NULL;
		pthread_mutex_unlock(&q->mu);
		if (!jobs)
			break;
		if (wal_sync(q) != GL_OK) {
			/* Committed but not known to be on disk: not acknowledged as done. */
			log_error("commitq: a committed batch could not be synced; its requests fail");
			fail_all(jobs, GL_EIO);
		}
		pthread_mutex_lock(&q->mu);
		q->stats.syncs++;
		pthread_mutex_unlock(&q->mu);
		finish(jobs);
	}
	return NULL;
}

enum gl_err commitq_start(const char *path, unsigned max_batch, struct commitq **out)
{
	struct commitq *q = calloc(1, sizeof(*q));
	enum gl_err rc;

	*out = NULL;
	if (!q)
		return GL_ENOMEM;
	q->max_batch = max_batch ? max_batch : 256;
	q->wal_fd = -1;
	if ((rc = store_open(path, &q->s)) != GL_OK) {
		free(q);
		return rc;
	}
	/* This connection's COMMIT does not fsync: the syncer does, before any answer.  Its
	 * statement journals (every INSERT that fires a trigger opens one) stay in memory: past
	 * 64 KiB SQLite spills them to a temporary file, created and unlinked per batch, and a
	 * batch's search insert always passed that.  (It checkpoints every 8,192 pages, as every
	 * connection does: store_open.)  Its page cache is 64 MiB, not 8: every write passes
	 * here, and with 8 it read back from the WAL the index pages it had written a few batches
	 * before. */
	if (sqlite3_exec(q->s->db, "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;"
			 " PRAGMA cache_size = -65536", NULL, NULL, NULL) != SQLITE_OK ||
	    !(q->wal_path = sqlite3_filename_wal(sqlite3_db_filename(q->s->db, "main")))) {
		rc = store_fail(q->s, "commitq: configure the writer's connection");
		store_close(q->s);
		free(q);
		return rc;
	}
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->wake, NULL);
	pthread_cond_init(&q->sync_wake, NULL);
	if (pthread_create(&q->syncer_thread, NULL, syncer, q) != 0) {
		rc = GL_ENOMEM;
	} else if (pthread_create(&q->thread, NULL, writer, q) != 0) {
		pthread_mutex_lock(&q->mu);
		q->writer_gone = 1;
		pthread_cond_signal(&q->sync_wake);
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->syncer_thread, NULL);
		rc = GL_ENOMEM;
	}
	if (rc != GL_OK) {
		pthread_cond_destroy(&q->sync_wake);
		pthread_cond_destroy(&q->wake);
		pthread_mutex_destroy(&q->mu);
		store_close(q->s);
		free(q);
		return rc;
	}
	*out = q;
	return GL_OK;
}

void commitq_submit(struct commitq *q, struct commitq_job *job)
{
	job->next = NULL;
	job->rc = GL_OK;
	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->mu);
}

void commitq_stop(struct commitq *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopping = 1;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	/* The writer has handed over its last batch: the syncer syncs it and ends. */
	pthread_mutex_lock(&q->mu);
	q->writer_gone = 1;
	pthread_cond_signal(&q->sync_wake);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->syncer_thread, NULL);
	if (q->wal_fd >= 0)
		close(q->wal_fd);
	pthread_cond_destroy(&q->sync_wake);
	pthread_cond_destroy(&q->wake);
	pthread_mutex_destroy(&q->mu);
	store_close(q->s);
	free(q);
}

void commitq_stats(struct commitq *q, struct commitq_stats *out)
{
	pthread_mutex_lock(&q->mu);
	*out = q->stats;
	pthread_mutex_unlock(&q->mu);
}

enum gl_err store_synchronous(struct store *s, int *out)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	enum gl_err rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA synchronous", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, "PRAGMA synchronous");
	rc = step_int(s, st, &v);
	sqlite3_finalize(st);
	*out = (int)v;
	return rc;
}
