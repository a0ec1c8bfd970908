/* gold: a labelled incident (gold.json, the format of the labelled corpus):
 * the pmdraft arguments that read it, relative to its folder, and the phase
 * a person gave each message. Read by `pmdraft --learn`. */
#ifndef PMDRAFT_GOLD_H
#define PMDRAFT_GOLD_H

#include <stdbool.h>

#include "phase.h"

struct json_object;

struct gold {
	struct json_object *root;	/* owned */
	char *dir;		/* owned: the case folder */
	char **argv;		/* owned, with its strings; argv[0] is "pmdraft" */
	int argc;
	struct json_object *phases;	/* borrowed: id -> phase, null or "?" */
};

/* path: a gold.json or a folder holding one. Reports problems located;
 * false on error (g is then empty). */
bool gold_load(struct gold *g, const char *path);
void gold_finish(struct gold *g);
/* The phase labelled for a message id; false when unlabelled or "?". */
bool gold_phase(const struct gold *g, const char *id, enum phase *out);

#endif
