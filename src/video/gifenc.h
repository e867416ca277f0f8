/*
 * Writing an animated GIF with giflib: one palette for the whole video
 * (the colours its pictures have), each frame only the rectangle that
 * changed, and a picture that does not change merged into the frame
 * before it as a longer delay. Knows pixels and time, not terminals.
 */
#ifndef GCOUNTER_VIDEO_GIFENC_H
#define GCOUNTER_VIDEO_GIFENC_H

#include <stddef.h>
#include <stdint.h>

#include "video/raster.h"

#define GIFENC_COLORS_MAX 256

struct gifenc;

/* A w x h GIF at path with `count` colours (0xRRGGBB, at most 256) that
 * loops for ever. NULL and one line in err if it cannot be written. */
struct gifenc *gifenc_open(const char *path, int w, int h,
                           const uint32_t *colors, int count, char *err,
                           size_t errlen);
/* The picture rgb (w * h * 3) is shown from t_us; it may differ from
 * the one before only inside the `count` rectangles `changed` (which do
 * not overlap; the first picture: give the whole). */
void gifenc_frame(struct gifenc *gif, const uint8_t *rgb,
                  const struct raster_rect *changed, int count, uint64_t t_us);
/* The last picture lasts until end_us; then the file is closed. 0, or -1
 * with one line in err. Frees gif either way. */
int gifenc_close(struct gifenc *gif, uint64_t end_us, char *err, size_t errlen);
/* Frames written so far (pictures merged into a longer delay count once). */
int gifenc_frames(const struct gifenc *gif);

#endif
