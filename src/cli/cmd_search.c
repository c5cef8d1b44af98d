/* cmd_search.c - guanlan search: rebuild the index (after an OpenCC dictionary upgrade) or
 * look something up from the command line, with an administrator's view (no scope). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../search/marks.h"
#include "../store/store.h"
#include "cli.h"

static int rebuild(const struct cli_options *opt)
{
	struct store *s = cli_open_store(opt, 1);
	int64_t n;

	if (!s)
		return 1;
	enum gl_err rc = store_search_rebuild(s, &n);
	store_close(s);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan search rebuild: failed (see the log)\n");
		return 1;
	}
	printf("indexed %lld records\n", (long long)n);
	return 0;
}

/* The markers as [ ] for a terminal. */
static void print_marked(const char *t)
{
	for (; *t; t++)
		putchar(*t == MARK_OPEN ? '[' : *t == MARK_CLOSE ? ']' : *t);
}

int cmd_search(const struct cli_options *opt, int argc, char **argv)
{
	struct search_query q = {.kind = -1, .limit = 10};
	struct search_result r;
	struct arena a;
	struct store *s;

	if (argc == 2 && strcmp(argv[1], "rebuild") == 0)
		return rebuild(opt);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) {
			const char *t = argv[++i];
			for (int k = 0; k < SEARCH_KIND__MAX; k++)
				if (strcmp(t, search_kind_names[k]) == 0)
					q.kind = k;
			if (q.kind < 0) {
				fprintf(stderr, "guanlan search: --type is enterprise, project, appeal,"
					" roundtable, problem or followup\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			q.limit = atoi(argv[++i]);
			if (q.limit < 1 || q.limit > 1000) {
				fprintf(stderr, "guanlan search: --limit is 1 to 1000\n");
				return 2;
			}
		} else if (!q.q && argv[i][0] != '-')
			q.q = argv[i];
		else {
			fprintf(stderr, "guanlan search: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!q.q) {
		fprintf(stderr, "usage: guanlan search QUERY [--type T] [--limit N] | search rebuild\n");
		return 2;
	}
	if (!(s = cli_open_store(opt, 0)))
		return 1;
	arena_init(&a);
	enum gl_err rc = store_search(s, &q, &a, &r);
	if (rc == GL_OK) {
		for (int k = 0; k < SEARCH_KIND__MAX; k++) {
			const struct search_group *g = &r.groups[k];
			if (q.kind >= 0 && q.kind != k)
				continue;
			printf("%s: %lld%s\n", search_kind_names[k],
			       (long long)(g->count > SEARCH_COUNT_CAP ? SEARCH_COUNT_CAP : g->count),
			       g->count > SEARCH_COUNT_CAP ? "+" : "");
			for (int i = 0; i < g->n; i++) {
				printf("  %lld\t%s%s\t", (long long)g->items[i].id, g->items[i].label,
				       g->items[i].exact ? " (code)" : "");
				print_marked(g->items[i].title ? g->items[i].title : "");
				if (g->items[i].snippet && *g->items[i].snippet) {
					printf("\t");
					print_marked(g->items[i].snippet);
				}
				putchar('\n');
			}
		}
	} else
		fprintf(stderr, "guanlan search: failed (see the log)\n");
	arena_release(&a);
	store_close(s);
	return rc == GL_OK ? 0 : 1;
}
