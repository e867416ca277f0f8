/*
 * The middle of the dashboard: the big digits, the grid of vectors (a row
 * per node, two for a PN-Counter's P and N; a column per node's slot; and
 * the truth), and the messages in flight with where each is going and
 * whether it will get there. Reads the world only through sim.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim/mode.h"
#include "sim/strategy.h"
#include "view/bigdigits.h"
#include "view/faults.h"
#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "view/text.h"
#include "view/wire.h"

/* --- big digits ------------------------------------------------------------
 */

/* One big number (a string of digits, '-' for a minus) under its label;
 * returns its width, or 0 if it does not fit in max_w. */
static int draw_big_number(const struct dashboard *d, int y, int x, int max_w,
                           const char *label, const char *digits,
                           enum theme_role role)
{
	char row[256];
	int digits_w, width;

	digits_w = (int)bigdigits_width(digits);
	width = draw_max((int)text_columns(label), digits_w);
	if (width > max_w)
		return 0;
	draw_put(y, x, width, role, label);
	for (int i = 0; i < BIGDIGITS_ROWS; i++) {
		bigdigits_row(digits, i, d->glyphs->utf8, row, sizeof row);
		draw_put(y + 1 + i, x, digits_w, role, row);
	}
	return width;
}

void dashboard_draw_big(const struct dashboard *d, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	uint32_t n = s->nodes;
	uint64_t total = s->truth_total, join = s->join_value;
	bool pn = s->pn, may_be_over = s->may_be_over;
	int x = r.x + 1, end = r.x + r.w - 1, used;
	char digits[32];
	/* Room kept for "+N more" when not every node fits. */
	const int more_w = 10;

	/* A PN-Counter's truth is increments minus decrements: it can be
	 * below zero, and the big font has a minus sign for it. */
	if (pn)
		text_signed(s->true_value, "-", digits, sizeof digits);
	else
		snprintf(digits, sizeof digits, "%" PRIu64, total);
	used = draw_big_number(d, r.y, x, end - x, "truth", digits, ROLE_BIG);
	if (used == 0)
		return;
	x += used + 2;
	/* Increments amnesia hid: the number the audience must not miss. */
	if (join < total) {
		snprintf(digits, sizeof digits, "%" PRIu64, total - join);
		used = draw_big_number(d, r.y, x, end - x, "LOST", digits,
		                       ROLE_LOST);
		if (used == 0)
			return;
		x += used + 2;
	}
	draw_put(r.y + 2, x, 1, ROLE_LABEL, d->glyphs->vline);
	x += 3;
	for (uint32_t i = 0; i < n; i++) {
		/* Nodes are behind when below what they can converge to
		 * (for a PN-Counter: when they miss anything). */
		bool behind =
		    pn ? summary_node_behind(s, i) : s->node[i].value < join;
		bool over = may_be_over && summary_node_over(s, i) != 0;
		char label[32];
		int room = end - x - (i + 1 < n ? more_w : 0);

		if (pn)
			text_signed(s->node[i].signed_value, "-", digits,
			            sizeof digits);
		else
			snprintf(digits, sizeof digits, "%" PRIu64,
			         s->node[i].value);
		snprintf(label, sizeof label, "n%" PRIu32 "%s%s", i + 1,
		         over     ? d->glyphs->over
		         : behind ? d->glyphs->behind
		                  : "",
		         s->node[i].down ? " down" : "");
		used = draw_big_number(d, r.y, x, room, label, digits,
		                       over     ? ROLE_CELL_OVER
		                       : behind ? ROLE_CELL_BEHIND
		                                : ROLE_BIG);
		if (used == 0) {
			draw_putf(r.y + 2, x, end - x, ROLE_LABEL,
			          "+%" PRIu32 " more", n - i);
			return;
		}
		x += used + 2;
	}
}

/* --- the vectors ---------------------------------------------------------- */

/*
 * A G-Counter's node is one row: its vector and its value. A PN-Counter's
 * node is two: its P vector (increments) above its N vector (decrements),
 * each labelled, with each half's sum, and the value (sum P - sum N) on the
 * P row. Columns are nodes either way: the P row's column n2 is slot 2,
 * the N row's is slot N+2.
 */
