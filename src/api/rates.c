/* rates.c - GET /api/v1/appeal-rates: 响应率, 解决率, 满意率 and the figures beside them for
 * appeals, arrangements or project problems, per unit (with the ranking), category, channel
 * or period.  The definitions are domain/rates.c's; docs/rates.md explains them. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/date.h"

static json_t *rate_json(struct ratio r)
{
	char buf[16];
	int64_t pm = ratio_permille(r);

	return json_pack("{s:I, s:I, s:o, s:o}", "num", (json_int_t)r.num, "den",
			 (json_int_t)r.den, "permille", pm < 0 ? json_null() : json_integer(pm),
			 "percent", pm < 0 ? json_null()
					   : json_string(ratio_percent(r, buf, sizeof(buf))));
}

/* The figures of one accumulator.  Arrangements and problems have no response step and no
 * rating: those figures are null, and their resolution is done (resolved) ÷ taken up. */
static json_t *set_json(enum rate_kind kind, const struct rate_acc *acc)
{
	struct rates r;
	bool appeals = kind == RATE_KIND_APPEALS;
	json_t *o = json_object();

	rates_compute(acc, &r);
	if (!appeals)
		r.resolution = (struct ratio){acc->answered, acc->accepted};
	json_object_set_new(o, "items", json_integer(acc->items));
	json_object_set_new(o, "rated", json_integer(acc->rated));
	json_object_set_new(o, "response", appeals ? rate_json(r.response) : json_null());
	json_object_set_new(o, "resolution", rate_json(r.resolution));
	json_object_set_new(o, "satisfaction", appeals ? rate_json(r.satisfaction) : json_null());
	json_object_set_new(o, "satisfaction_weighted",
			    appeals ? rate_json(r.satisfaction_weighted) : json_null());
	json_object_set_new(o, "on_time", rate_json(r.on_time));
	json_object_set_new(o, "reopen", appeals ? rate_json(r.reopen) : json_null());
	if (r.avg_days.den > 0) {
		/* Tenths, rounded half up. */
		int64_t t = (20 * r.avg_days.num + r.avg_days.den) / (2 * r.avg_days.den);

		char avg[32];

		snprintf(avg, sizeof(avg), "%lld.%lld", (long long)(t / 10), (long long)(t % 10));
		json_object_set_new(o, "avg_days", json_string(avg));
	} else {
		json_object_set_new(o, "avg_days", json_null());
	}
	json_object_set_new(o, "p90_days", r.p90_days < 0 ? json_null()
							  : json_integer(r.p90_days));
	return o;
}

