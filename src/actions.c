/* actions: follow-ups read from the conversation. A message (or each item of
 * a list in it, or a notes row marked as a follow-up) that the [action] rules
 * take raises one; its owner is the person who claims it, is named or is
 * asked (confirmed by their answer in the thread or their next message); its
 * due date is the last one agreed; it is done or dropped when a later message
 * says so about it. Rule kinds used (see pmdraft-rules(5)): [action] not.*
 * (never a follow-up), marker.* (explicitly one), list.* (a list of them
 * follows), column.* (a notes phase value); [owner] accept.*; [done] drop.*. */
#include "actions.h"

#include <ctype.h>
#include <stdint.h>
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
			   !isalnum((unsigned char)s[first]) && (unsigned char)s[first] < 0x80) {
			best = a;
		}
	}
	return best;
}

/* What a message says, found for every message in parallel. */
enum {
	SAYS_DONE = 1,		/* a [done] rule of no kind matches */
	SAYS_DROP = 2,		/* a [done] drop.* rule matches */
	SAYS_REVIEW = 4,	/* a [due] review.* rule matches */
};

/* Where each action's owner, due date and status came from, for --explain. */
struct why {
	const char *rule;	/* id of the rule that raised it, or a description */
	const char *owner, *due, *status;	/* static: how each was found, or NULL */
	size_t owner_msg, due_msg, status_msg;	/* message it came from, or SIZE_MAX */
	bool dropped;		/* the team decided not to do it */
};

/* Raised twice ("AI: add idempotency keys" early, again in the wrap-up, or
 * a notes action row restating a chat follow-up) is one action: the same
 * text (a hash set), or 80% of the distinctive words of one of the last
 * RECENT_ACTIONS (restatements are near each other; this bounds the cost on
 * channels with thousands of follow-ups). */
#define SAME_ACTION 0.8
#define RECENT_ACTIONS 64
/* An answer to an ask outside a thread is among the next few messages. */
#define ANSWER_WINDOW_US (20 * 60 * DATETIME_US)
#define ANSWER_MESSAGES 6

/* What one extraction pass shares. */
struct extract {
	struct incident *inc;
	const struct rule_set *rs;
	FILE *explain;		/* borrowed, or NULL */
	const bool *raises;	/* per message: an [action] rule matches somewhere */
	const unsigned char *says;	/* per message: SAYS_* bits */
	struct people people;
	struct incident_replies replies;
	struct strset actions;	/* action texts seen, case folded */
	struct merge_words recent[RECENT_ACTIONS];	/* words of action i at i % RECENT_ACTIONS */
	size_t recent_of[RECENT_ACTIONS];		/* which action each slot holds, +1 */
	struct why *why;	/* owned; one per action */
	size_t why_cap;
	bool *raised;		/* owned; per message: it raised an action */
	bool in_list;		/* reading the items of a list: answers are ambiguous */
	bool has_review;	/* the post-incident review's date is known */
	struct date review;
};

static struct why *why_of(struct extract *x, size_t action)
{
	size_t have = x->why_cap;
	x->why = xgrow(x->why, &x->why_cap, action + 1, sizeof *x->why);
	for (size_t i = have; i < x->why_cap; i++)
		x->why[i] = (struct why){NULL, NULL, NULL, NULL, SIZE_MAX, SIZE_MAX, SIZE_MAX, false};
	return &x->why[action];
}

static const char *msg_id(const struct extract *x, size_t i)
{
	return i == SIZE_MAX ? "-" : x->inc->messages[i].id;
}

/* ---- owners ------------------------------------------------------------ */

/* An [owner] capture: a mention names a participant (or nobody we know);
 * any other capture that names no participant is the author's own word for
 * themselves ("I", "mine", "ich", "moi", "yo", "comigo", "私"). */
static const char *owner_of_capture(const struct extract *x, const struct message *m,
				    const char *s, size_t n)
{
	const char *p = participant_at(&x->people, *s == '@' ? s + 1 : s);
	if (p && n > 1)
		return p;
	if (*s == '@')
		return NULL;
	return m->kind == SOURCE_NOTES ? NULL : m->author;
}

/* Skips list bullets and blanks: "- ", "• ", "2. ", "3) ". */
static const char *skip_bullet(const char *s)
{
	const char *d = s;
	while (*s == ' ' || *s == '\t')
		s++;
	if ((*s == '-' || *s == '*' || *s == '+') && s[1] == ' ')
		return s + 2;
	if (!strncmp(s, "•", 3) || !strncmp(s, "◦", 3) || !strncmp(s, "‣", 3) || !strncmp(s, "–", 3) ||
	    !strncmp(s, "・", 3))
		return s + 3 + (s[3] == ' ');
	for (d = s; isdigit((unsigned char)*d); d++)
		;
	if (d > s && d - s <= 2 && (*d == '.' || *d == ')') && d[1] == ' ')
		return d + 2;
	return s;
}

