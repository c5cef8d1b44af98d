/* appeal.h - enterprise appeals (诉求): the workflow as data, who may take which action, and
 * the deadlines in working days.
 *
 *   submitted ──accept──> accepted ──assign──> assigned ──start──> in_progress
 *       │                                         │                    │
 *       └──decline──> declined                    └──────answer────────┴──> answered
 *   answered ──rate──> rated ──(satisfied, basic)──> closed
 *                        └────(unsatisfied)──reopen──> in_progress   (reopen_count + 1)
 *
 * "rated" is passed through within the rating request: the stored state afterwards is closed
 * or in_progress, and the timeline shows rate then close (or reopen).  An appeal answered on
 * the spot at a roundtable is submitted, accepted and answered in one intake.  transfer
 * (another lead unit), request_extension (延期), decide_extension and supervise (督办) keep
 * the state.  declined and closed are final: the appeal stays readable forever.
 *
 * Deadlines are days (YYYY-MM-DD, the end of that working day in Asia/Shanghai):
 *   accept_due_on = workday_add(submission day, accept_days)
 *   answer_due_on = workday_add(acceptance day, days of the complexity)   (ordinary until
 *                   assigned), moved by workday_add(answer_due_on, n) per approved extension.
 */
#ifndef GL_APPEAL_H
#define GL_APPEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "workday.h"

enum appeal_state {
	APPEAL_SUBMITTED,
	APPEAL_ACCEPTED,
	APPEAL_DECLINED,
	APPEAL_ASSIGNED,
	APPEAL_IN_PROGRESS,
	APPEAL_ANSWERED,
	APPEAL_RATED,
	APPEAL_CLOSED,
	APPEAL_STATE__MAX
};

enum appeal_action {
	APPEAL_ACCEPT,
	APPEAL_DECLINE,
	APPEAL_ASSIGN,
	APPEAL_START,
	APPEAL_ANSWER,
	APPEAL_RATE,
	APPEAL_TRANSFER,
	APPEAL_REQUEST_EXTENSION,
	APPEAL_DECIDE_EXTENSION,
	APPEAL_SUPERVISE,
	APPEAL_ACTION__MAX
};

enum appeal_channel { CHANNEL_ONSITE, CHANNEL_ONLINE, CHANNEL_PROXY, CHANNEL_HOTLINE,
		      APPEAL_CHANNEL__MAX };
enum appeal_complexity { COMPLEXITY_SIMPLE, COMPLEXITY_ORDINARY, COMPLEXITY_COMPLEX,
			 APPEAL_COMPLEXITY__MAX };
enum appeal_rating { RATING_SATISFIED, RATING_BASIC, RATING_UNSATISFIED, APPEAL_RATING__MAX };

extern const char *const appeal_state_names[APPEAL_STATE__MAX];     /* "submitted", ... */
extern const char *const appeal_state_labels[APPEAL_STATE__MAX];    /* "已提交", ... */
extern const char *const appeal_action_names[APPEAL_ACTION__MAX];   /* "accept", ... */
extern const char *const appeal_channel_names[APPEAL_CHANNEL__MAX]; /* "onsite", ... */
extern const char *const appeal_complexity_names[APPEAL_COMPLEXITY__MAX];
extern const char *const appeal_rating_names[APPEAL_RATING__MAX];   /* "satisfied", ... */
extern const char *const appeal_rating_labels[APPEAL_RATING__MAX];  /* "满意", ... */

/* Each -1 when unknown (NULL included). */
int appeal_state_parse(const char *s);
int appeal_action_parse(const char *s);
int appeal_channel_parse(const char *s);
int appeal_complexity_parse(const char *s);
int appeal_rating_parse(const char *s);

/* What the rules need to know about an appeal and the caller.  own: for a handler, one of
 * the appeal's units (lead or co) is theirs; for an enterprise user, the appeal is their
 * enterprise's.  Other roles ignore it. */
struct appeal_facts {
	enum appeal_state state;
	enum role role;
	bool own;
	bool extension_pending;     /* a 延期 request awaits a decision */
	bool supervised;            /* an open 督办 record exists */
};

/* The actions the caller may take now, as a bit set (1u << enum appeal_action). */
unsigned appeal_actions(const struct appeal_facts *f);
/* The state an action leads to (the state itself for actions that keep it).  For rate, the
 * state after the pass through rated: closed, or in_progress when unsatisfied. */
