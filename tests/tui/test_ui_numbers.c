/*
 * Tests for the numbers line (src/view/numbers.h): every number the issue
 * asks for is there when there is room, and at 80 columns the line still
 * fits, keeping what matters most.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/settings.h"
#include "sim/strategy.h"
#include "view/numbers.h"
#include "view/text.h"

static struct sim *busy_world(void)
{
	struct sim_config c;
	char err[128];
	struct sim *sim;

	sim_config_defaults(&c);
	c.seed = 9;
	c.rate = 50;
	c.drop = 0.2;
	c.duplicate = 0.2;
	c.reader = READER_RANDOM;
	c.read_rate = 20;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	sim_run_until(sim, 3000000);
	return sim;
}

static void test_a_wide_line_has_every_number_in_words(void **state)
{
	struct sim *sim = busy_world();
	char line[1024];

	(void)state;
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_non_null(strstr(line, "sent "));
	assert_non_null(strstr(line, "delivered "));
	assert_non_null(strstr(line, "dropped "));
	assert_non_null(strstr(line, "duplicated "));
	assert_non_null(strstr(line, "lost "));
	assert_non_null(strstr(line, " sent | "));
	assert_non_null(strstr(line, "msgs/increment"));
	assert_non_null(strstr(line, "latency p50 "));
	assert_non_null(strstr(line, " p99 "));
	assert_non_null(strstr(line, " max "));
	assert_non_null(strstr(line, "backwards reads "));
	sim_free(sim);
}

static void test_80_columns_fit_and_keep_the_essentials(void **state)
{
	struct sim *sim = busy_world();
	char line[1024];

	(void)state;
	for (size_t width = 40; width <= 80; width += 5) {
		numbers_line(sim, NULL, width, " | ", line, sizeof line);
		assert_true(text_columns(line) <= width);
		assert_non_null(strstr(line, "sent "));
	}
	numbers_line(sim, NULL, 78, " | ", line, sizeof line);
	assert_non_null(strstr(line, "drop "));
	assert_non_null(strstr(line, "dup "));
	assert_non_null(strstr(line, "p50 "));
	sim_free(sim);
}

static void test_durations_and_bytes_for_people(void **state)
{
	char buf[32];

	(void)state;
	numbers_duration(850, buf, sizeof buf);
	assert_string_equal(buf, "850us");
	numbers_duration(2500, buf, sizeof buf);
	assert_string_equal(buf, "2.5ms");
	numbers_duration(190400, buf, sizeof buf);
	assert_string_equal(buf, "190ms");
	numbers_duration(1234567, buf, sizeof buf);
	assert_string_equal(buf, "1.23s");
	numbers_duration(61000000, buf, sizeof buf);
	assert_string_equal(buf, "61.0s");
	numbers_bytes(812, buf, sizeof buf);
	assert_string_equal(buf, "812 B");
	numbers_bytes(4150, buf, sizeof buf);
	assert_string_equal(buf, "4.1 kB");
	numbers_bytes(12000000, buf, sizeof buf);
	assert_string_equal(buf, "12.0 MB");
}

static void test_the_cache_asks_again_only_for_news(void **state)
{
	struct sim *sim = busy_world();
	struct numbers_cache cache = {0};
	struct sim_latency a, b, fresh;

	(void)state;
	numbers_latency(sim, &cache, &a);
	numbers_latency(sim, &cache, &b);
	assert_int_equal(a.samples, b.samples);
	assert_int_equal(a.p99_us, b.p99_us);
	/* New samples (few of them): asked again at once. */
	sim_run_until(sim, 6000000);
	numbers_latency(sim, &cache, &b);
	sim_latency(sim, &fresh);
	assert_int_equal(b.samples, fresh.samples);
	assert_int_equal(b.p50_us, fresh.p50_us);
	assert_int_equal(b.max_us, fresh.max_us);
	sim_free(sim);
}

/* One workload in state mode, then in delta, then in op: what each
 * cost per operation, as the numbers line compares them. */
static struct sim *modes_world(uint32_t nodes)
{
	static const enum sim_mode modes[] = {MODE_STATE, MODE_DELTA, MODE_OP};
	struct sim_config c;
	char err[128];
	struct sim *sim;

