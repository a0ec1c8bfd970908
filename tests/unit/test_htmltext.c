/* Unit tests: Teams HTML and cards to plain text with links and code kept. */
#include <json-c/json.h>
#include <string.h>

#include "check.h"
#include "htmltext.h"

static struct htmltext_result res;

/* Mentions 0 and 1 are one person split in two tags; 2 is someone else. */
static const char *mention(void *ctx, const char *id, const char **who)
{
	(void)ctx;
	if (strcmp(id, "0") == 0 || strcmp(id, "1") == 0)
		return *who = "u-cordelia", "Cordelia Lear's Daughter";
	if (strcmp(id, "2") == 0)
		return *who = "u-kofi", "Kofi Mensah";
	return NULL;
}

static void attachment(void *ctx, const char *id, struct htmltext_result *r)
{
	(void)ctx;
	if (strcmp(id, "f1") == 0)
		buf_puts(&r->text, "runbook.pdf");
}

static const char *conv(const char *in)
{
	struct htmltext_refs refs = {mention, attachment, NULL};
	htmltext_result_finish(&res);
	htmltext_convert(in, strlen(in), &refs, &res);
	return buf_str(&res.text);
}

static const char *card(const char *json)
{
	struct json_object *c = json_tokener_parse(json);
	htmltext_result_finish(&res);
	htmltext_card(c, &res);
	json_object_put(c);
	return buf_str(&res.text);
}

