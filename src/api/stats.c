/* stats.c - /api/v1/stats/summary: the figures leaders quote, each with its definition;
 * /api/v1/stats: any grouping of the ledger-dated measures; /api/v1/stats/briefing: a
 * period's figures as a Chinese paragraph. */
#include "resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../domain/amount.h"
#include "../domain/briefing.h"
#include "../domain/stats.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../util/date.h"

static json_t *figure(const struct stats_figure *f, const char *definition)
{
	json_t *o = json_pack("{s:I, s:o}", "count", (json_int_t)f->count, "amount",
			      api_amount(f->amount_wan));

	if (o && definition)
		json_object_set_new(o, "definition", json_string(definition));
	return o;
}

static json_t *buckets(const struct stats_bucket *b, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = figure(&b[i].fig, NULL);
		json_object_set_new(o, "key", json_string(b[i].key));
		json_object_set_new(o, "name", json_string(b[i].name));
		json_array_append_new(list, o);
	}
	return list;
}

int stats_summary(struct request *req, struct response *res)
{
	static const char *const known[] = {NULL};
	struct stats_summary s;
	char now[32];
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)))
		return status;
	rc = store_stats_summary(req->store, req->arena, &s);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);

	json_t *stages = json_array();
	for (int i = 0; i < STAGE__MAX; i++) {
		json_t *o = figure(&s.by_stage[i], NULL);
		json_object_set_new(o, "key", json_string(project_stages[i].code));
		json_object_set_new(o, "name", json_string(project_stages[i].name));
		json_array_append_new(stages, o);
	}
	return api_json(res, 200, json_pack(
		"{s:s, s:I, s:o, s:o, s:o, s:{s:s, s:o}, s:{s:s, s:o}, s:{s:s, s:o}}",
		"as_of", date_format_timestamp(time(NULL), now, sizeof(now)),
		"projects", (json_int_t)s.projects,
		"signed_industrial", figure(&s.signed_industrial, stats_def_signed_industrial),
		"signed_all", figure(&s.signed_all, stats_def_signed_all),
		"county_signed", figure(&s.county_signed, stats_def_county_signed),
		"by_stage", "definition", stats_def_by_stage, "items", stages,
		"by_chain", "definition", stats_def_by_chain, "items", buckets(s.by_chain, s.nchain),
		"by_year", "definition", stats_def_by_year, "items", buckets(s.by_year, s.nyear)));
}

/* ---- GET /api/v1/stats ---------------------------------------------------------------- */

static const char *const period_codes[] = {NULL, "year", "quarter", "month"};

/* The next comma-separated item of *p into item (NUL-terminated); 0 at the end. */
static int next_item(const char **p, char *item, size_t size)
{
	size_t n = strcspn(*p, ",");

	if (!**p)
		return 0;
	if (n >= size)
		n = size - 1; /* too long for any code: it will not parse */
	memcpy(item, *p, n);
	item[n] = '\0';
	*p += strcspn(*p, ",");
	if (**p == ',')
		(*p)++;
	return 1;
}

/* A month bound: YYYY-MM, or a day that must start (from) or end (to) its month, since the
 * rollups are kept per month.  Returns 0 or the 400 it set. */
static int month_bound(struct response *res, const char *key, const char *v, int end,
		       char out[16])
{
	struct ymd d;
	char day[16];

	if (!v)
		return 0;
	if (strlen(v) == 7) {
		snprintf(day, sizeof(day), "%s-01", v);
		if (date_parse_iso(day, &d) == 0) {
			memcpy(out, v, 8);
			return 0;
		}
	} else if (date_parse_iso(v, &d) == 0) {
		if (d.d == (end ? date_days_in_month(d.y, d.m) : 1)) {
			snprintf(out, 16, "%04d-%02d", d.y, d.m);
			return 0;
		}
		return api_error(res, 400, "bad_parameter", key, "%s must be the %s day of a month"
				 " (statistics are kept per month): %s", key, end ? "last" : "first", v);
	}
	return api_error(res, 400, "bad_parameter", key, "%s must be a date YYYY-MM-DD or a month"
			 " YYYY-MM: %s", key, v);
}

static json_t *measure_values(enum stats_measure m, const struct stats_figure *f)
{
	return json_pack("{s:I, s:o}", m == SM_FUNDS ? "reports" : "projects",
			 (json_int_t)f->count, "amount", api_amount(f->amount_wan));
}

