/*
 * Narrated stepping (src/view/narrate.h): the sentence one step of the
 * world is told in, and the row and cells it lights. Driven by a real
 * world on the relay with a fixed 10ms latency, one command or one step at
 * a time, as the dashboard drives it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "sim/sim.h"
#include "sim/strategy.h"
#include "view/narrate.h"
#include "world.h"

struct told {
	struct sim *sim;
	struct narrate *narrate;
};

static struct told world(uint32_t nodes, enum sim_crdt crdt, bool utf8)
{
	struct told t = {support_world(&strategy_relay, nodes, 1, crdt),
	                 narrate_new(utf8)};

	sim_set_observer(t.sim, narrate_observe, t.narrate);
	return t;
}

static void done(struct told *t)
{
	sim_free(t->sim);
	narrate_free(t->narrate);
}

/* What a key does, told like a step. */
static const char *tell_command(struct told *t, struct command cmd)
{
	narrate_begin(t->narrate, t->sim);
	support_apply(t->sim, cmd);
	assert_true(narrate_end(t->narrate, t->sim));
	return narrate_text(t->narrate);
}

/* One narrated step: events until one is worth a sentence. */
static const char *tell_step(struct told *t)
{
	narrate_begin(t->narrate, t->sim);
	for (int i = 0; i < 1000 && sim_step(t->sim); i++)
		if (narrate_has_news(t->narrate))
			break;
	assert_true(narrate_end(t->narrate, t->sim));
	return narrate_text(t->narrate);
}

static struct command increment(uint32_t node, uint64_t amount)
{
	return (struct command){
	    .kind = CMD_INCREMENT, .node = node, .amount = amount};
}

static struct command gossip_now(uint32_t node)
{
	return (struct command){.kind = CMD_GOSSIP_NOW, .node = node};
}

/* Only `slot` of the narrated row is lit. */
static void only_lit(const struct told *t, size_t slot, size_t slots)
{
	const unsigned char *lit = narrate_slots(t->narrate);

	assert_non_null(lit);
	for (size_t s = 0; s < slots; s++)
		assert_int_equal(lit[s] != 0, s == slot);
}

static void test_an_increment_is_told_with_its_vector_and_value(void **state)
{
	struct told t = world(3, CRDT_GCOUNTER, false);

	(void)state;
	assert_string_equal(
	    tell_command(&t, increment(0, 1)),
	    "n1 increments its own slot: now [1,0,0], its value 1.");
	assert_int_equal(narrate_node(t.narrate), 0);
	only_lit(&t, 0, 3);
	assert_string_equal(
	    tell_command(&t, increment(1, 3)),
	    "n2 adds 3 to its own slot: now [0,3,0], its value 3.");
	assert_int_equal(narrate_node(t.narrate), 1);
	only_lit(&t, 1, 3);
	done(&t);
}

static void
test_a_merge_that_changes_a_vector_tells_the_max_and_the_new_value(void **s)
{
	struct told t = world(3, CRDT_GCOUNTER, false);

	(void)s;
	tell_command(&t, increment(0, 1));
	tell_command(&t, increment(1, 3));
	assert_string_equal(tell_command(&t, gossip_now(0)),
	                    "n1 sends [1,0,0] to the relay.");
	assert_string_equal(tell_step(&t), "the relay receives n1's [1,0,0] "
	                                   "and forwards it to n2 and n3.");
	assert_int_equal(narrate_node(t.narrate), UINT32_MAX);
	assert_null(narrate_slots(t.narrate));
	assert_string_equal(tell_step(&t),
	                    "n2 receives n1's [1,0,0] (via the relay); "
	                    "element-wise max with its own [0,3,0] gives "
	                    "[1,3,0]; its value goes from 3 to 4.");
	/* The receiver's row, the sender's state, the one cell that grew. */
	assert_int_equal(narrate_node(t.narrate), 1);
	assert_int_equal(narrate_other(t.narrate), 0);
	only_lit(&t, 0, 3);
	done(&t);
}

static void
test_a_delivery_that_brings_nothing_says_so_and_lights_no_cell(void **s)
{
	struct told t = world(2, CRDT_GCOUNTER, false);

	(void)s;
	tell_command(&t, increment(0, 1));
	tell_command(&t, gossip_now(0));
	tell_step(&t); /* the relay forwards it */
	tell_step(&t); /* n2 merges it: [1,0] */
	tell_command(&t, gossip_now(0));
	tell_step(&t);
	assert_string_equal(tell_step(&t),
	                    "n2 receives n1's [1,0] (via the relay); "
	                    "element-wise max with its own [1,0] gives "
	                    "[1,0]: nothing new, its value stays 1.");
	assert_int_equal(narrate_node(t.narrate), 1);
	assert_null(narrate_slots(t.narrate));
	done(&t);
}

