/* marks.h - turning marked-up hits into {text, hits} (pure, no SQLite, no OpenCC).
 *
 * FTS5's highlight() and snippet() wrap each hit in two markers (MARK_OPEN, MARK_CLOSE,
 * control characters that norm_text never leaves in text).  The API sends the text without
 * them and the hits as [start, length] pairs counted in code points, so no HTML travels in
 * JSON and the web app marks the hits up itself.
 */
#ifndef GL_SEARCH_MARKS_H
#define GL_SEARCH_MARKS_H

#include <stddef.h>
#include <stdint.h>

#define MARK_OPEN '\x02'
#define MARK_CLOSE '\x03'

struct mark_hit {
	size_t start, len; /* code points */
};

/* Copy in into text (room for strlen(in) + 1 bytes) without the markers and store up to max
 * hits; returns how many were stored.  An unclosed hit ends at the end of the text; empty
 * hits are dropped. */
size_t marks_parse(const char *in, char *text, struct mark_hit *hits, size_t max);

/* The hits of needle in text (both UTF-8), left to right and not overlapping, in code
 * points; up to max.  For the one- and two-character path, where no FTS highlight exists. */
size_t marks_find(const char *text, const char *needle, struct mark_hit *hits, size_t max);

/* The text as written, orig, with the hits found in its normal form marked: src and ncp
 * are norm_text_map()'s map of orig (hits in code points of the normal form, left to right
 * as marks_parse gives them).  Markers already in orig become spaces.  out needs room for
 * strlen(orig) + 2 * nhits + 1 bytes; returns the bytes written. */
size_t marks_remap(const char *orig, const uint32_t *src, size_t ncp, const struct mark_hit *hits,
		   size_t nhits, char *out);

/* A snippet: width code points of the marked text, starting before code points ahead of its
 * first hit (earlier when the text ends first), with … where it was cut; a hit cut at the
 * end is closed.  out needs room for strlen(marked) + 9 bytes. */
size_t marks_window(const char *marked, size_t before, size_t width, char *out);

/* Code points of a UTF-8 string (continuation bytes are not counted). */
size_t marks_cplen(const char *s);

#endif
