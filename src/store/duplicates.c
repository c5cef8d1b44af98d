/* duplicates.c - duplicate appeals in SQLite: the flags at intake, merges, links and the
 * systemic issues (appeal_issue) that gather one problem raised by several enterprises. */
#include "dupcopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/date.h"

#define REF_COLS "ap.id, ap.enterprise_id, ap.code, ap.state, e.name, ap.category," \
	" ap.submitted_at"
#define REF_FROM " FROM appeal ap JOIN enterprise e ON e.id = ap.enterprise_id"
#define DUP_OPEN " (ap.state NOT IN ('declined', 'closed') AND ap.merged_into IS NULL)"

enum {
	DU_SAME,
	DU_REF,
	DU_STATE,
	DU_MERGE,
	DU_EVENT,
	DU_MERGED_FROM,
	DU_LINKS,
	DU_ISSUE_OF,
	DU_LINK_ADD,
	DU_LINK_DEL,
	DU_ISSUE_INSERT,
	DU_ISSUE_SET,
	DU_ISSUE_GET,
	DU_ISSUE_LIST,
	DU_ISSUE_COUNT,
	DU_ISSUE_ITEMS,
	DU_SUP_CLOSE,
	DU_GRAMS,
	DU_PUT_GRAMS,
	DU_UNINDEXED,
	DU__MAX
};
_Static_assert((int)DU__MAX <= (int)DUPCOPY_FIRST_SLOT,
	       "duplicates.c's statements run into dupcopy.c's slots");

#define ISSUE_COLS "i.id, i.title, i.created_at, count(ap.id)," \
	" coalesce(sum(ap.state NOT IN ('declined', 'closed')), 0)," \
	" coalesce(sum(ap.state IN ('declined', 'closed')), 0), count(DISTINCT ap.enterprise_id)" \
	" FROM appeal_issue i LEFT JOIN appeal ap ON ap.issue_id = i.id"

static const char *const du_sql[DU__MAX] = {
	[DU_SAME] = "SELECT " REF_COLS REF_FROM " WHERE ap.enterprise_id = ?1 AND ap.category = ?2"
		" AND ap.id <> ?3 AND ap.submitted_at >= ?4 AND" DUP_OPEN
		" ORDER BY ap.submitted_at DESC, ap.id DESC LIMIT ?5",
	[DU_REF] = "SELECT " REF_COLS REF_FROM " WHERE ap.id = ?1",
	[DU_STATE] = "SELECT ap.state, ap.merged_into, ap.version, ap.lead_unit_id FROM appeal ap"
		" WHERE ap.id = ?1",
	[DU_MERGE] = "UPDATE appeal SET state = 'closed', closed_at = ?3, merged_into = ?4,"
		" supervised = 0, version = version + 1, updated_at = ?3"
		" WHERE id = ?1 AND (?2 = 0 OR version = ?2)",
	[DU_EVENT] = "INSERT INTO appeal_event (appeal_id, at, kind, from_state, to_state,"
		" user_id, username, unit_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[DU_MERGED_FROM] = "SELECT " REF_COLS REF_FROM " WHERE ap.merged_into = ?1 ORDER BY ap.id",
	[DU_LINKS] = "SELECT " REF_COLS REF_FROM " JOIN appeal_link l ON (l.appeal_id = ?1"
		" AND l.other_id = ap.id) OR (l.other_id = ?1 AND l.appeal_id = ap.id) ORDER BY ap.id",
	[DU_ISSUE_OF] = "SELECT ap.merged_into, i.id, i.title FROM appeal ap"
		" LEFT JOIN appeal_issue i ON i.id = ap.issue_id WHERE ap.id = ?1",
	[DU_LINK_ADD] = "INSERT OR IGNORE INTO appeal_link (appeal_id, other_id)"
		" VALUES (min(?1, ?2), max(?1, ?2))",
	[DU_LINK_DEL] = "DELETE FROM appeal_link WHERE appeal_id = min(?1, ?2)"
		" AND other_id = max(?1, ?2)",
	[DU_ISSUE_INSERT] = "INSERT INTO appeal_issue (title, created_at) VALUES (?1, ?2)",
	[DU_ISSUE_SET] = "UPDATE appeal SET issue_id = ?2 WHERE id = ?1",
	[DU_ISSUE_GET] = "SELECT " ISSUE_COLS " WHERE i.id = ?1 GROUP BY i.id",
	[DU_ISSUE_LIST] = "SELECT " ISSUE_COLS " GROUP BY i.id ORDER BY i.id DESC"
		" LIMIT ?1 OFFSET ?2",
	[DU_ISSUE_COUNT] = "SELECT count(*) FROM appeal_issue",
	[DU_ISSUE_ITEMS] = "SELECT " REF_COLS REF_FROM " WHERE ap.issue_id = ?1 ORDER BY ap.id",
	[DU_SUP_CLOSE] = "UPDATE supervision SET closed_at = ?2 WHERE appeal_id = ?1"
		" AND closed_at IS NULL",
	[DU_GRAMS] = "SELECT nchars, grams FROM appeal_bigrams WHERE appeal_id = ?1",
	[DU_PUT_GRAMS] = "INSERT OR REPLACE INTO appeal_bigrams (appeal_id, nchars, grams)"
		" VALUES (?1, ?2, ?3)",
	[DU_UNINDEXED] = "SELECT ap.id, ap.text FROM appeal ap"
		" WHERE NOT EXISTS (SELECT 1 FROM appeal_bigrams b WHERE b.appeal_id = ap.id)"
		" ORDER BY ap.id",
};

