/* output: writes a draft safely. A temporary file beside the target is
 * renamed over it only when complete; an existing file is kept unless forced
 * (a commander may have edited it). */
#ifndef PMDRAFT_OUTPUT_H
#define PMDRAFT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

struct output {
	char *path;	/* target, owned; NULL for standard output */
	char *tmp;	/* temporary file, owned; NULL for standard output */
	FILE *f;
};

/* Checks that path can be written before any work is done: the folder exists
 * and is writable, and the file (or a symbolic link) does not exist unless
 * force. "-" or NULL is
 * standard output. Reports and returns false otherwise. */
bool output_check(const char *path, bool force);
/* Whether writing path would replace the file input names (same device and
 * inode, through hard links and symbolic links to the input alike). */
bool output_is_input(const char *path, const char *input);
/* Opens the temporary file (or standard output). */
bool output_open(struct output *o, const char *path);
/* Flushes, syncs and renames into place; false (reported) on any error, and
 * then the temporary file is removed. */
bool output_commit(struct output *o, bool force);
/* Removes the temporary file; safe to call after commit. */
void output_abort(struct output *o);
/* Makes every signal that would end the process (INT, TERM, HUP, QUIT, XFSZ,
 * USR1, USR2, PIPE) remove the temporary file first, then end it as the
 * signal would have. Signals ignored at start stay ignored. Call once, early. */
void output_catch_signals(void);

#endif
