/*
 * Tests for the event log (src/view/eventlog.h), fed by a real sim. The log
 * must tell the story in plain words with the vectors, tell each part once
 * (no repeats of gossip that carries nothing new), and stay bounded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sim/sim.h"
#include "script/settings.h"
#include "sim/strategy.h"
#include "view/eventlog.h"

struct world {
	struct sim *sim;
	struct eventlog *log;
};

static struct world make_world_with(uint32_t nodes, size_t capacity,
                                    const char *strategy)
{
	struct sim_config config;
	struct world w;
	char err[128];

	sim_config_defaults(&config);
	config.nodes = nodes;
	config.seed = 42;
	config.strategy = strategy_find(strategy);
	assert_non_null(config.strategy);
	w.sim = sim_new(&config, err, sizeof err);
	assert_non_null(w.sim);
	w.log = eventlog_new(nodes, capacity, true);
	sim_set_observer(w.sim, eventlog_observe, w.log);
	return w;
}

static struct world make_pn_world(uint32_t nodes, size_t capacity)
{
	struct sim_config config;
	struct world w;
	char err[128];

	sim_config_defaults(&config);
	config.nodes = nodes;
	config.seed = 42;
	config.crdt = CRDT_PNCOUNTER;
	w.sim = sim_new(&config, err, sizeof err);
	assert_non_null(w.sim);
	w.log = eventlog_new(nodes, capacity, true);
	sim_set_observer(w.sim, eventlog_observe, w.log);
	return w;
}

static struct world make_world(uint32_t nodes, size_t capacity)
{
	return make_world_with(nodes, capacity, "relay");
}

static void free_world(struct world *w)
{
	sim_free(w->sim);
	eventlog_free(w->log);
}

static void increment(struct world *w, uint32_t node)
{
	struct command cmd = {.kind = CMD_INCREMENT, .node = node, .amount = 1};
	char err[128];

	assert_int_equal(sim_apply(w->sim, &cmd, err, sizeof err), 0);
}

/* Whether some line held now contains text; prints the log if not. */
static bool logged(const struct eventlog *log, const char *text)
{
	for (size_t i = 0; i < eventlog_count(log); i++)
		if (strstr(eventlog_recent(log, i)->text, text) != NULL)
			return true;
	for (size_t i = eventlog_count(log); i-- > 0;)
		printf("  log: %s\n", eventlog_recent(log, i)->text);
	return false;
}

static size_t count_lines(const struct eventlog *log, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < eventlog_count(log); i++)
		if (strstr(eventlog_recent(log, i)->text, text) != NULL)
			n++;
	return n;
}

static void test_increment_merge_and_convergence_in_plain_words(void **state)
{
	struct world w = make_world(3, 256);

	(void)state;
	increment(&w, 0);
	assert_true(
	    logged(w.log, "n1 incremented its own slot \u2192 [1,0,0]"));
	assert_int_equal(eventlog_recent(w.log, 0)->kind, EVENTLOG_INCREMENT);
	sim_run_until(w.sim, 2000000);
	assert_true(sim_converged(w.sim));
	assert_true(logged(w.log, "n1 gossips [1,0,0] to relay"));
	assert_true(logged(w.log, "relay forwards n1's [1,0,0] to n"));
	assert_true(logged(w.log, "n2 merged n1's [1,0,0] with its [0,0,0] "
	                          "\u2192 [1,0,0]"));
	assert_true(logged(w.log, "n3 merged n1's [1,0,0] with its [0,0,0] "
	                          "\u2192 [1,0,0]"));
	assert_true(
	    logged(w.log, "converged: every node holds [1,0,0], value 1"));
	free_world(&w);
}

static void decrement(struct world *w, uint32_t node, uint64_t amount)
{
	struct command cmd = {
	    .kind = CMD_DECREMENT, .node = node, .amount = amount};
	char err[128];

	assert_int_equal(sim_apply(w->sim, &cmd, err, sizeof err), 0);
}

/* A PN-Counter's lines say "n2 −1" as the keys do, write both halves and
 * values below zero. */
