/* dupcopy.c - the open appeals' bigram sets in memory, shared by every thread of the process,
 * with an index of their prefix bigrams: where the similar_text duplicate rule
 * (domain/duplicate.h) finds its candidates.
 *
 * Why in memory: the rule's candidates are the open appeals sharing a prefix bigram with the
 * new text.  Kept in SQLite (appeal_gram, sql/018 to 025) that was ten B-tree rows per
 * intake, each on a leaf page of its own because the prefixes are the rarest bigrams: the
 * one writer thread's time per intake fell from 314 to 183 us without them, and the probes
 * cost a worker another 140 us (docs/PERFORMANCE.md, "Fifth pass").  Here an intake writes only its bigram set
 * (appeal_bigrams, one row at the end of its table), and a probe is a walk over a few short
 * arrays.
 *
 * Freshness, as the statistics copy (statcopy.c): a check first reads, on its own snapshot,
 * the highest appeal id in appeal_bigrams and the last row of appeal_open_log, where a
 * trigger (sql/026) writes every change of an appeal between open and not open (closed,
 * declined, merged, and back).  When the copy is behind, it adds the new appeals and applies
 * the log rows after its own; a log pruned past the copy, or a NULL row (the sets rewritten
 * as a whole), makes it read every open appeal again.  Snapshots of one database are
 * ordered, so a copy is either ahead of a reader's snapshot (it then answers as is: a flag
 * can only name an appeal the reader sees once its ref is read) or behind it in both counts.
 *
 * Closing does not free at once: a closed appeal stays in the tables, marked, until the
 * closed ones outnumber the open ones and the tables are built again from the open ones.
 *
 * Memory: about 0.6 kB an open appeal of 60 characters (its set, 8 bytes a bigram, and
 * about 12 postings of 16 bytes, with the tables' slack): 54 MB for the 90,000 open appeals
 * of a run of bench/intake.lua's texts.  The server logs what it takes when it builds it at
 * start.
 *
 * One copy per process, behind a read-write lock that prefers writers: probes under the read
 * lock, catching up under the write lock.
 */
#define _GNU_SOURCE  /* PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP */
#include "dupcopy.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../domain/duplicate.h"
#include "../util/date.h"
#include "../util/log.h"

/* At most this many postings of one prefix bigram are stepped over per probe: the ones of
 * closed appeals, of other sizes or outside the window are skipped, not counted as
 * candidates, and this bounds the walk when most of a list is such. */
enum { SCAN_MAX = 16 * DUP_TEXT_CANDIDATES_MAX };

/* The statements, in MOD_DUPLICATE slots after duplicates.c's. */
enum {
	D_META,
	D_NEW,
	D_LOG,
	D_ONE,
	D_ALL,
	D__MAX
};
_Static_assert(DUPCOPY_FIRST_SLOT + D__MAX <= MOD_STMTS, "dupcopy.c's statements do not fit");

#define D_COLS "b.appeal_id, b.nchars, b.grams, ap.submitted_at," \
	" (ap.state NOT IN ('declined', 'closed') AND ap.merged_into IS NULL)"

static const char *const d_sql[D__MAX] = {
	[D_META] = "SELECT (SELECT token FROM stat_copy_id), (SELECT max(seq) FROM appeal_open_log),"
		" (SELECT max(appeal_id) FROM appeal_bigrams)",
	[D_NEW] = "SELECT " D_COLS " FROM appeal_bigrams b JOIN appeal ap ON ap.id = b.appeal_id"
		" WHERE b.appeal_id > ?1 AND b.appeal_id <= ?2 ORDER BY b.appeal_id",
	[D_LOG] = "SELECT seq, appeal_id, open FROM appeal_open_log WHERE seq > ?1 AND seq <= ?2"
		" ORDER BY seq",
	[D_ONE] = "SELECT " D_COLS " FROM appeal_bigrams b JOIN appeal ap ON ap.id = b.appeal_id"
		" WHERE b.appeal_id = ?1",
	/* The open states of enum appeal_state through appeal_state (state, ...): at 10M appeals
	 * with 200,000 open, 0.6 s instead of 2.3 s for a scan of every appeal ever taken in,
	 * which the planner prefers when ANALYZE has counted only eight states. */
	[D_ALL] = "SELECT " D_COLS " FROM appeal ap INDEXED BY appeal_state"
		" CROSS JOIN appeal_bigrams b WHERE b.appeal_id = ap.id"
		" AND ap.state IN ('submitted', 'accepted', 'assigned', 'in_progress', 'answered',"
		" 'rated') AND ap.merged_into IS NULL AND b.nchars >= ?1 AND ap.id <= ?2"
		" ORDER BY b.appeal_id",
};

