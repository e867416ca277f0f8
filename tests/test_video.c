/*
 * Tests for the videos' pure parts (src/video): a GIF and a PNG made from
 * known terminal bytes decode back (giflib, libpng) to the size, the
 * frames and the colours they must have; box drawing meets the cell's
 * edges exactly; a cast reads back to the same events; the scroll filter
 * leaves every player the same picture.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gif_lib.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "video/boxdraw.h"
#include "video/castread.h"
#include "video/font.h"
#include "video/palette.h"
#include "video/raster.h"
#include "video/unscroll.h"
#include "video/video.h"
#include "video/vt.h"

#define COLS 20
#define ROWS 5

static char tmp_dir[] = "/tmp/gcounter-test-video-XXXXXX";

static void path(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmp_dir, name);
}

/* A 20x5 terminal: "AB" at the top left, a red background cell at
 * column 5 of row 2, then at 1 s the top row's text changes, at 1.002 s
 * (in the same centisecond) once more. */
static struct video *sample(void)
{
	struct video *v = video_new(COLS, ROWS);
	static const char first[] = "\033[H\033[2JAB\033[3;6H\033[41m \033[m";

	video_feed(v, 0, first, sizeof first - 1);
	video_feed(v, 1000000, "\033[HCD", 5);
	video_feed(v, 1002000, "\033[HEF", 5);
	return v;
}

static const struct video_settings *settings(void)
{
	static struct video_settings s;

	s = (struct video_settings){.palette = palette_of(THEME_DARK)};
	return &s;
}

/* The pixel size the default font gives COLS x ROWS (raster.c's rule). */
static void expected_size(int *w, int *h, int *cell_w, int *cell_h)
{
	char err[256];
	struct font *f =
	    font_open(FONT_DEFAULT_FAMILY, FONT_DEFAULT_SIZE, err, sizeof err);
	struct raster *r;

	assert_non_null(f);
	r = raster_new(f, COLS, ROWS, 0, 4);
	*w = raster_width(r);
	*h = raster_height(r);
	*cell_w = font_cell_width(f);
	*cell_h = font_cell_height(f);
	raster_free(r);
	font_free(f);
}

static void test_gif_decodes_to_its_size_frames_and_colours(void **state)
{
	char file[256], err[256];
	struct video *v = sample();
	struct video_stats stats;
	int gif_err = 0, w, h, cw, ch;
	GifFileType *gif;
	const struct palette *p = palette_of(THEME_DARK);
	GraphicsControlBlock gcb;

	(void)state;
	path(file, sizeof file, "a.gif");
	expected_size(&w, &h, &cw, &ch);
	assert_int_equal(video_write(v, 3000000, VIDEO_GIF, file, settings(),
	                             &stats, err, sizeof err),
	                 0);
	gif = DGifOpenFileName(file, &gif_err);
	assert_non_null(gif);
	assert_int_equal(DGifSlurp(gif), GIF_OK);
	assert_int_equal(gif->SWidth, w);
	assert_int_equal(gif->SHeight, h);
	assert_true(w % 2 == 0 && h % 2 == 0);
	/* Three pictures, the one shown under a centisecond merged away. */
	assert_int_equal(gif->ImageCount, 2);
	assert_int_equal(stats.frames, 2);
	/* The first lasts 1 s, the second until the end: 2 s. */
	DGifSavedExtensionToGCB(gif, 0, &gcb);
	assert_int_equal(gcb.DelayTime, 100);
	DGifSavedExtensionToGCB(gif, 1, &gcb);
	assert_int_equal(gcb.DelayTime, 200);
	/* The second frame is only the text that changed. */
	assert_true(gif->SavedImages[1].ImageDesc.Width <= 2 * cw);
	assert_true(gif->SavedImages[1].ImageDesc.Height <= ch);
	{
		/* The red cell's middle, in the first (whole) frame. */
		const SavedImage *img = &gif->SavedImages[0];
		int x, y, index;
		GifColorType c;
		struct raster_rect whole = {0};

		(void)whole;
		x = ch / 2 + 5 * cw +
		    cw / 2; /* raster.c: margin = cell_h / 2 */
		y = ch / 2 + 2 * ch + ch / 2;
		index = img->RasterBits[y * img->ImageDesc.Width + x];
		c = gif->SColorMap->Colors[index];
		assert_int_equal((uint32_t)c.Red << 16 |
		                     (uint32_t)c.Green << 8 | c.Blue,
		                 p->ansi[1]);
		/* And the margin is the theme's background. */
		c = gif->SColorMap->Colors[img->RasterBits[0]];
		assert_int_equal((uint32_t)c.Red << 16 |
		                     (uint32_t)c.Green << 8 | c.Blue,
		                 p->bg);
	}
	DGifCloseFile(gif, &gif_err);
	video_free(v);
}

