/* enterprises.c - /api/v1/enterprises: the enterprise registry (企业库). */
#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "../domain/enterprise.h"
#include "../store/store.h"

static const char *const fields[] = {
	"name", "credit_code", "industry_code", "address", "tags", "contacts", "version", NULL,
};
static const char *const read_only[] = {
	"id", "created_at", "updated_at", "project_count", NULL,
};

json_t *enterprise_json(const struct enterprise *e)
{
	json_t *tags = json_array(), *contacts = json_array();

	for (size_t i = 0; i < e->ntags; i++)
		json_array_append_new(tags, json_string(e->tags[i]));
	for (size_t i = 0; i < e->ncontacts; i++) {
		const struct contact *c = &e->contacts[i];
		json_array_append_new(contacts, json_pack("{s:s, s:o, s:o, s:o}", "name", c->name,
							  "title", api_str(c->title), "phone",
							  api_str(c->phone), "email",
							  api_str(c->email)));
	}
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:s, s:s}",
			 "id", (json_int_t)e->id, "name", e->name,
			 "credit_code", api_str(e->credit_code),
			 "industry_code", api_str(e->industry_code),
			 "address", api_str(e->address), "tags", tags, "contacts", contacts,
			 "project_count", (json_int_t)e->project_count,
			 "version", (json_int_t)e->version,
			 "created_at", e->created_at, "updated_at", e->updated_at);
}

static void decode_tags(json_t *v, struct arena *a, struct verrors *errs, struct enterprise *e)
{
	char field[48];
	size_t i;
	json_t *t;

	if (json_is_null(v)) {
		e->ntags = 0;
		return;
	}
	if (!json_is_array(v)) {
		verr_add(errs, "tags", "type", "must be an array of strings");
		return;
	}
	e->ntags = json_array_size(v);
	e->tags = arena_alloc(a, (e->ntags ? e->ntags : 1) * sizeof(*e->tags));
	json_array_foreach(v, i, t) {
		snprintf(field, sizeof(field), "tags[%zu]", i);
		e->tags[i] = "";
		jd_str_required(t, field, a, errs, &e->tags[i]);
	}
}

static void decode_contacts(json_t *v, struct arena *a, struct verrors *errs,
			    struct enterprise *e)
{
	static const char *const contact_fields[] = {"name", "title", "phone", "email", NULL};
	char field[48];
	size_t i;
	json_t *c;

	if (json_is_null(v)) {
		e->ncontacts = 0;
		return;
	}
	if (!json_is_array(v)) {
		verr_add(errs, "contacts", "type", "must be an array of objects");
		return;
	}
	e->ncontacts = json_array_size(v);
	e->contacts = arena_alloc(a, (e->ncontacts ? e->ncontacts : 1) * sizeof(*e->contacts));
	json_array_foreach(v, i, c) {
		struct contact *ct = &e->contacts[i];
		const char *key;
		json_t *m;

		if (!json_is_object(c)) {
			snprintf(field, sizeof(field), "contacts[%zu]", i);
			verr_add(errs, field, "type", "must be an object");
			continue;
		}
		json_object_foreach(c, key, m) {
			snprintf(field, sizeof(field), "contacts[%zu].%s", i, key);
			if (strcmp(key, "name") == 0)
				jd_str(m, field, a, errs, &ct->name);
			else if (strcmp(key, "title") == 0)
				jd_str(m, field, a, errs, &ct->title);
			else if (strcmp(key, "phone") == 0)
				jd_str(m, field, a, errs, &ct->phone);
			else if (strcmp(key, "email") == 0)
				jd_str(m, field, a, errs, &ct->email);
			else
				verr_add(errs, field, "unknown", "is not a field of a contact (%s, %s,"
					 " %s, %s)", contact_fields[0], contact_fields[1],
					 contact_fields[2], contact_fields[3]);
		}
	}
}

