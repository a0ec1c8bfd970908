/* evidence: a message's features and weights, and the sequence decoder. */
#include "evidence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "incident.h"
#include "parallel.h"
#include "rules.h"
#include "xalloc.h"

/* Context features: what the model knows of a message beyond its words. */
enum ctx {
	CTX_BOT,		/* posted by a bot or an app */
	CTX_NOTES,		/* a row of the commander's notes */
	CTX_REPLY,		/* a thread reply */
	CTX_PARENT_BOT,		/* a reply to a bot's post */
	CTX_PARENT_DETECT,	/* a reply to a post with detect evidence */
	CTX_PARENT_ESCALATE,
	CTX_PARENT_MITIGATE,
	CTX_PARENT_RESOLVE,
	CTX_AUTHOR_FIRST,	/* the author's first message here */
	CTX_GAP,		/* an hour or more after the previous message */
	CTX_COUNT,
};
static const char *const ctx_names[CTX_COUNT] = {
	"ctx.bot", "ctx.notes", "ctx.reply", "ctx.parent-bot", "ctx.parent-detect",
	"ctx.parent-escalate", "ctx.parent-mitigate", "ctx.parent-resolve",
	"ctx.author-first", "ctx.gap",
};
static struct evidence_layout layout_of(const struct rule_set *rs)
{
	struct evidence_layout l;
	l.sec = (uint32_t)rules_count(rs);
	l.bias = l.sec + SECTION_COUNT;
	l.ctx = l.bias + 1;
	l.end = l.ctx + CTX_COUNT;
	return l;
}

size_t evidence_nfeatures(const struct rule_set *rs)
{
	return layout_of(rs).end;
}

static const char *state_name(enum phase s)
{
	return s == PHASE_NONE ? "none" : phase_name(s);
}

void evidence_feature_name(const struct rule_set *rs, uint32_t f, struct buf *out)
{
	struct evidence_layout l = layout_of(rs);
	if (f < l.sec)
		buf_puts(out, rules_get(rs, f)->id);
	else if (f < l.bias)
		buf_printf(out, "sec.%s", rules_section_name((enum rule_section)(f - l.sec)));
	else if (f == l.bias)
		buf_puts(out, "bias");
	else
		buf_puts(out, ctx_names[f - l.ctx]);
}

static size_t text_features(const struct evidence_layout *l, const uint16_t *rule, size_t nrules,
			    uint32_t sections, uint32_t *out)
{
	size_t n = 0;
	out[n++] = l->bias;
	for (uint32_t s = 0; s < SECTION_COUNT; s++)
		if (sections & (1u << s))
			out[n++] = l->sec + s;
	for (size_t i = 0; i < nrules; i++)
		out[n++] = rule[i];
	return n;
}

size_t evidence_text_features(const struct rule_set *rs, const struct rule_scan *sc,
			      uint32_t *out)
{
	struct evidence_layout l = layout_of(rs);
	uint16_t rule[EVIDENCE_HITS];
	size_t n = 0;
	for (size_t i = 0; i < sc->n && n < EVIDENCE_HITS; i++)
		rule[n++] = (uint16_t)rules_index(rs, sc->m[i].rule);
	return text_features(&l, rule, n, sc->sections, out);
}

/* ---- scanning ------------------------------------------------------------ */

struct scan_job {
	struct evidence *ev;
	struct parallel_items items;
};

static void keep_hits(const struct rule_set *rs, const struct rule_scan *sc, struct hits *h)
{
	h->tagged = sc->tagged;
	h->tag = (uint8_t)sc->tag;
	h->sections = sc->sections;
	h->n = 0;
	for (size_t k = 0; k < sc->n && h->n < EVIDENCE_HITS; k++)
		h->rule[h->n++] = (uint16_t)rules_index(rs, sc->m[k].rule);
}

static void scan_some(void *ctx)
{
	struct scan_job *job = ctx;
	struct evidence *ev = job->ev;
	struct rule_scan sc;
	size_t lo, hi;
	rules_thread_begin();
	while (parallel_items_take(&job->items, &lo, &hi)) {
		for (size_t i = lo; i < hi; i++) {
			if (ev->inc->messages[i].system)
				continue;
			rules_scan(ev->rs, ev->inc->messages[i].text, ev->langs, &sc);
			keep_hits(ev->rs, &sc, &ev->hits[i]);
		}
	}
	rules_thread_end();
}

static bool author_first(const struct incident *inc, size_t i);
static bool after_gap(const struct incident *inc, size_t i);

static const char *person_text(const void *ctx, size_t i)
{
	const struct message *m = &((const struct incident *)ctx)->messages[i];
	return m->system ? NULL : m->text;
}

