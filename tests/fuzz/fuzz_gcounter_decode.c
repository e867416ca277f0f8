/*
 * Fuzzes the decoder of G-Counters that come from outside (the binary form
 * read from files and sockets). Whatever the bytes, decoding returns a
 * status and reads nothing past them; what it accepts encodes back to the
 * very same bytes (every counter has one encoding); a refusal changes nothing.
 */
#include <stdbool.h>
#include <string.h>

#include "crdt/gcounter.h"
#include "fuzz.h"

/* A byte no decoder writes into a slot it leaves alone: a refused decode
 * must leave every slot of its target still holding this pattern. */
#define UNTOUCHED 0xa5a5a5a5a5a5a5a5ULL

static bool is_decode_status(enum gcounter_status status)
{
	return status == GCOUNTER_OK || status == GCOUNTER_ETRUNC ||
	       status == GCOUNTER_EFORMAT || status == GCOUNTER_EMISMATCH ||
	       status == GCOUNTER_ENOMEM;
}

/* Encodes g into a buffer of exactly its encoded size and compares it with
 * the bytes it was decoded from. */
static void check_encodes_back_to(const struct gcounter *g,
                                  const uint8_t *bytes, size_t length)
{
	size_t size = gcounter_encoded_size(g), written = 0;
	uint8_t *buffer;

	FUZZ_CHECK(size == length, "decoded counter re-encodes to its size");
	FUZZ_CHECK(size <= GCOUNTER_ENCODED_MAX(g->n), "size within the max");
	buffer = malloc(size);
	FUZZ_CHECK(buffer != NULL, "allocation");
	FUZZ_CHECK(gcounter_encode(g, buffer, size, &written) == GCOUNTER_OK,
	           "a decoded counter encodes");
	FUZZ_CHECK(written == length && memcmp(buffer, bytes, length) == 0,
	           "re-encoding gives back the input bytes");
	FUZZ_CHECK(gcounter_encode(g, buffer, size - 1, &written) ==
	               GCOUNTER_ENOSPC,
	           "one byte short of room is refused");
	free(buffer);
}

/* Decoding into a caller's counter: the right size gets the same slots as
 * decode_new; a wrong size is refused and left untouched. */
static void check_decode_in_place(const struct gcounter *expected,
                                  const uint8_t *data, size_t size,
                                  const size_t *consumed_by_new)
{
	size_t wrong_n = expected->n < GCOUNTER_MAX_SLOTS ? expected->n + 1
	                                                  : expected->n - 1;
	struct gcounter *target = gcounter_new(expected->n);
	struct gcounter *wrong = gcounter_new(wrong_n);
	size_t consumed = 0;

	FUZZ_CHECK(target != NULL && wrong != NULL, "allocation");
	FUZZ_CHECK(gcounter_decode(target, data, size,
	                           consumed_by_new ? &consumed : NULL) ==
	               GCOUNTER_OK,
	           "decode agrees with decode_new");
	FUZZ_CHECK(gcounter_equal(target, expected),
	           "decode and decode_new read the same slots");
	if (consumed_by_new != NULL)
		FUZZ_CHECK(consumed == *consumed_by_new,
		           "decode and decode_new consume alike");

	for (size_t i = 0; i < wrong->n; i++)
		wrong->slots[i] = UNTOUCHED;
	consumed = 12345;
	FUZZ_CHECK(gcounter_decode(wrong, data, size,
	                           consumed_by_new ? &consumed : NULL) ==
	               GCOUNTER_EMISMATCH,
	           "a counter of another size is refused");
	for (size_t i = 0; i < wrong->n; i++)
		FUZZ_CHECK(wrong->slots[i] == UNTOUCHED,
		           "a refused decode leaves its target untouched");
	FUZZ_CHECK(consumed == 12345, "a refused decode consumes nothing");
	gcounter_free(target);
	gcounter_free(wrong);
}

/* The read-only operations on whatever was decoded. */
static void check_reads(const struct gcounter *g)
{
	uint64_t value = 0;
	enum gcounter_status status = gcounter_value(g, &value);
	size_t need = gcounter_format(g, NULL, 0);
	char small[8];

	FUZZ_CHECK(status == GCOUNTER_OK || status == GCOUNTER_EOVERFLOW,
	           "value is OK or overflows");
	FUZZ_CHECK(gcounter_value_saturated(g) == value,
	           "saturated value agrees with value");
	FUZZ_CHECK(gcounter_format(g, small, sizeof small) == need,
	           "format reports the whole length");
	FUZZ_CHECK(strlen(small) < sizeof small, "format truncates with a NUL");
	FUZZ_CHECK(gcounter_compare(g, g) == GCOUNTER_EQUAL,
	           "a counter equals itself");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gcounter *exact = NULL, *prefix = NULL;
	size_t consumed = 0;
	enum gcounter_status exact_status, prefix_status;

	/* The input must be one encoding, nothing after it. */
	exact_status = gcounter_decode_new(&exact, data, size, NULL);
	FUZZ_CHECK(is_decode_status(exact_status), "a decode status");
	FUZZ_CHECK((exact_status == GCOUNTER_OK) == (exact != NULL),
	           "a counter exactly when OK");
	if (exact != NULL) {
		check_encodes_back_to(exact, data, size);
		check_decode_in_place(exact, data, size, NULL);
		check_reads(exact);
	}

	/* One encoding at the front of a stream of them. */
	prefix_status = gcounter_decode_new(&prefix, data, size, &consumed);
	FUZZ_CHECK(is_decode_status(prefix_status), "a decode status");
	FUZZ_CHECK((prefix_status == GCOUNTER_OK) == (prefix != NULL),
	           "a counter exactly when OK");
	if (prefix != NULL) {
		FUZZ_CHECK(consumed >= 3 && consumed <= size,
		           "consumed is inside the input");
		check_encodes_back_to(prefix, data, consumed);
		check_decode_in_place(prefix, data, size, &consumed);
	}
	/* The exact decode accepts precisely the prefixes that are whole. */
	FUZZ_CHECK((exact != NULL) == (prefix != NULL && consumed == size),
	           "exact and prefix decoding agree");
	if (exact != NULL)
		FUZZ_CHECK(gcounter_equal(exact, prefix),
		           "exact and prefix decoding read the same");

	gcounter_free(exact);
	gcounter_free(prefix);
	return 0;
}
