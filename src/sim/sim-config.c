/*
 * The world's configuration: the check that a config can build a world,
 * and the names commands and nodes go by. It reads the mode and strategy
 * tables' fields; it never touches a world, and names no table (the
 * defaults are the settings': script/settings.c).
 */
#include <inttypes.h>
#include <stdio.h>

#include "sim/mode.h"
#include "sim/sim-struct.h"
#include "sim/strategy.h"
#include "util/errbuf.h"

const char *sim_command_name(enum command_kind kind)
{
	static const char *const names[CMD_KIND_COUNT] = {
	    [CMD_INCREMENT] = "inc",
	    [CMD_GOSSIP_NOW] = "gossip",
	    [CMD_SET_RATE] = "rate",
	    [CMD_SET_LATENCY] = "latency",
	    [CMD_SET_GOSSIP] = "gossip-interval",
	    [CMD_SET_DROP] = "drop",
	    [CMD_SET_DUPLICATE] = "duplicate",
	    [CMD_SET_STRATEGY] = "strategy",
	    [CMD_SET_READER] = "reader",
	    [CMD_DECREMENT] = "dec",
	    [CMD_PARTITION] = "partition",
	    [CMD_HEAL] = "heal",
	    [CMD_CRASH] = "crash",
	    [CMD_RESTART] = "restart",
	    [CMD_SET_MODE] = "mode",
	};

	return (unsigned)kind < CMD_KIND_COUNT && names[kind] ? names[kind]
	                                                      : "unknown";
}

size_t sim_node_name(uint32_t node, char *buf, size_t cap)
{
	int w = node == SIM_RELAY ? snprintf(buf, cap, "relay")
	                          : snprintf(buf, cap, "n%" PRIu32, node + 1);

	return w < 0 ? 0 : (size_t)w;
}

/* A PN-Counter has two slots a node. */
_Static_assert(2 * SIM_MAX_NODES <= GCOUNTER_MAX_SLOTS,
               "a PN-Counter of SIM_MAX_NODES must fit a G-Counter's slots");

int sim_validate_config(const struct sim_config *c, char *err, size_t errlen)
{
	if (c->max_in_flight > SIM_MAX_IN_FLIGHT_CAP) {
		errbuf_set(err, errlen, "the in-flight budget is at most %u",
		           SIM_MAX_IN_FLIGHT_CAP);
		return -1;
	}
	if (c->nodes < 1 || c->nodes > SIM_MAX_NODES) {
		errbuf_set(err, errlen, "nodes must be 1 to %d, got %" PRIu32,
		           SIM_MAX_NODES, c->nodes);
		return -1;
	}
	if (c->strategy == NULL) {
		errbuf_set(err, errlen, "no strategy");
		return -1;
	}
	if (c->gossip_min_us < SIM_MIN_GOSSIP_US ||
	    c->gossip_min_us > c->gossip_max_us ||
	    c->gossip_max_us > LATENCY_MAX_US) {
		errbuf_set(err, errlen,
		           "gossip interval must be a range from 1ms to 60m");
		return -1;
	}
	if (!(c->rate >= 0 && c->rate <= SIM_MAX_RATE)) {
		errbuf_set(err, errlen, "rate must be 0 to %g per second",
		           SIM_MAX_RATE);
		return -1;
	}
	if (c->duration_us > SIM_MAX_DURATION_US) {
		errbuf_set(err, errlen, "duration must be at most 24h");
		return -1;
	}
	if (!(c->drop >= 0 && c->drop <= 1) ||
	    !(c->duplicate >= 0 && c->duplicate <= 1)) {
		errbuf_set(err, errlen, "probabilities must be 0 to 1");
		return -1;
	}
	if ((unsigned)c->crdt > CRDT_PNCOUNTER) {
		errbuf_set(err, errlen, "unknown CRDT");
		return -1;
	}
	if ((unsigned)c->mode >= MODE_COUNT) {
		errbuf_set(err, errlen, "unknown propagation mode");
		return -1;
	}
	if (!sim_mode_fits_strategy(c->mode, c->strategy)) {
		char fit[128];

		strategy_names_reaching_all(" or ", fit, sizeof fit);
		errbuf_set(err, errlen,
		           "%s mode sends each op once from its origin, and %s "
		           "passes state on from peer to peer: use %s",
		           sim_mode_name(c->mode), c->strategy->name, fit);
		return -1;
	}
	/* "Went backwards" means something only for a counter that never
	 * goes down. */
	if (c->crdt == CRDT_PNCOUNTER && c->reader != READER_NONE) {
		errbuf_set(err, errlen,
		           "readers watch for a G-Counter going backwards; a "
		           "PN-Counter goes down by design");
		return -1;
	}
	if (c->fanout < 1 || c->fanout > SIM_MAX_NODES) {
		errbuf_set(err, errlen, "fanout must be 1 to %d",
		           SIM_MAX_NODES);
		return -1;
	}
	if (c->hybrid_changes < 1 ||
	    c->hybrid_changes > SIM_MAX_HYBRID_CHANGES) {
		errbuf_set(err, errlen, "hybrid changes must be 1 to %d",
		           SIM_MAX_HYBRID_CHANGES);
		return -1;
	}
	if ((unsigned)c->latency.kind > LATENCY_EXPONENTIAL) {
		errbuf_set(err, errlen, "unknown latency model");
		return -1;
	}
	if (c->latency.min_us > c->latency.max_us ||
	    latency_upper_bound(&c->latency) > LATENCY_MAX_US) {
		errbuf_set(err, errlen, "latency must be at most an hour");
		return -1;
	}
	return 0;
}
