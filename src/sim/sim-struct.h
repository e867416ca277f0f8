/*
 * The world's private layout, shared by the files that implement it (see
 * the list below) and the modes (mode-*.c: what a message carries).
 * Nothing outside src/sim includes this.
 */
#ifndef GCOUNTER_SIM_STRUCT_H
#define GCOUNTER_SIM_STRUCT_H

#include <stdbool.h>
#include <stdint.h>

#include "crdt/codec.h"
#include "crdt/gcounter.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-internal.h"
#include "sim/sim.h"

struct mode;

#define NIL UINT32_MAX

/* Independent random streams, so that a change in one (say, more workload)
 * does not shift the draws of another. */
enum {
	STREAM_NETWORK,
	STREAM_TIMERS,
	STREAM_WORKLOAD,
	STREAM_PEERS,
	STREAM_READER
};

enum sim_event_kind {
	SIM_EV_TIMER,
	SIM_EV_DELIVER,
	SIM_EV_FANOUT, /* the next copy of a fan-out arrives */
	SIM_EV_WORKLOAD,
	SIM_EV_READ
};

/*
 * What a message carries, immutable once sent and shared by the copies of
 * one broadcast. A STATE payload holds v slots in `slots` (viewed through
 * `vector`) and is recycled through a free list; DELTA and OPS payloads are
 * sized to their content: `count` values in `slots`, and for a delta the
 * slot numbers in `index`.
 */
struct payload {
	uint32_t refs;
	uint32_t bytes; /* encoded size, computed once */
	uint32_t size;  /* bytes allocated, for the network's budget */
	enum sim_payload_form form;
	uint32_t owner; /* STATE: the node whose snapshot it is, or NIL */
	uint32_t epoch; /* STATE: the world's `lowered` when it was taken */
	struct payload *next_free;
	struct gcounter vector; /* STATE */
	uint32_t count;         /* DELTA pairs, or OPS */
	/* STATE: how many words `recent` holds, or PAYLOAD_RECENT_UNKNOWN */
	uint32_t recent_len;
	union {
		uint32_t *index; /* DELTA: the slot of each value */
		/* STATE: its nonzero slots that some node was behind on when
		 * it was taken (NULL: not known), as 64-slot words of the
		 * stale bits with a mask each. Only these can be news to
		 * anyone while the world's `lowered` is its epoch: a slot
		 * every node held was at least this state's everywhere. A
		 * mask ANDs with a receiver's stale word, so old news costs
		 * no branch a slot. Not in `size`: it is not the network's
		 * to count. */
		struct recent_word *recent;
	};
	union {
		struct {
			uint64_t up, down; /* OPS: sums of increments,
			                      decrements */
			uint32_t absolute; /* OPS: how many are absolute */
		};
		/* STATE: a snapshot not yet copied (see struct undo): its
		 * place in its owner's list of them, and the owner's undo
		 * length when it was taken (PAYLOAD_FILLED: copied). In a
		 * union with what only OPS use, so the payload's size, which
		 * the network's budget counts, stays what it was. */
		struct {
			struct payload *lazy_prev, *lazy_next;
			uint32_t undo_at;
		};
	};
	uint64_t slots[]; /* OPS: up, down, absolute of each op in turn */
};

#define PAYLOAD_FILLED UINT32_MAX

/*
 * A snapshot is not copied when it is taken (at 10,000 nodes, 80 kB a
 * send, a third of push-pull's time): it lists its recent slots, holds
 * their values (all a delivery reads while they are known), and its
 * owner keeps an undo log of the cells that grow while it is out, the
 * value each had before. Whatever reads the whole vector (a record, a
 * view, a checkpoint, a merge that cannot trust `recent`) fills it first
 * (sim_payload_fill): the owner's cells now, with the log undone back to
 * when it was taken. The same values, so the same run, either way.
 */
struct undo {
	uint32_t slot;
	uint64_t before;
};

/* A node's undo log holds at most this many changes: then its snapshots
 * out are copied and the log starts again. */
