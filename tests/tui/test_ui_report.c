/*
 * Tests for a scenario's reports in words and as a table
 * (src/view/report.h), on reports a real player made: a report is named
 * by what its scenario compares, "per increment" leaves idle traffic
 * out and names it, and the table of seven strategies fits 80 columns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/player.h"
#include "script/scenario.h"
#include "view/report.h"
#include "view/text.h"

struct played {
	struct report_figures last;
	size_t reports, tables, table_rows;
};

static void on_report(void *ctx, const struct scenario_item *item,
                      const struct report_figures *f)
{
	struct played *p = ctx;

	(void)item;
	p->last = *f;
	p->reports++;
}

static void on_table(void *ctx, const struct scenario_item *item,
                     const struct report_figures *rows, size_t count)
{
	struct played *p = ctx;

	(void)item;
	(void)rows;
	p->tables++;
	p->table_rows = count;
}

static const struct player_hooks hooks = {.report = on_report,
                                          .report_table = on_table};

/* Plays a scenario to its end; the player is the caller's to free. */
static struct player *play(const char *text, struct played *seen,
                           struct sim **sim)
{
	struct scenario scenario;
	struct player *player;
	char err[256];

	if (scenario_parse("t.gcs", text, strlen(text), &scenario, err,
	                   sizeof err) != 0)
		fail_msg("parse: %s", err);
	*sim = sim_new(&scenario.config, err, sizeof err);
	assert_non_null(*sim);
	player = player_new(&scenario, "t.gcs", &hooks, seen);
	while (player_play_next(player, *sim))
		;
	return player;
}

static const char strategies[] =
    "nodes 8\nseed 5\nstrategy relay\nlatency 20-60ms\n"
    "at 0s rate 20\nafter 2s rate 0\nafter 2s report\n"
    "strategy gossip\nrate 20\nafter 2s rate 0\nafter 3s report\n"
    "strategy push-pull\nrate 20\nafter 2s rate 0\nafter 2s report\n"
    "strategy interval\nrate 20\nafter 2s rate 0\nafter 2s report\n"
    "strategy on-change\nrate 20\nafter 2s rate 0\nafter 2s report\n"
    "strategy pull\nrate 20\nafter 2s rate 0\nafter 8s report\n"
    "strategy hybrid\nrate 20\nafter 2s rate 0\nafter 2s report\n"
    "report table\n";

static void test_a_report_is_named_by_what_its_scenario_compares(void **state)
{
	static const char modes[] = "at 1s mode delta\nat 2s report\n";
	struct scenario sc;
	char err[256], line[512];
	struct played seen = {0};
	struct sim *sim;
	struct player *player = play(strategies, &seen, &sim);

	(void)state;
	assert_int_equal(report_label_of(player_scenario(player)),
	                 REPORT_BY_STRATEGY);
	report_line(&seen.last, REPORT_BY_STRATEGY, line, sizeof line);
	assert_true(strncmp(line, "hybrid: ", 8) == 0);
	assert_null(strstr(line, "mode"));
	report_line(&seen.last, REPORT_BY_MODE, line, sizeof line);
	assert_true(strncmp(line, "state mode: ", 12) == 0);
	report_line(&seen.last, REPORT_BY_BOTH, line, sizeof line);
	assert_true(strncmp(line, "hybrid, state mode: ", 20) == 0);
	player_free(player);
	sim_free(sim);

	assert_int_equal(
	    scenario_parse("m.gcs", modes, strlen(modes), &sc, err, sizeof err),
	    0);
	assert_int_equal(report_label_of(&sc), REPORT_BY_MODE);
	scenario_free(&sc);
	assert_int_equal(
	    scenario_parse("n.gcs", "at 1s report\n", 13, &sc, err, sizeof err),
	    0);
	assert_int_equal(report_label_of(&sc), REPORT_BY_BOTH);
	scenario_free(&sc);
}

/* Idle gossip while nothing happens must not raise "per increment": two
 * reports of the same work, one after a long quiet stretch, cost the
 * same per increment, and the quiet one names its idle messages. */
static void test_idle_traffic_is_not_work_an_increment_caused(void **state)
{
	static const char quiet[] =
	    "nodes 4\nseed 3\nat 0s inc n1\nafter 2s report\n"
	    "inc n2\nafter 2s report\nafter 30s report\n";
	struct played seen = {0};
	struct report_figures rows[3];
	const struct report_figures *kept;
	struct sim *sim;
	struct player *player = play(quiet, &seen, &sim);
	size_t count;
	char line[512], want[64];

	(void)state;
	kept = player_reports(player, &count);
	assert_int_equal(count, 3);
	memcpy(rows, kept, sizeof rows);
	/* Each of the first two: one increment, some work, then idle. */
	assert_int_equal(rows[0].increments, 1);
	assert_true(rows[0].sent > rows[0].idle_sent);
	assert_true(rows[0].idle_sent > 0);
	/* The work: while n1's increment spreads, a round of gossip or
	 * two (each worker to the relay, the relay to the other three);
	 * the idle gossip after it is left out of "per increment". */
	assert_true(rows[0].sent - rows[0].idle_sent <= 32);
	assert_true(rows[1].sent - rows[1].idle_sent <= 32);
	assert_true(rows[1].idle_sent > rows[1].sent - rows[1].idle_sent);
	report_line(&rows[1], REPORT_BY_BOTH, line, sizeof line);
	snprintf(want, sizeof want, "%llu.0 per increment",
	         (unsigned long long)(rows[1].sent - rows[1].idle_sent));
	assert_non_null(strstr(line, want));
	/* 30 quiet seconds: only idle messages, and no increment. */
	assert_int_equal(rows[2].increments, 0);
	assert_true(rows[2].sent > 100);
	assert_int_equal(rows[2].sent, rows[2].idle_sent);
	report_line(&rows[2], REPORT_BY_BOTH, line, sizeof line);
	assert_non_null(strstr(line, "no increments"));
	assert_non_null(strstr(line, " idle)"));
	player_free(player);
	sim_free(sim);
}

