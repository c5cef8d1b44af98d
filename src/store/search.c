/* search.c - the search index: written with the data, read with the caller's scope.
 *
 * docs/search.md has the design.  search_doc holds each record's text normalised
 * (norm_text: OpenCC t2s, full-width → half-width, ASCII lower case) and its code
 * (norm_key); SQL triggers copy the text into the trigram table search_fts, and this file
 * writes the single-character table search_short itself (contentless: deleting a row needs
 * its old text, which only search_doc has).
 *
 * Scope is decided at query time from the records' own tables, inside the WHERE clause of
 * the page and of the count alike, so a hit outside the scope is neither shown nor counted.
 */
#include "search-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../search/marks.h"
#include "../search/normalize.h"
#include "../util/buf.h"

const char *const search_kind_names[SEARCH_KIND__MAX] = {
	[SEARCH_ENTERPRISE] = "enterprise",
	[SEARCH_PROJECT] = "project",
	[SEARCH_APPEAL] = "appeal",
	[SEARCH_ROUNDTABLE] = "roundtable",
	[SEARCH_PROBLEM] = "problem",
	[SEARCH_FOLLOWUP] = "followup",
};

/* ?3 the enterprise of an enterprise user, ?4 the units (JSON) of a handler; both NULL:
 * everything.  Each kind as its own GET decides (store_project_get, enterprise_get,
 * appeal_get ...): an enterprise user sees the enterprise, the projects naming it and its
 * appeals; a handler the projects of its units and their enterprises, and the appeals where
 * one of its units is the lead or a co-unit.  Sessions: an enterprise user those its
 * enterprise was invited to, everyone else every session.  Problems as GET /problems: a
 * handler those its units own or whose project its units handle, an enterprise user those
 * of the projects naming it.  Follow-ups: a handler those of its units' projects, an
 * enterprise user none (the follow-up API is closed to enterprise users).  Which units
 * handle a project of an enterprise is kept in search_enterprise_unit (sql/019, triggers on
 * project_enterprise and project.unit_id): one seek per enterprise hit instead of reading
 * each of its projects. */
#define SCOPE \
	" AND (?3 IS NULL AND ?4 IS NULL" \
	"  OR ?3 IS NOT NULL AND CASE d.kind" \
	"   WHEN 'enterprise' THEN d.ref_id = ?3" \
	"   WHEN 'project' THEN EXISTS (SELECT 1 FROM project_enterprise pe" \
	"    WHERE pe.project_id = d.ref_id AND pe.enterprise_id = ?3)" \
	"   WHEN 'appeal' THEN EXISTS (SELECT 1 FROM appeal a" \
	"    WHERE a.id = d.ref_id AND a.enterprise_id = ?3)" \
	"   WHEN 'roundtable' THEN EXISTS (SELECT 1 FROM roundtable_enterprise re" \
	"    WHERE re.roundtable_id = d.ref_id AND re.enterprise_id = ?3)" \
	"   WHEN 'problem' THEN EXISTS (SELECT 1 FROM problem pb JOIN project_enterprise pe" \
	"    ON pe.project_id = pb.project_id WHERE pb.id = d.ref_id AND pe.enterprise_id = ?3)" \
	"   ELSE 0 END" \
	"  OR ?4 IS NOT NULL AND CASE d.kind" \
	"   WHEN 'project' THEN EXISTS (SELECT 1 FROM project p WHERE p.id = d.ref_id" \
	"    AND p.unit_id IN (SELECT value FROM json_each(?4)))" \
	"   WHEN 'enterprise' THEN EXISTS (SELECT 1 FROM search_enterprise_unit eu" \
	"    WHERE eu.enterprise_id = d.ref_id AND eu.unit_id IN (SELECT value FROM json_each(?4)))" \
	"   WHEN 'appeal' THEN EXISTS (SELECT 1 FROM appeal_unit au WHERE au.appeal_id = d.ref_id" \
	"    AND au.unit_id IN (SELECT value FROM json_each(?4)))" \
	"   WHEN 'roundtable' THEN 1" \
	"   WHEN 'followup' THEN EXISTS (SELECT 1 FROM followup f JOIN project p" \
	"    ON p.id = f.project_id WHERE f.id = d.ref_id" \
	"    AND p.unit_id IN (SELECT value FROM json_each(?4)))" \
	"   WHEN 'problem' THEN EXISTS (SELECT 1 FROM problem pb JOIN project p" \
	"    ON p.id = pb.project_id WHERE pb.id = d.ref_id" \
	"    AND (pb.unit_id IN (SELECT value FROM json_each(?4))" \
	"     OR p.unit_id IN (SELECT value FROM json_each(?4))))" \
	"   ELSE 0 END)"

/* How much of a long text names it (an appeal's, a problem's), in characters. */
#define LABEL_CHARS "40"

/* kind and ref_id of a docid (sql/015: (kind + 1) << 40 | ref_id), named as SCOPE uses
 * them. */
#define KIND_OF_ROWID \
	" CASE rowid >> 40 WHEN 1 THEN 'enterprise' WHEN 2 THEN 'project' WHEN 3 THEN 'appeal'" \
	" WHEN 4 THEN 'roundtable' WHEN 5 THEN 'problem' ELSE 'followup' END AS kind," \
	" rowid & 1099511627775 AS ref_id"

