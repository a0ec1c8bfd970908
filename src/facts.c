/* facts: the draft's header — title, CLOSED, detected by, review date — read
 * from the classified incident. Works on words (blank-separated tokens), not
 * patterns: ids and severities take many shapes across teams ("MI-2026-0147",
 * "INC0091734", "(SEV1)", "P1") and a title only needs them gone. */
#include "facts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "incident.h"
#include "rules.h"
#include "text.h"

#define TITLE_MAX 120		/* bytes; cut on a word */
#define MENTION_WORDS 3		/* "@Ana Sofía Cantú" */
#define REVIEW_REACH 6		/* words between the keyword and its date */

/* ---- words --------------------------------------------------------------- */

struct word {
	size_t start, end;	/* the token, in the text */
	size_t cs, ce;		/* its core: outer brackets, quotes and punctuation off */
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next token of s[0..len) at or after *pos; false at the end. */
static bool next_word(const char *s, size_t len, size_t *pos, struct word *w)
{
	size_t i = *pos;
	while (i < len && blank(s[i]))
		i++;
	if (i >= len)
		return false;
	w->start = w->cs = i;
	while (i < len && !blank(s[i]))
		i++;
	w->end = w->ce = i;
	while (w->cs < w->ce && strchr("([{\"'*_<", s[w->cs]))
		w->cs++;
	while (w->ce > w->cs && strchr(")]}\"'*_>.,;:!?", s[w->ce - 1]))
		w->ce--;
	*pos = i;
	return true;
}

static bool core_is(const char *s, const struct word *w, const char *lit)
{
	return w->ce - w->cs == strlen(lit) && strncasecmp(s + w->cs, lit, w->ce - w->cs) == 0;
}

/* "INC-2417", "INC0091734", "MI-2026-0147", "CHG-5521"; with hash, "#48213". */
static bool is_severity(const char *s, const struct word *w);

static bool is_id(const char *s, const struct word *w, bool hash)
{
	size_t i = w->cs, letters = 0, digits = 0;
	if (is_severity(s, w))
		return false;
	if (hash && i < w->ce && s[i] == '#') {
		for (i++; i < w->ce && isdigit((unsigned char)s[i]); i++)
			;
		return i == w->ce && i > w->cs + 1;
	}
	while (i < w->ce && isupper((unsigned char)s[i]))
		i++, letters++;
	if (letters < 2)
		return false;
	if (i < w->ce && (s[i] == '-' || s[i] == '_'))
		i++;
	if (i >= w->ce || !isdigit((unsigned char)s[i]))
		return false;
	for (; i < w->ce && (isdigit((unsigned char)s[i]) || s[i] == '-'); i++)
		digits += s[i] != '-';
	return i == w->ce && digits >= 2;	/* "EC2" and "HTTP2" are names */
}

/* "SEV-2", "sev2", "Sev3", "P1"; "SEV" alone when a digit follows. */
static bool is_severity(const char *s, const struct word *w)
{
	size_t i = w->cs, n = w->ce - w->cs;
	if (n == 2 && (s[i] == 'p' || s[i] == 'P') && s[i + 1] >= '0' && s[i + 1] <= '4')
		return true;
	if (n < 3 || strncasecmp(s + i, "sev", 3) != 0)
		return false;
	i += 3;
	if (i < w->ce && s[i] == '-')
		i++;
	return i == w->ce || (i + 1 == w->ce && isdigit((unsigned char)s[i]));
}

static bool is_shortcode(const char *s, const struct word *w)
{
	size_t i = w->start;
	if (w->end - i < 3 || s[i] != ':' || s[w->end - 1] != ':')
		return false;
	for (i++; i < w->end - 1; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && !strchr("_+-:", s[i]))
			return false;
	return true;
}

static bool is_link(const char *s, const struct word *w)
{
	const char *p = s + w->cs;
	size_t n = w->ce - w->cs;
	return memmem(p, n, "://", 3) || (n > 4 && !strncasecmp(p, "www.", 4)) ||
	       (n > 7 && !strncasecmp(p, "mailto:", 7));
}

/* A word that only joins: "-", "–", "—", ":", "·", "|", "/", "•". */
static bool is_separator(const char *s, const struct word *w)
{
	static const char *const seps[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94", ":",
					   "\xC2\xB7", "|", "/", "\xE2\x80\xA2", "\xE2\x86\x92", NULL};
	for (int i = 0; seps[i]; i++)
		if (w->end - w->start == strlen(seps[i]) && !strncmp(s + w->start, seps[i], w->end - w->start))
			return true;
	return false;
}

static bool has_letter(const char *s, const struct word *w)
{
	for (size_t i = w->cs; i < w->ce; i++)
		if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* ---- titles -------------------------------------------------------------- */

static bool is_author(const struct incident *inc, const char *name, size_t n)
{
	for (size_t i = 0; inc && i < inc->nmessages; i++) {
		const char *a = inc->messages[i].author;
		if (a && strlen(a) == n && strncmp(a, name, n) == 0)
			return true;
	}
	return false;
}

/* Words of an @mention starting at words[k]: the longest run that is a
 * known author's name, else the one word. */
static size_t mention_words(const struct incident *inc, const char *s, const struct word *words,
			    size_t k, size_t n)
{
	for (size_t take = MENTION_WORDS; take > 1; take--) {
		if (k + take > n)
			continue;
		if (is_author(inc, s + words[k].start + 1, words[k + take - 1].ce - words[k].start - 1))
			return take;
	}
	return 1;
}

/* Drops separators and end punctuation left dangling at the end of out. */
static void trim_tail(struct buf *out)
{
	bool cut = true;
	while (cut && out->len) {
		size_t pos = 0, last = 0;
		struct word w = {0}, lastw = {0};
		while (next_word(out->data, out->len, &pos, &w))
			lastw = w, last = w.start;
		cut = is_separator(out->data, &lastw);
		if (cut)
			out->len = last;
		while (out->len && (blank(out->data[out->len - 1]) ||
				    strchr(".,;:!-", out->data[out->len - 1])))
			out->len--, cut = true;
		out->data[out->len] = '\0';
	}
}

/* Upper limit on the words of one candidate line. */
#define LINE_WORDS 64

bool facts_clean_title(const struct incident *inc, const char *s, size_t len, struct buf *out)
{
	struct word words[LINE_WORDS];
	size_t n = 0, pos = 0, kept = 0;
	buf_reset(out);
	while (n < LINE_WORDS && next_word(s, len, &pos, &words[n]))
		n++;
	for (size_t k = 0; k < n; k++) {
		const struct word *w = &words[k];
		if (is_link(s, w)) {
			buf_reset(out);
			return false;
		}
		if (s[w->start] == '@') {
			k += mention_words(inc, s, words, k, n) - 1;
			continue;
		}
		if (is_id(s, w, true) || is_severity(s, w) || is_shortcode(s, w) ||
		    (core_is(s, w, "sev") && k + 1 < n && isdigit((unsigned char)s[words[k + 1].cs]) &&
		     ++k) ||
		    (!out->len && is_separator(s, w)) || w->cs == w->ce)
			continue;
		if (out->len + (w->end - w->start) > TITLE_MAX)
			break;
		if (out->len)
			buf_putc(out, ' ');
		buf_add(out, s + w->start, w->end - w->start);
		kept += has_letter(s, w);
	}
	trim_tail(out);
	if (kept < 2 || !strchr(buf_str(out), ' ')) {
		buf_reset(out);
		return false;
	}
	return true;
}

/* A link of m inside text[from, to). */
static bool link_within(const struct message *m, size_t from, size_t to)
{
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].offset < to && m->links[i].offset + m->links[i].len > from)
			return true;
	return false;
}

