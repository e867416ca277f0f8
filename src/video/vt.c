/*
 * libvterm behind four calls. The palette is set before any byte is read,
 * so an indexed colour becomes the theme's RGB; colours are resolved at
 * the read, reverse video included, so what is above only sees RGB.
 */
#include "video/vt.h"

#include <string.h>
#include <vterm.h>

#include "util/fatal.h"

struct vt {
	VTerm *term;
	VTermScreen *screen;
	int cols, rows;
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

void vt_feed(struct vt *vt, const char *bytes, size_t len)
{
	if (len > 0)
		vterm_input_write(vt->term, bytes, len);
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
			/* (uint32_t)-1 marks a wide character's right half. */
			out->ch = c.chars[0] == (uint32_t)-1 ? 0 : c.chars[0];
			if (out->ch == ' ')
				out->ch = 0;
			out->width = c.width == 2 ? 2 : 1;
			out->bold = (uint8_t)c.attrs.bold;
			out->underline = (uint8_t)(c.attrs.underline != 0);
			out->italic = (uint8_t)c.attrs.italic;
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