struct grid {
	uint32_t n;
	bool pn;
	uint32_t per_node; /* screen rows a node takes: 1, or 2 (PN) */
	int digits;        /* width of a number in a cell */
	int cell_w;        /* a blank, the digits and the marks around them */
	int value_digits;  /* width of the value column's number */
	int total_digits;
	int sum_digits; /* PN: width of the sums' column */
	int x_half;     /* PN: where "P+" and "N−" go */
	int x_cells, x_sum, x_value;
	uint32_t rows, cols; /* node rows and slot columns shown */
	bool info;           /* a row saying what is scrolled out */
	bool may_be_over; /* plain op counted a duplicate: cells may be over */
};

/* The labels of a PN-Counter's two rows. */
static const char *half_label(const struct dashboard *d, int half)
{
	if (half == 0)
		return "P+";
	return d->glyphs->utf8 ? "N\u2212" : "N-";
}

static void grid_measure(struct dashboard *d, const struct dashboard_view *v,
                         struct layout_rect r, struct grid *grid)
{
	const struct summary *s = &d->summary;
	const struct gcounter *truth = s->truth;
	uint64_t max_slot = 0, total = s->truth_total;
	char last[32];
	int name_w, lead, value_w, half_w, sum_w, area, room;
	uint32_t fit;

	grid->n = s->nodes;
	grid->pn = s->pn;
	grid->per_node = grid->pn ? 2 : 1;
	for (size_t slot = 0; slot < truth->n; slot++)
		if (truth->slots[slot] > max_slot)
			max_slot = truth->slots[slot];
	snprintf(last, sizeof last, "n%" PRIu32, grid->n);
	name_w = draw_max(6, (int)strlen(last) + 1); /* "truth " fits */
	grid->digits = draw_max(text_digits(max_slot), (int)strlen(last));
	/* A blank, then room for "[" digits "]" (or digits and "‹"). */
	grid->cell_w = grid->digits + 3;
	grid->total_digits = text_digits(total);
	/* A PN-Counter's value may take a minus sign. */
	grid->value_digits =
	    draw_max(5, grid->total_digits + (grid->pn ? 1 : 0));
	/* value, a space, and "−12" for a node behind the truth; after ops,
	 * "+12 over" for a node above it (" P N over" for a PN-Counter) */
	grid->may_be_over = s->may_be_over;
	value_w = grid->value_digits + 2 + grid->total_digits +
	          (grid->may_be_over ? (grid->pn ? 9 : 5) : 0);
	lead = 2 + name_w;
	half_w = grid->pn ? 3 : 0; /* "P+ " */
	if (grid->pn) {
		uint64_t up = summary_half_sum(s, truth, 0);
		uint64_t down = summary_half_sum(s, truth, 1);

		grid->sum_digits =
		    draw_max(3, text_digits(up > down ? up : down));
	} else {
		grid->sum_digits = 0;
	}
	sum_w = grid->pn ? 2 + grid->sum_digits : 0;
	grid->x_half = r.x + lead;
	grid->x_cells = r.x + lead + 1 + half_w;
	area = r.w - lead - half_w - 2 - 1 - sum_w - value_w;
	grid->cols = (uint32_t)draw_max(1, area / grid->cell_w);
	if (grid->cols > grid->n)
		grid->cols = grid->n;
	grid->x_sum = grid->x_cells + (int)grid->cols * grid->cell_w + 2;
	grid->x_value =
	    grid->pn ? grid->x_sum + grid->sum_digits + 2 : grid->x_sum;

	/* The labels row and the truth's rows are always there; a row
	 * telling what is scrolled out only when something is, and there
	 * is room for it beside a node. */
	room = r.h - 1 - (int)grid->per_node;
	fit = (uint32_t)draw_max(1, room / (int)grid->per_node);
	grid->info = grid->cols < grid->n || fit < grid->n;
	if (grid->info && (room - 1) / (int)grid->per_node >= 1)
		fit = (uint32_t)((room - 1) / (int)grid->per_node);
	else
		grid->info = false;
	grid->rows = fit < grid->n ? fit : grid->n;
	d->grid_top =
	    layout_scroll(d->grid_top, grid->rows, grid->n, v->selected);
	d->grid_left =
	    layout_scroll(d->grid_left, grid->cols, grid->n, v->selected);
}
static bool narrated_cell(const struct dashboard_view *v, uint32_t node,
                          uint32_t slot)
{
	const struct dashboard_narration *n = &v->narration;

	return v->narrating && n->node == node && n->slots != NULL &&
	       n->slots[slot];
}

