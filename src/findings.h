/* findings: what the draft quotes besides phases: blaming language, candidate
 * cause statements and figures quoted in chat ("1,842 duplicate drafts"). */
#ifndef PMDRAFT_FINDINGS_H
#define PMDRAFT_FINDINGS_H

struct incident;
struct rule_set;

void findings_extract(struct incident *inc, const struct rule_set *rs);

#endif
