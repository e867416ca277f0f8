/*
 * Checkpoints of the world (sim-checkpoint.c): a copy runs the same future
 * as its original, a checkpoint re-run equals a fresh replay of the log,
 * the state hash sees a difference of one field, and a copy shares nothing
 * with its original. The property tests print their seed on failure;
 * GCOUNTER_TEST_SEED replays it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "script/settings.h"
#include "sim/latency.h"
#include "sim/mode.h"
#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/strategy.h"
#include "world.h"
/* White box, for test_the_hash_sees_a_difference only: a difference of
 * exactly one field (one RNG draw, one cell) cannot be made through the
 * public face, which always changes more. */
#include "sim/sim-internal.h"
#include "sim/sim-struct.h"

/* --- what a run shows ---------------------------------------------------- */

/* Every record a world emits, folded into one number. */
struct trace {
	uint64_t hash;
	uint64_t records;
};

static uint64_t fold(uint64_t h, uint64_t w)
{
	return rng_mix(h ^ w);
}

static uint64_t fold_vector(uint64_t h, const struct gcounter *g)
{
	if (g == NULL)
		return fold(h, UINT64_MAX);
	for (size_t i = 0; i < g->n; i++)
		h = fold(h, g->slots[i]);
	return h;
}

static void trace_record(void *ctx, const struct sim *sim,
                         const struct sim_record *r)
{
	struct trace *t = ctx;
	uint64_t h = t->hash;

	(void)sim;
	h = fold(h, r->kind);
	h = fold(h, r->time_us);
	h = fold(h, r->node);
	h = fold(h, r->from);
	h = fold(h, r->to);
	h = fold(h, r->origin);
	h = fold(h, r->amount);
	h = fold(h, r->decrement);
	h = fold(h, r->message_id);
	h = fold(h, r->message_kind);
	h = fold(h, r->changed);
	h = fold_vector(h, r->payload);
	h = fold_vector(h, r->before);
	h = fold_vector(h, r->after);
	if (r->message != NULL) {
		h = fold(h, r->message->form);
		h = fold(h, r->message->count);
		h = fold(h, r->message->seq);
		h = fold(h, r->message->bytes);
	}
	t->hash = h;
	t->records++;
}

/* Everything a reader of the world sees is equal in a and b. */
static void assert_same_results(const struct sim *a, const struct sim *b,
                                uint64_t seed, const char *what)
{
	struct sim_stats sa, sb;
	struct sim_latency la, lb;
	uint32_t read_a = 0, read_b = 0;
	uint64_t value_a = 0, value_b = 0;

	if (sim_state_hash(a) != sim_state_hash(b))
		fail_msg("seed %llu, %s: the hashes differ",
		         (unsigned long long)seed, what);
	sim_stats(a, &sa);
	sim_stats(b, &sb);
	if (memcmp(&sa, &sb, sizeof sa) != 0)
		fail_msg("seed %llu, %s: the stats differ",
		         (unsigned long long)seed, what);
	assert_int_equal(sim_now(a), sim_now(b));
	assert_int_equal(sim_events_run(a), sim_events_run(b));
	assert_int_equal(sim_in_flight(a), sim_in_flight(b));
	assert_int_equal(sim_converged(a), sim_converged(b));
	assert_int_equal(sim_truth_total(a), sim_truth_total(b));
	assert_int_equal(sim_cells_behind(a), sim_cells_behind(b));
	for (uint32_t i = 0; i < sim_node_count(a); i++) {
		const struct gcounter *va = sim_node_vector(a, i);
		const struct gcounter *vb = sim_node_vector(b, i);

		assert_int_equal(sim_node_signed_value(a, i),
		                 sim_node_signed_value(b, i));
		assert_memory_equal(va->slots, vb->slots,
		                    va->n * sizeof *va->slots);
	}
	sim_latency(a, &la);
	sim_latency(b, &lb);
	assert_memory_equal(&la, &lb, sizeof la);
	assert_int_equal(sim_last_read(a, &read_a, &value_a),
	                 sim_last_read(b, &read_b, &value_b));
	assert_int_equal(read_a, read_b);
	assert_int_equal(value_a, value_b);
}

/* --- random worlds and commands ------------------------------------------ */

