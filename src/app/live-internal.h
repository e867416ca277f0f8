/*
 * The live dashboard's shared state, private to src/app/live*.c and
 * render.c: the driver (live.c) owns the loop, the terminal and the
 * signals; live-world.c owns the simulated world and how it moves;
 * live-keys.c turns the presenter's keys into commands. Nothing here is
 * drawn directly: everything ends in a dashboard_view.
 */
#ifndef GCOUNTER_APP_LIVE_INTERNAL_H
#define GCOUNTER_APP_LIVE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>

#include "app/options.h"
#include "app/script-file.h"
#include "script/player.h"
#include "script/scenario.h"
#include "sim/sim.h"
#include "ui/dashboard.h"
#include "view/eventlog.h"
#include "view/narrate.h"
#include "ui/theme.h"

#define LIVE_SIGNAL_COUNT 7
/* Lines the event log keeps (the screen shows the newest that fit). */
#define LIVE_LOG_LINES 256

/* More than the help overlay can ever hold. */
#define LIVE_HELP_LINES_MAX 1000

enum { LIVE_DIRTY_FRAME = 1, LIVE_DIRTY_FULL = 2 };

struct event_base;
struct event;
struct term;
struct cast;

/* Why live_world_advance stopped. */
enum live_advance {
	LIVE_REACHED, /* the world is at the time asked for */
	LIVE_LAGGING, /* out of time: the world could not keep up */
	LIVE_STOPPED, /* a script's pause or end stopped the clock */
};

/* A scenario (or a saved log) played on the dashboard. */
struct live_script {
	struct player *player;
	char caption[SCENARIO_MAX_CAPTION + 1];
};

struct live {
	const struct options *opts;
	struct sim_config config;   /* the world's settings */
	enum theme_scheme scheme;   /* --theme, or the scenario's */
	const char *title;          /* the scenario's, or NULL */
	struct live_script *script; /* --script or --replay, or NULL */
	FILE *save_log;             /* --save-log, opened before the screen */
	struct cast *cast;          /* --record or --render, or NULL */
	bool rendering;             /* --render: virtual time, no terminal */
	uint64_t record_start_ns;   /* --record: the cast's time zero */
	uint64_t hold_us;           /* --render: the pauses' holds so far */
	bool cast_closing;          /* --render: the teardown is not recorded */

	/* The driver: libevent, the terminal, the screen. */
	struct event_base *base;
	struct event *pace_timer;  /* armed only while running */
	struct event *frame_timer; /* armed only while dirty */
	struct event *flash_timer; /* armed only while a message shows */
	struct event *key_event;
	struct event *signal_events[LIVE_SIGNAL_COUNT];
	struct term *term;
	struct dashboard *dashboard;

	/* The world and what the screen remembers of it. */
	struct sim *sim;
	struct eventlog *log;
	struct dashboard_reads reads;
	bool read_before_known; /* a read happened since the reader began */
	uint64_t read_before;   /* ... and what it said */
	struct narrate *narrate;
	bool narrating; /* narrated stepping: each step told in a sentence */
	/* A gossip timer fired during the current step (whose, for a step
	 * that shows nothing else: in an op mode an idle timer sends
	 * nothing, and the step must still stop there). */
	bool timer_fired;
	uint32_t timer_node;

	/* The presenter's state. */
	bool utf8; /* the locale's glyphs: UTF-8 or plain ASCII */
	bool running;
	bool lagging;
	bool help_open;
	bool resume_after_help;
	bool big;
	size_t speed;
	uint32_t selected;
	uint32_t help_scroll;
	enum sim_restart restart_mode; /* what the crash key's restart does */
	char flash[192];
	uint64_t flash_at_us;  /* virtual time it was set (for a render) */
	char did[128];         /* what the last key did, in words */
	char key_caption[192]; /* --show-keys: "key: 3 → n3 +1" */
	char replay[160];

	/* Virtual time: anchor_virtual_us + (now - anchor_wall_ns) x speed */
	uint64_t anchor_wall_ns;
	uint64_t anchor_virtual_us;
	uint64_t last_tick_ns;
	uint64_t last_frame_ns;
	unsigned dirty;
	uint64_t deadline_ns; /* while advancing: when time is up (0: never) */
	int empty_reads;
	int exit_status;
};

/* --- live-world.c: the world ------------------------------------------- */

/* Builds the world from the options (and applies the faults they ask for
 * from the start); 0, or -1 with one line in err. */
int live_world_open(struct live *l, char *err, size_t errlen);
void live_world_close(struct live *l);
/* A fresh world with the same settings and seed (the r key). */
int live_world_restart(struct live *l, char *err, size_t errlen);
/* Runs the world up to virtual time target, playing the script's items
 * due on the way. With a deadline (a CLOCK_MONOTONIC time in ns, 0 for
 * none) it stops early when past it: LIVE_LAGGING. A script's pause or
 * end stops it at that item: LIVE_STOPPED. */
enum live_advance live_world_advance(struct live *l, uint64_t target_us,
                                     uint64_t deadline_ns);
/* Runs every event due at or before t (not the clock itself); false when
 * past the deadline (0: none) with events still due. */
bool live_run_events(struct live *l, uint64_t t_us, uint64_t deadline_ns);
/* One step: an event, or the script's next item if it comes first; when
 * narrating, steps until something is worth a sentence. False (and
 * nothing happens) when there is nothing to step. */
bool live_world_step(struct live *l);
/* Narrated stepping on or off. */
void live_world_narrate(struct live *l, bool on);
/* Saves the command log to --save-log's file (and closes it); 0, or -1
 * with one line in err. */
int live_world_save_log(struct live *l, char *err, size_t errlen);
/* Applies a command now; on error says why in the status line. */
bool live_world_apply(struct live *l, const struct command *cmd);
/* The view of the world and the presenter for a frame. */
void live_view(const struct live *l, struct dashboard_view *view,
               const char *speed);

/* --- live-script.c: scenarios on the dashboard ------------------------ */

/* Loads --script/--replay and sets the world's settings from it; 0, or -1
 * with one line in err. */
int live_script_open(struct live *l, char *err, size_t errlen);
void live_script_close(struct live *l);
/* Plays it again from the top (the world was rebuilt). */
void live_script_rewind(struct live *l);
/* Whether an item is due before the world's next event, and plays it if
 * so (stepping). */
bool live_script_step(struct live *l);
/* Runs the world to target through the items due. */
enum live_advance live_script_advance(struct live *l, uint64_t target_us,
                                      uint64_t deadline_ns);
/* The presenter goes on after a pause. */
void live_script_go_on(struct live *l);
/* A saved log is being replayed: keys that change the world would break
 * it. */
bool live_script_locked(const struct live *l);
/* After the session: how its expectations went (stderr line, status). */
int live_script_verdict(const struct live *l, FILE *err);

/* --- live.c: the driver's services to the others --------------------- */

uint64_t live_clock_ns(void);
void live_set_flash(struct live *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void live_mark_dirty(struct live *l, unsigned flags);
void live_set_running(struct live *l, bool running);
void live_change_speed(struct live *l, int delta);
/* The world changed under the clock (a restart): time goes on from it. */
void live_reanchor(struct live *l);
void live_quit(struct live *l, int status);
/* A chapter mark in the recording (captions, pauses); no-op without one. */
void live_marker(struct live *l, const char *label);
/* The recording's clock: wall time since the start for --record, virtual
 * time plus the pauses' holds for --render. */
uint64_t live_cast_time(const struct live *l);

/* --- live-keys.c: the keys --------------------------------------------- */

void live_handle_key(struct live *l, int key);

#endif
