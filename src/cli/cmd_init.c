/* cmd_init.c - guanlan init and guanlan migrate: create or upgrade the database. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../store/store.h"
#include "cli.h"
#include "password.h"

int cmd_init(const struct cli_options *opt, int argc, char **argv)
{
	struct user admin = {.username = "admin", .display_name = "系统管理员", .role = ROLE_ADMIN};
	char password[256];
	struct store *s;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--admin") == 0) {
		admin.username = argv[2];
	} else if (argc > 1) {
		fprintf(stderr, "guanlan init: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	if (access(opt->db, F_OK) == 0) {
		fprintf(stderr, "guanlan init: %s already exists; use 'guanlan migrate' to upgrade"
			" it\n", opt->db);
		return 1;
	}
	/* No default password exists: the first admin's is chosen now. */
	if (cli_read_password("password for the first admin: ", "GUANLAN_ADMIN_PASSWORD",
			      password, sizeof(password)))
		return 1;
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	store_set_actor(s, &(struct actor){0, "init", NULL});
	rc = cli_user_create(s, &admin, password);
	store_close(s);
	if (rc) {
		unlink(opt->db);
		return 1;
	}
	printf("created %s (schema %d) with admin user \"%s\"\n", opt->db, store_schema_latest(),
	       admin.username);
	return 0;
}

int cmd_migrate(const struct cli_options *opt, int argc, char **argv)
{
	struct store *s;
	int from, to;
	enum gl_err rc;

	if (argc > 1) {
		fprintf(stderr, "guanlan migrate: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	if (store_open(opt->db, &s) != GL_OK) {
		fprintf(stderr, "guanlan migrate: cannot open %s\n", opt->db);
		return 1;
	}
	rc = store_migrate(s, &from, &to);
	store_close(s);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan migrate: %s: %s\n", opt->db, gl_strerror(rc));
		return 1;
	}
	if (from == to)
		printf("%s is up to date (schema %d)\n", opt->db, to);
	else
		printf("%s migrated from schema %d to %d\n", opt->db, from, to);
	return 0;
}
