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
