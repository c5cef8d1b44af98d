/* stats.c - headline figures, read from the trigger-kept rollups (sql/009_stats.sql). */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

/* The summary's statements share MOD_STATS with facts.c, whose table fills the first slots;
 * these take the last ones. */
enum {
	SUM_HEADLINE,
	SUM_BY_STAGE,
	SUM_BY_CHAIN,
	SUM_BY_YEAR,
	SUM_PROJECTS,
	SUM_EXTENT_REFS,
	SUM_EXTENT_SPAN,
	SUM__MAX
};

static const char *const sum_sql[SUM__MAX] = {
	[SUM_HEADLINE] =
		"SELECT r.kind = 'zone', c.industrial, sum(c.n), sum(c.amount)"
		" FROM stat_cube c JOIN ref_region r ON r.code = c.location"
		" WHERE c.dim = '' AND c.measure = 'signed' AND c.unit_id = -1 AND c.month >= 'Y'"
		" AND r.kind IN ('zone', 'partner')"
		" GROUP BY 1, 2",
	[SUM_BY_STAGE] =
		"SELECT c.val, sum(c.n), sum(c.amount)"
		" FROM stat_cube c JOIN ref_region r ON r.code = c.location"
		" WHERE c.dim = 'stage' AND c.measure = 'all' AND c.unit_id = -1 AND r.kind = 'zone'"
		" GROUP BY c.val",
	[SUM_BY_CHAIN] =
		"SELECT c.val, coalesce(ch.name, '未分类'), sum(c.n), sum(c.amount)"
		" FROM stat_cube c JOIN ref_region r ON r.code = c.location"
		" LEFT JOIN ref_chain ch ON ch.code = c.val"
		" WHERE c.dim = 'chain' AND c.measure = 'signed' AND c.unit_id = -1"
		" AND c.month >= 'Y' AND r.kind = 'zone'"
		" GROUP BY c.val HAVING sum(c.n) > 0 ORDER BY coalesce(ch.sort, 1e9)",
	[SUM_BY_YEAR] =
		"SELECT substr(c.month, 2, 4), sum(c.n), sum(c.amount)"
		" FROM stat_cube c JOIN ref_region r ON r.code = c.location"
		" WHERE c.dim = '' AND c.measure = 'signed' AND c.unit_id = -1 AND c.month >= 'Y'"
		" AND r.kind = 'zone'"
		" GROUP BY 1 HAVING sum(c.n) > 0 ORDER BY 1",
	[SUM_PROJECTS] =
		"SELECT coalesce(sum(n), 0) FROM stat_cube"
		" WHERE dim = '' AND measure = 'all' AND unit_id = -1",
	[SUM_EXTENT_REFS] =
		"SELECT (SELECT count(*) FROM ref_chain), (SELECT count(*) FROM ref_channel),"
		" (SELECT count(*) FROM ref_region), (SELECT count(*) FROM unit),"
		" (SELECT count(DISTINCT section) FROM ref_industry)",
	/* Two subqueries, so that each is one seek at an end of the primary key. */
	[SUM_EXTENT_SPAN] =
		"SELECT (SELECT min(month) FROM stat_cube WHERE dim = '' AND measure = ?1"
		" AND unit_id = -1 AND month < 'Y'),"
		" (SELECT max(month) FROM stat_cube WHERE dim = '' AND measure = ?1"
		" AND unit_id = -1 AND month < 'Y')",
};

static sqlite3_stmt *sum_stmt(struct store *s, int i)
{
	return stmt_cached(s, &s->mod[MOD_STATS][MOD_STMTS - 1 - i], sum_sql[i]);
}

static void add(struct stats_figure *f, sqlite3_stmt *st, int col)
{
	f->count += sqlite3_column_int64(st, col);
	f->amount_wan += sqlite3_column_int64(st, col + 1);
}

/* Read up to max buckets from a statement whose rows are (key, [name,] n, amount). */
static enum gl_err read_buckets(struct store *s, sqlite3_stmt *st, int named, struct arena *a,
				struct stats_bucket **out, size_t *n)
{
	size_t cap = 16;
	int r = SQLITE_DONE;

	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	while (*out && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct stats_bucket *more = arena_alloc(a, 2 * cap * sizeof(*more));
			if (!more) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			memcpy(more, *out, cap * sizeof(*more));
			*out = more;
			cap *= 2;
		}
		struct stats_bucket *b = &(*out)[(*n)++];
		b->key = col_text(st, 0, a);
		b->name = named ? col_text(st, 1, a) : b->key;
		add(&b->fig, st, named ? 2 : 1);
	}
	sqlite3_reset(st);
	if (!*out)
		return GL_ENOMEM;
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "read statistics");
}

