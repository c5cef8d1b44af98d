/* statcopy.c - a packed copy of stat_fact in memory, shared by every thread of the process,
 * for the /stats queries that would otherwise read the full grain.
 *
 * Reading stat_fact through SQLite costs 100-200 ns a row; a query of three fine dimensions
 * by month over 20 months reads ~920k rows of it at 1M projects (docs/PERFORMANCE.md).  The
 * copy keeps each fact row in 12 bytes: the dimensions packed as small codes into one 32-bit
 * key (each dimension's values numbered in a dictionary), n and amount; the rows are split
 * into segments by month and measure, so a query walks only the months of its range and the
 * measures it asks for, filters with one mask and sums per group in a hash table.
 *
 * Freshness: every change of a stat_fact row is also a row of stat_log (sql/017), numbered
 * in commit order.  Before answering, a query reads the log's last number on its own
 * connection; when the copy is behind, it applies the rows after its number (a write is
 * visible to the next request, as with the rollups).  A log pruned past the copy, a bulk
 * rebuild of stat_fact (a NULL mark in the log), another database, or a value the packing has
 * no room for makes it read stat_fact again (~1 s at 1M projects, the first query of a
 * process pays it).
 *
 * One copy per process, behind a read-write lock: queries sum under the read lock, a refresh
 * takes the write lock.  Nothing here is reached while the connection has uncommitted writes
 * (their log rows could still be rolled back): those queries read the rollups.
 */
#include "statcopy.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"

/* The dimensions of a fact row besides the measure and month, as packed in a key. */
enum cdim { CD_INDUSTRIAL, CD_LOCATION, CD_UNIT, CD_STAGE, CD_CHAIN, CD_CHANNEL, CD_SECTION,
	    CD__MAX };

static const int cd_of_sd[SD__MAX] = {
	[SD_STAGE] = CD_STAGE, [SD_CHAIN] = CD_CHAIN, [SD_CHANNEL] = CD_CHANNEL,
	[SD_LOCATION] = CD_LOCATION, [SD_UNIT] = CD_UNIT, [SD_SECTION] = CD_SECTION,
};

/* The statements, in MOD_STATS slots that facts.c (first) and stats.c (last) leave free. */
enum {
	C_META,
	C_REFS,
	C_SCAN,
	C_LOG,
	C__MAX
};
enum { C_FIRST_SLOT = 20 };

/* C_SCAN and C_LOG give the same columns from o on: measure, month, industrial, location,
 * unit_id, stage, chain, channel, section, n, amount. */
static const char *const c_sql[C__MAX] = {
	[C_META] = "SELECT (SELECT token FROM stat_copy_id), (SELECT max(seq) FROM stat_log)",
	/* The values each dimension may take, from the reference data: what the key's widths
	 * are sized by. */
	[C_REFS] =
		"SELECT (SELECT count(*) FROM ref_region), (SELECT count(*) FROM unit),"
		" (SELECT count(*) FROM ref_chain), (SELECT count(*) FROM ref_channel),"
		" (SELECT count(DISTINCT section) FROM ref_industry)",
	[C_SCAN] =
		"SELECT measure, month, industrial, location, unit_id, stage, chain, channel, section,"
		" n, amount FROM stat_fact WHERE measure <> 'all'",
	[C_LOG] =
		"SELECT seq, measure, month, industrial, location, unit_id, stage, chain, channel,"
		" section, n, amount FROM stat_log WHERE seq > ?1 ORDER BY seq",
};

static sqlite3_stmt *cst(struct store *s, int i)
{
	return stmt_cached(s, &s->mod[MOD_STATS][C_FIRST_SLOT + i], c_sql[i]);
}

/* The values of one dimension, numbered in order of appearance; the text is the column's
 * as SQLite gives it ("3" for unit 3, "" for none), so keys built from it match facts.c's. */
struct dict {
	char **code;
	uint32_t n, cap, last;
};

struct frow {
	uint32_t key;
	int32_t n;
	int32_t amount;
};

struct seg {
	struct frow *r;
	uint32_t n, cap;
};

