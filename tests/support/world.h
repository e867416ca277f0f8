/*
 * Helpers the engine's tests share: a small world with a fixed 10ms
 * latency, commands that must succeed, invariants that must hold, and the
 * base seed of property tests (GCOUNTER_TEST_SEED replays a failure).
 */
#ifndef GCOUNTER_TESTS_SUPPORT_WORLD_H
#define GCOUNTER_TESTS_SUPPORT_WORLD_H

#include <stdint.h>

#include "hostile.h"
#include "sim/sim.h"

/* GCOUNTER_TEST_SEED when set, else the test's own fallback. */
uint64_t support_seed(uint64_t fallback);
/* A world of `nodes` on `strategy`, messages taking exactly 10ms. */
struct sim *support_world(const struct strategy *strategy, uint32_t nodes,
                          uint64_t seed, enum sim_crdt crdt);
/* Applies a command; the test fails with the engine's message if refused. */
void support_apply(struct sim *sim, struct command cmd);
/* Every invariant holds; the failure names the seed. */
void support_check(const struct sim *sim, uint64_t seed);

/* hostile_converge, failing the running test with its message. */
void support_converge(const struct hostile_world *world,
                      const struct hostile_settle *settle, uint64_t seed);

/*
 * A hostile run: random partitions, crashes and restarts of workers and
 * relay, drops, duplicates and reordering, increments (and decrements of
 * a PN-Counter). Then everything heals and restarts, the workload stops,
 * and every replica must hold the truth; the failure names the seed.
 */
void support_fault_schedule(const struct strategy *strategy, enum sim_crdt crdt,
                            enum sim_mode mode, uint64_t seed);

#endif
