/* appeals.c - /api/v1/appeals: intake, the inbox lists, an appeal's page with the actions the
 * caller may take, the workflow's actions, attachments; the categories, the limits and the
 * supervision (督办) list. */
#include "resources.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "../domain/appeal.h"
#include "../store/store.h"
#include "defer.h"
#include "../util/date.h"
#include "../domain/text.h"
#include "../util/utf8.h"

/* Where attachments live; set once at start-up (appeals_configure), read-only afterwards. */
static char attach_dir[1024];

void appeals_configure(const char *dir)
{
	snprintf(attach_dir, sizeof(attach_dir), "%s", dir ? dir : "");
}

size_t appeals_body_limit(const char *method, const char *path)
{
	size_t n = strlen(path), suffix = strlen("/attachments");

	if (strcmp(method, "POST") == 0 && strncmp(path, "/api/v1/appeals/", 16) == 0 &&
	    n > suffix && strcmp(path + n - suffix, "/attachments") == 0)
		return APPEAL_ATTACHMENT_MAX;
	return 0;
}

static struct ymd today(void)
{
	return date_shanghai(time(NULL));
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *name_or_null(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? json_string(names[v]) : json_null();
}

/* May the caller act on it as "their own" (see appeal_facts)? */
static bool own(const struct principal *p, const struct appeal *x)
{
	if (!p)
		return true;
	if (p->role == ROLE_HANDLER)
		return appeal_lead_is(x, p->unit_ids, p->nunits);
	if (p->role == ROLE_ENTERPRISE)
		return p->enterprise_id && p->enterprise_id == x->enterprise_id;
	return false;
}

static unsigned actions_for(const struct principal *p, const struct appeal *x)
{
	struct appeal_facts f = {x->state, p ? p->role : ROLE_ADMIN, own(p, x),
				 x->extension_pending, x->supervised};

	return appeal_actions(&f);
}

static json_t *actions_json(unsigned set)
{
	json_t *arr = json_array();

	for (int a = 0; a < APPEAL_ACTION__MAX; a++)
		if (set & (1u << a))
			json_array_append_new(arr, json_string(appeal_action_names[a]));
	return arr;
}

json_t *appeal_json(const struct appeal *x, const struct principal *p)
{
	char day[11];
	const char *running = appeal_running_due(x->state, x->accept_due_on, x->answer_due_on);
	const char *t = date_format_iso(today(), day, sizeof(day));
	json_t *o = json_object(), *units = json_array();

	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "code", json_string(x->code));
	json_object_set_new(o, "enterprise_id", json_integer(x->enterprise_id));
	json_object_set_new(o, "enterprise_name", api_str(x->enterprise_name));
	json_object_set_new(o, "category", json_string(x->category));
	json_object_set_new(o, "category_name", api_str(x->category_name));
	json_object_set_new(o, "channel", json_string(appeal_channel_names[x->channel]));
	json_object_set_new(o, "project_id", id_or_null(x->project_id));
	json_object_set_new(o, "project_name", api_str(x->project_name));
	json_object_set_new(o, "roundtable_id", id_or_null(x->roundtable_id));
	json_object_set_new(o, "external_id", api_str(x->external_id));
	json_object_set_new(o, "title", api_str(x->title));
	json_object_set_new(o, "text", json_string(x->text));
	json_object_set_new(o, "contact", api_str(x->contact));
	json_object_set_new(o, "state", json_string(appeal_state_names[x->state]));
	json_object_set_new(o, "state_name", json_string(appeal_state_labels[x->state]));
	json_object_set_new(o, "complexity", name_or_null(appeal_complexity_names,
							  APPEAL_COMPLEXITY__MAX, x->complexity));
	json_object_set_new(o, "lead_unit_id", id_or_null(x->lead_unit_id));
	json_object_set_new(o, "lead_unit_name", api_str(x->lead_unit_name));
	for (size_t i = 0; i < x->nunits; i++)
		json_array_append_new(units, json_pack("{s:I, s:o, s:s}", "unit_id",
				(json_int_t)x->units[i].unit_id, "name", api_str(x->units[i].name),
				"role", x->units[i].lead ? "lead" : "co"));
	json_object_set_new(o, "units", units);
	json_object_set_new(o, "submitted_at", json_string(x->submitted_at));
	json_object_set_new(o, "accept_due_on", json_string(x->accept_due_on));
	json_object_set_new(o, "accepted_at", api_str(x->accepted_at));
	json_object_set_new(o, "answer_due_on", api_str(x->answer_due_on));
	json_object_set_new(o, "due_on", api_str(running));
	json_object_set_new(o, "overdue", json_boolean(running && strcmp(running, t) < 0));
	json_object_set_new(o, "due_fallback", json_boolean(x->due_fallback));
	if (x->due_fallback)
		json_object_set_new(o, "due_note", json_string("a deadline falls in a year whose"
			" holiday calendar is not loaded: it assumes Monday-Friday working days"));
	json_object_set_new(o, "answered_at", api_str(x->answered_at));
	json_object_set_new(o, "answer", api_str(x->answer));
	json_object_set_new(o, "rating", name_or_null(appeal_rating_names, APPEAL_RATING__MAX,
						      x->rating));
	json_object_set_new(o, "rating_comment", api_str(x->rating_comment));
	json_object_set_new(o, "rated_at", api_str(x->rated_at));
	json_object_set_new(o, "closed_at", api_str(x->closed_at));
	json_object_set_new(o, "decline_reason", api_str(x->decline_reason));
	json_object_set_new(o, "reopen_count", json_integer(x->reopen_count));
	json_object_set_new(o, "supervised", json_boolean(x->supervised));
	json_object_set_new(o, "extension_pending", json_boolean(x->extension_pending));
	json_object_set_new(o, "actions", actions_json(actions_for(p, x)));
	json_object_set_new(o, "version", json_integer(x->version));
	json_object_set_new(o, "created_at", json_string(x->created_at));
	json_object_set_new(o, "updated_at", json_string(x->updated_at));
	return o;
}

