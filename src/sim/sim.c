/*
 * The world: nodes, network, workload, truth, and the event loop that moves
 * them in virtual time. Everything that changes it is an event popped from
 * the queue or a command applied through sim_apply; both are logged or
 * derived from the seed, so a run can be replayed exactly.
 */
#include "sim/sim.h"

#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "util/errbuf.h"
#include "util/fatal.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"
#include "sim/strategy.h"

/* --- small helpers ------------------------------------------------------ */

void sim_emit(struct sim *sim, struct sim_record *record)
{
	if (sim->observer == NULL)
		return;
	record->time_us = sim->now_us;
	sim->observer(sim->observer_ctx, sim, record);
}

const char *sim_command_name(enum command_kind kind)
{
	static const char *const names[CMD_KIND_COUNT] = {
	    [CMD_INCREMENT] = "inc",
	    [CMD_GOSSIP_NOW] = "gossip",
	    [CMD_SET_RATE] = "rate",
	    [CMD_SET_LATENCY] = "latency",
	    [CMD_SET_GOSSIP] = "gossip-interval",
	    [CMD_SET_DROP] = "drop",
	    [CMD_SET_DUPLICATE] = "duplicate",
	    [CMD_SET_STRATEGY] = "strategy",
	    [CMD_SET_READER] = "reader",
	    [CMD_DECREMENT] = "dec",
	    [CMD_PARTITION] = "partition",
	    [CMD_HEAL] = "heal",
	    [CMD_CRASH] = "crash",
	    [CMD_RESTART] = "restart",
	    [CMD_SET_MODE] = "mode",
	};

	return (unsigned)kind < CMD_KIND_COUNT && names[kind] ? names[kind]
	                                                      : "unknown";
}

size_t sim_node_name(uint32_t node, char *buf, size_t cap)
{
	int w = node == SIM_RELAY ? snprintf(buf, cap, "relay")
	                          : snprintf(buf, cap, "n%" PRIu32, node + 1);

	return w < 0 ? 0 : (size_t)w;
}

static int validate_config(const struct sim_config *c, char *err, size_t errlen)
{
	if (c->nodes < 1 || c->nodes > SIM_MAX_NODES) {
		errbuf_set(err, errlen, "nodes must be 1 to %d, got %" PRIu32,
		           SIM_MAX_NODES, c->nodes);
		return -1;
	}
	if (c->strategy == NULL) {
		errbuf_set(err, errlen, "no strategy");
		return -1;
	}
	if (c->gossip_min_us < SIM_MIN_GOSSIP_US ||
	    c->gossip_min_us > c->gossip_max_us ||
	    c->gossip_max_us > LATENCY_MAX_US) {
		errbuf_set(err, errlen,
		           "gossip interval must be a range from 1ms to 60m");
		return -1;
	}
	if (!(c->rate >= 0 && c->rate <= SIM_MAX_RATE)) {
		errbuf_set(err, errlen, "rate must be 0 to %g per second",
		           SIM_MAX_RATE);
		return -1;
	}
	if (c->duration_us > SIM_MAX_DURATION_US) {
		errbuf_set(err, errlen, "duration must be at most 24h");
		return -1;
	}
	if (!(c->drop >= 0 && c->drop <= 1) ||
	    !(c->duplicate >= 0 && c->duplicate <= 1)) {
		errbuf_set(err, errlen, "probabilities must be 0 to 1");
		return -1;
	}
	if ((unsigned)c->crdt > CRDT_PNCOUNTER) {
		errbuf_set(err, errlen, "unknown CRDT");
		return -1;
	}
	if ((unsigned)c->mode >= MODE_COUNT) {
		errbuf_set(err, errlen, "unknown propagation mode");
		return -1;
	}
	if (!sim_mode_fits_strategy(c->mode, c->strategy)) {
		errbuf_set(err, errlen,
		           "%s mode sends each op once from its origin, and %s "
		           "passes state on from peer to peer: use relay, "
		           "interval, on-change or hybrid",
		           sim_mode_name(c->mode), c->strategy->name);
		return -1;
	}
	/* "Went backwards" means something only for a counter that never
	 * goes down. */
	if (c->crdt == CRDT_PNCOUNTER && c->reader != READER_NONE) {
		errbuf_set(err, errlen,
		           "readers watch for a G-Counter going backwards; a "
		           "PN-Counter goes down by design");
		return -1;
	}
	if (c->fanout < 1 || c->fanout > SIM_MAX_NODES) {
		errbuf_set(err, errlen, "fanout must be 1 to %d",
		           SIM_MAX_NODES);
		return -1;
	}
	if (c->hybrid_changes < 1 ||
	    c->hybrid_changes > SIM_MAX_HYBRID_CHANGES) {
		errbuf_set(err, errlen, "hybrid changes must be 1 to %d",
		           SIM_MAX_HYBRID_CHANGES);
		return -1;
	}
	if ((unsigned)c->latency.kind > LATENCY_EXPONENTIAL) {
		errbuf_set(err, errlen, "unknown latency model");
		return -1;
	}
	if (c->latency.min_us > c->latency.max_us ||
	    latency_upper_bound(&c->latency) > LATENCY_MAX_US) {
		errbuf_set(err, errlen, "latency must be at most an hour");
		return -1;
	}
	return 0;
}

/* --- payloads ------------------------------------------------------------ */

static size_t payload_size(const struct sim *sim)
{
	return sizeof(struct payload) + sim->v * sizeof(uint64_t);
}

/* A delta or a batch of ops, sized to its content; never recycled. */
struct payload *sim_payload_new(struct sim *sim, enum sim_payload_form form,
                                uint32_t count)
{
	size_t size = sizeof(struct payload) + count * sizeof(uint64_t);
	struct payload *p;

	if (form == PAYLOAD_DELTA)
		size += count * sizeof(uint32_t);
	p = xcalloc(1, size);
	p->form = form;
	p->size = (uint32_t)size;
	p->count = count;
	p->refs = 1;
	if (form == PAYLOAD_DELTA)
		p->index = (uint32_t *)(void *)&p->slots[count];
	sim->payload_bytes += size;
	return p;
}

/*
 * A node's state as a message payload. While the node's vector does not
 * change, every send shares one snapshot (the node keeps a reference), so
 * a node that gossips often but learns little costs one vector, not one
 * per message.
 */
struct payload *sim_snapshot(struct sim *sim, uint32_t node)
{
	struct node *owner = &sim->nodes[node];
	struct payload *p = owner->snapshot;

