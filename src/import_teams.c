/* import_teams: Microsoft Teams messages into the model: Graph list pages
 * (channel messages with nested replies, /replies pages, chat messages),
 * single chatMessage entities, and the Teams data export tool's bare arrays
 * with PascalCase keys, alone or as the tool's root or teams/ folder; --channel
 * picks one channel by channelIdentity. One reader: jsonio_member() ignores
 * key case. */
#include <ctype.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "htmltext.h"
#include "import.h"
#include "jsonio.h"
#include "progress.h"
#include "text.h"
#include "xalloc.h"

/* The ids of a message's mentions or attachments, sorted (ties in array
 * order), so a body with n references resolves them in O(n log n): a
 * linear scan per reference took 112 s for 50 000 attachments. */
struct id_entry {
	const char *id;	/* borrowed from the message's JSON */
	size_t idx;	/* index in the array */
};

struct id_index {
	struct id_entry *e;	/* owned; n entries */
	size_t *next;		/* owned: per group start, the first entry not taken */
	size_t n;
};

struct teams_ctx {
	struct incident *inc;
	size_t source;
	const char *display;		/* the file being read, for diagnostics */
	/* The message being converted, for the body's references. */
	struct json_object *msg;
	const char *path;		/* its JSON path, e.g. "value[3]" */
	const char *quote;		/* id a messageReference quotes, or NULL */
	struct file_ref *files;		/* heap; copied to the arena at the end */
	size_t nfiles, files_cap;
	bool *used;			/* attachments placed by the body */
	struct id_index attachments, mentions;	/* of the message being converted */
	/* --channel: the channel wanted (a name or id), NULL for all. */
	const char *want;
	struct json_object *names;	/* channel id -> display name (channels files) */
	struct json_object *seen;	/* channel ids met in messages, as keys */
	bool matched;			/* a message of the wanted channel was met */
};

/* ---- sniffing ---- */

static const char *skip_blank(const char *p)
{
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static bool sniff_file(const char *path)
{
	char head[4096];
	const char *p;
	if (!import_peek(path, head, sizeof head))
		return false;
	p = skip_blank(head);
	/* The export tool's bare arrays: import_slack declines exactly these. */
	if (*p == '[')
		return strstr(p, "reatedDateTime\"") != NULL;
	if (*p != '{')
		return false;
	return strstr(p, "\"@odata.context\"") ||
	       (strcasestr(p, "\"value\"") && (strcasestr(p, "messageType\"") ||
					       strcasestr(p, "\"body\""))) ||
	       (strcasestr(p, "\"messageType\"") && strcasestr(p, "\"createdDateTime\""));
}

static bool is_json_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, ".json") == 0 && name[0] != '.';
}

/* The Teams files of a folder (not its subfolders), sorted by name. */
static bool keep_teams_file(const char *path, const char *name)
{
	return is_json_name(name) && !import_is_dir(path) && sniff_file(path);
}

static char **list_files(const char *dir, size_t *count)
{
	return import_list_files(dir, keep_teams_file, count);
}

/* The data export tool's teams/ folder holds one folder per team with its
 * messages_{teamId}.json (every channel of the team) and channels_{teamId}.json. */
static bool keep_tool_messages(const char *path, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(name, "messages_", 9) && n > 5 && !strcmp(name + n - 5, ".json") &&
	       !import_is_dir(path);
}

static bool keep_team_dir(const char *path, const char *name)
{
	size_t n = 0;
	char **files;
	if (name[0] == '.' || !import_is_dir(path))
		return false;
	files = import_list_files(path, keep_tool_messages, &n);
	import_free_list(files, n);
	return n > 0;
}

static bool is_teams_folder(const char *dir)
{
	size_t n = 0;
	char **teams = import_list_files(dir, keep_team_dir, &n);
	import_free_list(teams, n);
	return n > 0;
}

/* The teams/ folder of an export-tool root or the folder itself, or NULL.
 * Caller frees. */
