/* Unit tests: the notes CSV reader (ids by physical line, located errors). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"
#include "diag.h"
#include "import.h"
#include "merge.h"
#include "rules.h"

static struct buf errors;
static char path[] = "/tmp/pmdraft-notes-XXXXXX";

static bool load(struct incident *inc, const char *csv)
{
	struct import_options io = {NULL, NULL, NULL, DATE_ORDER_UNKNOWN, NULL};
	FILE *f = fopen(path, "wb");
	fputs(csv, f);
	fclose(f);
	buf_reset(&errors);
	diag_reset();
	incident_init(inc);
	return import_notes.load(inc, path, &io);
}

static bool load_with(struct incident *inc, const char *csv, size_t len,
		      enum date_order order, const char *notes_tz)
{
	struct import_options io = {NULL, NULL, notes_tz, order, NULL};
	buf_reset(&errors);
	diag_reset();
	incident_init(inc);
	return import_notes_buffer(inc, "notes.csv", csv, len, &io);
}

/* A literal may hold NUL bytes: its size, not strlen, is its length. */
#define LOAD(inc, lit, order, tz) load_with(inc, lit, sizeof lit - 1, order, tz)

static const char *iso(int64_t t)
{
	static struct buf b;
	buf_reset(&b);
	datetime_format_iso(t, &b);
	return buf_str(&b);
}

