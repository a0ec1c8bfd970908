/* main: options -> rules -> import -> classify -> extract -> write -> exit status. */
#include <ctype.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "actions.h"
#include "buf.h"
#include "classify.h"
#include "datetime.h"
#include "diag.h"
#include "findings.h"
#include "gold.h"
#include "import.h"
#include "incident.h"
#include "learn.h"
#include "merge.h"
#include "output.h"
#include "progress.h"
#include "redact.h"
#include "rules.h"
#include "suggest.h"
#include "write.h"
#include "xalloc.h"

#ifndef PMDRAFT_VERSION
#define PMDRAFT_VERSION "0.1.0"
#endif

enum {
	OPT_EXPORT = 256, OPT_NOTES, OPT_RULES, OPT_TZ, OPT_FORMAT, OPT_FORCE, OPT_ALL,
	OPT_EXPLAIN, OPT_VERSION, OPT_USERS, OPT_CHANNEL, OPT_STRICT, OPT_CHECK_RULES,
	OPT_STAMP, OPT_HELP, OPT_REDACT, OPT_NO_REDACT, OPT_NOTES_TZ, OPT_DATE_ORDER,
	OPT_QUIET, OPT_LEARN, OPT_LANG, OPT_TITLE, OPT_NOTES_COLUMNS,
};

