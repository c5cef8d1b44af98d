/* store-int.h - private parts of the SQLite store, shared by the files of src/store only.
 *
 * Every fixed statement is listed once in enum stmt and the table in sqlite.c (openradtool's
 * stmts[STMT__MAX]); it is prepared on first use and kept for the life of the connection.
 * List queries, whose WHERE depends on which filters are set, are composed from constant
 * fragments and cached per combination; values are always bound, never printed into SQL.
 */
#ifndef GL_STORE_INT_H
#define GL_STORE_INT_H

#include <sqlite3.h>

#include "../domain/change.h"
#include "store.h"

enum stmt {
	STMT_BEGIN,
	STMT_BEGIN_READ,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_RELEASE,
	STMT_ROLLBACK_TO,

	STMT_REF_INDUSTRY_EXISTS,
	STMT_REF_CHAIN_EXISTS,
	STMT_REF_CHANNEL_EXISTS,
	STMT_REF_REGION_EXISTS,
	STMT_REF_UNIT_EXISTS,
	STMT_REF_INDUSTRY_LIST,
	STMT_REF_CHAIN_LIST,
	STMT_REF_CHANNEL_LIST,
	STMT_REF_REGION_LIST,
	STMT_REF_UNIT_LIST,

	STMT_ENT_INSERT,
	STMT_ENT_GET,
	STMT_ENT_UPDATE,
	STMT_ENT_DELETE,
	STMT_ENT_EXISTS,
	STMT_ENT_VERSION,
	STMT_ENT_TAGS,
	STMT_ENT_TAGS_DELETE,
	STMT_ENT_TAG_INSERT,
	STMT_ENT_CONTACTS,
	STMT_ENT_CONTACTS_DELETE,
	STMT_ENT_CONTACT_INSERT,
	STMT_ENT_PROJECT_COUNT,
	STMT_ENT_USER_COUNT,

	STMT_PRJ_SEQ_NEXT,
	STMT_PRJ_INSERT,
	STMT_PRJ_GET,
	STMT_PRJ_UPDATE,
	STMT_PRJ_EXISTS,
	STMT_PRJ_VERSION,
	STMT_PRJ_ENTS,
	STMT_PRJ_ENTS_DELETE,
	STMT_PRJ_ENT_INSERT,

	STMT_DATA_VERSION,
	STMT_PING,

	STMT_AUDIT_INSERT,
	STMT_AUDIT_CHANGE_INSERT,
	STMT_AUDIT_CHANGES,

	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_BY_NAME,
	STMT_USER_UPDATE,
	STMT_USER_PASSWORD,
	STMT_USER_UNITS,
	STMT_USER_UNITS_DELETE,
	STMT_USER_UNIT_INSERT,
	STMT_USER_LIST,
	STMT_USER_COUNT,

	STMT_CRED_INSERT,
	STMT_CRED_LOOKUP,
	STMT_CRED_TOUCH,
	STMT_CRED_REVOKE,
	STMT_CRED_REVOKE_USER,
	STMT_CRED_TOKENS,

	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,

	STMT_ENT_IN_UNITS,

	STMT__MAX
};

/* Later modules keep their statements beside the code that runs them: each file of src/store
 * has one row here and its own table of SQL text, indexed by its own enum, prepared on first
 * use through mod_stmt(). */
enum store_module {
	MOD_LEDGER,     /* ledger.c: stage events */
	MOD_CALENDAR,   /* calendar.c: holidays and working days */
	MOD_PROBLEM,    /* problems.c: 制约问题 */
	MOD_TASKFORCE,  /* taskforces.c: 专班 */
	MOD_MILESTONE,  /* milestones.c */
	MOD_FOLLOWUP,   /* followups.c: 跟进记录 */
	MOD_MONEY,      /* money.c: funds in place, phases, chains */
	MOD_STATS,      /* facts.c: grouped statistics, targets */
	MOD_EXPORT,     /* export.c: ledgers for export */
	MOD_ROUNDTABLE, /* roundtables.c: 观澜会 sessions, arrangements */
	MOD_APPEAL,     /* appeals.c: 诉求 */
	MOD_RATES,      /* rates.c: the three rates */
	MOD_DUPLICATE,  /* duplicates.c: duplicate appeals, systemic issues */
	MOD_OPEN311,    /* open311.c: Open311 service requests */
	MOD_IMPORT,     /* imports.c: finding records by natural key */
	MOD_SEARCH,     /* search.c: the search index */
	MOD__MAX
};
enum { MOD_STMTS = 48 };

