/*
 * The engine running PN-Counters: decrements are the N half's own slot,
 * everything converges to increments minus decrements under a hostile
 * network, and crashes keep (or, with amnesia, lose) both halves.
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

static void test_a_decrement_grows_the_nodes_slot_of_n(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 1, CRDT_PNCOUNTER);

	(void)state;
	assert_int_equal(sim_vector_slots(sim), 6);
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 0, .amount = 5});
	support_apply(sim, (struct command){
	                       .kind = CMD_DECREMENT, .node = 2, .amount = 2});
	assert_int_equal(sim_node_vector(sim, 2)->slots[3 + 2], 2);
	assert_true(sim_node_signed_value(sim, 2) == -2);
	assert_true(sim_true_value(sim) == 3);
	sim_run_until(sim, 1000000);
	assert_true(sim_converged(sim));
	for (uint32_t i = 0; i < 3; i++)
		assert_true(sim_node_signed_value(sim, i) == 3);
	assert_true(sim_join_signed_value(sim) == 3);
	support_check(sim, 1);
	sim_free(sim);
}

static void
test_a_g_counter_refuses_decrements_and_pn_refuses_readers(void **state)
{
	struct sim_config c;
	struct command dec = {.kind = CMD_DECREMENT, .node = 0, .amount = 1};
	char err[160];
	struct sim *sim;

	(void)state;
	sim_config_defaults(&c);
	sim = sim_new(&c, err, sizeof err);
	assert_int_equal(sim_apply(sim, &dec, err, sizeof err), -1);
	assert_non_null(strstr(err, "--crdt pncounter"));
	sim_free(sim);
	c.crdt = CRDT_PNCOUNTER;
	c.reader = READER_RANDOM;
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "PN-Counter goes down by design"));
}

static void test_restarts_keep_both_halves_and_amnesia_loses_both(void **state)
{
	struct sim *sim = support_world(&strategy_relay, 3, 2, CRDT_PNCOUNTER);

	(void)state;
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 1, .amount = 4});
	support_apply(sim, (struct command){
	                       .kind = CMD_DECREMENT, .node = 1, .amount = 3});
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_DURABLE});
	assert_true(sim_node_signed_value(sim, 1) == 1);
	sim_run_until(sim, 1000000);
	assert_true(sim_converged(sim));
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_AMNESIA});
	support_apply(sim, (struct command){
	                       .kind = CMD_DECREMENT, .node = 1, .amount = 2});
	sim_run_until(sim, 3000000);
	assert_true(sim_converged(sim));
	/* Its two new decrements hide behind the 3 the others remember. */
	assert_int_equal(sim_truth_total(sim) - sim_join_value(sim), 2);
	assert_true(sim_node_signed_value(sim, 0) == 1);
	support_check(sim, 2);
	sim_free(sim);
}

/* A random world on a hostile network (on-change, which never repairs a
 * loss, gets no drops) and a random workload of ups and downs. */
static void hostile_pn_world(struct rng *rng, struct sim_config *c)
{
	c->nodes = 1 + (uint32_t)rng_below(rng, 10);
	c->rate = (double)(1 + rng_below(rng, 80));
	c->duration_us = 300000 + rng_below(rng, 1000000);
	c->latency = latency_uniform(0, 1 + rng_below(rng, 200000));
	c->duplicate = rng_unit(rng) * 0.3;
	c->drop = c->strategy == &strategy_on_change ? 0 : rng_unit(rng) * 0.2;
}

/* A hostile run with ups and downs, then quiet: all reach the truth. */
static void converge(const struct strategy *strategy, uint64_t seed)
{
	const struct hostile_world world = {.strategy = strategy,
	                                    .crdt = CRDT_PNCOUNTER,
	                                    .stream = 5,
	                                    .draw = hostile_pn_world};
	const struct hostile_settle settle = {.limit_us = 120000000,
	                                      .check_every = 128,
	                                      .check =
	                                          hostile_check_invariants};

	support_converge(&world, &settle, seed);
}

static void
test_every_strategy_converges_to_increments_minus_decrements(void **state)
{
	size_t n;
	const struct strategy *const *all = strategy_all(&n);
	uint64_t base = support_seed(3131);

	(void)state;
	for (size_t s = 0; s < n; s++)
		for (uint64_t i = 0; i < 200; i++)
			converge(all[s], base + i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_decrement_grows_the_nodes_slot_of_n),
	    cmocka_unit_test(
	        test_a_g_counter_refuses_decrements_and_pn_refuses_readers),
	    cmocka_unit_test(
	        test_restarts_keep_both_halves_and_amnesia_loses_both),
	    cmocka_unit_test(
	        test_every_strategy_converges_to_increments_minus_decrements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