static sqlite3_stmt *du(struct store *s, int i)
{
	return mod_stmt(s, MOD_DUPLICATE, i, du_sql);
}

static void read_ref(sqlite3_stmt *st, struct arena *a, struct appeal_ref *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->enterprise_id = sqlite3_column_int64(st, 1);
	r->code = col_text(st, 2, a);
	r->state = col_text(st, 3, a);
	r->enterprise_name = col_text(st, 4, a);
	r->category = col_text(st, 5, a);
	r->submitted_at = col_text(st, 6, a);
}

/* Step st (bound) into a growing array of refs. */
static enum gl_err read_refs(struct store *s, sqlite3_stmt *st, struct arena *a,
			     struct appeal_ref **out, size_t *n)
{
	size_t cap = 8;
	int r;

	*n = 0;
	*out = arena_alloc(a, cap * sizeof(**out));
	if (!*out)
		return GL_ENOMEM;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct appeal_ref *more = arena_alloc(a, 2 * cap * sizeof(*more));

			if (!more) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			memcpy(more, *out, cap * sizeof(*more));
			*out = more;
			cap *= 2;
		}
		read_ref(st, a, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return r == SQLITE_DONE ? GL_OK : store_fail(s, "appeal refs");
}

/* ---- flags at intake ----------------------------------------------------------------- */

static struct dup_flag *find_flag(struct dup_flag *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].ref.id == id)
			return &v[i];
	return NULL;
}

static int flag_cmp(const void *pa, const void *pb)
{
	const struct dup_flag *x = pa, *y = pb;

	if (x->reason != y->reason)
		return x->reason == DUP_SAME_ENTERPRISE_CATEGORY ? -1 : 1;
	if (x->similarity != y->similarity)
		return y->similarity - x->similarity;
	return (y->ref.id > x->ref.id) - (y->ref.id < x->ref.id);
}

/* The day window days before the ISO instant or day at, as YYYY-MM-DD (a prefix of every
 * instant on or after that day) and as *days since 1970-01-01. */
static const char *days_before(const char *at, int window, char *buf, int64_t *days)
{
	struct ymd d;
	char day[11];

	snprintf(day, sizeof(day), "%.10s", at ? at : "");
	if (date_parse_iso(day, &d) != 0)
		return NULL;
	*days = date_to_days(d) - window;
	return date_format_iso(date_from_days(*days), buf, 11);
}

static enum gl_err get_ref(struct store *s, int64_t id, struct arena *a, struct appeal_ref *r);

/* An appeal's stored bigram set into *buf (grown as needed, *cap entries).  GL_ENOTFOUND when
 * the appeal has none. */
