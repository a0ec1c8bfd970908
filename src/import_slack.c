/* import_slack: every Slack shape into the model: day files, channel folders,
 * workspace export folders and their .zip, API dumps, single messages. */
#include "import_slack.h"

#include <ctype.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "jsonio.h"
#include "mrkdwn.h"
#include "progress.h"
#include "text.h"
#include "xalloc.h"
#include "zipread.h"

/* The messages of one import by ts: open addressing over message indices,
 * keyed by the message's own id (no copy; a json-c object per message cost
 * some 130 bytes each at a million messages). */
struct seen {
	size_t *slots;		/* owned; SIZE_MAX when empty */
	size_t cap, n;		/* cap a power of two, n < cap / 2 */
};

/* One import: the small maps are json-c objects used as string-keyed tables. */
struct slack_ctx {
	struct incident *inc;
	size_t source;
	size_t first;			/* index of this import's first message */
	struct json_object *users;	/* owned: user id -> display name */
	struct json_object *channels;	/* owned: conversation id -> name */
	struct json_object *topics;	/* owned: conversation name -> topic */
	struct seen seen;		/* owned: ts -> message index */
	struct json_object *broadcasts;	/* owned: ts -> original ts or "" */
	struct json_object *deletions;	/* owned: deleted ts -> true */
	struct json_object *folders;	/* owned: conversation folder -> true */
	const char *display;		/* the document being read, for diagnostics */
	const char *archive;		/* the .zip being read, or NULL */
	const char *folder;		/* workspace: the chosen conversation folder */
	bool users_given;		/* --users: ignore users.json in the export */
	bool failed;			/* an error made the input unusable */
};

static const char *const system_subtypes[] = {
	"channel_join", "channel_leave", "channel_topic", "channel_purpose",
	"channel_name", "channel_archive", "channel_unarchive",
	"channel_posting_permissions", "channel_convert_to_private",
	"channel_canvas_updated", "group_join", "group_leave", "group_topic",
	"group_purpose", "group_name", "group_archive", "group_unarchive",
	"bot_add", "bot_remove", "bot_enable", "bot_disable", "pinned_item",
	"unpinned_item", "reminder_add", "tombstone", "joiner_notification",
	"huddle_thread", "ekm_access_denied", "message_deleted",
};

/* Members checked before a message is taken: a present, non-null member of
 * the wrong type skips the message with a warning naming its JSON path. */
static const char *const string_members[] = {
	"text", "user", "subtype", "thread_ts", "username", "bot_id",
};
static const char *const object_members[] = {
	"edited", "bot_profile", "user_profile", "file", "message",
};
static const char *const array_members[] = {
	"attachments", "blocks", "files", "reactions", "pinned_to",
	"slackdump_thread_replies",
};

static const char *const metadata_files[] = {
	"users.json", "org_users.json", "channels.json", "groups.json",
	"mpims.json", "dms.json",
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool is_system_subtype(const char *subtype)
{
	for (size_t i = 0; i < COUNT(system_subtypes); i++)
		if (strcmp(subtype, system_subtypes[i]) == 0)
			return true;
	return false;
}

static bool is_day_file(const char *name)
{
	static const char pattern[] = "dddd-dd-dd.json";
	if (strlen(name) != sizeof pattern - 1)
		return false;
	for (size_t i = 0; pattern[i]; i++) {
		if (pattern[i] == 'd' ? !isdigit((unsigned char)name[i]) : name[i] != pattern[i])
			return false;
	}
	return true;
}

static bool is_metadata_file(const char *name)
{
	for (size_t i = 0; i < COUNT(metadata_files); i++)
		if (strcmp(name, metadata_files[i]) == 0)
			return true;
	return false;
}

/* ---- paths ---- */

/* The last component of path, trailing slashes ignored. */
static char *base_of(const char *path)
{
	size_t n = strlen(path);
	const char *slash;
	while (n > 1 && path[n - 1] == '/')
		n--;
	slash = n ? memrchr(path, '/', n) : NULL;
	return slash ? xstrndup(slash + 1, n - (size_t)(slash + 1 - path)) : xstrndup(path, n);
}

/* Anything but a folder counts, so that a FIFO or device under a metadata
 * name is reported by the reader instead of blocking an open here. */
static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* Looks for name in dir, then in its parent; returns an owned path or NULL. */
static char *find_beside(const char *dir, const char *name)
{
	char *here = import_path_join(dir, name), *parent, *up;
	if (file_exists(here))
		return here;
	free(here);
	parent = import_path_join(dir, "..");
	up = import_path_join(parent, name);
	free(parent);
	if (file_exists(up))
		return up;
	free(up);
	return NULL;
}

/* ---- small tables ---- */

static const char *map_get(struct json_object *map, const char *key)
{
	struct json_object *v;
	if (!key || !json_object_object_get_ex(map, key, &v))
		return NULL;
	return json_object_get_string(v);
}

static void map_set(struct json_object *map, const char *key, const char *value)
{
	json_object_object_add(map, key, json_object_new_string(value));
}

/* A user's name, cut as a label: mentions of them repeat it in every
 * message, as authorship does. */
static void map_set_user(struct json_object *users, const char *id, const char *name)
{
	struct buf label = {0};
	text_put_label(&label, name, TEXT_LABEL_MAX);
	map_set(users, id, buf_str(&label));
	buf_free(&label);
}

static const char *lookup_user(void *ctx, const char *id)
{
	return map_get(((struct slack_ctx *)ctx)->users, id);
}

static const char *lookup_channel(void *ctx, const char *id)
{
	return map_get(((struct slack_ctx *)ctx)->channels, id);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "a, b, c": the keys of map, sorted, for error messages. */
static void list_keys(struct json_object *map, struct buf *out)
{
	size_t n = 0, cap = 0;
	const char **keys = NULL;
	json_object_object_foreach(map, k, v) {
		(void)v;
		keys = xgrow(keys, &cap, n + 1, sizeof *keys);
		keys[n++] = k;
	}
	if (n)
		qsort(keys, n, sizeof *keys, compare_strings);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s%s", i ? ", " : "", keys[i]);
	free(keys);
}

/* ---- metadata: users.json, channels.json and friends ---- */

/* Display name of a users.json entry, empty strings counting as missing. */
static const char *user_name(struct json_object *u)
{
	static const char *const keys[] = {"real_name", "profile.real_name",
					   "profile.display_name", "name"};
	for (size_t i = 0; i < COUNT(keys); i++) {
		const char *s = jsonio_dig_string(u, keys[i]);
		if (s && *s)
			return s;
	}
	return NULL;
}

static void read_users(struct slack_ctx *cx, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *u = json_object_array_get_idx(arr, i);
		const char *id = jsonio_string(u, "id"), *name = user_name(u);
		if (id && name)
			map_set_user(cx->users, id, name);
	}
}

/* channels.json, groups.json, mpims.json; dms.json entries have no name and
 * their folders are named by id. */
static void read_conversations(struct slack_ctx *cx, struct json_object *arr)
{
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		const char *id = jsonio_string(c, "id"), *name = jsonio_string(c, "name");
		const char *topic = jsonio_dig_string(c, "topic.value");
		if (id && name && *name)
			map_set(cx->channels, id, name);
		if (name && topic && *topic)
			map_set(cx->topics, name, topic);
	}
}

