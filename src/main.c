/* main: options -> rules -> import -> classify -> extract -> write -> exit status. */
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	"  --quiet            no progress line on stderr for long reads\n"
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
			if (!import_notes_columns_valid(optarg)) {
				fprintf(stderr, "pmdraft: --notes-columns takes ROLE=COLUMN pairs such as time=Wann,note=3,author=Wer (roles: time, date, note, phase, author), not \"%s\"\n%s",
					optarg, usage_text);
				return EXIT_USAGE;
			}
			o->notes_columns = optarg;
			break;
		case OPT_DATE_ORDER:
			if (!parse_date_order(optarg, &o->date_order)) {
				fprintf(stderr, "pmdraft: --date-order takes dmy or mdy, not \"%s\"\n%s",
					optarg, usage_text);
				return EXIT_USAGE;
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
				fprintf(stderr, "pmdraft: --lang takes auto, all or codes from en, de, es, fr, ja, pt, not \"%s\"\n%s",
					optarg, usage_text);
				return EXIT_USAGE;
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
			fprintf(stderr, "pmdraft: %s needs a value\n%s", argv[optind - 1], usage_text);
			return EXIT_USAGE;
		default:
			fprintf(stderr, "pmdraft: unknown option %s\n%s", argv[optind - 1], usage_text);
			return EXIT_USAGE;
		}
	}
	if (o->learn) {
		o->cases = argv + optind;
		o->ncases = argc - optind;
		if (!o->ncases) {
			fprintf(stderr, "pmdraft: --learn needs labelled cases (gold.json or its folder)\n%s", usage_text);
			return EXIT_USAGE;
		}
		return -1;
	}
	if (o->check_rules) {
		for (int i = optind; i < argc; i++)
			add_path(&o->rules, &o->nrules, &o->rules_cap, argv[i]);
		return -1;
	}
	if (optind < argc) {
		fprintf(stderr, "pmdraft: unexpected argument %s\n%s", argv[optind], usage_text);
		return EXIT_USAGE;
	}
	if (!o->nexports && !o->notes) {
		fprintf(stderr, "pmdraft: nothing to read: give --export or --notes\n%s", usage_text);
		return EXIT_USAGE;
	}
	return -1;
}

static int setup_zone(const struct options *o)
{
	const char *zone = o->tz ? o->tz : getenv("TZ");
	if (zone && *zone == ':')
		zone++;
	if (!zone || !*zone)
		zone = "UTC";
	if (!datetime_set_zone(zone)) {
		fprintf(stderr, "pmdraft: unknown time zone \"%s\" (expected an IANA name such as Europe/Amsterdam)\n", zone);
		return EXIT_USAGE;
	}
	if (o->notes_tz && !datetime_zone_known(o->notes_tz)) {
		fprintf(stderr, "pmdraft: unknown time zone \"%s\" for --notes-tz (expected an IANA name such as Europe/Amsterdam)\n", o->notes_tz);
		return EXIT_USAGE;
	}
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

static void import_all(struct incident *inc, const struct options *o)
{
	struct import_options io = {o->users, o->channel, o->notes_tz, o->date_order,
				    o->notes_columns};
	for (size_t i = 0; i < o->nexports; i++) {
		const struct importer *imp = import_detect(o->exports[i]);
		if (imp)
			imp->load(inc, o->exports[i], &io);
	}
	if (o->notes)
		import_notes.load(inc, o->notes, &io);
}

static int write_draft(const struct incident *inc, const struct options *o)
{
	const struct writer *w = o->format ? write_find(o->format) : write_for_path(o->output);
	struct write_options wo = {o->all, o->stamp, PMDRAFT_VERSION};
	struct output out;
	if (!output_open(&out, o->output))
		return diag_exit_status();
	if (!w->write(inc, &wo, out.f)) {
		diag_at(DIAG_SYSERR, o->output ? o->output : "-", 0, 0, "write failed");
		output_abort(&out);
		return diag_exit_status();
	}
	output_commit(&out, o->force);
	return diag_exit_status();
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
	import_all(inc, o);
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

static void on_signal(int sig)
{
	const char *tmp = output_pending();
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run(const struct options *o)
{
	struct incident inc;
	struct rule_set *rs;
	int status;
	if (o->format && !write_find(o->format)) {
		fprintf(stderr, "pmdraft: unknown format \"%s\" (expected html, md or json)\n%s",
			o->format, usage_text);
		return EXIT_USAGE;
	}
	if (!o->check_rules && !output_check(o->output, o->force))
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
		write_draft(&inc, o);
	}
	progress_done();
	status = diag_exit_status();
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
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		status = run(&o);
	}
	free(o.exports);
	free(o.rules);
	return status;
}