enum {
	S_DOC_GET,
	S_DOC_INSERT,
	S_DOC_UPDATE,
	S_DOC_DELETE,
	S_SHORT_INSERT,
	S_SHORT_DELETE,
	S_ENT_TEXT,
	S_PRJ_TEXT,
	S_APL_TEXT,
	S_RT_TEXT,
	S_PB_TEXT,
	S_FU_TEXT,
	S_EXACT,
	S_FTS_HITS,
	S_FTS_RANK,
	S_SHORT_HITS,
	S_DOC_ROW,
	S_ALL_ENT,
	S_ALL_PRJ,
	S_ALL_APL,
	S_ALL_RT,
	S_ALL_PB,
	S_ALL_FU,
	S_ENT_PROJECTS,
	S_ENT_APPEALS,
	S_DOC_BATCH,
	S_SHORT_BATCH,
};

static const char *const search_sql[] = {
	[S_DOC_GET] = "SELECT docid, title FROM search_doc WHERE kind = ?1 AND ref_id = ?2",
	[S_DOC_INSERT] = "INSERT INTO search_doc (kind, ref_id, label, title, body, keys, docid)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_DOC_UPDATE] = "UPDATE search_doc SET label = ?2, title = ?3, body = ?4, keys = ?5"
			 " WHERE docid = ?1",
	[S_DOC_DELETE] = "DELETE FROM search_doc WHERE docid = ?1",
	[S_SHORT_INSERT] = "INSERT INTO search_short (rowid, title) VALUES (?1, ?2)",
	[S_SHORT_DELETE] = "INSERT INTO search_short (search_short, rowid, title)"
			   " VALUES ('delete', ?1, ?2)",
	/* Each kind's text: label (shown), key (found exactly), title (weighs most; also what
	 * one- and two-character queries search) and body.  An enterprise's body: address,
	 * tags, contacts' names. */
	[S_ENT_TEXT] = "SELECT e.name, coalesce(e.credit_code, ''), e.name, coalesce(e.address, '') || ' ' ||"
		       " coalesce((SELECT group_concat(tag, ' ') FROM enterprise_tag"
		       "  WHERE enterprise_id = e.id), '') || ' ' ||"
		       " coalesce((SELECT group_concat(name, ' ') FROM enterprise_contact"
		       "  WHERE enterprise_id = e.id), '')"
		       " FROM enterprise e WHERE e.id = ?1",
	/* Its phase, leader in charge, chain and enterprises' names. */
	[S_PRJ_TEXT] = "SELECT p.name, p.code, p.name, coalesce(p.phase, '') || ' ' || coalesce(p.leader, '') || ' ' ||"
		       " coalesce((SELECT name FROM ref_chain WHERE code = p.chain), '') || ' ' ||"
		       " coalesce((SELECT group_concat(e.name, ' ') FROM project_enterprise pe"
		       "  JOIN enterprise e ON e.id = pe.enterprise_id WHERE pe.project_id = p.id), '')"
		       " FROM project p WHERE p.id = ?1",
	/* An appeal is named by its code and the start of its text; the body holds the whole
	 * text, the answer and the enterprise's name. */
	[S_APL_TEXT] = "SELECT coalesce(nullif(a.title, ''), substr(a.text, 1, " LABEL_CHARS ")), a.code,"
		       " a.code || ' ' || coalesce(a.title || ' ', '') || substr(a.text, 1, " LABEL_CHARS "),"
		       " a.text || ' ' || coalesce(a.answer, '') || ' ' || e.name"
		       " FROM appeal a JOIN enterprise e ON e.id = a.enterprise_id WHERE a.id = ?1",
	/* A session is named as people say it, 鹊华观澜会第3期, and by its theme. */
	[S_RT_TEXT] = "SELECT rs.name || '第' || r.number || '期', '',"
		      " rs.name || '第' || r.number || '期' || coalesce(' ' || r.theme, ''),"
		      " coalesce(r.minutes, '') || ' ' || coalesce(r.venue, '')"
		      " FROM roundtable r JOIN roundtable_series rs ON rs.id = r.series_id"
		      " WHERE r.id = ?1",
	/* A problem is its description (all of it the title: short queries search it too). */
	[S_PB_TEXT] = "SELECT substr(description, 1, " LABEL_CHARS "), '', description, ''"
		      " FROM problem WHERE id = ?1",
	/* A follow-up: its note, and the next step in the body. */
	[S_FU_TEXT] = "SELECT substr(summary, 1, " LABEL_CHARS "), '', summary, coalesce(next_step, '')"
		      " FROM followup WHERE id = ?1",
	/* keys <> '' lets the partial index answer (a bound ?1 cannot prove it). */
	[S_EXACT] = "SELECT d.ref_id, d.label, d.keys, d.title, d.docid FROM search_doc d"
		    " WHERE d.keys = ?1 AND d.keys <> '' AND d.kind = ?2" SCOPE " ORDER BY d.docid DESC",
	/* The hits newest first in the docid range ?8..?9 (one or more kinds: FTS5 seeks there;
	 * the caller stops reading, ?6 is -1), each with whether it is in the caller's scope:
	 * the caller counts both.  Kind and record id come
	 * from the docid, so no row of search_doc is read (the FTS index alone answers).  The
	 * scope is a CASE condition: there SQLite stops at the first true OR (an administrator's
	 * NULL scope), where as a plain value it would compute every branch's subquery. */
	[S_FTS_HITS] = "SELECT d.docid, CASE WHEN 1" SCOPE " THEN 1 ELSE 0 END FROM (SELECT rowid AS docid," KIND_OF_ROWID
		       " FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?8 AND ?9"
		       " ORDER BY rowid DESC LIMIT ?6) d",
	/* A name weighs ten times a body: a hit in a title ranks above one in a long text.
	 * Only run on a kind with few hits (bm25 costs about 10 us a hit). */
	[S_FTS_RANK] = "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1"
		       " AND rowid BETWEEN ?8 AND ?9 ORDER BY bm25(search_fts, 10.0, 1.0), rowid DESC",
	[S_SHORT_HITS] = "SELECT d.docid, CASE WHEN 1" SCOPE " THEN 1 ELSE 0 END FROM (SELECT rowid AS docid," KIND_OF_ROWID
			 " FROM search_short WHERE search_short MATCH ?1 AND rowid BETWEEN ?8 AND ?9"
			 " ORDER BY rowid DESC LIMIT ?6) d",
	[S_DOC_ROW] = "SELECT ref_id, label, keys, title FROM search_doc WHERE docid = ?1",
	[S_ALL_ENT] = "SELECT id FROM enterprise ORDER BY id",
	[S_ALL_PRJ] = "SELECT id FROM project ORDER BY id",
	[S_ALL_APL] = "SELECT id FROM appeal ORDER BY id",
	[S_ALL_RT] = "SELECT id FROM roundtable ORDER BY id",
	[S_ALL_PB] = "SELECT id FROM problem ORDER BY id",
	[S_ALL_FU] = "SELECT id FROM followup ORDER BY id",
	/* A project's text holds its enterprises' names. */
	[S_ENT_PROJECTS] = "SELECT project_id FROM project_enterprise WHERE enterprise_id = ?1"
			   " ORDER BY project_id",
	/* So does an appeal's. */
	[S_ENT_APPEALS] = "SELECT id FROM appeal WHERE enterprise_id = ?1 ORDER BY id",
	/* A batch's new documents in one statement each (search_later_run): the FTS5 tables
	 * flush their pending terms at every statement journal opened after they were written,
	 * so one statement for all the documents is one flush instead of one per document. */
	[S_DOC_BATCH] = "INSERT INTO search_doc (kind, ref_id, label, title, body, keys, docid)"
			" SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
			" json_extract(value, '$[2]'), json_extract(value, '$[3]'),"
			" json_extract(value, '$[4]'), json_extract(value, '$[5]'),"
			" json_extract(value, '$[6]') FROM json_each(?1)",
	[S_SHORT_BATCH] = "INSERT INTO search_short (rowid, title)"
			  " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
			  " FROM json_each(?1)",
};

