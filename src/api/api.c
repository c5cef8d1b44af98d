/* api.c - error responses, JSON bodies and query parameters shared by every handler. */
#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../domain/amount.h"
#include "../util/utf8.h"

int api_json(struct response *res, int status, json_t *body)
{
	if (res->json)
		json_decref(res->json);
	res->status = body ? status : 500;
	res->json = body;
	return res->status;
}

int api_no_content(struct response *res)
{
	res->content_type = "";
	return res->status = 204;
}

static json_t *error_object(const char *code, const char *field, const char *message)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);

	if (err && field)
		json_object_set_new(err, "field", json_string(field));
	return err;
}

int api_error(struct response *res, int status, const char *code, const char *field,
	      const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	utf8_trim_tail(message);
	return api_json(res, status, json_pack("{s:o}", "error", error_object(code, field, message)));
}

int api_invalid(struct response *res, const struct verrors *v)
{
	json_t *details = json_array();
	json_t *err;

	for (int i = 0; i < v->n; i++) {
		const struct verror *e = &v->items[i];
		json_array_append_new(details, json_pack("{s:s, s:s, s:s}", "field", e->field,
							 "code", e->code, "message", e->message));
	}
	err = error_object("invalid", v->n ? v->items[0].field : NULL,
			   v->n == 1 ? v->items[0].message : "several fields are invalid");
	if (v->n == 1) {
		char message[VERR_FIELD_LEN + VERR_MESSAGE_LEN + 4];
		snprintf(message, sizeof(message), "%s %s", v->items[0].field, v->items[0].message);
		utf8_trim_tail(message);
		json_object_set_new(err, "message", json_string(message));
	}
	json_object_set_new(err, "details", details);
	return api_json(res, 422, json_pack("{s:o}", "error", err));
}

int api_fail(struct response *res, enum gl_err e, const struct verrors *v)
{
	switch (e) {
	case GL_OK:
		return api_error(res, 500, "internal", NULL, "no error to report");
	case GL_ENOTFOUND:
		return api_error(res, 404, "not_found", NULL, "no such record");
	case GL_ECONFLICT:
		return api_error(res, 409, "version_conflict", "version",
				 "the record was changed by someone else; reload it and retry");
	case GL_EDUPLICATE:
		return api_error(res, 409, "duplicate", "credit_code",
				 "another enterprise already has this credit code");
	case GL_EREFERENCED:
		return api_error(res, 409, "referenced", NULL,
				 "projects or enterprise users still reference this record");
	case GL_EINVALID:
		if (v && v->n)
			return api_invalid(res, v);
		return api_error(res, 422, "invalid", NULL, "invalid input");
	case GL_ETOOBIG:
		return api_error(res, 413, "too_large", NULL, "the request is too large");
	case GL_ESCHEMA:
		return api_error(res, 503, "schema", NULL, "the database needs migrating");
	case GL_ENOMEM:
	case GL_EDB:
	case GL_EIO:
	case GL_ERR__MAX:
		break;
	}
	return api_error(res, 500, "internal", NULL, "internal error; see the server log");
}

/* Containers nested in v, counting v itself when it is one. */
static int depth_ok(json_t *v, int depth)
{
	const char *key;
	json_t *child;
	size_t i;

	if (!json_is_object(v) && !json_is_array(v))
		return 1;
	if (depth > API_MAX_DEPTH)
		return 0;
	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
			if (!depth_ok(child, depth + 1))
				return 0;
	} else {
		json_array_foreach(v, i, child)
			if (!depth_ok(child, depth + 1))
				return 0;
	}
	return 1;
}

int api_read_object(struct request *req, struct response *res, json_t **out)
{
	const char *ct = request_header(req, "Content-Type");
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	if (req->body_too_large)
		return api_fail(res, GL_ETOOBIG, NULL);
	if (!req->body || req->body_len == 0)
		return api_error(res, 400, "malformed", NULL, "a JSON object body is required");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))
		return api_error(res, 415, "unsupported_media_type", NULL,
				 "the body must be JSON (Content-Type: application/json)");
	/* jansson refuses invalid UTF-8 and NUL bytes; its own depth limit (2048) stops stack
	 * exhaustion, ours keeps documents reasonable. */
	v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return api_error(res, 400, "malformed", NULL,
				 "malformed JSON at line %d, column %d: %s", jerr.line, jerr.column,
				 jerr.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return api_error(res, 400, "malformed", NULL, "the body must be a JSON object");
	}
	if (!depth_ok(v, 1)) {
		json_decref(v);
		return api_error(res, 400, "too_deep", NULL, "JSON nested deeper than %d levels",
				 API_MAX_DEPTH);
	}
	*out = v;
	return 0;
}

