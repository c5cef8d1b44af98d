/* taskforce.c - rules of task forces (专班) and their meetings. */
#include "taskforce.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

const char *const decision_actions[DECISION__MAX] = {
	[DECISION_OPEN] = "open",
	[DECISION_RESOLVE] = "resolve",
	[DECISION_CLOSE] = "close",
	[DECISION_NOTE] = "note",
};

int decision_action_parse(const char *s)
{
	for (int i = 0; s && i < DECISION__MAX; i++)
		if (strcmp(decision_actions[i], s) == 0)
			return i;
	return -1;
}

static void check_len(struct verrors *errs, const char *field, const char *s, size_t max)
{
	if (s && text_chars(s) > max)
		verr_add(errs, field, "too_long", "is longer than %zu characters", max);
}

static bool duplicate_id(const int64_t *v, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (v[j] == v[i])
			return true;
	return false;
}

int taskforce_validate(const struct taskforce *t, struct verrors *errs)
{
	char field[VERR_FIELD_LEN];
	int before = errs->n;

	if (!t->name || text_blank(t->name))
		verr_add(errs, "name", "required", "must not be empty");
	check_len(errs, "name", t->name, 100);
	check_len(errs, "leader", t->leader, 50);
	check_len(errs, "note", t->note, 2000);
	if (t->nmembers > TASKFORCE_MAX_MEMBERS)
		verr_add(errs, "members", "too_many", "at most %d members", TASKFORCE_MAX_MEMBERS);
	for (size_t i = 0; i < t->nmembers && i < TASKFORCE_MAX_MEMBERS; i++) {
		const struct taskforce_member *m = &t->members[i];

		snprintf(field, sizeof(field), "members[%zu].name", i);
		if (!m->name || text_blank(m->name))
			verr_add(errs, field, "required", "must not be empty");
		check_len(errs, field, m->name, 50);
		snprintf(field, sizeof(field), "members[%zu].title", i);
		check_len(errs, field, m->title, 50);
	}
	if (t->nunits > TASKFORCE_MAX_UNITS)
		verr_add(errs, "unit_ids", "too_many", "at most %d units", TASKFORCE_MAX_UNITS);
	for (size_t i = 0; i < t->nunits && i < TASKFORCE_MAX_UNITS; i++)
		if (t->unit_ids[i] && duplicate_id(t->unit_ids, i)) {
			snprintf(field, sizeof(field), "unit_ids[%zu]", i);
			verr_add(errs, field, "duplicate", "unit %lld is listed twice",
				 (long long)t->unit_ids[i]);
		}
	if (t->nprojects > TASKFORCE_MAX_PROJECTS)
		verr_add(errs, "project_ids", "too_many", "at most %d projects",
			 TASKFORCE_MAX_PROJECTS);
	for (size_t i = 0; i < t->nprojects && i < TASKFORCE_MAX_PROJECTS; i++)
		if (t->project_ids[i] && duplicate_id(t->project_ids, i)) {
			snprintf(field, sizeof(field), "project_ids[%zu]", i);
			verr_add(errs, field, "duplicate", "project %lld is listed twice",
				 (long long)t->project_ids[i]);
		}
	return errs->n - before;
}

int meeting_validate(const struct meeting *m, struct verrors *errs)
{
	char field[VERR_FIELD_LEN];
	struct ymd held;
	int before = errs->n;

	if (!m->held_on)
		verr_add(errs, "held_on", "required", "must be a date YYYY-MM-DD");
	else if (date_parse_iso(m->held_on, &held) != 0)
		verr_add(errs, "held_on", "invalid", "must be a date YYYY-MM-DD");
	if (!m->topic || text_blank(m->topic))
		verr_add(errs, "topic", "required", "must not be empty");
	check_len(errs, "topic", m->topic, 200);
	check_len(errs, "minutes", m->minutes, 20000);
	if (m->nattendees > MEETING_MAX_ATTENDEES)
		verr_add(errs, "attendees", "too_many", "at most %d attendees",
			 MEETING_MAX_ATTENDEES);
	for (size_t i = 0; i < m->nattendees && i < MEETING_MAX_ATTENDEES; i++) {
		snprintf(field, sizeof(field), "attendees[%zu]", i);
		if (!m->attendees[i] || text_blank(m->attendees[i]))
			verr_add(errs, field, "required", "must not be empty");
		check_len(errs, field, m->attendees[i], 50);
	}
	if (m->ndecisions > MEETING_MAX_DECISIONS)
		verr_add(errs, "decisions", "too_many", "at most %d decisions",
			 MEETING_MAX_DECISIONS);
	for (size_t i = 0; i < m->ndecisions && i < MEETING_MAX_DECISIONS; i++) {
		const struct decision *d = &m->decisions[i];

		snprintf(field, sizeof(field), "decisions[%zu].text", i);
		if (!d->text || text_blank(d->text))
			verr_add(errs, field, "required", "must not be empty");
		check_len(errs, field, d->text, PROBLEM_RESOLUTION_MAX);
		if (d->action == DECISION_OPEN) {
			struct verrors pe;

			/* The problem's own rules, reported under the decision. */
			verr_init(&pe);
			problem_validate(&d->open, &pe);
			for (int k = 0; k < pe.n; k++) {
				/* The decision's text is the problem's description. */
				if (strcmp(pe.items[k].field, "description") == 0 ||
				    strcmp(pe.items[k].field, "opened_on") == 0)
					continue;
				snprintf(field, sizeof(field), "decisions[%zu].%s", i,
					 pe.items[k].field);
				verr_add(errs, field, pe.items[k].code, "%s", pe.items[k].message);
			}
		} else if (d->action != DECISION_NOTE && !d->problem_id) {
			snprintf(field, sizeof(field), "decisions[%zu].problem_id", i);
			verr_add(errs, field, "required", "names the problem to %s",
				 decision_actions[d->action]);
		}
	}
	return errs->n - before;
}
