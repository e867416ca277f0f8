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
    /* (The engine forwards what reaches the relay: sim_relay_forward.) */
    .on_deliver = strategy_no_delivery_hook,
};
