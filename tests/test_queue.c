/*
 * The event queue: earliest first, ties in push order, across many random
 * pushes and pops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/queue.h"
#include "sim/rng.h"

static void test_empty_queue_pops_nothing(void **state)
{
	struct sim_queue q;
	struct sim_event ev;

	(void)state;
	sim_queue_init(&q);
	assert_null(sim_queue_peek(&q));
	assert_false(sim_queue_pop(&q, &ev));
	sim_queue_free(&q);
}

static void test_events_pop_in_time_order(void **state)
{
	struct sim_queue q;
	struct sim_event ev;
	uint64_t times[] = {50, 10, 40, 30, 20};

	(void)state;
	sim_queue_init(&q);
	for (size_t i = 0; i < 5; i++)
		sim_queue_push(&q, times[i], 0, (uint32_t)i, 0);
	for (uint64_t expect = 10; expect <= 50; expect += 10) {
		assert_true(sim_queue_pop(&q, &ev));
		assert_int_equal(ev.time_us, expect);
	}
	assert_false(sim_queue_pop(&q, &ev));
	sim_queue_free(&q);
}

static void test_ties_pop_in_push_order(void **state)
{
	struct sim_queue q;
	struct sim_event ev;

	(void)state;
	sim_queue_init(&q);
	for (uint32_t i = 0; i < 100; i++)
		sim_queue_push(&q, 7, 0, i, 0);
	for (uint32_t i = 0; i < 100; i++) {
		assert_true(sim_queue_pop(&q, &ev));
		assert_int_equal(ev.arg, i);
	}
	sim_queue_free(&q);
}

static void test_random_pushes_and_pops_keep_a_total_order(void **state)
{
	struct sim_queue q;
	struct rng rng;
	struct sim_event ev, last = {0};
	bool have_last = false;

	(void)state;
	rng_seed(&rng, 99, 0);
	sim_queue_init(&q);
	for (int round = 0; round < 20000; round++) {
		if (q.len == 0 || rng_below(&rng, 3) != 0) {
			/* Never schedule into the past: like the engine. */
			uint64_t base = have_last ? last.time_us : 0;

			sim_queue_push(&q, base + rng_below(&rng, 50), 0, 0, 0);
			continue;
		}
		assert_true(sim_queue_pop(&q, &ev));
		if (have_last) {
			assert_true(
			    ev.time_us > last.time_us ||
			    (ev.time_us == last.time_us && ev.seq > last.seq));
		}
		last = ev;
		have_last = true;
	}
	sim_queue_free(&q);
}

static void test_a_taken_sequence_number_keeps_its_place_in_ties(void **state)
{
	struct sim_queue q;
	struct sim_event ev;
	uint64_t early, late;

	(void)state;
	sim_queue_init(&q);
	/* Taken first, pushed last: it still runs first of its microsecond,
	 * as if pushed when taken (a fan-out's later copies). */
	early = sim_queue_take_seq(&q);
	sim_queue_push(&q, 100, 0, 1, 0);
	late = sim_queue_take_seq(&q);
	sim_queue_push(&q, 100, 0, 2, 0);
	sim_queue_push_seq(&q, 100, late, 0, 3, 0);
	sim_queue_push_seq(&q, 100, early, 0, 4, 0);
	for (uint32_t want = 0; want < 4; want++) {
		static const uint32_t order[] = {4, 1, 3, 2};

		assert_true(sim_queue_pop(&q, &ev));
		assert_int_equal(ev.arg, order[want]);
	}
	assert_false(sim_queue_pop(&q, &ev));
	sim_queue_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_queue_pops_nothing),
	    cmocka_unit_test(test_events_pop_in_time_order),
	    cmocka_unit_test(test_ties_pop_in_push_order),
	    cmocka_unit_test(test_random_pushes_and_pops_keep_a_total_order),
	    cmocka_unit_test(
	        test_a_taken_sequence_number_keeps_its_place_in_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
