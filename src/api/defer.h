/* defer.h - writes that join the server's group commit (src/store/commitq.h).
 *
 * A handler splits its write in two: work() changes the database (on the commit queue's
 * writer connection, inside a savepoint of a transaction shared with other requests) and
 * finish() answers once that transaction is on disk (on a worker thread, with the
 * request's own connection for reads).  Nothing the two share may live on the handler's
 * stack: keep it in req->arena.
 *
 * Without a group commit (tests driving handlers in-process, the demo loader) api_write()
 * runs work() on req->store and then finish() at once, so a handler has one code path.
 */
#ifndef GL_DEFER_H
#define GL_DEFER_H

#include "api.h"

struct api_write {
	/* Returns GL_OK to keep its changes; anything else rolls back only its savepoint. */
	enum gl_err (*work)(struct store *s, void *arg);
	/* rc is work()'s result (GL_EDB when the shared commit failed).  req->principal is the
	 * caller again.  Fills res; returns the status, as a handler does. */
	int (*finish)(struct request *req, struct response *res, enum gl_err rc, void *arg);
	void *arg;
	/* work() may run again after a rollback and then does the same (commitq_job.rerun). */
	int rerun;
};

/* Run w for req.  Returns finish()'s status, or 0 when the answer is pending (the handler
 * then returns 0 and leaves res alone). */
int api_write(struct request *req, struct response *res, const struct api_write *w);

#endif