/* A participant named where the follow-up starts: "Jonas rewrites the
 * migration", "AI Daniel: …", "@Kai RC hardening". */
static const char *owner_at_start(const struct extract *x, const char *seg, size_t *len)
{
	const char *s = skip_bullet(seg), *p;
	for (int word = 0; word < 2 && *s; word++) {
		const char *t = *s == '@' ? s + 1 : s;
		if ((p = participant_at(&x->people, t))) {
			size_t n = strncasecmp(t, p, strlen(p)) == 0 ? strlen(p) : strcspn(p, " ");
			*len = (size_t)(t - seg) + n;
			return p;
		}
		/* only past a marker word such as "AI" or "TODO" */
		if (!rules_find_kind(x->rs, SECTION_ACTION, "marker", s, NULL, &(struct rule_match){0}))
			break;
		while (*s && !isspace((unsigned char)*s))
			s++;
		while (isspace((unsigned char)*s))
			s++;
	}
	return NULL;
}

static const char *find_owner(const struct extract *x, const struct message *m, const char *seg,
			      const char **how)
{
	struct rule_match rm;
	const char *at, *p;
	size_t n;
	if (rules_find_kind(x->rs, SECTION_OWNER, NULL, seg, "owner", &rm) &&
	    (p = owner_of_capture(x, m, seg + rm.start, rm.end - rm.start))) {
		*how = rm.rule->id;
		return p;
	}
	for (at = strchr(seg, '@'); at; at = strchr(at + 1, '@'))
		if ((p = participant_at(&x->people, at + 1))) {
			*how = "a mention";
			return p;
		}
	if ((p = owner_at_start(x, seg, &n))) {
		*how = "named at the start";
		return p;
	}
	return NULL;
}

/* ---- due dates --------------------------------------------------------- */

/* The last date phrase of text that reads as a date, against the date of
 * message m: when a date moves in one message, the later one is agreed.
 * span (optional) gets the byte span of that phrase. */
static bool find_due(const struct extract *x, const struct message *m, const char *text,
		     struct date *due, size_t span[2])
{
	struct rule_match rm, cap;
	struct buf s = {0};
	size_t len = strlen(text), from = 0;
	bool found = false;
	struct date anchor = datetime_local_date(m->time), d;
	while (from < len && rules_next_match(x->rs, SECTION_DUE, text, len, from, &rm)) {
		/* the capture, read from the match on so that lookaheads see the
		 * text after it; if the first rule to match does so further on, the
		 * match alone */
		const char *at = text + rm.start;
		bool got = rules_find_kind(x->rs, SECTION_DUE, NULL, at, "due", &cap) &&
			   cap.start < rm.end - rm.start;
		if (!got) {
			buf_reset(&s);
			buf_add(&s, at, rm.end - rm.start);
			at = buf_str(&s);
			got = rules_find_kind(x->rs, SECTION_DUE, NULL, at, "due", &cap);
		}
		if (got) {
			struct buf c = {0};
			buf_add(&c, at + cap.start, cap.end - cap.start);
			if (parse_due(buf_str(&c), anchor, &d)) {
				*due = d;
				found = true;
				if (span)
					span[0] = rm.start, span[1] = rm.end;
			}
			buf_free(&c);
		}
		from = rm.end > rm.start ? rm.end : rm.start + 1;
	}
	buf_free(&s);
	return found;
}

/* ---- the action's words ------------------------------------------------- */

/* The span of the last [due] phrase in text, a date or not ("next sprint"). */
static bool last_due_phrase(const struct extract *x, const char *text, size_t span[2])
{
	struct rule_match rm;
	size_t len = strlen(text), from = 0;
	bool found = false;
	while (from < len && rules_next_match(x->rs, SECTION_DUE, text, len, from, &rm)) {
		if (rules_find_kind(x->rs, SECTION_DUE, NULL, text + rm.start, NULL, &(struct rule_match){0})) {
			span[0] = rm.start, span[1] = rm.end;
			found = true;
		}
		from = rm.end > rm.start ? rm.end : rm.start + 1;
	}
	return found;
}

static bool ends_with_word(const struct buf *t, const char *w)
{
	size_t n = strlen(w);
	return t->len >= n && strncasecmp(t->data + t->len - n, w, n) == 0 &&
	       (t->len == n || !isalnum((unsigned char)t->data[t->len - n - 1]));
}