static void load_flow(struct evidence *ev)
{
	struct buf name = {0};
	const double *w = rules_weights(ev->rs, "prior");
	if (w)
		memcpy(ev->prior, w, sizeof ev->prior);
	for (int s = 0; s < PHASE_COUNT; s++) {
		buf_reset(&name);
		buf_printf(&name, "trans.%s", state_name((enum phase)s));
		if ((w = rules_weights(ev->rs, buf_str(&name))))
			memcpy(ev->trans[s], w, sizeof ev->trans[s]);
	}
	buf_free(&name);
}

void evidence_init(struct evidence *ev, const struct incident *inc, const struct rule_set *rs)
{
	struct scan_job job = {ev, {0}};
	struct buf name = {0};
	ev->inc = inc;
	ev->rs = rs;
	ev->langs = rules_languages(rs, person_text, inc, inc->nmessages);
	ev->hits = xcalloc(inc->nmessages + 1, sizeof *ev->hits);
	parallel_items_init(&job.items, inc->nmessages, 256);
	parallel_run(scan_some, &job);
	for (size_t i = 0; i < inc->nmessages; i++) {
		ev->hits[i].author_first = author_first(inc, i);
		ev->hits[i].after_gap = after_gap(inc, i);
	}
	ev->layout = layout_of(rs);
	ev->nfeatures = ev->layout.end;
	ev->w = xcalloc(ev->nfeatures, sizeof *ev->w);
	for (uint32_t f = 0; f < ev->nfeatures; f++) {
		const double *w;
		if (f < rules_count(rs)) {
			memcpy(ev->w[f], rules_rule_weights(rs, f), sizeof ev->w[f]);
			continue;
		}
		buf_reset(&name);
		evidence_feature_name(rs, f, &name);
		if ((w = rules_weights(rs, buf_str(&name))))
			memcpy(ev->w[f], w, sizeof ev->w[f]);
	}
	buf_free(&name);
	load_flow(ev);
}

int evidence_fixed(const struct evidence *ev, size_t i)
{
	const struct message *m = &ev->inc->messages[i];
	enum phase col;
	if (m->system)
		return -2;
	if (m->note_phase && parse_phase(m->note_phase, &col))
		return (int)col;
	return ev->hits[i].tagged ? ev->hits[i].tag : -1;
}

bool evidence_has(const struct evidence *ev, size_t i, int section)
{
	return ev->hits[i].sections & (1u << section);
}

void evidence_finish(struct evidence *ev)
{
	free(ev->hits);
	free(ev->w);
}

/* ---- features -------------------------------------------------------------- */

static bool author_first(const struct incident *inc, size_t i)
{
	const struct message *m = &inc->messages[i];
	if (!m->author)
		return false;
	/* authors are interned: one pointer per name; a short look back is
	 * enough to tell a newcomer in practice and keeps this linear */
	for (size_t k = i, seen = 0; k-- > 0 && seen < 400; seen++)
		if (inc->messages[k].author == m->author)
			return false;
	return true;
}

static bool after_gap(const struct incident *inc, size_t i)
{
	for (size_t k = i; k-- > 0;)
		if (!inc->messages[k].system)
			return inc->messages[i].time - inc->messages[k].time >= 3600 * DATETIME_US;
	return false;
}

static size_t context_features(const struct evidence *ev, const struct evidence_layout *l, size_t i,
			       uint32_t *out)
{
	const struct message *m = &ev->inc->messages[i];
	size_t n = 0;
	if (m->bot)
		out[n++] = l->ctx + CTX_BOT;
	if (m->kind == SOURCE_NOTES)
		out[n++] = l->ctx + CTX_NOTES;
	if (m->parent != SIZE_MAX) {
		const struct hits *ph = &ev->hits[m->parent];
		out[n++] = l->ctx + CTX_REPLY;
		if (ev->inc->messages[m->parent].bot)
			out[n++] = l->ctx + CTX_PARENT_BOT;
		for (int s = SECTION_DETECT; s <= SECTION_RESOLVE; s++)
			if (ph->sections & (1u << s))
				out[n++] = l->ctx + CTX_PARENT_DETECT + (uint32_t)(s - SECTION_DETECT);
	}
	if (ev->hits[i].author_first)
		out[n++] = l->ctx + CTX_AUTHOR_FIRST;
	if (ev->hits[i].after_gap)
		out[n++] = l->ctx + CTX_GAP;
	return n;
}

/* The features of a message whatever the state: its text and context. */
size_t evidence_message_features(const struct evidence *ev, size_t i, uint32_t *out)
{
	const struct hits *h = &ev->hits[i];
	size_t n = text_features(&ev->layout, h->rule, h->n, h->sections, out);
	return n + context_features(ev, &ev->layout, i, out + n);
}

static void add_scores(const struct evidence *ev, const uint32_t *f, size_t n,
		       double score[PHASE_COUNT])
{
	for (size_t k = 0; k < n; k++)
		for (int p = 0; p < PHASE_COUNT; p++)
			score[p] += ev->w[f[k]][p];
}

