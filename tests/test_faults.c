/*
 * Faults: partitions (both ways and one way), crashes and restarts of
 * workers (durable and amnesia) and of the relay, readers that see the
 * count go backwards, the convergence latency per increment, and a
 * randomized fault schedule over many seeds for every strategy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"
#include "view/numbers.h"
#include "world.h"

static void inc(struct sim *sim, uint32_t node, uint64_t amount)
{
	support_apply(sim, (struct command){.kind = CMD_INCREMENT,
	                                    .node = node,
	                                    .amount = amount});
}

static void assert_all_values(const struct sim *sim, uint64_t value)
{
	for (uint32_t i = 0; i < sim_node_count(sim); i++)
		if (!sim_node_down(sim, i))
			assert_int_equal(sim_node_value(sim, i), value);
}

static void test_partitioned_node_catches_up_after_heal(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 1, CRDT_GCOUNTER);

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 2,
	                                    .mode = PARTITION_BOTH});
	inc(sim, 0, 2);
	inc(sim, 2, 5); /* both sides keep counting */
	sim_run_until(sim, 2000000);
	assert_int_equal(sim_node_value(sim, 0), 2);
	assert_int_equal(sim_node_value(sim, 1), 2);
	assert_int_equal(sim_node_value(sim, 2), 5);
	assert_false(sim_converged(sim));
	support_check(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_run_until(sim, 3000000);
	assert_true(sim_converged(sim));
	assert_all_values(sim, 7); /* nothing lost */
	support_check(sim, 0);
	sim_free(sim);
}

static void test_one_way_partitions_cut_one_direction(void **state)
{
	struct sim *sim = support_world(&strategy_gossip, 3, 2, CRDT_GCOUNTER);
	struct sim_stats stats;

	(void)state;
	/* n1 can send but not receive; n2 can receive but not send. */
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 0,
	                                    .mode = PARTITION_NO_RECEIVE});
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 1,
	                                    .mode = PARTITION_NO_SEND});
	inc(sim, 0, 1);
	inc(sim, 1, 1);
	inc(sim, 2, 1);
	sim_run_until(sim, 5000000);
	assert_int_equal(sim_node_value(sim, 0), 1); /* learns nothing */
	assert_int_equal(sim_node_value(sim, 1), 3); /* learns everything */
	assert_int_equal(sim_node_value(sim, 2), 2); /* never hears n2 */
	sim_stats(sim, &stats);
	assert_true(stats.lost > 0);
	support_check(sim, 0);
	sim_free(sim);
}

static void
test_a_crashed_worker_refuses_work_and_recovers_its_slot(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 3, CRDT_GCOUNTER);
	struct command late = {.kind = CMD_INCREMENT, .node = 1, .amount = 1};
	char err[128];

	(void)state;
	inc(sim, 1, 4);
	/* It crashes before any gossip: its count exists only on its disk. */
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	assert_true(sim_node_down(sim, 1));
	assert_int_equal(sim_live_nodes(sim), 3);
	assert_int_equal(sim_apply(sim, &late, err, sizeof err), -1);
	assert_string_equal(err, "n2 is down (restart it first)");
	inc(sim, 0, 1);
	sim_run_until(sim, 2000000);
	/* The live nodes agree, but not with the truth: n2's 4 are missing. */
	assert_false(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 3), 1);
	support_check(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_DURABLE});
	assert_int_equal(sim_node_vector(sim, 1)->slots[1], 4);
	assert_int_equal(sim_node_vector(sim, 1)->slots[0], 0);
	sim_run_until(sim, 4000000);
	assert_true(sim_converged(sim));
	assert_all_values(sim, 5);
	assert_int_equal(sim_join_value(sim), sim_truth_total(sim));
	support_check(sim, 0);
	sim_free(sim);
}

