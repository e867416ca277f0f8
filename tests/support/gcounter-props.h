/*
 * Helpers the G-Counter's tests share (test_gcounter, test_gcounter_codec,
 * test_gcounter_laws): hand-made counters, and the property-test machinery
 * whose seeds and generators all three must draw from alike, so that a
 * case replays the same wherever it runs. GCOUNTER_TEST_SEED=<n> replays a
 * failure; CHECK names the seed. Every helper fails the running test
 * (cmocka) rather than return an error.
 */
#ifndef GCOUNTER_TESTS_SUPPORT_GCOUNTER_PROPS_H
#define GCOUNTER_TESTS_SUPPORT_GCOUNTER_PROPS_H

#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"
#include "sim/rng.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- hand-made counters ------------------------------------------------ */

/* A new counter holding the given slots. */
struct gcounter *counter_of(size_t n, const uint64_t *slots);

#define COUNTER(...)                                                           \
	counter_of(ARRAY_SIZE(((const uint64_t[]){__VA_ARGS__})),              \
	           (const uint64_t[]){__VA_ARGS__})

struct gcounter *clone_counter(const struct gcounter *g);
void assert_slots(const struct gcounter *g, size_t n, const uint64_t *expected);

#define ASSERT_SLOTS(g, ...)                                                   \
	assert_slots((g), ARRAY_SIZE(((const uint64_t[]){__VA_ARGS__})),       \
	             (const uint64_t[]){__VA_ARGS__})

/* --- property tests ---------------------------------------------------- */

#define PROPERTY_CASES 1000

/* The case being run, for the failure message. */
struct property_case {
	const char *property;
	uint64_t seed;
	uint64_t index;
};
extern struct property_case current_case;

/* GCOUNTER_TEST_SEED when set (any base strtoull reads), else 20240601. */
uint64_t base_seed(void);
/*
 * Every case of every property draws from its own stream of the base seed,
 * so one case replays on its own and the properties do not share inputs.
 * A property's id must stay the same wherever its test lives.
 */
void begin_case(struct rng *rng, const char *property, unsigned property_id,
                uint64_t index);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			fail_msg("%s:%d: %s: '%s' is false in case %llu; "     \
			         "replay with GCOUNTER_TEST_SEED=%llu",        \
			         __FILE__, __LINE__, current_case.property,    \
			         #cond,                                        \
			         (unsigned long long)current_case.index,       \
			         (unsigned long long)current_case.seed);       \
	} while (0)

#define CHECK_STATUS(expr, expected) CHECK((expr) == (expected))

/* Sizes: mostly 1..64, sometimes larger, now and then up to the maximum,
 * never above `max`. */
size_t random_size(struct rng *rng, size_t max);
/* Slot values that find bugs: zero, small, the edges of every varint
 * length, any 64-bit value, and the last few before overflow. */
uint64_t random_value(struct rng *rng);
/* A counter of n slots, sometimes sparse. */
struct gcounter *random_counter(struct rng *rng, size_t n);

#endif