/* Each kind its own range of docids (sql/015): a search of one kind seeks to its range in
 * the FTS index, and newest first is docid order. */
#define KIND_SHIFT 40
static int64_t doc_id(enum search_kind kind, int64_t id)
{
	return ((int64_t)kind + 1) << KIND_SHIFT | id;
}

static sqlite3_stmt *get(struct store *s, int i)
{
	return mod_stmt(s, MOD_SEARCH, i, search_sql);
}

/* "济南 BYD" → "济 南   b y d": every code point its own token for search_short. */
static enum gl_err spaced(const char *t, struct buf *out)
{
	enum gl_err rc = GL_OK;

	buf_reset(out);
	for (const char *p = t; *p && rc == GL_OK;) {
		size_t n = 1;
		while ((p[n] & 0xC0) == 0x80)
			n++;
		if (p != t)
			rc = buf_add(out, " ", 1);
		if (rc == GL_OK)
			rc = buf_add(out, p, n);
		p += n;
	}
	if (rc == GL_OK && !out->data)
		rc = buf_add(out, "", 0);
	return rc;
}

static enum gl_err short_write(struct store *s, int i, int64_t docid, const char *title)
{
	struct buf b;
	sqlite3_stmt *st = get(s, i);
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	buf_init(&b, 1 << 20);
	rc = spaced(title, &b);
	if (rc == GL_OK) {
		sqlite3_bind_int64(st, 1, docid);
		sqlite3_bind_text(st, 2, b.data ? b.data : "", (int)b.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "search: short index");
		sqlite3_reset(st);
	}
	buf_release(&b);
	return rc;
}

/* The indexed row, if any: docid and old normalised title (copied into *title). */
static enum gl_err doc_find(struct store *s, enum search_kind kind, int64_t id,
			    int64_t *docid, char **title)
{
	sqlite3_stmt *st = get(s, S_DOC_GET);
	enum gl_err rc = GL_OK;
	int r;

	*docid = 0;
	*title = NULL;
	if (!st)
		return GL_EDB;
	sqlite3_bind_text(st, 1, search_kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*docid = sqlite3_column_int64(st, 0);
		*title = strdup((const char *)sqlite3_column_text(st, 1));
		if (!*title)
			rc = GL_ENOMEM;
	} else if (r != SQLITE_DONE)
		rc = store_fail(s, "search: find doc");
	sqlite3_reset(st);
	return rc;
}

enum gl_err search_drop(struct store *s, enum search_kind kind, int64_t id)
{
	int64_t docid;
	char *old;
	enum gl_err rc = doc_find(s, kind, id, &docid, &old);
	sqlite3_stmt *st;

	if (rc == GL_OK && docid)
		rc = short_write(s, S_SHORT_DELETE, docid, old);
	if (rc == GL_OK && docid) {
		if (!(st = get(s, S_DOC_DELETE)))
			rc = GL_EDB;
		else {
			sqlite3_bind_int64(st, 1, docid);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = store_fail(s, "search: delete doc");
			sqlite3_reset(st);
		}
	}
	free(old);
	return rc;
}

/* A JSON string of text (UTF-8 kept as it is) onto b. */
static enum gl_err json_str(struct buf *b, const char *text)
{
	enum gl_err rc = buf_add(b, "\"", 1);
	const char *p = text, *run = text;

	for (; rc == GL_OK && *p; p++) {
		unsigned char c = (unsigned char)*p;
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_add(b, run, (size_t)(p - run));
		snprintf(esc, sizeof(esc), c == '"' || c == '\\' ? "\\%c" : "\\u%04x", c);
		if (rc == GL_OK)
			rc = buf_add(b, esc, strlen(esc));
		run = p + 1;
	}
	if (rc == GL_OK)
		rc = buf_add(b, run, (size_t)(p - run));
	return rc == GL_OK ? buf_add(b, "\"", 1) : rc;
}

