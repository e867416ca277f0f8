/*
 * The simulation engine: the relay strategy as the original design has it,
 * determinism and replay, the truth bookkeeping, and convergence over many
 * random seeds. Property tests print their seed on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"
#include "world.h"

static void apply(struct sim *sim, enum command_kind kind, uint32_t node,
                  uint64_t amount)
{
	struct command cmd = {.kind = kind, .node = node, .amount = amount};
	char err[128];

	if (sim_apply(sim, &cmd, err, sizeof err) != 0)
		fail_msg("sim_apply: %s", err);
}

/* --- a recorder of everything that happens ------------------------------ */

#define MAX_SEEN 4096
struct seen {
	size_t count;
	struct sim_record records[MAX_SEEN];
	uint64_t hash; /* FNV-1a over every record, vectors included */
};

static void hash_bytes(uint64_t *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		*h ^= p[i];
		*h *= 0x100000001b3ULL;
	}
}

static void hash_vector(uint64_t *h, const struct gcounter *g)
{
	if (g != NULL)
		hash_bytes(h, g->slots, g->n * sizeof *g->slots);
}

static void record_all(void *ctx, const struct sim *sim,
                       const struct sim_record *r)
{
	struct seen *seen = ctx;
	uint64_t fields[] = {r->kind,   r->time_us,    r->node,
	                     r->from,   r->to,         r->origin,
	                     r->amount, r->message_id, r->changed};

	(void)sim;
	hash_bytes(&seen->hash, fields, sizeof fields);
	hash_vector(&seen->hash, r->payload);
	hash_vector(&seen->hash, r->before);
	hash_vector(&seen->hash, r->after);
	if (seen->count < MAX_SEEN) {
		seen->records[seen->count] = *r;
		/* Vectors are valid only during the call. */
		seen->records[seen->count].payload = NULL;
		seen->records[seen->count].before = NULL;
		seen->records[seen->count].after = NULL;
	}
	seen->count++;
}

static void watch(struct sim *sim, struct seen *seen)
{
	memset(seen, 0, sizeof *seen);
	seen->hash = 0xcbf29ce484222325ULL;
	sim_set_observer(sim, record_all, seen);
}

static void check_invariants(const struct sim *sim, uint64_t seed)
{
	char err[256];

	if (sim_check_invariants(sim, err, sizeof err) != 0)
		fail_msg("seed %llu: %s", (unsigned long long)seed, err);
}

/* --- basics --------------------------------------------------------------- */

static void test_new_world_starts_converged_at_zero(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 1, CRDT_GCOUNTER);

	(void)state;
	assert_true(sim_converged(sim));
	assert_int_equal(sim_truth_total(sim), 0);
	assert_int_equal(sim_cells_behind(sim), 0);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(sim_node_value(sim, i), 0);
	check_invariants(sim, 1);
	sim_free(sim);
	sim_free(NULL);
}

static void test_invalid_configs_are_refused_with_a_message(void **state)
{
	struct sim_config c;
	char err[128];

	(void)state;
	sim_config_defaults(&c);
	c.nodes = 0;
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "nodes"));
	c.nodes = SIM_MAX_NODES + 1;
	assert_null(sim_new(&c, err, sizeof err));
	sim_config_defaults(&c);
	c.gossip_min_us = 300000;
	c.gossip_max_us = 200000;
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "gossip"));
	sim_config_defaults(&c);
	c.rate = -1;
	assert_null(sim_new(&c, err, sizeof err));
	sim_config_defaults(&c);
	c.drop = 1.5;
	assert_null(sim_new(&c, err, sizeof err));
}