static void draw_cell(const struct dashboard *d, const struct dashboard_view *v,
                      const struct grid *grid, int y, int x, uint32_t node,
                      uint32_t slot)
{
	const struct glyphs *g = d->glyphs;
	const struct summary *s = &d->summary;
	uint64_t value = s->node[node].vector->slots[slot];
	uint64_t now = s->now_us;
	/* A PN-Counter's node owns two slots: its own of P and of N. */
	bool own = slot == node || (grid->pn && slot == grid->n + node);
	bool behind = value < s->truth->slots[slot];
	/* Only ops can put a count above the truth: counted twice. */
	bool over = grid->may_be_over && value > s->truth->slots[slot];
	/* A slot that never grew is still 0; only then is changed_at
	 * meaningless (it reads 0 for "never" and for "at time 0"). While
	 * narrating, only the step's own cells light up. */
	bool fresh = !v->narrating && value > 0 &&
	             now - s->node[node].changed_at[slot] < DASHBOARD_FRESH_US;
	enum theme_role role = narrated_cell(v, node, slot) ? ROLE_NARRATE
	                       : fresh                      ? ROLE_CELL_FRESH
	                       : over                       ? ROLE_CELL_OVER
	                       : own                        ? ROLE_CELL_OWN
	                       : behind                     ? ROLE_CELL_BEHIND
	                                                    : ROLE_CELL;
	char text[64];
	const char *mark;
	size_t len = 0;

	/* A crashed node holds nothing (the log says it forgot everything):
	 * its cells show that, not the state it had. */
	if (s->node[node].down) {
		draw_putf(y, x, grid->cell_w, ROLE_LABEL, "%*s%s ",
		          grid->cell_w - 2 > 0 ? grid->cell_w - 2 : 0, "",
		          g->utf8 ? "\u00b7" : "-");
		return;
	}
	/* The marks hug the number, the whole right-aligned in the cell:
	 * " [3]", "  2‹", "  5↑" (above the truth), "  3 ". */
	mark = own ? "]" : behind ? g->behind : over ? g->over : " ";
	/* (Not snprintf: the cells are most of what a frame draws.) */
	if (own)
		text[len++] = '[';
	len += text_u64(value, text + len);
	if (strlen(mark) < sizeof text - len)
		memcpy(text + len, mark, strlen(mark) + 1);
	draw_put_right(y, x, grid->cell_w, grid->cell_w, role, text);
}

/* What is wrong with a node, after its value: cut off, or back from an
 * amnesiac restart with its own count below what the others saw. */
static void draw_node_faults(const struct summary *s, const struct grid *grid,
                             int y, int x, int max_w, int used, uint32_t node)
{
	enum sim_partition cut = s->node[node].partition;
	const struct gcounter *own = s->node[node].vector;
	const struct gcounter *truth = s->truth;
	bool forgot = !s->node[node].down &&
	              (own->slots[node] < truth->slots[node] ||
	               (grid->pn && own->slots[grid->n + node] <
	                                truth->slots[grid->n + node]));

	if (cut > PARTITION_NONE && cut <= PARTITION_BOTH)
		used += draw_putf(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		                  " %s", faults_partition_words(cut));
	if (forgot)
		draw_put(y, x + used, max_w - used, ROLE_LOST,
		         " restarted from zero ");
}

/* What a down node's value says: a phone's seat with no phone is free,
 * not broken. */
static const char *down_word(const struct summary *s, uint32_t node)
{
	return s->node[node].seat ? " no phone" : " DOWN";
}

/* A node's value, how far it is below what it can converge to (the join
 * of all states), and what is wrong with it: down, cut off, or back from
 * an amnesiac restart with its own count below what the others saw. */