static const struct option long_options[] = {
	{"export", required_argument, NULL, OPT_EXPORT},
	{"notes", required_argument, NULL, OPT_NOTES},
	{"rules", required_argument, NULL, OPT_RULES},
	{"users", required_argument, NULL, OPT_USERS},
	{"channel", required_argument, NULL, OPT_CHANNEL},
	{"tz", required_argument, NULL, OPT_TZ},
	{"notes-tz", required_argument, NULL, OPT_NOTES_TZ},
	{"notes-columns", required_argument, NULL, OPT_NOTES_COLUMNS},
	{"title", required_argument, NULL, OPT_TITLE},
	{"date-order", required_argument, NULL, OPT_DATE_ORDER},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"force", no_argument, NULL, OPT_FORCE},
	{"all", no_argument, NULL, OPT_ALL},
	{"explain", no_argument, NULL, OPT_EXPLAIN},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"check-rules", no_argument, NULL, OPT_CHECK_RULES},
	{"learn", no_argument, NULL, OPT_LEARN},
	{"lang", required_argument, NULL, OPT_LANG},
	{"stamp", no_argument, NULL, OPT_STAMP},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"redact", no_argument, NULL, OPT_REDACT},
	{"no-redact", no_argument, NULL, OPT_NO_REDACT},
	{"version", no_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static const char usage_text[] =
	"usage: pmdraft --export PATH [--export PATH...] [--notes FILE] [options] [-o FILE]\n"
	"       pmdraft --check-rules [FILE...]\n"
	"       pmdraft --learn [--rules FILE...] [-o FILE] CASE...\n"
	"\n"
	"Drafts an incident post-mortem from a chat export and the commander's notes.\n"
	"\n"
	"  --export PATH      Slack or Teams export: Slack day file, channel or\n"
	"                     workspace folder, .zip, API dump or message file;\n"
	"                     Teams Graph pages or export-tool files (repeatable)\n"
	"  --notes FILE       the commander's CSV timeline notes\n"
	"  --rules FILE       a rule file layered on the built-in rules (repeatable)\n"
	"  --lang LIST        built-in language packs: auto (default: each pack where\n"
	"                     the chat speaks it), all, or codes from en, de, es,\n"
	"                     fr, ja, pt, e.g. en,de\n"
	"  --users FILE       Slack users.json, when not beside the export\n"
	"  --channel NAME     the channel to read from a workspace export (name or id)\n"
	"  --tz ZONE          IANA time zone for times shown and notes (default $TZ, else UTC)\n"
	"  --notes-tz ZONE    zone of notes times without an offset (default: --tz)\n"
	"  --notes-columns MAP which notes columns hold the time, note and author:\n"
	"                     time=COL,note=COL,author=COL (a header name or a number)\n"
	"  --date-order ORDER dmy or mdy: how to read NN/NN/YYYY notes dates\n"
	"  --title TEXT       the draft's title, instead of the one read from the chat\n"
	"  --format FORMAT    html, md or json (default: from -o's extension, else html)\n"
	"  -o, --output FILE  where to write the draft ('-' or none: standard output)\n"
	"  --force            replace an existing output file\n"
	"  --all              list every message in JSON and Markdown, not only key moments\n"
	"  --explain          print to stderr how each message was classified\n"
	"  --strict           treat warnings as errors\n"
	"  --check-rules      compile rule files and run their inline tests\n"
	"  --learn            fit rule weights from labelled cases (gold.json files\n"
	"                     or their folders) and write them as a rule file\n"
	"  --stamp            note the generation time in the draft\n"
	"  --quiet            no progress or summary line on stderr\n"
	"  --redact           mask secrets found by the [redact] rules (the default)\n"
	"  --no-redact        write secrets as they are in the export\n"
	"  --version          print the version\n"
	"  --help             print this help\n"
	"\n"
	"Exit status: 0 success, 1 input or rule error, 2 usage error, 3 system error.\n";

struct options {
	const char **exports;
	size_t nexports, exports_cap;
	const char **rules;
	size_t nrules, rules_cap;
	const char *notes, *users, *channel, *tz, *notes_tz, *format, *output, *lang;
	const char *title, *notes_columns;
	enum date_order date_order;
	bool force, all, explain, strict, check_rules, stamp, no_redact, quiet, learn;
	char **cases;		/* --learn: the labelled cases (argv) */
	int ncases;
};

/* A usage error: one line and where to look, not the whole help (as GNU
 * tools do). Returns EXIT_USAGE. */
static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("pmdraft: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'pmdraft --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* " (did you mean --format?)" for a mistyped long option, else "". */
static const char *option_hint(const char *arg, struct buf *hint)
{
	const char *names[sizeof long_options / sizeof *long_options];
	size_t n = 0, len;
	const char *found;
	char *word;
	if (strncmp(arg, "--", 2) != 0)
		return "";
	for (const struct option *opt = long_options; opt->name; opt++)
		names[n++] = opt->name;
	len = strcspn(arg + 2, "=");
	word = xstrndup(arg + 2, len);
	found = suggest_word(word, names, n);
	free(word);
	if (found)
		buf_printf(hint, " (did you mean --%s?)", found);
	return found ? buf_str(hint) : "";
}

static void add_path(const char ***list, size_t *n, size_t *cap, const char *path)
{
	*list = xgrow(*list, cap, *n + 1, sizeof **list);
	(*list)[(*n)++] = path;
}

static bool langs_valid(const char *s)
{
	if (strcmp(s, "all") == 0 || strcmp(s, "auto") == 0)
		return true;
	while (*s) {
		size_t n = strcspn(s, ",");
		if (!rules_lang_known(s, n))
			return false;
		s += n + (s[n] == ',');
	}
	return true;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_EXPORT: add_path(&o->exports, &o->nexports, &o->exports_cap, optarg); break;
		case OPT_RULES: add_path(&o->rules, &o->nrules, &o->rules_cap, optarg); break;
		case OPT_NOTES: o->notes = optarg; break;
		case OPT_USERS: o->users = optarg; break;
		case OPT_CHANNEL: o->channel = optarg; break;
		case OPT_TZ: o->tz = optarg; break;
		case OPT_NOTES_TZ: o->notes_tz = optarg; break;
		case OPT_TITLE: o->title = optarg; break;
		case OPT_NOTES_COLUMNS:
			if (!import_notes_columns_valid(optarg))
				return usage_error("--notes-columns takes ROLE=COLUMN pairs such as time=Wann,note=3,author=Wer (roles: time, date, note, phase, author), not \"%s\"",
						   optarg);
			o->notes_columns = optarg;
			break;
		case OPT_DATE_ORDER:
			if (!parse_date_order(optarg, &o->date_order)) {
				return usage_error("--date-order takes dmy or mdy, not \"%s\"", optarg);
			}
			break;
		case OPT_FORMAT: o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_ALL: o->all = true; break;
		case OPT_EXPLAIN: o->explain = true; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_CHECK_RULES: o->check_rules = true; break;
		case OPT_LEARN: o->learn = true; break;
		case OPT_LANG:
			if (!langs_valid(optarg)) {
				return usage_error("--lang takes auto, all or codes from en, de, es, fr, ja, pt, not \"%s\"",
						   optarg);
			}
			o->lang = optarg;
			break;
		case OPT_STAMP: o->stamp = true; break;
		case OPT_QUIET: o->quiet = true; break;
		case OPT_REDACT: o->no_redact = false; break;
		case OPT_NO_REDACT: o->no_redact = true; break;
		case OPT_VERSION: printf("pmdraft %s\n", PMDRAFT_VERSION); return EXIT_OK;
		case OPT_HELP: fputs(usage_text, stdout); return EXIT_OK;
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default: {
			struct buf hint = {0};
			int status = usage_error("unknown option %s%s", argv[optind - 1],
						 option_hint(argv[optind - 1], &hint));
			buf_free(&hint);
			return status;
		}
		}
	}
	if (o->learn) {
		o->cases = argv + optind;
		o->ncases = argc - optind;
		if (!o->ncases) {
			return usage_error("--learn needs labelled cases (gold.json or its folder)");
		}
		return -1;
	}
	if (o->check_rules) {
		for (int i = optind; i < argc; i++)
			add_path(&o->rules, &o->nrules, &o->rules_cap, argv[i]);
		return -1;
	}
	if (optind < argc) {
		return usage_error("unexpected argument %s (chat exports go after --export)", argv[optind]);
	}
	if (!o->nexports && !o->notes) {
		return usage_error("nothing to read: give --export or --notes");
	}
	return -1;
}

