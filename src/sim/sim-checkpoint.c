/*
 * Checkpoints of the world: a deep copy of all of its state, a hash of it
 * and the bytes a copy holds, so that time travel can restore the nearest
 * copy and re-run from it. It sits above the whole engine and calls down
 * into it; the modes copy their own tables through struct mode's hooks.
 * Nothing in the engine calls it back.
 *
 * What the hash covers: the config now and as built (a strategy and a mode
 * by their index), the clock and events run, the event queue (its heap
 * array in order, with sequence numbers and the next one), every RNG
 * stream, every node (timers, faults, durable record, incarnation, its
 * cached snapshot's contents), the strategy's per-node bytes, the cells and
 * when each last grew, the truth and its bookkeeping (the stale bits
 * included), the spread
 * (entries on their way, samples), the reader, convergence, the message
 * slab's capacity and free list, every message in flight in send order
 * (with its slot, header and payload's contents and reference count; a
 * fan-out's copies still on the way in arrival order), the
 * payload budget and free payloads' count, the mode in force and each
 * mode's tables, a pending reply, the stats and the command log.
 * What it leaves out: pointers' values, where a ring or a log starts in its
 * array, capacities that only decide when an array grows, scratch buffers'
 * contents, the contents of messages and payloads no longer in use, and
 * the observer (not part of the world).
 */
#include <stdlib.h>
#include <string.h>

#include "sim/hash.h"
#include "sim/mode.h"
#include "sim/queue.h"
#include "sim/sim-struct.h"
#include "sim/sim.h"
#include "sim/spread.h"
#include "sim/strategy.h"
#include "util/fatal.h"

/* --- copying ------------------------------------------------------------ */

static void *duplicate(const void *src, size_t count, size_t size)
{
	void *copy;

	if (count == 0)
		return NULL;
	copy = xmalloc(count * size);
	memcpy(copy, src, count * size);
	return copy;
}

/*
 * A payload may be shared (a broadcast's copies, a node's cached snapshot),
 * so the copy maps each original to its one copy: open addressing over the
 * originals' addresses, sized for every payload that can be in use.
 */
struct payload_map {
	const struct payload **from;
	struct payload **to;
	size_t mask;
};

static void map_init(struct payload_map *map, size_t payloads)
{
	size_t size = 16;

	while (size < 2 * payloads)
		size *= 2;
	map->from = xcalloc(size, sizeof *map->from);
	map->to = xcalloc(size, sizeof *map->to);
	map->mask = size - 1;
}

static void map_free(struct payload_map *map)
{
	free(map->from);
	free(map->to);
}

static struct payload *copy_payload(const struct sim *sim,
                                    const struct payload *p)
{
	struct payload *copy = xmalloc(p->size);

	memcpy(copy, p, p->size);
	copy->next_free = NULL;
	if (p->form == PAYLOAD_STATE) {
		/* Whole in the copy, which keeps no undo logs. */
		sim_payload_values(sim, p, copy->slots);
		copy->undo_at = PAYLOAD_FILLED;
		copy->lazy_prev = copy->lazy_next = NULL;
		copy->vector.slots = copy->slots;
		copy->recent = NULL; /* a hint: the copy does without */
		copy->recent_len = PAYLOAD_RECENT_UNKNOWN;
	}
	if (p->form == PAYLOAD_DELTA)
		copy->index = (uint32_t *)(void *)&copy->slots[p->count];
	return copy;
}

/* The copy of a payload in use, made the first time it is met; its
 * reference count is the original's, as every holder is copied too. */
static struct payload *map_payload(const struct sim *sim,
                                   struct payload_map *map,
                                   const struct payload *p)
{
	size_t i;

	if (p == NULL)
		return NULL;
	i = (size_t)(((uint64_t)(uintptr_t)p >> 4) * HASH_SEED >> 17) &
	    map->mask;
	while (map->from[i] != NULL && map->from[i] != p)
		i = (i + 1) & map->mask;
	if (map->from[i] == NULL) {
		map->from[i] = p;
		map->to[i] = copy_payload(sim, p);
	}
	return map->to[i];
}

