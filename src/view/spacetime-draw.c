/*
 * The space-time diagram in a cell grid: one column per node (and the
 * relay's), time flowing down to the present at the bottom row, one row
 * per moment something happened. Each message is a line from its send to
 * its delivery; messages still on their way end at the present row where
 * their progress has them. Draws only what the recorder kept up to the
 * world shown, so a rewound world shows its own past. No curses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/strategy.h"
#include "util/fatal.h"
#include "view/cellgrid.h"
#include "view/glyphs.h"
#include "view/spacetime.h"
#include "view/summary.h"
#include "view/text.h"

/* The time column's width: "12.345s " and a blank. */
#define GUTTER 9
/* The narrowest column a node gets; past it, columns are left out. */
#define COLUMN_MIN 4
/* From this many rows on, the last row is the legend. */
#define LEGEND_ROWS 10
/* How far back a delivery looks for its send among the rows shown. */
#define SEND_LOOKBACK 4096

struct marks {
	const char *increment, *send, *merged, *nothing, *lost, *rule, *fault;
	const char *relay; /* what reached the relay, which passes it on */
	const char *down, *diag_right, *diag_left, *message;
};

static const struct marks marks_utf8 = {
    .increment = "\u25c6",
    .send = "\u2022",
    .merged = "\u25cf",
    .nothing = "\u25cb",
    .lost = "\u2717",
    .rule = "\u2550",
    .fault = "\u2504",
    .relay = "\u25a0",
    .down = "\u2506",
    .diag_right = "\u2572",
    .diag_left = "\u2571",
    .message = "\u25b6",
};

static const struct marks marks_ascii = {
    .increment = "*",
    .send = "+",
    .merged = "#",
    .nothing = "o",
    .lost = "x",
    .rule = "=",
    .fault = "-",
    .relay = "=",
    .down = ":",
    .diag_right = "\\",
    .diag_left = "/",
    .message = ">",
};

struct diagram {
	struct cellgrid *g;
	const struct spacetime_view *v;
	const struct glyphs *gl;
	const struct marks *mk;
	uint32_t nodes, columns, shown_columns;
	bool relay;
	int column_w, top, present; /* the first time row, the present's */
	size_t first, count;        /* events [first, count) have rows */
	int *row;                   /* per event: its row (from `first` on) */
};

static int column_x(const struct diagram *d, uint32_t who)
{
	uint32_t c = spacetime_column(who, d->nodes, d->relay);

	if (who == SPACETIME_EVERYONE || c >= d->shown_columns)
		return -1;
	return GUTTER + (int)c * d->column_w + d->column_w / 2;
}

static const struct spacetime_event *event(const struct diagram *d, size_t i)
{
	return spacetime_get(d->v->rec, i);
}

/* A row's span of virtual time: a typical latency, to the nearest 1, 2
 * or 5 times a power of ten, at least a millisecond. A message then
 * takes a row or two, and a screen shows a few rounds of gossip. */
static uint64_t row_quantum(const struct latency_model *l)
{
	uint64_t typical = l->kind == LATENCY_CONSTANT ? l->min_us
	                   : l->kind == LATENCY_EXPONENTIAL
	                       ? l->mean_us
	                       : (l->min_us + l->max_us) / 2;
	uint64_t best = 1000;

	for (uint64_t step = 1000; step <= LATENCY_MAX_US; step *= 10)
		for (int k = 0; k < 3; k++) {
			uint64_t q = step * (k == 0 ? 1 : k == 1 ? 2 : 5);
			/* Nearest by ratio: q/typical against typical/best. */
			if (q <= typical || q * best < typical * typical)
				best = q;
		}
	return best;
}

/* Rows from the newest event up: events in one row's span share it (a
 * relay's fan-out starts from one point); convergence has its own. */
static void assign_rows(struct diagram *d)
{
	int y = d->present;
	const struct spacetime_event *newer = NULL;
	uint64_t q = row_quantum(&d->v->summary->config->latency);

	d->first = d->count;
	for (size_t i = d->count; i > 0; i--) {
		const struct spacetime_event *e = event(d, i - 1);
		bool same = newer != NULL &&
		            newer->time_us / q == e->time_us / q &&
		            newer->kind != SPACETIME_CONVERGED &&
		            e->kind != SPACETIME_CONVERGED &&
		            newer->kind != SPACETIME_FAULT &&
		            e->kind != SPACETIME_FAULT;

		if (!same)
			y--;
		if (y < d->top)
			break;
		d->row[i - 1] = y;
		d->first = i - 1;
		newer = e;
	}
}

