/*
 * A QR code in a terminal: libqrencode makes the modules, and each cell
 * shows two of them, one above the other, with the half blocks (a quiet
 * zone of two modules around, as scanners want). Drawn only where it fits
 * and only with UTF-8 glyphs; the address and the code are the dashboard's
 * room row, which always shows.
 */
#include "ui/qr.h"

#include <curses.h>
#include <langinfo.h>
#include <qrencode.h>
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

void qr_draw_code(const char *url, int top)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (!utf8() || top < 0)
		return;
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	if (qr == NULL)
		return;
	int size = qr->width + 2 * QUIET;

	if (size <= cols && top + (size + 1) / 2 < rows)
		draw_code(qr, top, cols - size);
	QRcode_free(qr);
}
