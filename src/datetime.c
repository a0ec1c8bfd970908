/* datetime: parsing and formatting of times; the display zone lives here only. */
#include "datetime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "xalloc.h"

static char *zone_name;

static bool zone_exists(const char *zone)
{
	const char *dir = getenv("TZDIR");
	struct buf path = {0};
	struct stat st;
	bool ok;
	if (strcmp(zone, "UTC") == 0)
		return true;
	if (!*zone || zone[0] == '/' || strstr(zone, "..") || zone[0] == ':')
		return false;
	buf_printf(&path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	ok = stat(buf_str(&path), &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&path);
	return ok;
}

bool datetime_zone_known(const char *zone)
{
	return zone_exists(zone);
}

bool datetime_set_zone(const char *zone)
{
	if (!zone_exists(zone))
		return false;
	free(zone_name);
	zone_name = xstrdup(zone);
	setenv("TZ", zone, 1);
	tzset();
	return true;
}

const char *datetime_zone(void)
{
	return zone_name ? zone_name : "UTC";
}

/* Reads exactly `n` digits. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

bool parse_slack_ts(const char *s, int64_t *out)
{
	int64_t sec = 0, usec = 0;
	int n = 0, frac = 0;
	const char *p = s;
	for (; isdigit((unsigned char)*p); p++, n++) {
		if (n >= 12)
			return false;
		sec = sec * 10 + (*p - '0');
	}
	if (n == 0)
		return false;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, frac++) {
			if (frac >= 6)
				return false;
			usec = usec * 10 + (*p - '0');
		}
		for (int i = frac; i < 6; i++)
			usec *= 10;
	}
	if (*p)
		return false;
	*out = sec * DATETIME_US + usec;
	return true;
}

static bool valid_fields(const struct tm *tm)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 &&
	       tm->tm_mday <= mdays[tm->tm_mon] && tm->tm_hour < 24 &&
	       tm->tm_min < 60 && tm->tm_sec <= 60;
}

static bool parse_offset(const char **p, long *offset, bool *has)
{
	int hh, mm = 0, sign;
	*has = false;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*offset = 0;
		*has = true;
		return true;
	}
	if (**p != '+' && **p != '-')
		return true;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (!digits(p, 2, &hh))
		return false;
	if (**p == ':')
		(*p)++;
	if (isdigit((unsigned char)**p) && !digits(p, 2, &mm))
		return false;
	if (hh > 23 || mm > 59)
		return false;
	*offset = sign * (hh * 3600L + mm * 60L);
	*has = true;
	return true;
}

bool parse_iso_time(const char *s, int64_t *out)
{
	struct tm tm = {0};
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	int64_t usec = 0, scale = 100000;
	long offset = 0;
	bool has_offset;
	time_t t;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' '))
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return false;
	if (*p == ':' && (p++, !digits(&p, 2, &sec)))
		return false;
	if (*p == '.' || *p == ',') {
		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			usec += (*p - '0') * scale;
	}
	if (!parse_offset(&p, &offset, &has_offset) || *p)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	if (!valid_fields(&tm))
		return false;
	t = has_offset ? timegm(&tm) - offset : mktime(&tm);
	*out = (int64_t)t * DATETIME_US + usec;
	return true;
}

bool parse_date(const char *s, struct date *out)
{
	struct tm tm = {0};
	const char *p = s;
	int y, m, d;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &m) ||
	    *p++ != '-' || !digits(&p, 2, &d) || *p)
		return false;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if (!valid_fields(&tm))
		return false;
	out->year = y;
	out->month = m;
	out->day = d;
	return true;
}

/* ---- notes times ------------------------------------------------------ */

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};

static bool valid_date(int y, int m, int d)
{
	struct date in = {y, m, d}, back;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	back = date_from_days(date_to_days(in));
	return back.year == y && back.month == m && back.day == d;
}

