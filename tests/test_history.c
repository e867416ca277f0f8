/*
 * The checkpoint ladder (app/history.c) on its own: what bounds the
 * slowest seek (the widest gap between two kept checkpoints) whatever
 * the run's length, and the event log a checkpoint keeps deflated coming
 * back line for line. test_past checks the past a session recomputes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/history.h"
#include "sim/rng.h"

/* The widest gap, in ticks, between two kept checkpoints. */
static uint64_t widest(const struct history *h)
{
	const struct checkpoint *cp = history_at_or_before(h, 0), *next;
	uint64_t gap = 0;

	for (; cp != NULL; cp = next) {
		next = history_after(h, cp->tick);
		if (next != NULL && next->tick - cp->tick > gap)
			gap = next->tick - cp->tick;
	}
	return gap;
}

/*
 * The present adds a checkpoint every so many units (its spacing drawn,
 * its size too, as worlds vary); once the budget is full, every gap a
 * thinning makes is at most the smallest gap a drop could leave, which is
 * at most twice the mean over those that may go: so the widest gap stays
 * within 2 x ticks / (count - 1 - HISTORY_KEEP_NEWEST), however long the
 * run (plus one spacing: the newest gap). Checked after every add.
 */
static void test_the_widest_gap_is_bounded_by_the_budget(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct rng rng;
		struct history *h = history_new(300 * 1000);
		uint64_t tick = 0;
		double worst = 0;

		rng_seed(&rng, seed, 7);
		for (int i = 0; i < 20000; i++) {
			uint64_t spacing = 1000 + rng_below(&rng, 2000);
			struct checkpoint cp = {
			    .tick = tick,
			    .bytes = 900 + (size_t)rng_below(&rng, 200)};
			size_t count;
			uint64_t bound;

			history_add(h, &cp);
			count = history_count(h);
			assert_true(history_bytes(h) <= history_budget(h));
			if (history_bytes(h) + 1100 > history_budget(h) &&
			    count > HISTORY_KEEP_NEWEST + 2) {
				bound = 2 * tick /
				            (count - 1 - HISTORY_KEEP_NEWEST) +
				        3000;
				if (widest(h) > bound)
					fail_msg("seed %" PRIu64
					         ", tick %" PRIu64
					         ": widest gap %" PRIu64
					         " over the bound %" PRIu64,
					         seed, tick, widest(h), bound);
				if ((double)widest(h) * (double)count /
				        (double)tick >
				    worst)
					worst = (double)widest(h) *
					        (double)count / (double)tick;
			}
			tick += spacing;
		}
		/* The start is never thinned: every moment can be rerun. */
		assert_non_null(history_at_or_before(h, 0));
		assert_int_equal(history_at_or_before(h, 0)->tick, 0);
		printf("seed %" PRIu64 ": %zu checkpoints, widest gap at most "
		       "%.2f x the mean\n",
		       seed, history_count(h), worst);
		history_free(h);
	}
}

/* A checkpoint's log, deflated and inflated, tells the same lines. */
static void test_a_kept_log_comes_back_line_for_line(void **state)
{
	struct eventlog *log = eventlog_new(4, 40, true);
	struct checkpoint cp = {0};
	struct eventlog *back;

	(void)state;
	for (int i = 0; i < 100; i++)
		eventlog_note(log, (uint64_t)i * 1000, "note %d: [%d,0,%d,1]",
		              i, i * 7, i % 5);
	checkpoint_keep_log(&cp, log);
	assert_true(cp.log_deflated_bytes < cp.log_packed_bytes);
	/* The same log keeps the same bytes (what the budget counts must
	 * not depend on addresses or stray padding). */
	{
		struct checkpoint again = {0};

		checkpoint_keep_log(&again, log);
		assert_int_equal(again.log_deflated_bytes,
		                 cp.log_deflated_bytes);
		assert_memory_equal(again.log_deflated, cp.log_deflated,
		                    cp.log_deflated_bytes);
		checkpoint_clear(&again);
	}
	back = checkpoint_log(&cp);
	assert_int_equal(eventlog_count(back), eventlog_count(log));
	assert_int_equal(eventlog_told(back), eventlog_told(log));
	assert_int_equal(eventlog_written(back), eventlog_written(log));
	for (size_t i = 0; i < eventlog_count(log); i++) {
		assert_string_equal(eventlog_recent(back, i)->text,
		                    eventlog_recent(log, i)->text);
		assert_int_equal(eventlog_recent(back, i)->time_us,
		                 eventlog_recent(log, i)->time_us);
	}
	/* ... and goes on as the original would. */
	eventlog_note(log, 200000, "after");
	eventlog_note(back, 200000, "after");
	assert_string_equal(eventlog_recent(back, 0)->text,
	                    eventlog_recent(log, 0)->text);
	eventlog_free(back);
	eventlog_free(log);
	checkpoint_clear(&cp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_widest_gap_is_bounded_by_the_budget),
	    cmocka_unit_test(test_a_kept_log_comes_back_line_for_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
