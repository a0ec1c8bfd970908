/* write_html: the self-contained HTML draft (draft-html.md). Every string
 * from the model is escaped; links only for http, https and mailto. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "incident.h"
#include "text.h"
#include "write.h"
#include "xalloc.h"

extern const char pmdraft_draft_css[];
extern const char pmdraft_draft_js[];
extern const char pmdraft_draft_js_sha256[];

static const char placeholder[] = "<span class=\"pm-placeholder\" contenteditable=\"true\">to fill</span>";

static void esc(struct buf *b, const char *s)
{
	text_escape_html(s ? s : "", b);
}

/* "m-1780445692-000200": an id attribute from a message id, one to one so
 * that two messages never share an anchor (Teams ids "1.5" and "1-5"):
 * letters and digits stay, "." (Slack's ts) becomes "-", "_" becomes "__"
 * and any other byte "_XX" in hex. */
static void anchor(struct buf *b, const char *id)
{
	buf_puts(b, "m-");
	for (; *id; id++) {
		unsigned char c = (unsigned char)*id;
		if (c < 128 && isalnum(c))
			buf_putc(b, (char)c);
		else if (c == '.')
			buf_putc(b, '-');
		else if (c == '_')
			buf_puts(b, "__");
		else
			buf_printf(b, "_%02X", c);
	}
}

/* A person's name, isolated so that bidi controls in it (U+202E) cannot
 * reorder the text around it and pass it off as someone else's. */
static void name(struct buf *b, const char *s)
{
	buf_puts(b, "<bdi>");
	esc(b, s ? s : "unknown");
	buf_puts(b, "</bdi>");
}

static void hms(struct buf *b, int64_t t)
{
	datetime_format(t, "%H:%M:%S", b);
}

static void day(struct buf *b, int64_t t)
{
	datetime_format(t, "%-d %b %Y", b);
}

static bool link_ok(const struct link *l)
{
	return text_url_is_safe(l->url) && !text_url_has_token(l->url);
}

/* A message's links by offset (ties in their order), and the first one
 * not yet passed: segments are written in order, so each link is looked at
 * once (a scan of every link per link took 12 s for 100 000 links). */
struct link_cursor {
	const struct link **by_offset;	/* owned; nlinks entries */
	size_t n, next;
};

static int compare_links(const void *pa, const void *pb)
{
	const struct link *a = *(const struct link *const *)pa, *b = *(const struct link *const *)pb;
	if (a->offset != b->offset)
		return (a->offset > b->offset) - (a->offset < b->offset);
	return (a > b) - (a < b);	/* same array: its order */
}

static void link_cursor_init(struct link_cursor *lc, const struct message *m)
{
	lc->n = m->nlinks;
	lc->next = 0;
	lc->by_offset = xcalloc(lc->n + 1, sizeof *lc->by_offset);
	for (size_t i = 0; i < lc->n; i++)
		lc->by_offset[i] = &m->links[i];
	if (lc->n > 1)
		qsort(lc->by_offset, lc->n, sizeof *lc->by_offset, compare_links);
}

/* The first link at or after pos that fits before end, or NULL; links
 * passed over start before the rest of the text and are never written. */
static const struct link *link_next(struct link_cursor *lc, size_t pos, size_t end)
{
	while (lc->next < lc->n) {
		const struct link *c = lc->by_offset[lc->next];
		if (c->offset >= end)
			return NULL;
		lc->next++;
		if (c->offset >= pos && c->offset + c->len <= end && c->len)
			return c;
	}
	return NULL;
}

/* Plain text with links at their spans and newlines as <br>. */
static void text_span(struct buf *b, const struct message *m, struct link_cursor *lc,
		      size_t start, size_t len)
{
	size_t pos = start, end = start + len;
	while (pos < end) {
		const struct link *l = link_next(lc, pos, end);
		size_t next = l ? l->offset : end;
		for (size_t i = pos; i < next; i++) {
			char ch[2] = {m->text[i], 0};
			if (ch[0] == '\n')
				buf_puts(b, "<br>");
			else
				esc(b, ch);
		}
		if (!l)
			break;
		{
			struct buf label = {0};
			buf_add(&label, m->text + l->offset, l->len);
			if (link_ok(l)) {
				buf_puts(b, "<a href=\"");
				esc(b, l->url);
				buf_puts(b, "\" rel=\"noopener noreferrer\">");
				esc(b, buf_str(&label));
				buf_puts(b, "</a>");
			} else {
				esc(b, buf_str(&label));
			}
			buf_free(&label);
		}
		pos = l->offset + l->len;
	}
}

