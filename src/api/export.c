/* export.c - GET /api/v1/{projects,problems,appeals,arrangements}/export: the project ledger
 * (项目台账), the problem ledger (制约问题台账), the appeal ledger (诉求台账) and the arrangement
 * ledger (具体安排台账) as .xlsx or .csv.
 *
 * The same filters and scope as GET /api/v1/projects (projects_query) and GET
 * /api/v1/problems (problems_query), every matching row.
 * The file is written to an unlinked temporary file and sent from its descriptor, so a large
 * ledger is never held in memory.
 */
#include "resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../report/export.h"
#include "../store/store.h"
#include "../util/log.h"

/* A temporary file for one export; OUT: its path (in the arena).  -1 on failure. */
static int temp_file(struct arena *a, const char **path)
{
	const char *dir = getenv("TMPDIR");
	char *name = arena_printf(a, "%s/guanlan-export-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd;

	if (!name || (fd = mkstemp(name)) < 0)
		return -1;
	*path = name;
	return fd;
}

/* "%E9%A1%B9" for each byte outside RFC 5987's attr-char. */
static const char *percent_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    strchr("!#$&+-.^_`|~", *c)) {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* attachment with an ASCII name for old clients and the Chinese one (RFC 6266, 5987). */
static const char *disposition(struct arena *a, const char *ascii, const char *utf8)
{
	const char *enc = percent_encode(a, utf8);

	return enc ? arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii,
				  enc) : NULL;
}

/* The exporter's name for the 说明 sheet: "显示名（用户名）". */
static const char *who(struct request *req)
{
	const struct principal *p = req->principal;

	if (!p)
		return NULL;
	return p->display_name && *p->display_name
		? arena_printf(req->arena, "%s（%s）", p->display_name, p->username) : p->username;
}

/* The format parameter (xlsx when absent) into job; 0 or the 400 set in res. */
static int parse_format(struct request *req, struct response *res, struct export_job *job)
{
	const char *format;
	int status, f;

	if ((status = api_query_str(req, res, "format", &format)))
		return status;
	if (!format)
		return 0;
	if ((f = sheet_format_parse(format)) < 0)
		return api_error(res, 400, "bad_parameter", "format", "format must be xlsx or csv");
	job->format = (enum sheet_format)f;
	return 0;
}

/* What a ledger export does once the filters are parsed: write the file to an unlinked
 * temporary file with write(), then answer it from its descriptor under a download name of
 * ascii_stem (old clients) and zh_stem. */
struct ledger {
	const char *ascii_stem, *zh_stem;
	enum gl_err (*write)(struct store *s, const void *q, const struct export_job *job);
	const void *q;
};

static int send_ledger(struct request *req, struct response *res, struct export_job *job,
		       const struct ledger *l)
{
	char zh[64], ascii[64];
	struct stat st;
	int fd;
	enum gl_err rc;

	if ((fd = temp_file(req->arena, &job->path)) < 0) {
		log_error("export: cannot create a temporary file");
		return api_fail(res, GL_EIO, NULL);
	}
	rc = l->write(req->store, l->q, job);
	/* The open descriptor keeps the file; the name is no longer needed. */
	unlink(job->path);
	if (rc == GL_OK && (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0))
		rc = GL_EIO;
	if (rc != GL_OK) {
		close(fd);
		return api_fail(res, rc, NULL);
	}
	res->status = 200;
	res->file_fd = fd;
	res->file_size = (size_t)st.st_size;
	res->content_type = sheet_formats[job->format].content_type;
	res->content_disposition = disposition(
		req->arena, export_filename(l->ascii_stem, job->format, job->now, ascii, sizeof(ascii)),
		export_filename(l->zh_stem, job->format, job->now, zh, sizeof(zh)));
	return 200;
}

static enum gl_err write_projects(struct store *s, const void *q, const struct export_job *job)
{
	return export_projects(s, q, job, NULL);
}

static enum gl_err write_problems(struct store *s, const void *q, const struct export_job *job)
{
	return export_problems(s, q, job, NULL);
}

int projects_export(struct request *req, struct response *res)
{
	static const char *const also[] = {"format", NULL};
	struct scope scope = principal_scope(req->principal);
	struct project_query q = {.stage = -1, .industrial = -1, .scope = &scope};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL), .who = who(req)};
	int status;

	if ((status = projects_query(req, res, also, &q)) ||
	    (status = parse_format(req, res, &job)))
		return status;
	return send_ledger(req, res, &job,
			   &(struct ledger){"project-ledger", "项目台账", write_projects, &q});
}

int problems_export(struct request *req, struct response *res)
{
	static const char *const also[] = {"format", NULL};
	struct scope scope = principal_scope(req->principal);
	struct problem_query q = {.status = -1, .type = -1, .scope = &scope};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL), .who = who(req)};
	int status;

	if ((status = problems_query(req, res, also, 0, &q)) ||
	    (status = parse_format(req, res, &job)))
		return status;
	return send_ledger(req, res, &job,
			   &(struct ledger){"problem-ledger", "制约问题台账", write_problems, &q});
}

static enum gl_err write_appeals(struct store *s, const void *q, const struct export_job *job)
{
	return export_appeals(s, q, job, NULL);
}

static enum gl_err write_arrangements(struct store *s, const void *q,
				      const struct export_job *job)
{
	return export_arrangements(s, q, job, NULL);
}

int appeals_export(struct request *req, struct response *res)
{
	static const char *const also[] = {"format", NULL};
	struct scope scope = principal_scope(req->principal);
	struct appeal_query q = {.channel = -1, .supervised = -1, .scope = &scope};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL), .who = who(req)};
	int status;

	if ((status = appeals_query(req, res, also, &q)) ||
	    (status = parse_format(req, res, &job)))
		return status;
	return send_ledger(req, res, &job,
			   &(struct ledger){"appeal-ledger", "诉求台账", write_appeals, &q});
}

int arrangements_export(struct request *req, struct response *res)
{
	static const char *const also[] = {"format", NULL};
	struct scope scope = principal_scope(req->principal);
	struct arrangement_query q = {.status = -1, .scope = &scope};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL), .who = who(req)};
	struct calendar cal;
	struct ymd as_of;
	int status;

	if ((status = arrangements_query(req, res, also, &q, &cal, &as_of)) ||
	    (status = parse_format(req, res, &job)))
		return status;
	return send_ledger(req, res, &job, &(struct ledger){"arrangement-ledger", "具体安排台账",
							    write_arrangements, &q});
}