static bool says_declare(const char *text)
{
	static const char *const words[] = {"declar", "d\xC3\xA9" "clar", "ausgerufen", "ausrufen",
					    "er\xC3\xB6" "ffne", "\xE5\xAE\xA3\xE8\xA8\x80",
					    "raising", "opening", "on ouvre", "j'ouvre", "ouverture",
					    "abrimos", "abro ", "abriendo", "abrindo", "abri o", NULL};
	struct buf low = {0};
	bool found = false;
	for (const char *p = text; *p; p++)
		buf_putc(&low, (char)tolower((unsigned char)*p));
	for (int i = 0; words[i] && !found; i++)
		found = strstr(buf_str(&low), words[i]) != NULL;
	buf_free(&low);
	return found;
}

/* The words after the first id (or severity, when sev) of a line and a
 * separator: "Declaring SEV-2 — ceph cluster: 2 OSD hosts down". Bots name
 * their incident without a separator ("· INC-431 Exposed AWS key"). */
static bool title_after_anchor(const struct incident *inc, const struct message *m,
			       size_t from, size_t to, bool sev, bool bot, struct buf *out)
{
	const char *s = m->text;
	struct word w, before = {0};
	size_t pos = from;
	bool led = true;	/* the id starts the line or follows a separator */
	while (next_word(s, to, &pos, &w)) {
		struct word prev = w;
		size_t rest;
		if (!is_id(s, &w, false) && !(sev && is_severity(s, &w))) {
			before = w;
			led = is_separator(s, &before);
			continue;
		}
		while (next_word(s, to, &pos, &w) && (is_id(s, &w, true) || is_severity(s, &w)))
			prev = w;
		if (pos > to || w.start < prev.end)
			return false;
		rest = w.start;
		if (is_separator(s, &w))
			rest = w.end;
		else if (s[prev.end - 1] != ':' && !(bot && led))
			return false;
		return !link_within(m, rest, to) && facts_clean_title(inc, s + rest, to - rest, out);
	}
	return false;
}

