/* cmd_export.c - guanlan export: a ledger (台账) into a .xlsx or .csv file.
 *
 *   guanlan export projects --out FILE [--format xlsx|csv] [--db PATH] [--stage S]
 *          [--chain C] [--channel C] [--location L] [--enterprise ID] [--year YYYY]
 *          [--industrial true|false] [--q TEXT] [--sort S]
 *   guanlan export problems --out FILE [--format xlsx|csv] [--db PATH] [--status S]
 *          [--type T] [--unit ID] [--project ID] [--taskforce ID] [--overdue true|false]
 *   guanlan export appeals --out FILE [--format xlsx|csv] [--db PATH] [--state S,S]
 *          [--category C] [--channel C] [--unit ID] [--enterprise ID]
 *   guanlan export arrangements --out FILE [--format xlsx|csv] [--db PATH] [--status S]
 *          [--unit ID] [--overdue true|false] [--as-of YYYY-MM-DD]
 *
 * The same ledgers as GET /api/v1/{projects,problems,appeals,arrangements}/export, of every
 * row (the command line has the database, so no scope applies).  The file is written as FILE.tmp and renamed into place
 * only when complete: FILE is never left half-written.  Exit status 2 for bad options, 1 when
 * the export fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../report/export.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/date.h"
#include "cli.h"

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "guanlan export: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: guanlan export projects --out FILE [--format xlsx|csv]"
			" [--stage S] [--chain C] [--channel C]\n       [--location L]"
			" [--enterprise ID] [--year YYYY] [--industrial true|false] [--q TEXT]"
			" [--sort S]\n       guanlan export problems --out FILE [--format xlsx|csv]"
			" [--status S] [--type T] [--unit ID]\n       [--project ID] [--taskforce ID]"
			" [--overdue true|false]\n       guanlan export appeals --out FILE [--state S,S]"
			" [--category C] [--channel C] [--unit ID] [--enterprise ID]\n"
			"       guanlan export arrangements --out FILE [--status S] [--unit ID]"
			" [--overdue true|false] [--as-of YYYY-MM-DD]\n");
	return 2;
}

static int parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || *end || *out < min || *out > max ? -1 : 0;
}

/* A code given for a reference filter must exist: a typo would export an empty ledger. */
static int check_ref(struct store *s, enum ref_table t, const char *opt, const char *code)
{
	enum gl_err rc;

	if (!code)
		return 0;
	rc = store_ref_exists(s, t, code);
	if (rc == GL_ENOTFOUND)
		return fprintf(stderr, "guanlan export: %s %s: no such code (see guanlan's"
				       " /api/v1/ref tables)\n", opt, code), 2;
	if (rc != GL_OK)
		return fprintf(stderr, "guanlan export: %s\n", gl_strerror(rc)), 1;
	return 0;
}

/* One option of `export projects` into q: 0, 2 after a message, or -1 when unknown. */
static int project_option(const char *a, const char *v, struct project_query *q)
{
	long long n;

	if (strcmp(a, "--stage") == 0) {
		if ((q->stage = project_stage_parse(v)) < 0)
			return bad("--stage %s: not a stage (lead, negotiating, signed, started,"
				   " production, capacity, on_hold, dropped)", v);
	} else if (strcmp(a, "--chain") == 0)
		q->chain = v;
	else if (strcmp(a, "--channel") == 0)
		q->channel = v;
	else if (strcmp(a, "--location") == 0)
		q->location = v;
	else if (strcmp(a, "--enterprise") == 0) {
		if (parse_int(v, 1, INT64_MAX, &n) != 0)
			return bad("--enterprise %s: not an enterprise id", v);
		q->enterprise_id = n;
	} else if (strcmp(a, "--year") == 0) {
		if (parse_int(v, 1900, 2999, &n) != 0)
			return bad("--year %s: not a year from 1900 to 2999", v);
		q->signed_year = (int)n;
	} else if (strcmp(a, "--industrial") == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return bad("--industrial %s: true or false", v);
		q->industrial = strcmp(v, "true") == 0;
	} else if (strcmp(a, "--q") == 0)
		q->name_contains = v;
	else if (strcmp(a, "--sort") == 0) {
		int s = project_sort_parse(v);
		if (s < 0)
			return bad("--sort %s: one of id, -id, -signed_on, -total_investment, name", v);
		q->sort = (enum project_sort)s;
	} else
		return -1;
	return 0;
}

