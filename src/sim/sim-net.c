/*
 * The network: payloads (shared, counted references), messages and their
 * slab, sends with their fault dice, the in-flight list, the links a
 * partition cuts, and the sizes and views of what travels. It never looks
 * at a vector's meaning: merging is sim-truth.c's, protocols the modes'.
 */
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "sim/latency.h"
#include "sim/mode.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"
#include "util/fatal.h"

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
	p->owner = NIL;
	p->size = (uint32_t)size;
	p->count = count;
	p->refs = 1;
	if (form == PAYLOAD_DELTA)
		p->index = (uint32_t *)(void *)&p->slots[count];
	sim->payload_bytes += size;
	return p;
}

/* A snapshot's `recent` slots (see struct payload), from its node's
 * cells, whose values it takes: all a delivery reads while they are
 * known. A slot every node holds at least as much of is left out: it is
 * news to no one, now or later (cells only grow until `lowered` moves).
 * False (and not known) past PAYLOAD_RECENT_MAX words. */
static bool list_recent(const struct sim *sim, struct payload *p,
                        const uint64_t *cells)
{
	uint32_t len = 0;

	p->epoch = sim->lowered;
	p->recent_len = PAYLOAD_RECENT_UNKNOWN;
	if (p->recent == NULL)
		p->recent = xcalloc(PAYLOAD_RECENT_MAX, sizeof *p->recent);
	for (size_t w = 0; w < sim->stale_words; w++) {
		uint64_t mask = 0;

		for (uint64_t b = sim->behind_any[w]; b != 0; b &= b - 1) {
			unsigned bit = (unsigned)__builtin_ctzll(b);
			size_t s = w * 64 + bit;

			p->slots[s] = cells[s];
			if (cells[s] > sim->least[s])
				mask |= 1ULL << bit;
		}
		if (mask == 0)
			continue;
		if (len == PAYLOAD_RECENT_MAX)
			return false;
		p->recent[len++] =
		    (struct recent_word){.mask = mask, .word = (uint32_t)w};
	}
	p->recent_len = len;
	return true;
}

/* --- snapshots not yet copied (see struct undo) ------------------------ */

static void lazy_link(struct sim *sim, struct payload *p)
{
	struct node *owner = &sim->nodes[p->owner];

	p->undo_at = owner->undo_len;
	p->lazy_prev = NULL;
	p->lazy_next = owner->lazy;
	if (owner->lazy != NULL)
		owner->lazy->lazy_prev = p;
	owner->lazy = p;
}

static void lazy_unlink(const struct sim *sim, struct payload *p)
{
	struct node *owner = &sim->nodes[p->owner];

	if (p->lazy_prev != NULL)
		p->lazy_prev->lazy_next = p->lazy_next;
	else
		owner->lazy = p->lazy_next;
	if (p->lazy_next != NULL)
		p->lazy_next->lazy_prev = p->lazy_prev;
	p->undo_at = PAYLOAD_FILLED;
	if (owner->lazy == NULL)
		owner->undo_len = 0; /* no one needs the past */
}

static bool payload_lazy(const struct payload *p)
{
	return p != NULL && p->form == PAYLOAD_STATE &&
	       p->undo_at != PAYLOAD_FILLED;
}

void sim_payload_values(const struct sim *sim, const struct payload *p,
                        uint64_t *out)
{
	const struct node *owner;

	if (!payload_lazy(p)) {
		memcpy(out, p->slots, sim->v * sizeof *out);
		return;
	}
	/* The cells now, each change since undone, the latest first: a
	 * slot that grew twice ends at its value before the first. */
	owner = &sim->nodes[p->owner];
	memcpy(out, owner->vector.slots, sim->v * sizeof *out);
	for (uint32_t k = owner->undo_len; k-- > p->undo_at;)
		out[owner->undo[k].slot] = owner->undo[k].before;
}