/* A parsed metadata document named base ("users.json"...). */
static void read_metadata(struct slack_ctx *cx, const char *base, struct json_object *doc,
			  const char *display)
{
	bool users = strcmp(base, "users.json") == 0 || strcmp(base, "org_users.json") == 0;
	if (!doc)
		return;
	/* a users.list API dump: {"ok":true,"members":[...]} */
	if (users && jsonio_array(doc, "members"))
		doc = jsonio_array(doc, "members");
	if (!json_object_is_type(doc, json_type_array)) {
		diag_at(DIAG_WARNING, display, 0, 0, "expected a JSON array; file ignored");
		return;
	}
	if (users && !cx->users_given)
		read_users(cx, doc);
	else if (!users)
		read_conversations(cx, doc);
}

static void load_metadata_file(struct slack_ctx *cx, const char *path)
{
	char *base = base_of(path);
	struct json_object *doc = jsonio_load(path, path);
	read_metadata(cx, base, doc, path);
	json_object_put(doc);
	free(base);
}

/* Metadata beside a channel folder or file: in dir or the folder above;
 * org_users.json (Enterprise Grid) stands in for a missing users.json. */
static void load_metadata_beside(struct slack_ctx *cx, const char *dir)
{
	for (size_t i = 0; i < COUNT(metadata_files); i++) {
		char *path = find_beside(dir, metadata_files[i]);
		if (!path)
			continue;
		load_metadata_file(cx, path);
		free(path);
		if (i == 0)
			i++;	/* users.json found: skip org_users.json */
	}
}

/* ---- message text ---- */

static void add_line(struct mrkdwn_result *res, const char *s,
		     const struct mrkdwn_names *names)
{
	if (!s || !*s)
		return;
	if (res->text.len && res->text.data[res->text.len - 1] != '\n')
		buf_putc(&res->text, '\n');
	mrkdwn_convert(s, names, res);
}

/* Alerting bots put their content in attachments: pretext, title, text and
 * fields; fallback only when nothing else is there. */
static void attachments_text(struct json_object *msg, struct mrkdwn_result *res,
			     const struct mrkdwn_names *names)
{
	struct json_object *atts = jsonio_array(msg, "attachments");
	size_t n = atts ? json_object_array_length(atts) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(atts, i);
		struct json_object *fields = jsonio_array(a, "fields");
		size_t before = res->text.len;
		add_line(res, jsonio_string(a, "pretext"), names);
		add_line(res, jsonio_string(a, "title"), names);
		add_line(res, jsonio_string(a, "text"), names);
		for (size_t k = 0; fields && k < json_object_array_length(fields); k++) {
			struct json_object *f = json_object_array_get_idx(fields, k);
			const char *title = jsonio_string(f, "title"), *value = jsonio_string(f, "value");
			struct buf line = {0};
			if (!value || !*value)
				continue;
			if (title && *title)
				buf_printf(&line, "%s: ", title);
			buf_puts(&line, value);
			add_line(res, buf_str(&line), names);
			buf_free(&line);
		}
		if (res->text.len == before)
			add_line(res, jsonio_string(a, "fallback"), names);
	}
}

/* Plain text escaped as mrkdwn, so block text and message text share one
 * decoder: & < > become entities again. */
static void put_escaped(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			buf_puts(out, "&amp;");
		else if (*s == '<')
			buf_puts(out, "&lt;");
		else if (*s == '>')
			buf_puts(out, "&gt;");
		else
			buf_putc(out, *s);
	}
}

/* One rich_text inline element as mrkdwn. */
static void rich_inline(struct json_object *e, struct buf *out)
{
	const char *type = jsonio_string(e, "type"), *s;
	if (!type)
		return;
	if (strcmp(type, "text") == 0) {
		bool code = jsonio_bool(jsonio_member(e, "style"), "code");
		if (code)
			buf_putc(out, '`');
		put_escaped(out, jsonio_string(e, "text"));
		if (code)
			buf_putc(out, '`');
	} else if (strcmp(type, "user") == 0 && (s = jsonio_string(e, "user_id"))) {
		buf_printf(out, "<@%s>", s);
	} else if (strcmp(type, "channel") == 0 && (s = jsonio_string(e, "channel_id"))) {
		buf_printf(out, "<#%s>", s);
	} else if (strcmp(type, "usergroup") == 0 && (s = jsonio_string(e, "usergroup_id"))) {
		buf_printf(out, "<!subteam^%s>", s);
	} else if (strcmp(type, "broadcast") == 0 && (s = jsonio_string(e, "range"))) {
		buf_printf(out, "<!%s>", s);
	} else if (strcmp(type, "emoji") == 0 && (s = jsonio_string(e, "name"))) {
		buf_printf(out, ":%s:", s);
	} else if (strcmp(type, "link") == 0 && (s = jsonio_string(e, "url"))) {
		const char *label = jsonio_string(e, "text");
		buf_putc(out, '<');
		put_escaped(out, s);
		if (label && *label) {
			buf_putc(out, '|');
			put_escaped(out, label);
		}
		buf_putc(out, '>');
	} else if (strcmp(type, "date") == 0) {
		put_escaped(out, jsonio_string(e, "fallback"));
	} else if ((s = jsonio_string(e, "value")) || (s = jsonio_string(e, "text"))) {
		put_escaped(out, s);	/* color, team and kinds yet to come */
	}
}

static void rich_inlines(struct json_object *section, struct buf *out)
{
	struct json_object *els = jsonio_array(section, "elements");
	for (size_t i = 0; els && i < json_object_array_length(els); i++)
		rich_inline(json_object_array_get_idx(els, i), out);
}

static void new_line(struct buf *out)
{
	if (out->len && out->data[out->len - 1] != '\n')
		buf_putc(out, '\n');
}

