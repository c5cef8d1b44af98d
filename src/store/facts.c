/* facts.c - grouped statistics from the trigger-kept rollups (sql/009_stats.sql), the
 * briefing's figures, annual targets, and the synthetic ledger of the benchmark data set.
 *
 * A grouped query reads the smallest rollup that has every dimension it groups by:
 * stat_cube with dim '' when it groups by none of stage/chain/channel/section, stat_cube with
 * that dim when by exactly one, stat_fact (the full grain) otherwise.  Period, location,
 * unit and the industrial flag are in every rollup's key, so filters and a handler's scope
 * never force a finer one.  Its SQL is composed from constant fragments (values are always
 * bound) and prepared per request: preparing takes tens of microseconds, and the grouping
 * combinations are too many to keep a statement for each.
 */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

#include "../util/buf.h"

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
		" AND month BETWEEN ?1 AND ?2 AND location = 'zone' GROUP BY measure",
	/* A unit's figures: its projects wherever they are located. */
	[F_ACTUAL_UNITS] =
		"SELECT unit_id, measure, sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure IN ('signed', 'started', 'production', 'funds')"
		" AND month BETWEEN ?1 AND ?2 AND unit_id > 0 GROUP BY unit_id, measure",
	[F_BRIEF_ZONE] =
		"SELECT measure, sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure IN ('signed', 'started', 'production', 'funds')"
		" AND month BETWEEN ?1 AND ?2 AND location = 'zone' GROUP BY measure",
	[F_BRIEF_INDUSTRIAL] =
		"SELECT sum(n), sum(amount) FROM stat_cube"
		" WHERE dim = '' AND measure = 'signed' AND month BETWEEN ?1 AND ?2"
		" AND location = 'zone' AND industrial = 1",
	[F_BRIEF_COUNTIES] =
		"SELECT r.name, sum(c.n), sum(c.amount) FROM stat_cube c"
		" JOIN ref_region r ON r.code = c.location AND r.kind = 'partner'"
		" WHERE c.dim = '' AND c.measure = 'signed' AND c.month BETWEEN ?1 AND ?2"
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

/* The column of each dimension in a rollup, and how its rows are ordered and named. */
static const struct {
	const char *col;      /* in stat_fact */
	const char *cube;     /* the stat_cube dim that holds it alone; NULL: in every key */
	const char *name;     /* SQL for its name given the code g.dN; NULL: named in C */
	const char *order;    /* SQL ordering the codes */
} dims[SD__MAX] = {
	[SD_STAGE] = {"stage", "stage", NULL,
		      "CASE %s WHEN 'lead' THEN 0 WHEN 'negotiating' THEN 1 WHEN 'signed' THEN 2"
		      " WHEN 'started' THEN 3 WHEN 'production' THEN 4 WHEN 'capacity' THEN 5"
		      " WHEN 'on_hold' THEN 6 ELSE 7 END"},
	[SD_CHAIN] = {"chain", "chain", "(SELECT name FROM ref_chain WHERE code = %s)",
		      "(SELECT sort FROM ref_chain WHERE code = %s)"},
	[SD_CHANNEL] = {"channel", "channel", "(SELECT name FROM ref_channel WHERE code = %s)",
			"(SELECT sort FROM ref_channel WHERE code = %s)"},
	[SD_LOCATION] = {"location", NULL, "(SELECT name FROM ref_region WHERE code = %s)",
			 "(SELECT sort FROM ref_region WHERE code = %s)"},
	[SD_UNIT] = {"unit_id", NULL, "(SELECT name FROM unit WHERE id = %s)", "%s"},
	[SD_SECTION] = {"section", "section",
			"(SELECT name FROM ref_industry WHERE code = %s AND level = 1)", "%s"},
};

static enum gl_err addf(struct buf *b, const char *fmt, const char *arg)
{
	char tmp[512];
	int n = snprintf(tmp, sizeof(tmp), fmt, arg);

	if (n < 0 || (size_t)n >= sizeof(tmp))
		return GL_ETOOBIG;
	return buf_add(b, tmp, (size_t)n);
}

