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

/* (Inline, with the divisor's draw below: the network draws once a
 * message, millions of times a run.) */
static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, bound); bound 0 gives 0. Unbiased. */
uint64_t rng_below(struct rng *rng, uint64_t bound);
/* A bound's divisions done once, for the many draws below it that a
 * network makes (a latency a message): rng_below_by. */
struct rng_divisor {
	uint64_t bound, threshold, inverse;
};
void rng_divisor_set(struct rng_divisor *divisor, uint64_t bound);

/* The high 64 bits of a * b, in 32-bit halves (no 128-bit type in C11). */
static inline uint64_t rng_high_product(uint64_t a, uint64_t b)
{
	uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
	uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
	uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo;
	uint64_t lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
	uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;

	return hi_hi + (hi_lo >> 32) + (middle >> 32);
}

/* rng_below(rng, divisor->bound): the same draws, the same value, with
 * multiplications for its two divisions. */
static inline uint64_t rng_below_by(struct rng *rng,
                                    const struct rng_divisor *divisor)
{
	uint64_t bound = divisor->bound, r, rest;

	if (bound == 0)
		return 0;
	do {
		r = rng_next(rng);
	} while (r < divisor->threshold);
	if (bound == 1)
		return 0;
	/* inverse = floor((2^64 - 1) / bound) makes the quotient at most 2
	 * short, so r % bound is at most two subtractions away. */
	rest = r - rng_high_product(r, divisor->inverse) * bound;
	while (rest >= bound)
		rest -= bound;
	return rest;
}
/* Uniform in [lo, hi] (inclusive); lo > hi gives lo. */
uint64_t rng_range(struct rng *rng, uint64_t lo, uint64_t hi);
/* Uniform double in [0, 1), 53 random bits. */
double rng_unit(struct rng *rng);
/* True with probability p (p <= 0 never, p >= 1 always). */
int rng_chance(struct rng *rng, double p);
/* The splitmix64 mixing step, also handy to derive seeds. */
uint64_t rng_mix(uint64_t x);

#endif