static char *tool_teams_folder(const char *path)
{
	char *sub;
	if (!import_is_dir(path))
		return NULL;
	if (is_teams_folder(path))
		return xstrdup(path);
	sub = import_path_join(path, "teams");
	if (is_teams_folder(sub))
		return sub;
	free(sub);
	return NULL;
}

static bool sniff(const char *path)
{
	size_t n = 0;
	char **files;
	char *teams = tool_teams_folder(path);
	bool tool = teams != NULL;
	free(teams);
	if (tool)
		return true;
	if (!import_is_dir(path))
		return sniff_file(path);
	files = list_files(path, &n);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return n > 0;
}

/* ---- fields ---- */

/* The key as the file spells it (camelCase or PascalCase), for JSON paths. */
static const char *spelled(struct json_object *obj, const char *key)
{
	json_object_object_foreach(obj, k, v) {
		(void)v;
		if (strcasecmp(k, key) == 0)
			return k;
	}
	return key;
}

static void warn_skip(struct teams_ctx *cx, struct json_object *m, const char *key,
		      const char *what)
{
	struct buf path = {0};
	buf_printf(&path, "%s%s%s", cx->path, *cx->path ? "." : "", spelled(m, key));
	diag_path(DIAG_WARNING, cx->display, buf_str(&path), "%s; message skipped", what);
	buf_free(&path);
}

/* Every field pmdraft reads has the type Graph documents (or is null). */
static bool check_types(struct teams_ctx *cx, struct json_object *m)
{
	static const struct {
		const char *key;
		enum json_type type;
		const char *name;
	} fields[] = {
		{"id", json_type_string, "a string"},
		{"createdDateTime", json_type_string, "a string"},
		{"messageType", json_type_string, "a string"},
		{"replyToId", json_type_string, "a string"},
		{"lastEditedDateTime", json_type_string, "a string"},
		{"deletedDateTime", json_type_string, "a string"},
		{"subject", json_type_string, "a string"},
		{"body", json_type_object, "an object"},
		{"from", json_type_object, "an object"},
		{"eventDetail", json_type_object, "an object"},
		{"attachments", json_type_array, "an array"},
		{"mentions", json_type_array, "an array"},
		{"reactions", json_type_array, "an array"},
		{"replies", json_type_array, "an array"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		struct json_object *v = jsonio_member(m, fields[i].key);
		char what[32];
		if (!v || json_object_is_type(v, fields[i].type))
			continue;
		snprintf(what, sizeof what, "not %s", fields[i].name);
		warn_skip(cx, m, fields[i].key, what);
		return false;
	}
	return true;
}

static bool is_event_type(const char *type)
{
	return type && (strcmp(type, "systemEventMessage") == 0 ||
			strcmp(type, "unknownFutureValue") == 0 ||
			strcmp(type, "chatEvent") == 0 || strcmp(type, "typing") == 0);
}

static const char *author_of(struct json_object *m, bool *bot)
{
	struct json_object *from = jsonio_member(m, "from");
	struct json_object *user = jsonio_member(from, "user");
	struct json_object *app = jsonio_member(from, "application");
	const char *name;
	*bot = false;
	if (user)
		return (name = jsonio_string(user, "displayName")) && *name ? name
									     : jsonio_string(user, "id");
	if (app) {
		*bot = true;
		return (name = jsonio_string(app, "displayName")) && *name ? name : "bot";
	}
	return NULL;
}

static bool is_done_reaction(const char *type)
{
	static const char *const done[] = {"\xE2\x9C\x85", "\xE2\x9C\x94", "\xE2\x98\x91",
					   "checkmark", "heavycheckmark", "whitecheckmark"};
	for (size_t i = 0; type && i < sizeof done / sizeof *done; i++)
		if (strncmp(type, done[i], strlen(done[i])) == 0)
			return true;
	return false;
}

static bool has_done_reaction(struct json_object *m)
{
	struct json_object *rs = jsonio_array(m, "reactions");
	for (size_t i = 0; rs && i < json_object_array_length(rs); i++)
		if (is_done_reaction(jsonio_string(json_object_array_get_idx(rs, i), "reactionType")))
			return true;
	return false;
}

/* ---- system events ---- */

/* "membersAdded" or "MembersAdded" -> "Members added". */
static void put_words(struct buf *out, const char *camel, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)camel[i];
		if (i == 0)
			buf_putc(out, (char)toupper(c));
		else if (isupper(c))
			buf_printf(out, " %c", tolower(c));
		else
			buf_putc(out, (char)c);
	}
}

