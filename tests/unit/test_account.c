/* test_account.c - unit tests for accounts without a database: role_parse, user_validate,
 * password_validate, principal_scope, scope_allows_project, and the field-by-field changes
 * the audit trail records (enterprise_changes, project_changes, user_changes and the
 * changes_* helpers). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/change.h"
#include "domain/enterprise.h"
#include "domain/project.h"
#include "domain/verr.h"
#include "util/arena.h"

/* ---- helpers ------------------------------------------------------------------------- */

static void print_errors(const struct verrors *v)
{
	for (int i = 0; i < v->n; i++)
		print_error("  %s: %s (%s)\n", v->items[i].field, v->items[i].code,
			    v->items[i].message);
}

/* field has a problem with this code (and a non-empty message). */
static void assert_problem(const struct verrors *v, const char *field, const char *code)
{
	for (int i = 0; i < v->n; i++) {
		if (strcmp(v->items[i].field, field) == 0 && strcmp(v->items[i].code, code) == 0) {
			assert_true(v->items[i].message[0] != '\0');
			return;
		}
	}
	print_error("no \"%s\" problem on field \"%s\"; found:\n", code, field);
	print_errors(v);
	fail();
}

static void assert_no_problems(const struct verrors *v)
{
	if (v->n == 0 && v->dropped == 0)
		return;
	print_error("expected no problems; found:\n");
	print_errors(v);
	fail();
}

/* n copies of the UTF-8 string unit into buf. */
static const char *repeat(char *buf, size_t size, const char *unit, int n)
{
	size_t len = strlen(unit), at = 0;

	assert_true((size_t)n * len < size);
	for (int i = 0; i < n; i++, at += len)
		memcpy(buf + at, unit, len);
	buf[at] = '\0';
	return buf;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static const struct change *find_change(const struct changes *c, const char *field)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->items[i].field, field) == 0)
			return &c->items[i];
	return NULL;
}

static void print_changes(const struct changes *c)
{
	for (int i = 0; i < c->n; i++)
		print_error("  %s: %s -> %s\n", c->items[i].field,
			    c->items[i].before ? c->items[i].before : "(none)",
			    c->items[i].after ? c->items[i].after : "(none)");
}

/* field changed from before to after (NULL: absent). */
static void assert_change(const struct changes *c, const char *field, const char *before,
			  const char *after)
{
	const struct change *x = find_change(c, field);

	if (x && same(x->before, before) && same(x->after, after))
		return;
	print_error("expected %s: %s -> %s; the changes are:\n", field, before ? before : "(none)",
		    after ? after : "(none)");
	print_changes(c);
	fail();
}

static void assert_unchanged(const struct changes *c, const char *field)
{
	if (!find_change(c, field))
		return;
	print_error("%s should not be listed; the changes are:\n", field);
	print_changes(c);
	fail();
}

/* Exactly these fields are listed, each once. */
static void assert_fields(const struct changes *c, const char *const *fields)
{
	int n = 0;

	for (; fields[n]; n++) {
		int seen = 0;
		for (int i = 0; i < c->n; i++)
			seen += strcmp(c->items[i].field, fields[n]) == 0;
		if (seen != 1) {
			print_error("%s is listed %d times; the changes are:\n", fields[n], seen);
			print_changes(c);
			fail();
		}
	}
	if (c->n != n) {
		print_error("expected %d changes, got %d:\n", n, c->n);
		print_changes(c);
		fail();
	}
}

/* Tests that need an arena get one as their state; teardown releases it even when the
 * test fails half-way. */
static int arena_setup(void **state)
{
	struct arena *a = malloc(sizeof(*a));

	if (!a)
		return -1;
	arena_init(a);
	*state = a;
	return 0;
}

static int arena_teardown(void **state)
{
	arena_release(*state);
	free(*state);
	return 0;
}

/* ---- roles --------------------------------------------------------------------------- */

