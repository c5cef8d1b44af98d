/* duplicates.c - duplicate appeals over HTTP: the flags at intake, an appeal's relations on
 * its page, merge, links and the systemic issues (/api/v1/appeal-issues). */
#include "resources.h"

#include <string.h>

#include "../store/store.h"
#include "../domain/text.h"

static json_t *ref_json(const struct appeal_ref *r)
{
	return json_pack("{s:I, s:s?, s:s?, s:I, s:s?, s:s?, s:s?}", "id", (json_int_t)r->id,
			 "code", r->code, "state", r->state, "enterprise_id",
			 (json_int_t)r->enterprise_id, "enterprise_name", r->enterprise_name,
			 "category", r->category, "submitted_at", r->submitted_at);
}

/* An enterprise user sees only its own enterprise's appeals among the related ones; staff
 * see all (the codes and states of appeals are not secret among them). */
static bool shown(const struct principal *p, const struct appeal_ref *r)
{
	return !p || p->role != ROLE_ENTERPRISE || r->enterprise_id == p->enterprise_id;
}

static json_t *refs_json(const struct principal *p, const struct appeal_ref *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		if (shown(p, &v[i]))
			json_array_append_new(arr, ref_json(&v[i]));
	return arr;
}

int appeal_relations_add(struct request *req, const struct appeal *x, json_t *o, bool intake)
{
	const struct principal *p = req->principal;
	struct appeal_relations rel;
	enum gl_err rc;

	if (!o)
		return GL_ENOMEM;
	/* An appeal just taken in has no merges, links or issue yet; looking costs two scans
	 * of the appeal table (merged_into and appeal_link.other_id have no index). */
	memset(&rel, 0, sizeof(rel));
	if (!intake &&
	    (rc = store_appeal_relations(req->store, x->id, req->arena, &rel)) != GL_OK)
		return rc;
	json_object_set_new(o, "merged_into", rel.merged_into.id && shown(p, &rel.merged_into)
			    ? ref_json(&rel.merged_into) : json_null());
	json_object_set_new(o, "merged_from", refs_json(p, rel.merged_from, rel.nmerged_from));
	json_object_set_new(o, "links", refs_json(p, rel.links, rel.nlinks));
	json_object_set_new(o, "issue", rel.issue_id ? json_pack("{s:I, s:s?}", "id",
			    (json_int_t)rel.issue_id, "title", rel.issue_title) : json_null());
	if (intake) {
		struct dup_flag *v;
		size_t n;
		json_t *arr = json_array();

		rc = store_appeal_duplicates(req->store, x, p && p->role == ROLE_ENTERPRISE ?
					     p->enterprise_id : 0, req->arena, &v, &n);
		if (rc != GL_OK)
			return rc;
		for (size_t i = 0; i < n; i++) {
			json_t *f = ref_json(&v[i].ref);

			json_object_set_new(f, "reason", json_string(dup_reason_names[v[i].reason]));
			json_object_set_new(f, "similarity", json_integer(v[i].similarity));
			json_array_append_new(arr, f);
		}
		json_object_set_new(o, "possible_duplicates", arr);
	}
	return GL_OK;
}

/* The appeal's page after a change, as GET /appeals/{id} shows it. */
static int page(struct request *req, struct response *res, int64_t id)
{

	struct scope scope = principal_scope(req->principal);
	struct appeal x;
	enum gl_err rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *o = appeal_json(&x, req->principal);
	if ((rc = appeal_relations_add(req, &x, o, false)) != GL_OK) {
		json_decref(o);
		return api_fail(res, rc, NULL);
	}
	api_etag(req, res, x.version);
	return api_json(res, 200, o);
}

/* Both appeals must be inside the caller's scope (404 otherwise, as for one appeal). */
static enum gl_err visible(struct request *req, int64_t id)
{
	struct scope scope = principal_scope(req->principal);
	struct appeal x;

	return store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
}

static struct appeal_actor actor(const struct request *req)
{
	const struct principal *p = req->principal;

	return (struct appeal_actor){p ? p->user_id : 0, p ? p->username : NULL};
}

int appeals_merge(struct request *req, struct response *res)
{
	static const char *const fields[] = {"into", NULL};
	int64_t id = api_param_id(req, 0), into = 0, version = 0;
	struct appeal_actor who = actor(req);
	struct verrors errs;
	const char *why = NULL;
	json_t *body;
	int status;
	enum gl_err rc;

	if (!id || visible(req, id) != GL_OK)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	/* The version is optional here: a merge is checked against the states anyway. */
	if (json_object_get(body, "version") || request_header(req, "If-Match")) {
		if ((status = api_expected_version(req, res, body, &version))) {
			json_decref(body);
			return status;
		}
	}
	jd_known(body, fields, NULL, &errs);
	jd_id(json_object_get(body, "into"), "into", &errs, &into);
	json_decref(body);
	if (!into && !errs.n)
		verr_add(&errs, "into", "required", "the appeal this one duplicates");
	if (errs.n)
		return api_invalid(res, &errs);
	if (visible(req, into) == GL_ENOTFOUND) {
		verr_add(&errs, "into", "unknown", "no appeal has id %lld", (long long)into);
		return api_invalid(res, &errs);
	}
	rc = store_appeal_merge(req->store, id, into, version, &who, req->arena, &errs, &why);
	if (rc == GL_ECONFLICT && why)
		return api_error(res, 409, "illegal_move", "into", "%s", why);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return page(req, res, id);
}

