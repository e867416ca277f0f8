/*
 * Real nodes without processes: src/maelstrom's world and its checker
 * (its messages: test_mmsg.c), with nodes written here in C that answer in the
 * same virtual microsecond. Good nodes pass through drops, duplicates and
 * partitions; each broken one fails with its own verdict; a saved log
 * replays to the same world with no node at all; a seat kept for a
 * student that nobody took fails nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"
#include "script/settings.h"

/* --- nodes written here ----------------------------------------------- */

enum behaviour {
	GOOD,
	NO_MERGE,
	DOUBLE,    /* sends adds as ops and adds every op it receives */
	MAYBE,     /* answers half the adds "timeout" (code 0), applies all */
	DEFINITE,  /* answers half the adds "unavailable" (11), applies all */
	WRONG_SRC, /* n1 signs its messages as n0 */
	TWICE,     /* answers every read twice */
	ABS,       /* a PN-Counter that takes a negative delta as positive */
};

#define MAX_INBOX 100000

struct fake {
	struct mworld *w;
	enum behaviour b;
	uint32_t n;
	uint64_t counts[MWORLD_MAX_NODES][MWORLD_MAX_NODES];
	uint64_t decs[MWORLD_MAX_NODES][MWORLD_MAX_NODES]; /* pn-counter */
	uint32_t starts[MWORLD_MAX_NODES];
	uint32_t adds_seen;
	struct {
		uint32_t node;
		char *line;
	} inbox[MAX_INBOX];
	size_t head, tail;
	void (*on_tick)(struct fake *f, uint64_t t); /* a presenter's keys */
};

static void fake_start(void *ctx, uint32_t node)
{
	struct fake *f = ctx;

	memset(f->counts[node], 0, sizeof f->counts[node]);
	memset(f->decs[node], 0, sizeof f->decs[node]);
	f->starts[node]++;
}

static void fake_deliver(void *ctx, uint32_t node, const char *line)
{
	struct fake *f = ctx;
	struct mworld_node_view view;

	/* A seat kept for a student nobody took has no program to hear. */
	mworld_node(f->w, node, &view);
	if (view.vacant)
		return;
	assert_true(f->tail < MAX_INBOX);
	f->inbox[f->tail].node = node;
	f->inbox[f->tail].line = strdup(line);
	f->tail++;
}

static const struct mworld_io fake_io = {.start = fake_start,
                                         .deliver = fake_deliver};

static void say(struct fake *f, uint32_t node, const char *src,
                const char *dest, json_t *body)
{
	char *line = mmsg_format(src, dest, body);
	struct mcmd cmd = {
	    .kind = MCMD_OUT, .node = node, .line = line, .len = strlen(line)};

	assert_int_equal(mworld_apply(f->w, &cmd, NULL, 0), 0);
	free(line);
}

static void answer(struct fake *f, uint32_t node, const struct mmsg *m,
                   json_t *body)
{
	char me[16];

	mmsg_node_name(f->b == WRONG_SRC && node == 1 ? 0 : node, me,
	               sizeof me);
	json_object_set_new(body, "in_reply_to",
	                    json_integer((json_int_t)m->msg_id));
	say(f, node, me, m->src, body);
}

static json_t *vector(const struct fake *f, const uint64_t *v)
{
	json_t *obj = json_object();

	for (uint32_t k = 0; k < f->n; k++) {
		char id[16];

		mmsg_node_name(k, id, sizeof id);
		json_object_set_new(obj, id, json_integer((json_int_t)v[k]));
	}
	return obj;
}

/* "dec" only once there is a decrement, as examples/node.py does. */
static void gossip(struct fake *f, uint32_t node)
{
	char me[16], to[16];
	bool decs = false;

	for (uint32_t k = 0; k < f->n; k++)
		decs = decs || f->decs[node][k] != 0;
	mmsg_node_name(node, me, sizeof me);
	for (uint32_t p = 0; p < f->n; p++) {
		json_t *body;

		if (p == node)
			continue;
		body = json_pack("{s:s, s:o}", "type", "gossip", "counter",
		                 vector(f, f->counts[node]));
		if (decs)
			json_object_set_new(body, "dec",
			                    vector(f, f->decs[node]));
		mmsg_node_name(p, to, sizeof to);
		say(f, node, me, to, body);
	}
}

