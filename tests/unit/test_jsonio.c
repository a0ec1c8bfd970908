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
	if (mkdtemp(tmpdir)) {
		test_files(tmpdir);
		rmdir(tmpdir);
	} else {
		CHECK(!"mkdtemp");
	}
	diag_capture(NULL);
	buf_free(&errors);
	return check_done("jsonio");
}
