/*
 * libvterm behind four calls. The palette is set before any byte is read,
 * so an indexed colour becomes the theme's RGB; colours are resolved at
 * the read, reverse video included, so what is above only sees RGB.
 * libvterm 0.1 drops SGR 2 (faint), which the dashboard uses for what is
 * behind or still to come: on the way in, faint becomes italic (which
 * libvterm keeps and we never draw as a slant), and italic cells are drawn
 * half way to their background.
 */
#include "video/vt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "util/fatal.h"

/* The longest SGR rewritten; a longer one passes as it is. */
#define SGR_MAX 64

struct vt {
	VTerm *term;
	VTermScreen *screen;
	int cols, rows;
	char held[SGR_MAX]; /* an escape sequence cut between two feeds */
	size_t held_len;
};

static VTermColor rgb(uint32_t c)
{
	VTermColor v;

	vterm_color_rgb(&v, (uint8_t)(c >> 16), (uint8_t)(c >> 8), (uint8_t)c);
	return v;
}

struct vt *vt_new(int cols, int rows, const struct palette *palette)
{
	struct vt *vt = xcalloc(1, sizeof *vt);
	VTermState *state;
	VTermColor fg = rgb(palette->fg), bg = rgb(palette->bg);

	vt->term = vterm_new(rows, cols);
	if (vt->term == NULL)
		fatal("libvterm: cannot make a %dx%d terminal", cols, rows);
	vt->cols = cols;
	vt->rows = rows;
	vterm_set_utf8(vt->term, 1);
	state = vterm_obtain_state(vt->term);
	vt->screen = vterm_obtain_screen(vt->term);
	/* The alternate screen as curses asks for it: a cast opens with it. */
	vterm_screen_enable_altscreen(vt->screen, 1);
	vterm_state_set_default_colors(state, &fg, &bg);
	for (int i = 0; i < 16; i++) {
		VTermColor c = rgb(palette->ansi[i]);

		vterm_state_set_palette_color(state, i, &c);
	}
	/* After the colours: the reset gives the pen and every cell the
	 * theme's, not libvterm's own black. */
	vterm_screen_reset(vt->screen, 1);
	return vt;
}

void vt_free(struct vt *vt)
{
	if (vt == NULL)
		return;
	vterm_free(vt->term);
	free(vt);
}

/* A whole SGR's parameters (between "ESC [" and "m") rewritten into out:
 * 2 -> 3 and 22 -> 22;23; the arguments of a colour (38;5;n,
 * 38;2;r;g;b, and 48, 58 alike) are kept as they are. */
static size_t faint_to_italic(const char *p, size_t len, char *out)
{
	size_t used = 0, i = 0;
	int skip = 0, colour = 0; /* colour: 1 after 38/48/58 */

	for (;;) {
		size_t start = i;
		int value = 0;

		while (i < len && p[i] != ';')
			value = value * 10 + (p[i++] - '0');
		if (start > 0)
			out[used++] = ';';
		if (colour) {
			/* 5: an index follows; 2: red, green, blue. */
			skip = value == 5 ? 1 : value == 2 ? 3 : 0;
			colour = 0;
		} else if (skip > 0) {
			skip--;
		} else if (value == 38 || value == 48 || value == 58) {
			colour = 1;
		} else if (i - start == 1 && value == 2) {
			out[used++] = '3';
			goto next;
		} else if (i - start == 2 && value == 22) {
			memcpy(out + used, "22;23", 5);
			used += 5;
			goto next;
		}
		memcpy(out + used, p + start, i - start);
		used += i - start;
	next:
		if (i >= len)
			return used;
		i++; /* the ';' */
	}
}

static void pass(struct vt *vt, const char *bytes, size_t len)
{
	if (len > 0)
		vterm_input_write(vt->term, bytes, len);
}

/* A held sequence is complete or given up: rewritten if it is an SGR of
 * digits and semicolons, else passed as it is. */