/* Compose the query.  Inner: the rollup summed by period, dims and measure.  Outer: the
 * names, and the order.  Parameters: ?1..?5 measures, ?6 from, ?7 to, ?8 industrial,
 * ?9 location, ?10 unit, ?11 scope units (JSON). */
static enum gl_err compose(const struct stats_query *q, struct buf *b)
{
	static const char *const period_expr[] = {
		[SP_YEAR] = "substr(month, 1, 4)",
		[SP_QUARTER] = "substr(month, 1, 4) || '-Q' || ((CAST(substr(month, 6, 2) AS INTEGER)"
			       " + 2) / 3)",
		[SP_MONTH] = "month",
	};
	const char *cube = NULL;
	int fine = 0, finer = 0;
	enum gl_err rc = GL_OK;
	char col[16];

	for (int d = 0; d < SD__MAX; d++)
		if ((q->dims & (1u << d)) && dims[d].cube) {
			cube = dims[d].cube;
			fine++;
		}
	finer = fine > 1;

#define ADD(s) do { if (rc == GL_OK) rc = buf_adds(b, (s)); } while (0)
#define ADDF(f, a) do { if (rc == GL_OK) rc = addf(b, (f), (a)); } while (0)
	ADD("SELECT g.p, g.measure, g.n, g.amount");
	for (int d = 0; d < SD__MAX; d++) {
		if (!(q->dims & (1u << d)))
			continue;
		snprintf(col, sizeof(col), "g.d%d", d);
		ADDF(", %s", col);
		if (dims[d].name) {
			ADD(", ");
			ADDF(dims[d].name, col);
		} else {
			ADD(", NULL");
		}
	}
	ADD(" FROM (SELECT ");
	ADD(q->period != SP_NONE ? period_expr[q->period] : "NULL");
	ADD(" AS p, measure, sum(n) AS n, sum(amount) AS amount");
	for (int d = 0; d < SD__MAX; d++) {
		if (!(q->dims & (1u << d)))
			continue;
		snprintf(col, sizeof(col), " AS d%d", d);
		ADD(", ");
		ADD(!finer && dims[d].cube ? "val" : dims[d].col);
		ADD(col);
	}
	if (finer) {
		ADD(" FROM stat_fact WHERE 1");
	} else {
		ADD(" FROM stat_cube WHERE dim = ");
		ADD(cube ? (strcmp(cube, "stage") == 0 ? "'stage'" : strcmp(cube, "chain") == 0
			    ? "'chain'" : strcmp(cube, "channel") == 0 ? "'channel'" : "'section'")
			 : "''");
	}
	ADD(" AND measure IN (?1, ?2, ?3, ?4, ?5)");
	if (q->from[0])
		ADD(" AND month >= ?6");
	if (q->to[0])
		ADD(" AND month <= ?7");
	if (q->industrial >= 0)
		ADD(" AND industrial = ?8");
	if (q->location)
		ADD(" AND location = ?9");
	if (q->unit_id)
		ADD(" AND unit_id = ?10");
	if (q->scope && q->scope->restricted)
		ADD(" AND unit_id IN (SELECT value FROM json_each(?11))");
	ADD(" GROUP BY p");
	for (int d = 0; d < SD__MAX; d++)
		if (q->dims & (1u << d)) {
			snprintf(col, sizeof(col), ", d%d", d);
			ADD(col);
		}
	ADD(", measure HAVING sum(n) <> 0 OR sum(amount) <> 0) g ORDER BY g.p");
	for (int d = 0; d < SD__MAX; d++) {
		if (!(q->dims & (1u << d)))
			continue;
		snprintf(col, sizeof(col), "g.d%d", d);
		ADD(", ");
		ADDF(dims[d].order, col);
		ADDF(", %s", col);
	}
#undef ADD
#undef ADDF
	return rc;
}

static const char *key_text(sqlite3_stmt *st, int col, struct arena *a)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const char *t = (const char *)sqlite3_column_text(st, col);
	/* '' and unit 0 stand for "none" in the rollups' keys. */
	if (!t || !*t || strcmp(t, "0") == 0)
		return NULL;
	return arena_strdup(a, t);
}

