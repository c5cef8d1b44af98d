/* open311.c - Open311 GeoReport v2 over the appeals: categories as services, appeals as
 * service requests, so that a 12345 platform or any Open311 client can file and follow them.
 *
 * JSON only (paths end in .json; .xml answers 400).  Credentials as everywhere (bearer
 * token, or the spec's api_key parameter, which auth.c takes through open311_api_key), and
 * the caller's scope applies.  Errors take the spec's shape, [{"code", "description"}],
 * made from the API's error by open311_reshape() once the route has answered.  See
 * docs/open311.md for the mapping of fields and states.
 */
#include "resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../domain/appeal.h"
#include "../domain/text.h"
#include "../store/store.h"
#include "../util/date.h"
#include "../util/utf8.h"

#define PREFIX "/open311/"

enum { O311_MAX_REQUESTS = 1000, O311_DEFAULT_DAYS = 90, O311_MAX_IDS = 100 };

static int under_open311(const char *path)
{
	return path && strncmp(path, PREFIX, strlen(PREFIX)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- parameters: the query, a form body or a JSON body -------------------------------- */

struct o311_params {
	size_t n;
	const char *key[64], *val[64];
};

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* application/x-www-form-urlencoded text [s, s + n) decoded into the arena; NULL when a
 * %-escape is broken or decodes to NUL. */
static char *form_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int h, l;

			/* A NUL byte would cut the text short unseen: refused with the rest. */
			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0 ||
			    h * 16 + l == 0)
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* Split a form body into p; -1 when it is malformed (bad escape, bad UTF-8, NUL, too many
 * fields). */
static int form_parse(struct arena *a, const char *body, size_t len, struct o311_params *p)
{
	size_t i = 0;

	p->n = 0;
	if (memchr(body, '\0', len))
		return -1;
	while (i < len) {
		size_t end = i;

		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			const char *eq = memchr(body + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (body + i)) : end - i;
			char *k = form_decode(a, body + i, klen);
			char *v = eq ? form_decode(a, eq + 1, (size_t)(body + end - eq - 1))
				     : form_decode(a, "", 0);

			if (!k || !v || p->n == sizeof(p->key) / sizeof(p->key[0]) ||
			    !utf8_valid(k) || !utf8_valid(v))
				return -1;
			p->key[p->n] = k;
			p->val[p->n++] = v;
		}
		i = end + 1;
	}
	return 0;
}

static const char *param(const struct o311_params *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->key[i], key) == 0)
			return p->val[i];
	return NULL;
}

static int form_body(const struct request *req)
{
	const char *ct = request_header(req, "Content-Type");

	return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* A JSON body's members as parameters: strings and numbers as text; "attribute" may be an
 * object whose members (strings, integers) become attribute[name].  -1 (with *bad the
 * member) otherwise. */
static int json_params(struct arena *a, json_t *body, struct o311_params *p, const char **bad)
{
	const char *k;
	json_t *v;

	p->n = 0;
	json_object_foreach(body, k, v) {
		if (strcmp(k, "attribute") == 0 && json_is_object(v)) {
			const char *ak;
			json_t *av;

			json_object_foreach(v, ak, av) {
				if (p->n == sizeof(p->key) / sizeof(p->key[0]) ||
				    !(json_is_string(av) || json_is_integer(av))) {
					*bad = arena_printf(a, "attribute[%s]", ak);
					return -1;
				}
				p->key[p->n] = arena_printf(a, "attribute[%s]", ak);
				p->val[p->n++] = json_is_string(av) ? arena_strdup(a, json_string_value(av))
					: arena_printf(a, "%lld", (long long)json_integer_value(av));
			}
			continue;
		}
		if (p->n == sizeof(p->key) / sizeof(p->key[0]) ||
		    !(json_is_string(v) || json_is_integer(v) || json_is_real(v))) {
			*bad = k;
			return -1;
		}
		p->key[p->n] = arena_strdup(a, k);
		p->val[p->n++] = json_is_string(v) ? arena_strdup(a, json_string_value(v))
			: json_is_integer(v) ? arena_printf(a, "%lld", (long long)json_integer_value(v))
			: arena_printf(a, "%.15g", json_real_value(v));
	}
	return 0;
}

const char *open311_api_key(struct request *req)
{
	const char *key;

	if (!under_open311(req->path))
		return NULL;
	if ((key = request_query(req, "api_key")) && *key)
		return key;
	/* A POST carries api_key in its body, as the spec says. */
	if (strcmp(req->method, "POST") != 0 || !req->body || req->body_too_large)
		return NULL;
	if (form_body(req)) {
		struct o311_params p;

		return form_parse(req->arena, req->body, req->body_len, &p) == 0
			? param(&p, "api_key") : NULL;
	}
	json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, NULL);
	json_t *v = json_object_get(body, "api_key");
	key = json_is_string(v) ? arena_strdup(req->arena, json_string_value(v)) : NULL;
	json_decref(body);
	return key;
}

