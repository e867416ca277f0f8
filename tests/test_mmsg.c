/*
 * The Maelstrom protocol's lines (src/maelstrom/mmsg.c): what a bad line
 * is refused for, the fields read from a good one, the one spelling of
 * node and client ids, the counters recognised in a body, and the
 * abbreviation the dashboard shows. (The world: test_maelstrom.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "maelstrom/mmsg.h"

/* --- messages -------------------------------------------------------- */

static void expect_refused(const char *line, const char *why)
{
	struct mmsg m;
	char err[200] = "";

	assert_int_equal(mmsg_parse(line, strlen(line), &m, err, sizeof err),
	                 -1);
	if (strstr(err, why) == NULL)
		fail_msg("\"%s\": \"%s\" has no \"%s\"", line, err, why);
	assert_null(m.root);
}

static void test_parse_says_what_is_wrong(void **state)
{
	char *big = malloc(MMSG_MAX_LINE + 2);

	(void)state;
	expect_refused("hello", "not JSON");
	expect_refused("[1,2]", "not a JSON object");
	expect_refused("{\"dest\":\"n0\",\"body\":{}}", "no string \"src\"");
	expect_refused("{\"src\":\"c1\",\"dest\":\"n0\"}",
	               "no object \"body\"");
	expect_refused("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{}}",
	               "no string body.type");
	expect_refused("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":"
	               "\"x\",\"msg_id\":-1}}",
	               "body.msg_id is not a non-negative integer");
	expect_refused("{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":"
	               "\"x\",\"in_reply_to\":\"3\"}}",
	               "body.in_reply_to");
	expect_refused("{\"src\":\"a\",\"src\":\"b\",\"dest\":\"n0\","
	               "\"body\":{\"type\":\"x\"}}",
	               "not JSON");
	assert_non_null(big);
	memset(big, ' ', MMSG_MAX_LINE + 1);
	big[MMSG_MAX_LINE + 1] = '\0';
	expect_refused(big, "the limit is");
	free(big);
}

static void test_parse_reads_the_fields(void **state)
{
	const char *line = "{\"src\":\"n1\",\"dest\":\"c2\",\"body\":{\"type\":"
	                   "\"read_ok\",\"msg_id\":7,\"in_reply_to\":3,"
	                   "\"value\":12}}";
	struct mmsg m;

	(void)state;
	assert_int_equal(mmsg_parse(line, strlen(line), &m, NULL, 0), 0);
	assert_string_equal(m.src, "n1");
	assert_string_equal(m.dest, "c2");
	assert_string_equal(m.type, "read_ok");
	assert_true(m.has_msg_id && m.has_reply);
	assert_int_equal(m.msg_id, 7);
	assert_int_equal(m.in_reply_to, 3);
	mmsg_clear(&m);
}

static void test_ids_have_one_spelling(void **state)
{
	uint32_t i = 99;

	(void)state;
	assert_true(mmsg_node_index("n0", 16, &i) && i == 0);
	assert_true(mmsg_node_index("n15", 16, &i) && i == 15);
	assert_false(mmsg_node_index("n16", 16, &i));
	assert_false(mmsg_node_index("n01", 16, &i));
	assert_false(mmsg_node_index("n", 16, &i));
	assert_false(mmsg_node_index("n1x", 16, &i));
	assert_false(mmsg_node_index("n99999999999", 16, &i));
	assert_false(mmsg_client_index("c0", &i));
	assert_true(mmsg_client_index("c4", &i) && i == 4);
}

static json_t *body_of(const char *text)
{
	json_t *body = json_loads(text, 0, NULL);

	assert_non_null(body);
	return body;
}

static void test_counters_are_recognised(void **state)
{
	uint64_t c[8];
	json_t *b;

	(void)state;
	b = body_of("{\"type\":\"gossip\",\"counter\":{\"n0\":3,\"n2\":5}}");
	assert_int_equal(mmsg_counter(b, 3, c), 3);
	assert_int_equal(c[0], 3);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 5);
	json_decref(b);
	/* A PN-Counter: two objects, P then N, here one level down. */
	b = body_of("{\"type\":\"g\",\"state\":{\"inc\":{\"n0\":4},"
	            "\"dec\":{\"n1\":1}}}");
	assert_int_equal(mmsg_counter(b, 2, c), 4);
	assert_int_equal(c[0], 4);
	assert_int_equal(c[3], 1);
	json_decref(b);
	b = body_of("{\"type\":\"g\",\"counter\":{\"n0\":3,\"x\":1}}");
	assert_int_equal(mmsg_counter(b, 3, c), 0);
	json_decref(b);
	b = body_of("{\"type\":\"g\",\"counter\":{\"n0\":-3}}");
	assert_int_equal(mmsg_counter(b, 3, c), 0);
	json_decref(b);
}

static void test_abbrev_leads_with_the_type(void **state)
{
	char buf[24];
	json_t *b = body_of("{\"type\":\"gossip\",\"msg_id\":3,\"counter\":"
	                    "{\"n0\":3,\"n1\":4,\"n2\":5}}");

	(void)state;
	mmsg_abbrev(b, buf, sizeof buf);
	assert_int_equal(strlen(buf), sizeof buf - 1);
	assert_memory_equal(buf, "gossip {\"counter\":", 18);
	assert_string_equal(buf + sizeof buf - 4, "...");
	json_decref(b);
	b = body_of("{\"type\":\"add_ok\",\"in_reply_to\":3}");
	mmsg_abbrev(b, buf, sizeof buf);
	assert_string_equal(buf, "add_ok");
	json_decref(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_says_what_is_wrong),
	    cmocka_unit_test(test_parse_reads_the_fields),
	    cmocka_unit_test(test_ids_have_one_spelling),
	    cmocka_unit_test(test_counters_are_recognised),
	    cmocka_unit_test(test_abbrev_leads_with_the_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
