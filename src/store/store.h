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
 *   GL_EREFERENCED the record is still referenced (delete refused)
 *   GL_EINVALID    a reference is dangling; details in the verrors passed
 *   GL_EDB         the engine failed; the reason went to the log
 */
#ifndef GL_STORE_H
#define GL_STORE_H

#include <stdint.h>

#include "../domain/enterprise.h"
#include "../domain/project.h"
#include "../domain/stats.h"
#include "../domain/verr.h"
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

/* A cheap check that the database answers; OUT: its schema version. */
enum gl_err store_ping(struct store *s, int *schema) WUR;

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

/* ---- enterprises ---------------------------------------------------------------------- */

/* Insert e; OUT: e->id, e->version, e->created_at, e->updated_at (from the arena).
 * GL_EDUPLICATE when the credit code is taken; GL_EINVALID (errs filled) when the industry
 * code is unknown. */
enum gl_err store_enterprise_create(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs) WUR;
enum gl_err store_enterprise_get(struct store *s, int64_t id, struct arena *a,
				 struct enterprise *out) WUR;
/* Replace the stored record e->id if its version is still e->version; OUT: new version and
 * updated_at in e. */
enum gl_err store_enterprise_update(struct store *s, struct enterprise *e, struct arena *a,
				    struct verrors *errs) WUR;
/* version 0 = whatever the current version is. */
enum gl_err store_enterprise_delete(struct store *s, int64_t id, int64_t version) WUR;

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
enum gl_err store_project_get(struct store *s, int64_t id, struct arena *a,
			      struct project *out) WUR;
enum gl_err store_project_update(struct store *s, struct project *p, struct arena *a,
				 struct verrors *errs) WUR;

struct project_page {
	struct project *items;
	int64_t n, total;
};
enum gl_err store_project_list(struct store *s, const struct project_query *q, struct arena *a,
			       struct project_page *out) WUR;

/* ---- statistics ----------------------------------------------------------------------- */

enum gl_err store_stats_summary(struct store *s, struct arena *a, struct stats_summary *out) WUR;

#endif
