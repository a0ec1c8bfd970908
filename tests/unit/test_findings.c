/* Unit tests: the header facts (title, CLOSED, detected by, review date),
 * emoji shortcodes, and figures that survive a folded note. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"
#include "facts.h"
#include "findings.h"
#include "incident.h"
#include "rules.h"
#include "text.h"

static struct message *add(struct incident *inc, const char *id, const char *author,
			   enum phase phase, const char *text)
{
	struct message *m = incident_add_message(inc);
	m->id = incident_strdup(inc, id);
	m->author = incident_strdup(inc, author);
	m->time = (1780445692 + 60 * (int64_t)inc->nmessages) * DATETIME_US;
	m->text = incident_strdup(inc, text);
	m->key = phase != PHASE_COUNT;
	m->phase = m->key ? phase : PHASE_DETECT;
	return m;
}

static const char *title(const struct incident *inc, const char *s)
{
	static struct buf b;
	return facts_clean_title(inc, s, strlen(s), &b) ? buf_str(&b) : "(none)";
}

static const char *review(const char *s)
{
	static struct buf b;
	return facts_review_date(s, &b) ? buf_str(&b) : "(none)";
}

static void test_clean(void)
{
	struct incident inc;
	incident_init(&inc);
	add(&inc, "1", "Mariana Treviño", PHASE_COUNT, "hi");
	CHECK_STR(title(&inc, "ceph-tyo2 storage cluster: 2 OSD hosts down"),
		  "ceph-tyo2 storage cluster: 2 OSD hosts down");
	CHECK_STR(title(&inc, "SEPA Instant outbound rejected (SEV1)"), "SEPA Instant outbound rejected");
	CHECK_STR(title(&inc, ":rotating_light: INC-2417 · SEV-2 duplicate invoices @here"),
		  "duplicate invoices");
	CHECK_STR(title(&inc, "@Mariana Treviño broker cert expired — P1"), "broker cert expired");
	CHECK_STR(title(&inc, "runbooks: https://wiki.example/runbooks"), "(none)");
	CHECK_STR(title(&inc, "dispatch"), "(none)");
	CHECK_STR(title(&inc, "MI-2026-0147 #48213 CHG-5521"), "(none)");
	incident_finish(&inc);
}

static void test_review(void)
{
	CHECK_STR(review("Post-mortem review scheduled for 9 Jun, 14:00. Draft is up"), "9 Jun, 14:00");
	CHECK_STR(review("Closed. PIR Thu 14 May 14:00"), "Thu 14 May 14:00");
	CHECK_STR(review("Post-incident review for INC-431 scheduled: Thu 14 May 2026, 14:00 CDT"),
		  "Thu 14 May 2026, 14:00");
	CHECK_STR(review("cerramos INC-774. post-mortem el martes a las 12, os mando invitación"),
		  "martes a las 12");
	CHECK_STR(review("Post-Mortem Donnerstag 10 Uhr, Einladung kommt"), "Donnerstag 10 Uhr");
	CHECK_STR(review("all clear. PIR Fri 11am ET, invite coming"), "Fri 11am");
	CHECK_STR(review("can you both peer-review the script before 05:30?"), "(none)");
	CHECK_STR(review("ja, neue Version erst nach dem Post-Mortem"), "(none)");
}

static void test_derive(const struct rule_set *rs)
{
	struct incident inc;

	/* a Teams channel: the declaration names it, the pager relays the alert */
	incident_init(&inc);
	incident_add_source(&inc, "teams", SOURCE_TEAMS);
	add(&inc, "1", "PagerDuty", PHASE_DETECT,
	    "Triggered · [#31842] OSD hosts down\nTriggered by: Azure Monitor: ceph-tyo2-osd")->bot = true;
	add(&inc, "2", "Aiko", PHASE_ESCALATE,
	    "Declaring SEV-2 — ceph-tyo2 storage cluster: 2 OSD hosts down");
	add(&inc, "3", "Aiko", PHASE_RESOLVE, "All clear, incident closed. Retro Tue 9 Jun 14:00");
	inc.detected = (struct moment){true, inc.messages[0].time, 0};
	inc.end = (struct moment){true, inc.messages[2].time, 2};
	facts_derive(&inc, rs);
	CHECK_STR(inc.title, "ceph-tyo2 storage cluster: 2 OSD hosts down");
	CHECK(inc.closed);
	CHECK_STR(inc.detected_by, "Azure Monitor");
	CHECK_STR(inc.review, "Tue 9 Jun 14:00");
	CHECK_INT(inc.review_message, 2);
	incident_finish(&inc);

	/* no declaration: an incident channel's words; a topic that is a link
	 * is no title; reopened after "closed" is not closed */
	incident_init(&inc);
	incident_add_source(&inc, "slack", SOURCE_SLACK);
	inc.channel = "inc-2417-duplicate-invoices";
	inc.topic = "runbooks: https://wiki.example/runbooks";
	add(&inc, "1", "Mika", PHASE_ESCALATE, "Declaring SEV-2 and opening INC-2417. @here");
	add(&inc, "2", "Rosa", PHASE_RESOLVE, "INC-2417 closed");
	add(&inc, "3", "Mika", PHASE_DETECT, "it's back, reopening");
	facts_derive(&inc, rs);
	CHECK_STR(inc.title, "Duplicate invoices");
	CHECK(!inc.closed);
	CHECK(inc.detected_by == NULL && inc.review == NULL);
	incident_finish(&inc);

	/* the declaration is the line's second sentence, in French */
	incident_init(&inc);
	incident_add_source(&inc, "slack", SOURCE_SLACK);
	add(&inc, "1", "Camille", PHASE_ESCALATE,
	    "Je prends l'IC. On ouvre INC-5120, SEV-2 : données fausses livrées à des clients. @Hugo");
	facts_derive(&inc, rs);
	CHECK_STR(inc.title, "données fausses livrées à des clients");
	incident_finish(&inc);

	/* notes alone: a detected row without author still names something */
	incident_init(&inc);
	incident_add_source(&inc, "notes.csv", SOURCE_NOTES);
	inc.channel = "payments";
	add(&inc, "notes:2", NULL, PHASE_DETECT, "checkout errors noticed")->kind = SOURCE_NOTES;
	inc.messages[0].author = NULL;
	inc.detected = (struct moment){true, inc.messages[0].time, 0};
	facts_derive(&inc, rs);
	CHECK(inc.title == NULL);	/* a standing channel names no incident */
	CHECK_STR(inc.detected_by, "the commander's notes");
	incident_finish(&inc);
}