/* ---- errors in the spec's shape ----------------------------------------------------- */

static json_t *o311_error(int code, const char *description)
{
	return json_pack("{s:i, s:s}", "code", code, "description", description);
}

void open311_reshape(const struct request *req, struct response *res)
{
	json_t *e, *details, *arr;
	const char *field, *message;

	if (!under_open311(req->path) || res->status < 400 || !res->json ||
	    !(e = json_object_get(res->json, "error")))
		return;
	/* The spec has one status for a request it cannot take: 400. */
	if (res->status == 422 || res->status == 415)
		res->status = 400;
	arr = json_array();
	details = json_object_get(e, "details");
	if (json_array_size(details)) {
		size_t i;
		json_t *d;

		json_array_foreach(details, i, d) {
			char text[600];

			snprintf(text, sizeof(text), "%s: %s",
				 json_string_value(json_object_get(d, "field")),
				 json_string_value(json_object_get(d, "message")));
			json_array_append_new(arr, o311_error(res->status, text));
		}
	} else {
		char text[600];

		field = json_string_value(json_object_get(e, "field"));
		message = json_string_value(json_object_get(e, "message"));
		if (field && strcmp(field, "X-CSRF-Token") != 0)
			snprintf(text, sizeof(text), "%s: %s", field, message ? message : "");
		else
			snprintf(text, sizeof(text), "%s", message ? message : "");
		json_array_append_new(arr, o311_error(res->status, text));
	}
	json_decref(res->json);
	res->json = arr;
}

/* ---- the service request as the spec shows it ---------------------------------------- */

static const char *status_of(enum appeal_state s)
{
	return appeal_open(s) ? "open" : "closed";
}

/* The end of day (YYYY-MM-DD) as an instant: the deadline runs to the end of that day. */
static json_t *day_end(struct arena *a, const char *day)
{
	return day ? json_string(arena_printf(a, "%sT23:59:59+08:00", day)) : json_null();
}

static const char *notice(struct arena *a, const struct appeal *x)
{
	if (x->state == APPEAL_SUBMITTED)
		return arena_printf(a, "已登记，受理时限 %s（工作日计）", x->accept_due_on);
	if (appeal_open(x->state) && x->answer_due_on)
		return arena_printf(a, "%s，答复时限 %s（工作日计）", appeal_state_labels[x->state],
				    x->answer_due_on);
	return NULL;
}

static json_t *request_json(struct store *s, struct arena *a, const struct appeal *x)
{
	json_t *o = json_object();
	const char *address = NULL, *notes;

	if (store_enterprise_address(s, x->enterprise_id, a, &address) != GL_OK)
		address = NULL;
	notes = x->state == APPEAL_DECLINED ? x->decline_reason
		: appeal_open(x->state) ? appeal_state_labels[x->state] : x->answer;
	json_object_set_new(o, "service_request_id", json_string(x->code));
	json_object_set_new(o, "status", json_string(status_of(x->state)));
	json_object_set_new(o, "status_notes", api_str(notes));
	json_object_set_new(o, "service_name", api_str(x->category_name));
	json_object_set_new(o, "service_code", json_string(x->category));
	json_object_set_new(o, "description", json_string(x->text));
	json_object_set_new(o, "agency_responsible", api_str(x->lead_unit_name));
	json_object_set_new(o, "service_notice", api_str(notice(a, x)));
	json_object_set_new(o, "requested_datetime", json_string(x->submitted_at));
	json_object_set_new(o, "updated_datetime", json_string(x->updated_at));
	json_object_set_new(o, "expected_datetime", day_end(a, x->answer_due_on));
	json_object_set_new(o, "address", api_str(address && *address ? address : NULL));
	json_object_set_new(o, "address_id", json_null());
	json_object_set_new(o, "zipcode", json_null());
	json_object_set_new(o, "lat", json_null());
	json_object_set_new(o, "long", json_null());
	json_object_set_new(o, "media_url", json_null());
	return o;
}

