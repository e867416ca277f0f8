/*
 * Workers' lives: crashes and restarts (what survives on disk), the live
 * set that "converged" is about, gossip timers, and the per-node state a
 * strategy keeps. It calls strategies and modes only through their tables.
 */
#include <stdlib.h>
#include <string.h>

#include "crdt/gcounter.h"
#include "sim/mode.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"
#include "sim/strategy.h"
#include "util/fatal.h"

void *sim_strategy_node(struct sim *sim, uint32_t node)
{
	size_t size = sim->config.strategy->node_state;

	return size > 0 ? sim->strategy_state + (size_t)node * size : NULL;
}

/* Takes a node out of (or back into) the live set that "converged" is
 * about. */
static void leave_live_set(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;

	for (uint32_t s = 0; s < sim->v; s++) {
		if (cells[s] == sim->truth_slots[s])
			sim->up_to_date[s]--;
		else
			sim->cells_behind--;
	}
	sim->live--;
	spread_node_left(sim->spread, cells, sim->now_us, sim->live);
}

static void join_live_set(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;

	for (uint32_t s = 0; s < sim->v; s++) {
		if (cells[s] == sim->truth_slots[s])
			sim->up_to_date[s]++;
		else
			sim->cells_behind++;
	}
	sim->live++;
	spread_node_joined(sim->spread, cells);
}

void sim_crash_node(struct sim *sim, uint32_t node)
{
	struct node *n = &sim->nodes[node];

	n->down = true;
	if (n->remote)
		sim->remote_live--;
	n->timer_generation++; /* its timers die with it */
	n->next_timer_us = 0;
	leave_live_set(sim, node);
	if (sim->reader_node == node)
		sim->reader_node = NIL;
	sim_truth_recheck(sim);
	sim_update_convergence(sim);
}

void sim_restart_node(struct sim *sim, uint32_t node, enum sim_restart mode)
{
	struct node *n = &sim->nodes[node];

	/* What survives a crash: nothing in memory; on disk, the node's own
	 * count, unless this is the amnesia lesson. In op modes the disk
	 * keeps the whole vector: no one sends an op twice, so a replica
	 * must keep everything it applied. */
	bool keeps_all = mode == RESTART_DURABLE && sim->mode->needs_durable;

	if (mode == RESTART_AMNESIA) {
		n->durable_own = n->durable_dec = 0;
		sim->forgetful = true;
	}
	sim_forget_snapshot(sim, node);
	if (!keeps_all) {
		uint64_t *after = sim->scratch_slots;

		sim_fill_snapshots(sim, node); /* they hold the vector before */
		memset(after, 0, sim->v * sizeof *after);
		after[node] = n->durable_own;
		if (sim->v > sim->n)
			after[sim->n + node] = n->durable_dec;
		sim_least_lower(sim, node, after);
		gcounter_reset(&n->vector);
		n->vector.slots[node] = n->durable_own;
		if (sim->v > sim->n)
			n->vector.slots[sim->n + node] = n->durable_dec;
		for (uint32_t s = 0; s < sim->v; s++)
			sim->changed_at[(size_t)node * sim->v + s] =
			    sim->now_us;
		sim_stale_recount(sim, node);
		sim_slot_bytes_recount(sim, node);
	}
	n->incarnation++;
	n->remote = mode == RESTART_REMOTE;
	if (n->remote)
		sim->remote_live++;
	if (sim->mode->node_restarted != NULL)
		sim->mode->node_restarted(sim, node);
	n->down = false;
	join_live_set(sim, node);
	sim_truth_recheck(sim);
	sim_update_convergence(sim);
	/* What the strategy kept about this node died with it: every
	 * strategy starts a restarted node from zeroed state, as at start. */
	if (sim->config.strategy->node_state > 0)
		memset(sim_strategy_node(sim, node), 0,
		       sim->config.strategy->node_state);
	sim->config.strategy->start_node(sim, node);
}

void sim_arm_timer(struct sim *sim, uint32_t node)
{
	struct node *n = &sim->nodes[node];
	uint64_t delay;

	/* A remote replica keeps its own timer where it lives. */
	if (n->remote)
		return;
	delay = rng_range(&sim->rng_timers, sim->config.gossip_min_us,
	                  sim->config.gossip_max_us);
	n->next_timer_us = sim->now_us + delay;
	sim_queue_push(&sim->queue, n->next_timer_us, SIM_EV_TIMER, node,
	               n->timer_generation);
}

void sim_arm_timer_at(struct sim *sim, uint32_t node, uint64_t at_us)
{
	struct node *n = &sim->nodes[node];

	if (n->remote)
		return;
	n->next_timer_us = at_us > sim->now_us ? at_us : sim->now_us;
	sim_queue_push(&sim->queue, n->next_timer_us, SIM_EV_TIMER, node,
	               n->timer_generation);
}

/* Starts the current strategy on every live worker, with its per-node
 * state fresh. */
void sim_start_strategy(struct sim *sim)
{
	size_t size = sim->config.strategy->node_state;

	/* The old strategy's state (if any) ends with it. */
	free(sim->strategy_state);
	sim->strategy_state = size > 0 ? xcalloc(sim->n, size) : NULL;
	for (uint32_t node = 0; node < sim->n; node++)
		if (!sim->nodes[node].down)
			sim->config.strategy->start_node(sim, node);
}
