/*
 * A terminal's bytes in time to a video: the events of a render (or of
 * a cast read back) kept in memory, then played through libvterm into
 * pictures at the times a format wants them, and those written as GIF,
 * PNG, MP4 or WebM. The same events give the same GIF and PNG bytes, so
 * a cast converted and the scenario rendered straight agree. Never reads
 * a clock or a terminal.
 */
#ifndef GCOUNTER_VIDEO_VIDEO_H
#define GCOUNTER_VIDEO_VIDEO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "video/palette.h"

/* MP4 and WebM frames a second (a render's frames come every 50 ms). */
#define VIDEO_FPS 20

enum video_format {
	VIDEO_CAST, /* not a video: the asciicast itself */
	VIDEO_GIF,
	VIDEO_PNG,
	VIDEO_MP4,
	VIDEO_WEBM,
	VIDEO_FORMAT_COUNT,
};

/* The format a file name's extension asks for; false if none. */
bool video_format_of(const char *path, enum video_format *format);
/* "GIF", ...; and the extensions known, for an error ("cast, gif, ..."). */
const char *video_format_name(enum video_format format);
const char *video_extensions(void);

struct video_settings {
	const struct palette *palette;
	const char *font; /* a fontconfig pattern or a file; NULL: default */
	int font_size;    /* pixels; 0: the default */
	/* A still's moment (PNG); without it, the end. */
	bool at_given;
	uint64_t at_us;
	/* The part of the events to show; to_us 0: up to the end. */
	uint64_t from_us, to_us;
};

struct video_stats {
	int width, height;    /* pixels */
	int frames;           /* as stored (GIF merges identical ones) */
	uint64_t duration_us; /* how long the video lasts */
};

struct video;

struct video *video_new(int cols, int rows);
void video_free(struct video *video);
/* Bytes the terminal received t_us after the start (times never go
 * back: an earlier one is taken as the last). */
void video_feed(struct video *video, uint64_t t_us, const char *bytes,
                size_t len);
/* Writes the events, shown until end_us, as `format` to path. 0, or -1
 * with one line in err. */
int video_write(struct video *video, uint64_t end_us, enum video_format format,
                const char *path, const struct video_settings *settings,
                struct video_stats *stats, char *err, size_t errlen);
/* The screen after every event, row by row as UTF-8 lines (for tests and
 * checks against another emulator): rows lines, each ending in '\n'. */
char *video_final_screen(struct video *video, const struct palette *palette);
int video_cols(const struct video *video);
int video_rows(const struct video *video);

#endif
