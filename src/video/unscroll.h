/*
 * Casts every player reads alike: ncurses scrolls a region with
 * `CSI n S` / `CSI n T` (SU, SD), which pyte-based players lack. This
 * filter rewrites each into what every emulator has: save the cursor, go
 * to the region's bottom (top) row, n line feeds (reverse indexes),
 * restore the cursor. The scroll region is followed from the bytes
 * (`CSI t;b r`). Pure: bytes in, bytes out.
 */
#ifndef GCOUNTER_VIDEO_UNSCROLL_H
#define GCOUNTER_VIDEO_UNSCROLL_H

#include <stddef.h>

typedef void (*unscroll_sink)(void *ctx, const char *bytes, size_t len);

struct unscroll {
	int rows;        /* the screen's */
	int top, bottom; /* the scroll region, 1-based */
	char held[40];   /* an escape sequence not finished yet */
	size_t held_len;
	unscroll_sink sink;
	void *ctx;
	/* One feed's output, handed on in one call (a cast writes an event
	 * per call). */
	char *out;
	size_t out_len, out_cap;
};

void unscroll_init(struct unscroll *u, int rows, unscroll_sink sink, void *ctx);
/* Bytes through the filter to the sink (a sequence cut between two
 * calls waits for the rest). */
void unscroll_feed(struct unscroll *u, const char *bytes, size_t len);
/* What is held back, as it is (the end of the stream). */
void unscroll_flush(struct unscroll *u);
/* Frees the output buffer (the struct is the caller's). */
void unscroll_free(struct unscroll *u);

#endif
