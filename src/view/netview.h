/*
 * The network view: the workers as boxes around the master relay (or on a
 * circle when the strategy goes peer to peer), every message in flight a
 * glyph on its link at the point its progress gives. Pure layout and
 * drawing into a cell grid from one frame's summary: no curses, and it
 * never reads or changes anything but what it is handed.
 */
#ifndef GCOUNTER_VIEW_NETVIEW_H
#define GCOUNTER_VIEW_NETVIEW_H

#include <stdint.h>

#include "sim/sim.h"
#include "view/cellgrid.h"
#include "view/glyphs.h"
#include "view/summary.h"

/* How much of each node a box shows, most first. */
enum netview_box {
	NETVIEW_FULL,    /* a box: name, value, the vector, its faults */
	NETVIEW_COMPACT, /* one line: "[n3 12 cut]" */
	NETVIEW_TINY,    /* "n3" and one mark */
	NETVIEW_BOX_COUNT,
};

struct netview_input {
	const struct summary *summary; /* this frame's read of the world */
	const struct sim *sim; /* for what a message carries, and cut links */
	const struct glyphs *glyphs;
	uint32_t selected; /* drawn in full whatever the box size */
};

/* What was drawn, for tests and the caller. */
struct netview_result {
	enum netview_box box;
	uint32_t nodes_shown; /* nodes placed (the rest: "+N not shown") */
	uint32_t messages_shown;
};

/* Draws the picture into the whole grid. */
void netview_draw(struct cellgrid *grid, const struct netview_input *in,
                  struct netview_result *result);

#endif
