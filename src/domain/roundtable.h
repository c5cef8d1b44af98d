/* roundtable.h - roundtable sessions (the model is 鹊华观澜会): a series of numbered sessions
 * (第N期) where the zone's leaders meet entrepreneurs.  A session records when and where it
 * was held, how (format), its theme, the enterprises invited (and whether each came), the
 * people at the table and the minutes.  Its outcomes (appeals raised, on-the-spot answers,
 * arrangements, projects that came out of it) live in their own tables and are read with it.
 *
 * Strings and arrays are borrowed from whoever fills the struct (usually a request arena).
 */
#ifndef GL_ROUNDTABLE_H
#define GL_ROUNDTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verr.h"

enum roundtable_format {
	ROUNDTABLE_ROUND,       /* 圆桌会 (the 观澜会's own: a round table, not a formal meeting) */
	ROUNDTABLE_FORUM,       /* 座谈会 */
	ROUNDTABLE_SITE_VISIT,  /* 现场办公 */
	ROUNDTABLE_ONLINE,      /* 线上 */
	ROUNDTABLE_OTHER,
	ROUNDTABLE_FORMAT__MAX
};
extern const char *const roundtable_format_codes[ROUNDTABLE_FORMAT__MAX]; /* "roundtable", ... */
extern const char *const roundtable_format_names[ROUNDTABLE_FORMAT__MAX]; /* "圆桌会", ... */
int roundtable_format_parse(const char *s);  /* -1 when unknown */

enum roundtable_person_kind {
	RT_PERSON_ENTREPRENEUR, /* 企业家: with their enterprise, which must be invited */
	RT_PERSON_LEADER,       /* the zone's leaders (maybe a Guanlan user) */
	RT_PERSON_UNIT,         /* a unit's representative: with the unit */
	RT_PERSON_KIND__MAX
};
extern const char *const rt_person_kind_codes[RT_PERSON_KIND__MAX];
int rt_person_kind_parse(const char *s);

enum {
	ROUNDTABLE_TEXT_MAX = 200,        /* venue, theme, a person's name and title: characters */
	ROUNDTABLE_MINUTES_MAX = 20000,
	ROUNDTABLE_MAX_ENTERPRISES = 200,
	ROUNDTABLE_MAX_PEOPLE = 300,
	ROUNDTABLE_NOTE_MAX = 500,        /* the note on a project that came out of a session */
};

struct rt_enterprise {
	int64_t enterprise_id;
	bool attended;
	const char *name;                 /* read-only */
};

struct rt_person {
	enum roundtable_person_kind kind;
	const char *name, *title;
	int64_t enterprise_id, unit_id, user_id;  /* 0 = none */
	bool attended;
	const char *enterprise_name, *unit_name;  /* read-only */
};

/* What came out of a session, counted as the caller may see it. */
struct rt_counts {
	int64_t enterprises_invited, enterprises_attended, people;
	int64_t appeals, answered_on_spot;
	int64_t arrangements_open, arrangements_done, arrangements_cancelled, arrangements_overdue;
	int64_t projects;
};

struct roundtable {
	int64_t id, version, series_id;
	int64_t number;                   /* 第N期; 0 on create = the next free number */
	const char *held_on;              /* YYYY-MM-DD */
	const char *venue, *theme, *minutes;
	enum roundtable_format format;
	struct rt_enterprise *enterprises;
	size_t nenterprises;
	struct rt_person *people;
	size_t npeople;
	const char *created_at, *updated_at;
	/* read-only */
	const char *series_name;
	struct rt_counts counts;
};

/* Check what needs no database: series, number, held_on, lengths, the enterprise list (no
 * repeats), each person (a kind, a name; an entrepreneur names one of the invited enterprises,
 * a unit representative a unit).  Fields in errs are as in the API: "enterprises[2].enterprise_id",
 * "people[0].name".  Returns the number of errors added. */
int roundtable_validate(const struct roundtable *r, struct verrors *errs);

struct changes;
struct arena;
/* Field by field, for the audit trail (lists as "id:attended" and "kind name" texts); before
 * is NULL for a create. */
void roundtable_changes(const struct roundtable *before, const struct roundtable *after,
			struct arena *a, struct changes *out);

#endif
