/* rules: the rule-file language (see pmdraft-rules(5)), compiled with PCRE2 + JIT. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "datetime.h"
#include "diag.h"
#include "readfile.h"
#include "suggest.h"
#include "text.h"
#include "xalloc.h"

/* Bounds that keep a catastrophic pattern from hanging a run (10 ms-ish). */
#define MATCH_LIMIT 1000000
/* The limit grows with the message, so that a long message (a pasted log of
 * megabytes) is still matched by ordinary rules while a catastrophic one
 * stays bounded by a few steps per byte. */
#define MATCH_LIMIT_PER_BYTE 16
#define DEPTH_LIMIT 10000
#define MAX_INCLUDE_DEPTH 8
#define MAX_TEST_KEYS 8

extern const char pmdraft_default_rules[], pmdraft_default_weights[];
extern const char pmdraft_lang_de[], pmdraft_lang_es[], pmdraft_lang_fr[], pmdraft_lang_ja[],
	pmdraft_lang_pt[];

/* The built-in language packs, by the code --lang names them with. */
static const struct {
	const char *code, *file, *text;
} packs[] = {
	{"de", "rules/lang/de.rules", pmdraft_lang_de},
	{"es", "rules/lang/es.rules", pmdraft_lang_es},
	{"fr", "rules/lang/fr.rules", pmdraft_lang_fr},
	{"ja", "rules/lang/ja.rules", pmdraft_lang_ja},
	{"pt", "rules/lang/pt.rules", pmdraft_lang_pt},
};

struct compiled {
	struct rule rule;	/* id and file owned by the set */
	pcre2_code *code;
	bool jit;
	atomic_bool warned;	/* reported hitting a limit already (by any thread) */
	uint8_t pack;		/* 0, or 1 + the built-in language pack it came from */
	atomic_uint strikes;	/* texts it gave up on; at LIMIT_STRIKES it is off */
};

struct test {
	const char *file;
	long line;
	bool any_phase;
	enum phase phase;
	char *text;
	char *keys[MAX_TEST_KEYS], *values[MAX_TEST_KEYS];
	size_t nkeys;
	uint8_t language;	/* test language: the pack whose language it is */
	uint8_t pack;		/* 0, or 1 + the built-in pack it is written in */
};

/* A feature's weight toward each phase: a [weights] line or a rule's score=.
 * The last one loaded for a name wins. */
struct named_weights {
	const char *name;	/* owned by the set */
	double w[PHASE_COUNT];
};

struct rule_set {
	struct compiled *rules;
	size_t n, cap;
	struct named_weights *weights;
	size_t nweights, weights_cap;
	/* Resolved after every load, for scoring without name look-ups. */
	double (*rule_w)[PHASE_COUNT];	/* owned; n rows, zero when unweighted */
	double sec_w[SECTION_COUNT][PHASE_COUNT];
	double bias_w[PHASE_COUNT];
	struct test *tests;
	size_t ntests, tests_cap;
	char **strings;		/* owned file names and ids */
	size_t nstrings, strings_cap;
	struct scratch *scratch;	/* for threads without their own */
	int depth;		/* include nesting */
	bool lang_auto;		/* packs used only where their language is spoken */
	struct file_id *files;	/* owned: every rule file read, by identity */
	size_t nfiles, files_cap;
};

/* A rule file by identity (the same file under two names is one file). */
struct file_id {
	dev_t dev;
	ino_t ino;
	bool open;	/* being read: on the include stack */
};

/* What a match writes: one match-data block reused by every match, and the
 * context carrying the limits. The rule set keeps one; a thread that matches
 * alongside others brings its own (rules_thread_begin), so the set itself
 * stays read-only while several threads use it. */
struct scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
};

static _Thread_local struct scratch *thread_scratch;

static const char *const section_names[SECTION_COUNT] = {
	[SECTION_DETECT] = "detect",	 [SECTION_ESCALATE] = "escalate",
	[SECTION_MITIGATE] = "mitigate", [SECTION_RESOLVE] = "resolve",
	[SECTION_NONE] = "none",	 [SECTION_REOPEN] = "reopen",
	[SECTION_NOTICE] = "notice",	 [SECTION_ALL_CLEAR] = "all-clear",
	[SECTION_DISMISS] = "dismiss",
	[SECTION_INCIDENT_ID] = "incident-id", [SECTION_SEVERITY] = "severity",
	[SECTION_SERVICE] = "service",	 [SECTION_ACTION] = "action",
	[SECTION_OWNER] = "owner",	 [SECTION_DUE] = "due",
	[SECTION_DONE] = "done",	 [SECTION_IMPACT] = "impact",
	[SECTION_CAUSE] = "cause",	 [SECTION_BLAME] = "blame",
	[SECTION_REDACT] = "redact",	 [SECTION_FEATURE] = "feature",
	[SECTION_LANGUAGE] = "language",
	[SECTION_WEIGHTS] = "weights",
};

const char *rules_section_name(enum rule_section s)
{
	return s < SECTION_COUNT && section_names[s] ? section_names[s] : "?";
}

static char *keep(struct rule_set *rs, char *s)
{
	rs->strings = xgrow(rs->strings, &rs->strings_cap, rs->nstrings + 1, sizeof *rs->strings);
	rs->strings[rs->nstrings++] = s;
	return s;
}

static struct scratch *scratch_new(void)
{
	struct scratch *sc = xcalloc(1, sizeof *sc);
	sc->md = pcre2_match_data_create(256, NULL);
	sc->mctx = pcre2_match_context_create(NULL);
	sc->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (!sc->md || !sc->mctx || !sc->jit_stack) {
		fprintf(stderr, "pmdraft: error: out of memory (PCRE2)\n");
		exit(EXIT_SYSTEM);
	}
	pcre2_set_match_limit(sc->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(sc->mctx, DEPTH_LIMIT);
	pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit_stack);
	return sc;
}

static void scratch_free(struct scratch *sc)
{
	if (!sc)
		return;
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_jit_stack_free(sc->jit_stack);
	free(sc);
}

static struct scratch *scratch_of(const struct rule_set *rs)
{
	return thread_scratch ? thread_scratch : rs->scratch;
}

