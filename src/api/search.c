/* search.c - GET /api/v1/search: one box over every kind the index holds (docs/search.md).
 *
 * The store ranks and scopes; this file turns the markers FTS5 put around hits into
 * {text, hits: [[start, length]...]} in code points, so no HTML travels in JSON.
 */
#include "api.h"
#include "auth.h"
#include "resources.h"

#include <string.h>

#include "../search/marks.h"
#include "../store/store.h"

enum { SEARCH_Q_MAX = 200, SEARCH_MAX_HITS = 32 };

static json_t *marked(const char *in, struct arena *a)
{
	struct mark_hit hits[SEARCH_MAX_HITS];
	char *text = arena_alloc(a, strlen(in) + 1);
	size_t n;

	if (!text)
		return json_null();
	n = marks_parse(in, text, hits, SEARCH_MAX_HITS);
	json_t *h = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(h, json_pack("[I, I]", (json_int_t)hits[i].start,
						   (json_int_t)hits[i].len));
	return json_pack("{s:s, s:o}", "text", text, "hits", h);
}

int search_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"q", "type", "limit", "offset", NULL};
	struct scope scope = principal_scope(req->principal);
	struct search_query q = {.kind = -1, .scope = &scope};
	struct search_result r;
	const char *type = NULL;
	int64_t limit, offset;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "q", &q.q)) ||
	    (status = api_query_str(req, res, "type", &type)) ||
	    (status = api_query_int(req, res, "limit", 1, 50, 10, &limit)) ||
	    (status = api_query_int(req, res, "offset", 0, 10000, 0, &offset)))
		return status;
	if (!q.q || !*q.q)
		return api_error(res, 400, "bad_parameter", "q", "q is required");
	if (strlen(q.q) > SEARCH_Q_MAX)
		return api_error(res, 400, "bad_parameter", "q", "q is at most %d bytes",
				 SEARCH_Q_MAX);
	if (type) {
		for (int k = 0; k < SEARCH_KIND__MAX; k++)
			if (strcmp(type, search_kind_names[k]) == 0)
				q.kind = k;
		if (q.kind < 0)
			return api_error(res, 400, "bad_parameter", "type",
					 "type must be one of enterprise, project, appeal, roundtable, problem,"
					 " followup");
	}
	q.limit = (int)limit;
	q.offset = (int)offset;
	if ((rc = store_search(req->store, &q, req->arena, &r)) != GL_OK)
		return api_fail(res, rc, NULL);

	json_t *groups = json_array();
	json_int_t total = 0;
	for (int k = 0; k < SEARCH_KIND__MAX; k++) {
		const struct search_group *g = &r.groups[k];
		if (q.kind >= 0 && q.kind != k)
			continue;
		json_t *items = json_array();
		for (int i = 0; i < g->n; i++) {
			const struct search_hit *h = &g->items[i];
			json_array_append_new(items, json_pack(
				"{s:s, s:I, s:s, s:s?, s:b, s:o, s:o}", "type", search_kind_names[k],
				"id", (json_int_t)h->id, "name", h->label,
				"code", h->key && *h->key ? h->key : NULL, "exact", h->exact,
				"title", marked(h->title ? h->title : "", req->arena),
				"snippet", h->snippet && *h->snippet ? marked(h->snippet, req->arena)
								     : json_null()));
		}
		bool capped = g->count > SEARCH_COUNT_CAP || g->partial;
		json_int_t count = g->count > SEARCH_COUNT_CAP ? SEARCH_COUNT_CAP : (json_int_t)g->count;
		total += count;
		json_array_append_new(groups, json_pack("{s:s, s:I, s:b, s:o}", "type",
							search_kind_names[k], "count", count,
							"count_capped", capped, "items", items));
	}
	return api_json(res, 200, json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:o}", "q", q.q,
					    "normalised", r.normalised ? r.normalised : "",
					    "short_query", r.short_query, "total", total,
					    "limit", (json_int_t)limit, "offset", (json_int_t)offset,
					    "groups", groups));
}
