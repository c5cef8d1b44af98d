/* cmd_rates.c - guanlan rates: the rollup of appeal rates (docs/rates.md, "Speed").
 *
 *   rates rebuild   build the cells again from every appeal (after a bulk load)
 *   rates refresh   fold the appeals queued as changed into the cells
 *   rates check [--as-of DAY]... [--range FROM:TO]...  (default: today, +60 days, the
 *                   last three month ends, the 15th of last month and the day before the
 *                   last 调休 working day before this month)
 *                   answer every group and filter through the cells and through the plain
 *                   query and compare the figures exactly; exit 1 on any difference
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../domain/workday.h"
#include "../util/date.h"
#include "cli.h"

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Why r1 and r2 differ, or NULL. */
static const char *differ(const struct rate_result *r1, const struct rate_result *r2)
{
	if (memcmp(&r1->total, &r2->total, sizeof(r1->total)) != 0)
		return "total";
	if (r1->ncells != r2->ncells)
		return "number of groups";
	for (size_t i = 0; i < r1->ncells; i++) {
		const struct rate_cell *a = &r1->cells[i], *b = &r2->cells[i];

		if (!same_str(a->key, b->key) || !same_str(a->name, b->name) ||
		    a->unit_id != b->unit_id)
			return "group keys";
		if (memcmp(&a->acc, &b->acc, sizeof(a->acc)) != 0)
			return "a group's figures";
	}
	return NULL;
}

struct check {
	struct store *s;
	int64_t n, cells, bad;
};

static void check_one(struct check *c, struct rate_query q, const char *what)
{
	struct rate_result r1, r2;
	struct arena a;
	const char *why;
	char day[11];

	arena_init(&a);
	q.plain = false;
	if (store_rates(c->s, &q, &a, &r1) != GL_OK) {
		fprintf(stderr, "rates check: %s: the query failed\n", what);
		c->bad++;
	} else {
		q.plain = true;
		if (store_rates(c->s, &q, &a, &r2) != GL_OK) {
			fprintf(stderr, "rates check: %s: the plain query failed\n", what);
			c->bad++;
		} else if ((why = differ(&r1, &r2))) {
			fprintf(stderr, "rates check: group=%s from=%s to=%s as_of=%s %s: %s differ"
				" (%lld items through the cells, %lld plain)\n",
				rate_group_names[q.group], q.from ? q.from : "-",
				q.to ? q.to : "-", date_format_iso(q.as_of, day, sizeof(day)), what,
				why, (long long)r1.total.items, (long long)r2.total.items);
			c->bad++;
		}
		c->cells += r1.cells_used;
	}
	c->n++;
	arena_release(&a);
}

/* The keys of a plain answer grouped by g (units, categories), to filter by. */
static size_t keys_of(struct store *s, enum rate_group g, struct ymd as_of, struct arena *a,
		      const char ***keys)
{
	struct rate_query q = {.kind = RATE_KIND_APPEALS, .group = g, .as_of = as_of,
			       .plain = true};
	struct rate_result r;

	*keys = NULL;
	if (store_rates(s, &q, a, &r) != GL_OK)
		return 0;
	*keys = arena_alloc(a, (r.ncells + 1) * sizeof(**keys));
	for (size_t i = 0; *keys && i < r.ncells; i++)
		(*keys)[i] = r.cells[i].key;
	return *keys ? r.ncells : 0;
}