#define UNDO_MAX 1024
/* Vectors smaller than this are copied at once: a copy costs less than
 * the log. */
#define LAZY_MIN_SLOTS 512

/* One word of a state's `recent`: slots word * 64 + each bit of mask. */
struct recent_word {
	uint64_t mask;
	uint32_t word;
};

/* A state's `recent` holds at most this many words; more: not known. */
#define PAYLOAD_RECENT_MAX     256
#define PAYLOAD_RECENT_UNKNOWN UINT32_MAX

/* The header every message carries besides its payload. */
struct header {
	uint64_t seq; /* delta: the link's message number; ops: the first op's
	                 number; ACK: ops applied; NACK: the number that
	                 showed the gap (for people: nothing reads it) */
	uint32_t incarnation; /* delta: the sender's restarts; else 0 */
	uint32_t dest;        /* ACK/NACK: the worker it is for */
	bool full;            /* delta: the whole state, not a delta */
	bool rebase; /* ops: the ops before the first are gone for good */
};

/* One copy of a fan-out: where it goes and when it arrives (16 bytes:
 * a relay at 1024 nodes streams 10 million of them). Its message id
 * follows from `to` (sim_fanout_copy_id). */
struct fanout_copy {
	uint64_t deliver_us;
	uint32_t to;
	uint32_t sent; /* its place in send order */
};

/*
 * The copies the relay forwards of one message, to every worker but its
 * origin: sent together, so they share one record (a message whose
 * `fanout` is set) and keep one event in the queue, that of the next copy
 * to arrive. The copy sent i-th took the queue's sequence number
 * first_seq + i, so the copies arrive among other events exactly as if
 * each had its own. The copies are kept in arrival order, so delivering
 * them walks the array once. Freed when the last copy arrives.
 */
struct fanout {
	uint64_t first_id;  /* the first copy's message id */
	uint64_t base_id;   /* the id the send to the first worker took */
	uint32_t origin;    /* the worker it is not forwarded to */
	uint64_t first_seq; /* the first copy's sequence number */
	uint32_t count;     /* copies sent */
	uint32_t next;      /* how many have arrived: copies[next] is next */
	uint32_t *arrival;  /* by send order: a copy's place in copies[] */
	struct fanout_copy copies[]; /* by arrival (time, then sequence) */
};

struct message {
	uint64_t id;
	uint32_t from, to, origin;
	enum sim_message_kind kind;
	uint64_t sent_us, deliver_us;
	struct payload *payload;
	struct header header;
	uint32_t prev, next; /* the in-flight list, in send order */
	uint32_t next_free;
	struct fanout *fanout; /* a fan-out's copies (then `to`, `deliver_us`
	                          and `id` are the copies'), or NULL */
};

/* An ACK or NACK a delivery calls for, sent once it is recorded. */
struct reply {
	bool due;
	enum sim_message_kind kind;
	uint32_t to;
	struct header header;
};

struct node {
	struct gcounter vector;
	uint32_t timer_generation;
	uint64_t next_timer_us;
	bool down;
	enum sim_partition partition;
	uint64_t durable_own; /* its own count as kept on disk */
	uint64_t durable_dec; /* its own decrements (PN-Counter), likewise */
	struct payload *snapshot; /* its vector as last sent, while unchanged */
	uint32_t slot_bytes;      /* its slots' varints: the encoding is
	                             codec_header_size(v) more (kept per change, so
	                             a send need not measure the vector) */
	uint32_t incarnation;     /* how many times it restarted */
	bool remote; /* its replica lives outside: RESTART_REMOTE */
	/* Its snapshots not yet copied, and the undo log that can rebuild
	 * them (see struct undo): empty while the list is. */
	struct payload *lazy;
	struct undo *undo;
	uint32_t undo_len, undo_cap;
};

