/*
 * The dashboard's geometry. Stacked on an 80x24 screen; on a wide one the
 * event log moves to a column on the right so that the vectors and the
 * messages get the full height. Every rectangle lies inside the screen.
 */
#include "view/layout.h"

#include <stddef.h>

static struct layout_rect rect(int y, int x, int h, int w)
{
	struct layout_rect r = {y, x, h > 0 ? h : 0, w > 0 ? w : 0};

	return r;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

void layout_compute(int cols, int rows, uint32_t nodes, bool big,
                    struct layout *out)
{
	layout_compute_with(cols, rows, nodes, big, NULL, out);
}

void layout_compute_with(int cols, int rows, uint32_t nodes, bool big,
                         const struct layout_extras *extras, struct layout *out)
{
	static const struct layout_extras none = {0};
	int y, body, vectors_h, rest, messages_h, left_w, caption_h;
	int per_node, min_vectors;
	long want_vectors;

	if (extras == NULL)
		extras = &none;
	/* A title row, then the rows of each node and of the truth. */
	per_node = extras->rows_per_node > 1 ? extras->rows_per_node : 1;
	want_vectors = 1 + (long)per_node * ((long)nodes + 1);
	min_vectors = 1 + 2 * per_node;
	if (min_vectors < LAYOUT_MIN_PART)
		min_vectors = LAYOUT_MIN_PART;
	*out = (struct layout){0};
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
		out->too_small = true;
		return;
	}
	y = 0;
	out->header = rect(y++, 0, 1, cols);
	if (extras->room)
		out->room = rect(y++, 0, 1, cols);
	if (extras->faults)
		out->faults = rect(y++, 0, 1, cols);
	out->banner = rect(y++, 0, 1, cols);
	if (!extras->numbers_hidden)
		out->numbers = rect(y++, 0, 1, cols);
	if (extras->reader)
		out->reader = rect(y++, 0, 1, cols);
	out->status = rect(rows - 1, 0, 1, cols);
	if (big) {
		out->big = rect(y, 0, LAYOUT_BIG_ROWS, cols);
		y += LAYOUT_BIG_ROWS;
	}
	body = rows - 1 - y;
	if (extras->timeline) {
		out->timeline = rect(rows - 2, 0, 1, cols);
		body--;
	}
	/* The caption comes out of the body, never below the minimum of
	 * the three parts it shares the screen with. */
	caption_h = min_int(extras->caption_rows,
	                    body - 2 * LAYOUT_MIN_PART - min_vectors);
	if (caption_h > 0) {
		body -= caption_h;
		out->caption = rect(y + body, 0, caption_h, cols);
	}
	out->wide = cols >= LAYOUT_WIDE_COLS;
	left_w = out->wide ? cols - cols * 2 / 5 : cols;

	if (out->wide) {
		/* The log takes the right column; the messages get what the
		 * vectors leave, but at least a third. */
		int max_vectors = body - body / 3;

		vectors_h = (int)(want_vectors < max_vectors ? want_vectors
		                                             : max_vectors);
		if (vectors_h < min_vectors)
			vectors_h = min_vectors;
		out->vectors = rect(y, 0, vectors_h, left_w);
		out->messages =
		    rect(y + vectors_h, 0, body - vectors_h, left_w);
		out->events = rect(y, left_w + 1, body, cols - left_w - 1);
		return;
	}
	/* Stacked: the vectors first (they are the point), but the messages
	 * and the log keep a title and two rows each. */
	vectors_h = (int)(want_vectors < body - 2 * LAYOUT_MIN_PART
	                      ? want_vectors
	                      : body - 2 * LAYOUT_MIN_PART);
	if (vectors_h < min_vectors)
		vectors_h = min_vectors;
	rest = body - vectors_h;
	messages_h = min_int(rest / 2, 1 + 12);
	out->vectors = rect(y, 0, vectors_h, cols);
	out->messages = rect(y + vectors_h, 0, messages_h, cols);
	out->events =
	    rect(y + vectors_h + messages_h, 0, rest - messages_h, cols);
}

uint32_t layout_scroll(uint32_t first, uint32_t visible, uint32_t count,
                       uint32_t selected)
{
	if (visible == 0 || count <= visible)
		return 0;
	if (selected >= count)
		selected = count - 1;
	if (selected < first)
		first = selected;
	else if (selected - first >= visible)
		first = selected - visible + 1;
	if (first > count - visible)
		first = count - visible;
	return first;
}
