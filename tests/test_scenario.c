/*
 * The scenario language: every setting and command parses to what it says,
 * the formatter writes what the parser reads back, and every error names
 * file:line:column and what was expected.
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

#include "script/scenario.h"
#include "sim/strategy.h"

static void parse_ok(const char *text, struct scenario *sc)
{
	char err[256];

	if (scenario_parse("t.gcs", text, strlen(text), sc, err, sizeof err) !=
	    0)
		fail_msg("unexpected error: %s", err);
}

static void parse_fails(const char *text, const char *expected)
{
	struct scenario sc;
	char err[256];

	assert_int_equal(
	    scenario_parse("t.gcs", text, strlen(text), &sc, err, sizeof err),
	    -1);
	if (strcmp(err, expected) != 0)
		fail_msg("for %s\nexpected: %s\n     got: %s", text, expected,
		         err);
	assert_null(sc.items);
}

static void test_settings_set_up_the_world(void **state)
{
	struct scenario sc;

	(void)state;
	parse_ok("# a comment\n"
	         "title \"Demo\"\nnodes 6\nseed 9\nstrategy push-pull\n"
	         "latency exp:30ms\ngossip-interval 100-150ms\nrate 5\n"
	         "drop 10%\nduplicate 0.5\nfanout 3\nhybrid-changes 4\n"
	         "reader sticky\nread-rate 20\ntheme projector\namnesia\n"
	         "duration 30s\n",
	         &sc);
	assert_string_equal(sc.title, "Demo");
	assert_int_equal(sc.config.nodes, 6);
	assert_int_equal(sc.config.seed, 9);
	assert_ptr_equal(sc.config.strategy, &strategy_push_pull);
	assert_int_equal(sc.config.latency.kind, LATENCY_EXPONENTIAL);
	assert_int_equal(sc.config.gossip_min_us, 100000);
	assert_true(sc.config.rate == 5);
	assert_true(sc.config.drop == 0.1);
	assert_true(sc.config.duplicate == 0.5);
	assert_int_equal(sc.config.fanout, 3);
	assert_int_equal(sc.config.hybrid_changes, 4);
	assert_int_equal(sc.config.reader, READER_STICKY);
	assert_true(sc.config.read_rate == 20);
	assert_string_equal(sc.theme, "projector");
	assert_true(sc.amnesia);
	assert_int_equal(sc.config.duration_us, 30000000);
	assert_int_equal(sc.count, 0);
	scenario_free(&sc);
}

static void test_timed_lines_keep_their_times(void **state)
{
	struct scenario sc;

	(void)state;
	parse_ok("nodes 3\n"
	         "at 1.5s inc n2 x3\n"
	         "after 500ms partition n3 in\n"
	         "caption \"Say \\\"hi\\\" \\\\ caf\xc3\xa9\"\n"
	         "at 3s heal   # healed\n"
	         "crash relay\nrestart n1 amnesia\nrestart relay\n"
	         "gossip n1\nstrategy gossip\nrate 2.5\nlatency 10-20ms\n"
	         "drop 0\nduplicate 1\ngossip-interval 1s\nreader random\n"
	         "pause\nreport\nexpect value n1 >= 2\nexpect total == 3\n"
	         "expect lost != 1\nexpect backwards-reads < 9\n"
	         "expect converged\nexpect diverged\n"
	         "at 10s step 42 inc n1\nat 11s end\n",
	         &sc);
	assert_int_equal(sc.count, 25);
	assert_int_equal(sc.items[0].kind, ITEM_COMMAND);
	assert_int_equal(sc.items[0].time_us, 1500000);
	assert_int_equal(sc.items[0].command.kind, CMD_INCREMENT);
	assert_int_equal(sc.items[0].command.node, 1);
	assert_int_equal(sc.items[0].command.amount, 3);
	assert_int_equal(sc.items[1].time_us, 2000000);
	assert_int_equal(sc.items[1].command.mode, PARTITION_NO_RECEIVE);
	assert_int_equal(sc.items[2].kind, ITEM_CAPTION);
	assert_string_equal(sc.items[2].caption, "Say \"hi\" \\ caf\xc3\xa9");
	assert_int_equal(sc.items[2].time_us, 2000000); /* as the line before */
	assert_int_equal(sc.items[3].time_us, 3000000);
	assert_int_equal(sc.items[4].command.node, SIM_RELAY);
	assert_int_equal(sc.items[5].command.mode, RESTART_AMNESIA);
	assert_int_equal(sc.items[15].kind, ITEM_PAUSE);
	assert_int_equal(sc.items[16].kind, ITEM_REPORT);
	assert_int_equal(sc.items[17].expect.kind, EXPECT_VALUE);
	assert_int_equal(sc.items[17].expect.op, OP_GE);
	assert_int_equal(sc.items[17].expect.value, 2);
	assert_true(sc.items[23].exact);
	assert_int_equal(sc.items[23].after_events, 42);
	assert_int_equal(sc.items[24].kind, ITEM_END);
	assert_int_equal(sc.items[24].line, 26);
	scenario_free(&sc);
}

