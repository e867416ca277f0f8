/*
 * The shared test helpers (see world.h). They fail the running cmocka test
 * rather than return errors, so tests read as plain steps.
 */
#include "world.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "sim/latency.h"
#include "sim/rng.h"
#include "script/settings.h"
#include "sim/strategy.h"

uint64_t support_seed(uint64_t fallback)
{
	const char *env = getenv("GCOUNTER_TEST_SEED");

	return env ? strtoull(env, NULL, 10) : fallback;
}

struct sim *support_world(const struct strategy *strategy, uint32_t nodes,
                          uint64_t seed, enum sim_crdt crdt)
{
	struct sim_config c;
	char err[160];
	struct sim *sim;

	sim_config_defaults(&c);
	c.strategy = strategy;
	c.nodes = nodes;
	c.seed = seed;
	c.crdt = crdt;
	c.latency = latency_constant(10000);
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL)
		fail_msg("sim_new: %s", err);
	return sim;
}

void support_apply(struct sim *sim, struct command cmd)
{
	char err[160];

	if (sim_apply(sim, &cmd, err, sizeof err) != 0)
		fail_msg("sim_apply: %s", err);
}

void support_check(const struct sim *sim, uint64_t seed)
{
	char err[256];

	if (sim_check_invariants(sim, err, sizeof err) != 0)
		fail_msg("seed %llu: %s", (unsigned long long)seed, err);
}

/* Fails the running test with the helper's message. */
void support_converge(const struct hostile_world *world,
                      const struct hostile_settle *settle, uint64_t seed)
{
	char err[512];

	if (hostile_converge(world, settle, seed, err, sizeof err) != 0)
		fail_msg("%s", err);
}

/* The fault schedule's world: its knobs in the order they were always
 * drawn, so that each seed builds the world it always built. */
static void fault_schedule_draw(struct rng *rng, struct sim_config *c)
{
	c->nodes = 2 + (uint32_t)rng_below(rng, 8);
	c->rate = (double)(5 + rng_below(rng, 60));
	c->latency = latency_uniform(0, 1 + rng_below(rng, 200000));
	c->duplicate = rng_unit(rng) * 0.3;
	c->drop = rng_unit(rng) * 0.2;
}

void support_fault_schedule(const struct strategy *strategy, enum sim_crdt crdt,
                            enum sim_mode mode, uint64_t seed)
{
	const struct hostile_world world = {.strategy = strategy,
	                                    .crdt = crdt,
	                                    .mode = mode,
	                                    .stream = 31,
	                                    .draw = fault_schedule_draw};
	const struct hostile_settle settle = {
	    .limit_us = 300000000, .check = hostile_check_invariants};
	struct rng rng;
	char err[256];
	struct sim *sim;
	uint32_t nodes;

	sim = hostile_new(&world, seed, &rng, err, sizeof err);
	if (sim == NULL)
		fail_msg("sim_new: %s", err);
	nodes = sim_node_count(sim);
	for (int step = 0; step < 30; step++) {
		uint32_t node = (uint32_t)rng_below(&rng, nodes);
		struct command cmd = {.node = node};

		switch (rng_below(&rng, 6)) {
		case 0:
			cmd.kind = CMD_PARTITION;
			cmd.mode = 1 + (uint32_t)rng_below(&rng, 3);
			break;
		case 1:
			cmd.kind = CMD_HEAL;
			break;
		case 2:
			cmd.kind =
			    sim_node_down(sim, node) ? CMD_RESTART : CMD_CRASH;
			break;
		case 3:
			cmd.node = SIM_RELAY;
			cmd.kind =
			    sim_relay_down(sim) ? CMD_RESTART : CMD_CRASH;
			break;
		default:
			cmd.kind = crdt == CRDT_PNCOUNTER && rng_below(&rng, 2)
			               ? CMD_DECREMENT
			               : CMD_INCREMENT;
			cmd.amount = 1 + rng_below(&rng, 3);
			if (sim_node_down(sim, node))
				cmd.kind = CMD_GOSSIP_NOW, cmd.node = SIM_RELAY;
			break;
		}
		if (cmd.node != SIM_RELAY || cmd.kind != CMD_GOSSIP_NOW)
			support_apply(sim, cmd);
		sim_run_until(sim, sim_now(sim) + rng_below(&rng, 300000));
		if (step % 5 == 0)
			support_check(sim, seed);
	}
	if (hostile_end_faults(sim, NULL, NULL, err, sizeof err) != 0 ||
	    hostile_settle(sim, &settle, err, sizeof err) != 0 ||
	    hostile_check_truth(sim, err, sizeof err) != 0)
		fail_msg("%s, %s mode, %s, seed %llu: %s", strategy->name,
		         sim_mode_name(mode),
		         crdt == CRDT_PNCOUNTER ? "PN-Counter" : "G-Counter",
		         (unsigned long long)seed, err);
	sim_free(sim);
}
