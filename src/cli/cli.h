/* cli.h - the guanlan command line: one table of subcommands (git.c's commands[]).
 *
 * Options common to every subcommand are parsed once into struct cli_options; each
 * subcommand gets what is left of argv.  Environment variables (GUANLAN_DB, GUANLAN_LISTEN,
 * GUANLAN_THREADS) give defaults that options override.
 */
#ifndef GL_CLI_H
#define GL_CLI_H

struct store;

struct cli_options {
	const char *db;       /* --db, GUANLAN_DB, default ./guanlan.db */
	const char *host;     /* from --listen HOST:PORT, GUANLAN_LISTEN */
	unsigned port;
	unsigned threads;     /* --threads, GUANLAN_THREADS, default: number of CPUs */
	int quiet;            /* --quiet: no per-request log lines */
	int force;            /* --force: demo replaces an existing database */
	long session_idle;    /* --session-idle SECONDS, GUANLAN_SESSION_IDLE */
	long session_max;     /* --session-max SECONDS, GUANLAN_SESSION_MAX */
	int secure_cookies;   /* --secure-cookies: behind HTTPS */
	const char *web;      /* --web DIR, GUANLAN_WEB: the built web app (default web/dist) */
};

struct cli_command {
	const char *name;
	int (*run)(const struct cli_options *opt, int argc, char **argv);
	const char *usage;
	const char *help;
};

extern const struct cli_command cli_commands[];

int cli_main(int argc, char **argv);

/* Open the database and bring its schema up to date; prints the problem and returns NULL on
 * failure. */
struct store *cli_open_store(const struct cli_options *opt, int migrate);

struct user;
/* Validate and create a user with this password, printing any problem.  0 on success. */
int cli_user_create(struct store *s, struct user *u, const char *password);

int cmd_serve(const struct cli_options *opt, int argc, char **argv);
int cmd_init(const struct cli_options *opt, int argc, char **argv);
int cmd_migrate(const struct cli_options *opt, int argc, char **argv);
int cmd_demo(const struct cli_options *opt, int argc, char **argv);
int cmd_gen(const struct cli_options *opt, int argc, char **argv);
int cmd_user(const struct cli_options *opt, int argc, char **argv);
int cmd_token(const struct cli_options *opt, int argc, char **argv);
int cmd_export(const struct cli_options *opt, int argc, char **argv);
int cmd_import(const struct cli_options *opt, int argc, char **argv);
int cmd_sweep(const struct cli_options *opt, int argc, char **argv);
/* One pass of the appeals' deadline sweep for today (Asia/Shanghai), logged; 0 or -1. */
int cli_sweep_once(struct store *s, int quiet);
int cmd_search(const struct cli_options *opt, int argc, char **argv);
int cmd_rates(const struct cli_options *opt, int argc, char **argv);
int cmd_routes(const struct cli_options *opt, int argc, char **argv);
int cmd_version(const struct cli_options *opt, int argc, char **argv);
int cmd_help(const struct cli_options *opt, int argc, char **argv);

#endif
