/* diag: formats every diagnostic and remembers the worst level for the exit status. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

#include "buf.h"

static struct {
	bool strict;
	struct buf *sink;
	int count[DIAG_SYSERR + 1];
} state;

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
	state.count[level]++;
	buf_printf(&line, "%s: %s: ", prefix, level_name(level));
	buf_vprintf(&line, fmt, ap);
	buf_putc(&line, '\n');
	if (state.sink)
		buf_add(state.sink, line.data, line.len);
	else
		fputs(buf_str(&line), stderr);
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

int diag_count(enum diag_level level)
{
	return state.count[level];
}

int diag_exit_status(void)
{
	if (state.count[DIAG_SYSERR])
		return EXIT_SYSTEM;
	if (state.count[DIAG_ERROR])
		return EXIT_INPUT;
	return EXIT_OK;
}

void diag_reset(void)
{
	for (int i = DIAG_NOTE; i <= DIAG_SYSERR; i++)
		state.count[i] = 0;
}
