/*
 * The PN-Counter: two G-Counters side by side. Everything is delegated to
 * gcounter.c half by half, so the algebra (commutative, associative,
 * idempotent merge) is inherited, not re-proved.
 */
#include "crdt/pncounter.h"

#include <stdio.h>
#include <stdlib.h>

#include "crdt/codec.h"

#define PNCOUNTER_MAGIC 0x4e /* 'N' */

struct pncounter *pncounter_new(size_t n)
{
	struct pncounter *pn;
	uint64_t *slots;

	if (n < GCOUNTER_MIN_SLOTS || n > GCOUNTER_MAX_SLOTS)
		return NULL;
	/* One block: the header, then P's slots, then N's. */
	pn = calloc(1, sizeof *pn + 2 * n * sizeof(uint64_t));
	if (pn == NULL)
		return NULL;
	slots = (uint64_t *)(pn + 1);
	pn->p = (struct gcounter){.n = n, .slots = slots};
	pn->n = (struct gcounter){.n = n, .slots = slots + n};
	return pn;
}

void pncounter_free(struct pncounter *pn)
{
	free(pn);
}

enum gcounter_status pncounter_init(struct pncounter *pn, uint64_t *p_slots,
                                    uint64_t *n_slots, size_t n)
{
	enum gcounter_status status;

	if (pn == NULL)
		return GCOUNTER_EINVAL;
	status = gcounter_init(&pn->p, p_slots, n);
	if (status != GCOUNTER_OK)
		return status;
	return gcounter_init(&pn->n, n_slots, n);
}

enum gcounter_status pncounter_view(struct pncounter *pn,
                                    const struct gcounter *cells)
{
	size_t n = cells->n / 2;

	if (cells->n % 2 != 0 || n < GCOUNTER_MIN_SLOTS)
		return GCOUNTER_EINVAL;
	pn->p = (struct gcounter){.n = n, .slots = cells->slots};
	pn->n = (struct gcounter){.n = n, .slots = cells->slots + n};
	return GCOUNTER_OK;
}

size_t pncounter_size(const struct pncounter *pn)
{
	return pn->p.n;
}

enum gcounter_status pncounter_copy(struct pncounter *dst,
                                    const struct pncounter *src)
{
	if (!gcounter_same_size(&dst->p, &src->p))
		return GCOUNTER_EMISMATCH;
	gcounter_copy(&dst->p, &src->p);
	return gcounter_copy(&dst->n, &src->n);
}

void pncounter_reset(struct pncounter *pn)
{
	gcounter_reset(&pn->p);
	gcounter_reset(&pn->n);
}

enum gcounter_status pncounter_increment_by(struct pncounter *pn, size_t slot,
                                            uint64_t k)
{
	return gcounter_increment_by(&pn->p, slot, k);
}

enum gcounter_status pncounter_decrement_by(struct pncounter *pn, size_t slot,
                                            uint64_t k)
{
	return gcounter_increment_by(&pn->n, slot, k);
}

enum gcounter_status pncounter_increment(struct pncounter *pn, size_t slot)
{
	return pncounter_increment_by(pn, slot, 1);
}

enum gcounter_status pncounter_decrement(struct pncounter *pn, size_t slot)
{
	return pncounter_decrement_by(pn, slot, 1);
}

enum gcounter_status pncounter_merge(struct pncounter *dst,
                                     const struct pncounter *src,
                                     size_t *changed)
{
	size_t grew_p = 0, grew_n = 0;

	if (!gcounter_same_size(&dst->p, &src->p))
		return GCOUNTER_EMISMATCH;
	gcounter_merge(&dst->p, &src->p, &grew_p);
	gcounter_merge(&dst->n, &src->n, &grew_n);
	if (changed != NULL)
		*changed = grew_p + grew_n;
	return GCOUNTER_OK;
}

enum gcounter_status pncounter_merge_into(struct pncounter *out,
                                          const struct pncounter *a,
                                          const struct pncounter *b)
{
	if (!gcounter_same_size(&a->p, &b->p) ||
	    !gcounter_same_size(&out->p, &a->p))
		return GCOUNTER_EMISMATCH;
	gcounter_merge_into(&out->p, &a->p, &b->p);
	return gcounter_merge_into(&out->n, &a->n, &b->n);
}

enum gcounter_status pncounter_value(const struct pncounter *pn, int64_t *value)
{
	uint64_t up, down;
	enum gcounter_status sp = gcounter_value(&pn->p, &up);
	enum gcounter_status sn = gcounter_value(&pn->n, &down);

