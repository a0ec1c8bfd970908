/* htmltext: one pass over Teams HTML with a small tag state; cards walked as JSON. */
#include "htmltext.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonio.h"
#include "text.h"
#include "xalloc.h"

/* Latin-1 entity names, U+00A0 to U+00FF in order. */
static const char *const latin1[96] = {
	"nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
	"uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
	"deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
	"cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
	"Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
	"Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
	"ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
	"Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
	"agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
	"egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
	"eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
	"oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
};

static const struct {
	const char *name;
	unsigned long cp;
} named[] = {
	{"quot", 34}, {"QUOT", 34}, {"amp", 38}, {"AMP", 38}, {"apos", 39},
	{"lt", 60}, {"LT", 60}, {"gt", 62}, {"GT", 62}, {"COPY", 169}, {"REG", 174},
	{"Tab", 9}, {"NewLine", 10}, {"excl", 33}, {"num", 35}, {"dollar", 36},
	{"percnt", 37}, {"lpar", 40}, {"rpar", 41}, {"ast", 42}, {"plus", 43},
	{"comma", 44}, {"period", 46}, {"sol", 47}, {"colon", 58}, {"semi", 59},
	{"equals", 61}, {"quest", 63}, {"commat", 64}, {"lsqb", 91}, {"bsol", 92},
	{"rsqb", 93}, {"Hat", 94}, {"lowbar", 95}, {"grave", 96}, {"lcub", 123},
	{"verbar", 124}, {"rcub", 125}, {"OElig", 338}, {"oelig", 339},
	{"Scaron", 352}, {"scaron", 353}, {"Yuml", 376}, {"fnof", 402},
	{"circ", 710}, {"tilde", 732}, {"Delta", 916}, {"Omega", 937},
	{"alpha", 945}, {"beta", 946}, {"gamma", 947}, {"delta", 948},
	{"lambda", 955}, {"mu", 956}, {"pi", 960}, {"sigma", 963}, {"omega", 969},
	{"ensp", 8194}, {"emsp", 8195}, {"thinsp", 8201}, {"zwnj", 8204},
	{"zwj", 8205}, {"lrm", 8206}, {"rlm", 8207}, {"ndash", 8211},
	{"mdash", 8212}, {"lsquo", 8216}, {"rsquo", 8217}, {"sbquo", 8218},
	{"ldquo", 8220}, {"rdquo", 8221}, {"bdquo", 8222}, {"dagger", 8224},
	{"Dagger", 8225}, {"bull", 8226}, {"hellip", 8230}, {"permil", 8240},
	{"prime", 8242}, {"Prime", 8243}, {"lsaquo", 8249}, {"rsaquo", 8250},
	{"oline", 8254}, {"frasl", 8260}, {"euro", 8364}, {"trade", 8482},
	{"larr", 8592}, {"uarr", 8593}, {"rarr", 8594}, {"darr", 8595},
	{"harr", 8596}, {"lArr", 8656}, {"uArr", 8657}, {"rArr", 8658},
	{"dArr", 8659}, {"hArr", 8660}, {"forall", 8704}, {"part", 8706},
	{"exist", 8707}, {"empty", 8709}, {"nabla", 8711}, {"isin", 8712},
	{"notin", 8713}, {"prod", 8719}, {"sum", 8721}, {"minus", 8722},
	{"lowast", 8727}, {"radic", 8730}, {"prop", 8733}, {"infin", 8734},
	{"ang", 8736}, {"and", 8743}, {"or", 8744}, {"cap", 8745}, {"cup", 8746},
	{"int", 8747}, {"there4", 8756}, {"sim", 8764}, {"cong", 8773},
	{"asymp", 8776}, {"ne", 8800}, {"equiv", 8801}, {"le", 8804},
	{"ge", 8805}, {"sub", 8834}, {"sup", 8835}, {"sube", 8838},
	{"supe", 8839}, {"oplus", 8853}, {"otimes", 8855}, {"perp", 8869},
	{"sdot", 8901}, {"loz", 9674}, {"starf", 9733}, {"star", 9734},
	{"spades", 9824}, {"clubs", 9827}, {"hearts", 9829}, {"diams", 9830},
	{"check", 10003}, {"cross", 10007},
};

