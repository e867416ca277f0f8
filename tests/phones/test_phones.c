/*
 * Phones as replicas, below the network: the join code, a worker whose
 * replica is remote (no timer of its own, no automatic increments, kept
 * in logs, copies and hashes), and the --listen / --keep-workers options.
 * The server itself is tried from outside by test_web.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/joincode.h"
#include "app/options.h"
#include "app/web-options.h"
#include "script/scenario.h"
#include "script/settings.h"
#include "sim/sim.h"
#include "sim/strategy.h"
#include "world.h"

static void test_joincode_is_six_characters_without_look_alikes(void **state)
{
	char seen[2000][JOINCODE_LENGTH + 1];
	size_t distinct = 0;

	(void)state;
	for (size_t i = 0; i < 2000; i++) {
		char code[JOINCODE_LENGTH + 1];
		bool again = false;

		joincode_new(code);
		assert_int_equal(strlen(code), JOINCODE_LENGTH);
		for (size_t c = 0; c < JOINCODE_LENGTH; c++) {
			assert_non_null(
			    strchr("ACDEFGHJKMNPQRTWXY34679", code[c]));
			assert_null(strchr("0O1IL5S2Z8BUV", code[c]));
		}
		for (size_t j = 0; j < distinct && !again; j++)
			again = strcmp(seen[j], code) == 0;
		if (!again)
			memcpy(seen[distinct++], code, sizeof code);
	}
	/* 23^6 codes: two thousand draws all but never meet. */
	assert_true(distinct >= 1990);
}

static void test_joincode_equal_checks_length_and_every_character(void **state)
{
	(void)state;
	assert_true(joincode_equal("ACDEFG", "ACDEFG"));
	assert_false(joincode_equal("ACDEFH", "ACDEFG"));
	assert_false(joincode_equal("XCDEFG", "ACDEFG"));
	assert_false(joincode_equal("ACDEF", "ACDEFG"));
	assert_false(joincode_equal("ACDEFGH", "ACDEFG"));
	assert_false(joincode_equal("", "ACDEFG"));
	assert_false(joincode_equal(NULL, "ACDEFG"));
	assert_false(joincode_equal("acdefg", "ACDEFG"));
}

struct sends {
	uint64_t from_remote; /* sends the remote worker made */
};

static void count_sends(void *ctx, const struct sim *sim,
                        const struct sim_record *r)
{
	struct sends *s = ctx;

	(void)sim;
	if (r->kind == REC_SEND && r->from == 2)
		s->from_remote++;
}

/* Three workers on the relay, with the workload at rate a second. */
static struct sim *three_workers(double rate)
{
	struct sim *sim = support_world(&strategy_relay, 3, 11, CRDT_GCOUNTER);

	if (rate > 0)
		support_apply(
		    sim, (struct command){.kind = CMD_SET_RATE, .rate = rate});
	return sim;
}

static void test_remote_worker_counts_only_its_owners_presses(void **state)
{
	struct sim *sim = three_workers(50.0);
	struct sends sends = {0};

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 2});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 2,
	                                    .mode = RESTART_REMOTE});
	assert_true(sim_node_remote(sim, 2));
	assert_false(sim_node_remote(sim, 0));
	sim_set_observer(sim, count_sends, &sends);
	sim_run_until(sim, 10000000);
	/* Ten seconds of 50 increments a second, none in n3's slot, and n3
	 * never gossiped on a timer of its own. */
	assert_true(sim_truth_total(sim) > 300);
	assert_int_equal(sim_truth(sim)->slots[2], 0);
	assert_int_equal(sends.from_remote, 0);
	/* Its owner presses twice and it gossips: everyone learns it. */
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 2, .amount = 2});
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 2});
	assert_int_equal(sends.from_remote, 1);
	support_apply(sim, (struct command){.kind = CMD_SET_RATE, .rate = 0});
	sim_run_until(sim, 12000000);
	assert_int_equal(sim_node_vector(sim, 0)->slots[2], 2);
	assert_int_equal(sim_node_vector(sim, 1)->slots[2], 2);
	assert_true(sim_converged(sim));
	sim_free(sim);
}