static void test_role_parse(void **state)
{
	(void)state;
	assert_int_equal(role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(role_parse("leader"), ROLE_LEADER);
	assert_int_equal(role_parse("officer"), ROLE_OFFICER);
	assert_int_equal(role_parse("handler"), ROLE_HANDLER);
	assert_int_equal(role_parse("enterprise"), ROLE_ENTERPRISE);
	assert_int_equal(role_parse("viewer"), ROLE_VIEWER);
	/* Every role's name parses back to it, and every role has a label. */
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_non_null(role_names[r]);
		assert_non_null(role_labels[r]);
		assert_true(role_labels[r][0] != '\0');
		assert_int_equal(role_parse(role_names[r]), r);
	}
	assert_int_equal(role_parse(NULL), -1);
	assert_int_equal(role_parse(""), -1);
	assert_int_equal(role_parse("Admin"), -1);
	assert_int_equal(role_parse("ADMIN"), -1);
	assert_int_equal(role_parse("admin "), -1);
	assert_int_equal(role_parse(" admin"), -1);
	assert_int_equal(role_parse("admi"), -1);
	assert_int_equal(role_parse("administrator"), -1);
	assert_int_equal(role_parse("管理员"), -1);
	assert_int_equal(role_parse("superuser"), -1);
}

static void test_role_bits(void **state)
{
	(void)state;
	assert_int_equal(ROLES_ALL, 0x3F);
	for (int r = 0; r < ROLE__MAX; r++)
		assert_true(ROLES_ALL & ROLE_BIT(r));
	assert_int_equal(ROLE_BIT(ROLE_ADMIN) & ROLE_BIT(ROLE_VIEWER), 0);
}

/* ---- user_validate ------------------------------------------------------------------- */

static struct user viewer(void)
{
	struct user u = {.username = "li.na_2023-x", .display_name = "李娜", .role = ROLE_VIEWER};

	return u;
}

static int validate_user(const struct user *u, struct verrors *v)
{
	int rc;

	verr_init(v);
	rc = user_validate(u, v);
	/* The return value is always the number of problems added. */
	assert_int_equal(rc, v->n + v->dropped);
	return rc;
}

static void test_user_valid(void **state)
{
	static int64_t units[] = {3, 5};
	struct verrors v;
	struct user u = viewer();

	(void)state;
	assert_int_equal(validate_user(&u, &v), 0);
	for (int r = 0; r < ROLE__MAX; r++) {
		u = viewer();
		u.role = (enum role)r;
		if (r == ROLE_ENTERPRISE)
			u.enterprise_id = 1;
		if (r == ROLE_HANDLER) {
			u.unit_ids = units;
			u.nunits = 2;
		}
		validate_user(&u, &v);
		assert_no_problems(&v);
	}
}

static void test_user_username(void **state)
{
	char buf[64];
	struct verrors v;
	struct user u = viewer();

	(void)state;
	u.username = NULL;
	validate_user(&u, &v);
	assert_problem(&v, "username", "required");
	u.username = "";
	validate_user(&u, &v);
	assert_problem(&v, "username", "required");
	u.username = "a";
	validate_user(&u, &v);
	assert_problem(&v, "username", "invalid");
	u.username = "ab";
	assert_int_equal(validate_user(&u, &v), 0);
	u.username = repeat(buf, sizeof(buf), "a", 32);
	assert_int_equal(validate_user(&u, &v), 0);
	u.username = repeat(buf, sizeof(buf), "a", 33);
	validate_user(&u, &v);
	assert_problem(&v, "username", "invalid");

	static const char *const bad[] = {
		"Admin", "LI", "li na", "li@na", "li/na", "li:na", "李娜", "ｌｉｎａ", "li\tna",
		"li+na", "li%na", "li'na", "name\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u.username = bad[i];
		validate_user(&u, &v);
		assert_problem(&v, "username", "invalid");
		assert_int_equal(v.n, 1);
	}
	static const char *const good[] = {"admin", "li.na", "li_na", "li-na", "007", "a.b-c_d9"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		u.username = good[i];
		assert_int_equal(validate_user(&u, &v), 0);
	}
}

static void test_user_display_name(void **state)
{
	char buf[512];
	struct verrors v;
	struct user u = viewer();

	(void)state;
	u.display_name = NULL;
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "required");
	u.display_name = "";
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "required");
	u.display_name = " \t\r\n";
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "required");
	u.display_name = "\xE3\x80\x80\xE3\x80\x80"; /* two ideographic spaces */
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "required");
	/* 50 characters, not bytes: 50 CJK characters (150 bytes) are fine, 51 are not. */
	u.display_name = repeat(buf, sizeof(buf), "赵", 50);
	assert_int_equal(validate_user(&u, &v), 0);
	u.display_name = repeat(buf, sizeof(buf), "赵", 51);
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "too_long");
	u.display_name = repeat(buf, sizeof(buf), "a", 50);
	assert_int_equal(validate_user(&u, &v), 0);
	u.display_name = repeat(buf, sizeof(buf), "a", 51);
	validate_user(&u, &v);
	assert_problem(&v, "display_name", "too_long");
}

