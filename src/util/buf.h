/* buf.h - growable byte buffer with a hard maximum (curl's dynbuf).
 *
 * A buf never grows past its max: buf_add() fails with GL_ETOOBIG instead, leaving the
 * contents as they were.  The data is always NUL-terminated for convenience.
 */
#ifndef GL_BUF_H
#define GL_BUF_H

#include <stddef.h>

#include "err.h"

struct buf {
	char *data;
	size_t len, cap, max;
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
enum gl_err buf_add(struct buf *b, const void *p, size_t n) __attribute__((warn_unused_result));
enum gl_err buf_adds(struct buf *b, const char *s) __attribute__((warn_unused_result));

#endif
