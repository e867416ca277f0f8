/*
 * The original design: every worker gossips on its own random timer by
 * sending its vector to the master relay, which forwards it to every other
 * worker. Simple, but every message crosses the relay: when the relay is
 * down, nothing propagates.
 */
#include "sim/sim-internal.h"
#include "sim/strategy.h"

static void send_to_relay(struct sim *sim, uint32_t node)
{
	sim_send_state(sim, MSG_STATE, node, SIM_RELAY);
}

static void relay_on_timer(struct sim *sim, uint32_t node)
{
	send_to_relay(sim, node);
	/* Re-armed only here, by its own firing: incoming gossip never
	 * resets a worker's timer. */
	sim_arm_timer(sim, node);
}

static void relay_on_deliver(struct sim *sim, const struct sim_delivery *msg)
{
	if (msg->to != SIM_RELAY)
		return;
	/* Acknowledgements go on to the one worker they are for. */
	if (msg->kind == MSG_ACK || msg->kind == MSG_NACK) {
		sim_forward(sim, msg, sim_control_dest(msg));
		return;
	}
	if (msg->payload == NULL)
		return;
	/* Forward the very payload that arrived to every worker but the
	 * one whose state it is. */
	for (uint32_t node = 0; node < sim_node_count(sim); node++)
		if (node != msg->origin)
			sim_forward(sim, msg, node);
}

const struct strategy strategy_relay = {
    .name = "relay",
    .summary = "workers send their vector to a master that forwards it to "
               "all others: few sends per node, but the master is a single "
               "point of failure",
    .reaches_all = true,
    .uses_relay = true,
    .start_node = sim_arm_timer,
    .on_timer = relay_on_timer,
    .on_increment = strategy_no_node_hook,
    .on_gossip_now = send_to_relay,
    .on_deliver = relay_on_deliver,
};
