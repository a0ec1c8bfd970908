/* redact: masks the secrets the [redact] rules find in every message before
 * anything is written, and counts them per kind. */
#ifndef PMDRAFT_REDACT_H
#define PMDRAFT_REDACT_H

struct incident;
struct rule_set;

/* Replaces each match with "[redacted KIND]" (KIND the rule's name), keeps
 * link spans true to the new text, drops links whose label or URL held a
 * secret, and fills inc->redactions. */
void redact_incident(struct incident *inc, const struct rule_set *rs);

#endif