/* A rich_text block: sections, preformatted code, quotes and lists. */
static void rich_text(struct json_object *block, struct buf *out)
{
	struct json_object *els = jsonio_array(block, "elements");
	for (size_t i = 0; els && i < json_object_array_length(els); i++) {
		struct json_object *e = json_object_array_get_idx(els, i);
		const char *type = jsonio_string(e, "type");
		struct json_object *items = jsonio_array(e, "elements");
		if (!type)
			continue;
		new_line(out);
		if (strcmp(type, "rich_text_preformatted") == 0) {
			buf_puts(out, "```");
			rich_inlines(e, out);
			buf_puts(out, "```\n");
		} else if (strcmp(type, "rich_text_quote") == 0) {
			struct buf q = {0};
			rich_inlines(e, &q);
			buf_puts(out, "&gt; ");
			for (size_t k = 0; k < q.len; k++) {
				buf_putc(out, q.data[k]);
				if (q.data[k] == '\n' && k + 1 < q.len)
					buf_puts(out, "&gt; ");
			}
			buf_free(&q);
		} else if (strcmp(type, "rich_text_list") == 0) {
			const char *style = jsonio_string(e, "style");
			bool ordered = style && strcmp(style, "ordered") == 0;
			int64_t indent = 0;
			jsonio_int(e, "indent", &indent);
			for (size_t k = 0; items && k < json_object_array_length(items); k++) {
				new_line(out);
				for (int64_t d = 0; d < indent && d < 8; d++)
					buf_puts(out, "  ");
				if (ordered)
					buf_printf(out, "%zu. ", k + 1);
				else
					buf_puts(out, "- ");
				rich_inlines(json_object_array_get_idx(items, k), out);
			}
		} else {
			rich_inlines(e, out);
		}
	}
}

/* A text object {type: mrkdwn|plain_text, text}. */
static void text_object(struct json_object *t, struct buf *out)
{
	const char *type = jsonio_string(t, "type"), *s = jsonio_string(t, "text");
	if (!s || !*s)
		return;
	new_line(out);
	if (type && strcmp(type, "mrkdwn") == 0)
		buf_puts(out, s);
	else
		put_escaped(out, s);
}

/* Block Kit as mrkdwn: rich_text from people's clients, section, header and
 * context from apps. */
static void blocks_mrkdwn(struct json_object *msg, struct buf *out)
{
	struct json_object *blocks = jsonio_array(msg, "blocks");
	size_t n = blocks ? json_object_array_length(blocks) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(blocks, i);
		const char *type = jsonio_string(b, "type");
		struct json_object *list;
		if (!type)
			continue;
		if (strcmp(type, "rich_text") == 0) {
			rich_text(b, out);
		} else if (strcmp(type, "section") == 0 || strcmp(type, "header") == 0) {
			text_object(jsonio_member(b, "text"), out);
			list = jsonio_array(b, "fields");
			for (size_t k = 0; list && k < json_object_array_length(list); k++)
				text_object(json_object_array_get_idx(list, k), out);
		} else if (strcmp(type, "context") == 0) {
			list = jsonio_array(b, "elements");
			for (size_t k = 0; list && k < json_object_array_length(list); k++)
				text_object(json_object_array_get_idx(list, k), out);
		}
	}
}

static void set_text(struct slack_ctx *cx, struct message *msg, struct json_object *m)
{
	struct mrkdwn_names names = {lookup_user, lookup_channel, cx};
	struct mrkdwn_result res = {0};
	const char *text = jsonio_string(m, "text");
	struct json_object *atts = jsonio_array(m, "attachments");
	const char *fallback = atts ? jsonio_string(json_object_array_get_idx(atts, 0), "fallback") : NULL;
	bool text_is_fallback = text && fallback && strcmp(text, fallback) == 0;

	if (text && *text && !(msg->bot && text_is_fallback))
		mrkdwn_convert(text, &names, &res);
	if (!res.text.len || msg->bot)
		attachments_text(m, &res, &names);
	if (!res.text.len) {
		struct buf blocks = {0};
		blocks_mrkdwn(m, &blocks);
		mrkdwn_convert(buf_str(&blocks), &names, &res);
		buf_free(&blocks);
	}
	text_trim(&res.text);
	msg->text = arena_strndup(&cx->inc->arena, buf_str(&res.text), res.text.len);
	if (res.nlinks) {
		msg->links = arena_alloc(&cx->inc->arena, res.nlinks * sizeof *msg->links);
		for (size_t i = 0; i < res.nlinks; i++) {
			if (res.links[i].offset + res.links[i].len > res.text.len)
				continue;	/* trimmed away */
			msg->links[msg->nlinks].url = incident_strdup(cx->inc, res.links[i].url);
			msg->links[msg->nlinks].offset = res.links[i].offset;
			msg->links[msg->nlinks].len = res.links[i].len;
			msg->nlinks++;
		}
	}
	mrkdwn_result_finish(&res);
}

/* ---- the rest of a message ---- */

static const char *author_of(struct slack_ctx *cx, struct json_object *m, bool *bot)
{
	static const char *const fallbacks[] = {
		"user_profile.real_name", "user_profile.display_name", "bot_profile.name",
		"username", "attachments", "user", "bot_id",
	};
	const char *user = jsonio_string(m, "user"), *name = NULL;
	const char *subtype = jsonio_string(m, "subtype");
	*bot = (subtype && strcmp(subtype, "bot_message") == 0) ||
	       (!user && jsonio_string(m, "bot_id"));
	if (user && (name = map_get(cx->users, user)))
		return name;
	for (size_t i = 0; i < COUNT(fallbacks); i++) {
		if (strcmp(fallbacks[i], "attachments") == 0) {
			struct json_object *atts = jsonio_array(m, "attachments");
			struct json_object *a = atts ? json_object_array_get_idx(atts, 0) : NULL;
			if (!*bot)
				continue;
			name = jsonio_string(a, "author_name");
			if (!name || !*name)
				name = jsonio_string(a, "service_name");
		} else {
			name = jsonio_dig_string(m, fallbacks[i]);
		}
		if (name && *name)
			return name;
	}
	return NULL;
}