static void draw_value(const struct dashboard *d, const struct summary *s,
                       const struct grid *grid, int y, int x, int max_w,
                       uint32_t node)
{
	uint64_t value = s->node[node].value;
	uint64_t join = s->join_value;
	bool down = s->node[node].down;
	char number[TEXT_U64_MAX + 32];
	int used;

	text_u64(value, number);
	used = down ? draw_putf(y, x, max_w, ROLE_VALUE_BEHIND, "%*s",
	                        grid->value_digits, "-")
	            : draw_put_right(y, x, max_w, grid->value_digits,
	                             value < join   ? ROLE_VALUE_BEHIND
	                             : value > join ? ROLE_VALUE_OVER
	                                            : ROLE_NORMAL,
	                             number);

	if (down)
		used += draw_put(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		                 down_word(s, node));
	else if (value > join)
		/* Ops counted twice: not behind, and nothing brings it down. */
		used += draw_putf(y, x + used, max_w - used, ROLE_VALUE_OVER,
		                  " +%" PRIu64 " over", value - join);
	else if (value < join && strlen(d->glyphs->minus) < 16) {
		/* " −3": every row of a diverged world has one. */
		size_t len = strlen(d->glyphs->minus);

		number[0] = ' ';
		memcpy(number + 1, d->glyphs->minus, len);
		text_u64(join - value, number + 1 + len);
		used += draw_put(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		                 number);
	} else if (value < join)
		used +=
		    draw_putf(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		              " %s%" PRIu64, d->glyphs->minus, join - value);
	draw_node_faults(s, grid, y, x, max_w, used, node);
}

/* A number right-aligned in `width` columns, whatever its glyphs. */
static int draw_number(int y, int x, int max_w, int width, enum theme_role role,
                       const char *number)
{
	int cols = (int)text_columns(number);

	return draw_putf(y, x, max_w, role, "%*s%s",
	                 width - cols > 0 ? width - cols : 0, "", number);
}

/* A PN-Counter's value (sum P - sum N, maybe below zero) and how far it
 * is from what every node converges to, in words: "−3 (4 below)" short
 * of it, "7 (2 above)" over it (decrements not heard yet). A node that misses
 * updates on both sides can read right and still be behind: its colour says so.
 */
static void draw_pn_value(const struct dashboard *d, const struct summary *s,
                          const struct grid *grid, int y, int x, int max_w,
                          uint32_t node)
{
	const char *minus = d->glyphs->minus;
	int64_t value = s->node[node].signed_value;
	int64_t join = s->join_signed_value;
	bool down = s->node[node].down;
	bool behind = !down && summary_node_behind(s, node);
	unsigned over =
	    !down && grid->may_be_over ? summary_node_over(s, node) : 0;
	static const char *const halves[] = {"", " P over", " N over",
	                                     " P N over"};
	char number[32];
	int used;

	if (down) {
		used = draw_putf(y, x, max_w, ROLE_VALUE_BEHIND, "%*s%s",
		                 grid->value_digits, "-", down_word(s, node));
		draw_node_faults(s, grid, y, x, max_w, used, node);
		return;
	}
	text_signed(value, minus, number, sizeof number);
	used = draw_number(y, x, max_w, grid->value_digits,
	                   over     ? ROLE_VALUE_OVER
	                   : behind ? ROLE_VALUE_BEHIND
	                            : ROLE_NORMAL,
	                   number);
	if (value != join) {
		uint64_t off = value < join ? (uint64_t)(join - value)
		                            : (uint64_t)(value - join);

		/* In words, not "−3 −4": a signed value beside a signed
		 * distance reads as two values from the back of the room. */
		used += draw_putf(y, x + used, max_w - used,
		                  over ? ROLE_VALUE_OVER : ROLE_VALUE_BEHIND,
		                  " (%" PRIu64 " %s)", off,
		                  value < join ? "below" : "above");
	}
	/* Which half counted an op twice: a duplicated decrement reads
	 * low, yet its N half is over the truth. */
	if (over != 0)
		used += draw_put(y, x + used, max_w - used, ROLE_VALUE_OVER,
		                 halves[over & 3]);
	draw_node_faults(s, grid, y, x, max_w, used, node);
}

/* A PN-Counter's sums: sum P on the P row, sum N on the N row. */
static void draw_sum(const struct summary *s, const struct grid *grid, int y,
                     int max_x, enum theme_role role, const struct gcounter *g,
                     int half)
{
	draw_putf(y, grid->x_sum, max_x - grid->x_sum, role, "%*" PRIu64,
	          grid->sum_digits, summary_half_sum(s, g, half));
}

