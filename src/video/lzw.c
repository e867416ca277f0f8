/*
 * The code width follows giflib's rule (the decoders' expectation): it
 * grows after a code is written once the next free code no longer fits,
 * and a full table (4095) is cleared. A decoder lags one code behind, so
 * the order of "write, then add" matters: it is kept exactly.
 */
#include "video/lzw.h"

#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

#define LZW_MAX_CODE 4095

void lzw_init(struct lzw *z, int min_bits, lzw_block emit, void *ctx)
{
	*z = (struct lzw){
	    .min_bits = min_bits < 2 ? 2 : min_bits, .emit = emit, .ctx = ctx};
	z->clear = 1 << z->min_bits;
	z->child = xcalloc((size_t)(LZW_MAX_CODE + 1) << z->min_bits,
	                   sizeof *z->child);
}

void lzw_free(struct lzw *z)
{
	free(z->child);
	z->child = NULL;
}

static void put_byte(struct lzw *z, uint8_t byte)
{
	z->block[++z->block[0]] = byte;
	if (z->block[0] == 255) {
		z->emit(z->ctx, z->block);
		z->block[0] = 0;
	}
}

static void put_code(struct lzw *z, int code)
{
	z->bits |= (uint32_t)code << z->bit_count;
	z->bit_count += z->width;
	while (z->bit_count >= 8) {
		put_byte(z, (uint8_t)z->bits);
		z->bits >>= 8;
		z->bit_count -= 8;
	}
	if (z->next >= 1 << z->width && z->width < 12)
		z->width++;
}

static void reset(struct lzw *z)
{
	memset(z->child, 0,
	       ((size_t)z->next << z->min_bits) * sizeof *z->child);
	z->next = z->clear + 2;
	z->width = z->min_bits + 1;
}

void lzw_start(struct lzw *z)
{
	z->bits = 0;
	z->bit_count = 0;
	z->block[0] = 0;
	z->next = LZW_MAX_CODE + 1; /* reset clears the whole table */
	reset(z);
	put_code(z, z->clear);
	z->prefix = -1;
}

void lzw_pixels(struct lzw *z, const uint8_t *pixels, size_t count)
{
	size_t i = 0;
	int prefix = z->prefix;

	if (count == 0)
		return;
	if (prefix < 0)
		prefix = pixels[i++];
	for (; i < count; i++) {
		int pixel = pixels[i];
		uint16_t *slot =
		    &z->child[((size_t)prefix << z->min_bits) + (size_t)pixel];

		if (*slot != 0) {
			prefix = *slot;
			continue;
		}
		put_code(z, prefix);
		if (z->next >= LZW_MAX_CODE) {
			put_code(z, z->clear);
			reset(z);
		} else {
			*slot = (uint16_t)z->next++;
		}
		prefix = pixel;
	}
	z->prefix = prefix;
}

void lzw_end(struct lzw *z)
{
	if (z->prefix >= 0)
		put_code(z, z->prefix);
	put_code(z, z->clear + 1); /* end of information */
	if (z->bit_count > 0)
		put_byte(z, (uint8_t)z->bits);
	if (z->block[0] > 0)
		z->emit(z->ctx, z->block);
	z->block[0] = 0;
}