static void add_files(struct slack_ctx *cx, struct message *msg, struct json_object *m)
{
	struct json_object *files = jsonio_array(m, "files");
	struct json_object *single = jsonio_member(m, "file");
	size_t n = files ? json_object_array_length(files) : 0;
	size_t total = n + (single && json_object_is_type(single, json_type_object));
	if (!total)
		return;
	msg->files = arena_alloc(&cx->inc->arena, total * sizeof *msg->files);
	for (size_t i = 0; i < total; i++) {
		struct json_object *f = i < n ? json_object_array_get_idx(files, i) : single;
		struct file_ref *r = &msg->files[msg->nfiles];
		const char *name = jsonio_string(f, "name"), *user = jsonio_string(f, "user");
		int64_t created;
		if (!name || !*name)
			name = jsonio_string(f, "title");
		if (!name || !*name)
			continue;
		r->name = incident_intern(cx->inc, name);
		r->type = incident_strdup(cx->inc, jsonio_string(f, "filetype"));
		r->poster = user && map_get(cx->users, user) ? incident_intern(cx->inc, map_get(cx->users, user))
							     : msg->author;
		r->time = jsonio_int(f, "created", &created) || jsonio_int(f, "timestamp", &created)
				  ? created * DATETIME_US : msg->time;
		msg->nfiles++;
	}
}

static bool is_done_reaction(const char *name)
{
	static const char *const done[] = {"white_check_mark", "heavy_check_mark",
					   "ballot_box_with_check", "\xE2\x9C\x85"};
	for (size_t k = 0; k < COUNT(done); k++)
		if (strcmp(name, done[k]) == 0)
			return true;
	return false;
}

static void add_reactions(struct slack_ctx *cx, struct message *msg, struct json_object *m)
{
	struct json_object *rs = jsonio_array(m, "reactions");
	size_t n = rs ? json_object_array_length(rs) : 0;
	if (!n)
		return;
	msg->reactions = arena_alloc(&cx->inc->arena, n * sizeof *msg->reactions);
	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(rs, i);
		const char *name = jsonio_string(r, "name");
		struct json_object *users = jsonio_array(r, "users");
		int64_t count = 0;
		if (!name || !*name)
			continue;
		if (!jsonio_int(r, "count", &count) || count < 0)
			count = users ? (int64_t)json_object_array_length(users) : 1;
		msg->reactions[msg->nreactions].name = incident_strdup(cx->inc, name);
		msg->reactions[msg->nreactions].count = (size_t)count;
		msg->nreactions++;
		msg->done_mark |= is_done_reaction(name);
	}
}

/* ---- one message ---- */

/* "prefix.key", or "key" at the top level; owned. */
static char *member_path(const char *prefix, const char *key)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s%s", prefix, *prefix ? "." : "", key);
	return buf_detach(&b);
}

static void warn_member(struct slack_ctx *cx, const char *prefix, const char *key,
			const char *what)
{
	char *path = member_path(prefix, key);
	diag_path(DIAG_WARNING, cx->display, path, "%s; message skipped", what);
	free(path);
}

/* Checks the members the importer reads; warns and returns false on the
 * first of the wrong type. */
static bool check_members(struct slack_ctx *cx, struct json_object *m, const char *prefix)
{
	struct json_object *v;
	for (size_t i = 0; i < COUNT(string_members); i++)
		if ((v = jsonio_member(m, string_members[i])) && !json_object_is_type(v, json_type_string))
			return warn_member(cx, prefix, string_members[i], "not a string"), false;
	for (size_t i = 0; i < COUNT(object_members); i++)
		if ((v = jsonio_member(m, object_members[i])) && !json_object_is_type(v, json_type_object))
			return warn_member(cx, prefix, object_members[i], "not an object"), false;
	for (size_t i = 0; i < COUNT(array_members); i++)
		if ((v = jsonio_member(m, array_members[i])) && !json_object_is_type(v, json_type_array))
			return warn_member(cx, prefix, array_members[i], "not an array"), false;
	return true;
}

/* The message's time from its "ts", or a warning and false. */
static bool message_time(struct slack_ctx *cx, struct json_object *m, const char *prefix,
			 int64_t *t)
{
	const char *ts = jsonio_string(m, "ts");
	if (!ts) {
		warn_member(cx, prefix, "ts", jsonio_member(m, "ts") ? "not a string" : "missing");
		return false;
	}
	if (!parse_slack_ts(ts, t)) {
		char *path = member_path(prefix, "ts");
		diag_path(DIAG_WARNING, cx->display, path,
			  "not a Slack timestamp (\"%.40s\"); message skipped", ts);
		free(path);
		return false;
	}
	return true;
}

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of ts: where its message index is, or the empty slot for it. */
static size_t *seen_slot(const struct slack_ctx *cx, const char *ts)
{
	const struct seen *t = &cx->seen;
	size_t h = hash_str(ts) & (t->cap - 1);
	while (t->slots[h] != SIZE_MAX && strcmp(cx->inc->messages[t->slots[h]].id, ts) != 0)
		h = (h + 1) & (t->cap - 1);
	return &t->slots[h];
}

static size_t seen_index(const struct slack_ctx *cx, const char *ts)
{
	return ts && cx->seen.cap ? *seen_slot(cx, ts) : SIZE_MAX;
}

/* Message i (its id set) is now known by its ts. */
static void seen_add(struct slack_ctx *cx, size_t i)
{
	struct seen *t = &cx->seen;
	if (2 * (t->n + 1) > t->cap) {
		struct seen old = *t;
		t->cap = old.cap ? 2 * old.cap : 1024;
		t->slots = xmalloc(t->cap * sizeof *t->slots);
		for (size_t k = 0; k < t->cap; k++)
			t->slots[k] = SIZE_MAX;
		for (size_t k = 0; k < old.cap; k++)
			if (old.slots[k] != SIZE_MAX)
				*seen_slot(cx, cx->inc->messages[old.slots[k]].id) = old.slots[k];
		free(old.slots);
	}
	*seen_slot(cx, cx->inc->messages[i].id) = i;
	t->n++;
}

/* Where a message with this id goes: a new slot (its id set), or the
 * earlier copy when this one is a later edit of it; NULL when it is a plain
 * repeat. */
static struct message *message_slot(struct slack_ctx *cx, const char *ts, bool edited)
{
	size_t k = seen_index(cx, ts);
	struct message *msg;
	if (k != SIZE_MAX) {
		const char *id;
		msg = &cx->inc->messages[k];
		if (!edited || msg->edited)
			return NULL;
		id = msg->id;
		memset(msg, 0, sizeof *msg);
		msg->id = id;
		msg->text = "";
		msg->parent = SIZE_MAX;
		return msg;
	}
	msg = incident_add_message(cx->inc);
	msg->id = incident_strdup(cx->inc, ts);
	seen_add(cx, cx->inc->nmessages - 1);
	return msg;
}

