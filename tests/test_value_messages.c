/*
 * Tests of what every parser of script/value.h does with its error
 * message: always NUL-terminated, no buffer needed, quotes short and
 * printable; and a seeded random-input run over all of them that must never
 * crash, overflow or leave an unterminated message (run it under the
 * sanitizers).
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_errors_are_nul_terminated_even_with_errlen_1),
	    cmocka_unit_test(test_errors_need_no_buffer),
	    cmocka_unit_test(test_error_quotes_are_short_and_printable),
	    cmocka_unit_test(test_parsers_survive_random_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
