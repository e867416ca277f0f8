/*
 * RGB pictures to the planar YUV 4:2:0 (BT.709, limited range) H.264 and
 * VP9 take, converted only where a picture changed, so ffmpeg is spared
 * the conversion of whole frames. Pure.
 */
#ifndef GCOUNTER_VIDEO_YUV_H
#define GCOUNTER_VIDEO_YUV_H

#include <stddef.h>
#include <stdint.h>

#include "video/raster.h"

/* The bytes of a w x h frame (w and h even): Y, then U, then V. */
size_t yuv_frame_bytes(int w, int h);
/* Converts the part of rgb (w x h x 3) inside `changed` (grown to even
 * edges) into yuv. */
void yuv_convert(const uint8_t *rgb, int w, int h, struct raster_rect changed,
                 uint8_t *yuv);

#endif
