/* appeal.c - the appeal workflow as a table, and its deadlines. */
#include "appeal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/date.h"

const char *const appeal_state_names[APPEAL_STATE__MAX] = {
	"submitted", "accepted", "declined", "assigned", "in_progress", "answered", "rated",
	"closed",
};
const char *const appeal_state_labels[APPEAL_STATE__MAX] = {
	"已提交", "已受理", "不予受理", "已交办", "办理中", "已答复", "已评价", "已办结",
};
const char *const appeal_action_names[APPEAL_ACTION__MAX] = {
	"accept", "decline", "assign", "start", "answer", "rate", "transfer",
	"request_extension", "decide_extension", "supervise",
};
const char *const appeal_channel_names[APPEAL_CHANNEL__MAX] = {
	"onsite", "online", "proxy", "hotline",
};
const char *const appeal_complexity_names[APPEAL_COMPLEXITY__MAX] = {
	"simple", "ordinary", "complex",
};
const char *const appeal_rating_names[APPEAL_RATING__MAX] = {
	"satisfied", "basic", "unsatisfied",
};
const char *const appeal_rating_labels[APPEAL_RATING__MAX] = {"满意", "基本满意", "不满意"};

static int parse(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int appeal_state_parse(const char *s)
{
	return parse(appeal_state_names, APPEAL_STATE__MAX, s);
}

int appeal_action_parse(const char *s)
{
	return parse(appeal_action_names, APPEAL_ACTION__MAX, s);
}

int appeal_channel_parse(const char *s)
{
	return parse(appeal_channel_names, APPEAL_CHANNEL__MAX, s);
}

int appeal_complexity_parse(const char *s)
{
	return parse(appeal_complexity_names, APPEAL_COMPLEXITY__MAX, s);
}

int appeal_rating_parse(const char *s)
{
	return parse(appeal_rating_names, APPEAL_RATING__MAX, s);
}

#define S(x) (1u << APPEAL_##x)
#define R(x) ROLE_BIT(ROLE_##x)
#define OPEN (S(SUBMITTED) | S(ACCEPTED) | S(ASSIGNED) | S(IN_PROGRESS))
#define ANY_STATE ((1u << APPEAL_STATE__MAX) - 1)

/* One row per action: the states it starts from, the roles that may take it anywhere in
 * their sight, and the roles that may take it only on their own appeals (a handler: an
 * appeal of one of their units; an enterprise user: their enterprise's).  Officers run the
 * intake desk (accept, decline, assign, transfer); leaders decide extensions and supervise;
 * the admin may do everything, as the desk of last resort. */
static const struct {
	unsigned states, roles, own_roles;
} rules[APPEAL_ACTION__MAX] = {
	[APPEAL_ACCEPT] = {S(SUBMITTED), R(ADMIN) | R(OFFICER), R(HANDLER)},
	[APPEAL_DECLINE] = {S(SUBMITTED), R(ADMIN) | R(OFFICER), R(HANDLER)},
	[APPEAL_ASSIGN] = {S(ACCEPTED), R(ADMIN) | R(OFFICER), 0},
	[APPEAL_START] = {S(ASSIGNED), R(ADMIN), R(HANDLER)},
	[APPEAL_ANSWER] = {S(ASSIGNED) | S(IN_PROGRESS), R(ADMIN), R(HANDLER)},
	[APPEAL_RATE] = {S(ANSWERED), R(ADMIN), R(ENTERPRISE)},
	[APPEAL_TRANSFER] = {S(ASSIGNED) | S(IN_PROGRESS), R(ADMIN) | R(OFFICER), R(HANDLER)},
	[APPEAL_REQUEST_EXTENSION] = {S(ASSIGNED) | S(IN_PROGRESS), R(ADMIN), R(HANDLER)},
	[APPEAL_DECIDE_EXTENSION] = {ANY_STATE, R(ADMIN) | R(LEADER), 0},
	[APPEAL_SUPERVISE] = {OPEN, R(ADMIN) | R(LEADER), 0},
};

unsigned appeal_actions(const struct appeal_facts *f)
{
	unsigned set = 0;

	for (int a = 0; a < APPEAL_ACTION__MAX; a++) {
		if (!(rules[a].states & (1u << f->state)))
			continue;
		if (!(rules[a].roles & ROLE_BIT(f->role)) &&
		    !(f->own && (rules[a].own_roles & ROLE_BIT(f->role))))
			continue;
		/* One extension request at a time; a decision needs a request. */
		if (a == APPEAL_REQUEST_EXTENSION && f->extension_pending)
			continue;
		if (a == APPEAL_DECIDE_EXTENSION && !f->extension_pending)
			continue;
		if (a == APPEAL_SUPERVISE && f->supervised)
			continue;
		set |= 1u << a;
	}
	return set;
}

enum appeal_state appeal_next(enum appeal_state from, enum appeal_action a,
			      enum appeal_rating rating)
{
	switch (a) {
	case APPEAL_ACCEPT:
		return APPEAL_ACCEPTED;
	case APPEAL_DECLINE:
		return APPEAL_DECLINED;
	case APPEAL_ASSIGN:
		return APPEAL_ASSIGNED;
	case APPEAL_START:
		return APPEAL_IN_PROGRESS;
	case APPEAL_ANSWER:
		return APPEAL_ANSWERED;
	case APPEAL_RATE:
		return rating == RATING_UNSATISFIED ? APPEAL_IN_PROGRESS : APPEAL_CLOSED;
	default:
		return from;
	}
}

const char *appeal_actions_text(unsigned set, char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int a = 0; a < APPEAL_ACTION__MAX; a++) {
		if (!(set & (1u << a)))
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
				 appeal_action_names[a]);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	if (!len)
		snprintf(buf, size, "none");
	return buf;
}