static int parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int64_t api_param_id(const struct request *req, int idx)
{
	int64_t id;

	if (parse_int64(req->params[idx], &id) != 0 || id <= 0)
		return 0;
	return id;
}

int api_query_str(struct request *req, struct response *res, const char *key, const char **out)
{
	const char *v = request_query(req, key);

	*out = NULL;
	if (!v || !*v)
		return 0;
	if (!utf8_valid(v))
		return api_error(res, 400, "bad_parameter", key, "%s is not valid UTF-8", key);
	for (const char *c = v; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return api_error(res, 400, "bad_parameter", key,
					 "%s must not contain control characters", key);
	if (strlen(v) > 200)
		return api_error(res, 400, "bad_parameter", key, "%s is too long", key);
	*out = v;
	return 0;
}

int api_query_int(struct request *req, struct response *res, const char *key, int64_t min,
		  int64_t max, int64_t dflt, int64_t *out)
{
	const char *v = request_query(req, key);
	int64_t n;

	*out = dflt;
	if (!v || !*v)
		return 0;
	if (parse_int64(v, &n) != 0)
		return api_error(res, 400, "bad_parameter", key, "%s must be an integer", key);
	if (n < min || n > max)
		return api_error(res, 400, "bad_parameter", key, "%s must be between %lld and %lld",
				 key, (long long)min, (long long)max);
	*out = n;
	return 0;
}

int api_query_bool(struct request *req, struct response *res, const char *key, int *out)
{
	const char *v = request_query(req, key);

	*out = -1;
	if (!v || !*v)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return api_error(res, 400, "bad_parameter", key, "%s must be true or false", key);
	return 0;
}

int api_query_known(struct request *req, struct response *res, const char *const *known)
{
	const char *unknown = req->query_unknown(req, known);

	if (unknown)
		return api_error(res, 400, "bad_parameter", unknown,
				 "unknown query parameter \"%s\"", unknown);
	return 0;
}

/* Accept 3, "3" and W/"3" (weak tags arrive from some proxies). */
static int parse_etag(const char *s, int64_t *out)
{
	char digits[24];
	size_t n;

	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(digits))
		return -1;
	memcpy(digits, s, n);
	digits[n] = '\0';
	return parse_int64(digits, out) == 0 && *out > 0 ? 0 : -1;
}

int api_expected_version(struct request *req, struct response *res, json_t *body, int64_t *out)
{
	const char *h = request_header(req, "If-Match");
	json_t *v = body ? json_object_get(body, "version") : NULL;
	int64_t from_header = 0, from_body = 0;

	/* "*" is HTTP for "whatever version is current": the caller takes it as 0. */
	if (h && strcmp(h, "*") != 0 && parse_etag(h, &from_header) != 0)
		return api_error(res, 400, "bad_header", "If-Match",
				 "If-Match must carry the record version, e.g. \"3\"");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			struct verrors errs;

			verr_init(&errs);
			verr_add(&errs, "version", "type", "must be a positive integer");
			return api_invalid(res, &errs);
		}
		from_body = json_integer_value(v);
		json_object_del(body, "version");
	}
	if (!h && !v)
		return api_error(res, 428, "version_required", "version",
				 "send the version you edited (If-Match header or \"version\")"
				 " so that nobody's changes are overwritten");
	if (h && v && from_header && from_header != from_body)
		return api_error(res, 409, "version_conflict", "version",
				 "If-Match and version disagree");
	*out = v ? from_body : from_header;
	return 0;
}

int api_patch_begin(struct request *req, struct response *res, int64_t *id, json_t **body,
		    int64_t *version)
{
	int status;

	if (!(*id = api_param_id(req, 0)))
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, body)))
		return status;
	if ((status = api_expected_version(req, res, *body, version))) {
		json_decref(*body);
		*body = NULL;
		return status;
	}
	return 0;
}

