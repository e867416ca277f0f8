/*
 * Small text helpers shared by the dashboard and the event log: widths of
 * UTF-8 strings, clipping to a number of columns, times and vectors written
 * for people. Pure: no curses, no locale, no allocation.
 */
#ifndef GCOUNTER_VIEW_TEXT_H
#define GCOUNTER_VIEW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crdt/gcounter.h"

/* Columns a code point takes in a terminal, as wcwidth says in a UTF-8
 * locale (2 for CJK and emoji, 0 for combining marks and controls) but
 * from a fixed table, whatever the locale. */
int text_char_width(uint32_t c);
/* Columns a UTF-8 string takes. */
size_t text_columns(const char *s);
/* How many bytes of s fit in max_cols columns, never splitting a
 * character (a wide one that would not fit whole is left out). */
size_t text_clip(const char *s, size_t max_cols);
/* text_clip, and the columns of what it keeps in *cols (one pass). */
size_t text_clip_columns(const char *s, size_t max_cols, size_t *cols);
/* Decimal digits of v (1 for 0). */
int text_digits(uint64_t v);
/* Bytes of the longest uint64_t in decimal, NUL included. */
#define TEXT_U64_MAX 21
/* v in decimal into buf (TEXT_U64_MAX bytes), NUL-terminated; returns
 * its length. Without printf: numbers are most of what a frame draws. */
size_t text_u64(uint64_t v, char *buf);

/*
 * A virtual time for people, from integers only (no locale, no rounding
 * drift): "0.000s", "12.345s", "2m05.100s", "3h00m00.000s". Returns the
 * length, like snprintf.
 */
size_t text_time(uint64_t us, char *buf, size_t cap);

/*
 * A vector as "[3,0,1]" in at most max_cols columns; when it does not fit,
 * as many leading slots as do and the ellipsis: "[3,0,1,…]". Stops reading
 * slots as soon as the room is used up, so a 1024-slot vector costs no more
 * than a short one. Returns the length written.
 */
size_t text_vector(const struct gcounter *g, size_t max_cols,
                   const char *ellipsis, char *buf, size_t cap);

/*
 * A PN-Counter's state (one vector of 2N slots: its P half, then its N
 * half) as "+[3,0,1] −[0,2,0]" in at most max_cols columns, `minus` the
 * sign before the N half. When the two do not fit, each is cut as
 * text_vector cuts, the shorter half kept whole if it can be. Returns the
 * length written (0, and "", when not even the signs and brackets fit).
 */
size_t text_pn_vector(const struct gcounter *g, size_t max_cols,
                      const char *ellipsis, const char *minus, char *buf,
                      size_t cap);

/* A signed number with `minus` for its sign: "12", "−3". */
size_t text_signed(int64_t v, const char *minus, char *buf, size_t cap);
/* A counter's value from its vector: the sum for a G-Counter; for a
 * PN-Counter (pn: the first half is P, the second N) sum P - sum N. */
int64_t text_counter_value(const struct gcounter *g, bool pn);

/* A line of wrapped text: bytes [start, start + len) of the source. */
struct text_line {
	size_t start, len;
};

/*
 * Wraps s into lines of at most `width` columns, breaking at spaces (a
 * word longer than a line is cut where the line ends). Fills at most
 * `max` lines and returns how many the whole text needs, so a caller can
 * tell that it was cut. Spaces at a break are dropped.
 */
size_t text_wrap(const char *s, size_t width, struct text_line *lines,
                 size_t max);

#endif
