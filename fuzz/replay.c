/* replay: runs a fuzz target's entry point on every file under the paths
 * given (seed corpora, fixtures, regression inputs), without libFuzzer. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fuzz.h"

static size_t replayed;

static int replay_file(const char *path)
{
	struct buf data = {0};
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&data, chunk, n);
	fclose(f);
	/* libFuzzer never passes NULL, even for an empty input */
	LLVMFuzzerTestOneInput((const uint8_t *)buf_str(&data), data.len);
	buf_free(&data);
	replayed++;
	return 0;
}

static int replay(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;
	if (lstat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (S_ISLNK(st.st_mode))
		return 0;	/* seed trees may hold symlink loops on purpose */
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	if (!(d = opendir(path)))
		return 1;
	while ((e = readdir(d))) {
		struct buf child = {0};
		if (e->d_name[0] == '.')
			continue;
		buf_printf(&child, "%s/%s", path, e->d_name);
		rc |= replay(buf_str(&child));
		buf_free(&child);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++)
		rc |= replay(argv[i]);
	printf("replayed %zu inputs\n", replayed);
	return rc || replayed == 0;
}