static bool lookup_named(const char *name, size_t n, unsigned long *cp)
{
	for (size_t i = 0; i < sizeof latin1 / sizeof *latin1; i++)
		if (strlen(latin1[i]) == n && memcmp(latin1[i], name, n) == 0)
			return *cp = 160 + i, true;
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, name, n) == 0)
			return *cp = named[i].cp, true;
	return false;
}

/* &#123; or &#x1F600; (the ';' may be missing); 0 when s is not one. */
static size_t numeric_entity(const char *s, size_t len, unsigned long *cp)
{
	size_t i = 2, start;
	bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
	unsigned long v = 0;
	i += hex;
	start = i;
	while (i < len && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]))) {
		int d = isdigit((unsigned char)s[i]) ? s[i] - '0'
						    : tolower((unsigned char)s[i]) - 'a' + 10;
		if (v <= 0x10FFFF)
			v = v * (hex ? 16 : 10) + (unsigned long)d;
		i++;
	}
	if (i == start)
		return 0;
	*cp = v;
	return i + (i < len && s[i] == ';');
}

size_t htmltext_entity(const char *s, size_t len, struct buf *out)
{
	unsigned long cp;
	size_t n = 1;
	if (len < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		if (!(n = numeric_entity(s, len, &cp)))
			return 0;
		text_put_codepoint(out, cp);
		return n;
	}
	while (n < len && n < 33 && isalnum((unsigned char)s[n]))
		n++;
	if (n >= len || s[n] != ';' || !lookup_named(s + 1, n - 1, &cp))
		return 0;
	text_put_codepoint(out, cp);
	return n + 1;
}

/* What stands for a link with no text of its own: the URL, but one that
 * carries a token (?sig=, ?token=, X-Amz-Signature=...) is cut before its
 * query, or shown as "(private link)" when even that holds one; the same
 * policy as Slack's mrkdwn links. */
static void put_url_shown(struct buf *out, const char *url)
{
	char *bare;
	if (!text_url_has_token(url)) {
		buf_puts(out, url);
		return;
	}
	bare = xstrndup(url, strcspn(url, "?#"));
	buf_puts(out, text_url_has_token(bare) ? "(private link)" : bare);
	free(bare);
}

void htmltext_add_link(struct htmltext_result *res, const char *url, size_t offset,
		       size_t len)
{
	struct htmltext_link *l;
	if (text_url_has_token(url))
		return;	/* never kept, so never written */
	res->links = xgrow(res->links, &res->links_cap, res->nlinks + 1, sizeof *res->links);
	l = &res->links[res->nlinks++];
	l->url = xstrdup(url);
	l->offset = offset;
	l->len = len;
}

static void trim_blanks(struct buf *b)
{
	while (b->len && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t'))
		b->data[--b->len] = '\0';
}

/* Trimming trailing blanks can cut the end of a link recorded just before:
 * shorten such spans to the text, and drop any left empty. */
static void clamp_links(struct htmltext_result *res)
{
	size_t w = 0;
	for (size_t i = 0; i < res->nlinks; i++) {
		struct htmltext_link l = res->links[i];
		if (l.offset + l.len > res->text.len)
			l.len = l.offset < res->text.len ? res->text.len - l.offset : 0;
		if (l.len)
			res->links[w++] = l;
		else
			free(l.url);
	}
	res->nlinks = w;
}

void htmltext_newline(struct htmltext_result *res)
{
	trim_blanks(&res->text);
	clamp_links(res);
	if (res->text.len && res->text.data[res->text.len - 1] != '\n')
		buf_putc(&res->text, '\n');
}

void htmltext_result_finish(struct htmltext_result *res)
{
	for (size_t i = 0; i < res->nlinks; i++)
		free(res->links[i].url);
	free(res->links);
	buf_free(&res->text);
	memset(res, 0, sizeof *res);
}

/* ---- the HTML pass ---- */

#define MAX_LISTS 16
#define MAX_UNCLOSED 8	/* more than the closers skip_to_close looks for */

struct conv {
	struct htmltext_result *res;
	const struct htmltext_refs *refs;
	size_t start;		/* text length when this conversion began */
	int pre;		/* depth of <pre>/<codeblock>: white space kept */
	size_t pre_body;	/* text length just after the opening fence */
	bool code;		/* inside inline <code> */
	size_t code_body;	/* text length just after the opening backtick */
	bool space;		/* white space seen and not yet written */
	bool link;
	size_t link_start;
	char *href;		/* owned, while link */
	bool cell;		/* a table cell was written on this row */
	int lists, item[MAX_LISTS];	/* item number, 0 for a bulleted list */
	char *who;		/* owned: the last mention's entity */
	size_t who_end;		/* text length right after it */
	const char *unclosed[MAX_UNCLOSED];	/* closers absent from the rest */
};

static struct buf *out(struct conv *cv)
{
	return &cv->res->text;
}

static char last(struct conv *cv)
{
	return out(cv)->len > cv->start ? out(cv)->data[out(cv)->len - 1] : '\n';
}

static void flush_space(struct conv *cv)
{
	if (cv->space && last(cv) != '\n' && last(cv) != ' ')
		buf_putc(out(cv), ' ');
	cv->space = false;
}

static void newline(struct conv *cv)
{
	cv->space = false;
	trim_blanks(out(cv));
	if (last(cv) != '\n')
		buf_putc(out(cv), '\n');
}

/* Writes decoded text: white space collapses outside <pre>, NBSP is a space. */
static void put_text(struct conv *cv, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool nbsp = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0;
		if (cv->pre) {
			if (c != '\r')
				buf_putc(out(cv), nbsp ? ' ' : (char)c);
			i += nbsp;
		} else if (nbsp || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			cv->space = true;
			i += nbsp;
		} else {
			flush_space(cv);
			buf_putc(out(cv), (char)c);
		}
	}
}

