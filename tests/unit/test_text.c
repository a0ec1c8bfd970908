/* Unit tests: buf, text (UTF-8 repair, escaping, URL checks). */
#include "buf.h"
#include "check.h"
#include "text.h"

static void test_buf(void)
{
	struct buf b = {0};
	CHECK_STR(buf_str(&b), "");
	buf_puts(&b, "abc");
	buf_printf(&b, "-%d-", 42);
	buf_putc(&b, 'z');
	CHECK_STR(buf_str(&b), "abc-42-z");
	CHECK_INT(b.len, 8);
	buf_reset(&b);
	CHECK_STR(buf_str(&b), "");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'x');
	CHECK_INT(b.len, 10000);
	buf_free(&b);
}

static void test_utf8(void)
{
	struct buf b = {0};
	CHECK(text_is_valid_utf8("h\xC3\xA9llo", 6));
	CHECK(!text_is_valid_utf8("\xC3", 1));
	CHECK(!text_is_valid_utf8("\xED\xA0\x80", 3));	/* surrogate */
	CHECK(!text_is_valid_utf8("\xC0\xAF", 2));	/* overlong */
	/* the 8-byte ASCII fast path: a NUL or a bad byte anywhere in a word */
	CHECK(text_is_valid_utf8("abcdefghijklmnop", 16));
	CHECK(!text_is_valid_utf8("abcdefg\0ijklmnop", 16));
	CHECK(!text_is_valid_utf8("\0bcdefghijklmnop", 16));
	CHECK(!text_is_valid_utf8("abcdefghij\xFFlmnop", 16));
	CHECK(text_is_valid_utf8("abcdefg\xC3\xA9jklmnop", 16));
	CHECK(!text_is_valid_utf8("abcdefg\xC3", 8));	/* cut at the word's end */
	CHECK_INT(text_repair_utf8("a\xFF" "b\xC3", 4, &b), 2);
	CHECK_STR(buf_str(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	buf_reset(&b);
	CHECK_INT(text_repair_utf8("x\0y", 3, &b), 1);	/* NUL never survives */
	CHECK_STR(buf_str(&b), "x\xEF\xBF\xBDy");
	buf_reset(&b);
	text_put_codepoint(&b, 0x1F6A8);
	CHECK_STR(buf_str(&b), "\xF0\x9F\x9A\xA8");
	buf_free(&b);
}

static void test_escape(void)
{
	struct buf b = {0};
	text_escape_html("<script>alert('x')</script> & \"q\"", &b);
	CHECK_STR(buf_str(&b), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	buf_reset(&b);
	text_escape_md("*bold* <b> [x](javascript:y) # h", &b);
	CHECK_STR(buf_str(&b), "\\*bold\\* &lt;b&gt; \\[x\\]\\(javascript:y\\) \\# h");
	buf_free(&b);
}

static void test_urls(void)
{
	CHECK(text_url_is_safe("https://example.com/a?b=c"));
	CHECK(text_url_is_safe("HTTP://example.com"));
	CHECK(text_url_is_safe("mailto:ops@example.com"));
	CHECK(!text_url_is_safe("javascript:alert(1)"));
	CHECK(!text_url_is_safe(" javascript:alert(1)"));
	CHECK(!text_url_is_safe("data:text/html,x"));
	CHECK(!text_url_is_safe("https://x.com/\"onmouseover=\"a"));
	CHECK(text_url_has_token("https://files.slack.com/files-pri/T1/x.png?t=xoxe-123"));
	CHECK(text_url_has_token("https://api.example.com/x?access_token=abc"));
	CHECK(text_url_has_token("https://user:hunter2@example.com/"));
	CHECK(!text_url_has_token("https://grafana.example.com/d/abc?orgId=1&from=now-6h"));
	CHECK(!text_url_has_token("https://example.com/?format=json&sort=asc"));
}

static void test_trim(void)
{
	struct buf b = {0};
	char s[] = "  a   b \t c \n  d  ";
	buf_puts(&b, "  x y \n");
	text_trim(&b);
	CHECK_STR(buf_str(&b), "x y");
	text_squeeze(s);
	CHECK_STR(s, "a b c\nd");
	buf_free(&b);
}

static void test_label(void)
{
	struct buf b = {0};
	bool cut;
	CHECK_INT(text_label_len("abc", 3, &cut), 3);
	CHECK(!cut);
	CHECK_INT(text_label_len("abcd", 3, &cut), 2);
	CHECK(cut);
	/* a cut never splits a character: 2 kept of "\u00e9\u00e9\u00e9\u00e9" */
	CHECK_INT(text_label_len("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3, &cut), 4);
	text_put_label(&b, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3);
	CHECK_STR(buf_str(&b), "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
	buf_reset(&b);
	text_put_label(&b, "\xC3\xA9\xC3\xA9\xC3\xA9", 3);
	CHECK_STR(buf_str(&b), "\xC3\xA9\xC3\xA9\xC3\xA9");
	buf_free(&b);
}

int main(void)
{
	test_buf();
	test_utf8();
	test_escape();
	test_urls();
	test_trim();
	test_label();
	return check_done("text");
}
