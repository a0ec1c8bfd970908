/* actions: the [action], [owner], [due] and [done] rules applied per message;
 * owners resolved against the people who spoke in the incident. */
#include "actions.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "incident.h"
#include "merge.h"
#include "parallel.h"
#include "rules.h"
#include "text.h"
#include "xalloc.h"

/* A set of strings by open addressing, ASCII case folded or not: who spoke
 * and which actions were seen, in O(1) per look-up rather than a scan. */
struct strset {
	const char **slots;	/* owned array; strings borrowed from the model */
	size_t cap, n;		/* cap a power of two, n < cap / 2 */
	bool fold;		/* compare ignoring ASCII case */
};

static size_t strset_hash(const struct strset *set, const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)(set->fold ? tolower((unsigned char)*s) : *s)) *
		    1099511628211ULL;
	return h;
}

/* Adds s unless present; true when it was added. */
static bool strset_add(struct strset *set, const char *s)
{
	size_t h;
	if (2 * (set->n + 1) > set->cap) {
		struct strset grown = {NULL, set->cap ? set->cap * 2 : 64, 0, set->fold};
		grown.slots = xcalloc(grown.cap, sizeof *grown.slots);
		for (size_t i = 0; i < set->cap; i++)
			if (set->slots[i])
				strset_add(&grown, set->slots[i]);
		free(set->slots);
		*set = grown;
	}
	for (h = strset_hash(set, s) & (set->cap - 1); set->slots[h]; h = (h + 1) & (set->cap - 1))
		if ((set->fold ? strcasecmp : strcmp)(set->slots[h], s) == 0)
			return false;
	set->slots[h] = s;
	set->n++;
	return true;
}

/* The people who spoke, each once, in order of first appearance. */
struct people {
	const char **names;	/* owned array; strings borrowed from the model */
	size_t n, cap;
};

static void people_init(struct people *p, const struct incident *inc)
{
	struct strset seen = {0};
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < inc->nmessages; i++) {
		const char *a = inc->messages[i].author;
		if (!a || inc->messages[i].bot || inc->messages[i].kind == SOURCE_NOTES ||
		    !strset_add(&seen, a))
			continue;
		p->names = xgrow(p->names, &p->cap, p->n + 1, sizeof *p->names);
		p->names[p->n++] = a;
	}
	free(seen.slots);
}

/* The participant whose name (or first name) starts at s; NULL if none. */
static const char *participant_at(const struct people *people, const char *s)
{
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < people->n; i++) {
		const char *a = people->names[i];
		size_t full = strlen(a), first = strcspn(a, " ");
		if (full > best_len && strncasecmp(s, a, full) == 0 && !isalnum((unsigned char)s[full])) {
			best = a;
			best_len = full;
		} else if (!best && first > 1 && strncasecmp(s, a, first) == 0 &&
			   !isalnum((unsigned char)s[first])) {
			best = a;
		}
	}
	return best;
}

/* Raised twice ("AI: add idempotency keys" early, again in the wrap-up, or
 * a notes action row restating a chat follow-up) is one action: the same
 * text (a hash set), or 80% of the distinctive words of one of the last
 * RECENT_ACTIONS (restatements are near each other; this bounds the cost on
 * channels with thousands of follow-ups). */
#define SAME_ACTION 0.8
#define RECENT_ACTIONS 64

/* What one extraction pass shares. */
struct extract {
	struct incident *inc;
	const struct rule_set *rs;
	struct people people;
	struct incident_replies replies;
	struct strset actions;	/* action texts seen, case folded */
	struct merge_words recent[RECENT_ACTIONS];	/* words of action i at i % RECENT_ACTIONS */
	size_t recent_of[RECENT_ACTIONS];		/* which action each slot holds, +1 */
};

static bool is_self(const char *s, size_t n)
{
	return (n == 1 && (*s == 'I' || *s == 'i')) || (n == 2 && !strncasecmp(s, "me", 2)) ||
	       (n == 4 && !strncasecmp(s, "mine", 4)) || (n == 2 && !strncasecmp(s, "I'", 2));
}

static const char *find_owner(const struct extract *x, const struct message *m)
{
	const struct rule_set *rs = x->rs;
	struct rule_match rm;
	const char *at;
	if (rules_find(rs, SECTION_OWNER, m->text, "owner", &rm)) {
		const char *s = m->text + rm.start;
		size_t n = rm.end - rm.start;
		if (is_self(s, n))
			return m->kind == SOURCE_NOTES ? NULL : m->author;
		if (*s == '@')
			s++;
		if ((at = participant_at(&x->people, s)))
			return at;
	}
	for (at = strchr(m->text, '@'); at; at = strchr(at + 1, '@')) {
		const char *p = participant_at(&x->people, at + 1);
		if (p)
			return p;
	}
	return NULL;
}

static bool find_due(const struct rule_set *rs, const struct message *m, struct date *due)
{
	struct rule_match rm;
	struct buf s = {0};
	bool ok;
	if (!rules_find(rs, SECTION_DUE, m->text, "due", &rm))
		return false;
	buf_add(&s, m->text + rm.start, rm.end - rm.start);
	ok = parse_due(buf_str(&s), datetime_local_date(m->time), due);
	buf_free(&s);
	return ok;
}

static const char *action_text(struct incident *inc, const struct rule_set *rs,
			       const struct message *m)
{
	struct rule_match rm;
	struct buf t = {0};
	const char *r;
	if (rules_find(rs, SECTION_ACTION, m->text, "text", &rm) && rm.end > rm.start)
		buf_add(&t, m->text + rm.start, rm.end - rm.start);
	else
		buf_puts(&t, m->text);
	text_trim(&t);
	r = incident_strdup(inc, buf_str(&t));
	buf_free(&t);
	return r;
}

