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
#include "../domain/briefing.h"
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
 * write.  Nests: an inner pair joins the outer snapshot. */
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

/* ---- ledger export ------------------------------------------------------------------- */

/* What a project's ledger row shows beyond the list's project: its enterprises' names in
 * their order, joined with 、 (NULL when it has none), and its funds in place summed over
 * every month (absent when no month is reported). */
struct export_project_extra {
	const char *enterprises;
	bool has_funds;
	int64_t funds;          /* 万元 */
};
enum gl_err store_export_project_extra(struct store *s, int64_t project_id, struct arena *a,
				       struct export_project_extra *out) WUR;
/* The code of a project (QH-2023-0001) for the problem ledger; NULL when there is none. */
enum gl_err store_export_project_code(struct store *s, int64_t project_id, struct arena *a,
				      const char **out) WUR;

/* ---- milestones, follow-ups, stalled projects --------------------------------------- */

/* Here rather than at the top, so that the sections of store.h merge independently. */
#include "../domain/followup.h"
#include "../domain/milestone.h"

/* A project's milestone list and the version of the list as a whole (1 before any write). */
struct milestone_list {
	struct milestone *items;
	size_t n;
	int64_t version;
};
/* The milestones of project_id in their stored order; the caller has checked the project
 * (and the caller's scope) with store_project_get. */
enum gl_err store_milestones_get(struct store *s, int64_t project_id, struct arena *a,
				 struct milestone_list *out) WUR;
/* Replace the list if its version is still `version` (0 = whatever it is); OUT: the new
 * version.  GL_ECONFLICT when stale, GL_ENOTFOUND when there is no such project. */
enum gl_err store_milestones_put(struct store *s, int64_t project_id, int64_t version,
				 const struct milestone *items, size_t n, struct arena *a,
				 int64_t *new_version) WUR;

/* A milestone with the project it belongs to, for the portfolio of warnings. */
struct milestone_row {
	int64_t project_id, unit_id;
	const char *project_code, *project_name, *leader, *unit_name;
	struct milestone m;
};
struct milestone_query {
	const char *as_of;          /* YYYY-MM-DD */
	const char *due_before;     /* not-done milestones planned before this day (the first
				     * day that is no longer yellow), YYYY-MM-DD */
	const char *leader;         /* NULL = any */
	int64_t unit_id;            /* 0 = any */
	const struct scope *scope;  /* NULL = all */
};
/* Every milestone that can be red or yellow on as_of: done late by then, or not done by then
 * and planned before due_before.  The caller judges each (milestone_judge). */
enum gl_err store_milestone_candidates(struct store *s, const struct milestone_query *q,
				       struct arena *a, struct milestone_row **items,
				       size_t *n) WUR;

enum gl_err store_warning_settings_get(struct store *s, struct arena *a,
				       struct warning_settings *out) WUR;
/* Store w if the settings are still at w->version (0 = whatever); OUT: w->version and
 * w->updated_at.  GL_ECONFLICT when stale. */
enum gl_err store_warning_settings_put(struct store *s, struct warning_settings *w,
				       struct arena *a) WUR;

struct stalled_project {
	int64_t id, unit_id, days_idle;
	const char *code, *name, *leader, *unit_name;
	enum project_stage stage;   /* as of the day asked: the ledger's last move by then */
	const char *last_activity_on;
	const char *last_activity;  /* "stage", "followup" or "created" */
	int threshold;              /* the stage's stall days */
};
struct stalled_query {
	const char *as_of;
	const char *leader;
	int64_t unit_id;
	int stage;                  /* -1 = any */
	const struct scope *scope;
};
/* Projects with no stage move and no follow-up on or before as_of for more than their
 * stage's threshold, most idle first. */
enum gl_err store_stalled_list(struct store *s, const struct stalled_query *q, struct arena *a,
			       struct stalled_project **items, size_t *n) WUR;

/* Insert f (OUT: id, created_at, officer_name).  GL_EINVALID (errs: officer) when the officer
 * is not an enabled admin or officer. */
enum gl_err store_followup_create(struct store *s, struct followup *f, struct arena *a,
				  struct verrors *errs) WUR;
/* The follow-ups of a project, newest first (by day, then by id). */
enum gl_err store_followup_list(struct store *s, int64_t project_id, struct arena *a,
				struct followup **items, size_t *n) WUR;

struct overdue_followup {
	struct followup f;
	const char *project_code, *project_name;
	int64_t days_overdue;       /* calendar days after next_on up to as_of */
};
/* Next steps overdue on as_of (see domain/followup.h), ordered by officer, then next_on.
 * officer_id 0 = every officer. */
