/*
 * The session core (app/session.c, app/session-keys.c) with no driver at
 * all: no terminal, no libevent, no clock. Keys become commands, each
 * call says what a driver must do, and a session rebuilt from its config
 * and seed is the same world - what going back in time will stand on.
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
#include "app/session.h"
#include "ui/keymap.h"
#include "sim/sim.h"

struct fake_driver {
	struct session *session;
	uint64_t now_us; /* the driver's virtual now */
	int catch_ups;
	char markers[512];
};

/* A key pressed, as the live driver hands it over. */
static unsigned press(struct session *s, int key)
{
	struct keymap_hit hit = keymap_lookup(key);

	return session_key(s, &hit);
}

static void fake_catch_up(void *ctx)
{
	struct fake_driver *d = ctx;

	d->catch_ups++;
	session_advance(d->session, d->now_us);
}

static void fake_marker(void *ctx, const char *label)
{
	struct fake_driver *d = ctx;
	size_t len = strlen(d->markers);

	snprintf(d->markers + len, sizeof d->markers - len, "%s;", label);
}

static struct options parse(const char *first, ...)
{
	char *argv[32] = {"gcounter"};
	int argc = 1;
	struct options opts;
	char err[256];
	va_list ap;

	va_start(ap, first);
	for (const char *arg = first; arg != NULL && argc < 31;
	     arg = va_arg(ap, const char *))
		argv[argc++] = (char *)(uintptr_t)arg;
	va_end(ap);
	if (options_parse(argc, argv, 1, &opts, stdout, err, sizeof err) !=
	    OPTIONS_RUN)
		fail_msg("options: %s", err);
	return opts;
}

static struct session *open_session(const struct options *opts,
                                    struct fake_driver *d,
                                    struct session_driver *up)
{
	char err[256];

	*up = (struct session_driver){
	    .catch_up = fake_catch_up, .marker = fake_marker, .ctx = d};
	d->session = session_new(opts, true, up, err, sizeof err);
	if (d->session == NULL)
		fail_msg("session: %s", err);
	return d->session;
}

static size_t commands(const struct session *s)
{
	size_t count;

	sim_command_log(session_sim(s), &count);
	return count;
}

static void test_a_key_becomes_a_command_in_the_log(void **state)
{
	struct options opts = parse("--seed", "4", NULL);
	struct fake_driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	unsigned todo;

	(void)state;
	assert_int_equal(commands(s), 0);
	todo = press(s, '2');
	assert_true(todo & SESSION_REDRAW);
	assert_int_equal(commands(s), 1);
	assert_int_equal(sim_command_log(session_sim(s), &(size_t){0})[0].node,
	                 1);
	assert_int_equal(sim_true_value(session_sim(s)), 1);
	session_free(s);
}

static void test_pausing_catches_the_world_up_then_stops_the_clock(void **state)
{
	struct options opts = parse("--seed", "4", NULL);
	struct fake_driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	unsigned todo;

	(void)state;
	todo = session_set_running(s, true);
	assert_true(todo & SESSION_CLOCK);
	assert_true(session_running(s));
	d.now_us = 700000;
	todo = press(s, ' ');
	assert_true(todo & SESSION_CLOCK);
	assert_false(session_running(s));
	assert_int_equal(d.catch_ups, 1);
	assert_int_equal(session_now(s), 700000);
	session_free(s);
}

static void test_q_asks_the_driver_to_quit(void **state)
{
	struct options opts = parse(NULL);
	struct fake_driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);

	(void)state;
	assert_true(press(s, 'q') & SESSION_QUIT);
	assert_false(press(s, '1') & SESSION_QUIT);
	session_free(s);
}

static void
test_a_restart_rebuilds_the_same_world_from_config_and_seed(void **state)
{
	struct options opts =
	    parse("--seed", "9", "--rate", "30", "--drop", "10%", NULL);
	struct fake_driver d = {0}, fresh_d = {0};
	struct session_driver up, fresh_up;
	struct session *s = open_session(&opts, &d, &up);
	struct session *fresh = open_session(&opts, &fresh_d, &fresh_up);
	uint32_t n;

	(void)state;
	session_advance(s, 1500000);
	press(s, '1');
	assert_true(press(s, 'r') & SESSION_CLOCK);
	assert_int_equal(session_now(s), 0);
	assert_int_equal(commands(s), 0);
	session_advance(s, 3000000);
	session_advance(fresh, 3000000);
	n = sim_node_count(session_sim(s));
	assert_int_equal(sim_events_run(session_sim(s)),
	                 sim_events_run(session_sim(fresh)));
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(sim_node_value(session_sim(s), i),
		                 sim_node_value(session_sim(fresh), i));
	session_free(s);
	session_free(fresh);
}

