/*
 * Tests for the dashboard's text helpers (src/ui/text.h): widths of UTF-8
 * strings, clipping, times and vectors as people read them. A vector that
 * does not fit must say so, and must never run past its room.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "view/text.h"

static void test_columns_count_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_columns(""), 0);
	assert_int_equal(text_columns("abc"), 3);
	assert_int_equal(text_columns("n2 \u2192 relay"), 10);
	assert_int_equal(text_columns("\u2588\u2591"), 2);
}

/* A title or caption with CJK or emoji is measured as a terminal shows
 * it: two columns each, combining marks none. */
static void test_columns_are_wcwidths(void **state)
{
	(void)state;
	assert_int_equal(text_columns("\u65e5\u672c \U0001f680"), 7);
	assert_int_equal(text_columns("e\u0301"), 1);
	assert_int_equal(text_columns("\u2713 \u2717 \u2016 \u2039"), 7);
	assert_int_equal(text_char_width(0xAC00), 2);
	assert_int_equal(text_char_width(0x1F600), 2);
	assert_int_equal(text_char_width(0x2588), 1);
	assert_int_equal(text_char_width(0xFE0F), 0);
	assert_int_equal(text_char_width('\t'), 0);
}

static void test_clip_leaves_a_wide_character_out_whole(void **state)
{
	const char *s = "a\u65e5\u672c";

	(void)state;
	assert_int_equal(text_clip(s, 1), 1);
	assert_int_equal(text_clip(s, 2), 1);
	assert_int_equal(text_clip(s, 3), 4);
	assert_int_equal(text_clip(s, 4), 4);
	assert_int_equal(text_clip(s, 5), 7);
}

static void test_wrap_measures_wide_characters(void **state)
{
	struct text_line lines[4];
	/* Six CJK characters, no spaces: 12 columns in lines of 5. */
	const char *s = "\u65e5\u672c\u8a9e\u306e\u5b57\u5e55";

	(void)state;
	assert_int_equal(text_wrap(s, 5, lines, 4), 3);
	assert_int_equal(lines[0].len, 6); /* two characters, 4 columns */
	assert_int_equal(lines[1].len, 6);
	assert_int_equal(lines[2].len, 6);
}

static void test_clip_never_splits_a_character(void **state)
{
	const char *s = "a\u2192b\u2192c";

	(void)state;
	assert_int_equal(text_clip(s, 0), 0);
	assert_int_equal(text_clip(s, 1), 1);
	assert_int_equal(text_clip(s, 2), 4); /* "a→" */
	assert_int_equal(text_clip(s, 3), 5);
	assert_int_equal(text_clip(s, 99), strlen(s));
}

static void test_digits(void **state)
{
	(void)state;
	assert_int_equal(text_digits(0), 1);
	assert_int_equal(text_digits(9), 1);
	assert_int_equal(text_digits(10), 2);
	assert_int_equal(text_digits(UINT64_MAX), 20);
}

static void test_time_reads_like_a_clock(void **state)
{
	char buf[32];

	(void)state;
	text_time(0, buf, sizeof buf);
	assert_string_equal(buf, "0.000s");
	text_time(12345678, buf, sizeof buf);
	assert_string_equal(buf, "12.345s");
	text_time(125100000, buf, sizeof buf);
	assert_string_equal(buf, "2m05.100s");
	text_time(3ULL * 3600 * 1000000, buf, sizeof buf);
	assert_string_equal(buf, "3h00m00.000s");
}

static void test_vector_whole_when_it_fits(void **state)
{
	uint64_t slots[3] = {3, 0, 1};
	struct gcounter g = {3, slots};
	char buf[64];

	(void)state;
	text_vector(&g, 40, "\u2026", buf, sizeof buf);
	assert_string_equal(buf, "[3,0,1]");
	text_vector(&g, 7, "\u2026", buf, sizeof buf);
	assert_string_equal(buf, "[3,0,1]");
}

static void test_vector_cut_with_an_ellipsis_within_its_room(void **state)
{
	uint64_t slots[64];
	struct gcounter g = {64, slots};
	char buf[256];

	(void)state;
	for (int i = 0; i < 64; i++)
		slots[i] = (uint64_t)i * 1000;
	for (size_t room = 4; room < 120; room++) {
		text_vector(&g, room, "\u2026", buf, sizeof buf);
		assert_true(text_columns(buf) <= room);
		assert_true(strstr(buf, "\u2026]") != NULL);
		assert_int_equal(buf[0], '[');
	}
	text_vector(&g, 12, "~", buf, sizeof buf);
	assert_string_equal(buf, "[0,1000,~]");
}