/* Graph names the event in "@odata.type"; the export tool has one non-null
 * slot per event kind. Returns the detail object and the kind's name. */
static struct json_object *event_kind(struct json_object *ed, const char **name, size_t *n)
{
	const char *type = jsonio_string(ed, "@odata.type"), *dot, *suffix;
	if (!ed || !json_object_is_type(ed, json_type_object))
		return NULL;
	if (type) {
		dot = strrchr(type, '.');
		*name = dot ? dot + 1 : type;
		suffix = strstr(*name, "EventMessageDetail");
		*n = suffix ? (size_t)(suffix - *name) : strlen(*name);
		return ed;
	}
	json_object_object_foreach(ed, k, v) {
		if (v && strcasecmp(k, "EventType") && strcasecmp(k, "Initiator")) {
			*name = k;
			*n = strlen(k);
			return v;
		}
	}
	return NULL;
}

static void event_text(struct json_object *m, struct buf *out)
{
	static const char *const names[] = {"channelDisplayName", "chatDisplayName",
					    "teamDisplayName", "callDuration"};
	struct json_object *detail, *members;
	const char *kind = NULL, *sep = ": ";
	size_t n = 0;
	detail = event_kind(jsonio_member(m, "eventDetail"), &kind, &n);
	if (!kind) {
		buf_puts(out, "System event");
		return;
	}
	put_words(out, kind, n);
	members = jsonio_array(detail, "members");
	for (size_t i = 0; members && i < json_object_array_length(members); i++) {
		const char *who = jsonio_string(json_object_array_get_idx(members, i), "displayName");
		if (who && *who) {
			buf_printf(out, "%s%s", sep, who);
			sep = ", ";
		}
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = jsonio_string(detail, names[i]);
		if (v && *v) {
			buf_printf(out, "%s%s", sep, v);
			sep = ", ";
		}
	}
}

/* ---- body and attachments ---- */

