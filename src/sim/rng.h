/*
 * The simulation's own pseudo-random generator: xoshiro256** seeded through
 * splitmix64. Every draw is a pure function of the seed and the number of
 * draws before it, on every platform; never rand(), never the wall clock.
 */
#ifndef GCOUNTER_SIM_RNG_H
#define GCOUNTER_SIM_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seeds the generator; stream picks one of many independent sequences for
 * the same seed (one for the network, one for the workload, ...). */
void rng_seed(struct rng *rng, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *rng);
/* Uniform in [0, bound); bound 0 gives 0. Unbiased. */
uint64_t rng_below(struct rng *rng, uint64_t bound);
/* A bound's divisions done once, for the many draws below it that a
 * network makes (a latency a message): rng_below_by. */
struct rng_divisor {
	uint64_t bound, threshold, inverse;
};
void rng_divisor_set(struct rng_divisor *divisor, uint64_t bound);
/* rng_below(rng, divisor->bound): the same draws, the same value, with
 * multiplications for its two divisions. */
uint64_t rng_below_by(struct rng *rng, const struct rng_divisor *divisor);
/* Uniform in [lo, hi] (inclusive); lo > hi gives lo. */
uint64_t rng_range(struct rng *rng, uint64_t lo, uint64_t hi);
/* Uniform double in [0, 1), 53 random bits. */
double rng_unit(struct rng *rng);
/* True with probability p (p <= 0 never, p >= 1 always). */
int rng_chance(struct rng *rng, double p);
/* The splitmix64 mixing step, also handy to derive seeds. */
uint64_t rng_mix(uint64_t x);

#endif
