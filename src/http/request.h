/* request.h - what a handler sees of an HTTP request and fills in for its response.
 *
 * Transport-neutral: no libmicrohttpd type appears here, so handlers can be driven by tests
 * or another server.  Everything a handler allocates comes from req->arena (freed when the
 * request completes); a JSON body set in res is released by the server after sending.
 */
#ifndef GL_REQUEST_H
#define GL_REQUEST_H

#include <jansson.h>
#include <stddef.h>

#include "../util/arena.h"

struct store;
struct principal;
struct commitq_job;
struct response;

enum { REQUEST_MAX_PARAMS = 4 };

struct request {
	const char *method;      /* "GET", "POST"... (HEAD is routed as GET) */
	const char *path;        /* decoded path, without the query string */
	const char *body;        /* NUL-terminated; NULL when none was sent */
	size_t body_len;
	int body_too_large;      /* the body passed the server's limit and was discarded */
	const char *params[REQUEST_MAX_PARAMS]; /* {placeholders} of the matched route */
	struct arena *arena;
	struct store *store;     /* this worker thread's database connection */
	const char *address;     /* the client's IP address, for the audit trail and throttling */
	/* Who is asking; set by routes_dispatch after authentication.  In-process callers
	 * (the demo loader) set it beforehand and set trusted. */
	const struct principal *principal;
	int trusted;
	/* Accessors provided by the transport. */
	const char *(*query)(const struct request *req, const char *key);
	const char *(*header)(const struct request *req, const char *name);
	/* The first query parameter not in the NULL-terminated list, or NULL. */
	const char *(*query_unknown)(const struct request *req, const char *const *known);
	/* Group commit (src/store/commitq.h), when the transport offers it; NULL otherwise.
	 * Use it through api_write() (src/api/defer.h).  The transport takes job once the
	 * handler has returned (with res left unset), queues it without holding a thread, and
	 * when the job's outcome is durable calls finish on a thread of its own, with this
	 * request (store set, principal NULL) and res to fill. */
	void (*defer)(struct request *req, struct commitq_job *job,
		      void (*finish)(struct request *req, struct response *res,
				     struct commitq_job *job));
	void *transport;
};

struct response {
	int status;
	json_t *json;              /* owned: decref'd after sending */
	const char *raw;           /* or a static body (not freed) */
	size_t raw_len;
	const char *content_type;  /* default application/json; charset=utf-8 */
	const char *allow;         /* Allow header for 405 */
	const char *etag;          /* ETag header (the record version) */
	const char *location;      /* Location header for 201 */
	const char *cache_control;
	const char *set_cookie;    /* Set-Cookie header */
	const char *content_encoding;
	const char *vary;
	int file_fd;               /* or a file to send (> 0; closed by the transport) */
	size_t file_size;
	const char *content_disposition; /* Content-Disposition header (downloads) */
	const char *retry_after;   /* Retry-After header (429) */
};

static inline const char *request_query(const struct request *req, const char *key)
{
	return req->query(req, key);
}

static inline const char *request_header(const struct request *req, const char *name)
{
	return req->header(req, name);
}

#endif
