/*
 * Propagation modes: state, delta, op and op-reliable. What each message
 * carries, that state and delta converge under drops, duplicates and
 * reordering, that op-reliable does too, and that plain op does not: a
 * duplicate counts twice and a loss stays lost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mode.h"
#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"
#include "world.h"

/* What the messages of one run carried, as an observer saw them sent. */
struct carried {
	uint64_t messages, slots, bytes, most_slots;
	uint64_t full, deltas, ops, acks, nacks;
};

static void count_sends(void *ctx, const struct sim *sim,
                        const struct sim_record *r)
{
	struct carried *c = ctx;

	(void)sim;
	if (r->kind != REC_SEND)
		return;
	c->messages++;
	c->bytes += r->message->bytes;
	switch (r->message->form) {
	case PAYLOAD_STATE:
		c->full++;
		c->slots += r->message->count;
		break;
	case PAYLOAD_DELTA:
		c->deltas++;
		c->slots += r->message->count;
		if (r->message->count > c->most_slots)
			c->most_slots = r->message->count;
		break;
	case PAYLOAD_OPS:
		c->ops += r->message->count;
		break;
	default:
		c->acks += r->message_kind == MSG_ACK;
		c->nacks += r->message_kind == MSG_NACK;
		break;
	}
}

static struct sim *world(const struct strategy *strategy, uint32_t nodes,
                         enum sim_mode mode, enum sim_crdt crdt)
{
	struct sim *sim = support_world(strategy, nodes, 7, crdt);

	support_apply(sim,
	              (struct command){.kind = CMD_SET_MODE, .mode = mode});
	return sim;
}

static void inc(struct sim *sim, uint32_t node, uint64_t amount)
{
	support_apply(sim, (struct command){.kind = CMD_INCREMENT,
	                                    .node = node,
	                                    .amount = amount});
}

static void assert_all_read(const struct sim *sim, int64_t value)
{
	for (uint32_t i = 0; i < sim_node_count(sim); i++)
		if (!sim_node_down(sim, i))
			assert_int_equal(sim_node_signed_value(sim, i), value);
}

static void test_modes_have_names_and_refuse_what_they_cannot_carry(void **s)
{
	enum sim_mode mode;
	struct sim_config c;
	char err[256];
	struct command cmd = {.kind = CMD_SET_MODE, .mode = MODE_OP};
	struct sim *sim;

	(void)s;
	assert_true(sim_mode_find("op-reliable", &mode));
	assert_int_equal(mode, MODE_OP_RELIABLE);
	assert_string_equal(sim_mode_name(MODE_DELTA), "delta");
	assert_false(sim_mode_find("ops", &mode));
	/* Ops must reach every node from their origin: gossip passes
	 * state on from peer to peer, and is refused. */
	sim_config_defaults(&c);
	c.strategy = &strategy_gossip;
	c.mode = MODE_OP;
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "gossip"));
	sim = support_world(&strategy_gossip, 4, 1, CRDT_GCOUNTER);
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	cmd.mode = MODE_COUNT;
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	sim_free(sim);
	sim = world(&strategy_relay, 4, MODE_OP_RELIABLE, CRDT_GCOUNTER);
	cmd = (struct command){.kind = CMD_SET_STRATEGY,
	                       .strategy = strategy_index(&strategy_pull)};
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), -1);
	sim_free(sim);
}

/* One increment between sends: a delta carries one slot, not N. */
static void test_a_delta_after_one_increment_carries_one_slot(void **s)
{
	struct carried c = {0};
	struct sim *sim =
	    world(&strategy_interval, 16, MODE_DELTA, CRDT_GCOUNTER);

	(void)s;
	/* The first round sends whole states: no one knows anything yet. */
	sim_run_until(sim, 250000);
	sim_set_observer(sim, count_sends, &c);
	for (int round = 0; round < 10; round++) {
		inc(sim, (uint32_t)round % 16, 1000);
		sim_run_until(sim, sim_now(sim) + 180000);
	}
	assert_int_equal(c.full, 0);
	assert_int_equal(c.nacks, 0);
	/* Each round one node sends its new slot to its 15 peers; they pass
	 * it on (but never back to it) the round after, beside their own. */
	assert_int_equal(c.most_slots, 2);
	assert_true(c.slots <= c.deltas * 3 / 2);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 10000);
	sim_free(sim);
}

