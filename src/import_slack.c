/* import_slack: Slack day files and channel folders into the model. */
#include <ctype.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "jsonio.h"
#include "mrkdwn.h"
#include "xalloc.h"

struct slack_ctx {
	struct incident *inc;
	size_t source;
	struct json_object *users;	/* owned: id -> display name */
	struct json_object *channels;	/* owned: id -> channel name */
	const char *display;		/* the file being read, for diagnostics */
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

static bool is_system_subtype(const char *subtype)
{
	for (size_t i = 0; i < sizeof system_subtypes / sizeof *system_subtypes; i++)
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

static bool sniff_file(const char *path)
{
	char head[4096];
	const char *p = head;
	if (!import_peek(path, head, sizeof head))
		return false;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '[')
		return false;
	/* Teams export-tool files are arrays too, with CreatedDateTime keys. */
	return !strstr(p, "reatedDateTime\"");
}

static bool sniff(const char *path)
{
	DIR *d;
	struct dirent *e;
	bool found = false;
	if (!import_is_dir(path))
		return sniff_file(path);
	if (!(d = opendir(path)))
		return false;
	while (!found && (e = readdir(d)))
		found = is_day_file(e->d_name);
	closedir(d);
	return found;
}

/* Display name of a users.json entry, empty strings counting as missing. */
static const char *user_name(struct json_object *u)
{
	static const char *const keys[] = {"real_name", "profile.real_name",
					   "profile.display_name", "name"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *s = jsonio_dig_string(u, keys[i]);
		if (s && *s)
			return s;
	}
	return NULL;
}

static char *path_join(const char *dir, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, dir);
	if (b.len && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, name);
	return buf_detach(&b);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static char *base_of(const char *path)
{
	size_t n = strlen(path);
	const char *slash;
	while (n > 1 && path[n - 1] == '/')
		n--;
	slash = n ? memrchr(path, '/', n) : NULL;
	return slash ? xstrndup(slash + 1, n - (size_t)(slash + 1 - path)) : xstrndup(path, n);
}

/* Looks for name in dir, then in its parent; returns an owned path or NULL. */
static char *find_beside(const char *dir, const char *name)
{
	char *here = path_join(dir, name), *up, *parent;
	FILE *f;
	if ((f = fopen(here, "rb"))) {
		fclose(f);
		return here;
	}
	free(here);
	parent = path_join(dir, "..");
	up = path_join(parent, name);
	free(parent);
	if ((f = fopen(up, "rb"))) {
		fclose(f);
		return up;
	}
	free(up);
	return NULL;
}

static struct json_object *load_array(const char *path)
{
	struct json_object *arr = jsonio_load(path, path);
	if (arr && !json_object_is_type(arr, json_type_array)) {
		diag_at(DIAG_ERROR, path, 0, 0, "expected a JSON array");
		json_object_put(arr);
		return NULL;
	}
	return arr;
}

static void load_users(struct slack_ctx *cx, const char *path)
{
	struct json_object *arr = load_array(path);
	size_t n = arr ? json_object_array_length(arr) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *u = json_object_array_get_idx(arr, i);
		const char *id = jsonio_string(u, "id"), *name = user_name(u);
		if (id && name)
			json_object_object_add(cx->users, id, json_object_new_string(name));
	}
	json_object_put(arr);
}

/* Fills the channel id -> name map and returns the topic of channel `name`. */
static const char *load_channels(struct slack_ctx *cx, const char *path, const char *name)
{
	struct json_object *arr = load_array(path);
	const char *topic = NULL;
	size_t n = arr ? json_object_array_length(arr) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		const char *id = jsonio_string(c, "id"), *cname = jsonio_string(c, "name");
		const char *t = jsonio_dig_string(c, "topic.value");
		if (id && cname)
			json_object_object_add(cx->channels, id, json_object_new_string(cname));
		if (cname && name && strcmp(cname, name) == 0 && t && *t)
			topic = incident_strdup(cx->inc, t);
	}
	json_object_put(arr);
	return topic;
}

static const char *lookup(struct json_object *map, const char *id)
{
	struct json_object *v;
	return json_object_object_get_ex(map, id, &v) ? json_object_get_string(v) : NULL;
}

