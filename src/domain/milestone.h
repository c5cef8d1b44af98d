/* milestone.h - project milestones (节点) and their three-colour status (三色预警), the
 * thresholds of the warnings, and the rule for stalled projects.
 *
 * The colour of a milestone on a day `today` (Asia/Shanghai), with a warning window of N
 * working days (see docs/milestones.md, which states the same rules):
 *   none    no planned date;
 *   green   done (actual <= today) on or before the planned day, or not done and more than N
 *           working days before the planned day;
 *   yellow  done after the planned day (late but caught up), or not done and the planned day
 *           is today or at most N working days away;
 *   red     not done and the planned day has passed (today > planned).
 * A milestone whose actual day lies after `today` was not done on `today`: asking "as of" a
 * past day gives the colour that day had.
 */
#ifndef GL_MILESTONE_H
#define GL_MILESTONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/date.h"
#include "project.h"
#include "verr.h"
#include "workday.h"

enum milestone_kind {
	MS_SIGNING,     /* 签约 */
	MS_LAND,        /* 供地/拿地 */
	MS_START,       /* 开工 */
	MS_STRUCTURE,   /* 主体完工 */
	MS_EQUIPMENT,   /* 设备进场 */
	MS_PRODUCTION,  /* 投产 */
	MS_CAPACITY,    /* 达产 */
	MS_CUSTOM,      /* named by the user */
	MS__MAX
};

struct milestone_kind_info {
	const char *code;  /* API name: "signing" */
	const char *name;  /* Chinese label: "签约" */
};
extern const struct milestone_kind_info milestone_kinds[MS__MAX];
int milestone_kind_parse(const char *code); /* -1 when unknown */

/* In order of severity, so that the worst of several is the largest. */
enum milestone_color {
	MC_NONE,
	MC_GREEN,
	MC_YELLOW,
	MC_RED,
	MC__MAX
};
extern const char *const milestone_colors[MC__MAX]; /* "none", "green", "yellow", "red" */
int milestone_color_parse(const char *s);          /* -1 when unknown */

enum { MILESTONES_MAX = 50, MILESTONE_NAME_MAX = 50, MILESTONE_NOTE_MAX = 500,
       WARNING_WINDOW_DEFAULT = 5, WARNING_WINDOW_MAX = 60, STALL_DAYS_MAX = 3650 };

struct milestone {
	enum milestone_kind kind;
	const char *name;        /* custom: required; other kinds: their label */
	const char *planned_on;  /* "YYYY-MM-DD" or NULL */
	const char *actual_on;   /* "YYYY-MM-DD" or NULL */
	const char *note;
};

struct milestone_status {
	enum milestone_color color;
	bool done;       /* actual day given and on or before today */
	int late;        /* working days late, or -1: red: after planned up to today; yellow done
			  * late: after planned up to the actual day.  May be 0 when every day
			  * in between was a day off. */
	int left;        /* not done, not past due: working days after today up to the planned
			  * day (0 on the day itself); else -1 */
	bool fallback;   /* a day counted lies in a year the calendar does not cover */
};

/* The status on `today` of a milestone planned on *planned and done on *actual (either may be
 * NULL), with a warning window of `window` working days. */
struct milestone_status milestone_judge(const struct calendar *c, const struct ymd *planned,
					const struct ymd *actual, struct ymd today, int window);

/* Check a whole list as given to PUT: dates, actual days not after `today`, custom names,
 * each standard kind at most once, lengths.  Fields are named "items[2].planned_on".
 * Returns the number of errors added. */
int milestones_validate(const struct milestone *items, size_t n, struct ymd today,
			struct verrors *errs);

/* The thresholds of the warnings, set by admins. */
struct warning_settings {
	int window;                /* milestone warning window, working days (0..60) */
	int stall_days[STAGE__MAX]; /* a project idle longer than this in its stage is stalled;
				     * 0 = never (always for 达产 and 终止) */
	int64_t version;
	const char *updated_at;
};

/* May a stage be given a stall threshold at all?  达产 and 终止 never stall. */
bool stall_stage_configurable(enum project_stage s);

/* Window within 0..WARNING_WINDOW_MAX, days within 1..STALL_DAYS_MAX or 0, and 0 for the
 * stages that never stall.  Fields "milestone_window_days" and "stall_days.<stage>". */
int warning_settings_validate(const struct warning_settings *w, struct verrors *errs);

#endif
