/* phase: names and synonyms of the four phases. */
#include "phase.h"

#include <stddef.h>
#include <strings.h>

static const char *const names[PHASE_COUNT] = {
	"none", "detect", "escalate", "mitigate", "resolve",
};

static const struct {
	const char *word;
	enum phase phase;
} synonyms[] = {
	{"none", PHASE_NONE},		{"", PHASE_NONE},
	{"-", PHASE_NONE},		{"detect", PHASE_DETECT},
	{"detection", PHASE_DETECT},	{"detected", PHASE_DETECT},
	{"identify", PHASE_DETECT},	{"alert", PHASE_DETECT},
	{"triage", PHASE_DETECT},	{"escalate", PHASE_ESCALATE},
	{"escalation", PHASE_ESCALATE}, {"escalated", PHASE_ESCALATE},
	{"response", PHASE_ESCALATE},	{"respond", PHASE_ESCALATE},
	{"declare", PHASE_ESCALATE},	{"declared", PHASE_ESCALATE},
	{"mitigate", PHASE_MITIGATE},	{"mitigation", PHASE_MITIGATE},
	{"mitigated", PHASE_MITIGATE},	{"fix", PHASE_MITIGATE},
	{"remediate", PHASE_MITIGATE},	{"containment", PHASE_MITIGATE},
	{"contain", PHASE_MITIGATE},	{"diagnose", PHASE_MITIGATE},
	{"resolve", PHASE_RESOLVE},	{"resolution", PHASE_RESOLVE},
	{"resolved", PHASE_RESOLVE},	{"recovery", PHASE_RESOLVE},
	{"recover", PHASE_RESOLVE},	{"recovered", PHASE_RESOLVE},
	{"closed", PHASE_RESOLVE},	{"close", PHASE_RESOLVE},
};

const char *phase_name(enum phase p)
{
	return (unsigned)p < PHASE_COUNT ? names[p] : "none";
}

bool parse_phase(const char *s, enum phase *out)
{
	for (size_t i = 0; i < sizeof synonyms / sizeof *synonyms; i++) {
		if (strcasecmp(s, synonyms[i].word) == 0) {
			*out = synonyms[i].phase;
			return true;
		}
	}
	return false;
}
