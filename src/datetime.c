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

/* ---- due dates in the languages the rule packs read --------------------- */

/* Month and weekday words of English, German, French, Spanish, Portuguese:
 * a word names a month when it is the start (3+ letters) of names of that
 * month only ("jui" is juin or juillet: not read). */
static const char *const month_words[12][6] = {
	{"january", "januar", "janvier", "enero", "janeiro", "jänner"},
	{"february", "februar", "février", "febrero", "fevereiro", "fevrier"},
	{"march", "märz", "mars", "marzo", "março", "maerz"},
	{"april", "avril", "abril", NULL},
	{"may", "mai", "mayo", "maio", NULL},
	{"june", "juni", "juin", "junio", "junho", NULL},
	{"july", "juli", "juillet", "julio", "julho", NULL},
	{"august", "août", "agosto", "aout", NULL},
	{"september", "septembre", "septiembre", "setembro", "setiembre", NULL},
	{"october", "oktober", "octobre", "octubre", "outubro", NULL},
	{"november", "novembre", "noviembre", "novembro", NULL},
	{"december", "dezember", "décembre", "diciembre", "dezembro", "decembre"},
};

/* Weekdays, Sunday first; German two-letter forms ("bis Fr") are words of
 * their own, never prefixes. */
static const char *const weekday_words[7][9] = {
	{"sunday", "sonntag", "dimanche", "domingo", "so", "日曜", NULL},
	{"monday", "montag", "lundi", "lunes", "segunda", "mo", "月曜", NULL},
	{"tuesday", "dienstag", "mardi", "martes", "terça", "terca", "di", "火曜", NULL},
	{"wednesday", "mittwoch", "mercredi", "miércoles", "miercoles", "quarta", "mi", "水曜", NULL},
	{"thursday", "donnerstag", "jeudi", "jueves", "quinta", "do", "木曜", NULL},
	{"friday", "freitag", "vendredi", "viernes", "sexta", "fr", "金曜", NULL},
	{"saturday", "samstag", "samedi", "sábado", "sabado", "sa", "土曜", NULL},
};

/* The length of the word at s: ASCII letters, apostrophes and any UTF-8
 * byte (accented letters, kana and kanji alike). */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[n]) || (unsigned char)s[n] >= 0x80)
		n++;
	return n;
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* True when the n bytes at s start word w (3+ bytes), or are all of it. */
static bool word_starts(const char *s, size_t n, const char *w)
{
	return n <= strlen(w) && (n >= 3 || n == strlen(w)) && strncasecmp(s, w, n) == 0;
}

static int month_word(const char *s, size_t n)
{
	int found = -1;
	if (n && s[n - 1] == '.')
		n--;
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 6 && month_words[m][k]; k++)
			if (word_starts(s, n, month_words[m][k])) {
				if (found >= 0 && found != m)
					return -1;
				found = m;
			}
	return found;
}

static int weekday_word(const char *s, size_t n)
{
	for (int d = 0; d < 7; d++)
		for (int k = 0; weekday_words[d][k]; k++) {
			const char *w = weekday_words[d][k];
			size_t wl = strlen(w);
			/* kanji run on into the next word: a prefix is enough */
			if ((unsigned char)*w >= 0x80 ? n >= wl && strncmp(s, w, wl) == 0
			    : wl <= 2 ? word_is(s, n, w) : word_starts(s, n, w))
				return d;
		}
	return -1;
}

/* Words before the date itself: "by", "bis", "d'ici", "hasta el", "até". */
static const char *const lead_words[] = {
	"by", "on", "due", "until", "till", "before", "the", "bis", "zum", "zur", "am", "spätestens",
	"ici", "d’ici", "avant", "pour", "le", "au", "para", "el", "hasta", "antes", "del",
	"até", "ate", "no", "na", "dia", "a", "à", "de", "den", "dem", "kommenden", "this", NULL,
};

static const char *skip_leads(const char *s)
{
	for (;;) {
		size_t n;
		bool lead = false;
		while (*s == ' ' || *s == ',' || *s == ':')
			s++;
		n = word_len(s);
		for (int i = 0; lead_words[i] && !lead; i++)
			lead = n && strlen(lead_words[i]) == n && !strncasecmp(s, lead_words[i], n);
		if (n == 1 && (*s == 'd' || *s == 'D') && (s[1] == '\'' || !strncmp(s + 1, "’", 3)))
			lead = true, n = s[1] == '\'' ? 2 : 4;
		if (!lead)
			return s;
		s += n;
	}
}

