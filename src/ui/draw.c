/*
 * The dashboard's drawing primitives. Each clips to its rectangle and to
 * the screen, and sets the role's attributes itself, so a caller never
 * leaves a colour behind for the next part. Inside a frame the calls are
 * kept, and a row drawn with the same calls as in the last frame is left
 * as curses has it: the screen must never differ from what the calls, made
 * in order over an erased screen, would have drawn.
 */
#include "ui/draw.h"

#include <curses.h>
#include <stdarg.h>
#include <wchar.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "view/text.h"

/* --- the frame's calls, kept ---------------------------------------------
 *
 * Redrawing all of a frame into curses costs more than anything else in a
 * render (curses decodes every character of every string, then compares
 * every line), and most rows show what they showed a frame ago. So a frame
 * keeps its calls, each with its row, in order; at the end a row whose
 * calls are the last frame's (the same strings, places and attributes) is
 * not touched, and any other is cleared and its calls made again, in their
 * order. A row's cells depend only on the calls on that row and on the
 * window attributes each is made with (kept with it), so the screen is the
 * one the whole frame drawn over an erased screen would have been. */

enum op_kind { OP_PUT, OP_FILL };

struct op {
	enum op_kind kind;
	int y, x, n; /* n: the bytes put, or the cells filled */
	int cols;    /* the cells it covers, x to x + cols - 1 */
	int attrs;   /* the window's attributes when it is made */
	chtype fill; /* OP_FILL: the cell it repeats */
	size_t at;   /* OP_PUT: where its bytes are in the log's text */
	size_t next; /* the next call on the same row, or NO_OP */
};

#define NO_OP ((size_t)-1)

struct frame_log {
	struct op *ops;
	size_t count, cap;
	char *text;
	size_t len, text_cap;
	size_t *head, *tail; /* per row: its first and last call */
	bool *wide;          /* per row: a string on it has a character
	                        not one column wide */
	int rows;
};

static struct {
	bool on;     /* between draw_frame_begin and draw_frame_end */
	bool spills; /* a string with a control character (curses
	                may take it past its row): draw all of it */
	int attrs;   /* the window's attributes as the calls go */
	struct frame_log now, last;
	bool *kept;             /* per row: the screen shows last's calls */
	unsigned char *covered; /* per column: a call of the row covers it */
	int rows, cols;         /* the screen the rows were kept for */
	const WINDOW *win;      /* (a new screen is a new stdscr) */
	chtype background;      /* what an erased cell is */
} frame;

static void log_reset(struct frame_log *log, int rows)
{
	if (log->rows != rows) {
		free(log->head);
		free(log->tail);
		free(log->wide);
		log->wide = xcalloc((size_t)rows, sizeof *log->wide);
		log->head = xcalloc((size_t)rows, sizeof *log->head);
		log->tail = xcalloc((size_t)rows, sizeof *log->tail);
		log->rows = rows;
	}
	for (int y = 0; y < rows; y++) {
		log->head[y] = log->tail[y] = NO_OP;
		log->wide[y] = false;
	}
	log->count = 0;
	log->len = 0;
}

static void log_free(struct frame_log *log)
{
	free(log->ops);
	free(log->text);
	free(log->head);
	free(log->tail);
	free(log->wide);
	*log = (struct frame_log){0};
}

static void log_add(struct frame_log *log, struct op op, const char *bytes)
{
	size_t len = op.kind == OP_PUT ? (size_t)op.n : 0;

	if (log->count == log->cap) {
		log->cap = log->cap ? log->cap * 2 : 256;
		log->ops = xrealloc(log->ops, log->cap, sizeof *log->ops);
	}
	if (log->len + len > log->text_cap) {
		while (log->len + len > log->text_cap)
			log->text_cap =
			    log->text_cap ? log->text_cap * 2 : 8192;
		log->text = xrealloc(log->text, log->text_cap, 1);
	}
	op.at = log->len;
	op.next = NO_OP;
	if (len > 0) {
		int chars = 0;

		memcpy(log->text + log->len, bytes, len);
		/* One column per character (UTF-8 lead bytes)? As many
		 * columns as bytes can only be one-byte characters. */
		if (op.cols != (int)len) {
			for (size_t i = 0; i < len; i++)
				chars +=
				    ((unsigned char)bytes[i] & 0xC0) != 0x80;
			if (chars != op.cols)
				log->wide[op.y] = true;
		}
	}
	log->len += len;
	if (log->tail[op.y] == NO_OP)
		log->head[op.y] = log->count;
	else
		log->ops[log->tail[op.y]].next = log->count;
	log->tail[op.y] = log->count;
	log->ops[log->count++] = op;
}

