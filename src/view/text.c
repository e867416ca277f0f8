/*
 * Text for people: widths, clipping, times and vectors. Everything here is
 * deterministic (integers, no locale: widths come from our own table of
 * wcwidth's wide and zero-width ranges) because a recording of a demo must
 * be the same bytes on every machine.
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

/* Bytes of the character that starts at s (1 for a stray byte). */
static size_t char_bytes(const char *s)
{
	size_t n = 1;

	while (s[n] != '\0' && is_continuation((unsigned char)s[n]))
		n++;
	return n;
}

/* The code point at s[0..n) (n from char_bytes); U+FFFD if malformed. */
static uint32_t code_point(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;

	if (n == 1)
		return u[0] < 0x80 ? u[0] : 0xFFFD;
	if (n == 2 && (u[0] & 0xE0) == 0xC0)
		c = u[0] & 0x1Fu;
	else if (n == 3 && (u[0] & 0xF0) == 0xE0)
		c = u[0] & 0x0Fu;
	else if (n == 4 && (u[0] & 0xF8) == 0xF0)
		c = u[0] & 0x07u;
	else
		return 0xFFFD;
	for (size_t i = 1; i < n; i++)
		c = c << 6 | (u[i] & 0x3Fu);
	return c;
}

struct range {
	uint32_t lo, hi;
};

/* Two columns: East Asian Wide and Fullwidth, and emoji shown as
 * pictures - the ranges glibc's wcwidth, ncurses and libvterm give 2,
 * kept here so that widths do not hang on the locale. Sorted. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},
    {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},
    {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},
    {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},
    {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},
    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4},
    {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F251}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335},
    {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4},
    {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
    {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567},
    {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4},
    {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF},
    {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

/* No column: combining marks, zero-width spaces and joiners, variation
 * selectors (they change the character before them). Sorted. */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489},   {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x200B, 0x200F},   {0x202A, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0x3099, 0x309A},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static bool in(const struct range *r, size_t count, uint32_t c)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int text_char_width(uint32_t c)
{
	if (c < 0x300)
		return c >= 0x20 && c != 0x7F ? 1 : 0;
	if (in(zero, sizeof zero / sizeof zero[0], c))
		return 0;
	return in(wide, sizeof wide / sizeof wide[0], c) ? 2 : 1;
}

/* The columns of the character at s, and its bytes in *n. Printable
 * ASCII first: nearly every character drawn is. */
static size_t char_cols(const char *s, size_t *n)
{
	unsigned char c = (unsigned char)s[0];

	if (c >= 0x20 && c < 0x7F) {
		*n = 1;
		return 1;
	}
	*n = char_bytes(s);
	return (size_t)text_char_width(code_point(s, *n));
}

size_t text_columns(const char *s)
{
	size_t cols = 0, n;

	while (*s != '\0') {
		/* A run of printable ASCII without a call per character:
		 * every string drawn is measured, most of them all ASCII. */
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7F) {
			cols++;
			s++;
			continue;
		}
		cols += char_cols(s, &n);
		s += n;
	}
	return cols;
}

size_t text_clip_columns(const char *s, size_t max_cols, size_t *cols_out)
{
	size_t bytes = 0, cols = 0;

	while (s[bytes] != '\0') {
		size_t n, w;

		if ((unsigned char)s[bytes] >= 0x20 &&
		    (unsigned char)s[bytes] < 0x7F) {
			if (cols + 1 > max_cols)
				break;
			cols++;
			bytes++;
			continue;
		}
		w = char_cols(s + bytes, &n);

		/* A wide character that would take half a column is left
		 * out whole. */
		if (cols + w > max_cols)
			break;
		cols += w;
		bytes += n;
	}
	if (cols_out != NULL)
		*cols_out = cols;
	return bytes;
}

size_t text_clip(const char *s, size_t max_cols)
{
	return text_clip_columns(s, max_cols, NULL);
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

size_t text_u64(uint64_t v, char *buf)
{
	char digits[TEXT_U64_MAX];
	size_t at = sizeof digits, len;

	do {
		digits[--at] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	len = sizeof digits - at;
	memcpy(buf, digits + at, len);
	buf[len] = '\0';
	return len;
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
		/* (Not snprintf: a vector is drawn in every frame and in
		 * every log line that carries one.) */
		size_t need = 0;

		if (i > 0)
			slot[need++] = ',';
		need += text_u64(g->slots[i], slot + need);
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

size_t text_wrap(const char *s, size_t width, struct text_line *lines,
                 size_t max)
{
	size_t count = 0, pos = 0;

	if (width == 0)
		return 0;
	for (;;) {
		size_t start, end, cols = 0, last_space = 0, at, n, w;
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
			w = char_cols(s + at, &n);
			if (cols + w > width && cols > 0)
				break; /* a wide one goes to the next line */
			at += n;
			cols += w;
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