static void release(struct vt *vt)
{
	const char *h = vt->held;
	size_t n = vt->held_len;
	bool sgr = n >= 3 && h[0] == '\033' && h[1] == '[' && h[n - 1] == 'm';

	for (size_t i = 2; sgr && i + 1 < n; i++)
		sgr = (h[i] >= '0' && h[i] <= '9') || h[i] == ';';
	if (sgr) {
		char out[SGR_MAX * 3];
		size_t used;

		out[0] = '\033';
		out[1] = '[';
		used = 2 + faint_to_italic(h + 2, n - 3, out + 2);
		out[used++] = 'm';
		pass(vt, out, used);
	} else {
		pass(vt, h, n);
	}
	vt->held_len = 0;
}

void vt_feed(struct vt *vt, const char *bytes, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		char c = bytes[i];

		if (vt->held_len == 0) {
			if (c != '\033')
				continue;
			pass(vt, bytes + run, i - run);
			run = i + 1;
			vt->held[vt->held_len++] = c;
			continue;
		}
		run = i + 1;
		vt->held[vt->held_len++] = c;
		if (vt->held_len == 2 && c != '[')
			release(vt); /* not a CSI */
		else if (vt->held_len > 2 &&
		         ((c >= 0x40 && c <= 0x7e) || vt->held_len == SGR_MAX))
			release(vt);
	}
	if (vt->held_len == 0)
		pass(vt, bytes + run, len - run);
}

static uint32_t half_way(uint32_t a, uint32_t b)
{
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8)
		out |= (((a >> shift & 0xff) + (b >> shift & 0xff) + 1) / 2)
		       << shift;
	return out;
}

static uint32_t to_rgb(const VTermScreen *screen, VTermColor c)
{
	vterm_screen_convert_color_to_rgb(screen, &c);
	return (uint32_t)c.rgb.red << 16 | (uint32_t)c.rgb.green << 8 |
	       c.rgb.blue;
}

void vt_cells(const struct vt *vt, struct vt_cell *cells)
{
	for (int row = 0; row < vt->rows; row++)
		for (int col = 0; col < vt->cols; col++) {
			VTermScreenCell c;
			struct vt_cell *out = &cells[row * vt->cols + col];
			VTermPos pos = {.row = row, .col = col};
			uint32_t fg, bg;

			vterm_screen_get_cell(vt->screen, pos, &c);
			fg = to_rgb(vt->screen, c.fg);
			bg = to_rgb(vt->screen, c.bg);
			out->fg = c.attrs.reverse ? bg : fg;
			out->bg = c.attrs.reverse ? fg : bg;
			if (c.attrs.italic) /* faint, see vt_feed */
				out->fg = half_way(out->fg, out->bg);
			/* (uint32_t)-1 marks a wide character's right half. */
			out->ch = c.chars[0] == (uint32_t)-1 ? 0 : c.chars[0];
			if (out->ch == ' ')
				out->ch = 0;
			out->width = c.width == 2 ? 2 : 1;
			out->bold = (uint8_t)c.attrs.bold;
			out->underline = (uint8_t)(c.attrs.underline != 0);
			out->italic = 0; /* (drawn as faint) */
		}
}

/* One code point as UTF-8 into out; its length. */
static size_t utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

void vt_row_text(const struct vt *vt, int row, char *out, size_t len)
{
	size_t used = 0, kept = 0;

	if (len == 0)
		return;
	for (int col = 0; col < vt->cols; col++) {
		VTermScreenCell c;
		VTermPos pos = {.row = row, .col = col};
		uint32_t ch;

		vterm_screen_get_cell(vt->screen, pos, &c);
		if (c.chars[0] == (uint32_t)-1)
			continue; /* the right half of a wide character */
		ch = c.chars[0] == 0 ? ' ' : c.chars[0];
		if (used + 5 > len)
			break;
		used += utf8_put(ch, out + used);
		if (ch != ' ')
			kept = used;
	}
	out[kept] = '\0';
}

int vt_cols(const struct vt *vt)
{
	return vt->cols;
}

int vt_rows(const struct vt *vt)
{
	return vt->rows;
}
