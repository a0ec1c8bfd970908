/* diag: the only writer of diagnostics. GNU-style located messages
 * (file:line:col: error: ...) and the exit status derived from the worst one. */
#ifndef PMDRAFT_DIAG_H
#define PMDRAFT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct buf;

enum diag_level {
	DIAG_NOTE,	/* information, such as what was redacted; never an error */
	DIAG_WARNING,	/* input oddity; the work goes on */
	DIAG_ERROR,	/* bad input or rules: exit status 1 */
	DIAG_SYSERR,	/* I/O or system failure: exit status 3 */
};

/* Exit statuses, documented in pmdraft(1). */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,
	EXIT_USAGE = 2,
	EXIT_SYSTEM = 3,
};

/* "file:line:col: level: msg". file may be NULL (then "pmdraft"), line or col
 * 0 means unknown and is left out. */
void diag_at(enum diag_level level, const char *file, long line, long col,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "file: path: level: msg", path being a JSON path such as "[57].ts". */
void diag_path(enum diag_level level, const char *file, const char *path,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "pmdraft: level: msg" for problems with no location. */
void diag(enum diag_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends s[0..n) to out with what could act on a terminal made visible:
 * C0 controls and DEL as \xNN (\n, \t, \r; newlines kept when
 * keep_newlines), C1 and bidi controls and line separators as \u{XXXX},
 * invalid UTF-8 as \xNN. Every diagnostic line goes through it. Returns the
 * bytes consumed: a UTF-8 sequence cut short at the end is left for the
 * caller (n minus the result is at most 3). */
size_t diag_escape(const char *s, size_t n, bool keep_newlines, struct buf *out);
/* A stream to stderr (or the capture sink) escaped as above, newlines kept,
 * for multi-line reports quoting input (--explain); NULL when out of
 * memory. Close it with fclose. */
FILE *diag_open_escaped(void);

/* --strict: every warning is reported and counted as an error. */
void diag_set_strict(bool strict);
/* Send diagnostics to `sink` instead of stderr (tests); NULL restores stderr. */
void diag_capture(struct buf *sink);
/* While a sink is held, this thread's diagnostics are recorded in it, not
 * reported or counted (a worker parsing ahead); NULL stops holding. */
void diag_hold(struct buf *sink);
/* Reports and counts the records of a held sink, in order, and empties it. */
void diag_release(struct buf *records);
int diag_count(enum diag_level level);
/* EXIT_OK, EXIT_INPUT or EXIT_SYSTEM from the worst diagnostic so far. */
int diag_exit_status(void);
void diag_reset(void);

#endif