struct sim {
	struct sim_config config;         /* as it is now */
	struct sim_config initial_config; /* as it was built, for logs */
	uint32_t n;                       /* worker nodes */
	uint32_t v; /* slots per vector: n, or 2n for a PN-Counter */
	uint64_t now_us;
	uint64_t events_run;
	struct sim_queue queue;
	struct rng rng_network, rng_timers, rng_workload, rng_peers, rng_reader;
	/* The latency range's divisions, done once (derived: a cache). */
	struct rng_divisor latency_divisor;
	uint32_t *peer_scratch; /* n entries, for drawing distinct peers */

	struct node *nodes;
	unsigned char *strategy_state; /* n x strategy->node_state bytes */
	uint64_t *cells;      /* n x v: node i's vector is cells[i*v ..] */
	uint64_t *changed_at; /* n x v: when each cell last grew */

	/* The truth: truth[s] is the largest count slot s has ever had at
	 * its owner, and truth_total every increment ever made (more than
	 * the join's total only when amnesia hid increments). up_to_date[s]
	 * counts live nodes whose slot s equals the truth, so cells_behind
	 * (the sum of live - up_to_date: cells off the truth, below it or,
	 * in op modes, above it) is kept in O(1) per change. */
	struct gcounter truth;
	uint64_t *truth_slots;
	uint32_t *up_to_date;
	uint64_t cells_behind;
	/* stale: a bit per cell, set where the cell is off the truth
	 * (stale_words words a node, in node order). A state payload is
	 * never above the truth (until an op counted twice), so only these
	 * cells can grow in a merge: a merge reads the bits, not the
	 * vector. Derived from cells and truth_slots. */
	uint64_t *stale;
	size_t stale_words;
	uint64_t *news_mask; /* stale_words: what a state merge may grow */
	/* behind[s]: the nodes (live or down) whose slot s is stale, and
	 * `behind_any` a bit per slot where that is not 0 (stale_words
	 * words): what a snapshot lists as `recent`. `lowered` counts the
	 * times cells or the truth came down (a restart, amnesia): a
	 * snapshot's `recent` from before says nothing. */
	uint32_t *behind;
	uint64_t *behind_any;
	/* least[s]: the smallest cell of slot s over every node (live or
	 * down), and least_holders[s] how many hold it (recounted when the
	 * last of them grows). A snapshot at or below it there is news to
	 * no one: `recent` leaves such slots out. */
	uint64_t *least;
	uint32_t *least_holders;
	uint32_t lowered;
	uint64_t truth_total;      /* increments and decrements made */
	uint64_t truth_decrements; /* of which decrements */
	uint64_t join_total;       /* the sum of truth_slots */
	bool overcounted; /* an op counted twice put a slot above the truth */
	/* A worker has restarted with amnesia: from then on the largest
	 * count of its slot may be held nowhere (sim_truth_recheck). Only
	 * spares that work before: it changes nothing the world does. */
	bool forgetful;
	uint32_t live;        /* workers not crashed */
	uint32_t remote_live; /* of which remote replicas (RESTART_REMOTE) */
	bool relay_down;
	struct spread *spread;

	/* The reader, and what it read last. */
	uint32_t reader_node; /* the sticky reader's replica, or NIL */
	bool have_read;
	uint32_t last_read_node;
	uint64_t last_read_value;
	uint64_t reader_backwards; /* since the current reader began */
	bool converged;
	uint64_t converged_at_us;

	/* Messages: a slab with a free list, and the in-flight list. */
	struct message *messages;
	uint32_t message_cap;
	uint32_t free_message;
	uint32_t flight_head, flight_tail;
	size_t in_flight;
	size_t max_in_flight; /* the budgets, from the world's size */
	uint64_t max_payload_bytes;
	uint64_t next_message_id;
	struct payload *free_payloads;
	/* The fan-out being sent (sim_relay_forward), NULL between them,
	 * and the room it is built in (2n copies, made when first needed). */
	struct fanout *fanning;
	struct fanout *fan_scratch;
	size_t free_payload_count;
	uint64_t payload_bytes; /* every payload allocated and not freed */

