/*
 * The dashboard's drawing primitives. Each clips to its rectangle and to
 * the screen, and sets the role's attributes itself, so a caller never
 * leaves a colour behind for the next part.
 */
#include "ui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "view/text.h"

int draw_min(int a, int b)
{
	return a < b ? a : b;
}

int draw_max(int a, int b)
{
	return a > b ? a : b;
}

int draw_put(int y, int x, int max_cols, enum theme_role role, const char *s)
{
	size_t bytes, cols;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	max_cols = draw_min(max_cols, COLS - x);
	if (max_cols <= 0)
		return 0;
	bytes = text_clip_columns(s, (size_t)max_cols, &cols);
	if (bytes == 0)
		return 0;
	attrset((int)theme_attr(role));
	mvaddnstr(y, x, s, (int)bytes);
	/* What it drew; a string cut short counts as filling its room. */
	return s[bytes] != '\0' ? max_cols : (int)cols;
}

int draw_putf(int y, int x, int max_cols, enum theme_role role, const char *fmt,
              ...)
{
	char buf[DRAW_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_put(y, x, max_cols, role, buf);
}

int draw_put_cut(const struct glyphs *g, int y, int x, int max_cols,
                 enum theme_role role, const char *s)
{
	char buf[DRAW_LINE_MAX];
	size_t keep;

	if (max_cols <= 0)
		return 0;
	if (text_columns(s) <= (size_t)max_cols)
		return draw_put(y, x, max_cols, role, s);
	keep = text_clip(s, (size_t)max_cols - text_columns(g->ellipsis));
	if (keep >= sizeof buf - 8)
		keep = sizeof buf - 8;
	memcpy(buf, s, keep);
	snprintf(buf + keep, sizeof buf - keep, "%s", g->ellipsis);
	return draw_put(y, x, max_cols, role, buf);
}

int draw_put_words(const struct glyphs *g, int y, int x, int max_cols,
                   enum theme_role role, const char *s)
{
	char buf[DRAW_LINE_MAX];
	size_t keep, cut;

	if (max_cols <= 0)
		return 0;
	if (text_columns(s) <= (size_t)max_cols)
		return draw_put(y, x, max_cols, role, s);
	keep = text_clip(s, (size_t)max_cols - text_columns(g->ellipsis));
	if (keep >= sizeof buf - 8)
		keep = sizeof buf - 8;
	/* Back to the last space, unless the first word alone is too long:
	 * then a cut word is better than nothing. */
	cut = keep;
	if (s[cut] != ' ')
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	if (cut == 0)
		cut = keep;
	memcpy(buf, s, cut);
	snprintf(buf + cut, sizeof buf - cut, "%s", g->ellipsis);
	return draw_put(y, x, max_cols, role, buf);
}

void draw_fill(int y, int x, int w, enum theme_role role)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	w = draw_min(w, COLS - x);
	if (w > 0)
		mvhline(y, x, (chtype)(' ' | theme_attr(role)), w);
}

int draw_repeat(int y, int x, int n, enum theme_role role, const char *glyph)
{
	char buf[DRAW_LINE_MAX];
	size_t len = strlen(glyph), used = 0;
	int count = 0;

	while (count < n && used + len < sizeof buf) {
		memcpy(buf + used, glyph, len);
		used += len;
		count++;
	}
	buf[used] = '\0';
	return draw_put(y, x, n, role, buf);
}

void draw_box(const struct glyphs *g, int y, int x, int h, int w,
              enum theme_role role)
{
	for (int row = 0; row < h; row++)
		draw_fill(y + row, x, w, role);
	draw_put(y, x, 1, role, g->corner_tl);
	draw_repeat(y, x + 1, w - 2, role, g->hline);
	draw_put(y, x + w - 1, 1, role, g->corner_tr);
	for (int row = 1; row < h - 1; row++) {
		draw_put(y + row, x, 1, role, g->vline);
		draw_put(y + row, x + w - 1, 1, role, g->vline);
	}
	draw_put(y + h - 1, x, 1, role, g->corner_bl);
	draw_repeat(y + h - 1, x + 1, w - 2, role, g->hline);
	draw_put(y + h - 1, x + w - 1, 1, role, g->corner_br);
}
