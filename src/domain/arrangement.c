/* arrangement.c - the rules of arrangements (具体安排): statuses, deadlines, judgement. */
#include "arrangement.h"

#include <stdio.h>
#include <string.h>

#include "change.h"
#include "text.h"

const char *const arrangement_status_codes[ARRANGEMENT_STATUS__MAX] = {
	[ARRANGEMENT_OPEN] = "open",
	[ARRANGEMENT_DONE] = "done",
	[ARRANGEMENT_CANCELLED] = "cancelled",
};
const char *const arrangement_status_names[ARRANGEMENT_STATUS__MAX] = {
	[ARRANGEMENT_OPEN] = "进行中",
	[ARRANGEMENT_DONE] = "已办结",
	[ARRANGEMENT_CANCELLED] = "已取消",
};

int arrangement_status_parse(const char *s)
{
	for (int i = 0; s && i < ARRANGEMENT_STATUS__MAX; i++)
		if (strcmp(arrangement_status_codes[i], s) == 0)
			return i;
	return -1;
}

/* [from][to]: the moves of the diagram in arrangement.h. */
static const bool moves[ARRANGEMENT_STATUS__MAX][ARRANGEMENT_STATUS__MAX] = {
	[ARRANGEMENT_OPEN] = {[ARRANGEMENT_DONE] = true, [ARRANGEMENT_CANCELLED] = true},
	[ARRANGEMENT_DONE] = {[ARRANGEMENT_OPEN] = true},
	[ARRANGEMENT_CANCELLED] = {[ARRANGEMENT_OPEN] = true},
};

bool arrangement_transition_ok(enum arrangement_status from, enum arrangement_status to)
{
	return from < ARRANGEMENT_STATUS__MAX && to < ARRANGEMENT_STATUS__MAX && moves[from][to];
}

bool arrangement_needs_reason(enum arrangement_status from, enum arrangement_status to)
{
	return arrangement_transition_ok(from, to) && to != ARRANGEMENT_DONE;
}

const char *arrangement_transitions(enum arrangement_status from, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int to = 0; to < ARRANGEMENT_STATUS__MAX && n < size; to++)
		if (arrangement_transition_ok(from, (enum arrangement_status)to))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
					      arrangement_status_codes[to]);
	return buf;
}

static void check_text(const char *s, const char *field, struct verrors *errs)
{
	if (s && (int)text_chars(s) > ARRANGEMENT_TEXT_MAX)
		verr_add(errs, field, "too_long", "is longer than %d characters",
			 ARRANGEMENT_TEXT_MAX);
}

/* A date field: 1 and *out when it is one, 0 (with an error) when it is not. */
static int check_date(const char *s, const char *field, struct verrors *errs, struct ymd *out)
{
	if (date_parse_iso(s, out) == 0)
		return 1;
	verr_add(errs, field, "invalid", "must be a date YYYY-MM-DD");
	return 0;
}

int arrangement_validate(const struct arrangement *a, struct ymd today, struct verrors *errs)
{
	struct ymd made, d;
	int before = errs->n, made_ok = 0;

	if (!a->roundtable_id && !a->appeal_id)
		verr_add(errs, "roundtable_id", "required", "an arrangement is made at a roundtable"
			 " (roundtable_id) or on an appeal (appeal_id), or both");
	if (!a->text || text_blank(a->text))
		verr_add(errs, "text", "required", "says what will be done");
	check_text(a->text, "text", errs);
	if (!a->unit_id)
		verr_add(errs, "unit_id", "required", "names the unit that owns the arrangement"
			 " (see /api/v1/ref/units)");
	if (!a->made_on)
		verr_add(errs, "made_on", "required", "must be a date YYYY-MM-DD");
	else
		made_ok = check_date(a->made_on, "made_on", errs, &made);
	/* With deadline_days, due_on is what arrangement_due() will compute. */
	if (a->deadline_days) {
		if (a->deadline_days < 1 || a->deadline_days > ARRANGEMENT_DEADLINE_MAX)
			verr_add(errs, "deadline_days", "invalid", "must be 1 to %d working days",
				 ARRANGEMENT_DEADLINE_MAX);
	} else if (!a->due_on) {
		verr_add(errs, "deadline_days", "required", "the working days allowed (or due_on,"
			 " a date)");
	} else if (check_date(a->due_on, "due_on", errs, &d) && made_ok &&
		   date_to_days(d) < date_to_days(made)) {
		verr_add(errs, "due_on", "invalid", "is before made_on (%s)", a->made_on);
	}
	check_text(a->result, "result", errs);
	check_text(a->reason, "reason", errs);
	if (a->status == ARRANGEMENT_DONE) {
		if (!a->result || text_blank(a->result))
			verr_add(errs, "result", "required", "says what was done");
		if (!a->done_on)
			verr_add(errs, "done_on", "required", "must be a date YYYY-MM-DD");
		else if (check_date(a->done_on, "done_on", errs, &d)) {
			if (made_ok && date_to_days(d) < date_to_days(made))
				verr_add(errs, "done_on", "invalid", "is before made_on (%s)",
					 a->made_on);
			else if (date_to_days(d) > date_to_days(today))
				verr_add(errs, "done_on", "future", "is after today");
		}
	} else if (a->done_on || a->result) {
		verr_add(errs, a->done_on ? "done_on" : "result", "invalid",
			 "only a done arrangement has a result and a done_on date");
	}
	if (a->status == ARRANGEMENT_CANCELLED) {
		if (!a->reason || text_blank(a->reason))
			verr_add(errs, "reason", "required", "says why it is cancelled");
		if (a->cancelled_on && check_date(a->cancelled_on, "cancelled_on", errs, &d) &&
		    date_to_days(d) > date_to_days(today))
			verr_add(errs, "cancelled_on", "future", "is after today");
	} else if (a->cancelled_on) {
		verr_add(errs, "cancelled_on", "invalid", "only a cancelled arrangement has one");
	}
	return errs->n - before;
}

