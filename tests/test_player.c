/*
 * The one player (script/player.c): what a scenario's lines do, the same
 * for every driver, and what a saved log that does not fit its world does
 * (it stops at that line, once, with a line that says why).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/script-file.h"
#include "script/player.h"
#include "script/scenario.h"
#include "sim/sim.h"

/* What the hooks saw, in order. */
struct seen {
	char text[4096];
	size_t failures, broken, ended, pauses;
};

static void add(struct seen *s, const char *what, unsigned line)
{
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s@%u;", what, line);
}

static void on_caption(void *ctx, const struct scenario_item *item)
{
	add(ctx, item->caption, (unsigned)item->line);
}

static void on_pause(void *ctx, const struct scenario_item *item)
{
	struct seen *s = ctx;

	s->pauses++;
	add(s, "pause", (unsigned)item->line);
}

static void on_expect(void *ctx, const struct scenario_item *item,
                      const char *what, const char *got)
{
	(void)what;
	add(ctx, got == NULL ? "held" : "failed", (unsigned)item->line);
}

static void on_failure(void *ctx, const struct scenario_item *item,
                       const char *what, bool broken)
{
	struct seen *s = ctx;

	(void)what;
	s->failures++;
	if (broken)
		s->broken++;
	add(s, broken ? "broken" : "refused", (unsigned)item->line);
}

static void on_ended(void *ctx, const struct scenario_item *item)
{
	struct seen *s = ctx;

	s->ended++;
	add(s, "end", (unsigned)item->line);
}

static const struct player_hooks hooks = {
    .caption = on_caption,
    .pause = on_pause,
    .expect = on_expect,
    .failure = on_failure,
    .ended = on_ended,
};

static struct player *parse(const char *text, struct sim **sim,
                            struct seen *seen)
{
	struct scenario scenario;
	char err[256];

	if (scenario_parse("t.gcs", text, strlen(text), &scenario, err,
	                   sizeof err) != 0)
		fail_msg("parse: %s", err);
	*sim = sim_new(&scenario.config, err, sizeof err);
	assert_non_null(*sim);
	return player_new(&scenario, "dir/t.gcs", &hooks, seen);
}

/* A saved log of a short run with seed `seed`, as --save-log writes it. */
static char *saved_log(uint64_t seed, int64_t *value)
{
	struct sim_config config;
	struct command inc = {.kind = CMD_INCREMENT, .node = 1, .amount = 1};
	struct sim *sim;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *out;

	sim_config_defaults(&config);
	config.seed = seed;
	config.rate = 20;
	sim = sim_new(&config, err, sizeof err);
	assert_non_null(sim);
	sim_run_until(sim, 500000);
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), 0);
	sim_run_until(sim, 900000);
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), 0);
	sim_run_until(sim, 1500000);
	out = open_memstream(&text, &len);
	assert_int_equal(script_file_write_log(out, sim), 0);
	fclose(out);
	if (value != NULL)
		*value = sim_true_value(sim);
	sim_free(sim);
	return text;
}

static void test_every_line_plays_in_order_and_the_last_ends_it(void **state)
{
	struct seen seen = {0};
	struct sim *sim;
	struct player *p = parse("nodes 3\nseed 4\n"
	                         "at 0s caption \"hello\"\n"
	                         "after 1s inc n1\n"
	                         "after 2s expect converged\n"
	                         "expect value n1 == 7\n",
	                         &sim, &seen);
	char verdict[512];

	(void)state;
	while (player_play_next(p, sim))
		;
	assert_true(player_ended(p));
	assert_false(player_broken(p));
	assert_string_equal(seen.text, "hello@3;held@5;failed@6;end@6;");
	assert_int_equal(player_failures(p), 1);
	assert_true(player_verdict(p, verdict, sizeof verdict));
	assert_string_equal(verdict, "dir/t.gcs:6: expected value n1 == 7, "
	                             "got 1 (1 failure; 2 expectations "
	                             "checked)");
	assert_string_equal(player_where(p), "t.gcs: line 6");
	sim_free(sim);
	player_free(p);
}

static void test_a_refused_command_is_a_failure_and_play_goes_on(void **state)
{
	struct seen seen = {0};
	struct sim *sim;
	struct player *p = parse("nodes 3\nat 1s crash n2\nat 2s inc n2\n"
	                         "at 3s expect total == 0\n",
	                         &sim, &seen);

	(void)state;
	while (player_play_next(p, sim))
		;
	assert_string_equal(seen.text, "refused@3;held@4;end@4;");
	assert_int_equal(seen.broken, 0);
	assert_false(player_broken(p));
	sim_free(sim);
	player_free(p);
}

static void
test_a_pause_stops_the_clock_until_the_presenter_goes_on(void **state)
{
	struct seen seen = {0};
	struct sim *sim;
	struct player *p =
	    parse("at 1s pause\nat 2s caption \"after\"\n", &sim, &seen);

	(void)state;
	assert_int_equal(player_advance(p, sim, 5000000), PLAYER_STOPPED);
	assert_true(player_waiting(p));
	assert_int_equal(sim_now(sim), 1000000);
	/* Waiting, the world runs on but no line plays. */
	assert_int_equal(player_advance(p, sim, 1500000), PLAYER_REACHED);
	assert_string_equal(seen.text, "pause@1;");
	player_go_on(p);
	assert_int_equal(player_advance(p, sim, 5000000), PLAYER_STOPPED);
	assert_true(player_ended(p));
	assert_string_equal(seen.text, "pause@1;after@2;end@2;");
	sim_free(sim);
	player_free(p);
}