static void test_two_gifs_of_the_same_events_are_the_same_bytes(void **state)
{
	char a[256], b[256], err[256], cmd[600];
	struct video *v = sample(), *w = sample();
	struct video_stats stats;

	(void)state;
	path(a, sizeof a, "same-a.gif");
	path(b, sizeof b, "same-b.gif");
	assert_int_equal(video_write(v, 3000000, VIDEO_GIF, a, settings(),
	                             &stats, err, sizeof err),
	                 0);
	assert_int_equal(video_write(w, 3000000, VIDEO_GIF, b, settings(),
	                             &stats, err, sizeof err),
	                 0);
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
	assert_int_equal(system(cmd), 0);
	video_free(v);
	video_free(w);
}

static uint32_t png_pixel(png_bytep *rows, int x, int y)
{
	png_bytep p = rows[y] + x * 3;

	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static void test_png_decodes_to_the_moment_asked(void **state)
{
	char file[256], err[256];
	struct video *v = sample();
	struct video_settings s = *settings();
	struct video_stats stats;
	png_image image;
	png_bytep buffer, *rows;
	int w, h, cw, ch;
	const struct palette *p = palette_of(THEME_DARK);

	(void)state;
	path(file, sizeof file, "a.png");
	expected_size(&w, &h, &cw, &ch);
	s.at_given = true;
	s.at_us = 500000;
	assert_int_equal(video_write(v, 3000000, VIDEO_PNG, file, &s, &stats,
	                             err, sizeof err),
	                 0);
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_file(&image, file));
	assert_int_equal(image.width, (png_uint_32)w);
	assert_int_equal(image.height, (png_uint_32)h);
	image.format = PNG_FORMAT_RGB;
	buffer = malloc(PNG_IMAGE_SIZE(image));
	assert_true(png_image_finish_read(&image, NULL, buffer, 0, NULL));
	rows = malloc(sizeof *rows * (size_t)h);
	for (int y = 0; y < h; y++)
		rows[y] = buffer + (size_t)y * (size_t)w * 3;
	assert_int_equal(
	    png_pixel(rows, ch / 2 + 5 * cw + cw / 2, ch / 2 + 2 * ch + ch / 2),
	    p->ansi[1]);
	assert_int_equal(png_pixel(rows, 0, 0), p->bg);
	/* At 0.5 s the top row says "AB": some of A's pixels are the
	 * foreground, none of the empty cell after B's. */
	{
		bool ink = false, blank = true;

		for (int y = ch / 2; y < ch / 2 + ch; y++)
			for (int x = ch / 2; x < ch / 2 + cw; x++)
				ink |= png_pixel(rows, x, y) == p->fg;
		for (int y = ch / 2; y < ch / 2 + ch; y++)
			for (int x = ch / 2 + 2 * cw; x < ch / 2 + 3 * cw; x++)
				blank &= png_pixel(rows, x, y) == p->bg;
		assert_true(ink);
		assert_true(blank);
	}
	free(rows);
	free(buffer);
	video_free(v);
}

static void test_box_lines_meet_the_cell_edges(void **state)
{
	uint8_t cov[10 * 19];

	(void)state;
	/* ─: the whole width at the middle row, nothing at the top. */
	assert_true(boxdraw_glyph(0x2500, 10, 19, cov));
	assert_int_equal(cov[9 * 10 + 0], 255);
	assert_int_equal(cov[9 * 10 + 9], 255);
	assert_int_equal(cov[0], 0);
	/* ┌: from the middle (column (10 - 1) / 2 for a 1-pixel line) to
	 * the right edge and the bottom edge. */
	assert_true(boxdraw_glyph(0x250C, 10, 19, cov));
	assert_int_equal(cov[9 * 10 + 9], 255);
	assert_int_equal(cov[18 * 10 + 4], 255);
	assert_int_equal(cov[9 * 10 + 0], 0);
	assert_int_equal(cov[0 * 10 + 4], 0);
	/* █ is every pixel; ▏ is one eighth of the width, rounded. */
	assert_true(boxdraw_glyph(0x2588, 10, 19, cov));
	for (int i = 0; i < 10 * 19; i++)
		assert_int_equal(cov[i], 255);
	assert_true(boxdraw_glyph(0x258F, 10, 19, cov));
	assert_int_equal(cov[0], 255);
	assert_int_equal(cov[1], 0);
	/* ░ is a quarter, evenly. */
	assert_true(boxdraw_glyph(0x2591, 10, 19, cov));
	assert_int_equal(cov[77], 64);
	/* A letter is the font's. */
	assert_false(boxdraw_glyph('A', 10, 19, cov));
}

