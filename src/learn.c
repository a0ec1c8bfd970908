/* learn: labelled examples -> LIBLINEAR -> a [weights] section. */
#include "learn.h"

#include <linear.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "evidence.h"
#include "incident.h"
#include "rules.h"
#include "xalloc.h"

struct learn {
	const struct rule_set *rs;
	size_t nfeatures;
	struct feature_node **x;	/* owned rows, each ended by index -1 */
	double *y;			/* owned; the phase of each row */
	size_t n, cap, ycap;
	size_t *seen;			/* owned; rows each feature is in */
	double trans[PHASE_COUNT][PHASE_COUNT];	/* [state][phase] counts */
};

struct learn *learn_new(const struct rule_set *rs)
{
	struct learn *l = xcalloc(1, sizeof *l);
	l->rs = rs;
	l->nfeatures = evidence_nfeatures(rs);
	l->seen = xcalloc(l->nfeatures, sizeof *l->seen);
	return l;
}

void learn_free(struct learn *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->x[i]);
	free(l->x);
	free(l->y);
	free(l->seen);
	free(l);
}

static int by_index(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* One row: LIBLINEAR wants 1-based ascending indexes, each once. */
static void add_row(struct learn *l, uint32_t *f, size_t n, enum phase y)
{
	struct feature_node *row = xcalloc(n + 1, sizeof *row);
	size_t k = 0;
	qsort(f, n, sizeof *f, by_index);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || f[i] != f[i - 1]) {
			row[k++] = (struct feature_node){(int)f[i] + 1, 1.0};
			l->seen[f[i]]++;
		}
	row[k].index = -1;
	l->x = xgrow(l->x, &l->cap, l->n + 1, sizeof *l->x);
	l->y = xgrow(l->y, &l->ycap, l->n + 1, sizeof *l->y);
	l->x[l->n] = row;
	l->y[l->n++] = (double)y;
}

size_t learn_add_incident(struct learn *l, const struct incident *inc, learn_label_fn label,
			  const void *ctx)
{
	struct evidence ev;
	enum phase state = PHASE_NONE, y;
	uint32_t f[EVIDENCE_MAX_FEATURES];
	size_t added = 0;
	evidence_init(&ev, inc, l->rs);
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->system || !label(ctx, m->id, &y))
			continue;
		/* what a person labelled is held fixed when drafting: it moves
		 * the state but teaches nothing about the words */
		if (evidence_fixed(&ev, i) < 0) {
			size_t n = evidence_message_features(&ev, i, f);
			add_row(l, f, n, y);
			added++;
		}
		l->trans[state][y]++;
		if (y != PHASE_NONE)
			state = y;
	}
	evidence_finish(&ev);
	return added;
}

size_t learn_add_tests(struct learn *l)
{
	uint32_t f[EVIDENCE_MAX_FEATURES];
	size_t added = 0;
	for (size_t i = 0; i < rules_phase_tests(l->rs); i++) {
		enum phase y;
		unsigned langs;
		const char *text = rules_phase_test(l->rs, i, &y, &langs);
		struct rule_scan sc;
		if (!text)
			continue;
		rules_scan(l->rs, text, langs, &sc);
		if (sc.tagged)
			continue;
		add_row(l, f, evidence_text_features(l->rs, &sc, f), y);
		added++;
	}
	return added;
}

static void quiet(const char *s)
{
	(void)s;
}

/* The weight of feature f toward each phase; a phase no example had gets a
 * large negative bias so that it is never chosen. */
static void weights_of(const struct model *m, const int *labels, int nclass, uint32_t f,
		       uint32_t bias, double w[PHASE_COUNT])
{
	for (int p = 0; p < PHASE_COUNT; p++)
		w[p] = f == bias ? -10.0 : 0.0;
	for (int c = 0; c < nclass; c++)
		w[labels[c]] = get_decfun_coef(m, (int)f + 1, c);
	if (nclass == 1)
		w[labels[0]] = f == bias ? 10.0 : 0.0;
}

