/*
 * The world's life cycle and its run loop: building and freeing, popping
 * events in virtual time, delivering a message (the mode applies it, then
 * the strategy reacts), and seeking or replaying to a logged point. It is
 * the top of the engine: everything else is called from here, never back.
 */
#define _DEFAULT_SOURCE  /* madvise's MADV_HUGEPAGE, a hint (see cells_calloc) \
                          */
#include "sim/sim.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "sim/mode.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"
#include "sim/strategy.h"
#include "util/errbuf.h"
#include "util/fatal.h"

/* Every mode frees what it keeps: a world that visited delta and op keeps
 * both, whatever mode it ends in. */
static void free_modes(struct sim *sim)
{
	size_t count;
	const struct mode *const *all = mode_all(&count);

	for (size_t m = 0; m < count; m++)
		if (all[m]->free != NULL)
			all[m]->free(sim);
}

/*
 * The cells and their times are n x v (800 MB each at 10,000 nodes) and
 * touched all over: where the system has transparent huge pages, asking
 * for them turns 400,000 page faults (a third of push-pull's time at
 * 10,000 nodes went to the kernel) into a few hundred. Only a hint: the
 * memory and what it holds are the same either way.
 */
static void *cells_calloc(size_t count, size_t size)
{
	void *p = xcalloc(count, size);
#ifdef MADV_HUGEPAGE
	size_t bytes = count * size, huge = (size_t)2 << 20;

	if (bytes >= 4 * huge) {
		uintptr_t start =
		    ((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1);
		uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)(huge - 1);

		if (end > start)
			(void)madvise((void *)start, end - start,
			              MADV_HUGEPAGE);
	}
#endif
	return p;
}

struct sim *sim_new(const struct sim_config *config, char *err, size_t errlen)
{
	struct sim *sim;
	uint32_t n, v;

	if (sim_validate_config(config, err, errlen) != 0)
		return NULL;
	sim = xcalloc(1, sizeof *sim);
	sim->config = *config;
	sim->initial_config = *config;
	n = sim->n = config->nodes;
	sim_queue_init(&sim->queue);
	rng_seed(&sim->rng_network, config->seed, STREAM_NETWORK);
	rng_seed(&sim->rng_timers, config->seed, STREAM_TIMERS);
	rng_seed(&sim->rng_workload, config->seed, STREAM_WORKLOAD);
	rng_seed(&sim->rng_peers, config->seed, STREAM_PEERS);
	rng_seed(&sim->rng_reader, config->seed, STREAM_READER);
	sim->peer_scratch = xcalloc(n, sizeof *sim->peer_scratch);

	sim->nodes = xcalloc(n, sizeof *sim->nodes);
	v = sim->v = config->crdt == CRDT_PNCOUNTER ? 2 * n : n;
	sim->cells = cells_calloc((size_t)n * v, sizeof *sim->cells);
	sim->changed_at = cells_calloc((size_t)n * v, sizeof *sim->changed_at);
	for (uint32_t i = 0; i < n; i++) {
		sim->nodes[i].vector.n = v;
		sim->nodes[i].vector.slots = &sim->cells[(size_t)i * v];
		sim->nodes[i].slot_bytes = v; /* a zero is one byte */
	}
	sim->truth_slots = xcalloc(v, sizeof *sim->truth_slots);
	sim->truth.n = v;
	sim->truth.slots = sim->truth_slots;
	sim->up_to_date = xcalloc(v, sizeof *sim->up_to_date);
	sim->stale_words = (v + 63) / 64;
	sim->stale = xcalloc((size_t)n * sim->stale_words, sizeof *sim->stale);
	sim->behind = xcalloc(v, sizeof *sim->behind);
	sim->behind_any = xcalloc(sim->stale_words, sizeof *sim->behind_any);
	sim->least = xcalloc(v, sizeof *sim->least);
	sim->least_holders = xcalloc(v, sizeof *sim->least_holders);
	for (uint32_t s = 0; s < v; s++)
		sim->least_holders[s] = n; /* every cell is 0 */
	sim->news_mask = xcalloc(sim->stale_words, sizeof *sim->news_mask);
	for (uint32_t s = 0; s < v; s++)
		sim->up_to_date[s] = n;
	sim->converged = true;
	sim->live = n;
	sim->spread = spread_new(v);
	sim->reader_node = NIL;
	sim->scratch_slots = xcalloc(v, sizeof *sim->scratch_slots);
	sim->scratch.n = v;
	sim->scratch.slots = sim->scratch_slots;
	sim->delta_slots = xcalloc(v, sizeof *sim->delta_slots);
	sim->slot_scratch = xcalloc(v, sizeof *sim->slot_scratch);
	sim->delta_vector.n = v;
	sim->delta_vector.slots = sim->delta_slots;

