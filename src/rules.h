/* rules: rule files compiled once into a rule set (PCRE2 + JIT), the phase a
 * text proposes on its own, the extraction helpers, and the inline tests.
 * Knows phases but not the incident model. */
#ifndef PMDRAFT_RULES_H
#define PMDRAFT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "phase.h"

struct buf;
struct rule_set;

enum rule_section {
	SECTION_DETECT = PHASE_DETECT,
	SECTION_ESCALATE = PHASE_ESCALATE,
	SECTION_MITIGATE = PHASE_MITIGATE,
	SECTION_RESOLVE = PHASE_RESOLVE,
	SECTION_NONE,		/* not a key moment: chatter, false alarms */
	SECTION_REOPEN,		/* "regressed", "it's back": detect starts again */
	SECTION_NOTICE,		/* someone or something noticed: sets "detected" */
	SECTION_ALL_CLEAR,	/* impact has ended: sets "end" */
	SECTION_DISMISS,	/* a false alarm: the alert it answers is no key moment */
	SECTION_INCIDENT_ID,	/* capture (?<id>...) */
	SECTION_SEVERITY,	/* capture (?<sev>...) */
	SECTION_SERVICE,	/* capture (?<svc>...) */
	SECTION_ACTION,		/* follow-ups; capture (?<text>...) optional */
	SECTION_OWNER,		/* capture (?<owner>...) */
	SECTION_DUE,		/* capture (?<due>...) */
	SECTION_DONE,		/* done markers */
	SECTION_IMPACT,		/* counts quoted in chat: (?<count>...) */
	SECTION_CAUSE,		/* candidate cause statements */
	SECTION_BLAME,		/* blaming language */
	SECTION_REDACT,		/* secrets to mask */
	SECTION_FEATURE,	/* evidence with no phase of its own ("a figure") */
	SECTION_LANGUAGE,	/* a language pack's marker words: is it spoken here */
	SECTION_WEIGHTS,	/* learned weights: NAME: detect=W ... none=W */
	SECTION_COUNT,
};

struct rule {
	const char *id;		/* "detect.alert-fired" */
	enum rule_section section;
	int prio;		/* higher wins; default 0 */
	const char *file;	/* where it was defined */
	long line;
	bool disabled;
};

struct rule_match {
	const struct rule *rule;
	size_t start, end;	/* byte span of the whole match */
};

/* Every evidence rule that matched one text, from one scan: the phase
 * sections, [none], [dismiss], [reopen], [notice], [all-clear], [feature].
 * Each pass reads these instead of matching again. */
#define RULES_SCAN_MAX 48
struct rule_scan {
	struct rule_match m[RULES_SCAN_MAX];
	size_t n;
	unsigned sections;	/* bit (1u << section) for each section hit */
	bool tagged;		/* the text starts with an explicit [phase] tag */
	enum phase tag;
};

/* The phase a text proposes on its own, before context: the phase whose
 * summed evidence (bias, each section hit, each rule) is highest. */
struct proposal {
	enum phase phase;
	const struct rule *rule;	/* strongest rule for that phase, or NULL */
	bool tagged;			/* an explicit [phase] tag decided */
	double score[PHASE_COUNT];	/* summed weights per phase */
};

struct rule_set *rules_new(void);
void rules_free(struct rule_set *rs);
/* Adds a rule file on top of what is loaded (rules with an existing id from
 * another file replace it). Reports every problem located; false on error. */
bool rules_load_file(struct rule_set *rs, const char *path);
bool rules_load_text(struct rule_set *rs, const char *name, const char *text);
/* The built-in rules: rules/default.rules, the language packs, then the
 * learned rules/default.weights. langs names the packs: "de,fr" (English is
 * always there), "all" for every pack on every text, or NULL ("auto") for
 * every pack, each used only on incidents that speak it (rules_languages). */
bool rules_load_default(struct rule_set *rs, const char *langs);
/* A language code --lang accepts ("en", "de", "es", "fr", "ja", "pt"). */
bool rules_lang_known(const char *code, size_t len);

/* Which built-in language packs an incident's rules run with, as a mask for
 * rules_scan: bit 0 for every rule outside a pack, bit k for the k-th pack.
 * With packs chosen by name or "all", every loaded pack. Otherwise a pack
 * is used when the [language] marker rules of its file find two of its
 * words in at least one message in fifty (of a sample of the n texts that
 * text_at gives), so that English chat does not pay for five packs. */
