/*
 * Counting and merging, and the truth they are measured against: every
 * slot's largest count that is still held somewhere (what amnesia forgot
 * for good counts as lost), the cells off it (kept in O(1) a change),
 * convergence and the invariants that must hold. The counts themselves
 * change only through crdt/ functions.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "crdt/gcounter.h"
#include "sim/mode.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"
#include "sim/strategy.h"
#include "util/errbuf.h"
#include "util/fatal.h"

void sim_convergence_changed(struct sim *sim)
{
	bool now_converged = sim->cells_behind == 0;
	struct sim_record record = {.node = SIM_RELAY};

	sim->converged = now_converged;
	if (now_converged)
		sim->converged_at_us = sim->now_us;
	record.kind = now_converged ? REC_CONVERGED : REC_DIVERGED;
	sim_emit(sim, &record);
}

/* How many live nodes but `except` hold exactly v in slot s. */
static uint32_t holders_of(const struct sim *sim, uint32_t s, uint64_t v,
                           uint32_t except)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < sim->n; i++)
		if (i != except && !sim->nodes[i].down &&
		    sim->cells[(size_t)i * sim->v + s] == v)
			count++;
	return count;
}

void sim_slot_bytes_recount(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;
	uint32_t bytes = 0;

	for (uint32_t s = 0; s < sim->v; s++)
		bytes += (uint32_t)codec_varint_size(cells[s]);
	sim->nodes[node].slot_bytes = bytes;
}

void sim_stale_recount(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;

	sim->lowered++; /* the node's cells came down */
	for (uint32_t s = 0; s < sim->v; s++)
		sim_stale_put(sim, node, s, cells[s] != sim->truth_slots[s]);
}

/* Slot s's least cell and its holders, counted afresh. */
static void least_recount(struct sim *sim, uint32_t s)
{
	uint64_t least = UINT64_MAX;
	uint32_t holders = 0;

	for (uint32_t i = 0; i < sim->n; i++) {
		uint64_t cell = sim->cells[(size_t)i * sim->v + s];

		if (cell < least) {
			least = cell;
			holders = 1;
		} else if (cell == least) {
			holders++;
		}
	}
	sim->least[s] = least;
	sim->least_holders[s] = holders;
}

void sim_least_lower(struct sim *sim, uint32_t node, const uint64_t *after)
{
	const uint64_t *before = sim->nodes[node].vector.slots;

	/* A restart only lowers cells: no holder of a least leaves it. */
	for (uint32_t s = 0; s < sim->v; s++) {
		if (after[s] < sim->least[s]) {
			sim->least[s] = after[s];
			sim->least_holders[s] = 1;
		} else if (after[s] == sim->least[s] && before[s] != after[s]) {
			sim->least_holders[s]++;
		}
	}
}

/* Slot s's truth rose to `now` at `owner`: every other node's cell is off
 * it, but (after an op counted twice) one that already held `now`. */
static void mark_stale_but(struct sim *sim, uint32_t s, uint32_t owner,
                           uint64_t now)
{
	uint64_t bit = 1ULL << (s % 64);
	uint64_t *word = &sim->stale[s / 64];
	uint32_t behind = 0;

	for (uint32_t i = 0; i < sim->n; i++, word += sim->stale_words) {
		if (i == owner)
			*word = now == sim->cells[(size_t)i * sim->v + s]
			            ? *word & ~bit
			            : *word | bit;
		else if (sim->overcounted &&
		         sim->cells[(size_t)i * sim->v + s] == now)
			*word &= ~bit;
		else
			*word |= bit;
		behind += (*word & bit) != 0;
	}
	sim->behind[s] = behind;
	if (behind != 0)
		sim->behind_any[s / 64] |= bit;
	else
		sim->behind_any[s / 64] &= ~bit;
}

/*
 * A live node's slot s grew from `before` to v (the crdt/ function that
 * grew it has written v), by its own count (src is the node itself) or
 * from a message from src: the bookkeeping. Only a node's own count raises
 * the truth. A value from outside above the truth happens only in op
 * modes, when a duplicated op was counted twice. (Inline: it runs for
 * every slot a delivery grows, and a call here costs delta mode ~2%.)
 */
