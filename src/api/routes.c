/* routes.c - the route table: every URL the server answers, in one place. */
#include "routes.h"

#include <string.h>

#include "../store/store.h"
#include "auth.h"
#include "resources.h"

#define ADMIN      ROLE_BIT(ROLE_ADMIN)
#define LEADER     ROLE_BIT(ROLE_LEADER)
#define OFFICER    ROLE_BIT(ROLE_OFFICER)
#define HANDLER    ROLE_BIT(ROLE_HANDLER)
#define ENTERPRISE ROLE_BIT(ROLE_ENTERPRISE)
#define VIEWER     ROLE_BIT(ROLE_VIEWER)
#define ANYONE     ROLES_ALL
/* Who reads the registries; handlers and enterprise users through their scope. */
#define READERS    (ADMIN | LEADER | OFFICER | HANDLER | ENTERPRISE)
/* Who may see the dashboard figures. */
#define DASHBOARD  (ADMIN | LEADER | OFFICER | HANDLER | VIEWER)
#define MANAGERS   (ADMIN | OFFICER)

const struct route routes[] = {
	{"GET",    "/healthz",                      health_get,         POLICY_PUBLIC},
	{"GET",    "/api/v1/openapi.json",          openapi_get,        POLICY_PUBLIC},

	{"POST",   "/api/v1/auth/login",            auth_login,         POLICY_PUBLIC},
	{"POST",   "/api/v1/auth/logout",           auth_logout,        ANYONE},
	{"GET",    "/api/v1/auth/me",               auth_me,            ANYONE},
	{"POST",   "/api/v1/auth/password",         auth_password,      ANYONE},

	{"GET",    "/api/v1/users",                 users_list,         ADMIN},
	{"POST",   "/api/v1/users",                 users_create,       ADMIN},
	{"GET",    "/api/v1/users/{id}",            users_get,          ADMIN},
	{"PATCH",  "/api/v1/users/{id}",            users_patch,        ADMIN},
	{"POST",   "/api/v1/users/{id}/password",   users_password,     ADMIN},

	{"GET",    "/api/v1/tokens",                tokens_list,        ANYONE},
	{"POST",   "/api/v1/tokens",                tokens_create,      ANYONE},
	{"DELETE", "/api/v1/tokens/{id}",           tokens_delete,      ANYONE},

	{"GET",    "/api/v1/audit",                 audit_list,         ADMIN | LEADER},

	{"GET",    "/api/v1/enterprises",           enterprises_list,   READERS},
	{"POST",   "/api/v1/enterprises",           enterprises_create, MANAGERS},
	{"GET",    "/api/v1/enterprises/{id}",      enterprises_get,    READERS},
	{"PATCH",  "/api/v1/enterprises/{id}",      enterprises_patch,  MANAGERS | ENTERPRISE},
	{"DELETE", "/api/v1/enterprises/{id}",      enterprises_delete, MANAGERS},

	{"GET",    "/api/v1/projects",              projects_list,      READERS},
	{"POST",   "/api/v1/projects",              projects_create,    MANAGERS},
	{"GET",    "/api/v1/projects/{id}",         projects_get,       READERS},
	{"PATCH",  "/api/v1/projects/{id}",         projects_patch,     MANAGERS},

	{"GET",    "/api/v1/ref/industries",        ref_industries,     ANYONE},
	{"GET",    "/api/v1/ref/stages",            ref_stages,         ANYONE},
	{"GET",    "/api/v1/ref/channels",          ref_channels,       ANYONE},
	{"GET",    "/api/v1/ref/chains",            ref_chains,         ANYONE},
	{"GET",    "/api/v1/ref/regions",           ref_regions,        ANYONE},
	{"GET",    "/api/v1/ref/units",             ref_units,          ANYONE},

	{"GET",    "/api/v1/stats/summary",         stats_summary,      DASHBOARD},

	/* the stage ledger (ledger.c) */
	{"POST",   "/api/v1/projects/{id}/stage",   ledger_move,        MANAGERS},
	{"GET",    "/api/v1/projects/{id}/stages",  ledger_list,        READERS},

	/* the working-day calendar, problems and task forces (calendar.c, problems.c, taskforces.c) */
	{"GET",    "/api/v1/calendar",              calendar_get,       ANYONE},
	{"GET",    "/api/v1/calendar/deadline",     calendar_deadline,  ANYONE},
	{"PUT",    "/api/v1/calendar/{year}",       calendar_put,       ADMIN},
	{"GET",    "/api/v1/ref/problem-types",     ref_problem_types,  ANYONE},
	{"GET",    "/api/v1/projects/{id}/problems", problems_list_project, READERS},
	{"POST",   "/api/v1/projects/{id}/problems", problems_create,   MANAGERS},
	{"GET",    "/api/v1/problems",              problems_list,      READERS},
	{"GET",    "/api/v1/problems/{id}",         problems_get,       READERS},
	{"PATCH",  "/api/v1/problems/{id}",         problems_patch,     MANAGERS},
	{"POST",   "/api/v1/problems/{id}/status",  problems_status,    MANAGERS | HANDLER},
	{"GET",    "/api/v1/taskforces",            taskforces_list,    READERS},
	{"POST",   "/api/v1/taskforces",            taskforces_create,  ADMIN | LEADER | OFFICER},
	{"GET",    "/api/v1/taskforces/{id}",       taskforces_get,     READERS},
	{"PATCH",  "/api/v1/taskforces/{id}",       taskforces_patch,   ADMIN | LEADER | OFFICER},
	{"GET",    "/api/v1/taskforces/{id}/meetings", meetings_list,   READERS},
	{"POST",   "/api/v1/taskforces/{id}/meetings", meetings_create, ADMIN | LEADER | OFFICER},

	/* milestones, follow-ups, stalled projects (milestones.c, followups.c) */
	/* Warnings, stalled projects and follow-ups are the committee's own work: not for
	 * enterprise users or viewers; handlers see their units' projects. */
	{"GET",    "/api/v1/projects/{id}/milestones", milestones_get,   READERS},
	{"PUT",    "/api/v1/projects/{id}/milestones", milestones_put,   MANAGERS},
	{"GET",    "/api/v1/milestones/warnings",   milestones_warnings, ADMIN | LEADER | OFFICER | HANDLER},
	{"GET",    "/api/v1/stalled-projects",      stalled_list,       ADMIN | LEADER | OFFICER | HANDLER},
	{"GET",    "/api/v1/settings/warnings",     settings_warnings_get, READERS},
	{"PUT",    "/api/v1/settings/warnings",     settings_warnings_put, ADMIN},
	{"POST",   "/api/v1/projects/{id}/followups", followups_create, MANAGERS},
	{"GET",    "/api/v1/projects/{id}/followups", followups_list,   ADMIN | LEADER | OFFICER | HANDLER},
	{"GET",    "/api/v1/followups/overdue",     followups_overdue,  ADMIN | LEADER | OFFICER | HANDLER},

	/* money, phases and chains (money.c, chains.c) */
	{"GET",    "/api/v1/projects/{id}/funds",   funds_get,          READERS},
	{"PUT",    "/api/v1/projects/{id}/funds",   funds_put,          MANAGERS},
	{"GET",    "/api/v1/chains",                chains_list,        READERS},
	{"GET",    "/api/v1/chains/{id}",           chains_get,         READERS},

	/* statistics, briefing and targets (stats.c, targets.c) */
	{"GET",    "/api/v1/stats",                 stats_get,          DASHBOARD},
	/* The briefing speaks for the whole zone: not for handlers, who see only their units. */
	{"GET",    "/api/v1/stats/briefing",        stats_briefing,     ADMIN | LEADER | OFFICER | VIEWER},
	{"GET",    "/api/v1/targets",               targets_get,        DASHBOARD},
	{"PUT",    "/api/v1/targets/{year}",        targets_put,        ADMIN | LEADER},

	/* ledger export (export.c) */
	{"GET",    "/api/v1/projects/export",       projects_export,    READERS},
	{"GET",    "/api/v1/problems/export",       problems_export,    READERS},
	{"GET",    "/api/v1/appeals/export",        appeals_export,     READERS},
	{"GET",    "/api/v1/arrangements/export",   arrangements_export, ANYONE},

	/* roundtables and arrangements (roundtables.c, arrangements.c) */
	/* Officers run the roundtables; everyone reads them, an enterprise user only the sessions
	 * its enterprise was invited to.  A handler marks its units' arrangements done. */
	{"GET",    "/api/v1/roundtable-series",     rt_series_list,     ANYONE},
	{"POST",   "/api/v1/roundtable-series",     rt_series_create,   MANAGERS},
	{"GET",    "/api/v1/roundtables",           roundtables_list,   ANYONE},
	{"POST",   "/api/v1/roundtables",           roundtables_create, MANAGERS},
	{"GET",    "/api/v1/roundtables/{id}",      roundtables_get,    ANYONE},
	{"PATCH",  "/api/v1/roundtables/{id}",      roundtables_patch,  MANAGERS},
	{"POST",   "/api/v1/roundtables/{id}/projects/{projectId}", roundtables_link_project, MANAGERS},
	{"DELETE", "/api/v1/roundtables/{id}/projects/{projectId}", roundtables_unlink_project, MANAGERS},
	{"GET",    "/api/v1/arrangements",          arrangements_list,  ANYONE},
	{"POST",   "/api/v1/arrangements",          arrangements_create, MANAGERS},
	{"GET",    "/api/v1/arrangements/{id}",     arrangements_get,   ANYONE},
	{"PATCH",  "/api/v1/arrangements/{id}",     arrangements_patch, MANAGERS | HANDLER},

	/* appeals (appeals.c) */
	/* Viewers see dashboards only, not what enterprises wrote; enterprise users see their
	 * own appeals and handlers their units' (scope); who may take which action is
	 * domain/appeal.c, which answers 409 naming what is allowed. */
	/* The inbox tabs' counts (inbox.c): the totals of GET /api/v1/appeals?view=…, so the
	 * same roles and scopes. */
	{"GET",    "/api/v1/appeals/inbox-counts",  appeals_inbox_counts, READERS},
	{"GET",    "/api/v1/appeals",               appeals_list,       READERS},
	{"POST",   "/api/v1/appeals",               appeals_create,     MANAGERS | ENTERPRISE},
	{"GET",    "/api/v1/appeals/{id}",          appeals_get,        READERS},
	{"POST",   "/api/v1/appeals/{id}/actions",  appeals_action,     READERS},
	{"POST",   "/api/v1/appeals/{id}/attachments", appeals_attach,  MANAGERS | HANDLER | ENTERPRISE},
	{"GET",    "/api/v1/appeals/{id}/attachments/{aid}", appeals_attachment_get, READERS},
	{"GET",    "/api/v1/ref/appeal-categories", ref_appeal_categories, ANYONE},
	{"PUT",    "/api/v1/ref/appeal-categories", ref_appeal_categories_put, ADMIN},
	{"GET",    "/api/v1/settings/appeals",      settings_appeals_get, READERS},
	{"PUT",    "/api/v1/settings/appeals",      settings_appeals_put, ADMIN},
	{"GET",    "/api/v1/supervisions",          supervisions_list,  ADMIN | LEADER | OFFICER | HANDLER},

	/* duplicates and the three rates (duplicates.c, rates.c) */
	{"POST",   "/api/v1/appeals/{id}/merge",    appeals_merge,      MANAGERS},
	{"POST",   "/api/v1/appeals/{id}/links",    appeals_link,       MANAGERS},
	{"DELETE", "/api/v1/appeals/{id}/links/{other}", appeals_unlink, MANAGERS},
	{"GET",    "/api/v1/appeal-issues",         appeal_issues_list, ADMIN | LEADER | OFFICER},
	{"POST",   "/api/v1/appeal-issues",         appeal_issues_create, MANAGERS},
	{"GET",    "/api/v1/appeal-issues/{id}",    appeal_issues_get,  ADMIN | LEADER | OFFICER},
	{"POST",   "/api/v1/appeal-issues/{id}/appeals", appeal_issues_add, MANAGERS},
	{"GET",    "/api/v1/appeal-rates",          appeal_rates_get,   DASHBOARD},

	/* Open311 GeoReport v2 (open311.c) */
	/* Appeals for a 12345 platform or any Open311 client: the same policies and scopes as
	 * /api/v1/appeals; {id} is the document "<appeal code>.json"; any other document answers
	 * 400 for .xml (JSON only) and 404 otherwise. */
	{"GET",    "/open311/v2/services.json",     open311_services,   ANYONE},
	{"GET",    "/open311/v2/requests.json",     open311_requests_list, READERS},
	{"POST",   "/open311/v2/requests.json",     open311_requests_create, MANAGERS | ENTERPRISE},
	{"GET",    "/open311/v2/requests/{id}",     open311_requests_get, READERS},
	{"GET",    "/open311/v2/{document}",        open311_other,      ANYONE},
	{"POST",   "/open311/v2/{document}",        open311_other,      ANYONE},

	/* import (imports.c) */
	{"POST",   "/api/v1/imports",               imports_post,       MANAGERS},

	/* search (search.c) */
	{"GET",    "/api/v1/search",                search_get,         READERS},
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/* Match path against pattern segment by segment; placeholders capture into params
 * (copied into the arena).  Returns 1 on a match. */
static int match(const char *pattern, const char *path, struct request *req,
		 const char **params)
{
	int n = 0;

	/* Most routes differ from the path before their first {parameter}: settle those with
	 * one comparison. */
	size_t fixed = strcspn(pattern, "{");
	if (strncmp(pattern, path, fixed) != 0)
		return 0;
	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++;
		path++;
		const char *pend = strchr(pattern, '/'), *send = strchr(path, '/');
		size_t plen = pend ? (size_t)(pend - pattern) : strlen(pattern);
		size_t slen = send ? (size_t)(send - path) : strlen(path);

		if (plen > 2 && pattern[0] == '{') {
			if (slen == 0 || n == REQUEST_MAX_PARAMS)
				return 0;
			params[n++] = arena_strndup(req->arena, path, slen);
		} else if (plen != slen || memcmp(pattern, path, plen) != 0) {
			return 0;
		}
		pattern += plen;
		path += slen;
	}
	return *pattern == '\0' && *path == '\0';
}