static void fill_message(struct slack_ctx *cx, struct message *msg, struct json_object *m,
			 int64_t t, bool edited)
{
	const char *ts = jsonio_string(m, "ts"), *subtype = jsonio_string(m, "subtype");
	const char *thread = jsonio_string(m, "thread_ts");
	struct json_object *pins = jsonio_array(m, "pinned_to");
	bool bot;
	msg->time = t;
	msg->kind = SOURCE_SLACK;
	msg->source = cx->source;
	msg->author = incident_intern(cx->inc, author_of(cx, m, &bot));
	msg->bot = bot;
	msg->system = subtype && is_system_subtype(subtype);
	msg->deleted = subtype && strcmp(subtype, "tombstone") == 0;
	msg->edited = edited || jsonio_member(m, "edited") != NULL;
	msg->pinned = pins && json_object_array_length(pins) > 0;
	msg->broadcast = subtype && (strcmp(subtype, "thread_broadcast") == 0 ||
				     strcmp(subtype, "reply_broadcast") == 0);
	if (thread && strcmp(thread, ts) != 0)
		msg->parent_id = incident_strdup(cx->inc, thread);
	set_text(cx, msg, m);
	add_files(cx, msg, m);
	add_reactions(cx, msg, m);
}

/* Remembers what folds or deletes other messages once the document is read. */
static void note_relations(struct slack_ctx *cx, struct message *msg, struct json_object *m)
{
	const char *subtype = jsonio_string(m, "subtype"), *target;
	if (msg->broadcast) {
		struct json_object *atts = jsonio_array(m, "attachments");
		/* legacy reply_broadcast quotes the reply in attachments[0].ts */
		target = atts ? jsonio_string(json_object_array_get_idx(atts, 0), "ts") : NULL;
		map_set(cx->broadcasts, msg->id, target ? target : "");
	}
	if (subtype && strcmp(subtype, "message_deleted") == 0 &&
	    (target = jsonio_string(m, "deleted_ts"))) {
		map_set(cx->deletions, target, "");
		if (!*msg->text)
			msg->text = "This message was deleted.";
	}
}

static void load_message(struct slack_ctx *cx, struct json_object *m, const char *prefix,
			 bool edited);

static void load_replies(struct slack_ctx *cx, struct json_object *m, const char *prefix)
{
	struct json_object *replies = jsonio_array(m, "slackdump_thread_replies");
	for (size_t i = 0; replies && i < json_object_array_length(replies); i++) {
		struct buf path = {0};
		buf_printf(&path, "%s%sslackdump_thread_replies[%zu]", prefix, *prefix ? "." : "", i);
		load_message(cx, json_object_array_get_idx(replies, i), buf_str(&path), false);
		buf_free(&path);
	}
}

static void load_message(struct slack_ctx *cx, struct json_object *m, const char *prefix,
			 bool edited)
{
	const char *subtype;
	struct message *msg;
	int64_t t;

	if (!json_object_is_type(m, json_type_object)) {
		diag_path(DIAG_WARNING, cx->display, *prefix ? prefix : "(top level)",
			  "not a message object; skipped");
		return;
	}
	subtype = jsonio_string(m, "subtype");
	if (subtype && strcmp(subtype, "message_changed") == 0 && jsonio_member(m, "message")) {
		/* an event: the message as it now reads replaces the original */
		char *inner = member_path(prefix, "message");
		if (check_members(cx, m, prefix))
			load_message(cx, jsonio_member(m, "message"), inner, true);
		free(inner);
		return;
	}
	if (!message_time(cx, m, prefix, &t) || !check_members(cx, m, prefix))
		return;
	msg = message_slot(cx, jsonio_string(m, "ts"), edited || jsonio_member(m, "edited"));
	if (msg) {
		fill_message(cx, msg, m, t, edited);
		note_relations(cx, msg, m);
	}
	load_replies(cx, m, prefix);
}

/* API dumps have no users.json: names come from the messages' user_profile. */
static void learn_profiles(struct slack_ctx *cx, struct json_object *messages)
{
	for (size_t i = 0; i < json_object_array_length(messages); i++) {
		struct json_object *m = json_object_array_get_idx(messages, i);
		const char *user = jsonio_string(m, "user");
		const char *name = jsonio_dig_string(m, "user_profile.real_name");
		if (!name || !*name)
			name = jsonio_dig_string(m, "user_profile.display_name");
		if (user && name && *name && !map_get(cx->users, user))
			map_set_user(cx->users, user, name);
	}
}

static void load_messages(struct slack_ctx *cx, struct json_object *arr, const char *key)
{
	learn_profiles(cx, arr);
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct buf path = {0};
		buf_printf(&path, "%s[%zu]", key, i);
		load_message(cx, json_object_array_get_idx(arr, i), buf_str(&path), false);
		buf_free(&path);
	}
}

/* Any one Slack JSON document, told apart by its shape. */
static void load_document(struct slack_ctx *cx, struct json_object *doc)
{
	static const char *const wrappers[] = {"messages", "data"};
	struct json_object *arr;
	const char *name;
	if (json_object_is_type(doc, json_type_array)) {
		load_messages(cx, doc, "");
		return;
	}
	if (!json_object_is_type(doc, json_type_object)) {
		diag_at(DIAG_ERROR, cx->display, 0, 0,
			"not a Slack day file, API dump or message");
		cx->failed = true;
		return;
	}
	if (jsonio_member(doc, "ok") && !jsonio_bool(doc, "ok")) {
		const char *err = jsonio_string(doc, "error");
		diag_at(DIAG_ERROR, cx->display, 0, 0, "a failed API call (\"%s\"), not messages",
			err ? err : "no error given");
		cx->failed = true;
		return;
	}
	for (size_t i = 0; i < COUNT(wrappers); i++) {
		if ((arr = jsonio_array(doc, wrappers[i]))) {
			/* slackdump's dump names its channel */
			if ((name = jsonio_string(doc, "name")) && *name && !cx->inc->channel)
				cx->inc->channel = incident_intern(cx->inc, name);
			load_messages(cx, arr, wrappers[i]);
			return;
		}
	}
	if (jsonio_member(doc, "ts")) {
		struct json_object *one = json_object_new_array();
		json_object_array_add(one, json_object_get(doc));
		learn_profiles(cx, one);
		json_object_put(one);
		load_message(cx, doc, "", false);
		return;
	}
	diag_at(DIAG_ERROR, cx->display, 0, 0,
		"not a Slack day file, API dump or message (no \"messages\" array or \"ts\")");
	cx->failed = true;
}