/*
 * A message's line, its ends left for their marks: down and across from
 * the send first, then along the row of its arrival to the receiver. In
 * cells a slope of a row or two would be a staircase of dashes; this way
 * each arrival is a run along its own row that ends at its mark, so a
 * reader can tell which line reached whom.
 */
static void line(struct diagram *d, int y0, int x0, int y1, int x1,
                 enum cell_style style)
{
	int sx = x0 < x1 ? 1 : -1, y = y0, x = x0;

	while (y < y1) {
		bool across = x != x1;
		const char *glyph = d->gl->vline;

		y++;
		if (across) {
			x += sx;
			glyph = sx > 0 ? d->mk->diag_right : d->mk->diag_left;
		}
		if (y == y1 && x == x1)
			return;
		/* A line from a send above the window comes in at its top,
		 * never over the column names. */
		if (y >= d->top)
			cellgrid_put(d->g, y, x, glyph, style, LAYER_LINE);
	}
	while (x != x1) {
		x += sx;
		if (x == x1)
			return;
		if (y >= d->top)
			cellgrid_put(d->g, y, x, d->gl->hline, style,
			             LAYER_LINE);
	}
}

static int row_of(const struct diagram *d, size_t i)
{
	return i >= d->first && i < d->count ? d->row[i] : -1;
}

/* The index of the send of a delivery's message among the rows shown. */
static bool find_send(const struct diagram *d, size_t i, uint64_t id,
                      size_t *send)
{
	for (size_t k = i; k > d->first && i - k < SEND_LOOKBACK; k--) {
		const struct spacetime_event *e = event(d, k - 1);

		if (e->kind == SPACETIME_SEND && e->message_id == id) {
			*send = k - 1;
			return true;
		}
	}
	return false;
}

static void draw_lifelines(struct diagram *d)
{
	const struct summary *s = d->v->summary;

	for (uint32_t who = 0; who <= d->nodes; who++) {
		uint32_t node = who == d->nodes ? SIM_RELAY : who;
		bool down;
		char name[16];
		int x;

		if (node == SIM_RELAY && !d->relay)
			continue;
		x = column_x(d, node);
		if (x < 0)
			continue;
		down = node == SIM_RELAY ? s->relay_down : s->node[node].down;
		for (int y = d->top; y <= d->present; y++)
			cellgrid_put(d->g, y, x,
			             down ? d->mk->down : d->gl->vline,
			             down ? CELL_DOWN : CELL_LINK, LAYER_LINE);
		if (node == SIM_RELAY)
			snprintf(name, sizeof name, "relay");
		else
			sim_node_name(node, name, sizeof name);
		if (down)
			snprintf(name + strlen(name),
			         sizeof name - strlen(name), " DOWN");
		cellgrid_text(d->g, 0, x - cellgrid_columns(name) / 2,
		              d->column_w, name,
		              node == d->v->selected ? CELL_SELECTED
		              : down                 ? CELL_DOWN
		                                     : CELL_TITLE,
		              LAYER_BOX);
	}
	cellgrid_text(d->g, 0, 0, GUTTER - 1, "time", CELL_LABEL, LAYER_BOX);
}

static void draw_messages(struct diagram *d)
{
	for (size_t i = d->first; i < d->count; i++) {
		const struct spacetime_event *e = event(d, i);
		size_t send;
		int y = row_of(d, i), x = column_x(d, e->node);
		int from = column_x(d, e->peer), ys;

		if (x < 0 || from < 0)
			continue;
		if (e->kind == SPACETIME_DROP) {
			int end = x + (from - x) / 3;

			line(d, y, x, y, end, CELL_DOOMED);
			cellgrid_put(d->g, y, end, d->mk->lost, CELL_DOOMED,
			             LAYER_MARK);
			continue;
		}
		if (e->kind != SPACETIME_DELIVER && e->kind != SPACETIME_LOST)
			continue;
		/* A send above the window: the line comes in at the top. */
		ys = find_send(d, i, e->message_id, &send) ? row_of(d, send)
		                                           : d->top - 1;
		line(d, ys, from, y, x,
		     e->kind == SPACETIME_LOST ? CELL_DOOMED : CELL_LINK);
	}
}

/* Messages on their way: from their send to the present row, as far
 * across as their progress. */
