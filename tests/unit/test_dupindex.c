/* test_dupindex.c - the similar_text prefix index (domain/duplicate.h, src/store/dupcopy.c):
 * the prefix lemma on generated sets, and on a migrated database in a fresh temporary
 * directory, that an intake finds a near-identical appeal older than 3,000 others, that a
 * declined or merged appeal is no longer flagged, that the process's in-memory index follows
 * what other connections write (the log, its gaps and its NULL row), that a check inside a
 * write transaction sees that transaction and leaves nothing behind when it rolls back, and
 * that the migration's backfill refills the bigram sets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/duplicate.h"
#include "store/store.h"
#include "util/arena.h"

#define T1 "园区东门道路破损严重，大货车无法通行，请尽快组织维修。"
#define T1_AGAIN "园区东门 道路破损严重 大货车无法通行 请尽快组织维修"
#define T2 "厂区污水管网尚未接通，影响二期厂房投产，请协调水务部门。"
#define T2_AGAIN "厂区污水管网尚未接通 影响二期厂房投产 请协调水务部门"
#define FILLER_OF_T1 "园区东门道路破损严重，第%d号厂房屋顶漏水待修。"

/* Does some bigram of b's text (a printf format: its digits do not matter here) belong to
 * the prefix of a's? */
static bool shares_prefix(const char *a, const char *b)
{
	uint64_t ga[128], gb[128], order[128];
	size_t ca, cb, na = dup_grams(a, ga, 128, &ca), nb = dup_grams(b, gb, 128, &cb);
	size_t k = dup_prefix(ga, na, order);

	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < nb; j++)
			if (order[i] == gb[j])
				return true;
	return false;
}

/* ---- the prefix lemma ------------------------------------------------------------------ */

static void test_prefix_len(void **state)
{
	(void)state;
	/* n - ceil(0.8 n) + 1 */
	assert_int_equal(dup_prefix_len(0), 0);
	assert_int_equal(dup_prefix_len(1), 1);
	assert_int_equal(dup_prefix_len(4), 1);  /* ceil(3.2) = 4 */
	assert_int_equal(dup_prefix_len(5), 2);  /* 4 */
	assert_int_equal(dup_prefix_len(10), 3); /* 8 */
	assert_int_equal(dup_prefix_len(11), 3); /* ceil(8.8) = 9 */
	assert_int_equal(dup_prefix_len(23), 5); /* ceil(18.4) = 19 */
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

static size_t sort_unique(uint64_t *v, size_t n)
{
	size_t u = 0;

	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (u == 0 || v[u - 1] != v[i])
			v[u++] = v[i];
	return u;
}

/* Every pair at J >= 0.8 shares a prefix element: 20,000 pairs, a set and a copy with a few
 * elements dropped and added, from a universe small enough for collisions. */
static void test_prefix_lemma(void **state)
{
	uint64_t a[64], b[64], pa[64], pb[64];
	uint32_t seed = 12345;
	int matching = 0;

	(void)state;
	for (int t = 0; t < 20000; t++) {
		size_t na = 0, nb = 0, ka, kb;
		int64_t inter, uni;
		bool shared = false;
		int size;

		seed = seed * 1103515245u + 12345u;
		size = 1 + (int)(seed >> 16) % 40;
		for (int i = 0; i < size; i++) {
			seed = seed * 1103515245u + 12345u;
			a[na++] = (seed >> 8) % 200;
		}
		na = sort_unique(a, na);
		for (size_t i = 0; i < na; i++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 12 != 0)
				b[nb++] = a[i];
			if ((seed >> 20) % 14 == 0)
				b[nb++] = 200 + (seed >> 4) % 50;
		}
		nb = sort_unique(b, nb);
		dup_overlap(a, na, b, nb, &inter, &uni);
		if (uni == 0 || 5 * inter < 4 * uni)
			continue;
		matching++;
		ka = dup_prefix(a, na, pa);
		kb = dup_prefix(b, nb, pb);
		for (size_t i = 0; i < ka && !shared; i++)
			for (size_t j = 0; j < kb && !shared; j++)
				shared = pa[i] == pb[j];
		assert_true(shared);
	}
	assert_true(matching > 2000);
}