static void copy_messages(struct sim *copy, const struct sim *sim)
{
	struct payload_map map;

	/* The whole slab, free slots included: the free list is indices into
	 * it, and which slot a message takes is in the queue's events. */
	copy->messages =
	    duplicate(sim->messages, sim->message_cap, sizeof *sim->messages);
	for (uint32_t i = 0; i < sim->message_cap; i++) {
		copy->messages[i].payload = NULL;
		copy->messages[i].fanout = NULL;
	}
	map_init(&map, sim->in_flight + sim->n);
	for (uint32_t i = sim->flight_head; i != NIL;
	     i = sim->messages[i].next) {
		const struct fanout *f = sim->messages[i].fanout;

		copy->messages[i].payload =
		    map_payload(sim, &map, sim->messages[i].payload);
		if (f != NULL) {
			struct fanout *c =
			    duplicate(f, 1, sim_fanout_size(f->count));

			c->arrival = (uint32_t *)(void *)&c->copies[f->count];
			copy->messages[i].fanout = c;
		}
	}
	for (uint32_t i = 0; i < sim->n; i++)
		copy->nodes[i].snapshot =
		    map_payload(sim, &map, sim->nodes[i].snapshot);
	map_free(&map);
}

/* The free payloads too: reusing one instead of allocating keeps the
 * network's byte budget, and so which sends it drops, as it would be. */
static void copy_free_payloads(struct sim *copy, const struct sim *sim)
{
	struct payload **tail = &copy->free_payloads;

	for (const struct payload *p = sim->free_payloads; p != NULL;
	     p = p->next_free) {
		*tail = copy_payload(sim, p);
		tail = &(*tail)->next_free;
	}
	*tail = NULL;
}

/* Each mode's tables, through its hooks; a hook that several modes share
 * (their tables are one) is called once. */
static bool hook_seen(const struct mode *const *all, size_t m,
                      void (*copy)(struct sim *, const struct sim *))
{
	for (size_t k = 0; k < m; k++)
		if (all[k]->copy == copy)
			return true;
	return false;
}

static void copy_modes(struct sim *copy, const struct sim *sim)
{
	size_t count;
	const struct mode *const *all = mode_all(&count);

	for (size_t m = 0; m < MODE_COUNT; m++)
		copy->mode_state[m] = NULL;
	for (size_t m = 0; m < count; m++)
		if (all[m]->copy != NULL && !hook_seen(all, m, all[m]->copy))
			all[m]->copy(copy, sim);
}

struct sim *sim_copy(const struct sim *sim)
{
	struct sim *copy = xmalloc(sizeof *copy);
	size_t n = sim->n, v = sim->v, cells = n * v;
	size_t state = sim->config.strategy->node_state;

	/* Every value first; then every pointer is given its own copy. */
	*copy = *sim;
	copy->observer = NULL;
	copy->observer_ctx = NULL;
	copy->fanning = NULL;
	copy->fan_scratch = NULL;
	sim_queue_copy(&copy->queue, &sim->queue);
	copy->peer_scratch = xcalloc(n, sizeof *copy->peer_scratch);

	copy->nodes = duplicate(sim->nodes, n, sizeof *sim->nodes);
	for (size_t i = 0; i < n; i++) {
		/* The copy's snapshots are whole: it needs no undo logs. */
		copy->nodes[i].lazy = NULL;
		copy->nodes[i].undo = NULL;
		copy->nodes[i].undo_len = copy->nodes[i].undo_cap = 0;
	}
	copy->strategy_state = sim->strategy_state != NULL
	                           ? duplicate(sim->strategy_state, n, state)
	                           : NULL;
	copy->cells = duplicate(sim->cells, cells, sizeof *sim->cells);
	copy->changed_at =
	    duplicate(sim->changed_at, cells, sizeof *sim->changed_at);
	for (size_t i = 0; i < n; i++)
		copy->nodes[i].vector.slots = &copy->cells[i * v];

	copy->truth_slots = duplicate(sim->truth_slots, v, sizeof(uint64_t));
	copy->truth.slots = copy->truth_slots;
	copy->up_to_date = duplicate(sim->up_to_date, v, sizeof(uint32_t));
	copy->stale =
	    duplicate(sim->stale, n * sim->stale_words, sizeof *sim->stale);
	copy->behind = duplicate(sim->behind, v, sizeof *sim->behind);
	copy->behind_any = duplicate(sim->behind_any, sim->stale_words,
	                             sizeof *sim->behind_any);
	copy->least = duplicate(sim->least, v, sizeof *sim->least);
	copy->least_holders =
	    duplicate(sim->least_holders, v, sizeof *sim->least_holders);
	copy->spread = spread_copy(sim->spread);

	copy_messages(copy, sim);
	copy_free_payloads(copy, sim);
	copy_modes(copy, sim);

	copy->slot_scratch = xcalloc(v, sizeof *copy->slot_scratch);
	copy->news_mask = xcalloc(sim->stale_words, sizeof *copy->news_mask);
	copy->log_cap = sim->log_len;
	copy->log = duplicate(sim->log, sim->log_len, sizeof *sim->log);
	copy->scratch_slots = xcalloc(v, sizeof *copy->scratch_slots);
	copy->scratch.slots = copy->scratch_slots;
	copy->delta_slots = xcalloc(v, sizeof *copy->delta_slots);
	copy->delta_vector.slots = copy->delta_slots;
	return copy;
}

