/*
 * Every propagation strategy: what it sends and when, that each converges
 * to the truth under duplicates, drops and reordering (on-change has no
 * repair, so it gets no drops), and that switching strategy mid-run keeps
 * the run convergent and replayable.
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
#include "world.h"

struct counts {
	uint64_t sends[4];    /* by message kind */
	uint64_t delivers[4]; /* by message kind */
	uint64_t relay_traffic;
	uint64_t timers;
	uint64_t timer_times[64];
	uint32_t timer_nodes[64];
};

static void count(void *ctx, const struct sim *sim, const struct sim_record *r)
{
	struct counts *c = ctx;

	(void)sim;
	if (r->kind == REC_SEND) {
		c->sends[r->message_kind]++;
		if (r->message_kind == MSG_PULL)
			assert_null(r->payload);
		else
			assert_non_null(r->payload);
		if (r->to == SIM_RELAY || r->from == SIM_RELAY)
			c->relay_traffic++;
	} else if (r->kind == REC_DELIVER) {
		c->delivers[r->message_kind]++;
	} else if (r->kind == REC_TIMER) {
		if (c->timers < 64) {
			c->timer_times[c->timers] = r->time_us;
			c->timer_nodes[c->timers] = r->node;
		}
		c->timers++;
	}
}

/* A 10ms-latency world whose every record is counted into `counts`. */
static struct sim *world(const struct strategy *strategy, uint32_t nodes,
                         uint64_t seed, struct counts *counts)
{
	struct sim *sim = support_world(strategy, nodes, seed, CRDT_GCOUNTER);

	if (counts != NULL) {
		memset(counts, 0, sizeof *counts);
		sim_set_observer(sim, count, counts);
	}
	return sim;
}

static void increment(struct sim *sim, uint32_t node)
{
	support_apply(
	    sim,
	    (struct command){.kind = CMD_INCREMENT, .node = node, .amount = 1});
}

static void test_every_strategy_has_a_name_and_a_summary(void **state)
{
	size_t n;
	const struct strategy *const *all = strategy_all(&n);

	(void)state;
	assert_int_equal(n, 7);
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(all[i]->summary) > 20);
		assert_ptr_equal(strategy_find(all[i]->name), all[i]);
		assert_int_equal(strategy_index(all[i]), i);
		/* Only the relay strategy sends through the relay. */
		assert_int_equal(all[i]->uses_relay, all[i] == &strategy_relay);
	}
	assert_null(strategy_find("paxos"));
}

static void
test_gossip_pushes_to_fanout_peers_and_never_uses_the_relay(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_gossip, 8, 1, &c);

	(void)state;
	increment(sim, 0);
	sim_run_until(sim, 3000000);
	assert_true(c.timers > 50);
	/* Each firing pushes to fanout (2) distinct peers. */
	assert_int_equal(c.sends[MSG_PUSH], 2 * c.timers);
	assert_int_equal(c.relay_traffic, 0);
	assert_int_equal(c.sends[MSG_REPLY], 0);
	assert_true(sim_converged(sim));
	sim_free(sim);
}

static void test_push_pull_answers_each_push_and_never_an_answer(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_push_pull, 8, 2, &c);

	(void)state;
	increment(sim, 3);
	sim_run_until(sim, 3000000);
	assert_int_equal(c.sends[MSG_REPLY], c.delivers[MSG_PUSH]);
	assert_true(c.sends[MSG_REPLY] > 0);
	assert_true(sim_converged(sim));
	sim_free(sim);
}

static void
test_on_change_broadcasts_each_increment_and_nothing_else(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_on_change, 5, 3, &c);

	(void)state;
	increment(sim, 0);
	increment(sim, 4);
	increment(sim, 4);
	sim_run_until(sim, 5000000);
	assert_int_equal(c.sends[MSG_STATE], 3 * 4);
	assert_int_equal(c.timers, 0);
	assert_true(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 2), 3);
	sim_free(sim);
}

static void test_pull_requests_carry_nothing_and_are_answered(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_pull, 6, 4, &c);

	(void)state;
	increment(sim, 1);
	sim_run_until(sim, 5000000);
	assert_true(c.sends[MSG_PULL] > 0);
	assert_int_equal(c.sends[MSG_REPLY], c.delivers[MSG_PULL]);
	assert_true(sim_converged(sim));
	sim_free(sim);
}

static void test_interval_fires_every_node_in_lockstep_rounds(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_interval, 4, 5, &c);

	(void)state;
	sim_run_until(sim, 1000000);
	assert_true(c.timers >= 16);
	for (uint64_t i = 0; i < 16; i++)
		assert_int_equal(c.timer_times[i], (i / 4 + 1) * 180000);
	sim_free(sim);
}

static void test_hybrid_sends_early_after_k_increments(void **state)
{
	struct counts c;
	struct sim *sim = world(&strategy_hybrid, 4, 6, &c);

	(void)state;
	increment(sim, 0);
	increment(sim, 0);
	assert_int_equal(c.sends[MSG_STATE], 0);
	increment(sim, 0); /* the third: K = 3 */
	assert_int_equal(c.sends[MSG_STATE], 3);
	increment(sim, 0);
	assert_int_equal(c.sends[MSG_STATE], 3);
	sim_free(sim);
}

