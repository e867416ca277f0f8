/*
 * Writing asciicast v2. Timestamps are written from integers ("12.345678",
 * never through the locale or a double), so a render is the same bytes on
 * every machine. Terminal output is JSON-escaped byte for byte: what a
 * player writes to its terminal is exactly what ours received.
 */
#include "app/record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/outfile.h"
#include "util/fatal.h"
#include "video/palette.h"

/* The longest UTF-8 character: what may wait between two chunks. */
#define CARRY_MAX 4

struct cast {
	struct outfile
	    *file; /* written to a temporary file, renamed at the end */
	FILE *out; /* its stream */
	char *path;
	const char *option;
	char carry[CARRY_MAX];
	size_t carry_len;
	uint64_t last_us;
	int error; /* errno of the first failed write, or 0 */
	char *scratch;
	size_t scratch_cap;
};

/* --- escaping ----------------------------------------------------------- */

/* The length of a valid UTF-8 character at in[0..len), 0 if the bytes
 * there are not one, or -1 if they could still become one (cut short). */
static int utf8_char(const unsigned char *in, size_t len)
{
	unsigned char c = in[0];
	int need;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else
		return 0;
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (int i = 1; i < need; i++) {
		if ((size_t)i >= len)
			return -1;
		if (in[i] < (i == 1 ? lo : 0x80) ||
		    in[i] > (i == 1 ? hi : 0xBF))
			return 0;
	}
	return need;
}

size_t cast_json_escape(const char *in, size_t len, bool partial, char *out,
                        size_t *out_len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < len) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			/* "\u001b" and the like: every escape sequence has
			 * one, so no printf. */
			static const char hex[] = "0123456789abcdef";

			memcpy(out + o, "\\u00", 4);
			out[o + 4] = hex[c >> 4];
			out[o + 5] = hex[c & 15];
			o += 6;
			i++;
		} else if (c < 0x80) {
			out[o++] = (char)c;
			i++;
		} else {
			int n = utf8_char(s + i, len - i);

			if (n < 0 && partial)
				break; /* the rest comes with the next chunk */
			if (n <= 0) {
				/* Not UTF-8: the replacement character. */
				memcpy(out + o, "\\ufffd", 6);
				o += 6;
				i++;
			} else {
				memcpy(out + o, s + i, (size_t)n);
				o += (size_t)n;
				i += (size_t)n;
			}
		}
	}
	out[o] = '\0';
	*out_len = o;
	return i;
}

/* --- the file --------------------------------------------------------------
 */

static void note_error(struct cast *c)
{
	if (c->error == 0)
		c->error = errno != 0 ? errno : EIO;
}

struct cast *cast_open(const char *path, const char *option, char *err,
                       size_t errlen)
{
	struct cast *c;
	struct outfile *file = outfile_open(path, option, err, errlen);

	if (file == NULL)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->file = file;
	c->out = outfile_stream(file);
	c->path = xmalloc(strlen(path) + 1);
	memcpy(c->path, path, strlen(path) + 1);
	c->option = option;
	return c;
}

void cast_discard(struct cast *c)
{
	if (c == NULL)
		return;
	outfile_discard(c->file);
	free(c->scratch);
	free(c->path);
	free(c);
}

/* Room for escaping len bytes (and what waited from the last chunk). */
static char *scratch(struct cast *c, size_t len)
{
	size_t need = (len + CARRY_MAX) * 6 + 1;

	if (c->scratch_cap < need) {
		c->scratch = xrealloc(c->scratch, need, 1);
		c->scratch_cap = need;
	}
	return c->scratch;
}

static void put_string(struct cast *c, const char *s)
{
	size_t len = strlen(s), used;
	char *buf = scratch(c, len);

	cast_json_escape(s, len, false, buf, &used);
	fputc('"', c->out);
	fwrite(buf, 1, used, c->out);
	fputc('"', c->out);
}

static void put_time(struct cast *c, uint64_t t_us)
{
	/* Events never go back in time, whatever the caller's clock did. */
	if (t_us < c->last_us)
		t_us = c->last_us;
	c->last_us = t_us;
	fprintf(c->out, "[%" PRIu64 ".%06" PRIu64 ", ", t_us / 1000000,
	        t_us % 1000000);
}