static sqlite3_stmt *dst(struct store *s, int i)
{
	return stmt_cached(s, &s->mod[MOD_DUPLICATE][DUPCOPY_FIRST_SLOT + i], d_sql[i]);
}

struct entry {
	int64_t id;
	int64_t day;          /* submission day, days since 1970-01-01 */
	uint32_t n, nchars;   /* bigrams, and characters kept after normalising */
	int open;
	uint64_t grams[];     /* the sorted set */
};

/* One appeal in a prefix bigram's list, with what the walk filters on before it looks the
 * appeal up. */
struct post {
	int64_t id;
	int32_t day;          /* days since 1970-01-01, as entry.day */
	uint32_t n;
};

struct plist {
	uint64_t gram;        /* 0: an empty slot (a bigram is never 0) */
	struct post *v;       /* by id, ascending */
	uint32_t len, cap;
};

struct copy {
	int built;
	char token[40];
	char *file;
	int64_t seq, hwm;     /* the last log row applied; the highest appeal id read */
	struct entry **ent;   /* by id: open addressing, linear probing; NULL is empty */
	size_t ent_cap, ent_n, live;
	struct plist *pl;     /* by bigram, the same way */
	size_t pl_cap, pl_n;
	uint64_t *order;      /* post_add's room for a set in the global order */
	size_t order_cap;
};

/* Writers first: every intake's check reads, and with many worker threads the read locks
 * would otherwise overlap without end and keep the catching up (and that intake) waiting. */
static struct {
	pthread_rwlock_t lock;
	struct copy c;
} shared = {PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP, {0}};

static size_t hash64(uint64_t k, size_t cap)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

/* ---- the tables ---------------------------------------------------------------------- */

static struct entry *ent_find(const struct copy *c, int64_t id)
{
	if (!c->ent_cap)
		return NULL;
	for (size_t i = hash64((uint64_t)id, c->ent_cap);; i = (i + 1) & (c->ent_cap - 1)) {
		struct entry *e = c->ent[i];

		if (!e || e->id == id)
			return e;
	}
}

static void ent_place(struct entry **t, size_t cap, struct entry *e)
{
	size_t i = hash64((uint64_t)e->id, cap);

	while (t[i])
		i = (i + 1) & (cap - 1);
	t[i] = e;
}

static int ent_put(struct copy *c, struct entry *e)
{
	if (10 * (c->ent_n + 1) > 7 * c->ent_cap) {
		size_t cap = c->ent_cap ? 2 * c->ent_cap : 1024;
		struct entry **t = calloc(cap, sizeof(*t));

		if (!t)
			return -1;
		for (size_t i = 0; i < c->ent_cap; i++)
			if (c->ent[i])
				ent_place(t, cap, c->ent[i]);
		free(c->ent);
		c->ent = t;
		c->ent_cap = cap;
	}
	ent_place(c->ent, c->ent_cap, e);
	c->ent_n++;
	return 0;
}

static struct plist *pl_find(const struct copy *c, uint64_t gram)
{
	if (!c->pl_cap)
		return NULL;
	for (size_t i = hash64(gram, c->pl_cap);; i = (i + 1) & (c->pl_cap - 1)) {
		struct plist *p = &c->pl[i];

		if (p->gram == gram)
			return p;
		if (!p->gram)
			return NULL;
	}
}

/* The list of gram, made empty when new; NULL when out of memory. */
static struct plist *pl_get(struct copy *c, uint64_t gram)
{
	struct plist *p = pl_find(c, gram);
	size_t i;

