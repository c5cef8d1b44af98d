/* facts.c - grouped statistics from the trigger-kept rollups (sql/009_stats.sql), the
 * briefing's figures, annual targets, and the synthetic ledger of the benchmark data set.
 *
 * A grouped query reads the smallest rollup that has every dimension it groups by:
 * stat_cube with dim '' when it groups by none of stage/chain/channel/section, stat_cube with
 * that dim when by exactly one, stat_pair by two, stat_fact (the full grain) otherwise, and
 * the shapes that would read stat_fact sum the process's packed copy of it (statcopy.c)
 * instead, with the same groups as the SQL path.  Period, location,
 * unit and the industrial flag are in every rollup's key, so filters and a handler's scope
 * never force a finer one.  Its SQL is composed from constant fragments (values are always
 * bound) and prepared per request: preparing takes tens of microseconds, and the grouping
 * combinations are too many to keep a statement for each.
 */
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "statcopy.h"

enum {
	F_TARGETS,
	F_TARGETS_DELETE,
	F_TARGET_INSERT,
	F_ACTUAL_ZONE,
	F_ACTUAL_UNITS,
	F_BRIEF_ZONE,
	F_BRIEF_INDUSTRIAL,
	F_BRIEF_COUNTIES,
	F_UNIT_EXISTS,
	F_GEN_EVENTS,
	F_GEN_FUNDS,
	F__MAX
};

static const char *const f_sql[F__MAX] = {
	[F_TARGETS] =
		"SELECT t.unit_id, u.name, t.measure, t.value FROM target t"
		" LEFT JOIN unit u ON u.id = t.unit_id WHERE t.year = ?1"
		" ORDER BY t.unit_id, CASE t.measure WHEN 'signed_projects' THEN 0"
		" WHEN 'signed_amount' THEN 1 WHEN 'started' THEN 2 WHEN 'production' THEN 3"
		" ELSE 4 END",
	[F_TARGETS_DELETE] = "DELETE FROM target WHERE year = ?1",
	[F_TARGET_INSERT] =
		"INSERT INTO target (year, unit_id, measure, value) VALUES (?1, ?2, ?3, ?4)",
	/* The zone's own figures: projects located in it (项目在地), whatever their unit. */
	[F_ACTUAL_ZONE] =
		"SELECT measure, sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure IN ('signed', 'started', 'production', 'funds')"
		" AND unit_id = -1 AND month BETWEEN ?1 AND ?2 AND location = 'zone' GROUP BY measure",
	/* A unit's figures: its projects wherever they are located. */
	[F_ACTUAL_UNITS] =
		"SELECT unit_id, measure, sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure IN ('signed', 'started', 'production', 'funds')"
		" AND unit_id > 0 AND month BETWEEN ?1 AND ?2 GROUP BY unit_id, measure",
	[F_BRIEF_ZONE] =
		"SELECT measure, sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure IN ('signed', 'started', 'production', 'funds')"
		" AND unit_id = -1 AND month BETWEEN ?1 AND ?2 AND location = 'zone' GROUP BY measure",
	[F_BRIEF_INDUSTRIAL] =
		"SELECT sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure = 'signed' AND unit_id = -1 AND month BETWEEN ?1 AND ?2"
		" AND location = 'zone' AND industrial = 1",
	[F_BRIEF_COUNTIES] =
		"SELECT r.name, sum(c.n), sum(c.amount) FROM stat_cube c"
		" JOIN ref_region r ON r.code = c.location AND r.kind = 'partner'"
		" WHERE c.dim = '' AND c.measure = 'signed' AND c.unit_id = -1"
		" AND c.month BETWEEN ?1 AND ?2"
		" GROUP BY r.code HAVING sum(c.n) > 0 ORDER BY r.sort",
	[F_UNIT_EXISTS] = "SELECT 1 FROM unit WHERE id = ?1",
	/* The benchmark's ledger history: for every project, a creation event and ?1 - 1
	 * moves spread over the year before its signing (or its creation), written directly:
	 * the stage ledger's own rules are not what is measured. */
	[F_GEN_EVENTS] =
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)"
		" INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on,"
		" skipped, note, recorded_at)"
		" SELECT p.id, CASE WHEN k.i = 1 THEN NULL"
		"   WHEN k.i % 2 = 0 THEN 'lead' ELSE 'negotiating' END,"
		" CASE WHEN k.i = ?1 THEN p.stage WHEN k.i % 2 = 0 THEN 'negotiating' ELSE 'lead' END,"
		" date(coalesce(p.signed_on, substr(p.created_at, 1, 10)),"
		"   '-' || ((?1 - k.i) * 30) || ' days'),"
		" 0, CASE WHEN k.i = 1 THEN NULL ELSE 'synthetic' END, p.created_at"
		" FROM project p, k WHERE p.id BETWEEN ?2 AND ?3 ORDER BY p.id, k.i",
	/* Funds in place: for started projects, ?1 monthly reports from the start month on. */
	[F_GEN_FUNDS] =
		"WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ?1 - 1)"
		" INSERT INTO project_funds (project_id, month, amount)"
		" SELECT p.id, substr(date(p.started_on, 'start of month', '+' || k.i || ' months'),"
		"   1, 7), 1 + (p.id * 7 + k.i * 13) % (1 + coalesce(p.total_investment, 0) / 10)"
		" FROM project p, k WHERE p.id BETWEEN ?2 AND ?3 AND p.started_on IS NOT NULL",
};