static void render_text(struct buf *b, const struct message *m)
{
	struct segment seg;
	struct link_cursor lc;
	size_t pos = 0;
	bool in_p = false;
	link_cursor_init(&lc, m);
	while (incident_text_next(m->text, &pos, &seg)) {
		struct buf part = {0};
		buf_add(&part, m->text + seg.start, seg.len);
		if (seg.kind == SEG_BLOCK) {
			if (in_p)
				buf_puts(b, "</p>");
			in_p = false;
			buf_puts(b, "<pre><code>");
			esc(b, buf_str(&part));
			buf_puts(b, "</code></pre>");
		} else {
			if (!in_p)
				buf_puts(b, "<p>");
			in_p = true;
			if (seg.kind == SEG_CODE) {
				buf_puts(b, "<code>");
				esc(b, buf_str(&part));
				buf_puts(b, "</code>");
			} else {
				text_span(b, m, &lc, seg.start, seg.len);
			}
		}
		buf_free(&part);
	}
	if (in_p)
		buf_puts(b, "</p>");
	free(lc.by_offset);
}

/* ---- summary and impact ----------------------------------------------- */

static const char *status_of(const struct incident *inc)
{
	return inc->closed ? "CLOSED" : inc->end.set ? "RESOLVED" : "OPEN";
}

static void fact(struct buf *b, const char *term, const char *value_html)
{
	buf_printf(b, "<div><dt>%s</dt><dd>%s</dd></div>\n", term, value_html);
}

static void window(struct buf *b, const struct incident *inc)
{
	if (!inc->start.set) {
		buf_puts(b, placeholder);
		return;
	}
	day(b, inc->start.time);
	buf_puts(b, ", ");
	datetime_format(inc->start.time, "%H:%M", b);
	buf_puts(b, "\xE2\x80\x93");
	if (inc->end.set) {
		struct date a = datetime_local_date(inc->start.time), e = datetime_local_date(inc->end.time);
		if (a.year != e.year || a.month != e.month || a.day != e.day) {
			day(b, inc->end.time);
			buf_putc(b, ' ');
		}
		datetime_format(inc->end.time, "%H:%M", b);
	} else {
		buf_puts(b, "ongoing");
	}
	buf_puts(b, " (");
	esc(b, datetime_zone());
	buf_putc(b, ')');
}

static void detected_by(struct buf *b, const struct incident *inc)
{
	const struct message *m;
	if (!inc->detected.set) {
		buf_puts(b, placeholder);
		return;
	}
	m = &inc->messages[inc->detected.message];
	buf_puts(b, "<a href=\"#");
	anchor(b, m->id);
	buf_puts(b, "\">");
	name(b, inc->detected_by ? inc->detected_by : m->author);
	buf_puts(b, ", ");
	/* the moment's own time: a folded note keeps when it was noticed */
	hms(b, inc->detected.time);
	buf_puts(b, "</a>");
}

static void summary(struct buf *b, const struct incident *inc)
{
	struct buf v = {0};
	buf_puts(b, "<header id=\"summary\" class=\"pm-section\">\n<p class=\"pm-kicker\">Incident post-mortem \xC2\xB7 draft</p>\n<p class=\"pm-badges\">");
	buf_puts(b, "<span class=\"pm-badge pm-badge-id\">");
	esc(b, inc->id ? inc->id : "INC-?");
	buf_puts(b, "</span> <span class=\"pm-badge pm-badge-sev\">");
	esc(b, inc->severity ? inc->severity : "SEV-?");
	buf_printf(b, "</span> <span class=\"pm-badge pm-badge-status\">%s</span></p>\n", status_of(inc));
	buf_puts(b, "<h1 contenteditable=\"true\">Post-mortem: ");
	esc(b, inc->title ? inc->title : "untitled incident");
	buf_puts(b, "</h1>\n<dl class=\"pm-facts\">\n");
	window(&v, inc);
	fact(b, "Incident date", buf_str(&v));
	buf_reset(&v);
	for (size_t i = 0; i < inc->nservices; i++) {
		if (i)
			buf_puts(&v, ", ");
		esc(&v, inc->services[i]);
	}
	fact(b, "Services affected", inc->nservices ? buf_str(&v) : placeholder);
	buf_reset(&v);
	detected_by(&v, inc);
	fact(b, "Detected by", buf_str(&v));
	buf_reset(&v);
	if (inc->channel) {
		buf_putc(&v, '#');
		esc(&v, inc->channel);
	}
	fact(b, "Channel", inc->channel ? buf_str(&v) : placeholder);
	fact(b, "Post-mortem owner", placeholder);
	buf_reset(&v);
	if (inc->review) {
		buf_puts(&v, "<a href=\"#");
		anchor(&v, inc->messages[inc->review_message].id);
		buf_puts(&v, "\">");
		esc(&v, inc->review);
		buf_puts(&v, "</a>");
	}
	fact(b, "Review date", inc->review ? buf_str(&v) : placeholder);
	buf_puts(b, "</dl>\n</header>\n");
	buf_free(&v);
}