/* The documents new in a flat batch, as the JSON arrays S_DOC_BATCH and S_SHORT_BATCH read. */
struct later_rows {
	struct buf doc, shrt, sp;
	size_t n;
};

static enum gl_err later_add(struct later_rows *l, enum search_kind kind, int64_t id,
			     int64_t docid, const char *label, const char *title,
			     const char *body, const char *key)
{
	char num[64];
	enum gl_err rc;

	snprintf(num, sizeof(num), "%s[\"%s\",%lld,", l->n ? "," : "[", search_kind_names[kind],
		 (long long)id);
	rc = buf_add(&l->doc, num, strlen(num));
	if (rc == GL_OK)
		rc = json_str(&l->doc, label);
	if (rc == GL_OK)
		rc = buf_add(&l->doc, ",", 1);
	if (rc == GL_OK)
		rc = json_str(&l->doc, title);
	if (rc == GL_OK)
		rc = buf_add(&l->doc, ",", 1);
	if (rc == GL_OK)
		rc = json_str(&l->doc, body);
	if (rc == GL_OK)
		rc = buf_add(&l->doc, ",", 1);
	if (rc == GL_OK)
		rc = json_str(&l->doc, key);
	snprintf(num, sizeof(num), ",%lld]", (long long)docid);
	if (rc == GL_OK)
		rc = buf_add(&l->doc, num, strlen(num));
	snprintf(num, sizeof(num), "%s[%lld,", l->n ? "," : "[", (long long)docid);
	if (rc == GL_OK)
		rc = buf_add(&l->shrt, num, strlen(num));
	if (rc == GL_OK)
		rc = spaced(title, &l->sp);
	if (rc == GL_OK)
		rc = json_str(&l->shrt, l->sp.data);
	if (rc == GL_OK)
		rc = buf_add(&l->shrt, "]", 1);
	l->n++;
	return rc;
}

/* Index (kind, id) with these texts.  With later, a record not indexed yet goes into its
 * arrays instead of being written now. */
static enum gl_err put(struct store *s, enum search_kind kind, int64_t id, const char *label,
		       const char *title, const char *body, const char *key,
		       struct later_rows *later)
{
	struct buf t, b, k;
	int64_t docid;
	char *old = NULL;
	sqlite3_stmt *st;
	enum gl_err rc;

	if (!s->norm)
		return GL_EIO;
	buf_init(&t, 1 << 20);
	buf_init(&b, 8 << 20);
	buf_init(&k, 4096);
	rc = norm_text(s->norm, title, strlen(title), &t);
	if (rc == GL_OK)
		rc = norm_text(s->norm, body, strlen(body), &b);
	if (rc == GL_OK)
		rc = norm_key(key, strlen(key), &k);
	/* Keep the buffers' text valid even when empty. */
	if (rc == GL_OK)
		rc = buf_add(&t, "", 0);
	if (rc == GL_OK)
		rc = buf_add(&b, "", 0);
	if (rc == GL_OK)
		rc = buf_add(&k, "", 0);
	if (rc == GL_OK)
		rc = doc_find(s, kind, id, &docid, &old);
	if (rc == GL_OK && !docid && later) {
		rc = later_add(later, kind, id, doc_id(kind, id), label, t.data, b.data, k.data);
		goto out;
	}
	if (rc == GL_OK && docid && strcmp(old, t.data) != 0)
		rc = short_write(s, S_SHORT_DELETE, docid, old);
	if (rc == GL_OK && !(st = get(s, docid ? S_DOC_UPDATE : S_DOC_INSERT)))
		rc = GL_EDB;
	if (rc == GL_OK) {
		int i = 1;
		if (docid)
			sqlite3_bind_int64(st, i++, docid);
		else {
			sqlite3_bind_text(st, i++, search_kind_names[kind], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, i++, id);
			sqlite3_bind_int64(st, 7, doc_id(kind, id));
		}
		sqlite3_bind_text(st, i++, label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, i++, t.data, (int)t.len, SQLITE_STATIC);
		sqlite3_bind_text(st, i++, b.data, (int)b.len, SQLITE_STATIC);
		sqlite3_bind_text(st, i++, k.data, (int)k.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "search: write doc");
		sqlite3_reset(st);
		if (rc == GL_OK && !docid)
			docid = sqlite3_last_insert_rowid(s->db);
	}
	if (rc == GL_OK && (!old || strcmp(old, t.data) != 0))
		rc = short_write(s, S_SHORT_INSERT, docid, t.data);
out:
	free(old);
	buf_release(&t);
	buf_release(&b);
	buf_release(&k);
	return rc;
}

/* Per kind: the statement reading its text, and the one listing every record of it. */
static const struct {
	int text, all;
} kinds[SEARCH_KIND__MAX] = {
	[SEARCH_ENTERPRISE] = {S_ENT_TEXT, S_ALL_ENT},
	[SEARCH_PROJECT] = {S_PRJ_TEXT, S_ALL_PRJ},
	[SEARCH_APPEAL] = {S_APL_TEXT, S_ALL_APL},
	[SEARCH_ROUNDTABLE] = {S_RT_TEXT, S_ALL_RT},
	[SEARCH_PROBLEM] = {S_PB_TEXT, S_ALL_PB},
	[SEARCH_FOLLOWUP] = {S_FU_TEXT, S_ALL_FU},
};

