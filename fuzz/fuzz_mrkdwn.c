/* fuzz_mrkdwn: Slack mrkdwn to text; link spans must stay inside the text. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mrkdwn.h"
#include "xalloc.h"

static const char *name(void *ctx, const char *id)
{
	(void)ctx;
	return id[0] == 'U' ? "Display Name" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = xstrndup((const char *)data, size);
	struct mrkdwn_names names = {name, name, NULL};
	struct mrkdwn_result res = {0};
	mrkdwn_convert(in, &names, &res);
	for (size_t i = 0; i < res.nlinks; i++)
		if (res.links[i].offset + res.links[i].len > res.text.len)
			abort();
	mrkdwn_result_finish(&res);
	free(in);
	return 0;
}