/* One row of cells: a node's (or the truth's) slots of one half. */
static void draw_cells(const struct dashboard *d,
                       const struct dashboard_view *v, const struct grid *grid,
                       int y, uint32_t node, int half)
{
	uint32_t base = half == 0 ? 0 : grid->n;

	for (uint32_t k = 0; k < grid->cols; k++)
		draw_cell(d, v, grid, y, grid->x_cells + (int)k * grid->cell_w,
		          node, base + d->grid_left + k);
}

static void draw_truth_cells(const struct dashboard *d,
                             const struct gcounter *truth,
                             const struct grid *grid, int y, int half)
{
	uint32_t base = half == 0 ? 0 : grid->n;

	for (uint32_t k = 0; k < grid->cols; k++) {
		/* "  %*" PRIu64 " ", without formatting. */
		char number[TEXT_U64_MAX], text[64];
		uint64_t value = truth->slots[base + d->grid_left + k];
		int x = grid->x_cells + (int)k * grid->cell_w;
		size_t len = text_u64(value, number);
		size_t pad =
		    2 + ((size_t)grid->digits > len ? (size_t)grid->digits - len
		                                    : 0);

		if (grid->digits < 0 || pad + len + 2 > sizeof text) {
			draw_putf(y, x, grid->cell_w, ROLE_TRUTH,
			          "  %*" PRIu64 " ", grid->digits, value);
			continue;
		}
		memset(text, ' ', pad);
		memcpy(text + pad, number, len);
		text[pad + len] = ' ';
		text[pad + len + 1] = '\0';
		draw_put(y, x, grid->cell_w, ROLE_TRUTH, text);
	}
}

/* The truth: what every node converges to; beside it, when amnesia hid
 * increments, how many were made and how many are lost. */
static void draw_truth(const struct dashboard *d, const struct grid *grid,
                       struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	const struct gcounter *truth = s->truth;
	uint64_t total = s->truth_total, join = s->join_value;
	int end = r.x + r.w, y = r.y + r.h - (int)grid->per_node, used;
	char number[32];

	/* When amnesia lost increments, this row is the join (what all can
	 * converge to), not the total made: it says so, as the banner does. */
	draw_put(y, r.x + 2, grid->x_half - r.x - 2, ROLE_TRUTH,
	         join < total ? "join" : "truth");
	if (!grid->pn) {
		draw_truth_cells(d, truth, grid, y, 0);
		used =
		    draw_putf(y, grid->x_value, end - grid->x_value, ROLE_TRUTH,
		              "%*" PRIu64, grid->value_digits, join);
		if (join < total)
			draw_putf(y, grid->x_value + used,
			          end - grid->x_value - used, ROLE_LOST,
			          " made %" PRIu64 " %s LOST %" PRIu64 " ",
			          total, g->dot, total - join);
		return;
	}
	for (int half = 0; half < 2; half++) {
		draw_put(y + half, grid->x_half, 3, ROLE_TRUTH,
		         half_label(d, half));
		draw_truth_cells(d, truth, grid, y + half, half);
		draw_sum(s, grid, y + half, end, ROLE_TRUTH, truth, half);
	}
	text_signed(s->join_signed_value, g->minus, number, sizeof number);
	used = draw_number(y, grid->x_value, end - grid->x_value,
	                   grid->value_digits, ROLE_TRUTH, number);
	if (join < total) {
		text_signed(s->true_value, g->minus, number, sizeof number);
		draw_putf(y, grid->x_value + used, end - grid->x_value - used,
		          ROLE_LOST,
		          " made %s %s LOST +%" PRIu64 " %s%" PRIu64 " ",
		          number, g->dot, s->lost_increments, g->minus,
		          s->lost_decrements);
	}
}

