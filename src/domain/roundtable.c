/* roundtable.c - the rules of roundtable sessions. */
#include "roundtable.h"

#include <stdio.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/date.h"
#include "change.h"
#include "text.h"

const char *const roundtable_format_codes[ROUNDTABLE_FORMAT__MAX] = {
	[ROUNDTABLE_ROUND] = "roundtable",
	[ROUNDTABLE_FORUM] = "forum",
	[ROUNDTABLE_SITE_VISIT] = "site_visit",
	[ROUNDTABLE_ONLINE] = "online",
	[ROUNDTABLE_OTHER] = "other",
};
const char *const roundtable_format_names[ROUNDTABLE_FORMAT__MAX] = {
	[ROUNDTABLE_ROUND] = "圆桌会",
	[ROUNDTABLE_FORUM] = "座谈会",
	[ROUNDTABLE_SITE_VISIT] = "现场办公",
	[ROUNDTABLE_ONLINE] = "线上",
	[ROUNDTABLE_OTHER] = "其他",
};
const char *const rt_person_kind_codes[RT_PERSON_KIND__MAX] = {
	[RT_PERSON_ENTREPRENEUR] = "entrepreneur",
	[RT_PERSON_LEADER] = "leader",
	[RT_PERSON_UNIT] = "unit",
};

static int parse(const char *const *codes, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(codes[i], s) == 0)
			return i;
	return -1;
}

int roundtable_format_parse(const char *s)
{
	return parse(roundtable_format_codes, ROUNDTABLE_FORMAT__MAX, s);
}

int rt_person_kind_parse(const char *s)
{
	return parse(rt_person_kind_codes, RT_PERSON_KIND__MAX, s);
}

static void check_len(const char *s, const char *field, int max, struct verrors *errs)
{
	if (s && (int)text_chars(s) > max)
		verr_add(errs, field, "too_long", "is longer than %d characters", max);
}

static bool invited(const struct roundtable *r, int64_t enterprise_id)
{
	for (size_t i = 0; i < r->nenterprises; i++)
		if (r->enterprises[i].enterprise_id == enterprise_id)
			return true;
	return false;
}

int roundtable_validate(const struct roundtable *r, struct verrors *errs)
{
	struct ymd d;
	char f[VERR_FIELD_LEN];
	int before = errs->n;

	if (!r->series_id)
		verr_add(errs, "series_id", "required", "names the series (see"
			 " /api/v1/roundtable-series)");
	if (r->number < 0)
		verr_add(errs, "number", "invalid", "must be 1 or more (第N期)");
	if (!r->held_on)
		verr_add(errs, "held_on", "required", "must be a date YYYY-MM-DD");
	else if (date_parse_iso(r->held_on, &d) != 0)
		verr_add(errs, "held_on", "invalid", "must be a date YYYY-MM-DD");
	check_len(r->venue, "venue", ROUNDTABLE_TEXT_MAX, errs);
	check_len(r->theme, "theme", ROUNDTABLE_TEXT_MAX, errs);
	check_len(r->minutes, "minutes", ROUNDTABLE_MINUTES_MAX, errs);
	if (r->nenterprises > ROUNDTABLE_MAX_ENTERPRISES)
		verr_add(errs, "enterprises", "too_many", "at most %d enterprises",
			 ROUNDTABLE_MAX_ENTERPRISES);
	for (size_t i = 0; i < r->nenterprises; i++) {
		snprintf(f, sizeof(f), "enterprises[%zu].enterprise_id", i);
		if (!r->enterprises[i].enterprise_id)
			verr_add(errs, f, "required", "names the enterprise invited");
		for (size_t j = 0; j < i; j++)
			if (r->enterprises[j].enterprise_id == r->enterprises[i].enterprise_id) {
				verr_add(errs, f, "duplicate", "enterprise %lld is listed twice",
					 (long long)r->enterprises[i].enterprise_id);
				break;
			}
	}
	if (r->npeople > ROUNDTABLE_MAX_PEOPLE)
		verr_add(errs, "people", "too_many", "at most %d people", ROUNDTABLE_MAX_PEOPLE);
	for (size_t i = 0; i < r->npeople; i++) {
		const struct rt_person *p = &r->people[i];

		snprintf(f, sizeof(f), "people[%zu].name", i);
		if (!p->name || text_blank(p->name))
			verr_add(errs, f, "required", "must not be empty");
		check_len(p->name, f, ROUNDTABLE_TEXT_MAX, errs);
		snprintf(f, sizeof(f), "people[%zu].title", i);
		check_len(p->title, f, ROUNDTABLE_TEXT_MAX, errs);
		snprintf(f, sizeof(f), "people[%zu].enterprise_id", i);
		if (p->kind == RT_PERSON_ENTREPRENEUR && !p->enterprise_id)
			verr_add(errs, f, "required", "an entrepreneur comes with their enterprise");
		else if (p->kind == RT_PERSON_ENTREPRENEUR && !invited(r, p->enterprise_id))
			verr_add(errs, f, "invalid", "enterprise %lld is not among the invited"
				 " enterprises", (long long)p->enterprise_id);
		else if (p->kind != RT_PERSON_ENTREPRENEUR && p->enterprise_id)
			verr_add(errs, f, "invalid", "only an entrepreneur names an enterprise");
		snprintf(f, sizeof(f), "people[%zu].unit_id", i);
		if (p->kind == RT_PERSON_UNIT && !p->unit_id)
			verr_add(errs, f, "required", "a unit representative names the unit");
	}
	return errs->n - before;
}

static const char *enterprises_text(const struct roundtable *r, struct arena *a)
{
	const char **items = arena_alloc(a, (r->nenterprises + 1) * sizeof(*items));

	if (!items)
		return NULL;
	for (size_t i = 0; i < r->nenterprises; i++)
		items[i] = arena_printf(a, "%lld%s", (long long)r->enterprises[i].enterprise_id,
					r->enterprises[i].attended ? "" : "(absent)");
	return changes_join(a, items, r->nenterprises);
}

static const char *people_text(const struct roundtable *r, struct arena *a)
{
	const char **items = arena_alloc(a, (r->npeople + 1) * sizeof(*items));

	if (!items)
		return NULL;
	for (size_t i = 0; i < r->npeople; i++)
		items[i] = arena_printf(a, "%s %s%s", rt_person_kind_codes[r->people[i].kind],
					r->people[i].name ? r->people[i].name : "",
					r->people[i].attended ? "" : "(absent)");
	return changes_join(a, items, r->npeople);
}

void roundtable_changes(const struct roundtable *b, const struct roundtable *r, struct arena *a,
			struct changes *c)
{
	c->n = 0;
	changes_id(c, a, "series_id", b ? b->series_id : 0, r->series_id);
	changes_int(c, a, "number", b != NULL, b ? b->number : 0, true, r->number);
	changes_str(c, "held_on", b ? b->held_on : NULL, r->held_on);
	changes_str(c, "venue", b ? b->venue : NULL, r->venue);
	changes_str(c, "format", b ? roundtable_format_codes[b->format] : NULL,
		    roundtable_format_codes[r->format]);
	changes_str(c, "theme", b ? b->theme : NULL, r->theme);
	changes_str(c, "minutes", b ? b->minutes : NULL, r->minutes);
	changes_str(c, "enterprises", b && b->nenterprises ? enterprises_text(b, a) : NULL,
		    r->nenterprises ? enterprises_text(r, a) : NULL);
	changes_str(c, "people", b && b->npeople ? people_text(b, a) : NULL,
		    r->npeople ? people_text(r, a) : NULL);
}