	sim_config_defaults(&c);
	c.nodes = nodes;
	c.seed = 11;
	c.rate = 20;
	c.duplicate = 0.3;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		struct command cmd = {.kind = CMD_SET_MODE, .mode = modes[i]};

		assert_int_equal(sim_apply(sim, &cmd, err, sizeof err), 0);
		sim_run_until(sim, sim_now(sim) + 3000000);
	}
	return sim;
}

static void test_one_mode_shows_its_bytes_per_operation(void **state)
{
	struct sim *sim = busy_world();
	char line[1024];

	(void)state;
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_non_null(strstr(line, " bytes/op"));
	numbers_line(sim, NULL, 78, " | ", line, sizeof line);
	assert_non_null(strstr(line, " B/op"));
	sim_free(sim);
}

static void test_modes_used_are_compared_per_operation(void **state)
{
	struct sim *sim = modes_world(8);
	struct sim_stats st;
	char line[1024], state_bop[32];

	(void)state;
	sim_stats(sim, &st);
	snprintf(state_bop, sizeof state_bop, "state %" PRIu64,
	         (st.mode_bytes[MODE_STATE] - st.mode_idle_bytes[MODE_STATE] +
	          st.mode_counts[MODE_STATE] / 2) /
	             st.mode_counts[MODE_STATE]);
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_non_null(strstr(line, "bytes/op state "));
	assert_non_null(strstr(line, ", delta "));
	assert_non_null(strstr(line, ", op "));
	assert_non_null(strstr(line, state_bop));
	assert_null(strstr(line, "op-reliable"));
	/* At 80 columns the comparison stays, whole. */
	for (size_t width = 60; width <= 80; width += 2) {
		numbers_line(sim, NULL, width, " | ", line, sizeof line);
		assert_true(text_columns(line) <= width);
		assert_non_null(strstr(line, "sent "));
		assert_non_null(strstr(line, "B/op state "));
		assert_non_null(strstr(line, " delta "));
		assert_non_null(strstr(line, " op "));
	}
	sim_free(sim);
}

/* Op-reliable's price in state: numbers per peer, and a log that grows
 * while a peer is down and is emptied once it acknowledges. */
static void test_op_reliable_shows_what_it_keeps(void **state)
{
	struct sim_config c;
	char err[128], line[1024], log[32];
	struct command crash = {.kind = CMD_CRASH, .node = 3};
	struct command restart = {.kind = CMD_RESTART, .node = 3};
	struct sim *sim;
	uint64_t most = 0;

	(void)state;
	sim_config_defaults(&c);
	c.seed = 5;
	c.rate = 20;
	c.mode = MODE_OP_RELIABLE;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	assert_int_equal(sim_apply(sim, &crash, err, sizeof err), 0);
	sim_run_until(sim, 3000000);
	for (uint32_t i = 0; i < 4; i++)
		if (sim_op_log_length(sim, i) > most)
			most = sim_op_log_length(sim, i);
	assert_true(most > 0);
	snprintf(log, sizeof log, ", log %" PRIu64 " ops", most);
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_non_null(strstr(line, "keeps "));
	assert_non_null(strstr(line, log));
	numbers_line(sim, NULL, 80, " | ", line, sizeof line);
	assert_non_null(strstr(line, "keeps "));
	assert_int_equal(sim_apply(sim, &restart, err, sizeof err), 0);
	assert_int_equal(
	    sim_apply(sim, &(struct command){.kind = CMD_SET_RATE, .rate = 0},
	              err, sizeof err),
	    0);
	sim_run_until(sim, 20000000);
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_non_null(strstr(line, ", log 0 ops"));
	sim_free(sim);
	/* State mode keeps nothing besides the vector: no such part. */
	sim = busy_world();
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_null(strstr(line, "keeps "));
	sim_free(sim);
}

/* The number after "key " in a line (UINT64_MAX: not there). */
static uint64_t number_after(const char *line, const char *key)
{
	const char *at = strstr(line, key);

	return at == NULL ? UINT64_MAX : strtoull(at + strlen(key), NULL, 10);
}

/* Scenario 06: after the switch to a sticky reader, the line counts the
 * sticky reader's backwards reads (none), not the random one's. */