	if (p)
		return p;
	if (10 * (c->pl_n + 1) > 7 * c->pl_cap) {
		size_t cap = c->pl_cap ? 2 * c->pl_cap : 4096;
		struct plist *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t j = 0; j < c->pl_cap; j++) {
			if (!c->pl[j].gram)
				continue;
			for (i = hash64(c->pl[j].gram, cap); t[i].gram; i = (i + 1) & (cap - 1))
				;
			t[i] = c->pl[j];
		}
		free(c->pl);
		c->pl = t;
		c->pl_cap = cap;
	}
	for (i = hash64(gram, c->pl_cap); c->pl[i].gram; i = (i + 1) & (c->pl_cap - 1))
		;
	c->pl[i].gram = gram;
	c->pl_n++;
	return &c->pl[i];
}

/* Add e to its prefix bigrams' lists, in id order (at the end, but for a reopened appeal). */
static int post_add(struct copy *c, const struct entry *e)
{
	size_t k;

	if (e->n > c->order_cap) {
		uint64_t *more = realloc(c->order, e->n * sizeof(*more));

		if (!more)
			return -1;
		c->order = more;
		c->order_cap = e->n;
	}
	k = dup_prefix(e->grams, e->n, c->order);
	for (size_t i = 0; i < k; i++) {
		struct plist *p = pl_get(c, c->order[i]);
		uint32_t at;

		if (!p)
			return -1;
		if (p->len == p->cap) {
			uint32_t cap = p->cap ? 2 * p->cap : 4;
			struct post *v = realloc(p->v, cap * sizeof(*v));

			if (!v)
				return -1;
			p->v = v;
			p->cap = cap;
		}
		at = p->len;
		while (at > 0 && p->v[at - 1].id > e->id)
			at--;
		memmove(&p->v[at + 1], &p->v[at], (p->len - at) * sizeof(*p->v));
		p->v[at] = (struct post){e->id, e->day < INT32_MIN ? INT32_MIN
			: e->day > INT32_MAX ? INT32_MAX : (int32_t)e->day, e->n};
		p->len++;
	}
	return 0;
}

static void copy_free_tables(struct copy *c)
{
	for (size_t i = 0; i < c->ent_cap; i++)
		free(c->ent[i]);
	free(c->ent);
	for (size_t i = 0; i < c->pl_cap; i++)
		free(c->pl[i].v);
	free(c->pl);
	c->ent = NULL;
	c->pl = NULL;
	c->ent_cap = c->ent_n = c->live = c->pl_cap = c->pl_n = 0;
}

static void copy_free(struct copy *c)
{
	copy_free_tables(c);
	free(c->file);
	free(c->order);
	memset(c, 0, sizeof(*c));
}

static int id_cmp(const void *pa, const void *pb)
{
	const struct entry *x = *(struct entry *const *)pa, *y = *(struct entry *const *)pb;

	return (x->id > y->id) - (x->id < y->id);
}

/* Build the tables again from the open entries alone, once the closed ones outnumber them. */
static int compact(struct copy *c)
{
	struct entry **keep = malloc((c->live ? c->live : 1) * sizeof(*keep));
	size_t n = 0;
	int rc = 0;

	if (!keep)
		return -1;
	for (size_t i = 0; i < c->ent_cap; i++) {
		struct entry *e = c->ent[i];

		if (e && e->open)
			keep[n++] = e;
		else
			free(e);
		c->ent[i] = NULL;
	}
	qsort(keep, n, sizeof(*keep), id_cmp);
	for (size_t i = 0; i < c->pl_cap; i++)
		free(c->pl[i].v);
	memset(c->pl, 0, c->pl_cap * sizeof(*c->pl));
	c->ent_n = c->pl_n = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && (ent_put(c, keep[i]) != 0 || post_add(c, keep[i]) != 0))
			rc = -1;
		if (rc != 0 && !ent_find(c, keep[i]->id))
			free(keep[i]);
	}
	free(keep);
	return rc;
}

/* ---- reading from SQLite -------------------------------------------------------------- */

/* An appeal from a row of D_COLS into the copy, if it is open and long enough to be
 * flagged; an entry the copy has, closed, is opened again. */
