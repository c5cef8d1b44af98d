/* problems.c - /api/v1/problems and /api/v1/projects/{id}/problems: problems (制约问题)
 * that block projects, the problem ledger, and their status moves. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/problem.h"
#include "../store/store.h"
#include "../util/date.h"

static const char *const fields[] = {
	"type", "description", "unit_id", "opened_on", "deadline_days", "taskforce_id",
	"version", NULL,
};
static const char *const read_only[] = {
	"id", "project_id", "project_code", "project_name", "type_name", "unit_name", "due_on", "due_fallback",
	"status_name", "taskforce_name", "overdue", "created_at", "updated_at", NULL,
};

static struct ymd today(void)
{
	return date_shanghai(time(NULL));
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *problem_json(const struct problem *p)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:I, s:o, s:s, s:I, s:s, s:b}",
			      "id", (json_int_t)p->id, "project_id", (json_int_t)p->project_id,
			      "project_code", api_str(p->project_code),
			      "project_name", api_str(p->project_name),
			      "type", problem_types[p->type].code,
			      "type_name", problem_types[p->type].name,
			      "description", p->description, "unit_id", (json_int_t)p->unit_id,
			      "unit_name", api_str(p->unit_name), "opened_on", p->opened_on,
			      "deadline_days", (json_int_t)p->deadline_days, "due_on", p->due_on,
			      "due_fallback", p->due_fallback);
	if (!o)
		return NULL;
	json_object_set_new(o, "status", json_string(problem_statuses[p->status].code));
	json_object_set_new(o, "status_name", json_string(problem_statuses[p->status].name));
	json_object_set_new(o, "resolution", api_str(p->resolution));
	json_object_set_new(o, "resolved_on", api_str(p->resolved_on));
	json_object_set_new(o, "overdue", json_boolean(problem_overdue(p, today())));
	json_object_set_new(o, "taskforce_id", id_or_null(p->taskforce_id));
	json_object_set_new(o, "taskforce_name", api_str(p->taskforce_name));
	json_object_set_new(o, "version", json_integer(p->version));
	json_object_set_new(o, "created_at", json_string(p->created_at));
	json_object_set_new(o, "updated_at", json_string(p->updated_at));
	return o;
}

/* The members of fields[] present in body, into p. */
static void decode(json_t *body, struct arena *a, struct verrors *errs, struct problem *p)
{
	const char *key, *type = NULL;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (strcmp(key, "type") == 0) {
			jd_str_required(v, key, a, errs, &type);
			if (type) {
				int t = problem_type_parse(type);

				if (t < 0)
					verr_add(errs, key, "invalid", "\"%s\" is not a problem type;"
						 " see /api/v1/ref/problem-types", type);
				else
					p->type = (enum problem_type)t;
			}
		} else if (strcmp(key, "description") == 0) {
			jd_str(v, key, a, errs, &p->description);
		} else if (strcmp(key, "unit_id") == 0) {
			jd_id(v, key, errs, &p->unit_id);
		} else if (strcmp(key, "opened_on") == 0) {
			jd_str_required(v, key, a, errs, &p->opened_on);
		} else if (strcmp(key, "deadline_days") == 0) {
			jd_int(v, key, errs, &p->deadline_days, NULL);
		} else if (strcmp(key, "taskforce_id") == 0) {
			jd_id(v, key, errs, &p->taskforce_id);
		}
	}
}

