/*
 * Tests for the G-Counter (src/crdt/gcounter.h): every operation and every
 * error path on small hand-made counters, and format as a property test.
 * The binary form is tested in test_gcounter_codec.c, the CRDT laws in
 * test_gcounter_laws.c. Property failures name their seed;
 * GCOUNTER_TEST_SEED=<n> replays them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crdt/gcounter.h"
#include "gcounter-props.h"
#include "sim/rng.h"

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

/* What a masked merge reports, slot by slot. */
struct told {
	size_t count;
	size_t slots[200];
};

static void tell(void *ctx, size_t slot, uint64_t before, uint64_t after)
{
	struct told *t = ctx;

	assert_true(after > before);
	t->slots[t->count++] = slot;
}

static void
test_masked_merge_is_the_merge_when_the_mask_covers_the_news(void **state)
{
	struct rng rng;
	uint64_t a[130], b[130], c[130], mask[3], mask_before[3];

	(void)state;
	rng_seed(&rng, 16, 1);
	for (int round = 0; round < 200; round++) {
		struct gcounter ga = {.n = 130, .slots = a};
		struct gcounter gb = {.n = 130, .slots = b};
		struct gcounter gc = {.n = 130, .slots = c};
		struct told full = {0}, masked = {0};
		size_t changed_full = 0, changed_masked = 0;

		memset(mask, 0, sizeof mask);
		for (size_t i = 0; i < 130; i++) {
			a[i] = c[i] = rng_below(&rng, 4);
			b[i] = rng_below(&rng, 4);
			/* every slot where b is above, and some others */
			if (b[i] > a[i] || rng_below(&rng, 3) == 0)
				mask[i / 64] |= 1ULL << (i % 64);
		}
		memcpy(mask_before, mask, sizeof mask);
		assert_int_equal(
		    gcounter_merge_report(&ga, &gb, tell, &full, &changed_full),
		    GCOUNTER_OK);
		assert_int_equal(gcounter_merge_report_masked(&gc, &gb, mask,
		                                              tell, &masked,
		                                              &changed_masked),
		                 GCOUNTER_OK);
		assert_memory_equal(a, c, sizeof a);
		assert_int_equal(changed_full, changed_masked);
		assert_int_equal(full.count, masked.count);
		assert_memory_equal(full.slots, masked.slots,
		                    full.count * sizeof full.slots[0]);
		assert_memory_equal(mask, mask_before, sizeof mask);
	}
}

static void test_masked_merge_leaves_unmasked_slots_alone(void **state)
{
	uint64_t a[3] = {0, 0, 0}, b[3] = {5, 6, 7}, mask[1] = {1ULL << 1};
	struct gcounter ga = {.n = 3, .slots = a}, gb = {.n = 3, .slots = b};
	struct gcounter small = {.n = 2, .slots = b};
	size_t changed = 9;

	(void)state;
	assert_int_equal(
	    gcounter_merge_report_masked(&ga, &gb, mask, NULL, NULL, &changed),
	    GCOUNTER_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(a[0], 0);
	assert_int_equal(a[1], 6);
	assert_int_equal(a[2], 0);
	assert_int_equal(
	    gcounter_merge_report_masked(&ga, &small, mask, NULL, NULL, NULL),
	    GCOUNTER_EMISMATCH);
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
	        test_masked_merge_is_the_merge_when_the_mask_covers_the_news),
	    cmocka_unit_test(test_masked_merge_leaves_unmasked_slots_alone),
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
	    cmocka_unit_test(test_format_writes_slots_in_brackets),
	    cmocka_unit_test(test_format_truncates_like_snprintf),
	    cmocka_unit_test(test_format_with_cap_zero_writes_nothing),
	    cmocka_unit_test(test_format_of_max_slots_reports_the_full_length),
	    cmocka_unit_test(test_strerror_names_every_status),
	    cmocka_unit_test(test_strerror_of_an_unknown_status_says_so),
	    cmocka_unit_test(test_format_prints_every_slot_in_order),
	};

	print_message(
	    "property tests: GCOUNTER_TEST_SEED=%llu, %d cases each\n",
	    (unsigned long long)base_seed(), PROPERTY_CASES);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