/* A random world with a hostile network and a random workload. */
static void hostile_network(struct rng *rng, struct sim_config *c)
{
	c->nodes = 2 + (uint32_t)rng_below(rng, 14);
	c->fanout = 1 + (uint32_t)rng_below(rng, 3);
	c->rate = (double)(1 + rng_below(rng, 100));
	c->duration_us = 300000 + rng_below(rng, 1000000);
	c->latency = latency_uniform(0, 1 + rng_below(rng, 300000));
	c->duplicate = rng_unit(rng) * 0.3;
	/* on-change sends once per increment and never again: a lost
	 * message is lost for good, so it only gets a reliable network. */
	c->drop = c->strategy == &strategy_on_change ? 0 : rng_unit(rng) * 0.3;
}

/* One strategy, a random world with a hostile network, then quiet. */
static void converge(const struct strategy *strategy, uint64_t seed)
{
	const struct hostile_world world = {
	    .strategy = strategy, .stream = 9, .draw = hostile_network};
	const struct hostile_settle settle = {
	    .limit_us = 120000000, .check = hostile_check_invariants};

	support_converge(&world, &settle, seed);
}

static void test_every_strategy_converges_on_a_hostile_network(void **state)
{
	size_t n;
	const struct strategy *const *all = strategy_all(&n);

	(void)state;
	for (size_t s = 0; s < n; s++)
		for (uint64_t i = 0; i < 500; i++)
			converge(all[s], support_seed(7700) + i);
}

static void test_switching_strategy_mid_run_converges_and_replays(void **state)
{
	struct sim *live = world(&strategy_relay, 6, 8, NULL);
	struct sim *again = world(&strategy_relay, 6, 8, NULL);
	size_t n, count;
	const struct command *log;
	char err[128];

	(void)state;
	strategy_all(&n);
	for (uint32_t round = 0; round < 3 * n; round++) {
		increment(live, round % 6);
		sim_run_until(live, sim_now(live) + 137000);
		support_apply(
		    live, (struct command){.kind = CMD_SET_STRATEGY,
		                           .strategy = round % (uint32_t)n});
	}
	sim_run_until(live, sim_now(live) + 5000000);
	assert_true(sim_converged(live));
	assert_int_equal(sim_node_value(live, 3), 3 * n);

	log = sim_command_log(live, &count);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(sim_replay(again, &log[i], err, sizeof err),
		                 0);
	sim_run_until(again, sim_now(live));
	assert_int_equal(sim_events_run(again), sim_events_run(live));
	for (uint32_t i = 0; i < 6; i++)
		assert_true(gcounter_equal(sim_node_vector(live, i),
		                           sim_node_vector(again, i)));
	sim_free(live);
	sim_free(again);
}

/* Counts what the relay passes on. */
static void count_forwards(void *ctx, const struct sim *sim,
                           const struct sim_record *r)
{
	(void)sim;
	if (r->kind == REC_SEND && r->from == SIM_RELAY)
		(*(unsigned *)ctx)++;
}

/* The relay is part of the world: a state on its way to it when the
 * presenter switches to gossip is still passed on to the others, not
 * counted as delivered and dropped. */
static void
test_what_was_sent_to_the_relay_is_passed_on_after_a_switch(void **state)
{
	struct sim *sim = world(&strategy_relay, 4, 3, NULL);
	unsigned forwards = 0;

	(void)state;
	increment(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 0});
	assert_int_equal(sim_in_flight(sim), 1);
	support_apply(sim, (struct command){
	                       .kind = CMD_SET_STRATEGY,
	                       .strategy = strategy_index(&strategy_gossip)});
	sim_set_observer(sim, count_forwards, &forwards);
	/* Past any latency, before any gossip timer of the new strategy. */
	sim_run_until(sim, sim_now(sim) + 100000);
	assert_int_equal(forwards, 3);
	assert_int_equal(sim_node_value(sim, 3), 1);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_strategy_has_a_name_and_a_summary),
	    cmocka_unit_test(
	        test_gossip_pushes_to_fanout_peers_and_never_uses_the_relay),
	    cmocka_unit_test(
	        test_push_pull_answers_each_push_and_never_an_answer),
	    cmocka_unit_test(
	        test_on_change_broadcasts_each_increment_and_nothing_else),
	    cmocka_unit_test(test_pull_requests_carry_nothing_and_are_answered),
	    cmocka_unit_test(test_interval_fires_every_node_in_lockstep_rounds),
	    cmocka_unit_test(test_hybrid_sends_early_after_k_increments),
	    cmocka_unit_test(
	        test_what_was_sent_to_the_relay_is_passed_on_after_a_switch),
	    cmocka_unit_test(
	        test_every_strategy_converges_on_a_hostile_network),
	    cmocka_unit_test(
	        test_switching_strategy_mid_run_converges_and_replays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