void rules_thread_begin(void)
{
	if (!thread_scratch)
		thread_scratch = scratch_new();
}

void rules_thread_end(void)
{
	scratch_free(thread_scratch);
	thread_scratch = NULL;
}

struct rule_set *rules_new(void)
{
	struct rule_set *rs = xcalloc(1, sizeof *rs);
	rs->scratch = scratch_new();
	return rs;
}

void rules_free(struct rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		pcre2_code_free(rs->rules[i].code);
	for (size_t i = 0; i < rs->ntests; i++) {
		free(rs->tests[i].text);
		for (size_t k = 0; k < rs->tests[i].nkeys; k++) {
			free(rs->tests[i].keys[k]);
			free(rs->tests[i].values[k]);
		}
	}
	for (size_t i = 0; i < rs->nstrings; i++)
		free(rs->strings[i]);
	scratch_free(rs->scratch);
	free(rs->weights);
	free(rs->rule_w);
	free(rs->rules);
	free(rs->tests);
	free(rs->strings);
	free(rs->files);
	free(rs);
}

size_t rules_count(const struct rule_set *rs)
{
	return rs->n;
}

const struct rule *rules_get(const struct rule_set *rs, size_t i)
{
	return &rs->rules[i].rule;
}

/* ---- weights ---------------------------------------------------------- */

static struct named_weights *weights_slot(struct rule_set *rs, const char *name)
{
	struct named_weights *nw;
	for (size_t i = 0; i < rs->nweights; i++)
		if (strcmp(rs->weights[i].name, name) == 0)
			return &rs->weights[i];
	rs->weights = xgrow(rs->weights, &rs->weights_cap, rs->nweights + 1, sizeof *rs->weights);
	nw = &rs->weights[rs->nweights++];
	memset(nw, 0, sizeof *nw);
	nw->name = keep(rs, xstrdup(name));
	return nw;
}

const double *rules_weights(const struct rule_set *rs, const char *name)
{
	for (size_t i = 0; i < rs->nweights; i++)
		if (strcmp(rs->weights[i].name, name) == 0)
			return rs->weights[i].w;
	return NULL;
}

const double *rules_rule_weights(const struct rule_set *rs, size_t i)
{
	return rs->rule_w[i];
}

static void copy_weights(const struct rule_set *rs, const char *name, double out[PHASE_COUNT])
{
	const double *w = rules_weights(rs, name);
	for (int p = 0; p < PHASE_COUNT; p++)
		out[p] = w ? w[p] : 0.0;
}

/* Rows for scoring without name look-ups; run after every load. */
static void resolve_weights(struct rule_set *rs)
{
	struct buf name = {0};
	free(rs->rule_w);
	rs->rule_w = xcalloc(rs->n + 1, sizeof *rs->rule_w);
	bool sec_weighted[SECTION_COUNT];
	for (int s = 0; s < SECTION_COUNT; s++) {
		buf_reset(&name);
		buf_printf(&name, "sec.%s", section_names[s]);
		copy_weights(rs, buf_str(&name), rs->sec_w[s]);
		sec_weighted[s] = rules_weights(rs, buf_str(&name)) != NULL;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i].rule;
		copy_weights(rs, r->id, rs->rule_w[i]);
		/* A rule without weights of its own: its section's learned
		 * weight speaks for it; with none learned, it speaks for its
		 * section's phase with weight 1. */
		if (!rules_weights(rs, r->id) && r->section <= SECTION_NONE &&
		    !sec_weighted[r->section])
			rs->rule_w[i][r->section == SECTION_NONE ? PHASE_NONE : (int)r->section] = 1.0;
	}
	copy_weights(rs, "bias", rs->bias_w);
	buf_free(&name);
}

/* ---- parsing ---------------------------------------------------------- */

struct parser {
	struct rule_set *rs;
	const char *file;	/* owned by rs */
	const char *dir;	/* for include */
	long line;
	int section;		/* -1 before the first [section]; SECTION_UNKNOWN
				 * after an unknown one (reported once) */
	size_t first_rule;	/* rules at or after this index came from this file */
	uint8_t pack;		/* 0, or 1 + the built-in pack being parsed */
	bool ok;
};

static void perr(struct parser *p, long col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parser *p, long col, const char *fmt, ...)
{
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_at(DIAG_ERROR, p->file, p->line, col, "%s", buf_str(&msg));
	buf_free(&msg);
	p->ok = false;
}

static struct compiled *find_rule(struct rule_set *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->rules[i].rule.id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

/* Below an unknown [section]: its rules are skipped, not each reported as
 * "rule before any [section]" (one mistake, one error). */
#define SECTION_UNKNOWN (-2)

static void parse_section(struct parser *p, const char *s, const char *line)
{
	const char *near;
	const char *end = strchr(s, ']');
	char name[32];
	size_t n;
	if (!end || (n = (size_t)(end - s - 1)) >= sizeof name) {
		perr(p, (long)(s - line) + 1, "%s", "bad section header (expected [name])");
		return;
	}
	memcpy(name, s + 1, n);
	name[n] = '\0';
	for (int i = 0; i < SECTION_COUNT; i++) {
		if (section_names[i] && strcmp(section_names[i], name) == 0) {
			p->section = i;
			return;
		}
	}
	near = suggest_word(name, section_names, SECTION_COUNT);
	if (near)
		perr(p, (long)(s - line) + 2, "unknown section [%s] (did you mean [%s]?)", name, near);
	else
		perr(p, (long)(s - line) + 2, "unknown section [%s]", name);
	p->section = SECTION_UNKNOWN;
}

struct attrs {
	int prio;
	bool caseless;
	bool scored;
	double score;		/* score=: weight toward the section's own phase */
};

static bool parse_attr(struct parser *p, const char *attr, size_t len, const char *line,
		       struct attrs *a)
{
	char buf[32];
	char *end;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, attr, len);
	buf[len] = '\0';
	if (strcmp(buf, "case") == 0) {
		a->caseless = false;
		return true;
	}
	if (strncmp(buf, "prio=", 5) == 0) {
		long v = strtol(buf + 5, &end, 10);
		if (*end == '\0' && end != buf + 5 && v >= -1000 && v <= 1000) {
			a->prio = (int)v;
			return true;
		}
	}
	if (strncmp(buf, "score=", 6) == 0) {
		double v = strtod(buf + 6, &end);
		if (p->section > SECTION_NONE) {
			perr(p, (long)(attr - line) + 1, "score= is for the phase sections and [none]; "
			     "weigh a [%s] rule in [weights]", section_names[p->section]);
			return false;
		}
		if (*end == '\0' && end != buf + 6 && v >= -100 && v <= 100) {
			a->scored = true;
			a->score = v;
			return true;
		}
	}
	perr(p, (long)(attr - line) + 1, "unknown rule attribute \"%s\" (expected prio=N, score=W or case)", buf);
	return false;
}

