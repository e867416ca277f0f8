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

#include "app/options.h"
#include "sim/sim.h"
#include "ui/dashboard.h"
#include "ui/eventlog.h"

#define LIVE_SIGNAL_COUNT 7
/* Lines the event log keeps (the screen shows the newest that fit). */
#define LIVE_LOG_LINES 256

/* More than the help overlay can ever hold. */
#define LIVE_HELP_LINES_MAX 1000

enum { LIVE_DIRTY_FRAME = 1, LIVE_DIRTY_FULL = 2 };

struct event_base;
struct event;
struct term;

struct live {
	const struct options *opts;
	struct sim_config config; /* the world's settings */

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
	char did[128]; /* what the last key did, in words */
	char replay[160];

	/* Virtual time: anchor_virtual_us + (now - anchor_wall_ns) x speed */
	uint64_t anchor_wall_ns;
	uint64_t anchor_virtual_us;
	uint64_t last_tick_ns;
	uint64_t last_frame_ns;
	unsigned dirty;
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
/* Runs the world up to virtual time target. With a deadline (a
 * CLOCK_MONOTONIC time in ns, 0 for none) it stops early when past it, and
 * returns false: the world could not keep up. */
bool live_world_advance(struct live *l, uint64_t target_us,
                        uint64_t deadline_ns);
/* One step: false (and nothing happens) when no event is pending. */
bool live_world_step(struct live *l);
/* Applies a command now; on error says why in the status line. */
bool live_world_apply(struct live *l, const struct command *cmd);
/* The view of the world and the presenter for a frame. */
void live_view(const struct live *l, struct dashboard_view *view,
               const char *speed);

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

/* --- live-keys.c: the keys --------------------------------------------- */

void live_handle_key(struct live *l, int key);

#endif
