/*
 * The vectors drawn big (--big on a window large enough): every count of
 * every node, and the truth, in the big digits the totals use, so that
 * the vectors themselves are readable from the back of a lecture hall,
 * not only the totals. The dashboard falls back to the ordinary grid
 * when they do not fit. Draws from the frame's summary; changes nothing.
 */
#include <curses.h>
#include <inttypes.h>
#include <stdio.h>

#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "view/bigdigits.h"
#include "view/text.h"

/* Columns of the node names ("▸ n10 "), and between two big numbers. */
#define NAME_COLS 7
#define GAP_COLS  3

struct big_grid {
	int cell_w, value_w;
};

static int number_cols(uint64_t v)
{
	char digits[24];

	snprintf(digits, sizeof digits, "%" PRIu64, v);
	return (int)bigdigits_width(digits);
}

/* The widest cell is the truth's largest count and the widest value the
 * truth's total, unless plain op counted a duplicate: then a node's cells
 * (and so its value) may be above the truth, and the nodes' own decide. */
static struct big_grid measure(const struct summary *s)
{
	uint64_t most = 0, total = s->truth_total;
	struct big_grid g;

	for (uint32_t j = 0; j < s->slots; j++)
		if (s->truth->slots[j] > most)
			most = s->truth->slots[j];
	for (uint32_t i = 0; s->may_be_over && i < s->nodes; i++) {
		if (s->node[i].down)
			continue;
		for (uint32_t j = 0; j < s->slots; j++)
			if (s->node[i].vector->slots[j] > most)
				most = s->node[i].vector->slots[j];
		if (s->node[i].value > total)
			total = s->node[i].value;
	}
	g.cell_w = number_cols(most) + GAP_COLS;
	g.value_w = number_cols(total) + GAP_COLS;
	return g;
}

int dashboard_big_vectors_width(const struct summary *s)
{
	struct big_grid g = measure(s);

	/* ... and room after the value for how far a node is behind. */
	return NAME_COLS + (int)s->nodes * g.cell_w + g.value_w + 12;
}

static void draw_number(const struct dashboard *d, int y, int x, int w,
                        enum theme_role role, uint64_t v)
{
	char digits[24], row[256];
	int cols;

	snprintf(digits, sizeof digits, "%" PRIu64, v);
	cols = (int)bigdigits_width(digits);
	for (int i = 0; i < BIGDIGITS_ROWS; i++) {
		bigdigits_row(digits, i, d->glyphs->utf8, row, sizeof row);
		/* Right-aligned, like the ordinary grid's numbers. */
		draw_put(y + i, x + draw_max(0, w - GAP_COLS - cols),
		         w - GAP_COLS, role, row);
	}
}

static enum theme_role cell_role(const struct dashboard_view *v,
                                 const struct summary *s, uint32_t node,
                                 uint32_t slot)
{
	uint64_t value = s->node[node].vector->slots[slot];
	bool fresh =
	    !v->narrating && value > 0 &&
	    s->now_us - s->node[node].changed_at[slot] < DASHBOARD_FRESH_US;

	return fresh                           ? ROLE_BIG_FRESH
	       : value > s->truth->slots[slot] ? ROLE_CELL_OVER
	       : slot == node                  ? ROLE_CELL_OWN
	       : value < s->truth->slots[slot] ? ROLE_CELL_BEHIND
	                                       : ROLE_CELL;
}

void dashboard_draw_big_vectors(const struct dashboard *d,
                                const struct dashboard_view *v,
                                struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	struct big_grid grid = measure(s);
	int x_value = r.x + NAME_COLS + (int)s->nodes * grid.cell_w;
	int end = r.x + r.w, y;

	draw_put(r.y, r.x + 2, NAME_COLS - 2, ROLE_TITLE, "node");
	for (uint32_t j = 0; j < s->nodes; j++) {
		char name[16];

		snprintf(name, sizeof name, "n%" PRIu32, j + 1);
		draw_putf(r.y,
		          r.x + NAME_COLS + (int)j * grid.cell_w +
		              draw_max(0, grid.cell_w - GAP_COLS -
		                              (int)text_columns(name)),
		          grid.cell_w, ROLE_TITLE, "%s", name);
	}
	draw_putf(r.y, x_value + draw_max(0, grid.value_w - GAP_COLS - 5),
	          end - x_value, ROLE_TITLE, "value");
	for (uint32_t i = 0; i <= s->nodes; i++) {
		bool truth = i == s->nodes;
		bool selected = !truth && i == v->selected;
		uint64_t value = truth ? s->truth_total : s->node[i].value;

		y = r.y + 1 + (int)i * (BIGDIGITS_ROWS + 1);
		if (y + BIGDIGITS_ROWS > r.y + r.h)
			break;
		if (selected)
			draw_put(y + 1, r.x, 1, ROLE_SELECTED, g->selected);
		if (truth)
			draw_put(y + 1, r.x + 2, NAME_COLS - 2, ROLE_TRUTH,
			         "truth");
		else
			draw_putf(y + 1, r.x + 2, NAME_COLS - 2,
			          selected ? ROLE_SELECTED : ROLE_LABEL,
			          "n%" PRIu32, i + 1);
		if (!truth && s->node[i].down) {
			draw_put(y + 1, r.x + NAME_COLS, end - r.x - NAME_COLS,
			         ROLE_VALUE_BEHIND, "DOWN: it holds nothing");
			continue;
		}
		for (uint32_t j = 0; j < s->nodes; j++)
			draw_number(d, y,
			            r.x + NAME_COLS + (int)j * grid.cell_w,
			            grid.cell_w,
			            truth ? ROLE_TRUTH : cell_role(v, s, i, j),
			            truth ? s->truth->slots[j]
			                  : s->node[i].vector->slots[j]);
		draw_number(d, y, x_value, grid.value_w,
		            truth                   ? ROLE_TRUTH
		            : value < s->join_value ? ROLE_VALUE_BEHIND
		            : value > s->join_value ? ROLE_VALUE_OVER
		                                    : ROLE_NORMAL,
		            value);
		/* How far it is from what it can converge to, in words. */
		if (!truth && value != s->join_value)
			draw_putf(y + 1, x_value + grid.value_w - 1,
			          end - x_value - grid.value_w + 1,
			          value < s->join_value ? ROLE_VALUE_BEHIND
			                                : ROLE_VALUE_OVER,
			          "%" PRIu64 " %s",
			          value < s->join_value ? s->join_value - value
			                                : value - s->join_value,
			          value < s->join_value ? "behind" : "over");
	}
}