static void merge(struct fake *f, uint32_t node, json_t *obj, uint64_t *into)
{
	const char *key;
	json_t *v;
	uint32_t k;

	json_object_foreach(obj, key, v)
	{
		assert_true(mmsg_node_index(key, f->n, &k));
		if ((uint64_t)json_integer_value(v) > into[k])
			into[k] = (uint64_t)json_integer_value(v);
	}
	(void)node;
}

static void on_add(struct fake *f, uint32_t node, const struct mmsg *m)
{
	int64_t signed_delta =
	    (int64_t)json_integer_value(json_object_get(m->body, "delta"));
	uint64_t delta =
	    signed_delta < 0 ? (uint64_t)-signed_delta : (uint64_t)signed_delta;
	bool odd = f->adds_seen++ % 2 == 1;

	if (signed_delta < 0 && f->b != ABS)
		f->decs[node][node] += delta;
	else
		f->counts[node][node] += delta;
	if (f->b == DOUBLE) {
		char me[16], to[16];

		mmsg_node_name(node, me, sizeof me);
		for (uint32_t p = 0; p < f->n; p++) {
			if (p == node)
				continue;
			mmsg_node_name(p, to, sizeof to);
			say(f, node, me, to,
			    json_pack("{s:s, s:I}", "type", "op", "delta",
			              (json_int_t)delta));
		}
	}
	if ((f->b == MAYBE || f->b == DEFINITE) && odd)
		answer(f, node, m,
		       json_pack("{s:s, s:i}", "type", "error", "code",
		                 f->b == MAYBE ? 0 : 11));
	else
		answer(f, node, m, json_pack("{s:s}", "type", "add_ok"));
	if (f->b != DOUBLE)
		gossip(f, node);
}

static void on_message(struct fake *f, uint32_t node, const char *line)
{
	struct mmsg m;
	int64_t sum = 0;

	assert_int_equal(mmsg_parse(line, strlen(line), &m, NULL, 0), 0);
	if (strcmp(m.type, "init") == 0) {
		answer(f, node, &m, json_pack("{s:s}", "type", "init_ok"));
	} else if (strcmp(m.type, "add") == 0) {
		on_add(f, node, &m);
	} else if (strcmp(m.type, "read") == 0) {
		for (uint32_t k = 0; k < f->n; k++)
			sum += (int64_t)(f->counts[node][k] - f->decs[node][k]);
		answer(f, node, &m,
		       json_pack("{s:s, s:I}", "type", "read_ok", "value",
		                 (json_int_t)sum));
		if (f->b == TWICE)
			answer(f, node, &m,
			       json_pack("{s:s, s:I}", "type", "read_ok",
			                 "value", (json_int_t)sum));
		if (f->b != DOUBLE)
			gossip(f, node); /* anti-entropy, against drops */
	} else if (strcmp(m.type, "gossip") == 0 && f->b != NO_MERGE) {
		merge(f, node, json_object_get(m.body, "counter"),
		      f->counts[node]);
		merge(f, node, json_object_get(m.body, "dec"), f->decs[node]);
	} else if (strcmp(m.type, "op") == 0) {
		uint32_t from;

		assert_true(mmsg_node_index(m.src, f->n, &from));
		f->counts[node][from] += (uint64_t)json_integer_value(
		    json_object_get(m.body, "delta"));
	}
	mmsg_clear(&m);
}

static void default_config(struct mworld_config *c, uint32_t nodes)
{
	mworld_config_defaults(c);
	c->nodes = nodes;
	c->seed = 42;
	c->rate = 40;
	c->duration_us = 3000000;
}

