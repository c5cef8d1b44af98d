/* ledger.c - the stage ledger's rules (see ledger.h). */
#include "ledger.h"

#include <string.h>

#include "../util/date.h"
#include "text.h"

const char *const ledger_kind_names[] = {
	[LEDGER_FORWARD] = "forward",
	[LEDGER_BACKWARD] = "backward",
	[LEDGER_HOLD] = "hold",
	[LEDGER_DROP] = "drop",
	[LEDGER_RESUME] = "resume",
};

/* Field names of the skipped map, so that verrors and options can point at them. */
static const char *const skipped_field[STAGE__MAX] = {
	[STAGE_LEAD] = "skipped.lead",
	[STAGE_NEGOTIATING] = "skipped.negotiating",
	[STAGE_SIGNED] = "skipped.signed",
	[STAGE_STARTED] = "skipped.started",
	[STAGE_PRODUCTION] = "skipped.production",
	[STAGE_CAPACITY] = "skipped.capacity",
	[STAGE_ON_HOLD] = "skipped.on_hold",
	[STAGE_DROPPED] = "skipped.dropped",
};

enum { LEDGER_TEXT_MAX = 500 };

/* The main-line stages are the first enum values, in order (project_stages[].order). */
static bool main_line(int s)
{
	return s >= STAGE_LEAD && s <= STAGE_CAPACITY;
}

const char **ledger_stage_date(struct project *p, enum project_stage s)
{
	switch (s) {
	case STAGE_SIGNED:
		return &p->signed_on;
	case STAGE_STARTED:
		return &p->started_on;
	case STAGE_PRODUCTION:
		return &p->production_on;
	case STAGE_CAPACITY:
		return &p->capacity_on;
	default:
		return NULL;
	}
}

const char *ledger_stage_date_field(enum project_stage s)
{
	switch (s) {
	case STAGE_SIGNED:
		return "signed_on";
	case STAGE_STARTED:
		return "started_on";
	case STAGE_PRODUCTION:
		return "production_on";
	case STAGE_CAPACITY:
		return "capacity_on";
	default:
		return NULL;
	}
}

static const char *date_of(const struct project *p, enum project_stage s)
{
	return *ledger_stage_date((struct project *)p, s);
}

enum project_stage ledger_base(const struct project *p, const struct ledger_state *st)
{
	if (p->stage == STAGE_ON_HOLD)
		return st && main_line(st->held) ? st->held : STAGE_LEAD;
	return p->stage;
}

int ledger_classify(const struct project *p, const struct ledger_state *st,
		    enum project_stage to)
{
	enum project_stage base = ledger_base(p, st);

	if ((unsigned)to >= STAGE__MAX || p->stage == STAGE_DROPPED || to == p->stage)
		return -1;
	if (to == STAGE_ON_HOLD)
		return LEDGER_HOLD;
	if (to == STAGE_DROPPED)
		return LEDGER_DROP;
	if (p->stage == STAGE_ON_HOLD && to == base)
		return LEDGER_RESUME;
	return to > base ? LEDGER_FORWARD : LEDGER_BACKWARD;
}

static bool needs_reason(int kind)
{
	return kind == LEDGER_BACKWARD || kind == LEDGER_HOLD || kind == LEDGER_DROP;
}

/* The project fields entering stage s needs that p lacks, by name; returns the count. */
static int missing_fields(const struct project *p, enum project_stage s, const char **out)
{
	int n = 0;

	if (s != STAGE_SIGNED)
		return 0;
	if (!p->has_investment)
		out[n++] = "total_investment";
	if (text_blank(p->location))
		out[n++] = "location";
	if (!p->has_signed_amount)
		out[n++] = "signed_amount";
	return n;
}

int ledger_options(const struct project *p, const struct ledger_state *st,
		   struct ledger_option *opts)
{
	enum project_stage base = ledger_base(p, st);
	int n = 0;

	for (int to = 0; to < STAGE__MAX; to++) {
		int kind = ledger_classify(p, st, (enum project_stage)to);
		struct ledger_option *o;

		if (kind < 0)
			continue;
		o = &opts[n++];
		o->to = (enum project_stage)to;
		o->kind = (enum ledger_kind)kind;
		o->nrequires = 0;
		o->requires[o->nrequires++] = "effective_on";
		if (needs_reason(kind))
			o->requires[o->nrequires++] = "reason";
		if (kind != LEDGER_FORWARD)
			continue;
		for (int s = base + 1; s < to; s++)
			o->requires[o->nrequires++] = skipped_field[s];
		for (int s = base + 1; s <= to; s++)
			o->nrequires += missing_fields(p, (enum project_stage)s,
						       o->requires + o->nrequires);
	}
	return n;
}

