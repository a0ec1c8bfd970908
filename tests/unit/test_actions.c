/* Unit tests: follow-ups with owners, due dates, done status; one action
 * however often it is raised; claims made in the thread. */
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
	rules_free(rs);
	buf_free(&due);
	return check_done("actions");
}
