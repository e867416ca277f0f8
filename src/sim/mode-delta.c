/*
 * The delta mode — delta-state (Almeida, Shoker & Baquero): a node sends a
 * peer only the slots that grew since it last sent to that peer. Each node
 * keeps a clock; a slot that grows is stamped with the clock and with the
 * neighbour the growth came from. A send to a peer carries the slots
 * stamped since the last send to it, then ticks the clock. Merging a delta
 * is the same join as merging a state. With the two refinements of Enes
 * et al. (2019): a slot is never sent back to the neighbour it came from
 * (for the relay: what came through the relay does not go back to it),
 * and only the slots that actually grew are stamped, so a received delta
 * is stripped of what the receiver knew before it is passed on.
 *
 * Loss is repaired by numbering the messages of each link: a receiver that
 * sees a gap answers NACK, and the sender's next message to it is the
 * whole state. A node that cannot know what a peer has sends the whole
 * state too: the first time, after it or the peer restarted (incarnation
 * numbers tell), and after a switch of strategy or mode. A delta that
 * would encode longer than the state is sent as the state.
 *
 * Wire form (integers are LEB128 varints): kind, link number,
 * [incarnation], then every slot (the whole state), or a pair count and
 * (slot, value) pairs. This file owns its tables; no other reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "sim/hash.h"
#include "sim/mode.h"
#include "sim/sim-struct.h"
#include "util/fatal.h"

/*
 * What delta keeps, allocated when the world first enters the mode. Links
 * are indexed by peer, with index n for "the relay" (whose fan-out reaches
 * every worker).
 */
struct delta_tables {
	uint64_t *clock;     /* n: each node's delta clock */
	uint64_t *slot_seq;  /* n x v: the clock when the slot last grew */
	uint32_t *slot_src;  /* n x v: the neighbour that growth came from */
	uint64_t *sent_from; /* n x (n+1): slots stamped from this clock on
	                        are news to the peer; 0: send it the whole
	                        state */
	uint64_t *link_seq;  /* n x (n+1): messages sent on the link */
	uint64_t *got;       /* n x n: messages from the origin received in
	                        order (a gap asks for the whole state) */
	uint32_t *got_inc;   /* n x n: the origin's incarnation got is about */
};

static struct delta_tables *tables_of(const struct sim *sim)
{
	return sim->mode_state[MODE_DELTA];
}

static size_t cell_at(const struct sim *sim, uint32_t node, uint32_t s)
{
	return (size_t)node * sim->v + s;
}

/* The link from node to a worker, or to the relay (index n). */
static size_t link_at(const struct sim *sim, uint32_t node, uint32_t to)
{
	return (size_t)node * (sim->n + 1) + (to == SIM_RELAY ? sim->n : to);
}

/* What `node` keeps about `peer`. */
static size_t pair_at(const struct sim *sim, uint32_t node, uint32_t peer)
{
	return (size_t)node * sim->n + peer;
}

static struct delta_tables *tables(struct sim *sim)
{
	struct delta_tables *t = tables_of(sim);
	size_t n = sim->n, cells = n * sim->v, links = n * (n + 1),
	       pairs = n * n;

	if (t != NULL)
		return t;
	t = xcalloc(1, sizeof *t);
	sim->mode_state[MODE_DELTA] = t;
	t->clock = xcalloc(n, sizeof *t->clock);
	t->slot_seq = xcalloc(cells, sizeof *t->slot_seq);
	t->slot_src = xcalloc(cells, sizeof *t->slot_src);
	t->sent_from = xcalloc(links, sizeof *t->sent_from);
	t->link_seq = xcalloc(links, sizeof *t->link_seq);
	t->got = xcalloc(pairs, sizeof *t->got);
	t->got_inc = xcalloc(pairs, sizeof *t->got_inc);
	return t;
}

static void delta_free(struct sim *sim)
{
	struct delta_tables *t = tables_of(sim);

	if (t == NULL)
		return;
	free(t->clock);
	free(t->slot_seq);
	free(t->slot_src);
	free(t->sent_from);
	free(t->link_seq);
	free(t->got);
	free(t->got_inc);
	free(t);
	sim->mode_state[MODE_DELTA] = NULL;
}

/* The node forgets what it knew of its links: every next send is the
 * whole state, and it expects nothing in particular from anyone. */