/* The same seed and workload: delta never sends more than state. */
static void test_delta_traffic_stays_below_state_traffic(void **s)
{
	const struct strategy *strategies[] = {
	    &strategy_relay,    &strategy_gossip,    &strategy_push_pull,
	    &strategy_interval, &strategy_on_change, &strategy_hybrid,
	    &strategy_pull};

	(void)s;
	for (size_t k = 0; k < sizeof strategies / sizeof *strategies; k++) {
		struct sim_stats st[2];

		for (int m = 0; m < 2; m++) {
			struct sim_config c;
			char err[160];
			struct sim *sim;

			sim_config_defaults(&c);
			c.strategy = strategies[k];
			c.nodes = 16;
			c.rate = 200; /* concurrent: many nodes per round */
			c.duration_us = 5000000;
			c.mode = m ? MODE_DELTA : MODE_STATE;
			sim = sim_new(&c, err, sizeof err);
			assert_non_null(sim);
			while (sim_step(sim) && (sim_workload_active(sim) ||
			                         !sim_converged(sim)))
				;
			assert_true(sim_converged(sim));
			sim_stats(sim, &st[m]);
			sim_free(sim);
		}
		if (st[1].bytes_sent > st[0].bytes_sent)
			fail_msg("%s: delta sent %llu bytes, state %llu",
			         strategies[k]->name,
			         (unsigned long long)st[1].bytes_sent,
			         (unsigned long long)st[0].bytes_sent);
	}
}

/* A lost delta shows as a gap in the link's numbers: the receiver asks,
 * and the next message is the whole state. */
static void test_a_gap_asks_for_the_whole_state(void **s)
{
	struct carried c = {0};
	struct sim *sim =
	    world(&strategy_interval, 3, MODE_DELTA, CRDT_GCOUNTER);

	(void)s;
	sim_run_until(sim, 250000);
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 2,
	                                    .mode = PARTITION_NO_RECEIVE});
	inc(sim, 0, 5);
	sim_run_until(sim, sim_now(sim) + 200000);
	assert_int_equal(sim_node_value(sim, 2), 0);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_set_observer(sim, count_sends, &c);
	sim_run_until(sim, sim_now(sim) + 600000);
	assert_true(c.nacks >= 1);
	assert_true(c.full >= 1);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 5);
	support_check(sim, 7);
	sim_free(sim);
}

/* Plain ops: the network's duplicates are counted twice. */
static void test_plain_op_counts_a_duplicate_twice(void **s)
{
	uint64_t seed = support_seed(4242);
	struct sim *sim = world(&strategy_relay, 4, MODE_OP, CRDT_GCOUNTER);
	bool above = false;

	(void)s;
	support_apply(sim, (struct command){.kind = CMD_SET_DUPLICATE,
	                                    .probability = 0.3});
	for (int i = 0; i < 40; i++) {
		inc(sim, (uint32_t)(seed + (uint64_t)i) % 4, 1);
		sim_run_until(sim, sim_now(sim) + 100000);
	}
	sim_run_until(sim, sim_now(sim) + 5000000);
	for (uint32_t i = 0; i < 4; i++)
		above = above || sim_node_value(sim, i) > sim_truth_total(sim);
	assert_true(above);
	assert_false(sim_converged(sim));
	support_check(sim, seed);
	sim_free(sim);
}

/* Plain ops: a dropped op never arrives. */
static void test_plain_op_never_repairs_a_loss(void **s)
{
	struct sim *sim = world(&strategy_relay, 4, MODE_OP, CRDT_GCOUNTER);

	(void)s;
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 3,
	                                    .mode = PARTITION_NO_RECEIVE});
	inc(sim, 0, 3);
	sim_run_until(sim, 1000000);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_run_until(sim, 60000000);
	assert_int_equal(sim_node_value(sim, 1), 3);
	assert_int_equal(sim_node_value(sim, 3), 0); /* for good */
	assert_false(sim_converged(sim));
	sim_free(sim);
}

