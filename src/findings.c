/* findings: [blame], [cause] and [impact] rules applied to the messages the
 * draft shows, so writers only read the results. */
#include "findings.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "facts.h"
#include "incident.h"
#include "merge.h"
#include "rules.h"
#include "text.h"
#include "xalloc.h"

#define MAX_FIGURES 8

/* "duplicate draft invoices from" -> "duplicate draft invoices". */
static void drop_trailing_stopwords(struct buf *label)
{
	static const char *const stop[] = {"from", "in", "on", "at", "of", "to", "for",
					   "with", "and", "or", "the", "a", "an", "by"};
	bool cut = true;
	while (cut && label->len) {
		const char *space = strrchr(buf_str(label), ' ');
		const char *word = space ? space + 1 : buf_str(label);
		cut = false;
		for (size_t i = 0; space && i < sizeof stop / sizeof *stop; i++) {
			if (strcasecmp(word, stop[i]) == 0) {
				label->len = (size_t)(space - label->data);
				label->data[label->len] = '\0';
				cut = true;
				break;
			}
		}
	}
}

static void add_figure(struct incident *inc, const struct message *m, size_t idx,
		       const struct rule_set *rs)
{
	struct rule_match whole, count;
	struct buf label = {0};
	struct figure *f;
	if (inc->nfigures >= MAX_FIGURES ||
	    !rules_find(rs, SECTION_IMPACT, m->text, NULL, &whole) ||
	    !rules_find(rs, SECTION_IMPACT, m->text, "count", &count))
		return;
	for (size_t i = 0; i < inc->nfigures; i++)	/* the same figure quoted again */
		if (strlen(inc->figures[i].value) == count.end - count.start &&
		    !strncmp(inc->figures[i].value, m->text + count.start, count.end - count.start))
			return;
	if (count.end <= whole.end)
		buf_add(&label, m->text + count.end, whole.end - count.end);
	text_trim(&label);
	drop_trailing_stopwords(&label);
	f = &inc->figures[inc->nfigures++];
	f->value = arena_strndup(&inc->arena, m->text + count.start, count.end - count.start);
	f->label = arena_strdup(&inc->arena, buf_str(&label));
	f->message = idx;
	buf_free(&label);
}

/* A shortcode of n bytes at byte `at` became delta bytes longer: the links
 * after it move, a link around it grows. orig: offsets before any change. */
static void shift_links(struct message *m, const size_t *orig, size_t at, size_t n, long delta)
{
	for (size_t k = 0; k < m->nlinks; k++) {
		if (orig[k] >= at + n)
			m->links[k].offset = (size_t)((long)m->links[k].offset + delta);
		else if (orig[k] <= at && orig[k] + m->links[k].len >= at + n)
			m->links[k].len = (size_t)((long)m->links[k].len + delta);
	}
}

/* ":rotating_light:" shown as the emoji, outside code. */
static void show_emoji(struct incident *inc, struct message *m)
{
	struct buf t = {0};
	struct segment seg;
	size_t pos = 0, copied = 0;
	size_t *orig = xmalloc((m->nlinks + 1) * sizeof *orig);
	bool changed = false;
	for (size_t k = 0; k < m->nlinks; k++)
		orig[k] = m->links[k].offset;
	while (incident_text_next(m->text, &pos, &seg)) {
		size_t i = seg.start, end = seg.start + seg.len;
		buf_add(&t, m->text + copied, seg.start - copied);	/* fences, backticks */
		while (i < end) {
			const char *utf8;
			size_t n = seg.kind == SEG_TEXT ? text_shortcode_at(m->text + i, &utf8) : 0;
			if (n && i + n <= end) {
				shift_links(m, orig, i, n, (long)strlen(utf8) - (long)n);
				buf_puts(&t, utf8);
				i += n;
				changed = true;
			} else {
				buf_putc(&t, m->text[i++]);
			}
		}
		copied = end;
	}
	buf_puts(&t, m->text + copied);
	if (changed)
		m->text = incident_strdup(inc, buf_str(&t));
	free(orig);
	buf_free(&t);
}

void findings_extract(struct incident *inc, const struct rule_set *rs)
{
	merge_show_chat(inc, rs);	/* figures quoted in chat are found again */
	inc->figures = arena_alloc(&inc->arena, MAX_FIGURES * sizeof *inc->figures);
	for (size_t i = 0; i < inc->nmessages; i++) {
		struct message *m = &inc->messages[i];
		struct rule_match rm;
		if (m->system)
			continue;
		if (rules_find(rs, SECTION_BLAME, m->text, NULL, &rm))
			m->blame = rm.rule->id;
		m->cause = rules_find(rs, SECTION_CAUSE, m->text, NULL, &rm);
		if (m->key)
			add_figure(inc, m, i, rs);
	}
	facts_derive(inc, rs);
	for (size_t i = 0; i < inc->nmessages; i++)
		if (strchr(inc->messages[i].text, ':'))
			show_emoji(inc, &inc->messages[i]);
}
