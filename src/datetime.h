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

/* A time as people write it in a spreadsheet, before a zone (and for
 * "NN/NN/YYYY", a day/month order) is applied. */
struct wall_time {
	bool has_date;		/* false for "HH:MM" alone */
	int year, month, day;	/* valid when has_date and !slashed */
	bool slashed;		/* "NN/NN/YYYY": order still to be decided */
	int first, second;	/* the two numbers of a slashed date, as written */
	int hour, min, sec;
	int64_t usec;
	bool has_offset;
	long offset;		/* seconds east of UTC, when has_offset */
};

enum date_order {
	DATE_ORDER_UNKNOWN,
	DATE_ORDER_DMY,
	DATE_ORDER_MDY,
};

/* How a local time maps onto the zone's clock changes. */
enum dst_fold {
	DST_OK,
	DST_AMBIGUOUS,		/* happens twice (clocks go back): the first is taken */
	DST_GAP,		/* never happens (clocks go forward): pushed past the gap */
};

/* "dmy" or "mdy". */
bool parse_date_order(const char *s, enum date_order *out);
/* Notes times: ISO 8601 with or without offset ("YYYY-MM-DD[T ]HH:MM[:SS]"),
 * "DD.MM.YYYY HH:MM[:SS]", "NN/NN/YYYY HH:MM[:SS]" (slashed), "3 Jun 2026
 * 02:14", and "HH:MM[:SS]" alone; every form may end in Z or an offset. */
bool parse_wall_time(const char *s, struct wall_time *out);
/* The orders a slashed date can be read in: a mask of 1 << DATE_ORDER_*;
 * 0 when it is not a valid date either way. Not slashed: 0. */
unsigned wall_time_orders(const struct wall_time *w);
/* Settles a slashed date in the given order; false if invalid that way. */
bool wall_time_set_order(struct wall_time *w, enum date_order order);
/* A dated wall time as microseconds since the epoch: its own offset, else
 * local to zone (NULL: the display zone). fold says how DST treated it. */
bool datetime_from_wall(const struct wall_time *w, const char *zone, int64_t *out,
			enum dst_fold *fold);
/* The calendar date of t in zone (NULL: the display zone). */
struct date datetime_date_in(int64_t t, const char *zone);
/* True when zone names an installed IANA zone (or is "UTC"). */
bool datetime_zone_known(const char *zone);

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
/* A span for people: "3h 12m", "2d 4h 0m", "41m" (negative as 0m). */
void datetime_format_duration(int64_t us, struct buf *out);



/* A due date as people write it, resolved against anchor (the date of the
 * message): "2026-06-12", "12 Jun", "Jun 12", "12/06" is not read (ambiguous),
 * "today", "tomorrow", "Friday", "by Friday", "next Wednesday", "EOW",
 * "end of next week", "next week", "in 3 days", "in 2 weeks". */
bool parse_due(const char *s, struct date anchor, struct date *out);
#endif
