/* projects.c - /api/v1/projects: the investment project registry (项目库). */
#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "../domain/amount.h"
#include "../store/store.h"

static const char *const fields[] = {
	"name", "enterprise_ids", "industry_code", "chain", "channel", "stage",
	"total_investment", "location", "signed_on", "started_on", "production_on",
	"capacity_on", "signed_amount",
	"phase_parent_id", "phase", "chain_anchor_id", "industrial", "key_project", "leader",
	"unit_id", "version",
	"fixed_asset_investment", "foreign_investment", "land_mu", "annual_output", "annual_tax",
	"jobs", NULL,
};
static const char *const read_only[] = {
	"id", "code", "created_at", "updated_at", "stage_name", "total_investment_yi",
	"countable", "large", "phases", "rollup", "allowed_moves", NULL,
};

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *project_json(const struct project *p)
{
	json_t *ents = json_array();
	char yi[32];

	for (size_t i = 0; i < p->nenterprises; i++)
		json_array_append_new(ents, json_integer(p->enterprise_ids[i]));
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)p->id, "code", p->code, "name", p->name,
		"enterprise_ids", ents, "industry_code", api_str(p->industry_code),
		"chain", api_str(p->chain), "channel", api_str(p->channel),
		"stage", project_stages[p->stage].code, "stage_name", project_stages[p->stage].name,
		"total_investment", p->has_investment ? json_integer(p->total_investment) : json_null(),
		"total_investment_yi",
		p->has_investment && amount_format_yi(p->total_investment, yi, sizeof(yi)) >= 0
			? json_string(yi) : json_null(),
		"location", api_str(p->location), "signed_on", api_str(p->signed_on),
		"started_on", api_str(p->started_on));
	if (!o)
		return NULL;
	json_object_set_new(o, "production_on", api_str(p->production_on));
	json_object_set_new(o, "capacity_on", api_str(p->capacity_on));
	json_object_set_new(o, "signed_amount",
			    p->has_signed_amount ? json_integer(p->signed_amount) : json_null());
	json_object_set_new(o, "allowed_moves", ledger_options_json(p));
	json_object_set_new(o, "phase_parent_id", id_or_null(p->phase_parent_id));
	json_object_set_new(o, "phase", api_str(p->phase));
	json_object_set_new(o, "chain_anchor_id", id_or_null(p->chain_anchor_id));
	json_object_set_new(o, "industrial", json_boolean(p->industrial));
	json_object_set_new(o, "key_project", json_boolean(p->key_project));
	json_object_set_new(o, "leader", api_str(p->leader));
	json_object_set_new(o, "unit_id", id_or_null(p->unit_id));
	json_object_set_new(o, "version", json_integer(p->version));
	json_object_set_new(o, "created_at", json_string(p->created_at));
	json_object_set_new(o, "updated_at", json_string(p->updated_at));
	money_json(o, p);
	return o;
}

static void decode(json_t *body, struct arena *a, struct verrors *errs, struct project *p)
{
	const char *key, *stage = NULL;
	json_t *v;

	jd_known(body, fields, read_only, errs);
	json_object_foreach(body, key, v) {
		if (strcmp(key, "name") == 0)
			jd_str(v, key, a, errs, &p->name); /* absence is project_validate's */
		else if (strcmp(key, "enterprise_ids") == 0)
			jd_ids(v, key, "enterprise ids", 0, a, errs, &p->enterprise_ids,
			       &p->nenterprises);
		else if (strcmp(key, "industry_code") == 0)
			jd_str(v, key, a, errs, &p->industry_code);
		else if (strcmp(key, "chain") == 0)
			jd_str(v, key, a, errs, &p->chain);
		else if (strcmp(key, "channel") == 0)
			jd_str(v, key, a, errs, &p->channel);
		else if (strcmp(key, "stage") == 0) {
			jd_str_required(v, key, a, errs, &stage);
			if (stage) {
				int s = project_stage_parse(stage);
				if (s < 0)
					verr_add(errs, "stage", "invalid", "\"%s\" is not a stage;"
						 " see /api/v1/ref/stages", stage);
				else
					p->stage = (enum project_stage)s;
			}
		} else if (strcmp(key, "total_investment") == 0)
			jd_int(v, key, errs, &p->total_investment, &p->has_investment);
		else if (strcmp(key, "location") == 0)
			jd_str(v, key, a, errs, &p->location);
		else if (strcmp(key, "signed_on") == 0)
			jd_str(v, key, a, errs, &p->signed_on);
		else if (strcmp(key, "started_on") == 0)
			jd_str(v, key, a, errs, &p->started_on);
		else if (strcmp(key, "production_on") == 0)
			jd_str(v, key, a, errs, &p->production_on);
		else if (strcmp(key, "capacity_on") == 0)
			jd_str(v, key, a, errs, &p->capacity_on);
		else if (strcmp(key, "signed_amount") == 0)
			jd_int(v, key, errs, &p->signed_amount, &p->has_signed_amount);
		else if (strcmp(key, "phase_parent_id") == 0)
			jd_id(v, key, errs, &p->phase_parent_id);
		else if (strcmp(key, "phase") == 0)
			jd_str(v, key, a, errs, &p->phase);
		else if (strcmp(key, "chain_anchor_id") == 0)
			jd_id(v, key, errs, &p->chain_anchor_id);
		else if (strcmp(key, "industrial") == 0)
			jd_bool(v, key, errs, &p->industrial);
		else if (strcmp(key, "key_project") == 0)
			jd_bool(v, key, errs, &p->key_project);
		else if (strcmp(key, "leader") == 0)
			jd_str(v, key, a, errs, &p->leader);
		else if (strcmp(key, "unit_id") == 0)
			jd_id(v, key, errs, &p->unit_id);
		else
			money_decode(key, v, errs, &p->money);
	}
}

