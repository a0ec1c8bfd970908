/* parallel: the few threads pmdraft uses, for passes whose items are
 * independent (a rule run per message) and for reading ahead. Results are
 * stored per item and used in order afterwards, so output never depends on
 * scheduling. */
#ifndef PMDRAFT_PARALLEL_H
#define PMDRAFT_PARALLEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* The number of threads a pass may use: PMDRAFT_THREADS when set (1 turns
 * threads off), else the online processors, at most PARALLEL_MAX. */
#define PARALLEL_MAX 8
size_t parallel_workers(void);

/* Runs fn(ctx) on parallel_workers() threads, the caller's included, and
 * returns when all have returned. */
void parallel_run(void (*fn)(void *ctx), void *ctx);

/* Items 0..n-1 handed out in chunks to whichever thread asks next. */
struct parallel_items {
	size_t n, chunk;
	atomic_size_t next;
};
void parallel_items_init(struct parallel_items *it, size_t n, size_t chunk);
/* The next chunk [*lo, *hi); false when all are handed out. */
bool parallel_items_take(struct parallel_items *it, size_t *lo, size_t *hi);

/* One background thread. */
struct parallel_thread;
/* Starts fn(ctx) on a new thread; NULL when threads are off or none can be
 * made (the caller then does the work itself). */
struct parallel_thread *parallel_thread_start(void (*fn)(void *ctx), void *ctx);
/* Waits for the thread to return and frees it; NULL is ignored. */
void parallel_thread_join(struct parallel_thread *t);

/* Items 0..n-1 produced in order on a background thread, at most `depth`
 * ahead of the caller, who works on item i while item i+1 is produced.
 * produce(ctx, i, done) runs on that thread; every item below `done` is
 * finished with, so it may release them there. Without threads, each item
 * is produced when waited for. */
struct parallel_ahead;
struct parallel_ahead *parallel_ahead_start(size_t n, size_t depth,
					    void (*produce)(void *ctx, size_t i, size_t done),
					    void *ctx);
/* The caller is done with the items below i: returns once item i exists. */
void parallel_ahead_wait(struct parallel_ahead *a, size_t i);
/* Stops producing (the item under way is finished) and frees a. */
void parallel_ahead_finish(struct parallel_ahead *a);

#endif
