/* api.h - helpers every resource handler uses: errors, JSON bodies, query parameters.
 *
 * Error responses all have one shape:
 *   {"error": {"code": "...", "message": "...", "field": "...", "details": [...]}}
 * "field" names the offending field when there is one; a 422 lists every invalid field in
 * "details" as {"field", "code", "message"}.  The mapping from enum gl_err to HTTP status is
 * api_fail(), and nowhere else.
 *
 * Functions returning int return the HTTP status they set in res, so handlers can
 * `return api_error(...)`.
 */
#ifndef GL_API_H
#define GL_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../domain/verr.h"
#include "../http/request.h"
#include "../util/err.h"

typedef int api_handler(struct request *req, struct response *res);

enum { API_MAX_DEPTH = 32, API_MAX_LIMIT = 200, API_DEFAULT_LIMIT = 20 };

int api_json(struct response *res, int status, json_t *body);
/* 204: no body, no Content-Type. */
int api_no_content(struct response *res);
int api_error(struct response *res, int status, const char *code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* 422 with every problem of v. */
int api_invalid(struct response *res, const struct verrors *v);
/* The one place an enum gl_err becomes an HTTP status (with v for GL_EINVALID). */
int api_fail(struct response *res, enum gl_err e, const struct verrors *v);

/* Parse the request body as a JSON object: 415 unless Content-Type is application/json,
 * 400 when absent, malformed (including invalid UTF-8), not an object or nested deeper than
 * API_MAX_DEPTH, 413 when over the server's limit.  Returns 0 and *out (owned by the caller)
 * or the status set in res. */
int api_read_object(struct request *req, struct response *res, json_t **out);

/* Path parameter idx as a positive id; 0 when it is not one (answer 404). */
int64_t api_param_id(const struct request *req, int idx);

/* Query parameters.  Each returns 0 or the 400 it set in res. */
int api_query_str(struct request *req, struct response *res, const char *key, const char **out);
int api_query_int(struct request *req, struct response *res, const char *key, int64_t min,
		  int64_t max, int64_t dflt, int64_t *out);
int api_query_bool(struct request *req, struct response *res, const char *key, int *out);
/* Refuse parameters not in the NULL-terminated list: a typo must not silently return
 * everything. */
int api_query_known(struct request *req, struct response *res, const char *const *known);

/* The version a write expects: If-Match header ("3", "\"3\"" or W/"3") or the "version"
 * member of body (removed from it).  428 when neither is given, 400 when malformed,
 * 409 when both are given and differ. */
int api_expected_version(struct request *req, struct response *res, json_t *body, int64_t *out);
/* The common opening of a PATCH on /{id}: the id (404 when it is not one), the JSON body
 * (owned by the caller on success) and the version it edits (0 for If-Match: *).
 * Returns 0 or the status set in res. */
int api_patch_begin(struct request *req, struct response *res, int64_t *id, json_t **body,
		    int64_t *version);

/* Set the ETag of a record version. */
void api_etag(struct request *req, struct response *res, int64_t version);

/* ---- decoding JSON members into domain structs, collecting problems in errs ---- */

/* Refuse members outside the NULL-terminated allowed list (422 "unknown"), and those in the
 * read-only list (422 "read_only"). */
void jd_known(json_t *obj, const char *const *allowed, const char *const *read_only,
	      struct verrors *errs);
/* Each jd_ function leaves *dst alone when v is NULL (the member is absent). */
/* A string or null; copied into the arena.  Empty strings become NULL. */
void jd_str(json_t *v, const char *field, struct arena *a, struct verrors *errs,
	    const char **dst);
/* A string; null, empty or absent refused. */
void jd_str_required(json_t *v, const char *field, struct arena *a, struct verrors *errs,
		     const char **dst);
void jd_bool(json_t *v, const char *field, struct verrors *errs, bool *dst);
/* An integer; null clears *has when has is given, else it is refused. */
void jd_int(json_t *v, const char *field, struct verrors *errs, int64_t *dst, bool *has);
/* A positive id or null (0). */
void jd_id(json_t *v, const char *field, struct verrors *errs, int64_t *dst);

/* An array of positive ids, or null (none); "what" names them in messages ("unit ids") and
 * max > 0 refuses longer arrays.  OUT: *dst (in the arena) and *n. */
void jd_ids(json_t *v, const char *field, const char *what, size_t max, struct arena *a,
	    struct verrors *errs, int64_t **dst, size_t *n);

/* Amounts in JSON: the integer in 万元 and its exact 亿元 text. */
json_t *api_amount(int64_t wan);
/* A JSON string or null. */
json_t *api_str(const char *s);

#endif
