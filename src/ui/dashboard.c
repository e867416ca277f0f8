/*
 * Drawing the dashboard. Every frame is drawn whole into the curses screen
 * (curses sends only the cells that changed), each part inside the
 * rectangle the layout gave it and clipped to it, so that nothing can spill
 * off-screen or over another part whatever the size or the node count.
 */
#include "ui/dashboard.h"

#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/fatal.h"
#include "sim/strategy.h"
#include "ui/bigdigits.h"
#include "ui/glyphs.h"
#include "ui/keymap.h"
#include "ui/layout.h"
#include "ui/text.h"

#define LINE_MAX_BYTES 1024

struct dashboard {
	const struct glyphs *glyphs;
	/* Scrolling of the vector grid: the first node row and the first
	 * slot column shown. Kept between frames so the grid moves only as
	 * much as the selection needs. */
	uint32_t grid_top, grid_left;
	uint64_t *values; /* scratch: every node's value, for the banner */
	size_t values_cap;
};

/* The colour role of each kind of log line. */
static const enum theme_role log_roles[] = {
    [EVENTLOG_INCREMENT] = ROLE_LOG_INCREMENT,
    [EVENTLOG_GOSSIP] = ROLE_LOG_GOSSIP,
    [EVENTLOG_FORWARD] = ROLE_LOG_GOSSIP,
    [EVENTLOG_MERGE] = ROLE_LOG_MERGE,
    [EVENTLOG_FAULT] = ROLE_LOG_FAULT,
    [EVENTLOG_CONVERGED] = ROLE_LOG_CONVERGED,
    [EVENTLOG_COMMAND] = ROLE_LOG_NOTE,
    [EVENTLOG_NOTE] = ROLE_LOG_NOTE,
};

/* --- life cycle ---------------------------------------------------------- */

struct dashboard *dashboard_new(enum theme_scheme scheme, bool no_color,
                                bool utf8)
{
	struct dashboard *d = xcalloc(1, sizeof *d);

	d->glyphs = glyphs_get(utf8);
	theme_init(scheme, no_color);
	return d;
}

void dashboard_free(struct dashboard *d)
{
	if (d == NULL)
		return;
	free(d->values);
	free(d);
}

/* --- clipped drawing ------------------------------------------------------ */

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

/* Writes s at (y, x) in at most max_cols columns (and never past the
 * screen's edge); returns the columns used. */
static int put(int y, int x, int max_cols, enum theme_role role, const char *s)
{
	size_t bytes, cols;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	max_cols = min_int(max_cols, COLS - x);
	if (max_cols <= 0)
		return 0;
	bytes = text_clip(s, (size_t)max_cols);
	if (bytes == 0)
		return 0;
	cols = text_columns(s);
	attrset((int)theme_attr(role));
	mvaddnstr(y, x, s, (int)bytes);
	return (int)(cols < (size_t)max_cols ? cols : (size_t)max_cols);
}

