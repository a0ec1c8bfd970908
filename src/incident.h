/* incident: the model every importer fills and every pass and writer reads.
 *
 * Ownership: the incident owns everything reachable from it. Strings and the
 * small per-message arrays live in its arena; the message, source and action
 * arrays are heap arrays it frees. Importers copy what they keep (json-c and
 * libcsv buffers die with their parsers).
 *
 * Message text convention: plain UTF-8 with markup resolved, except that code
 * is kept as code: ``` fenced blocks (each fence on its own line) and `inline`
 * spans. Writers split text with incident_text_next(). */
#ifndef PMDRAFT_INCIDENT_H
#define PMDRAFT_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "datetime.h"
#include "phase.h"

enum source_kind {
	SOURCE_SLACK,
	SOURCE_TEAMS,
	SOURCE_NOTES,
};

/* How a message's phase was decided (for --explain and the JSON "rule"). */
enum phase_origin {
	ORIGIN_NONE,		/* no phase */
	ORIGIN_RULE,		/* a rule matched: message.rule names it */
	ORIGIN_TAG,		/* an inline [phase] tag at the start */
	ORIGIN_COLUMN,		/* the notes phase column */
	ORIGIN_CONTEXT,		/* inferred from neighbouring messages */
};

struct source {
	const char *path;	/* as the user gave it */
	enum source_kind kind;
	size_t messages;	/* records read, before filtering, duplicates once */
};

/* A link posted in chat: label is what the text shows at [offset, offset+len). */
struct link {
	const char *url;	/* never NULL; may be unsafe: check before writing */
	size_t offset, len;	/* byte span of the label inside message.text */
};

/* A file posted in chat: what it is, never where it lives (Slack's private
 * URLs carry access tokens). */
struct file_ref {
	const char *name;
	const char *type;	/* "pdf", "png"...; may be NULL */
	const char *poster;	/* display name of who posted it; may be NULL */
	int64_t time;		/* microseconds since the epoch, when posted */
};

/* An emoji reaction: its name without colons ("white_check_mark"). */
struct reaction {
	const char *name;
	size_t count;		/* people who reacted */
};

/* One message. Held once per message of the export (a million for a busy
 * workspace), so counts are 32-bit and flags are bits. */
struct message {
	const char *id;		/* the source's own id, unchanged */
	int64_t time;		/* microseconds since the epoch */
	const char *author;	/* display name, NULL when unknown */
	const char *text;	/* see the convention above; never NULL */
	const char *parent_id;	/* thread parent's id, NULL for top level */
	struct link *links;	/* arena; nlinks entries */
	struct file_ref *files;	/* arena; nfiles entries */
	struct reaction *reactions;	/* arena; nreactions entries */
	const char *note_phase;	/* notes phase column as written, or NULL */
	const char *extra;	/* notes: extra columns "name: value; ..." */
	uint32_t nlinks, nfiles, nreactions;
	uint32_t source;	/* index into incident.sources */
	enum source_kind kind;
	bool system : 1;	/* joins, leaves, tombstones: never key moments */
	bool bot : 1;
	bool edited : 1, pinned : 1, deleted : 1;
	bool done_mark : 1;	/* a ✅ reaction */
	bool broadcast : 1;	/* a thread reply also sent to the channel */
	bool time_of_day : 1;	/* notes "HH:MM" row: time holds only the µs since
				 * local midnight until merge_incident dates it */

	/* Set by the passes. */
	bool key : 1;		/* listed in the drafted timeline */
	bool hidden : 1;	/* folded into another entry */
	bool noted : 1;		/* a notes row is folded into it (merge.c) */
	bool cause : 1;		/* states a candidate cause */
	enum phase phase;
	enum phase_origin origin;
	uint32_t nmerged;
	const char *rule;	/* id of the deciding rule (arena), or NULL */
	const char *why;	/* static text: why context changed the phase, or NULL */
	const char **merged;	/* ids folded into this entry (arena) */
	size_t parent;		/* index of the parent message, or SIZE_MAX */
	const char *blame;	/* id of a [blame] rule that matched, or NULL */
};

struct action {
	const char *text;
	const char *owner;	/* display name or NULL */
	struct date due;
	bool has_due;
	bool done;
	const char *source_id;
	size_t message;		/* index of the source message */
};

/* A time the incident fields were derived from, and the message it came from. */
struct moment {
	bool set;
	int64_t time;
	size_t message;
};

/* A figure quoted in chat, such as "1,842 duplicate drafts". */
struct figure {
	const char *value;	/* "1,842" */
	const char *label;	/* "duplicate drafts" */
	size_t message;
};

