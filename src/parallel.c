/* parallel: POSIX threads behind a small interface. */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

size_t parallel_workers(void)
{
	const char *env = getenv("PMDRAFT_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > PARALLEL_MAX ? PARALLEL_MAX : (size_t)n;
}

struct parallel_thread {
	pthread_t id;
	void (*fn)(void *ctx);
	void *ctx;
};

static void *thread_main(void *arg)
{
	struct parallel_thread *t = arg;
	t->fn(t->ctx);
	return NULL;
}

struct parallel_thread *parallel_thread_start(void (*fn)(void *ctx), void *ctx)
{
	struct parallel_thread *t;
	if (parallel_workers() < 2)
		return NULL;
	t = xcalloc(1, sizeof *t);
	t->fn = fn;
	t->ctx = ctx;
	if (pthread_create(&t->id, NULL, thread_main, t) != 0) {
		free(t);
		return NULL;
	}
	return t;
}

void parallel_thread_join(struct parallel_thread *t)
{
	if (!t)
		return;
	pthread_join(t->id, NULL);
	free(t);
}

void parallel_run(void (*fn)(void *ctx), void *ctx)
{
	struct parallel_thread *t[PARALLEL_MAX] = {0};
	size_t n = parallel_workers();
	for (size_t i = 1; i < n; i++)
		t[i] = parallel_thread_start(fn, ctx);
	fn(ctx);
	for (size_t i = 1; i < n; i++)
		parallel_thread_join(t[i]);
}

void parallel_items_init(struct parallel_items *it, size_t n, size_t chunk)
{
	it->n = n;
	it->chunk = chunk ? chunk : 1;
	atomic_init(&it->next, 0);
}

bool parallel_items_take(struct parallel_items *it, size_t *lo, size_t *hi)
{
	size_t start = atomic_fetch_add(&it->next, it->chunk);
	if (start >= it->n)
		return false;
	*lo = start;
	*hi = it->n - start < it->chunk ? it->n : start + it->chunk;
	return true;
}

struct parallel_ahead {
	size_t n, depth;
	void (*produce)(void *ctx, size_t i, size_t done);
	void *ctx;
	struct parallel_thread *thread;	/* NULL: produce on demand */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t produced;	/* items 0..produced-1 exist */
	size_t done;		/* the caller is finished with items below done */
	bool stop;
};

static void ahead_main(void *ctx)
{
	struct parallel_ahead *a = ctx;
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; i < a->n; i++) {
		size_t done;
		while (!a->stop && i >= a->done + a->depth)
			pthread_cond_wait(&a->changed, &a->lock);
		if (a->stop)
			break;
		done = a->done;
		pthread_mutex_unlock(&a->lock);
		a->produce(a->ctx, i, done);
		pthread_mutex_lock(&a->lock);
		a->produced = i + 1;
		pthread_cond_broadcast(&a->changed);
	}
	pthread_mutex_unlock(&a->lock);
}

struct parallel_ahead *parallel_ahead_start(size_t n, size_t depth,
					    void (*produce)(void *ctx, size_t i, size_t done),
					    void *ctx)
{
	struct parallel_ahead *a = xcalloc(1, sizeof *a);
	a->n = n;
	a->depth = depth ? depth : 1;
	a->produce = produce;
	a->ctx = ctx;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->changed, NULL);
	if (n > 1)
		a->thread = parallel_thread_start(ahead_main, a);
	return a;
}

void parallel_ahead_wait(struct parallel_ahead *a, size_t i)
{
	if (!a->thread) {
		a->produce(a->ctx, i, i);
		return;
	}
	pthread_mutex_lock(&a->lock);
	if (i > a->done) {
		a->done = i;
		pthread_cond_broadcast(&a->changed);
	}
	while (a->produced <= i)
		pthread_cond_wait(&a->changed, &a->lock);
	pthread_mutex_unlock(&a->lock);
}

void parallel_ahead_finish(struct parallel_ahead *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_broadcast(&a->changed);
	pthread_mutex_unlock(&a->lock);
	parallel_thread_join(a->thread);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->changed);
	free(a);
}
