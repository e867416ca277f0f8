/*
 * The world of real nodes: the events (deliveries, the workload, faults,
 * the final reads) in virtual time on sim/'s queue and RNG, the commands
 * that bring in what programs printed, and the checker. It must never
 * read a clock or touch a process: the driver does that through the io
 * hooks, which a replay leaves NULL.
 */
#include "maelstrom/mworld.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "maelstrom/mmsg.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "util/errbuf.h"

enum ev_kind {
	EV_START,         /* arg: node; start it and send init */
	EV_DELIVER,       /* arg: flight slot */
	EV_ADD,           /* the workload's next add */
	EV_READS,         /* a read round to every ready node */
	EV_FAULT,         /* arg: index into config.faults */
	EV_HEAL,          /* the workload stops; every fault heals */
	EV_FINAL,         /* the final reads */
	EV_DONE,          /* the final reads' deadline: check */
	EV_INIT_DEADLINE, /* arg: node; generation: its restarts */
};

enum op_kind { OP_INIT, OP_ADD, OP_READ, OP_FINAL };
enum op_state { OP_PENDING, OP_OK, OP_FAILED, OP_MAYBE };

struct op {
	enum op_kind kind;
	enum op_state state;
	uint32_t node;
	uint64_t delta;
};

struct flight {
	bool live;
	uint32_t from, to;
	uint64_t sent_us, deliver_us;
	char *line;
	uint32_t next_free;
};

struct wnode {
	bool up, initialized, crashed, exited;
	uint32_t restarts;
	uint64_t init_op;
	bool has_read, has_final;
	uint64_t last_read, final_read;
	uint32_t counter_slots;
	uint64_t counter[2 * MWORLD_MAX_NODES];
	char last_in[96]; /* the last body delivered to it, abbreviated */
	char problem[256];
	char verdict[256];
	bool valid;
};

struct mworld {
	struct mworld_config config;
	const struct mworld_io *io;
	void *ctx;
	struct sim_queue queue;
	struct rng net_rng, load_rng;
	uint64_t now, events_run;
	bool workload, done;
	struct wnode nodes[MWORLD_MAX_NODES];
	struct flight *flights;
	uint32_t flight_cap, free_flight, in_flight;
	struct op *ops;
	size_t op_len, op_cap;
	uint32_t finals_due;
	struct mcmd *log;
	size_t log_len, log_cap;
	struct mworld_stats stats;
	struct mworld_verdict verdict;
};

#define NIL UINT32_MAX

void mworld_config_defaults(struct mworld_config *config)
{
	memset(config, 0, sizeof *config);
	config->nodes = 3;
	config->seed = 1;
	config->latency_us = 10000;
	config->jitter_us = 5000;
	config->rate = 10.0;
	config->max_delta = 5;
	config->read_every_us = 500000;
	config->duration_us = 5000000;
	config->settle_us = 2000000;
	config->answer_us = 2000000;
}