static void test_remote_worker_restarts_from_its_own_count(void **state)
{
	struct sim *sim = three_workers(0);

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_REMOTE});
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 1, .amount = 5});
	sim_run_until(sim, 1000000);
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	assert_true(sim_node_down(sim, 1));
	/* The phone comes back: its seat resumes from what it kept. */
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_REMOTE});
	assert_int_equal(sim_node_vector(sim, 1)->slots[1], 5);
	/* A plain restart makes it the world's own worker again. */
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 1});
	support_apply(sim, (struct command){.kind = CMD_RESTART,
	                                    .node = 1,
	                                    .mode = RESTART_DURABLE});
	assert_false(sim_node_remote(sim, 1));
	sim_free(sim);
}

static void test_remote_is_copied_and_hashed(void **state)
{
	struct sim *remote = three_workers(0), *local = three_workers(0);
	struct sim *copy;

	(void)state;
	support_apply(remote, (struct command){.kind = CMD_CRASH, .node = 2});
	support_apply(local, (struct command){.kind = CMD_CRASH, .node = 2});
	support_apply(remote, (struct command){.kind = CMD_RESTART,
	                                       .node = 2,
	                                       .mode = RESTART_REMOTE});
	support_apply(local, (struct command){.kind = CMD_RESTART,
	                                      .node = 2,
	                                      .mode = RESTART_DURABLE});
	copy = sim_copy(remote);
	assert_true(sim_node_remote(copy, 2));
	assert_true(sim_state_hash(copy) == sim_state_hash(remote));
	assert_true(sim_state_hash(local) != sim_state_hash(remote));
	sim_free(copy);
	sim_free(remote);
	sim_free(local);
}

static void test_remote_restart_reads_back_from_a_log(void **state)
{
	const struct command restart = {
	    .kind = CMD_RESTART, .node = 2, .mode = RESTART_REMOTE};
	const char *text = "restart n3 remote\n";
	struct scenario sc;
	char line[64], err[256];

	(void)state;
	scenario_format_command(&restart, line, sizeof line);
	assert_string_equal(line, "restart n3 remote");
	if (scenario_parse("t.gcs", text, strlen(text), &sc, err, sizeof err) !=
	    0)
		fail_msg("%s", err);
	assert_int_equal(sc.count, 1);
	assert_int_equal(sc.items[0].command.kind, CMD_RESTART);
	assert_int_equal(sc.items[0].command.mode, RESTART_REMOTE);
	scenario_free(&sc);
}

/* A phone back from quiet has its links mended (partition n3 none): the
 * saved log must say so, or its replay cuts the seat off instead. */
static void test_mended_links_read_back_from_a_log(void **state)
{
	const struct command mend = {
	    .kind = CMD_PARTITION, .node = 2, .mode = PARTITION_NONE};
	const char *text = "partition n3 none\n";
	struct scenario sc;
	char line[64], err[256];

	(void)state;
	scenario_format_command(&mend, line, sizeof line);
	assert_string_equal(line, "partition n3 none");
	if (scenario_parse("t.gcs", text, strlen(text), &sc, err, sizeof err) !=
	    0)
		fail_msg("%s", err);
	assert_int_equal(sc.count, 1);
	assert_int_equal(sc.items[0].command.kind, CMD_PARTITION);
	assert_int_equal(sc.items[0].command.mode, PARTITION_NONE);
	scenario_free(&sc);
}

/* Parses a command line as main.c does (the settings table, then the
 * web options' check); its result and err. */
static int take(const char *line, struct web_options *web, struct options *opts,
                char *err)
{
	static char words[16][64];
	char *argv[17];
	int argc = 0;
	char copy[256];

	snprintf(copy, sizeof copy, "gcounter %s", line);
	for (char *w = strtok(copy, " "); w != NULL && argc < 16;
	     w = strtok(NULL, " ")) {
		snprintf(words[argc], sizeof words[argc], "%s", w);
		argv[argc] = words[argc];
		argc++;
	}
	argv[argc] = NULL;
	optind = 0; /* getopt starts afresh for each command line */
	if (options_parse(argc, argv, 1, opts, stdout, err, 256) != OPTIONS_RUN)
		return -1;
	return web_options_check(web, opts, err, 256);
}