static sqlite3_stmt *fs(struct store *s, int i)
{
	return mod_stmt(s, MOD_STATS, i, f_sql);
}

static const int measure_of_target[TM__MAX] = {
	[TM_SIGNED_PROJECTS] = SM_SIGNED, [TM_SIGNED_AMOUNT] = SM_SIGNED,
	[TM_STARTED] = SM_STARTED, [TM_PRODUCTION] = SM_PRODUCTION, [TM_FUNDS] = SM_FUNDS,
};

/* ---- grouped statistics --------------------------------------------------------------- */

/* Each dimension: its column in stat_fact, whether stat_cube / stat_pair hold it as a "fine"
 * value (val, v1, v2) or in every key, and how its codes are named and ordered. */
static const struct {
	const char *col;   /* in stat_fact (and in stat_cube/stat_pair when not fine) */
	int fine;          /* stage, chain, channel, section: one value column of a cuboid */
	int in_pair;       /* stat_pair keeps it (everything but the unit) */
	const char *ref;   /* SELECT name, sort for code ?1; NULL: named and ordered in C */
} dims[SD__MAX] = {
	[SD_STAGE] = {"stage", 1, 1, NULL},
	[SD_CHAIN] = {"chain", 1, 1, "SELECT name, sort FROM ref_chain WHERE code = ?1"},
	[SD_CHANNEL] = {"channel", 1, 1, "SELECT name, sort FROM ref_channel WHERE code = ?1"},
	[SD_LOCATION] = {"location", 0, 1, "SELECT name, sort FROM ref_region WHERE code = ?1"},
	[SD_UNIT] = {"unit_id", 0, 0, "SELECT name, id FROM unit WHERE id = ?1"},
	[SD_SECTION] = {"section", 1, 1,
			"SELECT name, NULL FROM ref_industry WHERE code = ?1 AND level = 1"},
};

/* The fine dimensions in the order stat_pair names its pairs (v1 is the earlier). */
static const int fine_order[] = {SD_STAGE, SD_CHAIN, SD_CHANNEL, SD_SECTION};

/* Compose the scan: the rows of the smallest rollup that has every dimension the query
 * groups by or filters on, only the columns it needs, no GROUP BY (the rows are summed in C,
 * at a fraction of the cost of SQLite's sorter):
 *
 *   - none or one of stage/chain/channel/section: stat_cube, its unit -1 rows (every unit
 *     together) unless the query needs the unit (groups by it, filters on it, or is a
 *     handler's);
 *   - two of them: stat_pair, except the months of a query that needs the unit (a unit's
 *     pairs are kept by year only), which read stat_fact;
 *   - otherwise stat_fact, whose key leads with the unit.
 *
 * stat_cube and stat_pair also hold each year's total (month 'Y' || YYYY): a query by year
 * or without a period reads those for the whole years of its range, and months only for the
 * partial years at its ends.  Each time range is one SELECT; they are joined by UNION ALL.
 * Columns: measure, month, n, amount, then one per grouped dimension in enum order.
 * Parameters: ?1..?5 measures, ?8 industrial, ?9 location, ?10 unit, ?11 scope units (JSON),
 * ?12.. the bounds of the time ranges. */
struct span_part {
	char lo[16], hi[16];
};

static int time_parts(const struct stats_query *q, int yearly, struct span_part part[3])
{
	int fy = 0, ty = 9999, n = 0;

	if (q->from[0])
		fy = atoi(q->from) + (strcmp(q->from + 5, "01") != 0);
	if (q->to[0])
		ty = atoi(q->to) - (strcmp(q->to + 5, "12") != 0);
	if (!yearly || q->period == SP_QUARTER || q->period == SP_MONTH || fy > ty) {
		snprintf(part[0].lo, sizeof(part[0].lo), "%s", q->from[0] ? q->from : "0000-00");
		snprintf(part[0].hi, sizeof(part[0].hi), "%s", q->to[0] ? q->to : "9999-99");
		return 1;
	}
	snprintf(part[n].lo, sizeof(part[n].lo), "Y%04d", fy);
	snprintf(part[n].hi, sizeof(part[n].hi), "Y%04d", ty);
	n++;
	if (q->from[0] && strcmp(q->from + 5, "01") != 0) {
		snprintf(part[n].lo, sizeof(part[n].lo), "%s", q->from);
		snprintf(part[n].hi, sizeof(part[n].hi), "%04d-12", fy - 1);
		n++;
	}
	if (q->to[0] && strcmp(q->to + 5, "12") != 0) {
		snprintf(part[n].lo, sizeof(part[n].lo), "%04d-01", ty + 1);
		snprintf(part[n].hi, sizeof(part[n].hi), "%s", q->to);
		n++;
	}
	return n;
}

/* cube 0, pair 1, fact 2: a unit's pairs are kept by year only */
static int part_table(int nfine, int unit_needed, int year)
{
	return nfine <= 1 ? 0 : nfine == 2 && (!unit_needed || year) ? 1 : 2;
}

static int nfine_of(const struct stats_query *q)
{
	int n = 0;

	for (size_t i = 0; i < sizeof(fine_order) / sizeof(fine_order[0]); i++)
		n += (q->dims & (1u << fine_order[i])) != 0;
	return n;
}

static int unit_needed_of(const struct stats_query *q)
{
	return (q->dims & (1u << SD_UNIT)) || q->unit_id || (q->scope && q->scope->restricted);
}