static json_t *supervision_json(const struct supervision *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "appeal_id", json_integer(v->appeal_id));
	json_object_set_new(o, "appeal_code", api_str(v->appeal_code));
	json_object_set_new(o, "kind", json_string(v->kind));
	json_object_set_new(o, "unit_id", id_or_null(v->unit_id));
	json_object_set_new(o, "unit_name", api_str(v->unit_name));
	json_object_set_new(o, "escalated_to", id_or_null(v->escalated_to));
	json_object_set_new(o, "escalated_name", api_str(v->escalated_name));
	json_object_set_new(o, "opened_at", json_string(v->opened_at));
	json_object_set_new(o, "opened_by", id_or_null(v->opened_by));
	json_object_set_new(o, "note", api_str(v->note));
	json_object_set_new(o, "closed_at", api_str(v->closed_at));
	return o;
}

static json_t *detail_json(const struct appeal *x, const struct principal *p)
{
	json_t *o = appeal_json(x, p), *ev = json_array(), *at = json_array(), *ex = json_array(),
	       *sv = json_array();

	for (size_t i = 0; i < x->nevents; i++) {
		const struct appeal_event *e = &x->events[i];

		json_array_append_new(ev, json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o,"
			" s:o, s:o}", "id", (json_int_t)e->id, "at", e->at,
			"recorded_at", api_str(e->recorded_at), "kind", e->kind,
			"from_state", api_str(e->from_state), "to_state", api_str(e->to_state),
			"user_id", id_or_null(e->user_id), "username", api_str(e->username),
			"unit_id", id_or_null(e->unit_id), "unit_name", api_str(e->unit_name),
			"note", api_str(e->note)));
	}
	for (size_t i = 0; i < x->nattachments; i++) {
		const struct appeal_attachment *t = &x->attachments[i];

		json_array_append_new(at, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "id",
			(json_int_t)t->id, "name", t->name, "mime", t->mime, "size",
			(json_int_t)t->size, "sha256", t->sha256, "uploaded_at", t->uploaded_at));
	}
	for (size_t i = 0; i < x->nextensions; i++) {
		const struct appeal_extension *e = &x->extensions[i];

		json_array_append_new(ex, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
			"id", (json_int_t)e->id, "days", (json_int_t)e->days, "reason", e->reason,
			"requested_at", e->requested_at, "status", e->status,
			"requested_by", id_or_null(e->requested_by),
			"decided_by", id_or_null(e->decided_by), "decided_at", api_str(e->decided_at),
			"decision_note", api_str(e->decision_note)));
	}
	for (size_t i = 0; i < x->nsupervisions; i++)
		json_array_append_new(sv, supervision_json(&x->supervisions[i]));
	json_object_set_new(o, "events", ev);
	json_object_set_new(o, "attachments", at);
	json_object_set_new(o, "extensions", ex);
	json_object_set_new(o, "supervisions", sv);
	return o;
}

static int answer_in(struct request *req, struct response *res, int status, int64_t id)
{
	struct appeal x;
	enum gl_err rc = store_appeal_get(req->store, id, NULL, 1, req->arena, &x);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	api_etag(req, res, x.version);
	if (status == 201)
		res->location = arena_printf(req->arena, "/api/v1/appeals/%lld", (long long)id);
	api_json(res, status, detail_json(&x, req->principal));
	return (rc = appeal_relations_add(req, &x, res->json, status == 201)) ? api_fail(res, rc, NULL) : status;
}

/* The record and its relations from one read snapshot: a dozen statements would otherwise
 * each take and drop the WAL's read locks (inside a write transaction it joins that). */
static int answer(struct request *req, struct response *res, int status, int64_t id)
{
	enum gl_err rc = store_read_begin(req->store);
	int st;

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	st = answer_in(req, res, status, id);
	store_read_end(req->store);
	return st;
}

static void text_limit(const char *s, const char *field, size_t max, struct verrors *errs)
{
	if (s && text_chars(s) > max)
		verr_add(errs, field, "too_long", "at most %zu characters", max);
}

/* History entry (补录): "at", the effective time of an intake or action that happened before
 * it is recorded.  Only an admin may back-date (403 naming at): everyone else acts now.  The
 * time is an ISO instant, not in the future (422); the store checks it is not before the
 * appeal's latest event.  Returns 0 (OUT: *at, NULL when absent) or the status sent. */
static int backdate(struct request *req, struct response *res, json_t *body,
		    struct verrors *errs, const char **at)
{
	json_t *v = json_object_get(body, "at");
	const char *s = json_string_value(v);
	char buf[32];
	int64_t t;

