/* import: the importer table. An importer recognises its input by content
 * (never by file name) and adds what it reads to the incident. */
#ifndef PMDRAFT_IMPORT_H
#define PMDRAFT_IMPORT_H

#include <stdbool.h>

#include "incident.h"

struct import_options {
	const char *users;	/* --users FILE, or NULL to look beside the export */
	const char *channel;	/* --channel NAME, or NULL */
	const char *notes_tz;	/* --notes-tz ZONE for notes times, NULL: --tz */
	enum date_order date_order;	/* --date-order, else decided per file */
	const char *notes_columns;	/* --notes-columns "time=COL,note=COL,...", or NULL */
};

struct importer {
	const char *name;
	enum source_kind kind;
	/* True when the file or folder at path is this importer's. */
	bool (*sniff)(const char *path);
	/* Adds the messages; reports problems through diag. False on an error
	 * that makes the input unusable. */
	bool (*load)(struct incident *inc, const char *path,
		     const struct import_options *opts);
};

extern const struct importer import_slack;
extern const struct importer import_teams;
extern const struct importer import_notes;

/* The notes reader on a memory buffer (fuzz targets, tests): as
 * import_notes.load, with name used in diagnostics and as the source path. */
bool import_notes_buffer(struct incident *inc, const char *name, const char *data,
			 size_t len, const struct import_options *opts);

/* True when s is a valid --notes-columns map: ROLE=COL pairs joined by
 * commas, ROLE one of time, date, note, phase, author, COL a header name
 * or a 1-based column number. */
bool import_notes_columns_valid(const char *s);

/* Finds the chat importer for path by content; reports and returns NULL
 * when none recognises it. */
const struct importer *import_detect(const char *path);

/* Reads one Teams JSON document held in memory (a Graph page or entity, or
 * an export-tool array) as a source named `display`; for fuzzing and tests. */
bool import_teams_buffer(struct incident *inc, const char *data, size_t len,
			 const char *display);

/* Shared helpers for importers. */
/* The folder a path is in ("." for a bare name), owned by the caller. */
char *import_dir_of(const char *path);
/* "dir/name", owned by the caller. */
char *import_path_join(const char *dir, const char *name);
/* The entries of folder dir (not its subfolders) that keep() accepts, as
 * joined paths sorted by name; NULL with *count 0 when it cannot be read.
 * Free with import_free_list. */
char **import_list_files(const char *dir, bool (*keep)(const char *path, const char *name),
			 size_t *count);
void import_free_list(char **list, size_t count);
bool import_is_dir(const char *path);
/* First bytes of a regular file, for sniffing; false if unreadable or not a
 * regular file (never blocks on a FIFO). */
bool import_peek(const char *path, char *out, size_t size);

#endif