/* Trailing separators and the words that introduced a cut date. */
static void trim_tail(struct buf *t)
{
	static const char *const words[] = {"no owner yet", "needs an owner", "need an owner",
					    "owner tbd", "by", "due", "until", "before", "bis", "d'ici", "d’ici",
					    "avant", "pour", "para", "hasta", "até", "for", "on",
					    "um", "à", "le", "el", "am", "zum", NULL};
	bool cut = true;
	while (cut && t->len) {
		unsigned char c = (unsigned char)t->data[t->len - 1];
		cut = false;
		if (strchr(" ,;:.?!-(\t\n", c)) {
			t->data[--t->len] = '\0';
			cut = true;
		} else if (t->len >= 3 && (!strcmp(t->data + t->len - 3, "—") ||
					   !strcmp(t->data + t->len - 3, "–") ||
					   !strcmp(t->data + t->len - 3, "→") ||
					   !strcmp(t->data + t->len - 3, "？") ||
					   !strcmp(t->data + t->len - 3, "。") ||
					   !strcmp(t->data + t->len - 3, "、"))) {
			t->len -= 3;
			t->data[t->len] = '\0';
			cut = true;
		}
		for (int i = 0; !cut && words[i]; i++)
			if (ends_with_word(t, words[i])) {
				t->len -= strlen(words[i]);
				t->data[t->len] = '\0';
				cut = true;
			}
	}
}

/* The commitment itself: the [action] capture without its bullet, the
 * owner's name that leads it ("@Mika to …"), a date phrase at its end, the
 * question mark; first letter capitalised. */
static const char *action_text(struct extract *x, const struct message *m, const char *seg,
			       const struct rule_match *rm)
{
	struct buf t = {0};
	const char *s = seg, *p, *r;
	size_t n, span[2];
	if (rm && rm->end > rm->start)
		buf_add(&t, seg + rm->start, rm->end - rm->start);
	else
		buf_puts(&t, seg);
	if (last_due_phrase(x, buf_str(&t), span)) {
		const char *after = buf_str(&t) + span[1];
		while (*after && strchr(" .,;:!?)", *after))
			after++;
		if (!*after && span[0] > 0) {
			t.len = span[0];
			t.data[t.len] = '\0';
		}
	}
	trim_tail(&t);
	s = skip_bullet(buf_str(&t));
	if ((p = owner_at_start(x, s, &n)) && ((strchr(":,", s[n]) && s[n]) || *s == '@'))
		s += n + (s[n] != '\0');
	else if (p && !strncasecmp(s + n, " to ", 4))
		s += n + 4;
	while (*s == ' ')
		s++;
	if (p && !strncasecmp(s, "to ", 3))
		s += 3;	/* "@Mika to add …" */
	if (!strncasecmp(s, "and ", 4) || !strncasecmp(s, "also ", 5))
		s = strchr(s, ' ') + 1;
	{
		struct buf c = {0};
		buf_puts(&c, s);
		text_trim(&c);
		if (c.len && islower((unsigned char)c.data[0]))
			c.data[0] = (char)toupper((unsigned char)c.data[0]);
		r = incident_strdup(x->inc, buf_str(&c));
		buf_free(&c);
	}
	buf_free(&t);
	return r;
}

/* ---- restatements ------------------------------------------------------- */

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

/* ---- answers: thread replies and the next messages ---------------------- */

/* The messages that may answer message i, in order: the rest of its thread
 * (its replies, or its later siblings), then for a top-level message the
 * next few top-level ones. Calls visit until it returns true. */
static size_t answers(struct extract *x, size_t i,
		      bool (*visit)(struct extract *, size_t i, size_t r, void *), void *ctx)
{
	const struct incident *inc = x->inc;
	const struct message *m = &inc->messages[i];
	size_t head = m->parent != SIZE_MAX ? m->parent : i;
	for (size_t r = x->replies.first[head]; r != SIZE_MAX; r = x->replies.next[r]) {
		if (r <= i)
			continue;
		if (visit(x, i, r, ctx))
			return r;
		if (head != i && x->raises[r])
			break;	/* a later sibling raised the next follow-up */
	}
	if (m->parent != SIZE_MAX)
		return SIZE_MAX;
	for (size_t r = i + 1, seen = 0; r < inc->nmessages && seen < ANSWER_MESSAGES; r++) {
		const struct message *a = &inc->messages[r];
		if (a->parent != SIZE_MAX || a->system || a->kind == SOURCE_NOTES)
			continue;
		if (a->time - m->time > ANSWER_WINDOW_US)
			break;
		seen++;
		if (visit(x, i, r, ctx))
			return r;
		if (x->raises[r])
			break;	/* the next follow-up: answers after it are its own */
	}
	return SIZE_MAX;
}

struct claim {
	struct action *a;
	const char *asked;	/* the person asked, or NULL */
	bool accepted;
};

/* "happy to", "yes, mine", "I've got it": by the person asked, or by anyone
 * but the asker when nobody was. */
