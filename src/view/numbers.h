/*
 * The numbers that compare strategies, modes and faults, as one line that
 * fits the room it gets: messages sent, delivered, dropped, duplicated
 * and lost, bytes, messages per increment (the work, idle traffic apart),
 * idle messages, bytes per operation (per mode, once more than one was
 * used), the convergence latency per increment and the reads that went
 * backwards. Each counts the phase in force (sim_phase: since the last
 * strategy, mode or reader), so a number shown beside a caption about
 * one phase is that phase's. Pure text from the sim's readers: no curses,
 * no allocation.
 */
#ifndef GCOUNTER_VIEW_NUMBERS_H
#define GCOUNTER_VIEW_NUMBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/sim.h"

/* A latency for people, "190ms", "1.2s", "850us"; "-" with no sample. */
size_t numbers_duration(uint64_t us, char *buf, size_t cap);
/* A byte count for people: "812 B", "4.1 kB", "12.0 MB". */
size_t numbers_bytes(uint64_t bytes, char *buf, size_t cap);

/*
 * The engine's latency percentiles sort every sample (a million take
 * ~130ms): a frame asks through this cache, which asks again only when
 * there are new samples, and with many samples only every few frames
 * (a frame's worth of sorting at most, on average). Deterministic: it
 * counts frames, not time.
 */
struct numbers_cache {
	bool valid;
	const struct sim *sim;
	uint64_t from; /* the phase's first sample */
	struct sim_latency latency;
	uint64_t frames_skipped;
};

/* Samples one frame may sort, on average. */
#define NUMBERS_SORT_BUDGET 50000

/* The percentiles of the phase in force (sim_phase). */
void numbers_latency(const struct sim *sim, struct numbers_cache *cache,
                     struct sim_latency *latency);

/*
 * The line in at most `width` columns: every number with its words when
 * they fit, then shorter words, then the least needed numbers left out.
 * `sep` separates the parts (" · "). `cache` may be NULL (no caching).
 * Returns the length written.
 */
size_t numbers_line(const struct sim *sim, struct numbers_cache *cache,
                    size_t width, const char *sep, char *buf, size_t cap);

#endif