/* One or two digits. */
static bool small_number(const char **p, int *out)
{
	int n = 0, v = 0;
	while (n < 2 && isdigit((unsigned char)(*p)[n]))
		v = v * 10 + ((*p)[n++] - '0');
	if (n == 0 || isdigit((unsigned char)(*p)[n]))
		return false;
	*p += n;
	*out = v;
	return true;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/* "HH:MM[:SS[.frac]]", the hour with one or two digits. */
static bool parse_clock(const char **p, struct wall_time *w)
{
	int64_t scale = 100000;
	w->sec = 0;
	w->usec = 0;
	if (!small_number(p, &w->hour) || *(*p)++ != ':' || !digits(p, 2, &w->min))
		return false;
	if (**p == ':' && ((*p)++, !digits(p, 2, &w->sec)))
		return false;
	if ((**p == '.' || **p == ',') && isdigit((unsigned char)(*p)[1]))
		for ((*p)++; isdigit((unsigned char)**p); (*p)++, scale /= 10)
			w->usec += (**p - '0') * scale;
	return w->hour < 24 && w->min < 60 && w->sec <= 60;
}

/* "Jun", "June", "jun." -> 1..12. */
static bool parse_month_name(const char **p, int *out)
{
	const char *s = *p;
	size_t n = 0;
	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 3)
		return false;
	for (int i = 0; i < 12; i++) {
		if (strncasecmp(s, month_names[i], 3) == 0) {
			*p = s + n + (s[n] == '.');
			*out = i + 1;
			return true;
		}
	}
	return false;
}

/* The date forms; ISO also consumes its 'T'. */
static bool parse_wall_date(const char **p, struct wall_time *w)
{
	int a, b;
	if (isdigit((unsigned char)(*p)[0]) && isdigit((unsigned char)(*p)[1]) &&
	    isdigit((unsigned char)(*p)[2]) && isdigit((unsigned char)(*p)[3])) {
		if (!digits(p, 4, &w->year) || *(*p)++ != '-' || !digits(p, 2, &w->month) ||
		    *(*p)++ != '-' || !digits(p, 2, &w->day))
			return false;
		if (**p == 'T' || **p == 't')
			(*p)++;
		return valid_date(w->year, w->month, w->day);
	}
	if (!small_number(p, &a))
		return false;
	if (**p == '.' || **p == '/') {
		char sep = *(*p)++;
		if (!small_number(p, &b) || *(*p)++ != sep || !digits(p, 4, &w->year))
			return false;
		if (sep == '/') {
			w->slashed = true;
			w->first = a;
			w->second = b;
			return wall_time_orders(w) != 0;
		}
		w->day = a;
		w->month = b;
		return valid_date(w->year, w->month, w->day);
	}
	/* "3 Jun 2026", "03-Jun-2026" */
	if (**p == ' ' || **p == '-')
		(*p)++;
	if (!parse_month_name(p, &w->month))
		return false;
	if (**p == ' ' || **p == '-' || **p == ',')
		(*p)++;
	skip_spaces(p);
	w->day = a;
	return digits(p, 4, &w->year) && valid_date(w->year, w->month, w->day);
}

static bool parse_wall_offset(const char **p, struct wall_time *w)
{
	skip_spaces(p);
	if (!strncasecmp(*p, "UTC", 3) || !strncasecmp(*p, "GMT", 3)) {
		*p += 3;
		if (**p != '+' && **p != '-') {
			w->has_offset = true;
			w->offset = 0;
			return true;
		}
	}
	return parse_offset(p, &w->offset, &w->has_offset);
}

bool parse_wall_time(const char *s, struct wall_time *out)
{
	struct wall_time w = {0};
	const char *p = s;
	skip_spaces(&p);
	/* "HH:MM" alone: a colon right after one or two digits */
	w.has_date = !(isdigit((unsigned char)p[0]) &&
		       (p[1] == ':' || (isdigit((unsigned char)p[1]) && p[2] == ':')));
	if (w.has_date) {
		if (!parse_wall_date(&p, &w))
			return false;
		if (*p == ',')
			p++;
		if (p[-1] != 'T' && p[-1] != 't' && p[-1] != ',' && *p != ' ' && *p != '\t')
			return false;
		skip_spaces(&p);
	}
	if (!parse_clock(&p, &w) || !parse_wall_offset(&p, &w))
		return false;
	skip_spaces(&p);
	if (*p)
		return false;
	*out = w;
	return true;
}

bool parse_date_order(const char *s, enum date_order *out)
{
	if (strcasecmp(s, "dmy") == 0)
		*out = DATE_ORDER_DMY;
	else if (strcasecmp(s, "mdy") == 0)
		*out = DATE_ORDER_MDY;
	else
		return false;
	return true;
}

unsigned wall_time_orders(const struct wall_time *w)
{
	unsigned mask = 0;
	if (!w->slashed)
		return 0;
	if (valid_date(w->year, w->second, w->first))
		mask |= 1u << DATE_ORDER_DMY;
	if (valid_date(w->year, w->first, w->second))
		mask |= 1u << DATE_ORDER_MDY;
	return mask;
}

