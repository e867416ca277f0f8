/*
 * Glyphs for the cells: a monospace font found by fontconfig, rasterised
 * by FreeType with hinting into coverage maps exactly one cell (or two,
 * for a wide character) in size, so text is pixel-aligned and never
 * spills into a neighbour. Box drawing and blocks come from boxdraw.c.
 * A character the font lacks comes from a fallback fontconfig finds, or
 * is drawn as an empty box. Never draws colour: that is raster.c's.
 */
#ifndef GCOUNTER_VIDEO_FONT_H
#define GCOUNTER_VIDEO_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FONT_DEFAULT_FAMILY "DejaVu Sans Mono"
#define FONT_DEFAULT_SIZE   16
#define FONT_MIN_SIZE       6
#define FONT_MAX_SIZE       96

struct font;

/* family: a fontconfig pattern ("DejaVu Sans Mono", "Mono:bold") or a
 * font file's path; size in pixels. NULL and one line in err when no
 * font can be had. */
struct font *font_open(const char *family, int size_px, char *err,
                       size_t errlen);
void font_free(struct font *font);
int font_cell_width(const struct font *font);
int font_cell_height(const struct font *font);
/* Pixels from a cell's top to the text's baseline. */
int font_baseline(const struct font *font);
/* The file the regular face came from. */
const char *font_file(const struct font *font);
/* c's coverage, (cells * cell width) x cell height bytes, row by row;
 * owned by the font (cached), valid until font_free. */
const uint8_t *font_glyph(struct font *font, uint32_t c, bool bold, int cells);

#endif