static void test_crlf_and_blank_lines_are_fine(void **state)
{
	struct scenario sc;

	(void)state;
	parse_ok("\r\n  \r\nnodes 2\r\n\tat 1s inc n2\r\n", &sc);
	assert_int_equal(sc.count, 1);
	scenario_free(&sc);
	parse_ok("", &sc);
	assert_int_equal(sc.count, 0);
	scenario_free(&sc);
	/* A byte-order mark from a Windows editor is skipped. */
	parse_ok("\xef\xbb\xbfnodes 2\nat 1s inc n2\n", &sc);
	assert_int_equal(sc.config.nodes, 2);
	scenario_free(&sc);
}

static void test_every_grammar_error_says_where_and_what(void **state)
{
	(void)state;
	parse_fails("at 1s incr n2\n",
	            "t.gcs:1:7: unknown command 'incr' (did you mean 'inc'?)");
	parse_fails("frobnicate\n", "t.gcs:1:1: unknown command 'frobnicate'");
	parse_fails("nodes 4\nat 1s inc n9\n",
	            "t.gcs:2:11: no node n9 (this scenario has 4 nodes)");
	parse_fails("at 1s inc m2\n",
	            "t.gcs:1:11: expected a node like n1, got 'm2'");
	parse_fails("at 1s inc\n", "t.gcs:1:10: expected a node (n1, n2, ...)");
	parse_fails("at 2s inc n1\nat 1s inc n2\n",
	            "t.gcs:2:4: time goes backwards: 1s is before 2s (line 1)");
	parse_fails("at 1s inc n1\nnodes 5\n",
	            "t.gcs:2:1: 'nodes' is a setting: settings go before the "
	            "first timed line");
	parse_fails("nodes 3\nnodes 4\n",
	            "t.gcs:2:1: nodes is set twice (first on line 1)");
	parse_fails("nodes 0\n", "t.gcs:1:7: must be at least 1");
	parse_fails("nodes 20000\n", "t.gcs:1:7: must be at most 10000");
	parse_fails("at 5 inc n1\n",
	            "t.gcs:1:4: missing unit in '5' (use us, ms, s, m or h)");
	parse_fails("at 1s\n", "t.gcs:1:6: expected a command after the time");
	parse_fails("at 1s inc n1 x0\n", "t.gcs:1:15: must be at least 1");
	parse_fails("at 1s inc n1 3\n",
	            "t.gcs:1:14: expected a count like x3, got '3'");
	parse_fails("at 1s heal now\n",
	            "t.gcs:1:12: unexpected 'now' at the end of the line");
	parse_fails("at 1s partition n1 sideways\n",
	            "t.gcs:1:20: expected in (cannot receive) or out (cannot "
	            "send), got 'sideways'");
	parse_fails("at 1s restart n1 maybe\n",
	            "t.gcs:1:18: expected durable or amnesia, got 'maybe'");
	parse_fails("at 1s caption \"open\n",
	            "t.gcs:1:15: unterminated text: add a '\"'");
	parse_fails("at 1s caption bare\n",
	            "t.gcs:1:15: expected text in double quotes");
	parse_fails("at 1s caption \"\\n\"\n",
	            "t.gcs:1:16: unknown escape (use \\\" or \\\\)");
	parse_fails("at 1s caption \"\xff\"\n",
	            "t.gcs:1:16: invalid UTF-8 in text");
	parse_fails("at 1s caption \"\xed\xa0\x80\"\n",
	            "t.gcs:1:16: invalid UTF-8 in text");
	/* Valid UTF-8 that would drive the terminal or reorder the text
	 * (issue 18): an 8-bit CSI, NEL, and the bidi overrides/isolates. */
	parse_fails("at 1s caption \"a\xc2\x9b"
	            "31m\"\n",
	            "t.gcs:1:17: control character U+009B in text");
	parse_fails("at 1s caption \"\xc2\x80\"\n",
	            "t.gcs:1:16: control character U+0080 in text");
	parse_fails("at 1s caption \"\xc2\x9f\"\n",
	            "t.gcs:1:16: control character U+009F in text");
	parse_fails("at 1s caption \"abc\xe2\x80\xae\"\n",
	            "t.gcs:1:19: bidirectional control U+202E in text");
	parse_fails("at 1s caption \"\xe2\x80\xaa\"\n",
	            "t.gcs:1:16: bidirectional control U+202A in text");
	parse_fails("title \"\xe2\x81\xa6x\xe2\x81\xa9\"\n",
	            "t.gcs:1:8: bidirectional control U+2066 in text");
	{
		struct scenario sc;

		/* Their neighbours are text: NBSP, U+2029, U+202F, U+2065,
		 * U+206A. */
		parse_ok("at 1s caption \"\xc2\xa0\xe2\x80\xa9\xe2\x80\xaf"
		         "\xe2\x81\xa5\xe2\x81\xaa\"\n",
		         &sc);
		scenario_free(&sc);
	}
	parse_fails("at 1s expect value n1 = 3\n",
	            "t.gcs:1:23: expected a comparison (==, !=, <, <=, >, >=), "
	            "got '='");
	parse_fails("at 1s expect sunshine\n",
	            "t.gcs:1:14: expected converged, diverged, value, total, "
	            "lost or backwards-reads, got 'sunshine'");
	parse_fails("at 1s expect total ==\n", "t.gcs:1:22: expected a number");
	parse_fails(
	    "strategy paxos\n",
	    "t.gcs:1:10: unknown strategy 'paxos' (see gcounter --help)");
	parse_fails("strategy gosip\n",
	            "t.gcs:1:10: unknown strategy 'gosip' (did you mean "
	            "'gossip'?)");
	parse_fails("theme neon\n",
	            "t.gcs:1:7: expected dark, light, projector or mono");
	parse_fails("a\x01 b\n", "t.gcs:1:2: control character 0x01");
	parse_fails("café\n",
	            "t.gcs:1:4: non-ASCII text outside double quotes");
	parse_fails("at 23h59m inc n1\n",
	            "t.gcs:1:4: unexpected '59m' after '23h'");
	parse_fails("at 24m inc n1\nafter 1440m inc n1\n",
	            "t.gcs:2:7: the scenario runs past 24h");
}

