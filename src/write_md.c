/* write_md: the draft as GitHub-flavoured Markdown; chat text is escaped so
 * it cannot inject Markdown or HTML, code stays in fences. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "incident.h"
#include "text.h"
#include "write.h"

static void md(struct buf *b, const char *s)
{
	text_escape_md(s ? s : "", b);
}

static size_t longest_backtick_run(const char *code, size_t len)
{
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < len; i++) {
		run = code[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* A Markdown code span: its contents are literal to every renderer, so
 * chat inside backticks cannot become an image, link or HTML (an HTML
 * <code> element still let markdown-it and marked parse what it held).
 * The fence is longer than any backtick run inside; a space pads contents
 * that start or end with a backtick or a space (renderers strip one). */
static void code_span(struct buf *b, const char *code, size_t len)
{
	size_t fence = longest_backtick_run(code, len) + 1;
	bool pad = len && (code[0] == '`' || code[0] == ' ' || code[len - 1] == '`' ||
			   code[len - 1] == ' ');
	for (size_t i = 0; i < fence; i++)
		buf_putc(b, '`');
	if (pad)
		buf_putc(b, ' ');
	for (size_t i = 0; i < len; i++)
		if (code[i] != '\r' && code[i] != '\n')
			buf_putc(b, code[i]);
	if (pad)
		buf_putc(b, ' ');
	for (size_t i = 0; i < fence; i++)
		buf_putc(b, '`');
}

