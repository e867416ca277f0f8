/*
 * Tests for the network view (src/view/netview.c), read as a person reads
 * the picture: which boxes are there, where a message is on its link,
 * which link is cut, and that nothing is lost or spilt at any size.
 * GCOUNTER_TEST_PRINT=1 prints each picture drawn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script/settings.h"
#include "sim/strategy.h"
#include "view/netview.h"
#include "world.h"

struct drawn {
	struct cellgrid grid;
	struct netview_result result;
	struct summary summary;
};

static void draw(struct drawn *d, const struct sim *sim, int w, int h,
                 bool utf8, uint32_t selected)
{
	struct netview_input in;

	summary_init(&d->summary);
	summary_fill(&d->summary, sim);
	in = (struct netview_input){.summary = &d->summary,
	                            .sim = sim,
	                            .glyphs = glyphs_get(utf8),
	                            .selected = selected};
	cellgrid_init(&d->grid, w, h);
	netview_draw(&d->grid, &in, &d->result);
	if (getenv("GCOUNTER_TEST_PRINT") != NULL) {
		char row[4096];

		printf("--- %dx%d\n", w, h);
		for (int y = 0; y < h; y++) {
			cellgrid_row_text(&d->grid, y, row, sizeof row);
			printf("|%s\n", row);
		}
	}
}

static void drawn_free(struct drawn *d)
{
	cellgrid_free(&d->grid);
	summary_free(&d->summary);
}

/* The row and column (in cells) where text first appears; false if not. */
static bool find(const struct drawn *d, const char *text, int *y, int *x)
{
	for (int row = 0; row < d->grid.h; row++) {
		char line[4096];
		const char *hit;

		cellgrid_row_text(&d->grid, row, line, sizeof line);
		hit = strstr(line, text);
		if (hit != NULL) {
			/* Columns before it: its code points. */
			int cols = 0;

			for (const char *c = line; c < hit; c++)
				if (((unsigned char)*c & 0xc0) != 0x80)
					cols++;
			*y = row;
			*x = cols;
			return true;
		}
	}
	return false;
}

static bool has(const struct drawn *d, const char *text)
{
	int y, x;

	return find(d, text, &y, &x);
}

static struct sim *world(const char *strategy, uint32_t nodes)
{
	struct sim *sim =
	    support_world(strategy_find(strategy), nodes, 7, CRDT_GCOUNTER);

	return sim;
}

static void test_four_nodes_fit_80x24_in_full_boxes(void **state)
{
	struct sim *sim = world("relay", 4);
	struct drawn d;

	(void)state;
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 0, .amount = 3});
	draw(&d, sim, 80, 19, true, 0);
	assert_int_equal(d.result.box, NETVIEW_FULL);
	assert_int_equal(d.result.nodes_shown, 4);
	assert_true(has(&d, "n1 3"));
	assert_true(has(&d, "[3,0,0,0]"));
	assert_true(has(&d, "relay"));
	/* n2 lacks n1's 3: marked behind, by how much. */
	assert_true(has(&d, "n2 0 \u22123 behind"));
	/* The selected node's box is drawn double. */
	assert_true(has(&d, "\u2554"));
	drawn_free(&d);
	sim_free(sim);
}

static void test_eight_nodes_fit_80x24(void **state)
{
	struct sim *sim = world("relay", 8);
	struct drawn d;

	(void)state;
	draw(&d, sim, 80, 19, false, 2);
	assert_int_equal(d.result.nodes_shown, 8);
	for (int i = 1; i <= 8; i++) {
		char name[8];

		snprintf(name, sizeof name, "n%d", i);
		assert_true(has(&d, name));
	}
	drawn_free(&d);
	sim_free(sim);
}

/* A message half-way along its link is drawn half-way between its ends,
 * labelled with the vector it carries. */
static void test_message_is_drawn_at_its_progress(void **state)
{
	struct sim *sim = world("relay", 4);
	struct drawn d;
	int my, mx, ny, nx, ry, rx;

	(void)state;
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 1, .amount = 2});
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 1});
	sim_run_until(sim, sim_now(sim) + 5000); /* half of 10ms */
	draw(&d, sim, 80, 19, false, 0);
	/* Its label: the vector it carries, beside it or above it. */
	assert_true(find(&d, "    [0,2,0,0]", &my, &mx));
	assert_true(find(&d, "-o-", &my, &mx));
	mx++;
	assert_true(find(&d, "n2 2", &ny, &nx));
	assert_true(find(&d, "relay", &ry, &rx));
	/* n2 is on the right of the relay, the message between them. */
	assert_true(nx > rx);
	assert_true(mx > rx && mx < nx);
	assert_int_equal(d.result.messages_shown, 1);
	drawn_free(&d);
	sim_free(sim);
}

static void test_cut_links_are_marked_with_their_direction(void **state)
{
	struct sim *sim = world("relay", 4);
	struct drawn d;

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 2,
	                                    .mode = PARTITION_BOTH});
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 1,
	                                    .mode = PARTITION_NO_RECEIVE});
	draw(&d, sim, 80, 19, false, 0);
	assert_true(has(&d, "cut both ways"));
	assert_true(has(&d, "cut: no in"));
	assert_true(has(&d, "X"));
	/* n2 is on the right: it can still send, towards the relay (<). */
	assert_true(has(&d, "X<") || has(&d, "<X"));
	drawn_free(&d);
	sim_free(sim);
}