static int compare_names(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* People who wrote (not bots or system notices), each counted once: sorted,
 * so 100 000 distinct authors cost n log n, not n^2 comparisons. */
static size_t participants(const struct incident *inc)
{
	const char **names = xcalloc(inc->nmessages + 1, sizeof *names);
	size_t n = 0, distinct = 0;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->author && !m->system && !m->bot)
			names[n++] = m->author;
	}
	if (n > 1)
		qsort(names, n, sizeof *names, compare_names);
	for (size_t i = 0; i < n; i++)
		distinct += i == 0 || strcmp(names[i - 1], names[i]) != 0;
	free(names);
	return distinct;
}

static void card(struct buf *b, const char *value, const char *label,
		 const struct incident *inc, const struct moment *from)
{
	buf_puts(b, "<div class=\"pm-card\"><span class=\"pm-card-value\">");
	esc(b, value);
	buf_puts(b, "</span><span class=\"pm-card-label\">");
	esc(b, label);
	buf_puts(b, "</span>");
	if (from && from->set) {
		buf_puts(b, "<a class=\"pm-card-src\" href=\"#");
		anchor(b, inc->messages[from->message].id);
		buf_puts(b, "\">from the ");
		hms(b, from->time);
		buf_puts(b, " entry</a>");
	}
	buf_puts(b, "</div>\n");
}

static void span_card(struct buf *b, const struct incident *inc, const struct moment *a,
		      const struct moment *z, const char *label)
{
	struct buf v = {0};
	if (a->set && z->set)
		datetime_format_duration(z->time - a->time, &v);
	else
		buf_puts(&v, "\xE2\x80\x94");
	card(b, buf_str(&v), label, inc, z->set ? z : NULL);
	buf_free(&v);
}

static void impact(struct buf *b, const struct incident *inc)
{
	struct buf v = {0};
	buf_puts(b, "<section id=\"impact\" class=\"pm-section\"><h2>Impact</h2>\n<div class=\"pm-cards\">\n");
	span_card(b, inc, &inc->start, &inc->end, "duration (start \xE2\x86\x92 all-clear)");
	span_card(b, inc, &inc->start, &inc->detected, "time to detect");
	span_card(b, inc, &inc->detected, &inc->first[PHASE_ESCALATE], "time to escalate");
	span_card(b, inc, &inc->detected, &inc->first[PHASE_MITIGATE], "time to mitigate");
	span_card(b, inc, &inc->detected, &inc->end, "time to resolve");
	for (size_t i = 0; i < inc->nfigures; i++) {
		struct moment mo = {true, inc->messages[inc->figures[i].message].time, inc->figures[i].message};
		card(b, inc->figures[i].value, inc->figures[i].label, inc, &mo);
	}
	buf_printf(&v, "%zu", participants(inc));
	card(b, buf_str(&v), "participants", inc, NULL);
	buf_reset(&v);
	buf_printf(&v, "%zu", inc->nmessages);
	card(b, buf_str(&v), "messages and notes", inc, NULL);
	if (inc->severity) {
		struct moment mo = {inc->severity_message != SIZE_MAX, 0, inc->severity_message};
		if (mo.set)
			mo.time = inc->messages[mo.message].time;
		card(b, inc->severity, "severity as declared", inc, &mo);
	}
	buf_printf(b, "</div>\n<p class=\"pm-prose\" contenteditable=\"true\">%s</p>\n</section>\n",
		   "Describe the impact in two or three sentences: who was affected, how, and for how long.");
	buf_free(&v);
}

/* ---- timeline ---------------------------------------------------------- */

static void entry_meta(struct buf *b, const struct message *m)
{
	static const char *const source_label[] = {"chat", "chat", "notes"};
	struct buf iso = {0};
	const char *phase = m->key ? phase_name(m->phase) : "none";
	datetime_format_iso(m->time, &iso);
	buf_printf(b, "<div class=\"pm-meta\"><span class=\"pm-phase pm-phase-%s\">", phase);
	for (const char *p = m->key ? phase : "note"; *p; p++)
		buf_putc(b, (char)(*p - 32 * (*p >= 'a' && *p <= 'z')));
	buf_printf(b, "</span> <time datetime=\"%s\">", buf_str(&iso));
	hms(b, m->time);
	buf_puts(b, "</time> <span class=\"pm-author\">");
	name(b, m->author);
	buf_printf(b, "</span> <span class=\"pm-source\">%s%s</span>", source_label[m->kind],
		   m->nmerged ? " + notes" : "");
	if (m->edited)
		buf_puts(b, " <span class=\"pm-flag pm-edited\">edited</span>");
	if (m->pinned)
		buf_puts(b, " <span class=\"pm-flag pm-pinned\">pinned</span>");
	if (m->bot)
		buf_puts(b, " <span class=\"pm-flag pm-bot\">bot</span>");
	if (m->blame) {
		buf_puts(b, " <span class=\"pm-flag pm-blame\" title=\"matched ");
		esc(b, m->blame);
		buf_puts(b, ": reword around the system, see Blameless note\">blaming language</span>");
	}
	buf_puts(b, "</div>");
	buf_free(&iso);
}

