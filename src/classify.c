/* classify: rules propose a phase per message; this pass decides with the
 * context of the whole incident and derives the incident's fields. */
#include "classify.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "evidence.h"
#include "incident.h"
#include "rules.h"
#include "text.h"
#include "xalloc.h"

/* The hit rule weighing most toward phase p (positive), or NULL. */
static const struct rule *strongest(const struct evidence *ev, size_t i, enum phase p)
{
	const struct hits *h = &ev->hits[i];
	const struct rule *best = NULL;
	double top = 0;
	for (size_t k = 0; k < h->n; k++)
		if (ev->w[h->rule[k]][p] > top) {
			top = ev->w[h->rule[k]][p];
			best = rules_get(ev->rs, h->rule[k]);
		}
	return best;
}

static void set_origin(struct message *m, const struct evidence *ev, size_t i, int fixed)
{
	const struct rule *r;
	m->rule = NULL;
	m->why = NULL;
	if (fixed >= 0) {
		m->origin = m->phase == PHASE_NONE ? ORIGIN_NONE
			  : ev->hits[i].tagged && !m->note_phase ? ORIGIN_TAG : ORIGIN_COLUMN;
		return;
	}
	if (m->phase == PHASE_NONE) {
		m->origin = ORIGIN_NONE;
		return;
	}
	if ((r = strongest(ev, i, m->phase))) {
		m->origin = ORIGIN_RULE;
		m->rule = r->id;
	} else {
		m->origin = ORIGIN_CONTEXT;
		m->why = "context";
	}
}

/* Every message's phase: the best sequence over the whole incident
 * (evidence.h), with what people labelled themselves held fixed. */
static void decide(struct incident *inc, const struct evidence *ev, enum phase *state)
{
	size_t n = inc->nmessages;
	int *fixed = xcalloc(n + 1, sizeof *fixed);
	enum phase *label = xcalloc(n + 1, sizeof *label);
	for (size_t i = 0; i < n; i++)
		fixed[i] = evidence_fixed(ev, i);
	evidence_decode(ev, fixed, label, state);
	for (size_t i = 0; i < n; i++) {
		struct message *m = &inc->messages[i];
		m->phase = label[i];
		set_origin(m, ev, i, fixed[i]);
		m->key = m->phase != PHASE_NONE;
	}
	free(fixed);
	free(label);
}

/* One feature's weights toward the winner and the runner-up. */
static void explain_feature(FILE *out, const struct evidence *ev, uint32_t f, const char *name,
			    enum phase win, enum phase second)
{
	fprintf(out, "    %-28s %s %+.2f, %s %+.2f", name, phase_name(win), ev->w[f][win],
		phase_name(second), ev->w[f][second]);
}

/* --explain: the rules that matched with the text they matched and their
 * weights toward the winner and the runner-up, the context terms, the
 * flow's terms, and the margin between winner and runner-up. */
static void explain_scores(FILE *out, const struct evidence *ev, size_t i, enum phase state)
{
	const struct message *m = &ev->inc->messages[i];
	uint32_t f[EVIDENCE_MAX_FEATURES];
	size_t n = evidence_message_features(ev, i, f);
	double text[PHASE_COUNT], score[PHASE_COUNT];
	enum phase win = m->phase, second = win == PHASE_NONE ? PHASE_DETECT : PHASE_NONE;
	struct buf name = {0};
	struct rule_scan sc;
	evidence_text_scores(ev, i, text);
	memcpy(score, text, sizeof score);
	evidence_flow_scores(ev, state, score);
	for (int p = 0; p < PHASE_COUNT; p++)
		if (p != (int)win && score[p] > score[second])
			second = (enum phase)p;
	fprintf(out, "  %s %.2f, runner-up %s %.2f, margin %.2f (state: %s)\n"
		     "    text log p: %s %.2f, %s %.2f; flow: %s %+.2f, %s %+.2f\n",
		phase_name(win), score[win], phase_name(second), score[second],
		score[win] - score[second], state == PHASE_NONE ? "not begun" : phase_name(state),
		phase_name(win), text[win], phase_name(second), text[second],
		phase_name(win), score[win] - text[win], phase_name(second), score[second] - text[second]);
	rules_scan(ev->rs, m->text, ev->langs, &sc);
	for (size_t k = 0; k < sc.n; k++) {
		const struct rule_match *rm = &sc.m[k];
		explain_feature(out, ev, (uint32_t)rules_index(ev->rs, rm->rule), rm->rule->id, win, second);
		fprintf(out, "  \"%.*s\"\n", (int)(rm->end - rm->start > 60 ? 60 : rm->end - rm->start),
			m->text + rm->start);
	}
	for (size_t k = 0; k < n; k++) {
		if (f[k] < rules_count(ev->rs))
			continue;	/* listed above with their text */
		buf_reset(&name);
		evidence_feature_name(ev->rs, f[k], &name);
		if (ev->w[f[k]][win] != 0 || ev->w[f[k]][second] != 0) {
			explain_feature(out, ev, f[k], buf_str(&name), win, second);
			fputc('\n', out);
		}
	}
	buf_free(&name);
}

