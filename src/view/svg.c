/*
 * The space-time diagram as SVG text. A row per moment, so that every
 * event and its words get room whatever the gaps in virtual time (the
 * time column says when); messages that brought no news to anyone are
 * left out (a note counts them), since on a slide they hide the few that
 * matter. Deterministic: integers only, no clock, no locale; bounded: at
 * most SVG_MAX_ROWS rows. Never writes a file: app/ does.
 */
#include "view/svg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "view/text.h"

#define LEFT   96  /* the time column */
#define COL_W  176 /* a node's column */
#define RIGHT  150 /* room for the last column's words */
#define TOP    104 /* the title and the column names */
#define ROW_H  30
#define BOTTOM 112 /* the legend and the notes */
#define FONT   "DejaVu Sans, Verdana, Arial, sans-serif"

struct palette {
	const char *bg, *fg, *muted, *lifeline, *line, *increment, *merged,
	    *nothing, *lost, *converged, *payload;
};

/* Dark for the screen's themes; light and mono print on white. */
static const struct palette palettes[THEME_COUNT] = {
    [THEME_DARK] = {"#16181d", "#e8e8e8", "#9aa0a6", "#3a3f47", "#8ab4f8",
                    "#f6c343", "#4ec9b0", "#9aa0a6", "#f26d7d", "#7bd88f",
                    "#c3d8ff"},
    [THEME_LIGHT] = {"#ffffff", "#111111", "#555555", "#cccccc", "#1a5fb4",
                     "#b35c00", "#0a7d5a", "#777777", "#c01c28", "#26a269",
                     "#1a3d7c"},
    [THEME_PROJECTOR] = {"#000000", "#ffffff", "#cccccc", "#555555", "#66b3ff",
                         "#ffd000", "#00e0b0", "#bbbbbb", "#ff4d6a", "#66ff88",
                         "#ddeeff"},
    [THEME_MONO] = {"#ffffff", "#000000", "#444444", "#bbbbbb", "#000000",
                    "#000000", "#000000", "#666666", "#000000", "#000000",
                    "#222222"},
};

/* --- a growing string ----------------------------------------------------- */

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	for (;;) {
		va_start(ap, fmt);
		w = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (w >= 0 && (size_t)w < o->cap - o->len) {
			o->len += (size_t)w;
			return;
		}
		o->cap = o->cap * 2 + (w > 0 ? (size_t)w : 0) + 256;
		o->buf = xrealloc(o->buf, o->cap, 1);
	}
}

/* Text for an XML text node or attribute. */
static void put_text(struct out *o, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			put(o, "&amp;");
		else if (*s == '<')
			put(o, "&lt;");
		else if (*s == '>')
			put(o, "&gt;");
		else if (*s == '"')
			put(o, "&quot;");
		else if ((unsigned char)*s < 0x20)
			put(o, " ");
		else
			put(o, "%c", *s);
	}
}

/* --- which messages are drawn --------------------------------------------- */

struct ids {
	uint64_t *id;
	size_t count, cap;
};

static void ids_add(struct ids *s, uint64_t id)
{
	if (s->count == s->cap) {
		s->cap = s->cap * 2 + 64;
		s->id = xrealloc(s->id, s->cap, sizeof *s->id);
	}
	s->id[s->count++] = id;
}