/* Files shared with the message: name and type only, never their URL. */
static void files(struct buf *b, const struct message *m)
{
	if (!m->nfiles)
		return;
	buf_puts(b, "<ul class=\"pm-files\">");
	for (size_t k = 0; k < m->nfiles; k++) {
		buf_puts(b, "<li>file: ");
		esc(b, m->files[k].name);
		if (m->files[k].type) {
			buf_puts(b, " (");
			esc(b, m->files[k].type);
			buf_putc(b, ')');
		}
		buf_puts(b, "</li>");
	}
	buf_puts(b, "</ul>");
}

struct tl {
	const struct incident *inc;
	size_t *first_child, *next_sibling;	/* reply tree, SIZE_MAX-terminated */
};

/* The timeline holds every message (the transcript toggle): written out as
 * it grows, so a workspace export never sits in memory twice. */
#define FLUSH_AT (256 * 1024)

static void flush_big(struct buf *b, FILE *out)
{
	if (b->len < FLUSH_AT)
		return;
	fwrite(b->data, 1, b->len, out);
	buf_reset(b);
}

/* Writes message i's item up to its replies, leaving the <li> open. */
static void entry_open(struct buf *b, const struct tl *t, size_t i)
{
	const struct message *m = &t->inc->messages[i];
	if (m->key)
		buf_printf(b, "<li class=\"pm-entry\" data-phase=\"%s\"", phase_name(m->phase));
	else
		buf_puts(b, "<li class=\"pm-transcript\"");
	buf_puts(b, " id=\"");
	anchor(b, m->id);
	buf_puts(b, "\" data-id=\"");
	esc(b, m->id);
	buf_printf(b, "\" data-source=\"%s\">", m->kind == SOURCE_NOTES ? "notes" : m->kind == SOURCE_TEAMS ? "teams" : "slack");
	entry_meta(b, m);
	buf_puts(b, "<div class=\"pm-text\" contenteditable=\"true\">");
	render_text(b, m);
	buf_puts(b, "</div>");
	files(b, m);
}

/* Replies nest this many lists deep at most; deeper ones follow their
 * parent in the deepest list, in order. An export decides how deep a reply
 * chain goes (60 000 deep overflowed the stack of a recursive writer), and
 * browsers stop nesting elements long before that anyway. */
#define NEST_MAX 8

/* A list of replies being written: the next sibling to write; a flat frame
 * stands for replies written into the enclosing list (no <ol> of its own). */
struct frame {
	size_t next;
	bool flat;
};

/* Writes message i and all its replies, depth-first, without recursion: the
 * stack holds one frame per open list. Hidden messages are skipped with
 * their replies. */
static void entry(struct buf *b, const struct tl *t, size_t i, FILE *out)
{
	struct frame *stack = NULL;
	size_t n = 0, cap = 0, nested = 0;
	if (t->inc->messages[i].hidden)
		return;
	entry_open(b, t, i);
	if (t->first_child[i] == SIZE_MAX) {
		buf_puts(b, "</li>\n");
		return;
	}
	buf_puts(b, "<ol class=\"pm-replies\">\n");
	stack = xgrow(stack, &cap, 1, sizeof *stack);
	stack[n++] = (struct frame){t->first_child[i], false};
	nested = 1;
	while (n) {
		size_t c = stack[n - 1].next;
		if (c == SIZE_MAX) {
			if (!stack[--n].flat) {
				buf_puts(b, "</ol></li>\n");
				nested--;
			}
			continue;
		}
		stack[n - 1].next = t->next_sibling[c];
		if (t->inc->messages[c].hidden)
			continue;
		entry_open(b, t, c);
		bool flat = nested >= NEST_MAX;
		if (flat || t->first_child[c] == SIZE_MAX)
			buf_puts(b, "</li>\n");
		if (t->first_child[c] != SIZE_MAX) {
			if (!flat) {
				buf_puts(b, "<ol class=\"pm-replies\">\n");
				nested++;
			}
			stack = xgrow(stack, &cap, n + 1, sizeof *stack);
			stack[n++] = (struct frame){t->first_child[c], flat};
		}
		flush_big(b, out);
	}
	free(stack);
}

static void build_tree(struct tl *t)
{
	const struct incident *inc = t->inc;
	size_t n = inc->nmessages;
	size_t *last = malloc((n ? n : 1) * sizeof *last);
	t->first_child = malloc((n ? n : 1) * sizeof *t->first_child);
	t->next_sibling = malloc((n ? n : 1) * sizeof *t->next_sibling);
	if (!last || !t->first_child || !t->next_sibling)
		abort();
	for (size_t i = 0; i < n; i++)
		t->first_child[i] = t->next_sibling[i] = last[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t p = inc->messages[i].parent;
		if (p == SIZE_MAX)
			continue;
		if (last[p] == SIZE_MAX)
			t->first_child[p] = i;
		else
			t->next_sibling[last[p]] = i;
		last[p] = i;
	}
	free(last);
}

