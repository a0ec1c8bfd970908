/* diag: formats every diagnostic and remembers the worst level for the exit status.
 * Worker threads may report too: a lock keeps lines whole and counts exact,
 * and a thread holding its diagnostics (diag_hold) records them instead, so
 * the main thread can release them in input order. */
#include "diag.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "buf.h"

static struct {
	bool strict;
	struct buf *sink;
	int count[DIAG_SYSERR + 1];
	pthread_mutex_t lock;
} state = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* This thread's held diagnostics: records of a level byte ('0' + level)
 * followed by the formatted line. */
static _Thread_local struct buf *held;

/* Counts and writes one formatted line. */
static void put_line(enum diag_level level, const char *line, size_t len)
{
	pthread_mutex_lock(&state.lock);
	state.count[level]++;
	if (state.sink)
		buf_add(state.sink, line, len);
	else
		fwrite(line, 1, len, stderr);
	pthread_mutex_unlock(&state.lock);
}

/* Length of the valid UTF-8 sequence at s[0..n), its code point in *cp;
 * 0 when invalid or cut short. */
static size_t utf8_at(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	uint32_t c;
	if (!len || len > n || s[0] > 0xF4 || (len == 2 && s[0] < 0xC2))
		return 0;
	c = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* True when s[0..n) is the start of a valid sequence that goes on past n. */
static bool cut_short(const unsigned char *s, size_t n)
{
	size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!need || s[0] > 0xF4 || n >= need)
		return false;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return false;
	return true;
}

/* C1 controls, bidi embeddings, overrides, isolates and marks, and the
 * Unicode line separators: they reorder or break a terminal line. */
static bool hidden_control(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x2028 || c == 0x2029;
}

size_t diag_escape(const char *s, size_t n, bool keep_newlines, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len;
		if (p[i] < 0x80) {
			if (p[i] == '\n' && keep_newlines)
				buf_putc(out, '\n');
			else if (p[i] == '\n' || p[i] == '\t' || p[i] == '\r')
				buf_printf(out, "\\%c", p[i] == '\n' ? 'n' : p[i] == '\t' ? 't' : 'r');
			else if (p[i] < 0x20 || p[i] == 0x7F)
				buf_printf(out, "\\x%02x", p[i]);
			else
				buf_putc(out, (char)p[i]);
			i++;
		} else if ((len = utf8_at(p + i, n - i, &cp))) {
			if (hidden_control(cp))
				buf_printf(out, "\\u{%04X}", (unsigned)cp);
			else
				buf_add(out, s + i, len);
			i += len;
		} else if (cut_short(p + i, n - i)) {
			break;	/* the rest may come in the next write */
		} else {
			buf_printf(out, "\\x%02x", p[i]);
			i++;
		}
	}
	return i;
}

static const char *level_name(enum diag_level level)
{
	return level == DIAG_NOTE ? "note" : level == DIAG_WARNING ? "warning" : "error";
}

static void emit(enum diag_level level, const char *prefix, const char *fmt,
		 va_list ap) __attribute__((format(printf, 3, 0)));

static void emit(enum diag_level level, const char *prefix, const char *fmt,
		 va_list ap)
{
	struct buf line = {0};
	struct buf raw = {0};
	size_t done;
	if (level == DIAG_WARNING && state.strict)
		level = DIAG_ERROR;
	/* quoted input (names, paths, ids) may hold escape sequences or line
	 * breaks: none reaches the terminal or forges a line of its own */
	buf_printf(&raw, "%s: %s: ", prefix, level_name(level));
	buf_vprintf(&raw, fmt, ap);
	done = diag_escape(raw.data, raw.len, false, &line);
	for (; done < raw.len; done++)
		buf_printf(&line, "\\x%02x", (unsigned char)raw.data[done]);
	buf_free(&raw);
	buf_putc(&line, '\n');
	if (held) {
		buf_putc(held, (char)('0' + level));
		buf_add(held, line.data, line.len);
	} else {
		put_line(level, line.data, line.len);
	}
	buf_free(&line);
}