#define RULES_LANGS_ALL (~0u)
unsigned rules_languages(const struct rule_set *rs, const char *(*text_at)(const void *ctx, size_t i),
			 const void *ctx, size_t n);
/* "en, de" for a mask, for --explain. */
void rules_languages_name(const struct rule_set *rs, unsigned langs, struct buf *out);

size_t rules_count(const struct rule_set *rs);
/* A thread that matches while others use the same rule set calls begin
 * first (it gets matching state of its own) and end when done. */
void rules_thread_begin(void);
void rules_thread_end(void);
const struct rule *rules_get(const struct rule_set *rs, size_t i);
/* The index of a rule of this set: rules_get(rs, rules_index(rs, r)) == r. */
size_t rules_index(const struct rule_set *rs, const struct rule *r);

/* First match of a section; with a group name, the group's span. */
bool rules_find(const struct rule_set *rs, enum rule_section section,
		const char *text, const char *group, struct rule_match *out);

/* Like rules_find, over the rules of one kind only: a rule named
 * "KIND.name" ("[action] not.restart": a veto) is of kind KIND; kind NULL
 * means the rules of no kind, "*" every rule (what rules_find does). Lets
 * one section hold rules of several roles (see pmdraft-rules(5)). */
bool rules_find_kind(const struct rule_set *rs, enum rule_section section, const char *kind,
		     const char *text, const char *group, struct rule_match *out);

/* The leftmost (then longest) non-empty match of any rule of a section that
 * starts at or after byte `from` of text[0..len); for masking every match. */
bool rules_next_match(const struct rule_set *rs, enum rule_section section,
		      const char *text, size_t len, size_t from, struct rule_match *out);

/* The leftmost non-empty match of rule i (rules_get(rs, i)) that starts at
 * or after byte `from`: a caller masking every match keeps one per rule and
 * moves it forward, so each rule reads a text once. */
bool rules_match_rule(const struct rule_set *rs, size_t i, const char *text, size_t len,
		      size_t from, struct rule_match *out);
/* One scan of every evidence section (see struct rule_scan), with the
 * rules of the language packs in langs (rules_languages). */
void rules_scan(const struct rule_set *rs, const char *text, unsigned langs,
		struct rule_scan *out);
/* Adds the text's own evidence to score[]: the weights of "bias", of
 * "sec.SECTION" for each section hit and of each rule hit. */
void rules_score_scan(const struct rule_set *rs, const struct rule_scan *sc,
		      double score[PHASE_COUNT]);
/* The weights of a feature by name (a rule id, "bias", "sec.detect",
 * "ctx.bot"...), from a [weights] line or a rule's score=; NULL if none. */
const double *rules_weights(const struct rule_set *rs, const char *name);
/* A rule's weights as scoring uses them: its own, else its section's
 * default (see pmdraft-rules(5)). */
const double *rules_rule_weights(const struct rule_set *rs, size_t i);
/* The sections whose rules are evidence for phases, in scan order. */
bool rules_section_is_evidence(enum rule_section s);

/* The phase text alone gets, read with the language packs in langs
 * (rules_languages). */
struct proposal rules_propose(const struct rule_set *rs, const char *text, unsigned langs);
/* Inline phase tests, as labelled examples for learning: index i < count;
 * langs gets the packs the test is read with. */
size_t rules_phase_tests(const struct rule_set *rs);
const char *rules_phase_test(const struct rule_set *rs, size_t i, enum phase *phase,
			     unsigned *langs);
/* "INC2417" -> "INC-2417": upper case, a hyphen between letters and digits. */
bool rules_extract_id(const struct rule_set *rs, const char *text, struct buf *out);
/* "sev 2" -> "SEV-2", "p1" -> "P1". */
bool rules_extract_severity(const struct rule_set *rs, const char *text, struct buf *out);
void rules_normalise_id(const char *s, size_t len, struct buf *out);

/* Runs the inline tests of every loaded file; reports each failure as
 * file:line and returns the number of failures. *total gets the count run. */
size_t rules_run_tests(const struct rule_set *rs, size_t *total);

const char *rules_section_name(enum rule_section s);

#endif