static void delta_forget(struct sim *sim, uint32_t node)
{
	struct delta_tables *t = tables_of(sim);

	t->clock[node] = 1;
	for (uint32_t s = 0; s < sim->v; s++) {
		t->slot_seq[cell_at(sim, node, s)] = 0;
		t->slot_src[cell_at(sim, node, s)] = NIL;
	}
	for (uint32_t k = 0; k <= sim->n; k++)
		t->sent_from[(size_t)node * (sim->n + 1) + k] = 0;
	for (uint32_t i = 0; i < sim->n; i++) {
		t->got[pair_at(sim, node, i)] = 0;
		t->got_inc[pair_at(sim, node, i)] = sim->nodes[i].incarnation;
	}
}

/*
 * Everyone forgets (a switch of strategy or mode). Links may now run
 * elsewhere (through the relay, or not), and messages of the old ones are
 * still on their way: numbering every link on from above any number used
 * before keeps those from passing for the new links' messages.
 */
static void delta_forget_all(struct sim *sim)
{
	struct delta_tables *t = tables(sim);
	size_t links = (size_t)sim->n * (sim->n + 1);
	uint64_t floor = 0;

	for (size_t k = 0; k < links; k++)
		if (t->link_seq[k] > floor)
			floor = t->link_seq[k];
	for (size_t k = 0; k < links; k++)
		t->link_seq[k] = floor;
	for (uint32_t i = 0; i < sim->n; i++)
		delta_forget(sim, i);
}

static void delta_slot_grew(struct sim *sim, uint32_t node, uint32_t s,
                            uint32_t src)
{
	struct delta_tables *t = tables_of(sim);

	t->slot_seq[cell_at(sim, node, s)] = t->clock[node];
	t->slot_src[cell_at(sim, node, s)] = src;
}

/* The varints of a delta's pairs, were the slots below sent. */
static size_t pairs_size(const uint64_t *cells, const uint32_t *slots,
                         uint32_t count)
{
	size_t size = 0;

	for (uint32_t i = 0; i < count; i++)
		size += codec_varint_size(slots[i]) +
		        codec_varint_size(cells[slots[i]]);
	return size;
}

static void delta_send(struct sim *sim, enum sim_message_kind kind,
                       uint32_t from, uint32_t to)
{
	struct delta_tables *t = tables_of(sim);
	size_t link = link_at(sim, from, to);
	uint64_t since = t->sent_from[link];
	const uint64_t *cells = sim->nodes[from].vector.slots;
	uint32_t *picked = sim->slot_scratch, count = 0;
	size_t pairs;
	struct header header = {.seq = ++t->link_seq[link],
	                        .incarnation = sim->nodes[from].incarnation};
	struct payload *p;

	if (since != 0)
		for (uint32_t s = 0; s < sim->v; s++) {
			size_t c = cell_at(sim, from, s);

			if (t->slot_seq[c] >= since && t->slot_src[c] != to)
				picked[count++] = s;
		}
	/* The whole state when the peer's knowledge is unknown, or when it
	 * encodes no longer than the pairs would. */
	pairs = codec_varint_size(count) + pairs_size(cells, picked, count);
	if (since == 0 ||
	    pairs >= sim_encoded_size(sim, from) - codec_header_size(sim->v)) {
		header.full = true;
		p = sim_snapshot(sim, from);
	} else {
		p = sim_payload_new(sim, PAYLOAD_DELTA, count);
		for (uint32_t i = 0; i < count; i++) {
			p->index[i] = picked[i];
			p->slots[i] = cells[picked[i]];
		}
		p->bytes = (uint32_t)pairs;
	}
	t->sent_from[link] = t->clock[from] + 1;
	t->clock[from]++;
	sim_send_with(sim, kind, from, to, from, p, &header);
	payload_release(sim, p);
}

/* The receiver's side of the link numbers: NACK a gap. */
static void delta_track(struct sim *sim, const struct message *m)
{
	struct delta_tables *t = tables_of(sim);
	size_t pair = pair_at(sim, m->to, m->origin);
	const struct header *h = &m->header;

	if (h->seq == 0 || h->incarnation < t->got_inc[pair])
		return; /* not a delta-mode message, or from a past life */
	if (h->incarnation > t->got_inc[pair]) {
		/* The origin restarted and lost what it knew: everyone it
		 * talks to may now miss something, so send them all the
		 * whole state next. */
		t->got_inc[pair] = h->incarnation;
		t->got[pair] = 0;
		for (uint32_t k = 0; k <= sim->n; k++)
			t->sent_from[(size_t)m->to * (sim->n + 1) + k] = 0;
	}
	if (h->full) {
		if (h->seq > t->got[pair])
			t->got[pair] = h->seq;
	} else if (h->seq == t->got[pair] + 1) {
		t->got[pair] = h->seq;
	} else if (h->seq > t->got[pair] + 1) {
		sim->reply = (struct reply){
		    .due = true,
		    .kind = MSG_NACK,
		    .to = m->from,
		    .header = {.seq = h->seq,
		               .incarnation = sim->nodes[m->to].incarnation,
		               .dest = m->origin}};
	}
}

