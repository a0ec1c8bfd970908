/* Unit tests: json-c glue, located errors and typed getters. */
#include <json-c/json.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "jsonio.h"

static struct buf errors;

static struct json_object *parse(const char *s)
{
	buf_reset(&errors);
	return jsonio_parse(s, strlen(s), "x.json");
}

int main(void)
{
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
	diag_capture(NULL);
	buf_free(&errors);
	return check_done("jsonio");
}