void sim_payload_fill(const struct sim *sim, struct payload *p)
{
	if (!payload_lazy(p))
		return;
	sim_payload_values(sim, p, p->slots);
	lazy_unlink(sim, p);
}

void sim_fill_snapshots(struct sim *sim, uint32_t node)
{
	while (sim->nodes[node].lazy != NULL)
		sim_payload_fill(sim, sim->nodes[node].lazy);
}

void sim_undo_grow(struct sim *sim, uint32_t node)
{
	struct node *owner = &sim->nodes[node];
	uint32_t cap = owner->undo_cap ? owner->undo_cap * 2 : 64;

	if (cap > UNDO_MAX)
		cap = UNDO_MAX;
	owner->undo = xrealloc(owner->undo, cap, sizeof *owner->undo);
	owner->undo_cap = cap;
}

static void payload_free(struct payload *p)
{
	if (p->form == PAYLOAD_STATE)
		free(p->recent);
	free(p);
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
	p->owner = node;
	p->undo_at = PAYLOAD_FILLED;
	p->bytes = (uint32_t)sim_encoded_size(sim, node);
	if (sim->observer == NULL &&
	    sim->payload_bytes > sim->max_payload_bytes) {
		/* The send it is for will be refused (sim_send_with: the
		 * network is full) and no one watches it: its size is all
		 * that is read. A hollow snapshot skips copying the vector
		 * (at 10,000 nodes, 80 kB for every refused send) and is not
		 * cached: the caller's release recycles it. */
		p->recent_len = PAYLOAD_RECENT_UNKNOWN;
		p->epoch = sim->lowered;
		p->refs = 1;
		return p;
	}
	/* A big vector is copied only if something reads it whole. */
	if (!list_recent(sim, p, owner->vector.slots) ||
	    sim->v < LAZY_MIN_SLOTS)
		gcounter_copy(&p->vector, &owner->vector);
	else
		lazy_link(sim, p);
	p->refs = 2; /* the caller's, and the node's cache */
	owner->snapshot = p;
	return p;
}

/* The node's vector changed: its cached snapshot is history. */
void sim_forget_snapshot(struct sim *sim, uint32_t node)
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
	if (--payload->refs > 0) {
		struct node *owner =
		    payload->owner != NIL ? &sim->nodes[payload->owner] : NULL;

		/* A snapshot that only its node's cache still holds is let
		 * go: 10,000 idle caches of 10,000 slots would be 800 MB. The
		 * next send makes the same snapshot again. */
		if (payload->refs > 1 || owner == NULL ||
		    owner->snapshot != payload)
			return;
		owner->snapshot = NULL;
		payload->refs = 0;
	}
	if (payload_lazy(payload))
		lazy_unlink(sim, payload);
	/* Keep a few state payloads for reuse; give the rest back so memory
	 * follows the load down as well as up. */
	if (payload->form != PAYLOAD_STATE || sim->free_payload_count >= 256) {
		sim->payload_bytes -= payload->size;
		payload_free(payload);
		return;
	}
	payload->next_free = sim->free_payloads;
	sim->free_payloads = payload;
	sim->free_payload_count++;
}

void sim_free_payload_list(struct payload *p)
{
	while (p != NULL) {
		struct payload *next = p->next_free;

		payload_free(p);
		p = next;
	}
}