/* "Update 02:30 — INC-88 (P1) — ...", "Status: ...": a status report's
 * words describe the moment, so they title the incident only as a last resort. */
static bool is_status_line(const char *s)
{
	static const char *const words[] = {"update", "status", "management update",
					    "statusupdate", "status update", NULL};
	while (*s == ' ' || *s == '*' || *s == '_')
		s++;
	for (int i = 0; words[i]; i++)
		if (!strncasecmp(s, words[i], strlen(words[i])) &&
		    !isalpha((unsigned char)s[strlen(words[i])]))
			return true;
	return false;
}

/* Where a title's sentence ends: the first ". " after `from`, else to. */
static size_t sentence_end(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i + 1 < to; i++)
		if (s[i] == '.' && s[i + 1] == ' ')
			return i;
	return to;
}

static bool is_pager(const char *name);
static bool says_closed(const char *text);

/* The first line of m that gives a title, as a declaration or a bot's;
 * status report lines only when status. */
static bool title_from_message(const struct incident *inc, const struct message *m, bool bot,
			       bool status, struct buf *out)
{
	bool sev = !bot && says_declare(m->text);
	for (size_t from = 0, to; m->text[from]; from = to + (m->text[to] == '\n')) {
		to = from + strcspn(m->text + from, "\n");
		if (is_status_line(m->text + from) != status)
			continue;
		/* each sentence of the line: "I'll take IC. Opening INC-5120, SEV-2: ..." */
		for (size_t s = from, e; s < to; s = e + 2) {
			e = sentence_end(m->text, s, to);
			if (title_after_anchor(inc, m, s, e, sev, bot, out))
				return true;
		}
		if (bot && !strncasecmp(m->text + from, "short description:", 18) &&
		    facts_clean_title(inc, m->text + from + 18, to - from - 18, out))
			return true;
	}
	return false;
}

/* Incident bots (incident.io) post through apps Slack may not flag as bots. */
static bool botlike(const struct message *m)
{
	return m->bot || (m->author && is_pager(m->author));
}

static bool title_from_chat(const struct incident *inc, bool bot, bool status, struct buf *out)
{
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		/* a title names the incident in its timeline, never in the all-clear */
		if (m->system || m->hidden || !m->key || botlike(m) != bot ||
		    (!bot && (m->phase == PHASE_RESOLVE || says_closed(m->text))))
			continue;
		if (title_from_message(inc, m, bot, status, out))
			return true;
	}
	return false;
}

