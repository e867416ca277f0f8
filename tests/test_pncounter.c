/*
 * The PN-Counter: increments and decrements, merge, value with its
 * overflow edges, encoding, and the properties every state-based CRDT
 * must have — over 1,000 random cases each, seed printed on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crdt/pncounter.h"
#include "sim/rng.h"

#define CASES 1000

static uint64_t base_seed(void)
{
	const char *env = getenv("GCOUNTER_TEST_SEED");

	return env ? strtoull(env, NULL, 10) : 424242;
}

/* A random counter of n slots with small counts (so merges collide). */
static struct pncounter *random_counter(struct rng *rng, size_t n)
{
	struct pncounter *pn = pncounter_new(n);

	for (size_t i = 0; i < n; i++) {
		pn->p.slots[i] = rng_below(rng, 8);
		pn->n.slots[i] = rng_below(rng, 8);
	}
	return pn;
}

static int64_t value_of(const struct pncounter *pn)
{
	int64_t v;

	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_OK);
	return v;
}

static void test_increments_and_decrements_count_up_and_down(void **state)
{
	struct pncounter *pn = pncounter_new(3);
	char text[64];

	(void)state;
	assert_int_equal(pncounter_increment_by(pn, 0, 5), GCOUNTER_OK);
	assert_int_equal(pncounter_decrement(pn, 1), GCOUNTER_OK);
	assert_int_equal(pncounter_decrement_by(pn, 2, 7), GCOUNTER_OK);
	assert_int_equal(pncounter_increment(pn, 2), GCOUNTER_OK);
	assert_int_equal(value_of(pn), -2);
	pncounter_format(pn, text, sizeof text);
	assert_string_equal(text, "+[5,0,1] -[0,1,7]");
	assert_int_equal(pncounter_format(pn, NULL, 0), strlen(text));
	assert_int_equal(pncounter_increment(pn, 3), GCOUNTER_EINVAL);
	pncounter_reset(pn);
	assert_int_equal(value_of(pn), 0);
	pncounter_free(pn);
	pncounter_free(NULL);
}

static void test_construction_rejects_bad_sizes(void **state)
{
	struct pncounter pn;
	uint64_t a[4], b[4];

	(void)state;
	assert_null(pncounter_new(0));
	assert_null(pncounter_new(GCOUNTER_MAX_SLOTS + 1));
	assert_int_equal(pncounter_init(&pn, a, b, 4), GCOUNTER_OK);
	assert_int_equal(pncounter_size(&pn), 4);
	assert_int_equal(pncounter_init(&pn, a, b, 0), GCOUNTER_EINVAL);
	assert_int_equal(pncounter_init(NULL, a, b, 4), GCOUNTER_EINVAL);
}

static void test_value_reports_overflow_at_the_edges(void **state)
{
	struct pncounter *pn = pncounter_new(2);
	int64_t v;

	(void)state;
	pn->p.slots[0] = (uint64_t)INT64_MAX;
	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_OK);
	assert_true(v == INT64_MAX);
	pn->p.slots[1] = 1;
	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_EOVERFLOW);
	assert_true(v == INT64_MAX);
	pncounter_reset(pn);
	pn->n.slots[0] = (uint64_t)INT64_MAX + 1;
	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_OK);
	assert_true(v == INT64_MIN);
	pn->n.slots[1] = 1;
	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_EOVERFLOW);
	assert_true(v == INT64_MIN);
	pn->p.slots[0] = UINT64_MAX;
	pn->p.slots[1] = 1;
	assert_int_equal(pncounter_value(pn, &v), GCOUNTER_EOVERFLOW);
	assert_int_equal(pncounter_increment_by(pn, 0, 1), GCOUNTER_EOVERFLOW);
	pncounter_free(pn);
}

static void test_mismatched_sizes_are_refused(void **state)
{
	struct pncounter *a = pncounter_new(2), *b = pncounter_new(3);

	(void)state;
	assert_int_equal(pncounter_merge(a, b, NULL), GCOUNTER_EMISMATCH);
	assert_int_equal(pncounter_merge_into(a, a, b), GCOUNTER_EMISMATCH);
	assert_int_equal(pncounter_copy(a, b), GCOUNTER_EMISMATCH);
	assert_int_equal(pncounter_compare(a, b), GCOUNTER_CONCURRENT);
	pncounter_free(a);
	pncounter_free(b);
}

