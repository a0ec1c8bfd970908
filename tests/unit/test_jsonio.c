/* Unit tests: json-c glue, located errors and typed getters. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "jsonio.h"
#include "readfile.h"
#include "text.h"

static struct buf errors;

static struct json_object *parse(const char *s)
{
	buf_reset(&errors);
	return jsonio_parse(s, strlen(s), "x.json");
}


/* Invalid UTF-8 and NULs in strings, at any depth, leave the parser as
 * U+FFFD; valid strings are untouched and keys keep their values. */
static void test_repair(void)
{
	static const char doc[] = "[{\"text\": \"a\\u0000b\", \"n\": {\"t\": [\"\xC3\x28 \xFF\"]}},"
				  " \"caf\xC3\xA9\"]";
	struct json_object *o;
	buf_reset(&errors);
	o = jsonio_parse(doc, sizeof doc - 1, "x.json");
	CHECK(o != NULL);
	CHECK_STR(jsonio_string(json_object_array_get_idx(o, 0), "text"), "a\xEF\xBF\xBD" "b");
	CHECK_INT(json_object_get_string_len(jsonio_member(json_object_array_get_idx(o, 0), "text")), 5);
	CHECK_STR(json_object_get_string(json_object_array_get_idx(
		jsonio_dig(json_object_array_get_idx(o, 0), "n.t"), 0)),
		"\xEF\xBF\xBD( \xEF\xBF\xBD");
	CHECK_STR(json_object_get_string(json_object_array_get_idx(o, 1)), "caf\xC3\xA9");
	CHECK_STR(buf_str(&errors),
		  "x.json: warning: 3 invalid UTF-8 sequences or NUL bytes replaced with U+FFFD\n");
	json_object_put(o);
	/* keys too: a Teams export names events by key */
	o = parse("{\"Member\xFF\": {\"a\": 1}, \"ok\": \"yes\"}");
	CHECK(o != NULL);
	CHECK(jsonio_dig(o, "Member\xEF\xBF\xBD.a") != NULL);
	CHECK(jsonio_member(o, "Member\xFF") == NULL);
	CHECK_STR(jsonio_string(o, "ok"), "yes");
	json_object_put(o);
}

/* Valid UTF-8 files skip the repair walk unless an escape makes a NUL or a
 * surrogate: those are still repaired. */
static void test_escapes(void)
{
	struct json_object *o = parse("[\"ok \\\\u0000 \\\" fine\", \"nul\\u0000\", \"s\\ud800x\", \"pair \\ud83d\\ude00\"]");
	CHECK(o != NULL);
	CHECK_STR(json_object_get_string(json_object_array_get_idx(o, 0)), "ok \\u0000 \" fine");
	CHECK_STR(json_object_get_string(json_object_array_get_idx(o, 1)), "nul\xEF\xBF\xBD");
	CHECK(text_is_valid_utf8(json_object_get_string(json_object_array_get_idx(o, 2)),
				 (size_t)json_object_get_string_len(json_object_array_get_idx(o, 2))));
	CHECK_STR(json_object_get_string(json_object_array_get_idx(o, 3)), "pair \xF0\x9F\x98\x80");
	json_object_put(o);
	/* a pair is skipped whole; a low first, two highs or a lone low are not */
	o = parse("[\"\\ude00\\ud83d\", \"\\ud83d\\ud83d\\ude00\", \"x\\udc00\", \"\\ud83d\\ude00\\u0000\"]");
	CHECK(o != NULL);
	for (size_t i = 0; o && i < 4; i++) {
		struct json_object *v = json_object_array_get_idx(o, i);
		CHECK(text_is_valid_utf8(json_object_get_string(v), (size_t)json_object_get_string_len(v)));
	}
	CHECK_STR(json_object_get_string(json_object_array_get_idx(o, 3)), "\xF0\x9F\x98\x80\xEF\xBF\xBD");
	json_object_put(o);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f && fputs(text, f) >= 0);
	if (f)
		fclose(f);
}

/* Files read ahead come back in order with their diagnostics in order,
 * with or without a background thread. */