/* The spreadsheet variants: delimiter, BOM, CRLF, date forms, header names. */
static void test_variants(void)
{
	struct incident inc;
	static const char utf16[] = "\xFF\xFEt\0i\0m\0e\0,\0n\0o\0t\0e\0\n\0"
				    "0\0" "2\0:\0" "1\0" "4\0,\0\xAC\x20\n\0";
	CHECK(LOAD(&inc, "\xEF\xBB\xBFSpalte;Kommentar;time;note;phase\r\n"
			      "x;y;03.06.2026 02:14;\"a; b\";Erkennung\r\n", 0, NULL));
	CHECK_INT(inc.nmessages, 1);
	CHECK_STR(inc.messages[0].id, "notes:2");
	CHECK_STR(inc.messages[0].text, "a; b");
	CHECK_STR(inc.messages[0].extra, "Spalte: x; Kommentar: y");
	CHECK_STR(iso(inc.messages[0].time), "2026-06-03T02:14:00+02:00");
	incident_finish(&inc);

	CHECK(LOAD(&inc, "Timestamp,Event,Owner\n2026-06-03T00:14:52Z,alert,Mika\n", 0, NULL));
	CHECK_STR(iso(inc.messages[0].time), "2026-06-03T02:14:52+02:00");
	CHECK_STR(inc.messages[0].author, "Mika");
	incident_finish(&inc);

	CHECK(LOAD(&inc, "date\ttime\twhat\n3 Jun 2026\t02:14\tx\n", 0, NULL));
	CHECK_STR(iso(inc.messages[0].time), "2026-06-03T02:14:00+02:00");
	incident_finish(&inc);

	/* a time without a date waits for merge_incident */
	CHECK(LOAD(&inc, "time,note\n02:14:05,x\n", 0, NULL));
	CHECK(inc.messages[0].time_of_day);
	CHECK_INT(inc.messages[0].time, (2 * 3600 + 14 * 60 + 5) * DATETIME_US);
	incident_finish(&inc);

	/* UTF-16 (spreadsheet "Unicode text") is converted, the euro sign kept */
	CHECK(load_with(&inc, utf16, sizeof utf16 - 1, 0, NULL));
	CHECK_INT(inc.nmessages, 1);
	CHECK_STR(inc.messages[0].text, "\xE2\x82\xAC");
	incident_finish(&inc);

	/* Windows-1252: a warning where it starts, the rest still read */
	CHECK(LOAD(&inc, "time,note\n2026-06-03 02:14,caf\xE9\n", 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:2:21: warning: not UTF-8") != NULL);
	CHECK_STR(inc.messages[0].text, "caf\xEF\xBF\xBD");
	incident_finish(&inc);

	/* a follow-up row becomes an action; owner is then not the author */
	CHECK(LOAD(&inc, "time,note,author,action,owner,due,status\n"
			 "2026-06-03 05:30,AI raised,Rosa,Add idempotency key,Mika,next Friday,DONE\n",
			 0, NULL));
	CHECK_STR(inc.messages[0].author, "Rosa");
	CHECK_INT(inc.nactions, 1);
	CHECK_STR(inc.actions[0].text, "Add idempotency key");
	CHECK_STR(inc.actions[0].owner, "Mika");
	CHECK(inc.actions[0].has_due && inc.actions[0].due.day == 12);
	CHECK(inc.actions[0].done);
	CHECK_STR(inc.actions[0].source_id, "notes:2");
	incident_finish(&inc);
}

/* NN/NN/YYYY: the order comes from the option, else the file's other rows. */
static void test_dates(void)
{
	struct incident inc;
	const char *csv = "time,note\n03/06/2026 02:14,a\n13/06/2026 02:14,b\n";
	CHECK(load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK_STR(iso(inc.messages[0].time), "2026-06-03T02:14:00+02:00");
	incident_finish(&inc);
	CHECK(!load_with(&inc, csv, strlen(csv), DATE_ORDER_MDY, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:3:1: error: \"13/06/2026 02:14\" is not a date in month/day/year order") != NULL);
	incident_finish(&inc);
	csv = "time,note\n03/06/2026 02:14,a\n06/04/2026 02:14,b\n";
	CHECK(!load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:2:1: error: cannot tell day from month in \"03/06/2026 02:14\"") != NULL);
	incident_finish(&inc);
	CHECK(load_with(&inc, csv, strlen(csv), DATE_ORDER_MDY, NULL));
	CHECK_STR(iso(inc.messages[0].time), "2026-03-06T02:14:00+01:00");
	incident_finish(&inc);
	csv = "time,note\n13/06/2026 02:14,a\n06/13/2026 02:14,b\n";
	CHECK(!load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:3:1: error: \"06/13/2026 02:14\" is month/day but line 2") != NULL);
	incident_finish(&inc);
	/* --notes-tz, and a clock change named by row */
	csv = "time,note\n2026-06-02 20:14,a\n2026-10-25 02:30,b\n";
	CHECK(load_with(&inc, csv, strlen(csv), 0, "America/New_York"));
	CHECK_STR(iso(inc.messages[0].time), "2026-06-03T02:14:00+02:00");
	CHECK(strstr(buf_str(&errors), "notes.csv:2") == NULL);
	incident_finish(&inc);
	CHECK(load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:3:1: warning: \"2026-10-25 02:30\" happens twice in Europe/Amsterdam") != NULL);
	incident_finish(&inc);
}