static json_t *values_json(unsigned measures, const struct stats_figure *v)
{
	json_t *o = json_object();

	for (int m = 0; m < SM__MAX; m++)
		if (measures & (1u << m))
			json_object_set_new(o, stats_measures[m].code,
					    measure_values((enum stats_measure)m, &v[m]));
	return o;
}

static const char *const key_names[SD__MAX][2] = {
	[SD_STAGE] = {"stage", "stage_name"}, [SD_CHAIN] = {"chain", "chain_name"},
	[SD_CHANNEL] = {"channel", "channel_name"}, [SD_LOCATION] = {"location", "location_name"},
	[SD_UNIT] = {"unit_id", "unit_name"}, [SD_SECTION] = {"section", "section_name"},
};

/* The rows of a large answer are written as JSON text directly: through a jansson tree
 * (about thirty objects and strings a row) they cost ~14 µs a row, most of the time of an
 * answer of thousands of rows (docs/PERFORMANCE.md).  The text is what json_dumps would
 * write for the same members through jansson, in the same order. */
static enum gl_err put_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	enum gl_err rc = buf_add(b, "\"", 1);
	const char *run = s;

	for (; rc == GL_OK && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_add(b, run, (size_t)(s - run));
		if (rc != GL_OK)
			break;
		char esc[7] = {'\\', (char)c, 0};
		size_t n = 2;
		if (c == '\n')
			esc[1] = 'n';
		else if (c == '\t')
			esc[1] = 't';
		else if (c == '\r')
			esc[1] = 'r';
		else if (c < 0x20) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		rc = buf_add(b, esc, n);
		run = s + 1;
	}
	if (rc == GL_OK)
		rc = buf_add(b, run, strlen(run));
	return rc == GL_OK ? buf_add(b, "\"", 1) : rc;
}

static enum gl_err put_str_or_null(struct buf *b, const char *s)
{
	return s ? put_str(b, s) : buf_adds(b, "null");
}

static enum gl_err put_row(struct buf *b, const struct stats_query *q, const struct stats_row *r)
{
	enum gl_err rc = buf_adds(b, "{\"keys\":{");
	char num[96], yi[32];
	int first = 1;

	if (rc == GL_OK && q->period != SP_NONE) {
		rc = buf_adds(b, "\"period\":");
		if (rc == GL_OK)
			rc = put_str_or_null(b, r->period);
		first = 0;
	}
	for (int d = 0; rc == GL_OK && d < SD__MAX; d++) {
		if (!(q->dims & (1u << d)))
			continue;
		const char *code = r->key[d].code, *name = r->key[d].name;
		if (d == SD_STAGE && code) {
			int st = project_stage_parse(code);
			name = st >= 0 ? project_stages[st].name : NULL;
		}
		snprintf(num, sizeof(num), "%s\"%s\":", first ? "" : ",", key_names[d][0]);
		first = 0;
		rc = buf_adds(b, num);
		if (rc == GL_OK && d == SD_UNIT && code) {
			snprintf(num, sizeof(num), "%lld", strtoll(code, NULL, 10));
			rc = buf_adds(b, num);
		} else if (rc == GL_OK) {
			rc = put_str_or_null(b, code);
		}
		if (rc == GL_OK) {
			snprintf(num, sizeof(num), ",\"%s\":", key_names[d][1]);
			rc = buf_adds(b, num);
		}
		if (rc == GL_OK)
			rc = put_str(b, name ? name : "（未填）");
	}
	if (rc == GL_OK)
		rc = buf_adds(b, "},\"values\":{");
	first = 1;
	for (int m = 0; rc == GL_OK && m < SM__MAX; m++) {
		if (!(q->measures & (1u << m)))
			continue;
		snprintf(num, sizeof(num), "%s\"%s\":{\"%s\":%lld,\"amount\":", first ? "" : ",",
			 stats_measures[m].code, m == SM_FUNDS ? "reports" : "projects",
			 (long long)r->v[m].count);
		first = 0;
		rc = buf_adds(b, num);
		if (rc == GL_OK && amount_format_yi(r->v[m].amount_wan, yi, sizeof(yi)) < 0) {
			rc = buf_adds(b, "null}");
		} else if (rc == GL_OK) {
			snprintf(num, sizeof(num), "{\"wan\":%lld,\"yi\":\"%s\"}}",
				 (long long)r->v[m].amount_wan, yi);
			rc = buf_adds(b, num);
		}
	}
	return rc == GL_OK ? buf_adds(b, "}}") : rc;
}