/* A parsed document (NULL: it failed, already reported) from path. */
static void load_parsed(struct slack_ctx *cx, struct json_object *doc, const char *path)
{
	cx->display = path;
	if (doc)
		load_document(cx, doc);
	else
		cx->failed = true;
}

static void load_document_file(struct slack_ctx *cx, const char *path)
{
	struct json_object *doc = jsonio_load(path, path);
	load_parsed(cx, doc, path);
	json_object_put(doc);
}

/* ---- after a source is read: deletions and broadcasts ---- */

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The messages of this import that could be a broadcast's original, by
 * thread, author and text, so finding one looks at its equals only (a scan
 * of the whole thread per broadcast took 30 s for 100 000 broadcasts):
 * chains of indices in index order. */
struct threads {
	size_t *keys;		/* owned; open addressing: a message of the chain
				 * (its key), SIZE_MAX when empty */
	size_t *heads;		/* owned; per slot, the chain's first message left */
	size_t cap;		/* a power of two, at least twice the messages */
	size_t *next;		/* owned; next message of the same chain */
};

static size_t hash_key(const struct message *m)
{
	return hash_str(m->parent_id) ^ (hash_str(m->author) * 31) ^ (hash_str(m->text) * 1031);
}

static bool same_key(const struct message *a, const struct message *b)
{
	return same_str(a->parent_id, b->parent_id) && same_str(a->author, b->author) &&
	       strcmp(a->text, b->text) == 0;
}

/* The head of the chain of messages like m, or NULL when there is none. */
static size_t *thread_head(struct threads *t, const struct incident *inc, const struct message *m)
{
	size_t h;
	for (h = hash_key(m) & (t->cap - 1); t->keys[h] != SIZE_MAX; h = (h + 1) & (t->cap - 1))
		if (same_key(&inc->messages[t->keys[h]], m))
			return &t->heads[h];
	return NULL;
}

static void threads_init(struct threads *t, const struct slack_ctx *cx)
{
	const struct incident *inc = cx->inc;
	size_t n = inc->nmessages - cx->first;
	t->cap = 16;
	while (t->cap < 2 * n)
		t->cap *= 2;
	t->keys = xmalloc(t->cap * sizeof *t->keys);
	t->heads = xmalloc(t->cap * sizeof *t->heads);
	t->next = xmalloc((n ? n : 1) * sizeof *t->next);
	for (size_t i = 0; i < t->cap; i++)
		t->keys[i] = t->heads[i] = SIZE_MAX;
	for (size_t k = inc->nmessages; k-- > cx->first;) {
		const struct message *m = &inc->messages[k];
		size_t h;
		if (m->broadcast)
			continue;	/* never an original */
		for (h = hash_key(m) & (t->cap - 1); t->keys[h] != SIZE_MAX &&
		     !same_key(&inc->messages[t->keys[h]], m); h = (h + 1) & (t->cap - 1))
			;
		t->keys[h] = k;
		t->next[k - cx->first] = t->heads[h];
		t->heads[h] = k;
	}
}

static void threads_finish(struct threads *t)
{
	free(t->keys);
	free(t->heads);
	free(t->next);
}

/* The in-thread copy of broadcast b, or SIZE_MAX. A message folded or
 * turned broadcast stays so: it leaves the chain for good. */
static size_t broadcast_original(struct slack_ctx *cx, struct threads *t, size_t b,
				 const char *quoted)
{
	const struct message *bm = &cx->inc->messages[b];
	size_t k = seen_index(cx, quoted), *head;
	if (*quoted && k != SIZE_MAX && k != b)
		return k;
	head = thread_head(t, cx->inc, bm);
	while (head && *head != SIZE_MAX) {
		const struct message *o = &cx->inc->messages[*head];
		if (*head != b && !o->broadcast && !o->hidden)
			return *head;
		*head = t->next[*head - cx->first];
	}
	return SIZE_MAX;
}

/* A broadcast and its original are one moment: the earlier stays, the
 * other is folded into it. */
static void fold_broadcasts(struct slack_ctx *cx)
{
	struct threads t;
	if (!json_object_object_length(cx->broadcasts))
		return;
	threads_init(&t, cx);
	json_object_object_foreach(cx->broadcasts, id, quoted) {
		size_t b = seen_index(cx, id), o, keep, fold;
		struct message *k;
		const char **merged;
		if (b == SIZE_MAX ||
		    (o = broadcast_original(cx, &t, b, json_object_get_string(quoted))) == SIZE_MAX)
			continue;
		keep = cx->inc->messages[o].time <= cx->inc->messages[b].time ? o : b;
		fold = keep == o ? b : o;
		k = &cx->inc->messages[keep];
		merged = arena_alloc(&cx->inc->arena, (k->nmerged + 1) * sizeof *merged);
		if (k->nmerged)
			memcpy(merged, k->merged, k->nmerged * sizeof *merged);
		merged[k->nmerged++] = cx->inc->messages[fold].id;
		k->merged = merged;
		k->broadcast = true;
		cx->inc->messages[fold].hidden = true;
	}
	threads_finish(&t);
}

static void apply_deletions(struct slack_ctx *cx)
{
	json_object_object_foreach(cx->deletions, id, v) {
		size_t k = seen_index(cx, id);
		(void)v;
		if (k != SIZE_MAX) {
			struct message *m = &cx->inc->messages[k];
			m->deleted = true;
			m->system = true;
			/* as Teams does: what its author withdrew (a pasted
			 * secret, a file) is not written */
			m->text = "This message was deleted.";
			m->nlinks = m->nfiles = m->nreactions = 0;
		}
	}
}

/* ---- an import from start to end ---- */

static void ctx_init(struct slack_ctx *cx, struct incident *inc, const char *path)
{
	memset(cx, 0, sizeof *cx);
	cx->inc = inc;
	cx->users = json_object_new_object();
	cx->channels = json_object_new_object();
	cx->topics = json_object_new_object();
	cx->broadcasts = json_object_new_object();
	cx->deletions = json_object_new_object();
	cx->folders = json_object_new_object();
	cx->source = incident_add_source(inc, path, SOURCE_SLACK);
	cx->first = inc->nmessages;
	cx->display = path;
}

/* --users FILE replaces the users.json of the export. */
static void load_given_users(struct slack_ctx *cx, const struct import_options *opts)
{
	struct json_object *doc;
	if (!opts || !opts->users)
		return;
	cx->users_given = true;
	doc = jsonio_load(opts->users, opts->users);
	if (!doc) {
		cx->failed = true;
		return;
	}
	if (json_object_is_type(doc, json_type_array))
		read_users(cx, doc);
	else
		diag_at(DIAG_ERROR, opts->users, 0, 0, "expected a JSON array of users");
	cx->failed |= !json_object_is_type(doc, json_type_array);
	json_object_put(doc);
}