/* ---- GET services.json ------------------------------------------------------------------ */

/* Parameters every route takes: the spec's, which a single jurisdiction ignores. */
static int known_query(struct request *req, struct response *res, const char *const *more)
{
	const char *known[16] = {"api_key", "jurisdiction_id"};
	size_t n = 2;

	for (; more && *more && n < 15; more++)
		known[n++] = *more;
	known[n] = NULL;
	return api_query_known(req, res, known);
}

int open311_services(struct request *req, struct response *res)
{
	struct appeal_category *cats;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = known_query(req, res, NULL)))
		return status;
	if ((rc = store_appeal_categories(req->store, 0, req->arena, &cats, &n)) != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
			"service_code", cats[i].code, "service_name", cats[i].name,
			"description", arena_printf(req->arena, "企业诉求：%s", cats[i].name),
			"metadata", 0, "type", "realtime",
			"keywords", arena_printf(req->arena, "%s,%s,诉求", cats[i].name, cats[i].code),
			"group", "企业诉求"));
	return api_json(res, 200, arr);
}

/* ---- GET requests.json ------------------------------------------------------------------ */

/* A W3C datetime (2010-01-01T00:00:00Z, ...+08:00) or a day (Asia/Shanghai) into *t. */
static int parse_instant(const char *s, time_t *t)
{
	struct ymd d;
	int hh = 0, mm = 0, ss = 0, oh = 0, om = 0, sign = 1;
	char day[11];
	size_t n = strlen(s);

	if (n < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse_iso(day, &d) != 0)
		return -1;
	if (n == 10) {
		oh = 8;     /* a day is a day in Asia/Shanghai */
	} else {
		char tz[8] = "";
		int used = 0;

		if (s[10] != 'T' || sscanf(s + 11, "%2d:%2d:%2d%n", &hh, &mm, &ss, &used) != 3 ||
		    hh > 23 || mm > 59 || ss > 60)
			return -1;
		const char *z = s + 11 + used;
		if (*z == '.')      /* fractions of a second do not matter here */
			for (z++; *z >= '0' && *z <= '9'; z++)
				;
		snprintf(tz, sizeof(tz), "%s", z);
		/* A "+08:00" sent unescaped in a query string arrives as " 08:00". */
		if (tz[0] == ' ')
			tz[0] = '+';
		if (strcmp(tz, "Z") == 0) {
			oh = 0;
		} else if ((tz[0] == '+' || tz[0] == '-') && strlen(tz) == 6 && tz[3] == ':' &&
			   sscanf(tz + 1, "%2d:%2d", &oh, &om) == 2 && oh <= 14 && om <= 59) {
			sign = tz[0] == '-' ? -1 : 1;
		} else {
			return -1;
		}
	}
	*t = (time_t)(date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss -
		      sign * (oh * 3600 + om * 60));
	return 0;
}

static const char *const open_states = "[\"submitted\",\"accepted\",\"assigned\",\"in_progress\"]";
static const char *const closed_states = "[\"answered\",\"rated\",\"closed\",\"declined\"]";

/* service_request_id=a,b: those the caller may see, in the order asked. */
static int requests_by_ids(struct request *req, struct response *res, const char *ids)
{
	struct scope scope = principal_scope(req->principal);
	json_t *arr = json_array();
	size_t count = 0;

	for (const char *q = ids; *q;) {
		size_t n = strcspn(q, ",");
		char *code = arena_printf(req->arena, "%.*s", (int)n, q);
		struct appeal x;
		int64_t id;
		enum gl_err rc;

		if (++count > O311_MAX_IDS) {
			json_decref(arr);
			return api_error(res, 400, "bad_parameter", "service_request_id",
					 "at most %d ids", O311_MAX_IDS);
		}
		rc = n ? store_appeal_id_by_code(req->store, code, &id) : GL_ENOTFOUND;
		if (rc == GL_OK)
			rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
		if (rc == GL_OK)
			json_array_append_new(arr, request_json(req->store, req->arena, &x));
		else if (rc != GL_ENOTFOUND) {
			json_decref(arr);
			return api_fail(res, rc, NULL);
		}
		q += n;
		if (*q == ',')
			q++;
	}
	return api_json(res, 200, arr);
}

