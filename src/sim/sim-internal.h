/*
 * What strategies may ask of the engine. Only files under src/sim include
 * this: the rest of the program sees the world through sim.h alone.
 */
#ifndef GCOUNTER_SIM_INTERNAL_H
#define GCOUNTER_SIM_INTERNAL_H

#include <stdint.h>

#include "sim/sim.h"

/* What a message carries (its payload and header): opaque to strategies. */
struct payload;
struct header;

struct sim_delivery {
	uint64_t id;
	uint32_t from, to, origin;
	enum sim_message_kind kind;
	struct payload *payload; /* NULL for PULL, ACK and NACK */
	const struct header *header;
};

/*
 * Sends what the mode sends of node `from`'s state to `to`: its vector
 * (state), the slots `to` may lack (delta), or its ops (op modes). `to` is
 * a worker or SIM_RELAY, whose fan-out reaches every worker. In op modes a
 * node with nothing new to say sends nothing.
 */
void sim_send_state(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                    uint32_t to);
/* Sends node's state (as above) to every other worker. */
void sim_broadcast(struct sim *sim, uint32_t node);
/* Passes a message on as it came (the relay): same payload, same header. */
void sim_forward(struct sim *sim, const struct sim_delivery *msg, uint32_t to);
/* What the master relay does with a message that reached it: an ACK or
 * NACK goes on to the worker it is for, a payload to every worker but its
 * origin. The engine calls it for every message delivered to the relay,
 * whichever strategy is in force. */
void sim_relay_forward(struct sim *sim, const struct sim_delivery *msg);
/* A PULL request: "send me your state", no payload. */
void sim_send_request(struct sim *sim, uint32_t from, uint32_t to);
/* Arms node's timer at now + a fresh gossip interval. */
void sim_arm_timer(struct sim *sim, uint32_t node);
/* Arms node's timer at an exact virtual time (not before now). */
void sim_arm_timer_at(struct sim *sim, uint32_t node, uint64_t at_us);
/* Up to k distinct peers of node, drawn at random; returns how many. */
uint32_t sim_random_peers(struct sim *sim, uint32_t node, uint32_t k,
                          uint32_t *out);
/* The strategy's own state for a worker (struct strategy's node_state
 * bytes, zeroed when the strategy started), or NULL if it keeps none. */
void *sim_strategy_node(struct sim *sim, uint32_t node);

#endif