static enum gl_err index_now(struct store *s, enum search_kind kind, int64_t id,
			     struct later_rows *later)
{
	sqlite3_stmt *st = get(s, kinds[kind].text);
	enum gl_err rc = GL_OK;
	char *f[4] = {NULL, NULL, NULL, NULL};
	int r;

	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		for (int i = 0; i < 4 && rc == GL_OK; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			if (!(f[i] = strdup(v ? v : "")))
				rc = GL_ENOMEM;
		}
	} else if (r != SQLITE_DONE)
		rc = store_fail(s, "search: read record");
	sqlite3_reset(st);
	if (rc == GL_OK)
		rc = r == SQLITE_ROW ? put(s, kind, id, f[0], f[2], f[3], f[1], later)
				     : search_drop(s, kind, id);
	for (int i = 0; i < 4; i++)
		free(f[i]);
	return rc;
}

enum gl_err search_index(struct store *s, enum search_kind kind, int64_t id)
{
	struct search_later *l = &s->later;

	if (!l->on)
		return index_now(s, kind, id, NULL);
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		int64_t *more = realloc(l->v, cap * sizeof(*more));

		if (!more)
			return GL_ENOMEM;
		l->v = more;
		l->cap = cap;
	}
	l->v[l->n++] = doc_id(kind, id);
	return GL_OK;
}

void search_later_begin(struct store *s)
{
	s->later.n = 0;
	s->later.on = 1;
}

void search_later_drop(struct store *s)
{
	s->later.n = 0;
	s->later.on = 0;
}

static int docid_cmp(const void *pa, const void *pb)
{
	int64_t x = *(const int64_t *)pa, y = *(const int64_t *)pb;

	return (x > y) - (x < y);
}

static enum gl_err batch_write(struct store *s, int i, const struct buf *json)
{
	sqlite3_stmt *st = get(s, i);
	enum gl_err rc = GL_OK;

	if (!st)
		return GL_EDB;
	sqlite3_bind_text(st, 1, json->data, (int)json->len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_fail(s, "search: write a batch");
	sqlite3_reset(st);
	return rc;
}

enum gl_err search_later_run(struct store *s)
{
	struct search_later *l = &s->later;
	struct later_rows rows = {.n = 0};
	enum gl_err rc = GL_OK;
	size_t n = 0;

	l->on = 0;
	/* Each record once, as it stands at the end of the batch. */
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), docid_cmp);
	buf_init(&rows.doc, (size_t)1 << 30);
	buf_init(&rows.shrt, (size_t)1 << 30);
	buf_init(&rows.sp, 1 << 20);
	for (size_t i = 0; rc == GL_OK && i < l->n; i++) {
		if (i && l->v[i] == l->v[i - 1])
			continue;
		rc = index_now(s, (enum search_kind)((l->v[i] >> KIND_SHIFT) - 1),
			       l->v[i] & (((int64_t)1 << KIND_SHIFT) - 1), &rows);
		n++;
	}
	if (rc == GL_OK && rows.n) {
		rc = buf_add(&rows.doc, "]", 1);
		if (rc == GL_OK)
			rc = buf_add(&rows.shrt, "]", 1);
		if (rc == GL_OK)
			rc = batch_write(s, S_DOC_BATCH, &rows.doc);
		if (rc == GL_OK)
			rc = batch_write(s, S_SHORT_BATCH, &rows.shrt);
	}
	buf_release(&rows.doc);
	buf_release(&rows.shrt);
	buf_release(&rows.sp);
	l->n = 0;
	return rc;
}

/* Index every record the statement all lists (bound to id when id is not 0). */
static enum gl_err index_all(struct store *s, int all, int64_t id, enum search_kind kind,
			     int64_t *n)
{
	sqlite3_stmt *st = get(s, all);
	struct arena a;
	int64_t *ids;
	size_t nids = 0;
	enum gl_err rc;

	if (!st)
		return GL_EDB;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	arena_init(&a);
	/* Read the ids first: search_index() runs statements of its own. */
	rc = step_ids(s, st, &a, &ids, &nids, "search: list records");
	for (size_t i = 0; rc == GL_OK && i < nids; i++)
		rc = search_index(s, kind, ids[i]);
	*n += (int64_t)nids;
	arena_release(&a);
	return rc;
}

enum gl_err search_index_enterprise_projects(struct store *s, int64_t enterprise_id)
{
	int64_t n = 0;

	enum gl_err rc = index_all(s, S_ENT_PROJECTS, enterprise_id, SEARCH_PROJECT, &n);

	return rc == GL_OK ? index_all(s, S_ENT_APPEALS, enterprise_id, SEARCH_APPEAL, &n) : rc;
}

static enum gl_err index_every(struct store *s, int64_t *n)
{
	enum gl_err rc = GL_OK;

	for (int k = 0; rc == GL_OK && k < SEARCH_KIND__MAX; k++)
		rc = index_all(s, kinds[k].all, 0, (enum search_kind)k, n);
	return rc;
}

enum gl_err search_backfill(struct store *s)
{
	int64_t n = 0;

	return index_every(s, &n);
}

enum gl_err store_search_rebuild(struct store *s, int64_t *n)
{
	enum gl_err rc = store_start(s);

