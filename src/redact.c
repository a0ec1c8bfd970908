/* redact: secret masking over the model's text, with link spans kept exact. */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "incident.h"
#include "rules.h"
#include "xalloc.h"

/* "redact.slack-token" -> "slack-token". */
static const char *kind_of(const struct rule *r)
{
	const char *dot = strchr(r->id, '.');
	return dot ? dot + 1 : r->id;
}

static void count(struct incident *inc, const char *kind)
{
	for (size_t i = 0; i < inc->nredactions; i++) {
		if (strcmp(inc->redactions[i].kind, kind) == 0) {
			inc->redactions[i].count++;
			return;
		}
	}
	if (inc->nredactions == inc->redactions_cap) {
		size_t cap = inc->redactions_cap ? inc->redactions_cap * 2 : 8;
		struct redaction *grown = arena_alloc(&inc->arena, cap * sizeof *grown);
		if (inc->nredactions)
			memcpy(grown, inc->redactions, inc->nredactions * sizeof *grown);
		inc->redactions = grown;
		inc->redactions_cap = cap;
	}
	inc->redactions[inc->nredactions].kind = kind;
	inc->redactions[inc->nredactions++].count = 1;
}

/* A masked span of the original text and the length change it caused. */
struct span {
	size_t start, end;
	long delta;	/* new length minus old length, cumulative up to here */
};

/* New offset of an old offset outside every masked span. */
static size_t shifted(const struct span *spans, size_t n, size_t off)
{
	long delta = 0;
	for (size_t i = 0; i < n && spans[i].end <= off; i++)
		delta = spans[i].delta;
	return (size_t)((long)off + delta);
}

static bool overlaps(const struct span *spans, size_t n, size_t a, size_t b)
{
	for (size_t i = 0; i < n; i++)
		if (spans[i].start < b && a < spans[i].end)
			return true;
	return false;
}

static bool url_has_secret(const struct rule_set *rs, const char *url)
{
	struct rule_match m;
	return rules_next_match(rs, SECTION_REDACT, url, strlen(url), 0, &m);
}

static void fix_links(const struct rule_set *rs, struct message *msg,
		      const struct span *spans, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < msg->nlinks; i++) {
		struct link l = msg->links[i];
		if (overlaps(spans, n, l.offset, l.offset + l.len) || url_has_secret(rs, l.url))
			continue;
		l.offset = shifted(spans, n, l.offset);
		msg->links[w++] = l;
	}
	msg->nlinks = w;
}

static void redact_message(struct incident *inc, const struct rule_set *rs, struct message *msg)
{
	struct buf out = {0};
	struct span *spans = NULL;
	struct rule_match m;
	size_t len = strlen(msg->text), pos = 0, n = 0, cap = 0;
	long delta = 0;
	while (pos < len && rules_next_match(rs, SECTION_REDACT, msg->text, len, pos, &m)) {
		size_t before = out.len;
		buf_add(&out, msg->text + pos, m.start - pos);
		buf_printf(&out, "[redacted %s]", kind_of(m.rule));
		delta += (long)(out.len - before) - (long)(m.end - pos);
		spans = xgrow(spans, &cap, n + 1, sizeof *spans);
		spans[n++] = (struct span){m.start, m.end, delta};
		count(inc, kind_of(m.rule));
		pos = m.end;
	}
	if (out.len || pos) {
		buf_add(&out, msg->text + pos, len - pos);
		msg->text = arena_strndup(&inc->arena, buf_str(&out), out.len);
	}
	if (msg->nlinks)
		fix_links(rs, msg, spans, n);
	free(spans);
	buf_free(&out);
}

void redact_incident(struct incident *inc, const struct rule_set *rs)
{
	for (size_t i = 0; i < inc->nmessages; i++)
		redact_message(inc, rs, &inc->messages[i]);
}
