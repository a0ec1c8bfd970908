/* datetime: the only code that knows about time zones. Times are int64_t
 * microseconds since the Unix epoch (UTC) everywhere in pmdraft. */
#ifndef PMDRAFT_DATETIME_H
#define PMDRAFT_DATETIME_H

#include <stdbool.h>
#include <stdint.h>

struct buf;

#define DATETIME_US 1000000LL

/* A calendar date in the display zone. */
struct date {
	int year, month, day;	/* month 1-12, day 1-31 */
};

/* Selects the IANA zone used for every local time below. Returns false,
 * changing nothing, when the zone is unknown (glibc would silently use UTC). */
bool datetime_set_zone(const char *zone);
const char *datetime_zone(void);

/* Slack "ts": "<seconds>.<up to 6 digits>", read exactly as integers (a double
 * cannot hold 16 significant digits). */
bool parse_slack_ts(const char *s, int64_t *out);
/* ISO 8601 "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|±HH[:]MM]"; without an offset
 * the time is local to the display zone. */
bool parse_iso_time(const char *s, int64_t *out);
/* "YYYY-MM-DD". */
bool parse_date(const char *s, struct date *out);

/* "2026-06-03T02:14:52+02:00" in the display zone, seconds precision. */
void datetime_format_iso(int64_t t, struct buf *out);
/* strftime() in the display zone. */
void datetime_format(int64_t t, const char *fmt, struct buf *out);
struct date datetime_local_date(int64_t t);
/* Days since 1970-01-01 of a calendar date, for date arithmetic. */
long date_to_days(struct date d);
struct date date_from_days(long days);
/* 0 = Sunday ... 6 = Saturday. */
int date_weekday(struct date d);
void date_format(struct date d, struct buf *out);	/* YYYY-MM-DD */



/* A due date as people write it, resolved against anchor (the date of the
 * message): "2026-06-12", "12 Jun", "Jun 12", "12/06" is not read (ambiguous),
 * "today", "tomorrow", "Friday", "by Friday", "next Wednesday", "EOW",
 * "end of next week", "next week", "in 3 days", "in 2 weeks". */
bool parse_due(const char *s, struct date anchor, struct date *out);
#endif
