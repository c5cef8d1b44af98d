/* chains.c - /api/v1/chains: industry chains (产业链招商) as an anchor project and the projects
 * that support it, with the attribution rule of the statistics conventions. */
#include "resources.h"

#include <string.h>

#include "../domain/money.h"
#include "../store/store.h"

/* The rule, as every chain answer states it. */
static json_t *definitions(void)
{
	return json_pack(
		"{s:s, s:s, s:s, s:s}",
		"by_location",
		"项目在地: each project counts where it is located, the zone or a partner county;"
		" the location totals add up to credited_to_chain_work",
		"counted_in_zone",
		"projects of the chain located in the zone: what the zone's own statistics count",
		"credited_to_chain_work",
		"every project of the chain once (anchor, its phases, supporting projects wherever"
		" they landed): the zone's chain work (产业链招商). A supporting project in a partner"
		" county counts there and is credited here; never twice in one total",
		"amount", "total investment in 万元 (wan) with its exact 亿元 text (yi); projects"
		" without a total investment count as projects with 0");
}

static json_t *opt_amount(bool has, int64_t wan)
{
	return has ? api_amount(wan) : json_null();
}

/* The members of the chain of root that the caller may see, as rollup members.  OUT: *m in
 * the arena (NULL when root is no chain or outside scope: 404), *vis the visible briefs. */
static enum gl_err load_chain(struct request *req, int64_t root, const struct scope *scope,
			      struct brief_list *chain, struct member **m, size_t *nm)
{
	enum gl_err rc = store_chain_members(req->store, root, req->arena, chain);

	*m = NULL;
	*nm = 0;
	if (rc != GL_OK)
		return rc;
	/* The root first: the anchor node, then the others by id. */
	for (size_t i = 1; i < chain->n; i++)
		if (chain->items[i].id == root) {
			struct project_brief b = chain->items[i];

			memmove(&chain->items[1], &chain->items[0], i * sizeof(b));
			chain->items[0] = b;
		}
	if (!chain->n || chain->items[0].id != root || chain->items[0].phase_parent_id)
		return GL_ENOTFOUND; /* not the root of a chain (a later phase names its first) */
	if (scope && !scope_allows_project(scope, chain->items[0].unit_id,
					   chain->items[0].enterprise_ids,
					   chain->items[0].nenterprises))
		return GL_ENOTFOUND;
	if (!(*m = arena_alloc(req->arena, chain->n * sizeof(**m))))
		return GL_ENOMEM;
	size_t keep = 0;
	for (size_t i = 0; i < chain->n; i++) {
		struct project_brief *b = &chain->items[i];
		enum chain_role role = b->id == root ? CHAIN_ANCHOR
				     : b->phase_parent_id == root ? CHAIN_PHASE : CHAIN_SUPPORTING;

		/* Projects outside the caller's scope are left out of the graph and its sums. */
		if (scope && !scope_allows_project(scope, b->unit_id, b->enterprise_ids,
						   b->nenterprises))
			continue;
		(*m)[keep] = (struct member){b->id, role, b->location, b->in_zone,
					     b->has_investment, b->total_investment, b->funds,
					     b->has_signed_amount, b->signed_amount};
		chain->items[keep++] = *b;
	}
	chain->n = keep;
	*nm = keep;
	return GL_OK;
}

static json_t *totals_json(const struct brief_list *chain, const struct member *m, size_t n,
			   struct arena *a)
{
	struct chain_totals t = {.by_location = arena_alloc(a, (n ? n : 1) *
								sizeof(*t.by_location))};

	if (!t.by_location)
		return NULL;
	chain_attribute(m, n, &t);
	json_t *locs = json_array();
	for (size_t i = 0; i < t.nlocations; i++) {
		const char *name = NULL;

		for (size_t j = 0; j < chain->n && !name; j++)
			if (chain->items[j].location && t.by_location[i].location &&
			    strcmp(chain->items[j].location, t.by_location[i].location) == 0)
				name = chain->items[j].location_name;
		json_array_append_new(locs, json_pack(
			"{s:o, s:o, s:b, s:I, s:o}", "location", api_str(t.by_location[i].location),
			"location_name", api_str(name), "in_zone", t.by_location[i].in_zone,
			"projects", (json_int_t)t.by_location[i].projects,
			"amount", api_amount(t.by_location[i].investment)));
	}
	return json_pack("{s:I, s:o, s:I, s:o, s:o}",
			 "projects", (json_int_t)t.projects,
			 "credited_to_chain_work", api_amount(t.credited),
			 "zone_projects", (json_int_t)t.zone_projects,
			 "counted_in_zone", api_amount(t.counted_in_zone),
			 "by_location", locs);
}

