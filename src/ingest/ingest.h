/* ingest.h - the writing half of an import: a ledger read by src/import, resolved against the
 * store's reference data, checked by the domain's rules and written in one transaction.
 *
 * The command line (guanlan import) and the API (POST /api/v1/imports) both call
 * ingest_run(): one code path.  A dry run reads, resolves, validates and plans every row and
 * writes nothing.  A real run does the same inside one store transaction and commits only
 * when the file has no error at all: a file with one bad row changes nothing.
 *
 * Rows are matched by natural key: enterprises by credit code (by exact name when the code is
 * blank), projects by project code (by exact name and phase when blank).  A matched record is
 * updated with the row's non-empty cells (an empty cell keeps what is stored); when that
 * changes nothing the row is "unchanged" and nothing is written, not even an audit row.
 * Stages belong to the stage ledger (docs/ledger.md): a new project's stage and dates become
 * its creation events; for a stored project a different stage, stage date or 签约金额 is
 * refused (stage_change) — move it through the ledger instead.
 */
#ifndef GL_INGEST_H
#define GL_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "../import/read.h"
#include "../util/arena.h"
#include "../util/err.h"

struct store;

enum ingest_action { INGEST_INSERT, INGEST_UPDATE, INGEST_UNCHANGED, INGEST_REJECTED };
const char *ingest_action_name(enum ingest_action a);

struct ingest_options {
	enum import_kind kind;
	const char *sheet;            /* .xlsx sheet by name, NULL = the first */
	const char *map;              /* "表头=field,表头=field" (field empty: ignore), or NULL */
	int dry_run;
	enum import_format format;    /* AUTO: by name, then by content */
	const char *name;             /* the file's name (picks the format when AUTO), or NULL */
	int64_t user_id;              /* who imports (0: the system): names appeals' events */
	const char *username;
};

/* What happened (or would happen) to one data row. */
struct ingest_row {
	size_t row;
	enum ingest_action action;
	int64_t id;                   /* the record's id; 0 for an insert not written */
	const char *key;              /* credit code, project code or name */
};

enum { INGEST_ROWS_MAX = 1000 };

struct ingest_report {
	struct arena arena;
	struct import_problems problems;
	struct import_summary read;
	int committed;                /* a real run that wrote (or found nothing to write) */
	size_t inserted, updated, unchanged, rejected;
	struct ingest_row *rows;      /* the first INGEST_ROWS_MAX rows */
	size_t nrows;
};

void ingest_report_init(struct ingest_report *r);
void ingest_report_release(struct ingest_report *r);

/* Parse a --map / map= text into r's arena.  Returns 0, or -1 with *why set (static text). */
int ingest_parse_map(const char *text, struct arena *a, struct header_map **out, size_t *n,
		     const char **why);

/* Import from a file (path) or from memory (data, len; path NULL).  Returns GL_OK when the
 * file was processed — look at r->problems.errors and r->rejected: a real run has written
 * only when both are 0 (r->committed) — or GL_EDB / GL_ENOMEM when the store failed, and
 * GL_EINVALID for a bad map (a problem says why).  The store's actor names the audit rows. */
enum gl_err ingest_run(struct store *s, const char *path, const void *data, size_t len,
		       const struct ingest_options *opt, struct ingest_report *r)
	__attribute__((warn_unused_result));

#endif
