/* actions: the [action], [owner], [due] and [done] rules applied per message;
 * owners resolved against the people who spoke in the incident. */
#include "actions.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "incident.h"
#include "merge.h"
#include "rules.h"
#include "text.h"

/* The participant whose name (or first name) starts at s; NULL if none. */
static const char *participant_at(const struct incident *inc, const char *s)
{
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < inc->nmessages; i++) {
		const char *a = inc->messages[i].author;
		size_t full, first;
		if (!a || inc->messages[i].bot || inc->messages[i].kind == SOURCE_NOTES)
			continue;
		full = strlen(a);
		first = strcspn(a, " ");
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

static bool is_self(const char *s, size_t n)
{
	return (n == 1 && (*s == 'I' || *s == 'i')) || (n == 2 && !strncasecmp(s, "me", 2)) ||
	       (n == 4 && !strncasecmp(s, "mine", 4)) || (n == 2 && !strncasecmp(s, "I'", 2));
}

static const char *find_owner(const struct incident *inc, const struct rule_set *rs,
			      const struct message *m)
{
	struct rule_match rm;
	const char *at;
	if (rules_find(rs, SECTION_OWNER, m->text, "owner", &rm)) {
		const char *s = m->text + rm.start;
		size_t n = rm.end - rm.start;
		if (is_self(s, n))
			return m->kind == SOURCE_NOTES ? NULL : m->author;
		if (*s == '@')
			s++;
		if ((at = participant_at(inc, s)))
			return at;
	}
	for (at = strchr(m->text, '@'); at; at = strchr(at + 1, '@')) {
		const char *p = participant_at(inc, at + 1);
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
static bool is_done(const struct incident *inc, const struct rule_set *rs, size_t idx)
{
	struct rule_match rm;
	const struct message *m = &inc->messages[idx];
	if (m->done_mark || rules_find(rs, SECTION_DONE, m->text, NULL, &rm))
		return true;
	for (size_t i = idx + 1; i < inc->nmessages; i++) {
		const struct message *r = &inc->messages[i];
		if (r->parent == idx && (r->done_mark || rules_find(rs, SECTION_DONE, r->text, NULL, &rm)))
			return true;
	}
	return false;
}

/* "can someone take X?" answered in the thread by "I've got it, by Friday":
 * the first reply that claims it gives the owner, and the due date if the
 * request had none. */
static void claim_from_replies(const struct incident *inc, const struct rule_set *rs,
			       size_t idx, struct action *a)
{
	for (size_t i = idx + 1; i < inc->nmessages && !a->owner; i++) {
		const struct message *r = &inc->messages[i];
		struct rule_match rm;
		if (r->parent != idx || r->system || r->bot ||
		    !rules_find(rs, SECTION_OWNER, r->text, "owner", &rm) ||
		    !is_self(r->text + rm.start, rm.end - rm.start))
			continue;
		a->owner = r->author;
		if (!a->has_due)
			a->has_due = find_due(rs, r, &a->due);
	}
}

/* Raised twice ("AI: add idempotency keys" early, again in the wrap-up, or
 * a notes action row restating a chat follow-up) is one action. */
#define SAME_ACTION 0.8

static size_t find_same(const struct incident *inc, const char *text)
{
	for (size_t i = 0; i < inc->nactions; i++)
		if (strcasecmp(inc->actions[i].text, text) == 0 ||
		    merge_similarity(inc->actions[i].text, text) >= SAME_ACTION)
			return i;
	return SIZE_MAX;
}

/* A repeat can still add what the first mention lacked. */
static void complete(struct incident *inc, const struct rule_set *rs, size_t action, size_t msg)
{
	struct action *a = &inc->actions[action];
	const struct message *m = &inc->messages[msg];
	if (!a->owner)
		a->owner = find_owner(inc, rs, m);
	if (!a->has_due)
		a->has_due = find_due(rs, m, &a->due);
	if (!a->done)
		a->done = is_done(inc, rs, msg);
}

void actions_extract(struct incident *inc, const struct rule_set *rs)
{
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		struct rule_match rm;
		struct action *a;
		const char *text;
		size_t same;
		if (m->system || m->deleted || !rules_find(rs, SECTION_ACTION, m->text, NULL, &rm))
			continue;
		text = action_text(inc, rs, m);
		if ((same = find_same(inc, text)) != SIZE_MAX) {
			complete(inc, rs, same, i);
			continue;
		}
		a = incident_add_action(inc);
		a->text = text;
		a->owner = find_owner(inc, rs, m);
		a->has_due = find_due(rs, m, &a->due);
		if (!a->owner)
			claim_from_replies(inc, rs, i, a);
		a->done = is_done(inc, rs, i);
		a->source_id = m->id;
		a->message = i;
	}
}
