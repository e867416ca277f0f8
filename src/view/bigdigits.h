/*
 * Big digits for the totals, three rows tall, readable from the back of a
 * lecture hall: a 3x5 pixel font drawn with half blocks in UTF-8, a
 * seven-segment font in ASCII. Pure text; the dashboard draws it.
 */
#ifndef GCOUNTER_VIEW_BIGDIGITS_H
#define GCOUNTER_VIEW_BIGDIGITS_H

#include <stdbool.h>
#include <stddef.h>

#define BIGDIGITS_ROWS 3
/* Each digit is this many columns wide, with one blank column between. */
#define BIGDIGITS_DIGIT_COLS 3

/* Columns that `digits` (a string of 0-9, and '-' for a minus sign) take
 * when drawn big. */
size_t bigdigits_width(const char *digits);
/* Row `row` (0..BIGDIGITS_ROWS-1) of `digits` drawn big, into buf; returns
 * the length. Characters other than 0-9 and '-' are drawn blank. */
size_t bigdigits_row(const char *digits, int row, bool utf8, char *buf,
                     size_t cap);

#endif
