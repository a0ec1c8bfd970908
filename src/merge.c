/* merge: dates the notes' "HH:MM" rows from the chat, then folds notes into
 * the chat messages they restate (one entry per moment, not two). */
#include "merge.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "incident.h"
#include "redact.h"
#include "xalloc.h"

#define MINUTE (60 * DATETIME_US)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

/* A note and a message this close describe the same moment when their words
 * are clearly alike; a quote may be posted a little later. */
#define SIMILAR_WINDOW (5 * MINUTE)
#define QUOTE_WINDOW (30 * MINUTE)
#define SIMILAR_MIN 0.5
#define SHARED_MIN 3
/* The next day is a candidate for an "HH:MM" row only where the chat is. */
#define NEAR_CHAT HOUR

/* ---- words --------------------------------------------------------------- */

static bool is_stopword(const char *w)
{
	static const char *const stop[] = {
		"the", "an", "and", "or", "to", "of", "in", "on", "for", "is", "are",
		"was", "were", "be", "been", "it", "its", "this", "that", "with", "as",
		"at", "by", "from", "we", "you", "our", "not", "no", "so", "but", "has",
		"have", "had", "will", "can", "just", "now", "all", "up", "out", "into",
		"then", "than", "there", "here", "also", "still", "after", "before", NULL};
	for (int i = 0; stop[i]; i++)
		if (strcmp(w, stop[i]) == 0)
			return true;
	return false;
}

/* Plurals and tenses fold together: "paused" ~ "pause", "duplicates" ~ "duplicate". */
static void stem(struct buf *b)
{
	if (b->len > 5 && !strcmp(b->data + b->len - 3, "ing"))
		b->len -= 3;
	else if (b->len > 4 && !strcmp(b->data + b->len - 2, "ed"))
		b->len -= 1;	/* "paused" -> "pause", "flagged" -> "flagge" (both sides alike) */
	else if (b->len > 3 && b->data[b->len - 1] == 's' && b->data[b->len - 2] != 's')
		b->len -= 1;
	b->data[b->len] = '\0';
}

static bool word_byte(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	/* "1,842" and "4.1" stay one number */
	if ((c == ',' || c == '.') && i > 0 && isdigit((unsigned char)s[i - 1]) &&
	    isdigit((unsigned char)s[i + 1]))
		return true;
	return isalnum(c) || c >= 0x80;
}

void merge_words_split(const char *s, struct merge_words *out)
{
	struct buf b = {0};
	for (size_t i = 0;; i++) {
		if (s[i] && word_byte(s, i)) {
			if (s[i] != ',' && s[i] != '.')
				buf_putc(&b, (char)tolower((unsigned char)s[i]));
			continue;
		}
		if (b.len >= 2) {
			stem(&b);
			if (!is_stopword(b.data)) {
				out->w = xgrow(out->w, &out->cap, out->n + 1, sizeof *out->w);
				out->w[out->n++] = xstrdup(b.data);
			}
		}
		buf_reset(&b);
		if (!s[i])
			break;
	}
	buf_free(&b);
}

void merge_words_free(struct merge_words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
}

static bool has_word(const struct merge_words *ws, size_t upto, const char *w)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(ws->w[i], w) == 0)
			return true;
	return false;
}

/* Distinct words of ws, and how many of them occur in other. */
static void count_shared(const struct merge_words *ws, const struct merge_words *other, size_t *distinct,
			 size_t *shared)
{
	*distinct = *shared = 0;
	for (size_t i = 0; i < ws->n; i++) {
		if (has_word(ws, i, ws->w[i]))
			continue;
		++*distinct;
		*shared += has_word(other, other->n, ws->w[i]);
	}
}

static double similarity(const struct merge_words *a, const struct merge_words *b, size_t *shared)
{
	size_t da, db, sa, sb;
	count_shared(a, b, &da, &sa);
	count_shared(b, a, &db, &sb);
	*shared = sa < sb ? sa : sb;
	if (!da || !db)
		return 0;
	return (double)*shared / (double)(da < db ? da : db);
}

double merge_words_similarity(const struct merge_words *a, const struct merge_words *b)
{
	size_t shared;
	return similarity(a, b, &shared);
}

