/* commitq.h - group commit: one writer thread runs the writes of many requests in one
 * transaction, each in its own savepoint, and one fsync covers all of them.
 *
 * Committing each request on its own would cap writes at the disk's fsync rate.  A commit
 * queue takes what has been submitted while the previous batch was running (at most
 * max_batch jobs), runs it as:
 *
 *   BEGIN IMMEDIATE
 *     SAVEPOINT   job 1 (work)   RELEASE                  job 1 succeeded
 *     SAVEPOINT   job 2 (work)   ROLLBACK TO, RELEASE     job 2 failed: only its own changes go
 *     ...
 *   COMMIT                                                appended to the WAL, not yet synced
 *
 * (or, for rerun-safe jobs, without the savepoints: run_flat in commitq.c), and hands the
 * batch to a second thread, the syncer, which fdatasyncs the WAL once for every batch
 * committed since its last sync and only then calls each job's done(): an outcome reported
 * to a client is on disk.  Meanwhile the writer runs the next batch, so the disk's flush
 * and the next batch's work overlap instead of taking turns.  When the COMMIT itself fails,
 * every job of the batch gets GL_EDB; when the sync fails, GL_EIO.  docs/durability.md has
 * the reasoning.
 *
 * Threads: commitq_submit() may be called from any thread; work() runs on the writer
 * thread, one job at a time; done() on the writer thread (a batch that did not commit) or
 * the syncer thread.  A job and everything its work() touches must stay valid and
 * untouched by other threads until done() has been called.
 */
#ifndef GL_COMMITQ_H
#define GL_COMMITQ_H

#include <stdint.h>

#include "store.h"

struct commitq;

struct commitq_job {
	/* IN: the write, on the writer's connection inside the batch's transaction.  Its own
	 * store_start()/store_end() nest as savepoints, as they do inside store_begin(). */
	enum gl_err (*work)(struct store *s, void *arg);
	void *arg;
	/* IN: work() may be run again after its changes were rolled back, from the same arg,
	 * and then does the same as the first time (it resets whatever it changes in arg).
	 * Batches of such jobs run without a savepoint per job (see run_flat in commitq.c). */
	int rerun;
	struct actor actor;        /* whom the job's audit rows name (strings borrowed) */
	/* IN: called once the outcome is final (committed and synced to disk, or failed), on
	 * the writer or the syncer thread; must not block.  The job is the caller's again from
	 * here on. */
	void (*done)(struct commitq_job *job);
	void *done_arg;
	/* OUT: work()'s result; GL_EDB when the batch could not be committed. */
	enum gl_err rc;
	/* private */
	struct commitq_job *next;
};

/* Open a connection to the database at path for the writer thread and start it.  max_batch
 * bounds the jobs of one transaction (0: 256). */
enum gl_err commitq_start(const char *path, unsigned max_batch, struct commitq **out) WUR;

/* Queue job (its IN fields set); done() will be called exactly once. */
void commitq_submit(struct commitq *q, struct commitq_job *job);

/* Run every job already submitted, stop the writer thread and close its connection.  No
 * commitq_submit() may race with or follow it. */
void commitq_stop(struct commitq *q);

/* What the queue has done so far (for the log and the benchmark). */
struct commitq_stats {
	uint64_t batches, jobs, failed_commits;
	uint64_t syncs;            /* fdatasyncs of the WAL (one may cover several batches) */
	uint64_t reruns;           /* flat batches rolled back and run again in savepoints */
	unsigned largest_batch;
};
void commitq_stats(struct commitq *q, struct commitq_stats *out);

/* The connection's PRAGMA synchronous (2 = FULL: the WAL is fsynced at every commit; the
 * writer's own connection runs 1 = NORMAL, its syncer fsyncing instead). */
enum gl_err store_synchronous(struct store *s, int *out) WUR;

#endif
