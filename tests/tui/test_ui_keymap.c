/*
 * Tests for the keys (src/ui/keymap.h): each key the issue promises does
 * what it says, clickers' keys step, and every action has a key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>

#include "ui/keymap.h"

static void assert_key(int key, enum keymap_action action, int arg)
{
	struct keymap_hit hit = keymap_lookup(key);

	assert_int_equal(hit.action, action);
	assert_int_equal(hit.arg, arg);
}

static void test_digits_increment_their_node(void **state)
{
	(void)state;
	for (int k = '1'; k <= '9'; k++)
		assert_key(k, ACTION_INCREMENT_NODE, k - '1');
	assert_key('0', ACTION_NONE, 0);
}

static void test_the_promised_keys(void **state)
{
	(void)state;
	assert_key(KEY_UP, ACTION_SELECT_PREV, 0);
	assert_key(KEY_DOWN, ACTION_SELECT_NEXT, 0);
	assert_key('\t', ACTION_SELECT_NEXT, 0);
	assert_key(KEY_BTAB, ACTION_SELECT_PREV, 0);
	assert_key('\r', ACTION_INCREMENT_SELECTED, 0);
	assert_key('\n', ACTION_INCREMENT_SELECTED, 0);
	assert_key(KEY_ENTER, ACTION_INCREMENT_SELECTED, 0);
	assert_key('g', ACTION_GOSSIP_SELECTED, 0);
	assert_key(' ', ACTION_PAUSE, 0);
	assert_key('+', ACTION_FASTER, 0);
	assert_key('-', ACTION_SLOWER, 0);
	assert_key('r', ACTION_RESTART, 0);
	assert_key('b', ACTION_BIG, 0);
	assert_key('?', ACTION_HELP, 0);
	assert_key(27, ACTION_CLOSE, 0);
	assert_key('q', ACTION_QUIT, 0);
}

static void test_clickers_step(void **state)
{
	(void)state;
	assert_key('.', ACTION_STEP, 0);
	assert_key(KEY_NPAGE, ACTION_STEP, 0);
}

static void test_every_action_has_a_key(void **state)
{
	bool seen[ACTION_COUNT] = {false};

	(void)state;
	for (int key = 0; key < KEY_MAX; key++)
		seen[keymap_lookup(key).action] = true;
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++)
		assert_true(seen[a]);
}

static void test_help_and_hints_are_listed(void **state)
{
	size_t help, hints;
	const struct keymap_help *rows = keymap_help(&help);
	const struct keymap_help *status = keymap_hints(&hints);

	(void)state;
	assert_true(help >= 11);
	assert_true(hints >= 5);
	for (size_t i = 0; i < help; i++) {
		assert_non_null(rows[i].keys_utf8);
		assert_non_null(rows[i].keys_ascii);
		assert_non_null(rows[i].what);
	}
	for (size_t i = 0; i < hints; i++)
		assert_true(status[i].priority >= 0);
}

static void test_key_names(void **state)
{
	char name[32];

	(void)state;
	keymap_key_name('x', name, sizeof name);
	assert_string_equal(name, "x");
	keymap_key_name(1, name, sizeof name);
	assert_string_equal(name, "Ctrl-A");
	keymap_key_name(KEY_F(5), name, sizeof name);
	assert_string_equal(name, "F5");
	keymap_key_name(200, name, sizeof name);
	assert_string_equal(name, "a non-ASCII key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digits_increment_their_node),
	    cmocka_unit_test(test_the_promised_keys),
	    cmocka_unit_test(test_clickers_step),
	    cmocka_unit_test(test_every_action_has_a_key),
	    cmocka_unit_test(test_help_and_hints_are_listed),
	    cmocka_unit_test(test_key_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
