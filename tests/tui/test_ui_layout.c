/*
 * Tests for the dashboard's geometry (src/ui/layout.h). The promise is that
 * nothing is ever drawn off-screen or over something else, for any size at
 * or above 80x24 and any node count the engine allows; below 80x24 the
 * layout says "too small" instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sim/sim.h"
#include "view/layout.h"

static void assert_inside(struct layout_rect r, int cols, int rows)
{
	if (r.h == 0 || r.w == 0)
		return;
	assert_true(r.x >= 0 && r.y >= 0);
	assert_true(r.x + r.w <= cols);
	assert_true(r.y + r.h <= rows);
}

static int overlap(struct layout_rect a, struct layout_rect b)
{
	if (a.h == 0 || a.w == 0 || b.h == 0 || b.w == 0)
		return 0;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

static void check_layout(int cols, int rows, uint32_t nodes, bool big,
                         const struct layout_extras *extras)
{
	struct layout l;
	struct layout_rect parts[11];

	layout_compute_with(cols, rows, nodes, big, extras, &l);
	assert_false(l.too_small);
	parts[0] = l.header;
	parts[1] = l.banner;
	parts[2] = l.big;
	parts[3] = l.vectors;
	parts[4] = l.messages;
	parts[5] = l.events;
	parts[6] = l.status;
	parts[7] = l.faults;
	parts[8] = l.numbers;
	parts[9] = l.reader;
	parts[10] = l.caption;
	for (int i = 0; i < 11; i++) {
		assert_inside(parts[i], cols, rows);
		for (int j = i + 1; j < 11; j++)
			assert_false(overlap(parts[i], parts[j]));
	}
	/* Room for the labels, a node, the truth; and a title and lines
	 * for the rest. */
	assert_true(l.vectors.h >= LAYOUT_MIN_PART);
	assert_true(l.messages.h >= LAYOUT_MIN_PART);
	assert_true(l.events.h >= LAYOUT_MIN_PART);
	assert_int_equal(l.status.y, rows - 1);
	assert_int_equal(l.big.h > 0, big);
	assert_int_equal(l.numbers.h, 1);
	if (extras != NULL) {
		assert_int_equal(l.faults.h, extras->faults ? 1 : 0);
		assert_int_equal(l.reader.h, extras->reader ? 1 : 0);
		assert_true(l.caption.h <= extras->caption_rows);
		/* Two rows a node: the labels, a node's P and N, the
		 * truth's P and N, whatever the caption asks for. */
		if (extras->rows_per_node == 2)
			assert_true(l.vectors.h >= 5);
		/* The caption sits just above the status line. */
		if (l.caption.h > 0)
			assert_int_equal(l.caption.y + l.caption.h, rows - 1);
	}
}

static void test_every_part_fits_and_none_overlap(void **state)
{
	static const uint32_t node_counts[] = {
	    1, 2, 4, 9, 64, 100, SIM_MAX_NODES};

	(void)state;
	for (int cols = LAYOUT_MIN_COLS; cols <= 260; cols += 7) {
		for (int rows = LAYOUT_MIN_ROWS; rows <= 90; rows += 3) {
			for (size_t k = 0; k < 7; k++) {
				for (int big = 0; big < 2; big++) {
					struct layout_extras all = {
					    .faults = true,
					    .reader = true,
					    .caption_rows = 5};
					struct layout_extras huge = {
					    .faults = true, .caption_rows = 40};
					/* A PN-Counter: two rows a node. */
					struct layout_extras pn = {
					    .faults = true,
					    .caption_rows = 40,
					    .rows_per_node = 2};

					check_layout(cols, rows, node_counts[k],
					             big, NULL);
					check_layout(cols, rows, node_counts[k],
					             big, &all);
					check_layout(cols, rows, node_counts[k],
					             big, &huge);
					check_layout(cols, rows, node_counts[k],
					             big, &pn);
				}
			}
		}
	}
}

