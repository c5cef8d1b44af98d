/* cmd_gen.c - guanlan gen: a large synthetic data set for benchmarks.
 *
 * Deterministic (fixed seed), written through the store API so the rows obey the same rules
 * and triggers as real ones, in batches of 50,000 per transaction.  Then each project gets a
 * stage-ledger history (--events per project, 10 by default: 10M events for 1M projects) and
 * started projects --funds-months monthly funds reports, by INSERT ... SELECT.  The statistics
 * triggers are dropped meanwhile and the rollups rebuilt from the base tables at the end in
 * one pass (store_stats_bulk): the same rows the triggers would have written, in a fraction of
 * the time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/creditcode.h"
#include "../store/store.h"
#include "cli.h"

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	/* xorshift64*: fast, and good enough to spread synthetic rows. */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static int64_t rng_range(struct rng *r, int64_t n)
{
	return (int64_t)(rng_next(r) % (uint64_t)n);
}

static int parse_count(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || *end || *out < 0 || *out > 100000000 ? -1 : 0;
}

/* A well-formed, check-valid credit code for synthetic enterprise n. */
static void make_code(long n, char out[19])
{
	char org[9];

	snprintf(org, sizeof(org), "%08lu", (unsigned long)n % 100000000UL);
	memcpy(out, "91370100", 8);
	memcpy(out + 8, org, 8);
	out[16] = orgcode_check_char(org);
	out[17] = uscc_check_char(out);
	out[18] = '\0';
}

static const char *const industries[] = {"3612", "3670", "3911", "3914", "6513", "4411",
					  "2710", "7320", "3832", "3491"};
static const char *const chains[] = {"nev", "space", "robot", "bigsci", "energy", "digital",
				      "biomed", "newmat", "service", "infra"};
static const char *const channels[] = {"leader", "thinktank", "chain", "business", "resident",
					"fund", "agency", "expo", "online", "other"};
