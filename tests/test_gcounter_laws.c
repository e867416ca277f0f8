/*
 * The CRDT laws of the G-Counter (src/crdt/gcounter.h) as property tests:
 * merge is commutative, associative, idempotent and the least upper bound,
 * compare is the slot-wise order, values never decrease, no increment is
 * lost, and the merge the engine runs (gcounter_merge_report,
 * gcounter_join_slot) is the same join. GCOUNTER_TEST_SEED=<n> replays a
 * failure.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "crdt/gcounter.h"
#include "gcounter-props.h"
#include "sim/rng.h"

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
	    cmocka_unit_test(test_merge_is_commutative),
	    cmocka_unit_test(test_merge_is_associative),
	    cmocka_unit_test(test_merge_is_idempotent),
	    cmocka_unit_test(test_merge_is_the_least_upper_bound),
	    cmocka_unit_test(test_compare_agrees_with_the_slotwise_order),
	    cmocka_unit_test(test_value_never_decreases),
	    cmocka_unit_test(test_no_increment_is_lost),
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