static const char *origin_text(const struct message *m)
{
	switch (m->origin) {
	case ORIGIN_COLUMN: return "notes phase column";
	case ORIGIN_TAG: return "explicit [phase] tag";
	case ORIGIN_CONTEXT: return "context";
	case ORIGIN_RULE: return "rule";
	case ORIGIN_NONE: break;
	}
	return m->system ? "system notice" : "weighed evidence";
}

static void explain_line(FILE *out, const struct evidence *ev, size_t i, enum phase state)
{
	const struct message *m = &ev->inc->messages[i];
	struct buf t = {0};
	datetime_format_iso(m->time, &t);
	fprintf(out, "%s %s %s", m->id, buf_str(&t), m->key ? phase_name(m->phase) : "none");
	if (m->rule)
		fprintf(out, " rule=%s", m->rule);
	fprintf(out, " (%s%s%s)\n", origin_text(m), m->why ? ": " : "", m->why ? m->why : "");
	if (!m->system && m->origin != ORIGIN_COLUMN && m->origin != ORIGIN_TAG)
		explain_scores(out, ev, i, state);
	buf_free(&t);
}

/* A decision changed after the sequence, and why. */
static void override(struct message *m, enum phase p, const char *why)
{
	m->phase = p;
	m->origin = ORIGIN_CONTEXT;
	m->rule = NULL;
	m->why = why;
}

/* The alert a dismissal answers: the thread parent, else the latest detect
 * moment at most 15 minutes earlier with no later phase in between. */
static size_t dismissed_alert(const struct incident *inc, size_t i)
{
	const struct message *m = &inc->messages[i];
	if (m->parent != SIZE_MAX)
		return m->parent;
	for (size_t k = i; k-- > 0;) {
		const struct message *p = &inc->messages[k];
		if (m->time - p->time > 15 * 60 * DATETIME_US)
			break;
		if (!p->key)
			continue;
		return p->phase == PHASE_DETECT ? k : SIZE_MAX;
	}
	return SIZE_MAX;
}

/* phases.md: false alarms and the messages answering them are not key moments. */
static void apply_dismissals(struct incident *inc, const struct evidence *ev)
{
	struct incident_replies replies;
	incident_replies_init(&replies, inc);
	for (size_t i = 0; i < inc->nmessages; i++) {
		struct message *m = &inc->messages[i];
		size_t alert;
		if (m->system || m->origin == ORIGIN_COLUMN || m->origin == ORIGIN_TAG ||
		    !evidence_has(ev, i, SECTION_DISMISS))
			continue;
		alert = dismissed_alert(inc, i);
		if (alert == SIZE_MAX || inc->messages[alert].phase != PHASE_DETECT ||
		    inc->messages[alert].origin == ORIGIN_COLUMN ||
		    inc->messages[alert].origin == ORIGIN_TAG)
			continue;
		override(&inc->messages[alert], PHASE_NONE, "dismissed as a false alarm");
		inc->messages[alert].key = false;
		for (size_t k = replies.first[alert]; k != SIZE_MAX; k = replies.next[k]) {
			struct message *r = &inc->messages[k];
			if (k > alert && r->key && r->origin != ORIGIN_COLUMN && r->origin != ORIGIN_TAG) {
				override(r, PHASE_NONE, "answers a false alarm");
				r->key = false;
			}
		}
	}
	incident_replies_finish(&replies);
}

static void set_moment(struct moment *mo, const struct incident *inc, size_t i)
{
	mo->set = true;
	mo->time = inc->messages[i].time;
	mo->message = i;
}