static void draw_in_flight(struct diagram *d)
{
	const struct summary *s = d->v->summary;

	for (size_t m = 0; m < s->message_count; m++) {
		const struct sim_message_view *msg = &s->messages[m];
		int from = column_x(d, msg->from), to = column_x(d, msg->to);
		int ys = d->top - 1, x;
		double progress = 0;

		if (from < 0 || to < 0)
			continue;
		for (size_t k = d->count; k > d->first; k--) {
			const struct spacetime_event *e = event(d, k - 1);

			if (e->kind == SPACETIME_SEND &&
			    e->message_id == msg->id && e->node == msg->from &&
			    e->peer == msg->to) {
				ys = row_of(d, k - 1);
				break;
			}
		}
		if (msg->deliver_us > msg->sent_us && s->now_us > msg->sent_us)
			progress = (double)(s->now_us - msg->sent_us) /
			           (double)(msg->deliver_us - msg->sent_us);
		if (progress > 1)
			progress = 1;
		x = from + (int)((to - from) * progress);
		if (x == from && ys == d->present)
			continue;
		line(d, ys, from, d->present, x, CELL_MESSAGE);
		cellgrid_put(d->g, d->present, x,
		             to > from ? d->mk->message
		                       : (d->gl->utf8 ? "\u25c0" : "<"),
		             CELL_MESSAGE, LAYER_MARK);
	}
}

static void draw_marks(struct diagram *d)
{
	/* Later kinds win a shared cell: what changed a node shows. */
	static const enum spacetime_kind order[] = {
	    SPACETIME_SEND, SPACETIME_DROP, SPACETIME_LOST, SPACETIME_DELIVER,
	    SPACETIME_INCREMENT};

	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++)
		for (size_t i = d->first; i < d->count; i++) {
			const struct spacetime_event *e = event(d, i);
			int y = row_of(d, i), x = column_x(d, e->node);
			const char *glyph = d->mk->send;
			enum cell_style style = CELL_LINK;

			if (e->kind != order[o] || x < 0)
				continue;
			if (e->kind == SPACETIME_INCREMENT) {
				glyph = d->mk->increment;
				style = CELL_INCREMENT;
			} else if (e->kind == SPACETIME_DELIVER &&
			           e->node == SIM_RELAY) {
				glyph = d->mk->relay;
				style = CELL_NOTHING;
			} else if (e->kind == SPACETIME_DELIVER) {
				glyph =
				    e->changed ? d->mk->merged : d->mk->nothing;
				style = e->changed ? CELL_MERGED : CELL_NOTHING;
			} else if (e->kind == SPACETIME_LOST) {
				glyph = d->mk->lost;
				style = CELL_DOOMED;
			}
			cellgrid_put(d->g, y, x, glyph, style, LAYER_MARK);
		}
}

/* Words beside marks where they cover only lines: increments first. */
static void draw_labels(struct diagram *d)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = d->count; i > d->first; i--) {
			const struct spacetime_event *e = event(d, i - 1);
			int y = row_of(d, i - 1), x = column_x(d, e->node);
			char text[SPACETIME_LABEL + 32];
			int w;

			if (x < 0 || e->label[0] == '\0')
				continue;
			if (pass == 0 && e->kind == SPACETIME_INCREMENT)
				snprintf(text, sizeof text, "%s%" PRIu64 " %s",
				         e->decrement ? d->gl->minus : "+",
				         e->amount, e->label);
			else if (pass == 1 && e->kind == SPACETIME_DELIVER)
				snprintf(text, sizeof text, "%s", e->label);
			else
				continue;
			w = cellgrid_columns(text);
			/* A vector cut short would read as another vector:
			 * whole, or an increment's amount alone, or nothing. */
			if (w > d->column_w - 2 &&
			    e->kind == SPACETIME_INCREMENT) {
				snprintf(text, sizeof text, "%s%" PRIu64,
				         e->decrement ? d->gl->minus : "+",
				         e->amount);
				w = cellgrid_columns(text);
			}
			if (w > d->column_w - 2)
				continue;
			if (w > 0 && cellgrid_free_run(d->g, y, x + 1, w + 1,
			                               LAYER_LINE)) {
				/* The gap after the mark is the label's too: a
				 * line through it would read as part of it. */
				cellgrid_put(d->g, y, x + 1, " ", CELL_BLANK,
				             LAYER_LABEL);
				cellgrid_text(d->g, y, x + 2, w, text,
				              e->kind == SPACETIME_INCREMENT
				                  ? CELL_INCREMENT
				                  : CELL_MERGED,
				              LAYER_LABEL);
			}
		}
}