/* The topic as set last: the channel's, else a "set the channel topic:" notice. */
static const char *latest_topic(const struct incident *inc)
{
	static const char marker[] = "set the channel topic: ";
	const char *topic = inc->topic;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const char *at = inc->messages[i].system ? strstr(inc->messages[i].text, marker) : NULL;
		if (at)
			topic = at + strlen(marker);
	}
	return topic;
}

/* The longest clean part of a topic that names the incident
 * ("INC-2417 · SEV-2 · duplicate draft invoices"); a topic that names
 * none ("runbooks: https://...", "dispatch PAUSED") is no title. */
static bool title_from_topic(const struct incident *inc, const struct rule_set *rs,
			     struct buf *out)
{
	const char *topic = latest_topic(inc);
	struct buf scratch = {0}, part = {0};
	if (!topic || (!rules_extract_id(rs, topic, &scratch) &&
		       !rules_extract_severity(rs, topic, &scratch))) {
		buf_free(&scratch);
		return false;
	}
	buf_reset(out);
	for (const char *seg = topic; *seg;) {
		size_t n = strcspn(seg, "|\xC2\n");	/* '|' or the first byte of '·' */
		if (facts_clean_title(inc, seg, n, &part) && part.len > out->len) {
			buf_reset(out);
			buf_puts(out, buf_str(&part));
		}
		seg += n;
		seg += *seg ? (!strncmp(seg, "\xC2\xB7", 2) ? 2 : 1) : 0;
	}
	buf_free(&part);
	buf_free(&scratch);
	return out->len > 0;
}

/* An incident channel's words: "inc-2417-duplicate-invoices" is "Duplicate
 * invoices"; a standing channel ("ops-prod") names no incident. */
static bool title_from_channel(const struct incident *inc, const struct rule_set *rs,
			       struct buf *out)
{
	const char *c = inc->channel;
	struct rule_match rm;
	struct buf words = {0};
	bool ok;
	if (!c)
		return false;
	if (rules_find(rs, SECTION_INCIDENT_ID, c, NULL, &rm) && rm.start == 0)
		c += rm.end;
	else if (!strncasecmp(c, "incident-", 9) || !strncasecmp(c, "inc-", 4))
		c += c[3] == '-' ? 4 : 9;
	else
		return false;
	for (; *c; c++)
		buf_putc(&words, *c == '-' || *c == '_' ? ' ' : *c);
	ok = facts_clean_title(inc, buf_str(&words), words.len, out);
	if (ok)
		out->data[0] = (char)toupper((unsigned char)out->data[0]);
	buf_free(&words);
	return ok;
}

static void derive_title(struct incident *inc, const struct rule_set *rs)
{
	struct buf t = {0};
	if (title_from_chat(inc, false, false, &t) || title_from_chat(inc, true, false, &t) ||
	    title_from_topic(inc, rs, &t) || title_from_channel(inc, rs, &t) ||
	    title_from_chat(inc, false, true, &t))
		inc->title = incident_intern(inc, buf_str(&t));
	else
		inc->title = NULL;
	buf_free(&t);
}

/* ---- status -------------------------------------------------------------- */

static bool says_closed(const char *text)
{
	static const char *const words[] = {"closed", "closing", "geschlossen", "schlie\xC3\x9f" "e",
					    "cl\xC3\xB4tur", "ferm\xC3\xA9", "cerrad", "cierro",
					    "fechad", "encerrad", "cerramos", "fin d'incident",
					    "\xE3\x82\xAF\xE3\x83\xAD\xE3\x83\xBC\xE3\x82\xBA", NULL};
	struct buf low = {0};
	bool found = false;
	for (const char *p = text; *p; p++)
		buf_putc(&low, (char)tolower((unsigned char)*p));
	for (int i = 0; words[i] && !found; i++)
		found = strstr(buf_str(&low), words[i]) != NULL;
	buf_free(&low);
	return found;
}

/* Closed: a resolve moment says so and nothing but resolve follows it. */
static void derive_closed(struct incident *inc)
{
	inc->closed = false;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->key || m->system)
			continue;
		if (m->phase != PHASE_RESOLVE)
			inc->closed = false;
		else if (says_closed(m->text))
			inc->closed = true;
	}
}

/* ---- detected by --------------------------------------------------------- */