/* The answer as text: the small members through jansson, then "rows" written directly. */
static int stats_answer(struct request *req, struct response *res, const struct stats_query *q,
			const struct stats_result *r, json_t *head)
{
	char *text = json_dumps(head, JSON_COMPACT);
	size_t tl = text ? strlen(text) : 0;
	struct buf b;
	enum gl_err rc;

	json_decref(head);
	if (!text || tl < 2)
		return api_fail(res, GL_ENOMEM, NULL);
	buf_init(&b, (size_t)1 << 30);
	rc = buf_add(&b, text, tl - 1); /* without its closing brace */
	free(text);
	if (rc == GL_OK)
		rc = buf_adds(&b, ",\"rows\":[");
	for (size_t i = 0; rc == GL_OK && i < r->n; i++) {
		if (i)
			rc = buf_add(&b, ",", 1);
		if (rc == GL_OK)
			rc = put_row(&b, q, &r->rows[i]);
	}
	if (rc == GL_OK)
		rc = buf_adds(&b, "]}");
	char *body = rc == GL_OK ? arena_alloc(req->arena, b.len ? b.len : 1) : NULL;
	if (body)
		memcpy(body, b.data, b.len);
	size_t len = b.len;
	buf_release(&b);
	if (!body)
		return api_fail(res, rc == GL_OK ? GL_ENOMEM : rc, NULL);
	if (res->json) {
		json_decref(res->json);
		res->json = NULL;
	}
	res->raw = body; /* the arena lives until the response has been sent */
	res->raw_len = len;
	return res->status = 200;
}

/* Refuse, before reading any figure, a grouping that could produce more than
 * STATS_MAX_GROUPS rows (domain/stats.h says why).  Returns 0, or the 422 it set (field
 * "group", naming the estimate, its factors and the limit). */
static int within_limit(struct request *req, struct response *res, const struct stats_query *q)
{
	struct stats_extent x;
	struct verrors v;
	char why[160];
	enum gl_err rc = store_stats_extent(req->store, q, &x);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	int64_t n = stats_estimate_groups(q, &x, why, sizeof(why));
	if (n <= STATS_MAX_GROUPS)
		return 0;
	verr_init(&v);
	verr_add(&v, "group", "too_many", "would give %lld groups (%s), over the limit of %d:"
		 " group by less, narrow the period or export the ledger",
		 (long long)n, why, STATS_MAX_GROUPS);
	return api_invalid(res, &v);
}

int stats_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"measure", "group", "from", "to", "industrial",
					    "location", "unit", NULL};
	struct scope scope = principal_scope(req->principal);
	struct stats_query q = {.industrial = -1, .scope = &scope};
	const char *measure, *group, *from, *to, *p;
	struct stats_result r;
	char item[32], now[32];
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "measure", &measure)) ||
	    (status = api_query_str(req, res, "group", &group)) ||
	    (status = api_query_str(req, res, "from", &from)) ||
	    (status = api_query_str(req, res, "to", &to)) ||
	    (status = api_query_bool(req, res, "industrial", &q.industrial)) ||
	    (status = api_query_str(req, res, "location", &q.location)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = month_bound(res, "from", from, 0, q.from)) ||
	    (status = month_bound(res, "to", to, 1, q.to)))
		return status;
	for (p = measure ? measure : "signed"; next_item(&p, item, sizeof(item));) {
		int m = stats_measure_parse(item);
		if (m < 0)
			return api_error(res, 400, "bad_parameter", "measure", "\"%s\" is not a"
					 " measure; use signed, started, production, capacity or funds",
					 item);
		q.measures |= 1u << m;
	}
	json_t *groups = json_array();
	for (p = group ? group : ""; next_item(&p, item, sizeof(item));) {
		int d = stats_dim_parse(item);
		if (strncmp(item, "period:", 7) == 0 && q.period == SP_NONE) {
			for (int k = SP_YEAR; k <= SP_MONTH; k++)
				if (strcmp(item + 7, period_codes[k]) == 0)
					q.period = (enum stats_period)k;
		} else if (d >= 0 && !(q.dims & (1u << d))) {
			q.dims |= 1u << d;
		} else {
			d = -2;
		}
		if (d == -2 || (strncmp(item, "period:", 7) == 0 && q.period == SP_NONE)) {
			json_decref(groups);
			return api_error(res, 400, "bad_parameter", "group", "\"%s\" is not a grouping"
					 " (or is repeated); use period:year, period:quarter,"
					 " period:month, stage, chain, channel, location, unit, section",
					 item);
		}
		json_array_append_new(groups, json_string(item));
	}
	if (q.from[0] && q.to[0] && strcmp(q.from, q.to) > 0) {
		json_decref(groups);
		return api_error(res, 400, "bad_parameter", "to", "to is before from");
	}
	if ((status = within_limit(req, res, &q))) {
		json_decref(groups);
		return status;
	}
	rc = store_stats_query(req->store, &q, req->arena, &r);
	if (rc != GL_OK) {
		json_decref(groups);
		return api_fail(res, rc, NULL);
	}

	json_t *measures = json_array();
	for (int m = 0; m < SM__MAX; m++)
		if (q.measures & (1u << m))
			json_array_append_new(measures, json_pack(
				"{s:s, s:s, s:s}", "code", stats_measures[m].code,
				"name", stats_measures[m].name,
				"definition", stats_measures[m].definition));
	json_t *head = json_pack(
		"{s:s, s:{s:o, s:o}, s:{s:o, s:o, s:o, s:b}, s:o, s:o, s:o}",
		"as_of", date_format_timestamp(time(NULL), now, sizeof(now)),
		"period", "from", from ? json_string(from) : json_null(),
		"to", to ? json_string(to) : json_null(),
		"filters", "industrial", q.industrial < 0 ? json_null() : json_boolean(q.industrial),
		"location", api_str(q.location),
		"unit_id", q.unit_id ? json_integer(q.unit_id) : json_null(),
		"scoped", scope.restricted,
		"measures", measures, "groups", groups,
		"totals", values_json(q.measures, r.total));
	if (!head)
		return api_fail(res, GL_ENOMEM, NULL);
	return stats_answer(req, res, &q, &r, head);
}

