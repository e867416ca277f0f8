/*
 * Strategies where a node sends its state to every other node: on a fixed
 * period for all (interval), on every increment (on-change), or both, after
 * K increments (hybrid). They differ in when, which trades the latency to
 * converge against the messages sent.
 */
#include "sim/sim-internal.h"
#include "sim/strategy.h"

/* --- interval: everyone broadcasts in lockstep rounds --------------------- */

static uint64_t round_period(const struct sim *sim)
{
	return sim_config(sim)->gossip_min_us;
}

/* Joins the next round: every node fires at the same multiples. */
static void interval_start_node(struct sim *sim, uint32_t node)
{
	uint64_t period = round_period(sim);

	sim_arm_timer_at(sim, node, (sim_now(sim) / period + 1) * period);
}

static void interval_on_timer(struct sim *sim, uint32_t node)
{
	sim_broadcast(sim, node);
	sim_arm_timer_at(sim, node, sim_now(sim) + round_period(sim));
}

const struct strategy strategy_interval = {
    .name = "interval",
    .summary = "every node broadcasts to all on a fixed period (the lower "
               "bound of --gossip-interval): predictable, N-1 messages per "
               "node per round even when nothing changed",
    .reaches_all = true,
    .start_node = interval_start_node,
    .on_timer = interval_on_timer,
    .on_increment = strategy_no_node_hook,
    .on_gossip_now = sim_broadcast,
    .on_deliver = strategy_no_delivery_hook,
};

/* --- on-change: broadcast on every increment ------------------------------ */

const struct strategy strategy_on_change = {
    .name = "on-change",
    .summary = "a node broadcasts to all on every increment: the fastest "
               "to converge, N-1 messages per increment, and nothing repairs "
               "a lost message",
    .reaches_all = true,
    .start_node = strategy_no_node_hook,
    .on_timer = strategy_no_node_hook,
    .on_increment = sim_broadcast,
    .on_gossip_now = sim_broadcast,
    .on_deliver = strategy_no_delivery_hook,
};

/* --- hybrid: periodic, and early after K changes ----------------------------
 */

/* What hybrid keeps per worker: its increments since it last broadcast. */
struct hybrid_node {
	uint32_t changes_since_send;
};

static struct hybrid_node *hybrid_node(struct sim *sim, uint32_t node)
{
	return sim_strategy_node(sim, node);
}

static void hybrid_broadcast(struct sim *sim, uint32_t node)
{
	sim_broadcast(sim, node);
	hybrid_node(sim, node)->changes_since_send = 0;
}

/* At start, on a switch to hybrid, and after a restart: what the node
 * counted before is not news it owes anyone. */
static void hybrid_start_node(struct sim *sim, uint32_t node)
{
	hybrid_node(sim, node)->changes_since_send = 0;
	sim_arm_timer(sim, node);
}

static void hybrid_on_timer(struct sim *sim, uint32_t node)
{
	hybrid_broadcast(sim, node);
	sim_arm_timer(sim, node);
}

static void hybrid_on_increment(struct sim *sim, uint32_t node)
{
	struct hybrid_node *h = hybrid_node(sim, node);

	if (++h->changes_since_send >= sim_config(sim)->hybrid_changes)
		hybrid_broadcast(sim, node);
}

const struct strategy strategy_hybrid = {
    .name = "hybrid",
    .summary = "broadcast on the gossip timer, and at once after "
               "--hybrid-changes increments: bounded staleness under load, "
               "repairs lost messages when idle",
    .reaches_all = true,
    .node_state = sizeof(struct hybrid_node),
    .start_node = hybrid_start_node,
    .on_timer = hybrid_on_timer,
    .on_increment = hybrid_on_increment,
    .on_gossip_now = hybrid_broadcast,
    .on_deliver = strategy_no_delivery_hook,
};