	*at = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (req->principal && req->principal->role != ROLE_ADMIN)
		return api_error(res, 403, "forbidden", "at", "only an admin enters history"
				 " (补录) with an effective time; leave at out to act now");
	if (!s || !appeal_instant(s, buf, sizeof(buf), &t))
		verr_add(errs, "at", "invalid", "an ISO 8601 instant such as"
			 " 2023-02-03T10:30:00+08:00");
	else if (t > (int64_t)time(NULL))
		verr_add(errs, "at", "invalid", "%s is in the future", s);
	else
		*at = arena_strdup(req->arena, buf);
	return 0;
}

/* An intake between its two halves (api_write): validated, waiting for its transaction. */
struct intake {
	struct appeal x;
	struct appeal x0;          /* x as validated: store_appeal_create() fills x in */
	struct appeal_actor who;
	struct verrors errs;
	struct arena *arena;
};

static enum gl_err intake_write(struct store *s, void *arg)
{
	struct intake *in = arg;

	/* Rerun-safe (api_write.rerun): each run starts from the validated request. */
	in->x = in->x0;
	verr_init(&in->errs);
	return store_appeal_create(s, &in->x, &in->who, in->arena, &in->errs);
}

static int intake_answer(struct request *req, struct response *res, enum gl_err rc, void *arg)
{
	struct intake *in = arg;

	if (rc != GL_OK)
		return api_fail(res, rc, &in->errs);
	return answer(req, res, 201, in->x.id);
}

/* Intake goes through the group commit (docs/durability.md): the 201 is sent only once the
 * appeal, its first event, its audit row and its search entry are on disk. */
int appeals_create(struct request *req, struct response *res)
{
	static const char *const fields[] = {
		"enterprise_id", "category", "channel", "project_id", "roundtable_id", "external_id",
		"title", "text", "contact", "lead_unit_id", "answer", "complexity", "at", NULL,
	};
	const struct principal *p = req->principal;
	struct appeal x;
	struct verrors errs;
	const char *channel = NULL, *complexity = NULL;
	json_t *body;
	int status;

	memset(&x, 0, sizeof(x));
	x.complexity = -1;
	x.rating = -1;
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_id(json_object_get(body, "enterprise_id"), "enterprise_id", &errs, &x.enterprise_id);
	jd_str_required(json_object_get(body, "category"), "category", req->arena, &errs,
			&x.category);
	jd_str(json_object_get(body, "channel"), "channel", req->arena, &errs, &channel);
	jd_id(json_object_get(body, "project_id"), "project_id", &errs, &x.project_id);
	jd_id(json_object_get(body, "roundtable_id"), "roundtable_id", &errs, &x.roundtable_id);
	jd_str(json_object_get(body, "external_id"), "external_id", req->arena, &errs,
	       &x.external_id);
	jd_str(json_object_get(body, "title"), "title", req->arena, &errs, &x.title);
	jd_str_required(json_object_get(body, "text"), "text", req->arena, &errs, &x.text);
	jd_str(json_object_get(body, "contact"), "contact", req->arena, &errs, &x.contact);
	jd_id(json_object_get(body, "lead_unit_id"), "lead_unit_id", &errs, &x.lead_unit_id);
	jd_str(json_object_get(body, "answer"), "answer", req->arena, &errs, &x.answer);
	jd_str(json_object_get(body, "complexity"), "complexity", req->arena, &errs, &complexity);
	if (!json_object_get(body, "category"))
		verr_add(&errs, "category", "required", "see /api/v1/ref/appeal-categories");
	if (!json_object_get(body, "text"))
		verr_add(&errs, "text", "required", "what the enterprise asks");
	if ((status = backdate(req, res, body, &errs, &x.submitted_at))) {
		json_decref(body);
		return status;
	}
	json_decref(body);
	text_limit(x.text, "text", APPEAL_TEXT_MAX, &errs);
	text_limit(x.answer, "answer", APPEAL_TEXT_MAX, &errs);
	text_limit(x.title, "title", 200, &errs);
	text_limit(x.contact, "contact", 200, &errs);
	if (p && p->role == ROLE_ENTERPRISE) {
		/* The portal: online, for the user's own enterprise, nothing the desk decides. */
		if (channel && strcmp(channel, "online") != 0)
			verr_add(&errs, "channel", "invalid", "enterprise users submit online");
		if (x.enterprise_id && x.enterprise_id != p->enterprise_id)
			verr_add(&errs, "enterprise_id", "invalid", "enterprise users submit for"
				 " their own enterprise only");
		if (x.lead_unit_id || x.answer || complexity || x.roundtable_id || x.external_id)
			verr_add(&errs, "lead_unit_id", "invalid", "units, answers, roundtables and"
				 " external ids are set by the zone, not by the enterprise");
		if (!p->enterprise_id)
			verr_add(&errs, "enterprise_id", "required", "this user belongs to no"
				 " enterprise");
		x.enterprise_id = p->enterprise_id;
		x.channel = CHANNEL_ONLINE;
	} else {
		int c = channel ? appeal_channel_parse(channel) : CHANNEL_PROXY;

		if (c < 0)
			verr_add(&errs, "channel", "invalid", "one of onsite, online, proxy, hotline");
		else
			x.channel = (enum appeal_channel)c;
		if (!x.enterprise_id)
			verr_add(&errs, "enterprise_id", "required", "the enterprise that asks");
		if (c == CHANNEL_ONSITE && !x.roundtable_id)
			verr_add(&errs, "roundtable_id", "required", "an onsite appeal names its"
				 " roundtable session");
		if (c != CHANNEL_ONSITE && x.answer)
			verr_add(&errs, "answer", "invalid", "only an onsite appeal is answered at"
				 " intake (on the spot)");
	}
	if (complexity && (x.complexity = appeal_complexity_parse(complexity)) < 0)
		verr_add(&errs, "complexity", "invalid", "one of simple, ordinary, complex");
	if (complexity && !x.answer)
		verr_add(&errs, "complexity", "invalid", "set by assignment, or with an on-the-spot"
			 " answer");
	if (errs.n)
		return api_invalid(res, &errs);
	struct intake *in = arena_alloc(req->arena, sizeof(*in));
	if (!in)
		return api_fail(res, GL_ENOMEM, NULL);
	in->x = in->x0 = x;
	in->who = (struct appeal_actor){p ? p->user_id : 0, p ? p->username : NULL};
	verr_init(&in->errs);
	in->arena = req->arena;
	return api_write(req, res, &(struct api_write){intake_write, intake_answer, in, 1});
}