static void write_row(FILE *out, const char *name, const double w[PHASE_COUNT])
{
	static const enum phase order[] = {PHASE_DETECT, PHASE_ESCALATE, PHASE_MITIGATE,
					   PHASE_RESOLVE, PHASE_NONE};
	fprintf(out, "%s:", name);
	for (size_t k = 0; k < PHASE_COUNT; k++) {
		double v = w[order[k]];
		/* -0.000 would differ from 0.000 between machines */
		fprintf(out, " %s=%.3f", phase_name(order[k]), v > -0.0005 && v < 0.0005 ? 0.0 : v);
	}
	fputc('\n', out);
}

/* The flow, add-one smoothed: "prior", log p(phase) among the examples the
 * classifier learned from (dividing its posterior by it leaves the
 * message's likelihood), and "trans.STATE", log p(phase | state) along the
 * labelled incidents. */
static void write_flow(const struct learn *l, FILE *out)
{
	double w[PHASE_COUNT], count[PHASE_COUNT] = {0};
	for (size_t i = 0; i < l->n; i++)
		count[(int)l->y[i]]++;
	for (int p = 0; p < PHASE_COUNT; p++)
		w[p] = log((count[p] + 1) / ((double)l->n + PHASE_COUNT));
	write_row(out, "prior", w);
	for (int s = 0; s < PHASE_COUNT; s++) {
		double n = 0;
		char name[32];
		for (int p = 0; p < PHASE_COUNT; p++)
			n += l->trans[s][p];
		for (int p = 0; p < PHASE_COUNT; p++)
			w[p] = log((l->trans[s][p] + 1) / (n + PHASE_COUNT));
		snprintf(name, sizeof name, "trans.%s", s == PHASE_NONE ? "none" : phase_name((enum phase)s));
		write_row(out, name, w);
	}
}

bool learn_write(struct learn *l, double cost, FILE *out)
{
	struct problem prob = {(int)l->n, (int)l->nfeatures, l->y, l->x, -1};
	struct parameter param = {.solver_type = L2R_LR, .eps = 0.0001, .C = cost};
	struct buf name = {0};
	struct model *m;
	int labels[PHASE_COUNT], nclass;
	uint32_t bias = 0;
	if (!l->n || check_parameter(&prob, &param))
		return false;
	set_print_string_function(quiet);
	m = train(&prob, &param);
	nclass = get_nr_class(m);
	get_labels(m, labels);
	for (size_t f = 0; f < l->nfeatures; f++) {
		evidence_feature_name(l->rs, (uint32_t)f, &name);
		if (strcmp(buf_str(&name), "bias") == 0)
			bias = (uint32_t)f;
		buf_reset(&name);
	}
	fprintf(out, "# Learned by pmdraft --learn from %zu labelled messages and tests\n"
		     "# (LIBLINEAR L2-regularised logistic regression, C=%g). Each line:\n"
		     "# a feature and its weight toward each phase, then the incident's\n"
		     "# flow (prior, trans.STATE: log-probabilities); pmdraft-rules(5).\n"
		     "# It replaces every weight loaded before it.\n"
		     "[weights]\nreset\n", l->n, cost);
	for (size_t f = 0; f < l->nfeatures; f++) {
		double w[PHASE_COUNT];
		bool any = false;
		weights_of(m, labels, nclass, (uint32_t)f, bias, w);
		for (int p = 0; p < PHASE_COUNT; p++)
			any |= w[p] <= -0.0005 || w[p] >= 0.0005;
		evidence_feature_name(l->rs, (uint32_t)f, &name);
		/* a rule seen in the examples always gets a row, so that
		 * "learned: 0" differs from "never seen" (which keeps the
		 * weight of its section alone) */
		if (any || (l->seen[f] && f < rules_count(l->rs)))
			write_row(out, buf_str(&name), w);
		buf_reset(&name);
	}
	write_flow(l, out);
	buf_free(&name);
	free_and_destroy_model(&m);
	return !ferror(out);
}
