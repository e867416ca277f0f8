/*
 * The session's state, private to session.c and session-keys.c (the keys
 * change it through the same calls a script does). Drivers see only
 * app/session.h.
 */
#ifndef GCOUNTER_APP_SESSION_INTERNAL_H
#define GCOUNTER_APP_SESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "app/history.h"
#include "app/session.h"
#include "view/eventlog.h"
#include "view/narrate.h"
#include "view/timeline.h"

/* More than the help overlay can ever hold. */
#define SESSION_HELP_LINES_MAX 1000

struct session {
	const struct options *opts;
	const struct session_driver *driver;
	struct sim_config config; /* the world's settings */
	enum theme scheme;        /* --theme, or the scenario's */
	const char *title;        /* the scenario's, or NULL */
	struct player *player;    /* --script or --replay, or NULL */
	/* A lesson (#14): its chapters, the one played (0-based), and its
	 * title card, up until the presenter begins the chapter. */
	const struct lesson *lesson;
	size_t chapter;
	bool card;
	struct dashboard_card card_view;
	char caption[SCENARIO_MAX_CAPTION + 1];
	/* The caption with its live values filled in, each frame (written
	 * through the pointer, as session_view reads a const session). */
	char *caption_live;

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

	/* Time travel (session-past.c). The fields above that the past
	 * decides (sim, log, caption, reads, the player's place) are those
	 * of the moment shown; in the past, the present waits in `present`. */
	struct history *history;
	struct timeline timeline;
	bool in_past;
	struct checkpoint present;
	uint64_t present_tick;
	size_t applied;   /* journal entries done by the moment shown */
	uint64_t counted; /* ... of which units (commands, goings on) */
	bool verbose;     /* the log tells every event: a presenter's step */
	/* What the unit being run did: its moments (enum moment), and
	 * whether it was a presenter's entry. */
	unsigned unit_moments;
	bool unit_entry;
	bool unit_stop; /* ... or ended where the presenter paused */
	bool show_timeline;
	bool jump_moments;    /* PgUp and PgDn jump between moments */
	bool forked;          /* this key started a new future: say so once */
	uint64_t told_marked; /* the log's told count the timeline has seen */
	/* When the last thing happened (an event, a command, a script's
	 * line): a moment's own time, which a checkpoint copied at a frame
	 * (its clock run on) is set back to. */
	uint64_t unit_clock_us;
	char fork_note[96];

	unsigned todo; /* enum session_do bits for the driver, so far */
};

/* A message for the status line. */
void session_flash(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A line of the program's own in the event log, from a key: journalled,
 * so that the past shows it again. */
void session_note(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* What the last key did, in words, for the status line. */
void session_did(struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bytes of a caption with its live values filled in. */
#define SESSION_CAPTION_LIVE (SCENARIO_MAX_CAPTION + 256)
/* A lesson's chapter, from its start, on its title card: a new world
 * and a new past (app/session.c). 0, or -1 with err (the chapter shown
 * stays). */
int session_load_chapter(struct session *s, size_t chapter, char *err,
                         size_t errlen);
/* A key on a lesson's title card or at a chapter's end
 * (app/session-lesson.c): true when it was the lesson's. */
bool session_lesson_key(struct session *s, enum keymap_action which);
/* The presenter changed the world: a script's checks stop, said once. */
void session_script_changed(struct session *s);
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
/* The world's observer: the event log, narration, the reader's row, and
 * the moments that matter. */
void session_observe(void *ctx, const struct sim *sim,
                     const struct sim_record *r);
/* The event log tells every event (a presenter's step) or the story. */
void session_set_verbose(struct session *s, bool verbose);
/* One unit of the past: the presenter's entry due at this tick, or the
 * script's line if it comes first, or the world's next event. False
 * when there is none (or a pause waits for a going on). */
bool session_unit(struct session *s);
/* The session's tick: the units run so far (app/history.h). */
uint64_t session_tick(const struct session *s);
/* Something the presenter did, for the journal (at the present). */
void session_journal(struct session *s, enum journal_kind kind,
                     const struct command *cmd);
/* What the unit being run did that matters (enum moment): for time
 * travel's searches, and the first time it happens for the timeline. */
void session_moments(struct session *s, uint64_t t_us, unsigned bits);
/* The driver runs the world to its now (before the clock stops). */
void session_catch_up(struct session *s);

/* --- time travel (session-past.c) --- */

/* A new world: the past starts here (the first checkpoint). */
void past_start(struct session *s);
void past_free(struct session *s);
/* The present moved: a checkpoint if one is due. */
void past_note(struct session *s);
/* Before the presenter changes the world in the past: the future after
 * the moment shown is dropped, and this moment becomes the present. */
void past_fork(struct session *s);

enum past_target {
	PAST_EVENT,   /* the previous or next event the log tells */
	PAST_MOMENT,  /* ... that matters (enum moment) */
	PAST_CHAPTER, /* a scenario's pause */
	PAST_END,     /* the start, or the present */
};
/* Goes back (dir < 0) or forward to the target; false, with the reason
 * in the status line, when there is nowhere to go. */
bool past_move(struct session *s, enum past_target target, int dir);
/* Shows the moment at this tick (the present for a tick at or past it). */
void past_show(struct session *s, uint64_t tick);
/* To the last moment at or before virtual time t_us (never past the
 * present). */
void past_seek_time(struct session *s, uint64_t t_us);
/* The presenter goes on after a script's pause: journalled, or in the
 * past done again. */
void session_going_on(struct session *s);
/* Running while in the past: the same future again, up to target_us. */
enum player_advance past_advance(struct session *s, uint64_t target_us);

/* What the calls so far ask of the driver; cleared. */
unsigned session_take(struct session *s);

#endif
