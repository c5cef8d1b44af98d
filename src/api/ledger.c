/* ledger.c - /api/v1/projects/{id}/stage and /stages: the stage ledger (see docs/ledger.md). */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/ledger.h"
#include "../store/store.h"
#include "../util/date.h"

json_t *ledger_event_json(const struct stage_event *e)
{
	json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:b, s:o, s:o, s:o, s:s}",
			      "id", (json_int_t)e->id,
			      "from", e->from >= 0 ? json_string(project_stages[e->from].code)
						   : json_null(),
			      "to", project_stages[e->to].code,
			      "effective_on", e->effective_on,
			      "skipped", (int)e->skipped,
			      "note", api_str(e->note), "reason", api_str(e->reason),
			      "user", api_str(e->username),
			      "recorded_at", e->recorded_at ? e->recorded_at : "");
	return o;
}

json_t *ledger_options_json(const struct project *p)
{
	struct ledger_state st = {.held = p->held};
	struct ledger_option opts[STAGE__MAX];
	int n = ledger_options(p, &st, opts);
	json_t *list = json_array();

	for (int i = 0; i < n; i++) {
		json_t *req = json_array();

		for (int j = 0; j < opts[i].nrequires; j++)
			json_array_append_new(req, json_string(opts[i].requires[j]));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o}",
						      "to", project_stages[opts[i].to].code,
						      "name", project_stages[opts[i].to].name,
						      "kind", ledger_kind_names[opts[i].kind],
						      "requires", req));
	}
	return list;
}

/* 409 naming the moves the project may make now. */
static int illegal(struct response *res, const struct project *p, const struct ledger_state *st,
		   enum project_stage to)
{
	struct ledger_option opts[STAGE__MAX];
	int n = ledger_options(p, st, opts);
	char allowed[160] = "";
	size_t len = 0;
	json_t *details = json_array(), *err;

	for (int i = 0; i < n; i++) {
		const char *code = project_stages[opts[i].to].code;
		int w = snprintf(allowed + len, sizeof(allowed) - len, "%s%s", i ? ", " : "", code);
		if (w > 0 && (size_t)w < sizeof(allowed) - len)
			len += (size_t)w;
		json_array_append_new(details, json_pack("{s:s, s:s, s:s}", "field", "to",
							 "code", code,
							 "message", ledger_kind_names[opts[i].kind]));
	}
	if (n)
		api_error(res, 409, "illegal_move", "to",
			  "a project at %s (%s) cannot move to %s; it may move to: %s",
			  project_stages[p->stage].name, project_stages[p->stage].code,
			  project_stages[to].code, allowed);
	else
		api_error(res, 409, "illegal_move", "to",
			  "a project at %s (%s) is final and cannot move", project_stages[p->stage].name,
			  project_stages[p->stage].code);
	err = json_object_get(res->json, "error");
	if (n)
		json_object_set_new(err, "details", details);
	else
		json_decref(details);
	return res->status;
}

static void decode_skipped(json_t *v, struct arena *a, struct verrors *errs,
			   struct stage_move *m)
{
	const char *key;
	json_t *date;

	if (!v || json_is_null(v))
		return;
	if (!json_is_object(v)) {
		verr_add(errs, "skipped", "type",
			 "must be an object of stage dates, e.g. {\"negotiating\": \"2023-01-05\"}");
		return;
	}
	json_object_foreach(v, key, date) {
		int s = project_stage_parse(key);
		char field[VERR_FIELD_LEN];

		snprintf(field, sizeof(field), "skipped.%s", key);
		if (s < 0) {
			verr_add(errs, field, "unknown", "is not a stage; see /api/v1/ref/stages");
			continue;
		}
		jd_str(date, field, a, errs, &m->skipped[s]);
	}
}

static void decode(json_t *body, struct arena *a, struct verrors *errs, struct stage_move *m,
		   struct project *fill, const char **to)
{
	static const char *const fields[] = {
		"to", "effective_on", "note", "reason", "skipped", "total_investment",
		"signed_amount", "location", "version", NULL,
	};
	const char *key;
	json_t *v;

