/*
 * Peer-to-peer gossip with no master: on its timer a node pushes its state
 * to `fanout` peers drawn at random. In push-pull, a peer that receives a
 * push answers with its own state, so news travels both ways per contact.
 * No single point of failure; more messages than the relay per round.
 */
#include "sim/sim-internal.h"
#include "sim/strategy.h"

static void push_to_peers(struct sim *sim, uint32_t node)
{
	uint32_t peers[SIM_MAX_NODES];
	uint32_t count =
	    sim_random_peers(sim, node, sim_config(sim)->fanout, peers);

	for (uint32_t i = 0; i < count; i++)
		sim_send_state(sim, MSG_PUSH, node, peers[i]);
}

static void gossip_on_timer(struct sim *sim, uint32_t node)
{
	push_to_peers(sim, node);
	sim_arm_timer(sim, node);
}

/* push-pull: answer a push with our own state (never answer an answer). */
static void push_pull_on_deliver(struct sim *sim,
                                 const struct sim_delivery *msg)
{
	if (msg->kind != MSG_PUSH || msg->to == SIM_RELAY)
		return;
	sim_send_state(sim, MSG_REPLY, msg->to, msg->from);
}

const struct strategy strategy_gossip = {
    .name = "gossip",
    .summary = "each node pushes its vector to --fanout random peers on "
               "its timer: no master to fail, converges in about log N "
               "rounds, more messages",
    .start_node = sim_arm_timer,
    .on_timer = gossip_on_timer,
    .on_increment = strategy_no_node_hook,
    .on_gossip_now = push_to_peers,
    .on_deliver = strategy_no_delivery_hook,
};

const struct strategy strategy_push_pull = {
    .name = "push-pull",
    .summary = "gossip where each peer answers a push with its own vector: "
               "news spreads both ways, fewer rounds, twice the messages",
    .start_node = sim_arm_timer,
    .on_timer = gossip_on_timer,
    .on_increment = strategy_no_node_hook,
    .on_gossip_now = push_to_peers,
    .on_deliver = push_pull_on_deliver,
};
