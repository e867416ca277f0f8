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
#include <stdbool.h>
#include <string.h>

#include "sim/strategy.h"
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

/* Shift and a digit on a US keyboard, and Backspace (or Delete) for the
 * selected node on any keyboard: a PN-Counter counts down. */
static void test_shifted_digits_decrement_their_node(void **state)
{
	static const char shifted[] = "!@#$%^&*(";

	(void)state;
	for (int i = 0; i < 9; i++)
		assert_key(shifted[i], ACTION_DECREMENT_NODE, i);
	assert_key(')', ACTION_NONE, 0);
	assert_key(KEY_BACKSPACE, ACTION_DECREMENT_SELECTED, 0);
	assert_key(127, ACTION_DECREMENT_SELECTED, 0);
	assert_key(8, ACTION_DECREMENT_SELECTED, 0);
	assert_key(KEY_DC, ACTION_DECREMENT_SELECTED, 0);
}

/* The decrement hints are a PN-Counter's only, and every hint that is
 * not has no flag. */
static void test_decrement_hints_are_for_pn_counters(void **state)
{
	size_t count, found = 0;
	const struct keymap_help *hints = keymap_hints(&count);

	(void)state;
	for (size_t i = 0; i < count; i++) {
		bool dec = strcmp(hints[i].what, "dec") == 0;

		assert_int_equal(hints[i].pncounter, dec);
		found += dec;
	}
	assert_int_equal(found, 2);
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

static void test_the_fault_keys(void **state)
{
	(void)state;
	assert_key('s', ACTION_STRATEGY_NEXT, 0);
	assert_key('S', ACTION_STRATEGY_PREV, 0);
	assert_key('o', ACTION_MODE_NEXT, 0);
	assert_key('d', ACTION_DROP, 0);
	assert_key('u', ACTION_DUPLICATE, 0);
	assert_key('l', ACTION_LATENCY, 0);
	assert_key('p', ACTION_PARTITION, 0);
	assert_key('h', ACTION_HEAL, 0);
	assert_key('c', ACTION_CRASH, 0);
	assert_key('a', ACTION_RESTART_MODE, 0);
	assert_key('m', ACTION_RELAY, 0);
	assert_key('v', ACTION_READER, 0);
	assert_key(KEY_PPAGE, ACTION_CLICK_BACK, 0);
	assert_key(KEY_NPAGE, ACTION_CLICK_NEXT, 0);
	assert_key(',', ACTION_STEP_BACK, 0);
	assert_key('[', ACTION_MOMENT_PREV, 0);
	assert_key(']', ACTION_MOMENT_NEXT, 0);
	assert_key('{', ACTION_CHAPTER_PREV, 0);
	assert_key('}', ACTION_CHAPTER_NEXT, 0);
	assert_key('<', ACTION_TIME_BACK, 0);
	assert_key('>', ACTION_TIME_FORWARD, 0);
	assert_key(KEY_HOME, ACTION_TIME_START, 0);
	assert_key(KEY_END, ACTION_TIME_PRESENT, 0);
	assert_key('t', ACTION_TIMELINE, 0);
	assert_key('j', ACTION_JUMP_MODE, 0);
}

/* Each key bound to a letter has a help row that names it. */
static void test_every_letter_key_has_a_help_row(void **state)
{
	size_t count;
	const struct keymap_help *rows = keymap_help(&count);

	(void)state;
	for (int key = 'A'; key <= 'z'; key++) {
		char name[4] = {(char)key, 0, 0, 0};
		bool found = false;

		if (!((key >= 'A' && key <= 'Z') ||
		      (key >= 'a' && key <= 'z')) ||
		    keymap_lookup(key).action == ACTION_NONE)
			continue;
		/* Q is q with the shift held down: one row says both. */
		if (key >= 'A' && key <= 'Z' &&
		    keymap_lookup(key).action ==
		        keymap_lookup(key - 'A' + 'a').action)
			name[0] = (char)(key - 'A' + 'a');
		for (size_t i = 0; i < count && !found; i++) {
			const char *k = rows[i].keys_ascii;
			size_t len = strlen(k);

			/* "d", "s / S", "q or Ctrl-C", "r" */
			for (size_t j = 0; j < len && !found; j++)
				found = k[j] == name[0] &&
				        (j == 0 || k[j - 1] == ' ') &&
				        (j + 1 == len || k[j + 1] == ' ');
		}
		if (!found)
			fail_msg("key '%c' has no help row", key);
	}
}

static void test_clickers_step(void **state)
{
	(void)state;
	assert_key('.', ACTION_STEP, 0);
	/* Page Down steps too, or jumps to the next moment after j. */
	assert_key(KEY_NPAGE, ACTION_CLICK_NEXT, 0);
	assert_key(KEY_PPAGE, ACTION_CLICK_BACK, 0);
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
	keymap_key_name(8, name, sizeof name);
	assert_string_equal(name, "Backspace");
	keymap_key_name(200, name, sizeof name);
	assert_string_equal(name, "a non-ASCII key");
}

/* The mode key's help names the strategies that carry ops as the
 * registry does. */
static void test_the_mode_key_names_the_strategies_that_carry_ops(void **state)
{
	size_t count;
	const struct keymap_help *rows = keymap_help(&count);
	char fit[128];
	bool found = false;

	(void)state;
	strategy_names_reaching_all(" or ", fit, sizeof fit);
	for (size_t i = 0; i < count; i++)
		if (strcmp(rows[i].keys_ascii, "o") == 0) {
			found = true;
			if (strstr(rows[i].what, fit) == NULL)
				fail_msg("'o' says '%s', not '%s'",
				         rows[i].what, fit);
		}
	assert_true(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digits_increment_their_node),
	    cmocka_unit_test(test_shifted_digits_decrement_their_node),
	    cmocka_unit_test(test_decrement_hints_are_for_pn_counters),
	    cmocka_unit_test(test_the_promised_keys),
	    cmocka_unit_test(test_the_fault_keys),
	    cmocka_unit_test(test_every_letter_key_has_a_help_row),
	    cmocka_unit_test(test_clickers_step),
	    cmocka_unit_test(test_every_action_has_a_key),
	    cmocka_unit_test(test_help_and_hints_are_listed),
	    cmocka_unit_test(test_key_names),
	    cmocka_unit_test(
	        test_the_mode_key_names_the_strategies_that_carry_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
