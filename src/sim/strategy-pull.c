/*
 * Pull, or anti-entropy on request: on its timer a node asks one random peer
 * for its state, and the peer answers with it. A node learns only when it
 * asks, so news spreads slower than by push, but a request is tiny.
 */
#include "sim/sim-internal.h"
#include "sim/strategy.h"

static void ask_a_peer(struct sim *sim, uint32_t node)
{
	uint32_t peer;

	if (sim_random_peers(sim, node, 1, &peer) == 1)
		sim_send_request(sim, node, peer);
}

static void pull_on_timer(struct sim *sim, uint32_t node)
{
	ask_a_peer(sim, node);
	sim_arm_timer(sim, node);
}

static void pull_on_deliver(struct sim *sim, const struct sim_delivery *msg)
{
	if (msg->kind != MSG_PULL || msg->to == SIM_RELAY)
		return;
	sim_send_state(sim, MSG_REPLY, msg->to, msg->from);
}

const struct strategy strategy_pull = {
    .name = "pull",
    .summary = "each node periodically asks a random peer for its vector: "
               "tiny requests, but a node learns news only when it asks",
    .start_node = sim_arm_timer,
    .on_timer = pull_on_timer,
    .on_increment = strategy_no_node_hook,
    .on_gossip_now = ask_a_peer,
    .on_deliver = pull_on_deliver,
};
