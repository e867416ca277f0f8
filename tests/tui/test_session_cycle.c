/*
 * Tests for the fault keys' cycles (src/app/session-cycle.h): each key goes
 * round the steps the help promises, whatever set the value in force.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "app/session-cycle.h"

static void test_probability_goes_round(void **state)
{
	(void)state;
	assert_true(session_cycle_probability(0.0) == 0.1);
	assert_true(session_cycle_probability(0.1) == 0.3);
	assert_true(session_cycle_probability(0.3) == 0.5);
	assert_true(session_cycle_probability(0.5) == 0.0);
	/* A flag's value goes to the next step above it. */
	assert_true(session_cycle_probability(0.2) == 0.3);
	assert_true(session_cycle_probability(0.05) == 0.1);
	assert_true(session_cycle_probability(0.9) == 0.0);
	assert_true(session_cycle_probability(1.0) == 0.0);
}

static void test_latency_goes_round_and_back(void **state)
{
	struct latency_model configured = latency_uniform(20000, 60000);
	struct latency_model jitter = latency_uniform(10000, 500000);
	struct latency_model tail = latency_exponential(200000);
	struct latency_model m = configured;

	(void)state;
	m = session_cycle_latency(&m, &configured);
	assert_true(session_cycle_same_latency(&m, &jitter));
	m = session_cycle_latency(&m, &configured);
	assert_true(session_cycle_same_latency(&m, &tail));
	m = session_cycle_latency(&m, &configured);
	assert_true(session_cycle_same_latency(&m, &configured));
	/* Set by a script to something else: on to the jitter. */
	m = latency_constant(5000);
	m = session_cycle_latency(&m, &configured);
	assert_true(session_cycle_same_latency(&m, &jitter));
}

static void test_latency_configured_as_a_step_is_not_repeated(void **state)
{
	struct latency_model tail = latency_exponential(200000);
	struct latency_model jitter = latency_uniform(10000, 500000);
	struct latency_model m = tail;

	(void)state;
	m = session_cycle_latency(&m, &tail);
	assert_true(session_cycle_same_latency(&m, &jitter));
	m = session_cycle_latency(&m, &tail);
	assert_true(session_cycle_same_latency(&m, &tail));
}

static void test_partition_goes_round(void **state)
{
	(void)state;
	assert_int_equal(session_cycle_partition(PARTITION_NONE),
	                 PARTITION_BOTH);
	assert_int_equal(session_cycle_partition(PARTITION_BOTH),
	                 PARTITION_NO_RECEIVE);
	assert_int_equal(session_cycle_partition(PARTITION_NO_RECEIVE),
	                 PARTITION_NO_SEND);
	assert_int_equal(session_cycle_partition(PARTITION_NO_SEND),
	                 PARTITION_NONE);
}

static void test_reader_goes_round(void **state)
{
	(void)state;
	assert_int_equal(session_cycle_reader(READER_NONE), READER_RANDOM);
	assert_int_equal(session_cycle_reader(READER_RANDOM), READER_STICKY);
	assert_int_equal(session_cycle_reader(READER_STICKY), READER_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probability_goes_round),
	    cmocka_unit_test(test_latency_goes_round_and_back),
	    cmocka_unit_test(test_latency_configured_as_a_step_is_not_repeated),
	    cmocka_unit_test(test_partition_goes_round),
	    cmocka_unit_test(test_reader_goes_round),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