enum gl_err store_followup_overdue(struct store *s, const char *as_of, int64_t officer_id,
				   const struct scope *scope, struct arena *a,
				   struct overdue_followup **items, size_t *n) WUR;
/* ---- money, phases and chains -------------------------------------------------------- */

/* Funds in place (到位资金) of a project, by month ascending.  OUT: items in the arena, the
 * total of every month. */
struct fund_series {
	struct fund_month *items;
	size_t n;
	int64_t total;
};
enum gl_err store_funds_get(struct store *s, int64_t project_id, struct arena *a,
			    struct fund_series *out) WUR;
/* Replace the series of project_id if the project is still at version (0 = any), bump the
 * project's version and audit the months that changed.  items must be valid
 * (funds_validate).  OUT: *new_version.  GL_ENOTFOUND, GL_ECONFLICT. */
enum gl_err store_funds_replace(struct store *s, int64_t project_id, int64_t version,
				const struct fund_month *items, size_t n, struct arena *a,
				int64_t *new_version) WUR;

/* A project as phase lists and chain graphs show it. */
struct project_brief {
	int64_t id, phase_parent_id, chain_anchor_id, unit_id;
	const char *code, *name, *phase, *location, *location_name;
	bool in_zone;               /* located in the zone itself */
	enum project_stage stage;
	bool has_investment;
	int64_t total_investment;   /* 万元 */
	int64_t funds;              /* funds in place to date, 万元 */
	bool has_signed_amount;
	int64_t signed_amount;      /* 签约金额, 万元 */
	int64_t *enterprise_ids;
	size_t nenterprises;
};
struct brief_list {
	struct project_brief *items;
	size_t n;
};
/* The phase family of root (root first, then its phases by id). */
enum gl_err store_phase_family(struct store *s, int64_t root, struct arena *a,
			       struct brief_list *out) WUR;
/* The chain of root: root, its phases, and the projects supporting root or one of its phases,
 * by id.  Empty when nothing supports them. */
enum gl_err store_chain_members(struct store *s, int64_t root, struct arena *a,
				struct brief_list *out) WUR;
/* Chain roots (a project others support, or the phase parent of one), by id, within scope
 * (NULL = all).  OUT: ids in the arena, *n on this page, *total in all pages. */
enum gl_err store_chain_roots(struct store *s, const struct scope *scope, int64_t limit,
			      int64_t offset, struct arena *a, int64_t **ids, size_t *n,
			      int64_t *total) WUR;
/* ---- the stage ledger (ledger.c) ------------------------------------------------------ */

#include "../domain/ledger.h"

/* Apply a planned move (ledger_plan) to project after->id in one transaction: the project's
 * stage, stage dates and the fields the move filled in, its version (GL_ECONFLICT unless the
 * stored version is still after->version; OUT: the new version and updated_at), the events
 * (OUT: their ids, user and recorded_at) and an audit row "stage" with the fields changed.
 * before is the project as read (for the audit). */
enum gl_err store_stage_move(struct store *s, const struct project *before, struct project *after,
			     struct stage_event *events, int nevents, struct arena *a) WUR;
/* Append events to the ledger of project_id inside the caller's transaction (the creation
 * events of store_project_create).  OUT: ids, user and recorded_at of each. */
enum gl_err store_stage_append(struct store *s, int64_t project_id, struct stage_event *events,
			       int nevents, struct arena *a) WUR;
/* The project's events, oldest first; GL_ENOTFOUND when the project is not found or outside
 * scope (NULL = all). */
enum gl_err store_stage_events(struct store *s, int64_t project_id, const struct scope *scope,
			       struct arena *a, struct stage_event **items, int64_t *n) WUR;
/* What a move needs to know of the ledger: the stage held and the last event's date. */
enum gl_err store_stage_state(struct store *s, int64_t project_id, struct arena *a,
			      struct ledger_state *out) WUR;
/* ---- statistics, briefing and targets (facts.c) ---- */

/* Grouped statistics from the rollups (see facts.c for which one a query reads).  The rows,
 * their keys and the totals are in the arena; a scope restricts to the handler's units. */
enum gl_err store_stats_query(struct store *s, const struct stats_query *q, struct arena *a,
			      struct stats_result *out) WUR;
/* The briefing's figures for a period (as_of is left to the caller). */
enum gl_err store_briefing_figures(struct store *s, const struct stats_span *span,
				   struct arena *a, struct briefing_figures *out) WUR;
/* The year's targets, zone first (unit_id 0) then by unit, with their actuals; a restricted
 * scope sees only its units' targets. */
enum gl_err store_targets_get(struct store *s, int year, const struct scope *scope,
			      struct arena *a, struct target **items, size_t *n) WUR;