/* Runs the world to its check, the fake nodes answering at once; on_tick
 * (or NULL) every 100 ms, as a presenter's keys. */
static struct fake *run_fake_keys(const struct mworld_config *c,
                                  enum behaviour b,
                                  void (*on_tick)(struct fake *, uint64_t))
{
	struct fake *f = calloc(1, sizeof *f);
	uint64_t next, tick = 100000;
	char err[200];

	assert_non_null(f);
	f->on_tick = on_tick;
	f->b = b;
	f->n = c->nodes;
	f->w = mworld_new(c, &fake_io, f, err, sizeof err);
	assert_non_null(f->w);
	while (!mworld_done(f->w)) {
		if (f->head < f->tail) {
			uint32_t node = f->inbox[f->head].node;
			char *line = f->inbox[f->head].line;

			f->head++;
			on_message(f, node, line);
			free(line);
		} else if (!mworld_next_time(f->w, &next)) {
			break;
		} else if (next > tick) {
			/* Every 100 ms each node gossips, as a real node's
			 * timer would: the world's quiet time passes too. */
			mworld_run_until(f->w, tick);
			if (f->on_tick != NULL)
				f->on_tick(f, tick);
			for (uint32_t i = 0; i < f->n; i++) {
				struct mworld_node_view view;

				mworld_node(f->w, i, &view);
				if (view.up && view.initialized && b != DOUBLE)
					gossip(f, i);
			}
			tick += 100000;
		} else {
			mworld_step(f->w);
		}
	}
	while (f->head < f->tail)
		free(f->inbox[f->head++].line);
	assert_true(mworld_done(f->w));
	return f;
}

static struct fake *run_fake(const struct mworld_config *c, enum behaviour b)
{
	return run_fake_keys(c, b, NULL);
}

static void fake_free(struct fake *f)
{
	mworld_free(f->w);
	free(f);
}

static void with_faults(struct mworld_config *c)
{
	c->drop = 0.2;
	c->duplicate = 0.3;
	c->faults[0] = (struct mworld_fault){.kind = MFAULT_PARTITION,
	                                     .at_us = 500000,
	                                     .node = 1,
	                                     .mode = PARTITION_BOTH};
	c->faults[1] = (struct mworld_fault){.kind = MFAULT_PARTITION,
	                                     .at_us = 200000,
	                                     .node = 2,
	                                     .mode = PARTITION_NO_SEND};
	c->fault_count = 2;
}

static void test_good_nodes_pass_through_faults(void **state)
{
	struct mworld_config c;
	struct mworld_verdict v;
	struct fake *f;

	(void)state;
	default_config(&c, 4);
	with_faults(&c);
	f = run_fake(&c, GOOD);
	mworld_verdict(f->w, &v);
	assert_true(v.valid);
	assert_true(v.acknowledged > 0);
	assert_int_equal(v.indeterminate, 0);
	assert_true(mworld_stats(f->w)->dropped > 0);
	assert_true(mworld_stats(f->w)->duplicated > 0);
	assert_true(mworld_stats(f->w)->lost > 0); /* the partitions */
	for (uint32_t i = 0; i < c.nodes; i++) {
		struct mworld_node_view n;

		mworld_node(f->w, i, &n);
		assert_true(n.valid);
		assert_true(n.has_final);
		assert_int_equal(n.final_read, v.acknowledged);
		assert_int_equal(n.counter_slots, c.nodes); /* its gossip */
	}
	fake_free(f);
}

/* The verdict of the first node that failed; asserts the run failed. */
static void expect_verdict(enum behaviour b, double duplicate, const char *why)
{
	struct mworld_config c;
	struct mworld_verdict v;
	struct fake *f;
	bool found = false;

	default_config(&c, 3);
	c.duplicate = duplicate;
	f = run_fake(&c, b);
	mworld_verdict(f->w, &v);
	assert_false(v.valid);
	for (uint32_t i = 0; i < c.nodes; i++) {
		struct mworld_node_view n;

		mworld_node(f->w, i, &n);
		if (!n.valid && strstr(n.verdict, why) != NULL)
			found = true;
	}
	if (!found)
		fail_msg("no node failed with \"%s\"", why);
	fake_free(f);
}