static struct date last_of_month(int year, int month)
{
	struct date first = {month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1};
	return date_from_days(date_to_days(first) - 1);
}

/* The month m (0-11) at its next occurrence from anchor: this year, or next
 * when it ended more than 60 days ago. */
static int year_of_month(struct date anchor, int m)
{
	struct date end = last_of_month(anchor.year, m + 1);
	return date_to_days(end) < date_to_days(anchor) - 60 ? anchor.year + 1 : anchor.year;
}

/* How the display zone's people write a day and month with digits only:
 * month first in the United States and Canada and in East Asia ("4/15"). */
static bool zone_month_first(void)
{
	static const char *const mdy[] = {
		"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
		"America/Phoenix", "America/Anchorage", "America/Detroit", "America/Boise",
		"America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
		"America/Halifax", "America/Indiana/", "America/Kentucky/", "America/Juneau",
		"Pacific/Honolulu", "US/", "Asia/Tokyo", "Asia/Seoul", "Asia/Shanghai",
		"Asia/Taipei", "Asia/Hong_Kong", "Japan", NULL,
	};
	const char *z = datetime_zone();
	for (int i = 0; mdy[i]; i++)
		if (!strncmp(z, mdy[i], strlen(mdy[i])))
			return true;
	return false;
}

/* "3/28", "28/3", "15.06.", "4/15/2026": the day and month in the order of the
 * zone's people unless only one order makes a date. */
static bool numeric_date(const char *s, struct date anchor, struct date *out)
{
	char *end;
	long a = strtol(s, &end, 10), b, y = 0;
	char sep = *end;
	bool month_first;
	if (end == s || end - s > 2 || (sep != '/' && sep != '.') || !isdigit((unsigned char)end[1]))
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end - s > 2)
		return false;
	if (*end == sep && isdigit((unsigned char)end[1]))
		y = strtol(end + 1, &end, 10);
	if (isdigit((unsigned char)*end))
		return false;
	if (y > 0 && y < 100)
		y += 2000;	/* "4/15/26" */
	month_first = sep == '/' && zone_month_first();
	if (month_first ? a > 12 && b <= 12 : b > 12 && a <= 12 && sep == '/')
		month_first = !month_first;
	out->year = y >= 2000 && y < 3000 ? (int)y : anchor.year;
	out->month = (int)(month_first ? a : b);
	out->day = (int)(month_first ? b : a);
	if (out->month < 1 || out->month > 12 || out->day < 1 ||
	    out->day > last_of_month(out->year, out->month).day)
		return false;
	if (!y && date_to_days(*out) < date_to_days(anchor) - 60)
		out->year++;
	return true;
}

/* "6月10日", "6月末". */
static bool kanji_date(const char *s, struct date anchor, struct date *out)
{
	char *end;
	long m = strtol(s, &end, 10), d;
	if (end == s || strncmp(end, "月", 3) || m < 1 || m > 12)
		return false;
	s = end + 3;
	out->year = year_of_month(anchor, (int)m - 1);
	out->month = (int)m;
	if (!strncmp(s, "末", 3)) {
		*out = last_of_month(out->year, (int)m);
		return true;
	}
	d = strtol(s, &end, 10);
	if (end == s || d < 1 || d > last_of_month(out->year, (int)m).day)
		return false;
	out->day = (int)d;
	return true;
}

static const char *const next_week_phrases[] = {
	"next week", "nächste woche", "nächster woche", "naechste woche", "kommende woche",
	"ende nächster woche", "ende der nächsten woche", "la semaine prochaine", "semaine prochaine", "la próxima semana", "próxima semana",
	"proxima semana", "la semana que viene", "semana que viene", "semana que vem",
	"a semana que vem", "来週", NULL,
};
static const char *const this_week_phrases[] = {
	"diese woche", "ende der woche", "ende dieser woche", "cette semaine", "fin de semaine",
	"fin de la semaine", "esta semana", "fin de semana", "final de semana", "final da semana",
	"essa semana", "esta semana", "今週", NULL,
};
static const char *const tomorrow_phrases[] = {
	"tmrw", "tmr", "tomorow", "morgen", "demain", "mañana", "amanhã", "amanha", "明日", "あした", NULL,
};
static const char *const today_phrases[] = {
	"heute", "aujourd'hui", "aujourd’hui", "hoy", "hoje", "今日", "本日", NULL,
};
/* "fin octobre", "Ende Oktober", "finales de octubre", "end of October". */
static const char *const end_words[] = {
	"end of", "ende", "fin", "fin de", "finales de", "final de", "fim de", "final do", "fim do",
	"finde", NULL,
};
static const char *const mid_words[] = {
	"mid", "mid-", "mitte", "mi-", "mediados de", "meados de", "meio de", NULL,
};
static const char *const month_end_phrases[] = {
	"end of month", "end of the month", "monatsende", "ende des monats", "fin du mois",
	"fin de mes", "fin del mes", "final do mês", "final del mes", "fim do mês", "月末", NULL,
};

