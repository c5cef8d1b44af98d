/* money.c - a project's money fields, its funds in place (/api/v1/projects/{id}/funds) and
 * its phase family (一期/二期) with the rollup shown on GET /api/v1/projects/{id}. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/amount.h"
#include "../domain/money.h"
#include "../store/store.h"
#include "../util/date.h"

/* ---- the money fields of a project ------------------------------------------------------- */

static void decode_land(json_t *v, struct verrors *errs, struct project_money *m)
{
	if (json_is_null(v)) {
		m->has_land = false;
		m->land_centimu = 0;
	} else if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 ||
		    json_integer_value(v) > MONEY_MAX_LAND_CENTIMU / 100)
			verr_add(errs, "land_mu", "invalid", "must be 0 to %lld 亩",
				 (long long)(MONEY_MAX_LAND_CENTIMU / 100));
		else {
			m->has_land = true;
			m->land_centimu = json_integer_value(v) * 100;
		}
	} else if (json_is_string(v)) {
		int64_t c;

		if (land_parse(json_string_value(v), &c) != 0)
			verr_add(errs, "land_mu", "invalid", "must be a number of 亩 with at most two"
				 " decimals, such as \"12.5\"");
		else {
			m->has_land = true;
			m->land_centimu = c;
		}
	} else {
		/* A binary fraction cannot say 12.35 exactly: decimals travel as text. */
		verr_add(errs, "land_mu", "type", "must be an integer or a decimal string such as"
			 " \"12.35\" (亩), or null");
	}
}

bool money_decode(const char *key, json_t *v, struct verrors *errs, struct project_money *m)
{
	if (strcmp(key, "fixed_asset_investment") == 0)
		jd_int(v, key, errs, &m->fixed_asset, &m->has_fixed_asset);
	else if (strcmp(key, "foreign_investment") == 0)
		jd_int(v, key, errs, &m->foreign, &m->has_foreign);
	else if (strcmp(key, "land_mu") == 0)
		decode_land(v, errs, m);
	else if (strcmp(key, "annual_output") == 0)
		jd_int(v, key, errs, &m->annual_output, &m->has_output);
	else if (strcmp(key, "annual_tax") == 0)
		jd_int(v, key, errs, &m->annual_tax, &m->has_tax);
	else if (strcmp(key, "jobs") == 0)
		jd_int(v, key, errs, &m->jobs, &m->has_jobs);
	else
		return false;
	return true;
}

static json_t *opt_int(bool has, int64_t v)
{
	return has ? json_integer(v) : json_null();
}

void money_json(json_t *o, const struct project *p)
{
	const struct project_money *m = &p->money;
	char land[32];

	json_object_set_new(o, "fixed_asset_investment", opt_int(m->has_fixed_asset, m->fixed_asset));
	json_object_set_new(o, "foreign_investment", opt_int(m->has_foreign, m->foreign));
	json_object_set_new(o, "land_mu", m->has_land && land_format(m->land_centimu, land,
								      sizeof(land)) >= 0
				  ? json_string(land) : json_null());
	json_object_set_new(o, "annual_output", opt_int(m->has_output, m->annual_output));
	json_object_set_new(o, "annual_tax", opt_int(m->has_tax, m->annual_tax));
	json_object_set_new(o, "jobs", opt_int(m->has_jobs, m->jobs));
	json_object_set_new(o, "countable",
			    json_boolean(money_countable(p->has_investment, p->total_investment)));
	json_object_set_new(o, "large",
			    json_boolean(money_large(p->has_investment, p->total_investment)));
}

/* ---- phases and their rollup ------------------------------------------------------------- */

static bool same_enterprises(const struct project_brief *a, const struct project_brief *b)
{
	if (a->nenterprises != b->nenterprises)
		return false;
	for (size_t i = 0; i < a->nenterprises; i++) {
		size_t j = 0;

		while (j < b->nenterprises && b->enterprise_ids[j] != a->enterprise_ids[i])
			j++;
		if (j == b->nenterprises)
			return false;
	}
	return true;
}

static json_t *opt_amount(bool has, int64_t wan)
{
	return has ? api_amount(wan) : json_null();
}

int money_phases_json(struct request *req, const struct project *p, const struct scope *scope,
		      json_t *o)
{
	int64_t root = p->phase_parent_id ? p->phase_parent_id : p->id;
	struct brief_list fam;
	struct member *m;
	struct rollup r;
	size_t nm = 0;
	enum gl_err rc = store_phase_family(req->store, root, req->arena, &fam);

	if (rc != GL_OK)
		return -1;
	json_t *phases = json_array();
	if (fam.n < 2) {
		/* Not built in phases: nothing to roll up. */
		json_object_set_new(o, "phases", phases);
		json_object_set_new(o, "rollup", json_null());
		return 0;
	}
	if (!(m = arena_alloc(req->arena, fam.n * sizeof(*m))))
		return -1;
	for (size_t i = 0; i < fam.n; i++) {
		const struct project_brief *b = &fam.items[i];

		/* Phases outside the caller's scope are left out of the list and the sums. */
		if (scope && !scope_allows_project(scope, b->unit_id, b->enterprise_ids,
						   b->nenterprises))
			continue;
		m[nm++] = (struct member){b->id, b->id == root ? CHAIN_ANCHOR : CHAIN_PHASE,
					  b->location, b->in_zone, b->has_investment,
					  b->total_investment, b->funds, b->has_signed_amount,
					  b->signed_amount};
		json_array_append_new(phases, json_pack(
			"{s:I, s:s, s:s, s:o, s:b, s:s, s:s, s:o, s:o, s:o, s:b}",
			"id", (json_int_t)b->id, "code", b->code, "name", b->name,
			"phase", api_str(b->phase), "parent", b->id == root,
			"stage", project_stages[b->stage].code,
			"stage_name", project_stages[b->stage].name,
			"total_investment", opt_amount(b->has_investment, b->total_investment),
			"signed_amount", opt_amount(b->has_signed_amount, b->signed_amount),
			"funds_in_place", api_amount(b->funds),
			"same_enterprises", same_enterprises(b, &fam.items[0])));
	}
	phase_rollup(m, nm, &r);
	json_object_set_new(o, "phases", phases);
	json_object_set_new(o, "rollup", json_pack(
		"{s:I, s:I, s:o, s:o, s:o, s:s}", "parent_id", (json_int_t)root,
		"projects", (json_int_t)r.projects, "total_investment", api_amount(r.investment),
		"signed_amount", r.nsigned ? api_amount(r.signed_amount) : json_null(),
		"funds_in_place", api_amount(r.funds), "definition",
		"一期 (the parent) and each later phase counted once: the parent's total_investment"
		" and signed_amount are phase 1's own figures, so the project as a whole is their"
		" sum (signed_amount over the phases that have one; null when none has)"));
	return 0;
}

