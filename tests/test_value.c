/*
 * Tests for the value parsers: every unit and form that is accepted, every
 * way of being wrong, and a seeded random-input run that must never crash,
 * overflow or leave an unterminated message (run it under the sanitizers).
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

static uint64_t uint_ok(const char *text, uint64_t min, uint64_t max)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t value = 0;

	if (value_parse_uint(text, min, max, &value, err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	return value;
}

static void uint_fails(const char *text, uint64_t min, uint64_t max,
                       const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	uint64_t value = 42;

	if (value_parse_uint(text, min, max, &value, err, sizeof err) == 0)
		fail_msg("'%s' was accepted as %llu", text,
		         (unsigned long long)value);
	assert_int_equal(value, 42);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

static double double_ok(const char *text, double min, double max)
{
	char err[VALUE_ERR_MAX] = "";
	double value = -1;

	if (value_parse_double(text, min, max, &value, err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	return value;
}

static void double_fails(const char *text, double min, double max,
                         const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	double value = 4.25;

	if (value_parse_double(text, min, max, &value, err, sizeof err) == 0)
		fail_msg("'%s' was accepted as %g", text, value);
	assert_true(value == 4.25);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

static double probability_ok(const char *text)
{
	char err[VALUE_ERR_MAX] = "";
	double value = -1;

	if (value_parse_probability(text, &value, err, sizeof err) != 0)
		fail_msg("'%s' was refused: %s", text, err);
	return value;
}

static void probability_fails(const char *text, const char *fragment)
{
	char err[VALUE_ERR_MAX] = "";
	double value = 0.75;

	if (value_parse_probability(text, &value, err, sizeof err) == 0)
		fail_msg("'%s' was accepted as %g", text, value);
	assert_true(value == 0.75);
	if (strstr(err, fragment) == NULL)
		fail_msg("'%s' gave \"%s\", wanted \"%s\"", text, err,
		         fragment);
}

static void message_is(int rc, const char *err, const char *expected)
{
	assert_int_equal(rc, -1);
	assert_string_equal(err, expected);
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

/* --- unsigned integers ---------------------------------------------------- */

static void test_uint_accepts_its_bounds(void **state)
{
	(void)state;
	assert_int_equal(uint_ok("1", 1, 1000), 1);
	assert_int_equal(uint_ok("1000", 1, 1000), 1000);
	assert_int_equal(uint_ok("0", 0, 0), 0);
	assert_int_equal(uint_ok("007", 0, 10), 7);
	assert_int_equal(uint_ok("18446744073709551615", 0, UINT64_MAX),
	                 UINT64_MAX);
}

static void test_uint_rejects_outside_its_bounds(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t value;

	(void)state;
	message_is(value_parse_uint("1001", 1, 1000, &value, err, sizeof err),
	           err, "must be at most 1000");
	message_is(value_parse_uint("0", 1, 1000, &value, err, sizeof err), err,
	           "must be at least 1");
	uint_fails("-5", 1, 1000, "must be at least 1");
	uint_fails("-0", 0, 1000, "must be at least 0");
}

static void test_uint_rejects_overflow(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t value;

	(void)state;
	message_is(value_parse_uint("18446744073709551616", 0, UINT64_MAX,
	                            &value, err, sizeof err),
	           err,
	           "'18446744073709551616' is out of range (must be at most "
	           "18446744073709551615)");
	uint_fails("99999999999999999999", 1, 1000, "out of range");
	uint_fails("1000000000000000000000000000000000000000000000000000000", 1,
	           1000, "...' is out of range");
}

