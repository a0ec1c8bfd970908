/* progress: a one-line progress report on stderr for long reads (files
 * read, messages, rate), shown only once a run has taken about a second. */
#ifndef PMDRAFT_PROGRESS_H
#define PMDRAFT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/* main() turns it on: only for a terminal on stderr and without --quiet. */
void progress_enable(bool on);
/* An importer finished one file; messages is the running total. */
void progress_file(size_t messages);
/* The stage after reading ("classifying", "writing"), shown if a line is up. */
void progress_stage(const char *what);
/* Clears the line, so diagnostics and the shell prompt start clean. */
void progress_done(void);

#endif