/* Parse a date of the move; problems go to field.  Returns its day number, or -1. */
static int64_t move_date(struct verrors *errs, const char *field, const char *s, int64_t today,
			 int64_t not_before, const char *after_what)
{
	struct ymd d;
	int64_t day;
	char buf[16];

	if (!s) {
		verr_add(errs, field, "required", "is required");
		return -1;
	}
	if (date_parse_iso(s, &d) != 0) {
		verr_add(errs, field, "invalid", "must be a date as YYYY-MM-DD");
		return -1;
	}
	day = date_to_days(d);
	if (day > today) {
		verr_add(errs, field, "future", "must not be after today (%s)",
			 date_format_iso(date_from_days(today), buf, sizeof(buf)));
		return -1;
	}
	if (not_before >= 0 && day < not_before) {
		verr_add(errs, field, "order", "must not be before %s (%s)", after_what,
			 date_format_iso(date_from_days(not_before), buf, sizeof(buf)));
		return -1;
	}
	return day;
}

static void check_text(struct verrors *errs, const char *field, const char *s)
{
	if (s && text_chars(s) > LEDGER_TEXT_MAX)
		verr_add(errs, field, "too_long", "must be at most %d characters", LEDGER_TEXT_MAX);
}

enum ledger_result ledger_plan(const struct project *before, const struct ledger_state *st,
			       const struct stage_move *m, const char *today,
			       struct project *after, struct stage_event *events, int *nevents,
			       struct verrors *errs)
{
	int kind = ledger_classify(before, st, m->to);
	enum project_stage base = ledger_base(before, st);
	int first_error = errs->n + errs->dropped;
	struct ymd td, ld;
	int64_t today_day, prev = -1;
	const char *prev_what = "the last event's date";

	*nevents = 0;
	if (kind < 0)
		return LEDGER_ILLEGAL;
	if (!today || date_parse_iso(today, &td) != 0)
		return LEDGER_ILLEGAL; /* a caller's bug; refuse rather than guess */
	today_day = date_to_days(td);
	if (st && st->last_on && date_parse_iso(st->last_on, &ld) == 0)
		prev = date_to_days(ld);

	if (needs_reason(kind) && text_blank(m->reason))
		verr_add(errs, "reason", "required", "is required to move a project %sto %s",
			 kind == LEDGER_BACKWARD ? "back " : "", project_stages[m->to].name);
	check_text(errs, "reason", m->reason);
	check_text(errs, "note", m->note);

	/* Dates given for stages this move does not pass over are refused, not ignored: the
	 * client believes something that is not so. */
	for (int s = 0; s < STAGE__MAX; s++)
		if (m->skipped[s] && !(kind == LEDGER_FORWARD && s > (int)base && s < (int)m->to))
			verr_add(errs, skipped_field[s], "not_skipped",
				 "%s is not passed over by a move from %s to %s",
				 project_stages[s].name, project_stages[before->stage].name,
				 project_stages[m->to].name);
	if (kind == LEDGER_FORWARD) {
		for (int s = base + 1; s < (int)m->to; s++) {
			int64_t d = move_date(errs, skipped_field[s], m->skipped[s], today_day, prev,
					      prev_what);
			if (d >= 0) {
				prev = d;
				prev_what = skipped_field[s];
			}
		}
	}
	move_date(errs, "effective_on", m->effective_on, today_day, prev, prev_what);

	if (kind == LEDGER_FORWARD) {
		for (int s = base + 1; s <= (int)m->to; s++) {
			const char *missing[4];
			int n = missing_fields(after, (enum project_stage)s, missing);

			for (int i = 0; i < n; i++)
				verr_add(errs, missing[i], "required", "is required to enter %s",
					 project_stages[s].name);
		}
	}
	if (errs->n + errs->dropped > first_error)
		return LEDGER_INVALID;

