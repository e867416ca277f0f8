/*
 * The event queue: a binary min-heap ordered by (time, sequence). The
 * sequence number is assigned on push, so events of the same microsecond
 * run in the order they were scheduled: the order is total and the same on
 * every run.
 */
#ifndef GCOUNTER_SIM_QUEUE_H
#define GCOUNTER_SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event {
	uint64_t time_us;
	uint64_t seq;
	uint32_t kind;
	uint32_t arg;
	uint32_t generation; /* stale timers are skipped by generation */
};

struct event_queue {
	struct event *items;
	size_t len;
	size_t cap;
	uint64_t next_seq;
};

void queue_init(struct event_queue *queue);
void queue_free(struct event_queue *queue);
/* Adds an event (its seq is set here). */
void queue_push(struct event_queue *queue, uint64_t time_us, uint32_t kind,
                uint32_t arg, uint32_t generation);
/* Removes the earliest event into *out; false when empty. */
bool queue_pop(struct event_queue *queue, struct event *out);
/* The earliest event, or NULL when empty. */
const struct event *queue_peek(const struct event_queue *queue);

#endif