	/* The mode in force (config.mode's table), and what each mode
	 * keeps, owned by the mode's file (NULL until it needs it). */
	const struct mode *mode;
	void *mode_state[MODE_COUNT];
	struct reply reply;
	uint32_t *slot_scratch; /* v entries, for picking a delta's slots */

	uint32_t workload_generation;
	uint32_t read_generation;
	struct sim_stats stats;
	struct sim_phase phase; /* set by sim_apply (sim-command.c) */

	struct command *log;
	size_t log_len, log_cap;

	uint64_t *scratch_slots; /* the "before" vector for records */
	struct gcounter scratch;
	uint64_t *delta_slots; /* a delta spread over a vector, for records */
	struct gcounter delta_vector;

	sim_observer observer;
	void *observer_ctx;
};

/*
 * The engine's files, each a level above the ones it calls (no file calls
 * one above it; the modes and strategies are reached through their tables'
 * function pointers):
 *
 *   sim-checkpoint.c  copying and hashing the whole world (above all)
 *   sim.c          life cycle, run loop, delivery, seek and replay
 *   sim-command.c  validating and applying commands, the command log
 *   sim-config.c   config validation, defaults, names
 *   mode.c, strategy.c        the registries of modes and strategies
 *   mode-*.c, strategy-*.c    the tables
 *   sim-workload.c the workload and the reader
 *   sim-node.c     crashes, restarts, the live set, timers
 *   sim-truth.c    counting, merging, the truth and convergence
 *   sim-net.c      payloads, messages, sends, the in-flight list, links
 *   sim-read.c     the getters of sim.h (calls nothing of the engine's
 *                  but the modes' hooks)
 */

/* --- sim-net.c ---------------------------------------------------------- */

/* Tells the observer (if any) of a record, stamped with the time. (Inline:
 * it is called for every event, and mostly no one is watching.) */
static inline void sim_emit(struct sim *sim, struct sim_record *record)
{
	if (sim->observer == NULL)
		return;
	record->time_us = sim->now_us;
	sim->observer(sim->observer_ctx, sim, record);
}
/* A snapshot of a worker's vector now, as a STATE payload (one reference,
 * the caller's; shared while the vector does not change). The caller
 * sends it at once: when that send is sure to be refused for the
 * network's payload budget, and no observer reads it, it is hollow (its
 * size only, the vector not copied). */
struct payload *sim_snapshot(struct sim *sim, uint32_t node);
/* The node's vector changed: its cached snapshot is history. */
void sim_forget_snapshot(struct sim *sim, uint32_t node);
/* A payload's vector is whole from here on (see struct undo): called by
 * every reader of a state's whole vector. It changes no value a reader
 * can see, so a const world's views may fill. */
void sim_payload_fill(const struct sim *sim, struct payload *p);
/* Fills into `out` (v slots) the vector a payload holds, leaving the
 * payload as it is. */
void sim_payload_values(const struct sim *sim, const struct payload *p,
                        uint64_t *out);
/* Every snapshot of node not yet copied is copied: its vector is about
 * to change other than cell by cell (a restart). */
void sim_fill_snapshots(struct sim *sim, uint32_t node);
void sim_undo_grow(struct sim *sim, uint32_t node);
/* Node's slot s grew from `before`: its log keeps what its snapshots out
 * still hold. (Inline: it runs for every cell that grows.) */
static inline void sim_undo_note(struct sim *sim, uint32_t node, uint32_t s,
                                 uint64_t before)
{
	struct node *owner = &sim->nodes[node];

	if (owner->lazy == NULL)
		return;
	if (owner->undo_len == owner->undo_cap)
		sim_undo_grow(sim, node);
	owner->undo[owner->undo_len++] =
	    (struct undo){.slot = s, .before = before};
	if (owner->undo_len >= UNDO_MAX)
		sim_fill_snapshots(sim, node);
}
void payload_retain(struct payload *payload);
void payload_release(struct sim *sim, struct payload *payload);
/* Frees a free list of payloads (sim_free). */
void sim_free_payload_list(struct payload *p);
/* A payload of the given form with room for `count` values (a delta's
 * also gets room for as many slot numbers). */