	if (sp != GCOUNTER_OK || sn != GCOUNTER_OK) {
		*value = sp != GCOUNTER_OK ? INT64_MAX : INT64_MIN;
		return GCOUNTER_EOVERFLOW;
	}
	if (up >= down) {
		if (up - down > (uint64_t)INT64_MAX) {
			*value = INT64_MAX;
			return GCOUNTER_EOVERFLOW;
		}
		*value = (int64_t)(up - down);
	} else {
		/* -(down - up) fits when down - up <= 2^63. */
		if (down - up > (uint64_t)INT64_MAX + 1) {
			*value = INT64_MIN;
			return GCOUNTER_EOVERFLOW;
		}
		*value = down - up == (uint64_t)INT64_MAX + 1
		             ? INT64_MIN
		             : -(int64_t)(down - up);
	}
	return GCOUNTER_OK;
}

enum gcounter_order pncounter_compare(const struct pncounter *a,
                                      const struct pncounter *b)
{
	enum gcounter_order p = gcounter_compare(&a->p, &b->p);
	enum gcounter_order n = gcounter_compare(&a->n, &b->n);

	/* The product order: equal halves defer to the other half. */
	if (p == GCOUNTER_EQUAL)
		return n;
	if (n == GCOUNTER_EQUAL || n == p)
		return p;
	return GCOUNTER_CONCURRENT;
}

bool pncounter_equal(const struct pncounter *a, const struct pncounter *b)
{
	return gcounter_equal(&a->p, &b->p) && gcounter_equal(&a->n, &b->n);
}

size_t pncounter_encoded_size(const struct pncounter *pn)
{
	size_t size = codec_header_size(pn->p.n);

	for (size_t i = 0; i < pn->p.n; i++)
		size += codec_varint_size(pn->p.slots[i]) +
		        codec_varint_size(pn->n.slots[i]);
	return size;
}

enum gcounter_status pncounter_encode(const struct pncounter *pn, uint8_t *buf,
                                      size_t cap, size_t *written)
{
	size_t size = pncounter_encoded_size(pn), pos;

	if (buf == NULL || cap < size)
		return GCOUNTER_ENOSPC;
	pos = codec_header_put(buf, PNCOUNTER_MAGIC, PNCOUNTER_ENCODING_VERSION,
	                       pn->p.n);
	for (size_t i = 0; i < pn->p.n; i++)
		pos += codec_varint_put(buf + pos, pn->p.slots[i]);
	for (size_t i = 0; i < pn->n.n; i++)
		pos += codec_varint_put(buf + pos, pn->n.slots[i]);
	if (written != NULL)
		*written = pos;
	return GCOUNTER_OK;
}

/* Checks a whole encoding before anything is stored or allocated. */
static enum gcounter_status decode_check(const uint8_t *buf, size_t len,
                                         bool trailing_ok, size_t *start,
                                         size_t *n, size_t *end)
{
	return codec_check(buf, len, PNCOUNTER_MAGIC,
	                   PNCOUNTER_ENCODING_VERSION, 2, trailing_ok, start, n,
	                   end);
}

static void decode_store(const uint8_t *buf, size_t len, size_t start, size_t n,
                         struct pncounter *pn)
{
	codec_slots_get(buf, len, &start, n, pn->p.slots);
	codec_slots_get(buf, len, &start, n, pn->n.slots);
}

enum gcounter_status pncounter_decode_new(struct pncounter **out,
                                          const uint8_t *buf, size_t len,
                                          size_t *consumed)
{
	enum gcounter_status status;
	size_t start, n, end;

	*out = NULL;
	status = decode_check(buf, len, consumed != NULL, &start, &n, &end);
	if (status != GCOUNTER_OK)
		return status;
	*out = pncounter_new(n);
	if (*out == NULL)
		return GCOUNTER_ENOMEM;
	decode_store(buf, len, start, n, *out);
	if (consumed != NULL)
		*consumed = end;
	return GCOUNTER_OK;
}

enum gcounter_status pncounter_decode(struct pncounter *pn, const uint8_t *buf,
                                      size_t len, size_t *consumed)
{
	enum gcounter_status status;
	size_t start, n, end;

	status = decode_check(buf, len, consumed != NULL, &start, &n, &end);
	if (status != GCOUNTER_OK)
		return status;
	if (n != pn->p.n)
		return GCOUNTER_EMISMATCH;
	decode_store(buf, len, start, n, pn);
	if (consumed != NULL)
		*consumed = end;
	return GCOUNTER_OK;
}

size_t pncounter_format(const struct pncounter *pn, char *buf, size_t cap)
{
	size_t need;

	if (cap > 0)
		buf[0] = '\0';
	need = 1;
	if (cap > 1)
		snprintf(buf, cap, "+");
	need += gcounter_format(&pn->p, need < cap ? buf + need : NULL,
	                        need < cap ? cap - need : 0);
	need += (size_t)snprintf(need < cap ? buf + need : NULL,
	                         need < cap ? cap - need : 0, " -");
	need += gcounter_format(&pn->n, need < cap ? buf + need : NULL,
	                        need < cap ? cap - need : 0);
	return need;
}
