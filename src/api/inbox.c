/* inbox.c - GET /api/v1/appeals/inbox-counts: how many appeals each inbox tab of the web app
 * holds for the caller (to accept, to handle, due soon, overdue, supervised, all), in one
 * call, so that the tabs can carry badges.  docs/web-appeals.md. */
#include "resources.h"

#include <string.h>

#include "../domain/account.h"
#include "../store/store.h"

/* The tabs, in the order of the answer; "all" is the list without a view. */
static const char *const inbox_views[] = {
	"to_accept", "to_handle", "due_soon", "overdue", "supervised", "all",
};
enum { INBOX_VIEWS = sizeof(inbox_views) / sizeof(inbox_views[0]) };

int appeals_inbox_counts(struct request *req, struct response *res)
{
	/* The filters of GET /api/v1/appeals but the view and the page: the counts are those of
	 * the lists the page shows beside them (the inbox's category filter, for one). */
	static const char *const known[] = {"state", "unit", "category", "channel", "enterprise",
					    "project", "roundtable", "due", "supervised", "from",
					    "to", NULL};
	struct scope scope = principal_scope(req->principal);
	struct appeal_query qs[INBOX_VIEWS];
	int64_t totals[INBOX_VIEWS];
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	for (size_t i = 0; i < INBOX_VIEWS; i++) {
		/* What a view means (which states wait for whom, the due-soon window, today) is
		 * decided in one place, appeals_query_view(): each badge equals the total of
		 * the list it stands for.  "all" is the list without a view. */
		const char *view = strcmp(inbox_views[i], "all") ? inbox_views[i] : NULL;

		qs[i] = (struct appeal_query){.channel = -1, .supervised = -1, .scope = &scope};
		if ((status = appeals_query_view(req, res, NULL, view, &qs[i])))
			return status;
	}
	if ((rc = store_appeal_inbox_counts(req->store, qs, INBOX_VIEWS, totals)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *counts = json_object();
	for (size_t i = 0; i < INBOX_VIEWS; i++)
		json_object_set_new(counts, inbox_views[i], json_integer((json_int_t)totals[i]));
	return api_json(res, 200, json_pack("{s:o}", "counts", counts));
}