/* Pagers relay what a check found; the check is what detected it. */
static bool is_pager(const char *name)
{
	static const char *const pagers[] = {"pagerduty", "opsgenie", "xmatters", "victorops",
					     "splunk on-call", "incident.io", "firehydrant",
					     "rootly", "pager", NULL};
	struct buf low = {0};
	bool found = false;
	for (const char *p = name ? name : ""; *p; p++)
		buf_putc(&low, (char)tolower((unsigned char)*p));
	for (int i = 0; pagers[i] && !found; i++)
		found = strstr(buf_str(&low), pagers[i]) != NULL;
	buf_free(&low);
	return found;
}

/* The check behind a pager's post: "Triggered by: Azure Monitor: ...", or
 * "[Datadog]" / "[Grafana]:" as PagerDuty and Opsgenie prefix the source. */
static bool relayed_source(const char *text, struct buf *out)
{
	const char *p = strstr(text, "Triggered by: ");
	size_t n;
	if (p) {
		p += strlen("Triggered by: ");
		n = strcspn(p, ":\n");
	} else if ((p = strchr(text, '[')) && (n = strcspn(p + 1, "]\n")) && p[1 + n] == ']' &&
		   !isdigit((unsigned char)p[1]) && p[1] != '#') {
		p++;
	} else {
		return false;
	}
	buf_reset(out);
	buf_add(out, p, n);
	text_trim(out);
	return out->len > 0;
}

/* The latest non-pager bot detect moment at or before message k. */
static const char *earlier_check(const struct incident *inc, size_t k)
{
	for (size_t i = k + 1; i-- > 0;) {
		const struct message *m = &inc->messages[i];
		if (m->bot && m->author && !is_pager(m->author) && m->key && m->phase == PHASE_DETECT)
			return m->author;
	}
	return NULL;
}

static void derive_detected_by(struct incident *inc)
{
	const struct message *m;
	struct buf src = {0};
	const char *name;
	inc->detected_by = NULL;
	if (!inc->detected.set)
		return;
	m = &inc->messages[inc->detected.message];
	name = m->author && *m->author ? m->author : NULL;
	if (m->bot && is_pager(name)) {
		if (relayed_source(m->text, &src))
			name = buf_str(&src);
		else if (earlier_check(inc, inc->detected.message))
			name = earlier_check(inc, inc->detected.message);
	}
	if (!name)
		name = m->kind == SOURCE_NOTES ? "the commander's notes" : "unknown";
	inc->detected_by = incident_strdup(inc, name);
	buf_free(&src);
}

/* ---- review date --------------------------------------------------------- */

/* "14:00", "9", "12.11.2026", "14:00–15:30": digits and the marks of times. */
static bool is_clock(const char *s, const struct word *w)
{
	bool digit = false;
	for (size_t i = w->cs; i < w->ce; i++) {
		if (isdigit((unsigned char)s[i]))
			digit = true;
		else if (!strncmp(s + i, "\xE2\x80\x93", 3) && i + 3 <= w->ce)
			i += 2;
		else if (digit && i + 2 == w->ce && !strncasecmp(s + i, "am", 2))
			return true;	/* "11am" */
		else if (digit && i + 2 == w->ce && !strncasecmp(s + i, "pm", 2))
			return true;
		else if (!strchr(":./-h", s[i]))
			return false;
	}
	return digit;
}

static bool date_word(const char *s, const struct word *w)
{
	static const char *const names[] = {
		"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur",
		"thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
		"jan", "feb", "mar", "apr", "may", "jun", "june", "jul", "july", "aug", "sep",
		"sept", "oct", "nov", "dec", "today", "tomorrow", "tmrw", "montag", "dienstag",
		"mittwoch", "donnerstag", "freitag", "morgen", "lundi", "mardi", "mercredi",
		"jeudi", "vendredi", "demain", "lunes", "martes", "jueves", "viernes",
		"segunda", "quinta", "sexta", "uhr", "janvier", "f\xC3\xA9vrier", "mars", "avril", "mai",
		"juin", "juil", "juillet", "ao\xC3\xBBt", "d\xC3\xA9" "c", "juni", "juli", "m\xC3\xA4rz",
		"okt", "dez", "junio", "julio", "mayo", "junho", "julho", "maio", NULL};
	if (is_clock(s, w))
		return true;
	for (int i = 0; names[i]; i++)
		if (core_is(s, w, names[i]))
			return true;
	return memmem(s + w->cs, w->ce - w->cs, "\xE6\x9B\x9C", 3) != NULL;	/* 曜, a weekday */
}

