/*
 * Tests for the number parsers of script/value.h: unsigned integers,
 * decimals (against strtod) and probabilities, what value_format_decimal
 * writes reading back, and the "did you mean" suggestions of value_suggest.
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
#include "sim/rng.h"
#include "value-message.h"

/* --- helpers ------------------------------------------------------------ */

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

/* --- formatted decimals --------------------------------------------------- */

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
	    cmocka_unit_test(test_formatted_decimals_parse_back_to_themselves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