static void test_broken_nodes_fail_with_their_reason(void **state)
{
	(void)state;
	expect_verdict(NO_MERGE, 0, "missing (does it merge?)");
	expect_verdict(DOUBLE, 0.9, "it counted something twice");
	expect_verdict(DEFINITE, 0, "it counted something twice");
	expect_verdict(WRONG_SRC, 0,
	               "sent a message from \"n0\", but it is n1");
	expect_verdict(TWICE, 0, "twice");
}

static void test_indeterminate_adds_may_count(void **state)
{
	struct mworld_config c;
	struct mworld_verdict v;
	struct fake *f;

	(void)state;
	default_config(&c, 3);
	f = run_fake(&c, MAYBE);
	mworld_verdict(f->w, &v);
	assert_true(v.valid);
	assert_true(v.indeterminate_ops > 0);
	assert_true(v.exact_subsets);
	fake_free(f);
}

/* A run's log replayed into a world with no node, to the end. */
static struct mworld *replay_of(const struct mworld *run)
{
	size_t count;
	const struct mcmd *log = mworld_log(run, &count);
	struct mworld *w = mworld_new(mworld_config(run), NULL, NULL, NULL, 0);

	assert_non_null(w);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(mworld_replay(w, &log[i], NULL, 0), 0);
	mworld_finish(w);
	return w;
}

static void test_replay_needs_no_node(void **state)
{
	struct mworld_config c;
	struct mworld_verdict a, b;
	struct mworld *w;
	size_t count;
	struct fake *f;

	(void)state;
	default_config(&c, 4);
	with_faults(&c);
	c.faults[2] = (struct mworld_fault){
	    .kind = MFAULT_CRASH, .at_us = 800000, .node = 3};
	c.faults[3] = (struct mworld_fault){
	    .kind = MFAULT_RESTART, .at_us = 1200000, .node = 3};
	c.fault_count = 4;
	f = run_fake(&c, GOOD);
	assert_int_equal(f->starts[3], 2); /* started again: amnesia */
	mworld_verdict(f->w, &a);
	mworld_log(f->w, &count);
	assert_true(count > 100);
	w = replay_of(f->w);
	mworld_verdict(w, &b);
	assert_memory_equal(&a, &b, sizeof a);
	assert_memory_equal(mworld_stats(f->w), mworld_stats(w),
	                    sizeof(struct mworld_stats));
	assert_int_equal(mworld_events_run(f->w), mworld_events_run(w));
	for (uint32_t i = 0; i < c.nodes; i++) {
		struct mworld_node_view x, y;

		mworld_node(f->w, i, &x);
		mworld_node(w, i, &y);
		assert_int_equal(x.final_read, y.final_read);
		assert_int_equal(x.restarts, y.restarts);
		assert_string_equal(x.verdict, y.verdict);
	}
	mworld_free(w);
	fake_free(f);
}

static void key(struct fake *f, struct mcmd cmd)
{
	cmd.kind = MCMD_NET;
	assert_int_equal(mworld_apply(f->w, &cmd, NULL, 0), 0);
}

/* The workload begins at once (the fake answers init at once): the ticks
 * are the workload's times. The adds are the presenter's too, none at n2
 * from its crash on: a G-Counter restarted with amnesia loses the adds it
 * takes before it hears its old count back, which the checker would
 * rightly fail. */