static json_t *anchor_json(const struct project_brief *b)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:o}",
			 "id", (json_int_t)b->id, "code", b->code, "name", b->name,
			 "location", api_str(b->location), "location_name", api_str(b->location_name),
			 "stage", project_stages[b->stage].code,
			 "stage_name", project_stages[b->stage].name,
			 "amount", opt_amount(b->has_investment, b->total_investment));
}

int chains_list(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	static const char *const known[] = {"limit", "offset", NULL};
	int64_t limit, offset, total, *ids;
	size_t n;
	int status;
	enum gl_err rc;

	if ((status = api_query_known(req, res, known)) ||
	    (status = api_query_int(req, res, "limit", 1, API_MAX_LIMIT, API_DEFAULT_LIMIT,
				    &limit)) ||
	    (status = api_query_int(req, res, "offset", 0, INT32_MAX, 0, &offset)))
		return status;
	rc = store_chain_roots(req->store, &scope, limit, offset, req->arena, &ids, &n, &total);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct brief_list chain;
		struct member *m;
		size_t nm, supporting = 0, phases = 0;

		rc = load_chain(req, ids[i], &scope, &chain, &m, &nm);
		if (rc == GL_ENOTFOUND)
			continue; /* changed between the two reads; the snapshot makes this rare */
		if (rc != GL_OK) {
			json_decref(items);
			return api_fail(res, rc, NULL);
		}
		for (size_t k = 0; k < nm; k++) {
			supporting += m[k].role == CHAIN_SUPPORTING;
			phases += m[k].role == CHAIN_PHASE;
		}
		json_t *o = anchor_json(&chain.items[0]);
		json_object_set_new(o, "supporting", json_integer((json_int_t)supporting));
		json_object_set_new(o, "phases", json_integer((json_int_t)phases));
		json_object_set_new(o, "totals", totals_json(&chain, m, nm, req->arena));
		json_array_append_new(items, o);
	}
	return api_json(res, 200, json_pack("{s:o, s:I, s:I, s:I, s:o}", "items", items,
					    "total", (json_int_t)total, "limit", (json_int_t)limit,
					    "offset", (json_int_t)offset,
					    "definitions", definitions()));
}

static bool visible(const struct brief_list *chain, int64_t id)
{
	for (size_t i = 0; i < chain->n; i++)
		if (chain->items[i].id == id)
			return true;
	return false;
}

int chains_get(struct request *req, struct response *res)
{
	struct scope scope = principal_scope(req->principal);
	int64_t root = api_param_id(req, 0);
	struct brief_list chain;
	struct member *m;
	size_t nm;
	enum gl_err rc;

	if (!root)
		return api_fail(res, GL_ENOTFOUND, NULL);
	rc = load_chain(req, root, &scope, &chain, &m, &nm);
	if (rc != GL_OK)
		return api_fail(res, rc, NULL);
	json_t *nodes = json_array(), *edges = json_array();
	for (size_t i = 0; i < chain.n; i++) {
		const struct project_brief *b = &chain.items[i];

		json_t *node = anchor_json(b);
		json_object_set_new(node, "role", json_string(chain_role_names[m[i].role]));
		json_object_set_new(node, "in_zone", json_boolean(b->in_zone));
		json_object_set_new(node, "phase", api_str(b->phase));
		json_array_append_new(nodes, node);
		/* An edge needs both ends in the graph: one to a project left out is dropped. */
		if (m[i].role == CHAIN_PHASE && visible(&chain, root))
			json_array_append_new(edges, json_pack("{s:I, s:I, s:s}",
				"source", (json_int_t)b->id, "target", (json_int_t)root,
				"kind", "phase"));
		if (b->chain_anchor_id && visible(&chain, b->chain_anchor_id))
			json_array_append_new(edges, json_pack("{s:I, s:I, s:s}",
				"source", (json_int_t)b->id,
				"target", (json_int_t)b->chain_anchor_id, "kind", "supports"));
	}
	return api_json(res, 200, json_pack("{s:o, s:o, s:o, s:o, s:o}",
					    "anchor", anchor_json(&chain.items[0]),
					    "nodes", nodes, "edges", edges,
					    "totals", totals_json(&chain, m, nm, req->arena),
					    "definitions", definitions()));
}