static void test_down_nodes_and_relay_are_drawn_down(void **state)
{
	struct sim *sim = world("relay", 4);
	struct drawn d;

	(void)state;
	support_apply(sim, (struct command){.kind = CMD_CRASH, .node = 3});
	support_apply(sim,
	              (struct command){.kind = CMD_CRASH, .node = SIM_RELAY});
	draw(&d, sim, 80, 19, true, 0);
	assert_true(has(&d, "n4 DOWN"));
	assert_true(has(&d, "relay DOWN"));
	assert_true(has(&d, "\u2504")); /* a dashed border */
	drawn_free(&d);
	sim_free(sim);
}

/* A message a cut link will swallow is an x, and says it is lost. */
static void test_doomed_message_has_its_own_shape(void **state)
{
	struct sim *sim = world("relay", 4);
	struct drawn d;

	(void)state;
	support_apply(sim, (struct command){
	                       .kind = CMD_INCREMENT, .node = 0, .amount = 1});
	support_apply(sim, (struct command){.kind = CMD_GOSSIP_NOW, .node = 0});
	support_apply(sim, (struct command){.kind = CMD_PARTITION,
	                                    .node = 0,
	                                    .mode = PARTITION_NO_SEND});
	sim_run_until(sim, sim_now(sim) + 4000);
	draw(&d, sim, 80, 19, false, 1);
	assert_true(has(&d, "x lost") || has(&d, "lost x") || has(&d, "lost"));
	assert_true(has(&d, "x"));
	drawn_free(&d);
	sim_free(sim);
}

/* Peer to peer: no relay box; nodes on a circle. */
static void test_gossip_has_no_relay(void **state)
{
	struct sim *sim = world("gossip", 5);
	struct drawn d;

	(void)state;
	draw(&d, sim, 80, 19, true, 0);
	assert_false(has(&d, "relay"));
	assert_int_equal(d.result.nodes_shown, 5);
	drawn_free(&d);
	sim_free(sim);
}

/* 16 to 64 nodes: smaller boxes, every node placed, the selected one in
 * full with its vector. */
static void test_many_nodes_stay_legible(void **state)
{
	static const uint32_t counts[] = {16, 32, 64};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct sim *sim = world("relay", counts[i]);
		struct drawn d;
		char name[16];

		support_apply(sim, (struct command){.kind = CMD_INCREMENT,
		                                    .node = counts[i] - 1,
		                                    .amount = 9});
		draw(&d, sim, 80, 17, true, counts[i] - 1);
		assert_int_equal(d.result.nodes_shown, counts[i]);
		assert_true(d.result.box != NETVIEW_FULL);
		snprintf(name, sizeof name, "n%u 9", counts[i]);
		assert_true(has(&d, name)); /* the detail box's title */
		drawn_free(&d);
		sim_free(sim);
	}
}

/* Every size from 80x24 to 300x100 and counts up to 64: every cell
 * written is inside (the grid refuses the rest), and every node is
 * placed, or the legend says how many are not. */
static void test_every_size_places_every_node(void **state)
{
	static const uint32_t counts[] = {1, 2, 4, 8, 16, 64};
	static const int sizes[][2] = {{80, 17},  {81, 18},  {120, 30},
	                               {200, 50}, {300, 93}, {97, 23}};

	(void)state;
	for (size_t c = 0; c < 6; c++)
		for (size_t s = 0; s < 6; s++) {
			struct sim *sim =
			    world(c % 2 ? "gossip" : "relay", counts[c]);
			struct drawn d;

			draw(&d, sim, sizes[s][0], sizes[s][1], s % 2 == 0, 0);
			assert_true(d.result.nodes_shown == counts[c] ||
			            has(&d, "not shown"));
			drawn_free(&d);
			sim_free(sim);
		}
}

/* Too few rows for any node: the picture says so rather than nothing. */
static void test_no_room_says_so(void **state)
{
	struct sim *sim = world("relay", 64);
	struct drawn d;

	(void)state;
	draw(&d, sim, 80, 3, true, 0);
	assert_true(d.result.nodes_shown < 64);
	assert_true(has(&d, "nodes not shown"));
	drawn_free(&d);
	sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_four_nodes_fit_80x24_in_full_boxes),
	    cmocka_unit_test(test_eight_nodes_fit_80x24),
	    cmocka_unit_test(test_message_is_drawn_at_its_progress),
	    cmocka_unit_test(test_cut_links_are_marked_with_their_direction),
	    cmocka_unit_test(test_down_nodes_and_relay_are_drawn_down),
	    cmocka_unit_test(test_doomed_message_has_its_own_shape),
	    cmocka_unit_test(test_gossip_has_no_relay),
	    cmocka_unit_test(test_many_nodes_stay_legible),
	    cmocka_unit_test(test_every_size_places_every_node),
	    cmocka_unit_test(test_no_room_says_so),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