static bool accepts(struct extract *x, size_t i, size_t r, void *ctx)
{
	struct claim *c = ctx;
	const struct message *q = &x->inc->messages[i], *m = &x->inc->messages[r];
	struct rule_match rm;
	bool yes;
	if (m->bot || !m->author || (c->asked ? strcmp(m->author, c->asked) != 0
					      : q->author && !strcmp(m->author, q->author)))
		return false;
	if (x->raises[r] && !c->asked)
		return false;	/* raising a follow-up of its own, not answering */
	yes = rules_find_kind(x->rs, SECTION_OWNER, "accept", m->text, NULL, &rm) ||
	      (rules_find_kind(x->rs, SECTION_OWNER, NULL, m->text, "owner", &rm) &&
	       owner_of_capture(x, m, m->text + rm.start, rm.end - rm.start) == m->author);
	c->accepted = yes;
	/* the person asked answered: later messages are not about this ask */
	return yes || (c->asked != NULL && !x->raises[r]);
}

static void link_answer(struct extract *x, size_t i, size_t action, const char *asked)
{
	struct claim c = {&x->inc->actions[action], asked, false};
	size_t r = answers(x, i, accepts, &c);
	struct why *w = why_of(x, action);
	struct date d;
	if (r == SIZE_MAX || !c.accepted)
		return;
	c.a = &x->inc->actions[action];
	if (!c.a->owner) {
		c.a->owner = x->inc->messages[r].author;
		w->owner = "accepted in an answer";
		w->owner_msg = r;
	}
	if (c.a->owner == x->inc->messages[r].author &&
	    find_due(x, &x->inc->messages[r], x->inc->messages[r].text, &d, NULL)) {
		c.a->due = d;
		c.a->has_due = true;
		w->due = "agreed in the answer";
		w->due_msg = r;
	}
}

/* A later reply in the action's thread, by its owner or the one who raised
 * it, that names a date and reports no progress: the date moved. */
static void later_dates(struct extract *x, size_t i, size_t action)
{
	const struct incident *inc = x->inc;
	const struct message *m = &inc->messages[i];
	struct date d;
	if (m->parent != SIZE_MAX)
		return;
	for (size_t r = x->replies.first[i]; r != SIZE_MAX; r = x->replies.next[r]) {
		const struct message *p = &inc->messages[r];
		struct action *a = &x->inc->actions[action];
		if (r <= i || !p->author || x->raised[r] ||
		    (!(a->owner && !strcmp(p->author, a->owner)) && strcmp(p->author, m->author ? m->author : "")) ||
		    (x->says[r] & (SAYS_DONE | SAYS_DROP)) || p->done_mark)
			continue;
		if (find_due(x, p, p->text, &d, NULL)) {
			a->due = d;
			a->has_due = true;
			why_of(x, action)->due = "moved in a later reply";
			why_of(x, action)->due_msg = r;
		}
	}
}

/* ---- raising ------------------------------------------------------------ */

/* Before the incident's end, a claim with no follow-up word and no date is
 * work on the incident itself ("I'll take the match list"). */
static bool during_incident(const struct extract *x, const struct message *m)
{
	const struct incident *inc = x->inc;
	int64_t end;
	if (inc->end.set)
		end = inc->end.time;
	else if (inc->first[PHASE_RESOLVE].set)
		end = inc->first[PHASE_RESOLVE].time;
	else
		return false;
	return m->time < end;
}

static void explain_skip(const struct extract *x, size_t i, const char *seg, const char *why,
			 const char *rule)
{
	if (x->explain)
		fprintf(x->explain, "%s action? \"%.60s\" not taken: %s%s%s\n", x->inc->messages[i].id,
			seg, why, rule ? " rule=" : "", rule ? rule : "");
}

/* "follow-ups for INC-1187, in the thread": a list header whose items are
 * the replies. */
static bool heads_thread_of_actions(const struct extract *x, size_t i, const char *seg)
{
	struct rule_match rm;
	size_t n = 0;
	if (x->in_list || x->inc->messages[i].parent != SIZE_MAX ||
	    !rules_find_kind(x->rs, SECTION_ACTION, "list", seg, NULL, &rm))
		return false;
	for (size_t r = x->replies.first[i]; r != SIZE_MAX && n < 2; r = x->replies.next[r])
		n += x->raises[r];
	return n >= 2;
}

/* True when text says what is to be done: some word of three letters, or
 * any text in a script without spaces, beyond a participant's name. */
static bool has_words(const char *text)
{
	size_t letters = 0;
	for (const char *p = text; *p; p++) {
		if ((unsigned char)*p >= 0xE3)
			return true;	/* kana and kanji */
		letters = isalpha((unsigned char)*p) ? letters + 1 : 0;
		if (letters >= 3)
			return true;
	}
	return false;
}

/* "@Naomi can you?", "お願いできる？": an ask that names no work refers to
 * the suggestion just before it, by someone else. */
