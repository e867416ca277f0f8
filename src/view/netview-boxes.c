/*
 * The network view's boxes: a node's words (its name, value, how far
 * behind, its vector with its own slot marked, its faults) and the boxes
 * they go in, full or the selected one's detail, and the relay's. Draws
 * on the box layer only, inside the rectangle it is given.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "view/netview-internal.h"
#include "view/text.h"

/* --- words ----------------------------------------------------------- */

void netview_node_words(struct picture *p, uint32_t i, struct node_text *t)
{
	const struct summary *s = p->s;
	const struct summary_node *node = &s->node[i];
	const char *minus = p->gl->minus;
	char value[32];
	int title_w, vector_w;

	if (s->pn)
		text_signed(node->signed_value, minus, value, sizeof value);
	else
		snprintf(value, sizeof value, "%" PRIu64, node->value);
	t->mark[0] = '\0';
	t->faults[0] = '\0';
	if (node->down) {
		snprintf(t->title, sizeof t->title, "n%" PRIu32 " DOWN", i + 1);
		snprintf(t->vector, sizeof t->vector, "crashed");
		snprintf(t->mark, sizeof t->mark, "%s", p->sh->cut);
	} else {
		bool behind = summary_node_behind(s, i);

		if (behind && !s->pn && s->join_value > node->value)
			snprintf(t->title, sizeof t->title,
			         "n%" PRIu32 " %s %s%" PRIu64 " behind", i + 1,
			         value, minus, s->join_value - node->value);
		else
			snprintf(t->title, sizeof t->title, "n%" PRIu32 " %s%s",
			         i + 1, value, behind ? " behind" : "");
		if (behind)
			snprintf(t->mark, sizeof t->mark, "%s", p->gl->behind);
		if (s->pn)
			text_pn_vector(node->vector, FULL_MAX_COLS,
			               p->gl->ellipsis, minus, t->vector,
			               sizeof t->vector);
		else
			text_vector(node->vector, FULL_MAX_COLS,
			            p->gl->ellipsis, t->vector,
			            sizeof t->vector);
	}
	if (node->partition == PARTITION_BOTH)
		snprintf(t->faults, sizeof t->faults, "cut both ways");
	else if (node->partition == PARTITION_NO_RECEIVE)
		snprintf(t->faults, sizeof t->faults, "cut: no in");
	else if (node->partition == PARTITION_NO_SEND)
		snprintf(t->faults, sizeof t->faults, "cut: no out");
	if (node->partition != PARTITION_NONE && !node->down)
		snprintf(t->mark, sizeof t->mark, "/");
	title_w = cellgrid_columns(t->title);
	vector_w = cellgrid_columns(t->vector);
	t->full_w = 4 + (title_w > vector_w ? title_w : vector_w);
	if (cellgrid_columns(t->faults) + 4 > t->full_w)
		t->full_w = cellgrid_columns(t->faults) + 4;
}

/* The label a node gets in the one-line styles. */
void netview_node_label(const struct picture *p, uint32_t i,
                        enum netview_box box, char *buf, size_t cap)
{
	const struct summary_node *node = &p->s->node[i];
	const struct node_text *t = &p->text[i];
	char value[32];

	if (box == NETVIEW_TINY) {
		snprintf(buf, cap, "n%" PRIu32 "%s", i + 1, t->mark);
		return;
	}
	if (p->s->pn)
		text_signed(node->signed_value, p->gl->minus, value,
		            sizeof value);
	else
		snprintf(value, sizeof value, "%" PRIu64, node->value);
	snprintf(buf, cap, "[n%" PRIu32 " %s%s%s]", i + 1,
	         node->down ? "DOWN" : value,
	         node->partition != PARTITION_NONE && !node->down ? " cut" : "",
	         node->down ? "" : t->mark);
}

/* --- boxes --------------------------------------------------------------- */

/* A box with a border; the title on its top edge, words on its bottom. */
static void draw_box(struct picture *p, struct rect r, const char *title,
                     const char *bottom, bool selected, bool down,
                     enum cell_style style)
{
	const struct glyphs *gl = p->gl;
	const struct shapes *sh = p->sh;
	const char *h = selected ? sh->sel_h : down ? sh->down_h : gl->hline;
	const char *v = selected ? sh->sel_v : down ? sh->down_v : gl->vline;
	struct cellgrid *g = p->g;
	int right = r.x + r.w - 1, bottom_y = r.y + r.h - 1;

	for (int y = r.y; y <= bottom_y; y++)
		for (int x = r.x; x <= right; x++)
			cellgrid_put(g, y, x, " ", style, LAYER_BOX);
	for (int x = r.x + 1; x < right; x++) {
		cellgrid_put(g, r.y, x, h, style, LAYER_BOX);
		cellgrid_put(g, bottom_y, x, h, style, LAYER_BOX);
	}
	for (int y = r.y + 1; y < bottom_y; y++) {
		cellgrid_put(g, y, r.x, v, style, LAYER_BOX);
		cellgrid_put(g, y, right, v, style, LAYER_BOX);
	}
	cellgrid_put(g, r.y, r.x, selected ? sh->sel_tl : gl->corner_tl, style,
	             LAYER_BOX);
	cellgrid_put(g, r.y, right, selected ? sh->sel_tr : gl->corner_tr,
	             style, LAYER_BOX);
	cellgrid_put(g, bottom_y, r.x, selected ? sh->sel_bl : gl->corner_bl,
	             style, LAYER_BOX);
	cellgrid_put(g, bottom_y, right, selected ? sh->sel_br : gl->corner_br,
	             style, LAYER_BOX);
	if (title != NULL && title[0] != '\0') {
		int x = r.x + 1;

		x += cellgrid_text(g, r.y, x, 1, " ", style, LAYER_BOX);
		x += cellgrid_text(g, r.y, x, right - x - 1, title,
		                   down ? CELL_DOWN : CELL_TITLE, LAYER_BOX);
		cellgrid_text(g, r.y, x, right - x, " ", style, LAYER_BOX);
	}
	if (bottom != NULL && bottom[0] != '\0') {
		int x = r.x + 1;

		x += cellgrid_text(g, bottom_y, x, 1, " ", style, LAYER_BOX);
		x += cellgrid_text(g, bottom_y, x, right - x - 1, bottom,
		                   CELL_CUT, LAYER_BOX);
		cellgrid_text(g, bottom_y, x, right - x, " ", style, LAYER_BOX);
	}
}

