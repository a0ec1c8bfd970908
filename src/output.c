/* output: temporary file + rename, refusal to overwrite, no partial drafts. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"

static const char *volatile pending;

/* Every signal whose default action ends the process and that may come while
 * a draft is half written: from a person (INT, QUIT), a session ending (HUP),
 * a supervisor (TERM, USR1, USR2), a file size limit (XFSZ) or a reader gone
 * away (PIPE). Crashes are not caught: the process state is not to be trusted
 * then. */
static const int cleanup_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXFSZ, SIGUSR1, SIGUSR2, SIGPIPE,
};
#define NCLEANUP (sizeof cleanup_signals / sizeof cleanup_signals[0])

static void cleanup_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < NCLEANUP; i++)
		sigaddset(set, cleanup_signals[i]);
}

/* The permissions a new file gets (0666 less the umask), like any other file
 * the user creates. umask() can only be read by setting it, so it is set back
 * at once, and read once per process. */
static mode_t file_mode(void)
{
	static mode_t mode;
	static bool known;
	if (!known) {
		mode_t mask = umask(077);
		umask(mask);
		mode = 0666 & ~mask;
		known = true;
	}
	return mode;
}

static bool is_stdout(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* /dev/null, a FIFO or a terminal: written in place, there is nothing to keep. */
static bool is_device(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

bool output_check(const char *path, bool force)
{
	struct stat st;
	char *dir;
	bool ok = true;
	if (is_stdout(path) || is_device(path))
		return true;
	dir = folder_of(path);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_at(DIAG_ERROR, path, 0, 0, "output folder %s does not exist", dir);
		ok = false;
	} else if (access(dir, W_OK) != 0) {
		diag_at(DIAG_ERROR, path, 0, 0, "output folder %s is not writable", dir);
		ok = false;
	} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_at(DIAG_ERROR, path, 0, 0, "is a folder, not a file");
		ok = false;
	} else if (!force && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* refused now, not by link() once the whole run is done */
		diag_at(DIAG_ERROR, path, 0, 0,
			"is a symbolic link; not overwritten (use --force to replace the link, not what it points to)");
		ok = false;
	} else if (!force && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		diag_at(DIAG_ERROR, path, 0, 0,
			"exists and may hold edits; not overwritten (use --force to replace it)");
		ok = false;
	}
	free(dir);
	return ok;
}

bool output_is_input(const char *path, const char *input)
{
	struct stat out, in;
	/* what a forced draft would replace is the name itself (rename does not
	 * follow a link); what is read is what the input name leads to */
	if (is_stdout(path) || lstat(path, &out) != 0 || stat(input, &in) != 0)
		return false;
	return out.st_dev == in.st_dev && out.st_ino == in.st_ino;
}

/* ".BASE.XXXXXX" in dir, with BASE cut (at a UTF-8 boundary) so the name
 * fits the file system's limit: a valid 250-byte draft name must not fail
 * because its temporary name is 8 bytes longer. */
static void temp_name(struct buf *tmp, const char *dir, const char *base)
{
	long max = pathconf(dir, _PC_NAME_MAX);
	size_t len = strlen(base), room;
	if (max <= 0)
		max = 255;
	room = (size_t)max > 8 ? (size_t)max - 8 : 1;
	if (len > room) {
		len = room;
		while (len > 1 && ((unsigned char)base[len] & 0xC0) == 0x80)
			len--;
	}
	buf_printf(tmp, "%s/.%.*s.XXXXXX", dir, (int)len, base);
}

bool output_open(struct output *o, const char *path)
{
	struct buf tmp = {0};
	sigset_t stop, was;
	int fd;
	memset(o, 0, sizeof *o);
	if (is_stdout(path)) {
		o->f = stdout;
		return true;
	}
	if (is_device(path)) {
		if (!(o->f = fopen(path, "wb"))) {
			diag_at(DIAG_SYSERR, path, 0, 0, "cannot open: %s", strerror(errno));
			return false;
		}
		o->path = xstrdup(path);
		return true;
	}
	{
		char *dir = folder_of(path);
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		temp_name(&tmp, dir, base);
		free(dir);
	}
	o->tmp = buf_detach(&tmp);
	/* a signal between creating the file and naming it pending would leave
	 * it behind: the two happen with the cleanup signals held */
	cleanup_set(&stop);
	sigprocmask(SIG_BLOCK, &stop, &was);
	fd = mkstemp(o->tmp);
	if (fd >= 0)
		pending = o->tmp;
	sigprocmask(SIG_SETMASK, &was, NULL);
	if (fd < 0) {
		diag_at(DIAG_SYSERR, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return false;
	}
	/* mkstemp makes it 0600; the draft is shared like any other file */
	fchmod(fd, file_mode());
	o->f = fdopen(fd, "wb");
	o->path = xstrdup(path);
	return true;
}

void output_abort(struct output *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	pending = NULL;
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

bool output_commit(struct output *o, bool force)
{
	bool ok;
	if (o->f == stdout) {
		ok = fflush(stdout) == 0 && !ferror(stdout);
		if (!ok)
			diag(DIAG_SYSERR, "cannot write to standard output: %s", strerror(errno));
		return ok;
	}
	if (!o->tmp) {	/* a device */
		ok = fclose(o->f) == 0;
		o->f = NULL;
		if (!ok)
			diag_at(DIAG_SYSERR, o->path, 0, 0, "cannot write: %s", strerror(errno));
		output_abort(o);
		return ok;
	}
	ok = fflush(o->f) == 0 && !ferror(o->f) && fsync(fileno(o->f)) == 0;
	if (!ok) {
		diag_at(DIAG_SYSERR, o->path, 0, 0, "cannot write: %s", strerror(errno));
		output_abort(o);
		return false;
	}
	fclose(o->f);
	o->f = NULL;
	/* without --force, link() refuses to replace a file created meanwhile */
	if (force)
		ok = rename(o->tmp, o->path) == 0;
	else
		ok = link(o->tmp, o->path) == 0 && unlink(o->tmp) == 0;
	if (!ok) {
		diag_at(errno == EEXIST ? DIAG_ERROR : DIAG_SYSERR, o->path, 0, 0,
			"cannot put the draft in place: %s", strerror(errno));
		output_abort(o);
		return false;
	}
	pending = NULL;
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	return true;
}

static void on_signal(int sig)
{
	const char *tmp = pending;
	if (tmp)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

void output_catch_signals(void)
{
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	cleanup_set(&sa.sa_mask);
	file_mode();	/* before any thread could race the umask round trip */
	for (size_t i = 0; i < NCLEANUP; i++) {
		/* a signal ignored by whoever started us (nohup) stays ignored */
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}
