/*
 * The caption bar: a script's caption, the narrated step and the script's
 * note to the presenter, sharing the rows the layout gives the bar so that
 * none hides another. Measured first (the layout asks how many rows it
 * wants), then drawn. It only draws: it never changes the view.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "view/text.h"

/* From this many screen rows on, the caption bar gets a blank row above
 * and below its text. */
#define CAPTION_PAD_ROWS 30

void dashboard_caption_measure(const struct dashboard *d,
                               const struct dashboard_view *v,
                               struct dashboard_caption *c)
{
	const struct glyphs *g = d->glyphs;
	size_t width = (size_t)draw_max(1, COLS - 4), total;

	for (int i = 0; i < CAPTION_TEXTS; i++)
		c->text[i][0] = '\0';
	if (v->caption != NULL)
		snprintf(c->text[CAPTION_SCRIPT], sizeof c->text[0], "%s",
		         v->caption);
	if (v->narrating && v->narration.text != NULL &&
	    v->narration.text[0] != '\0')
		snprintf(c->text[CAPTION_NARRATION], sizeof c->text[0], "%s",
		         v->narration.text);
	else if (v->narrating)
		snprintf(c->text[CAPTION_NARRATION], sizeof c->text[0],
		         "narrated stepping: press . or PgDn for the next "
		         "event, n to stop");
	if (v->presenter_hidden)
		; /* a video's viewer has no keys to press */
	else if (v->script_waiting)
		snprintf(c->text[CAPTION_NOTE], sizeof c->text[0],
		         "%s paused by the script: press space (or PgDn, .) "
		         "to go on",
		         g->paused);
	else if (v->script_ended && !v->running && v->end_hint != NULL)
		snprintf(c->text[CAPTION_NOTE], sizeof c->text[0], "%s",
		         v->end_hint);
	else if (v->script_ended && !v->running)
		snprintf(c->text[CAPTION_NOTE], sizeof c->text[0],
		         "the end of the scenario: space runs on, r plays it "
		         "again, q quits");
	total = 0;
	for (int i = 0; i < CAPTION_TEXTS; i++) {
		c->counts[i] =
		    text_wrap(c->text[i], width, c->lines[i], CAPTION_LINES);
		if (c->counts[i] > CAPTION_LINES)
			c->counts[i] = CAPTION_LINES;
		total += c->counts[i];
	}
	c->rows =
	    total == 0 ? 0 : (int)total + (LINES >= CAPTION_PAD_ROWS ? 2 : 0);
}

/* How many lines of each text the bar's `rows` show: one each first (in
 * order, while rows last), then the rest in order. */
static void caption_share(const struct dashboard_caption *c, int rows,
                          size_t shown[CAPTION_TEXTS])
{
	for (int i = 0; i < CAPTION_TEXTS; i++) {
		shown[i] = c->counts[i] > 0 && rows > 0 ? 1 : 0;
		rows -= (int)shown[i];
	}
	for (int i = 0; i < CAPTION_TEXTS && rows > 0; i++) {
		size_t more = c->counts[i] - shown[i];

		if (more > (size_t)rows)
			more = (size_t)rows;
		shown[i] += more;
		rows -= (int)more;
	}
}

void dashboard_caption_draw(const struct dashboard_caption *c,
                            struct layout_rect r)
{
	size_t shown[CAPTION_TEXTS];
	int y, pad;

	if (r.h <= 0)
		return;
	for (int row = 0; row < r.h; row++)
		draw_fill(r.y + row, r.x, r.w, ROLE_CAPTION);
	pad = r.h >= c->rows && LINES >= CAPTION_PAD_ROWS ? 1 : 0;
	caption_share(c, r.h - 2 * pad, shown);
	y = r.y + pad;
	for (int i = 0; i < CAPTION_TEXTS; i++) {
		for (size_t k = 0; k < shown[i] && y < r.y + r.h; k++) {
			char line[DRAW_LINE_MAX];
			size_t len = c->lines[i][k].len, cols;

			if (len >= sizeof line)
				len = sizeof line - 1;
			memcpy(line, c->text[i] + c->lines[i][k].start, len);
			line[len] = '\0';
			cols = text_columns(line);
			/* Centred, like subtitles. */
			draw_put(y++, r.x + draw_max(2, (r.w - (int)cols) / 2),
			         r.w - 4, ROLE_CAPTION, line);
		}
	}
}
