/*
 * Clipped drawing on the curses screen: every string is cut to the room it
 * is given and to the screen's edge, so that no part of the dashboard can
 * spill over another whatever the size. Shared by the dashboard's parts.
 */
#ifndef GCOUNTER_UI_DRAW_H
#define GCOUNTER_UI_DRAW_H

#include "view/glyphs.h"
#include "ui/theme.h"

/* Bytes of one formatted line, NUL included. */
#define DRAW_LINE_MAX 1024

int draw_min(int a, int b);
int draw_max(int a, int b);

/* Writes s at (y, x) in at most max_cols columns (and never past the
 * screen's edge); returns the columns used. */
int draw_put(int y, int x, int max_cols, enum theme_role role, const char *s);
int draw_putf(int y, int x, int max_cols, enum theme_role role, const char *fmt,
              ...) __attribute__((format(printf, 5, 6)));
/* draw_put of s right-aligned in width columns (spaces before it): what
 * draw_putf's "%*s%s" draws, without formatting. */
int draw_put_right(int y, int x, int max_cols, int width, enum theme_role role,
                   const char *s);
/* Like draw_put, but a text that does not fit ends in the ellipsis, so a
 * reader knows there was more. */
int draw_put_cut(const struct glyphs *g, int y, int x, int max_cols,
                 enum theme_role role, const char *s);
/* Like draw_put_cut, but cut at a word boundary (a sentence reads
 * better short by a word than with half of one). */
int draw_put_words(const struct glyphs *g, int y, int x, int max_cols,
                   enum theme_role role, const char *s);
/* Paints w blank cells in a role (a bar's background). */
void draw_fill(int y, int x, int w, enum theme_role role);
/* Repeats a one-column glyph n times. */
int draw_repeat(int y, int x, int n, enum theme_role role, const char *glyph);
/* A box with a border, its inside painted in role. */
void draw_box(const struct glyphs *g, int y, int x, int h, int w,
              enum theme_role role);

/* A frame: between draw_frame_begin and draw_frame_end the calls above
 * are kept, and at the end only the rows whose calls differ from the last
 * frame's are drawn again (cleared, then the calls in order). The screen
 * is what the calls made over an erased screen would have drawn. Rows
 * drawn on by anything else are drawn whole at the next frame: curses
 * says which (draw_forget_touched, before the screen is updated). */
void draw_frame_begin(void);
void draw_frame_end(void);
void draw_forget_touched(void);
/* The window's attributes back to normal, in order with the calls. */
void draw_normal_attrs(void);
/* Lets go of what the frames kept (the terminal is closed). */
void draw_frame_free(void);

#endif
