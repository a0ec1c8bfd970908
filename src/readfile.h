/* readfile: reads a whole input file into memory, refusing what would hang
 * (a FIFO, a device) or exhaust memory (anything over the size limit). */
#ifndef PMDRAFT_READFILE_H
#define PMDRAFT_READFILE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* The largest single input pmdraft reads (bytes): a JSON file, a notes CSV, a
 * rule file or a zip member. Parsed JSON takes up to 20 times its size in memory, so this
 * keeps one file under about a gigabyte; a Slack day file or a Teams page is
 * far smaller, and a 10 MB message fits. Documented in pmdraft(1). */
#define READFILE_MAX_BYTES (64u * 1024u * 1024u)

/* Appends the content of the regular file at path to out. On failure
 * reports "display: error: ..." (cannot open, not a regular file, too large:
 * exit status 1; a read error: 3), leaves out as it was and returns false. */
bool readfile_load(const char *path, const char *display, struct buf *out);

#endif
