/*
 * The network view, laid out and drawn into a cell grid. Nodes are placed
 * on an ellipse (the relay at its centre when the strategy uses it) in the
 * largest box style that fits without two boxes touching; past that, on
 * rings of one-line labels that cannot overlap. Boxes are drawn first on
 * the top layer, so no line or message can cover a node. Never draws
 * outside the grid, never reads the world except through its input.
 */
#include "view/netview.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/strategy.h"
#include "util/fatal.h"
#include "view/faults.h"
#include "view/netview-internal.h"
#include "view/wire.h"

/* From this many rows on the picture keeps its last row for a legend. */
#define LEGEND_ROWS 12
/* The relay's spokes are drawn up to this many nodes; past it, only the
 * links that carry a message or are cut. */
#define SPOKES_MAX 16
/* Messages in flight up to which each leaves a trail on its way (past
 * it, the glyphs alone), and how many get their words beside them. */
#define TRAILS_MAX 24
#define LABELS_MAX 16

static const struct shapes shapes_utf8 = {
    .message = "\u25cf",
    .pull = "?",
    .duplicate = "\u25ce",
    .doomed = "\u2717",
    .ack = "\u2713",
    .nack = "!",
    .cut = "\u2717",
    .down_h = "\u2504",
    .down_v = "\u2506",
    .cut_line = "\u00b7",
    .trail = "\u00b7",
    .sel_h = "\u2550",
    .sel_v = "\u2551",
    .sel_tl = "\u2554",
    .sel_tr = "\u2557",
    .sel_bl = "\u255a",
    .sel_br = "\u255d",
    .diag_down = "\u2572",
    .diag_up = "\u2571",
    .arrows = {"\u2192", "\u2198", "\u2193", "\u2199", "\u2190", "\u2196",
               "\u2191", "\u2197"},
};

static const struct shapes shapes_ascii = {
    .message = "o",
    .pull = "?",
    .duplicate = "@",
    .doomed = "x",
    .ack = "+",
    .nack = "!",
    .cut = "X",
    .down_h = ".",
    .down_v = ":",
    .cut_line = ".",
    .trail = ".",
    .sel_h = "=",
    .sel_v = "#",
    .sel_tl = "#",
    .sel_tr = "#",
    .sel_bl = "#",
    .sel_br = "#",
    .diag_down = "\\",
    .diag_up = "/",
    .arrows = {">", ">", "v", "<", "<", "<", "^", ">"},
};

static bool overlaps(struct rect a, struct rect b)
{
	/* One blank column between boxes side by side, so they read apart. */
	return a.h > 0 && b.h > 0 && a.y < b.y + b.h && b.y < a.y + a.h &&
	       a.x < b.x + b.w + 1 && b.x < a.x + a.w + 1;
}

static bool inside(const struct picture *p, struct rect r)
{
	return r.y >= 0 && r.x >= 0 && r.y + r.h <= p->area_h &&
	       r.x + r.w <= p->g->w;
}

/* --- placing -------------------------------------------------------------- */

/* The rectangles in the middle: the relay, and below it the detail box. */
static void place_centre(struct picture *p, enum netview_box box)
{
	int cy = p->area_h / 2, cx = p->g->w / 2;
	bool down = p->s->relay_down;
	int relay_h = box == NETVIEW_TINY ? 1 : 3;
	int relay_w = relay_h == 1 ? (down ? 12 : 7) : (down ? 14 : 9);
	int top = cy;

	p->detail = (struct rect){0, 0, 0, 0};
	p->at[p->n] = (struct rect){0, 0, 0, 0};
	if (p->relay) {
		p->at[p->n] = (struct rect){cy - relay_h / 2, cx - relay_w / 2,
		                            relay_h, relay_w};
		top = p->at[p->n].y + relay_h + 1;
	}
	if (box != NETVIEW_FULL && p->in->selected < p->n) {
		const struct node_text *t = &p->text[p->in->selected];
		char vector[TEXT_MAX * 2];
		int w = p->g->w / 3, h, cols;

		if (w < t->full_w)
			w = t->full_w;
		if (w > p->g->w - 2)
			w = p->g->w - 2;
		netview_detail_vector(p, w - 4, vector, sizeof vector);
		cols = cellgrid_columns(vector);
		/* A line more than the columns need: lines break at commas. */
		h = 2 + (cols + w - 5) / (w - 4) + (cols > w - 4 ? 1 : 0);
		if (h > 2 + DETAIL_LINES)
			h = 2 + DETAIL_LINES;
		if (!p->relay)
			top = cy - h / 2;
		p->detail = (struct rect){top, cx - w / 2, h, w};
		if (top < 0 || p->detail.y + h > p->area_h)
			p->detail.h = 0;
	}
}

