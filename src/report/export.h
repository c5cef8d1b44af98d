/* export.h - the ledgers Guanlan exports (项目台账, 制约问题台账, 诉求台账, 具体安排台账), for
 * the API's GET /api/v1/{projects,problems,appeals,arrangements}/export and `guanlan export`.
 *
 * Each ledger is a table of columns (one line per column) turned into .csv or .xlsx by
 * sheet.h's writers, read page by page from the same store list (and so the same filters
 * and scope) as the JSON list.  See docs/export.md.
 */
#ifndef GL_EXPORT_H
#define GL_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../domain/appeal.h"
#include "../domain/arrangement.h"
#include "../domain/problem.h"
#include "../domain/project.h"
#include "sheet.h"

struct arena;
struct store;

struct export_job {
	enum sheet_format format;
	const char *path;      /* the file to write (created or truncated) */
	const char *who;       /* who exports, named in the 说明 sheet; may be NULL */
	time_t now;            /* the export time named in the 说明 sheet and the file name */
};

/* Write the project ledger of every project q selects (its limit and offset are ignored; its
 * scope applies).  Reads page by page: call it inside store_read_begin() so that the pages
 * come from one snapshot.  OUT: rows (may be NULL).  GL_EIO when the file cannot be
 * written; the file is then incomplete and the caller removes it. */
enum gl_err export_projects(struct store *s, const struct project_query *q,
			    const struct export_job *job, int64_t *rows)
	__attribute__((warn_unused_result));

/* Write the problem ledger of every problem q selects (limit and offset ignored, scope
 * applied; q->today is set from job->now, so "overdue" means overdue on the export day).
 * Sheets: 问题台账 (every row), 未解决, 已超期, 已解决, 未解决关闭, 说明.  As
 * export_projects: inside store_read_begin(); GL_EIO leaves an incomplete file. */
enum gl_err export_problems(struct store *s, const struct problem_query *q,
			    const struct export_job *job, int64_t *rows)
	__attribute__((warn_unused_result));

/* Write the appeal ledger (诉求台账) of every appeal q selects (limit and offset ignored, scope
 * applied); "overdue" is judged on the export day.  Sheets: 诉求台账 (every row), 办理中,
 * 已超期, 已答复, 已办结, 不予受理, 说明.  As export_projects: inside store_read_begin();
 * GL_EIO leaves an incomplete file. */
struct appeal_query;
enum gl_err export_appeals(struct store *s, const struct appeal_query *q,
			   const struct export_job *job, int64_t *rows)
	__attribute__((warn_unused_result));

/* Write the arrangement ledger (具体安排台账) of every arrangement q selects (limit and
 * offset ignored, scope applied), judged on q->today (the export day when NULL).  Sheets:
 * 具体安排台账, 进行中, 已超期, 已完成, 已取消, 说明.  As above. */
enum gl_err export_arrangements(struct store *s, const struct arrangement_query *q,
				const struct export_job *job, int64_t *rows)
	__attribute__((warn_unused_result));

/* ---- what every ledger shares (export.c) ---------------------------------------------- */

/* Where a column's cell comes from: a field of the record, read by its offset, or a rule of
 * the ledger's own (numbered from FIELD_OWN, handled by the ledger's row function). */
enum field_src {
	FIELD_STR,    /* a const char * field, as it is */
	FIELD_INT,    /* an int64_t field; empty when its "has" bool is false */
	FIELD_BOOL,   /* a bool field as 是/否 */
	FIELD_OWN,    /* the ledger's own sources start here */
};

/* One column of a ledger: one line of its table.  A new field is one more line. */
struct ledger_col {
	const char *header;   /* Chinese header, e.g. 总投资（万元） */
	enum sheet_kind kind;
	int width;
	int src;              /* an enum field_src, or the ledger's own (>= FIELD_OWN) */
	size_t off;           /* offsetof the field in the record */
	size_t has;           /* FIELD_INT: offsetof the bool saying it is set; 0 = always set */
};

/* Fill cell (zeroed first) from rec if c is a field column; false (cell zeroed) when it is
 * the ledger's own. */
bool ledger_field(const struct ledger_col *c, const void *rec, struct sheet_cell *cell);

/* A ledger as the driver writes it: its columns and sheets, how it reads a page of records
 * and how a record becomes a row. */
struct ledger_def {
	const struct ledger_col *cols;
	size_t ncols;                  /* at most LEDGER_COLS_MAX */
	const char *const *views;      /* view 0 holds every row */
	size_t nviews;
	size_t item_size;              /* sizeof one record of a page */
	/* The records from offset on, at most limit, allocated in a; *n < limit on the last. */
	enum gl_err (*page)(void *ctx, int64_t offset, int64_t limit, struct arena *a,
			    const void **items, int64_t *n);
	/* The cells of one record (the field columns are filled already) and its views (a bit
	 * per view > 0). */
	enum gl_err (*row)(void *ctx, const void *item, struct arena *a, struct sheet_cell *cells,
			   unsigned *in_views);
};
enum { LEDGER_COLS_MAX = 40 };

/* The 说明 sheet: what every ledger says, then the ledger's own notes. */
struct ledger_about {
	const char *content;     /* 导出内容: what the sheets hold */
	const char *filters;     /* 筛选条件 in words */
	const char *noun;        /* "项目", "诉求"…: names the scope and the count (项目数) */
	bool scoped;             /* the exporter sees only part of them */
	const struct sheet_note *notes;
	size_t nnotes;
};

/* Write every record of l (page by page, in the arena of each page) to job's file, then the
 * 说明 sheet.  OUT: rows (may be NULL).  GL_EIO leaves an incomplete file. */
enum gl_err ledger_export(const struct ledger_def *l, void *ctx, const struct export_job *job,
			  const struct ledger_about *about, int64_t *rows)
	__attribute__((warn_unused_result));

/* The unit's name, or its id in digits when it is unknown (for the filters in words). */
const char *export_unit_name(struct store *s, int64_t id, struct arena *a);

/* The download name of a ledger exported at now: "<stem>-YYYYMMDD.<ext>" into buf. */
const char *export_filename(const char *stem, enum sheet_format f, time_t now, char *buf,
			    size_t size);

/* parts joined with "；" into the arena (for the 说明 sheet's filters); NULL parts are empty. */
const char *export_join(struct arena *a, const char *const *parts, size_t n);

#endif