static void test_user_role_out_of_range(void **state)
{
	struct verrors v;
	struct user u = viewer();

	(void)state;
	u.role = ROLE__MAX;
	validate_user(&u, &v);
	assert_problem(&v, "role", "invalid");
	u.role = (enum role)99;
	validate_user(&u, &v);
	assert_problem(&v, "role", "invalid");
}

static void test_user_enterprise_role(void **state)
{
	static int64_t units[] = {3};
	struct verrors v;
	struct user u = viewer();

	(void)state;
	u.role = ROLE_ENTERPRISE;
	validate_user(&u, &v);
	assert_problem(&v, "enterprise_id", "required");
	assert_int_equal(v.n, 1);
	u.enterprise_id = 7;
	assert_int_equal(validate_user(&u, &v), 0);
	/* An enterprise user belongs to no unit. */
	u.unit_ids = units;
	u.nunits = 1;
	validate_user(&u, &v);
	assert_problem(&v, "unit_ids", "invalid");
	/* Nobody else belongs to an enterprise. */
	for (int r = 0; r < ROLE__MAX; r++) {
		if (r == ROLE_ENTERPRISE)
			continue;
		u = viewer();
		u.role = (enum role)r;
		u.enterprise_id = 7;
		if (r == ROLE_HANDLER) {
			u.unit_ids = units;
			u.nunits = 1;
		}
		validate_user(&u, &v);
		assert_problem(&v, "enterprise_id", "invalid");
		assert_int_equal(v.n, 1);
	}
}

static void test_user_handler_role(void **state)
{
	int64_t units[USER_MAX_UNITS + 1];
	struct verrors v;
	struct user u = viewer();

	(void)state;
	for (int i = 0; i <= USER_MAX_UNITS; i++)
		units[i] = i + 1;
	u.role = ROLE_HANDLER;
	validate_user(&u, &v);
	assert_problem(&v, "unit_ids", "required");
	assert_int_equal(v.n, 1);
	u.unit_ids = units;
	u.nunits = 1;
	assert_int_equal(validate_user(&u, &v), 0);
	u.nunits = USER_MAX_UNITS;
	assert_int_equal(validate_user(&u, &v), 0);
	u.nunits = USER_MAX_UNITS + 1;
	validate_user(&u, &v);
	assert_problem(&v, "unit_ids", "too_many");
	/* The same unit twice. */
	units[1] = units[0];
	u.nunits = 3;
	validate_user(&u, &v);
	assert_problem(&v, "unit_ids", "duplicate");
	assert_int_equal(v.n, 1);
	/* Nobody else belongs to units. */
	for (int r = 0; r < ROLE__MAX; r++) {
		if (r == ROLE_HANDLER)
			continue;
		u = viewer();
		u.role = (enum role)r;
		u.unit_ids = units + 2;
		u.nunits = 1;
		if (r == ROLE_ENTERPRISE)
			u.enterprise_id = 1;
		validate_user(&u, &v);
		assert_problem(&v, "unit_ids", "invalid");
		assert_int_equal(v.n, 1);
	}
}

static void test_user_collects_every_problem(void **state)
{
	struct verrors v;
	struct user u = {.username = "X", .display_name = "", .role = ROLE_ENTERPRISE};

	(void)state;
	assert_int_equal(validate_user(&u, &v), 3);
	assert_problem(&v, "username", "invalid");
	assert_problem(&v, "display_name", "required");
	assert_problem(&v, "enterprise_id", "required");
}

/* ---- password_validate --------------------------------------------------------------- */

static void test_password(void **state)
{
	char buf[256];
	struct verrors v;

	(void)state;
#define PW(pw) (verr_init(&v), password_validate((pw), "new_password", &v))
	assert_int_equal(PW("a-good-password"), 0);
	assert_int_equal(v.n, 0);
	assert_int_equal(PW("abcdefg1"), 0);                       /* exactly 8 */
	assert_int_equal(PW("1234567a"), 0);                       /* digits and one letter */
	assert_int_equal(PW("密码密码密码"), 0);                     /* 18 bytes */
	assert_int_equal(PW(repeat(buf, sizeof(buf), "x", PASSWORD_MAX)), 0);

	assert_int_equal(PW(NULL), 1);
	assert_problem(&v, "new_password", "required");
	assert_int_equal(PW(""), 1);
	assert_problem(&v, "new_password", "required");
	assert_int_equal(PW("abcdef1"), 1);                        /* 7 */
	assert_problem(&v, "new_password", "too_short");
	assert_int_equal(PW("密码"), 1);                            /* 6 bytes */
	assert_problem(&v, "new_password", "too_short");
	assert_int_equal(PW(repeat(buf, sizeof(buf), "x", PASSWORD_MAX + 1)), 1);
	assert_problem(&v, "new_password", "too_long");
	assert_int_equal(PW("12345678"), 1);
	assert_problem(&v, "new_password", "too_weak");
	assert_int_equal(PW(repeat(buf, sizeof(buf), "9", 40)), 1);
	assert_problem(&v, "new_password", "too_weak");
	assert_int_equal(v.n, 1);
	/* The field is the caller's. */
	verr_init(&v);
	assert_int_equal(password_validate("short", "password", &v), 1);
	assert_problem(&v, "password", "too_short");
#undef PW
}