/* A reply in the action's thread, or its own reaction, that says done. */
static bool is_done(const struct extract *x, size_t idx)
{
	struct rule_match rm;
	const struct message *m = &x->inc->messages[idx];
	if (m->done_mark || rules_find(x->rs, SECTION_DONE, m->text, NULL, &rm))
		return true;
	for (size_t i = x->replies.first[idx]; i != SIZE_MAX; i = x->replies.next[i]) {
		const struct message *r = &x->inc->messages[i];
		if (i > idx && (r->done_mark || rules_find(x->rs, SECTION_DONE, r->text, NULL, &rm)))
			return true;
	}
	return false;
}

/* "can someone take X?" answered in the thread by "I've got it, by Friday":
 * the first reply that claims it gives the owner, and the due date if the
 * request had none. */
static void claim_from_replies(const struct extract *x, size_t idx, struct action *a)
{
	for (size_t i = x->replies.first[idx]; i != SIZE_MAX && !a->owner; i = x->replies.next[i]) {
		const struct message *r = &x->inc->messages[i];
		struct rule_match rm;
		if (i <= idx || r->system || r->bot ||
		    !rules_find(x->rs, SECTION_OWNER, r->text, "owner", &rm) ||
		    !is_self(r->text + rm.start, rm.end - rm.start))
			continue;
		a->owner = r->author;
		if (!a->has_due)
			a->has_due = find_due(x->rs, r, &a->due);
	}
}


/* The words of action i, split once while it is among the recent ones. */
static const struct merge_words *recent_words(struct extract *x, size_t i)
{
	size_t slot = i % RECENT_ACTIONS;
	if (x->recent_of[slot] != i + 1) {
		merge_words_free(&x->recent[slot]);
		memset(&x->recent[slot], 0, sizeof x->recent[slot]);
		merge_words_split(x->inc->actions[i].text, &x->recent[slot]);
		x->recent_of[slot] = i + 1;
	}
	return &x->recent[slot];
}

static size_t find_same(struct extract *x, const char *text)
{
	const struct incident *inc = x->inc;
	size_t from = inc->nactions > RECENT_ACTIONS ? inc->nactions - RECENT_ACTIONS : 0;
	size_t same = SIZE_MAX;
	struct merge_words w = {0};
	merge_words_split(text, &w);
	for (size_t i = inc->nactions; i-- > from && same == SIZE_MAX;)
		if (strcasecmp(inc->actions[i].text, text) == 0 ||
		    merge_words_similarity(recent_words(x, i), &w) >= SAME_ACTION)
			same = i;
	merge_words_free(&w);
	return same;
}

/* A repeat can still add what the first mention lacked. */
static void complete(struct extract *x, size_t action, size_t msg)
{
	struct action *a = &x->inc->actions[action];
	const struct message *m = &x->inc->messages[msg];
	if (!a->owner)
		a->owner = find_owner(x, m);
	if (!a->has_due)
		a->has_due = find_due(x->rs, m, &a->due);
	if (!a->done)
		a->done = is_done(x, msg);
}

static void extract_one(struct extract *x, size_t i)
{
	struct incident *inc = x->inc;
	const struct message *m = &inc->messages[i];
	const char *text = action_text(inc, x->rs, m);
	struct action *a;
	bool new_text = strset_add(&x->actions, text);
	size_t same = find_same(x, text);
	if (same != SIZE_MAX) {
		complete(x, same, i);
		return;
	}
	if (!new_text)
		return;		/* the same text, raised long before */
	a = incident_add_action(inc);
	a->text = text;
	a->owner = find_owner(x, m);
	a->has_due = find_due(x->rs, m, &a->due);
	if (!a->owner)
		claim_from_replies(x, i, a);
	a->done = is_done(x, i);
	a->source_id = m->id;
	a->message = i;
}

/* Which messages raise a follow-up: a rule run per message, independent of
 * the others, so done on every thread before the ordered extraction. */
struct raisers {
	const struct incident *inc;
	const struct rule_set *rs;
	bool *raises;		/* owned; nmessages entries */
	struct parallel_items items;
};

static void find_some(void *ctx)
{
	struct raisers *r = ctx;
	size_t lo, hi;
	rules_thread_begin();
	while (parallel_items_take(&r->items, &lo, &hi)) {
		for (size_t i = lo; i < hi; i++) {
			const struct message *m = &r->inc->messages[i];
			struct rule_match rm;
			r->raises[i] = !m->system && !m->deleted &&
				       rules_find(r->rs, SECTION_ACTION, m->text, NULL, &rm);
		}
	}
	rules_thread_end();
}

/* The caller frees the array. */
static bool *find_raisers(const struct incident *inc, const struct rule_set *rs)
{
	struct raisers r = {inc, rs, xcalloc(inc->nmessages + 1, sizeof *r.raises), {0}};
	parallel_items_init(&r.items, inc->nmessages, 256);
	parallel_run(find_some, &r);
	return r.raises;
}

void actions_extract(struct incident *inc, const struct rule_set *rs)
{
	bool *raises = find_raisers(inc, rs);
	struct extract x = {.inc = inc, .rs = rs, .actions = {.fold = true}};
	people_init(&x.people, inc);
	incident_replies_init(&x.replies, inc);
	for (size_t i = 0; i < inc->nactions; i++)
		strset_add(&x.actions, inc->actions[i].text);
	for (size_t i = 0; i < inc->nmessages; i++)
		if (raises[i])
			extract_one(&x, i);
	free(raises);
	free(x.actions.slots);
	free(x.people.names);
	for (size_t i = 0; i < RECENT_ACTIONS; i++)
		merge_words_free(&x.recent[i]);
	incident_replies_finish(&x.replies);
}