void dashboard_draw_vectors(struct dashboard *d, const struct dashboard_view *v,
                            struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	int end = r.x + r.w, y = r.y;
	struct grid grid;

	if (r.h <= 0)
		return;
	grid_measure(d, v, r, &grid);

	/* The labels row. */
	draw_put(y, r.x, end - r.x, ROLE_TITLE, "  node");
	if (d->grid_left > 0)
		draw_put(y, grid.x_cells - 1, 1, ROLE_TITLE, g->more_left);
	for (uint32_t k = 0; k < grid.cols; k++) {
		char label[32];

		snprintf(label, sizeof label, "n%" PRIu32,
		         d->grid_left + k + 1);
		draw_putf(y, grid.x_cells + (int)k * grid.cell_w, grid.cell_w,
		          ROLE_TITLE, "  %*s ", grid.digits, label);
	}
	if (d->grid_left + grid.cols < grid.n)
		draw_put(y, grid.x_cells + (int)grid.cols * grid.cell_w, 1,
		         ROLE_TITLE, g->more_right);
	if (grid.pn)
		draw_putf(y, grid.x_sum, end - grid.x_sum, ROLE_TITLE, "%*s",
		          grid.sum_digits, "sum");
	draw_putf(y, grid.x_value, end - grid.x_value, ROLE_TITLE, "%*s",
	          grid.value_digits, "value");

	/* The rows of each node shown. */
	for (uint32_t row = 0; row < grid.rows; row++) {
		uint32_t node = d->grid_top + row;
		bool selected = node == v->selected;
		bool narrated = v->narrating && (node == v->narration.node ||
		                                 node == v->narration.other);
		enum theme_role label = narrated   ? ROLE_NARRATE
		                        : selected ? ROLE_SELECTED
		                                   : ROLE_LABEL;

		if (node >= grid.n)
			break;
		y = r.y + 1 + (int)(row * grid.per_node);
		if (selected)
			draw_put(y, r.x, 1, ROLE_SELECTED, g->selected);
		draw_putf(y, r.x + 2, grid.x_half - r.x - 2, label, "n%" PRIu32,
		          node + 1);
		if (!grid.pn) {
			draw_cells(d, v, &grid, y, node, 0);
			draw_value(d, s, &grid, y, grid.x_value,
			           end - grid.x_value, node);
			continue;
		}
		for (int half = 0; half < 2; half++) {
			draw_put(y + half, grid.x_half, 3, label,
			         half_label(d, half));
			draw_cells(d, v, &grid, y + half, node, half);
			if (!s->node[node].down)
				draw_sum(s, &grid, y + half, end, ROLE_LABEL,
				         s->node[node].vector, half);
		}
		draw_pn_value(d, s, &grid, y, grid.x_value, end - grid.x_value,
		              node);
	}

	if (grid.info) {
		y = r.y + 1 + (int)(grid.rows * grid.per_node);
		draw_putf(y, r.x + 2, end - r.x - 2, ROLE_LABEL,
		          "nodes %" PRIu32 "-%" PRIu32 " of %" PRIu32
		          " %s slots %" PRIu32 "-%" PRIu32 " of %" PRIu32
		          " %s arrows move the selection",
		          d->grid_top + 1, d->grid_top + grid.rows, grid.n,
		          g->dot, d->grid_left + 1, d->grid_left + grid.cols,
		          grid.n, g->dot);
	}
	draw_truth(d, &grid, r);
}

/* --- the relay and the messages in flight -------------------------------- */

/* Appends s to buf as snprintf would, cut at cap - 1. */
static void route_add(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + 1 >= cap)
		return;
	if (n > cap - 1 - *len)
		n = cap - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* A node's name (sim_node_name's words) appended to buf. */
static void route_node(char *buf, size_t cap, size_t *len, uint32_t node)
{
	char name[TEXT_U64_MAX + 2];

	if (node == SIM_RELAY) {
		route_add(buf, cap, len, "relay");
		return;
	}
	name[0] = 'n';
	text_u64((uint64_t)node + 1, name + 1);
	route_add(buf, cap, len, name);
}

/* "n2 → relay → n4", a row of every frame: put together by hand, not by
 * snprintf (four calls a message, most of what its row cost). */
static void route_text(const struct dashboard *d,
                       const struct sim_message_view *m, char *buf, size_t cap)
{
	const char *arrow = d->glyphs->arrow;
	size_t len = 0;

	if (cap == 0)
		return;
	buf[0] = '\0';
	/* A forwarded state shows where it came from: n2 → relay → n4. */
	if (m->origin != m->from) {
		route_node(buf, cap, &len, m->origin);
		route_add(buf, cap, &len, " ");
		route_add(buf, cap, &len, arrow);
		route_add(buf, cap, &len, " ");
	}
	route_node(buf, cap, &len, m->from);
	route_add(buf, cap, &len, " ");
	route_add(buf, cap, &len, arrow);
	route_add(buf, cap, &len, " ");
	route_node(buf, cap, &len, m->to);
}