int appeals_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct appeal x;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_appeal_get(req->store, id, &scope, 1, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	api_etag(req, res, x.version);
	api_json(res, 200, detail_json(&x, req->principal));
	return (rc = appeal_relations_add(req, &x, res->json, false)) ? api_fail(res, rc, NULL) : 200;
}

/* "a,b" of state names into a JSON array text; NULL when one is unknown. */
static const char *states_json(struct arena *a, const char *list)
{
	char buf[256];
	size_t len = 0;
	const char *q = list;

	len += (size_t)snprintf(buf, sizeof(buf), "[");
	while (*q) {
		size_t n = strcspn(q, ",");
		char name[32];

		if (n == 0 || n >= sizeof(name))
			return NULL;
		memcpy(name, q, n);
		name[n] = '\0';
		if (appeal_state_parse(name) < 0 || len + n + 4 >= sizeof(buf))
			return NULL;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\"%s\"", len > 1 ? "," : "",
					name);
		q += n;
		if (*q == ',')
			q++;
	}
	snprintf(buf + len, sizeof(buf) - len, "]");
	return arena_strdup(a, buf);
}

int appeals_query(struct request *req, struct response *res, const char *const *also,
		  struct appeal_query *out)
{
	return appeals_query_view(req, res, also, NULL, out);
}

int appeals_query_view(struct request *req, struct response *res, const char *const *also,
		       const char *as_view, struct appeal_query *out)
{
	static const char *const filters[] = {"state", "unit", "category", "channel", "enterprise",
					      "project", "roundtable", "due", "supervised", "from",
					      "to", "view", "limit", "offset"};
	const char *known[sizeof(filters) / sizeof(filters[0]) + 8];
	const struct principal *p = req->principal;
	struct appeal_query q = *out;
	struct appeal_settings set;
	struct calendar cal;
	const char *state = NULL, *channel = NULL, *due = NULL, *view = as_view;
	char day[11], soon[11];
	size_t nk = 0;
	int status;
	enum gl_err rc;

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		known[nk++] = filters[i];
	for (; also && *also && nk + 1 < sizeof(known) / sizeof(known[0]); also++)
		known[nk++] = *also;
	known[nk] = NULL;
	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "state", &state)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_query_str(req, res, "category", &q.category)) ||
	    (status = api_query_str(req, res, "channel", &channel)) ||
	    (status = api_query_int(req, res, "enterprise", 1, INT64_MAX, 0, &q.enterprise_id)) ||
	    (status = api_query_int(req, res, "project", 1, INT64_MAX, 0, &q.project_id)) ||
	    (status = api_query_int(req, res, "roundtable", 1, INT64_MAX, 0, &q.roundtable_id)) ||
	    (status = api_query_str(req, res, "due", &due)) ||
	    (status = api_query_bool(req, res, "supervised", &q.supervised)) ||
	    (status = api_query_str(req, res, "from", &q.from)) ||
	    (status = api_query_str(req, res, "to", &q.to)) ||
	    (!as_view && (status = api_query_str(req, res, "view", &view))) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	if (state && !(q.states_json = states_json(req->arena, state)))
		return api_error(res, 400, "bad_parameter", "state", "state must be a comma list of"
				 " submitted, accepted, declined, assigned, in_progress, answered,"
				 " closed");
	if (channel && (q.channel = appeal_channel_parse(channel)) < 0)
		return api_error(res, 400, "bad_parameter", "channel", "channel must be one of"
				 " onsite, online, proxy, hotline");
	struct ymd d;
	if ((q.from && date_parse_iso(q.from, &d) != 0) || (q.to && date_parse_iso(q.to, &d) != 0))
		return api_error(res, 400, "bad_parameter", q.from && date_parse_iso(q.from, &d)
				 ? "from" : "to", "from and to are days YYYY-MM-DD");
	/* "to" is inclusive: every instant of that day is before the next day. */
	if (q.to) {
		char next[11];

		(void)date_parse_iso(q.to, &d);
		q.to = arena_strdup(req->arena, date_format_iso(date_from_days(date_to_days(d) + 1),
								next, sizeof(next)));
	}
	if (view) {
		if (strcmp(view, "to_accept") == 0) {
			state = "submitted";
		} else if (strcmp(view, "to_handle") == 0) {
			/* What waits for the caller: the enterprise rates answers; the desk
			 * assigns accepted appeals; units handle assigned ones. */
			state = p && p->role == ROLE_ENTERPRISE ? "answered"
				: p && p->role == ROLE_OFFICER ? "accepted"
				: "accepted,assigned,in_progress";
			q.by_due = 1;
		} else if (strcmp(view, "due_soon") == 0) {
			due = "soon";
		} else if (strcmp(view, "overdue") == 0) {
			due = "overdue";
		} else if (strcmp(view, "supervised") == 0) {
			q.supervised = 1;
		} else {
			return api_error(res, 400, "bad_parameter", "view", "view must be one of"
					 " to_accept, to_handle, due_soon, overdue, supervised");
		}
		if (state && !q.states_json)
			q.states_json = states_json(req->arena, state);
	}
	date_format_iso(today(), day, sizeof(day));
	if (due) {
		q.by_due = 1;
		if (strcmp(due, "overdue") == 0) {
			q.due_before = day;
		} else if (strcmp(due, "soon") == 0) {
			bool fb = false;

			if ((rc = store_appeal_settings_get(req->store, &set)) != GL_OK ||
			    (rc = store_calendar_load(req->store, req->arena, &cal)) != GL_OK)
				return api_fail(res, rc, NULL);
			q.due_from = day;
			q.due_to = appeal_due(&cal, day, set.due_soon_days, soon, &fb);
		} else {
			return api_error(res, 400, "bad_parameter", "due", "due must be soon or overdue");
		}
	}
	/* The days live on this stack: the caller gets copies. */
	q.due_before = q.due_before ? arena_strdup(req->arena, q.due_before) : NULL;
	q.due_from = q.due_from ? arena_strdup(req->arena, q.due_from) : NULL;
	q.due_to = q.due_to ? arena_strdup(req->arena, q.due_to) : NULL;
	*out = q;
	return 0;
}