static int compare_ids(const void *pa, const void *pb)
{
	const struct id_entry *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* any_type: ids of any scalar type count (mentions use numbers), else
 * strings only (attachments). */
static void id_index_build(struct id_index *ix, struct json_object *arr, bool any_type)
{
	size_t len = arr ? json_object_array_length(arr) : 0;
	ix->e = xcalloc(len + 1, sizeof *ix->e);
	ix->next = xcalloc(len + 1, sizeof *ix->next);
	ix->n = 0;
	for (size_t i = 0; i < len; i++) {
		struct json_object *idv = jsonio_member(json_object_array_get_idx(arr, i), "id");
		if (idv && (any_type ? !json_object_is_type(idv, json_type_object) &&
					       !json_object_is_type(idv, json_type_array)
				     : json_object_is_type(idv, json_type_string)))
			ix->e[ix->n++] = (struct id_entry){json_object_get_string(idv), i};
	}
	if (ix->n > 1)
		qsort(ix->e, ix->n, sizeof *ix->e, compare_ids);
	for (size_t i = 0; i < ix->n; i++)
		ix->next[i] = i;
}

static void id_index_free(struct id_index *ix)
{
	free(ix->e);
	free(ix->next);
	ix->e = NULL;
	ix->next = NULL;
	ix->n = 0;
}

/* Position of the first entry with this id, or SIZE_MAX. */
static size_t id_index_find(const struct id_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->e[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && strcmp(ix->e[lo].id, id) == 0 ? lo : SIZE_MAX;
}

static const char *mention_name(void *ctx, const char *id, const char **who)
{
	static const char *const kinds[] = {"user", "application", "conversation", "tag"};
	struct teams_ctx *cx = ctx;
	size_t at = id_index_find(&cx->mentions, id);
	struct json_object *mt, *what;
	if (at == SIZE_MAX)
		return NULL;
	mt = json_object_array_get_idx(jsonio_array(cx->msg, "mentions"), cx->mentions.e[at].idx);
	what = jsonio_member(mt, "mentioned");
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		struct json_object *e = jsonio_member(what, kinds[k]);
		const char *name = jsonio_string(e, "displayName");
		if (e) {
			*who = jsonio_string(e, "id");
			if (name && *name)
				return name;
		}
	}
	return jsonio_string(mt, "mentionText");
}

static void add_file(struct teams_ctx *cx, const char *name)
{
	const char *dot = strrchr(name, '.');
	struct file_ref *f;
	cx->files = xgrow(cx->files, &cx->files_cap, cx->nfiles + 1, sizeof *cx->files);
	f = &cx->files[cx->nfiles++];
	*f = (struct file_ref){0};	/* no poster or time of its own */
	f->name = incident_intern(cx->inc, name);
	f->type = dot && dot[1] && strlen(dot + 1) <= 8 ? incident_strdup(cx->inc, dot + 1) : NULL;
}

/* Attachment content is a JSON document inside a JSON string. */
static struct json_object *content_of(struct teams_ctx *cx, struct json_object *att, size_t idx)
{
	struct json_object *c = jsonio_member(att, "content");
	struct buf where = {0};
	struct json_object *parsed;
	if (!c || json_object_is_type(c, json_type_object))
		return c ? json_object_get(c) : NULL;
	if (!json_object_is_type(c, json_type_string) || !json_object_get_string_len(c))
		return NULL;
	buf_printf(&where, "%s: %s%sattachments[%zu].content", cx->display, cx->path,
		   *cx->path ? "." : "", idx);
	/* a broken card loses its text, not the message or the import */
	parsed = jsonio_parse_as(json_object_get_string(c), (size_t)json_object_get_string_len(c),
				 buf_str(&where), DIAG_WARNING);
	buf_free(&where);
	return parsed;
}

static void forwarded(struct htmltext_result *res, struct json_object *content)
{
	const char *html = jsonio_string(content, "originalMessageContent");
	if (!html || !*html)
		return;
	htmltext_newline(res);
	htmltext_convert(html, strlen(html), NULL, res);
}

static void render_attachment(struct teams_ctx *cx, size_t idx, struct htmltext_result *res)
{
	struct json_object *att = json_object_array_get_idx(jsonio_array(cx->msg, "attachments"), idx);
	const char *type = jsonio_string(att, "contentType"), *name = jsonio_string(att, "name");
	struct json_object *content;
	if (!type)
		return;
	if (strcmp(type, "messageReference") == 0) {
		content = content_of(cx, att, idx);
		if (!cx->quote)
			cx->quote = incident_strdup(cx->inc, jsonio_string(content, "messageId"));
		json_object_put(content);
	} else if (strcmp(type, "forwardedMessageReference") == 0) {
		content = content_of(cx, att, idx);
		forwarded(res, content);
		json_object_put(content);
	} else if (strstr(type, "card")) {
		content = content_of(cx, att, idx);
		htmltext_card(content, res);
		json_object_put(content);
	} else if (name && *name) {
		/* reference, file, image/...: evidence, never the (private) URL */
		add_file(cx, name);
		buf_puts(&res->text, name);
	}
}

/* The first attachment with this id not placed yet: each group of equal
 * ids keeps a cursor, since the body takes them in order. */
static void attachment_ref(void *ctx, const char *id, struct htmltext_result *res)
{
	struct teams_ctx *cx = ctx;
	struct id_index *ix = &cx->attachments;
	size_t group = id_index_find(ix, id), k;
	if (group == SIZE_MAX)
		return;
	for (k = ix->next[group]; k < ix->n && strcmp(ix->e[k].id, id) == 0; k++)
		if (!cx->used[ix->e[k].idx])
			break;
	if (k == ix->n || strcmp(ix->e[k].id, id) != 0) {
		ix->next[group] = k;
		return;
	}
	ix->next[group] = k + 1;
	cx->used[ix->e[k].idx] = true;
	render_attachment(cx, ix->e[k].idx, res);
}

static void body_text(struct teams_ctx *cx, struct htmltext_result *res)
{
	struct htmltext_refs refs = {mention_name, attachment_ref, cx};
	struct json_object *atts = jsonio_array(cx->msg, "attachments");
	const char *subject = jsonio_string(cx->msg, "subject");
	const char *type = jsonio_dig_string(cx->msg, "body.contentType");
	const char *content = jsonio_dig_string(cx->msg, "body.content");
	size_t natts = atts ? json_object_array_length(atts) : 0;

	cx->used = xcalloc(natts + 1, sizeof *cx->used);
	id_index_build(&cx->attachments, atts, false);
	id_index_build(&cx->mentions, jsonio_array(cx->msg, "mentions"), true);
	if (subject && *subject) {
		buf_puts(&res->text, subject);
		text_trim(&res->text);
	}
	htmltext_newline(res);
	if (content && type && strcasecmp(type, "text") == 0)
		buf_puts(&res->text, content);
	else if (content)
		htmltext_convert(content, strlen(content), &refs, res);
	for (size_t i = 0; i < natts; i++) {
		if (cx->used[i])
			continue;
		cx->used[i] = true;
		htmltext_newline(res);
		render_attachment(cx, i, res);
	}
	text_trim(&res->text);
	free(cx->used);
	cx->used = NULL;
	id_index_free(&cx->attachments);
	id_index_free(&cx->mentions);
}

static void set_text(struct teams_ctx *cx, struct message *msg)
{
	struct htmltext_result res = {0};
	if (msg->deleted)
		/* a deleted body may hold what its author withdrew (a pasted secret) */
		buf_puts(&res.text, "This message was deleted.");
	else if (msg->system)
		event_text(cx->msg, &res.text);
	else
		body_text(cx, &res);
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
	if (cx->nfiles) {
		msg->files = arena_memdup(&cx->inc->arena, cx->files, cx->nfiles * sizeof *cx->files);
		msg->nfiles = cx->nfiles;
	}
	htmltext_result_finish(&res);
}

/* ---- messages ---- */

static void load_message(struct teams_ctx *cx, struct json_object *m, const char *path,
			 const char *parent);

static void load_replies(struct teams_ctx *cx, struct json_object *m, const char *path,
			 const char *id)
{
	struct json_object *replies = jsonio_array(m, "replies");
	for (size_t i = 0; replies && i < json_object_array_length(replies); i++) {
		struct buf p = {0};
		buf_printf(&p, "%s%s%s[%zu]", path, *path ? "." : "", spelled(m, "replies"), i);
		load_message(cx, json_object_array_get_idx(replies, i), buf_str(&p), id);
		buf_free(&p);
	}
}

static void fill_message(struct teams_ctx *cx, struct message *msg, const char *parent)
{
	struct json_object *m = cx->msg;
	const char *reply_to = jsonio_string(m, "replyToId");
	bool bot;
	msg->kind = SOURCE_TEAMS;
	msg->source = cx->source;
	msg->author = incident_intern(cx->inc, author_of(m, &bot));
	msg->bot = bot;
	msg->system = !jsonio_member(m, "from") ||
		      is_event_type(jsonio_string(m, "messageType"));
	msg->deleted = jsonio_string(m, "deletedDateTime") != NULL;
	msg->system |= msg->deleted;
	msg->edited = jsonio_string(m, "lastEditedDateTime") != NULL;
	msg->done_mark = has_done_reaction(m);
	cx->quote = NULL;
	cx->nfiles = 0;
	set_text(cx, msg);
	if (reply_to && *reply_to && strcmp(reply_to, msg->id))
		msg->parent_id = incident_strdup(cx->inc, reply_to);
	else if (parent)
		msg->parent_id = incident_strdup(cx->inc, parent);
	else if (cx->quote && strcmp(cx->quote, msg->id))
		msg->parent_id = cx->quote;	/* a quoted reply in a chat */
}

/* ---- channels ---- */

static const char *channel_name(const struct teams_ctx *cx, const char *id)
{
	struct json_object *v = NULL;
	return json_object_object_get_ex(cx->names, id, &v) ? json_object_get_string(v) : NULL;
}

/* A channel id or display name is the --channel asked for. */
static bool is_wanted(const struct teams_ctx *cx, const char *id)
{
	const char *name = channel_name(cx, id), *want = cx->want;
	if (*want == '#')
		want++;
	return !strcmp(id, want) || (name && !strcasecmp(name, want));
}

/* A top-level message of the --channel asked for, or of no channel (a chat).
 * Replies go with their parent. */
static bool in_wanted_channel(struct teams_ctx *cx, struct json_object *m)
{
	struct json_object *ci = jsonio_member(m, "channelIdentity");
	const char *id = ci ? jsonio_string(ci, "channelId") : NULL;
	if (!id || !*id)
		return true;
	if (cx->seen)	/* NULL when reading from memory */
		json_object_object_add(cx->seen, id, NULL);
	if (!cx->want)
		return true;
	if (!is_wanted(cx, id))
		return false;
	cx->matched = true;
	if (!cx->inc->channel)
		cx->inc->channel = incident_strdup(cx->inc, channel_name(cx, id) ? channel_name(cx, id) : id);
	return true;
}

/* An export-tool channel list (channels_{teamId}.json): Id and DisplayName. */
static bool read_channel_list(struct teams_ctx *cx, struct json_object *arr)
{
	bool any = false;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *c = json_object_array_get_idx(arr, i);
		const char *id = jsonio_string(c, "id"), *name = jsonio_string(c, "displayName");
		if (id && *id && name && jsonio_member(c, "membershipType")) {
			json_object_object_add(cx->names, id, json_object_new_string(name));
			any = true;
		}
	}
	return any;
}