static const char *phrase_at(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);
		unsigned char last = (unsigned char)list[i][n - 1];
		if (!strncasecmp(s, list[i], n) &&
		    (!isalnum(last) || !isalpha((unsigned char)s[n])))
			return s + n;
	}
	return NULL;
}

/* A month named at s (after an "end"/"mid" word): its 0-11 index or -1. */
static int month_after(const char **s)
{
	size_t n;
	int m;
	while (**s == ' ' || **s == '-')
		(*s)++;
	n = word_len(*s);
	m = month_word(*s, n + ((*s)[n] == '.'));
	if (m >= 0)
		*s += n;
	return m;
}

static bool relative_words(const char *s, struct date anchor, struct date *out)
{
	const char *rest;
	int m;
	if (phrase_at(s, next_week_phrases))
		*out = friday_of_week(anchor, 1);
	else if (phrase_at(s, this_week_phrases))
		*out = friday_of_week(anchor, 0);
	else if (phrase_at(s, tomorrow_phrases))
		*out = date_from_days(date_to_days(anchor) + 1);
	else if (phrase_at(s, today_phrases))
		*out = anchor;
	else if (phrase_at(s, month_end_phrases))
		*out = last_of_month(anchor.year, anchor.month);
	else if ((rest = phrase_at(s, end_words)) && (m = month_after(&rest)) >= 0)
		*out = last_of_month(year_of_month(anchor, m), m + 1);
	else if ((rest = phrase_at(s, mid_words)) && (m = month_after(&rest)) >= 0)
		*out = (struct date){year_of_month(anchor, m), m + 1, 15};
	else
		return false;
	return true;
}

/* "in 3 Tagen", "dans 2 semaines", "en 10 días", "em 2 semanas". */
static bool in_units(const char *s, struct date anchor, struct date *out)
{
	static const char *const ins[] = {"in ", "innerhalb von ", "dans ", "en ", "em ", NULL};
	static const char *const days[] = {"day", "tag", "jour", "día", "dia", NULL};
	static const char *const weeks[] = {"week", "woche", "semaine", "semana", NULL};
	const char *p = phrase_at(s, ins);
	char *end;
	long n;
	if (!p)
		return false;
	n = strtol(p, &end, 10);
	if (end == p || n < 0 || n > 365)
		return false;
	while (*end == ' ')
		end++;
	for (int i = 0; days[i]; i++)
		if (!strncasecmp(end, days[i], strlen(days[i]))) {
			*out = date_from_days(date_to_days(anchor) + n);
			return true;
		}
	for (int i = 0; weeks[i]; i++)
		if (!strncasecmp(end, weeks[i], strlen(weeks[i]))) {
			*out = date_from_days(date_to_days(anchor) + 7 * n);
			return true;
		}
	return false;
}

/* "Friday the 13th", "vendredi 13": the day of the month decides, at its
 * next occurrence from anchor. */
static bool weekday_day(const char *rest, struct date anchor, struct date *out)
{
	char *end;
	long day;
	while (*rest == ' ' || *rest == ',')
		rest++;
	if (!strncasecmp(rest, "the ", 4))
		rest += 4;
	day = strtol(rest, &end, 10);
	if (end == rest || day < 1 || day > 31)
		return false;
	if (!strncasecmp(end, "st", 2) || !strncasecmp(end, "nd", 2) || !strncasecmp(end, "rd", 2) ||
	    !strncasecmp(end, "th", 2))
		end += 2;
	if (isalnum((unsigned char)*end) || *end == ':' || *end == '/' || *end == '.')
		return false;	/* "Fri 11am", "Fri 14:00": a time, not a day */
	for (int k = 0; k < 3; k++) {
		int month = anchor.month + k, year = anchor.year;
		if (month > 12)
			month -= 12, year++;
		struct date d = {year, month, (int)day};
		if (day <= last_of_month(year, month).day && date_to_days(d) >= date_to_days(anchor)) {
			*out = d;
			return true;
		}
	}
	return false;
}