double merge_similarity(const char *a, const char *b)
{
	struct merge_words wa = {0}, wb = {0};
	double s;
	merge_words_split(a, &wa);
	merge_words_split(b, &wb);
	s = merge_words_similarity(&wa, &wb);
	merge_words_free(&wa);
	merge_words_free(&wb);
	return s;
}

/* inner's words, at least SHARED_MIN + 1 of them, in a row inside outer. */
static bool quotes(const struct merge_words *outer, const struct merge_words *inner)
{
	if (inner->n <= SHARED_MIN || inner->n > outer->n)
		return false;
	for (size_t i = 0; i + inner->n <= outer->n; i++) {
		size_t k = 0;
		while (k < inner->n && strcmp(outer->w[i + k], inner->w[k]) == 0)
			k++;
		if (k == inner->n)
			return true;
	}
	return false;
}

bool merge_quotes(const char *outer, const char *inner)
{
	struct merge_words wo = {0}, wi = {0};
	bool q;
	merge_words_split(outer, &wo);
	merge_words_split(inner, &wi);
	q = quotes(&wo, &wi);
	merge_words_free(&wo);
	merge_words_free(&wi);
	return q;
}

/* ---- dating "HH:MM" rows -------------------------------------------------- */

static bool is_chat(const struct message *m)
{
	return m->kind != SOURCE_NOTES && !m->system;
}

static long row_line(const struct message *m)
{
	return strtol(m->id + strlen("notes:"), NULL, 10);
}

static int compare_rows(const void *pa, const void *pb, void *ctx)
{
	const struct incident *inc = ctx;
	const struct message *a = &inc->messages[*(const size_t *)pa];
	const struct message *b = &inc->messages[*(const size_t *)pb];
	long la = row_line(a), lb = row_line(b);
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	return (la > lb) - (la < lb);
}

/* What the chat tells about the incident's days. */
struct span {
	bool chat;
	int64_t first, last;	/* first and last chat message */
	struct date base;	/* the day of the first one, in the notes' zone */
	int64_t *times;		/* owned: chat message times, ascending */
	size_t ntimes;
};

static int compare_times(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* The chat's times, sorted, so chat_near is a binary search (a scan of
 * every message per notes row was quadratic). */
static void chat_times(const struct incident *inc, struct span *sp)
{
	sp->times = xcalloc(inc->nmessages + 1, sizeof *sp->times);
	sp->ntimes = 0;
	for (size_t i = 0; i < inc->nmessages; i++)
		if (is_chat(&inc->messages[i]))
			sp->times[sp->ntimes++] = inc->messages[i].time;
	if (sp->ntimes > 1)
		qsort(sp->times, sp->ntimes, sizeof *sp->times, compare_times);
}

/* True when some chat message is within NEAR_CHAT of t. */
static bool chat_near(const struct span *sp, int64_t t)
{
	size_t lo = 0, hi = sp->ntimes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sp->times[mid] < t - NEAR_CHAT)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sp->ntimes && sp->times[lo] <= t + NEAR_CHAT;
}

/* The time of day tod on the day `days` after base, in the notes' zone. */
static int64_t at_day(const struct merge_options *opts, struct date base, long days,
		      int64_t tod)
{
	struct date d = date_from_days(date_to_days(base) + days);
	int64_t sec = tod / DATETIME_US;
	struct wall_time w = {.has_date = true, .year = d.year, .month = d.month, .day = d.day,
			      .hour = (int)(sec / 3600), .min = (int)(sec / 60 % 60),
			      .sec = (int)(sec % 60), .usec = tod % DATETIME_US};
	enum dst_fold fold;
	int64_t t = 0;
	datetime_from_wall(&w, opts ? opts->notes_tz : NULL, &t, &fold);
	return t;
}

static void warn_fold(const struct incident *inc, const struct merge_options *opts,
		      const struct message *m, int64_t tod, struct date day)
{
	int64_t sec = tod / DATETIME_US;
	struct wall_time w = {.has_date = true, .year = day.year, .month = day.month,
			      .day = day.day, .hour = (int)(sec / 3600), .min = (int)(sec / 60 % 60)};
	const char *zone = opts && opts->notes_tz ? opts->notes_tz : datetime_zone();
	enum dst_fold fold;
	int64_t t;
	datetime_from_wall(&w, zone, &t, &fold);
	if (fold != DST_OK)
		diag_at(DIAG_WARNING, inc->sources[m->source].path, row_line(m), 0,
			"%02d:%02d on %04d-%02d-%02d %s in %s; %s", w.hour, w.min, day.year,
			day.month, day.day, fold == DST_GAP ? "does not exist" : "happens twice",
			zone, fold == DST_GAP ? "read as an hour later" : "the first is taken");
}

