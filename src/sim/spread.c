/*
 * Per-slot queues of increments on their way. A node that holds value v of
 * a slot holds every smaller value too, so an older entry always has at
 * least as many holders as a newer one: entries complete in order, and only
 * the head of each queue needs checking. Values rise along a queue, so a
 * growth finds its first entry by binary search, never by a walk.
 */
#include "sim/spread.h"

#include <stdlib.h>
#include <string.h>

#include "sim/hash.h"
#include "util/fatal.h"

struct entry {
	uint64_t value;   /* the slot's count right after the increment */
	uint64_t at_us;   /* when it was made */
	uint32_t holders; /* live nodes whose slot is at least value */
};

struct queue {
	struct entry *items;
	size_t head, len, cap;
};

/*
 * The latency samples only grow, so a world's copies (time travel's
 * checkpoints) share them: full chunks are never written again and are
 * shared by count; the last one is copied before it is written while
 * another world shares it.
 */
#define SAMPLE_CHUNK 512

struct sample_chunk {
	unsigned refs;
	uint64_t v[SAMPLE_CHUNK];
};

struct spread {
	uint32_t slots;
	struct queue *queues;
	struct sample_chunk **chunks;
	size_t chunk_count, chunk_cap;
	size_t sample_count;
	uint64_t max_us;
	uint64_t total_samples;
};

struct spread *spread_new(uint32_t slots)
{
	struct spread *spread = xcalloc(1, sizeof *spread);

	spread->slots = slots;
	spread->queues = xcalloc(slots, sizeof *spread->queues);
	return spread;
}

void spread_free(struct spread *spread)
{
	if (spread == NULL)
		return;
	for (uint32_t s = 0; s < spread->slots; s++)
		free(spread->queues[s].items);
	free(spread->queues);
	for (size_t c = 0; c < spread->chunk_count; c++)
		if (--spread->chunks[c]->refs == 0)
			free(spread->chunks[c]);
	free(spread->chunks);
	free(spread);
}

static struct entry *at(struct queue *q, size_t i)
{
	return &q->items[(q->head + i) % q->cap];
}

static void push(struct queue *q, struct entry e)
{
	if (q->len == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		struct entry *items = xcalloc(cap, sizeof *items);

		for (size_t i = 0; i < q->len; i++)
			items[i] = *at(q, i);
		free(q->items);
		q->items = items;
		q->head = 0;
		q->cap = cap;
	}
	q->items[(q->head + q->len) % q->cap] = e;
	q->len++;
}

static void record(struct spread *spread, uint64_t latency_us)
{
	spread->total_samples++;
	if (latency_us > spread->max_us)
		spread->max_us = latency_us;
	if (spread->sample_count == SPREAD_MAX_SAMPLES)
		return;
	size_t c = spread->sample_count / SAMPLE_CHUNK;
	size_t off = spread->sample_count % SAMPLE_CHUNK;

	if (off == 0) {
		if (spread->chunk_count == spread->chunk_cap) {
			spread->chunk_cap =
			    spread->chunk_cap ? spread->chunk_cap * 2 : 8;
			spread->chunks =
			    xrealloc(spread->chunks, spread->chunk_cap,
			             sizeof *spread->chunks);
		}
		spread->chunks[spread->chunk_count++] =
		    xcalloc(1, sizeof **spread->chunks);
		spread->chunks[c]->refs = 1;
	} else if (spread->chunks[c]->refs > 1) {
		struct sample_chunk *own = xmalloc(sizeof *own);

		memcpy(own->v, spread->chunks[c]->v, off * sizeof own->v[0]);
		own->refs = 1;
		spread->chunks[c]->refs--;
		spread->chunks[c] = own;
	}
	spread->chunks[c]->v[off] = latency_us;
	spread->sample_count++;
}

/* Pops every entry at the head that every live node now holds. */
static void complete(struct spread *spread, struct queue *q, uint64_t t_us,
                     uint32_t live_nodes)
{
	while (q->len > 0 && at(q, 0)->holders >= live_nodes) {
		record(spread, t_us - at(q, 0)->at_us);
		q->head = (q->head + 1) % q->cap;
		q->len--;
	}
}

/*
 * The index of the first entry above v. Values rise along a queue (each
 * entry is a new maximum), so a binary search finds it: a merge then costs
 * what it teaches, not the length of the queue. That length is unbounded
 * while a live node is cut off and holds the head back, and walking it
 * from the head on every merge made such a run quadratic.
 */