	/* A relay carries nodes^2 copies at once: the in-flight budget
	 * grows with the world (a copy is 28 bytes). The payload budget
	 * does not: it is what keeps a world of 10,000 nodes, whose vectors
	 * are 80 kB, within memory (caches no longer count against it). */
	sim->max_in_flight = (size_t)n * n;
	if (sim->max_in_flight < SIM_MAX_IN_FLIGHT)
		sim->max_in_flight = SIM_MAX_IN_FLIGHT;
	if (sim->max_in_flight > SIM_MAX_IN_FLIGHT_CAP)
		sim->max_in_flight = SIM_MAX_IN_FLIGHT_CAP;
	sim->max_payload_bytes = SIM_MAX_PAYLOAD_BYTES;
	if (config->max_in_flight != 0)
		sim->max_in_flight = config->max_in_flight;
	if (config->max_payload_bytes != 0)
		sim->max_payload_bytes = config->max_payload_bytes;
	sim->free_message = NIL;
	sim->flight_head = sim->flight_tail = NIL;
	sim->next_message_id = 1;

	sim_enter_mode(sim, config->mode);
	sim_start_strategy(sim);
	sim_schedule_workload(sim);
	sim_schedule_read(sim);
	return sim;
}

void sim_free(struct sim *sim)
{
	if (sim == NULL)
		return;
	/* Payloads still in flight or cached go back to the free list. */
	for (uint32_t i = sim->flight_head; i != NIL;
	     i = sim->messages[i].next) {
		struct message *m = &sim->messages[i];
		uint32_t holders = 1;

		if (m->fanout != NULL) {
			holders = m->fanout->count - m->fanout->next;
			free(m->fanout);
		}
		if (m->payload != NULL)
			for (uint32_t k = 0; k < holders; k++)
				payload_release(sim, m->payload);
	}
	free(sim->fan_scratch);
	for (uint32_t i = 0; i < sim->n; i++)
		sim_forget_snapshot(sim, i);
	free_modes(sim);
	sim_free_payload_list(sim->free_payloads);
	free(sim->messages);
	sim_queue_free(&sim->queue);
	for (uint32_t i = 0; i < sim->n; i++)
		free(sim->nodes[i].undo);
	free(sim->nodes);
	free(sim->cells);
	free(sim->changed_at);
	free(sim->truth_slots);
	free(sim->up_to_date);
	free(sim->stale);
	free(sim->behind);
	free(sim->behind_any);
	free(sim->least);
	free(sim->least_holders);
	free(sim->news_mask);
	free(sim->scratch_slots);
	free(sim->delta_slots);
	free(sim->slot_scratch);
	free(sim->peer_scratch);
	spread_free(sim->spread);
	free(sim->log);
	free(sim->strategy_state);
	free(sim);
}

void sim_set_observer(struct sim *sim, sim_observer fn, void *ctx)
{
	sim->observer = fn;
	sim->observer_ctx = ctx;
}

/* A message arrives (m: a copy of its record, or of its fan-out's copy).
 * The record is built only for an observer: most runs have none, and a
 * relay delivers millions. */
