/* redact: masks the secrets the built-in kinds and the [redact] rules find
 * in every string of the model that reaches an output, before anything is
 * written, and counts them per kind. */
#ifndef PMDRAFT_REDACT_H
#define PMDRAFT_REDACT_H

struct incident;
struct rule_set;

/* The built-in secret kinds as rule text (a [redact] section with inline
 * tests), used on top of the [redact] rules of rs. */
extern const char redact_builtin_rules[];

/* Replaces each match with "[redacted KIND]" (KIND the rule's name) in
 * message text, authors, file names, notes columns, reactions, the channel,
 * topic, title and source paths (message ids excepted: threads and anchors
 * use them), keeps link spans true to the new text, drops links whose label
 * or URL held a secret, and fills inc->redactions. */
void redact_incident(struct incident *inc, const struct rule_set *rs);

#endif
