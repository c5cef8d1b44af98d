/* roundtables.c - /api/v1/roundtable-series and /api/v1/roundtables: the 观澜会 series, their
 * sessions, and the one call that returns a session with everything that came out of it. */
#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/date.h"

static const char *const fields[] = {
	"series_id", "number", "held_on", "venue", "format", "theme", "minutes", "enterprises",
	"people", "version", NULL,
};
static const char *const read_only[] = {
	"id", "series_name", "title", "format_name", "counts", "appeals", "arrangements",
	"projects", "created_at", "updated_at", NULL,
};

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *counts_json(const struct rt_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "enterprises_invited", (json_int_t)c->enterprises_invited,
			 "enterprises_attended", (json_int_t)c->enterprises_attended,
			 "people", (json_int_t)c->people,
			 "appeals", (json_int_t)c->appeals,
			 "answered_on_spot", (json_int_t)c->answered_on_spot,
			 "arrangements_open", (json_int_t)c->arrangements_open,
			 "arrangements_done", (json_int_t)c->arrangements_done,
			 "arrangements_cancelled", (json_int_t)c->arrangements_cancelled,
			 "arrangements_overdue", (json_int_t)c->arrangements_overdue,
			 "projects", (json_int_t)c->projects);
}

/* The session without its lists: what GET /roundtables shows per item. */
static json_t *summary_json(struct request *req, const struct roundtable *r)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:I, s:o, s:s, s:o, s:s, s:s, s:o}",
			      "id", (json_int_t)r->id, "series_id", (json_int_t)r->series_id,
			      "series_name", api_str(r->series_name),
			      "number", (json_int_t)r->number,
			      "title", api_str(arena_printf(req->arena, "%s第%lld期",
							    r->series_name ? r->series_name : "",
							    (long long)r->number)),
			      "held_on", r->held_on,
			      "venue", api_str(r->venue),
			      "format", roundtable_format_codes[r->format],
			      "format_name", roundtable_format_names[r->format],
			      "theme", api_str(r->theme));
	if (!o)
		return NULL;
	json_object_set_new(o, "counts", counts_json(&r->counts));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "created_at", json_string(r->created_at));
	json_object_set_new(o, "updated_at", json_string(r->updated_at));
	return o;
}

static json_t *lists_json(const struct roundtable *r, json_t *o)
{
	json_t *ents = json_array(), *people = json_array();

	for (size_t i = 0; i < r->nenterprises; i++)
		json_array_append_new(ents, json_pack("{s:I, s:o, s:b}", "enterprise_id",
						      (json_int_t)r->enterprises[i].enterprise_id,
						      "name", api_str(r->enterprises[i].name),
						      "attended", r->enterprises[i].attended));
	for (size_t i = 0; i < r->npeople; i++) {
		const struct rt_person *p = &r->people[i];

		json_array_append_new(people, json_pack(
			"{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			"kind", rt_person_kind_codes[p->kind], "name", p->name ? p->name : "",
			"title", api_str(p->title), "enterprise_id", id_or_null(p->enterprise_id),
			"enterprise_name", api_str(p->enterprise_name),
			"unit_id", id_or_null(p->unit_id), "unit_name", api_str(p->unit_name),
			"user_id", id_or_null(p->user_id), "attended", p->attended));
	}
	json_object_set_new(o, "enterprises", ents);
	json_object_set_new(o, "people", people);
	return o;
}

static json_t *rt_appeal_json(const struct rt_appeal *x)
{
	return json_pack("{s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			 "id", (json_int_t)x->id, "code", api_str(x->code),
			 "enterprise_id", (json_int_t)x->enterprise_id,
			 "enterprise_name", api_str(x->enterprise_name),
			 "category", api_str(x->category), "category_name", api_str(x->category_name),
			 "text", api_str(x->text), "state", api_str(x->state),
			 "answer", api_str(x->answer), "lead_unit_id", id_or_null(x->lead_unit_id),
			 "lead_unit_name", api_str(x->lead_unit_name),
			 "answered_at", api_str(x->answered_at), "answered_on_spot", x->on_spot);
}