/* A fence longer than any run of backticks inside the code. */
static void fenced(struct buf *b, const char *code, size_t len)
{
	size_t longest = longest_backtick_run(code, len);
	for (size_t i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
		buf_putc(b, '`');
	buf_putc(b, '\n');
	buf_add(b, code, len);
	buf_putc(b, '\n');
	for (size_t i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
		buf_putc(b, '`');
	buf_putc(b, '\n');
}

/* Message text for a list item or table cell: code spans kept, blocks cut. */
static void inline_text(struct buf *b, const struct message *m, bool *had_block)
{
	struct segment seg;
	size_t pos = 0;
	while (incident_text_next(m->text, &pos, &seg)) {
		struct buf part = {0};
		buf_add(&part, m->text + seg.start, seg.len);
		if (seg.kind == SEG_BLOCK)
			*had_block = true;
		else if (seg.kind == SEG_CODE)
			code_span(b, part.data, part.len);
		else
			md(b, buf_str(&part));
		buf_free(&part);
	}
}

static void when(struct buf *b, int64_t t)
{
	datetime_format(t, "%Y-%m-%d %H:%M:%S", b);
}

static void header(struct buf *b, const struct incident *inc)
{
	buf_puts(b, "# Post-mortem: ");
	md(b, inc->title ? inc->title : "untitled incident");
	buf_puts(b, "\n\n| | |\n|---|---|\n| Incident | ");
	md(b, inc->id ? inc->id : "to fill");
	buf_puts(b, " |\n| Severity | ");
	md(b, inc->severity ? inc->severity : "to fill");
	buf_printf(b, " |\n| Status | %s |\n| Window | ",
		   inc->closed ? "closed" : inc->end.set ? "resolved" : "open");
	if (inc->start.set)
		when(b, inc->start.time);
	else
		buf_puts(b, "_to fill_");
	buf_puts(b, " \xE2\x80\x93 ");
	if (inc->end.set)
		when(b, inc->end.time);
	else
		buf_puts(b, "ongoing");
	buf_puts(b, " (");
	md(b, datetime_zone());
	buf_puts(b, ") |\n| Services | ");
	for (size_t i = 0; i < inc->nservices; i++) {
		if (i)
			buf_puts(b, ", ");
		md(b, inc->services[i]);
	}
	if (!inc->nservices)
		buf_puts(b, "_to fill_");
	buf_puts(b, " |\n| Detected by | ");
	if (inc->detected.set) {
		md(b, inc->detected_by);
		buf_puts(b, ", ");
		when(b, inc->detected.time);
	} else {
		buf_puts(b, "_to fill_");
	}
	buf_puts(b, " |\n| Channel | ");
	if (inc->channel)
		md(b, inc->channel);
	else
		buf_puts(b, "_to fill_");
	buf_puts(b, " |\n| Post-mortem owner | _to fill_ |\n| Review date | ");
	if (inc->review)
		md(b, inc->review);
	else
		buf_puts(b, "_to fill_");
	buf_puts(b, " |\n\n");
}

static void span(struct buf *b, const char *label, const struct moment *a, const struct moment *z)
{
	buf_printf(b, "| %s | ", label);
	if (a->set && z->set)
		datetime_format_duration(z->time - a->time, b);
	else
		buf_puts(b, "\xE2\x80\x94");
	buf_puts(b, " |\n");
}

static void impact(struct buf *b, const struct incident *inc)
{
	buf_puts(b, "## Impact\n\n| Figure | Value |\n|---|---|\n");
	span(b, "Duration (start to all-clear)", &inc->start, &inc->end);
	span(b, "Time to detect", &inc->start, &inc->detected);
	span(b, "Time to escalate", &inc->detected, &inc->first[PHASE_ESCALATE]);
	span(b, "Time to mitigate", &inc->detected, &inc->first[PHASE_MITIGATE]);
	span(b, "Time to resolve", &inc->detected, &inc->end);
	for (size_t i = 0; i < inc->nfigures; i++) {
		buf_puts(b, "| ");
		md(b, inc->figures[i].label);
		buf_puts(b, " | ");
		md(b, inc->figures[i].value);
		buf_puts(b, " |\n");
	}
	buf_printf(b, "| Messages and notes | %zu |\n\n_Describe the impact in two or three sentences._\n\n",
		   inc->nmessages);
}

static void timeline(struct buf *b, const struct incident *inc, bool all)
{
	static const char *const source[] = {"chat", "chat", "notes"};
	buf_puts(b, "## Timeline\n\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		bool block = false;
		if (m->hidden || (!m->key && !all))
			continue;
		buf_puts(b, "- **");
		when(b, m->time);
		buf_puts(b, "** ");
		for (const char *p = m->key ? phase_name(m->phase) : "note"; *p; p++)
			buf_putc(b, (char)(*p - 32 * (*p >= 'a' && *p <= 'z')));
		buf_puts(b, " \xC2\xB7 ");
		md(b, m->author ? m->author : "unknown");
		buf_printf(b, " (%s%s%s): ", source[m->kind], m->nmerged ? " + notes" : "",
			   m->edited ? ", edited" : "");
		inline_text(b, m, &block);
		if (block)
			buf_puts(b, " _(log excerpt below)_");
		if (m->blame)
			buf_puts(b, " **[blaming language: reword]**");
		buf_putc(b, '\n');
	}
	buf_putc(b, '\n');
}

static void logs(struct buf *b, const struct incident *inc)
{
	buf_puts(b, "## Log excerpts\n\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		struct segment seg;
		size_t pos = 0;
		while (!m->hidden && incident_text_next(m->text, &pos, &seg)) {
			if (seg.kind != SEG_BLOCK)
				continue;
			md(b, m->author ? m->author : "unknown");
			buf_puts(b, ", ");
			when(b, m->time);
			buf_puts(b, ":\n\n");
			fenced(b, m->text + seg.start, seg.len);
			buf_putc(b, '\n');
		}
	}
}

static void root_cause(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	buf_puts(b, "## Root cause: five whys\n\n");
	for (size_t i = 0; i < inc->nmessages && n < 5; i++) {
		const struct message *m = &inc->messages[i];
		bool block = false;
		if (!m->cause || m->hidden || m->system)
			continue;
		buf_printf(b, "%zu. Why? ", ++n);
		inline_text(b, m, &block);
		buf_puts(b, " (");
		md(b, m->author ? m->author : "unknown");
		buf_puts(b, ")\n");
	}
	for (; n < 5; n++)
		buf_printf(b, "%zu. Why? _to fill_\n", n + 1);
	buf_puts(b, "\n**Root cause:** _one sentence naming the system or process gap_\n\n");
}

static void actions(struct buf *b, const struct incident *inc)
{
	size_t done = 0;
	for (size_t i = 0; i < inc->nactions; i++)
		done += inc->actions[i].done;
	buf_printf(b, "## Remediation (%zu of %zu complete)\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n",
		   done, inc->nactions);
	for (size_t i = 0; i < inc->nactions; i++) {
		const struct action *a = &inc->actions[i];
		buf_puts(b, "| ");
		md(b, a->text);
		buf_puts(b, " | ");
		if (a->owner)
			md(b, a->owner);
		else
			buf_puts(b, "**needs owner**");
		buf_puts(b, " | ");
		if (a->has_due)
			date_format(a->due, b);
		else
			buf_puts(b, "**needs date**");
		buf_printf(b, " | %s |\n", a->done ? "done" : "open");
	}
	buf_putc(b, '\n');
}

static void evidence(struct buf *b, const struct incident *inc)
{
	bool *repeat = incident_repeated_links(inc);
	size_t order = 0;
	buf_puts(b, "## Evidence\n\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		for (size_t k = 0; k < m->nfiles; k++) {
			buf_puts(b, "- file: ");
			md(b, m->files[k].name);
			buf_puts(b, " (");
			md(b, m->author ? m->author : "unknown");
			buf_puts(b, ", ");
			when(b, m->time);
			buf_puts(b, ")\n");
		}
		for (size_t k = 0; k < m->nlinks; k++, order++) {
			const char *url = m->links[k].url;
			if (repeat[order] || !text_url_is_safe(url) || text_url_has_token(url))
				continue;
			buf_puts(b, "- link: <");
			buf_puts(b, url);	/* safe: no blanks, quotes or angle brackets */
			buf_puts(b, ">\n");
		}
	}
	for (size_t i = 0; i < inc->nredactions; i++) {
		buf_puts(b, i ? ", " : "\nSecrets masked before writing: ");
		buf_printf(b, "%zu ", inc->redactions[i].count);
		md(b, inc->redactions[i].kind);
	}
	buf_puts(b, inc->nredactions ? "\n\n" : "\n");
	free(repeat);
}

static void rest(struct buf *b, const struct incident *inc)
{
	size_t n = 0;
	buf_puts(b, "## Customer impact statement\n\n_Who was affected, what they saw, whether any data was exposed, and what customers were told._\n\n");
	buf_puts(b, "## Control classification\n\n| Control | Type | Outcome |\n|---|---|---|\n| _to fill_ | Preventive | _to fill_ |\n| _to fill_ | Detective | _to fill_ |\n| _to fill_ | Containment | _to fill_ |\n\n");
	evidence(b, inc);
	buf_puts(b, "## Blameless note\n\nThis review examines the system and the process, not people.\n");
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		bool block = false;
		if (!m->blame || m->hidden)
			continue;
		if (!n++)
			buf_puts(b, "\nBlaming language found in quoted chat; reword it around what the system allowed:\n\n");
		buf_puts(b, "- ");
		inline_text(b, m, &block);
		buf_puts(b, " (");
		md(b, m->author ? m->author : "unknown");
		buf_puts(b, ")\n");
	}
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
			buf_puts(b, "\n## Appendix: other columns of the notes\n\n| Row | Columns |\n|---|---|\n");
		buf_puts(b, "| ");
		md(b, m->id);
		buf_puts(b, " | ");
		md(b, m->extra);
		buf_puts(b, " |\n");
	}
}

static bool write(const struct incident *inc, const struct write_options *opts, FILE *out)
{
	struct buf b = {0};
	header(&b, inc);
	impact(&b, inc);
	timeline(&b, inc, opts->all);
	logs(&b, inc);
	root_cause(&b, inc);
	actions(&b, inc);
	rest(&b, inc);
	appendix(&b, inc);
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	return !ferror(out);
}

const struct writer write_md = {
	.name = "md",
	.ext = ".md",
	.write = write,
};
