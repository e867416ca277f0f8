/*
 * The G-Counter CRDT: a vector of per-replica counts that only grow, merged
 * by element-wise max. Plain structs and pure functions: no I/O, no globals,
 * and no allocation except in gcounter_new / gcounter_decode_new.
 */
#ifndef GCOUNTER_CRDT_GCOUNTER_H
#define GCOUNTER_CRDT_GCOUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots a counter may have: one per replica (a PN-Counter of 10,000
 * replicas has two). */
#define GCOUNTER_MIN_SLOTS 1
#define GCOUNTER_MAX_SLOTS 20000

/* Version byte written by gcounter_encode (after the 'G' magic byte). */
#define GCOUNTER_ENCODING_VERSION 1
/* Worst case: magic, version, a 3-byte slot count (a varint up to 2^21),
 * 10 bytes per slot. */
#define GCOUNTER_ENCODED_MAX(n) (5 + 10 * (size_t)(n))

enum gcounter_status {
	GCOUNTER_OK = 0,
	GCOUNTER_EINVAL, /* a bad argument: slot out of range, n out of range */
	GCOUNTER_EMISMATCH, /* two counters of different sizes */
	GCOUNTER_EOVERFLOW, /* a count or a sum would pass UINT64_MAX */
	GCOUNTER_ENOSPC,    /* the output buffer is too small */
	GCOUNTER_ETRUNC,    /* encoded input ends too early */
	GCOUNTER_EFORMAT,   /* encoded input is malformed */
	GCOUNTER_ENOMEM,    /* allocation failed */
};

/* The partial order of G-Counters (slot-wise <=). */
enum gcounter_order {
	GCOUNTER_EQUAL,
	GCOUNTER_LESS,       /* a <= b slot-wise, and a != b */
	GCOUNTER_GREATER,    /* b <= a slot-wise, and a != b */
	GCOUNTER_CONCURRENT, /* neither: each has a slot the other lacks */
};

/*
 * A counter of n slots. The slots live either in the same allocation
 * (gcounter_new) or in caller memory (gcounter_init); either way the caller
 * owns both.
 */
struct gcounter {
	size_t n;
	uint64_t *slots;
};

/* Allocates a zeroed counter of n slots; NULL if n is out of range or
 * memory runs out. Free with gcounter_free. */
struct gcounter *gcounter_new(size_t n);
/* Frees a counter from gcounter_new or gcounter_decode_new; NULL is a no-op. */
void gcounter_free(struct gcounter *g);
/* Makes g a zeroed counter over the caller's n slots. */
enum gcounter_status gcounter_init(struct gcounter *g, uint64_t *slots,
                                   size_t n);
/* dst = src; both must have the same size. */
enum gcounter_status gcounter_copy(struct gcounter *dst,
                                   const struct gcounter *src);
/* Every slot back to zero (for a replica that lost its state). */
void gcounter_reset(struct gcounter *g);

/* Adds 1 / k to one slot. On overflow nothing changes. */
enum gcounter_status gcounter_increment(struct gcounter *g, size_t slot);
enum gcounter_status gcounter_increment_by(struct gcounter *g, size_t slot,
                                           uint64_t k);

/*
 * dst = dst join src (element-wise max). If changed is not NULL it receives
 * how many slots of dst grew.
 */
enum gcounter_status gcounter_merge(struct gcounter *dst,
                                    const struct gcounter *src,
                                    size_t *changed);
/* What a merge tells of each slot it grew: the slot, and its count
 * before and after (after > before). Called right after the slot grew. */
typedef void (*gcounter_grew_fn)(void *ctx, size_t slot, uint64_t before,
                                 uint64_t after);
/*
 * dst = dst join src, as gcounter_merge, telling `grew` (if not NULL) of
 * every slot of dst that grew, in slot order: exactly the slots where src
 * was above dst. Allocates nothing. The callback must not change src, nor
 * dst's slots past the one it is told of. Most merges are old news, so the
 * scan for the first slot that grows is the hot path and kept branch-light.
 */
enum gcounter_status gcounter_merge_report(struct gcounter *dst,
                                           const struct gcounter *src,
                                           gcounter_grew_fn grew, void *ctx,
                                           size_t *changed);
/*
 * gcounter_merge_report over only the slots whose bit is set in mask (bit
 * i%64 of mask[i/64]; dst->n bits): the same merge, told in the same order,
 * whenever mask covers every slot where src may be above dst. A caller
 * that keeps such a mask (the slots where a replica is behind) makes a
 * merge of old news cost the mask's words, not the vector. The callback
 * may change the mask's bits of the slot it is told of and of those
 * before it.
 */
enum gcounter_status gcounter_merge_report_masked(struct gcounter *dst,
                                                  const struct gcounter *src,
                                                  const uint64_t *mask,
                                                  gcounter_grew_fn grew,
                                                  void *ctx, size_t *changed);
/*
 * g = g join "v at slot, 0 elsewhere": slot becomes max(slot, v) (a
 * delta's (slot, value) pair, an op's absolute count). *grew (if not NULL)
 * says whether it grew.
 */
enum gcounter_status gcounter_join_slot(struct gcounter *g, size_t slot,
                                        uint64_t v, bool *grew);
/* out = a join b; out may alias a or b. */
enum gcounter_status gcounter_merge_into(struct gcounter *out,
                                         const struct gcounter *a,
                                         const struct gcounter *b);

/* The counter's value, the sum of its slots; EOVERFLOW if it passes 2^64-1
 * (then *value is UINT64_MAX). */
enum gcounter_status gcounter_value(const struct gcounter *g, uint64_t *value);
/* The value, saturating at UINT64_MAX: for display. */
uint64_t gcounter_value_saturated(const struct gcounter *g);

/* Where a stands relative to b; both must have the same size (callers check
 * with gcounter_same_size; a mismatch is reported as CONCURRENT). */
enum gcounter_order gcounter_compare(const struct gcounter *a,
                                     const struct gcounter *b);
bool gcounter_leq(const struct gcounter *a, const struct gcounter *b);
bool gcounter_equal(const struct gcounter *a, const struct gcounter *b);
bool gcounter_same_size(const struct gcounter *a, const struct gcounter *b);

/*
 * Binary form: 'G', version, slot count, then each slot, all integers as
 * unsigned LEB128 varints in their shortest form. Zero slots take one byte.
 */
size_t gcounter_encoded_size(const struct gcounter *g);
/* Writes the encoding into buf[0..cap); *written gets its length. */
enum gcounter_status gcounter_encode(const struct gcounter *g, uint8_t *buf,
                                     size_t cap, size_t *written);
/*
 * Decodes into an existing counter, which must have exactly as many slots as
 * the input says (else EMISMATCH). If consumed is NULL the input must be
 * exactly one encoding; otherwise trailing bytes are left and *consumed says
 * how many were used. On any error g and *consumed are unchanged. Allocates
 * nothing.
 */
enum gcounter_status gcounter_decode(struct gcounter *g, const uint8_t *buf,
                                     size_t len, size_t *consumed);
/* Decodes into a new counter of the encoded size; free with gcounter_free. */
enum gcounter_status gcounter_decode_new(struct gcounter **out,
                                         const uint8_t *buf, size_t len,
                                         size_t *consumed);

/*
 * Formats g as "[3,0,1]" like snprintf: writes at most cap bytes including
 * the NUL and returns the length the whole text needs.
 */
size_t gcounter_format(const struct gcounter *g, char *buf, size_t cap);

/* A short English name for a status, for error messages. */
const char *gcounter_strerror(enum gcounter_status status);

#endif
