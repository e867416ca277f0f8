/*
 * The palettes: a dark and a light terminal, and a true black for the
 * projector. The 16 colours are the ones xterm-like terminals agree on
 * closely enough that a theme's roles read the same in a video as on a
 * screen. Never reads the environment: a video is the same everywhere.
 */
#include "video/palette.h"

#include <stdio.h>

/* Dark terminals' usual 16 (VS Code's and Windows Terminal's kin). */
#define DARK_ANSI                                                              \
	{                                                                      \
		0x000000, 0xcd3131, 0x0dbc79, 0xe5e510, 0x2472c8, 0xbc3fbc,    \
		    0x11a8cd, 0xe5e5e5, 0x666666, 0xf14c4c, 0x23d18b,          \
		    0xf5f543, 0x3b8eea, 0xd670d6, 0x29b8db, 0xffffff           \
	}

static const struct palette palettes[THEME_COUNT] = {
    [THEME_DARK] = {.fg = 0xd4d4d4, .bg = 0x1e1e1e, .ansi = DARK_ANSI},
    /* Darker greens and yellows, legible on white; white stays light
     * (the light theme draws it only on colours, as on xterm). */
    [THEME_LIGHT] = {.fg = 0x1e1e1e,
                     .bg = 0xffffff,
                     .ansi = {0x000000, 0xcd3131, 0x00a000, 0x949800, 0x0451a5,
                              0xbc05bc, 0x0598bc, 0xe5e5e5, 0x666666, 0xcd3131,
                              0x14ce14, 0xb5ba00, 0x0451a5, 0xbc05bc, 0x0598bc,
                              0xffffff}},
    [THEME_PROJECTOR] = {.fg = 0xffffff, .bg = 0x000000, .ansi = DARK_ANSI},
    [THEME_MONO] = {.fg = 0xd4d4d4, .bg = 0x1e1e1e, .ansi = DARK_ANSI},
};

const struct palette *palette_of(enum theme theme)
{
	return (unsigned)theme < THEME_COUNT ? &palettes[theme]
	                                     : &palettes[THEME_DARK];
}

void palette_hex(uint32_t rgb, char out[8])
{
	snprintf(out, 8, "#%06x", (unsigned)(rgb & 0xffffff));
}

size_t palette_cast_theme(const struct palette *p, char *out, size_t len)
{
	char fg[8], bg[8], c[8];
	size_t used;
	int n;

	palette_hex(p->fg, fg);
	palette_hex(p->bg, bg);
	n = snprintf(out, len,
	             "{\"fg\": \"%s\", \"bg\": \"%s\", \"palette\": \"", fg,
	             bg);
	if (n < 0 || (size_t)n >= len)
		return 0;
	used = (size_t)n;
	for (int i = 0; i < 16; i++) {
		palette_hex(p->ansi[i], c);
		n = snprintf(out + used, len - used, "%s%s", i ? ":" : "", c);
		if (n < 0 || (size_t)n >= len - used)
			return 0;
		used += (size_t)n;
	}
	n = snprintf(out + used, len - used, "\"}");
	if (n < 0 || (size_t)n >= len - used)
		return 0;
	return used + (size_t)n;
}
