/*
 * Headless mode end to end: the options go in, the report comes out. Same
 * options and seed give byte-identical output; the JSON holds every field
 * of the documented schema; a run that cannot converge says so.
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

#include "app/headless.h"
#include "app/options.h"

struct run {
	int status;
	char *out;
	size_t len;
};

/* Runs `gcounter --headless ARGS...` in process; NULL ends the list. */
static struct run run_headless(const char *first, ...)
{
	char *argv[32] = {"gcounter", "--headless"};
	int argc = 2;
	struct options opts;
	struct run run = {0};
	char err[256];
	va_list ap;
	FILE *out;

	va_start(ap, first);
	for (const char *arg = first; arg != NULL && argc < 31;
	     arg = va_arg(ap, const char *))
		argv[argc++] = (char *)(uintptr_t)arg;
	va_end(ap);
	if (options_parse(argc, argv, 1, &opts, stdout, err, sizeof err) !=
	    OPTIONS_RUN)
		fail_msg("options: %s", err);
	out = open_memstream(&run.out, &run.len);
	run.status = headless_run(&opts, out, stderr);
	fclose(out);
	return run;
}

/* The number after "key": in a flat JSON text (enough for these tests). */
static double json_number(const char *json, const char *key)
{
	char pattern[64];
	const char *at;

	snprintf(pattern, sizeof pattern, "\"%s\":", key);
	at = strstr(json, pattern);
	if (at == NULL)
		fail_msg("no %s in %s", key, json);
	return strtod(at + strlen(pattern), NULL);
}

static void
test_the_issue_example_converges_with_every_value_the_truth(void **state)
{
	struct run run =
	    run_headless("--nodes", "8", "--rate", "50", "--duration", "10s",
	                 "--seed", "7", "--json", NULL);
	double increments;
	const char *values;

	(void)state;
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "\"converged\":true"));
	increments = json_number(run.out, "increments");
	/* 50 a second for 10 seconds, give or take the Poisson noise. */
	assert_true(increments > 400 && increments < 600);
	values = strstr(run.out, "\"values\":[");
	assert_non_null(values);
	values += strlen("\"values\":[");
	for (int i = 0; i < 8; i++) {
		char *end;

		assert_true(strtod(values, &end) == increments);
		values = end + 1;
	}
	free(run.out);
}

static void test_json_has_every_field_of_the_schema(void **state)
{
	static const char *const fields[] = {
	    "\"seed\":3,",
	    "\"nodes\":4,",
	    "\"strategy\":\"relay\"",
	    "\"sim_time_ms\":",
	    "\"increments\":",
	    "\"converged\":",
	    "\"converged_at_ms\":",
	    "\"values\":[",
	    "\"vectors\":[[",
	    "\"messages\":{\"sent\":",
	    "\"delivered\":",
	    "\"dropped\":",
	    "\"duplicated\":",
	    "\"in_flight\":",
	    "\"bytes_sent\":",
	};
	struct run run = run_headless("--seed", "3", "--rate", "20",
	                              "--duration", "1s", "--json", NULL);

	(void)state;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strstr(run.out, fields[i]) == NULL)
			fail_msg("missing %s in %s", fields[i], run.out);
	assert_int_equal(run.out[0], '{');
	assert_int_equal(run.out[run.len - 2], '}');
	assert_int_equal(run.out[run.len - 1], '\n');
	free(run.out);
}

static void test_same_options_and_seed_give_byte_identical_output(void **state)
{
	const char *modes[][2] = {
	    {"--json", NULL}, {"--trace", NULL}, {"--nodes", "3"}};

	(void)state;
	for (size_t m = 0; m < 3; m++) {
		struct run a =
		    run_headless("--seed", "11", "--rate", "30", "--duration",
		                 "2s", "--latency", "exp:40ms", "--duplicate",
		                 "0.2", modes[m][0], modes[m][1], NULL);
		struct run b =
		    run_headless("--seed", "11", "--rate", "30", "--duration",
		                 "2s", "--latency", "exp:40ms", "--duplicate",
		                 "0.2", modes[m][0], modes[m][1], NULL);

		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.out, b.out, a.len);
		free(a.out);
		free(b.out);
	}
}

