/*
 * The op modes, which share a log of ops and their numbers.
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
 * as old. Op modes need durable replicas (the engine refuses amnesia).
 *
 * Wire form (integers are LEB128 varints): kind, first op's number,
 * origin, op count, then per op its up (and in a PN-Counter its down).
 * This file owns the op tables; no other reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "crdt/codec.h"
#include "sim/hash.h"
#include "sim/mode.h"
#include "sim/sim-struct.h"
#include "util/fatal.h"

/* Ops one message carries at most (op-reliable resends). */
#define SIM_OP_WINDOW 64
/* Ops held in every node's log at most (op-reliable, a peer down). */
#define SIM_MAX_OP_LOG (1u << 22)

/* An op: "+up at n_i, -down at n_i" (down only in a PN-Counter). An
 * absolute op says "n_i's own counts are at least up and down": the first
 * op after a switch into an op mode, so that what state had not spread yet
 * is carried too (applied by max, so it can never count twice). */
struct op {
	uint64_t up, down;
	bool absolute;
};

/* A node's own ops not yet sent to (op) or acknowledged by (op-reliable)
 * every peer: numbers base+1 .. base+len, at ops[start ..]. */
struct op_log {
	struct op *ops;
	size_t start, len, cap;
	uint64_t base;
	uint64_t pending_up, pending_down; /* counted, not yet an op */
	uint64_t relay_sent; /* the last op sent through the relay */
};

/* What the op modes keep, allocated when the world first enters one and
 * kept after (ops are numbered for the life of the world). */
struct op_tables {
	/* n x n: ops of the origin applied in order (op-reliable); in op,
	 * the origin's last op numbered before the mode began */
	uint64_t *applied;
	/* n x n: ops of mine the peer acknowledged (op-reliable) or was
	 * sent (op) */
	uint64_t *acked;
	struct op_log *log; /* n */
	uint64_t log_total; /* ops held in every log */
};

static struct op_tables *tables_of(const struct sim *sim)
{
	return sim->mode_state[MODE_OP];
}

static bool reliable(const struct sim *sim)
{
	return sim->mode->numbered;
}

/* What `node` keeps about `peer`. */
static size_t pair_at(const struct sim *sim, uint32_t node, uint32_t peer)
{
	return (size_t)node * sim->n + peer;
}

static struct op_tables *tables(struct sim *sim)
{
	struct op_tables *t = tables_of(sim);
	size_t n = sim->n, pairs = n * n;

	if (t != NULL)
		return t;
	t = xcalloc(1, sizeof *t);
	sim->mode_state[MODE_OP] = t;
	t->applied = xcalloc(pairs, sizeof *t->applied);
	t->acked = xcalloc(pairs, sizeof *t->acked);
	t->log = xcalloc(n, sizeof *t->log);
	return t;
}

static void op_free(struct sim *sim)
{
	struct op_tables *t = tables_of(sim);

	if (t == NULL)
		return;
	for (uint32_t i = 0; i < sim->n; i++)
		free(t->log[i].ops);
	free(t->log);
	free(t->applied);
	free(t->acked);
	free(t);
	sim->mode_state[MODE_OP] = NULL;
}

static uint64_t log_last(const struct op_log *log)
{
	return log->base + log->len;
}

static void log_drop_oldest(struct sim *sim, struct op_log *log, size_t k)
{
	log->start += k;
	log->len -= k;
	log->base += k;
	tables_of(sim)->log_total -= k;
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
	tables_of(sim)->log_total++;
}

/* The lowest count of this node's ops some peer acknowledged (or, in op
 * mode, was sent); the log keeps only what lies above it. */
static uint64_t least_acked(const struct sim *sim, uint32_t node)
{
	const struct op_tables *t = tables_of(sim);
	uint64_t least = log_last(&t->log[node]);

	for (uint32_t j = 0; j < sim->n; j++)
		if (j != node && t->acked[pair_at(sim, node, j)] < least)
			least = t->acked[pair_at(sim, node, j)];
	return least;
}

static void log_trim(struct sim *sim, uint32_t node)
{
	struct op_log *log = &tables_of(sim)->log[node];
	uint64_t least = least_acked(sim, node);

	if (least > log->base)
		log_drop_oldest(sim, log, (size_t)(least - log->base));
}

static void op_counted(struct sim *sim, uint32_t node, uint64_t amount,
                       bool decrement)
{
	struct op_log *log = &tables_of(sim)->log[node];

	if (decrement)
		log->pending_down += amount;
	else
		log->pending_up += amount;
}