static int putf(int y, int x, int max_cols, enum theme_role role,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int putf(int y, int x, int max_cols, enum theme_role role,
                const char *fmt, ...)
{
	char buf[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return put(y, x, max_cols, role, buf);
}

/* Like put, but a text that does not fit ends in an ellipsis, so a reader
 * knows there was more. */
static int put_cut(const struct dashboard *d, int y, int x, int max_cols,
                   enum theme_role role, const char *s)
{
	char buf[LINE_MAX_BYTES];
	size_t keep;

	if (max_cols <= 0)
		return 0;
	if (text_columns(s) <= (size_t)max_cols)
		return put(y, x, max_cols, role, s);
	keep =
	    text_clip(s, (size_t)max_cols - text_columns(d->glyphs->ellipsis));
	if (keep >= sizeof buf - 8)
		keep = sizeof buf - 8;
	memcpy(buf, s, keep);
	snprintf(buf + keep, sizeof buf - keep, "%s", d->glyphs->ellipsis);
	return put(y, x, max_cols, role, buf);
}

/* Paints w blank cells in a role (a bar's background). */
static void fill(int y, int x, int w, enum theme_role role)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	w = min_int(w, COLS - x);
	if (w > 0)
		mvhline(y, x, (chtype)(' ' | theme_attr(role)), w);
}

/* Repeats a one-column glyph n times. */
static int put_repeat(int y, int x, int n, enum theme_role role,
                      const char *glyph)
{
	char buf[LINE_MAX_BYTES];
	size_t len = strlen(glyph), used = 0;
	int count = 0;

	while (count < n && used + len < sizeof buf) {
		memcpy(buf + used, glyph, len);
		used += len;
		count++;
	}
	buf[used] = '\0';
	return put(y, x, n, role, buf);
}

/* --- header and banner ------------------------------------------------- */

static void draw_header(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r)
{
	const struct glyphs *g = d->glyphs;
	const char *dot = g->dot;
	char now[32];
	int x = r.x;

	fill(r.y, r.x, r.w, ROLE_HEADER);
	x += putf(r.y, x, r.w, v->running ? ROLE_RUNNING : ROLE_PAUSED,
	          " %s %s ", v->running ? g->running : g->paused,
	          v->running ? "RUNNING" : "PAUSED");
	text_time(sim_now(v->sim), now, sizeof now);
	x += putf(r.y, x, r.x + r.w - x, ROLE_HEADER,
	          " strategy %s %s seed %" PRIu64 " %s t %s %s speed %s%s",
	          sim_config(v->sim)->strategy->name, dot, v->seed, dot, now,
	          dot, v->speed, v->lagging ? " (CPU-bound)" : "");
	if (x + 9 <= r.x + r.w)
		put(r.y, r.x + r.w - 8, 8, ROLE_HEADER, "? help ");
}

/*
 * How many different values the live nodes read, and the lowest: derived
 * here because the engine does not offer it. O(n log n), and only while
 * diverged.
 */
static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void diverged_summary(struct dashboard *d, const struct sim *sim,
                             uint32_t *distinct, uint32_t *laggard,
                             uint64_t *lowest)
{
	uint32_t n = sim_node_count(sim), live = 0;

	if (d->values_cap < n) {
		d->values = xrealloc(d->values, n, sizeof *d->values);
		d->values_cap = n;
	}
	*laggard = 0;
	*lowest = UINT64_MAX;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t value;

		if (sim_node_down(sim, i))
			continue;
		value = sim_node_value(sim, i);
		d->values[live++] = value;
		if (value < *lowest) {
			*lowest = value;
			*laggard = i;
		}
	}
	qsort(d->values, live, sizeof *d->values, compare_u64);
	*distinct = live > 0 ? 1 : 0;
	for (uint32_t i = 1; i < live; i++)
		if (d->values[i] != d->values[i - 1])
			(*distinct)++;
}

static void draw_banner(struct dashboard *d, const struct dashboard_view *v,
                        struct layout_rect r)
{
	const struct sim *sim = v->sim;
	const char *dot = d->glyphs->dot;
	uint64_t total = sim_truth_total(sim), join = sim_join_value(sim);
	uint32_t n = sim_node_count(sim);
	char at[32], lost[64] = "";
	int x = r.x;