/* Replace the year's targets with items (validated by the caller, except that each unit must
 * exist: GL_EINVALID with "targets[i].unit_id" in errs); audited as "replace targets". */
enum gl_err store_targets_replace(struct store *s, int year, const struct target *items,
				  size_t n, struct arena *a, struct verrors *errs) WUR;
/* Benchmark data: for projects first_id..last_id, a synthetic ledger history of
 * events_per_project events each and funds_months monthly funds reports for started ones. */
enum gl_err store_gen_history(struct store *s, int64_t first_id, int64_t last_id,
			      int events_per_project, int funds_months) WUR;
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
/* What a new year's schedule dated again: due dates that were a guess (due_fallback). */
struct calendar_redated {
	int64_t problems, arrangements;
};
/* Replace the schedule of year with days (already validated, all inside the year) and mark
 * it covered, in one audited transaction.  Problems and arrangements whose due date was a
 * guess are dated again with the new calendar in the same transaction; OUT: how many. */
enum gl_err store_calendar_replace(struct store *s, int year, const struct calendar_day *days,
				   size_t n, struct arena *a, struct calendar_redated *redated) WUR;

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
/* Bulk loading (guanlan gen): on = 1 drops the statistics triggers; on = 0 rebuilds the
 * rollups from the base tables in one pass and restores the triggers. */
enum gl_err store_stats_bulk(struct store *s, int on) WUR;

/* ---- roundtables ---------------------------------------------------------------------- */

/* Here rather than at the top, so that this section stays one block. */
#include "../domain/arrangement.h"
#include "../domain/roundtable.h"

/* A series of sessions (鹊华观澜会), with how many sessions it has and the last one's day. */
struct rt_series {
	int64_t id, sessions;
	const char *name, *note, *created_at, *last_held_on;
};
/* Insert x (OUT: id, created_at).  GL_EDUPLICATE when the name is taken. */
enum gl_err store_rt_series_create(struct store *s, struct rt_series *x, struct arena *a) WUR;
/* Every series, by name. */
enum gl_err store_rt_series_list(struct store *s, struct arena *a, struct rt_series **items,
				 size_t *n) WUR;

/* What a session shows depends on who asks (scope, NULL = everything): an enterprise user sees
 * the sessions their enterprise was invited to (others are GL_ENOTFOUND), and inside any
 * session only the rows they could read on their own: for an enterprise user its appeals, the
 * arrangements on them and the projects naming it; for a handler the appeals its units lead or
 * help with, its units' arrangements and its units' projects.  The counts follow the same rule.
 * today (YYYY-MM-DD) judges overdue arrangements. */

/* Insert r with its enterprises and people; number 0 takes the next free number of the series.
 * GL_EINVALID (errs: series_id, number "duplicate", enterprises[i].enterprise_id,
 * people[i].unit_id / user_id / enterprise_id) for dangling references or a taken number.
 * OUT: id, number, version, timestamps. */
enum gl_err store_roundtable_create(struct store *s, struct roundtable *r, struct arena *a,
				    struct verrors *errs) WUR;
/* The session with series name, enterprises (with names), people (with names) and counts. */
enum gl_err store_roundtable_get(struct store *s, int64_t id, const struct scope *scope,
				 const char *today, struct arena *a, struct roundtable *out) WUR;
/* Replace session r->id (lists included) if still at r->version (GL_ECONFLICT otherwise). */
enum gl_err store_roundtable_update(struct store *s, struct roundtable *r, struct arena *a,
				    struct verrors *errs) WUR;

struct roundtable_query {
	int64_t series_id, enterprise_id;   /* 0 = any; enterprise: invited */
	int year;                           /* 0 = any */
	const char *today;
	int64_t limit, offset;
	const struct scope *scope;
};
struct roundtable_page {
	struct roundtable *items;           /* without enterprises, people or minutes */
	int64_t n, total;
};
/* Sessions, newest first (held_on, then id, descending), with their counts. */
enum gl_err store_roundtable_list(struct store *s, const struct roundtable_query *q,
				  struct arena *a, struct roundtable_page *out) WUR;

/* An appeal raised at a session (appeal.roundtable_id), as the session shows it. */
struct rt_appeal {
	int64_t id, enterprise_id, lead_unit_id;
	const char *code, *enterprise_name, *category, *category_name, *text, *state, *answer,
		*lead_unit_name, *answered_at;
	bool on_spot;   /* first answered on the day of the session (现场答复) */
};
/* The appeals raised at session id (whose day is held_on), oldest first, within scope. */
enum gl_err store_roundtable_appeals(struct store *s, int64_t id, const struct scope *scope,
				     struct arena *a, struct rt_appeal **items, size_t *n) WUR;

