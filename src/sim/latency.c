/*
 * Latency models and the text form of durations. Pure: sampling consumes
 * draws from the generator it is handed and nothing else.
 */
#include "sim/latency.h"

#include <math.h>
#include <stdio.h>

struct latency_model latency_constant(uint64_t us)
{
	return (struct latency_model){.kind = LATENCY_CONSTANT,
	                              .min_us = us,
	                              .max_us = us,
	                              .mean_us = us};
}

struct latency_model latency_uniform(uint64_t min_us, uint64_t max_us)
{
	return (struct latency_model){.kind = LATENCY_UNIFORM,
	                              .min_us = min_us,
	                              .max_us = max_us,
	                              .mean_us =
	                                  min_us + (max_us - min_us) / 2};
}

struct latency_model latency_exponential(uint64_t mean_us)
{
	return (struct latency_model){.kind = LATENCY_EXPONENTIAL,
	                              .min_us = 0,
	                              .max_us = LATENCY_MAX_US,
	                              .mean_us = mean_us};
}

uint64_t latency_upper_bound(const struct latency_model *model)
{
	switch (model->kind) {
	case LATENCY_CONSTANT:
		return model->min_us;
	case LATENCY_UNIFORM:
		return model->max_us;
	case LATENCY_EXPONENTIAL:
		/* The tail is cut at 20 means: e^-20 is far below anything a
		 * run of a few million messages would see. */
		if (model->mean_us > LATENCY_MAX_US / 20)
			return LATENCY_MAX_US;
		return model->mean_us * 20;
	}
	return 0;
}

uint64_t latency_sample_by(const struct latency_model *model, struct rng *rng,
                           struct rng_divisor *divisor)
{
	uint64_t us = 0;

	switch (model->kind) {
	case LATENCY_CONSTANT:
		us = model->min_us;
		break;
	case LATENCY_UNIFORM:
		/* rng_range's draws: lo >= hi draws nothing, a full range
		 * one raw draw, else rng_below of the width. */
		if (model->min_us >= model->max_us ||
		    model->max_us - model->min_us == UINT64_MAX) {
			us = rng_range(rng, model->min_us, model->max_us);
			break;
		}
		if (divisor->bound != model->max_us - model->min_us + 1)
			rng_divisor_set(divisor,
			                model->max_us - model->min_us + 1);
		us = model->min_us + rng_below_by(rng, divisor);
		break;
	case LATENCY_EXPONENTIAL: {
		/* Inverse transform; 1 - u is in (0, 1], so log is finite. */
		double delay =
		    -(double)model->mean_us * log(1.0 - rng_unit(rng));
		uint64_t cap = latency_upper_bound(model);

		us = delay >= (double)cap ? cap : (uint64_t)llround(delay);
		break;
	}
	}
	return us > LATENCY_MAX_US ? LATENCY_MAX_US : us;
}

uint64_t latency_sample(const struct latency_model *model, struct rng *rng)
{
	struct rng_divisor divisor = {0};

	return latency_sample_by(model, rng, &divisor);
}

size_t duration_format(uint64_t us, char *buf, size_t cap)
{
	int w;

	if (us != 0 && us % 3600000000ULL == 0)
		w = snprintf(buf, cap, "%lluh",
		             (unsigned long long)(us / 3600000000ULL));
	else if (us != 0 && us % 60000000 == 0)
		w = snprintf(buf, cap, "%llum",
		             (unsigned long long)(us / 60000000));
	else if (us != 0 && us % 1000000 == 0)
		w = snprintf(buf, cap, "%llus",
		             (unsigned long long)(us / 1000000));
	else if (us >= 1000000 && us % 1000 == 0) {
		/* Whole milliseconds past a second: "1.5s", "2.125s". */
		unsigned long long ms = (us % 1000000) / 1000;
		int digits = 3;

		while (ms % 10 == 0) {
			ms /= 10;
			digits--;
		}
		w = snprintf(buf, cap, "%llu.%0*llus",
		             (unsigned long long)(us / 1000000), digits, ms);
	} else if (us % 1000 == 0)
		w = snprintf(buf, cap, "%llums",
		             (unsigned long long)(us / 1000));
	else
		w = snprintf(buf, cap, "%lluus", (unsigned long long)us);
	return w < 0 ? 0 : (size_t)w;
}

size_t latency_format(const struct latency_model *model, char *buf, size_t cap)
{
	char a[32], b[32];
	int w = 0;

	switch (model->kind) {
	case LATENCY_CONSTANT:
		duration_format(model->min_us, a, sizeof a);
		w = snprintf(buf, cap, "%s", a);
		break;
	case LATENCY_UNIFORM:
		duration_format(model->min_us, a, sizeof a);
		duration_format(model->max_us, b, sizeof b);
		w = snprintf(buf, cap, "%s-%s", a, b);
		break;
	case LATENCY_EXPONENTIAL:
		duration_format(model->mean_us, a, sizeof a);
		w = snprintf(buf, cap, "exp:%s", a);
		break;
	}
	return w < 0 ? 0 : (size_t)w;
}
