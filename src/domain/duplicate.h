/* duplicate.h - when is a new appeal possibly a duplicate of an open one?
 *
 * Two rules, both only a flag for the officer (the appeal is created either way):
 *   same_enterprise_category  the same enterprise raised an open appeal of the same category
 *                             within duplicate_window_days (appeal_setting, 30) calendar days
 *                             before this one's submission day (day difference <= window);
 *   similar_text              the texts are near-identical, from any enterprise: after
 *                             dropping whitespace and punctuation (ASCII, CJK and full-width)
 *                             and folding ASCII letters to lower case, the sets of character
 *                             bigrams have a Jaccard index of at least 0.8 (|A∩B| / |A∪B|,
 *                             compared exactly as 5|A∩B| >= 4|A∪B|), and both texts keep at
 *                             least DUP_MIN_CHARS characters (short texts such as "请求支持"
 *                             say too little to call two enterprises' problems the same).
 *
 * Why bigrams of characters: Chinese has no spaces to split words on, and a bigram set
 * survives the usual edits of a re-submitted text (a changed date, a name, reordered
 * clauses) while two different problems in the same wording template still differ in most
 * of their bigrams.  The Jaccard index of bigram sets is at most min(|A|,|B|) / max(|A|,|B|),
 * so dup_sizes_may_match() is an exact prefilter: a pair it rejects can never reach 0.8.
 *
 * How similar_text finds its candidates without reading every open appeal (prefix
 * filtering, as in the All-Pairs and PPJoin set-similarity joins): put a set's bigrams in a
 * fixed global order (dup_prefix: rarest first, by how common the rarer of its two
 * characters is in written Chinese and in appeals, digits last) and call its first
 * dup_prefix_len(|A|) = |A| - ceil(0.8 |A|) + 1 its prefix.  If J(A, B) >= 0.8 then
 * |A∩B| >= ceil(0.8 max(|A|, |B|)), and two sets sharing that many elements always share
 * an element of their prefixes, so looking up the new text's prefix bigrams among the stored
 * prefixes of the open appeals (the process's in-memory index, src/store/dupcopy.c) finds
 * every appeal that can match; each candidate is then checked exactly against its bigram
 * set (stored in appeal_bigrams).  Any fixed order keeps this exact; rarest first keeps the
 * candidates few, because a prefix is then made of the words that tell one problem from
 * another rather than of 反映, 尽快 or the digits of a date.  The bound: of the candidates
 * whose set size can match (dup_sizes_may_match), only the DUP_TEXT_CANDIDATES_MAX taken in
 * most recently (highest appeal id) are checked; the rest are never flagged.  A real intake
 * has a handful of candidates; the cap only bites when hundreds of open appeals share
 * wording with the new one (a campaign of identical complaints), and then the most recent
 * ones are the ones an officer wants to see, and DUP_MAX_FLAGS of them are shown anyway.
 */
#ifndef GL_DUPLICATE_H
#define GL_DUPLICATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	DUP_MIN_CHARS = 6,          /* characters left after normalising, on both sides */
	DUP_TEXT_WINDOW_DAYS = 90,  /* similar_text looks at open appeals this many days back */
	DUP_TEXT_CANDIDATES_MAX = 50, /* ... of which this many candidates are checked at most */
	DUP_MAX_FLAGS = 10,         /* flags shown at intake, of each reason */
};

enum dup_reason { DUP_SAME_ENTERPRISE_CATEGORY, DUP_SIMILAR_TEXT, DUP_REASON__MAX };
extern const char *const dup_reason_names[DUP_REASON__MAX];

/* The bigram set of text: sorted, without repeats, into out (cap entries; strlen(text) is
 * always enough).  OUT: *nchars, the characters left after normalising.  Returns the number
 * of bigrams.  Invalid UTF-8 bytes count as characters of their own. */
size_t dup_grams(const char *text, uint64_t *out, size_t cap, size_t *nchars);

/* |A∩B| and |A∪B| of two sorted bigram sets. */
void dup_overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, int64_t *inter,
		 int64_t *uni);

/* Do two sorted bigram sets reach the similar_text threshold (Jaccard >= 0.8)?  Then with
 * their |A∩B| and |A∪B|; stops as soon as the bigrams left cannot make up the overlap
 * needed, which for two unrelated texts is after a few mismatches. */
bool dup_overlap_near(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
		      int64_t *inter, int64_t *uni);

/* Can sets of na and nb bigrams reach the threshold at all (5 min >= 4 max)? */
bool dup_sizes_may_match(size_t na, size_t nb);

/* The similar_text rule on the figures above. */
bool dup_near_identical(int64_t inter, int64_t uni, size_t nchars_a, size_t nchars_b);

/* Jaccard index in whole percent, rounded half up; 0 when uni is 0. */
int dup_percent(int64_t inter, int64_t uni);

/* The same_enterprise_category rule's window: is the day difference (new - old, in days)
 * within window days?  An older appeal submitted later than the new one (back-dated intake)
 * is within too. */
bool dup_within_window(int64_t days_between, int window);

/* How many of n bigrams, in the global order, form the prefix: n - ceil(0.8 n) + 1
 * (0 for n = 0). */
size_t dup_prefix_len(size_t n);

/* The n sorted bigrams in the global order into out (n entries).  Returns
 * dup_prefix_len(n): out[0 .. that) is the prefix. */
size_t dup_prefix(const uint64_t *grams, size_t n, uint64_t *out);

/* A bigram set as stored (8 bytes a bigram, little-endian: 8n bytes) and back (returns
 * bytes / 8 bigrams; out holds that many). */
void dup_pack(const uint64_t *grams, size_t n, unsigned char *out);
size_t dup_unpack(const void *blob, size_t bytes, uint64_t *out);

#endif
