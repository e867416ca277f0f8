/*
 * Box drawing (U+2500..) and block elements (U+2580..) drawn as geometry,
 * not from a font: a font's lines rarely meet its neighbours' exactly at
 * the cell's edge, and the progress bars' eighths must be exact. Pure.
 */
#ifndef GCOUNTER_VIDEO_BOXDRAW_H
#define GCOUNTER_VIDEO_BOXDRAW_H

#include <stdbool.h>
#include <stdint.h>

/* Draws c's coverage (0..255) into cov[h][w] and returns true, or false
 * if c is not drawn here; cov is cleared either way. */
bool boxdraw_glyph(uint32_t c, int w, int h, uint8_t *cov);

#endif
