/* actions: follow-ups found in chat and notes, with owner, due date and status. */
#ifndef PMDRAFT_ACTIONS_H
#define PMDRAFT_ACTIONS_H

#include <stdio.h>

struct incident;
struct rule_set;

/* Reads the conversation after classification (it needs the incident's end
 * to tell a task claimed during the incident from a follow-up): asks linked
 * to their answers, restatements merged, owners resolved to participants'
 * display names, due dates as last agreed, done or dropped as reported later.
 * explain: when non-NULL, one line per action decision is written there. */
void actions_extract(struct incident *inc, const struct rule_set *rs, FILE *explain);

#endif