static inline void cell_grew(struct sim *sim, uint32_t node, uint32_t s,
                             uint64_t before, uint64_t v, uint32_t src)
{
	uint64_t truth = sim->truth_slots[s];

	sim_undo_note(sim, node, s, before);
	if (before == sim->least[s] && --sim->least_holders[s] == 0)
		least_recount(sim, s);
	if (src == node && v > truth) {
		/* A new maximum: the owner counted. Its slot is the truth,
		 * unless an op counted twice had already lifted it above:
		 * then the truth grows only by what it counts now. */
		uint64_t now = before > truth ? truth + (v - before) : v;
		uint32_t fresh =
		    (v == now) +
		    (sim->overcounted ? holders_of(sim, s, now, node) : 0);

		sim->cells_behind += sim->up_to_date[s];
		sim->cells_behind -= fresh;
		sim->up_to_date[s] = fresh;
		sim->join_total += now - truth;
		sim->truth_slots[s] = now;
		mark_stale_but(sim, s, node, now);
		spread_new_maximum(sim->spread, s, now, sim->now_us);
	} else {
		if (before == truth) {
			sim->up_to_date[s]--;
			sim->cells_behind++;
		}
		if (v == truth) {
			sim->up_to_date[s]++;
			sim->cells_behind--;
		}
		if (v > truth)
			sim->overcounted = true;
		sim_stale_put(sim, node, s, v != truth);
	}
	spread_grew(sim->spread, s, before, v, sim->now_us, sim->live);
	sim->nodes[node].slot_bytes +=
	    (uint32_t)(codec_varint_size(v) - codec_varint_size(before));
	sim_forget_snapshot(sim, node);
	sim->changed_at[(size_t)node * sim->v + s] = sim->now_us;
	if (s == node)
		sim->nodes[node].durable_own = v; /* "written to disk" */
	else if (s == sim->n + node)
		sim->nodes[node].durable_dec = v;
	if (sim->mode->slot_grew != NULL)
		sim->mode->slot_grew(sim, node, s, src);
}

/* --- what amnesia forgot for good ------------------------------------- */

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * The largest count of slot s that can still reach a live node: held by a
 * node, or by a message in flight. A down node counts with its whole
 * vector: it loses all but its disk only when it restarts (then this is
 * asked again), and in an op mode it would keep all of it. False if that
 * cannot be told: ops in flight carry amounts, not counts (and amnesia is
 * refused in op modes, so this is rare).
 */
static bool recoverable(const struct sim *sim, uint32_t s, uint64_t *best)
{
	uint64_t truth = sim->truth_slots[s];

	*best = 0;
	/* Nothing is above the truth (plain op's overcount is left out):
	 * one holder of it is enough, and usually a node is one. */
	for (uint32_t i = 0; i < sim->n && *best < truth; i++)
		*best = max_u64(*best, sim->nodes[i].vector.slots[s]);
	for (uint32_t m = sim->flight_head; m != NIL && *best < truth;
	     m = sim->messages[m].next) {
		struct payload *p = sim->messages[m].payload;

		if (p == NULL || p->form == PAYLOAD_NONE)
			continue;
		if (p->form == PAYLOAD_STATE) {
			sim_payload_fill(sim, p);
			*best = max_u64(*best, p->vector.slots[s]);
		} else if (p->form == PAYLOAD_DELTA) {
			for (uint32_t i = 0; i < p->count; i++)
				if (p->index[i] == s)
					*best = max_u64(*best, p->slots[i]);
		} else {
			return false;
		}
	}
	return true;
}

/* Slot s's truth comes down to v: the bookkeeping of every live node's
 * cell, the join, and the increments spread still waits for. */
static void lower_truth(struct sim *sim, uint32_t s, uint64_t v)
{
	uint32_t fresh = 0;

	sim->lowered++;
	for (uint32_t i = 0; i < sim->n; i++) {
		uint64_t cell = sim->cells[(size_t)i * sim->v + s];

		if (!sim->nodes[i].down && cell == v)
			fresh++;
		/* What is off the truth changed with it. */
		sim_stale_put(sim, i, s, cell != v);
	}
	sim->cells_behind += sim->up_to_date[s];
	sim->cells_behind -= fresh;
	sim->up_to_date[s] = fresh;
	sim->join_total -= sim->truth_slots[s] - v;
	sim->truth_slots[s] = v;
	spread_forgot_above(sim->spread, s, v);
}