int appeals_list(struct request *req, struct response *res)
{
	const struct principal *p = req->principal;
	struct scope scope = principal_scope(p);
	struct appeal_query q = {.channel = -1, .supervised = -1, .scope = &scope};
	struct appeal_page page;
	int status;
	enum gl_err rc;

	if ((status = appeals_query(req, res, NULL, &q)))
		return status;
	rc = store_appeal_list(req->store, &q, req->arena, &page);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (int64_t i = 0; i < page.n; i++)
		json_array_append_new(items, appeal_json(&page.items[i], p));
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items,
					    "total", (json_int_t)page.total,
					    "limit", (json_int_t)q.limit,
					    "offset", (json_int_t)q.offset));
}

int appeals_action(struct request *req, struct response *res)
{
	static const char *const fields[] = {
		"action", "note", "reason", "comment", "answer", "complexity", "rating", "lead_unit_id",
		"co_unit_ids", "unit_id", "days", "approve", "at", NULL,
	};
	const struct principal *p = req->principal;
	struct scope scope = principal_scope(p);
	struct appeal x;
	struct appeal_act act = {.complexity = -1, .rating = -1};
	struct verrors errs;
	const char *action = NULL, *note = NULL, *reason = NULL, *comment = NULL;
	const char *complexity = NULL, *rating = NULL;
	int64_t *co = NULL, days = 0, lead = 0;
	size_t nco = 0;
	bool has_days = false, approve = false;
	int64_t id = api_param_id(req, 0);
	json_t *body;
	int status, a;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &act.version))) {
		json_decref(body);
		return status;
	}
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	jd_str_required(json_object_get(body, "action"), "action", req->arena, &errs, &action);
	jd_str(json_object_get(body, "note"), "note", req->arena, &errs, &note);
	jd_str(json_object_get(body, "reason"), "reason", req->arena, &errs, &reason);
	jd_str(json_object_get(body, "comment"), "comment", req->arena, &errs, &comment);
	jd_str(json_object_get(body, "answer"), "answer", req->arena, &errs, &act.answer);
	jd_str(json_object_get(body, "complexity"), "complexity", req->arena, &errs, &complexity);
	jd_str(json_object_get(body, "rating"), "rating", req->arena, &errs, &rating);
	jd_id(json_object_get(body, "lead_unit_id"), "lead_unit_id", &errs, &lead);
	jd_ids(json_object_get(body, "co_unit_ids"), "co_unit_ids", "unit ids", 16, req->arena,
	       &errs, &co, &nco);
	jd_id(json_object_get(body, "unit_id"), "unit_id", &errs, &act.unit_id);
	jd_int(json_object_get(body, "days"), "days", &errs, &days, &has_days);
	jd_bool(json_object_get(body, "approve"), "approve", &errs, &approve);
	bool has_approve = json_object_get(body, "approve") != NULL;
	if (!json_object_get(body, "action"))
		verr_add(&errs, "action", "required", "the action to take");
	if ((status = backdate(req, res, body, &errs, &act.at))) {
		json_decref(body);
		return status;
	}
	json_decref(body);
	a = appeal_action_parse(action);
	if (action && a < 0)
		verr_add(&errs, "action", "invalid", "\"%s\" is not an action: accept, decline,"
			 " assign, start, answer, rate, transfer, request_extension,"
			 " decide_extension, supervise", action);
	/* Scope first: an appeal the caller may not see is not found, whatever the body says. */
	rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if (act.version && act.version != x.version)
		return api_fail(res, GL_ECONFLICT, NULL);
	if (errs.n)
		return api_invalid(res, &errs);
	unsigned allowed = actions_for(p, &x);
	if (!(allowed & (1u << a))) {
		char list[256];

		return api_error(res, 409, "illegal_move", "action", "%s is not allowed: the appeal"
				 " is %s; you may: %s", appeal_action_names[a],
				 appeal_state_names[x.state],
				 appeal_actions_text(allowed, list, sizeof(list)));
	}
	act.appeal_id = id;
	act.action = (enum appeal_action)a;
	act.note = note;
	act.who = (struct appeal_actor){p ? p->user_id : 0, p ? p->username : NULL};
	switch (act.action) {
	case APPEAL_DECLINE:
	case APPEAL_TRANSFER:
	case APPEAL_REQUEST_EXTENSION:
		if (!reason)
			verr_add(&errs, "reason", "required", "say why");
		act.note = reason;
		break;
	case APPEAL_RATE:
		if (!rating || (act.rating = appeal_rating_parse(rating)) < 0)
			verr_add(&errs, "rating", rating ? "invalid" : "required",
				 "one of satisfied (满意), basic (基本满意), unsatisfied (不满意)");
		act.note = comment;
		text_limit(comment, "comment", APPEAL_NOTE_MAX, &errs);
		break;
	case APPEAL_ASSIGN:
		if (!lead)
			verr_add(&errs, "lead_unit_id", "required", "the lead unit (主办)");
		if (!complexity || (act.complexity = appeal_complexity_parse(complexity)) < 0)
			verr_add(&errs, "complexity", complexity ? "invalid" : "required",
				 "one of simple, ordinary, complex");
		act.unit_id = lead;
		act.co_unit_ids = co;
		act.nco = nco;
		break;
	case APPEAL_ANSWER:
		if (!act.answer)
			verr_add(&errs, "answer", "required", "the answer to the enterprise");
		text_limit(act.answer, "answer", APPEAL_TEXT_MAX, &errs);
		break;
	case APPEAL_DECIDE_EXTENSION:
		if (!has_approve)
			verr_add(&errs, "approve", "required", "true to approve, false to reject");
		act.approve = approve;
		break;
	default:
		break;
	}
	if (act.action == APPEAL_TRANSFER && !act.unit_id)
		verr_add(&errs, "unit_id", "required", "the unit that takes the lead");
	if (act.action == APPEAL_TRANSFER && act.unit_id && act.unit_id == x.lead_unit_id)
		verr_add(&errs, "unit_id", "invalid", "is already the lead unit");
	if (act.action == APPEAL_REQUEST_EXTENSION) {
		if (!has_days || days < 1 || days > APPEAL_EXTENSION_MAX_DAYS)
			verr_add(&errs, "days", has_days ? "invalid" : "required",
				 "working days more, 1 to %d", APPEAL_EXTENSION_MAX_DAYS);
		act.days = (int)days;
	}
	text_limit(act.note, "note", APPEAL_NOTE_MAX, &errs);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_appeal_act(req->store, &act, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, 200, id);
}

