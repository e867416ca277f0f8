/*
 * The past of a session, kept so that any moment of it can be shown
 * again: the journal of what the presenter did (the one input the past
 * cannot recompute), and checkpoints of the whole session state, thinned
 * as the past recedes so that they fit a memory budget. The session
 * re-runs the world from the nearest checkpoint (app/session-past.c);
 * this file only keeps them. No curses, no libevent, no clock.
 */
#ifndef GCOUNTER_APP_HISTORY_H
#define GCOUNTER_APP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script/player.h"
#include "script/scenario.h"
#include "sim/sim.h"
#include "ui/dashboard.h"
#include "view/eventlog.h"

/* The memory the past may keep by default (README, --help). */
#define HISTORY_BUDGET_DEFAULT (64u << 20)
/* The newest checkpoints are thinned last: stepping back from the
 * present re-runs from one of them. */
#define HISTORY_KEEP_NEWEST 8

/*
 * What the presenter did, at which tick of the session. A tick counts
 * the units the session's history is made of (the world's events, the
 * script's lines, and the counting entries here), so it names every
 * moment of the past exactly, even among events of one microsecond.
 */
enum journal_kind {
	JOURNAL_COMMAND, /* a command from a key (counts as a unit) */
	JOURNAL_GO_ON,   /* going on after a script's pause (a unit) */
	/* A presenter's step began or ended: while it lasts, the event log
	 * tells every event (not units: the world does not change). */
	JOURNAL_VERBOSE_ON,
	JOURNAL_VERBOSE_OFF,
	/* A line a key added to the event log (not a unit). */
	JOURNAL_NOTE,
	/* The clock stopped here, at this virtual time (past the last
	 * event): the moment the presenter paused at, shown again as it
	 * was. A unit: the moments before and after it differ. */
	JOURNAL_STOP,
};

struct journal_entry {
	uint64_t tick; /* the session's tick when it was done */
	enum journal_kind kind;
	union {
		struct command command; /* JOURNAL_COMMAND: as stamped */
		struct {
			uint64_t time_us;
			char text[EVENTLOG_TEXT_MAX];
		} note;           /* JOURNAL_NOTE */
		uint64_t stop_us; /* JOURNAL_STOP */
	} u;
};

/* Whether an entry is a unit of the past (it moves the tick on). */
bool journal_counts(enum journal_kind kind);

/* The session's state at one tick: everything the past decides. */
struct checkpoint {
	uint64_t tick;
	struct sim *sim;      /* owned: a copy, with no observer */
	struct eventlog *log; /* owned: the present's own (set aside) */
	/* owned: a kept copy of the log, packed (eventlog_pack) and then
	 * deflated, a tenth of its size (checkpoint_keep_log) */
	unsigned char *log_deflated;
	size_t log_deflated_bytes, log_packed_bytes;
	bool has_place;
	struct player_place place;
	char caption[SCENARIO_MAX_CAPTION + 1];
	struct dashboard_reads reads;
	bool read_before_known;
	uint64_t read_before;
	size_t applied;   /* journal entries done by this tick */
	uint64_t counted; /* ... of which units */
	bool verbose;     /* inside a presenter's step */
	size_t bytes;     /* what it holds, against the budget */
};

/* Frees what a checkpoint owns and empties it. */
void checkpoint_clear(struct checkpoint *cp);
/* Keeps a copy of the log in cp, deflated: a 64-node world's 22 KiB of
 * packed lines in 3, so that more checkpoints fit the budget. */
void checkpoint_keep_log(struct checkpoint *cp, const struct eventlog *log);
/* The log kept in cp, as a log of its own again. */
struct eventlog *checkpoint_log(const struct checkpoint *cp);

struct history;

struct history *history_new(size_t budget_bytes);
void history_free(struct history *h);
/* Forgets every entry and checkpoint (a fresh world). */
void history_reset(struct history *h);

void history_journal_add(struct history *h, const struct journal_entry *e);
const struct journal_entry *history_journal(const struct history *h,
                                            size_t *count);
/* Keeps the first `count` entries: a new future starts there. */
void history_journal_truncate(struct history *h, size_t count);

/* Takes the checkpoint (its owned parts included), keeps the list in
 * tick order, and thins old checkpoints until the budget holds. */
void history_add(struct history *h, struct checkpoint *cp);
/* The last checkpoint at or before tick, or NULL. */
const struct checkpoint *history_at_or_before(const struct history *h,
                                              uint64_t tick);
/* The first checkpoint after tick, or NULL. */
const struct checkpoint *history_after(const struct history *h, uint64_t tick);
/* The newest checkpoint's tick (0 if none). */
uint64_t history_newest_tick(const struct history *h);
/* The last checkpoint whose world is at or before virtual time t_us. */
const struct checkpoint *history_at_or_before_time(const struct history *h,
                                                   uint64_t t_us);
/* The first checkpoint whose world is at or after virtual time t_us. */
const struct checkpoint *history_at_or_after_time(const struct history *h,
                                                  uint64_t t_us);
/* Forgets every checkpoint after the moment (tick, applied): a new future
 * starts there. */
void history_drop_after(struct history *h, uint64_t tick, size_t applied);
/* Checkpoints between lo and hi (the ones a presenter is stepping among)
 * are thinned last. */
void history_pin(struct history *h, uint64_t lo, uint64_t hi);

size_t history_count(const struct history *h);
size_t history_bytes(const struct history *h);
size_t history_budget(const struct history *h);

#endif
