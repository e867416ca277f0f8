/*
 * The command line: defaults, every option, and every error path. Each
 * error is one line that names the option and says what is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/options.h"
#include "sim/strategy.h"

#define MAX_ARGS 32

struct parsed {
	enum options_result result;
	struct options opts;
	char err[256];
	char out[8192];
};

/* Parses a NULL-terminated list of arguments (argv[0] is added). */
static void parse(struct parsed *p, const char *first, ...)
{
	char *argv[MAX_ARGS + 2] = {"gcounter"};
	int argc = 1;
	va_list ap;
	FILE *out = tmpfile();
	size_t len;

	va_start(ap, first);
	for (const char *arg = first; arg != NULL && argc <= MAX_ARGS;
	     arg = va_arg(ap, const char *))
		argv[argc++] = (char *)(uintptr_t)arg;
	va_end(ap);
	memset(p, 0, sizeof *p);
	p->result = options_parse(argc, argv, 4242, &p->opts, out, p->err,
	                          sizeof p->err);
	rewind(out);
	len = fread(p->out, 1, sizeof p->out - 1, out);
	p->out[len] = '\0';
	fclose(out);
}

static void expect_error(const char *expected, const char *first, ...)
{
	char *argv[MAX_ARGS + 2] = {"gcounter"};
	int argc = 1;
	va_list ap;
	struct options opts;
	char err[256] = "";

	va_start(ap, first);
	for (const char *arg = first; arg != NULL && argc <= MAX_ARGS;
	     arg = va_arg(ap, const char *))
		argv[argc++] = (char *)(uintptr_t)arg;
	va_end(ap);
	assert_int_equal(
	    options_parse(argc, argv, 1, &opts, stdout, err, sizeof err),
	    OPTIONS_ERROR);
	if (strcmp(err, expected) != 0)
		fail_msg("%s: expected \"%s\", got \"%s\"", first, expected,
		         err);
	assert_null(strchr(err, '\n'));
}

static void test_no_arguments_give_the_original_design(void **state)
{
	struct parsed p;

	(void)state;
	unsetenv("NO_COLOR");
	parse(&p, NULL);
	assert_int_equal(p.result, OPTIONS_RUN);
	assert_int_equal(p.opts.sim.nodes, 4);
	assert_ptr_equal(p.opts.sim.strategy, &strategy_relay);
	assert_int_equal(p.opts.sim.seed, 4242); /* the drawn seed */
	assert_false(p.opts.seed_given);
	assert_true(p.opts.sim.rate == 0);
	assert_int_equal(p.opts.sim.gossip_min_us, 180000);
	assert_int_equal(p.opts.sim.gossip_max_us, 220000);
	assert_false(p.opts.headless);
	assert_false(p.opts.no_color);
	assert_int_equal(p.opts.sim.duration_us, 0);
}

static void test_every_option_is_read(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--nodes", "8", "--seed", "7", "--strategy", "relay",
	      "--latency", "exp:30ms", "--gossip-interval", "100-150ms",
	      "--rate", "50", "--duration", "10s", "--drop", "10%",
	      "--duplicate", "0.25", "--headless", "--json", "--trace", NULL);
	assert_int_equal(p.result, OPTIONS_RUN);
	assert_int_equal(p.opts.sim.nodes, 8);
	assert_int_equal(p.opts.sim.seed, 7);
	assert_true(p.opts.seed_given);
	assert_int_equal(p.opts.sim.latency.kind, LATENCY_EXPONENTIAL);
	assert_int_equal(p.opts.sim.latency.mean_us, 30000);
	assert_int_equal(p.opts.sim.gossip_min_us, 100000);
	assert_int_equal(p.opts.sim.gossip_max_us, 150000);
	assert_true(p.opts.sim.rate == 50);
	assert_int_equal(p.opts.sim.duration_us, 10000000);
	assert_true(p.opts.sim.drop == 0.1);
	assert_true(p.opts.sim.duplicate == 0.25);
	assert_true(p.opts.headless && p.opts.json && p.opts.trace);
}

static void test_dashboard_options_are_read(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--theme", "projector", "--no-color", "--big", NULL);
	assert_int_equal(p.result, OPTIONS_RUN);
	assert_int_equal(p.opts.theme, THEME_PROJECTOR);
	assert_true(p.opts.no_color);
	assert_true(p.opts.big);
}

static void test_no_color_environment_turns_colour_off(void **state)
{
	struct parsed p;

	(void)state;
	setenv("NO_COLOR", "1", 1);
	parse(&p, NULL);
	assert_true(p.opts.no_color);
	setenv("NO_COLOR", "", 1); /* set but empty: colour stays on */
	parse(&p, NULL);
	assert_false(p.opts.no_color);
	unsetenv("NO_COLOR");
}

