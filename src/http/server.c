/* server.c - libmicrohttpd daemon, request contexts, per-thread stores, shutdown. */
#include "server.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../store/commitq.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "static.h"
#include "../util/log.h"

/* One per request, from the first call of the access handler to the completion callback. */
struct exchange {
	struct arena arena;
	struct buf body;
	struct request req;
	struct response res;
	struct MHD_Connection *conn;
	struct timespec start;
	/* A write handed to the group commit (req.defer): set by the handler, submitted once
	 * it has returned, answered by finish after the commit resumed the connection. */
	struct commitq_job *job;
	void (*finish)(struct request *req, struct response *res, struct commitq_job *job);
	int suspended;
};

struct server {
	const struct server_config *cfg;
	pthread_key_t store_key;
	atomic_int in_flight;
	struct commitq *commitq;   /* NULL: every write commits on its worker's connection */
};

static const char *lookup_query(const struct request *req, const char *key)
{
	const struct exchange *x = req->transport;

	return MHD_lookup_connection_value(x->conn, MHD_GET_ARGUMENT_KIND, key);
}

static const char *lookup_header(const struct request *req, const char *name)
{
	const struct exchange *x = req->transport;

	return MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, name);
}

struct unknown_scan {
	const char *const *known;
	const char *found;
};

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *value)
{
	struct unknown_scan *scan = cls;

	(void)kind;
	(void)value;
	for (const char *const *k = scan->known; *k; k++)
		if (strcmp(*k, key) == 0)
			return MHD_YES;
	scan->found = key;
	return MHD_NO;
}

static const char *lookup_unknown(const struct request *req, const char *const *known)
{
	const struct exchange *x = req->transport;
	struct unknown_scan scan = {known, NULL};

	MHD_get_connection_values(x->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &scan);
	return scan.found;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode %HH in paths and query values, except %00: a NUL would silently cut "6%00x" to
 * "6" (and reach record 6).  Left encoded, such a segment matches nothing. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;

	(void)cls;
	(void)c;
	while (*r) {
		int hi, lo;

		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 &&
		    (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void defer_write(struct request *req, struct commitq_job *job,
			void (*finish)(struct request *req, struct response *res,
				       struct commitq_job *job))
{
	struct exchange *x = req->transport;

	x->job = job;
	x->finish = finish;
}

/* On the commit queue's thread, once the write is on disk (or failed): the connection goes
 * back to its worker, which calls on_request again and answers. */
static void write_done(struct commitq_job *job)
{
	struct exchange *x = job->done_arg;

	MHD_resume_connection(x->conn);
}

static const char *client_address(struct MHD_Connection *conn, struct arena *a)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN];
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa && sa->sa_family == AF_INET &&
	    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text, sizeof(text)))
		return arena_strdup(a, text);
	if (sa && sa->sa_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text, sizeof(text)))
		return arena_strdup(a, text);
	return NULL;
}

static void close_store(void *p)
{
	store_close(p);
}

/* Each worker thread opens its own connection the first time it serves a request. */
static struct store *thread_store(struct server *srv)
{
	struct store *s = pthread_getspecific(srv->store_key);

	if (!s) {
		if (store_open(srv->cfg->db_path, &s) != GL_OK)
			return NULL;
		pthread_setspecific(srv->store_key, s);
	}
	return s;
}

static void set_header(struct MHD_Response *r, const char *name, const char *value)
{
	if (value && MHD_add_response_header(r, name, value) != MHD_YES)
		log_error("http: cannot add header %s", name);
}