static void press_fault_keys(struct fake *f, uint64_t t)
{
	struct mworld_node_view n;
	struct mcmd add = {.kind = MCMD_ADD,
	                   .node =
	                       (uint32_t)(t / 100000 % (t < 800000 ? 3 : 2)),
	                   .delta = 1 + t / 100000 % 4};

	if (t <= 2900000)
		assert_int_equal(mworld_apply(f->w, &add, NULL, 0), 0);

	if (t == 200000)
		key(f, (struct mcmd){.net = MNET_DROP, .prob = 0.3});
	if (t == 300000)
		key(f, (struct mcmd){.net = MNET_DUPLICATE, .prob = 0.5});
	if (t == 400000) {
		key(f, (struct mcmd){.net = MNET_PARTITION,
		                     .node = 1,
		                     .mode = PARTITION_BOTH});
		assert_int_equal(mworld_partition(f->w, 1), PARTITION_BOTH);
	}
	if (t == 600000)
		key(f, (struct mcmd){.net = MNET_LATENCY,
		                     .latency_us = 10000,
		                     .jitter_us = 490000});
	if (t == 800000) {
		key(f, (struct mcmd){.net = MNET_CRASH, .node = 2});
		mworld_node(f->w, 2, &n);
		assert_true(n.crashed && !n.up);
	}
	if (t == 1000000) {
		key(f, (struct mcmd){.net = MNET_RESTART, .node = 2});
		mworld_node(f->w, 2, &n);
		assert_true(n.up && n.restarts == 1);
		/* A key overrides the scheduled cut of n0 (from 500 ms). */
		assert_int_equal(mworld_partition(f->w, 0), PARTITION_NO_SEND);
		key(f, (struct mcmd){.net = MNET_PARTITION,
		                     .node = 0,
		                     .mode = PARTITION_NONE});
		assert_int_equal(mworld_partition(f->w, 0), PARTITION_NONE);
	}
	if (t == 1500000) {
		key(f, (struct mcmd){.net = MNET_HEAL});
		for (uint32_t i = 0; i < f->n; i++)
			assert_int_equal(mworld_partition(f->w, i),
			                 PARTITION_NONE);
		key(f, (struct mcmd){.net = MNET_DROP, .prob = 0});
	}
}

/* press_fault_keys' world: its adds are the keys', n0 cut (out) by the
 * schedule from 500 ms. */
static void keys_config(struct mworld_config *c)
{
	default_config(c, 3);
	c->rate = 0;
	c->faults[0] = (struct mworld_fault){.kind = MFAULT_PARTITION,
	                                     .at_us = 500000,
	                                     .node = 0,
	                                     .mode = PARTITION_NO_SEND};
	c->fault_count = 1;
}

static void test_fault_keys_are_commands(void **state)
{
	struct mworld_config c;
	struct mworld_verdict a, b;
	struct mworld_net net;
	struct mworld *w;
	struct fake *f;
	struct mcmd bad = {.kind = MCMD_NET, .net = MNET_DROP, .prob = 2};
	char err[200];

	(void)state;
	keys_config(&c);
	f = run_fake_keys(&c, GOOD, press_fault_keys);
	mworld_verdict(f->w, &a);
	for (uint32_t i = 0; i < c.nodes; i++) {
		struct mworld_node_view n;

		mworld_node(f->w, i, &n);
		if (!n.valid)
			fail_msg("n%u: %s", i, n.verdict);
	}
	assert_true(a.valid);
	assert_true(mworld_stats(f->w)->lost > 0);
	assert_true(mworld_stats(f->w)->dropped > 0);
	assert_true(mworld_stats(f->w)->duplicated > 0);
	assert_int_equal(f->starts[2], 2);
	mworld_net(f->w, &net);
	assert_true(net.drop == 0 && net.duplicate == 0.5);
	assert_true(net.latency_us == 10000 && net.jitter_us == 490000);
	assert_int_equal(mworld_apply(f->w, &bad, err, sizeof err), -1);
	assert_non_null(strstr(err, "a rate of 2"));
	/* Replayed with no node: the same run. */
	w = replay_of(f->w);
	mworld_verdict(w, &b);
	assert_memory_equal(&a, &b, sizeof a);
	assert_memory_equal(mworld_stats(f->w), mworld_stats(w),
	                    sizeof(struct mworld_stats));
	mworld_free(w);
	fake_free(f);
}

