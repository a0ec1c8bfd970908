/* mrkdwn: Slack's message markup to pmdraft's plain text (incident.h's
 * convention): mentions and links resolved, entities decoded, style markers
 * stripped, code kept as ``` blocks and `inline` spans. */
#ifndef PMDRAFT_MRKDWN_H
#define PMDRAFT_MRKDWN_H

#include <stddef.h>

#include "buf.h"

/* Name lookups; either may be NULL or return NULL for "unknown". */
struct mrkdwn_names {
	const char *(*user)(void *ctx, const char *id);
	const char *(*channel)(void *ctx, const char *id);
	void *ctx;
};

struct mrkdwn_link {
	char *url;		/* owned, entities decoded */
	size_t offset, len;	/* the label's span in text */
};

struct mrkdwn_result {
	struct buf text;
	struct mrkdwn_link *links;	/* owned */
	size_t nlinks, links_cap;
};

/* Appends the conversion of `in` to res (text and links accumulate, so a
 * message's text and its attachments can share one result). */
void mrkdwn_convert(const char *in, const struct mrkdwn_names *names,
		    struct mrkdwn_result *res);
void mrkdwn_result_finish(struct mrkdwn_result *res);

#endif