struct payload *sim_payload_new(struct sim *sim, enum sim_payload_form form,
                                uint32_t count);
/* Sends a payload (NULL only for a PULL) with an empty header. */
void sim_send(struct sim *sim, enum sim_message_kind kind, uint32_t from,
              uint32_t to, uint32_t origin, struct payload *payload);
/* Sends with a header (sim_send sends with an empty one). */
void sim_send_with(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                   uint32_t to, uint32_t origin, struct payload *payload,
                   const struct header *header);
/* (Inline, as they run once per delivery.) Takes a message's record off
 * the in-flight list and frees its slot: it is being delivered (for a
 * fan-out, its last copy). Counting what is in flight is the caller's. */
static inline void sim_flight_unlink(struct sim *sim, uint32_t index)
{
	struct message *m = &sim->messages[index];

	if (m->prev != NIL)
		sim->messages[m->prev].next = m->next;
	else
		sim->flight_head = m->next;
	if (m->next != NIL)
		sim->messages[m->next].prev = m->prev;
	else
		sim->flight_tail = m->prev;
	m->next_free = sim->free_message;
	sim->free_message = index;
}

/*
 * Whether a message from `from` to `to` is lost on arrival: the receiver is
 * down or cut off from receiving, or the sender was cut off from sending.
 * Checked at delivery, so a partition also swallows what was on its way.
 */
static inline bool sim_link_cut(const struct sim *sim, uint32_t from,
                                uint32_t to)
{
	if (from != SIM_RELAY &&
	    (sim->nodes[from].partition & PARTITION_NO_SEND))
		return true;
	if (to == SIM_RELAY)
		return sim->relay_down;
	return sim->nodes[to].down ||
	       (sim->nodes[to].partition & PARTITION_NO_RECEIVE);
}
/* The event of the fan-out whose record is at index is the queue's
 * earliest, and leaves it: the fan-out's next copy (if any) takes its
 * place, in one sift. */
void sim_fanout_pop(struct sim *sim, uint32_t index);
/* The next copy of the fan-out whose record is at index arrives (its
 * event has left the queue: sim_fanout_pop): *out is that copy as a
 * message of its own. True when that was the last copy: the record is to
 * be unlinked. */
bool sim_fanout_next(struct sim *sim, uint32_t index, struct message *out);
/* Bytes a fan-out of `count` copies takes (the scratch for building one
 * holds twice as many copies). */
/* A fan-out sends once to each worker but its origin, in node order, and
 * each send takes the next message id (a lost one too; a duplicate shares
 * its original's): the copy to `to` has the id of that send. */
static inline uint64_t sim_fanout_copy_id(const struct fanout *f,
                                          const struct fanout_copy *c)
{
	return f->base_id + c->to - (c->to > f->origin);
}

static inline size_t sim_fanout_size(uint32_t count)
{
	return sizeof(struct fanout) +
	       count * (sizeof(struct fanout_copy) + sizeof(uint32_t));
}
/* Fills a view of a payload (NULL: none) with its header. */
void sim_message_view_of(enum sim_message_kind kind,
                         const struct payload *payload,
                         const struct header *header,
                         struct sim_payload_view *view);
/* The vector a record shows for a payload (see sim_record). */
const struct gcounter *sim_record_vector(struct sim *sim,
                                         struct payload *payload);

/* --- sim-truth.c -------------------------------------------------------- */

/* The bytes of a node's vector in the crdt/ encoding: what
 * gcounter_encoded_size says, kept up to date slot by slot. */
static inline size_t sim_encoded_size(const struct sim *sim, uint32_t node)
{
	return codec_header_size(sim->v) + sim->nodes[node].slot_bytes;
}
/* Node's cells are about to be reset to `after` (v values, a restart):
 * the least cells come down with them. */