/* --- the hash ----------------------------------------------------------- */

static uint64_t hash_config(uint64_t h, const struct sim_config *c)
{
	h = hash_u64(h, c->nodes);
	h = hash_u64(h, c->seed);
	h = hash_u64(h, strategy_index(c->strategy));
	h = hash_u64(h, c->latency.kind);
	h = hash_u64(h, c->latency.min_us);
	h = hash_u64(h, c->latency.max_us);
	h = hash_u64(h, c->latency.mean_us);
	h = hash_u64(h, c->gossip_min_us);
	h = hash_u64(h, c->gossip_max_us);
	h = hash_double(h, c->rate);
	h = hash_u64(h, c->duration_us);
	h = hash_double(h, c->drop);
	h = hash_double(h, c->duplicate);
	h = hash_u64(h, c->fanout);
	h = hash_u64(h, c->hybrid_changes);
	h = hash_u64(h, c->crdt);
	h = hash_u64(h, c->mode);
	h = hash_u64(h, c->reader);
	h = hash_u64(h, c->max_in_flight);
	h = hash_u64(h, c->max_payload_bytes);
	return hash_double(h, c->read_rate);
}

static uint64_t hash_rng(uint64_t h, const struct rng *rng)
{
	return hash_u64s(h, rng->s, 4);
}

static uint64_t hash_queue(uint64_t h, const struct sim_queue *queue)
{
	h = hash_u64(h, queue->len);
	for (size_t i = 0; i < queue->len; i++) {
		const struct sim_event *ev = &queue->items[i];

		h = hash_u64(h, ev->time_us);
		h = hash_u64(h, ev->seq);
		h = hash_u64(h, ev->kind);
		h = hash_u64(h, ev->arg);
		h = hash_u64(h, ev->generation);
	}
	return hash_u64(h, queue->next_seq);
}

static uint64_t hash_payload(uint64_t h, const struct sim *sim,
                             const struct payload *p)
{
	h = hash_bool(h, p != NULL);
	if (p == NULL)
		return h;
	h = hash_u64(h, p->refs);
	h = hash_u64(h, p->bytes);
	h = hash_u64(h, p->size);
	h = hash_u64(h, p->form);
	if (p->form == PAYLOAD_STATE) {
		/* Its values, whether it is whole yet or not. */
		uint64_t *values = xmalloc(sim->v * sizeof *values);

		sim_payload_values(sim, p, values);
		h = hash_u64s(h, values, p->vector.n);
		free(values);
		return h;
	}
	h = hash_u64s(h, p->slots, p->count);
	if (p->form == PAYLOAD_DELTA)
		h = hash_u32s(h, p->index, p->count);
	h = hash_u64(h, p->up);
	h = hash_u64(h, p->down);
	return hash_u64(h, p->absolute);
}

static uint64_t hash_header(uint64_t h, const struct header *header)
{
	h = hash_u64(h, header->seq);
	h = hash_u64(h, header->incarnation);
	h = hash_u64(h, header->dest);
	h = hash_bool(h, header->full);
	return hash_bool(h, header->rebase);
}

static uint64_t hash_nodes(uint64_t h, const struct sim *sim)
{
	size_t state = sim->config.strategy->node_state;

	for (uint32_t i = 0; i < sim->n; i++) {
		const struct node *node = &sim->nodes[i];

		h = hash_u64(h, node->timer_generation);
		h = hash_u64(h, node->next_timer_us);
		h = hash_bool(h, node->down);
		h = hash_u64(h, node->partition);
		h = hash_u64(h, node->durable_own);
		h = hash_u64(h, node->durable_dec);
		h = hash_payload(h, sim, node->snapshot);
		h = hash_u64(h, node->incarnation);
		h = hash_bool(h, node->remote);
		h = hash_u64(h, node->slot_bytes);
	}
	h = hash_bool(h, sim->strategy_state != NULL);
	if (sim->strategy_state != NULL)
		h = hash_bytes(h, sim->strategy_state, sim->n * state);
	h = hash_u64s(h, sim->cells, (size_t)sim->n * sim->v);
	return hash_u64s(h, sim->changed_at, (size_t)sim->n * sim->v);
}