/* An unknown zone: a usage error with the closest IANA name, if any. */
static int zone_error(const char *zone, const char *option)
{
	char *near = suggest_zone(zone);
	int status;
	if (near)
		status = usage_error("unknown time zone \"%s\"%s (did you mean %s?)", zone, option, near);
	else
		status = usage_error("unknown time zone \"%s\"%s (expected an IANA name such as Europe/Amsterdam)",
				     zone, option);
	free(near);
	return status;
}

static int setup_zone(const struct options *o)
{
	const char *zone = o->tz ? o->tz : getenv("TZ");
	if (zone && *zone == ':')
		zone++;
	if (!zone || !*zone)
		zone = "UTC";
	if (!datetime_set_zone(zone))
		return zone_error(zone, "");
	if (o->notes_tz && !datetime_zone_known(o->notes_tz))
		return zone_error(o->notes_tz, " for --notes-tz");
	return -1;
}

static struct rule_set *load_rules(const struct options *o)
{
	struct rule_set *rs = rules_new();
	rules_load_default(rs, o->lang && strcmp(o->lang, "auto") ? o->lang : NULL);
	for (size_t i = 0; i < o->nrules; i++)
		rules_load_file(rs, o->rules[i]);
	return rs;
}

static int check_rules(const struct rule_set *rs)
{
	size_t total = 0, failed;
	if (diag_exit_status() != EXIT_OK)
		return diag_exit_status();
	failed = rules_run_tests(rs, &total);
	printf("%zu rules, %zu tests: %zu passed, %zu failed\n", rules_count(rs), total,
	       total - failed, failed);
	return failed ? EXIT_INPUT : EXIT_OK;
}

