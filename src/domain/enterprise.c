/* enterprise.c - rules for enterprises of the registry. */
#include "enterprise.h"

#include <stdio.h>
#include <string.h>

#include "creditcode.h"
#include "text.h"

static void check_len(struct verrors *errs, const char *field, const char *s, size_t max)
{
	if (s && text_chars(s) > max)
		verr_add(errs, field, "too_long", "must be at most %zu characters", max);
}

static int valid_phone(const char *s)
{
	size_t digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+-() ", *s))
			return 0;
	}
	return digits >= 5 && digits <= 20;
}

static int valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (!at || at == s || strchr(at + 1, '@') || strchr(s, ' '))
		return 0;
	const char *dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

static int valid_industry_format(const char *s)
{
	size_t n = strlen(s);

	if (n == 1)
		return s[0] >= 'A' && s[0] <= 'T';
	if (n < 2 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int enterprise_industry_filter_ok(const char *s)
{
	return valid_industry_format(s);
}

int enterprise_validate(const struct enterprise *e, struct verrors *errs, struct verrors *warns)
{
	int before = errs->n + errs->dropped;
	char field[VERR_FIELD_LEN];

	if (text_blank(e->name))
		verr_add(errs, "name", "required", "is required");
	check_len(errs, "name", e->name, 100);

	if (e->credit_code) {
		enum uscc_result r = uscc_check(e->credit_code);

		if (uscc_is_check_failure(r))
			verr_add(warns, "credit_code", "check_failed",
				 "%s; accepted as a possible early pilot code", uscc_strerror(r));
		else if (r != USCC_OK)
			verr_add(errs, "credit_code", "invalid", "%s", uscc_strerror(r));
	}
	if (e->industry_code && !valid_industry_format(e->industry_code))
		verr_add(errs, "industry_code", "invalid",
			 "must be a GB/T 4754-2017 code such as \"3612\"");
	check_len(errs, "address", e->address, 200);

	if (e->ntags > ENTERPRISE_MAX_TAGS)
		verr_add(errs, "tags", "too_many", "at most %d tags", ENTERPRISE_MAX_TAGS);
	for (size_t i = 0; i < e->ntags; i++) {
		snprintf(field, sizeof(field), "tags[%zu]", i);
		if (text_blank(e->tags[i])) {
			verr_add(errs, field, "required", "must not be empty");
			continue;
		}
		check_len(errs, field, e->tags[i], 20);
		for (size_t j = 0; j < i; j++)
			if (e->tags[j] && strcmp(e->tags[i], e->tags[j]) == 0) {
				verr_add(errs, field, "duplicate", "repeats tags[%zu]", j);
				break;
			}
	}

	if (e->ncontacts > ENTERPRISE_MAX_CONTACTS)
		verr_add(errs, "contacts", "too_many", "at most %d contacts",
			 ENTERPRISE_MAX_CONTACTS);
	for (size_t i = 0; i < e->ncontacts; i++) {
		const struct contact *c = &e->contacts[i];

		snprintf(field, sizeof(field), "contacts[%zu].name", i);
		if (text_blank(c->name))
			verr_add(errs, field, "required", "is required");
		check_len(errs, field, c->name, 50);
		snprintf(field, sizeof(field), "contacts[%zu].title", i);
		check_len(errs, field, c->title, 50);
		snprintf(field, sizeof(field), "contacts[%zu].phone", i);
		if (c->phone && !valid_phone(c->phone))
			verr_add(errs, field, "invalid",
				 "must be 5-20 digits, optionally with + - ( ) and spaces");
		snprintf(field, sizeof(field), "contacts[%zu].email", i);
		if (c->email && !valid_email(c->email))
			verr_add(errs, field, "invalid", "is not an e-mail address");
		check_len(errs, field, c->email, 100);
	}
	return errs->n + errs->dropped - before;
}

int enterprise_sort_parse(const char *s)
{
	static const char *const names[ENTERPRISE_SORT__MAX] = {
		[ENTERPRISE_SORT_ID] = "id",
		[ENTERPRISE_SORT_ID_DESC] = "-id",
		[ENTERPRISE_SORT_NAME] = "name",
		[ENTERPRISE_SORT_NAME_DESC] = "-name",
		[ENTERPRISE_SORT_UPDATED_DESC] = "-updated_at",
	};

	for (int i = 0; i < ENTERPRISE_SORT__MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}
