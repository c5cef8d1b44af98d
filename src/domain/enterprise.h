/* enterprise.h - an enterprise (企业) of the registry and the rules it must obey.
 *
 * Strings are borrowed: whoever fills the struct owns them (usually a request arena).
 * Optional strings are NULL when absent.
 */
#ifndef GL_ENTERPRISE_H
#define GL_ENTERPRISE_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "verr.h"

enum { ENTERPRISE_MAX_TAGS = 20, ENTERPRISE_MAX_CONTACTS = 20 };

struct contact {
	const char *name, *title, *phone, *email;
};

struct enterprise {
	int64_t id;            /* 0 until stored */
	int64_t version;       /* bumped by every update; optimistic concurrency */
	const char *name;
	const char *credit_code;   /* unified social credit code, upper case */
	const char *industry_code; /* GB/T 4754-2017 code */
	const char *address;
	const char **tags;
	size_t ntags;
	struct contact *contacts;
	size_t ncontacts;
	int64_t project_count; /* read-only: projects that name this enterprise */
	const char *created_at, *updated_at;
};

/* Check every rule that needs no database: lengths, credit code, tags, contacts.
 * Problems go to errs; a credit code that only fails its check character (an early pilot
 * code) goes to warns instead.  Returns the number of errors. */
int enterprise_validate(const struct enterprise *e, struct verrors *errs, struct verrors *warns);

/* Sort orders a list may ask for. */
enum enterprise_sort {
	ENTERPRISE_SORT_ID,
	ENTERPRISE_SORT_ID_DESC,
	ENTERPRISE_SORT_NAME,
	ENTERPRISE_SORT_NAME_DESC,
	ENTERPRISE_SORT_UPDATED_DESC,
	ENTERPRISE_SORT__MAX
};

struct enterprise_query {
	const char *name_contains;
	const char *industry;  /* a section letter ("C") or a code prefix ("36", "3612") */
	const char *tag;
	enum enterprise_sort sort;
	int64_t limit, offset;
	const struct scope *scope;  /* rows the caller may see; NULL = all */
};

/* True when s can filter by industry: a section letter or 2-4 digits. */
int enterprise_industry_filter_ok(const char *s);

/* "name", "-name", "id", "-id", "-updated_at" -> sort; -1 when unknown. */
int enterprise_sort_parse(const char *s);

#endif
