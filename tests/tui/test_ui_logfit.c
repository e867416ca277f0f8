/*
 * Tests for fitting an event-log line (src/view/logfit.h): at 80 columns
 * with 8 nodes a merge still shows what it made, whole, and its inputs
 * are what gets shortened.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "view/logfit.h"
#include "view/text.h"

#define ARROW "\u2192"
#define DOTS  "\u2026"

static const char merge8[] =
    "n4 merged n1's [151,152,167,160,149,150,171,158] with its "
    "[147,154,168,167,151,149,170,160] " ARROW
    " [151,154,168,167,151,150,171,160]";

/* An 80-column row less the log's time column (9 and a blank). */
#define ROW 70

static void test_a_merge_keeps_its_result_at_80_columns(void **state)
{
	char out[512];
	const char *result = ARROW " [151,154,168,167,151,150,171,160]";

	(void)state;
	assert_true(text_columns(merge8) > ROW);
	logfit_line(merge8, ROW, ARROW, DOTS, out, sizeof out);
	assert_true(text_columns(out) <= ROW);
	/* The result, whole, at the end. */
	assert_true(strlen(out) > strlen(result));
	assert_string_equal(out + strlen(out) - strlen(result), result);
	/* Who merged whose, and the start of the first input. */
	assert_true(strncmp(out, "n4 merged n1's [", 16) == 0);
	assert_non_null(strstr(out, " with its [" DOTS "] " ARROW));
	/* Wider: the sender's vector shows its first counts, whole. */
	logfit_line(merge8, 80, ARROW, DOTS, out, sizeof out);
	assert_true(text_columns(out) <= 80);
	assert_non_null(strstr(out, "n1's [151,152,167," DOTS "] "));
}

static void test_the_last_input_gives_way_first(void **state)
{
	char out[512];
	size_t full = text_columns(merge8);

	(void)state;
	/* A few columns short: only the receiver's vector is cut. */
	logfit_line(merge8, full - 6, ARROW, DOTS, out, sizeof out);
	assert_true(text_columns(out) <= full - 6);
	assert_non_null(strstr(out, "n1's [151,152,167,160,149,150,171,158] "));
	assert_non_null(
	    strstr(out, "with its [147,154,168,167,151,149," DOTS "]"));
}

static void test_a_line_that_fits_or_has_no_result_is_as_it_was(void **state)
{
	static const char route[] =
	    "relay forwards n1's [151,154,168,166,1,2,3,4,5,6,7,8,9,10] to "
	    "n2, n3, n4, n5, n6, n7, n8 and n9, n10, n11";
	static const char lost[] = "lost: n2 cannot send x10 · last n2's "
	                           "+[5,0,0,1,2,3,4,5] n2 " ARROW " relay";
	char out[512];

	(void)state;
	logfit_line("n1 incremented its own slot " ARROW " [1,0]", ROW, ARROW,
	            DOTS, out, sizeof out);
	assert_string_equal(out, "n1 incremented its own slot " ARROW " [1,0]");
	logfit_line(route, 40, ARROW, DOTS, out, sizeof out);
	assert_string_equal(out, route);
	/* A route's arrow is not a result. */
	logfit_line(lost, 40, ARROW, DOTS, out, sizeof out);
	assert_string_equal(out, lost);
}

static void test_a_pn_result_and_ascii_glyphs(void **state)
{
	static const char pn[] =
	    "n2 merged n1's +[9,0,1,4,5,6,7,8] -[1,0,2,0,0,0,0,0] with its "
	    "+[5,0,0,4,5,6,7,8] -[0,6,2,0,0,0,0,0] -> +[9,0,1,4,5,6,7,8] "
	    "-[1,6,2,0,0,0,0,0]";
	const char *result = "-> +[9,0,1,4,5,6,7,8] -[1,6,2,0,0,0,0,0]";
	char out[512];

	(void)state;
	logfit_line(pn, ROW, "->", "...", out, sizeof out);
	assert_true(text_columns(out) <= ROW);
	assert_string_equal(out + strlen(out) - strlen(result), result);
	assert_true(strncmp(out, "n2 merged n1's +[", 17) == 0);
	/* So narrow that even the inputs' words must go: the result stays. */
	logfit_line(pn, 50, "->", "...", out, sizeof out);
	assert_true(text_columns(out) <= 50);
	assert_string_equal(out + strlen(out) - strlen(result), result);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_merge_keeps_its_result_at_80_columns),
	    cmocka_unit_test(test_the_last_input_gives_way_first),
	    cmocka_unit_test(
	        test_a_line_that_fits_or_has_no_result_is_as_it_was),
	    cmocka_unit_test(test_a_pn_result_and_ascii_glyphs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
