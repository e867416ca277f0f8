/*
 * Reading the world: the getters of sim.h. Each reads, none changes
 * anything, and none calls another part of the engine but a mode's hook
 * (bookkeeping bytes, op log length).
 */
#include "crdt/gcounter.h"
#include "crdt/pncounter.h"
#include "sim/mode.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"

const struct sim_config *sim_config(const struct sim *sim)
{
	return &sim->config;
}

const struct sim_config *sim_initial_config(const struct sim *sim)
{
	return &sim->initial_config;
}

uint64_t sim_now(const struct sim *sim)
{
	return sim->now_us;
}

uint64_t sim_events_run(const struct sim *sim)
{
	return sim->events_run;
}

uint32_t sim_node_count(const struct sim *sim)
{
	return sim->n;
}

uint32_t sim_vector_slots(const struct sim *sim)
{
	return sim->v;
}

/* A vector's value as its CRDT defines it: a G-Counter's sum, or a
 * PN-Counter's sum(P) - sum(N) over the view of its 2N cells. Counts stay
 * below SIM_MAX_TOTAL, so neither can overflow. */
static int64_t signed_value(const struct sim *sim, const struct gcounter *g)
{
	struct pncounter pn;
	int64_t value;

	if (sim->v == sim->n)
		return (int64_t)gcounter_value_saturated(g);
	pncounter_view(&pn, g);
	pncounter_value(&pn, &value);
	return value;
}

int64_t sim_node_signed_value(const struct sim *sim, uint32_t node)
{
	return signed_value(sim, &sim->nodes[node].vector);
}

int64_t sim_join_signed_value(const struct sim *sim)
{
	return signed_value(sim, &sim->truth);
}

uint64_t sim_truth_decrements(const struct sim *sim)
{
	return sim->truth_decrements;
}

int64_t sim_true_value(const struct sim *sim)
{
	return (int64_t)(sim->truth_total - sim->truth_decrements) -
	       (int64_t)sim->truth_decrements;
}

bool sim_state_is_news(const struct sim *sim, const struct gcounter *state,
                       uint32_t origin)
{
	for (uint32_t j = 0; j < sim->n; j++) {
		const uint64_t *cells = &sim->cells[(size_t)j * sim->v];
		const uint64_t *bits =
		    &sim->stale[(size_t)j * sim->stale_words];

		if (j == origin)
			continue;
		/* A state is never above the truth, and a cell that is not
		 * stale is the truth; but once an op counted twice, a state
		 * may be above it: then every cell is read. */
		if (sim->overcounted || state->n != sim->v) {
			if (!gcounter_leq(state, &sim->nodes[j].vector))
				return true;
			continue;
		}
		for (size_t w = 0; w < sim->stale_words; w++)
			for (uint64_t b = bits[w]; b != 0; b &= b - 1) {
				size_t s = w * 64 + (size_t)__builtin_ctzll(b);

				if (state->slots[s] > cells[s])
					return true;
			}
	}
	return false;
}

const struct gcounter *sim_node_vector(const struct sim *sim, uint32_t node)
{
	return &sim->nodes[node].vector;
}

uint64_t sim_node_value(const struct sim *sim, uint32_t node)
{
	return gcounter_value_saturated(&sim->nodes[node].vector);
}

uint64_t sim_cell_changed_at(const struct sim *sim, uint32_t node,
                             uint32_t slot)
{
	return sim->changed_at[(size_t)node * sim->v + slot];
}

const uint64_t *sim_node_changed_at(const struct sim *sim, uint32_t node)
{
	return sim->changed_at + (size_t)node * sim->v;
}

uint64_t sim_node_next_gossip(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].next_timer_us;
}

const struct gcounter *sim_truth(const struct sim *sim)
{
	return &sim->truth;
}

uint64_t sim_truth_total(const struct sim *sim)
{
	return sim->truth_total;
}

bool sim_converged(const struct sim *sim)
{
	return sim->converged;
}

uint64_t sim_converged_at(const struct sim *sim)
{
	return sim->converged_at_us;
}

uint64_t sim_cells_behind(const struct sim *sim)
{
	return sim->cells_behind;
}

bool sim_overcounted(const struct sim *sim)
{
	return sim->overcounted;
}

bool sim_workload_active(const struct sim *sim)
{
	return sim->config.rate > 0 && (sim->config.duration_us == 0 ||
	                                sim->now_us < sim->config.duration_us);
}

bool sim_node_down(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].down;
}

bool sim_node_remote(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].remote;
}

bool sim_relay_down(const struct sim *sim)
{
	return sim->relay_down;
}

enum sim_partition sim_node_partition(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].partition;
}

uint32_t sim_live_nodes(const struct sim *sim)
{
	return sim->live;
}

uint64_t sim_join_value(const struct sim *sim)
{
	return sim->join_total;
}

uint64_t sim_reader_backwards(const struct sim *sim)
{
	return sim->reader_backwards;
}

bool sim_last_read(const struct sim *sim, uint32_t *node, uint64_t *value)
{
	*node = sim->last_read_node;
	*value = sim->last_read_value;
	return sim->have_read;
}

void sim_latency(const struct sim *sim, struct sim_latency *latency)
{
	sim_latency_since(sim, 0, latency);
}

void sim_latency_since(const struct sim *sim, uint64_t from_sample,
                       struct sim_latency *latency)
{
	struct spread_summary summary;

	spread_summarize(sim->spread, from_sample, &summary);
	*latency = (struct sim_latency){.samples = summary.samples,
	                                .pending = summary.pending,
	                                .p50_us = summary.p50_us,
	                                .p99_us = summary.p99_us,
	                                .max_us = summary.max_us};
}

void sim_stats(const struct sim *sim, struct sim_stats *stats)
{
	*stats = sim->stats;
}

const struct sim_phase *sim_phase(const struct sim *sim)
{
	return &sim->phase;
}

void sim_budgets(const struct sim *sim, uint64_t *in_flight,
                 uint64_t *payload_bytes)
{
	*in_flight = sim->max_in_flight;
	*payload_bytes = sim->max_payload_bytes;
}

uint64_t sim_op_log_length(const struct sim *sim, uint32_t node)
{
	return sim->mode->op_log_length != NULL
	           ? sim->mode->op_log_length(sim, node)
	           : 0;
}

uint64_t sim_mode_state_bytes(const struct sim *sim, uint32_t node)
{
	return sim->mode->state_bytes != NULL
	           ? sim->mode->state_bytes(sim, node)
	           : 0;
}