static enum gl_err take_row(struct copy *c, sqlite3_stmt *st)
{
	int64_t id = sqlite3_column_int64(st, 0);
	size_t nchars = (size_t)sqlite3_column_int64(st, 1);
	size_t bytes = (size_t)sqlite3_column_bytes(st, 2), n = bytes / 8;
	const char *at = (const char *)sqlite3_column_text(st, 3);
	struct entry *e = ent_find(c, id);
	struct ymd d;
	char day[11];

	if (!sqlite3_column_int(st, 4) || nchars < DUP_MIN_CHARS || n == 0)
		return GL_OK;
	if (e) {
		if (!e->open) {
			e->open = 1;
			c->live++;
		}
		return GL_OK;
	}
	if (n > UINT32_MAX / 16 || !(e = malloc(sizeof(*e) + n * sizeof(e->grams[0]))))
		return GL_ENOMEM;
	snprintf(day, sizeof(day), "%.10s", at ? at : "");
	e->id = id;
	e->day = date_parse_iso(day, &d) == 0 ? date_to_days(d) : INT64_MIN;
	e->n = (uint32_t)dup_unpack(sqlite3_column_blob(st, 2), bytes, e->grams);
	e->nchars = nchars > UINT32_MAX ? UINT32_MAX : (uint32_t)nchars;
	e->open = 1;
	if (ent_put(c, e) != 0) {
		free(e);
		return GL_ENOMEM;
	}
	c->live++;
	return post_add(c, e) == 0 ? GL_OK : GL_ENOMEM;
}

/* Step a bound statement of D_COLS rows into the copy. */
static enum gl_err take_rows(struct store *s, struct copy *c, sqlite3_stmt *st)
{
	enum gl_err rc = GL_OK;
	int r;

	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = take_row(c, st);
	sqlite3_reset(st);
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "duplicate index: appeals");
	return rc;
}

/* Every open appeal up to hwm, on s's snapshot. */
static enum gl_err build(struct store *s, struct copy *c, const char *file, const char *token,
			 int64_t seq, int64_t hwm)
{
	sqlite3_stmt *st = dst(s, D_ALL);
	enum gl_err rc;

	copy_free(c);
	if (!st)
		return GL_EDB;
	if (file && !(c->file = strdup(file)))
		return GL_ENOMEM;
	snprintf(c->token, sizeof(c->token), "%s", token);
	c->seq = seq;
	c->hwm = hwm;
	sqlite3_bind_int(st, 1, DUP_MIN_CHARS);
	sqlite3_bind_int64(st, 2, hwm);
	if ((rc = take_rows(s, c, st)) != GL_OK) {
		copy_free(c);
		return rc;
	}
	c->built = 1;
	return GL_OK;
}

/* The appeals taken in since the copy's hwm, then the log's openings and closings since its
 * seq, in their order: the entries end as open as s's snapshot has them.  *restart when the
 * log cannot bring the copy up (pruned past it, or a NULL row). */
static enum gl_err apply(struct store *s, struct copy *c, int64_t seq, int64_t hwm,
			 int *restart)
{
	sqlite3_stmt *st = dst(s, D_NEW), *one;
	enum gl_err rc = GL_OK;
	int64_t next = c->seq + 1;
	int r;

	*restart = 0;
	if (!st)
		return GL_EDB;
	if (hwm > c->hwm) {
		sqlite3_bind_int64(st, 1, c->hwm);
		sqlite3_bind_int64(st, 2, hwm);
		if ((rc = take_rows(s, c, st)) != GL_OK)
			return rc;
		c->hwm = hwm;
	}
	if (seq <= c->seq)
		return GL_OK;
	if (!(st = dst(s, D_LOG)) || !(one = dst(s, D_ONE)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, c->seq);
	sqlite3_bind_int64(st, 2, seq);
	while (rc == GL_OK && !*restart && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 1);
		struct entry *e;

		if (sqlite3_column_int64(st, 0) != next++ ||
		    sqlite3_column_type(st, 1) == SQLITE_NULL) {
			*restart = 1;
		} else if (!sqlite3_column_int(st, 2)) {
			if ((e = ent_find(c, id)) && e->open) {
				e->open = 0;
				c->live--;
			}
		} else if (id <= c->hwm) {
			/* Opened again: the copy may never have had it (closed when read). */
			sqlite3_bind_int64(one, 1, id);
			rc = take_rows(s, c, one);
		}
	}
	sqlite3_reset(st);
	if (rc == GL_OK && !*restart && r != SQLITE_DONE)
		rc = store_fail(s, "duplicate index: log");
	if (rc == GL_OK && !*restart)
		c->seq = seq;
	if (rc == GL_OK && !*restart && c->ent_n - c->live > c->live && c->ent_n > 1024 &&
	    compact(c) != 0)
		rc = GL_ENOMEM;
	return rc;
}