static enum gl_err load_grams(struct store *s, int64_t id, uint64_t **buf, size_t *cap,
			      size_t *n, size_t *nchars)
{
	sqlite3_stmt *st = du(s, DU_GRAMS);
	enum gl_err rc = GL_OK;
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		size_t bytes = (size_t)sqlite3_column_bytes(st, 1);
		const void *blob = sqlite3_column_blob(st, 1);

		*nchars = (size_t)sqlite3_column_int64(st, 0);
		if (bytes / 8 > *cap) {
			uint64_t *more = realloc(*buf, (bytes / 8) * sizeof(*more));

			if (!more) {
				sqlite3_reset(st);
				return GL_ENOMEM;
			}
			*buf = more;
			*cap = bytes / 8;
		}
		*n = blob ? dup_unpack(blob, bytes, *buf) : 0;
	} else {
		rc = r == SQLITE_DONE ? GL_ENOTFOUND : store_fail(s, "appeal bigrams");
	}
	sqlite3_reset(st);
	return rc;
}

static enum gl_err duplicates(struct store *s, const struct appeal *x, int64_t only_enterprise,
			      struct arena *a, struct dup_flag **out, size_t *n)
{
	struct appeal_settings set;
	struct dup_flag *v;
	/* Up to cap flags of each reason are looked at, of which DUP_MAX_FLAGS are shown. */
	size_t cap = 64, len = strlen(x->text ? x->text : "");
	uint64_t *mine = arena_alloc(a, (len + 1) * sizeof(*mine)), *theirs = NULL;
	size_t nmine, cmine, tcap = 0, nmatch = 0;
	struct dupcopy_match *match, *known;
	struct dupcopy_query q;
	int64_t since_day;
	char since[11];
	sqlite3_stmt *st;
	int r;
	enum gl_err rc;

	*n = 0;
	*out = v = arena_alloc(a, 2 * cap * sizeof(*v));
	if (!v || !mine)
		return GL_ENOMEM;
	if ((rc = store_appeal_settings_get(s, &set)) != GL_OK)
		return rc;
	nmine = dup_grams(x->text, mine, len + 1, &cmine);

	/* same_enterprise_category */
	if (!days_before(x->submitted_at, set.duplicate_window_days, since, &since_day))
		return GL_OK;
	if (!(st = du(s, DU_SAME)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, x->enterprise_id);
	bind_text(st, 2, x->category);
	sqlite3_bind_int64(st, 3, x->id);
	bind_text(st, 4, since);
	sqlite3_bind_int(st, 5, cap);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
		struct dup_flag *f = &v[(*n)++];

		memset(f, 0, sizeof(*f));
		read_ref(st, a, &f->ref);
		f->reason = DUP_SAME_ENTERPRISE_CATEGORY;
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE && r != SQLITE_ROW)
		return store_fail(s, "duplicates by enterprise");

