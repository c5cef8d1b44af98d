/* cmd_user.c - guanlan user add|list|disable|passwd and guanlan token add. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../store/store.h"
#include "../util/crypto.h"
#include "cli.h"
#include "password.h"

static int print_errors(const struct verrors *errs)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(stderr, "guanlan: %s: %s\n", errs->items[i].field, errs->items[i].message);
	return 1;
}

static int64_t parse_id(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = s ? strtoll(s, &end, 10) : 0;
	return !s || errno || *end || v <= 0 ? 0 : v;
}

int cli_user_create(struct store *s, struct user *u, const char *password)
{
	struct verrors errs;
	struct arena a;
	char hash[CRYPTO_HASH_MAX];
	enum gl_err rc;

	verr_init(&errs);
	user_validate(u, &errs);
	password_validate(password, "password", &errs);
	if (errs.n)
		return print_errors(&errs);
	if (password_hash(password, hash) != GL_OK) {
		fprintf(stderr, "guanlan: cannot hash the password\n");
		return 1;
	}
	arena_init(&a);
	rc = store_user_create(s, u, hash, &a, &errs);
	arena_release(&a);
	if (rc == GL_EDUPLICATE)
		fprintf(stderr, "guanlan: user %s exists\n", u->username);
	else if (rc == GL_EINVALID)
		print_errors(&errs);
	else if (rc != GL_OK)
		fprintf(stderr, "guanlan: %s\n", gl_strerror(rc));
	return rc == GL_OK ? 0 : 1;
}

static int user_add(struct store *s, int argc, char **argv)
{
	struct user u = {.role = ROLE_VIEWER};
	int64_t units[USER_MAX_UNITS];
	char password[256];
	const char *role = "viewer";

	if (argc < 1)
		return fprintf(stderr, "usage: guanlan user add NAME [--role R] [--display NAME]"
			       " [--enterprise ID] [--unit ID]...\n"), 2;
	u.username = argv[0];
	u.display_name = argv[0];
	u.unit_ids = units;
	for (int i = 1; i < argc; i++) {
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return fprintf(stderr, "guanlan user add: %s needs a value\n", argv[i]), 2;
		if (strcmp(argv[i], "--role") == 0)
			role = val;
		else if (strcmp(argv[i], "--display") == 0)
			u.display_name = val;
		else if (strcmp(argv[i], "--enterprise") == 0)
			u.enterprise_id = parse_id(val);
		else if (strcmp(argv[i], "--unit") == 0 && u.nunits < USER_MAX_UNITS)
			units[u.nunits++] = parse_id(val);
		else
			return fprintf(stderr, "guanlan user add: unknown option %s\n", argv[i]), 2;
		i++;
	}
	if (role_parse(role) < 0)
		return fprintf(stderr, "guanlan user add: role must be admin, leader, officer,"
			       " handler, enterprise or viewer\n"), 2;
	u.role = (enum role)role_parse(role);
	if (cli_read_password("password: ", "GUANLAN_PASSWORD", password, sizeof(password)))
		return 1;
	if (cli_user_create(s, &u, password))
		return 1;
	printf("created user %s (%s), id %lld\n", u.username, role_names[u.role], (long long)u.id);
	return 0;
}

static int user_list(struct store *s)
{
	struct user_page page;
	struct arena a;

	arena_init(&a);
	if (store_user_list(s, 10000, 0, &a, &page) != GL_OK) {
		arena_release(&a);
		return 1;
	}
	printf("%-6s %-20s %-12s %-9s %s\n", "id", "username", "role", "status", "name");
	for (int64_t i = 0; i < page.n; i++) {
		const struct user *u = &page.items[i];
		printf("%-6lld %-20s %-12s %-9s %s\n", (long long)u->id, u->username,
		       role_names[u->role], u->disabled ? "disabled" : "active", u->display_name);
	}
	arena_release(&a);
	return 0;
}

static int user_disable(struct store *s, const char *name, int disabled)
{
	struct user u;
	struct verrors errs;
	struct arena a;
	enum gl_err rc;

	arena_init(&a);
	verr_init(&errs);
	rc = store_user_by_name(s, name, &a, &u, NULL);
	if (rc == GL_OK) {
		u.disabled = disabled;
		rc = store_user_update(s, &u, &a, &errs);
	}
	arena_release(&a);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan: %s: %s\n", name, gl_strerror(rc));
		return 1;
	}
	printf("%s %s\n", disabled ? "disabled" : "enabled", name);
	return 0;
}

static int user_passwd(struct store *s, const char *name)
{
	struct user u;
	struct verrors errs;
	struct arena a;
	char password[256], hash[CRYPTO_HASH_MAX];
	enum gl_err rc;

	arena_init(&a);
	rc = store_user_by_name(s, name, &a, &u, NULL);
	arena_release(&a);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan: %s: %s\n", name, gl_strerror(rc));
		return 1;
	}
	if (cli_read_password("new password: ", "GUANLAN_PASSWORD", password, sizeof(password)))
		return 1;
	verr_init(&errs);
	if (password_validate(password, "password", &errs))
		return print_errors(&errs);
	if (password_hash(password, hash) != GL_OK ||
	    store_user_set_password(s, u.id, hash, 0, "password_reset") != GL_OK) {
		fprintf(stderr, "guanlan: cannot set the password\n");
		return 1;
	}
	printf("password of %s changed; their sessions and tokens were revoked\n", name);
	return 0;
}

int cmd_user(const struct cli_options *opt, int argc, char **argv)
{
	struct store *s;
	int rc = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: guanlan user add|list|disable|enable|passwd ...\n");
		return 2;
	}
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	store_set_actor(s, &(struct actor){0, "cli", NULL});
	if (strcmp(argv[1], "add") == 0)
		rc = user_add(s, argc - 2, argv + 2);
	else if (strcmp(argv[1], "list") == 0)
		rc = user_list(s);
	else if ((strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0) && argc == 3)
		rc = user_disable(s, argv[2], argv[1][0] == 'd');
	else if (strcmp(argv[1], "passwd") == 0 && argc == 3)
		rc = user_passwd(s, argv[2]);
	else
		fprintf(stderr, "usage: guanlan user add|list|disable|enable|passwd ...\n");
	store_close(s);
	return rc;
}

int cmd_token(const struct cli_options *opt, int argc, char **argv)
{
	struct store *s;
	struct user u;
	struct arena a;
	struct credential c = {.kind = "token"};
	char token[64], hash[CRYPTO_TOKEN_HASH_LEN];
	enum gl_err rc;

	if (argc != 4 || strcmp(argv[1], "add") != 0) {
		fprintf(stderr, "usage: guanlan token add USER NAME\n");
		return 2;
	}
	if (!(s = cli_open_store(opt, 1)))
		return 1;
	store_set_actor(s, &(struct actor){0, "cli", NULL});
	arena_init(&a);
	rc = store_user_by_name(s, argv[2], &a, &u, NULL);
	if (rc == GL_OK) {
		token_new("glt_", token, sizeof(token));
		token_hash(token, hash);
		c.user_id = u.id;
		c.name = argv[3];
		c.created_at = (int64_t)time(NULL);
		rc = store_credential_create(s, &c, hash, NULL);
	}
	arena_release(&a);
	store_close(s);
	if (rc != GL_OK) {
		fprintf(stderr, "guanlan token: %s: %s\n", argv[2], gl_strerror(rc));
		return 1;
	}
	printf("%s\n", token);
	return 0;
}
