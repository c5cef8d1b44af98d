/* arrangements.c - /api/v1/arrangements: arrangements (具体安排) made at roundtables and on
 * appeals, their working-day deadlines, and marking them done. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/date.h"

static const char *const create_fields[] = {
	"roundtable_id", "appeal_id", "text", "unit_id", "made_on", "deadline_days", "due_on",
	NULL,
};
static const char *const patch_fields[] = {
	"text", "unit_id", "made_on", "deadline_days", "due_on", "status", "result", "done_on",
	"reason", "cancelled_on", "version", NULL,
};
static const char *const read_only[] = {
	"id", "roundtable_title", "appeal_code", "unit_name", "due_fallback", "status_name",
	"reopen_count", "overdue", "due_soon", "on_time", "created_at", "updated_at", NULL,
};

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *arrangement_json(const struct arrangement *x, const struct calendar *cal,
			 struct ymd today)
{
	enum arrangement_judgement j = arrangement_judge(x, cal, today,
							 ARRANGEMENT_DUE_SOON_DAYS, NULL);
	char title[256] = "";
	json_t *o;

	if (x->roundtable_id)
		snprintf(title, sizeof(title), "%s第%lld期", x->series_name ? x->series_name : "",
			 (long long)x->roundtable_number);
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:I, s:o, s:s, s:o, s:s, s:b}",
		      "id", (json_int_t)x->id, "roundtable_id", id_or_null(x->roundtable_id),
		      "roundtable_title", x->roundtable_id ? json_string(title) : json_null(),
		      "appeal_id", id_or_null(x->appeal_id), "appeal_code", api_str(x->appeal_code),
		      "text", x->text, "unit_id", (json_int_t)x->unit_id,
		      "unit_name", api_str(x->unit_name), "made_on", x->made_on,
		      "deadline_days", x->deadline_days ? json_integer(x->deadline_days) : json_null(),
		      "due_on", x->due_on, "due_fallback", x->due_fallback);
	if (!o)
		return NULL;
	json_object_set_new(o, "status", json_string(arrangement_status_codes[x->status]));
	json_object_set_new(o, "status_name", json_string(arrangement_status_names[x->status]));
	json_object_set_new(o, "done_on", api_str(x->done_on));
	json_object_set_new(o, "result", api_str(x->result));
	json_object_set_new(o, "cancelled_on", api_str(x->cancelled_on));
	json_object_set_new(o, "reason", api_str(x->reason));
	json_object_set_new(o, "reopen_count", json_integer(x->reopen_count));
	json_object_set_new(o, "overdue", json_boolean(j == ARRANGEMENT_OVERDUE));
	json_object_set_new(o, "due_soon", json_boolean(j == ARRANGEMENT_DUE_SOON));
	json_object_set_new(o, "on_time", x->status == ARRANGEMENT_DONE
					  ? json_boolean(arrangement_on_time(x)) : json_null());
	json_object_set_new(o, "version", json_integer(x->version));
	json_object_set_new(o, "created_at", json_string(x->created_at));
	json_object_set_new(o, "updated_at", json_string(x->updated_at));
	return o;
}

static struct ymd shanghai_today(void)
{
	return date_shanghai(time(NULL));
}

static const char *iso(struct request *req, struct ymd d)
{
	return arena_printf(req->arena, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static int answer(struct request *req, struct response *res, int status,
		  const struct arrangement *x, struct ymd today)
{
	struct calendar cal;
	enum gl_err rc = store_calendar_load(req->store, req->arena, &cal);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	api_etag(req, res, x->version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/arrangements/%lld",
					     (long long)x->id);
	return api_json(res, status, arrangement_json(x, &cal, today));
}

/* The deadline members of body: deadline_days (working days) or due_on (a date), not both. */
static void decode_deadline(json_t *body, struct arena *a, struct verrors *errs,
			    struct arrangement *x)
{
	json_t *days = json_object_get(body, "deadline_days"), *due = json_object_get(body, "due_on");

	if (days && due && !json_is_null(days) && !json_is_null(due)) {
		verr_add(errs, "due_on", "invalid", "give deadline_days (working days) or due_on"
			 " (a date), not both");
		return;
	}
	if (days && !json_is_null(days)) {
		jd_int(days, "deadline_days", errs, &x->deadline_days, NULL);
		if (!x->deadline_days && !verr_has(errs, "deadline_days"))
			verr_add(errs, "deadline_days", "invalid", "must be 1 to %d working days",
				 ARRANGEMENT_DEADLINE_MAX);
	} else if (due && !json_is_null(due)) {
		jd_str(due, "due_on", a, errs, &x->due_on);
		x->deadline_days = 0;
	} else if (days || due) {
		verr_add(errs, days ? "deadline_days" : "due_on", "required", "an arrangement has"
			 " a deadline: deadline_days or due_on");
	}
}

