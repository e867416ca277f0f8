/*
 * A frame's one read of the world (see summary.h). Everything here is a
 * copy or a pointer taken from sim.h's getters; nothing is derived that
 * the screen does not ask for. A frame costs one pass over each node's
 * vector (its value), O(nodes x slots), and up to SUMMARY_MAX_MESSAGES
 * message views.
 */
#include "view/summary.h"

#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof *s);
}

void summary_free(struct summary *s)
{
	if (s == NULL)
		return;
	free(s->node);
	free(s->messages);
	summary_init(s);
}

static void fill_messages(struct summary *s, const struct sim *sim)
{
	struct sim_message_view m;

	if (s->messages == NULL)
		s->messages =
		    xcalloc(SUMMARY_MAX_MESSAGES, sizeof *s->messages);
	s->message_count = 0;
	for (bool ok = sim_message_first(sim, &m);
	     ok && s->message_count < SUMMARY_MAX_MESSAGES;
	     ok = sim_message_next(sim, &m))
		s->messages[s->message_count++] = m;
}

void summary_fill(struct summary *s, const struct sim *sim)
{
	uint32_t n = sim_node_count(sim);

	if (s->node_cap < n) {
		s->node = xrealloc(s->node, n, sizeof *s->node);
		s->node_cap = n;
	}
	s->config = sim_config(sim);
	s->now_us = sim_now(sim);
	s->nodes = n;
	s->slots = sim_vector_slots(sim);
	s->live = sim_live_nodes(sim);
	s->pn = s->config->crdt == CRDT_PNCOUNTER;
	s->truth = sim_truth(sim);
	s->truth_total = sim_truth_total(sim);
	s->truth_decrements = sim_truth_decrements(sim);
	s->join_value = sim_join_value(sim);
	s->lost_increments = sim_lost_increments(sim);
	s->lost_decrements = sim_lost_decrements(sim);
	s->true_value = sim_true_value(sim);
	s->join_signed_value = sim_join_signed_value(sim);
	s->converged = sim_converged(sim);
	s->converged_at_us = sim_converged_at(sim);
	/* Only plain op counting a duplicate puts a cell above the truth:
	 * until then no node needs scanning for it. */
	s->may_be_over = sim_overcounted(sim);
	s->relay_down = sim_relay_down(sim);
	s->have_read = sim_last_read(sim, &s->read_node, &s->read_value);
	sim_stats(sim, &s->stats);
	s->in_flight = sim_in_flight(sim);
	fill_messages(s, sim);
	for (uint32_t i = 0; i < n; i++) {
		/* One pass over a node's vector a frame, not two: a
		 * G-Counter's signed value is its value, and a PN-Counter's
		 * plain sum (P + N) is never shown. */
		uint64_t value = s->pn ? 0 : sim_node_value(sim, i);

		s->node[i] = (struct summary_node){
		    .vector = sim_node_vector(sim, i),
		    .changed_at = sim_node_changed_at(sim, i),
		    .value = value,
		    .signed_value =
		        s->pn ? sim_node_signed_value(sim, i) : (int64_t)value,
		    .partition = sim_node_partition(sim, i),
		    .down = sim_node_down(sim, i),
		    .seat = sim_node_remote(sim, i),
		};
	}
}

bool summary_node_behind(const struct summary *s, uint32_t node)
{
	const struct gcounter *own = s->node[node].vector;

	for (size_t i = 0; i < own->n && i < s->truth->n; i++)
		if (own->slots[i] < s->truth->slots[i])
			return true;
	return false;
}

unsigned summary_node_over(const struct summary *s, uint32_t node)
{
	const struct gcounter *own = s->node[node].vector;
	unsigned halves = 0;

	for (size_t i = 0; i < own->n && i < s->truth->n; i++)
		if (own->slots[i] > s->truth->slots[i])
			halves |= i < s->nodes ? 1u : 2u;
	return halves;
}

uint64_t summary_half_sum(const struct summary *s, const struct gcounter *g,
                          int half)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < s->nodes && (size_t)half * s->nodes + i < g->n;
	     i++)
		sum += g->slots[(size_t)half * s->nodes + i];
	return sum;
}