static void test_cast_reads_back_with_its_theme(void **state)
{
	static const char text[] =
	    "{\"version\": 2, \"width\": 20, \"height\": 5, \"theme\": "
	    "{\"fg\": \"#112233\", \"bg\": \"#445566\", \"palette\": "
	    "\"#000001:#000002:#000003:#000004:#000005:#000006:#000007:"
	    "#000008\"}}\n"
	    "[0.5, \"o\", \"\\u001b[Hhi \\u65e5\\ud83d\\ude80\"]\n"
	    "[0.75, \"m\", \"chapter\"]\n"
	    "[1.250000, \"o\", \"\"]\n";
	struct video *v;
	struct cast_info info;
	char err[256], *screen;

	(void)state;
	assert_int_equal(castread_parse("t.cast", text, sizeof text - 1, &v,
	                                &info, err, sizeof err),
	                 0);
	assert_int_equal(info.width, 20);
	assert_int_equal(info.height, 5);
	assert_true(info.has_theme);
	assert_int_equal(info.theme.fg, 0x112233);
	assert_int_equal(info.theme.ansi[2], 0x000003);
	assert_int_equal(info.theme.ansi[10], 0x000003); /* 8 repeated */
	assert_int_equal(info.end_us, 1250000);
	screen = video_final_screen(v, &info.theme);
	assert_string_equal(strtok(screen, "\n"),
	                    "hi \xe6\x97\xa5\xf0\x9f\x9a\x80");
	free(screen);
	video_free(v);
}

/* A recording that gives the terminal back ends on its last picture, not
 * on the blank main screen. */
static void test_a_cast_ends_where_it_gives_the_terminal_back(void **state)
{
	static const char text[] =
	    "{\"version\": 2, \"width\": 20, \"height\": 5}\n"
	    "[0.5, \"o\", \"\\u001b[?1049h\\u001b[Hlast picture\"]\n"
	    "[2.0, \"o\", \"\\u001b[?25h\\u001b[?1049l\\u001b[Hgone\"]\n"
	    "[3.0, \"o\", \"more\"]\n";
	struct video *v;
	struct cast_info info;
	char err[256], *screen;

	(void)state;
	assert_int_equal(castread_parse("t.cast", text, sizeof text - 1, &v,
	                                &info, err, sizeof err),
	                 0);
	assert_true(info.restored);
	assert_int_equal(info.end_us, 2000000);
	screen = video_final_screen(v, palette_of(THEME_DARK));
	assert_string_equal(strtok(screen, "\n"), "last picture");
	free(screen);
	video_free(v);
}

static void test_a_bad_cast_is_one_line_naming_the_line(void **state)
{
	static const char header_only[] = "{\"version\": 1}\n";
	static const char bad_event[] =
	    "{\"version\": 2, \"width\": 80, \"height\": 24}\n"
	    "[0.1, \"o\", \"ok\"]\n"
	    "[0.2, \"o\", oops]\n";
	struct video *v;
	struct cast_info info;
	char err[256];

	(void)state;
	assert_int_equal(castread_parse("a.cast", header_only,
	                                sizeof header_only - 1, &v, &info, err,
	                                sizeof err),
	                 -1);
	assert_non_null(strstr(err, "a.cast:1: "));
	assert_null(v);
	assert_int_equal(castread_parse("b.cast", bad_event,
	                                sizeof bad_event - 1, &v, &info, err,
	                                sizeof err),
	                 -1);
	assert_non_null(strstr(err, "b.cast:3: "));
	assert_null(strchr(err, '\n'));
}

struct collected {
	char bytes[512];
	size_t len;
	int calls;
};

static void collect(void *ctx, const char *bytes, size_t len)
{
	struct collected *c = ctx;

	memcpy(c->bytes + c->len, bytes, len);
	c->len += len;
	c->calls++;
}

static void test_scrolls_become_line_feeds_in_the_region(void **state)
{
	static const char in[] =
	    "x\033[5;10r\033[2Sy\033[3T\033[?25l\033[1;24r";
	static const char want[] = "x\033[5;10r\0337\033[10;1H\n\n\0338y"
	                           "\0337\033[5;1H\033M\033M\033M\0338"
	                           "\033[?25l\033[1;24r";
	struct unscroll u;
	struct collected whole = {0}, cut = {0};

	(void)state;
	unscroll_init(&u, 24, collect, &whole);
	unscroll_feed(&u, in, sizeof in - 1);
	unscroll_flush(&u);
	unscroll_free(&u);
	assert_int_equal(whole.len, sizeof want - 1);
	assert_memory_equal(whole.bytes, want, sizeof want - 1);
	assert_int_equal(whole.calls, 1); /* one event, not one per byte */
	/* Cut anywhere, the same bytes. */
	unscroll_init(&u, 24, collect, &cut);
	for (size_t i = 0; i < sizeof in - 1; i++)
		unscroll_feed(&u, in + i, 1);
	unscroll_flush(&u);
	unscroll_free(&u);
	assert_int_equal(cut.len, sizeof want - 1);
	assert_memory_equal(cut.bytes, want, sizeof want - 1);
}