	/* similar_text */
	if (!days_before(x->submitted_at, DUP_TEXT_WINDOW_DAYS, since, &since_day))
		return GL_OK;
	/* The candidates, and the similarity of the same enterprise's flags within the text
	 * window, from the process's in-memory index of the open appeals. */
	match = arena_alloc(a, cap * sizeof(*match));
	known = arena_alloc(a, (*n ? *n : 1) * sizeof(*known));
	if (!match || !known) {
		rc = GL_ENOMEM;
		goto out;
	}
	q = (struct dupcopy_query){mine, nmine, cmine, x->id, since_day, known, 0};
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i].ref.submitted_at ? v[i].ref.submitted_at : "", since) >= 0)
			known[q.nknown++].id = v[i].ref.id;
	if ((rc = dupcopy_similar(s, &q, match, cap, &nmatch)) != GL_OK)
		goto out;
	for (size_t i = 0, j = 0; i < *n && j < q.nknown; i++) {
		size_t ntheirs = 0, ctheirs = 0;
		int64_t inter = known[j].inter, uni = known[j].uni;

		if (v[i].ref.id != known[j].id)
			continue;
		j++;
		/* Not in the index (a text too short to index): its stored set. */
		if (inter < 0) {
			rc = load_grams(s, v[i].ref.id, &theirs, &tcap, &ntheirs, &ctheirs);
			if (rc == GL_ENOTFOUND)
				continue;
			if (rc != GL_OK)
				goto out;
			dup_overlap(mine, nmine, theirs, ntheirs, &inter, &uni);
		}
		v[i].similarity = dup_percent(inter, uni);
	}
	for (size_t i = 0; i < nmatch; i++) {   /* nmatch <= cap: v has room */
		struct dup_flag *f = &v[*n];

		if (find_flag(v, *n, match[i].id))
			continue;
		memset(f, 0, sizeof(*f));
		/* The index may be ahead of this snapshot: an appeal taken in or closed since is
		 * not named. */
		rc = get_ref(s, match[i].id, a, &f->ref);
		if (rc == GL_ENOTFOUND || (rc == GL_OK && (strcmp(f->ref.state, "closed") == 0 ||
							   strcmp(f->ref.state, "declined") == 0)))
			continue;
		if (rc != GL_OK)
			goto out;
		(*n)++;
		f->reason = DUP_SIMILAR_TEXT;
		f->similarity = dup_percent(match[i].inter, match[i].uni);
	}
	rc = GL_OK;

	if (only_enterprise) {
		size_t k = 0;

		for (size_t i = 0; i < *n; i++)
			if (v[i].ref.enterprise_id == only_enterprise)
				v[k++] = v[i];
		*n = k;
	}
	qsort(v, *n, sizeof(*v), flag_cmp);
	/* At most DUP_MAX_FLAGS of each reason: an enterprise with a dozen open appeals in one
	 * category must not hide the near-identical text another enterprise sent. */
	{
		size_t k = 0, shown[DUP_REASON__MAX] = {0};

		for (size_t i = 0; i < *n; i++)
			if (shown[v[i].reason]++ < DUP_MAX_FLAGS)
				v[k++] = v[i];
		*n = k;
	}
out:
	free(theirs);
	return rc;
}

enum gl_err store_appeal_duplicates(struct store *s, const struct appeal *x,
				    int64_t only_enterprise, struct arena *a,
				    struct dup_flag **out, size_t *n)
{
	/* One snapshot: a hundred short reads would otherwise take and drop the WAL's file
	 * locks a hundred times (fcntl was a quarter of the server's CPU). */
	enum gl_err rc = store_read_begin(s);

	*n = 0;
	if (rc != GL_OK)
		return rc;
	rc = duplicates(s, x, only_enterprise, a, out, n);
	store_read_end(s);
	return rc;
}

/* ---- the bigram sets (sql/018), from which dupcopy.c builds its index ---------------- */

enum gl_err store_dup_index(struct store *s, int64_t id, const char *text)
{
	size_t len = strlen(text ? text : ""), n, nchars;
	/* One allocation: the set and the packed blob. */
	uint64_t *g = malloc(2 * (len + 1) * sizeof(*g));
	unsigned char *blob = (unsigned char *)(g + len + 1);
	sqlite3_stmt *st;
	enum gl_err rc = GL_OK;

	if (!g)
		return GL_ENOMEM;
	n = dup_grams(text, g, len + 1, &nchars);
	dup_pack(g, n, blob);
	if (!(st = du(s, DU_PUT_GRAMS))) {
		free(g);
		return GL_EDB;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (int64_t)nchars);
	sqlite3_bind_blob(st, 3, blob, (int)(8 * n), SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "store bigrams");
	sqlite3_reset(st);
	free(g);
	return rc;
}

enum gl_err store_dup_backfill(struct store *s)
{
	sqlite3_stmt *st = du(s, DU_UNINDEXED);
	enum gl_err rc = GL_OK;
	int r;