static void test_uint_rejects_signs_junk_empty_and_whitespace(void **state)
{
	char err[VALUE_ERR_MAX];
	uint64_t value;

	(void)state;
	message_is(value_parse_uint("abc", 0, 10, &value, err, sizeof err), err,
	           "expected a number, got 'abc'");
	uint_fails("", 0, 10, "expected a number, got nothing");
	uint_fails(NULL, 0, 10, "got nothing");
	uint_fails("+5", 0, 10, "expected a number, got '+5'");
	uint_fails("-", 0, 10, "expected a number, got '-'");
	uint_fails("5x", 0, 10, "unexpected 'x' after '5'");
	uint_fails("0x5", 0, 10, "unexpected 'x5' after '0'");
	uint_fails("1.5", 0, 10, "unexpected '.5' after '1'");
	uint_fails("1e3", 0, 10000, "unexpected 'e3' after '1'");
	uint_fails(" 5", 0, 10, "whitespace is not allowed in ' 5'");
	uint_fails("5\n", 0, 10, "whitespace");
	/* Junk is reported before the overflow it is attached to. */
	uint_fails("99999999999999999999z", 0, 10, "unexpected 'z'");
}

/* --- decimal numbers ------------------------------------------------------ */

static void test_double_accepts_decimals(void **state)
{
	(void)state;
	assert_true(double_ok("50", 0, 100) == 50.0);
	assert_true(double_ok("2.5", 0, 100) == 2.5);
	assert_true(double_ok("0.001", 0, 100) == 0.001);
	assert_true(double_ok("0.1", 0, 1) == 0.1);
	assert_true(double_ok("007.50", 0, 100) == 7.5);
	assert_true(double_ok("-1.5", -10, 10) == -1.5);
	assert_true(double_ok("100", 0, 100) == 100.0);
	assert_true(double_ok("0", 0, 100) == 0.0);
}

static void test_double_negative_zero_is_zero(void **state)
{
	double value;

	(void)state;
	value = double_ok("-0", 0, 1);
	assert_true(value == 0.0);
	assert_false(signbit(value));
}

/* Up to 15 significant digits the result must be exactly what a correctly
 * rounding strtod gives (the tests run in the C locale); past that, within
 * a rounding step or two. */
static void test_double_matches_strtod(void **state)
{
	static const char *const samples[] = {
	    "0.1",
	    "0.2",
	    "0.3",
	    "2.5",
	    "3.14159",
	    "123.456",
	    "0.001",
	    "1000000",
	    "99.99",
	    "0.000000000000001",
	    "123456789012345",
	    "1.00000000000001",
	    "4503599627370497",
	    "9007199254740993",
	    "12345678901234567890",
	    "0.30000000000000004441",
	    "1797693134862315708145274237317043"};
	uint64_t seed = 0x5eed;
	struct rng rng;
	char text[40];

	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		double ours = double_ok(samples[i], 0, INFINITY);
		double theirs = strtod(samples[i], NULL);

		/* Past 15 digits allow a rounding step or two. */
		if (fabs(ours - theirs) > fabs(theirs) * 4e-16)
			fail_msg("'%s': %.17g, strtod %.17g", samples[i], ours,
			         theirs);
	}
	rng_seed(&rng, seed, 1);
	for (int i = 0; i < 100000; i++) {
		int digits = 1 + (int)rng_below(&rng, 15);
		int point = (int)rng_below(&rng, (uint64_t)digits);
		size_t n = 0;

		for (int d = 0; d < digits; d++) {
			if (d == point && d > 0)
				text[n++] = '.';
			text[n++] = (char)('0' + rng_below(&rng, 10));
		}
		text[n] = '\0';
		if (double_ok(text, 0, INFINITY) != strtod(text, NULL))
			fail_msg("seed %llu, '%s': %.17g, strtod %.17g",
			         (unsigned long long)seed, text,
			         double_ok(text, 0, INFINITY),
			         strtod(text, NULL));
	}
}

static void test_double_handles_very_long_numbers(void **state)
{
	char text[1200];

	(void)state;
	/* 0.000...0001 with 1000 zeros is 0 as a double. */
	memcpy(text, "0.", 2);
	memset(text + 2, '0', 1000);
	memcpy(text + 1002, "1", 2);
	assert_true(double_ok(text, 0, 1) == 0.0);
	/* A thousand nines is more than any double. */
	memset(text, '9', 1000);
	text[1000] = '\0';
	double_fails(text, 0, 1e300, "must be at most 1e+300");
	assert_true(isinf(double_ok(text, 0, INFINITY)));
	/* A thousand significant fraction digits. */
	memcpy(text, "0.", 2);
	memset(text + 2, '3', 1000);
	text[1002] = '\0';
	assert_true(fabs(double_ok(text, 0, 1) - 1.0 / 3.0) < 1e-15);
}

