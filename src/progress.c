/* progress: throttled to four updates a second; silent for short runs so
 * tests and small incidents see nothing. */
#include "progress.h"

#include <stdio.h>
#include <time.h>

static struct {
	bool on, shown;
	double start, last;	/* seconds, monotonic */
	size_t files, messages;
} state;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_enable(bool on)
{
	state.on = on;
	state.shown = false;
	state.start = state.last = now();
	state.files = state.messages = 0;
}

void progress_file(size_t messages)
{
	double t, elapsed;
	if (!state.on)
		return;
	state.files++;
	state.messages = messages;
	t = now();
	elapsed = t - state.start;
	if (elapsed < 1.0 || t - state.last < 0.25)
		return;
	state.last = t;
	state.shown = true;
	fprintf(stderr, "\rpmdraft: read %zu files, %zu messages, %.0f messages/s\033[K",
		state.files, state.messages, (double)state.messages / elapsed);
	fflush(stderr);
}

void progress_stage(const char *what)
{
	if (!state.on || !state.shown)
		return;
	fprintf(stderr, "\rpmdraft: read %zu files, %zu messages; %s\033[K", state.files,
		state.messages, what);
	fflush(stderr);
}

void progress_done(void)
{
	if (state.on && state.shown)
		fputs("\r\033[K", stderr);
	state.on = state.shown = false;
}
