/* actions: follow-ups found in chat and notes, with owner, due date and status. */
#ifndef PMDRAFT_ACTIONS_H
#define PMDRAFT_ACTIONS_H

struct incident;
struct rule_set;

void actions_extract(struct incident *inc, const struct rule_set *rs);

#endif
