/* server.h - the HTTP daemon: libmicrohttpd with an epoll thread pool.
 *
 * The server owns connections, request bodies and limits, per-thread database connections,
 * request logging and graceful shutdown; what a request means is left to the dispatch
 * function it is given (src/api/routes.c).
 */
#ifndef GL_SERVER_H
#define GL_SERVER_H

#include <stddef.h>

#include "../util/err.h"
#include "request.h"

struct server_config {
	const char *db_path;
	const char *host;         /* "127.0.0.1" */
	unsigned port;            /* 0 = any free port */
	unsigned threads;
	size_t max_body;          /* larger bodies get 413 */
	/* Optional: a larger limit for some routes (file uploads); 0 = max_body. */
	size_t (*body_limit)(const char *method, const char *path);
	int quiet;                /* no per-request log lines */
	const char *web_root;     /* the built web app (web/dist), or NULL */
	/* Fill res for req; returns nothing, res->status says it all. */
	void (*dispatch)(struct request *req, struct response *res);
};

/* Serve until SIGINT or SIGTERM, then stop accepting, finish in-flight requests and close
 * the database.  Prints "listening on http://HOST:PORT" on stdout once bound. */
enum gl_err server_run(const struct server_config *cfg);

#endif