int mworld_config_check(const struct mworld_config *c, char *err, size_t errlen)
{
	if (c->nodes < 1 || c->nodes > MWORLD_MAX_NODES) {
		errbuf_set(
		    err, errlen,
		    "--nodes must be 1 to %d with real nodes (got %" PRIu32 ")",
		    MWORLD_MAX_NODES, c->nodes);
		return -1;
	}
	if (c->max_delta < 1 || c->max_delta > MWORLD_MAX_DELTA) {
		errbuf_set(err, errlen, "the largest delta must be 1 to %d",
		           MWORLD_MAX_DELTA);
		return -1;
	}
	if (!(c->rate >= 0 && c->rate <= 10000) || !(c->drop >= 0) ||
	    !(c->drop <= 1) || !(c->duplicate >= 0) || !(c->duplicate <= 1)) {
		errbuf_set(err, errlen,
		           "a rate or a probability is out of range");
		return -1;
	}
	if (c->read_every_us < 1000 || c->duration_us > SIM_MAX_DURATION_US ||
	    c->settle_us > SIM_MAX_DURATION_US ||
	    c->answer_us > SIM_MAX_DURATION_US || c->answer_us < 1000 ||
	    c->latency_us > SIM_MAX_DURATION_US ||
	    c->jitter_us > SIM_MAX_DURATION_US) {
		errbuf_set(err, errlen, "a time is out of range");
		return -1;
	}
	if (c->fault_count > MWORLD_MAX_FAULTS) {
		errbuf_set(err, errlen, "more than %d faults",
		           MWORLD_MAX_FAULTS);
		return -1;
	}
	for (uint32_t i = 0; i < c->fault_count; i++) {
		if (c->faults[i].node >= c->nodes) {
			errbuf_set(err, errlen,
			           "a fault names n%" PRIu32
			           ", but the nodes are "
			           "n0 to n%" PRIu32,
			           c->faults[i].node, c->nodes - 1);
			return -1;
		}
		if (c->faults[i].at_us >= c->duration_us) {
			errbuf_set(err, errlen,
			           "a fault at %" PRIu64 "us is not before the "
			           "workload ends (%" PRIu64 "us)",
			           c->faults[i].at_us, c->duration_us);
			return -1;
		}
	}
	return 0;
}