/* A lead or project that came out of a session. */
struct rt_project {
	int64_t project_id;
	const char *note, *code, *name, *stage;
};
enum gl_err store_roundtable_projects(struct store *s, int64_t id, const struct scope *scope,
				      struct arena *a, struct rt_project **items, size_t *n) WUR;
/* Link project_id to session id with a note (replacing the note of an existing link; OUT:
 * *created).  GL_ENOTFOUND when the session or the project does not exist. */
enum gl_err store_roundtable_link(struct store *s, int64_t id, int64_t project_id,
				  const char *note, bool *created) WUR;
/* GL_ENOTFOUND when the project is not linked to the session. */
enum gl_err store_roundtable_unlink(struct store *s, int64_t id, int64_t project_id) WUR;

/* Arrangements: scope as above (an enterprise user sees the arrangements on its appeals, a
 * handler its units').  Insert a (status open), dating due_on from the calendar when
 * deadline_days is set; an arrangement on an appeal raised at a session is made at that
 * session too.  GL_EINVALID (errs: roundtable_id, appeal_id, unit_id) for dangling references
 * or an appeal raised at another session.  OUT: id, version, due_on, timestamps. */
enum gl_err store_arrangement_create(struct store *s, struct arrangement *x, struct arena *a,
				     struct verrors *errs) WUR;
enum gl_err store_arrangement_get(struct store *s, int64_t id, const struct scope *scope,
				  struct arena *a, struct arrangement *out) WUR;
/* Replace arrangement x->id if still at x->version (GL_ECONFLICT otherwise), dating due_on
 * again when deadline_days is set.  The caller has checked the status move. */
enum gl_err store_arrangement_update(struct store *s, struct arrangement *x, struct arena *a,
				     struct verrors *errs) WUR;
struct arrangement_page {
	struct arrangement *items;
	int64_t n, total;
};
/* Ordered by due_on, then id. */
enum gl_err store_arrangement_list(struct store *s, const struct arrangement_query *q,
				   struct arena *a, struct arrangement_page *out) WUR;
/* Date again, inside the caller's transaction, the arrangements whose due_on was a guess
 * (due_fallback) now that cal covers more years (for store_calendar_replace).  OUT: *n. */
enum gl_err store_arrangements_redate(struct store *s, const struct calendar *cal,
				      struct arena *a, int64_t *n) WUR;
/* ---- appeals ---- */

/* Included here rather than at the top so that this section stays one block. */
#include "../domain/appeal.h"

/* Who acts on an appeal, as its timeline names them (NULL actor: the system, e.g. the
 * deadline sweep). */
struct appeal_actor {
	int64_t user_id;
	const char *username;
};

/* Intake, for every channel (the API, Open311, the demo, duplicates' merge):
 * in x: enterprise_id, category, channel, text and the optional project_id, roundtable_id,
 * external_id, title, contact, lead_unit_id, submitted_at (default now; an earlier instant
 * enters history, 补录: deadlines count from it, events keep the real recorded_at) and, for an answer
 * given on the spot, answer (+ complexity, default simple: the appeal is submitted, accepted
 * and answered at once).  The code SQ<year>-<5 digits>, state, deadlines (from the calendar
 * and appeal_setting), id and version are filled in.  GL_EINVALID (errs) for an unknown or
 * inactive category and dangling references. */
enum gl_err store_appeal_create(struct store *s, struct appeal *x, const struct appeal_actor *who,
				struct arena *a, struct verrors *errs) WUR;
/* scope may be NULL (all); outside it GL_ENOTFOUND.  detail: also the timeline, attachments,
 * extensions and supervision (the units are always read). */
enum gl_err store_appeal_get(struct store *s, int64_t id, const struct scope *scope, int detail,
			     struct arena *a, struct appeal *out) WUR;

struct appeal_query {
	const char *states_json;    /* JSON array of state names, NULL = any */
	int64_t unit_id, enterprise_id, project_id, roundtable_id;  /* 0 = any; unit: lead or co */
	const char *category;       /* NULL = any */
	int channel;                /* -1 = any */
	const char *due_before;     /* running deadline before this day (overdue) */
	const char *due_from, *due_to;  /* running deadline within [from, to] (due soon) */
	int supervised;             /* -1 any, 0/1 */
	const char *from, *to;      /* submitted_at >= from and < to (instants or days) */
	int by_due;                 /* order by the running deadline first */
	int64_t limit, offset;
	const struct scope *scope;  /* NULL = all */
};
struct appeal_page {
	struct appeal *items;       /* with their units, without detail */
	int64_t n, total;
};
enum gl_err store_appeal_list(struct store *s, const struct appeal_query *q, struct arena *a,
			      struct appeal_page *out) WUR;