static uint32_t message_alloc(struct sim *sim)
{
	uint32_t index;

	if (sim->free_message == NIL) {
		uint32_t old = sim->message_cap;
		uint32_t cap = old ? old * 2 : 256;

		if (cap > sim->max_in_flight)
			cap = (uint32_t)sim->max_in_flight;
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

/* Puts a record at the end of the in-flight list (counting what it
 * carries is the caller's). */
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
}

static void count_launch(struct sim *sim)
{
	sim->in_flight++;
	if (sim->in_flight > sim->stats.max_in_flight)
		sim->stats.max_in_flight = sim->in_flight;
}

/* One more copy of the fan-out being sent. */
static void fanout_add(struct sim *sim, uint64_t id, uint32_t to,
                       uint64_t deliver_us)
{
	struct fanout *f = sim->fanning;
	uint64_t seq = sim_queue_take_seq(&sim->queue);

	if (f->count == 0) {
		f->first_id = id;
		f->first_seq = seq;
		f->base_id = id - (to - (to > f->origin));
	}
	f->copies[f->count] = (struct fanout_copy){
	    .deliver_us = deliver_us, .to = to, .sent = f->count};
	f->count++;
}

/* Puts one copy of a message on the wire; false if the network is full. */
static bool launch(struct sim *sim, uint64_t id, enum sim_message_kind kind,
                   uint32_t from, uint32_t to, uint32_t origin,
                   struct payload *payload, const struct header *header)
{
	uint32_t index;
	struct message *m;
	uint64_t deliver_us;

	if (sim->in_flight >= sim->max_in_flight)
		return false;
	deliver_us = sim->now_us + latency_sample_by(&sim->config.latency,
	                                             &sim->rng_network,
	                                             &sim->latency_divisor);
	if (payload != NULL)
		payload_retain(payload);
	count_launch(sim);
	if (sim->fanning != NULL) {
		fanout_add(sim, id, to, deliver_us);
		return true;
	}
	index = message_alloc(sim);
	m = &sim->messages[index];
	m->id = id;
	m->kind = kind;
	m->from = from;
	m->to = to;
	m->origin = origin;
	m->sent_us = sim->now_us;
	m->deliver_us = deliver_us;
	m->payload = payload;
	m->header = *header;
	m->fanout = NULL;
	flight_link(sim, index);
	sim_queue_push(&sim->queue, m->deliver_us, SIM_EV_DELIVER, index, 0);
	return true;
}

/*
 * Sorts copies (in send order) by arrival time into `out`, ties in send
 * order, for up to 1024 copies: a counting sort into as many buckets as
 * copies (at most 256) over the range of their times, which latencies
 * spread about evenly, then an insertion sort that moves each copy
 * within its bucket only. About 25 instructions a copy, a sixth of the
 * radix sort's passes over 256 buckets for the relay at 64 nodes.
 */
static void sort_by_bucket(const struct fanout_copy *copies,
                           struct fanout_copy *out, uint32_t count,
                           uint64_t least, uint64_t most)
{
	uint32_t buckets = count < 256 ? count : 256, start[257];
	/* (t - least) * scale >> 32 is below `buckets`, and the product
	 * fits: t - least < 2^32 and scale <= buckets * 2^32 / (span). */
	uint64_t scale = ((uint64_t)buckets << 32) / (most - least + 1);

	memset(start, 0, (buckets + 1) * sizeof *start);
	for (uint32_t i = 0; i < count; i++)
		start[((copies[i].deliver_us - least) * scale >> 32) + 1]++;
	for (uint32_t b = 1; b <= buckets; b++)
		start[b] += start[b - 1];
	for (uint32_t i = 0; i < count; i++)
		out[start[(copies[i].deliver_us - least) * scale >> 32]++] =
		    copies[i];
	for (uint32_t i = 1; i < count; i++) {
		struct fanout_copy moving = out[i];
		uint32_t j = i;

		/* Strictly later only: a tie keeps its send order. */
		for (; j > 0 && out[j - 1].deliver_us > moving.deliver_us; j--)
			out[j] = out[j - 1];
		out[j] = moving;
	}
}

/*
 * Sorts copies (in send order) by arrival time, into `out`; ties keep send
 * order, as the queue's sequence numbers would. A radix sort, a byte of
 * the time past the earliest a pass: a fan-out's times span a latency's
 * range, so two or three passes. `tmp` has room for count copies.
 */
static void sort_by_arrival(struct fanout_copy *copies, struct fanout_copy *tmp,
                            struct fanout_copy *out, uint32_t count)
{
	uint64_t least = UINT64_MAX, most = 0;
	struct fanout_copy *from = copies, *to = tmp;

	for (uint32_t i = 0; i < count; i++) {
		if (copies[i].deliver_us < least)
			least = copies[i].deliver_us;
		if (copies[i].deliver_us > most)
			most = copies[i].deliver_us;
	}
	if (count <= 1024 && most - least < UINT32_MAX) {
		sort_by_bucket(copies, out, count, least, most);
		return;
	}
	for (unsigned shift = 0; shift < 64 && ((most - least) >> shift) != 0;
	     shift += 8) {
		uint32_t start[257] = {0};
		struct fanout_copy *swap;

		for (uint32_t i = 0; i < count; i++)
			start[((from[i].deliver_us - least) >> shift & 0xff) +
			      1]++;
		for (unsigned d = 1; d < 257; d++)
			start[d] += start[d - 1];
		for (uint32_t i = 0; i < count; i++)
			to[start[(from[i].deliver_us - least) >> shift &
			         0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	memcpy(out, from, count * sizeof *out);
}

static void fanout_begin(struct sim *sim, uint32_t origin)
{
	if (sim->fan_scratch == NULL)
		sim->fan_scratch = xmalloc(sim_fanout_size(4 * sim->n));
	sim->fanning = sim->fan_scratch;
	sim->fanning->count = 0;
	sim->fanning->origin = origin;
}

/* The fan-out is sent: one record for its copies, one event for the
 * first to arrive. */
static void fanout_finish(struct sim *sim, const struct sim_delivery *msg)
{
	struct fanout *built = sim->fanning, *f;
	uint32_t count = built->count, index;
	struct message *m;

	sim->fanning = NULL;
	if (count == 0)
		return;
	f = xmalloc(sim_fanout_size(count));
	*f = *built;
	f->arrival = (uint32_t *)(void *)&f->copies[count];
	f->next = 0;
	sort_by_arrival(built->copies, &built->copies[count], f->copies, count);
	for (uint32_t i = 0; i < count; i++)
		f->arrival[f->copies[i].sent] = i;

	index = message_alloc(sim);
	m = &sim->messages[index];
	*m = (struct message){.id = f->first_id,
	                      .kind = msg->kind,
	                      .from = SIM_RELAY,
	                      .to = NIL,
	                      .origin = msg->origin,
	                      .sent_us = sim->now_us,
	                      .payload = msg->payload,
	                      .header = *msg->header,
	                      .fanout = f};
	flight_link(sim, index);
	sim_queue_push_seq(&sim->queue, f->copies[0].deliver_us,
	                   f->first_seq + f->copies[0].sent, SIM_EV_FANOUT,
	                   index, f->copies[0].to);
}

void sim_fanout_pop(struct sim *sim, uint32_t index)
{
	const struct fanout *f = sim->messages[index].fanout;
	const struct fanout_copy *copy = &f->copies[f->next + 1];
	struct sim_event ev;

	if (f->next + 1 == f->count) {
		sim_queue_pop(&sim->queue, &ev);
		return;
	}
	sim_queue_replace_top(&sim->queue, copy->deliver_us,
	                      f->first_seq + copy->sent, SIM_EV_FANOUT, index,
	                      copy->to);
}

bool sim_fanout_next(struct sim *sim, uint32_t index, struct message *out)
{
	struct message *m = &sim->messages[index];
	struct fanout *f = m->fanout;
	const struct fanout_copy *copy = &f->copies[f->next++];

	*out = *m;
	out->fanout = NULL;
	out->to = copy->to;
	out->deliver_us = copy->deliver_us;
	out->id = sim_fanout_copy_id(f, copy);
	if (f->next < f->count)
		return false;
	free(f);
	m->fanout = NULL;
	return true;
}

/*
 * The bytes a message counts for in bytes_sent (integers are LEB128
 * varints). The state mode sends the crdt/ encoding, which describes
 * itself (magic, version, slot count) so that any node can read it. The
 * other modes run a session between peers that know the slot count: one
 * kind byte (which also says whether an incarnation follows) and a number
 * begin each message. ACK and NACK: kind, worker it is for, number; PULL:
 * SIM_REQUEST_BYTES. It follows from the payload and header alone (not
 * from the mode in force), so a message's size never changes on its way.
 */
static uint32_t message_bytes(enum sim_message_kind kind,
                              const struct payload *payload,
                              const struct header *header)
{
	size_t head =
	    1 + codec_varint_size(header->seq) +
	    (header->incarnation ? codec_varint_size(header->incarnation) : 0);

	if (kind == MSG_PULL)
		return SIM_REQUEST_BYTES;
	if (payload == NULL) /* ACK, NACK */
		return (uint32_t)(head + codec_varint_size(header->dest));
	if (payload->form != PAYLOAD_STATE)
		return (uint32_t)(head + payload->bytes);
	if (header->seq == 0) /* state mode: the crdt/ encoding */
		return payload->bytes;
	/* delta mode's whole state: the slots, after the session header */
	return (uint32_t)(head + payload->bytes -
	                  codec_header_size(payload->vector.n));
}

/* Fills a view of a payload (NULL: none) with its header. */
void sim_message_view_of(enum sim_message_kind kind,
                         const struct payload *payload,
                         const struct header *header,
                         struct sim_payload_view *view)
{
	*view = (struct sim_payload_view){
	    .form = PAYLOAD_NONE,
	    .seq = header->seq,
	    .dest = header->dest,
	    .bytes = message_bytes(kind, payload, header)};
	if (payload == NULL)
		return;
	view->form = payload->form;
	switch (payload->form) {
	case PAYLOAD_STATE:
		view->vector = &payload->vector;
		view->count = payload->vector.n;
		break;
	case PAYLOAD_DELTA:
		view->count = payload->count;
		view->slots = payload->index;
		view->values = payload->slots;
		break;
	case PAYLOAD_OPS:
		view->count = payload->count;
		view->up = payload->up;
		view->down = payload->down;
		view->absolute = payload->absolute;
		break;
	default:
		break;
	}
}

/* The vector a record shows for a payload: a state's own, a delta's
 * spread over zeros, none for ops. */
const struct gcounter *sim_record_vector(struct sim *sim,
                                         struct payload *payload)
{
	if (payload == NULL || payload->form == PAYLOAD_OPS)
		return NULL;
	if (payload->form == PAYLOAD_STATE) {
		sim_payload_fill(sim, payload);
		return &payload->vector;
	}
	memset(sim->delta_slots, 0, sim->v * sizeof *sim->delta_slots);
	for (uint32_t i = 0; i < payload->count; i++)
		sim->delta_slots[payload->index[i]] = payload->slots[i];
	return &sim->delta_vector;
}

/* Records a message's fate; builds nothing when no one is watching. */
static void emit_message(struct sim *sim, enum sim_record_kind record_kind,
                         uint64_t id, enum sim_message_kind kind, uint32_t from,
                         uint32_t to, uint32_t origin, struct payload *payload,
                         const struct header *header, enum sim_refusal why)
{
	struct sim_record record;
	struct sim_payload_view view;

	if (sim->observer == NULL)
		return;
	sim_payload_fill(sim, payload);
	sim_message_view_of(kind, payload, header, &view);
	record = (struct sim_record){.kind = record_kind,
	                             .refused = why,
	                             .node = from,
	                             .from = from,
	                             .to = to,
	                             .origin = origin,
	                             .message_id = id,
	                             .message_kind = kind,
	                             .payload = sim_record_vector(sim, payload),
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
	uint64_t bytes = message_bytes(kind, payload, header);
	bool lost, twice, full;

	sim->stats.sent++;
	sim->stats.bytes_sent += bytes;
	sim->stats.mode_bytes[sim->config.mode] += bytes;
	sim->stats.mode_messages[sim->config.mode]++;
	if (sim->converged) {
		sim->stats.idle_sent++;
		sim->stats.idle_bytes += bytes;
		sim->stats.mode_idle_bytes[sim->config.mode] += bytes;
	}
	if (kind == MSG_ACK || kind == MSG_NACK)
		sim->stats.control_sent++;
	emit_message(sim, REC_SEND, id, kind, from, to, origin, payload, header,
	             REFUSED_NONE);

	/* Draw the fault dice in a fixed order, whatever the probabilities,
	 * so that changing one does not shift every later draw. (A chance
	 * of 0 draws nothing, in rng_chance too: the test only saves the
	 * call, a relay's copies' most common case.) */
	lost = sim->config.drop > 0.0 &&
	       rng_chance(&sim->rng_network, sim->config.drop);
	twice = sim->config.duplicate > 0.0 &&
	        rng_chance(&sim->rng_network, sim->config.duplicate);
	/* A network holding too many vectors refuses what it cannot carry,
	 * so no workload can exhaust memory; never in silence. */
	full = sim->payload_bytes > sim->max_payload_bytes;

	if (lost || full ||
	    !launch(sim, id, kind, from, to, origin, payload, header)) {
		enum sim_refusal why = lost   ? REFUSED_NONE
		                       : full ? REFUSED_PAYLOAD_BYTES
		                              : REFUSED_IN_FLIGHT;

		sim->stats.dropped++;
		if (why == REFUSED_PAYLOAD_BYTES)
			sim->stats.refused_payload_bytes++;
		else if (why == REFUSED_IN_FLIGHT)
			sim->stats.refused_in_flight++;
		emit_message(sim, REC_DROP, id, kind, from, to, origin, payload,
		             header, why);
		return;
	}
	if (twice && launch(sim, id, kind, from, to, origin, payload, header)) {
		sim->stats.duplicated++;
		emit_message(sim, REC_DUPLICATE, id, kind, from, to, origin,
		             payload, header, REFUSED_NONE);
	}
}

void sim_forward(struct sim *sim, const struct sim_delivery *msg, uint32_t to)
{
	sim_send_with(sim, msg->kind, SIM_RELAY, to, msg->origin, msg->payload,
	              msg->header);
}

void sim_relay_forward(struct sim *sim, const struct sim_delivery *msg)
{
	/* Acknowledgements go on to the one worker they are for. */
	if (msg->kind == MSG_ACK || msg->kind == MSG_NACK) {
		sim_forward(sim, msg, msg->header->dest);
		return;
	}
	if (msg->payload == NULL)
		return;
	/* Forward the very payload that arrived to every worker but the
	 * one whose state it is: one fan-out, each copy with its own dice
	 * and latency, drawn in the same order as one send each. */
	fanout_begin(sim, msg->origin);
	for (uint32_t node = 0; node < sim->n; node++)
		if (node != msg->origin)
			sim_forward(sim, msg, node);
	fanout_finish(sim, msg);
}

void sim_send_request(struct sim *sim, uint32_t from, uint32_t to)
{
	sim_send(sim, MSG_PULL, from, to, from, NULL);
}

void sim_send_state(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                    uint32_t to)
{
	sim->mode->send(sim, kind, from, to);
}

void sim_broadcast(struct sim *sim, uint32_t node)
{
	for (uint32_t to = 0; to < sim->n; to++)
		if (to != node)
			sim_send_state(sim, MSG_STATE, node, to);
}

/* The pool of a partial Fisher-Yates shuffle of every worker but one,
 * kept sparse: position p holds p (or p + 1 past the one left out) until
 * a swap moves it, and only the moved positions are written down. */
#define SPARSE_PEERS 16

struct sparse_pool {
	uint32_t skip, moved;
	uint32_t at[2 * SPARSE_PEERS], value[2 * SPARSE_PEERS];
};

static uint32_t *pool_slot(struct sparse_pool *pool, uint32_t p)
{
	for (uint32_t i = 0; i < pool->moved; i++)
		if (pool->at[i] == p)
			return &pool->value[i];
	pool->at[pool->moved] = p;
	pool->value[pool->moved] = p < pool->skip ? p : p + 1;
	return &pool->value[pool->moved++];
}

uint32_t sim_random_peers(struct sim *sim, uint32_t node, uint32_t k,
                          uint32_t *out)
{
	uint32_t *pool = sim->peer_scratch, count = sim->n - 1;

	if (k > count)
		k = count;
	/* The same draws and the same picks either way; a few peers of many
	 * need no n-entry pool. */
	if (k <= SPARSE_PEERS) {
		struct sparse_pool sparse = {.skip = node};

		for (uint32_t i = 0; i < k; i++) {
			uint32_t j =
			    i + (uint32_t)rng_below(&sim->rng_peers, count - i);
			uint32_t *at_i = pool_slot(&sparse, i);
			uint32_t *at_j = pool_slot(&sparse, j);
			uint32_t tmp = *at_i;

			*at_i = *at_j;
			*at_j = tmp;
			out[i] = *at_i;
		}
		return k;
	}
	for (uint32_t i = 0, c = 0; i < sim->n; i++)
		if (i != node)
			pool[c++] = i;
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

size_t sim_in_flight(const struct sim *sim)
{
	return sim->in_flight;
}

/* The first copy of a fan-out, in send order, at or after `sent` still on
 * its way. */
static uint32_t copy_on_way(const struct fanout *f, uint32_t sent)
{
	while (sent < f->count && f->arrival[sent] < f->next)
		sent++;
	return sent;
}

static bool message_view(const struct sim *sim, uint32_t index, uint32_t copy,
                         struct sim_message_view *view)
{
	const struct message *m;
	uint64_t id;
	uint32_t to;
	uint64_t deliver_us;

	if (index == NIL)
		return false;
	m = &sim->messages[index];
	sim_payload_fill(sim, m->payload);
	id = m->id;
	to = m->to;
	deliver_us = m->deliver_us;
	if (m->fanout != NULL) {
		const struct fanout_copy *c =
		    &m->fanout->copies[m->fanout->arrival[copy]];

		id = sim_fanout_copy_id(m->fanout, c);
		to = c->to;
		deliver_us = c->deliver_us;
	}
	*view = (struct sim_message_view){
	    .cursor = index,
	    .cursor_copy = copy,
	    .id = id,
	    .from = m->from,
	    .to = to,
	    .origin = m->origin,
	    .sent_us = m->sent_us,
	    .deliver_us = deliver_us,
	    .kind = m->kind,
	    .payload = m->payload && m->payload->form == PAYLOAD_STATE
	                   ? &m->payload->vector
	                   : NULL};
	sim_message_view_of(m->kind, m->payload, &m->header, &view->message);
	return true;
}

/* The record at index from its first copy on the way (a fan-out's record
 * stays in the list only while one is). */
static bool record_view(const struct sim *sim, uint32_t index,
                        struct sim_message_view *view)
{
	uint32_t copy = 0;

	if (index != NIL && sim->messages[index].fanout != NULL)
		copy = copy_on_way(sim->messages[index].fanout, 0);
	return message_view(sim, index, copy, view);
}

bool sim_message_first(const struct sim *sim, struct sim_message_view *view)
{
	return record_view(sim, sim->flight_head, view);
}

bool sim_message_next(const struct sim *sim, struct sim_message_view *view)
{
	const struct message *m = &sim->messages[view->cursor];

	if (m->fanout != NULL) {
		uint32_t copy = copy_on_way(m->fanout, view->cursor_copy + 1);

		if (copy < m->fanout->count)
			return message_view(sim, view->cursor, copy, view);
	}
	return record_view(sim, m->next, view);
}