static void test_ahead(const char *tmpdir)
{
	static const char *const texts[] = {"[1]", "[2,", "\"caf\xFF\"", "[4]"};
	char *paths[4];
	for (size_t i = 0; i < 4; i++) {
		struct buf p = {0};
		buf_printf(&p, "%s/f%zu.json", tmpdir, i);
		write_text(buf_str(&p), texts[i]);
		paths[i] = buf_detach(&p);
	}
	for (int threads = 1; threads <= 2; threads++) {
		struct jsonio_ahead *a;
		struct json_object *d[4];
		struct buf want = {0};
		setenv("PMDRAFT_THREADS", threads == 1 ? "1" : "2", 1);
		buf_reset(&errors);
		a = jsonio_ahead_new(paths, 4);
		for (size_t i = 0; i < 4; i++) {
			d[i] = jsonio_ahead_next(a);
			CHECK(i == 1 ? d[i] == NULL : d[i] != NULL);
			if (i == 0 || i == 3)
				CHECK_INT(json_object_get_int(json_object_array_get_idx(d[i], 0)), i + 1);
			if (i == 2)
				CHECK_STR(json_object_get_string(d[i]), "caf\xEF\xBF\xBD");
		}
		CHECK(jsonio_ahead_next(a) == NULL);
		jsonio_ahead_free(a);
		buf_printf(&want, "%s:1:4: error: unexpected end of JSON (truncated file?)\n"
			   "%s: warning: 1 invalid UTF-8 sequence or NUL byte replaced with U+FFFD\n",
			   paths[1], paths[2]);
		CHECK_STR(buf_str(&errors), buf_str(&want));
		buf_free(&want);
	}
	unsetenv("PMDRAFT_THREADS");
	for (size_t i = 0; i < 4; i++) {
		remove(paths[i]);
		free(paths[i]);
	}
}

/* Files: special files are refused without blocking, big ones unread. */
static void test_files(const char *tmpdir)
{
	struct buf path = {0}, data = {0};
	FILE *f;
	buf_printf(&path, "%s/big.json", tmpdir);
	f = fopen(buf_str(&path), "wb");
	CHECK(f && fseek(f, (long)READFILE_MAX_BYTES, SEEK_SET) == 0 && fputc(']', f) == ']');
	if (f)
		fclose(f);
	buf_reset(&errors);
	CHECK(jsonio_load(buf_str(&path), "big.json") == NULL);
	CHECK_STR(buf_str(&errors), "big.json: error: too large: 67108865 bytes, "
		  "over the 64 MiB limit for one input file\n");
	remove(buf_str(&path));
	buf_reset(&errors);
	CHECK(jsonio_load(tmpdir, "dir") == NULL);
	CHECK_STR(buf_str(&errors), "dir: error: not a regular file (a folder)\n");
	buf_reset(&errors);
	CHECK(!readfile_load("/dev/zero", "zero", &data));
	CHECK_STR(buf_str(&errors), "zero: error: not a regular file\n");
	CHECK_INT(data.len, 0);
	buf_free(&path);
	buf_free(&data);
}

int main(void)
{
	char tmpdir[] = "/tmp/test_jsonio.XXXXXX";
	struct json_object *o;
	int64_t n = 0;
	diag_capture(&errors);
	CHECK(parse("[1, 2,\n  {\"a\": }]") == NULL);
	CHECK_STR(buf_str(&errors), "x.json:2:9: error: invalid JSON: unexpected character\n");
	CHECK(parse("[1, 2") == NULL);
	CHECK_STR(buf_str(&errors), "x.json:1:6: error: unexpected end of JSON (truncated file?)\n");
	CHECK(parse("") == NULL);
	CHECK_STR(buf_str(&errors), "x.json: error: empty file, expected JSON\n");
	CHECK(parse("[] []") == NULL);
	CHECK_STR(buf_str(&errors), "x.json:1:4: error: invalid JSON: unexpected character\n");
	{	/* hostile nesting is refused by depth, not by the stack */
		struct buf deep = {0};
		for (int i = 0; i < 200000; i++)
			buf_putc(&deep, '[');
		CHECK(parse(buf_str(&deep)) == NULL);
		CHECK(strstr(buf_str(&errors), "too deep") != NULL);
		buf_free(&deep);
	}
	o = parse("{\"Id\": \"7\", \"n\": \"42\", \"m\": 5, \"b\": true, \"a\": {\"b\": {\"c\": \"deep\"}}, \"z\": null}");
	CHECK(o != NULL);
	CHECK_STR(jsonio_string(o, "id"), "7");	/* case-insensitive fallback */
	CHECK(jsonio_string(o, "m") == NULL);
	CHECK(jsonio_int(o, "n", &n) && n == 42);
	CHECK(jsonio_int(o, "m", &n) && n == 5);
	CHECK(!jsonio_int(o, "Id2", &n));
	CHECK(jsonio_bool(o, "b"));
	CHECK_STR(jsonio_dig_string(o, "a.b.c"), "deep");
	CHECK(jsonio_dig(o, "a.x.c") == NULL);
	CHECK(jsonio_member(o, "z") == NULL);
	CHECK(jsonio_array(o, "a") == NULL);
	json_object_put(o);
	test_repair();
	test_escapes();
	if (mkdtemp(tmpdir)) {
		test_files(tmpdir);
		test_ahead(tmpdir);
		rmdir(tmpdir);
	} else {
		CHECK(!"mkdtemp");
	}
	diag_capture(NULL);
	buf_free(&errors);
	return check_done("jsonio");
}