int arrangements_create(struct request *req, struct response *res)
{
	struct arrangement x = {.status = ARRANGEMENT_OPEN};
	struct ymd today = shanghai_today();
	struct verrors errs;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, create_fields, read_only, &errs);
	static const char *const later[] = {"status", "result", "done_on", "reason",
					    "cancelled_on", "version", NULL};
	for (const char *const *f = later; *f; f++)
		if (json_object_get(body, *f))
			verr_add(&errs, *f, "read_only", "a new arrangement is open; its status"
				 " changes with PATCH");
	jd_id(json_object_get(body, "roundtable_id"), "roundtable_id", &errs, &x.roundtable_id);
	jd_id(json_object_get(body, "appeal_id"), "appeal_id", &errs, &x.appeal_id);
	jd_str(json_object_get(body, "text"), "text", req->arena, &errs, &x.text);
	jd_id(json_object_get(body, "unit_id"), "unit_id", &errs, &x.unit_id);
	jd_str(json_object_get(body, "made_on"), "made_on", req->arena, &errs, &x.made_on);
	decode_deadline(body, req->arena, &errs, &x);
	json_decref(body);
	/* Made on the day of the session it was made at, unless said otherwise; else today. */
	if (!x.made_on && x.roundtable_id) {
		struct roundtable r;

		if (store_roundtable_get(req->store, x.roundtable_id, NULL, NULL, req->arena, &r) ==
		    GL_OK)
			x.made_on = r.held_on;
	}
	if (!x.made_on)
		x.made_on = iso(req, today);
	arrangement_validate(&x, today, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_arrangement_create(req->store, &x, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_arrangement_get(req->store, x.id, NULL, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 201, &x, today);
}

int arrangements_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"as_of", NULL};
	struct scope scope = principal_scope(req->principal);
	struct arrangement x;
	int64_t id = api_param_id(req, 0);
	const char *day;
	struct ymd d;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_as_of(req, res, &d, &day)))
		return status;
	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_arrangement_get(req->store, id, &scope, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return answer(req, res, 200, &x, d);
}

/* Apply the status move of body (to) to x, checking it; 0 or the status set in res. */
static int apply_move(struct request *req, struct response *res, struct arrangement *x,
		      enum arrangement_status to, const char *reason, struct ymd today,
		      struct verrors *errs)
{
	enum arrangement_status from = x->status;
	char moves[64];

	if (!arrangement_transition_ok(from, to))
		return api_error(res, 409, "illegal_move", "status", "an arrangement %s can move"
				 " to %s, not to %s", arrangement_status_codes[from],
				 arrangement_transitions(from, moves, sizeof(moves)),
				 arrangement_status_codes[to]);
	/* Reopening is a decision someone answers for: never silent. */
	if (to == ARRANGEMENT_OPEN && !reason)
		return api_error(res, 409, "illegal_move", "status", "a %s arrangement is reopened"
				 " only with a reason (member \"reason\")",
				 arrangement_status_codes[from]);
	x->status = to;
	if (to == ARRANGEMENT_DONE) {
		if (!x->done_on)
			x->done_on = iso(req, today);
		x->cancelled_on = NULL;
	} else if (to == ARRANGEMENT_CANCELLED) {
		if (!x->cancelled_on)
			x->cancelled_on = iso(req, today);
		x->done_on = x->result = NULL;
	} else {
		if (x->done_on && from != ARRANGEMENT_DONE)
			verr_add(errs, "done_on", "invalid", "only marking it done takes a date");
		x->done_on = x->result = x->cancelled_on = NULL;
		x->reopen_count++;
	}
	x->reason = reason ? reason : (to == ARRANGEMENT_DONE ? NULL : x->reason);
	return 0;
}

