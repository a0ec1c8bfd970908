/* import_notes: the commander's CSV timeline notes, parsed by libcsv. libcsv
 * reports no positions, so bytes are fed one at a time and lines counted here.
 * Times are settled after the whole file is read: a "NN/NN/YYYY" row is read in
 * the order the file's unambiguous rows show, and "HH:MM" rows are dated later
 * by merge_incident, which sees the chat. */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "readfile.h"
#include "text.h"
#include "xalloc.h"

enum column {
	COL_TIME,
	COL_DATE,
	COL_TEXT,
	COL_PHASE,
	COL_AUTHOR,
	COL_OWNER,
	COL_ACTION,
	COL_DUE,
	COL_STATUS,
	COL_COUNT,
};

/* Header names as commanders write them, in the languages of the rule
 * packs (German, French, Spanish, Portuguese) beside English. */
static const char *const column_names[COL_COUNT][20] = {
	[COL_TIME] = {"time", "timestamp", "when", "datetime", "date/time", "zeit", "uhrzeit",
		      "zeitpunkt", "heure", "horodatage", "hora", "horário", "horario", NULL},
	[COL_DATE] = {"date", "day", "datum", "fecha", "data", "día", NULL},
	[COL_TEXT] = {"note", "notes", "event", "description", "text", "what", "notiz",
		      "ereignis", "beschreibung", "was", "événement", "evenement", "nota",
		      "evento", "descripción", "descrição", NULL},
	[COL_PHASE] = {"phase", "stage", "fase", "étape", NULL},
	[COL_AUTHOR] = {"author", "who", "by", "wer", "von", "autor", "qui", "auteur", "quién",
			"quien", "quem", NULL},
	[COL_OWNER] = {"owner", "verantwortlich", "responsable", "responsável", NULL},
	[COL_ACTION] = {"action", "action item", "follow-up", "followup", "maßnahme",
			"acción", "ação", NULL},
	[COL_DUE] = {"due", "due date", "fällig", "échéance", "vencimiento", "prazo", NULL},
	[COL_STATUS] = {"status", "statut", "estado", NULL},
};

struct field {
	char *text;	/* owned */
	long line, col;	/* where the field starts */
	size_t off;	/* byte offset of that start in the decoded text */
};

/* A row whose time is settled once the whole file has been read. */
struct pending {
	size_t message;		/* index into incident.messages */
	struct wall_time when;
	const char *cell;	/* the time as written (arena) */
	long line, col;
	const char *action, *owner, *due, *status;	/* arena or NULL */
};

struct notes_ctx {
	struct incident *inc;
	const char *path;
	const struct import_options *opts;
	size_t source;
	long line, col;		/* position of the byte being fed */
	bool record_start, field_start;
	bool quoted;		/* inside a quoted field: delimiters are text */
	long record_line;
	struct field *fields;	/* the current record */
	size_t nfields, fields_cap;
	long field_line, field_col;
	size_t field_off;
	const char *src;	/* the decoded text being fed (borrowed) */
	int map[COL_COUNT];	/* column index of each role, -1 if absent */
	struct field *header;	/* the header's fields, for extra columns */
	size_t nheader;
	struct pending *rows;
	size_t nrows, rows_cap;
	bool have_header;
	bool failed;
	char delim;		/* the file's field delimiter */
};

static void on_field(void *data, size_t len, void *ctx)
{
	struct notes_ctx *cx = ctx;
	struct field *f;
	cx->fields = xgrow(cx->fields, &cx->fields_cap, cx->nfields + 1, sizeof *cx->fields);
	f = &cx->fields[cx->nfields++];
	f->text = xstrndup(data ? data : "", len);
	f->line = cx->field_line;
	f->col = cx->field_col;
	f->off = cx->field_off;
	cx->field_start = true;
}

static int role_of(const char *name)
{
	for (int r = 0; r < COL_COUNT; r++)
		for (int k = 0; column_names[r][k]; k++)
			if (strcasecmp(name, column_names[r][k]) == 0)
				return r;
	return -1;
}

/* --notes-columns roles by name; "text" and "who" as people also say. */
static const struct {
	const char *name;
	enum column col;
} role_names[] = {
	{"time", COL_TIME}, {"date", COL_DATE}, {"note", COL_TEXT}, {"text", COL_TEXT},
	{"phase", COL_PHASE}, {"author", COL_AUTHOR}, {"who", COL_AUTHOR},
};