static const char *lookup_user(void *ctx, const char *id)
{
	return lookup(((struct slack_ctx *)ctx)->users, id);
}

static const char *lookup_channel(void *ctx, const char *id)
{
	return lookup(((struct slack_ctx *)ctx)->channels, id);
}

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

/* Block Kit section and header texts, for app messages with no text. */
static void blocks_text(struct json_object *msg, struct mrkdwn_result *res,
			const struct mrkdwn_names *names)
{
	struct json_object *blocks = jsonio_array(msg, "blocks");
	size_t n = blocks ? json_object_array_length(blocks) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(blocks, i);
		add_line(res, jsonio_dig_string(b, "text.text"), names);
	}
}

static const char *author_of(struct slack_ctx *cx, struct json_object *m, bool *bot)
{
	const char *user = jsonio_string(m, "user"), *name = NULL;
	const char *subtype = jsonio_string(m, "subtype");
	*bot = (subtype && strcmp(subtype, "bot_message") == 0) ||
	       (!user && jsonio_string(m, "bot_id"));
	if (user && (name = lookup(cx->users, user)))
		return name;
	if ((name = jsonio_dig_string(m, "user_profile.real_name")) && *name)
		return name;
	if ((name = jsonio_dig_string(m, "bot_profile.name")) && *name)
		return name;
	if ((name = jsonio_string(m, "username")) && *name)
		return name;
	if (user)
		return user;
	return jsonio_string(m, "bot_id");
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
		const char *name = jsonio_string(f, "name");
		if (!name || !*name)
			name = jsonio_string(f, "title");
		if (!name || !*name)
			continue;
		msg->files[msg->nfiles].name = incident_strdup(cx->inc, name);
		msg->files[msg->nfiles].type = incident_strdup(cx->inc, jsonio_string(f, "filetype"));
		msg->nfiles++;
	}
}

static bool has_done_reaction(struct json_object *m)
{
	static const char *const done[] = {"white_check_mark", "heavy_check_mark",
					   "ballot_box_with_check", "\xE2\x9C\x85"};
	struct json_object *rs = jsonio_array(m, "reactions");
	for (size_t i = 0; rs && i < json_object_array_length(rs); i++) {
		const char *name = jsonio_string(json_object_array_get_idx(rs, i), "name");
		for (size_t k = 0; name && k < sizeof done / sizeof *done; k++)
			if (strcmp(name, done[k]) == 0)
				return true;
	}
	return false;
}

static void set_text(struct slack_ctx *cx, struct message *msg, struct json_object *m,
		     bool bot)
{
	struct mrkdwn_names names = {lookup_user, lookup_channel, cx};
	struct mrkdwn_result res = {0};
	const char *text = jsonio_string(m, "text");
	struct json_object *atts = jsonio_array(m, "attachments");
	const char *fallback = atts ? jsonio_string(json_object_array_get_idx(atts, 0), "fallback") : NULL;
	bool text_is_fallback = text && fallback && strcmp(text, fallback) == 0;

	if (text && *text && !(bot && text_is_fallback))
		mrkdwn_convert(text, &names, &res);
	if (!res.text.len || bot)
		attachments_text(m, &res, &names);
	if (!res.text.len)
		blocks_text(m, &res, &names);
	msg->text = arena_strndup(&cx->inc->arena, buf_str(&res.text), res.text.len);
	if (res.nlinks) {
		msg->links = arena_alloc(&cx->inc->arena, res.nlinks * sizeof *msg->links);
		for (size_t i = 0; i < res.nlinks; i++) {
			msg->links[i].url = incident_strdup(cx->inc, res.links[i].url);
			msg->links[i].offset = res.links[i].offset;
			msg->links[i].len = res.links[i].len;
		}
		msg->nlinks = res.nlinks;
	}
	mrkdwn_result_finish(&res);
}