/* Node i's rectangle in a style, centred at (cy, cx). */
static struct rect node_rect(const struct picture *p, uint32_t i,
                             enum netview_box box, int cy, int cx, int w)
{
	char label[96];

	if (box == NETVIEW_FULL)
		return (struct rect){cy - 1, cx - w / 2, 3, w};
	netview_node_label(p, i, box, label, sizeof label);
	w = cellgrid_columns(label);
	return (struct rect){cy, cx - w / 2, 1, w};
}

/* On an ellipse; false if any two overlap or one falls outside. */
static bool place_ellipse(struct picture *p, enum netview_box box,
                          double offset)
{
	uint32_t n = p->n;
	int w = 0, h = box == NETVIEW_FULL ? 3 : 1;
	double a, b, cx = (p->g->w - 1) / 2.0, cy = (p->area_h - 1) / 2.0;
	const double pi = 3.14159265358979323846;

	for (uint32_t i = 0; i < n; i++) {
		char label[96];
		int lw = p->text[i].full_w;

		if (box != NETVIEW_FULL) {
			netview_node_label(p, i, box, label, sizeof label);
			lw = cellgrid_columns(label);
		}
		if (lw > w)
			w = lw;
	}
	a = (p->g->w - w) / 2.0;
	b = (p->area_h - h) / 2.0;
	if (a < 1 || b < 1)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		double t = -pi / 2 + offset + 2 * pi * i / n;
		int y = (int)lround(cy + b * sin(t)),
		    x = (int)lround(cx + a * cos(t));
		struct rect r = node_rect(p, i, box, y, x, w);

		if (!inside(p, r) || overlaps(r, p->at[n]) ||
		    overlaps(r, p->detail))
			return false;
		for (uint32_t k = 0; k < i; k++)
			if (overlaps(r, p->at[k]))
				return false;
		p->at[i] = r;
		p->placed[i] = true;
	}
	p->shown = n;
	return true;
}

/* One-line labels on nested rings around the middle: they cannot
 * overlap; nodes that find no place are counted, not drawn. */
static void place_rings(struct picture *p)
{
	uint32_t i = 0, n = p->n;
	int lw = 0;

	for (uint32_t k = 0; k < n; k++) {
		char label[96];

		netview_node_label(p, k, NETVIEW_TINY, label, sizeof label);
		if (cellgrid_columns(label) > lw)
			lw = cellgrid_columns(label);
	}
	for (int ring = 0; i < n; ring++) {
		int top = ring * 2, bottom = p->area_h - 1 - ring * 2;
		int left = ring * (lw + 1),
		    right = p->g->w - lw - ring * (lw + 1);
		int before = (int)i;
		struct rect slots[4096];
		int count = 0;

		/* (A ring of one row is its top alone.) */
		if (bottom < top || right < left)
			break;
		for (int x = left; x <= right && count < 4096; x += lw + 1)
			slots[count++] = (struct rect){top, x, 1, lw};
		for (int y = top + 1; y < bottom && count < 4096; y++)
			slots[count++] = (struct rect){y, right, 1, lw};
		for (int x = right; x >= left && bottom > top && count < 4096;
		     x -= lw + 1)
			slots[count++] = (struct rect){bottom, x, 1, lw};
		for (int y = bottom - 1; y > top && count < 4096; y--)
			slots[count++] = (struct rect){y, left, 1, lw};
		for (int k = 0; k < count && i < n; k++) {
			struct rect r = slots[k];
			bool clash =
			    overlaps(r, p->at[n]) || overlaps(r, p->detail);

			for (uint32_t j = 0; j < i && !clash; j++)
				clash = overlaps(r, p->at[j]);
			if (clash || !inside(p, r))
				continue;
			p->at[i] = r;
			p->placed[i++] = true;
		}
		if ((int)i == before)
			break;
	}
	p->shown = i;
}

