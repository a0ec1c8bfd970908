/* suggest: "did you mean" for a mistyped word (an option, a format, a time
 * zone, a rule section): the closest candidate by edit distance, when it is
 * close enough to be what was meant. */
#ifndef PMDRAFT_SUGGEST_H
#define PMDRAFT_SUGGEST_H

#include <stddef.h>

/* The candidate closest to word (case-insensitive edit distance), or NULL
 * when none is within about a third of the word's length. NULL candidates
 * are passed over. */
const char *suggest_word(const char *word, const char *const *candidates, size_t n);

/* The IANA zone closest to zone, from the system tzdata zone.tab (a city
 * alone, "amsterdam", finds "Europe/Amsterdam"); the result is owned by the
 * caller, NULL when nothing is close or tzdata is not installed. */
char *suggest_zone(const char *zone);

#endif