static void test_listen_takes_an_address_and_a_port(void **state)
{
	struct web_options web;
	struct options opts;
	char err[256];

	(void)state;
	assert_int_equal(
	    take("--nodes 5 --listen 8080 --seed 3", &web, &opts, err), 0);
	assert_true(web.listen);
	assert_string_equal(web.host, "127.0.0.1");
	assert_int_equal(web.port, 8080);
	assert_int_equal(opts.sim.nodes, 5);
	assert_int_equal(opts.sim.seed, 3);
	assert_int_equal(
	    take("--listen=0.0.0.0:9000 --keep-workers 2", &web, &opts, err),
	    0);
	assert_string_equal(web.host, "0.0.0.0");
	assert_int_equal(web.port, 9000);
	assert_int_equal(web.keep, 2);
	assert_int_equal(take("--nodes 4", &web, &opts, err), 0);
	assert_false(web.listen);
}

static void test_listen_refuses_what_is_not_an_address(void **state)
{
	const char *bad[] = {"--listen 300.1.1.1:80", "--listen host:80",
	                     "--listen :0",           "--listen 1.2.3.4:70000",
	                     "--listen abc",          "--listen 1.2.3.4:"};
	struct web_options web;
	struct options opts;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(take(bad[i], &web, &opts, err), -1);
		assert_non_null(strstr(err, "--listen: expected ADDR:PORT"));
		assert_non_null(strstr(err, bad[i] + strlen("--listen ")));
	}
	assert_int_equal(take("--listen", &web, &opts, err), -1);
	assert_non_null(strstr(err, "--listen"));
	assert_int_equal(take("--keep-workers 2", &web, &opts, err), -1);
	assert_string_equal(
	    err, "--keep-workers only means something with --listen");
	assert_int_equal(take("--listen 80 --keep-workers x", &web, &opts, err),
	                 -1);
	assert_non_null(strstr(err, "--keep-workers"));
}

static void test_listen_needs_the_dashboard_and_a_seat(void **state)
{
	struct web_options web;
	struct options opts;
	char err[256];

	(void)state;
	assert_int_equal(
	    take("--nodes 4 --listen 8080 --keep-workers 4", &web, &opts, err),
	    -1);
	assert_string_equal(err, "--keep-workers 4 leaves no seat for a phone "
	                         "among --nodes 4");
	assert_int_equal(
	    take("--nodes 4 --listen 8080 --keep-workers 1", &web, &opts, err),
	    0);
	assert_int_equal(
	    take("--nodes 4 --listen 8080 --headless", &web, &opts, err), -1);
	assert_non_null(strstr(err, "needs the live dashboard"));
	/* A lesson's chapters are scripts: phones would break them. */
	assert_int_equal(take("--lesson /tmp --listen 8080", &web, &opts, err),
	                 -1);
	assert_non_null(strstr(err, "cannot seat phones"));
	assert_int_equal(take("--nodes 300 --listen 8080", &web, &opts, err),
	                 -1);
	assert_non_null(strstr(err, "at most 256 phones"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_joincode_is_six_characters_without_look_alikes),
	    cmocka_unit_test(
	        test_joincode_equal_checks_length_and_every_character),
	    cmocka_unit_test(test_remote_worker_counts_only_its_owners_presses),
	    cmocka_unit_test(test_remote_worker_restarts_from_its_own_count),
	    cmocka_unit_test(test_remote_is_copied_and_hashed),
	    cmocka_unit_test(test_remote_restart_reads_back_from_a_log),
	    cmocka_unit_test(test_mended_links_read_back_from_a_log),
	    cmocka_unit_test(test_listen_takes_an_address_and_a_port),
	    cmocka_unit_test(test_listen_refuses_what_is_not_an_address),
	    cmocka_unit_test(test_listen_needs_the_dashboard_and_a_seat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
