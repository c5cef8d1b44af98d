/* cmd_import.c - guanlan import enterprises|projects|appeals FILE: the same path as the upload
 * API. */
#include <stdio.h>
#include <string.h>

#include "../ingest/ingest.h"
#include "../store/store.h"
#include "cli.h"

static int usage(const char *why)
{
	fprintf(stderr, "guanlan import: %s\nusage: guanlan import enterprises|projects|appeals FILE"
		" [--dry-run] [--map '表头=field,...'] [--sheet NAME] [--db PATH]\n", why);
	return 2;
}

int cmd_import(const struct cli_options *opt, int argc, char **argv)
{
	struct ingest_options io = { .format = IMPORT_FORMAT_AUTO };
	struct ingest_report r;
	const char *file = NULL;
	int kind;

	if (argc < 2 || (kind = import_kind_parse(argv[1])) < 0)
		return usage("what to import? 'enterprises', 'projects' or 'appeals'");
	io.kind = (enum import_kind)kind;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			io.dry_run = 1;
		else if (strcmp(argv[i], "--map") == 0 && i + 1 < argc)
			io.map = argv[++i];
		else if (strcmp(argv[i], "--sheet") == 0 && i + 1 < argc)
			io.sheet = argv[++i];
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return usage("unexpected argument");
	}
	if (!file)
		return usage("FILE is required");
	io.name = file;

	struct store *s = cli_open_store(opt, 0);
	if (!s)
		return 1;
	ingest_report_init(&r);
	enum gl_err rc = ingest_run(s, file, NULL, 0, &io, &r);
	for (size_t i = 0; i < r.problems.n; i++) {
		const struct import_problem *p = &r.problems.items[i];

		printf("%zu\t%s\t%s\t%s\t%s\t%s\n", p->row, p->col_name, p->header ? p->header : "",
		       import_severity_name(import_code_severity(p->code)),
		       import_code_name(p->code), p->message);
	}
	if (r.problems.total > r.problems.n)
		printf("… %zu more problems not shown\n", r.problems.total - r.problems.n);
	printf("%s%s: inserted %zu, updated %zu, unchanged %zu, rejected %zu; %zu errors\n",
	       io.dry_run ? "dry run " : "", r.committed ? "imported" :
	       io.dry_run ? "would be" : "nothing imported", r.inserted, r.updated, r.unchanged,
	       r.rejected, r.problems.errors);
	int status = rc != GL_OK ? 1 : r.problems.errors || r.rejected ? 1 : 0;
	if (rc != GL_OK && rc != GL_EINVALID)
		fprintf(stderr, "guanlan import: %s\n", gl_strerror(rc));
	ingest_report_release(&r);
	store_close(s);
	return status;
}
