/*
 * GIF's LZW, the variable-width codes of the GIF89a spec (appendix F),
 * with a table indexed by (prefix, pixel) instead of a hash: every pixel
 * is one array read, which makes a frame's compression several times
 * faster than giflib's own. The codes come out as GIF data sub-blocks
 * (a length byte, then up to 255 bytes) for giflib to write. Pure.
 */
#ifndef GCOUNTER_VIDEO_LZW_H
#define GCOUNTER_VIDEO_LZW_H

#include <stddef.h>
#include <stdint.h>

/* A sub-block is ready: block[0] is its length, block[1..] the bytes. */
typedef void (*lzw_block)(void *ctx, const uint8_t *block);

struct lzw {
	int min_bits; /* the code size byte: 2 to 8 */
	int width, next, clear, prefix;
	uint16_t *child; /* 4096 x (1 << min_bits): 0 = no such string */
	uint32_t bits;
	int bit_count;
	uint8_t block[256];
	lzw_block emit;
	void *ctx;
};

/* Pixels are below 1 << min_bits. */
void lzw_init(struct lzw *lzw, int min_bits, lzw_block emit, void *ctx);
void lzw_free(struct lzw *lzw);
/* One image: start, its pixels in any number of calls, end (the last
 * sub-block emitted; the terminator is the caller's). */
void lzw_start(struct lzw *lzw);
void lzw_pixels(struct lzw *lzw, const uint8_t *pixels, size_t count);
void lzw_end(struct lzw *lzw);

#endif
