/* Unit tests: the Slack importer on documents held in memory, every shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "import_slack.h"
#include "incident.h"

static struct incident inc;
static struct buf diags;

/* Imports one document into a fresh incident; returns the load's result. */
static bool load(const char *json)
{
	bool ok;
	incident_finish(&inc);
	incident_init(&inc);
	buf_reset(&diags);
	diag_reset();
	ok = import_slack_buffer(&inc, json, strlen(json), "t.json");
	incident_sort(&inc);
	return ok;
}

static const struct message *msg(const char *id)
{
	size_t i = incident_find(&inc, id);
	return i == SIZE_MAX ? NULL : &inc.messages[i];
}

/* A message that must exist: a missing one fails here rather than crash. */
static const struct message *must(const char *id)
{
	static const struct message none = {.text = "(missing)", .author = "(missing)"};
	const struct message *m = msg(id);
	CHECK(m != NULL);
	return m ? m : &none;
}

static const char *text_of(const char *id)
{
	const struct message *m = msg(id);
	return m ? m->text : NULL;
}

static void test_day_file(void)
{
	CHECK(load("[{\"type\":\"message\",\"user\":\"U1\",\"ts\":\"1782900000.123456\",\"text\":\"b\"},"
		   " {\"type\":\"message\",\"user\":\"U1\",\"ts\":\"1782899999.5\",\"text\":\"a\"}]"));
	CHECK_INT(inc.nmessages, 2);
	CHECK_STR(inc.messages[0].text, "a");
	CHECK_INT(inc.messages[0].time, 1782899999LL * 1000000 + 500000);
	CHECK_INT(inc.messages[1].time, 1782900000LL * 1000000 + 123456);
	CHECK_INT(inc.sources[0].messages, 2);
}

static void test_api_dump(void)
{
	/* newest first, the parent repeated as a replies dump does, names only
	 * from user_profile, mentions resolved through them */
	CHECK(load("{\"ok\":true,\"messages\":["
		   "{\"type\":\"message\",\"user\":\"U2\",\"ts\":\"30.000000\",\"thread_ts\":\"10.000000\",\"text\":\"reply to <@U1>\","
		   " \"user_profile\":{\"real_name\":\"\",\"display_name\":\"bo\"}},"
		   "{\"type\":\"message\",\"user\":\"U1\",\"ts\":\"10.000000\",\"thread_ts\":\"10.000000\",\"text\":\"parent\","
		   " \"user_profile\":{\"real_name\":\"Ada Byron\"}},"
		   "{\"type\":\"message\",\"user\":\"U1\",\"ts\":\"10.000000\",\"text\":\"parent\"}],\"has_more\":false}"));
	CHECK_INT(inc.nmessages, 2);
	CHECK_STR(inc.messages[0].id, "10.000000");
	CHECK_STR(inc.messages[0].author, "Ada Byron");
	CHECK_STR(text_of("30.000000"), "reply to @Ada Byron");
	CHECK_STR(must("30.000000")->author, "bo");
	CHECK_STR(must("30.000000")->parent_id, "10.000000");
	CHECK_INT(must("30.000000")->parent, 0);
	/* slackdump's dump: replies nested in the parent, channel named */
	CHECK(load("{\"channel_id\":\"C1\",\"name\":\"inc-1\",\"messages\":[{\"ts\":\"1.000000\",\"text\":\"p\","
		   "\"slackdump_thread_replies\":[{\"ts\":\"2.000000\",\"thread_ts\":\"1.000000\",\"text\":\"r\"}]}]}"));
	CHECK_INT(inc.nmessages, 2);
	CHECK_STR(inc.channel, "inc-1");
	CHECK_STR(must("2.000000")->parent_id, "1.000000");
	CHECK(!load("{\"ok\":false,\"error\":\"not_authed\"}"));
	CHECK(strstr(buf_str(&diags), "t.json: error: a failed API call (\"not_authed\")"));
}

static void test_single_message(void)
{
	CHECK(load("{\"type\":\"message\",\"user\":\"U1\",\"ts\":\"5.000001\",\"text\":\"<!here> one\"}"));
	CHECK_INT(inc.nmessages, 1);
	CHECK_STR(inc.messages[0].text, "@here one");
	CHECK(!load("{\"something\":1}"));
	CHECK(strstr(buf_str(&diags), "not a Slack day file, API dump or message"));
}

static void test_events(void)
{
	CHECK(load("{\"ok\":true,\"messages\":["
		   "{\"subtype\":\"message_changed\",\"ts\":\"9.000000\",\"message\":{\"ts\":\"1.000000\",\"user\":\"U1\",\"text\":\"new\"}},"
		   "{\"subtype\":\"message_deleted\",\"ts\":\"8.000000\",\"deleted_ts\":\"2.000000\"},"
		   "{\"ts\":\"1.000000\",\"user\":\"U1\",\"text\":\"old\"},"
		   "{\"ts\":\"2.000000\",\"user\":\"U1\",\"text\":\"oops\"}]}"));
	CHECK_INT(inc.nmessages, 3);
	CHECK_STR(text_of("1.000000"), "new");
	CHECK(must("1.000000")->edited);
	CHECK(must("2.000000")->deleted && must("2.000000")->system);
	CHECK(must("8.000000")->system);
	CHECK_STR(text_of("8.000000"), "This message was deleted.");
	CHECK(load("[{\"ts\":\"3.000000\",\"subtype\":\"tombstone\",\"user\":\"USLACKBOT\",\"text\":\"This message was deleted.\"}]"));
	CHECK(inc.messages[0].deleted && inc.messages[0].system);
}