static int answer(struct request *req, struct response *res, int status,
		  const struct project *p)
{
	struct scope scope = principal_scope(req->principal);
	json_t *o = project_json(p);

	/* One record reads the same whether written or fetched: with its phases. */
	if (o && money_phases_json(req, p, &scope, o) != 0) {
		json_decref(o);
		return api_fail(res, GL_EDB, NULL);
	}
	api_etag(req, res, p->version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/projects/%lld",
					     (long long)p->id);
	return api_json(res, status, o);
}

int projects_create(struct request *req, struct response *res)
{
	struct project p = {.stage = STAGE_LEAD, .location = PROJECT_LOCATION_ZONE};
	struct verrors errs;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	decode(body, req->arena, &errs, &p);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	json_decref(body);
	project_validate(&p, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_project_create(req->store, &p, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 201, &p);
}

int projects_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_project_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *o = project_json(&p);
	if (o && money_phases_json(req, &p, &scope, o) != 0) {
		json_decref(o);
		return api_fail(res, GL_EDB, NULL);
	}
	api_etag(req, res, p.version);
	return api_json(res, 200, o);
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The stage and its dates change only through the ledger (POST .../stage), which records the
 * move: a PATCH carrying them unchanged is fine (clients send the whole record back), a PATCH
 * changing them is refused with 409 naming every such field.  Returns 0 or the status. */
static int ledger_only(struct response *res, const struct project *stored,
		       const struct project *p)
{
	const char *moved[5];
	int n = 0;

	if (p->stage != stored->stage)
		moved[n++] = "stage";
	if (!same(p->signed_on, stored->signed_on))
		moved[n++] = "signed_on";
	if (!same(p->started_on, stored->started_on))
		moved[n++] = "started_on";
	if (!same(p->production_on, stored->production_on))
		moved[n++] = "production_on";
	if (!same(p->capacity_on, stored->capacity_on))
		moved[n++] = "capacity_on";
	if (!n)
		return 0;
	json_t *details = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(details, json_pack(
			"{s:s, s:s, s:s}", "field", moved[i], "code", "use_stage_move",
			"message", "changes only through POST /api/v1/projects/{id}/stage"));
	api_error(res, 409, "use_stage_move", moved[0],
		  "the stage and its dates change only by a move of the stage ledger: POST"
		  " /api/v1/projects/%lld/stage", (long long)stored->id);
	json_object_set_new(json_object_get(res->json, "error"), "details", details);
	return res->status;
}

int projects_patch(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	struct verrors errs;
	int64_t id, version;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_project_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK || (version && p.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	struct project stored = p;
	decode(body, req->arena, &errs, &p);
	json_decref(body);
	if ((status = ledger_only(res, &stored, &p)))
		return status;
	project_validate(&p, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_project_update(req->store, &p, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, &p);
}

int projects_query(struct request *req, struct response *res, const char *const *also,
		   struct project_query *q)
{
	static const char *const filters[] = {"stage", "chain", "channel", "location",
					      "enterprise", "signed_year", "industrial", "q",
					      "sort"};
	enum { NFILTERS = sizeof(filters) / sizeof(filters[0]) };
	const char *known[NFILTERS + 8], *stage, *sort;
	int64_t enterprise, year;
	size_t n = 0;
	int status;

	memcpy(known, filters, sizeof(filters));
	for (n = NFILTERS; also && *also && n + 1 < sizeof(known) / sizeof(known[0]); also++)
		known[n++] = *also;
	known[n] = NULL;
	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "stage", &stage)) ||
	    (status = api_query_str(req, res, "chain", &q->chain)) ||
	    (status = api_query_str(req, res, "channel", &q->channel)) ||
	    (status = api_query_str(req, res, "location", &q->location)) ||
	    (status = api_query_int(req, res, "enterprise", 1, INT64_MAX, 0, &enterprise)) ||
	    (status = api_query_int(req, res, "signed_year", 1900, 2999, 0, &year)) ||
	    (status = api_query_bool(req, res, "industrial", &q->industrial)) ||
	    (status = api_query_str(req, res, "q", &q->name_contains)) ||
	    (status = api_query_str(req, res, "sort", &sort)))
		return status;
	if (stage && (q->stage = project_stage_parse(stage)) < 0)
		return api_error(res, 400, "bad_parameter", "stage",
				 "\"%s\" is not a stage; see /api/v1/ref/stages", stage);
	if (sort) {
		int s = project_sort_parse(sort);
		if (s < 0)
			return api_error(res, 400, "bad_parameter", "sort", "sort must be one of id,"
					 " -id, -signed_on, -total_investment, name");
		q->sort = (enum project_sort)s;
	}
	q->enterprise_id = enterprise;
	q->signed_year = (int)year;
	return 0;
}

int projects_list(struct request *req, struct response *res)
{
	static const char *const paging[] = {"limit", "offset", NULL};
	struct scope scope = principal_scope(req->principal);
	struct project_query q = {.stage = -1, .industrial = -1, .scope = &scope};
	struct project_page page;
	int status;
	enum gl_err rc;

	if ((status = projects_query(req, res, paging, &q)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	rc = store_project_list(req->store, &q, req->arena, &page);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, project_json(&page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset));
}