static void test_pack(void **state)
{
	uint64_t g[3] = {1, (uint64_t)0x6c11 << 32 | 0x533a, (uint64_t)0x110041 << 32 | 0x10ffff};
	uint64_t back[3];
	unsigned char blob[24];

	(void)state;
	dup_pack(g, 3, blob);
	assert_int_equal(blob[0], 1);
	assert_int_equal(blob[8], 0x3a);
	assert_int_equal(blob[12], 0x11);
	assert_int_equal(dup_unpack(blob, 24, back), 3);
	assert_memory_equal(g, back, sizeof(g));
}

/* ---- on a database --------------------------------------------------------------------- */

struct fixture {
	char dir[256];
	char path[320];
	struct store *s;
	struct arena a;
	int64_t ent[2];
	int intakes;
};

static int teardown(void **state)
{
	struct fixture *f = *state;
	const char *suffix[] = {"", "-wal", "-shm"};
	char p[400];

	store_close(f->s);
	arena_release(&f->a);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	const char *codes[2] = {"91350100M000100Y43", "91440300192317458F"};
	struct fixture *f = calloc(1, sizeof(*f));
	int from, to;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/guanlan-dupidx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/guanlan.db", f->dir);
	arena_init(&f->a);
	*state = f;
	if (store_open(f->path, &f->s) != GL_OK || store_migrate(f->s, &from, &to) != GL_OK) {
		teardown(state);
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		struct enterprise e;
		struct verrors errs;

		memset(&e, 0, sizeof(e));
		verr_init(&errs);
		e.name = i ? "乙公司" : "甲公司";
		e.credit_code = codes[i];
		if (store_enterprise_create(f->s, &e, &f->a, &errs) != GL_OK) {
			teardown(state);
			return -1;
		}
		f->ent[i] = e.id;
	}
	return 0;
}

/* An online intake of text by enterprise ent (0 or 1) on s, into *x. */
static void intake(struct fixture *f, struct store *s, int ent, const char *category,
		   const char *text, struct appeal *x)
{
	struct verrors errs;

	memset(x, 0, sizeof(*x));
	verr_init(&errs);
	x->enterprise_id = f->ent[ent];
	x->category = category;
	x->channel = CHANNEL_ONLINE;
	x->text = arena_strdup(&f->a, text);
	x->complexity = -1;
	assert_int_equal(store_appeal_create(s, x, NULL, &f->a, &errs), GL_OK);
}

static int64_t create(struct fixture *f, int ent, const char *category, const char *text)
{
	struct appeal x;

	intake(f, f->s, ent, category, text, &x);
	return x.id;
}

/* An intake of text by the second enterprise, each in another category so that they do not
 * flag each other as same_enterprise_category: its flags as "id:reason:similarity ...". */
static const char *flags(struct fixture *f, const char *text)
{
	static const char *const cats[] = {"other", "finance", "talent", "approval", "factors"};
	struct appeal x;
	struct dup_flag *v;
	size_t n;
	char *out = arena_alloc(&f->a, 2048), *p = out;

	assert_true(f->intakes < 5);
	intake(f, f->s, 1, cats[f->intakes++], text, &x);
	assert_int_equal(store_appeal_duplicates(f->s, &x, 0, &f->a, &v, &n), GL_OK);
	*p = 0;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%lld:%s:%d", i ? " " : "", (long long)v[i].ref.id,
			     dup_reason_names[v[i].reason], v[i].similarity);
	return out;
}

/* sql with its %s replaced by word, in the fixture's arena. */
static const char *strrep(struct fixture *f, const char *sql, const char *word)
{
	char *out = arena_alloc(&f->a, strlen(sql) + strlen(word) + 1);

	sprintf(out, sql, word);
	return out;
}

