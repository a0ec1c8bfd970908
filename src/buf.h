/* buf: a growable byte string.
 *
 * Invariants: a zero-initialised struct buf is a valid empty buffer; when
 * data is non-NULL it is NUL-terminated at data[len] and len < cap. Embedded
 * NULs are allowed (len is authoritative). */
#ifndef PMDRAFT_BUF_H
#define PMDRAFT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* owned; NULL while empty and never grown */
	size_t len;	/* bytes used, excluding the terminating NUL */
	size_t cap;	/* bytes allocated */
};

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Always a valid C string, "" for an empty buffer. */
const char *buf_str(const struct buf *b);
void buf_reset(struct buf *b);
/* Caller takes the string (never NULL); the buffer is empty afterwards. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