static pcre2_code *compile(struct parser *p, const char *pattern, long col, bool caseless)
{
	int err;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	pcre2_code *code;
	if (caseless)
		opts |= PCRE2_CASELESS;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		diag_at(DIAG_ERROR, p->file, p->line, col + (long)off, "bad pattern: %s", (char *)msg);
		p->ok = false;
	}
	return code;
}

static bool jit_disabled(void)
{
	const char *v = getenv("PMDRAFT_JIT");
	return v && strcmp(v, "0") == 0;
}

static void add_rule(struct parser *p, const char *name, size_t nlen, const struct attrs *a,
		     const char *pattern, long pcol)
{
	struct buf id = {0};
	struct compiled *c;
	pcre2_code *code;
	buf_printf(&id, "%s.%.*s", section_names[p->section], (int)nlen, name);
	code = compile(p, pattern, pcol, a->caseless);
	if (!code) {
		buf_free(&id);
		return;
	}
	c = find_rule(p->rs, buf_str(&id));
	if (c && (size_t)(c - p->rs->rules) >= p->first_rule) {
		perr(p, 1, "duplicate rule name %s", buf_str(&id));
		pcre2_code_free(code);
		buf_free(&id);
		return;
	}
	if (c) {	/* a later file overrides an earlier rule by name */
		pcre2_code_free(c->code);
		buf_free(&id);
	} else {
		p->rs->rules = xgrow(p->rs->rules, &p->rs->cap, p->rs->n + 1, sizeof *p->rs->rules);
		c = &p->rs->rules[p->rs->n++];
		memset(c, 0, sizeof *c);
		c->rule.id = keep(p->rs, buf_detach(&id));
	}
	c->rule.section = (enum rule_section)p->section;
	c->rule.prio = a->prio;
	if (a->scored) {	/* the rule's own weight, as if a [weights] line said it */
		struct named_weights *nw = weights_slot(p->rs, c->rule.id);
		memset(nw->w, 0, sizeof nw->w);
		nw->w[p->section == SECTION_NONE ? PHASE_NONE : p->section] = a->score;
	}
	c->rule.file = p->file;
	c->rule.line = p->line;
	c->rule.disabled = false;
	c->pack = p->pack;
	c->code = code;
	/* PMDRAFT_JIT=0 interprets patterns instead: memory checkers such as
	 * valgrind cannot see into JIT code and report it as uninitialised */
	c->jit = !jit_disabled() && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static void parse_rule(struct parser *p, const char *s, const char *line)
{
	const char *name = s, *q = s, *colon;
	struct attrs a = {0, true, false, 0};
	size_t nlen;
	while (is_name_char(*q))
		q++;
	nlen = (size_t)(q - name);
	if (!nlen) {
		perr(p, (long)(s - line) + 1, "%s", "expected a rule name, [section], include, disable or test");
		return;
	}
	if (p->section == SECTION_UNKNOWN)
		return;
	if (p->section < 0) {
		perr(p, (long)(s - line) + 1, "%s", "rule before any [section]");
		return;
	}
	colon = strchr(q, ':');
	if (!colon) {
		perr(p, (long)(q - line) + 1, "%s", "expected ':' and a pattern after the rule name");
		return;
	}
	while (q < colon) {
		const char *at;
		while (q < colon && isspace((unsigned char)*q))
			q++;
		at = q;
		while (q < colon && !isspace((unsigned char)*q))
			q++;
		if (q > at && !parse_attr(p, at, (size_t)(q - at), line, &a))
			return;
	}
	q = colon + 1;
	while (*q == ' ' || *q == '\t')
		q++;
	if (!*q) {
		perr(p, (long)(q - line) + 1, "%s", "empty pattern");
		return;
	}
	add_rule(p, name, nlen, &a, q, (long)(q - line) + 1);
}

/* A double-quoted string with \" \\ \n escapes; returns the owned text. */
static char *parse_quoted(struct parser *p, const char *s, const char *line)
{
	struct buf b = {0};
	const char *q = s + 1;
	if (*s != '"') {
		perr(p, (long)(s - line) + 1, "%s", "expected a \"quoted\" test text");
		return NULL;
	}
	for (; *q && *q != '"'; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			buf_putc(&b, *q == 'n' ? '\n' : *q == 't' ? '\t' : *q);
		} else {
			buf_putc(&b, *q);
		}
	}
	if (*q != '"') {
		perr(p, (long)(q - line) + 1, "%s", "unterminated test text");
		buf_free(&b);
		return NULL;
	}
	for (q++; *q == ' ' || *q == '\t'; q++)
		;
	if (*q) {
		perr(p, (long)(q - line) + 1, "%s", "unexpected text after the quoted test text");
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static bool test_key_known(const char *key, size_t n)
{
	static const char *const keys[] = {"id", "severity", "owner", "due", "on", "action",
					   "redact"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strlen(keys[i]) == n && !strncmp(key, keys[i], n))
			return true;
	return false;
}

static void parse_test(struct parser *p, const char *s, const char *line)
{
	struct test t = {.file = p->file, .line = p->line, .pack = p->pack};
	const char *q = s, *colon = NULL;
	char word[64];
	/* the colon that ends the head: the first one outside key=value words */
	for (const char *c = s; *c && *c != '"'; c++)
		if (*c == ':')
			colon = c;
	if (!colon) {
		perr(p, (long)(s - line) + 1, "%s", "expected test PHASE [key=value...]: \"text\"");
		return;
	}
	for (bool first = true; q < colon; first = false) {
		const char *w, *eq;
		size_t n;
		while (q < colon && isspace((unsigned char)*q))
			q++;
		w = q;
		while (q < colon && !isspace((unsigned char)*q))
			q++;
		if (!(n = (size_t)(q - w)))
			break;
		if (n >= sizeof word)
			n = sizeof word - 1;
		memcpy(word, w, n);
		word[n] = '\0';
		eq = strchr(word, '=');
		if (first) {
			if (strcmp(word, "any") == 0)
				t.any_phase = true;
			else if (strcmp(word, "action") == 0) {
				/* "test action owner=@mika due=+3d: ..." */
				t.any_phase = true;
				t.keys[t.nkeys] = xstrdup("action");
				t.values[t.nkeys++] = xstrdup("yes");
			} else if (strcmp(word, "language") == 0 && p->pack) {
				/* "test language: ..." in a built-in pack */
				t.any_phase = true;
				t.language = p->pack;
			} else if (!parse_phase(word, &t.phase)) {
				perr(p, (long)(w - line) + 1, "unknown test phase \"%s\"", word);
				goto fail;
			}
		} else if (eq && t.nkeys < MAX_TEST_KEYS && test_key_known(word, (size_t)(eq - word))) {
			t.keys[t.nkeys] = xstrndup(word, (size_t)(eq - word));
			t.values[t.nkeys++] = xstrdup(eq + 1);
		} else {
			perr(p, (long)(w - line) + 1,
			     "bad test option \"%s\" (expected id=, severity=, action=, owner=, due=, on= or redact=)", word);
			goto fail;
		}
	}
	q = colon + 1;
	while (*q == ' ' || *q == '\t')
		q++;
	if (!(t.text = parse_quoted(p, q, line)))
		goto fail;
	p->rs->tests = xgrow(p->rs->tests, &p->rs->tests_cap, p->rs->ntests + 1, sizeof *p->rs->tests);
	p->rs->tests[p->rs->ntests++] = t;
	return;
fail:
	for (size_t k = 0; k < t.nkeys; k++) {
		free(t.keys[k]);
		free(t.values[k]);
	}
}

static void parse_disable(struct parser *p, const char *s, const char *line)
{
	struct compiled *c;
	char id[128];
	size_t n = strcspn(s, " \t");
	if (!n || n >= sizeof id || s[n + strspn(s + n, " \t")]) {
		perr(p, (long)(s - line) + 1, "%s", "expected disable SECTION.NAME");
		return;
	}
	memcpy(id, s, n);
	id[n] = '\0';
	if (!(c = find_rule(p->rs, id))) {
		perr(p, (long)(s - line) + 1, "disable: no rule named %s", id);
		return;
	}
	c->rule.disabled = true;
}

/* "detect.alert-post: detect=1.25 escalate=-0.3 none=-0.8" (phases left
 * out weigh 0). */
static void parse_weights(struct parser *p, const char *s, const char *line)
{
	const char *colon = strchr(s, ':'), *q;
	double w[PHASE_COUNT] = {0};
	struct buf name = {0};
	if (!colon || colon == s) {
		perr(p, (long)(s - line) + 1, "%s", "expected NAME: PHASE=WEIGHT...");
		return;
	}
	buf_add(&name, s, (size_t)(colon - s));
	text_trim(&name);
	for (q = colon + 1; *q;) {
		char word[16], *end;
		enum phase ph;
		size_t n;
		while (isspace((unsigned char)*q))
			q++;
		if (!*q)
			break;
		n = strcspn(q, "=");
		if (!q[n] || n >= sizeof word) {
			perr(p, (long)(q - line) + 1, "%s", "expected PHASE=WEIGHT");
			goto out;
		}
		memcpy(word, q, n);
		word[n] = '\0';
		if (!parse_phase(word, &ph)) {
			perr(p, (long)(q - line) + 1, "unknown phase \"%s\"", word);
			goto out;
		}
		w[ph] = strtod(q + n + 1, &end);
		if (end == q + n + 1 || (*end && !isspace((unsigned char)*end)) || w[ph] < -100 || w[ph] > 100) {
			perr(p, (long)(q + n + 1 - line) + 1, "%s", "expected a weight from -100 to 100");
			goto out;
		}
		q = end;
	}
	memcpy(weights_slot(p->rs, buf_str(&name))->w, w, sizeof w);
out:
	buf_free(&name);
}

static bool load_file_at(struct rule_set *rs, const char *path, const char *display);

/* The file at path if this set read it (or is reading it); NULL otherwise,
 * and for paths that cannot be looked at (reading them reports why). */
static struct file_id *file_seen(struct rule_set *rs, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	for (size_t i = 0; i < rs->nfiles; i++)
		if (rs->files[i].dev == st.st_dev && rs->files[i].ino == st.st_ino)
			return &rs->files[i];
	return NULL;
}

/* Marks path as being read; returns its slot index, or SIZE_MAX. */
static size_t file_open(struct rule_set *rs, const char *path)
{
	struct stat st;
	struct file_id *f = file_seen(rs, path);
	if (f) {
		f->open = true;
		return (size_t)(f - rs->files);
	}
	if (stat(path, &st) != 0)
		return SIZE_MAX;
	rs->files = xgrow(rs->files, &rs->files_cap, rs->nfiles + 1, sizeof *rs->files);
	rs->files[rs->nfiles] = (struct file_id){st.st_dev, st.st_ino, true};
	return rs->nfiles++;
}

static void parse_include(struct parser *p, const char *s, const char *line)
{
	struct buf path = {0};
	if (!*s) {
		perr(p, (long)(s - line) + 1, "%s", "expected include PATH");
		return;
	}
	if (*s != '/' && p->dir)
		buf_printf(&path, "%s/", p->dir);
	buf_puts(&path, s);
	const struct file_id *seen = file_seen(p->rs, buf_str(&path));
	if (seen && seen->open)
		perr(p, (long)(s - line) + 1, "include loop: %s is already being read",
		     buf_str(&path));
	else if (seen)
		;	/* each file is read once: a diamond of includes is no loop */
	else if (p->rs->depth >= MAX_INCLUDE_DEPTH)
		perr(p, (long)(s - line) + 1, "%s", "include nested too deep");
	else if (!load_file_at(p->rs, buf_str(&path), buf_str(&path)))
		p->ok = false;
	buf_free(&path);
}

static bool keyword(const char **s, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(*s, word, n) != 0 || !isspace((unsigned char)(*s)[n]))
		return false;
	*s += n;
	while (isspace((unsigned char)**s))
		(*s)++;
	return true;
}

static void parse_line(struct parser *p, char *line)
{
	char *end = line + strlen(line);
	const char *s = line;
	while (end > line && isspace((unsigned char)end[-1]))
		*--end = '\0';
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return;
	if (*s == '[') {
		parse_section(p, s, line);
	} else if (keyword(&s, "include")) {
		parse_include(p, s, line);
	} else if (keyword(&s, "disable")) {
		parse_disable(p, s, line);
	} else if (keyword(&s, "test")) {
		parse_test(p, s, line);
	} else if (p->section == SECTION_WEIGHTS && strcmp(s, "reset") == 0) {
		p->rs->nweights = 0;	/* a learned file replaces every weight before it */
	} else if (p->section == SECTION_WEIGHTS) {
		parse_weights(p, s, line);
	} else {
		parse_rule(p, s, line);
	}
}

static bool parse_text(struct rule_set *rs, const char *file, const char *dir,
		       const char *text, uint8_t pack)
{
	struct parser p = {rs, file, dir, 0, -1, rs->n, pack, true};
	const char *s = text;
	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n);
		p.line++;
		parse_line(&p, line);
		free(line);
		s += n + (s[n] == '\n');
	}
	resolve_weights(rs);
	return p.ok;
}

