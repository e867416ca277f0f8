/*
 * Latency models for the simulated network: how long a message takes from
 * send to delivery, in virtual microseconds. Sampling draws from the
 * simulation's own generator, so a seed fixes every delay.
 */
#ifndef GCOUNTER_SIM_LATENCY_H
#define GCOUNTER_SIM_LATENCY_H

#include <stddef.h>
#include <stdint.h>

#include "sim/rng.h"

/* The longest delay any model may produce or be configured with: an hour. */
#define LATENCY_MAX_US (3600ULL * 1000000ULL)

enum latency_kind {
	LATENCY_CONSTANT,    /* always min_us */
	LATENCY_UNIFORM,     /* uniform in [min_us, max_us] */
	LATENCY_EXPONENTIAL, /* exponential with mean mean_us, capped */
};

struct latency_model {
	enum latency_kind kind;
	uint64_t min_us;
	uint64_t max_us;
	uint64_t mean_us;
};

struct latency_model latency_constant(uint64_t us);
struct latency_model latency_uniform(uint64_t min_us, uint64_t max_us);
struct latency_model latency_exponential(uint64_t mean_us);

/* One delay; never above LATENCY_MAX_US. */
uint64_t latency_sample(const struct latency_model *model, struct rng *rng);
/* The same delay by the same draws, `divisor` the caller's cache of the
 * uniform range's divisions (any contents: it is kept to the model's
 * range). For a network's many draws. */
uint64_t latency_sample_by(const struct latency_model *model, struct rng *rng,
                           struct rng_divisor *divisor);
/* The largest delay the model can give (the cap, for exponential). */
uint64_t latency_upper_bound(const struct latency_model *model);
/* "20ms", "10-50ms", "exp:30ms": the same text the command line accepts. */
size_t latency_format(const struct latency_model *model, char *buf, size_t cap);
/* "250us", "20ms", "1.5s", "2m": the shortest exact form of a duration. */
size_t duration_format(uint64_t us, char *buf, size_t cap);

#endif
