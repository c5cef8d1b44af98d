/* routes.c - the route table: every URL the server answers, in one place. */
#include "routes.h"

#include <string.h>

#include "resources.h"

const struct route routes[] = {
	{"GET",    "/healthz",                      health_get},
	{"GET",    "/api/v1/openapi.json",          openapi_get},

	{"GET",    "/api/v1/enterprises",           enterprises_list},
	{"POST",   "/api/v1/enterprises",           enterprises_create},
	{"GET",    "/api/v1/enterprises/{id}",      enterprises_get},
	{"PATCH",  "/api/v1/enterprises/{id}",      enterprises_patch},
	{"DELETE", "/api/v1/enterprises/{id}",      enterprises_delete},

	{"GET",    "/api/v1/projects",              projects_list},
	{"POST",   "/api/v1/projects",              projects_create},
	{"GET",    "/api/v1/projects/{id}",         projects_get},
	{"PATCH",  "/api/v1/projects/{id}",         projects_patch},

	{"GET",    "/api/v1/ref/industries",        ref_industries},
	{"GET",    "/api/v1/ref/stages",            ref_stages},
	{"GET",    "/api/v1/ref/channels",          ref_channels},
	{"GET",    "/api/v1/ref/chains",            ref_chains},
	{"GET",    "/api/v1/ref/regions",           ref_regions},
	{"GET",    "/api/v1/ref/units",             ref_units},

	{"GET",    "/api/v1/stats/summary",         stats_summary},
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/* Match path against pattern segment by segment; placeholders capture into params
 * (copied into the arena).  Returns 1 on a match. */
static int match(const char *pattern, const char *path, struct request *req,
		 const char **params)
{
	int n = 0;

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

void routes_dispatch(struct request *req, struct response *res)
{
	char allow[64] = "";
	size_t alen = 0;

	if (!req->store) {
		api_error(res, 503, "unavailable", NULL, "the database cannot be opened");
		return;
	}
	for (size_t i = 0; i < routes_count; i++) {
		const char *params[REQUEST_MAX_PARAMS] = {0};

		if (!match(routes[i].pattern, req->path, req, params))
			continue;
		if (strcmp(routes[i].method, req->method) == 0) {
			memcpy(req->params, params, sizeof(params));
			routes[i].handler(req, res);
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