static int role_named(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof role_names / sizeof *role_names; i++)
		if (strlen(role_names[i].name) == n && strncasecmp(s, role_names[i].name, n) == 0)
			return (int)role_names[i].col;
	return -1;
}

bool import_notes_columns_valid(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, ","), eq = strcspn(s, "=");
		if (eq >= n || role_named(s, eq) < 0 || eq + 1 == n)
			return false;
		s += n + (s[n] == ',');
	}
	return true;
}

/* "Wann", "Notiz", "Wer": the header as found, for errors. */
static void list_header(const struct notes_ctx *cx, struct buf *out)
{
	for (size_t i = 0; i < cx->nfields; i++)
		buf_printf(out, "%s\"%s\"", i ? ", " : "", cx->fields[i].text);
	if (!cx->nfields)
		buf_puts(out, "nothing");
}

/* The column a --notes-columns value names: a 1-based number or a header
 * name; -1 (reported) when there is none. */
static int column_named(struct notes_ctx *cx, const char *col, size_t n)
{
	char *end;
	long k = strtol(col, &end, 10);
	struct buf found = {0};
	if (end == col + n && k >= 1 && (size_t)k <= cx->nfields)
		return (int)k - 1;
	for (size_t i = 0; end != col + n && i < cx->nfields; i++)
		if (strlen(cx->fields[i].text) == n && strncasecmp(cx->fields[i].text, col, n) == 0)
			return (int)i;
	list_header(cx, &found);
	diag_at(DIAG_ERROR, cx->path, 1, 1, "--notes-columns names column \"%.*s\" but the "
		"header has %zu: %s", (int)n, col, cx->nfields, buf_str(&found));
	buf_free(&found);
	return -1;
}

/* --notes-columns: each named role takes its column from whatever the
 * header names guessed. */
static bool map_columns(struct notes_ctx *cx, const char *spec)
{
	while (spec && *spec) {
		size_t n = strcspn(spec, ","), eq = strcspn(spec, "=");
		int role = role_named(spec, eq), col = column_named(cx, spec + eq + 1, n - eq - 1);
		if (col < 0)
			return false;
		for (int r = 0; r < COL_COUNT; r++)
			if (cx->map[r] == col)
				cx->map[r] = -1;	/* one column, one role */
		cx->map[role] = col;
		spec += n + (spec[n] == ',');
	}
	return true;
}

static void report_missing(struct notes_ctx *cx)
{
	struct buf found = {0};
	bool no_time = cx->map[COL_TIME] < 0, no_text = cx->map[COL_TEXT] < 0;
	list_header(cx, &found);
	diag_at(DIAG_ERROR, cx->path, 1, 1,
		"the header has %s; it needs %s%s%s (header names pmdraft knows: "
		"time, timestamp, when, date and time, Zeit, Heure, Hora; note, event, "
		"description, text, Notiz, Nota), or name them with --notes-columns "
		"time=COL,note=COL,author=COL", buf_str(&found),
		no_time ? "a time column" : "", no_time && no_text ? " and " : "",
		no_text ? "a note column" : "");
	buf_free(&found);
	cx->failed = true;
}

static void read_header(struct notes_ctx *cx)
{
	for (int r = 0; r < COL_COUNT; r++)
		cx->map[r] = -1;
	for (size_t i = 0; i < cx->nfields; i++) {
		int r;
		text_squeeze(cx->fields[i].text);
		r = role_of(cx->fields[i].text);
		if (r >= 0 && cx->map[r] < 0)
			cx->map[r] = (int)i;
	}
	/* a lone "date" column holds the whole time */
	if (cx->map[COL_TIME] < 0) {
		cx->map[COL_TIME] = cx->map[COL_DATE];
		cx->map[COL_DATE] = -1;
	}
	/* "owner" is the author unless the rows are follow-ups with an action */
	if (cx->map[COL_AUTHOR] < 0 && cx->map[COL_ACTION] < 0)
		cx->map[COL_AUTHOR] = cx->map[COL_OWNER];
	cx->have_header = true;
	if (cx->opts && cx->opts->notes_columns && !map_columns(cx, cx->opts->notes_columns))
		cx->failed = true;
	else if (cx->map[COL_TIME] < 0 || cx->map[COL_TEXT] < 0)
		report_missing(cx);
	cx->header = cx->fields;
	cx->nheader = cx->nfields;
	cx->fields = NULL;
	cx->nfields = cx->fields_cap = 0;
}

