/*
 * A QR code in a terminal: libqrencode makes the modules, and each cell
 * shows two of them, one above the other, with the half blocks (a quiet
 * zone of two modules around, as scanners want). Drawn only where it fits
 * and only with UTF-8 glyphs; the address and code line always shows.
 */
#include "ui/qr.h"

#include <curses.h>
#include <langinfo.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#define QUIET 2

static bool utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

/* A module of the code, the quiet zone around it light. */
static bool dark(const QRcode *qr, int x, int y)
{
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return false;
	return (qr->data[y * qr->width + x] & 1) != 0;
}

/* The code at (top, left): light modules drawn as the terminal's text
 * colour (reverse video) so that it reads dark-on-light whatever the
 * theme, as phones' cameras need. */
static void draw_code(const QRcode *qr, int top, int left)
{
	int size = qr->width + 2 * QUIET;

	attron(A_REVERSE);
	for (int row = 0; row < (size + 1) / 2; row++) {
		move(top + row, left);
		for (int x = 0; x < size; x++) {
			bool up = dark(qr, x - QUIET, 2 * row - QUIET);
			bool low = dark(qr, x - QUIET, 2 * row + 1 - QUIET);

			/* In reverse video a glyph's ink is the dark part. */
			addstr(up && low ? "\u2588"
			       : up      ? "\u2580"
			       : low     ? "\u2584"
			                 : " ");
		}
	}
	attroff(A_REVERSE);
}

void qr_draw_panel(const char *url, const char *code, uint32_t seated,
                   uint32_t seats, const char *roster)
{
	char line[160];
	int rows, cols, len;

	getmaxyx(stdscr, rows, cols);
	len = snprintf(line, sizeof line, " phones %u/%u: %s  code %s ", seated,
	               seats, url, code);
	if (len < 0 || cols < 20 || rows < 3)
		return;
	if (len > cols)
		len = cols;
	attron(A_REVERSE | A_BOLD);
	mvaddnstr(0, cols - len, line, len);
	attroff(A_REVERSE | A_BOLD);
	if (seated > 0) {
		/* Who is who, under the address: the end of a long roster
		 * gives way to the screen's edge, never its start. */
		len = snprintf(line, sizeof line, " %s ", roster);
		if (len > cols)
			len = cols;
		if (len > 2) {
			attron(A_REVERSE);
			mvaddnstr(1, cols - len, line, len);
			attroff(A_REVERSE);
		}
		return;
	}
	if (!utf8())
		return;
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	if (qr == NULL)
		return;
	int size = qr->width + 2 * QUIET;

	if (size <= cols && (size + 1) / 2 + 1 < rows)
		draw_code(qr, 1, cols - size);
	QRcode_free(qr);
}