static void test_bad_commands_are_refused_and_not_logged(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 1, CRDT_GCOUNTER);
	struct command inc = {.kind = CMD_INCREMENT, .node = 3, .amount = 1};
	struct command zero = {.kind = CMD_INCREMENT, .node = 0, .amount = 0};
	struct command rate = {.kind = CMD_SET_RATE, .rate = -2};
	char err[128];
	size_t count;

	(void)state;
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), -1);
	assert_string_equal(err, "no node n4 (nodes are n1 to n3)");
	assert_int_equal(sim_apply(sim, &zero, err, sizeof err), -1);
	assert_int_equal(sim_apply(sim, &rate, err, sizeof err), -1);
	sim_command_log(sim, &count);
	assert_int_equal(count, 0);
	sim_free(sim);
}

static void test_increment_raises_own_slot_and_the_truth(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 1, CRDT_GCOUNTER);

	(void)state;
	apply(sim, CMD_INCREMENT, 1, 3);
	assert_int_equal(sim_node_vector(sim, 1)->slots[1], 3);
	assert_int_equal(sim_node_value(sim, 0), 0);
	assert_int_equal(sim_truth_total(sim), 3);
	assert_false(sim_converged(sim));
	/* The two other nodes are each one cell behind. */
	assert_int_equal(sim_cells_behind(sim), 2);
	check_invariants(sim, 1);
	sim_free(sim);
}

static void test_step_runs_exactly_one_event(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 5, CRDT_GCOUNTER);
	uint64_t t;

	(void)state;
	assert_true(sim_next_event_time(sim, &t));
	assert_int_equal(sim_events_run(sim), 0);
	assert_true(sim_step(sim));
	assert_int_equal(sim_events_run(sim), 1);
	assert_int_equal(sim_now(sim), t);
	sim_free(sim);
}

/* --- the relay strategy -----------------------------------------------------
 */

static void test_relay_forwards_to_every_worker_but_the_sender(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 7, CRDT_GCOUNTER);
	struct seen *seen = calloc(1, sizeof *seen);
	bool forwarded_to[4] = {false};
	size_t to_relay = 0, forwards = 0;

	(void)state;
	watch(sim, seen);
	apply(sim, CMD_INCREMENT, 1, 1);
	apply(sim, CMD_GOSSIP_NOW, 1, 0);
	/* Gossip timers are at least 180ms away; two hops of 10ms each. */
	sim_run_until(sim, 25000);
	for (size_t i = 0; i < seen->count; i++) {
		const struct sim_record *r = &seen->records[i];

		if (r->kind != REC_SEND)
			continue;
		assert_int_equal(r->origin, 1);
		if (r->to == SIM_RELAY) {
			assert_int_equal(r->from, 1);
			to_relay++;
		} else {
			assert_int_equal(r->from, SIM_RELAY);
			assert_false(forwarded_to[r->to]);
			forwarded_to[r->to] = true;
			forwards++;
		}
	}
	assert_int_equal(to_relay, 1);
	assert_int_equal(forwards, 3);
	assert_false(forwarded_to[1]);
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(sim_node_value(sim, i), 1);
	assert_true(sim_converged(sim));
	/* Both hops took latency: the receivers merged at 20ms. */
	assert_int_equal(sim_cell_changed_at(sim, 0, 1), 20000);
	sim_free(sim);
	free(seen);
}

static void test_a_message_carries_a_snapshot_not_the_live_vector(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 2, 3, CRDT_GCOUNTER);
	struct sim_message_view view;

	(void)state;
	apply(sim, CMD_INCREMENT, 0, 1);
	apply(sim, CMD_GOSSIP_NOW, 0, 0);
	apply(sim, CMD_INCREMENT, 0, 5);
	assert_true(sim_message_first(sim, &view));
	assert_int_equal(view.payload->slots[0], 1);
	assert_int_equal(sim_node_vector(sim, 0)->slots[0], 6);
	sim_run_until(sim, 25000);
	/* n2 got the value as it was when sent, not as it is now. */
	assert_int_equal(sim_node_vector(sim, 1)->slots[0], 1);
	sim_free(sim);
}