static const char *cell(struct notes_ctx *cx, enum column c, struct field **f)
{
	int i = cx->map[c];
	if (i < 0 || (size_t)i >= cx->nfields)
		return NULL;
	if (f)
		*f = &cx->fields[i];
	return cx->fields[i].text;
}

/* The cell trimmed, copied to the arena; NULL when absent or blank. */
static const char *cell_dup(struct notes_ctx *cx, enum column c)
{
	const char *s = cell(cx, c, NULL);
	struct buf b = {0};
	const char *r = NULL;
	if (!s)
		return NULL;
	buf_puts(&b, s);
	text_trim(&b);
	if (b.len)
		r = incident_strdup(cx->inc, buf_str(&b));
	buf_free(&b);
	return r;
}

/* A cell kept as a label (an author, an owner): cut like any other name. */
static const char *cell_label(struct notes_ctx *cx, enum column c)
{
	const char *s = cell_dup(cx, c);
	return s ? incident_label(cx->inc, s) : NULL;
}

static bool has_role(const struct notes_ctx *cx, size_t i)
{
	for (int r = 0; r < COL_COUNT; r++)
		if (cx->map[r] == (int)i)
			return true;
	return false;
}

/* Columns pmdraft has no use for, kept for the appendix: "name: value; ...". */
static const char *extra_columns(struct notes_ctx *cx)
{
	struct buf b = {0};
	const char *r = NULL;
	for (size_t i = 0; i < cx->nfields; i++) {
		if (has_role(cx, i) || !cx->fields[i].text[0])
			continue;
		buf_printf(&b, "%s%s: %s", b.len ? "; " : "",
			   i < cx->nheader && cx->header[i].text[0] ? cx->header[i].text : "?",
			   cx->fields[i].text);
	}
	if (b.len)
		r = incident_strdup(cx->inc, buf_str(&b));
	buf_free(&b);
	return r;
}

static bool blank_record(const struct notes_ctx *cx)
{
	for (size_t i = 0; i < cx->nfields; i++)
		for (const char *s = cx->fields[i].text; *s; s++)
			if (!isspace((unsigned char)*s))
				return false;
	return true;
}

/* The time cell, or "date time" from two columns. */
static void time_text(struct notes_ctx *cx, struct buf *out, struct field **tf)
{
	const char *date = cell(cx, COL_DATE, NULL), *time = cell(cx, COL_TIME, tf);
	if (date && *date)
		buf_printf(out, "%s ", date);
	buf_puts(out, time ? time : "");
	text_trim(out);
}

static void add_pending(struct notes_ctx *cx, const struct wall_time *w, const char *cell_text,
			const struct field *tf)
{
	struct pending *pd;
	cx->rows = xgrow(cx->rows, &cx->rows_cap, cx->nrows + 1, sizeof *cx->rows);
	pd = &cx->rows[cx->nrows++];
	pd->message = cx->inc->nmessages - 1;
	pd->when = *w;
	pd->cell = incident_strdup(cx->inc, cell_text);
	pd->line = tf ? tf->line : cx->record_line;
	pd->col = tf ? tf->col : 1;
	pd->action = cell_dup(cx, COL_ACTION);
	pd->owner = cx->map[COL_ACTION] >= 0 ? cell_label(cx, COL_OWNER) : NULL;
	pd->due = cell_dup(cx, COL_DUE);
	pd->status = cell_dup(cx, COL_STATUS);
}

/* A row with more fields than the header: most often a delimiter inside a
 * note that was not quoted. The note is the free text, so it takes the
 * surplus fields back and the columns after it move into place; the row is
 * named, never cut short silently. */
