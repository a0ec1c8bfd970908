/* facts: what a reader sees first — the title, whether the incident is
 * closed, what detected it and when it is reviewed — decided once from the
 * classified incident so every writer shows the same header. */
#ifndef PMDRAFT_FACTS_H
#define PMDRAFT_FACTS_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct incident;
struct rule_set;

/* After classify_incident: sets inc->title (replacing any earlier guess),
 * inc->closed, inc->detected_by and inc->review. A title comes from the
 * declaration ("Declaring SEV-2 — storage cluster down", "INC-88: login
 * outage"), an incident bot's title, the channel topic when it names the
 * incident, or an incident channel's name ("inc-2417-duplicate-invoices");
 * never from a link, a status fragment or the all-clear. */
void facts_derive(struct incident *inc, const struct rule_set *rs);

/* s[0..len) as a title in out (reset first): ids, severities, emoji
 * shortcodes and @mentions (inc's authors' full names, else one word)
 * removed, dangling separators trimmed. False, out empty, when what is
 * left is not a title: a link, fewer than two words, or nothing. */
bool facts_clean_title(const struct incident *inc, const char *s, size_t len,
		       struct buf *out);

/* The date expression after a review keyword in s ("Post-mortem review
 * scheduled for 9 Jun, 14:00. Draft..." gives "9 Jun, 14:00"), into out
 * (reset first); false when s names no review date. */
bool facts_review_date(const char *s, struct buf *out);

#endif