/* One option of `export problems` into q: 0, 2 after a message, or -1 when unknown. */
static int problem_option(const char *a, const char *v, struct problem_query *q)
{
	long long n;
	int64_t *id = strcmp(a, "--unit") == 0 ? &q->unit_id
		: strcmp(a, "--project") == 0 ? &q->project_id
		: strcmp(a, "--taskforce") == 0 ? &q->taskforce_id : NULL;

	if (id) {
		if (parse_int(v, 1, INT64_MAX, &n) != 0)
			return fprintf(stderr, "guanlan export: %s %s: not an id\n", a, v), 2;
		*id = n;
	} else if (strcmp(a, "--status") == 0) {
		if ((q->status = problem_status_parse(v)) < 0)
			return bad("--status %s: not a status (open, in_progress, resolved,"
				   " closed_unresolved)", v);
	} else if (strcmp(a, "--type") == 0) {
		if ((q->type = problem_type_parse(v)) < 0)
			return bad("--type %s: not a problem type (land, planning, approval, energy,"
				   " funding, talent, supporting, other)", v);
	} else if (strcmp(a, "--overdue") == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return bad("--overdue %s: true or false", v);
		q->overdue = strcmp(v, "true") == 0;
	} else
		return -1;
	return 0;
}

/* One option of `export appeals` into q: 0, 2 after a message, or -1 when unknown. */
static int appeal_option(const char *a, const char *v, char *states, size_t size,
			 struct appeal_query *q)
{
	long long n;

	if (strcmp(a, "--unit") == 0 || strcmp(a, "--enterprise") == 0) {
		if (parse_int(v, 1, INT64_MAX, &n) != 0)
			return fprintf(stderr, "guanlan export: %s %s: not an id\n", a, v), 2;
		*(strcmp(a, "--unit") == 0 ? &q->unit_id : &q->enterprise_id) = n;
	} else if (strcmp(a, "--state") == 0) {
		/* "a,b" into the JSON array the store filters by (states). */
		size_t o = (size_t)snprintf(states, size, "[");
		for (const char *p = v; *p;) {
			size_t len = strcspn(p, ",");
			char name[32];

			snprintf(name, sizeof(name), "%.*s", (int)len, p);
			if (len == 0 || len >= sizeof(name) || appeal_state_parse(name) < 0 ||
			    o + len + 5 >= size)
				return bad("--state %s: a comma list of submitted, accepted, declined,"
					   " assigned, in_progress, answered, closed", v);
			o += (size_t)snprintf(states + o, size - o, "%s\"%s\"", o > 1 ? "," : "", name);
			p += len;
			if (*p == ',')
				p++;
		}
		snprintf(states + o, size - o, "]");
		q->states_json = states;
	} else if (strcmp(a, "--category") == 0) {
		q->category = v;
	} else if (strcmp(a, "--channel") == 0) {
		if ((q->channel = appeal_channel_parse(v)) < 0)
			return bad("--channel %s: one of onsite, online, proxy, hotline", v);
	} else
		return -1;
	return 0;
}

/* One option of `export arrangements` into q: 0, 2 after a message, or -1 when unknown. */
static int arrangement_option(const char *a, const char *v, struct arrangement_query *q)
{
	long long n;
	struct ymd d;

	if (strcmp(a, "--unit") == 0) {
		if (parse_int(v, 1, INT64_MAX, &n) != 0)
			return fprintf(stderr, "guanlan export: %s %s: not an id\n", a, v), 2;
		q->unit_id = n;
	} else if (strcmp(a, "--status") == 0) {
		if ((q->status = arrangement_status_parse(v)) < 0)
			return bad("--status %s: one of open, done, cancelled", v);
	} else if (strcmp(a, "--overdue") == 0) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return bad("--overdue %s: true or false", v);
		q->overdue = strcmp(v, "true") == 0;
	} else if (strcmp(a, "--as-of") == 0) {
		if (date_parse_iso(v, &d) != 0)
			return bad("--as-of %s: a day YYYY-MM-DD", v);
		q->today = v;
	} else
		return -1;
	return 0;
}

