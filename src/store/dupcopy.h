/* dupcopy.h - the in-memory index of the open appeals' bigram sets (dupcopy.c), private to
 * src/store: the similar_text duplicate rule's candidates, found without a B-tree row per
 * prefix bigram. */
#ifndef GL_DUPCOPY_H
#define GL_DUPCOPY_H

#include "store-int.h"

/* One open appeal whose text is near-identical to the probe's (domain/duplicate.h). */
struct dupcopy_match {
	int64_t id;
	int64_t inter, uni;   /* |A∩B| and |A∪B| of the two bigram sets */
};

/* The open appeals near-identical to the bigram set mine (nmine bigrams of a text that kept
 * nchars characters), other than self, submitted on or after since_day (days since
 * 1970-01-01), among the DUP_TEXT_CANDIDATES_MAX most recent that share a prefix bigram with
 * it: at most cap of them into out, the most recent first.  Read on s's own snapshot; the
 * process's copy is first brought up to it (appeal_bigrams and appeal_open_log, sql/026).
 * Inside a write transaction, whose rows could still be rolled back, a private copy is read
 * from the connection instead (slow: it reads every open appeal). */
enum gl_err dupcopy_similar(struct store *s, const uint64_t *mine, size_t nmine, size_t nchars,
			    int64_t self, int64_t since_day, struct dupcopy_match *out,
			    size_t cap, size_t *n) WUR;

#endif
