/* store.h - everything Guanlan keeps, behind an interface that speaks the domain.
 *
 * No SQL type leaves src/store: a PostgreSQL implementation can replace store_sqlite.c
 * without touching a handler.  One struct store is one database connection; it is not
 * thread-safe, so each worker thread opens its own (see store_thread()).
 *
 * Memory: results are written into caller structs; their strings and arrays are allocated
 * from the arena passed in, and live as long as it does.
 *
 * Every function returns enum gl_err:
 *   GL_ENOTFOUND   the id names no record
 *   GL_ECONFLICT   the expected version is stale; nothing was changed
 *   GL_EDUPLICATE  a unique key (credit code) is taken
 *   GL_EREFERENCED the record is still referenced (delete refused): an enterprise by
 *                  projects or by its enterprise users
 *   GL_EINVALID    a reference is dangling; details in the verrors passed
 *   GL_EDB         the engine failed; the reason went to the log
 */
#ifndef GL_STORE_H
#define GL_STORE_H

#include <stdint.h>

#include "../domain/account.h"
#include "../domain/change.h"
#include "../domain/enterprise.h"
#include "../domain/project.h"
#include "../domain/stats.h"
#include "../domain/verr.h"
#include "../domain/workday.h"
#include "../util/arena.h"
#include "../util/err.h"

#define WUR __attribute__((warn_unused_result))

struct store;

/* Open (creating when missing) the database at path.  Does not migrate. */
enum gl_err store_open(const char *path, struct store **out) WUR;
void store_close(struct store *s);

/* Schema versions: what the database has, and what this binary knows. */
enum gl_err store_schema_version(struct store *s, int *out) WUR;
int store_schema_latest(void);
/* Apply every pending migration in one exclusive transaction.  GL_ESCHEMA when the database
 * is newer than this binary.  OUT: from/to versions (either may be NULL). */
enum gl_err store_migrate(struct store *s, int *from, int *to) WUR;
/* GL_OK when the schema is exactly current, GL_ESCHEMA otherwise (message to the log). */
enum gl_err store_check_schema(struct store *s) WUR;

/* Refresh the query planner's statistics (after a bulk load). */
enum gl_err store_analyze(struct store *s) WUR;

/* A cheap check that the database answers; OUT: its schema version. */
enum gl_err store_ping(struct store *s, int *schema) WUR;

/* Who the audit rows of this connection's following writes name; address may be NULL.
 * NULL clears it (writes are then recorded as the system's).  The strings are borrowed
 * until the next call. */
struct actor {
	int64_t user_id;
	const char *username;
	const char *address;
};
void store_set_actor(struct store *s, const struct actor *a);

/* Read from one snapshot: every query until store_read_end() sees the same database, and the
 * file locks are taken once instead of once per statement.  Only for requests that do not
 * write. */
enum gl_err store_read_begin(struct store *s) WUR;
void store_read_end(struct store *s);

/* Group several operations into one transaction (demo load, bulk generation).  Operations
 * called inside join it instead of committing on their own. */
enum gl_err store_begin(struct store *s) WUR;
enum gl_err store_commit(struct store *s) WUR;
void store_rollback(struct store *s);

/* ---- reference data ------------------------------------------------------------------- */

struct ref_item {
	const char *code;
	const char *name;
	const char *parent;  /* industries: section letter; regions: parent code; else NULL */
	const char *kind;    /* industries: level 1-4 as text; units: department/task_force/county */
	int64_t id;          /* units only */
};

struct ref_list {
	struct ref_item *items;
	int64_t n;
};

enum ref_table {
	REF_INDUSTRY,
	REF_CHAIN,
	REF_CHANNEL,
	REF_REGION,
	REF_UNIT,
	REF__MAX
};

/* List a reference table; q (may be NULL) filters by code prefix or name substring, and
 * limit caps the rows (0 = all). */
enum gl_err store_ref_list(struct store *s, enum ref_table t, const char *q, int64_t limit,
			   struct arena *a, struct ref_list *out) WUR;
/* GL_OK when code exists in the table, GL_ENOTFOUND otherwise.  For REF_UNIT the code is
 * the unit id in decimal. */
enum gl_err store_ref_exists(struct store *s, enum ref_table t, const char *code) WUR;

/* The working-day calendar (holidays, 调休 working days, covered years), in the arena. */
enum gl_err store_calendar_load(struct store *s, struct arena *a, struct calendar *out) WUR;

/* ---- enterprises ---------------------------------------------------------------------- */

/* Insert e; OUT: e->id, e->version, e->created_at, e->updated_at (from the arena).
 * GL_EDUPLICATE when the credit code is taken; GL_EINVALID (errs filled) when the industry
 * code is unknown. */
enum gl_err store_enterprise_create(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs) WUR;
/* scope may be NULL (no restriction); a record outside it is GL_ENOTFOUND. */
enum gl_err store_enterprise_get(struct store *s, int64_t id, const struct scope *scope,
				 struct arena *a, struct enterprise *out) WUR;
