/* export.h - the ledgers Guanlan exports (项目台账, 制约问题台账, 诉求台账, 具体安排台账), for
 * the API's GET /api/v1/{projects,problems,appeals,arrangements}/export and `guanlan export`.
 *
 * Each ledger is a table of columns (one line per column) turned into .csv or .xlsx by
 * sheet.h's writers, read page by page from the same store list (and so the same filters
 * and scope) as the JSON list.  See docs/export.md.
 */
#ifndef GL_EXPORT_H
#define GL_EXPORT_H

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

/* The download name of a ledger exported at now: "<stem>-YYYYMMDD.<ext>" into buf. */
const char *export_filename(const char *stem, enum sheet_format f, time_t now, char *buf,
			    size_t size);

/* parts joined with "；" into the arena (for the 说明 sheet's filters); NULL parts are empty. */
const char *export_join(struct arena *a, const char *const *parts, size_t n);

#endif
