/* htmltext: Teams message HTML and Teams cards to pmdraft's plain text
 * (incident.h's convention): block tags become lines, lists "- " lines,
 * <at> mentions "@Name" (a person split over several <at> tags, one per
 * word, becomes one mention), links their label with the URL kept aside,
 * <pre>/<codeblock> ``` fenced blocks, <code> `inline` spans, <emoji> its
 * alt, every entity decoded. A tolerant tokenizer, not an HTML engine: any
 * byte sequence is accepted and nothing that looks like a tag survives. */
#ifndef PMDRAFT_HTMLTEXT_H
#define PMDRAFT_HTMLTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct json_object;

struct htmltext_link {
	char *url;		/* owned, entities decoded */
	size_t offset, len;	/* the label's span in text */
};

struct htmltext_result {
	struct buf text;
	struct htmltext_link *links;	/* owned */
	size_t nlinks, links_cap;
};

/* Lookups for what the HTML only points at; any member may be NULL. */
struct htmltext_refs {
	/* Display name for <at id="id">, or NULL to keep the tag's text.
	 * *who identifies the mentioned entity (a user id) so that adjacent
	 * tags naming the same one merge; it may be left NULL. */
	const char *(*mention)(void *ctx, const char *id, const char **who);
	/* Appends what <attachment id="id"> stands for to res. */
	void (*attachment)(void *ctx, const char *id, struct htmltext_result *res);
	void *ctx;
};

/* Appends the text of html[0..len) to res (text and links accumulate, so a
 * body and its cards can share one result). */
void htmltext_convert(const char *html, size_t len, const struct htmltext_refs *refs,
		      struct htmltext_result *res);
/* Appends, on lines of their own, the texts of a parsed card: adaptive
 * (TextBlock, RichTextBlock, FactSet, ColumnSet, Container, Action.OpenUrl),
 * hero/thumbnail and similar (title, subtitle, text, buttons) and Office 365
 * connector cards (sections, facts). */
void htmltext_card(struct json_object *card, struct htmltext_result *res);
/* Decodes the entity at s (starting with '&') into out; returns the bytes it
 * spans, or 0 (out untouched) when s does not start a known entity. */
size_t htmltext_entity(const char *s, size_t len, struct buf *out);
/* Adds a link over text[offset, offset+len). */
void htmltext_add_link(struct htmltext_result *res, const char *url, size_t offset,
		       size_t len);
/* Ends the current line of res->text, dropping trailing blanks. */
void htmltext_newline(struct htmltext_result *res);
void htmltext_result_finish(struct htmltext_result *res);

#endif