/* ---- GET /api/v1/stats/briefing ------------------------------------------------------- */

static json_t *figure_json(const struct stats_figure *f)
{
	return json_pack("{s:I, s:o}", "projects", (json_int_t)f->count, "amount",
			 api_amount(f->amount_wan));
}

int stats_briefing(struct request *req, struct response *res)
{
	static const char *const known[] = {"period", NULL};
	struct briefing_figures f;
	struct stats_span span;
	const char *period;
	char now[32], today[16], text[2048];
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "period", &period)))
		return status;
	if (!period || stats_span_parse(period, &span) != 0)
		return api_error(res, 400, "bad_parameter", "period", "period must be a year (2023),"
				 " a quarter (2023-Q2) or a month (2023-05)");
	rc = store_briefing_figures(req->store, &span, req->arena, &f);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	/* The figures stand at the period's end, or at today for a period still running. */
	time_t t = time(NULL);
	date_format_iso(date_shanghai(t), today, sizeof(today));
	snprintf(f.as_of, sizeof(f.as_of), "%s", strcmp(today, span.to_day) < 0 ? today
										   : span.to_day);
	if (briefing_write(&f, text, sizeof(text)) < 0)
		return api_fail(res, GL_ETOOBIG, NULL);

	json_t *counties = json_array();
	for (size_t i = 0; i < f.ncounties; i++)
		json_array_append_new(counties, json_pack("{s:s, s:o}", "name", f.counties[i].name,
							  "signed", figure_json(&f.counties[i].signed_)));
	return api_json(res, 200, json_pack(
		"{s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:{s:o, s:o, s:o, s:o, s:{s:o}, s:o},"
		" s:{s:s, s:s, s:s, s:s, s:s, s:s}}",
		"period", "code", period, "from", span.from_day, "to", span.to_day,
		"as_of", date_format_timestamp(t, now, sizeof(now)),
		"figures_as_of", f.as_of,
		"text", text,
		"figures",
		"signed", figure_json(&f.signed_all),
		"signed_industrial", figure_json(&f.signed_industrial),
		"started", figure_json(&f.started),
		"production", figure_json(&f.production),
		"funds", "amount", api_amount(f.funds_wan),
		"counties", counties,
		"definitions",
		"signed", "全区（起步区内）签约日期在期内的项目，含其后搁置、终止的；金额为总投资。"
			  " Zone projects whose signing date is in the period, including those later"
			  " put on hold or dropped; amount = total investment.",
		"signed_industrial", "其中产业类项目。 Of those, industrial projects.",
		"started", "全区开工日期在期内的项目。 Zone projects started in the period.",
		"production", "全区投产日期在期内的项目。 Zone projects in production in the period.",
		"funds", "全区项目期内各月到位资金之和。 Funds in place reported for the period's"
			 " months by zone projects.",
		"counties", "协作县区（济阳、商河）签约日期在期内的项目，计入所在地，不计入全区合计。"
			    " Projects in partner counties signed in the period: counted where located,"
			    " never in the zone's totals."));
}