/* Replace the stored record e->id if its version is still e->version; OUT: new version and
 * updated_at in e. */
enum gl_err store_enterprise_update(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs) WUR;
/* version 0 = whatever the current version is; scope may be NULL. */
enum gl_err store_enterprise_delete(struct store *s, int64_t id, int64_t version,
				    const struct scope *scope) WUR;

struct enterprise_page {
	struct enterprise *items;
	int64_t n, total;
};
enum gl_err store_enterprise_list(struct store *s, const struct enterprise_query *q,
				  struct arena *a, struct enterprise_page *out) WUR;

/* ---- projects ------------------------------------------------------------------------- */

/* Insert p and generate its code QH-<year>-<seq> (year of signing, else of today).
 * GL_EINVALID (errs filled) for dangling references: enterprises, industry, chain, channel,
 * location, unit, phase parent, chain anchor. */
enum gl_err store_project_create(struct store *s, struct project *p, struct arena *a,
				 struct verrors *errs) WUR;
enum gl_err store_project_get(struct store *s, int64_t id, const struct scope *scope,
			      struct arena *a, struct project *out) WUR;
enum gl_err store_project_update(struct store *s, struct project *p, struct arena *a,
				 struct verrors *errs) WUR;

struct project_page {
	struct project *items;
	int64_t n, total;
};
enum gl_err store_project_list(struct store *s, const struct project_query *q, struct arena *a,
			       struct project_page *out) WUR;

/* ---- the working-day calendar, problems and task forces ------------------------------- */

/* Included here rather than at the top so that this section stays one block. */
#include "../domain/taskforce.h"

/* One row of a year's official schedule: a day off ("holiday") or a weekend day made a
 * working day ("workday"). */
struct calendar_day {
	const char *date, *kind, *name;
};

struct calendar_year {
	int year;
	bool covered;                 /* the year's schedule is loaded */
	struct calendar_day *days;    /* ascending */
	size_t ndays;
	const int *years;             /* every covered year, ascending */
	size_t nyears;
};
enum gl_err store_calendar_year(struct store *s, int year, struct arena *a,
				struct calendar_year *out) WUR;
/* Replace the schedule of year with days (already validated, all inside the year) and mark
 * it covered, in one audited transaction.  Problems whose due date was a guess (due_fallback)
 * are dated again with the new calendar in the same transaction; OUT: *redated, how many. */
enum gl_err store_calendar_replace(struct store *s, int year, const struct calendar_day *days,
				   size_t n, struct arena *a, int64_t *redated) WUR;

/* Insert p (status open unless given), dating due_on from the calendar.  GL_EINVALID (errs)
 * for an unknown project, unit or task force.  OUT: id, version, due_on, timestamps. */
enum gl_err store_problem_create(struct store *s, struct problem *p, struct arena *a,
				 struct verrors *errs) WUR;
/* scope may be NULL; a problem outside it is GL_ENOTFOUND. */
enum gl_err store_problem_get(struct store *s, int64_t id, const struct scope *scope,
			      struct arena *a, struct problem *out) WUR;
/* Replace problem p->id if its version is still p->version (GL_ECONFLICT otherwise); due_on
 * is dated again.  The caller has checked the status move with problem_transition_ok(). */
enum gl_err store_problem_update(struct store *s, struct problem *p, struct arena *a,
				 struct verrors *errs) WUR;

struct problem_page {
	struct problem *items;
	int64_t n, total;
};
/* The problem ledger, ordered by id; q->limit rows from q->offset (an export pages through
 * everything with limit 1000 and growing offsets). */
enum gl_err store_problem_list(struct store *s, const struct problem_query *q, struct arena *a,
			       struct problem_page *out) WUR;

/* Insert t with its members, units and projects.  create_unit: also make a unit of kind
 * task_force named after it and set t->unit_id.  GL_EDUPLICATE when the name is taken,
 * GL_EINVALID (errs) for unknown units, users or projects. */
enum gl_err store_taskforce_create(struct store *s, struct taskforce *t, bool create_unit,
				   struct arena *a, struct verrors *errs) WUR;
/* scope may be NULL.  A handler sees task forces with one of its units (as the task force's
 * unit, a member unit or a member's unit) or serving a project in its scope; an enterprise
 * user those serving its projects. */
enum gl_err store_taskforce_get(struct store *s, int64_t id, const struct scope *scope,
				struct arena *a, struct taskforce *out) WUR;
enum gl_err store_taskforce_update(struct store *s, struct taskforce *t, struct arena *a,
				   struct verrors *errs) WUR;
struct taskforce_page {
	struct taskforce *items;
	int64_t n, total;
};
enum gl_err store_taskforce_list(struct store *s, const struct scope *scope, int64_t limit,
				 int64_t offset, struct arena *a, struct taskforce_page *out) WUR;

