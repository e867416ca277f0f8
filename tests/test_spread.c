/*
 * Convergence latency per increment (src/sim/spread.h): an increment is
 * pending until every live node holds it, and its latency is the time from
 * the increment to the last live node's growth. Crashes and restarts change
 * who must hold it; percentiles are nearest-rank; samples past the cap are
 * counted but not kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <time.h>

#include "sim/spread.h"

static struct spread_summary summary_from(const struct spread *spread,
                                          uint64_t from)
{
	struct spread_summary s;

	spread_summarize(spread, from, &s);
	return s;
}

/* Node `node`'s increment of its slot to v at t, as the engine reports it:
 * a new maximum, then the incrementing node's own growth. */
static void increment(struct spread *spread, uint32_t node, uint64_t v,
                      uint64_t t_us, uint32_t live)
{
	spread_new_maximum(spread, node, v, t_us);
	spread_grew(spread, node, v - 1, v, t_us, live);
}

static void test_nothing_counted_summarizes_to_zero(void **state)
{
	struct spread *spread = spread_new(3);
	struct spread_summary s = summary_from(spread, 0);

	(void)state;
	assert_int_equal(s.samples, 0);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.p50_us, 0);
	assert_int_equal(s.p99_us, 0);
	assert_int_equal(s.max_us, 0);
	spread_free(spread);
	spread_free(NULL);
}

static void
test_an_increment_is_pending_until_every_live_node_holds_it(void **state)
{
	struct spread *spread = spread_new(3);
	struct spread_summary s;

	(void)state;
	increment(spread, 0, 1, 100, 3);
	s = summary_from(spread, 0);
	assert_int_equal(s.pending, 1);
	assert_int_equal(s.samples, 0);
	spread_grew(spread, 0, 0, 1, 150, 3); /* a second node */
	assert_int_equal(summary_from(spread, 0).pending, 1);
	spread_grew(spread, 0, 0, 1, 400, 3); /* the last one */
	s = summary_from(spread, 0);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.samples, 1);
	assert_int_equal(s.p50_us, 300);
	assert_int_equal(s.max_us, 300);
	spread_free(spread);
}

static void test_a_lone_node_holds_its_increment_at_once(void **state)
{
	struct spread *spread = spread_new(1);
	struct spread_summary s;

	(void)state;
	increment(spread, 0, 1, 5000, 1);
	s = summary_from(spread, 0);
	assert_int_equal(s.samples, 1);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.max_us, 0);
	spread_free(spread);
}

static void test_one_merge_that_jumps_several_counts_completes_each(void **s)
{
	struct spread *spread = spread_new(2);
	struct spread_summary sum;

	(void)s;
	increment(spread, 0, 1, 0, 2);
	increment(spread, 0, 2, 100, 2);
	assert_int_equal(summary_from(spread, 0).pending, 2);
	/* n2 learns both at once: each is timed from its own increment. */
	spread_grew(spread, 0, 0, 2, 500, 2);
	sum = summary_from(spread, 0);
	assert_int_equal(sum.pending, 0);
	assert_int_equal(sum.samples, 2);
	assert_int_equal(sum.p50_us, 400);
	assert_int_equal(sum.p99_us, 500);
	assert_int_equal(sum.max_us, 500);
	spread_free(spread);
}

static void test_growth_short_of_an_increment_does_not_count(void **state)
{
	struct spread *spread = spread_new(1);

	(void)state;
	increment(spread, 0, 1, 0, 2);
	increment(spread, 0, 2, 10, 2);
	/* n2 reaches 1 but not 2: only the first is everywhere. */
	spread_grew(spread, 0, 0, 1, 50, 2);
	assert_int_equal(summary_from(spread, 0).samples, 1);
	assert_int_equal(summary_from(spread, 0).pending, 1);
	spread_free(spread);
}

static void test_a_crashed_node_no_longer_holds_an_increment_up(void **state)
{
	struct spread *spread = spread_new(3);
	const uint64_t never_heard[3] = {0, 0, 0};
	struct spread_summary s;

	(void)state;
	increment(spread, 0, 1, 100, 3);
	spread_grew(spread, 0, 0, 1, 200, 3);
	assert_int_equal(summary_from(spread, 0).pending, 1);
	/* n3 never heard of it and crashes: the two left hold it. */
	spread_node_left(spread, never_heard, 900, 2);
	s = summary_from(spread, 0);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.samples, 1);
	assert_int_equal(s.max_us, 800);
	spread_free(spread);
}

static void test_a_node_that_leaves_holding_it_stops_counting(void **state)
{
	struct spread *spread = spread_new(3);
	const uint64_t held[3] = {1, 0, 0};

	(void)state;
	increment(spread, 0, 1, 0, 3);
	spread_grew(spread, 0, 0, 1, 10, 3); /* n2 holds it */
	/* n2 crashes: of the two live nodes only n1 holds it now. */
	spread_node_left(spread, held, 20, 2);
	assert_int_equal(summary_from(spread, 0).pending, 1);
	spread_grew(spread, 0, 0, 1, 70, 2); /* n3 */
	assert_int_equal(summary_from(spread, 0).pending, 0);
	assert_int_equal(summary_from(spread, 0).max_us, 70);
	spread_free(spread);
}