	if (p != NULL) {
		p->refs++;
		return p;
	}
	p = sim->free_payloads;
	if (p != NULL) {
		sim->free_payloads = p->next_free;
		sim->free_payload_count--;
	} else {
		p = xcalloc(1, payload_size(sim));
		p->form = PAYLOAD_STATE;
		p->size = (uint32_t)payload_size(sim);
		p->vector.n = sim->v;
		p->vector.slots = p->slots;
		sim->payload_bytes += payload_size(sim);
	}
	p->next_free = NULL;
	gcounter_copy(&p->vector, &owner->vector);
	p->bytes = (uint32_t)gcounter_encoded_size(&p->vector);
	p->refs = 2; /* the caller's, and the node's cache */
	owner->snapshot = p;
	return p;
}

/* The node's vector changed: its cached snapshot is history. */
static void forget_snapshot(struct sim *sim, uint32_t node)
{
	struct payload *p = sim->nodes[node].snapshot;

	if (p != NULL) {
		sim->nodes[node].snapshot = NULL;
		payload_release(sim, p);
	}
}

void payload_retain(struct payload *payload)
{
	payload->refs++;
}

void payload_release(struct sim *sim, struct payload *payload)
{
	if (--payload->refs > 0)
		return;
	/* Keep a few state payloads for reuse; give the rest back so memory
	 * follows the load down as well as up. */
	if (payload->form != PAYLOAD_STATE || sim->free_payload_count >= 256) {
		sim->payload_bytes -= payload->size;
		free(payload);
		return;
	}
	payload->next_free = sim->free_payloads;
	sim->free_payloads = payload;
	sim->free_payload_count++;
}

static void free_payload_list(struct payload *p)
{
	while (p != NULL) {
		struct payload *next = p->next_free;

		free(p);
		p = next;
	}
}

/* --- messages and the network -------------------------------------------- */

static uint32_t message_alloc(struct sim *sim)
{
	uint32_t index;

	if (sim->free_message == NIL) {
		uint32_t old = sim->message_cap;
		uint32_t cap = old ? old * 2 : 256;

		if (cap > SIM_MAX_IN_FLIGHT)
			cap = SIM_MAX_IN_FLIGHT;
		sim->messages =
		    xrealloc(sim->messages, cap, sizeof *sim->messages);
		for (uint32_t i = old; i < cap; i++)
			sim->messages[i].next_free = i + 1 < cap ? i + 1 : NIL;
		sim->free_message = old;
		sim->message_cap = cap;
	}
	index = sim->free_message;
	sim->free_message = sim->messages[index].next_free;
	return index;
}

static void flight_link(struct sim *sim, uint32_t index)
{
	struct message *m = &sim->messages[index];

	m->prev = sim->flight_tail;
	m->next = NIL;
	if (sim->flight_tail != NIL)
		sim->messages[sim->flight_tail].next = index;
	else
		sim->flight_head = index;
	sim->flight_tail = index;
	sim->in_flight++;
	if (sim->in_flight > sim->stats.max_in_flight)
		sim->stats.max_in_flight = sim->in_flight;
}

static void flight_unlink(struct sim *sim, uint32_t index)
{
	struct message *m = &sim->messages[index];

	if (m->prev != NIL)
		sim->messages[m->prev].next = m->next;
	else
		sim->flight_head = m->next;
	if (m->next != NIL)
		sim->messages[m->next].prev = m->prev;
	else
		sim->flight_tail = m->prev;
	sim->in_flight--;
	m->next_free = sim->free_message;
	sim->free_message = index;
}

/* Puts one copy of a message on the wire; false if the network is full. */
static bool launch(struct sim *sim, uint64_t id, enum sim_message_kind kind,
                   uint32_t from, uint32_t to, uint32_t origin,
                   struct payload *payload, const struct header *header)
{
	uint32_t index;
	struct message *m;

	if (sim->in_flight >= SIM_MAX_IN_FLIGHT)
		return false;
	index = message_alloc(sim);
	m = &sim->messages[index];
	m->id = id;
	m->kind = kind;
	m->from = from;
	m->to = to;
	m->origin = origin;
	m->sent_us = sim->now_us;
	m->deliver_us = sim->now_us +
	                latency_sample(&sim->config.latency, &sim->rng_network);
	m->payload = payload;
	m->header = *header;
	if (payload != NULL)
		payload_retain(payload);
	flight_link(sim, index);
	sim_queue_push(&sim->queue, m->deliver_us, SIM_EV_DELIVER, index, 0);
	return true;
}

/* The vector a record shows for a payload: a state's own, a delta's
 * spread over zeros, none for ops. */
static const struct gcounter *record_vector(struct sim *sim,
                                            const struct payload *payload)
{
	if (payload == NULL || payload->form == PAYLOAD_OPS)
		return NULL;
	if (payload->form == PAYLOAD_STATE)
		return &payload->vector;
	memset(sim->delta_slots, 0, sim->v * sizeof *sim->delta_slots);
	for (uint32_t i = 0; i < payload->count; i++)
		sim->delta_slots[payload->index[i]] = payload->slots[i];
	return &sim->delta_vector;
}

/* Records a message's fate; builds nothing when no one is watching. */
static void emit_message(struct sim *sim, enum sim_record_kind record_kind,
                         uint64_t id, enum sim_message_kind kind, uint32_t from,
                         uint32_t to, uint32_t origin,
                         const struct payload *payload,
                         const struct header *header)
{
	struct sim_record record;
	struct sim_payload_view view;

	if (sim->observer == NULL)
		return;
	mode_view(kind, payload, header, &view);
	record = (struct sim_record){.kind = record_kind,
	                             .node = from,
	                             .from = from,
	                             .to = to,
	                             .origin = origin,
	                             .message_id = id,
	                             .message_kind = kind,
	                             .payload = record_vector(sim, payload),
	                             .message = &view};
	sim_emit(sim, &record);
}

void sim_send(struct sim *sim, enum sim_message_kind kind, uint32_t from,
              uint32_t to, uint32_t origin, struct payload *payload)
{
	static const struct header none;

	sim_send_with(sim, kind, from, to, origin, payload, &none);
}

