/*
 * A picture's cell grid on the curses screen: each cell in its style's
 * colour role (what it is, never a colour). Shared by the network view
 * and the space-time diagram; it lays nothing out and clips to the
 * screen like every other part.
 */
#include "ui/dashboard-views.h"
#include "ui/draw.h"

/* The colour role of each cell style: what a cell is, never a colour. */
static const enum theme_role cell_roles[CELL_STYLE_COUNT] = {
    [CELL_BLANK] = ROLE_NORMAL,
    [CELL_TEXT] = ROLE_NORMAL,
    [CELL_LABEL] = ROLE_LABEL,
    [CELL_TITLE] = ROLE_TITLE,
    [CELL_NODE] = ROLE_NORMAL,
    [CELL_SELECTED] = ROLE_SELECTED,
    [CELL_DOWN] = ROLE_LOG_FAULT,
    [CELL_BEHIND] = ROLE_VALUE_BEHIND,
    [CELL_OWN] = ROLE_CELL_OWN,
    [CELL_LINK] = ROLE_LABEL,
    [CELL_CUT] = ROLE_LOG_FAULT,
    [CELL_MESSAGE] = ROLE_PAYLOAD,
    [CELL_CONTROL] = ROLE_ROUTE,
    [CELL_DUPLICATE] = ROLE_CELL_OVER,
    [CELL_DOOMED] = ROLE_LOG_FAULT,
    [CELL_PAYLOAD] = ROLE_PAYLOAD,
    [CELL_INCREMENT] = ROLE_LOG_INCREMENT,
    [CELL_MERGED] = ROLE_LOG_MERGE,
    [CELL_NOTHING] = ROLE_LABEL,
    [CELL_CONVERGED] = ROLE_LOG_CONVERGED,
    [CELL_TIME] = ROLE_LOG_TIME,
};

void dashboard_put_grid(const struct cellgrid *grid, int y, int x)
{
	for (int row = 0; row < grid->h; row++)
		for (int col = 0; col < grid->w; col++) {
			const struct cell *c = cellgrid_at(grid, row, col);

			if (c->layer == LAYER_NONE)
				continue;
			draw_put(y + row, x + col, 1, cell_roles[c->style],
			         c->glyph);
		}
}