	/* Amnesia (a restart from zero) can lose increments for good: then
	 * the nodes converge below the true total, and we say by how much. */
	if (join < total)
		snprintf(lost, sizeof lost, " (%" PRIu64 " lost)",
		         total - join);
	if (sim_converged(sim)) {
		text_time(sim_converged_at(sim), at, sizeof at);
		x += put(r.y, x, r.w, ROLE_CONVERGED, " CONVERGED ");
		putf(r.y, x, r.x + r.w - x, ROLE_NORMAL,
		     " at %s %s %s %" PRIu64 " %s true total %" PRIu64 "%s", at,
		     dot,
		     n == 1                     ? "the only node reads"
		     : sim_live_nodes(sim) == n ? "every node reads"
		                                : "every live node reads",
		     join, dot, total, lost);
	} else {
		uint32_t distinct, laggard;
		uint64_t lowest;

		diverged_summary(d, sim, &distinct, &laggard, &lowest);
		x += put(r.y, x, r.w, ROLE_DIVERGED, " DIVERGED ");
		putf(r.y, x, r.x + r.w - x, ROLE_NORMAL,
		     " %" PRIu32 " distinct values %s laggard n%" PRIu32
		     " reads %" PRIu64 ", %" PRIu64
		     " behind %s true total %" PRIu64 "%s",
		     distinct, dot, laggard + 1, lowest,
		     join > lowest ? join - lowest : 0, dot, total, lost);
	}
}

/* --- big digits ------------------------------------------------------------
 */

/* One big number under its label; returns its width, or 0 if it does not
 * fit in max_w. */
static int draw_big_number(const struct dashboard *d, int y, int x, int max_w,
                           const char *label, uint64_t value,
                           enum theme_role role)
{
	char digits[24], row[256];
	int digits_w, width;

	snprintf(digits, sizeof digits, "%" PRIu64, value);
	digits_w = (int)bigdigits_width(digits);
	width = max_int((int)text_columns(label), digits_w);
	if (width > max_w)
		return 0;
	put(y, x, width, role, label);
	for (int i = 0; i < BIGDIGITS_ROWS; i++) {
		bigdigits_row(digits, i, d->glyphs->utf8, row, sizeof row);
		put(y + 1 + i, x, digits_w, role, row);
	}
	return width;
}

static void draw_big(const struct dashboard *d, const struct dashboard_view *v,
                     struct layout_rect r)
{
	const struct sim *sim = v->sim;
	uint32_t n = sim_node_count(sim);
	uint64_t total = sim_truth_total(sim), join = sim_join_value(sim);
	int x = r.x + 1, end = r.x + r.w - 1, used;
	/* Room kept for "+N more" when not every node fits. */
	const int more_w = 10;

	used = draw_big_number(d, r.y, x, end - x, "truth", total, ROLE_BIG);
	/* Nodes are behind when below what they can converge to. */
	if (used == 0)
		return;
	x += used + 2;
	put(r.y + 2, x, 1, ROLE_LABEL, d->glyphs->vline);
	x += 3;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t value = sim_node_value(sim, i);
		bool behind = value < join;
		char label[32];
		int room = end - x - (i + 1 < n ? more_w : 0);

		snprintf(label, sizeof label, "n%" PRIu32 "%s", i + 1,
		         behind ? d->glyphs->behind : "");
		used = draw_big_number(d, r.y, x, room, label, value,
		                       behind ? ROLE_CELL_BEHIND : ROLE_BIG);
		if (used == 0) {
			putf(r.y + 2, x, end - x, ROLE_LABEL,
			     "+%" PRIu32 " more", n - i);
			return;
		}
		x += used + 2;
	}
}

/* --- the vectors ---------------------------------------------------------- */

struct grid {
	uint32_t n;
	int digits;       /* width of a number in a cell */
	int cell_w;       /* a blank, the digits and the marks around them */
	int value_digits; /* width of the value column's number */
	int total_digits;
	int x_cells, x_value;
	uint32_t rows, cols; /* node rows and slot columns shown */
	bool info;           /* a row saying what is scrolled out */
};

static void grid_measure(struct dashboard *d, const struct dashboard_view *v,
                         struct layout_rect r, struct grid *grid)
{
	const struct gcounter *truth = sim_truth(v->sim);
	uint64_t max_slot = 0, total = sim_truth_total(v->sim);
	char last[32];
	int name_w, lead, value_w, area;

