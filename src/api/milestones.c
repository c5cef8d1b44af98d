/* milestones.c - /api/v1/projects/{id}/milestones, the portfolio of red and yellow milestones
 * (三色预警), stalled projects and the thresholds of both (/api/v1/settings/warnings). */
#include "resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../domain/milestone.h"
#include "../store/store.h"
#include "../util/date.h"

int api_as_of(struct request *req, struct response *res, struct ymd *out, const char **text)
{
	const char *v;
	int status;

	if ((status = api_query_str(req, res, "as_of", &v)))
		return status;
	if (!v) {
		*out = date_shanghai(time(NULL));
		*text = arena_printf(req->arena, "%04d-%02d-%02d", out->y, out->m, out->d);
		return *text ? 0 : api_fail(res, GL_ENOMEM, NULL);
	}
	if (date_parse_iso(v, out) != 0)
		return api_error(res, 400, "bad_parameter", "as_of", "as_of must be a date as"
				 " YYYY-MM-DD");
	*text = v;
	return 0;
}

static int parse_day(const char *s, struct ymd *out)
{
	return s && date_parse_iso(s, out) == 0;
}

/* Everything a milestone shows: what was planned and done, and its colour on the day. */
static json_t *milestone_json(const struct milestone *m, const struct milestone_status *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(milestone_kinds[m->kind].code));
	json_object_set_new(o, "name", api_str(m->name));
	json_object_set_new(o, "planned_on", api_str(m->planned_on));
	json_object_set_new(o, "actual_on", api_str(m->actual_on));
	json_object_set_new(o, "note", api_str(m->note));
	json_object_set_new(o, "status", json_string(milestone_colors[st->color]));
	json_object_set_new(o, "done", json_boolean(st->done));
	json_object_set_new(o, "working_days_late",
			    st->late >= 0 ? json_integer(st->late) : json_null());
	json_object_set_new(o, "working_days_left",
			    st->left >= 0 ? json_integer(st->left) : json_null());
	return o;
}

static struct milestone_status judge(const struct calendar *cal, const struct milestone *m,
				     struct ymd today, int window)
{
	struct ymd planned, actual;
	int hp = parse_day(m->planned_on, &planned), ha = parse_day(m->actual_on, &actual);

	return milestone_judge(cal, hp ? &planned : NULL, ha ? &actual : NULL, today, window);
}

/* The caller's project (404 outside their scope), the calendar and the warning window. */
static int open_project(struct request *req, struct response *res, int64_t *id,
			struct calendar *cal, struct warning_settings *w)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	enum gl_err rc;

	if (!(*id = api_param_id(req, 0)))
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_project_get(req->store, *id, &scope, req->arena, &p);
	if (rc == GL_OK)
		rc = store_calendar_load(req->store, req->arena, cal);
	if (rc == GL_OK)
		rc = store_warning_settings_get(req->store, req->arena, w);
	return rc == GL_OK ? 0 : api_fail(res, rc, NULL);
}

static int answer_list(struct request *req, struct response *res, int64_t id,
		       const struct milestone_list *l, const struct calendar *cal,
		       const struct warning_settings *w, struct ymd today, const char *as_of)
{
	enum milestone_color worst = MC_NONE;
	int counts[MC__MAX] = {0};
	bool fallback = false;
	json_t *items = json_array(), *c = json_object();

	for (size_t i = 0; i < l->n; i++) {
		struct milestone_status st = judge(cal, &l->items[i], today, w->window);

		if (st.color > worst)
			worst = st.color;
		counts[st.color]++;
		fallback |= st.fallback;
		json_array_append_new(items, milestone_json(&l->items[i], &st));
	}
	for (int i = 0; i < MC__MAX; i++)
		json_object_set_new(c, milestone_colors[i], json_integer(counts[i]));
	api_etag(req, res, l->version);
	return api_json(res, 200, json_pack("{s:I, s:s, s:i, s:s, s:o, s:b, s:I, s:o}",
					    "project_id", (json_int_t)id, "as_of", as_of,
					    "window_days", w->window,
					    "status", milestone_colors[worst], "counts", c,
					    "calendar_estimated", fallback,
					    "version", (json_int_t)l->version, "items", items));
}