/* The fix: numbered ops, de-duplicated, acknowledged and resent. */
static void test_op_reliable_survives_duplicates_and_loss(void **s)
{
	struct carried c = {0};
	struct sim *sim =
	    world(&strategy_relay, 4, MODE_OP_RELIABLE, CRDT_PNCOUNTER);

	(void)s;
	sim_set_observer(sim, count_sends, &c);
	support_apply(sim, (struct command){.kind = CMD_SET_DUPLICATE,
	                                    .probability = 0.5});
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 3,
	                                    .mode = PARTITION_NO_RECEIVE});
	for (int i = 0; i < 20; i++) {
		inc(sim, (uint32_t)i % 4, 2);
		support_apply(sim, (struct command){.kind = CMD_DECREMENT,
		                                    .node = (uint32_t)i % 3,
		                                    .amount = 1});
		sim_run_until(sim, sim_now(sim) + 100000);
	}
	/* n4 hears nothing, so its peers keep its ops in their logs. */
	assert_true(sim_op_log_length(sim, 0) > 0);
	assert_true(sim_mode_state_bytes(sim, 0) > 0);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_run_until(sim, sim_now(sim) + 5000000);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 20);
	assert_true(c.acks > 0);
	/* Everyone acknowledged everything: the logs are empty. */
	for (uint32_t i = 0; i < 4; i++)
		assert_int_equal(sim_op_log_length(sim, i), 0);
	support_check(sim, 7);
	sim_free(sim);
}

/* Switching modes on a running world: each switch starts afresh, and
 * the world converges in every one. */
static void test_switching_modes_keeps_converging(void **s)
{
	struct sim *sim =
	    world(&strategy_hybrid, 5, MODE_STATE, CRDT_PNCOUNTER);
	int64_t expected = 0;

	(void)s;
	for (int m = 0; m < 2 * MODE_COUNT; m++) {
		support_apply(
		    sim, (struct command){.kind = CMD_SET_MODE,
		                          .mode = (uint32_t)(m % MODE_COUNT)});
		for (uint32_t i = 0; i < 5; i++) {
			inc(sim, i, i + 1);
			expected += i + 1;
		}
		sim_run_until(sim, sim_now(sim) + 2000000);
		assert_true(sim_converged(sim));
		assert_all_read(sim, expected);
		support_check(sim, 7);
	}
	sim_free(sim);
}

/* A switch into an op mode hands over what state had not spread yet:
 * each node's first op carries its own counts. */
static void test_a_switch_to_ops_hands_over_what_had_not_spread(void **s)
{
	struct sim *sim = world(&strategy_relay, 4, MODE_STATE, CRDT_PNCOUNTER);

	(void)s;
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 3,
	                                    .mode = PARTITION_BOTH});
	inc(sim, 3, 4); /* only n4 knows */
	inc(sim, 0, 2);
	support_apply(sim, (struct command){
	                       .kind = CMD_DECREMENT, .node = 3, .amount = 1});
	sim_run_until(sim, 1000000);
	assert_int_equal(sim_node_signed_value(sim, 0), 2);
	support_apply(sim, (struct command){.kind = CMD_SET_MODE,
	                                    .mode = MODE_OP_RELIABLE});
	support_apply(sim, (struct command){.kind = CMD_SET_DUPLICATE,
	                                    .probability = 0.5});
	inc(sim, 1, 1);
	sim_run_until(sim, 2000000);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_run_until(sim, 6000000);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 6);
	support_check(sim, 7);
	sim_free(sim);
}

/* Regressions found in review. One peer down must not hold back the
 * others' news under the relay: new ops go out, resends beside them. */
static void test_a_down_peer_does_not_stall_op_reliable_relay(void **s)
{
	struct sim *sim =
	    world(&strategy_relay, 4, MODE_OP_RELIABLE, CRDT_GCOUNTER);

	(void)s;
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 3});
	for (int i = 0; i < 200; i++) {
		inc(sim, 0, 1);
		sim_run_until(sim, sim_now(sim) + 250000);
	}
	sim_run_until(sim, sim_now(sim) + 5000000);
	assert_true(sim_converged(sim)); /* over the live nodes */
	assert_all_read(sim, 200);
	/* n4 acknowledged nothing: n1 still holds every op for it. */
	assert_int_equal(sim_op_log_length(sim, 0), 200);
	support_apply(sim, (struct command){.kind = CMD_RESTART, .node = 3});
	sim_run_until(sim, sim_now(sim) + 20000000);
	assert_true(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 3), 200);
	assert_int_equal(sim_op_log_length(sim, 0), 0);
	support_check(sim, 7);
	sim_free(sim);
}

/* Set once the relay sends n1's whole state on to n2. */
static void watch_relayed_state(void *ctx, const struct sim *sim,
                                const struct sim_record *r)
{
	bool *seen = ctx;

	(void)sim;
	if (r->kind == REC_SEND && r->from == SIM_RELAY && r->to == 1 &&
	    r->origin == 0 && r->message->form == PAYLOAD_STATE)
		*seen = true;
}

/* Delta after a strategy switch: a whole state of the old link (through
 * the relay) arriving late must not hide a gap on the new direct one. */