	if (!st)
		return GL_EDB;
	while (rc == GL_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = store_dup_index(s, sqlite3_column_int64(st, 0),
				     (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	if (rc == GL_OK && r != SQLITE_DONE)
		rc = store_fail(s, "bigram backfill");
	return rc;
}

/* ---- relations -------------------------------------------------------------------------- */

static enum gl_err get_ref(struct store *s, int64_t id, struct arena *a, struct appeal_ref *r)
{
	sqlite3_stmt *st = du(s, DU_REF);
	int rr;

	memset(r, 0, sizeof(*r));
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	rr = sqlite3_step(st);
	if (rr == SQLITE_ROW)
		read_ref(st, a, r);
	sqlite3_reset(st);
	if (rr == SQLITE_DONE)
		return GL_ENOTFOUND;
	return rr == SQLITE_ROW ? GL_OK : store_fail(s, "appeal ref");
}

enum gl_err store_appeal_relations(struct store *s, int64_t id, struct arena *a,
				   struct appeal_relations *out)
{
	sqlite3_stmt *st = du(s, DU_ISSUE_OF);
	int64_t merged_into = 0;
	int r;
	enum gl_err rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		merged_into = sqlite3_column_int64(st, 0);
		out->issue_id = sqlite3_column_int64(st, 1);
		out->issue_title = col_text(st, 2, a);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "appeal relations");
	if (merged_into && (rc = get_ref(s, merged_into, a, &out->merged_into)) != GL_OK)
		return rc;
	if (!(st = du(s, DU_MERGED_FROM)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = read_refs(s, st, a, &out->merged_from, &out->nmerged_from)) != GL_OK)
		return rc;
	if (!(st = du(s, DU_LINKS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return read_refs(s, st, a, &out->links, &out->nlinks);
}

/* ---- merge and link ------------------------------------------------------------------ */

static enum gl_err event(struct store *s, int64_t appeal_id, const char *at, const char *kind,
			 const char *from, const char *to, const struct appeal_actor *who,
			 int64_t unit_id, const char *note)
{
	sqlite3_stmt *st = du(s, DU_EVENT);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	bind_text(st, 2, at);
	bind_text(st, 3, kind);
	bind_text(st, 4, from);
	bind_text(st, 5, to);
	bind_id(st, 6, who ? who->user_id : 0);
	bind_text(st, 7, who && who->username ? who->username : "system");
	bind_id(st, 8, unit_id);
	bind_text(st, 9, note);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "appeal event");
	sqlite3_reset(st);
	return rc;
}

struct state_row {
	const char *state;
	int64_t merged_into, version, unit_id;
};

static enum gl_err get_state(struct store *s, int64_t id, struct arena *a, struct state_row *o)
{
	sqlite3_stmt *st = du(s, DU_STATE);
	int r;

	memset(o, 0, sizeof(*o));
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		o->state = col_text(st, 0, a);
		o->merged_into = sqlite3_column_int64(st, 1);
		o->version = sqlite3_column_int64(st, 2);
		o->unit_id = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	return r == SQLITE_ROW ? GL_OK : store_fail(s, "appeal state");
}

static bool finished(const char *state)
{
	return strcmp(state, "closed") == 0 || strcmp(state, "declined") == 0;
}

enum gl_err store_appeal_merge(struct store *s, int64_t id, int64_t into, int64_t version,
			       const struct appeal_actor *who, struct arena *a,
			       struct verrors *errs, const char **why)
{
	struct state_row dup, target;
	struct appeal_ref rdup, rinto;
	const char *now = store_now(a);
	sqlite3_stmt *st;
	enum gl_err rc;

	*why = NULL;
	if (id == into) {
		verr_add(errs, "into", "invalid", "an appeal cannot be merged into itself");
		return GL_EINVALID;
	}
	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if ((rc = get_state(s, id, a, &dup)) != GL_OK)
		goto out;
	rc = get_state(s, into, a, &target);
	if (rc == GL_ENOTFOUND) {
		verr_add(errs, "into", "unknown", "no appeal has id %lld", (long long)into);
		rc = GL_EINVALID;
	}
	if (rc != GL_OK)
		goto out;
	if (version && version != dup.version) {
		rc = GL_ECONFLICT;
		goto out;
	}
	/* A merge closes the duplicate for good; the one it goes into must still be alive, or
	 * the enterprise would be told to wait on an appeal nobody works on. */
	if (dup.merged_into || finished(dup.state))
		*why = arena_printf(a, "appeal %lld is already %s: only an open appeal can be"
				    " merged", (long long)id, dup.merged_into ? "merged" : dup.state);
	else if (target.merged_into)
		*why = arena_printf(a, "appeal %lld is itself merged into appeal %lld: merge into"
				    " that one", (long long)into, (long long)target.merged_into);
	else if (finished(target.state))
		*why = arena_printf(a, "appeal %lld is %s: merge into an open appeal",
				    (long long)into, target.state);
	if (*why) {
		rc = GL_ECONFLICT;
		goto out;
	}
	if ((rc = get_ref(s, id, a, &rdup)) != GL_OK || (rc = get_ref(s, into, a, &rinto)) != GL_OK)
		goto out;
	if (!(st = du(s, DU_MERGE))) {
		rc = GL_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	bind_text(st, 3, now);
	sqlite3_bind_int64(st, 4, into);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "merge appeal");
	else if (sqlite3_changes(s->db) == 0)
		rc = GL_ECONFLICT;
	sqlite3_reset(st);
	if (rc == GL_OK && (st = du(s, DU_SUP_CLOSE))) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, now);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "close supervision");
		sqlite3_reset(st);
	}
	if (rc == GL_OK)
		rc = event(s, id, now, "merge", dup.state, "closed", who, dup.unit_id,
			   arena_printf(a, "合并至 %s", rinto.code));
	if (rc == GL_OK)
		rc = event(s, into, now, "merge", target.state, target.state, who, target.unit_id,
			   arena_printf(a, "并入 %s", rdup.code));
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_str(&c, "state", dup.state, "closed");
		changes_int(&c, a, "merged_into", false, 0, true, into);
		rc = audit_write(s, "merge", "appeal", id, &c);
	}
out:
	return store_end(s, rc);
}

