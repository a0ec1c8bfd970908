/* zipread: streams the members of a .zip archive (a Slack workspace export as
 * Slack delivers it) through libarchive, one member in memory at a time, with
 * no temporary unpacking. */
#ifndef PMDRAFT_ZIPREAD_H
#define PMDRAFT_ZIPREAD_H

#include <stdbool.h>
#include <stddef.h>

/* Zip bombs: a member whose declared or actual size is over
 * READFILE_MAX_BYTES, or a walk that would inflate more than this many bytes
 * of wanted members in all, is refused before memory or time runs out.
 * Member names are only ever compared, never used as file system paths, so
 * "../" and absolute names cannot write or read anywhere. */
#define ZIPREAD_MAX_TOTAL (256u * 1024u * 1024u)

enum zipread_choice {
	ZIPREAD_SKIP,	/* not wanted */
	ZIPREAD_READ,	/* read it and call visit */
	ZIPREAD_STOP,	/* seen enough: end the walk here, successfully */
};
/* Called with every regular member's name. */
typedef enum zipread_choice (*zipread_want)(void *ctx, const char *name);
/* Called with a wanted member's whole content (borrowed, NUL-terminated,
 * valid during the call only). */
typedef void (*zipread_visit)(void *ctx, const char *name, const char *data,
			      size_t len);

/* True when the file starts with a zip local-file or end-of-archive
 * signature. */
bool zipread_is_zip(const char *path);

/* Visits the wanted members in archive order. `display` names the archive
 * in diagnostics; NULL reports nothing (for sniffing). False, after reporting, when the archive cannot be read
 * (corrupt, truncated, encrypted member, member or total too large). */
bool zipread_each(const char *path, const char *display, zipread_want want,
		  zipread_visit visit, void *ctx);
/* The same over an archive held in memory (tests and fuzzing). */
bool zipread_each_mem(const void *data, size_t len, const char *display,
		      zipread_want want, zipread_visit visit, void *ctx);

#endif
