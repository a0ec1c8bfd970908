/* jsonio: the only caller of json-c's tokener; located errors and typed getters. */
#include "jsonio.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "parallel.h"
#include "readfile.h"
#include "text.h"
#include "xalloc.h"

void jsonio_position(const char *data, size_t offset, long *line, long *col)
{
	long l = 1, c = 1;
	for (size_t i = 0; i < offset; i++) {
		if (data[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Keys reach the model too (a Teams export names an event by its key), so
 * an invalid one is replaced by its repair, keeping its value. */
static size_t repair_keys(struct json_object *obj)
{
	char **bad = NULL;
	size_t n = 0, cap = 0, count = 0;
	json_object_object_foreach(obj, key, member) {
		(void)member;
		if (!text_is_valid_utf8(key, strlen(key))) {
			bad = xgrow(bad, &cap, n + 1, sizeof *bad);
			bad[n++] = xstrdup(key);
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct buf fixed = {0};
		struct json_object *val = json_object_get(json_object_object_get(obj, bad[i]));
		count += text_repair_utf8(bad[i], strlen(bad[i]), &fixed);
		json_object_object_del(obj, bad[i]);
		json_object_object_add(obj, buf_str(&fixed), val);
		buf_free(&fixed);
		free(bad[i]);
	}
	free(bad);
	return count;
}

/* Repairs every string of the tree in place: invalid UTF-8 and NUL bytes
 * ("\u0000") become U+FFFD, so importers and writers only ever see valid
 * UTF-8 C strings. Returns the number of replacements. The tokener's depth
 * limit bounds the recursion. */
static size_t repair_strings(struct json_object *v)
{
	size_t bad = 0;
	switch (json_object_get_type(v)) {
	case json_type_string: {
		const char *s = json_object_get_string(v);
		size_t len = (size_t)json_object_get_string_len(v);
		struct buf fixed = {0};
		if (text_is_valid_utf8(s, len))
			return 0;
		bad = text_repair_utf8(s, len, &fixed);
		/* a repair at most triples a string, far below INT_MAX under the cap */
		if (fixed.len <= INT_MAX)
			json_object_set_string_len(v, buf_str(&fixed), (int)fixed.len);
		buf_free(&fixed);
		return bad;
	}
	case json_type_array:
		for (size_t i = 0; i < json_object_array_length(v); i++)
			bad += repair_strings(json_object_array_get_idx(v, i));
		return bad;
	case json_type_object: {
		json_object_object_foreach(v, key, member) {
			(void)key;
			bad += repair_strings(member);
		}
		return bad + repair_keys(v);
	}
	default:
		return 0;
	}
}

static bool hex_in(char c, const char *set)
{
	return c && strchr(set, c);
}

/* Whether the tree can hold a string that is not valid UTF-8 or has a NUL:
 * only when the text is not valid UTF-8 itself, or escapes a NUL or a lone
 * surrogate (an emoji's pair is fine). Most exports need no walk of their
 * tree at all. */
static bool may_need_repair(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	if (!text_is_valid_utf8(data, len))
		return true;
	while ((p = memchr(p, '\\', (size_t)(end - p))) && end - p >= 6) {
		bool surrogate = p[1] == 'u' && hex_in(p[2], "dD") && hex_in(p[3], "89abcdefABCDEF");
		if (p[1] == 'u' && !strncmp(p + 2, "0000", 4))
			return true;
		if (surrogate && !(hex_in(p[3], "89abAB") && end - p >= 12 && p[6] == '\\' &&
				   p[7] == 'u' && hex_in(p[8], "dD") && hex_in(p[9], "cdefCDEF")))
			return true;	/* lone, or a low one first */
		p += surrogate ? 12 : 2;
	}
	return false;
}

static void report_repairs(const char *display, size_t bad)
{
	if (bad)
		diag_at(DIAG_WARNING, display, 0, 0,
			"%zu invalid UTF-8 sequence%s or NUL byte%s replaced with U+FFFD",
			bad, bad == 1 ? "" : "s", bad == 1 ? "" : "s");
}

struct json_object *jsonio_parse_as(const char *data, size_t len, const char *display,
				    enum diag_level level)
{
	struct json_tokener *tok = json_tokener_new_ex(JSONIO_MAX_DEPTH);
	struct json_object *obj;
	enum json_tokener_error err;
	size_t end;
	long line, col;

	if (!tok) {
		diag_at(DIAG_SYSERR, display, 0, 0, "out of memory for the JSON parser");
		return NULL;
	}
	if (len == 0) {
		diag_at(level, display, 0, 0, "empty file, expected JSON");
		json_tokener_free(tok);
		return NULL;
	}
	/* the tokener takes an int length; files are capped far below it */
	if (len > READFILE_MAX_BYTES) {
		diag_at(level, display, 0, 0,
			"too large: %zu bytes, over the %u MiB limit for one input file",
			len, READFILE_MAX_BYTES >> 20);
		json_tokener_free(tok);
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, data, (int)len);
	err = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (err == json_tokener_continue) {
		jsonio_position(data, len, &line, &col);
		diag_at(level, display, line, col, "unexpected end of JSON (truncated file?)");
	} else if (err != json_tokener_success) {
		jsonio_position(data, end, &line, &col);
		diag_at(level, display, line, col, "invalid JSON: %s",
			json_tokener_error_desc(err));
	} else {
		/* anything after the value but white space is an error too */
		while (end < len && strchr(" \t\r\n", data[end]))
			end++;
		if (end < len) {
			jsonio_position(data, end, &line, &col);
			diag_at(level, display, line, col,
				"invalid JSON: unexpected data after the top-level value");
			json_object_put(obj);
			obj = NULL;
		}
	}
	if (err != json_tokener_success)
		obj = NULL;
	json_tokener_free(tok);
	if (obj && may_need_repair(data, len))
		report_repairs(display, repair_strings(obj));
	return obj;
}

struct json_object *jsonio_parse(const char *data, size_t len, const char *display)
{
	return jsonio_parse_as(data, len, display, DIAG_ERROR);
}

struct json_object *jsonio_load(const char *path, const char *display)
{
	struct buf data = {0};
	struct json_object *obj = NULL;
	if (readfile_load(path, display, &data))
		obj = jsonio_parse(buf_str(&data), data.len, display);
	buf_free(&data);
	return obj;
}

/* ---- reading ahead ---- */

/* Two documents ahead keeps both cores busy; json-c trees are ~10 times
 * their file, so no more. */
#define AHEAD_DEPTH 2

struct ahead_slot {
	struct json_object *doc;
	struct buf diags;	/* held while parsed on the background thread */
};

struct jsonio_ahead {
	char *const *paths;
	size_t n, next;
	struct ahead_slot *slots;	/* owned; n entries */
	struct buf data;		/* the read buffer, reused file after file */
	size_t freed;			/* slots below it are released */
	struct parallel_ahead *pa;
};

static void release_below(struct jsonio_ahead *a, size_t done)
{
	for (; a->freed < done && a->freed < a->n; a->freed++) {
		json_object_put(a->slots[a->freed].doc);
		a->slots[a->freed].doc = NULL;
		buf_free(&a->slots[a->freed].diags);
	}
}

/* Runs on the background thread: releases what the caller is done with,
 * then reads and parses file i, holding its diagnostics. */
static void parse_ahead(void *ctx, size_t i, size_t done)
{
	struct jsonio_ahead *a = ctx;
	struct ahead_slot *s = &a->slots[i];
	release_below(a, done);
	diag_hold(&s->diags);
	buf_reset(&a->data);
	if (readfile_load(a->paths[i], a->paths[i], &a->data))
		s->doc = jsonio_parse(buf_str(&a->data), a->data.len, a->paths[i]);
	diag_hold(NULL);
}

struct jsonio_ahead *jsonio_ahead_new(char *const *paths, size_t n)
{
	struct jsonio_ahead *a = xcalloc(1, sizeof *a);
	a->paths = paths;
	a->n = n;
	a->slots = xcalloc(n + 1, sizeof *a->slots);
	a->pa = parallel_ahead_start(n, AHEAD_DEPTH, parse_ahead, a);
	return a;
}

struct json_object *jsonio_ahead_next(struct jsonio_ahead *a)
{
	struct ahead_slot *s;
	if (a->next >= a->n)
		return NULL;
	parallel_ahead_wait(a->pa, a->next);
	s = &a->slots[a->next++];
	diag_release(&s->diags);
	return s->doc;
}

void jsonio_ahead_free(struct jsonio_ahead *a)
{
	if (!a)
		return;
	parallel_ahead_finish(a->pa);
	release_below(a, a->n);
	buf_free(&a->data);
	free(a->slots);
	free(a);
}

/* ---- members ---- */

struct json_object *jsonio_member(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;
	if (!obj || !json_object_is_type(obj, json_type_object))
		return NULL;
	if (json_object_object_get_ex(obj, key, &v))
		return v;
	/* most members asked for are absent: compare first letters before
	 * whole keys */
	json_object_object_foreach(obj, k, val) {
		if (tolower((unsigned char)*k) == tolower((unsigned char)*key) && strcasecmp(k, key) == 0)
			return val;
	}
	return NULL;
}

const char *jsonio_string(struct json_object *obj, const char *key)
{
	struct json_object *v = jsonio_member(obj, key);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

bool jsonio_int(struct json_object *obj, const char *key, int64_t *out)
{
	struct json_object *v = jsonio_member(obj, key);
	char *end;
	long long n;
	if (!v)
		return false;
	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return true;
	}
	if (!json_object_is_type(v, json_type_string))
		return false;
	errno = 0;
	n = strtoll(json_object_get_string(v), &end, 10);
	if (errno || *end || end == json_object_get_string(v))
		return false;
	*out = n;
	return true;
}

bool jsonio_bool(struct json_object *obj, const char *key)
{
	struct json_object *v = jsonio_member(obj, key);
	return v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

struct json_object *jsonio_array(struct json_object *obj, const char *key)
{
	struct json_object *v = jsonio_member(obj, key);
	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

struct json_object *jsonio_dig(struct json_object *obj, const char *dotted)
{
	char key[128];
	while (obj && *dotted) {
		size_t n = strcspn(dotted, ".");
		if (n >= sizeof key)
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		obj = jsonio_member(obj, key);
		dotted += n + (dotted[n] == '.');
	}
	return obj;
}

const char *jsonio_dig_string(struct json_object *obj, const char *dotted)
{
	struct json_object *v = jsonio_dig(obj, dotted);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}
