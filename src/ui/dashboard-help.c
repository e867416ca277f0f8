/*
 * The help overlay: every key (from the keymap's table, so a key cannot
 * exist without its line), how to read the grid, each strategy in a
 * sentence with its trade-off, what the numbers mean, and how to repeat
 * the run. Wrapped to the box and scrolled when it does not fit.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/strategy.h"
#include "ui/dashboard-parts.h"
#include "ui/draw.h"
#include "ui/keymap.h"
#include "view/text.h"

/* Lines the overlay can hold, wrapped; far more than the text needs. */
#define HELP_LINES 400
#define KEY_COLS   14
#define WRAP_MAX   16

struct help_line {
	bool keyed; /* the text sits beside the key column */
	enum theme_role role;
	char key[40];
	char text[200];
};

struct help_text {
	struct help_line lines[HELP_LINES];
	size_t count;
	int width; /* columns for text beside a key */
	int full;  /* columns for text with no key */
};

/* Adds text wrapped to its column; `key` (NULL for none) goes on the
 * first line only. */
static void add(struct help_text *h, const char *key, enum theme_role role,
                const char *text)
{
	struct text_line wrapped[WRAP_MAX];
	int width = key != NULL ? h->width : h->full;
	size_t n =
	    text_wrap(text, (size_t)(width > 0 ? width : 1), wrapped, WRAP_MAX);

	if (n == 0) {
		/* A blank line, or a key with no words. */
		n = 1;
		wrapped[0] = (struct text_line){0, 0};
	}
	for (size_t i = 0; i < n && i < WRAP_MAX && h->count < HELP_LINES;
	     i++) {
		struct help_line *line = &h->lines[h->count++];
		size_t len = wrapped[i].len;

		if (len >= sizeof line->text)
			len = sizeof line->text - 1;
		line->keyed = key != NULL;
		line->role = role;
		snprintf(line->key, sizeof line->key, "%s",
		         key != NULL && i == 0 ? key : "");
		memcpy(line->text, text + wrapped[i].start, len);
		line->text[len] = '\0';
	}
}

static void blank(struct help_text *h)
{
	add(h, NULL, ROLE_HELP, "");
}

/* The keymap writes arrows in UTF-8; a plain terminal gets "->". */
static const char *plain(const struct glyphs *g, const char *s, char *buf,
                         size_t cap)
{
	size_t len = 0;

	if (g->utf8)
		return s;
	while (*s != '\0' && len + 3 < cap) {
		if (strncmp(s, "\u2192", 3) == 0) {
			memcpy(buf + len, "->", 2);
			len += 2;
			s += 3;
		} else if (strncmp(s, "\u2191", 3) == 0 ||
		           strncmp(s, "\u2193", 3) == 0) {
			memcpy(buf + len, s[2] == '\x91' ? "Up" : "Down",
			       s[2] == '\x91' ? 2 : 4);
			len += s[2] == '\x91' ? 2 : 4;
			s += 3;
		} else if ((unsigned char)*s >= 0x80) {
			s++; /* any other non-ASCII: left out */
		} else {
			buf[len++] = *s++;
		}
	}
	buf[len] = '\0';
	return buf;
}