static void
test_amnesia_hides_new_increments_behind_the_old_maximum(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 4, CRDT_GCOUNTER);

	(void)state;
	inc(sim, 0, 5);
	sim_run_until(sim, 1000000); /* the others learn n1's 5 */
	assert_all_values(sim, 5);
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 0});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 0,
	                                    .mode = RESTART_AMNESIA});
	assert_int_equal(sim_node_value(sim, 0), 0);
	inc(sim, 0, 3); /* counts 1, 2, 3 again: below the 5 the others hold */
	sim_run_until(sim, 3000000);
	assert_true(sim_converged(sim));
	assert_all_values(sim, 5);
	assert_int_equal(sim_truth_total(sim), 8);
	/* Exactly the three increments made from zero are lost. */
	assert_int_equal(sim_truth_total(sim) - sim_join_value(sim), 3);
	/* Gossip gave n1 its old count back: new increments count again. */
	inc(sim, 0, 1);
	assert_int_equal(sim_node_vector(sim, 0)->slots[0], 6);
	support_check(sim, 0);
	sim_free(sim);
}

static void
test_nothing_propagates_under_relay_while_the_relay_is_down(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 4, 5, CRDT_GCOUNTER);

	(void)state;
	support_apply(sim,
	              (struct command){.kind = CMD_CRASH, .node = SIM_RELAY});
	assert_true(sim_relay_down(sim));
	inc(sim, 0, 1);
	inc(sim, 3, 2);
	sim_run_until(sim, 10000000);
	assert_false(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 1), 0);
	support_apply(sim,
	              (struct command){.kind = CMD_RESTART, .node = SIM_RELAY});
	sim_run_until(sim, 11000000);
	assert_true(sim_converged(sim));
	assert_all_values(sim, 3);
	sim_free(sim);
}

static void test_gossip_does_not_notice_the_relay_is_down(void **state)
{
	struct sim *sim = support_world(&strategy_gossip, 4, 6, CRDT_GCOUNTER);

	(void)state;
	support_apply(sim,
	              (struct command){.kind = CMD_CRASH, .node = SIM_RELAY});
	inc(sim, 0, 1);
	inc(sim, 3, 2);
	sim_run_until(sim, 5000000);
	assert_true(sim_converged(sim));
	assert_all_values(sim, 3);
	sim_free(sim);
}

static void test_fault_commands_are_checked(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 7, CRDT_GCOUNTER);
	struct command cmd = {.kind = CMD_RESTART, .node = 0};
	char err[128];

	(void)state;
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	assert_string_equal(err, "n1 is already up");
	cmd = (struct command){.kind = CMD_RESTART, .node = SIM_RELAY};
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	assert_string_equal(err, "the relay is already up");
	cmd = (struct command){.kind = CMD_PARTITION, .node = 9};
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	cmd = (struct command){.kind = CMD_PARTITION, .node = 0, .mode = 7};
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	sim_free(sim);
}

/* A random reader on a lagging cluster, the original's page views. */
static uint64_t backwards_reads(enum sim_reader reader, uint64_t seed)
{
	struct sim_config c;
	struct sim_stats stats;
	char err[128];
	struct sim *sim;

	sim_config_defaults(&c);
	c.seed = seed;
	c.rate = 50;
	c.reader = reader;
	c.read_rate = 50;
	c.latency = latency_uniform(20000, 200000);
	sim = sim_new(&c, err, sizeof err);
	sim_run_until(sim, 20000000);
	sim_stats(sim, &stats);
	assert_true(stats.reads > 500);
	sim_free(sim);
	return stats.backwards_reads;
}

static void
test_a_random_reader_sees_the_count_go_down_and_sticky_never(void **state)
{
	(void)state;
	assert_true(backwards_reads(READER_RANDOM, 1) > 10);
	assert_int_equal(backwards_reads(READER_STICKY, 1), 0);
}

static void
test_latency_per_increment_is_the_time_to_reach_every_node(void **state)
{
	struct sim *sim =
	    support_world(&strategy_on_change, 4, 8, CRDT_GCOUNTER);
	struct sim_latency latency;

	(void)state;
	for (int i = 0; i < 10; i++) {
		inc(sim, (uint32_t)i % 4, 1);
		sim_run_until(sim, sim_now(sim) + 50000);
	}
	sim_latency(sim, &latency);
	/* on-change sends straight to all, one 10ms hop. */
	assert_int_equal(latency.samples, 10);
	assert_int_equal(latency.pending, 0);
	assert_int_equal(latency.p50_us, 10000);
	assert_int_equal(latency.p99_us, 10000);
	assert_int_equal(latency.max_us, 10000);
	sim_free(sim);
}