static void problem(struct mworld *w, uint32_t node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Keeps the first thing a node did wrong: later ones often follow from it. */
static void problem(struct mworld *w, uint32_t node, const char *fmt, ...)
{
	va_list ap;

	if (w->nodes[node].problem[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(w->nodes[node].problem, sizeof w->nodes[node].problem, fmt,
	          ap);
	va_end(ap);
}

static void push(struct mworld *w, uint64_t t, enum ev_kind kind, uint32_t arg,
                 uint32_t generation)
{
	sim_queue_push(&w->queue, t, (uint32_t)kind, arg, generation);
}

static void deliver_line(struct mworld *w, uint32_t node, const char *line,
                         const json_t *body)
{
	mmsg_abbrev(body, w->nodes[node].last_in,
	            sizeof w->nodes[node].last_in);
	if (w->io != NULL && w->io->deliver != NULL)
		w->io->deliver(w->ctx, node, line);
}

/* A client's request to a node: c(node+1) talks to n(node). */
static void request(struct mworld *w, uint32_t node, enum op_kind kind,
                    uint64_t delta)
{
	static const char *const types[] = {[OP_INIT] = "init",
	                                    [OP_ADD] = "add",
	                                    [OP_READ] = "read",
	                                    [OP_FINAL] = "read"};
	char src[16], dest[16];
	json_t *body;
	char *line;
	uint64_t id;

	if (w->op_len == MWORLD_MAX_OPS)
		return; /* the run's bound: no more requests */
	if (w->op_len == w->op_cap) {
		w->op_cap = w->op_cap ? w->op_cap * 2 : 256;
		w->ops = realloc(w->ops, w->op_cap * sizeof *w->ops);
		if (w->ops == NULL)
			abort();
	}
	id = w->op_len + 1;
	w->ops[w->op_len++] = (struct op){
	    .kind = kind, .state = OP_PENDING, .node = node, .delta = delta};
	mmsg_client_name(node + 1, src, sizeof src);
	mmsg_node_name(node, dest, sizeof dest);
	body = json_pack("{s:s, s:I}", "type", types[kind], "msg_id",
	                 (json_int_t)id);
	if (kind == OP_INIT) {
		json_t *ids = json_array();

		for (uint32_t i = 0; i < w->config.nodes; i++) {
			char name[16];

			mmsg_node_name(i, name, sizeof name);
			json_array_append_new(ids, json_string(name));
		}
		json_object_set_new(body, "node_id", json_string(dest));
		json_object_set_new(body, "node_ids", ids);
		w->nodes[node].init_op = id;
	} else if (kind == OP_ADD) {
		json_object_set_new(body, "delta",
		                    json_integer((json_int_t)delta));
		w->stats.adds++;
	} else {
		w->stats.reads++;
	}
	w->stats.client_requests++;
	json_incref(body);
	line = mmsg_format(src, dest, body);
	if (line == NULL)
		abort();
	deliver_line(w, node, line, body);
	json_decref(body);
	free(line);
}

static void start_node(struct mworld *w, uint32_t node)
{
	struct wnode *n = &w->nodes[node];

	if (n->crashed)
		n->restarts++;
	n->up = true;
	n->crashed = false;
	n->initialized = false;
	n->has_read = false;
	n->counter_slots = 0;
	if (w->io != NULL && w->io->start != NULL)
		w->io->start(w->ctx, node);
	request(w, node, OP_INIT, 0);
	push(w, w->now + w->config.answer_us, EV_INIT_DEADLINE, node,
	     n->restarts);
}

static void stop_node(struct mworld *w, uint32_t node)
{
	struct wnode *n = &w->nodes[node];

	if (!n->up)
		return;
	n->up = false;
	n->crashed = true;
	n->initialized = false;
	if (w->io != NULL && w->io->stop != NULL)
		w->io->stop(w->ctx, node);
}

struct mworld *mworld_new(const struct mworld_config *config,
                          const struct mworld_io *io, void *ctx, char *err,
                          size_t errlen)
{
	struct mworld *w;

	if (mworld_config_check(config, err, errlen) < 0)
		return NULL;
	w = calloc(1, sizeof *w);
	if (w == NULL) {
		errbuf_set(err, errlen, "out of memory");
		return NULL;
	}
	w->config = *config;
	w->io = io;
	w->ctx = ctx;
	w->workload = true;
	w->free_flight = NIL;
	sim_queue_init(&w->queue);
	rng_seed(&w->net_rng, config->seed, 1);
	rng_seed(&w->load_rng, config->seed, 2);
	for (uint32_t i = 0; i < config->nodes; i++)
		push(w, 0, EV_START, i, 0);
	if (config->rate > 0)
		push(w, 0, EV_ADD, 0, 0);
	push(w, config->read_every_us, EV_READS, 0, 0);
	for (uint32_t i = 0; i < config->fault_count; i++)
		push(w, config->faults[i].at_us, EV_FAULT, i, 0);
	push(w, config->duration_us, EV_HEAL, 0, 0);
	push(w, config->duration_us + config->settle_us, EV_FINAL, 0, 0);
	return w;
}

void mworld_free(struct mworld *w)
{
	if (w == NULL)
		return;
	for (uint32_t i = 0; i < w->flight_cap; i++)
		free(w->flights[i].line);
	for (size_t i = 0; i < w->log_len; i++)
		free(w->log[i].line);
	free(w->flights);
	free(w->ops);
	free(w->log);
	sim_queue_free(&w->queue);
	free(w);
}

const struct mworld_config *mworld_config(const struct mworld *w)
{
	return &w->config;
}

/* --- the network --------------------------------------------------- */

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

	if (w->in_flight >= MWORLD_MAX_IN_FLIGHT) {
		w->stats.refused++;
		return;
	}
	i = flight_take(w);
	f = &w->flights[i];
	f->live = true;
	f->from = from;
	f->to = to;
	f->sent_us = w->now;
	f->deliver_us = w->now + w->config.latency_us +
	                rng_below(&w->net_rng, w->config.jitter_us + 1);
	f->line = malloc(len + 1);
	if (f->line == NULL)
		abort();
	memcpy(f->line, line, len);
	f->line[len] = '\0';
	w->in_flight++;
	push(w, f->deliver_us, EV_DELIVER, i, 0);
}

static bool cannot_send(enum sim_partition p)
{
	return p == PARTITION_NO_SEND || p == PARTITION_BOTH;
}

static bool cannot_receive(enum sim_partition p)
{
	return p == PARTITION_NO_RECEIVE || p == PARTITION_BOTH;
}

static enum sim_partition partition_of(const struct mworld *w, uint32_t node)
{
	enum sim_partition p = PARTITION_NONE;

	if (!w->workload)
		return p; /* healed */
	for (uint32_t i = 0; i < w->config.fault_count; i++) {
		const struct mworld_fault *f = &w->config.faults[i];

		if (f->kind == MFAULT_PARTITION && f->node == node &&
		    f->at_us <= w->now)
			p = (enum sim_partition)(p | f->mode);
	}
	return p;
}

static void net_send(struct mworld *w, uint32_t from, uint32_t to,
                     const char *line, size_t len)
{
	w->stats.sent++;
	if (cannot_send(partition_of(w, from))) {
		w->stats.lost++;
		return;
	}
	/* Both dice are thrown for every message, so one fault's setting
	 * does not shift the other's draws. */
	bool drop = rng_chance(&w->net_rng, w->config.drop);
	bool dup = rng_chance(&w->net_rng, w->config.duplicate);

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

static void deliver(struct mworld *w, uint32_t slot)
{
	struct flight *f = &w->flights[slot];
	struct wnode *n = &w->nodes[f->to];

	if (!n->up || cannot_receive(partition_of(w, f->to))) {
		w->stats.lost++;
	} else {
		struct mmsg m;

		w->stats.delivered++;
		if (mmsg_parse(f->line, strlen(f->line), &m, NULL, 0) == 0) {
			deliver_line(w, f->to, f->line, m.body);
			mmsg_clear(&m);
		}
	}
	flight_put(w, slot);
}

/* --- the workload and the checker ------------------------------------ */

static uint32_t ready_node(struct mworld *w)
{
	uint32_t ready[MWORLD_MAX_NODES], count = 0;

	for (uint32_t i = 0; i < w->config.nodes; i++)
		if (w->nodes[i].up && w->nodes[i].initialized)
			ready[count++] = i;
	/* Drawn even when none is ready, so the stream's place depends on
	 * the events alone. */
	uint64_t pick = rng_below(&w->load_rng, MWORLD_MAX_NODES * 720720ULL);

	return count == 0 ? NIL : ready[pick % count];
}

static void workload_add(struct mworld *w)
{
	uint32_t node;
	uint64_t delta;
	double gap;

	if (!w->workload)
		return;
	node = ready_node(w);
	delta = rng_range(&w->load_rng, 1, w->config.max_delta);
	if (node != NIL)
		request(w, node, OP_ADD, delta);
	gap = -log(1.0 - rng_unit(&w->load_rng)) / w->config.rate * 1e6;
	push(w, w->now + 1 + (uint64_t)gap, EV_ADD, 0, 0);
}

static void read_round(struct mworld *w)
{
	if (!w->workload)
		return;
	for (uint32_t i = 0; i < w->config.nodes; i++)
		if (w->nodes[i].up && w->nodes[i].initialized)
			request(w, i, OP_READ, 0);
	push(w, w->now + w->config.read_every_us, EV_READS, 0, 0);
}

static void heal(struct mworld *w)
{
	w->workload = false;
	for (uint32_t i = 0; i < w->config.nodes; i++)
		if (w->nodes[i].crashed)
			start_node(w, i);
}

static void final_reads(struct mworld *w)
{
	for (uint32_t i = 0; i < w->config.nodes; i++) {
		if (w->nodes[i].up && w->nodes[i].initialized) {
			request(w, i, OP_FINAL, 0);
			w->finals_due++;
		}
	}
	push(w, w->now + w->config.answer_us, EV_DONE, 0, 0);
	if (w->finals_due == 0)
		push(w, w->now, EV_DONE, 0, 0);
}

/* Which sums of the indeterminate deltas can be made: bit s of the
 * returned set, s in [0, total]. NULL when total is too big. */
static uint8_t *subset_sums(const struct mworld *w, uint64_t total)
{
	uint8_t *set;

	if (total > (1u << 24))
		return NULL;
	set = calloc(total / 8 + 1, 1);
	if (set == NULL)
		return NULL;
	set[0] = 1;
	for (size_t k = 0; k < w->op_len; k++) {
		const struct op *op = &w->ops[k];

		if (op->kind != OP_ADD ||
		    (op->state != OP_PENDING && op->state != OP_MAYBE))
			continue;
		for (uint64_t s = total + 1; s-- > op->delta;)
			if (set[(s - op->delta) / 8] >> ((s - op->delta) % 8) &
			    1)
				set[s / 8] |= (uint8_t)(1u << (s % 8));
	}
	return set;
}

static void judge(struct mworld *w, uint32_t i, const uint8_t *sums)
{
	struct mworld_verdict *v = &w->verdict;
	struct wnode *n = &w->nodes[i];
	uint64_t r = n->final_read, most = v->acknowledged + v->indeterminate;

	n->valid = false;
	if (n->problem[0] != '\0')
		snprintf(n->verdict, sizeof n->verdict, "%s", n->problem);
	else if (!n->has_final)
		snprintf(n->verdict, sizeof n->verdict,
		         "no answer to the final read");
	else if (r < v->acknowledged)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ", but the acknowledged adds sum to "
		         "%" PRIu64 ": %" PRIu64 " missing (does it merge?)",
		         r, v->acknowledged, v->acknowledged - r);
	else if (r > most)
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ", but at most %" PRIu64 " can have "
		         "been added (%" PRIu64 " acknowledged, %" PRIu64
		         " indeterminate): it counted something twice",
		         r, most, v->acknowledged, v->indeterminate);
	else if (sums != NULL && !(sums[(r - v->acknowledged) / 8] >>
	                               ((r - v->acknowledged) % 8) &
	                           1))
		snprintf(n->verdict, sizeof n->verdict,
		         "read %" PRIu64 ": %" PRIu64
		         " acknowledged plus %" PRIu64
		         ", which no subset of the %" PRIu32
		         " indeterminate adds makes",
		         r, v->acknowledged, r - v->acknowledged,
		         v->indeterminate_ops);
	else {
		n->valid = true;
		snprintf(
		    n->verdict, sizeof n->verdict,
		    "read %" PRIu64 " = %" PRIu64 " acknowledged + %" PRIu64
		    " of %" PRIu64 " indeterminate",
		    r, v->acknowledged, r - v->acknowledged, v->indeterminate);
	}
}

static void check(struct mworld *w)
{
	struct mworld_verdict *v = &w->verdict;
	uint8_t *sums;

	if (w->done)
		return;
	w->done = true;
	memset(v, 0, sizeof *v);
	for (size_t k = 0; k < w->op_len; k++) {
		const struct op *op = &w->ops[k];

		if (op->kind != OP_ADD)
			continue;
		if (op->state == OP_OK)
			v->acknowledged += op->delta;
		else if (op->state != OP_FAILED) {
			v->indeterminate += op->delta;
			v->indeterminate_ops++;
		}
	}
	sums = subset_sums(w, v->indeterminate);
	v->exact_subsets = sums != NULL;
	v->valid = true;
	for (uint32_t i = 0; i < w->config.nodes; i++) {
		judge(w, i, sums);
		v->valid = v->valid && w->nodes[i].valid;
	}
	free(sums);
}

static void run_fault(struct mworld *w, const struct mworld_fault *f)
{
	if (!w->workload)
		return;
	if (f->kind == MFAULT_CRASH)
		stop_node(w, f->node);
	else if (f->kind == MFAULT_RESTART && w->nodes[f->node].crashed)
		start_node(w, f->node);
	/* A partition is read from the schedule by partition_of. */
}

static void run_event(struct mworld *w, const struct sim_event *ev)
{
	switch ((enum ev_kind)ev->kind) {
	case EV_START:
		start_node(w, ev->arg);
		break;
	case EV_DELIVER:
		deliver(w, ev->arg);
		break;
	case EV_ADD:
		workload_add(w);
		break;
	case EV_READS:
		read_round(w);
		break;
	case EV_FAULT:
		run_fault(w, &w->config.faults[ev->arg]);
		break;
	case EV_HEAL:
		heal(w);
		break;
	case EV_FINAL:
		final_reads(w);
		break;
	case EV_DONE:
		check(w);
		break;
	case EV_INIT_DEADLINE: {
		struct wnode *n = &w->nodes[ev->arg];

		if (ev->generation == n->restarts && n->up && !n->initialized)
			problem(w, ev->arg,
			        "never answered init (waited %" PRIu64 " ms)",
			        w->config.answer_us / 1000);
		break;
	}
	}
}

bool mworld_next_time(const struct mworld *w, uint64_t *t_us)
{
	const struct sim_event *ev = sim_queue_peek(&w->queue);

	if (ev == NULL || w->done)
		return false;
	*t_us = ev->time_us;
	return true;
}

bool mworld_step(struct mworld *w)
{
	struct sim_event ev;

	if (w->done || !sim_queue_pop(&w->queue, &ev))
		return false;
	if (ev.time_us > w->now)
		w->now = ev.time_us;
	w->events_run++;
	run_event(w, &ev);
	return true;
}

void mworld_run_until(struct mworld *w, uint64_t t_us)
{
	uint64_t next;

	while (mworld_next_time(w, &next) && next <= t_us)
		mworld_step(w);
	if (t_us > w->now)
		w->now = t_us;
}

void mworld_finish(struct mworld *w)
{
	while (mworld_step(w))
		;
}

/* --- what the programs say ------------------------------------------ */

static void reply(struct mworld *w, uint32_t node, struct mmsg *m,
                  uint32_t client)
{
	struct op *op;
	struct wnode *n = &w->nodes[node];
	static const char *const want[] = {[OP_INIT] = "init_ok",
	                                   [OP_ADD] = "add_ok",
	                                   [OP_READ] = "read_ok",
	                                   [OP_FINAL] = "read_ok"};

	w->stats.client_replies++;
	if (!m->has_reply || m->in_reply_to == 0 ||
	    m->in_reply_to > w->op_len) {
		problem(w, node,
		        "sent c%" PRIu32 " a message that answers no "
		        "request (in_reply_to missing or unknown): %s",
		        client, m->type);
		return;
	}
	op = &w->ops[m->in_reply_to - 1];
	if (op->node != node || client != node + 1) {
		problem(w, node,
		        "answered request %" PRIu64 ", which was not "
		        "sent to it",
		        m->in_reply_to);
		return;
	}
	if (op->state != OP_PENDING) {
		problem(w, node, "answered request %" PRIu64 " twice",
		        m->in_reply_to);
		return;
	}
	if (strcmp(m->type, "error") == 0) {
		const json_t *code = json_object_get(m->body, "code");

		if (!json_is_integer(code)) {
			problem(w, node, "sent an error with no integer code");
			return;
		}
		if (op->kind == OP_INIT) {
			problem(
			    w, node,
			    "answered init with error %" JSON_INTEGER_FORMAT,
			    json_integer_value(code));
			op->state = OP_FAILED;
			return;
		}
		op->state = mmsg_error_definite(json_integer_value(code))
		                ? OP_FAILED
		                : OP_MAYBE;
		if (op->kind == OP_ADD && op->state == OP_FAILED)
			w->stats.adds_failed++;
		if (op->kind == OP_FINAL && --w->finals_due == 0)
			push(w, w->now, EV_DONE, 0, 0);
		return;
	}
	if (strcmp(m->type, want[op->kind]) != 0) {
		problem(w, node, "answered %s with \"%s\" (not %s)",
		        op->kind == OP_INIT  ? "init"
		        : op->kind == OP_ADD ? "add"
		                             : "read",
		        m->type, want[op->kind]);
		return;
	}
	op->state = OP_OK;
	if (op->kind == OP_INIT) {
		n->initialized = true;
	} else if (op->kind == OP_ADD) {
		w->stats.adds_ok++;
	} else {
		const json_t *value = json_object_get(m->body, "value");

		if (!json_is_integer(value) || json_integer_value(value) < 0) {
			problem(w, node,
			        "answered read with no non-negative "
			        "integer value");
			return;
		}
		w->stats.reads_ok++;
		n->has_read = true;
		n->last_read = (uint64_t)json_integer_value(value);
		if (op->kind == OP_FINAL) {
			n->has_final = true;
			n->final_read = n->last_read;
			if (--w->finals_due == 0)
				push(w, w->now, EV_DONE, 0, 0);
		}
	}
}

static void shown_line(const char *line, size_t len, char *buf, size_t cap)
{
	size_t k = 0;

	for (size_t i = 0; i < len && k + 4 < cap; i++)
		buf[k++] = (line[i] >= 0x20 && line[i] < 0x7f) ? line[i] : '?';
	if (len > 0 && k + 4 >= cap)
		memcpy(buf + k, "...", 3), k += 3;
	buf[k] = '\0';
}

static void node_out(struct mworld *w, uint32_t node, const char *line,
                     size_t len)
{
	struct wnode *n = &w->nodes[node];
	struct mmsg m;
	char why[160], name[16];
	uint32_t to, client;

	if (!n->up)
		return; /* said before it was stopped: the network never had it
		         */
	if (mmsg_parse(line, len, &m, why, sizeof why) < 0) {
		char shown[64];

		shown_line(line, len, shown, sizeof shown);
		problem(w, node,
		        "printed a line that is not a Maelstrom message "
		        "(%s): \"%s\"",
		        why, shown);
		return;
	}
	mmsg_node_name(node, name, sizeof name);
	if (strcmp(m.src, name) != 0) {
		problem(w, node, "sent a message from \"%.20s\", but it is %s",
		        m.src, name);
	} else if (mmsg_node_index(m.dest, w->config.nodes, &to)) {
		uint32_t slots =
		    mmsg_counter(m.body, w->config.nodes, n->counter);

		if (slots != 0)
			n->counter_slots = slots;
		net_send(w, node, to, line, len);
	} else if (mmsg_client_index(m.dest, &client)) {
		reply(w, node, &m, client);
	} else {
		problem(w, node,
		        "sent a message to \"%.20s\", which is no node "
		        "or client",
		        m.dest);
	}
	mmsg_clear(&m);
}

static void node_exit(struct mworld *w, uint32_t node, int status)
{
	struct wnode *n = &w->nodes[node];

	if (!n->up)
		return;
	n->up = false;
	n->initialized = false;
	n->exited = true;
	if (WIFSIGNALED(status))
		problem(w, node,
		        "its program died of signal %d (the last "
		        "message it was sent: %s)",
		        WTERMSIG(status), n->last_in[0] ? n->last_in : "none");
	else
		problem(w, node,
		        "its program exited with status %d (the last "
		        "message it was sent: %s)",
		        WEXITSTATUS(status),
		        n->last_in[0] ? n->last_in : "none");
}

int mworld_apply(struct mworld *w, const struct mcmd *cmd, char *err,
                 size_t errlen)
{
	struct mcmd *logged;

	if (cmd->kind >= MCMD_KIND_COUNT || cmd->node >= w->config.nodes) {
		errbuf_set(err, errlen, "a command for no node");
		return -1;
	}
	if (cmd->kind == MCMD_ADD &&
	    (cmd->delta < 1 || cmd->delta > MWORLD_MAX_DELTA)) {
		errbuf_set(err, errlen, "an add of %" PRIu64 " (1 to %d)",
		           cmd->delta, MWORLD_MAX_DELTA);
		return -1;
	}
	if (w->log_len == MWORLD_MAX_COMMANDS) {
		errbuf_set(err, errlen, "more than %u commands in one run",
		           MWORLD_MAX_COMMANDS);
		return -1;
	}
	if (w->log_len == w->log_cap) {
		w->log_cap = w->log_cap ? w->log_cap * 2 : 256;
		w->log = realloc(w->log, w->log_cap * sizeof *w->log);
		if (w->log == NULL)
			abort();
	}
	logged = &w->log[w->log_len++];
	*logged = *cmd;
	logged->time_us = w->now;
	logged->after_events = w->events_run;
	logged->line = NULL;
	if (cmd->kind == MCMD_OUT) {
		logged->line = malloc(cmd->len + 1);
		if (logged->line == NULL)
			abort();
		memcpy(logged->line, cmd->line, cmd->len);
		logged->line[cmd->len] = '\0';
	}
	if (w->done)
		return 0; /* checked: what comes after changes nothing */
	switch (cmd->kind) {
	case MCMD_OUT:
		node_out(w, cmd->node, logged->line, logged->len);
		break;
	case MCMD_EXIT:
		node_exit(w, cmd->node, cmd->status);
		break;
	case MCMD_ADD:
		if (w->nodes[cmd->node].up && w->nodes[cmd->node].initialized)
			request(w, cmd->node, OP_ADD, cmd->delta);
		break;
	case MCMD_KIND_COUNT:
		break;
	}
	return 0;
}

int mworld_replay(struct mworld *w, const struct mcmd *cmd, char *err,
                  size_t errlen)
{
	if (cmd->after_events < w->events_run || cmd->time_us < w->now) {
		errbuf_set(err, errlen, "a command before the one it follows");
		return -1;
	}
	while (w->events_run < cmd->after_events)
		if (!mworld_step(w))
			break;
	if (w->events_run != cmd->after_events && !w->done) {
		errbuf_set(err, errlen,
		           "a command after %" PRIu64 " events, "
		           "but the world has only %" PRIu64,
		           cmd->after_events, w->events_run);
		return -1;
	}
	if (cmd->time_us > w->now)
		w->now = cmd->time_us;
	return mworld_apply(w, cmd, err, errlen);
}

const struct mcmd *mworld_log(const struct mworld *w, size_t *count)
{
	*count = w->log_len;
	return w->log;
}

bool mworld_done(const struct mworld *w)
{
	return w->done;
}

uint64_t mworld_now(const struct mworld *w)
{
	return w->now;
}

uint64_t mworld_events_run(const struct mworld *w)
{
	return w->events_run;
}

void mworld_node(const struct mworld *w, uint32_t node,
                 struct mworld_node_view *out)
{
	const struct wnode *n = &w->nodes[node];

	*out = (struct mworld_node_view){
	    .up = n->up,
	    .initialized = n->initialized,
	    .restarts = n->restarts,
	    .has_read = n->has_read,
	    .has_final = n->has_final,
	    .last_read = n->last_read,
	    .final_read = n->final_read,
	    .counter_slots = n->counter_slots,
	    .counter = n->counter,
	    .problem = n->problem[0] ? n->problem : NULL,
	    .valid = n->valid,
	    .verdict = n->verdict,
	};
}

const struct mworld_stats *mworld_stats(const struct mworld *w)
{
	return &w->stats;
}

enum sim_partition mworld_partition(const struct mworld *w, uint32_t node)
{
	return partition_of(w, node);
}

bool mworld_workload_active(const struct mworld *w)
{
	return w->workload;
}

void mworld_verdict(const struct mworld *w, struct mworld_verdict *out)
{
	*out = w->verdict;
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