/* As the appeal list orders: the newest (highest id) first. */
static int newest_first(const void *a, const void *b)
{
	int64_t x = ((const struct appeal *)a)->id, y = ((const struct appeal *)b)->id;

	return x < y ? 1 : x > y ? -1 : 0;
}

int open311_requests_list(struct request *req, struct response *res)
{
	static const char *const more[] = {"service_request_id", "service_code", "start_date",
					   "end_date", "status", NULL};
	struct scope scope = principal_scope(req->principal);
	struct appeal_query q = {.channel = -1, .supervised = -1, .scope = &scope,
				 .limit = O311_MAX_REQUESTS};
	const char *ids, *start, *end, *status_text, *codes;
	time_t from, to;
	char buf[32];
	struct appeal_page page;
	int status;
	enum gl_err rc;

	if ((status = known_query(req, res, more)) ||
	    (status = api_query_str(req, res, "service_request_id", &ids)) ||
	    (status = api_query_str(req, res, "service_code", &codes)) ||
	    (status = api_query_str(req, res, "start_date", &start)) ||
	    (status = api_query_str(req, res, "end_date", &end)) ||
	    (status = api_query_str(req, res, "status", &status_text)))
		return status;
	/* The spec: with service_request_id the other parameters are ignored. */
	if (ids)
		return requests_by_ids(req, res, ids);
	if (start && parse_instant(start, &from) != 0)
		return api_error(res, 400, "bad_parameter", "start_date", "start_date must be a"
				 " W3C datetime such as 2023-02-03T00:00:00+08:00");
	if (end && parse_instant(end, &to) != 0)
		return api_error(res, 400, "bad_parameter", "end_date", "end_date must be a"
				 " W3C datetime such as 2023-02-03T23:59:59+08:00");
	if (start && end && to < from)
		return api_error(res, 400, "bad_parameter", "end_date", "end_date is before"
				 " start_date");
	/* By default the last 90 days (before end_date when it is given). */
	if (!start)
		from = (end ? to : time(NULL)) - (time_t)O311_DEFAULT_DAYS * 86400;
	q.from = arena_strdup(req->arena, date_format_timestamp(from, buf, sizeof(buf)));
	if (end)    /* end_date is included: up to the next second */
		q.to = arena_strdup(req->arena, date_format_timestamp(to + 1, buf, sizeof(buf)));
	if (status_text) {
		int open = 0, closed = 0;

		for (const char *s = status_text; *s;) {
			size_t n = strcspn(s, ",");

			if (n == 4 && strncmp(s, "open", 4) == 0)
				open = 1;
			else if (n == 6 && strncmp(s, "closed", 6) == 0)
				closed = 1;
			else
				return api_error(res, 400, "bad_parameter", "status",
						 "status must be open, closed or open,closed");
			s += n;
			if (*s == ',')
				s++;
		}
		if (open != closed)
			q.states_json = open ? open_states : closed_states;
	}
	/* service_code may name several (comma list): one list each, merged newest first. */
	struct appeal *all = NULL;
	size_t n = 0, ncodes = 0;
	const char *c = codes;
	do {
		size_t len = c ? strcspn(c, ",") : 0;

		if (c && (len == 0 || (c[len] == ',' && c[len + 1] == '\0')))
			return api_error(res, 400, "bad_parameter", "service_code", "service_code is"
					 " a comma list of codes (see services.json)");
		if (++ncodes > 20)
			return api_error(res, 400, "bad_parameter", "service_code", "at most 20"
					 " service codes");
		q.category = c ? arena_printf(req->arena, "%.*s", (int)len, c) : NULL;
		if ((rc = store_appeal_list(req->store, &q, req->arena, &page)) != GL_OK)
			return api_fail(res, rc, NULL);
		struct appeal *grown = arena_alloc(req->arena, (n + (size_t)page.n + 1) * sizeof(*grown));
		if (!grown)
			return api_fail(res, GL_ENOMEM, NULL);
		if (n)
			memcpy(grown, all, n * sizeof(*grown));
		if (page.n)
			memcpy(grown + n, page.items, (size_t)page.n * sizeof(*grown));
		all = grown;
		n += (size_t)page.n;
		c = c ? c + len : NULL;
		if (c && *c == ',')
			c++;
	} while (c && *c);
	if (ncodes > 1)
		qsort(all, n, sizeof(*all), newest_first);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < O311_MAX_REQUESTS; i++)
		json_array_append_new(arr, request_json(req->store, req->arena, &all[i]));
	return api_json(res, 200, arr);
}

