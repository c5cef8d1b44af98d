/* targets.c - /api/v1/targets: annual targets (目标任务) for the zone and per unit, and the
 * progress made against them, from the same rollups as the statistics. */
#include "resources.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../domain/stats.h"
#include "../store/store.h"
#include "../util/date.h"

enum { TARGETS_MAX = 500 };

static const char *const item_fields[] = {"unit_id", "measure", "value", NULL};

static json_t *targets_json(int year, const struct target *t, size_t n)
{
	json_t *items = json_array(), *measures = json_array();
	char now[32];

	for (int m = 0; m < TM__MAX; m++)
		json_array_append_new(measures, json_pack("{s:s, s:s, s:s}",
			"code", target_measures[m].code, "name", target_measures[m].name,
			"definition", target_measures[m].definition));
	for (size_t i = 0; i < n; i++) {
		int64_t pm = target_permille(t[i].actual, t[i].value);
		char pct[32];

		snprintf(pct, sizeof(pct), "%lld.%lld", (long long)(pm / 10), (long long)(pm % 10));
		json_array_append_new(items, json_pack(
			"{s:o, s:s, s:s, s:s, s:I, s:I, s:o}",
			"unit_id", t[i].unit_id ? json_integer(t[i].unit_id) : json_null(),
			"unit_name", t[i].unit_id ? (t[i].unit_name ? t[i].unit_name : "") : "全区",
			"measure", target_measures[t[i].measure].code,
			"measure_name", target_measures[t[i].measure].name,
			"target", (json_int_t)t[i].value, "actual", (json_int_t)t[i].actual,
			"percent", pm >= 0 ? json_string(pct) : json_null()));
	}
	return json_pack("{s:i, s:s, s:s, s:o, s:o}", "year", year,
			 "as_of", date_format_timestamp(time(NULL), now, sizeof(now)),
			 "definition", "全区目标的完成数计落在起步区的项目（项目在地）；单位目标的完成数计该单位"
			 "负责的项目（不论所在地）。percent 为完成数/目标数，保留一位小数。 The zone's"
			 " actuals count projects located in the zone; a unit's count the projects it is"
			 " responsible for, wherever located. percent = actual / target, one decimal.",
			 "measures", measures, "targets", items);
}

static int answer(struct request *req, struct response *res, int year)
{
	struct scope scope = principal_scope(req->principal);
	struct target *t;
	size_t n;
	enum gl_err rc = store_targets_get(req->store, year, &scope, req->arena, &t, &n);

	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	return api_json(res, 200, targets_json(year, t, n));
}

int targets_get(struct request *req, struct response *res)
{
	static const char *const known[] = {"year", NULL};
	int64_t year;
	int status;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "year", 2000, 2999,
				    date_shanghai(time(NULL)).y, &year)))
		return status;
	return answer(req, res, (int)year);
}

int targets_put(struct request *req, struct response *res)
{
	static const char *const top[] = {"targets", NULL};
	int64_t year = api_param_id(req, 0);
	struct verrors errs;
	json_t *body, *list, *v;
	struct target *items = NULL;
	size_t n = 0, i;
	int status;
	enum gl_err rc;

	if (year < 2000 || year > 2999)
		return api_fail(res, GL_ENOTFOUND, NULL);
	if ((status = api_read_object(req, res, &body)))
		return status;
	verr_init(&errs);
	jd_known(body, top, NULL, &errs);
	list = json_object_get(body, "targets");
	if (!json_is_array(list) || json_array_size(list) > TARGETS_MAX) {
		verr_add(&errs, "targets", "type", "must be an array of at most %d targets",
			 TARGETS_MAX);
	} else {
		n = json_array_size(list);
		items = arena_alloc(req->arena, (n ? n : 1) * sizeof(*items));
		if (!items) {
			json_decref(body);
			return api_fail(res, GL_ENOMEM, NULL);
		}
		json_array_foreach(list, i, v) {
			struct target *t = &items[i];
			char f[VERR_FIELD_LEN];
			const char *measure = NULL;
			bool has = false;

			memset(t, 0, sizeof(*t));
			snprintf(f, sizeof(f), "targets[%zu]", i);
			if (!json_is_object(v)) {
				verr_add(&errs, f, "type", "must be an object");
				continue;
			}
			const char *key;
			json_t *m;
			json_object_foreach(v, key, m) {
				int known = 0;
				for (const char *const *k = item_fields; *k; k++)
					known |= strcmp(*k, key) == 0;
				if (!known) {
					snprintf(f, sizeof(f), "targets[%zu].%s", i, key);
					verr_add(&errs, f, "unknown", "is not a field of a target");
				}
			}
			snprintf(f, sizeof(f), "targets[%zu].unit_id", i);
			jd_id(json_object_get(v, "unit_id"), f, &errs, &t->unit_id);
			snprintf(f, sizeof(f), "targets[%zu].measure", i);
			jd_str_required(json_object_get(v, "measure"), f, req->arena, &errs, &measure);
			int tm = measure ? target_measure_parse(measure) : 0;
			if (tm < 0)
				verr_add(&errs, f, "invalid", "\"%s\" is not a target measure; use"
					 " signed_projects, signed_amount, started, production or funds",
					 measure);
			else if (measure)
				t->measure = (enum target_measure)tm;
			t->actual = measure && tm >= 0; /* marks a parsed measure for the check below */
			snprintf(f, sizeof(f), "targets[%zu].value", i);
			jd_int(json_object_get(v, "value"), f, &errs, &t->value, &has);
			if (!has && !json_object_get(v, "value"))
				verr_add(&errs, f, "required", "is required");
			else if (has && t->value < 0)
				verr_add(&errs, f, "invalid", "must not be negative");
			else if (!has && json_is_null(json_object_get(v, "value")))
				verr_add(&errs, f, "required", "must not be null");
			for (size_t k = 0; measure && tm >= 0 && k < i; k++)
				if (items[k].actual && items[k].unit_id == t->unit_id &&
				    items[k].measure == t->measure) {
					snprintf(f, sizeof(f), "targets[%zu]", i);
					verr_add(&errs, f, "duplicate", "repeats the target of targets[%zu]"
						 " (same unit and measure)", k);
					break;
				}
		}
	}
	json_decref(body);
	if (errs.n)
		return api_invalid(res, &errs);
	for (i = 0; i < n; i++)
		items[i].actual = 0;
	rc = store_targets_replace(req->store, (int)year, items, n, req->arena, &errs);
	if (rc != GL_OK)
		return api_fail(res, rc, &errs);
	return answer(req, res, (int)year);
}
