/*
 * Propagation modes: what a message carries. The strategy decides when a
 * node sends and to whom; the mode decides what goes in the message.
 *
 * state — the sender's whole vector (one snapshot shared by a broadcast).
 *
 * delta — delta-state (Almeida, Shoker & Baquero): a node sends a peer only
 *   the slots that grew since it last sent to that peer. Each node keeps a
 *   clock; a slot that grows is stamped with the clock and with the
 *   neighbour the growth came from. A send to a peer carries the slots
 *   stamped since the last send to it, then ticks the clock. Merging a
 *   delta is the same join as merging a state. With the two refinements of
 *   Enes et al. (2019): a slot is never sent back to the neighbour it came
 *   from (for the relay: what came through the relay does not go back to
 *   it), and only the slots that actually grew are stamped, so a received
 *   delta is stripped of what the receiver knew before it is passed on.
 *   Loss is repaired by numbering the messages of each link: a receiver
 *   that sees a gap answers NACK, and the sender's next message to it is
 *   the whole state. A node that cannot know what a peer has sends the
 *   whole state too: the first time, after it or the peer restarted
 *   (incarnation numbers tell), and after a switch of strategy or mode.
 *   A delta that would encode longer than the state is sent as the state.
 *
 * op — a node turns what it counted since it last sent into one op, "+k at
 *   n_i" (and "-k" in a PN-Counter), and sends every peer each op once.
 *   Receivers add it. Nothing removes a duplicate or resends a loss, so a
 *   duplicated message counts twice and a dropped one never arrives: the
 *   count ends too high or too low.
 *
 * op-reliable — the usual fix: ops are numbered per origin; a receiver
 *   applies op number a+1 after a and nothing else (duplicates and ops out
 *   of order are ignored) and acknowledges how far it got; the origin keeps
 *   every op until all peers acknowledged it and resends from each peer's
 *   acknowledgement (at most SIM_OP_WINDOW a message; through the relay,
 *   the never-sent ops and a resend from the lowest acknowledgement go as
 *   two messages, so one peer down holds back no one else). The state
 *   that costs: per-origin numbers at every node, and a log of ops that
 *   grows while any peer is down (bounded: a log past its share of
 *   SIM_MAX_OP_LOG drops its oldest op, and a peer that still needed it
 *   skips it, flagged by `rebase`).
 *
 * Switching into an op mode: each node's first op is absolute ("my own
 * counts are at least up and down", applied by max), handing over what
 * state or delta had not spread. Ops are numbered per origin for the life
 * of the world, so ops of an earlier op mode still on their way are known
 * as old. Op modes need durable replicas: sim.c refuses amnesia there.
 *
 * Wire forms, as counted in bytes_sent (integers are LEB128 varints). The
 * state mode sends the crdt/ encoding, which describes itself (magic,
 * version, slot count) so that any node can read it. The other modes run
 * a session between peers that know the slot count: one kind byte (which
 * also says whether an incarnation follows) and a number begin each
 * message.
 *   state       magic, version, slot count, slots
 *   delta       kind, link number, [incarnation], then every slot (the
 *               whole state), or a pair count and (slot, value) pairs
 *   ops         kind, first op's number, origin, op count, then
 *               per op its up (and in a PN-Counter its down)
 *   ack, nack   kind, worker it is for, number
 *   pull        SIM_REQUEST_BYTES
 */
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "util/fatal.h"
#include "sim/sim-struct.h"
#include "sim/spread.h"
#include "sim/strategy.h"

/* Ops one message carries at most (op-reliable resends). */
#define SIM_OP_WINDOW 64
/* Ops held in every node's log at most (op-reliable, a peer down). */
#define SIM_MAX_OP_LOG (1u << 22)

static const char *const mode_names[MODE_COUNT] = {
    [MODE_STATE] = "state",
    [MODE_DELTA] = "delta",
    [MODE_OP] = "op",
    [MODE_OP_RELIABLE] = "op-reliable",
};

static const char *const mode_summaries[MODE_COUNT] = {
    [MODE_STATE] = "the whole vector travels: simple, and messages grow "
                   "with the number of nodes",
    [MODE_DELTA] = "only the slots a peer may lack travel; a gap in a "
                   "link's numbers asks for the whole state",
    [MODE_OP] = "each op (+k at a node) travels once: a duplicate counts "
                "twice, a loss is never repaired",
    [MODE_OP_RELIABLE] = "ops numbered per origin: receivers drop "
                         "duplicates and acknowledge, senders resend; "
                         "costs a log and numbers per peer",
};