void evidence_score(const struct evidence *ev, const uint32_t *f, size_t n,
		    double score[PHASE_COUNT])
{
	for (int p = 0; p < PHASE_COUNT; p++)
		score[p] = 0;
	add_scores(ev, f, n, score);
}

static void log_softmax(double score[PHASE_COUNT])
{
	double top = score[0], sum = 0;
	for (int p = 1; p < PHASE_COUNT; p++)
		if (score[p] > top)
			top = score[p];
	for (int p = 0; p < PHASE_COUNT; p++)
		sum += exp(score[p] - top);
	for (int p = 0; p < PHASE_COUNT; p++)
		score[p] -= top + log(sum);
}

/* ---- decoding -------------------------------------------------------------- */

/* How each state at step t was reached: the state before and the label. */
struct step {
	uint8_t from[PHASE_COUNT];
	uint8_t label[PHASE_COUNT];
};

static void relax(double *next, struct step *st, const double *cur, enum phase s,
		  const double lp[PHASE_COUNT], int fixed)
{
	for (int y = 0; y < PHASE_COUNT; y++) {
		int to = y == PHASE_NONE ? (int)s : y;
		double v;
		if (fixed >= 0 && y != fixed)
			continue;
		v = cur[s] + lp[y];
		if (v > next[to]) {
			next[to] = v;
			st->from[to] = (uint8_t)s;
			st->label[to] = (uint8_t)y;
		}
	}
}

void evidence_text_scores(const struct evidence *ev, size_t i, double lp[PHASE_COUNT])
{
	uint32_t f[EVIDENCE_MAX_FEATURES];
	evidence_score(ev, f, evidence_message_features(ev, i, f), lp);
	log_softmax(lp);
}

void evidence_flow_scores(const struct evidence *ev, enum phase state, double lp[PHASE_COUNT])
{
	for (int y = 0; y < PHASE_COUNT; y++)
		lp[y] += ev->trans[state][y] - ev->prior[y];
}

/* A row of the commander's notes, or the chat entry it was folded into, is a
 * key moment by definition (they wrote it down) unless a [none] or [dismiss] rule says it is chatter or a follow-up
 * (phases.md) or its phase cell says something else (Follow-up); which phase
 * is still the evidence's and the flow's. */
static bool notes_moment(const struct evidence *ev, size_t i, int fixed)
{
	const struct message *m = &ev->inc->messages[i];
	return fixed == -1 && (m->kind == SOURCE_NOTES || m->noted) && !m->hidden &&
	       !(m->note_phase && *m->note_phase) &&
	       !evidence_has(ev, i, SECTION_NONE) && !evidence_has(ev, i, SECTION_DISMISS);
}

void evidence_decode(const struct evidence *ev, const int *fixed, enum phase *out,
		     enum phase *state_out)
{
	size_t nm = ev->inc->nmessages;
	struct step *steps = xcalloc(nm + 1, sizeof *steps);
	double cur[PHASE_COUNT], next[PHASE_COUNT];
	int s;
	for (s = 0; s < PHASE_COUNT; s++)
		cur[s] = s == PHASE_NONE ? 0 : -INFINITY;
	for (size_t i = 0; i < nm; i++) {
		double text[PHASE_COUNT];
		if (fixed[i] == -2)
			continue;
		evidence_text_scores(ev, i, text);
		if (notes_moment(ev, i, fixed[i]))
			text[PHASE_NONE] = -INFINITY;
		for (s = 0; s < PHASE_COUNT; s++)
			next[s] = -INFINITY;
		for (s = 0; s < PHASE_COUNT; s++) {
			double lp[PHASE_COUNT];
			if (cur[s] == -INFINITY)
				continue;
			memcpy(lp, text, sizeof lp);
			evidence_flow_scores(ev, (enum phase)s, lp);
			relax(next, &steps[i], cur, (enum phase)s, lp, fixed[i]);
		}
		memcpy(cur, next, sizeof cur);
	}
	/* the best final state, then back through the steps; the input is an
	 * incident's chat, so a path that never begins it is the last resort */
	s = PHASE_NONE;
	for (int k = 0; k < PHASE_COUNT; k++)
		if (k != PHASE_NONE && cur[k] > -INFINITY && (s == PHASE_NONE || cur[k] > cur[s]))
			s = k;
	for (size_t i = nm; i-- > 0;) {
		if (fixed[i] == -2) {
			out[i] = PHASE_NONE;
			if (state_out)
				state_out[i] = (enum phase)s;
			continue;
		}
		out[i] = (enum phase)steps[i].label[s];
		s = steps[i].from[s];
		if (state_out)
			state_out[i] = (enum phase)s;
	}
	free(steps);
}