int milestones_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"as_of", NULL};
	struct milestone_list l;
	struct warning_settings w;
	struct calendar cal;
	struct ymd today;
	const char *as_of;
	int64_t id;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_as_of(req, res, &today, &as_of)) ||
	    (status = open_project(req, res, &id, &cal, &w)))
		return status;
	if ((rc = store_milestones_get(req->store, id, req->arena, &l)) != GL_OK)
		return api_fail(res, rc, NULL);
	return answer_list(req, res, id, &l, &cal, &w, today, as_of);
}

static const char *const item_fields[] = {"kind", "name", "planned_on", "actual_on", "note", NULL};
static const char *const item_read_only[] = {"status", "done", "working_days_late",
					     "working_days_left", NULL};

static bool listed(const char *key, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(key, *list) == 0)
			return true;
	return false;
}

/* One element of "items": every problem named "items[i].field". */
static void decode_item(json_t *o, size_t i, struct arena *a, struct verrors *errs,
			struct milestone *m)
{
	char field[64];
	const char *key, *kind = NULL;
	json_t *v;

	memset(m, 0, sizeof(*m));
	m->kind = MS_CUSTOM;
	if (!json_is_object(o)) {
		snprintf(field, sizeof(field), "items[%zu]", i);
		verr_add(errs, field, "type", "must be an object");
		return;
	}
	json_object_foreach(o, key, v) {
		snprintf(field, sizeof(field), "items[%zu].%s", i, key);
		if (listed(key, item_read_only))
			verr_add(errs, field, "read_only", "is computed by the server");
		else if (!listed(key, item_fields))
			verr_add(errs, field, "unknown", "is not a field of a milestone");
		else if (strcmp(key, "kind") == 0)
			jd_str_required(v, field, a, errs, &kind);
		else if (strcmp(key, "name") == 0)
			jd_str(v, field, a, errs, &m->name);
		else if (strcmp(key, "planned_on") == 0)
			jd_str(v, field, a, errs, &m->planned_on);
		else if (strcmp(key, "actual_on") == 0)
			jd_str(v, field, a, errs, &m->actual_on);
		else
			jd_str(v, field, a, errs, &m->note);
	}
	snprintf(field, sizeof(field), "items[%zu].kind", i);
	if (!json_object_get(o, "kind")) {
		verr_add(errs, field, "required", "one of signing, land, start, structure,"
			 " equipment, production, capacity, custom");
	} else if (kind) {
		int k = milestone_kind_parse(kind);

		if (k < 0)
			verr_add(errs, field, "invalid", "\"%s\" is not a milestone kind: signing,"
				 " land, start, structure, equipment, production, capacity or"
				 " custom", kind);
		else
			m->kind = (enum milestone_kind)k;
	}
	/* A standard milestone is named by its kind; echoing that name back is harmless. */
	if (m->kind != MS_CUSTOM && m->name && strcmp(m->name, milestone_kinds[m->kind].name)) {
		snprintf(field, sizeof(field), "items[%zu].name", i);
		verr_add(errs, field, "invalid", "a %s milestone is named %s; use kind custom for"
			 " another name", milestone_kinds[m->kind].code,
			 milestone_kinds[m->kind].name);
	}
	if (m->kind != MS_CUSTOM)
		m->name = milestone_kinds[m->kind].name;
}