static uint64_t hash_truth(uint64_t h, const struct sim *sim)
{
	h = hash_u64s(h, sim->truth_slots, sim->v);
	h = hash_u32s(h, sim->up_to_date, sim->v);
	h = hash_u64s(h, sim->stale, (size_t)sim->n * sim->stale_words);
	h = hash_u64(h, sim->cells_behind);
	h = hash_u64(h, sim->truth_total);
	h = hash_u64(h, sim->truth_decrements);
	h = hash_u64(h, sim->join_total);
	h = hash_bool(h, sim->overcounted);
	h = hash_u64(h, sim->live);
	h = hash_bool(h, sim->relay_down);
	h = spread_hash(sim->spread, h);
	h = hash_u64(h, sim->reader_node);
	h = hash_bool(h, sim->have_read);
	h = hash_u64(h, sim->last_read_node);
	h = hash_u64(h, sim->last_read_value);
	h = hash_u64(h, sim->reader_backwards);
	h = hash_bool(h, sim->converged);
	return hash_u64(h, sim->converged_at_us);
}

static uint64_t hash_network(uint64_t h, const struct sim *sim)
{
	h = hash_u64(h, sim->message_cap);
	/* The free slots in the order they will be taken. */
	for (uint32_t i = sim->free_message; i != NIL;
	     i = sim->messages[i].next_free)
		h = hash_u64(h, i);
	h = hash_u64(h, sim->in_flight);
	for (uint32_t i = sim->flight_head; i != NIL;
	     i = sim->messages[i].next) {
		const struct message *m = &sim->messages[i];

		h = hash_u64(h, i);
		h = hash_u64(h, m->id);
		h = hash_u64(h, m->from);
		h = hash_u64(h, m->to);
		h = hash_u64(h, m->origin);
		h = hash_u64(h, m->kind);
		h = hash_u64(h, m->sent_us);
		h = hash_u64(h, m->deliver_us);
		h = hash_payload(h, sim, m->payload);
		h = hash_header(h, &m->header);
		h = hash_bool(h, m->fanout != NULL);
		if (m->fanout != NULL) {
			const struct fanout *f = m->fanout;

			/* Arrived copies are no longer in the world. */
			h = hash_u64(h, f->first_id);
			h = hash_u64(h, f->first_seq);
			h = hash_u64(h, f->base_id);
			h = hash_u64(h, f->origin);
			h = hash_u64(h, f->count);
			h = hash_u64(h, f->next);
			for (uint32_t k = f->next; k < f->count; k++) {
				const struct fanout_copy *c = &f->copies[k];

				h = hash_u64(h, c->sent);
				h = hash_u64(h, c->deliver_us);
				h = hash_u64(h, c->to);
			}
		}
	}
	h = hash_u64(h, sim->next_message_id);
	h = hash_u64(h, sim->free_payload_count);
	return hash_u64(h, sim->payload_bytes);
}

static uint64_t hash_modes(uint64_t h, const struct sim *sim)
{
	size_t count;
	const struct mode *const *all = mode_all(&count);

	h = hash_u64(h, mode_index(sim->mode));
	for (size_t m = 0; m < count; m++)
		if (all[m]->hash != NULL && !hook_seen(all, m, all[m]->copy))
			h = all[m]->hash(sim, h);
	h = hash_bool(h, sim->reply.due);
	h = hash_u64(h, sim->reply.kind);
	h = hash_u64(h, sim->reply.to);
	return hash_header(h, &sim->reply.header);
}

static uint64_t hash_stats(uint64_t h, const struct sim_stats *s)
{
	const uint64_t fields[] = {s->increments,
	                           s->decrements,
	                           s->sent,
	                           s->delivered,
	                           s->dropped,
	                           s->duplicated,
	                           s->bytes_sent,
	                           s->control_sent,
	                           s->ops_applied,
	                           s->ops_ignored,
	                           s->ops_lost,
	                           s->merges_changed,
	                           s->events,
	                           s->max_in_flight,
	                           s->lost,
	                           s->reads,
	                           s->backwards_reads,
	                           s->refused_in_flight,
	                           s->refused_payload_bytes,
	                           s->idle_sent,
	                           s->idle_bytes};

	h = hash_u64s(h, fields, sizeof fields / sizeof fields[0]);
	h = hash_u64s(h, s->mode_bytes, MODE_COUNT);
	h = hash_u64s(h, s->mode_messages, MODE_COUNT);
	h = hash_u64s(h, s->mode_idle_bytes, MODE_COUNT);
	return hash_u64s(h, s->mode_counts, MODE_COUNT);
}