struct month {
	char *code;
	struct seg seg[SM__MAX];
};

struct copy {
	int built;
	int broken;        /* a figure outside 32 bits: the rollups answer for this database */
	char token[40];
	char *file;
	int64_t seq;       /* the last stat_log row applied */
	struct dict dict[CD__MAX];
	unsigned shift[CD__MAX], width[CD__MAX];
	struct month *months;
	uint32_t nmonths, capmonths;
	size_t rows;
};

static struct {
	pthread_rwlock_t lock;
	int mode;          /* enum store_stats_copy; -1 until read from the environment */
	struct copy c;
} shared = {PTHREAD_RWLOCK_INITIALIZER, -1, {0}};

static int mode_now(void)
{
	if (shared.mode < 0) {
		const char *e = getenv("GUANLAN_STATS_COPY");
		shared.mode = !e || !*e ? STATS_COPY_FACT
			: strcmp(e, "0") == 0 || strcmp(e, "off") == 0 ? STATS_COPY_OFF
			: strcmp(e, "always") == 0 ? STATS_COPY_ALWAYS : STATS_COPY_FACT;
	}
	return shared.mode;
}

void store_stats_copy_mode(int mode)
{
	pthread_rwlock_wrlock(&shared.lock);
	shared.mode = mode;
	pthread_rwlock_unlock(&shared.lock);
}

int statcopy_mode(void)
{
	pthread_rwlock_rdlock(&shared.lock);
	int m = shared.mode;
	pthread_rwlock_unlock(&shared.lock);
	if (m < 0) {
		pthread_rwlock_wrlock(&shared.lock);
		m = mode_now();
		pthread_rwlock_unlock(&shared.lock);
	}
	return m;
}

/* ---- the copy ------------------------------------------------------------------------ */

static int64_t dict_find(const struct dict *d, const char *t)
{
	if (d->last < d->n && strcmp(d->code[d->last], t) == 0)
		return d->last;
	for (uint32_t i = 0; i < d->n; i++)
		if (strcmp(d->code[i], t) == 0)
			return i;
	return -1;
}

/* The number of t, added when new; -1 when out of memory. */
static int64_t dict_get(struct dict *d, const char *t)
{
	int64_t i = dict_find(d, t);

	if (i >= 0) {
		d->last = (uint32_t)i;
		return i;
	}
	if (d->n == d->cap) {
		uint32_t cap = d->cap ? 2 * d->cap : 16;
		char **more = realloc(d->code, cap * sizeof(*more));
		if (!more)
			return -1;
		d->code = more;
		d->cap = cap;
	}
	if (!(d->code[d->n] = strdup(t)))
		return -1;
	d->last = d->n;
	return d->n++;
}

static void copy_free_rows(struct copy *c)
{
	for (uint32_t i = 0; i < c->nmonths; i++) {
		for (int m = 0; m < SM__MAX; m++)
			free(c->months[i].seg[m].r);
		free(c->months[i].code);
	}
	free(c->months);
	c->months = NULL;
	c->nmonths = c->capmonths = 0;
	c->rows = 0;
}

static void copy_free(struct copy *c)
{
	copy_free_rows(c);
	for (int d = 0; d < CD__MAX; d++) {
		for (uint32_t i = 0; i < c->dict[d].n; i++)
			free(c->dict[d].code[i]);
		free(c->dict[d].code);
	}
	free(c->file);
	memset(c, 0, sizeof(*c));
}

static unsigned bits_for(uint64_t values)
{
	unsigned b = 1;

	while (b < 32 && (1ull << b) < values)
		b++;
	return b;
}

/* Size each dimension's field for its number of values, then hand out the bits left, one
 * at a time, to the dimensions that grow (units, chains, channels, regions, sections), so
 * that a new reference row rarely forces a rebuild.  Returns -1 when the fields do not fit
 * in 32 bits. */
