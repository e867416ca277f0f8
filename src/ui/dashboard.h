/*
 * The dashboard: one function that draws the whole screen from a read-only
 * view of the world and the presenter's state. It never changes the sim and
 * never reads the wall clock: what a frame shows is a function of the view,
 * so a recording replays frame for frame.
 */
#ifndef GCOUNTER_UI_DASHBOARD_H
#define GCOUNTER_UI_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/sim.h"
#include "ui/eventlog.h"
#include "ui/theme.h"

/* How long a cell stays highlighted after it grew, in virtual time: a
 * paused or stepped demo keeps showing what just changed, and a recording
 * looks the same at any replay speed. */
#define DASHBOARD_FRESH_US 2000000ULL

struct dashboard_view {
	const struct sim *sim;
	const struct eventlog *log;
	uint64_t seed;
	uint32_t selected; /* the node Enter and g act on */
	bool running;      /* false: PAUSED */
	bool lagging;      /* the sim cannot keep up with the speed */
	bool help_open;
	bool big;
	const char *speed;  /* "1x", "1/4x" */
	const char *flash;  /* a one-off message for the status line, or NULL */
	const char *replay; /* the options that repeat this run, for help */
};

struct dashboard;

/* Sets up the colour scheme on the open screen; `utf8` picks the glyphs. */
struct dashboard *dashboard_new(enum theme_scheme scheme, bool no_color,
                                bool utf8);
void dashboard_free(struct dashboard *dashboard);
/* Draws a frame into the curses screen (term_present sends it). */
void dashboard_draw(struct dashboard *dashboard,
                    const struct dashboard_view *view);

#endif
