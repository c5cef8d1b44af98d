/* dupcopy.h - the in-memory index of the open appeals' bigram sets (dupcopy.c), private to
 * src/store: the similar_text duplicate rule's candidates, found without a B-tree row per
 * prefix bigram. */
#ifndef GL_DUPCOPY_H
#define GL_DUPCOPY_H

#include "store-int.h"

/* dupcopy.c's statements take the MOD_DUPLICATE slots from here on; duplicates.c's stay
 * below. */
enum { DUPCOPY_FIRST_SLOT = 32 };

/* One open appeal whose text is near-identical to the probe's (domain/duplicate.h). */
struct dupcopy_match {
	int64_t id;
	int64_t inter, uni;   /* |A∩B| and |A∪B| of the two bigram sets */
};

/* What a check asks of the copy: the new text's bigram set (n bigrams of a text that kept
 * nchars characters), its own appeal (never a match), and the first day of the window (days
 * since 1970-01-01).  known: appeals already flagged for another reason whose overlap with
 * the set is wanted too; each one's inter and uni are filled in, inter -1 when the copy
 * does not hold its set (a text too short to index, or an appeal it has not seen). */
struct dupcopy_query {
	const uint64_t *grams;
	size_t n, nchars;
	int64_t self, since_day;
	struct dupcopy_match *known;
	size_t nknown;
};

/* The open appeals near-identical to q's set, submitted on or after its since_day, among the
 * DUP_TEXT_CANDIDATES_MAX most recent that share a prefix bigram with it and whose size can
 * match: at most cap of them into out, the most recent first; and q->known's overlaps.  Read
 * on s's own snapshot; the process's copy is first brought up to it (appeal_bigrams and
 * appeal_open_log, sql/026).  Inside a write transaction, whose rows could still be rolled
 * back, a private copy is read from the connection instead (slow: it reads every open
 * appeal). */
enum gl_err dupcopy_similar(struct store *s, struct dupcopy_query *q, struct dupcopy_match *out,
			    size_t cap, size_t *n) WUR;

#endif