static void build(struct help_text *h, const struct dashboard *d,
                  const struct dashboard_view *v)
{
	const struct summary *s = &d->summary;
	const struct glyphs *g = d->glyphs;
	size_t count, strategies;
	const struct keymap_help *rows = keymap_help(&count);
	const struct strategy *const *all = strategy_all(&strategies);
	const struct strategy *current = s->config->strategy;
	enum sim_mode mode = s->config->mode;
	char text[512], ascii[512], carry[128];

	h->count = 0;
	if (v->title != NULL && v->title[0] != '\0') {
		snprintf(text, sizeof text, "Playing: %s", v->title);
		add(h, NULL, ROLE_HELP_KEY, text);
		blank(h);
	}
	for (size_t i = 0; i < count; i++) {
		const char *keys =
		    g->utf8 ? rows[i].keys_utf8 : rows[i].keys_ascii;

		if (keys[0] == '\0') {
			blank(h);
			add(h, NULL, ROLE_HELP_KEY,
			    plain(g, rows[i].what, ascii, sizeof ascii));
			continue;
		}
		add(h, keys, ROLE_HELP,
		    plain(g, rows[i].what, ascii, sizeof ascii));
	}

	blank(h);
	snprintf(text, sizeof text,
	         "Strategies (s / S switch them at run time; now: %s)",
	         current->name);
	add(h, NULL, ROLE_HELP_KEY, text);
	for (size_t i = 0; i < strategies; i++) {
		snprintf(text, sizeof text, "%s%s",
		         all[i] == current ? (g->utf8 ? "\u25b8 " : "> ")
		                           : "  ",
		         all[i]->name);
		add(h, text, all[i] == current ? ROLE_HELP_KEY : ROLE_HELP,
		    plain(g, all[i]->summary, ascii, sizeof ascii));
	}

	blank(h);
	snprintf(text, sizeof text,
	         "Propagation modes, what a message carries (o switches "
	         "them; now: %s)",
	         sim_mode_name(mode));
	add(h, NULL, ROLE_HELP_KEY, text);
	strategy_names_reaching_all(" and ", carry, sizeof carry);
	for (int m = 0; m < MODE_COUNT; m++) {
		bool fits = sim_mode_fits_strategy((enum sim_mode)m, current);

		snprintf(text, sizeof text, "%s%s",
		         m == (int)mode ? (g->utf8 ? "\u25b8 " : "> ") : "  ",
		         sim_mode_name((enum sim_mode)m));
		snprintf(ascii, sizeof ascii, "%s%s%s%s%s%s",
		         sim_mode_summary((enum sim_mode)m),
		         fits ? "" : " (not under ", fits ? "" : current->name,
		         fits ? "" : ": ", fits ? "" : carry,
		         fits ? "" : " carry ops)");
		add(h, text, m == (int)mode ? ROLE_HELP_KEY : ROLE_HELP, ascii);
	}

	blank(h);
	add(h, NULL, ROLE_HELP_KEY, "Reading the grid and the numbers");
	snprintf(text, sizeof text,
	         "[3] its own slot   3%s behind the truth   %s2 short of "
	         "the truth",
	         g->behind, g->minus);
	add(h, NULL, ROLE_HELP, text);
	snprintf(text, sizeof text,
	         "after ops (op modes): 5%s above the truth, +3 over: a "
	         "duplicated op was counted twice, and no merge ever lowers "
	         "a count. Below the truth: ops on their way, or lost (plain "
	         "op never resends)",
	         g->over);
	add(h, NULL, ROLE_HELP, text);
	if (s->pn) {
		snprintf(text, sizeof text,
		         "PN-Counter: each node has two rows, P+ (its "
		         "increments) above N%s (its decrements); both only "
		         "grow and merge by max. value = sum P %s sum N, "
		         "below zero too; after it, %s2 is short of the "
		         "truth, +2 over it (decrements not heard yet)",
		         g->minus, g->minus, g->minus);
		add(h, NULL, ROLE_HELP, text);
	}
	add(h, NULL, ROLE_HELP,
	    "highlighted: grew in the last 2 s of virtual time; the truth "
	    "row is what each node has counted itself: where all should "
	    "converge (a duplicate counted twice by plain op stays above it)");
	add(h, NULL, ROLE_HELP,
	    "sent, delivered: messages. dropped: lost by the network (d). "
	    "duplicated: second copies (u). lost: reached a cut link or a "
	    "crashed node (p, c, m).");
	add(h, NULL, ROLE_HELP,
	    "msgs/increment: messages sent per increment since the start, "
	    "shown while increments come in (\"idle\" after 10 s without). "
	    "p50 p99 max: how "
	    "long an increment takes to reach every live node.");
	add(h, NULL, ROLE_HELP,
	    "B/op: bytes sent per operation (increment or decrement) while "
	    "a mode was in force, idle traffic included; once more than "
	    "one mode was used, one figure per mode, to compare them (o).");
	add(h, NULL, ROLE_HELP,
	    "backwards reads: a reader saw the count go DOWN (v). LOST: "
	    "increments an amnesiac restart hid behind the old count: the "
	    "truth minus what the nodes can converge to (a, c).");

	blank(h);
	snprintf(text, sizeof text, "repeat this run: %s",
	         v->replay != NULL ? v->replay : "gcounter");
	add(h, NULL, ROLE_HELP, text);
}

void dashboard_draw_help(struct dashboard *d, const struct dashboard_view *v)
{
	const struct glyphs *g = d->glyphs;
	static struct help_text h; /* 80 kB: not for the stack */
	int w = draw_min(COLS - 2, 100), x = draw_max(0, (COLS - w) / 2);
	int inner = w - 4, h_box, y, visible;
	size_t first;

	h.full = inner;
	h.width = inner - KEY_COLS - 1;
	build(&h, d, v);
	/* The header (PAUSED) and the status line stay in sight. */
	h_box = draw_min((int)h.count + 2, LINES - 2);
	y = draw_max(1, (LINES - h_box) / 2);
	visible = h_box - 2;
	d->help_max = h.count > (size_t)visible
	                  ? (uint32_t)(h.count - (size_t)visible)
	                  : 0;
	first = v->help_scroll < d->help_max ? v->help_scroll : d->help_max;

	/* The overlay owns its rows from edge to edge: a margin left
	 * undrawn would let the dashboard show through beside the box. */
	for (int row = y; row < y + h_box; row++)
		draw_fill(row, 0, COLS, ROLE_NORMAL);
	draw_box(g, y, x, h_box, w, ROLE_HELP);
	draw_put(y, x + 2, inner, ROLE_HELP_KEY,
	         " gcounter keys (the run is paused while this is open) ");
	for (int row = 0; row < visible && first + (size_t)row < h.count;
	     row++) {
		const struct help_line *line = &h.lines[first + (size_t)row];
		int ty = y + 1 + row;

		if (line->keyed) {
			draw_put(ty, x + 2, KEY_COLS, ROLE_HELP_KEY, line->key);
			draw_put(ty, x + 3 + KEY_COLS, h.width, line->role,
			         line->text);
		} else {
			draw_put(ty, x + 2, inner, line->role, line->text);
		}
	}
	if (d->help_max > 0)
		draw_putf(y + h_box - 1, x + 2, inner, ROLE_HELP_KEY,
		          " %s PgUp PgDn %s lines %zu-%zu of %zu ",
		          g->utf8 ? "\u2191 \u2193" : "Up Down", g->dot,
		          first + 1, first + (size_t)visible, h.count);
}
