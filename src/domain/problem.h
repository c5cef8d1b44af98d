/* problem.h - problems (制约问题) that block a project: what they are, who owns them, when
 * they are due in working days, and the states they move through.
 *
 *   open ──> in_progress ──> resolved
 *     │           │
 *     └───────────┴────────> closed_unresolved      (given up: the project moved on)
 *   resolved, closed_unresolved ──> open             (reopened: the fix did not hold)
 *
 * Entering resolved or closed_unresolved needs a resolution (what was done, or why it was
 * given up) and sets resolved_on; reopening clears both.  A problem is overdue while open or
 * in progress and today (Asia/Shanghai) is after due_on.
 *
 * Strings are borrowed from whoever fills the struct (usually a request arena).
 */
#ifndef GL_PROBLEM_H
#define GL_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"
#include "account.h"
#include "verr.h"
#include "workday.h"

enum problem_type {
	PROBLEM_LAND,        /* 用地 */
	PROBLEM_PLANNING,    /* 规划 */
	PROBLEM_APPROVAL,    /* 审批 */
	PROBLEM_ENERGY,      /* 能耗 */
	PROBLEM_FUNDING,     /* 资金 */
	PROBLEM_TALENT,      /* 人才 */
	PROBLEM_SUPPORTING,  /* 配套 */
	PROBLEM_OTHER,       /* 其他 */
	PROBLEM_TYPE__MAX
};

enum problem_status {
	PROBLEM_OPEN,
	PROBLEM_IN_PROGRESS,
	PROBLEM_RESOLVED,
	PROBLEM_CLOSED_UNRESOLVED,
	PROBLEM_STATUS__MAX
};

struct code_name {
	const char *code, *name;
};
extern const struct code_name problem_types[PROBLEM_TYPE__MAX];
extern const struct code_name problem_statuses[PROBLEM_STATUS__MAX];

/* -1 when unknown. */
int problem_type_parse(const char *s);
int problem_status_parse(const char *s);

enum {
	PROBLEM_DEADLINE_MAX = 250,       /* working days: about a year */
	PROBLEM_DESCRIPTION_MAX = 2000,   /* characters */
	PROBLEM_RESOLUTION_MAX = 2000,
};

struct problem {
	int64_t id, version;
	int64_t project_id;
	enum problem_type type;
	const char *description;
	int64_t unit_id;            /* owner unit */
	const char *opened_on;      /* YYYY-MM-DD */
	int64_t deadline_days;      /* working days after opened_on */
	const char *due_on;         /* computed: problem_due() */
	bool due_fallback;          /* due_on assumed Monday-Friday somewhere */
	enum problem_status status;
	const char *resolution;
	const char *resolved_on;
	int64_t taskforce_id;       /* 0 = none */
	const char *created_at, *updated_at;
	/* read-only, from joins */
	const char *project_code, *project_name, *unit_name, *taskforce_name;
};

/* Check what needs no database: type, description, unit, opened_on, deadline, and that
 * resolution and resolved_on agree with the status.  Returns the number of errors. */
int problem_validate(const struct problem *p, struct verrors *errs);

/* Fill p->due_on (in buf, 11 bytes) and p->due_fallback from opened_on and deadline_days.
 * p must have passed problem_validate(). */
void problem_due(struct problem *p, const struct calendar *c, char *buf);

/* May a problem move from one status to another?  Staying put is not a move. */
bool problem_transition_ok(enum problem_status from, enum problem_status to);
/* The statuses reachable from one, as "a, b" for messages, into buf. */
const char *problem_transitions(enum problem_status from, char *buf, size_t size);

/* Open or in progress and today is after due_on. */
bool problem_overdue(const struct problem *p, struct ymd today);

struct changes;
struct arena;
/* Field by field, for the audit trail; before is NULL for a create. */
void problem_changes(const struct problem *before, const struct problem *after,
		     struct arena *a, struct changes *out);

/* Ledger filters (GET /api/v1/problems, the xlsx export). */
struct problem_query {
	int status;                 /* -1 = any */
	int type;                   /* -1 = any */
	int64_t unit_id, project_id, taskforce_id;   /* 0 = any */
	int overdue;                /* -1 any, 1 overdue only, 0 not overdue */
	const char *today;          /* YYYY-MM-DD for overdue; required when overdue >= 0 */
	int64_t limit, offset;
	const struct scope *scope;  /* rows the caller may see; NULL = all */
};

#endif
