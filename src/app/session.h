/*
 * The session core: one world and everything that makes it reproducible
 * and shown - its settings and seed, the script being played (the one
 * player), the command log (inside the world), the event log and the
 * presenter's state. Each call returns what its driver must do (redraw,
 * re-time the clock, time out a message, quit). It includes no libevent
 * and no curses and never reads the wall clock: the drivers (live.c,
 * render.c) map their own time onto it.
 */
#ifndef GCOUNTER_APP_SESSION_H
#define GCOUNTER_APP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/options.h"
#include "script/player.h"
#include "sim/sim.h"
#include "ui/dashboard.h"
#include "ui/keymap.h"
#include "ui/theme.h"

/* What a call asks of its driver (bits). */
enum session_do {
	SESSION_REDRAW = 1 << 0,      /* something on screen changed */
	SESSION_REDRAW_FULL = 1 << 1, /* repaint every cell (Ctrl-L) */
	/* The clock runs or stops, its speed changed, or the world was
	 * rebuilt: time goes on from where the world is now. */
	SESSION_CLOCK = 1 << 2,
	SESSION_FLASH = 1 << 3,   /* a new message: time it out */
	SESSION_QUIT = 1 << 4,    /* the presenter quit */
	SESSION_LAGGING = 1 << 5, /* the world could not keep up */
};

/* What the session asks of its driver, upwards (any may be NULL). */
struct session_driver {
	/* Before the clock stops or changes speed: run the world to the
	 * driver's now (session_advance), at the old speed. */
	void (*catch_up)(void *ctx);
	/* Asked while the world runs: the driver's time for this turn is
	 * up (a frame's budget of wall time). */
	bool (*out_of_time)(void *ctx);
	/* A chapter mark in the recording (captions, pauses, the end). */
	void (*marker)(void *ctx, const char *label);
	void *ctx;
};

struct session;

/* Builds the world from the options, or from --script/--replay, and
 * greets; NULL and one line in err. `utf8`: the locale's glyphs. */
struct session *session_new(const struct options *opts, bool utf8,
                            const struct session_driver *driver, char *err,
                            size_t errlen);
void session_free(struct session *session);

/* A key from the presenter, as the driver's keymap read it (ui/keymap.c,
 * which knows curses' key codes; the session does not): the command it
 * means is handed to the world, or the presenter's state changes
 * (session-keys.c). */
unsigned session_key(struct session *session, const struct keymap_hit *hit);
/* Runs the world to virtual time target_us through the script's lines
 * due on the way. Out of time: SESSION_LAGGING; a pause or the script's
 * end stops the clock: SESSION_CLOCK. */
unsigned session_advance(struct session *session, uint64_t target_us);
/* The clock runs or stops (stopping, the world catches up first). */
unsigned session_set_running(struct session *session, bool running);
/* The presenter goes on after a script's pause. */
void session_go_on(struct session *session);
/* A lesson (--lesson): its title card is up (the chapter waits for the
 * presenter, or for a render's hold). */
bool session_card_shown(const struct session *session);
/* The chapter on the card begins: the clock runs. */
unsigned session_begin_chapter(struct session *session);
/* On to the next chapter's title card: false when this was the last
 * (or no lesson is played). */
bool session_next_chapter(struct session *session);
/* The status line's message has had its time. */
unsigned session_clear_flash(struct session *session);
/* Clears the message once it has shown for after_us of virtual time
 * (a render has no other clock). */
void session_expire_flash(struct session *session, uint64_t after_us);
/* The help overlay can start at most at line max (known once drawn). */
void session_clamp_help(struct session *session, uint32_t max);

/* The view of the world and the presenter for a frame. */
void session_view(const struct session *session, struct dashboard_view *view);
bool session_running(const struct session *session);
/* Virtual time runs at num/den of wall time. */
void session_speed(const struct session *session, uint64_t *num, uint64_t *den);
uint64_t session_now(const struct session *session);
const struct sim *session_sim(const struct session *session);
/* The present's world, also while the past is shown: what --save-log
 * keeps (the moment shown may be long before it). */
const struct sim *session_present_sim(const struct session *session);
const struct sim_config *session_config(const struct session *session);
enum theme session_scheme(const struct session *session);
/* The scenario's title, or NULL. */
const char *session_title(const struct session *session);
/* The script being played, or NULL. */
const struct player *session_player(const struct session *session);
/* After the session: one line on how the script went (no "gcounter: "
 * in front); false when nothing failed. */
bool session_verdict(const struct session *session, char *buf, size_t cap);

#endif