static void test_incoming_gossip_never_resets_a_workers_timer(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 11, CRDT_GCOUNTER);
	struct seen *seen = calloc(1, sizeof *seen);
	uint64_t armed = sim_node_next_gossip(sim, 0);
	size_t fired = 0;

	(void)state;
	watch(sim, seen);
	/* Flood n1 with gossip from the others before its timer fires. */
	for (uint32_t from = 1; from < 4; from++) {
		apply(sim, CMD_INCREMENT, from, 1);
		apply(sim, CMD_GOSSIP_NOW, from, 0);
	}
	sim_run_until(sim, 30000);
	assert_int_equal(sim_node_value(sim, 0), 3);
	assert_int_equal(sim_node_next_gossip(sim, 0), armed);
	sim_run_until(sim, armed);
	for (size_t i = 0; i < seen->count; i++) {
		const struct sim_record *r = &seen->records[i];

		if (r->kind == REC_TIMER && r->node == 0) {
			assert_int_equal(r->time_us, armed);
			fired++;
		}
	}
	assert_int_equal(fired, 1);
	/* Re-armed by its own firing, within the configured interval. */
	assert_in_range(sim_node_next_gossip(sim, 0), armed + 180000,
	                armed + 220000);
	sim_free(sim);
	free(seen);
}

static void test_messages_in_flight_are_listed_in_send_order(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 2, CRDT_GCOUNTER);
	struct sim_message_view view;
	size_t listed = 0;
	uint64_t last_id = 0;

	(void)state;
	apply(sim, CMD_GOSSIP_NOW, 0, 0);
	apply(sim, CMD_GOSSIP_NOW, 2, 0);
	sim_run_until(sim, 10000); /* both reach the relay and fan out */
	for (bool ok = sim_message_first(sim, &view); ok;
	     ok = sim_message_next(sim, &view)) {
		assert_true(view.id > last_id);
		assert_int_equal(view.from, SIM_RELAY);
		assert_true(view.deliver_us > sim_now(sim));
		last_id = view.id;
		listed++;
	}
	assert_int_equal(listed, 6);
	assert_int_equal(sim_in_flight(sim), 6);
	sim_free(sim);
}

/* --- the network's faults ---------------------------------------------- */

static void test_a_network_that_drops_everything_never_converges(void **state)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[128];
	struct sim *sim;

	(void)state;
	sim_config_defaults(&c);
	c.drop = 1.0;
	sim = sim_new(&c, err, sizeof err);
	apply(sim, CMD_INCREMENT, 0, 1);
	sim_run_until(sim, 5000000);
	assert_false(sim_converged(sim));
	sim_stats(sim, &stats);
	assert_true(stats.sent > 0);
	assert_int_equal(stats.dropped, stats.sent);
	assert_int_equal(stats.delivered, 0);
	sim_free(sim);
}

static void test_duplicated_messages_change_nothing(void **state)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[128];
	struct sim *sim;

	(void)state;
	sim_config_defaults(&c);
	c.duplicate = 1.0;
	sim = sim_new(&c, err, sizeof err);
	apply(sim, CMD_INCREMENT, 0, 2);
	apply(sim, CMD_INCREMENT, 3, 1);
	sim_run_until(sim, 2000000);
	assert_true(sim_converged(sim));
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(sim_node_value(sim, i), 3);
	sim_stats(sim, &stats);
	assert_int_equal(stats.duplicated, stats.sent);
	check_invariants(sim, 0);
	sim_free(sim);
}

/* --- determinism and replay --------------------------------------------------
 */

static uint64_t run_workload(uint64_t seed, uint32_t nodes)
{
	struct sim_config c;
	struct seen *seen = calloc(1, sizeof *seen);
	char err[128];
	struct sim *sim;
	uint64_t hash;

	sim_config_defaults(&c);
	c.seed = seed;
	c.nodes = nodes;
	c.rate = 40;
	c.duration_us = 2000000;
	c.latency = latency_exponential(25000);
	c.drop = 0.05;
	c.duplicate = 0.05;
	sim = sim_new(&c, err, sizeof err);
	watch(sim, seen);
	sim_run_until(sim, 3000000);
	hash = seen->hash;
	sim_free(sim);
	free(seen);
	return hash;
}