static void raw_exec(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The near-identical appeal is the oldest of 3,001 open ones (the old scan read the 2,000
 * most recent); 3,000 newer ones in other words, 30 of them sharing some of its wording.
 * Then the documented cap: once more than DUP_TEXT_CANDIDATES_MAX newer candidates (texts
 * sharing its prefix bigrams) stand before it, it is no longer found. */
static void test_oldest_found_through_index(void **state)
{
	struct fixture *f = *state;
	char text[200], want[128];
	int64_t old;

	assert_int_equal(store_begin(f->s), GL_OK);
	old = create(f, 0, "park", T1);
	for (int i = 0; i < 3000; i++) {
		if (i % 100 == 0)
			snprintf(text, sizeof(text), "园区西门路灯损坏，夜间无法通行，请尽快更换第%d号。", i);
		else
			snprintf(text, sizeof(text), "第%d批次原材料进口报关延误，须协调海关加快查验。", i);
		create(f, 0, "policy", text);
	}
	assert_int_equal(store_commit(f->s), GL_OK);

	snprintf(want, sizeof(want), "%lld:similar_text:100", (long long)old);
	assert_string_equal(flags(f, T1_AGAIN), want);
	/* A filler is found the same way, among the newest; the fillers differ only in their
	 * number, so it comes first of DUP_MAX_FLAGS near-identical ones. */
	snprintf(want, sizeof(want), "%lld:similar_text:100 ", (long long)old + 2999);
	const char *got = flags(f, "第2998批次原材料进口报关延误须协调海关加快查验");
	assert_memory_equal(got, want, strlen(want));
	assert_string_equal(flags(f, "请尽快组织维修"), "");

	/* Newer texts of T1's size sharing its first half, and a bigram of its prefix, but not
	 * near-identical to it: candidates, each checked and rejected. */
	assert_true(shares_prefix(T1, FILLER_OF_T1));
	assert_int_equal(store_begin(f->s), GL_OK);
	for (int i = 0; i < DUP_TEXT_CANDIDATES_MAX; i++) {
		snprintf(text, sizeof(text), FILLER_OF_T1, i);
		create(f, 0, "policy", text);
	}
	assert_int_equal(store_commit(f->s), GL_OK);
	assert_string_equal(flags(f, T1_AGAIN), "");
}

/* Declined and merged appeals leave the index's open rows (trigger appeal_gram_open). */
static void test_closed_not_flagged(void **state)
{
	struct fixture *f = *state;
	struct appeal_act act;
	struct appeal_actor who = {0, "test"};
	struct verrors errs;
	const char *why;
	char want[128];
	int64_t a1 = create(f, 0, "park", T1), a2;

	snprintf(want, sizeof(want), "%lld:similar_text:100", (long long)a1);
	assert_string_equal(flags(f, T1_AGAIN), want);
	/* Decline a1: the next intake (a2) does not see it, nor a2 the one before. */
	memset(&act, 0, sizeof(act));
	verr_init(&errs);
	act.appeal_id = a1;
	act.action = APPEAL_DECLINE;
	act.note = "不属于受理范围";
	act.complexity = act.rating = -1;
	act.who = who;
	assert_int_equal(store_appeal_act(f->s, &act, &f->a, &errs), GL_OK);
	a2 = create(f, 0, "policy", "园区东门道路破损严重大货车无法通行请尽快组织维修");
	/* The flags() intake of the first check (id a1 + 1) is still open: only it and a2. */
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100", (long long)a2,
		 (long long)a1 + 1);
	assert_string_equal(flags(f, T1), want);
	/* Merge a2 into the last intake (a2 + 1): a2 closes and drops out too. */
	assert_int_equal(store_appeal_merge(f->s, a2, a2 + 1, 0, &who, &f->a, &errs, &why), GL_OK);
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100",
		 (long long)a2 + 1, (long long)a1 + 1);
	assert_string_equal(flags(f, T1), want);
}

/* An upgraded database: the rows of appeals from before migration 018 come from the
 * backfill, open or not as the appeal is. */