/* The ids given for the problem filters must exist: a typo would export an empty ledger. */
static int check_problem_ids(struct store *s, const struct problem_query *q)
{
	struct arena a;
	struct project p;
	struct taskforce t;
	char code[24];
	enum gl_err rc = GL_OK;
	const char *opt = NULL;
	int64_t id = 0;

	arena_init(&a);
	if (q->unit_id) {
		snprintf(code, sizeof(code), "%lld", (long long)q->unit_id);
		if ((rc = store_ref_exists(s, REF_UNIT, code)) != GL_OK)
			opt = "--unit", id = q->unit_id;
	}
	if (rc == GL_OK && q->project_id &&
	    (rc = store_project_get(s, q->project_id, NULL, &a, &p)) != GL_OK)
		opt = "--project", id = q->project_id;
	if (rc == GL_OK && q->taskforce_id &&
	    (rc = store_taskforce_get(s, q->taskforce_id, NULL, &a, &t)) != GL_OK)
		opt = "--taskforce", id = q->taskforce_id;
	arena_release(&a);
	if (rc == GL_ENOTFOUND)
		return fprintf(stderr, "guanlan export: %s %lld: no such %s\n", opt, (long long)id,
			       opt + 2), 2;
	if (rc != GL_OK)
		return fprintf(stderr, "guanlan export: %s\n", gl_strerror(rc)), 1;
	return 0;
}

int cmd_export(const struct cli_options *opt, int argc, char **argv)
{
	struct project_query pq = {.stage = -1, .industrial = -1};
	struct problem_query bq = {.status = -1, .type = -1, .overdue = -1};
	struct appeal_query aq = {.channel = -1, .supervised = -1};
	struct arrangement_query xq = {.status = -1, .overdue = -1};
	struct export_job job = {.format = SHEET_XLSX, .now = time(NULL)};
	const char *out = NULL, *format = NULL;
	char states[256];
	int problems, appeals, arrangements, status;

	if (argc < 2 || (strcmp(argv[1], "projects") != 0 && strcmp(argv[1], "problems") != 0 &&
			 strcmp(argv[1], "appeals") != 0 && strcmp(argv[1], "arrangements") != 0))
		return bad("what to export? 'projects', 'problems', 'appeals' or 'arrangements'%s", "");
	problems = strcmp(argv[1], "problems") == 0;
	appeals = strcmp(argv[1], "appeals") == 0;
	arrangements = strcmp(argv[1], "arrangements") == 0;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v || strncmp(a, "--", 2) != 0)
			return bad(v ? "unexpected argument '%s'" : "%s needs a value", a);
		i++;
		if (strcmp(a, "--out") == 0)
			out = v;
		else if (strcmp(a, "--format") == 0)
			format = v;
		else if ((status = appeals ? appeal_option(a, v, states, sizeof(states), &aq)
				 : arrangements ? arrangement_option(a, v, &xq)
				 : problems ? problem_option(a, v, &bq) : project_option(a, v, &pq)))
			return status < 0 ? bad("unknown option %s", a) : status;
	}
	if (!out || !*out)
		return bad("--out FILE is required%s", "");
	if (!format) {
		/* The file's extension says it when --format does not. */
		const char *dot = strrchr(out, '.');
		format = dot && strcmp(dot, ".csv") == 0 ? "csv" : "xlsx";
	}
	int f = sheet_format_parse(format);
	if (f < 0)
		return bad("--format %s: xlsx or csv", format);
	job.format = (enum sheet_format)f;

	struct store *s = cli_open_store(opt, 0);
	if (!s)
		return 1;
	if (appeals || arrangements)
		status = 0;
	else if (problems)
		status = check_problem_ids(s, &bq);
	else if (!(status = check_ref(s, REF_CHAIN, "--chain", pq.chain)) &&
		 !(status = check_ref(s, REF_CHANNEL, "--channel", pq.channel)))
		status = check_ref(s, REF_REGION, "--location", pq.location);
	if (status) {
		store_close(s);
		return status;
	}

	struct arena a;
	int64_t rows = 0;
	enum gl_err rc;

	arena_init(&a);
	job.path = arena_printf(&a, "%s.tmp", out);
	rc = job.path ? store_read_begin(s) : GL_ENOMEM;
	if (rc == GL_OK) {
		rc = appeals ? export_appeals(s, &aq, &job, &rows)
			: arrangements ? export_arrangements(s, &xq, &job, &rows)
			: problems ? export_problems(s, &bq, &job, &rows)
			: export_projects(s, &pq, &job, &rows);
		store_read_end(s);
	}
	if (rc == GL_OK && rename(job.path, out) != 0) {
		fprintf(stderr, "guanlan export: cannot rename %s to %s: %s\n", job.path, out,
			strerror(errno));
		rc = GL_EIO;
	}
	if (rc != GL_OK) {
		if (job.path)
			unlink(job.path);
		fprintf(stderr, "guanlan export: %s: %s\n", out, gl_strerror(rc));
	} else {
		fprintf(stderr, "guanlan export: %lld %s written to %s\n", (long long)rows,
			argv[1], out);
	}
	arena_release(&a);
	store_close(s);
	return rc == GL_OK ? 0 : 1;
}