static void test_pn_counter_counts_down_in_plain_words(void **state)
{
	struct world w = make_pn_world(3, 256);

	(void)state;
	increment(&w, 0);
	assert_true(logged(w.log, "n1 +1 \u2192 +[1,0,0] \u2212[0,0,0], "
	                          "value 1"));
	decrement(&w, 1, 1);
	assert_true(logged(w.log, "n2 \u22121 \u2192 +[0,0,0] \u2212[0,1,0], "
	                          "value \u22121"));
	decrement(&w, 1, 3);
	assert_true(logged(w.log, "n2 \u22123 \u2192 +[0,0,0] \u2212[0,4,0], "
	                          "value \u22124"));
	assert_int_equal(eventlog_recent(w.log, 0)->kind, EVENTLOG_INCREMENT);
	sim_run_until(w.sim, 2000000);
	assert_true(sim_converged(w.sim));
	assert_true(
	    logged(w.log, "n2 gossips +[0,0,0] \u2212[0,4,0] to relay"));
	assert_true(logged(w.log, "n3 merged n1's state \u2192 +[1,0,0]"));
	assert_true(logged(w.log, "converged: every node holds +[1,0,0] "
	                          "\u2212[0,4,0], value \u22123"));
	free_world(&w);
}

static void test_the_relays_fan_out_is_one_line(void **state)
{
	struct world w = make_world(4, 256);

	(void)state;
	increment(&w, 1);
	sim_run_until(w.sim, 2000000);
	assert_int_equal(count_lines(w.log, "relay forwards n2's [0,1,0,0]"),
	                 1);
	assert_true(
	    logged(w.log, "relay forwards n2's [0,1,0,0] to n1, n3, n4"));
	free_world(&w);
}

static void test_a_quiet_converged_cluster_logs_nothing(void **state)
{
	struct world w = make_world(4, 256);
	uint64_t written;

	(void)state;
	increment(&w, 2);
	sim_run_until(w.sim, 2000000);
	assert_true(sim_converged(w.sim));
	written = eventlog_written(w.log);
	/* Ten seconds of gossip that tells nobody anything. */
	sim_run_until(w.sim, 12000000);
	assert_int_equal(eventlog_written(w.log), written);
	free_world(&w);
}

static void test_asked_gossip_is_always_told(void **state)
{
	struct world w = make_world(3, 256);
	struct command cmd = {.kind = CMD_GOSSIP_NOW, .node = 1};
	char err[128];

	(void)state;
	sim_run_until(w.sim, 1000000);
	assert_int_equal(sim_apply(w.sim, &cmd, err, sizeof err), 0);
	assert_true(logged(w.log, "n2 was asked to gossip now"));
	assert_true(logged(w.log, "n2 gossips [0,0,0] to relay"));
	sim_run_until(w.sim, 1500000);
	assert_true(logged(w.log, "relay forwards n2's [0,0,0] to n1, n3"));
	free_world(&w);
}

static void test_a_broadcast_is_one_line(void **state)
{
	struct world w = make_world_with(4, 256, "on-change");

	(void)state;
	increment(&w, 0);
	sim_run_until(w.sim, 2000000);
	assert_true(sim_converged(w.sim));
	assert_int_equal(count_lines(w.log, "n1 gossips [1,0,0,0]"), 1);
	assert_true(logged(w.log, "n1 gossips [1,0,0,0] to n2, n3, n4"));
	free_world(&w);
}

static void test_pull_requests_are_quiet_and_answers_told(void **state)
{
	struct world w = make_world_with(3, 256, "pull");

	(void)state;
	increment(&w, 2);
	sim_run_until(w.sim, 5000000);
	assert_true(sim_converged(w.sim));
	assert_int_equal(count_lines(w.log, "asks"), 0);
	assert_true(logged(w.log, "n3 answers n"));
	assert_true(logged(w.log, "converged"));
	free_world(&w);
}

static void test_a_cut_link_is_told(void **state)
{
	struct world w = make_world(3, 256);
	struct command cut = {
	    .kind = CMD_PARTITION, .node = 1, .mode = PARTITION_BOTH};
	char err[128];

	(void)state;
	assert_int_equal(sim_apply(w.sim, &cut, err, sizeof err), 0);
	assert_true(logged(w.log, "n2's links were cut"));
	increment(&w, 0);
	sim_run_until(w.sim, 2000000);
	assert_true(logged(w.log, "lost: n2 cannot"));
	/* Repeats of one cause are one line with a count, not a line each. */
	sim_run_until(w.sim, 6000000);
	assert_int_equal(count_lines(w.log, "lost: n2 cannot receive"), 1);
	assert_true(logged(w.log, "lost: n2 cannot receive \u00d7"));
	assert_false(sim_converged(w.sim));
	free_world(&w);
}