/* The visible entry a folded note lives on (merge.c), else i itself. */
static size_t entry_of(const struct incident *inc, size_t i)
{
	if (!inc->messages[i].hidden)
		return i;
	for (size_t k = 0; k < inc->nmessages; k++)
		for (size_t j = 0; j < inc->messages[k].nmerged; j++)
			if (strcmp(inc->messages[k].merged[j], inc->messages[i].id) == 0)
				return k;
	return i;
}

/* start: the first detect moment, a folded note counting at its own time
 * (the commander wrote down when it began; the chat saw it later). */
static void derive_start(struct incident *inc)
{
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->key && m->phase == PHASE_DETECT && m->time < inc->start.time) {
			inc->start.time = m->time;
			inc->start.message = entry_of(inc, i);
		}
	}
}

/* "detected": the first detect moment that is an alert or a report of someone
 * noticing ([notice] rules, or a bot's post), not a backdated note of when
 * the fault began; a folded note counts at its own time. Else the first
 * detect moment from chat; else the first. */
static void derive_detected(struct incident *inc, const struct evidence *ev)
{
	struct moment from_chat = {0};
	for (size_t i = 0; i < inc->nmessages && !inc->detected.set; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->key || m->phase != PHASE_DETECT)
			continue;
		if (m->bot || evidence_has(ev, i, SECTION_NOTICE)) {
			inc->detected = (struct moment){true, m->time, entry_of(inc, i)};
		} else if (!from_chat.set && m->kind != SOURCE_NOTES && !m->hidden) {
			set_moment(&from_chat, inc, i);
		}
	}
	if (!inc->detected.set)
		inc->detected = from_chat.set ? from_chat : inc->first[PHASE_DETECT];
}

/* end: in the final run of resolve moments, the first that gives the
 * all-clear ([all-clear] rules, not a bot's automatic recovery) or is a notes
 * resolve row; else the first of the run. */
static void derive_end(struct incident *inc, const struct evidence *ev, size_t from)
{
	struct moment first = {0};
	for (size_t i = from; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->key || m->hidden || m->phase != PHASE_RESOLVE)
			continue;
		if (!first.set)
			set_moment(&first, inc, i);
		if (m->origin == ORIGIN_COLUMN ||
		    (!m->bot && evidence_has(ev, i, SECTION_ALL_CLEAR))) {
			set_moment(&inc->end, inc, i);
			return;
		}
	}
	inc->end = first;
}

/* start, end and the first moment of each phase (draft-json.md). Notes take
 * part: a backdated detect row sets start; folded notes count through their
 * entry. */
static void derive_times(struct incident *inc, const struct evidence *ev)
{
	size_t last_other = SIZE_MAX;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->key || m->hidden)
			continue;
		if (!inc->first[m->phase].set)
			set_moment(&inc->first[m->phase], inc, i);
		if (m->phase != PHASE_RESOLVE)
			last_other = i;
	}
	derive_end(inc, ev, last_other == SIZE_MAX ? 0 : last_other + 1);
	if (inc->first[PHASE_DETECT].set) {
		inc->start = inc->first[PHASE_DETECT];
		derive_start(inc);
	} else {
		for (size_t i = 0; i < inc->nmessages && !inc->start.set; i++)
			if (inc->messages[i].key && !inc->messages[i].hidden)
				set_moment(&inc->start, inc, i);
	}
}

static void explain_moment(FILE *out, const struct incident *inc, const char *name,
			   const struct moment *mo)
{
	static const char *const kinds[] = {"chat", "chat", "notes"};
	const struct message *m;
	struct buf t = {0};
	if (!mo->set)
		return;
	m = &inc->messages[mo->message];
	datetime_format_iso(mo->time, &t);
	fprintf(out, "%s %s from %s (%s%s)\n", name, buf_str(&t), m->id, kinds[m->kind],
		m->nmerged ? " + notes" : "");
	buf_free(&t);
}