/* Whether some part of q's scan would read stat_fact: the queries the copy answers. */
static int reads_fact(const struct stats_query *q)
{
	struct span_part part[3];
	int nfine = nfine_of(q), unit_needed = unit_needed_of(q);
	int n = time_parts(q, nfine <= 2, part);

	for (int t = 0; t < n; t++)
		if (part_table(nfine, unit_needed, part[t].lo[0] == 'Y') == 2)
			return 1;
	return 0;
}

static enum gl_err compose(const struct stats_query *q, struct buf *b, int *nparts,
			   struct span_part part[3])
{
	int fine[SD__MAX], nfine = 0, unit_needed, scoped = q->scope && q->scope->restricted;
	enum gl_err rc = GL_OK;
	char tmp[96];

	for (size_t i = 0; i < sizeof(fine_order) / sizeof(fine_order[0]); i++)
		if (q->dims & (1u << fine_order[i]))
			fine[nfine++] = fine_order[i];
	unit_needed = (q->dims & (1u << SD_UNIT)) || q->unit_id || scoped;
	*nparts = time_parts(q, nfine <= 2, part);

#define ADD(s) do { if (rc == GL_OK) rc = buf_adds(b, (s)); } while (0)
	for (int t = 0; t < *nparts; t++) {
		int table = part_table(nfine, unit_needed, part[t].lo[0] == 'Y');
		if (t)
			ADD(" UNION ALL ");
		ADD("SELECT measure, month, n, amount");
		for (int d = 0; d < SD__MAX; d++) {
			if (!(q->dims & (1u << d)))
				continue;
			ADD(", ");
			if (table == 0 && dims[d].fine)
				ADD("val");
			else if (table == 1 && dims[d].fine)
				ADD(d == fine[0] ? "v1" : "v2");
			else
				ADD(dims[d].col);
		}
		if (table == 0) {
			snprintf(tmp, sizeof(tmp), " FROM stat_cube WHERE dim = '%s'",
				 nfine ? dims[fine[0]].col : "");
			ADD(tmp);
		} else if (table == 1) {
			snprintf(tmp, sizeof(tmp), " FROM stat_pair WHERE pair = '%s,%s'",
				 dims[fine[0]].col, dims[fine[1]].col);
			ADD(tmp);
		} else {
			ADD(" FROM stat_fact WHERE 1");
		}
		ADD(" AND measure IN (?1, ?2, ?3, ?4, ?5)");
		if (q->unit_id)
			ADD(" AND unit_id = ?10");
		if (scoped)
			ADD(" AND unit_id IN (SELECT value FROM json_each(?11))");
		if (table != 2 && !unit_needed)
			ADD(" AND unit_id = -1");
		else if (table != 2 && !q->unit_id && !scoped)
			ADD(" AND unit_id >= 0");
		snprintf(tmp, sizeof(tmp), " AND month >= ?%d AND month <= ?%d", 12 + 2 * t,
			 13 + 2 * t);
		ADD(tmp);
		if (q->industrial >= 0)
			ADD(" AND industrial = ?8");
		if (q->location)
			ADD(" AND location = ?9");
	}
#undef ADD
	return rc;
}

/* A group while summing: its key (period and codes, each NUL-terminated, in one string of
 * klen bytes), and its figures. */
struct group {
	const char *key;
	size_t klen;
	uint64_t hash;
	struct stats_figure v[SM__MAX];
};

struct groups {
	struct group **slot;  /* open addressing, cap a power of two */
	size_t cap, n;
	struct group **list;  /* in order of creation */
	size_t lcap;
};