static uint64_t hash_command(uint64_t h, const struct command *c)
{
	h = hash_u64(h, c->kind);
	h = hash_u64(h, c->node);
	h = hash_u64(h, c->amount);
	h = hash_u64(h, c->min_us);
	h = hash_u64(h, c->max_us);
	h = hash_double(h, c->probability);
	h = hash_double(h, c->rate);
	h = hash_u64(h, c->strategy);
	h = hash_u64(h, c->mode);
	h = hash_u64(h, c->latency.kind);
	h = hash_u64(h, c->latency.min_us);
	h = hash_u64(h, c->latency.max_us);
	h = hash_u64(h, c->latency.mean_us);
	h = hash_u64(h, c->time_us);
	return hash_u64(h, c->after_events);
}

uint64_t sim_state_hash(const struct sim *sim)
{
	uint64_t h = HASH_SEED;

	h = hash_config(h, &sim->config);
	h = hash_config(h, &sim->initial_config);
	h = hash_u64(h, sim->n);
	h = hash_u64(h, sim->v);
	h = hash_u64(h, sim->now_us);
	h = hash_u64(h, sim->events_run);
	h = hash_queue(h, &sim->queue);
	h = hash_rng(h, &sim->rng_network);
	h = hash_rng(h, &sim->rng_timers);
	h = hash_rng(h, &sim->rng_workload);
	h = hash_rng(h, &sim->rng_peers);
	h = hash_rng(h, &sim->rng_reader);
	h = hash_nodes(h, sim);
	h = hash_truth(h, sim);
	h = hash_network(h, sim);
	h = hash_modes(h, sim);
	h = hash_u64(h, sim->workload_generation);
	h = hash_u64(h, sim->read_generation);
	h = hash_stats(h, &sim->stats);
	h = hash_u64(h, sim->log_len);
	for (size_t i = 0; i < sim->log_len; i++)
		h = hash_command(h, &sim->log[i]);
	return hash_finish(h);
}

/* --- memory ------------------------------------------------------------- */

/* A payload in use is counted once however many hold it: each holder's
 * share is its size over its references, and every reference is held by
 * a message in flight (a fan-out's copy still on its way) or a node's
 * cache. The fan-outs' records are counted here too. */
static size_t payloads_in_use(const struct sim *sim)
{
	uint64_t shares = 0, whole = 0, fanouts = 0;

	for (uint32_t i = sim->flight_head; i != NIL;
	     i = sim->messages[i].next) {
		const struct payload *p = sim->messages[i].payload;
		const struct fanout *f = sim->messages[i].fanout;
		uint64_t holders = f != NULL ? f->count - f->next : 1;

		if (f != NULL)
			fanouts += sim_fanout_size(f->count);
		if (p == NULL)
			continue;
		if (p->refs == 1)
			whole += p->size;
		else
			shares += holders * p->size * 1024 / p->refs;
	}
	for (uint32_t i = 0; i < sim->n; i++) {
		const struct payload *p = sim->nodes[i].snapshot;

		if (p != NULL)
			shares += (uint64_t)p->size * 1024 / p->refs;
	}
	return (size_t)(whole + shares / 1024 + fanouts);
}

size_t sim_memory_bytes(const struct sim *sim)
{
	size_t n = sim->n, v = sim->v, cells = n * v, count;
	size_t bytes = sizeof *sim;
	const struct mode *const *all = mode_all(&count);

	bytes += sim->queue.len * sizeof *sim->queue.items;
	bytes += n * sizeof *sim->peer_scratch;
	bytes += n * sizeof *sim->nodes;
	if (sim->strategy_state != NULL)
		bytes += n * sim->config.strategy->node_state;
	bytes += 2 * cells * sizeof(uint64_t);
	bytes += n * sim->stale_words * sizeof *sim->stale;
	bytes += v * sizeof *sim->behind;
	bytes += sim->stale_words * sizeof *sim->behind_any;
	bytes += v * (sizeof(uint64_t) + sizeof(uint32_t));
	bytes += spread_memory_bytes(sim->spread);
	bytes += sim->message_cap * sizeof *sim->messages;
	bytes += payloads_in_use(sim);
	for (const struct payload *p = sim->free_payloads; p != NULL;
	     p = p->next_free)
		bytes += p->size;
	for (size_t m = 0; m < count; m++)
		if (all[m]->memory_bytes != NULL &&
		    !hook_seen(all, m, all[m]->copy))
			bytes += all[m]->memory_bytes(sim);
	bytes += v * sizeof(uint32_t);     /* slot_scratch */
	bytes += 2 * v * sizeof(uint64_t); /* scratch_slots, delta_slots */
	bytes += sim->stale_words * sizeof *sim->news_mask;
	bytes += sim->log_len * sizeof *sim->log;
	return bytes;
}
