/* diag: formats every diagnostic and remembers the worst level for the exit status.
 * Worker threads may report too: a lock keeps lines whole and counts exact,
 * and a thread holding its diagnostics (diag_hold) records them instead, so
 * the main thread can release them in input order. */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	if (level == DIAG_WARNING && state.strict)
		level = DIAG_ERROR;
	buf_printf(&line, "%s: %s: ", prefix, level_name(level));
	buf_vprintf(&line, fmt, ap);
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
