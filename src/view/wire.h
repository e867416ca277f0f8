/*
 * What a message carries, in words for a room: a state as its vector, a
 * delta as its (slot, value) pairs, ops as "+3 at n2", and the control
 * messages of the propagation modes ("ack 7", a NACK, a pull request).
 * Shared by the messages panel, the event log and the narration, so that
 * the three say it the same way. Pure: no curses, no allocation.
 */
#ifndef GCOUNTER_VIEW_WIRE_H
#define GCOUNTER_VIEW_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"
#include "view/glyphs.h"

/* What the words depend on besides the message. */
struct wire_context {
	const struct glyphs *glyphs;
	uint32_t nodes;  /* workers: a PN-Counter's vector has twice as many
	                    slots */
	bool pn;         /* PN-Counter: slots n3+ (P) and n3− (N) */
	bool numbered;   /* op-reliable: ops are told with their numbers */
	bool pairs_only; /* a delta without its "(2 of 8 slots)" */
};

/* The context for a world as it is now. */
struct wire_context wire_context_of(const struct sim *sim,
                                    const struct glyphs *glyphs);

/* Whether a payload is carried as a vector the reader can show whole
 * (a state, including delta mode's whole state). */
bool wire_is_state(const struct sim_payload_view *m);

/* A slot for people: "n5"; a PN-Counter's "n5+" in P and "n5−" in N. */
size_t wire_slot_name(const struct wire_context *c, uint32_t slot, char *buf,
                      size_t cap);

/*
 * A delta: "Δ n3=5 n7=2" (ASCII "delta n3=5 n7=2"), then, when it fits in
 * max_cols, how few slots it carries: " (2 of 8 slots)". Pairs that do
 * not fit end in "+4 more"; an empty delta is "Δ nothing new".
 */
size_t wire_delta(const struct wire_context *c,
                  const struct sim_payload_view *m, size_t max_cols, char *buf,
                  size_t cap);

/*
 * Ops of one origin: "+3 at n2" ("+3 −1 at n2", "−1 at n2" in a
 * PN-Counter), " #5" or " #5–7" after them when numbered, " (2 ops)"
 * when several are not. The hand-over after a switch into an op mode
 * (absolute ops) reads "n2 ≥ 12 (hand-over)".
 */
size_t wire_ops(const struct wire_context *c, const struct sim_payload_view *m,
                uint32_t origin, char *buf, size_t cap);

/*
 * Anything a message carries, in at most max_cols columns: the vector of
 * a state, a delta, ops, "ack 7", "missed one: send everything" (a
 * NACK), "asks for its state" (a pull request). Returns the length.
 */
size_t wire_text(const struct wire_context *c, enum sim_message_kind kind,
                 const struct sim_payload_view *m, uint32_t origin,
                 size_t max_cols, char *buf, size_t cap);

/*
 * Which arrivals are copies beyond the first: a second copy the network
 * made (a duplicate shares its message's id), and what the relay
 * forwards of one (new ids, the same op). An op mode counts those twice;
 * op-reliable drops them by number. Fed every record; a small table by
 * id, so a collision forgets a copy (the words "a duplicate" are then
 * missing, never wrong).
 */
#define WIRE_COPIES 128

struct wire_copies {
	struct {
		uint64_t id; /* 0: none (message ids start at 1) */
		unsigned arrived;
	} slots[WIRE_COPIES];
	bool relay_again; /* the relay's last arrival was a second copy */
	uint64_t relay_time_us;
	uint32_t relay_origin;
};

void wire_copies_reset(struct wire_copies *copies);
/* True for the arrival (REC_DELIVER, or REC_LOST) of a copy beyond the
 * first; false for anything else. */
bool wire_copies_observe(struct wire_copies *copies,
                         const struct sim_record *record);
/* Whether a send (observed already) is the relay passing on a copy. */
bool wire_copies_forwarded(const struct wire_copies *copies,
                           const struct sim_record *record);

#endif