/* A report counts its phase only: a strategy switched since the last
 * report starts its count afresh, so what it names is what it counts. */
static void test_a_report_counts_its_phase_only(void **state)
{
	static const char switched[] = "nodes 4\nseed 3\nat 0s rate 20\n"
	                               "after 2s strategy gossip\n"
	                               "after 2s rate 0\nafter 2s report\n";
	struct played seen = {0};
	struct sim_stats st;
	struct sim *sim;
	struct player *player = play(switched, &seen, &sim);

	(void)state;
	assert_int_equal(seen.reports, 1);
	assert_string_equal(seen.last.strategy, "gossip");
	assert_int_equal(seen.last.from_us, 2000000);
	sim_stats(sim, &st);
	assert_true(seen.last.increments > 0);
	assert_true(seen.last.increments < st.increments);
	assert_int_equal(seen.last.increments,
	                 st.increments - sim_phase(sim)->stats.increments);
	assert_int_equal(seen.last.sent, st.sent - sim_phase(sim)->stats.sent);
	player_free(player);
	sim_free(sim);
}

static void test_seven_strategies_fit_a_table_at_80_columns(void **state)
{
	struct played seen = {0};
	struct sim *sim;
	struct player *player = play(strategies, &seen, &sim);
	static struct report_table t;
	const struct report_figures *rows;
	size_t count;

	(void)state;
	assert_int_equal(seen.reports, 7);
	assert_int_equal(seen.tables, 1);
	assert_int_equal(seen.table_rows, 7);
	assert_true(player_report_table_shown(player));
	rows = player_reports(player, &count);
	report_table(rows, count, REPORT_BY_STRATEGY, 76, &t);
	/* A header, seven rows, a note: 9 lines, inside a box at 80x24. */
	assert_int_equal(t.count, 9);
	assert_true(t.columns <= 76);
	for (size_t i = 0; i < t.count; i++)
		assert_true(text_columns(t.lines[i]) <= 76);
	assert_non_null(strstr(t.lines[0], "strategy"));
	assert_non_null(strstr(t.lines[0], "msgs/inc"));
	assert_non_null(strstr(t.lines[0], "bytes/inc"));
	assert_non_null(strstr(t.lines[0], "p50"));
	assert_non_null(strstr(t.lines[0], "p99"));
	assert_non_null(strstr(t.lines[0], "idle"));
	assert_true(strncmp(t.lines[1], "relay ", 6) == 0);
	assert_true(strncmp(t.lines[7], "hybrid ", 7) == 0);
	/* Narrow: the idle column goes first, the comparison stays. */
	report_table(rows, count, REPORT_BY_STRATEGY, 50, &t);
	assert_null(strstr(t.lines[0], "idle"));
	assert_non_null(strstr(t.lines[0], "p99"));
	for (size_t i = 0; i < t.count; i++)
		assert_true(text_columns(t.lines[i]) <= 50);
	player_free(player);
	sim_free(sim);
}

static void test_a_report_in_json_has_its_numbers(void **state)
{
	struct report_figures f = {.sent = 30,
	                           .idle_sent = 10,
	                           .bytes = 300,
	                           .idle_bytes = 100,
	                           .increments = 4,
	                           .samples = 4,
	                           .p50_us = 150000,
	                           .p99_us = 250500};
	char json[512];

	(void)state;
	snprintf(f.strategy, sizeof f.strategy, "relay");
	snprintf(f.mode, sizeof f.mode, "delta");
	report_json(&f, json, sizeof json);
	assert_string_equal(
	    json, "\"strategy\":\"relay\",\"mode\":\"delta\",\"messages\":30,"
	          "\"idle_messages\":10,\"bytes\":300,\"idle_bytes\":100,"
	          "\"increments\":4,\"messages_per_increment\":5.000,"
	          "\"bytes_per_increment\":50.000,\"p50_ms\":150.000,"
	          "\"p99_ms\":250.500");
	f.increments = f.samples = 0;
	report_json(&f, json, sizeof json);
	assert_non_null(strstr(json, "\"messages_per_increment\":null"));
	assert_non_null(strstr(json, "\"p99_ms\":null"));
}

static void test_report_takes_only_table_after_it(void **state)
{
	struct scenario sc;
	char err[256];

	(void)state;
	assert_int_equal(scenario_parse("t.gcs", "at 1s report tabel\n", 19,
	                                &sc, err, sizeof err),
	                 -1);
	assert_non_null(strstr(err, "t.gcs:1:"));
	assert_non_null(strstr(err, "'tabel'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_a_report_is_named_by_what_its_scenario_compares),
	    cmocka_unit_test(test_idle_traffic_is_not_work_an_increment_caused),
	    cmocka_unit_test(test_a_report_counts_its_phase_only),
	    cmocka_unit_test(test_seven_strategies_fit_a_table_at_80_columns),
	    cmocka_unit_test(test_a_report_in_json_has_its_numbers),
	    cmocka_unit_test(test_report_takes_only_table_after_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