static size_t suggestion_before(const struct extract *x, size_t i)
{
	const struct message *m = &x->inc->messages[i];
	for (size_t k = i; k-- > 0;) {
		const struct message *p = &x->inc->messages[k];
		if (m->time - p->time > ANSWER_WINDOW_US)
			break;
		if (p->system || p->bot || p->parent != m->parent)
			continue;
		return p->author && m->author && strcmp(p->author, m->author) ? k : SIZE_MAX;
	}
	return SIZE_MAX;
}

/* "I'll own edge-gw 2.4 → prod" after "TODO: edge-gw 2.4 in prod": a claim
 * of an earlier action nobody owned yet, in its words, takes it. */
#define CLAIMS_ACTION 0.5
static size_t claimed_restatement(struct extract *x, const struct message *m, const char *seg,
				  const char *text)
{
	const char *how;
	size_t from = x->inc->nactions > RECENT_ACTIONS ? x->inc->nactions - RECENT_ACTIONS : 0;
	size_t best = SIZE_MAX;
	double best_s = CLAIMS_ACTION;
	struct merge_words w = {0};
	if (!m->author || find_owner(x, m, seg, &how) != m->author)
		return SIZE_MAX;
	merge_words_split(text, &w);
	for (size_t k = from; k < x->inc->nactions; k++) {
		double s;
		if (x->inc->actions[k].owner || x->inc->actions[k].message == SIZE_MAX)
			continue;
		if ((s = merge_words_similarity(recent_words(x, k), &w)) >= best_s) {
			best_s = s;
			best = k;
		}
	}
	merge_words_free(&w);
	return best;
}

/* Owner, due date and status a restatement adds to what the first lacked. */
static void complete(struct extract *x, size_t action, size_t i, const char *seg)
{
	struct action *a = &x->inc->actions[action];
	const struct message *m = &x->inc->messages[i];
	struct why *w = why_of(x, action);
	const char *how;
	struct date d;
	if (!a->owner && (a->owner = find_owner(x, m, seg, &how)))
		w->owner = how, w->owner_msg = i;
	if (find_due(x, m, seg, &d, NULL) && (!a->has_due || a->message == SIZE_MAX ||
					       i > a->message)) {
		a->due = d;
		a->has_due = true;
		w->due = "restated", w->due_msg = i;
	}
	if (x->explain)
		fprintf(x->explain, "%s action %zu restated: \"%.60s\"\n", m->id, action + 1, seg);
}

/* One candidate follow-up: a segment of message i (the whole text, a list
 * item or a notes row); listed when a list header or a notes phase column
 * already says it is a follow-up. */
static void consider(struct extract *x, size_t i, const char *seg, bool listed)
{
	struct incident *inc = x->inc;
	const struct message *m = &inc->messages[i];
	struct rule_match rm = {0}, veto;
	struct action *a;
	struct why *w;
	const char *text, *how = NULL, *asked = NULL;
	bool hit, marked, new_text;
	size_t prev;
	struct date d;
	size_t same, idx;
	if (rules_find_kind(x->rs, SECTION_ACTION, "not", seg, NULL, &veto)) {
		explain_skip(x, i, seg, "a veto (work on the incident, or the post-mortem's own chores)", veto.rule->id);
		return;
	}
	hit = rules_find_kind(x->rs, SECTION_ACTION, NULL, seg, "text", &rm);
	if (!hit && !listed)
		return;
	if (heads_thread_of_actions(x, i, seg)) {
		explain_skip(x, i, seg, "announces the follow-ups of its thread", NULL);
		return;
	}
	/* a reply in a thread that announces follow-ups is one, whenever the
	 * incident is found to end */
	marked = listed || rules_find_kind(x->rs, SECTION_ACTION, "marker", seg, NULL, &veto) ||
		 (m->parent != SIZE_MAX && !x->in_list &&
		  heads_thread_of_actions(x, m->parent, inc->messages[m->parent].text));
	if (!marked && !find_due(x, m, seg, &d, NULL) && during_incident(x, m)) {
		explain_skip(x, i, seg, "claimed before the all-clear, no follow-up word or date",
			     rm.rule->id);
		return;
	}
	text = action_text(x, m, seg, hit ? &rm : NULL);
	if (!has_words(text) && (prev = suggestion_before(x, i)) != SIZE_MAX)
		text = action_text(x, &inc->messages[prev], inc->messages[prev].text, NULL);
	if (!has_words(text))
		text = action_text(x, m, seg, NULL);
	if (!has_words(text)) {
		explain_skip(x, i, seg, "names no work", rm.rule ? rm.rule->id : NULL);
		return;
	}
	new_text = strset_add(&x->actions, text);
	if ((same = find_same(x, text)) != SIZE_MAX ||
	    (same = claimed_restatement(x, m, seg, text)) != SIZE_MAX) {
		complete(x, same, i, seg);
		return;
	}
	if (!new_text)
		return;
	idx = inc->nactions;
	a = incident_add_action(inc);
	w = why_of(x, idx);
	a->text = text;
	a->source_id = m->id;
	a->message = i;
	x->raised[i] = true;
	w->rule = hit ? rm.rule->id : m->kind == SOURCE_NOTES ? "the notes phase column"
							       : "an item of a follow-up list";
	if ((a->owner = find_owner(x, m, seg, &how))) {
		w->owner = how, w->owner_msg = i;
		if (a->owner != m->author)
			asked = a->owner;
	} else if (listed && m->kind == SOURCE_NOTES && m->note_phase && m->author) {
		/* a row the commander marked Follow-up: its who/owner column
		 * names whose it is */
		a->owner = m->author;
		w->owner = "the notes row's author column", w->owner_msg = i;
	}
	if ((a->has_due = find_due(x, m, seg, &a->due, NULL)))
		w->due = "in the message", w->due_msg = i;
	if (asked || (!a->owner && !x->in_list))
		link_answer(x, i, idx, asked);
	if (!a->has_due && x->has_review &&
	    rules_find_kind(x->rs, SECTION_DUE, "event", seg, NULL, &rm)) {
		a->due = x->review;
		a->has_due = true;
		w->due = "the review's date", w->due_msg = SIZE_MAX;
	}
	later_dates(x, i, idx);
}