/* Authenticate, apply the route's policy, and run its handler with the principal as the
 * actor of every write it makes. */
static void run(const struct route *r, struct request *req, struct response *res)
{
	struct principal p;

	if (!(r->policy & POLICY_PUBLIC) && !req->trusted) {
		if (auth_identify(req, res, &p) || auth_check_csrf(req, res, &p))
			return;
		if (!(r->policy & ROLE_BIT(p.role))) {
			api_error(res, 403, "forbidden", NULL, "your role (%s) may not do this",
				  role_names[p.role]);
			return;
		}
		req->principal = &p;
	}
	if (req->principal)
		store_set_actor(req->store, &(struct actor){req->principal->user_id,
							     req->principal->username,
							     req->address});
	/* A read sees one snapshot (a list's total agrees with its page) and locks once. */
	int reading = strcmp(req->method, "GET") == 0 && store_read_begin(req->store) == GL_OK;
	r->handler(req, res);
	if (reading)
		store_read_end(req->store);
	store_set_actor(req->store, NULL);
	if (req->principal == &p)
		req->principal = NULL;
}

static void dispatch(struct request *req, struct response *res);

void routes_dispatch(struct request *req, struct response *res)
{
	dispatch(req, res);
	/* Open311 clients expect the spec's error shape, whoever answered (router or handler). */
	open311_reshape(req, res);
}

