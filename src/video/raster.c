/*
 * The picture keeps the cells it last drew, so a frame where one message
 * bar moved costs that bar's cells, not the screen: what makes a video
 * many times faster than real time. A wide character's two cells are
 * drawn as one box in the left cell's colours.
 */
#include "video/raster.h"

#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

struct raster {
	struct font *font;
	int cols, rows, cell_w, cell_h, margin_x, margin_y, width, height;
	int levels;
	uint8_t *rgb;
	struct vt_cell *shown;       /* the cells as drawn */
	struct raster_rect *changes; /* per row of cells, by the last draw */
	bool drawn;                  /* shown is valid */
};

int raster_step(uint8_t cov, int levels)
{
	return (cov * levels + 127) / 255;
}

uint32_t raster_blend(uint32_t fg, uint32_t bg, int step, int levels)
{
	uint32_t out = 0;

	for (int shift = 16; shift >= 0; shift -= 8) {
		uint32_t f = fg >> shift & 0xff, b = bg >> shift & 0xff;
		uint32_t v =
		    (f * (uint32_t)step + b * (uint32_t)(levels - step) +
		     (uint32_t)levels / 2) /
		    (uint32_t)levels;

		out |= v << shift;
	}
	return out;
}

struct raster *raster_new(struct font *font, int cols, int rows, uint32_t bg,
                          int levels)
{
	struct raster *r = xcalloc(1, sizeof *r);

	r->font = font;
	r->cols = cols;
	r->rows = rows;
	r->cell_w = font_cell_width(font);
	r->cell_h = font_cell_height(font);
	r->levels = levels < 1 ? 1 : levels > 255 ? 255 : levels;
	/* Half a line of margin, as a terminal window has. */
	r->margin_y = r->cell_h / 2;
	r->margin_x = r->margin_y;
	r->width = cols * r->cell_w + 2 * r->margin_x;
	r->height = rows * r->cell_h + 2 * r->margin_y;
	r->width += r->width & 1;
	r->height += r->height & 1;
	r->rgb = xmalloc((size_t)r->width * (size_t)r->height * 3);
	for (size_t i = 0; i < (size_t)r->width * (size_t)r->height; i++) {
		r->rgb[i * 3] = (uint8_t)(bg >> 16);
		r->rgb[i * 3 + 1] = (uint8_t)(bg >> 8);
		r->rgb[i * 3 + 2] = (uint8_t)bg;
	}
	r->shown = xcalloc((size_t)cols * (size_t)rows, sizeof *r->shown);
	r->changes = xcalloc((size_t)rows, sizeof *r->changes);
	return r;
}

void raster_free(struct raster *r)
{
	if (r == NULL)
		return;
	free(r->rgb);
	free(r->shown);
	free(r->changes);
	free(r);
}

void raster_cell_origin(const struct raster *r, int col, int row, int *x,
                        int *y)
{
	*x = r->margin_x + col * r->cell_w;
	*y = r->margin_y + row * r->cell_h;
}

static void draw_cell(struct raster *r, const struct vt_cell *c, int col,
                      int row)
{
	int cells = c->width == 2 && col + 1 < r->cols ? 2 : 1;
	int w = r->cell_w * cells, x0, y0;
	const uint8_t *cov =
	    c->ch != 0 ? font_glyph(r->font, c->ch, c->bold, cells) : NULL;
	/* Each step's colour once per cell, not per pixel. */
	uint32_t shades[256];
	int underline = c->underline ? font_baseline(r->font) + 1 : -1;

	if (underline >= r->cell_h)
		underline = r->cell_h - 1;
	for (int s = 0; s <= r->levels; s++)
		shades[s] = raster_blend(c->fg, c->bg, s, r->levels);
	raster_cell_origin(r, col, row, &x0, &y0);
	for (int y = 0; y < r->cell_h; y++) {
		uint8_t *p =
		    r->rgb +
		    ((size_t)(y0 + y) * (size_t)r->width + (size_t)x0) * 3;

		for (int x = 0; x < w; x++, p += 3) {
			int step = cov != NULL
			               ? raster_step(cov[y * w + x], r->levels)
			               : 0;
			uint32_t rgb;

			if (y == underline)
				step = r->levels;
			rgb = shades[step];
			p[0] = (uint8_t)(rgb >> 16);
			p[1] = (uint8_t)(rgb >> 8);
			p[2] = (uint8_t)rgb;
		}
	}
}

static void grow_rect(struct raster_rect *rect, int x, int y, int w, int h)
{
	int x1, y1;

	if (rect->w == 0) {
		*rect = (struct raster_rect){x, y, w, h};
		return;
	}
	x1 = rect->x + rect->w > x + w ? rect->x + rect->w : x + w;
	y1 = rect->y + rect->h > y + h ? rect->y + rect->h : y + h;
	rect->x = rect->x < x ? rect->x : x;
	rect->y = rect->y < y ? rect->y : y;
	rect->w = x1 - rect->x;
	rect->h = y1 - rect->y;
}

static bool same(const struct vt_cell *a, const struct vt_cell *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

struct raster_rect raster_draw(struct raster *r, const struct vt_cell *cells)
{
	struct raster_rect rect = {0};

	memset(r->changes, 0, (size_t)r->rows * sizeof *r->changes);
	for (int row = 0; row < r->rows; row++) {
		const struct vt_cell *line = cells + row * r->cols;
		struct vt_cell *was = r->shown + row * r->cols;

		for (int col = 0; col < r->cols; col++) {
			const struct vt_cell *c = &line[col];
			bool wide = c->width == 2 && col + 1 < r->cols;
			/* A wide character that was here covered its
			 * right neighbour too: it must be drawn again. */
			bool was_wide = r->drawn && was[col].width == 2;
			bool changed =
			    !r->drawn || !same(c, &was[col]) ||
			    (wide && !same(&line[col + 1], &was[col + 1]));
			int x, y;

			if (changed) {
				draw_cell(r, c, col, row);
				raster_cell_origin(r, col, row, &x, &y);
				grow_rect(&r->changes[row], x, y,
				          r->cell_w *
				              (wide || was_wide ? 2 : 1),
				          r->cell_h);
			}
			if (wide)
				col++; /* its right half is drawn with it */
			else if (was_wide && changed && col + 1 < r->cols)
				draw_cell(r, &line[col + 1], col + 1, row);
		}
	}
	memcpy(r->shown, cells,
	       (size_t)r->cols * (size_t)r->rows * sizeof *cells);
	for (int row = 0; row < r->rows; row++)
		if (r->changes[row].w > 0)
			grow_rect(&rect, r->changes[row].x, r->changes[row].y,
			          r->changes[row].w, r->changes[row].h);
	if (!r->drawn) {
		/* The first picture is all of it, margins included. */
		rect = (struct raster_rect){0, 0, r->width, r->height};
		r->changes[0] = rect;
		for (int row = 1; row < r->rows; row++)
			r->changes[row] = (struct raster_rect){0};
		r->drawn = true;
	}
	return rect;
}

const struct raster_rect *raster_changes(const struct raster *r)
{
	return r->changes;
}

int raster_rows(const struct raster *r)
{
	return r->rows;
}

const uint8_t *raster_pixels(const struct raster *r)
{
	return r->rgb;
}

int raster_width(const struct raster *r)
{
	return r->width;
}

int raster_height(const struct raster *r)
{
	return r->height;
}