/* One workflow action (see domain/appeal.h).  The caller checked that who may take it
 * (appeal_actions); the store checks the state again, applies it with its events,
 * deadlines, units, extension and supervision rows and an audit row, in one transaction.
 * version 0 = any.  note: the reason (decline, transfer, request_extension), the rating's
 * comment, or a remark.  GL_ECONFLICT when stale; GL_EINVALID (errs) when the state does not
 * allow the action or a unit is unknown. */
struct appeal_act {
	int64_t appeal_id, version;
	enum appeal_action action;
	const char *note, *answer;
	int complexity, rating;
	int64_t unit_id;            /* assign: the lead unit; transfer: the new lead unit */
	const int64_t *co_unit_ids;
	size_t nco;
	int days;                   /* request_extension */
	bool approve;               /* decide_extension */
	struct appeal_actor who;
	const char *at;             /* history entry (补录): when it happened, an instant as
	                             * appeal_instant writes it, not before the appeal's latest
	                             * event (else GL_EINVALID, errs: at); NULL = now */
};
enum gl_err store_appeal_act(struct store *s, const struct appeal_act *act, struct arena *a,
			     struct verrors *errs) WUR;

enum gl_err store_appeal_settings_get(struct store *s, struct appeal_settings *out) WUR;
enum gl_err store_appeal_settings_put(struct store *s, const struct appeal_settings *in) WUR;

struct appeal_category {
	const char *code, *name;
	int seq;
	bool active;
};
/* all: inactive ones too. */
enum gl_err store_appeal_categories(struct store *s, int all, struct arena *a,
				    struct appeal_category **items, size_t *n) WUR;
/* Replace the list (order = seq).  A category left out is deleted, unless appeals use it
 * (GL_EINVALID, errs: deactivate it instead). */
enum gl_err store_appeal_categories_put(struct store *s, const struct appeal_category *items,
					size_t n, struct arena *a, struct verrors *errs) WUR;

/* Record an attachment already written to disk (t: appeal_id, sha256, name, mime, size,
 * user_id); OUT: id, uploaded_at. */
enum gl_err store_appeal_attach(struct store *s, struct appeal_attachment *t,
				struct arena *a) WUR;
enum gl_err store_appeal_attachment(struct store *s, int64_t appeal_id, int64_t id,
				    struct arena *a, struct appeal_attachment *out) WUR;

struct supervision_query {
	int open_only;
	int64_t unit_id, escalated_to;  /* 0 = any */
	int64_t limit, offset;
	const struct scope *scope;
};
enum gl_err store_supervision_list(struct store *s, const struct supervision_query *q,
				   struct arena *a, struct supervision **items, size_t *n) WUR;
/* The deadline sweep: open a supervision (督办, escalated to the lead unit's leader) for
 * every open appeal whose running deadline is before today and has none open of that kind,
 * and close those whose appeal was answered, declined or (for overdue acceptance) accepted.
 * Idempotent.  OUT: how many were opened and closed. */
enum gl_err store_appeal_sweep(struct store *s, const char *today, struct arena *a,
			       int64_t *opened, int64_t *closed) WUR;
/* ---- the size of a statistics answer (stats.c) ---- */
/* What bounds the groups of q (domain/stats.h stats_estimate_groups): the reference rows of
 * each dimension and the months holding figures of q's measures. */
enum gl_err store_stats_extent(struct store *s, const struct stats_query *q,
			       struct stats_extent *out) WUR;

/* ---- duplicates and rates ---- */

/* Included here rather than at the top so that this section stays one block. */
#include "../domain/duplicate.h"
#include "../domain/rates.h"

/* Another appeal as a duplicate flag, a link or an issue's member names it. */
struct appeal_ref {
	int64_t id, enterprise_id;
	const char *code, *state, *enterprise_name, *category, *submitted_at;
};

/* A possible duplicate of a new appeal (see domain/duplicate.h): similarity is the texts'
 * bigram Jaccard index in whole percent. */
struct dup_flag {
	struct appeal_ref ref;
	enum dup_reason reason;
	int similarity;
};
/* The open appeals (not declined, closed or merged) that x (just created) may duplicate:
 * same enterprise and category within duplicate_window_days, or near-identical text among
 * the open appeals of the last DUP_TEXT_WINDOW_DAYS days (through the process's in-memory
 * prefix index, dupcopy.c; at most DUP_TEXT_CANDIDATES_MAX candidates checked:
 * domain/duplicate.h).  only_enterprise
 * (0 = any) keeps those of one enterprise (what an enterprise user may see).  At most
 * DUP_MAX_FLAGS of each reason, same enterprise and category first, then by similarity. */
