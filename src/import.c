/* import: importer table and content sniffing shared by importers. */
#include "import.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* without blocking: a FIFO with no writer would wait forever */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t n = -1;
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return false;
	out[n] = '\0';
	return true;
}

const struct importer *import_detect(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_at(DIAG_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		diag_at(DIAG_ERROR, path, 0, 0, "not a regular file or folder");
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
