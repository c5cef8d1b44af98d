/* taskforces.c - /api/v1/taskforces: task forces (专班), the projects they serve, their open
 * problems and their coordination meetings, whose decisions open and end problems. */
#include "resources.h"

#include <stdio.h>
#include <string.h>

#include "../domain/taskforce.h"
#include "../store/store.h"

static const char *const fields[] = {
	"name", "leader", "unit_id", "note", "members", "unit_ids", "project_ids", "version", NULL,
};
static const char *const read_only[] = {
	"id", "open_problem_count", "meeting_count", "projects", "open_problems", "meetings",
	"created_at", "updated_at", NULL,
};

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *ids_json(const int64_t *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *taskforce_json(const struct taskforce *t)
{
	json_t *members = json_array();

	for (size_t i = 0; i < t->nmembers; i++) {
		const struct taskforce_member *m = &t->members[i];

		json_array_append_new(members, json_pack("{s:s, s:o, s:o, s:o}", "name", m->name,
							  "title", api_str(m->title),
							  "user_id", id_or_null(m->user_id),
							  "unit_id", id_or_null(m->unit_id)));
	}
	json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id,
			      "name", t->name, "leader", api_str(t->leader),
			      "unit_id", id_or_null(t->unit_id), "note", api_str(t->note),
			      "members", members, "unit_ids", ids_json(t->unit_ids, t->nunits),
			      "project_ids", ids_json(t->project_ids, t->nprojects));
	if (!o)
		return NULL;
	json_object_set_new(o, "open_problem_count", json_integer(t->open_problems));
	json_object_set_new(o, "meeting_count", json_integer(t->meetings));
	json_object_set_new(o, "version", json_integer(t->version));
	json_object_set_new(o, "created_at", json_string(t->created_at));
	json_object_set_new(o, "updated_at", json_string(t->updated_at));
	return o;
}

static void decode_members(json_t *v, struct arena *a, struct verrors *errs,
			   struct taskforce *t)
{
	char f[VERR_FIELD_LEN];
	const char *key;
	size_t i;
	json_t *m, *x;

	if (json_is_null(v)) {
		t->nmembers = 0;
		return;
	}
	if (!json_is_array(v) || json_array_size(v) > TASKFORCE_MAX_MEMBERS) {
		verr_add(errs, "members", "type", "must be an array of at most %d members"
			 " {name, title, user_id, unit_id}", TASKFORCE_MAX_MEMBERS);
		return;
	}
	t->nmembers = json_array_size(v);
	t->members = arena_alloc(a, (t->nmembers ? t->nmembers : 1) * sizeof(*t->members));
	if (!t->members) {
		t->nmembers = 0;
		verr_add(errs, "members", "too_many", "too many members");
		return;
	}
	json_array_foreach(v, i, m) {
		struct taskforce_member *tm = &t->members[i];

		memset(tm, 0, sizeof(*tm));
		if (!json_is_object(m)) {
			snprintf(f, sizeof(f), "members[%zu]", i);
			verr_add(errs, f, "type", "must be an object {name, title, user_id, unit_id}");
			continue;
		}
		json_object_foreach(m, key, x) {
			snprintf(f, sizeof(f), "members[%zu].%s", i, key);
			if (strcmp(key, "name") == 0)
				jd_str_required(x, f, a, errs, &tm->name);
			else if (strcmp(key, "title") == 0)
				jd_str(x, f, a, errs, &tm->title);
			else if (strcmp(key, "user_id") == 0)
				jd_id(x, f, errs, &tm->user_id);
			else if (strcmp(key, "unit_id") == 0)
				jd_id(x, f, errs, &tm->unit_id);
			else
				verr_add(errs, f, "unknown", "is not a field of a member");
		}
	}
}