/* ---- attachments --------------------------------------------------------------------- */

static const struct {
	const char *mime, *ext;
} attach_types[] = {
	{"application/pdf", "pdf"},
	{"image/jpeg", "jpg"},
	{"image/png", "png"},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
	{"text/plain", "txt"},
};

/* Do the bytes look like the type claimed?  (A renamed .exe is not a PDF.) */
static bool content_matches(int t, const unsigned char *b, size_t n)
{
	switch (t) {
	case 0:
		return n >= 5 && memcmp(b, "%PDF-", 5) == 0;
	case 1:
		return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
	case 2:
		return n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
	case 3:
	case 4:
		return n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0;
	default:
		/* The body is NUL-terminated by the server: no NUL inside means it ends at n. */
		return memchr(b, 0, n) == NULL && utf8_valid((const char *)b);
	}
}

static int mkdir_p(const char *dir)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *q = path + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST)
			return -1;
		*q = '/';
	}
	return mkdir(path, 0750) != 0 && errno != EEXIST ? -1 : 0;
}

/* Write the bytes under their hash, once: the same file twice is kept once. */
static int store_file(const char *hex, const char *data, size_t n)
{
	char dir[1100], path[1200], tmp[1240];
	struct stat st;
	int fd;

	snprintf(dir, sizeof(dir), "%s/%.2s", attach_dir, hex);
	snprintf(path, sizeof(path), "%s/%s", dir, hex);
	if (stat(path, &st) == 0 && (size_t)st.st_size == n)
		return 0;
	if (mkdir_p(dir) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int appeals_attach(struct request *req, struct response *res)
{
	const struct principal *p = req->principal;
	struct scope scope = principal_scope(p);
	struct appeal x;
	struct appeal_attachment t = {0};
	struct verrors errs;
	const char *ct = request_header(req, "Content-Type"), *name = NULL;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	int64_t id = api_param_id(req, 0);
	int type = -1, status;
	enum gl_err rc;
	static const char *const known[] = {"name", NULL};

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "name", &name)))
		return status;
	rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	if (req->body_too_large)
		return api_error(res, 413, "too_large", NULL, "attachments are at most %d MB",
				 APPEAL_ATTACHMENT_MAX >> 20);
	for (size_t i = 0; ct && i < sizeof(attach_types) / sizeof(attach_types[0]); i++) {
		size_t len = strlen(attach_types[i].mime);

		if (strncasecmp(ct, attach_types[i].mime, len) == 0 &&
		    (ct[len] == '\0' || ct[len] == ';'))
			type = (int)i;
	}
	if (type < 0)
		return api_error(res, 415, "unsupported_media_type", NULL, "attachments are PDF,"
				 " JPEG, PNG, DOCX, XLSX or plain text (Content-Type %s)",
				 ct ? ct : "missing");
	verr_init(&errs);
	if (!req->body || req->body_len == 0)
		verr_add(&errs, "body", "required", "the file is empty");
	else if (!content_matches(type, (const unsigned char *)req->body, req->body_len))
		verr_add(&errs, "body", "invalid", "the bytes are not a %s file",
			 attach_types[type].ext);
	if (name) {
		/* Keep the last path component: a name is a label, never a path. */
		const char *slash = strrchr(name, '/'), *bslash = strrchr(name, '\\');

		name = slash && slash > (bslash ? bslash : name) ? slash + 1 : bslash ? bslash + 1
										  : name;
		if (!*name || !utf8_valid(name) || text_chars(name) > 200)
			verr_add(&errs, "name", "invalid", "a file name of 1 to 200 characters");
	}
	if (errs.n)
		return api_invalid(res, &errs);
	crypto_hash_sha256(digest, (const unsigned char *)req->body, req->body_len);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	if (!attach_dir[0] || store_file(hex, req->body, req->body_len) != 0)
		return api_error(res, 500, "internal", NULL, "the file could not be stored");
	t.appeal_id = id;
	t.sha256 = hex;
	t.name = name ? name : arena_printf(req->arena, "attachment.%s", attach_types[type].ext);
	t.mime = attach_types[type].mime;
	t.size = (int64_t)req->body_len;
	t.user_id = p ? p->user_id : 0;
	rc = store_appeal_attach(req->store, &t, req->arena);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	res->location = arena_printf(req->arena, "/api/v1/appeals/%lld/attachments/%lld",
				     (long long)id, (long long)t.id);
	return api_json(res, 201, json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s}", "id",
		(json_int_t)t.id, "appeal_id", (json_int_t)id, "name", t.name, "mime", t.mime,
		"size", (json_int_t)t.size, "sha256", t.sha256, "uploaded_at", t.uploaded_at));
}