static void test_emoji(const struct rule_set *rs)
{
	struct incident inc;
	const char *utf8 = NULL;
	CHECK_STR(text_emoji("rotating_light", 14), "\xF0\x9F\x9A\xA8");
	CHECK(text_emoji("not_an_emoji", 12) == NULL);
	CHECK_INT(text_shortcode_at(":+1::skin-tone-3: ok", &utf8), 17);
	CHECK_INT(text_shortcode_at(":14:30", &utf8), 0);
	incident_init(&inc);
	incident_add_source(&inc, "slack", SOURCE_SLACK);
	add(&inc, "1", "Mika", PHASE_DETECT, ":rotating_light: recon failed `:keep:` :tada:");
	inc.messages[0].links = arena_alloc(&inc.arena, sizeof *inc.messages[0].links);
	inc.messages[0].links[0] = (struct link){"https://x.example", 17, 5};	/* "recon" */
	inc.messages[0].nlinks = 1;
	findings_extract(&inc, rs);
	CHECK_STR(inc.messages[0].text, "\xF0\x9F\x9A\xA8 recon failed `:keep:` \xF0\x9F\x8E\x89");
	CHECK_INT(inc.messages[0].links[0].offset, 5);
	CHECK(!strncmp(inc.messages[0].text + inc.messages[0].links[0].offset, "recon", 5));
	incident_finish(&inc);
}

int main(void)
{
	struct rule_set *rs = rules_new();
	datetime_set_zone("Europe/Amsterdam");
	CHECK(rules_load_default(rs, NULL));
	test_clean();
	test_review();
	test_derive(rs);
	test_emoji(rs);
	rules_free(rs);
	return check_done("findings");
}