void arrangement_due(struct arrangement *a, const struct calendar *c, char *buf)
{
	struct ymd made;
	bool fallback = false;

	if (!a->deadline_days) {
		a->due_fallback = false;
		return;
	}
	if (date_parse_iso(a->made_on, &made) != 0) {
		a->due_on = NULL;
		return;
	}
	struct ymd due = workday_add(c, made, (int)a->deadline_days, &fallback);
	a->due_on = date_format_iso(due, buf, 11);
	a->due_fallback = fallback;
}

struct ymd arrangement_soon_limit(const struct calendar *c, struct ymd today, int soon_days,
				  bool *fallback)
{
	return workday_add(c, today, soon_days + 1, fallback);
}

enum arrangement_judgement arrangement_judge(const struct arrangement *a,
					     const struct calendar *c, struct ymd today,
					     int soon_days, bool *fallback)
{
	struct ymd due;

	if (a->status != ARRANGEMENT_OPEN || !a->due_on || date_parse_iso(a->due_on, &due) != 0)
		return ARRANGEMENT_CLOSED;
	if (date_to_days(today) > date_to_days(due))
		return ARRANGEMENT_OVERDUE;
	if (workday_between(c, today, due, fallback) <= soon_days)
		return ARRANGEMENT_DUE_SOON;
	return ARRANGEMENT_ON_TRACK;
}

bool arrangement_on_time(const struct arrangement *a)
{
	return a->status == ARRANGEMENT_DONE && a->done_on && a->due_on &&
	       strcmp(a->done_on, a->due_on) <= 0;
}

void arrangement_changes(const struct arrangement *b, const struct arrangement *p,
			 struct arena *a, struct changes *c)
{
	c->n = 0;
	changes_id(c, a, "roundtable_id", b ? b->roundtable_id : 0, p->roundtable_id);
	changes_id(c, a, "appeal_id", b ? b->appeal_id : 0, p->appeal_id);
	changes_str(c, "text", b ? b->text : NULL, p->text);
	changes_id(c, a, "unit_id", b ? b->unit_id : 0, p->unit_id);
	changes_str(c, "made_on", b ? b->made_on : NULL, p->made_on);
	changes_int(c, a, "deadline_days", b && b->deadline_days, b ? b->deadline_days : 0,
		    p->deadline_days != 0, p->deadline_days);
	changes_str(c, "due_on", b ? b->due_on : NULL, p->due_on);
	changes_bool(c, "due_fallback", b != NULL, b && b->due_fallback, true, p->due_fallback);
	changes_str(c, "status", b ? arrangement_status_codes[b->status] : NULL,
		    arrangement_status_codes[p->status]);
	changes_str(c, "done_on", b ? b->done_on : NULL, p->done_on);
	changes_str(c, "result", b ? b->result : NULL, p->result);
	changes_str(c, "cancelled_on", b ? b->cancelled_on : NULL, p->cancelled_on);
	changes_str(c, "reason", b ? b->reason : NULL, p->reason);
	changes_int(c, a, "reopen_count", b != NULL, b ? b->reopen_count : 0, true,
		    p->reopen_count);
}