	*n = 0;
	if (rc == GL_OK &&
	    sqlite3_exec(s->db, "INSERT INTO search_short (search_short) VALUES ('delete-all');"
			 " DELETE FROM search_doc;", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_fail(s, "search: empty the index");
	if (rc == GL_OK)
		rc = index_every(s, n);
	return store_end(s, rc);
}

/* ---- query ----------------------------------------------------------------------------- */

/* A double-quoted FTS5 string: operators and punctuation typed by a user are text. */
static const char *phrase(const char *q, int spaced_out, struct arena *a)
{
	struct buf b;
	const char *out = NULL;
	enum gl_err rc;

	buf_init(&b, 1 << 20);
	rc = buf_add(&b, "\"", 1);
	for (const char *p = q; *p && rc == GL_OK;) {
		size_t n = 1;
		while ((p[n] & 0xC0) == 0x80)
			n++;
		if (spaced_out && p != q)
			rc = buf_add(&b, " ", 1);
		if (rc == GL_OK)
			rc = buf_add(&b, p, n);
		if (rc == GL_OK && *p == '"')
			rc = buf_add(&b, "\"", 1);
		p += n;
	}
	if (rc == GL_OK)
		rc = buf_add(&b, "\"", 1);
	if (rc == GL_OK)
		out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

/* Around a body's first hit: how many code points before it, and in all. */
enum { SNIPPET_BEFORE = 12, SNIPPET_WIDTH = 48, MAX_MARKS = 64, MAX_EXACT = 16 };

/* The record's title and body as written (the kind's text statement: what was indexed,
 * before normalisation); NULL when it is gone. */
static enum gl_err written(struct store *s, enum search_kind kind, int64_t id, struct arena *a,
			   const char **title, const char **body)
{
	sqlite3_stmt *st = get(s, kinds[kind].text);
	enum gl_err rc = GL_OK;
	int r;

	*title = *body = NULL;
	if (!st)
		return GL_EDB;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*title = col_text(st, 2, a);
		*body = col_text(st, 3, a);
		if (!*title || !*body)
			rc = GL_ENOMEM;
	} else if (r != SQLITE_DONE)
		rc = store_fail(s, "search: read record");
	sqlite3_reset(st);
	return rc;
}

/* orig, the text as written, with every occurrence of the normalised query nq in its normal
 * form marked, mapped back code point by code point (norm_text_map); *found: whether any
 * was.  A phrase of FTS5's trigram index is a substring of the normal form, so this marks
 * what FTS5 would, without asking FTS5 for each row (a rowid lookup in the doclist of a
 * common trigram costs milliseconds). */
static const char *as_written(struct store *s, const char *orig, const char *nq, int *found,
			      struct arena *a)
{
	struct mark_hit hits[MAX_MARKS];
	size_t ncp, nh = 0;
	uint32_t *src = NULL;
	struct buf b;
	char *out = NULL;

	*found = 0;
	buf_init(&b, 8 << 20);
	if (norm_text_map(s->norm, orig, strlen(orig), &b, &src, &ncp) == GL_OK &&
	    buf_add(&b, "", 0) == GL_OK) {
		if (nq)
			nh = marks_find(b.data, nq, hits, MAX_MARKS);
		if ((out = arena_alloc(a, strlen(orig) + 2 * nh + 1)))
			marks_remap(orig, src, ncp, hits, nh, out);
	}
	*found = nh > 0;
	free(src);
	buf_release(&b);
	return out;
}

static const char *window(const char *marked, struct arena *a)
{
	char *out = arena_alloc(a, strlen(marked) + 9);

	if (!out)
		return NULL;
	marks_window(marked, SNIPPET_BEFORE, SNIPPET_WIDTH, out);
	return out;
}

static void bind_scope(sqlite3_stmt *st, const struct scope *sc, const char *units,
		       const char *key)
{
	if (sc && sc->enterprise_id)
		sqlite3_bind_int64(st, 3, sc->enterprise_id);
	else if (units)
		sqlite3_bind_text(st, 4, units, -1, SQLITE_STATIC);
	if (key)
		sqlite3_bind_text(st, 5, key, -1, SQLITE_STATIC);
}

/* Whether the key is the code of a record of an asked kind in scope. */
static enum gl_err exact_any(struct store *s, const struct search_query *q, const char *key,
			     const char *units, int *found)
{
	enum gl_err rc = GL_OK;

	*found = 0;
	for (int kind = 0; rc == GL_OK && !*found && kind < SEARCH_KIND__MAX; kind++) {
		sqlite3_stmt *st;
		int r;
		if (q->kind >= 0 && q->kind != kind)
			continue;
		if (!(st = get(s, S_EXACT)))
			return GL_EDB;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, search_kind_names[kind], -1, SQLITE_STATIC);
		bind_scope(st, q->scope, units, NULL);
		r = sqlite3_step(st);
		*found = r == SQLITE_ROW;
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			rc = store_fail(s, "search: exact");
		sqlite3_reset(st);
	}
	return rc;
}

/* One kind's state between the steps of a search: its hits found by code, and the docids
 * of the scan window in scope, newest first. */
struct kind_state {
	int64_t nexact, exact[MAX_EXACT];
	int64_t seen, nin, *inscope;
	bool ranked;
};

/* The records whose code is the key, first, whatever their rank. */
static enum gl_err kind_exact(struct store *s, const struct search_query *q, int kind,
			      const char *key, const char *units, struct arena *a,
			      struct search_group *g, struct kind_state *ks)
{
	struct search_hit *hits = arena_alloc(a, (size_t)(q->limit + 1) * sizeof(*hits));
	enum gl_err rc = GL_OK;
	sqlite3_stmt *st;
	int r;

	if (!hits)
		return GL_ENOMEM;
	g->items = hits;
	if (!key)
		return GL_OK;
	if (!(st = get(s, S_EXACT)))
		return GL_EDB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, search_kind_names[kind], -1, SQLITE_STATIC);
	bind_scope(st, q->scope, units, NULL);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (ks->nexact >= q->offset && g->n < q->limit) {
			struct search_hit *h = &hits[g->n++];
			h->id = sqlite3_column_int64(st, 0);
			h->label = col_text(st, 1, a);
			h->key = col_text(st, 2, a);
			h->title = col_text(st, 3, a);
			h->snippet = "";
			h->exact = true;
		}
		if (ks->nexact < MAX_EXACT)
			ks->exact[ks->nexact] = sqlite3_column_int64(st, 4);
		ks->nexact++;
	}
	if (r != SQLITE_DONE)
		rc = store_fail(s, "search: exact");
	sqlite3_reset(st);
	return rc;
}

