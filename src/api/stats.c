/* stats.c - /api/v1/stats/summary: the figures leaders quote, each with its definition. */
#include "resources.h"

#include <time.h>

#include "../domain/stats.h"
#include "../store/store.h"
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