static void filters(struct buf *b, const struct incident *inc, size_t *count)
{
	size_t total = 0;
	for (size_t i = 0; i < inc->nmessages; i++)
		if (inc->messages[i].key && !inc->messages[i].hidden)
			count[inc->messages[i].phase]++, total++;
	buf_printf(b, "<h2>Timeline <span class=\"pm-count-total\">\xC2\xB7 %zu key moments</span></h2>\n", total);
	buf_puts(b, "<div class=\"pm-filters\" role=\"group\" aria-label=\"Filter by phase\">\n");
	buf_printf(b, "<button type=\"button\" data-filter=\"all\" aria-pressed=\"true\">All <span class=\"pm-n\">%zu</span></button>\n", total);
	for (int p = PHASE_DETECT; p <= PHASE_RESOLVE; p++) {
		const char *name = phase_name((enum phase)p);
		buf_printf(b, "<button type=\"button\" data-filter=\"%s\" aria-pressed=\"false\">%c%s <span class=\"pm-n\">%zu</span></button>\n",
			   name, name[0] - 32, name + 1, count[p]);
	}
	buf_puts(b, "<button type=\"button\" id=\"toggle-transcript\" aria-pressed=\"false\">Show full transcript</button>\n");
	buf_puts(b, "<p class=\"pm-status\" aria-live=\"polite\"></p>\n</div>\n");
}

static bool spans_days(const struct incident *inc)
{
	struct date first = {0, 0, 0};
	bool have = false;
	for (size_t i = 0; i < inc->nmessages; i++) {
		struct date d;
		if (!inc->messages[i].key)
			continue;
		d = datetime_local_date(inc->messages[i].time);
		if (have && (d.day != first.day || d.month != first.month || d.year != first.year))
			return true;
		first = d;
		have = true;
	}
	return false;
}

/* The timeline's top-level items go into lists of CHUNK items. In a long
 * timeline (class pm-long) the style sheet lets the browser skip the chunks
 * away from the viewport: one list of 250 000 items had Chromium lay out the
 * whole list again and again while parsing (two minutes to open, seconds per
 * filter click); in chunks it opens in seconds. */
#define CHUNK 200

static size_t top_items(const struct incident *inc)
{
	size_t n = 0;
	for (size_t i = 0; i < inc->nmessages && n <= CHUNK; i++)
		n += inc->messages[i].parent == SIZE_MAX && !inc->messages[i].hidden;
	return n;
}

static void day_item(struct buf *b, int64_t time)
{
	struct buf iso = {0};
	date_format(datetime_local_date(time), &iso);
	buf_printf(b, "<li class=\"pm-day\" data-day=\"%s\"><h3>", buf_str(&iso));
	datetime_format(time, "%a %-d %b %Y", b);
	buf_puts(b, "</h3></li>\n");
	buf_free(&iso);
}

/* Starts a new chunk when the current one is full. */
static void item_slot(struct buf *b, size_t *items)
{
	if (*items && *items % CHUNK == 0)
		buf_puts(b, "</ol>\n<ol class=\"pm-chunk\">\n");
	++*items;
}

static void timeline(struct buf *b, const struct incident *inc, FILE *out)
{
	struct tl t = {inc, NULL, NULL};
	size_t count[PHASE_COUNT] = {0};
	bool days = spans_days(inc);
	long last_day = -1;
	size_t items = 0;
	build_tree(&t);
	buf_puts(b, "<section id=\"timeline\" class=\"pm-section\">");
	filters(b, inc, count);
	buf_printf(b, "<div class=\"pm-timeline%s\">\n<ol class=\"pm-chunk\">\n",
		   top_items(inc) > CHUNK ? " pm-long" : "");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->parent != SIZE_MAX || m->hidden)
			continue;
		if (days) {
			long d = date_to_days(datetime_local_date(m->time));
			if (d != last_day) {
				item_slot(b, &items);
				day_item(b, m->time);
				last_day = d;
			}
		}
		item_slot(b, &items);
		entry(b, &t, i, out);
		flush_big(b, out);
	}
	buf_puts(b, "</ol>\n</div>\n</section>\n");
	free(t.first_child);
	free(t.next_sibling);
}

/* ---- the other sections ------------------------------------------------ */

static void source_link(struct buf *b, const struct message *m, const char *label)
{
	buf_puts(b, "<a class=\"pm-src\" href=\"#");
	anchor(b, m->id);
	buf_puts(b, "\">");
	esc(b, label);
	buf_puts(b, "</a>");
}