bool wall_time_set_order(struct wall_time *w, enum date_order order)
{
	if (!w->slashed || order == DATE_ORDER_UNKNOWN ||
	    !(wall_time_orders(w) & (1u << order)))
		return false;
	w->day = order == DATE_ORDER_DMY ? w->first : w->second;
	w->month = order == DATE_ORDER_DMY ? w->second : w->first;
	w->slashed = false;
	return true;
}

/* TZ is switched to zone for one conversion, then back to the display zone. */
static void zone_enter(const char *zone)
{
	if (zone) {
		setenv("TZ", zone, 1);
		tzset();
	}
}

static void zone_leave(const char *zone)
{
	if (zone) {
		setenv("TZ", datetime_zone(), 1);
		tzset();
	}
}

static bool same_wall(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_mon == b->tm_mon && a->tm_mday == b->tm_mday &&
	       a->tm_hour == b->tm_hour && a->tm_min == b->tm_min;
}

/* mktime that notices clock changes: the wall time is tried as standard and
 * as summer time, and each result kept if it reads back as that wall time. */
static time_t local_mktime(const struct tm *want, enum dst_fold *fold)
{
	time_t found[2];
	int n = 0;
	for (int dst = 0; dst < 2; dst++) {
		struct tm tm = *want, back;
		time_t t;
		tm.tm_isdst = dst;
		t = mktime(&tm);
		if (localtime_r(&t, &back) && same_wall(&back, want) && (n == 0 || found[0] != t))
			found[n++] = t;
	}
	if (n == 0) {
		struct tm tm = *want;
		tm.tm_isdst = 0;	/* read as standard time: lands after the gap */
		*fold = DST_GAP;
		return mktime(&tm);
	}
	*fold = n == 2 ? DST_AMBIGUOUS : DST_OK;
	return n == 2 && found[1] < found[0] ? found[1] : found[0];
}

bool datetime_from_wall(const struct wall_time *w, const char *zone, int64_t *out,
			enum dst_fold *fold)
{
	struct tm tm = {0};
	time_t t;
	if (!w->has_date || w->slashed)
		return false;
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->month - 1;
	tm.tm_mday = w->day;
	tm.tm_hour = w->hour;
	tm.tm_min = w->min;
	tm.tm_sec = w->sec;
	if (w->has_offset) {
		t = timegm(&tm) - w->offset;
		*fold = DST_OK;
	} else {
		zone_enter(zone);
		t = local_mktime(&tm, fold);
		zone_leave(zone);
	}
	*out = (int64_t)t * DATETIME_US + w->usec;
	return true;
}

struct date datetime_date_in(int64_t t, const char *zone)
{
	struct date d;
	zone_enter(zone);
	d = datetime_local_date(t);
	zone_leave(zone);
	return d;
}

static struct tm local_tm(int64_t t)
{
	struct tm tm;
	time_t sec = (time_t)(t >= 0 ? t / DATETIME_US : (t - DATETIME_US + 1) / DATETIME_US);
	localtime_r(&sec, &tm);
	return tm;
}

void datetime_format_iso(int64_t t, struct buf *out)
{
	struct tm tm = local_tm(t);
	long off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
		   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		   tm.tm_min, tm.tm_sec, sign, off / 3600, off % 3600 / 60);
}

/* fmt comes from pmdraft's own writers, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void datetime_format(int64_t t, const char *fmt, struct buf *out)
{
	struct tm tm = local_tm(t);
	char tmp[256];
	size_t n = strftime(tmp, sizeof tmp, fmt, &tm);
	buf_add(out, tmp, n);
}
#pragma GCC diagnostic pop

struct date datetime_local_date(int64_t t)
{
	struct tm tm = local_tm(t);
	struct date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	return d;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
long date_to_days(struct date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
	struct date d;
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int date_weekday(struct date d)
{
	long days = date_to_days(d);
	return (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
}

void date_format(struct date d, struct buf *out)
{
	buf_printf(out, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* Index of a month or day name at s (three-letter prefix of a word), or -1. */
