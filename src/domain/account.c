/* account.c - roles, user rules, scopes. */
#include "account.h"

#include <string.h>

#include "text.h"

const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin", [ROLE_LEADER] = "leader", [ROLE_OFFICER] = "officer",
	[ROLE_HANDLER] = "handler", [ROLE_ENTERPRISE] = "enterprise", [ROLE_VIEWER] = "viewer",
};

const char *const role_labels[ROLE__MAX] = {
	[ROLE_ADMIN] = "管理员", [ROLE_LEADER] = "领导", [ROLE_OFFICER] = "招商专员",
	[ROLE_HANDLER] = "部门经办人", [ROLE_ENTERPRISE] = "企业用户", [ROLE_VIEWER] = "只读用户",
};

int role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

int user_validate(const struct user *u, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	size_t n = u->username ? strlen(u->username) : 0;

	if (n == 0)
		verr_add(errs, "username", "required", "is required");
	else if (n < 2 || n > 32 || strspn(u->username, "abcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		verr_add(errs, "username", "invalid",
			 "must be 2-32 lower-case letters, digits, '.', '_' or '-'");
	if (text_blank(u->display_name))
		verr_add(errs, "display_name", "required", "is required");
	else if (text_chars(u->display_name) > 50)
		verr_add(errs, "display_name", "too_long", "must be at most 50 characters");
	if ((unsigned)u->role >= ROLE__MAX)
		verr_add(errs, "role", "invalid", "is not a role");
	if (u->role == ROLE_ENTERPRISE && !u->enterprise_id)
		verr_add(errs, "enterprise_id", "required", "an enterprise user belongs to an enterprise");
	if (u->role != ROLE_ENTERPRISE && u->enterprise_id)
		verr_add(errs, "enterprise_id", "invalid", "only enterprise users belong to an enterprise");
	if (u->role == ROLE_HANDLER && u->nunits == 0)
		verr_add(errs, "unit_ids", "required", "a handler works for at least one unit");
	if (u->role != ROLE_HANDLER && u->nunits)
		verr_add(errs, "unit_ids", "invalid", "only handlers belong to units");
	if (u->nunits > USER_MAX_UNITS)
		verr_add(errs, "unit_ids", "too_many", "at most %d units", USER_MAX_UNITS);
	for (size_t i = 0; i < u->nunits; i++)
		for (size_t j = 0; j < i; j++)
			if (u->unit_ids[i] == u->unit_ids[j])
				verr_add(errs, "unit_ids", "duplicate", "names unit %lld twice",
					 (long long)u->unit_ids[i]);
	return errs->n + errs->dropped - before;
}

int password_validate(const char *pw, const char *field, struct verrors *errs)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n == 0)
		verr_add(errs, field, "required", "is required");
	else if (n < PASSWORD_MIN)
		verr_add(errs, field, "too_short", "must be at least %d characters", PASSWORD_MIN);
	else if (n > PASSWORD_MAX)
		verr_add(errs, field, "too_long", "must be at most %d bytes", PASSWORD_MAX);
	else if (strspn(pw, "0123456789") == n)
		verr_add(errs, field, "too_weak", "must not be digits only");
	else
		return 0;
	return 1;
}

struct scope principal_scope(const struct principal *p)
{
	struct scope s = {0};

	if (p->role == ROLE_ENTERPRISE) {
		/* An enterprise user without an enterprise sees nothing, not everything. */
		s.enterprise_id = p->enterprise_id ? p->enterprise_id : -1;
	} else if (p->role == ROLE_HANDLER) {
		s.unit_ids = p->unit_ids;
		s.nunits = p->nunits;
		s.restricted = true;
	}
	return s;
}

bool scope_allows_project(const struct scope *s, int64_t unit_id, const int64_t *enterprise_ids,
			  size_t nenterprises)
{
	if (s->enterprise_id) {
		for (size_t i = 0; i < nenterprises; i++)
			if (enterprise_ids[i] == s->enterprise_id)
				return true;
		return false;
	}
	if (s->restricted) {
		for (size_t i = 0; i < s->nunits; i++)
			if (s->unit_ids[i] == unit_id)
				return true;
		return false;
	}
	return true;
}