static uint64_t fnv(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

static struct group *group_get(struct groups *g, struct arena *a, const char *key, size_t klen)
{
	uint64_t h = fnv(key, klen);
	size_t i;

	if (2 * (g->n + 1) > g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 256;
		struct group **slot = arena_alloc(a, cap * sizeof(*slot));
		if (!slot)
			return NULL;
		memset(slot, 0, cap * sizeof(*slot));
		for (size_t k = 0; k < g->n; k++) {
			for (i = g->list[k]->hash & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
				;
			slot[i] = g->list[k];
		}
		g->slot = slot;
		g->cap = cap;
	}
	for (i = h & (g->cap - 1); g->slot[i]; i = (i + 1) & (g->cap - 1))
		if (g->slot[i]->hash == h && g->slot[i]->klen == klen &&
		    memcmp(g->slot[i]->key, key, klen) == 0)
			return g->slot[i];
	if (g->n == g->lcap) {
		size_t lcap = g->lcap ? 2 * g->lcap : 256;
		struct group **list = arena_alloc(a, lcap * sizeof(*list));
		if (!list)
			return NULL;
		if (g->n)
			memcpy(list, g->list, g->n * sizeof(*list));
		g->list = list;
		g->lcap = lcap;
	}
	struct group *e = arena_alloc(a, sizeof(*e));
	char *k = arena_alloc(a, klen);
	if (!e || !k)
		return NULL;
	memcpy(k, key, klen);
	memset(e, 0, sizeof(*e));
	e->key = k;
	e->klen = klen;
	e->hash = h;
	g->slot[i] = e;
	g->list[g->n++] = e;
	return e;
}

/* The period of a month "YYYY-MM" into out. */
size_t stats_period_of(enum stats_period p, const char *month, char *out)
{
	size_t n = strlen(month);

	if (p == SP_NONE || n < 5)
		return 0;
	if (month[0] == 'Y') { /* a year's total: read only for years */
		memcpy(out, month + 1, 4);
		return 4;
	}
	if (n < 7)
		return 0;
	if (p == SP_MONTH) {
		memcpy(out, month, 7);
		return 7;
	}
	memcpy(out, month, 4);
	if (p == SP_YEAR)
		return 4;
	int m = (month[5] - '0') * 10 + (month[6] - '0');
	out[4] = '-';
	out[5] = 'Q';
	out[6] = (char)('1' + (m - 1) / 3);
	return 7;
}

/* A code's name and place in the order, looked up once per distinct code. */
struct label {
	const char *code;  /* NULL: none */
	const char *name;
	int has_sort;
	int64_t sort;
};

struct labels {
	struct label *l;
	size_t n, cap;
};

static int stage_rank(const char *code)
{
	int st = code ? project_stage_parse(code) : -1;

	return st < 0 ? 7 : st == STAGE_DROPPED ? 7 : st;
}

static const struct label *label_of(struct store *s, int d, struct labels *ls, const char *code,
				    struct arena *a)
{
	for (size_t i = 0; i < ls->n; i++)
		if ((ls->l[i].code == NULL) == (code == NULL) &&
		    (!code || strcmp(ls->l[i].code, code) == 0))
			return &ls->l[i];
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? 2 * ls->cap : 16;
		struct label *more = arena_alloc(a, cap * sizeof(*more));
		if (!more)
			return NULL;
		if (ls->n)
			memcpy(more, ls->l, ls->n * sizeof(*more));
		ls->l = more;
		ls->cap = cap;
	}
	struct label *l = &ls->l[ls->n];
	memset(l, 0, sizeof(*l));
	l->code = code;
	if (d == SD_STAGE) {
		l->has_sort = 1;
		l->sort = stage_rank(code);
	} else if (code && dims[d].ref) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, dims[d].ref, -1, &st, NULL) != SQLITE_OK)
			return NULL;
		if (d == SD_UNIT)
			sqlite3_bind_int64(st, 1, strtoll(code, NULL, 10));
		else
			sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			l->name = col_text(st, 0, a);
			l->has_sort = sqlite3_column_type(st, 1) != SQLITE_NULL;
			l->sort = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	if (d == SD_UNIT && code) {
		l->has_sort = 1;
		l->sort = strtoll(code, NULL, 10);
	}
	ls->n++;
	return l;
}

/* A row with the labels it sorts by. */
struct sorted {
	struct stats_row row;
	const struct label *label[SD__MAX];
};

/* Rows sort by period, then each grouped dimension by its order (NULL first, as SQL does),
 * then its code. */
static int row_cmp(const void *x, const void *y)
{
	const struct sorted *a = x, *b = y;
	int c;

	if ((c = (a->row.period != NULL) - (b->row.period != NULL)) != 0)
		return c;
	if (a->row.period && (c = strcmp(a->row.period, b->row.period)) != 0)
		return c;
	for (int d = 0; d < SD__MAX; d++) {
		const struct label *la = a->label[d], *lb = b->label[d];
		if (!la || !lb)
			continue;
		if ((c = la->has_sort - lb->has_sort) != 0)
			return c;
		if (la->has_sort && la->sort != lb->sort)
			return la->sort < lb->sort ? -1 : 1;
		if ((c = (la->code != NULL) - (lb->code != NULL)) != 0)
			return c;
		if (la->code && (c = strcmp(la->code, lb->code)) != 0)
			return c;
	}
	return 0;
}

/* Sum the rows of the rollups q reads into g. */
static enum gl_err sum_sql(struct store *s, const struct stats_query *q, struct arena *a,
			   struct groups *gp)
{
	struct groups g = *gp;
	struct buf sql;
	sqlite3_stmt *st = NULL;
	enum gl_err rc;
	int r, k = 1;

	buf_init(&sql, 4096);
	struct span_part part[3];
	int nparts = 0;
	if ((rc = compose(q, &sql, &nparts, part)) != GL_OK ||
	    (rc = buf_add(&sql, "", 1)) != GL_OK) {
		buf_release(&sql);
		return rc;
	}
	if (sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return store_fail(s, "prepare statistics");
	}
	buf_release(&sql);
	for (int m = 0; m < SM__MAX; m++)
		if (q->measures & (1u << m))
			sqlite3_bind_text(st, k++, stats_measures[m].code, -1, SQLITE_STATIC);
	for (int t = 0; t < nparts; t++) {
		sqlite3_bind_text(st, 12 + 2 * t, part[t].lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 13 + 2 * t, part[t].hi, -1, SQLITE_TRANSIENT);
	}
	if (q->industrial >= 0)
		sqlite3_bind_int(st, 8, q->industrial);
	if (q->location)
		sqlite3_bind_text(st, 9, q->location, -1, SQLITE_TRANSIENT);
	if (q->unit_id)
		sqlite3_bind_int64(st, 10, q->unit_id);
	if (q->scope && q->scope->restricted)
		bind_text(st, 11, scope_units_json(q->scope, a));