static void test_a_late_message_of_an_old_link_hides_no_gap(void **s)
{
	struct sim *sim = world(&strategy_relay, 8, MODE_DELTA, CRDT_GCOUNTER);
	bool seen = false;

	(void)s;
	for (uint32_t i = 2; i < 8; i++)
		support_apply(sim,
		              (struct command){.kind = CMD_CRASH, .node = i});
	sim_run_until(sim, 3000000);
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 1,
	                                    .mode = PARTITION_NO_RECEIVE});
	inc(sim, 0, 1);
	sim_run_until(sim, sim_now(sim) + 500000);
	support_apply(sim, (struct command){.kind = CMD_HEAL});
	sim_set_observer(sim, watch_relayed_state, &seen);
	while (!seen && sim_step(sim))
		;
	sim_set_observer(sim, NULL, NULL);
	support_apply(sim, (struct command){
	                       .kind = CMD_SET_STRATEGY,
	                       .strategy = strategy_index(&strategy_interval)});
	sim_run_until(sim, sim_now(sim) + 100000);
	support_apply(sim,
	              (struct command){.kind = CMD_SET_DROP, .probability = 1});
	inc(sim, 0, 1);
	sim_run_until(sim, sim_now(sim) + 250000);
	support_apply(sim,
	              (struct command){.kind = CMD_SET_DROP, .probability = 0});
	sim_run_until(sim, sim_now(sim) + 2000000);
	assert_true(sim_converged(sim));
	assert_int_equal(sim_node_value(sim, 1), 2);
	sim_free(sim);
}

/* Resends of op-reliable still on their way when the mode becomes plain
 * op are not counted again: the hand-over carried them. */
static void test_plain_op_does_not_count_resends_from_before_it(void **s)
{
	struct sim_config c;
	char err[160];
	struct sim *sim;

	(void)s;
	sim_config_defaults(&c);
	c.nodes = 3;
	c.mode = MODE_OP_RELIABLE;
	c.latency = latency_constant(150000);
	c.gossip_min_us = 40000;
	c.gossip_max_us = 60000;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	inc(sim, 0, 5);
	sim_run_until(sim, 200000);
	support_apply(sim,
	              (struct command){.kind = CMD_SET_MODE, .mode = MODE_OP});
	sim_run_until(sim, 5000000);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 5);
	sim_free(sim);
}

/* Ops are sent once: in an op mode a restart must be durable, and a
 * switch into one waits for a node that forgot its own count. */
static void test_op_modes_refuse_what_they_cannot_repair(void **s)
{
	char err[256];
	struct command amnesia = {
	    .kind = CMD_RESTART, .node = 1, .mode = RESTART_AMNESIA};
	struct command to_op = {.kind = CMD_SET_MODE, .mode = MODE_OP};
	struct sim *sim =
	    world(&strategy_relay, 3, MODE_OP_RELIABLE, CRDT_GCOUNTER);

	(void)s;
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	assert_int_equal(sim_apply(sim, &amnesia, err, sizeof err), -1);
	assert_non_null(strstr(err, "n2 must restart durable"));
	sim_free(sim);

	sim = world(&strategy_relay, 3, MODE_STATE, CRDT_GCOUNTER);
	inc(sim, 1, 5);
	sim_run_until(sim, 1000000);
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	support_apply(sim, amnesia);
	assert_int_equal(sim_apply(sim, &to_op, err, sizeof err), -1);
	assert_non_null(strstr(err, "n2 restarted from zero"));
	sim_run_until(sim, 2000000); /* it relearns its count by gossip */
	support_apply(sim, to_op);
	inc(sim, 1, 2);
	sim_run_until(sim, 3000000);
	assert_true(sim_converged(sim));
	assert_all_read(sim, 7);
	sim_free(sim);
}

/* After plain op counted a duplicate, state mode spreads the inflated
 * count, and the owner's next increments raise the truth by what they
 * count, not by the inflation: the bookkeeping stays exact. */