static void test_broadcast(void)
{
	const struct message *kept;
	CHECK(load("[{\"ts\":\"1.000000\",\"thread_ts\":\"1.000000\",\"user\":\"U1\",\"text\":\"parent\"},"
		   "{\"ts\":\"2.000000\",\"thread_ts\":\"1.000000\",\"user\":\"U2\",\"text\":\"rolled back\"},"
		   "{\"ts\":\"2.500000\",\"subtype\":\"thread_broadcast\",\"thread_ts\":\"1.000000\",\"user\":\"U2\","
		   "\"text\":\"rolled back\",\"root\":{\"ts\":\"1.000000\",\"text\":\"parent\"}}]"));
	CHECK_INT(inc.nmessages, 3);
	CHECK_INT(inc.sources[0].messages, 3);
	kept = must("2.000000");
	CHECK(kept && kept->broadcast && !kept->hidden);
	CHECK_INT(kept->nmerged, 1);
	CHECK_STR(kept->merged[0], "2.500000");
	CHECK(must("2.500000")->hidden);
	/* a broadcast with no in-thread copy stays as it is */
	CHECK(load("[{\"ts\":\"2.5\",\"subtype\":\"thread_broadcast\",\"thread_ts\":\"1.0\",\"text\":\"x\"}]"));
	CHECK(!inc.messages[0].hidden && inc.messages[0].nmerged == 0);
}

static void test_files_reactions_pins(void)
{
	const struct message *m;
	CHECK(load("[{\"ts\":\"100.000000\",\"user\":\"U1\",\"subtype\":\"file_share\","
		   "\"text\":\"see <https://files.slack.com/files-pri/T-F/a.csv?t=xoxe-SECRET> and "
		   "<https://files.slack.com/files-pri/T-F/b.csv?t=xoxe-SECRET|b.csv>\","
		   "\"files\":[{\"name\":\"a.csv\",\"filetype\":\"csv\",\"created\":99,\"user\":\"U1\","
		   "\"url_private\":\"https://files.slack.com/files-pri/T-F/a.csv?t=xoxe-SECRET\"}],"
		   "\"file\":{\"title\":\"old.pdf\",\"filetype\":\"pdf\"},"
		   "\"reactions\":[{\"name\":\"eyes\",\"users\":[\"U2\",\"U3\"],\"count\":2},"
		   "{\"name\":\"white_check_mark\",\"users\":[\"U2\"]}],"
		   "\"pinned_to\":[\"C1\"],\"edited\":{\"user\":\"U1\",\"ts\":\"101.000000\"}}]"));
	m = &inc.messages[0];
	CHECK_STR(m->text, "see https://files.slack.com/files-pri/T-F/a.csv and b.csv");
	CHECK_INT(m->nlinks, 0);
	CHECK_INT(m->nfiles, 2);
	CHECK_STR(m->files[0].name, "a.csv");
	CHECK_STR(m->files[0].type, "csv");
	CHECK_STR(m->files[0].poster, "U1");
	CHECK_INT(m->files[0].time, 99 * 1000000LL);
	CHECK_STR(m->files[1].name, "old.pdf");
	CHECK_INT(m->files[1].time, 100 * 1000000LL);
	CHECK_INT(m->nreactions, 2);
	CHECK_STR(m->reactions[0].name, "eyes");
	CHECK_INT(m->reactions[0].count, 2);
	CHECK_INT(m->reactions[1].count, 1);
	CHECK(m->done_mark && m->pinned && m->edited);
}