/* Attribute `name` of the tag whose attributes are a[0..n), decoded. */
static bool get_attr(const char *a, size_t n, const char *name, struct buf *val)
{
	size_t i = 0;
	while (i < n) {
		size_t ns, nl, vs, vl = 0;
		while (i < n && (isspace((unsigned char)a[i]) || a[i] == '/'))
			i++;
		ns = i;
		while (i < n && !isspace((unsigned char)a[i]) && a[i] != '=' && a[i] != '/')
			i++;
		nl = i - ns;
		while (i < n && isspace((unsigned char)a[i]))
			i++;
		vs = i;
		if (i < n && a[i] == '=') {
			i++;
			while (i < n && isspace((unsigned char)a[i]))
				i++;
			if (i < n && (a[i] == '"' || a[i] == '\'')) {
				const char *q = memchr(a + i + 1, a[i], n - i - 1);
				vs = i + 1;
				vl = q ? (size_t)(q - a) - vs : n - vs;
				i = vs + vl + 1;
			} else {
				vs = i;
				while (i < n && !isspace((unsigned char)a[i]))
					i++;
				vl = i - vs;
			}
		}
		if (nl && nl == strlen(name) && strncasecmp(a + ns, name, nl) == 0) {
			for (size_t k = vs; k < vs + vl;) {
				size_t e = a[k] == '&' ? htmltext_entity(a + k, vs + vl - k, val) : 0;
				if (!e)
					buf_putc(val, a[k]);
				k += e ? e : 1;
			}
			return true;
		}
		if (!nl)
			i++;
	}
	return false;
}

/* Case-insensitive search for `needle` in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* The end of the tag opening at s ('<'), quotes respected: index of '>'. */
static const char *tag_end(const char *s, size_t n)
{
	char quote = 0;
	for (size_t i = 1; i < n; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return s + i;
		}
	}
	return memchr(s, '>', n);	/* unbalanced quote: the first '>' */
}

