/*
 * The state hash's mixing steps, shared by the checkpoint code and the
 * files that own a part of the world (spread.c, the modes), each folding
 * in its own part. Inline and header-only, so that no file depends on
 * another for it: a hash, never a cryptographic one.
 */
#ifndef GCOUNTER_SIM_HASH_H
#define GCOUNTER_SIM_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_SEED UINT64_C(0x9E3779B97F4A7C15)

/* One word into the hash: an xxh64 round (multiply, rotate, multiply),
 * a bijection of h for each w, so a single changed word always changes
 * the result. */
static inline uint64_t hash_u64(uint64_t h, uint64_t w)
{
	h ^= w * UINT64_C(0xC2B2AE3D27D4EB4F);
	h = (h << 31) | (h >> 33);
	return h * UINT64_C(0x9E3779B97F4A7C15) + UINT64_C(0x27D4EB2F165667C5);
}

static inline uint64_t hash_bool(uint64_t h, bool b)
{
	return hash_u64(h, b ? 1 : 0);
}

/* A double by its bits (the world never holds a NaN). */
static inline uint64_t hash_double(uint64_t h, double d)
{
	uint64_t bits;

	memcpy(&bits, &d, sizeof bits);
	return hash_u64(h, bits);
}

static inline uint64_t hash_u64s(uint64_t h, const uint64_t *w, size_t count)
{
	h = hash_u64(h, count);
	for (size_t i = 0; i < count; i++)
		h = hash_u64(h, w[i]);
	return h;
}

static inline uint64_t hash_u32s(uint64_t h, const uint32_t *w, size_t count)
{
	h = hash_u64(h, count);
	for (size_t i = 0; i < count; i++)
		h = hash_u64(h, w[i]);
	return h;
}

/* Opaque bytes (a strategy's per-node state), 8 at a time. */
static inline uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t w;

	h = hash_u64(h, len);
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = hash_u64(h, w);
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		h = hash_u64(h, w);
	}
	return h;
}

/* The last step: every input bit reaches every output bit. */
static inline uint64_t hash_finish(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	h *= UINT64_C(0xC4CEB9FE1A85EC53);
	h ^= h >> 33;
	return h;
}

#endif