static void test_double_rejects_nan_inf_hex_and_exponents(void **state)
{
	char err[VALUE_ERR_MAX];
	double value;

	(void)state;
	message_is(value_parse_double("nan", 0, 1, &value, err, sizeof err),
	           err, "expected a number, got 'nan'");
	double_fails("inf", 0, 1, "expected a number, got 'inf'");
	double_fails("-inf", 0, 1, "expected a number");
	double_fails("INFINITY", 0, 1, "expected a number");
	double_fails("0x10", 0, 100, "unexpected 'x10' after '0'");
	double_fails("1e5", 0, 1e9, "unexpected 'e5' after '1'");
	double_fails("1.5E-3", 0, 1, "unexpected 'E-3'");
	double_fails("+1", 0, 10, "expected a number, got '+1'");
	double_fails(".5", 0, 10, "expected a number, got '.5'");
	double_fails("5.", 0, 10, "expected digits after '.' in '5.'");
	double_fails("1,5", 0, 10, "unexpected ',5'");
}

static void test_double_rejects_empty_trailing_text_and_whitespace(void **state)
{
	(void)state;
	double_fails("", 0, 1, "expected a number, got nothing");
	double_fails(NULL, 0, 1, "got nothing");
	double_fails("-", 0, 1, "expected a number, got '-'");
	double_fails("2.5x", 0, 10, "unexpected 'x' after '2.5'");
	double_fails("2.5.1", 0, 10, "unexpected '.1' after '2.5'");
	double_fails(" 2.5", 0, 10, "whitespace is not allowed in ' 2.5'");
	double_fails("2.5 ", 0, 10, "whitespace");
}

static void test_double_rejects_outside_its_bounds(void **state)
{
	char err[VALUE_ERR_MAX];
	double value;

	(void)state;
	message_is(value_parse_double("100.5", 0, 100, &value, err, sizeof err),
	           err, "must be at most 100");
	double_fails("0.0001", 0.001, 100, "must be at least 0.001");
	double_fails("-1", 0, 100, "must be at least 0");
	double_fails("2.5", 0, 2.25, "must be at most 2.25");
}

/* --- probabilities -------------------------------------------------------- */

static void test_probability_accepts_fraction_and_percent(void **state)
{
	(void)state;
	assert_true(probability_ok("0.1") == 0.1);
	assert_true(probability_ok("10%") == 0.1);
	assert_true(probability_ok("2.5%") == 0.025);
	assert_true(probability_ok("0.5") == 0.5);
	assert_true(probability_ok("50%") == 0.5);
}

static void test_probability_accepts_zero_and_one(void **state)
{
	(void)state;
	assert_true(probability_ok("0") == 0.0);
	assert_true(probability_ok("1") == 1.0);
	assert_true(probability_ok("0%") == 0.0);
	assert_true(probability_ok("100%") == 1.0);
	assert_true(probability_ok("1.000") == 1.0);
}

static void test_probability_rejects_more_than_one(void **state)
{
	char err[VALUE_ERR_MAX];
	double value;

	(void)state;
	message_is(value_parse_probability("150%", &value, err, sizeof err),
	           err, "must be at most 100%");
	message_is(value_parse_probability("1.5", &value, err, sizeof err), err,
	           "must be at most 1");
	probability_fails("100.1%", "must be at most 100%");
	probability_fails("1.0000001", "must be at most 1");
	probability_fails("99999999999999999999999", "must be at most 1");
}

static void test_probability_rejects_negative(void **state)
{
	(void)state;
	probability_fails("-0.1", "must be at least 0");
	probability_fails("-5%", "must be at least 0%");
}