static void dispatch(struct request *req, struct response *res)
{
	char allow[64] = "";
	size_t alen = 0;

	if (!req->store) {
		api_error(res, 503, "unavailable", NULL, "the database cannot be opened");
		return;
	}
	/* A literal path beats a placeholder: /projects/export is no project called "export". */
	int literal = 0;
	for (size_t i = 0; i < routes_count && !literal; i++)
		literal = !strchr(routes[i].pattern, '{') && strcmp(routes[i].pattern, req->path) == 0;
	for (size_t i = 0; i < routes_count; i++) {
		const char *params[REQUEST_MAX_PARAMS] = {0};

		if (literal && strchr(routes[i].pattern, '{'))
			continue;
		if (!match(routes[i].pattern, req->path, req, params))
			continue;
		if (strcmp(routes[i].method, req->method) == 0) {
			memcpy(req->params, params, sizeof(params));
			run(&routes[i], req, res);
			return;
		}
		size_t mlen = strlen(routes[i].method);
		if (alen + mlen + 2 < sizeof(allow)) {
			if (alen) {
				memcpy(allow + alen, ", ", 2);
				alen += 2;
			}
			memcpy(allow + alen, routes[i].method, mlen + 1);
			alen += mlen;
			if (strcmp(routes[i].method, "GET") == 0 && alen + 6 < sizeof(allow)) {
				memcpy(allow + alen, ", HEAD", 7);
				alen += 6;
			}
		}
	}
	if (alen) {
		res->allow = arena_strdup(req->arena, allow);
		api_error(res, 405, "method_not_allowed", NULL, "%s is not allowed here; use %s",
			  req->method, allow);
		return;
	}
	api_error(res, 404, "not_found", NULL, "no such resource");
}