static void test_headless_runs_ten_virtual_seconds_by_default(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--headless", NULL);
	assert_int_equal(p.opts.sim.duration_us, OPTIONS_DEFAULT_DURATION_US);
}

static void test_help_and_version_print_and_exit(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--help", NULL);
	assert_int_equal(p.result, OPTIONS_EXIT);
	assert_non_null(strstr(p.out, "Usage: gcounter"));
	assert_non_null(strstr(p.out, "--nodes N"));
	assert_non_null(strstr(p.out, "1 to 10000"));
	assert_non_null(strstr(p.out, "relay"));
	parse(&p, "-V", NULL);
	assert_int_equal(p.result, OPTIONS_EXIT);
	assert_non_null(strstr(p.out, "gcounter "));
}

static void test_every_bad_value_is_one_clear_line(void **state)
{
	(void)state;
	expect_error("--nodes: missing value", "--nodes", NULL);
	expect_error("--nodes: must be at least 1", "--nodes", "0", NULL);
	expect_error("--nodes: must be at most 10000", "--nodes", "10001",
	             NULL);
	expect_error("--nodes: must be at least 1", "--nodes", "-3", NULL);
	expect_error("--nodes: expected a number, got 'four'", "--nodes",
	             "four", NULL);
	expect_error("--nodes: unexpected '.5' after '1'", "--nodes", "1.5",
	             NULL);
	expect_error("--seed: '99999999999999999999' is out of range (must "
	             "be at most 18446744073709551615)",
	             "--seed", "99999999999999999999", NULL);
	expect_error("--duration: unknown unit 'd' (use us, ms, s, m or h)",
	             "--duration", "2d", NULL);
	expect_error("--drop: must be at most 100%", "--drop", "150%", NULL);
	expect_error("--rate: unexpected 'e9' after '1'", "--rate", "1e9",
	             NULL);
	expect_error("--strategy: unknown strategy 'relya' (did you mean "
	             "'relay'?)",
	             "--strategy", "relya", NULL);
	expect_error("--strategy: unknown strategy 'paxos' (see --help)",
	             "--strategy", "paxos", NULL);
	expect_error("--latency: missing unit in '20' (use us, ms, s, m or h)",
	             "--latency", "20", NULL);
	expect_error("--gossip-interval: must be at least 1ms",
	             "--gossip-interval", "500us", NULL);
	expect_error("--duration: must be above 0s", "--duration", "0s", NULL);
	expect_error("--theme: unknown theme 'drak' (did you mean 'dark'?)",
	             "--theme", "drak", NULL);
	expect_error("--json needs --headless", "--json", NULL);
	expect_error("--trace needs --headless", "--trace", NULL);
	expect_error("unknown option '--nods' (did you mean '--nodes'?)",
	             "--nods", "3", NULL);
	expect_error("unknown option '--frobnicate' (try --help)",
	             "--frobnicate", NULL);
	expect_error("unknown option '-x' (try --help)", "-x", NULL);
	expect_error("unexpected argument 'extra' (try --help)", "extra", NULL);
}

static void test_range_and_probability_errors_name_the_option(void **state)
{
	struct options opts;
	char err[256];
	char *rate[] = {"gcounter", "--rate", "1e9", NULL};
	char *drop[] = {"gcounter", "--drop", "150%", NULL};
	char *gossip[] = {"gcounter", "--gossip-interval", "300-200ms", NULL};
	char *dur[] = {"gcounter", "--duration", "25h", NULL};

	(void)state;
	assert_int_equal(
	    options_parse(3, rate, 1, &opts, stdout, err, sizeof err),
	    OPTIONS_ERROR);
	assert_memory_equal(err, "--rate: ", 8);
	assert_int_equal(
	    options_parse(3, drop, 1, &opts, stdout, err, sizeof err),
	    OPTIONS_ERROR);
	assert_memory_equal(err, "--drop: ", 8);
	assert_int_equal(
	    options_parse(3, gossip, 1, &opts, stdout, err, sizeof err),
	    OPTIONS_ERROR);
	assert_memory_equal(err, "--gossip-interval: ", 19);
	assert_int_equal(
	    options_parse(3, dur, 1, &opts, stdout, err, sizeof err),
	    OPTIONS_ERROR);
	assert_memory_equal(err, "--duration: ", 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_arguments_give_the_original_design),
	    cmocka_unit_test(test_every_option_is_read),
	    cmocka_unit_test(test_dashboard_options_are_read),
	    cmocka_unit_test(test_no_color_environment_turns_colour_off),
	    cmocka_unit_test(test_headless_runs_ten_virtual_seconds_by_default),
	    cmocka_unit_test(test_help_and_version_print_and_exit),
	    cmocka_unit_test(test_every_bad_value_is_one_clear_line),
	    cmocka_unit_test(test_range_and_probability_errors_name_the_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