static enum MHD_Result send_response(struct exchange *x)
{
	struct response *res = &x->res;
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (res->json) {
		char *text = json_dumps(res->json, JSON_COMPACT);

		json_decref(res->json);
		res->json = NULL;
		if (!text)
			return MHD_NO;
		r = MHD_create_response_from_buffer_with_free_callback(strlen(text), text, free);
		if (!r)
			free(text);
	} else if (res->file_fd > 0) {
		r = MHD_create_response_from_fd(res->file_size, res->file_fd);
		if (!r)
			close(res->file_fd);
		res->file_fd = 0;
	} else {
		r = MHD_create_response_from_buffer(res->raw_len, (void *)(res->raw ? res->raw : ""),
						    MHD_RESPMEM_PERSISTENT);
	}
	if (!r)
		return MHD_NO;
	/* An empty content_type means "no body, no type" (204). */
	if (!res->content_type || *res->content_type)
		set_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
			   res->content_type ? res->content_type : "application/json; charset=utf-8");
	/* Security headers on every response.  Element Plus sets inline style attributes, so
	 * styles may be inline; scripts may not. */
	set_header(r, "Content-Security-Policy",
		   "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
		   " img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
		   " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
	set_header(r, "X-Content-Type-Options", "nosniff");
	set_header(r, "X-Frame-Options", "DENY");
	set_header(r, "Referrer-Policy", "same-origin");
	set_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie);
	set_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, res->content_encoding);
	set_header(r, MHD_HTTP_HEADER_VARY, res->vary);
	set_header(r, MHD_HTTP_HEADER_RETRY_AFTER, res->retry_after);
	set_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		   res->cache_control ? res->cache_control : "no-store");
	set_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	set_header(r, MHD_HTTP_HEADER_ETAG, res->etag);
	set_header(r, MHD_HTTP_HEADER_LOCATION, res->location);
	set_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, res->content_disposition);
	ret = MHD_queue_response(x->conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **ctx)
{
	struct server *srv = cls;
	struct exchange *x = *ctx;

	(void)version;
	if (!x) {
		/* First call: headers only.  Answering now would make libmicrohttpd close a
		 * keep-alive connection, so just set up and wait for the body (if any). */
		x = calloc(1, sizeof(*x));
		if (!x)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &x->start);
		arena_init(&x->arena);
		size_t limit = srv->cfg->body_limit ? srv->cfg->body_limit(method, url) : 0;
		buf_init(&x->body, limit ? limit : srv->cfg->max_body);
		x->conn = conn;
		x->req.method = strcmp(method, "HEAD") == 0 ? "GET" : arena_strdup(&x->arena, method);
		/* Copied: the log line in on_completed must not depend on MHD's buffers. */
		x->req.path = arena_strdup(&x->arena, url);
		if (!x->req.path || !x->req.method) {
			arena_release(&x->arena);
			free(x);
			return MHD_NO;
		}
		x->req.arena = &x->arena;
		x->req.query = lookup_query;
		x->req.header = lookup_header;
		x->req.query_unknown = lookup_unknown;
		x->req.defer = srv->commitq ? defer_write : NULL;
		x->req.address = client_address(conn, &x->arena);
		x->req.transport = x;
		atomic_fetch_add(&srv->in_flight, 1);
		*ctx = x;
		return MHD_YES;
	}
	if (x->suspended) {
		/* Resumed by write_done(): the job's outcome is final, answer it. */
		x->suspended = 0;
		x->req.store = thread_store(srv);
		x->finish(&x->req, &x->res, x->job);
		x->job = NULL;
		return send_response(x);
	}
	if (*upload_data_size) {
		/* Past the limit the rest is read and dropped, so the client gets a clean 413
		 * instead of a reset connection. */
		if (!x->req.body_too_large && buf_add(&x->body, upload_data, *upload_data_size))
			x->req.body_too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (x->body.data && !x->req.body_too_large) {
		x->req.body = x->body.data;
		x->req.body_len = x->body.len;
	}
	if (srv->cfg->web_root && static_wants(x->req.path)) {
		if (static_serve(srv->cfg->web_root, &x->req, &x->res) != 200) {
			x->res.content_type = "text/plain; charset=utf-8";
			x->res.raw = x->res.status == 405 ? "method not allowed\n" : "not found\n";
			x->res.raw_len = strlen(x->res.raw);
		}
		return send_response(x);
	}
	x->req.store = thread_store(srv);
	srv->cfg->dispatch(&x->req, &x->res);
	if (x->job) {
		/* The worker thread goes on serving other connections meanwhile: with one thread
		 * blocked per waiting request, a batch could never outgrow the thread pool.
		 * Suspended before submitting, so that the writer cannot resume it first. */
		x->suspended = 1;
		x->job->done = write_done;
		x->job->done_arg = x;
		MHD_suspend_connection(conn);
		commitq_submit(srv->commitq, x->job);
		return MHD_YES;
	}
	return send_response(x);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct exchange *x = *ctx;
	struct timespec end;

	(void)conn;
	if (!x)
		return;
	clock_gettime(CLOCK_MONOTONIC, &end);
	if (!srv->cfg->quiet) {
		long long us = (long long)(end.tv_sec - x->start.tv_sec) * 1000000 +
			       (end.tv_nsec - x->start.tv_nsec) / 1000;
		log_info("%s %s %d %lldus%s", x->req.method, x->req.path, x->res.status, us,
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	}
	if (x->res.json)
		json_decref(x->res.json);
	if (x->res.file_fd > 0)
		close(x->res.file_fd);
	buf_release(&x->body);
	arena_release(&x->arena);
	free(x);
	*ctx = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_error("http: %s", line);
}

enum gl_err server_run(const struct server_config *cfg)
{
	struct server srv = {.cfg = cfg};
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t sigs;
	int sig, waited;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			 MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
		log_error("serve: \"%s\" is not an IPv4 address", cfg->host);
		return GL_EINVALID;
	}
	/* glibc gives a thread arena's free top back to the kernel once it exceeds 128 KiB, and
	 * SQLite's per-statement and per-transaction buffers cross that on every write batch:
	 * the next batch faulted the same pages in again (a third of the group commit's writer
	 * CPU; docs/PERFORMANCE.md, appeal intake).  Keep up to 64 MiB per arena instead. */
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
	if (pthread_key_create(&srv.store_key, close_store) != 0)
		return GL_ENOMEM;
	if (commitq_start(cfg->db_path, 0, &srv.commitq) != GL_OK) {
		log_error("serve: cannot start the group commit's writer on %s", cfg->db_path);
		pthread_key_delete(srv.store_key);
		return GL_EDB;
	}

	/* Signals are taken by sigwait() below, never by a worker thread. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 1),
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
			     /* Headers, URL and the read buffer of one request; libmicrohttpd
			      * clears it for every request, so its default 32 KiB costs. */
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
			     MHD_OPTION_END);
	if (!d) {
		log_error("serve: cannot listen on %s:%u", cfg->host, cfg->port);
		commitq_stop(srv.commitq);
		pthread_key_delete(srv.store_key);
		return GL_EIO;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://%s:%u\n", cfg->host, info ? info->port : cfg->port);
	fflush(stdout);
	log_info("serve: %s, %u threads", cfg->db_path, cfg->threads);

	if (sigwait(&sigs, &sig) != 0)
		sig = 0;
	log_info("serve: signal %d: no new connections, finishing requests in flight", sig);
	MHD_socket lsock = MHD_quiesce_daemon(d);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	for (waited = 0; atomic_load(&srv.in_flight) > 0 && waited < 10000; waited += 10)
		usleep(10 * 1000);
	/* Before the daemon: libmicrohttpd must not be stopped with a connection suspended,
	 * and stopping the queue runs (and resumes) every job still in it. */
	struct commitq_stats cs;
	commitq_stats(srv.commitq, &cs);
	commitq_stop(srv.commitq);
	log_info("serve: group commit: %llu writes in %llu transactions (largest %u),"
		 " %llu syncs, %llu run again in savepoints",
		 (unsigned long long)cs.jobs, (unsigned long long)cs.batches, cs.largest_batch,
		 (unsigned long long)cs.syncs, (unsigned long long)cs.reruns);
	MHD_stop_daemon(d);   /* joins the workers; their stores close as they exit */
	pthread_key_delete(srv.store_key);
	log_info("serve: stopped");
	return GL_OK;
}
