/*
 * A small JSON reader, enough for asciicast v2: the header is one object
 * whose "width", "height" and "theme" are read (everything else is
 * skipped), each event an array [time, "code", "data"]. Strings are
 * unescaped to UTF-8, \u surrogate pairs included.
 */
#include "video/castread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

struct reader {
	const char *s, *end;
	char *out; /* the last string read, NUL-terminated */
	size_t out_len, out_cap;
};

static void skip_space(struct reader *r)
{
	while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' ||
	                         *r->s == '\r' || *r->s == '\n'))
		r->s++;
}

static bool take(struct reader *r, char c)
{
	skip_space(r);
	if (r->s < r->end && *r->s == c) {
		r->s++;
		return true;
	}
	return false;
}

static void put_byte(struct reader *r, char c)
{
	if (r->out_len + 2 > r->out_cap) {
		r->out_cap = r->out_cap ? r->out_cap * 2 : 256;
		r->out = xrealloc(r->out, r->out_cap, 1);
	}
	r->out[r->out_len++] = c;
	r->out[r->out_len] = '\0';
}

static void put_utf8(struct reader *r, uint32_t c)
{
	if (c < 0x80) {
		put_byte(r, (char)c);
	} else if (c < 0x800) {
		put_byte(r, (char)(0xC0 | c >> 6));
		put_byte(r, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		put_byte(r, (char)(0xE0 | c >> 12));
		put_byte(r, (char)(0x80 | (c >> 6 & 0x3F)));
		put_byte(r, (char)(0x80 | (c & 0x3F)));
	} else {
		put_byte(r, (char)(0xF0 | c >> 18));
		put_byte(r, (char)(0x80 | (c >> 12 & 0x3F)));
		put_byte(r, (char)(0x80 | (c >> 6 & 0x3F)));
		put_byte(r, (char)(0x80 | (c & 0x3F)));
	}
}

static int hex4(struct reader *r, uint32_t *value)
{
	*value = 0;
	for (int i = 0; i < 4; i++) {
		char c;

		if (r->s >= r->end)
			return -1;
		c = *r->s++;
		*value <<= 4;
		if (c >= '0' && c <= '9')
			*value |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*value |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*value |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* A JSON string into r->out: 0, or -1. */
static int string(struct reader *r)
{
	r->out_len = 0;
	put_byte(r, '\0');
	r->out_len = 0;
	if (!take(r, '"'))
		return -1;
	while (r->s < r->end && *r->s != '"') {
		char c = *r->s++;
		uint32_t u, lo;

		if (c != '\\') {
			put_byte(r, c);
			continue;
		}
		if (r->s >= r->end)
			return -1;
		c = *r->s++;
		switch (c) {
		case 'n':
			put_byte(r, '\n');
			break;
		case 'r':
			put_byte(r, '\r');
			break;
		case 't':
			put_byte(r, '\t');
			break;
		case 'b':
			put_byte(r, '\b');
			break;
		case 'f':
			put_byte(r, '\f');
			break;
		case 'u':
			if (hex4(r, &u) != 0)
				return -1;
			if (u >= 0xD800 && u < 0xDC00 && r->end - r->s >= 6 &&
			    r->s[0] == '\\' && r->s[1] == 'u') {
				r->s += 2;
				if (hex4(r, &lo) != 0)
					return -1;
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
			}
			put_utf8(r, u);
			break;
		default:
			put_byte(r, c);
			break;
		}
	}
	return take(r, '"') ? 0 : -1;
}

/* A JSON number as microseconds (digits, a point, up to 6 decimals; an
 * exponent is refused): 0, or -1. */
static int time_us(struct reader *r, uint64_t *t)
{
	uint64_t whole = 0, frac = 0;
	int digits = 0, frac_digits = 0;

	skip_space(r);
	while (r->s < r->end && *r->s >= '0' && *r->s <= '9') {
		if (whole > 1000000000ULL)
			return -1;
		whole = whole * 10 + (uint64_t)(*r->s++ - '0');
		digits++;
	}
	if (r->s < r->end && *r->s == '.') {
		r->s++;
		while (r->s < r->end && *r->s >= '0' && *r->s <= '9') {
			if (frac_digits < 6) {
				frac = frac * 10 + (uint64_t)(*r->s - '0');
				frac_digits++;
			}
			r->s++;
		}
	}
	if (digits == 0 || (r->s < r->end && (*r->s == 'e' || *r->s == 'E')))
		return -1;
	while (frac_digits++ < 6)
		frac *= 10;
	*t = whole * 1000000 + frac;
	return 0;
}

/* Skips any JSON value: 0, or -1. */
static int skip_value(struct reader *r, int depth)
{
	skip_space(r);
	if (depth > 32 || r->s >= r->end)
		return -1;
	if (*r->s == '"')
		return string(r);
	if (*r->s == '{' || *r->s == '[') {
		char close = *r->s == '{' ? '}' : ']';

		r->s++;
		if (take(r, close))
			return 0;
		do {
			if (close == '}' && (string(r) != 0 || !take(r, ':')))
				return -1;
			if (skip_value(r, depth + 1) != 0)
				return -1;
		} while (take(r, ','));
		return take(r, close) ? 0 : -1;
	}
	while (r->s < r->end && *r->s != ',' && *r->s != '}' && *r->s != ']' &&
	       *r->s != '\n')
		r->s++;
	return 0;
}

static int small_int(struct reader *r, int *value)
{
	uint64_t t;

	if (time_us(r, &t) != 0 || t % 1000000 != 0 || t / 1000000 > 100000)
		return -1;
	*value = (int)(t / 1000000);
	return 0;
}

static int colour(const char *s, uint32_t *rgb)
{
	char *end;
	unsigned long v;

	if (s[0] != '#' || strlen(s) < 7)
		return -1;
	v = strtoul(s + 1, &end, 16);
	if (end != s + 7)
		return -1;
	*rgb = (uint32_t)v;
	return 0;
}

/* The header's theme object. */
static int theme(struct reader *r, struct cast_info *info)
{
	int seen = 0;

	if (!take(r, '{'))
		return -1;
	if (take(r, '}'))
		return -1;
	do {
		char key[16];

		if (string(r) != 0 || !take(r, ':'))
			return -1;
		snprintf(key, sizeof key, "%s", r->out);
		if (string(r) != 0)
			return -1;
		if (strcmp(key, "fg") == 0 &&
		    colour(r->out, &info->theme.fg) == 0) {
			seen |= 1;
		} else if (strcmp(key, "bg") == 0 &&
		           colour(r->out, &info->theme.bg) == 0) {
			seen |= 2;
		} else if (strcmp(key, "palette") == 0) {
			const char *p = r->out;
			int n = 0;

			while (n < 16 && colour(p, &info->theme.ansi[n]) == 0) {
				n++;
				p += 7;
				if (*p != ':')
					break;
				p++;
			}
			/* 8 colours: the bright ones repeat them. */
			if (n == 8)
				for (int i = 0; i < 8; i++)
					info->theme.ansi[8 + i] =
					    info->theme.ansi[i];
			if (n == 8 || n == 16)
				seen |= 4;
		}
	} while (take(r, ','));
	if (!take(r, '}'))
		return -1;
	info->has_theme = seen == 7;
	return 0;
}

static int header(struct reader *r, struct cast_info *info)
{
	int version = 0;

	if (!take(r, '{'))
		return -1;
	do {
		char key[16];

		if (string(r) != 0 || !take(r, ':'))
			return -1;
		snprintf(key, sizeof key, "%s", r->out);
		if (strcmp(key, "version") == 0) {
			if (small_int(r, &version) != 0)
				return -1;
		} else if (strcmp(key, "width") == 0) {
			if (small_int(r, &info->width) != 0)
				return -1;
		} else if (strcmp(key, "height") == 0) {
			if (small_int(r, &info->height) != 0)
				return -1;
		} else if (strcmp(key, "theme") == 0) {
			if (theme(r, info) != 0)
				return -1;
		} else if (skip_value(r, 0) != 0) {
			return -1;
		}
	} while (take(r, ','));
	if (!take(r, '}') || version != 2)
		return -1;
	return 0;
}

int castread_parse(const char *name, const char *text, size_t len,
                   struct video **video, struct cast_info *info, char *err,
                   size_t errlen)
{
	struct reader r = {.s = text, .end = text + len};
	const char *line_end;
	int line = 1;

	*video = NULL;
	*info = (struct cast_info){0};
	line_end = memchr(text, '\n', len);
	r.end = line_end != NULL ? line_end : text + len;
	if (header(&r, info) != 0) {
		snprintf(err, errlen,
		         "%s:1: not an asciicast v2 header (a JSON object "
		         "with \"version\": 2, width, height)",
		         name);
		free(r.out);
		return -1;
	}
	if (info->width < 1 || info->width > CASTREAD_MAX_COLS ||
	    info->height < 1 || info->height > CASTREAD_MAX_ROWS) {
		snprintf(err, errlen, "%s:1: a %dx%d terminal (at most %dx%d)",
		         name, info->width, info->height, CASTREAD_MAX_COLS,
		         CASTREAD_MAX_ROWS);
		free(r.out);
		return -1;
	}
	*video = video_new(info->width, info->height);
	while (line_end != NULL) {
		const char *start = line_end + 1;
		uint64_t t;
		char code[4];

		line++;
		if (start >= text + len)
			break;
		line_end = memchr(start, '\n', (size_t)(text + len - start));
		r.s = start;
		r.end = line_end != NULL ? line_end : text + len;
		skip_space(&r);
		if (r.s == r.end)
			continue; /* a blank line */
		if (!take(&r, '[') || time_us(&r, &t) != 0 || !take(&r, ',') ||
		    string(&r) != 0) {
			snprintf(
			    err, errlen,
			    "%s:%d: not an event ([time, \"o\", \"data\"])",
			    name, line);
			goto fail;
		}
		snprintf(code, sizeof code, "%s", r.out);
		if (!take(&r, ',')) {
			snprintf(err, errlen, "%s:%d: an event with no data",
			         name, line);
			goto fail;
		}
		if (strcmp(code, "o") == 0) {
			const char *leave;

			if (string(&r) != 0) {
				snprintf(err, errlen,
				         "%s:%d: the output is not a JSON "
				         "string",
				         name, line);
				goto fail;
			}
			/* Giving the terminal back (a live recording's end,
			 * --restore-end) would blank the last picture: the
			 * video ends on it instead. */
			leave = r.out_len > 0 && !info->restored
			            ? strstr(r.out, "\033[?1049l")
			            : NULL;
			if (leave != NULL) {
				video_feed(*video, t, r.out,
				           (size_t)(leave - r.out));
				info->restored = true;
				info->end_us = t;
			} else if (!info->restored) {
				video_feed(*video, t, r.out, r.out_len);
			}
		}
		/* "m" markers, "i" input and "r" resizes change no picture
		 * here (a resized recording is drawn at its first size). */
		if (t > info->end_us && !info->restored)
			info->end_us = t;
	}
	free(r.out);
	return 0;
fail:
	free(r.out);
	video_free(*video);
	*video = NULL;
	return -1;
}

int castread_load(const char *path, struct video **video,
                  struct cast_info *info, char *err, size_t errlen)
{
	FILE *in = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*video = NULL;
	if (in == NULL) {
		snprintf(err, errlen, "--convert: %s: %s", path,
		         strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len + 65536 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			text = xrealloc(text, cap, 1);
		}
		n = fread(text + len, 1, cap - len, in);
		len += n;
		if (len > CASTREAD_MAX_BYTES) {
			snprintf(err, errlen,
			         "--convert: %s: over %u MiB, too big to be a "
			         "cast",
			         path, CASTREAD_MAX_BYTES >> 20);
			free(text);
			fclose(in);
			return -1;
		}
		if (n == 0)
			break;
	}
	if (ferror(in)) {
		snprintf(err, errlen, "--convert: %s: %s", path,
		         strerror(errno));
		free(text);
		fclose(in);
		return -1;
	}
	fclose(in);
	rc = castread_parse(path, text != NULL ? text : "", len, video, info,
	                    err, errlen);
	free(text);
	return rc;
}
