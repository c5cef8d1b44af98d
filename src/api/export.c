/* export.c - GET /api/v1/projects/export: the project ledger (项目台账) as .xlsx or .csv.
 *
 * The same filters and scope as GET /api/v1/projects (projects_query), every matching row.
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

int projects_export(struct request *req, struct response *res)
{
	static const char *const also[] = {"format", NULL};
	struct scope scope = principal_scope(req->principal);
	struct project_query q = {.stage = -1, .industrial = -1, .scope = &scope};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL)};
	const char *format;
	char zh[64], ascii[64];
	struct stat st;
	int status, fd;
	enum gl_err rc;

	if ((status = projects_query(req, res, also, &q)) ||
	    (status = api_query_str(req, res, "format", &format)))
		return status;
	if (format) {
		int f = sheet_format_parse(format);
		if (f < 0)
			return api_error(res, 400, "bad_parameter", "format",
					 "format must be xlsx or csv");
		job.format = (enum sheet_format)f;
	}
	if (req->principal) {
		const struct principal *p = req->principal;

		job.who = p->display_name && *p->display_name
			? arena_printf(req->arena, "%s（%s）", p->display_name, p->username)
			: p->username;
	}
	if ((fd = temp_file(req->arena, &job.path)) < 0) {
		log_error("export: cannot create a temporary file");
		return api_fail(res, GL_EIO, NULL);
	}
	rc = export_projects(req->store, &q, &job, NULL);
	/* The open descriptor keeps the file; the name is no longer needed. */
	unlink(job.path);
	if (rc == GL_OK && (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0))
		rc = GL_EIO;
	if (rc != GL_OK) {
		close(fd);
		return api_fail(res, rc, NULL);
	}
	res->status = 200;
	res->file_fd = fd;
	res->file_size = (size_t)st.st_size;
	res->content_type = sheet_formats[job.format].content_type;
	res->content_disposition = disposition(
		req->arena, export_filename("project-ledger", job.format, job.now, ascii, sizeof(ascii)),
		export_filename("项目台账", job.format, job.now, zh, sizeof(zh)));
	return 200;
}