/* pn-counter: adds of both signs; a good node passes with its two halves
 * on the screen, also with indeterminate adds of both signs (checked
 * exactly); a node that takes a decrement for an increment fails. */
static void test_pn_counter(void **state)
{
	struct mworld_config c;
	struct mworld_verdict v;
	struct mworld_node_view n;
	struct fake *f;
	bool negative = false;

	(void)state;
	default_config(&c, 3);
	c.workload = MWORKLOAD_PN_COUNTER;
	with_faults(&c);
	f = run_fake(&c, GOOD);
	mworld_verdict(f->w, &v);
	assert_true(v.valid);
	for (uint32_t i = 0; i < c.nodes; i++) {
		mworld_node(f->w, i, &n);
		assert_int_equal(n.final_read, v.acknowledged);
		assert_int_equal(n.counter_slots, 2 * c.nodes); /* P and N */
		for (uint32_t k = 0; k < c.nodes; k++)
			negative = negative || n.counter[c.nodes + k] > 0;
	}
	assert_true(negative);
	fake_free(f);

	default_config(&c, 3);
	c.workload = MWORKLOAD_PN_COUNTER;
	f = run_fake(&c, MAYBE);
	mworld_verdict(f->w, &v);
	assert_true(v.valid);
	assert_true(v.exact_subsets);
	assert_true(v.indeterminate_up > 0 && v.indeterminate_down < 0);
	assert_int_equal(v.indeterminate,
	                 v.indeterminate_up + v.indeterminate_down);
	fake_free(f);

	default_config(&c, 3);
	c.workload = MWORKLOAD_PN_COUNTER;
	f = run_fake(&c, ABS);
	mworld_verdict(f->w, &v);
	assert_false(v.valid);
	mworld_node(f->w, 0, &n);
	assert_non_null(strstr(n.verdict, "a decrement as an increment"));
	fake_free(f);

	/* A g-counter's add may not be negative; a pn-counter's may. */
	default_config(&c, 3);
	f = run_fake(&c, GOOD);
	{
		struct mcmd minus = {.kind = MCMD_ADD, .node = 0, .delta = -2};
		char err[200];

		assert_int_equal(mworld_apply(f->w, &minus, err, sizeof err),
		                 -1);
		assert_non_null(strstr(err, "an add of -2 (1 to 1000000)"));
	}
	fake_free(f);
}

/* The settings table's defaults for real nodes (what --help says) are
 * the world's. */
static void test_settings_defaults_are_the_worlds(void **state)
{
	static const struct {
		enum setting_id id;
		uint64_t want;
	} times[] = {
	    {SETTING_SETTLE, offsetof(struct mworld_config, settle_us)},
	    {SETTING_ANSWER, offsetof(struct mworld_config, answer_us)},
	    {SETTING_READ_EVERY, offsetof(struct mworld_config, read_every_us)},
	};
	struct mworld_config c;
	struct setting_value v;
	enum mworld_workload workload;

	(void)state;
	mworld_config_defaults(&c);
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		const struct setting *s = settings_get(times[i].id);
		uint64_t field;

		assert_int_equal(settings_parse(s, SETTING_FROM_COMMAND_LINE,
		                                s->default_text, &v, NULL, 0),
		                 0);
		memcpy(&field, (char *)&c + times[i].want, sizeof field);
		assert_int_equal(v.number, field);
	}
	assert_int_equal(settings_parse(settings_get(SETTING_MAX_DELTA),
	                                SETTING_FROM_COMMAND_LINE, "5", &v,
	                                NULL, 0),
	                 0);
	assert_string_equal(settings_get(SETTING_MAX_DELTA)->default_text, "5");
	assert_int_equal(c.max_delta, 5);
	assert_int_equal(settings_get(SETTING_MAX_DELTA)->max,
	                 MWORLD_MAX_DELTA);
	assert_int_equal(
	    mworld_workload_parse(settings_get(SETTING_WORKLOAD)->default_text,
	                          &workload),
	    0);
	assert_int_equal(workload, c.workload);
	assert_string_equal(mworld_workload_name(MWORKLOAD_PN_COUNTER),
	                    "pn-counter");
}