	jd_known(body, fields, NULL, errs);
	json_object_foreach(body, key, v) {
		if (strcmp(key, "to") == 0)
			jd_str_required(v, key, a, errs, to);
		else if (strcmp(key, "effective_on") == 0)
			jd_str(v, key, a, errs, &m->effective_on);
		else if (strcmp(key, "note") == 0)
			jd_str(v, key, a, errs, &m->note);
		else if (strcmp(key, "reason") == 0)
			jd_str(v, key, a, errs, &m->reason);
		else if (strcmp(key, "skipped") == 0)
			decode_skipped(v, a, errs, m);
		else if (strcmp(key, "total_investment") == 0)
			jd_int(v, key, errs, &fill->total_investment, &fill->has_investment);
		else if (strcmp(key, "signed_amount") == 0)
			jd_int(v, key, errs, &fill->signed_amount, &fill->has_signed_amount);
		else if (strcmp(key, "location") == 0)
			jd_str(v, key, a, errs, &fill->location);
	}
	if (!json_object_get(body, "to"))
		verr_add(errs, "to", "required", "is required: the stage to move to");
}

int ledger_move(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct project before, after;
	struct stage_move m;
	struct stage_event events[LEDGER_MAX_EVENTS];
	struct ledger_state st;
	struct verrors errs;
	const char *to = NULL;
	char today[16];
	int64_t id = api_param_id(req, 0), version;
	int nevents = 0, status;
	json_t *body;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &version))) {
		json_decref(body);
		return status;
	}
	rc = store_project_get(req->store, id, &scope, req->arena, &before);
	if (rc != GL_OK || (version && before.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	memset(&m, 0, sizeof(m));
	after = before;
	verr_init(&errs);
	decode(body, req->arena, &errs, &m, &after, &to);
	json_decref(body);
	if (to) {
		int s = project_stage_parse(to);
		if (s < 0)
			verr_add(&errs, "to", "invalid", "\"%s\" is not a stage; see /api/v1/ref/stages",
				 to);
		else
			m.to = (enum project_stage)s;
	}
	if (!after.location)
		verr_add(&errs, "location", "required",
			 "is required: a GB/T 2260 code or \"zone\"");
	else if (after.location != before.location) {
		rc = store_ref_exists(req->store, REF_REGION, after.location);
		if (rc == GL_ENOTFOUND)
			verr_add(&errs, "location", "unknown", "\"%s\" is not a known location",
				 after.location);
		else if (rc != GL_OK)
			return api_fail(res, rc, NULL);
	}
	if (after.has_investment && (after.total_investment < 0 ||
				     after.total_investment > PROJECT_MAX_INVESTMENT))
		verr_add(&errs, "total_investment", "invalid",
			 "must be between 0 and %lld (万元)", (long long)PROJECT_MAX_INVESTMENT);
	if (after.has_signed_amount && (after.signed_amount < 0 ||
					after.signed_amount > PROJECT_MAX_INVESTMENT))
		verr_add(&errs, "signed_amount", "invalid",
			 "must be between 0 and %lld (万元)", (long long)PROJECT_MAX_INVESTMENT);
	if ((rc = store_stage_state(req->store, id, req->arena, &st)) != GL_OK)
		return api_fail(res, rc, NULL);
	/* A move that is not allowed at all is refused as such (409), whatever else is wrong. */
	if (to && project_stage_parse(to) >= 0 && ledger_classify(&before, &st, m.to) < 0)
		return illegal(res, &before, &st, m.to);
	if (errs.n)
		return api_invalid(res, &errs);
	date_format_iso(date_shanghai(time(NULL)), today, sizeof(today));
	switch (ledger_plan(&before, &st, &m, today, &after, events, &nevents, &errs)) {
	case LEDGER_ILLEGAL:
		return illegal(res, &before, &st, m.to);
	case LEDGER_INVALID:
		return api_invalid(res, &errs);
	case LEDGER_OK:
		break;
	}
	/* What the project holds from now on, for its allowed moves. */
	after.held = after.stage == STAGE_ON_HOLD || after.stage == STAGE_DROPPED
		? ledger_base(&before, &st) : after.stage;
	rc = store_stage_move(req->store, &before, &after, events, nevents, req->arena);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *list = json_array();
	for (int i = 0; i < nevents; i++)
		json_array_append_new(list, ledger_event_json(&events[i]));
	api_etag(req, res, after.version);
	return api_json(res, 200, json_pack("{s:o, s:o}", "project", project_json(&after),
					    "events", list));
}

int ledger_list(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct stage_event *items;
	int64_t id = api_param_id(req, 0), n;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_stage_events(req->store, id, &scope, req->arena, &items, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *list = json_array();
	for (int64_t i = 0; i < n; i++)
		json_array_append_new(list, ledger_event_json(&items[i]));
	return api_json(res, 200, json_pack("{s:o}", "items", list));
}