static const char *const locations[] = {"zone", "zone", "zone", "zone", "370115", "370126"};
static const char *const tags[] = {"世界500强", "行业龙头", "上市公司", "专精特新", "高新技术企业"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void report(enum gl_err rc, const struct verrors *errs, const char *what, long i)
{
	if (rc == GL_EINVALID)
		for (int k = 0; k < errs->n; k++)
			fprintf(stderr, "guanlan gen: %s %ld: %s %s\n", what, i, errs->items[k].field,
				errs->items[k].message);
}

static enum gl_err gen_enterprises(struct store *s, struct rng *r, long n)
{
	enum gl_err rc = GL_OK;

	for (long i = 1; rc == GL_OK && i <= n; i++) {
		struct arena a;
		struct verrors errs;
		char name[64], code[19];
		const char *tag = tags[rng_range(r, COUNT(tags))];
		struct contact c = {"张经理", "总经理", "0531-88886666", NULL};
		struct enterprise e = {
			.name = name, .credit_code = code,
			.industry_code = industries[rng_range(r, COUNT(industries))],
			.address = "济南新旧动能转换起步区", .tags = &tag, .ntags = 1,
			.contacts = &c, .ncontacts = 1,
		};

		snprintf(name, sizeof(name), "示例企业%07ld有限公司", i);
		make_code(i, code);
		arena_init(&a);
		verr_init(&errs);
		if (i % 50000 == 1 && (rc = store_begin(s)) != GL_OK)
			break;
		rc = store_enterprise_create(s, &e, &a, &errs);
		report(rc, &errs, "enterprise", i);
		arena_release(&a);
		if ((i % 50000 == 0 || i == n) && rc == GL_OK)
			rc = store_commit(s);
	}
	return rc;
}

static enum gl_err gen_projects(struct store *s, struct rng *r, long n, long nent)
{
	enum gl_err rc = GL_OK;

	for (long i = 1; rc == GL_OK && i <= n; i++) {
		struct arena a;
		struct verrors errs;
		char name[64], signed_on[11], started_on[11], production_on[11];
		int year = 2018 + (int)rng_range(r, 9), month = 1 + (int)rng_range(r, 12);
		int64_t ent = nent ? 1 + rng_range(r, nent) : 0;
		struct project p = {
			.name = name, .enterprise_ids = &ent, .nenterprises = ent ? 1 : 0,
			.industry_code = industries[rng_range(r, COUNT(industries))],
			.chain = chains[rng_range(r, COUNT(chains))],
			.channel = channels[rng_range(r, COUNT(channels))],
			.stage = (enum project_stage)rng_range(r, STAGE__MAX),
			.has_investment = true, .total_investment = 500 + rng_range(r, 500000),
			.location = locations[rng_range(r, COUNT(locations))],
			.industrial = rng_range(r, 4) != 0,
			.unit_id = 1 + rng_range(r, 10),
		};
		int order = project_stages[p.stage].order;

		snprintf(name, sizeof(name), "示例项目%07ld", i);
		snprintf(signed_on, sizeof(signed_on), "%04d-%02d-15", year, month);
		snprintf(started_on, sizeof(started_on), "%04d-%02d-20", year, month);
		snprintf(production_on, sizeof(production_on), "%04d-%02d-25", year + 1, month);
		if (order >= 2 || p.stage == STAGE_ON_HOLD)
			p.signed_on = signed_on;
		if (order >= 3)
			p.started_on = started_on;
		if (order >= 4)
			p.production_on = production_on;
		arena_init(&a);
		verr_init(&errs);
		if (i % 50000 == 1 && (rc = store_begin(s)) != GL_OK)
			break;
		rc = store_project_create(s, &p, &a, &errs);
		report(rc, &errs, "project", i);
		arena_release(&a);
		if ((i % 50000 == 0 || i == n) && rc == GL_OK)
			rc = store_commit(s);
	}
	return rc;
}

int cmd_gen(const struct cli_options *opt, int argc, char **argv)
{
	struct rng r = {0x9E3779B97F4A7C15ULL};
	long nent = 100000, nprj = 1000000, nev = 10, nfunds = 3;
	struct store *s;
	enum gl_err rc;

	for (int i = 1; i < argc; i++) {
		long *dst = strcmp(argv[i], "--enterprises") == 0 ? &nent
			  : strcmp(argv[i], "--projects") == 0	  ? &nprj
			  : strcmp(argv[i], "--events") == 0	  ? &nev
			  : strcmp(argv[i], "--funds-months") == 0 ? &nfunds : NULL;
		if (!dst || i + 1 >= argc || parse_count(argv[i + 1], dst) != 0) {
			fprintf(stderr, "guanlan gen: usage: gen [--enterprises N] [--projects N]"
				" [--events N] [--funds-months N]\n");
			return 2;
		}
		i++;
	}
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	/* The statistics rollups are rebuilt once at the end instead of by triggers per row. */
	rc = store_stats_bulk(s, 1);
	if (rc == GL_OK)
		rc = gen_enterprises(s, &r, nent);
	if (rc == GL_OK)
		rc = gen_projects(s, &r, nprj, nent);
	/* The ledger history in batches, so that no transaction grows past a few hundred MB. */
	for (long first = 1; rc == GL_OK && first <= nprj && (nev > 0 || nfunds > 0); first += 50000)
		rc = store_gen_history(s, first, first + 49999 > nprj ? nprj : first + 49999,
				       (int)(nev > 1000 ? 1000 : nev), (int)(nfunds > 120 ? 120 : nfunds));
	if (rc == GL_OK)
		rc = store_stats_bulk(s, 0);
	/* Give the query planner statistics for the data just written. */
	if (rc == GL_OK && store_analyze(s) != GL_OK)
		rc = GL_EDB;
	store_close(s);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan gen: %s\n", gl_strerror(rc));
		return 1;
	}
	printf("generated %ld enterprises and %ld projects (%ld ledger events each, %ld months of"
	       " funds for started ones) in %s\n", nent, nprj, nev, nfunds, opt->db);
	return 0;
}
