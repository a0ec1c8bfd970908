/* Unit tests: the model's ordering, de-duplication, threads and text segments. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "incident.h"

static void add(struct incident *inc, const char *id, int64_t t, const char *parent)
{
	struct message *m = incident_add_message(inc);
	m->id = incident_strdup(inc, id);
	m->time = t;
	m->parent_id = incident_strdup(inc, parent);
	m->text = "x";
}

/* A name is stored once, however often it is interned. */
static void test_intern(void)
{
	struct incident inc;
	char name[32];
	const char *first, *again;
	incident_init(&inc);
	CHECK(incident_intern(&inc, NULL) == NULL);
	first = incident_intern(&inc, "Mika Virtanen");
	for (int i = 0; i < 500; i++) {	/* growth keeps earlier names */
		snprintf(name, sizeof name, "person %d", i);
		CHECK_STR(incident_intern(&inc, name), name);
	}
	strcpy(name, "Mika Virtanen");
	again = incident_intern(&inc, name);
	CHECK(again == first);
	CHECK(incident_intern(&inc, "person 7") == incident_intern(&inc, "person 7"));
	CHECK(incident_intern(&inc, "mika virtanen") != first);
	incident_finish(&inc);
}

int main(void)
{
	test_intern();
	struct incident inc;
	struct segment seg;
	struct incident_replies replies;
	size_t pos = 0;
	const char *text = "see `a` then\n```\nlog 1\nlog 2\n```\nend";
	incident_init(&inc);
	incident_add_source(&inc, "a", SOURCE_SLACK);
	add(&inc, "3", 30, "1");
	add(&inc, "1", 10, NULL);
	add(&inc, "2", 20, NULL);
	add(&inc, "1", 10, NULL);	/* the same message from an overlapping file */
	incident_sort(&inc);
	CHECK_INT(inc.nmessages, 3);
	CHECK_STR(inc.messages[0].id, "1");
	CHECK_STR(inc.messages[2].id, "3");
	CHECK_INT(inc.messages[2].parent, 0);
	CHECK_INT(inc.messages[0].parent, SIZE_MAX);
	CHECK_INT(inc.sources[0].messages, 3);
	CHECK_INT(incident_find(&inc, "2"), 1);
	CHECK_INT(incident_find(&inc, "9"), SIZE_MAX);
	incident_finish(&inc);

	/* replies of each message, in index order, without scanning */
	incident_init(&inc);
	incident_add_source(&inc, "a", SOURCE_SLACK);
	add(&inc, "1", 10, NULL);
	add(&inc, "4", 40, "1");
	add(&inc, "2", 20, "1");
	add(&inc, "3", 30, NULL);
	add(&inc, "5", 50, "3");
	incident_sort(&inc);
	incident_replies_init(&replies, &inc);
	CHECK_INT(replies.first[0], 1);		/* "2" */
	CHECK_INT(replies.next[1], 3);		/* then "4" */
	CHECK_INT(replies.next[3], SIZE_MAX);
	CHECK_INT(replies.first[2], 4);		/* "5" under "3" */
	CHECK_INT(replies.next[4], SIZE_MAX);
	CHECK_INT(replies.first[1], SIZE_MAX);
	incident_replies_finish(&replies);
	incident_finish(&inc);

	CHECK(incident_text_next(text, &pos, &seg) && seg.kind == SEG_TEXT && seg.len == 4);
	CHECK(incident_text_next(text, &pos, &seg) && seg.kind == SEG_CODE && text[seg.start] == 'a');
	CHECK(incident_text_next(text, &pos, &seg) && seg.kind == SEG_TEXT);
	CHECK(incident_text_next(text, &pos, &seg) && seg.kind == SEG_BLOCK && seg.len == 11);
	CHECK(incident_text_next(text, &pos, &seg) && seg.kind == SEG_TEXT && seg.len == 3);
	CHECK(!incident_text_next(text, &pos, &seg));
	return check_done("incident");
}