static void load_message(struct slack_ctx *cx, struct json_object *m, size_t idx)
{
	const char *ts = jsonio_string(m, "ts"), *subtype, *thread;
	struct json_object *pins;
	struct message *msg;
	int64_t t;
	bool bot;
	char path[64];

	snprintf(path, sizeof path, "[%zu]", idx);
	if (!json_object_is_type(m, json_type_object)) {
		diag_path(DIAG_WARNING, cx->display, path, "not a message object; skipped");
		return;
	}
	snprintf(path, sizeof path, "[%zu].ts", idx);
	if (!ts) {
		struct json_object *v = jsonio_member(m, "ts");
		diag_path(DIAG_WARNING, cx->display, path, "%s; message skipped",
			  v ? "not a string" : "missing");
		return;
	}
	if (!parse_slack_ts(ts, &t)) {
		diag_path(DIAG_WARNING, cx->display, path,
			  "not a Slack timestamp (\"%.40s\"); message skipped", ts);
		return;
	}
	subtype = jsonio_string(m, "subtype");
	thread = jsonio_string(m, "thread_ts");
	msg = incident_add_message(cx->inc);
	msg->id = incident_strdup(cx->inc, ts);
	msg->time = t;
	msg->kind = SOURCE_SLACK;
	msg->source = cx->source;
	msg->author = incident_strdup(cx->inc, author_of(cx, m, &bot));
	msg->bot = bot;
	msg->system = subtype && is_system_subtype(subtype);
	msg->deleted = subtype && strcmp(subtype, "tombstone") == 0;
	msg->edited = jsonio_member(m, "edited") != NULL;
	pins = jsonio_array(m, "pinned_to");
	msg->pinned = pins && json_object_array_length(pins) > 0;
	msg->done_mark = has_done_reaction(m);
	if (thread && strcmp(thread, ts) != 0)
		msg->parent_id = incident_strdup(cx->inc, thread);
	set_text(cx, msg, m, bot);
	add_files(cx, msg, m);
}

static void load_day_file(struct slack_ctx *cx, const char *path)
{
	struct json_object *arr = load_array(path);
	size_t n = arr ? json_object_array_length(arr) : 0;
	cx->display = path;
	for (size_t i = 0; i < n; i++)
		load_message(cx, json_object_array_get_idx(arr, i), i);
	json_object_put(arr);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The day files of a channel folder, sorted by name (= by date). */
static char **list_day_files(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!is_day_file(e->d_name))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = path_join(dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, compare_names);
	*count = n;
	return names;
}

static void load_metadata(struct slack_ctx *cx, const char *dir, const char *channel,
			  const struct import_options *opts)
{
	char *users = opts->users ? xstrdup(opts->users) : find_beside(dir, "users.json");
	char *channels = find_beside(dir, "channels.json");
	if (!users)
		users = find_beside(dir, "org_users.json");
	if (users)
		load_users(cx, users);
	if (channels) {
		const char *topic = load_channels(cx, channels, channel);
		if (topic && !cx->inc->topic)
			cx->inc->topic = topic;
	}
	free(users);
	free(channels);
}

static bool load(struct incident *inc, const char *path, const struct import_options *opts)
{
	struct slack_ctx cx = {inc, 0, json_object_new_object(), json_object_new_object(), path};
	bool is_dir = import_is_dir(path);
	char *dir = is_dir ? xstrdup(path) : dir_of(path);
	char *channel = base_of(dir);
	int errors = diag_count(DIAG_ERROR);

	cx.source = incident_add_source(inc, path, SOURCE_SLACK);
	load_metadata(&cx, dir, channel, opts);
	if (!inc->channel && strcmp(channel, ".") && strcmp(channel, "/"))
		inc->channel = incident_strdup(inc, channel);
	if (is_dir) {
		size_t n = 0;
		char **files = list_day_files(path, &n);
		for (size_t i = 0; i < n; i++) {
			load_day_file(&cx, files[i]);
			free(files[i]);
		}
		free(files);
		if (!n)
			diag_at(DIAG_ERROR, path, 0, 0, "no YYYY-MM-DD.json day files in this folder");
	} else {
		load_day_file(&cx, path);
	}
	json_object_put(cx.users);
	json_object_put(cx.channels);
	free(dir);
	free(channel);
	return diag_count(DIAG_ERROR) == errors;
}

const struct importer import_slack = {
	.name = "slack",
	.kind = SOURCE_SLACK,
	.sniff = sniff,
	.load = load,
};
