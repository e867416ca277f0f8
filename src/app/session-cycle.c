/*
 * The fault keys' cycles. The steps are chosen for a demo: 10% drops show
 * a CRDT shrugging, 50% shows it still converging; 10-500ms jitter reorders
 * most messages, and an exponential tail gives rare very late ones.
 */
#include "app/session-cycle.h"

#include <stddef.h>

static const double probability_steps[] = {0.0, 0.1, 0.3, 0.5};

double session_cycle_probability(double current)
{
	size_t count = sizeof probability_steps / sizeof probability_steps[0];

	/* A little slack: 0.1 from a flag and 0.1 from here are equal. */
	for (size_t i = 0; i < count; i++)
		if (probability_steps[i] > current + 1e-9)
			return probability_steps[i];
	return 0.0;
}

bool session_cycle_same_latency(const struct latency_model *a,
                                const struct latency_model *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case LATENCY_CONSTANT:
		return a->min_us == b->min_us;
	case LATENCY_UNIFORM:
		return a->min_us == b->min_us && a->max_us == b->max_us;
	case LATENCY_EXPONENTIAL:
		return a->mean_us == b->mean_us;
	}
	return false;
}

struct latency_model
session_cycle_latency(const struct latency_model *current,
                      const struct latency_model *configured)
{
	struct latency_model steps[3];
	const struct latency_model extra[2] = {latency_uniform(10000, 500000),
	                                       latency_exponential(200000)};
	size_t count = 0;

	/* The configured model, then the two demo models unless one of them
	 * is the configured one. */
	steps[count++] = *configured;
	for (size_t i = 0; i < 2; i++)
		if (!session_cycle_same_latency(&extra[i], configured))
			steps[count++] = extra[i];
	for (size_t i = 0; i < count; i++)
		if (session_cycle_same_latency(current, &steps[i]))
			return steps[(i + 1) % count];
	/* Something else (a script set it): on to the first demo model. */
	return steps[count > 1 ? 1 : 0];
}

enum sim_partition session_cycle_partition(enum sim_partition current)
{
	switch (current) {
	case PARTITION_NONE:
		return PARTITION_BOTH;
	case PARTITION_BOTH:
		return PARTITION_NO_RECEIVE;
	case PARTITION_NO_RECEIVE:
		return PARTITION_NO_SEND;
	case PARTITION_NO_SEND:
		return PARTITION_NONE;
	}
	return PARTITION_NONE;
}

enum sim_reader session_cycle_reader(enum sim_reader current)
{
	switch (current) {
	case READER_NONE:
		return READER_RANDOM;
	case READER_RANDOM:
		return READER_STICKY;
	case READER_STICKY:
		return READER_NONE;
	}
	return READER_NONE;
}