static bool is_name(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

static bool is_block(const char *name, size_t n)
{
	static const char *const blocks[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead",
		"tbody", "tfoot", "blockquote", "hr", "section", "article", "header",
		"footer", "dl", "dt", "dd", "figure", "figcaption", "address",
		"center", "caption", "main", "nav", "aside", "details", "summary"};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (is_name(name, n, blocks[i]))
			return true;
	return false;
}

static void open_pre(struct conv *cv)
{
	if (cv->pre++)
		return;
	newline(cv);
	buf_puts(out(cv), "```\n");
	cv->pre_body = out(cv)->len;
}

static void close_pre(struct conv *cv)
{
	if (!cv->pre || --cv->pre)
		return;
	if (out(cv)->len == cv->pre_body) {	/* empty block: no fences */
		out(cv)->len = cv->pre_body - 4;
		out(cv)->data[out(cv)->len] = '\0';
		return;
	}
	if (last(cv) != '\n')
		buf_putc(out(cv), '\n');
	buf_puts(out(cv), "```\n");
}

static void open_code(struct conv *cv)
{
	if (cv->pre || cv->code)
		return;
	flush_space(cv);
	buf_putc(out(cv), '`');
	cv->code = true;
	cv->code_body = out(cv)->len;
}

/* Inline code that turned out to span lines becomes a fenced block. */
static void close_code(struct conv *cv)
{
	struct buf *b = out(cv);
	char *body;
	if (!cv->code)
		return;
	cv->code = false;
	cv->space = false;
	if (b->len < cv->code_body)
		return;
	if (b->len == cv->code_body) {
		b->data[--b->len] = '\0';
		return;
	}
	if (!memchr(b->data + cv->code_body, '\n', b->len - cv->code_body)) {
		buf_putc(b, '`');
		return;
	}
	body = xstrndup(b->data + cv->code_body, b->len - cv->code_body);
	b->len = cv->code_body - 1;
	b->data[b->len] = '\0';
	cv->pre++;
	newline(cv);
	buf_puts(b, "```\n");
	buf_puts(b, body);
	if (last(cv) != '\n')
		buf_putc(b, '\n');
	buf_puts(b, "```\n");
	cv->pre--;
	free(body);
}

static void open_link(struct conv *cv, const char *attrs, size_t n)
{
	struct buf href = {0};
	if (cv->link)
		return;
	if (!get_attr(attrs, n, "href", &href) || !href.len) {
		buf_free(&href);
		return;
	}
	flush_space(cv);
	cv->link = true;
	cv->link_start = out(cv)->len;
	cv->href = buf_detach(&href);
}

static void close_link(struct conv *cv)
{
	size_t len = out(cv)->len;
	if (!cv->link)
		return;
	cv->link = false;
	if (len == cv->link_start) {
		struct buf shown = {0};
		put_url_shown(&shown, cv->href);
		put_text(cv, buf_str(&shown), shown.len);
		buf_free(&shown);
		len = out(cv)->len;
	}
	if (len > cv->link_start)
		htmltext_add_link(cv->res, cv->href, cv->link_start, len - cv->link_start);
	free(cv->href);
	cv->href = NULL;
}

static void open_item(struct conv *cv)
{
	/* lists nested deeper than MAX_LISTS number like the deepest tracked one */
	size_t depth = cv->lists < MAX_LISTS ? cv->lists : MAX_LISTS;
	newline(cv);
	if (depth && cv->item[depth - 1])
		buf_printf(out(cv), "%d. ", cv->item[depth - 1]++);
	else
		buf_puts(out(cv), "- ");
}

static void line_break(struct conv *cv)
{
	struct buf *b = out(cv);
	if (cv->pre || cv->code) {
		buf_putc(b, '\n');
		return;
	}
	cv->space = false;
	trim_blanks(b);
	/* at most one empty line, none at the start */
	if (b->len > cv->start && !(b->len >= cv->start + 2 && b->data[b->len - 1] == '\n' &&
				     b->data[b->len - 2] == '\n'))
		buf_putc(b, '\n');
}

/* The plain text of s[0..n): tags dropped, entities decoded, blanks squeezed. */
static char *inner_text(const char *s, size_t n)
{
	struct buf b = {0};
	const char *last_gt = n ? memrchr(s, '>', n) : NULL;
	for (size_t i = 0; i < n;) {
		size_t k;
		const char *e;
		if (s[i] == '<' && s + i < last_gt && (e = memchr(s + i, '>', n - i))) {
			i = (size_t)(e - s) + 1;
			continue;
		}
		k = s[i] == '&' ? htmltext_entity(s + i, n - i, &b) : 0;
		if (!k)
			buf_putc(&b, s[i] == '\n' ? ' ' : s[i]);
		i += k ? k : 1;
	}
	buf_putc(&b, '\0');	/* never NULL data, so it can be squeezed */
	text_squeeze(b.data);
	return buf_detach(&b);
}

/* <at id="N">text</at> at s (attrs = its attributes); returns the bytes used. */
static size_t mention(struct conv *cv, const char *s, size_t n, const char *attrs,
		      size_t alen, size_t open_len)
{
	const char *close = find_ci(s + open_len, n - open_len, "</at");
	const char *inner_end = close ? close : s + n;
	const char *end = close ? tag_end(close, n - (size_t)(close - s)) : NULL;
	struct buf id = {0};
	const char *name = NULL, *who = NULL;
	char *inner = inner_text(s + open_len, (size_t)(inner_end - s) - open_len);
	size_t used = end ? (size_t)(end - s) + 1 : n;

	get_attr(attrs, alen, "id", &id);
	if (cv->refs && cv->refs->mention)
		name = cv->refs->mention(cv->refs->ctx, buf_str(&id), &who);
	if (!name || !*name)
		name = inner;
	if (who && cv->who && strcmp(who, cv->who) == 0 && cv->who_end == out(cv)->len) {
		cv->space = false;	/* the next word of the same person */
	} else if (*name) {
		flush_space(cv);
		if (*name != '@')
			buf_putc(out(cv), '@');
		put_text(cv, name, strlen(name));
		free(cv->who);
		cv->who = who ? xstrdup(who) : NULL;
		cv->who_end = out(cv)->len;
	}
	free(inner);
	buf_free(&id);
	return used;
}

/* Bytes from s to just past the closing tag `</name...>`, or `open_len`
 * when there is none (the content is then read normally). */
static size_t skip_to_close(struct conv *cv, const char *s, size_t n, size_t open_len,
			    const char *close)
{
	const char *c = NULL;
	size_t k;
	/* a closer missing from here on is missing from every later point:
	 * remembered, so that many unclosed <script> stay linear */
	for (k = 0; k < MAX_UNCLOSED && cv->unclosed[k]; k++)
		if (cv->unclosed[k] == close)
			return open_len;
	c = find_ci(s + open_len, n - open_len, close);
	if (!c && k < MAX_UNCLOSED)
		cv->unclosed[k] = close;
	const char *e = c ? tag_end(c, n - (size_t)(c - s)) : NULL;
	return e ? (size_t)(e - s) + 1 : open_len;
}

static void attachment(struct conv *cv, const char *attrs, size_t alen)
{
	struct buf id = {0};
	if (get_attr(attrs, alen, "id", &id) && cv->refs && cv->refs->attachment) {
		flush_space(cv);
		cv->refs->attachment(cv->refs->ctx, buf_str(&id), cv->res);
	}
	buf_free(&id);
}

static void emoji(struct conv *cv, const char *attrs, size_t alen)
{
	struct buf alt = {0};
	if (get_attr(attrs, alen, "alt", &alt))
		put_text(cv, alt.data ? alt.data : "", alt.len);
	buf_free(&alt);
}

static void list_open(struct conv *cv, bool ordered)
{
	newline(cv);
	if (cv->lists < MAX_LISTS)
		cv->item[cv->lists] = ordered ? 1 : 0;
	cv->lists++;
}

static void list_close(struct conv *cv)
{
	newline(cv);
	if (cv->lists)
		cv->lists--;
}

static void table_cell(struct conv *cv)
{
	if (cv->cell) {
		trim_blanks(out(cv));
		buf_puts(out(cv), " | ");
		cv->space = false;
	}
	cv->cell = true;
}

/* Elements whose content is never text: the closing tag to skip to. */
static const char *hidden_until(const char *name, size_t n)
{
	if (is_name(name, n, "script"))
		return "</script";
	if (is_name(name, n, "style"))
		return "</style";
	if (is_name(name, n, "head"))
		return "</head";
	return NULL;
}

/* Handles one start or end tag; returns bytes consumed from s when the tag
 * swallows its content (mentions, emoji, attachments, scripts), else tag_len. */
static size_t tag(struct conv *cv, const char *s, size_t n, size_t tag_len)
{
	bool closing = s[1] == '/';
	const char *name = s + 1 + closing, *attrs, *close;
	size_t nl = 0, alen;
	while (name + nl < s + tag_len && (isalnum((unsigned char)name[nl]) ||
					   name[nl] == '-' || name[nl] == ':' || name[nl] == '_'))
		nl++;
	attrs = name + nl;
	alen = tag_len - 1 - (size_t)(attrs - s);

	if ((close = hidden_until(name, nl)))
		return closing ? tag_len : skip_to_close(cv, s, n, tag_len, close);
	if (is_name(name, nl, "at") && !closing)
		return mention(cv, s, n, attrs, alen, tag_len);
	if (is_name(name, nl, "emoji") && !closing) {
		emoji(cv, attrs, alen);
		return skip_to_close(cv, s, n, tag_len, "</emoji");
	}
	if (is_name(name, nl, "attachment") && !closing) {
		attachment(cv, attrs, alen);
		return skip_to_close(cv, s, n, tag_len, "</attachment");
	}
	if (is_name(name, nl, "br")) {
		line_break(cv);
	} else if (is_name(name, nl, "pre") || is_name(name, nl, "codeblock")) {
		closing ? close_pre(cv) : open_pre(cv);
	} else if (is_name(name, nl, "code")) {
		closing ? close_code(cv) : open_code(cv);
	} else if (is_name(name, nl, "a")) {
		closing ? close_link(cv) : open_link(cv, attrs, alen);
	} else if (is_name(name, nl, "ul") || is_name(name, nl, "ol")) {
		closing ? list_close(cv) : list_open(cv, tolower((unsigned char)name[0]) == 'o');
	} else if (is_name(name, nl, "li")) {
		closing ? newline(cv) : open_item(cv);
	} else if (is_name(name, nl, "tr")) {
		newline(cv);
		cv->cell = false;
	} else if (is_name(name, nl, "td") || is_name(name, nl, "th")) {
		if (!closing)
			table_cell(cv);
	} else if (is_block(name, nl) && !cv->pre) {
		newline(cv);
	}
	return tag_len;
}

/* Length of the tag-like construct at s ('<'), or 0 when it is text. */
static size_t markup_len(const char *s, size_t n)
{
	const char *e;
	if (n < 2)
		return 0;
	if (s[1] == '!' && n >= 4 && strncmp(s, "<!--", 4) == 0) {
		e = find_ci(s + 4, n - 4, "-->");
		return e ? (size_t)(e - s) + 3 : n;
	}
	if (!isalpha((unsigned char)s[1]) && s[1] != '!' && s[1] != '?' &&
	    !(s[1] == '/' && n > 2 && isalpha((unsigned char)s[2])))
		return 0;
	e = tag_end(s, n);
	return e ? (size_t)(e - s) + 1 : 0;
}

static void finish(struct conv *cv)
{
	struct buf *b = out(cv);
	close_link(cv);
	close_code(cv);
	if (cv->pre) {
		cv->pre = 1;
		close_pre(cv);
	}
	while (b->len > cv->start && isspace((unsigned char)b->data[b->len - 1]))
		b->data[--b->len] = '\0';
	clamp_links(cv->res);
	free(cv->who);
	free(cv->href);
}

void htmltext_convert(const char *html, size_t len, const struct htmltext_refs *refs,
		      struct htmltext_result *res)
{
	struct conv cv = {.res = res, .refs = refs, .start = res->text.len};
	/* a '<' after the last '>' can only open a comment: checking that first
	 * keeps a run of unclosed '<' linear instead of quadratic */
	const char *last_gt = len ? memrchr(html, '>', len) : NULL;
	size_t i = 0;
	while (i < len) {
		size_t k;
		if (html[i] == '<' &&
		    (html + i < last_gt || (len - i >= 4 && memcmp(html + i, "<!--", 4) == 0)) &&
		    (k = markup_len(html + i, len - i))) {
			if (html[i + 1] == '!' || html[i + 1] == '?')
				i += k;
			else
				i += tag(&cv, html + i, len - i, k);
		} else if (html[i] == '&') {
			struct buf tmp = {0};
			k = htmltext_entity(html + i, len - i, &tmp);
			if (k)
				put_text(&cv, buf_str(&tmp), tmp.len);
			else
				put_text(&cv, "&", 1);
			buf_free(&tmp);
			i += k ? k : 1;
		} else {
			k = 1;
			while (i + k < len && html[i + k] != '<' && html[i + k] != '&')
				k++;
			put_text(&cv, html + i, k);
			i += k;
		}
	}
	finish(&cv);
}

/* ---- cards ---- */

/* Card text is a Markdown subset: [label](url) becomes a link, ** and
 * {{DATE(iso, SHORT)}} / {{TIME(iso)}} the date or time part of iso. */
/* Where a [label](url) link starting at s ends: the ']' and ')' on its line,
 * remembered in *close and *paren (NULL-initialised, reused while s is before
 * them, so a line of '[' stays linear). False when s opens no link. */
static bool card_link_at(const char *s, const char **close, const char **paren)
{
	if (!*close || *close < s) {
		const char *eol = s + strcspn(s, "\n");
		*close = memchr(s, ']', (size_t)(eol - s));
		*close = *close ? *close : eol;
		*paren = memchr(*close, ')', (size_t)(eol - *close));
		*paren = *paren ? *paren : eol;
	}
	return **close == ']' && (*close)[1] == '(' && **paren == ')';
}

/* The ")}}" ending a {{DATE(...)}} at s, remembered like card_link_at's. */
static const char *card_call_end(const char *s, const char **memo, bool *none)
{
	if (*none)
		return NULL;
	if (!*memo || *memo < s) {
		*memo = strstr(s, ")}}");
		*none = !*memo;
	}
	return *memo;
}

static void card_markdown(struct htmltext_result *res, const char *s)
{
	struct buf *b = &res->text;
	const char *close = NULL, *paren = NULL, *call_end = NULL;
	bool no_call_end = false;
	while (*s) {
		const char *end;
		if (strncmp(s, "**", 2) == 0) {
			s += 2;
		} else if ((strncmp(s, "{{DATE(", 7) == 0 || strncmp(s, "{{TIME(", 7) == 0) &&
			   (end = card_call_end(s, &call_end, &no_call_end))) {
			/* the date or the time part of the ISO 8601 argument */
			const char *arg = s + 7, *t;
			size_t n = strcspn(arg, ",)");
			if ((t = memchr(arg, 'T', n)) && s[2] == 'D') {
				n = (size_t)(t - arg);
			} else if (t) {
				n -= (size_t)(t + 1 - arg);
				arg = t + 1;
			}
			buf_add(b, arg, n);
			s = end + 3;
		} else if (*s == '[' && card_link_at(s, &close, &paren)) {
			size_t at = b->len;
			char *url = xstrndup(close + 2, (size_t)(paren - close - 2));
			buf_add(b, s + 1, (size_t)(close - s - 1));
			if (b->len > at && *url)
				htmltext_add_link(res, url, at, b->len - at);
			free(url);
			s = paren + 1;
		} else {
			buf_putc(b, *s++);
		}
	}
}

static void card_line(struct htmltext_result *res, const char *s)
{
	size_t before;
	if (!s || !*s)
		return;
	htmltext_newline(res);
	before = res->text.len;
	card_markdown(res, s);
	while (res->text.len > before && isspace((unsigned char)res->text.data[res->text.len - 1]))
		res->text.data[--res->text.len] = '\0';
}

/* Hero and thumbnail texts are HTML. */
static void card_html(struct htmltext_result *res, const char *s)
{
	if (!s || !*s)
		return;
	htmltext_newline(res);
	htmltext_convert(s, strlen(s), NULL, res);
}

static void card_pair(struct htmltext_result *res, const char *name, const char *value)
{
	struct buf line = {0};
	if (!value || !*value)
		return;
	if (name && *name)	/* "Status:" titles carry their own colon */
		buf_printf(&line, "%s%s ", name, name[strlen(name) - 1] == ':' ? "" : ":");
	buf_puts(&line, value);
	card_line(res, buf_str(&line));
	buf_free(&line);
}

static void card_url(struct htmltext_result *res, const char *label, const char *url)
{
	size_t at;
	if (!url || !*url)
		return;
	htmltext_newline(res);
	at = res->text.len;
	if (label && *label)
		buf_puts(&res->text, label);
	else
		put_url_shown(&res->text, url);
	htmltext_add_link(res, url, at, res->text.len - at);
}

static void card_element(struct json_object *el, struct htmltext_result *res);

static void card_each(struct json_object *obj, const char *key, struct htmltext_result *res)
{
	struct json_object *arr = jsonio_array(obj, key);
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++)
		card_element(json_object_array_get_idx(arr, i), res);
}

