/* cmd_serve.c - guanlan serve: the HTTP API. */
#include <stdio.h>
#include <unistd.h>

#include "../api/auth.h"
#include "../api/routes.h"
#include "../http/server.h"
#include "../store/store.h"
#include "../util/log.h"
#include "cli.h"

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
	};
	struct api_config api = {
		.session_idle = opt->session_idle,
		.session_max = opt->session_max,
		.secure_cookies = opt->secure_cookies,
	};
	struct store *s;
	char index[1024];

	(void)argv;
	api_configure(&api);
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
	return server_run(&cfg) == GL_OK ? 0 : 1;
}
