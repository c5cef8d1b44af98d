/* defer.c - api_write(): a handler's write through the group commit (see defer.h). */
#include "defer.h"

#include <stddef.h>

#include "../domain/account.h"
#include "../store/commitq.h"
#include "resources.h"

/* Everything the second half needs, in the request's arena: the handler's stack frame and
 * routes.c's principal are gone by the time the commit is done. */
struct pending {
	struct commitq_job job;
	struct api_write w;
	struct principal principal;
	int has_principal;
};

static void finish(struct request *req, struct response *res, struct commitq_job *job)
{
	struct pending *p = (struct pending *)((char *)job - offsetof(struct pending, job));

	req->principal = p->has_principal ? &p->principal : NULL;
	if (req->principal)
		store_set_actor(req->store, &p->job.actor);
	p->w.finish(req, res, job->rc, p->w.arg);
	store_set_actor(req->store, NULL);
	req->principal = NULL;
	/* As routes_dispatch() would have after the handler. */
	open311_reshape(req, res);
}

int api_write(struct request *req, struct response *res, const struct api_write *w)
{
	struct pending *p;

	if (!req->defer)
		return w->finish(req, res, w->work(req->store, w->arg), w->arg);
	if (!(p = arena_alloc(req->arena, sizeof(*p))))
		return api_fail(res, GL_ENOMEM, NULL);
	*p = (struct pending){.w = *w};
	p->job.work = w->work;
	p->job.arg = w->arg;
	p->job.rerun = w->rerun;
	if (req->principal) {
		p->principal = *req->principal;
		p->has_principal = 1;
		p->job.actor = (struct actor){req->principal->user_id, req->principal->username,
					      req->address};
	}
	req->defer(req, &p->job, finish);
	return 0;
}
