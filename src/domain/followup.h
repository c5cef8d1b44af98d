/* followup.h - follow-ups (跟进记录): dated notes of what an officer did about a project,
 * with the next step and when it is due.
 *
 * A next step is overdue on a day D when its next_on is before D and no later follow-up on the
 * same project (later by date, then by id), recorded on or before D, has superseded it.
 */
#ifndef GL_FOLLOWUP_H
#define GL_FOLLOWUP_H

#include <stdint.h>

#include "../util/date.h"
#include "verr.h"

enum followup_kind {
	FU_VISIT,        /* 走访 */
	FU_CALL,         /* 电话 */
	FU_MEETING,      /* 会谈 */
	FU_NEGOTIATION,  /* 洽谈 */
	FU__MAX
};

struct followup_kind_info {
	const char *code, *name;
};
extern const struct followup_kind_info followup_kinds[FU__MAX];
int followup_kind_parse(const char *code); /* -1 when unknown */

enum { FOLLOWUP_SUMMARY_MAX = 2000, FOLLOWUP_STEP_MAX = 500 };

struct followup {
	int64_t id, project_id;
	const char *on;          /* YYYY-MM-DD: when it happened */
	enum followup_kind kind;
	const char *summary;
	const char *next_step;   /* may be NULL */
	const char *next_on;     /* may be NULL; needs next_step */
	int64_t officer_id;      /* the officer it is credited to */
	const char *officer_name;      /* display name, when read */
	int64_t created_by;
	const char *created_at;
};

/* on required, not after today; summary required; next_on needs a next step and may not be
 * before on.  Returns the number of errors added. */
int followup_validate(const struct followup *f, struct ymd today, struct verrors *errs);

#endif