static void test_backfill(void **state)
{
	struct fixture *f = *state;
	int64_t a1 = create(f, 0, "park", T1);
	char want[128];

	create(f, 0, "park", "厂区污水管网尚未接通，影响投产。");
	snprintf(want, sizeof(want), "%lld:similar_text:100", (long long)a1);
	assert_string_equal(flags(f, T1_AGAIN), want);          /* appeal 3 */
	/* Sets rewritten behind the process's back say so with a NULL row in the log (sql/026):
	 * the copy is read again, and finds nothing. */
	raw_exec(f, "DELETE FROM appeal_bigrams; UPDATE appeal SET state = 'closed' WHERE id = 3;"
		 " INSERT INTO appeal_open_log (appeal_id, open) VALUES (NULL, NULL)");
	assert_string_equal(flags(f, T1_AGAIN), "");            /* appeal 4 */
	raw_exec(f, "DELETE FROM appeal_bigrams WHERE appeal_id = 4;"
		 " UPDATE appeal SET state = 'closed' WHERE id = 4");
	assert_int_equal(store_begin(f->s), GL_OK);
	assert_int_equal(store_dup_backfill(f->s), GL_OK);
	assert_int_equal(store_commit(f->s), GL_OK);
	raw_exec(f, "INSERT INTO appeal_open_log (appeal_id, open) VALUES (NULL, NULL)");
	snprintf(want, sizeof(want), "%lld:similar_text:100", (long long)a1);
	assert_string_equal(flags(f, T1), want);
}

/* The process's index follows what another connection writes: closed appeals leave the
 * candidates, reopened ones come back, and a log with a gap in it (rows pruned past the
 * copy) makes it read every open appeal again instead of missing what the gap hid.  Seen
 * through the cap: DUP_TEXT_CANDIDATES_MAX newer candidates crowd the near-identical appeal
 * out only while they are open. */
static void test_other_connections(void **state)
{
	struct fixture *f = *state;
	char text[200], want[256], sql[256];
	int64_t old = create(f, 0, "park", T1), first = 0, again;

	assert_int_equal(store_begin(f->s), GL_OK);
	for (int i = 0; i < DUP_TEXT_CANDIDATES_MAX; i++) {
		snprintf(text, sizeof(text), FILLER_OF_T1, i);
		first = create(f, 0, "policy", text) - i;
	}
	assert_int_equal(store_commit(f->s), GL_OK);
	snprintf(sql, sizeof(sql), "UPDATE appeal SET state = '%%s' WHERE id BETWEEN %lld AND %lld",
		 (long long)first, (long long)first + DUP_TEXT_CANDIDATES_MAX - 1);
	again = first + DUP_TEXT_CANDIDATES_MAX;

	assert_string_equal(flags(f, T1_AGAIN), "");            /* again: crowded out */
	raw_exec(f, strrep(f, sql, "closed"));
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100",
		 (long long)again, (long long)old);
	assert_string_equal(flags(f, T1_AGAIN), want);          /* again + 1 */

	raw_exec(f, strrep(f, sql, "in_progress"));
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100",
		 (long long)again + 1, (long long)again);
	assert_string_equal(flags(f, T1_AGAIN), want);          /* again + 2: old crowded out */

	/* Close them again and lose all but the last of the log's rows for it. */
	raw_exec(f, strrep(f, sql, "closed"));
	raw_exec(f, "DELETE FROM appeal_open_log WHERE seq < (SELECT max(seq) FROM appeal_open_log)"
		 " AND seq > (SELECT max(seq) FROM appeal_open_log) - 50");
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100 "
		 "%lld:similar_text:100 %lld:similar_text:100", (long long)again + 2,
		 (long long)again + 1, (long long)again, (long long)old);
	assert_string_equal(flags(f, T1_AGAIN), want);
}

