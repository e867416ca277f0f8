/*
 * The world of real nodes: the events (deliveries, the workload, faults,
 * the final reads) in virtual time on sim/'s queue and RNG, the commands
 * that bring in what programs printed, the public face. It must never
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
#include "maelstrom/mworld-internal.h"
#include "script/choices.h"
#include "sim/queue.h"
#include "sim/rng.h"
#include "util/errbuf.h"

/* The words are the settings table's (--workload), in the enum's order. */
const char *mworld_workload_name(enum mworld_workload workload)
{
	return choices_workloads.word((size_t)workload);
}

int mworld_workload_parse(const char *name, enum mworld_workload *out)
{
	for (size_t i = 0; i < choices_workloads.count(); i++) {
		if (strcmp(name, choices_workloads.word(i)) == 0) {
			*out = (enum mworld_workload)i;
			return 0;
		}
	}
	return -1;
}

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
	config->answer_us = 5000000;
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
	if (c->workload != MWORKLOAD_G_COUNTER &&
	    c->workload != MWORKLOAD_PN_COUNTER) {
		errbuf_set(err, errlen, "a workload of no kind");
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
	if (c->waiting_seats > c->nodes) {
		errbuf_set(err, errlen,
		           "%" PRIu32
		           " seats kept for students, but only %" PRIu32
		           " nodes",
		           c->waiting_seats, c->nodes);
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

static void heal(struct mworld *w);

/* The workload ends now, the rest as at --duration: everything heals,
 * the nodes settle, then the final reads (which the reserve has room
 * for). */
static void cut_short(struct mworld *w, const char *why)
{
	if (!w->workload || !w->begun)
		return;
	w->cut = why;
	w->cut_us = w->now;
	heal(w);
	mw_push(w, w->now + w->config.settle_us, EV_FINAL, 0, 0);
}

/* A client's request to a node: c(node+1) talks to n(node). */
static void request(struct mworld *w, uint32_t node, enum op_kind kind,
                    int64_t delta)
{
	static const char *const types[] = {[OP_INIT] = "init",
	                                    [OP_ADD] = "add",
	                                    [OP_READ] = "read",
	                                    [OP_FINAL] = "read"};
	char src[16], dest[16];
	json_t *body;
	char *line;
	uint64_t id;

	if (kind != OP_FINAL && kind != OP_INIT &&
	    w->op_len >= MWORLD_MAX_OPS - MWORLD_OPS_RESERVE) {
		cut_short(w, "the run's client requests");
		return;
	}
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
	mw_deliver_line(w, node, line, body);
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
	mw_push(w, w->now + w->config.answer_us, EV_INIT_DEADLINE, node,
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

/* A new occupant takes the seat: the node starts again and is sent init.
 * That is amnesia only if the seat had answered init (its state is
 * gone); a seat down by a crash fault stays down, and its restart brings
 * the new occupant. What the last occupant did wrong was its own (the
 * class gave it its reason and a disconnect): the new one starts clean. */
static void reseat(struct mworld *w, uint32_t node)
{
	struct wnode *n = &w->nodes[node];
	bool had_state = n->initialized;

	n->vacant = false; /* someone sat there: from now on it answers */
	if (!n->up && n->crashed)
		return;
	if (n->up) {
		n->up = false;
		if (w->io != NULL && w->io->stop != NULL)
			w->io->stop(w->ctx, node);
	}
	n->crashed = had_state;
	n->exited = false;
	n->problem[0] = '\0';
	start_node(w, node);
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
	w->net = (struct mworld_net){.drop = config->drop,
	                             .duplicate = config->duplicate,
	                             .latency_us = config->latency_us,
	                             .jitter_us = config->jitter_us};
	sim_queue_init(&w->queue);
	rng_seed(&w->net_rng, config->seed, 1);
	rng_seed(&w->load_rng, config->seed, 2);
	for (uint32_t i = 0; i < config->nodes; i++) {
		w->nodes[i].vacant = i + config->waiting_seats >= config->nodes;
		mw_push(w, 0, EV_START, i, 0);
	}
	/* The workload waits for every init_ok (programs take their time
	 * to start), but no longer than --answer. */
	mw_push(w, config->answer_us, EV_BEGIN, 0, 0);
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

struct mworld *mworld_clone(const struct mworld *w)
{
	struct mworld *c = malloc(sizeof *c);
	bool ok;

	if (c == NULL)
		return NULL;
	*c = *w;
	c->io = NULL;
	c->ctx = NULL;
	c->log = NULL;
	c->log_len = c->log_cap = 0;
	sim_queue_copy(&c->queue, &w->queue);
	c->flights =
	    w->flight_cap ? calloc(w->flight_cap, sizeof *c->flights) : NULL;
	c->ops = w->op_cap ? malloc(w->op_cap * sizeof *c->ops) : NULL;
	ok = (c->flights != NULL || w->flight_cap == 0) &&
	     (c->ops != NULL || w->op_cap == 0);
	for (uint32_t i = 0; ok && i < w->flight_cap; i++) {
		c->flights[i] = w->flights[i];
		if (w->flights[i].line != NULL) {
			c->flights[i].line = malloc(w->flights[i].len + 1);
			ok = c->flights[i].line != NULL;
			if (ok)
				memcpy(c->flights[i].line, w->flights[i].line,
				       w->flights[i].len + 1);
		}
	}
	if (ok && w->op_len > 0)
		memcpy(c->ops, w->ops, w->op_len * sizeof *c->ops);
	if (!ok) {
		/* Only the lines copied so far are the clone's own. */
		for (uint32_t i = 0; c->flights != NULL && i < w->flight_cap;
		     i++)
			if (c->flights[i].line == w->flights[i].line)
				c->flights[i].line = NULL;
		mworld_free(c);
		return NULL;
	}
	return c;
}

const struct mworld_config *mworld_config(const struct mworld *w)
{
	return &w->config;
}

/* --- the network --------------------------------------------------- */

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
	int64_t delta;
	double gap;

	if (!w->workload)
		return;
	node = ready_node(w);
	delta = (int64_t)rng_range(&w->load_rng, 1, w->config.max_delta);
	/* The sign's die only in pn-counter: g-counter runs keep their
	 * stream. */
	if (w->config.workload == MWORKLOAD_PN_COUNTER &&
	    rng_chance(&w->load_rng, 0.5))
		delta = -delta;
	if (node != NIL)
		request(w, node, OP_ADD, delta);
	gap = -log(1.0 - rng_unit(&w->load_rng)) / w->config.rate * 1e6;
	mw_push(w, w->now + 1 + (uint64_t)gap, EV_ADD, 0, 0);
}

static void read_round(struct mworld *w)
{
	if (!w->workload)
		return;
	for (uint32_t i = 0; i < w->config.nodes; i++)
		if (w->nodes[i].up && w->nodes[i].initialized)
			request(w, i, OP_READ, 0);
	mw_push(w, w->now + w->config.read_every_us, EV_READS, 0, 0);
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
	if (w->finals_sent)
		return;
	w->finals_sent = true;
	for (uint32_t i = 0; i < w->config.nodes; i++) {
		if (w->nodes[i].up && w->nodes[i].initialized) {
			request(w, i, OP_FINAL, 0);
			w->finals_due++;
		}
	}
	mw_push(w, w->now + w->config.answer_us, EV_DONE, 0, 0);
	if (w->finals_due == 0)
		mw_push(w, w->now, EV_DONE, 0, 0);
}

void mw_begin(struct mworld *w)
{
	const struct mworld_config *c = &w->config;
	uint64_t t = w->now;

	if (w->begun)
		return;
	w->begun = true;
	w->begin_us = t;
	if (c->rate > 0)
		mw_push(w, t, EV_ADD, 0, 0);
	mw_push(w, t + c->read_every_us, EV_READS, 0, 0);
	for (uint32_t i = 0; i < c->fault_count; i++)
		mw_push(w, t + c->faults[i].at_us, EV_FAULT, i, 0);
	mw_push(w, t + c->duration_us, EV_HEAL, 0, 0);
	mw_push(w, t + c->duration_us + c->settle_us, EV_FINAL, 0, 0);
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
		mw_deliver(w, ev->arg);
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
		mw_check(w);
		break;
	case EV_BEGIN:
		mw_begin(w);
		break;
	case EV_INIT_DEADLINE: {
		struct wnode *n = &w->nodes[ev->arg];

		if (ev->generation == n->restarts && n->up && !n->initialized &&
		    !n->vacant)
			mw_problem(w, ev->arg,
			           "never answered init (waited %" PRIu64
			           " ms)",
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

/* --- what the programs say, and the presenter's keys ----------------- */

static int net_check(const struct mcmd *cmd, char *err, size_t errlen)
{
	if (cmd->net >= MNET_KIND_COUNT) {
		errbuf_set(err, errlen, "a fault key of no kind");
		return -1;
	}
	if ((cmd->net == MNET_DROP || cmd->net == MNET_DUPLICATE) &&
	    !(cmd->prob >= 0 && cmd->prob <= 1)) {
		errbuf_set(err, errlen, "a rate of %g (0 to 1)", cmd->prob);
		return -1;
	}
	if (cmd->net == MNET_LATENCY &&
	    (cmd->latency_us > SIM_MAX_DURATION_US ||
	     cmd->jitter_us > SIM_MAX_DURATION_US)) {
		errbuf_set(err, errlen, "a latency out of range");
		return -1;
	}
	if (cmd->net == MNET_PARTITION &&
	    (cmd->mode < PARTITION_NONE || cmd->mode > PARTITION_BOTH)) {
		errbuf_set(err, errlen, "a partition of no kind");
		return -1;
	}
	return 0;
}

/* A fault key. Partitions and crashes need the workload running: after
 * it, every fault has healed for the check (the screen says so). */
static void apply_net(struct mworld *w, const struct mcmd *cmd)
{
	struct wnode *n = &w->nodes[cmd->node];
	bool active = mworld_workload_active(w);

	switch (cmd->net) {
	case MNET_DROP:
		w->net.drop = cmd->prob;
		break;
	case MNET_DUPLICATE:
		w->net.duplicate = cmd->prob;
		break;
	case MNET_LATENCY:
		w->net.latency_us = cmd->latency_us;
		w->net.jitter_us = cmd->jitter_us;
		break;
	case MNET_PARTITION:
		if (active) {
			n->cut_set = true;
			n->cut = cmd->mode;
			n->cut_us = w->now;
		}
		break;
	case MNET_HEAL:
		for (uint32_t i = 0; active && i < w->config.nodes; i++) {
			w->nodes[i].cut_set = true;
			w->nodes[i].cut = PARTITION_NONE;
			w->nodes[i].cut_us = w->now;
		}
		break;
	case MNET_CRASH:
		if (active)
			stop_node(w, cmd->node);
		break;
	case MNET_RESTART:
		if (active && n->crashed)
			start_node(w, cmd->node);
		break;
	case MNET_KIND_COUNT:
		break;
	}
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
	    (cmd->delta == 0 || cmd->delta > MWORLD_MAX_DELTA ||
	     cmd->delta < -MWORLD_MAX_DELTA ||
	     (cmd->delta < 0 && w->config.workload != MWORKLOAD_PN_COUNTER))) {
		errbuf_set(err, errlen, "an add of %" PRId64 " (1 to %d%s)",
		           cmd->delta, MWORLD_MAX_DELTA,
		           w->config.workload == MWORKLOAD_PN_COUNTER
		               ? ", or as much below 0"
		               : "");
		return -1;
	}
	if (cmd->kind == MCMD_NET && net_check(cmd, err, errlen) < 0)
		return -1;
	if (w->log_len == MWORLD_MAX_COMMANDS) {
		errbuf_set(err, errlen, "more than %u commands in one run",
		           MWORLD_MAX_COMMANDS);
		return -1;
	}
	if (w->log_len >= MWORLD_MAX_COMMANDS - MWORLD_COMMANDS_RESERVE)
		cut_short(w, "the run's commands");
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
		mw_node_out(w, cmd->node, logged->line, logged->len);
		break;
	case MCMD_EXIT:
		mw_node_exit(w, cmd->node, cmd->status);
		break;
	case MCMD_ADD:
		if (w->nodes[cmd->node].up && w->nodes[cmd->node].initialized)
			request(w, cmd->node, OP_ADD, cmd->delta);
		break;
	case MCMD_SEAT:
		reseat(w, cmd->node);
		break;
	case MCMD_NET:
		apply_net(w, cmd);
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
	    .crashed = n->crashed,
	    .exited = n->exited,
	    .vacant = n->vacant,
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

bool mworld_workload_active(const struct mworld *w)
{
	return w->workload && w->begun;
}

const char *mworld_cut(const struct mworld *w, uint64_t *at_us)
{
	if (at_us != NULL)
		*at_us = w->cut_us;
	return w->cut;
}

bool mworld_begun(const struct mworld *w, uint64_t *begin_us)
{
	*begin_us = w->begin_us;
	return w->begun;
}

void mworld_verdict(const struct mworld *w, struct mworld_verdict *out)
{
	*out = w->verdict;
}
