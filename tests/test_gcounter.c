/*
 * Tests for the G-Counter (src/crdt/gcounter.h): first every operation and
 * every error path on small hand-made counters, then the CRDT laws and the
 * codec as property tests driven by our own generator (src/sim/rng.h).
 * Property failures name their seed; GCOUNTER_TEST_SEED=<n> replays them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crdt/gcounter.h"
#include "sim/rng.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers ----------------------------------------------------------- */

/* A new counter holding the given slots. */
static struct gcounter *counter_of(size_t n, const uint64_t *slots)
{
	struct gcounter *g = gcounter_new(n);

	assert_non_null(g);
	memcpy(g->slots, slots, n * sizeof *slots);
	return g;
}

#define COUNTER(...)                                                           \
	counter_of(ARRAY_SIZE(((const uint64_t[]){__VA_ARGS__})),              \
	           (const uint64_t[]){__VA_ARGS__})

static struct gcounter *clone_counter(const struct gcounter *g)
{
	return counter_of(g->n, g->slots);
}

static void assert_slots(const struct gcounter *g, size_t n,
                         const uint64_t *expected)
{
	assert_int_equal(g->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(g->slots[i], expected[i]);
}

#define ASSERT_SLOTS(g, ...)                                                   \
	assert_slots((g), ARRAY_SIZE(((const uint64_t[]){__VA_ARGS__})),       \
	             (const uint64_t[]){__VA_ARGS__})

/* Bytes in a heap block of exactly their size, so that AddressSanitizer
 * catches any read past the end of the input. */
static uint8_t *exact_copy(const uint8_t *bytes, size_t len)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);

	assert_non_null(copy);
	if (len > 0)
		memcpy(copy, bytes, len);
	return copy;
}

/* Decodes `len` bytes (copied to an exact-size block) into a new counter. */
static enum gcounter_status decode_new_exact(struct gcounter **out,
                                             const uint8_t *bytes, size_t len,
                                             size_t *consumed)
{
	uint8_t *copy = exact_copy(bytes, len);
	enum gcounter_status status =
	    gcounter_decode_new(out, copy, len, consumed);

	free(copy);
	return status;
}

static enum gcounter_status decode_exact(struct gcounter *g,
                                         const uint8_t *bytes, size_t len,
                                         size_t *consumed)
{
	uint8_t *copy = exact_copy(bytes, len);
	enum gcounter_status status = gcounter_decode(g, copy, len, consumed);

	free(copy);
	return status;
}

/* --- new, free, init --------------------------------------------------- */

static void test_new_makes_a_zeroed_counter_of_n_slots(void **state)
{
	static const size_t sizes[] = {1, 2, 64, GCOUNTER_MAX_SLOTS};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct gcounter *g = gcounter_new(sizes[i]);

		assert_non_null(g);
		assert_int_equal(g->n, sizes[i]);
		assert_non_null(g->slots);
		for (size_t slot = 0; slot < g->n; slot++)
			assert_int_equal(g->slots[slot], 0);
		/* Every slot is writable memory of the counter. */
		g->slots[g->n - 1] = UINT64_MAX;
		gcounter_free(g);
	}
}

static void test_new_rejects_zero_slots(void **state)
{
	(void)state;
	assert_null(gcounter_new(0));
}

static void test_new_rejects_more_than_max_slots(void **state)
{
	(void)state;
	assert_null(gcounter_new(GCOUNTER_MAX_SLOTS + 1));
	assert_null(gcounter_new(SIZE_MAX));
	/* n * sizeof(uint64_t) would wrap here: must not allocate a tiny
	 * block and call it big. */
	assert_null(gcounter_new(SIZE_MAX / 8 + 1));
}

static void test_free_of_null_is_a_no_op(void **state)
{
	(void)state;
	gcounter_free(NULL);
}

static void test_init_makes_a_zeroed_counter_over_caller_memory(void **state)
{
	uint64_t slots[4] = {9, 9, 9, 9};
	struct gcounter g;

	(void)state;
	assert_int_equal(gcounter_init(&g, slots, 3), GCOUNTER_OK);
	assert_int_equal(g.n, 3);
	assert_ptr_equal(g.slots, slots);
	assert_int_equal(slots[0], 0);
	assert_int_equal(slots[1], 0);
	assert_int_equal(slots[2], 0);
	/* Only the n slots it was given. */
	assert_int_equal(slots[3], 9);

	assert_int_equal(gcounter_increment(&g, 2), GCOUNTER_OK);
	assert_int_equal(slots[2], 1);
}

static void test_init_rejects_bad_arguments(void **state)
{
	static uint64_t slots[GCOUNTER_MAX_SLOTS + 1];
	struct gcounter g = {.n = 7, .slots = NULL};

	(void)state;
	slots[0] = 5;
	assert_int_equal(gcounter_init(NULL, slots, 1), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_init(&g, NULL, 1), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_init(&g, slots, 0), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_init(&g, slots, GCOUNTER_MAX_SLOTS + 1),
	                 GCOUNTER_EINVAL);
	/* Nothing was touched by the refusals. */
	assert_int_equal(g.n, 7);
	assert_null(g.slots);
	assert_int_equal(slots[0], 5);

	assert_int_equal(gcounter_init(&g, slots, GCOUNTER_MAX_SLOTS),
	                 GCOUNTER_OK);
	assert_int_equal(g.n, GCOUNTER_MAX_SLOTS);
}

/* --- copy and reset ---------------------------------------------------- */

static void test_copy_copies_every_slot(void **state)
{
	struct gcounter *src = COUNTER(1, UINT64_MAX, 0, 42);
	struct gcounter *dst = COUNTER(7, 7, 7, 7);

	(void)state;
	assert_int_equal(gcounter_copy(dst, src), GCOUNTER_OK);
	ASSERT_SLOTS(dst, 1, UINT64_MAX, 0, 42);
	ASSERT_SLOTS(src, 1, UINT64_MAX, 0, 42);
	/* Copying onto itself is allowed and changes nothing. */
	assert_int_equal(gcounter_copy(src, src), GCOUNTER_OK);
	ASSERT_SLOTS(src, 1, UINT64_MAX, 0, 42);
	gcounter_free(src);
	gcounter_free(dst);
}

