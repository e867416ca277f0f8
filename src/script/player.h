/*
 * The one player of scenarios and saved logs, for every driver (headless,
 * the dashboard, a render): each timed line at its virtual time, with one
 * meaning everywhere. What a driver does with a caption, a pause, a
 * report, an expectation's result or a failure is its hooks' business.
 * Never touches a screen, libevent, a file or the wall clock: a driver
 * that paces its work passes a hook that says when its time is up.
 */
#ifndef GCOUNTER_SCRIPT_PLAYER_H
#define GCOUNTER_SCRIPT_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/scenario.h"
#include "sim/sim.h"

struct player;
struct report_figures;

/* What the driver does with each kind of line; any hook may be NULL. */
struct player_hooks {
	/* A caption line ("" clears the caption). */
	void (*caption)(void *ctx, const struct scenario_item *item);
	/* A pause line: the player waits until player_go_on. */
	void (*pause)(void *ctx, const struct scenario_item *item);
	/* A speed line: the clock runs at item->speed from here. */
	void (*speed)(void *ctx, const struct scenario_item *item);
	/* A report line: the numbers since the last one (view/report.c
	 * puts them in words); a "report table" line: every report so far,
	 * in the order they came. */
	void (*report)(void *ctx, const struct scenario_item *item,
	               const struct report_figures *figures);
	void (*report_table)(void *ctx, const struct scenario_item *item,
	                     const struct report_figures *rows, size_t count);
	/* An expectation checked: `what` in the language's words; `got` is
	 * NULL when it held, else what was there instead. */
	void (*expect)(void *ctx, const struct scenario_item *item,
	               const char *what, const char *got);
	/* A command the world refused. With `broken`, a saved log's line
	 * that does not fit this world (another seed or settings): every
	 * later line would fail the same way, so the player stops there. */
	void (*failure)(void *ctx, const struct scenario_item *item,
	                const char *what, bool broken);
	/* The scenario has ended at this line (its last, an end line, or a
	 * broken log's); not called when that line is a pause, which says
	 * so itself. */
	void (*ended)(void *ctx, const struct scenario_item *item);
	/* Asked every 64 events while player_advance runs the world: true
	 * stops it there (the driver's time is up). */
	bool (*out_of_time)(void *ctx);
};

/* Why player_advance (or the world's own run) stopped. */
enum player_advance {
	PLAYER_REACHED, /* the world is at the time asked for */
	PLAYER_LAGGING, /* out of time: the world could not keep up */
	PLAYER_STOPPED, /* a pause or the end stopped the clock */
};

/* Where the last "report" line left off. */
struct report_mark {
	uint64_t sent, bytes, increments, samples;
	uint64_t idle_sent, idle_bytes, time_us;
};

/* What one report measured, from the last report (or the start) to it:
 * raw numbers, for view/report.c to put in words and in a table. */
struct report_figures {
	uint64_t from_us, to_us;
	char strategy[24], mode[16];    /* in force when it was made */
	uint64_t sent, bytes;           /* every message, idle ones too */
	uint64_t idle_sent, idle_bytes; /* sent while converged */
	uint64_t increments;            /* and decrements */
	uint64_t samples;               /* increments that reached every node */
	uint64_t p50_us, p99_us;
};

/* The reports a scenario's place keeps for its table. */
#define PLAYER_REPORT_ROWS 12

/*
 * Where the player is in its scenario: everything that changes as it
 * plays. Time travel saves it with each checkpoint of the world and puts
 * it back with the world, so a scenario rewound goes on from the very
 * line it was at then.
 */
struct player_place {
	size_t next;  /* the next line to play: also how many were played */
	bool waiting; /* a pause waits for the presenter */
	bool resume;  /* the clock was running when it paused */
	bool ended;   /* played to its end (or its `end` line) */
	bool broken;  /* a saved log's line did not fit the world */
	bool stop;    /* a line asked the clock to stop */
	char where[96];
	struct report_mark mark;
	uint64_t
	    base_us; /* when the last wait ended: later lines count from it */
	bool unchecked; /* the presenter changed the world: no more checks */
	struct report_figures reports[PLAYER_REPORT_ROWS]; /* the first ones */
	size_t report_count;
	bool report_table; /* a "report table" line was played */
	size_t expects, failures;
	uint32_t first_failure_line;
	char first_failure[384]; /* what went wrong there */
	uint32_t broken_line;    /* a broken log: the line that did not fit */
	char broken_what[384];   /* ... and why */
};