static int answer(struct request *req, struct response *res, int status, const struct problem *p)
{
	api_etag(req, res, p->version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/problems/%lld", (long long)p->id);
	return api_json(res, status, problem_json(p));
}

int problems_create(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct problem p = {.type = PROBLEM_OTHER, .status = PROBLEM_OPEN, .deadline_days = 0};
	struct project prj;
	struct verrors errs;
	char opened[11];
	json_t *body;
	int status;
	enum gl_err rc;

	p.project_id = api_param_id(req, 0);
	if (!p.project_id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_project_get(req->store, p.project_id, &scope, req->arena, &prj);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, read_only, &errs);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	if (!json_object_get(body, "type"))
		verr_add(&errs, "type", "required", "one of land, planning, approval, energy,"
			 " funding, talent, supporting, other");
	if (!json_object_get(body, "deadline_days"))
		verr_add(&errs, "deadline_days", "required", "the working days allowed to solve it");
	decode(body, req->arena, &errs, &p);
	json_decref(body);
	if (!p.opened_on)
		p.opened_on = date_format_iso(today(), opened, sizeof(opened));
	problem_validate(&p, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_problem_create(req->store, &p, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_problem_get(req->store, p.id, NULL, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 201, &p);
}

int problems_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct problem p;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_problem_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return answer(req, res, 200, &p);
}

int problems_patch(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct problem p;
	struct verrors errs;
	int64_t id, version;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_problem_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK || (version && p.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	/* The status has its own route, which checks the move and what it needs. */
	static const char *const status_fields[] = {"status", "resolution", "resolved_on", NULL};
	for (const char *const *f = status_fields; *f; f++)
		if (json_object_get(body, *f)) {
			verr_add(&errs, *f, "read_only", "changes through POST"
				 " /api/v1/problems/%lld/status", (long long)id);
			json_object_del(body, *f);
		}
	jd_known(body, fields, read_only, &errs);
	decode(body, req->arena, &errs, &p);
	json_decref(body);
	problem_validate(&p, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_problem_update(req->store, &p, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_problem_get(req->store, p.id, NULL, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, &p);
}

static bool owns(const struct principal *who, int64_t unit_id)
{
	for (size_t i = 0; i < who->nunits; i++)
		if (who->unit_ids[i] == unit_id)
			return true;
	return false;
}

int problems_status(struct request *req, struct response *res)
{
	static const char *const allowed[] = {"status", "resolution", "resolved_on", NULL};
	struct scope scope = principal_scope(req->principal);
	struct problem p;
	struct verrors errs;
	const char *to_text = NULL, *resolution = NULL, *resolved_on = NULL;
	char buf[11], moves[96];
	int64_t id = api_param_id(req, 0), version;
	json_t *body;
	int status, to;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &version))) {
		json_decref(body);
		return status;
	}
	verr_init(&errs);
	jd_known(body, allowed, NULL, &errs);
	jd_str_required(json_object_get(body, "status"), "status", req->arena, &errs, &to_text);
	jd_str(json_object_get(body, "resolution"), "resolution", req->arena, &errs, &resolution);
	jd_str(json_object_get(body, "resolved_on"), "resolved_on", req->arena, &errs,
	       &resolved_on);
	json_decref(body);
	to = problem_status_parse(to_text);
	if (to_text && to < 0)
		verr_add(&errs, "status", "invalid", "\"%s\" is not a status: open, in_progress,"
			 " resolved or closed_unresolved", to_text);
	rc = store_problem_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	/* A handler sees the problems of its projects, but moves only those its unit owns. */
	if (req->principal && req->principal->role == ROLE_HANDLER &&
	    !owns(req->principal, p.unit_id))
		return api_error(res, 403, "forbidden", NULL, "only the owner unit (%s) or an"
				 " officer may change this problem's status",
				 p.unit_name ? p.unit_name : "?");
	if (version && p.version != version)
		return api_fail(res, GL_ECONFLICT, NULL);
	if (errs.n)
		return api_invalid(res, &errs);
	if (!problem_transition_ok(p.status, (enum problem_status)to))
		return api_error(res, 409, "illegal_move", "status",
				 "a problem %s can move to %s, not to %s",
				 problem_statuses[p.status].code,
				 problem_transitions(p.status, moves, sizeof(moves)),
				 problem_statuses[to].code);
	p.status = (enum problem_status)to;
	if (to == PROBLEM_RESOLVED || to == PROBLEM_CLOSED_UNRESOLVED) {
		struct ymd d;

		p.resolution = resolution;
		p.resolved_on = resolved_on ? resolved_on
					    : date_format_iso(today(), buf, sizeof(buf));
		if (date_parse_iso(p.resolved_on, &d) == 0 &&
		    date_to_days(d) > date_to_days(today()))
			verr_add(&errs, "resolved_on", "invalid", "is in the future");
	} else {
		if (resolution)
			verr_add(&errs, "resolution", "invalid", "only resolving or closing takes a"
				 " resolution");
		if (resolved_on)
			verr_add(&errs, "resolved_on", "invalid", "only resolving or closing takes"
				 " a date");
		p.resolution = p.resolved_on = NULL;
	}
	problem_validate(&p, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_problem_update(req->store, &p, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_problem_get(req->store, p.id, NULL, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, &p);
}

int problems_query(struct request *req, struct response *res, const char *const *also,
		   int64_t project_id, struct problem_query *q)
{
	/* Within a project's problems the project is the path's, not a filter. */
	static const char *const filters[] = {"status", "type", "unit", "taskforce", "overdue",
					      "project"};
	enum { NFILTERS = sizeof(filters) / sizeof(filters[0]) };
	const char *known[NFILTERS + 8], *status_text, *type_text;
	size_t n = project_id ? NFILTERS - 1 : NFILTERS;
	int status;

	memcpy(known, filters, sizeof(filters));
	for (; also && *also && n + 1 < sizeof(known) / sizeof(known[0]); also++)
		known[n++] = *also;
	known[n] = NULL;
	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "status", &status_text)) ||
	    (status = api_query_str(req, res, "type", &type_text)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q->unit_id)) ||
	    (status = api_query_int(req, res, "project", 1, INT64_MAX, project_id,
				    &q->project_id)) ||
	    (status = api_query_int(req, res, "taskforce", 1, INT64_MAX, 0, &q->taskforce_id)) ||
	    (status = api_query_bool(req, res, "overdue", &q->overdue)))
		return status;
	if (status_text && (q->status = problem_status_parse(status_text)) < 0)
		return api_error(res, 400, "bad_parameter", "status", "status must be one of open,"
				 " in_progress, resolved, closed_unresolved");
	if (type_text && (q->type = problem_type_parse(type_text)) < 0)
		return api_error(res, 400, "bad_parameter", "type", "\"%s\" is not a problem type;"
				 " see /api/v1/ref/problem-types", type_text);
	return 0;
}