static int name_index(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

static const char *skip_word(const char *s)
{
	while (isalpha((unsigned char)*s))
		s++;
	while (*s == ' ' || *s == ',' || *s == '.')
		s++;
	return s;
}

/* "12 Jun [2026]" or "Jun 12[th] [2026]": the year defaults to the anchor's,
 * and a date more than 60 days before the anchor means next year. */
static bool day_month(const char *s, struct date anchor, struct date *out)
{
	int day = 0, mon = -1, year = 0;
	char *end;
	if (isdigit((unsigned char)*s)) {
		day = (int)strtol(s, &end, 10);
		s = end;
		while (isalpha((unsigned char)*s) && strchr("stndrh", tolower((unsigned char)*s)))
			s++;
		while (*s == ' ' || *s == '-')
			s++;
		mon = name_index(s, month_names, 12);
		s = skip_word(s);
	} else if ((mon = name_index(s, month_names, 12)) >= 0) {
		s = skip_word(s);
		day = (int)strtol(s, &end, 10);
		if (end == s)
			return false;
		s = end;
		while (isalpha((unsigned char)*s))
			s++;
		while (*s == ' ' || *s == ',')
			s++;
	}
	if (mon < 0 || day < 1 || day > 31)
		return false;
	if (isdigit((unsigned char)*s))
		year = (int)strtol(s, NULL, 10);
	out->year = year >= 2000 && year < 3000 ? year : anchor.year;
	out->month = mon + 1;
	out->day = day;
	if (!year && date_to_days(*out) < date_to_days(anchor) - 60)
		out->year++;
	return true;
}

/* The next given weekday strictly after anchor; "next" adds a week when the
 * day falls in the current week. */
static struct date next_weekday(struct date anchor, int wd, bool next)
{
	long days = date_to_days(anchor);
	int today = date_weekday(anchor);
	int ahead = (wd - today + 7) % 7;
	if (ahead == 0)
		ahead = 7;
	/* "next Friday" said on Monday: Friday of next week */
	if (next && today != 0 && wd > today && wd != 0)
		ahead += 7;
	return date_from_days(days + ahead);
}

static struct date friday_of_week(struct date anchor, int weeks_ahead)
{
	long days = date_to_days(anchor);
	int today = date_weekday(anchor);
	int to_fri = (5 - today + 7) % 7;
	if (today == 6)
		to_fri = 6;
	return date_from_days(days + to_fri + 7L * weeks_ahead);
}

bool parse_due(const char *s, struct date anchor, struct date *out)
{
	bool next = false;
	int wd;
	while (isspace((unsigned char)*s))
		s++;
	if (!strncasecmp(s, "by ", 3) || !strncasecmp(s, "on ", 3) || !strncasecmp(s, "due ", 4))
		s = skip_word(s);
	if (parse_date(s, out))
		return true;
	if (strlen(s) > 10 && s[10] == ' ') {
		char head[11];
		memcpy(head, s, 10);
		head[10] = '\0';
		if (parse_date(head, out))
			return true;
	}
	if (!strncasecmp(s, "today", 5)) {
		*out = anchor;
		return true;
	}
	if (!strncasecmp(s, "tomorrow", 8)) {
		*out = date_from_days(date_to_days(anchor) + 1);
		return true;
	}
	if (!strncasecmp(s, "eow", 3) || !strncasecmp(s, "end of week", 11) ||
	    !strncasecmp(s, "end of the week", 15) || !strncasecmp(s, "this week", 9)) {
		*out = friday_of_week(anchor, 0);
		return true;
	}
	if (!strncasecmp(s, "end of next week", 16) || !strncasecmp(s, "next week", 9)) {
		*out = friday_of_week(anchor, 1);
		return true;
	}
	if (!strncasecmp(s, "in ", 3)) {
		char *end;
		long n = strtol(s + 3, &end, 10);
		const char *unit = end;
		while (*unit == ' ')
			unit++;
		if (end == s + 3 || n < 0 || n > 365)
			return false;
		if (!strncasecmp(unit, "day", 3))
			*out = date_from_days(date_to_days(anchor) + n);
		else if (!strncasecmp(unit, "week", 4))
			*out = date_from_days(date_to_days(anchor) + 7 * n);
		else
			return false;
		return true;
	}
	if (!strncasecmp(s, "next ", 5)) {
		next = true;
		s += 5;
	}
	if (!strncasecmp(s, "this ", 5))
		s += 5;
	if ((wd = name_index(s, day_names, 7)) >= 0 && !isdigit((unsigned char)s[3])) {
		const char *rest = skip_word(s);
		*out = next_weekday(anchor, wd, next);
		if (!strncasecmp(rest, "next week", 9) && !next)
			*out = date_from_days(date_to_days(friday_of_week(anchor, 1)) - (5 - wd));
		return true;
	}
	return day_month(s, anchor, out);
}

void datetime_format_duration(int64_t us, struct buf *out)
{
	long long min = us > 0 ? (long long)(us / DATETIME_US / 60) : 0;
	if (min >= 24 * 60)
		buf_printf(out, "%lldd %lldh %lldm", min / 1440, min % 1440 / 60, min % 60);
	else if (min >= 60)
		buf_printf(out, "%lldh %lldm", min / 60, min % 60);
	else
		buf_printf(out, "%lldm", min);
}