static void test_bots_and_blocks(void)
{
	CHECK(load("[{\"ts\":\"1.0\",\"subtype\":\"bot_message\",\"bot_id\":\"B1\",\"text\":\"\","
		   "\"bot_profile\":{\"name\":\"Grafana\"},\"attachments\":[{\"fallback\":\"fb\",\"pretext\":\"pre\","
		   "\"title\":\"t &amp; u\",\"fields\":[{\"title\":\"svc\",\"value\":\"api\"}]}]},"
		   "{\"ts\":\"2.0\",\"subtype\":\"bot_message\",\"username\":\"hook\",\"text\":\"fb only\","
		   "\"attachments\":[{\"fallback\":\"fb only\"}]},"
		   "{\"ts\":\"3.0\",\"user\":\"U1\",\"text\":\"\",\"blocks\":[{\"type\":\"rich_text\",\"elements\":["
		   "{\"type\":\"rich_text_section\",\"elements\":[{\"type\":\"text\",\"text\":\"a < b\"},"
		   "{\"type\":\"user\",\"user_id\":\"U9\"},{\"type\":\"text\",\"text\":\"x\",\"style\":{\"code\":true}}]},"
		   "{\"type\":\"rich_text_list\",\"style\":\"ordered\",\"elements\":["
		   "{\"type\":\"rich_text_section\",\"elements\":[{\"type\":\"text\",\"text\":\"one\"}]},"
		   "{\"type\":\"rich_text_section\",\"elements\":[{\"type\":\"link\",\"url\":\"https://e.x/\",\"text\":\"two\"}]}]},"
		   "{\"type\":\"rich_text_preformatted\",\"elements\":[{\"type\":\"text\",\"text\":\"log *line*\"}]},"
		   "{\"type\":\"rich_text_quote\",\"elements\":[{\"type\":\"text\",\"text\":\"q1\\nq2\"}]}]}]},"
		   "{\"ts\":\"4.0\",\"bot_id\":\"B2\",\"text\":\"\",\"blocks\":[{\"type\":\"header\",\"text\":"
		   "{\"type\":\"plain_text\",\"text\":\"Deploy <ok>\"}},{\"type\":\"section\",\"text\":"
		   "{\"type\":\"mrkdwn\",\"text\":\"*done* by <@U9>\"}}]}]"));
	CHECK_STR(text_of("1.0"), "pre\nt & u\nsvc: api");
	CHECK_STR(must("1.0")->author, "Grafana");
	CHECK(must("1.0")->bot);
	CHECK_STR(text_of("2.0"), "fb only");
	CHECK_STR(must("2.0")->author, "hook");
	CHECK_STR(text_of("3.0"), "a < b@U9`x`\n1. one\n2. two\n```\nlog *line*\n```\n> q1\n> q2");
	CHECK_INT(must("3.0")->nlinks, 1);
	CHECK_STR(text_of("4.0"), "Deploy <ok>\ndone by @U9");
	CHECK(must("4.0")->bot);
}

static void test_warnings(void)
{
	CHECK(load("{\"ok\":true,\"messages\":[{\"ts\":\"1.0\",\"text\":\"ok\"},"
		   "{\"ts\":\"2.0\",\"text\":7},{\"ts\":\"3.0\",\"edited\":[]},{\"ts\":4},{\"text\":\"x\"},"
		   "{\"ts\":\"6.0\",\"files\":{}},{\"ts\":\"7.0\",\"user\":null,\"bot_id\":null,\"text\":\"nulls are absent\"}]}"));
	CHECK_INT(inc.nmessages, 2);
	CHECK_STR(buf_str(&diags),
		  "t.json: messages[1].text: warning: not a string; message skipped\n"
		  "t.json: messages[2].edited: warning: not an object; message skipped\n"
		  "t.json: messages[3].ts: warning: not a string; message skipped\n"
		  "t.json: messages[4].ts: warning: missing; message skipped\n"
		  "t.json: messages[5].files: warning: not an array; message skipped\n");
	CHECK_INT(diag_count(DIAG_ERROR), 0);
	CHECK(!load("[{\"ts\":\"1.0\",\n \"text\": }]"));
	CHECK_STR(buf_str(&diags), "t.json:2:10: error: invalid JSON: unexpected character\n");
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static bool load_zip(const char *data, size_t len, const char *channel)
{
	bool ok;
	incident_finish(&inc);
	incident_init(&inc);
	buf_reset(&diags);
	diag_reset();
	ok = import_slack_zip_buffer(&inc, data, len, "x.zip", channel);
	incident_sort(&inc);
	return ok;
}

static void test_zip(void)
{
	const char *src = getenv("PMDRAFT_SRC");
	struct buf path = {0};
	size_t len = 0;
	char *zip;
	buf_printf(&path, "%s/fixtures/slack/inc-2417.zip", src ? src : ".");
	zip = read_file(buf_str(&path), &len);
	CHECK(zip != NULL);
	if (zip) {
		CHECK(load_zip(zip, len, NULL));
		CHECK_INT(inc.nmessages, 118);
		CHECK_STR(inc.channel, "inc-2417-duplicate-invoices");
		CHECK_STR(must("1780454535.457040")->author, "Mika Tanaka");
		CHECK(load_zip(zip, len, "#inc-2417-duplicate-invoices"));
		CHECK(!load_zip(zip, len, "general"));
		CHECK_STR(buf_str(&diags), "x.zip: error: no channel \"general\" in this export "
			  "(channels: inc-2417-duplicate-invoices)\n");
		CHECK(!load_zip(zip, 3000, NULL));
		CHECK(strstr(buf_str(&diags), "x.zip: error: not a readable zip archive"));
	}
	CHECK(!load_zip("[]", 2, NULL));
	free(zip);
	buf_free(&path);
}

int main(void)
{
	incident_init(&inc);
	diag_capture(&diags);
	test_day_file();
	test_api_dump();
	test_single_message();
	test_events();
	test_broadcast();
	test_files_reactions_pins();
	test_bots_and_blocks();
	test_warnings();
	test_zip();
	incident_finish(&inc);
	diag_capture(NULL);
	buf_free(&diags);
	return check_done("slack");
}