/* Minutes record what the committee discussed about every enterprise at the table: they are
 * the committee's own, and an enterprise user does not get them (see docs/roundtables.md). */
static bool sees_minutes(const struct principal *p)
{
	return !p || p->role != ROLE_ENTERPRISE;
}

/* ---- series ------------------------------------------------------------------------------- */

int rt_series_list(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct rt_series *items;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	if ((rc = store_rt_series_list(req->store, req->arena, &items, &n)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:I, s:o, s:s}",
						     "id", (json_int_t)items[i].id,
						     "name", items[i].name,
						     "note", api_str(items[i].note),
						     "sessions", (json_int_t)items[i].sessions,
						     "last_held_on", api_str(items[i].last_held_on),
						     "created_at", items[i].created_at));
	return api_json(res, 200, json_pack("{s:o}", "items", arr));
}

int rt_series_create(struct request *req, struct response *res)
{
	static const char *const allowed[] = {"name", "note", NULL};
	static const char *const ro[] = {"id", "sessions", "last_held_on", "created_at", NULL};
	struct rt_series x = {0};
	struct verrors errs;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, allowed, ro, &errs);
	jd_str_required(json_object_get(body, "name"), "name", req->arena, &errs, &x.name);
	jd_str(json_object_get(body, "note"), "note", req->arena, &errs, &x.note);
	json_decref(body);
	if (x.name && strlen(x.name) > 3 * ROUNDTABLE_TEXT_MAX)
		verr_add(&errs, "name", "too_long", "is too long");
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_rt_series_create(req->store, &x, req->arena);
	if (rc == GL_EDUPLICATE)
		return api_error(res, 409, "duplicate", "name", "a series named %s exists already",
				 x.name);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	res->location = arena_printf(req->arena, "/api/v1/roundtable-series/%lld", (long long)x.id);
	return api_json(res, 201, json_pack("{s:I, s:s, s:o, s:I, s:n, s:s}", "id",
					    (json_int_t)x.id, "name", x.name, "note",
					    api_str(x.note), "sessions", (json_int_t)0,
					    "last_held_on", "created_at", x.created_at));
}

/* ---- decoding a session ------------------------------------------------------------------- */

static void decode_enterprises(json_t *v, struct arena *a, struct verrors *errs,
			       struct roundtable *r)
{
	static const char *const allowed[] = {"enterprise_id", "attended", NULL};
	static const char *const ro[] = {"name", NULL};
	char f[VERR_FIELD_LEN];
	size_t i;
	json_t *x;

	if (json_is_null(v)) {
		r->nenterprises = 0;
		return;
	}
	if (!json_is_array(v)) {
		verr_add(errs, "enterprises", "type", "must be an array of {enterprise_id, attended}");
		return;
	}
	r->nenterprises = json_array_size(v);
	r->enterprises = arena_alloc(a, (r->nenterprises + 1) * sizeof(*r->enterprises));
	if (!r->enterprises) {
		r->nenterprises = 0;
		return;
	}
	json_array_foreach(v, i, x) {
		struct rt_enterprise *e = &r->enterprises[i];

		/* A bare id is an invitation whose attendance is not known yet. */
		if (json_is_integer(x)) {
			snprintf(f, sizeof(f), "enterprises[%zu]", i);
			jd_id(x, f, errs, &e->enterprise_id);
			continue;
		}
		if (!json_is_object(x)) {
			snprintf(f, sizeof(f), "enterprises[%zu]", i);
			verr_add(errs, f, "type", "must be an enterprise id or {enterprise_id,"
				 " attended}");
			continue;
		}
		struct verrors sub;
		verr_init(&sub);
		jd_known(x, allowed, ro, &sub);
		for (int k = 0; k < sub.n; k++) {
			snprintf(f, sizeof(f), "enterprises[%zu].%s", i, sub.items[k].field);
			verr_add(errs, f, sub.items[k].code, "%s", sub.items[k].message);
		}
		snprintf(f, sizeof(f), "enterprises[%zu].enterprise_id", i);
		jd_id(json_object_get(x, "enterprise_id"), f, errs, &e->enterprise_id);
		snprintf(f, sizeof(f), "enterprises[%zu].attended", i);
		jd_bool(json_object_get(x, "attended"), f, errs, &e->attended);
	}
}