static void test_copy_rejects_size_mismatch(void **state)
{
	struct gcounter *src = COUNTER(1, 2, 3);
	struct gcounter *dst = COUNTER(7, 7);

	(void)state;
	assert_int_equal(gcounter_copy(dst, src), GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(dst, 7, 7);
	assert_int_equal(gcounter_copy(src, dst), GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(src, 1, 2, 3);
	gcounter_free(src);
	gcounter_free(dst);
}

static void test_reset_zeroes_every_slot(void **state)
{
	struct gcounter *g = COUNTER(5, 0, UINT64_MAX, 1);

	(void)state;
	gcounter_reset(g);
	ASSERT_SLOTS(g, 0, 0, 0, 0);
	assert_int_equal(gcounter_value_saturated(g), 0);
	gcounter_free(g);
}

/* --- increment --------------------------------------------------------- */

static void test_increment_adds_one_to_one_slot(void **state)
{
	struct gcounter *g = COUNTER(0, 0, 0);

	(void)state;
	assert_int_equal(gcounter_increment(g, 1), GCOUNTER_OK);
	ASSERT_SLOTS(g, 0, 1, 0);
	assert_int_equal(gcounter_increment(g, 1), GCOUNTER_OK);
	assert_int_equal(gcounter_increment(g, 0), GCOUNTER_OK);
	assert_int_equal(gcounter_increment(g, 2), GCOUNTER_OK);
	ASSERT_SLOTS(g, 1, 2, 1);
	gcounter_free(g);
}

static void test_increment_by_adds_k_to_one_slot(void **state)
{
	struct gcounter *g = COUNTER(0, 10);

	(void)state;
	assert_int_equal(gcounter_increment_by(g, 1, 300), GCOUNTER_OK);
	ASSERT_SLOTS(g, 0, 310);
	assert_int_equal(gcounter_increment_by(g, 0, 0), GCOUNTER_OK);
	ASSERT_SLOTS(g, 0, 310);
	assert_int_equal(gcounter_increment_by(g, 0, UINT64_MAX), GCOUNTER_OK);
	ASSERT_SLOTS(g, UINT64_MAX, 310);
	gcounter_free(g);
}

static void test_increment_rejects_slot_out_of_range(void **state)
{
	struct gcounter *g = COUNTER(4, 5, 6);

	(void)state;
	assert_int_equal(gcounter_increment(g, 3), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_increment(g, SIZE_MAX), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_increment_by(g, 3, 1), GCOUNTER_EINVAL);
	assert_int_equal(gcounter_increment_by(g, SIZE_MAX, 0),
	                 GCOUNTER_EINVAL);
	ASSERT_SLOTS(g, 4, 5, 6);
	gcounter_free(g);
}

static void test_increment_overflow_leaves_state_unchanged(void **state)
{
	struct gcounter *g = COUNTER(UINT64_MAX, UINT64_MAX - 5, 3);

	(void)state;
	assert_int_equal(gcounter_increment(g, 0), GCOUNTER_EOVERFLOW);
	assert_int_equal(gcounter_increment_by(g, 1, 6), GCOUNTER_EOVERFLOW);
	assert_int_equal(gcounter_increment_by(g, 1, UINT64_MAX),
	                 GCOUNTER_EOVERFLOW);
	assert_int_equal(gcounter_increment_by(g, 2, UINT64_MAX - 2),
	                 GCOUNTER_EOVERFLOW);
	ASSERT_SLOTS(g, UINT64_MAX, UINT64_MAX - 5, 3);
	/* Reaching UINT64_MAX exactly is not an overflow. */
	assert_int_equal(gcounter_increment_by(g, 1, 5), GCOUNTER_OK);
	assert_int_equal(gcounter_increment_by(g, 2, UINT64_MAX - 3),
	                 GCOUNTER_OK);
	assert_int_equal(gcounter_increment_by(g, 0, 0), GCOUNTER_OK);
	ASSERT_SLOTS(g, UINT64_MAX, UINT64_MAX, UINT64_MAX);
	gcounter_free(g);
}

/* --- merge ------------------------------------------------------------- */

static void test_merge_takes_slotwise_max_and_counts_grown_slots(void **state)
{
	struct gcounter *dst = COUNTER(5, 0, 7, 2);
	struct gcounter *src = COUNTER(3, 4, 7, UINT64_MAX);
	size_t changed = 99;

	(void)state;
	assert_int_equal(gcounter_merge(dst, src, &changed), GCOUNTER_OK);
	ASSERT_SLOTS(dst, 5, 4, 7, UINT64_MAX);
	ASSERT_SLOTS(src, 3, 4, 7, UINT64_MAX);
	assert_int_equal(changed, 2); /* slots 1 and 3; 2 was equal */

	/* Merging again changes nothing. */
	assert_int_equal(gcounter_merge(dst, src, &changed), GCOUNTER_OK);
	assert_int_equal(changed, 0);
	gcounter_free(dst);
	gcounter_free(src);
}

static void test_merge_accepts_null_changed(void **state)
{
	struct gcounter *dst = COUNTER(1, 0);
	struct gcounter *src = COUNTER(0, 1);

	(void)state;
	assert_int_equal(gcounter_merge(dst, src, NULL), GCOUNTER_OK);
	ASSERT_SLOTS(dst, 1, 1);
	gcounter_free(dst);
	gcounter_free(src);
}

static void test_merge_with_itself_changes_nothing(void **state)
{
	struct gcounter *g = COUNTER(1, 2, 3);
	size_t changed = 99;

	(void)state;
	assert_int_equal(gcounter_merge(g, g, &changed), GCOUNTER_OK);
	assert_int_equal(changed, 0);
	ASSERT_SLOTS(g, 1, 2, 3);
	gcounter_free(g);
}

static void test_merge_rejects_size_mismatch(void **state)
{
	struct gcounter *dst = COUNTER(1, 2);
	struct gcounter *src = COUNTER(9, 9, 9);
	size_t changed = 99;

	(void)state;
	assert_int_equal(gcounter_merge(dst, src, &changed),
	                 GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(dst, 1, 2);
	assert_int_equal(gcounter_merge(src, dst, NULL), GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(src, 9, 9, 9);
	gcounter_free(dst);
	gcounter_free(src);
}

static void test_merge_into_writes_the_join_to_a_third_counter(void **state)
{
	struct gcounter *a = COUNTER(5, 0, UINT64_MAX);
	struct gcounter *b = COUNTER(3, 4, 1);
	struct gcounter *out = COUNTER(100, 100, 100);

	(void)state;
	assert_int_equal(gcounter_merge_into(out, a, b), GCOUNTER_OK);
	/* A join, not a max with what out held before. */
	ASSERT_SLOTS(out, 5, 4, UINT64_MAX);
	ASSERT_SLOTS(a, 5, 0, UINT64_MAX);
	ASSERT_SLOTS(b, 3, 4, 1);
	gcounter_free(a);
	gcounter_free(b);
	gcounter_free(out);
}

static void test_merge_into_may_alias_either_input(void **state)
{
	struct gcounter *a = COUNTER(5, 0, 2);
	struct gcounter *b = COUNTER(3, 4, 2);

	(void)state;
	assert_int_equal(gcounter_merge_into(a, a, b), GCOUNTER_OK);
	ASSERT_SLOTS(a, 5, 4, 2);
	ASSERT_SLOTS(b, 3, 4, 2);

	gcounter_free(a);
	a = COUNTER(5, 0, 2);
	assert_int_equal(gcounter_merge_into(b, a, b), GCOUNTER_OK);
	ASSERT_SLOTS(b, 5, 4, 2);
	ASSERT_SLOTS(a, 5, 0, 2);

	assert_int_equal(gcounter_merge_into(a, a, a), GCOUNTER_OK);
	ASSERT_SLOTS(a, 5, 0, 2);
	gcounter_free(a);
	gcounter_free(b);
}

static void test_merge_into_rejects_size_mismatch(void **state)
{
	struct gcounter *two = COUNTER(1, 2);
	struct gcounter *three = COUNTER(3, 4, 5);
	struct gcounter *out3 = COUNTER(8, 8, 8);
	struct gcounter *out2 = COUNTER(8, 8);

	(void)state;
	/* Inputs differ. */
	assert_int_equal(gcounter_merge_into(out3, two, three),
	                 GCOUNTER_EMISMATCH);
	assert_int_equal(gcounter_merge_into(out3, three, two),
	                 GCOUNTER_EMISMATCH);
	/* Inputs agree, the output differs. */
	assert_int_equal(gcounter_merge_into(out2, three, three),
	                 GCOUNTER_EMISMATCH);
	assert_int_equal(gcounter_merge_into(out3, two, two),
	                 GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(out3, 8, 8, 8);
	ASSERT_SLOTS(out2, 8, 8);
	ASSERT_SLOTS(two, 1, 2);
	ASSERT_SLOTS(three, 3, 4, 5);
	gcounter_free(two);
	gcounter_free(three);
	gcounter_free(out3);
	gcounter_free(out2);
}

/* --- value ------------------------------------------------------------- */

static void test_value_is_the_sum_of_the_slots(void **state)
{
	struct gcounter *g = COUNTER(3, 0, 1, 1000000);
	uint64_t value = 0;

	(void)state;
	assert_int_equal(gcounter_value(g, &value), GCOUNTER_OK);
	assert_int_equal(value, 1000004);
	assert_int_equal(gcounter_value_saturated(g), 1000004);
	gcounter_reset(g);
	assert_int_equal(gcounter_value(g, &value), GCOUNTER_OK);
	assert_int_equal(value, 0);
	gcounter_free(g);
}

static void test_value_of_exactly_uint64_max_is_not_an_overflow(void **state)
{
	struct gcounter *g = COUNTER(UINT64_MAX - 10, 4, 6, 0);
	struct gcounter *single = COUNTER(UINT64_MAX);
	uint64_t value = 0;

	(void)state;
	assert_int_equal(gcounter_value(g, &value), GCOUNTER_OK);
	assert_int_equal(value, UINT64_MAX);
	assert_int_equal(gcounter_value(single, &value), GCOUNTER_OK);
	assert_int_equal(value, UINT64_MAX);
	gcounter_free(g);
	gcounter_free(single);
}

static void test_value_reports_overflow_as_uint64_max(void **state)
{
	struct gcounter *g = COUNTER(UINT64_MAX - 10, 4, 7);
	struct gcounter *late = COUNTER(1, 2, UINT64_MAX);
	struct gcounter *huge = COUNTER(UINT64_MAX, UINT64_MAX, UINT64_MAX);
	uint64_t value = 0;

	(void)state;
	assert_int_equal(gcounter_value(g, &value), GCOUNTER_EOVERFLOW);
	assert_int_equal(value, UINT64_MAX);
	value = 0;
	assert_int_equal(gcounter_value(late, &value), GCOUNTER_EOVERFLOW);
	assert_int_equal(value, UINT64_MAX);
	value = 0;
	assert_int_equal(gcounter_value(huge, &value), GCOUNTER_EOVERFLOW);
	assert_int_equal(value, UINT64_MAX);
	gcounter_free(g);
	gcounter_free(late);
	gcounter_free(huge);
}

static void test_value_saturated_caps_at_uint64_max(void **state)
{
	struct gcounter *g = COUNTER(UINT64_MAX, UINT64_MAX);
	struct gcounter *small = COUNTER(2, 3);

	(void)state;
	assert_int_equal(gcounter_value_saturated(g), UINT64_MAX);
	assert_int_equal(gcounter_value_saturated(small), 5);
	gcounter_free(g);
	gcounter_free(small);
}

/* --- compare, leq, equal ---------------------------------------------- */

static void test_compare_reports_all_four_orders(void **state)
{
	struct gcounter *base = COUNTER(1, 2, 3);
	struct gcounter *same = COUNTER(1, 2, 3);
	struct gcounter *bigger = COUNTER(1, 5, 3);
	struct gcounter *other = COUNTER(0, 9, 3);

	(void)state;
	assert_int_equal(gcounter_compare(base, same), GCOUNTER_EQUAL);
	assert_int_equal(gcounter_compare(base, base), GCOUNTER_EQUAL);
	assert_int_equal(gcounter_compare(base, bigger), GCOUNTER_LESS);
	assert_int_equal(gcounter_compare(bigger, base), GCOUNTER_GREATER);
	assert_int_equal(gcounter_compare(base, other), GCOUNTER_CONCURRENT);
	assert_int_equal(gcounter_compare(other, base), GCOUNTER_CONCURRENT);
	/* Extremes of the value range. */
	gcounter_reset(same);
	assert_int_equal(gcounter_compare(same, base), GCOUNTER_LESS);
	same->slots[0] = UINT64_MAX;
	assert_int_equal(gcounter_compare(same, base), GCOUNTER_CONCURRENT);
	gcounter_free(base);
	gcounter_free(same);
	gcounter_free(bigger);
	gcounter_free(other);
}

static void test_compare_of_mismatched_sizes_is_concurrent(void **state)
{
	struct gcounter *two = COUNTER(0, 0);
	struct gcounter *three = COUNTER(0, 0, 0);

	(void)state;
	assert_false(gcounter_same_size(two, three));
	assert_true(gcounter_same_size(two, two));
	assert_int_equal(gcounter_compare(two, three), GCOUNTER_CONCURRENT);
	assert_int_equal(gcounter_compare(three, two), GCOUNTER_CONCURRENT);
	assert_false(gcounter_leq(two, three));
	assert_false(gcounter_leq(three, two));
	assert_false(gcounter_equal(two, three));
	gcounter_free(two);
	gcounter_free(three);
}

static void test_leq_and_equal_follow_the_order(void **state)
{
	struct gcounter *base = COUNTER(1, 2, 3);
	struct gcounter *same = COUNTER(1, 2, 3);
	struct gcounter *bigger = COUNTER(1, 5, 3);
	struct gcounter *other = COUNTER(0, 9, 3);

	(void)state;
	assert_true(gcounter_leq(base, same));
	assert_true(gcounter_leq(base, bigger));
	assert_false(gcounter_leq(bigger, base));
	assert_false(gcounter_leq(base, other));
	assert_false(gcounter_leq(other, base));

	assert_true(gcounter_equal(base, same));
	assert_true(gcounter_equal(base, base));
	assert_false(gcounter_equal(base, bigger));
	assert_false(gcounter_equal(base, other));
	gcounter_free(base);
	gcounter_free(same);
	gcounter_free(bigger);
	gcounter_free(other);
}

/* --- encode ------------------------------------------------------------ */

static void test_encoded_size_counts_shortest_varints(void **state)
{
	struct gcounter *small = COUNTER(3, 0, 1);
	struct gcounter *edges = COUNTER(127, 128, 16383, 16384, UINT64_MAX);
	struct gcounter *wide = gcounter_new(200);

	(void)state;
	assert_non_null(wide);
	assert_int_equal(gcounter_encoded_size(small), 2 + 1 + 3);
	assert_int_equal(gcounter_encoded_size(edges),
	                 2 + 1 + 1 + 2 + 2 + 3 + 10);
	/* 200 slots need a two-byte count. */
	assert_int_equal(gcounter_encoded_size(wide), 2 + 2 + 200);
	assert_true(gcounter_encoded_size(edges) <= GCOUNTER_ENCODED_MAX(5));
	gcounter_free(small);
	gcounter_free(edges);
	gcounter_free(wide);
}

static void test_encode_writes_known_bytes(void **state)
{
	static const uint8_t expected[] = {'G', 1, 3, 3, 0, 1};
	struct gcounter *g = COUNTER(3, 0, 1);
	uint8_t buf[16];
	size_t written = 0;

	(void)state;
	memset(buf, 0xee, sizeof buf);
	assert_int_equal(gcounter_encode(g, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(written, sizeof expected);
	assert_memory_equal(buf, expected, sizeof expected);
	assert_int_equal(buf[sizeof expected], 0xee); /* nothing past it */
	assert_int_equal(GCOUNTER_ENCODING_VERSION, 1);
	gcounter_free(g);
}

static void test_encode_writes_300_as_a_two_byte_varint(void **state)
{
	/* 300 = 0b10_0101100: low seven bits with the continuation bit, then
	 * the rest. */
	static const uint8_t expected[] = {'G', 1, 2, 0xac, 0x02, 5};
	struct gcounter *g = COUNTER(300, 5);
	uint8_t buf[sizeof expected];
	size_t written = 0;

	(void)state;
	assert_int_equal(gcounter_encode(g, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(written, sizeof expected);
	assert_memory_equal(buf, expected, sizeof expected);
	gcounter_free(g);
}

static void test_encode_writes_varint_edges(void **state)
{
	static const uint8_t expected[] = {
	    'G',  1,    5,    /* header */
	    0x7f,             /* 127 */
	    0x80, 0x01,       /* 128 */
	    0xff, 0x7f,       /* 16383 */
	    0x80, 0x80, 0x01, /* 16384 */
	    0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x01, /* max */
	};
	struct gcounter *g = COUNTER(127, 128, 16383, 16384, UINT64_MAX);
	uint8_t buf[sizeof expected];
	size_t written = 0;

	(void)state;
	assert_int_equal(gcounter_encode(g, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(written, sizeof expected);
	assert_memory_equal(buf, expected, sizeof expected);
	gcounter_free(g);
}

static void test_encode_writes_the_slot_count_as_a_varint(void **state)
{
	struct gcounter *g = gcounter_new(200);
	uint8_t buf[GCOUNTER_ENCODED_MAX(200)];
	size_t written = 0;

	(void)state;
	assert_non_null(g);
	assert_int_equal(gcounter_encode(g, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(written, 204);
	assert_int_equal(buf[0], 'G');
	assert_int_equal(buf[1], 1);
	assert_int_equal(buf[2], 0xc8); /* 200 = 0x48 | 0x80, then 0x01 */
	assert_int_equal(buf[3], 0x01);
	for (size_t i = 4; i < written; i++)
		assert_int_equal(buf[i], 0);
	gcounter_free(g);
}

static void test_encode_rejects_a_buffer_too_small(void **state)
{
	struct gcounter *g = COUNTER(3, 300, 1);
	uint8_t buf[16];
	size_t size = gcounter_encoded_size(g), written = 12345;

	(void)state;
	assert_int_equal(size, 7);
	memset(buf, 0xee, sizeof buf);
	for (size_t cap = 0; cap < size; cap++) {
		assert_int_equal(gcounter_encode(g, buf, cap, &written),
		                 GCOUNTER_ENOSPC);
		assert_int_equal(written, 12345);
	}
	/* Nothing was written by the refusals. */
	for (size_t i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0xee);
	assert_int_equal(gcounter_encode(g, NULL, 100, &written),
	                 GCOUNTER_ENOSPC);
	/* Exactly enough is enough; written may be NULL. */
	assert_int_equal(gcounter_encode(g, buf, size, NULL), GCOUNTER_OK);
	assert_int_equal(buf[size], 0xee);
	gcounter_free(g);
}

/* --- decode ------------------------------------------------------------ */

static void test_decode_new_round_trips_a_known_counter(void **state)
{
	static const uint8_t bytes[] = {'G', 1, 3, 3, 0, 1};
	struct gcounter *g = NULL;
	size_t consumed = 0;

	(void)state;
	assert_int_equal(decode_new_exact(&g, bytes, sizeof bytes, NULL),
	                 GCOUNTER_OK);
	assert_non_null(g);
	ASSERT_SLOTS(g, 3, 0, 1);
	gcounter_free(g);

	assert_int_equal(decode_new_exact(&g, bytes, sizeof bytes, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, sizeof bytes);
	ASSERT_SLOTS(g, 3, 0, 1);
	gcounter_free(g);
}

static void test_decode_round_trips_into_an_existing_counter(void **state)
{
	struct gcounter *original = COUNTER(300, 0, UINT64_MAX, 128, 1);
	struct gcounter *target = COUNTER(9, 9, 9, 9, 9);
	uint8_t buf[GCOUNTER_ENCODED_MAX(5)];
	size_t written = 0, consumed = 0;

	(void)state;
	assert_int_equal(gcounter_encode(original, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(decode_exact(target, buf, written, NULL), GCOUNTER_OK);
	assert_true(gcounter_equal(target, original));
	gcounter_reset(target);
	assert_int_equal(decode_exact(target, buf, written, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, written);
	assert_true(gcounter_equal(target, original));
	gcounter_free(original);
	gcounter_free(target);
}

static void test_decode_accepts_max_slots(void **state)
{
	struct gcounter *original = gcounter_new(GCOUNTER_MAX_SLOTS);
	struct gcounter *decoded = NULL;
	static uint8_t buf[GCOUNTER_ENCODED_MAX(GCOUNTER_MAX_SLOTS)];
	size_t written = 0;

	(void)state;
	assert_non_null(original);
	original->slots[GCOUNTER_MAX_SLOTS - 1] = UINT64_MAX;
	assert_int_equal(gcounter_encode(original, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	/* 4096 = 0x80 | 0x00, 0x20 */
	assert_int_equal(buf[2], 0x80);
	assert_int_equal(buf[3], 0x20);
	assert_int_equal(decode_new_exact(&decoded, buf, written, NULL),
	                 GCOUNTER_OK);
	assert_true(gcounter_equal(decoded, original));
	gcounter_free(original);
	gcounter_free(decoded);
}

static void
test_decode_into_a_wrong_size_is_a_mismatch_and_no_change(void **state)
{
	static const uint8_t bytes[] = {'G', 1, 3, 3, 0, 1};
	struct gcounter *two = COUNTER(7, 8);
	struct gcounter *four = COUNTER(7, 8, 9, 10);

	(void)state;
	assert_int_equal(decode_exact(two, bytes, sizeof bytes, NULL),
	                 GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(two, 7, 8);
	assert_int_equal(decode_exact(four, bytes, sizeof bytes, NULL),
	                 GCOUNTER_EMISMATCH);
	ASSERT_SLOTS(four, 7, 8, 9, 10);
	gcounter_free(two);
	gcounter_free(four);
}

static void test_decode_rejects_trailing_bytes_without_consumed(void **state)
{
	static const uint8_t bytes[] = {'G', 1, 3, 3, 0, 1, 0};
	static const uint8_t two_encodings[] = {'G', 1, 1, 5, 'G', 1, 1, 6};
	struct gcounter *g = NULL;
	struct gcounter *target = COUNTER(4, 4, 4);

	(void)state;
	assert_int_equal(decode_new_exact(&g, bytes, sizeof bytes, NULL),
	                 GCOUNTER_EFORMAT);
	assert_null(g);
	assert_int_equal(
	    decode_new_exact(&g, two_encodings, sizeof two_encodings, NULL),
	    GCOUNTER_EFORMAT);
	assert_null(g);
	assert_int_equal(decode_exact(target, bytes, sizeof bytes, NULL),
	                 GCOUNTER_EFORMAT);
	ASSERT_SLOTS(target, 4, 4, 4);
	gcounter_free(target);
}

static void test_decode_accepts_trailing_bytes_with_consumed(void **state)
{
	static const uint8_t bytes[] = {'G', 1, 3, 3, 0, 1, 0xff, 0xff};
	static const uint8_t two_encodings[] = {'G', 1, 1, 5, 'G', 1, 1, 6};
	struct gcounter *g = NULL;
	struct gcounter *target = COUNTER(4, 4, 4);
	size_t consumed = 0;

	(void)state;
	assert_int_equal(decode_new_exact(&g, bytes, sizeof bytes, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, 6);
	ASSERT_SLOTS(g, 3, 0, 1);
	gcounter_free(g);

	consumed = 0;
	assert_int_equal(decode_exact(target, bytes, sizeof bytes, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, 6);
	ASSERT_SLOTS(target, 3, 0, 1);

	/* A stream of encodings reads one at a time. */
	assert_int_equal(decode_new_exact(&g, two_encodings,
	                                  sizeof two_encodings, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, 4);
	ASSERT_SLOTS(g, 5);
	gcounter_free(g);
	assert_int_equal(decode_new_exact(&g, two_encodings + consumed,
	                                  sizeof two_encodings - consumed,
	                                  &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, 4);
	ASSERT_SLOTS(g, 6);
	gcounter_free(g);
	gcounter_free(target);
}

/* One malformed or truncated input and the status it must produce. */
struct bad_input {
	const char *why;
	uint8_t bytes[24];
	size_t len;
	enum gcounter_status status;
};

#define BAD(why_, status_, ...)                                                \
	{                                                                      \
		.why = (why_), .bytes = {__VA_ARGS__},                         \
		.len = sizeof((const uint8_t[]){__VA_ARGS__}),                 \
		.status = (status_)                                            \
	}

static const struct bad_input bad_inputs[] = {
    BAD("bad magic", GCOUNTER_EFORMAT, 'g', 1, 1, 0),
    BAD("bad magic, zero byte", GCOUNTER_EFORMAT, 0, 1, 1, 0),
    BAD("bad magic alone", GCOUNTER_EFORMAT, 'H'),
    BAD("bad version 0", GCOUNTER_EFORMAT, 'G', 0, 1, 0),
    BAD("bad version 2", GCOUNTER_EFORMAT, 'G', 2, 1, 0),
    BAD("bad version 0xff", GCOUNTER_EFORMAT, 'G', 0xff, 1, 0),
    BAD("zero slots", GCOUNTER_EFORMAT, 'G', 1, 0),
    BAD("zero slots with data", GCOUNTER_EFORMAT, 'G', 1, 0, 1, 2),
    BAD("4097 slots", GCOUNTER_EFORMAT, 'G', 1, 0x81, 0x20, 0),
    BAD("2^63 slots", GCOUNTER_EFORMAT, 'G', 1, 0x80, 0x80, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x01),
    BAD("overlong slot count", GCOUNTER_EFORMAT, 'G', 1, 0x81, 0x00, 0),
    BAD("overlong zero slot", GCOUNTER_EFORMAT, 'G', 1, 1, 0x80, 0x00),
    BAD("overlong one slot", GCOUNTER_EFORMAT, 'G', 1, 1, 0x81, 0x80, 0x00),
    BAD("overlong ten-byte slot", GCOUNTER_EFORMAT, 'G', 1, 1, 0x80, 0x80, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00),
    BAD("slot past 64 bits (tenth byte 2)", GCOUNTER_EFORMAT, 'G', 1, 1, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02),
    BAD("slot past 64 bits (tenth byte 0x7f)", GCOUNTER_EFORMAT, 'G', 1, 1,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
    BAD("slot of eleven bytes", GCOUNTER_EFORMAT, 'G', 1, 1, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x00),
    BAD("slot of eleven bytes from 0x80s", GCOUNTER_EFORMAT, 'G', 1, 1, 0x80,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
    BAD("count past 64 bits", GCOUNTER_EFORMAT, 'G', 1, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0x03),
    BAD("slot past 64 bits in the last slot", GCOUNTER_EFORMAT, 'G', 1, 2, 5,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02),
    BAD("trailing byte", GCOUNTER_EFORMAT, 'G', 1, 1, 5, 0),
    BAD("just the magic", GCOUNTER_ETRUNC, 'G'),
    BAD("no slot count", GCOUNTER_ETRUNC, 'G', 1),
    BAD("slot count cut", GCOUNTER_ETRUNC, 'G', 1, 0x80),
    BAD("no slots", GCOUNTER_ETRUNC, 'G', 1, 1),
    BAD("one slot of three", GCOUNTER_ETRUNC, 'G', 1, 3, 0),
    BAD("two slots of three", GCOUNTER_ETRUNC, 'G', 1, 3, 0, 7),
    BAD("slot varint cut", GCOUNTER_ETRUNC, 'G', 1, 2, 0, 0xac),
    BAD("ten-byte slot cut after nine", GCOUNTER_ETRUNC, 'G', 1, 1, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
    BAD("4096 slots announced, 1 given", GCOUNTER_ETRUNC, 'G', 1, 0x80, 0x20,
        0),
};

static void test_decode_rejects_malformed_and_truncated_input(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_inputs); i++) {
		const struct bad_input *bad = &bad_inputs[i];
		struct gcounter *g = COUNTER(1, 2, 3); /* poison for *out */
		struct gcounter *decoded = g;
		enum gcounter_status status;
		size_t consumed = 777;

		status = decode_new_exact(&decoded, bad->bytes, bad->len, NULL);
		if (status != bad->status)
			fail_msg("%s: got '%s', want '%s'", bad->why,
			         gcounter_strerror(status),
			         gcounter_strerror(bad->status));
		assert_null(decoded);

		/* Trailing bytes are fine with consumed; all else still fails
		 * the same way. */
		decoded = g;
		status =
		    decode_new_exact(&decoded, bad->bytes, bad->len, &consumed);
		if (bad->status == GCOUNTER_EFORMAT &&
		    strcmp(bad->why, "trailing byte") == 0) {
			assert_int_equal(status, GCOUNTER_OK);
			assert_int_equal(consumed, bad->len - 1);
			gcounter_free(decoded);
		} else {
			if (status != bad->status)
				fail_msg("%s (with consumed): got '%s', want "
				         "'%s'",
				         bad->why, gcounter_strerror(status),
				         gcounter_strerror(bad->status));
			assert_null(decoded);
		}
		gcounter_free(g);
	}
}

static void test_decode_of_an_empty_or_null_input_is_truncated(void **state)
{
	struct gcounter *g = COUNTER(1, 2);
	struct gcounter *decoded = g;
	size_t consumed = 0;

	(void)state;
	assert_int_equal(gcounter_decode_new(&decoded, NULL, 0, NULL),
	                 GCOUNTER_ETRUNC);
	assert_null(decoded);
	decoded = g;
	assert_int_equal(gcounter_decode_new(&decoded, NULL, 100, &consumed),
	                 GCOUNTER_ETRUNC);
	assert_null(decoded);
	decoded = g;
	assert_int_equal(
	    decode_new_exact(&decoded, (const uint8_t *)"", 0, NULL),
	    GCOUNTER_ETRUNC);
	assert_null(decoded);
	assert_int_equal(gcounter_decode(g, NULL, 0, NULL), GCOUNTER_ETRUNC);
	ASSERT_SLOTS(g, 1, 2);
	gcounter_free(g);
}

/* On any error the target counter keeps its value, whatever its size. */
static void test_decode_errors_leave_the_counter_unchanged(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_inputs); i++) {
		const struct bad_input *bad = &bad_inputs[i];

		for (size_t n = 1; n <= 3; n++) {
			uint64_t values[3] = {11, 22, 33};
			struct gcounter *g = counter_of(n, values);

			if (decode_exact(g, bad->bytes, bad->len, NULL) !=
			    bad->status)
				fail_msg("%s: wrong status decoding into %zu "
				         "slots",
				         bad->why, n);
			assert_slots(g, n, values);
			gcounter_free(g);
		}
	}
}

/* --- format ------------------------------------------------------------ */

static void test_format_writes_slots_in_brackets(void **state)
{
	struct gcounter *g = COUNTER(3, 0, 1);
	struct gcounter *one = COUNTER(0);
	struct gcounter *max = COUNTER(UINT64_MAX, 18446744073709551614u);
	char buf[64];

	(void)state;
	assert_int_equal(gcounter_format(g, buf, sizeof buf), 7);
	assert_string_equal(buf, "[3,0,1]");
	assert_int_equal(gcounter_format(one, buf, sizeof buf), 3);
	assert_string_equal(buf, "[0]");
	assert_int_equal(gcounter_format(max, buf, sizeof buf), 43);
	assert_string_equal(buf, "[18446744073709551615,18446744073709551614]");
	gcounter_free(g);
	gcounter_free(one);
	gcounter_free(max);
}

/* For every cap the buffer holds what snprintf would: the first cap - 1
 * characters and a NUL, and the return value is always the full length. */
static void test_format_truncates_like_snprintf(void **state)
{
	static const char full[] = "[3,0,1,300,18446744073709551615]";
	struct gcounter *g = COUNTER(3, 0, 1, 300, UINT64_MAX);

	(void)state;
	for (size_t cap = 1; cap <= sizeof full + 2; cap++) {
		char expected[64], *buf = malloc(cap);

		assert_non_null(buf);
		snprintf(expected, cap, "%s", full);
		assert_int_equal(gcounter_format(g, buf, cap), strlen(full));
		assert_string_equal(buf, expected);
		free(buf); /* exact size: ASan sees any overrun */
	}
	gcounter_free(g);
}

static void test_format_with_cap_zero_writes_nothing(void **state)
{
	struct gcounter *g = COUNTER(3, 0, 1);
	char buf[4] = {'x', 'x', 'x', 'x'};

	(void)state;
	assert_int_equal(gcounter_format(g, buf, 0), 7);
	assert_memory_equal(buf, "xxxx", 4);
	/* As with snprintf, a NULL buffer is fine when cap is 0: a way to
	 * ask for the length. */
	assert_int_equal(gcounter_format(g, NULL, 0), 7);
	gcounter_free(g);
}

static void test_format_of_max_slots_reports_the_full_length(void **state)
{
	struct gcounter *g = gcounter_new(GCOUNTER_MAX_SLOTS);
	size_t need;
	char *buf;

	(void)state;
	assert_non_null(g);
	g->slots[0] = UINT64_MAX;
	need = gcounter_format(g, NULL, 0);
	/* "[", 20 digits, then ",0" for every other slot, then "]". */
	assert_int_equal(need, 1 + 20 + 2 * (GCOUNTER_MAX_SLOTS - 1) + 1);
	buf = malloc(need + 1);
	assert_non_null(buf);
	assert_int_equal(gcounter_format(g, buf, need + 1), need);
	assert_int_equal(strlen(buf), need);
	assert_int_equal(buf[need - 1], ']');
	free(buf);
	gcounter_free(g);
}

/* --- strerror ---------------------------------------------------------- */

static void test_strerror_names_every_status(void **state)
{
	static const struct {
		enum gcounter_status status;
		const char *text;
	} names[] = {
	    {GCOUNTER_OK, "success"},
	    {GCOUNTER_EINVAL, "invalid argument"},
	    {GCOUNTER_EMISMATCH, "counters differ in size"},
	    {GCOUNTER_EOVERFLOW, "count overflows 64 bits"},
	    {GCOUNTER_ENOSPC, "output buffer too small"},
	    {GCOUNTER_ETRUNC, "encoded counter is truncated"},
	    {GCOUNTER_EFORMAT, "encoded counter is malformed"},
	    {GCOUNTER_ENOMEM, "out of memory"},
	};

	(void)state;
	assert_int_equal(ARRAY_SIZE(names), GCOUNTER_ENOMEM + 1);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		assert_string_equal(gcounter_strerror(names[i].status),
		                    names[i].text);
		/* All distinct, so a message always says which error. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(
			    gcounter_strerror(names[i].status),
			    gcounter_strerror(names[j].status));
	}
}

static void test_strerror_of_an_unknown_status_says_so(void **state)
{
	(void)state;
	assert_string_equal(
	    gcounter_strerror((enum gcounter_status)(GCOUNTER_ENOMEM + 1)),
	    "unknown status");
	assert_string_equal(gcounter_strerror((enum gcounter_status) - 1),
	                    "unknown status");
}

/* --- property tests ---------------------------------------------------- */

#define PROPERTY_CASES 1000
#define DEFAULT_SEED   UINT64_C(20240601)

/* The case being run, for the failure message. */
static struct {
	const char *property;
	uint64_t seed;
	uint64_t index;
} current_case;

static uint64_t base_seed(void)
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

/*
 * Every case of every property draws from its own stream of the base seed,
 * so one case replays on its own and the properties do not share inputs.
 */
static void begin_case(struct rng *rng, const char *property,
                       unsigned property_id, uint64_t index)
{
	current_case.property = property;
	current_case.seed = base_seed();
	current_case.index = index;
	rng_seed(rng, current_case.seed, ((uint64_t)property_id << 32) | index);
}

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
static size_t random_size(struct rng *rng, size_t max)
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
static uint64_t random_value(struct rng *rng)
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

/* A slot near `base`: the same, below or above it. */
static uint64_t random_value_near(struct rng *rng, uint64_t base)
{
	switch (rng_below(rng, 3)) {
	case 0:
		return base;
	case 1:
		return rng_chance(rng, 0.5) ? rng_range(rng, 0, base)
		                            : base - (base > 0);
	default:
		return rng_chance(rng, 0.5) ? rng_range(rng, base, UINT64_MAX)
		                            : base + (base < UINT64_MAX);
	}
}

static struct gcounter *random_counter(struct rng *rng, size_t n)
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

/*
 * A counter of the same size as `base` that is independent of it, equal to
 * it, below it, above it, or mixed, so that every order comes up often.
 */
static struct gcounter *random_relative(struct rng *rng,
                                        const struct gcounter *base)
{
	struct gcounter *g = gcounter_new(base->n);
	uint64_t mode = rng_below(rng, 5);

	assert_non_null(g);
	for (size_t i = 0; i < base->n; i++) {
		uint64_t b = base->slots[i], v;

		switch (mode) {
		case 0:
			v = random_value(rng);
			break;
		case 1:
			v = b;
			break;
		case 2:
			v = rng_chance(rng, 0.7) ? b : rng_range(rng, 0, b);
			break;
		case 3:
			v = rng_chance(rng, 0.7)
			        ? b
			        : rng_range(rng, b, UINT64_MAX);
			break;
		default:
			v = random_value_near(rng, b);
			break;
		}
		g->slots[i] = v;
	}
	return g;
}

static struct gcounter *join_of(const struct gcounter *a,
                                const struct gcounter *b)
{
	struct gcounter *out = gcounter_new(a->n);

	assert_non_null(out);
	CHECK_STATUS(gcounter_merge_into(out, a, b), GCOUNTER_OK);
	return out;
}

static enum gcounter_order expected_order(const struct gcounter *a,
                                          const struct gcounter *b)
{
	bool a_more = false, b_more = false;

	for (size_t i = 0; i < a->n; i++) {
		a_more |= a->slots[i] > b->slots[i];
		b_more |= a->slots[i] < b->slots[i];
	}
	if (a_more && b_more)
		return GCOUNTER_CONCURRENT;
	if (a_more)
		return GCOUNTER_GREATER;
	if (b_more)
		return GCOUNTER_LESS;
	return GCOUNTER_EQUAL;
}

static void test_merge_is_commutative(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *ab, *ba, *merged;

		begin_case(&rng, "merge is commutative", 1, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		ab = join_of(a, b);
		ba = join_of(b, a);
		CHECK(gcounter_equal(ab, ba));
		/* The in-place merge agrees with merge_into. */
		merged = clone_counter(b);
		CHECK_STATUS(gcounter_merge(merged, a, NULL), GCOUNTER_OK);
		CHECK(gcounter_equal(merged, ab));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(ab);
		gcounter_free(ba);
		gcounter_free(merged);
	}
}

static void test_merge_is_associative(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *d, *ab, *ab_d, *bd, *a_bd;

		begin_case(&rng, "merge is associative", 2, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		d = random_relative(&rng, rng_chance(&rng, 0.5) ? a : b);
		ab = join_of(a, b);
		ab_d = join_of(ab, d);
		bd = join_of(b, d);
		a_bd = join_of(a, bd);
		CHECK(gcounter_equal(ab_d, a_bd));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(d);
		gcounter_free(ab);
		gcounter_free(ab_d);
		gcounter_free(bd);
		gcounter_free(a_bd);
	}
}

static void test_merge_is_idempotent(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *aa, *ab, *ab_again;
		size_t changed = 1;

		begin_case(&rng, "merge is idempotent", 3, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		/* a join a == a */
		aa = join_of(a, a);
		CHECK(gcounter_equal(aa, a));
		CHECK_STATUS(gcounter_merge(aa, a, &changed), GCOUNTER_OK);
		CHECK(changed == 0);
		CHECK(gcounter_equal(aa, a));
		/* Receiving the same state twice is harmless. */
		ab = join_of(a, b);
		ab_again = clone_counter(ab);
		CHECK_STATUS(gcounter_merge(ab_again, b, &changed),
		             GCOUNTER_OK);
		CHECK(changed == 0);
		CHECK(gcounter_equal(ab_again, ab));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(aa);
		gcounter_free(ab);
		gcounter_free(ab_again);
	}
}

/*
 * The join is the least upper bound: it is above both inputs, and each of
 * its slots is one of the inputs' slots, so lowering any slot would drop it
 * below one input; so no smaller upper bound exists, and any upper bound is
 * above it.
 */
static void test_merge_is_the_least_upper_bound(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *join, *upper, *dst;
		size_t changed = 0, grew = 0;

		begin_case(&rng, "merge is the least upper bound", 4, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		join = join_of(a, b);
		CHECK(gcounter_leq(a, join));
		CHECK(gcounter_leq(b, join));
		for (size_t i = 0; i < a->n; i++) {
			uint64_t max = a->slots[i] > b->slots[i] ? a->slots[i]
			                                         : b->slots[i];

			CHECK(join->slots[i] == a->slots[i] ||
			      join->slots[i] == b->slots[i]);
			CHECK(join->slots[i] == max);
			grew += b->slots[i] > a->slots[i];
		}
		/* Any counter above both inputs (built from the inputs, not
		 * from the join) is above the join. */
		upper = random_relative(&rng, a);
		for (size_t i = 0; i < a->n; i++) {
			if (upper->slots[i] < a->slots[i])
				upper->slots[i] = a->slots[i];
			if (upper->slots[i] < b->slots[i])
				upper->slots[i] = b->slots[i];
		}
		CHECK(gcounter_leq(a, upper) && gcounter_leq(b, upper));
		CHECK(gcounter_leq(join, upper));
		/* Lowering any slot of the join loses an input. */
		for (int tries = 0; tries < 4; tries++) {
			size_t i = (size_t)rng_below(&rng, a->n);

			if (join->slots[i] == 0)
				continue;
			join->slots[i]--;
			CHECK(
			    !(gcounter_leq(a, join) && gcounter_leq(b, join)));
			join->slots[i]++;
		}
		/* merge counts exactly the slots it raised. */
		dst = clone_counter(a);
		CHECK_STATUS(gcounter_merge(dst, b, &changed), GCOUNTER_OK);
		CHECK(changed == grew);
		CHECK(gcounter_equal(dst, join));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(join);
		gcounter_free(upper);
		gcounter_free(dst);
	}
}

static void test_compare_agrees_with_the_slotwise_order(void **state)
{
	unsigned seen[4] = {0};

	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *join;
		enum gcounter_order order, reverse;

		begin_case(&rng, "compare agrees with the slot-wise order", 5,
		           c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		order = gcounter_compare(a, b);
		reverse = gcounter_compare(b, a);
		CHECK(order == expected_order(a, b));
		seen[order]++;
		/* The order reverses with the arguments. */
		CHECK((order == GCOUNTER_LESS) ==
		      (reverse == GCOUNTER_GREATER));
		CHECK((order == GCOUNTER_EQUAL) == (reverse == GCOUNTER_EQUAL));
		CHECK((order == GCOUNTER_CONCURRENT) ==
		      (reverse == GCOUNTER_CONCURRENT));
		CHECK(gcounter_leq(a, b) ==
		      (order == GCOUNTER_LESS || order == GCOUNTER_EQUAL));
		CHECK(gcounter_equal(a, b) == (order == GCOUNTER_EQUAL));
		/* a <= b exactly when merging a into b changes nothing. */
		join = join_of(a, b);
		CHECK(gcounter_leq(a, b) == gcounter_equal(join, b));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(join);
	}
	/* The generator reached every order often enough to matter. */
	for (int order = 0; order < 4; order++)
		assert_true(seen[order] >= PROPERTY_CASES / 20);
}

/*
 * Increments and merges, in any mix, never make a value smaller: a replica
 * never shows a count it showed before going backwards. Near UINT64_MAX
 * the saturated value must not drop either, and a refused increment
 * changes nothing.
 */
static void test_value_never_decreases(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *g, *before;
		size_t n;

		begin_case(&rng, "value never decreases", 6, c);
		n = random_size(&rng, 256);
		g = rng_chance(&rng, 0.5) ? gcounter_new(n)
		                          : random_counter(&rng, n);
		assert_non_null(g);
		before = clone_counter(g);
		for (int step = 0; step < 20; step++) {
			uint64_t old_value, new_value;
			enum gcounter_status old_status, new_status, status;
			size_t slot = (size_t)rng_below(&rng, n);
			uint64_t roll = rng_below(&rng, 3);

			CHECK_STATUS(gcounter_copy(before, g), GCOUNTER_OK);
			old_status = gcounter_value(g, &old_value);
			if (roll == 0) {
				status = gcounter_increment(g, slot);
			} else if (roll == 1) {
				status = gcounter_increment_by(
				    g, slot, random_value(&rng));
			} else {
				struct gcounter *other =
				    random_relative(&rng, g);

				status = gcounter_merge(g, other, NULL);
				gcounter_free(other);
			}
			CHECK(status == GCOUNTER_OK ||
			      status == GCOUNTER_EOVERFLOW);
			if (status == GCOUNTER_EOVERFLOW)
				CHECK(gcounter_equal(g, before));
			CHECK(gcounter_leq(before, g));
			new_status = gcounter_value(g, &new_value);
			CHECK(new_value >= old_value);
			/* Once overflowed, always overflowed. */
			CHECK(!(old_status == GCOUNTER_EOVERFLOW &&
			        new_status == GCOUNTER_OK));
			CHECK(gcounter_value_saturated(g) >=
			      gcounter_value_saturated(before));
		}
		gcounter_free(g);
		gcounter_free(before);
	}
}

/*
 * The point of a G-Counter: replicas count on their own slot and gossip in
 * any order; once every state has reached every replica, each one shows
 * every increment made anywhere, none lost and none counted twice.
 */
static void test_no_increment_is_lost(void **state)
{
	enum { MAX_REPLICAS = 24 };

	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *replicas[MAX_REPLICAS];
		uint64_t made_by[MAX_REPLICAS] = {0}, total = 0;
		size_t n;
		int steps;

		begin_case(&rng, "no increment is lost", 7, c);
		n = (size_t)rng_range(&rng, 1, MAX_REPLICAS);
		for (size_t r = 0; r < n; r++) {
			replicas[r] = gcounter_new(n);
			assert_non_null(replicas[r]);
		}
		steps = (int)rng_below(&rng, 400);
		for (int step = 0; step < steps; step++) {
			size_t r = (size_t)rng_below(&rng, n);

			if (rng_chance(&rng, 0.6)) {
				uint64_t k = rng_chance(&rng, 0.8)
				                 ? 1
				                 : rng_below(&rng, 1000);

				if (k == 1)
					CHECK_STATUS(
					    gcounter_increment(replicas[r], r),
					    GCOUNTER_OK);
				else
					CHECK_STATUS(gcounter_increment_by(
					                 replicas[r], r, k),
					             GCOUNTER_OK);
				made_by[r] += k;
				total += k;
			} else {
				size_t from = (size_t)rng_below(&rng, n);

				CHECK_STATUS(gcounter_merge(replicas[r],
				                            replicas[from],
				                            NULL),
				             GCOUNTER_OK);
			}
		}
		/* Before the final exchange: nobody knows more than was made,
		 * and each replica's own slot is exactly its own count. */
		for (size_t r = 0; r < n; r++) {
			CHECK(replicas[r]->slots[r] == made_by[r]);
			CHECK(gcounter_value_saturated(replicas[r]) <= total);
		}
		for (size_t r = 0; r < n; r++)
			for (size_t from = 0; from < n; from++)
				CHECK_STATUS(gcounter_merge(replicas[r],
				                            replicas[from],
				                            NULL),
				             GCOUNTER_OK);
		for (size_t r = 0; r < n; r++) {
			uint64_t value = 0;

			CHECK_STATUS(gcounter_value(replicas[r], &value),
			             GCOUNTER_OK);
			CHECK(value == total);
			CHECK(gcounter_equal(replicas[r], replicas[0]));
		}
		for (size_t r = 0; r < n; r++)
			gcounter_free(replicas[r]);
	}
}

/* Encodes g into a new exact-size block; *len gets its length. */
static uint8_t *encode_exact(const struct gcounter *g, size_t *len)
{
	size_t size = gcounter_encoded_size(g), written = 0;
	uint8_t *buf = malloc(size);

	assert_non_null(buf);
	CHECK_STATUS(gcounter_encode(g, buf, size, &written), GCOUNTER_OK);
	CHECK(written == size);
	*len = size;
	return buf;
}

static void test_decode_inverts_encode(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *g, *decoded = NULL, *target;
		size_t len, consumed = 0;
		uint8_t *buf;

		begin_case(&rng, "decode inverts encode", 8, c);
		g = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		buf = encode_exact(g, &len);
		CHECK(len <= GCOUNTER_ENCODED_MAX(g->n));
		CHECK(buf[0] == 'G' && buf[1] == GCOUNTER_ENCODING_VERSION);
		/* One byte short is refused. */
		CHECK_STATUS(gcounter_encode(g, buf, len - 1, NULL),
		             GCOUNTER_ENOSPC);

		CHECK_STATUS(gcounter_decode_new(&decoded, buf, len, NULL),
		             GCOUNTER_OK);
		CHECK(gcounter_equal(decoded, g));
		gcounter_free(decoded);
		CHECK_STATUS(gcounter_decode_new(&decoded, buf, len, &consumed),
		             GCOUNTER_OK);
		CHECK(consumed == len);
		CHECK(gcounter_equal(decoded, g));

		target = random_counter(&rng, g->n);
		CHECK_STATUS(gcounter_decode(target, buf, len, NULL),
		             GCOUNTER_OK);
		CHECK(gcounter_equal(target, g));
		gcounter_free(g);
		gcounter_free(decoded);
		gcounter_free(target);
		free(buf);
	}
}

static void test_decode_rejects_every_truncation(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *g, *target, *target_before;
		size_t len;
		uint8_t *buf;

		begin_case(&rng, "decode rejects every truncation", 9, c);
		/* Every prefix is decoded: keep the quadratic cost down. */
		g = random_counter(&rng, random_size(&rng, 128));
		buf = encode_exact(g, &len);
		target = random_counter(&rng, g->n);
		target_before = clone_counter(target);
		for (size_t cut = 0; cut < len; cut++) {
			/* The prefix alone in its block: reading past it is
			 * an ASan error, not a silent success. */
			uint8_t *prefix = exact_copy(buf, cut);
			struct gcounter *decoded = g;
			size_t consumed = 0;

			CHECK_STATUS(
			    gcounter_decode_new(&decoded, prefix, cut, NULL),
			    GCOUNTER_ETRUNC);
			CHECK(decoded == NULL);
			decoded = g;
			CHECK_STATUS(gcounter_decode_new(&decoded, prefix, cut,
			                                 &consumed),
			             GCOUNTER_ETRUNC);
			CHECK(decoded == NULL);
			CHECK_STATUS(gcounter_decode(target, prefix, cut, NULL),
			             GCOUNTER_ETRUNC);
			CHECK(gcounter_equal(target, target_before));
			free(prefix);
		}
		gcounter_free(g);
		gcounter_free(target);
		gcounter_free(target_before);
		free(buf);
	}
}

/* Random input: pure noise, a plausible header then noise, or a valid
 * encoding with a few bytes changed, dropped or added. */
static size_t random_input(struct rng *rng, uint8_t *out, size_t cap)
{
	size_t len = 0;
	uint64_t mode = rng_below(rng, 3);

	if (mode == 0) {
		len = (size_t)rng_below(rng, cap + 1);
		for (size_t i = 0; i < len; i++)
			out[i] = (uint8_t)rng_next(rng);
	} else if (mode == 1) {
		len = (size_t)rng_range(rng, 2, cap);
		out[0] = 'G';
		out[1] = rng_chance(rng, 0.9) ? GCOUNTER_ENCODING_VERSION
		                              : (uint8_t)rng_next(rng);
		for (size_t i = 2; i < len; i++)
			out[i] = rng_chance(rng, 0.5)
			             ? (uint8_t)rng_below(rng, 8)
			             : (uint8_t)rng_next(rng);
	} else {
		struct gcounter *g =
		    random_counter(rng, (size_t)rng_range(rng, 1, 8));
		size_t written = 0;
		int edits = (int)rng_range(rng, 0, 3);

		CHECK_STATUS(gcounter_encode(g, out, cap, &written),
		             GCOUNTER_OK);
		len = written;
		gcounter_free(g);
		for (int e = 0; e < edits; e++) {
			uint64_t kind = rng_below(rng, 3);
			size_t at = (size_t)rng_below(rng, len + 1);

			if (kind == 0 && at < len) {
				out[at] = (uint8_t)rng_next(rng);
			} else if (kind == 1 && at < len) {
				memmove(out + at, out + at + 1, len - at - 1);
				len--;
			} else if (len < cap) {
				memmove(out + at + 1, out + at, len - at);
				out[at] = (uint8_t)rng_next(rng);
				len++;
			}
		}
	}
	return len;
}

static void test_decode_of_random_bytes_never_crashes(void **state)
{
	enum { MAX_INPUT = 96 };
	unsigned accepted = 0;

	(void)state;
	for (uint64_t c = 0; c < 4 * PROPERTY_CASES; c++) {
		struct rng rng;
		uint8_t input[MAX_INPUT], again[MAX_INPUT];
		struct gcounter *decoded = NULL, *prefix = NULL, *target,
		                *target_before;
		enum gcounter_status status;
		size_t len, consumed = 0, written = 0;

		begin_case(&rng, "decode of random bytes never crashes", 10, c);
		len = random_input(&rng, input, MAX_INPUT);

		status = decode_new_exact(&decoded, input, len, NULL);
		CHECK(status <= GCOUNTER_ENOMEM && status != GCOUNTER_EINVAL &&
		      status != GCOUNTER_EMISMATCH);
		if (status == GCOUNTER_OK) {
			/* Accepted only if it is the one encoding of what
			 * came out. */
			accepted++;
			CHECK_STATUS(gcounter_encode(decoded, again,
			                             sizeof again, &written),
			             GCOUNTER_OK);
			CHECK(written == len);
			CHECK(memcmp(again, input, len) == 0);
		} else {
			CHECK(decoded == NULL);
		}

		/* With consumed, a valid encoding at the front suffices. */
		status = decode_new_exact(&prefix, input, len, &consumed);
		if (status == GCOUNTER_OK) {
			CHECK(consumed <= len);
			CHECK_STATUS(gcounter_encode(prefix, again,
			                             sizeof again, &written),
			             GCOUNTER_OK);
			CHECK(written == consumed);
			CHECK(memcmp(again, input, consumed) == 0);
			if (decoded != NULL)
				CHECK(gcounter_equal(prefix, decoded));
		} else {
			CHECK(prefix == NULL);
			CHECK(decoded == NULL);
		}

		/* Into an existing counter: all or nothing. */
		target = random_counter(&rng, (size_t)rng_range(&rng, 1, 8));
		target_before = clone_counter(target);
		status = decode_exact(target, input, len, NULL);
		if (status == GCOUNTER_OK)
			CHECK(decoded != NULL &&
			      gcounter_equal(target, decoded));
		else
			CHECK(gcounter_equal(target, target_before));
		gcounter_free(decoded);
		gcounter_free(prefix);
		gcounter_free(target);
		gcounter_free(target_before);
	}
	/* The generator does reach the accepting paths. */
	assert_true(accepted >= PROPERTY_CASES / 10);
}

/* format agrees with printing the slots one by one. */
static void test_format_prints_every_slot_in_order(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *g;
		char expected[32 * 70], actual[32 * 70];
		size_t pos = 0, cap;

		begin_case(&rng, "format prints every slot in order", 11, c);
		g = random_counter(&rng, random_size(&rng, 64));
		pos += (size_t)snprintf(expected + pos, sizeof expected - pos,
		                        "[");
		for (size_t i = 0; i < g->n; i++)
			pos += (size_t)snprintf(
			    expected + pos, sizeof expected - pos, "%s%llu",
			    i == 0 ? "" : ",", (unsigned long long)g->slots[i]);
		pos += (size_t)snprintf(expected + pos, sizeof expected - pos,
		                        "]");
		cap = (size_t)rng_range(&rng, 0, pos + 2);
		memset(actual, 'x', sizeof actual);
		CHECK(gcounter_format(g, actual, cap) == pos);
		if (cap > 0) {
			CHECK(strlen(actual) == (pos < cap ? pos : cap - 1));
			CHECK(strncmp(actual, expected, cap - 1) == 0);
		}
		CHECK(actual[cap] == 'x'); /* nothing past cap */
		gcounter_free(g);
	}
}

/* --- the merge the engine runs: gcounter_merge_report -------------------- */

/* What a merge reported, slot by slot, and what dst held when told. */
struct report {
	size_t count;
	size_t slots[GCOUNTER_MAX_SLOTS];
	uint64_t before[GCOUNTER_MAX_SLOTS], after[GCOUNTER_MAX_SLOTS];
	const struct gcounter *dst;
	bool dst_had_grown; /* dst already held `after` when told */
};

static void record_growth(void *ctx, size_t slot, uint64_t before,
                          uint64_t after)
{
	struct report *r = ctx;

	r->slots[r->count] = slot;
	r->before[r->count] = before;
	r->after[r->count] = after;
	r->count++;
	if (r->dst->slots[slot] != after)
		r->dst_had_grown = false;
}

/* dst join src through merge_report; the report is in *r. */
static struct gcounter *reported_join(const struct gcounter *dst,
                                      const struct gcounter *src,
                                      struct report *r)
{
	struct gcounter *out = clone_counter(dst);
	size_t changed = SIZE_MAX;

	*r = (struct report){.dst = out, .dst_had_grown = true};
	CHECK_STATUS(
	    gcounter_merge_report(out, src, record_growth, r, &changed),
	    GCOUNTER_OK);
	CHECK(changed == r->count);
	return out;
}

static void test_merge_report_says_exactly_which_slots_grew(void **state)
{
	static struct report r;

	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *joined, *expected;
		size_t k = 0;

		begin_case(&rng, "merge report says exactly which slots grew",
		           12, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		joined = reported_join(a, b, &r);
		expected = join_of(a, b);
		CHECK(gcounter_equal(joined, expected));
		CHECK(r.dst_had_grown);
		/* Every slot where b was above a, in order, once, with its
		 * counts before and after; no other slot. */
		for (size_t i = 0; i < a->n; i++) {
			if (b->slots[i] <= a->slots[i])
				continue;
			CHECK(k < r.count);
			CHECK(r.slots[k] == i);
			CHECK(r.before[k] == a->slots[i]);
			CHECK(r.after[k] == b->slots[i]);
			k++;
		}
		CHECK(k == r.count);
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(joined);
		gcounter_free(expected);
	}
}

static void
test_merge_report_is_idempotent_commutative_associative(void **state)
{
	static struct report r;

	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *b, *d, *ab, *ba, *again, *ab_d, *bd, *a_bd;

		begin_case(&rng, "merge report is a join", 13, c);
		a = random_counter(&rng, random_size(&rng, GCOUNTER_MAX_SLOTS));
		b = random_relative(&rng, a);
		d = random_relative(&rng, rng_chance(&rng, 0.5) ? a : b);
		ab = reported_join(a, b, &r);
		/* Idempotent: the same state again grows nothing. */
		again = reported_join(ab, b, &r);
		CHECK(r.count == 0);
		CHECK(gcounter_equal(again, ab));
		gcounter_free(again);
		again = reported_join(a, a, &r);
		CHECK(r.count == 0);
		CHECK(gcounter_equal(again, a));
		/* Commutative. */
		ba = reported_join(b, a, &r);
		CHECK(gcounter_equal(ab, ba));
		/* Associative. */
		ab_d = reported_join(ab, d, &r);
		bd = reported_join(b, d, &r);
		a_bd = reported_join(a, bd, &r);
		CHECK(gcounter_equal(ab_d, a_bd));
		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(d);
		gcounter_free(ab);
		gcounter_free(ba);
		gcounter_free(again);
		gcounter_free(ab_d);
		gcounter_free(bd);
		gcounter_free(a_bd);
	}
}

/* A (slot, value) pair joined in is a merge with the counter that holds
 * that value there and zero elsewhere. */
static void test_join_slot_is_a_merge_with_one_slot(void **state)
{
	(void)state;
	for (uint64_t c = 0; c < PROPERTY_CASES; c++) {
		struct rng rng;
		struct gcounter *a, *one, *merged, *joined;
		size_t slot, changed;
		uint64_t v;
		bool grew = false;

		begin_case(&rng, "join slot is a merge with one slot", 14, c);
		a = random_counter(&rng, random_size(&rng, 64));
		slot = (size_t)rng_below(&rng, a->n);
		v = rng_chance(&rng, 0.5)
		        ? random_value_near(&rng, a->slots[slot])
		        : random_value(&rng);
		one = gcounter_new(a->n);
		assert_non_null(one);
		one->slots[slot] = v;
		merged = clone_counter(a);
		CHECK_STATUS(gcounter_merge(merged, one, &changed),
		             GCOUNTER_OK);
		joined = clone_counter(a);
		CHECK_STATUS(gcounter_join_slot(joined, slot, v, &grew),
		             GCOUNTER_OK);
		CHECK(gcounter_equal(joined, merged));
		CHECK(grew == (changed == 1));
		CHECK_STATUS(gcounter_join_slot(joined, a->n, v, NULL),
		             GCOUNTER_EINVAL);
		CHECK(gcounter_equal(joined, merged));
		gcounter_free(a);
		gcounter_free(one);
		gcounter_free(merged);
		gcounter_free(joined);
	}
}

static void test_merge_report_rejects_size_mismatch(void **state)
{
	struct gcounter *a = gcounter_new(3), *b = gcounter_new(4);
	struct report r = {.dst = a, .dst_had_grown = true};

	(void)state;
	b->slots[0] = 5;
	assert_int_equal(gcounter_merge_report(a, b, record_growth, &r, NULL),
	                 GCOUNTER_EMISMATCH);
	assert_int_equal(r.count, 0);
	assert_int_equal(a->slots[0], 0);
	gcounter_free(a);
	gcounter_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_makes_a_zeroed_counter_of_n_slots),
	    cmocka_unit_test(test_new_rejects_zero_slots),
	    cmocka_unit_test(test_new_rejects_more_than_max_slots),
	    cmocka_unit_test(test_free_of_null_is_a_no_op),
	    cmocka_unit_test(
	        test_init_makes_a_zeroed_counter_over_caller_memory),
	    cmocka_unit_test(test_init_rejects_bad_arguments),
	    cmocka_unit_test(test_copy_copies_every_slot),
	    cmocka_unit_test(test_copy_rejects_size_mismatch),
	    cmocka_unit_test(test_reset_zeroes_every_slot),
	    cmocka_unit_test(test_increment_adds_one_to_one_slot),
	    cmocka_unit_test(test_increment_by_adds_k_to_one_slot),
	    cmocka_unit_test(test_increment_rejects_slot_out_of_range),
	    cmocka_unit_test(test_increment_overflow_leaves_state_unchanged),
	    cmocka_unit_test(
	        test_merge_takes_slotwise_max_and_counts_grown_slots),
	    cmocka_unit_test(test_merge_accepts_null_changed),
	    cmocka_unit_test(test_merge_with_itself_changes_nothing),
	    cmocka_unit_test(test_merge_rejects_size_mismatch),
	    cmocka_unit_test(
	        test_merge_into_writes_the_join_to_a_third_counter),
	    cmocka_unit_test(test_merge_into_may_alias_either_input),
	    cmocka_unit_test(test_merge_into_rejects_size_mismatch),
	    cmocka_unit_test(test_value_is_the_sum_of_the_slots),
	    cmocka_unit_test(
	        test_value_of_exactly_uint64_max_is_not_an_overflow),
	    cmocka_unit_test(test_value_reports_overflow_as_uint64_max),
	    cmocka_unit_test(test_value_saturated_caps_at_uint64_max),
	    cmocka_unit_test(test_compare_reports_all_four_orders),
	    cmocka_unit_test(test_compare_of_mismatched_sizes_is_concurrent),
	    cmocka_unit_test(test_leq_and_equal_follow_the_order),
	    cmocka_unit_test(test_encoded_size_counts_shortest_varints),
	    cmocka_unit_test(test_encode_writes_known_bytes),
	    cmocka_unit_test(test_encode_writes_300_as_a_two_byte_varint),
	    cmocka_unit_test(test_encode_writes_varint_edges),
	    cmocka_unit_test(test_encode_writes_the_slot_count_as_a_varint),
	    cmocka_unit_test(test_encode_rejects_a_buffer_too_small),
	    cmocka_unit_test(test_decode_new_round_trips_a_known_counter),
	    cmocka_unit_test(test_decode_round_trips_into_an_existing_counter),
	    cmocka_unit_test(test_decode_accepts_max_slots),
	    cmocka_unit_test(
	        test_decode_into_a_wrong_size_is_a_mismatch_and_no_change),
	    cmocka_unit_test(
	        test_decode_rejects_trailing_bytes_without_consumed),
	    cmocka_unit_test(test_decode_accepts_trailing_bytes_with_consumed),
	    cmocka_unit_test(test_decode_rejects_malformed_and_truncated_input),
	    cmocka_unit_test(
	        test_decode_of_an_empty_or_null_input_is_truncated),
	    cmocka_unit_test(test_decode_errors_leave_the_counter_unchanged),
	    cmocka_unit_test(test_format_writes_slots_in_brackets),
	    cmocka_unit_test(test_format_truncates_like_snprintf),
	    cmocka_unit_test(test_format_with_cap_zero_writes_nothing),
	    cmocka_unit_test(test_format_of_max_slots_reports_the_full_length),
	    cmocka_unit_test(test_strerror_names_every_status),
	    cmocka_unit_test(test_strerror_of_an_unknown_status_says_so),
	    cmocka_unit_test(test_merge_is_commutative),
	    cmocka_unit_test(test_merge_is_associative),
	    cmocka_unit_test(test_merge_is_idempotent),
	    cmocka_unit_test(test_merge_is_the_least_upper_bound),
	    cmocka_unit_test(test_compare_agrees_with_the_slotwise_order),
	    cmocka_unit_test(test_value_never_decreases),
	    cmocka_unit_test(test_no_increment_is_lost),
	    cmocka_unit_test(test_decode_inverts_encode),
	    cmocka_unit_test(test_decode_rejects_every_truncation),
	    cmocka_unit_test(test_decode_of_random_bytes_never_crashes),
	    cmocka_unit_test(test_format_prints_every_slot_in_order),
	    cmocka_unit_test(test_merge_report_says_exactly_which_slots_grew),
	    cmocka_unit_test(
	        test_merge_report_is_idempotent_commutative_associative),
	    cmocka_unit_test(test_join_slot_is_a_merge_with_one_slot),
	    cmocka_unit_test(test_merge_report_rejects_size_mismatch),
	};

	print_message(
	    "property tests: GCOUNTER_TEST_SEED=%llu, %d cases each\n",
	    (unsigned long long)base_seed(), PROPERTY_CASES);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
