/*
 * What strategies may ask of the engine. Only files under src/sim include
 * this: the rest of the program sees the world through sim.h alone.
 */
#ifndef GCOUNTER_SIM_INTERNAL_H
#define GCOUNTER_SIM_INTERNAL_H

#include <stdint.h>

#include "sim/sim.h"

/* An immutable copy of a vector taken when a message is sent; shared by the
 * copies of one broadcast, never by a live node. */
struct payload;

struct sim_delivery {
	uint64_t id;
	uint32_t from, to, origin;
	struct payload *payload;
};

/* A snapshot of a worker's vector now (one reference, the caller's). */
struct payload *sim_snapshot(struct sim *sim, uint32_t node);
void payload_retain(struct payload *payload);
void payload_release(struct sim *sim, struct payload *payload);

/* Sends payload from `from` to `to` across the network (latency, drops,
 * duplicates apply). Takes its own reference to payload. */
void sim_send(struct sim *sim, uint32_t from, uint32_t to, uint32_t origin,
              struct payload *payload);
/* Arms node's timer at now + a fresh gossip interval. */
void sim_arm_timer(struct sim *sim, uint32_t node);
uint32_t sim_worker_count(const struct sim *sim);

#endif