	grid->n = sim_node_count(v->sim);
	for (size_t s = 0; s < truth->n; s++)
		if (truth->slots[s] > max_slot)
			max_slot = truth->slots[s];
	snprintf(last, sizeof last, "n%" PRIu32, grid->n);
	name_w = max_int(6, (int)strlen(last) + 1); /* "truth " fits */
	grid->digits = max_int(text_digits(max_slot), (int)strlen(last));
	/* A blank, then room for "[" digits "]" (or digits and "‹"). */
	grid->cell_w = grid->digits + 3;
	grid->total_digits = text_digits(total);
	grid->value_digits = max_int(5, grid->total_digits);
	/* value, a space, and "−12" for a node behind the truth */
	value_w = grid->value_digits + 2 + grid->total_digits;
	lead = 2 + name_w;
	grid->x_cells = r.x + lead + 1;
	area = r.w - lead - 2 - 1 - value_w;
	grid->cols = (uint32_t)max_int(1, area / grid->cell_w);
	if (grid->cols > grid->n)
		grid->cols = grid->n;
	grid->x_value = grid->x_cells + (int)grid->cols * grid->cell_w + 2;

	/* The labels row and the truth row are always there; a row telling
	 * what is scrolled out only when something is. */
	grid->info = grid->cols < grid->n || (int)grid->n > r.h - 2;
	grid->rows = (uint32_t)max_int(1, r.h - 2 - (grid->info ? 1 : 0));
	if (grid->rows > grid->n)
		grid->rows = grid->n;
	d->grid_top =
	    layout_scroll(d->grid_top, grid->rows, grid->n, v->selected);
	d->grid_left =
	    layout_scroll(d->grid_left, grid->cols, grid->n, v->selected);
}

static void draw_cell(const struct dashboard *d, const struct sim *sim,
                      const struct grid *grid, int y, int x, uint32_t node,
                      uint32_t slot)
{
	const struct glyphs *g = d->glyphs;
	uint64_t value = sim_node_vector(sim, node)->slots[slot];
	uint64_t now = sim_now(sim);
	bool own = slot == node;
	bool behind = value < sim_truth(sim)->slots[slot];
	/* A slot that never grew is still 0; only then is changed_at
	 * meaningless (it reads 0 for "never" and for "at time 0"). */
	bool fresh = value > 0 && now - sim_cell_changed_at(sim, node, slot) <
	                              DASHBOARD_FRESH_US;
	enum theme_role role = fresh    ? ROLE_CELL_FRESH
	                       : own    ? ROLE_CELL_OWN
	                       : behind ? ROLE_CELL_BEHIND
	                                : ROLE_CELL;

	char text[64];
	int cols;

	/* The marks hug the number, the whole right-aligned in the cell:
	 * " [3]", "  2‹", "  3 ". */
	snprintf(text, sizeof text, "%s%" PRIu64 "%s", own ? "[" : "", value,
	         own      ? "]"
	         : behind ? g->behind
	                  : " ");
	cols = (int)text_columns(text);
	putf(y, x, grid->cell_w, role, "%*s%s",
	     grid->cell_w - cols > 0 ? grid->cell_w - cols : 0, "", text);
}

/* What a node's row says after its value, when anything. */
static const char *const partition_words[] = {
    [PARTITION_NONE] = "",
    [PARTITION_NO_RECEIVE] = " deaf",
    [PARTITION_NO_SEND] = " mute",
    [PARTITION_BOTH] = " cut off",
};

/* A node's value, how far it is below what it can converge to (the join
 * of all states), and whether it is down or cut off. */