	/* Sum the rows per group.  A key is the period then each grouped code, each
	 * NUL-terminated ('' and unit 0 stand for "none" in the rollups and stay as they are
	 * here). */
	char key[1024];
	rc = GL_OK;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 2), amount = sqlite3_column_int64(st, 3);
		if (n == 0 && amount == 0)
			continue;
		const char *mcode = (const char *)sqlite3_column_text(st, 0);
		int m = mcode ? stats_measure_parse(mcode) : -1;
		if (m < 0)
			continue;
		size_t len = stats_period_of(q->period, (const char *)sqlite3_column_text(st, 1), key);
		key[len++] = '\0';
		int col = 4;
		for (int d = 0; d < SD__MAX; d++) {
			if (!(q->dims & (1u << d)))
				continue;
			const char *t = (const char *)sqlite3_column_text(st, col++);
			size_t tl = t ? strlen(t) : 0;
			if (len + tl + 1 > sizeof(key)) {
				rc = GL_ETOOBIG;
				break;
			}
			memcpy(key + len, t ? t : "", tl);
			len += tl;
			key[len++] = '\0';
		}
		struct group *e = rc == GL_OK ? group_get(&g, a, key, len) : NULL;
		if (!e) {
			if (rc == GL_OK)
				rc = GL_ENOMEM;
			break;
		}
		e->v[m].count += n;
		e->v[m].amount_wan += amount;
	}
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "read statistics");
	sqlite3_finalize(st);
	*gp = g;
	return rc;
}

enum gl_err store_stats_query(struct store *s, const struct stats_query *q, struct arena *a,
			      struct stats_result *out)
{
	struct groups g = {0};
	int mode = statcopy_mode(), served = 0;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if (mode == STATS_COPY_ALWAYS || (mode == STATS_COPY_FACT && reads_fact(q))) {
		struct statcopy_group *cg;
		size_t cn;
		if ((rc = statcopy_query(s, q, a, &cg, &cn, &served)) != GL_OK)
			return rc;
		for (size_t i = 0; served && i < cn; i++) {
			struct group *e = group_get(&g, a, cg[i].key, cg[i].klen);
			if (!e)
				return GL_ENOMEM;
			memcpy(e->v, cg[i].v, sizeof(e->v));
		}
	}
	if (!served && (rc = sum_sql(s, q, a, &g)) != GL_OK)
		return rc;

	/* The groups whose every figure sums to zero (rows left at zero, or moves that cancel)
	 * are not rows. */
	struct labels ls[SD__MAX];
	memset(ls, 0, sizeof(ls));
	struct sorted *sr = arena_alloc(a, (g.n ? g.n : 1) * sizeof(*sr));
	out->rows = arena_alloc(a, (g.n ? g.n : 1) * sizeof(*out->rows));
	if (!sr || !out->rows)
		return GL_ENOMEM;
	for (size_t i = 0; i < g.n; i++) {
		struct group *e = g.list[i];
		int any = 0;
		for (int m = 0; m < SM__MAX; m++)
			any |= e->v[m].count != 0 || e->v[m].amount_wan != 0;
		if (!any)
			continue;
		struct sorted *so = &sr[out->n++];
		struct stats_row *row = &so->row;
		memset(so, 0, sizeof(*so));
		const char *p = e->key;
		row->period = q->period != SP_NONE ? p : NULL;
		p += strlen(p) + 1;
		for (int d = 0; d < SD__MAX; d++) {
			if (!(q->dims & (1u << d)))
				continue;
			const char *code = *p && strcmp(p, "0") != 0 ? p : NULL;
			const struct label *l = label_of(s, d, &ls[d], code, a);
			if (!l)
				return store_fail(s, "name statistics");
			row->key[d].code = code;
			row->key[d].name = l->name;
			so->label[d] = l;
			p += strlen(p) + 1;
		}
		for (int m = 0; m < SM__MAX; m++) {
			row->v[m] = e->v[m];
			out->total[m].count += e->v[m].count;
			out->total[m].amount_wan += e->v[m].amount_wan;
		}
	}
	qsort(sr, out->n, sizeof(*sr), row_cmp);
	for (size_t i = 0; i < out->n; i++)
		out->rows[i] = sr[i].row;
	return GL_OK;
}

/* ---- the briefing --------------------------------------------------------------------- */

enum gl_err store_briefing_figures(struct store *s, const struct stats_span *span,
				   struct arena *a, struct briefing_figures *out)
{
	sqlite3_stmt *st;
	int r;

	out->span = *span;
	memset(&out->signed_all, 0, sizeof(out->signed_all));
	memset(&out->signed_industrial, 0, sizeof(out->signed_industrial));
	memset(&out->started, 0, sizeof(out->started));
	memset(&out->production, 0, sizeof(out->production));
	out->funds_wan = 0;
	out->counties = NULL;
	out->ncounties = 0;

	if (!(st = fs(s, F_BRIEF_ZONE)))
		return GL_EDB;
	bind_text(st, 1, span->from_month);
	bind_text(st, 2, span->to_month);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		struct stats_figure f = {sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)};

		if (strcmp(m, "signed") == 0)
			out->signed_all = f;
		else if (strcmp(m, "started") == 0)
			out->started = f;
		else if (strcmp(m, "production") == 0)
			out->production = f;
		else
			out->funds_wan = f.amount_wan;
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "briefing figures");

	if (!(st = fs(s, F_BRIEF_INDUSTRIAL)))
		return GL_EDB;
	bind_text(st, 1, span->from_month);
	bind_text(st, 2, span->to_month);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		out->signed_industrial.count = sqlite3_column_int64(st, 0);
		out->signed_industrial.amount_wan = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "briefing industrial figures");

	if (!(st = fs(s, F_BRIEF_COUNTIES)))
		return GL_EDB;
	bind_text(st, 1, span->from_month);
	bind_text(st, 2, span->to_month);
	struct briefing_county *c = arena_alloc(a, 16 * sizeof(*c));
	size_t n = 0;
	while (c && (r = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == 16)
			continue;
		c[n].name = col_text(st, 0, a);
		c[n].signed_.count = sqlite3_column_int64(st, 1);
		c[n].signed_.amount_wan = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (!c)
		return GL_ENOMEM;
	if (r != SQLITE_DONE)
		return store_fail(s, "briefing county figures");
	out->counties = c;
	out->ncounties = n;
	return GL_OK;
}