static void draw_world(struct rng *rng, struct sim_config *c)
{
	c->nodes = 2 + (uint32_t)rng_below(rng, 6);
	c->rate = (double)(5 + rng_below(rng, 60));
	c->latency = latency_uniform(0, 1 + rng_below(rng, 100000));
	c->gossip_min_us = 20000 + rng_below(rng, 100000);
	c->gossip_max_us = c->gossip_min_us + rng_below(rng, 200000);
	c->duplicate = rng_unit(rng) * 0.3;
	c->drop = rng_unit(rng) * 0.2;
	c->reader = (enum sim_reader)rng_below(rng, 3);
	c->read_rate = 5 + (double)rng_below(rng, 20);
}

/* A random command this world accepts: faults, counts, amnesia, readers,
 * switches of strategy and mode. False when the one drawn is refused. */
static bool random_command(struct rng *rng, const struct sim *sim,
                           struct command *cmd)
{
	uint32_t nodes = sim_node_count(sim);
	size_t strategies;
	char err[160];

	(void)strategy_all(&strategies);
	*cmd = (struct command){.node = (uint32_t)rng_below(rng, nodes)};
	switch (rng_below(rng, 12)) {
	case 0:
		cmd->kind = CMD_PARTITION;
		cmd->mode = 1 + (uint32_t)rng_below(rng, 3);
		break;
	case 1:
		cmd->kind = CMD_HEAL;
		break;
	case 2:
		cmd->kind =
		    sim_node_down(sim, cmd->node) ? CMD_RESTART : CMD_CRASH;
		cmd->mode = (uint32_t)rng_below(rng, 2); /* durable, amnesia */
		break;
	case 3:
		cmd->node = SIM_RELAY;
		cmd->kind = sim_relay_down(sim) ? CMD_RESTART : CMD_CRASH;
		break;
	case 4:
		cmd->kind = CMD_SET_DROP;
		cmd->probability = rng_unit(rng) * 0.3;
		break;
	case 5:
		cmd->kind = CMD_SET_DUPLICATE;
		cmd->probability = rng_unit(rng) * 0.3;
		break;
	case 6:
		cmd->kind = CMD_SET_READER;
		cmd->mode = (uint32_t)rng_below(rng, 3);
		break;
	case 7:
		cmd->kind = CMD_GOSSIP_NOW;
		break;
	case 8:
		cmd->kind = rng_below(rng, 2) ? CMD_SET_MODE : CMD_SET_STRATEGY;
		cmd->mode = (uint32_t)rng_below(rng, MODE_COUNT);
		cmd->strategy = (uint32_t)rng_below(rng, strategies);
		break;
	default:
		cmd->kind =
		    sim_config(sim)->crdt == CRDT_PNCOUNTER && rng_below(rng, 2)
		        ? CMD_DECREMENT
		        : CMD_INCREMENT;
		cmd->amount = 1 + rng_below(rng, 3);
		break;
	}
	return sim_validate(sim, cmd, err, sizeof err) == 0;
}

/* Applies the same command to both worlds: both accept it. */
static void apply_both(struct sim *a, struct sim *b, const struct command *cmd,
                       uint64_t seed)
{
	char err[160];

	if (sim_apply(a, cmd, err, sizeof err) != 0 ||
	    sim_apply(b, cmd, err, sizeof err) != 0)
		fail_msg("seed %llu: %s refused: %s", (unsigned long long)seed,
		         sim_command_name(cmd->kind), err);
}

/* Runs a world to k events, with a random command now and then. */
static void run_with_commands(struct sim *sim, struct rng *rng, uint64_t k)
{
	struct command cmd;
	char err[160];

	while (sim_events_run(sim) < k) {
		if (rng_below(rng, 20) == 0 && random_command(rng, sim, &cmd))
			assert_int_equal(sim_apply(sim, &cmd, err, sizeof err),
			                 0);
		if (!sim_step(sim))
			break;
	}
}

/* A random world of this strategy, mode and CRDT, or NULL if sim_new
 * refuses the combination. */
static struct sim *random_world(const struct strategy *strategy,
                                enum sim_mode mode, enum sim_crdt crdt,
                                uint64_t seed, struct rng *rng)
{
	const struct hostile_world world = {.strategy = strategy,
	                                    .crdt = crdt,
	                                    .mode = mode,
	                                    .stream = 77,
	                                    .draw = draw_world};
	char err[256];

	return hostile_new(&world, seed, rng, err, sizeof err);
}