const char *sim_mode_name(enum sim_mode mode)
{
	return (unsigned)mode < MODE_COUNT ? mode_names[mode] : "unknown";
}

const char *sim_mode_summary(enum sim_mode mode)
{
	return (unsigned)mode < MODE_COUNT ? mode_summaries[mode] : "";
}

bool sim_mode_find(const char *name, enum sim_mode *mode)
{
	for (int m = 0; m < MODE_COUNT; m++)
		if (strcmp(name, mode_names[m]) == 0) {
			*mode = (enum sim_mode)m;
			return true;
		}
	return false;
}

static bool is_op_mode(enum sim_mode mode)
{
	return mode == MODE_OP || mode == MODE_OP_RELIABLE;
}

bool sim_mode_fits_strategy(enum sim_mode mode, const struct strategy *strategy)
{
	return !is_op_mode(mode) || strategy->reaches_all;
}

/* --- tables ----------------------------------------------------------------
 */

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

static struct mode_tables *tables(struct sim *sim)
{
	struct mode_tables *t = sim->mode;
	size_t n = sim->n, cells = n * sim->v, links = n * (n + 1),
	       pairs = n * n;

	if (t != NULL)
		return t;
	t = sim->mode = xcalloc(1, sizeof *t);
	t->clock = xcalloc(n, sizeof *t->clock);
	t->slot_seq = xcalloc(cells, sizeof *t->slot_seq);
	t->slot_src = xcalloc(cells, sizeof *t->slot_src);
	t->sent_from = xcalloc(links, sizeof *t->sent_from);
	t->link_seq = xcalloc(links, sizeof *t->link_seq);
	t->got = xcalloc(pairs, sizeof *t->got);
	t->got_inc = xcalloc(pairs, sizeof *t->got_inc);
	t->applied = xcalloc(pairs, sizeof *t->applied);
	t->acked = xcalloc(pairs, sizeof *t->acked);
	t->log = xcalloc(n, sizeof *t->log);
	return t;
}

void mode_free(struct sim *sim)
{
	struct mode_tables *t = sim->mode;

	if (t == NULL)
		return;
	for (uint32_t i = 0; i < sim->n; i++)
		free(t->log[i].ops);
	free(t->log);
	free(t->clock);
	free(t->slot_seq);
	free(t->slot_src);
	free(t->sent_from);
	free(t->link_seq);
	free(t->got);
	free(t->got_inc);
	free(t->applied);
	free(t->acked);
	free(t);
	sim->mode = NULL;
}

/* --- delta -----------------------------------------------------------------
 */

/* The node forgets what it knew of its links: every next send is the
 * whole state, and it expects nothing in particular from anyone. */