int milestones_put(struct request *req, struct response *res)
{
	struct milestone_list l = {0};
	struct warning_settings w;
	struct calendar cal;
	struct verrors errs;
	struct ymd today = date_shanghai(time(NULL));
	const char *key;
	json_t *body, *items, *v;
	int64_t id, version;
	int status;
	enum gl_err rc;

	if ((status = open_project(req, res, &id, &cal, &w)) ||
	    (status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &version))) {
		json_decref(body);
		return status;
	}
	verr_init(&errs);
	json_object_foreach(body, key, v)
		if (strcmp(key, "items") != 0)
			verr_add(&errs, key, "unknown", "send {\"items\": [...]} and the version");
	items = json_object_get(body, "items");
	if (!items)
		verr_add(&errs, "items", "required", "the whole list of milestones (may be empty)");
	else if (!json_is_array(items))
		verr_add(&errs, "items", "type", "must be an array");
	else {
		l.n = json_array_size(items);
		if (l.n > MILESTONES_MAX) {
			verr_add(&errs, "items", "too_many", "at most %d milestones per project",
				 MILESTONES_MAX);
			l.n = 0;
		}
		l.items = arena_alloc(req->arena, (l.n ? l.n : 1) * sizeof(*l.items));
		if (!l.items) {
			json_decref(body);
			return api_fail(res, GL_ENOMEM, NULL);
		}
		for (size_t i = 0; i < l.n; i++)
			decode_item(json_array_get(items, i), i, req->arena, &errs, &l.items[i]);
		milestones_validate(l.items, l.n, today, &errs);
	}
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_milestones_put(req->store, id, version, l.items, l.n, req->arena, &l.version);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	{
		char buf[11];
		return answer_list(req, res, id, &l, &cal, &w, today,
				   arena_strdup(req->arena, date_format_iso(today, buf, sizeof(buf))));
	}
}

/* ---- the portfolio of warnings ----------------------------------------------------------- */

struct group {
	const char *leader;       /* by leader */
	int64_t unit_id;          /* by unit */
	const char *unit_name;
	int count[MC__MAX];
	json_t *items;
};

static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->count[MC_RED] != y->count[MC_RED])
		return y->count[MC_RED] - x->count[MC_RED];
	if (x->count[MC_YELLOW] != y->count[MC_YELLOW])
		return y->count[MC_YELLOW] - x->count[MC_YELLOW];
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	/* Projects without a leader come last among equals. */
	if (!x->leader || !y->leader)
		return !x->leader - !y->leader;
	return strcmp(x->leader, y->leader);
}

static struct group *group_of(struct group *g, size_t *n, const char *leader, int64_t unit_id,
			      const char *unit_name, bool by_leader)
{
	for (size_t i = 0; i < *n; i++) {
		if (by_leader && ((!g[i].leader && !leader) ||
				  (g[i].leader && leader && strcmp(g[i].leader, leader) == 0)))
			return &g[i];
		if (!by_leader && g[i].unit_id == unit_id)
			return &g[i];
	}
	g[*n] = (struct group){.leader = by_leader ? leader : NULL,
			       .unit_id = by_leader ? 0 : unit_id,
			       .unit_name = by_leader ? NULL : unit_name, .items = json_array()};
	return &g[(*n)++];
}

static json_t *groups_json(struct group *g, size_t n, bool by_leader)
{
	json_t *out = json_array();

	qsort(g, n, sizeof(*g), group_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		if (by_leader) {
			json_object_set_new(o, "leader", api_str(g[i].leader));
		} else {
			json_object_set_new(o, "unit_id",
					    g[i].unit_id ? json_integer(g[i].unit_id) : json_null());
			json_object_set_new(o, "unit_name", api_str(g[i].unit_name));
		}
		json_object_set_new(o, "red", json_integer(g[i].count[MC_RED]));
		json_object_set_new(o, "yellow", json_integer(g[i].count[MC_YELLOW]));
		json_object_set_new(o, "items", g[i].items);
		json_array_append_new(out, o);
	}
	return out;
}

/* ?color=red,yellow: which colours to list (both by default). */
static int parse_colors(struct request *req, struct response *res, bool want[MC__MAX])
{
	const char *v;
	int status;

	want[MC_RED] = want[MC_YELLOW] = true;
	if ((status = api_query_str(req, res, "color", &v)) || !v)
		return status;
	want[MC_RED] = want[MC_YELLOW] = false;
	while (*v) {
		size_t len = strcspn(v, ",");

		if (len == 3 && strncmp(v, "red", 3) == 0)
			want[MC_RED] = true;
		else if (len == 6 && strncmp(v, "yellow", 6) == 0)
			want[MC_YELLOW] = true;
		else
			return api_error(res, 400, "bad_parameter", "color",
					 "color lists red and/or yellow, e.g. color=red,yellow");
		v += len + (v[len] == ',');
	}
	return 0;
}

