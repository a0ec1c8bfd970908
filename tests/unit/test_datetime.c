/* Unit tests: datetime (Slack ts, ISO 8601, zones, due dates). */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"

static const char *iso(int64_t t)
{
	static struct buf b;
	buf_reset(&b);
	datetime_format_iso(t, &b);
	return buf_str(&b);
}

static void test_slack_ts(void)
{
	int64_t t = 0;
	CHECK(parse_slack_ts("1780445692.000200", &t));
	CHECK_INT(t, 1780445692000200LL);
	CHECK(parse_slack_ts("1452845865.8", &t));
	CHECK_INT(t, 1452845865800000LL);
	CHECK(parse_slack_ts("1452845865", &t));
	CHECK_INT(t, 1452845865000000LL);
	t = 7;
	CHECK(!parse_slack_ts("", &t));
	CHECK(!parse_slack_ts("abc", &t));
	CHECK(!parse_slack_ts("1.1234567", &t));
	CHECK(!parse_slack_ts("12.5x", &t));
	CHECK(!parse_slack_ts("1e9", &t));
	CHECK_INT(t, 7);	/* nothing written on failure */
	/* ordering that a double would tie: 16 significant digits */
	{
		int64_t a, b;
		parse_slack_ts("1780445692.000201", &a);
		parse_slack_ts("1780445692.000202", &b);
		CHECK(a < b);
	}
}

static void test_zones(void)
{
	int64_t t;
	CHECK(!datetime_set_zone("Mars/Olympus_Mons"));
	CHECK(!datetime_set_zone("../etc/passwd"));
	CHECK(datetime_set_zone("Europe/Amsterdam"));
	CHECK_STR(datetime_zone(), "Europe/Amsterdam");
	CHECK_STR(iso(1780445692000200LL), "2026-06-03T02:14:52+02:00");
	CHECK(parse_iso_time("2026-06-03 02:14:52", &t));	/* local */
	CHECK_INT(t, 1780445692000000LL);
	CHECK(parse_iso_time("2026-06-03T00:14:52Z", &t));
	CHECK_INT(t, 1780445692000000LL);
	CHECK(parse_iso_time("2026-06-03T05:44:52.5+05:30", &t));
	CHECK_INT(t, 1780445692500000LL);
	CHECK(parse_iso_time("2026-06-03T00:14:52.4200000Z", &t));
	CHECK_INT(t, 1780445692420000LL);
	CHECK(parse_iso_time("2026-06-03 02:14", &t));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(!parse_iso_time("2026-02-30 10:00", &t));
	CHECK(!parse_iso_time("2026-06-03 25:00", &t));
	CHECK(!parse_iso_time("yesterday-ish", &t));
	CHECK(!parse_iso_time("2026-06-03 02:14 extra", &t));
	CHECK(datetime_set_zone("UTC"));
	CHECK_STR(iso(1780445692000200LL), "2026-06-03T00:14:52+00:00");
	CHECK(datetime_set_zone("America/New_York"));
	CHECK_STR(iso(1780445692000200LL), "2026-06-02T20:14:52-04:00");
}

static const char *due(const char *s, const char *anchor)
{
	static struct buf b;
	struct date a, d;
	buf_reset(&b);
	if (!parse_date(anchor, &a) || !parse_due(s, a, &d))
		return "(none)";
	date_format(d, &b);
	return buf_str(&b);
}

static void test_due(void)
{
	struct date d = {2026, 6, 3};
	CHECK_INT(date_weekday(d), 3);	/* Wednesday */
	CHECK_INT(date_to_days((struct date){1970, 1, 1}), 0);
	d = date_from_days(date_to_days((struct date){2024, 2, 28}) + 1);
	CHECK_INT(d.day, 29);
	CHECK_STR(due("2026-06-12", "2026-06-03"), "2026-06-12");
	CHECK_STR(due("12 Jun", "2026-06-03"), "2026-06-12");
	CHECK_STR(due("Jun 12th", "2026-06-03"), "2026-06-12");
	CHECK_STR(due("10 Jul 2026", "2026-06-03"), "2026-07-10");
	CHECK_STR(due("3 Jan", "2026-12-20"), "2027-01-03");
	CHECK_STR(due("tomorrow", "2026-06-03"), "2026-06-04");
	CHECK_STR(due("by Friday", "2026-06-03"), "2026-06-05");
	CHECK_STR(due("Friday", "2026-06-05"), "2026-06-12");
	CHECK_STR(due("next Wednesday", "2026-06-03"), "2026-06-10");
	CHECK_STR(due("Thursday next week", "2026-06-03"), "2026-06-11");
	CHECK_STR(due("EOW", "2026-06-03"), "2026-06-05");
	CHECK_STR(due("end of next week", "2026-06-03"), "2026-06-12");
	CHECK_STR(due("in 2 weeks", "2026-06-03"), "2026-06-17");
	CHECK_STR(due("in 3 days", "2026-06-03"), "2026-06-06");
	CHECK_STR(due("someday", "2026-06-03"), "(none)");
}