/* For each position k, the first dated row after it (or NULL), for the
 * "fits its neighbours" test: one backward pass, where a forward scan per
 * row was quadratic in a file of "HH:MM" rows. Caller frees. */
static const struct message **next_dated_rows(const struct incident *inc, const size_t *rows,
					      size_t n)
{
	const struct message **next = xcalloc(n + 1, sizeof *next);
	const struct message *after = NULL;
	for (size_t k = n; k-- > 0;) {
		next[k] = after;
		if (!inc->messages[rows[k]].time_of_day)
			after = &inc->messages[rows[k]];
	}
	return next;
}

/* Day offset from base for one row: the incident's first day, rolled forward
 * past midnight when the rows before it are later, or the next day when the
 * time is before the chat began and the chat is there that next day. */
static long pick_day(const struct incident *inc, const struct merge_options *opts,
		     const struct span *sp, const struct message *m, const int64_t *prev,
		     const struct message *next)
{
	int64_t tod = m->time;
	long last_day = sp->chat ? date_to_days(datetime_date_in(sp->last, opts ? opts->notes_tz : NULL)) -
					   date_to_days(sp->base) + 1 : 1;
	if (prev && at_day(opts, sp->base, 0, tod) < *prev) {
		for (long d = 1; d <= last_day; d++) {
			int64_t t = at_day(opts, sp->base, d, tod);
			if (t >= *prev)
				return !sp->chat || chat_near(sp, t) ? d : 0;
		}
		return 0;
	}
	if (sp->chat && at_day(opts, sp->base, 0, tod) < sp->first && last_day > 1) {
		int64_t t = at_day(opts, sp->base, 1, tod);
		if (chat_near(sp, t) && (!next || t <= next->time))
			return 1;
	}
	return 0;
}

static bool find_span(const struct incident *inc, const struct merge_options *opts,
		      const size_t *rows, size_t n, struct span *sp)
{
	memset(sp, 0, sizeof *sp);
	for (size_t i = 0; i < inc->nmessages; i++) {
		const struct message *m = &inc->messages[i];
		if (!is_chat(m))
			continue;
		if (!sp->chat || m->time < sp->first)
			sp->first = m->time;
		if (!sp->chat || m->time > sp->last)
			sp->last = m->time;
		sp->chat = true;
	}
	if (sp->chat) {
		sp->base = datetime_date_in(sp->first, opts ? opts->notes_tz : NULL);
		return true;
	}
	/* notes alone: the first dated row gives the day */
	for (size_t k = 0; k < n; k++) {
		if (!inc->messages[rows[k]].time_of_day) {
			sp->base = datetime_date_in(inc->messages[rows[k]].time,
						    opts ? opts->notes_tz : NULL);
			return true;
		}
	}
	return false;
}

/* Notes rows in file order (by source, then line). Caller frees. */
static size_t *notes_rows(struct incident *inc, size_t *n)
{
	size_t *rows = xmalloc((inc->nmessages ? inc->nmessages : 1) * sizeof *rows);
	*n = 0;
	for (size_t i = 0; i < inc->nmessages; i++)
		if (inc->messages[i].kind == SOURCE_NOTES)
			rows[(*n)++] = i;
	qsort_r(rows, *n, sizeof *rows, compare_rows, inc);
	return rows;
}

