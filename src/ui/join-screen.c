/*
 * Draws a student's `gcounter join` screen with curses, clipped at any
 * size: who and where, the connection, the vector with the student's own
 * slot marked, the value, what happened last, the program's stderr and
 * the keys. It reads the view; it never changes it.
 */
#include "ui/join-screen.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui/draw.h"
#include "ui/theme.h"

static void vector(const struct join_view *v, int y, int cols)
{
	uint64_t sum = 0;
	uint32_t n = v->slots > v->nodes ? v->nodes : v->slots;
	int x = 2;

	if (v->slots == 0) {
		draw_put(y, 2, cols - 2, ROLE_LABEL,
		         "vector: none yet (it shows once the node gossips)");
		return;
	}
	draw_put(y, 2, cols - 2, ROLE_LABEL, "vector");
	for (uint32_t i = 0; i < n && x < cols; i++) {
		char cell[40];
		int w = snprintf(cell, sizeof cell, "n%" PRIu32 ":%" PRIu64, i,
		                 v->counts[i]);

		draw_put(y + 1, x, cols - x,
		         i == v->self ? ROLE_CELL_OWN : ROLE_CELL, cell);
		x += w + 2;
		sum += v->counts[i];
	}
	/* A PN-Counter's second half is what was taken away. */
	for (uint32_t i = v->nodes; i < v->slots && i < 2 * v->nodes; i++)
		sum -= v->counts[i];
	draw_putf(y + 3, 2, cols - 2, ROLE_TRUTH, "value %" PRIu64, sum);
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
	vector(v, 4, cols);
	y = 9;
	if (v->has_read)
		draw_putf(y++, 2, cols - 2, ROLE_LABEL,
		          "last read answered: %" PRIu64, v->last_read);
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
