/*
 * Fixed-point BT.709: coefficients scaled by 65536 and rounded, so the
 * same picture gives the same bytes everywhere. Chroma is the mean of
 * each 2x2 block's colours.
 */
#include "video/yuv.h"

size_t yuv_frame_bytes(int w, int h)
{
	return (size_t)w * (size_t)h * 3 / 2;
}

static uint8_t clamp(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

void yuv_convert(const uint8_t *rgb, int w, int h, struct raster_rect c,
                 uint8_t *yuv)
{
	uint8_t *ys = yuv, *us = yuv + (size_t)w * (size_t)h;
	uint8_t *vs = us + (size_t)(w / 2) * (size_t)(h / 2);
	int x0 = c.x & ~1, y0 = c.y & ~1;
	int x1 = c.x + c.w, y1 = c.y + c.h;

	if (c.w <= 0 || c.h <= 0)
		return;
	x1 += x1 & 1;
	y1 += y1 & 1;
	if (x1 > w)
		x1 = w;
	if (y1 > h)
		y1 = h;
	for (int y = y0; y < y1; y += 2)
		for (int x = x0; x < x1; x += 2) {
			int r = 0, g = 0, b = 0;

			for (int dy = 0; dy < 2; dy++)
				for (int dx = 0; dx < 2; dx++) {
					size_t at =
					    (size_t)(y + dy) * (size_t)w +
					    (size_t)(x + dx);
					const uint8_t *p = rgb + at * 3;

					ys[at] = (uint8_t)(16 + ((11966 * p[0] +
					                          40254 * p[1] +
					                          4064 * p[2] +
					                          32768) >>
					                         16));
					r += p[0];
					g += p[1];
					b += p[2];
				}
			{
				size_t at = (size_t)(y / 2) * (size_t)(w / 2) +
				            (size_t)(x / 2);

				/* The sums are 4x the mean: >> 18. */
				us[at] = clamp(128 + ((-6596 * r - 22189 * g +
				                       28784 * b + 131072) >>
				                      18));
				vs[at] = clamp(128 + ((28784 * r - 26145 * g -
				                       2639 * b + 131072) >>
				                      18));
			}
		}
}
