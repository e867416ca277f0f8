/*
 * The real-nodes world's network: messages between nodes in flight with
 * their latency, the drop and duplicate dice, partitions both ways and one
 * way, loss at a down node; and the one way a line reaches a program. It
 * never judges what a node said (mworld-out.c does): it reads a line only
 * to show its body.
 */
#include "maelstrom/mworld-internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maelstrom/mmsg.h"

/* Keeps the first thing a node did wrong: later ones often follow from it. */
void mw_problem(struct mworld *w, uint32_t node, const char *fmt, ...)
{
	va_list ap;

	if (w->nodes[node].problem[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(w->nodes[node].problem, sizeof w->nodes[node].problem, fmt,
	          ap);
	va_end(ap);
}

void mw_push(struct mworld *w, uint64_t t, enum ev_kind kind, uint32_t arg,
             uint32_t generation)
{
	sim_queue_push(&w->queue, t, (uint32_t)kind, arg, generation);
}

void mw_deliver_line(struct mworld *w, uint32_t node, const char *line,
                     const json_t *body)
{
	mmsg_abbrev(body, w->nodes[node].last_in,
	            sizeof w->nodes[node].last_in);
	if (w->io != NULL && w->io->deliver != NULL)
		w->io->deliver(w->ctx, node, line);
}

static uint32_t flight_take(struct mworld *w)
{
	uint32_t i;

	if (w->free_flight == NIL) {
		uint32_t old = w->flight_cap;

		w->flight_cap = old ? old * 2 : 64;
		w->flights =
		    realloc(w->flights, w->flight_cap * sizeof *w->flights);
		if (w->flights == NULL)
			abort();
		for (uint32_t k = w->flight_cap; k-- > old;) {
			w->flights[k] =
			    (struct flight){.next_free = w->free_flight};
			w->free_flight = k;
		}
	}
	i = w->free_flight;
	w->free_flight = w->flights[i].next_free;
	return i;
}

static void flight_put(struct mworld *w, uint32_t i)
{
	w->flight_bytes -= w->flights[i].len;
	free(w->flights[i].line);
	w->flights[i] = (struct flight){.next_free = w->free_flight};
	w->free_flight = i;
	w->in_flight--;
}

static void send_copy(struct mworld *w, uint32_t from, uint32_t to,
                      const char *line, size_t len)
{
	uint32_t i;
	struct flight *f;

	if (w->in_flight >= MWORLD_MAX_IN_FLIGHT ||
	    w->flight_bytes + len > MWORLD_MAX_FLIGHT_BYTES) {
		w->stats.refused++;
		return;
	}
	i = flight_take(w);
	f = &w->flights[i];
	f->live = true;
	f->from = from;
	f->to = to;
	f->sent_us = w->now;
	f->deliver_us = w->now + w->net.latency_us +
	                rng_below(&w->net_rng, w->net.jitter_us + 1);
	f->line = malloc(len + 1);
	if (f->line == NULL)
		abort();
	memcpy(f->line, line, len);
	f->line[len] = '\0';
	w->in_flight++;
	w->flight_bytes += len;
	f->len = len;
	mw_push(w, f->deliver_us, EV_DELIVER, i, 0);
}

static bool cannot_send(enum sim_partition p)
{
	return p == PARTITION_NO_SEND || p == PARTITION_BOTH;
}

static bool cannot_receive(enum sim_partition p)
{
	return p == PARTITION_NO_RECEIVE || p == PARTITION_BOTH;
}

enum sim_partition mw_partition_of(const struct mworld *w, uint32_t node)
{
	const struct wnode *n = &w->nodes[node];
	enum sim_partition p = PARTITION_NONE;

	if (!w->workload || !w->begun)
		return p; /* healed, or not yet begun */
	if (n->cut_set)
		p = n->cut;
	for (uint32_t i = 0; i < w->config.fault_count; i++) {
		const struct mworld_fault *f = &w->config.faults[i];
		uint64_t at = w->begin_us + f->at_us;

		/* A fault key overrides the cuts scheduled before it. */
		if (f->kind == MFAULT_PARTITION && f->node == node &&
		    at <= w->now && (!n->cut_set || at > n->cut_us))
			p = (enum sim_partition)(p | f->mode);
	}
	return p;
}

void mw_net_send(struct mworld *w, uint32_t from, uint32_t to, const char *line,
                 size_t len)
{
	w->stats.sent++;
	if (cannot_send(mw_partition_of(w, from))) {
		w->stats.lost++;
		return;
	}
	/* Both dice are thrown for every message, so one fault's setting
	 * does not shift the other's draws. */
	bool drop = rng_chance(&w->net_rng, w->net.drop);
	bool dup = rng_chance(&w->net_rng, w->net.duplicate);

	if (drop) {
		w->stats.dropped++;
		return;
	}
	send_copy(w, from, to, line, len);
	if (dup) {
		w->stats.duplicated++;
		send_copy(w, from, to, line, len);
	}
}

void mw_deliver(struct mworld *w, uint32_t slot)
{
	struct flight *f = &w->flights[slot];
	struct wnode *n = &w->nodes[f->to];

	if (!n->up || cannot_receive(mw_partition_of(w, f->to))) {
		w->stats.lost++;
	} else {
		struct mmsg m;

		w->stats.delivered++;
		if (mmsg_parse(f->line, strlen(f->line), &m, NULL, 0) == 0) {
			mw_deliver_line(w, f->to, f->line, m.body);
			mmsg_clear(&m);
		}
	}
	flight_put(w, slot);
}

enum sim_partition mworld_partition(const struct mworld *w, uint32_t node)
{
	return mw_partition_of(w, node);
}

void mworld_net(const struct mworld *w, struct mworld_net *out)
{
	*out = w->net;
}

bool mworld_flight_next(const struct mworld *w, uint32_t *cursor,
                        struct mworld_flight *out)
{
	while (*cursor < w->flight_cap) {
		const struct flight *f = &w->flights[(*cursor)++];

		if (f->live) {
			*out =
			    (struct mworld_flight){.from = f->from,
			                           .to = f->to,
			                           .sent_us = f->sent_us,
			                           .deliver_us = f->deliver_us,
			                           .line = f->line};
			return true;
		}
	}
	return false;
}