static bool load_file_at(struct rule_set *rs, const char *path, const char *display)
{
	struct buf data = {0}, dir = {0};
	const char *slash = strrchr(path, '/');
	size_t slot;
	bool ok;
	/* the same reader as inputs: no FIFO blocks it, no huge file fills memory */
	if (!readfile_load(path, display, &data)) {
		buf_free(&data);
		return false;
	}
	if (memchr(buf_str(&data), '\0', data.len)) {
		diag_at(DIAG_ERROR, display, 0, 0, "not a text file");
		buf_free(&data);
		return false;
	}
	if (slash)
		buf_add(&dir, path, (size_t)(slash - path));
	slot = file_open(rs, path);
	rs->depth++;
	ok = parse_text(rs, keep(rs, xstrdup(display)), slash ? buf_str(&dir) : NULL, buf_str(&data), 0);
	rs->depth--;
	if (slot != SIZE_MAX)
		rs->files[slot].open = false;
	buf_free(&data);
	buf_free(&dir);
	return ok;
}

bool rules_load_file(struct rule_set *rs, const char *path)
{
	return load_file_at(rs, path, path);
}

bool rules_load_text(struct rule_set *rs, const char *name, const char *text)
{
	return parse_text(rs, keep(rs, xstrdup(name)), NULL, text, 0);
}

