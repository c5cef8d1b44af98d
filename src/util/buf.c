/* buf.c - growable byte buffer with a hard maximum. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

enum gl_err buf_add(struct buf *b, const void *p, size_t n)
{
	if (n > b->max || b->len > b->max - n)
		return GL_ETOOBIG;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		d = realloc(b->data, cap);
		if (!d)
			return GL_ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return GL_OK;
}

enum gl_err buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}
