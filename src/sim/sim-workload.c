/*
 * The workload and the reader: automatic increments and reads, each a
 * Poisson process on its own random stream, so that neither shifts the
 * other's draws (nor the network's).
 */
#include <math.h>

#include "crdt/gcounter.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-struct.h"

/*
 * A gap of a Poisson process in whole microseconds, at most a virtual day:
 * a tiny rate gives a huge gap, and llround of an out-of-range value is
 * undefined. (The draws go through libm's log, so replays are exact on the
 * same C library; see README.)
 */
static uint64_t gap_us(double gap_s)
{
	double us = gap_s * 1e6;

	return us >= (double)SIM_MAX_DURATION_US ? SIM_MAX_DURATION_US
	                                         : (uint64_t)llround(us);
}

/* Schedules the next automatic increment: a Poisson process of the rate. */
void sim_schedule_workload(struct sim *sim)
{
	double gap_s;
	uint64_t at;

	if (sim->config.rate <= 0)
		return;
	gap_s = -log(1.0 - rng_unit(&sim->rng_workload)) / sim->config.rate;
	at = sim->now_us + gap_us(gap_s);
	if (sim->config.duration_us != 0 && at >= sim->config.duration_us)
		return;
	sim_queue_push(&sim->queue, at, SIM_EV_WORKLOAD, 0,
	               sim->workload_generation);
}

/* The k-th live worker, counting from n1. */
uint32_t sim_nth_live_node(const struct sim *sim, uint32_t k)
{
	for (uint32_t i = 0; i < sim->n; i++)
		if (!sim->nodes[i].down && k-- == 0)
			return i;
	return 0;
}

uint32_t sim_nth_local_node(const struct sim *sim, uint32_t k)
{
	for (uint32_t i = 0; i < sim->n; i++)
		if (!sim->nodes[i].down && !sim->nodes[i].remote && k-- == 0)
			return i;
	return 0;
}

/* Reads are a Poisson process too, on their own random stream. */
void sim_schedule_read(struct sim *sim)
{
	double gap_s;

	if (sim->config.reader == READER_NONE || sim->config.read_rate <= 0)
		return;
	gap_s = -log(1.0 - rng_unit(&sim->rng_reader)) / sim->config.read_rate;
	sim_queue_push(&sim->queue, sim->now_us + gap_us(gap_s), SIM_EV_READ, 0,
	               sim->read_generation);
}

/*
 * One page view: read the value of a replica. A random reader may land on
 * a replica that knows less than the last one it asked, and see the count
 * go down; a sticky reader stays on one replica while it lives.
 */
void sim_read_counter(struct sim *sim)
{
	struct sim_record record = {.kind = REC_READ};
	uint32_t node;
	uint64_t value;

	if (sim->live == 0)
		return;
	node = sim_nth_live_node(
	    sim, (uint32_t)rng_below(&sim->rng_reader, sim->live));
	if (sim->config.reader == READER_STICKY) {
		if (sim->reader_node == NIL)
			sim->reader_node = node;
		node = sim->reader_node;
	}
	value = gcounter_value_saturated(&sim->nodes[node].vector);
	record.node = record.from = record.to = record.origin = node;
	record.amount = value;
	sim->stats.reads++;
	if (sim->have_read && value < sim->last_read_value) {
		sim->stats.backwards_reads++;
		sim->reader_backwards++;
		record.changed = 1;
	}
	sim->have_read = true;
	sim->last_read_node = node;
	sim->last_read_value = value;
	sim_emit(sim, &record);
}