/* The date phrases of the language packs, and digit dates in the order the
 * display zone's people write them. Anchor: Wednesday 2026-06-03. */
static void test_due_languages(void)
{
	const char *wed = "2026-06-03";
	CHECK(datetime_set_zone("Europe/Berlin"));
	CHECK_STR(due("bis Freitag", wed), "2026-06-05");
	CHECK_STR(due("bis Fr", wed), "2026-06-05");
	CHECK_STR(due("nächste Woche", wed), "2026-06-12");
	CHECK_STR(due("Ende nächster Woche", wed), "2026-06-12");
	CHECK_STR(due("10. Juni", wed), "2026-06-10");
	CHECK_STR(due("26.6.", wed), "2026-06-26");
	CHECK_STR(due("20.11.2026", wed), "2026-11-20");
	CHECK_STR(due("in 3 Tagen", wed), "2026-06-06");
	CHECK_STR(due("d'ici fin octobre", wed), "2026-10-31");
	CHECK_STR(due("d’ici vendredi", wed), "2026-06-05");
	CHECK_STR(due("vendredi prochain", wed), "2026-06-12");
	CHECK_STR(due("le 1er juillet", wed), "2026-07-01");
	CHECK_STR(due("mi-juillet", wed), "2026-07-15");
	CHECK_STR(due("la semana que viene", wed), "2026-06-12");
	CHECK_STR(due("el próximo lunes", wed), "2026-06-08");
	CHECK_STR(due("10 de junio", wed), "2026-06-10");
	CHECK_STR(due("finales de julio", wed), "2026-07-31");
	CHECK_STR(due("até sexta-feira", wed), "2026-06-05");
	CHECK_STR(due("semana que vem", wed), "2026-06-12");
	CHECK_STR(due("金曜まで", wed), "2026-06-05");
	CHECK_STR(due("6月10日", wed), "2026-06-10");
	CHECK_STR(due("来週", wed), "2026-06-12");
	CHECK_STR(due("月末", wed), "2026-06-30");
	CHECK_STR(due("end of October", wed), "2026-10-31");
	CHECK_STR(due("by the 27th", wed), "2026-06-27");
	CHECK_STR(due("Friday the 12th", wed), "2026-06-12");
	CHECK_STR(due("Fri 11am", wed), "2026-06-05");
	CHECK_STR(due("tmrw", wed), "2026-06-04");
	CHECK_STR(due("next sprint", wed), "(none)");
	CHECK_STR(due("jui", wed), "(none)");	/* juin or juillet */
	/* digits: day first in Europe unless only month first makes a date */
	CHECK_STR(due("6/10", wed), "2026-10-06");
	CHECK_STR(due("3/28", "2026-03-20"), "2026-03-28");
	CHECK(datetime_set_zone("America/New_York"));
	CHECK_STR(due("6/10", wed), "2026-06-10");
	CHECK_STR(due("28/3", "2026-03-20"), "2026-03-28");
	CHECK_STR(due("4/15/26", "2026-04-10"), "2026-04-15");
	CHECK(datetime_set_zone("Asia/Tokyo"));
	CHECK_STR(due("4/15", "2026-04-14"), "2026-04-15");
	CHECK(!datetime_set_zone("Nowhere/Else"));
	CHECK(datetime_set_zone("UTC"));
}

/* Reads a notes time and converts it in zone (NULL: display zone). */
static bool wall(const char *s, const char *zone, int64_t *t, enum dst_fold *fold)
{
	struct wall_time w;
	return parse_wall_time(s, &w) && datetime_from_wall(&w, zone, t, fold);
}