static int parse_name(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static bool is_day(const char *s)
{
	struct ymd d;

	return s && strlen(s) == 10 && date_parse_iso(s, &d) == 0;
}

int appeal_rates_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"kind", "group", "from", "to", "unit", "category",
					    "channel", "as_of", NULL};
	static const char *const channels[] = {"onsite", "online", "proxy", "hotline"};
	struct scope scope = principal_scope(req->principal);
	struct rate_query q = {.scope = &scope};
	struct rate_result out;
	struct verrors errs;
	const char *kind = NULL, *group = NULL, *as_of = NULL;
	char day[11];
	int status, k, g;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_str(req, res, "kind", &kind)) ||
	    (status = api_query_str(req, res, "group", &group)) ||
	    (status = api_query_str(req, res, "from", &q.from)) ||
	    (status = api_query_str(req, res, "to", &q.to)) ||
	    (status = api_query_int(req, res, "unit", 1, INT64_MAX, 0, &q.unit_id)) ||
	    (status = api_query_str(req, res, "category", &q.category)) ||
	    (status = api_query_str(req, res, "channel", &q.channel)) ||
	    (status = api_query_str(req, res, "as_of", &as_of)))
		return status;
	verr_init(&errs);
	k = kind ? parse_name(kind, rate_kind_names, RATE_KIND__MAX) : RATE_KIND_APPEALS;
	g = group ? parse_name(group, rate_group_names, RATE_GROUP__MAX) : RATE_BY_UNIT;
	if (k < 0)
		verr_add(&errs, "kind", "invalid", "one of appeals, arrangements, problems");
	if (g < 0)
		verr_add(&errs, "group", "invalid", "one of unit, category, channel, period:month,"
			 " period:quarter, period:year");
	if (q.from && !is_day(q.from))
		verr_add(&errs, "from", "invalid", "a day, YYYY-MM-DD");
	if (q.to && !is_day(q.to))
		verr_add(&errs, "to", "invalid", "a day, YYYY-MM-DD");
	if (q.from && q.to && is_day(q.from) && is_day(q.to) && strcmp(q.from, q.to) > 0)
		verr_add(&errs, "to", "invalid", "on or after from");
	if (as_of && !is_day(as_of))
		verr_add(&errs, "as_of", "invalid", "a day, YYYY-MM-DD");
	if (q.channel && parse_name(q.channel, channels, 4) < 0)
		verr_add(&errs, "channel", "invalid", "one of onsite, online, proxy, hotline");
	if (k == RATE_KIND_PROBLEMS && (q.channel || g == RATE_BY_CHANNEL))
		verr_add(&errs, q.channel ? "channel" : "group", "invalid", "project problems"
			 " come by no channel");
	if (errs.n)
		return api_invalid(res, &errs);
	q.kind = (enum rate_kind)k;
	q.group = (enum rate_group)g;
	if (as_of)
		(void)date_parse_iso(as_of, &q.as_of);
	else
		q.as_of = date_shanghai(time(NULL));
	/* A handler's figures are their units' (as lead unit or owner) only. */
	if (!scope.restricted)
		q.scope = NULL;
	if ((rc = store_rates(req->store, &q, req->arena, &out)) != GL_OK)
		return api_fail(res, rc, NULL);

	struct rate_rank *rk = arena_alloc(req->arena, (out.ncells + 1) * sizeof(*rk));
	size_t nrk = 0;
	if (!rk)
		return api_fail(res, GL_ENOMEM, NULL);
	if (q.group == RATE_BY_UNIT) {
		for (size_t i = 0; i < out.ncells; i++) {
			if (!out.cells[i].unit_id)
				continue;
			memset(&rk[nrk], 0, sizeof(rk[nrk]));
			rk[nrk].key = (int64_t)i;
			rates_compute(&out.cells[i].acc, &rk[nrk].r);
			if (q.kind != RATE_KIND_APPEALS)
				rk[nrk].r.resolution = (struct ratio){out.cells[i].acc.answered,
								      out.cells[i].acc.accepted};
			rk[nrk].rated = out.cells[i].acc.rated;
			nrk++;
		}
		rates_rank(rk, nrk);
	}

	json_t *groups = json_array(), *defs;
	if (q.group == RATE_BY_UNIT) {
		/* In rank order, then the appeals no unit leads yet. */
		for (size_t j = 0; j < nrk; j++) {
			const struct rate_cell *c = &out.cells[rk[j].key];
			json_t *o = set_json(q.kind, &c->acc);

			json_object_set_new(o, "key", json_string(c->key));
			json_object_set_new(o, "name", api_str(c->name));
			json_object_set_new(o, "rank", json_integer(rk[j].rank));
			json_array_append_new(groups, o);
		}
	}
	for (size_t i = 0; i < out.ncells; i++) {
		const struct rate_cell *c = &out.cells[i];
		json_t *o;

		if (q.group == RATE_BY_UNIT && c->unit_id)
			continue;
		o = set_json(q.kind, &c->acc);
		json_object_set_new(o, "key", json_string(c->key));
		json_object_set_new(o, "name", api_str(c->name));
		if (q.group == RATE_BY_UNIT)
			json_object_set_new(o, "rank", json_null());
		json_array_append_new(groups, o);
	}
	defs = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "response", rates_def_response, "resolution", rates_def_resolution,
			 "satisfaction", rates_def_satisfaction,
			 "satisfaction_weighted", rates_def_satisfaction_weighted,
			 "on_time", rates_def_on_time, "reopen", rates_def_reopen,
			 "days", rates_def_days, "rank", rates_def_rank);
	return api_json(res, 200, json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o}",
		"kind", rate_kind_names[q.kind], "group", rate_group_names[q.group],
		"from", api_str(q.from), "to", api_str(q.to),
		"as_of", date_format_iso(q.as_of, day, sizeof(day)), "definitions", defs,
		"total", set_json(q.kind, &out.total), "groups", groups));
}