static void decode_people(json_t *v, struct arena *a, struct verrors *errs, struct roundtable *r)
{
	static const char *const allowed[] = {"kind", "name", "title", "enterprise_id", "unit_id",
					      "user_id", "attended", NULL};
	static const char *const ro[] = {"enterprise_name", "unit_name", NULL};
	char f[VERR_FIELD_LEN];
	size_t i;
	json_t *x;

	if (json_is_null(v)) {
		r->npeople = 0;
		return;
	}
	if (!json_is_array(v)) {
		verr_add(errs, "people", "type", "must be an array of people");
		return;
	}
	r->npeople = json_array_size(v);
	r->people = arena_alloc(a, (r->npeople + 1) * sizeof(*r->people));
	if (!r->people) {
		r->npeople = 0;
		return;
	}
	json_array_foreach(v, i, x) {
		struct rt_person *p = &r->people[i];
		const char *kind = NULL;
		struct verrors sub;

		p->attended = true;
		snprintf(f, sizeof(f), "people[%zu]", i);
		if (!json_is_object(x)) {
			verr_add(errs, f, "type", "must be an object {kind, name, ...}");
			continue;
		}
		verr_init(&sub);
		jd_known(x, allowed, ro, &sub);
		for (int k = 0; k < sub.n; k++) {
			snprintf(f, sizeof(f), "people[%zu].%s", i, sub.items[k].field);
			verr_add(errs, f, sub.items[k].code, "%s", sub.items[k].message);
		}
		snprintf(f, sizeof(f), "people[%zu].kind", i);
		jd_str_required(json_object_get(x, "kind"), f, a, errs, &kind);
		if (kind) {
			int k = rt_person_kind_parse(kind);

			if (k < 0)
				verr_add(errs, f, "invalid", "must be entrepreneur, leader or unit");
			else
				p->kind = (enum roundtable_person_kind)k;
		}
		snprintf(f, sizeof(f), "people[%zu].name", i);
		jd_str(json_object_get(x, "name"), f, a, errs, &p->name);
		snprintf(f, sizeof(f), "people[%zu].title", i);
		jd_str(json_object_get(x, "title"), f, a, errs, &p->title);
		snprintf(f, sizeof(f), "people[%zu].enterprise_id", i);
		jd_id(json_object_get(x, "enterprise_id"), f, errs, &p->enterprise_id);
		snprintf(f, sizeof(f), "people[%zu].unit_id", i);
		jd_id(json_object_get(x, "unit_id"), f, errs, &p->unit_id);
		snprintf(f, sizeof(f), "people[%zu].user_id", i);
		jd_id(json_object_get(x, "user_id"), f, errs, &p->user_id);
		snprintf(f, sizeof(f), "people[%zu].attended", i);
		jd_bool(json_object_get(x, "attended"), f, errs, &p->attended);
	}
}

