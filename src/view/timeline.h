/*
 * The run's history at a glance: which moments that matter happened when,
 * in virtual time, for the timeline line of the dashboard. A fixed number
 * of buckets that widen as the run grows, so it costs the same memory for
 * a minute or a day. Pure data: it never reads the world or draws.
 */
#ifndef GCOUNTER_VIEW_TIMELINE_H
#define GCOUNTER_VIEW_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

/* Moments that matter (bits): what a step back or forward can stop at,
 * and what the timeline marks. */
enum moment {
	MOMENT_INCREMENT = 1 << 0, /* an increment or a decrement */
	MOMENT_MERGE = 1 << 1,     /* a delivery that changed its receiver */
	MOMENT_FAULT = 1 << 2,     /* a fault on or off, a crash, a restart */
	MOMENT_CHANGE = 1 << 3,    /* any other command: strategy, mode ... */
	MOMENT_CONVERGED = 1 << 4,
	MOMENT_DIVERGED = 1 << 5,
	MOMENT_CAPTION = 1 << 6, /* a scenario's caption */
	MOMENT_PAUSE = 1 << 7,   /* a scenario's pause: a chapter ends */
	/* Not a moment that matters, nor drawn: the event log told a line
	 * (or the presenter acted), where a step back can stop. */
	MOMENT_TOLD = 1 << 8,
};

/* Buckets kept: enough for any window's width several times over. */
#define TIMELINE_BUCKETS 2048

struct timeline {
	uint64_t bucket_us; /* each bucket's span of virtual time */
	uint16_t marks[TIMELINE_BUCKETS];
};

void timeline_reset(struct timeline *tl);
/* The moments (enum moment bits) at virtual time t_us. */
void timeline_mark(struct timeline *tl, uint64_t t_us, unsigned moments);
/* Forgets every mark after t_us (a new future starts there); the bucket
 * holding t_us keeps what it had. */
void timeline_truncate(struct timeline *tl, uint64_t t_us);
/* The end of the latest bucket at or before t_us's that holds any of the
 * moments: the last of them happened before this time (0: none did). */
uint64_t timeline_last_end(const struct timeline *tl, uint64_t t_us,
                           unsigned moments);
/* The moments of each of `cols` columns spanning [0, span_us]. */
void timeline_columns(const struct timeline *tl, uint64_t span_us, size_t cols,
                      uint16_t *out);

#endif
