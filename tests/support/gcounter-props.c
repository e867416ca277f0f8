/*
 * The G-Counter tests' shared helpers (see gcounter-props.h): hand-made
 * counters, the base seed, each case's stream, and the generators. Moved
 * here unchanged from test_gcounter.c, so every seed draws what it drew.
 */
#include "gcounter-props.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED UINT64_C(20240601)

struct property_case current_case;

/* A new counter holding the given slots. */
struct gcounter *counter_of(size_t n, const uint64_t *slots)
{
	struct gcounter *g = gcounter_new(n);

	assert_non_null(g);
	memcpy(g->slots, slots, n * sizeof *slots);
	return g;
}

struct gcounter *clone_counter(const struct gcounter *g)
{
	return counter_of(g->n, g->slots);
}

void assert_slots(const struct gcounter *g, size_t n, const uint64_t *expected)
{
	assert_int_equal(g->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g->slots[i], expected[i]);
}

uint64_t base_seed(void)
{
	const char *text = getenv("GCOUNTER_TEST_SEED");
	unsigned long long seed;
	char *end;

	if (text == NULL || *text == '\0')
		return DEFAULT_SEED;
	errno = 0;
	seed = strtoull(text, &end, 0);
	if (errno != 0 || *end != '\0')
		fail_msg("GCOUNTER_TEST_SEED='%s' is not a number", text);
	return seed;
}

void begin_case(struct rng *rng, const char *property, unsigned property_id,
                uint64_t index)
{
	current_case.property = property;
	current_case.seed = base_seed();
	current_case.index = index;
	rng_seed(rng, current_case.seed, ((uint64_t)property_id << 32) | index);
}

/* Sizes: mostly 1..64, sometimes larger, now and then up to the maximum,
 * never above `max`. */
size_t random_size(struct rng *rng, size_t max)
{
	uint64_t roll = rng_below(rng, 100);
	size_t n;

	if (roll < 90)
		n = (size_t)rng_range(rng, 1, 64);
	else if (roll < 98)
		n = (size_t)rng_range(rng, 65, 512);
	else if (roll < 99)
		n = (size_t)rng_range(rng, 513, GCOUNTER_MAX_SLOTS);
	else
		n = GCOUNTER_MAX_SLOTS;
	return n <= max ? n : (size_t)rng_range(rng, 1, max);
}

/* Slot values that find bugs: zero, small, the edges of every varint
 * length, any 64-bit value, and the last few before overflow. */
uint64_t random_value(struct rng *rng)
{
	switch (rng_below(rng, 7)) {
	case 0:
		return 0;
	case 1:
		return rng_below(rng, 10);
	case 2:
		return rng_below(rng, 100000);
	case 3: {
		unsigned bits = 7 * (unsigned)rng_range(rng, 1, 9);

		return (UINT64_C(1) << bits) - 1 + rng_below(rng, 2);
	}
	case 4:
		return UINT64_MAX - rng_below(rng, 4);
	default:
		return rng_next(rng);
	}
}

struct gcounter *random_counter(struct rng *rng, size_t n)
{
	struct gcounter *g = gcounter_new(n);

	assert_non_null(g);
	/* Sometimes sparse: most replicas never counted. */
	if (rng_chance(rng, 0.2)) {
		for (size_t i = 0; i < n; i++)
			g->slots[i] =
			    rng_chance(rng, 0.2) ? random_value(rng) : 0;
	} else {
		for (size_t i = 0; i < n; i++)
			g->slots[i] = random_value(rng);
	}
	return g;
}