/* The members of fields[] present in body, into r. */
static void decode(json_t *body, struct arena *a, struct verrors *errs, struct roundtable *r)
{
	const char *key, *format = NULL;
	json_t *v;

	json_object_foreach(body, key, v) {
		if (strcmp(key, "series_id") == 0) {
			jd_id(v, key, errs, &r->series_id);
		} else if (strcmp(key, "number") == 0) {
			if (json_is_integer(v) && json_integer_value(v) < 1)
				verr_add(errs, key, "invalid", "must be 1 or more (第N期)");
			else
				jd_id(v, key, errs, &r->number);
		} else if (strcmp(key, "held_on") == 0) {
			jd_str_required(v, key, a, errs, &r->held_on);
		} else if (strcmp(key, "venue") == 0) {
			jd_str(v, key, a, errs, &r->venue);
		} else if (strcmp(key, "theme") == 0) {
			jd_str(v, key, a, errs, &r->theme);
		} else if (strcmp(key, "minutes") == 0) {
			/* Longer than jd_str allows: roundtable_validate counts the characters. */
			if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
				r->minutes = NULL;
			else if (!json_is_string(v))
				verr_add(errs, key, "type", "must be a string");
			else
				r->minutes = arena_strdup(a, json_string_value(v));
		} else if (strcmp(key, "format") == 0) {
			jd_str_required(v, key, a, errs, &format);
			if (format) {
				int f = roundtable_format_parse(format);

				if (f < 0)
					verr_add(errs, key, "invalid", "must be roundtable, forum,"
						 " site_visit, online or other");
				else
					r->format = (enum roundtable_format)f;
			}
		} else if (strcmp(key, "enterprises") == 0) {
			decode_enterprises(v, a, errs, r);
		} else if (strcmp(key, "people") == 0) {
			decode_people(v, a, errs, r);
		}
	}
}

/* ---- sessions ----------------------------------------------------------------------------- */

/* The whole session as the caller may see it: one call for the session page. */
static int answer(struct request *req, struct response *res, int status, int64_t id,
		  const char *today_text, struct ymd today)
{
	struct scope scope = principal_scope(req->principal);
	struct roundtable r;
	struct rt_appeal *appeals;
	struct rt_project *projects;
	struct arrangement_page page;
	struct calendar cal;
	size_t nappeals, nprojects;
	struct arrangement_query q = {.status = -1, .overdue = -1, .roundtable_id = id,
				      .today = today_text, .limit = 1000, .scope = &scope};
	enum gl_err rc;

	rc = store_roundtable_get(req->store, id, &scope, today_text, req->arena, &r);
	if (rc == GL_OK)
		rc = store_roundtable_appeals(req->store, id, &scope, req->arena, &appeals,
					      &nappeals);
	if (rc == GL_OK)
		rc = store_roundtable_projects(req->store, id, &scope, req->arena, &projects,
					       &nprojects);
	if (rc == GL_OK)
		rc = store_arrangement_list(req->store, &q, req->arena, &page);
	if (rc == GL_OK)
		rc = store_calendar_load(req->store, req->arena, &cal);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *o = lists_json(&r, summary_json(req, &r));
	json_object_set_new(o, "minutes", sees_minutes(req->principal) ? api_str(r.minutes)
									: json_null());
	json_t *arr = json_array();
	for (size_t i = 0; i < nappeals; i++)
		json_array_append_new(arr, rt_appeal_json(&appeals[i]));
	json_object_set_new(o, "appeals", arr);
	arr = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(arr, arrangement_json(&page.items[i], &cal, today));
	json_object_set_new(o, "arrangements", arr);
	arr = json_array();
	for (size_t i = 0; i < nprojects; i++)
		json_array_append_new(arr, json_pack("{s:I, s:o, s:o, s:o, s:o}", "project_id",
						     (json_int_t)projects[i].project_id,
						     "code", api_str(projects[i].code),
						     "name", api_str(projects[i].name),
						     "stage", api_str(projects[i].stage),
						     "note", api_str(projects[i].note)));
	json_object_set_new(o, "projects", arr);
	json_object_set_new(o, "as_of", json_string(today_text));
	api_etag(req, res, r.version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/roundtables/%lld", (long long)id);
	return api_json(res, status, o);
}

static int today(struct request *req, struct response *res, struct ymd *d, const char **text)
{
	*d = date_shanghai(time(NULL));
	*text = arena_printf(req->arena, "%04d-%02d-%02d", d->y, d->m, d->d);
	return *text ? 0 : api_fail(res, GL_ENOMEM, NULL);
}

int roundtables_create(struct request *req, struct response *res)
{
	struct roundtable r = {.format = ROUNDTABLE_ROUND};
	struct verrors errs;
	const char *day;
	struct ymd d;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, read_only, &errs);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	if (!json_object_get(body, "held_on"))
		verr_add(&errs, "held_on", "required", "the day of the session, YYYY-MM-DD");
	decode(body, req->arena, &errs, &r);
	json_decref(body);
	roundtable_validate(&r, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_roundtable_create(req->store, &r, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	if ((status = today(req, res, &d, &day)))
		return status;
	return answer(req, res, 201, r.id, day, d);
}

int roundtables_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"as_of", NULL};
	int64_t id = api_param_id(req, 0);
	const char *day;
	struct ymd d;
	int status;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_as_of(req, res, &d, &day)))
		return status;
	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	return answer(req, res, 200, id, day, d);
}