static enum gl_err compute(struct store *s, struct arena *a, struct stats_summary *out)
{
	sqlite3_stmt *st;
	enum gl_err rc;
	int r;

	memset(out, 0, sizeof(*out));
	/* One read transaction so that every figure comes from the same snapshot (the
	 * request's own, when it has one). */
	int own = sqlite3_get_autocommit(s->db);
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "begin statistics");

	if (!(st = sum_stmt(s, SUM_HEADLINE))) {
		rc = GL_EDB;
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int zone = sqlite3_column_int(st, 0), industrial = sqlite3_column_int(st, 1);

		if (zone) {
			add(&out->signed_all, st, 2);
			if (industrial)
				add(&out->signed_industrial, st, 2);
		} else {
			add(&out->county_signed, st, 2);
		}
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "headline statistics");
		goto out;
	}

	if (!(st = sum_stmt(s, SUM_BY_STAGE))) {
		rc = GL_EDB;
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int stage = project_stage_parse((const char *)sqlite3_column_text(st, 0));
		if (stage >= 0)
			add(&out->by_stage[stage], st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "stage statistics");
		goto out;
	}

	if (!(st = sum_stmt(s, SUM_BY_CHAIN))) {
		rc = GL_EDB;
		goto out;
	}
	if ((rc = read_buckets(s, st, 1, a, &out->by_chain, &out->nchain)) != GL_OK)
		goto out;
	if (!(st = sum_stmt(s, SUM_BY_YEAR))) {
		rc = GL_EDB;
		goto out;
	}
	if ((rc = read_buckets(s, st, 0, a, &out->by_year, &out->nyear)) != GL_OK)
		goto out;
	if (!(st = sum_stmt(s, SUM_PROJECTS))) {
		rc = GL_EDB;
		goto out;
	}
	rc = step_int(s, st, &out->projects);
out:
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

static struct stats_bucket *copy_buckets(struct arena *a, const struct stats_bucket *b, size_t n)
{
	struct stats_bucket *c = arena_alloc(a, (n ? n : 1) * sizeof(*c));

	for (size_t i = 0; c && i < n; i++) {
		c[i].fig = b[i].fig;
		c[i].key = arena_strdup(a, b[i].key);
		c[i].name = arena_strdup(a, b[i].name);
	}
	return c;
}

enum gl_err store_stats_summary(struct store *s, struct arena *a, struct stats_summary *out)
{
	struct stats_cache *c = &s->stats;
	enum gl_err rc;
	int moved;

	if ((rc = data_moved(s, &c->data_version, &c->total_changes, &moved)) != GL_OK)
		return rc;
	if (!c->valid || moved) {
		c->valid = 0;
		arena_release(&c->arena);
		if ((rc = compute(s, &c->arena, &c->sum)) != GL_OK)
			return rc;
		c->valid = 1;
	}
	/* The caller gets its own copy: the cache may be refreshed while it still holds it. */
	*out = c->sum;
	out->by_chain = copy_buckets(a, c->sum.by_chain, c->sum.nchain);
	out->by_year = copy_buckets(a, c->sum.by_year, c->sum.nyear);
	return out->by_chain && out->by_year ? GL_OK : GL_ENOMEM;
}

enum gl_err store_stats_extent(struct store *s, const struct stats_query *q,
			       struct stats_extent *out)
{
	static const int cols[] = {SD_CHAIN, SD_CHANNEL, SD_LOCATION, SD_UNIT, SD_SECTION};
	sqlite3_stmt *st;
	int r;

	memset(out, 0, sizeof(*out));
	if (!(st = sum_stmt(s, SUM_EXTENT_REFS)))
		return GL_EDB;
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			out->refs[cols[i]] = sqlite3_column_int64(st, (int)i);
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "reference counts");
	if (!(st = sum_stmt(s, SUM_EXTENT_SPAN)))
		return GL_EDB;
	for (int m = 0; m < SM__MAX; m++) {
		if (!(q->measures & (1u << m)))
			continue;
		sqlite3_bind_text(st, 1, stats_measures[m].code, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		if (r == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
			const char *lo = (const char *)sqlite3_column_text(st, 0);
			const char *hi = (const char *)sqlite3_column_text(st, 1);
			if (!out->first[0] || strcmp(lo, out->first) < 0)
				snprintf(out->first, sizeof(out->first), "%s", lo);
			if (hi && strcmp(hi, out->last) > 0)
				snprintf(out->last, sizeof(out->last), "%s", hi);
		}
		sqlite3_reset(st);
		if (r != SQLITE_ROW)
			return store_fail(s, "statistics span");
	}
	return GL_OK;
}