/* Whether the row being drawn holds, in this frame and on the screen,
 * only characters one column wide (see put_cells). */
static bool row_narrow;

/* A string of one-column characters put as curses' cells: the cells
 * waddnstr makes of it (each character, A_NORMAL, rendered with the
 * window's attributes and background: wadd_wchnstr renders each as
 * waddch does), without ncursesw decoding it byte by byte (some 300
 * instructions a character). Only on a row without wide characters, in
 * the frame or on the screen: then there are no halves of one to mend,
 * the one thing the two calls do differently. False, having drawn
 * nothing, for anything else: a character that is not printable or not
 * one column wide. */
static bool put_cells(int y, int x, const char *s, int n)
{
	cchar_t cells[DRAW_LINE_MAX];
	mbstate_t state;
	int count = 0;

	memset(&state, 0, sizeof state);
	for (int i = 0; i < n && count < DRAW_LINE_MAX;) {
		unsigned char b = (unsigned char)s[i];
		wchar_t wc = b;

		if (b >= 0x80) {
			size_t used =
			    mbrtowc(&wc, s + i, (size_t)(n - i), &state);

			if (used == 0 || used > (size_t)(n - i) ||
			    wcwidth(wc) != 1)
				return false;
			i += (int)used;
		} else if (b >= 0x20 && b < 0x7F) {
			i++;
		} else {
			return false;
		}
		memset(&cells[count], 0, sizeof cells[count]);
		cells[count++].chars[0] = wc;
	}
	if (count == 0 || count >= DRAW_LINE_MAX)
		return false;
	mvwadd_wchnstr(stdscr, y, x, cells, count);
	return true;
}

static void op_draw(const struct frame_log *log, const struct op *op)
{
	attrset(op->attrs);
	if (op->kind == OP_PUT) {
		if (!row_narrow ||
		    !put_cells(op->y, op->x, log->text + op->at, op->n))
			mvaddnstr(op->y, op->x, log->text + op->at, op->n);
	} else {
		mvhline(op->y, op->x, op->fill, op->n);
	}
}

static bool op_same(const struct frame_log *a, const struct op *p,
                    const struct frame_log *b, const struct op *q)
{
	return p->kind == q->kind && p->x == q->x && p->n == q->n &&
	       p->attrs == q->attrs && p->fill == q->fill &&
	       (p->kind != OP_PUT ||
	        memcmp(a->text + p->at, b->text + q->at, (size_t)p->n) == 0);
}

/* Whether log's calls on row y from i on are strings left to right, none
 * over another, from column *end on; moves *end past them. */
static bool puts_in_order(const struct frame_log *log, size_t i, int *end)
{
	for (; i != NO_OP; i = log->ops[i].next) {
		const struct op *p = &log->ops[i];

		if (p->kind != OP_PUT || p->x < *end || p->cols <= 0 ||
		    p->x + p->cols > frame.cols)
			return false;
		*end = p->x + p->cols;
	}
	return true;
}

static bool same_place(const struct op *p, const struct op *q)
{
	return p->kind == q->kind && p->x == q->x && p->cols == q->cols &&
	       (p->kind == OP_PUT || p->fill == q->fill);
}

/* Row y drawn again by remaking only what changed, if that comes to the
 * same. It does when both frames' calls on the row are its fills first,
 * the same in both (a bar's background), then strings left to right,
 * none over another: then a string's cells hold only that string. So
 * while the calls are in the same places, one whose bytes or attributes
 * changed is put again over its old self; from the first that moved
 * (column c0, the start of the earlier of the two), nothing before c0
 * reaches past it, so the row is erased from c0 and what the fills and
 * the strings from there make is drawn again. False, having drawn
 * nothing, if not. */
