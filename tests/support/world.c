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