static void poster(struct buf *b, const struct message *m)
{
	name(b, m->author);
	buf_puts(b, " \xC2\xB7 ");
	day(b, m->time);
	buf_putc(b, ' ');
	hms(b, m->time);
}

static void logs(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	buf_puts(b, "<section id=\"logs\" class=\"pm-section\"><h2>Log excerpts</h2>\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		struct segment seg;
		size_t pos = 0;
		while (!m->hidden && incident_text_next(m->text, &pos, &seg)) {
			struct buf code = {0};
			if (seg.kind != SEG_BLOCK)
				continue;
			buf_add(&code, m->text + seg.start, seg.len);
			buf_puts(b, "<figure class=\"pm-log\"><figcaption>");
			poster(b, m);
			buf_puts(b, " \xC2\xB7 ");
			source_link(b, m, "timeline entry");
			buf_puts(b, "</figcaption><pre><code>");
			esc(b, buf_str(&code));
			buf_puts(b, "</code></pre></figure>\n");
			buf_free(&code);
			n++;
		}
	}
	if (!n)
		buf_puts(b, "<p class=\"pm-prose\" contenteditable=\"true\">No code blocks were posted in the chat. Paste relevant log lines here.</p>\n");
	buf_puts(b, "</section>\n");
}

static void root_cause(struct buf *b, const struct incident *inc)
{
	size_t causes[5], n = 0;
	for (size_t i = 0; i < inc->nmessages && n < 5; i++)
		if (inc->messages[i].cause && !inc->messages[i].hidden && !inc->messages[i].system)
			causes[n++] = i;
	buf_puts(b, "<section id=\"root-cause\" class=\"pm-section\"><h2>Root cause \xC2\xB7 five whys</h2>\n");
	buf_puts(b, "<p class=\"pm-prompt\">Candidate cause statements from the chat come first; check each, then complete the chain. Ask why the system allowed it, not who did it.</p>\n<ol class=\"pm-whys\">\n");
	for (size_t k = 0; k < 5; k++) {
		buf_puts(b, "<li><span class=\"pm-why-q\" contenteditable=\"true\">");
		buf_puts(b, k == 0 ? "Why did the incident happen?" : "Why?");
		buf_puts(b, "</span> <span class=\"pm-why-a\" contenteditable=\"true\">");
		if (k < n) {
			const struct message *m = &inc->messages[causes[k]];
			struct buf t = {0};
			/* the statement without code blocks */
			struct segment seg;
			size_t pos = 0;
			while (incident_text_next(m->text, &pos, &seg))
				if (seg.kind != SEG_BLOCK)
					buf_add(&t, m->text + seg.start, seg.len);
			text_trim(&t);
			esc(b, buf_str(&t));
			buf_puts(b, "</span> ");
			source_link(b, m, "source");
			buf_free(&t);
		} else {
			buf_puts(b, "<span class=\"pm-placeholder\">to fill</span></span>");
		}
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n<p class=\"pm-prose\" contenteditable=\"true\"><strong>Root cause:</strong> <span class=\"pm-placeholder\">one sentence naming the system or process gap</span></p>\n</section>\n");
}

static void remediation(struct buf *b, const struct incident *inc)
{
	size_t done = 0;
	for (size_t i = 0; i < inc->nactions; i++)
		done += inc->actions[i].done;
	buf_printf(b, "<section id=\"remediation\" class=\"pm-section\"><h2>Remediation <span class=\"pm-count-total\">\xC2\xB7 %zu of %zu complete</span></h2>\n", done, inc->nactions);
	buf_puts(b, "<table class=\"pm-table pm-actions\"><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < inc->nactions; i++) {
		const struct action *a = &inc->actions[i];
		buf_printf(b, "<tr data-action=\"%zu\"><td data-field=\"text\" contenteditable=\"true\">", i + 1);
		esc(b, a->text);
		if (a->message != SIZE_MAX) {
			buf_putc(b, ' ');
			source_link(b, &inc->messages[a->message], "source");
		}
		buf_puts(b, "</td><td data-field=\"owner\" contenteditable=\"true\">");
		if (a->owner)
			name(b, a->owner);
		else
			buf_puts(b, "<span class=\"pm-gap\">needs owner</span>");
		buf_puts(b, "</td><td data-field=\"due\" contenteditable=\"true\">");
		if (a->has_due) {
			struct buf d = {0};
			date_format(a->due, &d);
			buf_printf(b, "<time datetime=\"%s\">", buf_str(&d));
			esc(b, buf_str(&d));
			buf_puts(b, "</time>");
			buf_free(&d);
		} else {
			buf_puts(b, "<span class=\"pm-gap\">needs date</span>");
		}
		buf_printf(b, "</td><td data-field=\"status\" class=\"pm-status-%s\">%s</td></tr>\n",
			   a->done ? "done" : "open", a->done ? "DONE" : "OPEN");
	}
	if (!inc->nactions)
		buf_puts(b, "<tr data-action=\"1\"><td data-field=\"text\" contenteditable=\"true\"><span class=\"pm-gap\">no follow-ups found in the chat: add them here</span></td><td data-field=\"owner\" contenteditable=\"true\"><span class=\"pm-gap\">needs owner</span></td><td data-field=\"due\" contenteditable=\"true\"><span class=\"pm-gap\">needs date</span></td><td data-field=\"status\" class=\"pm-status-open\">OPEN</td></tr>\n");
	buf_puts(b, "</tbody></table>\n</section>\n");
}