/* A vector's text with the node's own slot (or slots) styled as its own:
 * slot k starts after the k-th comma of each bracketed half. */
static void draw_vector(struct picture *p, int y, int x, int max,
                        const char *text, uint32_t own, enum cell_style style)
{
	uint32_t slot = 0, half_slots = p->s->nodes;
	bool in_own = false;
	int cols = 0;

	for (const char *c = text; *c != '\0' && cols < max;) {
		char one[CELL_GLYPH_BYTES + 1];
		size_t n = 1;

		if (*c == '[') {
			slot = 0;
		} else if (*c == ',') {
			slot++;
		}
		in_own = *c >= '0' && *c <= '9' && (slot % half_slots) == own &&
		         (unsigned char)*c < 0x80 && *c != ' ';
		while (((unsigned char)c[n] & 0xc0) == 0x80 &&
		       n < CELL_GLYPH_BYTES)
			n++;
		memcpy(one, c, n);
		one[n] = '\0';
		cellgrid_put(p->g, y, x + cols, one, in_own ? CELL_OWN : style,
		             LAYER_BOX);
		c += n;
		cols++;
	}
}

void netview_draw_full(struct picture *p, uint32_t i, struct rect r)
{
	const struct summary_node *node = &p->s->node[i];
	const struct node_text *t = &p->text[i];
	bool selected = i == p->in->selected;
	bool behind = !node->down && summary_node_behind(p->s, i);
	enum cell_style style = node->down ? CELL_DOWN
	                        : selected ? CELL_SELECTED
	                        : behind   ? CELL_BEHIND
	                                   : CELL_NODE;

	draw_box(p, r, t->title, t->faults, selected, node->down, style);
	if (node->down)
		cellgrid_text(p->g, r.y + 1, r.x + 2, r.w - 4, t->vector,
		              CELL_DOWN, LAYER_BOX);
	else
		draw_vector(p, r.y + 1, r.x + 2, r.w - 4, t->vector, i,
		            CELL_NODE);
}

/* The selected node's box when the others are too small to show it:
 * its vector wrapped at commas over up to DETAIL_LINES lines. */
void netview_draw_detail(struct picture *p, struct rect r)
{
	uint32_t i = p->in->selected;
	const struct node_text *t = &p->text[i];
	char vector[TEXT_MAX * 2];
	int room = r.w - 4, line = 0;
	const char *c;

	netview_detail_vector(p, room, vector, sizeof vector);
	draw_box(p, r, t->title, t->faults, true, p->s->node[i].down,
	         CELL_SELECTED);
	c = vector;
	while (*c != '\0' && line < r.h - 2) {
		char part[TEXT_MAX * 2];
		int cols = 0, cut = 0;
		size_t len = 0, cut_len = 0;

		/* Up to the last comma that fits (or the room). */
		while (c[len] != '\0' && cols < room) {
			size_t n = 1;

			while (((unsigned char)c[len + n] & 0xc0) == 0x80)
				n++;
			len += n;
			cols++;
			if (c[len - 1] == ',' || c[len - 1] == ' ') {
				cut = cols;
				cut_len = len;
			}
		}
		if (c[len] != '\0' && cut > 0)
			len = cut_len;
		memcpy(part, c, len);
		part[len] = '\0';
		draw_vector(p, r.y + 1 + line, r.x + 2, room, part, i,
		            CELL_NODE);
		c += len;
		line++;
	}
}

void netview_draw_relay(struct picture *p, struct rect r)
{
	bool down = p->s->relay_down;

	if (r.h >= 3) {
		draw_box(p, r, NULL, NULL, false, down,
		         down ? CELL_DOWN : CELL_NODE);
		cellgrid_text(p->g, r.y + 1, r.x + 2, r.w - 4,
		              down ? "relay DOWN" : "relay",
		              down ? CELL_DOWN : CELL_TITLE, LAYER_BOX);
	} else {
		cellgrid_text(p->g, r.y, r.x, r.w,
		              down ? "[relay DOWN]" : "[relay]",
		              down ? CELL_DOWN : CELL_TITLE, LAYER_BOX);
	}
}

/* The selected node's vector for its detail box, in `room` columns a
 * line over DETAIL_LINES lines at most. */
void netview_detail_vector(const struct picture *p, int room, char *buf,
                           size_t cap)
{
	const struct summary_node *node = &p->s->node[p->in->selected];
	size_t max = (size_t)(room > 0 ? room : 1) * DETAIL_LINES - 2;

	if (node->down)
		snprintf(buf, cap, "crashed");
	else if (p->s->pn)
		text_pn_vector(node->vector, max, p->gl->ellipsis, p->gl->minus,
		               buf, cap);
	else
		text_vector(node->vector, max, p->gl->ellipsis, buf, cap);
}