static void test_compare_is_the_product_order(void **state)
{
	struct pncounter *a = pncounter_new(2), *b = pncounter_new(2);

	(void)state;
	assert_int_equal(pncounter_compare(a, b), GCOUNTER_EQUAL);
	pncounter_decrement(b, 0);
	assert_int_equal(pncounter_compare(a, b), GCOUNTER_LESS);
	pncounter_increment(a, 1);
	assert_int_equal(pncounter_compare(a, b), GCOUNTER_CONCURRENT);
	pncounter_increment(b, 1);
	assert_int_equal(pncounter_compare(a, b), GCOUNTER_LESS);
	assert_int_equal(pncounter_compare(b, a), GCOUNTER_GREATER);
	pncounter_free(a);
	pncounter_free(b);
}

static void test_encoding_is_exact_and_round_trips(void **state)
{
	struct pncounter *pn = pncounter_new(2), *back;
	uint8_t buf[PNCOUNTER_ENCODED_MAX(2)];
	size_t written, consumed;
	static const uint8_t expected[] = {'N', 1, 2, 3, 0, 1, 200, 1};

	(void)state;
	pn->p.slots[0] = 3;
	pn->n.slots[0] = 1;
	pn->n.slots[1] = 200;
	assert_int_equal(pncounter_encode(pn, buf, sizeof buf, &written),
	                 GCOUNTER_OK);
	assert_int_equal(written, sizeof expected);
	assert_memory_equal(buf, expected, sizeof expected);
	assert_int_equal(pncounter_encode(pn, buf, written - 1, NULL),
	                 GCOUNTER_ENOSPC);
	assert_int_equal(pncounter_decode_new(&back, buf, written, NULL),
	                 GCOUNTER_OK);
	assert_true(pncounter_equal(pn, back));
	/* A G-Counter's bytes are not a PN-Counter's. */
	buf[0] = 'G';
	assert_int_equal(pncounter_decode(back, buf, written, NULL),
	                 GCOUNTER_EFORMAT);
	buf[0] = 'N';
	buf[written] = 0x55;
	assert_int_equal(pncounter_decode(back, buf, written + 1, NULL),
	                 GCOUNTER_EFORMAT);
	assert_int_equal(pncounter_decode(back, buf, written + 1, &consumed),
	                 GCOUNTER_OK);
	assert_int_equal(consumed, written);
	pncounter_free(pn);
	pncounter_free(back);
}

/* --- properties ------------------------------------------------------------
 */

static void test_merge_is_commutative_associative_and_idempotent(void **state)
{
	uint64_t seed = base_seed();
	struct rng rng;

	(void)state;
	rng_seed(&rng, seed, 1);
	for (int c = 0; c < CASES; c++) {
		size_t n = 1 + rng_below(&rng, 16);
		struct pncounter *a = random_counter(&rng, n);
		struct pncounter *b = random_counter(&rng, n);
		struct pncounter *d = random_counter(&rng, n);
		struct pncounter *ab = pncounter_new(n), *ba = pncounter_new(n);
		struct pncounter *left = pncounter_new(n);
		struct pncounter *right = pncounter_new(n);

		pncounter_merge_into(ab, a, b);
		pncounter_merge_into(ba, b, a);
		if (!pncounter_equal(ab, ba))
			fail_msg(
			    "commutative, case %d; GCOUNTER_TEST_SEED=%llu", c,
			    (unsigned long long)seed);
		pncounter_merge_into(left, ab, d);
		pncounter_merge_into(right, b, d);
		pncounter_merge_into(right, a, right);
		if (!pncounter_equal(left, right))
			fail_msg(
			    "associative, case %d; GCOUNTER_TEST_SEED=%llu", c,
			    (unsigned long long)seed);
		pncounter_copy(left, a);
		pncounter_merge(left, a, NULL);
		if (!pncounter_equal(left, a))
			fail_msg("idempotent, case %d; GCOUNTER_TEST_SEED=%llu",
			         c, (unsigned long long)seed);
		assert_int_equal(pncounter_compare(a, ab) == GCOUNTER_LESS ||
		                     pncounter_compare(a, ab) == GCOUNTER_EQUAL,
		                 1);
		pncounter_free(a);
		pncounter_free(b);
		pncounter_free(d);
		pncounter_free(ab);
		pncounter_free(ba);
		pncounter_free(left);
		pncounter_free(right);
	}
}