/* ---- targets -------------------------------------------------------------------------- */

static int64_t actual_of(enum target_measure m, const struct stats_figure *f)
{
	const struct stats_figure *x = &f[measure_of_target[m]];

	return m == TM_SIGNED_AMOUNT || m == TM_FUNDS ? x->amount_wan : x->count;
}

static int in_scope(const struct scope *sc, int64_t unit)
{
	if (!sc || !sc->restricted)
		return 1;
	for (size_t i = 0; i < sc->nunits; i++)
		if (sc->unit_ids[i] == unit)
			return 1;
	return 0;
}

enum gl_err store_targets_get(struct store *s, int year, const struct scope *scope,
			      struct arena *a, struct target **items, size_t *n)
{
	char from[16], to[16];
	size_t cap = 16;
	sqlite3_stmt *st;
	int r;

	*n = 0;
	snprintf(from, sizeof(from), "%04d-01", year);
	snprintf(to, sizeof(to), "%04d-12", year);
	if (!(st = fs(s, F_TARGETS)))
		return GL_EDB;
	sqlite3_bind_int(st, 1, year);
	*items = arena_alloc(a, cap * sizeof(**items));
	while (*items && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t unit = sqlite3_column_int64(st, 0);
		int m = target_measure_parse((const char *)sqlite3_column_text(st, 2));

		/* A handler sees their units' targets, not the zone's or other units'. */
		if (m < 0 || (scope && scope->restricted && (unit == 0 || !in_scope(scope, unit))))
			continue;
		if (*n == cap) {
			struct target *more = arena_alloc(a, 2 * cap * sizeof(*more));
			if (!more) {
				*items = NULL;
				break;
			}
			memcpy(more, *items, cap * sizeof(*more));
			*items = more;
			cap *= 2;
		}
		struct target *t = &(*items)[(*n)++];
		t->unit_id = unit;
		t->unit_name = col_text(st, 1, a);
		t->measure = (enum target_measure)m;
		t->value = sqlite3_column_int64(st, 3);
		t->actual = 0;
	}
	sqlite3_reset(st);
	if (!*items)
		return GL_ENOMEM;
	if (r != SQLITE_DONE)
		return store_fail(s, "read targets");

	/* The actuals, from the same rollups as the statistics. */
	struct stats_figure zone[SM__MAX] = {{0}};
	if (!(st = fs(s, F_ACTUAL_ZONE)))
		return GL_EDB;
	bind_text(st, 1, from);
	bind_text(st, 2, to);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int m = stats_measure_parse((const char *)sqlite3_column_text(st, 0));
		if (m >= 0) {
			zone[m].count = sqlite3_column_int64(st, 1);
			zone[m].amount_wan = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "zone actuals");
	for (size_t i = 0; i < *n; i++)
		if ((*items)[i].unit_id == 0)
			(*items)[i].actual = actual_of((*items)[i].measure, zone);

	if (!(st = fs(s, F_ACTUAL_UNITS)))
		return GL_EDB;
	bind_text(st, 1, from);
	bind_text(st, 2, to);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t unit = sqlite3_column_int64(st, 0);
		int m = stats_measure_parse((const char *)sqlite3_column_text(st, 1));
		struct stats_figure f[SM__MAX] = {{0}};

		if (m < 0)
			continue;
		f[m].count = sqlite3_column_int64(st, 2);
		f[m].amount_wan = sqlite3_column_int64(st, 3);
		for (size_t i = 0; i < *n; i++)
			if ((*items)[i].unit_id == unit &&
			    measure_of_target[(*items)[i].measure] == m)
				(*items)[i].actual = actual_of((*items)[i].measure, f);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "unit actuals");
}

enum gl_err store_targets_replace(struct store *s, int year, const struct target *items,
				  size_t n, struct arena *a, struct verrors *errs)
{
	sqlite3_stmt *st;
	enum gl_err rc;

	for (size_t i = 0; i < n; i++) {
		int64_t one;
		if (!items[i].unit_id)
			continue;
		if (!(st = fs(s, F_UNIT_EXISTS)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, items[i].unit_id);
		rc = step_int(s, st, &one);
		if (rc == GL_ENOTFOUND)
			verr_add(errs, arena_printf(a, "targets[%zu].unit_id", i), "unknown",
				 "no unit has id %lld", (long long)items[i].unit_id);
		else if (rc != GL_OK)
			return rc;
	}
	if (errs->n)
		return GL_EINVALID;

	/* The audit row lists the year's targets before and after, "unit:measure=value". */
	struct target *before = NULL;
	size_t nbefore = 0;
	if ((rc = store_start(s)) != GL_OK)
		return rc;
	rc = store_targets_get(s, year, NULL, a, &before, &nbefore);
	struct buf was, now;
	buf_init(&was, 1 << 16);
	buf_init(&now, 1 << 16);
	for (size_t i = 0; rc == GL_OK && i < nbefore; i++) {
		char t[96];
		snprintf(t, sizeof(t), "%s%lld:%s=%lld", i ? ", " : "", (long long)before[i].unit_id,
			 target_measures[before[i].measure].code, (long long)before[i].value);
		rc = buf_adds(&was, t);
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		char t[96];
		snprintf(t, sizeof(t), "%s%lld:%s=%lld", i ? ", " : "", (long long)items[i].unit_id,
			 target_measures[items[i].measure].code, (long long)items[i].value);
		rc = buf_adds(&now, t);
	}
	if (rc == GL_OK) {
		if (!(st = fs(s, F_TARGETS_DELETE))) {
			rc = GL_EDB;
		} else {
			sqlite3_bind_int(st, 1, year);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "delete targets");
			sqlite3_reset(st);
		}
	}
	for (size_t i = 0; rc == GL_OK && i < n; i++) {
		if (!(st = fs(s, F_TARGET_INSERT))) {
			rc = GL_EDB;
			break;
		}
		sqlite3_bind_int(st, 1, year);
		sqlite3_bind_int64(st, 2, items[i].unit_id);
		sqlite3_bind_text(st, 3, target_measures[items[i].measure].code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, items[i].value);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "insert target");
		sqlite3_reset(st);
	}
	if (rc == GL_OK) {
		struct changes c = {0};
		changes_str(&c, "targets", was.len ? was.data : NULL, now.len ? now.data : NULL);
		rc = audit_write(s, "replace", "targets", year, &c);
	}
	buf_release(&was);
	buf_release(&now);
	return store_end(s, rc);
}

