/* write_json: the model as draft-json.md's stable pmdraft-draft/1 document,
 * every value serialised by json-c. */
#include <json-c/json.h>
#include <string.h>

#include "buf.h"
#include "incident.h"
#include "write.h"

static const char *const kind_names[] = {"slack", "teams", "notes"};

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *time_or_null(const struct moment *mo)
{
	struct buf b = {0};
	struct json_object *o;
	if (!mo->set)
		return NULL;
	datetime_format_iso(mo->time, &b);
	o = json_object_new_string(buf_str(&b));
	buf_free(&b);
	return o;
}

static struct json_object *incident_fields(const struct incident *inc)
{
	struct json_object *o = json_object_new_object(), *svc = json_object_new_array();
	json_object_object_add(o, "id", str_or_null(inc->id));
	json_object_object_add(o, "title", str_or_null(inc->title));
	json_object_object_add(o, "severity", str_or_null(inc->severity));
	json_object_object_add(o, "channel", str_or_null(inc->channel));
	json_object_object_add(o, "start", time_or_null(&inc->start));
	json_object_object_add(o, "detected", time_or_null(&inc->detected));
	json_object_object_add(o, "end", time_or_null(&inc->end));
	json_object_object_add(o, "timezone", json_object_new_string(datetime_zone()));
	json_object_object_add(o, "status", json_object_new_string(
		inc->closed ? "closed" : inc->end.set ? "resolved" : "open"));
	json_object_object_add(o, "detected_by", str_or_null(inc->detected_by));
	json_object_object_add(o, "review", str_or_null(inc->review));
	for (size_t i = 0; i < inc->nservices; i++)
		json_object_array_add(svc, json_object_new_string(inc->services[i]));
	json_object_object_add(o, "services", svc);
	return o;
}

static struct json_object *sources(const struct incident *inc)
{
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; i < inc->nsources; i++) {
		const struct source *s = &inc->sources[i];
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(s->path));
		json_object_object_add(o, "kind", json_object_new_string(kind_names[s->kind]));
		json_object_object_add(o, "messages", json_object_new_int64((int64_t)s->messages));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *entry(const struct message *m)
{
	struct json_object *o = json_object_new_object(), *merged = json_object_new_array();
	struct buf t = {0};
	datetime_format_iso(m->time, &t);
	json_object_object_add(o, "id", json_object_new_string(m->id));
	json_object_object_add(o, "time", json_object_new_string(buf_str(&t)));
	json_object_object_add(o, "author", str_or_null(m->author));
	json_object_object_add(o, "source", json_object_new_string(kind_names[m->kind]));
	json_object_object_add(o, "phase", m->key ? json_object_new_string(phase_name(m->phase)) : NULL);
	json_object_object_add(o, "rule", str_or_null(m->key ? m->rule : NULL));
	json_object_object_add(o, "text", json_object_new_string(m->text));
	for (size_t k = 0; k < m->nmerged; k++)
		json_object_array_add(merged, json_object_new_string(m->merged[k]));
	json_object_object_add(o, "merged", merged);
	if (m->system)
		json_object_object_add(o, "system", json_object_new_boolean(1));
	if (m->parent_id)
		json_object_object_add(o, "parent", json_object_new_string(m->parent_id));
	buf_free(&t);
	return o;
}

static struct json_object *actions(const struct incident *inc)
{
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; i < inc->nactions; i++) {
		const struct action *a = &inc->actions[i];
		struct json_object *o = json_object_new_object();
		struct buf due = {0};
		if (a->has_due)
			date_format(a->due, &due);
		json_object_object_add(o, "text", json_object_new_string(a->text));
		json_object_object_add(o, "owner", str_or_null(a->owner));
		json_object_object_add(o, "due", a->has_due ? json_object_new_string(buf_str(&due)) : NULL);
		json_object_object_add(o, "status", json_object_new_string(a->done ? "done" : "open"));
		json_object_object_add(o, "source_id", json_object_new_string(a->source_id));
		json_object_array_add(arr, o);
		buf_free(&due);
	}
	return arr;
}

/* Secrets masked before writing, per kind: {"slack-token": 2}. */
static struct json_object *redactions(const struct incident *inc)
{
	struct json_object *o = json_object_new_object();
	for (size_t i = 0; i < inc->nredactions; i++)
		json_object_object_add(o, inc->redactions[i].kind,
				       json_object_new_int64((int64_t)inc->redactions[i].count));
	return o;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | \
		    JSON_C_TO_STRING_NOSLASHESCAPE)

/* Writes obj as json-c prints it pretty, its lines indented `depth` levels
 * (two spaces each) so it sits inside the enclosing document; then releases
 * it. json-c escapes newlines inside strings, so every '\n' is a line break. */
static void put_value(FILE *out, struct json_object *obj, int depth)
{
	const char *s = obj ? json_object_to_json_string_ext(obj, JSON_FLAGS) : "null";
	while (*s) {	/* line by line: a character at a time was 5% of a run */
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
		fwrite(s, 1, n, out);
		for (int i = 0; nl && i < depth; i++)
			fputs("  ", out);
		s += n;
	}
	json_object_put(obj);
}

static void put_member(FILE *out, const char *key, struct json_object *obj, bool last)
{
	fprintf(out, "  \"%s\": ", key);
	put_value(out, obj, 1);
	fputs(last ? "\n" : ",\n", out);
}

/* The timeline, one entry built and written at a time: the document is
 * never held whole in memory (a million messages with --all). */
static void put_timeline(FILE *out, const struct incident *inc, bool all)
{
	bool first = true;
	fputs("  \"timeline\": [\n", out);
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (m->hidden || !(m->key || all))
			continue;
		if (!first)
			fputs(",\n", out);
		first = false;
		fputs("    ", out);
		put_value(out, entry(m), 2);
	}
	fputs(first ? "  ],\n" : "\n  ],\n", out);
}

/* The same document json-c would print for the whole tree, streamed. */
static bool write(const struct incident *inc, const struct write_options *opts, FILE *out)
{
	fputs("{\n", out);
	put_member(out, "format", json_object_new_string("pmdraft-draft/1"), false);
	put_member(out, "incident", incident_fields(inc), false);
	put_member(out, "sources", sources(inc), false);
	put_timeline(out, inc, opts->all);
	put_member(out, "actions", actions(inc), false);
	put_member(out, "redactions", redactions(inc), true);
	fputs("}\n", out);
	return !ferror(out);
}

const struct writer write_json = {
	.name = "json",
	.ext = ".json",
	.write = write,
};