static void derive_id(struct incident *inc, const struct rule_set *rs)
{
	struct buf id = {0};
	bool found = (inc->channel && rules_extract_id(rs, inc->channel, &id)) ||
		     (inc->topic && rules_extract_id(rs, inc->topic, &id));
	/* else the first key moment that names one, escalations first */
	for (int pass = 0; pass < 2 && !found; pass++) {
		for (size_t i = 0; i < inc->nmessages && !found; i++) {
			const struct message *m = &inc->messages[i];
			if (!m->key || (pass == 0 && m->phase != PHASE_ESCALATE))
				continue;
			found = rules_extract_id(rs, m->text, &id);
		}
	}
	if (found)
		inc->id = incident_strdup(inc, buf_str(&id));
	buf_free(&id);
}

/* Distinct ids counted per export; more than this many is not one incident
 * anyway, and the bound keeps a hostile export linear. */
#define EXPORT_IDS_MAX 64

struct id_count {
	char *id;
	size_t count;
	int64_t first;	/* microseconds: when first named */
};

static void count_id(struct id_count *ids, size_t *n, const char *id, int64_t time)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp(ids[k].id, id)) {
			ids[k].count++;
			ids[k].first = time < ids[k].first ? time : ids[k].first;
			return;
		}
	if (*n < EXPORT_IDS_MAX)
		ids[(*n)++] = (struct id_count){xstrdup(id), 1, time};
}

bool classify_export_id(const struct incident *inc, const struct rule_set *rs,
			const char *channel, const char *topic, size_t from, size_t to,
			struct buf *out)
{
	struct id_count *ids;
	struct buf id = {0};
	size_t n = 0, best = 0;
	if ((channel && rules_extract_id(rs, channel, out)) ||
	    (topic && rules_extract_id(rs, topic, out)))
		return true;
	ids = xcalloc(EXPORT_IDS_MAX, sizeof *ids);
	for (size_t i = from; i < to; i++) {
		const struct message *m = &inc->messages[i];
		buf_reset(&id);
		if (!m->system && rules_extract_id(rs, m->text, &id))
			count_id(ids, &n, buf_str(&id), m->time);
	}
	for (size_t k = 1; k < n; k++)
		if (ids[k].count > ids[best].count ||
		    (ids[k].count == ids[best].count && ids[k].first < ids[best].first))
			best = k;
	if (n)
		buf_puts(out, ids[best].id);
	for (size_t k = 0; k < n; k++)
		free(ids[k].id);
	free(ids);
	buf_free(&id);
	return n > 0;
}

/* A severity in a question ("make it SEV-1?") is a suggestion, not a declaration. */
static bool is_question_at(const char *text, size_t at)
{
	const char *q = text + at;
	while (*q && *q != '.' && *q != '!' && *q != '\n' && *q != '?')
		q++;
	return *q == '?';
}

static void derive_severity(struct incident *inc, const struct rule_set *rs)
{
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		struct rule_match rm;
		struct buf sev = {0};
		/* an alert's own severity label is not a declaration */
		if (!m->key || m->bot || !rules_find(rs, SECTION_SEVERITY, m->text, "sev", &rm))
			continue;
		if (!is_question_at(m->text, rm.start) && rules_extract_severity(rs, m->text, &sev)) {
			inc->severity = incident_strdup(inc, buf_str(&sev));
			inc->severity_message = i;
		}
		buf_free(&sev);
	}
}

static void add_service(struct incident *inc, const char *s, size_t n, const char ***list,
			size_t *cap)
{
	for (size_t i = 0; i < inc->nservices; i++)
		if (strlen((*list)[i]) == n && strncasecmp((*list)[i], s, n) == 0)
			return;
	if (inc->nservices == *cap) {
		const char **grown = arena_alloc(&inc->arena, (*cap ? *cap * 2 : 8) * sizeof *grown);
		if (inc->nservices)
			memcpy(grown, *list, inc->nservices * sizeof *grown);
		*list = grown;
		*cap = *cap ? *cap * 2 : 8;
	}
	(*list)[inc->nservices++] = arena_strndup(&inc->arena, s, n);
}

static void derive_services(struct incident *inc, const struct rule_set *rs)
{
	const char **list = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		const char *t = m->text;
		struct rule_match rm;
		if (!m->key)
			continue;
		/* every service named in the message, left to right */
		while (*t && rules_find(rs, SECTION_SERVICE, t, "svc", &rm) && rm.end > rm.start) {
			add_service(inc, t + rm.start, rm.end - rm.start, &list, &cap);
			t += rm.end;
		}
	}
	inc->services = list;
}

/* The topic's descriptive part ("INC-2417 · SEV-2 · duplicate invoices"), else
 * the channel name without its id ("inc-2417-duplicate-invoices"). */
