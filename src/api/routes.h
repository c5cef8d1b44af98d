/* routes.h - the one route table of the HTTP API. */
#ifndef GL_ROUTES_H
#define GL_ROUTES_H

#include <stddef.h>

#include "api.h"

struct route {
	const char *method;   /* GET, POST, PATCH, DELETE (HEAD is served by GET) */
	const char *pattern;  /* segments; "{name}" matches one segment into req->params */
	api_handler *handler;
};

extern const struct route routes[];
extern const size_t routes_count;

/* Find the route for req and run it; 404 when no pattern matches, 405 with Allow when the
 * path matches but the method does not. */
void routes_dispatch(struct request *req, struct response *res);

#endif