void api_etag(struct request *req, struct response *res, int64_t version)
{
	res->etag = arena_printf(req->arena, "\"%lld\"", (long long)version);
}

/* ---- decoding ---- */

static int in_list(const char *key, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(key, *list) == 0)
			return 1;
	return 0;
}

void jd_known(json_t *obj, const char *const *allowed, const char *const *read_only,
	      struct verrors *errs)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		if (in_list(key, read_only))
			verr_add(errs, key, "read_only", "is set by the server");
		else if (!in_list(key, allowed))
			verr_add(errs, key, "unknown", "is not a field of this resource");
	}
}

void jd_str(json_t *v, const char *field, struct arena *a, struct verrors *errs,
	    const char **dst)
{
	if (!v)
		return; /* absent: nothing to apply */
	if (json_is_null(v)) {
		*dst = NULL;
	} else if (!json_is_string(v)) {
		verr_add(errs, field, "type", "must be a string");
	} else if (json_string_length(v) == 0) {
		*dst = NULL;
	} else if (json_string_length(v) > 4000) {
		verr_add(errs, field, "too_long", "is too long");
	} else {
		*dst = arena_strndup(a, json_string_value(v), json_string_length(v));
	}
}

void jd_str_required(json_t *v, const char *field, struct arena *a, struct verrors *errs,
		     const char **dst)
{
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
		verr_add(errs, field, "required", "must not be empty");
	else
		jd_str(v, field, a, errs, dst);
}

void jd_bool(json_t *v, const char *field, struct verrors *errs, bool *dst)
{
	if (!v)
		return; /* absent: nothing to apply */
	if (json_is_boolean(v))
		*dst = json_is_true(v);
	else
		verr_add(errs, field, "type", "must be true or false");
}

void jd_int(json_t *v, const char *field, struct verrors *errs, int64_t *dst, bool *has)
{
	if (!v)
		return; /* absent: nothing to apply */
	if (json_is_null(v) && has) {
		*has = false;
		*dst = 0;
	} else if (!json_is_integer(v)) {
		verr_add(errs, field, "type", "must be an integer");
	} else {
		*dst = json_integer_value(v);
		if (has)
			*has = true;
	}
}

void jd_id(json_t *v, const char *field, struct verrors *errs, int64_t *dst)
{
	if (!v)
		return; /* absent: nothing to apply */
	if (json_is_null(v))
		*dst = 0;
	else if (!json_is_integer(v) || json_integer_value(v) <= 0)
		verr_add(errs, field, "type", "must be a positive integer id or null");
	else
		*dst = json_integer_value(v);
}

void jd_ids(json_t *v, const char *field, const char *what, size_t max, struct arena *a,
	    struct verrors *errs, int64_t **dst, size_t *n)
{
	char item[VERR_FIELD_LEN];
	size_t i;
	json_t *id;

	if (!v)
		return;
	if (json_is_null(v)) {
		*n = 0;
		return;
	}
	if (!json_is_array(v) || (max && json_array_size(v) > max)) {
		if (max)
			verr_add(errs, field, "type", "must be an array of at most %zu %s", max, what);
		else
			verr_add(errs, field, "type", "must be an array of %s", what);
		return;
	}
	*n = json_array_size(v);
	*dst = arena_alloc(a, (*n ? *n : 1) * sizeof(**dst));
	if (!*dst) {
		*n = 0;
		verr_add(errs, field, "too_large", "is too large");
		return;
	}
	json_array_foreach(v, i, id) {
		snprintf(item, sizeof(item), "%s[%zu]", field, i);
		if (!json_is_integer(id) || json_integer_value(id) <= 0)
			verr_add(errs, item, "type", "must be a positive integer id");
		else
			(*dst)[i] = json_integer_value(id);
	}
}

json_t *api_amount(int64_t wan)
{
	char yi[32];

	if (amount_format_yi(wan, yi, sizeof(yi)) < 0)
		return json_null();
	return json_pack("{s:I, s:s}", "wan", (json_int_t)wan, "yi", yi);
}

json_t *api_str(const char *s)
{
	return s ? json_string(s) : json_null();
}
