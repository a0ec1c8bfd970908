/* gold: reads a labelled incident for learning. */
#include "gold.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "jsonio.h"
#include "xalloc.h"

static bool read_args(struct gold *g, const char *display)
{
	struct json_object *args = jsonio_array(g->root, "args");
	size_t n;
	if (!args) {
		diag_at(DIAG_ERROR, display, 0, 0, "args: expected an array of pmdraft arguments");
		return false;
	}
	n = json_object_array_length(args);
	g->argv = xcalloc(n + 2, sizeof *g->argv);
	g->argv[g->argc++] = xstrdup("pmdraft");
	for (size_t i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(args, i);
		if (!json_object_is_type(a, json_type_string)) {
			diag_at(DIAG_ERROR, display, 0, 0, "args[%zu]: not a string", i);
			return false;
		}
		g->argv[g->argc++] = xstrdup(json_object_get_string(a));
	}
	return true;
}

bool gold_load(struct gold *g, const char *path)
{
	struct buf file = {0};
	struct stat st;
	const char *slash;
	memset(g, 0, sizeof *g);
	buf_puts(&file, path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		buf_puts(&file, "/gold.json");
	slash = strrchr(buf_str(&file), '/');
	g->dir = slash ? xstrndup(buf_str(&file), (size_t)(slash - buf_str(&file))) : xstrdup(".");
	if (!(g->root = jsonio_load(buf_str(&file), buf_str(&file))) || !read_args(g, buf_str(&file)))
		goto fail;
	g->phases = jsonio_member(g->root, "phases");
	if (!g->phases || !json_object_is_type(g->phases, json_type_object)) {
		diag_at(DIAG_ERROR, buf_str(&file), 0, 0, "phases: expected an object of id -> phase");
		goto fail;
	}
	buf_free(&file);
	return true;
fail:
	buf_free(&file);
	gold_finish(g);
	return false;
}

void gold_finish(struct gold *g)
{
	if (g->root)
		json_object_put(g->root);
	for (int i = 0; i < g->argc; i++)
		free(g->argv[i]);
	free(g->argv);
	free(g->dir);
	memset(g, 0, sizeof *g);
}

bool gold_phase(const struct gold *g, const char *id, enum phase *out)
{
	struct json_object *v;
	if (!json_object_object_get_ex(g->phases, id, &v))
		return false;
	if (!v) {
		*out = PHASE_NONE;
		return true;
	}
	return json_object_is_type(v, json_type_string) && strcmp(json_object_get_string(v), "?") != 0 &&
	       parse_phase(json_object_get_string(v), out);
}
