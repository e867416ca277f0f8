/*
 * Buckets of moments over virtual time. When a mark falls past the last
 * bucket, neighbouring buckets merge in pairs and each spans twice the
 * time: the marks stay in order and never move by more than a bucket.
 */
#include "view/timeline.h"

#include <string.h>

/* The first buckets' span: a millisecond. */
#define TIMELINE_FIRST_US 1000

void timeline_reset(struct timeline *tl)
{
	tl->bucket_us = TIMELINE_FIRST_US;
	memset(tl->marks, 0, sizeof tl->marks);
}

static void widen(struct timeline *tl)
{
	for (size_t i = 0; i < TIMELINE_BUCKETS / 2; i++)
		tl->marks[i] = tl->marks[2 * i] | tl->marks[2 * i + 1];
	memset(tl->marks + TIMELINE_BUCKETS / 2, 0,
	       TIMELINE_BUCKETS / 2 * sizeof tl->marks[0]);
	tl->bucket_us *= 2;
}

void timeline_mark(struct timeline *tl, uint64_t t_us, unsigned moments)
{
	if (moments == 0)
		return;
	while (t_us / tl->bucket_us >= TIMELINE_BUCKETS)
		widen(tl);
	tl->marks[t_us / tl->bucket_us] |= (uint16_t)moments;
}

void timeline_truncate(struct timeline *tl, uint64_t t_us)
{
	uint64_t first = t_us / tl->bucket_us + 1;

	if (first < TIMELINE_BUCKETS)
		memset(tl->marks + first, 0,
		       (TIMELINE_BUCKETS - first) * sizeof tl->marks[0]);
}

uint64_t timeline_last_end(const struct timeline *tl, uint64_t t_us,
                           unsigned moments)
{
	uint64_t b = t_us / tl->bucket_us;

	if (b >= TIMELINE_BUCKETS)
		b = TIMELINE_BUCKETS - 1;
	for (;; b--) {
		if (tl->marks[b] & moments)
			return (b + 1) * tl->bucket_us;
		if (b == 0)
			return 0;
	}
}

void timeline_columns(const struct timeline *tl, uint64_t span_us, size_t cols,
                      uint16_t *out)
{
	memset(out, 0, cols * sizeof *out);
	if (cols == 0)
		return;
	for (size_t b = 0; b < TIMELINE_BUCKETS; b++) {
		uint64_t start = (uint64_t)b * tl->bucket_us;
		size_t col;

		if (tl->marks[b] == 0)
			continue;
		if (start > span_us)
			break;
		/* The column of the bucket's start: [0, span] maps onto
		 * cols columns, span itself onto the last (and so does the
		 * bucket that holds it, as the cursor at the present). */
		col = span_us > 0 ? (size_t)((double)start / (double)span_us *
		                             (double)(cols - 1))
		                  : 0;
		if (start + tl->bucket_us > span_us)
			col = cols - 1;
		out[col < cols ? col : cols - 1] |= tl->marks[b];
	}
}
