/*
 * Reading an asciicast v2 file back (ours or anyone's) for --convert:
 * the header's size and theme, and every "o" event's bytes at its time,
 * into a video. Times are read as decimal digits into microseconds
 * (never through a double), so a converted render has exactly the times
 * the render had. Bad input is one line naming the file and the line.
 */
#ifndef GCOUNTER_VIDEO_CASTREAD_H
#define GCOUNTER_VIDEO_CASTREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "video/palette.h"
#include "video/video.h"

/* A cast this large is not one we could have made. */
#define CASTREAD_MAX_BYTES (256u * 1024 * 1024)
#define CASTREAD_MAX_COLS  1000
#define CASTREAD_MAX_ROWS  500

struct cast_info {
	int width, height;
	bool has_theme;       /* the header carried a theme */
	struct palette theme; /* ... and this is it */
	uint64_t end_us;      /* the last event's time, or the restore's */
	/* The cast gives the terminal back (leaves the alternate screen):
	 * what follows is not read, and the video ends there. */
	bool restored;
};

/* Reads path into a new video: 0, or -1 with one line in err. */
int castread_load(const char *path, struct video **video,
                  struct cast_info *info, char *err, size_t errlen);
/* The same from text in memory (`name` names it in errors). */
int castread_parse(const char *name, const char *text, size_t len,
                   struct video **video, struct cast_info *info, char *err,
                   size_t errlen);

#endif