static bool date_rows(struct incident *inc, const struct merge_options *opts)
{
	size_t n, k;
	size_t *rows = notes_rows(inc, &n);
	const struct message **next;
	struct span sp;
	bool any = false, have_prev = false;
	int64_t prev = 0;
	for (k = 0; k < n && !inc->messages[rows[k]].time_of_day; k++)
		;
	if (k == n) {
		free(rows);
		return true;
	}
	if (!find_span(inc, opts, rows, n, &sp)) {
		const struct message *m = &inc->messages[rows[k]];
		diag_at(DIAG_ERROR, inc->sources[m->source].path, row_line(m), 0,
			"a time without a date needs the chat export (--export) or a dated "
			"row to take its day from");
		free(rows);
		return false;
	}
	next = next_dated_rows(inc, rows, n);
	chat_times(inc, &sp);
	for (k = 0; k < n; k++) {
		struct message *m = &inc->messages[rows[k]];
		if (k > 0 && inc->messages[rows[k - 1]].source != m->source)
			have_prev = false;	/* another notes file */
		if (m->time_of_day) {
			long d = pick_day(inc, opts, &sp, m, have_prev ? &prev : NULL, next[k]);
			warn_fold(inc, opts, m, m->time, date_from_days(date_to_days(sp.base) + d));
			m->time = at_day(opts, sp.base, d, m->time);
			m->time_of_day = false;
			any = true;
		}
		prev = m->time;
		have_prev = true;
	}
	free(next);
	free(sp.times);
	free(rows);
	if (any)
		incident_sort(inc);
	return true;
}

/* ---- folding notes into messages ------------------------------------------ */

struct pair {
	size_t note, chat;
	double score;		/* a quote scores above any similarity */
	int64_t gap;		/* |time difference| */
};

static int compare_pairs(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->gap != b->gap)
		return a->gap < b->gap ? -1 : 1;
	if (a->note != b->note)
		return a->note < b->note ? -1 : 1;
	return (a->chat > b->chat) - (a->chat < b->chat);
}

static bool can_fold(const struct message *m)
{
	return is_chat(m) && !m->hidden && !m->deleted && m->text[0];
}

/* The score of note and chat as the same moment, or 0. */
static double pair_score(const struct merge_words *wn, const struct merge_words *wc, int64_t gap)
{
	size_t shared;
	double s;
	if (gap <= QUOTE_WINDOW && (quotes(wn, wc) || quotes(wc, wn)))
		return 2.0;
	if (gap > SIMILAR_WINDOW)
		return 0;
	s = similarity(wn, wc, &shared);
	return s >= SIMILAR_MIN && shared >= SHARED_MIN ? s : 0;
}

/* A note is compared with the NEAR_MAX foldable chat messages nearest in
 * time within QUOTE_WINDOW, not with every message: a note per message of
 * the export made this quadratic (33 s for 100 000 notes rows). The chat's
 * words are split once each, when first needed. */
#define NEAR_MAX 256

struct candidates {
	size_t *chat;			/* owned: foldable messages, by time */
	struct merge_words *words;	/* owned: per entry, split lazily */
	bool *split;			/* owned */
	size_t n;
};

static void candidates_init(struct candidates *cs, const struct incident *inc)
{
	cs->chat = xcalloc(inc->nmessages + 1, sizeof *cs->chat);
	cs->words = xcalloc(inc->nmessages + 1, sizeof *cs->words);
	cs->split = xcalloc(inc->nmessages + 1, sizeof *cs->split);
	cs->n = 0;
	for (size_t j = 0; j < inc->nmessages; j++)	/* sorted by time already */
		if (can_fold(&inc->messages[j]))
			cs->chat[cs->n++] = j;
}

static void candidates_finish(struct candidates *cs)
{
	for (size_t k = 0; k < cs->n; k++)
		if (cs->split[k])
			merge_words_free(&cs->words[k]);
	free(cs->chat);
	free(cs->words);
	free(cs->split);
}

static int64_t gap_of(const struct incident *inc, const struct candidates *cs, size_t k,
		      int64_t t)
{
	int64_t ct = inc->messages[cs->chat[k]].time;
	return ct > t ? ct - t : t - ct;
}

static void consider(const struct incident *inc, struct candidates *cs, size_t k, size_t note,
		     const struct merge_words *wn, struct pair **pairs, size_t *n, size_t *cap)
{
	int64_t gap = gap_of(inc, cs, k, inc->messages[note].time);
	double s;
	if (!cs->split[k]) {
		merge_words_split(inc->messages[cs->chat[k]].text, &cs->words[k]);
		cs->split[k] = true;
	}
	s = pair_score(wn, &cs->words[k], gap);
	if (s <= 0)
		return;
	*pairs = xgrow(*pairs, cap, *n + 1, sizeof **pairs);
	(*pairs)[(*n)++] = (struct pair){note, cs->chat[k], s, gap};
}

