/*
 * Binary heap of events. Kept as a plain array: pushes and pops are
 * O(log n) with no allocation once the array has grown to its working size.
 */
#include "sim/queue.h"

#include <stdlib.h>

#include "sim/fatal.h"

static bool before(const struct event *a, const struct event *b)
{
	if (a->time_us != b->time_us)
		return a->time_us < b->time_us;
	return a->seq < b->seq;
}

static void sift_up(struct event *items, size_t i)
{
	struct event moving = items[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!before(&moving, &items[parent]))
			break;
		items[i] = items[parent];
		i = parent;
	}
	items[i] = moving;
}

void queue_init(struct event_queue *queue)
{
	*queue = (struct event_queue){0};
}

void queue_free(struct event_queue *queue)
{
	free(queue->items);
	queue_init(queue);
}

void queue_push(struct event_queue *queue, uint64_t time_us, uint32_t kind,
                uint32_t arg, uint32_t generation)
{
	if (queue->len == queue->cap) {
		queue->cap = queue->cap ? queue->cap * 2 : 64;
		queue->items =
		    xrealloc(queue->items, queue->cap, sizeof *queue->items);
	}
	queue->items[queue->len] = (struct event){.time_us = time_us,
	                                          .seq = queue->next_seq++,
	                                          .kind = kind,
	                                          .arg = arg,
	                                          .generation = generation};
	sift_up(queue->items, queue->len);
	queue->len++;
}

bool queue_pop(struct event_queue *queue, struct event *out)
{
	struct event *items = queue->items;
	struct event last;
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
		size_t child = 2 * i + 1;

		if (child >= len)
			break;
		if (child + 1 < len && before(&items[child + 1], &items[child]))
			child++;
		items[i] = items[child];
		i = child;
	}
	items[i] = last;
	sift_up(items, i);
	return true;
}

const struct event *queue_peek(const struct event_queue *queue)
{
	return queue->len > 0 ? &queue->items[0] : NULL;
}