void sim_send_with(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                   uint32_t to, uint32_t origin, struct payload *payload,
                   const struct header *header)
{
	uint64_t id = sim->next_message_id++;
	uint64_t bytes = mode_message_bytes(kind, payload, header);
	bool lost, twice, full;

	sim->stats.sent++;
	sim->stats.bytes_sent += bytes;
	sim->stats.mode_bytes[sim->config.mode] += bytes;
	sim->stats.mode_messages[sim->config.mode]++;
	if (kind == MSG_ACK || kind == MSG_NACK)
		sim->stats.control_sent++;
	emit_message(sim, REC_SEND, id, kind, from, to, origin, payload,
	             header);

	/* Draw the fault dice in a fixed order, whatever the probabilities,
	 * so that changing one does not shift every later draw. */
	lost = rng_chance(&sim->rng_network, sim->config.drop);
	twice = rng_chance(&sim->rng_network, sim->config.duplicate);
	/* A network holding too many vectors drops what it cannot carry,
	 * so no workload can exhaust memory. */
	full = sim->payload_bytes > SIM_MAX_PAYLOAD_BYTES;

	if (lost || full ||
	    !launch(sim, id, kind, from, to, origin, payload, header)) {
		sim->stats.dropped++;
		emit_message(sim, REC_DROP, id, kind, from, to, origin, payload,
		             header);
		return;
	}
	if (twice && launch(sim, id, kind, from, to, origin, payload, header)) {
		sim->stats.duplicated++;
		emit_message(sim, REC_DUPLICATE, id, kind, from, to, origin,
		             payload, header);
	}
}

void sim_forward(struct sim *sim, const struct sim_delivery *msg, uint32_t to)
{
	sim_send_with(sim, msg->kind, SIM_RELAY, to, msg->origin, msg->payload,
	              msg->header);
}

void sim_send_request(struct sim *sim, uint32_t from, uint32_t to)
{
	sim_send(sim, MSG_PULL, from, to, from, NULL);
}

uint32_t sim_control_dest(const struct sim_delivery *msg)
{
	return msg->header->dest;
}

uint32_t sim_random_peers(struct sim *sim, uint32_t node, uint32_t k,
                          uint32_t *out)
{
	uint32_t *pool = sim->peer_scratch, count = 0;

	/* A partial Fisher-Yates shuffle of every worker but node. */
	for (uint32_t i = 0; i < sim->n; i++)
		if (i != node)
			pool[count++] = i;
	if (k > count)
		k = count;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t j =
		    i + (uint32_t)rng_below(&sim->rng_peers, count - i);
		uint32_t tmp = pool[i];

		pool[i] = pool[j];
		pool[j] = tmp;
		out[i] = pool[i];
	}
	return k;
}

uint32_t *sim_changes_since_send(struct sim *sim, uint32_t node)
{
	return &sim->nodes[node].changes_since_send;
}

/* --- truth and convergence ------------------------------------------------ */

void sim_update_convergence(struct sim *sim)
{
	bool now_converged = sim->cells_behind == 0;
	struct sim_record record;

	/* Called after every delivery: keep the common case to one compare. */
	if (now_converged == sim->converged)
		return;
	record = (struct sim_record){.node = SIM_RELAY};
	sim->converged = now_converged;
	if (now_converged)
		sim->converged_at_us = sim->now_us;
	record.kind = now_converged ? REC_CONVERGED : REC_DIVERGED;
	sim_emit(sim, &record);
}

/*
 * The first slot where the payload is above the receiver, or n if none.
 * Most gossip a node receives is old news, and only reading the whole
 * vector proves it: testing four slots per branch keeps that scan cheap.
 */
static uint32_t first_news(const uint64_t *payload, const uint64_t *cells,
                           uint32_t n)
{
	uint32_t s = 0;

	for (; s + 4 <= n; s += 4)
		if ((payload[s] > cells[s]) | (payload[s + 1] > cells[s + 1]) |
		    (payload[s + 2] > cells[s + 2]) |
		    (payload[s + 3] > cells[s + 3]))
			break;
	for (; s < n; s++)
		if (payload[s] > cells[s])
			break;
	return s;
}

/* How many live nodes but `except` hold exactly v in slot s. */
static uint32_t holders_of(const struct sim *sim, uint32_t s, uint64_t v,
                           uint32_t except)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < sim->n; i++)
		if (i != except && !sim->nodes[i].down &&
		    sim->cells[(size_t)i * sim->v + s] == v)
			count++;
	return count;
}

/*
 * A live node's slot s grows from its value to v, by its own count (src is
 * the node itself) or from a message from src: the bookkeeping. Only a
 * node's own count raises the truth. A value from outside above the truth
 * happens only in op modes, when a duplicated op was counted twice.
 */
static void cell_grows(struct sim *sim, uint32_t node, uint32_t s, uint64_t v,
                       uint32_t src)
{
	uint64_t *cell = &sim->cells[(size_t)node * sim->v + s];
	uint64_t truth = sim->truth_slots[s];

	if (src == node && v > truth) {
		/* A new maximum: the owner counted. Its slot is the truth,
		 * unless an op counted twice had already lifted it above:
		 * then the truth grows only by what it counts now. */
		uint64_t now = *cell > truth ? truth + (v - *cell) : v;
		uint32_t fresh =
		    (v == now) +
		    (sim->overcounted ? holders_of(sim, s, now, node) : 0);

		sim->cells_behind += sim->up_to_date[s];
		sim->cells_behind -= fresh;
		sim->up_to_date[s] = fresh;
		sim->join_total += now - truth;
		sim->truth_slots[s] = now;
		spread_new_maximum(sim->spread, s, now, sim->now_us);
	} else {
		if (*cell == truth) {
			sim->up_to_date[s]--;
			sim->cells_behind++;
		}
		if (v == truth) {
			sim->up_to_date[s]++;
			sim->cells_behind--;
		}
		if (v > truth)
			sim->overcounted = true;
	}
	spread_grew(sim->spread, s, *cell, v, sim->now_us, sim->live);
	forget_snapshot(sim, node);
	*cell = v;
	sim->changed_at[(size_t)node * sim->v + s] = sim->now_us;
	if (s == node)
		sim->nodes[node].durable_own = v; /* "written to disk" */
	else if (s == sim->n + node)
		sim->nodes[node].durable_dec = v;
	if (sim->mode != NULL)
		mode_slot_grew(sim, node, s, src);
}

bool sim_cell_receive(struct sim *sim, uint32_t node, uint32_t s, uint64_t v,
                      uint32_t src)
{
	if (v <= sim->cells[(size_t)node * sim->v + s])
		return false;
	/* Every state is the join of states some node held, and the truth
	 * is the join of every state ever held: only plain ops, which count
	 * duplicates, can pass it. */
	if (v > sim->truth_slots[s] && sim->config.mode != MODE_OP &&
	    !sim->overcounted)
		fatal("invariant: n%u slot %u would pass the truth "
		      "(%llu > %llu)",
		      node + 1, s + 1, (unsigned long long)v,
		      (unsigned long long)sim->truth_slots[s]);
	cell_grows(sim, node, s, v, src);
	return true;
}

size_t sim_merge_state(struct sim *sim, uint32_t node,
                       const struct gcounter *payload, uint32_t src)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;
	size_t grew = 0;

	for (uint32_t s = first_news(payload->slots, cells, sim->v); s < sim->v;
	     s++)
		if (payload->slots[s] > cells[s])
			grew += sim_cell_receive(sim, node, s,
			                         payload->slots[s], src);
	return grew;
}

