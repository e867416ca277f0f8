/*
 * Tests for the big digits (src/ui/bigdigits.h): every row of every number
 * is exactly as wide as bigdigits_width says, in both fonts, so the totals
 * line up on a projector.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "view/bigdigits.h"
#include "view/text.h"

static void test_rows_are_as_wide_as_promised(void **state)
{
	static const char *const numbers[] = {"0", "7", "42", "1234567890",
	                                      "18446744073709551615"};
	char row[512];

	(void)state;
	for (size_t i = 0; i < 5; i++)
		for (int utf8 = 0; utf8 < 2; utf8++)
			for (int r = 0; r < BIGDIGITS_ROWS; r++) {
				bigdigits_row(numbers[i], r, utf8, row,
				              sizeof row);
				assert_int_equal(text_columns(row),
				                 bigdigits_width(numbers[i]));
			}
	assert_int_equal(bigdigits_width(""), 0);
	assert_int_equal(bigdigits_width("12"), 7);
}

static void test_ascii_font_is_seven_segments(void **state)
{
	char row[64];

	(void)state;
	bigdigits_row("8", 0, false, row, sizeof row);
	assert_string_equal(row, " _ ");
	bigdigits_row("8", 1, false, row, sizeof row);
	assert_string_equal(row, "|_|");
	bigdigits_row("10", 2, false, row, sizeof row);
	assert_string_equal(row, "  | |_|");
}

static void test_utf8_font_draws_half_blocks(void **state)
{
	char row[64];

	(void)state;
	/* 1: .#. / ##. / .#. / .#. / ### */
	bigdigits_row("1", 0, true, row, sizeof row);
	assert_string_equal(row, "\u2584\u2588 ");
	bigdigits_row("1", 1, true, row, sizeof row);
	assert_string_equal(row, " \u2588 ");
	bigdigits_row("1", 2, true, row, sizeof row);
	assert_string_equal(row, "\u2580\u2580\u2580");
}

/* A PN-Counter's value can be below zero: the minus sign is drawn, as
 * wide as a digit, in the middle row of both fonts. */
static void test_a_minus_sign_for_negative_values(void **state)
{
	char row[64], wide[512];

	(void)state;
	assert_int_equal(bigdigits_width("-3"), bigdigits_width("13"));
	bigdigits_row("-", 0, false, row, sizeof row);
	assert_string_equal(row, "   ");
	bigdigits_row("-", 1, false, row, sizeof row);
	assert_string_equal(row, " _ ");
	bigdigits_row("-", 2, false, row, sizeof row);
	assert_string_equal(row, "   ");
	bigdigits_row("-", 0, true, row, sizeof row);
	assert_string_equal(row, "   ");
	bigdigits_row("-", 1, true, row, sizeof row);
	assert_string_equal(row, "\u2580\u2580\u2580");
	bigdigits_row("-", 2, true, row, sizeof row);
	assert_string_equal(row, "   ");
	for (int utf8 = 0; utf8 < 2; utf8++)
		for (int r = 0; r < BIGDIGITS_ROWS; r++) {
			bigdigits_row("-9223372036854775808", r, utf8, wide,
			              sizeof wide);
			assert_int_equal(
			    text_columns(wide),
			    bigdigits_width("-9223372036854775808"));
		}
}

static void test_small_buffers_and_bad_rows_are_safe(void **state)
{
	char row[8];

	(void)state;
	bigdigits_row("123456", 0, true, row, sizeof row);
	assert_true(strlen(row) < sizeof row);
	assert_int_equal(bigdigits_row("1", 3, true, row, sizeof row), 0);
	assert_int_equal(bigdigits_row("1", -1, true, row, sizeof row), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_are_as_wide_as_promised),
	    cmocka_unit_test(test_ascii_font_is_seven_segments),
	    cmocka_unit_test(test_utf8_font_draws_half_blocks),
	    cmocka_unit_test(test_a_minus_sign_for_negative_values),
	    cmocka_unit_test(test_small_buffers_and_bad_rows_are_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