static bool keep_channel_list(const char *path, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(name, "channels_", 9) && n > 5 && !strcmp(name + n - 5, ".json") &&
	       !import_is_dir(path);
}

/* The channel lists of folder dir, read into cx->names. */
static void read_channel_lists(struct teams_ctx *cx, const char *dir)
{
	size_t n = 0;
	char **files = import_list_files(dir, keep_channel_list, &n);
	for (size_t i = 0; i < n; i++) {
		struct json_object *root = jsonio_load(files[i], files[i]);
		if (json_object_is_type(root, json_type_array))
			read_channel_list(cx, root);
		json_object_put(root);
	}
	import_free_list(files, n);
}

static int compare_channels(const struct teams_ctx *cx, const char *a, const char *b)
{
	const char *na = channel_name(cx, a), *nb = channel_name(cx, b);
	int c = strcasecmp(na ? na : a, nb ? nb : b);
	return c ? c : strcmp(a, b);
}

/* "name (id), ..." of the channel ids that are keys of map, sorted. */
static void list_channels(const struct teams_ctx *cx, struct json_object *map, struct buf *out)
{
	size_t n = (size_t)json_object_object_length(map), k = 0;
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	json_object_object_foreach(map, id, v) {
		(void)v;
		ids[k++] = id;
	}
	for (size_t i = 1; i < n; i++)	/* by name, then id */
		for (size_t j = i; j > 0 && compare_channels(cx, ids[j - 1], ids[j]) > 0; j--) {
			const char *t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		const char *name = channel_name(cx, ids[i]);
		if (name)
			buf_printf(out, "%s%s (%s)", i ? ", " : "", name, ids[i]);
		else
			buf_printf(out, "%s%s", i ? ", " : "", ids[i]);
	}
	free(ids);
}

