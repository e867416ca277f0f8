/*
 * Tests for the space-time recorder and its diagram (src/view/spacetime.c,
 * spacetime-draw.c): what is kept, that it stays bounded, that time travel
 * can forget a future, and what a person reads off the diagram (a column
 * per node and the relay, an increment's vector, a delivery, the present
 * at the bottom). GCOUNTER_TEST_PRINT=1 prints each diagram.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/strategy.h"
#include "view/cellgrid.h"
#include "view/glyphs.h"
#include "view/spacetime.h"
#include "view/summary.h"
#include "world.h"

static struct sim *world(struct spacetime *rec, const char *strategy,
                         uint32_t nodes)
{
	struct sim *sim =
	    support_world(strategy_find(strategy), nodes, 3, CRDT_GCOUNTER);

	sim_set_observer(sim, spacetime_observer, rec);
	return sim;
}

static void inc(struct sim *sim, uint32_t node)
{
	support_apply(
	    sim,
	    (struct command){.kind = CMD_INCREMENT, .node = node, .amount = 1});
}

static size_t count_kind(const struct spacetime *rec, enum spacetime_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < spacetime_count(rec); i++)
		if (spacetime_get(rec, i)->kind == k)
			n++;
	return n;
}

/* Draws the diagram at w x h and returns the rows joined by newlines. */
static char *diagram(const struct spacetime *rec, const struct sim *sim, int w,
                     int h, bool utf8, struct spacetime_drawn *drawn)
{
	struct summary s;
	struct cellgrid g;
	struct spacetime_view v;
	char *out = calloc(1, (size_t)h * ((size_t)w * 4 + 2) + 1);
	size_t len = 0;

	summary_init(&s);
	summary_fill(&s, sim);
	v = (struct spacetime_view){.rec = rec,
	                            .summary = &s,
	                            .events_run = sim_events_run(sim),
	                            .glyphs = glyphs_get(utf8),
	                            .selected = 0};
	cellgrid_init(&g, w, h);
	spacetime_draw(&g, &v, drawn);
	for (int y = 0; y < h; y++) {
		len += cellgrid_row_text(&g, y, out + len, (size_t)w * 4 + 1);
		out[len++] = '\n';
	}
	if (getenv("GCOUNTER_TEST_PRINT") != NULL)
		printf("--- %dx%d\n%s", w, h, out);
	cellgrid_free(&g);
	summary_free(&s);
	return out;
}

static void test_records_increments_sends_and_deliveries(void **state)
{
	struct spacetime *rec = spacetime_new(0, true);
	struct sim *sim = world(rec, "relay", 4);

	(void)state;
	inc(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 0});
	sim_run_until(sim, 100000);
	assert_int_equal(count_kind(rec, SPACETIME_INCREMENT), 1);
	assert_true(count_kind(rec, SPACETIME_SEND) >= 4); /* 1, then 3 */
	assert_true(count_kind(rec, SPACETIME_DELIVER) >= 4);
	assert_true(count_kind(rec, SPACETIME_CONVERGED) >= 1);
	assert_string_equal(spacetime_get(rec, 0)->label, "[1,0,0,0]");
	assert_true(spacetime_uses_relay(rec));
	sim_free(sim);
	spacetime_free(rec);
}

/* The ring forgets the oldest, never grows. */
static void test_recorder_is_bounded(void **state)
{
	struct spacetime *rec = spacetime_new(64, false);
	struct sim *sim = world(rec, "relay", 4);

	(void)state;
	for (int i = 0; i < 200; i++)
		inc(sim, (uint32_t)i % 4);
	assert_int_equal(spacetime_count(rec), 64);
	assert_int_equal(spacetime_forgotten(rec), 136);
	sim_free(sim);
	spacetime_free(rec);
}

/* Time travel rewinds the world: the recorder forgets what came after. */
static void test_truncate_forgets_the_future(void **state)
{
	struct spacetime *rec = spacetime_new(0, true);
	struct sim *sim = world(rec, "relay", 4);
	uint64_t at;
	size_t kept;

	(void)state;
	inc(sim, 1);
	sim_run_until(sim, 500000);
	at = sim_events_run(sim);
	kept = spacetime_count(rec);
	/* (An event first: a command applied with no event run since has
	 * the same count as the point, and stays.) */
	assert_true(sim_step(sim));
	inc(sim, 2);
	sim_run_until(sim, 1000000);
	assert_true(spacetime_count(rec) > kept);
	assert_int_equal(spacetime_count_upto(rec, at), kept);
	spacetime_truncate(rec, at);
	assert_int_equal(spacetime_count(rec), kept);
	for (size_t i = 0; i < kept; i++)
		assert_true(spacetime_get(rec, i)->events_run <= at);
	sim_free(sim);
	spacetime_free(rec);
}

static void test_diagram_at_80x24_for_four_nodes(void **state)
{
	struct spacetime *rec = spacetime_new(0, true);
	struct sim *sim = world(rec, "relay", 4);
	struct spacetime_drawn drawn;
	char *text;

	(void)state;
	sim_run_until(sim, 300000);
	inc(sim, 0);
	sim_run_until(sim, 1200000);
	text = diagram(rec, sim, 80, 18, true, &drawn);
	/* A column per node and the relay in the middle. */
	assert_non_null(strstr(text, "n1"));
	assert_non_null(strstr(text, "n2"));
	assert_non_null(strstr(text, "relay"));
	assert_non_null(strstr(text, "n4"));
	assert_true(strstr(text, "n2") < strstr(text, "relay"));
	assert_true(strstr(text, "relay") < strstr(text, "n3"));
	assert_int_equal(drawn.columns_shown, 5);
	assert_true(drawn.events_shown > 0);
	/* The present at the bottom, before the legend. */
	assert_non_null(strstr(text, "1.200s"));
	assert_non_null(strstr(text, "\u25cf")); /* a delivery that merged */
	free(text);
	sim_free(sim);
	spacetime_free(rec);
}