static void test_a_new_reader_starts_its_own_phase(void **state)
{
	struct sim *sim = busy_world();
	struct command sticky = {.kind = CMD_SET_READER, .mode = READER_STICKY};
	struct sim_stats st;
	char line[1024], err[128];

	(void)state;
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_true(number_after(line, "backwards reads ") > 0);
	assert_non_null(strstr(line, "since start"));
	assert_int_equal(sim_apply(sim, &sticky, err, sizeof err), 0);
	sim_run_until(sim, sim_now(sim) + 3000000);
	sim_stats(sim, &st);
	assert_true(st.backwards_reads > 0); /* the run's, from before */
	numbers_line(sim, NULL, 300, " | ", line, sizeof line);
	assert_int_equal(number_after(line, "backwards reads "), 0);
	assert_non_null(strstr(line, "since 3.000s"));
	/* The phase's messages, not the run's. */
	assert_int_equal(number_after(line, "sent "),
	                 st.sent - sim_phase(sim)->stats.sent);
	assert_true(number_after(line, "sent ") < st.sent);
	numbers_line(sim, NULL, 80, " | ", line, sizeof line);
	assert_int_equal(number_after(line, "back "), 0);
	/* Bytes per operation too: the phase's work over its operations. */
	{
		const struct sim_stats *at = &sim_phase(sim)->stats;
		uint64_t ops = st.increments - at->increments;
		uint64_t work = st.bytes_sent - at->bytes_sent -
		                (st.idle_bytes - at->idle_bytes);
		uint64_t tenths = (work * 10 + ops / 2) / ops;
		char want[48];

		if (tenths < 100)
			snprintf(want, sizeof want,
			         " %" PRIu64 ".%" PRIu64 " bytes/op",
			         tenths / 10, tenths % 10);
		else
			snprintf(want, sizeof want, " %" PRIu64 " bytes/op",
			         (work + ops / 2) / ops);
		numbers_line(sim, NULL, 300, " | ", line, sizeof line);
		assert_non_null(strstr(line, want));
	}
	sim_free(sim);
}

/* Messages per increment is the work increments caused: a quiet minute
 * of gossip leaves it where it was and counts as idle. */
static void test_idle_gossip_does_not_raise_msgs_per_increment(void **state)
{
	struct sim_config c;
	struct command inc = {.kind = CMD_INCREMENT, .node = 0, .amount = 1};
	struct sim *sim;
	char before[1024], after[1024], err[128];
	const char *a, *b;

	(void)state;
	sim_config_defaults(&c);
	c.seed = 4;
	c.nodes = 8;
	sim = sim_new(&c, err, sizeof err);
	assert_non_null(sim);
	sim_run_until(sim, 1000000);
	assert_int_equal(sim_apply(sim, &inc, err, sizeof err), 0);
	sim_run_until(sim, 3000000);
	assert_true(sim_converged(sim));
	numbers_line(sim, NULL, 300, " | ", before, sizeof before);
	sim_run_until(sim, 63000000);
	numbers_line(sim, NULL, 300, " | ", after, sizeof after);
	a = strstr(before, " msgs/increment");
	b = strstr(after, " msgs/increment");
	assert_non_null(a);
	assert_non_null(b);
	/* The same ratio, a minute later: "16.0 | 16.0", not 160 then 240. */
	{
		const char *ra = a, *rb = b;

		while (ra > before && ra[-1] != ' ')
			ra--;
		while (rb > after && rb[-1] != ' ')
			rb--;
		assert_true(strtod(ra, NULL) == strtod(rb, NULL));
		assert_true(strtod(ra, NULL) > 0);
	}
	assert_true(number_after(after, "idle ") >
	            number_after(before, "idle ") + 100);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_wide_line_has_every_number_in_words),
	    cmocka_unit_test(test_80_columns_fit_and_keep_the_essentials),
	    cmocka_unit_test(test_durations_and_bytes_for_people),
	    cmocka_unit_test(test_the_cache_asks_again_only_for_news),
	    cmocka_unit_test(test_one_mode_shows_its_bytes_per_operation),
	    cmocka_unit_test(test_modes_used_are_compared_per_operation),
	    cmocka_unit_test(test_op_reliable_shows_what_it_keeps),
	    cmocka_unit_test(test_a_new_reader_starts_its_own_phase),
	    cmocka_unit_test(
	        test_idle_gossip_does_not_raise_msgs_per_increment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
