/*
 * The two glyph sets. ASCII stands in wherever the locale is not UTF-8, so
 * the dashboard never prints bytes the terminal would show as garbage.
 */
#include "view/glyphs.h"

#include <stddef.h>

static const struct glyphs utf8_glyphs = {
    .utf8 = true,
    .arrow = "\u2192",
    .times = "\u00d7",
    .hline = "\u2500",
    .vline = "\u2502",
    .corner_tl = "\u250c",
    .corner_tr = "\u2510",
    .corner_bl = "\u2514",
    .corner_br = "\u2518",
    .selected = "\u25b8",
    .behind = "\u2039",
    .over = "\u2191",
    .running = "\u25b6",
    .paused = "\u2016",
    .more_left = "\u00ab",
    .more_right = "\u00bb",
    .minus = "\u2212",
    .dot = "\u00b7",
    .ellipsis = "\u2026",
    .delta = "\u0394",
    .at_least = "\u2265",
    .range = "\u2013",
    .bar_done = "\u2588",
    .bar_todo = "\u2591",
    .bar_eighths = {NULL, "\u258f", "\u258e", "\u258d", "\u258c", "\u258b",
                    "\u258a", "\u2589"},
};

static const struct glyphs ascii_glyphs = {
    .utf8 = false,
    .arrow = "->",
    .times = "x",
    .hline = "-",
    .vline = "|",
    .corner_tl = "+",
    .corner_tr = "+",
    .corner_bl = "+",
    .corner_br = "+",
    .selected = ">",
    .behind = "<",
    .over = "^",
    .running = ">",
    .paused = "=",
    .more_left = "<",
    .more_right = ">",
    .minus = "-",
    .dot = "|",
    .ellipsis = "...", /* three columns: every cut measures it */
    .delta = "delta",
    .at_least = ">=",
    .range = "-",
    .bar_done = "#",
    .bar_todo = ".",
    .bar_eighths = {NULL},
};

const struct glyphs *glyphs_get(bool utf8)
{
	return utf8 ? &utf8_glyphs : &ascii_glyphs;
}
