/* redact: secret masking over every string of the model that reaches an
 * output, with link spans kept exact. */
#include "redact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "incident.h"
#include "rules.h"
#include "xalloc.h"

/* Secret kinds masked whatever rule files are loaded (the [redact] rules of
 * rule files add to these). Token formats are case-sensitive; the inline
 * tests run in the unit tests. */
const char redact_builtin_rules[] =
	"[redact]\n"
	"slack-app-token case: \\bxapp-[0-9]+-[A-Za-z0-9-]{10,}\n"
	"slack-webhook: \\bhooks\\.slack\\.com/(?:workflows|triggers|services)/[A-Za-z0-9/_-]{10,}\n"
	"json-secret: \"[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|credentials?|"
	"(?:access|secret|private|api|auth|client|signing|encryption|master|account)[_-]?key(?:[_-]?id)?)\""
	"\\s*:\\s*\"(?:[^\"\\\\\\n]|\\\\.){4,}\"\n"
	"url-password: (?<=://):[^/\\s@]{3,}(?=@)\n"
	"pgp-private-key case: -----BEGIN PGP PRIVATE KEY BLOCK-----[\\s\\S]*?"
	"(?:-----END PGP PRIVATE KEY BLOCK-----|$)\n"
	"gcp-api-key case: \\bAIza[0-9A-Za-z_-]{35}\n"
	"azure-key: (?<![a-z])(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)="
	"[A-Za-z0-9%+/=_-]{10,}\n"
	"stripe-key case: \\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|\\bwhsec_[A-Za-z0-9]{16,}\n"
	"openai-key case: \\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}\n"
	"gitlab-token case: \\bgl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|soat)-[A-Za-z0-9_-]{20,}\n"
	"npm-token case: \\bnpm_[A-Za-z0-9]{36}\\b\n"
	"sendgrid-key case: \\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}\n"
	"twilio-key case: \\bSK[0-9a-f]{32}\\b\n"
	"basic-auth: (?<![a-z])authorization[\"']?\\s*[:=]\\s*[\"']?basic\\s+[A-Za-z0-9+/]{4,}=*"
	"|(?<=\\s)(?:-u|--user)\\s+[\"']?[^\\s:\"']+:[^\\s\"']+\n"
	"aws-secret-key case: (?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
	"(?=[A-Za-z0-9/+]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])\n"
	"url-token: (?<=[?&;])(?:token|access_token|refresh_token|id_token|sig|signature|"
	"x-amz-signature|x-amz-credential|x-amz-security-token|api_key|apikey|key|password|secret|"
	"client_secret|code)=[^&#\\s\"'<>]{4,}\n"
	"test any redact=slack-app-token: \"app token xapp-1-A0123456789-0123456789012-abcdef0123\"\n"
	"test any redact=slack-webhook: \"post to https://hooks.slack.com/workflows/T0123/A0456/789/abcdef\"\n"
	"test any redact=slack-webhook: \"https://hooks.slack.com/triggers/T0123ABC/5678/0a1b2c3d4e5f\"\n"
	"test any redact=json-secret: \"{\\\"SecretAccessKey\\\": \\\"abc/def+ghi\\\"}\"\n"
	"test any redact=json-secret: \"config {\\\"db_password\\\": \\\"hunter22\\\"}\"\n"
	"test any redact=url-password: \"REDIS_URL=redis://:s3cretpass@cache-1:6379/0\"\n"
	"test any redact=pgp-private-key: \"-----BEGIN PGP PRIVATE KEY BLOCK-----\\nlQOYBF\\n-----END PGP PRIVATE KEY BLOCK-----\"\n"
	"test any redact=gcp-api-key: \"key=AIzaSyA1234567890abcdefghijklmnopqrstuv\"\n"
	"test any redact=azure-key: \"DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcdEFGH1234+/==;\"\n"
	"test any redact=stripe-key: \"stripe key sk_live_4eC39HqLyjWDarjtT1zdp7dc\"\n"
	"test any redact=openai-key: \"OPENAI_API_KEY sk-proj-abcdefghijklmnopqrstuvwxyz012345\"\n"
	"test any redact=gitlab-token: \"glpat-abcdefghij0123456789\"\n"
	"test any redact=npm-token: \"npm_abcdefghijklmnopqrstuvwxyz0123456789\"\n"
	"test any redact=sendgrid-key: \"SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\"\n"
	"test any redact=twilio-key: \"SK0123456789abcdef0123456789abcdef\"\n"
	"test any redact=basic-auth: \"Authorization: Basic dXNlcjpwYXNz\"\n"
	"test any redact=basic-auth: \"curl -u admin:hunter22 https://x.example/\"\n"
	"test any redact=aws-secret-key: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
	"test any redact=url-token: \"see https://x.example/dl?id=4&token=abcd1234\"\n"
	"test any redact=-: \"deployed 3f786850e387550fdab836ed7e6dc881de23001b to prod\"\n"
	"test any redact=-: \"basic troubleshooting first, then sk-later\"\n"
	"test any redact=-: \"{\\\"token_type\\\": \\\"bearer\\\", \\\"sort_key\\\": \\\"time\\\"}\"\n";