static int layout(struct copy *c, const uint64_t values[CD__MAX])
{
	static const int grows[] = {CD_UNIT, CD_CHAIN, CD_CHANNEL, CD_LOCATION, CD_SECTION};
	unsigned total = 0;

	for (int d = 0; d < CD__MAX; d++)
		total += c->width[d] = bits_for(values[d]);
	if (total > 32)
		return -1;
	for (size_t i = 0; total < 32; i = (i + 1) % (sizeof(grows) / sizeof(grows[0])), total++)
		c->width[grows[i]]++;
	unsigned shift = 0;
	for (int d = 0; d < CD__MAX; d++) {
		c->shift[d] = shift;
		shift += c->width[d];
	}
	return 0;
}

static uint32_t field_mask(const struct copy *c, int d)
{
	return (uint32_t)(((1ull << c->width[d]) - 1) << c->shift[d]);
}

static int64_t month_get(struct copy *c, const char *code)
{
	for (uint32_t i = c->nmonths; i-- > 0;)
		if (strcmp(c->months[i].code, code) == 0)
			return i;
	if (c->nmonths == c->capmonths) {
		uint32_t cap = c->capmonths ? 2 * c->capmonths : 64;
		struct month *more = realloc(c->months, cap * sizeof(*more));
		if (!more)
			return -1;
		c->months = more;
		c->capmonths = cap;
	}
	struct month *mo = &c->months[c->nmonths];
	memset(mo, 0, sizeof(*mo));
	if (!(mo->code = strdup(code)))
		return -1;
	return c->nmonths++;
}

static int seg_add(struct seg *sg, uint32_t key, int32_t n, int32_t amount)
{
	if (sg->n == sg->cap) {
		uint32_t cap = sg->cap ? sg->cap + sg->cap / 2 : 64;
		struct frow *more = realloc(sg->r, cap * sizeof(*more));
		if (!more)
			return -1;
		sg->r = more;
		sg->cap = cap;
	}
	sg->r[sg->n++] = (struct frow){key, n, amount};
	return 0;
}

enum fit { FIT_OK, FIT_WIDER, FIT_NOMEM, FIT_SKIP };

/* The segment and key of the fact row whose measure is column o of st. */
static enum fit row_place(struct copy *c, sqlite3_stmt *st, int o, struct seg **sg, uint32_t *key)
{
	const char *mcode = (const char *)sqlite3_column_text(st, o);
	int m = mcode ? stats_measure_parse(mcode) : -1;
	uint32_t k = 0;

	if (m < 0)
		return FIT_SKIP;
	const char *month = (const char *)sqlite3_column_text(st, o + 1);
	int64_t mi = month_get(c, month ? month : "");
	if (mi < 0)
		return FIT_NOMEM;
	for (int d = 0; d < CD__MAX; d++) {
		const char *t = (const char *)sqlite3_column_text(st, o + 2 + d);
		int64_t i = dict_get(&c->dict[d], t ? t : "");
		if (i < 0)
			return FIT_NOMEM;
		if ((uint64_t)i >> c->width[d])
			return FIT_WIDER;
		k |= (uint32_t)i << c->shift[d];
	}
	*sg = &c->months[mi].seg[m];
	*key = k;
	return FIT_OK;
}

static int fits32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static void seg_shrink(struct seg *sg)
{
	if (sg->n && sg->n < sg->cap) {
		struct frow *r = realloc(sg->r, sg->n * sizeof(*r));
		if (r) {
			sg->r = r;
			sg->cap = sg->n;
		}
	}
}

/* Read stat_fact into c (emptied first) in one read transaction with the log's number. */
static enum gl_err build(struct store *s, struct copy *c, const char *file)
{
	uint64_t values[CD__MAX] = {[CD_INDUSTRIAL] = 2, [CD_STAGE] = STAGE__MAX};
	enum gl_err rc = GL_OK;
	sqlite3_stmt *st;
	int own = sqlite3_get_autocommit(s->db), r;

