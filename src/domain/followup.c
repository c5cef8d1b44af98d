/* followup.c - rules for follow-ups (跟进记录). */
#include "followup.h"

#include <string.h>

#include "text.h"

const struct followup_kind_info followup_kinds[FU__MAX] = {
	[FU_VISIT] = {"visit", "走访"},
	[FU_CALL] = {"call", "电话"},
	[FU_MEETING] = {"meeting", "会谈"},
	[FU_NEGOTIATION] = {"negotiation", "洽谈"},
};

int followup_kind_parse(const char *code)
{
	for (int i = 0; code && i < FU__MAX; i++)
		if (strcmp(code, followup_kinds[i].code) == 0)
			return i;
	return -1;
}

int followup_validate(const struct followup *f, struct ymd today, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	struct ymd on, next;
	int have_on = 0;

	if (!f->on)
		verr_add(errs, "on", "required", "the day it happened is required");
	else if (date_parse_iso(f->on, &on) != 0)
		verr_add(errs, "on", "invalid", "must be a date as YYYY-MM-DD");
	else if (date_to_days(on) > date_to_days(today))
		verr_add(errs, "on", "invalid", "a follow-up records what happened: not after today");
	else
		have_on = 1;
	if (text_blank(f->summary))
		verr_add(errs, "summary", "required", "say what happened");
	else if (text_chars(f->summary) > FOLLOWUP_SUMMARY_MAX)
		verr_add(errs, "summary", "too_long", "at most %d characters", FOLLOWUP_SUMMARY_MAX);
	if (f->next_step && text_chars(f->next_step) > FOLLOWUP_STEP_MAX)
		verr_add(errs, "next_step", "too_long", "at most %d characters", FOLLOWUP_STEP_MAX);
	if (f->next_on) {
		if (date_parse_iso(f->next_on, &next) != 0)
			verr_add(errs, "next_on", "invalid", "must be a date as YYYY-MM-DD");
		else if (text_blank(f->next_step))
			verr_add(errs, "next_step", "required", "a next date needs a next step");
		else if (have_on && date_to_days(next) < date_to_days(on))
			verr_add(errs, "next_on", "invalid", "cannot be before the follow-up itself");
	}
	return errs->n + errs->dropped - before;
}
