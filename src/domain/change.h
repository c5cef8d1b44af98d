/* change.h - what a write changed, field by field, for the audit trail.
 *
 * Values are compared and kept as text (NULL = absent), which is how the audit shows them.
 * A create is a change from nothing, a delete a change to nothing.
 */
#ifndef GL_CHANGE_H
#define GL_CHANGE_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/arena.h"

enum { CHANGES_MAX = 40 };

struct change {
	const char *field, *before, *after;
};

struct changes {
	int n;
	struct change items[CHANGES_MAX];
};

/* Record field when before and after differ. */
void changes_str(struct changes *c, const char *field, const char *before, const char *after);
void changes_int(struct changes *c, struct arena *a, const char *field, bool has_before,
		 int64_t before, bool has_after, int64_t after);
/* Ids where 0 means none. */
void changes_id(struct changes *c, struct arena *a, const char *field, int64_t before,
		int64_t after);
/* A flag; a side that does not exist (create, delete) is given as has_ false, and a flag
 * that is off on the side that exists is then not recorded. */
void changes_bool(struct changes *c, const char *field, bool has_before, bool before,
		  bool has_after, bool after);
/* A list rendered as "a, b, c". */
const char *changes_join(struct arena *a, const char *const *items, size_t n);
const char *changes_join_ids(struct arena *a, const int64_t *ids, size_t n);

struct enterprise;
struct project;
struct user;
/* Either side may be NULL (create, delete). */
void enterprise_changes(const struct enterprise *before, const struct enterprise *after,
			struct arena *a, struct changes *out);
void project_changes(const struct project *before, const struct project *after,
		     struct arena *a, struct changes *out);
void user_changes(const struct user *before, const struct user *after, struct arena *a,
		  struct changes *out);

#endif
