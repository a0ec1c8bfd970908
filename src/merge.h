/* merge: the commander's notes meet the chat. Notes "HH:MM" rows are dated
 * from the chat around them, then a note and a chat message that describe the
 * same moment become one timeline entry. */
#ifndef PMDRAFT_MERGE_H
#define PMDRAFT_MERGE_H

#include <stdbool.h>
#include <stddef.h>

struct incident;
struct rule_set;

struct merge_options {
	const char *notes_tz;	/* zone of the notes' local times; NULL: display zone */
};

/* After incident_sort, before classification. Dates the notes' "HH:MM" rows
 * (re-sorting the incident), then folds each note into the chat message it
 * restates: that message keeps its id, exact time and author, takes the
 * note's wording and phase column, and lists the note's id in merged; the
 * note is hidden. False (reported) when a row cannot be dated. */
bool merge_incident(struct incident *inc, const struct merge_options *opts);

/* After classification (findings_extract calls it): each message a note
 * folded into shows the note's words and then its own text again, with its
 * figures, code blocks and links; the passes classified the note's wording.
 * The kept text is masked as redact_incident would (unless inc->keep_secrets). */
void merge_show_chat(struct incident *inc, const struct rule_set *rs);

/* A text's distinctive words: lower case, stemmed, stop words out, in text
 * order. For comparing one text with many without splitting it each time. */
struct merge_words {
	char **w;	/* owned */
	size_t n, cap;
};
void merge_words_split(const char *s, struct merge_words *out);
void merge_words_free(struct merge_words *ws);
/* merge_similarity() of two split texts. */
double merge_words_similarity(const struct merge_words *a, const struct merge_words *b);

/* How alike two texts are, 0..1: the distinctive words they share over the
 * words of the shorter one (case, plurals and punctuation ignored). */
double merge_similarity(const char *a, const char *b);
/* True when one text contains the other's words in order (a quote). */
bool merge_quotes(const char *outer, const char *inner);

#endif
