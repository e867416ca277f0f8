/*
 * Cells to pixels: an RGB picture of the terminal, redrawn only where a
 * cell changed since the last picture. Text coverage is blended between
 * the cell's colours in a set number of steps, so the GIF's palette can
 * hold every colour a picture has. Pure: no I/O, no terminal.
 */
#ifndef GCOUNTER_VIDEO_RASTER_H
#define GCOUNTER_VIDEO_RASTER_H

#include <stdint.h>

#include "video/font.h"
#include "video/vt.h"

/* Full anti-aliasing: every coverage kept. */
#define RASTER_LEVELS_FULL 255

/* A rectangle of pixels; w == 0: nothing. */
struct raster_rect {
	int x, y, w, h;
};

struct raster;

/* cols x rows cells of font's size, a margin around them in bg; the
 * picture's sides are even (H.264 wants it). levels: 1 to 255 steps of
 * coverage. */
struct raster *raster_new(struct font *font, int cols, int rows, uint32_t bg,
                          int levels);
void raster_free(struct raster *raster);
/* Draws the cells that differ from the last call's; the pixels changed. */
struct raster_rect raster_draw(struct raster *raster,
                               const struct vt_cell *cells);
/* What the last raster_draw changed, one rectangle per row of cells
 * (w == 0: that row did not change); their count is the rows. */
const struct raster_rect *raster_changes(const struct raster *raster);
int raster_rows(const struct raster *raster);
/* width * height * 3 bytes, RGB, row by row. */
const uint8_t *raster_pixels(const struct raster *raster);
int raster_width(const struct raster *raster);
int raster_height(const struct raster *raster);
/* Where cell (col, row)'s pixels start. */
void raster_cell_origin(const struct raster *raster, int col, int row, int *x,
                        int *y);
/* fg over bg at coverage cov, in the steps of `levels`: the one blend
 * the pictures and the GIF palette share. */
uint32_t raster_blend(uint32_t fg, uint32_t bg, int step, int levels);
/* The step of coverage cov (0..255) in `levels`. */
int raster_step(uint8_t cov, int levels);

#endif