static void test_the_ring_keeps_the_newest_lines(void **state)
{
	struct world w = make_world(2, 8);

	(void)state;
	for (int i = 0; i < 20; i++)
		increment(&w, 0);
	assert_int_equal(eventlog_count(w.log), 8);
	assert_int_equal(eventlog_written(w.log), 20);
	assert_true(logged(w.log, "[20,0]"));
	assert_false(count_lines(w.log, "[12,0]") > 0);
	assert_null(eventlog_recent(w.log, 8));
	eventlog_reset(w.log, 2);
	assert_int_equal(eventlog_count(w.log), 0);
	free_world(&w);
}

static void test_long_vectors_are_summarised(void **state)
{
	struct world w = make_world(64, 4096);

	(void)state;
	increment(&w, 4);
	increment(&w, 4);
	assert_true(
	    logged(w.log, "n5 added 1 to its own slot, now 2 (value 2)"));
	sim_run_until(w.sim, 3000000);
	assert_true(sim_converged(w.sim));
	assert_true(
	    logged(w.log, "merged n5's state: n5 0\u21922 (value 0 \u2192 2)"));
	assert_true(logged(
	    w.log, "relay forwards n5's [\u2026 total 2] to 63 workers"));
	for (size_t i = 0; i < eventlog_count(w.log); i++)
		assert_true(strlen(eventlog_recent(w.log, i)->text) <
		            EVENTLOG_TEXT_MAX - 1);
	free_world(&w);
}

static void test_notes_and_ascii(void **state)
{
	struct eventlog *log = eventlog_new(2, 4, false);
	struct sim_config config;
	struct sim *sim;
	struct command cmd = {.kind = CMD_INCREMENT, .node = 1, .amount = 3};
	char err[128];

	(void)state;
	eventlog_note(log, 5, "restarted with seed %d", 7);
	assert_string_equal(eventlog_recent(log, 0)->text,
	                    "restarted with seed 7");
	assert_int_equal(eventlog_recent(log, 0)->kind, EVENTLOG_NOTE);
	sim_config_defaults(&config);
	config.nodes = 2;
	sim = sim_new(&config, err, sizeof err);
	sim_set_observer(sim, eventlog_observe, log);
	assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), 0);
	assert_string_equal(eventlog_recent(log, 0)->text,
	                    "n2 added 3 to its own slot -> [0,3]");
	sim_free(sim);
	eventlog_free(log);
	eventlog_free(NULL);
}

/* A relay world in a propagation mode, with the network's faults. */
static struct world make_mode_world(uint32_t nodes, enum sim_mode mode,
                                    double drop, double duplicate)
{
	struct sim_config config;
	struct world w;
	char err[128];

	sim_config_defaults(&config);
	config.nodes = nodes;
	config.seed = 42;
	config.mode = mode;
	config.drop = drop;
	config.duplicate = duplicate;
	w.sim = sim_new(&config, err, sizeof err);
	assert_non_null(w.sim);
	w.log = eventlog_new(nodes, 4096, true);
	sim_set_observer(w.sim, eventlog_observe, w.log);
	return w;
}

static void test_a_delta_is_told_as_its_pairs(void **state)
{
	struct world w = make_mode_world(8, MODE_DELTA, 0, 0);

	(void)state;
	/* The first message to a peer is the whole state; then deltas. */
	increment(&w, 0);
	sim_run_until(w.sim, 1000000);
	increment(&w, 1);
	sim_run_until(w.sim, 2000000);
	assert_true(sim_converged(w.sim));
	assert_true(
	    logged(w.log, "n2 gossips \u0394 n2=1 (1 of 8 slots) to relay"));
	assert_true(logged(w.log, "relay forwards n2's \u0394 n2=1 (1 of 8 "
	                          "slots) to 7 workers"));
	assert_true(logged(w.log, "n1 merged n2's \u0394 n2=1 with its "
	                          "[1,0,0,0,0,0,0,0] \u2192 "
	                          "[1,1,0,0,0,0,0,0]"));
	/* A delta's zeros are never shown as a vector. */
	assert_int_equal(count_lines(w.log, "[0,1,0,0,0,0,0,0]"), 0);
	free_world(&w);
}