static void customer_impact(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	buf_puts(b, "<section id=\"customer-impact\" class=\"pm-section\"><h2>Customer impact statement</h2>\n");
	buf_puts(b, "<p class=\"pm-prose\" contenteditable=\"true\"><span class=\"pm-placeholder\">Who was affected, what they saw, whether any data was exposed, and what customers were told.</span></p>\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		bool figure = false;
		for (size_t k = 0; k < inc->nfigures; k++)
			figure |= inc->figures[k].message == i;
		if (!figure && !(m->key && strstr(m->text, "customer")))
			continue;
		if (!n++)
			buf_puts(b, "<p class=\"pm-prompt\">What the chat said about impact:</p>\n<ul class=\"pm-prompts\">\n");
		buf_puts(b, "<li>");
		esc(b, m->text);
		buf_puts(b, " ");
		source_link(b, m, "source");
		buf_puts(b, "</li>\n");
	}
	if (n)
		buf_puts(b, "</ul>\n");
	buf_puts(b, "</section>\n");
}

static void controls(struct buf *b)
{
	static const char *const types[] = {"Preventive", "Detective", "Detective", "Containment"};
	buf_puts(b, "<section id=\"controls\" class=\"pm-section\"><h2>Control classification</h2>\n");
	buf_puts(b, "<table class=\"pm-table\"><thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Type</th><th scope=\"col\">Outcome</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		buf_printf(b, "<tr><td contenteditable=\"true\"><span class=\"pm-placeholder\">control</span></td><td contenteditable=\"true\">%s</td><td contenteditable=\"true\"><span class=\"pm-placeholder\">worked / missed / failed</span></td></tr>\n", types[i]);
	buf_puts(b, "</tbody></table>\n</section>\n");
}

static void evidence(struct buf *b, const struct incident *inc)
{
	size_t n = 0, withheld = 0, order = 0;
	bool *repeat = incident_repeated_links(inc);
	buf_puts(b, "<section id=\"evidence\" class=\"pm-section\"><h2>Evidence pack</h2>\n<ul class=\"pm-evidence\">\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		for (size_t k = 0; k < m->nfiles; k++, n++) {
			buf_puts(b, "<li><span class=\"pm-ev-kind\">file</span> ");
			esc(b, m->files[k].name);
			if (m->files[k].type) {
				buf_puts(b, " (");
				esc(b, m->files[k].type);
				buf_putc(b, ')');
			}
			buf_puts(b, " \xC2\xB7 ");
			poster(b, m);
			buf_putc(b, ' ');
			source_link(b, m, "entry");
			buf_puts(b, "</li>\n");
		}
		for (size_t k = 0; k < m->nlinks; k++, order++) {
			const struct link *l = &m->links[k];
			if (!link_ok(l)) {
				withheld++;
				continue;
			}
			if (repeat[order])
				continue;
			n++;
			buf_puts(b, "<li><span class=\"pm-ev-kind\">link</span> <a href=\"");
			esc(b, l->url);
			buf_puts(b, "\" rel=\"noopener noreferrer\">");
			esc(b, l->url);
			buf_puts(b, "</a> \xC2\xB7 ");
			poster(b, m);
			buf_putc(b, ' ');
			source_link(b, m, "entry");
			buf_puts(b, "</li>\n");
		}
	}
	if (!n)
		buf_puts(b, "<li><span class=\"pm-placeholder\" contenteditable=\"true\">no files or links were shared; list dashboards, tickets and documents here</span></li>\n");
	buf_puts(b, "</ul>\n");
	if (withheld)
		buf_printf(b, "<p class=\"pm-prompt\">%zu link%s left out: private file URLs with access tokens, or schemes other than http, https and mailto.</p>\n",
			   withheld, withheld == 1 ? "" : "s");
	for (size_t i = 0; i < inc->nredactions; i++) {
		buf_puts(b, i ? ", " : "<p class=\"pm-prompt\" data-redactions>Secrets masked before writing: ");
		buf_printf(b, "%zu ", inc->redactions[i].count);
		esc(b, inc->redactions[i].kind);
	}
	if (inc->nredactions)
		buf_puts(b, ". Check the export itself before sharing it.</p>\n");
	buf_puts(b, "</section>\n");
	free(repeat);
}

