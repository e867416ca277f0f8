/*
 * A lesson's title card: the chapter's title, what it shows, "chapter 3 of
 * 9" and the one key to press, large and centred for the back of a room.
 * It draws from the view alone and never touches the world; every line is
 * cut to the screen with an ellipsis, and on a short screen the paragraph
 * gives up lines before the key to press does.
 */
#include "ui/dashboard-parts.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/draw.h"
#include "view/text.h"

/* The paragraph's width: short lines read better from afar. */
#define CARD_TEXT_COLS  64
#define CARD_ABOUT_ROWS 10

static void centred(const struct glyphs *g, int y, enum theme_role role,
                    const char *line)
{
	int cols = (int)text_columns(line);
	int x = draw_max(0, (COLS - cols) / 2);

	if (y < 0 || y >= LINES)
		return;
	draw_put_cut(g, y, x, COLS - x, role, line);
}

/* The next line of at most `cols` columns from text, cut at a space:
 * its length in bytes (the rest starts after the space). */
static size_t next_line(const char *text, int cols)
{
	size_t last_space = 0, i = 0;
	int used = 0;

	while (text[i] != '\0') {
		/* A column per character: UTF-8 continuation bytes are part
		 * of the character before them. */
		if (((unsigned char)text[i] & 0xc0) != 0x80) {
			if (used == cols)
				break;
			used++;
		}
		if (text[i] == ' ')
			last_space = i;
		i++;
	}
	if (text[i] == '\0' || last_space == 0)
		return i;
	return last_space;
}

/* The paragraph in lines of the card's width; how many it took. */
static int wrap(const char *text, int cols,
                char lines[][CARD_TEXT_COLS * 4 + 1], int max_lines)
{
	int n = 0;

	while (*text != '\0' && n < max_lines) {
		size_t len = next_line(text, cols);

		if (len > CARD_TEXT_COLS * 4)
			len = CARD_TEXT_COLS * 4;
		memcpy(lines[n], text, len);
		lines[n][len] = '\0';
		n++;
		text += len;
		while (*text == ' ')
			text++;
	}
	return n;
}

void dashboard_draw_card(const struct glyphs *g, const struct dashboard_view *v)
{
	const struct dashboard_card *c = v->card;
	char about[CARD_ABOUT_ROWS][CARD_TEXT_COLS * 4 + 1], line[256];
	int cols = draw_min(CARD_TEXT_COLS, COLS - 4);
	int rows = wrap(c->about, cols > 8 ? cols : 8, about, CARD_ABOUT_ROWS);
	/* Between the header and the status line (the last line, when
	 * the presenter's lines are shown). */
	int last = v->presenter_hidden ? LINES - 1 : LINES - 2;
	int height, y;

	/* Title, a blank, the paragraph, a blank, the key: centred. A
	 * short screen drops the paragraph's last lines first, never the
	 * key to press. */
	rows = draw_min(rows, draw_max(0, last - 6));
	height = 4 + rows + 2;
	y = draw_max(1, (last + 1 - height) / 2);

	draw_fill(0, 0, COLS, ROLE_HEADER);
	snprintf(line, sizeof line, " %s %s chapter %u of %u ",
	         c->lesson[0] != '\0' ? c->lesson : "lesson", g->dot,
	         c->chapter, c->chapters);
	draw_put_cut(g, 0, 0, COLS, ROLE_HEADER, line);
	snprintf(line, sizeof line, "Chapter %u of %u", c->chapter,
	         c->chapters);
	centred(g, y, ROLE_LABEL, line);
	centred(g, y + 2, ROLE_TITLE, c->title);
	for (int i = 0; i < rows; i++)
		centred(g, y + 4 + i, ROLE_NORMAL, about[i]);
	if (v->presenter_hidden)
		return;
	centred(g, y + 4 + rows + 1, ROLE_STATUS_KEY,
	        c->chapter > 1 ? "press space to begin  (Page Up: the chapter "
	                         "before)"
	                       : "press space to begin");
	draw_fill(LINES - 1, 0, COLS, ROLE_STATUS);
	/* A key that did nothing here says why (the first chapter, a
	 * chapter that would not load) in place of the hints. */
	if (v->flash != NULL && v->flash[0] != '\0')
		draw_put_words(g, LINES - 1, 1, COLS - 2, ROLE_FLASH, v->flash);
	else
		draw_put_cut(g, LINES - 1, 1, COLS - 2, ROLE_STATUS,
		             "space begins   PgUp the chapter before   ? help "
		             "  q quits");
}