void sim_truth_recheck(struct sim *sim)
{
	if (!sim->forgetful || sim->overcounted)
		return;
	/* Only a slot whose owner's disk is behind its truth can have lost
	 * its largest count: otherwise the owner holds it, up or down. */
	for (uint32_t s = 0; s < sim->v; s++) {
		const struct node *owner =
		    &sim->nodes[s < sim->n ? s : s - sim->n];
		uint64_t disk =
		    s < sim->n ? owner->durable_own : owner->durable_dec;
		uint64_t best;

		if (disk >= sim->truth_slots[s])
			continue;
		if (recoverable(sim, s, &best) && best < sim->truth_slots[s])
			lower_truth(sim, s, best);
	}
}

uint64_t sim_lost_increments(const struct sim *sim)
{
	uint64_t made = sim->truth_total - sim->truth_decrements, held = 0;

	for (uint32_t s = 0; s < sim->n; s++)
		held += sim->truth_slots[s];
	return held < made ? made - held : 0;
}

uint64_t sim_lost_decrements(const struct sim *sim)
{
	uint64_t held = 0;

	for (uint32_t s = sim->n; s < sim->v; s++)
		held += sim->truth_slots[s];
	return held < sim->truth_decrements ? sim->truth_decrements - held : 0;
}

/* Every state is the join of states some node held, and the truth is the
 * join of every state ever held: only plain ops, which count duplicates,
 * can pass it. */
static void check_below_truth(const struct sim *sim, uint32_t node, uint32_t s,
                              uint64_t v)
{
	if (v > sim->truth_slots[s] && !sim->mode->counts_duplicates &&
	    !sim->overcounted)
		fatal("invariant: n%u slot %u would pass the truth "
		      "(%llu > %llu)",
		      node + 1, s + 1, (unsigned long long)v,
		      (unsigned long long)sim->truth_slots[s]);
}

bool sim_cell_receive(struct sim *sim, uint32_t node, uint32_t s, uint64_t v,
                      uint32_t src)
{
	struct gcounter *vector = &sim->nodes[node].vector;
	uint64_t before = vector->slots[s];

	if (v <= before)
		return false;
	check_below_truth(sim, node, s, v);
	gcounter_join_slot(vector, s, v, NULL);
	cell_grew(sim, node, s, before, v, src);
	return true;
}

/* What a merge into one node reports, slot by slot. */
struct merge_at {
	struct sim *sim;
	uint32_t node, src;
};

static void merge_grew(void *ctx, size_t slot, uint64_t before, uint64_t after)
{
	struct merge_at *at = ctx;

	check_below_truth(at->sim, at->node, (uint32_t)slot, after);
	cell_grew(at->sim, at->node, (uint32_t)slot, before, after, at->src);
}

/* Whether a snapshot's `recent` slots tell what it can bring node (see
 * struct payload). */
static bool recent_known(const struct sim *sim, const struct payload *p)
{
	return !sim->overcounted && p->recent_len != PAYLOAD_RECENT_UNKNOWN &&
	       p->epoch == sim->lowered;
}

size_t sim_merge_state(struct sim *sim, uint32_t node,
                       const struct gcounter *payload, uint32_t src)
{
	struct merge_at at = {.sim = sim, .node = node, .src = src};
	size_t grew = 0;

	/* Until an op is counted twice no payload is above the truth, so
	 * only the receiver's stale cells can grow. */
	if (!sim->overcounted)
		gcounter_merge_report_masked(
		    &sim->nodes[node].vector, payload,
		    &sim->stale[(size_t)node * sim->stale_words], merge_grew,
		    &at, &grew);
	else
		gcounter_merge_report(&sim->nodes[node].vector, payload,
		                      merge_grew, &at, &grew);
	return grew;
}

/*
 * A snapshot whose recent slots are known, into node: only its recent
 * slots stale at node can grow (see struct payload), so one pass over
 * them marks those it grows (a mask ANDed with the receiver's stale
 * word, no branch a slot: old news, most deliveries, ends here), and the
 * merge reads only those: the same merge told in the same order.
 */
