/* fuzz_datetime: every time and date parser, including relative due dates. */
#include <stdlib.h>

#include "buf.h"
#include "datetime.h"
#include "fuzz.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool zoned;
	char *s = xstrndup((const char *)data, size);
	struct date anchor = {2026, 6, 3}, d;
	struct buf out = {0};
	int64_t t;
	if (!zoned)
		zoned = datetime_set_zone("Europe/Amsterdam");
	if (parse_slack_ts(s, &t) || parse_iso_time(s, &t))
		datetime_format_iso(t, &out);
	if (parse_date(s, &d))
		date_format(d, &out);
	if (parse_due(s, anchor, &d))
		date_format(d, &out);
	buf_free(&out);
	free(s);
	return 0;
}