/* ---- lists -------------------------------------------------------------- */

static bool is_item(const char *line)
{
	return skip_bullet(line) != line + strspn(line, " \t");
}

/* A message listing follow-ups, one per item (Slack bullets, Teams <ul> and
 * <ol> as the importer writes them): each item is a segment. The header
 * decides whether items need an [action] rule of their own. */
static bool scan_list(struct extract *x, size_t i)
{
	const char *text = x->inc->messages[i].text, *p, *first = NULL;
	struct rule_match rm;
	struct buf header = {0}, item = {0};
	size_t items = 0;
	bool listed;
	for (p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n'))
		if (is_item(p)) {
			items++;
			if (!first)
				first = p;
		}
	if (items < 2)
		return false;
	buf_add(&header, text, (size_t)(first - text));
	listed = rules_find_kind(x->rs, SECTION_ACTION, "list", buf_str(&header), NULL, &rm) ||
		 rules_find_kind(x->rs, SECTION_ACTION, "marker", buf_str(&header), NULL, &rm);
	for (p = first; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		if (!is_item(p))
			continue;
		buf_reset(&item);
		buf_add(&item, skip_bullet(p), strcspn(skip_bullet(p), "\n"));
		x->in_list = true;
		consider(x, i, buf_str(&item), listed);
		x->in_list = false;
	}
	buf_free(&header);
	buf_free(&item);
	return true;
}

static void scan_message(struct extract *x, size_t i)
{
	const struct message *m = &x->inc->messages[i];
	struct rule_match rm;
	if (m->kind == SOURCE_NOTES && m->note_phase &&
	    rules_find_kind(x->rs, SECTION_ACTION, "column", m->note_phase, NULL, &rm)) {
		consider(x, i, m->text, true);
		return;
	}
	if (!scan_list(x, i))
		consider(x, i, m->text, false);
}

/* ---- done and dropped, reported later ------------------------------------ */

/* "#498", "LH-802", "PR 17": a reference a later message may repeat. */
static bool shares_ref(const char *a, const char *b)
{
	for (const char *p = a; *p; p++) {
		const char *q = p;
		size_t n;
		if (*q == '#' && isdigit((unsigned char)q[1]))
			n = 1 + strspn(q + 1, "0123456789");
		else if (isupper((unsigned char)*q) && (p == a || !isalnum((unsigned char)p[-1])) &&
			 (n = strspn(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= 2 && q[n] == '-' &&
			 isdigit((unsigned char)q[n + 1]))
			n += 1 + strspn(q + n + 1, "0123456789");
		else
			continue;
		for (const char *f = strchr(b, *q); f; f = strchr(f + 1, *q))
			if (!strncmp(f, q, n) && !isalnum((unsigned char)f[n]) &&
			    (f == b || !isalnum((unsigned char)f[-1])))
				return true;
		p += n - 1;
	}
	return false;
}

/* How surely message r reports on action k: shared words, a shared ticket
 * reference, said by the owner. */
static double refers(struct extract *x, size_t k, size_t r, const struct merge_words *rw)
{
	const struct action *a = &x->inc->actions[k];
	const struct message *m = &x->inc->messages[r];
	double s = merge_words_similarity(recent_words(x, k), rw);
	if (shares_ref(a->text, m->text) ||
	    (a->message != SIZE_MAX && shares_ref(m->text, x->inc->messages[a->message].text)))
		s += 0.5;
	if (a->owner && m->author && !strcmp(a->owner, m->author))
		s += 0.25;
	return s;
}

/* The action message r reports on: the one raised by its thread's head
 * (the best of them when that message listed several), else the best
 * earlier action that it clearly refers to. */
/* The reports of done and dropped: a reply names an action its thread's
 * head raised (the best of them when it listed several); elsewhere it must
 * clearly name one of the last RECENT_ACTIONS raised before it. Actions are
 * in the order of their messages, after the notes' own. */
struct reports {
	size_t *first_of;	/* owned; per message: its first action, or SIZE_MAX */
	size_t upto;		/* actions raised before the current message */
};

static size_t reported_action(struct extract *x, struct reports *rp, size_t r, bool said)
{
	const struct incident *inc = x->inc;
	const struct message *m = &inc->messages[r];
	size_t head = m->parent, best = SIZE_MAX, from, to;
	double best_s = -1, floor;
	struct merge_words rw = {0};
	while (rp->upto < inc->nactions && inc->actions[rp->upto].message < r)
		rp->upto++;
	if (head != SIZE_MAX) {
		if ((from = rp->first_of[head]) == SIZE_MAX || head >= r)
			return SIZE_MAX;
		for (to = from; to < inc->nactions && inc->actions[to].message == head; to++)
			;
		/* in the thread any report counts, unless the head listed several */
		floor = to - from > 1 ? 0.3 : 0.0;
	} else {
		to = rp->upto;
		from = to > RECENT_ACTIONS ? to - RECENT_ACTIONS : 0;
		floor = said ? 0.5 : 0.75;	/* a bare ✅ must name it more clearly */
	}
	merge_words_split(m->text, &rw);
	for (size_t k = from; k < to; k++) {
		double s;
		if (inc->actions[k].message == SIZE_MAX)
			continue;
		if ((s = refers(x, k, r, &rw)) > best_s) {
			best_s = s;
			best = k;
		}
	}
	merge_words_free(&rw);
	return best != SIZE_MAX && best_s >= floor ? best : SIZE_MAX;
}

static void mark_reports(struct extract *x)
{
	const struct incident *inc = x->inc;
	struct reports rp;
	if (!inc->nactions)
		return;
	rp = (struct reports){xcalloc(inc->nmessages + 1, sizeof *rp.first_of), 0};
	for (size_t i = 0; i < inc->nmessages; i++)
		rp.first_of[i] = SIZE_MAX;
	for (size_t k = inc->nactions; k-- > 0;)
		if (inc->actions[k].message != SIZE_MAX)
			rp.first_of[inc->actions[k].message] = k;
	for (size_t r = 0; r < inc->nmessages; r++) {
		const struct message *m = &inc->messages[r];
		bool drop = x->says[r] & SAYS_DROP, said = drop || (x->says[r] & SAYS_DONE);
		size_t k;
		if (m->system || m->deleted || x->raised[r] || (!said && !m->done_mark) ||
		    (k = reported_action(x, &rp, r, said)) == SIZE_MAX)
			continue;
		why_of(x, k)->dropped = drop;
		inc->actions[k].done = !drop || inc->actions[k].done;
		why_of(x, k)->status = drop ? "dropped" : said ? "reported done" : "a ✅ reaction";
		why_of(x, k)->status_msg = r;
	}
	free(rp.first_of);
	/* a ✅ on the message that raised it, when it raised only that one */
	for (size_t k = 0; k < inc->nactions; k++) {
		struct action *a = &inc->actions[k];
		if (a->message != SIZE_MAX && inc->messages[a->message].done_mark && !a->done &&
		    (k + 1 == inc->nactions || inc->actions[k + 1].message != a->message) &&
		    (k == 0 || inc->actions[k - 1].message != a->message)) {
			a->done = true;
			why_of(x, k)->status = "a ✅ reaction", why_of(x, k)->status_msg = a->message;
		}
	}
}

/* Dropped actions leave the remediation table; --explain still lists them. */
static void remove_dropped(struct extract *x)
{
	struct incident *inc = x->inc;
	size_t kept = 0;
	for (size_t k = 0; k < inc->nactions; k++) {
		if (why_of(x, k)->dropped) {
			if (x->explain)
				fprintf(x->explain, "%s action \"%.60s\" dropped: %s says it will not be done\n",
					inc->actions[k].source_id, inc->actions[k].text,
					msg_id(x, x->why[k].status_msg));
			continue;
		}
		inc->actions[kept] = inc->actions[k];
		x->why[kept++] = x->why[k];
	}
	inc->nactions = kept;
}

static void explain_actions(struct extract *x)
{
	const struct incident *inc = x->inc;
	struct buf due = {0};
	if (!x->explain)
		return;
	for (size_t k = 0; k < inc->nactions; k++) {
		const struct action *a = &inc->actions[k];
		const struct why *w = why_of(x, k);
		buf_reset(&due);
		if (a->has_due)
			date_format(a->due, &due);
		fprintf(x->explain, "%s action %zu \"%.60s\" rule=%s\n", a->source_id, k + 1, a->text,
			w->rule ? w->rule : "the notes action column");
		fprintf(x->explain, "    owner %s (%s %s)\n", a->owner ? a->owner : "needs owner",
			w->owner ? w->owner : a->owner ? "given" : "nobody claimed it", msg_id(x, w->owner_msg));
		fprintf(x->explain, "    due %s (%s %s)\n", a->has_due ? buf_str(&due) : "none",
			w->due ? w->due : a->has_due ? "given" : "no date", msg_id(x, w->due_msg));
		fprintf(x->explain, "    status %s (%s %s)\n", a->done ? "done" : "open",
			w->status ? w->status : a->done ? "given" : "no report", msg_id(x, w->status_msg));
	}
	buf_free(&due);
}

/* "PIR booked for Fri 5/22": the last date given for the review, which
 * "before the PIR" refers to. */
static void find_review(struct extract *x)
{
	struct date d;
	for (size_t i = 0; i < x->inc->nmessages; i++) {
		const struct message *m = &x->inc->messages[i];
		if ((x->says[i] & SAYS_REVIEW) && find_due(x, m, m->text, &d, NULL)) {
			x->review = d;
			x->has_review = true;
		}
	}
}

/* Which messages may raise a follow-up, and what each says: rules run per
 * message, independent of the others, so done on every thread before the
 * ordered extraction. */
struct raisers {
	const struct incident *inc;
	const struct rule_set *rs;
	bool *raises;		/* owned; nmessages entries */
	unsigned char *says;	/* owned; nmessages entries of SAYS_* bits */
	struct parallel_items items;
};

static unsigned char says_of(const struct rule_set *rs, const char *text)
{
	struct rule_match rm;
	return (unsigned char)((rules_find_kind(rs, SECTION_DONE, NULL, text, NULL, &rm) ? SAYS_DONE : 0) |
			       (rules_find_kind(rs, SECTION_DONE, "drop", text, NULL, &rm) ? SAYS_DROP : 0) |
			       (rules_find_kind(rs, SECTION_DUE, "review", text, NULL, &rm) ? SAYS_REVIEW : 0));
}

static void find_some(void *ctx)
{
	struct raisers *r = ctx;
	size_t lo, hi;
	rules_thread_begin();
	while (parallel_items_take(&r->items, &lo, &hi)) {
		for (size_t i = lo; i < hi; i++) {
			const struct message *m = &r->inc->messages[i];
			struct rule_match rm;
			if (m->system || m->deleted)
				continue;
			r->raises[i] = rules_find(r->rs, SECTION_ACTION, m->text, NULL, &rm) ||
				       (m->note_phase && rules_find_kind(r->rs, SECTION_ACTION, "column",
									 m->note_phase, NULL, &rm));
			r->says[i] = says_of(r->rs, m->text);
		}
	}
	rules_thread_end();
}

/* Fills r's arrays, which the caller frees. */
static void find_raisers(struct raisers *r)
{
	r->raises = xcalloc(r->inc->nmessages + 1, sizeof *r->raises);
	r->says = xcalloc(r->inc->nmessages + 1, sizeof *r->says);
	parallel_items_init(&r->items, r->inc->nmessages, 256);
	parallel_run(find_some, r);
}

void actions_extract(struct incident *inc, const struct rule_set *rs, FILE *explain)
{
	struct raisers r = {.inc = inc, .rs = rs};
	struct extract x = {.inc = inc, .rs = rs, .explain = explain, .actions = {.fold = true}};
	find_raisers(&r);
	x.raises = r.raises;
	x.says = r.says;
	x.raised = xcalloc(inc->nmessages + 1, sizeof *x.raised);
	people_init(&x.people, inc);
	incident_replies_init(&x.replies, inc);
	for (size_t i = 0; i < inc->nactions; i++) {
		strset_add(&x.actions, inc->actions[i].text);
		why_of(&x, i)->rule = "the notes action column";
	}
	find_review(&x);
	for (size_t i = 0; i < inc->nmessages; i++)
		if (r.raises[i] && !inc->messages[i].bot)
			scan_message(&x, i);
	mark_reports(&x);
	remove_dropped(&x);
	explain_actions(&x);
	free(r.raises);
	free(r.says);
	free(x.raised);
	free(x.why);
	free(x.actions.slots);
	free(x.people.names);
	for (size_t i = 0; i < RECENT_ACTIONS; i++)
		merge_words_free(&x.recent[i]);
	incident_replies_finish(&x.replies);
}
