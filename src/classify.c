/* classify: rules propose a phase per message; this pass decides with the
 * context of the whole incident and derives the incident's fields. */
#include "classify.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "incident.h"
#include "rules.h"
#include "text.h"

/* State carried forward through the timeline. */
struct flow {
	enum phase reached;	/* the furthest phase of a key moment so far */
};

static const char *origin_text(const struct message *m, const struct proposal *pr)
{
	switch (m->origin) {
	case ORIGIN_COLUMN: return "notes phase column";
	case ORIGIN_TAG: return "explicit [phase] tag";
	case ORIGIN_CONTEXT: return "context";
	case ORIGIN_RULE: return "rule";
	case ORIGIN_NONE: break;
	}
	if (m->system)
		return "system notice";
	if (pr && pr->veto)
		return "vetoed by a not-a-key-moment rule";
	return "no rule matched";
}

static void explain_line(FILE *out, const struct message *m, const struct proposal *pr,
			 const char *why)
{
	struct buf t = {0};
	datetime_format_iso(m->time, &t);
	fprintf(out, "%s %s %s", m->id, buf_str(&t), phase_name(m->phase));
	if (m->rule)
		fprintf(out, " rule=%s", m->rule);
	if (pr && pr->veto)
		fprintf(out, " veto=%s", pr->veto->id);
	if (pr && pr->rule && !m->rule)
		fprintf(out, " proposed=%s", pr->rule->id);
	fprintf(out, " (%s%s%s)\n", origin_text(m, pr), why ? ": " : "", why ? why : "");
	buf_free(&t);
}

/* Applies phases.md rule 3: phases move forward; after resolve only resolve
 * or nothing, unless the incident is re-opened. Returns why it changed. */
static const char *apply_flow(const struct rule_set *rs, struct flow *f, struct message *m)
{
	struct rule_match rm;
	if (m->phase == PHASE_NONE)
		return NULL;
	if (f->reached == PHASE_RESOLVE && m->phase != PHASE_RESOLVE &&
	    m->origin == ORIGIN_RULE) {
		if (rules_find(rs, SECTION_REOPEN, m->text, NULL, &rm)) {
			m->phase = PHASE_DETECT;
			m->rule = rm.rule->id;
			f->reached = PHASE_DETECT;
			return "re-opened";
		}
		m->phase = PHASE_NONE;
		m->origin = ORIGIN_CONTEXT;
		m->rule = NULL;
		return "after resolve";
	}
	if (m->phase == PHASE_DETECT && f->reached >= PHASE_MITIGATE && m->origin == ORIGIN_RULE) {
		m->phase = PHASE_MITIGATE;
		m->origin = ORIGIN_CONTEXT;
		m->rule = NULL;
		return "symptom check during mitigation";
	}
	if (m->phase > f->reached)
		f->reached = m->phase;
	return NULL;
}

static void decide(struct incident *inc, const struct rule_set *rs, FILE *explain)
{
	struct flow f = {PHASE_NONE};
	for (size_t i = 0; i < inc->nmessages; i++) {
		struct message *m = &inc->messages[i];
		struct proposal pr = {0};
		const char *why = NULL;
		enum phase col;
		if (m->system) {
			m->phase = PHASE_NONE;
		} else if (m->note_phase && parse_phase(m->note_phase, &col)) {
			m->phase = col;
			m->origin = col == PHASE_NONE ? ORIGIN_NONE : ORIGIN_COLUMN;
			if (col > f.reached)
				f.reached = col;
		} else {
			pr = rules_propose(rs, m->text);
			m->phase = pr.phase;
			m->origin = pr.tagged ? ORIGIN_TAG : pr.rule ? ORIGIN_RULE : ORIGIN_NONE;
			m->rule = pr.rule ? pr.rule->id : NULL;
			why = apply_flow(rs, &f, m);
		}
		m->key = m->phase != PHASE_NONE;
		if (explain)
			explain_line(explain, m, m->system ? NULL : &pr, why);
	}
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

/* A commander's note of when the incident was noticed, at most this long
 * before the chat's first detection (the chat echoes it minutes later). */
#define NOTED_BEFORE_CHAT (30 * 60 * DATETIME_US)

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

/* detected: the chat's first detect moment, unless a notes detect row (folded
 * or not) records the same detection shortly before it: the latest such row,
 * when it is not the row that set start. */
static void derive_detected(struct incident *inc)
{
	int64_t chat;
	size_t best = SIZE_MAX;
	if (!inc->detected.set)
		return;
	chat = inc->detected.time;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->kind == SOURCE_NOTES && m->key && m->phase == PHASE_DETECT &&
		    m->time <= chat && m->time >= chat - NOTED_BEFORE_CHAT &&
		    !(inc->start.set && m->time <= inc->start.time))
			best = i;
	}
	if (best != SIZE_MAX) {
		inc->detected.time = inc->messages[best].time;
		inc->detected.message = entry_of(inc, best);
	}
}

/* start, detected, end and the first moment of each phase (draft-json.md).
 * Notes take part: a backdated detect row sets start, a row noting the
 * detection sets detected; folded notes count through their entry. */
static void derive_times(struct incident *inc)
{
	size_t last_other = SIZE_MAX;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!m->key || m->hidden)
			continue;
		if (!inc->first[m->phase].set)
			set_moment(&inc->first[m->phase], inc, i);
		if (m->phase == PHASE_DETECT && !inc->detected.set && m->kind != SOURCE_NOTES)
			set_moment(&inc->detected, inc, i);
		if (m->phase != PHASE_RESOLVE)
			last_other = i;
	}
	/* end: the all-clear that opens the final run of resolve moments */
	for (size_t i = last_other == SIZE_MAX ? 0 : last_other + 1; i < inc->nmessages; i++) {
		if (inc->messages[i].key && !inc->messages[i].hidden &&
		    inc->messages[i].phase == PHASE_RESOLVE) {
			set_moment(&inc->end, inc, i);
			break;
		}
	}
	if (inc->first[PHASE_DETECT].set) {
		inc->start = inc->first[PHASE_DETECT];
		derive_start(inc);
	} else {
		for (size_t i = 0; i < inc->nmessages && !inc->start.set; i++)
			if (inc->messages[i].key && !inc->messages[i].hidden)
				set_moment(&inc->start, inc, i);
	}
	if (!inc->detected.set)
		inc->detected = inc->first[PHASE_DETECT];
	derive_detected(inc);
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
	if (t.len)
		inc->title = incident_strdup(inc, buf_str(&t));
	buf_free(&t);
	buf_free(&scratch);
}

void classify_incident(struct incident *inc, const struct rule_set *rs, FILE *explain)
{
	decide(inc, rs, explain);
	derive_times(inc);
	if (explain) {
		explain_moment(explain, inc, "start", &inc->start);
		explain_moment(explain, inc, "detected", &inc->detected);
		explain_moment(explain, inc, "end", &inc->end);
	}
	derive_id(inc, rs);
	derive_severity(inc, rs);
	derive_services(inc, rs);
	derive_title(inc, rs);
}