/* Two exports a month or more apart, or naming different incident ids, are
 * most likely two incidents given by mistake (last year's channel beside
 * this one): drafted as one, but said. */
#define EXPORTS_APART_DAYS 30

struct span {
	int64_t first, last;	/* microseconds; first > last when empty */
	char *id;		/* the incident id the export names; owned, or NULL */
};

static const struct span *sort_spans;

static int compare_span_starts(const void *x, const void *y)
{
	int64_t a = sort_spans[*(const size_t *)x].first, b = sort_spans[*(const size_t *)y].first;
	return (a > b) - (a < b);
}

/* Exports a and b name different incidents; days >= 0 when they are also
 * that far apart. */
static void warn_other_incident(const struct options *o, const struct span *spans, size_t a,
				size_t b, int64_t days)
{
	if (days >= 0)
		diag(DIAG_WARNING, "exports %s and %s name different incidents, %s and %s, "
		     "and are %lld days apart (drafted as one)", o->exports[a], o->exports[b],
		     spans[a].id, spans[b].id, (long long)days);
	else
		diag(DIAG_WARNING, "exports %s and %s name different incidents, %s and %s "
		     "(drafted as one)", o->exports[a], o->exports[b], spans[a].id, spans[b].id);
}

/* In time order, each gap of EXPORTS_APART_DAYS or more between what was read
 * so far and the next export, and each export naming another incident id than
 * the last export that named one, is one warning naming the two exports. */
static void check_exports_apart(const struct options *o, const struct span *spans)
{
	const int64_t day = INT64_C(86400000000);
	size_t *order = xcalloc(o->nexports ? o->nexports : 1, sizeof *order), n = 0, latest, named;
	for (size_t i = 0; i < o->nexports; i++)
		if (spans[i].first <= spans[i].last)
			order[n++] = i;
	sort_spans = spans;
	qsort(order, n, sizeof *order, compare_span_starts);
	latest = order[0];	/* the export read so far that ends last */
	named = n && spans[order[0]].id ? order[0] : SIZE_MAX;	/* the last to name an id */
	for (size_t k = 1; k < n; k++) {
		const struct span *next = &spans[order[k]];
		int64_t gap = next->first - spans[latest].last;
		bool apart = gap >= EXPORTS_APART_DAYS * day;
		bool other = next->id && named != SIZE_MAX && strcmp(next->id, spans[named].id);
		if (other)
			warn_other_incident(o, spans, named, order[k],
					    apart && named == latest ? gap / day : -1);
		if (apart && !(other && named == latest))
			diag(DIAG_WARNING, "exports %s and %s are %lld days apart: "
			     "are they the same incident? (drafted as one)",
			     o->exports[latest], o->exports[order[k]], (long long)(gap / day));
		if (next->last > spans[latest].last)
			latest = order[k];
		if (next->id)
			named = order[k];
	}
	free(order);
}

/* Options the Teams reader has no use for are said, never silently dropped
 * (it says itself when --channel selects nothing). */
static void warn_slack_only(const struct options *o, const char *path)
{
	if (o->users)
		diag_at(DIAG_WARNING, path, 0, 0, "--users %s is for Slack exports; "
			"a Microsoft Teams export names its authors itself", o->users);
}

/* What export i spans and which incident it names, from the messages
 * [from, inc->nmessages) it added; channel and topic are the incident's from
 * before it was read, so that only the ones this export set count. */
static void measure_export(const struct incident *inc, const struct rule_set *rs, size_t from,
			   const char *channel, const char *topic, struct span *span)
{
	struct buf id = {0};
	*span = (struct span){INT64_MAX, INT64_MIN, NULL};
	for (size_t m = from; m < inc->nmessages; m++) {
		int64_t t = inc->messages[m].time;
		span->first = t < span->first ? t : span->first;
		span->last = t > span->last ? t : span->last;
	}
	if (classify_export_id(inc, rs, inc->channel != channel ? inc->channel : NULL,
			       inc->topic != topic ? inc->topic : NULL, from, inc->nmessages, &id))
		span->id = buf_detach(&id);
	buf_free(&id);
}

