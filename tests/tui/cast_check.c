/*
 * cast_check: validates an asciicast v2 file the way a player would read
 * it, with no dependency beyond libc: a header object (version 2, width,
 * height, env with TERM and SHELL), then one JSON array per line - a time
 * that never goes back, a code ("o", "i", "m" or "r") and a string; every
 * string well-formed JSON in valid UTF-8. Prints a summary, or the first
 * problem as FILE:LINE: what, and exits 1.
 *
 *   cast_check FILE [--width W] [--height H] [--markers N] [--resizes N]
 *              [--print-markers] [--output OUT [--drop-last N]
 *              [--until SECONDS]]
 *
 * --output writes the bytes of the "o" events (all but the last N, none
 * after SECONDS) to OUT, decoded: what a player sends to its terminal.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (16u << 20)

struct parser {
	const char *s;
	size_t pos, len;
	const char *error;
};

static bool fail(struct parser *p, const char *why)
{
	if (p->error == NULL)
		p->error = why;
	return false;
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len &&
	       (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	        p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
		p->pos++;
}

static bool expect(struct parser *p, char c)
{
	skip_space(p);
	if (p->pos >= p->len || p->s[p->pos] != c)
		return fail(p, "unexpected character");
	p->pos++;
	return true;
}

/* Length of the valid UTF-8 character at s (n bytes left), or 0. */
static int utf8_len(const unsigned char *s, size_t n)
{
	int need;
	unsigned char lo = 0x80, hi = 0xBF;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0;
	if (s[0] == 0xED)
		hi = 0x9F;
	if (s[0] == 0xF0)
		lo = 0x90;
	if (s[0] == 0xF4)
		hi = 0x8F;
	if ((size_t)need > n)
		return 0;
	for (int i = 1; i < need; i++)
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF))
			return 0;
	return need;
}

/* A JSON string; its decoded bytes (\u escapes as UTF-8) into out. */
static bool string(struct parser *p, char *out, size_t cap, size_t *out_len)
{
	size_t o = 0;

	if (!expect(p, '"'))
		return false;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len)
			return fail(p, "unterminated string");
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20)
			return fail(p, "raw control character in a string");
		if (c == '\\') {
			char e;
			unsigned v = 0;

			if (p->pos + 1 >= p->len)
				return fail(p, "unterminated escape");
			e = p->s[p->pos + 1];
			p->pos += 2;
			if (strchr("\"\\/bfnrt", e) != NULL) {
				if (o < cap)
					out[o++] = e == 'n'   ? '\n'
					           : e == 'r' ? '\r'
					           : e == 't' ? '\t'
					           : e == 'b' ? '\b'
					           : e == 'f' ? '\f'
					                      : e;
				continue;
			}
			if (e != 'u' || p->pos + 4 > p->len)
				return fail(p, "bad escape");
			for (int i = 0; i < 4; i++) {
				char h = p->s[p->pos + (size_t)i];

				v <<= 4;
				if (h >= '0' && h <= '9')
					v |= (unsigned)(h - '0');
				else if (h >= 'a' && h <= 'f')
					v |= (unsigned)(h - 'a' + 10);
				else if (h >= 'A' && h <= 'F')
					v |= (unsigned)(h - 'A' + 10);
				else
					return fail(p, "bad \\u escape");
			}
			p->pos += 4;
			/* As UTF-8 (a lone surrogate as U+FFFD). */
			if (v >= 0xD800 && v <= 0xDFFF)
				v = 0xFFFD;
			if (v < 0x80) {
				if (o < cap)
					out[o++] = (char)v;
			} else if (v < 0x800) {
				if (o + 1 < cap) {
					out[o++] = (char)(0xC0 | (v >> 6));
					out[o++] = (char)(0x80 | (v & 0x3F));
				}
			} else if (o + 2 < cap) {
				out[o++] = (char)(0xE0 | (v >> 12));
				out[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
				out[o++] = (char)(0x80 | (v & 0x3F));
			}
			continue;
		}
		if (c >= 0x80) {
			int n = utf8_len((const unsigned char *)p->s + p->pos,
			                 p->len - p->pos);

			if (n == 0)
				return fail(p, "invalid UTF-8 in a string");
			for (int i = 0; i < n && o < cap; i++)
				out[o++] = p->s[p->pos + (size_t)i];
			p->pos += (size_t)n;
			continue;
		}
		if (o < cap)
			out[o++] = (char)c;
		p->pos++;
	}
	if (o < cap)
		out[o] = '\0';
	else if (cap > 0)
		out[cap - 1] = '\0';
	*out_len = o;
	return true;
}

