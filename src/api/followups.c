/* followups.c - /api/v1/projects/{id}/followups (跟进记录) and the overdue next steps per
 * officer (/api/v1/followups/overdue). */
#include "resources.h"

#include <string.h>
#include <time.h>

#include "../domain/followup.h"
#include "../store/store.h"
#include "../util/date.h"

static json_t *followup_json(const struct followup *f)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:o, s:s}",
			      "id", (json_int_t)f->id, "project_id", (json_int_t)f->project_id,
			      "on", f->on, "kind", followup_kinds[f->kind].code,
			      "kind_name", followup_kinds[f->kind].name, "summary", f->summary,
			      "next_step", api_str(f->next_step), "next_on", api_str(f->next_on),
			      "officer_id", (json_int_t)f->officer_id,
			      "officer_name", api_str(f->officer_name),
			      "created_at", f->created_at);
	return o;
}

/* The project the path names, inside the caller's scope (404 outside it). */
static int scoped_project(struct request *req, struct response *res, int64_t *id)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	enum gl_err rc;

	if (!(*id = api_param_id(req, 0)))
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_project_get(req->store, *id, &scope, req->arena, &p);
	return rc == GL_OK ? 0 : api_fail(res, rc, NULL);
}

int followups_create(struct request *req, struct response *res)
{
	static const char *const fields[] = {"on", "kind", "summary", "next_step", "next_on",
					     "officer", NULL};
	static const char *const read_only[] = {"id", "project_id", "kind_name", "officer_id",
						"officer_name", "created_at", NULL};
	struct followup f = {.officer_id = req->principal ? req->principal->user_id : 0};
	struct verrors errs;
	const char *kind = NULL;
	json_t *body, *v;
	int status;
	enum gl_err rc;

	if ((status = scoped_project(req, res, &f.project_id)) ||
	    (status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, read_only, &errs);
	jd_str(json_object_get(body, "on"), "on", req->arena, &errs, &f.on);
	jd_str(json_object_get(body, "kind"), "kind", req->arena, &errs, &kind);
	jd_str(json_object_get(body, "summary"), "summary", req->arena, &errs, &f.summary);
	jd_str(json_object_get(body, "next_step"), "next_step", req->arena, &errs, &f.next_step);
	jd_str(json_object_get(body, "next_on"), "next_on", req->arena, &errs, &f.next_on);
	if ((v = json_object_get(body, "officer")) && !json_is_null(v))
		jd_id(v, "officer", &errs, &f.officer_id);
	json_decref(body);
	if (!kind)
		verr_add(&errs, "kind", "required", "one of visit, call, meeting, negotiation");
	else {
		int k = followup_kind_parse(kind);

		if (k < 0)
			verr_add(&errs, "kind", "invalid", "\"%s\" is not one of visit, call,"
				 " meeting, negotiation", kind);
		else
			f.kind = (enum followup_kind)k;
	}
	followup_validate(&f, date_shanghai(time(NULL)), &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	if ((rc = store_followup_create(req->store, &f, req->arena, &errs)) != GL_OK)
		return api_fail(res, rc, &errs);
	res->location = arena_printf(req->arena, "/api/v1/projects/%lld/followups",
				     (long long)f.project_id);
	return api_json(res, 201, followup_json(&f));
}

int followups_list(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct followup *items;
	size_t n;
	int64_t id;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = scoped_project(req, res, &id)))
		return status;
	if ((rc = store_followup_list(req->store, id, req->arena, &items, &n)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, followup_json(&items[i]));
	return api_json(res, 200, json_pack("{s:I, s:I, s:o}", "project_id", (json_int_t)id,
					    "total", (json_int_t)n, "items", a));
}

int followups_overdue(struct request *req, struct response *res)
{
	static const char *const known[] = {"officer", "as_of", NULL};
	struct scope scope = principal_scope(req->principal);
	struct overdue_followup *items;
	struct ymd today;
	const char *as_of;
	int64_t officer;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "officer", 1, INT64_MAX, 0, &officer)) ||
	    (status = api_as_of(req, res, &today, &as_of)))
		return status;
	rc = store_followup_overdue(req->store, as_of, officer, &scope, req->arena, &items, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *officers = json_array(), *group = NULL, *list = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct overdue_followup *o = &items[i];

		/* The store orders by officer: a new officer opens a new group. */
		if (!group || o->f.officer_id != items[i - 1].f.officer_id) {
			list = json_array();
			group = json_pack("{s:I, s:o, s:i, s:o}", "officer_id",
					  (json_int_t)o->f.officer_id,
					  "officer_name", api_str(o->f.officer_name), "count", 0,
					  "items", list);
			json_array_append_new(officers, group);
		}
		json_t *x = followup_json(&o->f);
		json_object_set_new(x, "project_code", api_str(o->project_code));
		json_object_set_new(x, "project_name", api_str(o->project_name));
		json_object_set_new(x, "days_overdue", json_integer(o->days_overdue));
		json_array_append_new(list, x);
		json_object_set_new(group, "count", json_integer((json_int_t)json_array_size(list)));
	}
	return api_json(res, 200, json_pack("{s:s, s:I, s:o}", "as_of", as_of,
					    "total", (json_int_t)n, "officers", officers));
}