/* The world at t from scratch: the commands up to t, then the clock. */
static void replay_upto(struct mworld *w, const struct mcmd *log, size_t count,
                        size_t *next, uint64_t t)
{
	while (*next < count && log[*next].time_us <= t)
		assert_int_equal(mworld_replay(w, &log[(*next)++], NULL, 0), 0);
	mworld_run_until(w, t);
}

static void expect_same_world(const struct mworld *a, const struct mworld *b)
{
	struct mworld_verdict x, y;

	assert_int_equal(mworld_now(a), mworld_now(b));
	assert_int_equal(mworld_events_run(a), mworld_events_run(b));
	assert_memory_equal(mworld_stats(a), mworld_stats(b),
	                    sizeof(struct mworld_stats));
	mworld_tally(a, &x);
	mworld_tally(b, &y);
	assert_memory_equal(&x, &y, sizeof x);
	for (uint32_t i = 0; i < mworld_config(a)->nodes; i++) {
		struct mworld_node_view m, n;

		mworld_node(a, i, &m);
		mworld_node(b, i, &n);
		assert_int_equal(m.last_read, n.last_read);
		assert_int_equal(m.up, n.up);
		assert_int_equal(m.counter_slots, n.counter_slots);
		assert_memory_equal(m.counter, n.counter,
		                    m.counter_slots * sizeof *m.counter);
		assert_int_equal(mworld_partition(a, i),
		                 mworld_partition(b, i));
	}
}

/* A checkpoint of the past (a clone) goes on exactly as the world it was
 * copied from, and as the same moment rebuilt from the start. */
static void test_a_clone_is_a_checkpoint(void **state)
{
	struct mworld_config c;
	const struct mcmd *log;
	size_t count, next = 0, from_scratch = 0, from_clone;
	struct mworld *w, *copy, *scratch;
	struct fake *f;

	(void)state;
	keys_config(&c);
	f = run_fake_keys(&c, GOOD, press_fault_keys);
	log = mworld_log(f->w, &count);
	w = mworld_new(&c, NULL, NULL, NULL, 0);
	assert_non_null(w);
	replay_upto(w, log, count, &next, 1000000);
	copy = mworld_clone(w);
	assert_non_null(copy);
	expect_same_world(w, copy);
	from_clone = next;
	/* On to 2.5 s: the copy, the original, and from scratch. */
	replay_upto(w, log, count, &next, 2500000);
	replay_upto(copy, log, count, &from_clone, 2500000);
	scratch = mworld_new(&c, NULL, NULL, NULL, 0);
	assert_non_null(scratch);
	replay_upto(scratch, log, count, &from_scratch, 2500000);
	expect_same_world(w, copy);
	expect_same_world(scratch, copy);
	mworld_free(w);
	/* To the check: the same verdict as the run's. */
	replay_upto(copy, log, count, &from_clone, UINT64_MAX / 2);
	mworld_finish(copy);
	{
		struct mworld_verdict x, y;

		mworld_verdict(f->w, &x);
		mworld_verdict(copy, &y);
		assert_memory_equal(&x, &y, sizeof x);
	}
	mworld_free(copy);
	mworld_free(scratch);
	fake_free(f);
}

static void test_config_is_checked(void **state)
{
	struct mworld_config c;
	char err[200];

	(void)state;
	default_config(&c, 17);
	assert_null(mworld_new(&c, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "--nodes must be 1 to 16"));
	default_config(&c, 3);
	c.faults[0] = (struct mworld_fault){.kind = MFAULT_CRASH, .node = 3};
	c.fault_count = 1;
	assert_null(mworld_new(&c, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "n3"));
	c.faults[0].node = 0;
	c.faults[0].at_us = c.duration_us;
	assert_null(mworld_new(&c, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "not before the workload ends"));
}

