/*
 * The pictures' place on the screen, and the network view: this file
 * gives a picture its rectangle (the middle of the dashboard) and has
 * view/netview.c lay the network out in a cell grid, which
 * dashboard-cells.c puts on the screen. It never lays anything out itself
 * and never reads the world but through the frame's summary.
 */
#include <curses.h>

#include "ui/dashboard-views.h"
#include "ui/draw.h"
#include "view/netview.h"

/* From this many screen rows on, a picture leaves the event log rows of
 * its own under it. */
#define PICTURE_LOG_FROM_ROWS 40
/* Rows the log keeps then. */
#define PICTURE_LOG_ROWS 8

static void draw_network(struct dashboard *d, const struct dashboard_view *v,
                         struct layout_rect r)
{
	struct netview_input in = {.summary = &d->summary,
	                           .sim = v->sim,
	                           .glyphs = d->glyphs,
	                           .selected = v->selected};
	struct netview_result result;
	struct cellgrid grid;

	cellgrid_init(&grid, r.w, r.h);
	netview_draw(&grid, &in, &result);
	dashboard_put_grid(&grid, r.y, r.x);
	cellgrid_free(&grid);
}

void dashboard_draw_picture(struct dashboard *d, const struct dashboard_view *v,
                            struct layout *layout)
{
	struct layout_rect r = layout->vectors;
	int bottom = layout->messages.y + layout->messages.h;

	/* Stacked, the picture takes the log's rows too unless the screen
	 * is tall enough for both; wide, the log keeps its column. */
	if (!layout->wide) {
		bottom = layout->events.y + layout->events.h;
		if (LINES >= PICTURE_LOG_FROM_ROWS) {
			layout->events.h = PICTURE_LOG_ROWS;
			layout->events.y = bottom - PICTURE_LOG_ROWS;
			bottom = layout->events.y;
		} else {
			layout->events.h = 0;
		}
	}
	r.h = bottom - r.y;
	if (r.h <= 0 || r.w <= 0)
		return;
	if (v->view == VIEW_SPACETIME)
		dashboard_draw_spacetime(d, v, r);
	else
		draw_network(d, v, r);
}