/* The database's copy token, last log row and highest indexed appeal, on s's snapshot;
 * *file is NULL when the shared copy cannot be used: s is inside a write transaction, or
 * the database has no file name to tell it from another. */
static enum gl_err head_of(struct store *s, const char **file, char token[40], int64_t *seq,
			   int64_t *hwm)
{
	sqlite3_stmt *st = dst(s, D_META);
	int r;

	*file = NULL;
	if (!st)
		return GL_EDB;
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		snprintf(token, 40, "%s", t ? t : "");
		*seq = sqlite3_column_int64(st, 1);
		*hwm = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return store_fail(s, "duplicate index state");
	*file = store_shared_copy_file(s);
	return GL_OK;
}

static int same_db(const struct copy *c, const char *file, const char *token)
{
	return c->built && strcmp(c->token, token) == 0 && strcmp(c->file, file) == 0;
}

static int fresh(const struct copy *c, const char *file, const char *token, int64_t seq,
		 int64_t hwm)
{
	return same_db(c, file, token) && c->seq >= seq && c->hwm >= hwm;
}

/* The caller holds the write lock. */
static enum gl_err catch_up(struct store *s, struct copy *c, const char *file,
			    const char *token, int64_t seq, int64_t hwm)
{
	enum gl_err rc = GL_OK;
	int restart = 1;

	if (fresh(c, file, token, seq, hwm))
		return GL_OK;
	if (same_db(c, file, token))
		rc = apply(s, c, seq, hwm, &restart);
	if (rc == GL_OK && restart)
		rc = build(s, c, file, token, seq, hwm);
	if (rc != GL_OK)
		copy_free(c);
	return rc;
}

/* ---- the probe ------------------------------------------------------------------------- */

/* Where the walk of one prefix bigram's list stands: v[0 .. left) are still to come, the
 * newest last. */
struct cursor {
	const struct post *v;
	uint32_t left, steps;
};

static void sift_down(struct cursor *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < n && h[l].v[h[l].left - 1].id > h[m].v[h[m].left - 1].id)
			m = l;
		if (r < n && h[r].v[h[r].left - 1].id > h[m].v[h[m].left - 1].id)
			m = r;
		if (m == i)
			return;
		struct cursor t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* The most recent DUP_TEXT_CANDIDATES_MAX open appeals of the window sharing a prefix bigram
 * with mine, of a size that can match, each checked exactly: the prefix bigrams' lists
 * merged newest first through a heap, so no more postings are read than the candidates
 * need (and SCAN_MAX of each list at most).  Only appeals up to upto, the highest the
 * caller's snapshot holds: the shared copy may be ahead of it (another connection brought it
 * up), and appeals the caller cannot see must not take the candidates' places. */
static enum gl_err probe(const struct copy *c, struct dupcopy_query *qy, int64_t upto,
			 struct dupcopy_match *out, size_t cap, size_t *n)
{
	const uint64_t *mine = qy->grams;
	size_t nmine = qy->n;
	uint64_t *order;
	size_t k, nh = 0, taken = 0;
	struct cursor *h;
	int64_t last = 0;