static void draw_value(const struct dashboard *d, const struct sim *sim,
                       const struct grid *grid, int y, int x, int max_w,
                       uint32_t node)
{
	uint64_t value = sim_node_value(sim, node);
	uint64_t join = sim_join_value(sim);
	enum sim_partition cut = sim_node_partition(sim, node);
	bool down = sim_node_down(sim, node);
	int used = putf(y, x, max_w,
	                value < join || down ? ROLE_VALUE_BEHIND : ROLE_NORMAL,
	                "%*" PRIu64, grid->value_digits, value);

	if (down)
		put(y, x + used, max_w - used, ROLE_VALUE_BEHIND, " down");
	else if (value < join)
		used += putf(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		             " %s%" PRIu64, d->glyphs->minus, join - value);
	if (!down && cut > PARTITION_NONE && cut <= PARTITION_BOTH)
		put(y, x + used, max_w - used, ROLE_VALUE_BEHIND,
		    partition_words[cut]);
}

static void draw_vectors(struct dashboard *d, const struct dashboard_view *v,
                         struct layout_rect r)
{
	const struct sim *sim = v->sim;
	const struct glyphs *g = d->glyphs;
	const struct gcounter *truth = sim_truth(sim);
	int end = r.x + r.w, y = r.y;
	struct grid grid;

	grid_measure(d, v, r, &grid);

	/* The labels row. */
	put(y, r.x, end - r.x, ROLE_TITLE, "  node");
	if (d->grid_left > 0)
		put(y, grid.x_cells - 1, 1, ROLE_TITLE, g->more_left);
	for (uint32_t k = 0; k < grid.cols; k++) {
		char label[32];

		snprintf(label, sizeof label, "n%" PRIu32,
		         d->grid_left + k + 1);
		putf(y, grid.x_cells + (int)k * grid.cell_w, grid.cell_w,
		     ROLE_TITLE, "  %*s ", grid.digits, label);
	}
	if (d->grid_left + grid.cols < grid.n)
		put(y, grid.x_cells + (int)grid.cols * grid.cell_w, 1,
		    ROLE_TITLE, g->more_right);
	putf(y, grid.x_value, end - grid.x_value, ROLE_TITLE, "%*s",
	     grid.value_digits, "value");

	/* A row per node shown. */
	for (uint32_t row = 0; row < grid.rows; row++) {
		uint32_t node = d->grid_top + row;
		bool selected = node == v->selected;

		if (node >= grid.n)
			break;
		y = r.y + 1 + (int)row;
		if (selected)
			put(y, r.x, 1, ROLE_SELECTED, g->selected);
		putf(y, r.x + 2, grid.x_cells - 1 - r.x - 2,
		     selected ? ROLE_SELECTED : ROLE_LABEL, "n%" PRIu32,
		     node + 1);
		for (uint32_t k = 0; k < grid.cols; k++)
			draw_cell(d, sim, &grid, y,
			          grid.x_cells + (int)k * grid.cell_w, node,
			          d->grid_left + k);
		draw_value(d, sim, &grid, y, grid.x_value, end - grid.x_value,
		           node);
	}

	if (grid.info) {
		y = r.y + 1 + (int)grid.rows;
		putf(y, r.x + 2, end - r.x - 2, ROLE_LABEL,
		     "nodes %" PRIu32 "-%" PRIu32 " of %" PRIu32
		     " %s slots %" PRIu32 "-%" PRIu32 " of %" PRIu32
		     " %s arrows move the selection",
		     d->grid_top + 1, d->grid_top + grid.rows, grid.n, g->dot,
		     d->grid_left + 1, d->grid_left + grid.cols, grid.n,
		     g->dot);
	}

	/* The truth: what every node converges to, and the true total. */
	y = r.y + r.h - 1;
	put(y, r.x + 2, grid.x_cells - 1 - r.x - 2, ROLE_TRUTH, "truth");
	for (uint32_t k = 0; k < grid.cols; k++)
		putf(y, grid.x_cells + (int)k * grid.cell_w, grid.cell_w,
		     ROLE_TRUTH, "  %*" PRIu64 " ", grid.digits,
		     truth->slots[d->grid_left + k]);
	putf(y, grid.x_value, end - grid.x_value, ROLE_TRUTH, "%*" PRIu64,
	     grid.value_digits, sim_join_value(sim));
}

