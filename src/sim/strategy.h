/*
 * Propagation strategies: when a node decides to tell others its state, and
 * whom it tells. Each is one `const struct strategy` table; the engine calls
 * its hooks and knows nothing else about it.
 */
#ifndef GCOUNTER_SIM_STRATEGY_H
#define GCOUNTER_SIM_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct sim_delivery;

struct strategy {
	const char *name;
	/* One sentence for help screens: what it does and its trade-off. */
	const char *summary;
	/* Every message it sends reaches every other worker from its origin,
	 * as ops must (op modes need this; gossip passes on state). */
	bool reaches_all;
	/* Workers send through the master relay (the screen draws it, and
	 * says when it is unused). */
	bool uses_relay;
	/* Bytes of state the strategy keeps per worker, 0 for none: the
	 * engine allocates it zeroed when the strategy starts (or is
	 * switched to), zeroes a node's again when it restarts after a
	 * crash, and frees it when the strategy ends; only the strategy
	 * reads it, through sim_strategy_node(). */
	size_t node_state;
	/* Arms a live worker's timers: at start, when the strategy is
	 * switched to, and when the worker restarts after a crash. */
	void (*start_node)(struct sim *sim, uint32_t node);
	/* A node's timer fired (one armed with sim_arm_timer). */
	void (*on_timer)(struct sim *sim, uint32_t node);
	/* A node incremented its own slot. */
	void (*on_increment)(struct sim *sim, uint32_t node);
	/* The presenter asked this node to send its state now. */
	void (*on_gossip_now)(struct sim *sim, uint32_t node);
	/* A message arrived (after any merge into a worker's vector). */
	void (*on_deliver)(struct sim *sim, const struct sim_delivery *msg);
};

extern const struct strategy strategy_relay;
extern const struct strategy strategy_gossip;
extern const struct strategy strategy_push_pull;
extern const struct strategy strategy_interval;
extern const struct strategy strategy_on_change;
extern const struct strategy strategy_pull;
extern const struct strategy strategy_hybrid;

/* Every strategy, in the order `s` cycles through them. */
const struct strategy *const *strategy_all(size_t *count);
/* By name, or NULL. */
const struct strategy *strategy_find(const char *name);
/* Its place in strategy_all(), as CMD_SET_STRATEGY names it. */
uint32_t strategy_index(const struct strategy *strategy);

/* The strategies whose every message reaches every worker (those op modes
 * need), in registry order, as a sentence lists them: "relay, interval,
 * on-change or hybrid" with last " or ". Returns the length, as snprintf
 * does. */
size_t strategy_names_reaching_all(const char *last, char *buf, size_t cap);

/* Hooks for strategies that do nothing at that moment. */
void strategy_no_node_hook(struct sim *sim, uint32_t node);
void strategy_no_delivery_hook(struct sim *sim, const struct sim_delivery *msg);

#endif
