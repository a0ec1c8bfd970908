/* fuzz_htmltext: Teams HTML bodies to text; no tag may survive, link
 * spans must stay inside the text and no kept link may carry a token. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "htmltext.h"
#include "text.h"

static const char *mention(void *ctx, const char *id, const char **who)
{
	(void)ctx;
	*who = id;
	return id[0] == '0' ? "Mika Tanaka" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct htmltext_refs refs = {mention, NULL, NULL};
	struct htmltext_result res = {0};
	htmltext_convert((const char *)data, size, &refs, &res);
	for (size_t i = 0; i < res.nlinks; i++)
		if (res.links[i].offset + res.links[i].len > res.text.len ||
		    text_url_has_token(res.links[i].url))
			abort();
	htmltext_result_finish(&res);
	return 0;
}