/*
 * A node counts up (its slot of P) or, in a PN-Counter, down (its slot of
 * N). Either way its own slot grows: a CRDT never takes anything back.
 */
static int count_at_node(struct sim *sim, uint32_t node, uint64_t amount,
                         bool decrement, char *err, size_t errlen)
{
	struct gcounter *vector = &sim->nodes[node].vector;
	uint32_t slot = decrement ? sim->n + node : node;
	struct sim_record record = {.kind = REC_INCREMENT,
	                            .node = node,
	                            .from = node,
	                            .to = node,
	                            .origin = node,
	                            .amount = amount,
	                            .decrement = decrement};

	/* Every count is at most the total, so this bound holds for all. */
	if (amount > SIM_MAX_TOTAL - sim->truth_total) {
		errbuf_set(
		    err, errlen,
		    "the world has counted its limit of 2^62 operations");
		return -1;
	}
	sim->truth_total += amount;
	if (decrement) {
		sim->truth_decrements += amount;
		sim->stats.decrements++;
	} else {
		sim->stats.increments++;
	}
	sim->stats.mode_counts[sim->config.mode]++;
	cell_grows(sim, node, slot, vector->slots[slot] + amount, node);
	mode_counted(sim, node, amount, decrement);
	sim->nodes[node].changes_since_send++;
	record.after = vector;
	sim_emit(sim, &record);
	sim_update_convergence(sim);
	sim->config.strategy->on_increment(sim, node);
	return 0;
}

/* --- crashes and restarts ---------------------------------------------- */

/* Takes a node out of (or back into) the live set that "converged" is
 * about. */
static void leave_live_set(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;

	for (uint32_t s = 0; s < sim->v; s++) {
		if (cells[s] == sim->truth_slots[s])
			sim->up_to_date[s]--;
		else
			sim->cells_behind--;
	}
	sim->live--;
	spread_node_left(sim->spread, cells, sim->now_us, sim->live);
}

static void join_live_set(struct sim *sim, uint32_t node)
{
	const uint64_t *cells = sim->nodes[node].vector.slots;

	for (uint32_t s = 0; s < sim->v; s++) {
		if (cells[s] == sim->truth_slots[s])
			sim->up_to_date[s]++;
		else
			sim->cells_behind++;
	}
	sim->live++;
	spread_node_joined(sim->spread, cells);
}

static void crash_node(struct sim *sim, uint32_t node)
{
	struct node *n = &sim->nodes[node];

	n->down = true;
	n->timer_generation++; /* its timers die with it */
	n->next_timer_us = 0;
	leave_live_set(sim, node);
	if (sim->reader_node == node)
		sim->reader_node = NIL;
	sim_update_convergence(sim);
}

static void restart_node(struct sim *sim, uint32_t node, enum sim_restart mode)
{
	struct node *n = &sim->nodes[node];

	/* What survives a crash: nothing in memory; on disk, the node's own
	 * count, unless this is the amnesia lesson. In op modes the disk
	 * keeps the whole vector: no one sends an op twice, so a replica
	 * must keep everything it applied. */
	bool keeps_all =
	    mode == RESTART_DURABLE && (sim->config.mode == MODE_OP ||
	                                sim->config.mode == MODE_OP_RELIABLE);

	if (mode == RESTART_AMNESIA)
		n->durable_own = n->durable_dec = 0;
	forget_snapshot(sim, node);
	if (!keeps_all) {
		gcounter_reset(&n->vector);
		n->vector.slots[node] = n->durable_own;
		if (sim->v > sim->n)
			n->vector.slots[sim->n + node] = n->durable_dec;
		for (uint32_t s = 0; s < sim->v; s++)
			sim->changed_at[(size_t)node * sim->v + s] =
			    sim->now_us;
	}
	n->incarnation++;
	if (sim->mode != NULL)
		mode_node_restarted(sim, node);
	n->down = false;
	n->changes_since_send = 0;
	join_live_set(sim, node);
	sim_update_convergence(sim);
	sim->config.strategy->start_node(sim, node);
}

/* --- timers and workload ------------------------------------------------ */

void sim_arm_timer(struct sim *sim, uint32_t node)
{
	struct node *n = &sim->nodes[node];
	uint64_t delay = rng_range(&sim->rng_timers, sim->config.gossip_min_us,
	                           sim->config.gossip_max_us);

	n->next_timer_us = sim->now_us + delay;
	sim_queue_push(&sim->queue, n->next_timer_us, SIM_EV_TIMER, node,
	               n->timer_generation);
}

void sim_arm_timer_at(struct sim *sim, uint32_t node, uint64_t at_us)
{
	struct node *n = &sim->nodes[node];

	n->next_timer_us = at_us > sim->now_us ? at_us : sim->now_us;
	sim_queue_push(&sim->queue, n->next_timer_us, SIM_EV_TIMER, node,
	               n->timer_generation);
}

/*
 * A gap of a Poisson process in whole microseconds, at most a virtual day:
 * a tiny rate gives a huge gap, and llround of an out-of-range value is
 * undefined. (The draws go through libm's log, so replays are exact on the
 * same C library; see README.)
 */
static uint64_t gap_us(double gap_s)
{
	double us = gap_s * 1e6;

	return us >= (double)SIM_MAX_DURATION_US ? SIM_MAX_DURATION_US
	                                         : (uint64_t)llround(us);
}

/* Schedules the next automatic increment: a Poisson process of the rate. */
static void schedule_workload(struct sim *sim)
{
	double gap_s;
	uint64_t at;

	if (sim->config.rate <= 0)
		return;
	gap_s = -log(1.0 - rng_unit(&sim->rng_workload)) / sim->config.rate;
	at = sim->now_us + gap_us(gap_s);
	if (sim->config.duration_us != 0 && at >= sim->config.duration_us)
		return;
	sim_queue_push(&sim->queue, at, SIM_EV_WORKLOAD, 0,
	               sim->workload_generation);
}

/* The k-th live worker, counting from n1. */
static uint32_t nth_live_node(const struct sim *sim, uint32_t k)
{
	for (uint32_t i = 0; i < sim->n; i++)
		if (!sim->nodes[i].down && k-- == 0)
			return i;
	return 0;
}

/* Reads are a Poisson process too, on their own random stream. */
static void schedule_read(struct sim *sim)
{
	double gap_s;

	if (sim->config.reader == READER_NONE || sim->config.read_rate <= 0)
		return;
	gap_s = -log(1.0 - rng_unit(&sim->rng_reader)) / sim->config.read_rate;
	sim_queue_push(&sim->queue, sim->now_us + gap_us(gap_s), SIM_EV_READ, 0,
	               sim->read_generation);
}