/* The increment, its vector and the convergence rule, in ASCII. */
static void test_diagram_shows_an_increment_and_convergence(void **state)
{
	struct spacetime *rec = spacetime_new(0, false);
	struct sim *sim = world(rec, "relay", 4);
	struct spacetime_drawn drawn;
	char *text;

	(void)state;
	inc(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 0});
	sim_run_until(sim, 40000);
	text = diagram(rec, sim, 80, 18, false, &drawn);
	assert_non_null(strstr(text, "* +1 [1,0,0,0]"));
	/* What reached the relay has its own mark: it holds nothing. */
	assert_non_null(strstr(text, "-="));
	assert_non_null(strstr(text, "converged: every node reads 1"));
	assert_non_null(strstr(text, "#"));
	free(text);
	sim_free(sim);
	spacetime_free(rec);
}

/* A world shown in the past: the diagram draws only its own past. */
static void test_diagram_follows_the_world_shown(void **state)
{
	struct spacetime *rec = spacetime_new(0, false);
	struct sim *sim = world(rec, "relay", 4);
	struct sim *past;
	struct spacetime_drawn now_drawn, past_drawn;
	char *now_text, *past_text;

	(void)state;
	sim_run_until(sim, 100000);
	past = sim_copy(sim);
	inc(sim, 3);
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 3});
	sim_run_until(sim, 140000);
	now_text = diagram(rec, sim, 80, 18, false, &now_drawn);
	past_text = diagram(rec, past, 80, 18, false, &past_drawn);
	assert_non_null(strstr(now_text, "[0,0,0,1]"));
	assert_null(strstr(past_text, "[0,0,0,1]"));
	assert_true(past_drawn.events_shown < now_drawn.events_shown);
	free(now_text);
	free(past_text);
	sim_free(past);
	sim_free(sim);
	spacetime_free(rec);
}

/* Narrow columns: a vector is drawn whole or not at all (a cut one would
 * read as another vector); an increment keeps its amount. */
static void test_diagram_never_cuts_a_vector(void **state)
{
	struct spacetime *rec = spacetime_new(0, false);
	struct sim *sim = world(rec, "relay", 8);
	struct spacetime_drawn drawn;
	char *text;

	(void)state;
	inc(sim, 0);
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 0});
	sim_run_until(sim, 40000);
	text = diagram(rec, sim, 80, 18, false, &drawn);
	assert_non_null(strstr(text, "* +1"));
	assert_null(strstr(text, "[1,0"));
	free(text);
	sim_free(sim);
	spacetime_free(rec);
}

/* Any size: nothing past the grid (it refuses), columns left out only
 * with a note. */
static void test_diagram_any_size(void **state)
{
	static const int sizes[][2] = {{80, 17}, {200, 50}, {300, 93}};
	static const uint32_t counts[] = {1, 4, 64};

	(void)state;
	for (size_t c = 0; c < 3; c++)
		for (size_t s = 0; s < 3; s++) {
			struct spacetime *rec = spacetime_new(0, true);
			struct sim *sim = world(rec, "relay", counts[c]);
			struct spacetime_drawn drawn;
			char *text;

			inc(sim, 0);
			sim_run_until(sim, 2000000);
			text = diagram(rec, sim, sizes[s][0], sizes[s][1], true,
			               &drawn);
			assert_true(drawn.columns_shown == counts[c] + 1 ||
			            strstr(text, "not shown") != NULL);
			free(text);
			sim_free(sim);
			spacetime_free(rec);
		}
}

/* A label owns the gap after its mark: a message's line never runs
 * between an increment's dot and its words ("*\\+1" reads as neither). */
static void test_no_line_between_a_mark_and_its_label(void **state)
{
	int drawn_labels = 0;

	(void)state;
	for (uint32_t seed = 1; seed <= 12; seed++) {
		struct spacetime *rec = spacetime_new(0, false);
		struct sim *sim = world(rec, "relay", 4);

		for (int k = 0; k < 40; k++) {
			struct spacetime_drawn drawn;
			char *text, *p;

			inc(sim, (seed + (uint32_t)k) % 4);
			sim_run_until(sim, sim_now(sim) + 7000 * seed);
			text = diagram(rec, sim, 80, 24, false, &drawn);
			for (p = strstr(text, "* +"); p;
			     p = strstr(p + 1, "* +"))
				drawn_labels++;
			for (p = strchr(text, '*'); p; p = strchr(p + 1, '*'))
				if (p[1] != '\0' && p[1] != ' ' &&
				    p[1] != '\n' && p[2] == '+')
					fail_msg(
					    "a line between a mark and its "
					    "label:\n%s",
					    text);
			free(text);
		}
		sim_free(sim);
		spacetime_free(rec);
	}
	assert_true(drawn_labels > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_records_increments_sends_and_deliveries),
	    cmocka_unit_test(test_recorder_is_bounded),
	    cmocka_unit_test(test_truncate_forgets_the_future),
	    cmocka_unit_test(test_diagram_at_80x24_for_four_nodes),
	    cmocka_unit_test(test_diagram_shows_an_increment_and_convergence),
	    cmocka_unit_test(test_diagram_follows_the_world_shown),
	    cmocka_unit_test(test_diagram_never_cuts_a_vector),
	    cmocka_unit_test(test_diagram_any_size),
	    cmocka_unit_test(test_no_line_between_a_mark_and_its_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
