/*
 * A still picture as PNG through libpng: RGB, 8 bits a channel, written
 * the same bytes every time (no time stamp, fixed compression).
 */
#ifndef GCOUNTER_VIDEO_PNGENC_H
#define GCOUNTER_VIDEO_PNGENC_H

#include <stddef.h>
#include <stdint.h>

/* Writes rgb (w * h * 3) to path: 0, or -1 with one line in err. */
int pngenc_write(const char *path, const uint8_t *rgb, int w, int h, char *err,
                 size_t errlen);

#endif