static void test_probability_rejects_junk(void **state)
{
	(void)state;
	probability_fails("", "got nothing");
	probability_fails(NULL, "got nothing");
	probability_fails("%", "expected a number, got '%'");
	probability_fails("10%%", "unexpected '%' after '10%'");
	probability_fails("10%x", "unexpected 'x' after '10%'");
	probability_fails("10 %", "whitespace");
	probability_fails("0.1x", "unexpected 'x' after '0.1'");
	probability_fails("nan", "expected a number");
	probability_fails("1e-1", "unexpected 'e-1'");
}

/* --- suggestions ---------------------------------------------------------- */

static const char *const commands[] = {
    "inc",     "pause",  "resume",  "partition", "heal", "crash",
    "restart", "expect", "caption", "latency",   "drop", "speed",
};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void test_suggest_finds_a_close_word(void **state)
{
	(void)state;
	assert_string_equal(value_suggest("incr", commands, COMMAND_COUNT),
	                    "inc");
	assert_string_equal(value_suggest("pase", commands, COMMAND_COUNT),
	                    "pause");
	assert_string_equal(value_suggest("restrat", commands, COMMAND_COUNT),
	                    "restart");
	assert_string_equal(value_suggest("latncy", commands, COMMAND_COUNT),
	                    "latency");
	assert_string_equal(value_suggest("expcet", commands, COMMAND_COUNT),
	                    "expect");
}

static void test_suggest_is_case_insensitive(void **state)
{
	(void)state;
	assert_string_equal(value_suggest("INC", commands, COMMAND_COUNT),
	                    "inc");
	assert_string_equal(value_suggest("Heel", commands, COMMAND_COUNT),
	                    "heal");
}

static void test_suggest_counts_a_swap_as_one_edit(void **state)
{
	static const char *const words[] = {"drop", "inc"};

	(void)state;
	assert_string_equal(value_suggest("dorp", words, 2), "drop");
	/* Two substitutions would rewrite most of "icn"; one swap does not. */
	assert_string_equal(value_suggest("icn", words, 2), "inc");
}

static void test_suggest_returns_null_when_nothing_is_close(void **state)
{
	static const char *const letters[] = {"q", "p"};

	(void)state;
	assert_null(value_suggest("frobnicate", commands, COMMAND_COUNT));
	assert_null(value_suggest("xyz", commands, COMMAND_COUNT));
	/* One letter for another rewrites the whole word. */
	assert_null(value_suggest("x", letters, 2));
	assert_null(value_suggest("", commands, COMMAND_COUNT));
	assert_null(value_suggest(NULL, commands, COMMAND_COUNT));
	assert_null(value_suggest("inc", NULL, 3));
	assert_null(value_suggest("inc", commands, 0));
}

static void test_suggest_prefers_the_closest_then_the_first(void **state)
{
	static const char *const words[] = {"spend", "speed", "seed"};
	static const char *const ties[] = {"cat", "bat"};

	(void)state;
	assert_string_equal(value_suggest("speeds", words, 3), "speed");
	assert_string_equal(value_suggest("hat", ties, 2), "cat");
}