void sim_least_lower(struct sim *sim, uint32_t node, const uint64_t *after);
/* A node's slot_bytes afresh (at start and after a restart). */
void sim_slot_bytes_recount(struct sim *sim, uint32_t node);

/* The stale bit of node's slot s (see struct sim). */
static inline void sim_stale_put(struct sim *sim, uint32_t node, uint32_t s,
                                 bool stale)
{
	uint64_t *word = &sim->stale[(size_t)node * sim->stale_words + s / 64];
	uint64_t bit = 1ULL << (s % 64);

	if (((*word & bit) != 0) == stale)
		return;
	*word ^= bit;
	if (stale && sim->behind[s]++ == 0)
		sim->behind_any[s / 64] |= bit;
	else if (!stale && --sim->behind[s] == 0)
		sim->behind_any[s / 64] &= ~bit;
}
/* Sets a node's stale bits afresh from its cells (after a restart). */
void sim_stale_recount(struct sim *sim, uint32_t node);

/* Something that held counts is gone (a crash, a restart, a message lost):
 * after an amnesiac restart, a slot's largest count may now be held by no
 * live node, no message and no disk. Then it is gone for good: the truth
 * comes down to what can still be recovered, so that "converged" means
 * the live nodes agree and nothing recoverable is missing, and what was
 * forgotten counts as lost. (Nothing to do before any amnesia.) */
void sim_truth_recheck(struct sim *sim);
/* Convergence was gained or lost: record it (sim_update_convergence). */
void sim_convergence_changed(struct sim *sim);
/* Called after every delivery and count: the common case is one compare,
 * inline. */
static inline void sim_update_convergence(struct sim *sim)
{
	if ((sim->cells_behind == 0) != sim->converged)
		sim_convergence_changed(sim);
}
/* A live node's slot s grows to v from outside (a merge or an op) sent by
 * src: the truth bookkeeping. Returns false when nothing grew. */
bool sim_cell_receive(struct sim *sim, uint32_t node, uint32_t s, uint64_t v,
                      uint32_t src);
/* Merges a whole state into a live node; returns the slots that grew. */
size_t sim_merge_state(struct sim *sim, uint32_t node,
                       const struct gcounter *payload, uint32_t src);
/* Merges what a STATE or DELTA payload carries into a live node (from
 * src); 0 for anything else (NULL, ops). Every mode merges these: a state
 * or delta of an earlier mode may still be on its way. */
size_t sim_merge_payload(struct sim *sim, uint32_t node,
                         struct payload *payload, uint32_t src);
/* A live node counts up (or, in a PN-Counter, down) by amount, for the
 * command cmd (NULL: the workload's own): 0, or -1 with err when the
 * world reached its limit. */
int sim_count(struct sim *sim, uint32_t node, uint64_t amount, bool decrement,
              const struct command *cmd, char *err, size_t errlen);

/* --- sim-node.c --------------------------------------------------------- */

void sim_crash_node(struct sim *sim, uint32_t node);
void sim_restart_node(struct sim *sim, uint32_t node, enum sim_restart mode);
/* Starts the current strategy on every live worker, its state fresh. */
void sim_start_strategy(struct sim *sim);

/* --- sim-workload.c ----------------------------------------------------- */

/* The next automatic increment, and the next read (Poisson processes). */
void sim_schedule_workload(struct sim *sim);
void sim_schedule_read(struct sim *sim);
/* The k-th live worker, counting from n1. */
uint32_t sim_nth_live_node(const struct sim *sim, uint32_t k);
/* The k-th live worker whose replica is the world's own (not remote). */
uint32_t sim_nth_local_node(const struct sim *sim, uint32_t k);
/* The reader reads the counter now. */
void sim_read_counter(struct sim *sim);

/* --- sim-config.c ------------------------------------------------------- */

int sim_validate_config(const struct sim_config *c, char *err, size_t errlen);

/* --- sim-command.c ------------------------------------------------------ */

/* The world switches into a mode (at start, its first). */
void sim_enter_mode(struct sim *sim, enum sim_mode index);

#endif
