/* cli.c - subcommand table, shared options, help and version. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/crypto.h"
#include "version.h"

const struct cli_command cli_commands[] = {
	{"serve", cmd_serve, "serve [--db PATH] [--listen HOST:PORT] [--threads N] [--quiet]",
	 "serve the JSON API (port 0 picks a free port and prints it)"},
	{"init", cmd_init, "init [--db PATH] [--admin NAME]",
	 "create a new database and its first admin (password from the terminal, or"
	 " GUANLAN_ADMIN_PASSWORD without one)"},
	{"migrate", cmd_migrate, "migrate [--db PATH]", "apply pending schema migrations"},
	{"demo", cmd_demo, "demo [--db PATH] [--force]",
	 "build a database with the demo data of the starting area"},
	{"gen", cmd_gen, "gen [--db PATH] [--enterprises N] [--projects N]",
	 "generate a large synthetic data set for benchmarks"},
	{"user", cmd_user, "user add NAME [--role R] [--display N] [--enterprise ID] [--unit ID]",
	 "manage users; also: user list, user disable|enable|passwd NAME"},
	{"token", cmd_token, "token add USER NAME", "create an API token for USER and print it"},
	{"export", cmd_export, "export projects|problems --out FILE [--format xlsx|csv] ...",
	 "write the project ledger (项目台账: --stage, --chain, --channel, --location,"
	 " --enterprise, --year, --industrial, --q, --sort) or the problem ledger (制约问题台账:"
	 " --status, --type, --unit, --project, --taskforce, --overdue) as .xlsx or .csv"},
	{"import", cmd_import, "import enterprises|projects|appeals FILE [--dry-run] [--map '表头=field,...'] [--sheet NAME]",
	 "import a .csv (UTF-8 or GB18030) or .xlsx ledger: all rows or none, by credit code,"
	 " project code or 12345 ticket number; --dry-run reports every problem by row and column and writes nothing"},
	{"sweep", cmd_sweep, "sweep [--db PATH]",
	 "open supervision (督办) for overdue appeals and close it for answered ones (cron)"},
	{"search", cmd_search, "search QUERY [--type T] [--limit N] | search rebuild",
	 "find enterprises and projects (traditional or simplified, any width; codes exactly);"
	 " rebuild: index every record again (after an OpenCC dictionary upgrade)"},
	{"rates", cmd_rates, "rates rebuild | refresh | check [--as-of D]... [--range FROM:TO]...", "the rollup of appeal rates: build it again (after a bulk load), fold in what changed, or compare it with the plain query (docs/rates.md)"},
	{"routes", cmd_routes, "routes", "list the HTTP API's routes and who may call them"},
	{"version", cmd_version, "version", "print the version"},
	{"help", cmd_help, "help", "show this help"},
	{NULL, NULL, NULL, NULL},
};

int cmd_help(const struct cli_options *opt, int argc, char **argv)
{
	(void)opt;
	(void)argc;
	(void)argv;
	printf("usage: guanlan <command> [options]\n\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-64s %s\n", c->usage, c->help);
	printf("\nOptions for every command: --db PATH, --fast-hash (minimum argon2id cost: tests"
	       " only).\nserve also takes --session-idle SECONDS, --session-max SECONDS,"
	       " --secure-cookies, --web DIR.\nEnvironment: GUANLAN_DB, GUANLAN_LISTEN, GUANLAN_THREADS,"
	       " GUANLAN_SESSION_IDLE, GUANLAN_SESSION_MAX,\nGUANLAN_WEB, GUANLAN_FAST_HASH=1 mirror the options.\n");
	return 0;
}

int cmd_version(const struct cli_options *opt, int argc, char **argv)
{
	(void)opt;
	(void)argc;
	(void)argv;
	printf("guanlan %s (schema %d)\n", GUANLAN_VERSION, store_schema_latest());
	return 0;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_seconds(const char *s, unsigned long *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || *out == 0 || *out > 366UL * 86400 ? -1 : 0;
}

/* "HOST:PORT", ":PORT" or "PORT". */
static int parse_listen(const char *s, struct cli_options *opt)
{
	static char host[64];
	const char *colon = strrchr(s, ':');

	if (!colon)
		return parse_uint(s, 65535, &opt->port);
	if (colon - s >= (long)sizeof(host))
		return -1;
	if (colon > s) {
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
		opt->host = host;
	}
	return parse_uint(colon + 1, 65535, &opt->port);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "guanlan: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'guanlan help')\n");
	return 2;
}