/* What the node counted since it last sent becomes one numbered op. */
static void op_cut(struct sim *sim, uint32_t node)
{
	struct op_log *log = &tables_of(sim)->log[node];

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
	struct op_log *log = &tables_of(sim)->log[from];
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
	if (!reliable(sim)) {
		/* Sent once: mark it sent, as if acknowledged. */
		struct op_tables *t = tables_of(sim);

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
	struct op_tables *t = tables_of(sim);
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
	if (reliable(sim) && least_acked(sim, from) < sent)
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

/* Plain op applies every copy, but not ops numbered before this mode
 * began (resends of an earlier op-reliable still on their way): the
 * hand-over carried those. */
static size_t op_receive(struct sim *sim, const struct message *m)
{
	struct op_tables *t = tables_of(sim);
	const struct payload *p = m->payload;
	const struct header *h = &m->header;
	size_t pair = pair_at(sim, m->to, m->origin), grew = 0;

	for (uint32_t i = 0; i < p->count; i++)
		if (h->seq + i > t->applied[pair])
			grew += op_apply(sim, m->to, m->origin,
			                 &p->slots[3 * i], m->from);
	return grew;
}

static size_t op_reliable_receive(struct sim *sim, const struct message *m)
{
	struct op_tables *t = tables_of(sim);
	const struct payload *p = m->payload;
	const struct header *h = &m->header;
	size_t pair = pair_at(sim, m->to, m->origin), grew = 0;
	uint64_t applied = t->applied[pair];

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
	struct op_tables *t = tables_of(sim);
	size_t pair = pair_at(sim, m->to, m->origin);
	const struct header *h = &m->header;

	if (h->seq > t->acked[pair])
		t->acked[pair] = h->seq;
	log_trim(sim, m->to);
}

/* A state or delta still on its way from an earlier mode merges; ops go
 * to the mode's own receive. */
static size_t op_deliver(struct sim *sim, const struct message *m)
{
	if (m->kind == MSG_ACK || m->kind == MSG_NACK || m->kind == MSG_PULL ||
	    m->payload == NULL)
		return 0;
	if (m->payload->form == PAYLOAD_OPS)
		return op_receive(sim, m);
	return sim_merge_payload(sim, m->to, m->payload, m->from);
}

static size_t op_reliable_deliver(struct sim *sim, const struct message *m)
{
	if (m->kind == MSG_ACK) {
		op_acked(sim, m);
		return 0;
	}
	if (m->kind == MSG_NACK || m->kind == MSG_PULL || m->payload == NULL)
		return 0;
	if (m->payload->form == PAYLOAD_OPS)
		return op_reliable_receive(sim, m);
	return sim_merge_payload(sim, m->to, m->payload, m->from);
}

/*
 * Ops numbering starts here: nothing pending, every peer up to date with
 * what was numbered before. Each node's first op hands over its own counts
 * as they are (an absolute op), so that what state or delta had not yet
 * spread is not left behind by a switch.
 */
static void op_enter(struct sim *sim)
{
	struct op_tables *t = tables(sim);

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

/* Out of the op modes: the logs are history (their numbering goes on).
 * Into the other op mode, op_enter empties them just the same. */
static void op_leave(struct sim *sim)
{
	struct op_tables *t = tables_of(sim);

	for (uint32_t i = 0; i < sim->n; i++) {
		log_drop_oldest(sim, &t->log[i], t->log[i].len);
		free(t->log[i].ops);
		t->log[i].ops = NULL;
		t->log[i].cap = 0;
		t->log[i].pending_up = t->log[i].pending_down = 0;
	}
}

static uint64_t op_log_length(const struct sim *sim, uint32_t node)
{
	return tables_of(sim)->log[node].len;
}

static uint64_t op_state_bytes(const struct sim *sim, uint32_t node)
{
	return 16 + op_log_length(sim, node) * 16 + sim->n * 8ULL;
}

static uint64_t op_reliable_state_bytes(const struct sim *sim, uint32_t node)
{
	return 16 + op_log_length(sim, node) * 16 + sim->n * 24ULL;
}

/* --- checkpoints ------------------------------------------------------- */

/* A log holds its ops from index 0, in an array just as long. */
static void copy_log(struct op_log *dst, const struct op_log *src)
{
	*dst = *src;
	dst->start = 0;
	dst->cap = src->len;
	dst->ops = NULL;
	if (src->len > 0) {
		dst->ops = xmalloc(src->len * sizeof *dst->ops);
		memcpy(dst->ops, &src->ops[src->start],
		       src->len * sizeof *dst->ops);
	}
}

static void op_copy(struct sim *dst, const struct sim *src)
{
	const struct op_tables *t = tables_of(src);
	struct op_tables *c;
	size_t pairs = (size_t)src->n * src->n;

	if (t == NULL)
		return;
	c = xcalloc(1, sizeof *c);
	c->applied = xmalloc(pairs * sizeof *c->applied);
	memcpy(c->applied, t->applied, pairs * sizeof *c->applied);
	c->acked = xmalloc(pairs * sizeof *c->acked);
	memcpy(c->acked, t->acked, pairs * sizeof *c->acked);
	c->log = xcalloc(src->n, sizeof *c->log);
	for (uint32_t i = 0; i < src->n; i++)
		copy_log(&c->log[i], &t->log[i]);
	c->log_total = t->log_total;
	dst->mode_state[MODE_OP] = c;
}

static uint64_t op_hash(const struct sim *sim, uint64_t h)
{
	const struct op_tables *t = tables_of(sim);
	size_t pairs = (size_t)sim->n * sim->n;

	h = hash_bool(h, t != NULL);
	if (t == NULL)
		return h;
	h = hash_u64s(h, t->applied, pairs);
	h = hash_u64s(h, t->acked, pairs);
	for (uint32_t i = 0; i < sim->n; i++) {
		const struct op_log *log = &t->log[i];

		/* The ops in order: where they start in the array is not
		 * state. */
		h = hash_u64(h, log->len);
		for (size_t k = 0; k < log->len; k++) {
			const struct op *op = &log->ops[log->start + k];

			h = hash_u64(h, op->up);
			h = hash_u64(h, op->down);
			h = hash_bool(h, op->absolute);
		}
		h = hash_u64(h, log->base);
		h = hash_u64(h, log->pending_up);
		h = hash_u64(h, log->pending_down);
		h = hash_u64(h, log->relay_sent);
	}
	return hash_u64(h, t->log_total);
}

static size_t op_memory_bytes(const struct sim *sim)
{
	const struct op_tables *t = tables_of(sim);
	size_t pairs = (size_t)sim->n * sim->n, bytes;

	if (t == NULL)
		return 0;
	bytes =
	    sizeof *t + pairs * 2 * sizeof(uint64_t) + sim->n * sizeof *t->log;
	for (uint32_t i = 0; i < sim->n; i++)
		bytes += t->log[i].len * sizeof(struct op);
	return bytes;
}

const struct mode mode_op = {
    .name = "op",
    .summary = "each op (+k at a node) travels once: a duplicate counts "
               "twice, a loss is never repaired",
    .sends = "its new ops",
    .sends_as = "them",
    .behind = ": ops yet to come, or lost for good (plain op never "
              "resends)",
    .behind_brief = ": ops yet to come, or lost",
    .sends_ops = true,
    .counts_duplicates = true,
    .needs_durable = true,
    .needs_reach_all = true,
    .keeps_bookkeeping = true,
    .enter = op_enter,
    .leave = op_leave,
    .counted = op_counted,
    .deliver = op_deliver,
    .send = op_send,
    .state_bytes = op_state_bytes,
    .op_log_length = op_log_length,
    .free = op_free,
    .copy = op_copy,
    .hash = op_hash,
    .memory_bytes = op_memory_bytes,
};

const struct mode mode_op_reliable = {
    .name = "op-reliable",
    .summary = "ops numbered per origin: receivers drop duplicates and "
               "acknowledge, senders resend; costs a log and numbers per "
               "peer",
    .sends = "its numbered ops",
    .sends_as = "them",
    .behind = ": ops yet to come (resent until acknowledged)",
    .behind_brief = ": ops yet to come",
    .sends_ops = true,
    .numbered = true,
    .needs_durable = true,
    .needs_reach_all = true,
    .keeps_bookkeeping = true,
    .shows_log = true,
    .enter = op_enter,
    .leave = op_leave,
    .counted = op_counted,
    .deliver = op_reliable_deliver,
    .send = op_send,
    .state_bytes = op_reliable_state_bytes,
    .op_log_length = op_log_length,
    .free = op_free,
    .copy = op_copy,
    .hash = op_hash,
    .memory_bytes = op_memory_bytes,
};
