/*
 * The space-time recorder: a ring of the events the diagram draws, fed
 * by the world's records. It keeps words, not pointers (a record's
 * vectors are valid only during the call), and when the ring is full it
 * forgets the oldest. Never changes the world, never prints.
 */
#include "view/spacetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fatal.h"
#include "view/faults.h"
#include "view/glyphs.h"
#include "view/text.h"
#include "view/wire.h"

/* Columns of a vector or a payload in an event's words. */
#define LABEL_COLS 40
/* Past this many nodes no screen's columns are wide enough for a vector
 * (2 columns a slot), so the live recorder keeps none: the words are
 * what a record costs, and a big world makes many records. */
#define WORDS_NODES 24

struct spacetime {
	struct spacetime_event *ring;
	size_t cap, start, count;
	uint64_t forgotten;
	bool utf8;
	/* A windowed recorder: the times it keeps, and what it missed once
	 * full (it keeps the first, never goes round). */
	bool windowed;
	uint64_t from_us, to_us, missed;
	/* Words for everything (the SVG labels every message); else only
	 * what the screen's diagram draws: vectors, for small worlds. */
	bool all_words;
};

struct spacetime *spacetime_new(size_t cap, bool utf8)
{
	struct spacetime *rec = xcalloc(1, sizeof *rec);

	rec->cap = cap > 0 ? cap : SPACETIME_DEFAULT_CAP;
	rec->ring = xcalloc(rec->cap, sizeof *rec->ring);
	rec->utf8 = utf8;
	return rec;
}

struct spacetime *spacetime_new_window(size_t cap, bool utf8, uint64_t from_us,
                                       uint64_t to_us)
{
	struct spacetime *rec = spacetime_new(cap, utf8);

	rec->windowed = true;
	rec->all_words = true;
	rec->from_us = from_us;
	rec->to_us = to_us;
	return rec;
}

uint64_t spacetime_missed(const struct spacetime *rec)
{
	return rec->missed;
}

void spacetime_free(struct spacetime *rec)
{
	if (rec == NULL)
		return;
	free(rec->ring);
	free(rec);
}

void spacetime_reset(struct spacetime *rec)
{
	rec->start = rec->count = 0;
	rec->forgotten = rec->missed = 0;
}

size_t spacetime_count(const struct spacetime *rec)
{
	return rec->count;
}

const struct spacetime_event *spacetime_get(const struct spacetime *rec,
                                            size_t index)
{
	if (index >= rec->count)
		return NULL;
	return &rec->ring[(rec->start + index) % rec->cap];
}

uint64_t spacetime_forgotten(const struct spacetime *rec)
{
	return rec->forgotten;
}

size_t spacetime_count_upto(const struct spacetime *rec, uint64_t events_run)
{
	size_t n = rec->count;

	/* Events come in order of events_run: the ones after are at the
	 * end. */
	while (n > 0 && spacetime_get(rec, n - 1)->events_run > events_run)
		n--;
	return n;
}

bool spacetime_uses_relay(const struct spacetime *rec)
{
	for (size_t i = 0; i < rec->count; i++) {
		const struct spacetime_event *e = spacetime_get(rec, i);

		if (e->kind != SPACETIME_FAULT &&
		    (e->node == SIM_RELAY || e->peer == SIM_RELAY))
			return true;
	}
	return false;
}

uint32_t spacetime_column(uint32_t who, uint32_t nodes, bool relay)
{
	uint32_t middle = nodes / 2;

	if (!relay)
		return who;
	if (who == SIM_RELAY)
		return middle;
	return who < middle ? who : who + 1;
}

void spacetime_truncate(struct spacetime *rec, uint64_t events_run)
{
	rec->count = spacetime_count_upto(rec, events_run);
}

static struct spacetime_event *append(struct spacetime *rec)
{
	struct spacetime_event *e;

	if (rec->count == rec->cap) {
		rec->start = (rec->start + 1) % rec->cap;
		rec->count--;
		rec->forgotten++;
	}
	e = &rec->ring[(rec->start + rec->count) % rec->cap];
	rec->count++;
	memset(e, 0, sizeof *e);
	return e;
}

static void vector_words(const struct spacetime *rec, const struct sim *sim,
                         const struct gcounter *g, char *buf, size_t cap)
{
	const struct glyphs *gl = glyphs_get(rec->utf8);

	buf[0] = '\0';
	if (g == NULL)
		return;
	if (sim_config(sim)->crdt == CRDT_PNCOUNTER)
		text_pn_vector(g, LABEL_COLS, gl->ellipsis, gl->minus, buf,
		               cap);
	else
		text_vector(g, LABEL_COLS, gl->ellipsis, buf, cap);
}

