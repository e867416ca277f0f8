/*
 * Tests for the colour roles (src/ui/theme.h): colour is never the only
 * cue. Whatever the scheme, the roles that carry meaning keep bold,
 * reverse, underline or dim, and monochrome stands in reverse video where
 * the colour schemes use a background.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>

#include "ui/theme.h"

static const unsigned long shape = A_BOLD | A_REVERSE | A_UNDERLINE | A_DIM;

static void test_meaningful_roles_have_a_cue_besides_colour(void **state)
{
	static const enum theme_role meaningful[] = {
	    ROLE_CELL_FRESH, ROLE_CELL_BEHIND, ROLE_CELL_OWN,  ROLE_SELECTED,
	    ROLE_CONVERGED,  ROLE_DIVERGED,    ROLE_RUNNING,   ROLE_PAUSED,
	    ROLE_TRUTH,      ROLE_STATUS_KEY,  ROLE_FLASH,     ROLE_LOG_FAULT,
	    ROLE_CELL_OVER,  ROLE_VALUE_OVER,  ROLE_BIG_FRESH,
	};

	(void)state;
	for (size_t i = 0; i < sizeof meaningful / sizeof meaningful[0]; i++)
		assert_true((theme_cue(meaningful[i]) & shape) != 0);
}

static void test_a_fresh_cell_is_reverse_and_bold(void **state)
{
	(void)state;
	assert_true(theme_cue(ROLE_CELL_FRESH) & A_REVERSE);
	assert_true(theme_cue(ROLE_CELL_FRESH) & A_BOLD);
	assert_true(theme_cue(ROLE_CELL_BEHIND) & A_DIM);
	/* In big digits, reverse video would turn the half blocks inside
	 * out: a fresh big cell is marked without it. */
	assert_false(theme_cue(ROLE_BIG_FRESH) & A_REVERSE);
	assert_true(theme_cue(ROLE_BIG_FRESH) != theme_cue(ROLE_CELL_OWN));
}

/* Above the truth (an op counted twice) is not "behind": another cue,
 * so it reads apart even with no colour. */
static void test_over_the_truth_is_not_behind(void **state)
{
	(void)state;
	assert_true(theme_cue(ROLE_CELL_OVER) != theme_cue(ROLE_CELL_BEHIND));
	assert_true(theme_cue(ROLE_CELL_OVER) & A_UNDERLINE);
	assert_true(theme_cue(ROLE_VALUE_OVER) != theme_cue(ROLE_VALUE_BEHIND));
}

static void test_mono_uses_reverse_for_bars(void **state)
{
	(void)state;
	assert_true(theme_scheme_attrs(THEME_MONO, ROLE_HEADER) & A_REVERSE);
	assert_true(theme_scheme_attrs(THEME_MONO, ROLE_STATUS) & A_REVERSE);
	assert_true(theme_scheme_attrs(THEME_MONO, ROLE_CONVERGED) & A_REVERSE);
	assert_true(theme_scheme_attrs(THEME_MONO, ROLE_DIVERGED) & A_REVERSE);
}

static void test_projector_is_bold(void **state)
{
	(void)state;
	assert_true(theme_scheme_attrs(THEME_PROJECTOR, ROLE_NORMAL) & A_BOLD);
	assert_true(theme_scheme_attrs(THEME_PROJECTOR, ROLE_CELL) & A_BOLD);
	assert_int_equal(theme_scheme_attrs(THEME_COUNT, ROLE_CELL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_meaningful_roles_have_a_cue_besides_colour),
	    cmocka_unit_test(test_a_fresh_cell_is_reverse_and_bold),
	    cmocka_unit_test(test_over_the_truth_is_not_behind),
	    cmocka_unit_test(test_mono_uses_reverse_for_bars),
	    cmocka_unit_test(test_projector_is_bold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