/* ---- the benchmark's history ---------------------------------------------------------- */

/* Bulk loading.  The statistics triggers cost a generated project about as much as the rest
 * of its write, and each funds report six upserts; a bulk load drops them (keeping their SQL
 * in a temporary table), and puts them back after, rebuilding the rollups from the base
 * tables in one INSERT ... SELECT each, which gives the rows the triggers would have. */
static const char bulk_off_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS stat_bulk_trigger (name TEXT PRIMARY KEY, sql TEXT);"
	"INSERT OR IGNORE INTO stat_bulk_trigger SELECT name, sql FROM main.sqlite_master"
	" WHERE type = 'trigger' AND tbl_name IN ('project', 'project_funds', 'stat_fact')"
	" AND name GLOB 'stat_*';";

static const char rebuild_sql[] =
	"DELETE FROM stat_fact;"
	"DELETE FROM stat_cube;"
	"DELETE FROM stat_pair;"
	"INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,"
	" channel, section, n, amount)"
	" SELECT measure, month, industrial, location, unit_id, stage, chain, channel, section,"
	" sum(n), sum(amount) FROM ("
	"  SELECT 'all' AS measure, '' AS month, industrial, location, unit_id, stage, chain,"
	"  channel, section, 1 AS n, amount FROM stat_project"
	"  UNION ALL SELECT 'signed', substr(signed_on, 1, 7), industrial, location, unit_id,"
	"  stage, chain, channel, section, 1, amount FROM stat_project WHERE signed_on IS NOT NULL"
	"  UNION ALL SELECT 'started', substr(started_on, 1, 7), industrial, location, unit_id,"
	"  stage, chain, channel, section, 1, amount FROM stat_project WHERE started_on IS NOT NULL"
	"  UNION ALL SELECT 'production', substr(production_on, 1, 7), industrial, location,"
	"  unit_id, stage, chain, channel, section, 1, amount FROM stat_project"
	"  WHERE production_on IS NOT NULL"
	"  UNION ALL SELECT 'capacity', substr(capacity_on, 1, 7), industrial, location, unit_id,"
	"  stage, chain, channel, section, 1, amount FROM stat_project"
	"  WHERE capacity_on IS NOT NULL"
	"  UNION ALL SELECT 'funds', f.month, p.industrial, p.location, p.unit_id, p.stage,"
	"  p.chain, p.channel, p.section, 1, f.amount"
	"  FROM project_funds f JOIN stat_project p ON p.id = f.project_id)"
	" GROUP BY measure, month, industrial, location, unit_id, stage, chain, channel, section;"
	"INSERT INTO stat_cube (dim, measure, month, industrial, location, unit_id, val, n, amount)"
	" SELECT '', measure, month, industrial, location, unit_id, '', sum(n), sum(amount)"
	" FROM stat_fact GROUP BY measure, month, industrial, location, unit_id"
	" UNION ALL SELECT 'stage', measure, month, industrial, location, unit_id, stage, sum(n),"
	" sum(amount) FROM stat_fact GROUP BY measure, month, industrial, location, unit_id, stage"
	" UNION ALL SELECT 'chain', measure, month, industrial, location, unit_id, chain, sum(n),"
	" sum(amount) FROM stat_fact GROUP BY measure, month, industrial, location, unit_id, chain"
	" UNION ALL SELECT 'channel', measure, month, industrial, location, unit_id, channel,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, unit_id, channel"
	" UNION ALL SELECT 'section', measure, month, industrial, location, unit_id, section,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, unit_id, section;"
	/* Pairs: every unit together by month, each unit by year. */
	"INSERT INTO stat_pair (pair, measure, unit_id, month, industrial, location, v1, v2, n,"
	" amount)"
	" SELECT 'stage,chain', measure, -1, month, industrial, location, stage, chain,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, stage, chain"
	" UNION ALL SELECT 'stage,channel', measure, -1, month, industrial, location, stage, channel,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, stage, channel"
	" UNION ALL SELECT 'stage,section', measure, -1, month, industrial, location, stage, section,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, stage, section"
	" UNION ALL SELECT 'chain,channel', measure, -1, month, industrial, location, chain, channel,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, chain, channel"
	" UNION ALL SELECT 'chain,section', measure, -1, month, industrial, location, chain, section,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, chain, section"
	" UNION ALL SELECT 'channel,section', measure, -1, month, industrial, location, channel, section,"
	" sum(n), sum(amount) FROM stat_fact"
	" GROUP BY measure, month, industrial, location, channel, section;"
	"INSERT INTO stat_pair (pair, measure, unit_id, month, industrial, location, v1, v2, n,"
	" amount)"
	" SELECT 'stage,chain', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, stage, chain, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, stage, chain"
	" UNION ALL SELECT 'stage,channel', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, stage, channel, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, stage, channel"
	" UNION ALL SELECT 'stage,section', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, stage, section, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, stage, section"
	" UNION ALL SELECT 'chain,channel', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, chain, channel, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, chain, channel"
	" UNION ALL SELECT 'chain,section', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, chain, section, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, chain, section"
	" UNION ALL SELECT 'channel,section', measure, unit_id, 'Y' || substr(month, 1, 4), industrial,"
	" location, channel, section, sum(n), sum(amount) FROM stat_fact WHERE month <> ''"
	" GROUP BY measure, unit_id, substr(month, 1, 4), industrial, location, channel, section;"
	/* Every unit together (unit -1), then the years ('Y' || YYYY) of all of those. */
	"INSERT INTO stat_cube (dim, measure, month, industrial, location, unit_id, val, n, amount)"
	" SELECT dim, measure, month, industrial, location, -1, val, sum(n), sum(amount)"
	" FROM stat_cube GROUP BY dim, measure, month, industrial, location, val;"
	"INSERT INTO stat_cube (dim, measure, month, industrial, location, unit_id, val, n, amount)"
	" SELECT dim, measure, 'Y' || substr(month, 1, 4), industrial, location, unit_id, val,"
	" sum(n), sum(amount) FROM stat_cube WHERE month <> ''"
	" GROUP BY dim, measure, substr(month, 1, 4), industrial, location, unit_id, val;"
	"INSERT INTO stat_pair (pair, measure, unit_id, month, industrial, location, v1, v2, n,"
	" amount)"
	" SELECT pair, measure, -1, 'Y' || substr(month, 1, 4), industrial, location, v1, v2,"
	" sum(n), sum(amount) FROM stat_pair WHERE unit_id = -1 AND month <> ''"
	" GROUP BY pair, measure, substr(month, 1, 4), industrial, location, v1, v2;";

