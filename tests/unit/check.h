/* check.h: tiny assertions for unit tests; each failure prints file:line and
 * the test program exits non-zero at the end. */
#ifndef PMDRAFT_CHECK_H
#define PMDRAFT_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                             \
	do {                                                                    \
		check_count++;                                                  \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,   \
				__LINE__, #cond);                               \
			check_failures++;                                       \
		}                                                               \
	} while (0)

#define CHECK_STR(got, want)                                                    \
	do {                                                                    \
		const char *g_ = (got), *w_ = (want);                           \
		check_count++;                                                  \
		if (!g_ || strcmp(g_, w_) != 0) {                               \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n",      \
				__FILE__, __LINE__, g_ ? g_ : "(null)", w_);     \
			check_failures++;                                       \
		}                                                               \
	} while (0)

#define CHECK_INT(got, want)                                                    \
	do {                                                                    \
		long long g_ = (long long)(got), w_ = (long long)(want);        \
		check_count++;                                                  \
		if (g_ != w_) {                                                 \
			fprintf(stderr, "%s:%d: got %lld, want %lld (%s)\n",     \
				__FILE__, __LINE__, g_, w_, #got);               \
			check_failures++;                                       \
		}                                                               \
	} while (0)

static inline int check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
