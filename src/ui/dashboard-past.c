/*
 * The timeline row: the run from its start to the present, one column per
 * stretch of virtual time, marked with what happened there, and the
 * cursor where the world shown is. Drawn from the view alone.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "view/text.h"

/* The widest timeline drawn (the window may be wider). */
#define TIMELINE_COLS_MAX 512

/* A column's mark: the moment that says most, and its colour. Marks are
 * shapes as well as colours, for a mono screen and a colour-blind room. */
struct mark {
	unsigned moments;
	const char *glyph;
	enum theme_role role;
};

static const struct mark marks[] = {
    {MOMENT_PAUSE, "|", ROLE_TITLE},
    {MOMENT_FAULT, "!", ROLE_LOG_FAULT},
    {MOMENT_CONVERGED, "=", ROLE_LOG_CONVERGED},
    {MOMENT_INCREMENT, "+", ROLE_LOG_INCREMENT},
    {MOMENT_CHANGE, "*", ROLE_LOG_NOTE},
    {MOMENT_CAPTION, "\"", ROLE_CAPTION},
};

void dashboard_draw_timeline(const struct dashboard *d,
                             const struct dashboard_view *v,
                             struct layout_rect r)
{
	const struct glyphs *g = d->glyphs;
	uint16_t cols[TIMELINE_COLS_MAX];
	char start[32], end[32], label[80];
	uint64_t span = v->past.present_us, now = d->summary.now_us;
	int x = r.x, w, cursor;

	if (r.h <= 0 || r.w < 20)
		return;
	draw_fill(r.y, r.x, r.w, ROLE_NORMAL);
	text_time(now, start, sizeof start);
	text_time(span, end, sizeof end);
	snprintf(label, sizeof label, " %s of %s ", start, end);
	x += draw_put(r.y, x, r.w, ROLE_LABEL,
	              v->past.active ? " past" : " run");
	w = r.x + r.w - x - 2 - (int)text_columns(label);
	if (w > TIMELINE_COLS_MAX)
		w = TIMELINE_COLS_MAX;
	if (w < 8)
		return;
	x += draw_put(r.y, x, 1, ROLE_LABEL, " ");
	timeline_columns(v->past.marks, span, (size_t)w, cols);
	cursor = span > 0 ? (int)((double)now / (double)span * (w - 1)) : 0;
	for (int c = 0; c < w; c++) {
		const char *glyph = g->utf8 ? "\u2500" : "-";
		enum theme_role role = ROLE_LABEL;

		for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
			if (cols[c] & marks[m].moments) {
				glyph = marks[m].glyph;
				role = marks[m].role;
				break;
			}
		}
		if (c == cursor) {
			/* The cursor is its own shape: the mark under it is in
			 * the log already. */
			glyph = g->utf8 ? "\u25bc" : "v";
			role = ROLE_KEYCAP;
		}
		draw_put(r.y, x + c, 1, role, glyph);
	}
	draw_put(r.y, x + w, r.x + r.w - x - w, ROLE_LABEL, label);
}
