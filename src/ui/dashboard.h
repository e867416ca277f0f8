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
#include "view/eventlog.h"
#include "view/report.h"
#include "ui/theme.h"
#include "view/timeline.h"

struct spacetime;

/* How long a cell stays highlighted after it grew, in virtual time: a
 * paused or stepped demo keeps showing what just changed, and a recording
 * looks the same at any replay speed. */
#define DASHBOARD_FRESH_US 2000000ULL

/* What the reader saw, kept by the driver from the sim's read records. */
struct dashboard_reads {
	bool backwards;  /* a read has gone backwards since it began */
	uint64_t at_us;  /* when the last backwards read happened */
	uint32_t node;   /* from whom */
	uint64_t value;  /* what it read */
	uint64_t before; /* what the read before it had said */
};

/* A narrated step: the sentence, and the cells it touched. */
struct dashboard_narration {
	const char *text;           /* NULL or "": nothing narrated yet */
	uint32_t node;              /* the row involved, or UINT32_MAX */
	const unsigned char *slots; /* per slot: nonzero if it changed */
	uint32_t other;             /* a second row (the sender), or
	                               UINT32_MAX */
};

/* Time travel: where the moment shown is in the run. */
struct dashboard_past {
	bool active;         /* the world shown is a moment of the past */
	bool timeline;       /* the timeline row is shown */
	bool jump_moments;   /* PgUp and PgDn jump between moments */
	uint64_t present_us; /* the present's virtual time */
	const struct timeline *marks;
};

/* A lesson's title card (#14): drawn instead of the dashboard. */
struct dashboard_card {
	const char *lesson; /* the lesson's title, or "" */
	const char *title;  /* the chapter's scenario title (or its file) */
	const char *about;  /* what it shows, a paragraph, or "" */
	unsigned chapter;   /* 1-based */
	unsigned chapters;
};

struct dashboard_view {
	const struct sim *sim;
	const struct eventlog *log;
	uint64_t seed;
	uint32_t selected; /* the node Enter and g act on */
	bool running;      /* false: PAUSED */
	bool lagging;      /* the sim cannot keep up with the speed */
	bool help_open;
	bool big;
	bool beginner;      /* --beginner: no jargon line (dlv, B/op, p99) */
	const char *speed;  /* "1x", "1/4x" */
	const char *flash;  /* a one-off message for the status line, or NULL */
	const char *replay; /* the options that repeat this run, for help */
	enum sim_restart restart_mode; /* what the crash key's restart does */
	uint32_t help_scroll;          /* the first help line shown */
	struct dashboard_reads reads;

	/* Scripted playback and narration (all optional). */
	const char *title;   /* the scenario's title */
	const char *caption; /* the caption bar's text for the audience */
	/* --listen: the room of phones in one line (where to join, the code,
	 * who sits where), drawn on a row of its own under the header; NULL
	 * without phones. */
	const char *room;
	uint32_t room_seats; /* the last so many nodes are phones' seats */
	struct dashboard_narration narration;
	bool narrating;           /* narrated stepping is on */
	bool script_waiting;      /* a `pause` waits for the presenter */
	bool script_ended;        /* the scenario has played to its end */
	const char *script_where; /* "demo.gcs: line 12 of 40", or NULL */
	const char *key_caption;  /* the last key and what it did, or NULL */
	const char *canvas_note;  /* the terminal cannot show the canvas */
	struct dashboard_past past;

	/* The picture in the middle (the w key), and the diagram's record
	 * of the run (NULL: none kept). */
	enum view_kind view;
	const struct spacetime *spacetime;
	/* A video: no key hints, "press space", "? help" or "q quits". */
	bool presenter_hidden;
	const struct dashboard_card *card; /* a lesson's title card, or NULL */
	const char
	    *end_hint; /* a lesson: what the keys do at a chapter's end */
	/* A scenario's "report table": its reports side by side. */
	struct {
		bool shown;
		const struct report_figures *rows;
		size_t count;
		enum report_label by;
	} report;
};

struct dashboard;

/* Sets up the colour scheme on the open screen; `utf8` picks the glyphs. */
struct dashboard *dashboard_new(enum theme scheme, bool no_color, bool utf8);
void dashboard_free(struct dashboard *dashboard);
/* Draws a frame into the curses screen (term_present sends it). */
void dashboard_draw(struct dashboard *dashboard,
                    const struct dashboard_view *view);
/* The last help line the overlay can start at, as of the last frame (for
 * the driver to keep its scroll position in range). */
uint32_t dashboard_help_scroll_max(const struct dashboard *dashboard);
/* The last frame did not fit the terminal ("terminal too small"): a
 * driver stops a scenario's clock until it does. */
bool dashboard_too_small(const struct dashboard *dashboard);

#endif
