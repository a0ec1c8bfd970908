/* classify: decides each message's phase with context (phases.md), and the
 * incident fields: id, title, severity, services, start / detected / end. */
#ifndef PMDRAFT_CLASSIFY_H
#define PMDRAFT_CLASSIFY_H

#include <stdio.h>

struct incident;
struct rule_set;

/* explain: when non-NULL, one line per message is written there. */
void classify_incident(struct incident *inc, const struct rule_set *rs, FILE *explain);

#endif
