/* import: importer table and content sniffing shared by importers. */
#include "import.h"

#include <errno.h>
#include <stdlib.h>
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "xalloc.h"
#include "buf.h"

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

char *import_path_join(const char *dir, const char *name)
{
	struct buf b = {0};
	buf_puts(&b, dir);
	if (b.len && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, name);
	return buf_detach(&b);
}

char *import_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **import_list_files(const char *dir, bool (*keep)(const char *path, const char *name),
			 size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	*count = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char *p = import_path_join(dir, e->d_name);
		if (!keep(p, e->d_name)) {
			free(p);
			continue;
		}
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = p;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, compare_paths);
	*count = n;
	return names;
}

void import_free_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}