enum gl_err store_appeal_link(struct store *s, int64_t id, int64_t other, bool add,
			      const struct appeal_actor *who, struct arena *a)
{
	struct appeal_ref x, y;
	const char *now = store_now(a);
	sqlite3_stmt *st;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if ((rc = get_ref(s, id, a, &x)) != GL_OK || (rc = get_ref(s, other, a, &y)) != GL_OK)
		goto out;
	if (!(st = du(s, add ? DU_LINK_ADD : DU_LINK_DEL))) {
		rc = GL_EDB;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, other);
	int r = sqlite3_step(st), changed = sqlite3_changes(s->db);
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		rc = store_fail(s, "appeal link");
		goto out;
	}
	if (!changed) {
		rc = add ? GL_OK : GL_ENOTFOUND;
		goto out;
	}
	const char *verb = add ? "关联" : "取消关联";
	rc = event(s, id, now, "link", x.state, x.state, who, 0,
		   arena_printf(a, "%s %s", verb, y.code));
	if (rc == GL_OK)
		rc = event(s, other, now, "link", y.state, y.state, who, 0,
			   arena_printf(a, "%s %s", verb, x.code));
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_int(&c, a, add ? "linked" : "unlinked", false, 0, true, other);
		rc = audit_write(s, add ? "link" : "unlink", "appeal", id, &c);
	}
out:
	return store_end(s, rc);
}

/* ---- systemic issues ------------------------------------------------------------------ */

/* Put appeal_id in issue (errs names field when it cannot go there). */
static enum gl_err issue_put(struct store *s, int64_t issue, const char *title,
			     int64_t appeal_id, const char *field, const struct appeal_actor *who,
			     const char *now, struct arena *a, struct verrors *errs)
{
	struct appeal_relations rel;
	struct appeal_ref r;
	sqlite3_stmt *st;
	enum gl_err rc = get_ref(s, appeal_id, a, &r);

	if (rc == GL_ENOTFOUND) {
		verr_add(errs, field, "unknown", "no appeal has id %lld", (long long)appeal_id);
		return GL_OK;
	}
	if (rc != GL_OK || (rc = store_appeal_relations(s, appeal_id, a, &rel)) != GL_OK)
		return rc;
	if (rel.issue_id == issue)
		return GL_OK;
	if (rel.issue_id) {
		verr_add(errs, field, "invalid", "appeal %s already belongs to issue %lld (%s)",
			 r.code, (long long)rel.issue_id, rel.issue_title ? rel.issue_title : "");
		return GL_OK;
	}
	if (errs->n)
		return GL_OK;
	if (!(st = du(s, DU_ISSUE_SET)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, appeal_id);
	sqlite3_bind_int64(st, 2, issue);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "set appeal issue");
	sqlite3_reset(st);
	if (rc == GL_OK)
		rc = event(s, appeal_id, now, "link", r.state, r.state, who, 0,
			   arena_printf(a, "归入系统性问题 #%lld %s", (long long)issue, title));
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_int(&c, a, "issue_id", false, 0, true, issue);
		rc = audit_write(s, "issue", "appeal", appeal_id, &c);
	}
	return rc;
}