static bool row_patch(int y)
{
	const struct frame_log *now = &frame.now, *last = &frame.last;
	size_t i = now->head[y], j = last->head[y], fills = now->head[y], moved;
	int end = 0, now_end, last_end, c0;

	/* The fills, the same in both. */
	while (i != NO_OP && now->ops[i].kind == OP_FILL) {
		if (j == NO_OP ||
		    !op_same(now, &now->ops[i], last, &last->ops[j]))
			return false;
		i = now->ops[i].next;
		j = last->ops[j].next;
	}
	if (j != NO_OP && last->ops[j].kind == OP_FILL)
		return false;
	/* The strings in the same places. */
	while (i != NO_OP && j != NO_OP &&
	       same_place(&now->ops[i], &last->ops[j])) {
		const struct op *p = &now->ops[i];

		if (p->kind != OP_PUT || p->x < end || p->cols <= 0 ||
		    p->x + p->cols > frame.cols)
			return false;
		end = p->x + p->cols;
		i = now->ops[i].next;
		j = last->ops[j].next;
	}
	now_end = last_end = end;
	if (!puts_in_order(now, i, &now_end) ||
	    !puts_in_order(last, j, &last_end))
		return false;
	moved = i;
	c0 = i == NO_OP   ? (j == NO_OP ? frame.cols : last->ops[j].x)
	     : j == NO_OP ? now->ops[i].x
	                  : draw_min(now->ops[i].x, last->ops[j].x);
	/* The strings that stayed where they were. */
	for (i = fills, j = last->head[y]; i != moved;
	     i = now->ops[i].next, j = last->ops[j].next)
		if (now->ops[i].kind == OP_PUT &&
		    !op_same(now, &now->ops[i], last, &last->ops[j]))
			op_draw(now, &now->ops[i]);
	if (c0 >= frame.cols)
		return true;
	wmove(stdscr, y, c0);
	wclrtoeol(stdscr);
	for (i = fills; i != NO_OP && now->ops[i].kind == OP_FILL;
	     i = now->ops[i].next) {
		const struct op *f = &now->ops[i];
		int from = draw_max(f->x, c0);

		if (f->x + f->n > from) {
			attrset(f->attrs);
			mvhline(y, from, f->fill, f->x + f->n - from);
		}
	}
	for (i = moved; i != NO_OP; i = now->ops[i].next)
		op_draw(now, &now->ops[i]);
	return true;
}

/* Whether row y's calls this frame are last frame's. */
static bool row_same(int y)
{
	size_t i = frame.now.head[y], j = frame.last.head[y];

	while (i != NO_OP && j != NO_OP) {
		if (!op_same(&frame.now, &frame.now.ops[i], &frame.last,
		             &frame.last.ops[j]))
			return false;
		i = frame.now.ops[i].next;
		j = frame.last.ops[j].next;
	}
	return i == NO_OP && j == NO_OP;
}

void draw_forget_touched(void)
{
	if (frame.kept == NULL || frame.win != stdscr)
		return;
	for (int y = 0; y < frame.rows && y < LINES; y++)
		if (is_linetouched(stdscr, y))
			frame.kept[y] = false;
}

void draw_frame_begin(void)
{
	bool same_screen = frame.win == stdscr && frame.rows == LINES &&
	                   frame.cols == COLS &&
	                   frame.background == getbkgd(stdscr);

	if (!same_screen) {
		free(frame.kept);
		free(frame.covered);
		frame.covered = xcalloc((size_t)draw_max(COLS, 1), 1);
		frame.kept =
		    xcalloc((size_t)draw_max(LINES, 1), sizeof *frame.kept);
		frame.rows = LINES;
		frame.cols = COLS;
		frame.win = stdscr;
		frame.background = getbkgd(stdscr);
	}
	/* What else drew since the last frame (another screen, a code drawn
	 * over the frame) is drawn over. */
	draw_forget_touched();
	log_reset(&frame.now, frame.rows);
	frame.attrs = getattrs(stdscr);
	frame.spills = false;
	frame.on = true;
}