static void test_two_runs_with_one_seed_are_identical(void **state)
{
	(void)state;
	assert_int_equal(run_workload(42, 6), run_workload(42, 6));
	assert_int_not_equal(run_workload(42, 6), run_workload(43, 6));
}

static void test_replaying_the_command_log_gives_the_same_run(void **state)
{
	uint64_t seed = support_seed(20261126);
	struct rng rng;
	struct sim *live =
	               support_world(&strategy_relay, 5, seed, CRDT_GCOUNTER),
	           *replay =
	               support_world(&strategy_relay, 5, seed, CRDT_GCOUNTER);
	struct seen *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	const struct command *log;
	size_t count;
	char err[128];

	(void)state;
	rng_seed(&rng, seed, 77);
	watch(live, a);
	/* Drive it as a presenter would: run a while, press keys, step. */
	for (int i = 0; i < 300; i++) {
		switch (rng_below(&rng, 4)) {
		case 0:
			sim_run_until(live,
			              sim_now(live) + rng_below(&rng, 50000));
			break;
		case 1:
			sim_step(live);
			break;
		case 2:
			apply(live, CMD_INCREMENT, (uint32_t)rng_below(&rng, 5),
			      1 + rng_below(&rng, 3));
			break;
		default:
			apply(live, CMD_GOSSIP_NOW,
			      (uint32_t)rng_below(&rng, 5), 0);
			break;
		}
	}
	sim_run_until(live, sim_now(live) + 1000000);

	log = sim_command_log(live, &count);
	assert_true(count > 50);
	watch(replay, b);
	for (size_t i = 0; i < count; i++)
		if (sim_replay(replay, &log[i], err, sizeof err) != 0)
			fail_msg("seed %llu: replay %zu: %s",
			         (unsigned long long)seed, i, err);
	sim_run_until(replay, sim_now(live));

	if (a->hash != b->hash || a->count != b->count)
		fail_msg("seed %llu: replay differs (%zu vs %zu records)",
		         (unsigned long long)seed, a->count, b->count);
	for (uint32_t i = 0; i < 5; i++)
		assert_true(gcounter_equal(sim_node_vector(live, i),
		                           sim_node_vector(replay, i)));
	sim_free(live);
	sim_free(replay);
	free(a);
	free(b);
}

/* --- convergence over many seeds -------------------------------------------
 */

/* A random world (relay, duplicates, any latency) and a random workload. */
#define RANDOM_WORLD_MAX_NODES 12

static void random_world(struct rng *rng, struct sim_config *c)
{
	c->nodes = 1 + (uint32_t)rng_below(rng, RANDOM_WORLD_MAX_NODES);
	c->rate = (double)(1 + rng_below(rng, 200));
	c->duration_us = 500000 + rng_below(rng, 1500000);
	switch (rng_below(rng, 3)) {
	case 0:
		c->latency = latency_constant(rng_below(rng, 50000));
		break;
	case 1:
		c->latency = latency_uniform(0, 1 + rng_below(rng, 300000));
		break;
	default:
		c->latency = latency_exponential(1 + rng_below(rng, 80000));
		break;
	}
	c->duplicate = rng_unit(rng) * 0.3;
}

/* What each node held at the last check: no vector may ever shrink. */
struct no_shrinking {
	uint64_t *previous;
};