/* A JSON number, as a double and as its exact text for times. */
static bool number(struct parser *p, double *value)
{
	char *end;

	skip_space(p);
	if (p->pos >= p->len || !(p->s[p->pos] == '-' ||
	                          (p->s[p->pos] >= '0' && p->s[p->pos] <= '9')))
		return fail(p, "expected a number");
	*value = strtod(p->s + p->pos, &end);
	if (end == p->s + p->pos)
		return fail(p, "expected a number");
	p->pos = (size_t)(end - p->s);
	return true;
}

static bool value(struct parser *p);

static bool skip_object(struct parser *p)
{
	char key[256];
	size_t len;

	if (!expect(p, '{'))
		return false;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		return true;
	}
	for (;;) {
		if (!string(p, key, sizeof key, &len) || !expect(p, ':') ||
		    !value(p))
			return false;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		return expect(p, '}');
	}
}

static bool value(struct parser *p)
{
	char buf[64];
	size_t len;
	double d;

	skip_space(p);
	if (p->pos >= p->len)
		return fail(p, "expected a value");
	switch (p->s[p->pos]) {
	case '"':
		return string(p, buf, sizeof buf, &len);
	case '{':
		return skip_object(p);
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = {"true", "false", "null"};

		for (int i = 0; i < 3; i++) {
			size_t n = strlen(words[i]);

			if (p->len - p->pos >= n &&
			    strncmp(p->s + p->pos, words[i], n) == 0) {
				p->pos += n;
				return true;
			}
		}
		return fail(p, "bad literal");
	}
	default:
		return number(p, &d);
	}
}

struct header {
	double version, width, height;
	bool has_version, has_width, has_height, has_term, has_shell;
};