static void test_errors(void)
{
	struct incident inc;
	const char *csv = "time,note\n2026-06-03 02:14,\"a\"b\n";
	CHECK(!load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:2:21: error:") != NULL);
	incident_finish(&inc);
	csv = "time,note\n2026-06-03 02:14,ok\n\n2026-06-03 02:15,\"never\nclosed\n";
	CHECK(!load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:4:18: error: a quoted field opened here is never closed") != NULL);
	incident_finish(&inc);
	CHECK(!LOAD(&inc, "", 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:1:1: error: empty notes file") != NULL);
	incident_finish(&inc);
	csv = "time,note\n02:14Z,x\n";
	CHECK(!load_with(&inc, csv, strlen(csv), 0, NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:2:1: error: cannot read time \"02:14Z\"") != NULL);
	incident_finish(&inc);
}

static struct message *chat(struct incident *inc, const char *id, const char *when,
			    const char *author, const char *text)
{
	struct message *m = incident_add_message(inc);
	m->id = id;
	m->kind = SOURCE_SLACK;
	m->author = author;
	m->text = text;
	CHECK(parse_iso_time(when, &m->time));
	return m;
}

static const struct message *by_id(const struct incident *inc, const char *id)
{
	size_t i = incident_find(inc, id);
	return i == SIZE_MAX ? NULL : &inc->messages[i];
}

/* HH:MM rows dated from the chat; notes folded into the messages they restate. */
static void test_merge(void)
{
	struct incident inc;
	struct merge_options mo = {NULL};
	const struct message *m;
	const char *csv = "time,note,phase\n"
			  "23:40,disk alert fired on ingest nodes,detect\n"	/* before the chat */
			  "23:58,CoreDNS lost two of three replicas,escalate\n"
			  "00:20,failed over the public API to eu-west,mitigate\n"
			  "00:21,coffee,\n";
	CHECK(load_with(&inc, csv, strlen(csv), 0, NULL));
	chat(&inc, "1.1", "2026-11-18 23:45:10", "Hannah", "disk alert on the ingest nodes, looking");
	chat(&inc, "1.2", "2026-11-18 23:58:30", "Hannah",
	     "CoreDNS has lost 2 of 3 replicas, paging platform");
	chat(&inc, "1.3", "2026-11-19 00:20:40", "Ali", "lunch later? coffee first");
	chat(&inc, "1.4", "2026-11-19 00:23:00", "Ali",
	     "public API failed over to eu-west, dashboards green");
	incident_sort(&inc);
	CHECK(merge_incident(&inc, &mo));
	CHECK_STR(iso(by_id(&inc, "notes:2")->time), "2026-11-18T23:40:00+01:00");
	CHECK_STR(iso(by_id(&inc, "notes:4")->time), "2026-11-19T00:20:00+01:00");
	/* folded: the message keeps id, time and author, takes the note's words */
	m = by_id(&inc, "1.2");
	CHECK_STR(m->text, "CoreDNS lost two of three replicas");
	CHECK_STR(m->note_phase, "escalate");
	CHECK_STR(m->author, "Hannah");
	CHECK_INT(m->nmerged, 1);
	CHECK_STR(m->merged[0], "notes:3");
	CHECK(by_id(&inc, "notes:3")->hidden);
	CHECK_INT(by_id(&inc, "1.4")->nmerged, 1);
	/* same minute, unrelated: both stay */
	CHECK(!by_id(&inc, "notes:5")->hidden);
	CHECK_INT(by_id(&inc, "1.3")->nmerged, 0);
	/* too far apart in time for similar words (5 min 10 s) */
	CHECK(!by_id(&inc, "notes:2")->hidden);
	/* after classification the chat's own words (and figures) come back
	 * after the note's, masked like every other text */
	{
		struct rule_set *rs = rules_new();
		rules_load_default(rs, NULL);
		CHECK_INT(inc.nfolds, 2);
		for (size_t k = 0; k < inc.nfolds; k++)
			if (&inc.messages[inc.folds[k].message] == by_id(&inc, "1.4"))
				inc.folds[k].text = "public API failed over, token xoxb-123456789012-abcdefghijkl";
		merge_show_chat(&inc, rs);
		m = by_id(&inc, "1.2");
		CHECK_STR(m->text, "CoreDNS lost two of three replicas\n"
				   "CoreDNS has lost 2 of 3 replicas, paging platform");
		m = by_id(&inc, "1.4");
		CHECK(strstr(m->text, "xoxb-") == NULL);
		CHECK(strstr(m->text, "[redacted") != NULL);
		rules_free(rs);
	}
	incident_finish(&inc);

	/* notes alone: the first dated row gives the day, rows roll past midnight */
	csv = "time,note\n2026-06-02 23:50,a\n23:55,b\n00:10,c\n";
	CHECK(load_with(&inc, csv, strlen(csv), 0, NULL));
	incident_sort(&inc);
	CHECK(merge_incident(&inc, &mo));
	CHECK_STR(iso(by_id(&inc, "notes:4")->time), "2026-06-03T00:10:00+02:00");
	incident_finish(&inc);
	csv = "time,note\n23:55,b\n";
	CHECK(load_with(&inc, csv, strlen(csv), 0, NULL));
	incident_sort(&inc);
	CHECK(!merge_incident(&inc, &mo));
	CHECK(strstr(buf_str(&errors), "notes.csv:2: error: a time without a date needs") != NULL);
	incident_finish(&inc);

	CHECK(merge_similarity("Dispatch paused as a precaution", "dispatch queue PAUSED, precaution") >= 0.6);
	CHECK(merge_similarity("coffee", "public API failed over") == 0);
	CHECK(merge_quotes("Mika: \"declaring SEV-2 and opening INC-2417\" at 04:42",
			   "Declaring SEV-2 and opening INC-2417."));
	CHECK(!merge_quotes("declaring SEV-2", "Declaring SEV-2 and opening INC-2417."));
}

static bool load_columns(struct incident *inc, const char *csv, const char *columns)
{
	struct import_options io = {NULL, NULL, NULL, DATE_ORDER_UNKNOWN, columns};
	buf_reset(&errors);
	diag_reset();
	incident_init(inc);
	return import_notes_buffer(inc, "notes.csv", csv, strlen(csv), &io);
}

/* Issue 15: header names in other languages, --notes-columns, rows wider
 * than the header, blank and action phases: no row is ever lost. */
static void test_commander_record(void)
{
	struct incident inc;
	static const char *const headers[] = {"Zeit;Notiz;Wer", "Heure;Note;Qui",
					      "Hora;Nota;Qui\xC3\xA9n", "Hora;Nota;Quem"};
	for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
		struct buf csv = {0};
		buf_printf(&csv, "%s\n03.06.2026 02:14;Failover;Sabine\n", headers[i]);
		CHECK(load_columns(&inc, buf_str(&csv), NULL));
		CHECK_INT(inc.nmessages, 1);
		CHECK_STR(inc.messages[0].text, "Failover");
		CHECK_STR(inc.messages[0].author, "Sabine");
		incident_finish(&inc);
		buf_free(&csv);
	}

	CHECK(load_columns(&inc, "Wann;Was genau;Person\n03.06.2026 02:14;Failover;Sabine\n",
			   "time=Wann,note=2,author=person"));
	CHECK_INT(inc.nmessages, 1);
	CHECK_STR(inc.messages[0].text, "Failover");
	CHECK_STR(inc.messages[0].author, "Sabine");
	incident_finish(&inc);
	CHECK(!load_columns(&inc, "Wann;Notiz\n03.06.2026 02:14;x\n", "time=Wen"));
	CHECK(strstr(buf_str(&errors), "notes.csv:1:1: error: --notes-columns names column \"Wen\" "
		     "but the header has 2: \"Wann\", \"Notiz\"") != NULL);
	incident_finish(&inc);
	CHECK(import_notes_columns_valid("time=Wann,note=2,author=Wer"));
	CHECK(!import_notes_columns_valid("when=1"));
	CHECK(!import_notes_columns_valid("time="));
	CHECK(!import_notes_columns_valid("time"));

	/* an unquoted comma: the note gets its text back, the author stays */
	CHECK(load_columns(&inc, "time,note,author\n2026-06-03 04:36,flagged 1,842 drafts, paged,Rosa\n",
			   NULL));
	CHECK(strstr(buf_str(&errors), "notes.csv:2:27: warning: 5 fields but the header has 3") != NULL);
	CHECK_STR(inc.messages[0].text, "flagged 1,842 drafts, paged");
	CHECK_STR(inc.messages[0].author, "Rosa");
	incident_finish(&inc);

	/* an unquoted comma before the phase column: the phase is still read */
	CHECK(load_columns(&inc, "time,note,phase\n2026-06-03 04:00,flagged 1,842 drafts,detect\n", NULL));
	CHECK_STR(inc.messages[0].text, "flagged 1,842 drafts");
	CHECK_STR(inc.messages[0].note_phase, "detect");
	incident_finish(&inc);

	/* a blank phase stays a row; Follow-up, Action and AI are kept for the
	 * actions pass (column.* rules) and are not unknown phases */
	CHECK(load_columns(&inc, "time,phase,note\n2026-06-03 04:30,,recon started\n"
				 "2026-06-03 05:40,Follow-up,idempotency key\n2026-06-03 05:41,AI,drill\n"
				 "2026-06-03 05:42,action,standards\n", NULL));
	CHECK_INT(inc.nmessages, 4);
	CHECK(inc.messages[0].note_phase == NULL);
	CHECK_STR(inc.messages[1].note_phase, "Follow-up");
	CHECK_STR(inc.messages[2].note_phase, "AI");
	CHECK(strstr(buf_str(&errors), "unknown phase") == NULL);
	incident_finish(&inc);
}

int main(void)
{
	struct incident inc;
	int fd = mkstemp(path);
	close(fd);
	diag_capture(&errors);
	datetime_set_zone("Europe/Amsterdam");

	CHECK(load(&inc, "\xEF\xBB\xBFtime,phase,note,author\r\n"
			 "2026-06-03 02:14:52,detect,failover,Rosa\r\n"
			 "\r\n"
			 "2026-06-03 04:42,,\"multi\nline, with \"\"quotes\"\"\",Rosa\r\n"
			 "2026-06-03 05:26,resolve,all clear,\r\n"));
	incident_sort(&inc);
	CHECK_INT(inc.nmessages, 3);
	CHECK_STR(inc.messages[0].id, "notes:2");
	CHECK_INT(inc.messages[0].time, 1780445692000000LL);
	CHECK_STR(inc.messages[0].note_phase, "detect");
	CHECK_STR(inc.messages[1].id, "notes:4");
	CHECK_STR(inc.messages[1].text, "multi\nline, with \"quotes\"");
	CHECK(inc.messages[1].note_phase == NULL);
	CHECK_STR(inc.messages[2].id, "notes:6");
	CHECK(inc.messages[2].author == NULL);
	CHECK_INT(inc.sources[0].messages, 3);
	incident_finish(&inc);

	CHECK(load(&inc, "Timestamp;Event;Who\n03.06.2026 02:14;x;y\n2026-06-03 yesterday;z;y\n") == false);
	CHECK(strstr(buf_str(&errors), ":3:1: error: cannot read time \"2026-06-03 yesterday\"") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "when,what\n2026-06-03 02:14,ok\n2026-06-03 02:15,\"unbalanced\n") == false);
	CHECK(strstr(buf_str(&errors), "error:") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "foo,bar\n1,2\n") == false);
	CHECK(strstr(buf_str(&errors), ":1:1: error: the header has \"foo\", \"bar\"; it needs "
		     "a time column and a note column") != NULL);
	CHECK(strstr(buf_str(&errors), "--notes-columns time=COL,note=COL,author=COL") != NULL);
	incident_finish(&inc);

	CHECK(!LOAD(&inc, "time,note\n2026-06-03 02:14,\0x\n", 0, NULL));
	CHECK(strstr(buf_str(&errors), ":2:18: error: NUL byte: this is UTF-16") != NULL);
	incident_finish(&inc);

	CHECK(load(&inc, "time,note,phase\n2026-06-03 02:14,x,sideways\n"));
	CHECK(strstr(buf_str(&errors), ":2:20: warning: unknown phase \"sideways\"") != NULL);
	incident_finish(&inc);

	test_variants();
	test_dates();
	test_errors();
	test_merge();
	test_commander_record();

	diag_capture(NULL);
	unlink(path);
	if (check_failures)
		fputs(buf_str(&errors), stderr);
	buf_free(&errors);
	return check_done("notes");
}
