/* text: UTF-8 and escaping helpers shared by importers and writers. */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"

static const char replacement[] = "\xEF\xBF\xBD";

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	unsigned long cp;
	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

size_t text_repair_utf8(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, bad = 0;
	buf_grow(out, len);
	while (i < len) {
		size_t n = utf8_seq(p + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_puts(out, replacement);
		bad++;
		i++;
		start = i;
	}
	buf_add(out, s + start, len - start);
	return bad;
}

/* True when the 8 bytes at p are ASCII without NUL: whole exports are
 * checked, and almost all of their bytes are plain ASCII. */
static bool ascii8(const unsigned char *p)
{
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	uint64_t w;
	memcpy(&w, p, sizeof w);
	return !(w & high) && !((w - ones) & ~w & high);
}

bool text_is_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	while (i < len) {
		if (len - i >= 8 && ascii8(p + i)) {
			i += 8;
			continue;
		}
		if (!(n = utf8_seq(p + i, len - i)))
			return false;
		i += n;
	}
	return true;
}

void text_put_codepoint(struct buf *out, unsigned long cp)
{
	char b[4];
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		buf_puts(out, replacement);
	} else if (cp < 0x80) {
		buf_putc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 4);
	}
}

void text_escape_html(const char *s, struct buf *out)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(out, run, (size_t)(s - run));
		buf_puts(out, rep);
		run = s + 1;
	}
	buf_add(out, run, (size_t)(s - run));
}

void text_escape_md(const char *s, struct buf *out)
{
	/* Backslash-escape every ASCII punctuation that GFM can read as markup;
	 * < and > and & become entities so no raw HTML survives. */
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '<')
			buf_puts(out, "&lt;");
		else if (c == '>')
			buf_puts(out, "&gt;");
		else if (c == '&')
			buf_puts(out, "&amp;");
		else if (c == '\n')
			buf_puts(out, "<br>");
		else if (c != '\r' && strchr("\\`*_{}[]()#+-.!|~\"'", c) && c) {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c != '\r')
			buf_putc(out, (char)c);
	}
}

bool text_url_is_safe(const char *url)
{
	static const char *const schemes[] = {"http://", "https://", "mailto:"};
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return !strpbrk(url, " \t\r\n\"'<>`");
	return false;
}

/* Query parameters whose value is a credential. */
static bool secret_param(const char *name, size_t len)
{
	static const char *const names[] = {"t", "token", "access_token", "sig",
					    "signature", "x-amz-signature",
					    "x-amz-credential", "key", "api_key",
					    "apikey", "password", "secret"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == len && strncasecmp(name, names[i], len) == 0)
			return true;
	return false;
}

bool text_url_has_token(const char *url)
{
	static const char *const slack[] = {"xoxa-", "xoxb-", "xoxe-", "xoxo-",
					    "xoxp-", "xoxr-", "xoxs-"};
	const char *p = strchr(url, '?'), *at, *scheme;
	for (size_t i = 0; i < sizeof slack / sizeof *slack; i++)
		if (strstr(url, slack[i]))
			return true;
	/* user:password@host */
	scheme = strstr(url, "://");
	at = scheme ? strchr(scheme + 3, '@') : NULL;
	if (at && memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) &&
	    !memchr(scheme + 3, '/', (size_t)(at - scheme - 3)))
		return true;
	while (p && *p) {
		const char *name = p + 1;
		size_t n = strcspn(name, "=&#");
		if (name[n] == '=' && secret_param(name, n))
			return true;
		p = strchr(name, '&');
	}
	return false;
}

void text_squeeze(char *s)
{
	char *w = s;
	bool space = true;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t') {
			if (!space)
				*w++ = ' ';
			space = true;
		} else {
			if (*r == '\n')
				while (w > s && w[-1] == ' ')
					w--;
			*w++ = *r;
			space = *r == '\n';
		}
	}
	while (w > s && (w[-1] == ' ' || w[-1] == '\n'))
		w--;
	*w = '\0';
}

void text_trim(struct buf *b)
{
	size_t start = 0;
	while (b->len && isspace((unsigned char)b->data[b->len - 1]))
		b->data[--b->len] = '\0';
	while (start < b->len && isspace((unsigned char)b->data[start]))
		start++;
	if (start) {
		memmove(b->data, b->data + start, b->len - start + 1);
		b->len -= start;
	}
}

/* Common shortcodes as Slack and Teams users type them, sorted by name for
 * bsearch; an unknown code stays as written. Not a full emoji database:
 * the chat's own words matter more than its decoration. */