static void decode(json_t *body, struct arena *a, struct verrors *errs, struct taskforce *t)
{
	const char *key;
	json_t *v;

	jd_known(body, fields, read_only, errs);
	json_object_foreach(body, key, v) {
		if (strcmp(key, "name") == 0)
			jd_str(v, key, a, errs, &t->name);
		else if (strcmp(key, "leader") == 0)
			jd_str(v, key, a, errs, &t->leader);
		else if (strcmp(key, "unit_id") == 0)
			jd_id(v, key, errs, &t->unit_id);
		else if (strcmp(key, "note") == 0)
			jd_str(v, key, a, errs, &t->note);
		else if (strcmp(key, "members") == 0)
			decode_members(v, a, errs, t);
		else if (strcmp(key, "unit_ids") == 0)
			jd_ids(v, key, "unit ids", TASKFORCE_MAX_UNITS, a, errs, &t->unit_ids,
			       &t->nunits);
		else if (strcmp(key, "project_ids") == 0)
			jd_ids(v, key, "project ids", TASKFORCE_MAX_PROJECTS, a, errs, &t->project_ids,
			       &t->nprojects);
	}
}

static bool scoped(const struct scope *sc)
{
	return sc->enterprise_id || sc->restricted;
}

/* The task force with what a page about it shows: its projects, their open problems and its
 * meetings.  A scoped caller sees only the projects (and their problems) in its scope. */
static int detail(struct request *req, struct response *res, int status,
		  const struct taskforce *tf)
{
	struct scope scope = principal_scope(req->principal);
	json_t *o = taskforce_json(tf), *projects = json_array(), *problems = json_array();
	json_t *visible = json_array(), *meetings = json_array();
	struct meeting *ms;
	int64_t nm;
	enum gl_err rc = GL_OK;

	for (size_t i = 0; rc == GL_OK && i < tf->nprojects; i++) {
		struct project p;
		struct problem_query q = {.status = -1, .type = -1, .overdue = -1,
					  .project_id = tf->project_ids[i], .limit = API_MAX_LIMIT,
					  .scope = &scope};
		struct problem_page page;

		rc = store_project_get(req->store, tf->project_ids[i], &scope, req->arena, &p);
		if (rc == GL_ENOTFOUND) {
			rc = GL_OK;
			continue;
		}
		if (rc != GL_OK)
			break;
		json_array_append_new(visible, json_integer(p.id));
		json_array_append_new(projects, json_pack(
			"{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)p.id, "code", p.code,
			"name", p.name, "stage", project_stages[p.stage].code,
			"stage_name", project_stages[p.stage].name, "unit_id", id_or_null(p.unit_id)));
		rc = store_problem_list(req->store, &q, req->arena, &page);
		for (int64_t k = 0; rc == GL_OK && k < page.n; k++)
			if (page.items[k].status == PROBLEM_OPEN ||
			    page.items[k].status == PROBLEM_IN_PROGRESS)
				json_array_append_new(problems, problem_json(&page.items[k]));
	}
	if (rc == GL_OK)
		rc = store_meeting_list(req->store, tf->id, req->arena, &ms, &nm);
	if (rc != GL_OK) {
		json_decref(o);
		json_decref(projects);
		json_decref(problems);
		json_decref(visible);
		json_decref(meetings);
		return api_fail(res, rc, NULL);
	}
	for (int64_t i = 0; i < nm; i++)
		json_array_append_new(meetings, meeting_json(&ms[i]));
	if (scoped(&scope)) {
		json_object_set_new(o, "project_ids", visible);
		json_object_set_new(o, "open_problem_count",
				    json_integer((json_int_t)json_array_size(problems)));
	} else
		json_decref(visible);
	json_object_set_new(o, "projects", projects);
	json_object_set_new(o, "open_problems", problems);
	json_object_set_new(o, "meetings", meetings);
	api_etag(req, res, tf->version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/taskforces/%lld",
					     (long long)tf->id);
	return api_json(res, status, o);
}