/* Filters a list may combine; each is one bit of the cache key. */
enum { ELIST_FILTERS = 5, PLIST_FILTERS = 10 };

/* The last summary this connection computed, and the database state it was computed from:
 * PRAGMA data_version moves when another connection commits, total_changes when this one
 * writes.  Dashboards poll the summary far more often than projects change. */
struct stats_cache {
	int valid;
	int64_t data_version, total_changes;
	struct arena arena;
	struct stats_summary sum;
};

/* Totals of recent list queries.  A page of a list needs its total, and counting thousands
 * of matching rows costs more than reading the twenty shown; people page through the same
 * filter, so totals are kept until the database changes (as the stats cache). */
enum { COUNT_CACHE_SIZE = 64, COUNT_KEY_MAX = 512 };
struct count_cache {
	int64_t data_version, total_changes;
	int next;
	struct {
		char key[COUNT_KEY_MAX];
		int64_t total;
	} e[COUNT_CACHE_SIZE];
};

/* Recently authenticated credentials, so that a token or session used for request after
 * request is not looked up (two queries) each time.  Valid only while the database is
 * unchanged: a revocation, a disabled user or a role change is a write, and empties it. */
enum { AUTH_CACHE_SIZE = 8 };
struct auth_entry {
	char hash[72];
	int64_t credential_id, user_id, enterprise_id, last_used, expires_at;
	int via_token;
	int role;
	char username[64], display_name[192], csrf[64];
	int64_t units[16];
	size_t nunits;
};
struct auth_cache {
	int64_t data_version, total_changes;
	int next;
	struct auth_entry e[AUTH_CACHE_SIZE];
};

struct store {
	sqlite3 *db;
	struct count_cache counts;
	struct auth_cache auth;
	struct stats_cache stats;
	struct actor actor;         /* who the audit rows of this connection's writes name */
	int depth;  /* transaction nesting: 0 none, 1 BEGIN, >1 savepoints */
	/* commitq.c's fast path: nested store_start()/store_end() open no savepoints, and a
	 * nested failure only sets spoiled (the caller then rolls the whole transaction back). */
	int flat, spoiled;
	int reading;  /* store_read_begin() nesting outside a write transaction */
	/* search.c: while on, search_index() only notes the docid, and search_later_run()
	 * indexes them all at the end of a flat batch (commitq.c). */
	struct search_later {
		int64_t *v;
		size_t n, cap;
		int on;
	} later;
	/* refcache.c: the calendar and the appeal settings as of ref_generation's token */
	struct ref_cache {
		sqlite3_stmt *token_st;
		int valid;
		int64_t token;
		struct arena arena;
		struct calendar cal;
		struct appeal_settings set;
	} refc;
	struct norm *norm;          /* search.c: this connection's normaliser (one per thread) */
	sqlite3_stmt *stmts[STMT__MAX];
	sqlite3_stmt *mod[MOD__MAX][MOD_STMTS];
	sqlite3_stmt *elist[1 << ELIST_FILTERS][ENTERPRISE_SORT__MAX][2]; /* [mask][sort][count?] */
	sqlite3_stmt *plist[1 << PLIST_FILTERS][PROJECT_SORT__MAX][2];
	sqlite3_stmt *alist[1 << 6][2];
};

/* The appeal settings and the working-day calendar, from this connection's copy while
 * ref_generation's token (sql/021) has not moved; cal points into the copy, valid until the
 * next call on s. */
enum gl_err store_ref_cached(struct store *s, struct appeal_settings *set,
			     struct calendar *cal) WUR;

/* The statement, reset and with bindings cleared; NULL when it could not be prepared. */
sqlite3_stmt *stmt_get(struct store *s, enum stmt id);
/* Statement i of module m, whose SQL is table[i]: prepared on first use, then reset and with
 * bindings cleared; NULL when it could not be prepared. */
sqlite3_stmt *mod_stmt(struct store *s, enum store_module m, int i, const char *const *table);
/* Prepare (once) a composed statement into *slot. */
sqlite3_stmt *stmt_cached(struct store *s, sqlite3_stmt **slot, const char *sql);