static bool ctx_finish(struct slack_ctx *cx)
{
	bool ok = !cx->failed;
	apply_deletions(cx);
	fold_broadcasts(cx);
	json_object_put(cx->users);
	json_object_put(cx->channels);
	json_object_put(cx->topics);
	free(cx->seen.slots);
	json_object_put(cx->broadcasts);
	json_object_put(cx->deletions);
	json_object_put(cx->folders);
	return ok;
}

/* The channel is named after its folder unless the document named it. */
static void set_channel(struct slack_ctx *cx, const char *folder)
{
	const char *name = map_get(cx->channels, folder), *topic;
	if (!name)
		name = folder;
	if (!cx->inc->channel && strcmp(name, ".") && strcmp(name, "/") && *name)
		cx->inc->channel = incident_intern(cx->inc, name);
	if (!cx->inc->topic && (topic = map_get(cx->topics, name)))
		cx->inc->topic = incident_intern(cx->inc, topic);
}

/* The day files of a channel folder, sorted by name (= by date). */
static bool keep_day_file(const char *path, const char *name)
{
	(void)path;
	return is_day_file(name);
}

/* The day files of a channel folder, sorted by name (= by date). */
static char **list_day_files(const char *dir, size_t *count)
{
	return import_list_files(dir, keep_day_file, count);
}

static bool has_day_files(const char *dir)
{
	size_t n;
	char **files = list_day_files(dir, &n);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return n > 0;
}

/* A folder of message files: JSON files of the folder (not day files nor
 * metadata) that hold one message object or an API dump page, such as a
 * chat tool's one-file-per-message dump. */
static bool keep_message_file(const char *path, const char *name)
{
	char head[4096];
	const char *p = head;
	size_t n = strlen(name);
	if (n <= 5 || strcmp(name + n - 5, ".json") || name[0] == '.' || is_day_file(name) ||
	    is_metadata_file(name) || !import_peek(path, head, sizeof head))
		return false;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (isspace((unsigned char)*p))
		p++;
	return *p == '{' && !strstr(p, "\"@odata") && !strstr(p, "reatedDateTime\"") &&
	       (strstr(p, "\"ts\"") || strstr(p, "\"messages\""));
}

static char **list_message_files(const char *dir, size_t *count)
{
	return import_list_files(dir, keep_message_file, count);
}

static bool has_message_files(const char *dir)
{
	size_t n;
	char **files = list_message_files(dir, &n);
	import_free_list(files, n);
	return n > 0;
}

/* files as listed by list_day_files or list_message_files; frees them. */
static void load_files(struct slack_ctx *cx, char **files, size_t n)
{
	struct jsonio_ahead *ahead = jsonio_ahead_new(files, n);
	for (size_t i = 0; i < n; i++) {
		load_parsed(cx, jsonio_ahead_next(ahead), files[i]);
		progress_file(cx->inc->nmessages);
	}
	jsonio_ahead_free(ahead);
	import_free_list(files, n);
}

static void load_channel_folder(struct slack_ctx *cx, const char *dir, bool messages)
{
	size_t n;
	char **files = messages ? list_message_files(dir, &n) : list_day_files(dir, &n);
	load_files(cx, files, n);
}

/* The folder key for a --channel value: a folder name, a conversation id
 * whose folder carries its name, or a name whose folder carries its id. */
static const char *resolve_folder(struct slack_ctx *cx, const char *want)
{
	const char *name = map_get(cx->channels, want);
	json_object_object_foreach(cx->folders, folder, v1) {
		(void)v1;
		if (strcmp(folder, want) == 0 || (name && strcmp(folder, name) == 0))
			return folder;
	}
	json_object_object_foreach(cx->channels, id, cname) {
		if (strcmp(json_object_get_string(cname), want) == 0 && map_get(cx->folders, id))
			return id;
	}
	return NULL;
}

/* The conversation to read from a workspace export, or NULL after an error. */
static const char *choose_folder(struct slack_ctx *cx, const char *want)
{
	const char *found = NULL;
	size_t n = (size_t)json_object_object_length(cx->folders);
	struct buf list = {0};
	if (!n) {
		diag_at(DIAG_ERROR, cx->display, 0, 0,
			"no conversation folder with YYYY-MM-DD.json day files in this export");
		return NULL;
	}
	if (want && *want == '#')
		want++;
	if (want)
		found = resolve_folder(cx, want);
	else if (n == 1) {
		json_object_object_foreach(cx->folders, k, v) {
			(void)v;
			found = k;
		}
	}
	if (found)
		return found;
	list_keys(cx->folders, &list);
	if (want)
		diag_at(DIAG_ERROR, cx->display, 0, 0, "no channel \"%s\" in this export (channels: %s)",
			want, buf_str(&list));
	else
		diag_at(DIAG_ERROR, cx->display, 0, 0,
			"this export holds %zu conversations; choose one with --channel (channels: %s)",
			n, buf_str(&list));
	buf_free(&list);
	return NULL;
}

/* A workspace export folder: metadata at the top, one folder per conversation. */
static void load_workspace_dir(struct slack_ctx *cx, const char *path, const char *channel)
{
	DIR *d = opendir(path);
	struct dirent *e;
	const char *folder;
	while (d && (e = readdir(d))) {
		char *sub = import_path_join(path, e->d_name);
		if (e->d_name[0] != '.' && import_is_dir(sub) && has_day_files(sub))
			map_set(cx->folders, e->d_name, "");
		free(sub);
	}
	if (d)
		closedir(d);
	for (size_t i = 0; i < COUNT(metadata_files); i++) {
		char *meta = import_path_join(path, metadata_files[i]);
		if (file_exists(meta))
			load_metadata_file(cx, meta);
		free(meta);
	}
	if (!(folder = choose_folder(cx, channel))) {
		cx->failed = true;
		return;
	}
	set_channel(cx, folder);
	{
		char *sub = import_path_join(path, folder);
		load_channel_folder(cx, sub, false);
		free(sub);
	}
}

/* ---- .zip exports: metadata in a first pass, the channel's day files in a
 * second, one member in memory at a time ---- */

static const char *member_base(const char *name)
{
	const char *slash = strrchr(name, '/');
	return slash ? slash + 1 : name;
}

/* The folder holding a member ("general" for "x/general/2026-06-03.json"),
 * owned; NULL at the top of the archive. */