/* --- the tests ------------------------------------------------------------ */

static void test_a_copy_runs_the_same_future(void **state)
{
	uint64_t base = support_seed(1313);
	size_t strategies;
	const struct strategy *const *all = strategy_all(&strategies);
	unsigned worlds = 0;

	(void)state;
	for (size_t s = 0; s < strategies; s++)
		for (unsigned mode = 0; mode < MODE_COUNT; mode++)
			for (unsigned crdt = 0; crdt < 2; crdt++) {
				uint64_t seed =
				    base + s * 100 + mode * 10 + crdt;
				struct rng rng;
				struct sim *a = random_world(
				    all[s], (enum sim_mode)mode,
				    (enum sim_crdt)crdt, seed, &rng);
				struct trace ta = {0}, tb = {0};
				struct sim *b;

				if (a == NULL)
					continue; /* sim_new refuses it */
				worlds++;
				run_with_commands(a, &rng,
				                  rng_below(&rng, 3000));
				b = sim_copy(a);
				assert_int_equal(sim_state_hash(a),
				                 sim_state_hash(b));
				/* A copy holds what its original would hand
				 * on, and it keeps every invariant. */
				assert_int_equal(sim_memory_bytes(a),
				                 sim_memory_bytes(b));
				support_check(b, seed);
				sim_set_observer(a, trace_record, &ta);
				sim_set_observer(b, trace_record, &tb);
				for (int step = 0; step < 600; step++) {
					struct command cmd;

					if (rng_below(&rng, 8) == 0 &&
					    random_command(&rng, a, &cmd))
						apply_both(a, b, &cmd, seed);
					assert_int_equal(sim_step(a),
					                 sim_step(b));
					if (ta.hash != tb.hash ||
					    ta.records != tb.records)
						fail_msg(
						    "seed %llu, step %d: "
						    "the records differ",
						    (unsigned long long)seed,
						    step);
					assert_same_results(a, b, seed,
					                    "after a step");
				}
				sim_free(a);
				sim_free(b);
			}
	/* Most combinations are worlds: op modes refuse only some
	 * strategies. */
	assert_true(worlds >= strategies * 2);
}

static void
test_restoring_a_checkpoint_and_rerunning_equals_a_fresh_run(void **state)
{
	uint64_t base = support_seed(2626);
	size_t strategies;
	const struct strategy *const *all = strategy_all(&strategies);

	(void)state;
	for (uint64_t round = 0; round < 24; round++) {
		uint64_t seed = base + round;
		struct rng rng;
		const struct strategy *strategy = all[round % strategies];
		enum sim_mode mode = (enum sim_mode)(round / 2 % MODE_COUNT);
		struct sim *a = random_world(
		    strategy, mode, (enum sim_crdt)(round % 2), seed, &rng);
		struct sim_config config;
		struct command *log;
		size_t count;
		uint64_t k, n;
		struct sim *checkpoint, *fresh;
		char err[256];

		if (a == NULL)
			continue;
		k = 1 + rng_below(&rng, 4000);
		n = 1 + rng_below(&rng, 2000);
		run_with_commands(a, &rng, k);
		k = sim_events_run(a);
		checkpoint = sim_copy(a);
		config = *sim_initial_config(a);
		{
			const struct command *logged =
			    sim_command_log(a, &count);

			log = calloc(count ? count : 1, sizeof *log);
			assert_non_null(log);
			memcpy(log, logged, count * sizeof *log);
		}
		sim_free(a);

		fresh = sim_new(&config, err, sizeof err);
		assert_non_null(fresh);
		for (size_t i = 0; i < count; i++)
			if (sim_replay(fresh, &log[i], err, sizeof err) != 0)
				fail_msg("seed %llu: replay: %s",
				         (unsigned long long)seed, err);
		while (sim_events_run(fresh) < k && sim_step(fresh))
			;
		assert_same_results(fresh, checkpoint, seed, "at k");
		while (sim_events_run(fresh) < k + n && sim_step(fresh))
			;
		while (sim_events_run(checkpoint) < k + n &&
		       sim_step(checkpoint))
			;
		assert_same_results(fresh, checkpoint, seed, "at k + n");
		support_check(checkpoint, seed);
		free(log);
		sim_free(fresh);
		sim_free(checkpoint);
	}
}