static bool header(struct parser *p, struct header *h)
{
	char key[64], text[4096];
	size_t len;

	if (!expect(p, '{'))
		return false;
	for (;;) {
		if (!string(p, key, sizeof key, &len) || !expect(p, ':'))
			return false;
		if (strcmp(key, "version") == 0) {
			h->has_version = number(p, &h->version);
		} else if (strcmp(key, "width") == 0) {
			h->has_width = number(p, &h->width);
		} else if (strcmp(key, "height") == 0) {
			h->has_height = number(p, &h->height);
		} else if (strcmp(key, "env") == 0) {
			if (!expect(p, '{'))
				return false;
			for (;;) {
				char name[64];

				if (!string(p, name, sizeof name, &len) ||
				    !expect(p, ':') ||
				    !string(p, text, sizeof text, &len))
					return false;
				if (strcmp(name, "TERM") == 0)
					h->has_term = true;
				if (strcmp(name, "SHELL") == 0)
					h->has_shell = true;
				skip_space(p);
				if (p->pos < p->len && p->s[p->pos] == ',') {
					p->pos++;
					continue;
				}
				if (!expect(p, '}'))
					return false;
				break;
			}
		} else if (!value(p)) {
			return false;
		}
		if (p->error != NULL)
			return false;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (!expect(p, '}'))
			return false;
		skip_space(p);
		return p->pos == p->len || fail(p, "text after the header");
	}
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	long want_width = -1, want_height = -1, want_markers = -1;
	long want_resizes = -1, drop_last = 0;
	double until = -1;
	bool print_markers = false;
	const char *output = NULL;
	/* The "o" events' bytes, kept for --output. */
	char **outputs = NULL;
	size_t *output_lens = NULL, output_count = 0;
	FILE *f;
	char *line, *data;
	size_t lineno = 0, counts[4] = {0}, data_len;
	double last = 0;
	struct header h = {0};
	static const char codes[] = "oimr";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--width") == 0 && i + 1 < argc)
			want_width = atol(argv[++i]);
		else if (strcmp(argv[i], "--height") == 0 && i + 1 < argc)
			want_height = atol(argv[++i]);
		else if (strcmp(argv[i], "--markers") == 0 && i + 1 < argc)
			want_markers = atol(argv[++i]);
		else if (strcmp(argv[i], "--resizes") == 0 && i + 1 < argc)
			want_resizes = atol(argv[++i]);
		else if (strcmp(argv[i], "--print-markers") == 0)
			print_markers = true;
		else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc)
			output = argv[++i];
		else if (strcmp(argv[i], "--drop-last") == 0 && i + 1 < argc)
			drop_last = atol(argv[++i]);
		else if (strcmp(argv[i], "--until") == 0 && i + 1 < argc)
			until = atof(argv[++i]);
		else if (path == NULL)
			path = argv[i];
		else {
			fprintf(stderr, "usage: cast_check FILE [options]\n");
			return 2;
		}
	}
	if (path == NULL) {
		fprintf(stderr, "usage: cast_check FILE [options]\n");
		return 2;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	line = malloc(LINE_MAX_BYTES);
	data = malloc(LINE_MAX_BYTES);
	if (line == NULL || data == NULL)
		return 2;
	while (fgets(line, (int)LINE_MAX_BYTES, f) != NULL) {
		struct parser p = {.s = line, .len = strlen(line)};
		char code[8];
		size_t code_len;
		double t;
		const char *which;

		lineno++;
		if (p.len == 0 || line[p.len - 1] != '\n') {
			fprintf(stderr, "%s:%zu: a line without its newline\n",
			        path, lineno);
			return 1;
		}
		p.len--;
		if (lineno == 1) {
			if (!header(&p, &h) || !h.has_version ||
			    h.version != 2 || !h.has_width || h.width < 1 ||
			    !h.has_height || h.height < 1 || !h.has_term ||
			    !h.has_shell) {
				fprintf(stderr,
				        "%s:1: not an asciicast v2 header "
				        "(%s)\n",
				        path,
				        p.error ? p.error
				                : "version 2, width, height, "
				                  "env TERM and SHELL wanted");
				return 1;
			}
			continue;
		}
		if (!expect(&p, '[') || !number(&p, &t) || !expect(&p, ',') ||
		    !string(&p, code, sizeof code, &code_len) ||
		    !expect(&p, ',') ||
		    !string(&p, data, LINE_MAX_BYTES, &data_len) ||
		    !expect(&p, ']')) {
			fprintf(stderr, "%s:%zu: not an event: %s\n", path,
			        lineno, p.error);
			return 1;
		}
		skip_space(&p);
		if (p.pos != p.len) {
			fprintf(stderr, "%s:%zu: text after the event\n", path,
			        lineno);
			return 1;
		}
		if (t < last || t < 0) {
			fprintf(stderr, "%s:%zu: time goes back (%f < %f)\n",
			        path, lineno, t, last);
			return 1;
		}
		last = t;
		which = code_len == 1 ? strchr(codes, code[0]) : NULL;
		if (which == NULL) {
			fprintf(stderr, "%s:%zu: unknown event code '%s'\n",
			        path, lineno, code);
			return 1;
		}
		counts[which - codes]++;
		if (code[0] == 'r') {
			unsigned c, r;
			char end;

			if (sscanf(data, "%ux%u%c", &c, &r, &end) != 2) {
				fprintf(stderr,
				        "%s:%zu: a resize is COLSxROWS, not "
				        "'%s'\n",
				        path, lineno, data);
				return 1;
			}
		}
		if (code[0] == 'm' && print_markers)
			printf("marker %.6f %s\n", t, data);
		if (code[0] == 'o' && output != NULL &&
		    (until < 0 || t <= until)) {
			outputs = realloc(outputs,
			                  (output_count + 1) * sizeof *outputs);
			output_lens =
			    realloc(output_lens,
			            (output_count + 1) * sizeof *output_lens);
			if (outputs == NULL || output_lens == NULL)
				return 2;
			outputs[output_count] = malloc(data_len + 1);
			if (outputs[output_count] == NULL)
				return 2;
			memcpy(outputs[output_count], data, data_len);
			output_lens[output_count++] = data_len;
		}
	}
	fclose(f);
	free(line);
	free(data);
	if (lineno == 0) {
		fprintf(stderr, "%s: empty\n", path);
		return 1;
	}
	if (output != NULL) {
		FILE *out = fopen(output, "wb");

		if (out == NULL) {
			perror(output);
			return 1;
		}
		for (size_t i = 0; i + (size_t)drop_last < output_count; i++)
			fwrite(outputs[i], 1, output_lens[i], out);
		if (fclose(out) != 0) {
			perror(output);
			return 1;
		}
		for (size_t i = 0; i < output_count; i++)
			free(outputs[i]);
		free(outputs);
		free(output_lens);
	}
	if ((want_width >= 0 && h.width != (double)want_width) ||
	    (want_height >= 0 && h.height != (double)want_height)) {
		fprintf(stderr, "%s: %gx%g, not %ldx%ld\n", path, h.width,
		        h.height, want_width, want_height);
		return 1;
	}
	if (want_markers >= 0 && counts[2] != (size_t)want_markers) {
		fprintf(stderr, "%s: %zu markers, not %ld\n", path, counts[2],
		        want_markers);
		return 1;
	}
	if (want_resizes >= 0 && counts[3] != (size_t)want_resizes) {
		fprintf(stderr, "%s: %zu resizes, not %ld\n", path, counts[3],
		        want_resizes);
		return 1;
	}
	printf("ok: %gx%g, %zu output, %zu input, %zu markers, %zu resizes, "
	       "%.6f s\n",
	       h.width, h.height, counts[0], counts[1], counts[2], counts[3],
	       last);
	return 0;
}