bool appeal_open(enum appeal_state s)
{
	return (OPEN & (1u << s)) != 0;
}

const char *appeal_due(const struct calendar *c, const char *from, int n, char *buf,
		       bool *fallback)
{
	struct ymd d;
	bool fb = false;

	if (!from || date_parse_iso(from, &d) != 0)
		return NULL;
	d = workday_add(c, d, n, &fb);
	if (fb && fallback)
		*fallback = true;
	return date_format_iso(d, buf, 11);
}

const char *appeal_running_due(enum appeal_state s, const char *accept_due_on,
			       const char *answer_due_on)
{
	if (s == APPEAL_SUBMITTED)
		return accept_due_on;
	if (s == APPEAL_ACCEPTED || s == APPEAL_ASSIGNED || s == APPEAL_IN_PROGRESS)
		return answer_due_on;
	return NULL;
}

bool appeal_lead_is(const struct appeal *ap, const int64_t *unit_ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ap->lead_unit_id && unit_ids[i] == ap->lead_unit_id)
			return true;
	return false;
}

/* Digits at s[0..n): their value, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *appeal_instant(const char *s, char *buf, size_t size, int64_t *t)
{
	char day[11];
	struct ymd d;
	int h, mi, sec, off = 0;

	if (!s || strlen(s) < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return NULL;
	snprintf(day, sizeof(day), "%.10s", s);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (date_parse_iso(day, &d) != 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 ||
	    sec > 59)
		return NULL;
	if (strcmp(s + 19, "Z") != 0) {
		int oh = digits(s + 20, 2), om = digits(s + 23, 2);

		if ((s[19] != '+' && s[19] != '-') || strlen(s) != 25 || s[22] != ':' || oh < 0 ||
		    oh > 14 || om < 0 || om > 59)
			return NULL;
		off = (s[19] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	}
	*t = date_to_days(d) * 86400 + h * 3600 + mi * 60 + sec - off;
	if (!*date_format_timestamp((time_t)*t, buf, size))
		return NULL;
	return buf;
}