static void test_binary_and_oversized_input_is_refused(void **state)
{
	char *big = malloc(SCENARIO_MAX_BYTES + 2);
	char line[SCENARIO_MAX_LINE + 10];
	struct scenario sc;
	char err[256];

	(void)state;
	assert_int_equal(
	    scenario_parse("t.gcs", "ab\0cd", 5, &sc, err, sizeof err), -1);
	assert_string_equal(err, "t.gcs:1:3: a NUL byte: is this a binary "
	                         "file?");
	memset(big, '\n', SCENARIO_MAX_BYTES + 1);
	assert_int_equal(scenario_parse("t.gcs", big, SCENARIO_MAX_BYTES + 1,
	                                &sc, err, sizeof err),
	                 -1);
	assert_string_equal(err, "t.gcs:1:1: file larger than 1048576 bytes");
	memset(line, '#', sizeof line);
	assert_int_equal(
	    scenario_parse("t.gcs", line, sizeof line, &sc, err, sizeof err),
	    -1);
	assert_string_equal(err, "t.gcs:1:1025: line longer than 1024 bytes");
	free(big);
}

static void test_formatted_commands_parse_back_to_themselves(void **state)
{
	static const char *const lines[] = {
	    "inc n2",
	    "inc n1 x7",
	    "gossip n3",
	    "partition n2",
	    "partition n2 in",
	    "partition n1 out",
	    "heal",
	    "crash n3",
	    "crash relay",
	    "restart n2 durable",
	    "restart n1 amnesia",
	    "restart relay",
	    "strategy hybrid",
	    "rate 2.5",
	    "drop 0.1",
	    "duplicate 0.00001",
	    "latency exp:30ms",
	    "latency 10ms-50ms",
	    "gossip-interval 180ms-220ms",
	    "reader sticky",
	};
	char text[128], written[128];
	struct scenario sc;

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		snprintf(text, sizeof text, "nodes 3\nat 1s %s\n", lines[i]);
		parse_ok(text, &sc);
		assert_int_equal(sc.count, 1);
		scenario_format_command(&sc.items[0].command, written,
		                        sizeof written);
		assert_string_equal(written, lines[i]);
		scenario_free(&sc);
	}
}