static void test_a_saved_log_replays_exactly_in_its_own_world(void **state)
{
	int64_t value;
	char *log = saved_log(3, &value);
	struct seen seen = {0};
	struct sim *sim;
	struct player *p = parse(log, &sim, &seen);

	(void)state;
	assert_true(player_locked(p));
	assert_int_equal(player_advance(p, sim, 10000000), PLAYER_STOPPED);
	assert_true(player_ended(p));
	assert_false(player_locked(p));
	assert_int_equal(seen.failures, 0);
	assert_int_equal(sim_true_value(sim), value);
	assert_int_equal(sim_now(sim), 1500000);
	sim_free(sim);
	player_free(p);
	free(log);
}

/* The behaviour both drivers share since there is one player: the first
 * line that does not fit stops the replay, and the verdict says where,
 * the way a headless run always said it. */
static void test_a_log_that_does_not_fit_stops_at_its_first_line(void **state)
{
	char *log = saved_log(3, NULL);
	struct scenario scenario;
	struct sim_config config;
	struct seen seen = {0};
	struct player *p;
	struct sim *sim;
	char err[256], verdict[512];

	(void)state;
	assert_int_equal(scenario_parse("t.gcl", log, strlen(log), &scenario,
	                                err, sizeof err),
	                 0);
	config = scenario.config;
	config.seed = 99; /* another world than the one recorded */
	sim = sim_new(&config, err, sizeof err);
	assert_non_null(sim);
	p = player_new(&scenario, "t.gcl", &hooks, &seen);
	assert_int_equal(player_advance(p, sim, 10000000), PLAYER_STOPPED);
	assert_true(player_ended(p));
	assert_true(player_broken(p));
	assert_int_equal(seen.failures, 1);
	assert_int_equal(seen.broken, 1);
	assert_int_equal(seen.ended, 1);
	assert_false(player_play_next(p, sim));
	assert_true(player_verdict(p, verdict, sizeof verdict));
	assert_non_null(strstr(verdict, "(saved with another seed or "
	                                "settings?)"));
	assert_null(strstr(verdict, "failures"));
	assert_int_equal(strncmp(verdict, "t.gcl:", 6), 0);
	/* Rewound, it breaks the same way again. */
	sim_free(sim);
	sim = sim_new(&config, err, sizeof err);
	player_rewind(p);
	assert_false(player_broken(p));
	while (player_play_next(p, sim))
		;
	assert_true(player_broken(p));
	assert_int_equal(player_failures(p), 1);
	sim_free(sim);
	player_free(p);
	free(log);
}

/* A script that failed before its log broke: the verdict names the line
 * that broke first (nothing after it was played), then the earlier
 * failure, so live and render say what headless says. */
static void test_a_broken_log_is_named_before_an_earlier_failure(void **state)
{
	struct seen seen = {0};
	struct sim *sim;
	struct player *p = parse("nodes 4\nseed 7\n"
	                         "at 0s expect total == 5\n"
	                         "at 999256us step 99 inc n1\n"
	                         "at 2s inc n2\n",
	                         &sim, &seen);
	char verdict[512];

	(void)state;
	while (player_play_next(p, sim))
		;
	assert_true(player_broken(p));
	assert_int_equal(player_failures(p), 2);
	assert_true(player_verdict(p, verdict, sizeof verdict));
	assert_int_equal(strncmp(verdict, "dir/t.gcs:4: ", 13), 0);
	assert_non_null(strstr(verdict, "(saved with another seed or "
	                                "settings?)"));
	assert_non_null(strstr(verdict, "and 1 failure before it, the first "
	                                "at line 3: expected total == 5"));
	sim_free(sim);
	player_free(p);
}

static void test_an_empty_scenario_has_ended_before_it_starts(void **state)
{
	struct seen seen = {0};
	struct sim *sim;
	struct player *p = parse("nodes 2\n", &sim, &seen);
	char verdict[8];

	(void)state;
	assert_true(player_ended(p));
	assert_false(player_play_next(p, sim));
	assert_false(player_step(p, sim));
	assert_false(player_verdict(p, verdict, sizeof verdict));
	assert_string_equal(player_where(p), "t.gcs");
	sim_free(sim);
	player_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_every_line_plays_in_order_and_the_last_ends_it),
	    cmocka_unit_test(
	        test_a_refused_command_is_a_failure_and_play_goes_on),
	    cmocka_unit_test(
	        test_a_pause_stops_the_clock_until_the_presenter_goes_on),
	    cmocka_unit_test(test_a_saved_log_replays_exactly_in_its_own_world),
	    cmocka_unit_test(
	        test_a_log_that_does_not_fit_stops_at_its_first_line),
	    cmocka_unit_test(
	        test_a_broken_log_is_named_before_an_earlier_failure),
	    cmocka_unit_test(test_an_empty_scenario_has_ended_before_it_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