/* "redact.slack-token" -> "slack-token". */
static const char *kind_of(const struct rule *r)
{
	const char *dot = strchr(r->id, '.');
	return dot ? dot + 1 : r->id;
}

static void count(struct incident *inc, const char *kind)
{
	for (size_t i = 0; i < inc->nredactions; i++) {
		if (strcmp(inc->redactions[i].kind, kind) == 0) {
			inc->redactions[i].count++;
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
	inc->redactions[inc->nredactions].kind = arena_strdup(&inc->arena, kind);
	inc->redactions[inc->nredactions++].count = 1;
}

/* ---- matching every rule over one text, each rule reading it once ---- */

/* One [redact] rule and its next match in the current text. */
struct cursor {
	const struct rule_set *rs;
	size_t rule;
	struct rule_match m;
	bool have;	/* m is this rule's leftmost match at or after its last start */
	bool done;	/* no match left in the current text */
};

struct masker {
	struct cursor *c;	/* owned */
	size_t n;
};

static void masker_add(struct masker *mk, size_t *cap, const struct rule_set *rs)
{
	for (size_t i = 0; rs && i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		if (r->section != SECTION_REDACT || r->disabled)
			continue;
		mk->c = xgrow(mk->c, cap, mk->n + 1, sizeof *mk->c);
		mk->c[mk->n++] = (struct cursor){.rs = rs, .rule = i};
	}
}

static void masker_reset(struct masker *mk)
{
	for (size_t i = 0; i < mk->n; i++)
		mk->c[i].have = mk->c[i].done = false;
}

/* The leftmost (then longest) match of any rule at or after pos. Rules are
 * only run again when their cached match starts before pos, so masking k
 * secrets in a text of n bytes reads it once per rule, not k times. */
static bool next_secret(struct masker *mk, const char *text, size_t len, size_t pos,
			struct rule_match *out)
{
	bool found = false;
	for (size_t i = 0; i < mk->n; i++) {
		struct cursor *c = &mk->c[i];
		if (c->done)
			continue;
		if (!c->have || c->m.start < pos) {
			c->have = rules_match_rule(c->rs, c->rule, text, len, pos, &c->m);
			if (!c->have) {
				c->done = true;
				continue;
			}
		}
		if (!found || c->m.start < out->start ||
		    (c->m.start == out->start && c->m.end > out->end)) {
			*out = c->m;
			found = true;
		}
	}
	return found;
}

static bool has_secret(struct masker *mk, const char *s)
{
	struct rule_match m;
	masker_reset(mk);
	return next_secret(mk, s, strlen(s), 0, &m);
}

/* A masked span of the original text and the length change it caused. */
struct span {
	size_t start, end;
	long delta;	/* new length minus old length, cumulative up to here */
};

/* Masks every secret of text into out (left empty when there is none) and
 * records the masked spans when spans is not NULL. */
static void mask_into(struct incident *inc, struct masker *mk, const char *text,
		      struct buf *out, struct span **spans, size_t *nspans)
{
	struct rule_match m;
	size_t len = strlen(text), pos = 0, cap = 0;
	long delta = 0;
	masker_reset(mk);
	while (pos < len && next_secret(mk, text, len, pos, &m)) {
		size_t before = out->len;
		buf_add(out, text + pos, m.start - pos);
		buf_printf(out, "[redacted %s]", kind_of(m.rule));
		delta += (long)(out->len - before) - (long)(m.end - pos);
		if (spans) {
			*spans = xgrow(*spans, &cap, *nspans + 1, sizeof **spans);
			(*spans)[(*nspans)++] = (struct span){m.start, m.end, delta};
		}
		count(inc, kind_of(m.rule));
		pos = m.end;
	}
	if (pos)
		buf_add(out, text + pos, len - pos);
}

/* s with its secrets masked: s itself when it holds none, else a copy in
 * the incident's arena. NULL stays NULL. */
static const char *masked(struct incident *inc, struct masker *mk, const char *s)
{
	struct buf out = {0};
	const char *r = s;
	if (!s || !*s)
		return s;
	mask_into(inc, mk, s, &out, NULL, NULL);
	if (out.len)
		r = arena_strndup(&inc->arena, buf_str(&out), out.len);
	buf_free(&out);
	return r;
}

/* ---- messages ---- */

/* New offset of an old offset outside every masked span; spans are in
 * order, so a binary search finds the last one ending at or before off. */
static size_t shifted(const struct span *spans, size_t n, size_t off)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (spans[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)((long)off + (lo ? spans[lo - 1].delta : 0));
}

/* True when a span overlaps [a, b): the first span ending after a decides. */
static bool overlaps(const struct span *spans, size_t n, size_t a, size_t b)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (spans[mid].end <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && spans[lo].start < b;
}

static void fix_links(struct masker *mk, struct message *msg, const struct span *spans,
		      size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < msg->nlinks; i++) {
		struct link l = msg->links[i];
		if (overlaps(spans, n, l.offset, l.offset + l.len) || has_secret(mk, l.url))
			continue;
		l.offset = shifted(spans, n, l.offset);
		msg->links[w++] = l;
	}
	msg->nlinks = w;
}

static void redact_text(struct incident *inc, struct masker *mk, struct message *msg)
{
	struct buf out = {0};
	struct span *spans = NULL;
	size_t n = 0;
	mask_into(inc, mk, msg->text, &out, &spans, &n);
	if (n)
		msg->text = arena_strndup(&inc->arena, buf_str(&out), out.len);
	if (msg->nlinks)
		fix_links(mk, msg, spans, n);
	free(spans);
	buf_free(&out);
}

/* Interned names (authors, posters) are masked once each: a map from the
 * interned pointer to its masked form, open addressing. */
struct name_map {
	const char **from, **to;	/* owned arrays of cap entries */
	size_t n, cap;
};

static size_t hash_ptr(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= (uintptr_t)0x9E3779B97F4A7C15u;
	return (size_t)(x ^ (x >> 29));
}

static void name_map_grow(struct name_map *nm)
{
	struct name_map bigger = {0};
	bigger.cap = nm->cap ? nm->cap * 2 : 64;
	bigger.from = xcalloc(bigger.cap, sizeof *bigger.from);
	bigger.to = xcalloc(bigger.cap, sizeof *bigger.to);
	for (size_t i = 0; i < nm->cap; i++) {
		size_t h;
		if (!nm->from[i])
			continue;
		for (h = hash_ptr(nm->from[i]) & (bigger.cap - 1); bigger.from[h];
		     h = (h + 1) & (bigger.cap - 1))
			;
		bigger.from[h] = nm->from[i];
		bigger.to[h] = nm->to[i];
	}
	bigger.n = nm->n;
	free(nm->from);
	free(nm->to);
	*nm = bigger;
}

static const char *masked_name(struct incident *inc, struct masker *mk, struct name_map *nm,
			       const char *s)
{
	size_t h;
	if (!s || !*s)
		return s;
	if ((nm->n + 1) * 2 > nm->cap)
		name_map_grow(nm);
	for (h = hash_ptr(s) & (nm->cap - 1); nm->from[h]; h = (h + 1) & (nm->cap - 1))
		if (nm->from[h] == s)
			return nm->to[h];
	nm->from[h] = s;
	nm->to[h] = masked(inc, mk, s);
	nm->n++;
	return nm->to[h];
}

/* Everything of a message but its id (the key threads and anchors use). */
static void redact_message(struct incident *inc, struct masker *mk, struct name_map *nm,
			   struct message *msg)
{
	redact_text(inc, mk, msg);
	msg->author = masked_name(inc, mk, nm, msg->author);
	msg->note_phase = masked(inc, mk, msg->note_phase);
	msg->extra = masked(inc, mk, msg->extra);
	for (size_t k = 0; k < msg->nfiles; k++) {
		msg->files[k].name = masked(inc, mk, msg->files[k].name);
		msg->files[k].type = masked(inc, mk, msg->files[k].type);
		msg->files[k].poster = masked_name(inc, mk, nm, msg->files[k].poster);
	}
	for (size_t k = 0; k < msg->nreactions; k++)
		msg->reactions[k].name = masked(inc, mk, msg->reactions[k].name);
}

static void redact_fields(struct incident *inc, struct masker *mk)
{
	inc->id = masked(inc, mk, inc->id);
	inc->title = masked(inc, mk, inc->title);
	inc->severity = masked(inc, mk, inc->severity);
	inc->channel = masked(inc, mk, inc->channel);
	inc->topic = masked(inc, mk, inc->topic);
	for (size_t i = 0; i < inc->nservices; i++)
		inc->services[i] = masked(inc, mk, inc->services[i]);
	for (size_t i = 0; i < inc->nsources; i++)
		inc->sources[i].path = masked(inc, mk, inc->sources[i].path);
	for (size_t i = 0; i < inc->nactions; i++) {
		inc->actions[i].text = masked(inc, mk, inc->actions[i].text);
		inc->actions[i].owner = masked(inc, mk, inc->actions[i].owner);
	}
}

void redact_incident(struct incident *inc, const struct rule_set *rs)
{
	struct rule_set *builtin = rules_new();
	struct masker mk = {0};
	struct name_map nm = {0};
	size_t cap = 0;
	rules_load_text(builtin, "(built-in secrets)", redact_builtin_rules);
	masker_add(&mk, &cap, builtin);
	masker_add(&mk, &cap, rs);
	redact_fields(inc, &mk);
	for (size_t i = 0; i < inc->nmessages; i++)
		redact_message(inc, &mk, &nm, &inc->messages[i]);
	free(nm.from);
	free(nm.to);
	free(mk.c);
	rules_free(builtin);
}