/* ---- GET requests/{id}.json ------------------------------------------------------------ */

static int only_json(struct response *res)
{
	return api_error(res, 400, "bad_parameter", "format", "only JSON is offered: ask for"
			 " the .json document (services.json, requests.json, requests/{id}.json)");
}

int open311_requests_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	const char *doc = req->params[0];
	struct appeal x;
	int64_t id;
	int status;
	enum gl_err rc;

	if ((status = known_query(req, res, NULL)))
		return status;
	if (ends_with(doc, ".xml"))
		return only_json(res);
	if (!ends_with(doc, ".json"))
		return api_fail(res, GL_ENOTFOUND, NULL);
	const char *code = arena_printf(req->arena, "%.*s", (int)(strlen(doc) - 5), doc);
	rc = store_appeal_id_by_code(req->store, code, &id);
	if (rc == GL_OK)
		rc = store_appeal_get(req->store, id, &scope, 0, req->arena, &x);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *arr = json_array();
	json_array_append_new(arr, request_json(req->store, req->arena, &x));
	return api_json(res, 200, arr);
}

/* ---- POST requests.json ---------------------------------------------------------------- */

static const char *const post_fields[] = {
	"api_key", "jurisdiction_id", "service_code", "description", "lat", "long",
	"address_string", "address_id", "email", "device_id", "account_id", "first_name",
	"last_name", "phone", "media_url", "attribute[enterprise_id]", "attribute[credit_code]",
	"attribute[external_id]", NULL,
};

static int post_known(const char *k)
{
	for (const char *const *f = post_fields; *f; f++)
		if (strcmp(*f, k) == 0)
			return 1;
	return 0;
}

/* "name phone email" of whoever the form names, or NULL. */
static const char *contact_of(struct arena *a, const struct o311_params *p)
{
	const char *parts[] = {param(p, "last_name"), param(p, "first_name"), param(p, "phone"),
			       param(p, "email")};
	char *out = NULL;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i] || !*parts[i])
			continue;
		/* Chinese names run family name first with no space between. */
		out = !out ? arena_strdup(a, parts[i])
			: arena_printf(a, "%s%s%s", out, i == 1 ? "" : " ", parts[i]);
	}
	return out;
}

static void limit(const char *s, const char *field, size_t max, struct verrors *errs)
{
	if (s && text_chars(s) > max)
		verr_add(errs, field, "too_long", "at most %zu characters", max);
}