static void card_facts(struct json_object *obj, struct htmltext_result *res)
{
	struct json_object *facts = jsonio_array(obj, "facts");
	for (size_t i = 0; facts && i < json_object_array_length(facts); i++) {
		struct json_object *f = json_object_array_get_idx(facts, i);
		const char *name = jsonio_string(f, "title");
		card_pair(res, name ? name : jsonio_string(f, "name"), jsonio_string(f, "value"));
	}
}

static void card_rich_text(struct json_object *el, struct htmltext_result *res)
{
	struct json_object *inl = jsonio_array(el, "inlines");
	htmltext_newline(res);
	for (size_t i = 0; inl && i < json_object_array_length(inl); i++) {
		struct json_object *run = json_object_array_get_idx(inl, i);
		const char *t = json_object_is_type(run, json_type_string)
					? json_object_get_string(run) : jsonio_string(run, "text");
		if (t)
			buf_puts(&res->text, t);
	}
}

/* One adaptive card element, by its "type"; containers recurse (json-c's
 * depth limit bounds the recursion). */
static void card_element(struct json_object *el, struct htmltext_result *res)
{
	const char *type = jsonio_string(el, "type");
	if (!type)
		return;
	if (strcmp(type, "TextBlock") == 0) {
		card_line(res, jsonio_string(el, "text"));
	} else if (strcmp(type, "RichTextBlock") == 0) {
		card_rich_text(el, res);
	} else if (strcmp(type, "FactSet") == 0) {
		card_facts(el, res);
	} else if (strcmp(type, "Action.OpenUrl") == 0) {
		card_url(res, jsonio_string(el, "title"), jsonio_string(el, "url"));
	} else if (strcmp(type, "Action.ShowCard") == 0) {
		card_element(jsonio_member(el, "card"), res);
	} else if (strcmp(type, "Table") == 0) {
		struct json_object *rows = jsonio_array(el, "rows");
		for (size_t i = 0; rows && i < json_object_array_length(rows); i++)
			card_each(json_object_array_get_idx(rows, i), "cells", res);
	} else {
		/* AdaptiveCard, Container, ColumnSet, Column, TableCell, ActionSet */
		card_each(el, "body", res);
		card_each(el, "items", res);
		card_each(el, "columns", res);
		card_each(el, "actions", res);
	}
}