int milestones_warnings(struct request *req, struct response *res)
{
	static const char *const known[] = {"color", "leader", "unit", "as_of", NULL};
	struct scope scope = principal_scope(req->principal);
	struct milestone_query q = {.scope = &scope};
	struct warning_settings w;
	struct calendar cal;
	struct milestone_row *rows;
	struct group *leaders, *units;
	struct ymd today;
	bool want[MC__MAX] = {false}, fallback = false;
	size_t n, nl = 0, nu = 0;
	int counts[MC__MAX] = {0};
	char due[11];
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = parse_colors(req, res, want)) ||
	    (status = api_query_str(req, res, "leader", &q.leader)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_as_of(req, res, &today, &q.as_of)))
		return status;
	rc = store_calendar_load(req->store, req->arena, &cal);
	if (rc == GL_OK)
		rc = store_warning_settings_get(req->store, req->arena, &w);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	/* Not done and planned on or before the window's last working day is yellow at least;
	 * planned days off after it need the next working day as the bound. */
	q.due_before = date_format_iso(workday_add(&cal, today, w.window + 1, &fallback), due,
				       sizeof(due));
	rc = store_milestone_candidates(req->store, &q, req->arena, &rows, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	leaders = arena_alloc(req->arena, (n ? n : 1) * sizeof(*leaders));
	units = arena_alloc(req->arena, (n ? n : 1) * sizeof(*units));
	if (!leaders || !units)
		return api_fail(res, GL_ENOMEM, NULL);
	json_t *items = json_array();
	/* Red first, then yellow; within a colour by planned day (the store's order). */
	for (int color = MC_RED; color >= MC_YELLOW; color--) {
		for (size_t i = 0; i < n; i++) {
			struct milestone_row *r = &rows[i];
			struct milestone_status st = judge(&cal, &r->m, today, w.window);

			if ((int)st.color != color || !want[color])
				continue;
			fallback |= st.fallback;
			counts[color]++;
			json_t *o = milestone_json(&r->m, &st);
			json_object_set_new(o, "project_id", json_integer(r->project_id));
			json_object_set_new(o, "project_code", api_str(r->project_code));
			json_object_set_new(o, "project_name", api_str(r->project_name));
			json_object_set_new(o, "leader", api_str(r->leader));
			json_object_set_new(o, "unit_id",
					    r->unit_id ? json_integer(r->unit_id) : json_null());
			json_object_set_new(o, "unit_name", api_str(r->unit_name));
			struct group *gl = group_of(leaders, &nl, r->leader, 0, NULL, true);
			struct group *gu = group_of(units, &nu, NULL, r->unit_id, r->unit_name, false);
			gl->count[color]++;
			gu->count[color]++;
			json_array_append(gl->items, o);
			json_array_append(gu->items, o);
			json_array_append_new(items, o);
		}
	}
	json_t *colors = json_array();
	if (want[MC_RED])
		json_array_append_new(colors, json_string("red"));
	if (want[MC_YELLOW])
		json_array_append_new(colors, json_string("yellow"));
	return api_json(res, 200, json_pack(
		"{s:s, s:i, s:o, s:{s:i, s:i}, s:b, s:o, s:o, s:o}",
		"as_of", q.as_of, "window_days", w.window, "colors", colors,
		"counts", "red", counts[MC_RED], "yellow", counts[MC_YELLOW],
		"calendar_estimated", fallback, "items", items,
		"by_leader", groups_json(leaders, nl, true),
		"by_unit", groups_json(units, nu, false)));
}

/* ---- stalled projects -------------------------------------------------------------------- */

