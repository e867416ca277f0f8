/*
 * Propagation modes: what a message carries. The strategy decides when a
 * node sends and to whom; the mode decides what goes in the message. Each
 * mode is one `const struct mode` table in its own file (mode-state.c,
 * mode-delta.c, mode-op.c): what people are told about it, and the hooks
 * the engine calls. Nothing outside a mode's file asks which mode it is.
 */
#ifndef GCOUNTER_SIM_MODE_H
#define GCOUNTER_SIM_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

struct message;

struct mode {
	/* --- what people are told ----------------------------------------- */
	const char *name; /* "op-reliable", as settings and logs spell it */
	/* One sentence for help screens: what travels and its trade-off. */
	const char *summary;
	/* What a worker's send carries, for the dashboard ("its vector"),
	 * and the word that stands for it after ("it", "them"). */
	const char *sends;
	const char *sends_as;
	/* Why a node below the truth is there (ops on their way), long and
	 * short; NULL when the mode has nothing to add. */
	const char *behind;
	const char *behind_brief;

	/* --- what the program asks of it
	 * -------------------------------------- */
	/* Messages carry ops, not state: a node's value may sit off the
	 * truth while ops are on their way (or, in plain op, for good). */
	bool sends_ops;
	/* A duplicated message counts twice and a lost one is never
	 * repaired (plain op): the count can end off the truth. */
	bool counts_duplicates;
	/* Ops are numbered per origin: receivers drop duplicates and ops
	 * out of order and acknowledge, senders resend (op-reliable). */
	bool numbered;
	/* Replicas must keep what they applied on disk: the engine refuses
	 * an amnesiac restart (ops are sent once). */
	bool needs_durable;
	/* Needs a strategy whose every message reaches every other worker
	 * from its origin (struct strategy's reaches_all). */
	bool needs_reach_all;
	/* Keeps bookkeeping beside the vector worth showing (bytes a node),
	 * and whether its op log is worth showing too. */
	bool keeps_bookkeeping;
	bool shows_log;

	/* --- what the engine calls (NULL: nothing to do)
	 * ---------------------- */
	/* The world switches into this mode (and at start, its first). */
	void (*enter)(struct sim *sim);
	/* The world switches from this mode to another. */
	void (*leave)(struct sim *sim);
	/* The strategy was switched: links may run elsewhere now. */
	void (*strategy_changed)(struct sim *sim);
	/* A worker restarted after a crash (its incarnation went up). */
	void (*node_restarted)(struct sim *sim, uint32_t node);
	/* A live node's slot s grew, from src (itself when it counted). */
	void (*slot_grew)(struct sim *sim, uint32_t node, uint32_t s,
	                  uint32_t src);
	/* A node counted up (or down) by amount. */
	void (*counted)(struct sim *sim, uint32_t node, uint64_t amount,
	                bool decrement);
	/* Applies what a message carries at a live worker (a payload, an
	 * ACK, a NACK); returns the slots that grew. Required. */
	size_t (*deliver)(struct sim *sim, const struct message *m);
	/* Sends what this mode sends of `from`'s state to `to` (a worker or
	 * SIM_RELAY). Required. */
	void (*send)(struct sim *sim, enum sim_message_kind kind, uint32_t from,
	             uint32_t to);
	/* Bytes of bookkeeping a node keeps beside its vector (NULL: 0). */
	uint64_t (*state_bytes)(const struct sim *sim, uint32_t node);
	/* Ops the node holds for peers that lack them (NULL: 0). */
	uint64_t (*op_log_length)(const struct sim *sim, uint32_t node);
	/* Frees what the mode keeps in the world, if anything (sim_free). */
	void (*free)(struct sim *sim);

	/* --- checkpoints (NULL: the mode keeps nothing in the world) ------ */
	/* Gives dst, a copy of src being made (sim_copy: its mode_state[]
	 * still NULL), its own copy of what the mode keeps in src, if it
	 * keeps anything yet. Modes sharing tables share these three hooks,
	 * and sim_copy calls each shared hook once. */
	void (*copy)(struct sim *dst, const struct sim *src);
	/* Folds what the mode keeps into h (sim_state_hash): its meaning,
	 * never where it lies in memory. */
	uint64_t (*hash)(const struct sim *sim, uint64_t h);
	/* Bytes copy allocates for it (sim_memory_bytes). */
	size_t (*memory_bytes)(const struct sim *sim);
};

extern const struct mode mode_state;
extern const struct mode mode_delta;
extern const struct mode mode_op;
extern const struct mode mode_op_reliable;

/* Every mode, indexed by enum sim_mode (config, logs and stats use it). */
const struct mode *const *mode_all(size_t *count);
/* The table of a mode; an unknown index gives the state mode's. */
const struct mode *mode_get(enum sim_mode mode);
/* By name, or NULL. */
const struct mode *mode_find(const char *name);
/* Its index in mode_all(). */
enum sim_mode mode_index(const struct mode *mode);

#endif