/* At 300 ms a student takes n2's seat (a seat command), and its node
 * answers from then on. */
static void take_n2(struct fake *f, uint64_t t)
{
	struct mcmd cmd = {.kind = MCMD_SEAT, .node = 2, .status = 1};

	if (t == 300000)
		assert_int_equal(mworld_apply(f->w, &cmd, NULL, 0), 0);
}

/* A seat --wait-joins kept that nobody took is empty, not a failure; one
 * a student took is judged as any node is. */
static void test_a_seat_nobody_took_is_no_failure(void **state)
{
	struct mworld_config c;
	struct mworld_verdict v;
	struct mworld_node_view n;
	struct fake *f;
	char err[200];

	(void)state;
	default_config(&c, 3);
	c.waiting_seats = 1;
	f = run_fake(&c, GOOD);
	mworld_verdict(f->w, &v);
	assert_true(v.valid);
	mworld_node(f->w, 2, &n);
	assert_true(n.vacant && n.valid && !n.has_final);
	assert_non_null(strstr(n.verdict, "nobody joined"));
	mworld_node(f->w, 1, &n);
	assert_true(!n.vacant && n.valid && n.has_final);
	fake_free(f);

	f = run_fake_keys(&c, GOOD, take_n2);
	mworld_verdict(f->w, &v);
	mworld_node(f->w, 2, &n);
	assert_true(!n.vacant && n.has_final && n.valid);
	assert_true(v.valid);
	fake_free(f);

	c.waiting_seats = 4;
	assert_null(mworld_new(&c, NULL, NULL, err, sizeof err));
	assert_non_null(strstr(err, "seats kept for students"));
}

/* A flood of big messages is refused past the bytes budget, and counted. */
static void test_flood_is_refused_and_counted(void **state)
{
	struct mworld_config c;
	struct mworld *w;
	size_t len = 60 * 1024;
	char *line = malloc(len + 1);
	const char *head = "{\"src\":\"n0\",\"dest\":\"n1\",\"body\":"
	                   "{\"type\":\"junk\",\"pad\":\"";
	uint32_t cursor = 0, count = 0;
	struct mworld_flight f;

	(void)state;
	default_config(&c, 2);
	w = mworld_new(&c, NULL, NULL, NULL, 0);
	assert_non_null(w && line);
	mworld_step(w); /* n0 starts */
	memset(line, 'x', len);
	memcpy(line, head, strlen(head));
	memcpy(line + len - 3, "\"}}", 3);
	line[len] = '\0';
	for (int i = 0; i < 1200; i++) {
		struct mcmd cmd = {
		    .kind = MCMD_OUT, .node = 0, .line = line, .len = len};

		assert_int_equal(mworld_apply(w, &cmd, NULL, 0), 0);
	}
	while (mworld_flight_next(w, &cursor, &f))
		count++;
	assert_true((uint64_t)count * len <= MWORLD_MAX_FLIGHT_BYTES);
	assert_int_equal(mworld_stats(w)->refused, 1200 - count);
	assert_true(mworld_stats(w)->refused > 0);
	free(line);
	mworld_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_nodes_pass_through_faults),
	    cmocka_unit_test(test_broken_nodes_fail_with_their_reason),
	    cmocka_unit_test(test_indeterminate_adds_may_count),
	    cmocka_unit_test(test_replay_needs_no_node),
	    cmocka_unit_test(test_fault_keys_are_commands),
	    cmocka_unit_test(test_pn_counter),
	    cmocka_unit_test(test_settings_defaults_are_the_worlds),
	    cmocka_unit_test(test_a_clone_is_a_checkpoint),
	    cmocka_unit_test(test_config_is_checked),
	    cmocka_unit_test(test_flood_is_refused_and_counted),
	    cmocka_unit_test(test_a_seat_nobody_took_is_no_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