enum gl_err store_issue_create(struct store *s, struct appeal_issue *x, const int64_t *ids,
			       size_t n, const struct appeal_actor *who, struct arena *a,
			       struct verrors *errs)
{
	sqlite3_stmt *st;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	x->created_at = store_now(a);
	if (!(st = du(s, DU_ISSUE_INSERT))) {
		rc = GL_EDB;
		goto out;
	}
	bind_text(st, 1, x->title);
	bind_text(st, 2, x->created_at);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "insert issue");
	sqlite3_reset(st);
	if (rc != GL_OK)
		goto out;
	x->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < n && rc == GL_OK; i++)
		rc = issue_put(s, x->id, x->title, ids[i], arena_printf(a, "appeal_ids[%zu]", i),
			       who, x->created_at, a, errs);
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	if (rc == GL_OK) {
		struct changes c = {0};

		changes_str(&c, "title", NULL, x->title);
		rc = audit_write(s, "create", "appeal_issue", x->id, &c);
	}
out:
	return store_end(s, rc);
}

enum gl_err store_issue_add(struct store *s, int64_t id, int64_t appeal_id,
			    const struct appeal_actor *who, struct arena *a,
			    struct verrors *errs)
{
	struct appeal_issue x;
	enum gl_err rc;

	if ((rc = store_start(s)) != GL_OK)
		return rc;
	if ((rc = store_issue_get(s, id, a, &x)) == GL_OK)
		rc = issue_put(s, id, x.title, appeal_id, "appeal_id", who, store_now(a), a, errs);
	if (rc == GL_OK && errs->n)
		rc = GL_EINVALID;
	return store_end(s, rc);
}

static void read_issue(sqlite3_stmt *st, struct arena *a, struct appeal_issue *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(st, 0);
	x->title = col_text(st, 1, a);
	x->created_at = col_text(st, 2, a);
	x->appeals = sqlite3_column_int64(st, 3);
	x->open = sqlite3_column_int64(st, 4);
	x->closed = sqlite3_column_int64(st, 5);
	x->enterprises = sqlite3_column_int64(st, 6);
}

enum gl_err store_issue_get(struct store *s, int64_t id, struct arena *a,
			    struct appeal_issue *out)
{
	sqlite3_stmt *st = du(s, DU_ISSUE_GET);
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		read_issue(st, a, out);
	sqlite3_reset(st);
	if (r == SQLITE_DONE)
		return GL_ENOTFOUND;
	if (r != SQLITE_ROW)
		return store_fail(s, "get issue");
	if (!(st = du(s, DU_ISSUE_ITEMS)))
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	return read_refs(s, st, a, &out->items, &out->nitems);
}

enum gl_err store_issue_list(struct store *s, int64_t limit, int64_t offset, struct arena *a,
			     struct appeal_issue **items, size_t *n, int64_t *total)
{
	sqlite3_stmt *st = du(s, DU_ISSUE_COUNT);
	size_t cap = limit > 0 && limit < 1000 ? (size_t)limit : 1000;
	int r;
	enum gl_err rc;

	*n = 0;
	if (!st)
		return GL_EDB;
	if ((rc = step_int(s, st, total)) != GL_OK)
		return rc;
	if (!(st = du(s, DU_ISSUE_LIST)))
		return GL_EDB;
	*items = arena_alloc(a, (cap ? cap : 1) * sizeof(**items));
	if (!*items)
		return GL_ENOMEM;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while ((r = sqlite3_step(st)) == SQLITE_ROW && *n < cap)
		read_issue(st, a, &(*items)[(*n)++]);
	sqlite3_reset(st);
	return r == SQLITE_DONE || r == SQLITE_ROW ? GL_OK : store_fail(s, "list issues");
}