static void end_line(struct cast *c)
{
	fputs("]\n", c->out);
	if (ferror(c->out))
		note_error(c);
}

int cast_write_header(struct cast *c, const struct cast_header *h, char *err,
                      size_t errlen)
{
	errno = 0;
	fprintf(c->out, "{\"version\": 2, \"width\": %d, \"height\": %d",
	        h->width, h->height);
	if (h->timestamp != 0)
		fprintf(c->out, ", \"timestamp\": %" PRIu64, h->timestamp);
	if (h->title != NULL) {
		fputs(", \"title\": ", c->out);
		put_string(c, h->title);
	}
	if (h->theme != NULL) {
		char theme[256];

		if (palette_cast_theme(h->theme, theme, sizeof theme) > 0)
			fprintf(c->out, ", \"theme\": %s", theme);
	}
	fputs(", \"env\": {\"TERM\": ", c->out);
	put_string(c, h->term != NULL ? h->term : "");
	fputs(", \"SHELL\": ", c->out);
	put_string(c, h->shell != NULL ? h->shell : "");
	fputs("}}\n", c->out);
	if (fflush(c->out) != 0 || ferror(c->out)) {
		note_error(c);
		snprintf(err, errlen, "%s: %s: cannot write: %s", c->option,
		         c->path, strerror(c->error));
		return -1;
	}
	return 0;
}

void cast_output(struct cast *c, uint64_t t_us, const char *bytes, size_t len)
{
	char *joined, *buf;
	size_t total, used, taken;

	if (c == NULL)
		return;
	total = c->carry_len + len;
	if (total == 0)
		return;
	buf = scratch(c, total);
	/* The escaped text goes at the front of the scratch buffer; the
	 * joined input sits past what it can take. */
	joined = xmalloc(total);
	memcpy(joined, c->carry, c->carry_len);
	memcpy(joined + c->carry_len, bytes, len);
	taken = cast_json_escape(joined, total, true, buf, &used);
	c->carry_len = total - taken;
	memcpy(c->carry, joined + taken, c->carry_len);
	free(joined);
	if (used == 0)
		return;
	put_time(c, t_us);
	fputs("\"o\", \"", c->out);
	fwrite(buf, 1, used, c->out);
	fputc('"', c->out);
	end_line(c);
}

void cast_hold(struct cast *c, uint64_t t_us)
{
	if (c == NULL)
		return;
	put_time(c, t_us);
	fputs("\"o\", \"\"", c->out);
	end_line(c);
}

void cast_marker(struct cast *c, uint64_t t_us, const char *label)
{
	if (c == NULL)
		return;
	put_time(c, t_us);
	fputs("\"m\", ", c->out);
	put_string(c, label);
	end_line(c);
}

void cast_resize(struct cast *c, uint64_t t_us, int cols, int rows)
{
	if (c == NULL)
		return;
	put_time(c, t_us);
	fprintf(c->out, "\"r\", \"%dx%d\"", cols, rows);
	end_line(c);
}

uint64_t cast_last_us(const struct cast *c)
{
	return c != NULL ? c->last_us : 0;
}

int cast_close(struct cast *c, char *err, size_t errlen)
{
	int rc = 0;

	if (c == NULL)
		return 0;
	/* A character still cut short at the very end: say so, legibly. */
	if (c->carry_len > 0) {
		char buf[CARRY_MAX * 6 + 1];
		size_t used;

		cast_json_escape(c->carry, c->carry_len, false, buf, &used);
		put_time(c, c->last_us);
		fprintf(c->out, "\"o\", \"%s\"", buf);
		end_line(c);
	}
	errno = 0;
	if (fflush(c->out) != 0 || ferror(c->out))
		note_error(c);
	if (c->error != 0) {
		snprintf(err, errlen, "%s: %s: cannot write: %s", c->option,
		         c->path, strerror(c->error));
		outfile_discard(c->file);
		rc = -1;
	} else {
		rc = outfile_commit(c->file, err, errlen);
	}
	free(c->scratch);
	free(c->path);
	free(c);
	return rc;
}
