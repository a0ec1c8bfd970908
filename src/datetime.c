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

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};
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