int appeals_attachment_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct appeal x;
	struct appeal_attachment t;
	int64_t id = api_param_id(req, 0), aid = api_param_id(req, 1);
	char path[1200];
	struct stat st;
	int fd;
	enum gl_err rc;

	if (!id || !aid)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
	if (rc == GL_OK)
		rc = store_appeal_attachment(req->store, id, aid, req->arena, &t);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	snprintf(path, sizeof(path), "%s/%.2s/%s", attach_dir, t.sha256, t.sha256);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return api_error(res, 500, "internal", NULL, "the stored file is missing");
	}
	res->status = 200;
	res->file_fd = fd;
	res->file_size = (size_t)st.st_size;
	res->content_type = t.mime;
	res->cache_control = "private, no-store";
	/* RFC 6266/5987: the name percent-encoded as UTF-8. */
	char *enc = arena_alloc(req->arena, strlen(t.name) * 3 + 1), *q = enc;
	for (const unsigned char *c = (const unsigned char *)t.name; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    strchr(".-_~", *c)) {
			*q++ = (char)*c;
		} else {
			snprintf(q, 4, "%%%02X", *c);
			q += 3;
		}
	}
	*q = '\0';
	res->content_disposition = arena_printf(req->arena, "attachment; filename*=UTF-8''%s", enc);
	return 200;
}

/* ---- categories, limits, supervision ------------------------------------------------ */

int ref_appeal_categories(struct request *req, struct response *res)
{
	static const char *const known[] = {"all", NULL};
	struct appeal_category *items;
	size_t n;
	int all = 0, status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_bool(req, res, "all", &all)))
		return status;
	rc = store_appeal_categories(req->store, all == 1, req->arena, &items, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:b}", "code", items[i].code,
						     "name", items[i].name, "seq", items[i].seq,
						     "active", items[i].active));
	return api_json(res, 200, json_pack("{s:o}", "items", arr));
}