enum gl_err store_appeal_duplicates(struct store *s, const struct appeal *x,
				    int64_t only_enterprise, struct arena *a,
				    struct dup_flag **out, size_t *n) WUR;
/* Store appeal id's bigram set for similar_text (appeal_bigrams, sql/018), inside the
 * transaction that creates the appeal.  store_dup_backfill stores the set of every appeal
 * that has none yet (the loader after migration 018). */
enum gl_err store_dup_index(struct store *s, int64_t id, const char *text) WUR;
enum gl_err store_dup_backfill(struct store *s) WUR;
/* Read the open appeals' bigram sets into the process's in-memory index now (dupcopy.c), so
 * that the first intake does not pay for it.  The server calls it once at start, from its
 * background thread. */
enum gl_err store_dup_warm(struct store *s) WUR;

/* What an appeal's page shows of its relations: links, merges and its systemic issue. */
struct appeal_relations {
	struct appeal_ref merged_into;       /* id 0: not merged */
	struct appeal_ref *merged_from, *links;
	size_t nmerged_from, nlinks;
	int64_t issue_id;                    /* 0: none */
	const char *issue_title;
};
enum gl_err store_appeal_relations(struct store *s, int64_t id, struct arena *a,
				   struct appeal_relations *out) WUR;

/* Merge appeal id into appeal into: id is closed with merged_into set, an event "merge" on
 * both, audited.  version 0 = any.  GL_ECONFLICT: stale (*why NULL), or the merge is not
 * possible (*why says why: into merged, closed or declined; id already closed...).
 * GL_EINVALID (errs) when id == into. */
enum gl_err store_appeal_merge(struct store *s, int64_t id, int64_t into, int64_t version,
			       const struct appeal_actor *who, struct arena *a,
			       struct verrors *errs, const char **why) WUR;
/* Link two appeals as related (add) or remove the link; an event "link" on both.  Adding an
 * existing link changes nothing; removing a missing one is GL_ENOTFOUND. */
enum gl_err store_appeal_link(struct store *s, int64_t id, int64_t other, bool add,
			      const struct appeal_actor *who, struct arena *a) WUR;

/* A systemic issue (系统性问题): several enterprises raising the same problem. */
struct appeal_issue {
	int64_t id;
	const char *title, *created_at;
	int64_t appeals, open, closed, enterprises;   /* open: not declined and not closed */
	struct appeal_ref *items;                     /* store_issue_get only */
	size_t nitems;
};
/* Create an issue holding the appeals ids (each in no other issue: GL_EINVALID, errs naming
 * appeal_ids[i]); OUT: x->id, created_at. */
enum gl_err store_issue_create(struct store *s, struct appeal_issue *x, const int64_t *ids,
			       size_t n, const struct appeal_actor *who, struct arena *a,
			       struct verrors *errs) WUR;
/* Put one more appeal in issue id.  GL_ENOTFOUND for an unknown issue; GL_EINVALID (errs)
 * for an unknown appeal or one in another issue. */
enum gl_err store_issue_add(struct store *s, int64_t id, int64_t appeal_id,
			    const struct appeal_actor *who, struct arena *a,
			    struct verrors *errs) WUR;
enum gl_err store_issue_get(struct store *s, int64_t id, struct arena *a,
			    struct appeal_issue *out) WUR;
/* Newest first. */
enum gl_err store_issue_list(struct store *s, int64_t limit, int64_t offset, struct arena *a,
			     struct appeal_issue **items, size_t *n, int64_t *total) WUR;

/* The three rates (domain/rates.h) over appeals, arrangements or project problems. */
enum rate_kind { RATE_KIND_APPEALS, RATE_KIND_ARRANGEMENTS, RATE_KIND_PROBLEMS,
		 RATE_KIND__MAX };
enum rate_group { RATE_BY_UNIT, RATE_BY_CATEGORY, RATE_BY_CHANNEL, RATE_BY_MONTH,
		  RATE_BY_QUARTER, RATE_BY_YEAR, RATE_GROUP__MAX };
extern const char *const rate_kind_names[RATE_KIND__MAX];    /* "appeals", ... */
extern const char *const rate_group_names[RATE_GROUP__MAX];  /* "unit", "period:month", ... */

