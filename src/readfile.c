/* readfile: whole-file reads with a size cap, no blocking on special files. */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

/* Opens without blocking (a FIFO with no writer would wait forever), then
 * checks what it is before reading a byte. */
static int open_regular(const char *path, const char *display)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_at(DIAG_ERROR, display, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		diag_at(DIAG_SYSERR, display, 0, 0, "cannot read: %s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		diag_at(DIAG_ERROR, display, 0, 0, "not a regular file%s",
			S_ISDIR(st.st_mode) ? " (a folder)" : "");
	} else if ((unsigned long long)st.st_size > READFILE_MAX_BYTES) {
		diag_at(DIAG_ERROR, display, 0, 0,
			"too large: %lld bytes, over the %u MiB limit for one input file",
			(long long)st.st_size, READFILE_MAX_BYTES >> 20);
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

bool readfile_load(const char *path, const char *display, struct buf *out)
{
	char chunk[65536];
	size_t start = out->len;
	ssize_t n;
	int fd = open_regular(path, display);
	if (fd < 0)
		return false;
	/* the file may grow while it is read: the cap holds for what is read */
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (out->len - start + (size_t)n > READFILE_MAX_BYTES) {
			diag_at(DIAG_ERROR, display, 0, 0,
				"too large: over the %u MiB limit for one input file",
				READFILE_MAX_BYTES >> 20);
			break;
		}
		buf_add(out, chunk, (size_t)n);
	}
	if (n < 0)
		diag_at(DIAG_SYSERR, display, 0, 0, "cannot read: %s", strerror(errno));
	close(fd);
	if (n != 0) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		return false;
	}
	return true;
}