static void test_a_message_lost_to_a_partition_says_why(void **state)
{
	struct told t = world(3, CRDT_GCOUNTER, false);

	(void)state;
	tell_command(&t, increment(0, 1));
	assert_string_equal(
	    tell_command(&t, (struct command){.kind = CMD_PARTITION,
	                                      .node = 2,
	                                      .mode = PARTITION_NO_RECEIVE}),
	    "the script: partition n3 in.");
	tell_command(&t, gossip_now(0));
	tell_step(&t); /* the relay forwards it to n2 and n3 */
	tell_step(&t); /* n2 merges it */
	assert_string_equal(tell_step(&t),
	                    "n1's [1,0,0] reaches n3, but n3 cannot receive: "
	                    "the message is lost.");
	assert_int_equal(narrate_node(t.narrate), 2);
	assert_null(narrate_slots(t.narrate));
	done(&t);
}

static void test_a_decrement_grows_the_n_half_and_only_adds(void **state)
{
	struct told ascii = world(2, CRDT_PNCOUNTER, false);
	struct told utf8 = world(2, CRDT_PNCOUNTER, true);
	struct command down = {.kind = CMD_DECREMENT, .node = 1, .amount = 2};

	(void)state;
	assert_string_equal(tell_command(&ascii, down),
	                    "n2 -2: its own slot of N grows by 2 (a decrement "
	                    "only ever adds); now +[0,0] -[0,2], its value "
	                    "-2.");
	/* The N half's cell of n2: slot nodes + 1. */
	only_lit(&ascii, 3, 4);
	assert_string_equal(tell_command(&utf8, down),
	                    "n2 \u22122: its own slot of N grows by 2 (a "
	                    "decrement only ever adds); now +[0,0] "
	                    "\u2212[0,2], its value \u22122.");
	assert_string_equal(tell_command(&ascii, increment(0, 1)),
	                    "n1 +1: its own slot of P grows by 1; now +[1,0] "
	                    "-[0,0], its value 1.");
	done(&ascii);
	done(&utf8);
}

static void test_the_step_that_converges_says_so(void **state)
{
	struct told t = world(2, CRDT_GCOUNTER, false);

	(void)state;
	tell_command(&t, increment(0, 1));
	tell_command(&t, gossip_now(0));
	tell_step(&t);
	assert_string_equal(tell_step(&t),
	                    "n2 receives n1's [1,0] (via the relay); "
	                    "element-wise max with its own [0,0] gives [1,0]; "
	                    "its value goes from 0 to 1. Now the cluster has "
	                    "converged: every node holds [1,0].");
	done(&t);
}

static void test_a_step_that_observed_nothing_keeps_the_sentence(void **state)
{
	struct told t = world(2, CRDT_GCOUNTER, false);
	const char *before = "n1 increments its own slot: now [1,0], its "
	                     "value 1.";

	(void)state;
	assert_string_equal(tell_command(&t, increment(0, 1)), before);
	narrate_begin(t.narrate, t.sim);
	assert_false(narrate_has_news(t.narrate));
	assert_false(narrate_end(t.narrate, t.sim));
	assert_string_equal(narrate_text(t.narrate), before);
	narrate_clear(t.narrate);
	assert_string_equal(narrate_text(t.narrate), "");
	assert_int_equal(narrate_node(t.narrate), UINT32_MAX);
	assert_null(narrate_slots(t.narrate));
	done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_an_increment_is_told_with_its_vector_and_value),
	    cmocka_unit_test(
	        test_a_merge_that_changes_a_vector_tells_the_max_and_the_new_value),
	    cmocka_unit_test(
	        test_a_delivery_that_brings_nothing_says_so_and_lights_no_cell),
	    cmocka_unit_test(test_a_message_lost_to_a_partition_says_why),
	    cmocka_unit_test(test_a_decrement_grows_the_n_half_and_only_adds),
	    cmocka_unit_test(test_the_step_that_converges_says_so),
	    cmocka_unit_test(
	        test_a_step_that_observed_nothing_keeps_the_sentence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