static void test_wall_time(void)
{
	struct wall_time w;
	enum dst_fold fold;
	enum date_order order;
	int64_t t = 0;
	CHECK(datetime_set_zone("Europe/Amsterdam"));
	/* 1780445640 = 2026-06-03 02:14 CEST */
	CHECK(wall("2026-06-03 02:14", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(fold == DST_OK);
	CHECK(wall("2026-06-03T02:14:00+02:00", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(wall("03.06.2026 02:14", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(wall("3.6.2026 02:14:00", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(wall("3 Jun 2026 02:14", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(wall("03-June-2026, 2:14", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK(wall(" 2026-06-03 00:14 UTC ", NULL, &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	/* another zone than the display zone, which stays as it was */
	CHECK(wall("2026-06-02 20:14", "America/New_York", &t, &fold));
	CHECK_INT(t, 1780445640000000LL);
	CHECK_STR(iso(t), "2026-06-03T02:14:00+02:00");

	/* HH:MM alone has no date: it cannot be converted yet */
	CHECK(parse_wall_time("02:14", &w) && !w.has_date && w.hour == 2 && w.min == 14);
	CHECK(parse_wall_time("2:14:09", &w) && !w.has_date && w.sec == 9);
	CHECK(!datetime_from_wall(&w, NULL, &t, &fold));

	/* NN/NN/YYYY: the order is decided by the caller */
	CHECK(parse_wall_time("03/06/2026 02:14", &w) && w.slashed);
	CHECK_INT(wall_time_orders(&w), (1u << DATE_ORDER_DMY) | (1u << DATE_ORDER_MDY));
	CHECK(!datetime_from_wall(&w, NULL, &t, &fold));
	CHECK(wall_time_set_order(&w, DATE_ORDER_DMY) && w.day == 3 && w.month == 6);
	CHECK(parse_wall_time("13/06/2026 02:14", &w));
	CHECK_INT(wall_time_orders(&w), 1u << DATE_ORDER_DMY);
	CHECK(!wall_time_set_order(&w, DATE_ORDER_MDY));
	CHECK(parse_wall_time("06/13/2026 02:14", &w));
	CHECK_INT(wall_time_orders(&w), 1u << DATE_ORDER_MDY);
	CHECK(parse_date_order("MDY", &order) && order == DATE_ORDER_MDY);
	CHECK(!parse_date_order("ymd", &order));

	/* clock changes in Amsterdam: 29 Mar 2026 02:30 never happens, 25 Oct
	 * 2026 02:30 happens twice (the first, still summer time, is taken) */
	CHECK(wall("2026-03-29 02:30", NULL, &t, &fold));
	CHECK(fold == DST_GAP);
	CHECK_STR(iso(t), "2026-03-29T03:30:00+02:00");
	CHECK(wall("2026-10-25 02:30", NULL, &t, &fold));
	CHECK(fold == DST_AMBIGUOUS);
	CHECK_STR(iso(t), "2026-10-25T02:30:00+02:00");
	CHECK(wall("2026-10-25 02:30+01:00", NULL, &t, &fold));
	CHECK(fold == DST_OK);
	CHECK_STR(iso(t), "2026-10-25T02:30:00+01:00");

	t = 7;
	w.hour = 99;
	CHECK(!parse_wall_time("yesterday-ish", &w));
	CHECK(!parse_wall_time("2026-06-03 yesterday-ish", &w));
	CHECK(!parse_wall_time("31.02.2026 10:00", &w));
	CHECK(!parse_wall_time("29.02.2026 10:00", &w));	/* not a leap year */
	CHECK(parse_wall_time("29.02.2028 10:00", &w));
	CHECK(!parse_wall_time("13/13/2026 10:00", &w));
	CHECK(!parse_wall_time("03.06.2026", &w));	/* a date needs a time */
	CHECK(!parse_wall_time("24:00", &w));
	CHECK(!parse_wall_time("2026-06-0302:14", &w));
	CHECK(!parse_wall_time("3 Ju 2026 02:14", &w));
	CHECK(!parse_wall_time("", &w));
	CHECK_INT(t, 7);
	CHECK(datetime_zone_known("UTC") && !datetime_zone_known("Nowhere/Land"));
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	test_slack_ts();
	test_zones();
	test_due();
	test_due_languages();
	test_wall_time();
	return check_done("datetime");
}