int stalled_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"as_of", "leader", "unit", "stage", NULL};
	struct scope scope = principal_scope(req->principal);
	struct stalled_query q = {.stage = -1, .scope = &scope};
	struct stalled_project *items;
	struct ymd today;
	const char *stage;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_as_of(req, res, &today, &q.as_of)) ||
	    (status = api_query_str(req, res, "leader", &q.leader)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_query_str(req, res, "stage", &stage)))
		return status;
	if (stage && (q.stage = project_stage_parse(stage)) < 0)
		return api_error(res, 400, "bad_parameter", "stage",
				 "\"%s\" is not a stage; see /api/v1/ref/stages", stage);
	if ((rc = store_stalled_list(req->store, &q, req->arena, &items, &n)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct stalled_project *p = &items[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:I, s:i}",
				      "project_id", (json_int_t)p->id, "code", p->code,
				      "name", p->name, "stage", project_stages[p->stage].code,
				      "stage_name", project_stages[p->stage].name,
				      "leader", api_str(p->leader),
				      "unit_id", p->unit_id ? json_integer(p->unit_id) : json_null(),
				      "unit_name", api_str(p->unit_name),
				      "last_activity_on", p->last_activity_on,
				      "last_activity", p->last_activity,
				      "days_idle", (json_int_t)p->days_idle,
				      "threshold_days", p->threshold);
		json_array_append_new(a, o);
	}
	return api_json(res, 200, json_pack("{s:s, s:I, s:o}", "as_of", q.as_of,
					    "total", (json_int_t)n, "items", a));
}

/* ---- settings ---------------------------------------------------------------------------- */

static int answer_settings(struct request *req, struct response *res,
			   const struct warning_settings *w)
{
	json_t *days = json_object();

	for (int i = 0; i < STAGE__MAX; i++)
		json_object_set_new(days, project_stages[i].code,
				    w->stall_days[i] > 0 ? json_integer(w->stall_days[i]) : json_null());
	api_etag(req, res, w->version);
	return api_json(res, 200, json_pack("{s:i, s:o, s:I, s:o}",
					    "milestone_window_days", w->window,
					    "stall_days", days, "version", (json_int_t)w->version,
					    "updated_at", api_str(w->updated_at)));
}

int settings_warnings_get(struct request *req, struct response *res)
{
	struct warning_settings w;
	enum gl_err rc = store_warning_settings_get(req->store, req->arena, &w);

	return rc == GL_OK ? answer_settings(req, res, &w) : api_fail(res, rc, NULL);
}

int settings_warnings_put(struct request *req, struct response *res)
{
	struct warning_settings w;
	struct verrors errs;
	const char *key;
	json_t *body, *v;
	int64_t version;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &version))) {
		json_decref(body);
		return status;
	}
	if ((rc = store_warning_settings_get(req->store, req->arena, &w)) != GL_OK) {
		json_decref(body);
		return api_fail(res, rc, NULL);
	}
	verr_init(&errs);
	/* Members left out keep their values. */
	json_object_foreach(body, key, v) {
		if (strcmp(key, "milestone_window_days") == 0) {
			if (!json_is_integer(v))
				verr_add(&errs, key, "type", "must be an integer");
			else if (json_integer_value(v) < 0 ||
				 json_integer_value(v) > WARNING_WINDOW_MAX)
				verr_add(&errs, key, "invalid", "must be 0 to %d working days",
					 WARNING_WINDOW_MAX);
			else
				w.window = (int)json_integer_value(v);
		} else if (strcmp(key, "stall_days") == 0) {
			const char *stage;
			json_t *d;
			char field[64];

			if (!json_is_object(v)) {
				verr_add(&errs, key, "type", "must be an object of stage: days");
				continue;
			}
			json_object_foreach(v, stage, d) {
				int s = project_stage_parse(stage);

				snprintf(field, sizeof(field), "stall_days.%s", stage);
				if (s < 0)
					verr_add(&errs, field, "unknown", "is not a stage");
				else if (json_is_null(d))
					w.stall_days[s] = 0;
				else if (!json_is_integer(d))
					verr_add(&errs, field, "type", "must be a number of days or null");
				else if (json_integer_value(d) < 1 ||
					 json_integer_value(d) > STALL_DAYS_MAX)
					w.stall_days[s] = -1; /* out of range: validate names it */
				else
					w.stall_days[s] = (int)json_integer_value(d);
			}
		} else {
			verr_add(&errs, key, "unknown", "is not a setting");
		}
	}
	json_decref(body);
	warning_settings_validate(&w, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	w.version = version;
	if ((rc = store_warning_settings_put(req->store, &w, req->arena)) != GL_OK)
		return api_fail(res, rc, NULL);
	return answer_settings(req, res, &w);
}
