/* text: UTF-8 repair, entity decoding and escaping for HTML and Markdown.
 * Every byte that reaches a writer from an export goes through here. */
#ifndef PMDRAFT_TEXT_H
#define PMDRAFT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Labels (display names, channel names, topics, file names, owners) longer
 * than this many characters are cut: each entry repeats its author, so an
 * uncut 10 MB display name would be written once per message. */
#define TEXT_LABEL_MAX 200

/* The bytes of s to keep for a label of at most max characters (max >= 2):
 * strlen(s) when it fits, else the bytes of its first max - 1 characters,
 * to which the caller appends an ellipsis. Reads at most 4 * max bytes. */
size_t text_label_len(const char *s, size_t max, bool *cut);
/* Appends s to out as a label of at most max characters, "\u2026" ending a
 * cut one. */
void text_put_label(struct buf *out, const char *s, size_t max);

/* Appends s[0..len) to out with every invalid UTF-8 sequence and every NUL
 * replaced by U+FFFD; returns the number of replacements. */
size_t text_repair_utf8(const char *s, size_t len, struct buf *out);
bool text_is_valid_utf8(const char *s, size_t len);
/* Appends the UTF-8 encoding of code point cp (invalid ones as U+FFFD). */
void text_put_codepoint(struct buf *out, unsigned long cp);

/* Escapes & < > " ' for HTML text and attribute values. */
void text_escape_html(const char *s, struct buf *out);
/* Escapes everything Markdown (GFM) or inline HTML could read as markup. */
void text_escape_md(const char *s, struct buf *out);
/* True for http:, https: and mailto: URLs only (case-insensitive scheme). */
bool text_url_is_safe(const char *url);
/* True when the URL carries something secret-looking (Slack file tokens
 * "?t=xox...", access_token=...), so it must never be written out. */
bool text_url_has_token(const char *url);

/* The emoji of a common shortcode name ("rotating_light", without colons),
 * or NULL when the table does not know it. */
const char *text_emoji(const char *name, size_t len);
/* When s starts with a known ":shortcode:" (and an optional skin tone
 * ":skin-tone-N:"), sets *utf8 to its emoji and returns the bytes it
 * spans; else 0. */
size_t text_shortcode_at(const char *s, const char **utf8);

/* Removes white space at both ends of b. */
void text_trim(struct buf *b);
/* Collapses runs of blanks and trims both ends, in place. */
void text_squeeze(char *s);

#endif