static void rejoin_extra(struct notes_ctx *cx)
{
	size_t extra = cx->nfields - cx->nheader;
	int note = cx->map[COL_TEXT];
	const struct field *first = &cx->fields[note >= 0 ? (size_t)note + 1 : cx->nheader];
	diag_at(DIAG_WARNING, cx->path, first->line, first->col > 1 ? first->col - 1 : 1,
		"%zu fields but the header has %zu (a '%c' inside a note that is not "
		"quoted?); %s", cx->nfields, cx->nheader, cx->delim,
		note >= 0 ? "read as part of the note" : "the extra fields are kept as extra columns");
	if (note < 0)
		return;
	{	/* the note as written: its first field to the last surplus one */
		const struct field *last = &cx->fields[(size_t)note + extra];
		size_t after = (size_t)note + extra + 1;
		struct buf b = {0};
		if (after < cx->nfields) {	/* up to the delimiter before the next field */
			buf_add(&b, cx->src + cx->fields[note].off,
				cx->fields[after].off - 1 - cx->fields[note].off);
		} else {	/* the note ends the row: up to the end of its line */
			buf_add(&b, cx->src + cx->fields[note].off, last->off - cx->fields[note].off +
				strcspn(cx->src + last->off, "\r\n"));
		}
		text_trim(&b);
		free(cx->fields[note].text);
		cx->fields[note].text = buf_detach(&b);
	}
	for (size_t i = (size_t)note + 1; i <= (size_t)note + extra; i++)
		free(cx->fields[i].text);
	memmove(&cx->fields[note + 1], &cx->fields[note + 1 + extra],
		(cx->nfields - (size_t)note - 1 - extra) * sizeof *cx->fields);
	cx->nfields -= extra;
}

/* English follow-up values are known words, not unknown phases; the actions
 * pass reads them (and other languages' through [action] column.* rules). */
static bool is_action_phase(const char *s)
{
	static const char *const names[] = {"follow-up", "followup", "follow up", "action",
					    "action item", "ai", "todo", NULL};
	for (int i = 0; s && names[i]; i++)
		if (strcasecmp(s, names[i]) == 0)
			return true;
	return false;
}

static void read_row(struct notes_ctx *cx)
{
	struct field *tf = NULL, *pf = NULL;
	const char *text = cell_dup(cx, COL_TEXT), *phase = cell(cx, COL_PHASE, &pf);
	struct buf when = {0};
	struct wall_time w;
	struct message *m;
	enum phase p;
	char id[32];

	if (blank_record(cx))
		return;
	if (cx->nheader && cx->nfields > cx->nheader) {
		/* the row's fields move and the note's is replaced: read again */
		rejoin_extra(cx);
		text = cell_dup(cx, COL_TEXT);
		phase = cell(cx, COL_PHASE, &pf);
	}
	time_text(cx, &when, &tf);
	if (!parse_wall_time(buf_str(&when), &w) || (!w.has_date && w.has_offset)) {
		diag_at(DIAG_ERROR, cx->path, tf ? tf->line : cx->record_line, tf ? tf->col : 1,
			"cannot read time \"%.60s\" (expected YYYY-MM-DD HH:MM[:SS] with an "
			"optional offset, DD.MM.YYYY HH:MM, DD/MM/YYYY HH:MM, 3 Jun 2026 "
			"02:14, or HH:MM)", buf_str(&when));
		buf_free(&when);
		return;
	}
	if (phase && *phase && !parse_phase(phase, &p) && !is_action_phase(phase))
		diag_at(DIAG_WARNING, cx->path, pf->line, pf->col,
			"unknown phase \"%.40s\"; the rules decide", phase);
	snprintf(id, sizeof id, "notes:%ld", cx->record_line);
	m = incident_add_message(cx->inc);
	m->id = incident_strdup(cx->inc, id);
	m->kind = SOURCE_NOTES;
	m->source = cx->source;
	m->text = text ? text : "";
	m->author = cell_label(cx, COL_AUTHOR);
	m->note_phase = cell_dup(cx, COL_PHASE);
	m->extra = extra_columns(cx);
	add_pending(cx, &w, buf_str(&when), tf);
	buf_free(&when);
}

static void clear_fields(struct field *fields, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free(fields[i].text);
	*n = 0;
}

static void on_record(int terminator, void *ctx)
{
	struct notes_ctx *cx = ctx;
	(void)terminator;
	if (!cx->failed) {
		if (!cx->have_header)
			read_header(cx);
		else
			read_row(cx);
	}
	clear_fields(cx->fields, &cx->nfields);
	cx->record_start = cx->field_start = true;
}