/* ---- scopes -------------------------------------------------------------------------- */

static void test_scope_of_each_role(void **state)
{
	int64_t units[] = {3, 11};
	struct principal p = {.user_id = 9, .username = "x"};
	struct scope s;

	(void)state;
	/* Admins, leaders, officers and viewers see every row. */
	static const enum role open[] = {ROLE_ADMIN, ROLE_LEADER, ROLE_OFFICER, ROLE_VIEWER};
	for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++) {
		p.role = open[i];
		s = principal_scope(&p);
		assert_int_equal(s.enterprise_id, 0);
		assert_false(s.restricted);
		assert_int_equal(s.nunits, 0);
		assert_true(scope_allows_project(&s, 0, NULL, 0));
		assert_true(scope_allows_project(&s, 5, (int64_t[]){1, 2}, 2));
	}

	p.role = ROLE_ENTERPRISE;
	p.enterprise_id = 42;
	s = principal_scope(&p);
	assert_int_equal(s.enterprise_id, 42);
	assert_false(s.restricted);

	/* An enterprise user without an enterprise sees nothing, not everything. */
	p.enterprise_id = 0;
	s = principal_scope(&p);
	assert_true(s.enterprise_id != 0);
	assert_false(scope_allows_project(&s, 3, (int64_t[]){1}, 1));
	assert_false(scope_allows_project(&s, 0, NULL, 0));

	p.role = ROLE_HANDLER;
	p.enterprise_id = 0;
	p.unit_ids = units;
	p.nunits = 2;
	s = principal_scope(&p);
	assert_true(s.restricted);
	assert_int_equal(s.nunits, 2);
	assert_ptr_equal(s.unit_ids, units);
	assert_int_equal(s.enterprise_id, 0);

	/* A handler without units sees nothing. */
	p.nunits = 0;
	p.unit_ids = NULL;
	s = principal_scope(&p);
	assert_true(s.restricted);
	assert_false(scope_allows_project(&s, 3, (int64_t[]){1}, 1));
	assert_false(scope_allows_project(&s, 0, NULL, 0));
}

static void test_scope_enterprise_projects(void **state)
{
	struct principal p = {.role = ROLE_ENTERPRISE, .enterprise_id = 1};
	struct scope s = principal_scope(&p);
	int64_t byd_only[] = {1}, with_others[] = {7, 15, 1}, others[] = {7, 15};

	(void)state;
	assert_true(scope_allows_project(&s, 11, byd_only, 1));
	assert_true(scope_allows_project(&s, 0, with_others, 3));    /* named among others */
	assert_false(scope_allows_project(&s, 11, others, 2));
	assert_false(scope_allows_project(&s, 11, NULL, 0));         /* names no enterprise */
	/* The unit does not matter to an enterprise user. */
	assert_true(scope_allows_project(&s, 3, byd_only, 1));
	assert_false(scope_allows_project(&s, 3, others, 2));
}

static void test_scope_handler_projects(void **state)
{
	int64_t units[] = {3, 8};
	struct principal p = {.role = ROLE_HANDLER, .unit_ids = units, .nunits = 2};
	struct scope s = principal_scope(&p);
	int64_t ents[] = {1, 2};

	(void)state;
	assert_true(scope_allows_project(&s, 3, ents, 2));
	assert_true(scope_allows_project(&s, 8, NULL, 0));
	assert_false(scope_allows_project(&s, 2, ents, 2));
	assert_false(scope_allows_project(&s, 0, ents, 2));          /* no unit: nobody's */
	assert_false(scope_allows_project(&s, 11, ents, 2));
	/* Enterprises do not matter to a handler. */
	assert_false(scope_allows_project(&s, 4, (int64_t[]){3}, 1));
}