static void test_no_increment_or_decrement_is_lost(void **state)
{
	uint64_t seed = base_seed();
	struct rng rng;

	(void)state;
	rng_seed(&rng, seed, 2);
	for (int c = 0; c < CASES; c++) {
		size_t n = 1 + rng_below(&rng, 8);
		struct pncounter *replicas[8];
		int64_t truth = 0;

		for (size_t i = 0; i < n; i++)
			replicas[i] = pncounter_new(n);
		for (int op = 0; op < 60; op++) {
			size_t i = rng_below(&rng, n), j = rng_below(&rng, n);

			switch (rng_below(&rng, 3)) {
			case 0:
				pncounter_increment(replicas[i], i);
				truth++;
				break;
			case 1:
				pncounter_decrement(replicas[i], i);
				truth--;
				break;
			default:
				pncounter_merge(replicas[j], replicas[i], NULL);
				break;
			}
		}
		/* Everyone merges everyone: all must hold the truth. */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				pncounter_merge(replicas[i], replicas[j], NULL);
		for (size_t i = 0; i < n; i++) {
			if (value_of(replicas[i]) != truth)
				fail_msg("case %d: replica %zu has %lld, truth "
				         "%lld; GCOUNTER_TEST_SEED=%llu",
				         c, i, (long long)value_of(replicas[i]),
				         (long long)truth,
				         (unsigned long long)seed);
		}
		for (size_t i = 0; i < n; i++)
			pncounter_free(replicas[i]);
	}
}

static void test_decode_inverts_encode_and_rejects_garbage(void **state)
{
	uint64_t seed = base_seed();
	struct rng rng;
	uint8_t buf[PNCOUNTER_ENCODED_MAX(64) + 8];

	(void)state;
	rng_seed(&rng, seed, 3);
	for (int c = 0; c < CASES; c++) {
		size_t n = 1 + rng_below(&rng, 64), len;
		struct pncounter *pn = random_counter(&rng, n), *back = NULL;

		pn->p.slots[0] = rng_next(&rng); /* a long varint too */
		assert_int_equal(pncounter_encode(pn, buf, sizeof buf, &len),
		                 GCOUNTER_OK);
		assert_int_equal(pncounter_decode_new(&back, buf, len, NULL),
		                 GCOUNTER_OK);
		if (!pncounter_equal(pn, back))
			fail_msg("round trip, case %d; GCOUNTER_TEST_SEED=%llu",
			         c, (unsigned long long)seed);
		pncounter_free(back);
		/* Every truncation is an error, and leaves the target alone. */
		for (size_t cut = 0; cut < len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);

			memcpy(copy, buf, cut);
			assert_int_not_equal(
			    pncounter_decode(pn, copy, cut, NULL), GCOUNTER_OK);
			free(copy);
		}
		/* Random bytes never crash; an accepted one re-encodes to
		 * the same bytes (one encoding per value). */
		for (size_t i = 2; i < len; i++)
			buf[i] = (uint8_t)rng_next(&rng);
		if (pncounter_decode_new(&back, buf, len, NULL) ==
		    GCOUNTER_OK) {
			uint8_t again[sizeof buf];
			size_t again_len;

			pncounter_encode(back, again, sizeof again, &again_len);
			assert_int_equal(again_len, len);
			assert_memory_equal(again, buf, len);
			pncounter_free(back);
		}
		pncounter_free(pn);
	}
}

/* --- the engine's layout: a view over a replica's 2N cells --------------- */

static void random_cells(struct rng *rng, struct gcounter *g)
{
	for (size_t i = 0; i < g->n; i++)
		g->slots[i] = rng_below(rng, 8);
}

static void count_growth(void *ctx, size_t slot, uint64_t before,
                         uint64_t after)
{
	size_t *grown = ctx;

	(void)before;
	(void)after;
	grown[slot]++;
}