static size_t merge_recent(struct sim *sim, uint32_t node,
                           const struct payload *p, uint32_t src)
{
	const uint64_t *bits = &sim->stale[(size_t)node * sim->stale_words];
	const uint64_t *cells = sim->nodes[node].vector.slots;
	struct merge_at at = {.sim = sim, .node = node, .src = src};
	bool news = false;
	size_t grew = 0;

	for (uint32_t k = 0; k < p->recent_len; k++) {
		uint32_t w = p->recent[k].word;
		uint64_t grows = 0;

		for (uint64_t b = p->recent[k].mask & bits[w]; b != 0;
		     b &= b - 1) {
			unsigned bit = (unsigned)__builtin_ctzll(b);
			size_t s = (size_t)w * 64 + bit;

			if (p->vector.slots[s] > cells[s])
				grows |= 1ULL << bit;
		}
		if (grows == 0)
			continue;
		if (!news) {
			memset(sim->news_mask, 0,
			       sim->stale_words * sizeof *sim->news_mask);
			news = true;
		}
		sim->news_mask[w] = grows;
	}
	if (news)
		gcounter_merge_report_masked(&sim->nodes[node].vector,
		                             &p->vector, sim->news_mask,
		                             merge_grew, &at, &grew);
	return grew;
}

size_t sim_merge_payload(struct sim *sim, uint32_t node,
                         struct payload *payload, uint32_t src)
{
	size_t grew = 0;

	if (payload == NULL)
		return 0;
	/* Most states a relay delivers are old news: their recent slots
	 * tell it without reading the vector. */
	if (payload->form == PAYLOAD_STATE) {
		if (!recent_known(sim, payload)) {
			sim_payload_fill(sim, payload);
			return sim_merge_state(sim, node, &payload->vector,
			                       src);
		}
		grew = merge_recent(sim, node, payload, src);
	} else if (payload->form == PAYLOAD_DELTA) {
		for (uint32_t i = 0; i < payload->count; i++)
			grew += sim_cell_receive(sim, node, payload->index[i],
			                         payload->slots[i], src);
	}
	return grew;
}

/*
 * A node counts up (its slot of P) or, in a PN-Counter, down (its slot of
 * N). Either way its own slot grows: a CRDT never takes anything back.
 */
int sim_count(struct sim *sim, uint32_t node, uint64_t amount, bool decrement,
              const struct command *cmd, char *err, size_t errlen)
{
	struct gcounter *vector = &sim->nodes[node].vector;
	uint32_t slot = decrement ? sim->n + node : node;
	uint64_t before;
	struct sim_record record = {.kind = REC_INCREMENT,
	                            .node = node,
	                            .from = node,
	                            .to = node,
	                            .origin = node,
	                            .amount = amount,
	                            .decrement = decrement,
	                            .command = cmd};

	/* Every count is at most the total, so this bound holds for all. */
	if (amount > SIM_MAX_TOTAL - sim->truth_total) {
		errbuf_set(
		    err, errlen,
		    "the world has counted its limit of 2^62 operations");
		return -1;
	}
	sim->truth_total += amount;
	if (decrement) {
		sim->truth_decrements += amount;
		sim->stats.decrements++;
	} else {
		sim->stats.increments++;
	}
	sim->stats.mode_counts[sim->config.mode]++;
	before = vector->slots[slot];
	/* (cannot overflow: every count is at most SIM_MAX_TOTAL) */
	gcounter_increment_by(vector, slot, amount);
	cell_grew(sim, node, slot, before, vector->slots[slot], node);
	if (sim->mode->counted != NULL)
		sim->mode->counted(sim, node, amount, decrement);
	record.after = vector;
	sim_emit(sim, &record);
	sim_update_convergence(sim);
	sim->config.strategy->on_increment(sim, node);
	return 0;
}