static void deliver(struct sim *sim, const struct message *m)
{
	struct sim_delivery delivery = {.id = m->id,
	                                .from = m->from,
	                                .to = m->to,
	                                .origin = m->origin,
	                                .kind = m->kind,
	                                .payload = m->payload,
	                                .header = &m->header};
	struct sim_payload_view view;
	struct sim_record record;
	bool watched = sim->observer != NULL;
	bool merges = m->to != SIM_RELAY && m->kind != MSG_PULL;
	size_t changed = 0;

	sim->in_flight--;
	if (watched) {
		record = (struct sim_record){.kind = REC_DELIVER,
		                             .node = m->to,
		                             .from = m->from,
		                             .to = m->to,
		                             .origin = m->origin,
		                             .message_id = m->id,
		                             .message_kind = m->kind,
		                             .message = &view};
		sim_payload_fill(sim, m->payload);
		sim_message_view_of(m->kind, m->payload, &m->header, &view);
		record.payload = sim_record_vector(sim, m->payload);
	}
	if (sim_link_cut(sim, m->from, m->to)) {
		sim->stats.lost++;
		if (watched) {
			record.kind = REC_LOST;
			sim_emit(sim, &record);
		}
		if (m->payload != NULL)
			payload_release(sim, m->payload);
		if (sim->forgetful) {
			sim_truth_recheck(sim);
			sim_update_convergence(sim);
		}
		return;
	}
	sim->stats.delivered++;
	if (merges) {
		struct gcounter *vector = &sim->nodes[m->to].vector;

		if (watched) {
			gcounter_copy(&sim->scratch, vector);
			record.before = &sim->scratch;
		}
		changed = sim->mode->deliver(sim, m);
		if (changed > 0)
			sim->stats.merges_changed++;
		if (watched) {
			record.changed = changed;
			record.after = vector;
		}
	}
	if (watched)
		sim_emit(sim, &record);
	if (merges)
		sim_update_convergence(sim);
	if (sim->reply.due) {
		/* The receiver's ACK or NACK, sent after the delivery's
		 * record so logs read in cause-and-effect order. */
		sim->reply.due = false;
		sim_send_with(sim, sim->reply.kind, m->to, sim->reply.to, m->to,
		              NULL, &sim->reply.header);
	}
	/* The relay is part of the world, not of one strategy: what was sent
	 * to it before a switch away from relay still gets passed on. */
	if (m->to == SIM_RELAY)
		sim_relay_forward(sim, &delivery);
	sim->config.strategy->on_deliver(sim, &delivery);
	if (m->payload != NULL)
		payload_release(sim, m->payload);
}

static void run_event(struct sim *sim, const struct sim_event *ev)
{
	switch ((enum sim_event_kind)ev->kind) {
	case SIM_EV_TIMER: {
		struct sim_record record = {.kind = REC_TIMER, .node = ev->arg};

		if (ev->generation != sim->nodes[ev->arg].timer_generation)
			return;
		sim_emit(sim, &record);
		sim->config.strategy->on_timer(sim, ev->arg);
		break;
	}
	case SIM_EV_DELIVER: {
		struct message m = sim->messages[ev->arg];

		sim_flight_unlink(sim, ev->arg);
		deliver(sim, &m);
		break;
	}
	case SIM_EV_FANOUT: {
		struct message m;

		if (sim_fanout_next(sim, ev->arg, &m))
			sim_flight_unlink(sim, ev->arg);
		deliver(sim, &m);
		break;
	}
	case SIM_EV_WORKLOAD: {
		/* The draw happens even with no live node, so that a crash
		 * does not shift the workload's later draws. */
		/* Remote replicas count only what their owners press. */
		uint32_t local = sim->live - sim->remote_live;
		uint32_t pick =
		    (uint32_t)rng_below(&sim->rng_workload, local ? local : 1);

		/* A PN-Counter's workload counts down half the time (the coin
		 * is only tossed then, so G-Counter runs keep their draws). */
		bool down = sim->config.crdt == CRDT_PNCOUNTER &&
		            rng_below(&sim->rng_workload, 2) == 1;

		if (ev->generation != sim->workload_generation)
			return;
		if (local > 0)
			sim_count(sim,
			          sim->remote_live == 0
			              ? sim_nth_live_node(sim, pick)
			              : sim_nth_local_node(sim, pick),
			          1, down, NULL, NULL, 0);
		sim_schedule_workload(sim);
		break;
	}
	case SIM_EV_READ:
		if (ev->generation != sim->read_generation)
			return;
		sim_read_counter(sim);
		sim_schedule_read(sim);
		break;
	}
}

