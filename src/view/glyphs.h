/*
 * The characters the dashboard draws with: box lines, arrows, bars, markers.
 * One UTF-8 set and one plain-ASCII set, picked once from the locale. No
 * glyph is a wide character: each code point takes one terminal column.
 */
#ifndef GCOUNTER_VIEW_GLYPHS_H
#define GCOUNTER_VIEW_GLYPHS_H

#include <stdbool.h>

struct glyphs {
	bool utf8;
	const char *arrow; /* a route or a result: "n2 → relay" */
	const char *times; /* "80×24" */
	const char *hline; /* section rules and box edges */
	const char *vline;
	const char *corner_tl, *corner_tr, *corner_bl, *corner_br;
	const char *selected;  /* before the selected node's row */
	const char *behind;    /* after a cell that is behind the truth */
	const char *over;      /* after a cell above it (an op counted twice) */
	const char *running;   /* before RUNNING */
	const char *paused;    /* before PAUSED */
	const char *more_left; /* the grid goes on to the left / right */
	const char *more_right;
	const char *minus;    /* "2 behind" as "−2" */
	const char *dot;      /* separator in the header */
	const char *ellipsis; /* text cut short */
	const char *delta;    /* before a delta's pairs: "Δ n3=5" */
	const char *at_least; /* an op-mode hand-over: "n2 ≥ 12" */
	const char *range;    /* op numbers: "#5–7" */
	const char *bar_done; /* a message's progress bar */
	const char *bar_todo;
	/* Partial cells of a bar, in eighths (index 1..7); NULL entries when
	 * the set has no partial blocks. */
	const char *bar_eighths[8];
};

/* The UTF-8 set or the ASCII one; never NULL. */
const struct glyphs *glyphs_get(bool utf8);

#endif
