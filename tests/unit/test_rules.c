/* Unit tests: rule loading, errors with file:line:col, proposals, tests. */
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "rules.h"

static struct buf errors;

static struct rule_set *load(const char *text)
{
	struct rule_set *rs = rules_new();
	buf_reset(&errors);
	diag_reset();
	rules_load_text(rs, "t.rules", text);
	return rs;
}

static void test_errors(void)
{
	struct rule_set *rs;
	rs = load("[detect]\nbad: (unclosed\n");
	CHECK(diag_exit_status() == EXIT_INPUT);
	CHECK_STR(buf_str(&errors), "t.rules:2:15: error: bad pattern: missing closing parenthesis\n");
	rules_free(rs);
	rs = load("[nonsense]\n");
	CHECK_STR(buf_str(&errors), "t.rules:1:2: error: unknown section [nonsense]\n");
	rules_free(rs);
	rs = load("x: y\n");
	CHECK_STR(buf_str(&errors), "t.rules:1:1: error: rule before any [section]\n");
	rules_free(rs);
	rs = load("[detect]\na: x\na: y\n");
	CHECK_STR(buf_str(&errors), "t.rules:3:1: error: duplicate rule name detect.a\n");
	rules_free(rs);
	rs = load("[detect]\na prio=high: x\n");
	CHECK_STR(buf_str(&errors), "t.rules:2:3: error: unknown rule attribute \"prio=high\" (expected prio=N, score=W or case)\n");
	rules_free(rs);
	rs = load("[detect]\ntest detect \"x\"\n");
	CHECK_STR(buf_str(&errors), "t.rules:2:6: error: expected test PHASE [key=value...]: \"text\"\n");
	rules_free(rs);
	rs = load("test bogus: \"x\"\n");
	CHECK_STR(buf_str(&errors), "t.rules:1:6: error: unknown test phase \"bogus\"\n");
	rules_free(rs);
	rs = load("disable detect.nothing\n");
	CHECK_STR(buf_str(&errors), "t.rules:1:9: error: disable: no rule named detect.nothing\n");
	rules_free(rs);
}

static void test_propose(void)
{
	struct rule_set *rs = load(
		"# comment\n"
		"[detect]\nalert: \\balert\\b\n"
		"[mitigate]\nrollback: roll(ing)? back\n"
		"[escalate]\npage score=5: \\bpag(e|ing)\\b\n"
		"[none]\nfalse: false alarm\n"
		"[incident-id]\ninc: \\b(?<id>INC-?\\d+)\\b\n"
		"[severity]\nsev: \\b(?<sev>sev ?\\d)\\b\n");
	struct proposal pr;
	struct buf b = {0};
	CHECK_STR(buf_str(&errors), "");
	pr = rules_propose(rs, "ALERT: disk full", RULES_LANGS_ALL);
	CHECK_INT(pr.phase, PHASE_DETECT);
	CHECK_STR(pr.rule->id, "detect.alert");
	pr = rules_propose(rs, "alert seen, rolling back", RULES_LANGS_ALL);	/* later phase wins a tie */
	CHECK_INT(pr.phase, PHASE_MITIGATE);
	pr = rules_propose(rs, "paging and rolling back", RULES_LANGS_ALL);	/* weight beats order */
	CHECK_INT(pr.phase, PHASE_ESCALATE);
	pr = rules_propose(rs, "alert was a false alarm", RULES_LANGS_ALL);
	CHECK_INT(pr.phase, PHASE_NONE);
	CHECK_STR(pr.rule->id, "none.false");
	pr = rules_propose(rs, "[resolve] we are fine", RULES_LANGS_ALL);
	CHECK_INT(pr.phase, PHASE_RESOLVE);
	CHECK(pr.tagged);
	pr = rules_propose(rs, "lunch?", RULES_LANGS_ALL);
	CHECK_INT(pr.phase, PHASE_NONE);
	CHECK(rules_extract_id(rs, "opening inc2417 now", &b));
	CHECK_STR(buf_str(&b), "INC-2417");
	buf_reset(&b);
	CHECK(rules_extract_severity(rs, "this is Sev 2", &b));
	CHECK_STR(buf_str(&b), "SEV-2");
	rules_free(rs);

	/* layering: a later file overrides by name and disables */
	rs = load("[detect]\nalert: \\balert\\b\n");
	rules_load_text(rs, "team.rules", "[detect]\nalert: \\bwarning\\b\n");
	CHECK_INT(rules_propose(rs, "alert", RULES_LANGS_ALL).phase, PHASE_NONE);
	CHECK_INT(rules_propose(rs, "warning", RULES_LANGS_ALL).phase, PHASE_DETECT);
	rules_load_text(rs, "team2.rules", "disable detect.alert\n");
	CHECK_INT(rules_propose(rs, "warning", RULES_LANGS_ALL).phase, PHASE_NONE);
	CHECK_INT(rules_count(rs), 1);
	rules_free(rs);
	buf_free(&b);
}