/* --- the relay and the messages in flight -------------------------------- */

static int route_text(const struct dashboard *d,
                      const struct sim_message_view *m, char *buf, size_t cap)
{
	char from[16], to[16], origin[16];
	const char *arrow = d->glyphs->arrow;

	sim_node_name(m->from, from, sizeof from);
	sim_node_name(m->to, to, sizeof to);
	sim_node_name(m->origin, origin, sizeof origin);
	/* A forwarded state shows where it came from: n2 → relay → n4. */
	if (m->origin != m->from)
		return snprintf(buf, cap, "%s %s %s %s %s", origin, arrow, from,
		                arrow, to);
	return snprintf(buf, cap, "%s %s %s", from, arrow, to);
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
	x += put_repeat(y, x, full, ROLE_BAR_DONE, g->bar_done);
	if (full < w && part > 0 && g->bar_eighths[part] != NULL) {
		x += put(y, x, 1, ROLE_BAR_DONE, g->bar_eighths[part]);
		full++;
	}
	put_repeat(y, x, w - full, ROLE_BAR_TODO, g->bar_todo);
}

static void draw_messages(const struct dashboard *d,
                          const struct dashboard_view *v, struct layout_rect r)
{
	const struct sim *sim = v->sim;
	const struct glyphs *g = d->glyphs;
	size_t in_flight = sim_in_flight(sim), shown = 0, rows;
	uint32_t n = sim_node_count(sim);
	bool relay = sim_config(sim)->strategy == &strategy_relay;
	struct sim_message_view m;
	struct sim_stats stats;
	char longest[64], text[LINE_MAX_BYTES], faults[96];
	int end = r.x + r.w, x, route_w, bar_w;

	if (r.h <= 0)
		return;
	sim_stats(sim, &stats);
	x = r.x + put(r.y, r.x, r.w, ROLE_TITLE, relay ? "relay" : "network");
	faults[0] = '\0';
	if (stats.dropped > 0 || stats.duplicated > 0)
		snprintf(faults, sizeof faults,
		         " %s lost %" PRIu64 " %s duplicated %" PRIu64, g->dot,
		         stats.dropped, g->dot, stats.duplicated);
	snprintf(text, sizeof text,
	         " %s %zu message%s in flight %s sent %" PRIu64
	         " %s delivered %" PRIu64 "%s",
	         g->dot, in_flight, in_flight == 1 ? "" : "s", g->dot,
	         stats.sent, g->dot, stats.delivered, faults);
	put_cut(d, r.y, x, end - x, ROLE_LABEL, text);

	rows = (size_t)(r.h - 1);
	if (in_flight == 0) {
		if (rows > 0)
			put_cut(d, r.y + 1, r.x + 2, r.w - 2, ROLE_LABEL,
			        relay
			            ? "nothing in flight: a worker sends its "
			              "vector to the relay, which forwards it "
			              "to all the others"
			            : "nothing in flight");
		return;
	}
	/* The widest route there can be, so the bars line up. */
	snprintf(longest, sizeof longest, "n%" PRIu32 " %s relay %s n%" PRIu32,
	         n, g->arrow, g->arrow, n);
	route_w = (int)text_columns(longest) + 1;
	bar_w = min_int(30, max_int(10, (r.w - route_w - 4) / 4));

	for (bool ok = sim_message_first(sim, &m); ok && shown < rows;
	     ok = sim_message_next(sim, &m)) {
		int y = r.y + 1 + (int)shown;

		if (shown + 1 == rows && in_flight > rows)
			break; /* the last row says how many are left */
		route_text(d, &m, text, sizeof text);
		put(y, r.x + 1, min_int(route_w, end - r.x - 1), ROLE_ROUTE,
		    text);
		x = r.x + 1 + route_w;
		if (x + bar_w < end)
			draw_bar(d, y, x, bar_w, sim_now(sim), &m);
		x += bar_w + 2;
		if (x < end && m.payload != NULL) {
			text_vector(m.payload, (size_t)(end - x), g->ellipsis,
			            text, sizeof text);
			put(y, x, end - x, ROLE_PAYLOAD, text);
		} else if (x < end) {
			put(y, x, end - x, ROLE_LABEL, "asks for its state");
		}
		shown++;
	}
	if (in_flight > shown)
		putf(r.y + 1 + (int)shown, r.x + 1, r.w - 1, ROLE_LABEL,
		     "+%zu more", in_flight - shown);
}