int roundtables_patch(struct request *req, struct response *res)
{
	struct roundtable r;
	struct verrors errs;
	int64_t id, version;
	const char *day;
	struct ymd d;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_roundtable_get(req->store, id, NULL, NULL, req->arena, &r);
	if (rc != GL_OK || (version && r.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	jd_known(body, fields, read_only, &errs);
	decode(body, req->arena, &errs, &r);
	json_decref(body);
	roundtable_validate(&r, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_roundtable_update(req->store, &r, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	if ((status = today(req, res, &d, &day)))
		return status;
	return answer(req, res, 200, r.id, day, d);
}

int roundtables_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"series", "year", "enterprise", "as_of", "limit",
					    "offset", NULL};
	struct scope scope = principal_scope(req->principal);
	struct roundtable_query q = {.scope = &scope};
	struct roundtable_page page;
	struct ymd d;
	int64_t year;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "series", 1, INT64_MAX, 0, &q.series_id)) ||
	    (status = api_query_int(req, res, "year", 1900, 2999, 0, &year)) ||
	    (status = api_query_int(req, res, "enterprise", 1, INT64_MAX, 0, &q.enterprise_id)) ||
	    (status = api_as_of(req, res, &d, &q.today)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	q.year = (int)year;
	if ((rc = store_roundtable_list(req->store, &q, req->arena, &page)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, summary_json(req, &page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I, s:s}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset, "as_of", q.today));
}

/* ---- projects that came out of a session -------------------------------------------------- */

int roundtables_link_project(struct request *req, struct response *res)
{
	static const char *const allowed[] = {"note", NULL};
	int64_t id = api_param_id(req, 0), project_id = api_param_id(req, 1);
	const char *note = NULL;
	struct verrors errs;
	json_t *body = NULL;
	bool created = false;
	int status;
	enum gl_err rc;

	if (!id || !project_id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	/* The note is optional, and so is the body. */
	if (req->body_len && (status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	if (body) {
		jd_known(body, allowed, NULL, &errs);
		jd_str(json_object_get(body, "note"), "note", req->arena, &errs, &note);
		json_decref(body);
	}
	if (note && strlen(note) > 3 * ROUNDTABLE_NOTE_MAX)
		verr_add(&errs, "note", "too_long", "is longer than %d characters",
			 ROUNDTABLE_NOTE_MAX);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_roundtable_link(req->store, id, project_id, note, &created);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	struct project p;
	rc = store_project_get(req->store, project_id, NULL, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_json(res, created ? 201 : 200,
			json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "roundtable_id", (json_int_t)id,
				  "project_id", (json_int_t)project_id, "code", p.code,
				  "name", p.name, "stage", project_stages[p.stage].code,
				  "note", api_str(note)));
}

int roundtables_unlink_project(struct request *req, struct response *res)
{
	int64_t id = api_param_id(req, 0), project_id = api_param_id(req, 1);
	enum gl_err rc;

	if (!id || !project_id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_roundtable_unlink(req->store, id, project_id);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_no_content(res);
}