/* After reading with --channel: said when it selected nothing. */
static void check_wanted(struct teams_ctx *cx, const char *path)
{
	struct buf list = {0};
	if (!cx->want || cx->matched)
		return;
	if (!json_object_object_length(cx->seen)) {
		diag_at(DIAG_WARNING, path, 0, 0, "--channel %s: this Microsoft Teams export "
			"names no channel (a chat); it is read whole", cx->want);
		return;
	}
	list_channels(cx, cx->seen, &list);
	diag_at(DIAG_ERROR, path, 0, 0, "no channel \"%s\" in this export (channels: %s)",
		cx->want, buf_str(&list));
	buf_free(&list);
}

static void load_message(struct teams_ctx *cx, struct json_object *m, const char *path,
			 const char *parent)
{
	const char *id, *created;
	struct message *msg;
	int64_t t;
	char *idcopy;

	cx->path = path;
	if (!json_object_is_type(m, json_type_object)) {
		diag_path(DIAG_WARNING, cx->display, *path ? path : "(top)",
			  "not a message object; skipped");
		return;
	}
	if (!parent && !in_wanted_channel(cx, m))
		return;
	if (!check_types(cx, m))
		return;
	id = jsonio_string(m, "id");
	created = jsonio_string(m, "createdDateTime");
	if (!id || !*id || !created) {
		warn_skip(cx, m, !id || !*id ? "id" : "createdDateTime", "missing");
		return;
	}
	if (!parse_iso_time(created, &t)) {
		struct buf what = {0};
		buf_printf(&what, "not an ISO 8601 time (\"%.40s\")", created);
		warn_skip(cx, m, "createdDateTime", buf_str(&what));
		buf_free(&what);
		return;
	}
	cx->msg = m;
	msg = incident_add_message(cx->inc);
	msg->id = idcopy = incident_strdup(cx->inc, id);
	msg->time = t;
	fill_message(cx, msg, parent);
	load_replies(cx, m, path, idcopy);
}