/*
 * One page view: read the value of a replica. A random reader may land on
 * a replica that knows less than the last one it asked, and see the count
 * go down; a sticky reader stays on one replica while it lives.
 */
static void read_counter(struct sim *sim)
{
	struct sim_record record = {.kind = REC_READ};
	uint32_t node;
	uint64_t value;

	if (sim->live == 0)
		return;
	node = nth_live_node(sim,
	                     (uint32_t)rng_below(&sim->rng_reader, sim->live));
	if (sim->config.reader == READER_STICKY) {
		if (sim->reader_node == NIL)
			sim->reader_node = node;
		node = sim->reader_node;
	}
	value = gcounter_value_saturated(&sim->nodes[node].vector);
	record.node = record.from = record.to = record.origin = node;
	record.amount = value;
	sim->stats.reads++;
	if (sim->have_read && value < sim->last_read_value) {
		sim->stats.backwards_reads++;
		sim->reader_backwards++;
		record.changed = 1;
	}
	sim->have_read = true;
	sim->last_read_node = node;
	sim->last_read_value = value;
	sim_emit(sim, &record);
}

/* Starts the current strategy on every live worker. */
static void start_strategy(struct sim *sim)
{
	for (uint32_t node = 0; node < sim->n; node++)
		if (!sim->nodes[node].down)
			sim->config.strategy->start_node(sim, node);
}

/* --- building and freeing ----------------------------------------------- */

struct sim *sim_new(const struct sim_config *config, char *err, size_t errlen)
{
	struct sim *sim;
	uint32_t n, v;

	if (validate_config(config, err, errlen) != 0)
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
	sim->cells = xcalloc((size_t)n * v, sizeof *sim->cells);
	sim->changed_at = xcalloc((size_t)n * v, sizeof *sim->changed_at);
	for (uint32_t i = 0; i < n; i++) {
		sim->nodes[i].vector.n = v;
		sim->nodes[i].vector.slots = &sim->cells[(size_t)i * v];
	}
	sim->truth_slots = xcalloc(v, sizeof *sim->truth_slots);
	sim->truth.n = v;
	sim->truth.slots = sim->truth_slots;
	sim->up_to_date = xcalloc(v, sizeof *sim->up_to_date);
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

	sim->free_message = NIL;
	sim->flight_head = sim->flight_tail = NIL;
	sim->next_message_id = 1;

	mode_start(sim);
	start_strategy(sim);
	schedule_workload(sim);
	schedule_read(sim);
	return sim;
}

void sim_free(struct sim *sim)
{
	if (sim == NULL)
		return;
	/* Payloads still in flight or cached go back to the free list. */
	for (uint32_t i = sim->flight_head; i != NIL; i = sim->messages[i].next)
		if (sim->messages[i].payload != NULL)
			payload_release(sim, sim->messages[i].payload);
	for (uint32_t i = 0; i < sim->n; i++)
		forget_snapshot(sim, i);
	mode_free(sim);
	free_payload_list(sim->free_payloads);
	free(sim->messages);
	sim_queue_free(&sim->queue);
	free(sim->nodes);
	free(sim->cells);
	free(sim->changed_at);
	free(sim->truth_slots);
	free(sim->up_to_date);
	free(sim->scratch_slots);
	free(sim->delta_slots);
	free(sim->slot_scratch);
	free(sim->peer_scratch);
	spread_free(sim->spread);
	free(sim->log);
	free(sim);
}

const struct sim_config *sim_config(const struct sim *sim)
{
	return &sim->config;
}

const struct sim_config *sim_initial_config(const struct sim *sim)
{
	return &sim->initial_config;
}

void sim_set_observer(struct sim *sim, sim_observer fn, void *ctx)
{
	sim->observer = fn;
	sim->observer_ctx = ctx;
}

/* --- running ------------------------------------------------------------- */

/*
 * Whether a message from `from` to `to` is lost on arrival: the receiver is
 * down or cut off from receiving, or the sender was cut off from sending.
 * Checked at delivery, so a partition also swallows what was on its way.
 */
static bool link_cut(const struct sim *sim, uint32_t from, uint32_t to)
{
	if (from != SIM_RELAY &&
	    (sim->nodes[from].partition & PARTITION_NO_SEND))
		return true;
	if (to == SIM_RELAY)
		return sim->relay_down;
	return sim->nodes[to].down ||
	       (sim->nodes[to].partition & PARTITION_NO_RECEIVE);
}

static void deliver(struct sim *sim, uint32_t index)
{
	struct message m = sim->messages[index];
	struct sim_delivery delivery = {.id = m.id,
	                                .from = m.from,
	                                .to = m.to,
	                                .origin = m.origin,
	                                .kind = m.kind,
	                                .payload = m.payload,
	                                .header = &m.header};
	struct sim_payload_view view;
	struct sim_record record = {.kind = REC_DELIVER,
	                            .node = m.to,
	                            .from = m.from,
	                            .to = m.to,
	                            .origin = m.origin,
	                            .message_id = m.id,
	                            .message_kind = m.kind,
	                            .message = &view};
	bool merges = m.to != SIM_RELAY && m.kind != MSG_PULL;

	flight_unlink(sim, index);
	if (sim->observer != NULL) {
		mode_view(m.kind, m.payload, &m.header, &view);
		record.payload = record_vector(sim, m.payload);
	}
	if (link_cut(sim, m.from, m.to)) {
		sim->stats.lost++;
		record.kind = REC_LOST;
		sim_emit(sim, &record);
		if (m.payload != NULL)
			payload_release(sim, m.payload);
		return;
	}
	sim->stats.delivered++;
	if (merges) {
		struct gcounter *vector = &sim->nodes[m.to].vector;

		if (sim->observer != NULL) {
			gcounter_copy(&sim->scratch, vector);
			record.before = &sim->scratch;
		}
		record.changed = mode_deliver(sim, &m);
		if (record.changed > 0)
			sim->stats.merges_changed++;
		record.after = vector;
	}
	sim_emit(sim, &record);
	if (merges)
		sim_update_convergence(sim);
	if (sim->reply.due) {
		/* The receiver's ACK or NACK, sent after the delivery's
		 * record so logs read in cause-and-effect order. */
		sim->reply.due = false;
		sim_send_with(sim, sim->reply.kind, m.to, sim->reply.to, m.to,
		              NULL, &sim->reply.header);
	}
	sim->config.strategy->on_deliver(sim, &delivery);
	if (m.payload != NULL)
		payload_release(sim, m.payload);
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
	case SIM_EV_DELIVER:
		deliver(sim, ev->arg);
		break;
	case SIM_EV_WORKLOAD: {
		/* The draw happens even with no live node, so that a crash
		 * does not shift the workload's later draws. */
		uint32_t pick = (uint32_t)rng_below(&sim->rng_workload,
		                                    sim->live ? sim->live : 1);

		/* A PN-Counter's workload counts down half the time (the coin
		 * is only tossed then, so G-Counter runs keep their draws). */
		bool down = sim->config.crdt == CRDT_PNCOUNTER &&
		            rng_below(&sim->rng_workload, 2) == 1;

		if (ev->generation != sim->workload_generation)
			return;
		if (sim->live > 0)
			count_at_node(sim, nth_live_node(sim, pick), 1, down,
			              NULL, 0);
		schedule_workload(sim);
		break;
	}
	case SIM_EV_READ:
		if (ev->generation != sim->read_generation)
			return;
		read_counter(sim);
		schedule_read(sim);
		break;
	}
}

