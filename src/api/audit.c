/* audit.c - /api/v1/audit: the audit trail, for admins and leaders. */
#include "resources.h"

#include "../store/store.h"

int audit_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"entity", "entity_id", "user_id", "action", "since",
					    "until", "limit", "offset", NULL};
	struct audit_query q = {0};
	struct audit_page page;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "entity", &q.entity)) ||
	    (status = api_query_int(req, res, "entity_id", 1, INT64_MAX, 0, &q.entity_id)) ||
	    (status = api_query_int(req, res, "user_id", 1, INT64_MAX, 0, &q.user_id)) ||
	    (status = api_query_str(req, res, "action", &q.action)) ||
	    (status = api_query_str(req, res, "since", &q.since)) ||
	    (status = api_query_str(req, res, "until", &q.until)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, 50, &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	if ((rc = store_audit_list(req->store, &q, req->arena, &page)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++) {
		const struct audit_entry *e = &page.items[i];
		json_t *changes = json_array();

		for (int k = 0; k < e->changes.n; k++)
			json_array_append_new(changes, json_pack("{s:s, s:o, s:o}",
				"field", e->changes.items[k].field,
				"before", api_str(e->changes.items[k].before),
				"after", api_str(e->changes.items[k].after)));
		json_array_append_new(items, json_pack(
			"{s:I, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)e->id,
			"at", e->at, "user_id", e->user_id ? json_integer(e->user_id) : json_null(),
			"username", e->username, "address", api_str(e->address),
			"action", e->action, "entity", api_str(e->entity),
			"entity_id", e->entity_id ? json_integer(e->entity_id) : json_null(),
			"changes", changes));
	}
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset));
}