	copy_free(c);
	if (!(c->file = strdup(file)))
		return GL_ENOMEM;
	if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, "begin the statistics copy");
	if (!(st = cst(s, C_META))) {
		rc = GL_EDB;
		goto out;
	}
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(c->token, sizeof(c->token), "%s", t ? t : "");
		c->seq = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW) {
		rc = store_fail(s, "statistics copy token");
		goto out;
	}
	if (!(st = cst(s, C_REFS))) {
		rc = GL_EDB;
		goto out;
	}
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		/* one more each for "none" (unit 0, chain ''...) */
		static const int col[CD__MAX] = {-1, 0, 1, -1, 2, 3, 4};
		for (int d = 0; d < CD__MAX; d++)
			if (col[d] >= 0)
				values[d] = (uint64_t)sqlite3_column_int64(st, col[d]) + 1;
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW) {
		rc = store_fail(s, "statistics copy references");
		goto out;
	}
	/* A value the reference counts did not foresee (a row left by a deleted reference)
	 * widens its field: the second pass sizes the fields by what the first one found. */
	for (int pass = 0; pass < 2; pass++) {
		enum fit fit = FIT_OK;
		if (layout(c, values) != 0) {
			c->broken = 1;
			break;
		}
		if (!(st = cst(s, C_SCAN))) {
			rc = GL_EDB;
			goto out;
		}
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t n = sqlite3_column_int64(st, 9), amount = sqlite3_column_int64(st, 10);
			struct seg *sg;
			uint32_t key;
			if (n == 0 && amount == 0)
				continue;
			if ((fit = row_place(c, st, 0, &sg, &key)) == FIT_SKIP)
				continue;
			if (fit != FIT_OK)
				break;
			if (!fits32(n) || !fits32(amount)) {
				c->broken = 1;
				break;
			}
			if (seg_add(sg, key, (int32_t)n, (int32_t)amount) != 0) {
				fit = FIT_NOMEM;
				break;
			}
			c->rows++;
		}
		sqlite3_reset(st);
		if (fit == FIT_NOMEM) {
			rc = GL_ENOMEM;
			goto out;
		}
		if (r != SQLITE_DONE && r != SQLITE_ROW) {
			rc = store_fail(s, "read the statistics copy");
			goto out;
		}
		if (c->broken || fit == FIT_OK)
			break;
		/* FIT_WIDER: size by every value now known plus the rest of the scan's. */
		copy_free_rows(c);
		for (int d = 0; d < CD__MAX; d++)
			if (values[d] < (uint64_t)c->dict[d].n + 1)
				values[d] = (uint64_t)c->dict[d].n + 1;
		if (pass == 1)
			c->broken = 1;
	}
	for (uint32_t i = 0; i < c->nmonths; i++)
		for (int m = 0; m < SM__MAX; m++)
			seg_shrink(&c->months[i].seg[m]);
	if (c->broken)
		log_error("stats: a statistics figure does not fit the in-memory copy; the rollups"
			  " answer every query");
	c->built = 1;
out:
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc != GL_OK)
		copy_free(c);
	return rc;
}

/* Apply the log rows after c->seq.  *restart: the copy must be read again instead. */
static enum gl_err apply_log(struct store *s, struct copy *c, int *restart)
{
	sqlite3_stmt *st = cst(s, C_LOG);
	int r;

	*restart = 0;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, c->seq);
	while (!*restart && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		int64_t n = sqlite3_column_int64(st, 10), amount = sqlite3_column_int64(st, 11);
		struct seg *sg;
		uint32_t key;
		enum fit fit;

		/* a gap: the log was pruned past the copy; NULL: stat_fact was rewritten */
		if (seq != c->seq + 1 || sqlite3_column_type(st, 1) == SQLITE_NULL) {
			*restart = 1;
			break;
		}
		c->seq = seq;
		if ((fit = row_place(c, st, 1, &sg, &key)) == FIT_SKIP)
			continue;
		if (fit == FIT_NOMEM) {
			sqlite3_reset(st);
			return GL_ENOMEM;
		}
		if (fit == FIT_WIDER) {
			*restart = 1;
			break;
		}
		uint32_t i = 0;
		while (i < sg->n && sg->r[i].key != key)
			i++;
		if (i == sg->n) {
			if (!fits32(n) || !fits32(amount)) {
				*restart = 1;
				break;
			}
			if (seg_add(sg, key, (int32_t)n, (int32_t)amount) != 0) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			c->rows++;
			continue;
		}
		n += sg->r[i].n;
		amount += sg->r[i].amount;
		if (!fits32(n) || !fits32(amount)) {
			*restart = 1;
			break;
		}
		sg->r[i].n = (int32_t)n;
		sg->r[i].amount = (int32_t)amount;
	}
	sqlite3_reset(st);
	if (!*restart && r != SQLITE_DONE)
		return store_fail(s, "read the statistics log");
	return GL_OK;
}