static void test_a_restarted_node_counts_what_it_holds(void **state)
{
	struct spread *spread = spread_new(2);
	const uint64_t durable[2] = {1, 0};

	(void)state;
	increment(spread, 0, 1, 0, 1); /* n2 is down: n1 alone, done */
	increment(spread, 0, 2, 10, 1);
	assert_int_equal(summary_from(spread, 0).samples, 2);
	increment(spread, 0, 3, 20, 2);
	/* n2 comes back holding 1 of slot 1 (not 3): it must still learn
	 * the third increment. */
	spread_node_joined(spread, durable);
	assert_int_equal(summary_from(spread, 0).pending, 1);
	spread_grew(spread, 0, 1, 3, 60, 2);
	assert_int_equal(summary_from(spread, 0).pending, 0);
	assert_int_equal(summary_from(spread, 0).samples, 3);
	spread_free(spread);
}

static void test_percentiles_are_nearest_rank(void **state)
{
	struct spread *spread = spread_new(1);
	struct spread_summary s;

	(void)state;
	/* Latencies 1..100us, in a shuffled order. */
	for (uint64_t i = 0; i < 100; i++) {
		uint64_t latency = (i * 37) % 100 + 1;

		increment(spread, 0, i + 1, 1000 * i, 2);
		spread_grew(spread, 0, i, i + 1, 1000 * i + latency, 2);
	}
	s = summary_from(spread, 0);
	assert_int_equal(s.samples, 100);
	assert_int_equal(s.p50_us, 50);
	assert_int_equal(s.p99_us, 99);
	assert_int_equal(s.max_us, 100);
	spread_free(spread);
}

static void test_a_summary_from_a_mark_counts_only_later_samples(void **s)
{
	struct spread *spread = spread_new(1);
	struct spread_summary sum;

	(void)s;
	for (uint64_t i = 0; i < 3; i++) {
		increment(spread, 0, i + 1, 0, 2);
		spread_grew(spread, 0, i, i + 1, 30 - 10 * i, 2);
	}
	/* Latencies 30, 20, 10: from the second on, 20 and 10. */
	sum = summary_from(spread, 1);
	assert_int_equal(sum.samples, 3); /* all ever made */
	assert_int_equal(sum.p50_us, 10);
	assert_int_equal(sum.p99_us, 20);
	assert_int_equal(sum.max_us, 20);
	/* Past the last sample: no percentiles at all. */
	sum = summary_from(spread, 3);
	assert_int_equal(sum.p50_us, 0);
	assert_int_equal(sum.max_us, 0);
	spread_free(spread);
}

static void test_samples_past_the_cap_are_counted_but_not_kept(void **state)
{
	struct spread *spread = spread_new(1);
	struct spread_summary s;

	(void)state;
	for (uint64_t i = 0; i < SPREAD_MAX_SAMPLES; i++)
		increment(spread, 0, i + 1, i, 1); /* latency 0 */
	spread_new_maximum(spread, 0, SPREAD_MAX_SAMPLES + 1, 0);
	spread_grew(spread, 0, SPREAD_MAX_SAMPLES, SPREAD_MAX_SAMPLES + 1, 777,
	            1);
	s = summary_from(spread, 0);
	assert_int_equal(s.samples, SPREAD_MAX_SAMPLES + 1);
	/* The last one is not kept for percentiles, but its maximum is. */
	assert_int_equal(s.p99_us, 0);
	assert_int_equal(s.max_us, 777);
	spread_free(spread);
}

/*
 * A live node cut off never learns anything, so nothing completes and the
 * queue only grows; the others' merges must still cost the same whatever
 * the history (issue 18: a merge walked the whole queue, and ten minutes
 * at 1000/s took 110 s). 200,000 increments took minutes that way; now a
 * fraction of a second, well inside the bound of CPU time asserted here.
 */
static void test_a_node_that_never_learns_keeps_merges_cheap(void **state)
{
	const uint64_t count = 200000;
	struct spread *spread = spread_new(1);
	struct spread_summary s;
	clock_t start = clock();

	(void)state;
	for (uint64_t v = 1; v <= count; v++) {
		increment(spread, 0, v, v, 3);
		spread_grew(spread, 0, v - 1, v, v + 5, 3); /* n2 learns it */
	}
	assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 2.0);
	s = summary_from(spread, 0);
	assert_int_equal(s.pending, count);
	assert_int_equal(s.samples, 0);
	/* The third node catching up in one merge completes them all. */
	spread_grew(spread, 0, 0, count, count + 100, 3);
	s = summary_from(spread, 0);
	assert_int_equal(s.pending, 0);
	assert_int_equal(s.samples, count);
	assert_int_equal(s.max_us, count + 99);
	spread_free(spread);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nothing_counted_summarizes_to_zero),
	    cmocka_unit_test(
	        test_an_increment_is_pending_until_every_live_node_holds_it),
	    cmocka_unit_test(test_a_lone_node_holds_its_increment_at_once),
	    cmocka_unit_test(
	        test_one_merge_that_jumps_several_counts_completes_each),
	    cmocka_unit_test(test_growth_short_of_an_increment_does_not_count),
	    cmocka_unit_test(
	        test_a_crashed_node_no_longer_holds_an_increment_up),
	    cmocka_unit_test(test_a_node_that_leaves_holding_it_stops_counting),
	    cmocka_unit_test(test_a_restarted_node_counts_what_it_holds),
	    cmocka_unit_test(test_percentiles_are_nearest_rank),
	    cmocka_unit_test(
	        test_a_summary_from_a_mark_counts_only_later_samples),
	    cmocka_unit_test(
	        test_samples_past_the_cap_are_counted_but_not_kept),
	    cmocka_unit_test(test_a_node_that_never_learns_keeps_merges_cheap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