static void test_different_seeds_give_different_traces(void **state)
{
	struct run a = run_headless("--seed", "1", "--rate", "20", "--duration",
	                            "1s", "--trace", NULL);
	struct run b = run_headless("--seed", "2", "--rate", "20", "--duration",
	                            "1s", "--trace", NULL);

	(void)state;
	assert_true(a.len != b.len || memcmp(a.out, b.out, a.len) != 0);
	/* Each trace line is one JSON object. */
	assert_memory_equal(a.out, "{\"t_us\":", 8);
	assert_non_null(strstr(a.out, "\"event\":\"deliver\""));
	assert_non_null(strstr(a.out, "\"before\":["));
	free(a.out);
	free(b.out);
}

/* Traces say what each message carries and which counts go down; the
 * summary says which node is down rather than comparing it. */
static void test_traces_and_summaries_name_forms_and_down_nodes(void **state)
{
	struct run run = run_headless("--seed", "3", "--rate", "20",
	                              "--duration", "1s", "--crdt", "pncounter",
	                              "--mode", "op-reliable", "--trace", NULL);

	(void)state;
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "\"decrement\":true"));
	assert_non_null(strstr(run.out, "\"form\":\"ops\""));
	assert_non_null(strstr(run.out, "\"absolute\":0}"));
	assert_non_null(strstr(run.out, "\"kind\":\"ack\""));
	assert_non_null(strstr(run.out, "\"about\":\"n"));
	free(run.out);
	run = run_headless("--seed", "3", "--rate", "20", "--duration", "2s",
	                   "--crdt", "pncounter", "--mode", "op-reliable",
	                   "--crash", "n2", NULL);
	assert_non_null(strstr(run.out, "  n2    value 0 "));
	assert_non_null(strstr(run.out, "  down\n"));
	assert_null(strstr(run.out, "the truth\n"));
	free(run.out);
}

static void
test_a_network_that_drops_everything_reports_no_convergence(void **state)
{
	struct run run = run_headless("--seed", "5", "--rate", "10",
	                              "--duration", "1s", "--drop", "1", NULL);

	(void)state;
	assert_int_equal(run.status, 1);
	assert_non_null(strstr(run.out, "converged      NO"));
	free(run.out);
}

static void test_the_summary_reads_plainly(void **state)
{
	struct run run = run_headless("--seed", "9", "--rate", "10",
	                              "--duration", "2s", NULL);

	(void)state;
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "gcounter: 4 nodes, strategy relay, "
	                                "mode state, seed 9, latency "
	                                "20ms-60ms\n"));
	assert_non_null(strstr(run.out, "converged      yes, at "));
	assert_non_null(strstr(run.out, "  n1    value "));
	free(run.out);
}

/* Each mode reports what it cost; plain ops under duplication end above
 * the truth, and the summary says so beside the values. */
static void test_modes_report_their_bytes_and_op_overcounts(void **state)
{
	struct run run =
	    run_headless("--seed", "3", "--rate", "40", "--duration", "2s",
	                 "--mode", "delta", "--json", NULL);

	(void)state;
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "\"converged\":true"));
	assert_non_null(strstr(run.out, "\"mode\":\"delta\",\"modes\":{"
	                                "\"delta\":{\"bytes\":"));
	free(run.out);
	run = run_headless("--seed", "3", "--rate", "40", "--duration", "2s",
	                   "--mode", "op", "--duplicate", "0.5", NULL);
	assert_int_equal(run.status, 1); /* not converged */
	assert_non_null(strstr(run.out, "mode op,"));
	assert_non_null(strstr(run.out, "converged      NO"));
	assert_non_null(strstr(run.out, "above the truth"));
	free(run.out);
	run = run_headless("--seed", "3", "--rate", "40", "--duration", "2s",
	                   "--mode", "op-reliable", "--duplicate", "0.5",
	                   "--drop", "0.2", NULL);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "converged      yes"));
	assert_null(strstr(run.out, "above the truth"));
	assert_null(strstr(run.out, "below the truth"));
	free(run.out);
	/* --mode applies to a scenario that does not choose its own: the
	 * duplicates demo, in op mode, counts them. */
	run = run_headless("--mode", "op", "--script",
	                   GCOUNTER_ASSETS "/scenarios/03-duplicates-are-"
	                                   "harmless.gcs",
	                   NULL);
	assert_int_equal(run.status, 1);
	assert_non_null(strstr(run.out, "mode op,"));
	assert_non_null(strstr(run.out, "cells above the truth: plain op "
	                                "counted duplicates"));
	free(run.out);
}