/* True when some item of the array looks like a chatMessage. */
static bool holds_messages(struct json_object *arr)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *m = json_object_array_get_idx(arr, i);
		if (jsonio_member(m, "body") || jsonio_member(m, "messageType"))
			return true;
	}
	return json_object_array_length(arr) == 0;
}

static void load_items(struct teams_ctx *cx, struct json_object *arr, const char *prefix)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct buf p = {0};
		buf_printf(&p, "%s[%zu]", prefix, i);
		load_message(cx, json_object_array_get_idx(arr, i), buf_str(&p), NULL);
		buf_free(&p);
	}
}

/* A parsed file: a Graph page, a single entity or an export-tool array. In a
 * folder, arrays that hold no messages (channel and user lists) are passed over. */
static bool load_root(struct teams_ctx *cx, struct json_object *root, bool in_folder)
{
	struct json_object *value;
	if (json_object_is_type(root, json_type_array)) {
		if (holds_messages(root)) {
			load_items(cx, root, "");
			return true;
		}
		if (in_folder)
			return true;
		diag_at(DIAG_ERROR, cx->display, 0, 0,
			"a JSON array without Teams messages (no body or messageType)");
		return false;
	}
	if (!json_object_is_type(root, json_type_object)) {
		diag_at(DIAG_ERROR, cx->display, 0, 0, "not a Microsoft Graph response");
		return false;
	}
	if ((value = jsonio_member(root, "value"))) {
		if (json_object_is_type(value, json_type_array)) {
			load_items(cx, value, spelled(root, "value"));
			return true;
		}
		diag_path(DIAG_ERROR, cx->display, spelled(root, "value"),
			  "not an array (expected a Microsoft Graph list of chatMessage)");
		return false;
	}
	if (jsonio_member(root, "id") && jsonio_member(root, "createdDateTime")) {
		load_message(cx, root, "", NULL);
		return true;
	}
	diag_at(DIAG_ERROR, cx->display, 0, 0,
		"not a Microsoft Graph response: no \"value\" array and no chatMessage");
	return false;
}

/* root stays the caller's. */
static bool load_parsed(struct teams_ctx *cx, struct json_object *root, bool in_folder)
{
	bool ok = root && load_root(cx, root, in_folder);
	free(cx->files);
	cx->files = NULL;
	cx->files_cap = 0;
	return ok;
}

