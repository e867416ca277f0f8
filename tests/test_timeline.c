/*
 * The timeline's buckets (view/timeline.c): marks land in the column of
 * their time, the buckets widen as the run grows without moving a mark
 * out of order, a fork forgets what came after it, and a search can ask
 * before which time the last of a kind of moment came (0: none did).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "view/timeline.h"

static void test_marks_land_in_their_column(void **state)
{
	struct timeline tl;
	uint16_t cols[10];

	(void)state;
	timeline_reset(&tl);
	timeline_mark(&tl, 0, MOMENT_INCREMENT);
	timeline_mark(&tl, 500000, MOMENT_FAULT);
	timeline_mark(&tl, 1000000, MOMENT_PAUSE);
	timeline_columns(&tl, 1000000, 10, cols);
	assert_int_equal(cols[0], MOMENT_INCREMENT);
	assert_int_equal(cols[4], MOMENT_FAULT);
	assert_int_equal(cols[9], MOMENT_PAUSE);
	for (int c = 1; c < 9; c++)
		if (c != 4)
			assert_int_equal(cols[c], 0);
}

static void test_a_long_run_widens_the_buckets_in_order(void **state)
{
	struct timeline tl;
	uint16_t cols[4];
	uint64_t hour = 3600ULL * 1000000;

	(void)state;
	timeline_reset(&tl);
	timeline_mark(&tl, 1000, MOMENT_INCREMENT);
	timeline_mark(&tl, hour / 2, MOMENT_CONVERGED);
	timeline_mark(&tl, hour, MOMENT_FAULT);
	assert_true(tl.bucket_us * TIMELINE_BUCKETS > hour);
	timeline_columns(&tl, hour, 4, cols);
	assert_int_equal(cols[0], MOMENT_INCREMENT);
	assert_int_equal(cols[1], MOMENT_CONVERGED);
	assert_int_equal(cols[3], MOMENT_FAULT);
}

static void test_a_fork_forgets_the_future(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_reset(&tl);
	timeline_mark(&tl, 10000, MOMENT_INCREMENT);
	timeline_mark(&tl, 900000, MOMENT_PAUSE);
	assert_true(0 != timeline_last_end(&tl, 1000000, MOMENT_PAUSE));
	assert_false(0 != timeline_last_end(&tl, 800000, MOMENT_PAUSE));
	timeline_truncate(&tl, 50000);
	assert_false(0 != timeline_last_end(&tl, 1000000, MOMENT_PAUSE));
	assert_true(0 != timeline_last_end(&tl, 1000000, MOMENT_INCREMENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_marks_land_in_their_column),
	    cmocka_unit_test(test_a_long_run_widens_the_buckets_in_order),
	    cmocka_unit_test(test_a_fork_forgets_the_future),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