/* The newest SEARCH_SCAN_MAX hits of each asked kind, those in scope kept: never a ranking
 * or a count over millions.  Every hit seen out of scope is dropped here, before counting.
 * One scan newest first over every asked kind's docids, not one per kind: a phrase whose
 * tokens are each common but rare together (鑫达半导体股份, 医药 in titles) costs FTS5 a
 * pass over those tokens' doclists, about 5 ms at 2M records, and per kind it paid that six
 * times.  When a kind has its SEARCH_SCAN_MAX, the scan starts again below that kind's
 * docids (FTS5 seeks there), so a common term reads no more than before. */
static enum gl_err scan(struct store *s, const struct search_query *q, const char *match,
			int is_short, const char *units, struct arena *a, struct kind_state *ks)
{
	int first = q->kind >= 0 ? q->kind : 0;
	int last = q->kind >= 0 ? q->kind : SEARCH_KIND__MAX - 1;
	int64_t lo = doc_id((enum search_kind)first, 0);
	int64_t hi = doc_id((enum search_kind)last, ((int64_t)1 << KIND_SHIFT) - 1);

	for (int k = first; k <= last; k++)
		if (!(ks[k].inscope = arena_alloc(a, SEARCH_SCAN_MAX * sizeof(*ks[k].inscope))))
			return GL_ENOMEM;
	while (hi >= lo) {
		sqlite3_stmt *st = get(s, is_short ? S_SHORT_HITS : S_FTS_HITS);
		int64_t next = lo - 1;
		int r;
		if (!st)
			return GL_EDB;
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		bind_scope(st, q->scope, units, NULL);
		sqlite3_bind_int(st, 6, -1);
		sqlite3_bind_int64(st, 8, lo);
		sqlite3_bind_int64(st, 9, hi);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t d = sqlite3_column_int64(st, 0);
			struct kind_state *k = &ks[(d >> KIND_SHIFT) - 1];
			int dup = 0;
			k->seen++;
			/* Found by its code already: not listed or counted twice. */
			for (int64_t i = 0; i < k->nexact && i < MAX_EXACT; i++)
				dup |= k->exact[i] == d;
			if (!dup && sqlite3_column_int(st, 1))
				k->inscope[k->nin++] = d;
			if (k->seen >= SEARCH_SCAN_MAX) {
				/* This kind's window is full: go on below its docids. */
				next = (d >> KIND_SHIFT << KIND_SHIFT) - 1;
				break;
			}
		}
		sqlite3_reset(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			return store_fail(s, "search: hits");
		hi = next;
	}
	return GL_OK;
}

/* bm25 order (a name weighs ten times a body) of the in-scope hits of the kinds with at
 * most SEARCH_RANK_MAX hits, lo..hi being the docids read: one FTS5 pass for all of them. */
static enum gl_err rank(struct store *s, const char *match, int64_t lo, int64_t hi,
			struct arena *a, struct kind_state *ks)
{
	int64_t *ranked[SEARCH_KIND__MAX] = {0}, nr[SEARCH_KIND__MAX] = {0};
	sqlite3_stmt *st;
	int r;

	for (int k = 0; k < SEARCH_KIND__MAX; k++)
		if (ks[k].inscope && ks[k].nin && ks[k].seen <= SEARCH_RANK_MAX &&
		    !(ranked[k] = arena_alloc(a, (size_t)ks[k].nin * sizeof(int64_t))))
			return GL_ENOMEM;
	if (!(st = get(s, S_FTS_RANK)))
		return GL_EDB;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, lo);
	sqlite3_bind_int64(st, 9, hi);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		int k = (int)(d >> KIND_SHIFT) - 1;
		if (k < 0 || k >= SEARCH_KIND__MAX || !ranked[k])
			continue;
		/* inscope is newest first: descending docids. */
		for (int64_t i = 0; i < ks[k].nin && nr[k] < ks[k].nin; i++)
			if (ks[k].inscope[i] == d) {
				ranked[k][nr[k]++] = d;
				break;
			}
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return store_fail(s, "search: rank");
	for (int k = 0; k < SEARCH_KIND__MAX; k++)
		if (ranked[k] && nr[k] == ks[k].nin) {
			ks[k].inscope = ranked[k];
			ks[k].ranked = true;
		}
	return GL_OK;
}

static enum gl_err kind_search(struct store *s, const struct search_query *q, int kind,
			       const char *match, int is_short, const char *nq, struct arena *a,
			       struct search_group *g, struct kind_state *ks)
{
	struct search_hit *hits = g->items;
	int64_t nin = ks->nin, *inscope = ks->inscope, nexact = ks->nexact;
	enum gl_err rc = GL_OK;
	sqlite3_stmt *st;

	if (!match)
		goto done;
	g->count = nin;
	/* Hits past the newest SEARCH_SCAN_MAX were not looked at: the count is a lower bound. */
	g->partial = ks->seen >= SEARCH_SCAN_MAX;
	if (g->n >= q->limit || nin == 0)
		goto done;

