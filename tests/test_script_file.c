/*
 * Scenario files on disk (src/app/script-file.h): loading with a size
 * limit, errors that name the file (and the line), the world a scripted
 * run uses, and a saved command log that reads back and replays the very
 * same run, byte for byte when saved again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/options.h"
#include "app/script-file.h"
#include "script/scenario.h"
#include "sim/strategy.h"
#include "world.h"

/* A scratch directory per test, removed with what is in it. */
struct scratch {
	char dir[64];
	char path[128];
};

static int make_scratch(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);

	assert_non_null(s);
	snprintf(s->dir, sizeof s->dir, "%s", "/tmp/gc-script-file.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	*state = s;
	return 0;
}

static int remove_scratch(void **state)
{
	struct scratch *s = *state;
	char command[128];

	snprintf(command, sizeof command, "rm -rf '%s'", s->dir);
	if (system(command) != 0)
		return -1;
	free(s);
	return 0;
}

/* Writes len bytes of text to NAME in the scratch directory; its path. */
static const char *write_file(struct scratch *s, const char *name,
                              const char *text, size_t len)
{
	FILE *f;

	snprintf(s->path, sizeof s->path, "%s/%s", s->dir, name);
	f = fopen(s->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return s->path;
}

/* A file of exactly `size` bytes: a setting, then comment lines. */
static char *file_of_size(size_t size)
{
	char *text = malloc(size);
	size_t at = 0;

	assert_non_null(text);
	at += (size_t)sprintf(text, "nodes 3\n");
	while (at < size) {
		size_t line = size - at > 1000 ? 1000 : size - at;

		memset(text + at, '#', line);
		text[at + line - 1] = '\n';
		at += line;
	}
	return text;
}

static void test_a_missing_file_is_named_with_the_reason(void **state)
{
	struct scenario sc;
	char err[256];

	(void)state;
	assert_int_equal(
	    script_file_load("nothing-here.gcs", &sc, err, sizeof err), -1);
	assert_string_equal(err, "nothing-here.gcs: No such file or directory");
}

static void test_a_directory_is_not_a_scenario_file(void **state)
{
	struct scratch *s = *state;
	struct scenario sc;
	char err[256], want[256];

	assert_int_equal(script_file_load(s->dir, &sc, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: is a directory, not a scenario file",
	         s->dir);
	assert_string_equal(err, want);
}

static void test_a_file_at_the_size_limit_loads_and_one_byte_more_not(void **st)
{
	struct scratch *s = *st;
	char *text = file_of_size(SCENARIO_MAX_BYTES + 1);
	struct scenario sc;
	char err[256], want[256];
	const char *path;

	/* Exactly the limit: read and parsed. */
	path = write_file(s, "fits.gcs", text, SCENARIO_MAX_BYTES);
	assert_int_equal(script_file_load(path, &sc, err, sizeof err), 0);
	assert_int_equal(sc.config.nodes, 3);
	scenario_free(&sc);
	/* One byte more: refused, and the message says the limit. */
	path = write_file(s, "big.gcs", text, SCENARIO_MAX_BYTES + 1);
	assert_int_equal(script_file_load(path, &sc, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: larger than %u bytes", path,
	         SCENARIO_MAX_BYTES);
	assert_string_equal(err, want);
	free(text);
}

static void test_a_bad_line_is_named_by_file_and_line(void **state)
{
	struct scratch *s = *state;
	const char text[] = "nodes 3\n"
	                    "at 1s inc n1\n"
	                    "at 2s incr n2\n";
	struct scenario sc;
	char err[256], want[256];
	const char *path = write_file(s, "bad.gcs", text, sizeof text - 1);

	assert_int_equal(script_file_load(path, &sc, err, sizeof err), -1);
	snprintf(want, sizeof want,
	         "%s:3:7: unknown command 'incr' (did you mean 'inc'?)", path);
	assert_string_equal(err, want);
}

static void test_a_scenario_sets_its_world_and_seed_wins_if_given(void **s)
{
	struct scratch *scratch = *s;
	const char text[] = "nodes 5\nseed 9\nstrategy gossip\n"
	                    "at 1s inc n1\nat 2s expect converged\n";
	const char *path = write_file(scratch, "w.gcs", text, sizeof text - 1);
	struct options opts;
	struct scenario sc;
	struct sim_config c;
	char err[256];

	memset(&opts, 0, sizeof opts);
	assert_int_equal(script_file_load(path, &sc, err, sizeof err), 0);
	assert_int_equal(sc.count, 2);
	assert_int_equal(script_file_config(&opts, &sc, &c, err, sizeof err),
	                 0);
	assert_int_equal(c.nodes, 5);
	assert_int_equal(c.seed, 9);
	assert_ptr_equal(c.strategy, &strategy_gossip);
	/* --seed replaces the file's; --mode applies when the file has no
	 * mode of its own. */
	opts.seed_given = true;
	opts.sim.seed = 77;
	opts.mode_given = true;
	opts.sim.mode = MODE_DELTA;
	assert_int_equal(script_file_config(&opts, &sc, &c, err, sizeof err),
	                 0);
	assert_int_equal(c.seed, 77);
	assert_int_equal(c.mode, MODE_DELTA);
	scenario_free(&sc);
}

static void test_a_mode_in_the_file_is_not_overridden(void **state)
{
	struct scratch *s = *state;
	const char text[] = "mode op-reliable\n";
	const char *path = write_file(s, "m.gcs", text, sizeof text - 1);
	struct options opts;
	struct scenario sc;
	struct sim_config c;
	char err[256];

	memset(&opts, 0, sizeof opts);
	opts.mode_given = true;
	opts.sim.mode = MODE_DELTA;
	assert_int_equal(script_file_load(path, &sc, err, sizeof err), 0);
	assert_int_equal(script_file_config(&opts, &sc, &c, err, sizeof err),
	                 0);
	assert_int_equal(c.mode, MODE_OP_RELIABLE);
	scenario_free(&sc);
}

/* Each alone is accepted, so the two together are checked once more:
 * amnesia in the file with --mode op-reliable (issue 18: it ran, and
 * diverged), or --mode op with the file's gossip. (write_file
 * returns one buffer: each file is written when it is used.) */
static void test_the_file_and_the_command_line_together(void **state)
{
	struct scratch *s = *state;
	const char amnesia[] = "amnesia\nat 1s crash n1\nat 2s restart n1\n";
	const char gossip[] = "strategy gossip\n";
	const char *a = write_file(s, "a.gcs", amnesia, sizeof amnesia - 1);
	const char *g;
	struct options opts;
	struct scenario sc;
	struct sim_config c;
	char err[512], want[512];

	memset(&opts, 0, sizeof opts);
	opts.mode_given = true;
	opts.sim.mode = MODE_OP_RELIABLE;
	opts.script_path = a;
	assert_int_equal(script_file_load(a, &sc, err, sizeof err), 0);
	assert_int_equal(script_file_config(&opts, &sc, &c, err, sizeof err),
	                 -1);
	snprintf(want, sizeof want,
	         "%s with --mode op-reliable: amnesia with mode op-reliable: "
	         "ops are sent once, so op modes keep replicas on disk and "
	         "restart them durably",
	         a);
	assert_string_equal(err, want);
	scenario_free(&sc);

	/* --mode op with the file's gossip: left to sim_new, in the words
	 * test_cli checks. */
	opts.sim.mode = MODE_OP;
	g = write_file(s, "g.gcs", gossip, sizeof gossip - 1);
	opts.script_path = g;
	assert_int_equal(script_file_load(g, &sc, err, sizeof err), 0);
	assert_int_equal(script_file_config(&opts, &sc, &c, err, sizeof err),
	                 0);
	assert_null(sim_new(&c, err, sizeof err));
	assert_non_null(strstr(err, "op mode sends each op once"));
	scenario_free(&sc);
}

/* A world with a hostile network, a workload, and commands at odd times. */
static struct sim *recorded_run(void)
{
	struct sim_config c;
	char err[256];
	struct sim *sim;
	const struct command commands[] = {
	    {.kind = CMD_INCREMENT, .node = 1, .amount = 3},
	    {.kind = CMD_PARTITION, .node = 2, .mode = PARTITION_BOTH},
	    {.kind = CMD_CRASH, .node = SIM_RELAY},
	    {.kind = CMD_RESTART, .node = SIM_RELAY},
	    {.kind = CMD_HEAL},
	    {.kind = CMD_SET_DROP, .probability = 0.25},
	    {.kind = CMD_GOSSIP_NOW, .node = 0},
	};

	sim_config_defaults(&c);
	c.nodes = 4;
	c.seed = 4242;
	c.rate = 40;
	c.duplicate = 0.1;
	c.latency = latency_exponential(30000);
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		sim_run_until(sim, sim_now(sim) + 137000 + 1000 * i);
		support_apply(sim, commands[i]);
	}
	sim_run_until(sim, 2500000);
	return sim;
}

/* The log as text, as --save-log writes it. */
static char *log_text(const struct sim *sim)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(script_file_write_log(out, sim), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

/* Plays a loaded log the way a replay does: each command after exactly
 * the events it followed, then to the end line. */
static struct sim *replay(const struct scenario *sc)
{
	char err[256];
	struct sim *sim = sim_new(&sc->config, err, sizeof err);

	assert_non_null(sim);
	for (size_t i = 0; i < sc->count; i++) {
		const struct scenario_item *item = &sc->items[i];
		struct command cmd = item->command;

		assert_true(item->exact);
		if (item->kind == ITEM_COMMAND) {
			cmd.time_us = item->time_us;
			cmd.after_events = item->after_events;
			if (sim_replay(sim, &cmd, err, sizeof err) != 0)
				fail_msg("line %u: %s", item->line, err);
		} else {
			assert_int_equal(item->kind, ITEM_END);
			if (sim_seek(sim, item->time_us, item->after_events,
			             err, sizeof err) != 0)
				fail_msg("line %u: %s", item->line, err);
		}
	}
	return sim;
}

static void test_a_saved_log_reads_back_and_replays_identically(void **state)
{
	struct scratch *s = *state;
	struct sim *recorded = recorded_run();
	struct sim *replayed;
	struct scenario sc;
	char err[256], *first, *second;

	snprintf(s->path, sizeof s->path, "%s/run.log", s->dir);
	assert_int_equal(
	    script_file_save_log(s->path, recorded, err, sizeof err), 0);
	assert_int_equal(script_file_load(s->path, &sc, err, sizeof err), 0);
	assert_int_equal(sc.count, 8); /* seven commands and the end */
	replayed = replay(&sc);

	assert_int_equal(sim_now(replayed), sim_now(recorded));
	assert_int_equal(sim_events_run(replayed), sim_events_run(recorded));
	assert_int_equal(sim_truth_total(replayed), sim_truth_total(recorded));
	for (uint32_t i = 0; i < 4; i++) {
		const struct gcounter *a = sim_node_vector(recorded, i);
		const struct gcounter *b = sim_node_vector(replayed, i);

		assert_int_equal(a->n, b->n);
		assert_memory_equal(a->slots, b->slots,
		                    a->n * sizeof *a->slots);
	}
	/* Saved again, the replay writes the same bytes. */
	first = log_text(recorded);
	second = log_text(replayed);
	assert_string_equal(first, second);
	free(first);
	free(second);
	scenario_free(&sc);
	sim_free(recorded);
	sim_free(replayed);
}

static void test_a_log_that_cannot_be_written_fails_before_the_run(void **s)
{
	char err[256];

	(void)s;
	assert_int_equal(script_file_check_writable("/nonexistent/dir/x.log",
	                                            "--save-log", err,
	                                            sizeof err),
	                 -1);
	assert_string_equal(err, "--save-log: /nonexistent/dir/x.log: No such "
	                         "file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_missing_file_is_named_with_the_reason),
	    cmocka_unit_test_setup_teardown(
	        test_a_directory_is_not_a_scenario_file, make_scratch,
	        remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_a_file_at_the_size_limit_loads_and_one_byte_more_not,
	        make_scratch, remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_a_bad_line_is_named_by_file_and_line, make_scratch,
	        remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_a_scenario_sets_its_world_and_seed_wins_if_given,
	        make_scratch, remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_a_mode_in_the_file_is_not_overridden, make_scratch,
	        remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_the_file_and_the_command_line_together, make_scratch,
	        remove_scratch),
	    cmocka_unit_test_setup_teardown(
	        test_a_saved_log_reads_back_and_replays_identically,
	        make_scratch, remove_scratch),
	    cmocka_unit_test(
	        test_a_log_that_cannot_be_written_fails_before_the_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