static void test_leaving_plain_op_keeps_the_books_straight(void **s)
{
	struct sim *sim = world(&strategy_relay, 3, MODE_OP, CRDT_GCOUNTER);

	(void)s;
	support_apply(
	    sim, (struct command){.kind = CMD_SET_DUPLICATE, .probability = 1});
	inc(sim, 0, 1);
	sim_run_until(sim, 1000000);
	assert_true(sim_node_value(sim, 1) > 1);
	support_apply(
	    sim, (struct command){.kind = CMD_SET_DUPLICATE, .probability = 0});
	support_apply(
	    sim, (struct command){.kind = CMD_SET_MODE, .mode = MODE_STATE});
	sim_run_until(sim, 2000000);
	inc(sim, 0, 1);
	sim_run_until(sim, 3000000);
	support_check(sim, 7);
	assert_int_equal(sim_truth_total(sim), 2);
	assert_int_equal(sim_join_value(sim), 2);
	sim_free(sim);
}

/* Under drops, duplicates, reordering, partitions and crashes, with
 * delivery in the end: state, delta and op-reliable reach the truth. */
static void test_hostile_schedules_converge_in_every_repairing_mode(void **s)
{
	static const enum sim_mode modes[] = {MODE_DELTA, MODE_OP_RELIABLE};
	size_t n;
	const struct strategy *const *all = strategy_all(&n);
	uint64_t base = support_seed(6060);

	(void)s;
	for (size_t m = 0; m < 2; m++)
		for (size_t k = 0; k < n; k++) {
			if (all[k] == &strategy_on_change ||
			    !sim_mode_fits_strategy(modes[m], all[k]))
				continue;
			for (uint64_t i = 0; i < 150; i++)
				support_fault_schedule(all[k],
				                       i % 2 ? CRDT_PNCOUNTER
				                             : CRDT_GCOUNTER,
				                       modes[m], base + i);
		}
}

/* The registry: every mode is its own table, found by index and by name,
 * with the hooks the engine cannot do without, and what it tells people. */
static void test_every_mode_is_a_table_found_by_index_and_name(void **state)
{
	size_t n;
	const struct mode *const *all = mode_all(&n);

	(void)state;
	assert_int_equal(n, MODE_COUNT);
	for (size_t i = 0; i < n; i++) {
		const struct mode *m = all[i];

		assert_ptr_equal(mode_get((enum sim_mode)i), m);
		assert_ptr_equal(mode_find(m->name), m);
		assert_int_equal(mode_index(m), i);
		assert_string_equal(sim_mode_name((enum sim_mode)i), m->name);
		assert_string_equal(sim_mode_summary((enum sim_mode)i),
		                    m->summary);
		assert_true(strlen(m->summary) > 20);
		assert_non_null(m->sends);
		assert_non_null(m->sends_as);
		assert_non_null(m->deliver);
		assert_non_null(m->send);
		/* What is sent once must reach everyone, from a replica that
		 * keeps it. */
		if (m->sends_ops)
			assert_true(m->needs_durable && m->needs_reach_all);
		assert_int_equal(
		    sim_mode_fits_strategy((enum sim_mode)i, &strategy_gossip),
		    !m->needs_reach_all);
	}
	assert_null(mode_find("crdt"));
	assert_true(mode_get(MODE_OP)->counts_duplicates);
	assert_false(mode_get(MODE_OP_RELIABLE)->counts_duplicates);
	assert_true(mode_get(MODE_OP_RELIABLE)->numbered);
	assert_false(mode_get(MODE_STATE)->keeps_bookkeeping);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_modes_have_names_and_refuse_what_they_cannot_carry),
	    cmocka_unit_test(
	        test_every_mode_is_a_table_found_by_index_and_name),
	    cmocka_unit_test(test_a_delta_after_one_increment_carries_one_slot),
	    cmocka_unit_test(test_delta_traffic_stays_below_state_traffic),
	    cmocka_unit_test(test_a_gap_asks_for_the_whole_state),
	    cmocka_unit_test(test_plain_op_counts_a_duplicate_twice),
	    cmocka_unit_test(test_plain_op_never_repairs_a_loss),
	    cmocka_unit_test(test_op_reliable_survives_duplicates_and_loss),
	    cmocka_unit_test(test_switching_modes_keeps_converging),
	    cmocka_unit_test(
	        test_a_switch_to_ops_hands_over_what_had_not_spread),
	    cmocka_unit_test(test_a_down_peer_does_not_stall_op_reliable_relay),
	    cmocka_unit_test(test_a_late_message_of_an_old_link_hides_no_gap),
	    cmocka_unit_test(
	        test_plain_op_does_not_count_resends_from_before_it),
	    cmocka_unit_test(test_op_modes_refuse_what_they_cannot_repair),
	    cmocka_unit_test(test_leaving_plain_op_keeps_the_books_straight),
	    cmocka_unit_test(
	        test_hostile_schedules_converge_in_every_repairing_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