/* ---- a query ------------------------------------------------------------------------- */

struct gslot {
	uint64_t k;
	uint32_t idx1;  /* 1 + the group's index; 0: empty */
};

struct gsum {
	uint64_t k;
	struct stats_figure v[SM__MAX];
};

struct gtable {
	struct gslot *slot;
	size_t cap;      /* a power of two */
	unsigned bits;
	struct gsum *g;
	size_t n, gcap;
};

static size_t gslot_of(const struct gtable *t, uint64_t k)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - t->bits));
}

static int gtable_grow(struct gtable *t)
{
	unsigned bits = t->bits ? t->bits + 1 : 10;
	size_t cap = (size_t)1 << bits;
	struct gslot *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -1;
	struct gtable nt = *t;
	nt.slot = slot;
	nt.cap = cap;
	nt.bits = bits;
	for (size_t i = 0; i < t->n; i++) {
		size_t j = gslot_of(&nt, t->g[i].k);
		while (slot[j].idx1)
			j = (j + 1) & (cap - 1);
		slot[j] = (struct gslot){t->g[i].k, (uint32_t)(i + 1)};
	}
	free(t->slot);
	*t = nt;
	return 0;
}

static struct gsum *gtable_get(struct gtable *t, uint64_t k)
{
	if (2 * (t->n + 1) > t->cap && gtable_grow(t) != 0)
		return NULL;
	size_t j = gslot_of(t, k);
	while (t->slot[j].idx1) {
		if (t->slot[j].k == k)
			return &t->g[t->slot[j].idx1 - 1];
		j = (j + 1) & (t->cap - 1);
	}
	if (t->n == t->gcap) {
		size_t gcap = t->gcap ? 2 * t->gcap : 512;
		struct gsum *more = realloc(t->g, gcap * sizeof(*more));
		if (!more)
			return NULL;
		t->g = more;
		t->gcap = gcap;
	}
	struct gsum *g = &t->g[t->n];
	memset(g, 0, sizeof(*g));
	g->k = k;
	t->slot[j] = (struct gslot){k, (uint32_t)(++t->n)};
	return g;
}

/* Sum what q selects from c into groups (under the lock). */
static enum gl_err sum(const struct copy *c, const struct stats_query *q, struct arena *a,
		       struct statcopy_group **out, size_t *nout)
{
	uint32_t fmask = 0, fval = 0, gmask = 0;
	const struct dict *ud = &c->dict[CD_UNIT];
	uint8_t *allow = NULL;
	char t[32];
	int empty = 0;