/* Takes the scenario (freed with the player); `path` names it in errors
 * and must outlive the player. */
struct player *player_new(struct scenario *scenario, const char *path,
                          const struct player_hooks *hooks, void *ctx);
void player_free(struct player *player);
/* From the top again (the world was rebuilt). */
void player_rewind(struct player *player);

/* Plays the next line: the world to its time, then the line. False when
 * there is nothing left to play (ended). */
bool player_play_next(struct player *player, struct sim *sim);
/* One step: plays the next line if it comes before the world's next
 * event (going on after a pause first). False, and nothing happens,
 * when the world's event comes first. */
bool player_step(struct player *player, struct sim *sim);
/* Runs the world to target_us through the lines due on the way; a saved
 * log's line is reached by replaying to it exactly (never by running
 * the world past its events). */
enum player_advance player_advance(struct player *player, struct sim *sim,
                                   uint64_t target_us);
/* Runs every event due at or before t_us (not the clock itself), asking
 * the out_of_time hook every 64 events: false when it said stop. The
 * pacing both a script and a free world use. */
bool player_run_events(const struct player_hooks *hooks, void *ctx,
                       struct sim *sim, uint64_t t_us);
/* When the next line is due; false when none is pending (the scenario
 * ended, or a pause waits for the presenter). A wait is due when its
 * condition holds in this world, else at its deadline. */
bool player_next_time(const struct player *player, const struct sim *sim,
                      uint64_t *t_us);
/* The presenter changed the world: from here no expectation is checked
 * and no wait fails (the script's numbers no longer describe it). True
 * the first time, while the scenario still plays (say so then). */
bool player_set_unchecked(struct player *player);
bool player_unchecked(const struct player *player);
/* The presenter goes on after a pause. */
void player_go_on(struct player *player);

/* The player's place, to keep with a checkpoint, and putting it back. */
void player_save(const struct player *player, struct player_place *place);
void player_restore(struct player *player, const struct player_place *place);
/* Lines played so far (a line is played once, so this only grows until
 * the player is rewound or restored). */
size_t player_played(const struct player *player);

bool player_ended(const struct player *player);
/* A pause waits for the presenter. */
bool player_waiting(const struct player *player);
/* The clock was running when the pause came (going on resumes it). */
bool player_resume(const struct player *player);
void player_set_resume(struct player *player, bool running);
/* Nothing has been played yet. */
bool player_at_start(const struct player *player);
/* A saved log is being replayed: a command from elsewhere would break
 * it. */
bool player_locked(const struct player *player);
/* A saved log's line did not fit the world: the player stopped there. */
bool player_broken(const struct player *player);
const struct scenario *player_scenario(const struct player *player);
const char *player_path(const struct player *player);
/* The path's last part, for the screen. */
const char *player_name(const struct player *player);
/* "demo.gcs: line 12", or the name before the first line. */
const char *player_where(const struct player *player);
size_t player_failures(const struct player *player);
/*
 * After a run: one line on how it went, with no "gcounter: " in front
 * ("demo.gcs:12: expected converged, got diverged (2 failures; 5
 * expectations checked)"), or for a broken log the line where it broke.
 * False, and an empty buf, when nothing failed.
 */
bool player_verdict(const struct player *player, char *buf, size_t cap);

/* The reports played so far (at most PLAYER_REPORT_ROWS), and whether a
 * "report table" line has been played. */
const struct report_figures *player_reports(const struct player *player,
                                            size_t *count);
bool player_report_table_shown(const struct player *player);
/* The numbers since the mark, then moves the mark. */
void player_report(const struct sim *sim, struct report_mark *mark,
                   struct report_figures *figures);
/* Checks an expectation against the world: true if it holds; otherwise
 * `got` describes what was there instead ("diverged", "3"). */
int player_check_expect(const struct expectation *expect, const struct sim *sim,
                        char *got, size_t gotlen);

#endif