static void test_vector_too_little_room_writes_nothing(void **state)
{
	uint64_t slots[2] = {1, 2};
	struct gcounter g = {2, slots};
	char buf[16] = "x";

	(void)state;
	assert_int_equal(text_vector(&g, 2, "\u2026", buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

/* A PN-Counter's state: P then N in one vector of 2N slots. */
static void test_pn_vector_shows_both_halves(void **state)
{
	uint64_t slots[6] = {3, 0, 1, 0, 2, 0};
	struct gcounter g = {6, slots};
	char buf[128];

	(void)state;
	text_pn_vector(&g, 40, "\u2026", "\u2212", buf, sizeof buf);
	assert_string_equal(buf, "+[3,0,1] \u2212[0,2,0]");
	/* Exactly its own width is enough (17 columns). */
	text_pn_vector(&g, 17, "...", "-", buf, sizeof buf);
	assert_string_equal(buf, "+[3,0,1] -[0,2,0]");
	/* Too little room for the signs and brackets: nothing. */
	assert_int_equal(
	    text_pn_vector(&g, 4, "\u2026", "\u2212", buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

static void test_pn_vector_cut_within_its_room(void **state)
{
	uint64_t slots[128];
	struct gcounter g = {128, slots};
	char buf[512];

	(void)state;
	for (int i = 0; i < 128; i++)
		slots[i] = (uint64_t)i * 7;
	for (size_t room = 0; room < 200; room++) {
		size_t len = text_pn_vector(&g, room, "\u2026", "\u2212", buf,
		                            sizeof buf);

		assert_true(text_columns(buf) <= room);
		assert_int_equal(len, strlen(buf));
		if (len == 0)
			continue;
		/* Both halves, each cut with its ellipsis. */
		assert_int_equal(buf[0], '+');
		assert_non_null(strstr(buf, " \u2212["));
		assert_non_null(strstr(buf, "\u2026] \u2212["));
	}
	/* From a modest room on, something is always written. */
	assert_true(
	    text_pn_vector(&g, 20, "\u2026", "\u2212", buf, sizeof buf) > 0);
}

static void test_signed_numbers(void **state)
{
	char buf[32];

	(void)state;
	text_signed(12, "\u2212", buf, sizeof buf);
	assert_string_equal(buf, "12");
	text_signed(-3, "\u2212", buf, sizeof buf);
	assert_string_equal(buf, "\u22123");
	text_signed(INT64_MIN, "-", buf, sizeof buf);
	assert_string_equal(buf, "-9223372036854775808");
}

/* The i-th wrapped line as a string. */
static const char *line_text(const char *s, const struct text_line *l)
{
	static char buf[256];

	memcpy(buf, s + l->start, l->len);
	buf[l->len] = '\0';
	return buf;
}

static void test_wrap_breaks_at_spaces_within_the_width(void **state)
{
	const char *s =
	    "Four workers each keep a vector: one count per worker.";
	struct text_line lines[8];
	size_t n = text_wrap(s, 20, lines, 8);

	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(line_text(s, &lines[0]), "Four workers each");
	assert_string_equal(line_text(s, &lines[1]), "keep a vector: one");
	assert_string_equal(line_text(s, &lines[2]), "count per worker.");
	for (size_t i = 0; i < n; i++)
		assert_true(text_columns(line_text(s, &lines[i])) <= 20);
}

static void test_wrap_cuts_a_word_longer_than_a_line(void **state)
{
	const char *s = "abcdefghij \u2192\u2192\u2192";
	struct text_line lines[8];
	size_t n = text_wrap(s, 4, lines, 8);

	(void)state;
	assert_int_equal(n, 4);
	assert_string_equal(line_text(s, &lines[0]), "abcd");
	assert_string_equal(line_text(s, &lines[1]), "efgh");
	assert_string_equal(line_text(s, &lines[2]), "ij");
	assert_string_equal(line_text(s, &lines[3]), "\u2192\u2192\u2192");
}

static void test_wrap_counts_lines_past_its_room(void **state)
{
	struct text_line lines[2];

	(void)state;
	assert_int_equal(text_wrap("a b c d e", 1, lines, 2), 5);
	assert_int_equal(text_wrap("", 10, lines, 2), 0);
	assert_int_equal(text_wrap("   ", 10, lines, 2), 0);
	assert_int_equal(text_wrap("abc", 0, lines, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_columns_count_characters_not_bytes),
	    cmocka_unit_test(test_wrap_breaks_at_spaces_within_the_width),
	    cmocka_unit_test(test_wrap_cuts_a_word_longer_than_a_line),
	    cmocka_unit_test(test_wrap_counts_lines_past_its_room),
	    cmocka_unit_test(test_clip_never_splits_a_character),
	    cmocka_unit_test(test_columns_are_wcwidths),
	    cmocka_unit_test(test_clip_leaves_a_wide_character_out_whole),
	    cmocka_unit_test(test_wrap_measures_wide_characters),
	    cmocka_unit_test(test_digits),
	    cmocka_unit_test(test_time_reads_like_a_clock),
	    cmocka_unit_test(test_vector_whole_when_it_fits),
	    cmocka_unit_test(test_vector_cut_with_an_ellipsis_within_its_room),
	    cmocka_unit_test(test_vector_too_little_room_writes_nothing),
	    cmocka_unit_test(test_pn_vector_shows_both_halves),
	    cmocka_unit_test(test_pn_vector_cut_within_its_room),
	    cmocka_unit_test(test_signed_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