static int check(struct store *s, int argc, char **argv)
{
	static const char *const channels[] = {"onsite", "online", "proxy", "hotline"};
	struct ymd as_of[16];
	const char *from[16], *to[16];
	size_t nas = 0, nranges = 1;
	struct check c = {.s = s};
	struct arena a;

	from[0] = to[0] = NULL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc && nas < 16) {
			if (date_parse_iso(argv[++i], &as_of[nas++]) != 0)
				goto usage;
		} else if (strcmp(argv[i], "--range") == 0 && i + 1 < argc && nranges < 16) {
			char *r = argv[++i], *colon = strchr(r, ':');

			if (!colon)
				goto usage;
			*colon = '\0';
			from[nranges] = *r ? r : NULL;
			to[nranges++] = colon[1] ? colon + 1 : NULL;
		} else {
			goto usage;
		}
	}
	arena_init(&a);
	if (!nas) {
		/* Today, a day two months ahead (the pending deadlines by deadline), and the last
		 * three month ends (the month-end snapshots); past days within a month (a month
		 * end corrected by the turns between): the 15th of last month, and the day before
		 * the last 调休 working day before this month, whose month end or the one before
		 * lies across the holiday it makes up for. */
		struct ymd today = date_shanghai(time(NULL)), e = {today.y, today.m, 1};
		int64_t first = date_to_days(e);
		struct calendar cal;

		as_of[nas++] = today;
		as_of[nas++] = date_from_days(date_to_days(today) + 60);
		for (int k = 0; k < 3; k++) {
			e = date_from_days(date_to_days(e) - 1);
			as_of[nas++] = e;
			e.d = 1;
		}
		e = date_from_days(first - 1);
		as_of[nas++] = (struct ymd){e.y, e.m, 15};
		if (store_calendar_load(s, &a, &cal) == GL_OK)
			for (size_t i = cal.nworkdays; i-- > 0;)
				if (cal.workdays[i] < first) {
					as_of[nas++] = date_from_days(cal.workdays[i] - 1);
					break;
				}
	}
	for (size_t t = 0; t < nas; t++) {
		const char **units, **cats;
		size_t nu = keys_of(s, RATE_BY_UNIT, as_of[t], &a, &units);
		size_t nc = keys_of(s, RATE_BY_CATEGORY, as_of[t], &a, &cats);

		for (size_t rg = 0; rg < nranges; rg++)
			for (int g = 0; g < RATE_GROUP__MAX; g++) {
				struct rate_query q = {.kind = RATE_KIND_APPEALS,
						       .group = (enum rate_group)g,
						       .from = from[rg], .to = to[rg],
						       .as_of = as_of[t]};
				struct rate_query f = q;

				check_one(&c, q, "(all)");
				for (size_t i = 0; i < nu; i++) {
					if (strcmp(units[i], "none") == 0)
						continue;
					f = q;
					f.unit_id = atoll(units[i]);
					check_one(&c, f, units[i]);
					/* A handler of this unit sees only its appeals. */
					int64_t unit = f.unit_id;
					struct scope sc = {.unit_ids = &unit, .nunits = 1,
							   .restricted = true};
					f.unit_id = 0;
					f.scope = &sc;
					check_one(&c, f, "(scope)");
				}
				for (size_t i = 0; i < nc; i++) {
					f = q;
					f.category = cats[i];
					check_one(&c, f, cats[i]);
				}
				for (size_t i = 0; i < 4; i++) {
					f = q;
					f.channel = channels[i];
					check_one(&c, f, channels[i]);
				}
			}
	}
	arena_release(&a);
	printf("rates check: %lld requests, %lld through the cells, %lld differ\n",
	       (long long)c.n, (long long)c.cells, (long long)c.bad);
	return c.bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: guanlan rates check [--as-of YYYY-MM-DD]... [--range FROM:TO]...\n");
	return 2;
}

int cmd_rates(const struct cli_options *opt, int argc, char **argv)
{
	struct store *s;
	int64_t n = 0;
	int status = 0;

	if (argc < 2 || (strcmp(argv[1], "rebuild") != 0 && strcmp(argv[1], "refresh") != 0 &&
			 strcmp(argv[1], "check") != 0)) {
		fprintf(stderr, "usage: guanlan rates rebuild | refresh | check [--as-of DAY]..."
			" [--range FROM:TO]...\n");
		return 2;
	}
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	if (strcmp(argv[1], "check") == 0) {
		status = check(s, argc, argv);
	} else if ((strcmp(argv[1], "rebuild") == 0 ? store_rates_rebuild(s, &n)
						     : store_rates_refresh(s, 0, &n)) != GL_OK) {
		fprintf(stderr, "guanlan rates %s: failed (see the log)\n", argv[1]);
		status = 1;
	} else {
		printf("folded %lld appeals into the rate cells\n", (long long)n);
	}
	store_close(s);
	return status;
}