int arrangements_patch(struct request *req, struct response *res)
{
	static const char *const editable[] = {"text", "unit_id", "made_on", "deadline_days",
					       "due_on", NULL};
	static const char *const handler_may[] = {"status", "result", "done_on", NULL};
	struct scope scope = principal_scope(req->principal);
	struct ymd today = shanghai_today();
	struct arrangement x, old;
	struct verrors errs;
	const char *to_text = NULL, *reason = NULL;
	int64_t id, version;
	json_t *body;
	int status, to;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_arrangement_get(req->store, id, &scope, req->arena, &x);
	if (rc != GL_OK || (version && x.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	old = x;
	/* A handler reports on its unit's arrangement; what was arranged is the officer's. */
	if (req->principal && req->principal->role == ROLE_HANDLER) {
		const char *key;
		json_t *v;

		json_object_foreach(body, key, v) {
			bool ok = false;

			for (const char *const *f = handler_may; *f && !ok; f++)
				ok = strcmp(key, *f) == 0;
			if (!ok) {
				/* key belongs to body: answer before letting it go. */
				status = api_error(res, 403, "forbidden", key, "a handler marks an"
						   " arrangement done (status, result, done_on); %s"
						   " is changed by an officer", key);
				json_decref(body);
				return status;
			}
		}
		const char *s = json_string_value(json_object_get(body, "status"));
		if (s && strcmp(s, "done") != 0) {
			json_decref(body);
			return api_error(res, 403, "forbidden", "status", "a handler marks an"
					 " arrangement done; an officer cancels or reopens it");
		}
	}
	verr_init(&errs);
	jd_known(body, patch_fields, read_only, &errs);
	jd_str(json_object_get(body, "status"), "status", req->arena, &errs, &to_text);
	jd_str(json_object_get(body, "reason"), "reason", req->arena, &errs, &reason);
	to = to_text ? arrangement_status_parse(to_text) : (int)x.status;
	if (to < 0)
		verr_add(&errs, "status", "invalid", "\"%s\" is not a status: open, done or"
			 " cancelled", to_text);
	bool edits = false;
	for (const char *const *f = editable; *f; f++)
		edits = edits || json_object_get(body, *f);
	/* A closed arrangement is a record of what happened: reopen it to change it. */
	if (x.status != ARRANGEMENT_OPEN && (edits || (to == (int)x.status &&
	    (json_object_get(body, "result") || json_object_get(body, "done_on") ||
	     json_object_get(body, "reason"))))) {
		json_decref(body);
		return api_error(res, 409, "illegal_move", "status", "the arrangement is %s; reopen"
				 " it (status open with a reason) before changing it",
				 arrangement_status_codes[x.status]);
	}
	jd_str(json_object_get(body, "text"), "text", req->arena, &errs, &x.text);
	jd_id(json_object_get(body, "unit_id"), "unit_id", &errs, &x.unit_id);
	jd_str(json_object_get(body, "made_on"), "made_on", req->arena, &errs, &x.made_on);
	decode_deadline(body, req->arena, &errs, &x);
	jd_str(json_object_get(body, "result"), "result", req->arena, &errs, &x.result);
	jd_str(json_object_get(body, "done_on"), "done_on", req->arena, &errs, &x.done_on);
	jd_str(json_object_get(body, "cancelled_on"), "cancelled_on", req->arena, &errs,
	       &x.cancelled_on);
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	if (to != (int)old.status) {
		if ((status = apply_move(req, res, &x, (enum arrangement_status)to, reason, today,
					 &errs)))
			return status;
	} else if (reason) {
		verr_add(&errs, "reason", "invalid", "only cancelling or reopening takes a reason");
	}
	arrangement_validate(&x, today, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_arrangement_update(req->store, &x, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_arrangement_get(req->store, x.id, NULL, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, &x, today);
}

int arrangements_query(struct request *req, struct response *res, const char *const *also,
		       struct arrangement_query *out, struct calendar *cal, struct ymd *as_of)
{
	static const char *const filters[] = {"unit", "status", "overdue", "due", "roundtable",
					      "appeal", "as_of", "limit", "offset"};
	const char *known[sizeof(filters) / sizeof(filters[0]) + 8];
	struct arrangement_query q = *out;
	const char *status_text, *due;
	struct ymd d;
	size_t nk = 0;
	int status;
	enum gl_err rc;

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		known[nk++] = filters[i];
	for (; also && *also && nk + 1 < sizeof(known) / sizeof(known[0]); also++)
		known[nk++] = *also;
	known[nk] = NULL;
	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "status", &status_text)) ||
	    (status = api_query_str(req, res, "due", &due)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_query_int(req, res, "roundtable", 1, INT64_MAX, 0, &q.roundtable_id)) ||
	    (status = api_query_int(req, res, "appeal", 1, INT64_MAX, 0, &q.appeal_id)) ||
	    (status = api_query_bool(req, res, "overdue", &q.overdue)) ||
	    (status = api_as_of(req, res, &d, &q.today)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	if (status_text && (q.status = arrangement_status_parse(status_text)) < 0)
		return api_error(res, 400, "bad_parameter", "status", "status must be one of open,"
				 " done, cancelled");
	if (due && strcmp(due, "soon") != 0)
		return api_error(res, 400, "bad_parameter", "due", "due=soon is the only value:"
				 " open arrangements due within %d working days",
				 ARRANGEMENT_DUE_SOON_DAYS);
	if ((rc = store_calendar_load(req->store, req->arena, cal)) != GL_OK)
		return api_fail(res, rc, NULL);
	if (due)
		q.soon_before = iso(req, arrangement_soon_limit(cal, d, ARRANGEMENT_DUE_SOON_DAYS,
								NULL));
	*out = q;
	*as_of = d;
	return 0;
}

int arrangements_list(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct arrangement_query q = {.status = -1, .scope = &scope};
	struct arrangement_page page;
	struct calendar cal;
	struct ymd d;
	int status;
	enum gl_err rc;

	if ((status = arrangements_query(req, res, NULL, &q, &cal, &d)))
		return status;
	if ((rc = store_arrangement_list(req->store, &q, req->arena, &page)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, arrangement_json(&page.items[i], &cal, d));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I, s:s}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset, "as_of", q.today));
}