static int link_change(struct request *req, struct response *res, int64_t id, int64_t other,
		       bool add)
{
	struct appeal_actor who = actor(req);
	enum gl_err rc = store_appeal_link(req->store, id, other, add, &who, req->arena);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return add ? page(req, res, id) : api_no_content(res);
}

int appeals_link(struct request *req, struct response *res)
{
	static const char *const fields[] = {"other_id", NULL};
	int64_t id = api_param_id(req, 0), other = 0;
	struct verrors errs;
	json_t *body;
	int status;

	if (!id || visible(req, id) != GL_OK)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_id(json_object_get(body, "other_id"), "other_id", &errs, &other);
	json_decref(body);
	if (!other && !errs.n)
		verr_add(&errs, "other_id", "required", "the related appeal");
	if (other && other == id)
		verr_add(&errs, "other_id", "invalid", "an appeal is not linked to itself");
	if (!errs.n && visible(req, other) != GL_OK)
		verr_add(&errs, "other_id", "unknown", "no appeal has id %lld", (long long)other);
	if (errs.n)
		return api_invalid(res, &errs);
	return link_change(req, res, id, other, true);
}

int appeals_unlink(struct request *req, struct response *res)
{
	int64_t id = api_param_id(req, 0), other = api_param_id(req, 1);

	if (!id || !other || visible(req, id) != GL_OK)
		return api_fail(res, GL_ENOTFOUND, NULL);
	return link_change(req, res, id, other, false);
}

/* ---- systemic issues ------------------------------------------------------------------ */

static json_t *issue_json(const struct appeal_issue *x, bool items)
{
	json_t *o = json_pack("{s:I, s:s?, s:s?, s:I, s:I, s:I, s:I}", "id", (json_int_t)x->id,
			      "title", x->title, "created_at", x->created_at, "appeals",
			      (json_int_t)x->appeals, "open", (json_int_t)x->open, "closed",
			      (json_int_t)x->closed, "enterprises", (json_int_t)x->enterprises);

	if (items)
		json_object_set_new(o, "items", refs_json(NULL, x->items, x->nitems));
	return o;
}

static int issue_answer(struct request *req, struct response *res, int status, int64_t id)
{
	struct appeal_issue x;
	enum gl_err rc = store_issue_get(req->store, id, req->arena, &x);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/appeal-issues/%lld",
					     (long long)id);
	return api_json(res, status, issue_json(&x, true));
}

int appeal_issues_create(struct request *req, struct response *res)
{
	static const char *const fields[] = {"title", "appeal_ids", NULL};
	struct appeal_actor who = actor(req);
	struct appeal_issue x = {0};
	struct verrors errs;
	int64_t *ids = NULL;
	size_t n = 0;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_str_required(json_object_get(body, "title"), "title", req->arena, &errs, &x.title);
	if (!json_object_get(body, "title"))
		verr_add(&errs, "title", "required", "what the enterprises' problem is");
	jd_ids(json_object_get(body, "appeal_ids"), "appeal_ids", "appeal ids", 500, req->arena,
	       &errs, &ids, &n);
	json_decref(body);
	if (x.title && text_chars(x.title) > 200)
		verr_add(&errs, "title", "too_long", "at most 200 characters");
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_issue_create(req->store, &x, ids, n, &who, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return issue_answer(req, res, 201, x.id);
}

int appeal_issues_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"limit", "offset", NULL};
	struct appeal_issue *items;
	int64_t limit, offset, total;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT64_MAX, 0, &offset)))
		return status;
	rc = store_issue_list(req->store, limit, offset, req->arena, &items, &n, &total);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, issue_json(&items[i], false));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", arr, "total",
					    (json_int_t)total, "limit", (json_int_t)limit,
					    "offset", (json_int_t)offset));
}

int appeal_issues_get(struct request *req, struct response *res)
{
	int64_t id = api_param_id(req, 0);

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	return issue_answer(req, res, 200, id);
}

int appeal_issues_add(struct request *req, struct response *res)
{
	static const char *const fields[] = {"appeal_id", NULL};
	struct appeal_actor who = actor(req);
	int64_t id = api_param_id(req, 0), appeal_id = 0;
	struct verrors errs;
	json_t *body;
	int status;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_id(json_object_get(body, "appeal_id"), "appeal_id", &errs, &appeal_id);
	json_decref(body);
	if (!appeal_id && !errs.n)
		verr_add(&errs, "appeal_id", "required", "the appeal to add");
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_issue_add(req->store, id, appeal_id, &who, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return issue_answer(req, res, 200, id);
}
