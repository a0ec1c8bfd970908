/* mrkdwn: a single pass over Slack mrkdwn with a pre-pass that finds style markers. */
#include "mrkdwn.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

static bool is_boundary(char c)
{
	return c == '\0' || isspace((unsigned char)c) ||
	       (ispunct((unsigned char)c) && c != '*' && c != '_' && c != '~' && c != '`');
}

/* Length of the &lt; &gt; &amp; entity at p, and its character. */
static size_t entity(const char *p, char *out)
{
	if (strncmp(p, "&lt;", 4) == 0)
		return *out = '<', 4;
	if (strncmp(p, "&gt;", 4) == 0)
		return *out = '>', 4;
	if (strncmp(p, "&amp;", 5) == 0)
		return *out = '&', 5;
	return 0;
}

static void put_decoded(struct buf *out, const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		char c;
		size_t k = entity(p + i, &c);
		if (k && i + k <= n) {
			buf_putc(out, c);
			i += k;
		} else {
			buf_putc(out, p[i++]);
		}
	}
}

/* End of a <token> starting at p ('<'), or NULL: tokens never span lines
 * and never hold a raw '<' (Slack sends a typed one as &lt;). Stopping there
 * keeps a line of unclosed '<' linear instead of quadratic. */
static const char *token_end(const char *p)
{
	for (const char *q = p + 1; *q && *q != '\n' && *q != '<'; q++)
		if (*q == '>')
			return q;
	return NULL;
}

static const char *fence_end(const char *p)
{
	return strstr(p + 3, "```");
}

/* Where the closer of a style marker c opened at i lies on its line, or 0:
 * after a non-blank and before a boundary, skipping <tokens>. */
static size_t find_closer(const char *in, size_t len, size_t i)
{
	char c = in[i];
	const char *e;
	for (size_t j = i + 2; j < len && in[j] != '\n'; j++) {
		if (in[j] == '<' && (e = token_end(in + j))) {
			j = (size_t)(e - in);
			continue;
		}
		if (in[j] == c && !isspace((unsigned char)in[j - 1]) &&
		    (j + 1 >= len || is_boundary(in[j + 1]) || strchr("*_~", in[j + 1])))
			return j;
	}
	return 0;
}

/* Marks the style characters (*bold*, _italic_, ~strike~) to drop: an opener
 * after a boundary and before a non-blank, a closer on the same line after a
 * non-blank and before a boundary. Two memories per marker keep a line of
 * many openers linear instead of quadratic: a search that found no closer
 * from i on rules out every later opener on the line, and a search from i
 * that found the closer j answers every later opener whose search would start
 * between i + 2 and j, since none lies between. */
static void find_styles(const char *in, size_t len, bool *drop)
{
	static const char markers[] = "*_~";
	size_t none_from[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};	/* per marker, on */
	size_t none_until[3] = {0, 0, 0};			/* the line up to */
	size_t hit_from[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};	/* per marker, a */
	size_t hit_at[3] = {0, 0, 0};				/* search found */
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		const char *e, *marker;
		size_t m, j;
		if (c == '<' && (e = token_end(in + i))) {
			i = (size_t)(e - in);
			continue;
		}
		if (c == '`') {
			bool fence = strncmp(in + i, "```", 3) == 0;
			e = fence ? fence_end(in + i) : strchr(in + i + 1, '`');
			if (e) {
				i = (size_t)(e - in) + (fence ? 2 : 0);
				continue;
			}
		}
		if (!c || !(marker = strchr(markers, c)) || drop[i])
			continue;
		if (i > 0 && !is_boundary(in[i - 1]) && !(i > 0 && drop[i - 1]))
			continue;
		if (i + 1 >= len || isspace((unsigned char)in[i + 1]) || in[i + 1] == c)
			continue;
		m = (size_t)(marker - markers);
		if (i + 2 >= none_from[m] && i < none_until[m])
			continue;
		if (i + 2 >= hit_from[m] && i + 2 <= hit_at[m]) {
			drop[i] = true;
		} else if ((j = find_closer(in, len, i))) {
			drop[i] = drop[j] = true;
			hit_from[m] = i + 2;
			hit_at[m] = j;
		} else {
			const char *nl = memchr(in + i, '\n', len - i);
			none_from[m] = i + 2;
			none_until[m] = nl ? (size_t)(nl - in) : len;
		}
	}
}

static void add_link(struct mrkdwn_result *res, const char *url, size_t ulen,
		     size_t offset, size_t len)
{
	struct buf u = {0};
	struct mrkdwn_link *l;
	put_decoded(&u, url, ulen);
	res->links = xgrow(res->links, &res->links_cap, res->nlinks + 1, sizeof *res->links);
	l = &res->links[res->nlinks++];
	l->url = buf_detach(&u);
	l->offset = offset;
	l->len = len;
}

/* <url|label> or <url>. A URL carrying an access token (Slack file links
 * "?t=xox...") never enters the model: its label stays; without one, the URL
 * up to its query, or "(private link)" when the token is in the path. */
