/* problem-int.h - what calendar.c, problems.c and taskforces.c share inside the store:
 * writing a problem inside a caller's transaction (a meeting's decisions, a calendar change). */
#ifndef GL_PROBLEM_INT_H
#define GL_PROBLEM_INT_H

#include "store-int.h"

/* Check p's references (project, unit, task force), date due_on with cal and insert it,
 * with its audit row.  No transaction of its own.  GL_EINVALID when errs got problems;
 * prefix (may be "") goes before each field name ("decisions[2].").  */
enum gl_err problem_insert(struct store *s, struct problem *p, const struct calendar *cal,
			   struct arena *a, struct verrors *errs, const char *prefix);
/* Write p over old (same id) if p->version is still the stored one: dates due_on with cal
 * and writes the audit row (action "update", "status" or "redate").  No transaction. */
enum gl_err problem_write(struct store *s, const struct problem *old, struct problem *p,
			  const struct calendar *cal, const char *action, struct arena *a,
			  struct verrors *errs, const char *prefix);
/* Date again the open problems whose due_on was a guess.  OUT: *n, how many changed. */
enum gl_err problems_redate(struct store *s, const struct calendar *cal, struct arena *a,
			    int64_t *n);

#endif
