/*
 * A terminal emulator for the bytes of a render: libvterm turns them into
 * a grid of cells (a second emulator besides the players, so a cast that
 * libvterm reads wrong is a bug we see). Knows nothing of pixels; never
 * touches a real terminal.
 */
#ifndef GCOUNTER_VIDEO_VT_H
#define GCOUNTER_VIDEO_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "video/palette.h"

/* One cell as it looks: reverse video already applied to fg and bg. */
struct vt_cell {
	uint32_t ch;     /* the character; 0 for blank or a wide one's right */
	uint32_t fg, bg; /* 0xRRGGBB */
	uint8_t width;   /* 1, or 2 for a wide character's left cell */
	uint8_t bold, underline, italic;
};

struct vt;

struct vt *vt_new(int cols, int rows, const struct palette *palette);
void vt_free(struct vt *vt);
/* Bytes as a terminal would receive them (a cut UTF-8 character waits). */
void vt_feed(struct vt *vt, const char *bytes, size_t len);
/* The screen into cells[rows * cols], row by row. */
void vt_cells(const struct vt *vt, struct vt_cell *cells);
/* A row's text as UTF-8 (blanks as spaces, trailing ones cut). */
void vt_row_text(const struct vt *vt, int row, char *out, size_t len);
int vt_cols(const struct vt *vt);
int vt_rows(const struct vt *vt);

#endif