static void test_scope_unrestricted(void **state)
{
	struct scope none = {0};

	(void)state;
	assert_true(scope_allows_project(&none, 0, NULL, 0));
	assert_true(scope_allows_project(&none, 99, (int64_t[]){5}, 1));
}

/* ---- changes_* helpers --------------------------------------------------------------- */

static void test_changes_primitives(void **state)
{
	struct arena *a = *state;
	struct changes c = {0};

	changes_str(&c, "same", "x", "x");
	changes_str(&c, "both_null", NULL, NULL);
	assert_int_equal(c.n, 0);
	changes_str(&c, "set", NULL, "x");
	changes_str(&c, "cleared", "x", NULL);
	changes_str(&c, "changed", "x", "y");
	assert_int_equal(c.n, 3);
	assert_change(&c, "set", NULL, "x");
	assert_change(&c, "cleared", "x", NULL);
	assert_change(&c, "changed", "x", "y");
	/* Equal text in different buffers is no change. */
	char x1[] = "济南", x2[] = "济南";
	changes_str(&c, "copies", x1, x2);
	assert_int_equal(c.n, 3);

	c.n = 0;
	changes_int(&c, a, "i_same", true, 5, true, 5);
	changes_int(&c, a, "i_absent", false, 5, false, 6);
	assert_int_equal(c.n, 0);
	changes_int(&c, a, "i_changed", true, 5, true, -6);
	changes_int(&c, a, "i_set", false, 0, true, 0);
	changes_int(&c, a, "i_cleared", true, 400000, false, 0);
	changes_int(&c, a, "i_big", true, INT64_C(10000000000), true, INT64_C(-9223372036854775807) - 1);
	assert_change(&c, "i_changed", "5", "-6");
	assert_change(&c, "i_set", NULL, "0");
	assert_change(&c, "i_cleared", "400000", NULL);
	assert_change(&c, "i_big", "10000000000", "-9223372036854775808");

	c.n = 0;
	changes_id(&c, a, "id_same", 3, 3);
	changes_id(&c, a, "id_none", 0, 0);
	assert_int_equal(c.n, 0);
	changes_id(&c, a, "id_set", 0, 12);
	changes_id(&c, a, "id_cleared", 12, 0);
	changes_id(&c, a, "id_changed", 12, 13);
	assert_change(&c, "id_set", NULL, "12");
	assert_change(&c, "id_cleared", "12", NULL);
	assert_change(&c, "id_changed", "12", "13");

	c.n = 0;
	changes_bool(&c, "b_same", true, true, true, true);
	changes_bool(&c, "b_same2", true, false, true, false);
	assert_int_equal(c.n, 0);
	changes_bool(&c, "b_on", true, false, true, true);
	changes_bool(&c, "b_off", true, true, true, false);
	changes_bool(&c, "b_created", false, false, true, true);
	changes_bool(&c, "b_deleted", true, true, false, false);
	changes_bool(&c, "b_created_off", false, false, true, false);
	changes_bool(&c, "b_deleted_off", true, false, false, false);
	assert_change(&c, "b_on", "false", "true");
	assert_change(&c, "b_off", "true", "false");
	assert_change(&c, "b_created", NULL, "true");
	assert_change(&c, "b_deleted", "true", NULL);
	assert_int_equal(c.n, 4);
}

static void test_changes_limit(void **state)
{
	struct changes c = {0};
	char names[CHANGES_MAX + 5][16];

	(void)state;
	for (int i = 0; i < CHANGES_MAX + 5; i++) {
		snprintf(names[i], sizeof(names[i]), "f%d", i);
		changes_str(&c, names[i], NULL, "x");
	}
	assert_int_equal(c.n, CHANGES_MAX);
	assert_string_equal(c.items[CHANGES_MAX - 1].field, names[CHANGES_MAX - 1]);
}

static void test_changes_join(void **state)
{
	struct arena *a = *state;
	const char *three[] = {"世界500强", "行业龙头", "上市公司"};
	const char *with_null[] = {"a", NULL, "c"};
	int64_t ids[] = {1, 15, 9223372036854775807};

	assert_null(changes_join(a, three, 0));
	assert_string_equal(changes_join(a, three, 1), "世界500强");
	assert_string_equal(changes_join(a, three, 3), "世界500强, 行业龙头, 上市公司");
	assert_string_equal(changes_join(a, with_null, 3), "a, , c");
	assert_null(changes_join_ids(a, ids, 0));
	assert_string_equal(changes_join_ids(a, ids, 1), "1");
	assert_string_equal(changes_join_ids(a, ids, 3), "1, 15, 9223372036854775807");
}