static void draw_rules_and_times(struct diagram *d)
{
	uint64_t last = UINT64_MAX;
	char at[32];

	for (size_t i = d->first; i < d->count; i++) {
		const struct spacetime_event *e = event(d, i);
		int y = row_of(d, i);

		if (e->kind == SPACETIME_CONVERGED ||
		    e->kind == SPACETIME_FAULT) {
			bool fault = e->kind == SPACETIME_FAULT;
			enum cell_style style =
			    fault ? CELL_CUT : CELL_CONVERGED;
			int w = cellgrid_columns(e->label) + 2;
			int x = GUTTER + (d->g->w - GUTTER - w) / 2;

			for (int c = GUTTER; c < d->g->w; c++)
				cellgrid_put(d->g, y, c,
				             fault ? d->mk->fault : d->mk->rule,
				             style, LAYER_BOX);
			cellgrid_text(d->g, y, x, d->g->w - x, " ", style,
			              LAYER_BOX);
			cellgrid_text(d->g, y, x + 1, d->g->w - x - 1, e->label,
			              style, LAYER_BOX);
			cellgrid_text(d->g, y, x + w - 1, 1, " ", style,
			              LAYER_BOX);
		}
		if (y != (int)last) {
			last = (uint64_t)y;
			text_time(e->time_us, at, sizeof at);
			cellgrid_text(d->g, y,
			              GUTTER - 1 - cellgrid_columns(at),
			              GUTTER - 1, at, CELL_TIME, LAYER_BOX);
		}
	}
	text_time(d->v->summary->now_us, at, sizeof at);
	cellgrid_text(d->g, d->present, GUTTER - 1 - cellgrid_columns(at),
	              GUTTER - 1, at, CELL_TITLE, LAYER_BOX);
}

static void draw_legend(struct diagram *d, int y)
{
	const struct marks *mk = d->mk;
	char text[320];

	snprintf(text, sizeof text,
	         "%s increment %s send %s changed %s no news %s relay %s lost "
	         "%s%s converged %s%s fault",
	         mk->increment, mk->send, mk->merged, mk->nothing, mk->relay,
	         mk->lost, mk->rule, mk->rule, mk->fault, mk->fault);
	if (d->shown_columns < d->columns)
		snprintf(text, sizeof text,
		         "+%" PRIu32 " columns not shown (w: the other views) "
		         "%s increment %s merged %s nothing %s lost",
		         d->columns - d->shown_columns, mk->increment,
		         mk->merged, mk->nothing, mk->lost);
	cellgrid_text(d->g, y, 1, d->g->w - 1, text, CELL_LABEL, LAYER_BOX);
}

void spacetime_draw(struct cellgrid *grid, const struct spacetime_view *v,
                    struct spacetime_drawn *drawn)
{
	struct diagram d = {
	    .g = grid,
	    .v = v,
	    .gl = v->glyphs,
	    .mk = v->glyphs->utf8 ? &marks_utf8 : &marks_ascii,
	    .nodes = v->summary->nodes,
	};
	int legend = grid->h >= LEGEND_ROWS ? 1 : 0, room;

	*drawn = (struct spacetime_drawn){0};
	if (grid->w <= GUTTER + COLUMN_MIN || grid->h < 4)
		return;
	d.relay = v->summary->config->strategy->uses_relay ||
	          spacetime_uses_relay(v->rec);
	d.columns = d.nodes + (d.relay ? 1 : 0);
	room = grid->w - GUTTER;
	d.shown_columns = d.columns;
	if ((uint32_t)room / COLUMN_MIN < d.columns)
		d.shown_columns = (uint32_t)room / COLUMN_MIN;
	d.column_w = room / (int)d.shown_columns;
	d.top = 1;
	d.present = grid->h - 1 - legend;
	d.count = spacetime_count_upto(v->rec, v->events_run);
	d.row = xcalloc(d.count + 1, sizeof *d.row);
	assign_rows(&d);
	draw_lifelines(&d);
	draw_messages(&d);
	draw_in_flight(&d);
	draw_marks(&d);
	draw_rules_and_times(&d);
	draw_labels(&d);
	if (legend)
		draw_legend(&d, grid->h - 1);
	drawn->events_shown = d.count - d.first;
	drawn->columns_shown = d.shown_columns;
	free(d.row);
}