/* A connection whose snapshot is older than the shared copy (another connection has brought
 * the copy up to appeals taken in since) looks only at what its snapshot holds: appeals it
 * cannot see do not take the candidates' places.  Found at 512 connections, where the copy
 * was often a batch or two ahead of the answering worker's snapshot. */
static void test_copy_ahead_of_snapshot(void **state)
{
	struct fixture *f = *state;
	struct store *other;
	struct appeal x, y;
	struct dup_flag *v;
	char text[200];
	size_t n;
	int64_t old = create(f, 0, "park", T1);

	intake(f, f->s, 1, "other", T1_AGAIN, &x);

	/* This connection's snapshot: the old appeal and the intake. */
	assert_int_equal(store_read_begin(f->s), GL_OK);
	assert_int_equal(store_appeal_duplicates(f->s, &x, 0, &f->a, &v, &n), GL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].ref.id, old);

	/* Another connection takes in more candidates than the cap and checks, which brings
	 * the shared copy up to them. */
	assert_int_equal(store_open(f->path, &other), GL_OK);
	assert_int_equal(store_begin(other), GL_OK);
	for (int i = 0; i < DUP_TEXT_CANDIDATES_MAX + 10; i++) {
		snprintf(text, sizeof(text), FILLER_OF_T1, i);
		intake(f, other, 0, "policy", text, &y);
	}
	assert_int_equal(store_commit(other), GL_OK);
	assert_int_equal(store_appeal_duplicates(other, &x, 0, &f->a, &v, &n), GL_OK);
	assert_int_equal(n, 0);                                 /* crowded out, there */

	/* Here, on the older snapshot, the old appeal is still the one near-identical. */
	assert_int_equal(store_appeal_duplicates(f->s, &x, 0, &f->a, &v, &n), GL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].ref.id, old);
	store_read_end(f->s);
	store_close(other);
}

/* When the closed appeals outnumber the open ones the index is built again from the open
 * ones (dupcopy.c, compact); an appeal reopened after that is read back from the database
 * and takes its place among the newer ones by id. */
static void test_compaction(void **state)
{
	struct fixture *f = *state;
	enum { FILLERS = 1100 };
	char text[200], want[256], sql[256];
	int64_t old = create(f, 0, "park", T1), again = old + FILLERS + 1;

	assert_int_equal(store_begin(f->s), GL_OK);
	for (int i = 0; i < FILLERS; i++) {
		snprintf(text, sizeof(text), FILLER_OF_T1, i);
		create(f, 0, "policy", text);
	}
	assert_int_equal(store_commit(f->s), GL_OK);
	assert_string_equal(flags(f, T1_AGAIN), "");            /* again */
	snprintf(sql, sizeof(sql), "UPDATE appeal SET state = 'closed' WHERE id BETWEEN %lld AND %lld",
		 (long long)old + 1, (long long)old + FILLERS);
	raw_exec(f, sql);
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100",
		 (long long)again, (long long)old);
	assert_string_equal(flags(f, T1_AGAIN), want);          /* again + 1 */
	/* The oldest fillers open again: older than again, newer than old. */
	snprintf(sql, sizeof(sql), "UPDATE appeal SET state = 'accepted' WHERE id BETWEEN %lld AND %lld",
		 (long long)old + 1, (long long)old + DUP_TEXT_CANDIDATES_MAX);
	raw_exec(f, sql);
	snprintf(want, sizeof(want), "%lld:similar_text:100 %lld:similar_text:100",
		 (long long)again + 1, (long long)again);
	assert_string_equal(flags(f, T1_AGAIN), want);          /* again + 2 */
}

/* Each reason has its own DUP_MAX_FLAGS places: a dozen open appeals of the intake's own
 * enterprise and category do not push the near-identical text of another enterprise out. */
