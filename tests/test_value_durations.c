/*
 * Tests for the duration parsers of script/value.h: durations, ranges of
 * durations and latency models, every unit and form that is accepted,
 * every way of being wrong, and round trips through duration_format and
 * latency_format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/value.h"
#include "sim/latency.h"
#include "sim/rng.h"
#include "value-message.h"

#define MS     1000ULL
#define S      1000000ULL
#define MINUTE 60000000ULL

/* --- helpers ------------------------------------------------------------ */

static uint64_t duration_ok(const char *text, uint64_t max_us)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t us = 0;

	if (value_parse_duration(text, max_us, &us, err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	return us;
}

/* Parses text, expects an error whose message contains fragment, and checks
 * that the output was left alone. */
static void duration_fails(const char *text, uint64_t max_us,
                           const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t us = 12345;

	if (value_parse_duration(text, max_us, &us, err, sizeof err) == 0)
		fail_msg("'%s' was accepted as %llu us", text,
		         (unsigned long long)us);
	assert_int_equal(us, 12345);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

static void range_ok(const char *text, uint64_t lo, uint64_t hi)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t got_lo = 0, got_hi = 0;

	if (value_parse_duration_range(text, LATENCY_MAX_US, &got_lo, &got_hi,
	                               err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	assert_int_equal(got_lo, lo);
	assert_int_equal(got_hi, hi);
}

static void range_fails(const char *text, uint64_t max_us, const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t lo = 7, hi = 8;

	if (value_parse_duration_range(text, max_us, &lo, &hi, err,
	                               sizeof err) == 0)
		fail_msg("'%s' was accepted as %llu-%llu us", text,
		         (unsigned long long)lo, (unsigned long long)hi);
	assert_int_equal(lo, 7);
	assert_int_equal(hi, 8);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

static struct latency_model latency_ok(const char *text)
{
	char err[VALUE_ERR_MAX] = "";
	struct latency_model model = {0};

	if (value_parse_latency(text, &model, err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	return model;
}

static void latency_fails(const char *text, const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	struct latency_model model = {.kind = LATENCY_UNIFORM, .min_us = 99};

	if (value_parse_latency(text, &model, err, sizeof err) == 0)
		fail_msg("'%s' was accepted", text);
	assert_int_equal(model.min_us, 99);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

/* --- durations ------------------------------------------------------------ */

static void test_duration_accepts_every_unit(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("250us", LATENCY_MAX_US), 250);
	assert_int_equal(duration_ok("20ms", LATENCY_MAX_US), 20 * MS);
	assert_int_equal(duration_ok("3s", LATENCY_MAX_US), 3 * S);
	assert_int_equal(duration_ok("2m", LATENCY_MAX_US), 2 * MINUTE);
}

static void test_duration_accepts_zero_in_any_unit(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("0ms", LATENCY_MAX_US), 0);
	assert_int_equal(duration_ok("0us", LATENCY_MAX_US), 0);
	assert_int_equal(duration_ok("0.0s", LATENCY_MAX_US), 0);
	assert_int_equal(duration_ok("000m", LATENCY_MAX_US), 0);
}

static void test_duration_accepts_fractions(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("1.5s", LATENCY_MAX_US), 1500 * MS);
	assert_int_equal(duration_ok("0.25ms", LATENCY_MAX_US), 250);
	assert_int_equal(duration_ok("2.125s", LATENCY_MAX_US), 2125 * MS);
	assert_int_equal(duration_ok("0.5m", LATENCY_MAX_US), 30 * S);
	assert_int_equal(duration_ok("0.000001s", LATENCY_MAX_US), 1);
	assert_int_equal(duration_ok("0.0000005m", LATENCY_MAX_US), 30);
}

static void test_duration_ignores_trailing_zeros_of_a_fraction(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("1.0us", LATENCY_MAX_US), 1);
	assert_int_equal(
	    duration_ok("1.500000000000000000000000s", LATENCY_MAX_US),
	    1500 * MS);
}

static void test_duration_accepts_exactly_the_maximum(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("60m", LATENCY_MAX_US), LATENCY_MAX_US);
	assert_int_equal(duration_ok("3600s", LATENCY_MAX_US), LATENCY_MAX_US);
	assert_int_equal(duration_ok("18446744073709551615us", UINT64_MAX),
	                 UINT64_MAX);
}

static void test_duration_rejects_empty(void **state)
{
	(void)state;
	duration_fails("", LATENCY_MAX_US, "got nothing");
	duration_fails(NULL, LATENCY_MAX_US, "got nothing");
}

static void test_duration_rejects_missing_unit(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("20", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "missing unit in '20' (use us, ms, s, m or h)");
	duration_fails("1.5", LATENCY_MAX_US, "missing unit in '1.5'");
}

static void test_duration_rejects_unknown_unit(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("20sec", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "unknown unit 'sec' (use us, ms, s, m or h)");
	duration_fails("20MS", LATENCY_MAX_US, "unknown unit 'MS'");
	duration_fails("20d", LATENCY_MAX_US, "unknown unit 'd'");
	assert_int_equal(duration_ok("1h", LATENCY_MAX_US), LATENCY_MAX_US);
	duration_fails("20%", LATENCY_MAX_US, "unknown unit '%'");
	/* "µs" in UTF-8: two bytes that are not ASCII. */
	duration_fails("20\xc2\xb5s", LATENCY_MAX_US, "unknown unit '??s'");
	duration_fails("1e3ms", LATENCY_MAX_US, "unknown unit 'e'");
}

static void test_duration_rejects_negative(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("-5ms", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "must not be negative, got '-5ms'");
	duration_fails("-0ms", LATENCY_MAX_US, "must not be negative");
}

static void test_duration_rejects_signs_and_non_numbers(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("abc", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "expected a number, got 'abc'");
	duration_fails("+5ms", LATENCY_MAX_US, "expected a number, got '+5ms'");
	duration_fails("ms", LATENCY_MAX_US, "expected a number, got 'ms'");
	duration_fails(".5s", LATENCY_MAX_US, "expected a number, got '.5s'");
	duration_fails("-.5s", LATENCY_MAX_US, "expected a number");
	duration_fails("1.s", LATENCY_MAX_US, "expected digits after '.'");
	duration_fails("1.", LATENCY_MAX_US, "expected digits after '.'");
	duration_fails("nan", LATENCY_MAX_US, "expected a number");
	duration_fails("infs", LATENCY_MAX_US, "expected a number");
	duration_fails("0x10ms", LATENCY_MAX_US, "unknown unit 'x'");
}

static void test_duration_rejects_huge_overflow(void **state)
{
	(void)state;
	duration_fails("99999999999999999999s", LATENCY_MAX_US,
	               "must be at most 1h");
	duration_fails("99999999999999999999s", UINT64_MAX,
	               "must be at most 18446744073709551615us");
	duration_fails("18446744073709551616us", UINT64_MAX, "must be at most");
	/* Fits as a number, overflows once multiplied by the unit. */
	duration_fails("307445734561825861m", UINT64_MAX, "must be at most");
	/* Overflows only when the fraction is added. */
	duration_fails("18446744073709551615.5ms", UINT64_MAX,
	               "must be at most");
	duration_fails("18446744073709.551616s", UINT64_MAX, "must be at most");
	duration_fails("1000000000000000000000000000000000000000000000000ms",
	               UINT64_MAX, "must be at most");
}

static void test_duration_rejects_finer_than_a_microsecond(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("0.5us", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "'0.5us' is finer than a microsecond");
	duration_fails("0.0001ms", LATENCY_MAX_US, "finer than a microsecond");
	duration_fails("1.0000001s", LATENCY_MAX_US,
	               "finer than a microsecond");
	duration_fails("0.000000001m", LATENCY_MAX_US,
	               "finer than a microsecond");
	duration_fails("1.00000000000000000000000000001s", LATENCY_MAX_US,
	               "finer than a microsecond");
}

static void test_duration_rejects_more_than_the_maximum(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("61m", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "must be at most 1h");
	duration_fails("3600.000001s", LATENCY_MAX_US, "must be at most 1h");
	duration_fails("2s", 1500 * MS, "must be at most 1.5s");
	duration_fails("1us", 0, "must be at most 0ms");
}

static void test_duration_rejects_junk_after_the_unit(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration("20ms5", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "unexpected '5' after '20ms'");
	duration_fails("1.5.5s", LATENCY_MAX_US,
	               "unexpected '.5s' after '1.5'");
	duration_fails("20ms.", LATENCY_MAX_US, "unexpected '.' after '20ms'");
	duration_fails("20msx", LATENCY_MAX_US, "unknown unit 'msx'");
	duration_fails("20ms:", LATENCY_MAX_US, "unknown unit 'ms:'");
}

static void test_duration_rejects_whitespace(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	message_is(
	    value_parse_duration(" 20ms", LATENCY_MAX_US, &us, err, sizeof err),
	    err, "whitespace is not allowed in ' 20ms'");
	duration_fails("20ms ", LATENCY_MAX_US, "whitespace");
	duration_fails("20 ms", LATENCY_MAX_US, "whitespace");
	duration_fails("20\tms", LATENCY_MAX_US, "in '20?ms'");
	duration_fails("20ms\n", LATENCY_MAX_US, "whitespace");
	duration_fails("\r", LATENCY_MAX_US, "whitespace");
}

static void test_duration_rejects_a_range(void **state)
{
	(void)state;
	duration_fails("10-20ms", LATENCY_MAX_US,
	               "expected one duration, not a range, in '10-20ms'");
	duration_fails("10ms-", LATENCY_MAX_US, "not a range");
}

static void test_duration_round_trips_through_duration_format(void **state)
{
	static const uint64_t samples[] = {
	    0,
	    1,
	    999,
	    1000,
	    1001,
	    250 * MS,
	    999 * MS,
	    1 * S,
	    1500 * MS,
	    2125 * MS,
	    59 * S,
	    MINUTE,
	    90 * S,
	    61 * S + 1,
	    LATENCY_MAX_US,
	    UINT64_MAX / MINUTE * MINUTE,
	    UINT64_MAX,
	};
	struct rng rng;
	char text[64];

	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		duration_format(samples[i], text, sizeof text);
		assert_int_equal(duration_ok(text, UINT64_MAX), samples[i]);
	}
	rng_seed(&rng, 2024, 0);
	for (int i = 0; i < 20000; i++) {
		uint64_t us = rng_below(&rng, LATENCY_MAX_US + 1);

		/* Round half the samples so the ms, s and m forms come up. */
		if (i % 2 == 0)
			us -= us % (i % 4 == 0 ? MS : S);
		duration_format(us, text, sizeof text);
		assert_int_equal(duration_ok(text, LATENCY_MAX_US), us);
	}
}

/* --- ranges -----------------------------------------------------------------
 */

static void test_range_of_one_duration_has_equal_ends(void **state)
{
	(void)state;
	range_ok("200ms", 200 * MS, 200 * MS);
	range_ok("0us", 0, 0);
}

static void test_range_unit_applies_to_both_ends(void **state)
{
	(void)state;
	range_ok("180-220ms", 180 * MS, 220 * MS);
	range_ok("1.5-2s", 1500 * MS, 2 * S);
	range_ok("0-1m", 0, MINUTE);
}

static void test_range_accepts_a_unit_on_each_end(void **state)
{
	(void)state;
	range_ok("180ms-220ms", 180 * MS, 220 * MS);
	range_ok("1s-1500ms", 1 * S, 1500 * MS);
	range_ok("500us-1m", 500, MINUTE);
	range_ok("200-200ms", 200 * MS, 200 * MS);
}

static void test_range_rejects_backwards(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t lo, hi;

	(void)state;
	message_is(value_parse_duration_range("220-180ms", LATENCY_MAX_US, &lo,
	                                      &hi, err, sizeof err),
	           err,
	           "range goes backwards in '220-180ms' (put the smaller end "
	           "first)");
	range_fails("1s-999ms", LATENCY_MAX_US, "range goes backwards");
	range_fails("2000-1500ms", LATENCY_MAX_US, "range goes backwards");
	range_fails("2s-1500ms", LATENCY_MAX_US, "range goes backwards");
}

static void test_range_rejects_missing_ends(void **state)
{
	(void)state;
	range_fails("10ms-", LATENCY_MAX_US,
	            "expected a number after '-' in '10ms-'");
	range_fails("10-", LATENCY_MAX_US, "expected a number after '-'");
	range_fails("-10ms", LATENCY_MAX_US, "must not be negative");
	range_fails("-", LATENCY_MAX_US, "expected a number, got '-'");
	range_fails("10--20ms", LATENCY_MAX_US, "expected a number after '-'");
	range_fails("", LATENCY_MAX_US, "got nothing");
}

static void test_range_rejects_missing_and_unknown_units(void **state)
{
	(void)state;
	range_fails("10-20", LATENCY_MAX_US, "missing unit in '10-20'");
	range_fails("10ms-20", LATENCY_MAX_US, "missing unit in '10ms-20'");
	range_fails("10-20sec", LATENCY_MAX_US, "unknown unit 'sec'");
	range_fails("10sec-20ms", LATENCY_MAX_US, "unknown unit 'sec'");
}

static void test_range_rejects_an_end_over_the_maximum(void **state)
{
	(void)state;
	range_fails("10ms-61m", LATENCY_MAX_US, "must be at most 1h");
	range_fails("61-62m", LATENCY_MAX_US, "must be at most 1h");
	range_fails("1-99999999999999999999s", LATENCY_MAX_US,
	            "must be at most 1h");
	range_fails("0.5us-1ms", LATENCY_MAX_US, "finer than a microsecond");
}

static void test_range_rejects_junk_and_whitespace(void **state)
{
	(void)state;
	range_fails("10-20-30ms", LATENCY_MAX_US,
	            "unexpected '-30ms' after '10-20'");
	range_fails("10ms-20ms5", LATENCY_MAX_US, "unexpected '5'");
	range_fails("10ms - 20ms", LATENCY_MAX_US, "whitespace");
	range_fails("10.ms-20ms", LATENCY_MAX_US, "expected digits after '.'");
}

/* --- latency models ------------------------------------------------------- */

static void test_latency_single_duration_is_constant(void **state)
{
	struct latency_model model;

	(void)state;
	model = latency_ok("20ms");
	assert_int_equal(model.kind, LATENCY_CONSTANT);
	assert_int_equal(model.min_us, 20 * MS);
	assert_int_equal(model.max_us, 20 * MS);
	model = latency_ok("0us");
	assert_int_equal(model.kind, LATENCY_CONSTANT);
	assert_int_equal(model.min_us, 0);
}

static void test_latency_range_is_uniform(void **state)
{
	struct latency_model model;

	(void)state;
	model = latency_ok("10-50ms");
	assert_int_equal(model.kind, LATENCY_UNIFORM);
	assert_int_equal(model.min_us, 10 * MS);
	assert_int_equal(model.max_us, 50 * MS);
	model = latency_ok("500us-1s");
	assert_int_equal(model.kind, LATENCY_UNIFORM);
	assert_int_equal(model.min_us, 500);
	assert_int_equal(model.max_us, S);
}

static void test_latency_range_with_equal_ends_is_constant(void **state)
{
	struct latency_model model;

	(void)state;
	model = latency_ok("20-20ms");
	assert_int_equal(model.kind, LATENCY_CONSTANT);
	assert_int_equal(model.min_us, 20 * MS);
}

static void test_latency_exp_prefix_is_exponential(void **state)
{
	struct latency_model model;

	(void)state;
	model = latency_ok("exp:30ms");
	assert_int_equal(model.kind, LATENCY_EXPONENTIAL);
	assert_int_equal(model.mean_us, 30 * MS);
	model = latency_ok("exp:1us");
	assert_int_equal(model.mean_us, 1);
	model = latency_ok("exp:60m");
	assert_int_equal(model.mean_us, LATENCY_MAX_US);
}

static void test_latency_rejects_exponential_with_zero_mean(void **state)
{
	char err[VALUE_ERR_MAX];
	struct latency_model model;

	(void)state;
	message_is(value_parse_latency("exp:0ms", &model, err, sizeof err), err,
	           "the mean of an exponential latency must be above 0");
	latency_fails("exp:0.0s", "must be above 0");
}

static void test_latency_rejects_unknown_models(void **state)
{
	char err[VALUE_ERR_MAX];
	struct latency_model model;

	(void)state;
	message_is(value_parse_latency("gauss:10ms", &model, err, sizeof err),
	           err,
	           "unknown latency model 'gauss:' (use 20ms, 10-50ms or "
	           "exp:30ms)");
	latency_fails("EXP:10ms", "unknown latency model 'EXP:'");
	latency_fails("ex:10ms", "unknown latency model 'ex:'");
	latency_fails(":10ms", "unknown latency model ':'");
	latency_fails("10ms:", "unknown latency model '10ms:'");
}

static void test_latency_rejects_bad_durations(void **state)
{
	(void)state;
	latency_fails("", "got nothing");
	latency_fails(NULL, "got nothing");
	latency_fails("exp:", "got nothing");
	latency_fails("exp:10-20ms", "not a range");
	latency_fails("exp:exp:10ms", "expected a number, got 'exp:10ms'");
	latency_fails("exp:-5ms", "must not be negative");
	latency_fails("20", "missing unit");
	latency_fails("50-10ms", "range goes backwards");
	latency_fails("exp: 30ms", "whitespace is not allowed in 'exp: 30ms'");
}

static void test_latency_rejects_more_than_an_hour(void **state)
{
	(void)state;
	latency_fails("61m", "must be at most 1h");
	latency_fails("10ms-3600.001s", "must be at most 1h");
	latency_fails("exp:61m", "must be at most 1h");
	latency_fails("exp:99999999999999999999s", "must be at most 1h");
}

static void test_latency_round_trips_through_latency_format(void **state)
{
	const struct latency_model models[] = {
	    latency_constant(0),
	    latency_constant(20 * MS),
	    latency_constant(1500 * MS + 1),
	    latency_uniform(10 * MS, 50 * MS),
	    latency_uniform(0, LATENCY_MAX_US),
	    latency_uniform(999, 1000 * MS + 1),
	    latency_exponential(30 * MS),
	    latency_exponential(1),
	    latency_exponential(LATENCY_MAX_US),
	};
	char text[96];

	(void)state;
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		struct latency_model parsed;

		latency_format(&models[i], text, sizeof text);
		parsed = latency_ok(text);
		assert_int_equal(parsed.kind, models[i].kind);
		assert_int_equal(parsed.min_us, models[i].min_us);
		assert_int_equal(parsed.max_us, models[i].max_us);
		assert_int_equal(parsed.mean_us, models[i].mean_us);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_duration_accepts_every_unit),
	    cmocka_unit_test(test_duration_accepts_zero_in_any_unit),
	    cmocka_unit_test(test_duration_accepts_fractions),
	    cmocka_unit_test(
	        test_duration_ignores_trailing_zeros_of_a_fraction),
	    cmocka_unit_test(test_duration_accepts_exactly_the_maximum),
	    cmocka_unit_test(test_duration_rejects_empty),
	    cmocka_unit_test(test_duration_rejects_missing_unit),
	    cmocka_unit_test(test_duration_rejects_unknown_unit),
	    cmocka_unit_test(test_duration_rejects_negative),
	    cmocka_unit_test(test_duration_rejects_signs_and_non_numbers),
	    cmocka_unit_test(test_duration_rejects_huge_overflow),
	    cmocka_unit_test(test_duration_rejects_finer_than_a_microsecond),
	    cmocka_unit_test(test_duration_rejects_more_than_the_maximum),
	    cmocka_unit_test(test_duration_rejects_junk_after_the_unit),
	    cmocka_unit_test(test_duration_rejects_whitespace),
	    cmocka_unit_test(test_duration_rejects_a_range),
	    cmocka_unit_test(test_duration_round_trips_through_duration_format),
	    cmocka_unit_test(test_range_of_one_duration_has_equal_ends),
	    cmocka_unit_test(test_range_unit_applies_to_both_ends),
	    cmocka_unit_test(test_range_accepts_a_unit_on_each_end),
	    cmocka_unit_test(test_range_rejects_backwards),
	    cmocka_unit_test(test_range_rejects_missing_ends),
	    cmocka_unit_test(test_range_rejects_missing_and_unknown_units),
	    cmocka_unit_test(test_range_rejects_an_end_over_the_maximum),
	    cmocka_unit_test(test_range_rejects_junk_and_whitespace),
	    cmocka_unit_test(test_latency_single_duration_is_constant),
	    cmocka_unit_test(test_latency_range_is_uniform),
	    cmocka_unit_test(test_latency_range_with_equal_ends_is_constant),
	    cmocka_unit_test(test_latency_exp_prefix_is_exponential),
	    cmocka_unit_test(test_latency_rejects_exponential_with_zero_mean),
	    cmocka_unit_test(test_latency_rejects_unknown_models),
	    cmocka_unit_test(test_latency_rejects_bad_durations),
	    cmocka_unit_test(test_latency_rejects_more_than_an_hour),
	    cmocka_unit_test(test_latency_round_trips_through_latency_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