static void test_a_caption_fits_at_80x24(void **state)
{
	struct layout l;
	struct layout_extras extras = {
	    .faults = true, .reader = true, .caption_rows = 3};

	(void)state;
	/* Three lines of caption: a 160-byte caption at 80 columns. */
	layout_compute_with(80, 24, 4, false, &extras, &l);
	assert_int_equal(l.caption.h, 3);
	layout_compute_with(80, 24, 4, true, &extras, &l);
	assert_int_equal(l.caption.h, 3);
}

static void test_below_80x24_is_too_small(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(79, 24, 4, false, &l);
	assert_true(l.too_small);
	layout_compute(80, 23, 4, false, &l);
	assert_true(l.too_small);
	layout_compute(1, 1, 4, true, &l);
	assert_true(l.too_small);
	layout_compute(80, 24, 4, false, &l);
	assert_false(l.too_small);
}

static void test_small_clusters_get_every_row(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(80, 24, 4, false, &l);
	assert_int_equal(l.vectors.h, 4 + 2);
	layout_compute(80, 24, 8, true, &l);
	assert_int_equal(l.vectors.h, 8 + 2);
}

static void test_a_pn_counter_gets_two_rows_a_node(void **state)
{
	struct layout l;
	struct layout_extras pn = {.rows_per_node = 2};
	struct layout_extras scenario = {.caption_rows = 3, .rows_per_node = 2};

	(void)state;
	/* Labels, P and N for each of 4 nodes and for the truth. */
	layout_compute_with(80, 24, 4, false, &pn, &l);
	assert_int_equal(l.vectors.h, 1 + 2 * (4 + 1));
	assert_true(l.messages.h >= LAYOUT_MIN_PART);
	assert_true(l.events.h >= LAYOUT_MIN_PART);
	/* 07-pn-counter.gcs: 3 nodes and a caption of three lines. */
	layout_compute_with(80, 24, 3, false, &scenario, &l);
	assert_int_equal(l.vectors.h, 1 + 2 * (3 + 1));
	assert_int_equal(l.caption.h, 3);
	/* Too many to show: the grid scrolls, the rest keep their rows. */
	layout_compute_with(80, 24, 12, false, &pn, &l);
	assert_true(l.vectors.h < 1 + 2 * (12 + 1));
	assert_true(l.messages.h >= LAYOUT_MIN_PART);
	assert_true(l.events.h >= LAYOUT_MIN_PART);
}

static void test_wide_screens_give_the_log_a_column(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(200, 60, 4, false, &l);
	assert_true(l.wide);
	assert_true(l.events.x > 100);
	assert_true(l.events.h > 50);
	assert_true(l.messages.h > 40);
}

static void test_scroll_keeps_the_selection_in_view(void **state)
{
	(void)state;
	/* Everything fits: no scrolling at all. */
	assert_int_equal(layout_scroll(5, 10, 8, 7), 0);
	/* Moves only as far as needed, either way. */
	assert_int_equal(layout_scroll(0, 10, 64, 9), 0);
	assert_int_equal(layout_scroll(0, 10, 64, 10), 1);
	assert_int_equal(layout_scroll(20, 10, 64, 15), 15);
	assert_int_equal(layout_scroll(0, 10, 64, 63), 54);
	/* Never leaves empty room at the end. */
	assert_int_equal(layout_scroll(60, 10, 64, 62), 54);
	for (uint32_t first = 0; first < 70; first += 3)
		for (uint32_t sel = 0; sel < 64; sel++) {
			uint32_t f = layout_scroll(first, 10, 64, sel);

			assert_true(sel >= f && sel < f + 10);
			assert_true(f + 10 <= 64);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_part_fits_and_none_overlap),
	    cmocka_unit_test(test_a_caption_fits_at_80x24),
	    cmocka_unit_test(test_below_80x24_is_too_small),
	    cmocka_unit_test(test_small_clusters_get_every_row),
	    cmocka_unit_test(test_a_pn_counter_gets_two_rows_a_node),
	    cmocka_unit_test(test_wide_screens_give_the_log_a_column),
	    cmocka_unit_test(test_scroll_keeps_the_selection_in_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