static void blameless(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	buf_puts(b, "<section id=\"blameless\" class=\"pm-section\"><h2>Blameless note</h2>\n");
	buf_puts(b, "<p class=\"pm-prose\" contenteditable=\"true\">This review examines the system and the process, not people. Everyone acted on the information they had at the time; the remediation above changes the system so the same gap cannot surface the same way again.</p>\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->blame || m->hidden)
			continue;
		if (!n++)
			buf_puts(b, "<p class=\"pm-prompt\">Blaming language found in quoted chat; reword it around what the system allowed before publishing:</p>\n<ul class=\"pm-blame-list\">\n");
		buf_puts(b, "<li>\xE2\x80\x9C");
		esc(b, m->text);
		buf_puts(b, "\xE2\x80\x9D \xE2\x80\x94 ");
		name(b, m->author);
		buf_puts(b, " ");
		source_link(b, m, "source");
		buf_puts(b, " <span class=\"pm-suggestion\">Suggestion: describe which safeguard was missing or which signal was unclear, e.g. \xE2\x80\x9Cthe process allowed this step without a check\xE2\x80\x9D.</span></li>\n");
	}
	if (n)
		buf_puts(b, "</ul>\n");
	buf_puts(b, "</section>\n");
}

/* Notes columns pmdraft does not interpret, kept for the record. */
static void appendix(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->extra)
			continue;
		if (!n++)
			buf_puts(b, "<section id=\"notes-appendix\" class=\"pm-section\"><h2>Appendix: other columns of the notes</h2>\n<table class=\"pm-table\"><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Columns</th></tr></thead><tbody>\n");
		buf_puts(b, "<tr><td>");
		esc(b, m->id);
		buf_puts(b, "</td><td>");
		esc(b, m->extra);
		buf_puts(b, "</td></tr>\n");
	}
	if (n)
		buf_puts(b, "</tbody></table>\n</section>\n");
}

static void head(struct buf *b, const struct incident *inc)
{
	buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
	buf_printf(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-%s'; img-src data:; base-uri 'none'; form-action 'none'\">\n",
		   pmdraft_draft_js_sha256);
	buf_puts(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"pmdraft\">\n<title>");
	esc(b, inc->id ? inc->id : "Incident");
	buf_puts(b, " post-mortem draft</title>\n<style>\n");
	buf_puts(b, pmdraft_draft_css);
	buf_puts(b, "</style>\n</head>\n");
}

static void body_open(struct buf *b, const struct incident *inc)
{
	struct buf name = {0};
	for (const char *p = inc->id ? inc->id : "incident"; *p; p++)
		buf_putc(&name, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) :
			 ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) ? *p : '-');
	buf_puts(b, "<body data-filename=\"");
	esc(b, buf_str(&name));
	buf_puts(b, "-postmortem.html\">\n<div class=\"pm-toolbar\" role=\"toolbar\" aria-label=\"Draft\"><button type=\"button\" id=\"save-draft\">Save draft</button> <span class=\"pm-hint\">Click any text to edit it; Save downloads a new self-contained copy.</span></div>\n<main class=\"pm-doc\">\n");
	buf_free(&name);
}

static void footer(struct buf *b, const struct incident *inc, const struct write_options *opts)
{
	buf_puts(b, "<footer class=\"pm-footer\">Drafted by pmdraft ");
	esc(b, opts->version);
	buf_puts(b, " from ");
	for (size_t i = 0; i < inc->nsources; i++) {
		if (i)
			buf_puts(b, ", ");
		esc(b, inc->sources[i].path);
		buf_printf(b, " (%zu)", inc->sources[i].messages);
	}
	if (opts->stamp) {
		struct buf now = {0};
		datetime_format_iso((int64_t)time(NULL) * DATETIME_US, &now);
		buf_printf(b, " on %s", buf_str(&now));
		buf_free(&now);
	}
	buf_puts(b, ". Times in ");
	esc(b, datetime_zone());
	buf_puts(b, ". Review every section before publishing.</footer>\n</main>\n<script>");
	buf_puts(b, pmdraft_draft_js);
	buf_puts(b, "</script>\n</body>\n</html>\n");
}

static bool write(const struct incident *inc, const struct write_options *opts, FILE *out)
{
	struct buf b = {0};
	head(&b, inc);
	body_open(&b, inc);
	summary(&b, inc);
	impact(&b, inc);
	timeline(&b, inc, out);
	logs(&b, inc);
	root_cause(&b, inc);
	remediation(&b, inc);
	customer_impact(&b, inc);
	controls(&b);
	evidence(&b, inc);
	blameless(&b, inc);
	appendix(&b, inc);
	footer(&b, inc, opts);
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return !ferror(out);
}

const struct writer write_html = {
	.name = "html",
	.ext = ".html",
	.write = write,
};