bool sim_step(struct sim *sim)
{
	struct sim_event ev;

	if (!sim_queue_pop(&sim->queue, &ev))
		return false;
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

bool sim_next_event_time(const struct sim *sim, uint64_t *t_us)
{
	const struct sim_event *next = sim_queue_peek(&sim->queue);

	if (next == NULL)
		return false;
	*t_us = next->time_us;
	return true;
}

/* --- commands ----------------------------------------------------------- */

static int validate_node(const struct sim *sim, uint32_t node, char *err,
                         size_t errlen)
{
	if (node < sim->n)
		return 0;
	errbuf_set(err, errlen, "no node n%llu (nodes are n1 to n%u)",
	           (unsigned long long)node + 1, sim->n);
	return -1;
}

/* The node must exist and be up: a crashed node cannot act. */
static int validate_live_node(const struct sim *sim, uint32_t node, char *err,
                              size_t errlen)
{
	if (validate_node(sim, node, err, errlen) != 0)
		return -1;
	if (!sim->nodes[node].down)
		return 0;
	errbuf_set(err, errlen, "n%u is down (restart it first)", node + 1);
	return -1;
}

/* Crash and restart take a worker or the relay, in the right state. */
static int validate_crash(const struct sim *sim, const struct command *cmd,
                          char *err, size_t errlen)
{
	bool restart = cmd->kind == CMD_RESTART;

	if (cmd->node == SIM_RELAY) {
		if (sim->relay_down == restart)
			return 0;
		errbuf_set(err, errlen, "the relay is already %s",
		           restart ? "up" : "down");
		return -1;
	}
	if (validate_node(sim, cmd->node, err, errlen) != 0)
		return -1;
	if (restart && cmd->mode > RESTART_AMNESIA) {
		errbuf_set(err, errlen, "unknown restart mode %u", cmd->mode);
		return -1;
	}
	/* Ops are sent once: a replica that forgot what it applied would
	 * never get it back. */
	if (restart && cmd->mode == RESTART_AMNESIA &&
	    (sim->config.mode == MODE_OP ||
	     sim->config.mode == MODE_OP_RELIABLE)) {
		errbuf_set(
		    err, errlen,
		    "in %s mode n%u must restart durable: ops are sent "
		    "once, so a replica that forgot them never gets them "
		    "back",
		    sim_mode_name(sim->config.mode), cmd->node + 1);
		return -1;
	}
	if (sim->nodes[cmd->node].down == restart)
		return 0;
	errbuf_set(err, errlen, "n%u is already %s", cmd->node + 1,
	           restart ? "up" : "down");
	return -1;
}

/*
 * Ops carry what each node counts from here on, and each node's first op
 * hands over its own count as it stands. That is the whole truth of its
 * slot unless an amnesiac restart left it below what the others hold:
 * then the switch waits until it has caught up.
 */
static int validate_op_handover(const struct sim *sim, enum sim_mode mode,
                                char *err, size_t errlen)
{
	if (mode != MODE_OP && mode != MODE_OP_RELIABLE)
		return 0;
	for (uint32_t i = 0; i < sim->n; i++) {
		const uint64_t *own = sim->nodes[i].vector.slots;

		if (own[i] < sim->truth_slots[i] ||
		    (sim->v > sim->n &&
		     own[sim->n + i] < sim->truth_slots[sim->n + i])) {
			errbuf_set(err, errlen,
			           "n%u restarted from zero and does not yet "
			           "hold its own count; ops would leave the "
			           "rest behind: switch to %s once it has "
			           "caught up",
			           i + 1, sim_mode_name(mode));
			return -1;
		}
	}
	return 0;
}

int sim_validate(const struct sim *sim, const struct command *cmd, char *err,
                 size_t errlen)
{
	struct sim_config c = sim->config;

	switch (cmd->kind) {
	case CMD_INCREMENT:
		if (cmd->amount < 1 || cmd->amount > SIM_MAX_INCREMENT) {
			errbuf_set(err, errlen, "increment must be 1 to %llu",
			           (unsigned long long)SIM_MAX_INCREMENT);
			return -1;
		}
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_GOSSIP_NOW:
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_DECREMENT:
		if (sim->config.crdt != CRDT_PNCOUNTER) {
			errbuf_set(
			    err, errlen,
			    "a G-Counter only counts up (decrements need "
			    "--crdt pncounter)");
			return -1;
		}
		if (cmd->amount < 1 || cmd->amount > SIM_MAX_INCREMENT) {
			errbuf_set(err, errlen, "decrement must be 1 to %llu",
			           (unsigned long long)SIM_MAX_INCREMENT);
			return -1;
		}
		return validate_live_node(sim, cmd->node, err, errlen);
	case CMD_PARTITION:
		if (cmd->mode > PARTITION_BOTH) {
			errbuf_set(err, errlen, "unknown partition mode %u",
			           cmd->mode);
			return -1;
		}
		return validate_node(sim, cmd->node, err, errlen);
	case CMD_HEAL:
		return 0;
	case CMD_CRASH:
	case CMD_RESTART:
		return validate_crash(sim, cmd, err, errlen);
	case CMD_SET_RATE:
		c.rate = cmd->rate;
		break;
	case CMD_SET_LATENCY:
		c.latency = cmd->latency;
		break;
	case CMD_SET_GOSSIP:
		c.gossip_min_us = cmd->min_us;
		c.gossip_max_us = cmd->max_us;
		break;
	case CMD_SET_DROP:
		c.drop = cmd->probability;
		break;
	case CMD_SET_DUPLICATE:
		c.duplicate = cmd->probability;
		break;
	case CMD_SET_READER:
		if (cmd->mode > READER_STICKY) {
			errbuf_set(err, errlen, "unknown reader %u", cmd->mode);
			return -1;
		}
		c.reader = (enum sim_reader)cmd->mode;
		break;
	case CMD_SET_STRATEGY: {
		size_t count;
		const struct strategy *const *all = strategy_all(&count);

		if (cmd->strategy >= count) {
			errbuf_set(err, errlen, "no strategy number %u",
			           cmd->strategy);
			return -1;
		}
		c.strategy = all[cmd->strategy];
		break;
	}
	case CMD_SET_MODE:
		if (cmd->mode >= MODE_COUNT) {
			errbuf_set(err, errlen, "no propagation mode number %u",
			           cmd->mode);
			return -1;
		}
		c.mode = (enum sim_mode)cmd->mode;
		if (validate_op_handover(sim, c.mode, err, errlen) != 0)
			return -1;
		break;
	default:
		errbuf_set(err, errlen, "unknown command kind %d",
		           (int)cmd->kind);
		return -1;
	}
	return validate_config(&c, err, errlen);
}

/*
 * Cancels every timer of the old strategy (by generation) and starts the
 * new one. Messages already in flight still arrive and merge.
 */
static void switch_strategy(struct sim *sim, uint32_t index)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);

	for (uint32_t i = 0; i < sim->n; i++) {
		sim->nodes[i].timer_generation++;
		sim->nodes[i].changes_since_send = 0;
		sim->nodes[i].next_timer_us = 0;
	}
	sim->config.strategy = all[index];
	start_strategy(sim);
}