static size_t delta_deliver(struct sim *sim, const struct message *m)
{
	size_t grew;

	switch (m->kind) {
	case MSG_NACK:
		/* The peer missed something: its next message is the whole
		 * state. */
		tables_of(sim)->sent_from[link_at(
		    sim, m->to, m->from == SIM_RELAY ? SIM_RELAY : m->origin)] =
		    0;
		return 0;
	case MSG_ACK:
	case MSG_PULL:
		return 0;
	default:
		break;
	}
	if (m->payload == NULL || m->payload->form == PAYLOAD_OPS)
		return 0;
	grew = sim_merge_payload(sim, m->to, m->payload, m->from);
	delta_track(sim, m);
	return grew;
}

/* Restarted, the node lost its link knowledge (which is in memory). */
static void delta_node_restarted(struct sim *sim, uint32_t node)
{
	delta_forget(sim, node);
}

/* a clock; per slot a stamp and a source; per link a clock and a number;
 * per origin a number and an incarnation */
static uint64_t delta_state_bytes(const struct sim *sim, uint32_t node)
{
	uint64_t n = sim->n;

	(void)node;
	return 8 + sim->v * 12ULL + (n + 1) * 16 + n * 12;
}

/* --- checkpoints ------------------------------------------------------- */

static void *duplicate(const void *src, size_t count, size_t size)
{
	void *copy = xcalloc(count, size);

	memcpy(copy, src, count * size);
	return copy;
}

static void delta_copy(struct sim *dst, const struct sim *src)
{
	const struct delta_tables *t = tables_of(src);
	struct delta_tables *c;
	size_t n = src->n, cells = n * src->v, links = n * (n + 1),
	       pairs = n * n;

	if (t == NULL)
		return;
	c = xcalloc(1, sizeof *c);
	c->clock = duplicate(t->clock, n, sizeof *t->clock);
	c->slot_seq = duplicate(t->slot_seq, cells, sizeof *t->slot_seq);
	c->slot_src = duplicate(t->slot_src, cells, sizeof *t->slot_src);
	c->sent_from = duplicate(t->sent_from, links, sizeof *t->sent_from);
	c->link_seq = duplicate(t->link_seq, links, sizeof *t->link_seq);
	c->got = duplicate(t->got, pairs, sizeof *t->got);
	c->got_inc = duplicate(t->got_inc, pairs, sizeof *t->got_inc);
	dst->mode_state[MODE_DELTA] = c;
}

static uint64_t delta_hash(const struct sim *sim, uint64_t h)
{
	const struct delta_tables *t = tables_of(sim);
	size_t n = sim->n, cells = n * sim->v, links = n * (n + 1),
	       pairs = n * n;

	/* Never entered and entered are different worlds: entering later
	 * starts from zeroed tables. */
	h = hash_bool(h, t != NULL);
	if (t == NULL)
		return h;
	h = hash_u64s(h, t->clock, n);
	h = hash_u64s(h, t->slot_seq, cells);
	h = hash_u32s(h, t->slot_src, cells);
	h = hash_u64s(h, t->sent_from, links);
	h = hash_u64s(h, t->link_seq, links);
	h = hash_u64s(h, t->got, pairs);
	return hash_u32s(h, t->got_inc, pairs);
}

static size_t delta_memory_bytes(const struct sim *sim)
{
	size_t n = sim->n, cells = n * sim->v, links = n * (n + 1),
	       pairs = n * n;

	if (tables_of(sim) == NULL)
		return 0;
	return sizeof(struct delta_tables) + n * sizeof(uint64_t) +
	       cells * (sizeof(uint64_t) + sizeof(uint32_t)) +
	       links * 2 * sizeof(uint64_t) +
	       pairs * (sizeof(uint64_t) + sizeof(uint32_t));
}

const struct mode mode_delta = {
    .name = "delta",
    .summary = "only the slots a peer may lack travel; a gap in a link's "
               "numbers asks for the whole state",
    .sends = "the slots that grew",
    .sends_as = "them",
    .keeps_bookkeeping = true,
    .enter = delta_forget_all,
    /* Links run differently now (say, through the relay, or not): a
     * delta node cannot know what its new peers have. */
    .strategy_changed = delta_forget_all,
    .node_restarted = delta_node_restarted,
    .slot_grew = delta_slot_grew,
    .deliver = delta_deliver,
    .send = delta_send,
    .state_bytes = delta_state_bytes,
    .free = delta_free,
    .copy = delta_copy,
    .hash = delta_hash,
    .memory_bytes = delta_memory_bytes,
};