bool rules_lang_known(const char *code, size_t len)
{
	if (len == 2 && !strncmp(code, "en", 2))
		return true;
	for (size_t i = 0; i < sizeof packs / sizeof *packs; i++)
		if (strlen(packs[i].code) == len && !strncmp(code, packs[i].code, len))
			return true;
	return false;
}

static bool lang_wanted(const char *langs, const char *code)
{
	size_t n = strlen(code);
	for (const char *s = langs; s && *s;) {
		size_t len = strcspn(s, ",");
		if (len == n && !strncmp(s, code, n))
			return true;
		s += len + (s[len] == ',');
	}
	return !langs;
}

bool rules_load_default(struct rule_set *rs, const char *langs)
{
	bool ok = rules_load_text(rs, "rules/default.rules", pmdraft_default_rules);
	rs->lang_auto = !langs;
	if (langs && !strcmp(langs, "all"))
		langs = NULL;
	for (size_t i = 0; i < sizeof packs / sizeof *packs; i++)
		if (lang_wanted(langs, packs[i].code))
			ok &= parse_text(rs, packs[i].file, NULL, packs[i].text, (uint8_t)(i + 1));
	return ok & rules_load_text(rs, "rules/default.weights", pmdraft_default_weights);
}

static int run_from(const struct rule_set *rs, struct compiled *c, const char *text,
		    size_t len, size_t from);

/* Two marker words of a pack's language in text: a bit (1u << pack) each. */
static unsigned spoken_in(const struct rule_set *rs, const char *text)
{
	size_t len = strlen(text);
	unsigned found[1 + sizeof packs / sizeof *packs] = {0}, mask = 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct compiled *c = &rs->rules[i];
		size_t from = 0;
		if (c->rule.section != SECTION_LANGUAGE || c->rule.disabled || !c->pack)
			continue;
		while (found[c->pack] < 2 && from <= len && run_from(rs, c, text, len, from) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scratch_of(rs)->md);
			found[c->pack]++;
			from = ov[1] > from ? ov[1] : from + 1;
		}
		if (found[c->pack] >= 2)
			mask |= 1u << c->pack;
	}
	return mask;
}

unsigned rules_languages(const struct rule_set *rs, const char *(*text_at)(const void *ctx, size_t i),
			 const void *ctx, size_t n)
{
	enum { SAMPLE = 4000, SHARE = 50 };
	size_t step = n > SAMPLE ? n / SAMPLE : 1, sampled = 0;
	size_t votes[1 + sizeof packs / sizeof *packs] = {0};
	unsigned langs = 1;
	if (!rs->lang_auto)
		return RULES_LANGS_ALL;
	for (size_t i = 0; i < n; i += step) {
		const char *text = text_at(ctx, i);
		unsigned mask;
		if (!text)
			continue;
		sampled++;
		mask = spoken_in(rs, text);
		for (size_t k = 1; k <= sizeof packs / sizeof *packs; k++)
			votes[k] += (mask >> k) & 1;
	}
	for (size_t k = 1; k <= sizeof packs / sizeof *packs; k++)
		if (votes[k] && votes[k] * SHARE >= sampled)
			langs |= 1u << k;
	return langs;
}

