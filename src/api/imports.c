/* imports.c - POST /api/v1/imports: a ledger uploaded as the raw body, through ingest_run(),
 * the same code path as `guanlan import`. */
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "../ingest/ingest.h"
#include "../store/store.h"
#include "api.h"
#include "resources.h"

size_t imports_body_limit(const char *method, const char *path)
{
	return strcmp(method, "POST") == 0 && strcmp(path, "/api/v1/imports") == 0
		       ? IMPORT_UPLOAD_MAX : 0;
}

static const char *const XLSX_TYPE =
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static int type_is(const char *ct, const char *mime)
{
	size_t len = strlen(mime);

	return ct && strncasecmp(ct, mime, len) == 0 && (ct[len] == '\0' || ct[len] == ';');
}

static json_t *report_json(const struct ingest_options *o, const struct ingest_report *r)
{
	json_t *items = json_array(), *rows = json_array();

	for (size_t i = 0; i < r->problems.n; i++) {
		const struct import_problem *p = &r->problems.items[i];

		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s}",
			"row", (json_int_t)p->row, "col", p->col >= 0 ? json_string(p->col_name)
								      : json_null(),
			"header", api_str(p->header),
			"severity", import_severity_name(import_code_severity(p->code)),
			"code", import_code_name(p->code), "message", p->message));
	}
	for (size_t i = 0; i < r->nrows; i++) {
		const struct ingest_row *w = &r->rows[i];

		json_array_append_new(rows, json_pack("{s:I, s:s, s:o, s:o}",
			"row", (json_int_t)w->row, "action", ingest_action_name(w->action),
			"id", w->id ? json_integer(w->id) : json_null(), "key", api_str(w->key)));
	}
	return json_pack("{s:s, s:b, s:b, s:s, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I},"
			 " s:{s:I, s:I, s:I, s:o}, s:o}",
		"kind", import_kind_name(o->kind), "dry_run", o->dry_run,
		"committed", r->committed,
		"format", r->read.format == IMPORT_FORMAT_XLSX ? "xlsx" : "csv",
		"header_row", (json_int_t)r->read.header_row,
		"summary", "inserted", (json_int_t)r->inserted, "updated", (json_int_t)r->updated,
		"unchanged", (json_int_t)r->unchanged, "rejected", (json_int_t)r->rejected,
		"records", (json_int_t)r->read.records, "skipped", (json_int_t)r->read.skipped,
		"problems", "total", (json_int_t)r->problems.total,
		"errors", (json_int_t)r->problems.errors, "shown", (json_int_t)r->problems.n,
		"items", items,
		"rows", rows);
}

int imports_post(struct request *req, struct response *res)
{
	static const char *const known[] = {"kind", "dry_run", "sheet", "map", NULL};
	struct ingest_options o = { .format = IMPORT_FORMAT_AUTO };
	struct ingest_report r;
	const char *kind = NULL, *ct = request_header(req, "Content-Type");
	int dry = -1, status, k;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "kind", &kind)) ||
	    (status = api_query_bool(req, res, "dry_run", &dry)) ||
	    (status = api_query_str(req, res, "sheet", &o.sheet)) ||
	    (status = api_query_str(req, res, "map", &o.map)))
		return status;
	if (!kind || (k = import_kind_parse(kind)) < 0)
		return api_error(res, 400, "bad_parameter", "kind",
				 "kind must be enterprises, projects or appeals");
	o.kind = (enum import_kind)k;
	o.dry_run = dry == 1;
	if (req->principal) {
		/* An imported appeal's events name who imported it. */
		o.user_id = req->principal->user_id;
		o.username = req->principal->username;
	}
	if (req->body_too_large)
		return api_error(res, 413, "too_large", NULL, "an imported file is at most %d MB",
				 IMPORT_UPLOAD_MAX >> 20);
	if (type_is(ct, "text/csv"))
		o.format = IMPORT_FORMAT_CSV;
	else if (type_is(ct, XLSX_TYPE))
		o.format = IMPORT_FORMAT_XLSX;
	else
		return api_error(res, 415, "unsupported_media_type", NULL,
				 "send the file as text/csv or %s (Content-Type %s)", XLSX_TYPE,
				 ct ? ct : "missing");
	if (!req->body || req->body_len == 0) {
		struct verrors errs;

		verr_init(&errs);
		verr_add(&errs, "body", "required", "the file is empty");
		return api_invalid(res, &errs);
	}
	ingest_report_init(&r);
	enum gl_err rc = ingest_run(req->store, NULL, req->body, req->body_len, &o, &r);
	if (rc != GL_OK && rc != GL_EINVALID) {
		ingest_report_release(&r);
		return api_fail(res, rc, NULL);
	}
	json_t *body = report_json(&o, &r);
	int failed = rc != GL_OK || (!o.dry_run && !r.committed);
	ingest_report_release(&r);
	return api_json(res, failed ? 422 : 200, body);
}