int ref_appeal_categories_put(struct request *req, struct response *res)
{
	static const char *const top[] = {"items", NULL};
	static const char *const item_fields[] = {"code", "name", "active", NULL};
	struct appeal_category *items;
	struct verrors errs;
	json_t *body, *arr, *v;
	size_t i, n;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, top, NULL, &errs);
	arr = json_object_get(body, "items");
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 50) {
		json_decref(body);
		verr_add(&errs, "items", "required", "an array of 1 to 50 categories");
		return api_invalid(res, &errs);
	}
	n = json_array_size(arr);
	items = arena_alloc(req->arena, n * sizeof(*items));
	json_array_foreach(arr, i, v) {
		char f[VERR_FIELD_LEN];

		memset(&items[i], 0, sizeof(items[i]));
		items[i].active = true;
		if (!json_is_object(v)) {
			snprintf(f, sizeof(f), "items[%zu]", i);
			verr_add(&errs, f, "invalid", "an object {code, name, active}");
			continue;
		}
		jd_known(v, item_fields, NULL, &errs);
		snprintf(f, sizeof(f), "items[%zu].code", i);
		jd_str_required(json_object_get(v, "code"), f, req->arena, &errs, &items[i].code);
		if (!items[i].code)
			verr_add(&errs, f, "required", "a short code of a-z, 0-9 and _");
		else
			for (const char *c = items[i].code; *c; c++)
				if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_') ||
				    strlen(items[i].code) > 32) {
					verr_add(&errs, f, "invalid", "1 to 32 of a-z, 0-9 and _");
					break;
				}
		snprintf(f, sizeof(f), "items[%zu].name", i);
		jd_str_required(json_object_get(v, "name"), f, req->arena, &errs, &items[i].name);
		if (!items[i].name)
			verr_add(&errs, f, "required", "the name shown");
		else
			text_limit(items[i].name, f, 20, &errs);
		snprintf(f, sizeof(f), "items[%zu].active", i);
		jd_bool(json_object_get(v, "active"), f, &errs, &items[i].active);
		for (size_t j = 0; j < i; j++)
			if (items[i].code && items[j].code && strcmp(items[i].code, items[j].code) == 0) {
				snprintf(f, sizeof(f), "items[%zu].code", i);
				verr_add(&errs, f, "duplicate", "%s appears twice", items[i].code);
			}
	}
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	rc = store_appeal_categories_put(req->store, items, n, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	struct appeal_category *now;
	size_t nnow;
	if ((rc = store_appeal_categories(req->store, 1, req->arena, &now, &nnow)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *out = json_array();
	for (i = 0; i < nnow; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:i, s:b}", "code", now[i].code,
						     "name", now[i].name, "seq", now[i].seq,
						     "active", now[i].active));
	return api_json(res, 200, json_pack("{s:o}", "items", out));
}

static json_t *settings_json(const struct appeal_settings *s)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "accept_days", s->accept_days,
			 "simple_days", s->complexity_days[COMPLEXITY_SIMPLE],
			 "ordinary_days", s->complexity_days[COMPLEXITY_ORDINARY],
			 "complex_days", s->complexity_days[COMPLEXITY_COMPLEX],
			 "due_soon_days", s->due_soon_days,
			 "duplicate_window_days", s->duplicate_window_days);
}

int settings_appeals_get(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct appeal_settings s;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	if ((rc = store_appeal_settings_get(req->store, &s)) != GL_OK)
		return api_fail(res, rc, NULL);
	return api_json(res, 200, settings_json(&s));
}

int settings_appeals_put(struct request *req, struct response *res)
{
	static const char *const fields[] = {"accept_days", "simple_days", "ordinary_days",
					     "complex_days", "due_soon_days",
					     "duplicate_window_days", NULL};
	struct appeal_settings s;
	struct verrors errs;
	json_t *body;
	int status;
	enum gl_err rc;

	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((rc = store_appeal_settings_get(req->store, &s)) != GL_OK) {
		json_decref(body);
		return api_fail(res, rc, NULL);
	}
	verr_init(&errs);
	jd_known(body, fields, NULL, &errs);
	int *slots[] = {&s.accept_days, &s.complexity_days[COMPLEXITY_SIMPLE],
			&s.complexity_days[COMPLEXITY_ORDINARY],
			&s.complexity_days[COMPLEXITY_COMPLEX], &s.due_soon_days,
			&s.duplicate_window_days};
	for (int i = 0; fields[i]; i++) {
		json_t *v = json_object_get(body, fields[i]);
		int64_t n = *slots[i];

		if (!v)
			continue;
		jd_int(v, fields[i], &errs, &n, NULL);
		if (n < (i == 4 ? 0 : 1) || n > APPEAL_SETTING_MAX_DAYS)
			verr_add(&errs, fields[i], "invalid", "working days, %d to %d", i == 4 ? 0 : 1,
				 APPEAL_SETTING_MAX_DAYS);
		else
			*slots[i] = (int)n;
	}
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	if ((rc = store_appeal_settings_put(req->store, &s)) != GL_OK)
		return api_fail(res, rc, NULL);
	return api_json(res, 200, settings_json(&s));
}

int supervisions_list(struct request *req, struct response *res)
{
	static const char *const known[] = {"open", "unit", "escalated_to", "limit", "offset",
					    NULL};
	struct scope scope = principal_scope(req->principal);
	struct supervision_query q = {.open_only = 1, .scope = &scope};
	struct supervision *items;
	size_t n;
	int open = 1, status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_bool(req, res, "open", &open)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_query_int(req, res, "escalated_to", 1, INT64_MAX, 0,
				    &q.escalated_to)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_MAX_LIMIT,
				    &q.limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &q.offset)))
		return status;
	q.open_only = open != 0;
	rc = store_supervision_list(req->store, &q, req->arena, &items, &n);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, supervision_json(&items[i]));
	return api_json(res, 200, json_pack("{s:o, s:I}", "items", arr, "n", (json_int_t)n));
}