void rules_languages_name(const struct rule_set *rs, unsigned langs, struct buf *out)
{
	buf_puts(out, "en");
	for (size_t k = 0; k < sizeof packs / sizeof *packs; k++)
		if (langs & (1u << (k + 1)))
			buf_printf(out, ", %s", packs[k].code);
	if (rs->lang_auto)
		buf_puts(out, " (detected from the text)");
}

/* ---- matching --------------------------------------------------------- */

static uint32_t match_limit(size_t len)
{
	const size_t most = (UINT32_MAX - MATCH_LIMIT) / MATCH_LIMIT_PER_BYTE;
	return MATCH_LIMIT + (uint32_t)(len < most ? len : most) * MATCH_LIMIT_PER_BYTE;
}

/* A rule that gives up on this many texts is switched off for the run: a
 * backtracking pattern would otherwise spend the whole match limit on every
 * message (31 s for 20 000 messages). */
#define LIMIT_STRIKES 3

/* Runs one rule; >0 on a match. A rule that hits the match limits is
 * reported once and treated as not matching; after LIMIT_STRIKES texts it
 * is skipped, with one more warning saying so. */
static int run_from(const struct rule_set *rs, struct compiled *c, const char *text,
		    size_t len, size_t from)
{
	struct scratch *sc = scratch_of(rs);
	int rc;
	if (atomic_load(&c->strikes) >= LIMIT_STRIKES)
		return PCRE2_ERROR_NOMATCH;
	pcre2_set_match_limit(sc->mctx, match_limit(len));
	rc = c->jit ? pcre2_jit_match(c->code, (PCRE2_SPTR)text, len, from, 0, sc->md, sc->mctx)
		    : pcre2_match(c->code, (PCRE2_SPTR)text, len, from, 0, sc->md, sc->mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		if (!atomic_exchange(&c->warned, true)) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(rc, msg, sizeof msg);
			diag_at(DIAG_WARNING, c->rule.file, c->rule.line, 0,
				"rule %s gave up on a message (%s); treated as no match",
				c->rule.id, (char *)msg);
		}
		if (atomic_fetch_add(&c->strikes, 1) + 1 == LIMIT_STRIKES)
			diag_at(DIAG_WARNING, c->rule.file, c->rule.line, 0,
				"rule %s gave up on %d messages; disabled for the rest of this run",
				c->rule.id, LIMIT_STRIKES);
	}
	/* 0: a match with more groups than the match data holds; the whole
	 * match is still there, so it counts */
	return rc == 0 ? 1 : rc;
}

static int run(const struct rule_set *rs, struct compiled *c, const char *text, size_t len)
{
	return run_from(rs, c, text, len, 0);
}

bool rules_next_match(const struct rule_set *rs, enum rule_section section,
		      const char *text, size_t len, size_t from, struct rule_match *out)
{
	bool found = false;
	for (size_t i = 0; i < rs->n; i++) {
		struct compiled *c = &rs->rules[i];
		PCRE2_SIZE *ov;
		if (c->rule.section != section || c->rule.disabled)
			continue;
		if (run_from(rs, c, text, len, from) <= 0)
			continue;
		ov = pcre2_get_ovector_pointer(scratch_of(rs)->md);
		if (ov[1] <= ov[0])
			continue;	/* an empty match masks nothing */
		if (!found || ov[0] < out->start || (ov[0] == out->start && ov[1] > out->end)) {
			out->rule = &c->rule;
			out->start = ov[0];
			out->end = ov[1];
			found = true;
		}
	}
	return found;
}

/* A rule's kind is the part of its name before a dot: "action.not.restart"
 * is of kind "not"; "action.owns" has none. */
static bool of_kind(const struct rule *r, const char *kind)
{
	const char *name = strchr(r->id, '.') + 1, *dot = strchr(name, '.');
	if (!kind)
		return !dot;
	return dot && (size_t)(dot - name) == strlen(kind) && !strncmp(name, kind, strlen(kind));
}

bool rules_match_rule(const struct rule_set *rs, size_t i, const char *text, size_t len,
		      size_t from, struct rule_match *out)
{
	struct compiled *c = &rs->rules[i];
	while (from < len && !c->rule.disabled && run_from(rs, c, text, len, from) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scratch_of(rs)->md);
		if (ov[1] > ov[0]) {
			*out = (struct rule_match){&c->rule, ov[0], ov[1]};
			return true;
		}
		/* an empty match masks nothing: look again past it, on a
		 * character boundary */
		from = ov[0] + 1;
		while (from < len && ((unsigned char)text[from] & 0xC0) == 0x80)
			from++;
	}
	return false;
}

bool rules_find(const struct rule_set *rs, enum rule_section section,
		const char *text, const char *group, struct rule_match *out)
{
	return rules_find_kind(rs, section, "*", text, group, out);
}

bool rules_find_kind(const struct rule_set *rs, enum rule_section section, const char *kind,
		     const char *text, const char *group, struct rule_match *out)
{
	size_t len = strlen(text);
	bool any = kind && strcmp(kind, "*") == 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct compiled *c = &rs->rules[i];
		PCRE2_SIZE *ov;
		int rc, g = 0;
		if (c->rule.section != section || c->rule.disabled || (!any && !of_kind(&c->rule, kind)))
			continue;
		if ((rc = run(rs, c, text, len)) <= 0)
			continue;
		ov = pcre2_get_ovector_pointer(scratch_of(rs)->md);
		if (group) {
			int n = pcre2_substring_number_from_name(c->code, (PCRE2_SPTR)group);
			g = n > 0 ? n : rc > 1 ? 1 : 0;
		}
		if (g >= rc || ov[2 * g] == PCRE2_UNSET)
			g = 0;
		out->rule = &c->rule;
		out->start = ov[2 * g];
		out->end = ov[2 * g + 1];
		return true;
	}
	return false;
}

/* "[mitigate] rolling back" -> PHASE_MITIGATE. */
static bool tag_phase(const char *text, enum phase *out)
{
	char word[24];
	const char *s = text, *end;
	size_t n;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '[' || !(end = strchr(s, ']')) || (n = (size_t)(end - s - 1)) >= sizeof word)
		return false;
	memcpy(word, s + 1, n);
	word[n] = '\0';
	return n && parse_phase(word, out) && *out != PHASE_NONE;
}