static void
test_every_repairing_strategy_survives_a_random_fault_schedule(void **state)
{
	size_t n;
	const struct strategy *const *all = strategy_all(&n);

	(void)state;
	for (size_t s = 0; s < n; s++) {
		/* on-change never resends: a lost message stays lost (the
		 * test below shows it). */
		if (all[s] == &strategy_on_change)
			continue;
		for (uint64_t i = 0; i < 500; i++)
			support_fault_schedule(all[s], CRDT_GCOUNTER,
			                       MODE_STATE,
			                       support_seed(5150) + i);
	}
}

static void test_on_change_never_repairs_a_lost_message(void **state)
{
	struct sim *sim =
	    support_world(&strategy_on_change, 3, 9, CRDT_GCOUNTER);

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 2,
	                                    .mode = PARTITION_BOTH});
	inc(sim, 0, 1);
	sim_run_until(sim, 1000000);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_run_until(sim, 60000000);
	assert_false(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 2), 0);
	/* The next increment carries the whole vector, and repairs it. */
	inc(sim, 0, 1);
	sim_run_until(sim, 61000000);
	assert_true(sim_converged(sim));
	sim_free(sim);
}

/* What a trace reader sees a budget refuse. */
struct refusals {
	uint64_t in_flight, payload_bytes, dice;
};

static void count_refusals(void *ctx, const struct sim *sim,
                           const struct sim_record *r)
{
	struct refusals *seen = ctx;

	(void)sim;
	if (r->kind != REC_DROP)
		return;
	if (r->refused == REFUSED_IN_FLIGHT)
		seen->in_flight++;
	else if (r->refused == REFUSED_PAYLOAD_BYTES)
		seen->payload_bytes++;
	else
		seen->dice++;
}

/* A relay world of 8 nodes whose budgets are set to bind. */
static struct sim *budget_world(uint64_t in_flight, uint64_t payload_bytes)
{
	struct sim_config c;
	char err[160];
	struct sim *sim;

	sim_config_defaults(&c);
	c.nodes = 8;
	c.seed = 3;
	c.rate = 50;
	c.duration_us = 2000000;
	c.max_in_flight = in_flight;
	c.max_payload_bytes = payload_bytes;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	return sim;
}

static void test_a_send_a_budget_refuses_is_counted_with_why(void **state)
{
	struct refusals seen = {0};
	struct sim_stats stats;
	struct numbers_cache cache = {0};
	char line[512];
	uint64_t budget, bytes;
	struct sim *sim = budget_world(4, 0);

	(void)state;
	sim_budgets(sim, &budget, &bytes);
	assert_int_equal(budget, 4);
	assert_int_equal(bytes, SIM_MAX_PAYLOAD_BYTES);
	sim_set_observer(sim, count_refusals, &seen);
	while (sim_now(sim) < 2000000 && sim_step(sim))
		assert_true(sim_in_flight(sim) <= 4);
	sim_stats(sim, &stats);
	/* Every refusal is a drop, counted with its reason and recorded
	 * with it; the dice dropped nothing here. */
	assert_true(stats.refused_in_flight > 0);
	assert_int_equal(stats.refused_payload_bytes, 0);
	assert_int_equal(seen.in_flight, stats.refused_in_flight);
	assert_int_equal(seen.payload_bytes, 0);
	assert_int_equal(seen.dice, 0);
	assert_int_equal(stats.dropped, stats.refused_in_flight);
	/* The dashboard's numbers line says so. */
	numbers_line(sim, &cache, 400, " | ", line, sizeof line);
	assert_non_null(strstr(line, "refused "));
	assert_non_null(strstr(line, "in-flight budget"));
	sim_free(sim);

	/* A payload budget smaller than one vector refuses every state. */
	seen = (struct refusals){0};
	sim = budget_world(0, 1);
	sim_set_observer(sim, count_refusals, &seen);
	sim_run_until(sim, 2000000);
	sim_stats(sim, &stats);
	assert_true(stats.refused_payload_bytes > 0);
	assert_int_equal(stats.refused_payload_bytes, stats.sent);
	assert_int_equal(seen.payload_bytes, stats.sent);
	assert_int_equal(stats.delivered, 0);
	sim_free(sim);
}

