/*
 * The report table: once a scenario has said "report table", its reports
 * side by side in a box over the middle of the dashboard (the vectors, the
 * messages and the log), leaving the header, the numbers, the caption bar
 * and the status line in sight. Text from view/report.c; never changes
 * the view.
 */
#include <curses.h>

#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "view/report.h"

void dashboard_draw_report(const struct dashboard *d,
                           const struct dashboard_view *v, int top, int bottom)
{
	static struct report_table t;
	int w, h, x, y, inner;

	if (!v->report.shown || bottom <= top)
		return;
	report_table(v->report.rows, v->report.count, v->report.by,
	             (size_t)draw_max(1, COLS - 6), &t);
	inner = (int)t.columns;
	w = draw_min(COLS, inner + 4);
	h = draw_min(bottom - top, (int)t.count + 2);
	x = draw_max(0, (COLS - w) / 2);
	y = top + draw_max(0, (bottom - top - h) / 2);
	for (int row = y; row < y + h; row++)
		draw_fill(row, 0, COLS, ROLE_NORMAL);
	draw_box(d->glyphs, y, x, h, w, ROLE_HELP);
	for (int row = y + 1; row < y + h - 1; row++)
		draw_fill(row, x + 1, w - 2, ROLE_NORMAL);
	draw_put(y, x + 2, w - 4, ROLE_HELP_KEY, " the reports side by side ");
	for (int row = 0; row < h - 2 && (size_t)row < t.count; row++)
		draw_put(y + 1 + row, x + 2, w - 4,
		         row == 0                     ? ROLE_TITLE
		         : (size_t)row + 1 == t.count ? ROLE_LABEL
		                                      : ROLE_NORMAL,
		         t.lines[row]);
}