static void draw_bar(const struct dashboard *d, int y, int x, int w,
                     uint64_t now, const struct sim_message_view *m)
{
	const struct glyphs *g = d->glyphs;
	uint64_t span = m->deliver_us - m->sent_us;
	uint64_t done = now > m->sent_us ? now - m->sent_us : 0;
	uint64_t eighths;
	int full, part;

	if (done > span)
		done = span;
	eighths = span == 0 ? (uint64_t)w * 8 : done * (uint64_t)w * 8 / span;
	full = (int)(eighths / 8);
	part = (int)(eighths % 8);
	x += draw_repeat(y, x, full, ROLE_BAR_DONE, g->bar_done);
	if (full < w && part > 0 && g->bar_eighths[part] != NULL) {
		x += draw_put(y, x, 1, ROLE_BAR_DONE, g->bar_eighths[part]);
		full++;
	}
	draw_repeat(y, x, w - full, ROLE_BAR_TODO, g->bar_todo);
}

/* What a message carries: "[3,0,1]"; a PN-Counter's state as its two
 * halves and, when they fit whole, the value they make:
 * "+[3,0,1] −[0,2,0] = 2". */
static size_t payload_text(const struct dashboard *d, bool pn,
                           const struct gcounter *payload, size_t cols,
                           char *buf, size_t cap)
{
	const struct glyphs *g = d->glyphs;
	struct gcounter p = {.n = payload->n / 2, .slots = payload->slots};
	struct gcounter n = {.n = payload->n - payload->n / 2,
	                     .slots = payload->slots + payload->n / 2};
	char value[32], tail[40];
	size_t len, tail_cols;

	if (!pn)
		return text_vector(payload, cols, g->ellipsis, buf, cap);
	text_signed((int64_t)gcounter_value_saturated(&p) -
	                (int64_t)gcounter_value_saturated(&n),
	            g->minus, value, sizeof value);
	snprintf(tail, sizeof tail, " = %s", value);
	tail_cols = text_columns(tail);
	len = cols > tail_cols ? text_pn_vector(payload, cols - tail_cols,
	                                        g->ellipsis, g->minus, buf, cap)
	                       : 0;
	if (len > 0 && strstr(buf, g->ellipsis) == NULL) {
		snprintf(buf + len, cap - len, "%s", tail);
		return strlen(buf);
	}
	/* Cut short, the halves get all the room; with none, the value. */
	if (text_pn_vector(payload, cols, g->ellipsis, g->minus, buf, cap) == 0)
		snprintf(buf, cap, "= %s", value);
	return strlen(buf);
}

/* What a message in flight carries: a state as its vector (delta mode's
 * whole state says so when there is room), anything else in words. */
static void message_text(const struct dashboard *d,
                         const struct wire_context *wire,
                         const struct sim_message_view *m, size_t cols,
                         char *buf, size_t cap)
{
	static const char whole[] = " (whole state)";
	size_t len;

	if (m->payload == NULL || !wire_is_state(&m->message)) {
		wire_text(wire, m->kind, &m->message, m->origin, cols, buf,
		          cap);
		return;
	}
	/* (In delta mode a state has a link number: it is the whole
	 * state, sent when a delta cannot be.) */
	if (m->message.seq == 0 || cols < 2 * sizeof whole) {
		payload_text(d, wire->pn, m->payload, cols, buf, cap);
		return;
	}
	len = payload_text(d, wire->pn, m->payload, cols - (sizeof whole - 1),
	                   buf, cap);
	if (len + sizeof whole <= cap)
		memcpy(buf + len, whole, sizeof whole);
}

/* The panel's title: the relay (and whether it is up), the network's
 * latency and faults, and how many messages are on their way. */
