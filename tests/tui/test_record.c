/*
 * Tests for the asciicast writer (src/app/record.h): bytes reach the file
 * JSON-escaped exactly (controls as \u00XX, valid UTF-8 as is, anything
 * else as U+FFFD), a character cut between two writes is joined, times
 * never go back, and a full disk is an error at the header already.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/record.h"
#include "skip.h"

static const char *escape(const char *in, size_t len, bool partial,
                          size_t *used)
{
	static char out[1024];
	size_t out_len,
	    taken = cast_json_escape(in, len, partial, out, &out_len);

	if (used != NULL)
		*used = taken;
	assert_int_equal(strlen(out), out_len);
	return out;
}

static void test_controls_quotes_and_backslashes(void **state)
{
	(void)state;
	assert_string_equal(escape("\x1b[2J\r\n", 6, false, NULL),
	                    "\\u001b[2J\\u000d\\u000a");
	assert_string_equal(escape("a\"b\\c", 5, false, NULL), "a\\\"b\\\\c");
	assert_string_equal(escape("\x7f\t", 2, false, NULL), "\\u007f\\u0009");
	assert_string_equal(escape("\0x", 2, false, NULL), "\\u0000x");
}

static void test_valid_utf8_passes_through(void **state)
{
	const char *s = "n2 \u2192 relay \u2588\u2591 \U0001F600";

	(void)state;
	assert_string_equal(escape(s, strlen(s), false, NULL), s);
}

static void test_invalid_bytes_become_replacement_characters(void **state)
{
	(void)state;
	/* A lone continuation, an overlong form, a surrogate, past U+10FFFF. */
	assert_string_equal(escape("\x80", 1, false, NULL), "\\ufffd");
	assert_string_equal(escape("\xc0\xaf", 2, false, NULL),
	                    "\\ufffd\\ufffd");
	assert_string_equal(escape("\xed\xa0\x80", 3, false, NULL),
	                    "\\ufffd\\ufffd\\ufffd");
	assert_string_equal(escape("\xf4\x90\x80\x80", 4, false, NULL),
	                    "\\ufffd\\ufffd\\ufffd\\ufffd");
	assert_string_equal(escape("a\xe2\x86z", 4, false, NULL),
	                    "a\\ufffd\\ufffdz");
}

static void test_a_cut_character_waits_for_the_rest(void **state)
{
	size_t used;

	(void)state;
	/* "→" is e2 86 92: with only two of its bytes, they wait. */
	assert_string_equal(escape("ab\xe2\x86", 4, true, &used), "ab");
	assert_int_equal(used, 2);
	/* At the very end, what is left is not a character. */
	assert_string_equal(escape("\xe2\x86", 2, false, &used),
	                    "\\ufffd\\ufffd");
	assert_int_equal(used, 2);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = calloc(1, 65536);
	size_t n;

	assert_non_null(f);
	assert_non_null(text);
	n = fread(text, 1, 65535, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void test_a_cast_file(void **state)
{
	char path[] = "/tmp/test_record_XXXXXX", err[256];
	int fd = mkstemp(path);
	struct cast *c;
	struct cast_header h = {.width = 80,
	                        .height = 24,
	                        .title = "a \"demo\"",
	                        .term = "xterm-256color",
	                        .shell = "/bin/sh"};
	char *text;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	c = cast_open(path, "--record", err, sizeof err);
	assert_non_null(c);
	assert_int_equal(cast_write_header(c, &h, err, sizeof err), 0);
	cast_output(c, 1500000, "x\xe2\x86", 3);
	cast_output(c, 1600000, "\x92y", 2);
	cast_marker(c, 1700000, "pause (line 3)");
	cast_resize(c, 1000000, 100, 30); /* an earlier time: held back */
	cast_hold(c, 2000000);
	assert_int_equal(cast_close(c, err, sizeof err), 0);
	text = slurp(path);
	assert_string_equal(
	    text, "{\"version\": 2, \"width\": 80, \"height\": 24, \"title\": "
	          "\"a \\\"demo\\\"\", \"env\": {\"TERM\": \"xterm-256color\", "
	          "\"SHELL\": \"/bin/sh\"}}\n"
	          "[1.500000, \"o\", \"x\"]\n"
	          "[1.600000, \"o\", \"\u2192y\"]\n"
	          "[1.700000, \"m\", \"pause (line 3)\"]\n"
	          "[1.700000, \"r\", \"100x30\"]\n"
	          "[2.000000, \"o\", \"\"]\n");
	free(text);
	unlink(path);
}

static void test_unwritable_paths_fail_early(void **state)
{
	char err[256];
	struct cast *c;
	struct cast_header h = {
	    .width = 80, .height = 24, .term = "x", .shell = "y"};

	(void)state;
	assert_null(
	    cast_open("/nonexistent/dir/a.cast", "--record", err, sizeof err));
	assert_string_equal(err, "--record: /nonexistent/dir/a.cast: No such "
	                         "file or directory");
	if (access("/dev/full", W_OK) != 0)
		support_skip("/dev/full is not writable: no full-disk check");
	c = cast_open("/dev/full", "--render", err, sizeof err);
	assert_non_null(c);
	assert_int_equal(cast_write_header(c, &h, err, sizeof err), -1);
	assert_string_equal(err, "--render: /dev/full: cannot write: No "
	                         "space left on device");
	assert_int_equal(cast_close(c, err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_controls_quotes_and_backslashes),
	    cmocka_unit_test(test_valid_utf8_passes_through),
	    cmocka_unit_test(test_invalid_bytes_become_replacement_characters),
	    cmocka_unit_test(test_a_cut_character_waits_for_the_rest),
	    cmocka_unit_test(test_a_cast_file),
	    cmocka_unit_test(test_unwritable_paths_fail_early),
	};

	return support_exit_status(cmocka_run_group_tests(tests, NULL, NULL));
}
