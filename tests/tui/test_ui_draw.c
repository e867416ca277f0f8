/*
 * Tests for the frame's kept calls (src/ui/draw.c): whatever a frame's
 * calls and those of the frames before it, the screen after
 * draw_frame_end must be the one the same calls draw over an erased
 * screen. Frames that change a little each time, with bars, wide
 * characters, combining marks and fills, go down every path (rows left
 * alone, strings patched, a row erased from its first moved call, whole
 * rows), and something drawn between frames must not stay. Also: a
 * frame reaches the capture in one write(2), and a bar drawn by
 * draw_repeat is the string it repeats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/term.h"
#include "ui/theme.h"

#define COLS_ 40
#define ROWS_ 12
#define CALLS 48

enum kind { PUT, FILL };

struct call {
	enum kind kind;
	int y, x, w;
	enum theme_role role;
	const char *s;
};

static const char *const texts[] = {"abc",
                                    "n2 \u2192 relay",
                                    "\u2588\u2588\u258c\u2591",
                                    "  12\u2039",
                                    "[3]",
                                    "\u65e5\u672c",
                                    "e\u0301t\u00e9",
                                    "xyz  ",
                                    " ",
                                    "converged: every node holds [1,0,0]",
                                    "0",
                                    "\u00b7 idle"};
static const enum theme_role roles[] = {ROLE_NORMAL, ROLE_LABEL, ROLE_TITLE,
                                        ROLE_PAYLOAD, ROLE_CELL_OWN};

static unsigned next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void random_call(struct call *c, unsigned *seed)
{
	c->kind = next_random(seed) % 6 == 0 ? FILL : PUT;
	c->y = (int)(next_random(seed) % ROWS_);
	c->x = (int)(next_random(seed) % COLS_);
	c->w = 1 + (int)(next_random(seed) % 20);
	c->role = roles[next_random(seed) % (sizeof roles / sizeof roles[0])];
	c->s = texts[next_random(seed) % (sizeof texts / sizeof texts[0])];
}

static void make(const struct call *calls, int n)
{
	attrset(A_NORMAL);
	for (int i = 0; i < n; i++) {
		if (calls[i].kind == FILL)
			draw_fill(calls[i].y, calls[i].x, calls[i].w,
			          calls[i].role);
		else
			draw_put(calls[i].y, calls[i].x, calls[i].w,
			         calls[i].role, calls[i].s);
	}
	draw_normal_attrs();
}

static void cells_of_screen(cchar_t *cells)
{
	for (int y = 0; y < LINES; y++)
		for (int x = 0; x < COLS; x++) {
			memset(&cells[y * COLS + x], 0, sizeof *cells);
			mvin_wch(y, x, &cells[y * COLS + x]);
		}
}

static void discard(void *ctx, const char *bytes, size_t len)
{
	(void)ctx;
	(void)bytes;
	(void)len;
}

static void test_frames_draw_what_an_erased_screen_would(void **state)
{
	static cchar_t kept[COLS_ * ROWS_], erased[COLS_ * ROWS_];
	struct term_config config = {.cols = COLS_,
	                             .rows = ROWS_,
	                             .sink = discard,
	                             .headless = true,
	                             .term_name = "xterm-256color"};
	struct call calls[CALLS];
	unsigned seed = 16;
	FILE *nothing = fopen("/dev/null", "r");
	char err[256];
	struct term *term;
	int differ = 0;

	(void)state;
	assert_non_null(nothing);
	term_setup_utf8_locale();
	term = term_open_with(NULL, nothing, &config, err, sizeof err);
	assert_non_null(term);
	theme_init(THEME_DARK, false);
	for (int i = 0; i < CALLS; i++)
		random_call(&calls[i], &seed);
	for (int frame = 0; frame < 400; frame++) {
		/* A few calls change: text, place, colour, or all. */
		for (int k = 0; k < 3; k++) {
			struct call *c = &calls[next_random(&seed) % CALLS];
			unsigned what = next_random(&seed) % 4;

			if (what == 0)
				c->s = texts[next_random(&seed) %
				             (sizeof texts / sizeof texts[0])];
			else if (what == 1)
				c->x = (int)(next_random(&seed) % COLS_);
			else if (what == 2)
				c->role =
				    roles[next_random(&seed) %
				          (sizeof roles / sizeof roles[0])];
			else
				random_call(c, &seed);
		}
		draw_frame_begin();
		make(calls, CALLS);
		draw_frame_end();
		cells_of_screen(kept);
		werase(stdscr);
		make(calls, CALLS);
		cells_of_screen(erased);
		for (int i = 0; i < COLS_ * ROWS_; i++)
			differ +=
			    memcmp(&kept[i], &erased[i], sizeof kept[i]) != 0;
		/* The check's own drawing is no one else's: curses' picture
		 * already has the frame. */
		untouchwin(stdscr);
		term_present(term, false);
		/* Drawn over the frame by someone else (a QR code): the next
		 * frame must not keep it. */
		if (frame % 7 == 0)
			mvaddstr((int)(next_random(&seed) % ROWS_),
			         (int)(next_random(&seed) % COLS_), "#");
	}
	term_close(term);
	fclose(nothing);
	assert_int_equal(differ, 0);
}

