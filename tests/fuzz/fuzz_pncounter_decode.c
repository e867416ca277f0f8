/*
 * Fuzzes the PN-Counter decoder: any bytes give a status and no read past
 * them; what is accepted re-encodes to the very same bytes; decoding into a
 * counter of another size is refused and leaves it untouched.
 */
#include <string.h>

#include "crdt/pncounter.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pncounter *pn = NULL, *wrong;
	size_t consumed = 0, written = 0;
	uint8_t *again;

	if (pncounter_decode_new(&pn, data, size, NULL) != GCOUNTER_OK) {
		FUZZ_CHECK(pn == NULL, "a refused decode returns nothing");
		/* With trailing bytes allowed it may still find a prefix. */
		if (pncounter_decode_new(&pn, data, size, &consumed) ==
		    GCOUNTER_OK) {
			FUZZ_CHECK(consumed < size,
			           "a prefix, then more bytes");
			pncounter_free(pn);
		}
		return 0;
	}
	again = malloc(pncounter_encoded_size(pn) + 1);
	FUZZ_CHECK(again != NULL, "allocation");
	FUZZ_CHECK(pncounter_encode(pn, again, pncounter_encoded_size(pn),
	                            &written) == GCOUNTER_OK,
	           "a decoded counter encodes");
	FUZZ_CHECK(written == size && memcmp(again, data, size) == 0,
	           "re-encoding gives back the input bytes");
	wrong = pncounter_new(pncounter_size(pn) < GCOUNTER_MAX_SLOTS
	                          ? pncounter_size(pn) + 1
	                          : pncounter_size(pn) - 1);
	FUZZ_CHECK(wrong != NULL, "allocation");
	wrong->p.slots[0] = 77;
	FUZZ_CHECK(pncounter_decode(wrong, data, size, NULL) ==
	               GCOUNTER_EMISMATCH,
	           "a counter of another size is refused");
	FUZZ_CHECK(wrong->p.slots[0] == 77, "and left untouched");
	pncounter_free(wrong);
	free(again);
	pncounter_free(pn);
	return 0;
}