int taskforces_create(struct request *req, struct response *res)
{
	struct taskforce t = {0};
	struct verrors errs;
	bool create_unit = false;
	json_t *body, *cu;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	/* Only a new task force may ask for its unit to be made with it. */
	if ((cu = json_object_get(body, "create_unit"))) {
		jd_bool(cu, "create_unit", &errs, &create_unit);
		json_object_del(body, "create_unit");
	}
	decode(body, req->arena, &errs, &t);
	if (json_object_get(body, "version"))
		verr_add(&errs, "version", "read_only", "is set by the server");
	json_decref(body);
	if (create_unit && t.unit_id)
		verr_add(&errs, "create_unit", "invalid", "give unit_id or create_unit, not both");
	taskforce_validate(&t, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_taskforce_create(req->store, &t, create_unit, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_taskforce_get(req->store, t.id, NULL, req->arena, &t);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return detail(req, res, 201, &t);
}

int taskforces_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct taskforce t;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_taskforce_get(req->store, id, &scope, req->arena, &t);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return detail(req, res, 200, &t);
}

int taskforces_patch(struct request *req, struct response *res)
{
	struct taskforce t;
	struct verrors errs;
	int64_t id, version;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_patch_begin(req, res, &id, &body, &version)))
		return status;
	rc = store_taskforce_get(req->store, id, NULL, req->arena, &t);
	if (rc != GL_OK || (version && t.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	decode(body, req->arena, &errs, &t);
	json_decref(body);
	taskforce_validate(&t, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_taskforce_update(req->store, &t, req->arena, &errs);
	if (rc == GL_OK)
		rc = store_taskforce_get(req->store, t.id, NULL, req->arena, &t);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return detail(req, res, 200, &t);
}

int taskforces_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"limit", "offset", NULL};
	struct scope scope = principal_scope(req->principal);
	struct taskforce_page page;
	int64_t limit, offset;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &offset)))
		return status;
	rc = store_taskforce_list(req->store, &scope, limit, offset, req->arena, &page);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, taskforce_json(&page.items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

/* ---- meetings -------------------------------------------------------------------------- */

json_t *meeting_json(const struct meeting *m)
{
	json_t *att = json_array(), *dec = json_array();

	for (size_t i = 0; i < m->nattendees; i++)
		json_array_append_new(att, json_string(m->attendees[i]));
	for (size_t i = 0; i < m->ndecisions; i++)
		json_array_append_new(dec, json_pack("{s:s, s:s, s:o}",
						     "action", decision_actions[m->decisions[i].action],
						     "text", m->decisions[i].text,
						     "problem_id", id_or_null(m->decisions[i].problem_id)));
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "id", (json_int_t)m->id,
			 "taskforce_id", (json_int_t)m->taskforce_id, "held_on", m->held_on,
			 "topic", m->topic, "minutes", api_str(m->minutes), "attendees", att,
			 "decisions", dec, "recorded_by", api_str(m->username),
			 "recorded_at", m->recorded_at);
}

static void decode_decision(json_t *v, size_t i, struct arena *a, struct verrors *errs,
			    struct decision *d)
{
	char f[VERR_FIELD_LEN];
	const char *key, *action = NULL, *type = NULL;
	json_t *x;

	memset(d, 0, sizeof(*d));
	d->action = DECISION_NOTE;
	d->open.type = PROBLEM_OTHER;
	if (!json_is_object(v)) {
		snprintf(f, sizeof(f), "decisions[%zu]", i);
		verr_add(errs, f, "type", "must be an object {action, text, ...}");
		return;
	}
	snprintf(f, sizeof(f), "decisions[%zu].action", i);
	jd_str_required(json_object_get(v, "action"), f, a, errs, &action);
	int act = decision_action_parse(action);
	if (action && act < 0)
		verr_add(errs, f, "invalid", "must be open, resolve, close or note");
	if (act >= 0)
		d->action = (enum decision_action)act;
	json_object_foreach(v, key, x) {
		bool opening = strcmp(key, "project_id") == 0 || strcmp(key, "type") == 0 ||
			       strcmp(key, "unit_id") == 0 || strcmp(key, "deadline_days") == 0;

		snprintf(f, sizeof(f), "decisions[%zu].%s", i, key);
		if (strcmp(key, "action") == 0)
			continue;
		if (strcmp(key, "text") == 0) {
			jd_str(x, f, a, errs, &d->text);
		} else if (opening && act >= 0 && d->action != DECISION_OPEN) {
			verr_add(errs, f, "invalid", "only a decision to open a problem has %s", key);
		} else if (strcmp(key, "project_id") == 0) {
			jd_id(x, f, errs, &d->open.project_id);
		} else if (strcmp(key, "unit_id") == 0) {
			jd_id(x, f, errs, &d->open.unit_id);
		} else if (strcmp(key, "deadline_days") == 0) {
			jd_int(x, f, errs, &d->open.deadline_days, NULL);
		} else if (strcmp(key, "type") == 0) {
			jd_str_required(x, f, a, errs, &type);
			int t = problem_type_parse(type);
			if (type && t < 0)
				verr_add(errs, f, "invalid", "\"%s\" is not a problem type", type);
			else if (t >= 0)
				d->open.type = (enum problem_type)t;
		} else if (strcmp(key, "problem_id") == 0 &&
			   (d->action == DECISION_RESOLVE || d->action == DECISION_CLOSE)) {
			jd_id(x, f, errs, &d->problem_id);
		} else {
			verr_add(errs, f, "unknown", "is not a field of this decision");
		}
	}
	if (d->action == DECISION_OPEN && !json_object_get(v, "type")) {
		snprintf(f, sizeof(f), "decisions[%zu].type", i);
		verr_add(errs, f, "required", "the type of the problem to open");
	}
}