static void test_a_duplicated_op_is_counted_twice_and_said(void **state)
{
	struct world w = make_mode_world(3, MODE_OP, 0, 0.9);

	(void)state;
	increment(&w, 0);
	sim_run_until(w.sim, 2000000);
	assert_true(logged(w.log, "n1 sends +1 at n1 to relay"));
	assert_true(logged(w.log, "relay forwards +1 at n1 to n2, n3"));
	assert_true(logged(w.log, "the network duplicated +1 at n1 (n1 "
	                          "\u2192 relay): it will count twice"));
	assert_true(logged(w.log, "relay forwards +1 at n1 again (the copy)"));
	assert_true(logged(w.log, "applied +1 at n1 \u2192 [1,0,0], value 1"));
	assert_true(logged(w.log, "applied +1 at n1 AGAIN, counted twice "
	                          "\u2192 [2,0,0], value 2"));
	assert_false(sim_converged(w.sim));
	free_world(&w);
}

static void test_op_reliable_drops_a_copy_and_acks_quietly(void **state)
{
	struct world w = make_mode_world(3, MODE_OP_RELIABLE, 0, 0.9);

	(void)state;
	increment(&w, 0);
	sim_run_until(w.sim, 3000000);
	assert_true(sim_converged(w.sim));
	assert_true(logged(w.log, "relay forwards +1 at n1 #1 to n2, n3"));
	assert_true(logged(w.log, "dropped a copy of +1 at n1 #1: applied "
	                          "already, not twice"));
	/* Acknowledgements are chatter: told only when stepping. */
	assert_int_equal(count_lines(w.log, "ack"), 0);
	eventlog_set_verbose(w.log, true);
	increment(&w, 1);
	sim_run_until(w.sim, 4000000);
	assert_true(
	    logged(w.log, "acknowledges n2's ops up to #1 (ack to relay)"));
	assert_true(logged(w.log, "relay passes n"));
	assert_true(logged(w.log, "s ack 1: those ops need no resending"));
	free_world(&w);
}

static void test_a_lost_delta_brings_a_nack(void **state)
{
	struct world w = make_mode_world(3, MODE_DELTA, 0.4, 0);

	(void)state;
	for (int i = 0; i < 20; i++) {
		increment(&w, (uint32_t)i % 3);
		sim_run_until(w.sim, sim_now(w.sim) + 300000);
	}
	assert_true(logged(w.log, "missed a delta: NACK to relay, send "
	                          "everything"));
	assert_true(logged(w.log, "'s NACK to n"));
	free_world(&w);
}

static void test_a_mode_switch_says_what_changes(void **state)
{
	struct world w = make_world(3, 256);
	struct command cmd = {.kind = CMD_SET_MODE, .mode = MODE_DELTA};
	char err[128];

	(void)state;
	assert_int_equal(sim_apply(w.sim, &cmd, err, sizeof err), 0);
	assert_true(logged(w.log, "mode delta: only the slots a peer may lack "
	                          "travel"));
	assert_int_equal(eventlog_recent(w.log, 0)->kind, EVENTLOG_COMMAND);
	free_world(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_increment_merge_and_convergence_in_plain_words),
	    cmocka_unit_test(test_the_relays_fan_out_is_one_line),
	    cmocka_unit_test(test_a_quiet_converged_cluster_logs_nothing),
	    cmocka_unit_test(test_asked_gossip_is_always_told),
	    cmocka_unit_test(test_a_broadcast_is_one_line),
	    cmocka_unit_test(test_pull_requests_are_quiet_and_answers_told),
	    cmocka_unit_test(test_a_cut_link_is_told),
	    cmocka_unit_test(test_pn_counter_counts_down_in_plain_words),
	    cmocka_unit_test(test_the_ring_keeps_the_newest_lines),
	    cmocka_unit_test(test_long_vectors_are_summarised),
	    cmocka_unit_test(test_notes_and_ascii),
	    cmocka_unit_test(test_a_delta_is_told_as_its_pairs),
	    cmocka_unit_test(test_a_duplicated_op_is_counted_twice_and_said),
	    cmocka_unit_test(test_op_reliable_drops_a_copy_and_acks_quietly),
	    cmocka_unit_test(test_a_lost_delta_brings_a_nack),
	    cmocka_unit_test(test_a_mode_switch_says_what_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
