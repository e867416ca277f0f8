/*
 * The space-time diagram as a standalone SVG, for slides: a column per
 * node (and the relay), time flowing down, each message a labelled arrow
 * from its send to its delivery, the vectors at each event, a legend.
 * Pure text generation from a recorder: no curses, no I/O, no clock, so
 * the same run gives the same bytes.
 */
#ifndef GCOUNTER_VIEW_SVG_H
#define GCOUNTER_VIEW_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/choices.h"
#include "view/spacetime.h"

/* Moments (rows) an SVG draws at most: past them it is cut, with a note
 * saying where, and stays a few hundred kilobytes. */
#define SVG_MAX_ROWS 400

struct svg_options {
	uint32_t nodes;
	bool relay;        /* the strategy in force used the relay */
	enum theme theme;  /* light and mono print on white */
	const char *title; /* the scenario's, or NULL */
	const char *about; /* a line under it: seed, strategy, mode */
	bool windowed;     /* --svg-window was given: */
	uint64_t from_us, to_us;
};

struct svg_result {
	size_t rows;             /* moments drawn */
	size_t rows_cut;         /* moments left out past SVG_MAX_ROWS */
	uint64_t messages_drawn; /* arrows */
	uint64_t quiet_left_out; /* messages that changed nothing */
};

/* The SVG of what rec kept; a NUL-terminated string the caller frees. */
char *svg_render(const struct spacetime *rec, const struct svg_options *opts,
                 struct svg_result *result, size_t *len);

#endif