static void log_command(struct sim *sim, const struct command *cmd)
{
	if (sim->log_len == sim->log_cap) {
		sim->log_cap = sim->log_cap ? sim->log_cap * 2 : 64;
		sim->log = xrealloc(sim->log, sim->log_cap, sizeof *sim->log);
	}
	sim->log[sim->log_len++] = *cmd;
}

int sim_apply(struct sim *sim, const struct command *cmd_in, char *err,
              size_t errlen)
{
	struct command cmd = *cmd_in;
	struct sim_record record = {.kind = REC_COMMAND, .command = &cmd};

	if (sim_validate(sim, &cmd, err, errlen) != 0)
		return -1;
	if (sim->log_len >= SIM_MAX_COMMANDS) {
		errbuf_set(err, errlen, "command log is full (%u commands)",
		           SIM_MAX_COMMANDS);
		return -1;
	}
	cmd.time_us = sim->now_us;
	cmd.after_events = sim->events_run;
	record.node = cmd.node;

	switch (cmd.kind) {
	case CMD_INCREMENT:
	case CMD_DECREMENT:
		if (count_at_node(sim, cmd.node, cmd.amount,
		                  cmd.kind == CMD_DECREMENT, err, errlen) != 0)
			return -1;
		break;
	case CMD_GOSSIP_NOW:
		sim_emit(sim, &record);
		sim->config.strategy->on_gossip_now(sim, cmd.node);
		break;
	case CMD_PARTITION:
		sim->nodes[cmd.node].partition = (enum sim_partition)cmd.mode;
		sim_emit(sim, &record);
		break;
	case CMD_HEAL:
		for (uint32_t i = 0; i < sim->n; i++)
			sim->nodes[i].partition = PARTITION_NONE;
		sim_emit(sim, &record);
		break;
	case CMD_CRASH:
		if (cmd.node == SIM_RELAY)
			sim->relay_down = true;
		else
			crash_node(sim, cmd.node);
		sim_emit(sim, &record);
		break;
	case CMD_RESTART:
		if (cmd.node == SIM_RELAY)
			sim->relay_down = false;
		else
			restart_node(sim, cmd.node, (enum sim_restart)cmd.mode);
		sim_emit(sim, &record);
		break;
	case CMD_SET_RATE:
		sim->config.rate = cmd.rate;
		/* Restart the Poisson process at the new rate. */
		sim->workload_generation++;
		schedule_workload(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_LATENCY:
		sim->config.latency = cmd.latency;
		sim_emit(sim, &record);
		break;
	case CMD_SET_GOSSIP:
		sim->config.gossip_min_us = cmd.min_us;
		sim->config.gossip_max_us = cmd.max_us;
		sim_emit(sim, &record);
		break;
	case CMD_SET_DROP:
		sim->config.drop = cmd.probability;
		sim_emit(sim, &record);
		break;
	case CMD_SET_DUPLICATE:
		sim->config.duplicate = cmd.probability;
		sim_emit(sim, &record);
		break;
	case CMD_SET_READER:
		sim->config.reader = (enum sim_reader)cmd.mode;
		if (sim->config.read_rate <= 0)
			sim->config.read_rate = SIM_DEFAULT_READ_RATE;
		/* A new reader starts afresh: a new process of reads, and
		 * no memory of what the old one read. */
		sim->read_generation++;
		sim->reader_node = NIL;
		sim->have_read = false;
		sim->reader_backwards = 0;
		schedule_read(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_STRATEGY:
		switch_strategy(sim, cmd.strategy);
		mode_strategy_changed(sim);
		sim_emit(sim, &record);
		break;
	case CMD_SET_MODE:
		mode_enter(sim, (enum sim_mode)cmd.mode);
		sim_emit(sim, &record);
		break;
	default:
		break;
	}
	log_command(sim, &cmd);
	return 0;
}

int sim_seek(struct sim *sim, uint64_t time_us, uint64_t after_events,
             char *err, size_t errlen)
{
	const struct sim_event *next;

	while (sim->events_run < after_events) {
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

const struct command *sim_command_log(const struct sim *sim, size_t *count)
{
	*count = sim->log_len;
	return sim->log;
}

/* --- reading ---------------------------------------------------------- */

uint64_t sim_now(const struct sim *sim)
{
	return sim->now_us;
}

uint64_t sim_events_run(const struct sim *sim)
{
	return sim->events_run;
}

uint32_t sim_node_count(const struct sim *sim)
{
	return sim->n;
}

uint32_t sim_vector_slots(const struct sim *sim)
{
	return sim->v;
}

/* Sum of slots [from, to) of a vector; counts stay below 2^62 in all. */
static int64_t slot_sum(const uint64_t *slots, uint32_t from, uint32_t to)
{
	uint64_t sum = 0;

	for (uint32_t s = from; s < to; s++)
		sum += slots[s];
	return (int64_t)sum;
}

int64_t sim_node_signed_value(const struct sim *sim, uint32_t node)
{
	const uint64_t *slots = sim->nodes[node].vector.slots;

	return slot_sum(slots, 0, sim->n) - slot_sum(slots, sim->n, sim->v);
}

int64_t sim_join_signed_value(const struct sim *sim)
{
	return slot_sum(sim->truth_slots, 0, sim->n) -
	       slot_sum(sim->truth_slots, sim->n, sim->v);
}

uint64_t sim_truth_decrements(const struct sim *sim)
{
	return sim->truth_decrements;
}

int64_t sim_true_value(const struct sim *sim)
{
	return (int64_t)(sim->truth_total - sim->truth_decrements) -
	       (int64_t)sim->truth_decrements;
}

const struct gcounter *sim_node_vector(const struct sim *sim, uint32_t node)
{
	return &sim->nodes[node].vector;
}

uint64_t sim_node_value(const struct sim *sim, uint32_t node)
{
	return gcounter_value_saturated(&sim->nodes[node].vector);
}

uint64_t sim_cell_changed_at(const struct sim *sim, uint32_t node,
                             uint32_t slot)
{
	return sim->changed_at[(size_t)node * sim->v + slot];
}

const uint64_t *sim_node_changed_at(const struct sim *sim, uint32_t node)
{
	return sim->changed_at + (size_t)node * sim->v;
}

uint64_t sim_node_next_gossip(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].next_timer_us;
}

const struct gcounter *sim_truth(const struct sim *sim)
{
	return &sim->truth;
}

uint64_t sim_truth_total(const struct sim *sim)
{
	return sim->truth_total;
}

bool sim_converged(const struct sim *sim)
{
	return sim->converged;
}

uint64_t sim_converged_at(const struct sim *sim)
{
	return sim->converged_at_us;
}

uint64_t sim_cells_behind(const struct sim *sim)
{
	return sim->cells_behind;
}

bool sim_overcounted(const struct sim *sim)
{
	return sim->overcounted;
}

bool sim_workload_active(const struct sim *sim)
{
	return sim->config.rate > 0 && (sim->config.duration_us == 0 ||
	                                sim->now_us < sim->config.duration_us);
}

size_t sim_in_flight(const struct sim *sim)
{
	return sim->in_flight;
}

static bool message_view(const struct sim *sim, uint32_t index,
                         struct sim_message_view *view)
{
	const struct message *m;

	if (index == NIL)
		return false;
	m = &sim->messages[index];
	*view = (struct sim_message_view){
	    .cursor = index,
	    .id = m->id,
	    .from = m->from,
	    .to = m->to,
	    .origin = m->origin,
	    .sent_us = m->sent_us,
	    .deliver_us = m->deliver_us,
	    .kind = m->kind,
	    .payload = m->payload && m->payload->form == PAYLOAD_STATE
	                   ? &m->payload->vector
	                   : NULL};
	mode_view(m->kind, m->payload, &m->header, &view->message);
	return true;
}

bool sim_message_first(const struct sim *sim, struct sim_message_view *view)
{
	return message_view(sim, sim->flight_head, view);
}

bool sim_message_next(const struct sim *sim, struct sim_message_view *view)
{
	return message_view(sim, sim->messages[view->cursor].next, view);
}

bool sim_node_down(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].down;
}

bool sim_relay_down(const struct sim *sim)
{
	return sim->relay_down;
}

enum sim_partition sim_node_partition(const struct sim *sim, uint32_t node)
{
	return sim->nodes[node].partition;
}

uint32_t sim_live_nodes(const struct sim *sim)
{
	return sim->live;
}

uint64_t sim_join_value(const struct sim *sim)
{
	return sim->join_total;
}

uint64_t sim_reader_backwards(const struct sim *sim)
{
	return sim->reader_backwards;
}

bool sim_last_read(const struct sim *sim, uint32_t *node, uint64_t *value)
{
	*node = sim->last_read_node;
	*value = sim->last_read_value;
	return sim->have_read;
}

void sim_latency(const struct sim *sim, struct sim_latency *latency)
{
	sim_latency_since(sim, 0, latency);
}

void sim_latency_since(const struct sim *sim, uint64_t from_sample,
                       struct sim_latency *latency)
{
	struct spread_summary summary;

	spread_summarize(sim->spread, from_sample, &summary);
	*latency = (struct sim_latency){.samples = summary.samples,
	                                .pending = summary.pending,
	                                .p50_us = summary.p50_us,
	                                .p99_us = summary.p99_us,
	                                .max_us = summary.max_us};
}

void sim_stats(const struct sim *sim, struct sim_stats *stats)
{
	*stats = sim->stats;
}

int sim_check_invariants(const struct sim *sim, char *err, size_t errlen)
{
	uint64_t behind = 0, join = 0;
	uint32_t live = 0;

	for (uint32_t i = 0; i < sim->n; i++) {
		const struct node *node = &sim->nodes[i];

		if (node->down)
			continue;
		live++;
		if (node->vector.slots[i] != node->durable_own ||
		    (sim->v > sim->n &&
		     node->vector.slots[sim->n + i] != node->durable_dec)) {
			errbuf_set(
			    err, errlen,
			    "n%u's own slot %llu differs from its durable "
			    "record %llu",
			    i + 1, (unsigned long long)node->vector.slots[i],
			    (unsigned long long)node->durable_own);
			return -1;
		}
	}
	for (uint32_t s = 0; s < sim->v; s++) {
		uint32_t fresh = 0;
		uint64_t truth = sim->truth_slots[s];

		join += truth;
		for (uint32_t i = 0; i < sim->n; i++) {
			uint64_t v = sim->nodes[i].vector.slots[s];

			if (v > truth && !sim->overcounted) {
				errbuf_set(
				    err, errlen,
				    "n%u slot %u is %llu, above the truth "
				    "%llu",
				    i + 1, s + 1, (unsigned long long)v,
				    (unsigned long long)truth);
				return -1;
			}
			if (v == truth && !sim->nodes[i].down)
				fresh++;
		}
		if (fresh != sim->up_to_date[s]) {
			errbuf_set(
			    err, errlen,
			    "slot %u: %u live nodes up to date, bookkeeping "
			    "says %u",
			    s + 1, fresh, sim->up_to_date[s]);
			return -1;
		}
		behind += live - fresh;
	}
	if (live != sim->live || behind != sim->cells_behind ||
	    join != sim->join_total || join > sim->truth_total ||
	    sim->converged != (behind == 0)) {
		errbuf_set(
		    err, errlen,
		    "bookkeeping: %u live (recount %u), %llu cells behind "
		    "(recount %llu), join %llu (recount %llu), %llu "
		    "increments",
		    sim->live, live, (unsigned long long)sim->cells_behind,
		    (unsigned long long)behind,
		    (unsigned long long)sim->join_total,
		    (unsigned long long)join,
		    (unsigned long long)sim->truth_total);
		return -1;
	}
	return 0;
}
