/*
 * The two big fonts as tables. The UTF-8 font packs two pixel rows into one
 * text row with the upper/lower half blocks, so five pixel rows fit in
 * three text rows and each digit keeps its true shape.
 */
#include "view/bigdigits.h"

#include <string.h>

/* The glyph after the ten digits: a minus sign (a PN-Counter's value
 * can be negative). */
#define GLYPH_MINUS 10

/* 3x5 pixels per digit, one row of three bits (MSB left) per entry. */
static const unsigned char pixel_font[11][5] = {
    {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7},
    {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 2, 2, 2},
    {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}, {0, 0, 7, 0, 0},
};

static const char *const segment_font[11][BIGDIGITS_ROWS] = {
    {" _ ", "| |", "|_|"}, {"   ", "  |", "  |"}, {" _ ", " _|", "|_ "},
    {" _ ", " _|", " _|"}, {"   ", "|_|", "  |"}, {" _ ", "|_ ", " _|"},
    {" _ ", "|_ ", "|_|"}, {" _ ", "  |", "  |"}, {" _ ", "|_|", "|_|"},
    {" _ ", "|_|", " _|"}, {"   ", " _ ", "   "},
};

/* Indexed by (upper lit) | (lower lit) << 1. */
static const char *const half_blocks[4] = {" ", "\u2580", "\u2584", "\u2588"};

size_t bigdigits_width(const char *digits)
{
	size_t n = strlen(digits);

	return n == 0 ? 0 : n * (BIGDIGITS_DIGIT_COLS + 1) - 1;
}

static size_t append(char *buf, size_t cap, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (len + n + 1 > cap)
		return len;
	memcpy(buf + len, s, n + 1);
	return len + n;
}

size_t bigdigits_row(const char *digits, int row, bool utf8, char *buf,
                     size_t cap)
{
	size_t len = 0;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (row < 0 || row >= BIGDIGITS_ROWS)
		return 0;
	for (const char *p = digits; *p != '\0'; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0'
		        : *p == '-'            ? GLYPH_MINUS
		                               : -1;

		if (p != digits)
			len = append(buf, cap, len, " ");
		for (int col = 0; col < BIGDIGITS_DIGIT_COLS; col++) {
			int bit = 1 << (BIGDIGITS_DIGIT_COLS - 1 - col);
			int top = row * 2, bottom = row * 2 + 1;
			int lit;
			char one[2] = {' ', '\0'};

			if (d < 0) {
				len = append(buf, cap, len, " ");
				continue;
			}
			if (!utf8) {
				one[0] = segment_font[d][row][col];
				len = append(buf, cap, len, one);
				continue;
			}
			lit = ((pixel_font[d][top] & bit) ? 1 : 0) |
			      (bottom < 5 && (pixel_font[d][bottom] & bit) ? 2
			                                                   : 0);
			len = append(buf, cap, len, half_blocks[lit]);
		}
	}
	return len;
}