/* /proc/self/io's count of write(2) calls, or -1 where it cannot be read. */
static long long write_calls(void)
{
	char line[128];
	long long calls = -1;
	FILE *f = fopen("/proc/self/io", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "syscw:", 6) == 0)
			calls = strtoll(line + 6, NULL, 10);
	fclose(f);
	return calls;
}

static void count_bytes(void *ctx, const char *bytes, size_t len)
{
	(void)bytes;
	*(size_t *)ctx += len;
}

/* curses writes a frame into the capture with one write(2), however many
 * places on the screen change: ncurses flushes after every cursor move
 * until it has been ended once and updated again, and term_open makes
 * sure it has (a headless screen writes nowhere else). */
static void test_a_frame_is_one_write_into_the_capture(void **state)
{
	size_t bytes = 0;
	struct term_config config = {.cols = 80,
	                             .rows = 24,
	                             .sink = count_bytes,
	                             .sink_ctx = &bytes,
	                             .headless = true,
	                             .term_name = "xterm-256color"};
	FILE *nothing = fopen("/dev/null", "r");
	char err[256];
	struct term *term;

	(void)state;
	assert_non_null(nothing);
	if (write_calls() < 0) {
		fclose(nothing);
		skip();
	}
	term_setup_utf8_locale();
	term = term_open_with(NULL, nothing, &config, err, sizeof err);
	assert_non_null(term);
	theme_init(THEME_DARK, false);
	for (int frame = 0; frame < 5; frame++) {
		long long before;
		size_t had = bytes;

		draw_frame_begin();
		/* Scattered changes: dozens of cursor moves. */
		for (int y = 0; y < 24; y++)
			draw_putf(y, (y * 7 + frame * 3) % 60, 20,
			          y % 2 ? ROLE_LABEL : ROLE_TITLE,
			          "row %d frame %d", y, frame);
		draw_frame_end();
		before = write_calls();
		term_present(term, frame == 3);
		assert_true(bytes > had);
		assert_in_range(write_calls() - before, 0, 1);
	}
	term_close(term);
	fclose(nothing);
}

/* draw_repeat's bars are what draw_put draws of the same string: the same
 * cells and the same columns told back, cut short or not, at the edge. */
static void test_a_bar_is_what_its_string_draws(void **state)
{
	static cchar_t repeated[COLS_ * ROWS_], put[COLS_ * ROWS_];
	static const char *const glyphs[] = {"\u2588", "\u2591", "#", "\u65e5",
	                                     "ab"};
	struct term_config config = {.cols = COLS_,
	                             .rows = ROWS_,
	                             .sink = discard,
	                             .headless = true,
	                             .term_name = "xterm-256color"};
	FILE *nothing = fopen("/dev/null", "r");
	char err[256];
	struct term *term;

	(void)state;
	assert_non_null(nothing);
	term_setup_utf8_locale();
	term = term_open_with(NULL, nothing, &config, err, sizeof err);
	assert_non_null(term);
	theme_init(THEME_DARK, false);
	for (size_t g = 0; g < sizeof glyphs / sizeof glyphs[0]; g++)
		for (int x = COLS_ - 12; x <= COLS_; x += 3)
			for (int n = 0; n < 16; n += 5) {
				char s[256] = "";
				int a, b;

				for (int i = 0; i < n; i++)
					strcat(s, glyphs[g]);
				werase(stdscr);
				draw_frame_begin();
				a = draw_repeat(2, x, n, ROLE_BAR_DONE,
				                glyphs[g]);
				draw_frame_end();
				cells_of_screen(repeated);
				werase(stdscr);
				draw_frame_begin();
				b = draw_put(2, x, n, ROLE_BAR_DONE, s);
				draw_frame_end();
				cells_of_screen(put);
				assert_int_equal(a, b);
				assert_memory_equal(repeated, put,
				                    sizeof repeated);
			}
	term_close(term);
	fclose(nothing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_frames_draw_what_an_erased_screen_would),
	    cmocka_unit_test(test_a_frame_is_one_write_into_the_capture),
	    cmocka_unit_test(test_a_bar_is_what_its_string_draws),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
