/*
 * Draws a student's `gcounter join` screen with curses, clipped at any
 * size: who and where, the connection, the vector with the student's own
 * slot marked, the value, what happened last, the program's stderr and
 * the keys. It reads the view; it never changes it.
 */
#include "ui/join-screen.h"

#include <curses.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "ui/draw.h"
#include "ui/theme.h"

/* One half's cells ("n3:12", the student's own "[n3:12]"), wrapped to
 * the width: returns how many rows they take; a row is drawn only when
 * it lies within [first, first + shown). *own_row gets the row of the
 * student's slot, if it is in this half. */
static int cells(const struct join_view *v, const uint64_t *counts,
                 bool own_half, int y, int cols, int first, int shown,
                 int *own_row)
{
	int row = 0, x = 4;

	for (uint32_t i = 0; i < v->nodes; i++) {
		char cell[48];
		bool own = own_half && i == v->self;
		int w = snprintf(cell, sizeof cell,
		                 own ? "[n%" PRIu32 ":%" PRIu64 "]"
		                     : "n%" PRIu32 ":%" PRIu64,
		                 i, counts[i]);

		if (x > 4 && x + w > cols) {
			row++;
			x = 4;
		}
		if (own)
			*own_row = row;
		if (row >= first && row < first + shown)
			draw_put(y + row - first, x, cols - x,
			         own ? ROLE_CELL_OWN : ROLE_CELL, cell);
		x += w + 2;
	}
	return row + 1;
}

/* One half under its label, in at most avail rows: when it needs more,
 * the rows that end with the student's own slot. Returns the next row. */
static int half(const struct join_view *v, const uint64_t *counts,
                const char *label, int y, int avail, int cols)
{
	int own = 0, need = cells(v, counts, true, 0, cols, 0, 0, &own);
	int shown = need < avail ? need : avail;
	int first = own >= shown ? own - shown + 1 : 0;

	if (shown < need)
		draw_putf(y, 2, cols - 2, ROLE_LABEL, "%s (rows %d-%d of %d)",
		          label, first + 1, first + shown, need);
	else
		draw_put(y, 2, cols - 2, ROLE_LABEL, label);
	cells(v, counts, true, y + 1, cols, first, shown, &own);
	return y + 1 + shown;
}

/* The vector, wrapped to as many rows as it needs (on a screen too short
 * for them all, the student's own slot stays in sight). A PN-Counter's
 * gossip has a second half: both are shown, P what was added and N what
 * was taken away, and the value is signed. Returns the next free row. */
static int vector(const struct join_view *v, int y, int rows, int cols)
{
	bool pn = v->slots >= 2 * v->nodes;
	int avail = (rows - y - 8) / (pn ? 2 : 1);
	int64_t value = 0;

	if (v->slots == 0 || v->nodes == 0) {
		draw_put(y, 2, cols - 2, ROLE_LABEL,
		         "vector: none yet (it shows once the node gossips)");
		return y + 2;
	}
	if (avail < 1)
		avail = 1;
	for (uint32_t i = 0; i < v->nodes; i++) {
		value += (int64_t)v->counts[i];
		if (pn)
			value -= (int64_t)v->counts[v->nodes + i];
	}
	y = half(v, v->counts, pn ? "P (added)" : "vector", y, avail, cols);
	if (pn)
		y = half(v, v->counts + v->nodes, "N (taken away)", y, avail,
		         cols);
	draw_putf(y + 1, 2, cols - 2, ROLE_TRUTH, "value %" PRId64, value);
	return y + 3;
}

void join_screen_draw(const struct join_view *v)
{
	int rows, cols, y;

	getmaxyx(stdscr, rows, cols);
	erase();
	draw_putf(0, 0, cols, ROLE_HEADER, "gcounter join  %s  as %s",
	          v->address, v->name);
	draw_putf(1, 0, cols, v->ended ? ROLE_DIVERGED : ROLE_RUNNING, "%s",
	          v->state);
	if (v->seat != NULL)
		draw_putf(2, 0, cols, ROLE_TITLE,
		          "seat %s of %" PRIu32 "   node: %s", v->seat,
		          v->nodes, v->command);
	y = vector(v, 4, rows, cols);
	if (v->has_read)
		draw_putf(y++, 2, cols - 2, ROLE_LABEL,
		          "last read answered: %" PRId64, v->last_read);
	draw_putf(y++, 2, cols - 2, ROLE_LABEL,
	          "your presses: %" PRIu64 "   init received: %" PRIu64 "%s",
	          v->pressed, v->inits,
	          v->inits > 1 ? " (started again: amnesia)" : "");
	if (v->news != NULL && v->news[0] != '\0')
		draw_put(y++, 2, cols - 2, ROLE_LOG_NOTE, v->news);
	y++;
	if (v->stderr_count > 0 && y < rows - 2)
		draw_put(y++, 0, cols, ROLE_LABEL, "stderr:");
	for (size_t i = 0; i < v->stderr_count && y < rows - 1; i++)
		draw_put(y++, 2, cols - 2, ROLE_LOG_TEXT, v->stderr_lines[i]);
	draw_put(rows - 1, 0, cols, ROLE_STATUS,
	         v->ended ? "q quit"
	                  : "+ or space: add 1 at your node   q quit");
}