static size_t first_above(struct queue *q, uint64_t v)
{
	size_t lo = 0, hi = q->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (at(q, mid)->value > v)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void spread_new_maximum(struct spread *spread, uint32_t s, uint64_t v,
                        uint64_t t_us)
{
	push(&spread->queues[s],
	     (struct entry){.value = v, .at_us = t_us, .holders = 0});
}

void spread_grew(struct spread *spread, uint32_t s, uint64_t from, uint64_t to,
                 uint64_t t_us, uint32_t live_nodes)
{
	struct queue *q = &spread->queues[s];

	for (size_t i = first_above(q, from); i < q->len; i++) {
		struct entry *e = at(q, i);

		if (e->value > to)
			break;
		e->holders++;
	}
	complete(spread, q, t_us, live_nodes);
}

void spread_node_left(struct spread *spread, const uint64_t *cells,
                      uint64_t t_us, uint32_t live_nodes)
{
	for (uint32_t s = 0; s < spread->slots; s++) {
		struct queue *q = &spread->queues[s];

		for (size_t i = 0; i < q->len && at(q, i)->value <= cells[s];
		     i++)
			at(q, i)->holders--;
		complete(spread, q, t_us, live_nodes);
	}
}

void spread_node_joined(struct spread *spread, const uint64_t *cells)
{
	for (uint32_t s = 0; s < spread->slots; s++) {
		struct queue *q = &spread->queues[s];

		for (size_t i = 0; i < q->len && at(q, i)->value <= cells[s];
		     i++)
			at(q, i)->holders++;
	}
}

void spread_forgot_above(struct spread *spread, uint32_t s, uint64_t v)
{
	struct queue *q = &spread->queues[s];

	/* Values rise along the queue: what is above v is its tail. */
	q->len = first_above(q, v);
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

void spread_summarize(const struct spread *spread, uint64_t from,
                      struct spread_summary *summary)
{
	uint64_t *sorted;
	size_t n;

	memset(summary, 0, sizeof *summary);
	summary->samples = spread->total_samples;
	summary->max_us = from == 0 ? spread->max_us : 0;
	for (uint32_t s = 0; s < spread->slots; s++)
		summary->pending += spread->queues[s].len;
	if (from >= spread->sample_count)
		return;
	n = spread->sample_count - (size_t)from;
	sorted = xmalloc(n * sizeof *sorted);
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)from + i;

		sorted[i] =
		    spread->chunks[k / SAMPLE_CHUNK]->v[k % SAMPLE_CHUNK];
	}
	qsort(sorted, n, sizeof *sorted, compare_u64);
	/* Nearest-rank percentiles. */
	summary->p50_us = sorted[(n * 50 + 99) / 100 - 1];
	summary->p99_us = sorted[(n * 99 + 99) / 100 - 1];
	if (sorted[n - 1] > summary->max_us)
		summary->max_us = sorted[n - 1];
	free(sorted);
}

/* A queue's entries in order, from index 0 of a ring just as long. */
static void copy_queue(struct queue *dst, const struct queue *src)
{
	*dst = (struct queue){.len = src->len, .cap = src->len};
	if (src->len == 0)
		return;
	dst->items = xmalloc(src->len * sizeof *dst->items);
	for (size_t i = 0; i < src->len; i++)
		dst->items[i] = src->items[(src->head + i) % src->cap];
}

struct spread *spread_copy(const struct spread *spread)
{
	struct spread *copy = xcalloc(1, sizeof *copy);

	*copy = *spread;
	copy->queues = xcalloc(spread->slots, sizeof *copy->queues);
	for (uint32_t s = 0; s < spread->slots; s++)
		copy_queue(&copy->queues[s], &spread->queues[s]);
	copy->chunk_cap = spread->chunk_count;
	copy->chunks = NULL;
	if (spread->chunk_count > 0) {
		copy->chunks =
		    xmalloc(spread->chunk_count * sizeof *copy->chunks);
		memcpy(copy->chunks, spread->chunks,
		       spread->chunk_count * sizeof *copy->chunks);
		for (size_t c = 0; c < spread->chunk_count; c++)
			copy->chunks[c]->refs++;
	}
	return copy;
}

uint64_t spread_hash(const struct spread *spread, uint64_t h)
{
	h = hash_u64(h, spread->slots);
	for (uint32_t s = 0; s < spread->slots; s++) {
		const struct queue *q = &spread->queues[s];

		/* The entries in order: where the ring starts is not state. */
		h = hash_u64(h, q->len);
		for (size_t i = 0; i < q->len; i++) {
			const struct entry *e =
			    &q->items[(q->head + i) % q->cap];

			h = hash_u64(h, e->value);
			h = hash_u64(h, e->at_us);
			h = hash_u64(h, e->holders);
		}
	}
	h = hash_u64(h, spread->sample_count);
	for (size_t i = 0; i < spread->sample_count; i++)
		h = hash_u64(
		    h, spread->chunks[i / SAMPLE_CHUNK]->v[i % SAMPLE_CHUNK]);
	h = hash_u64(h, spread->max_us);
	return hash_u64(h, spread->total_samples);
}

size_t spread_memory_bytes(const struct spread *spread)
{
	size_t bytes = sizeof *spread + spread->slots * sizeof *spread->queues;

	for (uint32_t s = 0; s < spread->slots; s++)
		bytes += spread->queues[s].len * sizeof(struct entry);
	/* A copy shares the full chunks of samples (they never change), so
	 * what it holds of its own is its table and, once written, the last
	 * chunk. */
	bytes += spread->chunk_count * sizeof *spread->chunks;
	if (spread->sample_count % SAMPLE_CHUNK != 0)
		bytes += sizeof **spread->chunks;
	return bytes;
}
