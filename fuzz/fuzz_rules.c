/* fuzz_rules: the rule-file parser, PCRE2 compilation, inline tests and
 * proposals (with match limits against catastrophic patterns). */
#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "fuzz.h"
#include "rules.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct buf sink;
	char *text = xstrndup((const char *)data, size);
	struct rule_set *rs = rules_new();
	size_t total;
	diag_capture(&sink);
	rules_load_text(rs, "fuzz.rules", text);
	rules_run_tests(rs, &total);
	rules_propose(rs, "PagerDuty alert fired: orders-db p99 > 2s, rolling back", RULES_LANGS_ALL);
	rules_free(rs);
	free(text);
	buf_reset(&sink);
	diag_reset();
	return 0;
}