static void test_reasons_do_not_crowd_each_other(void **state)
{
	struct fixture *f = *state;
	char text[200], want[128];
	int64_t a1 = create(f, 0, "park", T1);
	const char *got;
	int same = 0;

	assert_int_equal(store_begin(f->s), GL_OK);
	for (int i = 0; i < DUP_MAX_FLAGS + 2; i++) {
		snprintf(text, sizeof(text), "第%d批次原材料进口报关延误，须协调海关加快查验。", i);
		create(f, 1, "other", text);      /* the category of flags()'s first intake */
	}
	/* Their similarity comes from the index, or for a text too short to be in it (4
	 * characters, 3 of T1's 23 bigrams) from its stored set. */
	int64_t same_text = create(f, 1, "other", T1), short_text = create(f, 1, "other", "道路破损");
	assert_int_equal(store_commit(f->s), GL_OK);
	got = flags(f, T1_AGAIN);
	for (const char *p = got; (p = strstr(p, ":same_enterprise_category:")); p++)
		same++;
	assert_int_equal(same, DUP_MAX_FLAGS);
	snprintf(want, sizeof(want), "%lld:same_enterprise_category:100 %lld:same_enterprise_category:13 ",
		 (long long)same_text, (long long)short_text);
	assert_memory_equal(got, want, strlen(want));
	snprintf(want, sizeof(want), " %lld:similar_text:100", (long long)a1);
	assert_non_null(strstr(got, want));
}

/* A check inside a write transaction reads that transaction (its own appeals included), and
 * what it read is gone with the rollback: the process's index never holds an appeal that was
 * not committed. */
static void test_inside_write(void **state)
{
	struct fixture *f = *state;
	struct appeal x;
	struct dup_flag *v;
	size_t n;
	int64_t a1 = create(f, 0, "park", T1);

	assert_string_equal(flags(f, T2), "");                 /* the shared copy is built */
	assert_int_equal(store_begin(f->s), GL_OK);
	int64_t a3 = create(f, 0, "factors", T2_AGAIN);
	intake(f, f->s, 1, "talent", T2, &x);
	assert_int_equal(store_appeal_duplicates(f->s, &x, 0, &f->a, &v, &n), GL_OK);
	assert_int_equal(n, 2);
	assert_true(v[0].ref.id == a3 || v[1].ref.id == a3);
	store_rollback(f->s);

	char want[64];
	snprintf(want, sizeof(want), "%lld:similar_text:100", (long long)a1);
	/* a3 and x were rolled back: their ids are taken again by this intake. */
	assert_string_equal(flags(f, T1_AGAIN), want);
}

/* Several connections of one process take appeals in and check them at once, as the
 * server's workers do: each finds the near-identical appeal it has just written (a text of
 * its own, so that the others' appeals, however many, are no candidates), whoever brought
 * the shared index up to date.  Failures are counted in the threads (cmocka's
 * assertions belong to the main thread) and asserted after the join. */
enum { THREADS = 4, ROUNDS = 30 };

struct worker {
	const struct fixture *f;
	int t, found, failed;
};

static int64_t worker_create(struct store *s, struct arena *a, int64_t ent, const char *cat,
			     const char *text, struct appeal *x)
{
	struct verrors errs;

	memset(x, 0, sizeof(*x));
	verr_init(&errs);
	x->enterprise_id = ent;
	x->category = cat;
	x->channel = CHANNEL_ONLINE;
	x->text = text;
	x->complexity = -1;
	return store_appeal_create(s, x, NULL, a, &errs) == GL_OK ? x->id : 0;
}

/* Twenty CJK characters drawn from 2,000 by seed, with sep after the tenth: texts of other
 * seeds share hardly a bigram with it, so the other threads' appeals are no candidates
 * however many they write in between. */