void draw_frame_end(void)
{
	struct frame_log swap;

	frame.on = false;
	row_narrow = false;
	if (frame.spills) {
		werase(stdscr);
		for (size_t i = 0; i < frame.now.count; i++)
			op_draw(&frame.now, &frame.now.ops[i]);
	}
	for (int y = 0; y < frame.rows; y++) {
		if (frame.spills) {
			frame.kept[y] = false;
			continue;
		}
		row_narrow = !frame.now.wide[y] &&
		             (!frame.kept[y] || !frame.last.wide[y]);
		if (frame.kept[y] && (row_same(y) || row_patch(y)))
			continue;
		wmove(stdscr, y, 0);
		wclrtoeol(stdscr);
		for (size_t i = frame.now.head[y]; i != NO_OP;
		     i = frame.now.ops[i].next)
			op_draw(&frame.now, &frame.now.ops[i]);
		frame.kept[y] = true;
	}
	attrset(frame.attrs);
	/* Into curses' picture of the screen now, so that a line touched
	 * from here to the next frame was touched by someone else. */
	wnoutrefresh(stdscr);
	swap = frame.last;
	frame.last = frame.now;
	frame.now = swap;
}

void draw_frame_free(void)
{
	log_free(&frame.now);
	log_free(&frame.last);
	free(frame.kept);
	free(frame.covered);
	memset(&frame, 0, sizeof frame);
}

void draw_normal_attrs(void)
{
	if (frame.on)
		frame.attrs = A_NORMAL;
	else
		attrset(A_NORMAL);
}

