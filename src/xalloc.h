/* xalloc: allocation wrappers that report and exit on out-of-memory, so callers never check. */
#ifndef PMDRAFT_XALLOC_H
#define PMDRAFT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grows an array of `size`-byte items so that it holds at least `need` items;
 * *cap is updated. Doubling keeps appends amortised O(1). */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