	after->stage = m->to;
	int from = before->stage;
	if (kind == LEDGER_FORWARD) {
		for (int s = base + 1; s <= (int)m->to; s++) {
			const char *date = s == (int)m->to ? m->effective_on : m->skipped[s];
			const char **col = ledger_stage_date(after, (enum project_stage)s);
			struct stage_event *e = &events[(*nevents)++];

			if (col)
				*col = date;
			memset(e, 0, sizeof(*e));
			e->from = from;
			e->to = (enum project_stage)s;
			e->effective_on = date;
			e->skipped = s != (int)m->to;
			if (!e->skipped) {
				e->note = m->note;
				e->reason = m->reason;
			}
			from = s;
		}
		return LEDGER_OK;
	}
	if (kind == LEDGER_BACKWARD)
		for (int s = m->to + 1; s <= STAGE_CAPACITY; s++) {
			const char **col = ledger_stage_date(after, (enum project_stage)s);
			if (col)
				*col = NULL;
		}
	struct stage_event *e = &events[(*nevents)++];
	memset(e, 0, sizeof(*e));
	e->from = from;
	e->to = m->to;
	e->effective_on = m->effective_on;
	e->note = m->note;
	e->reason = m->reason;
	return LEDGER_OK;
}

int ledger_creation_events(struct project *p, const char *today, struct stage_event *events)
{
	int n = 0, from = -1;
	/* How far the project has come: its stage, or for a side state its last dated stage. */
	int top = main_line(p->stage) ? (int)p->stage : STAGE_CAPACITY;

	for (int s = STAGE_SIGNED; s <= top; s++) {
		const char *date = date_of(p, (enum project_stage)s);
		struct stage_event *e;

		if (!date && s == (int)p->stage)
			date = *ledger_stage_date(p, (enum project_stage)s) = today;
		if (!date)
			continue;
		e = &events[n++];
		memset(e, 0, sizeof(*e));
		e->from = from;
		e->to = (enum project_stage)s;
		e->effective_on = date;
		e->skipped = s != (int)p->stage;
		from = s;
	}
	if (!ledger_stage_date_field(p->stage)) {
		struct stage_event *e = &events[n++];
		memset(e, 0, sizeof(*e));
		e->from = from;
		e->to = p->stage;
		e->effective_on = today;
	}
	return n;
}

int ledger_check_project(const struct project *p, struct verrors *errs)
{
	int before = errs->n + errs->dropped;
	int64_t last = -1;
	int last_stage = -1;
	struct ymd d;

	if (p->capacity_on && date_parse_iso(p->capacity_on, &d) != 0)
		verr_add(errs, "capacity_on", "invalid", "must be a date as YYYY-MM-DD");
	if (p->has_signed_amount && p->signed_amount < 0)
		verr_add(errs, "signed_amount", "invalid", "must not be negative (万元)");
	else if (p->has_signed_amount && p->signed_amount > PROJECT_MAX_INVESTMENT)
		verr_add(errs, "signed_amount", "too_large", "must be at most %lld (万元)",
			 (long long)PROJECT_MAX_INVESTMENT);
	if ((unsigned)p->stage >= STAGE__MAX)
		return errs->n + errs->dropped - before; /* project_validate names the stage */
	if (p->stage == STAGE_CAPACITY && !p->capacity_on)
		verr_add(errs, "capacity_on", "required", "is required at stage %s",
			 project_stages[STAGE_CAPACITY].name);
	for (int s = STAGE_SIGNED; s <= STAGE_CAPACITY; s++) {
		const char *date = date_of(p, (enum project_stage)s);
		const char *field = ledger_stage_date_field((enum project_stage)s);

		if (!date)
			continue;
		/* A stage date is the date of the event that entered the stage: a project that
		 * has not come that far cannot have one. */
		if (main_line(p->stage) && s > (int)p->stage)
			verr_add(errs, field, "stage",
				 "is only known once the project reaches %s (it is at %s); move it"
				 " with POST /api/v1/projects/{id}/stage",
				 project_stages[s].name, project_stages[p->stage].name);
		else if (!main_line(p->stage) && s > STAGE_SIGNED &&
			 !date_of(p, (enum project_stage)(s - 1)))
			verr_add(errs, ledger_stage_date_field((enum project_stage)(s - 1)),
				 "required", "is required when %s is given", field);
		if (date_parse_iso(date, &d) != 0)
			continue;
		if (last >= 0 && date_to_days(d) < last)
			verr_add(errs, field, "invalid", "must not be before %s",
				 ledger_stage_date_field((enum project_stage)last_stage));
		last = date_to_days(d);
		last_stage = s;
	}
	return errs->n + errs->dropped - before;
}