/* The delimiter that occurs most outside quotes in the first record: ',', ';'
 * or tab; a comma when there is none (a one-column file). */
static unsigned char detect_delimiter(const char *data, size_t len)
{
	static const char cands[] = ",;\t";
	size_t best = 0, counts[3] = {0};
	bool quoted = false;
	for (size_t i = 0; i < len && (quoted || data[i] != '\n'); i++) {
		if (data[i] == '"')
			quoted = !quoted;
		for (int k = 0; k < 3 && !quoted; k++)
			counts[k] += data[i] == cands[k];
	}
	for (int k = 1; k < 3; k++)
		if (counts[k] > counts[best])
			best = (size_t)k;
	return (unsigned char)cands[best];
}

static void report_csv_error(const struct notes_ctx *cx, int error)
{
	if (error == CSV_EPARSE)
		diag_at(DIAG_ERROR, cx->path, cx->line, cx->col,
			"stray quote: a field holding a quote must be quoted as a whole, "
			"with the quote doubled (\"say \"\"ack\"\"\")");
	else
		diag_at(error == CSV_ENOMEM ? DIAG_SYSERR : DIAG_ERROR, cx->path, cx->line,
			cx->col, "%s", csv_strerror(error));
}

static void feed(struct notes_ctx *cx, struct csv_parser *p, const char *data, size_t len)
{
	for (size_t i = 0; i < len && !cx->failed; i++) {
		char c = data[i];
		bool blank = c == '\r' || c == '\n';
		if (cx->record_start && !blank) {
			cx->record_line = cx->line;
			cx->record_start = false;
		}
		if (cx->field_start && !blank) {
			cx->field_line = cx->line;
			cx->field_col = cx->col;
			cx->field_off = (size_t)(data + i - cx->src);
			cx->field_start = false;
			cx->quoted = false;
		} else if (c == '"' && cx->quoted) {
			cx->quoted = false;	/* closing, or the first of a doubled quote */
		} else if (c == '"' && data[i - 1] == '"') {
			cx->quoted = true;
		}
		if (c == '"' && cx->field_col == cx->col && cx->field_line == cx->line)
			cx->quoted = true;
		if (csv_parse(p, &c, 1, on_field, on_record, cx) != 1) {
			report_csv_error(cx, csv_error(p));
			cx->failed = true;
		}
		if (c == csv_get_delim(p) && !cx->field_start && !cx->quoted)
			cx->field_start = true;
		if (c == '\n')
			cx->line++, cx->col = 1;
		else if (((unsigned char)c & 0xC0) != 0x80)
			cx->col++;
	}
}

/* ---- settling the times once the file is read ---------------------------- */

static const char *notes_zone(const struct notes_ctx *cx)
{
	return cx->opts && cx->opts->notes_tz ? cx->opts->notes_tz : datetime_zone();
}

/* The day/month order: --date-order, else the one the unambiguous rows show;
 * false (reported) when the rows contradict each other. */
static bool settle_order(struct notes_ctx *cx, enum date_order *order)
{
	const struct pending *seen[3] = {NULL, NULL, NULL};
	*order = cx->opts ? cx->opts->date_order : DATE_ORDER_UNKNOWN;
	if (*order != DATE_ORDER_UNKNOWN)
		return true;
	for (size_t i = 0; i < cx->nrows; i++) {
		const struct pending *pd = &cx->rows[i];
		unsigned mask = wall_time_orders(&pd->when);
		enum date_order o = mask == 1u << DATE_ORDER_DMY ? DATE_ORDER_DMY :
				    mask == 1u << DATE_ORDER_MDY ? DATE_ORDER_MDY : DATE_ORDER_UNKNOWN;
		if (o == DATE_ORDER_UNKNOWN || seen[o])
			continue;
		seen[o] = pd;
		if (seen[DATE_ORDER_DMY] && seen[DATE_ORDER_MDY]) {
			diag_at(DIAG_ERROR, cx->path, pd->line, pd->col,
				"\"%s\" is month/day but line %ld (\"%s\") is day/month; "
				"the file mixes date orders", seen[DATE_ORDER_MDY]->cell,
				seen[DATE_ORDER_DMY]->line, seen[DATE_ORDER_DMY]->cell);
			return false;
		}
	}
	*order = seen[DATE_ORDER_DMY] ? DATE_ORDER_DMY :
		 seen[DATE_ORDER_MDY] ? DATE_ORDER_MDY : DATE_ORDER_UNKNOWN;
	return true;
}