/* "Freitag", "vendredi prochain", "el próximo viernes", "nächsten Freitag",
 * "金曜". */
static bool weekday_phrase(const char *s, struct date anchor, struct date *out)
{
	static const char *const nexts[] = {"nächsten ", "nächster ", "naechsten ", "próximo ",
					    "proximo ", "próxima ", "proxima ", "next ", NULL};
	static const char *const next_after[] = {" prochain", " que vem", " que viene", NULL};
	const char *p = phrase_at(s, nexts);
	bool next = p != NULL;
	size_t n;
	int wd;
	s = p ? skip_leads(p) : s;
	n = word_len(s);
	if ((wd = weekday_word(s, n)) < 0)
		return false;
	if (s[n] == '.')
		n++;
	next = next || phrase_at(s + n, next_after);
	if (!weekday_day(s + n, anchor, out))
		*out = next_weekday(anchor, wd, next);
	return true;
}

/* "10 juin", "10. Juni", "10 de junio", "le 1er octobre", "juin 10". */
static bool day_month_words(const char *s, struct date anchor, struct date *out)
{
	char *end;
	long day = strtol(s, &end, 10), year = 0;
	size_t n;
	int m;
	if (end == s || day < 1 || day > 31)
		return false;
	s = end;
	if (!strncmp(s, "er", 2) || !strncmp(s, "º", 2))
		s += 2;
	while (*s == '.' || *s == ' ')
		s++;
	if (!strncasecmp(s, "de ", 3))
		s += 3;
	n = word_len(s);
	if ((m = month_word(s, n + (s[n] == '.'))) < 0)
		return false;
	s += n;
	while (*s == '.' || *s == ' ' || *s == ',')
		s++;
	if (!strncasecmp(s, "de ", 3))
		s += 3;
	if (isdigit((unsigned char)*s))
		year = strtol(s, NULL, 10);
	out->year = year >= 2000 && year < 3000 ? (int)year : anchor.year;
	out->month = m + 1;
	out->day = (int)day;
	if (day > last_of_month(out->year, out->month).day)
		return false;
	if (!year && date_to_days(*out) < date_to_days(anchor) - 60)
		out->year++;
	return true;
}

/* Every form parse_due reads beyond the English ones. */
static bool due_words(const char *s, struct date anchor, struct date *out)
{
	s = skip_leads(s);
	return relative_words(s, anchor, out) || in_units(s, anchor, out) ||
	       weekday_phrase(s, anchor, out) || kanji_date(s, anchor, out) ||
	       day_month_words(s, anchor, out) || numeric_date(s, anchor, out) ||
	       (isdigit((unsigned char)*s) && strpbrk(s, "snrt") && weekday_day(s, anchor, out));
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
	if (relative_words(skip_leads(s), anchor, out))
		return true;
	if (!strncasecmp(s, "eow", 3) || !strncasecmp(s, "end of week", 11) ||
	    !strncasecmp(s, "end of the week", 15) || !strncasecmp(s, "this week", 9)) {
		*out = friday_of_week(anchor, 0);
		return true;
	}
	if (!strncasecmp(s, "end of next week", 16) || !strncasecmp(s, "next week", 9)) {
		*out = friday_of_week(anchor, 1);
		return true;
	}
	if (in_units(s, anchor, out))
		return true;
	if (!strncasecmp(s, "next ", 5)) {
		next = true;
		s += 5;
	}
	if (!strncasecmp(s, "this ", 5))
		s += 5;
	if ((wd = name_index(s, day_names, 7)) >= 0 && !isdigit((unsigned char)s[3])) {
		const char *rest = skip_word(s);
		if (weekday_day(rest, anchor, out))
			return true;
		*out = next_weekday(anchor, wd, next);
		if (!strncasecmp(rest, "next week", 9) && !next)
			*out = date_from_days(date_to_days(friday_of_week(anchor, 1)) - (5 - wd));
		return true;
	}
	return day_month(s, anchor, out) || due_words(s, anchor, out);
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