/* ---- funds in place ---------------------------------------------------------------------- */

static int funds_answer(struct request *req, struct response *res, int64_t id,
			int64_t version)
{
	struct fund_series f;
	int64_t cumulative = 0;
	enum gl_err rc = store_funds_get(req->store, id, req->arena, &f);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < f.n; i++) {
		cumulative += f.items[i].amount;
		json_array_append_new(items, json_pack(
			"{s:s, s:o, s:o, s:o}", "month", f.items[i].month,
			"amount", api_amount(f.items[i].amount),
			"cumulative", api_amount(cumulative), "note", api_str(f.items[i].note)));
	}
	api_etag(req, res, version);
	return api_json(res, 200, json_pack("{s:I, s:I, s:o, s:o}",
					    "project_id", (json_int_t)id,
					    "version", (json_int_t)version, "items", items,
					    "total", api_amount(f.total)));
}

int funds_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	int64_t id = api_param_id(req, 0);
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = store_project_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return funds_answer(req, res, id, p.version);
}

/* The months of a PUT body, each problem named by index. */
static void decode_funds(json_t *arr, struct arena *a, struct verrors *errs,
			 struct fund_month **out, size_t *n)
{
	static const char *const known[] = {"month", "amount", "note", NULL};
	char field[64];

	*n = 0;
	*out = NULL;
	if (!json_is_array(arr)) {
		verr_add(errs, "items", arr ? "type" : "required",
			 "must be an array of {month, amount, note} ([] clears the series)");
		return;
	}
	if (json_array_size(arr) > FUNDS_MAX_MONTHS) {
		verr_add(errs, "items", "too_many", "at most %d months", FUNDS_MAX_MONTHS);
		return;
	}
	if (!(*out = arena_alloc(a, (json_array_size(arr) + 1) * sizeof(**out)))) {
		verr_add(errs, "items", "too_many", "out of memory");
		return;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		struct fund_month *f = &(*out)[(*n)++];
		const char *key;
		json_t *v;

		memset(f, 0, sizeof(*f));
		f->amount = -1;
		snprintf(field, sizeof(field), "items[%zu]", i);
		if (!json_is_object(o)) {
			verr_add(errs, field, "type", "must be an object {month, amount, note}");
			continue;
		}
		json_object_foreach(o, key, v) {
			int k = 0;

			while (known[k] && strcmp(known[k], key) != 0)
				k++;
			if (!known[k]) {
				snprintf(field, sizeof(field), "items[%zu].%.20s", i, key);
				verr_add(errs, field, "unknown", "is not a member of a month");
			}
		}
		snprintf(field, sizeof(field), "items[%zu].month", i);
		jd_str_required(json_object_get(o, "month"), field, a, errs, &f->month);
		if (!json_object_get(o, "month"))
			verr_add(errs, field, "required", "is required");
		snprintf(field, sizeof(field), "items[%zu].amount", i);
		if (!json_is_integer(json_object_get(o, "amount")))
			verr_add(errs, field, json_object_get(o, "amount") ? "type" : "required",
				 "must be an integer (万元)");
		else
			f->amount = json_integer_value(json_object_get(o, "amount"));
		snprintf(field, sizeof(field), "items[%zu].note", i);
		jd_str(json_object_get(o, "note"), field, a, errs, &f->note);
	}
}

int funds_put(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	struct project p;
	struct verrors errs;
	struct fund_month *items;
	size_t n;
	int64_t id = api_param_id(req, 0), version, new_version;
	char this_month[16];
	json_t *body;
	int status;
	enum gl_err rc;

	if (!id)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	if ((status = api_expected_version(req, res, body, &version))) {
		json_decref(body);
		return status;
	}
	rc = store_project_get(req->store, id, &scope, req->arena, &p);
	if (rc != GL_OK || (version && p.version != version)) {
		json_decref(body);
		return api_fail(res, rc != GL_OK ? rc : GL_ECONFLICT, NULL);
	}
	verr_init(&errs);
	{
		static const char *const allowed[] = {"items", NULL};
		jd_known(body, allowed, NULL, &errs);
	}
	decode_funds(json_object_get(body, "items"), req->arena, &errs, &items, &n);
	json_decref(body);
	{
		struct ymd today = date_shanghai(time(NULL));

		snprintf(this_month, sizeof(this_month), "%04d-%02d", today.y, today.m);
		funds_validate(items, n, p.signed_on, this_month, &errs);
	}
	if (errs.n)
		return api_invalid(res, &errs);
	funds_sort(items, n);
	rc = store_funds_replace(req->store, id, p.version, items, n, req->arena, &new_version);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return funds_answer(req, res, id, new_version);
}
