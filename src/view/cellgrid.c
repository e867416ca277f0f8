/*
 * The cell grid the pictures are drawn into. Every write is checked
 * against the grid's size and the cell's layer, so no picture can spill
 * past its rectangle or hide a node's box under a line. No curses here.
 */
#include "view/cellgrid.h"

#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

void cellgrid_init(struct cellgrid *g, int w, int h)
{
	g->w = w > 0 && h > 0 ? w : 0;
	g->h = w > 0 && h > 0 ? h : 0;
	g->cells = NULL;
	if (g->w > 0)
		g->cells =
		    xcalloc((size_t)g->w * (size_t)g->h, sizeof *g->cells);
	for (int i = 0; i < g->w * g->h; i++)
		g->cells[i].glyph[0] = ' ';
}

void cellgrid_free(struct cellgrid *g)
{
	if (g == NULL)
		return;
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
}

const struct cell *cellgrid_at(const struct cellgrid *g, int y, int x)
{
	if (y < 0 || x < 0 || y >= g->h || x >= g->w)
		return NULL;
	return &g->cells[y * g->w + x];
}

/* Bytes of the UTF-8 code point that starts at s (1 for a stray byte). */
static size_t point_bytes(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80    ? 1
	           : c >= 0xf0 ? 4
	           : c >= 0xe0 ? 3
	           : c >= 0xc0 ? 2
	                       : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return i;
	return n;
}

bool cellgrid_put(struct cellgrid *g, int y, int x, const char *glyph,
                  enum cell_style style, enum cell_layer layer)
{
	struct cell *c;
	size_t n;

	if (y < 0 || x < 0 || y >= g->h || x >= g->w || glyph[0] == '\0')
		return false;
	c = &g->cells[y * g->w + x];
	if (c->layer > layer)
		return false;
	n = point_bytes(glyph);
	memcpy(c->glyph, glyph, n);
	c->glyph[n] = '\0';
	c->style = (uint8_t)style;
	c->layer = (uint8_t)layer;
	return true;
}

int cellgrid_text(struct cellgrid *g, int y, int x, int max_cols,
                  const char *text, enum cell_style style,
                  enum cell_layer layer)
{
	int cols = 0;

	while (*text != '\0' && cols < max_cols) {
		cellgrid_put(g, y, x + cols, text, style, layer);
		text += point_bytes(text);
		cols++;
	}
	return cols;
}

bool cellgrid_free_run(const struct cellgrid *g, int y, int x, int n,
                       enum cell_layer layer)
{
	if (y < 0 || x < 0 || y >= g->h || n < 0 || x + n > g->w)
		return false;
	for (int i = 0; i < n; i++)
		if (g->cells[y * g->w + x + i].layer > layer)
			return false;
	return true;
}

int cellgrid_columns(const char *text)
{
	int cols = 0;

	while (*text != '\0') {
		text += point_bytes(text);
		cols++;
	}
	return cols;
}

size_t cellgrid_row_text(const struct cellgrid *g, int y, char *buf, size_t cap)
{
	size_t len = 0, keep = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (y < 0 || y >= g->h)
		return 0;
	for (int x = 0; x < g->w; x++) {
		const char *glyph = g->cells[y * g->w + x].glyph;
		size_t n = strlen(glyph);

		if (len + n >= cap)
			break;
		memcpy(buf + len, glyph, n);
		len += n;
		if (strcmp(glyph, " ") != 0)
			keep = len;
	}
	buf[keep] = '\0';
	return keep;
}
