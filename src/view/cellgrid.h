/*
 * A grid of cells to draw a picture into: one glyph and one style per
 * cell, and a layer so that what matters (a node's box, a message) is
 * never overwritten by what matters less (a link's line). Pure: the
 * network view and the space-time diagram fill it, ui/ puts it on the
 * screen. It never draws outside its own size.
 */
#ifndef GCOUNTER_VIEW_CELLGRID_H
#define GCOUNTER_VIEW_CELLGRID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a cell is, for the theme to colour: never a colour itself, and
 * never the only cue (the glyph's shape is always another). */
enum cell_style {
	CELL_BLANK,
	CELL_TEXT,
	CELL_LABEL,    /* legends, column names, quiet words */
	CELL_TITLE,    /* a node's name */
	CELL_NODE,     /* a node's box */
	CELL_SELECTED, /* the selected node's box */
	CELL_DOWN,     /* a crashed node or relay */
	CELL_BEHIND,   /* a value behind the truth, and its mark */
	CELL_OWN,      /* a node's own slot in its vector */
	CELL_LINK,     /* a link's line, a lifeline */
	CELL_CUT,      /* a cut link and its mark */
	CELL_MESSAGE,  /* a message carrying state, a delta or ops */
	CELL_CONTROL,  /* a pull request, an ack, a nack */
	CELL_DUPLICATE,
	CELL_DOOMED,    /* a message a cut link or a crash will swallow */
	CELL_PAYLOAD,   /* what a message carries, in words */
	CELL_INCREMENT, /* an increment's dot and vector */
	CELL_MERGED,    /* a delivery that changed its receiver */
	CELL_NOTHING,   /* a delivery that brought nothing new */
	CELL_CONVERGED, /* the rule where every node agrees */
	CELL_TIME,      /* the time column */
	CELL_STYLE_COUNT,
};

/* Layers, lowest first: a write takes a cell only from its own layer or
 * below. */
enum cell_layer {
	LAYER_NONE,
	LAYER_LINE,  /* lines and lifelines */
	LAYER_LABEL, /* words beside things */
	LAYER_MARK,  /* messages, events */
	LAYER_BOX,   /* node boxes, rules */
};

/* A glyph's UTF-8 bytes: every glyph the pictures use takes one column
 * and at most three bytes. */
#define CELL_GLYPH_BYTES 4

struct cell {
	char glyph[CELL_GLYPH_BYTES + 1];
	uint8_t style;
	uint8_t layer;
};

struct cellgrid {
	int w, h;
	struct cell *cells; /* h rows of w */
};

/* A blank grid of w x h (0 x 0 when either is not positive). */
void cellgrid_init(struct cellgrid *g, int w, int h);
void cellgrid_free(struct cellgrid *g);
/* The cell at (y, x), or NULL outside the grid. */
const struct cell *cellgrid_at(const struct cellgrid *g, int y, int x);
/* Puts one glyph (its first code point) at (y, x) if the cell's layer is
 * not above `layer`; false if it did not (outside, or covered). */
bool cellgrid_put(struct cellgrid *g, int y, int x, const char *glyph,
                  enum cell_style style, enum cell_layer layer);
/* Writes text from (y, x), one column per code point, in at most
 * max_cols columns; returns the columns written (cells covered by a
 * higher layer are skipped, not shifted). */
int cellgrid_text(struct cellgrid *g, int y, int x, int max_cols,
                  const char *text, enum cell_style style,
                  enum cell_layer layer);
/* Whether the n cells from (y, x) are all inside and at or below
 * `layer` (room for a label that must not cover anything). */
bool cellgrid_free_run(const struct cellgrid *g, int y, int x, int n,
                       enum cell_layer layer);
/* Columns of a UTF-8 text: its code points. */
int cellgrid_columns(const char *text);
/* One row as plain text (for tests and text captures): the glyphs of
 * row y, trailing blanks cut. Returns the length. */
size_t cellgrid_row_text(const struct cellgrid *g, int y, char *buf,
                         size_t cap);

#endif