int sim_check_invariants(const struct sim *sim, char *err, size_t errlen)
{
	uint64_t behind = 0, join = 0;
	uint32_t live = 0, *fresh, *off;

	for (uint32_t i = 0; i < sim->n; i++) {
		const struct node *node = &sim->nodes[i];

		if (node->down)
			continue;
		if (sim_encoded_size(sim, i) !=
		    gcounter_encoded_size(&node->vector)) {
			errbuf_set(
			    err, errlen,
			    "n%u's encoded size is %zu, bookkeeping says "
			    "%zu",
			    i + 1, gcounter_encoded_size(&node->vector),
			    sim_encoded_size(sim, i));
			return -1;
		}
		live++;
		if (node->vector.slots[i] != node->durable_own ||
		    (sim->v > sim->n &&
		     node->vector.slots[sim->n + i] != node->durable_dec)) {
			errbuf_set(
			    err, errlen,
			    "n%u's own slot %llu differs from its durable "
			    "record %llu",
			    i + 1, (unsigned long long)node->vector.slots[i],
			    (unsigned long long)node->durable_own);
			return -1;
		}
	}
	/* Node by node, as the cells lie in memory: a world of 10,000 nodes
	 * has 10^8 of them. */
	fresh = xcalloc(sim->v, sizeof *fresh);
	off = xcalloc(sim->v, sizeof *off);
	for (uint32_t i = 0; i < sim->n; i++) {
		const uint64_t *cells = sim->nodes[i].vector.slots;
		const uint64_t *stale =
		    &sim->stale[(size_t)i * sim->stale_words];

		for (uint32_t s = 0; s < sim->v; s++) {
			uint64_t v = cells[s], truth = sim->truth_slots[s];

			if (v > truth && !sim->overcounted) {
				errbuf_set(
				    err, errlen,
				    "n%u slot %u is %llu, above the truth "
				    "%llu",
				    i + 1, s + 1, (unsigned long long)v,
				    (unsigned long long)truth);
				free(fresh);
				free(off);
				return -1;
			}
			if (v == truth && !sim->nodes[i].down)
				fresh[s]++;
			if (((stale[s / 64] >> (s % 64)) & 1) != (v != truth)) {
				errbuf_set(err, errlen,
				           "n%u slot %u: stale bit wrong",
				           i + 1, s + 1);
				free(fresh);
				free(off);
				return -1;
			}
			off[s] += v != truth;
		}
	}
	for (uint32_t s = 0; s < sim->v; s++) {
		bool any = ((sim->behind_any[s / 64] >> (s % 64)) & 1) != 0;
		uint64_t least = UINT64_MAX;
		uint32_t holders = 0;

		for (uint32_t i = 0; i < sim->n; i++) {
			uint64_t cell = sim->cells[(size_t)i * sim->v + s];

			holders = cell < least ? 1 : holders + (cell == least);
			least = cell < least ? cell : least;
		}
		if (least != sim->least[s] ||
		    holders != sim->least_holders[s]) {
			errbuf_set(err, errlen,
			           "slot %u: least cell %llu held by %u, "
			           "bookkeeping says %llu by %u",
			           s + 1, (unsigned long long)least, holders,
			           (unsigned long long)sim->least[s],
			           sim->least_holders[s]);
			free(fresh);
			free(off);
			return -1;
		}

		join += sim->truth_slots[s];
		if (off[s] != sim->behind[s] || any != (off[s] != 0)) {
			errbuf_set(err, errlen,
			           "slot %u: %u nodes behind, bookkeeping "
			           "says %u",
			           s + 1, off[s], sim->behind[s]);
			free(fresh);
			free(off);
			return -1;
		}
		if (fresh[s] != sim->up_to_date[s]) {
			errbuf_set(
			    err, errlen,
			    "slot %u: %u live nodes up to date, bookkeeping "
			    "says %u",
			    s + 1, fresh[s], sim->up_to_date[s]);
			free(fresh);
			free(off);
			return -1;
		}
		behind += live - fresh[s];
	}
	free(fresh);
	free(off);
	if (live != sim->live || behind != sim->cells_behind ||
	    join != sim->join_total || join > sim->truth_total ||
	    sim->converged != (behind == 0)) {
		errbuf_set(
		    err, errlen,
		    "bookkeeping: %u live (recount %u), %llu cells behind "
		    "(recount %llu), join %llu (recount %llu), %llu "
		    "increments",
		    sim->live, live, (unsigned long long)sim->cells_behind,
		    (unsigned long long)behind,
		    (unsigned long long)sim->join_total,
		    (unsigned long long)join,
		    (unsigned long long)sim->truth_total);
		return -1;
	}
	return 0;
}
