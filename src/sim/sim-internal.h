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
	enum sim_message_kind kind;
	struct payload *payload; /* NULL for a PULL request */
};

/* A snapshot of a worker's vector now (one reference, the caller's). */
struct payload *sim_snapshot(struct sim *sim, uint32_t node);
void payload_retain(struct payload *payload);
void payload_release(struct sim *sim, struct payload *payload);

/* Sends payload from `from` to `to` across the network (latency, drops,
 * duplicates apply). Takes its own reference to payload, which is NULL
 * only for MSG_PULL. */
void sim_send(struct sim *sim, enum sim_message_kind kind, uint32_t from,
              uint32_t to, uint32_t origin, struct payload *payload);
/* Sends node's current state to every other worker. */
void sim_broadcast(struct sim *sim, uint32_t node);
/* Arms node's timer at now + a fresh gossip interval. */
void sim_arm_timer(struct sim *sim, uint32_t node);
/* Arms node's timer at an exact virtual time (not before now). */
void sim_arm_timer_at(struct sim *sim, uint32_t node, uint64_t at_us);
/* Up to k distinct peers of node, drawn at random; returns how many. */
uint32_t sim_random_peers(struct sim *sim, uint32_t node, uint32_t k,
                          uint32_t *out);
/* Increments at node since it last broadcast (hybrid counts these). */
uint32_t *sim_changes_since_send(struct sim *sim, uint32_t node);

#endif
