/* Unit tests: parallel (chunks, read-ahead) and diag's held diagnostics. */
#include <stdatomic.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "diag.h"
#include "parallel.h"

#define ITEMS 100003

struct count {
	struct parallel_items items;
	atomic_int seen[ITEMS];
};

static void count_some(void *ctx)
{
	struct count *c = ctx;
	size_t lo, hi;
	while (parallel_items_take(&c->items, &lo, &hi))
		for (size_t i = lo; i < hi; i++)
			atomic_fetch_add(&c->seen[i], 1);
}

/* Every item is handed out exactly once, whatever the thread count. */
static void test_items(void)
{
	struct count *c = calloc(1, sizeof *c);
	int once = 0;
	parallel_items_init(&c->items, ITEMS, 97);
	parallel_run(count_some, c);
	for (size_t i = 0; i < ITEMS; i++)
		once += atomic_load(&c->seen[i]) == 1;
	CHECK_INT(once, ITEMS);
	free(c);
}

#define AHEAD_ITEMS 50

struct ahead {
	int order[AHEAD_ITEMS];	/* item produced n-th, -1 when not */
	atomic_int produced;
	size_t released;	/* items below it handed to release */
	int max_gap;		/* furthest produce ran ahead of done */
	struct buf diags[AHEAD_ITEMS];
};

static void produce(void *ctx, size_t i, size_t done)
{
	struct ahead *a = ctx;
	int n = atomic_fetch_add(&a->produced, 1);
	a->order[n] = (int)i;
	if ((int)(i - done) > a->max_gap)
		a->max_gap = (int)(i - done);
	if (done > a->released)
		a->released = done;
	diag_hold(&a->diags[i]);
	diag_at(DIAG_WARNING, "item", (long)i + 1, 0, "produced");
	diag_hold(NULL);
}

/* Items are made in order, never more than depth ahead of the caller, and
 * their held diagnostics come out in item order when released. */
static void test_ahead(void)
{
	struct ahead *a = calloc(1, sizeof *a);
	struct buf out = {0}, want = {0};
	struct parallel_ahead *pa = parallel_ahead_start(AHEAD_ITEMS, 2, produce, a);
	int warnings = diag_count(DIAG_WARNING);
	diag_capture(&out);
	for (size_t i = 0; i < AHEAD_ITEMS; i++) {
		parallel_ahead_wait(pa, i);
		diag_release(&a->diags[i]);
		buf_printf(&want, "item:%zu: warning: produced\n", i + 1);
	}
	parallel_ahead_finish(pa);
	diag_capture(NULL);
	CHECK_INT(atomic_load(&a->produced), AHEAD_ITEMS);
	for (int i = 0; i < AHEAD_ITEMS; i++)
		CHECK_INT(a->order[i], i);
	CHECK(a->max_gap < 2);	/* depth 2: at most one beyond the item in use */
	CHECK_STR(buf_str(&out), buf_str(&want));
	CHECK_INT(diag_count(DIAG_WARNING) - warnings, AHEAD_ITEMS);
	for (int i = 0; i < AHEAD_ITEMS; i++)
		buf_free(&a->diags[i]);
	buf_free(&out);
	buf_free(&want);
	free(a);
}

/* Stopping early ends the thread without producing the rest. */
static void test_ahead_stop(void)
{
	struct ahead *a = calloc(1, sizeof *a);
	struct parallel_ahead *pa = parallel_ahead_start(AHEAD_ITEMS, 2, produce, a);
	parallel_ahead_wait(pa, 0);
	parallel_ahead_finish(pa);
	CHECK(atomic_load(&a->produced) <= 3);
	for (int i = 0; i < AHEAD_ITEMS; i++)
		buf_free(&a->diags[i]);
	free(a);
}

/* A held diagnostic is neither shown nor counted until released. */
static void test_hold(void)
{
	struct buf held = {0}, out = {0};
	int errors = diag_count(DIAG_ERROR);
	diag_capture(&out);
	diag_hold(&held);
	diag_at(DIAG_ERROR, "a.json", 3, 7, "bad %s", "thing");
	diag_path(DIAG_WARNING, "a.json", "[2].ts", "odd");
	diag_hold(NULL);
	CHECK_STR(buf_str(&out), "");
	CHECK_INT(diag_count(DIAG_ERROR), errors);
	diag_release(&held);
	CHECK_STR(buf_str(&out), "a.json:3:7: error: bad thing\na.json: [2].ts: warning: odd\n");
	CHECK_INT(diag_count(DIAG_ERROR), errors + 1);
	CHECK_INT(held.len, 0);
	diag_capture(NULL);
	diag_reset();
	buf_free(&held);
	buf_free(&out);
}

int main(void)
{
	static const char *const threads[] = {"1", "2", "4"};
	for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
		setenv("PMDRAFT_THREADS", threads[t], 1);
		CHECK_INT(parallel_workers(), atoi(threads[t]));
		test_items();
		test_ahead();
		test_ahead_stop();
	}
	test_hold();
	return check_done("parallel");
}