static void delta_forget(struct sim *sim, uint32_t node)
{
	struct mode_tables *t = sim->mode;

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
	struct mode_tables *t = sim->mode;
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

void mode_slot_grew(struct sim *sim, uint32_t node, uint32_t s, uint32_t src)
{
	struct mode_tables *t = sim->mode;

	if (sim->config.mode != MODE_DELTA)
		return;
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
	struct mode_tables *t = sim->mode;
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
	    pairs >= gcounter_encoded_size(&sim->nodes[from].vector) -
	                 codec_header_size(sim->v)) {
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
	struct mode_tables *t = sim->mode;
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

static size_t delta_receive(struct sim *sim, const struct message *m)
{
	const struct payload *p = m->payload;
	size_t grew = 0;

	if (p != NULL && p->form == PAYLOAD_STATE)
		grew = sim_merge_state(sim, m->to, &p->vector, m->from);
	else if (p != NULL && p->form == PAYLOAD_DELTA)
		for (uint32_t i = 0; i < p->count; i++)
			grew += sim_cell_receive(sim, m->to, p->index[i],
			                         p->slots[i], m->from);
	if (sim->config.mode == MODE_DELTA)
		delta_track(sim, m);
	return grew;
}

/* --- ops -------------------------------------------------------------------
 */

static uint64_t log_last(const struct op_log *log)
{
	return log->base + log->len;
}

static void log_drop_oldest(struct sim *sim, struct op_log *log, size_t k)
{
	log->start += k;
	log->len -= k;
	log->base += k;
	sim->mode->log_total -= k;
	if (log->len == 0)
		log->start = 0;
}

static void log_append(struct sim *sim, struct op_log *log, struct op op)
{
	if (log->start + log->len == log->cap) {
		if (log->start > log->len) {
			memmove(log->ops, &log->ops[log->start],
			        log->len * sizeof *log->ops);
			log->start = 0;
		} else {
			log->cap = log->cap ? log->cap * 2 : 16;
			log->ops =
			    xrealloc(log->ops, log->cap, sizeof *log->ops);
		}
	}
	log->ops[log->start + log->len++] = op;
	sim->mode->log_total++;
}

/* The lowest count of this node's ops some peer acknowledged (or, in op
 * mode, was sent); the log keeps only what lies above it. */
static uint64_t least_acked(const struct sim *sim, uint32_t node)
{
	const struct mode_tables *t = sim->mode;
	uint64_t least = log_last(&t->log[node]);

	for (uint32_t j = 0; j < sim->n; j++)
		if (j != node && t->acked[pair_at(sim, node, j)] < least)
			least = t->acked[pair_at(sim, node, j)];
	return least;
}

static void log_trim(struct sim *sim, uint32_t node)
{
	struct op_log *log = &sim->mode->log[node];
	uint64_t least = least_acked(sim, node);

	if (least > log->base)
		log_drop_oldest(sim, log, (size_t)(least - log->base));
}

void mode_counted(struct sim *sim, uint32_t node, uint64_t amount,
                  bool decrement)
{
	struct op_log *log;

	if (!is_op_mode(sim->config.mode))
		return;
	log = &sim->mode->log[node];
	if (decrement)
		log->pending_down += amount;
	else
		log->pending_up += amount;
}

/* What the node counted since it last sent becomes one numbered op. */
static void op_cut(struct sim *sim, uint32_t node)
{
	struct op_log *log = &sim->mode->log[node];

	if (log->pending_up == 0 && log->pending_down == 0)
		return;
	/* A log that holds its share of SIM_MAX_OP_LOG (a peer down for
	 * long) drops its oldest op, for good: a peer that still needed it
	 * skips it when it next hears from this node (ops_lost). */
	if (log->len > 0 && log->len >= SIM_MAX_OP_LOG / sim->n)
		log_drop_oldest(sim, log, 1);
	log_append(
	    sim, log,
	    (struct op){.up = log->pending_up, .down = log->pending_down});
	log->pending_up = log->pending_down = 0;
}

/* Sends ops first .. first+count-1 of node `from` to `to`. */
static void op_send_range(struct sim *sim, enum sim_message_kind kind,
                          uint32_t from, uint32_t to, uint64_t first,
                          uint64_t last)
{
	struct op_log *log = &sim->mode->log[from];
	bool pn = sim->v > sim->n;
	uint32_t count;
	struct header header = {0};
	struct payload *p;
	size_t bytes;

	if (first <= log->base) {
		first = log->base + 1; /* what it needs is gone */
		header.rebase = true;
	}
	if (first > last)
		return;
	count = (uint32_t)(last - first + 1 < SIM_OP_WINDOW ? last - first + 1
	                                                    : SIM_OP_WINDOW);
	header.seq = first;
	p = sim_payload_new(sim, PAYLOAD_OPS, 3 * count);
	p->count = count;
	bytes = codec_varint_size(from) + codec_varint_size(count);
	for (uint32_t i = 0; i < count; i++) {
		struct op op =
		    log->ops[log->start + (first - log->base - 1) + i];

		p->slots[3 * i] = op.up;
		p->slots[3 * i + 1] = op.down;
		p->slots[3 * i + 2] = op.absolute;
		p->up += op.up;
		p->down += op.down;
		p->absolute += op.absolute;
		/* up carries the absolute flag in its low bit */
		bytes += codec_varint_size(op.up << 1) +
		         (pn ? codec_varint_size(op.down) : 0);
	}
	p->bytes = (uint32_t)bytes;
	if (to == SIM_RELAY && first + count - 1 > log->relay_sent)
		log->relay_sent = first + count - 1;
	if (sim->config.mode == MODE_OP) {
		/* Sent once: mark it sent, as if acknowledged. */
		struct mode_tables *t = sim->mode;

		for (uint32_t j = 0; j < sim->n; j++)
			if (j != from && (to == SIM_RELAY || j == to) &&
			    t->acked[pair_at(sim, from, j)] < first + count - 1)
				t->acked[pair_at(sim, from, j)] =
				    first + count - 1;
		log_trim(sim, from);
	}
	sim_send_with(sim, kind, from, to, from, p, &header);
	payload_release(sim, p);
}

/*
 * To a worker: its ops from the peer's acknowledgement on. To the relay,
 * whose fan-out reaches every worker: the ops never sent through it, and
 * (op-reliable) a second message resending from the lowest
 * acknowledgement, so that one peer down or deaf does not hold back the
 * others' news.
 */
static void op_send(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                    uint32_t to)
{
	struct mode_tables *t = sim->mode;
	struct op_log *log = &t->log[from];
	uint64_t sent, last;

	op_cut(sim, from);
	last = log_last(log);
	if (to != SIM_RELAY) {
		op_send_range(sim, kind, from, to,
		              t->acked[pair_at(sim, from, to)] + 1, last);
		return;
	}
	sent = log->relay_sent;
	op_send_range(sim, kind, from, to, sent + 1, last);
	if (sim->config.mode == MODE_OP_RELIABLE &&
	    least_acked(sim, from) < sent)
		op_send_range(sim, kind, from, to, least_acked(sim, from) + 1,
		              sent);
}

/* Applies one op of `origin` at node `to`: its up, down and absolute
 * flag, as a payload holds them. */
static size_t op_apply(struct sim *sim, uint32_t to, uint32_t origin,
                       const uint64_t *op, uint32_t src)
{
	const uint64_t *cells = sim->nodes[to].vector.slots;
	uint32_t p = origin, n = sim->n + origin;
	size_t grew = 0;

	sim->stats.ops_applied++;
	if (op[2]) /* at least this much: a max, like a merge */
		return sim_cell_receive(sim, to, p, op[0], src) +
		       (sim->v > sim->n
		            ? sim_cell_receive(sim, to, n, op[1], src)
		            : 0);
	if (op[0] > 0)
		grew += sim_cell_receive(sim, to, p, cells[p] + op[0], src);
	if (op[1] > 0)
		grew += sim_cell_receive(sim, to, n, cells[n] + op[1], src);
	return grew;
}

static size_t op_receive(struct sim *sim, const struct message *m)
{
	struct mode_tables *t = sim->mode;
	const struct payload *p = m->payload;
	const struct header *h = &m->header;
	size_t pair = pair_at(sim, m->to, m->origin), grew = 0;
	uint64_t applied;

	if (sim->config.mode != MODE_OP_RELIABLE) {
		/* Plain op applies every copy, but not ops numbered before
		 * this mode began (resends of an earlier op-reliable still on
		 * their way): the hand-over carried those. */
		for (uint32_t i = 0; i < p->count; i++)
			if (h->seq + i > t->applied[pair])
				grew += op_apply(sim, m->to, m->origin,
				                 &p->slots[3 * i], m->from);
		return grew;
	}
	applied = t->applied[pair];
	if (h->rebase && h->seq > applied + 1) {
		/* What this node missed is gone from the origin's log. */
		sim->stats.ops_lost += h->seq - applied - 1;
		applied = h->seq - 1;
	}
	for (uint32_t i = 0; i < p->count; i++) {
		if (h->seq + i != applied + 1) {
			sim->stats.ops_ignored++;
			continue;
		}
		grew +=
		    op_apply(sim, m->to, m->origin, &p->slots[3 * i], m->from);
		applied++;
	}
	t->applied[pair] = applied;
	sim->reply =
	    (struct reply){.due = true,
	                   .kind = MSG_ACK,
	                   .to = m->from,
	                   .header = {.seq = applied, .dest = m->origin}};
	return grew;
}

static void op_acked(struct sim *sim, const struct message *m)
{
	struct mode_tables *t = sim->mode;
	size_t pair = pair_at(sim, m->to, m->origin);
	const struct header *h = &m->header;

	if (sim->config.mode != MODE_OP_RELIABLE)
		return;
	if (h->seq > t->acked[pair])
		t->acked[pair] = h->seq;
	log_trim(sim, m->to);
}

/*
 * Ops numbering starts here: nothing pending, every peer up to date with
 * what was numbered before. Each node's first op hands over its own counts
 * as they are (an absolute op), so that what state or delta had not yet
 * spread is not left behind by a switch.
 */
static void op_start_all(struct sim *sim)
{
	struct mode_tables *t = sim->mode;

	for (uint32_t i = 0; i < sim->n; i++) {
		struct op_log *log = &t->log[i];
		const uint64_t *own = sim->nodes[i].vector.slots;
		struct op handover = {.up = own[i], .absolute = true};

		log_drop_oldest(sim, log, log->len);
		log->pending_up = log->pending_down = 0;
		if (sim->v > sim->n)
			handover.down = own[sim->n + i];
		if (handover.up > 0 || handover.down > 0)
			log_append(sim, log, handover);
	}
	for (uint32_t i = 0; i < sim->n; i++) {
		t->log[i].relay_sent = t->log[i].base;
		for (uint32_t j = 0; j < sim->n; j++) {
			size_t pair = pair_at(sim, i, j);

			/* (base counts the hand-over as not yet sent) */
			t->applied[pair] = t->log[j].base;
			t->acked[pair] = t->log[i].base;
		}
	}
}

/* Out of the op modes: the logs are history (their numbering goes on). */
static void op_stop_all(struct sim *sim)
{
	struct mode_tables *t = sim->mode;

	for (uint32_t i = 0; i < sim->n; i++) {
		log_drop_oldest(sim, &t->log[i], t->log[i].len);
		free(t->log[i].ops);
		t->log[i].ops = NULL;
		t->log[i].cap = 0;
		t->log[i].pending_up = t->log[i].pending_down = 0;
	}
}

/* --- what sim.c calls --------------------------------------------------------
 */

void mode_enter(struct sim *sim, enum sim_mode mode)
{
	sim->config.mode = mode;
	if (sim->mode != NULL && !is_op_mode(mode))
		op_stop_all(sim);
	if (mode == MODE_STATE)
		return;
	tables(sim);
	if (mode == MODE_DELTA)
		delta_forget_all(sim);
	else
		op_start_all(sim);
}

void mode_start(struct sim *sim)
{
	mode_enter(sim, sim->config.mode);
}

void mode_strategy_changed(struct sim *sim)
{
	/* Links run differently now (say, through the relay, or not): a
	 * delta node cannot know what its new peers have. */
	if (sim->config.mode == MODE_DELTA)
		delta_forget_all(sim);
}

/* In op modes only durable restarts happen (sim.c refuses amnesia), and
 * the op log, the numbers and the vector are on disk: only delta's link
 * knowledge is lost. */
void mode_node_restarted(struct sim *sim, uint32_t node)
{
	delta_forget(sim, node);
}

size_t mode_deliver(struct sim *sim, const struct message *m)
{
	switch (m->kind) {
	case MSG_ACK:
		op_acked(sim, m);
		return 0;
	case MSG_NACK:
		if (sim->config.mode == MODE_DELTA)
			sim->mode->sent_from[link_at(
			    sim, m->to,
			    m->from == SIM_RELAY ? SIM_RELAY : m->origin)] = 0;
		return 0;
	case MSG_PULL:
		return 0;
	default:
		break;
	}
	if (m->payload == NULL)
		return 0;
	if (m->payload->form == PAYLOAD_OPS)
		return is_op_mode(sim->config.mode) ? op_receive(sim, m) : 0;
	return delta_receive(sim, m);
}

void sim_send_state(struct sim *sim, enum sim_message_kind kind, uint32_t from,
                    uint32_t to)
{
	struct payload *p;

	switch (sim->config.mode) {
	case MODE_DELTA:
		delta_send(sim, kind, from, to);
		return;
	case MODE_OP:
	case MODE_OP_RELIABLE:
		op_send(sim, kind, from, to);
		return;
	default:
		p = sim_snapshot(sim, from);
		sim_send(sim, kind, from, to, from, p);
		payload_release(sim, p);
		return;
	}
}

void sim_broadcast(struct sim *sim, uint32_t node)
{
	for (uint32_t to = 0; to < sim->n; to++)
		if (to != node)
			sim_send_state(sim, MSG_STATE, node, to);
	sim->nodes[node].changes_since_send = 0;
}

/* --- views and sizes
 * ----------------------------------------------------------- */

uint32_t mode_message_bytes(enum sim_message_kind kind,
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

void mode_view(enum sim_message_kind kind, const struct payload *payload,
               const struct header *header, struct sim_payload_view *view)
{
	*view = (struct sim_payload_view){
	    .form = PAYLOAD_NONE,
	    .seq = header->seq,
	    .dest = header->dest,
	    .bytes = mode_message_bytes(kind, payload, header)};
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

uint64_t sim_op_log_length(const struct sim *sim, uint32_t node)
{
	return sim->mode != NULL ? sim->mode->log[node].len : 0;
}

uint64_t sim_mode_state_bytes(const struct sim *sim, uint32_t node)
{
	uint64_t n = sim->n;

	switch (sim->config.mode) {
	case MODE_DELTA:
		/* a clock; per slot a stamp and a source; per link a clock
		 * and a number; per origin a number and an incarnation */
		return 8 + sim->v * 12ULL + (n + 1) * 16 + n * 12;
	case MODE_OP:
		return 16 + sim_op_log_length(sim, node) * 16 + n * 8;
	case MODE_OP_RELIABLE:
		return 16 + sim_op_log_length(sim, node) * 16 + n * 24;
	default:
		return 0;
	}
}
