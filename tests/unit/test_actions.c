/* Unit tests: follow-ups with owners, due dates, done status; one action
 * however often it is raised; claims made in the thread. */
#include <string.h>

#include "actions.h"
#include "buf.h"
#include "check.h"
#include "datetime.h"
#include "incident.h"
#include "rules.h"

static size_t add(struct incident *inc, const char *id, const char *author, int64_t day_s,
		  const char *parent, const char *text)
{
	struct message *m = incident_add_message(inc);
	m->id = incident_strdup(inc, id);
	m->author = incident_strdup(inc, author);
	m->time = day_s * DATETIME_US;
	m->parent_id = incident_strdup(inc, parent);
	m->text = incident_strdup(inc, text);
	return inc->nmessages - 1;
}

static const char *due_of(const struct action *a)
{
	static struct buf b;
	buf_reset(&b);
	if (!a->has_due)
		return "-";
	date_format(a->due, &b);
	return buf_str(&b);
}

static const struct action *find_action(const struct incident *inc, const char *word)
{
	for (size_t i = 0; i < inc->nactions; i++)
		if (strstr(inc->actions[i].text, word))
			return &inc->actions[i];
	return NULL;
}

/* A conversation after the all-clear: asks answered in threads and by the
 * next message of the person asked, a list of follow-ups in one message,
 * reports of done and of dropped work, and a task claimed during the
 * incident that is no follow-up. */
static void test_conversation(struct rule_set *rs)
{
	struct incident inc;
	const int64_t wed = 1780445692;	/* Wed 3 Jun 2026, 02:14:52 +02:00 */
	const struct action *a;
	size_t n;
	incident_init(&inc);
	incident_add_source(&inc, "chat", SOURCE_SLACK);
	add(&inc, "1", "Rosa Okafor", wed, NULL, "I'll take the match list");
	add(&inc, "2", "Sanne de Wit", wed + 3600, NULL,
	    "would you be up for a failover drill in staging, 3 Jul?");
	add(&inc, "3", "Jonas Lindqvist", wed + 3660, "2", "happy to. 10 Jul works better");
	add(&inc, "4", "Rosa Okafor", wed + 3720, NULL,
	    "@Ana Silva can you send the customer summary by Thursday?");
	add(&inc, "5", "Ana Silva", wed + 3780, NULL, "sure, will do");
	add(&inc, "6", "Rosa Okafor", wed + 3840, NULL,
	    "Follow-ups from the call:\n- @Kai Brandt RC hardening for real, next sprint\n"
	    "- @Mika Tanaka idempotency key on invoice writes, by 12 Jun");
	add(&inc, "7", "Mika Tanaka", wed + 3900, NULL, "thanks");
	add(&inc, "8", "Kai Brandt", wed + 3960, NULL, "ok");
	add(&inc, "9", "Rosa Okafor", wed + 4020, NULL,
	    "someone should set up alert silences for planned failovers, no owner yet");
	add(&inc, "10", "Rosa Okafor", wed + 4080, NULL,
	    "TODO: move the recon job off the primary");
	add(&inc, "11", "Rosa Okafor", wed + 86400, "10", "not doing this, the recon job is retired");
	add(&inc, "12", "Mika Tanaka", wed + 86400 * 5, NULL,
	    "idempotency key on invoice writes is merged (#498) ✅");
	incident_sort(&inc);
	inc.end.set = true;	/* the all-clear came between 1 and 2 */
	inc.end.time = (wed + 60) * DATETIME_US;
	actions_extract(&inc, rs, NULL);

	CHECK(find_action(&inc, "match list") == NULL);	/* work on the incident */
	CHECK(find_action(&inc, "recon job") == NULL);	/* dropped */
	a = find_action(&inc, "failover drill");
	CHECK(a && a->owner && !strcmp(a->owner, "Jonas Lindqvist"));
	CHECK_STR(a ? due_of(a) : "", "2026-07-10");	/* the last agreed date */
	a = find_action(&inc, "customer summary");
	CHECK(a && a->owner && !strcmp(a->owner, "Ana Silva"));
	CHECK_STR(a ? due_of(a) : "", "2026-06-04");
	CHECK(a && !strstr(a->text, "can you") && !strstr(a->text, "?") &&
	      !strstr(a->text, "Thursday"));
	a = find_action(&inc, "RC hardening");
	CHECK(a && a->owner && !strcmp(a->owner, "Kai Brandt"));
	CHECK_STR(a ? due_of(a) : "", "-");	/* a sprint is no date */
	a = find_action(&inc, "Idempotency key");
	CHECK(a && a->owner && !strcmp(a->owner, "Mika Tanaka"));
	CHECK_STR(a ? due_of(a) : "", "2026-06-12");
	CHECK(a && a->done);	/* reported merged later, outside the thread */
	a = find_action(&inc, "alert silences");
	CHECK(a && a->owner == NULL);	/* needs owner */
	n = inc.nactions;
	CHECK_INT(n, 5);
	incident_finish(&inc);
}

int main(void)
{
	struct rule_set *rs = rules_new();
	struct incident inc;
	const int64_t wed = 1780445692;	/* Wed 3 Jun 2026, 02:14:52 +02:00 */
	struct buf due = {0};
	datetime_set_zone("Europe/Amsterdam");
	CHECK(rules_load_default(rs, NULL));
	incident_init(&inc);
	incident_add_source(&inc, "chat", SOURCE_SLACK);
	add(&inc, "1", "Rosa Okafor", wed, NULL,
	    "AI: @Mika Tanaka to add idempotency key (run_id, order_ref) to invoice writes, due 12 Jun");
	add(&inc, "2", "Mika Tanaka", wed + 60, NULL, "thanks, on it");
	add(&inc, "3", "Rosa Okafor", wed + 120, NULL,
	    "can someone take the dashboard cleanup for the recon alerts?");
	add(&inc, "4", "Jonas Lindqvist", wed + 180, "3", "I've got it, by Friday");
	add(&inc, "5", "Rosa Okafor", wed + 240, NULL,
	    "action item: add idempotency key (run_id, order_ref) to invoice writes");
	add(&inc, "6", "Sanne de Wit", wed + 300, NULL, "TODO: failure drill with a forced failover in staging");
	add(&inc, "7", "Sanne de Wit", wed + 86400 * 6, "6", "done, drill ran clean");
	incident_sort(&inc);
	actions_extract(&inc, rs, NULL);

	CHECK_INT(inc.nactions, 3);	/* the idempotency key was raised twice */
	CHECK_STR(inc.actions[0].owner, "Mika Tanaka");
	CHECK(inc.actions[0].has_due);
	date_format(inc.actions[0].due, &due);
	CHECK_STR(buf_str(&due), "2026-06-12");
	CHECK(!inc.actions[0].done);
	CHECK_STR(inc.actions[0].source_id, "1");

	CHECK_STR(inc.actions[1].owner, "Jonas Lindqvist");	/* claimed in the thread */
	CHECK(inc.actions[1].has_due);
	buf_reset(&due);
	date_format(inc.actions[1].due, &due);
	CHECK_STR(buf_str(&due), "2026-06-05");	/* Friday of that week */

	CHECK(inc.actions[2].owner == NULL);	/* nobody took it: a visible gap */
	CHECK(!inc.actions[2].has_due);
	CHECK(inc.actions[2].done);	/* "done" in its thread */

	incident_finish(&inc);
	test_conversation(rs);
	rules_free(rs);
	buf_free(&due);
	return check_done("actions");
}
