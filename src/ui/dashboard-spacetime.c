/*
 * The space-time diagram on the screen: view/spacetime-draw.c draws the
 * recorder's events into a cell grid, up to the events-run count of the
 * world the frame shows (so a world shown in the past shows its own
 * past); this file puts the grid in its rectangle.
 */
#include "ui/dashboard-views.h"
#include "ui/draw.h"
#include "view/spacetime.h"

void dashboard_draw_spacetime(struct dashboard *d,
                              const struct dashboard_view *v,
                              struct layout_rect r)
{
	struct spacetime_view view = {.rec = v->spacetime,
	                              .summary = &d->summary,
	                              .events_run = sim_events_run(v->sim),
	                              .glyphs = d->glyphs,
	                              .selected = v->selected};
	struct spacetime_drawn drawn;
	struct cellgrid grid;

	if (v->spacetime == NULL) {
		draw_put_cut(d->glyphs, r.y + 1, r.x + 2, r.w - 2, ROLE_LABEL,
		             "no space-time record is kept for this run");
		return;
	}
	cellgrid_init(&grid, r.w, r.h);
	spacetime_draw(&grid, &view, &drawn);
	dashboard_put_grid(&grid, r.y, r.x);
	cellgrid_free(&grid);
}