/* A project's money columns (money.c), in this order, after the columns of PRJ_COLS and
 * bound as ?40..?45 by the insert and the update. */
#define PRJ_MONEY_COLS "fixed_asset_investment, foreign_investment, land_centimu," \
	" annual_output, annual_tax, jobs"
enum { PRJ_MONEY_FIRST_PARAM = 40 };
void money_bind(sqlite3_stmt *st, const struct project_money *m);
/* A project's fields from name to unit as ?first.., its money and ledger columns (?30, ?31,
 * ?40..): the insert (code ?1, created_at ?19) and the update share them, and so does the
 * bulk import's insert (imports.c). */
void project_bind_fields(sqlite3_stmt *st, const struct project *p, int first);
/* Read the six columns starting at column first. */
void money_read(sqlite3_stmt *st, int first, struct project_money *m);
/* Refuse a phase parent that is itself a phase, a chain anchor that itself supports another,
 * and links that would nest a project that has phases or supporters (errs; GL_EINVALID). */
enum gl_err money_check_links(struct store *s, const struct project *p, struct verrors *errs);

/* Log the engine's message with context and return GL_EDB. */
enum gl_err store_fail(struct store *s, const char *what);

/* Begin a write: BEGIN IMMEDIATE at the outside, a savepoint inside another transaction.
 * store_end() commits (or releases) when rc is GL_OK, rolls back otherwise, and returns rc
 * (or GL_EDB when the commit itself failed). */
enum gl_err store_start(struct store *s);
enum gl_err store_end(struct store *s, enum gl_err rc);

/* Bind helpers: NULL pointers bind SQL NULL. */
int bind_text(sqlite3_stmt *st, int i, const char *v);
int bind_id(sqlite3_stmt *st, int i, int64_t v); /* 0 binds NULL */
/* Column as an arena string; NULL for SQL NULL. */
const char *col_text(sqlite3_stmt *st, int i, struct arena *a);

/* Append an audit row (and its field changes) naming the connection's actor.  Called inside
 * the transaction of the change it records. */
enum gl_err audit_write(struct store *s, const char *action, const char *entity,
			int64_t entity_id, const struct changes *changes);

/* The database file a process-wide in-memory copy may be shared under, or NULL when it must
 * not be: inside a write transaction the connection sees its own uncommitted rows, and an
 * in-memory or temporary database has no name another connection could share. */
const char *store_shared_copy_file(struct store *s);

/* Has the database changed since the pair was taken (PRAGMA data_version for other
 * connections, total_changes for this one)?  Updates the pair. */
enum gl_err data_moved(struct store *s, int64_t *data_version, int64_t *changes, int *moved);

/* The cached total for key (a description of the query and its parameters), refreshed by
 * stepping count_stmt (bound, ready to step) when unknown or stale. */
enum gl_err count_cached(struct store *s, const char *key, sqlite3_stmt *count_stmt,
			 int64_t *total);

/* How long a statement waits for another connection's lock before SQLITE_BUSY. */
enum { STORE_BUSY_TIMEOUT_MS = 5000 };

/* The unit ids of a scope as a JSON array for json_each(), in the arena. */
const char *scope_units_json(const struct scope *sc, struct arena *a);

/* Bind a scope to the parameters first (its enterprise, NULL when none) and first + 1 (its
 * units as scope_units_json, only when restricted), as the scoped statements read them.
 * Nothing is bound without a scope: every parameter stays NULL, which the statements read as
 * "the whole zone" (statements from stmt_cached start with nothing bound). */
void scope_bind(sqlite3_stmt *st, int first, const struct scope *sc, struct arena *a);

/* Current time as an ISO timestamp in the arena. */
const char *store_now(struct arena *a);

/* Step a statement that returns at most one row of one integer.
 * GL_OK with *out set, GL_ENOTFOUND when no row, GL_EDB on failure. */
enum gl_err step_int(struct store *s, sqlite3_stmt *st, int64_t *out);

/* Step a statement to its end, collecting the integer of each row's first column into an
 * array in a (*ids NULL when none), and reset it.  For reading the ids to work on before
 * running statements that would disturb the read.  what names the read in a failure. */
enum gl_err step_ids(struct store *s, sqlite3_stmt *st, struct arena *a, int64_t **ids,
		     size_t *n, const char *what);

#endif
