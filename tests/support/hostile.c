/*
 * "A random hostile world, then converge" (see hostile.h). It must never
 * draw from the caller's stream on its own: the worlds the tests build are
 * fixed by their seeds, and a failure is replayed by its seed alone.
 */
#include "hostile.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "script/settings.h"
#include "sim/strategy.h"
#include "util/errbuf.h"

struct sim *hostile_new(const struct hostile_world *world, uint64_t seed,
                        struct rng *rng, char *err, size_t errlen)
{
	struct sim_config c;

	rng_seed(rng, seed, world->stream);
	sim_config_defaults(&c);
	if (world->strategy != NULL)
		c.strategy = world->strategy;
	c.crdt = world->crdt;
	c.mode = world->mode;
	c.seed = seed;
	if (world->draw != NULL)
		world->draw(rng, &c);
	return sim_new(&c, err, errlen);
}

static int apply(struct sim *sim, struct command cmd,
                 hostile_command_fn *before, void *ctx, char *err,
                 size_t errlen)
{
	char why[256];

	if (before != NULL)
		before(ctx, sim, &cmd);
	if (sim_apply(sim, &cmd, why, sizeof why) == 0)
		return 0;
	errbuf_set(err, errlen, "t=%" PRIu64 "us: %s refused: %s", sim_now(sim),
	           sim_command_name(cmd.kind), why);
	return -1;
}

int hostile_end_faults(struct sim *sim, hostile_command_fn *before, void *ctx,
                       char *err, size_t errlen)
{
	if (apply(sim, (struct command){.kind = CMD_HEAL}, before, ctx, err,
	          errlen) != 0)
		return -1;
	if (sim_relay_down(sim) &&
	    apply(sim, (struct command){.kind = CMD_RESTART, .node = SIM_RELAY},
	          before, ctx, err, errlen) != 0)
		return -1;
	for (uint32_t i = 0; i < sim_node_count(sim); i++)
		if (sim_node_down(sim, i) &&
		    apply(sim,
		          (struct command){.kind = CMD_RESTART,
		                           .node = i,
		                           .mode = RESTART_DURABLE},
		          before, ctx, err, errlen) != 0)
			return -1;
	return apply(sim, (struct command){.kind = CMD_SET_RATE, .rate = 0},
	             before, ctx, err, errlen);
}

static bool settled(const struct sim *sim)
{
	return !sim_workload_active(sim) && sim_converged(sim);
}

int hostile_settle(struct sim *sim, const struct hostile_settle *settle,
                   char *err, size_t errlen)
{
	uint64_t duration = sim_config(sim)->duration_us;
	uint64_t from = duration > sim_now(sim) ? duration : sim_now(sim);
	uint64_t end = from + settle->limit_us, steps = 0;

	while (!settled(sim) && sim_now(sim) < end && sim_step(sim)) {
		if (settle->check == NULL || settle->check_every == 0 ||
		    ++steps % settle->check_every != 0)
			continue;
		if (settle->check(settle->ctx, sim, err, errlen) != 0)
			return -1;
	}
	if (settle->check != NULL &&
	    settle->check(settle->ctx, sim, err, errlen) != 0)
		return -1;
	return 0;
}

int hostile_check_truth(const struct sim *sim, char *err, size_t errlen)
{
	bool pn = sim_config(sim)->crdt == CRDT_PNCOUNTER;

	if (!sim_converged(sim)) {
		errbuf_set(err, errlen,
		           "not converged at t=%" PRIu64 "us, %" PRIu64
		           " cells behind",
		           sim_now(sim), sim_cells_behind(sim));
		return -1;
	}
	if (sim_join_value(sim) != sim_truth_total(sim)) {
		errbuf_set(err, errlen,
		           "the join %" PRIu64 " is not the %" PRIu64
		           " increments made",
		           sim_join_value(sim), sim_truth_total(sim));
		return -1;
	}
	/* Both readings for a G-Counter, where they must agree: the signed
	 * value and the plain one. */
	for (uint32_t i = 0; i < sim_node_count(sim); i++) {
		if (sim_node_down(sim, i))
			continue;
		if (sim_node_signed_value(sim, i) != sim_true_value(sim)) {
			errbuf_set(err, errlen,
			           "n%" PRIu32 " reads %" PRId64
			           ", truth %" PRId64,
			           i + 1, sim_node_signed_value(sim, i),
			           sim_true_value(sim));
			return -1;
		}
		if (!pn && sim_node_value(sim, i) != sim_truth_total(sim)) {
			errbuf_set(err, errlen,
			           "n%" PRIu32 " reads %" PRIu64
			           ", truth %" PRIu64,
			           i + 1, sim_node_value(sim, i),
			           sim_truth_total(sim));
			return -1;
		}
	}
	return 0;
}

int hostile_check_invariants(void *ctx, const struct sim *sim, char *err,
                             size_t errlen)
{
	(void)ctx;
	return sim_check_invariants(sim, err, errlen);
}

int hostile_converge(const struct hostile_world *world,
                     const struct hostile_settle *settle, uint64_t seed,
                     char *err, size_t errlen)
{
	struct rng rng;
	char why[256];
	struct sim *sim = hostile_new(world, seed, &rng, why, sizeof why);
	int rc = -1;

	if (sim != NULL) {
		rc = hostile_settle(sim, settle, why, sizeof why);
		if (rc == 0)
			rc = hostile_check_truth(sim, why, sizeof why);
	}
	if (rc != 0)
		errbuf_set(err, errlen, "%s, %s mode, %s, seed %" PRIu64 ": %s",
		           sim != NULL ? sim_config(sim)->strategy->name
		           : world->strategy != NULL ? world->strategy->name
		                                     : "default strategy",
		           sim_mode_name(world->mode),
		           world->crdt == CRDT_PNCOUNTER ? "PN-Counter"
		                                         : "G-Counter",
		           seed, why);
	sim_free(sim);
	return rc;
}
