/* evidence: what speaks for each phase of a message — the rules its text
 * matched (one scan) and its context (source, author, thread) — as features
 * weighted by the rule set, and the decoder that picks the best sequence of
 * phases for the whole incident.
 *
 * The text's features give log p(phase | message) (a log-softmax of the
 * summed weights). The incident's flow is an HMM over the state, the phase
 * of the last key moment (PHASE_NONE: not begun): the decoder (Viterbi)
 * maximises the sum over messages of log p(phase | message) - log p(phase)
 * + log p(phase | state), the classifier's posterior divided by its prior
 * standing for the message's likelihood. A message of phase p moves the
 * state to p, one of no phase leaves it. Unlike a classifier that also sees
 * the state, this lets the later messages' evidence pull the incident into
 * its first phase instead of every "not begun" step costing nothing.
 * pmdraft-rules(5) names every feature. */
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

/* Feature ids, in blocks: rules, sections, bias, context. */
struct evidence_layout {
	uint32_t sec, bias, ctx, end;
};

struct evidence {
	const struct incident *inc;
	const struct rule_set *rs;
	unsigned langs;		/* the language packs used (rules_languages) */
	struct hits *hits;	/* owned; one per message (system ones empty) */
	struct evidence_layout layout;
	size_t nfeatures;
	double (*w)[PHASE_COUNT];	/* owned; the weights of every feature */
	/* The flow ("prior" and "trans.STATE" in [weights]; 0 without):
	 * log p(phase) and log p(phase | state). */
	double prior[PHASE_COUNT];
	double trans[PHASE_COUNT][PHASE_COUNT];	/* [state][phase] */
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
/* The feature ids of message i: its text's and its context's. */
size_t evidence_message_features(const struct evidence *ev, size_t i, uint32_t *out);
/* Features of a text alone (bias, sections, rules), as rules_propose sees it. */
size_t evidence_text_features(const struct rule_set *rs, const struct rule_scan *sc,
			      uint32_t *out);
/* The number of feature ids for a rule set, and a feature's name. */
size_t evidence_nfeatures(const struct rule_set *rs);
void evidence_feature_name(const struct rule_set *rs, uint32_t f, struct buf *out);

/* score[p] summed over features. */
void evidence_score(const struct evidence *ev, const uint32_t *f, size_t n,
		    double score[PHASE_COUNT]);
/* log p(phase | message i). */
void evidence_text_scores(const struct evidence *ev, size_t i, double lp[PHASE_COUNT]);
/* Adds the flow's terms for a message decided in `state` to lp. */
void evidence_flow_scores(const struct evidence *ev, enum phase state, double lp[PHASE_COUNT]);

/* The best phase sequence. fixed[i] is a phase the message must take (a
 * notes phase column, a tag), -1 for free, -2 for a message outside the
 * sequence (system notices: no phase, no effect on the state). state_out
 * (may be NULL) gets the state each message was decided in. */
void evidence_decode(const struct evidence *ev, const int *fixed, enum phase *out,
		     enum phase *state_out);

#endif