/* --- the event log ---------------------------------------------------------
 */

static void draw_events(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r,
                        bool beside)
{
	size_t count = eventlog_count(v->log), rows, shown;
	int end = r.x + r.w;

	if (r.h <= 0)
		return;
	if (beside)
		for (int y = r.y; y < r.y + r.h; y++)
			put(y, r.x - 1, 1, ROLE_LABEL, d->glyphs->vline);
	put(r.y, r.x, r.w, ROLE_TITLE, "events");
	putf(r.y, r.x + 6, r.w - 6, ROLE_LABEL, " %s newest last",
	     d->glyphs->dot);
	rows = (size_t)(r.h - 1);
	shown = count < rows ? count : rows;
	for (size_t i = 0; i < shown; i++) {
		const struct eventlog_line *line =
		    eventlog_recent(v->log, shown - 1 - i);
		int y = r.y + 1 + (int)i;
		char at[32];
		int x = r.x;

		text_time(line->time_us, at, sizeof at);
		x += putf(y, x, end - x, ROLE_LOG_TIME, "%9s ", at);
		put_cut(d, y, x, end - x, log_roles[line->kind], line->text);
	}
}

/* --- the status line ---------------------------------------------------- */

static const char *hint_keys(const struct dashboard *d,
                             const struct keymap_help *hint)
{
	return d->glyphs->utf8 ? hint->keys_utf8 : hint->keys_ascii;
}

static void draw_status(const struct dashboard *d,
                        const struct dashboard_view *v, struct layout_rect r)
{
	size_t count;
	const struct keymap_help *hints = keymap_hints(&count);
	int x = r.x, room, need, cutoff = 0;

	fill(r.y, r.x, r.w, ROLE_STATUS);
	if (v->flash != NULL && v->flash[0] != '\0') {
		x += putf(r.y, x, r.w, ROLE_FLASH, " %s ", v->flash);
		x += put(r.y, x, r.x + r.w - x, ROLE_STATUS, " ");
	}
	room = r.x + r.w - x;
	/* Drop the least needed hints until the rest fit: each takes a
	 * space, its keys, a space, its words. */
	for (cutoff = 100; cutoff > 0; cutoff--) {
		need = 0;
		for (size_t i = 0; i < count; i++)
			if (hints[i].priority <= cutoff)
				need +=
				    3 +
				    (int)text_columns(hint_keys(d, &hints[i])) +
				    (int)strlen(hints[i].what);
		if (need <= room)
			break;
	}
	for (size_t i = 0; i < count; i++) {
		if (hints[i].priority > cutoff)
			continue;
		x += x == r.x ? 1 : 2;
		x += put(r.y, x, r.x + r.w - x, ROLE_STATUS_KEY,
		         hint_keys(d, &hints[i]));
		x += putf(r.y, x, r.x + r.w - x, ROLE_STATUS, " %s",
		          hints[i].what);
	}
}

/* --- overlays ------------------------------------------------------------- */

static void draw_box(const struct dashboard *d, int y, int x, int h, int w,
                     enum theme_role role)
{
	const struct glyphs *g = d->glyphs;