static void test_view_over_2n_cells_is_the_pn_counter_they_hold(void **state)
{
	uint64_t seed = base_seed();
	struct rng rng;

	(void)state;
	rng_seed(&rng, seed, 7);
	for (int c = 0; c < CASES; c++) {
		size_t n = 1 + rng_below(&rng, 16), changed, pn_changed;
		struct gcounter *a = gcounter_new(2 * n),
		                *b = gcounter_new(2 * n);
		struct gcounter *d = gcounter_new(2 * n);
		struct gcounter *ab = gcounter_new(2 * n);
		struct gcounter *left = gcounter_new(2 * n);
		struct gcounter *right = gcounter_new(2 * n);
		struct pncounter va, vb, vab, vl, vr;
		size_t grown[32] = {0};
		int64_t sum = 0;

		random_cells(&rng, a);
		random_cells(&rng, b);
		random_cells(&rng, d);
		assert_int_equal(pncounter_view(&va, a), GCOUNTER_OK);
		assert_int_equal(pncounter_view(&vb, b), GCOUNTER_OK);
		/* P is the first n cells, N the last n, in place. */
		assert_int_equal(pncounter_size(&va), n);
		assert_ptr_equal(va.p.slots, a->slots);
		assert_ptr_equal(va.n.slots, a->slots + n);
		for (size_t i = 0; i < n; i++)
			sum += (int64_t)a->slots[i] - (int64_t)a->slots[n + i];
		if (value_of(&va) != sum)
			fail_msg("value, case %d; GCOUNTER_TEST_SEED=%llu", c,
			         (unsigned long long)seed);
		/* The engine's merge of the 2N cells is the PN merge, and it
		 * reports each slot of either half that grew, once. */
		gcounter_copy(ab, a);
		gcounter_merge_report(ab, b, count_growth, grown, &changed);
		pncounter_view(&vab, ab);

		{
			struct pncounter *expected = pncounter_new(n);

			pncounter_copy(expected, &va);
			pncounter_merge(expected, &vb, &pn_changed);
			if (!pncounter_equal(expected, &vab) ||
			    pn_changed != changed)
				fail_msg("merge, case %d; "
				         "GCOUNTER_TEST_SEED=%llu",
				         c, (unsigned long long)seed);
			pncounter_free(expected);
		}
		for (size_t i = 0; i < 2 * n; i++)
			if (grown[i] != (b->slots[i] > a->slots[i]))
				fail_msg("report, case %d; "
				         "GCOUNTER_TEST_SEED=%llu",
				         c, (unsigned long long)seed);
		/* Idempotent, commutative, associative, through the view. */
		gcounter_copy(left, ab);
		gcounter_merge_report(left, b, NULL, NULL, &changed);
		pncounter_view(&vl, left);
		if (changed != 0 || !pncounter_equal(&vl, &vab))
			fail_msg("idempotent, case %d; GCOUNTER_TEST_SEED=%llu",
			         c, (unsigned long long)seed);
		gcounter_copy(right, b);
		gcounter_merge_report(right, a, NULL, NULL, NULL);
		pncounter_view(&vr, right);
		if (!pncounter_equal(&vr, &vab))
			fail_msg(
			    "commutative, case %d; GCOUNTER_TEST_SEED=%llu", c,
			    (unsigned long long)seed);
		gcounter_merge_report(left, d, NULL, NULL, NULL);
		gcounter_copy(right, b);
		gcounter_merge_report(right, d, NULL, NULL, NULL);
		gcounter_merge_report(right, a, NULL, NULL, NULL);
		if (!pncounter_equal(&vl, &vr))
			fail_msg(
			    "associative, case %d; GCOUNTER_TEST_SEED=%llu", c,
			    (unsigned long long)seed);

		gcounter_free(a);
		gcounter_free(b);
		gcounter_free(d);
		gcounter_free(ab);
		gcounter_free(left);
		gcounter_free(right);
	}
}

static void test_view_refuses_an_odd_or_empty_vector(void **state)
{
	uint64_t slots[3] = {0};
	struct gcounter odd = {.n = 3, .slots = slots};
	struct gcounter empty = {.n = 0, .slots = slots};
	struct pncounter pn;

	(void)state;
	assert_int_equal(pncounter_view(&pn, &odd), GCOUNTER_EINVAL);
	assert_int_equal(pncounter_view(&pn, &empty), GCOUNTER_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_increments_and_decrements_count_up_and_down),
	    cmocka_unit_test(test_construction_rejects_bad_sizes),
	    cmocka_unit_test(test_value_reports_overflow_at_the_edges),
	    cmocka_unit_test(test_mismatched_sizes_are_refused),
	    cmocka_unit_test(test_compare_is_the_product_order),
	    cmocka_unit_test(test_encoding_is_exact_and_round_trips),
	    cmocka_unit_test(
	        test_merge_is_commutative_associative_and_idempotent),
	    cmocka_unit_test(test_no_increment_or_decrement_is_lost),
	    cmocka_unit_test(test_decode_inverts_encode_and_rejects_garbage),
	    cmocka_unit_test(
	        test_view_over_2n_cells_is_the_pn_counter_they_hold),
	    cmocka_unit_test(test_view_refuses_an_odd_or_empty_vector),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
