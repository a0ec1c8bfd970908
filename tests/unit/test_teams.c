/* Unit tests: the Teams importer on real Graph and export-tool samples and
 * on the INC-3107 fixture; argv[1] is the source root. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "import.h"
#include "incident.h"

static const char *root = ".";

static void load(struct incident *inc, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	CHECK(import_teams.sniff(path));
	CHECK(import_teams.load(inc, path, &(struct import_options){0}));
}

static const struct message *find(const struct incident *inc, const char *id)
{
	size_t i = incident_find(inc, id);
	return i == SIZE_MAX ? NULL : &inc->messages[i];
}

/* A tag ("<p", "</p") or an entity ("&amp;", "&#39;") left in text. */
static bool has_markup(const char *s)
{
	for (; *s; s++) {
		if (*s == '<' && (isalpha((unsigned char)s[1]) ||
				  (s[1] == '/' && isalpha((unsigned char)s[2]))))
			return true;
		if (*s == '&') {
			const char *p = s + 1 + (s[1] == '#');
			while (isalnum((unsigned char)*p))
				p++;
			if (*p == ';' && p > s + 1)
				return true;
		}
	}
	return false;
}

static void check_clean(const struct incident *inc)
{
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (has_markup(m->text))
			fprintf(stderr, "markup left in %s: %s\n", m->id, m->text);
		CHECK(!has_markup(m->text));
		CHECK(m->kind == SOURCE_TEAMS);
		CHECK(m->system || *m->text);
	}
}

/* The counts per file the issue states, read as separate sources. */
static void test_real_samples(void)
{
	struct incident inc;
	const struct message *m;
	incident_init(&inc);
	load(&inc, "fixtures/teams/pnpcore/channel/messages.page1.json");
	load(&inc, "fixtures/teams/pnpcore/channel/messages.page2.json");
	load(&inc, "fixtures/teams/pnpcore/chats/group-chat.page1.json");
	load(&inc, "fixtures/teams/pnpcore/chats/group-chat.page2.json");
	load(&inc, "fixtures/teams/zulip-teams-export/messages_4707a9cc-9fe0-4bc2-980a-cd722ffbff06.json");
	load(&inc, "fixtures/teams/pnpcore/channel/messages.snapshot-mentions.json");
	load(&inc, "fixtures/teams/pnpcore/channel/replies.reference-attachment.json");
	load(&inc, "fixtures/teams/pnpcore/channel/reply.posted-entity.json");
	incident_sort(&inc);
	CHECK_INT(inc.nsources, 8);
	CHECK_INT(inc.sources[0].messages, 16);
	CHECK_INT(inc.sources[1].messages, 3);
	CHECK_INT(inc.sources[2].messages, 20);
	CHECK_INT(inc.sources[3].messages, 7);
	CHECK_INT(inc.sources[4].messages, 3);
	CHECK_INT(inc.sources[5].messages, 20);
	CHECK_INT(inc.sources[6].messages, 1);
	CHECK_INT(inc.sources[7].messages, 1);
	check_clean(&inc);

	CHECK((m = find(&inc, "1651831650372")));
	CHECK_STR(m ? m->text : NULL, "Hello, PnP Rocks!\nThis is a multiple user mention test\n"
		  "Mention 1: @User 1\nMention 2: @User 2");
	CHECK((m = find(&inc, "1633334807174")) && m->system && !m->author);
	CHECK_STR(m ? m->text : NULL, "Channel deleted: Channel test 656852189");
	CHECK((m = find(&inc, "1649409425746")) && m->nlinks == 1);
	CHECK_STR(m ? m->text : NULL, "Unit Test posting a card\nThis is the subtitle\n"
		  "Here is some body text.\nAnd a hyperlink.\nAnd below that is some buttons:");
	CHECK((m = find(&inc, "1665562977580")) && m->nfiles == 1);
	CHECK_STR(m && m->nfiles ? m->files[0].type : NULL, "docx");
	CHECK_STR(m ? m->parent_id : NULL, "1665562916441");
	CHECK((m = find(&inc, "1758810613079")));	/* PascalCase keys */
	CHECK_STR(m ? m->author : NULL, "Will Begon");
	CHECK_STR(m ? m->text : NULL, "hello! this is a channel message\nasdad");
	CHECK((m = find(&inc, "1653046453833")));	/* a single $entity */
	CHECK_STR(m ? m->parent_id : NULL, "1653046438345");
	incident_finish(&inc);
}

/* The same ids in two snapshots (one says systemEventMessage, the other
 * unknownFutureValue) are read once. */
static void test_duplicates(void)
{
	struct incident inc;
	incident_init(&inc);
	load(&inc, "fixtures/teams/pnpcore/chats/meeting-chat.page1.json");
	load(&inc, "fixtures/teams/pnpcore/chats/meeting-chat.page2.json");
	load(&inc, "fixtures/teams/pnpcore/chats/meeting-chat.unknownFutureValue.json");
	incident_sort(&inc);
	CHECK_INT(inc.nmessages, 40);
	CHECK_INT(inc.sources[2].messages, 0);
	CHECK(find(&inc, "1649418504421") && find(&inc, "1649418504421")->system);
	check_clean(&inc);
	incident_finish(&inc);
}