	for (int row = 0; row < h; row++)
		fill(y + row, x, w, role);
	put(y, x, 1, role, g->corner_tl);
	put_repeat(y, x + 1, w - 2, role, g->hline);
	put(y, x + w - 1, 1, role, g->corner_tr);
	for (int row = 1; row < h - 1; row++) {
		put(y + row, x, 1, role, g->vline);
		put(y + row, x + w - 1, 1, role, g->vline);
	}
	put(y + h - 1, x, 1, role, g->corner_bl);
	put_repeat(y + h - 1, x + 1, w - 2, role, g->hline);
	put(y + h - 1, x + w - 1, 1, role, g->corner_br);
}

static void draw_help(const struct dashboard *d, const struct dashboard_view *v)
{
	const struct glyphs *g = d->glyphs;
	size_t count;
	const struct keymap_help *rows = keymap_help(&count);
	/* Keys, a blank, three lines on reading the grid, a blank, the
	 * replay line, inside a border. */
	int h = (int)count + 8, w = min_int(COLS - 2, 72);
	int y = max_int(0, (LINES - h) / 2), x = max_int(0, (COLS - w) / 2);
	int inner = w - 4, row;

	h = min_int(h, LINES);
	draw_box(d, y, x, h, w, ROLE_HELP);
	put(y, x + 2, inner, ROLE_HELP_KEY,
	    " gcounter keys (the run is paused while this is open) ");
	row = y + 1;
	for (size_t i = 0; i < count && row < y + h - 1; i++, row++) {
		put(row, x + 2, 14, ROLE_HELP_KEY,
		    g->utf8 ? rows[i].keys_utf8 : rows[i].keys_ascii);
		put(row, x + 17, inner - 15, ROLE_HELP, rows[i].what);
	}
	row++;
	if (row < y + h - 1)
		putf(row++, x + 2, inner, ROLE_HELP,
		     "[3] its own slot   3%s behind the truth   "
		     "%s2 short of the truth",
		     g->behind, g->minus);
	if (row < y + h - 1)
		put(row++, x + 2, inner, ROLE_HELP,
		    "highlighted: grew in the last 2 s of virtual time");
	if (row < y + h - 1)
		put(row++, x + 2, inner, ROLE_HELP,
		    "the truth row is the join of every state: where all "
		    "converge");
	row++;
	if (row < y + h - 1)
		putf(row, x + 2, inner, ROLE_HELP, "repeat this run: %s",
		     v->replay != NULL ? v->replay : "gcounter");
}

static void draw_too_small(const struct dashboard *d)
{
	char line[128];
	int y = LINES / 2;

	snprintf(line, sizeof line, "terminal too small: %d%s%d, needs %d%s%d",
	         COLS, d->glyphs->times, LINES, LAYOUT_MIN_COLS,
	         d->glyphs->times, LAYOUT_MIN_ROWS);
	put(y > 0 ? y - 1 : 0, max_int(0, (COLS - (int)text_columns(line)) / 2),
	    COLS, ROLE_TITLE, line);
	snprintf(line, sizeof line, "enlarge the window, or press q to quit");
	if (y + 1 < LINES)
		put(y + 1, max_int(0, (COLS - (int)text_columns(line)) / 2),
		    COLS, ROLE_NORMAL, line);
}

/* --- the frame ----------------------------------------------------------- */

void dashboard_draw(struct dashboard *d, const struct dashboard_view *v)
{
	struct layout layout;

	werase(stdscr);
	layout_compute(COLS, LINES, sim_node_count(v->sim), v->big, &layout);
	if (layout.too_small) {
		draw_too_small(d);
		return;
	}
	draw_header(d, v, layout.header);
	draw_banner(d, v, layout.banner);
	if (v->big)
		draw_big(d, v, layout.big);
	draw_vectors(d, v, layout.vectors);
	draw_messages(d, v, layout.messages);
	draw_events(d, v, layout.events, layout.wide);
	draw_status(d, v, layout.status);
	if (v->help_open)
		draw_help(d, v);
	attrset(A_NORMAL);
}
