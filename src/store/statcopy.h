/* statcopy.h - the in-memory copy of stat_fact (statcopy.c), private to src/store. */
#ifndef GL_STATCOPY_H
#define GL_STATCOPY_H

#include "store-int.h"

/* One group of a query summed from the copy: its key in the form facts.c builds from SQL rows
 * (the period, then each grouped dimension's code in enum order, each NUL-terminated, klen
 * bytes in all), and its figures. */
struct statcopy_group {
	const char *key;
	size_t klen;
	struct stats_figure v[SM__MAX];
};

/* Sum the full-grain facts q selects, grouped as q asks, from the process's copy of
 * stat_fact, first brought up to the latest committed change (stat_log).  *served is 0 when
 * the copy cannot answer (turned off, the connection is inside a write transaction whose
 * changes are not committed, or a figure does not fit the packed copy): the caller reads the
 * rollups instead.  The groups are in the arena, in no particular order. */
enum gl_err statcopy_query(struct store *s, const struct stats_query *q, struct arena *a,
			   struct statcopy_group **out, size_t *n, int *served) WUR;

/* The mode in force (enum store_stats_copy): set by store_stats_copy_mode(), else read once
 * from GUANLAN_STATS_COPY ("off" or "0", "always"; anything else: the default). */
int statcopy_mode(void);

/* The period code of a month (facts.c): "2023", "2023-Q2", "2023-05" or nothing (SP_NONE),
 * written to out (8 bytes at least); returns its length. */
size_t stats_period_of(enum stats_period p, const char *month, char *out);

#endif