/* Office 365 connector cards (incoming webhooks). */
static void card_connector(struct json_object *card, struct htmltext_result *res)
{
	struct json_object *sections = jsonio_array(card, "sections");
	struct json_object *acts = jsonio_array(card, "potentialAction");
	card_line(res, jsonio_string(card, "title"));
	card_line(res, jsonio_string(card, "text"));
	for (size_t i = 0; sections && i < json_object_array_length(sections); i++) {
		struct json_object *s = json_object_array_get_idx(sections, i);
		card_line(res, jsonio_string(s, "activityTitle"));
		card_line(res, jsonio_string(s, "activitySubtitle"));
		card_line(res, jsonio_string(s, "activityText"));
		card_line(res, jsonio_string(s, "title"));
		card_line(res, jsonio_string(s, "text"));
		card_facts(s, res);
	}
	for (size_t i = 0; acts && i < json_object_array_length(acts); i++) {
		struct json_object *a = json_object_array_get_idx(acts, i);
		struct json_object *targets = jsonio_array(a, "targets");
		const char *uri = targets ? jsonio_string(json_object_array_get_idx(targets, 0), "uri") : NULL;
		card_url(res, jsonio_string(a, "name"), uri);
	}
}

/* Hero, thumbnail, sign-in, receipt and other Bot Framework cards. */
static void card_hero(struct json_object *card, struct htmltext_result *res)
{
	struct json_object *buttons = jsonio_array(card, "buttons");
	card_html(res, jsonio_string(card, "title"));
	card_html(res, jsonio_string(card, "subtitle"));
	card_html(res, jsonio_string(card, "text"));
	card_facts(card, res);
	for (size_t i = 0; buttons && i < json_object_array_length(buttons); i++) {
		struct json_object *b = json_object_array_get_idx(buttons, i);
		const char *type = jsonio_string(b, "type");
		if (type && strcmp(type, "openUrl") == 0)
			card_url(res, jsonio_string(b, "title"), jsonio_string(b, "value"));
	}
}

void htmltext_card(struct json_object *card, struct htmltext_result *res)
{
	const char *type = jsonio_string(card, "type");
	if (!card || !json_object_is_type(card, json_type_object))
		return;
	if ((type && strcmp(type, "AdaptiveCard") == 0) || jsonio_array(card, "body")) {
		card_each(card, "body", res);
		card_each(card, "actions", res);
	}
	else if (jsonio_array(card, "sections") || (type && strcmp(type, "MessageCard") == 0))
		card_connector(card, res);
	else
		card_hero(card, res);
}
