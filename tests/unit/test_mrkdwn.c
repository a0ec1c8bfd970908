/* Unit tests: Slack mrkdwn to plain text with links and code kept. */
#include <string.h>

#include "check.h"
#include "mrkdwn.h"

static const char *user(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "U1") == 0 ? "Mika Tanaka" : NULL;
}

static const char *channel(void *ctx, const char *id)
{
	(void)ctx;
	return strcmp(id, "C1") == 0 ? "billing-oncall" : NULL;
}

static struct mrkdwn_result res;

static const char *conv(const char *in)
{
	struct mrkdwn_names names = {user, channel, NULL};
	mrkdwn_result_finish(&res);
	mrkdwn_convert(in, &names, &res);
	return buf_str(&res.text);
}

int main(void)
{
	CHECK_STR(conv("hi <@U1>, see <#C1>"), "hi @Mika Tanaka, see #billing-oncall");
	CHECK_STR(conv("<@U9|bob> and <@U8>"), "@bob and @U8");
	CHECK_STR(conv("<#C2|general>"), "#general");
	CHECK_STR(conv("<!here> <!channel> <!everyone>"), "@here @channel @everyone");
	CHECK_STR(conv("<!subteam^S1|@oncall> <!subteam^S2>"), "@oncall @S2");
	CHECK_STR(conv("at <!date^1392734382^{date_num}|2014-02-18 6:39 AM>"), "at 2014-02-18 6:39 AM");
	CHECK_STR(conv("a &lt;b&gt; &amp;amp; c"), "a <b> &amp; c");
	CHECK_STR(conv("*bold* _it_ ~gone~ and snake_case_name"), "bold it gone and snake_case_name");
	CHECK_STR(conv("~*_nested_*~"), "nested");
	CHECK_STR(conv("_*<!here>*_ test"), "@here test");
	CHECK_STR(conv("2*3*4 stays"), "2*3*4 stays");
	CHECK_STR(conv("run `a_b *c*` now"), "run `a_b *c*` now");
	CHECK_STR(conv("log:```ERROR x &gt; y\nWARN *z*```done"), "log:\n```\nERROR x > y\nWARN *z*\n```\ndone");
	CHECK_STR(conv("&gt; quoted"), "> quoted");
	CHECK_STR(conv("see <https://example.com/a?b=1&amp;c=2|the dashboard>"), "see the dashboard");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(res.links[0].url, "https://example.com/a?b=1&c=2");
	CHECK_INT(res.links[0].offset, 4);
	CHECK_INT(res.links[0].len, 13);
	CHECK_STR(conv("<https://example.com>"), "https://example.com");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(conv("unclosed <@U1 and < 3"), "unclosed <@U1 and < 3");
	/* a raw '<' is always a token, inside code too (typed ones are &lt;) */
	CHECK_STR(conv("```wget <http://x.example/a.egg>\n&lt;b&gt; <@U1>```"),
		  "```\nwget http://x.example/a.egg\n<b> @Mika Tanaka\n```");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(conv("`<https://e.x/p|label>` *kept*"), "`label` kept");
	/* file URLs carry access tokens: they never reach the text or links */
	CHECK_STR(conv("<https://files.slack.com/files-pri/T-F/a.png?t=xoxe-1-abc>"),
		  "https://files.slack.com/files-pri/T-F/a.png");
	CHECK_INT(res.nlinks, 0);
	CHECK_STR(conv("<https://files.slack.com/files-pri/T-F/a.png?t=xoxe-1-abc|a.png>"), "a.png");
	CHECK_INT(res.nlinks, 0);
	CHECK_STR(conv("<https://h.example/xoxb-123/x>"), "(private link)");
	CHECK_STR(conv("<!here|@here> <!channel|channel> <!date^1392734382^{date}^https://e.x|Feb 18>"),
		  "@here @channel Feb 18");
	CHECK_STR(conv("<mailto:ops@example.com|mail ops>"), "mail ops");
	CHECK_STR(res.links[0].url, "mailto:ops@example.com");
	CHECK_STR(conv(""), "");
	mrkdwn_result_finish(&res);
	return check_done("mrkdwn");
}