bool rules_section_is_evidence(enum rule_section s)
{
	return s <= SECTION_DISMISS || s == SECTION_FEATURE;
}

void rules_scan(const struct rule_set *rs, const char *text, unsigned langs,
		struct rule_scan *out)
{
	size_t len = strlen(text);
	out->n = 0;
	out->sections = 0;
	out->tagged = tag_phase(text, &out->tag);
	for (size_t i = 0; i < rs->n && out->n < RULES_SCAN_MAX; i++) {
		struct compiled *c = &rs->rules[i];
		PCRE2_SIZE *ov;
		if (c->rule.disabled || !rules_section_is_evidence(c->rule.section) ||
		    !(langs & (1u << c->pack)))
			continue;
		if (run(rs, c, text, len) <= 0)
			continue;
		ov = pcre2_get_ovector_pointer(scratch_of(rs)->md);
		out->m[out->n++] = (struct rule_match){&c->rule, ov[0], ov[1]};
		out->sections |= 1u << c->rule.section;
	}
}

size_t rules_index(const struct rule_set *rs, const struct rule *r)
{
	/* a rule is the first member of its compiled entry */
	return (size_t)((const struct compiled *)(const void *)r - rs->rules);
}

void rules_score_scan(const struct rule_set *rs, const struct rule_scan *sc,
		      double score[PHASE_COUNT])
{
	for (int p = 0; p < PHASE_COUNT; p++)
		score[p] += rs->bias_w[p];
	for (int s = 0; s < SECTION_COUNT; s++)
		if (sc->sections & (1u << s))
			for (int p = 0; p < PHASE_COUNT; p++)
				score[p] += rs->sec_w[s][p];
	for (size_t i = 0; i < sc->n; i++) {
		const double *w = rs->rule_w[rules_index(rs, sc->m[i].rule)];
		for (int p = 0; p < PHASE_COUNT; p++)
			score[p] += w[p];
	}
}

struct proposal rules_propose(const struct rule_set *rs, const char *text, unsigned langs)
{
	struct proposal pr = {PHASE_NONE, NULL, false, {0}};
	struct rule_scan sc;
	const double *prior;
	double best = 0;
	rules_scan(rs, text, langs, &sc);
	if (sc.tagged) {
		pr.phase = sc.tag;
		pr.tagged = true;
		return pr;
	}
	rules_score_scan(rs, &sc, pr.score);
	/* the text's likelihood of each phase: its score less how common
	 * the phase was among the examples (see pmdraft-rules(5)) */
	if ((prior = rules_weights(rs, "prior")))
		for (int p = 0; p < PHASE_COUNT; p++)
			pr.score[p] -= prior[p];
	/* the highest score; a tie between phases goes to the later one
	 * (phases.md rule 2), a tie with no phase to no phase */
	pr.phase = PHASE_DETECT;
	for (int p = PHASE_DETECT; p < PHASE_COUNT; p++)
		if (pr.score[p] >= pr.score[pr.phase])
			pr.phase = (enum phase)p;
	if (pr.score[PHASE_NONE] >= pr.score[pr.phase])
		pr.phase = PHASE_NONE;
	for (size_t i = 0; i < sc.n; i++) {
		double w = rs->rule_w[rules_index(rs, sc.m[i].rule)][pr.phase];
		if (w > best) {
			best = w;
			pr.rule = sc.m[i].rule;
		}
	}
	return pr;
}

size_t rules_phase_tests(const struct rule_set *rs)
{
	return rs->ntests;
}

/* A test's text is read as a one-message incident in auto mode would be:
 * English and team rules, the packs it speaks, and the pack it is written
 * in (so "their status page" in an English test never meets the Japanese
 * pack's rules, and a pack's terse test still meets its own). */
static unsigned test_langs(const struct rule_set *rs, const struct test *t)
{
	return 1u | 1u << t->pack | spoken_in(rs, t->text);
}

const char *rules_phase_test(const struct rule_set *rs, size_t i, enum phase *phase,
			     unsigned *langs)
{
	if (rs->tests[i].any_phase)
		return NULL;
	*phase = rs->tests[i].phase;
	*langs = test_langs(rs, &rs->tests[i]);
	return rs->tests[i].text;
}

void rules_normalise_id(const char *s, size_t len, struct buf *out)
{
	size_t i = 0;
	for (; i < len && isalpha((unsigned char)s[i]); i++)
		buf_putc(out, (char)toupper((unsigned char)s[i]));
	while (i < len && (s[i] == '-' || s[i] == ' ' || s[i] == '_' || s[i] == '#'))
		i++;
	if (i < len && out->len)
		buf_putc(out, '-');
	for (; i < len; i++)
		buf_putc(out, (char)toupper((unsigned char)s[i]));
}

bool rules_extract_id(const struct rule_set *rs, const char *text, struct buf *out)
{
	struct rule_match m;
	if (!rules_find(rs, SECTION_INCIDENT_ID, text, "id", &m))
		return false;
	rules_normalise_id(text + m.start, m.end - m.start, out);
	return true;
}

bool rules_extract_severity(const struct rule_set *rs, const char *text, struct buf *out)
{
	struct rule_match m;
	struct buf raw = {0};
	const char *s;
	if (!rules_find(rs, SECTION_SEVERITY, text, "sev", &m))
		return false;
	buf_add(&raw, text + m.start, m.end - m.start);
	s = buf_str(&raw);
	/* "sev 2", "SEV2", "sev-2" -> SEV-2; "P1" stays P1 */
	if (strncasecmp(s, "sev", 3) == 0) {
		s += 3;
		while (*s == ' ' || *s == '-' || *s == '_')
			s++;
		buf_printf(out, "SEV-%s", s);
	} else {
		for (; *s; s++)
			if (!isspace((unsigned char)*s))
				buf_putc(out, (char)toupper((unsigned char)*s));
	}
	buf_free(&raw);
	return true;
}

/* ---- inline tests ----------------------------------------------------- */

static const char *test_value(const struct test *t, const char *key)
{
	for (size_t k = 0; k < t->nkeys; k++)
		if (strcmp(t->keys[k], key) == 0)
			return t->values[k];
	return NULL;
}

