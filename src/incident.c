/* incident: the model's storage, ordering, de-duplication and thread links. */
#include "incident.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "xalloc.h"

void incident_init(struct incident *inc)
{
	memset(inc, 0, sizeof *inc);
	inc->severity_message = SIZE_MAX;
}

void incident_finish(struct incident *inc)
{
	arena_free(&inc->arena);
	free(inc->sources);
	free(inc->messages);
	free(inc->actions);
	free(inc->folds);
	free(inc->index);
	free(inc->names);
	memset(inc, 0, sizeof *inc);
}

/* A copy of s with invalid UTF-8 repaired: file-system names (folders, files,
 * zip members) reach the outputs as they are, and need not be UTF-8. */
static const char *repaired(struct incident *inc, const char *s)
{
	struct buf b = {0};
	const char *r;
	if (text_is_valid_utf8(s, strlen(s)))
		return arena_strdup(&inc->arena, s);
	text_repair_utf8(s, strlen(s), &b);
	r = arena_strdup(&inc->arena, buf_str(&b));
	buf_free(&b);
	return r;
}

/* s as a label in label: repaired, then cut to TEXT_LABEL_MAX characters.
 * Only the part that can be kept is read and checked, so a 10 MB name
 * costs no more than a short one. */
static void put_label(struct buf *label, const char *s)
{
	struct buf r = {0};
	bool cut;
	size_t n = text_label_len(s, TEXT_LABEL_MAX, &cut);
	if (text_is_valid_utf8(s, n)) {
		text_put_label(label, s, TEXT_LABEL_MAX);
		return;
	}
	/* each bad byte becomes U+FFFD, a character of its own: cut again */
	text_repair_utf8(s, n, &r);
	if (cut)
		buf_puts(&r, "\xE2\x80\xA6");
	text_put_label(label, buf_str(&r), TEXT_LABEL_MAX);
	buf_free(&r);
}

size_t incident_add_source(struct incident *inc, const char *path,
			   enum source_kind kind)
{
	struct source *s;
	inc->sources = xgrow(inc->sources, &inc->sources_cap, inc->nsources + 1,
			     sizeof *inc->sources);
	s = &inc->sources[inc->nsources];
	s->path = repaired(inc, path);
	s->kind = kind;
	s->messages = 0;
	return inc->nsources++;
}

struct message *incident_add_message(struct incident *inc)
{
	struct message *m;
	inc->messages = xgrow(inc->messages, &inc->messages_cap,
			      inc->nmessages + 1, sizeof *inc->messages);
	m = &inc->messages[inc->nmessages++];
	memset(m, 0, sizeof *m);
	m->text = "";
	m->parent = SIZE_MAX;
	return m;
}

struct action *incident_add_action(struct incident *inc)
{
	struct action *a;
	inc->actions = xgrow(inc->actions, &inc->actions_cap, inc->nactions + 1,
			     sizeof *inc->actions);
	a = &inc->actions[inc->nactions++];
	memset(a, 0, sizeof *a);
	a->message = SIZE_MAX;
	return a;
}

char *incident_strdup(struct incident *inc, const char *s)
{
	return s ? arena_strdup(&inc->arena, s) : NULL;
}

static int compare_messages(const void *pa, const void *pb)
{
	const struct message *a = pa, *b = pb;
	int c;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	c = strcmp(a->id, b->id);
	if (c)
		return c;
	/* identical ids: keep the one with more text first, so dedupe keeps it */
	return (int)(strlen(b->text) > strlen(a->text)) - (int)(strlen(b->text) < strlen(a->text));
}

/* FNV-1a: simple, good enough spread for ids. */
static size_t hash_id(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void intern_put(const char **slots, size_t cap, const char *s)
{
	size_t h = hash_id(s) & (cap - 1);
	while (slots[h])
		h = (h + 1) & (cap - 1);
	slots[h] = s;
}

static const char *intern(struct incident *inc, const char *s);

const char *incident_label(struct incident *inc, const char *s)
{
	struct buf label = {0};
	const char *r;
	if (!s)
		return NULL;
	put_label(&label, s);
	r = arena_strdup(&inc->arena, buf_str(&label));
	buf_free(&label);
	return r;
}

const char *incident_intern(struct incident *inc, const char *s)
{
	struct buf label = {0};
	const char *r;
	if (!s)
		return NULL;
	put_label(&label, s);
	r = intern(inc, buf_str(&label));
	buf_free(&label);
	return r;
}

static const char *intern(struct incident *inc, const char *s)
{
	size_t h;
	if (2 * (inc->nnames + 1) > inc->names_cap) {
		size_t cap = inc->names_cap ? 2 * inc->names_cap : 64;
		const char **slots = xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < inc->names_cap; i++)
			if (inc->names[i])
				intern_put(slots, cap, inc->names[i]);
		free(inc->names);
		inc->names = slots;
		inc->names_cap = cap;
	}
	for (h = hash_id(s) & (inc->names_cap - 1); inc->names[h]; h = (h + 1) & (inc->names_cap - 1))
		if (strcmp(inc->names[h], s) == 0)
			return inc->names[h];
	inc->nnames++;
	return inc->names[h] = arena_strdup(&inc->arena, s);
}