static int compare_ids(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void ids_sort(struct ids *s)
{
	size_t w = 0;

	qsort(s->id, s->count, sizeof *s->id, compare_ids);
	for (size_t i = 0; i < s->count; i++)
		if (w == 0 || s->id[w - 1] != s->id[i])
			s->id[w++] = s->id[i];
	s->count = w;
}

/* The index of id in the sorted set, or -1. */
static long ids_find(const struct ids *s, uint64_t id)
{
	size_t lo = 0, hi = s->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->id[mid] < id)
			lo = mid + 1;
		else if (s->id[mid] > id)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

static bool is_message(const struct spacetime_event *e)
{
	return e->kind == SPACETIME_SEND || e->kind == SPACETIME_DELIVER ||
	       e->kind == SPACETIME_DROP || e->kind == SPACETIME_LOST;
}

/* Links whose losses are told once per news: up to this many nodes a
 * table of (from, to) pairs, past it every loss is drawn. */
#define LINK_TABLE_NODES 64

static size_t link_index(uint32_t who, uint32_t nodes)
{
	return who == SIM_RELAY ? nodes : who;
}

/* Messages that brought news (a delivery that changed its receiver),
 * and those lost or dropped (on each link, the first since the last
 * increment: the rest repeat it); and what reached the relay when what
 * the relay passed on at that moment brought news. */
static void kept_messages(const struct spacetime *rec, uint32_t nodes,
                          struct ids *kept)
{
	size_t n = spacetime_count(rec), side = (size_t)nodes + 1;
	uint64_t forwarded_at = UINT64_MAX, epoch = 1;
	uint64_t *told = NULL; /* per link: the epoch of its last loss drawn */

	if (nodes <= LINK_TABLE_NODES)
		told = xcalloc(side * side, sizeof *told);
	for (size_t i = 0; i < n; i++) {
		const struct spacetime_event *e = spacetime_get(rec, i);

		if (e->kind == SPACETIME_INCREMENT)
			epoch++;
		if (e->kind == SPACETIME_DELIVER && e->changed) {
			ids_add(kept, e->message_id);
		} else if (e->kind == SPACETIME_LOST ||
		           e->kind == SPACETIME_DROP) {
			uint32_t from =
			    e->kind == SPACETIME_LOST ? e->peer : e->node;
			uint32_t to =
			    e->kind == SPACETIME_LOST ? e->node : e->peer;
			size_t a = link_index(from, nodes),
			       b = link_index(to, nodes);

			if (told != NULL && a < side && b < side) {
				if (told[a * side + b] == epoch)
					continue;
				told[a * side + b] = epoch;
			}
			ids_add(kept, e->message_id);
		}
	}
	free(told);
	ids_sort(kept);
	for (size_t i = n; i > 0; i--) {
		const struct spacetime_event *e = spacetime_get(rec, i - 1);

		if (e->kind == SPACETIME_SEND && e->node == SIM_RELAY &&
		    ids_find(kept, e->message_id) >= 0)
			forwarded_at = e->time_us;
		else if (e->kind == SPACETIME_DELIVER && e->node == SIM_RELAY &&
		         e->time_us == forwarded_at)
			ids_add(kept, e->message_id);
	}
	ids_sort(kept);
}

/* --- the picture ---------------------------------------------------------- */

struct picture {
	const struct spacetime *rec;
	const struct svg_options *o;
	const struct palette *pal;
	struct out *out;
	struct ids kept;
	int *row;             /* per event: its row, or -1 */
	int rows;             /* rows drawn */
	int *send_x, *send_y; /* per kept message: where it left (-1) */
	int *arrivals;        /* per kept message: copies drawn so far */
	uint32_t columns;
};

static int col_x(const struct picture *p, uint32_t who)
{
	return LEFT +
	       (int)spacetime_column(who, p->o->nodes, p->o->relay) * COL_W +
	       COL_W / 2;
}

static int row_y(int row)
{
	return TOP + row * ROW_H + ROW_H / 2;
}

static bool known(const struct picture *p, uint32_t who)
{
	if (who == SIM_RELAY)
		return p->o->relay;
	return who < p->o->nodes;
}

/* Rows for the events drawn: a row per moment; convergence its own. */
static void assign_rows(struct picture *p, struct svg_result *result)
{
	size_t n = spacetime_count(p->rec);
	const struct spacetime_event *last = NULL;
	int row = -1;
	bool cut = false;

	for (size_t i = 0; i < n; i++) {
		const struct spacetime_event *e = spacetime_get(p->rec, i);
		bool rule = e->kind == SPACETIME_CONVERGED ||
		            e->kind == SPACETIME_FAULT;
		bool drawn =
		    e->kind == SPACETIME_INCREMENT || rule ||
		    (is_message(e) && ids_find(&p->kept, e->message_id) >= 0);

		p->row[i] = -1;
		if (rule) {
			/* A rule across: no column to check. */
		} else if (!drawn || !known(p, e->node) ||
		           (is_message(e) && !known(p, e->peer) &&
		            e->kind != SPACETIME_CONVERGED)) {
			if (is_message(e) && e->kind == SPACETIME_SEND &&
			    !drawn)
				result->quiet_left_out++;
			continue;
		}
		if (last == NULL || last->time_us != e->time_us ||
		    last->kind == SPACETIME_CONVERGED ||
		    last->kind == SPACETIME_FAULT || rule) {
			if (row + 1 >= SVG_MAX_ROWS)
				cut = true;
			if (cut)
				result->rows_cut++;
			else
				row++;
		}
		last = e;
		if (!cut)
			p->row[i] = row;
	}
	p->rows = row + 1;
	result->rows = (size_t)p->rows;
}

static void draw_head(struct picture *p, int width)
{
	struct out *o = p->out;
	const struct palette *pal = p->pal;

	put(o,
	    "<text x=\"24\" y=\"36\" font-size=\"22\" font-weight=\"bold\" "
	    "fill=\"%s\">",
	    pal->fg);
	put_text(o, p->o->title != NULL && p->o->title[0] != '\0'
	                ? p->o->title
	                : "gcounter: space-time diagram");
	put(o, "</text>\n");
	if (p->o->about != NULL) {
		put(o, "<text x=\"24\" y=\"58\" font-size=\"13\" fill=\"%s\">",
		    pal->muted);
		put_text(o, p->o->about);
		put(o, "</text>\n");
	}
	put(o,
	    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\" "
	    "text-anchor=\"end\">time</text>\n",
	    LEFT - 12, TOP - 14, pal->muted);
	for (uint32_t c = 0; c <= p->o->nodes; c++) {
		uint32_t who = c == p->o->nodes ? SIM_RELAY : c;
		char name[16];
		int x;

		if (who == SIM_RELAY && !p->o->relay)
			continue;
		x = col_x(p, who);
		if (who == SIM_RELAY)
			snprintf(name, sizeof name, "relay");
		else
			sim_node_name(who, name, sizeof name);
		put(o,
		    "<text x=\"%d\" y=\"%d\" font-size=\"15\" "
		    "font-weight=\"bold\" text-anchor=\"middle\" "
		    "fill=\"%s\">%s</text>\n",
		    x, TOP - 14, pal->fg, name);
		put(o,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"%s\" "
		    "stroke-width=\"2\"%s/>\n",
		    x, TOP - 6, x, TOP + p->rows * ROW_H, pal->lifeline,
		    who == SIM_RELAY ? " stroke-dasharray=\"6 4\"" : "");
	}
	(void)width;
}

static void draw_cross(struct picture *p, int x, int y)
{
	put(p->out,
	    "<path d=\"M%d %dl10 10m0 -10l-10 10\" stroke=\"%s\" "
	    "stroke-width=\"2.5\"/>\n",
	    x - 5, y - 5, p->pal->lost);
}

/* A message's words at the middle of its line, on a halo of the
 * background so a crossing line does not hide them. */
static void draw_words(struct picture *p, int x, int y, const char *words,
                       const char *colour)
{
	if (words[0] == '\0')
		return;
	put(p->out,
	    "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
	    "fill=\"%s\" stroke=\"%s\" stroke-width=\"4\" "
	    "paint-order=\"stroke\">",
	    x, y - 3, colour, p->pal->bg);
	put_text(p->out, words);
	put(p->out, "</text>\n");
}

static void draw_messages(struct picture *p, struct svg_result *result)
{
	size_t n = spacetime_count(p->rec);
	const struct palette *pal = p->pal;

	for (size_t i = 0; i < n; i++) {
		const struct spacetime_event *e = spacetime_get(p->rec, i);
		long k;
		int x, y, x0, y0;

		if (p->row[i] < 0 || !is_message(e))
			continue;
		k = ids_find(&p->kept, e->message_id);
		if (k < 0)
			continue;
		x = col_x(p, e->node);
		y = row_y(p->row[i]);
		if (e->kind == SPACETIME_SEND) {
			p->send_x[k] = x;
			p->send_y[k] = y;
			continue;
		}
		if (e->kind == SPACETIME_DROP) {
			int to = col_x(p, e->peer);
			int x1 = x + (to - x) * 35 / 100,
			    y1 = y + ROW_H * 2 / 3;

			put(p->out,
			    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			    "stroke=\"%s\" stroke-width=\"1.6\" "
			    "stroke-dasharray=\"4 3\"/>\n",
			    x, y, x1, y1, pal->lost);
			draw_cross(p, x1, y1);
			draw_words(p, (x + x1) / 2, (y + y1) / 2, "dropped",
			           pal->lost);
			result->messages_drawn++;
			continue;
		}
		/* A delivery or a loss: from its send, or from the top edge
		 * when it was sent before what the SVG shows. */
		x0 = p->send_x[k] >= 0 ? p->send_x[k] : col_x(p, e->peer);
		y0 = p->send_x[k] >= 0 ? p->send_y[k] : TOP;
		p->arrivals[k]++;
		put(p->out,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"%s\" "
		    "stroke-width=\"1.6\"%s marker-end=\"url(#%s)\"/>\n",
		    x0, y0, x, y,
		    e->kind == SPACETIME_LOST ? pal->lost : pal->line,
		    p->arrivals[k] > 1 ? " stroke-dasharray=\"5 3\"" : "",
		    e->kind == SPACETIME_LOST ? "lost" : "arrow");
		result->messages_drawn++;
		/* The words of the send, found by its id. */
		for (size_t s = i; s > 0; s--) {
			const struct spacetime_event *send =
			    spacetime_get(p->rec, s - 1);

			if (send->kind == SPACETIME_SEND &&
			    send->message_id == e->message_id) {
				char words[SPACETIME_LABEL + 16];

				snprintf(words, sizeof words, "%s%s",
				         p->arrivals[k] > 1 ? "copy: " : "",
				         send->label);
				if (p->send_x[k] >= 0)
					draw_words(p, (x0 + x) / 2,
					           (y0 + y) / 2, words,
					           pal->payload);
				break;
			}
			if (i - s > 4096)
				break;
		}
		if (e->kind == SPACETIME_LOST)
			draw_cross(p, x, y);
	}
}

static void draw_events(struct picture *p)
{
	size_t n = spacetime_count(p->rec);
	const struct palette *pal = p->pal;
	int last_row = -1;

	for (size_t i = 0; i < n; i++) {
		const struct spacetime_event *e = spacetime_get(p->rec, i);
		int y, x;
		char at[32];

		if (p->row[i] < 0)
			continue;
		y = row_y(p->row[i]);
		if (p->row[i] != last_row) {
			last_row = p->row[i];
			text_time(e->time_us, at, sizeof at);
			put(p->out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
			    "text-anchor=\"end\" fill=\"%s\">%s</text>\n",
			    LEFT - 12, y + 4, pal->muted, at);
		}
		if (e->kind == SPACETIME_CONVERGED ||
		    e->kind == SPACETIME_FAULT) {
			int right = LEFT + (int)p->columns * COL_W;
			const char *colour = e->kind == SPACETIME_FAULT
			                         ? pal->lost
			                         : pal->converged;

			/* The words above the rule, on the right, where
			 * they cross the fewest lines. */
			put(p->out,
			    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
			    "stroke=\"%s\" stroke-width=\"2\" "
			    "stroke-dasharray=\"%s\"/>\n",
			    LEFT, y, right, y, colour,
			    e->kind == SPACETIME_FAULT ? "3 4" : "10 5");
			put(p->out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"13\" "
			    "font-weight=\"bold\" text-anchor=\"end\" "
			    "fill=\"%s\" stroke=\"%s\" stroke-width=\"4\" "
			    "paint-order=\"stroke\">",
			    right, y - 5, colour, pal->bg);
			put_text(p->out, e->label);
			put(p->out, "</text>\n");
			continue;
		}
		x = col_x(p, e->node);
		if (e->kind == SPACETIME_INCREMENT) {
			put(p->out,
			    "<rect x=\"%d\" y=\"%d\" width=\"10\" "
			    "height=\"10\" "
			    "transform=\"rotate(45 %d %d)\" fill=\"%s\"/>\n",
			    x - 5, y - 5, x, y, pal->increment);
			put(p->out,
			    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
			    "font-weight=\"bold\" fill=\"%s\">%s%" PRIu64 " ",
			    x + 10, y + 4, pal->increment,
			    e->decrement ? "\u2212" : "+", e->amount);
			put_text(p->out, e->label);
			put(p->out, "</text>\n");
		} else if (e->kind == SPACETIME_DELIVER &&
		           e->node == SIM_RELAY) {
			/* The relay holds nothing: it passes the message on. */
			put(p->out,
			    "<rect x=\"%d\" y=\"%d\" width=\"10\" "
			    "height=\"10\" fill=\"%s\"/>\n",
			    x - 5, y - 5, pal->line);
		} else if (e->kind == SPACETIME_DELIVER) {
			put(p->out,
			    "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\" "
			    "stroke=\"%s\" stroke-width=\"2\"/>\n",
			    x, y, e->changed ? pal->merged : pal->bg,
			    e->changed ? pal->merged : pal->nothing);
			if (e->changed && e->label[0] != '\0') {
				put(p->out,
				    "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
				    "fill=\"%s\">",
				    x + 9, y + 4, pal->merged);
				put_text(p->out, e->label);
				put(p->out, "</text>\n");
			}
		} else if (e->kind == SPACETIME_SEND ||
		           e->kind == SPACETIME_DROP) {
			put(p->out,
			    "<circle cx=\"%d\" cy=\"%d\" r=\"3\" "
			    "fill=\"%s\"/>\n",
			    x, y, pal->line);
		}
	}
}

static void draw_legend(struct picture *p, const struct svg_result *result,
                        int y)
{
	struct out *o = p->out;
	const struct palette *pal = p->pal;
	char note[320];
	int x = 24;

	put(o,
	    "<g font-size=\"12\" fill=\"%s\">\n"
	    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
	    "transform=\"rotate(45 %d %d)\" fill=\"%s\"/>"
	    "<text x=\"%d\" y=\"%d\">increment, with the vector after</text>\n",
	    pal->fg, x, y - 5, x + 5, y, pal->increment, x + 16, y + 4);
	x += 250;
	put(o,
	    "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>"
	    "<text x=\"%d\" y=\"%d\">delivery that changed its receiver"
	    "</text>\n",
	    x, y, pal->merged, x + 12, y + 4);
	x += 250;
	put(o,
	    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
	    "fill=\"%s\"/><text x=\"%d\" y=\"%d\">the relay passes it "
	    "on</text>\n",
	    x - 5, y - 5, pal->line, x + 12, y + 4);
	x += 170;
	put(o,
	    "<path d=\"M%d %dl10 10m0 -10l-10 10\" stroke=\"%s\" "
	    "stroke-width=\"2.5\"/><text x=\"%d\" y=\"%d\">lost or "
	    "dropped</text>\n",
	    x - 5, y - 5, pal->lost, x + 12, y + 4);
	x += 130;
	put(o,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
	    "stroke-width=\"2\" stroke-dasharray=\"10 5\"/>"
	    "<text x=\"%d\" y=\"%d\">converged</text>\n</g>\n",
	    x - 6, y, x + 20, y, pal->converged, x + 26, y + 4);
	note[0] = '\0';
	if (result->quiet_left_out > 0)
		snprintf(note, sizeof note,
		         "%" PRIu64 " messages that brought no news (or "
		         "repeated a loss) are not drawn. ",
		         result->quiet_left_out);
	if (result->rows_cut > 0)
		snprintf(note + strlen(note), sizeof note - strlen(note),
		         "Cut at %d moments: %zu later moments are not drawn "
		         "(--svg-window T1-T2 shows another part). ",
		         SVG_MAX_ROWS, result->rows_cut);
	if (spacetime_missed(p->rec) > 0 || spacetime_forgotten(p->rec) > 0)
		snprintf(note + strlen(note), sizeof note - strlen(note),
		         "The record was full: %" PRIu64 " events not kept.",
		         spacetime_missed(p->rec) +
		             spacetime_forgotten(p->rec));
	if (note[0] != '\0') {
		put(o,
		    "<text x=\"24\" y=\"%d\" font-size=\"12\" fill=\"%s\" "
		    "font-style=\"italic\">",
		    y + 32, pal->muted);
		put_text(o, note);
		put(o, "</text>\n");
	}
}

char *svg_render(const struct spacetime *rec, const struct svg_options *opts,
                 struct svg_result *result, size_t *len)
{
	struct out o = {0};
	size_t n = spacetime_count(rec);
	struct picture p = {
	    .rec = rec,
	    .o = opts,
	    .pal = &palettes[(unsigned)opts->theme < THEME_COUNT ? opts->theme
	                                                         : THEME_DARK],
	    .out = &o,
	};
	int width, height;

	*result = (struct svg_result){0};
	p.columns = opts->nodes + (opts->relay ? 1 : 0);
	kept_messages(rec, opts->nodes, &p.kept);
	p.row = xcalloc(n + 1, sizeof *p.row);
	p.send_x = xcalloc(p.kept.count + 1, sizeof *p.send_x);
	p.send_y = xcalloc(p.kept.count + 1, sizeof *p.send_y);
	p.arrivals = xcalloc(p.kept.count + 1, sizeof *p.arrivals);
	for (size_t i = 0; i < p.kept.count; i++)
		p.send_x[i] = -1;
	assign_rows(&p, result);
	width = LEFT + (int)p.columns * COL_W + RIGHT;
	if (width < 960)
		width = 960;
	height = TOP + p.rows * ROW_H + BOTTOM;
	put(&o,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\">\n",
	    width, height, width, height, FONT);
	put(&o, "<title>");
	put_text(&o, opts->title != NULL && opts->title[0] != '\0'
	                 ? opts->title
	                 : "gcounter space-time diagram");
	put(&o, "</title>\n");
	put(&o,
	    "<defs>\n"
	    "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" "
	    "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
	    "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" "
	    "fill=\"%s\"/></marker>\n"
	    "<marker id=\"lost\" viewBox=\"0 0 10 10\" refX=\"10\" "
	    "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
	    "orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" "
	    "fill=\"%s\"/></marker>\n</defs>\n",
	    p.pal->line, p.pal->lost);
	put(&o, "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n",
	    p.pal->bg);
	draw_head(&p, width);
	draw_messages(&p, result);
	draw_events(&p);
	if (p.rows == 0)
		put(&o,
		    "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"%s\">"
		    "nothing happened in this window</text>\n",
		    LEFT, TOP + 20, p.pal->muted);
	draw_legend(&p, result, TOP + p.rows * ROW_H + 40);
	put(&o, "</svg>\n");
	free(p.row);
	free(p.send_x);
	free(p.send_y);
	free(p.arrivals);
	free(p.kept.id);
	*len = o.len;
	return o.buf;
}
