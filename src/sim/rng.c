/*
 * xoshiro256** (Blackman & Vigna) with splitmix64 seeding, written from the
 * published description. Kept tiny and branch-free so the simulation can
 * draw millions of numbers a second.
 */
#include "sim/rng.h"

uint64_t rng_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void rng_seed(struct rng *rng, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ rng_mix(stream + 0x51ed270b2f0c3a5dULL);

	for (int i = 0; i < 4; i++) {
		x = rng_mix(x);
		rng->s[i] = x;
	}
	/* The all-zero state is the one state xoshiro cannot leave. */
	if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
		rng->s[0] = 1;
}

uint64_t rng_below(struct rng *rng, uint64_t bound)
{
	uint64_t threshold, r;

	if (bound == 0)
		return 0;
	/* Rejection sampling: drop the top partial range so every residue is
	 * equally likely. threshold = 2^64 mod bound. */
	threshold = (0 - bound) % bound;
	do {
		r = rng_next(rng);
	} while (r < threshold);
	return r % bound;
}

void rng_divisor_set(struct rng_divisor *divisor, uint64_t bound)
{
	divisor->bound = bound;
	divisor->threshold = bound ? (0 - bound) % bound : 0;
	divisor->inverse = bound > 1 ? UINT64_MAX / bound : 0;
}

uint64_t rng_range(struct rng *rng, uint64_t lo, uint64_t hi)
{
	if (lo >= hi)
		return lo;
	if (hi - lo == UINT64_MAX)
		return rng_next(rng);
	return lo + rng_below(rng, hi - lo + 1);
}

double rng_unit(struct rng *rng)
{
	return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}

int rng_chance(struct rng *rng, double p)
{
	if (p <= 0.0)
		return 0;
	if (p >= 1.0)
		return 1;
	return rng_unit(rng) < p;
}