/* ---- enterprise_changes -------------------------------------------------------------- */

static struct enterprise byd(void)
{
	static const char *tags[] = {"世界500强", "行业龙头"};
	static struct contact contacts[] = {
		{"张伟", "总经理", "0531-88886666", "zhang.wei@example.com"},
		{"李娜", NULL, NULL, NULL},
	};
	struct enterprise e = {
		.id = 1, .version = 1, .name = "比亚迪股份有限公司", .credit_code = "91350100M000100Y43",
		.industry_code = "3612", .address = "济南市历城区", .tags = tags, .ntags = 2,
		.contacts = contacts, .ncontacts = 2,
	};

	return e;
}

static void test_enterprise_create(void **state)
{
	static const char *const all[] = {"name", "credit_code", "industry_code", "address", "tags",
					  "contacts", NULL};
	static const char *const name_only[] = {"name", NULL};
	struct arena *a = *state;
	struct changes c;
	struct enterprise e = byd(), bare = {.name = "某企业"};

	enterprise_changes(NULL, &e, a, &c);
	assert_fields(&c, all);
	assert_change(&c, "name", NULL, "比亚迪股份有限公司");
	assert_change(&c, "credit_code", NULL, "91350100M000100Y43");
	assert_change(&c, "industry_code", NULL, "3612");
	assert_change(&c, "address", NULL, "济南市历城区");
	assert_change(&c, "tags", NULL, "世界500强, 行业龙头");
	assert_change(&c, "contacts", NULL, "张伟/总经理/0531-88886666/zhang.wei@example.com, 李娜///");
	/* Only the fields that are set. */
	enterprise_changes(NULL, &bare, a, &c);
	assert_fields(&c, name_only);
	assert_change(&c, "name", NULL, "某企业");
}

static void test_enterprise_update(void **state)
{
	static const char *tags2[] = {"世界500强", "行业龙头", "上市公司"};
	static const char *const two[] = {"address", "tags", NULL};
	struct arena *a = *state;
	struct changes c;
	struct enterprise before = byd(), after = byd();

	/* Nothing changed, nothing listed (a new version alone is no change). */
	after.version = 2;
	enterprise_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 0);
	/* Copies of the same text are no change either. */
	char name[64];
	snprintf(name, sizeof(name), "%s", before.name);
	after.name = name;
	enterprise_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 0);

	after.address = "济南市天桥区";
	after.tags = tags2;
	after.ntags = 3;
	enterprise_changes(&before, &after, a, &c);
	assert_fields(&c, two);
	assert_change(&c, "address", "济南市历城区", "济南市天桥区");
	assert_change(&c, "tags", "世界500强, 行业龙头", "世界500强, 行业龙头, 上市公司");

	/* Clearing a field and all tags and contacts. */
	after = byd();
	after.credit_code = NULL;
	after.ntags = 0;
	after.ncontacts = 0;
	enterprise_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 3);
	assert_change(&c, "credit_code", "91350100M000100Y43", NULL);
	assert_change(&c, "tags", "世界500强, 行业龙头", NULL);
	assert_change(&c, "contacts", "张伟/总经理/0531-88886666/zhang.wei@example.com, 李娜///", NULL);
	assert_unchanged(&c, "name");

	/* One contact's phone. */
	struct contact changed[] = {
		{"张伟", "总经理", "0531-88880000", "zhang.wei@example.com"},
		{"李娜", NULL, NULL, NULL},
	};
	after = byd();
	after.contacts = changed;
	enterprise_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 1);
	assert_change(&c, "contacts", "张伟/总经理/0531-88886666/zhang.wei@example.com, 李娜///",
		      "张伟/总经理/0531-88880000/zhang.wei@example.com, 李娜///");
}

static void test_enterprise_delete(void **state)
{
	static const char *const all[] = {"name", "credit_code", "industry_code", "address", "tags",
					  "contacts", NULL};
	struct arena *a = *state;
	struct changes c;
	struct enterprise e = byd();

	enterprise_changes(&e, NULL, a, &c);
	assert_fields(&c, all);
	assert_change(&c, "name", "比亚迪股份有限公司", NULL);
	assert_change(&c, "tags", "世界500强, 行业龙头", NULL);
	assert_change(&c, "address", "济南市历城区", NULL);
}

/* ---- project_changes ----------------------------------------------------------------- */

