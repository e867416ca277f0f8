/*
 * MP4 (H.264, yuv420p) and WebM (VP9) through ffmpeg as a child process
 * fed raw YUV 4:2:0 frames (yuv.c) on a pipe: no codec library is linked, and
 * ffmpeg missing is one clear line naming the Debian package.
 */
#ifndef GCOUNTER_VIDEO_FFPIPE_H
#define GCOUNTER_VIDEO_FFPIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ffpipe_codec {
	FFPIPE_H264, /* .mp4 */
	FFPIPE_VP9,  /* .webm */
};

struct ffpipe;

/* Starts ffmpeg writing path from w x h YUV 4:2:0 frames at fps. NULL and one
 * line in err if ffmpeg is not installed or cannot start. */
struct ffpipe *ffpipe_open(const char *path, enum ffpipe_codec codec, int w,
                           int h, int fps, char *err, size_t errlen);
/* One frame, yuv_frame_bytes(w, h); false once ffmpeg has stopped reading. */
bool ffpipe_frame(struct ffpipe *pipe, const uint8_t *rgb);
/* Ends the input and waits for ffmpeg: 0, or -1 with one line in err.
 * Frees pipe either way. */
int ffpipe_close(struct ffpipe *pipe, char *err, size_t errlen);

#endif
