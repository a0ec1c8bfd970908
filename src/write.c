/* write: writer lookup by name and by file extension. */
#include "write.h"

#include <string.h>
#include <strings.h>

static const struct writer *const writers[] = {&write_html, &write_md, &write_json};

const struct writer *write_find(const char *name)
{
	for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	if (strcmp(name, "markdown") == 0)
		return &write_md;
	return NULL;
}

const struct writer *write_for_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (dot && strchr(dot, '/'))
		dot = NULL;
	if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown")))
		return &write_md;
	if (dot && !strcasecmp(dot, ".json"))
		return &write_json;
	return &write_html;
}
