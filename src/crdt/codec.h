/*
 * The binary form shared by the counters: a magic byte, a version byte, a
 * slot count, then slots, every integer an unsigned LEB128 varint in its
 * shortest form. Internal to crdt/; never reads past the given length.
 */
#ifndef GCOUNTER_CRDT_CODEC_H
#define GCOUNTER_CRDT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"

size_t codec_varint_size(uint64_t v);
/* Writes v at out (room for 10 bytes); returns the bytes written. */
size_t codec_varint_put(uint8_t *out, uint64_t v);
/* Reads a varint at buf[*pos..len); rejects overlong and >64-bit forms. */
enum gcounter_status codec_varint_get(const uint8_t *buf, size_t len,
                                      size_t *pos, uint64_t *value);

/* The header's size and writer: magic, version, slot count. */
size_t codec_header_size(size_t n);
size_t codec_header_put(uint8_t *out, uint8_t magic, uint8_t version, size_t n);
/* Reads and checks the header; *pos ends after it, *n is the slot count
 * (GCOUNTER_MIN_SLOTS to GCOUNTER_MAX_SLOTS). */
enum gcounter_status codec_header_get(const uint8_t *buf, size_t len,
                                      uint8_t magic, uint8_t version,
                                      size_t *pos, size_t *n);
/*
 * Checks a whole encoding: the header, then `halves` x n slots, then the
 * end (trailing bytes are an error unless trailing_ok). *start is where
 * the slots begin, *end where they stop.
 */
enum gcounter_status codec_check(const uint8_t *buf, size_t len, uint8_t magic,
                                 uint8_t version, size_t halves,
                                 bool trailing_ok, size_t *start, size_t *n,
                                 size_t *end);
/* Reads n slots from *pos into out, or only checks them if out is NULL. */
enum gcounter_status codec_slots_get(const uint8_t *buf, size_t len,
                                     size_t *pos, size_t n, uint64_t *out);

#endif
