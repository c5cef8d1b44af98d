/* taskforce.h - task forces (专班) and their coordination meetings (调度会).
 *
 * A task force serves projects; its members are people (a user of Guanlan or just a name,
 * with a title) and units.  A meeting records who attended, the minutes and its decisions;
 * a decision may open a problem on a served project or resolve or close one of their
 * problems, and the store applies it in the same transaction as the meeting.
 *
 * Strings are borrowed from whoever fills the structs (usually a request arena).
 */
#ifndef GL_TASKFORCE_H
#define GL_TASKFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "problem.h"
#include "verr.h"

enum {
	TASKFORCE_MAX_MEMBERS = 50,
	TASKFORCE_MAX_UNITS = 30,
	TASKFORCE_MAX_PROJECTS = 100,
	MEETING_MAX_ATTENDEES = 100,
	MEETING_MAX_DECISIONS = 30,
};

struct taskforce_member {
	const char *name, *title;
	int64_t user_id, unit_id;   /* 0 = none */
};

struct taskforce {
	int64_t id, version;
	const char *name, *leader, *note;
	int64_t unit_id;                   /* the unit row acting for it; 0 = none */
	struct taskforce_member *members;
	size_t nmembers;
	int64_t *unit_ids;                 /* units taking part */
	size_t nunits;
	int64_t *project_ids;              /* projects served */
	size_t nprojects;
	const char *created_at, *updated_at;
	int64_t open_problems, meetings;   /* read-only counts */
};

/* Check what needs no database.  Returns the number of errors. */
int taskforce_validate(const struct taskforce *t, struct verrors *errs);

enum decision_action {
	DECISION_OPEN,     /* open a problem on a served project */
	DECISION_RESOLVE,  /* resolve a problem of a served project */
	DECISION_CLOSE,    /* close it unresolved */
	DECISION_NOTE,     /* touches no problem */
	DECISION__MAX
};
extern const char *const decision_actions[DECISION__MAX];
int decision_action_parse(const char *s); /* -1 when unknown */

struct decision {
	enum decision_action action;
	const char *text;         /* the decision as taken; a resolution for resolve/close */
	int64_t problem_id;       /* resolve/close: the problem; open: the one made (OUT) */
	struct problem open;      /* open: the problem to make (project, type, unit, days) */
};

struct meeting {
	int64_t id, taskforce_id;
	const char *held_on, *topic, *minutes;
	const char **attendees;
	size_t nattendees;
	struct decision *decisions;
	size_t ndecisions;
	int64_t user_id;
	const char *username, *recorded_at;
};

/* Check what needs no database, the decisions' problems included (as decisions[i].x).
 * Returns the number of errors. */
int meeting_validate(const struct meeting *m, struct verrors *errs);

#endif