/* Without a topic or channel name (Teams chats, a bare day file): the words
 * after the incident id in the first key moment that names it, as people
 * write "INC-3107: card payments failing" or "INC-88 - login outage". */
static void title_from_declaration(const struct incident *inc, const struct rule_set *rs,
				   struct buf *t)
{
	for (size_t i = 0; i < inc->nmessages && !t->len; i++) {
		const struct message *m = &inc->messages[i];
		struct rule_match rm;
		const char *p;
		size_t n;
		if (!m->key || m->hidden || !rules_find(rs, SECTION_INCIDENT_ID, m->text, NULL, &rm))
			continue;
		p = m->text + rm.end;
		while (*p == ' ')
			p++;
		if (*p == ':')
			p++;
		else if (!strncmp(p, "- ", 2))
			p += 2;
		else if (!strncmp(p, "\xE2\x80\x93 ", 4) || !strncmp(p, "\xE2\x80\x94 ", 4))
			p += 4;	/* en or em dash */
		else
			continue;
		n = strcspn(p, "\n");
		if (n > 120)	/* at most 120 bytes, cut on a character boundary */
			for (n = 120; n && ((unsigned char)p[n] & 0xC0) == 0x80; n--)
				;
		buf_add(t, p, n);
		text_trim(t);
		while (t->len && strchr(".!", t->data[t->len - 1]))
			t->data[--t->len] = '\0';
		if (!strchr(buf_str(t), ' '))
			buf_reset(t);	/* one word is not a title */
	}
}

static void derive_title(struct incident *inc, const struct rule_set *rs)
{
	struct buf t = {0}, scratch = {0};
	const char *src = inc->topic;
	if (src) {
		const char *seg = src;
		size_t best_len = 0;
		while (*seg) {
			size_t n = strcspn(seg, "|\xC2");	/* '|' or the first byte of '·' */
			struct buf part = {0};
			buf_add(&part, seg, n);
			text_trim(&part);
			buf_reset(&scratch);
			if (part.len > best_len && !rules_extract_id(rs, buf_str(&part), &scratch) &&
			    !rules_extract_severity(rs, buf_str(&part), &scratch)) {
				best_len = part.len;
				buf_reset(&t);
				buf_puts(&t, buf_str(&part));
			}
			buf_free(&part);
			seg += n;
			if (*seg == '|')
				seg++;
			else if (!strncmp(seg, "\xC2\xB7", 2))
				seg += 2;
			else if (*seg)
				seg++;
		}
	}
	if (!t.len && inc->channel) {
		const char *c = inc->channel;
		struct rule_match rm;
		if (rules_find(rs, SECTION_INCIDENT_ID, c, NULL, &rm) && rm.start == 0)
			c += rm.end;
		while (*c == '-' || *c == '_')
			c++;
		for (; *c; c++)
			buf_putc(&t, *c == '-' || *c == '_' ? ' ' : *c);
	}
	if (!t.len)
		title_from_declaration(inc, rs, &t);
	if (t.len)
		inc->title = incident_intern(inc, buf_str(&t));
	buf_free(&t);
	buf_free(&scratch);
}

void classify_incident(struct incident *inc, const struct rule_set *rs, FILE *explain)
{
	struct evidence ev;
	enum phase *state = xcalloc(inc->nmessages + 1, sizeof *state);
	evidence_init(&ev, inc, rs);
	if (explain) {
		struct buf langs = {0};
		rules_languages_name(rs, ev.langs, &langs);
		fprintf(explain, "languages: %s\n", buf_str(&langs));
		buf_free(&langs);
	}
	decide(inc, &ev, state);
	apply_dismissals(inc, &ev);
	for (size_t i = 0; explain && i < inc->nmessages; i++)
		explain_line(explain, &ev, i, state[i]);
	free(state);
	derive_times(inc, &ev);
	derive_detected(inc, &ev);
	if (explain) {
		explain_moment(explain, inc, "start", &inc->start);
		explain_moment(explain, inc, "detected", &inc->detected);
		explain_moment(explain, inc, "end", &inc->end);
	}
	evidence_finish(&ev);
	derive_id(inc, rs);
	derive_severity(inc, rs);
	derive_services(inc, rs);
	derive_title(inc, rs);
}
