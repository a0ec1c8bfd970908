/* classify: decides each message's phase with context (phases.md), and the
 * incident fields: id, title, severity, services, start / detected / end. */
#ifndef PMDRAFT_CLASSIFY_H
#define PMDRAFT_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct buf;
struct incident;
struct rule_set;

/* explain: when non-NULL, one line per message is written there. */
void classify_incident(struct incident *inc, const struct rule_set *rs, FILE *explain);

/* The incident id one export names, appended to out: from its channel name
 * or topic (NULL when the export gave none), else the id its messages
 * [from, to) name most often, the earliest on a tie, so that one mention of
 * last month's incident does not decide. Call before incident_sort. */
bool classify_export_id(const struct incident *inc, const struct rule_set *rs,
			const char *channel, const char *topic, size_t from, size_t to,
			struct buf *out);

#endif