bool import_teams_buffer(struct incident *inc, const char *data, size_t len,
			 const char *display)
{
	struct teams_ctx cx = {.inc = inc, .display = display};
	struct json_object *root = jsonio_parse(data, len, display);
	bool ok;
	cx.source = incident_add_source(inc, display, SOURCE_TEAMS);
	ok = load_parsed(&cx, root, false);
	json_object_put(root);
	return ok;
}

/* The message files of every team, their channel lists read into cx. */
static char **list_tool_files(struct teams_ctx *cx, const char *teams, size_t *count)
{
	size_t nteams = 0, n = 0, cap = 0;
	char **dirs = import_list_files(teams, keep_team_dir, &nteams), **files = NULL;
	for (size_t i = 0; i < nteams; i++) {
		size_t k = 0;
		char **some = import_list_files(dirs[i], keep_tool_messages, &k);
		read_channel_lists(cx, dirs[i]);
		for (size_t j = 0; j < k; j++) {
			files = xgrow(files, &cap, n + 1, sizeof *files);
			files[n++] = some[j];
		}
		free(some);
	}
	import_free_list(dirs, nteams);
	*count = n;
	return files;
}

/* The files of a folder (not its subfolders) into the incident. */
static void load_folder(struct teams_ctx *cx, char **files, size_t n)
{
	struct jsonio_ahead *ahead = jsonio_ahead_new(files, n);
	for (size_t i = 0; i < n; i++) {
		cx->display = files[i];
		load_parsed(cx, jsonio_ahead_next(ahead), true);
		progress_file(cx->inc->nmessages);
	}
	jsonio_ahead_free(ahead);
}

/* Without --channel, an export-tool folder's only channel is the one read;
 * several are an error listing them, as for a Slack workspace. */
static bool choose_channel(struct teams_ctx *cx, const char *path)
{
	struct buf list = {0};
	size_t n = (size_t)json_object_object_length(cx->names);
	if (cx->want || n == 0)
		return true;
	if (n == 1) {
		json_object_object_foreach(cx->names, id, v) {
			(void)v;
			cx->want = id;
		}
		return true;
	}
	list_channels(cx, cx->names, &list);
	diag_at(DIAG_ERROR, path, 0, 0,
		"this export holds %zu channels; choose one with --channel (channels: %s)", n,
		buf_str(&list));
	buf_free(&list);
	return false;
}

static bool load(struct incident *inc, const char *path, const struct import_options *opts)
{
	struct teams_ctx cx = {.inc = inc, .display = path};
	int errors = diag_count(DIAG_ERROR);
	char *teams = tool_teams_folder(path);
	cx.source = incident_add_source(inc, path, SOURCE_TEAMS);
	cx.want = opts ? opts->channel : NULL;
	cx.names = json_object_new_object();
	cx.seen = json_object_new_object();
	if (teams) {
		size_t n = 0;
		char **files = list_tool_files(&cx, teams, &n);
		if (choose_channel(&cx, path))
			load_folder(&cx, files, n);
		import_free_list(files, n);
	} else if (import_is_dir(path)) {
		size_t n = 0;
		char **files = list_files(path, &n);
		read_channel_lists(&cx, path);
		load_folder(&cx, files, n);
		import_free_list(files, n);
		if (!n)
			diag_at(DIAG_ERROR, path, 0, 0, "no Teams message files in this folder");
	} else {
		char *dir = import_dir_of(path);
		struct json_object *root;
		read_channel_lists(&cx, dir);
		free(dir);
		root = jsonio_load(path, path);
		load_parsed(&cx, root, false);
		json_object_put(root);
	}
	if (diag_count(DIAG_ERROR) == errors)
		check_wanted(&cx, path);
	json_object_put(cx.names);
	json_object_put(cx.seen);
	free(teams);
	return diag_count(DIAG_ERROR) == errors;
}

const struct importer import_teams = {
	.name = "teams",
	.kind = SOURCE_TEAMS,
	.sniff = sniff,
	.load = load,
};