static int invariants_and_no_shrinking(void *ctx, const struct sim *sim,
                                       char *err, size_t errlen)
{
	struct no_shrinking *watch = ctx;
	uint32_t nodes = sim_node_count(sim);

	if (sim_check_invariants(sim, err, errlen) != 0)
		return -1;
	for (uint32_t i = 0; i < nodes; i++) {
		const struct gcounter *v = sim_node_vector(sim, i);
		struct gcounter before = {nodes,
		                          &watch->previous[(size_t)i * nodes]};

		if (!gcounter_leq(&before, v)) {
			snprintf(err, errlen, "n%u went backwards", i + 1);
			return -1;
		}
		gcounter_copy(&before, v);
	}
	return 0;
}

/* A random world, a random workload, then quiet: it must converge with
 * every value equal to the truth, and no vector may ever shrink. */
static void converge_one(uint64_t seed)
{
	const struct hostile_world world = {.stream = 1, .draw = random_world};
	struct no_shrinking watch;
	struct hostile_settle settle = {.limit_us = 30000000,
	                                .check_every = 64,
	                                .check = invariants_and_no_shrinking,
	                                .ctx = &watch};

	watch.previous =
	    calloc((size_t)RANDOM_WORLD_MAX_NODES * RANDOM_WORLD_MAX_NODES,
	           sizeof *watch.previous);
	assert_non_null(watch.previous);
	support_converge(&world, &settle, seed);
	free(watch.previous);
}

static void test_random_seeds_all_converge_to_the_truth(void **state)
{
	uint64_t base = support_seed(20261126);

	(void)state;
	for (uint64_t i = 0; i < 250; i++)
		converge_one(base + i);
}

/* The relay's fan-outs are one record each inside the engine; outside,
 * every copy on its way is a message of its own, in send order. */
static void
test_the_relays_copies_in_flight_are_listed_in_send_order(void **state)
{
	struct sim_config c;
	struct sim_message_view m;
	char err[128];
	struct sim *sim;
	int checked = 0;

	(void)state;
	sim_config_defaults(&c);
	c.nodes = 6;
	c.seed = 5;
	c.rate = 40;
	c.duplicate = 0.2;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	while (sim_now(sim) < 3000000 && sim_step(sim)) {
		size_t listed = 0;
		uint64_t last_id = 0, last_sent = 0;

		for (bool ok = sim_message_first(sim, &m); ok;
		     ok = sim_message_next(sim, &m)) {
			/* ids rise with sends; a duplicate repeats its id */
			assert_true(m.id >= last_id);
			assert_true(m.sent_us >= last_sent);
			assert_true(m.deliver_us >= sim_now(sim));
			if (m.from == SIM_RELAY)
				assert_int_not_equal(m.to, m.origin);
			last_id = m.id;
			last_sent = m.sent_us;
			listed++;
		}
		assert_int_equal(listed, sim_in_flight(sim));
		checked += listed > 6;
	}
	assert_true(checked > 0);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_world_starts_converged_at_zero),
	    cmocka_unit_test(test_invalid_configs_are_refused_with_a_message),
	    cmocka_unit_test(test_bad_commands_are_refused_and_not_logged),
	    cmocka_unit_test(test_increment_raises_own_slot_and_the_truth),
	    cmocka_unit_test(test_step_runs_exactly_one_event),
	    cmocka_unit_test(
	        test_relay_forwards_to_every_worker_but_the_sender),
	    cmocka_unit_test(
	        test_a_message_carries_a_snapshot_not_the_live_vector),
	    cmocka_unit_test(test_incoming_gossip_never_resets_a_workers_timer),
	    cmocka_unit_test(test_messages_in_flight_are_listed_in_send_order),
	    cmocka_unit_test(
	        test_a_network_that_drops_everything_never_converges),
	    cmocka_unit_test(test_duplicated_messages_change_nothing),
	    cmocka_unit_test(test_two_runs_with_one_seed_are_identical),
	    cmocka_unit_test(test_replaying_the_command_log_gives_the_same_run),
	    cmocka_unit_test(test_random_seeds_all_converge_to_the_truth),
	    cmocka_unit_test(
	        test_the_relays_copies_in_flight_are_listed_in_send_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