/* A chat message's own text from before a note folded into it: the passes
 * classify the note's wording, the draft shows both (figures quoted in chat
 * must survive). */
struct folded {
	size_t message;		/* index of the message */
	const char *text;	/* its text before the fold (arena) */
	struct link *links;	/* its links then (arena) */
	uint32_t nlinks;
};

/* Secrets masked before writing, per kind ("slack-token"). */
struct redaction {
	const char *kind;
	size_t count;
};

struct incident {
	struct arena arena;
	const char *id;		/* "INC-2417" or NULL */
	const char *title;
	const char *severity;
	const char *channel;
	const char *topic;	/* the channel topic, a title candidate */
	bool closed;		/* the chat closed the incident (status CLOSED) */
	bool keep_secrets;	/* --no-redact: text is written as exported */
	const char *detected_by;	/* the check, alert or person that found it;
					 * never empty when detected.set (findings) */
	const char *review;	/* review date as the chat wrote it, or NULL */
	size_t review_message;	/* the message naming it, when review is set */
	struct moment start, detected, end;
	struct moment first[PHASE_COUNT];	/* first key moment of each phase */
	const char **services;
	size_t nservices;
	size_t severity_message;	/* SIZE_MAX when not declared */

	struct source *sources;
	size_t nsources, sources_cap;
	struct message *messages;	/* sorted by time after incident_finish */
	size_t nmessages, messages_cap;
	struct action *actions;
	size_t nactions, actions_cap;
	struct figure *figures;	/* arena */
	size_t nfigures;
	struct folded *folds;	/* heap; one per message a note folded into */
	size_t nfolds, folds_cap;
	struct redaction *redactions;	/* arena */
	size_t nredactions, redactions_cap;

	size_t *index;		/* open-addressing id -> message index */
	size_t index_cap;
	const char **names;	/* open-addressing set of interned strings */
	size_t names_cap, nnames;
};

void incident_init(struct incident *inc);
/* Frees everything the incident owns. */
void incident_finish(struct incident *inc);

/* Returns the index of the new source; path is kept with invalid UTF-8
 * repaired, as the outputs must be UTF-8. */
size_t incident_add_source(struct incident *inc, const char *path,
			   enum source_kind kind);
/* A zeroed message owned by the incident; pointer valid until the next add. */
struct message *incident_add_message(struct incident *inc);
struct action *incident_add_action(struct incident *inc);
char *incident_strdup(struct incident *inc, const char *s);
/* s stored once however many messages carry it (an author's name), as a
 * label: invalid UTF-8 repaired (a folder name need not be UTF-8), cut to
 * TEXT_LABEL_MAX characters with an ellipsis; NULL for NULL.
 * Every name or label an importer keeps goes through here. */
const char *incident_intern(struct incident *inc, const char *s);
/* s cut like incident_intern, but a copy of its own (a notes author: the
 * evidence features tell chat authors apart by pointer, and notes rows are
 * not counted as the same person as the chat's). */
const char *incident_label(struct incident *inc, const char *s);

/* Sorts messages by time (then source order, then id), drops repeated ids
 * of the same source (overlapping dumps), counts sources, links replies to
 * their parent. Call once, after every importer. */
void incident_sort(struct incident *inc);
/* Index of the message with this id, or SIZE_MAX. After incident_sort. */
size_t incident_find(const struct incident *inc, const char *id);

/* For each link in timeline order (message by message, link by link), true
 * when the same URL was posted earlier: a status page link in every update
 * is listed once. O(n log n); the caller frees the array. */
bool *incident_repeated_links(const struct incident *inc);

/* The replies of every message, for passes that look at a thread: each
 * message's replies in index order as a linked list (first[i], then
 * next[r] until SIZE_MAX). Built in O(n) after incident_sort, so a pass
 * need not scan every later message per thread parent. */
struct incident_replies {
	size_t *first;		/* owned; nmessages entries */
	size_t *next;		/* owned; nmessages entries */
};
void incident_replies_init(struct incident_replies *r, const struct incident *inc);
void incident_replies_finish(struct incident_replies *r);

/* Text segments, for writers. */
enum segment_kind {
	SEG_TEXT,
	SEG_CODE,	/* inline `code` */
	SEG_BLOCK,	/* ``` fenced block, without the fences */
};
struct segment {
	enum segment_kind kind;
	size_t start, len;	/* byte span inside the text */
};
/* Next segment of text at *pos; false at the end. */
bool incident_text_next(const char *text, size_t *pos, struct segment *seg);

#endif
