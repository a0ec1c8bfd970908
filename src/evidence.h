/* evidence: what speaks for each phase of a message — the rules its text
 * matched (one scan), its context (source, author, thread) and where the
 * incident stands — as features weighted by the rule set, and the decoder
 * that picks the best sequence of phases for the whole incident.
 *
 * A message's score for phase p, when the last key moment before it had
 * phase s (PHASE_NONE: nothing yet), is the sum of the weights toward p of
 * its features; the decoder (Viterbi) maximises the sum of log-softmax
 * scores over the incident, a message of phase p moving the state to p and
 * one of no phase leaving it. pmdraft-rules(5) names every feature. */
#ifndef PMDRAFT_EVIDENCE_H
#define PMDRAFT_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phase.h"

struct buf;
struct incident;
struct rule_scan;
struct rule_set;

/* The hits of one message, kept small: a million messages are held. */
#define EVIDENCE_HITS 12
struct hits {
	uint16_t rule[EVIDENCE_HITS];	/* rule indexes (rules_get) */
	uint8_t n;
	bool tagged;		/* an explicit [phase] tag */
	uint8_t tag;		/* its phase */
	uint32_t sections;	/* bit (1u << section) per section hit */
	bool author_first : 1;	/* the author's first message here */
	bool after_gap : 1;	/* an hour or more after the previous message */
};

/* Feature ids, in blocks: rules, sections, bias, context, state,
 * state x section, state x paired context, state x [feature] rule. */
struct evidence_layout {
	uint32_t sec, bias, ctx, state, state_sec, state_pair, state_feature, end;
	uint32_t nfeature;	/* rules of the [feature] section */
};

struct evidence {
	const struct incident *inc;
	const struct rule_set *rs;
	unsigned langs;		/* the language packs used (rules_languages) */
	struct hits *hits;	/* owned; one per message (system ones empty) */
	struct evidence_layout layout;
	size_t nfeatures;
	double (*w)[PHASE_COUNT];	/* owned; the weights of every feature */
	uint16_t *slot;		/* owned; per rule: its place among the
				 * [feature] rules, UINT16_MAX for others */
};

/* The phase a person gave message i (a notes phase column, a [phase] tag),
 * -1 when none, -2 for a system notice, which stays out of the sequence. */
int evidence_fixed(const struct evidence *ev, size_t i);
/* Whether a rule of the section matched message i. */
bool evidence_has(const struct evidence *ev, size_t i, int section);

/* Scans every message once (on every thread) and resolves the weights. */
void evidence_init(struct evidence *ev, const struct incident *inc, const struct rule_set *rs);
void evidence_finish(struct evidence *ev);

/* At most this many features a message. */
#define EVIDENCE_MAX_FEATURES (2 * EVIDENCE_HITS + 48)
/* The feature ids of message i when the state is `state`. */
size_t evidence_features(const struct evidence *ev, size_t i, enum phase state, uint32_t *out);
/* Features of a text alone (bias, sections, rules), as rules_propose sees it. */
size_t evidence_text_features(const struct rule_set *rs, const struct rule_scan *sc,
			      uint32_t *out);
/* The number of feature ids for a rule set, and a feature's name. */
size_t evidence_nfeatures(const struct rule_set *rs);
void evidence_feature_name(const struct rule_set *rs, uint32_t f, struct buf *out);

/* score[p] summed over features. */
void evidence_score(const struct evidence *ev, const uint32_t *f, size_t n,
		    double score[PHASE_COUNT]);

/* The best phase sequence. fixed[i] is a phase the message must take (a
 * notes phase column, a tag), -1 for free, -2 for a message outside the
 * sequence (system notices: no phase, no effect on the state). state_out
 * (may be NULL) gets the state each message was decided in. */
void evidence_decode(const struct evidence *ev, const int *fixed, enum phase *out,
		     enum phase *state_out);

#endif
