/* jsonio: json-c glue. Loads a file with line:col errors and offers typed,
 * NULL-safe member access; no importer calls json-c's parser directly. */
#ifndef PMDRAFT_JSONIO_H
#define PMDRAFT_JSONIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct json_object;
struct buf;

/* Deep enough for Block Kit and Graph cards, shallow enough that hostile
 * nesting is refused by the tokener instead of overflowing the stack. */
#define JSONIO_MAX_DEPTH 64

/* Parses a whole file (a regular file of at most READFILE_MAX_BYTES). On
 * failure reports "display:line:col: error: ..." (or an I/O error) and
 * returns NULL. Every string in the result is valid UTF-8 without NUL bytes:
 * invalid sequences and NULs are replaced with U+FFFD, with one warning per
 * document. The caller owns the result (json_object_put). */
struct json_object *jsonio_load(const char *path, const char *display);
/* Parses a buffer; same limits, repair and reporting, `display` names it. */
struct json_object *jsonio_parse(const char *data, size_t len, const char *display);
/* The same, reporting syntax problems at `level` (a JSON document nested in
 * a string, such as a Teams card, is a warning: its message is still read). */
struct json_object *jsonio_parse_as(const char *data, size_t len, const char *display,
				    enum diag_level level);

/* A list of files parsed in order on a background thread, a couple ahead of
 * the caller, who turns one document into the model while the next is
 * parsed. Documents and their diagnostics come back in the order given, so
 * nothing depends on timing. Without threads, each is parsed when asked. */
struct jsonio_ahead;
/* paths (borrowed, each also its display name) must outlive the reader. */
struct jsonio_ahead *jsonio_ahead_new(char *const *paths, size_t n);
/* The next file's document, as jsonio_load() would give it (its diagnostics
 * reported now); NULL when it failed or after the last. Owned by the reader
 * and valid until the next call: released on the background thread. */
struct json_object *jsonio_ahead_next(struct jsonio_ahead *a);
void jsonio_ahead_free(struct jsonio_ahead *a);

/* Member by exact key, else by case-insensitive key (Teams export files use
 * PascalCase); NULL when absent or JSON null. */
struct json_object *jsonio_member(struct json_object *obj, const char *key);
/* The string value of a member, NULL when absent, null or not a string. */
const char *jsonio_string(struct json_object *obj, const char *key);
/* A string member, or a number written as a string (Slack "created"). */
bool jsonio_int(struct json_object *obj, const char *key, int64_t *out);
bool jsonio_bool(struct json_object *obj, const char *key);
/* The array member, or NULL when absent or not an array. */
struct json_object *jsonio_array(struct json_object *obj, const char *key);
/* Follows "a.b.c" through objects. */
struct json_object *jsonio_dig(struct json_object *obj, const char *dotted);
const char *jsonio_dig_string(struct json_object *obj, const char *dotted);

/* 1-based line and column (in bytes) of a byte offset into data. */
void jsonio_position(const char *data, size_t offset, long *line, long *col);

#endif