static void place(struct picture *p)
{
	const double pi = 3.14159265358979323846;

	for (int box = NETVIEW_FULL; box < NETVIEW_BOX_COUNT; box++) {
		/* Two turns of the circle: even counts often fit better
		 * with no node straight above the centre. */
		for (int turn = 0; turn < 2; turn++) {
			memset(p->placed, 0, (p->n + 1) * sizeof *p->placed);
			place_centre(p, (enum netview_box)box);
			if (place_ellipse(p, (enum netview_box)box,
			                  turn * pi / p->n)) {
				p->box = (enum netview_box)box;
				return;
			}
		}
	}
	memset(p->placed, 0, (p->n + 1) * sizeof *p->placed);
	place_centre(p, NETVIEW_TINY);
	p->box = NETVIEW_TINY;
	place_rings(p);
}

/* --- lines ---------------------------------------------------------------- */

struct path {
	int count;
	int y[1024], x[1024];
};

/* The cells from a's centre to b's, outside every box. */
static void trace(const struct picture *p, struct rect a, struct rect b,
                  struct path *path)
{
	int y0 = a.y + a.h / 2, x0 = a.x + a.w / 2;
	int y1 = b.y + b.h / 2, x1 = b.x + b.w / 2;
	int dx = abs(x1 - x0), dy = -abs(y1 - y0);
	int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;

