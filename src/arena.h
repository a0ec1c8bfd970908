/* arena: bump allocator that owns the model's strings and small arrays, so
 * an incident is freed in one call and import does no per-string malloc. */
#ifndef PMDRAFT_ARENA_H
#define PMDRAFT_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* owned list, newest first */
};

void *arena_alloc(struct arena *a, size_t size);	/* zeroed, max-aligned */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t size);
void arena_free(struct arena *a);

#endif
