/*
 * The G-Counter CRDT. Every function here is pure over its arguments: it
 * touches only the memory it is handed, allocates only where the header says
 * so, and reports every failure as a status instead of printing or aborting.
 */
#include "crdt/gcounter.h"

#include "crdt/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GCOUNTER_MAGIC 0x47 /* 'G' */

static bool size_valid(size_t n)
{
	return n >= GCOUNTER_MIN_SLOTS && n <= GCOUNTER_MAX_SLOTS;
}

struct gcounter *gcounter_new(size_t n)
{
	struct gcounter *g;

	if (!size_valid(n))
		return NULL;
	/* One block: the header, then the slots. */
	g = calloc(1, sizeof *g + n * sizeof(uint64_t));
	if (g == NULL)
		return NULL;
	g->n = n;
	g->slots = (uint64_t *)(g + 1);
	return g;
}

void gcounter_free(struct gcounter *g)
{
	free(g);
}

enum gcounter_status gcounter_init(struct gcounter *g, uint64_t *slots,
                                   size_t n)
{
	if (g == NULL || slots == NULL || !size_valid(n))
		return GCOUNTER_EINVAL;
	g->n = n;
	g->slots = slots;
	memset(slots, 0, n * sizeof *slots);
	return GCOUNTER_OK;
}

bool gcounter_same_size(const struct gcounter *a, const struct gcounter *b)
{
	return a->n == b->n;
}

enum gcounter_status gcounter_copy(struct gcounter *dst,
                                   const struct gcounter *src)
{
	if (!gcounter_same_size(dst, src))
		return GCOUNTER_EMISMATCH;
	if (dst != src)
		memcpy(dst->slots, src->slots, src->n * sizeof *src->slots);
	return GCOUNTER_OK;
}

void gcounter_reset(struct gcounter *g)
{
	memset(g->slots, 0, g->n * sizeof *g->slots);
}

