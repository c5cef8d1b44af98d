/* refdata.c - /api/v1/ref/...: the reference lists forms and filters are built from. */
#include "resources.h"

#include <string.h>

#include "../store/store.h"

static int ref_list(struct request *req, struct response *res, enum ref_table t)
{
	static const char *const known[] = {"q", "limit", NULL};
	struct ref_list list;
	const char *q;
	int64_t limit;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "q", &q)) ||
	    (status = api_query_int(req, res, "limit", 1, 5000, t == REF_INDUSTRY ? 50 : 5000,
				    &limit)))
		return status;
	rc = store_ref_list(req->store, t, q, limit, req->arena, &list);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < list.n; i++) {
		const struct ref_item *it = &list.items[i];
		json_t *o = json_pack("{s:s, s:s}", "code", it->code, "name", it->name);

		switch (t) {
		case REF_INDUSTRY:
			json_object_set_new(o, "section", api_str(it->parent));
			json_object_set_new(o, "level", json_integer(it->kind ? it->kind[0] - '0' : 0));
			break;
		case REF_REGION:
			json_object_set_new(o, "parent", api_str(it->parent));
			json_object_set_new(o, "kind", api_str(it->kind));
			break;
		case REF_UNIT:
			json_object_set_new(o, "id", json_integer(it->id));
			json_object_set_new(o, "kind", api_str(it->kind));
			break;
		default:
			break;
		}
		json_array_append_new(items, o);
	}
	res->cache_control = "max-age=60";
	return api_json(res, 200, json_pack("{s:o}", "items", items));
}

int ref_industries(struct request *req, struct response *res)
{
	return ref_list(req, res, REF_INDUSTRY);
}

int ref_chains(struct request *req, struct response *res)
{
	return ref_list(req, res, REF_CHAIN);
}

int ref_channels(struct request *req, struct response *res)
{
	return ref_list(req, res, REF_CHANNEL);
}

int ref_regions(struct request *req, struct response *res)
{
	return ref_list(req, res, REF_REGION);
}

int ref_units(struct request *req, struct response *res)
{
	return ref_list(req, res, REF_UNIT);
}

int ref_stages(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	json_t *items = json_array();
	int status;

	if ((status = api_query_known(req, res, known))) {
		json_decref(items);
		return status;
	}
	for (int i = 0; i < STAGE__MAX; i++) {
		const struct stage_info *s = &project_stages[i];
		json_array_append_new(items, json_pack("{s:s, s:s, s:o}", "code", s->code,
						       "name", s->name, "order",
						       s->order < 0 ? json_null()
								    : json_integer(s->order)));
	}
	res->cache_control = "max-age=3600";
	return api_json(res, 200, json_pack("{s:o}", "items", items));
}
