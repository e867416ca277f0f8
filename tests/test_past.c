/*
 * Time travel (app/session-past.c, app/history.c): the past recomputed
 * from checkpoints is the past that happened. Random worlds (every
 * strategy and mode, both CRDTs, faults) are driven through a session as
 * a presenter would - running, stepping, keys - and every moment seen on
 * the way is compared with the same moment shown again later, by a hash
 * of the whole world and the text of the event log.
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

#include "app/history.h"
#include "app/options.h"
#include "app/script-file.h"
#include "app/session-internal.h"
#include "app/session.h"
#include "sim/mode.h"
#include "sim/rng.h"
#include "sim/strategy.h"
#include "ui/keymap.h"

struct driver {
	struct session *session;
	uint64_t now_us;
};

static void catch_up(void *ctx)
{
	struct driver *d = ctx;

	session_advance(d->session, d->now_us);
}

static unsigned press(struct session *s, int key)
{
	struct keymap_hit hit = keymap_lookup(key);

	return session_key(s, &hit);
}

static struct options parse(int argc, const char **args)
{
	char *argv[32] = {"gcounter"};
	struct options opts;
	char err[256];

	for (int i = 0; i < argc && i < 30; i++)
		argv[i + 1] = (char *)(uintptr_t)args[i];
	if (options_parse(argc + 1, argv, 1, &opts, stdout, err, sizeof err) !=
	    OPTIONS_RUN)
		fail_msg("options: %s", err);
	return opts;
}

static struct session *open_session(const struct options *opts,
                                    struct driver *d, struct session_driver *up)
{
	char err[256];

	*up = (struct session_driver){.catch_up = catch_up, .ctx = d};
	d->session = session_new(opts, true, up, err, sizeof err);
	if (d->session == NULL)
		fail_msg("session: %s", err);
	return d->session;
}

/* The event log's text, hashed (what the screen's log shows). */
static uint64_t log_hash(const struct session *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < eventlog_count(s->log); i++) {
		const char *t = eventlog_recent(s->log, i)->text;

		for (; *t != '\0'; t++)
			h = (h ^ (unsigned char)*t) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	return h;
}

/* The world's hash with its clock at now_us (a moment reached by running
 * has its clock past its last event; re-run, the clock is that event's). */
static uint64_t world_hash_at(const struct sim *sim, uint64_t now_us)
{
	struct sim *copy = sim_copy(sim);
	uint64_t h;

	if (now_us > sim_now(copy))
		sim_run_until(copy, now_us);
	h = sim_state_hash(copy);
	sim_free(copy);
	return h;
}

struct seen {
	uint64_t tick, now_us, world, log;
	char caption[SCENARIO_MAX_CAPTION + 1];
};

/* A presenter's random session: running, stepping and keys. */
static size_t drive(struct session *s, struct driver *d, struct rng *rng,
                    int actions, struct seen *seen, size_t cap)
{
	static const int keys[] = {'1', '2', '3', 'g', 'd', 'u',  'p', 'h',
	                           'c', 'm', 's', 'o', 'l', '\n', 'v', '4'};
	size_t count = 0;

	for (int i = 0; i < actions && count < cap; i++) {
		uint32_t what = (uint32_t)rng_below(rng, 10);

		if (what < 4) {
			session_set_running(s, true);
			d->now_us = session_now(s) + 1000 +
			            (uint32_t)rng_below(rng, 400000);
			session_advance(s, d->now_us);
			session_set_running(s, false);
		} else if (what < 7) {
			press(s, '.');
			d->now_us = session_now(s);
		} else {
			press(s, keys[(uint32_t)rng_below(
			             rng, sizeof keys / sizeof keys[0])]);
			d->now_us = session_now(s);
		}
		seen[count++] = (struct seen){
		    .tick = session_tick(s),
		    .now_us = session_now(s),
		    .world = sim_state_hash(s->sim),
		    .log = log_hash(s),
		};
		snprintf(seen[count - 1].caption,
		         sizeof seen[count - 1].caption, "%s", s->caption);
	}
	return count;
}

static void check_moment(struct session *s, const struct seen *m,
                         const char *what)
{
	past_show(s, m->tick);
	if (session_tick(s) != m->tick)
		fail_msg("%s: showed tick %llu for %llu", what,
		         (unsigned long long)session_tick(s),
		         (unsigned long long)m->tick);
	if (world_hash_at(s->sim, m->now_us) != m->world)
		fail_msg("%s: the world at tick %llu differs", what,
		         (unsigned long long)m->tick);
	if (log_hash(s) != m->log)
		fail_msg("%s: the event log at tick %llu differs", what,
		         (unsigned long long)m->tick);
	assert_string_equal(s->caption, m->caption);
}

