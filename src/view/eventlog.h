/*
 * The event log: what just happened in the world, in plain words with the
 * vectors ("n3 merged n1's [3,0,1] with its [2,4,1] → [3,4,1]"). It is a
 * sim observer that keeps a bounded ring of lines; it never changes the sim
 * and never draws. It tells the story, not every tick: gossip that carries
 * nothing new and merges that change nothing are left out.
 */
#ifndef GCOUNTER_VIEW_EVENTLOG_H
#define GCOUNTER_VIEW_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* Bytes of one line's text, NUL included: room for three capped vectors. */
#define EVENTLOG_TEXT_MAX 256
/* Columns a vector may take in a line before it is cut with an ellipsis. */
#define EVENTLOG_VECTOR_COLS 40

/* What a line is about: the dashboard gives each its own colour role. */
enum eventlog_kind {
	EVENTLOG_INCREMENT,
	EVENTLOG_GOSSIP,  /* a worker sent its state */
	EVENTLOG_FORWARD, /* the relay passed a state on */
	EVENTLOG_MERGE,   /* a node learned something */
	EVENTLOG_FAULT,   /* the network lost or duplicated a message */
	EVENTLOG_CONVERGED,
	EVENTLOG_COMMAND, /* the presenter asked for something */
	EVENTLOG_NOTE,    /* the program's own remarks: restart, seed */
};

struct eventlog_line {
	uint64_t time_us;
	enum eventlog_kind kind;
	char text[EVENTLOG_TEXT_MAX];
};

struct eventlog;

/* A log for a world of `nodes` workers keeping the last `capacity` lines;
 * `utf8` picks the arrow and ellipsis. */
struct eventlog *eventlog_new(uint32_t nodes, size_t capacity, bool utf8);
void eventlog_free(struct eventlog *log);
/* Forgets every line and what was said, for a world of `nodes` workers. */
void eventlog_reset(struct eventlog *log, uint32_t nodes);

/* Bytes the log holds. */
size_t eventlog_memory_bytes(const struct eventlog *log);
/*
 * A deep, independent copy for a checkpoint of the past (time travel),
 * packed for keeping (each line's text only as long as it is, a third of
 * the room at 80 columns); unpacked, it goes on telling exactly the lines
 * the original would have. A group of sends being told points into its
 * world's payloads, which a copy of the world does not share; so pack
 * only where eventlog_grouping says no send can join that group.
 */
struct eventlog_packed;
struct eventlog_packed *eventlog_pack(const struct eventlog *log);
struct eventlog *eventlog_unpack(const struct eventlog_packed *packed);
size_t eventlog_packed_bytes(const struct eventlog_packed *packed);
void eventlog_packed_free(struct eventlog_packed *packed);
/* Whether a send at t_us could still join the group being told (the
 * same instant). */
bool eventlog_grouping(const struct eventlog *log, uint64_t t_us);

/* The sim_observer: pass the log as ctx to sim_set_observer. */
void eventlog_observe(void *ctx, const struct sim *sim,
                      const struct sim_record *record);
/* Adds a line of the program's own. */
void eventlog_note(struct eventlog *log, uint64_t time_us, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* While on, every event is told, even gossip and merges that carry
 * nothing new: the presenter is stepping and each step must show. */
void eventlog_set_verbose(struct eventlog *log, bool verbose);

/* Lines added so far, a grouped line moved down to the newest counting
 * again (eventlog_written does not: it counts places in the ring). */
uint64_t eventlog_told(const struct eventlog *log);

/* Lines held (at most the capacity), and lines ever written. */
size_t eventlog_count(const struct eventlog *log);
uint64_t eventlog_written(const struct eventlog *log);
/* The i-th most recent line: 0 is the newest. NULL past the count. */
const struct eventlog_line *eventlog_recent(const struct eventlog *log,
                                            size_t i);

#endif
