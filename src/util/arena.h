/* arena.h - request-scoped bump allocator.
 *
 * Everything a request allocates comes from one arena and is released at once when the
 * request completes (lwan's idea): handlers never call free().  Blocks grow geometrically;
 * allocation failure returns NULL and the caller reports GL_ENOMEM.
 */
#ifndef GL_ARENA_H
#define GL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t next_size;
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);

/* Returns zeroed memory aligned for any type, or NULL when memory is exhausted. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena; returns NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