	*out = NULL;
	*nout = 0;
	/* The filters: one mask over the key; a value the copy never saw matches nothing. */
	struct eqf {
		int d;
		const char *v;
	} eq[3];
	int neq = 0;
	char ind[16], unit[24];
	if (q->industrial >= 0) {
		snprintf(ind, sizeof(ind), "%d", q->industrial);
		eq[neq++] = (struct eqf){CD_INDUSTRIAL, ind};
	}
	if (q->location)
		eq[neq++] = (struct eqf){CD_LOCATION, q->location};
	if (q->unit_id) {
		snprintf(unit, sizeof(unit), "%lld", (long long)q->unit_id);
		eq[neq++] = (struct eqf){CD_UNIT, unit};
	}
	for (int i = 0; i < neq; i++) {
		int64_t v = dict_find(&c->dict[eq[i].d], eq[i].v);
		if (v < 0)
			empty = 1;
		fmask |= field_mask(c, eq[i].d);
		fval |= (uint32_t)v << c->shift[eq[i].d];
	}
	if (q->scope && q->scope->restricted) {
		if (!(allow = arena_alloc(a, ud->n ? ud->n : 1)))
			return GL_ENOMEM;
		memset(allow, 0, ud->n ? ud->n : 1);
		for (size_t i = 0; i < q->scope->nunits; i++) {
			snprintf(t, sizeof(t), "%lld", (long long)q->scope->unit_ids[i]);
			int64_t v = dict_find(ud, t);
			if (v >= 0)
				allow[v] = 1;
		}
	}
	for (int d = 0; d < SD__MAX; d++)
		if (q->dims & (1u << d))
			gmask |= field_mask(c, cd_of_sd[d]);
	if (empty)
		return GL_OK;

	/* The period of each month of the range, numbered per query. */
	const char *lo = q->from[0] ? q->from : "0000-00", *hi = q->to[0] ? q->to : "9999-99";
	char (*pcode)[8] = arena_alloc(a, (c->nmonths ? c->nmonths : 1) * sizeof(*pcode));
	uint32_t *pid = arena_alloc(a, (c->nmonths ? c->nmonths : 1) * sizeof(*pid));
	uint32_t np = 0;
	if (!pcode || !pid)
		return GL_ENOMEM;

	struct gtable gt = {0};
	enum gl_err rc = GL_OK;
	unsigned ushift = c->shift[CD_UNIT];
	uint32_t umask = (uint32_t)((1ull << c->width[CD_UNIT]) - 1);
	for (uint32_t mi = 0; mi < c->nmonths && rc == GL_OK; mi++) {
		const struct month *mo = &c->months[mi];
		if (strcmp(mo->code, lo) < 0 || strcmp(mo->code, hi) > 0)
			continue;
		char p[8];
		size_t pl = stats_period_of(q->period, mo->code, p);
		p[pl] = '\0';
		uint32_t id = 0;
		while (id < np && strcmp(pcode[id], p) != 0)
			id++;
		if (id == np)
			memcpy(pcode[np++], p, pl + 1);
		pid[mi] = id;
		for (int m = 0; m < SM__MAX && rc == GL_OK; m++) {
			if (!(q->measures & (1u << m)))
				continue;
			const struct seg *sg = &mo->seg[m];
			struct gsum *last = NULL;
			uint64_t lastk = 0;
			for (uint32_t i = 0; i < sg->n; i++) {
				uint32_t key = sg->r[i].key;
				if ((key & fmask) != fval)
					continue;
				if (allow && !allow[(key >> ushift) & umask])
					continue;
				uint64_t k = (uint64_t)id << 32 | (key & gmask);
				if (!last || k != lastk) {
					if (!(last = gtable_get(&gt, k))) {
						rc = GL_ENOMEM;
						break;
					}
					lastk = k;
				}
				last->v[m].count += sg->r[i].n;
				last->v[m].amount_wan += sg->r[i].amount;
			}
		}
	}

	/* The groups, keyed as facts.c keys the rows it reads. */
	struct statcopy_group *o = rc == GL_OK ? arena_alloc(a, (gt.n ? gt.n : 1) * sizeof(*o))
					       : NULL;
	if (rc == GL_OK && !o)
		rc = GL_ENOMEM;
	for (size_t i = 0; rc == GL_OK && i < gt.n; i++) {
		const struct gsum *g = &gt.g[i];
		char key[1024];
		size_t len = strlen(pcode[g->k >> 32]);
		memcpy(key, pcode[g->k >> 32], len + 1);
		len++;
		for (int d = 0; d < SD__MAX; d++) {
			if (!(q->dims & (1u << d)))
				continue;
			int cd = cd_of_sd[d];
			uint32_t v = ((uint32_t)g->k >> c->shift[cd]) &
				     (uint32_t)((1ull << c->width[cd]) - 1);
			const char *code = c->dict[cd].code[v];
			size_t cl = strlen(code);
			if (len + cl + 1 > sizeof(key)) {
				rc = GL_ETOOBIG;
				break;
			}
			memcpy(key + len, code, cl + 1);
			len += cl + 1;
		}
		char *k = rc == GL_OK ? arena_alloc(a, len) : NULL;
		if (rc == GL_OK && !k)
			rc = GL_ENOMEM;
		if (rc != GL_OK)
			break;
		memcpy(k, key, len);
		o[i].key = k;
		o[i].klen = len;
		memcpy(o[i].v, g->v, sizeof(o[i].v));
	}
	if (rc == GL_OK) {
		*out = o;
		*nout = gt.n;
	}
	free(gt.slot);
	free(gt.g);
	return rc;
}

