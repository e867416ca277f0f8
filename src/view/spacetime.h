/*
 * The space-time recorder: what the space-time diagram and the SVG draw,
 * kept from the world's records as they happen (increments, sends,
 * deliveries that changed their receiver or not, drops and losses,
 * convergence), each with its virtual time and the world's events-run
 * count. A sim observer object: fed records, it never reads or changes
 * the world beyond the record's moment, and it is bounded (a ring that
 * forgets the oldest). Pure: no curses, no I/O.
 */
#ifndef GCOUNTER_VIEW_SPACETIME_H
#define GCOUNTER_VIEW_SPACETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* Events a recorder keeps by default: far more than a screen or a slide
 * shows, and about 1 MB. */
#define SPACETIME_DEFAULT_CAP 8192
/* Bytes of an event's words, NUL included: a vector, what a message
 * carries. Longer ones end in an ellipsis. */
#define SPACETIME_LABEL 56

/* The node of an event that is everyone's (convergence). */
#define SPACETIME_EVERYONE (UINT32_MAX - 1)

enum spacetime_kind {
	SPACETIME_INCREMENT, /* node counted (up or down) */
	SPACETIME_SEND,      /* node sent to peer */
	SPACETIME_DELIVER,   /* node received from peer and merged */
	SPACETIME_DROP,      /* node's message to peer was dropped on send */
	SPACETIME_LOST,      /* node's copy from peer died at a cut link or
	                        a crash */
	SPACETIME_CONVERGED, /* every live node agrees (node: none) */
	SPACETIME_FAULT,     /* a partition, heal, crash or restart (node:
	                        the one it hit, or none for a heal) */
	SPACETIME_KIND_COUNT,
};

struct spacetime_event {
	enum spacetime_kind kind;
	uint64_t time_us;
	uint64_t events_run; /* the world's count when it happened */
	uint64_t message_id; /* SEND, DELIVER, DROP, LOST */
	uint32_t node;       /* where it happened; SIM_RELAY for the relay */
	uint32_t peer;       /* the message's other end */
	enum sim_message_kind message_kind;
	bool changed;    /* DELIVER: the receiver grew */
	bool duplicated; /* SEND: the network made a second copy */
	bool decrement;  /* INCREMENT: a PN-Counter's count down */
	uint64_t amount; /* INCREMENT */
	int64_t value;   /* CONVERGED: the value they agree on */
	/* INCREMENT, DELIVER: the vector after; SEND, DROP: what the
	 * message carries; CONVERGED, FAULT: a sentence. A live recorder
	 * keeps only what the screen draws (no payloads; vectors up to 24
	 * nodes), a windowed one (the SVG's) all of them. */
	char label[SPACETIME_LABEL];
};

struct spacetime;

/* A recorder of at most cap events (0: the default); utf8 picks the
 * glyphs of its words. */
struct spacetime *spacetime_new(size_t cap, bool utf8);
void spacetime_free(struct spacetime *rec);
/* A recorder that keeps only events from from_us to to_us and, once
 * full, the first it kept (a slide of a run shows its start): for the
 * SVG, where the live one keeps the latest. */
struct spacetime *spacetime_new_window(size_t cap, bool utf8, uint64_t from_us,
                                       uint64_t to_us);
/* Events a windowed recorder had no room for. */
uint64_t spacetime_missed(const struct spacetime *rec);
/* Forgets everything (a new world). */
void spacetime_reset(struct spacetime *rec);
/* Feeds one record; a sim_observer's body. */
void spacetime_observe(struct spacetime *rec, const struct sim *sim,
                       const struct sim_record *record);
/* A sim_observer that feeds ctx, a struct spacetime. */
void spacetime_observer(void *ctx, const struct sim *sim,
                        const struct sim_record *record);
/* Forgets every event recorded after the world had run events_run
 * events: time travel rewound the world to there. */
void spacetime_truncate(struct spacetime *rec, uint64_t events_run);

/* Events kept, oldest first: index 0 .. count-1. */
size_t spacetime_count(const struct spacetime *rec);
const struct spacetime_event *spacetime_get(const struct spacetime *rec,
                                            size_t index);
/* How many were forgotten for room (the ring went round). */
uint64_t spacetime_forgotten(const struct spacetime *rec);
/* Kept events recorded at or before events_run: the first n of them. */
size_t spacetime_count_upto(const struct spacetime *rec, uint64_t events_run);
/* Whether any kept event involves the relay. */
bool spacetime_uses_relay(const struct spacetime *rec);

/* The diagram's columns: one per node, and the relay's in the middle
 * (so its lines are short) when it is drawn. The column of a node or of
 * SIM_RELAY; columns in all is nodes + relay. */
uint32_t spacetime_column(uint32_t who, uint32_t nodes, bool relay);

/* --- the diagram on a screen (spacetime-draw.c) ------------------------ */

struct cellgrid;
struct glyphs;
struct summary;

struct spacetime_view {
	const struct spacetime *rec;
	const struct summary *summary; /* the world shown, read this frame */
	uint64_t events_run;           /* ... and its events-run count */
	const struct glyphs *glyphs;
	uint32_t selected;
};

struct spacetime_drawn {
	size_t events_shown; /* events with a row on screen */
	uint32_t columns_shown;
};

/* Draws the diagram into the whole grid: a row of column names, time
 * flowing down to the present at the bottom, a legend. Only events
 * recorded at or before view->events_run are drawn. */
void spacetime_draw(struct cellgrid *grid, const struct spacetime_view *view,
                    struct spacetime_drawn *drawn);

#endif
