/* Unit tests: the writers on a small hand-built incident: JSON contract
 * fields, escaping of hostile text in HTML and Markdown, safe links only. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"
#include "incident.h"
#include "write.h"

static char *render(const struct writer *w, const struct incident *inc, bool all)
{
	struct write_options wo = {all, false, "test"};
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);
	CHECK(w->write(inc, &wo, f));
	fclose(f);
	return data;
}

static void build(struct incident *inc)
{
	struct message *m;
	incident_init(inc);
	incident_add_source(inc, "chat.json", SOURCE_SLACK);
	m = incident_add_message(inc);
	m->id = "1780445692.000200";
	m->time = 1780445692000200LL;
	m->author = "Mika <b>Tanaka</b>";
	m->text = "<script>alert(1)</script> see docs and evil\n```\n</pre><img src=x onerror=alert(1)>\n```";
	m->phase = PHASE_DETECT;
	m->key = true;
	m->rule = "detect.alert";
	m->links = arena_alloc(&inc->arena, 2 * sizeof *m->links);
	m->links[0] = (struct link){"https://example.com/d?a=1&b=2", 30, 4};
	m->links[1] = (struct link){"javascript:alert(2)", 39, 4};
	m->nlinks = 2;
	m = incident_add_message(inc);
	m->id = "1780445693.000100";
	m->time = 1780445693000100LL;
	m->text = "thanks";
	incident_sort(inc);
	inc->id = "INC-1";
	inc->start = (struct moment){true, 1780445692000200LL, 0};
}

int main(void)
{
	struct incident inc;
	struct json_object *doc, *tl, *e;
	char *s;
	datetime_set_zone("Europe/Amsterdam");
	build(&inc);

	s = render(&write_json, &inc, false);
	doc = json_tokener_parse(s);
	CHECK(doc != NULL);
	CHECK_STR(json_object_get_string(json_object_object_get(doc, "format")), "pmdraft-draft/1");
	tl = json_object_object_get(doc, "timeline");
	CHECK_INT(json_object_array_length(tl), 1);
	e = json_object_array_get_idx(tl, 0);
	CHECK_STR(json_object_get_string(json_object_object_get(e, "time")), "2026-06-03T02:14:52+02:00");
	CHECK_STR(json_object_get_string(json_object_object_get(e, "phase")), "detect");
	CHECK_STR(json_object_get_string(json_object_object_get(e, "rule")), "detect.alert");
	CHECK(json_object_is_type(json_object_object_get(e, "merged"), json_type_array));
	json_object_put(doc);
	free(s);
	s = render(&write_json, &inc, true);
	doc = json_tokener_parse(s);
	tl = json_object_object_get(doc, "timeline");
	CHECK_INT(json_object_array_length(tl), 2);
	e = json_object_array_get_idx(tl, 1);
	CHECK(json_object_object_get(e, "phase") == NULL);	/* null */
	json_object_put(doc);
	free(s);

	s = render(&write_html, &inc, false);
	CHECK(strstr(s, "<script>alert(1)") == NULL);
	CHECK(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(s, "&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;") != NULL);
	CHECK(strstr(s, "<a href=\"https://example.com/d?a=1&amp;b=2\" rel=\"noopener noreferrer\">docs</a>") != NULL);
	CHECK(strstr(s, "javascript:") == NULL);
	CHECK(strstr(s, "Mika &lt;b&gt;Tanaka&lt;/b&gt;") != NULL);
	CHECK(strstr(s, "default-src 'none'") != NULL);
	CHECK(strstr(s, "data-phase=\"detect\" id=\"m-1780445692-000200\" data-id=\"1780445692.000200\"") != NULL);
	for (const char *id = "summary\0impact\0timeline\0logs\0root-cause\0remediation\0customer-impact\0controls\0evidence\0blameless\0"; *id; id += strlen(id) + 1) {
		struct buf want = {0};
		buf_printf(&want, "id=\"%s\"", id);
		CHECK(strstr(s, buf_str(&want)) != NULL);
		buf_free(&want);
	}
	free(s);

	s = render(&write_md, &inc, false);
	CHECK(strstr(s, "<script>") == NULL);
	CHECK(strstr(s, "&lt;script&gt;") != NULL);
	free(s);
	incident_finish(&inc);
	return check_done("write");
}
