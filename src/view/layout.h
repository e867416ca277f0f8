/*
 * Where each part of the dashboard goes for a given terminal size: pure
 * geometry, computed afresh each frame, so that no size (and no node count
 * up to SIM_MAX_NODES) can put anything off-screen.
 */
#ifndef GCOUNTER_VIEW_LAYOUT_H
#define GCOUNTER_VIEW_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

/* The smallest terminal the dashboard draws in; below it, a message. */
#define LAYOUT_MIN_COLS 80
#define LAYOUT_MIN_ROWS 24
/* From this width on, the event log gets a column of its own. */
#define LAYOUT_WIDE_COLS 150
/* Rows of the big digits: a label row, then the digits. */
#define LAYOUT_BIG_ROWS 4

struct layout_rect {
	int y, x, h, w; /* h or w of 0: not shown */
};

/* Rows some frames have and others do not. */
struct layout_extras {
	bool room;        /* a row for the phones' room (--listen) */
	bool faults;      /* a row of the faults in force, under the header */
	bool reader;      /* a row for the reader's last read */
	int caption_rows; /* rows the caption bar asks for (0: none) */
	bool timeline;    /* a row for the run's timeline, above the status */
	/* Rows each node (and the truth) takes in the grid: 2 for a
	 * PN-Counter, its P vector above its N vector, 4 for vectors in
	 * big digits; 0 or 1: one. */
	int rows_per_node;
	bool numbers_hidden; /* the beginner's layout: no numbers row */
};

/* The fewest rows each of the vectors, the messages and the log keep
 * (the vectors: their labels, a node and the truth, each of
 * rows_per_node rows). */
#define LAYOUT_MIN_PART 3

struct layout {
	bool too_small;
	bool wide;
	struct layout_rect header; /* one row: state, strategy, seed, time */
	struct layout_rect room; /* one row: the room's address, code, seats */
	struct layout_rect faults;   /* one row: the faults in force */
	struct layout_rect banner;   /* one row: CONVERGED / DIVERGED, truth */
	struct layout_rect numbers;  /* one row: messages, bytes, latency
	                                (none in the beginner's layout) */
	struct layout_rect reader;   /* one row: what the reader read */
	struct layout_rect big;      /* big digits, when asked for */
	struct layout_rect vectors;  /* column labels, a row per node, truth */
	struct layout_rect messages; /* title, a row per message in flight */
	struct layout_rect events;   /* title, a row per log line */
	struct layout_rect caption;  /* the caption bar, above the status */
	struct layout_rect status;   /* one row: key hints */
	struct layout_rect
	    timeline; /* one row: the run, and where it is shown */
};

void layout_compute(int cols, int rows, uint32_t nodes, bool big,
                    struct layout *out);
/* The same with the optional rows; extras may be NULL. The caption gets
 * at most what leaves every other part its LAYOUT_MIN_PART rows. */
void layout_compute_with(int cols, int rows, uint32_t nodes, bool big,
                         const struct layout_extras *extras,
                         struct layout *out);

/*
 * Scrolling a list: given the first item shown, how many fit, how many
 * there are and which is selected, the first item to show so that the
 * selected one is in view, moving as little as possible and never leaving
 * empty room at the end.
 */
uint32_t layout_scroll(uint32_t first, uint32_t visible, uint32_t count,
                       uint32_t selected);

#endif