enum appeal_state appeal_next(enum appeal_state from, enum appeal_action a,
			      enum appeal_rating rating);
/* The names of the actions in set, as "accept, decline" (or "none"), into buf. */
const char *appeal_actions_text(unsigned set, char *buf, size_t size);

/* Still waiting for an answer: submitted, accepted, assigned or in progress. */
bool appeal_open(enum appeal_state s);

/* The working-day limits (appeal_setting). */
struct appeal_settings {
	int accept_days;
	int complexity_days[APPEAL_COMPLEXITY__MAX];
	int due_soon_days;
	int duplicate_window_days;
};

enum { APPEAL_SETTING_MAX_DAYS = 250, APPEAL_EXTENSION_MAX_DAYS = 60,
       APPEAL_TEXT_MAX = 5000, APPEAL_NOTE_MAX = 2000 };

/* The deadline n working days after the ISO day `from` (YYYY-MM-DD), into buf (11 bytes);
 * *fallback is set (never cleared) when the calendar had to guess.  NULL when from is not a
 * date. */
const char *appeal_due(const struct calendar *c, const char *from, int n, char *buf,
		       bool *fallback);

/* The deadline that runs now: accept_due_on while submitted, answer_due_on while accepted,
 * assigned or in progress; NULL otherwise. */
const char *appeal_running_due(enum appeal_state s, const char *accept_due_on,
			       const char *answer_due_on);


/* History entry (补录): an instant "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM"
 * (as an admin gives the effective time of an event that happened before it was recorded),
 * rewritten as the store writes instants, "...+08:00", into buf (26 bytes), so that instants
 * compare as strings.  OUT: *t, the UTC time.  NULL when s is not such an instant. */
const char *appeal_instant(const char *s, char *buf, size_t size, int64_t *t);

/* The records of an appeal's page.  Strings are borrowed (usually from a request arena). */
struct appeal_unit {
	int64_t unit_id;
	const char *name;
	bool lead;                  /* 主办; otherwise 协办 */
};
struct appeal_event {
	int64_t id, user_id, unit_id;
	const char *at, *kind, *from_state, *to_state, *username, *unit_name, *note;
	const char *recorded_at;    /* when it was written; differs from at when back-dated */
};
struct appeal_attachment {
	int64_t id, appeal_id, size, user_id;
	const char *sha256, *name, *mime, *uploaded_at;
};
struct appeal_extension {
	int64_t id, appeal_id, days, requested_by, decided_by;
	const char *reason, *requested_at, *status, *decided_at, *decision_note;
};
struct supervision {
	int64_t id, appeal_id, unit_id, escalated_to, opened_by;
	const char *kind, *opened_at, *closed_at, *note;
	const char *appeal_code, *unit_name, *escalated_name;   /* from joins */
};

struct appeal {
	int64_t id, version, enterprise_id, project_id, roundtable_id, lead_unit_id;
	int64_t submitted_by, reopen_count;
	const char *code, *category, *external_id, *title, *text, *contact;
	enum appeal_channel channel;
	enum appeal_state state;
	int complexity;             /* enum appeal_complexity, -1 = not yet assigned */
	int rating;                 /* enum appeal_rating of the latest rating, -1 = none */
	const char *submitted_at, *accept_due_on, *accepted_at, *answer_due_on, *answered_at;
	const char *answer, *rating_comment, *rated_at, *closed_at, *decline_reason;
	const char *created_at, *updated_at;
	bool due_fallback, supervised, extension_pending;
	/* read-only, from joins */
	const char *enterprise_name, *category_name, *lead_unit_name, *project_name;
	/* the detail (store_appeal_get with detail): co-units and lead, the timeline, ... */
	struct appeal_unit *units;
	size_t nunits;
	struct appeal_event *events;
	size_t nevents;
	struct appeal_attachment *attachments;
	size_t nattachments;
	struct appeal_extension *extensions;
	size_t nextensions;
	struct supervision *supervisions;
	size_t nsupervisions;
};

/* Is one of the caller's units the appeal's lead unit?  (Co-units see an appeal but the lead
 * unit acts on it.) */
bool appeal_lead_is(const struct appeal *ap, const int64_t *unit_ids, size_t n);

#endif
