/* arena: chunked bump allocation; large requests get a chunk of their own. */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define CHUNK_SIZE (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* size bytes at the given alignment (a power of two up to max_align_t's). */
static void *bump(struct arena *a, size_t size, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	size_t need = size ? size : 1;
	if (!c || at > c->size || c->size - at < need) {
		size_t cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		c = xmalloc(sizeof *c + cap);
		c->used = 0;
		c->size = cap;
		if (need > CHUNK_SIZE / 4 && a->head) {
			/* keep the partly used chunk at the head for small strings */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		at = c->used;
	}
	c->used = at + need;
	return c->data + at;
}

void *arena_alloc(struct arena *a, size_t size)
{
	void *p = bump(a, size, alignof(max_align_t));
	memset(p, 0, size);
	return p;
}

/* Strings need no alignment: a million message ids and texts would waste
 * eight bytes each on average if padded to max_align_t. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = bump(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_memdup(struct arena *a, const void *p, size_t size)
{
	void *q = arena_alloc(a, size);
	if (size)
		memcpy(q, p, size);
	return q;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
