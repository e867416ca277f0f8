/*
 * Binary heap of events. Kept as a plain array: pushes and pops are
 * O(log n) with no allocation once the array has grown to its working size.
 */
#include "sim/queue.h"

#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"

static bool before(const struct sim_event *a, const struct sim_event *b)
{
	if (a->time_us != b->time_us)
		return a->time_us < b->time_us;
	return a->seq < b->seq;
}

static void sift_up(struct sim_event *items, size_t i)
{
	struct sim_event moving = items[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!before(&moving, &items[parent]))
			break;
		items[i] = items[parent];
		i = parent;
	}
	items[i] = moving;
}

void sim_queue_init(struct sim_queue *queue)
{
	*queue = (struct sim_queue){0};
}

void sim_queue_free(struct sim_queue *queue)
{
	free(queue->items);
	sim_queue_init(queue);
}

uint64_t sim_queue_take_seq(struct sim_queue *queue)
{
	return queue->next_seq++;
}

void sim_queue_push_seq(struct sim_queue *queue, uint64_t time_us, uint64_t seq,
                        uint32_t kind, uint32_t arg, uint32_t generation)
{
	if (queue->len == queue->cap) {
		queue->cap = queue->cap ? queue->cap * 2 : 64;
		queue->items =
		    xrealloc(queue->items, queue->cap, sizeof *queue->items);
	}
	queue->items[queue->len] = (struct sim_event){.time_us = time_us,
	                                              .seq = seq,
	                                              .kind = kind,
	                                              .arg = arg,
	                                              .generation = generation};
	sift_up(queue->items, queue->len);
	queue->len++;
}

void sim_queue_push(struct sim_queue *queue, uint64_t time_us, uint32_t kind,
                    uint32_t arg, uint32_t generation)
{
	sim_queue_push_seq(queue, time_us, queue->next_seq++, kind, arg,
	                   generation);
}

/* The earlier of i's children in a heap of len events, or an index at
 * or past len when i has none. */
static inline size_t earlier_child(const struct sim_event *items, size_t i,
                                   size_t len)
{
	size_t child = 2 * i + 1;

	if (child + 1 < len && before(&items[child + 1], &items[child]))
		child++;
	return child;
}

bool sim_queue_pop(struct sim_queue *queue, struct sim_event *out)
{
	struct sim_event *items = queue->items;
	struct sim_event last;
	size_t len, i = 0;

	if (queue->len == 0)
		return false;
	*out = items[0];
	len = --queue->len;
	if (len == 0)
		return true;
	/* Floyd's pop: walk the hole at the root down to a leaf along the
	 * earlier child, then sift the last event up from there. The last
	 * event nearly always belongs near the bottom, so this makes about
	 * half the comparisons of a plain sift-down. Keys (time, seq) are
	 * unique, so the order of pops is the same either way. */
	last = items[len];
	for (;;) {
		size_t child = earlier_child(items, i, len);

		if (child >= len)
			break;
		items[i] = items[child];
		i = child;
	}
	items[i] = last;
	sift_up(items, i);
	return true;
}

void sim_queue_replace_top(struct sim_queue *queue, uint64_t time_us,
                           uint64_t seq, uint32_t kind, uint32_t arg,
                           uint32_t generation)
{
	struct sim_event *items = queue->items;
	struct sim_event moving = {.time_us = time_us,
	                           .seq = seq,
	                           .kind = kind,
	                           .arg = arg,
	                           .generation = generation};
	size_t len = queue->len, i = 0;

	/* A plain sift-down: the new event is as likely to stay near the
	 * top as to sink (a fan-out's next copy follows closely). */
	for (;;) {
		size_t child = earlier_child(items, i, len);

		if (child >= len)
			break;
		if (!before(&items[child], &moving))
			break;
		items[i] = items[child];
		i = child;
	}
	items[i] = moving;
}

void sim_queue_copy(struct sim_queue *dst, const struct sim_queue *src)
{
	/* The heap array as it is, so the copy pops in the same order with
	 * the same sequence numbers to come; only as long as it needs. */
	*dst = *src;
	dst->cap = src->len;
	dst->items = NULL;
	if (src->len > 0) {
		dst->items = xmalloc(src->len * sizeof *dst->items);
		memcpy(dst->items, src->items, src->len * sizeof *dst->items);
	}
}
