/*
 * The numbers that compare strategies and faults, as one line that fits
 * the room it gets: messages sent, delivered, dropped, duplicated and
 * lost, bytes, messages per increment, the convergence latency per
 * increment and the reads that went backwards. Pure text from the sim's
 * readers: no curses, no allocation.
 */
#ifndef GCOUNTER_UI_NUMBERS_H
#define GCOUNTER_UI_NUMBERS_H

#include <stddef.h>

#include "sim/sim.h"

/* A latency for people, "190ms", "1.2s", "850us"; "-" with no sample. */
size_t numbers_duration(uint64_t us, char *buf, size_t cap);
/* A byte count for people: "812 B", "4.1 kB", "12.0 MB". */
size_t numbers_bytes(uint64_t bytes, char *buf, size_t cap);

/*
 * The line in at most `width` columns: every number with its words when
 * they fit, then shorter words, then the least needed numbers left out.
 * `sep` separates the parts (" · "). Returns the length written.
 */
size_t numbers_line(const struct sim *sim, size_t width, const char *sep,
                    char *buf, size_t cap);

#endif