struct rate_query {
	enum rate_kind kind;
	enum rate_group group;
	const char *from, *to;      /* days, inclusive, of submission (made_on, opened_on); NULL */
	int64_t unit_id;            /* 0 = any: the lead unit (owner unit) */
	const char *category;       /* NULL = any; problems: the problem type */
	const char *channel;        /* NULL = any; not for problems */
	struct ymd as_of;           /* the figures as they stood at the end of this day */
	const struct scope *scope;  /* restricted: only items whose (lead) unit is in it */
	bool plain;                 /* judge every appeal, never the rollup (checks, tests) */
};
struct rate_cell {
	const char *key, *name;     /* "3" and the unit's name, "2024-03" and "2024年3月"... */
	int64_t unit_id;            /* group unit: the unit (0: no lead unit yet) */
	struct rate_acc acc;
};
struct rate_result {
	struct rate_acc total;
	struct rate_cell *cells;    /* ordered by key (units: by id) */
	size_t ncells;
	bool cells_used;            /* appeals answered from the rollup (as_of >= its horizon) */
};
/* Judge every item (merged appeals excluded: they are their target's duplicates) on as_of
 * and add it to the total and to its group's cell. */
enum gl_err store_rates(struct store *s, const struct rate_query *q, struct arena *a,
			struct rate_result *out) WUR;

/* The rollup of appeal rates (sql/014_rate_cells.sql): fold up to limit (<= 0: all) appeals
 * queued as changed into the cells, in a transaction (nested in the caller's if any); *n
 * (may be NULL) how many.  Until then a query judges them live, so this is about speed. */
enum gl_err store_rates_refresh(struct store *s, int64_t limit, int64_t *n) WUR;
/* Build the rollup again from every appeal (after a bulk load); *n appeals folded in. */
enum gl_err store_rates_rebuild(struct store *s, int64_t *n) WUR;

/* ---- imports (imports.c) ------------------------------------------------------------- */

/* The enterprise an imported row names: by credit code when given, else by exact name.
 * GL_ENOTFOUND; GL_EDUPLICATE when the name is shared by several enterprises. */
enum gl_err store_import_find_enterprise(struct store *s, const char *credit_code,
					 const char *name, int64_t *id) WUR;
/* An enterprise an imported row names without its credit code: by the name exactly as
 * stored, else by its normal form (search's: OpenCC traditional → simplified, full-width →
 * half-width, ASCII case), so 比亞迪汽車工業有限公司 finds 比亚迪汽车工业有限公司.  ids[0]
 * on GL_OK; GL_ENOTFOUND; GL_EDUPLICATE when two share the name or its form (ids[0], ids[1]:
 * two of them, for the message). */
enum gl_err store_import_find_enterprise_name(struct store *s, const char *name,
					      int64_t ids[2]) WUR;
/* The project an imported row names: by code when given, else by exact name and phase
 * (NULL = none).  GL_ENOTFOUND; GL_EDUPLICATE when several match. */
enum gl_err store_import_find_project(struct store *s, const char *code, const char *name,
				      const char *phase, int64_t *id) WUR;
/* Writing many new projects fast, inside the caller's transaction (store_begin): begin
 * suspends the per-row statistics and search-index triggers, end does their work for every
 * new row at once and restores them; call end before store_commit (a rollback undoes both).
 * Between them, store_import_project_insert writes a new project (code required) as
 * store_project_create does — row, enterprises, creation events, search document, audit —
 * but without a savepoint: a failure must roll back the whole transaction. */
struct store_import_bulk;
/* Before store_begin of a bulk import, outside any transaction: when no other connection
 * has the database open, leave WAL for a rollback journal until store_import_journal_end, so
 * the import's pages are written once (to the database file) instead of twice (to the WAL,
 * then again by the checkpoint).  Returns 1 when it switched, 0 when it stayed in WAL
 * (another connection, or any failure: the import runs as usual).  Durable either way:
 * synchronous=FULL syncs the rollback journal and the database at COMMIT. */
int store_import_journal_begin(struct store *s);
/* Back to WAL, after the COMMIT or ROLLBACK, when begin switched. */
void store_import_journal_end(struct store *s, int switched);
enum gl_err store_import_bulk_begin(struct store *s, struct store_import_bulk **out) WUR;
enum gl_err store_import_bulk_end(struct store *s, struct store_import_bulk *b) WUR;
void store_import_bulk_free(struct store *s, struct store_import_bulk *b);
enum gl_err store_import_project_insert(struct store *s, struct store_import_bulk *b,
					struct project *p, struct arena *a) WUR;
/* The appeal with this 12345 ticket number (appeal.external_id): GL_ENOTFOUND; GL_EDUPLICATE
 * when several carry it. */
enum gl_err store_import_find_appeal(struct store *s, const char *external_id, int64_t *id) WUR;
/* An imported ledger row changed an appeal's own words: category, title, text, contact are
 * set from after (the rest of the appeal moves only through store_appeal_act), the version
 * bumped, the search document rewritten, c audited.  GL_ECONFLICT when before is stale. */
