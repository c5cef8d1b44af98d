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

/* Code points of a UTF-8 string (continuation bytes are not counted). */
size_t marks_cplen(const char *s);

#endif