/* Increment lines of a trace whose time is at most t_us. */
static unsigned increments_by(const char *trace, uint64_t t_us)
{
	static const char increment[] = "\"event\":\"increment\"";
	unsigned count = 0;

	for (const char *line = trace; *line != '\0';) {
		const char *end = strchr(line, '\n');
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
		const char *hit = strstr(line, increment);

		if (strncmp(line, "{\"t_us\":", 8) == 0 &&
		    strtoull(line + 8, NULL, 10) <= t_us && hit != NULL &&
		    hit < line + len)
			count++;
		line += len + (end != NULL);
	}
	return count;
}

/* --at shows the world of the very same run at that moment: as many
 * increments as the whole run's trace has by then, the clock at it, and
 * no failure for a world still diverged there. */
static void test_at_shows_the_world_of_the_same_run_at_that_moment(void **state)
{
	struct run whole =
	    run_headless("--nodes", "5", "--rate", "40", "--duration", "3s",
	                 "--seed", "11", "--trace", NULL);
	struct run at =
	    run_headless("--nodes", "5", "--rate", "40", "--duration", "3s",
	                 "--seed", "11", "--json", "--at", "1234ms", NULL);

	(void)state;
	assert_int_equal(at.status, 0);
	assert_true(json_number(at.out, "sim_time_ms") == 1234.0);
	assert_int_equal((unsigned)json_number(at.out, "increments"),
	                 increments_by(whole.out, 1234000));
	assert_true(increments_by(whole.out, 1234000) > 10);
	free(whole.out);
	free(at.out);
}

/* A scenario looked at mid-way, and its saved log looked at the same
 * moment, are one world: the JSON is byte for byte the same. */
static void test_at_inspects_a_saved_log_as_its_scenario(void **state)
{
	char log[] = "/tmp/gcounter-at-XXXXXX";
	int fd = mkstemp(log);
	struct run saved, script, replay;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	saved = run_headless(
	    "--script", GCOUNTER_ASSETS "/scenarios/02-partition-and-heal.gcs",
	    "--save-log", log, NULL);
	assert_int_equal(saved.status, 0);
	script = run_headless(
	    "--script", GCOUNTER_ASSETS "/scenarios/02-partition-and-heal.gcs",
	    "--json", "--at", "8500ms", NULL);
	replay =
	    run_headless("--replay", log, "--json", "--at", "8500ms", NULL);
	assert_int_equal(replay.status, 0);
	/* (The script's captions come first; its JSON is the last line.) */
	assert_non_null(strstr(script.out, replay.out));
	/* Cut off at 8.5s (the partition is healed at 9.0s since the scenario
	 * waits for the world, #14): n3 has counted alone. */
	assert_non_null(strstr(replay.out, "\"values\":[6,6,8,6]"));
	unlink(log);
	free(saved.out);
	free(script.out);
	free(replay.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_at_shows_the_world_of_the_same_run_at_that_moment),
	    cmocka_unit_test(test_at_inspects_a_saved_log_as_its_scenario),
	    cmocka_unit_test(
	        test_the_issue_example_converges_with_every_value_the_truth),
	    cmocka_unit_test(test_json_has_every_field_of_the_schema),
	    cmocka_unit_test(
	        test_same_options_and_seed_give_byte_identical_output),
	    cmocka_unit_test(test_different_seeds_give_different_traces),
	    cmocka_unit_test(
	        test_a_network_that_drops_everything_reports_no_convergence),
	    cmocka_unit_test(test_the_summary_reads_plainly),
	    cmocka_unit_test(test_modes_report_their_bytes_and_op_overcounts),
	    cmocka_unit_test(
	        test_traces_and_summaries_name_forms_and_down_nodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
