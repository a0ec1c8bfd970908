/* fuzz_json: json-c glue (located errors, depth limit) and typed getters. */
#include <json-c/json.h>

#include "buf.h"
#include "diag.h"
#include "fuzz.h"
#include "jsonio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf sink;
	struct json_object *o;
	diag_capture(&sink);
	o = jsonio_parse((const char *)data, size, "fuzz.json");
	if (o) {
		int64_t n;
		jsonio_string(o, "ts");
		jsonio_int(o, "created", &n);
		jsonio_dig_string(o, "user_profile.real_name");
		jsonio_array(o, "messages");
		json_object_put(o);
	}
	buf_reset(&sink);
	diag_reset();
	return 0;
}
