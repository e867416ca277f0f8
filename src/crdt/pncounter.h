/*
 * The PN-Counter CRDT: a counter that goes up and down, built from two
 * G-Counters, P for increments and N for decrements. Value = sum(P) -
 * sum(N); merge merges each half. Same shape and rules as gcounter.h: plain
 * structs, pure functions, no I/O, allocation only where it says so.
 */
#ifndef GCOUNTER_CRDT_PNCOUNTER_H
#define GCOUNTER_CRDT_PNCOUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"

#define PNCOUNTER_ENCODING_VERSION 1
/* Worst case: magic, version, a 2-byte slot count, 2 x 10 bytes per slot. */
#define PNCOUNTER_ENCODED_MAX(n) (4 + 20 * (size_t)(n))

struct pncounter {
	struct gcounter p; /* increments, one slot per replica */
	struct gcounter n; /* decrements, one slot per replica */
};

/* A zeroed counter of n slots in one allocation; NULL if n is out of
 * range or memory runs out. */
struct pncounter *pncounter_new(size_t n);
void pncounter_free(struct pncounter *pn);
/* Makes pn a zeroed counter over the caller's two arrays of n slots. */
enum gcounter_status pncounter_init(struct pncounter *pn, uint64_t *p_slots,
                                    uint64_t *n_slots, size_t n);
/*
 * A PN-Counter over a G-Counter of 2n slots, as a replica keeps its
 * cells: P is slots[0..n), N is slots[n..2n). Nothing is copied or
 * zeroed; the view reads and writes `cells`' memory. EINVAL for an odd or
 * empty `cells`.
 */
enum gcounter_status pncounter_view(struct pncounter *pn,
                                    const struct gcounter *cells);
enum gcounter_status pncounter_copy(struct pncounter *dst,
                                    const struct pncounter *src);
void pncounter_reset(struct pncounter *pn);
size_t pncounter_size(const struct pncounter *pn);

/* Adds k to slot's increments / decrements; on overflow nothing changes. */
enum gcounter_status pncounter_increment_by(struct pncounter *pn, size_t slot,
                                            uint64_t k);
enum gcounter_status pncounter_decrement_by(struct pncounter *pn, size_t slot,
                                            uint64_t k);
enum gcounter_status pncounter_increment(struct pncounter *pn, size_t slot);
enum gcounter_status pncounter_decrement(struct pncounter *pn, size_t slot);

/* dst = dst join src, half by half; *changed (if not NULL) counts the
 * slots of both halves that grew. */
enum gcounter_status pncounter_merge(struct pncounter *dst,
                                     const struct pncounter *src,
                                     size_t *changed);
/* out = a join b; out may alias a or b. */
enum gcounter_status pncounter_merge_into(struct pncounter *out,
                                          const struct pncounter *a,
                                          const struct pncounter *b);

/* sum(P) - sum(N). EOVERFLOW when either sum passes 2^64-1 or the
 * difference does not fit an int64_t (then *value is clamped). */
enum gcounter_status pncounter_value(const struct pncounter *pn,
                                     int64_t *value);

/* The partial order: both halves compared slot-wise. */
enum gcounter_order pncounter_compare(const struct pncounter *a,
                                      const struct pncounter *b);
bool pncounter_equal(const struct pncounter *a, const struct pncounter *b);

/*
 * Binary form: 'N', version, slot count, then the P slots and the N slots,
 * all as shortest unsigned LEB128 varints. Decoding follows gcounter.h:
 * truncated, oversized, malformed or trailing input is an error and the
 * target is untouched.
 */
size_t pncounter_encoded_size(const struct pncounter *pn);
enum gcounter_status pncounter_encode(const struct pncounter *pn, uint8_t *buf,
                                      size_t cap, size_t *written);
enum gcounter_status pncounter_decode(struct pncounter *pn, const uint8_t *buf,
                                      size_t len, size_t *consumed);
enum gcounter_status pncounter_decode_new(struct pncounter **out,
                                          const uint8_t *buf, size_t len,
                                          size_t *consumed);

/* "+[3,0,1] -[0,2,0]", snprintf-like. */
size_t pncounter_format(const struct pncounter *pn, char *buf, size_t cap);

#endif