/* Words that join a date's parts: "martes a las 12", "Fri at 11am ET". */
static bool connector(const char *s, const struct word *w)
{
	static const char *const words[] = {"at", "um", "a", "las", "\xC3\xA0", "le", "am", "on",
					    "et", "ct", "pt", "utc", "cet", "cest", "cdt", "cst",
					    "edt", "est", "pdt", "pst", "bst", "jst", NULL};
	for (int i = 0; words[i]; i++)
		if (core_is(s, w, words[i]))
			return true;
	return false;
}

/* The date words from the first one after `from` (within REVIEW_REACH
 * words), through the last one before anything else. */
static bool date_after(const char *s, size_t from, size_t to, struct buf *out)
{
	struct word w;
	size_t pos = from, start = 0, end = 0, k = 0;
	bool in = false;
	while (next_word(s, to, &pos, &w)) {
		if (date_word(s, &w)) {
			if (!in)
				start = w.cs;
			in = true;
			end = w.ce;
		} else if (in && !connector(s, &w)) {
			break;
		} else if (!in && ++k > REVIEW_REACH) {
			return false;
		}
		if (in && strchr(".;(", s[w.end - 1]) && is_clock(s, &w))
			break;	/* "14:00." ends the sentence; "mar." is a weekday */
	}
	if (!in)
		return false;
	if (!strncmp(s + start, "\xE3\x81\xAF", 3))	/* the particle は */
		start += 3;
	buf_add(out, s + start, end - start);
	return true;
}

/* Where the words after a review keyword start in low (s lower-cased), or
 * NULL. A plain "review" is too common ("peer-review the script", "review
 * pls") to mean the post-mortem's. */
static const char *find_keyword(const char *low)
{
	static const char *const words[] = {
		"post-mortem", "postmortem", "post mortem", "post-incident review", "pir ", "retro ",
		"retrospective", "nachbesprechung", "r\xC3\xA9trospective", "retrospectiva",
		"\xE3\x83\x9D\xE3\x82\xB9\xE3\x83\x88\xE3\x83\xA2\xE3\x83\xBC\xE3\x83\x86\xE3\x83\xA0",
		NULL};
	for (int i = 0; words[i]; i++) {
		const char *at = strstr(low, words[i]);
		if (at && (at == low || !isalpha((unsigned char)at[-1])))
			return at + strlen(words[i]);
	}
	return NULL;
}

bool facts_review_date(const char *s, struct buf *out)
{
	struct buf low = {0};
	const char *at;
	bool found = false;
	buf_reset(out);
	for (const char *p = s; *p; p++)
		buf_putc(&low, (char)tolower((unsigned char)*p));
	buf_putc(&low, ' ');	/* so "PIR" at the end still ends in a blank */
	at = find_keyword(buf_str(&low));
	if (at && (size_t)(at - low.data) <= strlen(s)) {
		size_t from = (size_t)(at - low.data);
		found = date_after(s, from, from + strcspn(s + from, "\n"), out);
	}
	buf_free(&low);
	return found;
}

static void derive_review(struct incident *inc)
{
	struct buf d = {0};
	inc->review = NULL;
	for (size_t i = 0; i < inc->nmessages && !inc->review; i++) {
		const struct message *m = &inc->messages[i];
		if (m->system || m->hidden || !facts_review_date(m->text, &d))
			continue;
		inc->review = incident_strdup(inc, buf_str(&d));
		inc->review_message = i;
	}
	buf_free(&d);
}

void facts_derive(struct incident *inc, const struct rule_set *rs)
{
	derive_title(inc, rs);
	derive_closed(inc);
	derive_detected_by(inc);
	derive_review(inc);
}
