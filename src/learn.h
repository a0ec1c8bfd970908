/* learn: fits the weight of every feature (evidence.h) from labelled
 * incidents and the rule files' inline phase tests, with LIBLINEAR's
 * L2-regularised logistic regression, and writes them as a [weights]
 * section (pmdraft-rules(5)). Deterministic: the same input gives the same
 * file. */
#ifndef PMDRAFT_LEARN_H
#define PMDRAFT_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "phase.h"

struct incident;
struct rule_set;
struct learn;

/* The labelled phase of a message id; false when it has none. */
typedef bool (*learn_label_fn)(const void *ctx, const char *id, enum phase *out);

struct learn *learn_new(const struct rule_set *rs);
void learn_free(struct learn *l);
/* Every labelled message of a classified-ready incident (imported, sorted,
 * merged), each seen in the state its gold predecessors put it in.
 * Returns the number of examples added. */
size_t learn_add_incident(struct learn *l, const struct incident *inc, learn_label_fn label,
			  const void *ctx);
/* The loaded rule files' `test PHASE: "text"` lines, as text-only examples. */
size_t learn_add_tests(struct learn *l);
/* Fits (cost: LIBLINEAR's C) and writes the [weights] section. */
bool learn_write(struct learn *l, double cost, FILE *out);

#endif