static void test_structure(void)
{
	CHECK_STR(conv("<p>one</p><p>two</p>"), "one\ntwo");
	CHECK_STR(conv("<h1>Hello</h1>\n<br>\nThis is"), "Hello\n\nThis is");
	CHECK_STR(conv("<div><div>a  \n b</div></div>c"), "a b\nc");
	CHECK_STR(conv("x<br><br><br><br>y"), "x\n\ny");
	CHECK_STR(conv("<ul><li>a</li><li>b <b>bold</b></li></ul>after"), "- a\n- b bold\nafter");
	CHECK_STR(conv("<ol><li>first</li><li>second</li></ol>"), "1. first\n2. second");
	CHECK_STR(conv("<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>"),
		  "k | v\na | 1");
	CHECK_STR(conv("<systemEventMessage/>"), "");
	CHECK_STR(conv("a <img src=\"https://x/$value\" alt=\"image\"> b"), "a b");
	CHECK_STR(conv("<script>alert(1)</script>ok<style>p{}</style>"), "ok");
	CHECK_STR(conv("<!-- hidden -->shown"), "shown");
	CHECK_STR(conv("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
	CHECK_STR(conv("unclosed <b"), "unclosed <b");
	CHECK_STR(conv("<p title='a>b'>quoted</p>"), "quoted");
	CHECK_STR(conv(""), "");
}

static void test_entities(void)
{
	CHECK_STR(conv("a&nbsp;b &amp; &lt;c&gt; &quot;d&quot; &#39;e&#39; &apos;f&apos;"),
		  "a b & <c> \"d\" 'e' 'f'");
	CHECK_STR(conv("&#x1F600; &#8217; &eacute;&Eacute; &hellip; &mdash; &euro; &rarr;"),
		  "\xF0\x9F\x98\x80 \xE2\x80\x99 \xC3\xA9\xC3\x89 \xE2\x80\xA6 \xE2\x80\x94 \xE2\x82\xAC \xE2\x86\x92");
	CHECK_STR(conv("R&D; &bogus; & alone"), "R&D; &bogus; & alone");
	CHECK_STR(conv("&#0; &#xD800; &#99999999;"), "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD");
	CHECK_STR(conv("&amp;lt;"), "&lt;");	/* decoded once, not twice */
}

static void test_mentions(void)
{
	CHECK_STR(conv("<at id=\"0\">Cordelia</at>&nbsp;<at id=\"1\">Lear's</at> please"),
		  "@Cordelia Lear's Daughter please");
	CHECK_STR(conv("<at id=\"2\">Kofi</at> and <at id=\"0\">Cordelia</at>"),
		  "@Kofi Mensah and @Cordelia Lear's Daughter");
	CHECK_STR(conv("<at id=\"9\">Every&amp;one</at>"), "@Every&one");
	CHECK_STR(conv("<at id=\"2\">Kofi</at>, <at id=\"2\">Kofi</at>"), "@Kofi Mensah, @Kofi Mensah");
	CHECK_STR(conv("<emoji id=\"pray\" alt=\"\xF0\x9F\x99\x8F\" title=\"x\"></emoji> thanks"),
		  "\xF0\x9F\x99\x8F thanks");
	CHECK_STR(conv("see <attachment id=\"f1\"></attachment> now"), "see runbook.pdf now");
	CHECK_STR(conv("<attachment id=\"nope\"></attachment>"), "");
}

static void test_links_and_code(void)
{
	CHECK_STR(conv("see <a href=\"https://e.example/a?b=1&amp;c=2\">the <b>dash</b></a>."),
		  "see the dash.");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(res.links[0].url, "https://e.example/a?b=1&c=2");
	CHECK_INT(res.links[0].offset, 4);
	CHECK_INT(res.links[0].len, 8);
	CHECK_STR(conv("<a href=\"https://e.example\"></a>"), "https://e.example");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(conv("<a name=\"x\">anchor</a>"), "anchor");
	CHECK_INT(res.nlinks, 0);
	CHECK_STR(conv("run <code>a  &lt;b&gt;</code> now"), "run `a <b>` now");
	CHECK_STR(conv("log:<pre>ERR  x &lt; y\n  WARN&nbsp;z</pre>done"),
		  "log:\n```\nERR  x < y\n  WARN z\n```\ndone");
	CHECK_STR(conv("<codeblock class=\"language-bash\"><code>$ ls<br>a  b</code></codeblock>"),
		  "```\n$ ls\na  b\n```");
	CHECK_STR(conv("<code>one<br>two</code>"), "```\none\ntwo\n```");
	CHECK_STR(conv("<pre></pre>x"), "x");
	CHECK_STR(conv("<pre>never closed"), "```\nnever closed\n```");
	CHECK_STR(conv("<code></code>x"), "x");
}

static void test_cards(void)
{
	CHECK_STR(card("{\"type\":\"AdaptiveCard\",\"body\":[{\"type\":\"TextBlock\",\"text\":\"**Fired**: 5xx > 5%\"},"
		       "{\"type\":\"ColumnSet\",\"columns\":[{\"type\":\"Column\",\"items\":[{\"type\":\"TextBlock\","
		       "\"text\":\"at {{DATE(2026-10-14T09:14:00Z, SHORT)}} {{TIME(2026-10-14T09:14:00Z)}}\"}]}]},"
		       "{\"type\":\"FactSet\",\"facts\":[{\"title\":\"Value\",\"value\":\"38 %\"},{\"title\":\"Board:\",\"value\":\"x\"}]}],"
		       "\"actions\":[{\"type\":\"Action.OpenUrl\",\"title\":\"View\",\"url\":\"https://portal.example/a\"}]}"),
		  "Fired: 5xx > 5%\nat 2026-10-14 09:14:00Z\nValue: 38 %\nBoard: x\nView");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(res.links[0].url, "https://portal.example/a");
	CHECK_STR(card("{\"title\":\"Card\",\"subtitle\":\"<h3>Sub</h3>\",\"text\":\"Body <br>\\r\\nand a "
		       "<a href=\\\"http://microsoft.com/\\\">link</a>\",\"buttons\":[{\"type\":\"messageBack\",\"title\":\"x\"}]}"),
		  "Card\nSub\nBody\nand a link");
	CHECK_INT(res.nlinks, 1);
	CHECK_STR(card("{\"@type\":\"MessageCard\",\"title\":\"Alert\",\"sections\":[{\"activityTitle\":\"disk full\","
		       "\"facts\":[{\"name\":\"host\",\"value\":\"db1\"}]}]}"),
		  "Alert\ndisk full\nhost: db1");
	CHECK_STR(card("{\"type\":\"AdaptiveCard\",\"body\":[{\"type\":\"RichTextBlock\",\"inlines\":[\"a \",{\"type\":\"TextRun\",\"text\":\"b\"}]},"
		       "{\"type\":\"TextBlock\",\"text\":\"see [runbook](https://w.example/rb)\"}]}"),
		  "a b\nsee runbook");
	CHECK_INT(res.nlinks, 1);
	CHECK_INT(res.links[0].len, 7);
	CHECK_STR(card("[1,2]"), "");
}

int main(void)
{
	test_structure();
	test_entities();
	test_mentions();
	test_links_and_code();
	test_cards();
	htmltext_result_finish(&res);
	return check_done("htmltext");
}
