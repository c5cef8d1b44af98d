/* account.h - users, roles, who is asking (principal) and what rows they may see (scope).
 *
 * Roles: admin (users, reference data, and everything else), leader (领导: reads everything,
 * supervises), officer (招商专员: manages enterprises and projects), handler (部门经办人: what
 * is assigned to their units), enterprise (企业用户: their own enterprise and its projects),
 * viewer (dashboards only).  Which role may call which route is the policy column of the
 * route table (src/api/routes.c); which rows a call may touch is the scope below.
 */
#ifndef GL_ACCOUNT_H
#define GL_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verr.h"

enum role {
	ROLE_ADMIN,
	ROLE_LEADER,
	ROLE_OFFICER,
	ROLE_HANDLER,
	ROLE_ENTERPRISE,
	ROLE_VIEWER,
	ROLE__MAX
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE__MAX) - 1)

extern const char *const role_names[ROLE__MAX];     /* "admin", ... */
extern const char *const role_labels[ROLE__MAX];    /* "管理员", ... */
int role_parse(const char *s); /* -1 when unknown */

enum { USER_MAX_UNITS = 16, PASSWORD_MIN = 8, PASSWORD_MAX = 128 };

struct user {
	int64_t id, version;
	const char *username, *display_name;
	enum role role;
	int64_t enterprise_id;      /* role enterprise: the one enterprise; else 0 */
	int64_t *unit_ids;          /* role handler: the units they work for */
	size_t nunits;
	bool disabled;
	const char *created_at, *updated_at;
};

/* Username 2-32 of [a-z0-9._-]; display name 1-50 characters; an enterprise user names an
 * enterprise and a handler at least one unit, and nobody else does. */
int user_validate(const struct user *u, struct verrors *errs);
/* PASSWORD_MIN to PASSWORD_MAX bytes, not all one character class of digits. */
int password_validate(const char *pw, const char *field, struct verrors *errs);

/* Rows a principal may see.  Zero/NULL members do not restrict. */
struct scope {
	int64_t enterprise_id;      /* only this enterprise and projects naming it */
	const int64_t *unit_ids;    /* only projects of these units (and their enterprises) */
	size_t nunits;
	bool restricted;            /* unit_ids applies even when nunits is 0 (sees nothing) */
};

/* Who is making a request. */
struct principal {
	int64_t user_id;            /* 0: the system itself (demo loader) */
	const char *username;
	const char *display_name;
	enum role role;
	int64_t enterprise_id;
	int64_t *unit_ids;
	size_t nunits;
	int64_t credential_id;
	bool via_token;             /* bearer token (no CSRF check) rather than a cookie */
	const char *csrf;           /* cookie sessions: the value state-changing requests echo */
};

/* The scope that goes with a principal's role. */
struct scope principal_scope(const struct principal *p);

/* Whether a project with these units/enterprises is inside a scope. */
bool scope_allows_project(const struct scope *s, int64_t unit_id, const int64_t *enterprise_ids,
			  size_t nenterprises);

#endif