/* Writes text to a fresh file; the caller unlinks it. */
static void write_file(char *path, const char *text)
{
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

static void test_a_scripts_pause_stops_the_clock_until_space(void **state)
{
	char path[] = "/tmp/test_session_XXXXXX";
	struct options opts;
	struct fake_driver d = {0};
	struct session_driver up;
	struct session *s;
	struct dashboard_view view;
	unsigned todo;

	(void)state;
	write_file(path, "nodes 3\nat 1s caption \"one\"\nat 2s pause\n"
	                 "at 3s caption \"two\"\n");
	opts = parse("--script", path, NULL);
	s = open_session(&opts, &d, &up);
	session_set_running(s, true);
	todo = session_advance(s, 10000000);
	assert_true(todo & SESSION_CLOCK);
	assert_false(session_running(s));
	assert_int_equal(session_now(s), 2000000);
	session_view(s, &view);
	assert_true(view.script_waiting);
	assert_string_equal(view.caption, "one");
	assert_string_equal(d.markers, "one;pause (line 3);");
	/* Space goes on, and runs again since the clock was running. */
	todo = press(s, ' ');
	assert_true(todo & SESSION_CLOCK);
	assert_true(session_running(s));
	session_advance(s, 10000000);
	session_view(s, &view);
	assert_true(view.script_ended);
	assert_string_equal(view.caption, "two");
	assert_string_equal(d.markers, "one;pause (line 3);two;end;");
	session_free(s);
	unlink(path);
}

static void
test_a_replay_refuses_keys_and_stops_where_it_does_not_fit(void **state)
{
	char path[] = "/tmp/test_session_XXXXXX";
	struct options opts = parse("--seed", "3", "--rate", "20", NULL);
	struct fake_driver d = {0};
	struct session_driver up;
	struct session *s = open_session(&opts, &d, &up);
	struct dashboard_view view;
	char err[256], verdict[512];
	size_t before;
	int fd;

	(void)state;
	session_advance(s, 400000);
	press(s, '1');
	session_advance(s, 900000);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(
	    script_file_save_log(path, session_sim(s), err, sizeof err), 0);
	session_free(s);

	/* In its own world: keys that change it are refused. */
	opts = parse("--replay", path, NULL);
	s = open_session(&opts, &d, &up);
	press(s, '1');
	assert_int_equal(commands(s), 0);
	session_view(s, &view);
	assert_non_null(strstr(view.flash, "would break the replay"));
	session_advance(s, 10000000);
	assert_int_equal(commands(s), 1);
	assert_false(session_verdict(s, verdict, sizeof verdict));
	session_free(s);

	/* In another world: it stops at the first line that does not fit,
	 * in the words of a headless run. */
	opts = parse("--replay", path, "--seed", "99", NULL);
	s = open_session(&opts, &d, &up);
	session_advance(s, 10000000);
	session_view(s, &view);
	assert_true(view.script_ended);
	assert_true(session_verdict(s, verdict, sizeof verdict));
	assert_non_null(strstr(verdict, "(saved with another seed or "
	                                "settings?)"));
	/* Ended, the replay no longer holds keys back. */
	before = commands(s);
	press(s, '1');
	assert_int_equal(commands(s), before + 1);
	session_free(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_key_becomes_a_command_in_the_log),
	    cmocka_unit_test(
	        test_pausing_catches_the_world_up_then_stops_the_clock),
	    cmocka_unit_test(test_q_asks_the_driver_to_quit),
	    cmocka_unit_test(
	        test_a_restart_rebuilds_the_same_world_from_config_and_seed),
	    cmocka_unit_test(test_a_scripts_pause_stops_the_clock_until_space),
	    cmocka_unit_test(
	        test_a_replay_refuses_keys_and_stops_where_it_does_not_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