static void test_fixture(void)
{
	struct incident inc;
	const struct message *m;
	incident_init(&inc);
	load(&inc, "fixtures/teams/inc-3107");	/* a folder of page files */
	incident_sort(&inc);
	CHECK_INT(inc.nmessages, 41);
	check_clean(&inc);
	CHECK((m = find(&inc, "1791969272000")) && m->bot && m->nlinks == 1);
	CHECK_STR(m ? m->author : NULL, "Azure Monitor (Workflows)");
	CHECK((m = find(&inc, "1791969611640")) && strstr(m->text, "@Tom\xC3\xA1s Ferreira can you"));
	CHECK((m = find(&inc, "1791974915000")) && strstr(m->text, "AI: @Hannah Becker to roll"));
	CHECK((m = find(&inc, "1791969425090")) && strstr(m->text, "\n```\n2026-10-14T09:16:58Z ERROR"));
	CHECK((m = find(&inc, "1791971413000")) && m->deleted && m->system);
	CHECK_STR(m ? m->text : NULL, "This message was deleted.");
	CHECK((m = find(&inc, "1791971560500")) && m->edited && !m->deleted);
	CHECK((m = find(&inc, "1791974770000")) && m->done_mark);
	CHECK((m = find(&inc, "1791970610450")) && m->parent != SIZE_MAX &&
	      strcmp(inc.messages[m->parent].id, "1791970005333") == 0);
	CHECK((m = find(&inc, "1791970800000")) && m->time == 1791970800000LL * 1000);
	incident_finish(&inc);
}

static const char *run(const char *json, bool *ok, struct incident *inc)
{
	static struct buf sink;
	buf_reset(&sink);
	diag_reset();
	diag_capture(&sink);
	*ok = import_teams_buffer(inc, json, strlen(json), "t.json");
	diag_capture(NULL);
	return buf_str(&sink);
}

static void test_errors(void)
{
	struct incident inc;
	bool ok;
	incident_init(&inc);
	CHECK_STR(run("{\"value\": [\n  {\"id\": \"1\",}\n]}", &ok, &inc),
		  "t.json:2:14: error: invalid JSON: unexpected character\n");
	CHECK(!ok);
	CHECK_STR(run("{\"@odata.context\": \"x\", \"value\": {}}", &ok, &inc),
		  "t.json: value: error: not an array (expected a Microsoft Graph list of chatMessage)\n");
	CHECK(!ok);
	CHECK_STR(run("{\"ok\": true, \"messages\": []}", &ok, &inc),
		  "t.json: error: not a Microsoft Graph response: no \"value\" array and no chatMessage\n");
	CHECK(!ok);
	CHECK_STR(run("[{\"Id\": \"1\", \"CreatedDateTime\": 5, \"Body\": {}},"
		      " {\"Id\": \"2\", \"CreatedDateTime\": \"2026-01-01T00:00:00Z\", \"Body\": \"x\"},"
		      " {\"Id\": \"3\", \"CreatedDateTime\": \"yesterday\", \"MessageType\": \"message\"},"
		      " {\"Id\": \"4\", \"CreatedDateTime\": \"2026-01-01T00:00:00.1234567+01:00\","
		      "  \"Body\": {\"ContentType\": \"text\", \"Content\": \"a <b> &amp;\"},"
		      "  \"From\": {\"User\": {\"DisplayName\": \"Ann\"}}}]", &ok, &inc),
		  "t.json: [0].CreatedDateTime: warning: not a string; message skipped\n"
		  "t.json: [1].Body: warning: not an object; message skipped\n"
		  "t.json: [2].CreatedDateTime: warning: not an ISO 8601 time (\"yesterday\"); message skipped\n");
	CHECK(ok);
	CHECK_INT(inc.nmessages, 1);
	CHECK_STR(inc.messages[0].text, "a <b> &amp;");	/* text bodies as they are */
	CHECK_INT(inc.messages[0].time, 1767222000LL * 1000000 + 123456);
	CHECK_STR(run("{\"value\": [{\"id\": \"9\", \"createdDateTime\": \"2026-01-01T00:00:00Z\","
		      " \"from\": {\"user\": {\"displayName\": \"B\"}},"
		      " \"body\": {\"contentType\": \"html\", \"content\": \"<attachment id=\\\"7\\\"></attachment>yes\"},"
		      " \"attachments\": [{\"id\": \"7\", \"contentType\": \"messageReference\","
		      " \"content\": \"{\\\"messageId\\\":\\\"7\\\",\\\"messagePreview\\\":\\\"old text\\\"}\"}]}]}",
		      &ok, &inc), "");
	CHECK_STR(inc.messages[1].text, "yes");	/* the quote is a link, not repeated */
	CHECK_STR(inc.messages[1].parent_id, "7");
	/* found by mutation: a system event without eventDetail */
	CHECK_STR(run("[{\"Id\": \"8\", \"CreatedDateTime\": \"2026-01-01T00:00:00Z\","
		      " \"MessageType\": \"unknownFutureValue\", \"From\": null}]", &ok, &inc), "");
	CHECK(ok && inc.nmessages == 3 && inc.messages[2].system);
	CHECK_STR(inc.messages[2].text, "System event");
	diag_reset();
	incident_finish(&inc);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		root = argv[1];
	test_real_samples();
	test_duplicates();
	test_fixture();
	test_errors();
	return check_done("teams");
}
