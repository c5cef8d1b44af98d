/* ledger.h - the stage ledger's rules: which moves a project may make, what each needs, and
 * the events a move appends.  No I/O: the store reads and writes, the API decodes.
 *
 * Main line 线索 lead -> 洽谈 negotiating -> 签约 signed -> 开工 started -> 投产 production ->
 * 达产 capacity; side states 搁置 on_hold and 终止 dropped.
 *   - forward: to a later main-line stage.  Every stage passed over needs its own date (the
 *     request's skipped map); each becomes an event with skipped = 1, in stage order.
 *   - backward: to an earlier main-line stage; needs a reason; clears the dates of the stages
 *     left behind (the target's own date stands: the event that entered it still stands).
 *   - hold / drop: to on_hold or dropped; needs a reason; keeps every date.
 *   - resume: from on_hold back to the stage held (no reason); any other main-line stage is a
 *     forward or backward move counted from the stage held.
 *   - dropped is final.
 * Dates (effective and skipped) are YYYY-MM-DD, non-decreasing in stage order, not before the
 * last event's date, not after the effective date and not after today (Asia/Shanghai).
 * Entering 签约 needs total_investment, location and signed_amount besides its date; the
 * dates of 开工/投产/达产 are those of the events entering them.
 */
#ifndef GL_LEDGER_H
#define GL_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "project.h"
#include "verr.h"

/* One event of the ledger.  from = -1 for the event that created the project. */
struct stage_event {
	int64_t id, project_id, user_id;
	int from;
	enum project_stage to;
	const char *effective_on;
	bool skipped;
	const char *note, *reason, *username, *recorded_at;
};

/* The most events one move (or a creation) appends: one per main-line stage plus a side
 * state. */
enum { LEDGER_MAX_EVENTS = STAGE__MAX };

enum ledger_kind {
	LEDGER_FORWARD,
	LEDGER_BACKWARD,
	LEDGER_HOLD,
	LEDGER_DROP,
	LEDGER_RESUME,
};
extern const char *const ledger_kind_names[];

/* A move as the client asks it. */
struct stage_move {
	enum project_stage to;
	const char *effective_on;      /* required */
	const char *note, *reason;
	const char *skipped[STAGE__MAX]; /* date of each stage passed over; NULL = not given */
};

/* Where a project stands in the ledger, besides its stage. */
struct ledger_state {
	enum project_stage held;    /* the main-line stage last entered (what on_hold holds) */
	const char *last_on;        /* effective date of the last event; NULL = none */
};

/* The stage a project stands on for the purpose of moving: its stage, or the stage held. */
enum project_stage ledger_base(const struct project *p, const struct ledger_state *st);

/* The kind of the move from p to `to`; -1 when it is not allowed (same stage, from dropped,
 * on_hold to on_hold). */
int ledger_classify(const struct project *p, const struct ledger_state *st,
		    enum project_stage to);

/* One move the project may make now, with the request fields it needs ("effective_on",
 * "reason", "skipped.negotiating") and the project fields it lacks for the stages entered
 * ("total_investment", "signed_amount", "location"). */
enum { LEDGER_MAX_REQUIRES = 12 };
struct ledger_option {
	enum project_stage to;
	enum ledger_kind kind;
	int nrequires;
	const char *requires[LEDGER_MAX_REQUIRES];
};

/* Every move p may make now, in stage order.  OUT: opts (STAGE__MAX entries).  Returns the
 * count (0 for a dropped project). */
int ledger_options(const struct project *p, const struct ledger_state *st,
		   struct ledger_option *opts);

enum ledger_result {
	LEDGER_OK,
	LEDGER_ILLEGAL,  /* the move is not allowed from here: 409 with the allowed moves */
	LEDGER_INVALID,  /* something missing or wrong: errs lists every problem (422) */
};

/* Plan move m of project `before` (as stored; st from its ledger) into `after`, which the
 * caller has set to `before` plus any fields the request fills in (total_investment,
 * signed_amount, location).  Sets after->stage and the four stage dates.  OUT: the events to
 * append, in order (from, to, effective_on, skipped, note, reason).  today is YYYY-MM-DD. */
enum ledger_result ledger_plan(const struct project *before, const struct ledger_state *st,
			       const struct stage_move *m, const char *today,
			       struct project *after, struct stage_event *events, int *nevents,
			       struct verrors *errs);

/* The events that record the creation of p: one per dated main-line stage up to its stage
 * (the first with from = -1; passed stages skipped = 1), then its own stage when it has no
 * date of its own (lead, negotiating, on_hold, dropped: dated today).  A record at a dated
 * stage without its date (bulk generators bypass project_validate) takes today, and p's
 * column is set to it so that the contract holds.  Returns the count. */
int ledger_creation_events(struct project *p, const char *today, struct stage_event *events);

/* The ledger's rules for a project record as created or edited: 达产 needs capacity_on; a
 * main-line project has no date of a stage it has not reached; a side state's dates form a
 * prefix of the main line; dates never go back in stage order; signed_amount in range.
 * Called by project_validate().  Returns the number of problems added. */
int ledger_check_project(const struct project *p, struct verrors *errs);

/* The date column a stage sets (signed_on...), or NULL for stages without one. */
const char **ledger_stage_date(struct project *p, enum project_stage s);
const char *ledger_stage_date_field(enum project_stage s);

#endif