static char *member_folder(const char *name)
{
	const char *base = member_base(name), *start;
	if (base == name)
		return NULL;
	start = base - 1;
	while (start > name && start[-1] != '/')
		start--;
	return xstrndup(start, (size_t)(base - 1 - start));
}

static char *member_display(const char *archive, const char *name)
{
	struct buf b = {0};
	buf_printf(&b, "%s(%s)", archive, name);
	return buf_detach(&b);
}

static enum zipread_choice want_sniff(void *ctx, const char *name)
{
	char *folder = member_folder(name);
	bool *found = ctx;
	*found = is_metadata_file(member_base(name)) || (folder && is_day_file(member_base(name)));
	free(folder);
	return *found ? ZIPREAD_STOP : ZIPREAD_SKIP;
}

static enum zipread_choice want_metadata(void *ctx, const char *name)
{
	struct slack_ctx *cx = ctx;
	char *folder = member_folder(name);
	if (folder && is_day_file(member_base(name)))
		map_set(cx->folders, folder, "");
	free(folder);
	return is_metadata_file(member_base(name)) ? ZIPREAD_READ : ZIPREAD_SKIP;
}

static void visit_metadata(void *ctx, const char *name, const char *data, size_t len)
{
	struct slack_ctx *cx = ctx;
	char *display = member_display(cx->archive, name);
	struct json_object *doc = jsonio_parse(data, len, display);
	cx->failed |= !doc;
	read_metadata(cx, member_base(name), doc, display);
	json_object_put(doc);
	free(display);
}

static enum zipread_choice want_day_file(void *ctx, const char *name)
{
	struct slack_ctx *cx = ctx;
	char *folder = member_folder(name);
	bool want = folder && is_day_file(member_base(name)) && strcmp(folder, cx->folder) == 0;
	free(folder);
	return want ? ZIPREAD_READ : ZIPREAD_SKIP;
}

static void visit_day_file(void *ctx, const char *name, const char *data, size_t len)
{
	struct slack_ctx *cx = ctx;
	char *display = member_display(cx->archive, name);
	struct json_object *doc = jsonio_parse(data, len, display);
	cx->display = display;
	if (doc)
		load_document(cx, doc);
	cx->failed |= !doc;
	progress_file(cx->inc->nmessages);
	cx->display = cx->archive;
	json_object_put(doc);
	free(display);
}

/* Both passes over a zip; `each` reads it from a file or from memory. */
struct zip_input {
	const char *path;		/* a file, or NULL */
	const void *data;		/* else the bytes */
	size_t len;
};

static bool zip_walk(const struct zip_input *in, const char *display, zipread_want want,
		     zipread_visit visit, void *ctx)
{
	if (in->path)
		return zipread_each(in->path, display, want, visit, ctx);
	return zipread_each_mem(in->data, in->len, display, want, visit, ctx);
}

static void load_zip(struct slack_ctx *cx, const struct zip_input *in, const char *channel)
{
	cx->archive = cx->display;
	if (!zip_walk(in, cx->archive, want_metadata, visit_metadata, cx)) {
		cx->failed = true;
		return;
	}
	if (!(cx->folder = choose_folder(cx, channel))) {
		cx->failed = true;
		return;
	}
	set_channel(cx, cx->folder);
	cx->failed |= !zip_walk(in, cx->archive, want_day_file, visit_day_file, cx);
}

/* ---- the importer ---- */

static bool sniff_file(const char *path)
{
	char head[4096];
	const char *p = head;
	if (zipread_is_zip(path)) {
		bool found = false;
		return zipread_each(path, NULL, want_sniff, NULL, &found) && found;
	}
	if (!import_peek(path, head, sizeof head))
		return false;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (isspace((unsigned char)*p))
		p++;
	/* Teams export-tool files are arrays too, with CreatedDateTime keys;
	 * Graph responses are objects with @odata keys. */
	if (*p == '[')
		return !strstr(p, "reatedDateTime\"");
	return *p == '{' && !strstr(p, "\"@odata") &&
	       (strstr(p, "\"messages\"") || strstr(p, "\"ts\"") || strstr(p, "\"data\"") ||
		strstr(p, "\"ok\""));
}

static bool is_workspace_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool found = false;
	while (d && !found && (e = readdir(d))) {
		char *sub = import_path_join(path, e->d_name);
		found = is_metadata_file(e->d_name) ||
			(e->d_name[0] != '.' && import_is_dir(sub) && has_day_files(sub));
		free(sub);
	}
	if (d)
		closedir(d);
	return found;
}

static bool sniff(const char *path)
{
	if (!import_is_dir(path))
		return sniff_file(path);
	return has_day_files(path) || is_workspace_dir(path) || has_message_files(path);
}

static bool load(struct incident *inc, const char *path, const struct import_options *opts)
{
	struct slack_ctx cx;
	bool folder = import_is_dir(path) && !has_day_files(path);
	bool messages = folder && has_message_files(path);
	ctx_init(&cx, inc, path);
	load_given_users(&cx, opts);
	if (folder && !messages) {
		load_workspace_dir(&cx, path, opts ? opts->channel : NULL);
	} else if (zipread_is_zip(path)) {
		struct zip_input in = {path, NULL, 0};
		load_zip(&cx, &in, opts ? opts->channel : NULL);
	} else {
		bool is_dir = import_is_dir(path);
		char *dir = is_dir ? xstrdup(path) : import_dir_of(path);
		char *channel = base_of(dir);
		load_metadata_beside(&cx, dir);
		if (is_dir)
			load_channel_folder(&cx, path, messages);
		else
			load_document_file(&cx, path);
		set_channel(&cx, channel);
		free(dir);
		free(channel);
	}
	return ctx_finish(&cx);
}

bool import_slack_buffer(struct incident *inc, const char *data, size_t len,
			 const char *display)
{
	struct slack_ctx cx;
	struct json_object *doc;
	ctx_init(&cx, inc, display);
	doc = jsonio_parse(data, len, display);
	if (doc)
		load_document(&cx, doc);
	cx.failed |= !doc;
	json_object_put(doc);
	return ctx_finish(&cx);
}

bool import_slack_zip_buffer(struct incident *inc, const void *data, size_t len,
			     const char *display, const char *channel)
{
	struct slack_ctx cx;
	struct zip_input in = {NULL, data, len};
	ctx_init(&cx, inc, display);
	load_zip(&cx, &in, channel);
	return ctx_finish(&cx);
}

const struct importer import_slack = {
	.name = "slack",
	.kind = SOURCE_SLACK,
	.sniff = sniff,
	.load = load,
};
