/* import_read.c - time the reading half of an import (src/import/read.h) on one file: no
 * database, only reading, typing and checking every row.  Built and run by
 * bench/import-read.sh.
 *
 * usage: import-read enterprises|projects|appeals FILE
 * prints: format, rows, wall and CPU seconds, rows per CPU second, problems, peak RSS */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "import/read.h"

static int count(void *ctx, const struct import_record *rec)
{
	size_t *n = ctx;

	(void)rec;
	(*n)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct import_options o = { IMPORT_PROJECTS, IMPORT_FORMAT_AUTO, NULL, NULL, 0, 0 };
	struct import_problems p;
	struct import_summary s;
	struct timespec t0, t1;
	struct rusage ru;
	size_t n = 0;
	enum gl_err rc;
	int kind;
	double secs, cpu;

	if (argc != 3 || (kind = import_kind_parse(argv[1])) < 0) {
		fprintf(stderr, "usage: import-read enterprises|projects|appeals FILE\n");
		return 2;
	}
	o.kind = (enum import_kind)kind;
	import_problems_init(&p, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = import_read_file(argv[2], &o, count, &n, &p, &s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	      (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	/* CPU time too: the machine is shared, and wall time counts the others' work. */
	printf("%-5s %8zu rows  wall %6.2f s  cpu %6.2f s  %8.0f rows/cpu-s  %zu problems (%zu errors)"
	       "  peak RSS %ld MB%s\n",
	       s.format == IMPORT_FORMAT_XLSX ? "xlsx" : "csv", n, secs, cpu, cpu > 0 ? n / cpu : 0,
	       p.total, p.errors, ru.ru_maxrss / 1024, rc == GL_OK ? "" : "  FAILED");
	if (rc != GL_OK && p.n)
		fprintf(stderr, "import-read: %s\n", p.items[0].message);
	import_problems_release(&p);
	return rc == GL_OK ? 0 : 1;
}