	path->count = 0;
	for (;;) {
		const struct cell *c = cellgrid_at(p->g, y0, x0);

		if (c != NULL && c->layer < LAYER_BOX && path->count < 1024) {
			path->y[path->count] = y0;
			path->x[path->count++] = x0;
		}
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;

		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* The line glyph for a link from a to b (cells are twice as tall as
 * wide, so the slope is judged at that aspect). */
static const char *line_glyph(const struct picture *p, struct rect a,
                              struct rect b)
{
	double dx = (b.x + b.w / 2) - (a.x + a.w / 2);
	double dy = 2.0 * ((b.y + b.h / 2) - (a.y + a.h / 2));

	if (fabs(dy) < fabs(dx) * 0.45)
		return p->gl->hline;
	if (fabs(dx) < fabs(dy) * 0.45)
		return p->gl->vline;
	return (dx > 0) == (dy > 0) ? p->sh->diag_down : p->sh->diag_up;
}

/* One of eight arrows for the way from a to b. */
static const char *arrow(const struct picture *p, struct rect a, struct rect b)
{
	const double pi = 3.14159265358979323846;
	double dx = (b.x + b.w / 2) - (a.x + a.w / 2);
	double dy = 2.0 * ((b.y + b.h / 2) - (a.y + a.h / 2));
	double t = atan2(dy, dx);
	int k = (int)lround(t / (pi / 4));

	return p->sh->arrows[(k + 8) % 8];
}

/* The link between a node and the middle: whole, or cut with a mark at
 * its middle and, for a one-way cut, the way that still works. */
static void draw_spoke(struct picture *p, uint32_t i, bool whole_length)
{
	struct rect mid = p->relay
	                      ? p->at[p->n]
	                      : (struct rect){p->area_h / 2, p->g->w / 2, 1, 1};
	enum sim_partition cut = p->s->node[i].partition;
	struct path path;
	const char *glyph;
	int count;

	trace(p, p->at[i], mid, &path);
	count = whole_length ? path.count : path.count / 3;
	if (count < 3 && cut != PARTITION_NONE)
		count = path.count < 3 ? path.count : 3;
	glyph = cut != PARTITION_NONE ? p->sh->cut_line
	                              : line_glyph(p, p->at[i], mid);
	for (int k = 0; k < count; k++) {
		/* A slanted line takes one cell a row: two side by side
		 * would read as a thick stroke. */
		bool slanted =
		    glyph == p->sh->diag_down || glyph == p->sh->diag_up;

		if (slanted && k > 0 && path.y[k] == path.y[k - 1])
			continue;
		cellgrid_put(p->g, path.y[k], path.x[k], glyph,
		             cut != PARTITION_NONE ? CELL_CUT : CELL_LINK,
		             LAYER_LINE);
	}
	if (cut == PARTITION_NONE || count == 0)
		return;
	int m = count / 2;

	cellgrid_put(p->g, path.y[m], path.x[m], p->sh->cut, CELL_CUT,
	             LAYER_MARK);
	if (cut != PARTITION_BOTH && m + 1 < count) {
		/* No in: only node -> middle works; no out: the other way. */
		const char *way = cut == PARTITION_NO_RECEIVE
		                      ? arrow(p, p->at[i], mid)
		                      : arrow(p, mid, p->at[i]);

		cellgrid_put(p->g, path.y[m + 1], path.x[m + 1], way, CELL_CUT,
		             LAYER_MARK);
	}
}

/* --- messages ------------------------------------------------------------- */

static bool endpoint(const struct picture *p, uint32_t who, struct rect *r)
{
	if (who == SIM_RELAY) {
		if (!p->relay)
			return false;
		*r = p->at[p->n];
		return true;
	}
	if (who >= p->n || !p->placed[who])
		return false;
	*r = p->at[who];
	return true;
}

static bool seen_before(const struct summary *s, size_t i)
{
	/* A duplicate shares its original's id and is launched right after
	 * it, so a short look back finds it. */
	for (size_t k = i > 64 ? i - 64 : 0; k < i; k++)
		if (s->messages[k].id == s->messages[i].id)
			return true;
	return false;
}

/* A label beside a mark at (y, x), a blank between: right, left, then
 * above or below it; nowhere if it would cover anything but lines. */
static void place_label(struct picture *p, int y, int x, int w,
                        const char *text, enum cell_style style)
{
	const int at[4][2] = {
	    {y, x + 2}, {y, x - w - 1}, {y - 1, x - w / 2}, {y + 1, x - w / 2}};

	for (int k = 0; k < 4; k++) {
		int left = at[k][1] - (k < 2 ? 1 : 0);

		if (cellgrid_free_run(p->g, at[k][0], left, w + (k < 2 ? 2 : 0),
		                      LAYER_LINE)) {
			cellgrid_text(p->g, at[k][0], at[k][1], w, text, style,
			              LAYER_LABEL);
			return;
		}
	}
}

struct placed_message {
	int y, x;
	size_t index;
	bool doomed;
};

static uint32_t draw_messages(struct picture *p)
{
	const struct summary *s = p->s;
	struct wire_context wire = wire_context_of(p->in->sim, p->gl);
	struct placed_message *marks;
	size_t count = 0;
	uint32_t shown = 0;

	marks = xcalloc(s->message_count + 1, sizeof *marks);
	for (size_t i = 0; i < s->message_count; i++) {
		const struct sim_message_view *m = &s->messages[i];
		struct rect a, b;
		struct path path;
		char why[64];
		const char *glyph = p->sh->message;
		enum cell_style style = CELL_MESSAGE;
		double progress = 0;
		int k;
		bool doomed;

		if (!endpoint(p, m->from, &a) || !endpoint(p, m->to, &b))
			continue;
		trace(p, a, b, &path);
		if (path.count == 0)
			continue;
		if (m->deliver_us > m->sent_us && s->now_us > m->sent_us)
			progress = (double)(s->now_us - m->sent_us) /
			           (double)(m->deliver_us - m->sent_us);
		if (progress > 1)
			progress = 1;
		doomed = faults_link_cut(p->in->sim, m->from, m->to, why,
		                         sizeof why) != NULL;
		if (doomed) {
			glyph = p->sh->doomed;
			style = CELL_DOOMED;
		} else if (m->kind == MSG_PULL) {
			glyph = p->sh->pull;
			style = CELL_CONTROL;
		} else if (seen_before(s, i)) {
			glyph = p->sh->duplicate;
			style = CELL_DUPLICATE;
		} else if (m->kind == MSG_ACK) {
			glyph = p->sh->ack;
			style = CELL_CONTROL;
		} else if (m->kind == MSG_NACK) {
			glyph = p->sh->nack;
			style = CELL_CONTROL;
		}
		/* Peer to peer has no fixed links: a message leaves a trail,
		 * while there are few enough that trails do not become a
		 * mesh. */
		if ((!p->relay || p->n > SPOKES_MAX ||
		     p->box == NETVIEW_TINY) &&
		    s->message_count <= TRAILS_MAX)
			for (int t = 0; t < path.count; t++)
				cellgrid_put(p->g, path.y[t], path.x[t],
				             p->sh->trail, CELL_LINK,
				             LAYER_LINE);
		k = (int)lround(progress * (path.count - 1));
		if (cellgrid_put(p->g, path.y[k], path.x[k], glyph, style,
		                 LAYER_MARK)) {
			marks[count++] = (struct placed_message){
			    path.y[k], path.x[k], i, doomed};
			shown++;
		}
	}
	/* Labels after every glyph, where they cover nothing but lines;
	 * the first LABELS_MAX only, so words never bury the picture. */
	for (size_t i = 0; i < count && i < LABELS_MAX; i++) {
		const struct sim_message_view *m = &s->messages[marks[i].index];
		char text[TEXT_MAX];
		int w;

		if (marks[i].doomed)
			snprintf(text, sizeof text, "lost");
		else
			wire_text(&wire, m->kind, &m->message, m->origin, 18,
			          text, sizeof text);
		w = cellgrid_columns(text);
		place_label(p, marks[i].y, marks[i].x, w, text,
		            marks[i].doomed ? CELL_DOOMED : CELL_PAYLOAD);
	}
	free(marks);
	return shown;
}

/* --- the legend ----------------------------------------------------------- */

static void draw_legend(struct picture *p)
{
	const struct shapes *sh = p->sh;
	char text[TEXT_MAX];
	int y = p->g->h - 1;

	if (p->area_h >= p->g->h - 1 && p->g->h < LEGEND_ROWS) {
		/* No legend row: still say when nodes did not fit. */
		if (p->shown < p->n) {
			snprintf(text, sizeof text,
			         "+%" PRIu32 " nodes not shown: a larger "
			         "window, or w for the table",
			         p->n - p->shown);
			cellgrid_text(p->g, y, 1, p->g->w - 1, text, CELL_LABEL,
			              LAYER_BOX);
		}
		return;
	}
	if (p->shown < p->n)
		snprintf(text, sizeof text,
		         "+%" PRIu32 " nodes not shown (the table view, w, "
		         "shows all) ",
		         p->n - p->shown);
	else
		text[0] = '\0';
	snprintf(text + strlen(text), sizeof text - strlen(text),
	         "%s message  %s pull  %s duplicate  %s will be lost  %s "
	         "behind  %s cut",
	         sh->message, sh->pull, sh->duplicate, sh->doomed,
	         p->gl->behind, sh->cut);
	cellgrid_text(p->g, y, 1, p->g->w - 1, text, CELL_LABEL, LAYER_BOX);
}

/* --- the picture ---------------------------------------------------------- */

void netview_draw(struct cellgrid *grid, const struct netview_input *in,
                  struct netview_result *result)
{
	struct picture p = {
	    .g = grid,
	    .in = in,
	    .s = in->summary,
	    .gl = in->glyphs,
	    .sh = in->glyphs->utf8 ? &shapes_utf8 : &shapes_ascii,
	    .n = in->summary->nodes,
	};

	*result = (struct netview_result){0};
	if (grid->w <= 0 || grid->h <= 0 || p.n == 0)
		return;
	p.relay = p.s->config->strategy->uses_relay;
	p.area_h = grid->h >= LEGEND_ROWS ? grid->h - 1 : grid->h;
	p.at = xcalloc(p.n + 1, sizeof *p.at);
	p.placed = xcalloc(p.n + 1, sizeof *p.placed);
	p.text = xcalloc(p.n, sizeof *p.text);
	for (uint32_t i = 0; i < p.n; i++)
		netview_node_words(&p, i, &p.text[i]);
	place(&p);
	/* Short of room for every node and with no legend row: keep the
	 * last row for the note that says so, and place again. */
	if (p.shown < p.n && p.area_h == grid->h && grid->h >= 2) {
		p.area_h = grid->h - 1;
		place(&p);
	}
	/* Boxes first: the top layer, so nothing else can cover them. */
	if (p.relay)
		netview_draw_relay(&p, p.at[p.n]);
	if (p.detail.h > 0)
		netview_draw_detail(&p, p.detail);
	for (uint32_t i = 0; i < p.n; i++) {
		char label[96];

		if (!p.placed[i])
			continue;
		if (p.box == NETVIEW_FULL) {
			netview_draw_full(&p, i, p.at[i]);
			continue;
		}
		netview_node_label(&p, i, p.box, label, sizeof label);
		cellgrid_text(grid, p.at[i].y, p.at[i].x, p.at[i].w, label,
		              i == in->selected             ? CELL_SELECTED
		              : p.s->node[i].down           ? CELL_DOWN
		              : summary_node_behind(p.s, i) ? CELL_BEHIND
		                                            : CELL_NODE,
		              LAYER_BOX);
	}
	for (uint32_t i = 0; i < p.n; i++) {
		bool spokes =
		    p.relay && p.n <= SPOKES_MAX && p.box != NETVIEW_TINY;

		if (p.placed[i] &&
		    (spokes || p.s->node[i].partition != PARTITION_NONE))
			draw_spoke(&p, i, p.relay);
	}
	result->messages_shown = draw_messages(&p);
	draw_legend(&p);
	result->box = p.box;
	result->nodes_shown = p.shown;
	free(p.at);
	free(p.placed);
	free(p.text);
}