static const struct emoji {
	const char *name, *utf8;
} emoji_table[] = {
	{"+1", "\xF0\x9F\x91\x8D"}, {"-1", "\xF0\x9F\x91\x8E"},
	{"arrow_down", "\xE2\xAC\x87\xEF\xB8\x8F"}, {"arrow_forward", "\xE2\x96\xB6\xEF\xB8\x8F"},
	{"arrow_right", "\xE2\x9E\xA1\xEF\xB8\x8F"}, {"arrow_up", "\xE2\xAC\x86\xEF\xB8\x8F"},
	{"bow", "\xF0\x9F\x99\x87"}, {"bulb", "\xF0\x9F\x92\xA1"},
	{"chart_with_downwards_trend", "\xF0\x9F\x93\x89"},
	{"chart_with_upwards_trend", "\xF0\x9F\x93\x88"}, {"clap", "\xF0\x9F\x91\x8F"},
	{"coffee", "\xE2\x98\x95"}, {"crossed_fingers", "\xF0\x9F\xA4\x9E"},
	{"cry", "\xF0\x9F\x98\xA2"}, {"dart", "\xF0\x9F\x8E\xAF"},
	{"disappointed", "\xF0\x9F\x98\x9E"}, {"exclamation", "\xE2\x9D\x97"},
	{"eyes", "\xF0\x9F\x91\x80"}, {"face_palm", "\xF0\x9F\xA4\xA6"},
	{"facepalm", "\xF0\x9F\xA4\xA6"}, {"fire", "\xF0\x9F\x94\xA5"},
	{"grimacing", "\xF0\x9F\x98\xAC"}, {"heart", "\xE2\x9D\xA4\xEF\xB8\x8F"},
	{"heavy_check_mark", "\xE2\x9C\x94\xEF\xB8\x8F"},
	{"hourglass_flowing_sand", "\xE2\x8F\xB3"}, {"large_green_circle", "\xF0\x9F\x9F\xA2"},
	{"loudspeaker", "\xF0\x9F\x93\xA2"}, {"mag", "\xF0\x9F\x94\x8D"},
	{"ok_hand", "\xF0\x9F\x91\x8C"}, {"point_down", "\xF0\x9F\x91\x87"},
	{"point_right", "\xF0\x9F\x91\x89"}, {"point_up", "\xE2\x98\x9D\xEF\xB8\x8F"},
	{"pray", "\xF0\x9F\x99\x8F"}, {"raised_hands", "\xF0\x9F\x99\x8C"},
	{"raising_hand", "\xF0\x9F\x99\x8B"}, {"red_circle", "\xF0\x9F\x94\xB4"},
	{"rocket", "\xF0\x9F\x9A\x80"}, {"rotating_light", "\xF0\x9F\x9A\xA8"},
	{"scream", "\xF0\x9F\x98\xB1"}, {"see_no_evil", "\xF0\x9F\x99\x88"},
	{"shrug", "\xF0\x9F\xA4\xB7"}, {"sleeping", "\xF0\x9F\x98\xB4"},
	{"slightly_smiling_face", "\xF0\x9F\x99\x82"}, {"smile", "\xF0\x9F\x98\x84"},
	{"sweat_smile", "\xF0\x9F\x98\x85"}, {"tada", "\xF0\x9F\x8E\x89"},
	{"thinking_face", "\xF0\x9F\xA4\x94"}, {"thread", "\xF0\x9F\xA7\xB5"},
	{"thumbsdown", "\xF0\x9F\x91\x8E"}, {"thumbsup", "\xF0\x9F\x91\x8D"},
	{"upside_down_face", "\xF0\x9F\x99\x83"}, {"warning", "\xE2\x9A\xA0\xEF\xB8\x8F"},
	{"wave", "\xF0\x9F\x91\x8B"}, {"weary", "\xF0\x9F\x98\xA9"},
	{"white_check_mark", "\xE2\x9C\x85"}, {"wink", "\xF0\x9F\x98\x89"},
	{"x", "\xE2\x9D\x8C"}, {"zzz", "\xF0\x9F\x92\xA4"},
};

static int compare_emoji(const void *key, const void *elem)
{
	const struct emoji *k = key, *e = elem;
	return strcmp(k->name, e->name);
}

const char *text_emoji(const char *name, size_t len)
{
	char key[40];
	struct emoji k = {key, NULL};
	const struct emoji *e;
	if (len == 0 || len >= sizeof key)
		return NULL;
	memcpy(key, name, len);
	key[len] = '\0';
	e = bsearch(&k, emoji_table, sizeof emoji_table / sizeof *emoji_table,
		    sizeof *emoji_table, compare_emoji);
	return e ? e->utf8 : NULL;
}

size_t text_shortcode_at(const char *s, const char **utf8)
{
	size_t n = 1;
	if (s[0] != ':')
		return 0;
	while (s[n] && (islower((unsigned char)s[n]) || isdigit((unsigned char)s[n]) ||
			s[n] == '_' || s[n] == '+' || s[n] == '-'))
		n++;
	if (s[n] != ':' || !(*utf8 = text_emoji(s + 1, n - 1)))
		return 0;
	n++;
	/* a skin tone modifier (":+1::skin-tone-2:") goes with its emoji */
	if (!strncmp(s + n, ":skin-tone-", 11) && s[n + 11] >= '2' && s[n + 11] <= '6' &&
	    s[n + 12] == ':')
		n += 13;
	return n;
}

size_t text_label_len(const char *s, size_t max, bool *cut)
{
	size_t chars = 0, i = 0, keep = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == max - 1)
			keep = i;
		if (chars++ == max) {
			*cut = true;
			return keep;
		}
	}
	*cut = false;
	return i;
}

void text_put_label(struct buf *out, const char *s, size_t max)
{
	bool cut;
	size_t n = text_label_len(s, max, &cut);
	buf_add(out, s, n);
	if (cut)
		buf_puts(out, "\xE2\x80\xA6");
}
