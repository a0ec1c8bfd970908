/* zipread: libarchive's streaming zip reader, one member at a time. */
#include "zipread.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "readfile.h"

bool zipread_is_zip(const char *path)
{
	char head[8] = {0};
	if (import_is_dir(path) || !import_peek(path, head, sizeof head))
		return false;
	return memcmp(head, "PK\3\4", 4) == 0 || memcmp(head, "PK\5\6", 4) == 0;
}

/* Diagnostics go to diag unless display is NULL (sniffing stays quiet). */
static void report(enum diag_level level, const char *display, long line, long col,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(enum diag_level level, const char *display, long line, long col,
		   const char *fmt, ...)
{
	struct buf msg = {0};
	va_list ap;
	if (!display)
		return;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_at(level, display, line, col, "%s", buf_str(&msg));
	buf_free(&msg);
}

static struct archive *new_reader(void)
{
	struct archive *a = archive_read_new();
	if (a)
		archive_read_support_format_zip(a);
	return a;
}

/* Reads the current member into data, counting what was inflated in
 * *total; false after reporting. The declared size is checked first so a
 * bomb is refused without inflating it; the actual size is checked as it
 * comes, for archives that lie. */
static bool read_member(struct archive *a, struct archive_entry *e, const char *display,
			const char *name, struct buf *data, size_t *total)
{
	char chunk[65536];
	la_ssize_t n;
	buf_reset(data);
	if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)READFILE_MAX_BYTES) {
		report(DIAG_ERROR, display, 0, 0,
		       "%s: member of %lld bytes, over the %u MiB limit for one input file",
		       name, (long long)archive_entry_size(e), READFILE_MAX_BYTES >> 20);
		return false;
	}
	while ((n = archive_read_data(a, chunk, sizeof chunk)) > 0) {
		if (data->len + (size_t)n > READFILE_MAX_BYTES) {
			report(DIAG_ERROR, display, 0, 0,
			       "%s: member over the %u MiB limit for one input file",
			       name, READFILE_MAX_BYTES >> 20);
			return false;
		}
		if (*total + (size_t)n > ZIPREAD_MAX_TOTAL) {
			report(DIAG_ERROR, display, 0, 0,
			       "%s: the archive inflates to over %u MiB; refused as a zip bomb",
			       name, ZIPREAD_MAX_TOTAL >> 20);
			return false;
		}
		*total += (size_t)n;
		buf_add(data, chunk, (size_t)n);
	}
	if (n < 0) {
		report(DIAG_ERROR, display, 0, 0, "%s: cannot read from the zip: %s",
			name, archive_error_string(a));
		return false;
	}
	return true;
}

static bool walk(struct archive *a, const char *display, zipread_want want,
		 zipread_visit visit, void *ctx)
{
	struct archive_entry *e;
	struct buf data = {0};
	size_t total = 0;	/* bytes inflated by this walk */
	bool ok = true;
	int r;
	while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		enum zipread_choice choice;
		if (!name || archive_entry_filetype(e) != AE_IFREG)
			continue;
		choice = want(ctx, name);
		if (choice == ZIPREAD_STOP) {
			buf_free(&data);
			return true;
		}
		if (choice == ZIPREAD_SKIP)
			continue;
		ok = read_member(a, e, display, name, &data, &total);
		if (ok)
			visit(ctx, name, buf_str(&data), data.len);
	}
	if (ok && r != ARCHIVE_EOF) {
		report(DIAG_ERROR, display, 0, 0, "not a readable zip archive: %s",
			archive_error_string(a));
		ok = false;
	}
	buf_free(&data);
	return ok;
}

/* Walks an archive whose open call returned open_rc, then frees it: the file
 * and memory readers differ only in how they open. */
static bool walk_opened(struct archive *a, int open_rc, const char *display,
			zipread_want want, zipread_visit visit, void *ctx)
{
	bool ok;
	if (open_rc != ARCHIVE_OK) {
		report(DIAG_ERROR, display, 0, 0, "cannot open as a zip archive: %s",
			archive_error_string(a));
		archive_read_free(a);
		return false;
	}
	ok = walk(a, display, want, visit, ctx);
	archive_read_free(a);
	return ok;
}

bool zipread_each(const char *path, const char *display, zipread_want want,
		  zipread_visit visit, void *ctx)
{
	struct archive *a = new_reader();
	if (!a) {
		report(DIAG_SYSERR, display, 0, 0, "out of memory for the zip reader");
		return false;
	}
	return walk_opened(a, archive_read_open_filename(a, path, 65536), display, want, visit, ctx);
}

bool zipread_each_mem(const void *data, size_t len, const char *display,
		      zipread_want want, zipread_visit visit, void *ctx)
{
	struct archive *a = new_reader();
	if (!a) {
		report(DIAG_SYSERR, display, 0, 0, "out of memory for the zip reader");
		return false;
	}
	return walk_opened(a, archive_read_open_memory(a, data, len), display, want, visit, ctx);
}