static void import_all(struct incident *inc, const struct options *o, const struct rule_set *rs)
{
	struct import_options io = {o->users, o->channel, o->notes_tz, o->date_order,
				    o->notes_columns};
	struct span *spans = xcalloc(o->nexports ? o->nexports : 1, sizeof *spans);
	for (size_t i = 0; i < o->nexports; i++) {
		const struct importer *imp = import_detect(o->exports[i]);
		size_t from = inc->nmessages;
		const char *channel = inc->channel, *topic = inc->topic;
		if (imp == &import_teams)
			warn_slack_only(o, o->exports[i]);
		if (imp)
			imp->load(inc, o->exports[i], &io);
		measure_export(inc, rs, from, channel, topic, &spans[i]);
	}
	if (diag_exit_status() == EXIT_OK && o->nexports > 1)
		check_exports_apart(o, spans);
	for (size_t i = 0; i < o->nexports; i++)
		free(spans[i].id);
	free(spans);
	if (o->notes)
		import_notes.load(inc, o->notes, &io);
}

static const struct writer *writer_for(const struct options *o)
{
	return o->format ? write_find(o->format) : write_for_path(o->output);
}

/* The writer a file name's extension stands for, NULL when it names none. */
static const struct writer *extension_writer(const char *path)
{
	static const char *const known[] = {".html", ".htm", ".md", ".markdown", ".json"};
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (!strcasecmp(dot, known[i]))
			return write_for_path(path);
	return NULL;
}

/* --format md -o out.html: probably not what was meant, but asked for. */
static void check_extension(const struct options *o)
{
	const struct writer *ext = extension_writer(o->output);
	if (o->format && ext && ext != write_find(o->format))
		diag_at(DIAG_WARNING, o->output, 0, 0,
			"writing --format %s to a file named like %s", o->format, ext->name);
}

/* No -o, HTML, and standard output a terminal: like gzip or curl with binary
 * output, do not pour the page into the terminal; write INC-ID-postmortem.html
 * (characters outside [A-Za-z0-9._-] of the id dropped). Caller frees. */
static char *terminal_output_name(const struct incident *inc)
{
	struct buf b = {0};
	for (const char *p = inc->id ? inc->id : ""; *p; p++)
		if (isalnum((unsigned char)*p) || strchr("._-", *p))
			buf_putc(&b, *p);
	buf_puts(&b, b.len && b.data[0] != '.' ? "-postmortem.html" : "pmdraft-draft.html");
	if (b.data[0] == '-')
		memmove(b.data, b.data + 1, b.len--);
	return buf_detach(&b);
}

static int write_draft(const struct incident *inc, const struct options *o, const char *path)
{
	const struct writer *w = writer_for(o);
	struct write_options wo = {o->all, o->stamp, PMDRAFT_VERSION};
	struct output out;
	if (!output_open(&out, path))
		return diag_exit_status();
	if (!w->write(inc, &wo, out.f)) {
		diag_at(DIAG_SYSERR, path ? path : "-", 0, 0, "write failed");
		output_abort(&out);
		return diag_exit_status();
	}
	output_commit(&out, o->force);
	return diag_exit_status();
}

/* The one line a person at a terminal gets on success: what was written and
 * what still needs the commander. */
