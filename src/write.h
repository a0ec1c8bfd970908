/* write: the writer table. Writers read a finished, classified incident and
 * never classify or re-read input. */
#ifndef PMDRAFT_WRITE_H
#define PMDRAFT_WRITE_H

#include <stdbool.h>
#include <stdio.h>

struct incident;

struct write_options {
	bool all;		/* --all: every message, not only key moments */
	bool stamp;		/* --stamp: note the generation time */
	const char *version;	/* pmdraft's version, for the footer */
};

struct writer {
	const char *name;	/* "html", "md", "json" */
	const char *ext;	/* ".html" ... */
	/* false on an I/O error (reported by the caller from ferror). */
	bool (*write)(const struct incident *inc, const struct write_options *opts, FILE *out);
};

extern const struct writer write_json;
extern const struct writer write_html;
extern const struct writer write_md;

/* By name ("html"), or NULL. */
const struct writer *write_find(const char *name);
/* By the output path's extension, else HTML. */
const struct writer *write_for_path(const char *path);

#endif
