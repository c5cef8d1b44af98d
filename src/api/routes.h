/* routes.h - the one route table of the HTTP API. */
#ifndef GL_ROUTES_H
#define GL_ROUTES_H

#include <stddef.h>

#include "api.h"

/* The policy of a route: a set of ROLE_BIT()s that may call it, or POLICY_PUBLIC. */
#define POLICY_PUBLIC (1u << 31)

struct route {
	const char *method;   /* GET, POST, PATCH, DELETE (HEAD is served by GET) */
	const char *pattern;  /* segments; "{name}" matches one segment into req->params */
	api_handler *handler;
	unsigned policy;      /* who may call it; which rows they see is their scope */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Find the route for req and run it; 404 when no pattern matches, 405 with Allow when the
 * path matches but the method does not.  Every route but the public ones needs a
 * principal (401), a role its policy names (403) and, for cookie sessions changing
 * something, the CSRF token (403). */
void routes_dispatch(struct request *req, struct response *res);

#endif
