/* inbox.c - how many appeals each inbox tab holds, for the tab badges of the web app. */
#include "store-int.h"

#include <string.h>

/* The counts come from store_appeal_list's own COUNT, so that a badge can never disagree
 * with the list its tab shows; one read transaction makes them one snapshot even when the
 * caller (the CLI, a test) has not opened one. */
enum gl_err store_appeal_inbox_counts(struct store *s, const struct appeal_query *qs,
				      size_t n, int64_t *totals)
{
	struct arena a;
	enum gl_err rc = GL_OK;
	/* Inside the router's read (or a caller's write) the snapshot is already there. */
	int own = sqlite3_get_autocommit(s->db);

	if (own && (rc = store_read_begin(s)) != GL_OK)
		return rc;
	arena_init(&a);
	for (size_t i = 0; i < n && rc == GL_OK; i++) {
		struct appeal_query q = qs[i];
		struct appeal_page page;

		/* One row is the least the list reads; its total is what we want. */
		q.limit = 1;
		q.offset = 0;
		rc = store_appeal_list(s, &q, &a, &page);
		totals[i] = rc == GL_OK ? page.total : 0;
	}
	arena_release(&a);
	if (own)
		store_read_end(s);
	return rc;
}
