/* suggest: closest candidate by Levenshtein distance. */
#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Case-insensitive Levenshtein distance, stopping early past limit. */
static size_t distance(const char *a, const char *b, size_t limit)
{
	size_t na = strlen(a), nb = strlen(b), best = 0;
	size_t *row;
	if ((na > nb ? na - nb : nb - na) > limit)
		return limit + 1;
	row = xcalloc(nb + 1, sizeof *row);
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > limit)	/* every path is already too far */
			break;
	}
	best = best > limit ? limit + 1 : row[nb];
	free(row);
	return best;
}

/* Close enough to be a typo rather than another word. */
static size_t limit_for(const char *word)
{
	size_t n = strlen(word) / 3;
	return n < 1 ? 1 : n > 3 ? 3 : n;
}

const char *suggest_word(const char *word, const char *const *candidates, size_t n)
{
	const char *found = NULL;
	size_t limit = limit_for(word), best = limit + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = candidates[i] ? distance(word, candidates[i], limit) : limit + 1;
		if (d < best) {
			best = d;
			found = candidates[i];
		}
	}
	return found;
}

/* The city part of a zone name: "Europe/Amsterdam" -> "Amsterdam". */
static const char *city(const char *zone)
{
	const char *slash = strrchr(zone, '/');
	return slash ? slash + 1 : zone;
}

char *suggest_zone(const char *zone)
{
	/* zone.tab (every zone, unlike zone1970.tab, which folds Europe/Amsterdam
	 * into Europe/Brussels): "CC<TAB>coordinates<TAB>Zone/Name[<TAB>comment]" */
	FILE *f = fopen("/usr/share/zoneinfo/zone.tab", "r");
	char *line = NULL, *found = NULL;
	size_t cap = 0, limit = limit_for(zone), best = limit + 1;
	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		char *name, *end, *save = NULL;
		size_t d;
		if (line[0] == '#' || !strtok_r(line, "\t", &save) || !strtok_r(NULL, "\t", &save))
			continue;
		name = strtok_r(NULL, "\t\n", &save);
		if (!name)
			continue;
		end = name + strcspn(name, " \t\n");
		*end = '\0';
		d = distance(zone, name, limit);
		if (!strchr(zone, '/')) {	/* a city alone */
			size_t dc = distance(zone, city(name), limit);
			if (dc < d)
				d = dc;
		}
		if (d < best) {
			best = d;
			free(found);
			found = xstrdup(name);
		}
	}
	free(line);
	fclose(f);
	return found;
}