/* Record meeting m of task force m->taskforce_id and apply its decisions, all in one
 * transaction: nothing is kept when one decision cannot be applied (GL_EINVALID, errs name
 * decisions[i].x).  OUT: m->id, recorded_at, and decisions[i].problem_id of opened problems. */
enum gl_err store_meeting_create(struct store *s, struct meeting *m, struct arena *a,
				 struct verrors *errs) WUR;
/* Meetings of a task force, newest first, with attendees and decisions. */
enum gl_err store_meeting_list(struct store *s, int64_t taskforce_id, struct arena *a,
			       struct meeting **items, int64_t *n) WUR;

/* ---- accounts ------------------------------------------------------------------------- */

/* Insert u with its password hash; OUT: id, version, timestamps.  GL_EDUPLICATE when the
 * username is taken; GL_EINVALID (errs) for an unknown enterprise or unit. */
enum gl_err store_user_create(struct store *s, struct user *u, const char *password_hash,
			      struct arena *a, struct verrors *errs) WUR;
enum gl_err store_user_get(struct store *s, int64_t id, struct arena *a, struct user *out) WUR;
/* OUT: the user and the stored password hash (may be NULL when not wanted). */
enum gl_err store_user_by_name(struct store *s, const char *username, struct arena *a,
			       struct user *out, const char **password_hash) WUR;
/* Replace display name, role, enterprise, units and disabled if the version matches.
 * Disabling a user revokes their sessions and tokens in the same transaction. */
enum gl_err store_user_update(struct store *s, struct user *u, struct arena *a,
			      struct verrors *errs) WUR;
/* Set a new password hash; revokes every session of the user except keep_credential (0 =
 * none) and records action ("password_change" or "password_reset") in the audit. */
enum gl_err store_user_set_password(struct store *s, int64_t id, const char *password_hash,
				    int64_t keep_credential, const char *action) WUR;

struct user_page {
	struct user *items;
	int64_t n, total;
};
enum gl_err store_user_list(struct store *s, int64_t limit, int64_t offset, struct arena *a,
			    struct user_page *out) WUR;

/* Sessions (kind "session") and API tokens (kind "token"); only hashes are stored. */
struct credential {
	int64_t id, user_id;
	const char *kind, *name;
	int64_t created_at, last_used_at, expires_at, revoked_at; /* unix seconds; 0 = none */
};

enum gl_err store_credential_create(struct store *s, struct credential *c, const char *token_hash,
				    const char *csrf) WUR;
/* The principal behind a token hash, if the credential is live: not revoked, not past
 * expires_at, a session used within idle_seconds, its user not disabled.  Records use
 * (last_used_at at most once a minute; an audit row for a token's first use each hour).
 * GL_ENOTFOUND otherwise. */
enum gl_err store_authenticate(struct store *s, const char *token_hash, int64_t now,
			       int64_t idle_seconds, struct arena *a, struct principal *out) WUR;
/* Revoke credential id of this kind ("session", "token") if it belongs to user_id (0 =
 * anyone's).  GL_ENOTFOUND when there is no such live credential. */
enum gl_err store_credential_revoke(struct store *s, int64_t id, const char *kind,
				    int64_t user_id, int64_t now) WUR;
/* The live and past API tokens of a user, newest first. */
enum gl_err store_token_list(struct store *s, int64_t user_id, struct arena *a,
			     struct credential **items, int64_t *n) WUR;

/* Login throttling by key ("user:NAME", "addr:ADDRESS"). */
enum gl_err store_throttle_locked(struct store *s, const char *key, int64_t now,
				  int64_t *locked_until) WUR;
/* Count a failure; after `free` failures (within a day of each other) each further one
 * locks the key for twice as long as the one before: 2 s, 4 s, ... up to 15 minutes. */
enum gl_err store_throttle_fail(struct store *s, const char *key, int free, int64_t now) WUR;
enum gl_err store_throttle_clear(struct store *s, const char *key) WUR;

/* ---- audit trail ---------------------------------------------------------------------- */

/* Record an event that changes no record (login, failed login, logout...). */
enum gl_err store_audit(struct store *s, const char *action, const char *entity,
			int64_t entity_id) WUR;

struct audit_entry {
	int64_t id, user_id, entity_id;
	const char *at, *username, *address, *action, *entity;
	struct changes changes;
};

struct audit_query {
	const char *entity, *action, *since, *until;
	int64_t entity_id, user_id, limit, offset;
};

struct audit_page {
	struct audit_entry *items;
	int64_t n, total;
};
enum gl_err store_audit_list(struct store *s, const struct audit_query *q, struct arena *a,
			     struct audit_page *out) WUR;

/* ---- statistics ----------------------------------------------------------------------- */

enum gl_err store_stats_summary(struct store *s, struct arena *a, struct stats_summary *out) WUR;

#endif