static void draw_messages_title(const struct dashboard *d, struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct sim_config *c = s->config;
	const char *dot = d->glyphs->dot;
	bool relay = c->strategy->uses_relay;
	size_t in_flight = s->in_flight;
	char latency[48], text[DRAW_LINE_MAX], faults[96] = "";
	int x = r.x, end = r.x + r.w;

	if (s->relay_down) {
		/* The badge's own padding is the gap before the dot. */
		x += draw_put(r.y, x, r.w, ROLE_FAULTS, " relay DOWN");
		if (relay)
			x += draw_put(r.y, x, end - x, ROLE_VALUE_BEHIND,
			              "  nothing propagates");
	} else {
		x += draw_put(r.y, x, r.w, ROLE_TITLE,
		              relay ? "relay" : "network");
	}
	latency_format(&c->latency, latency, sizeof latency);
	if (c->drop > 0 || c->duplicate > 0)
		snprintf(faults, sizeof faults, " %s drop %.0f%% %s dup %.0f%%",
		         dot, c->drop * 100, dot, c->duplicate * 100);
	snprintf(text, sizeof text,
	         " %s %zu message%s in flight %s latency %s%s", dot, in_flight,
	         in_flight == 1 ? "" : "s", dot, latency, faults);
	draw_put_cut(d->glyphs, r.y, x, end - x, ROLE_LABEL, text);
}

void dashboard_draw_messages(const struct dashboard *d,
                             const struct dashboard_view *v,
                             struct layout_rect r)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	size_t in_flight = s->in_flight, shown = 0, rows;
	uint32_t n = s->nodes;
	bool relay = s->config->strategy->uses_relay;
	struct wire_context wire = wire_context_of(v->sim, g);
	char longest[64], text[DRAW_LINE_MAX], why[64];
	int end = r.x + r.w, x, route_w, bar_w;

	if (r.h <= 0)
		return;
	draw_messages_title(d, r);
	rows = (size_t)(r.h - 1);
	if (in_flight == 0) {
		/* What a worker sends, in this mode's words. */
		const struct mode *mode = mode_get(s->config->mode);

		snprintf(text, sizeof text,
		         "nothing in flight: a worker sends %s to the relay, "
		         "which forwards %s to all the others",
		         mode->sends, mode->sends_as);
		if (rows > 0)
			draw_put_cut(g, r.y + 1, r.x + 2, r.w - 2, ROLE_LABEL,
			             relay && s->relay_down
			                 ? "nothing in flight: the workers' "
			                   "messages die at the crashed relay"
			             : relay ? text
			                     : "nothing in flight");
		return;
	}
	/* The widest route there can be, so the bars line up. */
	snprintf(longest, sizeof longest, "n%" PRIu32 " %s relay %s n%" PRIu32,
	         n, g->arrow, g->arrow, n);
	route_w = (int)text_columns(longest) + 1;
	bar_w = draw_min(30, draw_max(10, (r.w - route_w - 4) / 4));

	for (size_t i = 0; i < s->message_count && shown < rows; i++) {
		const struct sim_message_view *m = &s->messages[i];
		int y = r.y + 1 + (int)shown;
		const char *cut;

		if (shown + 1 == rows && in_flight > rows)
			break; /* the last row says how many are left */
		route_text(d, m, text, sizeof text);
		draw_put(y, r.x + 1, draw_min(route_w, end - r.x - 1),
		         ROLE_ROUTE, text);
		x = r.x + 1 + route_w;
		if (x + bar_w < end)
			draw_bar(d, y, x, bar_w, s->now_us, m);
		x += bar_w + 2;
		/* A message that would be lost on arrival says so instead of
		 * showing what it carries. */
		cut = faults_link_cut(v->sim, m->from, m->to, why, sizeof why);
		if (x < end && cut != NULL) {
			snprintf(text, sizeof text, "%s lost on arrival: %s",
			         g->utf8 ? "\u2717" : "x", cut);
			draw_put_cut(g, y, x, end - x, ROLE_LOG_FAULT, text);
		} else if (x < end) {
			message_text(d, &wire, m, (size_t)(end - x), text,
			             sizeof text);
			draw_put(y, x, end - x,
			         m->kind == MSG_PULL || m->kind == MSG_ACK ||
			                 m->kind == MSG_NACK
			             ? ROLE_LABEL
			             : ROLE_PAYLOAD,
			         text);
		}
		shown++;
	}
	if (in_flight > shown)
		draw_putf(r.y + 1 + (int)shown, r.x + 1, r.w - 1, ROLE_LABEL,
		          "+%zu more", in_flight - shown);
}
