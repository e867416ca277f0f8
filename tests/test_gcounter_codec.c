/*
 * Tests for the G-Counter's binary form (gcounter_encode, gcounter_decode
 * and gcounter_encoded_size, over src/crdt/codec.c): known bytes, every
 * malformed and truncated input, then round trips, truncations and random
 * bytes as property tests. Inputs sit in exact-size heap blocks so that
 * AddressSanitizer sees any read past the end. GCOUNTER_TEST_SEED=<n>
 * replays a property failure.
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
	/* 20000 = 0x80 | 0x20, 0x80 | 0x1c, 0x01 */
	assert_int_equal(buf[2], 0xa0);
	assert_int_equal(buf[3], 0x9c);
	assert_int_equal(buf[4], 0x01);
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
    BAD("20001 slots", GCOUNTER_EFORMAT, 'G', 1, 0xa1, 0x9c, 0x01, 0),
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
    BAD("20000 slots announced, 1 given", GCOUNTER_ETRUNC, 'G', 1, 0xa0, 0x9c,
        0x01, 0),
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

/* --- property tests ---------------------------------------------------- */

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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
	    cmocka_unit_test(test_decode_inverts_encode),
	    cmocka_unit_test(test_decode_rejects_every_truncation),
	    cmocka_unit_test(test_decode_of_random_bytes_never_crashes),
	};

	print_message(
	    "property tests: GCOUNTER_TEST_SEED=%llu, %d cases each\n",
	    (unsigned long long)base_seed(), PROPERTY_CASES);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