enum gcounter_status gcounter_increment_by(struct gcounter *g, size_t slot,
                                           uint64_t k)
{
	if (slot >= g->n)
		return GCOUNTER_EINVAL;
	if (k > UINT64_MAX - g->slots[slot])
		return GCOUNTER_EOVERFLOW;
	g->slots[slot] += k;
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_increment(struct gcounter *g, size_t slot)
{
	return gcounter_increment_by(g, slot, 1);
}

/*
 * The first slot where src is above dst, or n. Testing four slots per
 * branch keeps the scan of a merge that brings no news cheap, and most
 * gossip a replica receives is old news.
 */
static size_t first_news(const uint64_t *src, const uint64_t *dst, size_t n)
{
	size_t s = 0;

	for (; s + 4 <= n; s += 4)
		if ((src[s] > dst[s]) | (src[s + 1] > dst[s + 1]) |
		    (src[s + 2] > dst[s + 2]) | (src[s + 3] > dst[s + 3]))
			break;
	for (; s < n; s++)
		if (src[s] > dst[s])
			break;
	return s;
}

enum gcounter_status gcounter_merge_report(struct gcounter *dst,
                                           const struct gcounter *src,
                                           gcounter_grew_fn grew, void *ctx,
                                           size_t *changed)
{
	uint64_t *d = dst->slots;
	const uint64_t *s = src->slots;
	size_t n = dst->n, count = 0;

	if (!gcounter_same_size(dst, src))
		return GCOUNTER_EMISMATCH;
	for (size_t i = first_news(s, d, n); i < n; i++) {
		if (s[i] > d[i]) {
			uint64_t before = d[i];

			d[i] = s[i];
			count++;
			if (grew != NULL)
				grew(ctx, i, before, d[i]);
		}
	}
	if (changed != NULL)
		*changed = count;
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_merge_report_masked(struct gcounter *dst,
                                                  const struct gcounter *src,
                                                  const uint64_t *mask,
                                                  gcounter_grew_fn grew,
                                                  void *ctx, size_t *changed)
{
	uint64_t *d = dst->slots;
	const uint64_t *s = src->slots;
	size_t n = dst->n, count = 0, words = (n + 63) / 64;

	if (!gcounter_same_size(dst, src))
		return GCOUNTER_EMISMATCH;
	/* Most merges are old news: look first, without a branch per slot,
	 * then merge only if anything is new. */
	{
		uint64_t news = 0;

		for (size_t w = 0; w < words; w++)
			for (uint64_t bits = mask[w]; bits != 0;
			     bits &= bits - 1) {
				size_t i =
				    w * 64 + (size_t)__builtin_ctzll(bits);

				news |= i < n && s[i] > d[i];
			}
		if (news == 0) {
			if (changed != NULL)
				*changed = 0;
			return GCOUNTER_OK;
		}
	}
	for (size_t w = 0; w < words; w++) {
		/* A copy of the word: the callback may clear the bit of the
		 * slot it is told of. */
		uint64_t bits = mask[w];

		while (bits != 0) {
			size_t i = w * 64 + (size_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			if (i < n && s[i] > d[i]) {
				uint64_t before = d[i];

				d[i] = s[i];
				count++;
				if (grew != NULL)
					grew(ctx, i, before, d[i]);
			}
		}
	}
	if (changed != NULL)
		*changed = count;
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_merge(struct gcounter *dst,
                                    const struct gcounter *src, size_t *changed)
{
	return gcounter_merge_report(dst, src, NULL, NULL, changed);
}

enum gcounter_status gcounter_join_slot(struct gcounter *g, size_t slot,
                                        uint64_t v, bool *grew)
{
	bool up;

	if (slot >= g->n)
		return GCOUNTER_EINVAL;
	up = v > g->slots[slot];
	if (up)
		g->slots[slot] = v;
	if (grew != NULL)
		*grew = up;
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_merge_into(struct gcounter *out,
                                         const struct gcounter *a,
                                         const struct gcounter *b)
{
	if (!gcounter_same_size(a, b) || !gcounter_same_size(out, a))
		return GCOUNTER_EMISMATCH;
	for (size_t i = 0; i < out->n; i++)
		out->slots[i] =
		    a->slots[i] > b->slots[i] ? a->slots[i] : b->slots[i];
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_value(const struct gcounter *g, uint64_t *value)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < g->n; i++) {
		if (g->slots[i] > UINT64_MAX - sum) {
			*value = UINT64_MAX;
			return GCOUNTER_EOVERFLOW;
		}
		sum += g->slots[i];
	}
	*value = sum;
	return GCOUNTER_OK;
}

uint64_t gcounter_value_saturated(const struct gcounter *g)
{
	uint64_t value;

	(void)gcounter_value(g, &value);
	return value;
}

enum gcounter_order gcounter_compare(const struct gcounter *a,
                                     const struct gcounter *b)
{
	bool a_has_more = false, b_has_more = false;

	if (!gcounter_same_size(a, b))
		return GCOUNTER_CONCURRENT;
	for (size_t i = 0; i < a->n; i++) {
		if (a->slots[i] > b->slots[i])
			a_has_more = true;
		else if (a->slots[i] < b->slots[i])
			b_has_more = true;
	}
	if (a_has_more && b_has_more)
		return GCOUNTER_CONCURRENT;
	if (a_has_more)
		return GCOUNTER_GREATER;
	if (b_has_more)
		return GCOUNTER_LESS;
	return GCOUNTER_EQUAL;
}

bool gcounter_leq(const struct gcounter *a, const struct gcounter *b)
{
	/* Stops at the first slot above: most callers ask "is this news?"
	 * and most news shows early. */
	if (!gcounter_same_size(a, b))
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->slots[i] > b->slots[i])
			return false;
	return true;
}

bool gcounter_equal(const struct gcounter *a, const struct gcounter *b)
{
	return gcounter_same_size(a, b) &&
	       memcmp(a->slots, b->slots, a->n * sizeof *a->slots) == 0;
}

/* --- binary form (crdt/codec) ------------------------------------------- */

size_t gcounter_encoded_size(const struct gcounter *g)
{
	size_t size = codec_header_size(g->n);

	for (size_t i = 0; i < g->n; i++)
		size += codec_varint_size(g->slots[i]);
	return size;
}

enum gcounter_status gcounter_encode(const struct gcounter *g, uint8_t *buf,
                                     size_t cap, size_t *written)
{
	size_t size = gcounter_encoded_size(g), pos;

	if (buf == NULL || cap < size)
		return GCOUNTER_ENOSPC;
	pos = codec_header_put(buf, GCOUNTER_MAGIC, GCOUNTER_ENCODING_VERSION,
	                       g->n);
	for (size_t i = 0; i < g->n; i++)
		pos += codec_varint_put(buf + pos, g->slots[i]);
	if (written != NULL)
		*written = pos;
	return GCOUNTER_OK;
}

/* Checks a whole encoding before anything is stored or allocated. */
static enum gcounter_status decode_check(const uint8_t *buf, size_t len,
                                         bool trailing_ok, size_t *start,
                                         size_t *n, size_t *end)
{
	return codec_check(buf, len, GCOUNTER_MAGIC, GCOUNTER_ENCODING_VERSION,
	                   1, trailing_ok, start, n, end);
}

enum gcounter_status gcounter_decode_new(struct gcounter **out,
                                         const uint8_t *buf, size_t len,
                                         size_t *consumed)
{
	enum gcounter_status status;
	size_t start, n, end;

	*out = NULL;
	/* Check first, allocate after: garbage never costs an allocation. */
	status = decode_check(buf, len, consumed != NULL, &start, &n, &end);
	if (status != GCOUNTER_OK)
		return status;
	*out = gcounter_new(n);
	if (*out == NULL)
		return GCOUNTER_ENOMEM;
	codec_slots_get(buf, len, &start, n, (*out)->slots);
	if (consumed != NULL)
		*consumed = end;
	return GCOUNTER_OK;
}

enum gcounter_status gcounter_decode(struct gcounter *g, const uint8_t *buf,
                                     size_t len, size_t *consumed)
{
	enum gcounter_status status;
	size_t start, n, end;

	/* Check the whole input first, then store: g is untouched on error,
	 * and nothing is allocated. */
	status = decode_check(buf, len, consumed != NULL, &start, &n, &end);
	if (status != GCOUNTER_OK)
		return status;
	if (n != g->n)
		return GCOUNTER_EMISMATCH;
	codec_slots_get(buf, len, &start, n, g->slots);
	if (consumed != NULL)
		*consumed = end;
	return GCOUNTER_OK;
}

/* Appends len bytes of s at *need as snprintf would (cut to the buffer,
 * ended with a NUL), and counts them all. */
static void put_bytes(char *buf, size_t cap, size_t *need, const char *s,
                      size_t len)
{
	if (*need < cap) {
		size_t room = cap - *need - 1, k = len < room ? len : room;

		memcpy(buf + *need, s, k);
		buf[*need + k] = '\0';
	}
	*need += len;
}

size_t gcounter_format(const struct gcounter *g, char *buf, size_t cap)
{
	size_t need = 0;

	/* Digits by hand, not snprintf: a 10,000-slot vector is written
	 * whole, and the dashboard writes vectors every frame. */
	if (cap > 0)
		buf[0] = '\0';
	put_bytes(buf, cap, &need, "[", 1);
	for (size_t i = 0; i < g->n; i++) {
		char digits[24];
		size_t at = sizeof digits;
		uint64_t v = g->slots[i];

		do {
			digits[--at] = (char)('0' + v % 10);
			v /= 10;
		} while (v != 0);
		if (i > 0)
			digits[--at] = ',';
		put_bytes(buf, cap, &need, digits + at, sizeof digits - at);
	}
	put_bytes(buf, cap, &need, "]", 1);
	return need;
}

const char *gcounter_strerror(enum gcounter_status status)
{
	switch (status) {
	case GCOUNTER_OK:
		return "success";
	case GCOUNTER_EINVAL:
		return "invalid argument";
	case GCOUNTER_EMISMATCH:
		return "counters differ in size";
	case GCOUNTER_EOVERFLOW:
		return "count overflows 64 bits";
	case GCOUNTER_ENOSPC:
		return "output buffer too small";
	case GCOUNTER_ETRUNC:
		return "encoded counter is truncated";
	case GCOUNTER_EFORMAT:
		return "encoded counter is malformed";
	case GCOUNTER_ENOMEM:
		return "out of memory";
	}
	return "unknown status";
}