	/* Few hits: ranked by bm25 (a name above a body); many: newest first. */
	if (!is_short && ks->seen <= SEARCH_RANK_MAX && !ks->ranked) {
		int64_t lo = doc_id((enum search_kind)kind, 0);
		int64_t hi = doc_id((enum search_kind)kind, ((int64_t)1 << KIND_SHIFT) - 1);
		if ((rc = rank(s, match, lo, hi, a, ks - kind)) != GL_OK)
			return rc;
		inscope = ks->inscope;
	}
	for (int64_t k = q->offset > nexact ? q->offset - nexact : 0;
	     rc == GL_OK && k < nin && g->n < q->limit; k++) {
		struct search_hit *h = &hits[g->n];
		if (!(st = get(s, S_DOC_ROW)))
			return GL_EDB;
		sqlite3_bind_int64(st, 1, inscope[k]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			g->n++;
			h->id = sqlite3_column_int64(st, 0);
			h->label = col_text(st, 1, a);
			h->key = col_text(st, 2, a);
			h->exact = false;
		} else
			rc = store_fail(s, "search: page");
		sqlite3_reset(st);
	}
done:
	/* Shown as written (traditional, full-width, upper case), the hits mapped back; a short
	 * query searched titles only, so only a title is marked for it. */
	for (int64_t i = 0; rc == GL_OK && i < g->n; i++) {
		const char *title, *body;
		int found;
		if ((rc = written(s, (enum search_kind)kind, hits[i].id, a, &title, &body)) != GL_OK)
			break;
		if (!title) { /* gone since it was indexed */
			hits[i].title = hits[i].label;
			hits[i].snippet = "";
			continue;
		}
		hits[i].title = as_written(s, title, hits[i].exact ? NULL : nq, &found, a);
		hits[i].snippet = "";
		if (!hits[i].exact && !is_short) {
			const char *b = as_written(s, body, nq, &found, a);
			/* A body without a hit has nothing to show. */
			hits[i].snippet = !b ? NULL : found ? window(b, a) : "";
		}
		if (!hits[i].title || !hits[i].snippet)
			rc = GL_ENOMEM;
	}
	g->count += nexact;
	if (g->count > SEARCH_COUNT_CAP + 1)
		g->count = SEARCH_COUNT_CAP + 1;
	return rc;
}

enum gl_err store_search(struct store *s, const struct search_query *q, struct arena *a,
			 struct search_result *out)
{
	struct buf nq, k;
	enum gl_err rc;
	const char *key = NULL, *match = NULL, *units = NULL;
	int is_short = 0;

	memset(out, 0, sizeof(*out));
	if (!s->norm)
		return GL_EIO;
	buf_init(&nq, 1 << 16);
	buf_init(&k, 1 << 16);
	rc = norm_text(s->norm, q->q, strlen(q->q), &nq);
	if (rc == GL_OK)
		rc = buf_add(&nq, "", 0);
	if (rc == GL_OK)
		rc = norm_key(q->q, strlen(q->q), &k);
	if (rc == GL_OK)
		rc = buf_add(&k, "", 0);
	if (rc == GL_OK && !(out->normalised = arena_strdup(a, nq.data)))
		rc = GL_ENOMEM;
	if (rc == GL_OK && nq.len) {
		size_t cp = marks_cplen(nq.data);
		is_short = cp < 3;
		out->short_query = is_short;
		match = phrase(nq.data, is_short, a);
		if (k.len && !(key = arena_strdup(a, k.data)))
			rc = GL_ENOMEM;
		if (!match)
			rc = GL_ENOMEM;
	}
	if (rc == GL_OK && match && q->scope && !q->scope->enterprise_id && q->scope->restricted &&
	    !(units = scope_units_json(q->scope, a)))
		rc = GL_ENOMEM;
	/* A code finds its record and nothing else: its trigrams (sq2, 202, 000 ...) are in
	 * every code, so a text search for it would read the doclists of a million codes to
	 * find the same record again. */
	int asked = match != NULL;
	if (rc == GL_OK && match && key) {
		int found;
		rc = exact_any(s, q, key, units, &found);
		if (rc == GL_OK && found)
			match = NULL;
	}
	/* The server runs a GET in one read transaction: the counts and pages of every kind
	 * see one state. */
	struct kind_state ks[SEARCH_KIND__MAX];
	memset(ks, 0, sizeof(ks));
	for (int kind = 0; rc == GL_OK && asked && kind < SEARCH_KIND__MAX; kind++)
		if (q->kind < 0 || q->kind == kind)
			rc = kind_exact(s, q, kind, key, units, a, &out->groups[kind], &ks[kind]);
	if (rc == GL_OK && asked && match)
		rc = scan(s, q, match, is_short, units, a, ks);
	/* Every hit seen and few of them: one bm25 pass ranks every kind (per kind, each would
	 * read the doclists again). */
	if (rc == GL_OK && asked && match && !is_short) {
		int64_t total = 0;
		int cut = 0;
		for (int kind = 0; kind < SEARCH_KIND__MAX; kind++) {
			total += ks[kind].seen;
			cut |= ks[kind].seen >= SEARCH_SCAN_MAX;
		}
		if (!cut && total > 0 && total <= 2 * SEARCH_RANK_MAX) {
			int first = q->kind >= 0 ? q->kind : 0;
			int last = q->kind >= 0 ? q->kind : SEARCH_KIND__MAX - 1;
			rc = rank(s, match, doc_id((enum search_kind)first, 0),
				  doc_id((enum search_kind)last, ((int64_t)1 << KIND_SHIFT) - 1), a, ks);
		}
	}
	for (int kind = 0; rc == GL_OK && asked && kind < SEARCH_KIND__MAX; kind++)
		if (q->kind < 0 || q->kind == kind)
			rc = kind_search(s, q, kind, match, is_short, out->normalised, a,
					 &out->groups[kind], &ks[kind]);
	buf_release(&nq);
	buf_release(&k);
	return rc;
}