static void build_index(struct incident *inc)
{
	size_t cap = 16;
	while (cap < inc->nmessages * 2)
		cap *= 2;
	free(inc->index);
	inc->index = xmalloc(cap * sizeof *inc->index);
	inc->index_cap = cap;
	for (size_t i = 0; i < cap; i++)
		inc->index[i] = SIZE_MAX;
	for (size_t i = 0; i < inc->nmessages; i++) {
		size_t h = hash_id(inc->messages[i].id) & (cap - 1);
		while (inc->index[h] != SIZE_MAX)
			h = (h + 1) & (cap - 1);
		inc->index[h] = i;
	}
}

size_t incident_find(const struct incident *inc, const char *id)
{
	size_t h;
	if (!inc->index_cap)
		return SIZE_MAX;
	h = hash_id(id) & (inc->index_cap - 1);
	while (inc->index[h] != SIZE_MAX) {
		if (strcmp(inc->messages[inc->index[h]].id, id) == 0)
			return inc->index[h];
		h = (h + 1) & (inc->index_cap - 1);
	}
	return SIZE_MAX;
}

/* For finding repeated ids among the messages of one instant. */
struct same_time {
	const struct message *m;
	size_t at;	/* index in the sorted array */
};

static int compare_same_time(const void *pa, const void *pb)
{
	const struct same_time *a = pa, *b = pb;
	int c;
	if (a->m->kind != b->m->kind)
		return a->m->kind < b->m->kind ? -1 : 1;
	if ((c = strcmp(a->m->id, b->m->id)))
		return c;
	return (a->at > b->at) - (a->at < b->at);
}

/* Marks in dup[] each message of [from, to) (one instant) whose source kind
 * and id an earlier one has: sorted, so 100 000 messages at one instant
 * cost n log n comparisons, not n^2. */
static void mark_repeats(const struct incident *inc, size_t from, size_t to, bool *dup,
			 struct same_time *tmp)
{
	size_t n = to - from;
	for (size_t i = 0; i < n; i++)
		tmp[i] = (struct same_time){&inc->messages[from + i], from + i};
	qsort(tmp, n, sizeof *tmp, compare_same_time);
	for (size_t i = 1; i < n; i++)
		if (tmp[i].m->kind == tmp[i - 1].m->kind && strcmp(tmp[i].m->id, tmp[i - 1].m->id) == 0)
			dup[tmp[i].at] = true;
}

/* Repeated ids of one source kind sort into the same instant; the first
 * (the one with more text) is kept. */
static void drop_duplicates(struct incident *inc)
{
	size_t n = inc->nmessages, w = 0;
	bool *dup = xcalloc(n + 1, sizeof *dup);
	struct same_time *tmp = xcalloc(n + 1, sizeof *tmp);
	for (size_t g = 0, e; g < n; g = e) {
		for (e = g + 1; e < n && inc->messages[e].time == inc->messages[g].time; e++)
			;
		if (e - g > 1)
			mark_repeats(inc, g, e, dup, tmp);
	}
	for (size_t r = 0; r < n; r++)
		if (!dup[r])
			inc->messages[w++] = inc->messages[r];
	inc->nmessages = w;
	free(tmp);
	free(dup);
}

/* Two messages whose parents name each other (an export can say so) would
 * hang below no top-level message and vanish from a threaded view: each
 * chain is walked up once, and the message that closes a loop becomes top
 * level. Linear: a walk stops at any message an earlier walk settled. */
static void break_cycles(struct incident *inc)
{
	size_t n = inc->nmessages;
	size_t *walk = xmalloc((n ? n : 1) * sizeof *walk);	/* walk that visited, or SIZE_MAX */
	for (size_t i = 0; i < n; i++)
		walk[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t k = i;
		while (k != SIZE_MAX && walk[k] == SIZE_MAX) {
			walk[k] = i;
			if (inc->messages[k].parent != SIZE_MAX && walk[inc->messages[k].parent] == i) {
				inc->messages[k].parent = SIZE_MAX;
				break;
			}
			k = inc->messages[k].parent;
		}
	}
	free(walk);
}