static void random_text(char *out, unsigned seed, const char *sep)
{
	uint64_t r = seed * 2654435761u + 1;
	char *p = out;

	for (int k = 0; k < 20; k++) {
		unsigned cp;

		r = r * 6364136223846793005ull + 1442695040888963407ull;
		cp = 0x4E00 + (unsigned)(r >> 33) % 2000;
		*p++ = (char)(0xE0 | cp >> 12);
		*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (char)(0x80 | (cp & 0x3F));
		if (k == 9)
			p += sprintf(p, "%s", sep);
	}
	*p = '\0';
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	struct store *s;
	struct arena a;

	if (store_open(w->f->path, &s) != GL_OK) {
		w->failed++;
		return NULL;
	}
	arena_init(&a);
	for (int i = 0; i < ROUNDS; i++) {
		char ta[256], tb[256];
		struct appeal x;
		struct dup_flag *v;
		size_t n;
		int64_t first;
		bool hit = false;

		random_text(ta, w->t * ROUNDS + i, "，");
		random_text(tb, w->t * ROUNDS + i, " ");
		first = worker_create(s, &a, w->f->ent[0], "park", ta, &x);
		if (!first || !worker_create(s, &a, w->f->ent[1], "other", tb, &x) ||
		    store_appeal_duplicates(s, &x, 0, &a, &v, &n) != GL_OK) {
			w->failed++;
			continue;
		}
		for (size_t k = 0; k < n; k++)
			hit |= v[k].ref.id == first && v[k].reason == DUP_SIMILAR_TEXT &&
			       v[k].similarity == 100;
		w->found += hit;
		arena_release(&a);
		arena_init(&a);
	}
	arena_release(&a);
	store_close(s);
	return NULL;
}

static void test_threads(void **state)
{
	struct fixture *f = *state;
	struct worker w[THREADS];
	pthread_t th[THREADS];

	assert_string_equal(flags(f, T1), "");                  /* the shared copy is built */
	for (int t = 0; t < THREADS; t++) {
		w[t] = (struct worker){f, t, 0, 0};
		assert_int_equal(pthread_create(&th[t], NULL, worker_run, &w[t]), 0);
	}
	for (int t = 0; t < THREADS; t++) {
		assert_int_equal(pthread_join(th[t], NULL), 0);
		assert_int_equal(w[t].failed, 0);
		assert_int_equal(w[t].found, ROUNDS);
	}
}

/* Dates and common wording do not crowd a near-identical appeal out: sixty newer appeals of
 * the same day (their bigrams 20, 02, 26, 6年, 年3 ... and 反映 shared with it) are not
 * candidates, because a prefix is made of the rarest bigrams (窨井, 跌落 ...). */
static void test_dates_do_not_crowd_out(void **state)
{
	struct fixture *f = *state;
	char text[200], want[64];
	int64_t old;
	uint64_t g[128], order[128];
	size_t nchars, n, k;

	old = create(f, 0, "park", "2026年3月12日反映：园区东门窨井盖缺失，夜间行人易跌落，请尽快补装。");
	assert_int_equal(store_begin(f->s), GL_OK);
	for (int i = 0; i < 60; i++) {
		snprintf(text, sizeof(text), "2026年3月12日反映：第%d批次原材料进口报关延误，须协调海关加快查验。", i);
		create(f, 0, "policy", text);
	}
	assert_int_equal(store_commit(f->s), GL_OK);
	snprintf(want, sizeof(want), "%lld:similar_text:", (long long)old);
	const char *got = flags(f, "2026年3月13日反映：园区东门窨井盖缺失，夜间行人易跌落，请尽快补装。");
	assert_memory_equal(got, want, strlen(want));

	/* No bigram with a digit is in that prefix. */
	n = dup_grams("2026年3月12日反映：园区东门窨井盖缺失，夜间行人易跌落，请尽快补装。", g, 128,
		      &nchars);
	k = dup_prefix(g, n, order);
	assert_true(k >= 2);
	for (size_t i = 0; i < k; i++) {
		uint32_t a = (uint32_t)(order[i] >> 32), b = (uint32_t)order[i];

		assert_false((a >= '0' && a <= '9') || (b >= '0' && b <= '9'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_len),
		cmocka_unit_test(test_prefix_lemma),
		cmocka_unit_test(test_pack),
		cmocka_unit_test_setup_teardown(test_oldest_found_through_index, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_not_flagged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_ahead_of_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inside_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons_do_not_crowd_each_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_do_not_crowd_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backfill, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