static void report_written(const struct incident *inc, const char *path)
{
	size_t key = 0, no_owner = 0, no_due = 0;
	for (size_t i = 0; i < inc->nmessages; i++)
		key += inc->messages[i].key && !inc->messages[i].hidden;
	for (size_t i = 0; i < inc->nactions; i++) {
		no_owner += !inc->actions[i].owner && !inc->actions[i].done;
		no_due += !inc->actions[i].has_due && !inc->actions[i].done;
	}
	fprintf(stderr, "wrote %s: %s%s%s%s%zu key moment%s, %zu action%s",
		path && strcmp(path, "-") ? path : "standard output",
		inc->id ? inc->id : "", inc->severity && inc->id ? " " : "",
		inc->severity ? inc->severity : "", inc->id || inc->severity ? ", " : "",
		key, key == 1 ? "" : "s", inc->nactions, inc->nactions == 1 ? "" : "s");
	if (no_owner || no_due) {
		fputs(" (", stderr);
		if (no_owner)
			fprintf(stderr, "%zu need%s owner", no_owner, no_owner == 1 ? "s an" : "");
		if (no_due)
			fprintf(stderr, "%s%zu need%s date", no_owner ? ", " : "", no_due,
				no_due == 1 ? "s a" : " a");
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

/* Says what redact_incident masked. */
static void report_redactions(const struct incident *inc)
{
	struct buf kinds = {0};
	size_t total = 0;
	for (size_t i = 0; i < inc->nredactions; i++) {
		buf_printf(&kinds, "%s%s %zu", i ? ", " : "", inc->redactions[i].kind,
			   inc->redactions[i].count);
		total += inc->redactions[i].count;
	}
	if (total)
		diag(DIAG_NOTE, "masked %zu secret%s: %s", total, total == 1 ? "" : "s",
		     buf_str(&kinds));
	buf_free(&kinds);
}

/* import -> sort -> merge -> redact: the incident as classify sees it,
 * for drafting and for learning alike. Secrets are masked before any pass
 * sees the text. */
static void prepare(struct incident *inc, const struct options *o, const struct rule_set *rs)
{
	import_all(inc, o, rs);
	inc->keep_secrets = o->no_redact;
	progress_stage("drafting");
	if (diag_exit_status() == EXIT_OK) {
		struct merge_options mo = {o->notes_tz};
		incident_sort(inc);
		merge_incident(inc, &mo);
	}
	if (diag_exit_status() == EXIT_OK && !o->no_redact)
		redact_incident(inc, rs);
}

static bool gold_label(const void *ctx, const char *id, enum phase *out)
{
	return gold_phase(ctx, id, out);
}

/* One labelled case: its own arguments, read from its folder. */
static bool learn_case(struct learn *l, const struct rule_set *rs, const char *path, int home)
{
	struct gold g;
	struct options co = {0};
	struct incident inc;
	bool ok;
	if (!gold_load(&g, path))
		return false;
	optind = 0;	/* getopt starts afresh on the case's arguments */
	ok = parse_options(g.argc, g.argv, &co) < 0 && chdir(g.dir) == 0 && setup_zone(&co) < 0;
	if (ok) {
		incident_init(&inc);
		prepare(&inc, &co, rs);
		ok = diag_exit_status() == EXIT_OK;
		if (ok)
			diag(DIAG_NOTE, "%s: %zu labelled messages", path,
			     learn_add_incident(l, &inc, gold_label, &g));
		incident_finish(&inc);
	} else {
		diag_at(DIAG_ERROR, path, 0, 0, "cannot run the case's arguments in %s", g.dir);
	}
	if (fchdir(home) != 0)
		ok = false;
	free(co.exports);
	free(co.rules);
	gold_finish(&g);
	return ok;
}

/* The liblinear cost C: small, because a few incidents must not decide
 * what a rule means for every team (chosen by leave-one-incident-out). */
#define LEARN_COST 1.0

static int learn(const struct options *o, const struct rule_set *rs)
{
	struct learn *l = learn_new(rs);
	struct output out;
	int home = open(".", O_RDONLY | O_DIRECTORY);
	bool ok = home >= 0;
	for (int i = 0; ok && i < o->ncases; i++)
		ok = learn_case(l, rs, o->cases[i], home);
	if (home >= 0)
		close(home);
	if (ok && diag_exit_status() == EXIT_OK && output_open(&out, o->output)) {
		learn_add_tests(l);
		if (learn_write(l, LEARN_COST, out.f))
			output_commit(&out, o->force);
		else
			output_abort(&out);
	}
	learn_free(l);
	return diag_exit_status();
}

/* -o naming one of the inputs would destroy it with --force, and the draft
 * would be written from a file it replaces: refused, force or not, before
 * anything is read. */
static bool output_not_input(const struct options *o, const char *path)
{
	bool ok = true;
	for (size_t i = 0; i < o->nexports + o->nrules + 2; i++) {
		const char *option, *input;
		if (i < o->nexports)
			option = "--export", input = o->exports[i];
		else if (i < o->nexports + o->nrules)
			option = "--rules", input = o->rules[i - o->nexports];
		else if (i == o->nexports + o->nrules)
			option = "--notes", input = o->notes;
		else
			option = "--users", input = o->users;
		if (input && output_is_input(path, input)) {
			diag_at(DIAG_ERROR, path, 0, 0,
				"is also an input (%s %s); not overwritten, even with --force",
				option, input);
			ok = false;
		}
	}
	return ok;
}

static int run(const struct options *o)
{
	struct incident inc;
	struct rule_set *rs;
	char *path = NULL;
	bool to_terminal = false;
	int status;
	if (o->format && !write_find(o->format)) {
		static const char *const formats[] = {"html", "md", "json", "markdown"};
		const char *near = suggest_word(o->format, formats, 4);
		if (near && !strcmp(near, "markdown"))
			near = "md";
		if (near)
			return usage_error("unknown format \"%s\" (did you mean %s?)", o->format, near);
		return usage_error("unknown format \"%s\" (expected html, md or json)", o->format);
	}
	if (!o->check_rules && !o->learn) {
		to_terminal = !o->output && writer_for(o) == &write_html && isatty(STDOUT_FILENO);
		check_extension(o);
	}
	if (!o->check_rules && !to_terminal &&
	    !(output_not_input(o, o->output) && output_check(o->output, o->force)))
		return diag_exit_status();
	rs = load_rules(o);
	if (o->learn) {
		status = diag_exit_status() == EXIT_OK ? learn(o, rs) : diag_exit_status();
		rules_free(rs);
		return status;
	}
	if (o->check_rules) {
		status = check_rules(rs);
		rules_free(rs);
		return status;
	}
	incident_init(&inc);
	progress_enable(!o->quiet && isatty(STDERR_FILENO));
	if (diag_exit_status() == EXIT_OK)
		prepare(&inc, o, rs);
	if (diag_exit_status() == EXIT_OK) {
		report_redactions(&inc);
		if (o->explain)
			progress_done();
		FILE *explain = o->explain ? diag_open_escaped() : NULL;
		classify_incident(&inc, rs, explain);
		actions_extract(&inc, rs, explain);
		if (explain)
			fclose(explain);
		findings_extract(&inc, rs);
		if (o->title)
			inc.title = incident_strdup(&inc, o->title);
		progress_stage("writing");
		path = to_terminal ? terminal_output_name(&inc) : xstrdup(o->output ? o->output : "-");
		if (to_terminal)
			diag(DIAG_NOTE, "standard output is a terminal: writing %s (-o - prints the HTML)",
			     path);
		if (!to_terminal || (output_not_input(o, path) && output_check(path, o->force)))
			write_draft(&inc, o, strcmp(path, "-") ? path : NULL);
	}
	progress_done();
	status = diag_exit_status();
	if (status == EXIT_OK && path && !o->quiet && isatty(STDERR_FILENO))
		report_written(&inc, path);
	free(path);
	incident_finish(&inc);
	rules_free(rs);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	int status = parse_options(argc, argv, &o);
	if (status < 0) {
		diag_set_strict(o.strict);
		status = setup_zone(&o);
	}
	if (status < 0) {
		output_catch_signals();
		status = run(&o);
	}
	free(o.exports);
	free(o.rules);
	return status;
}