/*
 * Asks for what the next event's delivery will read while this one runs:
 * a relay's fan-outs hand each copy to a receiver at random, so its record,
 * its fan-out and the receiver's node and stale bits would otherwise each
 * be a cache miss (a fan-out's event names its copy's receiver for this).
 */
static void prefetch_next(const struct sim *sim)
{
	const struct sim_event *next = sim_queue_peek(&sim->queue);
	const struct message *m;

	if (next == NULL ||
	    (next->kind != SIM_EV_FANOUT && next->kind != SIM_EV_DELIVER))
		return;
	m = &sim->messages[next->arg];
	__builtin_prefetch(m);
	__builtin_prefetch((const char *)m + sizeof *m - 1);
	if (next->kind == SIM_EV_FANOUT && next->generation < sim->n) {
		const struct fanout *f = m->fanout;

		__builtin_prefetch(&sim->nodes[next->generation]);
		__builtin_prefetch(
		    &sim->stale[(size_t)next->generation * sim->stale_words]);
		/* (The record's load waits in the shadow of this delivery.) */
		if (f != NULL)
			__builtin_prefetch(&f->copies[f->next + 1]);
	}
}

bool sim_step(struct sim *sim)
{
	const struct sim_event *top = sim_queue_peek(&sim->queue);
	struct sim_event ev;

	if (top == NULL)
		return false;
	ev = *top;
	/* A fan-out's next copy takes its event's place: one sift, not a
	 * pop and a push (the copies are most of a relay's events). */
	if (ev.kind == SIM_EV_FANOUT)
		sim_fanout_pop(sim, ev.arg);
	else
		sim_queue_pop(&sim->queue, &ev);
	prefetch_next(sim);
	if (ev.time_us > sim->now_us)
		sim->now_us = ev.time_us;
	sim->events_run++;
	sim->stats.events = sim->events_run;
	run_event(sim, &ev);
	return true;
}

void sim_run_until(struct sim *sim, uint64_t t_us)
{
	const struct sim_event *next;

	while ((next = sim_queue_peek(&sim->queue)) != NULL &&
	       next->time_us <= t_us)
		sim_step(sim);
	if (t_us > sim->now_us)
		sim->now_us = t_us;
}

void sim_rewind_idle_clock(struct sim *sim, uint64_t t_us)
{
	if (t_us < sim->now_us)
		sim->now_us = t_us;
}

bool sim_next_event_time(const struct sim *sim, uint64_t *t_us)
{
	const struct sim_event *next = sim_queue_peek(&sim->queue);

	if (next == NULL)
		return false;
	*t_us = next->time_us;
	return true;
}

int sim_seek(struct sim *sim, uint64_t time_us, uint64_t after_events,
             char *err, size_t errlen)
{
	const struct sim_event *next;

	/* Never past the line's time: an event due later cannot be one the
	 * log counted, and a huge count would otherwise run for ever. */
	while (sim->events_run < after_events) {
		next = sim_queue_peek(&sim->queue);
		if (next != NULL && next->time_us > time_us)
			break;
		if (!sim_step(sim)) {
			errbuf_set(err, errlen,
			           "replay ran out of events before event %llu",
			           (unsigned long long)after_events);
			return -1;
		}
	}
	next = sim_queue_peek(&sim->queue);
	/* Live, every event due before the clock had run; a log that says
	 * otherwise was recorded from a different world. */
	if (sim->events_run != after_events || sim->now_us > time_us ||
	    (next != NULL && next->time_us < time_us)) {
		errbuf_set(err, errlen,
		           "the log does not match this world at %llu us after "
		           "%llu events",
		           (unsigned long long)time_us,
		           (unsigned long long)after_events);
		return -1;
	}
	sim->now_us = time_us;
	return 0;
}

int sim_replay(struct sim *sim, const struct command *cmd, char *err,
               size_t errlen)
{
	if (sim_seek(sim, cmd->time_us, cmd->after_events, err, errlen) != 0)
		return -1;
	return sim_apply(sim, cmd, err, errlen);
}