/* Run, as one script, the statements that sql (one text column) selects: read them all
 * first, since the schema may not change under a running statement. */
static enum gl_err exec_rows(struct store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st = NULL;
	struct buf script;
	enum gl_err rc = GL_OK;
	int r = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, what);
	buf_init(&script, 1 << 20);
	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t && (rc = buf_adds(&script, t)) == GL_OK)
			rc = buf_adds(&script, ";\n");
	}
	sqlite3_finalize(st);
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, what);
	if (rc == GL_OK && script.len && (rc = buf_add(&script, "", 1)) == GL_OK &&
	    sqlite3_exec(s->db, script.data, NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, what);
	buf_release(&script);
	return rc;
}

enum gl_err store_stats_bulk(struct store *s, int on)
{
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if (on) {
		if (sqlite3_exec(s->db, bulk_off_sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(s, "keep the statistics triggers");
		else
			rc = exec_rows(s, "SELECT 'DROP TRIGGER main.' || name FROM stat_bulk_trigger"
				       " WHERE name IN (SELECT name FROM main.sqlite_master"
				       " WHERE type = 'trigger')", "drop the statistics triggers");
	} else {
		if (sqlite3_exec(s->db, rebuild_sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(s, "rebuild the statistics");
		if (rc == GL_OK)
			rc = exec_rows(s, "SELECT sql FROM stat_bulk_trigger WHERE name NOT IN"
				       " (SELECT name FROM main.sqlite_master WHERE type = 'trigger')"
				       " ORDER BY name", "restore the statistics triggers");
		if (rc == GL_OK &&
		    sqlite3_exec(s->db, "DELETE FROM stat_bulk_trigger", NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(s, "forget the statistics triggers");
		/* stat_fact changed without its log: every in-memory copy starts over. */
		if (rc == GL_OK &&
		    sqlite3_exec(s->db, "INSERT INTO stat_log (measure) VALUES (NULL)", NULL, NULL,
				 NULL) != SQLITE_OK)
			rc = store_fail(s, "mark the statistics rebuilt");
	}
	return store_end(s, rc);
}


enum gl_err store_gen_history(struct store *s, int64_t first_id, int64_t last_id,
			      int events_per_project, int funds_months)
{
	sqlite3_stmt *st;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if (events_per_project > 0) {
		if (!(st = fs(s, F_GEN_EVENTS))) {
			rc = GL_EDB;
		} else {
			sqlite3_bind_int(st, 1, events_per_project);
			sqlite3_bind_int64(st, 2, first_id);
			sqlite3_bind_int64(st, 3, last_id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "generate stage events");
			sqlite3_reset(st);
		}
	}
	if (rc == GL_OK && funds_months > 0) {
		if (!(st = fs(s, F_GEN_FUNDS))) {
			rc = GL_EDB;
		} else {
			sqlite3_bind_int(st, 1, funds_months);
			sqlite3_bind_int64(st, 2, first_id);
			sqlite3_bind_int64(st, 3, last_id);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "generate funds");
			sqlite3_reset(st);
		}
	}
	return store_end(s, rc);
}