static void message_words(const struct spacetime *rec, const struct sim *sim,
                          const struct sim_record *r, char *buf, size_t cap)
{
	struct wire_context wire = wire_context_of(sim, glyphs_get(rec->utf8));

	buf[0] = '\0';
	if (r->message == NULL)
		return;
	wire.pairs_only = true;
	wire_text(&wire, r->message_kind, r->message, r->origin, LABEL_COLS,
	          buf, cap);
}

/* The send a second copy belongs to: it was just recorded. */
static void mark_duplicated(struct spacetime *rec, uint64_t id)
{
	for (size_t k = rec->count; k > 0 && k + 16 > rec->count; k--) {
		struct spacetime_event *e =
		    &rec->ring[(rec->start + k - 1) % rec->cap];

		if (e->kind == SPACETIME_SEND && e->message_id == id) {
			e->duplicated = true;
			return;
		}
	}
}

static bool is_fault(enum command_kind kind)
{
	return kind == CMD_PARTITION || kind == CMD_HEAL || kind == CMD_CRASH ||
	       kind == CMD_RESTART;
}

/* "partition n3: cut off both ways", "crash relay", "heal". */
static void fault_words(const struct command *c, char *buf, size_t cap)
{
	char name[16];

	if (c->node == SIM_RELAY)
		snprintf(name, sizeof name, "relay");
	else
		sim_node_name(c->node, name, sizeof name);
	if (c->kind == CMD_HEAL)
		snprintf(buf, cap, "heal: every partition ends");
	else if (c->kind == CMD_PARTITION && c->mode == PARTITION_NONE)
		snprintf(buf, cap, "partition of %s ends", name);
	else if (c->kind == CMD_PARTITION)
		snprintf(buf, cap, "partition %s: %s", name,
		         faults_partition_words((enum sim_partition)c->mode));
	else if (c->kind == CMD_CRASH)
		snprintf(buf, cap, "crash %s", name);
	else
		snprintf(buf, cap, "restart %s%s", name,
		         c->node != SIM_RELAY && c->mode == RESTART_AMNESIA
		             ? " from zero (amnesia)"
		             : "");
}

void spacetime_observe(struct spacetime *rec, const struct sim *sim,
                       const struct sim_record *r)
{
	struct spacetime_event *e;
	bool vectors;

	switch (r->kind) {
	case REC_DUPLICATE:
		mark_duplicated(rec, r->message_id);
		return;
	case REC_COMMAND:
		if (r->command == NULL || !is_fault(r->command->kind))
			return;
		break;
	case REC_INCREMENT:
	case REC_SEND:
	case REC_DELIVER:
	case REC_DROP:
	case REC_LOST:
	case REC_CONVERGED:
		break;
	default:
		return;
	}
	if (rec->windowed) {
		if (r->time_us < rec->from_us || r->time_us > rec->to_us)
			return;
		if (rec->count == rec->cap) {
			rec->missed++;
			return;
		}
	}
	vectors = rec->all_words || sim_node_count(sim) <= WORDS_NODES;
	e = append(rec);
	e->time_us = r->time_us;
	e->events_run = sim_events_run(sim);
	e->message_id = r->message_id;
	e->message_kind = r->message_kind;
	switch (r->kind) {
	case REC_INCREMENT:
		e->kind = SPACETIME_INCREMENT;
		e->node = r->node;
		e->peer = r->node;
		e->amount = r->amount;
		e->decrement = r->decrement;
		if (vectors)
			vector_words(rec, sim, r->after, e->label,
			             sizeof e->label);
		break;
	case REC_SEND:
	case REC_DROP:
		e->kind = r->kind == REC_SEND ? SPACETIME_SEND : SPACETIME_DROP;
		e->node = r->from;
		e->peer = r->to;
		if (rec->all_words)
			message_words(rec, sim, r, e->label, sizeof e->label);
		break;
	case REC_DELIVER:
		e->kind = SPACETIME_DELIVER;
		e->node = r->to;
		e->peer = r->from;
		e->changed = r->changed > 0;
		if (e->changed && vectors)
			vector_words(rec, sim, r->after, e->label,
			             sizeof e->label);
		break;
	case REC_LOST:
		e->kind = SPACETIME_LOST;
		e->node = r->to;
		e->peer = r->from;
		break;
	case REC_COMMAND:
		e->kind = SPACETIME_FAULT;
		e->node = r->command->kind == CMD_HEAL ? SPACETIME_EVERYONE
		                                       : r->command->node;
		e->peer = e->node;
		fault_words(r->command, e->label, sizeof e->label);
		break;
	default: /* REC_CONVERGED */
		e->kind = SPACETIME_CONVERGED;
		e->node = e->peer = SPACETIME_EVERYONE;
		e->value = sim_join_signed_value(sim);
		snprintf(e->label, sizeof e->label,
		         "converged: every node "
		         "reads %lld",
		         (long long)e->value);
		break;
	}
}

void spacetime_observer(void *ctx, const struct sim *sim,
                        const struct sim_record *record)
{
	spacetime_observe(ctx, sim, record);
}