#define MOMENTS 160

static void run_world(const char **args, int argc, uint64_t seed)
{
	struct options opts = parse(argc, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	struct rng rng;
	struct seen seen[MOMENTS];
	size_t n;

	rng_seed(&rng, seed, 1);
	n = drive(s, &d, &rng, MOMENTS, seen, MOMENTS);
	/* Random moments, in random order, then every one in order. */
	for (int i = 0; i < 40; i++)
		check_moment(s, &seen[(size_t)rng_below(&rng, n)], "random");
	for (size_t i = 0; i < n; i++)
		check_moment(s, &seen[i], "in order");
	/* Back at the present exactly. */
	past_show(s, UINT64_MAX);
	assert_false(s->in_past);
	assert_int_equal(sim_state_hash(s->sim), seen[n - 1].world);
	assert_int_equal(log_hash(s), seen[n - 1].log);
	session_free(s);
}

static void test_every_strategy_and_mode_recomputes_its_past(void **state)
{
	size_t count;
	const struct strategy *const *all = strategy_all(&count);
	static const char *modes[] = {"state", "delta", "op", "op-reliable"};

	(void)state;
	for (size_t i = 0; i < count; i++) {
		for (size_t m = 0; m < 4; m++) {
			const char *args[] = {
			    "--seed",  "11",     "--strategy", all[i]->name,
			    "--mode",  modes[m], "--rate",     "20",
			    "--nodes", "5"};
			/* Only the pairs a world can be built with. */
			if (!sim_mode_fits_strategy((enum sim_mode)m, all[i]))
				continue;
			run_world(args, 10, 100 + i * 10 + m);
		}
	}
}

static void test_a_pn_counter_with_faults_recomputes_its_past(void **state)
{
	const char *args[] = {"--seed",      "5",   "--crdt",      "pncounter",
	                      "--drop",      "0.2", "--duplicate", "0.2",
	                      "--rate",      "30",  "--strategy",  "gossip",
	                      "--partition", "n2"};

	(void)state;
	run_world(args, 14, 7);
}

/* Stepping is a presenter's: the ticks a run of '.' presses stopped at
 * are the ticks ',' comes back through, each moment as it was. */
static void test_stepping_back_retraces_the_steps(void **state)
{
	const char *args[] = {"--seed", "3", "--nodes", "4", "--rate", "5"};
	struct options opts = parse(6, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	struct seen steps[41];
	uint64_t present_world;

	(void)state;
	press(s, '1');
	press(s, '2');
	session_set_running(s, true);
	d.now_us = 1500000;
	session_advance(s, d.now_us);
	session_set_running(s, false);
	for (int i = 0; i <= 40; i++) {
		if (i > 0)
			press(s, '.');
		steps[i] = (struct seen){.tick = session_tick(s),
		                         .now_us = session_now(s),
		                         .world = sim_state_hash(s->sim),
		                         .log = log_hash(s)};
	}
	present_world = steps[40].world;
	for (int i = 39; i >= 0; i--) {
		press(s, ',');
		assert_true(s->in_past);
		assert_int_equal(session_tick(s), steps[i].tick);
		assert_int_equal(world_hash_at(s->sim, steps[i].now_us),
		                 steps[i].world);
		assert_int_equal(log_hash(s), steps[i].log);
	}
	/* ... and forward again through the same moments, to the present. */
	for (int i = 1; i <= 40; i++) {
		press(s, '.');
		assert_int_equal(session_tick(s), steps[i].tick);
		assert_int_equal(sim_state_hash(s->sim), steps[i].world);
		assert_int_equal(log_hash(s), steps[i].log);
	}
	assert_false(s->in_past);
	assert_int_equal(sim_state_hash(s->sim), present_world);
	session_free(s);
}

/* Changing the world in the past starts a new future there: the later
 * commands are dropped, the moment shown becomes the present, and a log
 * saved of it replays to the same world. */
static void test_a_change_in_the_past_forks_and_replays(void **state)
{
	const char *args[] = {"--seed", "8", "--nodes", "4"};
	struct options opts = parse(4, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	char path[] = "/tmp/gcounter-test-past-XXXXXX";
	uint64_t at_fork, forked_world;
	size_t before, count;
	int fd;
	FILE *out;

	(void)state;
	press(s, '1');
	for (int i = 0; i < 30; i++)
		press(s, '.');
	at_fork = session_tick(s);
	press(s, '2');
	press(s, '3');
	press(s, 'p');
	for (int i = 0; i < 20; i++)
		press(s, '.');
	sim_command_log(session_sim(s), &before);
	assert_int_equal(before, 4);
	/* Back to before n2's increment, and a different choice there. */
	while (session_tick(s) > at_fork)
		press(s, ',');
	assert_true(s->in_past);
	assert_int_equal(session_tick(s), at_fork);
	assert_int_equal(sim_true_value(session_sim(s)), 1);
	press(s, '4');
	assert_false(s->in_past);
	assert_non_null(strstr(s->flash, "a new future from"));
	assert_non_null(strstr(s->flash, "3 later commands dropped"));
	sim_command_log(session_sim(s), &count);
	assert_int_equal(count, 2);
	assert_int_equal(sim_command_log(session_sim(s), &count)[1].node, 3);
	for (int i = 0; i < 25; i++)
		press(s, '.');
	/* The new future has a past of its own, stepped through as any. */
	press(s, ',');
	assert_true(s->in_past);
	press(s, '.');
	assert_false(s->in_past);
	forked_world = sim_state_hash(session_sim(s));

	fd = mkstemp(path);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	assert_int_equal(script_file_write_log(out, session_present_sim(s)), 0);
	fclose(out);
	session_free(s);
	{
		const char *replay[] = {"--replay", path};
		struct options ropts = parse(2, replay);
		struct driver rd = {0};
		struct session_driver rup;
		struct session *r = open_session(&ropts, &rd, &rup);

		rd.now_us = UINT64_MAX / 4;
		session_set_running(r, true);
		session_advance(r, sim_now(session_sim(r)) + 3600000000ULL);
		/* The replay stops at the log's end line: that world is the
		 * forked session's, to the event. */
		assert_true(player_ended(session_player(r)));
		assert_int_equal(sim_state_hash(session_sim(r)), forked_world);
		session_free(r);
	}
	unlink(path);
}

/* A session playing the scenario `text`, written to a file made from
 * the template in `path` (unlinked by the caller). */
static struct session *open_script(const char *text, char *path,
                                   struct options *opts, struct driver *d,
                                   struct session_driver *up)
{
	int fd = mkstemp(path);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	const char *args[] = {"--script", path};

	if (out == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, out);
	fclose(out);
	*opts = parse(2, args);
	return open_session(opts, d, up);
}

/* Quitting while the past is shown: the verdict is the present's. */
static void test_the_verdict_is_the_presents(void **state)
{
	char path[] = "/tmp/gcounter-test-verdict-XXXXXX";
	struct driver d = {0};
	struct session_driver up;
	struct options opts;
	struct session *s = open_script(
	    "nodes 3\nseed 1\nat 1s expect value n1 == 5\nat 2s end\n", path,
	    &opts, &d, &up);
	char line[512];

	(void)state;
	session_set_running(s, true);
	d.now_us = 3000000;
	session_advance(s, d.now_us);
	assert_true(session_verdict(s, line, sizeof line));
	press(s, '{');
	press(s, ',');
	press(s, ',');
	press(s, ',');
	assert_true(s->in_past);
	assert_true(session_verdict(s, line, sizeof line));
	assert_non_null(strstr(line, "expected value n1 == 5"));
	session_free(s);
	unlink(path);
}

/* A clicker's long run of steps: each step's start and end are entries
 * of the journal, merged where one step ends as the next begins; a
 * checkpoint that fell between them must not lose the steps' lines. */
static void test_a_clickers_steps_are_all_shown_again(void **state)
{
	const char *args[] = {"--seed", "8", "--nodes", "8"};
	struct options opts = parse(4, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	static struct seen steps[3000];

	(void)state;
	press(s, '1');
	session_set_running(s, true);
	d.now_us = 10000000;
	session_advance(s, d.now_us);
	session_set_running(s, false);
	for (int i = 0; i < 3000; i++) {
		press(s, '.');
		steps[i] = (struct seen){.tick = session_tick(s),
		                         .now_us = session_now(s),
		                         .world = sim_state_hash(s->sim),
		                         .log = log_hash(s)};
	}
	/* Checkpoints were taken among the steps (each after a step). */
	assert_true(history_count(s->history) >= 2);
	for (int i = 0; i < 3000; i += 7)
		check_moment(s, &steps[i], "a clicker's step");
	session_free(s);
}

/* Long quiet: nothing told for minutes, and a step back finds the last
 * line told without re-running the whole past (nor landing at 0). */
static void test_a_step_back_after_a_quiet_stretch(void **state)
{
	const char *args[] = {"--seed", "4", "--nodes", "16"};
	struct options opts = parse(4, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);

	(void)state;
	press(s, '3');
	session_set_running(s, true);
	for (d.now_us = 0; d.now_us < 600000000; d.now_us += 1000000)
		session_advance(s, d.now_us);
	/* (Stopping is a moment of its own; the step before it is the
	 * convergence the log told, seconds after the start.) */
	session_set_running(s, false);
	press(s, ',');
	assert_true(s->in_past);
	assert_true(session_now(s) > 0);
	assert_true(session_now(s) < 5000000);
	assert_non_null(strstr(eventlog_recent(s->log, 0)->text, "converged"));
	session_free(s);
}

/* A world too big for many checkpoints: the budget holds all the same. */
static void test_the_budget_holds_for_a_big_world(void **state)
{
	const char *args[] = {"--seed", "2", "--nodes", "8", "--rate", "50"};
	struct options opts = parse(6, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	struct seen seen[30];
	size_t budget = 300 * 1024;

	(void)state;
	history_free(s->history);
	s->history = history_new(budget);
	past_start(s);
	session_set_running(s, true);
	for (int i = 0; i < 30; i++) {
		d.now_us += 2000000;
		session_advance(s, d.now_us);
		seen[i] = (struct seen){.tick = session_tick(s),
		                        .now_us = session_now(s),
		                        .world = sim_state_hash(s->sim),
		                        .log = log_hash(s)};
		assert_true(history_bytes(s->history) <= budget);
	}
	session_set_running(s, false);
	for (int i = 0; i < 30; i += 5)
		check_moment(s, &seen[i], "a thinned past");
	assert_true(history_bytes(s->history) <= budget);
	session_free(s);
}

/* Back at a scenario's pause, one space goes on and runs, as then; and a
 * fork made in the middle of stepping leaves the log telling the story,
 * not every event. */
static void test_a_pause_resumes_and_a_fork_ends_the_step(void **state)
{
	char path[] = "/tmp/gcounter-test-pause-XXXXXX";
	struct driver d = {0};
	struct session_driver up;
	struct options opts;
	struct session *s = open_script("nodes 3\nseed 1\nat 1s inc n1\nat 2s "
	                                "pause\nat 3s inc n2\nat 9s end\n",
	                                path, &opts, &d, &up);

	(void)state;
	session_set_running(s, true);
	d.now_us = 2500000;
	session_advance(s, d.now_us);
	assert_true(player_waiting(session_player(s)));
	press(s, ' ');
	assert_true(session_running(s));
	d.now_us = 2600000;
	session_advance(s, d.now_us);
	press(s, '{');
	assert_true(s->in_past);
	assert_true(player_waiting(session_player(s)));
	press(s, ' ');
	assert_true(session_running(s));
	press(s, ' ');
	/* Stepping, then back two steps, then a change: a new future, the
	 * log quiet again. */
	press(s, '.');
	press(s, '.');
	press(s, '.');
	press(s, ',');
	press(s, ',');
	press(s, '3');
	assert_false(s->in_past);
	assert_false(s->verbose);
	session_free(s);
	unlink(path);
}

/* A moment shows at its own time whichever way it is reached: from the
 * checkpoint taken at it (in the present, at a frame, the clock run on
 * past the moment) or by running up to it from an earlier one. */
static void test_a_moment_keeps_its_own_time(void **state)
{
	const char *args[] = {"--seed", "3", "--nodes", "8", "--rate", "20"};
	struct options opts = parse(6, args);
	struct driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	uint64_t tick, via_checkpoint, via_units;

	(void)state;
	session_set_running(s, true);
	for (d.now_us = 33333; d.now_us < 20000000; d.now_us += 33333)
		session_advance(s, d.now_us);
	tick = history_newest_tick(s->history);
	assert_true(tick > 1);
	past_show(s, tick);
	assert_int_equal(session_tick(s), tick);
	via_checkpoint = session_now(s);
	past_show(s, tick - 1);
	assert_true(session_unit(s));
	assert_int_equal(session_tick(s), tick);
	via_units = session_now(s);
	assert_int_equal(via_checkpoint, via_units);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_strategy_and_mode_recomputes_its_past),
	    cmocka_unit_test(test_a_pn_counter_with_faults_recomputes_its_past),
	    cmocka_unit_test(test_stepping_back_retraces_the_steps),
	    cmocka_unit_test(test_a_change_in_the_past_forks_and_replays),
	    cmocka_unit_test(test_the_verdict_is_the_presents),
	    cmocka_unit_test(test_a_clickers_steps_are_all_shown_again),
	    cmocka_unit_test(test_a_step_back_after_a_quiet_stretch),
	    cmocka_unit_test(test_the_budget_holds_for_a_big_world),
	    cmocka_unit_test(test_a_pause_resumes_and_a_fork_ends_the_step),
	    cmocka_unit_test(test_a_moment_keeps_its_own_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