int open311_requests_create(struct request *req, struct response *res)
{
	const struct principal *p = req->principal;
	struct o311_params prm;
	struct appeal x;
	struct verrors errs;
	const char *account, *entid, *credit, *bad = NULL;
	int status;
	enum gl_err rc;

	if ((status = known_query(req, res, NULL)))
		return status;
	if (req->body_too_large)
		return api_fail(res, GL_ETOOBIG, NULL);
	if (form_body(req)) {
		if (!req->body || form_parse(req->arena, req->body, req->body_len, &prm) != 0)
			return api_error(res, 400, "malformed", NULL, "the form body is not"
					 " application/x-www-form-urlencoded UTF-8 text");
	} else {
		json_t *body;

		if ((status = api_read_object(req, res, &body)))
			return status;
		int r = json_params(req->arena, body, &prm, &bad);
		json_decref(body);
		if (r != 0)
			return api_error(res, 400, "bad_parameter", bad, "%s must be a string", bad);
	}
	verr_init(&errs);
	for (size_t i = 0; i < prm.n; i++)
		if (!post_known(prm.key[i]))
			verr_add(&errs, prm.key[i], "unknown", "not a parameter of this service"
				 " (see docs/open311.md)");
	memset(&x, 0, sizeof(x));
	x.complexity = -1;
	x.rating = -1;
	x.category = param(&prm, "service_code");
	x.text = param(&prm, "description");
	x.external_id = param(&prm, "attribute[external_id]");
	x.contact = contact_of(req->arena, &prm);
	if (!x.category || !*x.category)
		verr_add(&errs, "service_code", "required", "see services.json");
	if (!x.text || text_blank(x.text))
		verr_add(&errs, "description", "required", "what the enterprise asks");
	limit(x.text, "description", APPEAL_TEXT_MAX, &errs);
	limit(x.contact, "first_name", 200, &errs);
	limit(x.external_id, "attribute[external_id]", 100, &errs);
	if (x.external_id && !*x.external_id)
		x.external_id = NULL;

	/* The spec's account_id is the account of the person submitting: here the credential's
	 * own user, which the server knows already.  It is checked, not taken: a client that
	 * still sends the enterprise there (as Guanlan once read it) is told so instead of filing
	 * for the wrong one.  The enterprise is an extension attribute (docs/open311.md). */
	account = param(&prm, "account_id");
	if (account && *account) {
		char *end;
		long long v = strtoll(account, &end, 10);

		if (*end || v <= 0 || !p || v != p->user_id)
			verr_add(&errs, "account_id", "invalid", "the submitting user's account, which"
				 " is the credential's own (%lld) or absent; name the enterprise by"
				 " attribute[enterprise_id] or attribute[credit_code]",
				 (long long)(p ? p->user_id : 0));
	}
	/* Which enterprise asks: the user's own, or the one named by id or credit code. */
	entid = param(&prm, "attribute[enterprise_id]");
	credit = param(&prm, "attribute[credit_code]");
	int64_t named = 0;
	if (entid && *entid) {
		char *end;
		long long v = strtoll(entid, &end, 10);

		if (*end || v <= 0)
			verr_add(&errs, "attribute[enterprise_id]", "invalid", "the enterprise's id (a"
				 " number)");
		else
			named = v;
	}
	if (credit && *credit) {
		int64_t id;

		rc = store_enterprise_id_by_credit(req->store, credit, &id);
		if (rc == GL_ENOTFOUND)
			verr_add(&errs, "attribute[credit_code]", "unknown", "no enterprise has this"
				 " credit code");
		else if (rc != GL_OK)
			return api_fail(res, rc, NULL);
		else if (named && named != id)
			verr_add(&errs, "attribute[enterprise_id]", "invalid", "names another"
				 " enterprise than attribute[credit_code]");
		else
			named = id;
	}
	if (p && p->role == ROLE_ENTERPRISE) {
		if (named && named != p->enterprise_id)
			verr_add(&errs, entid && *entid ? "attribute[enterprise_id]"
				 : "attribute[credit_code]", "invalid", "enterprise users file for their"
				 " own enterprise only");
		if (x.external_id)
			verr_add(&errs, "attribute[external_id]", "invalid", "ticket numbers are"
				 " given by the 12345 platform, not by the enterprise");
		x.enterprise_id = p->enterprise_id;
		x.channel = CHANNEL_ONLINE;
	} else {
		if (!named && !(credit && *credit) && !(entid && *entid))
			verr_add(&errs, "attribute[enterprise_id]", "required", "name the enterprise"
				 " by attribute[enterprise_id] or attribute[credit_code]");
		x.enterprise_id = named;
		x.channel = CHANNEL_HOTLINE;
	}
	if (errs.n)
		return api_invalid(res, &errs);
	struct appeal_actor who = {p ? p->user_id : 0, p ? p->username : NULL};
	if ((rc = store_appeal_create(req->store, &x, &who, req->arena, &errs)) != GL_OK) {
		/* The intake names its own fields; say them as the form does. */
		for (int i = 0; i < errs.n; i++) {
			char *f = errs.items[i].field;
			const char *to = strcmp(f, "category") == 0 ? "service_code"
				: strcmp(f, "enterprise_id") == 0 ? "attribute[enterprise_id]"
				: strcmp(f, "text") == 0 ? "description" : NULL;

			if (to)
				snprintf(f, VERR_FIELD_LEN, "%s", to);
		}
		return api_fail(res, rc, &errs);
	}
	/* The spec's answer: a list of one {service_request_id, service_notice, account_id}
	 * (token only when the id is not known yet, which never happens here), with the plain
	 * success status its clients look for; Location is a courtesy. */
	res->location = arena_printf(req->arena, "/open311/v2/requests/%s.json", x.code);
	json_t *arr = json_array();
	json_array_append_new(arr, json_pack("{s:s, s:o, s:o}", "service_request_id", x.code,
					     "service_notice", api_str(notice(req->arena, &x)),
					     "account_id", p ? json_string(arena_printf(req->arena,
						"%lld", (long long)p->user_id)) : json_null()));
	return api_json(res, 200, arr);
}

/* ---- any other document ------------------------------------------------------------------ */

int open311_other(struct request *req, struct response *res)
{
	const char *doc = req->params[0];

	if (ends_with(doc, ".xml"))
		return only_json(res);
	return api_fail(res, GL_ENOTFOUND, NULL);
}
