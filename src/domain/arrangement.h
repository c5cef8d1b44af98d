/* arrangement.h - arrangements (具体安排): the concrete action an answer promises, made at a
 * roundtable or on an appeal, with an owner unit and a deadline in working days.
 *
 *   open ──> done          (with a result and the day it was done)
 *     │
 *     └────> cancelled     (with a reason)
 *   done, cancelled ──> open   (reopened, only with a reason; counted in reopen_count)
 *
 * Whatever is not open is closed: it is neither overdue nor due soon, and its text, unit and
 * deadline do not change until it is reopened.  A done arrangement is on time when done_on is
 * not after due_on.
 *
 * The deadline is either deadline_days working days after made_on (workday_add: the end of
 * the N-th working day after that day), or a due_on given as a date.  Judging "overdue" and
 * "due soon" is done for a given day (Asia/Shanghai), so that it can be tested on any day.
 *
 * Strings are borrowed from whoever fills the struct (usually a request arena).
 */
#ifndef GL_ARRANGEMENT_H
#define GL_ARRANGEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"
#include "verr.h"
#include "workday.h"

enum arrangement_status {
	ARRANGEMENT_OPEN,
	ARRANGEMENT_DONE,
	ARRANGEMENT_CANCELLED,
	ARRANGEMENT_STATUS__MAX
};

extern const char *const arrangement_status_codes[ARRANGEMENT_STATUS__MAX]; /* "open", ... */
extern const char *const arrangement_status_names[ARRANGEMENT_STATUS__MAX]; /* "进行中", ... */
int arrangement_status_parse(const char *s); /* -1 when unknown */

enum {
	ARRANGEMENT_TEXT_MAX = 2000,     /* characters, also result and reason */
	ARRANGEMENT_DEADLINE_MAX = 250,  /* working days: about a year */
	ARRANGEMENT_DUE_SOON_DAYS = 2,   /* "due soon": due within this many working days */
};

struct arrangement {
	int64_t id, version;
	int64_t roundtable_id;      /* 0 = not made at a roundtable */
	int64_t appeal_id;          /* 0 = not on an appeal */
	const char *text;
	int64_t unit_id;            /* owner unit */
	const char *made_on;        /* YYYY-MM-DD */
	int64_t deadline_days;      /* working days after made_on; 0 = due_on was given */
	const char *due_on;
	bool due_fallback;          /* due_on assumed Monday-Friday in a year not loaded */
	enum arrangement_status status;
	const char *done_on, *result;        /* done */
	const char *cancelled_on, *reason;   /* cancelled; reason also of the last reopening */
	int64_t reopen_count;
	const char *created_at, *updated_at;
	/* read-only, from joins */
	const char *unit_name, *appeal_code, *series_name;
	int64_t roundtable_number, appeal_enterprise_id;
};

/* Check what needs no database: a roundtable or an appeal, text, unit, made_on, a deadline
 * (deadline_days 1..ARRANGEMENT_DEADLINE_MAX, which wins over due_on; or else due_on, a date
 * not before made_on; the API refuses a body giving both), and
 * that done_on/result and cancelled_on/reason agree with the status (done_on not before
 * made_on, nor after today).  Returns the number of errors added. */
int arrangement_validate(const struct arrangement *a, struct ymd today, struct verrors *errs);

/* With deadline_days set: due_on (in buf, 11 bytes) and due_fallback from made_on.  Without:
 * due_fallback cleared.  a must have passed arrangement_validate(). */
void arrangement_due(struct arrangement *a, const struct calendar *c, char *buf);

/* May an arrangement move from one status to another?  Staying put is not a move. */
bool arrangement_transition_ok(enum arrangement_status from, enum arrangement_status to);
/* Does the move need a reason (cancelling, reopening)? */
bool arrangement_needs_reason(enum arrangement_status from, enum arrangement_status to);
/* The statuses reachable from one, as "a, b" for messages, into buf. */
const char *arrangement_transitions(enum arrangement_status from, char *buf, size_t size);

enum arrangement_judgement {
	ARRANGEMENT_CLOSED,     /* done or cancelled */
	ARRANGEMENT_ON_TRACK,
	ARRANGEMENT_DUE_SOON,   /* open, due today or within soon_days working days */
	ARRANGEMENT_OVERDUE,    /* open and today is after due_on */
};
/* How an arrangement stands on day today.  *fallback (may be NULL) is set when a day counted
 * lies outside the loaded calendar. */
enum arrangement_judgement arrangement_judge(const struct arrangement *a,
					     const struct calendar *c, struct ymd today,
					     int soon_days, bool *fallback);
/* The first due day that is no longer due soon on today: an open arrangement is due soon
 * exactly when today <= due_on < this day (the (soon_days + 1)-th working day after today). */
struct ymd arrangement_soon_limit(const struct calendar *c, struct ymd today, int soon_days,
				  bool *fallback);
/* Done, and done_on is not after due_on. */
bool arrangement_on_time(const struct arrangement *a);

struct changes;
struct arena;
/* Field by field, for the audit trail; before is NULL for a create. */
void arrangement_changes(const struct arrangement *before, const struct arrangement *after,
			 struct arena *a, struct changes *out);

/* List filters (GET /api/v1/arrangements, a session's arrangements). */
struct scope;
struct arrangement_query {
	int status;                 /* -1 = any */
	int64_t unit_id, roundtable_id, appeal_id;   /* 0 = any */
	int overdue;                /* -1 any, 1 overdue only, 0 not overdue */
	const char *today;          /* YYYY-MM-DD: required */
	const char *soon_before;    /* non-NULL: due soon only (arrangement_soon_limit) */
	int64_t limit, offset;
	const struct scope *scope;  /* rows the caller may see; NULL = all */
};

#endif
