/*
 * The session's state, private to session.c and session-keys.c (the keys
 * change it through the same calls a script does). Drivers see only
 * app/session.h.
 */
#ifndef GCOUNTER_APP_SESSION_INTERNAL_H
#define GCOUNTER_APP_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "app/session.h"
#include "view/eventlog.h"
#include "view/narrate.h"

/* More than the help overlay can ever hold. */
#define SESSION_HELP_LINES_MAX 1000

struct session {
	const struct options *opts;
	const struct session_driver *driver;
	struct sim_config config; /* the world's settings */
	enum theme scheme;        /* --theme, or the scenario's */
	const char *title;        /* the scenario's, or NULL */
	struct player *player;    /* --script or --replay, or NULL */
	char caption[SCENARIO_MAX_CAPTION + 1];

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
	enum view_kind view;         /* the picture in the middle (w) */
	struct spacetime *spacetime; /* the diagram's record of the run */
	size_t speed;                /* an index into the speeds */
	uint32_t selected;
	uint32_t help_scroll;
	enum sim_restart restart_mode; /* what the crash key's restart does */
	char flash[192];
	uint64_t flash_at_us;  /* virtual time it was set */
	char did[128];         /* what the last key did, in words */
	char key_caption[192]; /* --show-keys: "key: 3 → n3 +1" */
	char replay[160];

	unsigned todo; /* enum session_do bits for the driver, so far */
};

/* A message for the status line. */
void session_flash(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Applies a command now; on error says why in the status line. */
bool session_apply(struct session *s, const struct command *cmd);
/* One step: an event, or the script's next line if it comes first; when
 * narrating, steps until something is worth a sentence. False (and
 * nothing happens) when there is nothing to step. */
bool session_step(struct session *s);
/* Narrated stepping on or off. */
void session_narrate(struct session *s, bool on);
/* A fresh world with the same settings and seed (the r key); 0, or -1
 * with one line in err. */
int session_restart(struct session *s, char *err, size_t errlen);
/* The clock runs or stops (stopping, the world catches up first); the
 * bits for the driver stay in todo. */
void session_run(struct session *s, bool running);
/* One speed faster (+1) or slower (-1). */
void session_change_speed(struct session *s, int delta);
/* What the calls so far ask of the driver; cleared. */
unsigned session_take(struct session *s);

#endif
