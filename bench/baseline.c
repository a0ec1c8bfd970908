/* baseline: the practical floor of pmdraft's design on one core. Reads each
 * day file, parses it with json-c, walks the messages and runs every pattern
 * (PCRE2 JIT, one match-data block reused) over each text. No model, no
 * output: the figure pmdraft's end-to-end time is compared with.
 *
 * usage: baseline [-t] PATTERNS FILE...   (PATTERNS from bench/patterns.py;
 * -t: Teams Graph pages, the text being value[].body.content) */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <json-c/json.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct patterns {
	pcre2_code **code;
	size_t n;
};

static int load_patterns(const char *path, struct patterns *p)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	if (!f)
		return perror(path), -1;
	while ((len = getline(&line, &cap, f)) > 2) {
		int err;
		PCRE2_SIZE off;
		uint32_t opts = PCRE2_UTF | PCRE2_UCP | (line[0] == 'i' ? PCRE2_CASELESS : 0);
		pcre2_code *c;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		c = pcre2_compile((PCRE2_SPTR)line + 2, PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
		if (!c) {
			fprintf(stderr, "%s: bad pattern: %s\n", path, line + 2);
			continue;
		}
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
		p->code = realloc(p->code, (p->n + 1) * sizeof *p->code);
		p->code[p->n++] = c;
	}
	free(line);
	fclose(f);
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	data = malloc((size_t)size + 1);
	if (data && fread(data, 1, (size_t)size, f) != (size_t)size) {
		free(data);
		data = NULL;
	}
	*len = (size_t)size;
out:
	if (f)
		fclose(f);
	return data;
}

/* The text of one message, or NULL. */
static struct json_object *message_text(struct json_object *m, bool teams)
{
	struct json_object *t;
	if (teams && !json_object_object_get_ex(m, "body", &m))
		return NULL;
	return json_object_object_get_ex(m, teams ? "content" : "text", &t) ? t : NULL;
}

int main(int argc, char **argv)
{
	struct patterns p = {0};
	pcre2_match_data *md;
	size_t messages = 0, matched = 0;
	bool teams = argc > 1 && strcmp(argv[1], "-t") == 0;
	int first = teams ? 3 : 2;
	if (argc <= first || load_patterns(argv[first - 1], &p))
		return fprintf(stderr, "usage: baseline [-t] PATTERNS FILE...\n"), 2;
	md = pcre2_match_data_create(1, NULL);
	for (int a = first; a < argc; a++) {
		size_t len;
		char *data = read_file(argv[a], &len);
		struct json_tokener *tok = json_tokener_new();
		struct json_object *doc = data ? json_tokener_parse_ex(tok, data, (int)len) : NULL;
		struct json_object *arr = doc;
		size_t n;
		if (teams && !json_object_object_get_ex(doc, "value", &arr))
			arr = NULL;
		n = json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
		if (!doc)
			fprintf(stderr, "%s: cannot parse\n", argv[a]);
		for (size_t i = 0; i < n; i++) {
			struct json_object *t;
			const char *s;
			size_t slen;
			bool hit = false;
			if (!(t = message_text(json_object_array_get_idx(arr, i), teams)))
				continue;
			s = json_object_get_string(t);
			slen = (size_t)json_object_get_string_len(t);
			messages++;
			for (size_t k = 0; k < p.n; k++)
				hit |= pcre2_match(p.code[k], (PCRE2_SPTR)s, slen, 0, 0, md, NULL) >= 0;
			matched += hit;
		}
		json_object_put(doc);
		json_tokener_free(tok);
		free(data);
	}
	printf("%zu messages, %zu matched one of %zu patterns\n", messages, matched, p.n);
	pcre2_match_data_free(md);
	for (size_t k = 0; k < p.n; k++)
		pcre2_code_free(p.code[k]);
	free(p.code);
	return 0;
}