struct appeal;
enum gl_err store_import_appeal_text(struct store *s, const struct appeal *before,
				     const struct appeal *after, struct arena *a,
				     const struct changes *c) WUR;

/* ---- Open311 and the appeal ledger ---- */

/* The appeal whose code (SQ2023-00001) is code; GL_ENOTFOUND when none.  No scope: the
 * caller reads the appeal with store_appeal_get and its scope. */
enum gl_err store_appeal_id_by_code(struct store *s, const char *code, int64_t *id) WUR;
/* The enterprise with this unified social credit code; GL_ENOTFOUND when none. */
enum gl_err store_enterprise_id_by_credit(struct store *s, const char *credit_code,
					  int64_t *id) WUR;
/* The enterprise's address (NULL when it has none); GL_ENOTFOUND when no such enterprise. */
enum gl_err store_enterprise_address(struct store *s, int64_t id, struct arena *a,
				     const char **address) WUR;
/* A session's series name and number (鹊华观澜会, 3); GL_ENOTFOUND when no such session. */
enum gl_err store_roundtable_label(struct store *s, int64_t id, struct arena *a,
				   const char **series, int64_t *number) WUR;
/* ---- search (search.c, docs/search.md) ----------------------------------------------- */

/* What the index holds; search_kind_names[k] is its name in the API. */
enum search_kind { SEARCH_ENTERPRISE, SEARCH_PROJECT, SEARCH_APPEAL, SEARCH_ROUNDTABLE,
		   SEARCH_PROBLEM, SEARCH_FOLLOWUP, SEARCH_KIND__MAX };
extern const char *const search_kind_names[SEARCH_KIND__MAX];

struct search_query {
	const char *q;              /* as typed */
	int kind;                   /* enum search_kind, or -1 for every kind */
	int limit, offset;          /* per kind */
	const struct scope *scope;  /* NULL: everything */
};
struct search_hit {
	int64_t id;
	const char *label;          /* the record's name as stored */
	const char *key;            /* credit code / project code as normalised, or "" */
	bool exact;                 /* found by its code */
	const char *title;          /* normalised name, hits between MARK_OPEN/MARK_CLOSE */
	const char *snippet;        /* normalised body around hits, marked alike, or "" */
};
/* A count stops at SEARCH_COUNT_CAP + 1: "1000+".  Each kind looks at its newest
 * SEARCH_SCAN_MAX hits at most (before scope), and ranks by bm25 only up to
 * SEARCH_RANK_MAX hits (newest first past that): docs/search.md. */
enum { SEARCH_COUNT_CAP = 1000, SEARCH_SCAN_MAX = 2000, SEARCH_RANK_MAX = 100 };
struct search_group {
	int64_t count;              /* hits in scope, at most SEARCH_COUNT_CAP + 1 */
	bool partial;               /* more hits than were looked at: count is a lower bound */
	struct search_hit *items;
	int n;
};
struct search_result {
	struct search_group groups[SEARCH_KIND__MAX]; /* kinds not asked for stay empty */
	bool short_query;           /* one or two characters: titles and codes only, newest first */
	const char *normalised;     /* the query as looked up */
};
/* Ranked hits per kind inside the scope; an empty query (after normalisation) finds nothing. */
enum gl_err store_search(struct store *s, const struct search_query *q, struct arena *a,
			 struct search_result *out) WUR;
/* Index every record of every kind again (an OpenCC dictionary upgrade); *n records. */
enum gl_err store_search_rebuild(struct store *s, int64_t *n) WUR;

/* ---- appeal inbox counts (inbox.c) ---- */
/* totals[i]: how many appeals qs[i] lists (its limit and offset ignored), all n read from
 * one snapshot.  The inbox badges of GET /api/v1/appeals/inbox-counts. */
enum gl_err store_appeal_inbox_counts(struct store *s, const struct appeal_query *qs,
				      size_t n, int64_t *totals) WUR;

/* ---- the in-memory copy of the statistics' full grain (statcopy.c) ---- */

/* Which /stats queries the process's packed copy of stat_fact answers instead of SQLite:
 * none, those that would read stat_fact (the default), or every one (the tests, to compare
 * the copy with the rollups on every shape).  GUANLAN_STATS_COPY=off|always sets it too. */
enum store_stats_copy { STATS_COPY_OFF, STATS_COPY_FACT, STATS_COPY_ALWAYS };
void store_stats_copy_mode(int mode);
/* Build the process's copy now (unless the mode is off), so that the first statistics query
 * that needs it does not pay for reading stat_fact (about 1.3 s at 1M projects).  The
 * server calls it once at start, from its background thread. */
enum gl_err store_stats_warm(struct store *s) WUR;

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
