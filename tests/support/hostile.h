/*
 * "A random hostile world, then converge", written once for the engine's
 * tests and the soak: a world drawn from its own random stream, the faults
 * ended, the world stepped until it converges, and every replica checked
 * against the truth. Errors are values (the soak is not a cmocka test);
 * it never draws a number the caller did not ask for, so a test that moves
 * onto it builds the very same worlds, draw for draw.
 */
#ifndef GCOUNTER_TESTS_SUPPORT_HOSTILE_H
#define GCOUNTER_TESTS_SUPPORT_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "sim/rng.h"
#include "sim/sim.h"

/* Draws a world's knobs, in the caller's own order and ranges; c already
 * holds the defaults, the strategy, the CRDT, the mode and the seed. */
typedef void hostile_draw_fn(struct rng *rng, struct sim_config *c);
/* A check while the world settles: 0, or -1 with a message in err. */
typedef int hostile_check_fn(void *ctx, const struct sim *sim, char *err,
                             size_t errlen);
/* Told of each command hostile_end_faults is about to apply. */
typedef void hostile_command_fn(void *ctx, const struct sim *sim,
                                const struct command *cmd);

/* What a random world is made of. Zero fields mean the defaults. */
struct hostile_world {
	const struct strategy *strategy; /* NULL: the default strategy */
	enum sim_crdt crdt;
	enum sim_mode mode;
	uint64_t stream; /* the draws come from rng_seed(seed, stream) */
	hostile_draw_fn *draw;
};

/* How the world settles once the faults are over. */
struct hostile_settle {
	/* The world may take this long past the end of its workload's
	 * duration (or past now, if that is later) to converge. */
	uint64_t limit_us;
	uint64_t check_every; /* steps between checks; 0: only at the end */
	hostile_check_fn *check;
	void *ctx;
};

/* Seeds rng, draws the world and makes it; NULL with err if refused. The
 * rng is left where the draws stopped, for a schedule to go on from. */
struct sim *hostile_new(const struct hostile_world *world, uint64_t seed,
                        struct rng *rng, char *err, size_t errlen);
/* Heals every partition, restarts the relay and every down worker
 * (durably), and stops the workload: from here a repairing strategy must
 * converge. `before` (may be NULL) is told of each command first. */
int hostile_end_faults(struct sim *sim, hostile_command_fn *before, void *ctx,
                       char *err, size_t errlen);
/* Steps until the workload is over and the world converged, or until the
 * limit; runs the check every check_every steps and once at the end. */
int hostile_settle(struct sim *sim, const struct hostile_settle *settle,
                   char *err, size_t errlen);
/* Converged, the join is every increment made, and every live replica
 * reads the truth (a PN-Counter's: increments minus decrements). */
int hostile_check_truth(const struct sim *sim, char *err, size_t errlen);
/* A hostile_check_fn: the engine's own invariants (ctx unused). */
int hostile_check_invariants(void *ctx, const struct sim *sim, char *err,
                             size_t errlen);
/*
 * The whole of it for a world whose hostility is its configuration (drops,
 * duplicates, latencies): make it, let the workload run its duration, settle,
 * check the truth. The message names strategy, mode, CRDT and seed.
 */
int hostile_converge(const struct hostile_world *world,
                     const struct hostile_settle *settle, uint64_t seed,
                     char *err, size_t errlen);

#endif