static void link(const char *url, size_t n, const char *label, size_t lablen,
		 struct mrkdwn_result *res)
{
	struct buf *out = &res->text;
	size_t start = out->len;
	char *full = xstrndup(url, n), *bare;
	bool secret = text_url_has_token(full);
	if (label && lablen) {
		put_decoded(out, label, lablen);
	} else if (!secret) {
		put_decoded(out, url, n);
	} else {
		bare = xstrndup(full, strcspn(full, "?#"));
		if (text_url_has_token(bare))
			buf_puts(out, "(private link)");
		else
			buf_puts(out, bare);
		free(bare);
	}
	if (!secret)
		add_link(res, url, n, start, out->len - start);
	free(full);
}

/* <!here>, <!subteam^ID|@team>, <!date^...|fallback>. */
static void special(const char *body, size_t n, const char *label, size_t lablen,
		    struct buf *out)
{
	if (n >= 5 && strncmp(body, "date^", 5) == 0) {
		put_decoded(out, label ? label : body, label ? lablen : n);
		return;
	}
	if (label && lablen) {
		if (label[0] != '@')
			buf_putc(out, '@');
		put_decoded(out, label, lablen);
		return;
	}
	buf_putc(out, '@');
	if (n >= 8 && strncmp(body, "subteam^", 8) == 0)
		buf_add(out, body + 8, n - 8);
	else
		buf_add(out, body, n);
}

static void token(const char *p, const char *end, const struct mrkdwn_names *names,
		  struct mrkdwn_result *res)
{
	const char *body = p + 1, *bar = memchr(body, '|', (size_t)(end - body));
	size_t n = (size_t)((bar ? bar : end) - body);
	const char *label = bar ? bar + 1 : NULL;
	size_t lablen = bar ? (size_t)(end - bar - 1) : 0;
	struct buf *out = &res->text;
	char id[64];
	const char *name = NULL;

	if ((*body == '@' || *body == '#') && n > 1 && n < sizeof id) {
		memcpy(id, body + 1, n - 1);
		id[n - 1] = '\0';
		if (*body == '@' && names && names->user)
			name = names->user(names->ctx, id);
		if (*body == '#' && names && names->channel)
			name = names->channel(names->ctx, id);
		buf_putc(out, *body);
		if (name)
			buf_puts(out, name);
		else if (label && lablen)
			put_decoded(out, label, lablen);
		else
			buf_puts(out, id);
		return;
	}
	if (*body == '!') {
		special(body + 1, n - 1, label, lablen, out);
		return;
	}
	link(body, n, label, lablen, res);
}

/* Code keeps its content and style markers, but a raw '<' in Slack text is
 * always a token (a typed one arrives as &lt;), so links and mentions inside
 * code are resolved too. */
static void put_code(const char *p, size_t n, const struct mrkdwn_names *names,
		     struct mrkdwn_result *res)
{
	const char *end = p + n, *e;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (*p == '<' && (e = token_end(p)) && e < end) {
			token(p, e, names, res);
			p = e + 1;
		} else {
			const char *stop = memchr(p + 1, '<', (size_t)(end - p - 1));
			if (!stop || (nl && nl < stop))
				stop = nl ? nl + 1 : end;
			put_decoded(&res->text, p, (size_t)(stop - p));
			p = stop;
		}
	}
}

/* Fences go on lines of their own. */
static const char *code_block(const char *p, const struct mrkdwn_names *names,
			      struct mrkdwn_result *res)
{
	struct buf *out = &res->text;
	const char *end = fence_end(p);
	const char *body = p + 3;
	size_t n;
	if (!end)
		return NULL;
	if (out->len && out->data[out->len - 1] != '\n')
		buf_putc(out, '\n');
	buf_puts(out, "```\n");
	if (*body == '\n')
		body++;
	n = (size_t)(end - body);
	put_code(body, n, names, res);
	if (n && body[n - 1] != '\n')
		buf_putc(out, '\n');
	buf_puts(out, "```");
	end += 3;
	if (*end && *end != '\n')
		buf_putc(out, '\n');
	return end;
}

void mrkdwn_convert(const char *in, const struct mrkdwn_names *names,
		    struct mrkdwn_result *res)
{
	size_t len = strlen(in);
	bool *drop = xcalloc(len + 1, sizeof *drop);
	const char *p = in, *e;
	find_styles(in, len, drop);
	while (*p) {
		char c;
		size_t k;
		if (drop[p - in]) {
			p++;
		} else if (*p == '<' && (e = token_end(p))) {
			token(p, e, names, res);
			p = e + 1;
		} else if (strncmp(p, "```", 3) == 0 && (e = code_block(p, names, res))) {
			p = e;
		} else if (*p == '`' && (e = strchr(p + 1, '`')) && !memchr(p, '\n', (size_t)(e - p))) {
			put_code(p, (size_t)(e - p + 1), names, res);
			p = e + 1;
		} else if ((k = entity(p, &c))) {
			buf_putc(&res->text, c);
			p += k;
		} else {
			buf_putc(&res->text, *p++);
		}
	}
	free(drop);
}

void mrkdwn_result_finish(struct mrkdwn_result *res)
{
	for (size_t i = 0; i < res->nlinks; i++)
		free(res->links[i].url);
	free(res->links);
	buf_free(&res->text);
	memset(res, 0, sizeof *res);
}