static void test_suggest_skips_null_and_very_long_candidates(void **state)
{
	char long_word[200];
	const char *candidates[3];

	(void)state;
	memset(long_word, 'a', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	candidates[0] = NULL;
	candidates[1] = long_word;
	candidates[2] = "pause";
	assert_string_equal(value_suggest("paus", candidates, 3), "pause");
	assert_null(value_suggest(long_word, candidates, 3));
	/* Exactly at the length limit still works. */
	long_word[32] = '\0';
	candidates[2] = long_word;
	assert_ptr_equal(value_suggest(long_word, candidates, 3), long_word);
}

/* --- messages ------------------------------------------------------------- */

/* Each parser, fed something wrong. */
static int fail_each_parser(int which, char *err, size_t errlen)
{
	uint64_t a, b;
	double d;
	struct latency_model model;

	switch (which) {
	case 0:
		return value_parse_duration("20sec", LATENCY_MAX_US, &a, err,
		                            errlen);
	case 1:
		return value_parse_duration_range("9-1ms", LATENCY_MAX_US, &a,
		                                  &b, err, errlen);
	case 2:
		return value_parse_latency("exp:0ms", &model, err, errlen);
	case 3:
		return value_parse_uint("abc", 0, 10, &a, err, errlen);
	case 4:
		return value_parse_double("nan", 0, 1, &d, err, errlen);
	case 5:
		return value_parse_probability("150%", &d, err, errlen);
	case 6:
		return value_parse_duration("", LATENCY_MAX_US, &a, err,
		                            errlen);
	default:
		return value_parse_uint("99999999999999999999", 0, 10, &a, err,
		                        errlen);
	}
}

static void test_errors_are_nul_terminated_even_with_errlen_1(void **state)
{
	(void)state;
	for (int which = 0; which < 8; which++) {
		char err[8];

		memset(err, 'X', sizeof err);
		assert_int_equal(fail_each_parser(which, err, 1), -1);
		assert_int_equal(err[0], '\0');
		assert_int_equal(err[1], 'X');

		memset(err, 'X', sizeof err);
		assert_int_equal(fail_each_parser(which, err, 5), -1);
		assert_int_equal(strlen(err), 4);
		assert_int_equal(err[5], 'X');
	}
}

static void test_errors_need_no_buffer(void **state)
{
	(void)state;
	for (int which = 0; which < 8; which++)
		assert_int_equal(fail_each_parser(which, NULL, 0), -1);
}

static void test_error_quotes_are_short_and_printable(void **state)
{
	char text[300];
	char err[VALUE_ERR_MAX];
	uint64_t us;

	(void)state;
	memset(text, 'z', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	assert_int_equal(
	    value_parse_duration(text, LATENCY_MAX_US, &us, err, sizeof err),
	    -1);
	assert_true(strlen(err) < 80);
	assert_non_null(strstr(err, "zzz...'"));

	assert_int_equal(value_parse_duration("\x01\x7f\x1b[2J", LATENCY_MAX_US,
	                                      &us, err, sizeof err),
	                 -1);
	assert_string_equal(err, "expected a number, got '???[2J'");
}

/* Random short strings over the bytes the parsers care about, and a few they
 * do not: every call must return 0 or -1, fill only its own buffers, end the
 * message with a NUL on one line, and give in-range results. */
static void test_parsers_survive_random_input(void **state)
{
	static const char alphabet[] = "0123456789000.....----::%%%"
	                               "usmexpSMh \t\n\x01\xb5\xc2\xff";
	static const char *const words[] = {"inc", "pause", "s", "", "expect"};
	const uint64_t seed = 20240601;
	struct rng rng;
	char text[48];
	char err[VALUE_ERR_MAX + 1];

	(void)state;
	rng_seed(&rng, seed, 2);
	for (long round = 0; round < 300000; round++) {
		size_t len = (size_t)rng_below(&rng, sizeof text);
		size_t errlen = 1 + (size_t)rng_below(&rng, VALUE_ERR_MAX);
		uint64_t max_us =
		    rng_below(&rng, 2) ? LATENCY_MAX_US : rng_next(&rng);
		uint64_t lo = 0, hi = 0;
		double d = 0;
		struct latency_model model;
		int rc;

		for (size_t i = 0; i < len; i++)
			text[i] =
			    alphabet[rng_below(&rng, sizeof alphabet - 1)];
		text[len] = '\0';
		memset(err, 'X', sizeof err);

		switch (round % 7) {
		case 0:
			rc = value_parse_duration(text, max_us, &lo, err,
			                          errlen);
			hi = lo;
			break;
		case 1:
			rc = value_parse_duration_range(text, max_us, &lo, &hi,
			                                err, errlen);
			break;
		case 2:
			rc = value_parse_latency(text, &model, err, errlen);
			if (rc == 0) {
				lo = model.min_us;
				hi = model.max_us;
				max_us = LATENCY_MAX_US;
			}
			break;
		case 3:
			rc =
			    value_parse_uint(text, 0, max_us, &lo, err, errlen);
			hi = lo;
			break;
		case 4:
			rc = value_parse_double(text, -1e6, 1e6, &d, err,
			                        errlen);
			if (rc == 0 && !(d >= -1e6 && d <= 1e6))
				fail_msg("seed %llu round %ld: '%s' -> %g",
				         (unsigned long long)seed, round, text,
				         d);
			break;
		case 5:
			rc = value_parse_probability(text, &d, err, errlen);
			if (rc == 0 && !(d >= 0 && d <= 1))
				fail_msg("seed %llu round %ld: '%s' -> %g",
				         (unsigned long long)seed, round, text,
				         d);
			break;
		default:
			value_suggest(text, words, 5);
			continue;
		}
		if (rc != 0 && rc != -1)
			fail_msg("seed %llu round %ld: '%s' returned %d",
			         (unsigned long long)seed, round, text, rc);
		if (rc == 0 && (lo > hi || hi > max_us))
			fail_msg("seed %llu round %ld: '%s' -> %llu-%llu",
			         (unsigned long long)seed, round, text,
			         (unsigned long long)lo,
			         (unsigned long long)hi);
		if (rc == -1 &&
		    (memchr(err, '\0', errlen) == NULL ||
		     strchr(err, '\n') != NULL || err[errlen] != 'X'))
			fail_msg("seed %llu round %ld: '%s' left a bad message",
			         (unsigned long long)seed, round, text);
	}
}

/* What a saved log writes for a rate or a probability reads back as the
 * same number. */
static void test_formatted_decimals_parse_back_to_themselves(void **state)
{
	static const double values[] = {0,      1,      0.1,  2.5,
	                                0.3333, 100000, 1e-7, 12345.678901234};
	char text[64];
	double back;

	(void)state;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		value_format_decimal(values[i], text, sizeof text);
		assert_null(strchr(text, 'e'));
		assert_int_equal(
		    value_parse_double(text, 0, 1e6, &back, NULL, 0), 0);
		assert_true(back == values[i]);
	}
	value_format_decimal(0.1, text, sizeof text);
	assert_string_equal(text, "0.1");
	value_format_decimal(20, text, sizeof text);
	assert_string_equal(text, "20");
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
	    cmocka_unit_test(test_uint_accepts_its_bounds),
	    cmocka_unit_test(test_uint_rejects_outside_its_bounds),
	    cmocka_unit_test(test_uint_rejects_overflow),
	    cmocka_unit_test(test_uint_rejects_signs_junk_empty_and_whitespace),
	    cmocka_unit_test(test_double_accepts_decimals),
	    cmocka_unit_test(test_double_negative_zero_is_zero),
	    cmocka_unit_test(test_double_matches_strtod),
	    cmocka_unit_test(test_double_handles_very_long_numbers),
	    cmocka_unit_test(test_double_rejects_nan_inf_hex_and_exponents),
	    cmocka_unit_test(
	        test_double_rejects_empty_trailing_text_and_whitespace),
	    cmocka_unit_test(test_double_rejects_outside_its_bounds),
	    cmocka_unit_test(test_probability_accepts_fraction_and_percent),
	    cmocka_unit_test(test_probability_accepts_zero_and_one),
	    cmocka_unit_test(test_probability_rejects_more_than_one),
	    cmocka_unit_test(test_probability_rejects_negative),
	    cmocka_unit_test(test_probability_rejects_junk),
	    cmocka_unit_test(test_suggest_finds_a_close_word),
	    cmocka_unit_test(test_suggest_is_case_insensitive),
	    cmocka_unit_test(test_suggest_counts_a_swap_as_one_edit),
	    cmocka_unit_test(test_suggest_returns_null_when_nothing_is_close),
	    cmocka_unit_test(test_suggest_prefers_the_closest_then_the_first),
	    cmocka_unit_test(test_suggest_skips_null_and_very_long_candidates),
	    cmocka_unit_test(test_errors_are_nul_terminated_even_with_errlen_1),
	    cmocka_unit_test(test_errors_need_no_buffer),
	    cmocka_unit_test(test_error_quotes_are_short_and_printable),
	    cmocka_unit_test(test_parsers_survive_random_input),
	    cmocka_unit_test(test_formatted_decimals_parse_back_to_themselves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