void incident_sort(struct incident *inc)
{
	if (inc->nmessages > 1)
		qsort(inc->messages, inc->nmessages, sizeof *inc->messages,
		      compare_messages);
	drop_duplicates(inc);
	for (size_t i = 0; i < inc->nsources; i++)
		inc->sources[i].messages = 0;
	for (size_t i = 0; i < inc->nmessages; i++)
		inc->sources[inc->messages[i].source].messages++;
	build_index(inc);
	for (size_t i = 0; i < inc->nmessages; i++) {
		struct message *m = &inc->messages[i];
		m->parent = m->parent_id ? incident_find(inc, m->parent_id) : SIZE_MAX;
		if (m->parent == i)
			m->parent = SIZE_MAX;
	}
	break_cycles(inc);
}

void incident_replies_init(struct incident_replies *r, const struct incident *inc)
{
	size_t n = inc->nmessages ? inc->nmessages : 1;
	r->first = xmalloc(n * sizeof *r->first);
	r->next = xmalloc(n * sizeof *r->next);
	for (size_t i = 0; i < inc->nmessages; i++)
		r->first[i] = r->next[i] = SIZE_MAX;
	/* backwards, pushing on the front, so each list ends up in index order */
	for (size_t i = inc->nmessages; i-- > 0;) {
		size_t p = inc->messages[i].parent;
		if (p == SIZE_MAX || p >= inc->nmessages)
			continue;
		r->next[i] = r->first[p];
		r->first[p] = i;
	}
}

void incident_replies_finish(struct incident_replies *r)
{
	free(r->first);
	free(r->next);
	r->first = r->next = NULL;
}

bool incident_text_next(const char *text, size_t *pos, struct segment *seg)
{
	const char *p = text + *pos, *end;
	if (!*p)
		return false;
	if (strncmp(p, "```", 3) == 0 && (p == text || p[-1] == '\n')) {
		const char *body = p + 3;
		if (*body == '\n')
			body++;
		end = strstr(body, "```");
		if (end) {
			size_t len = (size_t)(end - body);
			if (len && body[len - 1] == '\n')
				len--;
			seg->kind = SEG_BLOCK;
			seg->start = (size_t)(body - text);
			seg->len = len;
			end += 3;
			if (*end == '\n')
				end++;
			*pos = (size_t)(end - text);
			return true;
		}
	}
	if (*p == '`' && p[1] != '`' && (end = strchr(p + 1, '`')) &&
	    !memchr(p + 1, '\n', (size_t)(end - p - 1)) && end > p + 1) {
		seg->kind = SEG_CODE;
		seg->start = (size_t)(p + 1 - text);
		seg->len = (size_t)(end - p - 1);
		*pos = (size_t)(end + 1 - text);
		return true;
	}
	/* plain text up to the next possible code start */
	end = p + 1;
	while (*end && *end != '`')
		end++;
	seg->kind = SEG_TEXT;
	seg->start = *pos;
	seg->len = (size_t)(end - p);
	*pos = (size_t)(end - text);
	return true;
}

/* A link's place, for finding repeats of the same URL. */
struct link_ref {
	const char *url;
	size_t order;	/* position among all links, in timeline order */
};

static int compare_link_refs(const void *pa, const void *pb)
{
	const struct link_ref *a = pa, *b = pb;
	int c = strcmp(a->url, b->url);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

bool *incident_repeated_links(const struct incident *inc)
{
	size_t n = 0, k = 0;
	struct link_ref *refs;
	bool *repeat;
	for (size_t i = 0; i < inc->nmessages; i++)
		n += inc->messages[i].nlinks;
	refs = xcalloc(n ? n : 1, sizeof *refs);
	repeat = xcalloc(n ? n : 1, sizeof *repeat);
	for (size_t i = 0; i < inc->nmessages; i++)
		for (size_t j = 0; j < inc->messages[i].nlinks; j++, k++)
			refs[k] = (struct link_ref){inc->messages[i].links[j].url, k};
	if (n > 1)
		qsort(refs, n, sizeof *refs, compare_link_refs);
	for (size_t i = 1; i < n; i++)
		if (strcmp(refs[i].url, refs[i - 1].url) == 0)
			repeat[refs[i].order] = true;
	free(refs);
	return repeat;
}
