/* import: importer table and content sniffing shared by importers. */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"

static const struct importer *const chat_importers[] = {
	&import_slack,
	&import_teams,	/* after Slack: it claims the bare arrays Slack declines */
};

bool import_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool import_peek(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		return false;
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	return true;
}

const struct importer *import_detect(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_at(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0) {
		diag_at(DIAG_ERROR, path, 0, 0, "empty file, expected a chat export");
		return NULL;
	}
	for (size_t i = 0; i < sizeof chat_importers / sizeof *chat_importers; i++)
		if (chat_importers[i]->sniff(path))
			return chat_importers[i];
	diag_at(DIAG_ERROR, path, 0, 0,
		"not a chat export pmdraft can read (expected a Slack day file, "
		"channel folder or export, or Microsoft Teams Graph pages or "
		"export-tool JSON)");
	return NULL;
}
