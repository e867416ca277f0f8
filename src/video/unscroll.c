/*
 * Only SU and SD are rewritten, and only in their plain form (digits, no
 * private marker, no intermediates); every other byte passes as it came.
 * DECSC/DECRC around the line feeds leave the cursor and the pen as they
 * were, which is what SU and SD do.
 */
#include "video/unscroll.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

#define ESC 0x1b

void unscroll_init(struct unscroll *u, int rows, unscroll_sink sink, void *ctx)
{
	*u = (struct unscroll){
	    .rows = rows, .top = 1, .bottom = rows, .sink = sink, .ctx = ctx};
}

static void emit(struct unscroll *u, const char *bytes, size_t len)
{
	if (u->out_len + len > u->out_cap) {
		u->out_cap = (u->out_len + len) * 2;
		u->out = xrealloc(u->out, u->out_cap, 1);
	}
	memcpy(u->out + u->out_len, bytes, len);
	u->out_len += len;
}

static void hand_on(struct unscroll *u)
{
	if (u->out_len > 0)
		u->sink(u->ctx, u->out, u->out_len);
	u->out_len = 0;
}

void unscroll_free(struct unscroll *u)
{
	free(u->out);
	u->out = NULL;
	u->out_cap = u->out_len = 0;
}

/* The numbers of a CSI's parameters ("2", "17;22"): how many, or -1 if
 * they are not plain digits and semicolons. */
static int numbers(const char *p, size_t len, int *out, int max)
{
	int n = 0, value = 0;
	bool any = false;

	for (size_t i = 0; i < len; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (value < 10000)
				value = value * 10 + (p[i] - '0');
			any = true;
		} else if (p[i] == ';') {
			if (n < max)
				out[n] = any ? value : 0;
			n++;
			value = 0;
			any = false;
		} else {
			return -1;
		}
	}
	if (len > 0) {
		if (n < max)
			out[n] = any ? value : 0;
		n++;
	}
	return n;
}

static void release(struct unscroll *u)
{
	if (u->held_len > 0)
		emit(u, u->held, u->held_len);
	u->held_len = 0;
}

/* A whole CSI in held (ESC [ params final): passed on or rewritten. */
static void csi(struct unscroll *u)
{
	char final = u->held[u->held_len - 1];
	const char *params = u->held + 2;
	size_t len = u->held_len - 3;
	int v[2] = {0, 0}, n = numbers(params, len, v, 2);

	if (final == 'r' && n >= 0 && n <= 2) {
		u->top = n >= 1 && v[0] > 0 ? v[0] : 1;
		u->bottom = n >= 2 && v[1] > 0 ? v[1] : u->rows;
		if (u->top > u->rows)
			u->top = u->rows;
		if (u->bottom > u->rows || u->bottom < u->top)
			u->bottom = u->rows;
	} else if ((final == 'S' || final == 'T') && n >= 0 && n <= 1) {
		int count = n == 1 && v[0] > 0 ? v[0] : 1;
		char buf[32];
		int used;

		if (count > u->rows)
			count = u->rows;
		used = snprintf(buf, sizeof buf, "\0337\033[%d;1H",
		                final == 'S' ? u->bottom : u->top);
		emit(u, buf, (size_t)used);
		for (int i = 0; i < count; i++)
			emit(u, final == 'S' ? "\n" : "\033M",
			     final == 'S' ? 1 : 2);
		emit(u, "\0338", 2);
		u->held_len = 0;
		return;
	}
	emit(u, u->held, u->held_len);
	u->held_len = 0;
}

void unscroll_feed(struct unscroll *u, const char *bytes, size_t len)
{
	size_t run = 0; /* the start of bytes that pass as they are */

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)bytes[i];

		if (u->held_len == 0) {
			if (c != ESC)
				continue;
			if (i > run)
				emit(u, bytes + run, i - run);
			u->held[u->held_len++] = (char)c;
			run = i + 1;
			continue;
		}
		run = i + 1;
		u->held[u->held_len++] = (char)c;
		if (u->held_len == 2) {
			if (c != '[') {
				/* Not a CSI: as it came (a second ESC starts
				 * again). */
				if (c == ESC) {
					emit(u, u->held, 1);
					u->held[0] = ESC;
					u->held_len = 1;
				} else {
					release(u);
				}
			}
			continue;
		}
		if (c >= 0x40 && c <= 0x7e)
			csi(u);
		else if (c < 0x20 || c > 0x3f || u->held_len == sizeof u->held)
			release(u); /* not a CSI we read */
	}
	if (u->held_len == 0 && len > run)
		emit(u, bytes + run, len - run);
	hand_on(u);
}

void unscroll_flush(struct unscroll *u)
{
	release(u);
	hand_on(u);
}
