/*
 * Latency models stay within their bounds, their means are about right,
 * and durations print in the form the command line reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "sim/latency.h"

static void test_constant_latency_is_constant(void **state)
{
	struct latency_model m = latency_constant(20000);
	struct rng rng;

	(void)state;
	rng_seed(&rng, 1, 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(latency_sample(&m, &rng), 20000);
}

static void
test_uniform_latency_stays_in_its_range_and_reaches_both_ends(void **state)
{
	struct latency_model m = latency_uniform(10, 14);
	struct rng rng;
	bool seen[5] = {false};

	(void)state;
	rng_seed(&rng, 2, 0);
	for (int i = 0; i < 10000; i++) {
		uint64_t d = latency_sample(&m, &rng);

		assert_in_range(d, 10, 14);
		seen[d - 10] = true;
	}
	for (int i = 0; i < 5; i++)
		assert_true(seen[i]);
}

static void test_exponential_latency_has_about_its_mean_and_a_cap(void **state)
{
	struct latency_model m = latency_exponential(30000);
	struct rng rng;
	double sum = 0;
	const int draws = 200000;

	(void)state;
	rng_seed(&rng, 3, 0);
	for (int i = 0; i < draws; i++) {
		uint64_t d = latency_sample(&m, &rng);

		assert_true(d <= latency_upper_bound(&m));
		sum += (double)d;
	}
	/* The standard error of the mean is 30000/sqrt(200000) ~ 67us. */
	assert_true(sum / draws > 29500 && sum / draws < 30500);
}

static void test_huge_exponential_mean_is_capped_at_an_hour(void **state)
{
	struct latency_model m = latency_exponential(LATENCY_MAX_US);
	struct rng rng;

	(void)state;
	rng_seed(&rng, 4, 0);
	for (int i = 0; i < 1000; i++)
		assert_true(latency_sample(&m, &rng) <= LATENCY_MAX_US);
}

static void test_durations_print_in_their_shortest_exact_form(void **state)
{
	static const struct {
		uint64_t us;
		const char *text;
	} cases[] = {
	    {0, "0ms"},        {250, "250us"},      {20000, "20ms"},
	    {1500000, "1.5s"}, {2125000, "2.125s"}, {1000000, "1s"},
	    {120000000, "2m"}, {90000000, "90s"},   {1000001, "1000001us"},
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		duration_format(cases[i].us, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
}

static void
test_latency_models_print_as_the_command_line_writes_them(void **state)
{
	struct latency_model c = latency_constant(20000);
	struct latency_model u = latency_uniform(10000, 50000);
	struct latency_model e = latency_exponential(30000);
	char buf[64];

	(void)state;
	latency_format(&c, buf, sizeof buf);
	assert_string_equal(buf, "20ms");
	latency_format(&u, buf, sizeof buf);
	assert_string_equal(buf, "10ms-50ms");
	latency_format(&e, buf, sizeof buf);
	assert_string_equal(buf, "exp:30ms");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_constant_latency_is_constant),
	    cmocka_unit_test(
	        test_uniform_latency_stays_in_its_range_and_reaches_both_ends),
	    cmocka_unit_test(
	        test_exponential_latency_has_about_its_mean_and_a_cap),
	    cmocka_unit_test(test_huge_exponential_mean_is_capped_at_an_hour),
	    cmocka_unit_test(test_durations_print_in_their_shortest_exact_form),
	    cmocka_unit_test(
	        test_latency_models_print_as_the_command_line_writes_them),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
