/*
 * The terminal's colours a video is drawn in, per theme: the default
 * foreground and background and the 16 ANSI colours as RGB. One table,
 * read by the pixels (vt.c hands it to libvterm) and by the cast header's
 * asciicast v2 `theme`, so a player and our video agree. Pure data.
 */
#ifndef GCOUNTER_VIDEO_PALETTE_H
#define GCOUNTER_VIDEO_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#include "script/choices.h"

/* 0xRRGGBB. */
struct palette {
	uint32_t fg, bg;
	uint32_t ansi[16];
};

/* The palette of a theme (any value: an unknown one gets the dark). */
const struct palette *palette_of(enum theme theme);
/* "#rrggbb" into out (8 bytes). */
void palette_hex(uint32_t rgb, char out[8]);
/* The asciicast v2 theme object ({"fg": ..., "bg": ..., "palette":
 * "#..:#.."}) into out; its length, or 0 if out is too small. */
size_t palette_cast_theme(const struct palette *p, char *out, size_t len);

#endif
