/*
 * Text for people: widths, clipping, times and vectors. Everything here is
 * deterministic (integers, no locale) because a recording of a demo must be
 * the same bytes on every machine.
 */
#include "view/text.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int is_continuation(unsigned char byte)
{
	return (byte & 0xC0) == 0x80;
}

size_t text_columns(const char *s)
{
	size_t cols = 0;

	for (; *s != '\0'; s++)
		if (!is_continuation((unsigned char)*s))
			cols++;
	return cols;
}

size_t text_clip(const char *s, size_t max_cols)
{
	size_t bytes = 0, cols = 0;

	while (s[bytes] != '\0') {
		size_t next = bytes + 1;

		while (s[next] != '\0' &&
		       is_continuation((unsigned char)s[next]))
			next++;
		if (cols + 1 > max_cols)
			break;
		cols++;
		bytes = next;
	}
	return bytes;
}

int text_digits(uint64_t v)
{
	int digits = 1;

	while (v >= 10) {
		v /= 10;
		digits++;
	}
	return digits;
}

size_t text_time(uint64_t us, char *buf, size_t cap)
{
	uint64_t ms = us / 1000, s = ms / 1000, m = s / 60, h = m / 60;
	int w;

	if (h > 0)
		w = snprintf(buf, cap,
		             "%" PRIu64 "h%02" PRIu64 "m%02" PRIu64
		             ".%03" PRIu64 "s",
		             h, m % 60, s % 60, ms % 1000);
	else if (m > 0)
		w = snprintf(buf, cap,
		             "%" PRIu64 "m%02" PRIu64 ".%03" PRIu64 "s", m,
		             s % 60, ms % 1000);
	else
		w = snprintf(buf, cap, "%" PRIu64 ".%03" PRIu64 "s", s,
		             ms % 1000);
	return w < 0 ? 0 : (size_t)w;
}

size_t text_vector(const struct gcounter *g, size_t max_cols,
                   const char *ellipsis, char *buf, size_t cap)
{
	size_t len = 0, cols = 0;
	size_t ellipsis_cols = text_columns(ellipsis);
	char slot[24];

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	/* The brackets and, if needed, ",…" must always fit. */
	if (max_cols < 3 + ellipsis_cols || cap < 8 + strlen(ellipsis))
		return 0;
	buf[len++] = '[';
	cols++;
	for (size_t i = 0; i < g->n; i++) {
		int w = snprintf(slot, sizeof slot, "%s%" PRIu64, i ? "," : "",
		                 g->slots[i]);
		size_t need = (size_t)w;
		/* Room for this slot, and then for ",…]" unless it is the
		 * last slot, which only needs "]". */
		size_t after = i + 1 < g->n ? 1 + ellipsis_cols + 1 : 1;

		if (cols + need + after > max_cols || len + need + 8 > cap) {
			int e = snprintf(buf + len, cap - len, "%s%s]",
			                 i ? "," : "", ellipsis);

			return e < 0 ? len : len + (size_t)e;
		}
		memcpy(buf + len, slot, need);
		len += need;
		cols += need;
	}
	buf[len++] = ']';
	buf[len] = '\0';
	return len;
}

/* Columns a vector takes written out in full, or limit + 1 as soon as
 * it is known to take more (a long vector is not read to its end). */
static size_t vector_cols_upto(const struct gcounter *g, size_t limit)
{
	size_t cols = 2 + (g->n > 0 ? g->n - 1 : 0);

	for (size_t i = 0; i < g->n && cols <= limit; i++)
		cols += (size_t)text_digits(g->slots[i]);
	return cols <= limit ? cols : limit + 1;
}

size_t text_pn_vector(const struct gcounter *g, size_t max_cols,
                      const char *ellipsis, const char *minus, char *buf,
                      size_t cap)
{
	size_t half = g->n / 2, fixed = 2 + text_columns(minus), room;
	size_t need_p, need_n, p_cols, len;
	struct gcounter p = {.n = half, .slots = g->slots};
	struct gcounter n = {.n = g->n - half, .slots = g->slots + half};
	int w;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (max_cols <= fixed)
		return 0;
	room = max_cols - fixed;
	need_p = vector_cols_upto(&p, room);
	need_n = vector_cols_upto(&n, room);
	if (need_p + need_n <= room) {
		/* Both whole. text_vector keeps room for an ellipsis it
		 * will not need here: give it that too. */
		p_cols = need_p + text_columns(ellipsis) + 2;
		room = p_cols + need_n + text_columns(ellipsis) + 2;
	} else if (need_p <= room / 2) {
		p_cols = need_p + text_columns(ellipsis) + 2;
	} else if (need_n <= room - room / 2) {
		/* N whole, and P cut in what is left. */
		size_t keep = need_n + text_columns(ellipsis) + 2;

		p_cols = room > keep ? room - keep : 0;
	} else {
		p_cols = room / 2;
	}
	buf[0] = '+';
	len = 1 + text_vector(&p, p_cols, ellipsis, buf + 1, cap - 1);
	if (len == 1) {
		buf[0] = '\0';
		return 0;
	}
	p_cols = text_columns(buf + 1);
	w = snprintf(buf + len, cap - len, " %s", minus);
	if (w < 0 || (size_t)w >= cap - len) {
		buf[0] = '\0';
		return 0;
	}
	len += (size_t)w;
	if (text_vector(&n, room - p_cols, ellipsis, buf + len, cap - len) ==
	    0) {
		buf[0] = '\0';
		return 0;
	}
	return strlen(buf);
}

size_t text_signed(int64_t v, const char *minus, char *buf, size_t cap)
{
	/* The magnitude as unsigned: -INT64_MIN does not fit an int64_t. */
	uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int w = snprintf(buf, cap, "%s%" PRIu64, v < 0 ? minus : "", magnitude);

	return w < 0 ? 0 : (size_t)w;
}

/* Bytes of the character that starts at s (1 for a stray byte). */
static size_t char_bytes(const char *s)
{
	size_t n = 1;

	while (s[n] != '\0' && is_continuation((unsigned char)s[n]))
		n++;
	return n;
}

size_t text_wrap(const char *s, size_t width, struct text_line *lines,
                 size_t max)
{
	size_t count = 0, pos = 0;

	if (width == 0)
		return 0;
	for (;;) {
		size_t start, end, cols = 0, last_space = 0, at;
		bool have_space = false;

		while (s[pos] == ' ')
			pos++;
		if (s[pos] == '\0')
			break;
		start = at = pos;
		/* Take characters while they fit, remembering the last
		 * space: the line breaks there if the text goes on. */
		while (s[at] != '\0' && cols < width) {
			if (s[at] == ' ') {
				last_space = at;
				have_space = true;
			}
			at += char_bytes(s + at);
			cols++;
		}
		if (s[at] == '\0' || s[at] == ' ' || !have_space)
			end = at;
		else
			end = last_space;
		pos = end;
		while (end > start && s[end - 1] == ' ')
			end--;
		if (count < max) {
			lines[count].start = start;
			lines[count].len = end - start;
		}
		count++;
	}
	return count;
}

int64_t text_counter_value(const struct gcounter *g, bool pn)
{
	uint64_t up = 0, down = 0;

	if (!pn)
		return (int64_t)gcounter_value_saturated(g);
	for (size_t s = 0; s < g->n; s++) {
		if (s < g->n / 2)
			up += g->slots[s];
		else
			down += g->slots[s];
	}
	return (int64_t)up - (int64_t)down;
}
