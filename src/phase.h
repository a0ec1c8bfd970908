/* phase: the phase vocabulary shared by rules, the model and writers. */
#ifndef PMDRAFT_PHASE_H
#define PMDRAFT_PHASE_H

#include <stdbool.h>

/* Ordered: later phases compare greater (phases.md tie-break 2). */
enum phase {
	PHASE_NONE = 0,		/* not a key moment */
	PHASE_DETECT,
	PHASE_ESCALATE,
	PHASE_MITIGATE,
	PHASE_RESOLVE,
};
#define PHASE_COUNT 5

/* "detect" ...; "none" for PHASE_NONE. */
const char *phase_name(enum phase p);
/* Exact names plus common synonyms ("detection", "fix", "recovery"...),
 * case-insensitive. "none", "" and "-" give PHASE_NONE. */
bool parse_phase(const char *s, enum phase *out);

#endif