int meetings_create(struct request *req, struct response *res)
{
	static const char *const allowed[] = {"held_on", "topic", "minutes", "attendees",
					      "decisions", NULL};
	struct meeting m = {0};
	struct taskforce t;
	struct verrors errs;
	json_t *body, *v, *x;
	size_t i;
	int status;
	enum gl_err rc;

	if (!(m.taskforce_id = api_param_id(req, 0)))
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_taskforce_get(req->store, m.taskforce_id, NULL, req->arena, &t);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, allowed, NULL, &errs);
	jd_str_required(json_object_get(body, "held_on"), "held_on", req->arena, &errs,
			&m.held_on);
	jd_str(json_object_get(body, "topic"), "topic", req->arena, &errs, &m.topic);
	jd_str(json_object_get(body, "minutes"), "minutes", req->arena, &errs, &m.minutes);
	if ((v = json_object_get(body, "attendees")) && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) > MEETING_MAX_ATTENDEES) {
			verr_add(&errs, "attendees", "type", "must be an array of at most %d names",
				 MEETING_MAX_ATTENDEES);
		} else {
			m.nattendees = json_array_size(v);
			m.attendees = arena_alloc(req->arena,
						  (m.nattendees ? m.nattendees : 1) * sizeof(char *));
			json_array_foreach(v, i, x) {
				char f[VERR_FIELD_LEN];

				snprintf(f, sizeof(f), "attendees[%zu]", i);
				m.attendees[i] = NULL;
				jd_str_required(x, f, req->arena, &errs, &m.attendees[i]);
			}
		}
	}
	if ((v = json_object_get(body, "decisions")) && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) > MEETING_MAX_DECISIONS) {
			verr_add(&errs, "decisions", "type", "must be an array of at most %d"
				 " decisions", MEETING_MAX_DECISIONS);
		} else {
			m.ndecisions = json_array_size(v);
			m.decisions = arena_alloc(req->arena, (m.ndecisions ? m.ndecisions : 1) *
							      sizeof(*m.decisions));
			json_array_foreach(v, i, x)
				decode_decision(x, i, req->arena, &errs, &m.decisions[i]);
		}
	}
	json_decref(body);
	/* A problem opened by a meeting is dated by it. */
	for (i = 0; i < m.ndecisions; i++) {
		m.decisions[i].open.project_id = m.decisions[i].action == DECISION_OPEN
							 ? m.decisions[i].open.project_id : 0;
		m.decisions[i].open.opened_on = m.held_on;
		m.decisions[i].open.description = m.decisions[i].text;
	}
	meeting_validate(&m, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_meeting_create(req->store, &m, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	res->location = arena_printf(req->arena, "/api/v1/taskforces/%lld/meetings",
				     (long long)m.taskforce_id);
	return api_json(res, 201, meeting_json(&m));
}

int meetings_list(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct scope scope = principal_scope(req->principal);
	struct taskforce t;
	struct meeting *ms;
	int64_t n, id = api_param_id(req, 0);
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_taskforce_get(req->store, id, &scope, req->arena, &t);
	if (rc == GL_OK)
		rc = store_meeting_list(req->store, id, req->arena, &ms, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < n; i++)
		json_array_append_new(items, meeting_json(&ms[i]));
	return api_json(res, 200, json_pack("{s:o}", "items", items));
}