/* GET of the ledger, or of one project's problems when project_id is set (from the path). */
static int list(struct request *req, struct response *res, int64_t project_id)
{
	static const char *const paging[] = {"limit", "offset", NULL};
	struct scope scope = principal_scope(req->principal);
	struct problem_query q = {.status = -1, .type = -1, .scope = &scope};
	struct problem_page page;
	char day[11];
	int status;
	enum gl_err rc;

	if ((status = problems_query(req, res, paging, project_id, &q)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	q.today = date_format_iso(today(), day, sizeof(day));
	if (project_id) {
		struct project prj;

		rc = store_project_get(req->store, project_id, &scope, req->arena, &prj);
		if (rc != GL_OK)
			return api_fail(res, rc, NULL);
	}
	rc = store_problem_list(req->store, &q, req->arena, &page);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, problem_json(&page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset));
}

int problems_list(struct request *req, struct response *res)
{
	return list(req, res, 0);
}

int problems_list_project(struct request *req, struct response *res)
{
	int64_t id = api_param_id(req, 0);

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	return list(req, res, id);
}

int ref_problem_types(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	json_t *items;
	int status;

	if ((status = api_query_known(req, res, known)))
		return status;
	items = json_array();
	for (int i = 0; i < PROBLEM_TYPE__MAX; i++)
		json_array_append_new(items, json_pack("{s:s, s:s}", "code", problem_types[i].code,
						       "name", problem_types[i].name));
	res->cache_control = "max-age=3600";
	return api_json(res, 200, json_pack("{s:o}", "items", items));
}