	*n = 0;
	for (size_t i = 0; i < qy->nknown; i++) {
		const struct entry *e = ent_find(c, qy->known[i].id);

		qy->known[i].inter = -1;
		if (e && e->open)
			dup_overlap(mine, nmine, e->grams, e->n, &qy->known[i].inter,
				    &qy->known[i].uni);
	}
	if (qy->nchars < DUP_MIN_CHARS || nmine == 0)
		return GL_OK;
	order = malloc(nmine * sizeof(*order));
	k = order ? dup_prefix(mine, nmine, order) : 0;
	h = malloc((k ? k : 1) * sizeof(*h));
	if (!order || !h) {
		free(order);
		free(h);
		return GL_ENOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		const struct plist *p = pl_find(c, order[i]);

		if (p && p->len)
			h[nh++] = (struct cursor){p->v, p->len, 0};
	}
	for (size_t i = nh; i-- > 0;)
		sift_down(h, nh, i);
	while (nh > 0 && taken < DUP_TEXT_CANDIDATES_MAX && *n < cap) {
		const struct post *q = &h[0].v[--h[0].left];
		const struct entry *e;
		int64_t inter, uni;

		if (h[0].left == 0 || ++h[0].steps >= SCAN_MAX)
			h[0] = h[--nh];
		sift_down(h, nh, 0);
		/* A candidate in several lists comes out of the heap several times in a row. */
		if (q->id == last)
			continue;
		last = q->id;
		if (q->id > upto || q->id == qy->self || q->day < qy->since_day ||
		    !dup_sizes_may_match(nmine, q->n) || !(e = ent_find(c, q->id)) || !e->open)
			continue;
		taken++;
		if (dup_overlap_near(mine, nmine, e->grams, e->n, &inter, &uni) &&
		    dup_near_identical(inter, uni, qy->nchars, e->nchars))
			out[(*n)++] = (struct dupcopy_match){q->id, inter, uni};
	}
	free(order);
	free(h);
	return GL_OK;
}

enum gl_err dupcopy_similar(struct store *s, struct dupcopy_query *q, struct dupcopy_match *out,
			    size_t cap, size_t *n)
{
	const char *file;
	char token[40];
	int64_t seq = 0, hwm = 0;
	struct copy *c = &shared.c;
	enum gl_err rc;

	*n = 0;
	if (q->nknown == 0 && (q->nchars < DUP_MIN_CHARS || q->n == 0))
		return GL_OK;
	if ((rc = head_of(s, &file, token, &seq, &hwm)) != GL_OK)
		return rc;
	if (!file) {
		struct copy mine_only = {0};

		if ((rc = build(s, &mine_only, NULL, token, seq, hwm)) == GL_OK)
			rc = probe(&mine_only, q, hwm, out, cap, n);
		copy_free(&mine_only);
		return rc;
	}
	pthread_rwlock_rdlock(&shared.lock);
	if (fresh(c, file, token, seq, hwm)) {
		rc = probe(c, q, hwm, out, cap, n);
		pthread_rwlock_unlock(&shared.lock);
		return rc;
	}
	pthread_rwlock_unlock(&shared.lock);

	pthread_rwlock_wrlock(&shared.lock);
	if ((rc = catch_up(s, c, file, token, seq, hwm)) == GL_OK)
		rc = probe(c, q, hwm, out, cap, n);
	pthread_rwlock_unlock(&shared.lock);
	return rc;
}

/* What the copy takes, in bytes, less malloc's own overhead. */
static size_t copy_bytes(const struct copy *c)
{
	size_t b = c->ent_cap * sizeof(*c->ent) + c->pl_cap * sizeof(*c->pl);

	for (size_t i = 0; i < c->ent_cap; i++)
		if (c->ent[i])
			b += sizeof(*c->ent[i]) + c->ent[i]->n * sizeof(c->ent[i]->grams[0]);
	for (size_t i = 0; i < c->pl_cap; i++)
		b += c->pl[i].cap * sizeof(*c->pl[i].v);
	return b;
}

enum gl_err store_dup_warm(struct store *s)
{
	const char *file;
	char token[40];
	int64_t seq = 0, hwm = 0;
	size_t live = 0, bytes = 0;
	enum gl_err rc = store_read_begin(s);

	if (rc != GL_OK)
		return rc;
	if ((rc = head_of(s, &file, token, &seq, &hwm)) == GL_OK && file) {
		pthread_rwlock_wrlock(&shared.lock);
		rc = catch_up(s, &shared.c, file, token, seq, hwm);
		live = shared.c.live;
		bytes = copy_bytes(&shared.c);
		pthread_rwlock_unlock(&shared.lock);
	}
	store_read_end(s);
	if (rc == GL_OK && file)
		log_info("duplicate index: %zu open appeals in memory, %.1f MB", live,
			 (double)bytes / (1 << 20));
	return rc;
}