static void test_expectations_compare_as_written(void **state)
{
	struct expectation e = {
	    .kind = EXPECT_VALUE, .node = 0, .op = OP_LE, .value = 5};
	char text[64];

	(void)state;
	scenario_format_expect(&e, text, sizeof text);
	assert_string_equal(text, "value n1 <= 5");
	assert_true(scenario_compare(OP_EQ, 3, 3));
	assert_false(scenario_compare(OP_NE, 3, 3));
	assert_true(scenario_compare(OP_LT, 2, 3));
	assert_true(scenario_compare(OP_LE, 3, 3));
	assert_true(scenario_compare(OP_GT, 4, 3));
	assert_false(scenario_compare(OP_GE, 2, 3));
}

static void test_decimals_print_without_exponents(void **state)
{
	static const struct {
		double value;
		const char *text;
	} cases[] = {{0, "0"},          {1, "1"},       {0.1, "0.1"},
	             {1e-5, "0.00001"}, {12.5, "12.5"}, {100000, "100000"}};
	char text[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		scenario_format_decimal(cases[i].value, text, sizeof text);
		assert_string_equal(text, cases[i].text);
	}
}

static void test_pn_counter_scenarios_count_down(void **state)
{
	struct scenario sc;
	char text[64];

	(void)state;
	parse_ok("crdt pncounter\nnodes 2\nat 1s dec n2 x3\n"
	         "expect value n2 == -3\nexpect total < 0\n",
	         &sc);
	assert_int_equal(sc.config.crdt, CRDT_PNCOUNTER);
	assert_int_equal(sc.items[0].command.kind, CMD_DECREMENT);
	assert_true(sc.items[1].expect.value == -3);
	scenario_format_command(&sc.items[0].command, text, sizeof text);
	assert_string_equal(text, "dec n2 x3");
	scenario_format_expect(&sc.items[1].expect, text, sizeof text);
	assert_string_equal(text, "value n2 == -3");
	scenario_free(&sc);
	parse_fails("at 1s dec n1\n",
	            "t.gcs:1:7: dec needs a PN-Counter: add 'crdt pncounter' "
	            "to the settings");
	parse_fails("crdt orset\n",
	            "t.gcs:1:6: expected gcounter or pncounter");
	/* Readers watch for a G-Counter going backwards: not for PN. */
	parse_fails("reader random\ncrdt pncounter\n",
	            "t.gcs:1:1: a reader watches a G-Counter going backwards; "
	            "a PN-Counter goes down by design");
	parse_fails("crdt pncounter\nat 1s reader sticky\n",
	            "t.gcs:2:14: a reader watches a G-Counter going backwards; "
	            "a PN-Counter goes down by design");
}

