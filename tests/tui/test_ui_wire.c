/*
 * Tests for what a message carries, in words (src/view/wire.h): a delta is
 * its pairs and says how few slots it carries, ops name their origin and
 * (in op-reliable) their numbers, the control messages say what they ask,
 * nothing runs past its room, and a copy the network made is told as one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "view/text.h"
#include "view/wire.h"

static struct wire_context context(bool utf8, uint32_t nodes, bool pn,
                                   bool numbered)
{
	return (struct wire_context){.glyphs = glyphs_get(utf8),
	                             .nodes = nodes,
	                             .pn = pn,
	                             .numbered = numbered};
}

static void test_a_delta_is_its_pairs_and_what_it_leaves_out(void **state)
{
	static const uint32_t slots[] = {2, 6};
	static const uint64_t values[] = {5, 2};
	const struct sim_payload_view m = {.form = PAYLOAD_DELTA,
	                                   .count = 2,
	                                   .slots = slots,
	                                   .values = values};
	static const uint32_t slots3[] = {2, 6, 7};
	static const uint64_t values3[] = {5, 2, 10};
	struct sim_payload_view m3 = {
	    .form = PAYLOAD_DELTA, .slots = slots3, .values = values3};
	struct wire_context c = context(true, 8, false, false);
	char buf[128];

	(void)state;
	wire_delta(&c, &m, 80, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 n3=5 n7=2 (2 of 8 slots)");
	/* Short of room, the note goes first, then pairs, with a count. */
	wire_delta(&c, &m, 11, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 n3=5 n7=2");
	wire_delta(&c, &m, 10, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 2 slots");
	m3.count = 3;
	wire_delta(&c, &m3, 16, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 n3=5 +2 more");
	wire_delta(&c, &m3, 80, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 n3=5 n7=2 n8=10 (3 of 8 slots)");
	c = context(false, 8, false, false);
	wire_delta(&c, &m, 80, buf, sizeof buf);
	assert_string_equal(buf, "delta n3=5 n7=2 (2 of 8 slots)");
	c.pairs_only = true;
	wire_delta(&c, &m, 80, buf, sizeof buf);
	assert_string_equal(buf, "delta n3=5 n7=2");
}

static void test_a_pn_delta_names_its_halves(void **state)
{
	static const uint32_t slots[] = {0, 5};
	static const uint64_t values[] = {3, 1};
	const struct sim_payload_view m = {.form = PAYLOAD_DELTA,
	                                   .count = 2,
	                                   .slots = slots,
	                                   .values = values};
	struct wire_context c = context(true, 4, true, false);
	struct sim_payload_view none = {.form = PAYLOAD_DELTA};
	char buf[128];

	(void)state;
	wire_delta(&c, &m, 80, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 n1+=3 n2\u2212=1 (2 of 8 slots)");
	wire_delta(&c, &none, 80, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 nothing new");
	/* Never wider than asked, even with no room for a pair. */
	for (size_t cols = 0; cols <= 14; cols++) {
		wire_delta(&c, &none, cols, buf, sizeof buf);
		assert_true(text_columns(buf) <= cols);
		wire_delta(&c, &m, cols, buf, sizeof buf);
		assert_true(text_columns(buf) <= cols);
	}
	wire_delta(&c, &m, 9, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 2 slots");
	wire_delta(&c, &none, 8, buf, sizeof buf);
	assert_string_equal(buf, "\u0394 nothi\u2026");
}

static void test_ops_name_their_origin_and_numbers(void **state)
{
	struct sim_payload_view m = {
	    .form = PAYLOAD_OPS, .count = 1, .seq = 5, .up = 3};
	struct wire_context plain = context(true, 4, false, false);
	struct wire_context numbered = context(true, 4, false, true);
	struct wire_context pn = context(true, 4, true, false);
	char buf[128];

	(void)state;
	wire_ops(&plain, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "+3 at n2");
	wire_ops(&numbered, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "+3 at n2 #5");
	m.count = 3;
	wire_ops(&numbered, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "+3 at n2 #5\u20137");
	wire_ops(&plain, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "+3 at n2 (3 ops)");
	m.count = 1;
	m.down = 1;
	wire_ops(&pn, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "+3 \u22121 at n2");
	m.up = 0;
	wire_ops(&pn, &m, 1, buf, sizeof buf);
	assert_string_equal(buf, "\u22121 at n2");
}

static void test_a_hand_over_is_at_least_never_plus(void **state)
{
	struct sim_payload_view m = {
	    .form = PAYLOAD_OPS, .count = 1, .seq = 1, .up = 12, .absolute = 1};
	struct wire_context c = context(true, 4, false, false);
	struct wire_context ascii = context(false, 4, false, false);
	char buf[128];

	(void)state;
	wire_ops(&c, &m, 2, buf, sizeof buf);
	assert_string_equal(buf, "n3 \u2265 12 (hand-over)");
	wire_ops(&ascii, &m, 2, buf, sizeof buf);
	assert_string_equal(buf, "n3 >= 12 (hand-over)");
	m.count = 3;
	wire_ops(&c, &m, 2, buf, sizeof buf);
	assert_string_equal(buf, "n3's hand-over and 2 ops (3 ops)");
}

static void test_control_messages_say_what_they_ask(void **state)
{
	const struct sim_payload_view ack = {
	    .form = PAYLOAD_NONE, .seq = 7, .dest = 3};
	struct wire_context c = context(true, 4, false, true);
	char buf[128];

	(void)state;
	wire_text(&c, MSG_ACK, &ack, 1, 80, buf, sizeof buf);
	assert_string_equal(buf, "ack n4 #7");
	wire_text(&c, MSG_NACK, &ack, 1, 80, buf, sizeof buf);
	assert_string_equal(buf, "nack n4: missed one, send everything");
	wire_text(&c, MSG_PULL, NULL, 1, 80, buf, sizeof buf);
	assert_string_equal(buf, "asks for its state");
	/* Cut to the room, with the ellipsis. */
	wire_text(&c, MSG_NACK, &ack, 1, 10, buf, sizeof buf);
	assert_string_equal(buf, "nack n4: \u2026");
	assert_int_equal(text_columns(buf), 10);
}

static void test_a_state_is_its_vector(void **state)
{
	uint64_t slots[] = {3, 0, 1};
	const struct gcounter g = {.n = 3, .slots = slots};
	const struct sim_payload_view m = {
	    .form = PAYLOAD_STATE, .vector = &g, .count = 3};
	struct wire_context c = context(true, 3, false, false);
	char buf[128];

	(void)state;
	assert_true(wire_is_state(&m));
	wire_text(&c, MSG_STATE, &m, 0, 80, buf, sizeof buf);
	assert_string_equal(buf, "[3,0,1]");
}

static void test_nothing_runs_past_its_room(void **state)
{
	uint32_t slots[64];
	uint64_t values[64];
	struct sim_payload_view m = {.form = PAYLOAD_DELTA,
	                             .count = 64,
	                             .slots = slots,
	                             .values = values};
	struct wire_context c = context(true, 1024, true, true);
	char buf[256];

	(void)state;
	for (uint32_t i = 0; i < 64; i++) {
		slots[i] = i * 31;
		values[i] = 1000000 + i;
	}
	for (size_t cols = 0; cols < 120; cols++) {
		wire_text(&c, MSG_STATE, &m, 3, cols, buf, sizeof buf);
		assert_true(text_columns(buf) <= cols || cols < 2);
	}
	/* A tiny buffer is never overrun. */
	wire_text(&c, MSG_STATE, &m, 3, 200, buf, 8);
	assert_true(strlen(buf) < 8);
}

/* A record as the engine sends them, for the copy tracker. */
static struct sim_record record(enum sim_record_kind kind, uint64_t id,
                                uint32_t from, uint32_t to, uint64_t t)
{
	return (struct sim_record){.kind = kind,
	                           .message_id = id,
	                           .from = from,
	                           .to = to,
	                           .origin = 1,
	                           .time_us = t};
}

static void test_a_second_copy_is_told_as_one(void **state)
{
	struct wire_copies copies;
	struct sim_record r;

	(void)state;
	wire_copies_reset(&copies);
	/* Message 5 from n2 to n1, duplicated: the second arrival only. */
	r = record(REC_SEND, 5, 1, 0, 10);
	assert_false(wire_copies_observe(&copies, &r));
	r = record(REC_DUPLICATE, 5, 1, 0, 10);
	assert_false(wire_copies_observe(&copies, &r));
	r = record(REC_DELIVER, 5, 1, 0, 40);
	assert_false(wire_copies_observe(&copies, &r));
	r = record(REC_DELIVER, 5, 1, 0, 50);
	assert_true(wire_copies_observe(&copies, &r));
	/* A message never duplicated arrives once, plainly. */
	r = record(REC_DELIVER, 6, 1, 0, 60);
	assert_false(wire_copies_observe(&copies, &r));
}

static void test_the_relay_forwarding_a_copy_makes_copies(void **state)
{
	struct wire_copies copies;
	struct sim_record r;

	(void)state;
	wire_copies_reset(&copies);
	r = record(REC_DUPLICATE, 7, 1, SIM_RELAY, 10);
	wire_copies_observe(&copies, &r);
	r = record(REC_DELIVER, 7, 1, SIM_RELAY, 30);
	assert_false(wire_copies_observe(&copies, &r));
	r = record(REC_SEND, 8, SIM_RELAY, 0, 30);
	assert_false(wire_copies_forwarded(&copies, &r));
	wire_copies_observe(&copies, &r);
	/* The second copy reaches the relay: what it forwards now is one
	 * more copy at every worker. */
	r = record(REC_DELIVER, 7, 1, SIM_RELAY, 35);
	assert_true(wire_copies_observe(&copies, &r));
	r = record(REC_SEND, 9, SIM_RELAY, 0, 35);
	wire_copies_observe(&copies, &r);
	assert_true(wire_copies_forwarded(&copies, &r));
	r = record(REC_DELIVER, 8, SIM_RELAY, 0, 60);
	assert_false(wire_copies_observe(&copies, &r));
	r = record(REC_DELIVER, 9, SIM_RELAY, 0, 65);
	assert_true(wire_copies_observe(&copies, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_delta_is_its_pairs_and_what_it_leaves_out),
	    cmocka_unit_test(test_a_pn_delta_names_its_halves),
	    cmocka_unit_test(test_ops_name_their_origin_and_numbers),
	    cmocka_unit_test(test_a_hand_over_is_at_least_never_plus),
	    cmocka_unit_test(test_control_messages_say_what_they_ask),
	    cmocka_unit_test(test_a_state_is_its_vector),
	    cmocka_unit_test(test_nothing_runs_past_its_room),
	    cmocka_unit_test(test_a_second_copy_is_told_as_one),
	    cmocka_unit_test(test_the_relay_forwarding_a_copy_makes_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
