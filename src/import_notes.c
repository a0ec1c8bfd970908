/* import_notes: the commander's CSV timeline notes, parsed by libcsv. libcsv
 * reports no positions, so bytes are fed one at a time and lines counted here. */
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
#include "xalloc.h"

enum column {
	COL_TIME,
	COL_TEXT,
	COL_PHASE,
	COL_AUTHOR,
	COL_COUNT,
};

static const char *const column_names[COL_COUNT][8] = {
	[COL_TIME] = {"time", "timestamp", "when", "datetime", NULL},
	[COL_TEXT] = {"note", "notes", "event", "description", "text", "what", NULL},
	[COL_PHASE] = {"phase", "stage", NULL},
	[COL_AUTHOR] = {"author", "who", "by", "owner", NULL},
};

struct field {
	char *text;	/* owned */
	long line, col;	/* where the field starts */
};

struct notes_ctx {
	struct incident *inc;
	const char *path;
	size_t source;
	long line, col;		/* position of the byte being fed */
	bool record_start, field_start;
	long record_line;
	struct field *fields;	/* the current record */
	size_t nfields, fields_cap;
	long field_line, field_col;
	int map[COL_COUNT];	/* column index of each role, -1 if absent */
	bool have_header;
	bool failed;
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

static void read_header(struct notes_ctx *cx)
{
	for (int r = 0; r < COL_COUNT; r++)
		cx->map[r] = -1;
	for (size_t i = 0; i < cx->nfields; i++) {
		char *name = cx->fields[i].text;
		int r;
		while (*name && isspace((unsigned char)*name))
			name++;
		r = role_of(name);
		if (r >= 0 && cx->map[r] < 0)
			cx->map[r] = (int)i;
	}
	cx->have_header = true;
	if (cx->map[COL_TIME] < 0 || cx->map[COL_TEXT] < 0) {
		diag_at(DIAG_ERROR, cx->path, 1, 1,
			"the header needs a time column (time, timestamp, when) and a "
			"text column (note, notes, event, description, text, what)");
		cx->failed = true;
	}
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

static void read_row(struct notes_ctx *cx)
{
	struct field *tf = NULL, *pf = NULL;
	const char *time = cell(cx, COL_TIME, &tf), *text = cell(cx, COL_TEXT, NULL);
	const char *phase = cell(cx, COL_PHASE, &pf), *author = cell(cx, COL_AUTHOR, NULL);
	struct message *m;
	enum phase p;
	int64_t t;
	char id[32];

	if (!time || !*time || !parse_iso_time(time, &t)) {
		diag_at(DIAG_ERROR, cx->path, tf ? tf->line : cx->record_line, tf ? tf->col : 1,
			"cannot read time \"%.60s\" (expected YYYY-MM-DD HH:MM[:SS])",
			time ? time : "");
		return;
	}
	if (phase && *phase && !parse_phase(phase, &p))
		diag_at(DIAG_WARNING, cx->path, pf->line, pf->col,
			"unknown phase \"%.40s\"; the rules decide", phase);
	snprintf(id, sizeof id, "notes:%ld", cx->record_line);
	m = incident_add_message(cx->inc);
	m->id = incident_strdup(cx->inc, id);
	m->time = t;
	m->kind = SOURCE_NOTES;
	m->source = cx->source;
	m->text = incident_strdup(cx->inc, text ? text : "");
	m->author = author && *author ? incident_strdup(cx->inc, author) : NULL;
	m->note_phase = phase && *phase ? incident_strdup(cx->inc, phase) : NULL;
}

static void clear_fields(struct notes_ctx *cx)
{
	for (size_t i = 0; i < cx->nfields; i++)
		free(cx->fields[i].text);
	cx->nfields = 0;
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
	clear_fields(cx);
	cx->record_start = cx->field_start = true;
}

/* The delimiter that occurs most in the header line: ',', ';' or tab. */
static unsigned char detect_delimiter(const char *data, size_t len)
{
	static const char cands[] = ",;\t";
	size_t best = 0, counts[3] = {0};
	for (size_t i = 0; i < len && data[i] != '\n'; i++)
		for (int k = 0; k < 3; k++)
			counts[k] += data[i] == cands[k];
	for (int k = 1; k < 3; k++)
		if (counts[k] > counts[best])
			best = (size_t)k;
	return (unsigned char)cands[best];
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
			cx->field_start = false;
		}
		if (csv_parse(p, &c, 1, on_field, on_record, cx) != 1) {
			diag_at(DIAG_ERROR, cx->path, cx->line, cx->col, "%s",
				csv_strerror(csv_error(p)));
			cx->failed = true;
		}
		if (c == csv_get_delim(p) && !cx->field_start)
			cx->field_start = true;
		if (c == '\n')
			cx->line++, cx->col = 1;
		else if (((unsigned char)c & 0xC0) != 0x80)
			cx->col++;
	}
}

static bool read_file(const char *path, struct buf *out)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_at(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return false;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return true;
}

static bool load(struct incident *inc, const char *path, const struct import_options *opts)
{
	struct notes_ctx cx = {.inc = inc, .path = path, .line = 1, .col = 1,
			       .record_start = true, .field_start = true};
	struct csv_parser p;
	struct buf data = {0};
	const char *start;
	int errors = diag_count(DIAG_ERROR);
	(void)opts;

	if (!read_file(path, &data))
		return false;
	start = buf_str(&data);
	if (data.len >= 2 && ((start[0] == '\xFF' && start[1] == '\xFE') ||
			      (start[0] == '\xFE' && start[1] == '\xFF'))) {
		diag_at(DIAG_ERROR, path, 1, 1, "UTF-16 text; save the notes as UTF-8 CSV");
		buf_free(&data);
		return false;
	}
	if (data.len >= 3 && !memcmp(start, "\xEF\xBB\xBF", 3))
		start += 3;
	cx.source = incident_add_source(inc, path, SOURCE_NOTES);
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_delim(&p, detect_delimiter(start, data.len - (size_t)(start - data.data)));
	feed(&cx, &p, start, data.len - (size_t)(start - data.data));
	if (!cx.failed && csv_fini(&p, on_field, on_record, &cx) != 0)
		diag_at(DIAG_ERROR, path, cx.record_line, 1, "%s (unbalanced quotes?)",
			csv_strerror(csv_error(&p)));
	if (!cx.have_header && !cx.failed)
		diag_at(DIAG_ERROR, path, 1, 1, "empty notes file: expected a header row");
	clear_fields(&cx);
	free(cx.fields);
	csv_free(&p);
	buf_free(&data);
	return diag_count(DIAG_ERROR) == errors;
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