static bool settle_slashed(struct notes_ctx *cx, struct pending *pd, enum date_order order)
{
	if (order == DATE_ORDER_UNKNOWN && pd->when.first != pd->when.second) {
		diag_at(DIAG_ERROR, cx->path, pd->line, pd->col,
			"cannot tell day from month in \"%s\" and no row of the file settles "
			"it; give --date-order dmy or mdy", pd->cell);
		return false;
	}
	if (!wall_time_set_order(&pd->when, order == DATE_ORDER_UNKNOWN ? DATE_ORDER_DMY : order)) {
		diag_at(DIAG_ERROR, cx->path, pd->line, pd->col,
			"\"%s\" is not a date in %s order", pd->cell,
			order == DATE_ORDER_MDY ? "month/day/year" : "day/month/year");
		return false;
	}
	return true;
}

static void warn_fold(struct notes_ctx *cx, const struct pending *pd, enum dst_fold fold)
{
	if (fold == DST_GAP)
		diag_at(DIAG_WARNING, cx->path, pd->line, pd->col,
			"\"%s\" does not exist in %s (clocks go forward); read as an hour later",
			pd->cell, notes_zone(cx));
	else if (fold == DST_AMBIGUOUS)
		diag_at(DIAG_WARNING, cx->path, pd->line, pd->col,
			"\"%s\" happens twice in %s (clocks go back); the first is taken, "
			"add an offset to choose", pd->cell, notes_zone(cx));
}

static bool is_done_status(const char *s)
{
	static const char *const done[] = {"done", "closed", "complete", "completed",
					   "resolved", "fixed", "finished", "\xE2\x9C\x85", NULL};
	for (int i = 0; done[i]; i++)
		if (strcasecmp(s, done[i]) == 0)
			return true;
	return false;
}

/* A follow-up row (a filled action column) becomes an action of the model. */
static void add_action(struct notes_ctx *cx, const struct pending *pd)
{
	const struct message *m = &cx->inc->messages[pd->message];
	struct action *a;
	struct date anchor = datetime_local_date(m->time);
	if (!pd->action)
		return;
	a = incident_add_action(cx->inc);
	a->text = pd->action;
	a->owner = pd->owner;
	a->done = pd->status && is_done_status(pd->status);
	a->source_id = m->id;
	if (!pd->due)
		return;
	/* an undated row anchors only absolute due dates */
	a->has_due = m->time_of_day ? parse_date(pd->due, &a->due)
				    : parse_due(pd->due, anchor, &a->due);
	if (!a->has_due)
		diag_at(DIAG_WARNING, cx->path, pd->line, 0,
			"cannot read due date \"%.40s\"; the action has none", pd->due);
}

static bool settle_row(struct notes_ctx *cx, struct pending *pd, enum date_order order)
{
	struct message *m = &cx->inc->messages[pd->message];
	const struct wall_time *w = &pd->when;
	enum dst_fold fold;
	if (w->slashed && !settle_slashed(cx, pd, order))
		return false;
	if (!w->has_date) {
		m->time_of_day = true;
		m->time = ((int64_t)w->hour * 3600 + w->min * 60 + w->sec) * DATETIME_US + w->usec;
		return true;
	}
	datetime_from_wall(w, cx->opts ? cx->opts->notes_tz : NULL, &m->time, &fold);
	warn_fold(cx, pd, fold);
	return true;
}

static void settle_times(struct notes_ctx *cx)
{
	enum date_order order;
	if (!settle_order(cx, &order))
		return;
	for (size_t i = 0; i < cx->nrows; i++)
		if (!settle_row(cx, &cx->rows[i], order))
			return;	/* one located error is enough to act on */
	for (size_t i = 0; i < cx->nrows; i++)
		add_action(cx, &cx->rows[i]);
}

/* ---- the bytes ----------------------------------------------------------- */