static struct project byd_phase2(void)
{
	static int64_t ents[] = {1};
	struct project p = {
		.id = 2, .version = 1, .code = "QH-2023-0002", .name = "比亚迪新能源乘用车项目（二期）",
		.enterprise_ids = ents, .nenterprises = 1, .industry_code = "3612", .chain = "nev",
		.channel = "leader", .stage = STAGE_SIGNED, .has_investment = true,
		.total_investment = 800000, .location = "zone", .signed_on = "2023-02-03",
		.phase_parent_id = 1, .phase = "二期", .industrial = false, .key_project = false,
		.leader = "王主任", .unit_id = 11,
	};

	return p;
}

static void test_project_create(void **state)
{
	static const char *const set[] = {
		"code", "name", "enterprise_ids", "industry_code", "chain", "channel", "stage",
		"total_investment", "location", "signed_on", "phase_parent_id", "phase", "leader",
		"unit_id", NULL,
	};
	static const char *const minimal[] = {"code", "name", "stage", "location", NULL};
	struct arena *a = *state;
	struct changes c;
	struct project p = byd_phase2();
	struct project lead = {.code = "QH-2025-0001", .name = "某线索", .stage = STAGE_LEAD,
			       .location = "zone"};

	project_changes(NULL, &p, a, &c);
	assert_fields(&c, set);
	assert_change(&c, "code", NULL, "QH-2023-0002");
	assert_change(&c, "enterprise_ids", NULL, "1");
	assert_change(&c, "stage", NULL, "signed");
	assert_change(&c, "total_investment", NULL, "800000");
	assert_change(&c, "signed_on", NULL, "2023-02-03");
	assert_change(&c, "phase_parent_id", NULL, "1");
	assert_change(&c, "unit_id", NULL, "11");
	assert_unchanged(&c, "started_on");
	assert_unchanged(&c, "chain_anchor_id");

	/* Even the first stage is listed: a new project is in some stage. */
	project_changes(NULL, &lead, a, &c);
	assert_fields(&c, minimal);
	assert_change(&c, "stage", NULL, "lead");
}

/* A create is a change from nothing: flags that are set come from nothing too. */
static void test_project_create_flags(void **state)
{
	struct arena *a = *state;
	struct changes c;
	struct project p = byd_phase2();

	p.industrial = true;
	p.key_project = true;
	project_changes(NULL, &p, a, &c);
	assert_change(&c, "industrial", NULL, "true");
	assert_change(&c, "key_project", NULL, "true");
}

static void test_project_update(void **state)
{
	static int64_t two_ents[] = {1, 18};
	static const char *const moved[] = {"stage", "started_on", "total_investment", NULL};
	struct arena *a = *state;
	struct changes c;
	struct project before = byd_phase2(), after = byd_phase2();

	after.version = 2;
	project_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 0);

	after.stage = STAGE_STARTED;
	after.started_on = "2023-06-01";
	after.total_investment = 900000;
	project_changes(&before, &after, a, &c);
	assert_fields(&c, moved);
	assert_change(&c, "stage", "signed", "started");
	assert_change(&c, "started_on", NULL, "2023-06-01");
	assert_change(&c, "total_investment", "800000", "900000");

	after = byd_phase2();
	after.enterprise_ids = two_ents;
	after.nenterprises = 2;
	after.key_project = true;
	after.unit_id = 0;
	after.has_investment = false;
	after.phase_parent_id = 0;
	after.chain_anchor_id = 1;
	project_changes(&before, &after, a, &c);
	assert_int_equal(c.n, 6);
	assert_change(&c, "enterprise_ids", "1", "1, 18");
	assert_change(&c, "key_project", "false", "true");
	assert_change(&c, "unit_id", "11", NULL);
	assert_change(&c, "total_investment", "800000", NULL);
	assert_change(&c, "phase_parent_id", "1", NULL);
	assert_change(&c, "chain_anchor_id", NULL, "1");
}

static void test_project_delete(void **state)
{
	struct arena *a = *state;
	struct changes c;
	struct project p = byd_phase2();

	project_changes(&p, NULL, a, &c);
	assert_change(&c, "code", "QH-2023-0002", NULL);
	assert_change(&c, "name", "比亚迪新能源乘用车项目（二期）", NULL);
	assert_change(&c, "stage", "signed", NULL);
	assert_change(&c, "total_investment", "800000", NULL);
	assert_change(&c, "unit_id", "11", NULL);
	for (int i = 0; i < c.n; i++)
		assert_null(c.items[i].after);
}

