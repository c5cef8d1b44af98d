/* problem.c - the rules of problems (制约问题): types, states, deadlines. */
#include "problem.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "text.h"

const struct code_name problem_types[PROBLEM_TYPE__MAX] = {
	[PROBLEM_LAND] = {"land", "用地"},
	[PROBLEM_PLANNING] = {"planning", "规划"},
	[PROBLEM_APPROVAL] = {"approval", "审批"},
	[PROBLEM_ENERGY] = {"energy", "能耗"},
	[PROBLEM_FUNDING] = {"funding", "资金"},
	[PROBLEM_TALENT] = {"talent", "人才"},
	[PROBLEM_SUPPORTING] = {"supporting", "配套"},
	[PROBLEM_OTHER] = {"other", "其他"},
};

const struct code_name problem_statuses[PROBLEM_STATUS__MAX] = {
	[PROBLEM_OPEN] = {"open", "待解决"},
	[PROBLEM_IN_PROGRESS] = {"in_progress", "推进中"},
	[PROBLEM_RESOLVED] = {"resolved", "已解决"},
	[PROBLEM_CLOSED_UNRESOLVED] = {"closed_unresolved", "未解决关闭"},
};

static int parse(const struct code_name *t, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(t[i].code, s) == 0)
			return i;
	return -1;
}

int problem_type_parse(const char *s)
{
	return parse(problem_types, PROBLEM_TYPE__MAX, s);
}

int problem_status_parse(const char *s)
{
	return parse(problem_statuses, PROBLEM_STATUS__MAX, s);
}

/* [from][to]: the moves of the diagram in problem.h. */
static const bool moves[PROBLEM_STATUS__MAX][PROBLEM_STATUS__MAX] = {
	[PROBLEM_OPEN] = {[PROBLEM_IN_PROGRESS] = true, [PROBLEM_RESOLVED] = true,
			  [PROBLEM_CLOSED_UNRESOLVED] = true},
	[PROBLEM_IN_PROGRESS] = {[PROBLEM_RESOLVED] = true, [PROBLEM_CLOSED_UNRESOLVED] = true},
	[PROBLEM_RESOLVED] = {[PROBLEM_OPEN] = true},
	[PROBLEM_CLOSED_UNRESOLVED] = {[PROBLEM_OPEN] = true},
};

bool problem_transition_ok(enum problem_status from, enum problem_status to)
{
	return from < PROBLEM_STATUS__MAX && to < PROBLEM_STATUS__MAX && moves[from][to];
}

const char *problem_transitions(enum problem_status from, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int to = 0; to < PROBLEM_STATUS__MAX && n < size; to++)
		if (problem_transition_ok(from, (enum problem_status)to))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
					      problem_statuses[to].code);
	return buf;
}

static bool closed(enum problem_status s)
{
	return s == PROBLEM_RESOLVED || s == PROBLEM_CLOSED_UNRESOLVED;
}

int problem_validate(const struct problem *p, struct verrors *errs)
{
	struct ymd opened, resolved;
	int before = errs->n;
	bool opened_ok = false;

	if (!p->description)
		verr_add(errs, "description", "required", "must not be empty");
	else if ((int)text_chars(p->description) > PROBLEM_DESCRIPTION_MAX)
		verr_add(errs, "description", "too_long", "is longer than %d characters",
			 PROBLEM_DESCRIPTION_MAX);
	if (!p->project_id)
		verr_add(errs, "project_id", "required", "names the project");
	if (!p->unit_id)
		verr_add(errs, "unit_id", "required", "names the unit that owns the problem"
			 " (see /api/v1/ref/units)");
	if (!p->opened_on)
		verr_add(errs, "opened_on", "required", "must be a date YYYY-MM-DD");
	else if (date_parse_iso(p->opened_on, &opened) != 0)
		verr_add(errs, "opened_on", "invalid", "must be a date YYYY-MM-DD");
	else
		opened_ok = true;
	if (p->deadline_days < 1 || p->deadline_days > PROBLEM_DEADLINE_MAX)
		verr_add(errs, "deadline_days", "invalid", "must be 1 to %d working days",
			 PROBLEM_DEADLINE_MAX);
	if (p->resolution && (int)text_chars(p->resolution) > PROBLEM_RESOLUTION_MAX)
		verr_add(errs, "resolution", "too_long", "is longer than %d characters",
			 PROBLEM_RESOLUTION_MAX);
	if (closed(p->status)) {
		if (!p->resolution)
			verr_add(errs, "resolution", "required", "%s",
				 p->status == PROBLEM_RESOLVED ? "says how the problem was solved"
							      : "says why the problem is closed unsolved");
		if (!p->resolved_on)
			verr_add(errs, "resolved_on", "required", "must be a date YYYY-MM-DD");
		else if (date_parse_iso(p->resolved_on, &resolved) != 0)
			verr_add(errs, "resolved_on", "invalid", "must be a date YYYY-MM-DD");
		else if (opened_ok && date_to_days(resolved) < date_to_days(opened))
			verr_add(errs, "resolved_on", "invalid", "is before opened_on (%s)",
				 p->opened_on);
	} else {
		if (p->resolution)
			verr_add(errs, "resolution", "invalid", "only a resolved or closed problem"
				 " has a resolution");
		if (p->resolved_on)
			verr_add(errs, "resolved_on", "invalid", "only a resolved or closed problem"
				 " has a resolved_on date");
	}
	return errs->n - before;
}

void problem_due(struct problem *p, const struct calendar *c, char *buf)
{
	struct ymd opened;
	bool fallback = false;

	if (date_parse_iso(p->opened_on, &opened) != 0) {
		p->due_on = NULL;
		return;
	}
	struct ymd due = workday_add(c, opened, (int)p->deadline_days, &fallback);
	p->due_on = date_format_iso(due, buf, 11);
	p->due_fallback = fallback;
}

bool problem_overdue(const struct problem *p, struct ymd today)
{
	struct ymd due;

	if (closed(p->status) || !p->due_on || date_parse_iso(p->due_on, &due) != 0)
		return false;
	return date_to_days(today) > date_to_days(due);
}

void problem_changes(const struct problem *b, const struct problem *p, struct arena *a,
		     struct changes *c)
{
	c->n = 0;
	changes_id(c, a, "project_id", b ? b->project_id : 0, p->project_id);
	changes_str(c, "type", b ? problem_types[b->type].code : NULL, problem_types[p->type].code);
	changes_str(c, "description", b ? b->description : NULL, p->description);
	changes_id(c, a, "unit_id", b ? b->unit_id : 0, p->unit_id);
	changes_str(c, "opened_on", b ? b->opened_on : NULL, p->opened_on);
	changes_int(c, a, "deadline_days", b != NULL, b ? b->deadline_days : 0, true,
		    p->deadline_days);
	changes_str(c, "due_on", b ? b->due_on : NULL, p->due_on);
	changes_bool(c, "due_fallback", b != NULL, b && b->due_fallback, true, p->due_fallback);
	changes_str(c, "status", b ? problem_statuses[b->status].code : NULL,
		    problem_statuses[p->status].code);
	changes_str(c, "resolution", b ? b->resolution : NULL, p->resolution);
	changes_str(c, "resolved_on", b ? b->resolved_on : NULL, p->resolved_on);
	changes_id(c, a, "taskforce_id", b ? b->taskforce_id : 0, p->taskforce_id);
}
