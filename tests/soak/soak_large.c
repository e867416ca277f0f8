/*
 * The large-world soak: worlds at the node limit (10,000 workers) on
 * gossip and push-pull, and the relay at 4,096, through a partition, a
 * crash and an amnesiac restart, then healed: each must converge to the
 * truth with every invariant holding, within a wall-clock bound. Too long
 * for ctest (`make soak` runs it); it never weakens what soak.c checks.
 *
 *   gcounter_soak_large            every case
 *   gcounter_soak_large --quick    the same at 1,000 and 512 nodes
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"

/* Virtual time a healed world may take to converge. */
#define SETTLE_LIMIT_US (120ULL * 1000000)

struct large_case {
	const struct strategy *strategy;
	uint32_t nodes, quick_nodes;
	double workload_s;
	double wall_limit_s; /* the goal (issue #16) the case is held to */
};

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int apply(struct sim *sim, struct command cmd)
{
	char err[256];

	if (sim_apply(sim, &cmd, err, sizeof err) != 0) {
		fprintf(stderr, "soak_large: %s\n", err);
		return -1;
	}
	return 0;
}

/* One case: the workload with faults along the way, heal, converge.
 * Returns true if it held. */
static bool run_case(const struct large_case *lc, bool quick)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[256];
	struct sim *sim;
	uint32_t n = quick ? lc->quick_nodes : lc->nodes;
	uint64_t end_us = (uint64_t)(lc->workload_s * 1e6), deadline;
	double start = wall_now(), wall;
	bool ok = true;

	sim_config_defaults(&c);
	c.strategy = lc->strategy;
	c.nodes = n;
	c.seed = 16;
	c.rate = 200;
	c.duration_us = end_us;
	c.drop = 0.01;
	sim = sim_new(&c, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "soak_large: %s\n", err);
		return false;
	}
	/* A quarter in: n2 cut off, n3 crashed; half-way: n3 back with
	 * nothing; three quarters: healed. */
	sim_run_until(sim, end_us / 4);
	ok &= apply(sim, (struct command){.kind = CMD_PARTITION,
	                                  .node = 1,
	                                  .mode = PARTITION_BOTH}) == 0;
	ok &= apply(sim, (struct command){.kind = CMD_CRASH, .node = 2}) == 0;
	sim_run_until(sim, end_us / 2);
	ok &= apply(sim, (struct command){.kind = CMD_RESTART,
	                                  .node = 2,
	                                  .mode = RESTART_AMNESIA}) == 0;
	sim_run_until(sim, end_us * 3 / 4);
	ok &= apply(sim, (struct command){.kind = CMD_HEAL}) == 0;
	sim_run_until(sim, end_us);
	deadline = end_us + SETTLE_LIMIT_US;
	while (!sim_converged(sim) && sim_now(sim) < deadline && sim_step(sim))
		;
	wall = wall_now() - start;
	sim_stats(sim, &stats);
	if (!sim_converged(sim)) {
		fprintf(stderr, "soak_large: %s at %u nodes did not converge\n",
		        lc->strategy->name, n);
		ok = false;
	}
	if (sim_check_invariants(sim, err, sizeof err) != 0) {
		fprintf(stderr, "soak_large: %s at %u nodes: %s\n",
		        lc->strategy->name, n, err);
		ok = false;
	}
	for (uint32_t i = 0; i < n && ok; i++)
		if (sim_node_value(sim, i) != sim_join_value(sim)) {
			fprintf(stderr,
			        "soak_large: n%u holds %" PRIu64
			        ", the join is %" PRIu64 "\n",
			        i + 1, sim_node_value(sim, i),
			        sim_join_value(sim));
			ok = false;
		}
	if (!quick && wall > lc->wall_limit_s) {
		fprintf(stderr,
		        "soak_large: %s at %u nodes took %.1f s, the "
		        "goal is %.0f s\n",
		        lc->strategy->name, n, wall, lc->wall_limit_s);
		ok = false;
	}
	printf(
	    "%-10s %6u nodes: %s in %.1f s wall, converged at %.3f s "
	    "virtual; %" PRIu64 " sent, %" PRIu64 " refused "
	    "(in-flight %" PRIu64 ", payload %" PRIu64 "), %" PRIu64 " lost\n",
	    lc->strategy->name, n, ok ? "ok" : "FAILED", wall,
	    (double)sim_converged_at(sim) / 1e6, stats.sent,
	    stats.refused_in_flight + stats.refused_payload_bytes,
	    stats.refused_in_flight, stats.refused_payload_bytes, stats.lost);
	fflush(stdout);
	sim_free(sim);
	return ok;
}

int main(int argc, char **argv)
{
	const struct large_case cases[] = {
	    {&strategy_gossip, SIM_MAX_NODES, 1000, 2, 10},
	    {&strategy_push_pull, SIM_MAX_NODES, 1000, 2, 10},
	    {&strategy_relay, 4096, 512, 0.5, 600},
	};
	bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
	int failed = 0;
	struct rusage usage;

	if (argc > 1 && !quick) {
		fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed += !run_case(&cases[i], quick);
	getrusage(RUSAGE_SELF, &usage);
	printf("soak_large: %d of %zu cases failed; peak %.2f GiB\n", failed,
	       sizeof cases / sizeof cases[0],
	       (double)usage.ru_maxrss / 1048576.0);
	return failed ? 1 : 0;
}