/* A match whose branch uses a group past what the match data holds still
 * counts: PCRE2 says so with 0, not with a match count. */
static void test_many_groups(void)
{
	struct buf text = {0};
	struct rule_set *rs;
	buf_puts(&text, "[detect]\nmany: ");
	for (int i = 1; i <= 300; i++)
		buf_printf(&text, "%s(zq%dx)", i > 1 ? "|" : "", i);
	buf_puts(&text, "\n");
	rs = load(buf_str(&text));
	CHECK_STR(buf_str(&errors), "");
	CHECK_INT(rules_propose(rs, "zq300x fired", RULES_LANGS_ALL).phase, PHASE_DETECT);
	CHECK_INT(rules_propose(rs, "zq2x fired", RULES_LANGS_ALL).phase, PHASE_DETECT);
	rules_free(rs);
	buf_free(&text);
}

static void test_inline_tests(void)
{
	size_t total = 0;
	struct rule_set *rs = load("[detect]\nalert: alert\ntest detect: \"alert fired\"\n"
				   "test none: \"alert again\"\ntest detect: \"say \\\"hi\\\"\"\n");
	CHECK_INT(rules_run_tests(rs, &total), 2);
	CHECK_INT(total, 3);
	CHECK(strstr(buf_str(&errors), "t.rules:4: error: test failed") != NULL);
	rules_free(rs);

	rs = load("[action]\nai: ^AI: (?<text>.+)\n[owner]\nm: (?<owner>@\\w+)\n"
		  "[due]\nd: (?<due>by \\w+day)\n"
		  "test action owner=@bob due=+2d: \"AI: @bob to fix it by Friday\"\n"
		  "test action owner=@bob: \"AI: @alice to fix it\"\n"
		  "test action due=+9d: \"AI: fix it by Friday\"\n"
		  "test any action=no: \"AI: not an item?\"\n"
		  "test action due=2026-06-12 on=2026-06-10: \"AI: x by Friday\"\n");
	CHECK_INT(rules_run_tests(rs, &total), 3);
	CHECK_INT(total, 5);
	CHECK(strstr(buf_str(&errors), "t.rules:8: error: test failed: owner is \"@alice\", expected \"@bob\"") != NULL);
	CHECK(strstr(buf_str(&errors), "t.rules:9: error: test failed: due is \"2026-06-05\", expected \"+9d\"") != NULL);
	CHECK(strstr(buf_str(&errors), "t.rules:10: error: test failed: action is \"yes\", expected \"no\"") != NULL);
	rules_free(rs);
	rs = load("test action owner=bob frob=1: \"x\"\n");
	CHECK(strstr(buf_str(&errors), "bad test option \"frob=1\"") != NULL);
	rules_free(rs);
}

static void test_limits(void)
{
	/* catastrophic backtracking is reported, not hung on */
	struct rule_set *rs = load("[detect]\nslow: ^(a+)+$\n");
	struct buf text = {0};
	for (int i = 0; i < 40; i++)
		buf_putc(&text, 'a');
	buf_putc(&text, 'b');
	CHECK_INT(rules_propose(rs, buf_str(&text), RULES_LANGS_ALL).phase, PHASE_NONE);
	CHECK(strstr(buf_str(&errors), "gave up") != NULL);
	rules_free(rs);
	buf_free(&text);
}

static void test_default(void)
{
	size_t total = 0;
	struct rule_set *rs = rules_new();
	buf_reset(&errors);
	diag_reset();
	CHECK(rules_load_default(rs, NULL));
	CHECK(rules_count(rs) > 20);
	CHECK_INT(rules_run_tests(rs, &total), 0);
	CHECK(total > 10);
	rules_free(rs);
}

int main(void)
{
	diag_capture(&errors);
	test_errors();
	test_propose();
	test_many_groups();
	test_inline_tests();
	test_limits();
	test_default();
	diag_capture(NULL);
	if (check_failures)
		fputs(buf_str(&errors), stderr);
	buf_free(&errors);
	return check_done("rules");
}