/* Apply the members of body to e: all of them for a create, the given ones for a PATCH. */
static void decode(json_t *body, struct arena *a, struct verrors *errs, struct enterprise *e)
{
	const char *key;
	json_t *v;

	jd_known(body, fields, read_only, errs);
	json_object_foreach(body, key, v) {
		if (strcmp(key, "name") == 0) {
			jd_str(v, "name", a, errs, &e->name); /* absence is enterprise_validate's */
		} else if (strcmp(key, "credit_code") == 0) {
			jd_str(v, "credit_code", a, errs, &e->credit_code);
			/* Codes are often typed in lower case; they mean the same. */
			if (e->credit_code)
				for (char *p = (char *)e->credit_code; *p; p++)
					if (*p >= 'a' && *p <= 'z')
						*p = (char)(*p - 'a' + 'A');
		} else if (strcmp(key, "industry_code") == 0) {
			jd_str(v, "industry_code", a, errs, &e->industry_code);
		} else if (strcmp(key, "address") == 0) {
			jd_str(v, "address", a, errs, &e->address);
		} else if (strcmp(key, "tags") == 0) {
			decode_tags(v, a, errs, e);
		} else if (strcmp(key, "contacts") == 0) {
			decode_contacts(v, a, errs, e);
		}
	}
}

/* A write that succeeded: the record, with any warnings beside it. */
static int answer(struct request *req, struct response *res, int status,
		  const struct enterprise *e, const struct verrors *warns)
{
	json_t *body = enterprise_json(e);

	if (body && warns->n) {
		json_t *list = json_array();
		for (int i = 0; i < warns->n; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
							      "field", warns->items[i].field,
							      "code", warns->items[i].code,
							      "message", warns->items[i].message));
		json_object_set_new(body, "warnings", list);
	}
	api_etag(req, res, e->version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/enterprises/%lld",
					     (long long)e->id);
	return api_json(res, status, body);
}

int enterprises_create(struct request *req, struct response *res)
{
	struct enterprise e = {0};
	struct verrors errs, warns;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	verr_init(&warns);
	decode(body, req->arena, &errs, &e);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	enterprise_validate(&e, &errs, &warns);
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_enterprise_create(req->store, &e, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 201, &e, &warns);
}

int enterprises_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct enterprise e;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_enterprise_get(req->store, id, &scope, req->arena, &e);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	api_etag(req, res, e.version);
	return api_json(res, 200, enterprise_json(&e));
}

int enterprises_patch(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct enterprise e;
	struct verrors errs, warns;
	int64_t id, version;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_enterprise_get(req->store, id, &scope, req->arena, &e);
	if (rc != GL_OK) {
		json_decref(body);
		return api_fail(res, rc, NULL);
	}
	if (version && e.version != version) {
		json_decref(body);
		return api_fail(res, GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	verr_init(&warns);
	decode(body, req->arena, &errs, &e);
	json_decref(body);
	enterprise_validate(&e, &errs, &warns);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_enterprise_update(req->store, &e, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, &e, &warns);
}

int enterprises_delete(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	int64_t id = api_param_id(req, 0), version = 0;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	/* A delete may name the version it saw; without one it deletes whatever is there. */
	if (request_header(req, "If-Match")) {
		int status = api_expected_version(req, res, NULL, &version);
		if (status)
			return status;
	}
	rc = store_enterprise_delete(req->store, id, version, &scope);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_no_content(res);
}

int enterprises_list(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	static const char *const known[] = {"q", "industry", "tag", "sort", "limit", "offset",
					    NULL};
	struct enterprise_query q = {.scope = &scope};
	struct enterprise_page page;
	const char *sort;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "q", &q.name_contains)) ||
	    (status = api_query_str(req, res, "industry", &q.industry)) ||
	    (status = api_query_str(req, res, "tag", &q.tag)) ||
	    (status = api_query_str(req, res, "sort", &sort)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	if (q.industry && !enterprise_industry_filter_ok(q.industry))
		return api_error(res, 400, "bad_parameter", "industry",
				 "industry must be a section letter (A-T) or a code prefix of 2-4 digits");
	if (sort) {
		int s = enterprise_sort_parse(sort);
		if (s < 0)
			return api_error(res, 400, "bad_parameter", "sort",
					 "sort must be one of id, -id, name, -name, -updated_at");
		q.sort = (enum enterprise_sort)s;
	}
	rc = store_enterprise_list(req->store, &q, req->arena, &page);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, enterprise_json(&page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset));
}
