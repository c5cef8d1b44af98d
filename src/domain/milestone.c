/* milestone.c - milestone colours (三色预警) and the thresholds of the warnings. */
#include "milestone.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

const struct milestone_kind_info milestone_kinds[MS__MAX] = {
	[MS_SIGNING] = {"signing", "签约"},
	[MS_LAND] = {"land", "供地/拿地"},
	[MS_START] = {"start", "开工"},
	[MS_STRUCTURE] = {"structure", "主体完工"},
	[MS_EQUIPMENT] = {"equipment", "设备进场"},
	[MS_PRODUCTION] = {"production", "投产"},
	[MS_CAPACITY] = {"capacity", "达产"},
	[MS_CUSTOM] = {"custom", "自定义"},
};

const char *const milestone_colors[MC__MAX] = {"none", "green", "yellow", "red"};

int milestone_kind_parse(const char *code)
{
	for (int i = 0; code && i < MS__MAX; i++)
		if (strcmp(code, milestone_kinds[i].code) == 0)
			return i;
	return -1;
}

int milestone_color_parse(const char *s)
{
	for (int i = 0; s && i < MC__MAX; i++)
		if (strcmp(s, milestone_colors[i]) == 0)
			return i;
	return -1;
}

struct milestone_status milestone_judge(const struct calendar *c, const struct ymd *planned,
					const struct ymd *actual, struct ymd today, int window)
{
	struct milestone_status st = {.color = MC_NONE, .late = -1, .left = -1};
	int64_t t = date_to_days(today), p;

	/* An actual day after `today` had not happened yet on `today`. */
	st.done = actual && date_to_days(*actual) <= t;
	if (!planned)
		return st;
	p = date_to_days(*planned);
	if (st.done) {
		if (date_to_days(*actual) <= p) {
			st.color = MC_GREEN;
		} else {
			st.color = MC_YELLOW;
			st.late = workday_between(c, *planned, *actual, &st.fallback);
		}
	} else if (t > p) {
		st.color = MC_RED;
		st.late = workday_between(c, *planned, today, &st.fallback);
	} else {
		/* Working days after today up to and including the planned day: 0 on the day. */
		st.left = workday_between(c, today, *planned, &st.fallback);
		st.color = st.left <= window ? MC_YELLOW : MC_GREEN;
	}
	return st;
}

static bool check_date(struct verrors *errs, const char *field, const char *s, struct ymd *out)
{
	if (!s)
		return false;
	if (date_parse_iso(s, out) != 0) {
		verr_add(errs, field, "invalid", "must be a date as YYYY-MM-DD");
		return false;
	}
	return true;
}

int milestones_validate(const struct milestone *items, size_t n, struct ymd today,
			struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	size_t seen[MS__MAX];
	char field[64];

	for (int k = 0; k < MS__MAX; k++)
		seen[k] = n;
	if (n > MILESTONES_MAX)
		verr_add(errs, "items", "too_many", "at most %d milestones per project",
			 MILESTONES_MAX);
	for (size_t i = 0; i < n && i < MILESTONES_MAX; i++) {
		const struct milestone *m = &items[i];
		struct ymd actual;

		if (m->kind == MS_CUSTOM) {
			snprintf(field, sizeof(field), "items[%zu].name", i);
			if (text_blank(m->name))
				verr_add(errs, field, "required", "a custom milestone needs a name");
			else if (text_chars(m->name) > MILESTONE_NAME_MAX)
				verr_add(errs, field, "too_long", "at most %d characters",
					 MILESTONE_NAME_MAX);
		} else if (seen[m->kind] < n) {
			snprintf(field, sizeof(field), "items[%zu].kind", i);
			verr_add(errs, field, "duplicate", "%s is already items[%zu]; each standard"
				 " milestone appears once", milestone_kinds[m->kind].code,
				 seen[m->kind]);
		} else {
			seen[m->kind] = i;
		}
		snprintf(field, sizeof(field), "items[%zu].planned_on", i);
		check_date(errs, field, m->planned_on, &actual);
		snprintf(field, sizeof(field), "items[%zu].actual_on", i);
		if (check_date(errs, field, m->actual_on, &actual) &&
		    date_to_days(actual) > date_to_days(today))
			verr_add(errs, field, "invalid", "a milestone cannot be done after today");
		snprintf(field, sizeof(field), "items[%zu].note", i);
		if (m->note && text_chars(m->note) > MILESTONE_NOTE_MAX)
			verr_add(errs, field, "too_long", "at most %d characters", MILESTONE_NOTE_MAX);
	}
	return errs->n + errs->dropped - before;
}

bool stall_stage_configurable(enum project_stage s)
{
	return s != STAGE_CAPACITY && s != STAGE_DROPPED;
}

int warning_settings_validate(const struct warning_settings *w, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	char field[64];

	if (w->window < 0 || w->window > WARNING_WINDOW_MAX)
		verr_add(errs, "milestone_window_days", "invalid", "must be 0 to %d working days",
			 WARNING_WINDOW_MAX);
	for (int s = 0; s < STAGE__MAX; s++) {
		snprintf(field, sizeof(field), "stall_days.%s", project_stages[s].code);
		if (!stall_stage_configurable((enum project_stage)s) && w->stall_days[s] != 0)
			verr_add(errs, field, "invalid", "a project at stage %s never stalls",
				 project_stages[s].name);
		else if (w->stall_days[s] < 0 || w->stall_days[s] > STALL_DAYS_MAX)
			verr_add(errs, field, "invalid", "must be 1 to %d days, or null for never",
				 STALL_DAYS_MAX);
	}
	return errs->n + errs->dropped - before;
}

