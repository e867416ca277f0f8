/*
 * Lines are arms from the cell's centre to its edges, light, heavy or
 * double, so ┌─┐ join without a gap at any size; blocks are rectangles
 * of whole pixels (an eighth rounds, never blurs), shades are a uniform
 * coverage. Everything else is the font's.
 */
#include "video/boxdraw.h"

#include <string.h>

enum { NONE, LIGHT, HEAVY, DOUBLE };

/* Up, right, down, left. */
struct arms {
	uint32_t c;
	unsigned char up, right, down, left;
};

static const struct arms box_table[] = {
    {0x2500, 0, 1, 0, 1},
    {0x2501, 0, 2, 0, 2},
    {0x2502, 1, 0, 1, 0},
    {0x2503, 2, 0, 2, 0},
    {0x250C, 0, 1, 1, 0},
    {0x250F, 0, 2, 2, 0},
    {0x2510, 0, 0, 1, 1},
    {0x2513, 0, 0, 2, 2},
    {0x2514, 1, 1, 0, 0},
    {0x2517, 2, 2, 0, 0},
    {0x2518, 1, 0, 0, 1},
    {0x251B, 2, 0, 0, 2},
    {0x251C, 1, 1, 1, 0},
    {0x2523, 2, 2, 2, 0},
    {0x2524, 1, 0, 1, 1},
    {0x252B, 2, 0, 2, 2},
    {0x252C, 0, 1, 1, 1},
    {0x2533, 0, 2, 2, 2},
    {0x2534, 1, 1, 0, 1},
    {0x253B, 2, 2, 0, 2},
    {0x253C, 1, 1, 1, 1},
    {0x254B, 2, 2, 2, 2},
    {0x2550, 0, 3, 0, 3},
    {0x2551, 3, 0, 3, 0},
    {0x2554, 0, 3, 3, 0},
    {0x2557, 0, 0, 3, 3},
    {0x255A, 3, 3, 0, 0},
    {0x255D, 3, 0, 0, 3},
    {0x2560, 3, 3, 3, 0},
    {0x2563, 3, 0, 3, 3},
    {0x2566, 0, 3, 3, 3},
    {0x2569, 3, 3, 0, 3},
    {0x256C, 3, 3, 3, 3},
    /* Rounded corners drawn square: exact joins matter more. */
    {0x256D, 0, 1, 1, 0},
    {0x256E, 0, 0, 1, 1},
    {0x256F, 1, 0, 0, 1},
    {0x2570, 1, 1, 0, 0},
    {0x2574, 0, 0, 0, 1},
    {0x2575, 1, 0, 0, 0},
    {0x2576, 0, 1, 0, 0},
    {0x2577, 0, 0, 1, 0},
};

/* Quadrants U+2596..U+259F: upper left 1, upper right 2, lower left 4,
 * lower right 8. */
static const unsigned char quadrants[10] = {
    4, 8, 1, 1 | 4 | 8, 1 | 8, 1 | 2 | 4, 1 | 2 | 8, 2, 2 | 4, 2 | 4 | 8};

static void fill(uint8_t *cov, int w, int x0, int y0, int x1, int y1,
                 uint8_t value)
{
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			cov[y * w + x] = value;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* One arm's band of thickness t, centred on the cell, or two for a
 * double line. */
static void arm(uint8_t *cov, int w, int h, int weight, bool vertical, int from,
                int to)
{
	int light = h >= 32 ? 2 : 1,
	    t = weight == HEAVY ? light * 2 + 1 : light;
	int size = vertical ? w : h;
	int centre = (size - t) / 2;
	int offsets[2] = {0, 0}, count = 1;

	if (weight == DOUBLE) {
		offsets[0] = -(light + 1);
		offsets[1] = light + 1;
		count = 2;
	}
	for (int i = 0; i < count; i++) {
		int a = clampi(centre + offsets[i], 0, size);
		int b = clampi(a + t, 0, size);

		if (vertical)
			fill(cov, w, a, from, b, to, 255);
		else
			fill(cov, w, from, a, to, b, 255);
	}
}

static bool draw_box(uint32_t c, int w, int h, uint8_t *cov)
{
	for (size_t i = 0; i < sizeof box_table / sizeof box_table[0]; i++) {
		const struct arms *a = &box_table[i];
		/* Arms overlap past the centre by the widest line, so a
		 * corner's two arms meet in a square. */
		int cx = w / 2, cy = h / 2, reach = h >= 32 ? 4 : 3;

		if (a->c != c)
			continue;
		if (a->up)
			arm(cov, w, h, a->up, true, 0,
			    clampi(cy + reach, 0, h));
		if (a->down)
			arm(cov, w, h, a->down, true, clampi(cy - reach, 0, h),
			    h);
		if (a->left)
			arm(cov, w, h, a->left, false, 0,
			    clampi(cx + reach, 0, w));
		if (a->right)
			arm(cov, w, h, a->right, false,
			    clampi(cx - reach, 0, w), w);
		return true;
	}
	return false;
}

/* k eighths of n pixels, rounded. */
static int eighths(int n, int k)
{
	return (n * k + 4) / 8;
}

static bool draw_block(uint32_t c, int w, int h, uint8_t *cov)
{
	if (c == 0x2580) {
		fill(cov, w, 0, 0, w, h / 2, 255);
	} else if (c >= 0x2581 && c <= 0x2588) {
		fill(cov, w, 0, h - eighths(h, (int)(c - 0x2580)), w, h, 255);
	} else if (c >= 0x2589 && c <= 0x258F) {
		fill(cov, w, 0, 0, eighths(w, 8 - (int)(c - 0x2588)), h, 255);
	} else if (c == 0x2590) {
		fill(cov, w, w / 2, 0, w, h, 255);
	} else if (c >= 0x2591 && c <= 0x2593) {
		fill(cov, w, 0, 0, w, h, (uint8_t)(64 * (c - 0x2590)));
	} else if (c == 0x2594) {
		fill(cov, w, 0, 0, w, eighths(h, 1), 255);
	} else if (c == 0x2595) {
		fill(cov, w, w - eighths(w, 1), 0, w, h, 255);
	} else if (c >= 0x2596 && c <= 0x259F) {
		unsigned q = quadrants[c - 0x2596];

		if (q & 1)
			fill(cov, w, 0, 0, w / 2, h / 2, 255);
		if (q & 2)
			fill(cov, w, w / 2, 0, w, h / 2, 255);
		if (q & 4)
			fill(cov, w, 0, h / 2, w / 2, h, 255);
		if (q & 8)
			fill(cov, w, w / 2, h / 2, w, h, 255);
	} else {
		return false;
	}
	return true;
}

bool boxdraw_glyph(uint32_t c, int w, int h, uint8_t *cov)
{
	if (c < 0x2500 || c > 0x259F || w <= 0 || h <= 0)
		return false;
	memset(cov, 0, (size_t)w * (size_t)h);
	if (draw_box(c, w, h, cov) || draw_block(c, w, h, cov))
		return true;
	return false;
}
