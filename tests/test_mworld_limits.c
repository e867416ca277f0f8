/*
 * A run's limits (src/maelstrom/mworld.h) end its workload early, never
 * the run: a world fed a million adds, or four million commands, heals,
 * settles, sends the final read and is checked. Apart from test_maelstrom
 * for its time (several seconds: the log is filled for real).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maelstrom/mmsg.h"
#include "maelstrom/mworld.h"

/* --- a run's limits end the workload early, never the run ------------ */

static char last_line[512];

static void last_deliver(void *ctx, uint32_t node, const char *line)
{
	(void)ctx, (void)node;
	snprintf(last_line, sizeof last_line, "%s", line);
}

static const struct mworld_io last_io = {.deliver = last_deliver};

/* n0 of a one-node world answers the last request it was sent. */
static void reply_last(struct mworld *w, const char *type)
{
	struct mmsg m;
	char *line;
	struct mcmd cmd = {.kind = MCMD_OUT, .node = 0};

	assert_int_equal(mmsg_parse(last_line, strlen(last_line), &m, NULL, 0),
	                 0);
	line = mmsg_format("n0", m.src,
	                   json_pack("{s:s, s:I, s:I}", "type", type,
	                             "in_reply_to", (json_int_t)m.msg_id,
	                             "value", (json_int_t)0));
	cmd.line = line;
	cmd.len = strlen(line);
	assert_int_equal(mworld_apply(w, &cmd, NULL, 0), 0);
	free(line);
	mmsg_clear(&m);
}

static struct mworld *limits_world(void)
{
	struct mworld_config c;
	struct mworld *w;

	mworld_config_defaults(&c);
	c.nodes = 1;
	c.seed = 42;
	c.rate = 0;                         /* only the commands' adds */
	c.duration_us = 3600ULL * 1000000u; /* far past the test */
	c.read_every_us = 3600ULL * 1000000u;
	w = mworld_new(&c, &last_io, NULL, NULL, 0);
	assert_non_null(w);
	mworld_run_until(w, 0); /* n0 starts, is sent init */
	reply_last(w, "init_ok");
	mworld_run_until(w, 1000);
	assert_true(mworld_workload_active(w));
	return w;
}

/* After the cut: settle, then the final read, answered; the check runs. */
static void expect_cut_then_checked(struct mworld *w, const char *why)
{
	uint64_t at;
	struct mworld_verdict v;

	assert_string_equal(mworld_cut(w, &at), why);
	assert_false(mworld_workload_active(w));
	last_line[0] = '\0';
	mworld_run_until(w, at + mworld_config(w)->settle_us);
	assert_non_null(strstr(last_line, "\"read\""));
	reply_last(w, "read_ok");
	mworld_finish(w);
	assert_true(mworld_done(w));
	mworld_verdict(w, &v);
	assert_true(v.valid);
	assert_true(v.checked_us < 3600ULL * 1000000u);
}

static void test_request_limit_cuts_the_workload(void **state)
{
	struct mworld *w = limits_world();
	struct mcmd add = {.kind = MCMD_ADD, .node = 0, .delta = 1};
	uint32_t i;

	(void)state;
	for (i = 0; i < MWORLD_MAX_OPS && mworld_cut(w, NULL) == NULL; i++)
		assert_int_equal(mworld_apply(w, &add, NULL, 0), 0);
	assert_true(i < MWORLD_MAX_OPS);
	assert_int_equal(mworld_stats(w)->adds,
	                 MWORLD_MAX_OPS - MWORLD_OPS_RESERVE - 1); /* init */
	expect_cut_then_checked(w, "the run's client requests");
	mworld_free(w);
}

static void test_command_limit_cuts_the_workload(void **state)
{
	struct mworld *w = limits_world();
	struct mcmd key = {.kind = MCMD_NET, .net = MNET_DROP, .prob = 0};
	uint32_t i;

	(void)state;
	for (i = 0; i < MWORLD_MAX_COMMANDS && mworld_cut(w, NULL) == NULL; i++)
		assert_int_equal(mworld_apply(w, &key, NULL, 0), 0);
	assert_int_equal(i, MWORLD_MAX_COMMANDS - MWORLD_COMMANDS_RESERVE);
	expect_cut_then_checked(w, "the run's commands");
	mworld_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_limit_cuts_the_workload),
	    cmocka_unit_test(test_command_limit_cuts_the_workload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