void diag_at(enum diag_level level, const char *file, long line, long col,
	     const char *fmt, ...)
{
	struct buf prefix = {0};
	va_list ap;
	buf_puts(&prefix, file ? file : "pmdraft");
	if (line > 0)
		buf_printf(&prefix, ":%ld", line);
	if (line > 0 && col > 0)
		buf_printf(&prefix, ":%ld", col);
	va_start(ap, fmt);
	emit(level, buf_str(&prefix), fmt, ap);
	va_end(ap);
	buf_free(&prefix);
}

void diag_path(enum diag_level level, const char *file, const char *path,
	       const char *fmt, ...)
{
	struct buf prefix = {0};
	va_list ap;
	buf_printf(&prefix, "%s: %s", file ? file : "pmdraft", path);
	va_start(ap, fmt);
	emit(level, buf_str(&prefix), fmt, ap);
	va_end(ap);
	buf_free(&prefix);
}

void diag(enum diag_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(level, "pmdraft", fmt, ap);
	va_end(ap);
}

void diag_set_strict(bool strict)
{
	state.strict = strict;
}

void diag_capture(struct buf *sink)
{
	state.sink = sink;
}

void diag_hold(struct buf *sink)
{
	held = sink;
}

void diag_release(struct buf *records)
{
	for (size_t i = 0; i < records->len;) {
		const char *line = records->data + i + 1;
		size_t len = (size_t)((char *)memchr(line, '\n', records->len - i - 1) - line) + 1;
		put_line((enum diag_level)(records->data[i] - '0'), line, len);
		i += len + 1;
	}
	buf_reset(records);
}

int diag_count(enum diag_level level)
{
	int n;
	pthread_mutex_lock(&state.lock);
	n = state.count[level];
	pthread_mutex_unlock(&state.lock);
	return n;
}

int diag_exit_status(void)
{
	if (diag_count(DIAG_SYSERR))
		return EXIT_SYSTEM;
	if (diag_count(DIAG_ERROR))
		return EXIT_INPUT;
	return EXIT_OK;
}

void diag_reset(void)
{
	for (int i = DIAG_NOTE; i <= DIAG_SYSERR; i++)
		state.count[i] = 0;
}

/* The stream of diag_open_escaped: a UTF-8 sequence cut between two writes
 * is carried to the next one. */
struct escaper {
	char carry[4];
	size_t ncarry;
};

static void put_raw(const char *s, size_t len)
{
	pthread_mutex_lock(&state.lock);
	if (state.sink)
		buf_add(state.sink, s, len);
	else
		fwrite(s, 1, len, stderr);
	pthread_mutex_unlock(&state.lock);
}

static ssize_t escaped_write(void *cookie, const char *data, size_t n)
{
	struct escaper *e = cookie;
	struct buf in = {0}, out = {0};
	size_t done;
	buf_add(&in, e->carry, e->ncarry);
	buf_add(&in, data, n);
	done = diag_escape(in.data, in.len, true, &out);
	e->ncarry = in.len - done;
	memcpy(e->carry, in.data + done, e->ncarry);
	put_raw(out.data ? out.data : "", out.len);
	buf_free(&in);
	buf_free(&out);
	return (ssize_t)n;
}

static int escaped_close(void *cookie)
{
	struct escaper *e = cookie;
	struct buf out = {0};
	for (size_t i = 0; i < e->ncarry; i++)
		buf_printf(&out, "\\x%02x", (unsigned char)e->carry[i]);
	put_raw(out.data ? out.data : "", out.len);
	buf_free(&out);
	free(e);
	return 0;
}

FILE *diag_open_escaped(void)
{
	cookie_io_functions_t io = {.write = escaped_write, .close = escaped_close};
	struct escaper *e = calloc(1, sizeof *e);
	FILE *f = e ? fopencookie(e, "w", io) : NULL;
	if (!f)
		free(e);
	return f;
}