/* A send the payload budget refuses gets a hollow snapshot when no one
 * watches (sim_snapshot): the world must go exactly as when one does. */
static void test_a_refused_send_is_the_same_watched_or_not(void **state)
{
	struct refusals seen = {0};
	struct sim_stats watched, alone;
	struct sim_config c;
	char err[160];
	struct sim *a, *b;

	(void)state;
	sim_config_defaults(&c);
	c.strategy = &strategy_push_pull;
	c.nodes = 16;
	c.seed = 5;
	c.rate = 100;
	c.duration_us = 3000000;
	c.max_payload_bytes = 6000;
	a = sim_new(&c, err, sizeof err);
	b = sim_new(&c, err, sizeof err);
	assert_non_null(a);
	assert_non_null(b);
	sim_set_observer(a, count_refusals, &seen);
	sim_run_until(a, 3000000);
	sim_run_until(b, 3000000);
	sim_stats(a, &watched);
	sim_stats(b, &alone);
	/* The budget (about 26 vectors, the free list's too) binds some of
	 * the time, not always. */
	assert_true(watched.refused_payload_bytes > 0);
	assert_true(watched.delivered > 0);
	assert_int_equal(seen.payload_bytes, watched.refused_payload_bytes);
	assert_int_equal(alone.refused_payload_bytes,
	                 watched.refused_payload_bytes);
	assert_int_equal(alone.sent, watched.sent);
	assert_int_equal(alone.delivered, watched.delivered);
	assert_int_equal(sim_state_hash(a), sim_state_hash(b));
	sim_free(a);
	sim_free(b);
}

static void test_budgets_grow_with_the_world(void **state)
{
	uint64_t in_flight, bytes;
	struct sim *small = budget_world(0, 0);
	struct sim_config c;
	char err[160];
	struct sim *big;

	(void)state;
	sim_budgets(small, &in_flight, &bytes);
	assert_int_equal(in_flight, SIM_MAX_IN_FLIGHT);
	sim_free(small);
	sim_config_defaults(&c);
	c.nodes = 4096;
	big = sim_new(&c, err, sizeof err);
	assert_non_null(big);
	sim_budgets(big, &in_flight, &bytes);
	/* a relay's fan-out of every worker's vector at once */
	assert_int_equal(in_flight, 4096ULL * 4096);
	sim_free(big);
	c.max_in_flight = SIM_MAX_IN_FLIGHT_CAP + 1ULL;
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "in-flight budget"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_partitioned_node_catches_up_after_heal),
	    cmocka_unit_test(test_one_way_partitions_cut_one_direction),
	    cmocka_unit_test(
	        test_a_crashed_worker_refuses_work_and_recovers_its_slot),
	    cmocka_unit_test(
	        test_amnesia_hides_new_increments_behind_the_old_maximum),
	    cmocka_unit_test(
	        test_nothing_propagates_under_relay_while_the_relay_is_down),
	    cmocka_unit_test(test_gossip_does_not_notice_the_relay_is_down),
	    cmocka_unit_test(test_fault_commands_are_checked),
	    cmocka_unit_test(
	        test_a_random_reader_sees_the_count_go_down_and_sticky_never),
	    cmocka_unit_test(
	        test_latency_per_increment_is_the_time_to_reach_every_node),
	    cmocka_unit_test(
	        test_every_repairing_strategy_survives_a_random_fault_schedule),
	    cmocka_unit_test(test_on_change_never_repairs_a_lost_message),
	    cmocka_unit_test(test_a_send_a_budget_refuses_is_counted_with_why),
	    cmocka_unit_test(test_a_refused_send_is_the_same_watched_or_not),
	    cmocka_unit_test(test_budgets_grow_with_the_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