/* A world with messages in flight and a few increments made. */
static struct sim *busy_world(enum sim_mode mode)
{
	struct sim_config c;
	char err[160];
	struct sim *sim;

	sim_config_defaults(&c);
	c.nodes = 4;
	c.seed = 99;
	c.mode = mode;
	c.rate = 20;
	c.reader = READER_RANDOM;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	support_apply(sim,
	              (struct command){.kind = CMD_INCREMENT, .amount = 2});
	while (sim_in_flight(sim) == 0 || sim_events_run(sim) < 200)
		assert_true(sim_step(sim));
	return sim;
}

static void test_the_hash_sees_a_difference(void **state)
{
	for (unsigned mode = 0; mode < MODE_COUNT; mode++) {
		struct sim *sim = busy_world((enum sim_mode)mode);
		uint64_t h = sim_state_hash(sim);
		struct sim *copy;

		(void)state;
		/* The hash is a function of the state, not of where it
		 * lies. */
		assert_int_equal(sim_state_hash(sim), h);

		copy = sim_copy(sim);
		support_apply(copy, (struct command){.kind = CMD_INCREMENT,
		                                     .node = 1,
		                                     .amount = 1});
		assert_int_not_equal(sim_state_hash(copy), h);
		sim_free(copy);

		/* A message more in flight, no command logged. */
		copy = sim_copy(sim);
		sim_send_state(copy, MSG_STATE, 2, SIM_RELAY);
		if (sim_in_flight(copy) > sim_in_flight(sim))
			assert_int_not_equal(sim_state_hash(copy), h);
		sim_free(copy);

		/* One draw of one stream, nothing else. */
		copy = sim_copy(sim);
		assert_int_equal(sim_state_hash(copy), h);
		(void)rng_next(&copy->rng_reader);
		assert_int_not_equal(sim_state_hash(copy), h);
		sim_free(copy);

		/* One cell, and one slot of a payload on its way. */
		copy = sim_copy(sim);
		copy->cells[1]++;
		assert_int_not_equal(sim_state_hash(copy), h);
		sim_free(copy);
		copy = sim_copy(sim);
		for (uint32_t i = copy->flight_head; i != NIL;
		     i = copy->messages[i].next) {
			struct payload *p = copy->messages[i].payload;

			if (p != NULL && p->form == PAYLOAD_STATE) {
				p->slots[0]++;
				assert_int_not_equal(sim_state_hash(copy), h);
				p->slots[0]--;
				break;
			}
		}
		assert_int_equal(sim_state_hash(copy), h);
		sim_free(copy);
		sim_free(sim);
	}
}

static void test_a_copy_is_independent(void **state)
{
	for (unsigned mode = 0; mode < MODE_COUNT; mode++) {
		struct sim *sim = busy_world((enum sim_mode)mode);
		uint64_t h = sim_state_hash(sim);
		struct sim *copy = sim_copy(sim);
		struct sim *again;
		uint64_t copy_hash;

		(void)state;
		support_apply(copy,
		              (struct command){.kind = CMD_CRASH, .node = 0});
		support_apply(copy, (struct command){.kind = CMD_INCREMENT,
		                                     .node = 2,
		                                     .amount = 5});
		for (int i = 0; i < 500; i++)
			sim_step(copy);
		assert_int_equal(sim_state_hash(sim), h);

		/* The copy of a copy, then the original freed: both live. */
		again = sim_copy(copy);
		copy_hash = sim_state_hash(copy);
		sim_free(sim);
		assert_int_equal(sim_state_hash(copy), copy_hash);
		assert_int_equal(sim_state_hash(again), copy_hash);
		for (int i = 0; i < 500; i++) {
			sim_step(copy);
			sim_step(again);
		}
		assert_int_equal(sim_state_hash(copy), sim_state_hash(again));
		support_check(copy, 99);
		sim_free(copy);
		assert_int_equal(sim_memory_bytes(again) > 0, 1);
		sim_free(again);
	}
}