static void test_modes_are_settings_and_commands(void **state)
{
	struct scenario sc;
	char text[64];

	(void)state;
	parse_ok("mode delta\nstrategy interval\nat 1s mode op-reliable\n"
	         "after 1s mode state\n",
	         &sc);
	assert_int_equal(sc.config.mode, MODE_DELTA);
	assert_int_equal(sc.items[0].command.kind, CMD_SET_MODE);
	assert_int_equal(sc.items[0].command.mode, MODE_OP_RELIABLE);
	scenario_format_command(&sc.items[0].command, text, sizeof text);
	assert_string_equal(text, "mode op-reliable");
	scenario_free(&sc);
	parse_fails("mode delat\n",
	            "t.gcs:1:6: unknown mode 'delat' (did you mean 'delta'?)");
	parse_fails("mode\n", "t.gcs:1:5: expected a mode");
	parse_fails("mode op junk\n",
	            "t.gcs:1:9: unexpected 'junk' at the end of the line");
	parse_fails("amnesia\nmode op\n",
	            "t.gcs:1:1: amnesia with mode op: ops are sent once, so op "
	            "modes keep replicas on disk and restart them durably");
	/* Ops must reach every node from their origin: gossip cannot. */
	parse_fails("strategy gossip\nmode op\n",
	            "t.gcs:2:1: mode op sends each op once from its origin; "
	            "strategy gossip passes state from peer to peer (use "
	            "relay, interval, on-change or hybrid)");
}

/* One rule for both places: a workload that stops at once is refused, as
 * --duration 0s is ("must be above 0s"). */
static void test_a_zero_duration_is_refused_as_on_the_command_line(void **state)
{
	struct scenario sc;

	(void)state;
	parse_fails("duration 0s\n", "t.gcs:1:10: must be above 0s");
	parse_fails("duration 0ms\n", "t.gcs:1:10: must be above 0s");
	parse_ok("duration 1us\n", &sc);
	assert_int_equal(sc.config.duration_us, 1);
	scenario_free(&sc);
}

/* A read rate of 0 would mean "read at the default rate" on one side and
 * "never read" on the other; it is refused in both, and a reader reads at
 * the default rate unless told otherwise, whichever line comes first. */
static void
test_a_zero_read_rate_is_refused_and_the_default_fills_in(void **state)
{
	struct scenario sc;

	(void)state;
	parse_fails("reader random\nread-rate 0\n",
	            "t.gcs:2:11: must be above 0");
	parse_ok("reader random\n", &sc);
	assert_true(sc.config.read_rate == SIM_DEFAULT_READ_RATE);
	scenario_free(&sc);
	parse_ok("read-rate 40\nreader sticky\n", &sc);
	assert_true(sc.config.read_rate == 40);
	scenario_free(&sc);
	parse_ok("reader sticky\nread-rate 40\n", &sc);
	assert_true(sc.config.read_rate == 40);
	scenario_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_settings_set_up_the_world),
	    cmocka_unit_test(
	        test_a_zero_read_rate_is_refused_and_the_default_fills_in),
	    cmocka_unit_test(test_modes_are_settings_and_commands),
	    cmocka_unit_test(test_timed_lines_keep_their_times),
	    cmocka_unit_test(test_crlf_and_blank_lines_are_fine),
	    cmocka_unit_test(test_every_grammar_error_says_where_and_what),
	    cmocka_unit_test(test_binary_and_oversized_input_is_refused),
	    cmocka_unit_test(test_formatted_commands_parse_back_to_themselves),
	    cmocka_unit_test(test_expectations_compare_as_written),
	    cmocka_unit_test(test_decimals_print_without_exponents),
	    cmocka_unit_test(test_pn_counter_scenarios_count_down),
	    cmocka_unit_test(
	        test_a_zero_duration_is_refused_as_on_the_command_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