int cli_main(int argc, char **argv)
{
	struct cli_options opt = {
		.db = "guanlan.db", .host = "127.0.0.1", .port = 8080,
		.session_idle = 2 * 3600, .session_max = 12 * 3600,
	};
	unsigned long seconds;
	const char *env;
	const struct cli_command *cmd;
	char *rest[64];
	int nrest = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	opt.threads = cpus > 0 ? (unsigned)cpus : 2;
	if ((env = getenv("GUANLAN_DB")) && *env)
		opt.db = env;
	if ((env = getenv("GUANLAN_LISTEN")) && *env && parse_listen(env, &opt) != 0)
		return usage_error("GUANLAN_LISTEN=%s is not HOST:PORT", env);
	if ((env = getenv("GUANLAN_THREADS")) && *env && parse_uint(env, 256, &opt.threads) != 0)
		return usage_error("GUANLAN_THREADS=%s is not a number of threads", env);
	if ((env = getenv("GUANLAN_SESSION_IDLE")) && *env) {
		if (parse_seconds(env, &seconds) != 0)
			return usage_error("GUANLAN_SESSION_IDLE=%s is not a number of seconds", env);
		opt.session_idle = (long)seconds;
	}
	if ((env = getenv("GUANLAN_SESSION_MAX")) && *env) {
		if (parse_seconds(env, &seconds) != 0)
			return usage_error("GUANLAN_SESSION_MAX=%s is not a number of seconds", env);
		opt.session_max = (long)seconds;
	}
	if ((env = getenv("GUANLAN_WEB")) && *env)
		opt.web = env;
	if ((env = getenv("GUANLAN_FAST_HASH")) && strcmp(env, "1") == 0)
		crypto_set_fast(1);
	if (crypto_init() != GL_OK) {
		fprintf(stderr, "guanlan: libsodium cannot start\n");
		return 1;
	}

	if (argc < 2)
		return cmd_help(&opt, 0, NULL), 2;
	for (cmd = cli_commands; cmd->name; cmd++)
		if (strcmp(cmd->name, argv[1]) == 0)
			break;
	if (!cmd->name) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
			return cmd_help(&opt, 0, NULL);
		if (strcmp(argv[1], "--version") == 0)
			return cmd_version(&opt, 0, NULL);
		return usage_error("'%s' is not a command", argv[1]);
	}

	rest[nrest++] = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--db") == 0) {
			if (!val)
				return usage_error("%s needs a path", a);
			opt.db = val;
			i++;
		} else if (strcmp(a, "--listen") == 0) {
			if (!val || parse_listen(val, &opt) != 0)
				return usage_error("%s needs HOST:PORT", a);
			i++;
		} else if (strcmp(a, "--threads") == 0) {
			if (!val || parse_uint(val, 256, &opt.threads) != 0 || opt.threads == 0)
				return usage_error("%s needs a number from 1 to 256", a);
			i++;
		} else if (strcmp(a, "--session-idle") == 0 || strcmp(a, "--session-max") == 0) {
			if (!val || parse_seconds(val, &seconds) != 0)
				return usage_error("%s needs a number of seconds", a);
			*(a[10] == 'i' ? &opt.session_idle : &opt.session_max) = (long)seconds;
			i++;
		} else if (strcmp(a, "--web") == 0) {
			if (!val)
				return usage_error("%s needs a directory", a);
			opt.web = val;
			i++;
		} else if (strcmp(a, "--secure-cookies") == 0) {
			opt.secure_cookies = 1;
		} else if (strcmp(a, "--fast-hash") == 0) {
			crypto_set_fast(1);
		} else if (strcmp(a, "--quiet") == 0) {
			opt.quiet = 1;
		} else if (strcmp(a, "--force") == 0) {
			opt.force = 1;
		} else if (nrest < (int)(sizeof(rest) / sizeof(rest[0])) - 1) {
			rest[nrest++] = argv[i];
		} else {
			return usage_error("too many arguments at '%s'", a);
		}
	}
	rest[nrest] = NULL;
	return cmd->run(&opt, nrest, rest);
}

struct store *cli_open_store(const struct cli_options *opt, int migrate)
{
	struct store *s;
	int from, to;
	enum gl_err rc = store_open(opt->db, &s);

	if (rc != GL_OK) {
		fprintf(stderr, "guanlan: cannot open database %s: %s\n", opt->db, gl_strerror(rc));
		return NULL;
	}
	rc = migrate ? store_migrate(s, &from, &to) : store_check_schema(s);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan: %s: %s\n", opt->db,
			rc == GL_ESCHEMA ? "the database schema does not match this guanlan"
					 " (see the message above)" : gl_strerror(rc));
		store_close(s);
		return NULL;
	}
	if (migrate && from != to)
		fprintf(stderr, "guanlan: %s: schema %d -> %d\n", opt->db, from, to);
	return s;
}
