/*
 * Faults in words: what a partition cuts, and why a message on a link would
 * be lost if it arrived now. Pure text over sim.h: the grid, the event log
 * and narration all say it the same way.
 */
#include "view/faults.h"

#include <stdio.h>

static const char *const partition_words[] = {
    [PARTITION_NONE] = "",
    [PARTITION_NO_RECEIVE] = "cannot receive (in)",
    [PARTITION_NO_SEND] = "cannot send (out)",
    [PARTITION_BOTH] = "cut off both ways",
};

const char *faults_partition_words(enum sim_partition cut)
{
	return cut <= PARTITION_BOTH ? partition_words[cut] : "";
}

const char *faults_link_cut(const struct sim *sim, uint32_t from, uint32_t to,
                            char *buf, size_t cap)
{
	char name[16];

	if (from != SIM_RELAY && from < sim_node_count(sim) &&
	    (sim_node_partition(sim, from) & PARTITION_NO_SEND)) {
		sim_node_name(from, name, sizeof name);
		snprintf(buf, cap, "%s cannot send", name);
		return buf;
	}
	if (to == SIM_RELAY) {
		if (!sim_relay_down(sim))
			return NULL;
		snprintf(buf, cap, "the relay is down");
		return buf;
	}
	if (to >= sim_node_count(sim))
		return NULL;
	sim_node_name(to, name, sizeof name);
	if (sim_node_down(sim, to)) {
		snprintf(buf, cap, "%s is down", name);
		return buf;
	}
	if (sim_node_partition(sim, to) & PARTITION_NO_RECEIVE) {
		snprintf(buf, cap, "%s cannot receive", name);
		return buf;
	}
	return NULL;
}