static int same_key(const struct stats_row *r, sqlite3_stmt *st, unsigned dimset)
{
	const char *p = (const char *)sqlite3_column_text(st, 0);

	if ((r->period == NULL) != (p == NULL) || (p && strcmp(r->period, p) != 0))
		return 0;
	int col = 4;
	for (int d = 0; d < SD__MAX; d++) {
		if (!(dimset & (1u << d)))
			continue;
		const char *t = (const char *)sqlite3_column_text(st, col);
		if (t && (!*t || strcmp(t, "0") == 0))
			t = NULL;
		if ((r->key[d].code == NULL) != (t == NULL) ||
		    (t && strcmp(r->key[d].code, t) != 0))
			return 0;
		col += 2;
	}
	return 1;
}

enum gl_err store_stats_query(struct store *s, const struct stats_query *q, struct arena *a,
			      struct stats_result *out)
{
	struct buf sql;
	sqlite3_stmt *st = NULL;
	enum gl_err rc;
	size_t cap = 64;
	int r, k = 1;

	memset(out, 0, sizeof(*out));
	buf_init(&sql, 16384);
	if ((rc = compose(q, &sql)) != GL_OK) {
		buf_release(&sql);
		return rc;
	}
	if (sqlite3_prepare_v2(s->db, sql.data, (int)sql.len, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return store_fail(s, "prepare statistics");
	}
	buf_release(&sql);
	for (int m = 0; m < SM__MAX; m++)
		if (q->measures & (1u << m))
			sqlite3_bind_text(st, k++, stats_measures[m].code, -1, SQLITE_STATIC);
	if (q->from[0])
		sqlite3_bind_text(st, 6, q->from, -1, SQLITE_TRANSIENT);
	if (q->to[0])
		sqlite3_bind_text(st, 7, q->to, -1, SQLITE_TRANSIENT);
	if (q->industrial >= 0)
		sqlite3_bind_int(st, 8, q->industrial);
	if (q->location)
		sqlite3_bind_text(st, 9, q->location, -1, SQLITE_TRANSIENT);
	if (q->unit_id)
		sqlite3_bind_int64(st, 10, q->unit_id);
	if (q->scope && q->scope->restricted)
		bind_text(st, 11, scope_units_json(q->scope, a));

	out->rows = arena_alloc(a, cap * sizeof(*out->rows));
	while (out->rows && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_row *row = out->n ? &out->rows[out->n - 1] : NULL;

		if (!row || !same_key(row, st, q->dims)) {
			if (out->n == cap) {
				struct stats_row *more = arena_alloc(a, 2 * cap * sizeof(*more));
				if (!more) {
					out->rows = NULL;
					break;
				}
				memcpy(more, out->rows, cap * sizeof(*more));
				out->rows = more;
				cap *= 2;
			}
			row = &out->rows[out->n++];
			memset(row, 0, sizeof(*row));
			row->period = col_text(st, 0, a);
			int col = 4;
			for (int d = 0; d < SD__MAX; d++) {
				if (!(q->dims & (1u << d)))
					continue;
				row->key[d].code = key_text(st, col, a);
				row->key[d].name = col_text(st, col + 1, a);
				col += 2;
			}
		}
		int m = stats_measure_parse((const char *)sqlite3_column_text(st, 1));
		if (m >= 0) {
			row->v[m].count += sqlite3_column_int64(st, 2);
			row->v[m].amount_wan += sqlite3_column_int64(st, 3);
			out->total[m].count += sqlite3_column_int64(st, 2);
			out->total[m].amount_wan += sqlite3_column_int64(st, 3);
		}
	}
	if (!out->rows) {
		sqlite3_finalize(st);
		return GL_ENOMEM;
	}
	rc = r == SQLITE_DONE ? GL_OK : store_fail(s, "read statistics");
	sqlite3_finalize(st);
	return rc;
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
	" GROUP BY measure, month, industrial, location, unit_id, section;";

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