/* The nearest candidates of one note, outwards from its time. */
static void note_pairs(const struct incident *inc, struct candidates *cs, size_t note,
		       struct pair **pairs, size_t *n, size_t *cap)
{
	int64_t t = inc->messages[note].time;
	struct merge_words wn = {0};
	size_t lo = 0, hi = cs->n, left, right, taken = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (inc->messages[cs->chat[mid]].time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	left = lo;	/* candidates [0, left) are before t, [right, n) at or after */
	right = lo;
	merge_words_split(inc->messages[note].text, &wn);
	while (taken < NEAR_MAX) {
		bool l = left > 0 && gap_of(inc, cs, left - 1, t) <= QUOTE_WINDOW;
		bool r = right < cs->n && gap_of(inc, cs, right, t) <= QUOTE_WINDOW;
		if (!l && !r)
			break;
		if (l && (!r || gap_of(inc, cs, left - 1, t) <= gap_of(inc, cs, right, t)))
			consider(inc, cs, --left, note, &wn, pairs, n, cap);
		else
			consider(inc, cs, right++, note, &wn, pairs, n, cap);
		taken++;
	}
	merge_words_free(&wn);
}

static void find_pairs(const struct incident *inc, struct pair **pairs, size_t *n, size_t *cap)
{
	struct candidates cs;
	candidates_init(&cs, inc);
	for (size_t i = 0; cs.n && i < inc->nmessages; i++) {
		const struct message *note = &inc->messages[i];
		if (note->kind == SOURCE_NOTES && !note->hidden)
			note_pairs(inc, &cs, i, pairs, n, cap);
	}
	candidates_finish(&cs);
}

/* The message's code blocks and links survive in the merged wording: blocks
 * are appended, links re-pointed at their label in the new text (or at the
 * label appended on its own line). */
static void fold_text(struct incident *inc, struct message *c, const struct message *note)
{
	struct buf t = {0};
	size_t pos = 0;
	struct segment seg;
	struct link *links = NULL;
	buf_puts(&t, note->text);
	while (incident_text_next(c->text, &pos, &seg))
		if (seg.kind == SEG_BLOCK)
			buf_printf(&t, "\n```\n%.*s\n```", (int)seg.len, c->text + seg.start);
	if (c->nlinks)
		links = arena_alloc(&inc->arena, c->nlinks * sizeof *links);
	for (size_t k = 0; k < c->nlinks; k++) {
		const struct link *l = &c->links[k];
		char *label = xstrndup(c->text + l->offset, l->len);
		const char *at = l->len ? strstr(buf_str(&t), label) : NULL;
		if (!at) {
			buf_putc(&t, '\n');
			at = t.data + t.len;
			buf_puts(&t, label);
		}
		links[k] = (struct link){l->url, (size_t)(at - t.data), l->len};
		free(label);
	}
	c->links = links;
	c->text = incident_strdup(inc, buf_str(&t));
	buf_free(&t);
}

/* The message's own text, kept before its first fold for merge_show_chat. */
static void keep_chat_text(struct incident *inc, size_t chat_index)
{
	const struct message *c = &inc->messages[chat_index];
	if (c->nmerged)
		return;
	inc->folds = xgrow(inc->folds, &inc->folds_cap, inc->nfolds + 1, sizeof *inc->folds);
	inc->folds[inc->nfolds++] = (struct folded){chat_index, c->text, c->links, c->nlinks};
}

static void fold(struct incident *inc, size_t note_index, size_t chat_index)
{
	struct message *note = &inc->messages[note_index], *c = &inc->messages[chat_index];
	keep_chat_text(inc, chat_index);
	const char **merged = arena_alloc(&inc->arena, (c->nmerged + 1) * sizeof *merged);
	if (c->nmerged)
		memcpy(merged, c->merged, c->nmerged * sizeof *merged);
	merged[c->nmerged] = note->id;
	c->merged = merged;
	c->nmerged++;
	c->noted = true;
	fold_text(inc, c, note);
	if (note->note_phase)
		c->note_phase = note->note_phase;
	if (note->extra)
		c->extra = note->extra;
	note->hidden = true;
}

static void fold_pairs(struct incident *inc)
{
	struct pair *pairs = NULL;
	size_t n = 0, cap = 0;
	bool *used_chat = xcalloc(inc->nmessages ? inc->nmessages : 1, sizeof *used_chat);
	find_pairs(inc, &pairs, &n, &cap);
	if (n > 1)
		qsort(pairs, n, sizeof *pairs, compare_pairs);
	for (size_t k = 0; k < n; k++) {
		if (inc->messages[pairs[k].note].hidden || used_chat[pairs[k].chat])
			continue;
		used_chat[pairs[k].chat] = true;
		fold(inc, pairs[k].note, pairs[k].chat);
	}
	free(used_chat);
	free(pairs);
}

bool merge_incident(struct incident *inc, const struct merge_options *opts)
{
	if (!date_rows(inc, opts))
		return false;
	fold_pairs(inc);
	return true;
}

/* ---- showing the chat's own words ---------------------------------------- */

/* n more secrets of kind masked (kind outlives inc: it is a rule's name). */
static void add_redactions(struct incident *inc, const char *kind, size_t n)
{
	for (size_t i = 0; i < inc->nredactions; i++) {
		if (strcmp(inc->redactions[i].kind, kind) == 0) {
			inc->redactions[i].count += n;
			return;
		}
	}
	if (inc->nredactions == inc->redactions_cap) {
		size_t cap = inc->redactions_cap ? inc->redactions_cap * 2 : 8;
		struct redaction *grown = arena_alloc(&inc->arena, cap * sizeof *grown);
		if (inc->nredactions)
			memcpy(grown, inc->redactions, inc->nredactions * sizeof *grown);
		inc->redactions = grown;
		inc->redactions_cap = cap;
	}
	inc->redactions[inc->nredactions++] = (struct redaction){kind, n};
}

/* The kept text of f with secrets masked as redact_incident masked the rest
 * (it ran while the text was set aside), its findings counted in inc. */
static void redact_kept(struct incident *inc, const struct rule_set *rs, struct folded *f)
{
	struct incident tmp;
	struct message *m;
	incident_init(&tmp);
	m = incident_add_message(&tmp);
	m->id = "kept";
	m->text = f->text;
	m->links = f->nlinks ? arena_memdup(&tmp.arena, f->links, f->nlinks * sizeof *f->links) : NULL;
	m->nlinks = f->nlinks;
	redact_incident(&tmp, rs);
	f->text = incident_strdup(inc, m->text);
	f->links = m->nlinks ? arena_memdup(&inc->arena, m->links, m->nlinks * sizeof *m->links) : NULL;
	f->nlinks = m->nlinks;
	for (size_t i = 0; i < tmp.nredactions; i++)
		add_redactions(inc, tmp.redactions[i].kind, tmp.redactions[i].count);
	incident_finish(&tmp);
}

/* The folded notes' words, one per line. */
static void note_words(const struct incident *inc, const struct message *m, struct buf *out)
{
	for (size_t k = 0; k < m->nmerged; k++) {
		size_t n = incident_find(inc, m->merged[k]);
		if (n != SIZE_MAX && inc->messages[n].text[0])
			buf_printf(out, "%s\n", inc->messages[n].text);
	}
}

void merge_show_chat(struct incident *inc, const struct rule_set *rs)
{
	for (size_t i = 0; i < inc->nfolds; i++) {
		struct folded *f = &inc->folds[i];
		struct message *m = &inc->messages[f->message];
		struct buf t = {0};
		size_t shift;
		if (!inc->keep_secrets)
			redact_kept(inc, rs, f);
		note_words(inc, m, &t);
		if (t.len && !merge_quotes(f->text, buf_str(&t)) &&
		    strncasecmp(f->text, buf_str(&t), t.len - 1) != 0) {
			shift = t.len;
			buf_puts(&t, f->text);
			m->text = incident_strdup(inc, buf_str(&t));
			m->links = f->nlinks ? arena_alloc(&inc->arena, f->nlinks * sizeof *m->links) : NULL;
			for (size_t k = 0; k < f->nlinks; k++)
				m->links[k] = (struct link){f->links[k].url, f->links[k].offset + shift,
							    f->links[k].len};
		} else {	/* the message already says it: its own words alone */
			m->text = f->text;
			m->links = f->links;
		}
		m->nlinks = f->nlinks;
		buf_free(&t);
	}
}