/* A delete is a change to nothing, flags included. */
static void test_project_delete_flags(void **state)
{
	struct arena *a = *state;
	struct changes c;
	struct project p = byd_phase2();

	p.industrial = true;
	p.key_project = true;
	project_changes(&p, NULL, a, &c);
	assert_change(&c, "industrial", "true", NULL);
	assert_change(&c, "key_project", "true", NULL);
}

/* ---- user_changes -------------------------------------------------------------------- */

static void test_user_changes(void **state)
{
	static int64_t units[] = {3, 8};
	static const char *const created[] = {"username", "display_name", "role", "unit_ids", NULL};
	struct arena *a = *state;
	struct changes c;
	struct user u = {.id = 4, .version = 1, .username = "zhao", .display_name = "赵经办",
			 .role = ROLE_HANDLER, .unit_ids = units, .nunits = 2};
	struct user v;

	user_changes(NULL, &u, a, &c);
	assert_fields(&c, created);
	assert_change(&c, "username", NULL, "zhao");
	assert_change(&c, "display_name", NULL, "赵经办");
	assert_change(&c, "role", NULL, "handler");
	assert_change(&c, "unit_ids", NULL, "3, 8");
	assert_unchanged(&c, "enterprise_id");
	assert_unchanged(&c, "disabled");

	/* The first role is listed even when it is role 0 (admin). */
	v = u;
	v.role = ROLE_ADMIN;
	v.nunits = 0;
	user_changes(NULL, &v, a, &c);
	assert_change(&c, "role", NULL, "admin");
	assert_unchanged(&c, "unit_ids");

	/* Update: only what changed. */
	v = u;
	v.version = 2;
	user_changes(&u, &v, a, &c);
	assert_int_equal(c.n, 0);
	v.disabled = true;
	user_changes(&u, &v, a, &c);
	assert_int_equal(c.n, 1);
	assert_change(&c, "disabled", "false", "true");
	v = u;
	v.role = ROLE_ENTERPRISE;
	v.enterprise_id = 1;
	v.nunits = 0;
	v.display_name = "比亚迪联络人";
	user_changes(&u, &v, a, &c);
	assert_int_equal(c.n, 4);
	assert_change(&c, "role", "handler", "enterprise");
	assert_change(&c, "enterprise_id", NULL, "1");
	assert_change(&c, "unit_ids", "3, 8", NULL);
	assert_change(&c, "display_name", "赵经办", "比亚迪联络人");
}

/* A create of a disabled user is a change from nothing too. */
static void test_user_changes_create_disabled(void **state)
{
	struct arena *a = *state;
	struct changes c;
	struct user u = {.username = "zhao", .display_name = "赵经办", .role = ROLE_VIEWER,
			 .disabled = true};

	user_changes(NULL, &u, a, &c);
	assert_change(&c, "disabled", NULL, "true");
}

static void test_user_changes_delete(void **state)
{
	struct arena *a = *state;
	struct changes c;
	struct user u = {.id = 5, .username = "byd", .display_name = "联络人",
			 .role = ROLE_ENTERPRISE, .enterprise_id = 1};

	user_changes(&u, NULL, a, &c);
	assert_change(&c, "username", "byd", NULL);
	assert_change(&c, "role", "enterprise", NULL);
	assert_change(&c, "enterprise_id", "1", NULL);
	for (int i = 0; i < c.n; i++)
		assert_null(c.items[i].after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_parse),
		cmocka_unit_test(test_role_bits),
		cmocka_unit_test(test_user_valid),
		cmocka_unit_test(test_user_username),
		cmocka_unit_test(test_user_display_name),
		cmocka_unit_test(test_user_role_out_of_range),
		cmocka_unit_test(test_user_enterprise_role),
		cmocka_unit_test(test_user_handler_role),
		cmocka_unit_test(test_user_collects_every_problem),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_scope_of_each_role),
		cmocka_unit_test(test_scope_enterprise_projects),
		cmocka_unit_test(test_scope_handler_projects),
		cmocka_unit_test(test_scope_unrestricted),
		cmocka_unit_test_setup_teardown(test_changes_primitives, arena_setup, arena_teardown),
		cmocka_unit_test(test_changes_limit),
		cmocka_unit_test_setup_teardown(test_changes_join, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_enterprise_create, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_enterprise_update, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_enterprise_delete, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_project_create, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_project_create_flags, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_project_update, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_project_delete, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_project_delete_flags, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_user_changes, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_user_changes_create_disabled, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_user_changes_delete, arena_setup, arena_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
