/* Unit tests: secret masking keeps link spans exact and counts each kind. */
#include "buf.h"
#include "check.h"
#include "incident.h"
#include "redact.h"
#include "rules.h"

static struct rule_set *rules(void)
{
	struct rule_set *rs = rules_new();
	rules_load_text(rs, "t.rules",
			"[redact]\ntoken case: \\bxoxb-[a-z0-9]+\n"
			"key case: \\bAKIA[A-Z0-9]{4}\\b\n");
	return rs;
}

static struct message *add(struct incident *inc, const char *text)
{
	struct message *m = incident_add_message(inc);
	m->id = "1";
	m->text = incident_strdup(inc, text);
	return m;
}

/* The built-in kinds compile and pass their inline tests. */
static void builtin_kinds(void)
{
	struct rule_set *rs = rules_new();
	size_t total = 0;
	CHECK(rules_load_text(rs, "(built-in secrets)", redact_builtin_rules));
	CHECK_INT(rules_run_tests(rs, &total), 0);
	CHECK(total >= 20);
	rules_free(rs);
}

/* Names, file names, notes columns, the topic and paths are masked too. */
static void every_field(void)
{
	struct rule_set *rs = rules();
	struct incident inc;
	struct message *m;
	incident_init(&inc);
	inc.topic = "war room, bot xoxb-topic1";
	inc.channel = "inc-xoxb-chan1";
	incident_add_source(&inc, "dump-xoxb-path1.json", SOURCE_SLACK);
	m = add(&inc, "hello");
	m->author = incident_intern(&inc, "Ana xoxb-name1");
	m->extra = "ticket: https://x.example/?token=abcdef12";
	m->files = arena_alloc(&inc.arena, sizeof *m->files);
	m->files[0] = (struct file_ref){.name = "keys-xoxb-file1.txt", .type = "text", .poster = "Ana xoxb-name1"};
	m->nfiles = 1;
	m = add(&inc, "again");
	m->author = incident_intern(&inc, "Ana xoxb-name1");
	redact_incident(&inc, rs);
	CHECK_STR(inc.topic, "war room, bot [redacted token]");
	CHECK_STR(inc.channel, "inc-[redacted token]");
	CHECK_STR(inc.sources[0].path, "dump-[redacted token].json");
	CHECK_STR(inc.messages[0].author, "Ana [redacted token]");
	CHECK(inc.messages[1].author == inc.messages[0].author);	/* masked once */
	CHECK_STR(inc.messages[0].extra, "ticket: https://x.example/?[redacted url-token]");
	CHECK_STR(inc.messages[0].files[0].name, "keys-[redacted token].txt");
	CHECK_STR(inc.messages[0].files[0].poster, "Ana [redacted token]");
	incident_finish(&inc);
	rules_free(rs);
}

int main(void)
{
	struct rule_set *rs = rules();
	struct incident inc;
	struct message *m;
	struct buf many = {0};
	incident_init(&inc);
	/* "see docs, token xoxb-abc1 and AKIAABCD then runbook" */
	m = add(&inc, "see docs, token xoxb-abc1 and AKIAABCD then runbook");
	m->links = arena_alloc(&inc.arena, 3 * sizeof *m->links);
	m->links[0] = (struct link){"https://a.example/docs", 4, 4};
	m->links[1] = (struct link){"https://b.example/?t=xoxb-zzz", 16, 9};	/* the token */
	m->links[2] = (struct link){"https://c.example/runbook", 44, 7};
	m->nlinks = 3;
	for (int i = 0; i < 100; i++)
		buf_puts(&many, "xoxb-aa ");
	buf_puts(&many, "end");
	m = add(&inc, buf_str(&many));
	m->links = arena_alloc(&inc.arena, sizeof *m->links);
	m->links[0] = (struct link){"https://d.example/", many.len - 3, 3};
	m->nlinks = 1;
	add(&inc, "nothing secret here");
	redact_incident(&inc, rs);

	m = &inc.messages[0];
	CHECK_STR(m->text, "see docs, token [redacted token] and [redacted key] then runbook");
	CHECK_INT(m->nlinks, 2);
	CHECK_INT(m->links[0].offset, 4);
	CHECK_INT(m->links[1].offset, 57);
	CHECK(strncmp(m->text + m->links[1].offset, "runbook", 7) == 0);
	m = &inc.messages[1];
	CHECK_INT(m->nlinks, 1);
	CHECK(strcmp(m->text + m->links[0].offset, "end") == 0);	/* past 100 masks */
	CHECK_STR(inc.messages[2].text, "nothing secret here");
	CHECK_INT(inc.nredactions, 2);
	CHECK_STR(inc.redactions[0].kind, "token");
	CHECK_INT(inc.redactions[0].count, 101);
	CHECK_STR(inc.redactions[1].kind, "key");
	CHECK_INT(inc.redactions[1].count, 1);
	incident_finish(&inc);
	rules_free(rs);
	buf_free(&many);
	builtin_kinds();
	every_field();
	return check_done("redact");
}
