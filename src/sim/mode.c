/*
 * The table of modes and the lookups by name and index. Adding a mode is
 * one new file with its `const struct mode`, its enum sim_mode constant and
 * one line here. It sits above the mode tables: nothing they call names it.
 */
#include "sim/mode.h"

#include <string.h>

#include "sim/strategy.h"

static const struct mode *const all_modes[MODE_COUNT] = {
    [MODE_STATE] = &mode_state,
    [MODE_DELTA] = &mode_delta,
    [MODE_OP] = &mode_op,
    [MODE_OP_RELIABLE] = &mode_op_reliable,
};

const struct mode *const *mode_all(size_t *count)
{
	*count = MODE_COUNT;
	return all_modes;
}

const struct mode *mode_get(enum sim_mode mode)
{
	return (unsigned)mode < MODE_COUNT ? all_modes[mode]
	                                   : all_modes[MODE_STATE];
}

const struct mode *mode_find(const char *name)
{
	for (int m = 0; m < MODE_COUNT; m++)
		if (strcmp(name, all_modes[m]->name) == 0)
			return all_modes[m];
	return NULL;
}

enum sim_mode mode_index(const struct mode *mode)
{
	for (int m = 0; m < MODE_COUNT; m++)
		if (all_modes[m] == mode)
			return (enum sim_mode)m;
	return MODE_STATE;
}

/* --- the names sim.h has always offered, over the table ------------------ */

const char *sim_mode_name(enum sim_mode mode)
{
	return (unsigned)mode < MODE_COUNT ? all_modes[mode]->name : "unknown";
}

const char *sim_mode_summary(enum sim_mode mode)
{
	return (unsigned)mode < MODE_COUNT ? all_modes[mode]->summary : "";
}

bool sim_mode_find(const char *name, enum sim_mode *mode)
{
	const struct mode *found = mode_find(name);

	if (found == NULL)
		return false;
	*mode = mode_index(found);
	return true;
}

bool sim_mode_fits_strategy(enum sim_mode mode, const struct strategy *strategy)
{
	return !mode_get(mode)->needs_reach_all || strategy->reaches_all;
}