static int fresh(const struct copy *c, const char *file, const char *token, int64_t head)
{
	return c->built && strcmp(c->token, token) == 0 && strcmp(c->file, file) == 0 &&
	       (c->broken || c->seq >= head);
}

/* The database's copy token and its last logged change, read on s's own connection.  *file
 * is NULL when there is nothing to copy from: s is inside a write transaction (uncommitted
 * log rows could still be rolled back) or the database is in memory (no name to tell it
 * from another). */
static enum gl_err head_of(struct store *s, const char **file, char token[40], int64_t *head)
{
	const char *f = store_shared_copy_file(s);
	sqlite3_stmt *st;
	int r;

	*file = NULL;
	*head = 0;
	token[0] = '\0';
	if (!f)
		return GL_OK;
	if (!(st = cst(s, C_META)))
		return GL_EDB;
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		snprintf(token, 40, "%s", t ? t : "");
		*head = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "statistics copy state");
	*file = f;
	return GL_OK;
}

/* Bring the shared copy up to the database's state: apply the log when it is close behind,
 * else read stat_fact again.  The caller holds the write lock. */
static enum gl_err catch_up(struct store *s, struct copy *c, const char *file,
			    const char *token, int64_t head)
{
	enum gl_err rc = GL_OK;
	int restart = 1;

	if (fresh(c, file, token, head))
		return GL_OK;
	if (c->built && !c->broken && strcmp(c->token, token) == 0 && strcmp(c->file, file) == 0)
		rc = apply_log(s, c, &restart);
	if (rc == GL_OK && restart)
		rc = build(s, c, file);
	if (rc != GL_OK)
		copy_free(c);
	return rc;
}

enum gl_err store_stats_warm(struct store *s)
{
	const char *file;
	char token[40];
	int64_t head;
	enum gl_err rc;

	if (statcopy_mode() == STATS_COPY_OFF)
		return GL_OK;
	if ((rc = head_of(s, &file, token, &head)) != GL_OK || !file)
		return rc;
	pthread_rwlock_wrlock(&shared.lock);
	rc = catch_up(s, &shared.c, file, token, head);
	pthread_rwlock_unlock(&shared.lock);
	return rc;
}

enum gl_err statcopy_query(struct store *s, const struct stats_query *q, struct arena *a,
			   struct statcopy_group **out, size_t *n, int *served)
{
	const char *file;
	char token[40];
	int64_t head;
	enum gl_err rc;

	*served = 0;
	*out = NULL;
	*n = 0;
	if ((rc = head_of(s, &file, token, &head)) != GL_OK || !file)
		return rc;

	struct copy *c = &shared.c;
	pthread_rwlock_rdlock(&shared.lock);
	if (fresh(c, file, token, head)) {
		if (!c->broken && (rc = sum(c, q, a, out, n)) == GL_OK)
			*served = 1;
		pthread_rwlock_unlock(&shared.lock);
		return rc;
	}
	pthread_rwlock_unlock(&shared.lock);

	pthread_rwlock_wrlock(&shared.lock);
	rc = catch_up(s, c, file, token, head);
	if (rc == GL_OK && c->built && !c->broken && (rc = sum(c, q, a, out, n)) == GL_OK)
		*served = 1;
	pthread_rwlock_unlock(&shared.lock);
	return rc;
}