/* UTF-16 with a byte order mark (spreadsheets' "Unicode text") to UTF-8. */
static void utf16_to_utf8(const unsigned char *s, size_t len, bool big_endian, struct buf *out)
{
	for (size_t i = 2; i + 1 < len; i += 2) {
		unsigned long u = big_endian ? (s[i] << 8u | s[i + 1]) : (s[i + 1] << 8u | s[i]);
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
			unsigned long lo = big_endian ? (s[i + 2] << 8u | s[i + 3])
						      : (s[i + 3] << 8u | s[i + 2]);
			if (lo >= 0xDC00 && lo < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		text_put_codepoint(out, u);	/* a lone surrogate becomes U+FFFD */
	}
}

static void position_of(const char *s, size_t at, long *line, long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (s[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			++*col;
	}
}

/* Offset of the first byte that starts no valid UTF-8 sequence. */
static size_t first_invalid_utf8(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t n = 1;
		while (n <= 4 && i + n <= len && !text_is_valid_utf8(s + i, n))
			n++;
		if (n > 4 || i + n > len)
			break;
		i += n;
	}
	return i;
}

/* The text as UTF-8 in out: BOM skipped, UTF-16 converted, other encodings
 * repaired with a warning. False (reported) for binary or BOM-less UTF-16. */
static bool decode(const char *name, const char *data, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *nul;
	long line, col;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		utf16_to_utf8(u, len, u[0] == 0xFE, out);
		return true;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	if ((nul = memchr(data, '\0', len))) {
		position_of(data, (size_t)(nul - data), &line, &col);
		diag_at(DIAG_ERROR, name, line, col, "NUL byte: this is UTF-16 without a byte "
			"order mark or not text; save the notes as CSV UTF-8");
		return false;
	}
	if (!text_is_valid_utf8(data, len)) {
		position_of(data, first_invalid_utf8(data, len), &line, &col);
		diag_at(DIAG_WARNING, name, line, col, "not UTF-8 (a legacy encoding?); invalid "
			"bytes are shown as U+FFFD: save the notes as CSV UTF-8");
	}
	text_repair_utf8(data, len, out);
	return true;
}

static void parse(struct notes_ctx *cx, const char *text, size_t len)
{
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	cx->delim = (char)detect_delimiter(text, len);
	cx->src = text;
	csv_set_delim(&p, (unsigned char)cx->delim);
	feed(cx, &p, text, len);
	if (!cx->failed && csv_fini(&p, on_field, on_record, cx) != 0) {
		diag_at(DIAG_ERROR, cx->path, cx->field_line, cx->field_col,
			"a quoted field opened here is never closed");
		cx->failed = true;
	}
	csv_free(&p);
}

bool import_notes_buffer(struct incident *inc, const char *name, const char *data,
			 size_t len, const struct import_options *opts)
{
	struct notes_ctx cx = {.inc = inc, .path = name, .opts = opts, .line = 1, .col = 1,
			       .record_start = true, .field_start = true,
			       .field_line = 1, .field_col = 1};
	struct buf text = {0};
	int errors = diag_count(DIAG_ERROR) + diag_count(DIAG_SYSERR);

	if (decode(name, data, len, &text)) {
		cx.source = incident_add_source(inc, name, SOURCE_NOTES);
		parse(&cx, buf_str(&text), text.len);
		if (!cx.have_header && !cx.failed)
			diag_at(DIAG_ERROR, name, 1, 1, "empty notes file: expected a header row");
		if (!cx.failed && diag_count(DIAG_ERROR) + diag_count(DIAG_SYSERR) == errors)
			settle_times(&cx);
	}
	clear_fields(cx.fields, &cx.nfields);
	clear_fields(cx.header, &cx.nheader);
	free(cx.fields);
	free(cx.header);
	free(cx.rows);
	buf_free(&text);
	return diag_count(DIAG_ERROR) + diag_count(DIAG_SYSERR) == errors;
}

static bool load(struct incident *inc, const char *path, const struct import_options *opts)
{
	struct buf data = {0};
	bool ok = readfile_load(path, path, &data) &&
		  import_notes_buffer(inc, path, data.data ? data.data : "", data.len, opts);
	buf_free(&data);
	return ok;
}

static bool sniff(const char *path)
{
	(void)path;
	return false;	/* notes are named with --notes, never detected */
}

const struct importer import_notes = {
	.name = "notes",
	.kind = SOURCE_NOTES,
	.sniff = sniff,
	.load = load,
};