/* The rewrite means the same to libvterm as the scroll it replaces. */
static void test_a_rewritten_scroll_is_the_same_screen(void **state)
{
	static const char setup[] = "\033[H\033[2J1\r\n2\r\n3\r\n4\r\n5";
	static const char scroll[] = "\033[2;4r\033[1S\033[1;5r";
	struct vt *a = vt_new(COLS, ROWS, palette_of(THEME_DARK));
	struct vt *b = vt_new(COLS, ROWS, palette_of(THEME_DARK));
	struct unscroll u;
	struct collected out = {0};
	char ra[64], rb[64];

	(void)state;
	vt_feed(a, setup, sizeof setup - 1);
	vt_feed(a, scroll, sizeof scroll - 1);
	vt_feed(b, setup, sizeof setup - 1);
	unscroll_init(&u, ROWS, collect, &out);
	unscroll_feed(&u, scroll, sizeof scroll - 1);
	unscroll_free(&u);
	vt_feed(b, out.bytes, out.len);
	for (int row = 0; row < ROWS; row++) {
		vt_row_text(a, row, ra, sizeof ra);
		vt_row_text(b, row, rb, sizeof rb);
		assert_string_equal(ra, rb);
	}
	vt_row_text(a, 1, ra, sizeof ra);
	assert_string_equal(ra, "3"); /* it did scroll */
	vt_free(a);
	vt_free(b);
}

/* libvterm drops faint (SGR 2): vt.c keeps it, and a colour argument of
 * 2 (38;5;2) is a colour, not faint; cut anywhere, the same cells. */
static void test_faint_is_drawn_half_way_to_the_background(void **state)
{
	static const char in[] =
	    "\033[H\033[0;2mX\033[22mY\033[38;5;2mZ\033[0;1;2mW\033[m";
	const struct palette *p = palette_of(THEME_DARK);
	struct vt *whole = vt_new(COLS, ROWS, p), *cut = vt_new(COLS, ROWS, p);
	struct vt_cell a[COLS * ROWS], b[COLS * ROWS];
	uint32_t half = 0;

	(void)state;
	for (int shift = 0; shift <= 16; shift += 8)
		half |=
		    (((p->fg >> shift & 0xff) + (p->bg >> shift & 0xff) + 1) /
		     2)
		    << shift;
	vt_feed(whole, in, sizeof in - 1);
	for (size_t i = 0; i < sizeof in - 1; i++)
		vt_feed(cut, in + i, 1);
	vt_cells(whole, a);
	vt_cells(cut, b);
	assert_memory_equal(a, b, sizeof a);
	assert_int_equal(a[0].ch, 'X');
	assert_int_equal(a[0].fg, half);
	assert_int_equal(a[1].fg, p->fg);
	assert_int_equal(a[2].fg, p->ansi[2]);
	assert_int_equal(a[3].fg, half);
	assert_true(a[3].bold);
	vt_free(whole);
	vt_free(cut);
}

static void test_cast_header_theme_is_json(void **state)
{
	char out[256];

	(void)state;
	assert_true(
	    palette_cast_theme(palette_of(THEME_LIGHT), out, sizeof out) > 0);
	assert_non_null(strstr(out, "\"bg\": \"#ffffff\""));
	assert_int_equal(palette_cast_theme(palette_of(THEME_LIGHT), out, 20),
	                 0);
}

static int setup_dir(void **state)
{
	(void)state;
	return mkdtemp(tmp_dir) != NULL ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gif_decodes_to_its_size_frames_and_colours),
	    cmocka_unit_test(
	        test_two_gifs_of_the_same_events_are_the_same_bytes),
	    cmocka_unit_test(test_png_decodes_to_the_moment_asked),
	    cmocka_unit_test(test_box_lines_meet_the_cell_edges),
	    cmocka_unit_test(test_cast_reads_back_with_its_theme),
	    cmocka_unit_test(test_a_bad_cast_is_one_line_naming_the_line),
	    cmocka_unit_test(test_a_cast_ends_where_it_gives_the_terminal_back),
	    cmocka_unit_test(test_scrolls_become_line_feeds_in_the_region),
	    cmocka_unit_test(test_a_rewritten_scroll_is_the_same_screen),
	    cmocka_unit_test(test_faint_is_drawn_half_way_to_the_background),
	    cmocka_unit_test(test_cast_header_theme_is_json),
	};

	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