static bool check_extraction(const struct rule_set *rs, const struct test *t,
			     const char *key, bool (*extract)(const struct rule_set *,
							       const char *, struct buf *))
{
	const char *want = test_value(t, key);
	struct buf got = {0};
	bool ok;
	if (!want)
		return true;
	ok = extract(rs, t->text, &got) ? strcmp(buf_str(&got), want) == 0 : strcmp(want, "-") == 0;
	if (!ok)
		diag_at(DIAG_ERROR, t->file, t->line, 0, "test failed: %s is \"%s\", expected \"%s\"",
			key, buf_str(&got), want);
	buf_free(&got);
	return ok;
}

static bool test_fail(const struct test *t, const char *what, const char *got, const char *want)
{
	diag_at(DIAG_ERROR, t->file, t->line, 0, "test failed: %s is \"%s\", expected \"%s\"",
		what, got, want);
	return false;
}

/* redact=KIND: the leftmost [redact] match is rule redact.KIND; redact=-: none. */
static bool check_redact(const struct rule_set *rs, const struct test *t)
{
	const char *want = test_value(t, "redact"), *got;
	struct rule_match m;
	if (!want)
		return true;
	got = rules_next_match(rs, SECTION_REDACT, t->text, strlen(t->text), 0, &m)
		      ? strchr(m.rule->id, '.') + 1 : "-";
	return strcmp(got, want) == 0 || test_fail(t, "redact", got, want);
}

static bool check_action(const struct rule_set *rs, const struct test *t)
{
	const char *want = test_value(t, "action");
	struct rule_match m;
	bool found;
	if (!want)
		return true;
	found = rules_find_kind(rs, SECTION_ACTION, NULL, t->text, NULL, &m) &&
		!rules_find_kind(rs, SECTION_ACTION, "not", t->text, NULL, &m);
	if (found != (strcmp(want, "yes") == 0))
		return test_fail(t, "action", found ? "yes" : "no", want);
	return true;
}

/* owner=self: the author claims it; owner=@mika: the [owner] capture names
 * mika (a prefix, case-insensitive); owner=-: no owner found. */
static bool check_owner(const struct rule_set *rs, const struct test *t)
{
	const char *want = test_value(t, "owner"), *w;
	struct rule_match m;
	struct buf got = {0};
	bool ok;
	if (!want)
		return true;
	if (rules_find_kind(rs, SECTION_OWNER, NULL, t->text, "owner", &m))
		buf_add(&got, t->text + m.start, m.end - m.start);
	w = want[0] == '@' ? want + 1 : want;
	if (strcmp(want, "self") == 0)
		ok = !strcasecmp(buf_str(&got), "I") || !strcasecmp(buf_str(&got), "me") ||
		     !strcasecmp(buf_str(&got), "mine");
	else if (strcmp(want, "-") == 0)
		ok = got.len == 0;
	else
		ok = got.len && !strncasecmp(buf_str(&got) + (got.data[0] == '@'), w, strlen(w));
	if (!ok)
		test_fail(t, "owner", buf_str(&got), want);
	buf_free(&got);
	return ok;
}

/* due=2026-06-12 or due=+3d (days after the anchor), due=- for none; the
 * anchor is on=YYYY-MM-DD, else Wednesday 2026-06-03. */
static bool check_due(const struct rule_set *rs, const struct test *t)
{
	const char *want = test_value(t, "due"), *on = test_value(t, "on");
	struct date anchor = {2026, 6, 3}, got_date, want_date;
	struct rule_match m;
	struct buf got = {0}, raw = {0};
	bool have = false, ok;
	if (!want)
		return true;
	if (on && !parse_date(on, &anchor))
		return test_fail(t, "on", on, "YYYY-MM-DD");
	if (rules_find_kind(rs, SECTION_DUE, NULL, t->text, "due", &m)) {
		buf_add(&raw, t->text + m.start, m.end - m.start);
		have = parse_due(buf_str(&raw), anchor, &got_date);
	}
	if (have)
		date_format(got_date, &got);
	if (strcmp(want, "-") == 0) {
		ok = !have;
	} else if (want[0] == '+') {
		want_date = date_from_days(date_to_days(anchor) + strtol(want + 1, NULL, 10));
		ok = have && date_to_days(got_date) == date_to_days(want_date);
	} else {
		ok = have && parse_date(want, &want_date) &&
		     date_to_days(got_date) == date_to_days(want_date);
	}
	if (!ok)
		test_fail(t, "due", have ? buf_str(&got) : buf_str(&raw), want);
	buf_free(&got);
	buf_free(&raw);
	return ok;
}

static bool check_language(const struct rule_set *rs, const struct test *t)
{
	if (!t->language || spoken_in(rs, t->text) & (1u << t->language))
		return true;
	diag_at(DIAG_ERROR, t->file, t->line, 0,
		"test failed: \"%.60s\" has fewer than two %s marker words", t->text,
		packs[t->language - 1].code);
	return false;
}

size_t rules_run_tests(const struct rule_set *rs, size_t *total)
{
	size_t failed = 0;
	for (size_t i = 0; i < rs->ntests; i++) {
		const struct test *t = &rs->tests[i];
		bool ok = true;
		if (!t->any_phase) {
			struct proposal pr = rules_propose(rs, t->text, test_langs(rs, t));
			if (pr.phase != t->phase) {
				diag_at(DIAG_ERROR, t->file, t->line, 0,
					"test failed: \"%.60s\" is %s (%s), expected %s", t->text,
					phase_name(pr.phase),
					pr.rule ? pr.rule->id : pr.tagged ? "tag" : "no rule",
					phase_name(t->phase));
				ok = false;
			}
		}
		ok &= check_extraction(rs, t, "id", rules_extract_id);
		ok &= check_extraction(rs, t, "severity", rules_extract_severity);
		ok &= check_action(rs, t);
		ok &= check_redact(rs, t);
		ok &= check_owner(rs, t);
		ok &= check_due(rs, t);
		ok &= check_language(rs, t);
		failed += !ok;
	}
	*total = rs->ntests;
	return failed;
}
