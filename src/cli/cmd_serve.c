/* cmd_serve.c - guanlan serve: the HTTP API. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "../api/auth.h"
#include "../api/resources.h"
#include "../api/routes.h"
#include "../http/server.h"
#include "../store/store.h"
#include "../util/date.h"
#include "../util/log.h"
#include "cli.h"

/* The appeals' deadline sweep (督办), on its own thread and connection: at start, then every
 * SWEEP_SECONDS until the server stops. */
enum { SWEEP_SECONDS = 300 };

struct sweeper {
	const char *db;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
};

int cli_sweep_once(struct store *s, int quiet)
{
	struct arena a;
	char today[11];
	int64_t opened, closed;
	enum gl_err rc;

	arena_init(&a);
	date_format_iso(date_shanghai(time(NULL)), today, sizeof(today));
	rc = store_appeal_sweep(s, today, &a, &opened, &closed);
	arena_release(&a);
	if (rc != GL_OK) {
		log_error("sweep: %s", gl_strerror(rc));
		return -1;
	}
	if (!quiet || opened || closed)
		log_info("sweep %s: %lld supervision opened, %lld closed", today, (long long)opened,
			 (long long)closed);
	return 0;
}

static void *sweep_loop(void *arg)
{
	struct sweeper *sw = arg;
	struct store *s = NULL;

	if (store_open(sw->db, &s) != GL_OK) {
		log_error("sweep: cannot open %s", sw->db);
		return NULL;
	}
	/* Off the workers' path: the statistics copy and the duplicate index are read here
	 * once, not by the first leader who opens a heavy statistics view or the first intake. */
	if (store_stats_warm(s) != GL_OK)
		log_error("statistics copy: not built at start; the first query will build it");
	if (store_dup_warm(s) != GL_OK)
		log_error("duplicate index: not built at start; the first intake will build it");
	pthread_mutex_lock(&sw->lock);
	while (!sw->stop) {
		struct timespec until;

		pthread_mutex_unlock(&sw->lock);
		(void)cli_sweep_once(s, 1);
		pthread_mutex_lock(&sw->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SWEEP_SECONDS;
		while (!sw->stop && pthread_cond_timedwait(&sw->wake, &sw->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&sw->lock);
	store_close(s);
	return NULL;
}

/* Uploads that may be larger than an ordinary body: attachments and imported ledgers. */
static size_t body_limit(const char *method, const char *path)
{
	size_t n = appeals_body_limit(method, path);

	return n ? n : imports_body_limit(method, path);
}

int cmd_serve(const struct cli_options *opt, int argc, char **argv)
{
	struct server_config cfg = {
		.db_path = opt->db,
		.host = opt->host,
		.port = opt->port,
		.threads = opt->threads,
		.max_body = 1 << 20,
		.quiet = opt->quiet,
		.dispatch = routes_dispatch,
		.body_limit = body_limit,
	};
	struct sweeper sw = {.db = opt->db, .lock = PTHREAD_MUTEX_INITIALIZER,
			     .wake = PTHREAD_COND_INITIALIZER};
	pthread_t sweep_thread;
	char attachments[1024];
	int rc;
	struct api_config api = {
		.session_idle = opt->session_idle,
		.session_max = opt->session_max,
		.secure_cookies = opt->secure_cookies,
	};
	struct store *s;
	char index[1024];

	(void)argv;
	api_configure(&api);
	/* Attachments sit next to the database: guanlan.db keeps its files in
	 * guanlan.db.attachments/, so a backup of one goes with the other. */
	snprintf(attachments, sizeof(attachments), "%s.attachments", opt->db);
	appeals_configure(attachments);
	/* Serve the web app when it has been built; the API works without it. */
	cfg.web_root = opt->web ? opt->web : "web/dist";
	snprintf(index, sizeof(index), "%s/index.html", cfg.web_root);
	if (access(index, R_OK) != 0) {
		if (opt->web)
			fprintf(stderr, "guanlan serve: %s has no index.html; serving the API only\n",
				opt->web);
		cfg.web_root = NULL;
	}
	if (argc > 1) {
		fprintf(stderr, "guanlan serve: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	/* Bring the schema up to date (or refuse a newer one) before any worker opens it. */
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	store_close(s);
	int sweeping = pthread_create(&sweep_thread, NULL, sweep_loop, &sw) == 0;
	rc = server_run(&cfg) == GL_OK ? 0 : 1;
	if (sweeping) {
		pthread_mutex_lock(&sw.lock);
		sw.stop = 1;
		pthread_cond_signal(&sw.wake);
		pthread_mutex_unlock(&sw.lock);
		pthread_join(sweep_thread, NULL);
	}
	return rc;
}