/* A mode's tables would be lost by a checkpoint if it did not copy them. */
static void test_every_mode_that_keeps_tables_copies_them(void **state)
{
	size_t count;
	const struct mode *const *all = mode_all(&count);

	(void)state;
	for (size_t m = 0; m < count; m++) {
		bool keeps = all[m]->free != NULL;

		if (keeps != (all[m]->copy != NULL) ||
		    keeps != (all[m]->hash != NULL) ||
		    keeps != (all[m]->memory_bytes != NULL))
			fail_msg("mode %s: free, copy, hash and memory_bytes "
			         "come together",
			         all[m]->name);
	}
}

/* An observer that reads nothing: its presence alone has every snapshot
 * copied when it is sent (a record shows its vector). */
static void count_record(void *ctx, const struct sim *sim,
                         const struct sim_record *r)
{
	(void)sim;
	(void)r;
	(*(uint64_t *)ctx)++;
}

/* Whether some node of a world has snapshots out not yet copied, with
 * changes in its undo log (white box: the case the test is for). */
static bool has_lazy_with_undo(const struct sim *sim)
{
	for (uint32_t i = 0; i < sim->n; i++)
		if (sim->nodes[i].lazy != NULL && sim->nodes[i].undo_len > 0)
			return true;
	return false;
}

/*
 * Snapshots of big vectors are copied only when something reads them
 * whole (sim-struct.h, struct undo). A world no one watches (its
 * snapshots rebuilt from their owners' undo logs when a merge cannot
 * trust `recent`, a restart, a checkpoint) runs as one whose every
 * snapshot is copied at once (a watched one), through crashes, amnesia,
 * partitions and switches; and a checkpoint taken with snapshots out
 * hashes and runs as its original.
 */
static void test_an_unwatched_big_world_runs_as_a_watched_one(void **state)
{
	uint64_t base = support_seed(4242);
	const struct strategy *strategies[] = {&strategy_relay,
	                                       &strategy_push_pull};
	unsigned lazy_seen = 0;

	(void)state;
	for (unsigned k = 0; k < 8; k++) {
		uint64_t seed = base + k, watched = 0;
		struct sim_config c;
		struct rng rng;
		struct sim *a, *b, *copy = NULL;
		char err[256];

		sim_config_defaults(&c);
		c.strategy = strategies[k % 2];
		c.mode = k / 2 % 2 ? MODE_DELTA : MODE_STATE;
		c.crdt = k / 4 ? CRDT_PNCOUNTER : CRDT_GCOUNTER;
		c.nodes = c.crdt == CRDT_PNCOUNTER ? 300 : 600;
		c.seed = seed;
		c.rate = 400;
		c.drop = 0.05;
		c.duplicate = 0.05;
		c.duration_us = 10000000;
		a = sim_new(&c, err, sizeof err);
		b = sim_new(&c, err, sizeof err);
		assert_non_null(a);
		assert_non_null(b);
		sim_set_observer(b, count_record, &watched);
		rng_seed(&rng, seed, 91);
		for (int step = 1; step <= 24000; step++) {
			struct command cmd;

			if (rng_below(&rng, 300) == 0 &&
			    random_command(&rng, a, &cmd)) {
				apply_both(a, b, &cmd, seed);
				if (copy != NULL)
					support_apply(copy, cmd);
			}
			assert_true(sim_step(a));
			assert_true(sim_step(b));
			if (copy != NULL)
				assert_true(sim_step(copy));
			lazy_seen += has_lazy_with_undo(a);
			if (step == 12000) {
				copy = sim_copy(a);
				assert_same_results(a, copy, seed, "a copy");
			}
			if (step % 4000 == 0)
				assert_same_results(a, b, seed, "unwatched");
		}
		assert_same_results(a, copy, seed, "the copy's future");
		support_check(a, seed);
		assert_false(has_lazy_with_undo(b));
		sim_free(a);
		sim_free(b);
		sim_free(copy);
	}
	/* The case is met, not only possible. */
	assert_true(lazy_seen > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_copy_runs_the_same_future),
	    cmocka_unit_test(
	        test_restoring_a_checkpoint_and_rerunning_equals_a_fresh_run),
	    cmocka_unit_test(test_the_hash_sees_a_difference),
	    cmocka_unit_test(test_a_copy_is_independent),
	    cmocka_unit_test(test_every_mode_that_keeps_tables_copies_them),
	    cmocka_unit_test(test_an_unwatched_big_world_runs_as_a_watched_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
