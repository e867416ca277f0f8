/*
 * The dashboard's pictures: the network view and the space-time diagram,
 * each drawn by view/ into a cell grid that these files put on the curses
 * screen in the theme's colours. Private to the dashboard; dashboard.c
 * calls dashboard_draw_picture when the view is not the table.
 */
#ifndef GCOUNTER_UI_DASHBOARD_VIEWS_H
#define GCOUNTER_UI_DASHBOARD_VIEWS_H

#include "ui/dashboard-parts.h"
#include "view/cellgrid.h"

/* Draws the view's picture in the middle of the screen: the rectangles
 * of the vectors and the messages, and of the event log when the screen
 * is short (then layout->events is emptied). */
void dashboard_draw_picture(struct dashboard *d, const struct dashboard_view *v,
                            struct layout *layout);
/* The space-time diagram in r (dashboard-spacetime.c). */
void dashboard_draw_spacetime(struct dashboard *d,
                              const struct dashboard_view *v,
                              struct layout_rect r);
/* Puts a grid on the screen with its top-left corner at (y, x). */
void dashboard_put_grid(const struct cellgrid *grid, int y, int x);

#endif