/* Makes a call, or keeps it for the frame's end. */
static void put_bytes(int y, int x, int attrs, const char *s, size_t bytes,
                      size_t cols)
{
	if (!frame.on) {
		attrset(attrs);
		mvaddnstr(y, x, s, (int)bytes);
		return;
	}
	for (size_t i = 0; i < bytes; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			frame.spills = true;
	frame.attrs = attrs;
	log_add(&frame.now,
	        (struct op){.kind = OP_PUT,
	                    .y = y,
	                    .x = x,
	                    .n = (int)bytes,
	                    .cols = (int)cols,
	                    .attrs = attrs},
	        s);
}

int draw_min(int a, int b)
{
	return a < b ? a : b;
}

int draw_max(int a, int b)
{
	return a > b ? a : b;
}

int draw_put(int y, int x, int max_cols, enum theme_role role, const char *s)
{
	size_t bytes, cols;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	max_cols = draw_min(max_cols, COLS - x);
	if (max_cols <= 0)
		return 0;
	bytes = text_clip_columns(s, (size_t)max_cols, &cols);
	if (bytes == 0)
		return 0;
	put_bytes(y, x, (int)theme_attr(role), s, bytes, cols);
	/* What it drew; a string cut short counts as filling its room. */
	return s[bytes] != '\0' ? max_cols : (int)cols;
}

int draw_putf(int y, int x, int max_cols, enum theme_role role, const char *fmt,
              ...)
{
	char buf[DRAW_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_put(y, x, max_cols, role, buf);
}

int draw_put_right(int y, int x, int max_cols, int width, enum theme_role role,
                   const char *s)
{
	char buf[DRAW_LINE_MAX];
	size_t len = strlen(s);
	int pad = width - (int)text_columns(s);

	if (pad <= 0)
		return draw_put(y, x, max_cols, role, s);
	if ((size_t)pad + len >= sizeof buf)
		return draw_putf(y, x, max_cols, role, "%*s%s", pad, "", s);
	memset(buf, ' ', (size_t)pad);
	memcpy(buf + pad, s, len + 1);
	return draw_put(y, x, max_cols, role, buf);
}

int draw_put_cut(const struct glyphs *g, int y, int x, int max_cols,
                 enum theme_role role, const char *s)
{
	char buf[DRAW_LINE_MAX];
	size_t keep;

	if (max_cols <= 0)
		return 0;
	if (text_columns(s) <= (size_t)max_cols)
		return draw_put(y, x, max_cols, role, s);
	keep = text_clip(s, (size_t)max_cols - text_columns(g->ellipsis));
	if (keep >= sizeof buf - 8)
		keep = sizeof buf - 8;
	memcpy(buf, s, keep);
	snprintf(buf + keep, sizeof buf - keep, "%s", g->ellipsis);
	return draw_put(y, x, max_cols, role, buf);
}

int draw_put_words(const struct glyphs *g, int y, int x, int max_cols,
                   enum theme_role role, const char *s)
{
	char buf[DRAW_LINE_MAX];
	size_t keep, cut;

	if (max_cols <= 0)
		return 0;
	if (text_columns(s) <= (size_t)max_cols)
		return draw_put(y, x, max_cols, role, s);
	keep = text_clip(s, (size_t)max_cols - text_columns(g->ellipsis));
	if (keep >= sizeof buf - 8)
		keep = sizeof buf - 8;
	/* Back to the last space, unless the first word alone is too long:
	 * then a cut word is better than nothing. */
	cut = keep;
	if (s[cut] != ' ')
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	if (cut == 0)
		cut = keep;
	memcpy(buf, s, cut);
	snprintf(buf + cut, sizeof buf - cut, "%s", g->ellipsis);
	return draw_put(y, x, max_cols, role, buf);
}

void draw_fill(int y, int x, int w, enum theme_role role)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	w = draw_min(w, COLS - x);
	if (w <= 0)
		return;
	if (!frame.on)
		mvhline(y, x, (chtype)(' ' | theme_attr(role)), w);
	else
		log_add(&frame.now,
		        (struct op){.kind = OP_FILL,
		                    .y = y,
		                    .x = x,
		                    .n = w,
		                    .cols = w,
		                    .attrs = frame.attrs,
		                    .fill = (chtype)(' ' | theme_attr(role))},
		        NULL);
}

int draw_repeat(int y, int x, int n, enum theme_role role, const char *glyph)
{
	char buf[DRAW_LINE_MAX];
	size_t len = strlen(glyph), used = 0, glyph_cols = 0;
	int count = 0, max_cols, kept;

	while (count < n && used + len < sizeof buf) {
		memcpy(buf + used, glyph, len);
		used += len;
		count++;
	}
	buf[used] = '\0';
	/* A bar is one printable character of one column repeated: what
	 * draw_put would clip it to is known without measuring each copy
	 * (the bars of the messages in flight are most of a frame's
	 * non-ASCII text). Anything else goes through draw_put. */
	if (len == 0 || (unsigned char)glyph[0] < 0x20 || glyph[0] == 0x7F ||
	    text_clip_columns(glyph, 1, &glyph_cols) != len || glyph_cols != 1)
		return draw_put(y, x, n, role, buf);
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	max_cols = draw_min(n, COLS - x);
	if (max_cols <= 0 || count == 0)
		return 0;
	kept = draw_min(count, max_cols);
	put_bytes(y, x, (int)theme_attr(role), buf, (size_t)kept * len,
	          (size_t)kept);
	return kept < count ? max_cols : kept;
}

void draw_box(const struct glyphs *g, int y, int x, int h, int w,
              enum theme_role role)
{
	for (int row = 0; row < h; row++)
		draw_fill(y + row, x, w, role);
	draw_put(y, x, 1, role, g->corner_tl);
	draw_repeat(y, x + 1, w - 2, role, g->hline);
	draw_put(y, x + w - 1, 1, role, g->corner_tr);
	for (int row = 1; row < h - 1; row++) {
		draw_put(y + row, x, 1, role, g->vline);
		draw_put(y + row, x + w - 1, 1, role, g->vline);
	}
	draw_put(y + h - 1, x, 1, role, g->corner_bl);
	draw_repeat(y + h - 1, x + 1, w - 2, role, g->hline);
	draw_put(y + h - 1, x + w - 1, 1, role, g->corner_br);
}
