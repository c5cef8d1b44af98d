/* normalize.h - the one text form search compares: what the index stores and what a query
 * is turned into, so that 濟南 finds 济南 and ＢＹＤ finds BYD (docs/search.md).
 *
 * norm_text() writes, in this order:
 *   - invalid UTF-8 replaced by U+FFFD, one per maximal invalid subpart (never a crash);
 *   - full-width ASCII (U+FF01..U+FF5E) and the full-width signs ￠￡￢￣￤￥￦ as their
 *     half-width forms; CJK punctuation without a half-width form (《》、。「」) is kept;
 *   - ASCII letters in lower case (only ASCII: no locale, no Unicode case tables);
 *   - every run of white space (ASCII controls, U+3000 ideographic space, NBSP and the other
 *     Unicode spaces) as one space, none at either end; zero-width space, word joiner and
 *     BOM dropped;
 *   - traditional Chinese as simplified, by OpenCC with Debian's t2s.json (phrases first,
 *     then characters: 乾隆 stays, 乾淨 becomes 干净).
 *
 * Threads: a struct norm keeps scratch space between calls and OpenCC does not document its
 * converters as safe to share, so a handle belongs to one thread at a time.  The server
 * keeps one per struct store (one store per worker thread already).
 */
#ifndef GL_NORMALIZE_H
#define GL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"

/* Debian's traditional → simplified configuration (package libopencc-data). */
#define NORM_T2S_CONFIG "/usr/share/opencc/t2s.json"

/* The longest input norm_text() accepts, in bytes; longer input gives GL_ETOOBIG. */
#define NORM_MAX_INPUT (4u << 20)

struct norm;

/* Open a normaliser with the OpenCC configuration at path (NULL: NORM_T2S_CONFIG).
 * GL_EIO when OpenCC cannot load it (the reason goes to the log), GL_ENOMEM.
 * With the default configuration the first call in a process also finds which characters
 * t2s changes (the fast path's table, shared by every handle): about 50 ms of CPU once;
 * later calls cost about 2 ms and 0.4 MB (OpenCC's dictionaries).  With another
 * configuration there is no fast path: every text goes through OpenCC. */
enum gl_err norm_open(const char *path, struct norm **out) __attribute__((warn_unused_result));
void norm_close(struct norm *n);

/* Append the normal form of in[0..len) to out (in need not be NUL-terminated and may hold
 * anything).  On error out is left as it was: GL_ETOOBIG (input past NORM_MAX_INPUT, or out
 * would pass its max), GL_ENOMEM (also when OpenCC fails, which it only does on allocation
 * failure once the input is valid UTF-8). */
enum gl_err norm_text(struct norm *n, const char *in, size_t len, struct buf *out)
	__attribute__((warn_unused_result));

/* norm_text(), and where each code point of what it appended came from: on GL_OK *src
 * (malloc'd, the caller frees it) has *ncp + 1 entries, (*src)[k] the byte offset in in of
 * the k-th code point appended ((*src)[*ncp] == len, and offsets never decrease), so a
 * range of the normal form [s, s + l) is in[(*src)[s] .. (*src)[s + l]).  Full width, case
 * and spaces map one to one (a run of spaces to its first); OpenCC's phrases are taken
 * position by position when the converted text keeps its length (Debian's t2s has no
 * phrase that changes length), and aligned on the code points left as they were when it
 * does not (align() in normalize.c; two changes that make up each other's length are still
 * taken position by position, so a hit may then be shown a few characters off). */
enum gl_err norm_text_map(struct norm *n, const char *in, size_t len, struct buf *out,
			  uint32_t **src, size_t *ncp) __attribute__((warn_unused_result));

/* Append the exact-match form of a credit code or project code: full-width as half-width,
 * ASCII letters upper case, every space (U+3000 too) and zero-width character removed,
 * invalid UTF-8 replaced by U+FFFD; nothing else changes (no OpenCC: codes are compared
 * exactly, "ＪＮ-2023 001" and "jn-2023001" give "JN-2023001").  Needs no handle. */
enum gl_err norm_key(const char *in, size_t len, struct buf *out)
	__attribute__((warn_unused_result));

/* For tests and the benchmark: with fast = 0 every call goes through OpenCC, even when the
 * text holds no code point that may change (the output must be the same either way). */
void norm_set_fast_path(struct norm *n, int fast);

/* Whether text holding cp goes through OpenCC on the fast path: cp changes in t2s on its
 * own, is one of the characters that change only inside phrases, or lies past the probed
 * blocks (1 for every cp when the handle has no fast path).  Text holding none of these
 * comes out of OpenCC unchanged, as long as every key of the dictionaries that changes
 * text holds such a code point (tests/unit/test_normalize.c checks that it does). */
int norm_changes(const struct norm *n, uint32_t cp);

/* How many calls went through OpenCC since norm_open (for the benchmark). */
unsigned long norm_converter_calls(const struct norm *n);

#endif
