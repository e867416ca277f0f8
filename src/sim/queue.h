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

struct sim_event {
	uint64_t time_us;
	uint64_t seq;
	uint32_t kind;
	uint32_t arg;
	uint32_t generation; /* stale timers are skipped by generation */
};

struct sim_queue {
	struct sim_event *items;
	size_t len;
	size_t cap;
	uint64_t next_seq;
};

void sim_queue_init(struct sim_queue *queue);
void sim_queue_free(struct sim_queue *queue);
/* Adds an event (its seq is set here). */
void sim_queue_push(struct sim_queue *queue, uint64_t time_us, uint32_t kind,
                    uint32_t arg, uint32_t generation);
/* Takes the next sequence number without pushing: an event that will be
 * pushed later (sim_queue_push_seq) but must keep its place among events
 * of its microsecond as if it had been pushed now. */
uint64_t sim_queue_take_seq(struct sim_queue *queue);
/* Adds an event with a sequence number taken earlier. */
void sim_queue_push_seq(struct sim_queue *queue, uint64_t time_us, uint64_t seq,
                        uint32_t kind, uint32_t arg, uint32_t generation);
/* Removes the earliest event into *out; false when empty. */
bool sim_queue_pop(struct sim_queue *queue, struct sim_event *out);
/* The earliest event gives its place to this one (the queue is not
 * empty): a pop and a push in one sift, the same order of pops after. */
void sim_queue_replace_top(struct sim_queue *queue, uint64_t time_us,
                           uint64_t seq, uint32_t kind, uint32_t arg,
                           uint32_t generation);
/* The earliest event, or NULL when empty. */
/* (Inline: the run loop peeks once an event.) */
static inline const struct sim_event *
sim_queue_peek(const struct sim_queue *queue)
{
	return queue->len > 0 ? &queue->items[0] : NULL;
}
/* Makes dst an independent copy of src (dst is not freed first). */
void sim_queue_copy(struct sim_queue *dst, const struct sim_queue *src);

#endif
